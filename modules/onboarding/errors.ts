// Bad-input ids of the onboarding codes (InputError, modules/errors/input-error.ts): passcodes, QR and
// manual pairing codes, base-38, the optional TLV data and the NFC record. A value of the wrong JS
// type (a number where a string is needed) is the caller's bug and stays a TypeError.

import { InputError } from "../errors/input-error.js";

export type OnboardingErrorId =
  | "onboarding.passcode-integer" // a passcode that is not an integer
  | "onboarding.passcode-range" // a passcode outside 1..99999998 (Core §5.1.1.6)
  | "onboarding.passcode-trivial" // one of the trivial passcodes (Core §5.1.7.1)
  | "onboarding.payload-invalid" // an onboarding payload that breaks a rule (the message lists them)
  | "onboarding.qr-field-range" // a QR header field that does not fit its bits (Core §5.1.3)
  | "onboarding.qr-empty" // no payload to encode
  | "onboarding.qr-too-long" // a QR string longer than the most a QR payload may be
  | "onboarding.qr-prefix" // text without a segment "MT:" followed by data
  | "onboarding.qr-short-chunk" // a base-38 chunk shorter than the 11-byte header
  | "onboarding.tlv-uint-range" // an optional-data integer outside 0..2^64-1
  | "onboarding.vendor-tag" // a vendor element without a context tag 0x80..0xff
  | "onboarding.optional-data" // optional TLV data that is not one anonymous structure (Core §5.1.5)
  | "onboarding.optional-data-tag" // an optional-data member without a context tag, or a tag twice
  | "onboarding.optional-data-type" // an optional-data member of the wrong type or too large
  | "onboarding.manual-field-range" // a manual-code field outside its range
  | "onboarding.manual-flow" // a commissioning flow other than 0, 1 or 2
  | "onboarding.manual-vid-pid" // VID and PID missing for the 21-digit form (Core §5.1.4.1.2)
  | "onboarding.manual-digit" // a character in a manual code that is not a digit
  | "onboarding.manual-length" // a manual code that is not 11 or 21 digits
  | "onboarding.manual-version" // a first digit above 7 (unsupported version)
  | "onboarding.manual-check-digit" // a check digit that is not the Verhoeff digit of the rest
  | "onboarding.manual-vid-pid-flag" // VID_PID_PRESENT that disagrees with the length
  | "onboarding.manual-group-range" // a digit group no encoder produces (incl. VID/PID above 16 bits)
  | "onboarding.manual-passcode-zero" // a manual code whose passcode is 0
  | "onboarding.base38-length" // base-38 text of length 5k+1 or 5k+3
  | "onboarding.base38-char" // a character outside the base-38 alphabet
  | "onboarding.base38-overflow" // a base-38 chunk whose value does not fit its bytes
  | "onboarding.verhoeff-digit" // a Verhoeff input character that is not a decimal digit
  | "onboarding.ndef-payload"; // an NFC payload that is not a QR string of "MT:" and base-38

export function onboardingError(id: OnboardingErrorId, message: string): InputError {
  return new InputError(id, message);
}

/**
 * `e` with `where: ` in front of its message: an InputError keeps its id (or takes `id`); anything
 * else (a bug) is returned unchanged so it is not mistaken for bad input.
 */
export function inContext(e: unknown, where: string, id?: OnboardingErrorId): unknown {
  return e instanceof InputError ? new InputError(id ?? e.id, `${where}: ${e.message}`) : e;
}
