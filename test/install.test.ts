// The README's install (`npm ci`) on a fresh clone: the lock must be complete (npm adds any optional
// platform package the lock lacks, rewriting it), every locked package must accept the Node versions
// package.json states (else EBADENGINE warnings), and .ci/check-clean must catch a dirtied clone.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/fixtures.js";

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  engines?: { node?: string } | string[];
}
const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { engines: { node: string } };

type V = [number, number, number];
const parse = (t: string): { v: V; parts: number } => {
  const nums = t.replace(/^v/, "").split(".").filter((p) => p !== "" && p !== "*" && p.toLowerCase() !== "x").map(Number);
  return { v: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], parts: nums.length };
};
const cmp = (a: V, b: V): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` satisfies an npm engines range (||, space-separated comparators, ^ ~ >= > <= < =, x-ranges). */
function satisfies(version: string, range: string): boolean {
  const v = parse(version).v;
  return range.split("||").some((alt) => {
    const tokens = alt.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, "$1").split(/\s+/).filter(Boolean);
    return tokens.every((tok) => {
      const m = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(tok)!;
      const op = m[1] ?? "";
      const { v: r, parts } = parse(m[2]);
      if (parts === 0) return true; // * / x
      if (op === ">=") return cmp(v, r) >= 0;
      if (op === ">") return cmp(v, r) > 0;
      if (op === "<=") return cmp(v, r) <= 0;
      if (op === "<") return cmp(v, r) < 0;
      if (op === "^") return cmp(v, r) >= 0 && (r[0] > 0 ? v[0] === r[0] : r[1] > 0 ? v[0] === 0 && v[1] === r[1] : cmp(v, r) === 0);
      if (op === "~") return cmp(v, r) >= 0 && v[0] === r[0] && (parts < 2 || v[1] === r[1]);
      // bare or "=": a partial version is a range (6 = 6.x.x)
      return v[0] === r[0] && (parts < 2 || v[1] === r[1]) && (parts < 3 || v[2] === r[2]);
    });
  });
}

describe("package-lock.json is complete and agrees with the stated engine", () => {
  it("the range evaluator reads the forms the lock uses", () => {
    expect(satisfies("20.19.0", ">=20.19")).toBe(true);
    expect(satisfies("20.19.0", ">=22")).toBe(false);
    expect(satisfies("20.19.0", "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfies("20.19.0", "^20.9 || ^22.11")).toBe(true);
    expect(satisfies("20.19.0", "6.* || 8.* || >= 10.*")).toBe(true);
    expect(satisfies("20.19.0", "^10 || ^12 || >=14")).toBe(true);
    expect(satisfies("20.19.0", "^18.0.0")).toBe(false);
    expect(satisfies("20.19.0", "*")).toBe(true);
  });

  it("every optional dependency of every locked package is locked too (npm ci never has to add one)", () => {
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (!path) continue;
      for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
        if (!lock.packages[`${path}/node_modules/${dep}`] && !lock.packages[`node_modules/${dep}`]) missing.push(`${path} → ${dep}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it(`every locked package accepts Node ${pkg.engines.node} (no EBADENGINE at install)`, () => {
    const lowest = /^>=\s*(\d+(\.\d+){0,2})$/.exec(pkg.engines.node)?.[1];
    expect(lowest, `package.json engines.node ${pkg.engines.node}: expected ">=X.Y"`).toBeDefined();
    const refusing = Object.entries(lock.packages)
      .filter(([path, e]) => path && e.engines && !Array.isArray(e.engines) && e.engines.node)
      .filter(([, e]) => !satisfies(lowest!, (e.engines as { node: string }).node) || !satisfies(process.version, (e.engines as { node: string }).node))
      .map(([path, e]) => `${path}@${e.version} wants node ${(e.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it("the README states the engine package.json states, and installs with npm ci", () => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    expect(readme).toContain(`Node ≥ ${pkg.engines.node.replace(/^>=\s*/, "")}`);
    expect(readme).toMatch(/^npm ci\b/m);
    expect(readFileSync(join(REPO, ".ci/run"), "utf8")).toMatch(/^npm ci\b/m);
  });
});

describe(".ci/check-clean (run by .ci/run right after npm ci)", () => {
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "pipe" });
  it.each([
    ["a clean checkout", () => {}, 0, /^$/],
    ["a rewritten tracked file (the lock)", (d: string) => writeFileSync(join(d, "package-lock.json"), "{\"changed\":1}\n"), 1, / M package-lock\.json/],
    ["a new file .gitignore does not cover", (d: string) => writeFileSync(join(d, "stray.txt"), "x"), 1, /\?\? stray\.txt/],
    ["a new file .gitignore covers", (d: string) => writeFileSync(join(d, "ignored.log"), "x"), 0, /^$/],
  ] as const)("%s: exit %i", (_name, change, status, says) => {
    const dir = mkdtempSync(join(tmpdir(), "mf-check-clean-"));
    try {
      git(dir, "init", "-q");
      writeFileSync(join(dir, "package-lock.json"), "{}\n");
      writeFileSync(join(dir, ".gitignore"), "*.log\n");
      git(dir, "add", "-A");
      git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
      change(dir);
      const r = spawnSync(join(REPO, ".ci/check-clean"), [dir], { encoding: "utf8" });
      expect(r.status, r.stdout + r.stderr).toBe(status);
      expect(r.stdout).toMatch(says);
      if (status) expect(r.stdout).toContain("the install left the clone dirty");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
