// Fuzz test of the NVS reader: ≥ 10,000 mutated images per run, plaintext and encrypted.
// Seeded: MF_SEED=<n> replays a run; every failure message starts with the seed and the case.
//
// Asserted for every image: readNvsImage never throws and never hits its internal safety net; the
// result is well-formed; every problem is one line; every returned value is backed by entries whose
// CRCs check (verified here independently, decrypting with node:crypto's aes-256-xts); lookups
// agree with the entry list. For mutations that do not re-sign CRCs, every value is one the base
// image holds, and every base value whose pages were not touched is still read.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NVS_VECTORS } from "./support/fixtures.js";
import { describe, expect, it } from "vitest";
import { nvsCrc32 } from "../modules/checksum/crc32.js";
import { nvsToJson } from "../modules/nvs/dump.js";
import { encryptNvsImage, parseKeyPartition } from "../modules/nvs/encryption.js";
import { readNvsImage, type NvsReadEntry, type NvsReadResult } from "../modules/nvs/reader.js";
import {
  blankPage, blobIndex, concatPages, fixEntryCrc, namespaceDef, page, primitive, stringItem, varItem,
} from "../modules/nvs/reader.vectors.js";
import { ItemType, PageState, type NvsKeys } from "../modules/nvs/types.js";
import { Rng } from "./support/seeded-rng.js";

const SEED = process.env.MF_SEED !== undefined ? Number(process.env.MF_SEED) >>> 0 : 0x4e565246;
const CASES = 10_500;

const dir = pathToFileURL(NVS_VECTORS + "/");
const file = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(name, dir))));

// ---------------------------------------------------------------------------------------------
// Base images

interface Base {
  name: string;
  image: Uint8Array;
  keys?: NvsKeys;
  /** Cross-page effects (duplicates, FREEING) make the "untouched values survive" check unsound. */
  preserveCheck: boolean;
  truth?: Set<string>;
  baseRead?: NvsReadResult;
}

const fixedKeys = parseKeyPartition(file("fixed_keys.bin"));

function mixedImage(): Uint8Array {
  const a = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff);
  return concatPages(
    page({ seq: 0, entries: [namespaceDef("ns", 1), namespaceDef("other", 2), primitive(1, ItemType.u32, "k", 1),
      primitive(1, ItemType.float, "f", 0.25), primitive(2, ItemType.double, "d", 1e300), stringItem(2, "s", "text"),
      varItem(1, ItemType.blob, "legacy", Uint8Array.of(1, 2, 3)), varItem(1, ItemType.blobData, "b", a.subarray(0, 200), 0x80)] }),
    page({ state: PageState.FREEING, seq: 1, entries: [varItem(1, ItemType.blobData, "b", a.subarray(200), 0x81),
      blobIndex(1, "b", 300, 2, 0x80), primitive(1, ItemType.i64, "big", -(2n ** 62n)), primitive(1, ItemType.u32, "k", 2)] }),
    page({ state: PageState.ACTIVE, seq: 2, entries: [primitive(1, ItemType.u8, "x", 5), stringItem(1, "k", "dup")] }),
    blankPage(),
  );
}

const plainSample = file("sample.bin");
const bases: Base[] = [
  { name: "sample.bin", image: plainSample, preserveCheck: true },
  { name: "sample_v1.bin", image: file("sample_v1.bin"), preserveCheck: true },
  { name: "mixed", image: mixedImage(), preserveCheck: false },
  { name: "sample_encr.bin+keys", image: file("sample_encr.bin"), keys: fixedKeys, preserveCheck: true },
  { name: "sample_v1 encrypted+keys", image: encryptNvsImage(file("sample_v1.bin"), fixedKeys), keys: fixedKeys, preserveCheck: true },
  { name: "mixed encrypted+keys", image: encryptNvsImage(mixedImage(), fixedKeys), keys: fixedKeys, preserveCheck: false },
];

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString("hex");
}

function fingerprint(e: NvsReadEntry): string {
  const v = e.value instanceof Uint8Array ? hex(e.value) : typeof e.value === "number" && Number.isNaN(e.value) ? "NaN" : String(e.value);
  return `${e.namespace}\u0000${e.key}\u0000${e.type}\u0000${v}`;
}

/** Pages an entry's value depends on: its own, its chunks', its namespace definition's. */
function dependencies(r: NvsReadResult, e: NvsReadEntry): number[] {
  const pages = [e.page];
  for (const c of e.chunks ?? []) pages.push(c.page);
  const ns = r.namespaces.find((n) => n.name === e.namespace);
  if (ns) pages.push(ns.page);
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Independent checks (node:crypto for decryption, our CRC module, no reader code)

function entryBytes(image: Uint8Array, keys: NvsKeys | undefined, page: number, entry: number): Uint8Array {
  const at = page * 4096 + 64 + entry * 32;
  const raw = image.subarray(at, at + 32);
  if (!keys) return raw;
  const tweak = Buffer.alloc(16);
  tweak.writeUInt32LE(at, 0);
  const d = createDecipheriv("aes-256-xts", Buffer.concat([keys.eky, keys.tky]), tweak);
  return new Uint8Array(Buffer.concat([d.update(raw), d.final()]));
}

function entryCrcOk(e: Uint8Array): boolean {
  const crc = nvsCrc32(Uint8Array.from([...e.subarray(0, 4), ...e.subarray(8, 32)]));
  return crc === new DataView(e.buffer, e.byteOffset).getUint32(4, true);
}

function bitmapState(image: Uint8Array, page: number, entry: number): number {
  return (image[page * 4096 + 32 + (entry >> 2)] >> ((entry & 3) * 2)) & 3;
}

function payload(image: Uint8Array, keys: NvsKeys | undefined, page: number, entry: number, size: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(size / 32) * 32);
  for (let j = 0; j < out.length / 32; j++) out.set(entryBytes(image, keys, page, entry + 1 + j), j * 32);
  return out.subarray(0, size);
}

/** The key as the runtime compares it: up to the first NUL, at most 15 bytes. */
function keyName(e: Uint8Array): string {
  const k = e.subarray(8, 23);
  const nul = k.indexOf(0);
  return hex(nul < 0 ? k : k.subarray(0, nul));
}

const INT_RANGES: Record<string, [number, number]> = {
  u8: [0, 255], i8: [-128, 127], u16: [0, 65535], i16: [-32768, 32767], u32: [0, 4294967295], i32: [-2147483648, 2147483647],
};

/** Returns why the result is malformed or unbacked, or "" if it is fine. */
function verify(r: NvsReadResult, image: Uint8Array, keys: NvsKeys | undefined): string {
  const pageCount = Math.floor(image.length / 4096);
  if (!Array.isArray(r.pages) || !Array.isArray(r.entries) || !Array.isArray(r.problems) || !Array.isArray(r.namespaces)) return "result arrays missing";
  if (r.pages.length !== pageCount) return `pages.length ${r.pages.length} != ${pageCount}`;
  for (const [i, p] of r.pages.entries()) {
    if (p.index !== i) return `pages[${i}].index = ${p.index}`;
    if (!["empty", "active", "full", "freeing", "corrupt", "uninitialized-dirty", "newer-version"].includes(p.state)) return `page state ${p.state}`;
  }
  for (const p of r.problems) {
    if (typeof p.message !== "string" || p.message.length === 0) return "empty problem message";
    if (/[\r\n\u2028\u2029\u0085\v\f]/.test(p.message)) return `multi-line problem: ${JSON.stringify(p.message)}`;
    if (p.id === "nvs.internal") return p.message;
    if (!/^nvs\.[a-z0-9-]+$/.test(p.id) || p.check !== "nvs" || p.severity !== "error") return `problem id ${p.id}`;
    if (p.page !== undefined && !(Number.isInteger(p.page) && p.page >= 0 && p.page < pageCount)) return `problem page ${p.page}`;
    if (p.entry !== undefined && !(Number.isInteger(p.entry) && p.entry >= 0 && p.entry < 126)) return `problem entry ${p.entry}`;
  }
  const seenFirst = new Map<string, NvsReadEntry>();
  for (const e of r.entries) {
    const where = `${e.namespace}/${JSON.stringify(e.key)} at ${e.page}:${e.entry}`;
    if (typeof e.namespace !== "string" || typeof e.key !== "string" || e.key.length > 15) return `bad names ${where}`;
    if (!(e.page >= 0 && e.page < pageCount && e.entry >= 0 && e.entry < 126)) return `bad location ${where}`;
    if (!r.namespaces.some((n) => n.name === e.namespace)) return `namespace not listed: ${where}`;
    const ns = r.namespaces.find((n) => n.name === e.namespace)!;
    if (bitmapState(image, e.page, e.entry) !== 2) return `entry not marked written: ${where}`;
    const h = entryBytes(image, keys, e.page, e.entry);
    if (!entryCrcOk(h)) return `entry CRC does not check: ${where}`;
    if (h[0] !== ns.index) return `namespace index ${h[0]} != ${ns.index}: ${where}`;
    const dv = new DataView(h.buffer, h.byteOffset);
    const type = h[1];
    switch (e.type) {
      case "u8": case "i8": case "u16": case "i16": case "u32": case "i32": {
        const code = { u8: 1, i8: 0x11, u16: 2, i16: 0x12, u32: 4, i32: 0x14 }[e.type];
        const [lo, hi] = INT_RANGES[e.type];
        if (type !== code || typeof e.value !== "number" || !Number.isInteger(e.value) || e.value < lo || e.value > hi) return `bad ${e.type} ${where}`;
        const w = code & 0x0f;
        const expected = w === 1 ? (code & 0x10 ? dv.getInt8(24) : dv.getUint8(24)) : w === 2 ? (code & 0x10 ? dv.getInt16(24, true) : dv.getUint16(24, true)) : (code & 0x10 ? dv.getInt32(24, true) : dv.getUint32(24, true));
        if (expected !== e.value) return `value ${e.value} != ${expected}: ${where}`;
        break;
      }
      case "u64": case "i64": {
        if (type !== (e.type === "u64" ? 8 : 0x18) || typeof e.value !== "bigint") return `bad ${e.type} ${where}`;
        const expected = e.type === "u64" ? dv.getBigUint64(24, true) : dv.getBigInt64(24, true);
        if (expected !== e.value) return `value mismatch ${where}`;
        break;
      }
      case "float": case "double": {
        if (type !== (e.type === "float" ? 0x24 : 0x28) || typeof e.value !== "number") return `bad ${e.type} ${where}`;
        const expected = e.type === "float" ? dv.getFloat32(24, true) : dv.getFloat64(24, true);
        if (!Object.is(expected, e.value)) return `value mismatch ${where}`;
        break;
      }
      case "string": {
        if (type !== 0x21 || typeof e.value !== "string") return `bad string ${where}`;
        const size = dv.getUint16(24, true);
        if (h[2] !== 1 + Math.ceil(size / 32) || e.entry + h[2] > 126) return `string span ${where}`;
        for (let j = 1; j < h[2]; j++) if (bitmapState(image, e.page, e.entry + j) !== 2) return `string payload not written ${where}`;
        const data = payload(image, keys, e.page, e.entry, size);
        if (nvsCrc32(data) !== dv.getUint32(28, true)) return `string data CRC does not check ${where}`;
        if (data[size - 1] !== 0) return `string without NUL returned ${where}`;
        const body = data.subarray(0, size - 1);
        let decoded: string | undefined;
        try { decoded = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body); } catch { decoded = undefined; }
        if (decoded !== undefined && decoded !== e.value) return `string value differs ${where}`;
        break;
      }
      case "blob": {
        if (!(e.value instanceof Uint8Array)) return `blob value not bytes ${where}`;
        if (e.legacyBlob) {
          const size = dv.getUint16(24, true);
          if (type !== 0x41 || h[2] !== 1 + Math.ceil(size / 32)) return `bad legacy blob ${where}`;
          const data = payload(image, keys, e.page, e.entry, size);
          if (nvsCrc32(data) !== dv.getUint32(28, true) || hex(data) !== hex(e.value)) return `legacy blob data ${where}`;
          break;
        }
        if (type !== 0x48 || h[2] !== 1 || h[3] !== 0xff) return `bad blob index ${where}`;
        const size = dv.getUint32(24, true), count = h[28], start = h[29];
        if (e.value.length !== size || (e.chunks?.length ?? -1) !== count) return `blob size/count ${where}`;
        const parts: Uint8Array[] = [];
        for (const [n, c] of (e.chunks ?? []).entries()) {
          if (c.chunkIndex !== start + n) return `chunk order ${where}`;
          if (bitmapState(image, c.page, c.entry) !== 2) return `chunk not written ${where}`;
          const ch = entryBytes(image, keys, c.page, c.entry);
          const cdv = new DataView(ch.buffer, ch.byteOffset);
          if (!entryCrcOk(ch) || ch[1] !== 0x42 || ch[0] !== h[0] || ch[3] !== c.chunkIndex || keyName(ch) !== keyName(h)) return `chunk header ${where}`;
          const csize = cdv.getUint16(24, true);
          const data = payload(image, keys, c.page, c.entry, csize);
          if (nvsCrc32(data) !== cdv.getUint32(28, true)) return `chunk data CRC ${where}`;
          parts.push(data);
        }
        if (hex(Buffer.concat(parts)) !== hex(e.value)) return `blob value differs from chunks ${where}`;
        break;
      }
      default:
        return `unknown type ${e.type} ${where}`;
    }
    const id = e.namespace + "\u0000" + e.key;
    const first = seenFirst.get(id);
    if (!first || (first.legacyBlob && !e.legacyBlob && e.type === "blob")) seenFirst.set(id, e);
  }
  for (const [id, e] of seenFirst) {
    const [ns, key] = id.split("\u0000");
    if (r.get(ns, key) !== e) return `get(${ns}, ${key}) is not the first readable match`;
  }
  const json = JSON.stringify(nvsToJson(r, { pages: true }));
  if (typeof json !== "string") return "nvsToJson not serializable";
  return "";
}

// ---------------------------------------------------------------------------------------------
// Mutations

interface Mutated {
  image: Uint8Array;
  ops: string[];
  touched: Set<number>; // base page indices whose content or role changed
  resigned: boolean; // CRCs recomputed: values may legitimately differ from the base
}

function newestPage(image: Uint8Array): number {
  let best = -1, bestSeq = -1;
  for (let p = 0; p < Math.floor(image.length / 4096); p++) {
    const st = new DataView(image.buffer, image.byteOffset + p * 4096).getUint32(0, true);
    if (st === 0xffffffff) continue;
    const seq = new DataView(image.buffer, image.byteOffset + p * 4096).getUint32(4, true);
    if (seq >= bestSeq) { bestSeq = seq; best = p; }
  }
  return best;
}

function touch(m: Mutated, offset: number): void {
  const p = Math.floor(offset / 4096);
  m.touched.add(p);
  if (offset % 4096 < 4) {
    // A state word change (not covered by the header CRC) can make a page FREEING, which drops the newest page.
    const n = newestPage(m.image);
    if (n >= 0) m.touched.add(n);
  }
}

/** Written entries of header-valid pages, as [page, entry]. */
function writtenEntries(image: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 0; p < Math.floor(image.length / 4096); p++) {
    for (let i = 0; i < 126; i++) if (bitmapState(image, p, i) === 2) out.push([p, i]);
  }
  return out;
}

function encryptEntry(plain: Uint8Array, keys: NvsKeys, at: number): Uint8Array {
  // Encrypt with node:crypto too, so the fuzz harness never relies on the module under test.
  const tweak = Buffer.alloc(16);
  tweak.writeUInt32LE(at, 0);
  const c = createCipheriv("aes-256-xts", Buffer.concat([keys.eky, keys.tky]), tweak);
  return new Uint8Array(Buffer.concat([c.update(plain), c.final()]));
}

const EXTREME_SPANS = [0, 1, 2, 3, 125, 126, 127, 255];
const EXTREME_TYPES = [0x00, 0x01, 0x08, 0x18, 0x21, 0x24, 0x28, 0x41, 0x42, 0x48, 0x99, 0xff];
const EXTREME_CHUNKS = [0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff];
const EXTREME_NS = [0, 1, 2, 3, 254, 255];
const EXTREME_SIZES = [0, 1, 31, 32, 33, 3999, 4000, 4001, 0xfffe, 0xffff];

function mutate(base: Base, rng: Rng): Mutated {
  const m: Mutated = { image: base.image.slice(), ops: [], touched: new Set(), resigned: false };
  const rounds = 1 + (rng.next() < 0.3 ? rng.below(3) : 0);
  for (let round = 0; round < rounds; round++) {
    const img = m.image;
    const len = img.length;
    const kind = rng.below(12);
    switch (kind) {
      case 0: { // bit flips
        const n = 1 + rng.below(8);
        for (let k = 0; k < n && len > 0; k++) {
          const at = rng.below(len);
          img[at] ^= 1 << rng.below(8);
          touch(m, at);
        }
        m.ops.push(`flip×${n}`);
        break;
      }
      case 1: { // byte overwrites
        const n = 1 + rng.below(4);
        for (let k = 0; k < n && len > 0; k++) {
          const at = rng.below(len);
          img[at] = rng.pick([0x00, 0xff, rng.below(256)]);
          touch(m, at);
        }
        m.ops.push(`byte×${n}`);
        break;
      }
      case 2: { // region overwrite
        if (len === 0) break;
        const at = rng.below(len);
        const n = Math.min(len - at, 1 + rng.below(64));
        img.set(rng.pick([() => rng.bytes(n), () => new Uint8Array(n), () => new Uint8Array(n).fill(0xff)])(), at);
        for (let k = at; k < at + n; k++) touch(m, k);
        m.ops.push(`region@${at}+${n}`);
        break;
      }
      case 3: { // truncation
        const to = rng.pick([rng.below(len + 1), Math.floor(rng.below(len + 1) / 4096) * 4096]);
        m.image = img.slice(0, to);
        for (let p = Math.floor(to / 4096); p < Math.ceil(len / 4096); p++) m.touched.add(p);
        m.ops.push(`truncate ${to}`);
        break;
      }
      case 4: { // extension
        const pages = Math.floor(len / 4096);
        const choice = rng.below(4);
        let extra: Uint8Array;
        if (choice === 0) extra = rng.bytes(rng.below(8193));
        else if (choice === 1) extra = new Uint8Array(4096 * (1 + rng.below(2))).fill(0xff);
        else if (choice === 2 && pages > 0) {
          const q = rng.below(pages);
          extra = img.slice(q * 4096, q * 4096 + 4096);
          m.touched.add(q);
        } else extra = rng.bytes(1 + rng.below(100));
        const out = new Uint8Array(len + extra.length);
        out.set(img);
        out.set(extra, len);
        m.image = out;
        for (let p = Math.floor(len / 4096); p < Math.ceil(out.length / 4096); p++) m.touched.add(p);
        m.ops.push(`extend ${extra.length} (${choice})`);
        break;
      }
      case 5: { // page swap
        const pages = Math.floor(len / 4096);
        if (pages < 2) break;
        const a = rng.below(pages), b = rng.below(pages);
        const pa = img.slice(a * 4096, a * 4096 + 4096);
        img.copyWithin(a * 4096, b * 4096, b * 4096 + 4096);
        img.set(pa, b * 4096);
        m.touched.add(a);
        m.touched.add(b);
        m.ops.push(`swap ${a}<->${b}`);
        break;
      }
      case 6: { // random bitmap states for some entries
        const pages = Math.floor(len / 4096);
        if (pages === 0) break;
        const p = rng.below(pages);
        const n = 1 + rng.below(20);
        for (let k = 0; k < n; k++) {
          const i = rng.below(128); // includes the 2 unused slots
          const at = p * 4096 + 32 + (i >> 2), sh = (i & 3) * 2;
          img[at] = (img[at] & ~(3 << sh)) | (rng.below(4) << sh);
        }
        m.touched.add(p);
        m.ops.push(`bitmap p${p}×${n}`);
        break;
      }
      case 7: { // whole random bitmap
        const pages = Math.floor(len / 4096);
        if (pages === 0) break;
        const p = rng.below(pages);
        img.set(rng.bytes(32), p * 4096 + 32);
        m.touched.add(p);
        m.ops.push(`bitmap p${p} random`);
        break;
      }
      case 8: case 9: { // entry fields set to extremes, CRCs re-signed (decrypt, edit, re-encrypt)
        const written = writtenEntries(img);
        if (written.length === 0) break;
        const [p, i] = rng.pick(written);
        const at = p * 4096 + 64 + i * 32;
        const e = base.keys ? entryBytes(img, base.keys, p, i).slice() : img.slice(at, at + 32);
        const field = rng.below(9);
        let what = "";
        switch (field) {
          case 0: e[2] = rng.pick(EXTREME_SPANS); what = `span=${e[2]}`; break;
          case 1: e[1] = rng.pick(EXTREME_TYPES); what = `type=${e[1]}`; break;
          case 2: e[3] = rng.pick(EXTREME_CHUNKS); what = `chunk=${e[3]}`; break;
          case 3: e[0] = rng.pick(EXTREME_NS); what = `ns=${e[0]}`; break;
          case 4: { const s = rng.pick(EXTREME_SIZES); e[24] = s & 0xff; e[25] = s >> 8; what = `size=${s}`; break; }
          case 5: e[28] = rng.pick([0, 1, 2, 3, 4, 127, 128, 255]); what = `count=${e[28]}`; break;
          case 6: e[29] = rng.pick([0, 1, 0x7f, 0x80, 0x81, 0xff]); what = `start=${e[29]}`; break;
          case 7: { const s = rng.pick([0, 1, 10000, 508000, 508001, 0xffffffff]); new DataView(e.buffer).setUint32(24, s, true); what = `u32@24=${s}`; break; }
          default: { e.set(rng.bytes(16), 8); what = "key=random"; break; }
        }
        fixEntryCrc(e);
        img.set(base.keys ? encryptEntry(e, base.keys, at) : e, at);
        m.touched.add(p);
        m.resigned = true;
        m.ops.push(`entry ${p}:${i} ${what}`);
        break;
      }
      case 10: { // header fields set to extremes, header CRC re-signed
        const pages = Math.floor(len / 4096);
        if (pages === 0) break;
        const p = rng.below(pages);
        const h = new DataView(img.buffer, img.byteOffset + p * 4096, 32);
        const field = rng.below(3);
        if (field === 0) h.setUint32(4, rng.pick([0, 1, 2, 0xffffffff, rng.below(2 ** 32), h.getUint32(4, true) + 1]) >>> 0, true);
        else if (field === 1) h.setUint8(8, rng.pick([0x00, 0x01, 0xfc, 0xfd, 0xfe, 0xff]));
        else h.setUint32(0, rng.pick([PageState.ACTIVE, PageState.FULL, PageState.FREEING, PageState.CORRUPT, 0, rng.below(2 ** 32)]) >>> 0, true);
        h.setUint32(28, nvsCrc32(img.subarray(p * 4096 + 4, p * 4096 + 28)), true);
        m.touched.add(p);
        m.resigned = true;
        m.ops.push(`header p${p} field ${field}`);
        break;
      }
      default: { // payload edit with the data CRC re-signed (plaintext only: payloads are whole entries)
        if (base.keys) break;
        const written = writtenEntries(img).filter(([p, i]) => [0x21, 0x41, 0x42].includes(img[p * 4096 + 64 + i * 32 + 1]));
        if (written.length === 0) break;
        const [p, i] = rng.pick(written);
        const at = p * 4096 + 64 + i * 32;
        const size = img[at + 24] | (img[at + 25] << 8);
        if (size === 0 || i + 1 + Math.ceil(size / 32) > 126) break;
        img[at + 32 + rng.below(size)] = rng.below(256);
        new DataView(img.buffer, img.byteOffset).setUint32(at + 28, nvsCrc32(img.subarray(at + 32, at + 32 + size)), true);
        fixEntryCrc(img, at);
        m.touched.add(p);
        m.resigned = true;
        m.ops.push(`payload ${p}:${i} re-signed`);
      }
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------

describe(`NVS reader fuzz (MF_SEED=${SEED})`, () => {
  it(`${CASES} mutated images + random images: no throw, well-formed, CRC-backed values`, () => {
    for (const b of bases) {
      b.baseRead = readNvsImage(b.image, { keys: b.keys });
      b.truth = new Set(b.baseRead.entries.map(fingerprint));
      // Mutations can undo mount-time recovery (e.g. a damaged FREEING page no longer drops the
      // newest page), so the plausible values also include a read with FREEING pages made FULL.
      const unfreed = b.image.slice();
      for (let p = 0; p < unfreed.length / 4096; p++) {
        const dv = new DataView(unfreed.buffer, p * 4096, 4);
        if (dv.getUint32(0, true) === PageState.FREEING) dv.setUint32(0, PageState.FULL, true);
      }
      for (const e of readNvsImage(unfreed, { keys: b.keys }).entries) b.truth.add(fingerprint(e));
      expect(verify(b.baseRead, b.image, b.keys), `base ${b.name}`).toBe("");
    }
    expect(bases[0].baseRead!.entries.length).toBeGreaterThan(20);

    const rng = new Rng(SEED);
    const failures: string[] = [];
    const stats = { images: 0, withKeys: 0, entries: 0, problems: 0, preserved: 0 };
    for (let n = 0; n < CASES && failures.length < 5; n++) {
      const tag = `MF_SEED=${SEED} case ${n}`;
      let image: Uint8Array;
      let keys: NvsKeys | undefined;
      let base: Base | undefined;
      let ops: string[] = [];
      let m: Mutated | undefined;
      const roll = rng.next();
      if (roll < 0.04) {
        // Entirely random bytes, sometimes with keys.
        image = rng.bytes(rng.pick([0, 1, 4095, 4096, 8192, 12288 + rng.below(5000)]));
        keys = rng.next() < 0.3 ? fixedKeys : undefined;
        ops = [`random ${image.length}`];
      } else if (roll < 0.06) {
        // A base image read with the wrong keys.
        base = rng.pick(bases);
        image = base.image;
        keys = { eky: rng.bytes(32), tky: rng.bytes(32) };
        ops = [`${base.name} wrong keys`];
        base = undefined;
      } else {
        base = rng.pick(bases);
        m = mutate(base, rng);
        image = m.image;
        keys = base.keys;
        ops = [base.name, ...m.ops];
      }
      stats.images++;
      if (keys) stats.withKeys++;
      let r: NvsReadResult;
      try {
        r = readNvsImage(image, { keys });
      } catch (e) {
        failures.push(`${tag} [${ops.join(", ")}]: threw ${String(e)}`);
        continue;
      }
      stats.entries += r.entries.length;
      stats.problems += r.problems.length;
      const why = verify(r, image, keys);
      if (why) { failures.push(`${tag} [${ops.join(", ")}]: ${why}`); continue; }
      if (!base || !m) {
        if (r.entries.length > 0 && ops[0].startsWith("random")) failures.push(`${tag} [${ops.join(", ")}]: values read from random bytes`);
        continue;
      }
      if (m.resigned) continue;
      // Values ⊆ the base's values (CRCs were not re-signed, so nothing new can appear).
      const extra = r.entries.find((e) => !base!.truth!.has(fingerprint(e)));
      if (extra) { failures.push(`${tag} [${ops.join(", ")}]: value not in the base image: ${fingerprint(extra)}`); continue; }
      // Base values whose pages were not touched are still read.
      if (!base.preserveCheck) continue;
      const now = new Set(r.entries.map(fingerprint));
      for (const e of base.baseRead!.entries) {
        if (dependencies(base.baseRead!, e).some((p) => m!.touched.has(p))) continue;
        stats.preserved++;
        if (!now.has(fingerprint(e))) {
          failures.push(`${tag} [${ops.join(", ")}]: untouched value lost: ${e.namespace}/${e.key} (page ${e.page}); problems: ${r.problems.slice(0, 3).map((p) => p.message).join(" | ")}`);
          break;
        }
      }
    }
    console.log(`nvs fuzz MF_SEED=${SEED}: ${stats.images} images (${stats.withKeys} with keys), ${stats.entries} values verified, ${stats.problems} problems, ${stats.preserved} untouched values re-found`);
    expect(failures, failures.join("\n")).toEqual([]);
    expect(stats.images).toBeGreaterThanOrEqual(10_000);
  });
});
