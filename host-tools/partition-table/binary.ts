// The ESP-IDF binary partition table as the bootloader reads it (esp-idf components/partition_table/
// gen_esp32part.py, esp_partition/include/esp_flash_partitions.h): 32-byte entries
//   u16 magic 0x50AA, u8 type, u8 subtype, u32 offset, u32 size, char name[16], u32 flags
// then an MD5 entry (0xEBEB, 14 bytes 0xFF, MD5 of the entries before it), then 0xFF to the end.
// Pure: no I/O, runs anywhere.
import { md5 } from "@noble/hashes/legacy.js";

export interface PartitionEntry {
  name: string;
  type: number; //    0 app, 1 data
  subtype: number;
  offset: number;
  size: number;
  encrypted: boolean; // flags bit 0
  readonly: boolean; //  flags bit 1
}

/** esp_flash_partitions.h: ESP_PARTITION_TABLE_MAX_LEN. */
export const PARTITION_TABLE_MAX_LEN = 0xc00;
export const PARTITION_TABLE_SIZE = 0x1000; // the sector the table occupies
const ENTRY = 32;
const MAGIC = 0x50aa;
const MD5_MAGIC = 0xebeb;

/** Data subtypes the line cares about (esp_partition.h ESP_PARTITION_SUBTYPE_DATA_*). */
export const DATA = 1;
export const SUBTYPE_NVS = 0x02;
export const SUBTYPE_NVS_KEYS = 0x04;

export type TableParse = { ok: true; entries: PartitionEntry[] } | { ok: false; reason: string };

/** Parses the table sector; never throws. `reason` says why it is not a table (blank, bad magic, bad MD5). */
export function parsePartitionTable(bytes: Uint8Array): TableParse {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: PartitionEntry[] = [];
  const limit = Math.min(bytes.length, PARTITION_TABLE_MAX_LEN);
  for (let at = 0; at + ENTRY <= limit; at += ENTRY) {
    const magic = view.getUint16(at, true);
    if (magic === MD5_MAGIC) {
      const want = md5(bytes.subarray(0, at));
      const have = bytes.subarray(at + 16, at + 32);
      if (!want.every((b, i) => b === have[i])) return { ok: false, reason: `MD5 entry at +${hex(at)} does not match the entries` };
      return entries.length ? { ok: true, entries } : { ok: false, reason: "no entries before the MD5 entry" };
    }
    if (magic === 0xffff) {
      if (at === 0) return { ok: false, reason: "blank (erased)" };
      return { ok: true, entries }; // a table written without MD5 (CONFIG_PARTITION_TABLE_MD5=n)
    }
    if (magic !== MAGIC) return { ok: false, reason: `entry at +${hex(at)}: magic ${hex(magic)}, expected 0x50aa` };
    entries.push(decodeEntry(bytes, view, at));
  }
  return { ok: false, reason: "no end marker within 0xc00 bytes" };
}

function decodeEntry(bytes: Uint8Array, view: DataView, at: number): PartitionEntry {
  const nameBytes = bytes.subarray(at + 12, at + 28);
  const end = nameBytes.indexOf(0);
  const name = String.fromCharCode(...nameBytes.subarray(0, end < 0 ? 16 : end));
  const flags = view.getUint32(at + 28, true);
  return {
    name,
    type: bytes[at + 2],
    subtype: bytes[at + 3],
    offset: view.getUint32(at + 4, true),
    size: view.getUint32(at + 8, true),
    encrypted: (flags & 1) !== 0,
    readonly: (flags & 2) !== 0,
  };
}

/** The table sector as gen_esp32part.py writes it (with the MD5 entry), padded with 0xFF to 0x1000. */
export function encodePartitionTable(entries: readonly PartitionEntry[]): Uint8Array {
  const out = new Uint8Array(PARTITION_TABLE_SIZE).fill(0xff);
  const view = new DataView(out.buffer);
  entries.forEach((e, i) => {
    const at = i * ENTRY;
    view.setUint16(at, MAGIC, true);
    out[at + 2] = e.type;
    out[at + 3] = e.subtype;
    view.setUint32(at + 4, e.offset, true);
    view.setUint32(at + 8, e.size, true);
    out.fill(0, at + 12, at + 28);
    for (let k = 0; k < e.name.length && k < 16; k++) out[at + 12 + k] = e.name.charCodeAt(k);
    view.setUint32(at + 28, (e.encrypted ? 1 : 0) | (e.readonly ? 2 : 0), true);
  });
  const at = entries.length * ENTRY;
  view.setUint16(at, MD5_MAGIC, true);
  out.set(md5(out.subarray(0, at)), at + 16);
  return out;
}

/** Where partitions end, for the flash-size check. */
export function tableEnd(entries: readonly PartitionEntry[]): number {
  return entries.reduce((m, e) => Math.max(m, e.offset + e.size), 0);
}

/** The partitions [offset, offset+size) overlaps, other than `except`. */
export function overlapping(entries: readonly PartitionEntry[], offset: number, size: number, except?: PartitionEntry): PartitionEntry[] {
  return entries.filter((e) => e !== except && offset < e.offset + e.size && e.offset < offset + size);
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
