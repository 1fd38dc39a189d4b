// Which XS engine a simulated boot runs on. Both speak xsnap's protocol (host-tools/xs/driver.ts):
// - xsnap: npm @agoric/xsnap's XS 13.3; the firmware arrives as one esbuild bundle after the device
//   prelude (frozen intrinsics), so `matter-factory simulate` works from npm alone;
// - the Moddable SDK's XS (x-cli-lin host, host-tools/simulate/sdk-build.ts): the firmware is already
//   linked, with its preloads, by xsl; the worker starts with it loaded.
import { devicePrelude } from "../xs/bundle.js";
import { startXsnap, type XsResult, type XsWorker } from "../xs/driver.js";
import { simulationBundle } from "./bundle.js";
import { SDK_BOOT_MODULE } from "./sdk-build.js";

export interface SimEngine {
  /** For reports and --help, e.g. "xsnap (XS 13.3)". */
  readonly name: string;
  /** A fresh XS machine with the firmware and the simulated board loaded. */
  start(): Promise<XsWorker>;
}

async function must(worker: XsWorker, pending: Promise<XsResult>, what: string): Promise<void> {
  const r = await pending;
  if (r.ok) return;
  worker.kill();
  throw new Error(`simulate: ${what} failed under XS: ${r.error ?? "no reply"}`);
}

/** npm @agoric/xsnap, XS 13.3: prelude, then the simulation bundle. */
export const XSNAP_ENGINE: SimEngine = {
  name: "xsnap (XS 13.3)",
  async start() {
    const bundle = await simulationBundle();
    const worker = startXsnap({ meteringLimit: 0 });
    await must(worker, worker.evaluate(devicePrelude()), "device prelude");
    await must(worker, worker.evaluate(bundle), "loading the firmware bundle");
    return worker;
  },
};

/** A simulation host built on the Moddable SDK's XS (its binary from buildSimulationHost). */
export function sdkEngine(binary: string, version: string): SimEngine {
  return {
    name: `Moddable SDK XS ${version} (x-cli-lin, xsl-linked)`,
    async start() {
      const worker = startXsnap({ binary, meteringLimit: 0 });
      // The host imported the firmware's main module at start-up (a failure there ends the process);
      // the board's boot module hands it to the board.
      await must(worker, worker.evaluateJson(`import(${JSON.stringify(SDK_BOOT_MODULE)}).then(() => typeof __sim)`), "loading the simulated board");
      return worker;
    },
  };
}
