// Where the matter-factory package is on disk, for files the tools read beside their code (.venv/, native/).

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The nearest folder at or above `start` whose package.json is matter-factory's. The tools run from
 * source (host-tools/) and bundled into dist/, so no fixed "../.." works for both.
 */
export function findPackageRoot(start: string): string {
  for (let dir = start; ; ) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "matter-factory") return dir;
      } catch {
        // not a readable package.json: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the matter-factory package root above ${start}`);
    dir = up;
  }
}

/** The repository (package) root. */
