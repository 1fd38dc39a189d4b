// The partition table CSV as ESP-IDF's gen_esp32part.py reads it (components/partition_table/
// gen_esp32part.py): name, type, subtype, offset, size, flags; an empty offset follows the previous row
// (data 4 KiB, app 64 KiB aligned); `#` starts a comment. Also readPartitionTable, which takes either form.

import { type PartitionEntry, parsePartitionTable } from "./binary.js";

const TYPES: Record<string, number> = { app: 0x00, data: 0x01 };
const SUBTYPES: Record<string, number> = {
  factory: 0x00, test: 0x20, ota: 0x00, phy: 0x01, nvs: 0x02, coredump: 0x03, nvs_keys: 0x04, efuse: 0x05, undefined: 0x06,
  esphttpd: 0x80, fat: 0x81, spiffs: 0x82, littlefs: 0x83,
};
const MB = 1024 * 1024;

function parseNumber(text: string, what: string): number {
  const m = /^(0x[0-9a-f]+|\d+)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`${what} ${JSON.stringify(text)}: not a number`);
  const unit = m[2].toLowerCase() === "k" ? 1024 : m[2].toLowerCase() === "m" ? MB : 1;
  return Number(m[1]) * unit;
}

function parseSubtype(text: string, type: number, what: string): number {
  if (text === "") return type === 0 ? 0 : 0x06; // gen_esp32part.py: an empty data subtype is "undefined"
  if (type === 0 && /^ota_(\d+)$/.test(text)) return 0x10 + Number(text.slice(4));
  return SUBTYPES[text] ?? parseNumber(text, what);
}

/** The CSV's rows; `tableOffset` is CONFIG_PARTITION_TABLE_OFFSET (the first free offset follows its sector). */
export function parsePartitionCsv(text: string, tableOffset = 0x8000): PartitionEntry[] {
  const rows: PartitionEntry[] = [];
  let next = tableOffset + 0x1000;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length < 5) throw new Error(`partition table line ${i + 1}: needs name, type, subtype, offset, size`);
    const [name, typeText, subtypeText, offsetText, sizeText, flagsText = ""] = cells;
    const type = TYPES[typeText] ?? parseNumber(typeText, `line ${i + 1} type`);
    const subtype = parseSubtype(subtypeText, type, `line ${i + 1} subtype`);
    const align = type === 0 ? 0x10000 : 0x1000;
    const offset = offsetText === "" ? Math.ceil(next / align) * align : parseNumber(offsetText, `line ${i + 1} offset`);
    const size = parseNumber(sizeText, `line ${i + 1} size`);
    const flags = flagsText.split(":").map((f) => f.trim());
    rows.push({ name, type, subtype, offset, size, encrypted: flags.includes("encrypted"), readonly: flags.includes("readonly") });
    next = offset + size;
  });
  return rows;
}

/** A table file in either form: binary tables start with the entry magic AA 50; anything else is CSV text. */
export function readPartitionTable(bytes: Uint8Array, tableOffset?: number): PartitionEntry[] {
  if (bytes.length >= 2 && bytes[0] === 0xaa && bytes[1] === 0x50) {
    const parsed = parsePartitionTable(bytes);
    if (!parsed.ok) throw new Error(`binary partition table: ${parsed.reason}`);
    return parsed.entries;
  }
  return parsePartitionCsv(new TextDecoder().decode(bytes), tableOffset);
}
