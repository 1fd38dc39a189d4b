// JSON views of a read NVS image (what `matter-factory nvs dump --json` prints).
//
// Value encoding: u8…i32 → JSON number; u64/i64 → number when |v| ≤ 2^53−1, else a decimal string
// (JSON numbers beyond 2^53 lose precision in JavaScript and most JSON parsers); float/double →
// number, or "NaN" / "Infinity" / "-Infinity"; string → text (without its NUL); blob → lower-case hex.

import { toHex } from "../bytes/hex.js";
import type { NvsEntry } from "./types.js";
import type { NvsPageInfo, NvsProblem, NvsReadResult } from "./reader.js";

export interface NvsJsonValue {
  type: string;
  value: unknown;
}

export interface NvsJson {
  /** namespace → key → typed value; namespaces in definition order, keys in read order. */
  namespaces: Record<string, Record<string, NvsJsonValue>>;
  problems: NvsProblem[];
  pages?: NvsPageInfo[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The JSON form of one value (see the header comment). */
export function jsonValue(entry: NvsEntry): unknown {
  const v = entry.value;
  if (typeof v === "bigint") return v >= -MAX_SAFE && v <= MAX_SAFE ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  return v;
}

/** Own-property assignment that also works for names like "__proto__". */
function put<T>(target: Record<string, T>, name: string, value: T): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

function has(target: object, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, name);
}

/**
 * Groups the readable values by namespace. Where a key has several readable copies, the one a
 * runtime lookup returns (`result.get`) is shown; the reader lists the others as problems.
 */
function group<T>(result: NvsReadResult, convert: (e: NvsEntry) => T): Record<string, Record<string, T>> {
  const out: Record<string, Record<string, T>> = {};
  for (const ns of result.namespaces) if (!has(out, ns.name)) put(out, ns.name, {});
  for (const e of result.entries) {
    if (!has(out, e.namespace)) put(out, e.namespace, {});
    const keys = out[e.namespace];
    if (has(keys, e.key)) continue;
    const shown = result.get(e.namespace, e.key) ?? e;
    put(keys, e.key, convert(shown));
  }
  return out;
}

/** `{ namespaces: {ns: {key: {type, value}}}, problems }`, optionally with the page table. */
export function nvsToJson(result: NvsReadResult, options: { pages?: boolean } = {}): NvsJson {
  const json: NvsJson = {
    namespaces: group(result, (e) => ({ type: e.type, value: jsonValue(e) })),
    problems: result.problems.map((p) => ({ ...p })),
  };
  if (options.pages) json.pages = result.pages.map((p) => ({ ...p }));
  return json;
}

/** Values only: `{ns: {key: value}}` (the shape of the golden `sample.expected.json`). */
export function nvsValuesToJson(result: NvsReadResult): Record<string, Record<string, unknown>> {
  return group(result, jsonValue);
}
