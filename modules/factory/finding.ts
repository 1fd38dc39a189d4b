// A problem found in factory data, and the one-line value rendering used in its message.

import { toHex } from "../bytes/hex.js";

export interface FactoryFinding {
  /** The NVS key concerned (concrete, e.g. `fl-k/1/0`); for other namespaces `<namespace>/<key>`. */
  key: string;
  severity: "error" | "warning";
  /** One line: the key, the value and the rule. */
  message: string;
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

export function finding(key: string, severity: "error" | "warning", message: string): FactoryFinding {
  return { key, severity, message };
}
