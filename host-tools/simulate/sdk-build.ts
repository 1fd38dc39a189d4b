// The simulation on the Moddable SDK's own XS engine, linked the way the device links the firmware:
// a host manifest made from the repository's manifest.json — the same module lists (main.ts,
// device/, modules/, @noble/*) and the same preload list, compiled by the SDK's tsc/xsc steps and
// linked by xsl — with the simulated board (sim/) where the device has Moddable's modules and our
// native C, and host-tools/xs/sdk-host/host.c as main(). mcconfig's x-cli-lin target builds it.
//
// What differs from the device link, and why:
// - "flash", "timer", "embedded:storage/key-value", "mc/config", "native/factory_nvs" and
//   "native/ble_adv" are small modules that re-export the simulated board (esbuild output in mfsim/);
//   the board itself is not firmware, so it is bundled, not listed module by module.
// - "native/factory_nvs" and "native/ble_adv" (preloaded, as in the manifest) are stand-ins with the
//   bindings' exports that forward to the board at call time and import nothing, like the bindings:
//   the board must not be preloaded (a preloaded Map is read-only at run time) and must not pull
//   firmware modules into the preload;
// - "strip" is empty: the device build strips every built-in its code does not use; the host keeps
//   them, because it evaluates the driver's commands (eval, JSON).
// - the JavaScript stack is twice the device's (hostManifest); creation "static" is left out: the device's 92 KB fixed heap holds 16-byte slots, a 64-bit host's
//   slots are 32 bytes; slot counts, not bytes, are what the budgets compare.
import { build, transformSync } from "esbuild";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { REPO_ROOT } from "../xs/bundle.js";
import { buildSdkHost, HOST_C, writeManifest, type SdkHostBuild } from "../xs/sdk-host/build.js";
import { SIMULATED_MODULES, SIMULATED_NATIVE } from "./bundle.js";

const SIM = join(REPO_ROOT, "host-tools/simulate/sim");
/** Module name prefix of the bundled simulated board. */
const BOARD = "mfsim";
/** Hands the firmware's main module to the board; imported by the engine after start-up. */
export const SDK_BOOT_MODULE = `${BOARD}/boot`;

type ModuleList = Record<string, string | string[]>;
interface FirmwareManifest {
  creation?: Record<string, unknown>;
  modules: ModuleList;
  preload?: string[];
}

const SOURCE_EXTENSIONS = [".ts", ".js"];

function sourceFile(pathNoExt: string): string | undefined {
  for (const ext of SOURCE_EXTENSIONS) if (existsSync(pathNoExt + ext) && !pathNoExt.endsWith(".d")) return pathNoExt + ext;
  return undefined;
}

/** Module name of every JS/TS source the manifest lists, by absolute path without extension. */
export function firmwareModuleNames(manifest: FirmwareManifest, root = REPO_ROOT): Map<string, string> {
  const names = new Map<string, string>();
  for (const [key, value] of Object.entries(manifest.modules)) {
    for (const entry of Array.isArray(value) ? value : [value]) {
      if (!entry.startsWith("./")) continue;
      const path = join(root, entry);
      if (entry.endsWith("/*")) {
        const dir = path.slice(0, -2);
        for (const file of readdirSync(dir)) {
          if (file.endsWith(".d.ts") || !SOURCE_EXTENSIONS.some((e) => file.endsWith(e))) continue;
          const stem = file.replace(/\.(ts|js)$/, "");
          names.set(join(dir, stem), key.replace("*", stem));
        }
      } else if (sourceFile(path)) {
        names.set(path, key === "*" ? basename(path) : key.endsWith("/*") ? key.slice(0, -1) + basename(path) : key);
      }
    }
  }
  return names;
}

function readFirmwareManifest(): FirmwareManifest {
  return JSON.parse(readFileSync(join(REPO_ROOT, "manifest.json"), "utf8")) as FirmwareManifest;
}

/** The simulated board as ES modules in `dir`; firmware modules it imports stay imports by module name. */
async function bundleBoard(dir: string, names: Map<string, string>): Promise<string[]> {
  const boot = join(dir, "boot-entry.ts");
  const natives = Object.entries(SIMULATED_NATIVE);
  writeFileSync(boot, [
    `import main from ${JSON.stringify(join(REPO_ROOT, "main.ts"))};`,
    `import { simulateFirmware } from ${JSON.stringify(join(SIM, "entry.ts"))};`,
    ...natives.map(([name, file]) => `import * as ${name} from ${JSON.stringify(join(SIM, file))};`),
    `globalThis.${NATIVE_GLOBAL} = { ${natives.map(([name]) => name).join(", ")} };`,
    "simulateFirmware(main);",
  ].join("\n"));
  const entries: Record<string, string> = { boot };
  for (const file of Object.values(SIMULATED_MODULES)) entries[file.replace(/\.ts$/, "")] = join(SIM, file);
  await build({
    entryPoints: entries,
    outdir: join(dir, BOARD),
    bundle: true,
    splitting: true,
    format: "esm",
    target: "es2022",
    platform: "neutral",
    mainFields: ["module", "main"],
    chunkNames: "chunk-[hash]",
    logLevel: "silent",
    legalComments: "none",
    plugins: [{
      name: "firmware-modules-by-name",
      setup(b) {
        b.onResolve({ filter: /^\.\.?\// }, (args) => {
          const stem = join(args.resolveDir, args.path).replace(/\.(ts|js)$/, "");
          const name = names.get(stem);
          return name ? { path: name, external: true } : undefined;
        });
      },
    }],
  });
  return readdirSync(join(dir, BOARD)).filter((f) => f.endsWith(".js"));
}

/** Global through which the native bindings' stand-ins reach the board (set by the boot module). */
const NATIVE_GLOBAL = "__mfsimNative";

/**
 * A native binding's stand-in, shaped like the binding module (native/<name>.ts): its constants as
 * written there, and each function forwarding to the board at call time. It imports nothing, like
 * the binding, so preloading it (the manifest does) preloads nothing else.
 */
function nativeStandIn(name: string): string {
  const source = readFileSync(join(REPO_ROOT, "native", `${name}.ts`), "utf8");
  const js = transformSync(source, { loader: "ts", format: "esm", target: "es2022" }).code;
  const lines = [`// Stand-in for native/${name} (generated by host-tools/simulate/sdk-build.ts).`];
  for (const m of source.matchAll(/^export const (\w+) = Object\.freeze\(/gm)) {
    const declaration = new RegExp(`^const ${m[1]} = Object\\.freeze\\(\\{[\\s\\S]*?^\\}\\);$`, "m").exec(js);
    if (!declaration) throw new Error(`native/${name}.ts: cannot read the constant ${m[1]}`);
    lines.push(`export ${declaration[0]}`);
  }
  for (const m of source.matchAll(/^export function (\w+)\(/gm)) {
    lines.push(`export function ${m[1]}(...args) { return globalThis.${NATIVE_GLOBAL}.${name}.${m[1]}.apply(this, args); }`);
  }
  return lines.join("\n") + "\n";
}

/** The Moddable modules re-export the bundled board; the native bindings get their stand-ins. */
function writeShims(dir: string): ModuleList {
  const shims = join(dir, "shims");
  mkdirSync(shims, { recursive: true });
  const modules: ModuleList = {};
  const write = (name: string, text: string) => {
    const stem = name.replace(/[^a-z_]/g, "_");
    writeFileSync(join(shims, `${stem}.js`), text);
    modules[name] = join(shims, stem);
  };
  for (const [name, file] of Object.entries(SIMULATED_MODULES)) {
    const target = JSON.stringify(`${BOARD}/${file.replace(/\.ts$/, "")}`);
    const lines = [`export * from ${target};`];
    if (/^export default /m.test(readFileSync(join(SIM, file), "utf8"))) lines.push(`export { default } from ${target};`);
    write(name, lines.join("\n") + "\n");
  }
  for (const name of Object.keys(SIMULATED_NATIVE)) write(`native/${name}`, nativeStandIn(name));
  return modules;
}

/** The host manifest: the firmware's module lists and preloads, the board, host.c. */
export function hostManifest(firmware: FirmwareManifest, dir: string): Record<string, unknown> {
  const modules: ModuleList = {};
  for (const [key, value] of Object.entries(firmware.modules)) {
    if (key.startsWith("native/")) continue; // the device's C bindings: simulated below
    const list = (Array.isArray(value) ? value : [value]).map((p) => (p.startsWith("./") ? join(REPO_ROOT, p) : p));
    modules[key] = list;
  }
  Object.assign(modules, writeShims(dir));
  modules[`${BOARD}/*`] = join(dir, BOARD, "*");
  const star = modules["*"];
  modules["*"] = [...(Array.isArray(star) ? star : star ? [star] : []), HOST_C.replace(/\.c$/, "")];
  // creation as the device's (main "main": the host imports it at start-up as the device does), but
  // twice its JavaScript stack: the board's modules (the stand-ins import it) deepen the import graph,
  // and at the device's 384 slots importing the board overflowed here.
  const { static: _static, ...creation } = firmware.creation ?? {};
  if (typeof creation.stack === "number") creation.stack *= 2;
  return {
    include: ["$(MODDABLE)/examples/manifest_typings.json"],
    creation,
    strip: [],
    typescript: { tsconfig: { compilerOptions: { types: ["$(MODDABLE)/xs/includes/xs", "$(MODDABLE)/typings/global"] } } },
    modules,
    preload: [...(firmware.preload ?? [])],
  };
}

export interface SimulationHostOptions {
  moddable: string;
  moddableBin: string;
  /** Build folder; the host is `<outDir>/bin/lin/release/matter-factory-sim`. */
  outDir: string;
}

export interface SimulationHost extends SdkHostBuild {
  manifest: Record<string, unknown>;
}

/** Builds the simulation host on the SDK's XS (about a minute of C on top of the XS steps). */
export async function buildSimulationHost(options: SimulationHostOptions): Promise<SimulationHost> {
  const dir = join(options.outDir, "matter-factory-sim");
  mkdirSync(dir, { recursive: true });
  const firmware = readFirmwareManifest();
  await bundleBoard(dir, firmwareModuleNames(firmware));
  const manifest = hostManifest(firmware, dir);
  const file = writeManifest(dir, manifest);
  const host = buildSdkHost({
    moddable: options.moddable,
    moddableBin: options.moddableBin,
    manifest: file,
    outDir: options.outDir,
    path: [join(REPO_ROOT, "node_modules/.bin")],
  });
  return { ...host, manifest };
}
