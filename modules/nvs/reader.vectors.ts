// Fixed vectors for the NVS reader (docs/nvs-format.md §Page layout, §Entry header, §CRC-32, §Variable-length items, §Reader rules, §Worked bytes) on small hand-built images.
// Runs under vitest and XS. The builders below are also used by test/nvs-fuzz.test.ts.
import { crc32, nvsCrc32 } from "../checksum/crc32.js";
import { toHex } from "../bytes/hex.js";
import { checkEqual, checkTrue, type VectorCase } from "../testkit/check.js";
import { nvsToJson, nvsValuesToJson } from "./dump.js";
import { formatNvsProblem, readNvsImage, type NvsReadResult } from "./reader.js";
import { ItemType, PageState } from "./types.js";

// ---------------------------------------------------------------------------------------------
// Builders for test images (independent of the writer).

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** Recomputes the entry CRC (§3) of the 32-byte entry at `at`. */
export function fixEntryCrc(b: Uint8Array, at = 0): void {
  const c = crc32(b.subarray(at + 8, at + 32), crc32(b.subarray(at, at + 4), 0xffffffff));
  b[at + 4] = c & 0xff;
  b[at + 5] = (c >>> 8) & 0xff;
  b[at + 6] = (c >>> 16) & 0xff;
  b[at + 7] = c >>> 24;
}

function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/** A 32-byte entry with a valid CRC; `data` fills bytes 24..31 (missing bytes 0xFF). */
export function entry(ns: number, type: number, span: number, chunk: number, key: string, data: ArrayLike<number> = []): Uint8Array {
  const e = new Uint8Array(32).fill(0xff);
  e[0] = ns;
  e[1] = type;
  e[2] = span;
  e[3] = chunk;
  e.fill(0, 8, 24);
  e.set(ascii(key).subarray(0, 16), 8);
  for (let i = 0; i < 8 && i < data.length; i++) e[24 + i] = data[i];
  fixEntryCrc(e);
  return e;
}

/** A primitive item: `value` little-endian in the type's width (§2.2). */
export function primitive(ns: number, type: number, key: string, value: number | bigint): Uint8Array {
  const width = type & 0x0f;
  const data = new Uint8Array(8).fill(0xff);
  if (type === ItemType.float || type === ItemType.double) {
    const dv = new DataView(data.buffer);
    if (type === ItemType.float) dv.setFloat32(0, Number(value), true);
    else dv.setFloat64(0, Number(value), true);
  } else {
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < width; i++) { data[i] = Number(v & 0xffn); v >>= 8n; }
  }
  return entry(ns, type, 1, 0xff, key, data);
}

export function namespaceDef(name: string, index: number): Uint8Array {
  return entry(0, ItemType.u8, 1, 0xff, name, [index]);
}

/** A variable-length item (§2.2, §4.1): header entry plus payload entries, tail padded with 0xFF. */
export function varItem(ns: number, type: number, key: string, payload: Uint8Array, chunk = 0xff): Uint8Array[] {
  const n = Math.ceil(payload.length / 32);
  const head = entry(ns, type, 1 + n, chunk, key);
  head[24] = payload.length & 0xff;
  head[25] = payload.length >> 8;
  head[26] = head[27] = 0xff;
  putU32(head, 28, nvsCrc32(payload));
  fixEntryCrc(head);
  const out = [head];
  for (let i = 0; i < n; i++) {
    const e = new Uint8Array(32).fill(0xff);
    e.set(payload.subarray(i * 32, i * 32 + 32));
    out.push(e);
  }
  return out;
}

export function stringItem(ns: number, key: string, text: string): Uint8Array[] {
  const bytes = ascii(text);
  const payload = new Uint8Array(bytes.length + 1);
  payload.set(bytes);
  return varItem(ns, ItemType.string, key, payload);
}

export function blobIndex(ns: number, key: string, size: number, count: number, start = 0): Uint8Array {
  return entry(ns, ItemType.blobIndex, 1, 0xff, key, [size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, size >>> 24, count, start, 0xff, 0xff]);
}

export type PageEntry = Uint8Array | { bytes: Uint8Array; state: number };

/** One 4096-byte page: header (§1.2) and bitmap; entries written in order from entry 0. */
export function page(opts: { state?: number; seq: number; version?: number; entries?: (PageEntry | PageEntry[])[] }): Uint8Array {
  const p = new Uint8Array(4096).fill(0xff);
  putU32(p, 0, opts.state ?? PageState.FULL);
  putU32(p, 4, opts.seq);
  p[8] = opts.version ?? 0xfe;
  putU32(p, 28, nvsCrc32(p.subarray(4, 28)));
  let i = 0;
  const flat: PageEntry[] = [];
  for (const e of opts.entries ?? []) Array.isArray(e) ? flat.push(...e) : flat.push(e);
  for (const e of flat) {
    const bytes = e instanceof Uint8Array ? e : e.bytes;
    const state = e instanceof Uint8Array ? 2 : e.state;
    p.set(bytes, 64 + 32 * i);
    setEntryState(p, i, state);
    i++;
  }
  return p;
}

export function setEntryState(p: Uint8Array, i: number, state: number): void {
  const at = 32 + (i >> 2);
  const shift = (i & 3) * 2;
  p[at] = (p[at] & ~(3 << shift)) | (state << shift);
}

export function concatPages(...pages: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pages.length * 4096);
  pages.forEach((p, i) => out.set(p, i * 4096));
  return out;
}

export const blankPage = (): Uint8Array => new Uint8Array(4096).fill(0xff);

// ---------------------------------------------------------------------------------------------

const U32 = ItemType.u32;
const NS1 = namespaceDef("ns", 1);

function values(r: NvsReadResult): Record<string, Record<string, unknown>> {
  return nvsValuesToJson(r);
}

function hasProblem(r: NvsReadResult, text: string, what: string): void {
  const lines = r.problems.map(formatNvsProblem);
  checkTrue(lines.some((line) => line.includes(text)), `${what}: a problem containing ${JSON.stringify(text)} (got ${JSON.stringify(lines)})`);
}

function oneLine(r: NvsReadResult): void {
  for (const p of r.problems) checkTrue(!/[\r\n\u2028\u2029\u0085]/.test(p.message) && p.message.length > 0, `one-line problem: ${JSON.stringify(p.message)}`);
}

/** A single active page with `entries` after the "ns" namespace definition, then a blank page. */
function simple(...entries: (PageEntry | PageEntry[])[]): NvsReadResult {
  const r = readNvsImage(concatPages(page({ state: PageState.ACTIVE, seq: 0, entries: [NS1, ...entries] }), blankPage()));
  oneLine(r);
  return r;
}

export const vectors: VectorCase[] = [
  {
    name: "§9 bytes: page 0 header, namespace entry, u32 serial-num, blob index",
    run() {
      const p = page({ state: PageState.FULL, seq: 0, entries: [namespaceDef("chip-factory", 1), primitive(1, U32, "serial-num", 0x12345678)] });
      checkEqual(toHex(p.subarray(0, 32)), "fcffffff00000000fe" + "ff".repeat(19) + "842dbab9", "header");
      checkEqual(toHex(p.subarray(64, 96)), "000101ff7d57e3de636869702d666163746f72790000000001ffffffffffffff", "namespace entry");
      checkEqual(toHex(p.subarray(96, 128)), "010401ff5708be3973657269616c2d6e756d000000000000" + "78563412ffffffff", "u32 entry");
      checkEqual(toHex(blobIndex(1, "dac-cert", 10000, 3)), "014801ff20906ad8" + "6461632d63657274" + "00".repeat(8) + "1027000003" + "00ffff", "blob index");
      const r = readNvsImage(concatPages(p, blankPage()));
      checkEqual(r.problems, [], "problems");
      checkEqual(values(r), { "chip-factory": { "serial-num": 0x12345678 } }, "values");
      checkEqual(r.pages.map((x) => x.state), ["full", "empty"], "page states");
    },
  },
  {
    name: "primitives: all integer widths and signs, float, double (§2.2, §2.3)",
    run() {
      const r = simple(
        primitive(1, ItemType.u8, "u8", 255), primitive(1, ItemType.i8, "i8", -128),
        primitive(1, ItemType.u16, "u16", 65535), primitive(1, ItemType.i16, "i16", -32768),
        primitive(1, ItemType.u32, "u32", 0xffffffff), primitive(1, ItemType.i32, "i32", -2147483648),
        primitive(1, ItemType.u64, "u64", 0xffffffffffffffffn), primitive(1, ItemType.i64, "i64", -(2n ** 63n)),
        primitive(1, ItemType.u64, "u64small", 5n), primitive(1, ItemType.float, "f", 1.5),
        primitive(1, ItemType.double, "d", -2.25), primitive(1, ItemType.double, "nan", NaN),
      );
      checkEqual(r.problems, [], "problems");
      checkEqual(r.get("ns", "u64")?.value, 0xffffffffffffffffn, "u64 value");
      checkEqual(r.get("ns", "i64")?.value, -(2n ** 63n), "i64 value");
      checkEqual(nvsToJson(r).namespaces.ns, {
        u8: { type: "u8", value: 255 }, i8: { type: "i8", value: -128 }, u16: { type: "u16", value: 65535 },
        i16: { type: "i16", value: -32768 }, u32: { type: "u32", value: 4294967295 }, i32: { type: "i32", value: -2147483648 },
        u64: { type: "u64", value: "18446744073709551615" }, i64: { type: "i64", value: "-9223372036854775808" },
        u64small: { type: "u64", value: 5 }, f: { type: "float", value: 1.5 }, d: { type: "double", value: -2.25 },
        nan: { type: "double", value: "NaN" },
      }, "json");
    },
  },
  {
    name: "strings: empty, UTF-8, missing NUL, embedded NUL, bad data CRC, invalid UTF-8",
    run() {
      const utf8 = varItem(1, ItemType.string, "utf8", Uint8Array.of(0x68, 0xc3, 0xa9, 0x00));
      const noNul = varItem(1, ItemType.string, "nonul", ascii("abc"));
      const inner = varItem(1, ItemType.string, "inner", Uint8Array.of(0x61, 0x00, 0x62, 0x00));
      const badCrc = stringItem(1, "badcrc", "hello");
      badCrc[1][0] ^= 1; // payload changed, header CRC still valid
      const badUtf8 = varItem(1, ItemType.string, "badutf8", Uint8Array.of(0x61, 0xff, 0x00));
      const r = simple(stringItem(1, "empty", ""), utf8, noNul, inner, badCrc, badUtf8);
      checkEqual(values(r), { ns: { empty: "", utf8: "h\u00e9", inner: "a\u0000b", badutf8: "a\ufffd" } }, "values");
      hasProblem(r, 'string "nonul": last byte is not NUL', "no NUL");
      hasProblem(r, 'string "inner": NUL byte at offset 1', "inner NUL");
      hasProblem(r, "string item \"badcrc\": data CRC32", "bad data CRC");
      hasProblem(r, 'string "badutf8": not valid UTF-8', "bad UTF-8");
    },
  },
  {
    name: "v2 blob across two pages (chunk start 0x80), empty blob, legacy blob loses to v2",
    run() {
      const a = Uint8Array.from({ length: 100 }, (_, i) => i);
      const b = Uint8Array.from({ length: 40 }, (_, i) => 200 + i);
      const image = concatPages(
        page({ seq: 0, entries: [NS1, varItem(1, ItemType.blob, "k", Uint8Array.of(9)), varItem(1, ItemType.blobData, "k", a, 0x80)] }),
        page({ state: PageState.ACTIVE, seq: 1, entries: [
          varItem(1, ItemType.blobData, "k", b, 0x81), blobIndex(1, "k", 140, 2, 0x80),
          varItem(1, ItemType.blobData, "e", new Uint8Array(0), 0), blobIndex(1, "e", 0, 1, 0),
        ] }),
        blankPage(),
      );
      const r = readNvsImage(image);
      checkEqual(r.problems.map((p) => p.message), ['"ns"/"k" has 2 readable copies; lookups return the one at page 1 entry 3, not this one'], "problems");
      const k = r.get("ns", "k")!;
      checkEqual(k.value, Uint8Array.from([...a, ...b]), "blob value");
      checkEqual(k.chunks, [{ page: 0, entry: 3, chunkIndex: 0x80 }, { page: 1, entry: 0, chunkIndex: 0x81 }], "chunks");
      checkEqual(r.get("ns", "e")?.value, new Uint8Array(0), "empty blob");
      checkEqual(r.entries.filter((e) => e.key === "k").map((e) => e.legacyBlob === true), [true, false], "both copies listed");
    },
  },
  {
    name: "blob problems: mismatched index, orphan chunk, bad chunk CRC, chunk start 0x10",
    run() {
      const data = Uint8Array.from({ length: 50 }, (_, i) => i);
      const bad = varItem(1, ItemType.blobData, "crc", data, 0);
      bad[1][3] ^= 0xff;
      const r = simple(
        varItem(1, ItemType.blobData, "mis", data, 0), blobIndex(1, "mis", 50, 2),
        varItem(1, ItemType.blobData, "orphan", data, 5),
        bad, blobIndex(1, "crc", 50, 1),
        varItem(1, ItemType.blobData, "odd", data, 0x10), blobIndex(1, "odd", 50, 1, 0x10),
      );
      checkEqual(r.entries, [], "nothing readable");
      hasProblem(r, 'blob index "mis" says 2 chunks / 50 bytes but 1 chunks / 50 bytes are present', "mismatch");
      hasProblem(r, 'blob data chunk 0 of "mis" belongs to no valid blob index', "chunk of erased index is orphan");
      hasProblem(r, 'blob data chunk 5 of "orphan" belongs to no valid blob index', "orphan");
      hasProblem(r, 'blob "crc": chunk 0 data CRC32', "bad chunk CRC");
      hasProblem(r, 'blob index "odd": chunk start 0x10 is neither', "odd start");
    },
  },
  {
    name: "page headers: bad CRC, unknown state, newer version, dirty blank page, partial page, empty input",
    run() {
      const good = page({ seq: 0, entries: [NS1, primitive(1, U32, "a", 1)] });
      const badCrc = page({ seq: 1, entries: [primitive(1, U32, "b", 2)] });
      badCrc[4] ^= 1;
      const badState = page({ state: 0xfffffff0, seq: 2, entries: [primitive(1, U32, "c", 3)] });
      const newer = page({ seq: 3, version: 0xfd, entries: [primitive(1, U32, "d", 4)] });
      const dirty = blankPage();
      dirty[100] = 0;
      const image = new Uint8Array(5 * 4096 + 10).fill(0xff);
      [good, badCrc, badState, newer, dirty].forEach((p, i) => image.set(p, i * 4096));
      const r = readNvsImage(image);
      oneLine(r);
      checkEqual(values(r), { ns: { a: 1 } }, "values");
      checkEqual(r.pages.map((p) => p.state), ["full", "corrupt", "corrupt", "newer-version", "uninitialized-dirty"], "states");
      hasProblem(r, "page 1: header CRC32", "bad header CRC");
      hasProblem(r, "page 2: state word 0xFFFFFFF0 is not ACTIVE, FULL or FREEING", "bad state");
      hasProblem(r, "page 3: format version byte 0xFD is newer than v2", "newer version");
      hasProblem(r, "page 4: state word is 0xFFFFFFFF (uninitialized) but the page is not blank", "dirty");
      hasProblem(r, "image is 20490 bytes, not a multiple of 4096; the last 10 bytes are ignored", "partial");
      hasProblem(readNvsImage(new Uint8Array(0)), "image is empty", "empty");
      hasProblem(readNvsImage(null as unknown as Uint8Array), "image: expected bytes", "null input");
    },
  },
  {
    name: "page order by sequence number; two ACTIVE pages and version 0xFF with v2 blobs tolerated",
    run() {
      const data = Uint8Array.of(1, 2, 3);
      const image = concatPages(
        page({ state: PageState.ACTIVE, seq: 7, version: 0xff, entries: [primitive(1, U32, "x", 2), varItem(1, ItemType.blobData, "b", data, 0), blobIndex(1, "b", 3, 1)] }),
        page({ state: PageState.ACTIVE, seq: 3, version: 0xff, entries: [NS1, primitive(1, U32, "x", 1)] }),
        blankPage(),
      );
      const r = readNvsImage(image);
      checkEqual(r.entries.map((e) => `${e.page}:${e.entry}:${e.key}`), ["1:1:x", "0:0:x", "0:3:b"], "read order");
      checkEqual(r.get("ns", "x")?.value, 1, "lookup returns the oldest copy");
      checkEqual(r.get("ns", "b")?.value, data, "v2 blob on a v1 page");
      checkEqual(r.pages.map((p) => p.order), [1, 0, undefined], "order");
      hasProblem(r, "2 pages are ACTIVE (1, 0)", "two active");
    },
  },
  {
    name: "generator <= 0.1.6 layout: every page FULL, last page blank",
    run() {
      const r = readNvsImage(concatPages(page({ seq: 0, entries: [NS1, primitive(1, U32, "a", 1)] }), page({ seq: 1 }), blankPage()));
      checkEqual(r.problems, [], "problems");
      checkEqual(values(r), { ns: { a: 1 } }, "values");
    },
  },
  {
    name: "entries: bad CRC, unknown type, bad span, bad chunk index, oversize, illegal state, erased, unwritten payload",
    run() {
      const badCrc = primitive(1, U32, "badcrc", 1);
      badCrc[24] ^= 1;
      const span2 = entry(1, U32, 2, 0xff, "span2", [1, 0, 0, 0]);
      const idxChunk = entry(1, ItemType.blobIndex, 1, 0, "idxchunk", [0, 0, 0, 0, 0, 0, 0xff, 0xff]);
      const dataAny = varItem(1, ItemType.blobData, "dataany", Uint8Array.of(1), 0xff);
      const wrongSpan = varItem(1, ItemType.string, "wrongspan", Uint8Array.of(0x61, 0));
      wrongSpan[0][2] = 3;
      fixEntryCrc(wrongSpan[0]);
      const huge = entry(1, ItemType.string, 2, 0xff, "huge", [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);
      const unwritten = stringItem(1, "unwritten", "x");
      const r = simple(
        badCrc, entry(1, 0x99, 1, 0xff, "unknown"), span2, idxChunk, dataAny, wrongSpan, [huge],
        { bytes: primitive(1, U32, "illegal", 1), state: 1 }, { bytes: primitive(1, U32, "erased", 1), state: 0 },
        unwritten[0], { bytes: unwritten[1], state: 0 },
        primitive(1, U32, "ok", 7),
      );
      checkEqual(values(r), { ns: { ok: 7 } }, "only the good item");
      hasProblem(r, "page 0 entry 1: entry CRC32", "bad CRC");
      hasProblem(r, 'unknown type 0x99 for "unknown"', "unknown type");
      hasProblem(r, 'u32 item "span2": span 2 for a u32 item (must be 1)', "primitive span");
      hasProblem(r, 'blob-index item "idxchunk": blob index with chunk index 0 (must be 0xFF)', "index chunk");
      hasProblem(r, 'blob-data item "dataany": blob data chunk with chunk index 0xFF', "data chunk FF");
      hasProblem(r, 'string item "wrongspan": span 3 does not match data size 2 (expected 2)', "span/size");
      hasProblem(r, 'string item "huge": data size 65535 does not fit', "oversize");
      hasProblem(r, "illegal bitmap state 0b01; the runtime erases it", "illegal");
      hasProblem(r, 'string item "unwritten": payload entry', "payload not written");
      checkTrue(!r.problems.some((p) => p.key === "erased"), "erased entries are silently skipped");
    },
  },
  {
    name: "active page: data after the first empty slot is half-written; later written entries ignored",
    run() {
      const p = page({ state: PageState.ACTIVE, seq: 0, entries: [NS1, primitive(1, U32, "a", 1)] });
      p.set(primitive(1, U32, "half", 2), 64 + 2 * 32); // data in entry 2, bitmap still empty
      p.set(primitive(1, U32, "late", 3), 64 + 5 * 32);
      setEntryState(p, 5, 2);
      const r = readNvsImage(concatPages(p, blankPage()));
      oneLine(r);
      checkEqual(values(r), { ns: { a: 1 } }, "values");
      hasProblem(r, "page 0 entry 2: the first empty slot of the active page holds data (half-written)", "half-written");
      hasProblem(r, "page 0 entry 5: 1 entries from here on are marked written/erased after the first empty slot", "ignored");
      // The same entries on a FULL page are read normally.
      p[0] = 0xfc;
      const full = readNvsImage(concatPages(p, blankPage()));
      checkEqual(values(full), { ns: { a: 1, late: 3 } }, "full page");
    },
  },
  {
    name: "namespaces: undefined index, reserved index, scan stops at a non-u8 ns-0 item, redefinitions",
    run() {
      // On a FULL page (on the active page the second "ns" would simply supersede the first).
      const r = readNvsImage(concatPages(page({ seq: 0, entries: [
        NS1, primitive(7, U32, "lost", 1), namespaceDef("zero", 0), namespaceDef("again", 1), namespaceDef("ns", 2),
        primitive(2, U32, "under2", 1),
      ] }), blankPage()));
      oneLine(r);
      hasProblem(r, 'u32 item "lost" is in namespace index 7, which is not defined', "undefined ns");
      hasProblem(r, 'namespace "zero" has index 0', "index 0");
      hasProblem(r, 'namespace index 1 is defined again as "again" (first as "ns")', "index reused");
      hasProblem(r, 'namespace "ns" is defined again with index 2 (first with 1)', "name reused");
      hasProblem(r, 'u32 item "under2" is in namespace index 2, which is not defined', "items under a rejected index");
      const s = simple(stringItem(0, "stray", "x"), namespaceDef("late", 2), primitive(2, U32, "v", 1));
      hasProblem(s, 'string item "stray" is in namespace index 0 but is not a namespace definition', "stray");
      hasProblem(s, 'namespace definition "late" follows a non-u8 item in namespace 0 on this page (entry 1)', "scan stops");
      checkEqual(s.namespaces.map((n) => n.name), ["ns"], "namespaces");
    },
  },
  {
    name: "duplicates: same active page keeps the newer; newest page's last item erases the older copy",
    run() {
      const r = simple(primitive(1, U32, "k", 1), primitive(1, ItemType.u8, "k", 2), primitive(1, U32, "z", 0));
      checkEqual(values(r), { ns: { k: 2, z: 0 } }, "active page");
      hasProblem(r, 'page 0 entry 1: u32 item "k" is superseded by entry 2', "on-page duplicate");
      const image = concatPages(
        page({ seq: 0, entries: [NS1, primitive(1, U32, "k", 1), primitive(1, U32, "j", 1)] }),
        page({ seq: 1, entries: [primitive(1, U32, "j", 2)] }),
        page({ state: PageState.ACTIVE, seq: 2, entries: [primitive(1, U32, "k", 2)] }),
        blankPage(),
      );
      const s = readNvsImage(image);
      checkEqual(s.get("ns", "k")?.value, 2, "recovered newest copy");
      checkEqual(s.get("ns", "j")?.value, 1, "other duplicates: oldest wins");
      hasProblem(s, 'page 0 entry 1: u32 item "k" is an older copy of the newest page\'s last item (page 2 entry 0)', "recovery");
      hasProblem(s, '"ns"/"j" has 2 readable copies; lookups return the one at page 0 entry 2', "duplicate note");
    },
  },
  {
    name: "FREEING page: the newest ACTIVE page is dropped, the FREEING page's items read as newest",
    run() {
      const image = concatPages(
        page({ seq: 0, entries: [NS1, primitive(1, U32, "a", 1), primitive(1, U32, "b", 1)] }),
        page({ state: PageState.FREEING, seq: 1, entries: [primitive(1, U32, "b", 2)] }),
        page({ state: PageState.ACTIVE, seq: 2, entries: [primitive(1, U32, "b", 2), primitive(1, U32, "c", 3)] }),
        blankPage(),
      );
      const r = readNvsImage(image);
      oneLine(r);
      checkEqual(r.entries.map((e) => `${e.key}=${e.value}@${e.page}`), ["a=1@0", "b=1@0", "b=2@1"], "entries");
      hasProblem(r, "page 2: ACTIVE page is the target of an interrupted move of FREEING page 1", "dropped");
      hasProblem(r, "page 1: page is FREEING", "freeing");
    },
  },
  {
    name: "never throws: garbage, all-zero, odd sizes, a lone 0xFE byte",
    run() {
      let x = 12345;
      const garbage = Uint8Array.from({ length: 9000 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24));
      for (const img of [garbage, new Uint8Array(8192), new Uint8Array(1).fill(0xfe), new Uint8Array(4095).fill(0xff)]) {
        const r = readNvsImage(img);
        oneLine(r);
        checkTrue(Array.isArray(r.entries) && !r.problems.some((p) => p.id === "nvs.internal"), "result");
      }
      checkEqual(readNvsImage(new Uint8Array(8192)).pages.map((p) => p.state), ["corrupt", "corrupt"], "all-zero pages");
    },
  },
  {
    name: "dump: __proto__ keys are plain data; blobs are lower-case hex; namespaces without values are listed",
    run() {
      const r = simple(primitive(1, U32, "__proto__", 1), varItem(1, ItemType.blob, "bin", Uint8Array.of(0xab, 0x0c)), namespaceDef("unused", 2));
      const json = nvsToJson(r);
      checkEqual(Object.keys(json.namespaces), ["ns", "unused"], "namespaces");
      checkEqual(Object.keys(json.namespaces.ns), ["__proto__", "bin"], "keys");
      checkEqual(JSON.stringify(json.namespaces.ns), '{"__proto__":{"type":"u32","value":1},"bin":{"type":"blob","value":"ab0c"}}', "json text");
      checkEqual(json.problems, [], "problems");
    },
  },
];
