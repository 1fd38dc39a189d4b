// The value checks of the key table (schema.ts) that the reader runs when it reads a key: shared by
// the firmware's providers (device/providers/read-key.ts) and validation (validate.ts), so `verify`
// and the device decide alike. Device-safe: no curve math here (the DAC key's checks live in
// validate.ts; on the device the DAC signer enforces them).

import { utf8Encode } from "../bytes/utf8.js";
import { INVALID_PASSCODES, PASSCODE_MAX, PASSCODE_MIN } from "./matter-constants.js";
import type { FactoryCheck, FactoryKeySpec, FactoryRule } from "./schema.js";

export interface ManufacturingDate {
  year: number;
  month: number;
  day: number;
  /** Vendor-defined characters after the date (0…8), "" when none. */
  suffix: string;
}

function digits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * `mfg-date` as the newest connectedhomeip ESP32FactoryDataProvider reads it: at most 16 bytes;
 * dashes removed, 8…16 bytes whose first 8 are YYYYMMDD (year 1000…9999, month 1…12, day 1…31); the
 * rest is a vendor suffix. Undefined when the provider rejects it.
 */
export function parseReaderMfgDate(text: string): ManufacturingDate | undefined {
  if (utf8Encode(text).length > 16) return undefined;
  const t = text.split("-").join("");
  const n = utf8Encode(t).length;
  if (n < 8 || n > 16 || !digits(t.slice(0, 8))) return undefined;
  const year = +t.slice(0, 4);
  const month = +t.slice(4, 6);
  const day = +t.slice(6, 8);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day, suffix: t.slice(8) };
}

/** A valid Matter setup passcode (Core §5.1.1.6, §5.1.7.1). */
export function isSetupPasscode(n: number): boolean {
  return Number.isInteger(n) && n >= PASSCODE_MIN && n <= PASSCODE_MAX && INVALID_PASSCODES.indexOf(n) < 0;
}

/** The checks the reader runs on one value, without other keys or curve math. */
export type ReaderCheck = "mfg-date" | "passcode" | "der-sequence" | "uncompressed-point";

export function isReaderCheck(c: FactoryCheck): c is ReaderCheck {
  return c === "mfg-date" || c === "passcode" || c === "der-sequence" || c === "uncompressed-point";
}

/** True when `v` (the decoded value of the key) passes the reader check `c`. */
export function passesReaderCheck(c: ReaderCheck, v: unknown): boolean {
  switch (c) {
    case "mfg-date":
      return typeof v === "string" && parseReaderMfgDate(v) !== undefined;
    case "passcode":
      return typeof v === "number" && isSetupPasscode(v);
    case "der-sequence":
      return v instanceof Uint8Array && v.length > 0 && v[0] === 0x30;
    case "uncompressed-point":
      return v instanceof Uint8Array && v.length > 0 && v[0] === 0x04;
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Size of a value for a length rule: bytes of a blob, UTF-8 bytes or code points of a string. */
export function measure(v: unknown, unit: "chars" | "bytes"): number {
  if (v instanceof Uint8Array) return v.length;
  const s = String(v);
  return unit === "chars" ? codePoints(s) : utf8Encode(s).length;
}

/**
 * Whether `v` passes `rule`; undefined for a check that needs more than the value (other keys, curve
 * math, a tool's input rules), which validate.ts decides.
 */
export function passesRule(rule: FactoryRule, v: unknown): boolean | undefined {
  switch (rule.kind) {
    case "range":
      return typeof v === "number" && v >= rule.min && v <= rule.max;
    case "length": {
      const n = measure(v, rule.unit);
      return n >= rule.min && n <= rule.max;
    }
    case "enum":
      return Object.keys(rule.names).some((k) => rule.names[k] === v);
    case "check":
      return isReaderCheck(rule.check) ? passesReaderCheck(rule.check, v) : undefined;
  }
}

/** The rules the reader enforces when it reads the key (errors from source "reader"). */
export function readerRules(spec: FactoryKeySpec): FactoryRule[] {
  return spec.rules.filter((r) => r.source === "reader" && r.severity === "error");
}

/** The first reader rule `v` breaks, or undefined when the reader accepts it (value-only checks). */
export function readerRuleBroken(spec: FactoryKeySpec, v: unknown): FactoryRule | undefined {
  for (const r of readerRules(spec)) if (passesRule(r, v) === false) return r;
  return undefined;
}
