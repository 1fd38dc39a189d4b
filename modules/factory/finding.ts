// A problem found in factory data, and the one-line value rendering used in its message.

import { toHex } from "../bytes/hex.js";
import { type Finding, makeFinding } from "../errors/finding.js";
import type { FactoryCheck, FactoryRule, RuleSource } from "./schema.js";

/** The check every chip-factory finding belongs to (verify's "keys" check). */
export const FACTORY_CHECK = "keys";

/** A key-table rule (schema.ts) by kind, or by its FactoryCheck name for kind "check". */
type TableRuleName = Exclude<FactoryRule["kind"], "check"> | FactoryCheck;

/**
 * Rules of the chip-factory validator and reader; a finding's id is "keys.<rule>". Rules of the key
 * table are named by validate.ts ruleName: the TableRuleName, prefixed with "matter-" / "mfg-tool-"
 * for those sources' rules (e.g. "keys.range", "keys.matter-length", "keys.mfg-date-mfg-tool").
 */
export type FactoryRuleName =
  | TableRuleName
  | `${Exclude<RuleSource, "reader">}-${TableRuleName}`
  | "key-length" // NVS key (or extra entry's key) longer than 15 characters
  | "runtime-key-length" // a per-index key the firmware cannot build in its 15-byte buffer
  | "endpoint-range" // endpoint above 0xFFFE
  | "type" // the value's JS type cannot be stored as the key's kind
  | "shape" // the FactoryData structure itself is malformed (factoryItems)
  | "mfg-tool-never-writes" // mfg-tool profile: a key esp-matter-mfg-tool never writes
  | "missing" // a key the providers need is absent
  | "namespace-length" // extra entry's namespace not 1…15 characters
  | "extra-type" // extra chip-factory entry of another type than the reader looks up
  | "extra-replaces" // extra entry overrides a factory-data value
  | "stored-type" // reader: stored as another NVS type, so it reads as missing
  | "duplicate" // reader: stored more than once
  | "reader-type" // reader: the NVS reader returned another JS type
  | "nul" // reader: text with a NUL character
  | "base64" // reader: salt/verifier not base64 text
  | "device-id-length" // reader: a blob device-id that is not 8 bytes
  | "list-gap" // reader: a per-index key missing below its count
  | "namespace-empty" // reader: no chip-factory namespace
  | "unwritable-type" // reader: an entry type the generators cannot write (not kept)
  | "outside-count" // reader: a per-index key beyond its count
  | "unknown-key"; // reader: a key the providers never read

/** A chip-factory finding: check "keys", always names its key (concrete, e.g. `fl-k/1/0`; other namespaces `<namespace>/<key>`). */
export interface FactoryFinding extends Finding {
  key: string;
  severity: "error" | "warning";
}

/** A value as shown in messages: one line, short, secrets never printed. */
export function showValue(v: unknown, secret = false): string {
  if (secret) return v instanceof Uint8Array ? `<secret, ${v.length} bytes>` : "<secret>";
  if (typeof v === "string") return JSON.stringify(v.length > 64 ? v.slice(0, 64) + "…" : v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Number.isInteger(v) && v >= 10 ? `${v} (0x${v.toString(16)})` : String(v);
  if (v instanceof Uint8Array) return v.length <= 8 ? `<${toHex(v)}>` : `<${v.length} bytes: ${toHex(v.subarray(0, 4))}…>`;
  return String(v);
}

export function finding(rule: FactoryRuleName, key: string, severity: "error" | "warning", message: string): FactoryFinding {
  return makeFinding(FACTORY_CHECK, rule, severity, message, key) as FactoryFinding;
}
