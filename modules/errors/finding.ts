// The one shape of a finding: what `verify`, `inspect`, the factory-data validator, the NVS and
// esp_secure_cert readers and the certificate checks report about data they judged.

export type FindingSeverity = "error" | "warning" | "ok";

export interface Finding {
  /** Stable id "<check>.<rule>" (e.g. "keys.range", "nvs.crc", "cd.signature"): code matches on this. */
  id: string;
  severity: FindingSeverity;
  /** The check it belongs to ("keys", "nvs", "dac", "cd", …): the group people read findings by. */
  check: string;
  /** The chip-factory or NVS key concerned (concrete, e.g. `fl-k/1/0`), when there is one. */
  key?: string;
  /** One line naming the field, the value and the rule. */
  message: string;
}

export function makeFinding(check: string, rule: string, severity: FindingSeverity, message: string, key?: string): Finding {
  const f: Finding = { id: `${check}.${rule}`, severity, check, message };
  if (key !== undefined) f.key = key;
  return f;
}

export const isError = (f: Finding): boolean => f.severity === "error";
