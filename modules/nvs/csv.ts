// CSV front end of the NVS generator: text → NvsRow[], with the semantics of ESP-IDF's
// esp-idf-nvs-partition-gen 0.2.0 ("GEN"), docs/nvs-format.md §CSV input, §Generator write order (Wi-Fi key insertions).
// GEN reads the CSV with Python's csv.DictReader after dropping lines that start with "#"; values
// are then decoded with Python's int(), binascii.a2b_hex / a2b_base64 and str.strip(). Those
// Python behaviours are restated here so that every CSV GEN accepts yields the same image.

import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { fromHex } from "../bytes/hex.js";
import { utf8Decode, utf8Encode } from "../bytes/utf8.js";
import { INT_TYPE_RANGES, MAX_KEY_LENGTH, NvsInputError, type NvsIntType, type NvsRow } from "./types.js";
import { isPythonSpace, parsePythonInt } from "./writer.js";
import { CSV_FIELD_LIMIT, CsvSyntaxError, tokenizeCsv, type CsvDialect, type CsvRecord } from "../csv/tokenizer.js";

export { CSV_FIELD_LIMIT, type CsvRecord };

/** Ids of the NvsInputErrors this front end throws ("nvs-csv.<rule>", modules/errors/input-error.ts). */
export type NvsCsvErrorId =
  | "nvs-csv.field-size" // a field longer than Python csv's field size limit
  | "nvs-csv.header-column" // the header lacks one of key, type, encoding, value
  | "nvs-csv.key-missing" // a row shorter than the header's key column
  | "nvs-csv.key-length" // a key longer than 15 characters
  | "nvs-csv.key-ascii" // a key with a non-ASCII character
  | "nvs-csv.file-path-missing" // a file row without a value (path) cell
  | "nvs-csv.file-unreadable" // a file row whose path cannot be read
  | "nvs-csv.file-encoding" // file contents with an encoding GEN cannot apply to bytes (STRING, blob_fill)
  | "nvs-csv.encoding-missing" // a row without an encoding cell
  | "nvs-csv.encoding" // an encoding GEN does not know
  | "nvs-csv.value-missing" // a data row without a value cell
  | "nvs-csv.base64" // a base64 value a2b_base64 rejects
  | "nvs-csv.binary-ascii" // non-ASCII text for binary (or undecoded HEX2BIN/BASE64) data
  | "nvs-csv.hex-length" // a hex2bin value of odd length
  | "nvs-csv.hex" // a hex2bin value with a non-hex digit
  | "nvs-csv.utf8" // file contents for a string that are not UTF-8
  | "nvs-csv.int-syntax" // an integer value Python's int() rejects
  | "nvs-csv.int-range" // an integer outside its type's range
  | "nvs-csv.blob-fill-syntax" // a blob_fill/blob_sz_fill encoding not of the form (N;0xPP)
  | "nvs-csv.blob-fill-length" // a blob_fill length above the largest blob we write
  | "nvs-csv.blob-fill-overflow"; // a value longer than its blob_fill length

function nvsCsvError(id: NvsCsvErrorId, message: string): NvsInputError {
  return new NvsInputError(id, message);
}

/** How `file` rows are resolved: GEN opens the path relative to its current working directory. */
export type ReadFile = (path: string) => Uint8Array;

/**
 * GEN's CSV dialect: the file opened in text mode (universal newlines: "\r\n" and "\r" become "\n",
 * also inside quoted values), physical lines starting with "#" dropped *before* csv.reader (even
 * inside a quoted value), Python's default field size limit; an open quote at the end is kept.
 */
export const NVS_GEN_DIALECT: CsvDialect = { foldNewlines: true, dropCommentLines: true, fieldSizeLimit: CSV_FIELD_LIMIT };

/**
 * Splits CSV text into records like GEN (modules/csv/tokenizer.ts with NVS_GEN_DIALECT): quoted
 * fields may span lines and keep their "\n", `""` inside quotes is one quote, text after a closing
 * quote is appended, a blank line is an empty record. No whitespace is trimmed.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  try {
    return tokenizeCsv(text, NVS_GEN_DIALECT);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    throw nvsCsvError("nvs-csv.field-size", `CSV line ${e.line}: field longer than ${CSV_FIELD_LIMIT} characters (Python csv field size limit)`);
  }
}

/** Python bytes.strip() whitespace: space \t \n \r \v \f. */
function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/**
 * Python binascii.a2b_base64 in its default (non-strict) mode: characters outside the alphabet are
 * skipped; decoding stops at the first complete padding ("xx==" or "xxx="), ignoring what follows;
 * "=" that cannot pad is skipped; leftover bits without padding are an error. Returns null on error.
 * Text must be ASCII (Python raises otherwise); bytes may contain anything.
 */
export function pythonBase64Decode(input: string | Uint8Array): Uint8Array | null {
  const n = input.length;
  const at = typeof input === "string" ? (i: number) => input.charCodeAt(i) : (i: number) => input[i];
  if (typeof input === "string") for (let i = 0; i < n; i++) if (at(i) > 0x7f) return null;
  const out = new Uint8Array(Math.floor((n * 3) / 4) + 3);
  let o = 0;
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < n; i++) {
    const c = at(i);
    if (c === 61 /* = */) {
      if (quad >= 2 && quad + ++pads >= 4) return out.slice(0, o);
      continue;
    }
    const v = B64[c] ?? -1;
    if (v < 0) continue;
    pads = 0;
    switch (quad) {
      case 0: left = v; quad = 1; break;
      case 1: out[o++] = (left << 2) | (v >> 4); left = v & 0x0f; quad = 2; break;
      case 2: out[o++] = ((left << 4) | (v >> 2)) & 0xff; left = v & 0x03; quad = 3; break;
      default: out[o++] = ((left << 6) | v) & 0xff; quad = 0; break;
    }
  }
  return quad === 0 ? out.slice(0, o) : null;
}

const B64: number[] = [];
for (let i = 0; i < 64; i++) B64["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".charCodeAt(i)] = i;

const INT_TYPES: readonly string[] = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64"];

function show(value: string | Uint8Array | null): string {
  if (value === null) return "(missing)";
  if (value instanceof Uint8Array) return `<file, ${value.length} bytes>`;
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff)) n++;
  }
  return n;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Wi-Fi keys GEN ≥ 0.1.8 completes with extra entries (§5.1). */
const STA_KEYS = ["sta.ssid", "sta.pswd"];
const AP_KEYS = ["ap.ssid", "ap.passwd", "ap.authmode"];

/**
 * Parses an NVS CSV (header `key,type,encoding,value`, looked up by name) into rows exactly as GEN
 * interprets it, including its quirks: encodings are lower-cased only after decoding (so `U8`
 * works, `HEX2BIN`/`BASE64` store the text undecoded and `STRING` stores no NUL), `file` values are
 * read with `readFile`, and rows with keys sta.ssid/sta.pswd/ap.* get the generator's extra Wi-Fi
 * entries. Throws NvsInputError (one line: CSV line, key, value, rule) wherever GEN fails, and also
 * where GEN would silently write a corrupt item (non-ASCII keys, non-ASCII `binary` text).
 */
export function parseNvsCsv(text: string, readFile: ReadFile, location: (line: number) => string = (line) => `CSV line ${line}`): NvsRow[] {
  const records = parseCsvRecords(text);
  const rows: NvsRow[] = [];
  if (records.length === 0) return rows;
  const header = records[0].fields; // csv.DictReader takes the first record, even an empty one
  const wifi: WifiState = { apSsid: null, apPasswd: null, apAuthmode: null, staExtrasWritten: false };
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    if (rec.fields.length === 0) continue; // DictReader skips blank records
    rows.push(...recordRows(recordCells(header, rec.fields, location(rec.line)), readFile, wifi));
  }
  return rows;
}

type Cell = (name: string) => string | null;
type Fail = (id: NvsCsvErrorId, v: string | Uint8Array | null, rule: string) => never;

/** dict(zip(header, fields)), then missing trailing columns set to None (later names win). */
function recordCells(header: readonly string[], fields: readonly string[], where: string): { cell: Cell; where: string } {
  const cells = new Map<string, string | null>();
  const n = Math.min(header.length, fields.length);
  for (let i = 0; i < n; i++) cells.set(header[i], fields[i]);
  for (let i = fields.length; i < header.length; i++) cells.set(header[i], null);
  const cell = (name: string): string | null => {
    if (!cells.has(name)) {
      throw nvsCsvError("nvs-csv.header-column", `${where}: header has no "${name}" column (expected the header row key,type,encoding,value)`);
    }
    return cells.get(name) ?? null;
  };
  return { cell, where };
}

/** The Wi-Fi keys GEN treats specially (§5.1), across rows. */
interface WifiState {
  apSsid: string | null;
  apPasswd: string | null;
  apAuthmode: string | null;
  staExtrasWritten: boolean;
}

/** The NVS rows one CSV record makes. */
function recordRows({ cell, where }: { cell: Cell; where: string }, readFile: ReadFile, wifi: WifiState): NvsRow[] {
  const key = cell("key");
  const type = cell("type");
  const encoding = cell("encoding");
  const value = cell("value");
  if (key === null) throw nvsCsvError("nvs-csv.key-missing", `${where}: row has no key cell`);
  const at = `${where}, key ${JSON.stringify(key)}`;
  if (codePointLength(key) > MAX_KEY_LENGTH) throw nvsCsvError("nvs-csv.key-length", `${at}: longer than ${MAX_KEY_LENGTH} characters`);
  // GEN copies key.encode() into a slice sized by character count: non-ASCII corrupts the entry
  if (!isAscii(key)) throw nvsCsvError("nvs-csv.key-ascii", `${at}: key must be ASCII`);
  const rows: NvsRow[] = [];
  if (AP_KEYS.includes(key)) rows.push(...apRows(wifi, key, value));
  if (STA_KEYS.includes(key)) {
    // GEN writes these straight from the cell: no `file` read, no namespace handling
    rows.push(decodeEntry(at, key, value, encoding));
    if (!wifi.staExtrasWritten) {
      rows.push({ kind: "data", key: "sta.apinfo", type: "blob", value: new Uint8Array(140).fill(0xff) });
      rows.push({ kind: "data", key: "sta.pmk", type: "blob", value: new Uint8Array(32) });
      rows.push({ kind: "data", key: "sta.apsw", type: "blob", value: new Uint8Array(2) });
      wifi.staExtrasWritten = true;
    }
  } else if (type === "namespace") rows.push({ kind: "namespace", name: key });
  else if (type === "file") rows.push(decodeEntry(at, key, fileBytes(readFile, at, value), encoding));
  else rows.push(decodeEntry(at, key, value, encoding)); // "data" and any other type
  return rows;
}

/** GEN re-emits ap.pmk_info before every ap.* row once ssid, password and authmode are set (§5.1). */
function apRows(wifi: WifiState, key: string, value: string | null): NvsRow[] {
  if (key === "ap.ssid") wifi.apSsid = value;
  if (key === "ap.passwd") wifi.apPasswd = value;
  if (key === "ap.authmode" && value !== "0") wifi.apAuthmode = value;
  if (!(wifi.apSsid && wifi.apPasswd && wifi.apAuthmode)) return [];
  const pmk = pbkdf2(sha1, utf8Encode(wifi.apPasswd), utf8Encode(wifi.apSsid), { c: 4096, dkLen: 32 });
  const info = new Uint8Array(132); // 100 zero bytes, then the PMK
  info.set(pmk, 100);
  return [{ kind: "data", key: "ap.pmk_info", type: "blob", value: info }];
}

function fileBytes(readFile: ReadFile, at: string, path: string | null): Uint8Array {
  if (path === null) throw nvsCsvError("nvs-csv.file-path-missing", `${at}: file row has no value (path) cell`);
  try {
    return readFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw nvsCsvError("nvs-csv.file-unreadable", `${at}: file ${JSON.stringify(path)} cannot be read (${why})`);
  }
}

/** GEN's NVS.write_entry: decode the value per encoding, then one NvsRow. */
function decodeEntry(at: string, k: string, v: string | Uint8Array | null, enc: string | null): NvsRow {
  const fail: Fail = (id, value, rule) => {
    throw nvsCsvError(id, `${at}: value ${show(value)} ${rule}`);
  };
  if (enc === null) throw nvsCsvError("nvs-csv.encoding-missing", `${at}: row has no encoding cell`);
  if (enc.startsWith("blob_fill") || enc.startsWith("blob_sz_fill")) return { kind: "data", key: k, type: "blob", value: blobFill(enc, v, fail, at) };
  if (enc === "hex2bin") return { kind: "data", key: k, type: "blob", value: decodeHex2bin(v, fail) };
  if (enc === "base64") {
    if (v === null) fail("nvs-csv.value-missing", v, "is required for base64");
    const bytes = pythonBase64Decode(v as string | Uint8Array);
    if (bytes === null) fail("nvs-csv.base64", v, "is not valid base64 (incomplete final group or non-ASCII text)");
    return { kind: "data", key: k, type: "blob", value: bytes as Uint8Array };
  }
  if (enc === "string") return { kind: "data", key: k, type: "string", value: decodeString(v, fail) };
  const lower = enc.toLowerCase();
  if (lower === "string") {
    // e.g. "STRING": GEN skips the decode step, so no NUL is appended; file bytes crash GEN
    if (typeof v !== "string") fail("nvs-csv.file-encoding", v, `cannot be used with encoding ${JSON.stringify(enc)} (write "string")`);
    return { kind: "data", key: k, type: "string", value: utf8Encode(v as string) };
  }
  if (lower === "binary" || lower === "hex2bin" || lower === "base64") {
    // binary, or HEX2BIN/BASE64 (not decoded): the bytes or the cell text as-is
    if (v === null) fail("nvs-csv.value-missing", v, `is required for ${enc}`);
    if (typeof v === "string" && !isAscii(v)) {
      fail("nvs-csv.binary-ascii", v, `must be ASCII for ${enc} data (GEN sizes it by characters, not bytes)`);
    }
    return { kind: "data", key: k, type: "blob", value: typeof v === "string" ? asciiBytes(v) : (v as Uint8Array) };
  }
  if (INT_TYPES.includes(lower)) return decodeInt(k, v, lower as NvsIntType, fail);
  throw nvsCsvError("nvs-csv.encoding", `${at}: encoding ${JSON.stringify(enc)} is not one of u8, i8, u16, i16, u32, i32, u64, i64, string, hex2bin, base64, binary, blob_fill(N;0xPP), blob_sz_fill(N;0xPP)`);
}

function decodeHex2bin(v: string | Uint8Array | null, fail: Fail): Uint8Array {
  if (v === null) fail("nvs-csv.value-missing", v, "is required for hex2bin");
  const t = strip(v as string | Uint8Array);
  if (t.length % 2 !== 0) fail("nvs-csv.hex-length", v, `has odd length ${t.length} (hex2bin needs two hex digits per byte)`);
  try {
    return fromHex(typeof t === "string" ? t : latin1(t));
  } catch {
    return fail("nvs-csv.hex", v, "is not hexadecimal (hex2bin)");
  }
}

function decodeString(v: string | Uint8Array | null, fail: Fail): string {
  if (v === null) fail("nvs-csv.value-missing", v, "is required for string");
  if (!(v instanceof Uint8Array)) return v as string;
  try {
    return utf8Decode(v);
  } catch {
    return fail("nvs-csv.utf8", v, "is not valid UTF-8 (string)");
  }
}

function decodeInt(k: string, v: string | Uint8Array | null, type: NvsIntType, fail: Fail): NvsRow {
  if (v === null) fail("nvs-csv.value-missing", v, `is required for ${type}`);
  const n = typeof v === "string" ? parsePythonInt(v, 10) : parsePythonInt(latin1(v as Uint8Array), 10, true);
  if (n === null) return fail("nvs-csv.int-syntax", v, `is not a base-10 integer (${type})`);
  const range = INT_TYPE_RANGES[type];
  if (n < range.min || n > range.max) fail("nvs-csv.int-range", v, `is out of range ${range.min}..${range.max} for ${type}`);
  return { kind: "data", key: k, type, value: range.bytes === 8 ? n : Number(n) };
}

/** Bytes as one char per byte (for parsing ASCII text held in a file). */
function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 4096) s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 4096)));
  return s;
}

/** hex2bin strip: str.strip() on text, bytes.strip() on file contents. */
function strip(v: string | Uint8Array): string | Uint8Array {
  const space = typeof v === "string" ? isPythonSpace : isAsciiSpace;
  const at = typeof v === "string" ? (i: number) => v.charCodeAt(i) : (i: number) => v[i];
  let a = 0;
  let b = v.length;
  while (a < b && space(at(a))) a++;
  while (b > a && space(at(b - 1))) b--;
  return typeof v === "string" ? v.slice(a, b) : v.subarray(a, b);
}

/** Largest blob_fill length we accept (the largest v2 blob ESP-IDF reads back, writer.ts). */
const MAX_FILL = 508000;

/**
 * GEN ≥ 0.1.8 encodings blob_fill(N;0xPP) and blob_sz_fill(N;0xPP) (§6): the cell's UTF-8 bytes
 * padded to N bytes with PP; the _sz_ variant prefixes the text length as u32 LE. Like GEN, only
 * the start of the encoding is matched and an empty cell gives N fill bytes.
 */
function blobFill(enc: string, v: string | Uint8Array | null, fail: Fail, at: string): Uint8Array {
  const m = /^(blob_fill|blob_sz_fill)\(([0-9]+);(0x[0-9a-fA-F]{2})\)/.exec(enc);
  if (!m) throw nvsCsvError("nvs-csv.blob-fill-syntax", `${at}: encoding ${JSON.stringify(enc)} is not blob_fill(N;0xPP) or blob_sz_fill(N;0xPP) (N decimal, PP two hex digits)`);
  const length = Number(m[2]);
  if (length > MAX_FILL) throw nvsCsvError("nvs-csv.blob-fill-length", `${at}: encoding ${JSON.stringify(enc)}: length ${m[2]} is larger than ${MAX_FILL}`);
  const pad = parseInt(m[3].slice(2), 16);
  if (v instanceof Uint8Array) fail("nvs-csv.file-encoding", v, `cannot be a file with ${m[1]} (GEN fails on file rows here)`);
  const text = v ? utf8Encode(v as string) : new Uint8Array(0);
  if (text.length > length) fail("nvs-csv.blob-fill-overflow", v, `is ${text.length} bytes, longer than the ${length} of ${m[1]}`);
  const sized = m[1] === "blob_sz_fill";
  const head = sized ? 4 : 0;
  const out = new Uint8Array(head + length).fill(pad);
  if (sized) {
    out[0] = text.length & 0xff;
    out[1] = (text.length >>> 8) & 0xff;
    out[2] = (text.length >>> 16) & 0xff;
    out[3] = (text.length >>> 24) & 0xff;
  }
  out.set(text, head);
  return out;
}
