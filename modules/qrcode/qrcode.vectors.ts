// Fixed vectors for the QR Code encoder. Sources: ISO/IEC 18004:2015 tables (capacities, format and
// version information, alignment centres, generator polynomials of Annex A); the "HELLO WORLD" 1-M
// worked example of the thonky.com QR tutorial (EC codewords); module hashes (SHA-256 over the
// size·size 0/1 bytes) that pyqrcode 1.2.1 and/or npm qrcode 1.5.4 produce for the same input,
// version, level and mask (tagged per vector).

import { sha256 } from "@noble/hashes/sha2.js";
import { toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { formatInfoBits, versionInfoBits } from "./bch.js";
import { dataCodewordsFor, detectMode, makeSegment } from "./data.js";
import { encodeQr, type QrEncodeOptions } from "./encoder.js";
import { gfLog, rsGenerator, rsRemainder } from "./reed-solomon.js";
import { renderQrText } from "./render-text.js";
import { qrSvgPathData } from "./render-svg.js";
import { alignmentCentres, dataCodewords, qrCapacity, totalCodewords, type QrEcc } from "./tables.js";

const bits15 = (ecc: QrEcc, mask: number) => formatInfoBits(ecc, mask).toString(2).padStart(15, "0");

interface MatrixVector {
  text: string;
  opts: QrEncodeOptions;
  version: number;
  mode: string;
  mask: number;
  sha256: string;
  source: string;
}

const MATRICES: MatrixVector[] = [
  // mfg_tool's call: pyqrcode.create(payload, version=2, error='M'); ISO and pyqrcode rules agree here.
  { text: "MT:Y.K9042C00KA0648G00", opts: {}, version: 2, mode: "alphanumeric", mask: 3,
    sha256: "56d1e08b054fad1d476b3f72e57a6c45680049749613dbafa9c3d17c387dcb8d", source: "pyqrcode, npm qrcode" },
  // A payload where the balance rules disagree: ISO picks mask 0 (as npm qrcode), pyqrcode mask 1.
  { text: "MT:Y.K9042C009-.548G00", opts: { version: 2 }, version: 2, mode: "alphanumeric", mask: 0,
    sha256: "312492ccef6f594ef67a37ff45a83ac956074af9853fff58da8387214184ae8c", source: "npm qrcode (auto mask 0)" },
  { text: "MT:Y.K9042C009-.548G00", opts: { version: 2, maskRule: "pyqrcode" }, version: 2, mode: "alphanumeric", mask: 1,
    sha256: "a5d2b4aceac693865facf9b3fc1ef4643a63f19f5e5c1e85966b49580251d280", source: "pyqrcode (auto mask 1)" },
  { text: "HELLO WORLD", opts: { ecc: "Q" }, version: 1, mode: "alphanumeric", mask: 6,
    sha256: "8eb1c230459bc15257d97ae132b4c62361b2a7a07720cd366b6a302ae71dac58", source: "pyqrcode, npm qrcode" },
  { text: "01234567", opts: { ecc: "M" }, version: 1, mode: "numeric", mask: 0,
    sha256: "9888766c6b5076a00a64510fd204ee90ca177aa593dc0ede4e09fe000100a903", source: "pyqrcode, npm qrcode" },
  { text: "https://example.com/qr?x=1", opts: { ecc: "L" }, version: 2, mode: "byte", mask: 5,
    sha256: "bd069ac52c23b1ee42540ec5682d70d63588c1367b49e3bf52a4b365d68d2462", source: "npm qrcode" },
  // Version 8: version information blocks, six alignment patterns.
  { text: "0".repeat(300), opts: { ecc: "M" }, version: 8, mode: "numeric", mask: 0,
    sha256: "501d666de55dccc31187b8ccbb284b8f4177adc4729abe454942d1c4fef8c3e9", source: "npm qrcode" },
];

export const vectors: VectorCase[] = [
  {
    name: "RS generator polynomials as α exponents (Annex A: degrees 7, 10, 16)",
    run: () => {
      const exps = (n: number) => Array.from(rsGenerator(n), (c) => gfLog(c)).join(",");
      checkEqual(exps(7), "0,87,229,146,149,238,102,21", "degree 7");
      checkEqual(exps(10), "0,251,67,46,61,118,70,64,94,32,45", "degree 10");
      checkEqual(exps(16), "0,120,104,107,109,102,161,76,3,91,191,147,169,182,194,225,120", "degree 16");
    },
  },
  {
    name: "RS codewords of HELLO WORLD 1-M (thonky tutorial)",
    run: () => {
      const data = Uint8Array.of(32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17);
      checkEqual(Array.from(rsRemainder(data, 10)), [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]);
      checkEqual(Array.from(dataCodewordsFor(makeSegment("HELLO WORLD", "alphanumeric"), 1, 16)), Array.from(data), "data codewords");
    },
  },
  {
    name: "data codewords of 01234567 1-M (numeric groups, terminator, pad 0xEC 0x11)",
    run: () => {
      const words = dataCodewordsFor(makeSegment("01234567", "numeric"), 1, dataCodewords(1, "M"));
      checkEqual(Array.from(words), [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]);
    },
  },
  {
    name: "format information (BCH 15,5 with mask 0x5412)",
    run: () => {
      checkEqual(bits15("L", 0), "111011111000100", "L/0");
      checkEqual(bits15("L", 1), "111001011110011", "L/1");
      checkEqual(bits15("M", 0), "101010000010010", "M/0");
      checkEqual(bits15("Q", 0), "011010101011111", "Q/0");
      checkEqual(bits15("H", 0), "001011010001001", "H/0");
      checkEqual(bits15("H", 7), "000100000111011", "H/7");
    },
  },
  {
    name: "version information (Golay 18,6)",
    run: () => {
      checkEqual(versionInfoBits(7), 0x07c94, "v7");
      checkEqual(versionInfoBits(8), 0x085bc, "v8");
      checkEqual(versionInfoBits(21), 0x15683, "v21");
      checkEqual(versionInfoBits(40), 0x28c69, "v40");
    },
  },
  {
    name: "capacities (Table 7) and codeword counts (Table 1)",
    run: () => {
      const caps = (v: number, e: QrEcc) => [qrCapacity(v, e, "numeric"), qrCapacity(v, e, "alphanumeric"), qrCapacity(v, e, "byte")];
      checkEqual(caps(1, "L"), [41, 25, 17], "1-L");
      checkEqual(caps(1, "H"), [17, 10, 7], "1-H");
      checkEqual(caps(2, "M"), [63, 38, 26], "2-M");
      checkEqual(caps(10, "Q"), [364, 221, 151], "10-Q");
      checkEqual(caps(40, "L"), [7089, 4296, 2953], "40-L");
      checkEqual(caps(40, "H"), [3057, 1852, 1273], "40-H");
      checkEqual([1, 2, 7, 40].map(totalCodewords), [26, 44, 196, 3706], "total codewords");
    },
  },
  {
    name: "alignment pattern centres (Annex E)",
    run: () => {
      checkEqual(alignmentCentres(1), [], "v1");
      checkEqual(alignmentCentres(2), [6, 18], "v2");
      checkEqual(alignmentCentres(7), [6, 22, 38], "v7");
      checkEqual(alignmentCentres(32), [6, 34, 60, 86, 112, 138], "v32");
      checkEqual(alignmentCentres(36), [6, 24, 50, 76, 102, 128, 154], "v36");
      checkEqual(alignmentCentres(40), [6, 30, 58, 86, 114, 142, 170], "v40");
    },
  },
  {
    name: "mode detection: Matter payloads are alphanumeric",
    run: () => {
      checkEqual(detectMode("MT:Y.K9042C00KA0648G00"), "alphanumeric");
      checkEqual(detectMode("MT:-24J042C00KA0648G00"), "alphanumeric");
      checkEqual(detectMode("0123"), "numeric");
      checkEqual(detectMode(""), "alphanumeric");
      checkEqual(detectMode("mt:abc"), "byte");
      checkEqual(encodeQr(Uint8Array.of(0x30, 0x31)).mode, "byte", "raw bytes");
    },
  },
  ...MATRICES.map(
    (v): VectorCase => ({
      name: `matrix ${JSON.stringify(v.text.length > 24 ? v.text.slice(0, 12) + "…" : v.text)} ${JSON.stringify(v.opts)} [${v.source}]`,
      run: () => {
        const m = encodeQr(v.text, v.opts);
        checkEqual([m.version, m.mode, m.mask, m.size], [v.version, v.mode, v.mask, 17 + 4 * v.version], "version, mode, mask, size");
        checkEqual(toHex(sha256(m.modules)), v.sha256, "SHA-256 of modules");
      },
    }),
  ),
  {
    name: "capacity boundary: 38 alphanumeric characters fit 2-M, 39 do not",
    run: () => {
      const fits = "MT:" + "0123456789ABCDEFGHIJKLMNOPQRSTUVWXY"; // 38
      checkEqual(encodeQr(fits, { ecc: "M" }).version, 2, "auto version for 38");
      checkEqual(encodeQr(fits + "Z", { ecc: "M" }).version, 3, "auto version for 39");
      checkEqual(encodeQr(fits, { ecc: "M", minVersion: 4 }).version, 4, "minVersion");
      checkThrowsId(() => encodeQr(fits + "Z", { version: 2 }), "qrcode.too-long", "qrcode text: 39 alphanumeric characters do not fit version 2-M (max 38)");
      checkEqual(encodeQr("1".repeat(41), { ecc: "L" }).version, 1, "41 digits in 1-L");
      checkEqual(encodeQr("1".repeat(42), { ecc: "L" }).version, 2, "42 digits in 1-L");
      checkThrowsId(() => encodeQr(new Uint8Array(2954), { ecc: "L" }), "qrcode.too-long", "qrcode text: 2954 bytes do not fit any version 1-40 at level L (max 2953)");
    },
  },
  {
    name: "bad options and text are one-line errors naming the field",
    run: () => {
      checkThrowsId(() => encodeQr("A", { mask: 8 }), "qrcode.option", "qrcode mask 8: must be an integer 0-7");
      checkThrowsId(() => encodeQr("A", { ecc: "X" as QrEcc }), "qrcode.option", 'qrcode ecc "X": must be one of L, M, Q, H');
      checkThrows(() => encodeQr("A", { version: 41 }), "qrcode version 41: must be an integer 1-40");
      checkThrows(() => encodeQr("A", { minVersion: 0 }), "qrcode minVersion 0: must be an integer 1-40");
      checkThrowsId(() => encodeQr("MT:a", { mode: "alphanumeric" }), "qrcode.mode-charset", 'qrcode text: character "a" at index 3 is not in the alphanumeric set');
      checkThrows(() => encodeQr("12x", { mode: "numeric" }), 'qrcode text: character "x" at index 2 is not a digit (numeric mode)');
      checkThrowsId(() => encodeQr(Uint8Array.of(1), { mode: "numeric" }), "qrcode.mode-charset", 'qrcode mode "numeric": raw bytes can only be encoded in byte mode');
    },
  },
  {
    name: "text rendering: half-blocks and ASCII shapes",
    run: () => {
      const m = encodeQr("HELLO WORLD", { ecc: "Q" }); // version 1, 21 modules
      const half = renderQrText(m).split("\n"); // quiet zone 2: 25 rows → 13 lines of 25
      checkEqual([half.length, half.every((l) => Array.from(l).length === 25)], [13, true], "half-block lines");
      checkEqual(half[0], "\u2588".repeat(25), "first line: quiet zone, ink = light");
      checkEqual(half[12], "\u2580".repeat(25), "last line: one quiet row over nothing");
      checkEqual(Array.from(half[1]).slice(0, 10).join(""), "\u2588\u2588 \u2584\u2584\u2584\u2584\u2584 \u2588", "finder top edge");
      const ascii = renderQrText(m, { style: "ascii", ink: "dark", quietZone: 0 }).split("\n");
      checkEqual([ascii.length, ascii[0].length], [21, 42], "ascii lines");
      checkEqual(ascii[0].slice(0, 16), "##############  ", "finder row then separator");
      checkThrowsId(() => renderQrText(m, { quietZone: -1 }), "qrcode.option", "qrcode quietZone -1: must be an integer 0-16");
    },
  },
  {
    name: "SVG path: one subpath per dark run",
    run: () => {
      const m = encodeQr("HELLO WORLD", { ecc: "Q" });
      const d = qrSvgPathData(m, 4);
      checkTrue(d.startsWith("M4 4h7v1h-7z"), "starts with the finder's top row");
      checkTrue(/^(M\d+ \d+h\d+v1h-\d+z)+$/.test(d), "only run subpaths");
    },
  },
];
