// QR Code encoder (modules/qrcode) and PNG/SVG output (host-tools/png.ts), checked three ways:
//   1. every random symbol is read back by an independent decoder (npm jsqr 1.4.0) from a raster, and
//      the text renderings are parsed back to the same modules;
//   2. matrices equal npm qrcode 1.5.4's when both use the same version, level, mode and mask, and our
//      penalty terms N1-N3 pick the same automatic mask as qrcode when given its balance (N4) formula;
//   3. pyqrcode 1.2.1 (what esp-matter-mfg-tool uses; .venv/mfg) gives the same matrices as
//      maskRule "pyqrcode", and the PNGs of the fixture batch mfg_tool made are pixel-identical to ours.
// Seeded: MF_SEED=<n> replays a run; failure messages start with the seed.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { decodeGrayPng, encodeGrayPng, grayToRgba, qrToGray, qrToPng } from "../host-tools/png.js";
import { utf8Encode } from "../modules/bytes/utf8.js";
import { encodeQrPayload } from "../modules/onboarding/qr.js";
import { isValidPasscode } from "../modules/onboarding/passcode.js";
import type { OnboardingPayload } from "../modules/onboarding/payload.js";
import { randomInt, type RandomSource } from "../modules/platform/random.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import {
  ALPHANUMERIC_CHARSET,
  QR_ECC_LEVELS,
  encodeQr,
  penaltyParts,
  qrCapacity,
  qrSvgPathData,
  qrToSvg,
  qrToSvgDocument,
  renderQrText,
  type QrEcc,
  type QrEncodeOptions,
  type QrMatrix,
  type QrMode,
} from "../modules/qrcode/index.js";
import { applyMask, drawFormatInfo, functionGrid } from "../modules/qrcode/matrix.js";
import { formatInfoBits } from "../modules/qrcode/bch.js";
import { MFG_BATCH } from "./support/fixtures.js";

const SEED = process.env.MF_SEED ?? "20251121";
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;

const repo = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = join(repo, ".venv/mfg/bin/python");
const MFG_SAMPLE = MFG_BATCH + "/";

/** The part of npm qrcode 1.5.4 used here (CommonJS, no bundled types). */
interface QrcodeLib {
  create(
    segments: { data: string | Uint8Array; mode: QrMode }[],
    options: { version?: number; errorCorrectionLevel?: QrEcc; maskPattern?: number },
  ): { version: number; maskPattern: number; modules: { size: number; data: Uint8Array } };
}
const qrcodeLib = createRequire(import.meta.url)("qrcode") as QrcodeLib;

// ---------------------------------------------------------------------------------------------
// helpers

function pick<T>(random: RandomSource, items: readonly T[]): T {
  return items[randomInt(random, 0, items.length - 1)];
}

function randomFrom(random: RandomSource, alphabet: string, min: number, max: number): string {
  const n = randomInt(random, min, max);
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[randomInt(random, 0, alphabet.length - 1)];
  return s;
}

/** A random, valid Matter onboarding payload: plain (22 chars) or with optional TLV (up to ~120 chars). */
function randomMatterPayload(random: RandomSource, withTlv: boolean): string {
  let passcode: number;
  do passcode = randomInt(random, 1, 99999998);
  while (!isValidPasscode(passcode));
  const p: OnboardingPayload = {
    version: 0,
    vendorId: randomInt(random, 1, 0xfff4),
    productId: randomInt(random, 1, 0xffff),
    flow: pick(random, [0, 1, 2] as const),
    discoveryCapabilities: pick(random, [2, 4, 6, 0x22, 0x24, 0x14]),
    discriminator: randomInt(random, 0, 0xfff),
    passcode,
  };
  if (withTlv) {
    if (randomInt(random, 0, 1)) p.serialNumber = randomFrom(random, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 1, 32);
    if (randomInt(random, 0, 2) === 0) {
      p.pbkdfIterations = randomInt(random, 1000, 100000);
      p.pbkdfSalt = random(randomInt(random, 16, 32));
    }
    if (randomInt(random, 0, 1)) p.numberOfDevices = randomInt(random, 1, 255);
    if (randomInt(random, 0, 1) || p.serialNumber === undefined) p.commissioningTimeout = randomInt(random, 60, 65535);
  }
  return encodeQrPayload(p);
}

/** Reads the symbol back through jsQR from a grayscale raster. */
function jsqrRead(m: QrMatrix, scale = 3): ReturnType<typeof jsQR> {
  const gray = qrToGray(m, { scale, quietZone: 4 });
  return jsQR(grayToRgba(gray), gray.width, gray.height, { inversionAttempts: "dontInvert" });
}

/** Module grid recovered from a text rendering. */
function parseText(text: string, style: "half-blocks" | "ascii", ink: "light" | "dark", size: number, quiet: number): Uint8Array {
  const lines = text.split("\n");
  const inkDark = ink === "dark" ? 1 : 0;
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const Y = y + quiet;
      const X = x + quiet;
      let inked: boolean;
      if (style === "ascii") {
        inked = lines[Y].slice(2 * X, 2 * X + 2) === "##";
      } else {
        const ch = Array.from(lines[Y >> 1])[X];
        inked = Y % 2 === 0 ? ch === "█" || ch === "▀" : ch === "█" || ch === "▄";
      }
      out[y * size + x] = inked ? inkDark : 1 - inkDark;
    }
  }
  return out;
}

function qrcodeMatrix(data: string | Uint8Array, m: QrMatrix, mask: number | undefined): { mask: number; modules: Uint8Array } {
  const ref = qrcodeLib.create([{ data, mode: m.mode }], {
    version: m.version,
    errorCorrectionLevel: m.ecc,
    ...(mask === undefined ? {} : { maskPattern: mask }),
  });
  return { mask: ref.maskPattern, modules: Uint8Array.from(ref.modules.data) };
}

/**
 * The automatic mask our N1-N3 terms pick when combined with qrcode 1.5.4's balance term
 * (k = |ceil(dark% / 5) − 10|, 10 points per step).
 */
function maskWithQrcodeBalance(m: QrMatrix): number {
  const grid = functionGrid(m.version);
  // Rebuild the unmasked data modules from the finished symbol: undo its mask.
  grid.modules.set(m.modules);
  applyMask(grid, m.mask);
  let best = 0;
  let bestScore = Infinity;
  for (let k = 0; k < 8; k++) {
    drawFormatInfo(grid, formatInfoBits(m.ecc, k));
    applyMask(grid, k);
    const p = penaltyParts(grid.modules, grid.size);
    const balance = Math.abs(Math.ceil((p.dark * 100) / p.total / 5) - 10) * 10;
    const score = p.n1 + p.n2 + p.n3 + balance;
    applyMask(grid, k);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best;
}

interface RandomCase {
  kind: string;
  input: string | Uint8Array;
  opts: QrEncodeOptions;
}

function randomCases(random: RandomSource): RandomCase[] {
  const cases: RandomCase[] = [];
  const ecc = () => pick(random, QR_ECC_LEVELS);
  const maybeMask = () => (randomInt(random, 0, 2) === 0 ? { mask: randomInt(random, 0, 7) } : {});
  for (let i = 0; i < 150; i++) {
    const tlv = i % 5 >= 3;
    cases.push({ kind: tlv ? "matter+tlv" : "matter", input: randomMatterPayload(random, tlv), opts: { ecc: ecc(), ...maybeMask() } });
  }
  for (let i = 0; i < 60; i++) {
    cases.push({ kind: "bytes", input: random(randomInt(random, 0, i < 50 ? 120 : 700)), opts: { ecc: ecc(), ...maybeMask() } });
  }
  for (let i = 0; i < 40; i++) {
    cases.push({ kind: "numeric", input: randomFrom(random, "0123456789", 1, i < 30 ? 200 : 1500), opts: { ecc: ecc(), ...maybeMask() } });
  }
  for (let i = 0; i < 40; i++) {
    cases.push({ kind: "alphanumeric", input: randomFrom(random, ALPHANUMERIC_CHARSET, 1, i < 30 ? 150 : 900), opts: { ecc: ecc(), ...maybeMask() } });
  }
  for (let i = 0; i < 30; i++) {
    cases.push({ kind: "utf8", input: randomFrom(random, "abcxyz019 ,;!?€äöüß中文🙂", 1, 60), opts: { ecc: ecc(), ...maybeMask() } });
  }
  return cases;
}

/** The single mode the text calls for, by ISO/IEC 18004 character sets (Table 5). */
function expectedMode(c: RandomCase): QrMode {
  if (typeof c.input !== "string") return "byte";
  if (/^[0-9]+$/.test(c.input)) return "numeric";
  if (/^[0-9A-Z $%*+\-./:]*$/.test(c.input)) return "alphanumeric";
  return "byte";
}

// ---------------------------------------------------------------------------------------------

describe("qrcode: seeded random texts", () => {
  const cases = randomCases(seededRandom(SEED));

  it(`encodes ${cases.length} random texts that jsQR reads back and that equal npm qrcode's matrices`, () => {
    const failures: string[] = [];
    let autoMasks = 0;
    for (const [n, c] of cases.entries()) {
      const what = `case ${n} ${c.kind} ${JSON.stringify(typeof c.input === "string" ? c.input : Array.from(c.input))} ${JSON.stringify(c.opts)}`;
      try {
        const m = encodeQr(c.input, c.opts);
        if (m.mode !== expectedMode(c)) {
          failures.push(tag(`${what}: mode ${m.mode}`));
        }
        // 1. independent decoder
        const read = jsqrRead(m);
        const expectBytes = typeof c.input === "string" ? utf8Encode(c.input) : c.input;
        if (!read) failures.push(tag(`${what}: jsQR found no code (version ${m.version})`));
        else if (m.mode === "byte" ? !bytesMatch(read.binaryData, expectBytes) : read.data !== c.input) {
          failures.push(tag(`${what}: jsQR read ${JSON.stringify(read.data)}`));
        } else if (read.version !== m.version) failures.push(tag(`${what}: jsQR version ${read.version}, ours ${m.version}`));
        // 2. npm qrcode, same version / level / mode / mask
        const ref = qrcodeMatrix(c.input, m, m.mask);
        if (!bytesMatch(ref.modules, m.modules)) failures.push(tag(`${what}: matrix differs from npm qrcode (v${m.version}-${m.ecc} mask ${m.mask})`));
        if (c.opts.mask === undefined) {
          autoMasks++;
          const theirs = qrcodeMatrix(c.input, m, undefined).mask;
          const ours = maskWithQrcodeBalance(m);
          if (theirs !== ours) failures.push(tag(`${what}: npm qrcode picks mask ${theirs}, our N1-N3 with its N4 pick ${ours}`));
        }
        // text renderings parse back to the modules
        for (const style of ["half-blocks", "ascii"] as const) {
          for (const ink of ["light", "dark"] as const) {
            const quiet = n % 3;
            const text = renderQrText(m, { style, ink, quietZone: quiet });
            if (!bytesMatch(parseText(text, style, ink, m.size, quiet), m.modules)) failures.push(tag(`${what}: ${style}/${ink} text rendering`));
          }
        }
      } catch (e) {
        failures.push(tag(`${what}: threw ${String(e)}`));
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(autoMasks).toBeGreaterThan(150);
  });

  it("encodes every version at every level at its capacity boundary, equal to npm qrcode", () => {
    const random = seededRandom(`${SEED}/capacity`);
    const failures: string[] = [];
    const modes: QrMode[] = ["numeric", "alphanumeric", "byte"];
    for (let v = 1; v <= 40; v++) {
      for (const ecc of QR_ECC_LEVELS) {
        for (const [k, mode] of modes.entries()) {
          const cap = qrCapacity(v, ecc, mode);
          const alphabet = mode === "numeric" ? "0123456789" : mode === "alphanumeric" ? ALPHANUMERIC_CHARSET : "abcdefghijklmnopqrstuvwxyz";
          const text = randomFrom(random, alphabet, cap, cap);
          const what = `v${v}-${ecc} ${mode} ${cap} chars`;
          const m = encodeQr(text, { ecc, mode });
          if (m.version !== v) failures.push(tag(`${what}: auto version ${m.version}`));
          try {
            encodeQr(text + alphabet[0], { ecc, mode, version: v });
            failures.push(tag(`${what}: one more character did not throw`));
          } catch (e) {
            if (!/do not fit version/.test(String(e))) failures.push(tag(`${what}: ${String(e)}`));
          }
          // One mode per version and level against npm qrcode (keeps the run short), with a given mask.
          if (k === (v + QR_ECC_LEVELS.indexOf(ecc)) % 3) {
            const fixed = encodeQr(text, { ecc, mode, version: v, mask: (v * 3 + k) % 8 });
            if (!bytesMatch(qrcodeMatrix(text, fixed, fixed.mask).modules, fixed.modules)) failures.push(tag(`${what}: differs from npm qrcode`));
            if (v % 13 === 1) {
              const read = jsqrRead(fixed, 2);
              if (read?.data !== text) failures.push(tag(`${what}: jsQR read ${JSON.stringify(read?.data)}`));
            }
          }
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it("takes a stated time per Matter payload (logged, not asserted)", () => {
    const random = seededRandom(`${SEED}/timing`);
    const plain = Array.from({ length: 200 }, () => randomMatterPayload(random, false));
    const tlv = Array.from({ length: 200 }, () => randomMatterPayload(random, true));
    for (const t of plain.slice(0, 20)) encodeQr(t); // warm up
    const time = (texts: string[], opts: QrEncodeOptions) => {
      const t0 = performance.now();
      for (const t of texts) encodeQr(t, opts);
      return ((performance.now() - t0) * 1000) / texts.length;
    };
    const a = time(plain, { version: 2, ecc: "M", maskRule: "pyqrcode" });
    const b = time(tlv, { ecc: "M" });
    const png = (() => {
      const t0 = performance.now();
      for (const t of plain.slice(0, 100)) qrToPng(encodeQr(t, { version: 2 }));
      return ((performance.now() - t0) * 1000) / 100;
    })();
    console.log(`[qrcode] encode: ${a.toFixed(0)} µs per 22-char payload (v2-M), ${b.toFixed(0)} µs per TLV payload; encode+PNG ${png.toFixed(0)} µs`);
    expect(a).toBeGreaterThan(0);
  });
});

/** Data of the first chunk of a type. */
function pngChunk(png: Uint8Array, type: string): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let o = 8; o + 12 <= png.length; o += 12 + view.getUint32(o)) {
    if (String.fromCharCode(...png.subarray(o + 4, o + 8)) === type) return png.subarray(o + 8, o + 8 + view.getUint32(o));
  }
  throw new Error(`no ${type} chunk`);
}

function bytesMatch(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------

describe("qrcode: pyqrcode 1.2.1 (esp-matter-mfg-tool)", () => {
  // One Python process: reads [text, version, level] lines, prints [version, mode, mask, bits].
  const DRIVER = [
    "import sys, json, pyqrcode",
    "for line in sys.stdin:",
    "    t, ver, err = json.loads(line)",
    "    q = pyqrcode.create(t, version=ver, error=err)",
    "    bits = ''.join(str(int(b)) for row in q.code for b in row)",
    "    print(json.dumps([q.version, q.mode, q.builder.best_mask, bits]), flush=True)",
  ].join("\n");

  it("gives the same matrices as maskRule \"pyqrcode\" (and reports how often the ISO rule differs)", () => {
    expect(existsSync(PYTHON), `${PYTHON} missing: run npm install (scripts/setup.mjs builds .venv/mfg)`).toBe(true);
    const random = seededRandom(`${SEED}/pyqrcode`);
    const inputs: { text: string; ecc: QrEcc; version?: number }[] = [];
    // As mfg_tool calls it: version 2, level M, plain 22-character payloads.
    for (let i = 0; i < 80; i++) inputs.push({ text: randomMatterPayload(random, false), ecc: "M", version: 2 });
    for (let i = 0; i < 40; i++) inputs.push({ text: randomMatterPayload(random, true), ecc: pick(random, QR_ECC_LEVELS) });
    for (let i = 0; i < 15; i++) inputs.push({ text: randomFrom(random, "0123456789", 1, 90), ecc: pick(random, QR_ECC_LEVELS) });
    for (let i = 0; i < 15; i++) inputs.push({ text: randomFrom(random, ALPHANUMERIC_CHARSET, 1, 60), ecc: pick(random, QR_ECC_LEVELS) });
    // printable ASCII with lower case: byte mode in both
    for (let i = 0; i < 20; i++) {
      inputs.push({ text: randomFrom(random, "abcdefghijklmnopqrstuvwxyz0123456789 !#&()=?@[]{}~", 1, 50), ecc: pick(random, QR_ECC_LEVELS) });
    }
    const ours = inputs.map((x) => encodeQr(x.text, { ecc: x.ecc, version: x.version, maskRule: "pyqrcode" }));
    const lines = inputs.map((x, i) => JSON.stringify([x.text, ours[i].version, x.ecc])).join("\n") + "\n";
    const run = spawnSync(PYTHON, ["-c", DRIVER], { input: lines, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const results = run.stdout.trim().split("\n").map((l) => JSON.parse(l) as [number, string, number, string]);
    expect(results.length).toBe(inputs.length);
    const failures: string[] = [];
    let isoDiffers = 0;
    const pyMode: Record<string, QrMode> = { numeric: "numeric", alphanumeric: "alphanumeric", binary: "byte" };
    for (const [i, [version, mode, mask, bits]] of results.entries()) {
      const m = ours[i];
      const what = `${JSON.stringify(inputs[i].text)} ${inputs[i].ecc}`;
      const modules = Uint8Array.from(bits, (ch) => (ch === "1" ? 1 : 0));
      if (version !== m.version || pyMode[mode] !== m.mode || mask !== m.mask || !bytesMatch(modules, m.modules)) {
        failures.push(tag(`${what}: pyqrcode v${version} ${mode} mask ${mask}, ours v${m.version} ${m.mode} mask ${m.mask}`));
      }
      if (encodeQr(inputs[i].text, { ecc: inputs[i].ecc, version: m.version }).mask !== mask) isoDiffers++;
    }
    console.log(`[qrcode] pyqrcode: ${results.length} symbols identical; the ISO balance rule picks another mask for ${isoDiffers}`);
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it("reproduces the mfg_tool sample PNGs pixel for pixel", () => {
    const dirs = readdirSync(MFG_SAMPLE, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== "staging");
    expect(dirs.length).toBe(3);
    const notes: string[] = [];
    for (const d of dirs) {
      const base = join(MFG_SAMPLE, d.name, d.name);
      const csv = readFileSync(`${base}-onb_codes.csv`, "utf8").trim().split("\n");
      expect(csv[0]).toBe("qrcode,manualcode,discriminator,passcode");
      const payload = csv[1].split(",")[0];
      const file = new Uint8Array(readFileSync(`${base}-qrcode.png`));
      const theirs = decodeGrayPng(file);
      expect([theirs.width, theirs.height, theirs.bitDepth, theirs.chunks.join(",")]).toEqual([198, 198, 1, "IHDR,IDAT,IEND"]);
      expect(jsQR(grayToRgba(theirs), 198, 198)?.data).toBe(payload);
      const m = encodeQr(payload, { version: 2, ecc: "M", maskRule: "pyqrcode" });
      const png = qrToPng(m, { scale: 6, quietZone: 4 });
      const ourImage = decodeGrayPng(png);
      expect(bytesMatch(ourImage.pixels, theirs.pixels), `${payload}: pixels differ`).toBe(true);
      // Stronger: same IHDR and the same scanline bytes (filter bytes, padding bits) before deflate.
      expect(bytesMatch(pngChunk(png, "IHDR"), pngChunk(file, "IHDR"))).toBe(true);
      expect(bytesMatch(inflateSync(pngChunk(png, "IDAT")), inflateSync(pngChunk(file, "IDAT"))), `${payload}: scanlines differ`).toBe(true);
      const iso = encodeQr(payload, { version: 2, ecc: "M" });
      notes.push(`${payload} mask ${m.mask} (ISO rule: ${iso.mask}), PNG file ${bytesMatch(png, file) ? "byte-identical" : "same scanlines, other deflate bytes"}`);
    }
    console.log(`[qrcode] mfg_tool samples: ${notes.join("; ")}`);
  });
});

// ---------------------------------------------------------------------------------------------

describe("qrcode: PNG and SVG output", () => {
  const payload = "MT:Y.K9042C00KA0648G00";
  const m = encodeQr(payload, { version: 2, ecc: "M" });

  it("writes a 1-bit PNG of (25 + 2·4)·6 = 198 px that reads back to the modules", () => {
    const info = decodeGrayPng(qrToPng(m));
    expect([info.width, info.height, info.bitDepth, info.chunks.join(",")]).toEqual([198, 198, 1, "IHDR,IDAT,IEND"]);
    for (let y = 0; y < 33; y++) {
      for (let x = 0; x < 33; x++) {
        const inside = x >= 4 && y >= 4 && x < 29 && y < 29;
        const dark = inside ? m.modules[(y - 4) * 25 + (x - 4)] : 0;
        for (const [dx, dy] of [[0, 0], [5, 5], [2, 3]]) {
          expect(info.pixels[(y * 6 + dy) * 198 + x * 6 + dx]).toBe(dark ? 0 : 255);
        }
      }
    }
    expect(jsQR(grayToRgba(info), 198, 198)?.data).toBe(payload);
  });

  it("writes 8-bit PNGs, other scales and quiet zones", () => {
    for (const [scale, quietZone, bitDepth] of [[1, 0, 1], [3, 2, 8], [10, 4, 8], [7, 1, 1]] as const) {
      const info = decodeGrayPng(qrToPng(m, { scale, quietZone, bitDepth }));
      const side = (25 + 2 * quietZone) * scale;
      expect([info.width, info.height, info.bitDepth]).toEqual([side, side, bitDepth]);
      expect(bytesMatch(info.pixels, qrToGray(m, { scale, quietZone }).pixels)).toBe(true);
    }
    expect(() => qrToPng(m, { scale: 0 })).toThrow("png scale 0: must be an integer 1-256");
    expect(() => encodeGrayPng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow("png pixels: 3 bytes for a 2x2 image");
  });

  it("rejects a damaged PNG with a one-line message", () => {
    const png = qrToPng(m);
    const bad = png.slice();
    bad[45] ^= 1; // inside IDAT data
    expect(() => decodeGrayPng(bad)).toThrow(/^png chunk IDAT at offset 33: CRC mismatch$/);
    expect(() => decodeGrayPng(png.subarray(1))).toThrow("png: missing PNG signature");
  });

  it("draws SVG whose path covers exactly the dark modules", () => {
    const d = qrSvgPathData(m, 4);
    const cover = new Uint8Array(33 * 33);
    for (const [, x, y, w] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
      for (let i = 0; i < Number(w); i++) cover[Number(y) * 33 + Number(x) + i]++;
    }
    expect(d.replace(/M(\d+) (\d+)h(\d+)v1h-\3z/g, "")).toBe("");
    for (let y = 0; y < 33; y++) {
      for (let x = 0; x < 33; x++) {
        const inside = x >= 4 && y >= 4 && x < 29 && y < 29;
        expect(cover[y * 33 + x]).toBe(inside ? m.modules[(y - 4) * 25 + (x - 4)] : 0);
      }
    }
    expect(qrToSvg(m, { x: 10, y: 20, moduleSize: 0.5 })).toMatch(/^<g transform="translate\(10 20\) scale\(0\.5\)"><rect width="33" height="33" fill="#fff"\/><path d="M4 4h7v1h-7z/);
    const doc = qrToSvgDocument(m);
    expect(doc).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="198" height="198" viewBox="0 0 198 198">');
    expect(qrToSvg(m, { light: null })).not.toContain("<rect");
  });
});
