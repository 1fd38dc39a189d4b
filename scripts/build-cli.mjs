#!/usr/bin/env node
// Bundles the CLI into dist/: the entry dist/matter-factory.mjs plus one chunk per command
// (code splitting), with npm packages bundled in so start-up does no package resolution.
// bin/matter-factory.mjs calls this itself when a source is newer than the bundle.
// Entry points: host-tools/cli.ts → dist/matter-factory.mjs, and every host-tools/**/*.worker.ts
// → dist/<name>.mjs (worker threads start from those files).
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function workers(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...workers(p));
    else if (e.name.endsWith(".worker.ts")) out.push(p);
  }
  return out;
}

export async function buildCli() {
  const entryPoints = [{ in: join(root, "host-tools/cli.ts"), out: "matter-factory" }];
  for (const w of workers(join(root, "host-tools"))) entryPoints.push({ in: w, out: basename(w, ".ts") });
  rmSync(join(root, "dist/chunks"), { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: join(root, "dist"),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Native binaries and the bundler itself stay real packages.
    external: ["@agoric/xsnap", "esbuild"],
    // CommonJS dependencies bundled into ESM need a real `require` for Node built-ins.
    banner: { js: "import { createRequire as __mfCreateRequire } from 'node:module'; const require = __mfCreateRequire(import.meta.url);" },
    sourcemap: "linked",
    logLevel: "warning",
  });
}
if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
