// One device job: build it (device.ts) and write it to <root>/.tmp-<uuid>/. Run by the worker
// threads (generate.worker.ts) or, with --jobs 0, on the main thread (pool.ts).

import { buildDevice, type BuiltDevice, type DeviceParams } from "./device.js";
import { deterministicSigner, opensslSigner, type TbsSigner } from "./dac-fast.js";
import { writeDeviceTmp } from "./files.js";
import type { BatchPlan } from "./plan.js";

export type DeviceResult = Omit<BuiltDevice, "files">;

export type WorkerRequest = { kind: "plan"; plan: BatchPlan } | { kind: "device"; params: DeviceParams };

export type WorkerReply = { ok: true; index: number; result: DeviceResult } | { ok: false; index: number; message: string; id?: string };

/** The PAI signer of a batch: OpenSSL, or RFC 6979 deterministic for --seed batches. */
export function planSigner(plan: BatchPlan): TbsSigner | undefined {
  const a = plan.attestation;
  if (a.kind !== "issue") return undefined;
  return plan.options.seed !== undefined ? deterministicSigner(a.paiKeyScalar) : opensslSigner(a.paiKeyPkcs8);
}

/** Builds and writes one device; what the main thread needs back. */
export function makeDevice(plan: BatchPlan, signer: TbsSigner | undefined, params: DeviceParams): DeviceResult {
  const built = buildDevice(plan, params, signer);
  writeDeviceTmp(plan.root, params.uuid, built.files);
  const { files: _files, ...result } = built;
  return result;
}
