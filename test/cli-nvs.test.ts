// `matter-factory nvs …` end to end: byte-identical to the golden images made by ESP-IDF's generator,
// one-line errors with nothing left behind, secret files 0600.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./support/cli.js";
import { MFG_BATCH, NVS_VECTORS } from "./support/fixtures.js";

const IDF = NVS_VECTORS;
const golden = (name: string) => readFileSync(join(IDF, name));
const mode = (p: string) => statSync(p).mode & 0o777;

describe("nvs generate / encrypt / decrypt", () => {
  it("generate reproduces sample.bin (v2) and sample_v1.bin (v1) byte for byte, mode 0600", () => {
    const out = tempDir();
    let r = runCli(["nvs", "generate", "sample.csv", join(out, "a.bin"), "0x8000"], { cwd: IDF });
    expect(r.stderr).toContain("Created NVS binary");
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, "a.bin")).equals(golden("sample.bin"))).toBe(true);
    expect(mode(join(out, "a.bin"))).toBe(0o600);
    r = runCli(["nvs", "generate", "sample_v1.csv", join(out, "b.bin"), "12288", "--version", "1"], { cwd: IDF });
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, "b.bin")).equals(golden("sample_v1.bin"))).toBe(true);
  });

  it("encrypt with --inputkey reproduces sample_encr.bin; decrypt gives sample_decr.bin", () => {
    const out = tempDir();
    let r = runCli(["nvs", "encrypt", "sample.csv", join(out, "e.bin"), "0x8000", "--inputkey", "fixed_keys.bin"], { cwd: IDF });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "e.bin")).equals(golden("sample_encr.bin"))).toBe(true);
    r = runCli(["nvs", "decrypt", join(IDF, "sample_encr.bin"), join(IDF, "fixed_keys.bin"), join(out, "d.bin")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "d.bin")).equals(golden("sample_decr.bin"))).toBe(true);
  });

  it("encrypt --keygen writes a 0600 keys partition under <outdir>/keys that decrypts the image", () => {
    const out = tempDir();
    const r = runCli(["nvs", "encrypt", join(IDF, "sample.csv"), "enc.bin", "0x8000", "--keygen", "--keyfile", "k.bin", "--outdir", out], { cwd: IDF });
    expect(r.status, r.stderr).toBe(0);
    const keys = join(out, "keys", "k.bin");
    expect(readFileSync(keys).length).toBe(4096);
    expect(mode(keys)).toBe(0o600);
    const d = runCli(["nvs", "decrypt", join(out, "enc.bin"), keys, join(out, "dec.bin")]);
    expect(d.status, d.stderr).toBe(0);
    expect(readFileSync(join(out, "dec.bin")).equals(golden("sample.bin"))).toBe(true);
    const dump = runCli(["nvs", "dump", join(out, "enc.bin"), "--keys", keys, "--json"]);
    expect(dump.status, dump.stderr).toBe(0);
    expect(JSON.parse(dump.stdout).namespaces["chip-factory"]).toBeDefined();
  });

  it("generate-key with an HMAC key reproduces ESP-IDF's derived keys", () => {
    const out = tempDir();
    const r = runCli(["nvs", "generate-key", join(out, "h.bin"), "--key_protect_hmac", "--kp_hmac_inputkey", join(IDF, "hmac_key.bin")]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "h.bin")).equals(golden("keys/hmac_derived_keys.bin"))).toBe(true);
  });
});

describe("nvs dump", () => {
  it("--json prints namespaces → keys → {type, value}, bytes as hex", () => {
    const r = runCli(["nvs", "dump", join(IDF, "sample.bin"), "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const expected = JSON.parse(readFileSync(join(IDF, "sample.expected.json"), "utf8"));
    for (const [ns, keys] of Object.entries(expected as Record<string, Record<string, unknown>>)) {
      expect(Object.keys(json.namespaces[ns]).sort()).toEqual(Object.keys(keys).sort());
    }
    expect(json.problems).toEqual([]);
  });

  it("redacts secret chip-factory keys unless --show-secrets", () => {
    const dir = MFG_BATCH;
    const uuid = readdirSync(dir).find((d) => /^[0-9a-f-]{36}$/.test(d))!;
    const image = join(dir, uuid, `${uuid}-partition.bin`);
    const hidden = JSON.parse(runCli(["nvs", "dump", image, "--json"]).stdout);
    expect(hidden.namespaces["chip-factory"]["dac-key"]).toMatchObject({ value: null, redacted: true });
    const shown = JSON.parse(runCli(["nvs", "dump", image, "--json", "--show-secrets"]).stdout);
    expect(shown.namespaces["chip-factory"]["dac-key"].value).toBe(readFileSync(join(dir, uuid, "internal/DAC_private_key.bin")).toString("hex"));
    const text = runCli(["nvs", "dump", image]);
    expect(text.stdout).toContain("redacted");
    expect(text.stdout).not.toContain(shown.namespaces["chip-factory"]["dac-key"].value);
  });

  it("reports damage on a corrupt image, without crashing, and exits 1", () => {
    const out = tempDir();
    const image = Buffer.from(golden("sample.bin"));
    image[64 + 32 * 3 + 10] ^= 0xff; // a key byte of an entry on page 0: its CRC no longer matches
    writeFileSync(join(out, "bad.bin"), image);
    const r = runCli(["nvs", "dump", join(out, "bad.bin")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/problem: page 0 entry \d+/);
  });
});

describe("bad input: one line, non-zero exit, nothing left behind", () => {
  const cases: [string, string, string[], RegExp][] = [
    ["over-long key", "key,type,encoding,value\nns,namespace,,\nabcdefghijklmnop,data,u8,1\n", ["0x3000"], /abcdefghijklmnop/],
    ["string too long", `key,type,encoding,value\nns,namespace,,\ns,data,string,${"x".repeat(4000)}\n`, ["0x3000"], /"s"|key s\b|string/],
    ["bad encoding", "key,type,encoding,value\nns,namespace,,\nk,data,u9,1\n", ["0x3000"], /u9/],
    ["u8 out of range", "key,type,encoding,value\nns,namespace,,\nk,data,u8,256\n", ["0x3000"], /256/],
    ["i16 out of range", "key,type,encoding,value\nns,namespace,,\nk,data,i16,-40000\n", ["0x3000"], /-40000/],
    ["bad hex", "key,type,encoding,value\nns,namespace,,\nk,data,hex2bin,abc\n", ["0x3000"], /hex/i],
    ["size not a multiple of 4096", "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n", ["0x3100"], /4096/],
    ["size unparsable", "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n", ["12k"], /12k/],
    ["partition too small", `key,type,encoding,value\nns,namespace,,\n${Array.from({ length: 300 }, (_, i) => `k${i},data,u32,${i}`).join("\n")}\n`, ["0x3000"], /small|size/i],
    ["missing header", "ns,namespace,,\nk,data,u8,1\n", ["0x3000"], /header/i],
  ];
  for (const [name, csv, size, pattern] of cases) {
    it(name, () => {
      const dir = tempDir();
      writeFileSync(join(dir, "in.csv"), csv);
      const r = runCli(["nvs", "generate", "in.csv", "out.bin", ...size], { cwd: dir });
      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^matter-factory: /);
      expect(lines[0]).toMatch(pattern);
      expect(readdirSync(dir)).toEqual(["in.csv"]);
    });
  }

  it("a missing CSV, a missing keys file and a bad invocation each give one line", () => {
    const dir = tempDir();
    for (const args of [
      ["nvs", "generate", "nope.csv", "o.bin", "0x3000"],
      ["nvs", "encrypt", join(IDF, "sample.csv"), "o.bin", "0x8000", "--inputkey", "nope.bin"],
      ["nvs", "encrypt", join(IDF, "sample.csv"), "o.bin", "0x8000"],
      ["nvs", "generate", "only-one-arg.csv"],
      ["nvs", "frobnicate"],
    ]) {
      const r = runCli(args, { cwd: dir });
      expect(r.status).toBeGreaterThan(0);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an unwritable output directory is a one-line error", () => {
    const dir = tempDir();
    copyFileSync(join(IDF, "sample_v1.csv"), join(dir, "in.csv"));
    writeFileSync(join(dir, "blocker"), "a file, not a directory");
    const r = runCli(["nvs", "generate", "in.csv", "blocker/out.bin", "0x3000"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("--help teaches", () => {
  for (const sub of ["generate", "encrypt", "decrypt", "generate-key", "dump"]) {
    it(`nvs ${sub} --help`, () => {
      const r = runCli(["nvs", sub, "--help"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: matter-factory nvs ${sub}`);
    });
  }
});

describe("nvs generate-many", () => {
  it("writes one image per CSV, each equal to nvs generate's", () => {
    const out = tempDir();
    const r = runCli(["nvs", "generate-many", "0x8000", out, "sample.csv", "sample_v1.csv"], { cwd: IDF });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(out, "sample.bin")).equals(golden("sample.bin"))).toBe(true);
    expect(readFileSync(join(out, "sample_v1.bin")).length).toBe(0x8000);
  });

  it("is all or nothing: a bad CSV removes the images already written and names the file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "good.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,1\n");
    writeFileSync(join(dir, "bad.csv"), "key,type,encoding,value\nns,namespace,,\nk,data,u8,300\n");
    const r = runCli(["nvs", "generate-many", "0x3000", "out", "good.csv", "bad.csv"], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n").filter((l) => l.startsWith("matter-factory:"))).toHaveLength(1);
    expect(r.stderr).toContain("bad.csv");
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });
});
