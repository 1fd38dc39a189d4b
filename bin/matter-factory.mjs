#!/usr/bin/env node
// Entry point. Runs the bundled CLI; rebuilds the bundle first when any TypeScript source is newer,
// so a checkout works right after `npm install` and stays current while you edit.
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist/matter-factory.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(bundle) ||
  statSync(bundle).mtimeMs < Math.max(newestSource(join(root, "modules")), newestSource(join(root, "host-tools")));
if (stale) await (await import("../scripts/build-cli.mjs")).buildCli();
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
