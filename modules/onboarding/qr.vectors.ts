// QR payload vectors — docs/onboarding.md §QR code (Q1–Q17), §QR TLV data (R1–R6, spec TLV snippets), §Concatenated payloads
// (concatenation and parser edge cases), the esp-matter-mfg-tool sample batch
// (a 1.0.23 run for VID 0xFFF2 / PID 0x8001, onb_codes.csv), and the NFC NDEF record of Core §5.1.8.

import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, type VectorCase } from "../testkit/check.js";
import type { TlvElement } from "../tlv/index.js";
import { encodeBase38 } from "./base38.js";
import { ndefRecordForPayload } from "./ndef.js";
import { decodeOptionalData, encodeOptionalData, validateOnboardingPayload, type OnboardingPayload } from "./payload.js";
import { decodeQrPayload, encodeQrPayload, extractQrPayload, packQrHeader } from "./qr.js";

type Row = [id: string, vid: number, pid: number, flow: 0 | 1 | 2, caps: number, disc: number, passcode: number, qr: string];

const Q: Row[] = [
  ["Q1", 12, 1, 0, 1, 128, 2048, "MT:M5L90MP500K64J00000"],
  ["Q2", 0, 0, 0, 4, 3840, 20202021, "MT:00000CQM00KA0648G00"],
  ["Q3", 0x1317, 0x0002, 0, 2, 3431, 49910688, "MT:-8VJ0OMV172PX813210"],
  ["Q4", 4891, 2, 0, 2, 3431, 49910688, "MT:U9VJ0OMV172PX813210"],
  ["Q5", 0x2345, 0x1023, 0, 4, 80, 54757432, "MT:0A.T0RTM00Y0OJ0.510"],
  ["Q6", 0x2345, 0x1023, 2, 6, 80, 54757432, "MT:0A.T0P--00Y0OJ0.510"],
  ["Q7", 0x1123, 0x0012, 2, 4, 3091, 43338551, "MT:KSNK4SIC13-JPR4UY00"],
  ["Q8", 0x1123, 0x0012, 2, 2, 3091, 43338551, "MT:KSNK4M5113-JPR4UY00"],
  ["Q9", 1, 1, 1, 4, 3781, 12349876, "MT:A3L90ARR15G6N57Y900"],
  ["Q10", 0x45, 0x10, 1, 7, 174, 81235604, "MT:EPX0482F26DAVY09R10"],
  ["Q11", 0xfff3, 0x8098, 2, 4, 2310, 23005908, "MT:MZWA6G6026O2XP0II00"],
  ["Q12", 9050, 65279, 0, 2, 2976, 34567890, "MT:YNJV7VSC00CMVH7SR00"],
  ["Q13", 0x127f, 0xabcd, 0, 2, 0xfed, 13243546, "MT:KAYA3EYF15ND8B1OA00"],
  ["Q14", 0xfff1, 0x8001, 0, 2, 2245, 89674523, "MT:-24J06PF150QJ850Y10"],
  ["Q15", 5177, 4660, 0, 2, 2478, 89166293, "MT:-AW159EN16JVM41NX10"],
  ["Q16", 0xfff1, 0x8000, 0, 2, 3840, 20202021, "MT:Y.K9042C00KA0648G00"],
  ["Q17", 0xfff1, 0x8001, 0, 4, 3840, 20202021, "MT:-24J0AFN00KA0648G00"],
  // esp-matter-mfg-tool 1.0.23 sample batch (VID 0xFFF2, PID 0x8001, BLE, standard flow), onb_codes.csv
  ["mfg 1c2b06dd", 0xfff2, 0x8001, 0, 2, 1491, 44825172, "MT:634J0S0.03UW7Q7.Z00"],
  ["mfg 50437955", 0xfff2, 0x8001, 0, 2, 2985, 9476910, "MT:634J0CEK01RDZQ1N700"],
  ["mfg 96df3e87", 0xfff2, 0x8001, 0, 2, 1180, 64944098, "MT:634J0-C7149XDK75E10"],
];

function base(row: Row): OnboardingPayload {
  const [, vendorId, productId, flow, discoveryCapabilities, discriminator, passcode] = row;
  return { version: 0, vendorId, productId, flow, discoveryCapabilities, discriminator, passcode };
}
const row = (id: string) => base(Q.find((r) => r[0] === id)!);

const utf8 = (tag: number, value: string): TlvElement => ({ tag, type: "utf8", value });

interface TlvRow {
  id: string;
  payload: OnboardingPayload;
  tlv: string;
  qr: string;
  order?: "vendor-first";
}
const R: TlvRow[] = [
  { id: "R1", payload: { ...row("Q17"), serialNumber: "1234567890" }, tlv: "152c000a3132333435363738393018", qr: "MT:-24J0AFN00KA064IJ3P0IXZB0DK5N1K8SQ1RYCU1-A40" },
  {
    id: "R2",
    payload: { ...row("Q17"), serialNumber: "1234567890", vendorElements: [utf8(0x82, "myData"), { tag: 0x83, type: "int", value: 65550, width: 4 }] },
    tlv: "152c000a313233343536373839302c82066d794461746122830e00010018",
    qr: "MT:-24J0AFN00KA064IJ3P0IXZB0DK5N1K8SQ1RYCU1UXH34YY0V3KY.O3DKN440F710Q940",
  },
  { id: "R4", payload: { ...row("Q16"), serialNumber: "1234567890" }, tlv: "152c000a3132333435363738393018", qr: "MT:Y.K9042C00KA064IJ3P0IXZB0DK5N1K8SQ1RYCU1-A40" },
  {
    id: "R5",
    payload: { ...row("Q16"), serialNumber: "1234567890", vendorElements: [utf8(0x81, "Vendor")] },
    tlv: "152c810656656e646f722c000a3132333435363738393018",
    qr: "MT:Y.K9042C00KA064IJ3P008T706CWH3GOPM3IXZB0DK5N1K8SQ1RYCU1-A40",
    order: "vendor-first",
  },
  {
    id: "R6",
    payload: { ...row("Q1"), serialNumber: "123456789", vendorElements: [utf8(0x82, "myData"), { tag: 0x83, type: "uint", value: 12, width: 1 }] },
    tlv: "152c0009313233343536373839" + "2c82066d7944617461" + "24830c" + "18",
    qr: "MT:M5L90MP500K64J0A33P0WISA0DK5N1K8SQ1RYCU1SET70.QT52B.E232XZE0O0",
  },
];

/** Strips fields a decoder does not return so a decoded payload compares to the input. */
function fieldsOf(p: OnboardingPayload): OnboardingPayload {
  const { tlvData: _t, ...rest } = p;
  return rest;
}

const CHIP_CONCAT = "MT:M5L90MP500K64J00000*M5L90U.D010K4J00000*M5L900CM02IX4J00000*M5L908OU03-85J00000";

export const vectors: VectorCase[] = [
  ...Q.map(([id, , , , , , , qr]) => ({
    name: `QR ${id} ${qr}`,
    run: () => {
      const p = row(id);
      checkEqual(encodeQrPayload(p), qr, "encode");
      checkEqual(decodeQrPayload(qr), [p], "decode");
      checkEqual(validateOnboardingPayload(p), [], "valid");
    },
  })),
  {
    name: "QR Q1 bit layout (chip TestPayloadByteArrayRep)",
    run: () => {
      const bytes = packQrHeader(row("Q1"));
      let bits = "";
      for (let i = bytes.length - 1; i >= 0; i--) bits += bytes[i].toString(2).padStart(8, "0");
      const expected = "0000 000000000000000100000000000 000010000000 00000001 00 0000000000000001 0000000000001100 000";
      checkEqual(bits, expected.replace(/ /g, ""));
    },
  },
  ...R.map((r) => ({
    name: `QR with TLV ${r.id}`,
    run: () => {
      const tlv = encodeOptionalData(r.payload, r.order);
      checkEqual(toHex(tlv), r.tlv, "TLV bytes");
      checkEqual(encodeQrPayload(r.payload, { tlvOrder: r.order }), r.qr, "encode");
      const [decoded] = decodeQrPayload(r.qr);
      checkEqual(toHex(decoded.tlvData!), r.tlv, "decoded tlvData");
      checkEqual(fieldsOf(decoded), r.payload, "decoded fields");
      checkEqual(encodeQrPayload(decoded), r.qr, "re-encode from tlvData");
    },
  })),
  {
    name: "QR R3: raw non-TLV bytes appended (matter.js codec test)",
    run: () => {
      const p: OnboardingPayload = { ...row("Q12"), tlvData: fromHex("010203") };
      checkEqual(encodeQrPayload(p, { allowInvalid: true }), "MT:YNJV7VSC00CMVH7E4810AK00");
      checkThrowsId(() => encodeQrPayload(p), "onboarding.payload-invalid", /tlvData: optional TLV data/, "validated encode");
      checkEqual(decodeQrPayload("MT:YNJV7VSC00CMVH7E4810AK00", { parseTlv: false }), [p], "raw decode");
      checkThrowsId(() => decodeQrPayload("MT:YNJV7VSC00CMVH7E4810AK00"), "onboarding.optional-data", /chunk 0: optional TLV data/, "parsed decode");
    },
  },
  {
    name: "QR TLV order: common-first vs vendor-first (spec §5.1.5.3 example)",
    run: () => {
      const p: OnboardingPayload = { ...row("Q16"), vendorElements: [utf8(0x81, "Vendor")], serialNumber: "1234567890" };
      checkEqual(toHex(encodeOptionalData(p)), "152c000a313233343536373839302c810656656e646f7218", "common-first");
      checkEqual(toHex(encodeOptionalData(p, "vendor-first")), "152c810656656e646f722c000a3132333435363738393018", "vendor-first");
    },
  },
  {
    name: "optional TLV: numeric serial number, PBKDF parameters, devices, timeout",
    run: () => {
      checkEqual(toHex(encodeOptionalData({ ...row("Q16"), serialNumber: 1234567890 })), "152600d202964918", "uint32 serial (matter.js)");
      checkEqual(decodeOptionalData(fromHex("152600d202964918")), { serialNumber: 1234567890 });
      checkEqual(toHex(encodeOptionalData({ ...row("Q16"), serialNumber: 0xffffffffffffffffn })), "152700ffffffffffffffff18", "uint64 serial");
      checkEqual(decodeOptionalData(fromHex("152700ffffffffffffffff18")), { serialNumber: 0xffffffffffffffffn });
      const full: OnboardingPayload = {
        ...row("Q16"),
        serialNumber: 5,
        pbkdfIterations: 1000,
        pbkdfSalt: new Uint8Array(16),
        numberOfDevices: 3,
        commissioningTimeout: 300,
      };
      // Same bytes as matter.js QrPairingCodeCodec.encodeTlvData for this object.
      const hex = "152400052501e803300210" + "00".repeat(16) + "24030325042c0118";
      checkEqual(toHex(encodeOptionalData(full)), hex);
      const { version: _v, vendorId: _a, productId: _b, flow: _f, discoveryCapabilities: _c, discriminator: _d, passcode: _p, ...opt } = full;
      checkEqual(decodeOptionalData(fromHex(hex)), opt);
      checkEqual(validateOnboardingPayload(full), []);
      const qr = encodeQrPayload(full);
      checkEqual(fieldsOf(decodeQrPayload(qr)[0]), full, "QR round trip");
    },
  },
  {
    name: "optional TLV decoder errors are one line",
    run: () => {
      checkThrowsId(() => decodeOptionalData(fromHex("15")), "onboarding.optional-data", /^optional TLV data: TLV underrun/);
      checkThrowsId(() => decodeOptionalData(fromHex("1618")), "onboarding.optional-data", /must be one anonymous structure, got an anonymous array/);
      checkThrowsId(() => decodeOptionalData(fromHex("152c00013124000518")), "onboarding.optional-data-tag", /tag 0x00 appears more than once/);
      checkThrowsId(() => decodeOptionalData(fromHex("153000020a0b18")), "onboarding.optional-data-type", /tag 0x00 serialNumber must be a UTF-8 string or an unsigned integer, got bytes/);
      checkThrows(() => decodeOptionalData(fromHex("1520010a18")), /tag 0x01 pbkdfIterations must be an unsigned integer, got int/);
      checkThrows(() => decodeOptionalData(fromHex("152c02014118")), /tag 0x02 pbkdfSalt must be an octet string, got utf8/);
      checkThrowsId(() => decodeOptionalData(fromHex("154401000218")), "onboarding.optional-data-tag", /must be a context tag/);
      checkThrowsId(() => decodeOptionalData(fromHex("15180000")), "onboarding.optional-data", /trailing bytes/);
    },
  },
  {
    name: "optional TLV: reserved tags are kept and reported",
    run: () => {
      const d = decodeOptionalData(fromHex("1524050718"));
      checkEqual(d, { reservedElements: [{ tag: 5, type: "uint", value: 7, width: 1 }] });
      const p: OnboardingPayload = { ...row("Q16"), tlvData: fromHex("1524050718") };
      checkEqual(validateOnboardingPayload(p), ["optional TLV tag 0x05: reserved (0x05..0x7f, Table 41)"]);
    },
  },
  {
    name: "QR concatenation (chip TestHelpers.h)",
    run: () => {
      const list = [0, 1, 2, 3].map((i) => ({ ...row("Q1"), discriminator: 128 + i, passcode: 2048 + i }));
      checkEqual(encodeQrPayload(list), CHIP_CONCAT, "encode");
      checkEqual(decodeQrPayload(CHIP_CONCAT), list, "decode");
      checkEqual(encodeQrPayload([row("Q1")]), "MT:M5L90MP500K64J00000", "array of one");
      checkThrowsId(() => encodeQrPayload([]), "onboarding.qr-empty", /at least one/);
      checkThrowsId(() => decodeQrPayload("MT:M5L90MP500K64J00000*"), "onboarding.qr-short-chunk", /chunk 1: 0 bytes, at least 11 needed/);
      checkThrows(() => decodeQrPayload("MT:M5L90MP500K64J00000**M5L90MP500K64J00000"), /chunk 1/);
    },
  },
  {
    name: "QR with invalid passcode 111111111: parser accepts, validator and encoder reject",
    run: () => {
      const p = { ...row("Q1"), passcode: 111111111 };
      checkEqual(decodeQrPayload("MT:M5L90MP500W-GT68D20"), [p]);
      checkEqual(validateOnboardingPayload(p), ["passcode 111111111: must be in 1..99999998 (Core §5.1.1.6)"]);
      checkThrowsId(() => encodeQrPayload(p), "onboarding.payload-invalid", "passcode 111111111");
      checkEqual(encodeQrPayload(p, { allowInvalid: true }), "MT:M5L90MP500W-GT68D20");
    },
  },
  {
    name: "QR parser edge cases (chip TestQRCode)",
    run: () => {
      checkThrowsId(() => decodeQrPayload("AT:M5L90MP500K64J00000"), "onboarding.qr-prefix", /no segment starting with "MT:"/, "prefix");
      checkThrowsId(() => decodeQrPayload("MT:M5L90MP500K64J0000 "), "onboarding.base38-char", /not in the alphabet/, "space");
      checkThrowsId(() => decodeQrPayload("MT:M5L90MP500K64J0000"), "onboarding.base38-length", /length must be/, "one char removed");
      checkThrows(() => decodeQrPayload("MT:"), /no segment/, "empty");
      checkThrows(() => decodeQrPayload("MT:M5L90MP50000"), /7 bytes, at least 11 needed/, "short");
      checkThrows(() => decodeQrPayload("mt:M5L90MP500K64J00000"), /no segment/, "lower-case prefix");
      checkThrows(() => decodeQrPayload("MT:m5L90MP500K64J00000"), /not in the alphabet/, "lower-case body");
      checkEqual(decodeQrPayload("Z%MT:M5L90MP500K64J00000%DDD"), [row("Q1")], "extracted");
    },
  },
  {
    name: "extractQrPayload (chip ExtractPayload)",
    run: () => {
      checkEqual(extractQrPayload("Z%MT:ABC%"), "ABC");
      checkEqual(extractQrPayload("%Z%MT:ABC*DEF*GHI%DDD"), "ABC*DEF*GHI");
      checkEqual(extractQrPayload("ASMT:"), "");
      checkEqual(extractQrPayload("ABC"), "");
      checkEqual(extractQrPayload("MT:ABC%DDD"), "ABC");
      checkEqual(extractQrPayload("MT:ABC"), "ABC");
      checkEqual(extractQrPayload("MT:%MT:XYZ"), "XYZ");
      checkEqual(extractQrPayload(""), "");
    },
  },
  {
    name: "QR maximum values round trip (chip TestMaximumValues) and field widths",
    run: () => {
      const max: OnboardingPayload = { version: 0, vendorId: 0xffff, productId: 0xffff, flow: 2, discoveryCapabilities: 0x3f, discriminator: 0xfff, passcode: 99999998 };
      checkEqual(decodeQrPayload(encodeQrPayload(max)), [max]);
      const widest = { version: 7, vendorId: 0xffff, productId: 0xffff, flow: 3 as 0, discoveryCapabilities: 0xff, discriminator: 0xfff, passcode: 0x7ffffff };
      const qr = encodeQrPayload(widest, { allowInvalid: true });
      checkEqual(decodeQrPayload(qr), [widest], "all bits set");
      checkEqual(toHex(packQrHeader(widest)), "ffffffffffffffffffff0f", "88 bits, padding 0");
      checkThrowsId(() => encodeQrPayload({ ...max, discriminator: 4096 }, { allowInvalid: true }), "onboarding.qr-field-range", "discriminator 4096: must be an integer that fits 12 bits");
      checkThrows(() => encodeQrPayload({ ...max, vendorId: 65536 }, { allowInvalid: true }), "vendorId 65536");
      checkThrows(() => encodeQrPayload({ ...max, passcode: 2 ** 27 }, { allowInvalid: true }), "passcode 134217728");
      checkThrows(() => encodeQrPayload([max, { ...max, flow: 4 as 0 }], { allowInvalid: true }), "payload[1] flow 4");
    },
  },
  {
    name: "QR padding bits are ignored on decode",
    run: () => {
      const bytes = packQrHeader(row("Q1"));
      bytes[10] |= 0xf0;
      const [p] = decodeQrPayload("MT:" + encodeBase38(bytes));
      checkEqual(p, row("Q1"));
    },
  },
  {
    name: "validateOnboardingPayload lists every broken rule",
    run: () => {
      const bad: OnboardingPayload = {
        version: 1,
        vendorId: -1,
        productId: 70000,
        flow: 3 as 0,
        discoveryCapabilities: 0x40,
        discriminator: 5000,
        passcode: 12345678,
        serialNumber: "",
        pbkdfIterations: 999,
        numberOfDevices: 0,
        commissioningTimeout: 70000,
        vendorElements: [utf8(0x7f, "x"), utf8(0x90, "a"), utf8(0x90, "b")],
      };
      checkEqual(validateOnboardingPayload(bad), [
        "version 1: must be 0 (§5.1.1.1)",
        "vendorId -1: must be an integer in 0..65535",
        "productId 70000: must be an integer in 0..65535",
        "flow 3: must be 0 (standard), 1 (user-intent) or 2 (custom)",
        "discoveryCapabilities 64: reserved bits 6..7 must be 0",
        "discriminator 5000: must be an integer in 0..4095",
        "passcode 12345678: trivial passcode, not allowed (Core §5.1.7.1)",
        'serialNumber "": UTF-8 length 0 bytes, must be 1..32',
        "pbkdfIterations 999: must be an integer in 1000..100000",
        "pbkdfIterations/pbkdfSalt: both or neither must be present (Table 41)",
        "numberOfDevices 0: must be an integer in 1..255",
        "commissioningTimeout 70000: must be an integer in 0..65535",
        "vendorElements[0]: tag 127 must be a context tag 0x80..0xff (§5.1.5.1)",
        "vendorElements[2]: tag 0x90 used more than once",
      ]);
      checkEqual(validateOnboardingPayload({ ...row("Q16"), serialNumber: "x".repeat(33) }), ['serialNumber "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": UTF-8 length 33 bytes, must be 1..32']);
      checkEqual(validateOnboardingPayload({ ...row("Q16"), pbkdfIterations: 1000, pbkdfSalt: new Uint8Array(33) }), ["pbkdfSalt: 33 bytes, must be 16..32"]);
      checkEqual(validateOnboardingPayload({ ...row("Q16"), serialNumber: 2n ** 64n }), ["serialNumber 18446744073709551616: must be an unsigned integer of at most 8 bytes"]);
    },
  },
  {
    name: "QR length limits: 255 characters per payload, 4296 in all",
    run: () => {
      // 11 + 142 bytes = 153 bytes = 255 characters; one byte more is too long.
      const fits: OnboardingPayload = { ...row("Q16"), vendorElements: [{ tag: 0x80, type: "bytes", value: new Uint8Array(137) }] };
      checkEqual(encodeOptionalData(fits).length, 142, "TLV length");
      checkEqual(encodeQrPayload(fits).length, 3 + 255);
      const over: OnboardingPayload = { ...row("Q16"), vendorElements: [{ tag: 0x80, type: "bytes", value: new Uint8Array(138) }] };
      checkThrows(() => encodeQrPayload(over), "QR payload: 257 base-38 characters with 143 TLV bytes, at most 255 per payload");
      const many = new Array(17).fill(fits);
      checkThrows(() => encodeQrPayload(many), "QR payload: 4354 characters, at most 4296");
      checkEqual(encodeQrPayload(many, { allowInvalid: true }).length, 4354);
    },
  },
  {
    name: "NFC NDEF URI record (Core §5.1.8 Table 42)",
    run: () => {
      const qr = "MT:Y.K9042C00KA0648G00";
      const ascii = Array.from(qr, (c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
      checkEqual(toHex(ndefRecordForPayload(qr)), "d1011755" + "00" + ascii);
      checkEqual(ndefRecordForPayload(qr).length, 5 + 22);
      const long = encodeQrPayload(new Array(12).fill(row("Q16"))); // 3 + 12*19 + 11 = 242 characters
      checkEqual(ndefRecordForPayload(long)[2], long.length + 1, "short record up to 254 characters");
      const longer = encodeQrPayload(new Array(13).fill(row("Q16"))); // 262 characters
      const rec = ndefRecordForPayload(longer);
      checkEqual(toHex(rec.subarray(0, 8)), "c10100000107" + "5500", "normal record header");
      checkEqual(rec.length, 8 + longer.length);
      checkThrows(() => ndefRecordForPayload("34970112332"), /must be a QR payload string starting with "MT:"/);
      checkThrows(() => ndefRecordForPayload("MT:abc"), /base-38 characters/);
      checkThrows(() => ndefRecordForPayload("MT:M5L90MP500K64J0000"), /length must be/);
    },
  },
  {
    name: "decoded payload validates clean for every Q row",
    run: () => {
      for (const r of Q) checkEqual(validateOnboardingPayload(decodeQrPayload(r[7])[0]), [], r[0]);
    },
  },
];
