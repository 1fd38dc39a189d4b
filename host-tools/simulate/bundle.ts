// The simulation build: esbuild bundles the firmware (main.ts and everything it imports) for XS, with
// the Moddable module specifiers and the native bindings mapped to the simulated board in sim/ — the
// host/device split a Moddable manifest makes, done here with aliases. Any other Moddable module the
// firmware imports fails the build, so the simulation cannot silently diverge from the device build.

import type { Plugin } from "esbuild";
import { join } from "node:path";
import { bundleForXs, REPO_ROOT } from "../xs/bundle.js";

const SIM = join(REPO_ROOT, "host-tools/simulate/sim");

/** Moddable module specifier → simulated module (the SDK's typings/ declare the real ones). */
export const SIMULATED_MODULES: Readonly<Record<string, string>> = Object.freeze({
  flash: "flash.ts",
  timer: "timer.ts",
  "embedded:storage/key-value": "key-value.ts",
  "mc/config": "mc-config.ts",
});

/** Native bindings (native/*.ts, backed by C on the device) → simulated module. */
export const SIMULATED_NATIVE: Readonly<Record<string, string>> = Object.freeze({
  factory_nvs: "factory-nvs.ts",
  secure_cert: "secure-cert.ts",
  ble_adv: "ble-adv.ts",
});

const simulatedBoard: Plugin = {
  name: "matter-factory-simulated-board",
  setup(build) {
    build.onResolve({ filter: /^[a-z]+(:[a-z]+)?(\/[a-z-]+)*$/ }, (args) => {
      const file = SIMULATED_MODULES[args.path];
      return file ? { path: join(SIM, file) } : undefined;
    });
    build.onResolve({ filter: /(^|\/)native\/[a-z_]+(\.js|\.ts)?$/ }, (args) => {
      const name = /native\/([a-z_]+)(\.js|\.ts)?$/.exec(args.path)![1];
      const file = SIMULATED_NATIVE[name];
      if (!file) return { errors: [{ text: `native module "${name}" has no simulation in host-tools/simulate/sim` }] };
      return { path: join(SIM, file) };
    });
  },
};

let cached: Promise<string> | undefined;

/** The firmware + simulated board as one script for XS (built once per process). */
export function simulationBundle(): Promise<string> {
  const source = [
    'import main from "./main.ts";',
    'import { simulateFirmware } from "./host-tools/simulate/sim/entry.ts";',
    "simulateFirmware(main);",
  ].join("\n");
  cached ??= bundleForXs({ source, resolveDir: REPO_ROOT, sourcefile: "<simulation entry>", esbuild: { plugins: [simulatedBoard] } });
  return cached;
}
