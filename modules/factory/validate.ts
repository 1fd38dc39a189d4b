// Checks FactoryData against the rules of the key table (schema.ts). Profiles:
//   "reader"   – exactly what the firmware's providers reject when they read a key (the rules of source
//                "reader", device/providers/read-key.ts), plus Matter's advice as warnings (default);
//   "mfg-tool" – the same plus esp-matter-mfg-tool's own input checks, for a drop-in replacement.
// Every finding is one line naming the key, the value and the rule. Nothing here throws, except
// assertValidFactoryData, which throws the first error.

import { p256 } from "@noble/curves/nist.js";
import { bytesEqual } from "../bytes/bytes.js";
import { MAX_KEY_LENGTH } from "../nvs/types.js";
import { type FactoryData, FactoryDataError, type FactoryItem, encodeFactoryValue, factoryItems } from "./factory-data.js";
import { type FactoryFinding, type FactoryRuleName, finding, showValue } from "./finding.js";
import { INVALID_PASSCODES } from "./matter-constants.js";
import { isValidMfgDate } from "./mfg-date.js";
import { measure, parseReaderMfgDate, passesRule } from "./reader-checks.js";
import {
  FACTORY_KEYS,
  FACTORY_NAMESPACE,
  type FactoryCheck,
  type FactoryKeySpec,
  type FactoryRule,
  MAX_ENDPOINT,
  RUNTIME_KEY_MAX_LENGTH,
  keyPlaceholders,
  matchFactoryKey,
} from "./schema.js";

export type FactoryProfile = "reader" | "mfg-tool";

export interface ValidateOptions {
  profile?: FactoryProfile;
  /** Severity for a missing key needed to commission with the factory providers (default "warning"). */
  missingRequired?: "error" | "warning" | "ignore";
}

/** Trivial passcodes the Matter spec forbids (also mfg_tool's INVALID_PASSCODES). */
export { INVALID_PASSCODES };


/** The newest ESP32 provider's mfg-date parser: true if it accepts `s` (reader-checks.ts). */
export function mfgDateAcceptedByReader(s: string): boolean {
  return parseReaderMfgDate(s) !== undefined;
}

/** Checks that need more than the value, or belong to an older reader or mfg_tool. */
function runHostCheck(c: FactoryCheck, v: unknown, d: FactoryData): boolean {
  switch (c) {
    case "mfg-date-old-firmware": {
      const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(v as string);
      return !!m && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= 31;
    }
    case "mfg-date-mfg-tool":
      return isValidMfgDate(v as string);
    case "serial-mfg-tool": {
      const s = v as string;
      const n = measure(s, "chars");
      return (n >= 1 && n <= 16) || /^[0-9a-f]{32}$/.test(s);
    }
    case "p256-scalar":
      return (v as Uint8Array).length !== 32 || p256.utils.isValidSecretKey(v as Uint8Array);
    case "matches-dac-key": {
      const key = d.dacKey;
      const pub = v as Uint8Array;
      // Only comparable when both have the right shape; their own rules report the rest.
      if (!(key instanceof Uint8Array) || key.length !== 32 || pub.length !== 65 || !p256.utils.isValidSecretKey(key)) return true;
      return bytesEqual(p256.getPublicKey(key, false), pub);
    }
    case "calendar-bits":
      return ((v as number) & ~0xfff) === 0;
    case "location-enum":
      return (v as number) <= 2;
    case "supported-modes-quirk":
      return false;
    default:
      return true; // a reader check: passesRule decided it
  }
}

function passes(rule: FactoryRule, v: unknown, d: FactoryData): boolean {
  const r = passesRule(rule, v);
  if (r !== undefined) return r;
  return rule.kind === "check" ? runHostCheck(rule.check, v, d) : true;
}

/** The rule's name in its finding's id: its kind or check, prefixed by a source other than the reader's. */
export function ruleName(rule: FactoryRule): FactoryRuleName {
  const base = rule.kind === "check" ? rule.check : rule.kind;
  return rule.source === "reader" || base.endsWith(rule.source) ? base : `${rule.source}-${base}`;
}

function applies(rule: FactoryRule, profile: FactoryProfile): boolean {
  return rule.source !== "mfg-tool" || profile === "mfg-tool";
}

function checkKey(item: FactoryItem, out: FactoryFinding[]): boolean {
  const { key, spec, params } = item;
  if (key.length > MAX_KEY_LENGTH) {
    out.push(finding("key-length", key, "error", `key "${key}": longer than ${MAX_KEY_LENGTH} characters (NVS key limit)`));
    return false;
  }
  if (params.length > 0 && key.length > RUNTIME_KEY_MAX_LENGTH) {
    out.push(finding("runtime-key-length", key, "error",
      `key "${key}": longer than ${RUNTIME_KEY_MAX_LENGTH} characters; the firmware builds per-index keys in a 15-byte buffer, so it never finds this one`));
  }
  const names = keyPlaceholders(spec.key);
  names.forEach((name, n) => {
    if (name === "ep" && params[n] > MAX_ENDPOINT) {
      out.push(finding("endpoint-range", key, "error", `key "${key}" endpoint ${showValue(params[n])}: must be 0…0xFFFE`));
    }
  });
  return true;
}

function checkItem(item: FactoryItem, d: FactoryData, profile: FactoryProfile, out: FactoryFinding[]): void {
  const { key, spec } = item;
  const shown = () => showValue(item.field, !!spec.secret);
  if (!checkKey(item, out)) return;
  try {
    encodeFactoryValue(spec, key, item.field);
  } catch (e) {
    out.push(finding("type", key, "error", (e as Error).message));
    return;
  }
  if (profile === "mfg-tool" && spec.writtenBy.mfgTool === false) {
    out.push(finding("mfg-tool-never-writes", key, "warning", `key "${key}" value ${shown()}: esp-matter-mfg-tool never writes this key`));
  }
  const rules = spec.rules.filter((r) => applies(r, profile));
  let failed = false;
  // Errors first; a warning about a value that already failed a rule adds nothing.
  for (const severity of ["error", "warning"] as const) {
    for (const rule of rules) {
      if (rule.severity !== severity || (severity === "warning" && failed)) continue;
      if (passes(rule, item.field, d)) continue;
      failed = true;
      out.push(finding(ruleName(rule), key, severity, `key "${key}" value ${shown()}: ${rule.phrase}`));
    }
  }
}

function checkExtras(d: FactoryData, present: Set<string>, out: FactoryFinding[]): void {
  for (const e of d.extra ?? []) {
    const where = e.namespace === FACTORY_NAMESPACE ? e.key : `${e.namespace}/${e.key}`;
    if (e.namespace.length < 1 || e.namespace.length > MAX_KEY_LENGTH) {
      out.push(finding("namespace-length", where, "error", `namespace "${e.namespace}": must be 1…${MAX_KEY_LENGTH} characters (NVS key limit)`));
    }
    if (e.key.length < 1 || e.key.length > MAX_KEY_LENGTH) {
      out.push(finding("key-length", where, "error", `key "${e.key}": must be 1…${MAX_KEY_LENGTH} characters (NVS key limit)`));
    }
    if (e.namespace !== FACTORY_NAMESPACE) continue;
    const m = matchFactoryKey(e.key);
    if (!m) continue;
    const typeOk = e.type === m.spec.nvsType || (m.spec.kind === "u64" && e.type === "blob");
    if (!typeOk) {
      out.push(finding("extra-type", e.key, "error",
        `key "${e.key}" extra entry of type ${e.type}: the ESP32 reader looks up a ${m.spec.nvsType} entry, so the key reads as missing`));
    } else if (present.has(e.key)) {
      out.push(finding("extra-replaces", e.key, "warning", `key "${e.key}": the extra entry replaces the value set in the factory data (as mfg_tool's --csv does)`));
    }
  }
}

/** All findings for `d` (empty = nothing to report). */
export function validateFactoryData(d: FactoryData, opts: ValidateOptions = {}): FactoryFinding[] {
  const profile = opts.profile ?? "reader";
  const missingRequired = opts.missingRequired ?? "warning";
  const out: FactoryFinding[] = [];
  let items: FactoryItem[];
  try {
    items = factoryItems(d);
  } catch (e) {
    return [finding("shape", e instanceof FactoryDataError ? e.key : "?", "error", (e as Error).message)];
  }
  const present = new Set(items.map((it) => it.key));
  const extraKeys = new Set((d.extra ?? []).filter((e) => e.namespace === FACTORY_NAMESPACE).map((e) => e.key));
  for (const item of items) checkItem(item, d, profile, out);
  if (missingRequired !== "ignore") {
    for (const s of FACTORY_KEYS as readonly FactoryKeySpec[]) {
      if (!s.required || present.has(s.key) || extraKeys.has(s.key)) continue;
      out.push(finding("missing", s.key, missingRequired,
        `key "${s.key}": missing; ${s.missing.detail} — needed to commission with the ESP32 factory providers`));
    }
  }
  checkExtras(d, present, out);
  return out;
}

/** Throws an Error with the first error finding's message (one line); returns the warnings. */
export function assertValidFactoryData(d: FactoryData, opts: ValidateOptions = {}): FactoryFinding[] {
  const findings = validateFactoryData(d, opts);
  const firstError = findings.find((f) => f.severity === "error");
  if (firstError) throw new Error(firstError.message);
  return findings;
}
