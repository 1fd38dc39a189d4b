// Where the real toolchain is on this machine: the Moddable SDK (MODDABLE, else ~/Projects/moddable, the
// location its Getting Started guide uses) and ESP-IDF (IDF_PATH, else ~/esp32/esp-idf, the location
// Moddable's ESP32 guide uses). Nothing here installs or builds them (docs/device.md says how); a test
// that needs one and finds none prints one "[skip]" line saying what it skipped and how to enable it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

function located(env: string | undefined, fallback: string, marker: string): string | undefined {
  const dir = env && env.length > 0 ? env : fallback;
  return existsSync(join(dir, marker)) ? dir : undefined;
}

/** The Moddable SDK checkout, when its typings are there. */
export const MODDABLE = located(process.env.MODDABLE, join(homedir(), "Projects/moddable"), "typings/timer.d.ts");

/** The Moddable SDK's Linux tools (mcconfig, xsc, xsl…), built with `cd $MODDABLE/build/makefiles/lin && make`. */
export const MODDABLE_BIN = MODDABLE && existsSync(join(MODDABLE, "build/bin/lin/release/mcconfig")) ? join(MODDABLE, "build/bin/lin/release") : undefined;

/** ESP-IDF with its submodules (NimBLE, Mbed TLS / TF-PSA-Crypto) checked out. */
export const IDF_PATH = located(process.env.IDF_PATH, join(homedir(), "esp32/esp-idf"), "components/bt/host/nimble/nimble/nimble/host/include/host/ble_hs.h");

const reported = new Set<string>();
/** Prints one line per skipped real-toolchain check (once per process). */
export function reportSkip(check: string, howToEnable: string): void {
  const line = `[skip] ${check}: ${howToEnable}`;
  if (reported.has(line)) return;
  reported.add(line);
  console.log(line);
}

export const ENABLE_MODDABLE = "install the Moddable SDK 8.2.3 at ~/Projects/moddable or set MODDABLE (docs/device.md, \"Real toolchain\")";
export const ENABLE_MODDABLE_TOOLS = "build the SDK's Linux tools: cd $MODDABLE/build/makefiles/lin && make (docs/device.md)";
export const ENABLE_IDF = "check out ESP-IDF with its submodules at ~/esp32/esp-idf or set IDF_PATH (docs/device.md)";

/** espressif/newlib-esp32 checkout: the C library headers Debian's bare-metal RISC-V GCC lacks. */
export const NEWLIB = located(process.env.NEWLIB_ESP32, join(homedir(), "esp32/newlib-esp32"), "newlib/libc/include/string.h");

/** Debian's RISC-V cross compiler (apt-get install gcc-riscv64-unknown-elf), when on PATH. */
export const RISCV_GCC = (() => {
  const r = spawnSync("riscv64-unknown-elf-gcc", ["--version"], { encoding: "utf8" });
  return r.status === 0 ? "riscv64-unknown-elf-gcc" : undefined;
})();

/** ESP-IDF's Kconfig tooling in the venv scripts/setup.mjs makes (test/py/requirements-kconfig.txt). */
export const KCONFIG_PYTHON = (() => {
  const python = fileURLToPath(new URL("../../.venv/kconfig/bin/python", import.meta.url));
  return existsSync(python) ? python : undefined;
})();

export const ENABLE_NEWLIB = "check out espressif/newlib-esp32 at ~/esp32/newlib-esp32 or set NEWLIB_ESP32 (docs/device.md)";
export const ENABLE_RISCV_GCC = "apt-get install gcc-riscv64-unknown-elf (.ci/run does)";
export const ENABLE_KCONFIG = "npm install (scripts/setup.mjs makes .venv/kconfig with esp-idf-kconfig)";
