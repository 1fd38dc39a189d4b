// Seeded random NVS CSVs for differential tests against ESP-IDF's generator. Reusable: give it a
// seed, get the CSV text, the files its `file` rows name (paths relative to the folder the CSV is
// run from) and the format version to use. Same seed → same case, on every machine.
//
// The cases cover what docs/nvs-format.md lists: all integer types with values at their limits and
// Python int() spellings (+7, " 5", 1_000, 007), strings (empty, multi-line, quoted, UTF-8, close to
// the page limit), hex2bin/base64/binary blobs from empty to multi-page, `file` rows, blob_fill,
// upper-case encodings, namespaces incl. repeats, rows before any namespace, comments, blank lines,
// CRLF, reordered header columns, duplicate keys, Wi-Fi keys, and page-edge layouts (a blob or
// string placed where the page has 0…8 entries left).

import { toBase64 } from "../../modules/bytes/base64.js";
import { toHex } from "../../modules/bytes/hex.js";
import { Rng } from "./seeded-rng.js";

export { Rng };

export interface RandomCsvCase {
  seed: number;
  /** CSV text as written to disk (UTF-8). */
  csv: string;
  /** Files named by `file` rows: relative path → contents. */
  files: Map<string, Uint8Array>;
  version: 1 | 2;
  /** True when the CSV uses the upper-case STRING quirk (a string stored without NUL). */
  rawStrings: boolean;
  /** True when data rows come before the first namespace row (they get namespace index 0). */
  rowsBeforeNamespace: boolean;
}

export interface RandomCsvOptions {
  version?: 1 | 2;
  /** Rough upper bound on data rows (default 40). */
  maxRows?: number;
  /** Largest blob in bytes (default: 9000 for v2, 1984 for v1). */
  maxBlob?: number;
  /** Allow the Wi-Fi keys that make GEN add entries (default true). */
  wifi?: boolean;
}

const INT_LIMITS: Record<string, [bigint, bigint]> = {
  u8: [0n, 255n], i8: [-128n, 127n], u16: [0n, 65535n], i16: [-32768n, 32767n],
  u32: [0n, 4294967295n], i32: [-2147483648n, 2147483647n],
  u64: [0n, 18446744073709551615n], i64: [-9223372036854775808n, 9223372036854775807n],
};
const INT_NAMES = Object.keys(INT_LIMITS);
const KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-.ABCXYZ";
const TEXT_POOL = ["a", "b", "Z", "0", " ", ",", '"', "\n", "#", "é", "€", "😀", "ß", "\t", "'", ";", "=", "x"];

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Quotes a CSV field when Python's csv reader needs it (or sometimes anyway). */
function csvField(rng: Rng, value: string): string {
  if (/[",\n\r]/.test(value) || value.startsWith("#") || (value.length > 0 && rng.bool(0.05))) {
    return '"' + value.replace(/"/g, '""') + '"';
  }
  return value;
}

/** Generates one random CSV case from a seed. */
export function randomNvsCsv(seed: number, options: RandomCsvOptions = {}): RandomCsvCase {
  const rng = new Rng(seed);
  const version: 1 | 2 = options.version ?? (rng.bool(0.25) ? 1 : 2);
  const maxRows = options.maxRows ?? 40;
  const maxBlob = options.maxBlob ?? (version === 1 ? 1984 : 9000);
  const maxString = version === 1 ? 1984 : 3968; // bytes incl. NUL
  // Wi-Fi keys make GEN add entries (§5.1); in about one case in eight
  const wifi = (options.wifi ?? true) && rng.bool(0.12);
  let apGroups = 0;
  const files = new Map<string, Uint8Array>();
  let rawStrings = false;
  let rowsBeforeNamespace = false;

  // header: columns looked up by name, so any order works
  const columns = rng.bool(0.15) ? shuffle(rng, ["key", "type", "encoding", "value"]) : ["key", "type", "encoding", "value"];
  const lines: string[] = [];
  const emit = (key: string, type: string, encoding: string, value: string) => {
    const cells: Record<string, string> = { key, type, encoding, value };
    let line = columns.map((c) => csvField(rng, cells[c])).join(",");
    if (rng.bool(0.03)) line += ",extra"; // surplus cells are ignored by DictReader
    lines.push(line);
    if (rng.bool(0.05)) lines.push(rng.bool() ? "# a comment, with commas" : "");
  };
  if (rng.bool(0.2)) lines.push("# generated NVS CSV");
  lines.push(columns.join(","));

  const usedKeys: string[] = [];
  const duplicates = rng.bool(0.2);
  const randomKey = (): string => {
    if (duplicates && usedKeys.length > 0 && rng.bool(0.05)) return rng.pick(usedKeys); // GEN does not check
    for (;;) {
      const n = rng.bool(0.1) ? 15 : rng.int(1, 14);
      let k = "";
      for (let i = 0; i < n; i++) k += rng.pick(KEY_CHARS.split(""));
      if (k.startsWith("sta.") || k.startsWith("ap.") || k.startsWith("#")) continue;
      usedKeys.push(k);
      return k;
    }
  };

  const namespaces: string[] = [];
  const namespaceRow = () => {
    let name: string;
    if (namespaces.length > 0 && rng.bool(0.25)) name = rng.pick(namespaces); // repeat: does not switch back
    else {
      name = rng.bool(0.3) ? "chip-factory" + (namespaces.length || "") : "ns" + rng.int(0, 1e6);
      name = name.slice(0, 15);
      namespaces.push(name);
    }
    emit(name, "namespace", rng.pick(["", "", "u8", "junk"]), rng.pick(["", "", "ignored"]));
  };

  const intText = (type: string): string => {
    const [min, max] = INT_LIMITS[type];
    const v = rng.bool(0.3) ? rng.pick([min, max, 0n, min + 1n, max - 1n]) : rng.bigint(min, max);
    let digits = (v < 0n ? -v : v).toString();
    const style = rng.int(0, 9);
    if (style === 0 && digits.length > 3) digits = digits.replace(/\B(?=(\d{3})+(?!\d))/g, "_");
    if (style === 1) digits = "00" + digits;
    const sign = v < 0n ? "-" : style === 2 ? "+" : "";
    let text = sign + digits;
    if (style === 3) text = " " + text;
    if (style === 4) text = text + "\t";
    if (style === 5) text = "  " + text + " ";
    return text;
  };

  const randomText = (maxBytes: number): string => {
    const target = rng.bool(0.2) ? maxBytes : rng.bool(0.5) ? rng.int(0, Math.min(maxBytes, 60)) : rng.int(0, maxBytes);
    let s = "";
    let bytes = 0;
    const ascii = rng.bool(0.5);
    while (bytes < target) {
      const ch = ascii || rng.bool(0.7) ? String.fromCharCode(rng.int(0x61, 0x7a)) : rng.pick(TEXT_POOL);
      const n = utf8Length(ch);
      if (bytes + n > target) break;
      s += ch;
      bytes += n;
    }
    // A continuation line starting with "#" is dropped by GEN before CSV parsing (§6). Keep it
    // rare, and never on the value's last line: that line holds the closing quote, and losing it
    // would swallow the following rows into this value.
    const last = s.lastIndexOf("\n");
    if (last >= 0 && s[last + 1] === "#") s = s.slice(0, last + 1) + "-" + s.slice(last + 2);
    return rng.bool(0.9) ? s.replace(/\n#/g, "\n-") : s;
  };

  const asciiText = (n: number): string => {
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(rng.bool(0.05) ? rng.pick([32, 44, 34, 35, 10]) : rng.int(0x30, 0x7a));
    return s.replace(/\n#/g, "\n-"); // see randomText
  };

  const blobLength = (): number => {
    const r = rng.float();
    if (r < 0.1) return 0;
    if (r < 0.5) return rng.int(1, 64);
    if (r < 0.8) return rng.int(65, Math.min(maxBlob, 2000));
    return rng.int(0, maxBlob);
  };

  let fileCount = 0;
  const newFile = (contents: Uint8Array): string => {
    const path = `files/f${fileCount++}.${rng.pick(["bin", "txt", "dat"])}`;
    files.set(path, contents);
    return path;
  };

  const dataRow = () => {
    const kind = rng.int(0, 99);
    const key = randomKey();
    if (kind < 30) {
      const type = rng.pick(INT_NAMES);
      const enc = rng.bool(0.05) ? type.toUpperCase() : type;
      emit(key, "data", enc, intText(type));
    } else if (kind < 50) {
      // string, stored UTF-8 + NUL; ≤ maxString bytes incl. NUL
      const text = randomText(maxString - 1);
      if (rng.bool(0.04) && !/\n/.test(text)) {
        rawStrings = true;
        emit(key, "data", "STRING", text); // quirk: no NUL appended
      } else emit(key, "data", "string", text);
    } else if (kind < 65) {
      const bytes = rng.bytes(blobLength());
      let hex = toHex(bytes);
      if (rng.bool(0.3)) hex = hex.toUpperCase();
      if (rng.bool(0.1)) hex = " " + hex + rng.pick([" ", "\t", "\n"]);
      emit(key, "data", "hex2bin", hex);
    } else if (kind < 72) {
      let b64 = toBase64(rng.bytes(blobLength()));
      if (rng.bool(0.15) && b64.length > 8) b64 = b64.slice(0, 4) + rng.pick(["\n", " ", "!"]) + b64.slice(4);
      emit(key, "data", "base64", b64);
    } else if (kind < 78) {
      emit(key, "data", rng.bool(0.1) ? "Binary" : "binary", asciiText(Math.min(blobLength(), 1500)));
    } else if (kind < 88) {
      // file rows: contents read as bytes, then decoded per encoding
      const enc = rng.pick(["binary", "binary", "hex2bin", "base64", "string", "u32", "i64", "HEX2BIN"]);
      let contents: Uint8Array;
      if (enc === "binary" || enc === "HEX2BIN") contents = rng.bytes(blobLength());
      else if (enc === "hex2bin") contents = ascii(toHex(rng.bytes(blobLength())) + (rng.bool() ? "\n" : ""));
      else if (enc === "base64") contents = ascii(toBase64(rng.bytes(blobLength())) + "\n");
      else if (enc === "string") contents = utf8(randomText(maxString - 1));
      else contents = ascii(intText(enc) + "\n");
      emit(key, "file", enc, newFile(contents));
    } else if (kind < 93) {
      const n = rng.int(0, version === 1 ? 1900 : 3000);
      const pad = "0x" + toHex(rng.bytes(1));
      const value = asciiText(rng.int(0, Math.min(n, 40))).replace(/[\n"#,]/g, "x");
      emit(key, "data", `${rng.bool() ? "blob_fill" : "blob_sz_fill"}(${n};${rng.bool() ? pad : pad.toUpperCase().replace("0X", "0x")})`, value);
    } else if (kind < 96) {
      // upper-case blob encodings: stored as the cell text, not decoded (§6 "Case")
      emit(key, "data", rng.pick(["HEX2BIN", "BASE64", "Hex2bin"]), asciiText(rng.int(0, 300)).replace(/\n/g, " "));
    } else if (wifi && kind < 98) {
      emit(rng.pick(["sta.ssid", "sta.pswd"]), "data", "string", "net-" + rng.int(0, 999));
    } else if (wifi && apGroups < 1) {
      // PBKDF2 with 4096 rounds per ap.pmk_info: keep to one group (two pmk_info rows at most)
      apGroups++;
      emit("ap.ssid", "data", "string", "ap" + rng.int(0, 99));
      emit("ap.passwd", "data", "string", "pw" + rng.int(0, 9999));
      emit("ap.authmode", "data", "u8", rng.pick(["3", "0", "4"]));
      if (rng.bool(0.3)) emit("ap.ssid", "data", "string", "ap-again");
    } else {
      emit(key, "data", "u8", "1");
    }
  };

  /**
   * At the start of page 0: one namespace entry and `fill` u8 entries leave 125 − fill entries
   * free, then a blob or string goes at that edge (zero-length chunk, index on the next page,
   * off-by-one fit test: §4.2, §5.3).
   */
  const pageEdge = () => {
    namespaceRow();
    const fill = rng.int(110, 125);
    for (let i = 0; i < fill; i++) emit(randomKey(), "data", "u8", String(i % 256));
    const key = randomKey();
    if (rng.bool(0.6)) {
      const n = rng.pick([0, 1, 31, 32, 33, 64, 200, 4000, 4001, rng.int(0, 5000)]);
      emit(key, "data", "hex2bin", toHex(rng.bytes(Math.min(n, maxBlob))));
    } else emit(key, "data", "string", "s".repeat(rng.pick([0, 30, 31, 32, 63, 64, 95, 150, 200, rng.int(0, 300)])));
    emit(randomKey(), "data", "u16", "7");
  };

  if (rng.bool(0.05)) {
    rowsBeforeNamespace = true; // these land in namespace index 0 (§2.4)
    dataRow();
  } else if (rng.bool(0.15)) {
    pageEdge();
  }
  const rows = rng.int(1, maxRows);
  const manyNamespaces = rng.bool(0.05);
  for (let i = 0; i < rows; i++) {
    if (i === 0 || rng.bool(manyNamespaces ? 0.6 : 0.12)) namespaceRow();
    dataRow();
  }

  const eol = rng.bool(0.1) ? "\r\n" : "\n";
  const csv = lines.join(eol) + (rng.bool(0.9) ? eol : "");
  return { seed, csv, files, version, rawStrings, rowsBeforeNamespace };
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "utf8"));
}
