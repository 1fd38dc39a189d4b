// Provider outcomes, with the distinctions connectedhomeip's ESP32 providers make
// (docs/factory-data.md §Key table, "Missing keys"):
//   ok              the value (from the factory data, or a documented fallback when the key is absent)
//   not-found       the key is absent, or stored with another NVS type (typed NVS reads cannot see it):
//                   CHIP_DEVICE_ERROR_CONFIG_NOT_FOUND
//   invalid         the key is present but unusable: out of range (CHIP_ERROR_INVALID_ARGUMENT), longer than
//                   the provider's buffer (CHIP_ERROR_BUFFER_TOO_SMALL), not base64, not a date…
//   not-implemented the provider does not offer it without the key (CHIP_ERROR_NOT_IMPLEMENTED)
// Every message is one line naming the key, the value and the rule.

import { utf8Encode } from "../../modules/bytes/utf8.js";
import type { FactoryStore, StoreRead } from "../platform.js";

export interface Ok<T> {
  readonly status: "ok";
  readonly value: T;
  /** Set when the key was absent and the provider's documented fallback is returned. */
  readonly fallback?: string;
  /** Set when a list ended early (a missing or unusable element). */
  readonly note?: string;
}

export interface Failure {
  readonly status: "not-found" | "invalid" | "not-implemented";
  readonly key: string;
  readonly message: string;
}

export type ProviderResult<T> = Ok<T> | Failure;

export function ok<T>(value: T, fallback?: string): Ok<T> {
  return fallback === undefined ? { status: "ok", value } : { status: "ok", value, fallback };
}

export function fail(status: Failure["status"], key: string, message: string): Failure {
  return { status, key, message };
}

/** Short one-line rendering of a value for messages (secrets are never passed here). */
export function describeValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return String(v);
}

function absent(key: string, read: StoreRead<unknown>, type: string): Failure {
  if (read.outcome === "type-mismatch") {
    const stored = read.stored ? `stored as ${read.stored}` : "stored with another type";
    return fail("not-found", key, `key "${key}" ${stored}: the provider reads a ${type} entry, so the key reads as not found`);
  }
  return fail("not-found", key, `key "${key}": not found`);
}

/** A u32 entry. */
export function readU32(store: FactoryStore, key: string): ProviderResult<number> {
  const r = store.getU32(key);
  return r.outcome === "found" ? ok(r.value) : absent(key, r, "u32");
}

/** A string entry, cut at its first NUL like a C string; `maxBytes`, when given, is the buffer (without the NUL). */
export function readString(store: FactoryStore, key: string, maxBytes?: number): ProviderResult<string> {
  const r = store.getString(key);
  if (r.outcome !== "found") return absent(key, r, "string");
  let text = r.value;
  const nul = text.indexOf("\u0000");
  if (nul >= 0) text = text.slice(0, nul); // the C string ends at the first NUL
  const bytes = utf8Encode(r.value).length;
  if (maxBytes !== undefined && bytes > maxBytes) {
    return fail("invalid", key, `key "${key}" value ${describeValue(text)}: ${bytes} bytes, longer than the provider's ${maxBytes}-byte buffer`);
  }
  return ok(text);
}

/** A blob entry read into a buffer of `maxBytes` (no limit when omitted). */
export function readBlob(store: FactoryStore, key: string, maxBytes?: number): ProviderResult<Uint8Array> {
  const r = store.getBlob(key);
  if (r.outcome !== "found") return absent(key, r, "blob");
  if (maxBytes !== undefined && r.value.length > maxBytes) {
    return fail("invalid", key, `key "${key}": ${r.value.length} bytes, longer than the provider's ${maxBytes}-byte buffer`);
  }
  return ok(r.value);
}
