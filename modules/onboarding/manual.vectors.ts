// Manual pairing code vectors — docs/onboarding.md §Manual pairing code (chip python tests, chip
// TestManualCode.cpp, matter.js PairingCodeSchemaTest.ts, esp-matter issues) and the
// esp-matter-mfg-tool sample batch (a 1.0.23 run for VID 0xFFF2 / PID 0x8001, its *-onb_codes.csv; docs/onboarding.md §QR code).

import { checkEqual, checkThrows, checkThrowsId, type VectorCase } from "../testkit/check.js";
import { decodeManualCode, encodeManualCode, formatManualCode, type ManualCodeInput } from "./manual.js";
import { verhoeffCheckDigit } from "./verhoeff.js";

interface Row {
  input: ManualCodeInput;
  code: string;
  forceLong?: boolean;
  allowInvalid?: boolean;
  source: string;
}

const ROWS: Row[] = [
  { input: { discriminator: 3840, passcode: 20202021 }, code: "34970112332", source: "chip python tests" },
  { input: { discriminator: 3840, passcode: 20202021, vendorId: 0xfff1, productId: 0x8000 }, forceLong: true, code: "749701123365521327687", source: "matter.js (VID+PID)" },
  { input: { discriminator: 3781, passcode: 12349876, vendorId: 1, productId: 1, flow: 1 }, code: "745492075300001000013", source: "chip python tests" },
  { input: { discriminator: 2310, passcode: 23005908, vendorId: 0xfff3, productId: 0x8098, flow: 2 }, code: "619156140465523329207", source: "chip python tests" },
  { input: { discriminator: 3091, passcode: 43338551, vendorId: 0x1123, productId: 0x0012, flow: 2 }, code: "702871264504387000187", source: "chip python tests" },
  { input: { discriminator: 80, passcode: 54757432, vendorId: 0x2345, productId: 0x1023, flow: 2 }, code: "402104334209029041311", source: "chip python tests" },
  { input: { discriminator: 174, passcode: 81235604, vendorId: 0x45, productId: 0x10, flow: 1 }, code: "403732495800069000166", source: "chip python tests" },
  { input: { discriminator: 3431, passcode: 49910688 }, code: "32140830464", source: "test_matter_setup_payload.py" },
  { input: { discriminator: 80, passcode: 54757432 }, code: "00210433428", source: "test_matter_setup_payload.py" },
  { input: { discriminator: 0xfed, passcode: 13243546 }, code: "35442608082", source: "chip nrfconnect" },
  { input: { discriminator: 2245, passcode: 89674523 }, code: "20489154736", source: "espressif/esp-matter#887" },
  { input: { discriminator: 2478, passcode: 89166293 }, code: "22094954425", source: "espressif/esp-matter#1762" },
  { input: { discriminator: 2976, passcode: 34567890 }, code: "26318621095", source: "matter.js" },
  { input: { discriminator: 2001, passcode: 23456789 }, code: "16043714310", source: "matter.js" },
  { input: { discriminator: 10, passcode: 12345678 }, code: "00852607537", allowInvalid: true, source: "matter.js (old rev, trivial passcode)" },
  // esp-matter-mfg-tool sample batch
  { input: { discriminator: 1491, passcode: 44825172 }, code: "13131627357", source: "mfg_tool 1c2b06dd" },
  { input: { discriminator: 2985, passcode: 9476910 }, code: "25611005788", source: "mfg_tool 50437955" },
  { input: { discriminator: 1180, passcode: 64944098 }, code: "11430639631", source: "mfg_tool 96df3e87" },
  // chip TestManualCode.cpp (default passcode 123456780 is outside the valid range)
  { input: { discriminator: 2560, passcode: 123456780 }, code: "23610875350", allowInvalid: true, source: "chip TestManualCode" },
  { input: { discriminator: 2560, passcode: 123456780, vendorId: 0, productId: 0, flow: 2 }, code: "636108753500000000006", allowInvalid: true, source: "chip TestManualCode custom flow" },
  { input: { discriminator: 2560, passcode: 123456780, vendorId: 1, productId: 1, flow: 2 }, code: "636108753500001000015", allowInvalid: true, source: "chip TestManualCode VID=PID=1" },
  { input: { discriminator: 2560, passcode: 123456780, vendorId: 45367, productId: 14526, flow: 2 }, code: "636108753545367145260", allowInvalid: true, source: "chip TestManualCode" },
  { input: { discriminator: 0xfff, passcode: 0x7ffffff, vendorId: 65535, productId: 65535, flow: 2 }, code: "765535819165535655356", allowInvalid: true, source: "chip TestManualCode all ones" },
  { input: { discriminator: 1280, passcode: 38728284, vendorId: 4562, productId: 32, flow: 2 }, code: "529276236304562000322", source: "chip TestManualCode" },
  { input: { discriminator: 0, passcode: 1, vendorId: 1, productId: 1, flow: 2 }, code: "400001000000001000015", source: "chip TestManualCode" },
  { input: { discriminator: 0, passcode: 1 }, code: "00000100007", source: "chip TestManualCode" },
];

export const vectors: VectorCase[] = [
  ...ROWS.map((r) => ({
    name: `manual ${r.code} (${r.source})`,
    run: () => {
      checkEqual(encodeManualCode(r.input, { forceLong: r.forceLong, allowInvalid: r.allowInvalid }), r.code, "encode");
      const long = r.code.length === 21;
      const expected = {
        shortDiscriminator: r.input.discriminator >> 8,
        passcode: r.input.passcode,
        long,
        ...(long ? { vendorId: r.input.vendorId, productId: r.input.productId } : {}),
      };
      checkEqual(decodeManualCode(r.code), expected, "decode");
      checkEqual(decodeManualCode(formatManualCode(r.code)), expected, "decode formatted");
    },
  })),
  {
    name: "manual code length follows the flow, not the presence of VID/PID (Core §5.1.4.1.2)",
    run: () => {
      const withIds = { discriminator: 3840, passcode: 20202021, vendorId: 0xfff1, productId: 0x8000 };
      checkEqual(encodeManualCode(withIds), "34970112332", "flow 0 → 11 digits");
      checkEqual(encodeManualCode({ ...withIds, flow: 0 }), "34970112332", "explicit flow 0");
      checkEqual(encodeManualCode({ ...withIds, flow: 1 }), "749701123365521327687", "flow 1 → 21 digits");
      checkEqual(encodeManualCode({ ...withIds, flow: 2 }), "749701123365521327687", "flow 2 → 21 digits");
      checkThrowsId(() => encodeManualCode({ discriminator: 1, passcode: 20202021, flow: 1 }), "onboarding.manual-vid-pid", "vendorId and productId are required for the 21-digit form (flow 1");
      checkThrows(() => encodeManualCode({ discriminator: 1, passcode: 20202021, vendorId: 1 }, { forceLong: true }), "forceLong");
    },
  },
  {
    name: "manual code encoder input checks",
    run: () => {
      checkThrowsId(() => encodeManualCode({ discriminator: 4096, passcode: 20202021 }), "onboarding.manual-field-range", "manual code discriminator 4096: must be an integer in 0..4095");
      checkThrowsId(() => encodeManualCode({ discriminator: 1, passcode: 11111111 }), "onboarding.passcode-trivial", "manual code passcode 11111111: trivial passcode");
      checkThrows(() => encodeManualCode({ discriminator: 1, passcode: 2 ** 27 }, { allowInvalid: true }), "manual code passcode 134217728: must be an integer in 0..134217727");
      checkThrowsId(() => encodeManualCode({ discriminator: 1, passcode: 20202021, flow: 1, vendorId: 65536, productId: 1 }), "onboarding.manual-field-range", "manual code vendorId 65536");
      checkThrowsId(() => encodeManualCode({ discriminator: 1, passcode: 20202021, flow: 3 as 0 }), "onboarding.manual-flow", "manual code flow 3");
    },
  },
  {
    name: "manual code decoder errors (chip TestManualCode, matter.js)",
    run: () => {
      checkThrowsId(() => decodeManualCode("02684354589"), "onboarding.manual-check-digit", /check digit 9 does not match Verhoeff digit/, "bad check digit");
      const zero = encodeManualCode({ discriminator: 2560, passcode: 0 }, { allowInvalid: true });
      checkEqual(zero.slice(0, 10), "2327680000", "chip pass-0 code");
      checkThrowsId(() => decodeManualCode(zero), "onboarding.manual-passcode-zero", /passcode 0 is not allowed/, "pass 0");
      for (const bad of ["", "3497011233", "349701123320", "34970112332000000000", "7497011233655213276870"]) {
        checkThrowsId(() => decodeManualCode(bad), "onboarding.manual-length", /digits, must be 11 or 21/, `length ${bad.length}`);
      }
      checkThrowsId(() => decodeManualCode("84970112332"), "onboarding.manual-version", /first digit 8 marks an unsupported version/);
      checkThrowsId(() => decodeManualCode("3497O112332"), "onboarding.manual-digit", /character "O" is not a digit/);
      checkThrowsId(() => decodeManualCode(withCheck("7497011233")), "onboarding.manual-vid-pid-flag", /VID_PID_PRESENT is 1 but the code has 11 digits/);
      // digit groups out of range: 99999 in digits 2..6, 9999 in 7..10, 99999 as VID (check digits recomputed)
      checkThrowsId(() => decodeManualCode(withCheck("0999990000")), "onboarding.manual-group-range", /digits 2..6 = 99999, must be at most 65535/);
      checkThrows(() => decodeManualCode(withCheck("0000019999")), /digits 7..10 = 9999, must be at most 8191/);
      checkThrowsId(() => decodeManualCode(withCheck("40000100009999900001")), "onboarding.manual-group-range", /vendorId 99999 does not fit 16 bits/);
      checkThrows(() => decodeManualCode(withCheck("40000100000000199999")), /productId 99999 does not fit 16 bits/);
    },
  },
  {
    name: "manual code decode keeps trivial passcodes (validation is separate)",
    run: () => {
      checkEqual(decodeManualCode("00852607537"), { shortDiscriminator: 0, passcode: 12345678, long: false });
    },
  },
  {
    name: "formatManualCode: mfg_tool grouping",
    run: () => {
      checkEqual(formatManualCode("34970112332"), "3497-011-2332");
      checkEqual(formatManualCode("13131627357"), "1313-162-7357", "mfg_tool sample 1c2b06dd");
      checkEqual(formatManualCode("25611005788"), "2561-100-5788", "mfg_tool sample 50437955");
      checkEqual(formatManualCode("11430639631"), "1143-063-9631", "mfg_tool sample 96df3e87");
      checkEqual(formatManualCode("749701123365521327687"), "7497-011-2336\n5521-327-68-7", "21 digits over two lines");
      checkEqual(formatManualCode("749701123365521327687", " "), "7497-011-2336 5521-327-68-7", "custom line break");
      checkEqual(formatManualCode("3497-011-2332"), "3497-011-2332", "idempotent");
      checkThrowsId(() => formatManualCode("3497011233"), "onboarding.manual-length", /must be 11 or 21 digits/);
    },
  },
];

function withCheck(digits: string): string {
  return digits + verhoeffCheckDigit(digits);
}
