// Issue 10 item 4: code branches on an error's or a finding's stable id, never on its message text.
// A static scan of the shipped sources (modules/, host-tools/, device/, native/*.ts, main.ts; not the
// *.vectors.ts checks or test/): no `.message` may be compared, searched, matched or rewritten (taking
// its first line for display is not matching). That every CliError/UsageError/InputError has an id is
// the type checker's job: their constructors take (id, message).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/fixtures.js";

const ROOTS = ["modules", "host-tools", "device", "native", "main.ts"];

function sources(path: string): string[] {
  const full = join(REPO, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => sources(join(path, name)));
}
const FILES = ROOTS.flatMap(sources).filter((f) => f.endsWith(".ts") && !f.endsWith(".vectors.ts") && !f.endsWith(".d.ts"));

/** A use of message text as data: compared, searched, matched or rewritten. */
export const MESSAGE_MATCH = [
  /\.message\s*(?:===|!==|==|!=)/,
  /(?:===|!==|==|!=)\s*[\w.]*\.message\b/,
  /\.message\??\.(?:startsWith|endsWith|includes|indexOf|lastIndexOf|search|match|matchAll|replace|replaceAll)\(/,
  /\.(?:test|exec)\([^)]*\.message\b/,
  /\.has\([^)]*\.message\)/,
];

export function messageMatches(text: string): number[] {
  const lines = text.split("\n");
  const out: number[] = [];
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "");
    if (MESSAGE_MATCH.some((re) => re.test(code))) out.push(i + 1);
  });
  return out;
}

describe("errors and findings are told apart by id, not by text", () => {
  it(`scans ${FILES.length} source files`, () => {
    expect(FILES.length).toBeGreaterThan(150);
  });

  it("the scan finds each kind of message matching (it can fail)", () => {
    for (const bad of [
      'if (e.message.startsWith("invalid UTF-8")) skip();',
      "const m = /stored as (\\w+)/.exec(e.message);",
      'if (!/^key "[^"]+": missing;/.test(f.message)) warn(f);',
      "if (seen.has(f.message)) continue;",
      'return e.message === "boom";',
      'e.message.replace(/^\\[[^\\]]+\\] /, "")',
    ]) expect(messageMatches(bad), bad).toEqual([1]);
    expect(messageMatches('throw new CliError("x.y", `${e.message}`); // e.message.includes("a")')).toEqual([]);
  });

  it("no shipped code matches on message text", () => {
    const found = FILES.flatMap((f) => messageMatches(readFileSync(join(REPO, f), "utf8")).map((n) => `${f}:${n}`));
    expect(found).toEqual([]);
  });
});
