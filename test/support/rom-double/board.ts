// Flash images of boards for the line tests: a partition table at 0x8000 (ESP-IDF default) or
// 0xC000 (esp-matter's layout, with esp_secure_cert at 0xD000), and seeded bytes.
import { createHash } from "node:crypto";
import { DATA, encodePartitionTable, type PartitionEntry, SUBTYPE_NVS, SUBTYPE_NVS_KEYS } from "../../../host-tools/partition-table/binary.js";

export const MB = 1024 * 1024;

/** Deterministic bytes (SHA-256 counter stream). */
export function seededBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, n = 0; i < length; n++) {
    const block = createHash("sha256").update(`seed ${seed} block ${n}`).digest();
    out.set(block.subarray(0, Math.min(32, length - i)), i);
    i += 32;
  }
  return out;
}

const part = (name: string, type: number, subtype: number, offset: number, size: number, encrypted = false): PartitionEntry => ({
  name, type, subtype, offset, size, encrypted, readonly: false,
});

/** The table matter-factory shipped before it kept esp_secure_cert free (table at 0x8000): a board flashed with older firmware. */
export const OLD_PROJECT_TABLE: PartitionEntry[] = [
  part("nvs", DATA, SUBTYPE_NVS, 0x9000, 0xc000),
  part("nvs_keys", DATA, SUBTYPE_NVS_KEYS, 0x15000, 0x1000, true),
  part("otadata", DATA, 0x00, 0x16000, 0x2000),
  part("phy_init", DATA, 0x01, 0x18000, 0x1000),
  part("ota_0", 0, 0x10, 0x20000, 0x1e0000),
  part("ota_1", 0, 0x11, 0x200000, 0x1e0000),
  part("fctry", DATA, SUBTYPE_NVS, 0x3e0000, 0x6000),
];

/** esp-matter's pre-provisioned-module layout: table at 0xC000, esp_secure_cert at 0xD000 (ref: esp-matter partitions). */
export const ESP_MATTER_TABLE: PartitionEntry[] = [
  part("esp_secure_cert", 0x3f, 0x06, 0xd000, 0x2000, true), // subtype as gen_esp32part.py gives the empty field
  part("nvs", DATA, SUBTYPE_NVS, 0x10000, 0xc000),
  part("nvs_keys", DATA, SUBTYPE_NVS_KEYS, 0x1c000, 0x1000, true),
  part("otadata", DATA, 0x00, 0x1d000, 0x2000),
  part("phy_init", DATA, 0x01, 0x1f000, 0x1000),
  part("ota_0", 0, 0x10, 0x20000, 0x1e0000),
  part("ota_1", 0, 0x11, 0x200000, 0x1e0000),
  part("fctry", DATA, SUBTYPE_NVS, 0x3e0000, 0x6000),
];

export interface BoardImageOptions {
  table?: PartitionEntry[];
  tableOffset?: number;
  flashSize?: number;
  /** Bytes to place at an offset (e.g. a pre-provisioned esp_secure_cert at 0xD000). */
  contents?: { offset: number; bytes: Uint8Array }[];
}

export function boardFlash(o: BoardImageOptions = {}): Uint8Array {
  const flash = new Uint8Array(o.flashSize ?? 4 * MB).fill(0xff);
  flash.set(seededBytes(0x4000, 99), 0); // a "bootloader"
  if (o.table !== undefined) flash.set(encodePartitionTable(o.table), o.tableOffset ?? 0x8000);
  for (const c of o.contents ?? []) flash.set(c.bytes, c.offset);
  return flash;
}

export { part };
