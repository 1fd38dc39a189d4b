// The CLI's error ids (host-tools/error-ids.ts): bad invocations and bad values through the CLI give
// the exit status, one stderr line, and under --json one JSON line {"error":{id,message,exit}} whose id
// names the rule. The sources throw only documented ids, and every documented id is thrown somewhere.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_ERROR_IDS } from "../host-tools/error-ids.js";
import { REPO, runCli, runCliInProcess } from "./support/cli.js";

const V = ["--vid", "1", "--pid", "1", "--discriminator", "1"];

/** One bad invocation or value per rule: argv, exit status, id; `json` where --json cannot go last. */
const CASES: { argv: string[]; json?: string[]; exit: 1 | 2; id: string }[] = [
  { argv: ["no-such-command"], exit: 2, id: "usage.unknown-command" },
  { argv: ["nvs", "no-such-sub"], exit: 2, id: "usage.unknown-subcommand" },
  { argv: ["codes", "--no-such-option"], exit: 2, id: "usage.unknown-option" },
  { argv: ["codes", "--json=yes"], exit: 2, id: "usage.flag-value" },
  { argv: ["codes", ...V, "--passcode"], json: ["codes", "--json", ...V, "--passcode"], exit: 2, id: "usage.missing-value" },
  { argv: ["codes", ...V, "--vid", "2", "--passcode", "20202021"], exit: 2, id: "usage.repeated-option" },
  { argv: ["codes", "parse"], exit: 2, id: "usage.missing-argument" },
  { argv: ["codes", "parse", "MT:Y.K9042C00KA0648G00", "extra"], exit: 2, id: "usage.extra-argument" },
  { argv: ["codes", ...V], exit: 2, id: "usage.required-option" },
  { argv: ["codes", "--vid", "x1", "--pid", "1", "--discriminator", "1", "--passcode", "20202021"], exit: 1, id: "option.not-a-number" },
  { argv: ["codes", "--vid", "99999999999999999999", "--pid", "1", "--discriminator", "1", "--passcode", "20202021"], exit: 1, id: "option.too-large" },
  { argv: ["codes", "--vid", "0x10000", "--pid", "1", "--discriminator", "1", "--passcode", "20202021"], exit: 1, id: "option.range" },
  { argv: ["simulate", "factory.bin", "--backend", "bogus"], exit: 1, id: "option.choice" },
  { argv: ["codes", ...V, "--passcode", "0"], exit: 1, id: "option.passcode" },
  { argv: ["spake2p", "--passcode", "20202021", "--salt", "not base64!"], exit: 1, id: "option.base64" },
  { argv: ["codes", "parse", "MT:!!!"], exit: 1, id: "codes.qr-payload" },
  { argv: ["codes", "parse", "1234"], exit: 1, id: "codes.manual-code" },
  { argv: ["nvs", "dump", join(REPO, "no-such-dir", "image.bin")], exit: 1, id: "file.missing" },
  { argv: ["nvs", "dump", REPO], exit: 1, id: "file.is-directory" },
];

function jsonError(stderr: string): { id: string; message: string; exit: number } {
  const lines = stderr.split("\n").filter((l) => l !== "");
  expect(lines, stderr).toHaveLength(1);
  const record = JSON.parse(lines[0]) as { error: { id: string; message: string; exit: number } };
  expect(Object.keys(record)).toEqual(["error"]);
  return record.error;
}

describe("CLI error ids", () => {
  it("the sample covers distinct rules: no two cases expect the same id", () => {
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    it(`${c.argv.join(" ")} → ${c.id} (exit ${c.exit})`, async () => {
      const text = await runCliInProcess(c.argv);
      expect(text.code, text.stderr).toBe(c.exit);
      expect(text.stdout).toBe("");
      expect(text.stderr).toMatch(/^matter-factory: [^\n]+\n$/);
      const json = await runCliInProcess(c.json ?? [...c.argv, "--json"]);
      expect(json.code).toBe(c.exit);
      expect(json.stdout).toBe("");
      const e = jsonError(json.stderr);
      expect(e).toEqual({ id: c.id, message: text.stderr.slice("matter-factory: ".length, -1), exit: c.exit });
    });
  }

  it("--json after -- is an argument, not a request for JSON errors", async () => {
    const r = await runCliInProcess(["codes", "parse", "--", "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^matter-factory: /);
  });

  it("the built bin writes the same JSON line", () => {
    const r = runCli(["codes", "--no-such-option", "--json"]);
    expect(r.status).toBe(2);
    expect(jsonError(r.stderr)).toEqual({ id: "usage.unknown-option", message: 'unknown option --no-such-option for "codes" (see --help)', exit: 2 });
  });

  it("codes, spake2p and generate give one message for a passcode out of range (Core §5.1.1.6)", async () => {
    const want = "matter-factory: option --passcode 0: must be in 1..99999998 (Core §5.1.1.6)\n";
    expect((await runCliInProcess(["codes", ...V, "--passcode", "0"])).stderr).toBe(want);
    expect((await runCliInProcess(["spake2p", "--passcode", "0"])).stderr).toBe(want);
    const g = await runCliInProcess(["generate", "-v", "0xFFF1", "-p", "0x8000", "--passcode", "0", "--outdir", join(REPO, "no-such-dir", "out")]);
    expect([g.code, g.stderr]).toEqual([1, want]);
    const trivial = "matter-factory: option --passcode 12345678: trivial passcode, not allowed (Core §5.1.7.1)\n";
    expect((await runCliInProcess(["codes", ...V, "--passcode", "12345678"])).stderr).toBe(trivial);
    expect((await runCliInProcess(["spake2p", "--passcode", "12345678"])).stderr).toBe(trivial);
  });
});

/** The host-tools files whose ids error-ids.ts documents (the others keep their own lists). */
const OTHERS = [/^errors\.ts$/, /^simulate\/sim\//, /^line\//, /^error-ids\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("error-ids.ts documents the ids host-tools throws", () => {
  const root = join(REPO, "host-tools");
  const owned = sources(root).filter((f) => !OTHERS.some((re) => re.test(relative(root, f).split("\\").join("/"))));
  const text = owned.map((f) => [relative(root, f), readFileSync(f, "utf8")] as const);
  const listed = new Set<string>(CLI_ERROR_IDS);

  it("lists each id once", () => {
    expect(listed.size).toBe(CLI_ERROR_IDS.length);
    for (const id of CLI_ERROR_IDS) expect(id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
  });

  it("every CliError/UsageError names an id first, and a listed one when it is a literal", () => {
    const bad: string[] = [];
    for (const [file, src] of text) {
      for (const m of src.matchAll(/new (?:CliError|UsageError)\(\s*([^,)]*)/g)) {
        const first = m[1].trim();
        const literal = /^"([^"]*)"$/.exec(first);
        if (first.startsWith("`") || first.startsWith("'") || (literal && !listed.has(literal[1]))) bad.push(`${file}: ${m[0]}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("every listed id is thrown somewhere", () => {
    // fsErrorId (after the list in error-ids.ts) picks the file.* ids by the file system's error code.
    const helpers = readFileSync(join(root, "error-ids.ts"), "utf8").split("] as const;")[1];
    const all = [...text.map(([, src]) => src), helpers].join("\n");
    expect(CLI_ERROR_IDS.filter((id) => !all.includes(`"${id}"`))).toEqual([]);
  });
});
