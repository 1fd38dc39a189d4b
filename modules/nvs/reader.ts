// NVS partition image reader (docs/nvs-format.md §Page layout, §Entry header, §CRC-32, §Variable-length items, §Reader rules). Loads an image the way ESP-IDF's
// runtime mounts a partition — pages ordered by sequence number, entries checked by bitmap state,
// entry CRC, header consistency and data CRC, namespaces and multi-page blobs resolved — and reports
// everything the runtime would skip or erase as a one-line problem. It never throws and every loop
// is bounded by the input size.

import { crc32, nvsCrc32 } from "../checksum/crc32.js";
import { utf8Decode } from "../bytes/utf8.js";
import {
  BITMAP_OFFSET, CHUNK_ANY, ENTRIES_PER_PAGE, ENTRY_SIZE, EntryState, FIRST_ENTRY_OFFSET, ItemType, PAGE_SIZE,
  PageState, VERSION_BYTE, type NvsEntry, type NvsKeys, type NvsType,
} from "./types.js";
import { checkKeys, looksEmpty, nvsCipher } from "./encryption.js";
import { type Finding, makeFinding } from "../errors/finding.js";

/**
 * One thing the runtime would skip, erase or refuse, and why: a Finding of check "nvs" (severity
 * "error", `message` one line, id "nvs.<rule>", NvsProblemRule) that also keeps where it is.
 */
export interface NvsProblem extends Finding {
  page?: number; // physical page index
  entry?: number; // entry index within the page (0…125)
}

/** The rules of the NVS reader's problems: the id is "nvs.<rule>". */
export type NvsProblemRule =
  | "internal" // a reader bug caught by the safety net
  | "not-bytes" | "empty" | "size" // the image itself: not bytes, 0 bytes, not whole pages
  | "bad-keys" // unusable NVS keys: read without decryption
  | "no-valid-crc" // no written entry has a good CRC (encrypted, or wrong keys)
  | "page-uninitialized" | "page-header-crc" | "page-version" | "page-state" | "page-sequence" | "page-freeing"
  | "active-pages" | "freeing-pages" | "move-target" // page states the runtime resolves at mount
  | "ns-zero-item" | "ns-after-item" | "ns-index" | "ns-index-reused" | "ns-name-reused" | "ns-undefined" // namespaces
  | "half-written" | "after-empty" | "bitmap-illegal" | "entry-crc" | "unknown-type" | "item-header"
  | "key-unterminated" | "payload-not-written" | "data-crc" // entries
  | "superseded" | "older-copy" | "duplicate" // copies of one key
  | "string-unterminated" | "string-nul" | "string-utf8" // string values
  | "blob-chunk-start" | "blob-count" | "blob-orphan" | "blob-chunk-missing" | "blob-chunk-crc" | "blob-overflow" | "blob-size"; // blobs

interface ProblemAt {
  page?: number;
  entry?: number;
  key?: string;
  message: string;
}

function nvsProblem(rule: NvsProblemRule, at: ProblemAt): NvsProblem {
  const f = makeFinding("nvs", rule, "error", at.message, at.key);
  return { ...(at.page !== undefined ? { page: at.page } : {}), ...(at.entry !== undefined ? { entry: at.entry } : {}), ...f };
}

export type NvsPageState =
  | "empty" // state word 0xFFFFFFFF and the whole page 0xFF
  | "active"
  | "full"
  | "freeing"
  | "corrupt" // bad header CRC or unknown state word
  | "uninitialized-dirty" // state word 0xFFFFFFFF but not blank: the runtime treats it as corrupt
  | "newer-version"; // version byte below 0xFE: a format this reader (and the runtime) does not know

export interface NvsPageInfo {
  index: number; // physical page index (page starts at index·4096)
  state: NvsPageState;
  stateWord: number;
  sequence?: number;
  version?: 1 | 2;
  versionByte?: number;
  order?: number; // position in read order (sequence number order) for loaded pages
  /** Bitmap counts, for loaded pages (active/full/freeing). */
  written?: number;
  erased?: number;
  empty?: number;
  illegal?: number;
  /** Items whose header passed every check (before namespace and blob resolution). */
  items?: number;
}

/** A readable value plus where it lives. For a v2 blob, page/entry locate its BLOB_IDX entry. */
export interface NvsReadEntry extends NvsEntry {
  page: number;
  entry: number;
  /** v2 blobs: the data chunks in chunk order. */
  chunks?: { page: number; entry: number; chunkIndex: number }[];
  /** Set for a format-v1 BLOB (0x41) item. */
  legacyBlob?: boolean;
}

export interface NvsNamespaceInfo {
  name: string;
  index: number;
  page: number;
  entry: number;
}

export interface NvsReadResult {
  pages: NvsPageInfo[];
  /** Every readable item in read order (pages by sequence number, then entry index); blobs reassembled. */
  entries: NvsReadEntry[];
  problems: NvsProblem[];
  namespaces: NvsNamespaceInfo[];
  /** Runtime lookup: the first readable match scanning pages oldest→newest; a v2 blob wins over a legacy blob. */
  get(namespace: string, key: string): NvsReadEntry | undefined;
}

export interface NvsReadOptions {
  /** Decrypt entries with these XTS keys before parsing (§7). */
  keys?: NvsKeys;
}

/** One line for humans: "page P entry E: message" (location parts only when known). */
export function formatNvsProblem(p: NvsProblem): string {
  const where = p.page === undefined ? "" : p.entry === undefined ? `page ${p.page}: ` : `page ${p.page} entry ${p.entry}: `;
  return where + p.message;
}

// ---------------------------------------------------------------------------------------------
// Constants (docs/nvs-format.md)

const ENTRY_MAX_BLOB_INDEX_SIZE = 127 * 125 * 32; // §4.2 / §8.2: larger BLOB_IDX sizes are corrupt
const VER_1_OFFSET = 0x80; // §2.2: chunk start of the second blob version

type Kind = "primitive" | "varlen" | "index";
interface TypeInfo { name: NvsType | "blob-data" | "blob-index"; kind: Kind; width: number }

const TYPES = new Map<number, TypeInfo>([
  [ItemType.u8, { name: "u8", kind: "primitive", width: 1 }],
  [ItemType.i8, { name: "i8", kind: "primitive", width: 1 }],
  [ItemType.u16, { name: "u16", kind: "primitive", width: 2 }],
  [ItemType.i16, { name: "i16", kind: "primitive", width: 2 }],
  [ItemType.u32, { name: "u32", kind: "primitive", width: 4 }],
  [ItemType.i32, { name: "i32", kind: "primitive", width: 4 }],
  [ItemType.u64, { name: "u64", kind: "primitive", width: 8 }],
  [ItemType.i64, { name: "i64", kind: "primitive", width: 8 }],
  [ItemType.float, { name: "float", kind: "primitive", width: 4 }],
  [ItemType.double, { name: "double", kind: "primitive", width: 8 }],
  [ItemType.string, { name: "string", kind: "varlen", width: 0 }],
  [ItemType.blob, { name: "blob", kind: "varlen", width: 0 }],
  [ItemType.blobData, { name: "blob-data", kind: "varlen", width: 0 }],
  [ItemType.blobIndex, { name: "blob-index", kind: "index", width: 0 }],
]);

// ---------------------------------------------------------------------------------------------
// Small helpers

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

function hex(n: number, digits: number): string {
  return "0x" + n.toString(16).toUpperCase().padStart(digits, "0");
}

/** Quotes text for a one-line message: printable ASCII as is, everything else escaped. */
function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += "\\" + text[i];
    else if (c >= 0x20 && c < 0x7f) out += text[i];
    else out += "\\u" + c.toString(16).padStart(4, "0");
  }
  return out + '"';
}

/** UTF-8 decode; malformed input becomes ASCII plus U+FFFD per other byte. */
function decodeText(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: utf8Decode(bytes), valid: true };
  } catch {
    let text = "";
    for (let i = 0; i < bytes.length; i++) text += bytes[i] < 0x80 ? String.fromCharCode(bytes[i]) : "\ufffd";
    return { text, valid: false };
  }
}

/** The entry CRC (§3): bytes 0..3 then 8..31 of the entry at `at`. */
function entryCrc(b: Uint8Array, at: number): number {
  return crc32(b.subarray(at + 8, at + 32), crc32(b.subarray(at, at + 4), 0xffffffff));
}

// ---------------------------------------------------------------------------------------------
// Internal item model

interface LoadedPage {
  info: NvsPageInfo;
  index: number;
  stateWord: number;
  items: Item[];
}

interface Item {
  page: number;
  entry: number;
  at: number; // byte offset of the entry in the image
  ns: number;
  type: number;
  info: TypeInfo;
  span: number;
  chunk: number;
  key: string; // up to 15 characters, as the runtime compares them
  rawKey: string; // the 16 key bytes, for the runtime's on-page duplicate hash
  dead: boolean;
}

// ---------------------------------------------------------------------------------------------

/** Parses an NVS partition image. Never throws: anything wrong is reported in `problems`. */
export function readNvsImage(image: Uint8Array, options?: NvsReadOptions): NvsReadResult {
  const problems: NvsProblem[] = [];
  try {
    return readImage(image, options ?? {}, problems);
  } catch (e) {
    // Safety net: a bug must not turn into an exception for the caller (the fuzz test asserts this never happens).
    const message = e instanceof Error ? e.message : String(e);
    problems.push(nvsProblem("internal", { message: `internal reader error: ${message.replace(/[\r\n\u2028\u2029\u0085]+/g, " ")}` }));
    return makeResult([], [], problems, []);
  }
}

function makeResult(pages: NvsPageInfo[], entries: NvsReadEntry[], problems: NvsProblem[], namespaces: NvsNamespaceInfo[]): NvsReadResult {
  const lookup = new Map<string, NvsReadEntry>();
  for (const e of entries) {
    const id = e.namespace + "\u0000" + e.key;
    const seen = lookup.get(id);
    if (!seen || (seen.legacyBlob && e.type === "blob" && !e.legacyBlob)) lookup.set(id, e);
  }
  return {
    pages,
    entries,
    problems,
    namespaces,
    get: (namespace: string, key: string) => lookup.get(namespace + "\u0000" + key),
  };
}

type Problem = (rule: NvsProblemRule, at: ProblemAt) => void;

function readImage(image: Uint8Array, options: NvsReadOptions, problems: NvsProblem[]): NvsReadResult {
  const problem: Problem = (rule, at) => problems.push(nvsProblem(rule, at));
  const pages: NvsPageInfo[] = [];
  if (!(image instanceof Uint8Array)) {
    problem("not-bytes", { message: `image: expected bytes (Uint8Array), got ${image === null ? "null" : typeof image}` });
    return makeResult(pages, [], problems, []);
  }
  const pageCount = checkImageSize(image, problem);
  const keys = usableKeys(options.keys, problem);
  const loaded = readPageHeaders(image, pageCount, pages, problem);
  orderPages(loaded, problem);
  const plain = keys === undefined ? image : decryptEntries(image, loaded, keys);
  loadAllEntries(loaded, image, plain, keys !== undefined, problem);
  // Mount-time recovery (PM load, §8.1/§8.2).
  eraseOlderCopyOfNewestItem(loaded, problem);
  const ordered = resolveFreeingPage(loaded, problem);
  const items: Item[] = [];
  for (const l of ordered) for (const it of l.items) items.push(it);
  const { namespaces, nsByIndex } = readNamespaces(ordered, items, plain, problem);
  const chunksByKey = checkBlobs(items, plain, problem);
  const entries = readValues(items, plain, nsByIndex, chunksByKey, problem);
  const result = makeResult(pages, entries, problems, namespaces);
  reportCopies(result, entries, problem);
  return result;
}

function checkImageSize(image: Uint8Array, problem: Problem): number {
  if (image.length === 0) problem("empty", { message: "image is empty (0 bytes)" });
  const pageCount = Math.floor(image.length / PAGE_SIZE);
  const tail = image.length - pageCount * PAGE_SIZE;
  if (tail !== 0) {
    problem("size", { message: `image is ${image.length} bytes, not a multiple of ${PAGE_SIZE}; the last ${tail} bytes are ignored` });
  }
  return pageCount;
}

function usableKeys(keys: NvsKeys | undefined, problem: Problem): NvsKeys | undefined {
  if (keys === undefined) return undefined;
  try {
    checkKeys(keys);
    return keys;
  } catch (e) {
    problem("bad-keys", { message: `${e instanceof Error ? e.message : String(e)}; reading without decryption` });
    return undefined;
  }
}

/** Page headers (§1.2, §1.3, §8.1): every page described in `pages`; the readable ones returned. */
function readPageHeaders(image: Uint8Array, pageCount: number, pages: NvsPageInfo[], problem: Problem): LoadedPage[] {
  const loaded: LoadedPage[] = [];
  for (let p = 0; p < pageCount; p++) {
    const base = p * PAGE_SIZE;
    const stateWord = u32(image, base);
    if (stateWord === PageState.EMPTY) {
      let blank = true;
      for (let i = base; i < base + PAGE_SIZE; i++) if (image[i] !== 0xff) { blank = false; break; }
      pages.push({ index: p, state: blank ? "empty" : "uninitialized-dirty", stateWord });
      if (!blank) problem("page-uninitialized", { page: p, message: `state word is 0xFFFFFFFF (uninitialized) but the page is not blank; the runtime treats it as corrupt and erases it` });
      continue;
    }
    const sequence = u32(image, base + 4);
    const versionByte = image[base + 8];
    const storedCrc = u32(image, base + 28);
    const headerCrc = nvsCrc32(image.subarray(base + 4, base + 28));
    if (storedCrc !== headerCrc) {
      pages.push({ index: p, state: "corrupt", stateWord });
      problem("page-header-crc", { page: p, message: `header CRC32 ${hex(storedCrc, 8)} does not match ${hex(headerCrc, 8)}; the runtime treats the page as corrupt and ignores its items` });
      continue;
    }
    if (versionByte < VERSION_BYTE[2]) {
      pages.push({ index: p, state: "newer-version", stateWord, sequence, versionByte });
      problem("page-version", { page: p, message: `format version byte ${hex(versionByte, 2)} is newer than v2 (0xFE); the runtime refuses to mount the partition (ESP_ERR_NVS_NEW_VERSION_FOUND); page not read` });
      continue;
    }
    const version: 1 | 2 = versionByte === VERSION_BYTE[1] ? 1 : 2;
    let state: NvsPageState;
    if (stateWord === PageState.ACTIVE) state = "active";
    else if (stateWord === PageState.FULL) state = "full";
    else if (stateWord === PageState.FREEING) state = "freeing";
    else {
      pages.push({ index: p, state: "corrupt", stateWord, sequence, version, versionByte });
      problem("page-state", { page: p, message: `state word ${hex(stateWord, 8)} is not ACTIVE, FULL or FREEING; the runtime treats the page as corrupt` });
      continue;
    }
    const info: NvsPageInfo = { index: p, state, stateWord, sequence, version, versionByte };
    pages.push(info);
    loaded.push({ info, index: p, stateWord, items: [] });
  }

  return loaded;
}

/** Read order: by sequence number, ties in physical order (PM load inserts before the first larger). */
function orderPages(loaded: LoadedPage[], problem: Problem): void {
  loaded.sort((a, b) => (a.info.sequence! - b.info.sequence!) || (a.index - b.index));
  for (let k = 1; k < loaded.length; k++) {
    if (loaded[k].info.sequence === loaded[k - 1].info.sequence) {
      problem("page-sequence", { page: loaded[k].index, message: `sequence number ${loaded[k].info.sequence} is also used by page ${loaded[k - 1].index}; read in physical order` });
    }
  }
  const activePages = loaded.filter((l) => l.info.state === "active");
  if (activePages.length > 1) {
    problem("active-pages", { message: `${activePages.length} pages are ACTIVE (${activePages.map((l) => l.index).join(", ")}); the runtime expects at most one (tolerated, all are read)` });
  }

}

/** Decryption (§7.1): written entries of loaded pages, tweak = partition offset; a copy of the image. */
function decryptEntries(image: Uint8Array, loaded: LoadedPage[], keys: NvsKeys): Uint8Array {
  const plain = new Uint8Array(image); // a copy: never decrypt into the caller's bytes
  const cipher = nvsCipher(keys);
  for (const l of loaded) {
    const base = l.index * PAGE_SIZE;
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
      if (entryState(image, base, i) !== EntryState.WRITTEN) continue;
      const at = base + FIRST_ENTRY_OFFSET + i * ENTRY_SIZE;
      cipher.decrypt(plain, at, ENTRY_SIZE, at);
    }
  }
  return plain;

}

/** Entries of each page (§8.2), and the hint when no CRC matches (wrong or missing keys). */
function loadAllEntries(loaded: LoadedPage[], image: Uint8Array, plain: Uint8Array, decrypted: boolean, problem: Problem): void {
  const stats = { checked: 0, crcOk: 0 };
  for (let k = 0; k < loaded.length; k++) {
    loaded[k].info.order = k;
    loadEntries(loaded[k], image, plain, stats, problem);
  }
  if (stats.checked > 0 && stats.crcOk === 0) {
    problem("no-valid-crc", {
      message: decrypted
        ? `none of the ${stats.checked} written entries has a valid CRC after decryption: wrong keys, or the image is not encrypted`
        : `none of the ${stats.checked} written entries has a valid CRC: the image may be encrypted (pass its keys)`,
    });
  }

}

/** Namespaces (§2.4): definitions in namespace 0; items under an undefined index are unreachable. */
function readNamespaces(ordered: LoadedPage[], items: Item[], plain: Uint8Array, problem: Problem): { namespaces: NvsNamespaceInfo[]; nsByIndex: Map<number, NvsNamespaceInfo> } {
  const namespaces: NvsNamespaceInfo[] = [];
  const nsByIndex = new Map<number, NvsNamespaceInfo>();
  const nsByName = new Map<string, NvsNamespaceInfo>();
  for (const l of ordered) {
    let stoppedAt: Item | undefined; // the runtime's namespace scan of a page stops at a non-u8 ns-0 item
    for (const it of l.items) {
      if (it.dead || it.ns !== 0) continue;
      const where = { page: it.page, entry: it.entry, key: it.key };
      if (it.type !== ItemType.u8) {
        problem("ns-zero-item", { ...where, message: `${describeItem(it)} is in namespace index 0 but is not a namespace definition (u8); unreachable` });
        it.dead = true;
        stoppedAt ??= it;
        continue;
      }
      it.dead = true; // namespace definitions are not values
      if (stoppedAt) {
        problem("ns-after-item", { ...where, message: `namespace definition ${quote(it.key)} follows a non-u8 item in namespace 0 on this page (entry ${stoppedAt.entry}); the runtime stops its namespace scan there and does not load it` });
        continue;
      }
      const index = plain[it.at + 24];
      if (index === 0 || index === 0xff) {
        problem("ns-index", { ...where, message: `namespace ${quote(it.key)} has index ${index}; indexes must be 1..254` });
        continue;
      }
      const byIndex = nsByIndex.get(index);
      const byName = nsByName.get(it.key);
      if (byIndex) {
        problem("ns-index-reused", { ...where, message: byIndex.name === it.key
          ? `namespace ${quote(it.key)} (index ${index}) is defined again; the first definition is used`
          : `namespace index ${index} is defined again as ${quote(it.key)} (first as ${quote(byIndex.name)}); the first definition is used` });
        continue;
      }
      if (byName) {
        problem("ns-name-reused", { ...where, message: `namespace ${quote(it.key)} is defined again with index ${index} (first with ${byName.index}); lookups by name use the first, items under index ${index} are unreachable` });
        continue;
      }
      const ns: NvsNamespaceInfo = { name: it.key, index, page: it.page, entry: it.entry };
      namespaces.push(ns);
      nsByIndex.set(index, ns);
      nsByName.set(it.key, ns);
    }
  }
  for (const it of items) {
    if (it.dead || it.ns === 0 || nsByIndex.has(it.ns)) continue;
    problem("ns-undefined", { page: it.page, entry: it.entry, key: it.key, message: `${describeItem(it)} is in namespace index ${it.ns}, which is not defined; unreachable` });
    it.dead = true;
  }

  return { namespaces, nsByIndex };
}

/**
 * Multi-page blobs (§4.2, §8.2: eraseMismatchedBlobIndexes, eraseOrphanDataBlobs): indexes whose
 * chunks do not add up and chunks no index owns are dead. Returns the live chunks by key.
 */
function checkBlobs(items: Item[], plain: Uint8Array, problem: Problem): Map<string, Item[]> {
  const chunksByKey = new Map<string, Item[]>();
  for (const it of items) {
    if (it.dead || it.type !== ItemType.blobData) continue;
    const id = it.ns + "\u0000" + it.key;
    const list = chunksByKey.get(id);
    if (list) list.push(it);
    else chunksByKey.set(id, [it]);
  }
  const indexesByKey = new Map<string, Item[]>();
  for (const it of items) {
    if (it.dead || it.type !== ItemType.blobIndex) continue;
    const size = u32(plain, it.at + 24);
    const count = plain[it.at + 28];
    const start = plain[it.at + 29];
    const where = { page: it.page, entry: it.entry, key: it.key };
    if (start !== 0 && start !== VER_1_OFFSET) {
      problem("blob-chunk-start", { ...where, message: `blob index ${quote(it.key)}: chunk start ${hex(start, 2)} is neither 0x00 nor 0x80; the item is ignored` });
      it.dead = true;
      continue;
    }
    const windowEnd = start === 0 ? VER_1_OFFSET : CHUNK_ANY;
    let found = 0;
    let total = 0;
    for (const c of chunksByKey.get(it.ns + "\u0000" + it.key) ?? []) {
      if (c.chunk >= start && c.chunk < windowEnd) {
        found++;
        total += u16(plain, c.at + 24);
      }
    }
    if (found !== count || total !== size) {
      problem("blob-count", { ...where, message: `blob index ${quote(it.key)} says ${count} chunks / ${size} bytes but ${found} chunks / ${total} bytes are present; the runtime erases the index` });
      it.dead = true;
      continue;
    }
    const id = it.ns + "\u0000" + it.key;
    const list = indexesByKey.get(id);
    if (list) list.push(it);
    else indexesByKey.set(id, [it]);
  }
  for (const [id, chunks] of chunksByKey) {
    const owners = indexesByKey.get(id) ?? [];
    for (const c of chunks) {
      const owned = owners.some((ix) => {
        const start = plain[ix.at + 29];
        return c.chunk >= start && c.chunk < start + plain[ix.at + 28];
      });
      if (!owned) {
        problem("blob-orphan", { page: c.page, entry: c.entry, key: c.key, message: `blob data chunk ${c.chunk} of ${quote(c.key)} belongs to no valid blob index; the runtime erases it as an orphan` });
        c.dead = true;
      }
    }
  }

  return chunksByKey;
}

/** The values of the live items. */
function readValues(items: Item[], plain: Uint8Array, nsByIndex: Map<number, NvsNamespaceInfo>, chunksByKey: Map<string, Item[]>, problem: Problem): NvsReadEntry[] {
  const entries: NvsReadEntry[] = [];
  for (const it of items) {
    if (it.dead) continue;
    const namespace = nsByIndex.get(it.ns)!.name;
    const where = { page: it.page, entry: it.entry, key: it.key };
    const base = { namespace, key: it.key, page: it.page, entry: it.entry };
    const d = it.at + 24;
    switch (it.info.kind) {
      case "primitive":
        entries.push({ ...base, type: it.info.name as NvsType, value: primitiveValue(plain, d, it.type) });
        break;
      case "varlen": {
        if (it.type === ItemType.blobData) break; // read through its index
        const size = u16(plain, d);
        const data = plain.subarray(it.at + ENTRY_SIZE, it.at + ENTRY_SIZE + size);
        const storedCrc = u32(plain, d + 4);
        const dataCrc = nvsCrc32(data);
        if (storedCrc !== dataCrc) {
          problem("data-crc", { ...where, message: `${describeItem(it)}: data CRC32 ${hex(storedCrc, 8)} does not match ${hex(dataCrc, 8)}; the runtime reports it as not found` });
          break;
        }
        if (it.type === ItemType.blob) {
          entries.push({ ...base, type: "blob", value: new Uint8Array(data), legacyBlob: true });
          break;
        }
        const text = stringValue(data, it, problem);
        if (text !== undefined) entries.push({ ...base, type: "string", value: text });
        break;
      }
      case "index": {
        const blob = assembleBlob(it, plain, chunksByKey.get(it.ns + "\u0000" + it.key) ?? [], problem);
        if (blob) entries.push({ ...base, type: "blob", value: blob.value, chunks: blob.chunks });
        break;
      }
    }
  }

  return entries;
}

/** Several readable copies of one key: legal on flash only transiently; say which one lookups see. */
function reportCopies(result: NvsReadResult, entries: NvsReadEntry[], problem: Problem): void {
  const copies = new Map<string, number>();
  for (const e of entries) {
    const id = e.namespace + "\u0000" + e.key;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  for (const e of entries) {
    const id = e.namespace + "\u0000" + e.key;
    const n = copies.get(id)!;
    if (n < 2) continue;
    const seen = result.get(e.namespace, e.key)!;
    if (seen === e) continue;
    problem("duplicate", { page: e.page, entry: e.entry, key: e.key, message: `${quote(e.namespace)}/${quote(e.key)} has ${n} readable copies; lookups return the one at page ${seen.page} entry ${seen.entry}, not this one` });
  }
}

function entryState(image: Uint8Array, base: number, i: number): number {
  return (image[base + BITMAP_OFFSET + (i >> 2)] >> ((i & 3) * 2)) & 3;
}

function describeItem(it: Item): string {
  return `${it.info.name} item ${quote(it.key)}`;
}

/** Why the runtime's header-consistency check would reject this CRC-valid entry, or undefined (§8.2). */
function inconsistency(b: Uint8Array, at: number, i: number, info: TypeInfo, type: number, span: number, chunk: number): string | undefined {
  if (info.kind === "primitive") return span !== 1 ? `span ${span} for a ${info.name} item (must be 1)` : undefined;
  if (info.kind === "index") {
    if (span !== 1) return `span ${span} for a blob index (must be 1)`;
    if (chunk !== CHUNK_ANY) return `blob index with chunk index ${chunk} (must be 0xFF)`;
    const size = u32(b, at + 24);
    if (size > ENTRY_MAX_BLOB_INDEX_SIZE) return `blob index size ${size} exceeds ${ENTRY_MAX_BLOB_INDEX_SIZE}`;
    return undefined;
  }
  if (type === ItemType.blobData && chunk === CHUNK_ANY) return "blob data chunk with chunk index 0xFF";
  const size = u16(b, at + 24);
  const room = (ENTRIES_PER_PAGE - i - 1) * ENTRY_SIZE;
  if (size > room) return `data size ${size} does not fit in the ${room} bytes after entry ${i}`;
  if (span > ENTRIES_PER_PAGE - i) return `span ${span} runs past the end of the page`;
  const expected = 1 + Math.ceil(size / ENTRY_SIZE);
  if (span !== expected) return `span ${span} does not match data size ${size} (expected ${expected})`;
  return undefined;
}

function loadEntries(l: LoadedPage, raw: Uint8Array, plain: Uint8Array, stats: { checked: number; crcOk: number }, problem: Problem): void {
  const p = l.index;
  const base = p * PAGE_SIZE;
  const states = new Uint8Array(ENTRIES_PER_PAGE);
  let written = 0, erased = 0, empty = 0, illegal = 0;
  for (let i = 0; i < ENTRIES_PER_PAGE; i++) {
    const s = entryState(raw, base, i);
    states[i] = s;
    if (s === EntryState.WRITTEN) written++;
    else if (s === EntryState.ERASED) erased++;
    else if (s === EntryState.EMPTY) empty++;
    else illegal++;
  }
  Object.assign(l.info, { written, erased, empty, illegal });
  const active = l.stateWord === PageState.ACTIVE;

  // Active page: items end at the first empty slot; data found in the slots after it is a
  // half-written entry (power loss before the bitmap update) and is erased (PAGE mLoadEntryTable).
  let end = ENTRIES_PER_PAGE;
  if (active) {
    for (let i = 0; i < ENTRIES_PER_PAGE; i++) if (states[i] === EntryState.EMPTY) { end = i; break; }
    let k = end;
    while (k < ENTRIES_PER_PAGE && !looksEmpty(raw, base + FIRST_ENTRY_OFFSET + k * ENTRY_SIZE)) k++;
    if (k > end) {
      problem("half-written", { page: p, entry: end, message: k - 1 === end
        ? "the first empty slot of the active page holds data (half-written); the runtime erases it"
        : `entries ${end}..${k - 1}, from the first empty slot of the active page on, hold data (half-written); the runtime erases them` });
    }
    let ignored = 0, first = -1;
    for (let j = k; j < ENTRIES_PER_PAGE; j++) {
      if (states[j] !== EntryState.EMPTY) { ignored++; if (first < 0) first = j; }
    }
    if (ignored > 0) {
      problem("after-empty", { page: p, entry: first, message: `${ignored} entries from here on are marked written/erased after the first empty slot of the active page; the runtime never reads them` });
    }
  }

  const onPage = new Map<string, Item>(); // on-page duplicate detection (active page only)
  for (let i = 0; i < end; ) {
    const s = states[i];
    if (s !== EntryState.WRITTEN) {
      if (s === EntryState.ILLEGAL) problem("bitmap-illegal", { page: p, entry: i, message: `illegal bitmap state 0b01; the runtime ${active ? "erases" : "skips"} it` });
      i++;
      continue;
    }
    const at = base + FIRST_ENTRY_OFFSET + i * ENTRY_SIZE;
    stats.checked++;
    const storedCrc = u32(plain, at + 4);
    const computed = entryCrc(plain, at);
    if (storedCrc !== computed) {
      problem("entry-crc", { page: p, entry: i, message: `entry CRC32 ${hex(storedCrc, 8)} does not match ${hex(computed, 8)}; the runtime erases it` });
      i++;
      continue;
    }
    stats.crcOk++;
    const ns = plain[at], type = plain[at + 1], span = plain[at + 2], chunk = plain[at + 3];
    const keyField = plain.subarray(at + 8, at + 24);
    const keyEnd = keyField.indexOf(0);
    const nul = keyEnd < 0 ? 15 : keyEnd;
    const key = decodeText(keyField.subarray(0, nul)).text;
    const info = TYPES.get(type);
    if (!info) {
      problem("unknown-type", { page: p, entry: i, key, message: `unknown type ${hex(type, 2)} for ${quote(key)}; the runtime erases it` });
      i++;
      continue;
    }
    const why = inconsistency(plain, at, i, info, type, span, chunk);
    if (why) {
      problem("item-header", { page: p, entry: i, key, message: `${info.name} item ${quote(key)}: ${why}; the runtime erases it` });
      i++;
      continue;
    }
    if (keyEnd < 0) {
      problem("key-unterminated", { page: p, entry: i, key, message: `key field of ${quote(key)} has no NUL terminator; the runtime compares only its first 15 characters` });
    }
    if (info.kind === "varlen") {
      let missing = -1;
      for (let j = i + 1; j < i + span; j++) if (states[j] !== EntryState.WRITTEN) { missing = j; break; }
      if (missing >= 0) {
        problem("payload-not-written", { page: p, entry: i, key, message: `${info.name} item ${quote(key)}: payload entry ${missing} is not marked written; the runtime erases the item` });
        i += span;
        continue;
      }
    }
    let rawKey = "";
    for (let j = 0; j < 16; j++) rawKey += String.fromCharCode(keyField[j]);
    const item: Item = { page: p, entry: i, at, ns, type, info, span, chunk, key, rawKey, dead: false };
    if (active) {
      // Same namespace, key bytes and chunk index (type not compared): the older copy is erased.
      const id = ns + "/" + chunk + "/" + rawKey;
      const older = onPage.get(id);
      if (older && !older.dead) {
        older.dead = true;
        problem("superseded", { page: p, entry: older.entry, key: older.key, message: `${describeItem(older)} is superseded by entry ${i} on the same active page; the runtime erases the older copy` });
      }
      onPage.set(id, item);
    }
    l.items.push(item);
    i += span;
  }
  l.info.items = l.items.length;
}

/**
 * Power-loss recovery at read/write mount (PM load): the last item of the newest page is looked up
 * on the older pages (not FREEING) and the first older copy found is erased.
 */
function eraseOlderCopyOfNewestItem(loaded: LoadedPage[], problem: Problem): void {
  if (loaded.length < 2) return;
  const newest = loaded[loaded.length - 1];
  let last: Item | undefined;
  for (const it of newest.items) if (!it.dead) last = it;
  if (!last) return;
  const erase = (type: number): boolean => {
    for (let k = 0; k < loaded.length - 1; k++) {
      if (loaded[k].info.state === "freeing") continue;
      const found = findOnPage(loaded[k].items, last!.ns, type, last!.key, last!.chunk);
      if (found) {
        found.dead = true;
        problem("older-copy", { page: found.page, entry: found.entry, key: found.key, message: `${describeItem(found)} is an older copy of the newest page's last item (page ${newest.index} entry ${last!.entry}); the runtime erases it at read/write mount` });
        return true;
      }
    }
    return false;
  };
  if (!erase(last.type) && last.type === ItemType.blobIndex) erase(ItemType.blob);
}

/** The runtime's findItem(ns, type, key, chunk) on one page, reduced to what the recovery step needs. */
function findOnPage(items: Item[], ns: number, type: number, key: string, chunk: number): Item | undefined {
  let started = false;
  for (const it of items) {
    if (it.dead || it.ns !== ns || it.key !== key) continue;
    if (!started) {
      // The hash list positions the scan at the first item with the same (ns, key, chunk index).
      if (it.chunk !== chunk) continue;
      started = true;
    }
    if (type === ItemType.blobData) {
      if (chunk !== CHUNK_ANY ? it.chunk !== chunk : it.type !== ItemType.blobData) continue;
    }
    if (type === ItemType.blob && it.type === ItemType.blobIndex) return undefined; // type mismatch
    if (type === ItemType.blob && it.type === ItemType.blobData) continue;
    if (type === ItemType.blobIndex && it.chunk !== CHUNK_ANY) continue;
    return it.type === type ? it : undefined; // a different type stops the search on this page
  }
  return undefined;
}

/**
 * A FREEING page means a page move was interrupted (PM load): the newest page, if ACTIVE, was the
 * move's target and is erased; the FREEING page's items are copied again to a fresh (newest) page.
 */
function resolveFreeingPage(loaded: LoadedPage[], problem: Problem): LoadedPage[] {
  const freeing = loaded.filter((l) => l.info.state === "freeing");
  if (freeing.length === 0) return loaded;
  if (freeing.length > 1) {
    problem("freeing-pages", { message: `${freeing.length} pages are FREEING (${freeing.map((l) => l.index).join(", ")}); the runtime resolves only the first (page ${freeing[0].index}) at mount` });
  }
  const f = freeing[0];
  const newest = loaded[loaded.length - 1];
  let order = loaded;
  if (newest !== f && newest.info.state === "active") {
    for (const it of newest.items) it.dead = true;
    problem("move-target", { page: newest.index, message: `ACTIVE page is the target of an interrupted move of FREEING page ${f.index}; the runtime erases it at mount and copies page ${f.index} again` });
    order = loaded.filter((l) => l !== newest);
  }
  problem("page-freeing", { page: f.index, message: `page is FREEING (a page move was interrupted); the runtime copies its items to a fresh page at mount, so they read as the newest` });
  return order.filter((l) => l !== f).concat([f]);
}

function primitiveValue(b: Uint8Array, d: number, type: number): number | bigint {
  switch (type) {
    case ItemType.u8: return b[d];
    case ItemType.i8: return (b[d] << 24) >> 24;
    case ItemType.u16: return u16(b, d);
    case ItemType.i16: return (u16(b, d) << 16) >> 16;
    case ItemType.u32: return u32(b, d);
    case ItemType.i32: return u32(b, d) | 0;
    case ItemType.u64: return (BigInt(u32(b, d + 4)) << 32n) | BigInt(u32(b, d));
    case ItemType.i64: return BigInt.asIntN(64, (BigInt(u32(b, d + 4)) << 32n) | BigInt(u32(b, d)));
    case ItemType.float: return new DataView(b.buffer, b.byteOffset + d, 4).getFloat32(0, true);
    default: return new DataView(b.buffer, b.byteOffset + d, 8).getFloat64(0, true); // double
  }
}

function stringValue(data: Uint8Array, it: Item, problem: Problem): string | undefined {
  const where = { page: it.page, entry: it.entry, key: it.key };
  if (data.length === 0 || data[data.length - 1] !== 0) {
    problem("string-unterminated", { ...where, message: `string ${quote(it.key)}: ${data.length === 0 ? "size 0" : "last byte is not NUL"}; ESP-IDF readers reject a string without its terminator` });
    return undefined;
  }
  const body = data.subarray(0, data.length - 1);
  const nul = body.indexOf(0);
  if (nul >= 0) {
    problem("string-nul", { ...where, message: `string ${quote(it.key)}: NUL byte at offset ${nul} before the end; C readers see only the first ${nul} bytes` });
  }
  const { text, valid } = decodeText(body);
  if (!valid) problem("string-utf8", { ...where, message: `string ${quote(it.key)}: not valid UTF-8; shown with U+FFFD for non-ASCII bytes` });
  return text;
}

function assembleBlob(ix: Item, plain: Uint8Array, chunks: Item[], problem: Problem):
  { value: Uint8Array; chunks: { page: number; entry: number; chunkIndex: number }[] } | undefined {
  const size = u32(plain, ix.at + 24);
  const count = plain[ix.at + 28];
  const start = plain[ix.at + 29];
  const where = { page: ix.page, entry: ix.entry, key: ix.key };
  const value = new Uint8Array(size);
  const located: { page: number; entry: number; chunkIndex: number }[] = [];
  let filled = 0;
  for (let c = start; c < start + count; c++) {
    let chunk: Item | undefined;
    for (const it of chunks) if (!it.dead && it.chunk === c) { chunk = it; break; }
    if (!chunk) {
      problem("blob-chunk-missing", { ...where, message: `blob ${quote(ix.key)}: chunk ${c} is missing; the runtime reports the blob as not found` });
      return undefined;
    }
    const n = u16(plain, chunk.at + 24);
    const data = plain.subarray(chunk.at + ENTRY_SIZE, chunk.at + ENTRY_SIZE + n);
    const storedCrc = u32(plain, chunk.at + 28);
    const dataCrc = nvsCrc32(data);
    if (storedCrc !== dataCrc) {
      problem("blob-chunk-crc", { page: chunk.page, entry: chunk.entry, key: ix.key, message: `blob ${quote(ix.key)}: chunk ${c} data CRC32 ${hex(storedCrc, 8)} does not match ${hex(dataCrc, 8)}; the runtime reports the blob as not found` });
      return undefined;
    }
    if (filled + n > size) {
      problem("blob-overflow", { ...where, message: `blob ${quote(ix.key)}: chunks hold more than the ${size} bytes of the index` });
      return undefined;
    }
    value.set(data, filled);
    filled += n;
    located.push({ page: chunk.page, entry: chunk.entry, chunkIndex: c });
  }
  if (filled !== size) {
    problem("blob-size", { ...where, message: `blob ${quote(ix.key)}: chunks hold ${filled} bytes, the index says ${size}` });
    return undefined;
  }
  return { value, chunks: located };
}
