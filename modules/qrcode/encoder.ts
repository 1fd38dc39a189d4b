// QR Code Model 2 encoder (ISO/IEC 18004:2015): one segment in numeric, alphanumeric or byte mode,
// versions 1-40, levels L/M/Q/H, automatic or fixed mask. No ECI, no Kanji, no structured append.

import { qrcodeError } from "./errors.js";
import { dataCodewordsFor, detectMode, makeSegment, segmentBits, type QrSegment } from "./data.js";
import { chooseAndApplyMask, functionGrid, placeCodewords, type QrMaskRule } from "./matrix.js";
import { rsGenerator, rsRemainderInto } from "./reed-solomon.js";
import {
  QR_ECC_LEVELS,
  QR_VERSION_MAX,
  QR_VERSION_MIN,
  charCountBits,
  dataCodewords,
  ecLayout,
  qrCapacity,
  type QrEcc,
  type QrMode,
} from "./tables.js";

export interface QrMatrix {
  /** Modules per side (17 + 4·version). */
  size: number;
  version: number;
  ecc: QrEcc;
  /** Data mask pattern 0-7 (§7.8.2). */
  mask: number;
  mode: QrMode;
  /** size·size modules, row by row (index y·size + x); 1 = dark. No quiet zone. */
  modules: Uint8Array;
}

export interface QrEncodeOptions {
  /** Error correction level; default "M". */
  ecc?: QrEcc;
  /** Smallest version to use when choosing automatically (default 1). */
  minVersion?: number;
  /** Use exactly this version; throws if the text does not fit. */
  version?: number;
  /** Use this mask pattern 0-7 instead of the lowest-penalty one. */
  mask?: number;
  /** How the automatic mask choice scores dark/light balance (default "iso"; see QrMaskRule). */
  maskRule?: QrMaskRule;
  /** "auto" (default): numeric, else alphanumeric, else byte (UTF-8). */
  mode?: "auto" | QrMode;
}

const MODES: readonly string[] = ["auto", "numeric", "alphanumeric", "byte"];

function checkVersion(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < QR_VERSION_MIN || value > QR_VERSION_MAX) {
    throw qrcodeError("qrcode.option", `qrcode ${field} ${JSON.stringify(value)}: must be an integer ${QR_VERSION_MIN}-${QR_VERSION_MAX}`);
  }
  return value;
}

function unitName(mode: QrMode, count: number): string {
  if (mode === "byte") return `${count} byte${count === 1 ? "" : "s"}`;
  return `${count} ${mode} character${count === 1 ? "" : "s"}`;
}

/** Smallest version in [minVersion, 40] holding the segment, or the fixed version (throws if too small). */
function pickVersion(segment: QrSegment, ecc: QrEcc, minVersion: number, fixed: number | undefined): number {
  const count = segment.units.length;
  const fits = (v: number) =>
    count < 2 ** charCountBits(segment.mode, v) && segmentBits(segment, v) <= dataCodewords(v, ecc) * 8;
  if (fixed !== undefined) {
    if (fits(fixed)) return fixed;
    throw qrcodeError(
      "qrcode.too-long",
      `qrcode text: ${unitName(segment.mode, count)} do not fit version ${fixed}-${ecc} (max ${qrCapacity(fixed, ecc, segment.mode)})`,
    );
  }
  for (let v = minVersion; v <= QR_VERSION_MAX; v++) if (fits(v)) return v;
  throw qrcodeError(
    "qrcode.too-long",
    `qrcode text: ${unitName(segment.mode, count)} do not fit any version ${minVersion}-40 at level ${ecc} (max ${qrCapacity(QR_VERSION_MAX, ecc, segment.mode)})`,
  );
}

/**
 * Data codewords split into blocks, each followed by its Reed-Solomon codewords, interleaved into the
 * final codeword sequence (§7.6): data codeword 1 of every block, then 2, …; short blocks have no
 * last data codeword; then EC codeword 1 of every block, and so on.
 */
function interleave(data: Uint8Array, version: number, ecc: QrEcc): Uint8Array {
  const L = ecLayout(version, ecc);
  const out = new Uint8Array(L.total);
  const generator = rsGenerator(L.ecPerBlock);
  const ec = new Uint8Array(L.blocks * L.ecPerBlock);
  let start = 0;
  for (let b = 0; b < L.blocks; b++) {
    const length = L.shortData + (b < L.shortBlocks ? 0 : 1);
    rsRemainderInto(data, start, length, generator, ec, b * L.ecPerBlock);
    start += length;
  }
  let k = 0;
  for (let i = 0; i <= L.shortData; i++) {
    for (let b = 0; b < L.blocks; b++) {
      if (i === L.shortData && b < L.shortBlocks) continue;
      // Block b starts at b·shortData plus one for each long block before it.
      out[k++] = data[b * L.shortData + Math.max(0, b - L.shortBlocks) + i];
    }
  }
  for (let i = 0; i < L.ecPerBlock; i++) {
    for (let b = 0; b < L.blocks; b++) out[k++] = ec[b * L.ecPerBlock + i];
  }
  return out;
}

/**
 * Encodes text (or raw bytes, byte mode) as a QR symbol.
 * Throws a one-line InputError ("qrcode.…") for bad options or text that does not fit.
 */
export function encodeQr(text: string | Uint8Array, opts: QrEncodeOptions = {}): QrMatrix {
  const ecc = opts.ecc ?? "M";
  if (!QR_ECC_LEVELS.includes(ecc)) throw qrcodeError("qrcode.option", `qrcode ecc ${JSON.stringify(ecc)}: must be one of L, M, Q, H`);
  const requested = opts.mode ?? "auto";
  if (!MODES.includes(requested)) {
    throw qrcodeError("qrcode.option", `qrcode mode ${JSON.stringify(requested)}: must be one of auto, numeric, alphanumeric, byte`);
  }
  const fixedVersion = opts.version === undefined ? undefined : checkVersion("version", opts.version);
  const minVersion = opts.minVersion === undefined ? QR_VERSION_MIN : checkVersion("minVersion", opts.minVersion);
  if (opts.mask !== undefined && !(Number.isInteger(opts.mask) && opts.mask >= 0 && opts.mask <= 7)) {
    throw qrcodeError("qrcode.option", `qrcode mask ${JSON.stringify(opts.mask)}: must be an integer 0-7`);
  }
  const rule = opts.maskRule ?? "iso";
  if (rule !== "iso" && rule !== "pyqrcode") throw qrcodeError("qrcode.option", `qrcode maskRule ${JSON.stringify(rule)}: must be "iso" or "pyqrcode"`);

  const mode: QrMode = requested !== "auto" ? requested : text instanceof Uint8Array ? "byte" : detectMode(text);
  const segment = makeSegment(text, mode);
  const version = pickVersion(segment, ecc, minVersion, fixedVersion);
  const data = dataCodewordsFor(segment, version, dataCodewords(version, ecc));
  const grid = functionGrid(version);
  placeCodewords(grid, interleave(data, version, ecc));
  const mask = chooseAndApplyMask(grid, ecc, opts.mask, rule);
  return { size: grid.size, version, ecc, mask, mode, modules: grid.modules };
}

