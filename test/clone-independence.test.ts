// The suite's fixtures belong to the repository: a copy of exactly the tracked files, in a directory
// with nothing beside it (no ../shared), builds its golden data in its own test setup and passes the
// tests that read it. node_modules/ and .venv/ are linked from this checkout (installing them again
// is what `npm ci` does, and is slow); everything else — sources, tests, fixture recipes — is the copy's.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./support/fixtures.js";

// Tests that read every kind of fixture: NVS golden images, the mfg_tool batch, the test PKI and CD.
const SUBSET = [
  "test/nvs-golden-writer.test.ts", "test/nvs-reader-golden.test.ts", "test/factory-schema.test.ts",
  "test/cli-nvs.test.ts", "test/inspect.test.ts", "test/verify.test.ts",
];

function trackedFiles(): string[] | undefined {
  const r = spawnSync("git", ["ls-files", "-z"], { cwd: REPO, encoding: "utf8" });
  return r.status === 0 ? r.stdout.split("\0").filter((f) => f !== "") : undefined;
}

const files = trackedFiles();
let parent = "";
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
});

describe.skipIf(!files || process.env.MF_CLONE_CHILD === "1")("a copy of the tracked files with nothing beside it", () => {
  it("makes its own fixtures and passes the fixture-reading tests", () => {
    parent = mkdtempSync(join(tmpdir(), "mf-clone-"));
    const clone = join(parent, "matter-factory");
    for (const f of files!) {
      if (!existsSync(join(REPO, f))) continue; // deleted in the work tree, not yet committed
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(REPO, f), join(clone, f));
    }
    symlinkSync(join(REPO, "node_modules"), join(clone, "node_modules"));
    symlinkSync(join(REPO, ".venv"), join(clone, ".venv"));
    expect(existsSync(join(clone, "../shared")) || existsSync(join(clone, "../../shared"))).toBe(false);
    expect(existsSync(join(clone, ".fixtures"))).toBe(false);
    execFileSync(process.execPath, ["scripts/build-cli.mjs"], { cwd: clone, stdio: "pipe" });

    const r = spawnSync(process.execPath, [join(clone, "node_modules/vitest/vitest.mjs"), "run", ...SUBSET], {
      cwd: clone, encoding: "utf8", env: { ...process.env, MF_CLONE_CHILD: "1", CI: "true" }, timeout: 600_000,
    });
    const out = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
    expect(r.status, out.slice(-4000)).toBe(0);
    expect(out).toMatch(/\[test setup\] fixtures made in/);
    expect(out).toMatch(new RegExp(`Test Files\\s+${SUBSET.length} passed`));
    expect(existsSync(join(clone, ".fixtures/.stamp"))).toBe(true);
  }, 600_000);
});
