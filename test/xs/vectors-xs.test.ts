/// <reference types="vite/client" />
// Runs every fixed vector file (modules/**/*.vectors.ts) under the real XS engine (npm @agoric/xsnap,
// XS 13.3) with the device-like prelude (frozen intrinsics, no TextEncoder/TextDecoder globals), and
// registers one vitest case per vector. The same files run under Node in test/vectors.test.ts; a
// vector that passes there and fails here is an engine or platform-rule issue.
//
// XS runs at collection time (top-level await), then the results are registered as tests. Each vector
// runs as its own XS command, so its meter (`compute`) is exact and a runaway case is stopped by the
// metering limit (the worker is restarted and the run goes on).

import { describe, expect, it } from "vitest";
import type { VectorCase } from "../../modules/testkit/check.js";
import { BundleError, bundleForXs, devicePrelude } from "./bundle.js";
import { startXsnap, type XsWorker } from "./xsnap.js";
import { entrySource, vectorFiles } from "./vector-entry.js";

/**
 * Per-vector compute budget. Deterministic, unlike time: PBKDF2-HMAC-SHA256 at 1000 iterations costs
 * 69 M (docs/xs-engine.md §Metering), so 1e9 (~3-5 s on the host) only stops runaway cases.
 */
const CASE_COMPUTE_LIMIT = 1_000_000_000;

const ENTRY_NAME = "vectors-xs-entry.js";
const PRELUDE = devicePrelude();

/** Globals a module might reach for that the device does not have (brief rule 1, docs/xs-engine.md §Language). */
const NOT_ON_DEVICE = /\b(TextEncoder|TextDecoder|Base64|atob|btoa|Buffer|process|console|crypto|structuredClone|setTimeout|queueMicrotask)\b/;

interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  compute?: number;
}
interface FileResult {
  file: string; // relative to modules/
  problem?: string; // bundling or loading failed: no case ran
  loadCompute?: number;
  cases: CaseResult[];
  ms: number;
}
interface XsRun {
  files: FileResult[];
  baseline?: { compute: number; heapSlots: number };
  finalHeapSlots?: number;
  restarts: number;
  ms: number;
}

/** Bundles all files; if that fails, finds the broken ones by bundling each alone. */
async function bundleVectors(files: string[]): Promise<{ bundle?: string; good: string[]; broken: Map<string, string> }> {
  const broken = new Map<string, string>();
  try {
    return { bundle: await bundleForXs({ source: entrySource(files), loader: "js", sourcefile: ENTRY_NAME }), good: [...files], broken };
  } catch (e) {
    if (!(e instanceof BundleError)) throw e;
  }
  const good: string[] = [];
  for (const f of files) {
    try {
      await bundleForXs({ source: entrySource([f]), loader: "js", sourcefile: ENTRY_NAME });
      good.push(f);
    } catch (e) {
      broken.set(f, `bundling for XS failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (good.length === 0) return { good, broken };
  return { bundle: await bundleForXs({ source: entrySource(good), loader: "js", sourcefile: ENTRY_NAME }), good, broken };
}

/** Rewrites XS frames "(#<id>:<line>)" that point into the bundle as "(modules/x.ts, bundle line N)". */
function locateFrames(error: string, bundle: string, scriptId: number): string {
  if (scriptId < 0) return error;
  const sections: [number, string][] = [];
  bundle.split("\n").forEach((line, i) => {
    // esbuild starts each file's code with a "  // <path>" line.
    const m = /^ {2}\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
    if (m) sections.push([i + 1, m[1] === ENTRY_NAME ? "the XS harness in test/xs/vectors-xs.test.ts" : m[1]]);
  });
  return error.replace(new RegExp(`\\(#${scriptId}:(\\d+)\\)`, "g"), (frame, line: string) => {
    const n = Number(line);
    let file: string | undefined;
    for (const [start, name] of sections) if (start <= n) file = name;
    return file ? `(${file}, bundle line ${n})` : frame;
  });
}

function hint(error: string): string {
  const m = /ReferenceError/.test(error) ? NOT_ON_DEVICE.exec(error) : null;
  return m ? `${error}\n(${m[1]} is not a global on the device: shared modules must not use it; brief rule 1, docs/xs-engine.md §Language)` : error;
}

interface Session {
  worker: XsWorker;
  /** XS script number of the bundle, for locateFrames. */
  scriptId: number;
  /** Compute of prelude + bundle, and live slots after gc(). */
  baseline: { compute: number; heapSlots: number };
}

/** A fresh worker with the prelude and `bundle` evaluated; a string says what failed. */
async function startSession(bundle: string): Promise<Session | string> {
  const worker = startXsnap({ meteringLimit: CASE_COMPUTE_LIMIT });
  const fail = async (what: string) => {
    await worker.close();
    const stderr = worker.stderr.trim();
    return stderr ? `${what}\n${stderr}` : what;
  };
  const p = await worker.evaluate(PRELUDE);
  if (!p.ok) return fail(`the XS prelude (host-tools/xs/prelude.js) failed: ${p.error}`);
  const b = await worker.evaluate(bundle);
  if (!b.ok) return fail(`XS could not evaluate the bundle: ${b.error}`);
  const id = await worker.evaluateJson<number>("__mfVectors.scriptId");
  const g = await worker.evaluate("gc()");
  return { worker, scriptId: id.value ?? -1, baseline: { compute: p.meter!.compute + b.meter!.compute, heapSlots: g.meter?.currentHeapCount ?? 0 } };
}

async function runVectorsUnderXs(): Promise<XsRun> {
  const started = performance.now();
  const files = vectorFiles();
  let { bundle, good, broken } = await bundleVectors(files);
  const run: XsRun = { files: [], restarts: 0, ms: 0 };

  // XS reports a syntax error without a line: if the whole bundle does not evaluate, find the
  // files that break it by evaluating each alone.
  let first = bundle ? await startSession(bundle) : undefined;
  if (typeof first === "string" && good.length > 1 && !first.includes("prelude")) {
    const ok: string[] = [];
    for (const f of good) {
      const alone = await startSession(await bundleForXs({ source: entrySource([f]), loader: "js", sourcefile: ENTRY_NAME }));
      if (typeof alone === "string") broken.set(f, `${alone} (XS 13.3 gives no line number: look for syntax or regex features newer than ES2022)`);
      else {
        ok.push(f);
        await alone.worker.close();
      }
    }
    good = ok;
    bundle = good.length ? await bundleForXs({ source: entrySource(good), loader: "js", sourcefile: ENTRY_NAME }) : undefined;
    first = bundle ? await startSession(bundle) : undefined;
  }
  for (const [f, why] of broken) run.files.push({ file: f, problem: `modules/${f}: ${why}`, cases: [], ms: 0 });
  if (typeof first === "string") {
    for (const f of good) run.files.push({ file: f, problem: first, cases: [], ms: 0 });
    good = [];
  }

  let session = typeof first === "object" ? first : undefined;
  if (session) run.baseline = session.baseline;
  let loadedInWorker = new Set<number>();
  const located = (error: string) => hint(locateFrames(error, bundle!, session?.scriptId ?? -1));
  /** The live session, restarted after the worker died (e.g. a vector went over the compute limit). */
  const ensure = async (): Promise<Session | string> => {
    if (session && !session.worker.exit) return session;
    const next = await startSession(bundle!);
    if (typeof next === "string") return next;
    run.restarts++;
    loadedInWorker = new Set();
    return (session = next);
  };

  for (let i = 0; i < good.length; i++) {
    const file: FileResult = { file: good[i], cases: [], ms: 0 };
    run.files.push(file);
    const t0 = performance.now();
    const load = async (): Promise<string | undefined> => {
      const s = await ensure();
      if (typeof s === "string") return s;
      if (loadedInWorker.has(i)) return undefined;
      const r = await s.worker.evaluateJson<{ ok: boolean; names?: string[]; error?: string }>(`__mfVectors.load(${i})`);
      if (!r.ok) return `loading under XS failed: ${r.error}`;
      if (!r.value!.ok) return located(r.value!.error!);
      loadedInWorker.add(i);
      file.loadCompute ??= r.meter!.compute;
      if (file.cases.length === 0) file.cases = r.value!.names!.map((name) => ({ name, ok: false, error: "not run" }));
      return undefined;
    };
    const loadProblem = await load();
    if (loadProblem) {
      file.problem = `modules/${good[i]}: ${loadProblem}`;
      file.ms = performance.now() - t0;
      continue;
    }
    for (let j = 0; j < file.cases.length; j++) {
      const c = file.cases[j];
      const again = await load(); // reloads the file after a worker restart
      if (again) {
        c.error = again;
        continue;
      }
      const r = await session!.worker.evaluateJson<{ ok: boolean; error?: string }>(`__mfVectors.run(${i}, ${j})`);
      if (r.exit) {
        c.error =
          r.exit.code === 17
            ? `exceeded the XS compute budget of ${CASE_COMPUTE_LIMIT} per vector: too slow for XS (docs/xs-engine.md §Metering)`
            : `the XS worker died: ${r.error}`;
        continue;
      }
      if (!r.ok) {
        c.error = `XS command failed: ${r.error}`;
        continue;
      }
      c.ok = r.value!.ok;
      c.error = r.value!.ok ? undefined : located(r.value!.error!);
      c.compute = r.meter!.compute;
    }
    file.ms = performance.now() - t0;
  }
  if (session && !session.worker.exit) {
    const g = await session.worker.evaluate("gc()");
    run.finalHeapSlots = g.meter?.currentHeapCount;
    await session.worker.close();
  }
  run.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  run.ms = performance.now() - started;
  return run;
}

/** The same files as Node sees them (the way test/vectors.test.ts loads them). */
async function nodeVectorNames(): Promise<Map<string, string[] | Error>> {
  const loaders = import.meta.glob<{ vectors: VectorCase[] }>("../../modules/**/*.vectors.ts");
  const out = new Map<string, string[] | Error>();
  for (const [path, load] of Object.entries(loaders)) {
    const file = path.replace("../../modules/", "");
    try {
      out.set(file, (await load()).vectors.map((v) => v.name));
    } catch (e) {
      out.set(file, e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

const mega = (n: number) => `${(n / 1e6).toFixed(1)} M`;

const xs = await runVectorsUnderXs();
const nodeNames = await nodeVectorNames();

const totalCases = xs.files.reduce((n, f) => n + f.cases.length, 0);
const runCompute = xs.files.reduce((n, f) => n + (f.loadCompute ?? 0) + f.cases.reduce((m, c) => m + (c.compute ?? 0), 0), 0);
const summary =
  `${totalCases} vectors from ${xs.files.length} files; compute: bundle+prelude ${mega(xs.baseline?.compute ?? 0)}, ` +
  `vectors ${mega(runCompute)}; heap after gc: ${xs.baseline?.heapSlots ?? "?"} -> ${xs.finalHeapSlots ?? "?"} slots`;

// Informative log: wall time is not asserted (tests are deterministic), compute is.
const perFile = xs.files
  .map((f) => {
    const compute = (f.loadCompute ?? 0) + f.cases.reduce((m, c) => m + (c.compute ?? 0), 0);
    const worst = f.cases.reduce<CaseResult | undefined>((w, c) => ((c.compute ?? 0) > (w?.compute ?? -1) ? c : w), undefined);
    return `  ${f.file.padEnd(40)} ${String(f.cases.length).padStart(4)} cases ${mega(compute).padStart(9)} ${f.ms.toFixed(0).padStart(6)} ms` +
      (worst?.compute ? `  (max ${mega(worst.compute)}: ${worst.name})` : "");
  })
  .join("\n");
console.log(`[xs] XS 13.3 (xsnap) ran ${summary}; ${(xs.ms / 1000).toFixed(1)} s, ${xs.restarts} worker restarts\n${perFile}`);

describe("vectors under XS (xsnap 13.3, frozen intrinsics)", () => {
  it(`runs every vector file: ${summary}`, () => {
    const xsFiles = xs.files.map((f) => f.file).sort();
    expect(xsFiles, "files found on disk vs files vitest globs").toEqual([...nodeNames.keys()].sort());
    for (const f of xs.files) {
      const node = nodeNames.get(f.file);
      if (node instanceof Error) throw new Error(`modules/${f.file} does not load under Node: ${node.message}`);
      if (f.problem) throw new Error(f.problem);
      expect(f.cases.map((c) => c.name), `cases run under XS vs registered by vitest: modules/${f.file}`).toEqual(node);
    }
  });

  for (const f of xs.files) {
    describe(f.file, () => {
      if (f.problem) {
        it("bundles and loads under XS", () => {
          throw new Error(f.problem);
        });
        return;
      }
      for (const c of f.cases) {
        it(c.name, () => {
          if (!c.ok) throw new Error(`XS: ${c.error}`);
        });
      }
    });
  }
});
