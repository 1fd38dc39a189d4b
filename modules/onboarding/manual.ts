// Manual pairing code (Core spec §5.1.4): 11 decimal digits, or 21 with Vendor and Product ID, the
// last one a Verhoeff check digit. Only the top 4 bits of the discriminator survive.
//
// When is it 21 digits? The spec (§5.1.4.1.2) ties the long form to the flow: standard flow → short
// code, user-intent or custom → long code. We follow the spec and chip's generator: flow ≠ 0 gives 21
// digits, `forceLong` asks for them with a standard flow. matter.js instead writes 21 digits whenever
// vendorId and productId are both passed; VID/PID given with flow 0 are ignored here.

import { DISCRIMINATOR_MAX, PASSCODE_FIELD_MAX, passcodeRule } from "./passcode.js";
import { verhoeffCheckDigit } from "./verhoeff.js";
import { onboardingError } from "./errors.js";

export interface ManualCodeInput {
  discriminator: number;
  passcode: number;
  flow?: 0 | 1 | 2;
  vendorId?: number;
  productId?: number;
}

export interface ManualCodeOptions {
  /** Write the 21-digit form (needs vendorId and productId) even for the standard flow. */
  forceLong?: boolean;
  /** Skip the passcode rules (widths are still enforced). For test vectors. */
  allowInvalid?: boolean;
}

export interface ManualCodeData {
  /** The top 4 bits of the 12-bit discriminator. */
  shortDiscriminator: number;
  passcode: number;
  vendorId?: number;
  productId?: number;
  /** True for the 21-digit form (VID_PID_PRESENT = 1: user-intent or custom flow). */
  long: boolean;
}

function checkInt(name: string, v: unknown, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    throw onboardingError("onboarding.manual-field-range", `manual code ${name} ${String(v)}: must be an integer in 0..${max}`);
  }
  return v;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Tables 39/40: digit 1, digits 2..6, digits 7..10, [VID, PID], check digit. */
export function encodeManualCode(p: ManualCodeInput, options: ManualCodeOptions = {}): string {
  const discriminator = checkInt("discriminator", p.discriminator, DISCRIMINATOR_MAX);
  const passcode = checkInt("passcode", p.passcode, PASSCODE_FIELD_MAX);
  if (!options.allowInvalid) {
    const rule = passcodeRule(passcode);
    if (rule) throw onboardingError(rule.id, `manual code ${rule.message}`);
  }
  const flow = p.flow ?? 0;
  if (flow !== 0 && flow !== 1 && flow !== 2) throw onboardingError("onboarding.manual-flow", `manual code flow ${String(flow)}: must be 0, 1 or 2`);
  const long = flow !== 0 || options.forceLong === true;
  if (long && (p.vendorId === undefined || p.productId === undefined)) {
    throw onboardingError(
      "onboarding.manual-vid-pid",
      `manual code: vendorId and productId are required for the 21-digit form (flow ${flow}${options.forceLong ? ", forceLong" : ""}; Core §5.1.4.1.2)`,
    );
  }
  let digits =
    String(((long ? 1 : 0) << 2) | (discriminator >> 10)) +
    pad(((discriminator & 0x300) << 6) | (passcode & 0x3fff), 5) +
    pad(passcode >>> 14, 4);
  if (long) digits += pad(checkInt("vendorId", p.vendorId, 0xffff), 5) + pad(checkInt("productId", p.productId, 0xffff), 5);
  return digits + verhoeffCheckDigit(digits);
}

/** Removes the separators people and mfg_tool put in a code: spaces, '-', line breaks, tabs. */
function stripSeparators(code: string): string {
  return code.replace(/[\s-]/g, "");
}

function show(code: string): string {
  return JSON.stringify(code.length > 40 ? `${code.slice(0, 37)}...` : code);
}

/**
 * Decodes an 11- or 21-digit code (separators allowed). Stricter than chip, which masks out-of-range
 * digit groups: groups that no encoder can produce are rejected. The passcode is returned as read
 * (0 is rejected like chip does; trivial values are left to isValidPasscode).
 */
export function decodeManualCode(code: string): ManualCodeData {
  if (typeof code !== "string") throw new TypeError(`manual code: expected a string, got ${typeof code}`);
  const digits = stripSeparators(code);
  const where = `manual code ${show(code)}`;
  const bad = digits.search(/[^0-9]/);
  if (bad >= 0) throw onboardingError("onboarding.manual-digit", `${where}: character ${JSON.stringify(digits[bad])} is not a digit`);
  if (digits.length !== 11 && digits.length !== 21) throw onboardingError("onboarding.manual-length", `${where}: ${digits.length} digits, must be 11 or 21`);
  const first = Number(digits[0]);
  if (first > 7) throw onboardingError("onboarding.manual-version", `${where}: first digit ${first} marks an unsupported version (must be 0..7)`);
  const check = verhoeffCheckDigit(digits.slice(0, -1));
  if (check !== Number(digits[digits.length - 1])) {
    throw onboardingError("onboarding.manual-check-digit", `${where}: check digit ${digits[digits.length - 1]} does not match Verhoeff digit ${check}`);
  }
  const long = (first & 4) !== 0;
  if (long !== (digits.length === 21)) {
    throw onboardingError("onboarding.manual-vid-pid-flag", `${where}: VID_PID_PRESENT is ${long ? 1 : 0} but the code has ${digits.length} digits`);
  }
  const group2 = Number(digits.slice(1, 6));
  const group3 = Number(digits.slice(6, 10));
  if (group2 > 0xffff) throw onboardingError("onboarding.manual-group-range", `${where}: digits 2..6 = ${group2}, must be at most 65535`);
  if (group3 > 0x1fff) throw onboardingError("onboarding.manual-group-range", `${where}: digits 7..10 = ${group3}, must be at most 8191`);
  const passcode = (group2 & 0x3fff) + group3 * 0x4000;
  if (passcode === 0) throw onboardingError("onboarding.manual-passcode-zero", `${where}: passcode 0 is not allowed`);
  const out: ManualCodeData = { shortDiscriminator: ((first & 3) << 2) | (group2 >> 14), passcode, long };
  if (long) {
    const vendorId = Number(digits.slice(10, 15));
    const productId = Number(digits.slice(15, 20));
    if (vendorId > 0xffff) throw onboardingError("onboarding.manual-group-range", `${where}: vendorId ${vendorId} does not fit 16 bits`);
    if (productId > 0xffff) throw onboardingError("onboarding.manual-group-range", `${where}: productId ${productId} does not fit 16 bits`);
    out.vendorId = vendorId;
    out.productId = productId;
  }
  return out;
}

/**
 * Groups the digits the way esp-matter-mfg-tool prints them (onb_codes.csv, summary CSV):
 * 11 digits → "XXXX-XXX-XXXX"; 21 digits → "XXXX-XXX-XXXX" + lineBreak + "XXXX-XXX-XX-X"
 * (mfg_tool `format_manual_code`, lineBreak "\n"). Separators in the input are ignored.
 */
export function formatManualCode(code: string, lineBreak = "\n"): string {
  const d = stripSeparators(String(code));
  if (!/^[0-9]*$/.test(d) || (d.length !== 11 && d.length !== 21)) {
    throw onboardingError("onboarding.manual-length", `manual code ${show(String(code))}: must be 11 or 21 digits to format`);
  }
  const head = `${d.slice(0, 4)}-${d.slice(4, 7)}-${d.slice(7, 11)}`;
  return d.length === 11 ? head : `${head}${lineBreak}${d.slice(11, 15)}-${d.slice(15, 18)}-${d.slice(18, 20)}-${d.slice(20)}`;
}
