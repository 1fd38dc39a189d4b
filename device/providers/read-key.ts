// Reads one chip-factory key through its row of the key table (modules/factory/schema.ts): the entry
// type the row names, the row's reader rules (range, buffer and size limits, enum, value checks —
// modules/factory/reader-checks.ts, the same code `verify` uses) and the row's missing-key outcome
// (not found, fallback value, not implemented). Every provider reads its keys here.

import { fromBase64 } from "../../modules/bytes/base64.js";
import { showValue } from "../../modules/factory/finding.js";
import { readerRuleBroken } from "../../modules/factory/reader-checks.js";
import { type FactoryKeySpec, factoryKeySpec, formatFactoryKey } from "../../modules/factory/schema.js";
import type { FactoryStore } from "../platform.js";
import { fail, ok, readBlob, readString, readU32, type ProviderResult } from "./result.js";

/** The row of a key or pattern; a typo in a provider is a programming error. */
export function row(pattern: string): FactoryKeySpec {
  const spec = factoryKeySpec(pattern);
  if (!spec) throw new Error(`no chip-factory key "${pattern}" in the key table`);
  return spec;
}

function typed(store: FactoryStore, spec: FactoryKeySpec, key: string): ProviderResult<unknown> {
  switch (spec.kind) {
    case "u32":
      return readU32(store, key);
    case "text":
      return readString(store, key);
    case "base64-text": {
      const text = readString(store, key);
      if (text.status !== "ok") return text;
      try {
        return ok(fromBase64(text.value));
      } catch (e) {
        return fail("invalid", key, `key "${key}" value ${showValue(text.value)}: not base64 text (${e instanceof Error ? e.message : String(e)})`);
      }
    }
    case "bytes":
    case "u64":
      return readBlob(store, key);
  }
}

function whenMissing<T>(spec: FactoryKeySpec, r: ProviderResult<T>): ProviderResult<T> {
  if (r.status !== "not-found") return r;
  const m = spec.missing;
  if (m.outcome === "fallback" && m.value !== undefined) return ok(m.value as T, `${r.message}; ${m.detail}`);
  if (m.outcome === "not-implemented") return fail("not-implemented", r.key, `${r.message}; ${m.detail}`);
  return r;
}

/**
 * The value of `pattern` (indices filled from `params`) as the provider returns it: "invalid" when a
 * reader rule rejects it, the row's missing outcome when absent or stored with another type.
 */
export function readFactoryKey<T>(store: FactoryStore, pattern: string, params: readonly number[] = []): ProviderResult<T> {
  const spec = row(pattern);
  const key = params.length ? formatFactoryKey(pattern, params) : pattern;
  const r = typed(store, spec, key);
  if (r.status !== "ok") return whenMissing(spec, r) as ProviderResult<T>;
  const broken = readerRuleBroken(spec, r.value);
  if (broken) return fail("invalid", key, `key "${key}" value ${showValue(r.value, !!spec.secret || !!spec.privacy)}: ${broken.phrase}`);
  return r as ProviderResult<T>;
}
