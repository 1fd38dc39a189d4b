// BCH-protected format and version information (ISO/IEC 18004:2015 §7.9, Annex C and D).

import { ECC_FORMAT_BITS, type QrEcc } from "./tables.js";

/** Remainder of `value · x^degree(poly)` divided by `poly` over GF(2). */
function bchRemainder(value: number, poly: number, degree: number): number {
  let r = value << degree;
  for (let bit = 31 - Math.clz32(r); bit >= degree; bit--) {
    if ((r >>> bit) & 1) r ^= poly << (bit - degree);
  }
  return r;
}

/** Generator of the (15,5) BCH code, x^10+x^8+x^5+x^4+x^2+x+1 (Annex C). */
const FORMAT_GENERATOR = 0x537;
/** XOR applied to the format information so it is never all zero (§7.9.1). */
const FORMAT_MASK = 0x5412;
/** Generator of the (18,6) Golay code, x^12+x^11+x^10+x^9+x^8+x^5+x^2+1 (Annex D). */
const VERSION_GENERATOR = 0x1f25;

/** 15-bit format information for a level and mask pattern, bit 14 first (§7.9.1). */
export function formatInfoBits(ecc: QrEcc, mask: number): number {
  const data = (ECC_FORMAT_BITS[ecc] << 3) | mask;
  return ((data << 10) | bchRemainder(data, FORMAT_GENERATOR, 10)) ^ FORMAT_MASK;
}

/** 18-bit version information (versions 7..40), bit 17 first (§7.10). */
export function versionInfoBits(version: number): number {
  return (version << 12) | bchRemainder(version, VERSION_GENERATOR, 12);
}
