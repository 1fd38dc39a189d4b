// Setup passcode and discriminator rules (Core spec §5.1.1.5, §5.1.1.6, §5.1.7, §5.1.7.1).

import { DISCRIMINATOR_MAX, INVALID_PASSCODES, PASSCODE_MAX, PASSCODE_MIN } from "../factory/matter-constants.js";
import { randomInt, type RandomSource } from "../platform/random.js";
import { onboardingError, type OnboardingErrorId } from "./errors.js";

export { DISCRIMINATOR_MAX, INVALID_PASSCODES, PASSCODE_MAX, PASSCODE_MIN };
/** The QR / manual-code field is 27 bits wide, so parsers can carry values up to this. */
export const PASSCODE_FIELD_MAX = 0x7ffffff;

/** The rule `n` breaks as a passcode (id and one-line message), or undefined when it is valid. */
export function passcodeRule(n: unknown): { id: OnboardingErrorId; message: string } | undefined {
  if (typeof n !== "number" || !Number.isInteger(n)) return { id: "onboarding.passcode-integer", message: `passcode ${String(n)}: must be an integer` };
  if (n < PASSCODE_MIN || n > PASSCODE_MAX) return { id: "onboarding.passcode-range", message: `passcode ${n}: must be in ${PASSCODE_MIN}..${PASSCODE_MAX} (Core §5.1.1.6)` };
  if (INVALID_PASSCODES.includes(n)) return { id: "onboarding.passcode-trivial", message: `passcode ${n}: trivial passcode, not allowed (Core §5.1.7.1)` };
  return undefined;
}

/** Why `n` is not a valid passcode, or undefined when it is. */
export function passcodeProblem(n: unknown): string | undefined {
  return passcodeRule(n)?.message;
}

export function isValidPasscode(n: number): boolean {
  return passcodeProblem(n) === undefined;
}

/** Throws a one-line InputError ("onboarding.passcode-…") naming the value and the rule it breaks. */
export function validatePasscode(n: number): void {
  const rule = passcodeRule(n);
  if (rule) throw onboardingError(rule.id, rule.message);
}

/**
 * A passcode drawn uniformly from the valid set: uniform over 1..99999998 (rejection sampling in
 * randomInt), redrawn when it lands on a trivial value. `random` must be a CSPRNG (§5.1.7).
 * (esp-matter-mfg-tool instead uses Python `random.randint` and subtracts 1 on a trivial hit.)
 */
export function generatePasscode(random: RandomSource): number {
  for (;;) {
    const n = randomInt(random, PASSCODE_MIN, PASSCODE_MAX);
    if (!INVALID_PASSCODES.includes(n)) return n;
  }
}

/** A 12-bit discriminator, uniform over 0..4095 (§5.1.1.5). */
export function generateDiscriminator(random: RandomSource): number {
  return randomInt(random, 0, DISCRIMINATOR_MAX);
}
