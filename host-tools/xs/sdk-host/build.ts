// Builds a command host on the Moddable SDK's own XS engine: mcconfig's Linux command-line target
// (x-cli-lin) links a manifest's modules and preloads through xsl into mc.xs.c, and host.c (beside
// this file) is the main() that target leaves to the app. The host speaks xsnap's netstring protocol,
// so host-tools/xs/driver.ts drives it (`startXsnap({ binary })`).
//
// The build is the SDK's own: `mcconfig -p x-cli-lin -o <dir> <manifest>` writes the makefile, `make`
// runs it (tsc, xsc, xsid, xsl, cc). One make variable is set: CC gets -DmxMetering=1, the XS option
// that compiles its meter in (xs/sources/xsAll.h; the SDK's xst sets it only for its fuzzing build), so
// the host reports computrons like xsnap. Nothing of the SDK is copied or kept in the repository.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { REPO_ROOT } from "../bundle.js";

/** host.c, the host's main() (from the package root: this file also runs bundled into dist/). */
export const HOST_C = join(REPO_ROOT, "host-tools/xs/sdk-host/host.c");

export interface SdkHostBuild {
  /** The linked host program. */
  binary: string;
  /** What mcconfig and make printed (tsc/xsc/xsid/xsl/cc steps, xsl's summary line). */
  log: string;
  /** xsl's summary, e.g. "### 812 instances, 2151 keys, 70 colors, 0 holes". */
  xslSummary?: string;
}

export interface SdkHostOptions {
  /** The Moddable SDK checkout. */
  moddable: string;
  /** Folder with the SDK's Linux tools (mcconfig, xsc, xsl…). */
  moddableBin: string;
  /** The host manifest (it lists host.c among its modules; see sdkHostModules). */
  manifest: string;
  /** Output folder (mcconfig -o). */
  outDir: string;
  /** Extra PATH entries for the build (e.g. node_modules/.bin for tsc). */
  path?: string[];
  /** Compile XS's meter in (default true). */
  metering?: boolean;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  if (r.status !== 0) {
    const tail = out.trim().split("\n").slice(-12).join("\n");
    throw new Error(`${command} ${args.join(" ")} failed (${r.status ?? r.signal ?? r.error?.message}):\n${tail}`);
  }
  return out;
}

/** Runs mcconfig -p x-cli-lin on the manifest and make on the makefile it writes. */
export function buildSdkHost(options: SdkHostOptions): SdkHostBuild {
  mkdirSync(options.outDir, { recursive: true });
  const env = { ...process.env, MODDABLE: options.moddable, PATH: [options.moddableBin, ...(options.path ?? []), process.env.PATH].join(":") };
  const dir = dirname(options.manifest);
  let log = run(join(options.moddableBin, "mcconfig"), ["-p", "x-cli-lin", "-o", options.outDir, options.manifest], dir, env);
  const name = (JSON.parse(readFileSync(options.manifest, "utf8")).build?.NAME as string | undefined) ?? basename(dir);
  const makefile = findMakefile(options.outDir, name);
  const cc = options.metering === false ? [] : ["CC=cc -DmxMetering=1"];
  log += run("make", ["-f", makefile, ...cc], dir, env);
  const binDir = join(options.outDir, "bin/lin/release");
  const binary = join(binDir, name);
  if (!existsSync(binary)) throw new Error(`make finished but ${binary} is missing`);
  const xslSummary = /^### \d+ instances.*$/m.exec(log)?.[0];
  return { binary, log, xslSummary };
}

/** mcconfig names the build after the manifest's folder (or build.NAME). */
function findMakefile(outDir: string, name: string): string {
  const file = join(outDir, "tmp/lin/release", name, "makefile");
  if (!existsSync(file)) throw new Error(`mcconfig wrote no makefile at ${file}`);
  return file;
}

/** Writes a manifest file (JSON) and returns its path. */
export function writeManifest(dir: string, manifest: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "manifest.json");
  writeFileSync(file, JSON.stringify(manifest, null, "\t") + "\n");
  return file;
}
