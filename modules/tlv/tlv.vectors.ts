// Fixed vectors for Matter TLV (Core spec Appendix A). Onboarding TLV strings: docs/onboarding.md
// §QR TLV data (QR optional data) and §Additional data (additional-data TLV with a Rotating Device ID). Single-element
// encodings restate the element layouts of Appendix A.7 (control byte = tag form << 5 | type; LE fields).

import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { decodeTlv, encodeTlv, encodeTlvElements, tlvField, TlvReader, type TlvElement, type TlvErrorId } from "./tlv.js";

/** Encodes `element`, expects `hex`, and decodes `hex` back to `decoded` (default: `element`). */
function roundTrip(name: string, element: TlvElement, hex: string, decoded: TlvElement = element): VectorCase {
  return {
    name,
    run: () => {
      checkEqual(toHex(encodeTlv(element)), hex, "encodeTlv");
      checkEqual(decodeTlv(fromHex(hex)), decoded, "decodeTlv");
    },
  };
}
/** Decodes `hex` to `decoded` and re-encodes it byte-exactly. */
function decodes(name: string, hex: string, decoded: TlvElement): VectorCase {
  return {
    name,
    run: () => {
      const element = decodeTlv(fromHex(hex));
      checkEqual(element, decoded, "decodeTlv");
      checkEqual(toHex(encodeTlv(element)), hex, "re-encoded");
    },
  };
}
function rejectsEncode(name: string, element: TlvElement, fragment: string, id: TlvErrorId): VectorCase {
  return { name, run: () => checkThrowsId(() => encodeTlv(element), id, fragment, "encodeTlv") };
}
function rejectsDecode(name: string, hex: string, fragment: string, id: TlvErrorId): VectorCase {
  return { name, run: () => checkThrowsId(() => decodeTlv(fromHex(hex)), id, fragment, "decodeTlv") };
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const RDI_10 = "0a00d00561e77a68a9fd975057375b9283a8"; // docs/onboarding.md §Additional data, ctr 10
const RDI_FFFF = "ffff8bea0c775f001981365d6362e1c0665a"; // ctr 0xFFFF

export const vectors: VectorCase[] = [
  // ---- docs/onboarding.md §QR TLV data: QR optional-data TLV
  roundTrip(
    "§1a R1: serial number \"1234567890\"",
    { type: "struct", elements: [{ tag: 0, type: "utf8", value: "1234567890" }] },
    "152c000a3132333435363738393018",
  ),
  roundTrip(
    "§1a R2: serial number + 0x82 \"myData\" + 0x83 int32 65550",
    {
      type: "struct",
      elements: [
        { tag: 0, type: "utf8", value: "1234567890" },
        { tag: 0x82, type: "utf8", value: "myData" },
        { tag: 0x83, type: "int", value: 65550 },
      ],
    },
    "152c000a313233343536373839302c82066d794461746122830e00010018",
    {
      type: "struct",
      elements: [
        { tag: 0, type: "utf8", value: "1234567890" },
        { tag: 0x82, type: "utf8", value: "myData" },
        { tag: 0x83, type: "int", value: 65550, width: 4 },
      ],
    },
  ),
  roundTrip(
    "§1a R5: vendor tag 0x81 \"Vendor\" before the serial number",
    {
      type: "struct",
      elements: [
        { tag: 0x81, type: "utf8", value: "Vendor" },
        { tag: 0, type: "utf8", value: "1234567890" },
      ],
    },
    "152c810656656e646f722c000a3132333435363738393018",
  ),
  decodes("§1a R6: serial \"123456789\", 0x82 \"myData\", 0x83 uint8 12", "152c00093132333435363738392c82066d794461746124830c18", {
    type: "struct",
    elements: [
      { tag: 0, type: "utf8", value: "123456789" },
      { tag: 0x82, type: "utf8", value: "myData" },
      { tag: 0x83, type: "uint", value: 12, width: 1 },
    ],
  }),
  roundTrip(
    "§1a numeric serial number 1234567890 (uint32)",
    { type: "struct", elements: [{ tag: 0, type: "uint", value: 1234567890 }] },
    "152600d202964918",
    { type: "struct", elements: [{ tag: 0, type: "uint", value: 1234567890, width: 4 }] },
  ),

  // ---- docs/onboarding.md §Additional data: additional-data TLV
  roundTrip("§7 empty additional data", { type: "struct", elements: [] }, "1518"),
  roundTrip(
    "§7 rotating device id, ctr 10",
    { type: "struct", elements: [{ tag: 0, type: "bytes", value: fromHex(RDI_10) }] },
    `15300012${RDI_10}18`,
  ),
  roundTrip(
    "§7 rotating device id, ctr 0xFFFF",
    { type: "struct", elements: [{ tag: 0, type: "bytes", value: fromHex(RDI_FFFF) }] },
    `15300012${RDI_FFFF}18`,
  ),
  rejectsDecode("§7 negative: length 0xFF runs past the end (underrun)", "153000ff0a001998ab7130e38b7e9a401cfe9f7b79af18", "underrun", "tlv.truncated"),
  // The 19-byte id is well-formed TLV: chip rejects it with INVALID_STRING_LENGTH, a rule of the
  // additional-data parser (RDI is 18 bytes), not of TLV.
  decodes("§7 19-byte id is well-formed TLV (its length rule belongs to the additional-data parser)", "153000130a00191998ab7130e38b7e9a401cfe9f7b79af18", {
    type: "struct",
    elements: [{ tag: 0, type: "bytes", value: fromHex("0a00191998ab7130e38b7e9a401cfe9f7b79af") }],
  }),
  decodes("§7 17-byte id is accepted by the TLV layer", "153000110a001998ab7130e38b7e9a401cfe9f7b7918", {
    type: "struct",
    elements: [{ tag: 0, type: "bytes", value: fromHex("0a001998ab7130e38b7e9a401cfe9f7b79") }],
  }),

  // ---- booleans, null
  roundTrip("bool false", { type: "bool", value: false }, "08"),
  roundTrip("bool true", { type: "bool", value: true }, "09"),
  roundTrip("null", { type: "null" }, "14"),

  // ---- integers: minimal width by default, explicit width kept
  roundTrip("uint 42 (1 byte)", { type: "uint", value: 42 }, "042a", { type: "uint", value: 42, width: 1 }),
  roundTrip("uint 0", { type: "uint", value: 0 }, "0400", { type: "uint", value: 0, width: 1 }),
  roundTrip("uint 255 stays 1 byte", { type: "uint", value: 255 }, "04ff", { type: "uint", value: 255, width: 1 }),
  roundTrip("uint 256 needs 2 bytes", { type: "uint", value: 256 }, "050001", { type: "uint", value: 256, width: 2 }),
  roundTrip("uint 65536 needs 4 bytes", { type: "uint", value: 65536 }, "0600000100", { type: "uint", value: 65536, width: 4 }),
  roundTrip("uint 2^32 needs 8 bytes", { type: "uint", value: 2 ** 32 }, "070000000001000000", { type: "uint", value: 2 ** 32, width: 8 }),
  roundTrip("uint 2^64-1 decodes as a bigint", { type: "uint", value: 0xffffffffffffffffn }, "07ffffffffffffffff", {
    type: "uint",
    value: 0xffffffffffffffffn,
    width: 8,
  }),
  roundTrip("uint 2^53 decodes as a bigint (beyond safe integers)", { type: "uint", value: 2n ** 53n }, "070000000000002000", {
    type: "uint",
    value: 2n ** 53n,
    width: 8,
  }),
  roundTrip("uint 2^53-1 decodes as a number", { type: "uint", value: 2 ** 53 - 1 }, "07ffffffffffff1f00", {
    type: "uint",
    value: 2 ** 53 - 1,
    width: 8,
  }),
  roundTrip("uint 1 with explicit width 2", { type: "uint", value: 1, width: 2 }, "050100"),
  roundTrip("uint 1 with explicit width 8", { type: "uint", value: 1, width: 8 }, "070100000000000000"),
  roundTrip("int 42 (1 byte)", { type: "int", value: 42 }, "002a", { type: "int", value: 42, width: 1 }),
  roundTrip("int -17 (1 byte, two's complement)", { type: "int", value: -17 }, "00ef", { type: "int", value: -17, width: 1 }),
  roundTrip("int -128 stays 1 byte", { type: "int", value: -128 }, "0080", { type: "int", value: -128, width: 1 }),
  roundTrip("int 128 needs 2 bytes", { type: "int", value: 128 }, "018000", { type: "int", value: 128, width: 2 }),
  roundTrip("int 42 with explicit width 2", { type: "int", value: 42, width: 2 }, "012a00"),
  roundTrip("int -170000 (4 bytes)", { type: "int", value: -170000 }, "02f067fdff", { type: "int", value: -170000, width: 4 }),
  roundTrip("int 40000000000 (8 bytes)", { type: "int", value: 40000000000 }, "0300902f5009000000", {
    type: "int",
    value: 40000000000,
    width: 8,
  }),
  roundTrip("int -2^63 decodes as a bigint", { type: "int", value: -(2n ** 63n) }, "030000000000000080", {
    type: "int",
    value: -(2n ** 63n),
    width: 8,
  }),
  roundTrip("int 2^63-1", { type: "int", value: 2n ** 63n - 1n }, "03ffffffffffffff7f", { type: "int", value: 2n ** 63n - 1n, width: 8 }),
  roundTrip("int -1 with explicit width 4", { type: "int", value: -1, width: 4 }, "02ffffffff"),

  // ---- floats
  roundTrip("float 0.0", { type: "float", value: 0 }, "0a00000000"),
  roundTrip("float 17.9 (single precision)", { type: "float", value: Math.fround(17.9) }, "0a33338f41"),
  roundTrip("float 1/3 (single precision)", { type: "float", value: Math.fround(1 / 3) }, "0aabaaaa3e"),
  roundTrip("float +Infinity", { type: "float", value: Infinity }, "0a0000807f"),
  roundTrip("float -Infinity", { type: "float", value: -Infinity }, "0a000080ff"),
  roundTrip("double 0.0", { type: "double", value: 0 }, "0b0000000000000000"),
  roundTrip("double 1/3", { type: "double", value: 1 / 3 }, "0b555555555555d53f"),
  roundTrip("double 17.9", { type: "double", value: 17.9 }, "0b6666666666e63140"),
  roundTrip("double +Infinity", { type: "double", value: Infinity }, "0b000000000000f07f"),
  {
    name: "float: 17.9 is rounded to single precision on encode",
    run: () => checkEqual(decodeTlv(encodeTlv({ type: "float", value: 17.9 })), { type: "float", value: Math.fround(17.9) }),
  },
  {
    name: "double NaN round-trips as NaN",
    run: () => {
      const d = decodeTlv(encodeTlv({ type: "double", value: NaN }));
      checkTrue(d.type === "double" && Number.isNaN(d.value), "decoded NaN");
    },
  },

  // ---- strings
  roundTrip("utf8 \"Hello!\"", { type: "utf8", value: "Hello!" }, "0c0648656c6c6f21"),
  roundTrip("utf8 \"Tsch\u00fcs\" (length counts bytes)", { type: "utf8", value: "Tsch\u00fcs" }, "0c0754736368c3bc73"),
  roundTrip("utf8 empty", { type: "utf8", value: "" }, "0c00"),
  roundTrip("bytes 00..04", { type: "bytes", value: fromHex("0001020304") }, "10050001020304"),
  roundTrip("bytes empty", { type: "bytes", value: new Uint8Array(0) }, "1000"),
  {
    name: "bytes: 256-byte string uses a 2-byte length",
    run: () => {
      const data = Uint8Array.from({ length: 256 }, (_, i) => i);
      const enc = encodeTlv({ type: "bytes", value: data });
      checkEqual(toHex(enc.subarray(0, 3)), "110001", "control + length");
      checkEqual(enc.length, 259, "encoded length");
      checkEqual(decodeTlv(enc), { type: "bytes", value: data });
    },
  },
  {
    name: "utf8: 300-character string uses a 2-byte length",
    run: () => {
      const text = "x".repeat(300);
      const enc = encodeTlv({ type: "utf8", value: text });
      checkEqual(toHex(enc.subarray(0, 3)), "0d2c01", "control + length");
      checkEqual(decodeTlv(enc), { type: "utf8", value: text });
    },
  },
  {
    name: "utf8 with a 4-byte length field is accepted on decode",
    run: () => checkEqual(decodeTlv(fromHex("0e020000006869")), { type: "utf8", value: "hi" }),
  },

  // ---- containers
  roundTrip("empty struct", { type: "struct", elements: [] }, "1518"),
  roundTrip("empty array", { type: "array", elements: [] }, "1618"),
  roundTrip("empty list", { type: "list", elements: [] }, "1718"),
  roundTrip(
    "array of ints 0..4",
    { type: "array", elements: [0, 1, 2, 3, 4].map((value) => ({ type: "int" as const, value })) },
    "160000000100020003000418",
    { type: "array", elements: [0, 1, 2, 3, 4].map((value) => ({ type: "int" as const, value, width: 1 as const })) },
  ),
  roundTrip(
    "list mixing anonymous and tagged members",
    { type: "list", elements: [{ type: "bool", value: true }, { tag: 1, type: "null" }] },
    "1709340118",
  ),
  roundTrip(
    "nested: struct { 1: array [ struct { 2: \"a\" } ], 3: false }",
    {
      type: "struct",
      elements: [
        { tag: 1, type: "array", elements: [{ type: "struct", elements: [{ tag: 2, type: "utf8", value: "a" }] }] },
        { tag: 3, type: "bool", value: false },
      ],
    },
    "153601152c0201611818280318",
  ),

  // ---- tag forms (Appendix A.7.1)
  roundTrip("tag: context-specific 1", { tag: 1, type: "uint", value: 42, width: 1 }, "24012a"),
  roundTrip("tag: context-specific 255", { tag: 255, type: "uint", value: 42, width: 1 }, "24ff2a"),
  roundTrip("tag: common profile, 2 bytes", { tag: { form: "common", tag: 1 }, type: "uint", value: 42, width: 1 }, "4401002a"),
  roundTrip("tag: common profile, 4 bytes", { tag: { form: "common", tag: 0x12345678 }, type: "uint", value: 42, width: 1 }, "64785634122a"),
  roundTrip("tag: implicit profile, 2 bytes", { tag: { form: "implicit", tag: 1 }, type: "uint", value: 42, width: 1 }, "8401002a"),
  roundTrip("tag: implicit profile, 4 bytes", { tag: { form: "implicit", tag: 0x12345678 }, type: "uint", value: 42, width: 1 }, "a4785634122a"),
  roundTrip(
    "tag: fully qualified, 6 bytes (vendor 0xFFF1, profile 0xDEED, tag 1)",
    { tag: { form: "fq", vendorId: 0xfff1, profileNumber: 0xdeed, tag: 1 }, type: "uint", value: 42, width: 1 },
    "c4f1ffedde01002a",
  ),
  roundTrip(
    "tag: fully qualified, 8 bytes (tag 0xAA55FEED)",
    { tag: { form: "fq", vendorId: 0xfff1, profileNumber: 0xdeed, tag: 0xaa55feed }, type: "uint", value: 42, width: 1 },
    "e4f1ffeddeedfe55aa2a",
  ),
  roundTrip("tag: context tag on a container", { tag: 7, type: "struct", elements: [] }, "350718"),

  // ---- several top-level elements and the streaming reader
  { name: "encodeTlvElements writes elements back to back", run: () => checkEqual(toHex(encodeTlvElements([{ type: "bool", value: true }, { type: "null" }])), "0914") },
  {
    name: "TlvReader yields start / value / end tokens with offsets",
    run: () => {
      const r = new TlvReader(fromHex("1524012a18"));
      checkEqual(r.next(), { kind: "start", type: "struct" }, "token 1");
      checkEqual(r.offset, 1, "offset after start");
      checkEqual(r.next(), { kind: "value", element: { tag: 1, type: "uint", value: 42, width: 1 } }, "token 2");
      checkEqual(r.next(), { kind: "end" }, "token 3");
      checkTrue(r.done, "done");
    },
  },
  {
    name: "TlvReader reads consecutive top-level elements",
    run: () => {
      const r = new TlvReader(fromHex("0914"));
      checkEqual(r.readElement(), { type: "bool", value: true });
      checkEqual(r.readElement(), { type: "null" });
      checkTrue(r.done, "done");
    },
  },
  {
    name: "tlvField finds a member by context tag",
    run: () => {
      const s = decodeTlv(fromHex("152c000a3132333435363738393024830c18"));
      checkEqual(tlvField(s, 0x83), { tag: 0x83, type: "uint", value: 12, width: 1 });
      checkEqual(tlvField(s, 5), undefined);
      checkEqual(tlvField({ type: "null" }, 0), undefined);
    },
  },
  {
    name: "32 nested arrays decode",
    run: () => {
      const e = decodeTlv(fromHex("16".repeat(32) + "18".repeat(32)));
      checkEqual(e.type, "array");
    },
  },
  {
    name: "decoded strings are copies, not views of the input",
    run: () => {
      const input = fromHex("10020102");
      const e = decodeTlv(input);
      input[2] = 0xff;
      checkEqual(e, { type: "bytes", value: fromHex("0102") });
    },
  },
  {
    name: "bytes value containing an ASCII payload",
    run: () => checkEqual(toHex(encodeTlv({ tag: 2, type: "bytes", value: ascii("SPAKE2P Key Salt") })), "3002105350414b453250204b65792053616c74"),
  },

  // ---- encoder errors
  rejectsEncode("encode: context tag 256 is out of range", { tag: 256, type: "null" }, "context tag 256", "tlv.tag-range"),
  rejectsEncode("encode: negative context tag", { tag: -1, type: "null" }, "context tag -1", "tlv.tag-range"),
  rejectsEncode("encode: anonymous member in a struct", { type: "struct", elements: [{ type: "null" }] }, "structure members must be tagged", "tlv.member-tag"),
  rejectsEncode("encode: tagged member in an array", { type: "array", elements: [{ tag: 1, type: "null" }] }, "array members must be anonymous", "tlv.member-tag"),
  rejectsEncode("encode: negative uint", { type: "uint", value: -1 }, "unsigned integer -1 out of range", "tlv.int-range"),
  rejectsEncode("encode: uint 2^64", { type: "uint", value: 2n ** 64n }, "out of range", "tlv.int-range"),
  rejectsEncode("encode: uint 256 in width 1", { type: "uint", value: 256, width: 1 }, "does not fit 1 bytes", "tlv.int-range"),
  rejectsEncode("encode: int 128 in width 1", { type: "int", value: 128, width: 1 }, "does not fit 1 bytes", "tlv.int-range"),
  rejectsEncode("encode: int -2^63-1", { type: "int", value: -(2n ** 63n) - 1n }, "out of range", "tlv.int-range"),
  rejectsEncode("encode: tag number beyond 32 bits", { tag: { form: "common", tag: 2 ** 32 }, type: "null" }, "out of range", "tlv.tag-range"),

  // ---- decoder errors (a reader reports them as TlvError, never crashes)
  rejectsDecode("decode: empty input", "", "underrun", "tlv.truncated"),
  rejectsDecode("decode: truncated uint16", "0501", "underrun", "tlv.truncated"),
  rejectsDecode("decode: truncated tag", "24", "underrun", "tlv.truncated"),
  rejectsDecode("decode: struct not closed", "15240001", "not closed", "tlv.truncated"),
  rejectsDecode("decode: unexpected end-of-container", "18", "unexpected end-of-container", "tlv.unexpected-end"),
  rejectsDecode("decode: end-of-container with a tag", "1538", "end-of-container with a tag", "tlv.end-tag"),
  rejectsDecode("decode: reserved element type 0x19", "19", "invalid TLV element type 0x19", "tlv.element-type"),
  rejectsDecode("decode: reserved element type 0x1F", "1f", "invalid TLV element type 0x1f", "tlv.element-type"),
  rejectsDecode("decode: anonymous member in a struct", "150918", "anonymous member in a structure", "tlv.member-tag"),
  rejectsDecode("decode: tagged member in an array", "16280118", "tagged member in an array", "tlv.member-tag"),
  rejectsDecode("decode: trailing bytes", "0909", "1 trailing bytes", "tlv.trailing"),
  rejectsDecode("decode: invalid UTF-8 in a utf8 string", "0c02c328", "invalid UTF-8 string at offset 0", "tlv.utf8"),
  rejectsDecode("decode: string length beyond the input", "0c056869", "underrun", "tlv.truncated"),
  rejectsDecode("decode: 8-byte string length beyond the input", "0fffffffffffffffff", "underrun", "tlv.truncated"),
  rejectsDecode("decode: nesting deeper than 32", "16".repeat(40) + "18".repeat(40), "nesting deeper than 32", "tlv.depth"),
];
