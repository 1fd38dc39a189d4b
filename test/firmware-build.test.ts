// The firmware judged by the real toolchain, wherever it is installed (test/support/sdks.ts):
// - the device TypeScript type-checks against the Moddable SDK's own typings;
// - `mcconfig -p esp32/esp32c3` generates the build, and the generated makefile's XS steps (tsc, xsc,
//   xsid, xsl with the manifest's preloads, up to mc.xs.c) finish with 0 errors and 0 warnings.
// Without the SDK each check prints one "[skip]" line. docs/device.md ("Real toolchain") says how to
// install the SDKs and what is not verified here (linking, flashing, the radio).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkTypings, typeCheck } from "./support/moddable-typings.js";
import { ENABLE_MODDABLE, ENABLE_MODDABLE_TOOLS, IDF_PATH, MODDABLE, MODDABLE_BIN, reportSkip } from "./support/sdks.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = mkdtempSync(join(tmpdir(), "mf-firmware-"));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const deviceSources = () => [
  join(ROOT, "main.ts"),
  ...readdirSync(join(ROOT, "device"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")).map((f) => join(ROOT, "device", f)),
  ...readdirSync(join(ROOT, "native")).filter((f) => f.endsWith(".ts")).map((f) => join(ROOT, "native", f)),
];

describe("device TypeScript against the Moddable SDK's typings", () => {
  if (!MODDABLE) reportSkip("device TypeScript vs $MODDABLE/typings", ENABLE_MODDABLE);

  it.runIf(MODDABLE)("main.ts, device/ and native/*.ts have no type errors", () => {
    const files = deviceSources();
    expect(files.length).toBeGreaterThanOrEqual(20);
    expect(typeCheck(files, sdkTypings(MODDABLE!)).map((m) => m.replace(ROOT, ""))).toEqual([]);
  }, 120_000);

  it.runIf(MODDABLE)("a misuse of an SDK module is reported (the SDK's typings are in effect)", () => {
    const bad = join(OUT, "misuse.ts");
    writeFileSync(bad, 'import Timer, { type TimerID } from "timer";\nexport const t: TimerID = Timer.set(() => {}, "1");\n');
    const messages = typeCheck([bad], sdkTypings(MODDABLE!)).join("\n");
    expect(messages).toMatch(/no exported member 'TimerID'/);
    expect(messages).toMatch(/string.*not assignable.*number/);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// mcconfig and the XS half of its makefile. mcconfig only writes the build (makefile, manifest_flat,
// mc.config.js, sdkconfig.mc, partitions.csv); `mcconfig -m` would then run the whole makefile, whose
// C half needs Espressif's riscv32-esp-elf GCC and idf.py. The XS half needs neither: `make <mc.xs.c>`
// with SDKCONFIG_H empty (mc.xs.c lists sdkconfig.h, made by `idf.py reconfigure`, only as an ordering
// prerequisite) runs tsc, xsc, xsid and xsl. The makefile stops at parse time without IDF_PATH and an
// IDF version, so without ESP-IDF both are given on the command line (the XS steps read neither).

export interface McconfigBuild {
  /** The generated build directory ($(TMP_DIR)). */
  dir: string;
  makefile: string;
}

export function mcconfig(kind: "debug" | "release"): McconfigBuild {
  const output = join(OUT, kind);
  mkdirSync(output, { recursive: true });
  const args = [...(kind === "debug" ? ["-d"] : []), "-p", "esp32/esp32c3", "-o", output];
  const r = spawnSync(join(MODDABLE_BIN!, "mcconfig"), args, { cwd: ROOT, encoding: "utf8", env: toolEnv() });
  expect(`${r.stdout}${r.stderr}`).toBe("");
  expect(r.status).toBe(0);
  const dir = join(output, "tmp/esp32/esp32c3", kind, basename(ROOT));
  return { dir, makefile: join(dir, "makefile") };
}

function toolEnv(): NodeJS.ProcessEnv {
  const path = [MODDABLE_BIN, join(ROOT, "node_modules/.bin"), process.env.PATH].join(":");
  return { ...process.env, MODDABLE: MODDABLE!, PATH: path, ...(IDF_PATH ? { IDF_PATH } : {}) };
}

export function makeVariables(): string[] {
  return IDF_PATH ? [] : ["IDF_PATH=/nonexistent", "IDF_VERSION=none"];
}

describe("mcconfig -p esp32/esp32c3 and the makefile's XS steps", () => {
  if (!MODDABLE_BIN) reportSkip("mcconfig + tsc/xsc/xsid/xsl build of the firmware", MODDABLE ? ENABLE_MODDABLE_TOOLS : ENABLE_MODDABLE);
  let build: McconfigBuild;
  let log = "";
  let status = -1;

  beforeAll(() => {
    if (!MODDABLE_BIN) return;
    build = mcconfig("release");
    const r = spawnSync("make", ["-f", build.makefile, "SDKCONFIG_H=", ...makeVariables(), join(build.dir, "mc.xs.c")], {
      cwd: ROOT, encoding: "utf8", env: toolEnv(), maxBuffer: 64 << 20,
    });
    log = `${r.stdout}${r.stderr}`;
    status = r.status ?? -1;
    const summary = log.split("\n").filter((l) => /^### \d+ instances/.test(l));
    console.log(`[firmware] xsl: ${summary.join(" ") || "no summary"}; ${(log.match(/^# tsc /gm) ?? []).length} tsc, ${(log.match(/^# xsc /gm) ?? []).length} xsc, ${(log.match(/^# xsid /gm) ?? []).length} xsid`);
  }, 1_200_000);

  it.runIf(MODDABLE_BIN)("tsc, xsc, xsid and xsl run and write mc.xs.c", () => {
    expect(log).toMatch(/^# tsc main\.ts$/m);
    expect(log).toMatch(/^# xsl modules$/m);
    expect(status, log).toBe(0);
    expect(existsSync(join(build.dir, "mc.xs.c"))).toBe(true);
  });

  it.runIf(MODDABLE_BIN)("0 errors and 0 warnings", () => {
    const problems = log.split("\n").filter((l) => /error|warning|failure/i.test(l));
    expect(problems).toEqual([]);
  });

  it.runIf(MODDABLE_BIN)("xsl linked every manifest module and preloaded the manifest's preloads", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")) as { preload: string[] };
    const flat = JSON.parse(readFileSync(join(build.dir, "manifest_flat.json"), "utf8")) as { preload: string[]; errors: unknown[]; warnings: unknown[] };
    expect(flat.errors).toEqual([]);
    expect(flat.warnings).toEqual([]);
    for (const p of manifest.preload) expect(flat.preload).toContain(p);
    const makefile = readFileSync(build.makefile, "utf8");
    const preloads = makefile.slice(makefile.indexOf("\nPRELOADS =")).split(/\n\s*\n/)[0];
    for (const p of manifest.preload) expect(preloads).toContain(`-p ${p}.xsb`);
    for (const m of ["main", "device/app", "modules/tlv/tlv", "native/ble_adv", "native/factory_nvs"]) expect(existsSync(join(build.dir, "modules", `${m}.xsb`)), m).toBe(true);
  });
});
