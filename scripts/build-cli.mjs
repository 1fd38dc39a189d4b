#!/usr/bin/env node
// Bundles the CLI (host-tools/cli.ts and everything it imports) into dist/matter-factory.mjs.
// bin/matter-factory.mjs calls this itself when a source is newer than the bundle.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export async function buildCli() {
  await build({
    entryPoints: [join(root, "host-tools/cli.ts")],
    outfile: join(root, "dist/matter-factory.mjs"),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
}
if (import.meta.url === `file://${process.argv[1]}`) await buildCli();
