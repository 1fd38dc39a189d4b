// NVS partition image writer: rows in, plaintext image out, byte-identical to ESP-IDF's generator
// esp-idf-nvs-partition-gen 0.2.0 ("GEN") for every input GEN accepts (docs/nvs-format.md).
// Layout facts: §1 pages, §2 entries, §3 CRC, §4 variable-length data, §5 order and page filling.

import { crc32 } from "../checksum/crc32.js";
import { utf8Encode } from "../bytes/utf8.js";
import {
  CHUNK_ANY,
  ENTRIES_PER_PAGE,
  ENTRY_SIZE,
  FIRST_ENTRY_OFFSET,
  BITMAP_OFFSET,
  ItemType,
  MAX_KEY_LENGTH,
  NvsInputError,
  PAGE_SIZE,
  PageState,
  VERSION_BYTE,
  INT_TYPE_RANGES,
  type NvsIntType,
  type NvsRow,
  type NvsValue,
} from "./types.js";

export interface NvsWriteOptions {
  /** Partition size in bytes: a multiple of 4096, ≥ 0x3000, or 0x1000/0x2000 for read-only partitions. */
  size: number;
  /** 2 (default): multi-page blobs; 1: legacy single-page BLOB items (§4.3). */
  version?: 1 | 2;
}

/** The CRC "previous value" GEN passes to zlib.crc32 (§3). */
const NVS_CRC_INIT = 0xffffffff;

/**
 * Largest v2 string payload (bytes incl. NUL) that GEN actually writes: a string item must fit with
 * one entry to spare (the off-by-one fit test, §5.3), so at most 1 + 124 entries → 124 × 32 bytes.
 * GEN declares 4000 but crashes with an uncaught PageFullError for 3969…4000 (§4.4); we reject.
 */
export const MAX_STRING_BYTES_V2 = 3968;
/** GEN max_blob_size[VERSION1]: strings and blobs in format v1, bytes incl. NUL (§4.3). */
export const MAX_VARLEN_BYTES_V1 = 1984;
/**
 * Largest v2 blob the runtime reads back: a BLOB_IDX with a larger size is erased as corrupt
 * (127 chunks × 4000 bytes, §4.2, TYPES checkHeaderConsistency). GEN has no limit; we reject.
 */
export const MAX_BLOB_BYTES_V2 = 508000;
/** Namespace indexes 1…254; 0 holds namespace definitions, 255 is the lookup wildcard (§2.4). */
export const MAX_NAMESPACES = 254;
/** Read-only partitions (§5.2): no reserved page, output holds only the pages used. */
const READ_ONLY_MAX_SIZE = 2 * PAGE_SIZE;
/** Minimum read/write partition: 3 pages (§5.4). */
const MIN_READ_WRITE_SIZE = 3 * PAGE_SIZE;
/** Our own ceiling, so a typo cannot allocate gigabytes (GEN has none). */
export const MAX_PARTITION_SIZE = 0x40000000;

function hexSize(n: number): string {
  return "0x" + n.toString(16);
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return String(value);
}

/** Checks a partition size; returns whether it is a read-only size (§5.4). */
function checkSize(size: number): boolean {
  if (!Number.isSafeInteger(size) || size % PAGE_SIZE !== 0 || size < PAGE_SIZE) {
    throw new NvsInputError("nvs.partition-size", `partition size ${describe(size)}: must be a positive multiple of 4096 (0x1000)`);
  }
  if (size > MAX_PARTITION_SIZE) {
    throw new NvsInputError("nvs.partition-size", `partition size ${hexSize(size)}: larger than ${hexSize(MAX_PARTITION_SIZE)}, the most this tool writes`);
  }
  return size <= READ_ONLY_MAX_SIZE;
}

// Python text conventions of GEN's command line and CSV values (the CSV front end uses them too).

/** Python str.isspace() (what str.strip() removes). */
export function isPythonSpace(code: number): boolean {
  return (code >= 9 && code <= 13) || (code >= 0x1c && code <= 0x20) || code === 0x85 || code === 0xa0 ||
    code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000;
}

/**
 * Python int(text, base) for base 10 (leading zeros allowed) or 0 (0x/0o/0b prefixes, no leading
 * zeros): optional sign, single "_" between digits, surrounding whitespace. `bytesInput` = the text
 * is bytes (a `file` value): only ASCII whitespace. Returns null where Python raises ValueError.
 * Non-ASCII digits (which Python accepts) are rejected: a documented divergence.
 */
export function parsePythonInt(text: string, base: 0 | 10, bytesInput = false): bigint | null {
  // int() skips ASCII whitespace; for str it first maps non-ASCII whitespace to spaces
  const space = (c: number) => (c >= 9 && c <= 13) || c === 32 || (!bytesInput && c > 0x7f && isPythonSpace(c));
  let a = 0;
  let b = text.length;
  while (a < b && space(text.charCodeAt(a))) a++;
  while (b > a && space(text.charCodeAt(b - 1))) b--;
  let s = text.slice(a, b);
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  let radix = 10;
  if (base === 0) {
    const p = s.slice(0, 2).toLowerCase();
    if (p === "0x" || p === "0o" || p === "0b") {
      radix = p === "0x" ? 16 : p === "0o" ? 8 : 2;
      s = s.slice(2);
      if (s[0] === "_") s = s.slice(1); // one "_" may follow the prefix
    }
  }
  const digit = radix === 16 ? "[0-9a-fA-F]" : radix === 8 ? "[0-7]" : radix === 2 ? "[01]" : "[0-9]";
  if (!new RegExp(`^${digit}+(?:_${digit}+)*$`).test(s)) return null;
  const clean = s.replace(/_/g, "");
  if (base === 0 && radix === 10 && clean[0] === "0" && /[1-9]/.test(clean)) return null;
  const prefix = radix === 16 ? "0x" : radix === 8 ? "0o" : radix === 2 ? "0b" : "";
  const v = BigInt(prefix + clean);
  return negative ? -v : v;
}

/**
 * Parses a partition size like GEN's command line: Python int(text, 0) (decimal without leading
 * zeros, 0x/0o/0b prefixes, single underscores between digits, optional sign, surrounding
 * whitespace), then a positive multiple of 4096 (§5.4). 0x1000 and 0x2000 are read-only sizes.
 */
export function parseNvsSize(text: string): number {
  const fail = (rule: string): never => {
    throw new NvsInputError("nvs.partition-size", `partition size ${JSON.stringify(text)}: ${rule}`);
  };
  const v = parsePythonInt(text, 0);
  if (v === null) return fail("not an integer (write it like 0x8000 or 32768)");
  if (v % BigInt(PAGE_SIZE) !== 0n) fail("must be a multiple of 4096 (0x1000)");
  if (v < BigInt(PAGE_SIZE)) fail("minimum is 0x3000 for a read/write partition, 0x1000 for a read-only one");
  if (v > BigInt(MAX_PARTITION_SIZE)) fail(`larger than ${hexSize(MAX_PARTITION_SIZE)}, the most this tool writes`);
  return Number(v);
}

function keyBytes(key: string, what: string): Uint8Array {
  if (typeof key !== "string") throw new NvsInputError("nvs.key-type", `${what} ${describe(key)}: must be a string`);
  if (key.length > MAX_KEY_LENGTH) {
    throw new NvsInputError("nvs.key-length", `${what} ${JSON.stringify(key)}: longer than ${MAX_KEY_LENGTH} characters`);
  }
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    // GEN writes key.encode() into a slice sized by character count: non-ASCII keys corrupt the entry
    if (c > 0x7f) throw new NvsInputError("nvs.key-ascii", `${what} ${JSON.stringify(key)}: must be ASCII`);
    out[i] = c;
  }
  return out;
}

function intValue(key: string, type: NvsIntType, value: NvsValue): bigint {
  let v: bigint;
  if (typeof value === "bigint") v = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) v = BigInt(value);
  else throw new NvsInputError("nvs.value-type", `key ${JSON.stringify(key)} (${type}): value ${describe(value)} is not an integer`);
  const r = INT_TYPE_RANGES[type];
  if (v < r.min || v > r.max) {
    throw new NvsInputError("nvs.int-range", `key ${JSON.stringify(key)} (${type}): value ${v} is out of range ${r.min}..${r.max}`);
  }
  return v;
}

/**
 * Builds pages in a preallocated buffer. `entry` is the next free entry of the current page, like
 * GEN's entry_num; a page is only ever left behind, never revisited (§5.1).
 */
class PageWriter {
  buf: Uint8Array;
  page = 0;
  entry = 0;
  private readonly versionByte: number;

  constructor(capacityPages: number, versionByte: number) {
    this.buf = new Uint8Array(capacityPages * PAGE_SIZE).fill(0xff);
    this.versionByte = versionByte;
    this.openPage();
  }

  get pagesUsed(): number {
    return this.page + 1;
  }

  /** Header of a fresh data page (§1.2): ACTIVE, sequence = page index, version, CRC over 4..27. */
  private openPage(): void {
    const need = (this.page + 1) * PAGE_SIZE;
    if (need > this.buf.length) {
      // only when the partition is too small: keep laying out to report how much is needed
      const bigger = new Uint8Array(Math.max(need, this.buf.length * 2)).fill(0xff);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    const b = this.buf;
    const o = this.page * PAGE_SIZE;
    writeU32(b, o, PageState.ACTIVE);
    writeU32(b, o + 4, this.page);
    b[o + 8] = this.versionByte;
    writeU32(b, o + 28, crc32(b.subarray(o + 4, o + 28), NVS_CRC_INIT));
  }

  /** Marks the current page FULL (state word only; not under the header CRC) and opens the next. */
  newPage(): void {
    writeU32(this.buf, this.page * PAGE_SIZE, PageState.FULL);
    this.page++;
    this.entry = 0;
    this.openPage();
  }

  get freeEntries(): number {
    return ENTRIES_PER_PAGE - this.entry;
  }

  /**
   * Writes an item header entry at the next free entry with its common fields (§2.1); the caller
   * has filled the 8 data bytes via `data` before the entry CRC is taken. Returns the entry offset.
   */
  beginItem(ns: number, type: number, span: number, chunk: number, key: Uint8Array): number {
    const b = this.buf;
    const o = this.page * PAGE_SIZE + FIRST_ENTRY_OFFSET + this.entry * ENTRY_SIZE;
    b[o] = ns;
    b[o + 1] = type;
    b[o + 2] = span;
    b[o + 3] = chunk;
    b.fill(0, o + 8, o + 24); // key field zero-padded (§2.1)
    b.set(key, o + 8);
    return o;
  }

  /** Entry CRC over bytes 0..3 and 8..31 (§3), then marks `span` entries written and advances. */
  finishItem(o: number, span: number): void {
    const b = this.buf;
    writeU32(b, o + 4, crc32(b.subarray(o + 8, o + 32), crc32(b.subarray(o, o + 4), NVS_CRC_INIT)));
    const bitmap = this.page * PAGE_SIZE + BITMAP_OFFSET;
    for (let i = this.entry, end = this.entry + span; i < end; i++) {
      b[bitmap + (i >> 2)] &= ~(1 << ((i & 3) * 2)); // 0b11 empty → 0b10 written (§1.4)
    }
    this.entry += span;
  }

  /** Variable-length item (§2.2, §4.1): header entry, then the payload packed into following entries. */
  writeVarLen(ns: number, type: number, chunk: number, key: Uint8Array, data: Uint8Array, from: number, size: number): void {
    const span = 1 + ((size + 31) >> 5);
    const o = this.beginItem(ns, type, span, chunk, key);
    const b = this.buf;
    b[o + 24] = size & 0xff;
    b[o + 25] = size >> 8;
    const payload = data.subarray(from, from + size);
    writeU32(b, o + 28, crc32(payload, NVS_CRC_INIT));
    b.set(payload, o + ENTRY_SIZE);
    this.finishItem(o, span);
  }
}

function writeU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Writes the rows as GEN does (docs/nvs-format.md §Generator write order): strictly in order, namespace indexes by first
 * appearance, data rows in the most recently *created* namespace (a repeated namespace row does not
 * switch back, §5.1), rows before any namespace in index 0.
 *
 * Row values: integers as number or bigint; `string` as a JS string (stored UTF-8 + NUL) or as
 * bytes (stored exactly as given, no NUL added — what GEN does for an upper-case `STRING` encoding);
 * `blob` as bytes. Throws NvsInputError (one line) on bad input or a too-small partition.
 */
export function writeNvsImage(rows: readonly NvsRow[], options: NvsWriteOptions): Uint8Array {
  const size = options.size;
  const version = checkVersion(options.version);
  const readOnly = checkSize(size);
  // read/write partitions keep their last page free (§5.2)
  const dataPages = readOnly ? size / PAGE_SIZE : size / PAGE_SIZE - 1;
  const w = layOut(rows, version, size / PAGE_SIZE);
  if (w.pagesUsed > dataPages) {
    const needed = readOnly && w.pagesUsed <= READ_ONLY_MAX_SIZE / PAGE_SIZE
      ? w.pagesUsed * PAGE_SIZE
      : Math.max(MIN_READ_WRITE_SIZE, (w.pagesUsed + 1) * PAGE_SIZE);
    throw new NvsInputError(
      "nvs.partition-too-small",
      `partition size ${hexSize(size)}: too small, the data needs ${w.pagesUsed} pages` +
        (readOnly && needed <= READ_ONLY_MAX_SIZE ? "" : " plus 1 reserved page") + `: at least ${hexSize(needed)}`,
    );
  }
  // read-only: not padded, only the pages used (§5.2); read/write: full size, trailing pages 0xFF
  return readOnly ? w.buf.slice(0, w.pagesUsed * PAGE_SIZE) : w.buf;
}

/**
 * How many data pages the rows take, and the smallest read/write partition that holds them
 * (data pages + 1 reserved page, at least 0x3000). Throws NvsInputError on bad rows.
 */
export function measureNvsImage(rows: readonly NvsRow[], version?: 1 | 2): { dataPages: number; minSize: number } {
  const w = layOut(rows, checkVersion(version), 1);
  return { dataPages: w.pagesUsed, minSize: Math.max(MIN_READ_WRITE_SIZE, (w.pagesUsed + 1) * PAGE_SIZE) };
}

function checkVersion(version: unknown): 1 | 2 {
  if (version === undefined) return 2;
  if (version !== 1 && version !== 2) throw new NvsInputError("nvs.version", `format version ${describe(version)}: must be 1 or 2`);
  return version;
}

/** Lays the rows out page by page; the buffer grows past `capacityPages` if it must. */
function layOut(rows: readonly NvsRow[], version: 1 | 2, capacityPages: number): PageWriter {
  const w = new PageWriter(capacityPages, VERSION_BYTE[version]);
  const namespaces = new Map<string, number>();
  let nsCount = 0;

  for (const row of rows) {
    if (row.kind === "namespace") {
      const key = keyBytes(row.name, "namespace");
      if (namespaces.has(row.name)) continue; // repeated name: nothing written, index unchanged (§5.1)
      if (nsCount === MAX_NAMESPACES) {
        throw new NvsInputError("nvs.namespace-count", `namespace ${JSON.stringify(row.name)}: more than ${MAX_NAMESPACES} namespaces`);
      }
      nsCount++;
      namespaces.set(row.name, nsCount);
      if (w.freeEntries === 0) w.newPage();
      const o = w.beginItem(0, ItemType.u8, 1, CHUNK_ANY, key);
      w.buf[o + 24] = nsCount;
      w.finishItem(o, 1);
      continue;
    }
    if (row.kind !== "data") throw new NvsInputError("nvs.row-kind", `row kind ${describe((row as { kind: unknown }).kind)}: must be "namespace" or "data"`);
    const { type, value } = row;
    const key = keyBytes(row.key, "key");
    const ns = nsCount;
    switch (type) {
      case "u8": case "i8": case "u16": case "i16": case "u32": case "i32": case "u64": case "i64": {
        const v = intValue(row.key, type, value);
        if (w.freeEntries === 0) w.newPage();
        const o = w.beginItem(ns, ItemType[type], 1, CHUNK_ANY, key);
        // little-endian two's complement in the first N bytes; the rest stays 0xFF (§2.2)
        const n = INT_TYPE_RANGES[type].bytes;
        if (n <= 4) {
          const x = Number(v) >>> 0;
          for (let i = 0; i < n; i++) w.buf[o + 24 + i] = (x >>> (8 * i)) & 0xff;
        } else {
          let x = BigInt.asUintN(64, v);
          for (let i = 0; i < 8; i++, x >>= 8n) w.buf[o + 24 + i] = Number(x & 0xffn);
        }
        w.finishItem(o, 1);
        break;
      }
      case "string": {
        let data: Uint8Array;
        if (typeof value === "string") {
          data = stringWithNul(value);
        } else if (value instanceof Uint8Array) {
          data = value;
        } else {
          throw new NvsInputError("nvs.value-type", `key ${JSON.stringify(row.key)} (string): value ${describe(value)} is not text`);
        }
        const limit = version === 1 ? MAX_VARLEN_BYTES_V1 : MAX_STRING_BYTES_V2;
        if (data.length > limit) {
          throw new NvsInputError(
            "nvs.string-length",
            `key ${JSON.stringify(row.key)} (string): ${data.length} bytes incl. NUL is longer than ${limit}` +
              (version === 1 ? " (format v1 limit)" : " (GEN declares 4000 but fails above 3968; the item must fit one page with an entry to spare)"),
          );
        }
        writeSinglePageItem(w, ns, ItemType.string, key, data);
        break;
      }
      case "blob": {
        if (!(value instanceof Uint8Array)) {
          throw new NvsInputError("nvs.value-type", `key ${JSON.stringify(row.key)} (blob): value ${describe(value)} is not bytes`);
        }
        if (version === 1) {
          if (value.length > MAX_VARLEN_BYTES_V1) {
            throw new NvsInputError("nvs.blob-length", `key ${JSON.stringify(row.key)} (blob): ${value.length} bytes is longer than ${MAX_VARLEN_BYTES_V1} (format v1 limit)`);
          }
          writeSinglePageItem(w, ns, ItemType.blob, key, value);
        } else {
          if (value.length > MAX_BLOB_BYTES_V2) {
            throw new NvsInputError("nvs.blob-length", `key ${JSON.stringify(row.key)} (blob): ${value.length} bytes is longer than ${MAX_BLOB_BYTES_V2}, the largest blob ESP-IDF reads back`);
          }
          writeMultiPageBlob(w, ns, key, value);
        }
        break;
      }
      default:
        throw new NvsInputError("nvs.type", `key ${JSON.stringify(row.key)}: type ${describe(type)} is not one of u8, i8, u16, i16, u32, i32, u64, i64, string, blob`);
    }
  }
  return w;
}

/** UTF-8 bytes of the text plus the terminating NUL (§4.1); ASCII without an intermediate copy. */
function stringWithNul(text: string): Uint8Array {
  const out = new Uint8Array(text.length + 1); // last byte stays 0: the NUL
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      const utf8 = utf8Encode(text);
      const full = new Uint8Array(utf8.length + 1);
      full.set(utf8);
      return full;
    }
    out[i] = c;
  }
  return out;
}

/** String or v1 BLOB: one item on one page, moved to a new page by the off-by-one fit test (§5.3). */
function writeSinglePageItem(w: PageWriter, ns: number, type: number, key: Uint8Array, data: Uint8Array): void {
  const span = 1 + ((data.length + 31) >> 5);
  if (w.entry + span >= ENTRIES_PER_PAGE) w.newPage();
  w.writeVarLen(ns, type, CHUNK_ANY, key, data, 0, data.length);
}

/** v2 blob (§4.2): BLOB_DATA chunks across pages from the next free entry, then a BLOB_IDX entry. */
function writeMultiPageBlob(w: PageWriter, ns: number, key: Uint8Array, data: Uint8Array): void {
  if (w.freeEntries === 0) w.newPage();
  let offset = 0;
  let chunks = 0;
  for (;;) {
    // room after the chunk's own header entry; 0 when one entry is free → a zero-length chunk
    const tailroom = (w.freeEntries - 1) * ENTRY_SIZE;
    const chunkSize = Math.min(data.length - offset, tailroom);
    if (chunks === 255) {
      throw new NvsInputError("nvs.blob-length", `key ${describeKey(key)} (blob): needs more than 255 chunks`);
    }
    w.writeVarLen(ns, ItemType.blobData, chunks, key, data, offset, chunkSize);
    chunks++;
    offset += chunkSize;
    if (offset < data.length || tailroom - chunkSize < ENTRY_SIZE) w.newPage();
    if (offset === data.length) break;
  }
  const o = w.beginItem(ns, ItemType.blobIndex, 1, CHUNK_ANY, key);
  writeU32(w.buf, o + 24, data.length);
  w.buf[o + 28] = chunks;
  w.buf[o + 29] = 0; // chunk start: GEN always uses 0 (§2.2)
  w.finishItem(o, 1);
}

function describeKey(key: Uint8Array): string {
  return JSON.stringify(String.fromCharCode(...key));
}
