// Does a partition table keep a pre-provisioned module's esp_secure_cert partition? Reads ESP-IDF
// partition tables — CSV (gen_esp32part.py's input) or the binary table (32-byte entries, magic AA 50;
// components/partition_table/gen_esp32part.py) — and checks that a type-0x3F row named esp_secure_cert
// sits at 0xD000/0x2000 with nothing else over it, so the NVS runtime never formats the module's DAC.

import {
  SECURE_CERT_PARTITION_NAME, SECURE_CERT_PARTITION_OFFSET, SECURE_CERT_PARTITION_SIZE, SECURE_CERT_PARTITION_TYPE,
} from "../../modules/secure-cert/index.js";

export interface PartitionRow {
  name: string;
  type: number;
  subtype: number;
  offset: number;
  size: number;
  flags: number;
}

const TYPES: Record<string, number> = { app: 0x00, data: 0x01 };
const SUBTYPES: Record<string, number> = {
  factory: 0x00, test: 0x20, ota: 0x00, phy: 0x01, nvs: 0x02, coredump: 0x03, nvs_keys: 0x04, efuse: 0x05, undefined: 0x06,
  esphttpd: 0x80, fat: 0x81, spiffs: 0x82, littlefs: 0x83,
};
const FLAG_BITS: Record<string, number> = { encrypted: 1, readonly: 2 };
const ENTRY_MAGIC = 0x50aa;
const ENTRY_SIZE = 32;
const MB = 1024 * 1024;

function parseNumber(text: string, what: string): number {
  const t = text.trim();
  const m = /^(0x[0-9a-f]+|\d+)([km]?)$/i.exec(t);
  if (!m) throw new Error(`${what} ${JSON.stringify(text)}: not a number`);
  const unit = m[2].toLowerCase() === "k" ? 1024 : m[2].toLowerCase() === "m" ? MB : 1;
  return Number(m[1]) * unit;
}

/** The CSV as gen_esp32part.py reads it: empty offsets follow the previous row (data 4 KiB, app 64 KiB aligned). */
export function parsePartitionCsv(text: string, tableOffset = 0x8000): PartitionRow[] {
  const rows: PartitionRow[] = [];
  let next = tableOffset + 0x1000;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length < 5) throw new Error(`partition table line ${i + 1}: needs name, type, subtype, offset, size`);
    const [name, typeText, subtypeText, offsetText, sizeText, flagsText = ""] = cells;
    const type = TYPES[typeText] ?? parseNumber(typeText, `line ${i + 1} type`);
    const subtype = subtypeText === "" ? (type === 0 ? 0 : 0x06) : (type === 0 && /^ota_(\d+)$/.test(subtypeText) ? 0x10 + Number(subtypeText.slice(4)) : SUBTYPES[subtypeText] ?? parseNumber(subtypeText, `line ${i + 1} subtype`));
    const align = type === 0 ? 0x10000 : 0x1000;
    const offset = offsetText === "" ? Math.ceil(next / align) * align : parseNumber(offsetText, `line ${i + 1} offset`);
    const size = parseNumber(sizeText, `line ${i + 1} size`);
    const flags = flagsText.split(":").map((f) => f.trim()).filter(Boolean).reduce((acc, f) => acc | (FLAG_BITS[f] ?? 0), 0);
    rows.push({ name, type, subtype, offset, size, flags });
    next = offset + size;
  });
  return rows;
}

/** The binary table (as flashed at CONFIG_PARTITION_TABLE_OFFSET, or read back from a board). */
export function parsePartitionBinary(bytes: Uint8Array): PartitionRow[] {
  const rows: PartitionRow[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + ENTRY_SIZE <= bytes.length; at += ENTRY_SIZE) {
    if (view.getUint16(at, true) !== ENTRY_MAGIC) break; // EB EB = MD5 entry, FF FF = end
    let name = "";
    for (let i = 12; i < 28 && bytes[at + i] !== 0; i++) name += String.fromCharCode(bytes[at + i]);
    rows.push({ name, type: bytes[at + 2], subtype: bytes[at + 3], offset: view.getUint32(at + 4, true), size: view.getUint32(at + 8, true), flags: view.getUint32(at + 28, true) });
  }
  return rows;
}

/** Binary tables start with the entry magic AA 50; anything else is read as CSV text. */
export function parsePartitionTable(bytes: Uint8Array, tableOffset?: number): PartitionRow[] {
  if (bytes.length >= 2 && bytes[0] === 0xaa && bytes[1] === 0x50) return parsePartitionBinary(bytes);
  return parsePartitionCsv(new TextDecoder().decode(bytes), tableOffset);
}

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** One line per way the table would damage or hide a module's esp_secure_cert partition (empty = keeps it). */
export function secureCertTableProblems(rows: readonly PartitionRow[]): string[] {
  const problems: string[] = [];
  const start = SECURE_CERT_PARTITION_OFFSET;
  const end = start + SECURE_CERT_PARTITION_SIZE;
  const row = rows.find((r) => r.name === SECURE_CERT_PARTITION_NAME);
  if (!row) problems.push(`no "${SECURE_CERT_PARTITION_NAME}" partition: esp_secure_cert_mgr finds the DAC by that name (type 0x3F at ${hex(start)})`);
  else {
    if (row.type !== SECURE_CERT_PARTITION_TYPE) problems.push(`partition "${row.name}": type ${hex(row.type)}, must be 0x3F`);
    if (row.offset !== start || row.size !== SECURE_CERT_PARTITION_SIZE) {
      problems.push(`partition "${row.name}" at ${hex(row.offset)} size ${hex(row.size)}: modules are provisioned at ${hex(start)} size ${hex(SECURE_CERT_PARTITION_SIZE)}`);
    }
  }
  for (const r of rows) {
    if (r === row) continue;
    if (r.offset < end && r.offset + r.size > start) {
      problems.push(`partition "${r.name}" (${hex(r.offset)}-${hex(r.offset + r.size - 1)}) overlaps esp_secure_cert ${hex(start)}-${hex(end - 1)}: it would overwrite a pre-provisioned module's DAC`);
    }
  }
  return problems;
}

/** The table itself must end before 0xD000 (CONFIG_PARTITION_TABLE_OFFSET + 0x1000). */
export function tableOffsetProblem(tableOffset: number): string | undefined {
  return tableOffset + 0x1000 > SECURE_CERT_PARTITION_OFFSET
    ? `partition table at ${hex(tableOffset)} (to ${hex(tableOffset + 0xfff)}) overlaps esp_secure_cert at ${hex(SECURE_CERT_PARTITION_OFFSET)}`
    : undefined;
}
