// Module placement for a QR symbol (ISO/IEC 18004:2015 §6.3, §7.7-7.10): function patterns, the
// codeword zig-zag, the eight data masks and the mask penalty score.
// Modules are stored row by row: index = y * size + x; 1 = dark.

import { formatInfoBits, versionInfoBits } from "./bch.js";
import { alignmentCentres, symbolSize, type QrEcc } from "./tables.js";

export interface QrGrid {
  size: number;
  /** 1 = dark. */
  modules: Uint8Array;
  /** 1 = part of a function pattern or format/version area (never masked, never holds data). */
  reserved: Uint8Array;
}

function set(grid: QrGrid, x: number, y: number, dark: boolean): void {
  const i = y * grid.size + x;
  grid.modules[i] = dark ? 1 : 0;
  grid.reserved[i] = 1;
}

/** Finder pattern (7x7, §6.3.3) centred at (cx, cy) with its light separator ring, clipped to the symbol. */
function drawFinder(grid: QrGrid, cx: number, cy: number): void {
  for (let dy = -4; dy <= 4; dy++) {
    for (let dx = -4; dx <= 4; dx++) {
      const x = cx + dx;
      const y = cy + dy;
      if (x < 0 || y < 0 || x >= grid.size || y >= grid.size) continue;
      const ring = Math.max(Math.abs(dx), Math.abs(dy)); // 0,1 centre; 2 light; 3 dark; 4 separator
      set(grid, x, y, ring !== 2 && ring !== 4);
    }
  }
}

/** Alignment pattern (5x5, §6.3.6) centred at (cx, cy). */
function drawAlignment(grid: QrGrid, cx: number, cy: number): void {
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) set(grid, cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
  }
}

/**
 * A symbol of `version` with every function pattern drawn and the format and version areas reserved
 * (format bits are drawn later, per mask).
 */
export function functionGrid(version: number): QrGrid {
  const size = symbolSize(version);
  const grid: QrGrid = { size, modules: new Uint8Array(size * size), reserved: new Uint8Array(size * size) };
  // Timing patterns on row 6 and column 6 (§6.3.5), drawn first; finders and alignments overwrite ends.
  for (let i = 0; i < size; i++) {
    set(grid, i, 6, i % 2 === 0);
    set(grid, 6, i, i % 2 === 0);
  }
  drawFinder(grid, 3, 3);
  drawFinder(grid, size - 4, 3);
  drawFinder(grid, 3, size - 4);
  const centres = alignmentCentres(version);
  const last = centres.length - 1;
  for (let i = 0; i <= last; i++) {
    for (let j = 0; j <= last; j++) {
      // Skip the three positions that coincide with finder patterns.
      if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
      drawAlignment(grid, centres[i], centres[j]);
    }
  }
  // Reserve the format information areas (§7.9.1); drawFormatInfo fills them.
  drawFormatInfo(grid, 0);
  // The single dark module beside the lower-left format area (§7.9.1).
  set(grid, 8, size - 8, true);
  if (version >= 7) drawVersionInfo(grid, version);
  return grid;
}

/**
 * Writes a 15-bit format word (from formatInfoBits) in both copies (§7.9.1 Figure 25): bit 0 is the
 * least significant bit.
 */
export function drawFormatInfo(grid: QrGrid, bits: number): void {
  const size = grid.size;
  for (let i = 0; i < 15; i++) {
    const dark = ((bits >>> i) & 1) === 1;
    // Copy 1, around the top-left finder: bits 0-7 down column 8 (skipping the timing row 6),
    // bits 8-14 leftwards along row 8 (skipping the timing column 6).
    if (i < 6) set(grid, 8, i, dark);
    else if (i < 8) set(grid, 8, i + 1, dark);
    else if (i === 8) set(grid, 7, 8, dark);
    else set(grid, 14 - i, 8, dark);
    // Copy 2: bits 0-7 leftwards along row 8 from the right edge, bits 8-14 up column 8 at the bottom.
    if (i < 8) set(grid, size - 1 - i, 8, dark);
    else set(grid, 8, size - 15 + i, dark);
  }
}

/** Version information (§7.10): 18 bits in two 6x3 blocks beside the top-right and bottom-left finders. */
export function drawVersionInfo(grid: QrGrid, version: number): void {
  const bits = versionInfoBits(version);
  const size = grid.size;
  for (let i = 0; i < 18; i++) {
    const dark = ((bits >>> i) & 1) === 1;
    const a = Math.floor(i / 3);
    const b = size - 11 + (i % 3);
    set(grid, b, a, dark); // top-right block: 3 columns wide, 6 rows tall
    set(grid, a, b, dark); // bottom-left block: transposed
  }
}

/**
 * Places codeword bits (MSB first) in the non-reserved modules (§7.7.3): two-module columns from the
 * right edge, alternately upwards and downwards, right module before left, skipping the vertical
 * timing column. Modules left over (remainder bits) stay light.
 */
export function placeCodewords(grid: QrGrid, codewords: Uint8Array): void {
  const { size, modules, reserved } = grid;
  const totalBits = codewords.length * 8;
  let bit = 0;
  let upwards = true;
  for (let right = size - 1; right > 0; right -= 2) {
    if (right === 6) right = 5; // the timing column is not part of any pair
    for (let step = 0; step < size; step++) {
      const y = upwards ? size - 1 - step : step;
      for (let x = right; x >= right - 1; x--) {
        const i = y * size + x;
        if (reserved[i]) continue;
        if (bit < totalBits) modules[i] = (codewords[bit >>> 3] >>> (7 - (bit & 7))) & 1;
        else modules[i] = 0;
        bit++;
      }
    }
    upwards = !upwards;
  }
}

/** Data mask condition for row i, column j (§7.8.2 Table 10): true = invert the module. */
export function maskCondition(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    case 7: return (((i + j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: throw new RangeError(`qrcode mask ${mask}: must be an integer 0-7`);
  }
}

/** XORs a data mask over the non-reserved modules (applying it twice restores the grid). */
export function applyMask(grid: QrGrid, mask: number): void {
  const { size, modules, reserved } = grid;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      if (!reserved[i] && maskCondition(mask, y, x)) modules[i] ^= 1;
    }
  }
}

/**
 * How the fourth penalty term (dark/light balance, §7.8.3.1 Table 11) is scored:
 * - "iso": 10 points per full 5 % the dark share is away from 50 % (45-55 % scores 0);
 * - "pyqrcode": as pyqrcode 1.2.1 (used by Espressif's esp-matter-mfg-tool), 2 points per whole percent
 *   of deviation (truncated), which can make it prefer a different mask.
 */
export type QrMaskRule = "iso" | "pyqrcode";

export interface QrPenaltyParts {
  /** Runs of 5+ same-colour modules in a row or column: 3 + (length − 5) each. */
  n1: number;
  /** 2x2 blocks of one colour: 3 each. */
  n2: number;
  /** 1:1:3:1:1 finder-like patterns with 4 light modules on one side, inside the symbol: 40 each. */
  n3: number;
  /** Dark modules in the symbol (for the balance term). */
  dark: number;
  /** Modules in the symbol. */
  total: number;
}

const FINDER_LIKE_AFTER = 0b10111010000; // dark-light-dark×3-light-dark, then 4 light
const FINDER_LIKE_BEFORE = 0b00001011101; // 4 light, then dark-light-dark×3-light-dark

/** Scores one line (row or column) for runs (N1) and finder-like patterns (N3). */
function scoreLine(modules: Uint8Array, start: number, stride: number, count: number, parts: QrPenaltyParts): void {
  let run = 0;
  let colour = -1;
  let window = 0;
  for (let k = 0; k < count; k++) {
    const m = modules[start + k * stride];
    if (m === colour) {
      run++;
    } else {
      if (run >= 5) parts.n1 += run - 2;
      colour = m;
      run = 1;
    }
    window = ((window << 1) | m) & 0x7ff;
    if (k >= 10 && (window === FINDER_LIKE_AFTER || window === FINDER_LIKE_BEFORE)) parts.n3 += 40;
  }
  if (run >= 5) parts.n1 += run - 2;
}

/** The mask penalty terms of a finished (masked, format-bearing) symbol, §7.8.3.1. */
export function penaltyParts(modules: Uint8Array, size: number): QrPenaltyParts {
  const parts: QrPenaltyParts = { n1: 0, n2: 0, n3: 0, dark: 0, total: size * size };
  for (let r = 0; r < size; r++) {
    scoreLine(modules, r * size, 1, size, parts); // row r
    scoreLine(modules, r, size, size, parts); // column r
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const m = modules[i];
      parts.dark += m;
      if (x + 1 < size && y + 1 < size && m === modules[i + 1] && m === modules[i + size] && m === modules[i + size + 1]) parts.n2 += 3;
    }
  }
  return parts;
}

/** The balance term N4 under a rule. */
export function balancePenalty(dark: number, total: number, rule: QrMaskRule): number {
  if (rule === "pyqrcode") {
    // Same float operations as pyqrcode: int(abs(int(ratio*100 - 50)) / 5 * 10).
    const percent = (dark / total) * 100 - 50;
    return Math.trunc((Math.abs(Math.trunc(percent)) / 5) * 10);
  }
  return 10 * Math.floor(Math.abs(20 * dark - 10 * total) / total);
}

export function maskPenalty(modules: Uint8Array, size: number, rule: QrMaskRule): number {
  const p = penaltyParts(modules, size);
  return p.n1 + p.n2 + p.n3 + balancePenalty(p.dark, p.total, rule);
}

/**
 * Draws format information for `mask`, applies it and leaves the grid masked. With `mask` undefined,
 * tries all eight (§7.8.3) and keeps the lowest penalty (the first one on ties).
 */
export function chooseAndApplyMask(grid: QrGrid, ecc: QrEcc, mask: number | undefined, rule: QrMaskRule): number {
  if (mask === undefined) {
    let best = 0;
    let bestScore = Infinity;
    for (let m = 0; m < 8; m++) {
      drawFormatInfo(grid, formatInfoBits(ecc, m));
      applyMask(grid, m);
      const score = maskPenalty(grid.modules, grid.size, rule);
      applyMask(grid, m);
      if (score < bestScore) {
        bestScore = score;
        best = m;
      }
    }
    mask = best;
  }
  drawFormatInfo(grid, formatInfoBits(ecc, mask));
  applyMask(grid, mask);
  return mask;
}
