// One board at a station: who it is (MAC) and what its fctry holds, decided against the registry,
// then claimed, flashed, verified and recorded. The rules (docs/production-line.md):
// - a board bound in the registry gets its bound device again (a retry after a failed or interrupted
//   write), never another;
// - a board already holding a device of this batch is left alone (recorded as verified when free);
// - a board holding anything else in fctry (another batch, unreadable data) is refused;
// - an erased board claims the next free device;
// - every write attempt is recorded before and after, so a station killed mid-write leaves a
//   binding in state "claimed" that the next run on that board resumes.
import { createHash } from "node:crypto";
import { type BoardInfo, connectBoard, type ConnectedBoard, NVS_PAGE, readFctry } from "./board.js";
import type { EsptoolOptions } from "./esptool.js";
import { isLineError, type LineErrorId } from "./flash-errors.js";
import { type DeviceImages, type FlashPhase, flashDevice, loadDeviceImages } from "./flash.js";
import type { DeviceRow, Registry } from "./registry/registry.js";
import { isRegistryError } from "./registry/registry-errors.js";
import type { BatchDevice, LineBatch } from "./station-batch.js";
import { StationError, type StationErrorId } from "./station-errors.js";

export type BoardOutcome =
  | "provisioned" //  written and verified now
  | "already" //      held its device already: left alone
  | "failed" //       the write or verify failed: the device stays bound to this board
  | "refused" //      nothing written: another batch, foreign image, batch exhausted, wrong board
  | "no-board"; //    nothing answered on the port

export interface BoardResult {
  port: string;
  outcome: BoardOutcome;
  mac?: string;
  device?: { uuid: string; serial: string; index: number };
  /** true: this board already had its device in the registry (a retry). */
  reused?: boolean;
  error?: { id: string; message: string };
  seconds: number;
}

export interface BoardJob {
  port: string;
  batch: LineBatch;
  registry: Registry;
  station: string;
  esptool?: EsptoolOptions;
  onPhase?: (phase: FlashPhase | "read" | "claim" | "record", detail?: string) => void;
}

/** What a board's fctry holds, relative to the batch. */
type Contents = { kind: "blank" } | { kind: "device"; device: BatchDevice; complete: boolean } | { kind: "other"; why: string };

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** SHA-256 of the pages readBoard reads from an image: up to the first page whose header is erased. */
export function readableSha(image: Uint8Array): string {
  let end = 0;
  while (end < image.length && !image.subarray(end, end + 0x40).every((b) => b === 0xff)) end += NVS_PAGE;
  return sha256(image.subarray(0, Math.min(end, image.length)));
}

const imageCache = new Map<string, DeviceImages>();

/** The device's images from the batch, checked against the manifest's SHA-256 (files changed since generate?). */
function deviceImages(d: BatchDevice): DeviceImages {
  const hit = imageCache.get(d.uuid);
  if (hit) return hit;
  const images = loadDeviceImages([d.dir]);
  if (sha256(images.fctry) !== d.imageSha256) throw new StationError("batch.bad", `device ${d.uuid}: ${d.dir} holds an image whose SHA-256 is not the manifest's (${d.imageSha256.slice(0, 16)}…): the batch was changed after generate`);
  if (imageCache.size > 64) imageCache.clear();
  imageCache.set(d.uuid, images);
  return images;
}

function classify(board: BoardInfo, batch: LineBatch): Contents {
  const f = board.fctry;
  if (!f) return { kind: "blank" };
  if (f.readable) {
    const d = f.serialNumber !== undefined ? batch.bySerial.get(f.serialNumber) : undefined;
    const what = `serial ${JSON.stringify(f.serialNumber ?? "")}, VID/PID ${hex4(f.vendorId)}/${hex4(f.productId)}`;
    if (!d || d.vendorId !== f.vendorId || d.productId !== f.productId) return { kind: "other", why: `its fctry holds a device of another batch (${what})` };
    return { kind: "device", device: d, complete: readableSha(deviceImages(d).fctry) === f.sha256 };
  }
  // Unreadable: an NVS-encrypted image (ours, if this batch is encrypted) or foreign bytes.
  for (const d of batch.devices) if (readableSha(deviceImages(d).fctry) === f.sha256) return { kind: "device", device: d, complete: true };
  return { kind: "other", why: `its fctry holds ${f.bytesRead} bytes our NVS reader cannot read and that are no image of this batch` };
}

const hex4 = (n: number | undefined): string => (n === undefined ? "?" : `0x${n.toString(16).toUpperCase().padStart(4, "0")}`);
const brief = (d: BatchDevice | DeviceRow) => ({ uuid: d.uuid, serial: d.serial, index: d.index });

class Refusal extends Error {
  constructor(
    readonly id: StationErrorId | LineErrorId | string,
    message: string,
  ) {
    super(message);
  }
}

export async function provisionBoard(job: BoardJob): Promise<BoardResult> {
  const t0 = performance.now();
  const done = (r: Omit<BoardResult, "port" | "seconds">): BoardResult => ({ port: job.port, ...r, seconds: Math.round((performance.now() - t0) / 10) / 100 });
  job.onPhase?.("read", job.port);
  // One esptool connection for the whole job: read, decide, write, verify.
  let connected: ConnectedBoard;
  let board: BoardInfo;
  try {
    connected = await connectBoard(job.port, job.esptool);
  } catch (e) {
    if (!isLineError(e)) throw e;
    return done({ outcome: e.id === "board.unreachable" ? "no-board" : "refused", error: { id: e.id, message: e.message } });
  }
  try {
    try {
      board = { ...connected.info, fctry: await readFctry(connected) };
    } catch (e) {
      if (!isLineError(e)) throw e;
      return done({ outcome: "refused", mac: connected.info.mac, error: { id: e.id, message: e.message } });
    }
    const mac = board.mac;
    try {
      const { row, reused } = await decide(job, board);
      if (row.state === "verified" && heldComplete(board, job.batch, row)) return done({ outcome: "already", mac, device: brief(row), reused });
      return done(await write(job, connected, row, reused));
    } catch (e) {
      if (e instanceof Refusal) return done({ outcome: "refused", mac, error: { id: e.id, message: e.message } });
      throw e;
    }
  } finally {
    connected.session.close();
  }
}

/** The registry row this board is to get (claimed or adopted as needed), or a Refusal. */
async function decide(job: BoardJob, board: BoardInfo): Promise<{ row: DeviceRow; reused: boolean }> {
  const { batch, registry, station } = job;
  const mac = board.mac;
  if (!mac) throw new Refusal("board.no-mac", `board on ${job.port} gave no MAC address; refusing to bind it`);
  const contents = classify(board, batch);
  const bound = await registry.byMac(mac);
  if (bound && bound.batch !== batch.id) throw new Refusal("board.other-batch", `board ${mac} is bound to device ${bound.uuid} (serial ${bound.serial}) of batch ${bound.batch}, not ${batch.id}; refusing`);
  if (contents.kind === "other" && !bound) throw new Refusal("board.other-batch", `board ${mac}: ${contents.why}; refusing to overwrite it`);
  if (bound) {
    if (contents.kind === "device" && contents.device.uuid !== bound.uuid) {
      throw new Refusal("board.foreign-image", `board ${mac} holds device ${contents.device.uuid} (serial ${contents.device.serial}) but the registry binds it to ${bound.uuid}; refusing — check the registry`);
    }
    if (contents.kind === "device" && contents.complete && bound.state !== "verified") {
      // Written before (e.g. the station was stopped after the write): the read-back is the verification.
      return { row: await registry.record(bound.uuid, mac, { state: "verified", verification: "found on board: read back equals the image" }), reused: true };
    }
    return { row: bound, reused: true };
  }
  if (contents.kind === "device") {
    job.onPhase?.("claim", `adopt ${contents.device.uuid}`);
    try {
      const state = contents.complete ? "verified" : "claimed";
      const row = await registry.adopt(contents.device.uuid, mac, station, { state, verification: contents.complete ? "found on board: read back equals the image" : null });
      return { row, reused: false };
    } catch (e) {
      if (isRegistryError(e) && e.id === "registry.bound-elsewhere") throw new Refusal("board.foreign-image", `board ${mac} holds device ${contents.device.uuid} (serial ${contents.device.serial}), ${e.detail}: one image on two boards — refusing`);
      throw e;
    }
  }
  job.onPhase?.("claim", mac);
  const claim = await registry.claim(batch.id, mac, station);
  if (!claim) throw new Refusal("batch.exhausted", `batch ${batch.id} has no free device left for board ${mac}; nothing written`);
  return claim;
}

/** A verified binding whose board still holds its image (else it is written again: same device, same board). */
function heldComplete(board: BoardInfo, batch: LineBatch, row: DeviceRow): boolean {
  const d = batch.byUuid.get(row.uuid);
  return !!d && !!board.fctry && readableSha(deviceImages(d).fctry) === board.fctry.sha256;
}

async function write(job: BoardJob, board: ConnectedBoard, row: DeviceRow, reused: boolean): Promise<Omit<BoardResult, "port" | "seconds">> {
  const mac = board.info.mac;
  const d = job.batch.byUuid.get(row.uuid);
  if (!d) throw new Refusal("batch.bad", `device ${row.uuid} bound to ${mac} is not in ${job.batch.root}`);
  const device = deviceImages(d);
  if (row.state !== "claimed") await job.registry.record(row.uuid, mac, { state: "claimed", verification: row.verification });
  try {
    const r = await flashDevice({ port: job.port, device, esptool: job.esptool, connected: board, onProgress: job.onPhase });
    job.onPhase?.("record", "verified");
    const how = r.written.map((w) => `${w.name}:${w.verified}`).join(" ");
    await job.registry.record(row.uuid, mac, { state: "verified", verification: how, attempt: true });
    return { outcome: "provisioned", mac, device: brief(d), reused };
  } catch (e) {
    if (!isLineError(e)) throw e;
    await job.registry.record(row.uuid, mac, { state: "failed", verification: `${e.id}: ${e.message}`, attempt: true });
    return { outcome: "failed", mac, device: brief(d), reused, error: { id: e.id, message: e.message } };
  }
}
