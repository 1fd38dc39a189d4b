#!/usr/bin/env node
// Bundles host-tools/bench/main.ts and runs it (same build settings as the CLI).
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/bench.mjs");
await build({
  entryPoints: [join(root, "host-tools/bench/main.ts")],
  outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
