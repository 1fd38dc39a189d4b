// `npm run bench` section "device": the firmware's budgets measured under XS 13.3 (npm @agoric/xsnap)
// on the simulated board — XS meter units (deterministic) from main() to the first advertisement and
// per Rotating Device ID, and the live heap the boot adds: live slots after gc() at the first
// advertisement minus live slots after the modules loaded and the board was set up. Goal: under 1,500
// slots (24 KB at the device's 16 bytes per slot; docs/xs-engine.md §Language). Meter counts are XS 13.3's,
// a relative cost model, not device cycles.
//
// The measurement is asynchronous (an xsnap process), so it runs in a child Node process over a bundle
// of device-run.ts, keeping this entry synchronous like the other bench sections.
import { spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import { join } from "node:path";
import type { DeviceBenchResult } from "./device-run.js";
import { fmt, table } from "./measure.js";

/** Live-slot growth goal for the boot (Matter factory firmware on a 92 KB XS heap). */
export const BOOT_SLOT_BUDGET = 1500;
const SLOT_BYTES_DEVICE = 16;

export function measureDevice(root: string): DeviceBenchResult {
  const outfile = join(root, "dist/bench-device.mjs");
  buildSync({
    entryPoints: [join(root, "host-tools/bench/device-run.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  const r = spawnSync(process.execPath, [outfile], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`device bench failed (${r.status}): ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as DeviceBenchResult;
}

export function benchDevice(root: string, quick: boolean): string {
  void quick; // meter counts are deterministic: one run is the measurement
  const result = measureDevice(root);
  const rows = [["scenario", "XS meter main()→1st adv", "slots added by boot", "≈ bytes on device", "budget", "host ms (boot)"]];
  for (const s of result.scenarios) {
    const m = s.measurement;
    rows.push([
      s.name,
      m.bootToFirstAdvertisement.toLocaleString("en-US"),
      String(m.bootSlots),
      String(m.bootSlots * SLOT_BYTES_DEVICE),
      m.bootSlots < BOOT_SLOT_BUDGET ? `ok < ${BOOT_SLOT_BUDGET}` : `OVER ${BOOT_SLOT_BUDGET}`,
      fmt(s.ms, 0),
    ]);
  }
  const base = result.scenarios[0]?.measurement;
  const lines = [table(rows), ""];
  if (base) lines.push(`live slots after gc(): modules loaded ${base.slotsAfterLoad}, board set up ${base.slotsAfterInstall}, at the first advertisement ${base.slotsAtFirstAdvertisement} (first scenario)`);
  lines.push(`Rotating Device ID, XS meter per computation: ${result.rdi.map((r) => `${r.algorithm} ${r.compute.toLocaleString("en-US")}`).join(", ")}`);
  return lines.join("\n");
}
