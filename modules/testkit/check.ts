// A tiny assertion kit for vector files (`*.vectors.ts`). Vector files run unchanged under vitest
// (test/*.test.ts registers each case) and under the XS engine (test/xs bundles them), so they may
// only import modules/ code and this file.

import { toHex } from "../bytes/hex.js";
import { hasErrorId, isInputError } from "../errors/input-error.js";

export interface VectorCase {
  name: string;
  run: () => void;
}

export class CheckError extends Error {
  override name = "CheckError";
}

function show(v: unknown): string {
  if (v instanceof Uint8Array) return `<${toHex(v)}>`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? toHex(x) : x));
  } catch {
    return String(v);
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object" && !(a instanceof Uint8Array) && !(b instanceof Uint8Array)) {
    const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
    const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
    return same(ka, kb) && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Deep equality for primitives, bigints, Uint8Arrays, arrays and plain objects. */
export function checkEqual(actual: unknown, expected: unknown, what = "value"): void {
  if (!same(actual, expected)) throw new CheckError(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

export function checkTrue(condition: unknown, what: string): void {
  if (!condition) throw new CheckError(`${what}: expected true`);
}

/** Expects fn to throw; if `pattern` is given the message must contain it (string) or match it. */
export function checkThrows(fn: () => unknown, pattern?: string | RegExp, what = "call"): void {
  try {
    fn();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (pattern === undefined) return;
    if (typeof pattern === "string" ? message.includes(pattern) : pattern.test(message)) return;
    throw new CheckError(`${what}: threw "${message}", expected it to match ${String(pattern)}`);
  }
  throw new CheckError(`${what}: expected an error, none was thrown`);
}

/** checkThrows, answering what fn threw. */
function thrownBy(fn: () => unknown, pattern: string | RegExp | undefined, what: string): unknown {
  let thrown: unknown;
  checkThrows(() => {
    try {
      fn();
    } catch (e) {
      thrown = e;
      throw e;
    }
  }, pattern, what);
  return thrown;
}

/**
 * Expects fn to throw bad input: an InputError whose id is `id` (or, for a prefix ending in ".",
 * any id under it), and whose message contains or matches `pattern` when given.
 */
export function checkThrowsId(fn: () => unknown, id: string, pattern?: string | RegExp, what = "call"): void {
  const thrown = thrownBy(fn, pattern, what);
  if (hasErrorId(thrown, id)) return;
  const got = isInputError(thrown) ? `id "${thrown.id}"` : `a ${thrown instanceof Error ? thrown.name : typeof thrown}, not an InputError`;
  throw new CheckError(`${what}: threw ${got}, expected id "${id}"`);
}

/** Expects fn to throw a programming error (the caller's bug): anything but an InputError. */
export function checkThrowsBug(fn: () => unknown, pattern?: string | RegExp, what = "call"): void {
  const thrown = thrownBy(fn, pattern, what);
  if (isInputError(thrown)) throw new CheckError(`${what}: threw InputError "${thrown.id}", expected a programming error (TypeError/RangeError/Error)`);
}
