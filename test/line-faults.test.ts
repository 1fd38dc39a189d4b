// Station faults, one clear line each with its stable id, and the registry consistent afterwards:
// a registry that cannot be reached (nothing written to the board), two stations racing for the last
// device (one gets it, the other is told the batch ran out), a batch generate still holds, a printer
// command that fails (the board stays provisioned), a malformed command line.
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRegistry } from "../host-tools/line/registry/open.js";
import { loadBatch } from "../host-tools/line/station-batch.js";
import { BIN, runCli, tempDir } from "./support/cli.js";
import { freePort } from "./support/postgres.js";
import { type RomDouble, startRomDouble } from "./support/rom-double/index.js";
import { boardFlash, OLD_PROJECT_TABLE } from "./support/rom-double/board.js";

let tmp: string;
const doubles: RomDouble[] = [];
const mac = (i: number) => `c4:0a:24:fa:00:${i.toString(16).padStart(2, "0")}`;

function generate(name: string, n: number): string {
  const r = runCli(["generate", "--outdir", join(tmp, name), "-v", "0xFFF2", "-p", "0x8001", "-n", String(n), "--iteration-count", "1000", "--no-labels", "--seed", name, "-q", "--json"]);
  if (r.status !== 0) throw new Error(`generate: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { root: string }).root;
}

function station(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "station", "--before", "no-reset", "--once", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b: Buffer) => (stdout += b));
    p.stderr.on("data", (b: Buffer) => (stderr += b));
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const boards = (out: string) => out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { event: string; outcome?: string; mac?: string; error?: { id: string } }).filter((e) => e.event === "board");

async function board(i: number): Promise<RomDouble> {
  const d = await startRomDouble({ flash: boardFlash({ table: OLD_PROJECT_TABLE }), paced: false, chip: { mac: mac(i) } });
  doubles.push(d);
  return d;
}
const erased = (d: RomDouble) => d.flash.subarray(0x3e0000, 0x3e6000).every((b) => b === 0xff);

beforeAll(() => {
  tmp = tempDir("mf-faults-");
});
afterAll(async () => {
  for (const d of doubles) await d.close();
});

describe("station faults", () => {
  it("a registry that cannot be reached: one registry.unreachable line, exit 1, nothing written to the board", async () => {
    const root = generate("unreach", 1);
    const d = await board(1);
    const r = await station(["--batch", root, "--registry", `postgres://line:pw@127.0.0.1:${await freePort()}/line`, "--port", d.port]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^matter-factory: \[registry\.unreachable\] registry postgres:\/\/line:\*\*\*@127\.0\.0\.1:\d+\/line: cannot reach the server/);
    expect(d.connections).toBe(0);
    expect(erased(d)).toBe(true);
  });

  it("two stations racing for the last device: one provisions, the other gets batch.exhausted; one binding", async () => {
    const root = generate("race", 1);
    const [a, b] = [await board(2), await board(3)];
    const [ra, rb] = await Promise.all([a, b].map((d, k) => station(["--batch", root, "--json", "--no-labels", "--station-id", `r${k}`, "--port", d.port])));
    const outs = [...boards(ra.stdout), ...boards(rb.stdout)];
    expect(outs.map((e) => e.outcome).sort()).toEqual(["provisioned", "refused"]);
    const loser = outs.find((e) => e.outcome === "refused")!;
    expect(loser.error?.id).toBe("batch.exhausted");
    expect([ra.code, rb.code].sort()).toEqual([0, 1]);
    const lost = loser.mac === mac(2) ? a : b;
    expect(erased(lost)).toBe(true);
    const reg = await openRegistry(undefined, root);
    const rows = await reg.list(loadBatch(root).id);
    await reg.close();
    expect(rows.map((x) => [x.mac, x.state])).toEqual([[outs.find((e) => e.outcome === "provisioned")!.mac, "verified"]]);
    const line = (loser.mac === mac(2) ? ra : rb).stderr.split("\n").find((l) => l.includes("batch.exhausted"))!;
    expect(line).toMatch(/refused \[batch\.exhausted\] batch fff2_8001@\S+ has no free device left for board c4:0a:24:fa:00:0[23]; nothing written/);
  });

  it("a printer command that fails: one label.print-failed line, the board stays provisioned (exit 0)", async () => {
    const root = generate("print", 1);
    const d = await board(4);
    const r = await station(["--batch", root, "--json", "--print-cmd", "echo jammed >&2; exit 5", "--port", d.port]);
    expect(r.code, r.stderr).toBe(0);
    expect(boards(r.stdout).map((e) => e.outcome)).toEqual(["provisioned"]);
    expect(r.stderr).toMatch(/label not printed: \[label\.print-failed\] --print-cmd .* exit 5: jammed/);
    expect(readdirSync(join(root, "line-labels")).length).toBe(3);
  });

  it("a batch generate still holds, a folder that is no batch, a malformed command line", async () => {
    const root = generate("locked", 1);
    writeFileSync(join(root, ".lock"), String(process.pid === 1 ? 2 : 1)); // PID 1 is always alive
    const locked = await station(["--batch", root, "--port", "socket://127.0.0.1:1"]);
    expect(locked.code).toBe(1);
    expect(locked.stderr.trim()).toMatch(/^matter-factory: \[batch\.running\] --batch .*: generate is still writing this batch \(process 1\)/);
    const none = await station(["--batch", tmp, "--port", "socket://127.0.0.1:1"]);
    expect(none.stderr.trim()).toMatch(/^matter-factory: \[batch\.bad\] .*no manifest-\*\.jsonl/);
    const usage = await station(["--batch", tmp]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toBe('matter-factory: "station" needs --port <P>');
  });
});

describe("station waiting for the next board", () => {
  it("without --once it keeps polling the port while the same board is on it, and SIGTERM stops it cleanly", async () => {
    const root = generate("wait", 2);
    const d = await board(5);
    const p = spawn(process.execPath, [BIN, "station", "--batch", root, "--before", "no-reset", "--json", "--no-labels", "--poll", "100", "--port", d.port], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let armed = false;
    p.stderr.on("data", (b: Buffer) => (stderr += b));
    const code = await new Promise<number | null>((resolve) => {
      p.stdout.on("data", (b: Buffer) => {
        stdout += b;
        // After the board is done, let it poll a while (same MAC: not a next board), then stop it.
        if (armed || !stdout.includes('"event":"board"')) return;
        armed = true;
        const t = setInterval(() => {
          if (d.connections < 3) return; // the provisioning connection and two polls
          clearInterval(t);
          p.kill("SIGTERM");
        }, 50);
      });
      p.on("close", (c) => resolve(c));
    });
    const evs = stdout.trim().split("\n").map((l) => JSON.parse(l) as { event: string; outcome?: string; stoppedBy?: string });
    expect(evs.filter((e) => e.event === "board").map((e) => e.outcome)).toEqual(["provisioned"]);
    expect(evs.at(-1)).toMatchObject({ event: "end", provisioned: 1, stoppedBy: "signal" });
    expect(code, stderr).toBe(0);
  });
});
