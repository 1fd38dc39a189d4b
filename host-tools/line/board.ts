// What a connected board is: chip, MAC, flash size and encryption state (from esptool), its own
// partition table read from its flash (ESP-IDF's 0x8000, else esp-matter's 0xC000), and what its
// fctry partition holds, parsed with our NVS reader.
import { createHash } from "node:crypto";
import { factoryDataFromEntries } from "../../modules/factory/index.js";
import { readNvsImage } from "../../modules/nvs/reader.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import { type ConnectInfo, type EsptoolOptions, EsptoolSession } from "./esptool.js";
import { LineError } from "./flash-errors.js";
import { hex, PARTITION_TABLE_MAX_LEN, type PartitionEntry, parsePartitionTable, tableEnd } from "../partition-table/binary.js";

/** Where a partition table may sit: ESP-IDF's default, then esp-matter's (CONFIG_PARTITION_TABLE_OFFSET=0xC000). */
export const TABLE_OFFSETS = [0x8000, 0xc000] as const;
export const NVS_PAGE = 0x1000;

export interface FctryContents {
  /** SHA-256 of the bytes read (the non-blank pages: reading stops at the first erased page). */
  sha256: string;
  bytesRead: number;
  /** False when the pages are not an NVS image our reader can read (or NVS-encrypted without keys). */
  readable: boolean;
  serialNumber?: string;
  discriminator?: number;
  vendorId?: number;
  productId?: number;
}

export interface BoardInfo {
  port: string;
  chip: string;
  mac: string;
  flashSize: number;
  flashEncrypted: boolean;
  tableOffset: number;
  table: PartitionEntry[];
  /** null: the board has no fctry partition or it is erased. */
  fctry: FctryContents | null;
}

/** A connected, checked board: the session stays open for writing. */
export interface ConnectedBoard {
  session: EsptoolSession;
  info: Omit<BoardInfo, "fctry">;
}

const SIZES: Record<string, number> = { "256KB": 0x40000, "512KB": 0x80000, "1MB": 1 << 20, "2MB": 2 << 20, "4MB": 4 << 20, "8MB": 8 << 20, "16MB": 16 << 20, "32MB": 32 << 20, "64MB": 64 << 20, "128MB": 128 << 20 };

/** Connects, refuses a board that is not an ESP32-C3, reads and checks its partition table. */
export async function connectBoard(port: string, esptool: EsptoolOptions = {}): Promise<ConnectedBoard> {
  const { session, info } = await EsptoolSession.open(port, esptool);
  try {
    const chip = checkChip(port, info);
    const { tableOffset, table } = await readTable(session, port);
    const end = tableEnd(table);
    if (end > chip.flashSize) {
      throw new LineError("board.flash-too-small", `board ${chip.mac} on ${port}: flash is ${chip.flashSize / (1 << 20)} MB but its partition table (at ${hex(tableOffset)}) ends at ${hex(end)}; refusing to write`, port);
    }
    return { session, info: { port, ...chip, tableOffset, table } };
  } catch (e) {
    session.close();
    throw e;
  }
}

function checkChip(port: string, info: ConnectInfo): { chip: string; mac: string; flashSize: number; flashEncrypted: boolean } {
  if (info.chip !== "ESP32-C3") {
    throw new LineError("board.wrong-chip", `board on ${port}: chip is ${info.chip}, not an ESP32-C3; refusing to write`, port);
  }
  const mac = info.mac ?? "";
  const flashSize = info.flashSize ? SIZES[info.flashSize] : undefined;
  if (!flashSize) {
    throw new LineError("board.flash-unknown", `board ${mac} on ${port}: flash id 0x${(info.flashId ?? 0).toString(16)} has no known size; cannot check the partition table fits`, port);
  }
  return { chip: info.chip, mac, flashSize, flashEncrypted: !!info.flashEncryption };
}

/** Reads the table in 0x100-byte steps until its MD5 entry or end marker (a table is rarely > 0x200 bytes). */
async function readTable(session: EsptoolSession, port: string): Promise<{ tableOffset: number; table: PartitionEntry[] }> {
  const reasons: string[] = [];
  for (const offset of TABLE_OFFSETS) {
    const head = await session.read(offset, 0x40);
    if (!(head[0] === 0xaa && head[1] === 0x50)) {
      reasons.push(`${hex(offset)}: ${head.every((b) => b === 0xff) ? "erased" : "no table magic"}`);
      continue;
    }
    let bytes = head;
    let parsed = parsePartitionTable(bytes);
    while (!parsed.ok && bytes.length < PARTITION_TABLE_MAX_LEN && endsInsideEntries(bytes)) {
      const more = await session.read(offset + bytes.length, Math.min(0x100, PARTITION_TABLE_MAX_LEN - bytes.length));
      bytes = concat(bytes, more);
      parsed = parsePartitionTable(bytes);
    }
    if (parsed.ok) return { tableOffset: offset, table: parsed.entries };
    reasons.push(`${hex(offset)}: ${parsed.reason}`);
  }
  throw new LineError("board.no-table", `board on ${port}: no valid partition table (${reasons.join("; ")}); flash the firmware first`, port);
}

/** True while every 32-byte entry read so far is a partition entry (the table goes on). */
function endsInsideEntries(bytes: Uint8Array): boolean {
  for (let at = 0; at + 32 <= bytes.length; at += 32) if (!(bytes[at] === 0xaa && bytes[at + 1] === 0x50)) return false;
  return true;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

export function fctryPartition(table: readonly PartitionEntry[]): PartitionEntry | undefined {
  return table.find((p) => p.name === "fctry");
}

/** Reads the partition page by page up to the first erased page (NVS images fill pages in order). */
export async function readNvsPages(session: EsptoolSession, p: PartitionEntry, maxPages = Infinity): Promise<Uint8Array> {
  const pages: Uint8Array[] = [];
  for (let at = 0; at < p.size && pages.length < maxPages; at += NVS_PAGE) {
    const header = await session.read(p.offset + at, 0x40);
    if (header.every((b) => b === 0xff)) break;
    pages.push(concat(header, await session.read(p.offset + at + 0x40, NVS_PAGE - 0x40)));
  }
  const out = new Uint8Array(pages.length * NVS_PAGE);
  pages.forEach((pg, i) => out.set(pg, i * NVS_PAGE));
  return out;
}

/** The identity values our reader finds in NVS pages (serial, discriminator, VID/PID). */
export function parseFctry(bytes: Uint8Array, keys?: NvsKeys): FctryContents {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let readable = false;
  const out: FctryContents = { sha256, bytesRead: bytes.length, readable };
  try {
    const r = readNvsImage(bytes, { keys });
    const { data } = factoryDataFromEntries(r.entries);
    readable = r.entries.length > 0;
    Object.assign(out, { readable, serialNumber: data.serialNumber, discriminator: data.discriminator, vendorId: data.vendorId, productId: data.productId });
  } catch {
    /* not NVS: readable stays false */
  }
  for (const k of Object.keys(out) as (keyof FctryContents)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** What the fctry partition of a connected board holds (null: no fctry partition, or erased). */
export async function readFctry(board: ConnectedBoard, keys?: NvsKeys): Promise<FctryContents | null> {
  const p = fctryPartition(board.info.table);
  const bytes = p ? await readNvsPages(board.session, p) : new Uint8Array(0);
  return bytes.length ? parseFctry(bytes, keys) : null;
}

/** For the station: who the board is and what its fctry holds. One connection, closed at the end. */
export async function readBoard(opts: { port: string; esptool?: EsptoolOptions; keys?: NvsKeys }): Promise<BoardInfo> {
  const board = await connectBoard(opts.port, opts.esptool);
  try {
    return { ...board.info, fctry: await readFctry(board, opts.keys) };
  } finally {
    board.session.close();
  }
}
