// Reed–Solomon error correction codewords for QR Code (ISO/IEC 18004:2015 §7.5.2, Annex A):
// arithmetic in GF(2^8) modulo x^8+x^4+x^3+x^2+1 (0x11D), generator g(x) = Π_{i=0}^{n-1} (x − α^i)
// with α = 2, EC codewords = remainder of data(x)·x^n divided by g(x).

/** α^i for i in 0..509 (doubled so a product's exponent sum needs no reduction). */
const EXP = new Uint8Array(510);
/** log_α(x) for x in 1..255 (LOG[0] unused). */
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    EXP[i + 255] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
}

export function gfMultiply(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a] + LOG[b]];
}

/** α^e. */
export function gfExp(e: number): number {
  return EXP[e % 255];
}

/** log_α(x), x in 1..255. */
export function gfLog(x: number): number {
  if (x < 1 || x > 255) throw new RangeError(`GF(256) log of ${x}: argument must be 1-255`);
  return LOG[x];
}

const generators = new Map<number, Uint8Array>();

/**
 * Coefficients of the degree-`n` generator polynomial, highest power first, leading 1 included
 * (n+1 values). Annex A lists the same polynomials as exponents of α.
 */
export function rsGenerator(n: number): Uint8Array {
  const cached = generators.get(n);
  if (cached) return cached;
  if (!Number.isInteger(n) || n < 1 || n > 68) throw new RangeError(`Reed-Solomon degree ${n}: must be an integer 1-68`);
  // Multiply (x − α^0)(x − α^1)…; in GF(2^8) subtraction is XOR, so (x − a) = (x + a).
  let poly = new Uint8Array([1]);
  for (let i = 0; i < n; i++) {
    const root = EXP[i];
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j] ^= poly[j];
      next[j + 1] ^= gfMultiply(poly[j], root);
    }
    poly = next;
  }
  generators.set(n, poly);
  return poly;
}

/**
 * The `generator.length - 1` error correction codewords for `data[start .. start+length)`, written to
 * `out` at `outStart` (allocates nothing but is given its buffers).
 */
export function rsRemainderInto(
  data: Uint8Array,
  start: number,
  length: number,
  generator: Uint8Array,
  out: Uint8Array,
  outStart: number,
): void {
  const n = generator.length - 1;
  out.fill(0, outStart, outStart + n);
  // Long division as a shift register: out[outStart..] holds the running remainder.
  for (let i = 0; i < length; i++) {
    const factor = data[start + i] ^ out[outStart];
    out.copyWithin(outStart, outStart + 1, outStart + n);
    out[outStart + n - 1] = 0;
    if (factor === 0) continue;
    const logFactor = LOG[factor];
    for (let j = 0; j < n; j++) {
      const g = generator[j + 1];
      if (g !== 0) out[outStart + j] ^= EXP[LOG[g] + logFactor];
    }
  }
}

/** Error correction codewords (degree `ecCount`) for a data block. */
export function rsRemainder(data: Uint8Array, ecCount: number): Uint8Array {
  const out = new Uint8Array(ecCount);
  rsRemainderInto(data, 0, data.length, rsGenerator(ecCount), out, 0);
  return out;
}
