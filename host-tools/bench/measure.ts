// Timing helpers for `npm run bench`. Figures are medians of interleaved rounds (A B A B …) so both
// sides see the same machine drift; ratios are taken per round, then the median.
import { spawnSync, type SpawnSyncOptions } from "node:child_process";

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function timeSync(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Runs a command; throws with its stderr if it fails. Returns wall milliseconds. */
export function timeCommand(cmd: string, args: string[], options: SpawnSyncOptions = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], ...options });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${String(r.stderr).trim().split("\n").pop()}`);
  return ms;
}

export interface Pair {
  a: number[];
  b: number[];
  ratios: number[];
}

/** Interleaves `rounds` of a and b (each returns a duration or a rate). */
export function interleave(rounds: number, a: () => number, b: () => number): Pair {
  const out: Pair = { a: [], b: [], ratios: [] };
  for (let i = 0; i < rounds; i++) {
    const x = a();
    const y = b();
    out.a.push(x);
    out.b.push(y);
    out.ratios.push(x / y);
  }
  return out;
}

export function fmt(n: number, digits = 1): string {
  return n >= 100 ? n.toFixed(0) : n.toFixed(digits);
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ")).join("\n");
}
