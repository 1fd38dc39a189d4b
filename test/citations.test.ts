// Citations stay inside the repository (issue 10 item 6): comments, docs and strings cite public
// sources or the project's own docs/, never the reference notes of the development workspace, which
// a clone does not have. Three checks over every tracked text file:
//   1. nothing names the workspace folder beside the checkout or a reference note `ref/<name>.md`
//      that is not in the repository, nor cites a bare "ref §N";
//   2. every `docs/<name>.md` it names exists;
//   3. every `docs/<name>.md §<Section>` names a heading of that page. A `§<Section>` with no page
//      in the same clause refers to the file itself when that file is a docs/ page, and is an error
//      elsewhere. `§` followed by a digit is a spec section (Matter Core, Bluetooth Core) and not
//      checked here.
// Exempt: generated fixtures (.fixtures/) and test/clone-independence.test.ts (it proves a clone works
// without the workspace). A test file that uses SHARED_VECTORS (test/support/fixtures.ts: optional
// extra vectors beside the checkout, checked only when present) may name that folder, but it too
// must not cite the reference notes.

import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/fixtures.js";

const SELF = "test/citations.test.ts";
const EXEMPT = new Set([SELF, "test/clone-independence.test.ts"]);
/** Test code that looks for the optional workspace vectors (and says so when they are absent). */
const usesOptionalVectors = (file: string, text: string) => /^test\//.test(file) && text.includes("SHARED_VECTORS");
const SKIP_DIR = /^(\.fixtures|node_modules|\.venv|\.git)(\/|$)/;

// Built from pieces so that this file's own source would not match them.
const WORKSPACE = [
  new RegExp(String.raw`\.\.\/` + "shared" + String.raw`\b`, "g"),
  new RegExp(String.raw`\b` + "shared" + String.raw`\/(?:ref|vectors|seeds)\b`, "g"),
];
const REF_NOTE = new RegExp(String.raw`(?<![\w.\/-])` + "ref" + String.raw`\/([a-z0-9-]+\.md)`, "g");
const BARE_REF = new RegExp(String.raw`\b` + "ref" + " §", "g");
const DOC_MENTION = /(?<![\w./-])docs\/([\w-]+\.md)/g;
/** A section citation: § then a letter, backtick or other non-digit start. */
const SECTION = /§(?=[^\d\s§<])/g;

export interface Finding {
  file: string;
  line: number;
  message: string;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** The headings of a Markdown page, outside fenced code. */
export function headings(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.push(m[1]);
  }
  return out;
}

/** Text after `index` with line breaks and comment markers folded to single spaces. */
function folded(text: string, index: number): string {
  return text.slice(index, index + 200).replace(/[ \t]*\r?\n[ \t]*(?:\/\/+|#+|\*|--)?[ \t]*/g, " ");
}

/** The heading `rest` starts with (whole words), if any. */
function matchHeading(rest: string, heads: string[]): string | undefined {
  let best: string | undefined;
  for (const h of heads) {
    if (!rest.startsWith(h)) continue;
    if (/[\w-]/.test(rest.charAt(h.length)) && /[\w-]$/.test(h)) continue;
    if (!best || h.length > best.length) best = h;
  }
  return best;
}

/** True when the text between a page mention and a § still belongs to the same clause. */
function sameClause(gap: string): boolean {
  return !/;|\.\s|\n[ \t]*\n|\n[ \t]*(?:\/\/|#|\*)?[ \t]*\n/.test(gap) && gap.length < 400;
}

/**
 * The findings for one file. `read` returns a repository file's text or undefined when it does not
 * exist; `exists` says whether a repository path exists.
 */
export function checkText(
  file: string,
  text: string,
  read: (path: string) => string | undefined,
  exists: (path: string) => boolean,
): Finding[] {
  const findings: Finding[] = [];
  const add = (index: number, message: string) => findings.push({ file, line: lineAt(text, index), message });

  for (const re of usesOptionalVectors(file, text) ? [] : WORKSPACE) {
    for (const m of text.matchAll(re)) add(m.index, `names the development workspace ("${m[0]}"), which a clone does not have`);
  }
  for (const m of text.matchAll(REF_NOTE)) {
    const here = join(dirname(file), "ref", m[1]);
    if (!exists(join("ref", m[1])) && !exists(here)) add(m.index, `cites ${m[0]}, which is not in the repository`);
  }
  for (const m of text.matchAll(BARE_REF)) add(m.index, `cites a reference note section ("${m[0]}…") that is not in the repository`);

  const mentions = [...text.matchAll(DOC_MENTION)].map((m) => ({ index: m.index, end: m.index + m[0].length, page: `docs/${m[1]}` }));
  const pages = new Map<string, string[] | undefined>();
  const headsOf = (page: string) => {
    if (!pages.has(page)) {
      const t = page === file ? text : read(page);
      pages.set(page, t === undefined ? undefined : headings(t));
    }
    return pages.get(page);
  };
  for (const m of mentions) if (headsOf(m.page) === undefined) add(m.index, `names ${m.page}, which does not exist`);

  for (const s of text.matchAll(SECTION)) {
    const before = mentions.filter((m) => m.end <= s.index);
    const last = before[before.length - 1];
    let page: string | undefined;
    if (last && sameClause(text.slice(last.end, s.index))) page = last.page;
    else if (/^docs\/[\w-]+\.md$/.test(file)) page = file;
    const rest = folded(text, s.index + 1);
    if (!page) {
      add(s.index, `cites §${rest.slice(0, 40)}… without a docs/ page in the same clause`);
      continue;
    }
    const heads = headsOf(page);
    if (heads === undefined) continue; // reported above
    if (!matchHeading(rest, heads)) add(s.index, `cites ${page} §${rest.slice(0, 40)}…, which is not a heading of ${page}`);
  }
  return findings;
}

function trackedFiles(): string[] {
  try {
    const out = execFileSync("git", ["-C", REPO, "ls-files", "-z"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return out.split("\0").filter((f) => f && existsSync(join(REPO, f)));
  } catch {
    // Not a git checkout (an unpacked tarball): every file but the ignored folders.
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(join(REPO, dir))) {
        const rel = dir ? `${dir}/${name}` : name;
        if (SKIP_DIR.test(rel)) continue;
        if (statSync(join(REPO, rel)).isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    walk("");
    return out;
  }
}

function readRepo(path: string): string | undefined {
  const abs = join(REPO, path);
  if (!existsSync(abs) || !statSync(abs).isFile()) return undefined;
  return readFileSync(abs, "utf8");
}

describe("citations", () => {
  it("the checker finds each kind of bad citation (synthetic files)", () => {
    const page = "# Title\n\n## Entry header\n\ntext (§Entry header)\n\n```\n## Not a heading\n```\n";
    const read = (p: string) => (p === "docs/page.md" ? page : undefined);
    const none = () => false;
    const msgs = (file: string, text: string) => checkText(file, text, read, none).map((f) => f.message);

    expect(msgs("a.ts", "// (docs/page.md §Entry header), docs/page.md §Entry header; Core §5.1.3")).toEqual([]);
    expect(msgs("a.ts", "// docs/page.md\n// §Entry header and more")).toEqual([]);
    expect(msgs("docs/page.md", page)).toEqual([]);
    expect(msgs("a.ts", "// docs/page.md §Entry head")[0]).toMatch(/not a heading/);
    expect(msgs("a.ts", "// docs/page.md §Not a heading")[0]).toMatch(/not a heading/);
    expect(msgs("a.ts", "// docs/missing.md §X")[0]).toMatch(/does not exist/);
    expect(msgs("a.ts", "// docs/page.md. Then §Entry header")[0]).toMatch(/without a docs\/ page/);
    expect(msgs("a.ts", "// see " + "ref" + "/nvs-format.md §3")[0]).toMatch(/not in the repository/);
    expect(msgs("a.ts", "// (" + "ref" + " §1.5)")[0]).toMatch(/reference note section/);
    expect(msgs("a.ts", "// ../" + "shared/vectors/x")).toHaveLength(2);
    expect(msgs("a.ts", `// ${"shared"}/ref/x`)[0]).toMatch(/workspace/);
    expect(msgs("a.ts", 'const m = "shared/bytes/hex";')).toEqual([]);
    const optional = `import { SHARED_VECTORS } from "./support/fixtures.js"; // skipped: no ${"shared"}/vectors/x`;
    expect(msgs("test/x.test.ts", optional)).toEqual([]);
    expect(msgs("modules/x.ts", optional)).toHaveLength(1);
    expect(msgs("test/x.test.ts", `${optional} (${"ref"}/nvs-format.md)`)).toHaveLength(1);
  });

  it("every tracked file cites only what the repository has", () => {
    const findings: Finding[] = [];
    let checked = 0;
    for (const file of trackedFiles()) {
      if (SKIP_DIR.test(file) || EXEMPT.has(file)) continue;
      const buf = readFileSync(join(REPO, file));
      if (buf.subarray(0, 8000).includes(0)) continue; // binary
      checked++;
      findings.push(...checkText(file, buf.toString("utf8"), readRepo, (p) => existsSync(join(REPO, p))));
    }
    expect(checked).toBeGreaterThan(100);
    const report = findings.map((f) => `${f.file}:${f.line}: ${f.message}`).join("\n");
    expect(report, `${findings.length} citation(s) to fix:\n${report}`).toBe("");
  });

  it("the docs pages the code cites keep their sections (anchors are stable)", () => {
    const expected: Record<string, string[]> = {
      "docs/nvs-format.md": ["Entry header", "CRC-32", "Encryption", "Reader rules", "Multi-page blobs"],
      "docs/factory-data.md": ["Key table", "mfg-date", "Certificates", "mfg_tool output layout"],
      "docs/onboarding.md": ["QR code", "Rotating Device ID", "BLE advertisement", "SPAKE2+ verifier"],
      "docs/xs-engine.md": ["Manifests", "Language", "XS 13.3 quirks", "Metering"],
    };
    for (const [page, want] of Object.entries(expected)) {
      const heads = headings(readRepo(page) ?? "");
      for (const h of want) expect(heads, `${page} §${h}`).toContain(h);
      expect(new Set(heads).size, `${page} has duplicate headings`).toBe(heads.length);
    }
  });
});
