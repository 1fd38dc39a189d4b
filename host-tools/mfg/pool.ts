// Worker threads for `generate`: each runs dist/generate.worker.mjs (built from generate.worker.ts
// next to the CLI bundle). Threads are started first, while the main thread still checks the inputs,
// and get the plan once it exists; device requests go to the least busy thread. With jobs = 0, or
// when running from the TypeScript sources (no bundle to start), devices are made on the main thread.

import { existsSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.js";
import type { DeviceParams } from "./device.js";
import type { DeviceResult, WorkerReply, WorkerRequest } from "./device-job.js";
import type { BatchPlan } from "./plan.js";

/** Makes a device on the main thread (device-job.ts makeDevice with the plan's signer bound). */
export type InlineMaker = (params: DeviceParams) => DeviceResult;

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: DeviceResult) => void; reject: (e: Error) => void }>;
}

/** The bundled worker script: dist/generate.worker.mjs, beside the entry or one level above a chunk. */
export function workerScript(): string | undefined {
  if (/\.ts$/.test(new URL(import.meta.url).pathname)) return undefined; // running from sources
  for (const rel of ["./generate.worker.mjs", "../generate.worker.mjs"]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

export class DevicePool {
  private readonly slots: Slot[] = [];
  private inline?: InlineMaker;
  private useInline: boolean;
  private ready = 0;
  private closed = false;

  /** Starts `jobs` threads (none for 0). */
  constructor(jobs: number) {
    const file = jobs > 0 ? workerScript() : undefined;
    this.useInline = file === undefined;
    if (file === undefined) return;
    for (let i = 0; i < jobs; i++) {
      // Inherit the runtime flags (e.g. --cpu-prof) but not entry-point ones.
      const worker = new Worker(file, { execArgv: process.execArgv.filter((a) => !a.startsWith("--input-type")) });
      const slot: Slot = { worker, pending: new Map() };
      worker.on("message", (m: WorkerReply | { ready: true }) => {
        if (!("index" in m)) {
          this.ready++;
          return;
        }
        const p = slot.pending.get(m.index);
        if (!p) return;
        slot.pending.delete(m.index);
        if (m.ok) p.resolve(m.result);
        else p.reject(new CliError(m.id ?? "batch.failed", `device ${m.index}: ${m.message}`));
      });
      const fail = (e: Error) => {
        for (const p of slot.pending.values()) p.reject(new CliError("batch.worker-failed", `worker thread failed: ${e.message.split("\n")[0]}`));
        slot.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (!this.closed) fail(new Error(`exited with code ${code}`));
      });
      worker.unref(); // an idle pool never keeps the process alive
      this.slots.push(slot);
    }
  }

  get size(): number {
    return this.slots.length || 1;
  }

  /**
   * Hands the batch plan to every thread (before the first device). `inline` makes a device on the
   * main thread; passed in so this module stays light (generate.ts starts the threads before the
   * device code is loaded).
   */
  setPlan(plan: BatchPlan, inline: InlineMaker): void {
    // The main thread makes devices itself until a thread has loaded (hides thread start-up).
    this.inline = inline;
    if (this.useInline) return;
    const msg: WorkerRequest = { kind: "plan", plan };
    for (const s of this.slots) {
      s.worker.ref();
      s.worker.postMessage(msg);
    }
  }

  run(params: DeviceParams): Promise<DeviceResult> {
    if (this.inline && (this.useInline || this.ready === 0)) {
      const make = this.inline;
      // One device per macrotask keeps the event loop (progress, signals) responsive.
      return new Promise((resolve, reject) =>
        setImmediate(() => {
          try {
            resolve(make(params));
          } catch (e) {
            reject(e);
          }
        }),
      );
    }
    let best = this.slots[0];
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    const msg: WorkerRequest = { kind: "device", params };
    return new Promise((resolve, reject) => {
      best.pending.set(params.index, { resolve, reject });
      best.worker.postMessage(msg);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
