// A line position: the station loop over its ports. Each port is served in turn; a board is
// provisioned (station-board.ts), its label written/printed, the outcome reported; then the station
// waits on that port for a board with another MAC (the operator swapped it), unless --once.
// Stops when the batch has no free device left, on SIGINT/SIGTERM after the board in hand, or when
// the registry cannot be reached (never writes without a claim).
import type { EsptoolOptions } from "./esptool.js";
import { emitLabel, type LabelOutputOptions } from "./labels/label-output.js";
import type { Registry } from "./registry/registry.js";
import { isRegistryError } from "./registry/registry-errors.js";
import type { LineBatch } from "./station-batch.js";
import { provisionBoard, type BoardResult } from "./station-board.js";
import { StationProgress } from "./station-progress.js";

export interface StationOptions {
  batch: LineBatch;
  registry: Registry;
  ports: string[];
  station: string;
  esptool?: EsptoolOptions;
  labels: LabelOutputOptions | undefined;
  /** One pass over the ports, then exit. */
  once: boolean;
  /** Stop after this many boards were provisioned (undefined: no limit). */
  boards?: number;
  /** How often an idle port is polled for the next board, ms. */
  pollMs: number;
  json: boolean;
  quiet: boolean;
}

export interface StationSummary {
  provisioned: number;
  already: number;
  failed: number;
  refused: number;
  noBoard: number;
  stoppedBy: "done" | "exhausted" | "signal" | "registry" | "limit";
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runStation(o: StationOptions): Promise<StationSummary> {
  await o.registry.seed(o.batch.id, o.batch.devices);
  const progress = new StationProgress(o.station, o.json, o.quiet);
  const sum: StationSummary = { provisioned: 0, already: 0, failed: 0, refused: 0, noBoard: 0, stoppedBy: "done" };
  const stop = (why: StationSummary["stoppedBy"]) => ((sum.stoppedBy = why), sum);
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130);
    stopping = true;
    progress.note("stopping after the board in hand (signal again to abort)");
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const lastMac = new Map<string, string>();
  try {
    for (let pass = 0; ; pass++) {
      for (const port of o.ports) {
        if (stopping) return stop("signal");
        if (!o.once && pass > 0 && !(await nextBoard(o, port, lastMac.get(port), () => stopping))) continue;
        const r = await oneBoard(o, port, progress);
        if (r === "registry") return stop("registry");
        count(sum, r);
        if (r.mac) lastMac.set(port, r.mac);
        if (r.error?.id === "batch.exhausted") return stop("exhausted");
        if (o.boards !== undefined && sum.provisioned >= o.boards) return stop("limit");
      }
      if (o.once) return sum;
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    progress.end(sum);
  }
}

function count(sum: StationSummary, r: BoardResult): void {
  if (r.outcome === "provisioned") sum.provisioned++;
  else if (r.outcome === "already") sum.already++;
  else if (r.outcome === "failed") sum.failed++;
  else if (r.outcome === "refused") sum.refused++;
  else sum.noBoard++;
}

/** Provisions and labels one board; "registry" when the registry failed (reported, station stops). */
async function oneBoard(o: StationOptions, port: string, progress: StationProgress): Promise<BoardResult | "registry"> {
  let r: BoardResult;
  try {
    r = await provisionBoard({ port, batch: o.batch, registry: o.registry, station: o.station, esptool: o.esptool, onPhase: (p, d) => progress.phase(port, p, d) });
  } catch (e) {
    if (!isRegistryError(e)) throw e;
    progress.registryLost(port, e);
    return "registry";
  }
  if (r.outcome === "provisioned" && o.labels && r.device) {
    const d = o.batch.byUuid.get(r.device.uuid)!;
    try {
      if (d.qr) await emitLabel({ uuid: d.uuid, serial: d.serial, vendorId: d.vendorId, productId: d.productId, qr: d.qr, manualCode: d.manualCode }, o.labels);
    } catch (e) {
      progress.labelFailed(r, e as Error);
    }
  }
  progress.board(r, await o.registry.counts(o.batch.id).catch(() => undefined));
  return r;
}

/**
 * Waits until the board on `port` is not the one just done: polls with a cheap connect (readBoard is
 * the provisioning read itself, so the poll is a TCP/serial open that the ROM answers). Returns
 * false when stopping.
 */
async function nextBoard(o: StationOptions, port: string, last: string | undefined, stopping: () => boolean): Promise<boolean> {
  const { connectBoard } = await import("./board.js");
  for (;;) {
    if (stopping()) return false;
    try {
      const b = await connectBoard(port, o.esptool);
      b.session.close();
      if (b.info.mac !== last) return true;
    } catch {
      /* nothing there yet, or a board not ready */
    }
    await sleep(o.pollMs);
  }
}
