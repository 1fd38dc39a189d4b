// The firmware judged by the real toolchain, wherever it is installed (test/support/sdks.ts):
// - the device TypeScript type-checks against the Moddable SDK's own typings;
// - `mcconfig -p esp32/esp32c3` generates the build, and the generated makefile's XS steps (tsc, xsc,
//   xsid, xsl with the manifest's preloads, up to mc.xs.c) finish with 0 errors and 0 warnings.
// Without the SDK each check prints one "[skip]" line. docs/device.md ("Real toolchain") says how to
// install the SDKs and what is not verified here (linking, flashing, the radio).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sdkTypings, typeCheck } from "./support/moddable-typings.js";
import { generateSdkconfigHeader, parseSdkconfigHeader } from "./support/kconfig.js";
import {
  ENABLE_IDF, ENABLE_KCONFIG, ENABLE_MODDABLE, ENABLE_MODDABLE_TOOLS, ENABLE_NEWLIB, ENABLE_RISCV_GCC, IDF_PATH, KCONFIG_PYTHON, MODDABLE,
  MODDABLE_BIN, NEWLIB, reportSkip, RISCV_GCC,
} from "./support/sdks.js";

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
// with SDKCONFIG_H empty (mc.xs.c lists sdkconfig.h, made by `idf.py reconfigure`, as a prerequisite it
// does not read) runs tsc, xsc, xsid and xsl. mcconfig needs IDF_PATH: the manifest's include folders
// for the native C are $(IDF_PATH) paths, and the makefile reads the IDF version at parse time.

interface McconfigBuild {
  kind: "debug" | "release";
  /** The generated build directory ($(TMP_DIR)). */
  dir: string;
  makefile: string;
}

function mcconfig(kind: "debug" | "release"): McconfigBuild {
  const output = join(OUT, kind);
  mkdirSync(output, { recursive: true });
  const args = [...(kind === "debug" ? ["-d"] : []), "-p", "esp32/esp32c3", "-o", output];
  const r = spawnSync(join(MODDABLE_BIN!, "mcconfig"), args, { cwd: ROOT, encoding: "utf8", env: toolEnv() });
  expect(`${r.stdout}${r.stderr}`).toBe("");
  expect(r.status).toBe(0);
  const dir = join(output, "tmp/esp32/esp32c3", kind, basename(ROOT));
  return { kind, dir, makefile: join(dir, "makefile") };
}

function toolEnv(): NodeJS.ProcessEnv {
  const path = [MODDABLE_BIN, join(ROOT, "node_modules/.bin"), process.env.PATH].join(":");
  return { ...process.env, MODDABLE: MODDABLE!, IDF_PATH: IDF_PATH!, PATH: path };
}

const MCCONFIG = Boolean(MODDABLE_BIN && IDF_PATH);
const ENABLE_MCCONFIG = !MODDABLE ? ENABLE_MODDABLE : !MODDABLE_BIN ? ENABLE_MODDABLE_TOOLS : ENABLE_IDF;

describe("mcconfig -p esp32/esp32c3 and the makefile's XS steps", () => {
  if (!MCCONFIG) reportSkip("mcconfig + tsc/xsc/xsid/xsl build of the firmware", ENABLE_MCCONFIG);
  let build: McconfigBuild;
  let log = "";
  let status = -1;

  beforeAll(() => {
    if (!MCCONFIG) return;
    build = mcconfig("release");
    const r = spawnSync("make", ["-f", build.makefile, "SDKCONFIG_H=", join(build.dir, "mc.xs.c")], {
      cwd: ROOT, encoding: "utf8", env: toolEnv(), maxBuffer: 64 << 20,
    });
    log = `${r.stdout}${r.stderr}`;
    status = r.status ?? -1;
    const summary = log.split("\n").filter((l) => /^### \d+ instances/.test(l));
    console.log(`[firmware] xsl: ${summary.join(" ") || "no summary"}; ${(log.match(/^# tsc /gm) ?? []).length} tsc, ${(log.match(/^# xsc /gm) ?? []).length} xsc, ${(log.match(/^# xsid /gm) ?? []).length} xsid`);
  }, 1_200_000);

  it.runIf(MCCONFIG)("tsc, xsc, xsid and xsl run and write mc.xs.c", () => {
    expect(log).toMatch(/^# tsc main\.ts$/m);
    expect(log).toMatch(/^# xsl modules$/m);
    expect(status, log).toBe(0);
    expect(existsSync(join(build.dir, "mc.xs.c"))).toBe(true);
  });

  it.runIf(MCCONFIG)("0 errors and 0 warnings", () => {
    // A step line names its file ("# xsc errors.xsb", "# tsc input-error.ts"): a file name, not a failure.
    const step = /^# [\w-]+ \S+$/;
    const problems = log.split("\n").filter((l) => /error|warning|failure/i.test(l) && !step.test(l));
    expect(problems).toEqual([]);
  });

  it.runIf(MCCONFIG)("xsl linked every manifest module and preloaded the manifest's preloads", () => {
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

// ---------------------------------------------------------------------------------------------
// The native C as that build compiles it: the generated makefile's own C_DEFINES, C_INCLUDES and C_FLAGS
// (read back from the makefile with a print rule), the sdkconfig.h ESP-IDF's Kconfig tooling makes from
// the sdkconfig.mc mcconfig wrote, Debian's riscv64-unknown-elf-gcc in place of Espressif's
// riscv32-esp-elf-gcc (same -march=rv32imc; -mabi=ilp32 given because Debian's default ABI is lp64),
// newlib-esp32's C headers. Our files get -Wall -Wextra -Werror, plus the two warnings C_FLAGS turns
// off (-Wno-unused-variable, -Wno-implicit-function-declaration) turned back on as errors; SDK headers
// are -isystem. Both configurations: debug (mcconfig -d) and release (sdkconfig.defaults.release).

const NATIVE_SOURCES = readdirSync(join(ROOT, "native")).filter((f) => f.endsWith(".c")).sort();

// esp_secure_cert_mgr is an ESP Component Registry component (manifest.json: dependency
// espressif/esp_secure_cert_mgr): the build's `idf.py add-dependency` puts it under
// xsProj-esp32c3/managed_components/espressif__esp_secure_cert_mgr, the folder whose include/ the
// generated makefile already lists. Here a checkout of espressif/esp_secure_cert_mgr takes that place
// ($ESP_SECURE_CERT_MGR, else ~/esp32/esp_secure_cert_mgr; docs/device.md); its Kconfig joins kconfgen's
// input as idf.py does for managed components.
const SECURE_CERT_MGR = (() => {
  const dir = process.env.ESP_SECURE_CERT_MGR || join(homedir(), "esp32/esp_secure_cert_mgr");
  return existsSync(join(dir, "include/esp_secure_cert_read.h")) ? dir : undefined;
})();
const SECURE_CERT_SOURCE = "secure_cert.c";
const ENABLE_SECURE_CERT_MGR = "check out espressif/esp_secure_cert_mgr at ~/esp32/esp_secure_cert_mgr or set ESP_SECURE_CERT_MGR (docs/device.md)";

function provideManagedComponents(build: McconfigBuild): string[] {
  if (!SECURE_CERT_MGR) return [];
  const managed = join(build.dir, "xsProj-esp32c3/managed_components");
  mkdirSync(managed, { recursive: true });
  const target = join(managed, "espressif__esp_secure_cert_mgr");
  if (!existsSync(target)) symlinkSync(SECURE_CERT_MGR, target);
  return [target];
}
const STRICT = ["-Wall", "-Wextra", "-Werror", "-Werror=implicit-function-declaration", "-Werror=unused-variable"];

interface NativeBuild extends McconfigBuild {
  sdkconfig: Map<string, string>;
  kconfigLog: string;
  defines: string[];
  includes: string[];
  flags: string[];
}

function makeVariable(build: McconfigBuild, name: string): string {
  const print = join(OUT, "print.mk");
  writeFileSync(print, "print-%:\n\t@echo '$($*)'\n");
  const r = spawnSync("make", ["-s", "-f", build.makefile, "-f", print, `print-${name}`], { cwd: ROOT, encoding: "utf8", env: toolEnv() });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

function nativeBuild(kind: "debug" | "release"): NativeBuild {
  const build = mcconfig(kind);
  const managed = provideManagedComponents(build);
  const headerDir = makeVariable(build, "SDKCONFIG_H_DIR");
  const kconfig = generateSdkconfigHeader(KCONFIG_PYTHON!, IDF_PATH!, join(build.dir, `xsProj-esp32c3/sdkconfig.mc`), headerDir, "esp32c3", managed);
  expect(kconfig.status, kconfig.log).toBe(0);
  const words = (name: string) => makeVariable(build, name).split(/\s+/).filter(Boolean);
  // Our folders stay -I (warnings apply); every other folder is an SDK's, -isystem.
  const includes = words("C_INCLUDES").flatMap((i) => (i.startsWith(`-I${join(ROOT, "native")}`) ? [i] : ["-isystem", i.slice(2)]));
  return { ...build, sdkconfig: parseSdkconfigHeader(kconfig.header), kconfigLog: kconfig.log, defines: words("C_DEFINES"), includes, flags: words("C_FLAGS") };
}

function compileCommand(build: NativeBuild, source: string, object: string): string[] {
  return [...build.defines, ...build.includes, "-isystem", join(NEWLIB!, "newlib/libc/include"), ...build.flags, "-mabi=ilp32", ...STRICT, "-o", object, source];
}

function compile(build: NativeBuild, source: string): { status: number; output: string; command: string } {
  const object = join(OUT, `${build.kind}-${basename(source)}.o`);
  const args = compileCommand(build, source, object);
  const r = spawnSync(RISCV_GCC!, args, { cwd: ROOT, encoding: "utf8" });
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}`, command: [RISCV_GCC, ...args].join(" ") };
}

const NATIVE = Boolean(MCCONFIG && RISCV_GCC && NEWLIB && KCONFIG_PYTHON);
const ENABLE_NATIVE = !MCCONFIG ? ENABLE_MCCONFIG : !RISCV_GCC ? ENABLE_RISCV_GCC : !NEWLIB ? ENABLE_NEWLIB : ENABLE_KCONFIG;

describe.each(["debug", "release"] as const)("native C compiled as the %s build compiles it", (kind) => {
  if (!NATIVE) reportSkip(`native/*.c with the makefile's flags, riscv64-unknown-elf-gcc, real ESP-IDF/NimBLE/PSA headers (${kind})`, ENABLE_NATIVE);
  else if (!SECURE_CERT_MGR) reportSkip(`native/${SECURE_CERT_SOURCE} against esp_secure_cert_mgr's headers (${kind})`, ENABLE_SECURE_CERT_MGR);
  let build: NativeBuild;
  beforeAll(() => {
    if (NATIVE) build = nativeBuild(kind);
  }, 300_000);

  it.runIf(NATIVE)("ESP-IDF's kconfgen turns sdkconfig.mc into sdkconfig.h: no warning, no unknown symbol", () => {
    expect(build.sdkconfig.size).toBeGreaterThan(500);
    const problems = build.kconfigLog.split("\n").filter((l) => /warning|error|unknown kconfig symbol/i.test(l));
    // Without the esp_secure_cert_mgr checkout its Kconfig is missing, so its option is unknown here (not in a real build).
    expect(problems.filter((l) => SECURE_CERT_MGR || !/unknown kconfig symbol 'ESP_SECURE_CERT_DS_PERIPHERAL'/.test(l))).toEqual([]);
  });

  it.runIf(NATIVE)(`every option of sdkconfig.defaults${kind === "release" ? " and sdkconfig.defaults.release" : ""} took effect in sdkconfig.h`, () => {
    const files = ["sdkconfig.defaults", ...(kind === "release" ? ["sdkconfig.defaults.release"] : [])];
    const options = files.flatMap((f) => [...readFileSync(join(ROOT, f), "utf8").matchAll(/^(CONFIG_\w+)=(.*)$/gm)].map((m) => [m[1], m[2]] as const));
    expect(options.length).toBeGreaterThanOrEqual(15);
    for (const [name, value] of options) {
      const inHeader = build.sdkconfig.get(name);
      if (value === "n") expect(inHeader, name).toBeUndefined();
      else expect(inHeader, name).toBe(value === "y" ? "1" : value);
    }
  });

  it.runIf(NATIVE)("the makefile's own flags and the manifest's include folders are in the command", () => {
    expect(build.defines).toContain("-DESP32=4");
    expect(build.flags).toContain("-march=rv32imc");
    expect(build.includes).toContain(`${IDF_PATH}/components/nvs_flash/include/`);
    expect(build.includes).toContain(`${IDF_PATH}/components/bt/host/nimble/nimble/nimble/host/services/gatt/include/`);
  });

  it.runIf(NATIVE && SECURE_CERT_MGR)("esp_secure_cert_mgr: the manifest's dependency puts its include folder in the command; its Kconfig took part", () => {
    expect(build.includes).toContain(join(build.dir, "xsProj-esp32c3/managed_components/espressif__esp_secure_cert_mgr/include"));
    // Known to kconfgen (the component's Kconfig) and off, as sdkconfig.defaults asks: its default on the C3 is y.
    expect(readFileSync(join(SECURE_CERT_MGR!, "Kconfig"), "utf8")).toMatch(/config ESP_SECURE_CERT_DS_PERIPHERAL\s+bool[^]*?default y/);
    expect(build.sdkconfig.has("CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL")).toBe(false);
    expect(build.sdkconfig.has("CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS")).toBe(false); // the key-type query needs the TLV-only build
  });

  it.runIf(NATIVE).each(NATIVE_SOURCES.filter((f) => SECURE_CERT_MGR || f !== SECURE_CERT_SOURCE))("%s compiles with -Wall -Wextra -Werror", (file) => {
    const r = compile(build, join(ROOT, "native", file));
    if (file === "factory_nvs.c") {
      const dirs = build.includes.filter((i) => i !== "-isystem").length;
      console.log(`[firmware] ${kind} compile: ${RISCV_GCC} ${build.defines.join(" ")} <${dirs} include folders of C_INCLUDES, SDK ones as -isystem> -isystem $NEWLIB/newlib/libc/include ${build.flags.join(" ")} -mabi=ilp32 ${STRICT.join(" ")} -o ${basename(OUT)}/${kind}-${file}.o native/${file}`);
    }
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  // What the firmware relies on, read from the generated sdkconfig.h.
  it.runIf(NATIVE)("sdkconfig.h: NimBLE on, peripheral only, one connection, legacy advertising, no bond store", () => {
    const c = build.sdkconfig;
    expect(c.get("CONFIG_BT_ENABLED")).toBe("1");
    expect(c.get("CONFIG_BT_NIMBLE_ENABLED")).toBe("1");
    expect(c.has("CONFIG_BT_BLUEDROID_ENABLED")).toBe(false);
    expect(c.get("CONFIG_BT_NIMBLE_ROLE_PERIPHERAL")).toBe("1");
    for (const off of ["CONFIG_BT_NIMBLE_ROLE_CENTRAL", "CONFIG_BT_NIMBLE_ROLE_OBSERVER", "CONFIG_BT_NIMBLE_EXT_ADV", "CONFIG_BT_NIMBLE_NVS_PERSIST"]) expect(c.has(off), off).toBe(false);
    expect(c.get("CONFIG_BT_NIMBLE_MAX_CONNECTIONS")).toBe("1");
    expect(c.get("CONFIG_BT_NIMBLE_SVC_GAP_DEVICE_NAME")).toBe('"MATTER"');
  });

  it.runIf(NATIVE)("sdkconfig.h: 4 MB flash and the custom partition table, which is partitions.csv", () => {
    const c = build.sdkconfig;
    expect(c.get("CONFIG_ESPTOOLPY_FLASHSIZE")).toBe('"4MB"');
    expect(c.get("CONFIG_ESPTOOLPY_FLASHSIZE_4MB")).toBe("1");
    expect(c.get("CONFIG_PARTITION_TABLE_CUSTOM")).toBe("1");
    expect(c.get("CONFIG_PARTITION_TABLE_OFFSET")).toBe("0xC000");
    expect(c.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")).toBe('"partitions.csv"');
    // The file that name finds: the copy mcconfig writes into the ESP-IDF project directory.
    expect(readFileSync(join(build.dir, "xsProj-esp32c3/partitions.csv"), "utf8")).toBe(readFileSync(join(ROOT, "partitions.csv"), "utf8"));
  });

  it.runIf(NATIVE)(`sdkconfig.h: ${kind === "release" ? "flash encryption and NVS encryption, keys protected by flash encryption" : "no flash or NVS encryption"}`, () => {
    const c = build.sdkconfig;
    if (kind === "release") {
      expect(c.get("CONFIG_SECURE_FLASH_ENC_ENABLED")).toBe("1");
      expect(c.get("CONFIG_NVS_ENCRYPTION")).toBe("1");
      expect(c.get("CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC")).toBe("1");
      expect(c.has("CONFIG_NVS_SEC_KEY_PROTECT_USING_HMAC")).toBe(false); // nvs_sec_provider.c: #error without an eFuse key id
    } else {
      expect(c.has("CONFIG_SECURE_FLASH_ENC_ENABLED")).toBe(false);
      expect(c.has("CONFIG_NVS_ENCRYPTION")).toBe(false);
    }
  });

  it.runIf(NATIVE)("a warning in our code fails the compile (the flags are in force)", () => {
    const bad = join(OUT, `${kind}-warn.c`);
    writeFileSync(bad, '#include "xsmc.h"\n#include "nvs_flash.h"\nint f(void) { int unused; return nvs_flash_init_missing(); }\n');
    const r = compile(build, bad);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/unused/);
    expect(r.output).toMatch(/implicit declaration/);
  });
});
