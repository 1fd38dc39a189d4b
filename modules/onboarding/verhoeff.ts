// Verhoeff check digit over decimal digits (Core spec §5.1.4.1 "Check Digit"), used as the last digit
// of the manual pairing code. The tables are derived from the dihedral group D5 instead of listed:
// elements 0..4 are rotations, 5..9 reflections.

import { onboardingError } from "./errors.js";

/** Group product j·k in D5. */
function d5(j: number, k: number): number {
  if (j < 5) return k < 5 ? (j + k) % 5 : 5 + ((j + k) % 5);
  return k < 5 ? 5 + ((j - k + 5) % 5) : (j - k + 5) % 5;
}

const MULTIPLY: number[][] = Array.from({ length: 10 }, (_, j) => Array.from({ length: 10 }, (_, k) => d5(j, k)));

/** Position permutations: p0 = identity, p1 = (0 1 5 8 9 4 2 7)(3 6), p(i) = p1 applied i times. */
const PERMUTE: number[][] = (() => {
  const p1 = [1, 5, 7, 6, 2, 8, 3, 0, 9, 4];
  const rows = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]];
  for (let i = 1; i < 8; i++) rows.push(rows[i - 1].map((x) => p1[x]));
  return rows;
})();

/** Inverse in D5: rotations invert mod 5, reflections are their own inverse. */
const INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

function checkDigits(digits: string, what: string): void {
  if (typeof digits !== "string") throw new TypeError(`${what}: expected a string of digits, got ${typeof digits}`);
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c < 48 || c > 57) throw onboardingError("onboarding.verhoeff-digit", `${what} ${JSON.stringify(digits)}: character ${JSON.stringify(digits[i])} at offset ${i} is not a decimal digit`);
  }
}

/** Running Verhoeff state over `digits`, with the rightmost digit at position `offset`. */
function fold(digits: string, offset: number): number {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    c = MULTIPLY[c][PERMUTE[(i + offset) % 8][digit]];
  }
  return c;
}

/** Check digit to append to `digits` ("" → 0). Throws on non-digits. */
export function verhoeffCheckDigit(digits: string): number {
  checkDigits(digits, "Verhoeff input");
  return INVERSE[fold(digits, 1)];
}

/** True when the last digit is the Verhoeff check digit of the ones before it. Throws on non-digits. */
export function verhoeffValid(digitsWithCheck: string): boolean {
  checkDigits(digitsWithCheck, "Verhoeff input");
  return digitsWithCheck.length > 0 && fold(digitsWithCheck, 0) === 0;
}
