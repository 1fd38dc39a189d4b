// Every fixed vector (modules/**/*.vectors.ts) on the XS engine the Moddable SDK ships (8.2.3: XS 17),
// run by the SDK's own XS shell `xst` (built as the SDK's "XS Conformance" guide says:
// cd $MODDABLE/xs/makefiles/lin && make), with the same device prelude as the xsnap run (frozen
// intrinsics, no TextEncoder/TextDecoder). One vitest case per vector; skipped with one line when no
// SDK xst is built.
//
// The vectors stay on xst because they are plain scripts that need no link. The firmware itself runs on
// the SDK's engine linked by xsl with the manifest's modules and preloads in test/xs/device-sim-sdk-xs
// (an x-cli-lin build with our own host main, host-tools/xs/sdk-host/host.c), and the device build's
// xsl link is checked in test/firmware-build.test.ts.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENABLE_MODDABLE, MODDABLE, reportSkip } from "../support/sdks.js";
import { bundleForXs, devicePrelude } from "./bundle.js";
import { entrySource, vectorFiles } from "./vector-entry.js";

/** The SDK's xst: release (fast), else debug. Neither is metered: xst.mk defines mxMetering only for its
 * OSS-Fuzz build, so `metering()` answers undefined and the meter line says n/a. */
function findXst(): { path: string; goal: string } | undefined {
  for (const goal of ["release", "debug"]) {
    const path = MODDABLE && join(MODDABLE, "build/bin/lin", goal, "xst");
    if (path && existsSync(path)) return { path, goal };
  }
  return undefined;
}
const XST = findXst();

/** Runs every vector of every file after the harness, one JSON line per file load and per case. */
const RUNNER = `
for (let i = 0; i < __mfVectors.count; i++) {
  const loaded = __mfVectors.load(i);
  print(JSON.stringify({ file: i, ...loaded }));
  if (!loaded.ok) continue;
  for (let j = 0; j < loaded.names.length; j++) {
    const before = typeof metering === "function" ? metering() : undefined;
    const r = __mfVectors.run(i, j);
    const meter = before === undefined ? undefined : metering() - before;
    print(JSON.stringify({ file: i, case: j, meter, ...r }));
  }
}
print(JSON.stringify({ done: true }));
`;

interface Line { file?: number; case?: number; ok?: boolean; names?: string[]; error?: string; meter?: number; done?: boolean }

async function runOnXst(): Promise<{ files: string[]; lines: Line[]; stderr: string; status: number }> {
  const files = vectorFiles();
  const bundle = await bundleForXs({ source: entrySource(files), loader: "js", sourcefile: "vectors-sdk-xs-entry.js" });
  const dir = mkdtempSync(join(tmpdir(), "mf-xst-"));
  try {
    const script = join(dir, "vectors.js");
    writeFileSync(script, `${devicePrelude()}\n${bundle}\n${RUNNER}`);
    const r = spawnSync(XST!.path, ["-s", script], { encoding: "utf8", maxBuffer: 64 << 20, timeout: 1_200_000 });
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Line);
    return { files, lines, stderr: r.stderr, status: r.status ?? -1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!XST) reportSkip("modules/**/*.vectors.ts on the SDK's XS (xst)", MODDABLE ? "build it: cd $MODDABLE/xs/makefiles/lin && make" : ENABLE_MODDABLE);
const run = XST ? await runOnXst() : undefined;

describe.runIf(XST)(`vectors on the Moddable SDK's XS (xst ${XST?.goal ?? ""})`, () => {
  it("xst ran every file to the end", () => {
    expect(run!.stderr).toBe("");
    expect(run!.lines.at(-1)?.done).toBe(true);
    expect(run!.status).toBe(0);
    const loads = run!.lines.filter((l) => l.case === undefined && l.file !== undefined);
    expect(loads.map((l) => run!.files[l.file!])).toEqual(run!.files);
  });

  const files = run?.files ?? [];
  for (const [i, file] of files.entries()) {
    const load = run!.lines.find((l) => l.file === i && l.case === undefined)!;
    describe(file, () => {
      it("loads", () => expect(load.error ?? "").toBe(""));
      for (const [j, name] of (load.names ?? []).entries()) {
        const result = run!.lines.find((l) => l.file === i && l.case === j);
        it(name, () => {
          expect(result, "no result: xst stopped before this case").toBeDefined();
          expect(result!.error ?? "").toBe("");
          expect(result!.ok).toBe(true);
        });
      }
    });
  }

  it("meter per file (logged when the xst build is metered)", () => {
    const perFile = files.map((f, i) => [f, run!.lines.filter((l) => l.file === i && l.case !== undefined).reduce((s, l) => s + (l.meter ?? 0), 0)] as const);
    const total = perFile.reduce((s, [, m]) => s + m, 0);
    console.log(`[xst ${XST!.goal}] ${files.length} files, ${run!.lines.filter((l) => l.case !== undefined).length} cases, meter ${total || "n/a (this xst build has no mxMetering)"}`);
    if (total) for (const [f, m] of perFile) console.log(`[xst meter] ${f} ${m}`);
  });
});
