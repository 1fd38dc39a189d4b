// Additional-data (C3) TLV vectors — docs/onboarding.md §Additional data; Core §5.4.2.4.6 (TLV example);
// negatives from chip src/setup_payload/tests/TestAdditionalDataPayload.cpp.

import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsBug, checkThrowsId, type VectorCase } from "../testkit/check.js";
import { decodeAdditionalData, encodeAdditionalData } from "./additional-data.js";

const RDI_10 = "0a00d00561e77a68a9fd975057375b9283a8";
const RDI_FFFF = "ffff8bea0c775f001981365d6362e1c0665a";

const decodes: { name: string; hex: string; rdi?: string }[] = [
  { name: "empty structure", hex: "1518" },
  { name: "RDI counter 10", hex: "15300012" + RDI_10 + "18", rdi: RDI_10 },
  { name: "RDI counter 0xFFFF", hex: "15300012" + RDI_FFFF + "18", rdi: RDI_FFFF },
  { name: "17-byte RDI accepted (chip test)", hex: "153000110A001998AB7130E38B7E9A401CFE9F7B7918", rdi: "0a001998ab7130e38b7e9a401cfe9f7b79" },
  { name: "RDI with 2-byte length form", hex: "1531001200" + RDI_10 + "18", rdi: RDI_10 },
  { name: "unknown members after the RDI are skipped", hex: "15300012" + RDI_10 + "240105" + "2c02026869" + "350318" + "18", rdi: RDI_10 },
  { name: "RDI not the first member is ignored", hex: "15240105" + "300012" + RDI_10 + "18" },
  { name: "tag-0 UTF-8 string is not an RDI", hex: "152c0003414243" + "18" },
  { name: "zero-length RDI reads as absent", hex: "1530000018" },
  { name: "non-UTF-8 text member is skipped like chip does", hex: "152c0102c328" + "18" },
  { name: "common-profile tagged member is fine", hex: "154401002a" + "18" },
];

const rejects: { name: string; hex: string; pattern: string; id?: string }[] = [
  { name: "declared RDI length 0xFF runs past the end (chip TLV_UNDERRUN)", hex: "153000FF0A001998AB7130E38B7E9A401CFE9F7B79AF18", pattern: "underrun" },
  { name: "19-byte RDI (chip INVALID_STRING_LENGTH)", hex: "153000130A00191998AB7130E38B7E9A401CFE9F7B79AF18", pattern: "rotating device id length 19 is longer than 18 bytes", id: "ble.rdi-length" },
  { name: "empty buffer", hex: "", pattern: "empty" },
  { name: "array instead of structure", hex: "1618", pattern: "not an anonymous structure" },
  { name: "context-tagged outer structure", hex: "350118", pattern: "not an anonymous structure" },
  { name: "bare byte string", hex: "1000", pattern: "not an anonymous structure" },
  { name: "structure not closed", hex: "15300012" + RDI_10, pattern: "not closed" },
  { name: "trailing bytes after the structure", hex: "151818", pattern: "1 trailing bytes" },
  { name: "anonymous member in the structure", hex: "15040118", pattern: "anonymous member in a structure" },
  { name: "tagged member in a nested array", hex: "1536012401051818", pattern: "tagged member in an array" },
  { name: "implicit-profile tag (chip UNKNOWN_IMPLICIT_TLV_TAG)", hex: "158401000518", pattern: "implicit-profile tag" },
  { name: "later member runs past the end", hex: "15300012" + RDI_10 + "3001ff0018", pattern: "underrun" },
  { name: "invalid element type", hex: "151f18", pattern: "invalid TLV element type" },
];

export const vectors: VectorCase[] = [
  {
    name: "encode: empty → 1518",
    run() {
      checkEqual(toHex(encodeAdditionalData({})), "1518", "bytes");
    },
  },
  {
    name: "encode: RDI counter 10 and 0xFFFF (docs/onboarding.md §Additional data)",
    run() {
      checkEqual(toHex(encodeAdditionalData({ rotatingDeviceId: fromHex(RDI_10) })), "15300012" + RDI_10 + "18", "ctr 10");
      checkEqual(toHex(encodeAdditionalData({ rotatingDeviceId: fromHex(RDI_FFFF) })), "15300012" + RDI_FFFF + "18", "ctr 0xFFFF");
    },
  },
  {
    name: "encode: RDI must be 18 bytes",
    run() {
      checkThrowsId(() => encodeAdditionalData({ rotatingDeviceId: new Uint8Array(17) }), "ble.rdi-length", "rotatingDeviceId length 17: must be 18 bytes");
      checkThrowsBug(() => encodeAdditionalData({ rotatingDeviceId: "0a00" as unknown as Uint8Array }), "must be a Uint8Array");
      checkThrows(() => encodeAdditionalData({ rotatingDeviceId: new Uint8Array(19) }), "rotatingDeviceId length 19:");
    },
  },
  ...decodes.map(
    (d): VectorCase => ({
      name: `decode: ${d.name}`,
      run() {
        const out = decodeAdditionalData(fromHex(d.hex));
        checkEqual(out.rotatingDeviceId === undefined ? undefined : toHex(out.rotatingDeviceId), d.rdi, "rotatingDeviceId");
      },
    }),
  ),
  ...rejects.map(
    (d): VectorCase => ({
      name: `decode rejects: ${d.name}`,
      run() {
        checkThrowsId(() => decodeAdditionalData(fromHex(d.hex)), d.id ?? "ble.additional-data", d.pattern);
        try {
          decodeAdditionalData(fromHex(d.hex));
        } catch (e) {
          const message = (e as Error).message;
          checkEqual(message.startsWith("additional data: ") && !message.includes("\n"), true, `one-line message "${message}"`);
        }
      },
    }),
  ),
];
