// QR Code symbol parameters (ISO/IEC 18004:2015). Only facts of the standard live here: error
// correction block structure (Table 9), character-count field widths (Table 3), mode indicators
// (Table 2), the alphanumeric set (Table 5), alignment pattern centres (Annex E) and the capacity
// arithmetic that follows from them.

export type QrEcc = "L" | "M" | "Q" | "H";
export type QrMode = "numeric" | "alphanumeric" | "byte";

export const QR_ECC_LEVELS: readonly QrEcc[] = ["L", "M", "Q", "H"];
export const QR_VERSION_MIN = 1;
export const QR_VERSION_MAX = 40;

/** Error correction level indicator in the format information, §7.9.1 Table 12 (L=01 M=00 Q=11 H=10). */
export const ECC_FORMAT_BITS: Readonly<Record<QrEcc, number>> = { L: 1, M: 0, Q: 3, H: 2 };

/** 4-bit mode indicators, §7.4.2 Table 2. */
export const MODE_INDICATOR: Readonly<Record<QrMode, number>> = { numeric: 0b0001, alphanumeric: 0b0010, byte: 0b0100 };

/** The 45 characters of alphanumeric mode in value order, §7.4.5 Table 5. */
export const ALPHANUMERIC_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/** Value of each ASCII code in alphanumeric mode, -1 if it is not in the set. */
export const ALPHANUMERIC_VALUE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHANUMERIC_CHARSET.length; i++) table[ALPHANUMERIC_CHARSET.charCodeAt(i)] = i;
  return table;
})();

// §7.5.1 Table 9: error correction codewords per block, versions 1..40.
const EC_PER_BLOCK: Readonly<Record<QrEcc, readonly number[]>> = {
  L: [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28,
      28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  M: [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
      26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  Q: [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30,
      28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  H: [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28,
      30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
};

// §7.5.1 Table 9: number of error correction blocks, versions 1..40.
const EC_BLOCKS: Readonly<Record<QrEcc, readonly number[]>> = {
  L: [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8,
      8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  M: [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
      17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  Q: [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20,
      23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  H: [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25,
      25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
};

/** Side length in modules: 21 for version 1, +4 per version (§6.3.1). */
export function symbolSize(version: number): number {
  return 17 + 4 * version;
}

/** Alignment pattern centre coordinates (rows and columns alike), Annex E Table E.1. */
export function alignmentCentres(version: number): number[] {
  if (version < 2) return [];
  // Centres run from 6 to size-7 in (floor(v/7)+2) steps; all gaps but the first are equal and even,
  // the first takes the remainder. Version 32 is the one entry of Table E.1 that is not the smallest
  // even gap (26 rather than 28).
  const last = symbolSize(version) - 7;
  const count = Math.floor(version / 7) + 2;
  let gap = Math.ceil((last - 6) / (count - 1));
  if (gap % 2 === 1) gap++;
  if (version === 32) gap = 26;
  const centres: number[] = [6];
  for (let i = count - 2; i >= 0; i--) centres.push(last - i * gap);
  return centres;
}

/**
 * Modules left for codewords and remainder bits after the function patterns and format/version
 * information (§6.4.10 Table 1 column "Data modules except (C)" plus remainder bits).
 */
export function dataModuleCount(version: number): number {
  const size = symbolSize(version);
  let n = size * size;
  n -= 3 * 64; // three finder patterns with their separators (8x8 each)
  n -= 2 * (size - 16); // timing patterns between the separators
  n -= 31; // two copies of the format information (15 + 15) and the dark module
  const a = Math.floor(version / 7) + 2;
  if (version >= 2) n -= 25 * (a * a - 3) - 10 * (a - 2); // alignment patterns (5x5), less their overlap with timing
  if (version >= 7) n -= 36; // two 6x3 version information blocks
  return n;
}

/** Total codewords of the symbol (§6.4.10 Table 1). */
export function totalCodewords(version: number): number {
  return Math.floor(dataModuleCount(version) / 8);
}

export interface EcLayout {
  /** Total codewords in the symbol. */
  total: number;
  /** Data codewords (all blocks). */
  data: number;
  /** Number of error correction blocks. */
  blocks: number;
  /** Error correction codewords per block. */
  ecPerBlock: number;
  /** Blocks holding `shortData` data codewords; the rest hold one more. */
  shortBlocks: number;
  shortData: number;
}

export function ecLayout(version: number, ecc: QrEcc): EcLayout {
  const total = totalCodewords(version);
  const blocks = EC_BLOCKS[ecc][version - 1];
  const ecPerBlock = EC_PER_BLOCK[ecc][version - 1];
  const shortBlocks = blocks - (total % blocks);
  const shortData = Math.floor(total / blocks) - ecPerBlock;
  return { total, data: total - blocks * ecPerBlock, blocks, ecPerBlock, shortBlocks, shortData };
}

/** Data codewords for a version and level (§7.4.10 Table 7). */
export function dataCodewords(version: number, ecc: QrEcc): number {
  return totalCodewords(version) - EC_BLOCKS[ecc][version - 1] * EC_PER_BLOCK[ecc][version - 1];
}

/** Width of the character count indicator, §7.4.1 Table 3. */
export function charCountBits(mode: QrMode, version: number): number {
  const band = version <= 9 ? 0 : version <= 26 ? 1 : 2;
  if (mode === "numeric") return [10, 12, 14][band];
  if (mode === "alphanumeric") return [9, 11, 13][band];
  return [8, 16, 16][band];
}

/** Bits taken by `count` characters (bytes in byte mode) of a mode, without header (§7.4.3-7.4.5). */
export function payloadBits(mode: QrMode, count: number): number {
  if (mode === "numeric") return 10 * Math.floor(count / 3) + [0, 4, 7][count % 3];
  if (mode === "alphanumeric") return 11 * Math.floor(count / 2) + 6 * (count % 2);
  return 8 * count;
}

/** Most characters (bytes in byte mode) of one segment that fit a version and level (§7.4.10 Table 7). */
export function qrCapacity(version: number, ecc: QrEcc, mode: QrMode): number {
  const ccBits = charCountBits(mode, version);
  const free = dataCodewords(version, ecc) * 8 - 4 - ccBits;
  let n: number;
  if (mode === "numeric") n = Math.floor(free / 10) * 3 + (free % 10 >= 7 ? 2 : free % 10 >= 4 ? 1 : 0);
  else if (mode === "alphanumeric") n = Math.floor(free / 11) * 2 + (free % 11 >= 6 ? 1 : 0);
  else n = Math.floor(free / 8);
  return Math.min(n, 2 ** ccBits - 1);
}
