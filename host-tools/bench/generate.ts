// Mass manufacturing: `matter-factory generate` against esp-matter-mfg-tool on the same batch — devices
// with DACs from a PAI, rotating device ID and QR images — at 10000 iterations (mfg_tool's default) and
// at 1000. The floor is node:crypto PBKDF2 for the whole batch divided by the cores: the one cost no
// implementation can avoid (the verifier's L and the DAC signature are cheap next to it).
// Output trees are deleted only after every timed run: on this kind of VM (ext4 mounted with
// `discard`) deleting thousands of files stalls the file system for a second or more, and the next
// run's file creations would pay for it (measured: sys time ×6 when the previous tree was just deleted).
import { pbkdf2Sync } from "node:crypto";
import { cpus } from "node:os";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, median, table, timeCommand, timeSync } from "./measure.js";

function batchArgs(inputs: string, count: number, iterations: number, outdir: string): string[] {
  return [
    "-n", String(count), "-v", "0xFFF2", "-p", "0x8001", "--vendor-name", "ESP", "--product-name", "light",
    "--hw-ver", "1", "--hw-ver-str", "v1.0", "--mfg-date", "20240101",
    "--pai", "-c", join(inputs, "Test-PAI-FFF2-8001-Cert.pem"), "-k", join(inputs, "Test-PAI-FFF2-8001-Key.pem"),
    "-cd", join(inputs, "Test-CD-FFF2-8001.der"), "--enable-rotating-device-id",
    "--iteration-count", String(iterations), "--outdir", outdir,
  ];
}

function countDevices(outdir: string): number {
  const root = join(outdir, "fff2_8001");
  return readdirSync(root).filter((d) => /^[0-9a-f]{8}-/.test(d)).length;
}

function removeTrees(trees: string[]): void {
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
}

export function benchGenerate(root: string, quick: boolean): string {
  // The test PKI and CD the test setup makes (test/support/build-fixtures.ts).
  const inputs = join(root, ".fixtures/mfg_tool-sample/inputs");
  if (!existsSync(inputs)) throw new Error(`${inputs} is missing: run npm test once (its setup makes the test PAI and CD)`);
  const mfgTool = join(root, ".venv/mfg/bin/esp-matter-mfg-tool");
  const cli = join(root, "bin/matter-factory.mjs");
  const count = quick ? 40 : 200;
  const cores = cpus().length;
  const trees: string[] = [];
  const rows = [["iterations", "devices", "mfg_tool dev/s", "matter-factory dev/s", "speed-up", "floor dev/s", "ours ÷ floor time"]];
  for (const iterations of [10000, 1000]) {
    const rounds = quick ? 1 : 2;
    const ours: number[] = [], theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const a = mkdtempSync(join(tmpdir(), "mf-bench-gen-"));
      const b = mkdtempSync(join(tmpdir(), "mf-bench-mfg-"));
      trees.push(a, b);
      try {
        ours.push(timeCommand(process.execPath, [cli, "generate", ...batchArgs(inputs, count, iterations, a), "--quiet"]));
        theirs.push(timeCommand(mfgTool, batchArgs(inputs, count, iterations, b), { cwd: b }));
        if (countDevices(a) !== count || countDevices(b) !== count) throw new Error("bench: a tool did not produce every device");
      } catch (e) {
        removeTrees(trees);
        throw e;
      }
    }
    const salt = new Uint8Array(32);
    const floorMs = median([0, 1, 2].map(() => timeSync(() => {
      for (let i = 0; i < count; i++) pbkdf2Sync(new Uint8Array([i, 0, 0, 0]), salt, iterations, 80, "sha256");
    }))) / cores;
    const rate = (ms: number) => (count * 1000) / ms;
    const o = median(ours), t = median(theirs);
    rows.push([String(iterations), String(count), fmt(rate(t)), fmt(rate(o)), `${fmt(t / o, 1)}×`, fmt(rate(floorMs)), `${fmt(o / floorMs, 2)}×`]);
  }
  removeTrees(trees);
  return table(rows) + `\n(whole processes, ${cores} cores; floor = node:crypto PBKDF2 of the batch ÷ cores)`;
}
