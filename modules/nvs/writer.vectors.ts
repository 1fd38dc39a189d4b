// Fixed vectors for the NVS writer and CSV front end (docs/nvs-format.md). Expected bytes are those of docs/nvs-format.md §Worked bytes
// or were produced by esp-idf-nvs-partition-gen 0.2.0 from the CSV shown beside
// them. Runs under vitest and XS: no fs, no PBKDF2 (the ap.* Wi-Fi rows are covered by
// test/nvs-differential.test.ts).
import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { parseCsvRecords, parseNvsCsv, pythonBase64Decode } from "./csv.js";
import { MAX_STRING_BYTES_V2, measureNvsImage, parseNvsSize, parsePythonInt, writeNvsImage } from "./writer.js";
import { NvsInputError, type NvsRow } from "./types.js";

const ns = (name: string): NvsRow => ({ kind: "namespace", name });
const u8 = (key: string, value: number): NvsRow => ({ kind: "data", key, type: "u8", value });
const entry = (img: Uint8Array, page: number, i: number) => toHex(img.subarray(page * 4096 + 64 + 32 * i, page * 4096 + 96 + 32 * i));
const header = (img: Uint8Array, page: number) => toHex(img.subarray(page * 4096, page * 4096 + 32));
const bitmap = (img: Uint8Array, page: number) => toHex(img.subarray(page * 4096 + 32, page * 4096 + 64));
const allFF = (b: Uint8Array) => b.every((x) => x === 0xff);
const noFiles = (path: string): Uint8Array => {
  throw new Error(`no file ${path}`);
};
/** `n` u8 rows: fills n entries. */
const fillers = (n: number): NvsRow[] => Array.from({ length: n }, (_, i) => u8("u" + i, i & 0xff));

// GEN: key,type,encoding,value / ns,namespace,, / a,data,u8,1 / b,data,i64,-2 / s,data,string,hi /
// h,data,hex2bin,0102 — at 0x3000
const SMALL_CSV = "key,type,encoding,value\nns,namespace,,\na,data,u8,1\nb,data,i64,-2\ns,data,string,hi\nh,data,hex2bin,0102\n";
const SMALL_V2 = [
  "000101ff3b280e0e6e73000000000000000000000000000001ffffffffffffff", // namespace "ns" → 1
  "010101ff3674169c6100000000000000000000000000000001ffffffffffffff", // u8 a = 1
  "011801ff66bd391062000000000000000000000000000000feffffffffffffff", // i64 b = -2
  "012102ff0b6d4933730000000000000000000000000000000300ffff89b5040d", // string s, 3 bytes
  "686900ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", // "hi\0" + 0xFF padding
  "0142020070271e9d680000000000000000000000000000000200ffff92afea08", // blob data chunk 0
  "0102ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
  "014801ff9b3fab2b68000000000000000000000000000000020000000100ffff", // blob index: 2 bytes, 1 chunk
];

export const vectors: VectorCase[] = [
  {
    name: "§9 page header: page 0, v2, FULL, CRC 0xB9BA2D84",
    run() {
      // a 5000-byte blob spills onto page 1, so page 0 is FULL
      const img = writeNvsImage([ns("chip-factory"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(5000) }], { size: 0x4000 });
      checkEqual(header(img, 0), "fcffffff00000000fe" + "ff".repeat(19) + "842dbab9", "page 0 header");
      checkEqual(header(img, 1).slice(0, 8), "feffffff", "page 1 (last data page) is ACTIVE");
    },
  },
  {
    name: "§9 header CRCs: seq 1 v2 0x389F48A3, seq 4 v2 0xD0BCB3DB, seq 0 v1 0xDCDD16C2",
    run() {
      const img = writeNvsImage([ns("n"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(17000) }], { size: 0x6000 });
      checkEqual(header(img, 1).slice(56), "a3489f38", "seq 1");
      checkEqual(header(img, 4).slice(8, 18), "04000000fe", "seq 4 header");
      checkEqual(header(img, 4).slice(56), "dbb3bcd0", "seq 4");
      const v1 = writeNvsImage([], { size: 0x3000, version: 1 });
      checkEqual(header(v1, 0), "feffffff00000000" + "ff".repeat(20) + "c216dddc", "v1 page 0");
    },
  },
  {
    name: "§9 namespace entry chip-factory → 1 and u32 serial-num = 0x12345678",
    run() {
      const img = writeNvsImage([ns("chip-factory"), { kind: "data", key: "serial-num", type: "u32", value: 0x12345678 }], { size: 0x3000 });
      checkEqual(entry(img, 0, 0), "000101ff7d57e3de" + toHex(ascii("chip-factory")) + "00000000" + "01ffffffffffffff", "namespace");
      checkEqual(entry(img, 0, 1), "010401ff5708be39" + toHex(ascii("serial-num")) + "000000000000" + "78563412ffffffff", "u32");
    },
  },
  {
    name: "§9 blob index dac-cert: 10000 bytes in 3 chunks",
    run() {
      // ns + u32 leave 124 free entries: chunks of 3936, 4000 and 2064 bytes, index at page 2 entry 66
      const rows: NvsRow[] = [ns("chip-factory"), { kind: "data", key: "serial-num", type: "u32", value: 1 },
        { kind: "data", key: "dac-cert", type: "blob", value: new Uint8Array(10000).fill(7) }];
      const img = writeNvsImage(rows, { size: 0x4000 });
      checkEqual(entry(img, 2, 66), "014801ff20906ad8" + toHex(ascii("dac-cert")) + "0000000000000000" + "1027000003" + "00ffff", "index");
      checkEqual(entry(img, 0, 2).slice(0, 8), "01427c00", "chunk 0: span 124, chunk index 0");
      checkEqual(entry(img, 0, 2).slice(48, 52), "600f", "chunk 0 size 3936");
      checkEqual(entry(img, 1, 0).slice(0, 8), "01427e01", "chunk 1: span 126 (whole page), index 1");
      checkEqual(entry(img, 2, 0).slice(0, 8), "01424202", "chunk 2: span 66, index 2");
      checkEqual(header(img, 0).slice(0, 8) + header(img, 1).slice(0, 8) + header(img, 2).slice(0, 8), "fcfffffffcfffffffeffffff", "states");
      checkTrue(allFF(img.subarray(3 * 4096)), "reserved last page all 0xFF");
    },
  },
  {
    name: "GEN image: u8, i64, string, hex2bin blob (v2)",
    run() {
      const img = writeNvsImage(parseNvsCsv(SMALL_CSV, noFiles), { size: parseNvsSize("0x3000") });
      checkEqual(img.length, 0x3000, "length");
      checkEqual(header(img, 0), "feffffff00000000fe" + "ff".repeat(19) + "842dbab9", "ACTIVE page 0");
      checkEqual(bitmap(img, 0), "aaaa" + "ff".repeat(30), "8 entries written");
      for (let i = 0; i < SMALL_V2.length; i++) checkEqual(entry(img, 0, i), SMALL_V2[i], `entry ${i}`);
      checkTrue(allFF(img.subarray(64 + 32 * 8)), "rest of the image 0xFF");
    },
  },
  {
    name: "GEN image: the same CSV in format v1 (single BLOB item, version byte 0xFF)",
    run() {
      const img = writeNvsImage(parseNvsCsv(SMALL_CSV, noFiles), { size: 0x3000, version: 1 });
      checkEqual(header(img, 0), "feffffff00000000" + "ff".repeat(20) + "c216dddc", "header");
      checkEqual(bitmap(img, 0), "aaea" + "ff".repeat(30), "7 entries written");
      for (let i = 0; i < 5; i++) checkEqual(entry(img, 0, i), SMALL_V2[i], `entry ${i}`);
      checkEqual(entry(img, 0, 5), "014102ff54a6ef32680000000000000000000000000000000200ffff92afea08", "BLOB 0x41");
      checkEqual(entry(img, 0, 6), SMALL_V2[6], "BLOB data");
    },
  },
  {
    name: "namespaces A, B, A: the repeat writes nothing and does not switch back (GEN, read-only 0x1000)",
    run() {
      const img = writeNvsImage(parseNvsCsv("key,type,encoding,value\nA,namespace,,\nB,namespace,,\nA,namespace,,\nk,data,u16,513\n", noFiles), { size: 0x1000 });
      checkEqual(img.length, 4096, "read-only output is not padded");
      checkEqual(entry(img, 0, 0), "000101ff517775634100000000000000000000000000000001ffffffffffffff", "A → 1");
      checkEqual(entry(img, 0, 1), "000101ff9ad9e4b54200000000000000000000000000000002ffffffffffffff", "B → 2");
      checkEqual(entry(img, 0, 2), "020201ff7af5c3236b0000000000000000000000000000000102ffffffffffff", "k in namespace 2");
    },
  },
  {
    name: "rows before any namespace get namespace index 0",
    run() {
      const img = writeNvsImage([u8("x", 5), ns("n"), u8("y", 6)], { size: 0x3000 });
      checkEqual(entry(img, 0, 0).slice(0, 8), "000101ff", "x: ns 0");
      checkEqual(entry(img, 0, 2).slice(0, 8), "010101ff", "y: ns 1");
    },
  },
  {
    name: "zero-length chunk quirk: a blob starting with one entry free (GEN bytes)",
    run() {
      const img = writeNvsImage([ns("ns"), ...fillers(124), { kind: "data", key: "blob", type: "blob", value: fromHex("00112233445566778899") }], { size: 0x3000 });
      checkEqual(header(img, 0).slice(0, 8), "fcffffff", "page 0 FULL");
      checkEqual(bitmap(img, 0), "aa".repeat(31) + "fa", "all 126 entries written");
      checkEqual(entry(img, 0, 125), "014201008c8aaa89626c6f620000000000000000000000000000ffffffffffff", "empty chunk 0");
      checkEqual(header(img, 1), "feffffff01000000fe" + "ff".repeat(19) + "a3489f38", "page 1 header");
      checkEqual(entry(img, 1, 0), "0142020139cb8fdd626c6f620000000000000000000000000a00ffff4194dc37", "chunk 1");
      checkEqual(entry(img, 1, 1), "00112233445566778899" + "ff".repeat(22), "chunk 1 data");
      checkEqual(entry(img, 1, 2), "014801ff7c4ca1ff626c6f620000000000000000000000000a0000000200ffff", "index: 2 chunks");
    },
  },
  {
    name: "blob index goes to the next page when the last chunk fills the page (GEN bytes)",
    run() {
      const data = new Uint8Array(3968).fill(0xab);
      const img = writeNvsImage([ns("ns"), { kind: "data", key: "blob", type: "blob", value: data }], { size: 0x3000 });
      checkEqual(entry(img, 0, 1), "01427d00bcbc3edf626c6f62000000000000000000000000800fffff46d21073", "chunk 0 fills entries 1..125");
      checkEqual(entry(img, 1, 0), "014801ff690aa7d9626c6f62000000000000000000000000800f00000100ffff", "index at page 1 entry 0");
      checkEqual(bitmap(img, 1), "fe" + "ff".repeat(31), "page 1: one entry");
    },
  },
  {
    name: "off-by-one fit test: 120 used + span 6 → new page; + span 5 → same page (GEN bytes)",
    run() {
      const six = writeNvsImage([ns("ns"), ...fillers(119), { kind: "data", key: "s", type: "string", value: "x".repeat(159) }], { size: 0x3000 });
      checkTrue(allFF(six.subarray(64 + 32 * 120, 4096)), "entries 120..125 left free");
      checkEqual(header(six, 0).slice(0, 8), "fcffffff", "page 0 FULL");
      checkEqual(entry(six, 1, 0).slice(0, 16), "012106ffb39608b8", "string at page 1 entry 0");
      const five = writeNvsImage([ns("ns"), ...fillers(119), { kind: "data", key: "s", type: "string", value: "x".repeat(127) }], { size: 0x3000 });
      checkEqual(entry(five, 0, 120), "012105ff697bb38c730000000000000000000000000000008000ffff5b7669cf", "string at entry 120");
      checkEqual(bitmap(five, 0), "aa".repeat(31) + "fe", "entry 125 free");
      checkTrue(allFF(five.subarray(4096)), "page 1 untouched");
    },
  },
  {
    name: "empty string: size 1, data CRC 0xFFFFFFFF, payload 00 FF…; empty blob: one empty chunk + index",
    run() {
      const img = writeNvsImage([ns("n"), { kind: "data", key: "e", type: "string", value: "" }, { kind: "data", key: "b", type: "blob", value: new Uint8Array(0) }], { size: 0x3000 });
      checkEqual(entry(img, 0, 1).slice(0, 8), "012102ff", "string span 2");
      checkEqual(entry(img, 0, 1).slice(48), "0100ffffffffffff", "size 1, CRC 0xFFFFFFFF");
      checkEqual(entry(img, 0, 2), "00" + "ff".repeat(31), "payload");
      checkEqual(entry(img, 0, 3).slice(0, 8), "01420100", "empty chunk: span 1, chunk 0");
      checkEqual(entry(img, 0, 3).slice(48), "0000ffffffffffff", "size 0, CRC 0xFFFFFFFF");
      checkEqual(entry(img, 0, 4).slice(48), "000000000100ffff", "index: size 0, 1 chunk");
    },
  },
  {
    name: "integers: little-endian two's complement, unused bytes 0xFF; bigint and number accepted",
    run() {
      const rows: NvsRow[] = [ns("n"),
        { kind: "data", key: "a", type: "i8", value: -5 }, { kind: "data", key: "b", type: "i16", value: -300 },
        { kind: "data", key: "c", type: "u64", value: 0xffffffffffffffffn }, { kind: "data", key: "d", type: "i64", value: -1234567890123n },
        { kind: "data", key: "e", type: "i32", value: -2147483648 }, { kind: "data", key: "f", type: "u16", value: 4660n }];
      const img = writeNvsImage(rows, { size: 0x3000 });
      const data = (i: number) => entry(img, 0, i).slice(48);
      checkEqual(data(1), "fbffffffffffffff", "i8 -5");
      checkEqual(data(2), "d4feffffffffffff", "i16 -300");
      checkEqual(data(3), "ffffffffffffffff", "u64 max");
      checkEqual(data(4), "35fb048ee0feffff", "i64 -1234567890123");
      checkEqual(data(5), "00000080ffffffff", "i32 min");
      checkEqual(data(6), "3412ffffffffffff", "u16 0x1234");
      checkEqual(entry(img, 0, 1).slice(2, 4) + entry(img, 0, 2).slice(2, 4) + entry(img, 0, 3).slice(2, 4), "111208", "type codes");
    },
  },
  {
    name: "read/write sizes: trailing pages and the reserved page stay 0xFF; read-only 0x2000 not padded",
    run() {
      const img = writeNvsImage([ns("n")], { size: 0x5000 });
      checkEqual(img.length, 0x5000, "length");
      checkTrue(allFF(img.subarray(4096)), "pages 1..4 all 0xFF");
      checkEqual(writeNvsImage([ns("n")], { size: 0x2000 }).length, 4096, "0x2000 with one page of data");
      const two = writeNvsImage([ns("n"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(4500) }], { size: 0x2000 });
      checkEqual(two.length, 8192, "two pages");
      checkEqual(header(two, 0).slice(0, 8) + header(two, 1).slice(0, 8), "fcfffffffeffffff", "FULL, ACTIVE");
      checkEqual(measureNvsImage([ns("n"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(4500) }]), { dataPages: 2, minSize: 0x3000 }, "measure");
    },
  },
  {
    name: "limits: key 15 ok / 16 rejected; v2 string 3968 ok / 3969 rejected; v1 1984 ok / 1985 rejected",
    run() {
      writeNvsImage([ns("n"), u8("k".repeat(15), 1)], { size: 0x3000 });
      checkThrowsId(() => writeNvsImage([ns("n"), u8("k".repeat(16), 1)], { size: 0x3000 }), "nvs.key-length", 'key "kkkkkkkkkkkkkkkk": longer than 15 characters');
      checkThrowsId(() => writeNvsImage([ns("namespace-too-long")], { size: 0x3000 }), "nvs.key-length", "longer than 15");
      const s = (n: number, version: 1 | 2) => writeNvsImage([ns("n"), { kind: "data", key: "s", type: "string", value: "a".repeat(n - 1) }], { size: 0x4000, version });
      checkEqual(MAX_STRING_BYTES_V2, 3968, "v2 string limit");
      const img = s(3968, 2);
      checkEqual(entry(img, 1, 0).slice(0, 8), "01217dff", "3968-byte string: span 125 on a fresh page");
      checkThrowsId(() => s(3969, 2), "nvs.string-length", "3969 bytes incl. NUL is longer than 3968");
      s(1984, 1);
      checkThrows(() => s(1985, 1), "longer than 1984");
      checkThrowsId(() => writeNvsImage([ns("n"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(1985) }], { size: 0x4000, version: 1 }), "nvs.blob-length", "longer than 1984");
      checkThrowsId(() => writeNvsImage([ns("n"), u8("k", 256)], { size: 0x3000 }), "nvs.int-range", 'key "k" (u8): value 256 is out of range 0..255');
      checkThrowsId(() => writeNvsImage([ns("n"), { kind: "data", key: "k", type: "i8", value: 1.5 }], { size: 0x3000 }), "nvs.value-type", "not an integer");
      checkThrowsId(() => writeNvsImage([ns("n"), { kind: "data", key: "k", type: "float" as "u8", value: 1 }], { size: 0x3000 }), "nvs.type", "type");
      checkThrowsId(() => writeNvsImage([ns("n"), u8("clé", 1)], { size: 0x3000 }), "nvs.key-ascii", "must be ASCII");
    },
  },
  {
    name: "partition too small: one line naming the size and what is needed",
    run() {
      const rows: NvsRow[] = [ns("n"), { kind: "data", key: "b", type: "blob", value: new Uint8Array(9000) }];
      checkThrowsId(() => writeNvsImage(rows, { size: 0x3000 }), "nvs.partition-too-small", "partition size 0x3000: too small, the data needs 3 pages plus 1 reserved page: at least 0x4000");
      checkThrows(() => writeNvsImage(rows.slice(0, 1).concat([{ kind: "data", key: "b", type: "blob", value: new Uint8Array(5000) }]), { size: 0x1000 }), "at least 0x2000");
      checkThrowsId(() => writeNvsImage(rows, { size: 0x2800 }), "nvs.partition-size", "multiple of 4096");
      checkThrows(() => writeNvsImage(rows, { size: 0 }), "multiple of 4096");
    },
  },
  {
    name: "parseNvsSize: Python int(x, 0) then a multiple of 4096",
    run() {
      checkEqual(parseNvsSize("0x8000"), 0x8000, "hex");
      checkEqual(parseNvsSize("32768"), 32768, "decimal");
      checkEqual(parseNvsSize(" 0X6000\n"), 0x6000, "upper-case prefix, whitespace");
      checkEqual(parseNvsSize("0x_8000"), 0x8000, "underscore after prefix");
      checkEqual(parseNvsSize("12_288"), 12288, "underscore");
      checkEqual(parseNvsSize("0o10000"), 4096, "octal");
      checkThrowsId(() => parseNvsSize("12k"), "nvs.partition-size", 'partition size "12k": not an integer');
      checkThrows(() => parseNvsSize("08192"), "partition size");
      checkThrows(() => parseNvsSize("0x1001"), "multiple of 4096");
      checkThrowsId(() => parseNvsSize("-0x1000"), "nvs.partition-size", "minimum");
      checkThrows(() => parseNvsSize("0"), "minimum");
    },
  },
  {
    name: "Python int(): +7, ' 5', 1_000, 007 accepted; 0x10, 1__0, _7, '' rejected",
    run() {
      checkEqual(parsePythonInt("+7", 10), 7n, "+7");
      checkEqual(parsePythonInt(" 5", 10), 5n, "space");
      checkEqual(parsePythonInt("\t-3\n", 10), -3n, "tab/newline");
      checkEqual(parsePythonInt("1_000", 10), 1000n, "underscore");
      checkEqual(parsePythonInt("007", 10), 7n, "leading zeros (base 10)");
      checkEqual(parsePythonInt("\u00a05", 10), 5n, "NBSP in text");
      checkEqual(parsePythonInt("\u00a05", 10, true), null, "0xA0 in a file is not space");
      for (const bad of ["0x10", "1__0", "_7", "7_", "", "+", "- 3", "\u001c5", "1e3"]) checkEqual(parsePythonInt(bad, 10), null, JSON.stringify(bad));
      checkEqual(parsePythonInt("0100", 0), null, "base 0: no leading zeros");
      checkEqual(parsePythonInt("00", 0), 0n, "base 0: zeros");
    },
  },
  {
    name: "Python a2b_base64 (lenient): stops at padding, skips junk, needs complete groups",
    run() {
      const d = (s: string) => {
        const r = pythonBase64Decode(s);
        return r === null ? null : toHex(r);
      };
      checkEqual(d("SGVsbG8gV29ybGQh"), toHex(ascii("Hello World!")), "plain");
      checkEqual(d("YQ==YWJj"), "61", "data after padding ignored");
      checkEqual(d("ab=!="), "69", "junk between pads");
      checkEqual(d("Y W J j\n"), "616263", "whitespace skipped");
      checkEqual(d("=YWJj"), "616263", "leading = skipped");
      checkEqual(d("YQ=x="), "610c", "= that cannot pad yet");
      checkEqual(d("===="), "", "only padding");
      checkEqual(d("ab"), null, "incorrect padding");
      checkEqual(d("ab="), null, "incomplete padding");
      checkEqual(d("YWJjZ"), null, "one char too many");
      checkEqual(d("é"), null, "non-ASCII text");
      checkEqual(toHex(pythonBase64Decode(new Uint8Array([0xe9, 0x59, 0x51, 0x3d, 0x3d]))!), "61", "non-ASCII bytes skipped");
    },
  },
  {
    name: "CSV records: comments, quotes, multi-line values, '#' lines dropped even inside quotes",
    run() {
      const recs = parseCsvRecords('# c\nkey,type,encoding,value\r\n\na,"b,c","say ""hi""",x"y"z\n"multi\nline",q\n"drop\n#this\nkept"\n"ab"cd,e\n"open');
      checkEqual(recs.map((r) => r.fields), [
        ["key", "type", "encoding", "value"], [], ["a", "b,c", 'say "hi"', 'x"y"z'], ["multi\nline", "q"], ["drop\nkept"], ["abcd", "e"], ["open"],
      ], "records");
      checkEqual(recs.map((r) => r.line), [2, 3, 4, 5, 7, 10, 11], "start lines (comments counted)");
      checkThrows(() => parseCsvRecords("a," + "x".repeat(131073)), "field size limit");
    },
  },
  {
    name: "CSV semantics: header by name, U8 works, HEX2BIN/STRING quirks, hex strip, blank rows, extra cells",
    run() {
      const csv = [
        "value,encoding,type,key", ",,namespace,n", "+7,U8,data,a", " 5,i32,data,b", "1_000,u16,data,c",
        "0a0b,HEX2BIN,data,d", "hi,STRING,data,e", "\" 0A0b \",hex2bin,data,f", "", "SGk=,base64,data,g",
        "raw,Binary,data,h", "x,string,anything,i,extra", "9,u8,data", // short row: key column missing at the end
      ].join("\n");
      checkThrows(() => parseNvsCsv(csv, noFiles), "no key cell");
      const rows = parseNvsCsv(csv.slice(0, csv.lastIndexOf("\n")), noFiles);
      checkEqual(rows, [
        { kind: "namespace", name: "n" },
        { kind: "data", key: "a", type: "u8", value: 7 },
        { kind: "data", key: "b", type: "i32", value: 5 },
        { kind: "data", key: "c", type: "u16", value: 1000 },
        { kind: "data", key: "d", type: "blob", value: ascii("0a0b") }, // HEX2BIN: text, not decoded
        { kind: "data", key: "e", type: "string", value: ascii("hi") }, // STRING: no NUL
        { kind: "data", key: "f", type: "blob", value: fromHex("0a0b") },
        { kind: "data", key: "g", type: "blob", value: ascii("Hi") },
        { kind: "data", key: "h", type: "blob", value: ascii("raw") },
        { kind: "data", key: "i", type: "string", value: "x" },
      ], "rows");
    },
  },
  {
    name: "CSV: file rows via readFile, blob_fill / blob_sz_fill, sta.* Wi-Fi insertions",
    run() {
      const files: Record<string, Uint8Array> = { "f/a.bin": new Uint8Array([1, 2, 3]), "f/n.txt": ascii(" 42\n"), "f/h.txt": ascii("0102\n"), "f/s.txt": new Uint8Array([0xc3, 0xa9]) };
      const read = (p: string) => {
        if (!(p in files)) throw new Error("ENOENT: no such file");
        return files[p];
      };
      const csv = "key,type,encoding,value\nn,namespace,,\na,file,binary,f/a.bin\nb,file,u32,f/n.txt\nc,file,hex2bin,f/h.txt\nd,file,string,f/s.txt\n" +
        "e,data,blob_fill(4;0xff),ab\nf,data,blob_sz_fill(3;0x00),\nsta.ssid,file,string,net\nsta.pswd,data,string,pw\n";
      checkEqual(parseNvsCsv(csv, read), [
        { kind: "namespace", name: "n" },
        { kind: "data", key: "a", type: "blob", value: new Uint8Array([1, 2, 3]) },
        { kind: "data", key: "b", type: "u32", value: 42 },
        { kind: "data", key: "c", type: "blob", value: fromHex("0102") },
        { kind: "data", key: "d", type: "string", value: "é" },
        { kind: "data", key: "e", type: "blob", value: fromHex("6162ffff") },
        { kind: "data", key: "f", type: "blob", value: fromHex("00000000000000") },
        { kind: "data", key: "sta.ssid", type: "string", value: "net" }, // file type ignored for sta.* (GEN)
        { kind: "data", key: "sta.apinfo", type: "blob", value: new Uint8Array(140).fill(0xff) },
        { kind: "data", key: "sta.pmk", type: "blob", value: new Uint8Array(32) },
        { kind: "data", key: "sta.apsw", type: "blob", value: new Uint8Array(2) },
        { kind: "data", key: "sta.pswd", type: "string", value: "pw" }, // extras only once
      ], "rows");
      checkThrows(() => parseNvsCsv("key,type,encoding,value\nx,file,binary,f/none\n", read), 'CSV line 2, key "x": file "f/none" cannot be read (ENOENT: no such file)');
    },
  },
  {
    name: "CSV errors: one line naming line, key, value and rule",
    run() {
      const bad = (row: string, pattern: string) => {
        checkThrows(() => parseNvsCsv("key,type,encoding,value\nn,namespace,,\n" + row + "\n", noFiles), pattern, row);
        try {
          parseNvsCsv("key,type,encoding,value\nn,namespace,,\n" + row + "\n", noFiles);
        } catch (e) {
          checkTrue(e instanceof NvsInputError && !e.message.includes("\n"), "one-line NvsInputError");
        }
      };
      bad("k,data,u8,0x10", 'CSV line 3, key "k": value "0x10" is not a base-10 integer (u8)');
      bad("k,data,u8,256", 'value "256" is out of range 0..255 for u8');
      bad("k,data,hex2bin,abc", "odd length 3");
      bad("k,data,hex2bin,zz", "not hexadecimal");
      bad("k,data,base64,YWJ", "not valid base64");
      bad("k,data,float,1", 'encoding "float" is not one of');
      bad("k,data, u8,1", 'encoding " u8"');
      bad("k,data,blob_fill(1;0xff),ab", "longer than the 1 of blob_fill");
      bad("k,data,blob_fill(1,0xff),ab", "is not blob_fill(N;0xPP)");
      bad("sixteen-chars-xx,data,u8,1", "longer than 15 characters");
      bad("k,data,binary,é", "must be ASCII");
      bad("k,data", "no encoding cell");
      checkThrows(() => parseNvsCsv("ns,namespace,,\nk,data,u8,1\n", noFiles), 'CSV line 2: header has no "key" column');
      checkEqual(parseNvsCsv("key,type\n", noFiles), [], "header only: nothing to do (GEN writes an empty image)");
    },
  },
];

function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
