// Kill-and-resume: a `generate` run is SIGKILLed midway (twice), then finished with --resume. The
// manifest must list every device exactly once, every listed file must exist, nothing temporary may
// remain — and with --seed the resumed batch must equal an uninterrupted run of the same command.
// (Where the kill lands is up to the scheduler; the assertions hold wherever it lands.)

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { BIN, REPO, runCli, tempDir } from "./support/cli.js";
import { parseCsv } from "../host-tools/mfg/csv-text.js";
import type { ManifestEntry } from "../host-tools/mfg/device.js";
import { PAI_CERT, PAI_KEY, CD_FILE } from "./support/fixtures.js";

const ARGS = [
  "-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY,
  "-cd", CD_FILE, "--enable-rotating-device-id", "--iteration-count", "1000", "-q",
];

let tmp: string;
beforeAll(() => {
  tmp = tempDir("mf-generate-resume-");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sha = (p: string) => createHash("sha256").update(readFileSync(p)).digest("hex");

function manifestPath(root: string): string | undefined {
  if (!existsSync(root)) return undefined;
  const name = readdirSync(root).find((n) => n.startsWith("manifest-"));
  return name && join(root, name);
}

function manifestLines(root: string): number {
  const p = manifestPath(root);
  if (!p) return 0;
  return readFileSync(p, "utf8").split("\n").length - 1;
}

/** Starts generate and SIGKILLs it once its manifest holds at least `lines` devices. */
function runAndKill(args: string[], root: string, lines: number): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "generate", ...args], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let killed = false;
    child.stderr.on("data", (d) => (stderr += d));
    const poll = setInterval(() => {
      if (!killed && manifestLines(root) >= lines) {
        killed = true;
        child.kill("SIGKILL");
      }
    }, 5);
    child.on("error", reject);
    child.on("exit", () => {
      clearInterval(poll);
      resolve({ killed, stderr });
    });
  });
}

function readManifest(root: string): ManifestEntry[] {
  return readFileSync(manifestPath(root)!, "utf8").trim().split("\n").map((l) => JSON.parse(l) as ManifestEntry);
}

/** The invariants of a finished batch of `count` devices. */
function checkComplete(root: string, count: number): ManifestEntry[] {
  const m = readManifest(root);
  expect(m.map((e) => e.index)).toEqual(Array.from({ length: count }, (_, i) => i));
  for (const key of ["uuid", "passcode", "serial", "rdIdUid"] as const) expect(new Set(m.map((e) => e[key])).size).toBe(count);
  const missing = m.flatMap((e) => e.files).filter((f) => !existsSync(join(root, f)));
  expect(missing).toEqual([]);
  const names = readdirSync(root);
  expect(names.filter((n) => n.startsWith(".tmp-") || n === ".batch.json" || n === ".lock")).toEqual([]);
  expect(names.filter((n) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(n)).sort()).toEqual(m.map((e) => e.uuid).sort());
  const summary = parseCsv(readFileSync(join(root, names.find((n) => n.startsWith("summary-"))!), "utf8"));
  expect(summary.length).toBe(count + 1);
  const col = (name: string) => summary[0].indexOf(name);
  expect(summary.slice(1).map((r) => [r[col("serial-num")], r[col("qrcode")]])).toEqual(m.map((e) => [e.serial, e.qr]));
  const cn = parseCsv(readFileSync(join(root, names.find((n) => n.startsWith("cn_dacs-"))!), "utf8"));
  expect(cn.slice(1).map((r) => r[0])).toEqual(m.map((e) => e.uuid));
  const pinDisc = readFileSync(join(root, "staging/pin_disc.csv"), "utf8").trim().split("\n");
  expect(pinDisc.slice(1).map((l) => +l.split(",")[0])).toEqual(m.map((e) => e.index));
  const master = readFileSync(join(root, "staging/master.csv"), "utf8").trim().split("\n");
  expect(master.length).toBe(count + 1);
  return m;
}

describe("generate --resume after SIGKILL", () => {
  it("a seeded batch killed twice and resumed equals the uninterrupted batch", async () => {
    const count = 1200;
    const seeded = [...ARGS, "-n", String(count), "--seed", "resume-test", "--valid-from", "2025-01-01"];
    const ref = runCli(["generate", "--outdir", join(tmp, "ref"), ...seeded]);
    expect(ref.status, ref.stderr).toBe(0);
    const refRoot = join(tmp, "ref/fff2_8001");

    const out = join(tmp, "killed");
    const root = join(out, "fff2_8001");
    const first = await runAndKill(["--outdir", out, ...seeded], root, 100);
    expect(first.killed).toBe(true);
    expect(existsSync(join(root, ".batch.json"))).toBe(true);
    const afterFirst = manifestLines(root);
    expect(afterFirst).toBeLessThan(count);
    // A fresh run refuses to start over an unfinished batch; --resume with other options is refused.
    const fresh = runCli(["generate", "--outdir", out, ...seeded]);
    expect([fresh.status, fresh.stderr.trim().split("\n").length]).toEqual([1, 1]);
    expect(fresh.stderr).toMatch(/unfinished batch.*--resume/);
    const changed = runCli(["generate", "--outdir", out, ...seeded.map((a) => (a === "resume-test" ? "other-seed" : a)), "--resume"]);
    expect(changed.status).not.toBe(0);
    expect(changed.stderr).toMatch(/--resume: option --seed is a different value/);

    // Simulate a power loss that emptied a file of the 5th-last committed device: --resume drops it
    // and the devices after it, and makes them again (identically, with --seed).
    const victim = readManifest(root)[afterFirst - 5];
    truncateSync(join(root, victim.files[0]), 0);

    const second = await runAndKill(["--outdir", out, ...seeded, "--resume"], root, afterFirst + 300);
    expect(second.stderr).toMatch(/--resume: 5 device\(s\) from \d+ on were incomplete on disk; they are made again/);
    expect(second.killed).toBe(true);
    const done = runCli(["generate", "--outdir", out, ...seeded, "--resume", "--json"]);
    expect(done.status, done.stderr).toBe(0);
    const summary = JSON.parse(done.stdout) as { count: number; generated: number; resumed: number };
    expect(summary.count).toBe(count);
    expect(summary.generated + summary.resumed).toBe(count);
    expect(summary.resumed).toBeGreaterThanOrEqual(afterFirst + 300);

    const m = checkComplete(root, count);
    const refManifest = checkComplete(refRoot, count);
    expect(m).toEqual(refManifest);
    // Every device file is the reference's (partition.csv differs only in its absolute paths).
    for (const e of m) {
      for (const f of e.files) {
        if (f.endsWith("partition.csv")) continue;
        if (sha(join(root, f)) !== sha(join(refRoot, f))) throw new Error(`${f} differs from the uninterrupted run`);
      }
    }
    const side = (r: string, n: string) => readFileSync(join(r, n), "utf8").split(r).join("<root>");
    const named = (r: string, prefix: string) => readdirSync(r).find((n) => n.startsWith(prefix))!;
    expect(side(root, named(root, "summary-"))).toBe(side(refRoot, named(refRoot, "summary-")));
    expect(side(root, named(root, "cn_dacs-"))).toBe(side(refRoot, named(refRoot, "cn_dacs-")));
    expect(side(root, "staging/master.csv")).toBe(side(refRoot, "staging/master.csv"));
    expect(side(root, "staging/pin_disc.csv")).toBe(side(refRoot, "staging/pin_disc.csv"));
    const sheets = (r: string) => {
      const dir = join(r, named(r, "labels-"));
      return readdirSync(dir).sort().map((n) => readFileSync(join(dir, n), "utf8"));
    };
    expect(sheets(root)).toEqual(sheets(refRoot));
    expect(sheets(root)).toHaveLength(count / 24);
  });

  it("an OS-random batch killed and resumed lists each device once, all values unique", async () => {
    const count = 500;
    const out = join(tmp, "random");
    const root = join(out, "fff2_8001");
    const args = ["--outdir", out, ...ARGS, "-n", String(count)];
    const first = await runAndKill(args, root, 60);
    expect(first.killed).toBe(true);
    const done = runCli(["generate", ...args, "--resume"]);
    expect(done.status, done.stderr).toBe(0);
    checkComplete(root, count);
  });
});
