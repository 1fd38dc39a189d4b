// Differential test of the shared CSV tokenizer (modules/csv/tokenizer.ts) under each tool's dialect
// against Python 3.11's csv module, read the way each tool reads (test/py/csv_dialects.py):
// nvs_partition_gen's (parseCsvRecords: universal newlines, "#" lines dropped, field size limit) with
// the NVS venv's Python, and mfg_tool's (parseCsv: newline="", no limit; closedQuotes + dropBom) with
// the mfg venv's Python. Seeded random texts, from a token alphabet and from CSV-shaped rows.
//
// Replay: MF_SEED=<seed> npx vitest run test/csv-dialects.test.ts
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvRecords } from "../modules/nvs/csv.js";
import { CsvSyntaxError } from "../modules/csv/tokenizer.js";
import { csvField, parseCsv } from "../host-tools/mfg/csv-text.js";

/** The oracle for the BOM option: the text with a leading U+FEFF cut off by hand. */
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
import { Rng } from "./support/seeded-rng.js";

const SEED = process.env.MF_SEED ? Number(process.env.MF_SEED) >>> 0 : 0x43535631;
const PER_DIALECT = 1500;

const repo = fileURLToPath(new URL("..", import.meta.url));
const DRIVER = join(repo, "test/py/csv_dialects.py");
const PYTHON = { gen: join(repo, ".venv/nvs/bin/python"), mfg: join(repo, ".venv/mfg/bin/python") };

type Dialect = "gen" | "mfg" | "mfg-closed";
interface PyResult { status: "ok" | "exception"; records?: string[][]; unclosed?: boolean; error?: string }
interface Case { dialect: Dialect; text: string; py?: PyResult }

const ALPHABET = ["a", "b", ",", '"', '""', "\n", "\r", "\r\n", "#", " ", "é", "😀", "\0", "\t", "\u2028", "\x85", "\ufeff"];

/** Random tokens: every state-machine edge, densely. */
function tokenText(rng: Rng): string {
  let t = rng.bool(0.1) ? "\ufeff" : "";
  for (let n = rng.int(0, 40); n > 0; n--) t += rng.pick(ALPHABET);
  return t;
}

/** CSV-shaped rows: csv.writer-quoted fields, some quotes broken, comment lines, mixed line ends. */
function rowText(rng: Rng): string {
  const lines: string[] = [];
  for (let r = rng.int(0, 8); r > 0; r--) {
    if (rng.bool(0.1)) {
      lines.push("#" + tokenText(rng).replace(/[\r\n]/g, ""));
      continue;
    }
    const fields = Array.from({ length: rng.int(1, 5) }, () => (rng.bool(0.5) ? tokenText(rng) : rng.pick(["key", "data", "u8", "0x1f", "", " 5 "])));
    let line = fields.map(csvField).join(",");
    if (rng.bool(0.05)) line = [...line].slice(0, rng.int(0, line.length)).join(""); // a cut (between code points: files are UTF-8)
    lines.push(line);
  }
  return lines.map((l) => l + rng.pick(["\n", "\r\n", "\r", ""])).join("");
}

/** A field around the field size limit (code points), sometimes made of emoji (two UTF-16 units each). */
function longText(rng: Rng): string {
  const n = 131072 + rng.int(-2, 2);
  const body = rng.bool() ? "😀".repeat(n) : "x".repeat(n);
  return rng.pick([`a,${body}\n`, `"${body}"`, `"${body.slice(0, -2)}"x😀\n`, `#skip\n\n"${body}\r\n"`]);
}

const cases: Case[] = [];
let root = "";
let failed = false;

beforeAll(() => {
  for (const p of Object.values(PYTHON)) if (!existsSync(p)) throw new Error(`${p} missing: run npm ci (scripts/setup.mjs)`);
  const rng = new Rng(SEED);
  for (const dialect of ["gen", "mfg", "mfg-closed"] as const) {
    for (let i = 0; i < PER_DIALECT; i++) cases.push({ dialect, text: i % 2 ? tokenText(rng) : rowText(rng) });
    for (let i = 0; i < 6; i++) cases.push({ dialect, text: longText(rng) });
  }
  root = mkdtempSync(join(tmpdir(), "mf-csv-dialects-"));
  for (const venv of ["gen", "mfg"] as const) {
    const mine = cases.filter((c) => (venv === "gen") === (c.dialect === "gen"));
    const jobs = mine.map((c, i) => {
      const path = join(root, `${venv}-${i}.csv`);
      writeFileSync(path, c.text);
      return { path, dialect: c.dialect };
    });
    writeFileSync(join(root, `${venv}.json`), JSON.stringify(jobs));
    const run = spawnSync(PYTHON[venv], [DRIVER, join(root, `${venv}.json`), join(root, `${venv}-out.json`)], { encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0) throw new Error(`csv_dialects.py failed (${run.status}): ${run.stderr}`);
    const results = JSON.parse(readFileSync(join(root, `${venv}-out.json`), "utf8")) as PyResult[];
    mine.forEach((c, i) => (c.py = results[i]));
  }
}, 180_000);

afterAll(() => {
  if (root && !failed) rmSync(root, { recursive: true, force: true });
  else if (root) console.error(`CSV dialects: inputs kept in ${root} (seed ${SEED})`);
});

/** Ours, in the driver's terms: records, "error", or "unclosed". */
function ours(c: Case): string {
  try {
    if (c.dialect === "gen") return JSON.stringify(parseCsvRecords(c.text).map((r) => r.fields));
    if (c.dialect === "mfg") return JSON.stringify(parseCsv(c.text));
    const records = parseCsv(c.text, { closedQuotes: true, dropBom: true });
    // the BOM option and cutting the BOM off by hand must agree
    if (JSON.stringify(parseCsv(withoutBom(c.text), { closedQuotes: true })) !== JSON.stringify(records)) return "dropBom differs from withoutBom";
    return JSON.stringify(records);
  } catch (e) {
    if (c.dialect === "mfg-closed" && e instanceof CsvSyntaxError && e.id === "csv.unclosed-quote") return "unclosed";
    return "error";
  }
}

function python(c: Case): string {
  const r = c.py!;
  if (r.status !== "ok") return "error";
  return r.unclosed ? "unclosed" : JSON.stringify(r.records);
}

describe(`CSV tokenizer vs Python's csv module, per tool dialect (seed ${SEED})`, () => {
  for (const dialect of ["gen", "mfg", "mfg-closed"] as const) {
    it(`${dialect}: ${PER_DIALECT + 6} random texts give Python's records (or are rejected by both)`, () => {
      const mine = cases.filter((c) => c.dialect === dialect);
      const failures = mine
        .map((c) => ({ c, o: ours(c), p: python(c) }))
        .filter(({ o, p }) => o !== p)
        .map(({ c, o, p }) => `MF_SEED=${SEED} ${dialect} ${JSON.stringify(c.text.length > 200 ? c.text.slice(0, 200) + "…" : c.text)}: ours ${o.slice(0, 200)}, Python ${p.slice(0, 200)} ${c.py!.error ?? ""}`);
      if (failures.length) failed = true;
      expect(failures.slice(0, 20)).toEqual([]);
      // the comparison must cover what differs between dialects, not only agree on easy texts
      const outcomes = mine.map(python);
      const errors = outcomes.filter((o) => o === "error").length;
      if (dialect === "gen") expect(errors).toBeGreaterThan(2); // the field size limit
      else expect(errors).toBe(0); // mfg_tool's reading has no limit, and nothing else fails
      if (dialect === "mfg-closed") expect(outcomes.filter((o) => o === "unclosed").length).toBeGreaterThan(50);
      expect(mine.filter((c) => /[\r]/.test(c.text) && python(c) !== "error").length).toBeGreaterThan(300);
    });
  }
});
