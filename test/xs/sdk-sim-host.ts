// The simulation host on the Moddable SDK's XS (host-tools/simulate/sdk-build.ts), built once for the
// test files that use it: in dist/sdk-sim (git-ignored), where make's own timestamps keep a rebuild
// incremental; a lock folder keeps two vitest workers from building at the same time.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../../host-tools/xs/bundle.js";
import { buildSimulationHost, type SimulationHost } from "../../host-tools/simulate/sdk-build.js";
import { sdkEngine, type SimEngine } from "../../host-tools/simulate/engine.js";
import { startXsnap } from "../../host-tools/xs/driver.js";
import { ENABLE_MODDABLE, ENABLE_MODDABLE_TOOLS, MODDABLE, MODDABLE_BIN } from "../support/sdks.js";

/** Why the SDK simulation cannot run here, or undefined when it can. */
export const SDK_SIM_SKIP = !MODDABLE ? ENABLE_MODDABLE : !MODDABLE_BIN ? ENABLE_MODDABLE_TOOLS : undefined;

/** Build folder; MF_SDK_SIM_DIR overrides it (a developer's existing build stays incremental). */
const OUT = process.env.MF_SDK_SIM_DIR || join(REPO_ROOT, "dist/sdk-sim");
const LOCK = `${OUT}.lock`;
const LOCK_STALE_MS = 30 * 60_000;

async function withLock<T>(job: () => Promise<T>): Promise<T> {
  mkdirSync(join(OUT, ".."), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_STALE_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await job();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export interface SdkSim {
  host: SimulationHost;
  engine: SimEngine;
  /** XS version the host reports (xs.h of the SDK). */
  xsVersion: string;
  /** Wall time of the build (incremental after the first), ms. */
  buildMs: number;
}

let pending: Promise<SdkSim> | undefined;

/** Builds (or brings up to date) the host and returns its engine. */
export function sdkSimulation(): Promise<SdkSim> {
  pending ??= withLock(async () => {
    const t0 = performance.now();
    const host = await buildSimulationHost({ moddable: MODDABLE!, moddableBin: MODDABLE_BIN!, outDir: OUT });
    const buildMs = performance.now() - t0;
    writeFileSync(join(OUT, "build.log"), host.log);
    const worker = startXsnap({ binary: host.binary });
    const version = await worker.evaluateJson<string>("xsVersion()");
    await worker.close();
    if (!version.ok) throw new Error(`the SDK simulation host does not start: ${version.error}`);
    return { host, engine: sdkEngine(host.binary, version.value!), xsVersion: version.value!, buildMs };
  });
  return pending;
}

/** xsl's warning lines from the build log. */
export function xslWarnings(log: string): string[] {
  return log.split("\n").filter((l) => l.startsWith("### warning"));
}

