// Firmware entry (manifest "creation.main"): Moddable imports "main" and calls its default export at
// boot. Reads the factory partition, prints the bring-up report and announces over BLE (device/app.ts).
// The returned Device is the app's handle: `userAction()` for a commissioning button,
// `setCommissioned(true)` once commissioning completes.
import { manifestConfig } from "./device/adapters/moddable-config.js";
import { traceConsole } from "./device/adapters/moddable-console.js";
import { moddablePlatform } from "./device/adapters/moddable-platform.js";
import { startDevice, type Device } from "./device/app.js";
import { deviceConfig } from "./device/config.js";

export default function main(): Device | undefined {
  let config;
  try {
    config = deviceConfig(manifestConfig());
  } catch (e) {
    traceConsole.line(`ERROR ${e instanceof Error ? e.message : String(e)}: not advertising`);
    return undefined;
  }
  return startDevice(moddablePlatform(), config);
}
