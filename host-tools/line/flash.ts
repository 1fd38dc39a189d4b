// Writing one device's partitions to one board: plan against the board's own partition table,
// write with esptool, verify by MD5 and by reading back and parsing with our NVS reader.
// Never a byte outside the partition asked for; a failed write is reported, not retried.
import { createHash } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { parseKeyPartition } from "../../modules/nvs/encryption.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import { readInputFile } from "../files.js";
import { deviceInDir } from "../inspect/device.js";
import { type BoardInfo, connectBoard, type ConnectedBoard, fctryPartition, NVS_PAGE, parseFctry } from "./board.js";
import type { EsptoolOptions, EsptoolSession } from "./esptool.js";
import { LineError } from "./flash-errors.js";
import { hex, overlapping, PARTITION_TABLE_SIZE, type PartitionEntry, SUBTYPE_NVS_KEYS } from "../partition-table/binary.js";

/** One attempt per write: a failure is the station's decision, never a silent retry. */
export const WRITE_FLASH_ATTEMPTS = 1;

export interface Identity {
  serialNumber?: string;
  discriminator?: number;
  vendorId?: number;
  productId?: number;
}

export interface DeviceImages {
  name: string;
  fctry: Uint8Array;
  nvsKeys?: Uint8Array;
  secureCert?: Uint8Array;
  /** What our reader finds in the fctry image: the read-back must show the same. */
  expect: Identity;
}

export type ImageRole = "fctry" | "nvs_keys" | "esp_secure_cert";

export interface WrittenPartition {
  name: string;
  role: ImageRole;
  offset: number;
  /** Bytes written: the image padded with 0xFF to the whole partition (no stale pages survive). */
  size: number;
  imageSize: number;
  /** SHA-256 of the image file as given. */
  sha256: string;
  encrypted: boolean;
  /** "md5+readback", "md5", "encrypted" (the ROM reads back ciphertext), "unchanged" (already held these bytes). */
  verified: "md5+readback" | "md5" | "encrypted" | "unchanged";
}

export interface FlashResult {
  port: string;
  mac: string;
  chip: string;
  flashSize: number;
  flashEncrypted: boolean;
  tableOffset: number;
  device: string;
  written: WrittenPartition[];
  verified: { md5: boolean; readback: boolean } & Identity;
  seconds: number;
}

export type FlashPhase = "connect" | "plan" | "write" | "verify" | "readback";

export interface FlashOptions {
  port: string;
  device: DeviceImages;
  esptool?: EsptoolOptions;
  /** A board already connected with connectBoard (e.g. after readFctry): used as is, left open for the caller. */
  connected?: ConnectedBoard;
  onProgress?: (phase: FlashPhase, detail?: string) => void;
}

// ---- loading a device's images ------------------------------------------------------------------

/** A generate device directory, or image files named as esp-matter-mfg-tool names them. */
export function loadDeviceImages(paths: readonly string[]): DeviceImages {
  const files = imageFiles(paths);
  const fctry = readImage(files.fctry, "factory image");
  const nvsKeys = files.keys ? readImage(files.keys, "NVS keys image") : undefined;
  const secureCert = files.secureCert ? readImage(files.secureCert, "esp_secure_cert image") : undefined;
  let keys: NvsKeys | undefined;
  if (nvsKeys) {
    try {
      keys = parseKeyPartition(nvsKeys);
    } catch (e) {
      throw new LineError("image.missing", `NVS keys image ${JSON.stringify(files.keys)}: ${(e as Error).message}`);
    }
  }
  const parsed = parseFctry(fctry, keys);
  if (!parsed.readable) throw new LineError("image.missing", `factory image ${JSON.stringify(files.fctry)}: our NVS reader finds no entries in it${nvsKeys ? "" : " (encrypted? give its -keys-partition.bin)"}`);
  const { serialNumber, discriminator, vendorId, productId } = parsed;
  return { name: files.name, fctry, nvsKeys, secureCert, expect: strip({ serialNumber, discriminator, vendorId, productId }) };
}

function readImage(path: string, what: string): Uint8Array {
  try {
    return readInputFile(path, what);
  } catch (e) {
    throw new LineError("image.missing", (e as Error).message);
  }
}

function imageFiles(paths: readonly string[]): { name: string; fctry: string; keys?: string; secureCert?: string } {
  if (paths.length === 1 && existsSync(paths[0]) && statSync(paths[0]).isDirectory()) {
    const d = deviceInDir(paths[0]);
    if (!d) throw new LineError("image.missing", `device directory ${JSON.stringify(paths[0])}: no <uuid>-partition.bin in it (a directory that generate wrote for one device)`);
    return { name: d.name, fctry: d.image, keys: d.keys, secureCert: d.secureCert };
  }
  const keys = paths.filter((p) => p.endsWith("-keys-partition.bin"));
  const secure = paths.filter((p) => /esp_secure_cert[^/]*\.bin$/.test(p));
  const rest = paths.filter((p) => !keys.includes(p) && !secure.includes(p));
  if (rest.length !== 1 || keys.length > 1 || secure.length > 1) {
    throw new LineError("image.missing", `images ${paths.map((p) => JSON.stringify(p)).join(" ")}: expected one factory image (<uuid>-partition.bin), at most one <uuid>-keys-partition.bin and one *esp_secure_cert*.bin`);
  }
  return { name: basename(rest[0]).replace(/-partition\.bin$/, ""), fctry: rest[0], keys: keys[0], secureCert: secure[0] };
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

// ---- planning against the board's table ----------------------------------------------------------

export interface PlannedWrite {
  role: ImageRole;
  partition: PartitionEntry;
  image: Uint8Array;
  /** The image padded with 0xFF to the partition size. */
  bytes: Uint8Array;
  encrypted: boolean;
}

/** Which partition each image goes to; refuses what does not fit or would touch anything else. */
export function planWrites(board: Omit<BoardInfo, "fctry">, device: DeviceImages): PlannedWrite[] {
  const images: [ImageRole, Uint8Array | undefined][] = [
    ["esp_secure_cert", device.secureCert],
    ["nvs_keys", device.nvsKeys],
    ["fctry", device.fctry],
  ];
  const plans: PlannedWrite[] = [];
  for (const [role, image] of images) {
    if (!image) continue;
    const partition = findPartition(board, role);
    checkFits(board, role, partition, image);
    const bytes = new Uint8Array(partition.size).fill(0xff);
    bytes.set(image, 0);
    plans.push({ role, partition, image, bytes, encrypted: partition.encrypted && board.flashEncrypted });
  }
  return plans;
}

function findPartition(board: Omit<BoardInfo, "fctry">, role: ImageRole): PartitionEntry {
  const t = board.table;
  const p = role === "fctry" ? fctryPartition(t) : role === "nvs_keys" ? (t.find((e) => e.name === "nvs_keys") ?? single(t.filter((e) => e.type === 1 && e.subtype === SUBTYPE_NVS_KEYS))) : t.find((e) => e.name === role);
  if (!p) {
    const names = t.map((e) => e.name).join(", ");
    throw new LineError("image.no-partition", `board ${board.mac}: its partition table (at ${hex(board.tableOffset)}) has no ${role} partition for the ${role} image (it has ${names})`, board.port);
  }
  return p;
}

function single<T>(xs: T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

function checkFits(board: Omit<BoardInfo, "fctry">, role: ImageRole, p: PartitionEntry, image: Uint8Array): void {
  const where = `board ${board.mac} partition ${p.name} (${hex(p.offset)}, ${hex(p.size)} bytes)`;
  if (image.length > p.size) throw new LineError("image.too-big", `${role} image: ${image.length} bytes (${hex(image.length)}) does not fit ${where}; refusing to write`, board.port);
  if (p.offset % 0x1000) throw new LineError("write.overlap", `${where}: offset is not 4 KB aligned, so the ROM loader would erase bytes before it; refusing to write`, board.port);
  const others = overlapping(board.table, p.offset, p.size, p);
  if (others.length) throw new LineError("write.overlap", `${where} overlaps ${others.map((o) => `${o.name} (${hex(o.offset)})`).join(", ")} in the board's table; writing it would touch them; refusing to write`, board.port);
  if (p.offset < board.tableOffset + PARTITION_TABLE_SIZE) throw new LineError("write.overlap", `${where} overlaps the bootloader or the partition table (which ends at ${hex(board.tableOffset + PARTITION_TABLE_SIZE)}); refusing to write`, board.port);
  if (p.offset + p.size > board.flashSize) throw new LineError("board.flash-too-small", `${where} ends beyond the ${board.flashSize >> 20} MB flash; refusing to write`, board.port);
}

// ---- writing and verifying -------------------------------------------------------------------------

const md5hex = (b: Uint8Array) => createHash("md5").update(b).digest("hex");
const sha256hex = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Flashes one device to the board on `port` and verifies it. */
export async function flashDevice(o: FlashOptions): Promise<FlashResult> {
  const t0 = performance.now();
  const progress = o.onProgress ?? (() => {});
  if (!o.connected) progress("connect", o.port);
  const board = o.connected ?? (await connectBoard(o.port, o.esptool));
  try {
    progress("plan", `${board.info.mac}: table at ${hex(board.info.tableOffset)}`);
    const plans = planWrites(board.info, o.device);
    const written: WrittenPartition[] = [];
    for (const plan of plans) written.push(await writeOne(board, plan, progress));
    progress("readback", "fctry");
    const identity = await verifyReadback(board, plans, o.device);
    if (!o.connected) await board.session.reset();
    const i = board.info;
    return {
      port: o.port,
      mac: i.mac,
      chip: i.chip,
      flashSize: i.flashSize,
      flashEncrypted: i.flashEncrypted,
      tableOffset: i.tableOffset,
      device: o.device.name,
      written,
      verified: { md5: true, readback: true, ...identity },
      seconds: Math.round((performance.now() - t0) / 10) / 100,
    };
  } finally {
    if (!o.connected) board.session.close();
  }
}

async function writeOne(board: ConnectedBoard, plan: PlannedWrite, progress: (p: FlashPhase, d?: string) => void): Promise<WrittenPartition> {
  const { session, info } = board;
  const p = plan.partition;
  const base = { name: p.name, role: plan.role, offset: p.offset, size: p.size, imageSize: plan.image.length, sha256: sha256hex(plan.image), encrypted: plan.encrypted };
  if (plan.role === "esp_secure_cert") {
    const unchanged = await guardSecureCert(session, info, plan);
    if (unchanged) return { ...base, verified: "unchanged" };
  }
  progress("write", `${p.name} at ${hex(p.offset)} (${p.size} bytes${plan.encrypted ? ", encrypted" : ""})`);
  try {
    await session.write(p.offset, plan.bytes, plan.encrypted);
  } catch (e) {
    if (!(e instanceof LineError)) throw e;
    const what = `board ${info.mac} on ${info.port}: writing ${p.name} at ${hex(p.offset)} failed`;
    throw new LineError(e.id, `${what} — the partition may hold part of the image, flash this device to this board again: ${e.detail ?? e.message}`, info.port, e.detail);
  }
  if (plan.encrypted) return { ...base, verified: "encrypted" };
  progress("verify", `${p.name} MD5`);
  const flashMd5 = await session.md5(p.offset, p.size);
  if (flashMd5 !== md5hex(plan.bytes)) {
    throw new LineError("verify.md5", `board ${info.mac} partition ${p.name}: MD5 after writing is ${flashMd5}, the image's is ${md5hex(plan.bytes)}`, info.port);
  }
  return { ...base, verified: plan.role === "fctry" ? "md5+readback" : "md5" };
}

/**
 * A pre-provisioned module's esp_secure_cert holds Espressif's DAC: never overwrite it. Returns true
 * when it already holds exactly this image (a retry on the same board), refuses when it holds other
 * data, and lets an erased partition be written.
 */
async function guardSecureCert(session: EsptoolSession, info: ConnectedBoard["info"], plan: PlannedWrite): Promise<boolean> {
  const p = plan.partition;
  if (!plan.encrypted && (await session.md5(p.offset, p.size)) === md5hex(plan.bytes)) return true;
  const head = await session.read(p.offset, 0x40);
  if (head.every((b) => b === 0xff)) return false;
  throw new LineError("write.provisioned", `board ${info.mac}: esp_secure_cert at ${hex(p.offset)} already holds data (a pre-provisioned module); refusing to overwrite it — flash this device without its esp_secure_cert image`, info.port);
}

/** Reads back the non-blank pages of the fctry image and checks bytes and identity with our reader. */
async function verifyReadback(board: ConnectedBoard, plans: PlannedWrite[], device: DeviceImages): Promise<Identity> {
  const plan = plans.find((x) => x.role === "fctry")!;
  const { session, info } = board;
  const pages = usedPages(plan.image);
  const back = new Uint8Array(pages * NVS_PAGE).fill(0xff);
  if (pages) back.set(await session.read(plan.partition.offset, pages * NVS_PAGE), 0);
  const want = plan.bytes.subarray(0, pages * NVS_PAGE);
  const fail = (why: string) => new LineError("verify.readback", `board ${info.mac} partition fctry read back: ${why}`, info.port);
  const diff = back.findIndex((b, k) => b !== want[k]);
  if (diff >= 0) throw fail(`byte ${hex(plan.partition.offset + diff)} is 0x${back[diff].toString(16)}, the image has 0x${want[diff].toString(16)}`);
  const keys = device.nvsKeys ? parseKeyPartition(device.nvsKeys) : undefined;
  const got = parseFctry(back, keys);
  for (const k of ["serialNumber", "discriminator", "vendorId", "productId"] as const) {
    if (got[k] !== device.expect[k]) throw fail(`our NVS reader finds ${k} ${JSON.stringify(got[k])}, expected ${JSON.stringify(device.expect[k])}`);
  }
  return strip({ serialNumber: got.serialNumber, discriminator: got.discriminator, vendorId: got.vendorId, productId: got.productId });
}

/** Pages up to the last one that is not erased (the MD5 already covers the whole partition). */
function usedPages(image: Uint8Array): number {
  let last = 0;
  for (let at = 0; at < image.length; at += NVS_PAGE) if (image.subarray(at, at + NVS_PAGE).some((b) => b !== 0xff)) last = at / NVS_PAGE + 1;
  return last;
}
