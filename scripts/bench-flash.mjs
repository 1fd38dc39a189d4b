#!/usr/bin/env node
// Bundles host-tools/bench/line-flash.ts and runs it: boards per minute of `flash` against the paced ROM double.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/bench-flash.mjs");
await build({
  entryPoints: [join(root, "host-tools/bench/line-flash.ts")],
  outfile, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
