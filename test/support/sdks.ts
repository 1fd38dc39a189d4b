// Where the real toolchain is on this machine: the Moddable SDK (MODDABLE, else ~/Projects/moddable, the
// location its Getting Started guide uses) and ESP-IDF (IDF_PATH, else ~/esp32/esp-idf, the location
// Moddable's ESP32 guide uses). Nothing here installs or builds them (docs/device.md says how); a test
// that needs one and finds none prints one "[skip]" line saying what it skipped and how to enable it.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

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
