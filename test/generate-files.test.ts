// `generate` and the file system and processes around it, each case asserting the exit status, the
// one line on stderr (naming the option or path) and what is on disk afterwards:
//   - the exit status rule of host-tools/errors.ts (1 bad data, 2 bad invocation) across commands;
//   - links in the output tree are never followed (staging/, .lock, the root, side files, labels);
//   - a second run on a running batch says it is running; deleting .batch.json mid-run is survived;
//   - SIGINT/SIGTERM/SIGHUP remove the uncommitted .tmp-<uuid>/ directories and .lock, print one
//     line, exit 128+n, and --resume finishes the batch;
//   - a batch that cannot fit on the disk is refused before anything is written.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, runCli, tempDir } from "./support/cli.js";
import { CD_FILE, PAI_CERT, PAI_KEY } from "./support/fixtures.js";

const BATCH = ["-v", "0xFFF2", "-p", "0x8001", "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1.0",
  "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-cd", CD_FILE, "--iteration-count", "1000", "-q"];

let tmp: string;
const at = (...p: string[]) => join(tmp, ...p);
let caseNo = 0;
const fresh = (name: string) => at(`${name}-${++caseNo}`);

beforeAll(() => {
  tmp = tempDir("mf-generate-files-");
});
/** Children still running when a test fails are stopped before the temp tree goes. */
const running: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of running) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});

/** Every path under `dir` (links marked "->"), sorted: what is on disk. `skip`: paths left out (not entered). */
function tree(dir: string, skip?: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (skip?.test(r)) continue;
      if (e.isSymbolicLink()) out.push(`${r} ->`);
      else if (e.isDirectory()) (out.push(`${r}/`), walk(join(d, e.name), r));
      else out.push(r);
    }
  };
  walk(dir, "");
  return out.sort();
}

const oneLine = (stderr: string): string[] => stderr.split("\n").filter((l) => l !== "");

// ---- exit status: one rule for every command -----------------------------------------------------

interface ExitCase {
  name: string;
  args: string[];
  status: 1 | 2;
  /** The option or argument the line must name, and a piece of the rule. */
  says: RegExp;
}

const GEN = ["generate", ...BATCH.slice(0, 4)];
const exitCases: ExitCase[] = [
  // bad data (1): the option was understood, its value breaks a rule
  { name: "generate --size 1000 (below the minimum)", args: [...GEN, "--size", "1000"], status: 1, says: /option --size 1000: must be ≥/ },
  { name: "generate --size 0x2000 (too small for the data)", args: [...GEN, "--size", "0x2000"], status: 1, says: /--size/ },
  { name: "generate --size abc", args: [...GEN, "--size", "abc"], status: 1, says: /option --size "abc": not an integer/ },
  { name: "generate --passcode 0", args: [...GEN, "--passcode", "0"], status: 1, says: /--passcode 0/ },
  { name: "generate --passcode 11111111", args: [...GEN, "--passcode", "11111111"], status: 1, says: /passcode 11111111: trivial/ },
  { name: "generate --vendor-name \"\"", args: ["generate", "-v", "0xFFF2", "-p", "0x8001", "--vendor-name", ""], status: 1, says: /vendor-name/ },
  { name: "generate -v 0x10000", args: ["generate", "-v", "0x10000", "-p", "1"], status: 1, says: /option --vendor-id 0x10000: must be ≤ 0xFFFF/ },
  { name: "generate --rd-id-uid xyz", args: [...GEN, "--enable-rotating-device-id", "--rd-id-uid", "xyz"], status: 1, says: /option --rd-id-uid "xyz": must be 32 hex digits/ },
  { name: "generate --log-level loud (not a choice)", args: [...GEN, "--log-level", "loud"], status: 1, says: /option --log-level "loud": must be one of/ },
  { name: "generate -c missing.pem", args: [...GEN, "--pai", "-c", "/nonexistent/pai.pem", "-k", PAI_KEY], status: 1, says: /nonexistent\/pai\.pem/ },
  { name: "codes --passcode 0", args: ["codes", "--passcode", "0", "--discriminator", "1"], status: 1, says: /--passcode/ },
  { name: "spake2p --passcode abc", args: ["spake2p", "--passcode", "abc"], status: 1, says: /option --passcode "abc": not an integer/ },
  { name: "nvs generate with size 1000", args: ["nvs", "generate", "/nonexistent.csv", "out.bin", "1000"], status: 1, says: /./ },
  // bad invocation (2): the command line itself is malformed
  { name: "generate --no-such-option", args: [...GEN, "--no-such-option"], status: 2, says: /unknown option --no-such-option/ },
  { name: "generate --size (no value)", args: [...GEN, "--size"], status: 2, says: /option --size needs a value/ },
  { name: "generate --size twice", args: [...GEN, "--size", "0x6000", "--size", "0x7000"], status: 2, says: /option --size given twice/ },
  { name: "generate without -v", args: ["generate", "-p", "0x8001"], status: 2, says: /--vendor-id \(-v\) is required/ },
  { name: "generate --paa with --pai", args: [...GEN, "--paa", "--pai", "-c", PAI_CERT, "-k", PAI_KEY], status: 2, says: /--paa and --pai are mutually exclusive/ },
  { name: "generate -n 5 --passcode", args: [...GEN, "-n", "5", "--passcode", "20202021"], status: 2, says: /--passcode: a value for one device, but the count is 5/ },
  { name: "an unknown command", args: ["generat"], status: 2, says: /unknown command "generat"/ },
  { name: "nvs with no subcommand", args: ["nvs"], status: 2, says: /nvs needs a subcommand/ },
];

describe("exit status: 1 bad data, 2 bad invocation (host-tools/errors.ts), the same for every command", () => {
  it.each(exitCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const cwd = fresh("exit");
    mkdirSync(cwd);
    const args = c.args[0] === "generate" ? ["generate", "--outdir", join(cwd, "out"), ...c.args.slice(1)] : c.args;
    const r = runCli(args, { cwd });
    expect(r.status, r.stderr).toBe(c.status);
    const lines = oneLine(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^matter-factory: /);
    expect(lines[0]).toMatch(c.says);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(tree(cwd)).toEqual([]); // nothing written
  });
});

// ---- links in the output tree ----------------------------------------------------------------------

interface LinkCase {
  name: string;
  /** Plants the link in <outdir>; returns the path that must be named. */
  plant: (outdir: string, victim: string) => string;
  extra?: string[];
}

const root = (outdir: string) => join(outdir, "fff2_8001");
const linkCases: LinkCase[] = [
  { name: "<vid>_<pid>/.lock → a file elsewhere", plant: (o, v) => (mkdirSync(root(o), { recursive: true }), symlinkSync(join(v, "pid"), join(root(o), ".lock")), join(root(o), ".lock")) },
  { name: "staging/ → a directory elsewhere", plant: (o, v) => (mkdirSync(root(o), { recursive: true }), symlinkSync(v, join(root(o), "staging")), join(root(o), "staging")) },
  { name: "staging/pin_disc.csv → a file elsewhere", plant: (o, v) => (mkdirSync(join(root(o), "staging"), { recursive: true }), symlinkSync(join(v, "pins"), join(root(o), "staging/pin_disc.csv")), join(root(o), "staging/pin_disc.csv")) },
  { name: "the <vid>_<pid> root itself → a directory elsewhere", plant: (o, v) => (mkdirSync(o, { recursive: true }), symlinkSync(v, root(o)), root(o)) },
  { name: ".batch.json → a file elsewhere (with --resume)", plant: (o, v) => (mkdirSync(root(o), { recursive: true }), symlinkSync(join(v, "state"), join(root(o), ".batch.json")), join(root(o), ".batch.json")), extra: ["--resume"] },
  { name: "a labels-* directory → a directory elsewhere", plant: (o, v) => (mkdirSync(root(o), { recursive: true }), symlinkSync(v, join(root(o), "labels-old")), join(root(o), "labels-old")) },
  { name: "a dangling link in the root", plant: (o) => (mkdirSync(root(o), { recursive: true }), symlinkSync("/nonexistent/target", join(root(o), "summary-x.csv")), join(root(o), "summary-x.csv")) },
];

describe("generate never follows a link in its output tree", () => {
  it.each(linkCases.map((c) => [c.name, c] as const))("%s: refused with one line, nothing written anywhere", (_name, c) => {
    const base = fresh("links");
    const outdir = join(base, "out");
    const victim = join(base, "victim");
    mkdirSync(victim, { recursive: true });
    const named = c.plant(outdir, victim);
    const before = tree(outdir);
    const r = runCli(["generate", ...BATCH, "-n", "2", "--outdir", outdir, ...(c.extra ?? [])]);
    expect(r.status, r.stderr).toBe(1);
    const lines = oneLine(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(`--outdir: ${named} is a symbolic link`);
    expect(tree(victim)).toEqual([]); // nothing went through the link
    expect(tree(outdir)).toEqual(before); // and nothing was added beside it
    expect(lstatSync(named).isSymbolicLink()).toBe(true);
  });
});

// ---- a running batch ------------------------------------------------------------------------------

interface Running {
  child: ReturnType<typeof spawn>;
  done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function start(args: string[]): Running {
  const child = spawn(process.execPath, [BIN, "generate", ...args], { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on("exit", (status, signal) => resolve({ status, signal, stderr })));
  return { child, done };
}

/** Waits until `ready()` holds (polling), or fails after `ms`. */
async function until(ready: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

const manifestLines = (r: string): number => {
  const m = existsSync(r) ? readdirSync(r).find((n) => n.startsWith("manifest-")) : undefined;
  return m ? readFileSync(join(r, m), "utf8").split("\n").filter((l) => l !== "").length : 0;
};
const devicesIn = (r: string): string[] => readdirSync(r).filter((n) => /^[0-9a-f]{8}-/.test(n));
const COUNT = 600;

describe("a batch that is running", () => {
  it("a second generate says it is running; deleting .batch.json meanwhile does not crash the first", async () => {
    const outdir = fresh("running");
    const first = start([...BATCH, "-n", String(COUNT), "-j", "1", "--outdir", outdir]);
    running.push(first.child);
    await until(() => manifestLines(root(outdir)) >= 3);
    // Devices come and go while it runs; the rest of the tree must not change.
    const DEVICES = /^fff2_8001\/(\.tmp-|[0-9a-f]{8}-|labels-)/; // and label sheets, made as it goes
    const before = tree(outdir, DEVICES);

    const second = runCli(["generate", ...BATCH, "-n", String(COUNT), "--outdir", outdir]);
    expect(second.status, second.stderr).toBe(1);
    expect(oneLine(second.stderr)).toHaveLength(1);
    expect(second.stderr).toMatch(/--outdir: the batch in \S+fff2_8001 is running \(process \d+ holds \S+\.lock\)/);
    const resumed = runCli(["generate", ...BATCH, "-n", String(COUNT), "--outdir", outdir, "--resume"]);
    expect(resumed.status, resumed.stderr).toBe(1);
    expect(resumed.stderr).toMatch(/is running/);
    // The second runs added nothing (side files and staging as they were).
    expect(tree(outdir, DEVICES)).toEqual(before);

    unlinkSync(join(root(outdir), ".batch.json"));
    const end = await first.done;
    expect(end.status, end.stderr).toBe(0);
    expect(end.stderr).not.toMatch(/\n\s+at /);
    expect(oneLine(end.stderr)).toEqual([expect.stringMatching(/^generate: warning: \S+\.batch\.json was removed while the batch ran; the batch is complete and recorded in \S+batch-[\d-]+\.json$/)]);
    const names = readdirSync(root(outdir));
    expect(names.filter((n) => n.startsWith("batch-"))).toHaveLength(1);
    expect(names).not.toContain(".lock");
    expect(names.filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect(devicesIn(root(outdir))).toHaveLength(COUNT);
  });
});

// ---- signals -------------------------------------------------------------------------------------------

const SIGNALS: [NodeJS.Signals, number][] = [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]];

describe("signals: the run stops cleanly and --resume finishes it", () => {
  it.each(SIGNALS)("%s: exit %i, one line, no .tmp-<uuid>/ (DAC keys) and no .lock left; --resume completes", async (signal, status) => {
    const outdir = fresh(signal);
    const COUNT = 300;
    const run = start([...BATCH, "-n", String(COUNT), "--outdir", outdir]);
    running.push(run.child);
    await until(() => manifestLines(root(outdir)) >= 5);
    run.child.kill(signal);
    const end = await run.done;
    expect(end.status, end.stderr).toBe(status);
    const lines = oneLine(end.stderr);
    expect(lines, end.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^generate: ${signal}: stopped after (\\d+) of ${COUNT} devices \\(\\d+ unfinished removed\\); run the same command with --resume to finish$`));
    const committed = Number(/after (\d+) of/.exec(lines[0])![1]);
    const names = readdirSync(root(outdir));
    expect(names.filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect(names).not.toContain(".lock");
    expect(names).toContain(".batch.json");
    expect(manifestLines(root(outdir))).toBe(committed);
    expect(devicesIn(root(outdir))).toHaveLength(committed);

    const resume = runCli(["generate", ...BATCH, "-n", String(COUNT), "--outdir", outdir, "--resume"]);
    expect(resume.status, resume.stderr).toBe(0);
    expect(devicesIn(root(outdir))).toHaveLength(COUNT);
    expect(manifestLines(root(outdir))).toBe(COUNT);
    expect(readdirSync(root(outdir))).not.toContain(".batch.json");
  });
});

// ---- free space ------------------------------------------------------------------------------------------

describe("free space is checked against the whole batch before anything is written", () => {
  it("-n 10000000 (hundreds of GB): refused with one line naming --count, nothing on disk", () => {
    const outdir = fresh("space");
    const t0 = Date.now();
    const r = runCli(["generate", ...BATCH, "-n", "10000000", "--outdir", outdir]);
    expect(r.status, r.stderr).toBe(1);
    const lines = oneLine(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^matter-factory: --count 10000000: 10000000 devices need about [\d.]+ [KMGT]B \([\d.]+ KB per device on disk\) but \S+ has [\d.]+ [KMGT]?B free/);
    expect(existsSync(outdir)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it("the estimate is what a device really takes (within 2×), so small batches are not refused", () => {
    const outdir = fresh("space-ok");
    const r = runCli(["generate", ...BATCH, "-n", "20", "--outdir", outdir]);
    expect(r.status, r.stderr).toBe(0);
    const used = spawnDu(root(outdir));
    const big = runCli(["generate", ...BATCH, "-n", "10000000", "--outdir", fresh("space-est")]);
    const perDevice = parseFloat(/\(([\d.]+) KB per device/.exec(big.stderr)![1]) * 1000;
    const measured = used / 20;
    expect(perDevice / measured).toBeGreaterThan(0.5);
    expect(perDevice / measured).toBeLessThan(2);
  });
});

/** Bytes the tree takes on disk (du counts whole blocks, as the estimate does). */
function spawnDu(dir: string): number {
  return Number(execFileSync("du", ["-s", "-B1", dir], { encoding: "utf8" }).split("\t")[0]);
}
