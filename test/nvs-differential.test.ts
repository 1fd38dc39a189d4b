// Differential test: seeded random CSVs through the pinned, unmodified ESP-IDF generator
// (esp-idf-nvs-partition-gen 0.2.0 in .venv/nvs, driven in one process by test/py/nvs_batch.py)
// and through our parseNvsCsv + writeNvsImage: the images must be byte-identical, and whatever the
// tool rejects we must reject with a one-line NvsInputError. Also: encrypted images
// (encrypt --inputkey) vs encryptNvsImage, our reader on the tool's images, and invalid inputs.
//
// Replay: MF_SEED=<seed> npx vitest run test/nvs-differential.test.ts (failing cases keep their
// folder with in.csv, files/ and the tool's out.bin; the path is in the failure message).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsvRecords, parseNvsCsv, pythonBase64Decode } from "../modules/nvs/csv.js";
import { toHex } from "../modules/bytes/hex.js";
import { measureNvsImage, parseNvsSize, parsePythonInt, writeNvsImage } from "../modules/nvs/writer.js";
import { NvsInputError, type NvsEntry, type NvsKeys, type NvsRow } from "../modules/nvs/types.js";
import { nvsCrc32 } from "../modules/checksum/crc32.js";
import { Rng, randomNvsCsv, type RandomCsvCase } from "./support/random-csv.js";
import { NVS_VECTORS } from "./support/fixtures.js";

const SEED = process.env.MF_SEED ? Number(process.env.MF_SEED) >>> 0 : 0x4e565331;
const RANDOM_CASES = 400;
const ENCRYPTED_CASES = 36;

const repo = fileURLToPath(new URL("..", import.meta.url));
const PYTHON = join(repo, ".venv/nvs/bin/python");
const DRIVER = join(repo, "test/py/nvs_batch.py");
const VECTORS = NVS_VECTORS;

type Ours = { ok: true; image: Uint8Array; rows: NvsRow[] } | { ok: false; error: unknown };

interface Job {
  name: string;
  dir: string;
  py: { cwd: string; command: string; csv: string; out: string; size: string; version: number; inputkey?: string };
  ours: Ours;
  random?: RandomCsvCase;
  keys?: NvsKeys;
}

interface PyResult { status: "ok" | "exit" | "exception"; code?: unknown; error?: string; output: string; value?: unknown }

/** Python behaviours GEN relies on, probed with random text (nvs_batch.py "records"/"probe" jobs). */
interface Probe { kind: "records" | "int" | "int0" | "b64"; text: string }
const probes: Probe[] = [];
let probeResults: PyResult[] = [];

let root = "";
const jobs: Job[] = [];
let results: PyResult[] = [];
let toolVersion = "";
let failed = false;

function writeCase(dir: string, csv: string, files: Map<string, Uint8Array> = new Map()): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "in.csv"), csv);
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
}

/** Our pipeline, as the CLI will run it: size text, CSV text + files relative to the case folder. */
function runOurs(dir: string, csv: string, size: string, version: 1 | 2, encrypt?: (image: Uint8Array) => Uint8Array): Ours {
  try {
    const rows = parseNvsCsv(csv, (path) => new Uint8Array(readFileSync(join(dir, path))));
    const image = writeNvsImage(rows, { size: parseNvsSize(size), version });
    return { ok: true, image: encrypt ? encrypt(image) : image, rows };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A size for the case: mostly just enough or a bit more, sometimes read-only, sometimes too small. */
function chooseSize(rng: Rng, rows: NvsRow[] | null, version: 1 | 2): string {
  let size = 0x8000;
  let measured: { dataPages: number; minSize: number } | null = null;
  try {
    if (rows) measured = measureNvsImage(rows, version);
  } catch {
    measured = null; // invalid rows: both sides must reject at any size
  }
  if (measured) {
    const { dataPages, minSize } = measured;
    const r = rng.float();
    if (dataPages <= 2 && r < 0.2) size = dataPages === 1 && rng.bool() ? 0x1000 : 0x2000;
    else if (r < 0.27) size = dataPages >= 3 ? dataPages * 0x1000 : 0x1000; // one page short
    else size = minSize + rng.int(0, 2) * 0x1000;
  }
  const style = rng.int(0, 9);
  return style < 6 ? "0x" + size.toString(16) : style < 9 ? String(size) : "0X" + size.toString(16).toUpperCase();
}

function keyFile(keys: NvsKeys): Uint8Array {
  const out = new Uint8Array(4096).fill(0xff);
  out.set(keys.eky, 0);
  out.set(keys.tky, 32);
  const crc = nvsCrc32(out.subarray(0, 64));
  out.set([crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24], 64);
  return out;
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `first difference at 0x${i.toString(16)} (page ${i >> 12}, entry ${((i & 0xfff) - 64) >> 5}): ours ${a[i]}, tool ${b[i]}`;
  }
  return a.length === b.length ? "" : `lengths differ: ours ${a.length}, tool ${b.length}`;
}

/** "" when ours and the tool agree, else why not. */
function compare(job: Job, result: PyResult): string {
  const out = join(job.dir, job.py.out);
  const toolOk = result.status === "ok" && existsSync(out);
  if (!job.ours.ok) {
    const e = job.ours.error;
    if (!(e instanceof NvsInputError)) return `we threw a non-NvsInputError: ${String(e)}`;
    if (e.message.includes("\n")) return `our error message has several lines: ${JSON.stringify(e.message)}`;
    if (toolOk) return `tool accepted, we rejected: ${e.message}`;
    return "";
  }
  if (!toolOk) return `tool rejected (${result.status} ${result.code ?? result.error ?? ""}: ${result.output.trim().split("\n").pop()}), we accepted`;
  return firstDifference(job.ours.image, new Uint8Array(readFileSync(out)));
}

function report(kind: string, list: Job[]): string[] {
  const failures: string[] = [];
  for (const job of list) {
    const why = compare(job, results[jobs.indexOf(job)]);
    if (why) failures.push(`MF_SEED=${SEED} ${kind} ${job.name} (${job.dir}, size ${job.py.size}, v${job.py.version}): ${why}`);
  }
  if (failures.length) {
    failed = true;
    console.error(`NVS differential failures (seed ${SEED}):\n` + failures.slice(0, 20).join("\n"));
  }
  return failures;
}

/** What a reader should find for the rows: namespace = most recently *created* one (§5.1). */
function expectedEntries(rows: NvsRow[]): NvsEntry[] | null {
  const created = new Set<string>();
  let current: string | null = null;
  const seen = new Set<string>();
  const out: NvsEntry[] = [];
  for (const row of rows) {
    if (row.kind === "namespace") {
      if (!created.has(row.name)) {
        created.add(row.name);
        current = row.name;
      }
      continue;
    }
    if (current === null) return null; // namespace index 0: looks like a namespace definition
    if (row.type === "string" && typeof row.value !== "string") return null; // stored without NUL
    const id = current + "\u0000" + row.key;
    if (seen.has(id)) return null; // duplicates: the runtime keeps one copy
    seen.add(id);
    out.push({ namespace: current, key: row.key, type: row.type, value: row.value });
  }
  return out;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "nvs-diff-"));
  const pyJobs: Job["py"][] = [];
  const add = (job: Job) => {
    jobs.push(job);
    pyJobs.push(job.py);
  };

  // 1. random CSVs, plain images
  for (let i = 0; i < RANDOM_CASES; i++) {
    const seed = (SEED + i) >>> 0;
    const rc = randomNvsCsv(seed);
    const dir = join(root, `random-${i}`);
    writeCase(dir, rc.csv, rc.files);
    let rows: NvsRow[] | null = null;
    try {
      rows = parseNvsCsv(rc.csv, (p) => rc.files.get(p) ?? new Uint8Array(readFileSync(join(dir, p))));
    } catch {
      rows = null;
    }
    const size = chooseSize(new Rng(seed ^ 0x51e5), rows, rc.version);
    add({
      name: `random #${i} (case seed ${seed})`, dir, random: rc,
      py: { cwd: dir, command: "generate", csv: "in.csv", out: "out.bin", size, version: rc.version },
      ours: runOurs(dir, rc.csv, size, rc.version),
    });
  }

  // 2. encrypted: the fixed key file of the golden vectors, and random keys
  for (let i = 0; i < ENCRYPTED_CASES; i++) {
    const seed = (SEED + 100000 + i) >>> 0;
    const rng = new Rng(seed ^ 0xe4c);
    const rc = randomNvsCsv(seed, { maxRows: 12, maxBlob: rng.bool() ? 5000 : 300 });
    const dir = join(root, `encrypted-${i}`);
    writeCase(dir, rc.csv, rc.files);
    let keyBytes: Uint8Array;
    if (i % 3 === 0) keyBytes = new Uint8Array(readFileSync(join(VECTORS, "fixed_keys.bin")));
    else keyBytes = keyFile({ eky: rng.bytes(32), tky: rng.bytes(32) });
    writeFileSync(join(dir, "keys.bin"), keyBytes);
    let rows: NvsRow[] | null = null;
    try {
      rows = parseNvsCsv(rc.csv, (p) => new Uint8Array(readFileSync(join(dir, p))));
    } catch {
      rows = null;
    }
    const size = chooseSize(rng, rows, rc.version);
    add({
      name: `encrypted #${i} (case seed ${seed})`, dir, random: rc,
      py: { cwd: dir, command: "encrypt", csv: "in.csv", out: "out.bin", size, version: rc.version, inputkey: "keys.bin" },
      // filled in by the encryption test (the module is written in parallel; imported there)
      ours: { ok: false, error: new Error("not computed") },
      keys: { eky: keyBytes.slice(0, 32), tky: keyBytes.slice(32, 64) },
    });
  }

  // 3. invalid inputs: the tool rejects each (cleanly or with a traceback); so must we
  for (const [i, bad] of INVALID.entries()) {
    const dir = join(root, `invalid-${i}`);
    writeCase(dir, bad.csv, new Map(Object.entries(bad.files ?? {}).map(([k, v]) => [k, v])));
    add({
      name: `invalid #${i} ${bad.name}`, dir,
      py: { cwd: dir, command: "generate", csv: "in.csv", out: "out.bin", size: bad.size ?? "0x4000", version: bad.version ?? 2 },
      ours: runOurs(dir, bad.csv, bad.size ?? "0x4000", bad.version ?? 2),
    });
  }

  // 4. probes: CSV record splitting, int(), int(x, 0), a2b_base64 on random text
  const rng = new Rng(SEED ^ 0x9e3779b9);
  const text = (alphabet: readonly string[], max: number) => {
    let t = "";
    for (let n = rng.int(0, max); n > 0; n--) t += rng.pick(alphabet);
    return t;
  };
  const CSV_ALPHABET = ["a", "b", ",", '"', '""', "\n", "\r", "\r\n", "#", " ", "é", "😀", "\0", "\t", "\u2028", "\x85"];
  const INT_ALPHABET = ["0", "1", "7", "9", "_", "+", "-", " ", "\t", "\n", "\u00a0", "\u2003", "\x1c", "\x0b", "x", "e"];
  const INT0_ALPHABET = [...INT_ALPHABET, "0x", "0o", "0b", "0X", "f", "F", "8"];
  const B64_ALPHABET = ["A", "Q", "z", "9", "+", "/", "=", "==", " ", "\n", "!", "-", "_", "YWJj"];
  for (let i = 0; i < 400; i++) probes.push({ kind: "records", text: text(CSV_ALPHABET, 30) });
  for (let i = 0; i < 300; i++) probes.push({ kind: "int", text: text(INT_ALPHABET, 8) });
  for (let i = 0; i < 300; i++) probes.push({ kind: "int0", text: text(INT0_ALPHABET, 8) });
  for (let i = 0; i < 300; i++) probes.push({ kind: "b64", text: text(B64_ALPHABET, 10) });
  // the field size limit counts code points: 131072 emoji (262144 UTF-16 units) fit, one more does not
  probes.push({ kind: "records", text: '"' + "😀".repeat(131072) + '"' });
  probes.push({ kind: "records", text: '"' + "😀".repeat(131071) + '"x😀' });
  probes.push({ kind: "records", text: "a," + "x".repeat(131073) });
  const probeDir = join(root, "probes");
  mkdirSync(probeDir);
  const probeJobs = probes.map((p, i) => {
    if (p.kind !== "records") return { probe: p.kind, text: p.text };
    writeFileSync(join(probeDir, `${i}.csv`), p.text);
    return { cwd: probeDir, records: `${i}.csv` };
  });

  writeFileSync(join(root, "jobs.json"), JSON.stringify([...pyJobs, ...probeJobs]));
  const run = spawnSync(PYTHON, [DRIVER, join(root, "jobs.json"), join(root, "results.json")], { encoding: "utf8", timeout: 240_000 });
  if (run.status !== 0) throw new Error(`nvs_batch.py failed (${run.status}): ${run.stderr}`);
  const parsed = JSON.parse(readFileSync(join(root, "results.json"), "utf8")) as { tool_version: string; results: PyResult[] };
  toolVersion = parsed.tool_version;
  results = parsed.results.slice(0, jobs.length);
  probeResults = parsed.results.slice(jobs.length);
}, 300_000);

afterAll(() => {
  if (root && !failed) rmSync(root, { recursive: true, force: true });
  else if (root) console.error(`NVS differential: cases kept in ${root} (seed ${SEED})`);
});

describe(`NVS writer vs esp-idf-nvs-partition-gen (seed ${SEED})`, () => {
  it("runs the pinned tool version", () => {
    expect(toolVersion).toBe("0.2.0");
    expect(results.length).toBe(jobs.length);
    expect(probeResults.length).toBe(probes.length);
  });

  it(`${probes.length} probes: CSV records, int(), int(x, 0) and a2b_base64 agree with Python`, () => {
    const failures: string[] = [];
    for (const [i, p] of probes.entries()) {
      const r = probeResults[i];
      const python = r.status === "ok" ? JSON.stringify(r.value) : "error";
      let ours: string;
      if (p.kind === "records") {
        try {
          ours = JSON.stringify(parseCsvRecords(p.text).map((rec) => rec.fields));
        } catch {
          ours = "error";
        }
      } else if (p.kind === "b64") {
        const v = pythonBase64Decode(p.text);
        ours = v === null ? "error" : JSON.stringify(toHex(v));
      } else {
        const v = parsePythonInt(p.text, p.kind === "int" ? 10 : 0);
        ours = v === null ? "error" : JSON.stringify(v.toString());
      }
      if (ours !== python) failures.push(`MF_SEED=${SEED} ${p.kind} ${JSON.stringify(p.text)}: ours ${ours}, Python ${python} ${r.error ?? ""}`);
    }
    if (failures.length) failed = true;
    expect(failures).toEqual([]);
  });

  it(`${RANDOM_CASES} random CSVs give byte-identical images (or are rejected by both)`, () => {
    const list = jobs.filter((j) => j.name.startsWith("random"));
    const failures = report("generate", list);
    expect(failures).toEqual([]);
    // the comparison must mostly compare images, not just agree on errors
    const accepted = list.filter((j) => j.ours.ok).length;
    expect(accepted).toBeGreaterThan(RANDOM_CASES * 0.75);
    // and cover the edges it is meant to cover
    const v1 = list.filter((j) => j.ours.ok && j.py.version === 1).length;
    const readOnly = list.filter((j) => j.ours.ok && (j.py.size === "0x1000" || j.py.size === "0x2000" || j.py.size === "4096" || j.py.size === "8192")).length;
    const tooSmall = list.filter((j) => !j.ours.ok && String((j.ours as { error: unknown }).error).includes("too small")).length;
    const withKey = (key: string) => list.filter((j) => j.ours.ok && j.ours.rows.some((r) => r.kind === "data" && r.key === key)).length;
    expect(v1).toBeGreaterThan(20);
    expect(readOnly).toBeGreaterThan(5);
    expect(tooSmall).toBeGreaterThan(5);
    expect(withKey("sta.apinfo")).toBeGreaterThan(3); // Wi-Fi insertions (§5.1)
    expect(withKey("ap.pmk_info")).toBeGreaterThan(2);
  });

  it(`${ENCRYPTED_CASES} encrypted images equal encryptNvsImage(writeNvsImage(...)) with the same keys`, async () => {
    const { encryptNvsImage } = await import("../modules/nvs/encryption.js");
    const list = jobs.filter((j) => j.name.startsWith("encrypted"));
    for (const job of list) {
      const rc = job.random!;
      job.ours = runOurs(job.dir, rc.csv, job.py.size, rc.version, (image) => encryptNvsImage(image, job.keys!));
    }
    const failures = report("encrypt", list);
    expect(failures).toEqual([]);
    expect(list.filter((j) => j.ours.ok).length).toBeGreaterThanOrEqual(30);
  });

  it("our reader returns the CSV's values from the tool's images (plain and encrypted)", async () => {
    const { readNvsImage } = await import("../modules/nvs/reader.js");
    let checked = 0;
    const failures: string[] = [];
    for (const [i, job] of jobs.entries()) {
      if (!job.random || !job.ours.ok || results[i].status !== "ok") continue;
      const expected = expectedEntries(job.ours.rows);
      if (!expected) continue;
      const image = new Uint8Array(readFileSync(join(job.dir, job.py.out)));
      const read = readNvsImage(image, job.keys ? { keys: job.keys } : {});
      const got = read.entries.map((e) => ({ namespace: e.namespace, key: e.key, type: e.type, value: e.value }));
      try {
        expect(got).toEqual(expected);
        expect(read.problems).toEqual([]);
        checked++;
      } catch (e) {
        failures.push(`MF_SEED=${SEED} ${job.name} (${job.dir}): ${String(e).split("\n")[0]}`);
      }
    }
    if (failures.length) {
      failed = true;
      console.error(failures.slice(0, 10).join("\n"));
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it(`${INVALID.length} invalid inputs are rejected by the tool and by us with a one-line NvsInputError`, () => {
    const list = jobs.filter((j) => j.name.startsWith("invalid"));
    const failures: string[] = [];
    for (const [k, job] of list.entries()) {
      const bad = INVALID[k];
      const r = results[jobs.indexOf(job)];
      const out = join(job.dir, "out.bin");
      const toolAccepted = r.status === "ok" && existsSync(out) && readFileSync(out).length > 0;
      if (toolAccepted !== (bad.toolAccepts === true)) {
        failures.push(`${job.name}: the tool ${toolAccepted ? "accepted" : "rejected"} it, expected the opposite`);
      }
      if (job.ours.ok) {
        failures.push(`${job.name}: we accepted it`);
        continue;
      }
      const e = job.ours.error;
      if (!(e instanceof NvsInputError)) failures.push(`${job.name}: we threw ${String(e)}, not an NvsInputError`);
      else if (e.message.includes("\n")) failures.push(`${job.name}: message has several lines`);
      else if (bad.message && !e.message.includes(bad.message)) {
        failures.push(`${job.name}: message ${JSON.stringify(e.message)} lacks ${JSON.stringify(bad.message)}`);
      }
    }
    if (failures.length) failed = true;
    expect(failures).toEqual([]);
  });
});

interface InvalidCase {
  name: string;
  csv: string;
  size?: string;
  version?: 1 | 2;
  files?: Record<string, Uint8Array>;
  /** Part of our error message. */
  message?: string;
  /** The tool writes an image here, but a corrupt one; we reject on purpose. */
  toolAccepts?: boolean;
}

const H = "key,type,encoding,value\nns,namespace,,\n";
const INVALID: InvalidCase[] = [
  { name: "key longer than 15", csv: H + "sixteen-chars-xx,data,u8,1\n", message: "longer than 15 characters" },
  { name: "namespace longer than 15", csv: "key,type,encoding,value\nnamespace-is-long,namespace,,\n", message: "longer than 15" },
  { name: "v2 string 4001 bytes", csv: H + `s,data,string,${"a".repeat(4000)}\n`, message: "longer than 3968" },
  { name: "v2 string 3990 bytes (tool crashes)", csv: H + `s,data,string,${"a".repeat(3989)}\n`, message: "longer than 3968" },
  { name: "v2 string 3969 bytes (tool crashes)", csv: H + `s,data,string,${"a".repeat(3968)}\n`, message: "longer than 3968" },
  { name: "v1 string 1985 bytes", csv: H + `s,data,string,${"a".repeat(1984)}\n`, version: 1, message: "longer than 1984" },
  { name: "v1 blob 1985 bytes", csv: H + `b,data,hex2bin,${"ab".repeat(1985)}\n`, version: 1, message: "longer than 1984" },
  { name: "hex odd length", csv: H + "b,data,hex2bin,abc\n", message: "odd length" },
  { name: "hex non-hex digit", csv: H + "b,data,hex2bin,zz\n", message: "not hexadecimal" },
  { name: "base64 bad padding", csv: H + "b,data,base64,YWJ\n", message: "base64" },
  { name: "base64 one char too many", csv: H + "b,data,base64,YWJjZ\n", message: "base64" },
  { name: "unknown encoding", csv: H + "f,data,float,1.5\n", message: "encoding" },
  { name: "encoding with a space", csv: H + "f,data, u8,1\n", message: "encoding" },
  { name: "upper-case blob_fill", csv: H + "f,data,BLOB_FILL(4;0xff),a\n", message: "encoding" },
  { name: "u8 out of range", csv: H + "n,data,u8,256\n", message: "out of range" },
  { name: "i8 out of range", csv: H + "n,data,i8,-129\n", message: "out of range" },
  { name: "u64 negative", csv: H + "n,data,u64,-1\n", message: "out of range" },
  { name: "i64 too large", csv: H + "n,data,i64,9223372036854775808\n", message: "out of range" },
  { name: "hex integer", csv: H + "n,data,u16,0x10\n", message: "base-10" },
  { name: "empty integer", csv: H + "n,data,i32,\n", message: "base-10" },
  { name: "double underscore", csv: H + "n,data,u32,1__0\n", message: "base-10" },
  { name: "missing header row", csv: "ns,namespace,,\nk,data,u8,1\n", message: "header" },
  { name: "header without value column", csv: "key,type,encoding\nns,namespace,\n", message: "value" },
  { name: "blank line before header", csv: "\nkey,type,encoding,value\nns,namespace,,\n", message: "header" },
  { name: "row without encoding cell", csv: H + "k,data\n", message: "encoding" },
  { name: "file not found", csv: H + "k,file,binary,files/missing.bin\n", message: "cannot be read" },
  { name: "string file not UTF-8", csv: H + "k,file,string,files/bad.txt\n", files: { "files/bad.txt": new Uint8Array([0x61, 0xff, 0x62]) }, message: "UTF-8" },
  { name: "STRING with a file", csv: H + "k,file,STRING,files/t.txt\n", files: { "files/t.txt": new Uint8Array([0x61]) } },
  { name: "blob_fill value too long", csv: H + "k,data,blob_fill(2;0xff),abc\n", message: "longer than" },
  { name: "blob_fill malformed", csv: H + "k,data,\"blob_fill(10,0xff)\",abc\n", message: "blob_fill" },
  { name: "blob_sz_fill with a file", csv: H + "k,file,blob_sz_fill(8;0x00),files/t.txt\n", files: { "files/t.txt": new Uint8Array([0x61]) } },
  { name: "partition too small", csv: H + `b,data,hex2bin,${"00".repeat(9000)}\n`, size: "0x3000", message: "too small" },
  { name: "read-only partition too small", csv: H + `b,data,hex2bin,${"00".repeat(5000)}\n`, size: "0x1000", message: "too small" },
  { name: "size not a number", csv: H, size: "12k", message: "partition size" },
  { name: "size not a multiple of 4096", csv: H, size: "0x1001", message: "multiple of 4096" },
  { name: "size zero", csv: H, size: "0", message: "partition size" },
  { name: "size with leading zero", csv: H, size: "08192", message: "partition size" },
  { name: "256 namespaces", csv: "key,type,encoding,value\n" + Array.from({ length: 256 }, (_, i) => `n${i},namespace,,\n`).join(""), size: "0x6000", message: "namespaces" },
  { name: "binary text that is not ASCII (tool mis-sizes it)", csv: H + "k,data,binary,héllo\n", message: "ASCII", toolAccepts: true },
  { name: "non-ASCII key (tool writes a 33-byte entry)", csv: H + "clé,data,u8,1\n", message: "ASCII", toolAccepts: true },
];
