// Worker thread of `generate` (scripts/build-cli.mjs bundles every *.worker.ts to dist/<name>.mjs).
// pool.ts starts it before the batch is resolved (so module loading overlaps the main thread's input
// checks), then sends the plan, then one DeviceParams message per device; each is answered with the
// device's manifest entry and CSV rows after its files are written (device-job.ts).

import { isMainThread, parentPort } from "node:worker_threads";
import type { TbsSigner } from "./dac-fast.js";
import type { DeviceParams } from "./device.js";
import { makeDevice, planSigner, type WorkerReply, type WorkerRequest } from "./device-job.js";
import type { BatchPlan } from "./plan.js";
import { errorIdOf } from "../error-ids.js";

function serve(): void {
  const port = parentPort;
  if (!port) return;
  let plan: BatchPlan | undefined;
  let signer: TbsSigner | undefined;
  port.on("message", (m: WorkerRequest) => {
    if (m.kind === "plan") {
      plan = m.plan;
      signer = planSigner(plan);
      return;
    }
    const params: DeviceParams = m.params;
    let reply: WorkerReply;
    try {
      if (!plan) throw new Error("no batch plan");
      reply = { ok: true, index: params.index, result: makeDevice(plan, signer, params) };
    } catch (e) {
      reply = { ok: false, index: params.index, message: e instanceof Error ? e.message : String(e), id: errorIdOf(e, "batch.failed") };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}

if (!isMainThread) serve();
