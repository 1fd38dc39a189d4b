// Runs the real CLI entry (bin/matter-factory.mjs) as a child process, as a user would.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED = join(REPO, "../shared");
export const BIN = join(REPO, "bin/matter-factory.mjs");

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? REPO, encoding: "utf8", input: options.input, timeout: 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = "mf-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
