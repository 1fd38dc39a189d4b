// Runs the real CLI entry (bin/matter-factory.mjs) as a child process, as a user would.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
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

/**
 * Runs the CLI in-process (host-tools/cli.ts main) and captures what it prints — faster than a child
 * process when a test makes many calls; runCli is the as-a-user path.
 */
export async function runCliInProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import("../../host-tools/cli.js");
  const out: string[] = [];
  const err: string[] = [];
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
