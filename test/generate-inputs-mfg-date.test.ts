// The manufacturing-date rule (modules/factory/mfg-date.ts) against esp-matter-mfg-tool's own check,
// run from the pinned venv (.venv/mfg): for seeded random strings (MF_SEED replays), we accept exactly
// what the tool accepts, except dates that do not exist, which we refuse on top. The tool's
// YYYY-MM-DD rule came with 1.0.29; with an older pin the comparison is skipped (and says so), the
// fixed cases below still run.

import { describe, it, expect } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mfgDateProblem } from "../modules/factory/mfg-date.js";
import { randomInt } from "../modules/platform/random.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { REPO } from "./support/fixtures.js";

const PYTHON = join(REPO, ".venv/mfg/bin/python");
const SEED = process.env.MF_SEED ?? "mfg-date";

// Runs mfg_tool's validate_device_instance_info steps for mfg-date (check_str_range 8..18, check_date_format).
const SCRIPT = `
import json, sys, logging
logging.disable(logging.CRITICAL)
from importlib.metadata import version
from sources import utils
v = tuple(int(x) for x in version("esp-matter-mfg-tool").split(".")[:3])
if v < (1, 0, 29):
    print(json.dumps(".".join(map(str, v)))); sys.exit(0)
out = []
for s in json.load(sys.stdin):
    try:
        utils.check_str_range(s, 8, 18, "Manufacturing date")
        utils.check_date_format(s)
        out.append(True)
    except SystemExit:
        out.append(False)
print(json.dumps(out))
`;

/** The tool's verdicts; its version when it predates 1.0.29's rule; undefined without the venv. */
function toolVerdicts(inputs: string[]): boolean[] | string | undefined {
  if (!existsSync(PYTHON)) return undefined;
  const r = spawnSync(PYTHON, ["-c", SCRIPT], { input: JSON.stringify(inputs), encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`mfg_tool check failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as boolean[] | string;
}

/** Strings near the accepted forms: real and impossible dates, both separators, suffixes, wrong lengths. */
function candidates(n: number): string[] {
  const r = seededRandom(SEED);
  const pick = (s: string) => s[randomInt(r, 0, s.length - 1)];
  const digits = (k: number) => Array.from({ length: k }, () => pick("0123456789")).join("");
  const two = (max: number) => String(randomInt(r, 0, max)).padStart(2, "0");
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = randomInt(r, 0, 3) === 0 ? digits(4) : String(randomInt(r, 1990, 2040));
    const m = two(13);
    const d = two(32);
    const suffix = Array.from({ length: randomInt(r, 0, 10) }, () => pick("0123456789ABCxyz-_ ")).join("");
    switch (randomInt(r, 0, 3)) {
      case 0: out.push(`${y}${m}${d}${suffix}`); break;
      case 1: out.push(`${y}-${m}-${d}${suffix}`); break;
      case 2: out.push(`${y}-${m}${d}${suffix}`); break;
      default: out.push(Array.from({ length: randomInt(r, 1, 20) }, () => pick("0123456789-A")).join(""));
    }
  }
  return out;
}

const realDate = (s: string): boolean => {
  const t = s[4] === "-" ? s.slice(0, 10).replace(/-/g, "") : s.slice(0, 8);
  const [y, m, d] = [+t.slice(0, 4), +t.slice(4, 6), +t.slice(6, 8)];
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

describe("mfg-date: esp-matter-mfg-tool's rule plus real dates", () => {
  it(`MF_SEED=${SEED}: 3000 strings, the same verdict as the pinned tool's check (impossible dates refused on top)`, (ctx) => {
    const inputs = candidates(3000);
    const theirs = toolVerdicts(inputs);
    if (theirs === undefined) return ctx.skip("no .venv/mfg (run the setup)");
    if (typeof theirs === "string") return ctx.skip(`the pinned esp-matter-mfg-tool is ${theirs}; its YYYY-MM-DD rule came with 1.0.29`);
    const disagree = inputs.filter((s, i) => (mfgDateProblem(s) === undefined) !== (theirs[i] && realDate(s)));
    expect(disagree, `MF_SEED=${SEED}`).toEqual([]);
    expect(theirs.filter(Boolean).length, "the sample reaches accepted values").toBeGreaterThan(100);
  });

  const fixed: [string, boolean][] = [
    ["20260115", true], ["2026-01-15", true], ["20260115ABCDEFGH", true], ["2026-01-15ABCDEFGH", true],
    ["20240229", true], ["2000-02-29", true], ["19000229", false], ["20260230", false], ["2026-04-31", false],
    ["20261301", false], ["20260100", false], ["2026011", false], ["202601150", false], ["2026-01-1", false],
    ["2026-1-15", false], ["2026/01/15", false], ["", false], ["09990101", false], ["2026-01-15ABCD", false],
  ];
  for (const [s, ok] of fixed) {
    it(`${JSON.stringify(s)} is ${ok ? "accepted" : "refused"}`, () => expect(mfgDateProblem(s) === undefined).toBe(ok));
  }
});
