// The NVS reader and encryption against ESP-IDF generator output (made by the test setup with the
// pinned esp-idf-nvs-partition-gen: test/py/make_nvs_vectors.py), and our XTS against node:crypto's aes-256-xts.
import { createCipheriv, createDecipheriv } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NVS_VECTORS } from "./support/fixtures.js";
import { describe, expect, it } from "vitest";
import { nvsToJson, nvsValuesToJson } from "../modules/nvs/dump.js";
import {
  decryptNvsImage, deriveHmacKeys, encryptNvsImage, generateKeys, makeKeyPartition, parseKeyPartition,
} from "../modules/nvs/encryption.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import { xtsAes256 } from "../modules/nvs/xts.js";
import { Rng } from "./support/seeded-rng.js";

const dir = pathToFileURL(NVS_VECTORS + "/");
const file = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(name, dir))));

const sample = file("sample.bin");
const sampleV1 = file("sample_v1.bin");
const sampleEncr = file("sample_encr.bin");
const sampleDecr = file("sample_decr.bin");
const sampleEncrHmac = file("sample_encr_hmac.bin");
const fixedKeysFile = file("fixed_keys.bin");
const hmacKey = file("hmac_key.bin");
const hmacDerivedKeysFile = file("keys/hmac_derived_keys.bin");

/** sample.expected.json with integers beyond 2^53 kept exact, as decimal strings (our dump's choice). */
function expectedValues(): Record<string, Record<string, unknown>> {
  const text = readFileSync(fileURLToPath(new URL("sample.expected.json", dir)), "utf8");
  return JSON.parse(text.replace(/(:\s*)(-?\d{16,})(\s*[,}\n])/g, (m, a: string, n: string, b: string) =>
    Number.isSafeInteger(Number(n)) ? m : `${a}"${n}"${b}`));
}

/** Our type names for the CSV rows of sample.csv, honouring the generator's namespace quirk (docs/nvs-format.md §Generator write order). */
function expectedTypes(): Map<string, string> {
  const text = readFileSync(fileURLToPath(new URL("sample.csv", dir)), "utf8");
  const types = new Map<string, string>();
  let current = "";
  const created: string[] = [];
  for (const line of text.split("\n").slice(1)) {
    if (!line || line.startsWith("#")) continue;
    const [key, type, encoding] = line.split(",");
    if (type === "namespace") {
      if (!created.includes(key)) { created.push(key); current = key; }
      continue;
    }
    const t = ["hex2bin", "base64", "binary"].includes(encoding) ? "blob" : encoding;
    types.set(`${current}/${key}`, t);
  }
  return types;
}

describe("sample.bin (v2, generator 0.2.0)", () => {
  const r = readNvsImage(sample);

  it("decodes to exactly sample.expected.json, with no problems", () => {
    expect(r.problems).toEqual([]);
    const values = nvsValuesToJson(r);
    const expected = expectedValues();
    expect(values).toEqual(expected);
    expect(Object.keys(values)).toEqual(Object.keys(expected));
    for (const ns of Object.keys(expected)) expect(Object.keys(values[ns])).toEqual(Object.keys(expected[ns]));
  });

  it("reports the CSV's types and the generator's namespace quirk", () => {
    const json = nvsToJson(r);
    const types = expectedTypes();
    const seen = new Map<string, string>();
    for (const [ns, keys] of Object.entries(json.namespaces)) for (const [k, v] of Object.entries(keys)) seen.set(`${ns}/${k}`, v.type);
    expect(seen).toEqual(types);
    expect(json.namespaces["second-ns"].after).toEqual({ type: "i32", value: -7 });
    expect(json.namespaces["chip-factory"].u64val).toEqual({ type: "u64", value: "18446744073709551615" });
    expect(r.get("chip-factory", "u64val")?.value).toBe(18446744073709551615n);
    expect(r.get("chip-factory", "i64val")?.value).toBe(-1234567890123n);
    expect(r.namespaces.map((n) => [n.name, n.index])).toEqual([["chip-factory", 1], ["second-ns", 2]]);
  });

  it("reassembles the 10000-byte blob from three chunks (docs/nvs-format.md §Multi-page blobs worked example)", () => {
    const dac = r.get("chip-factory", "dac-cert")!;
    expect(dac.value).toEqual(file("files/big_blob.bin"));
    expect(dac.chunks).toEqual([
      { page: 1, entry: 40, chunkIndex: 0 },
      { page: 2, entry: 0, chunkIndex: 1 },
      { page: 3, entry: 0, chunkIndex: 2 },
    ]);
    expect([dac.page, dac.entry]).toEqual([3, 104]);
    expect(r.get("chip-factory", "small-file")?.value).toEqual(file("files/small.bin"));
    expect(r.get("chip-factory", "str-file")?.value).toBe(new TextDecoder().decode(file("files/text.txt")));
  });

  it("lists pages: FULL data pages, one ACTIVE, the rest blank", () => {
    const states = r.pages.map((p) => p.state);
    const active = states.indexOf("active");
    expect(active).toBeGreaterThan(0);
    expect(states.slice(0, active).every((s) => s === "full")).toBe(true);
    expect(states.slice(active + 1).every((s) => s === "empty")).toBe(true);
    expect(r.pages.filter((p) => p.sequence !== undefined).map((p) => p.sequence)).toEqual([...Array(active + 1).keys()]);
    expect(r.pages[0]).toMatchObject({ index: 0, version: 2, written: 126, erased: 0, illegal: 0 });
  });

  it("reads a page-swapped copy in sequence order with the same values", () => {
    const swapped = sample.slice();
    swapped.set(sample.subarray(0, 4096), 4096);
    swapped.set(sample.subarray(4096, 8192), 0);
    const s = readNvsImage(swapped);
    expect(s.problems).toEqual([]);
    expect(nvsValuesToJson(s)).toEqual(expectedValues());
  });
});

describe("sample_v1.bin (format v1)", () => {
  it("reads legacy BLOB items and v1 pages", () => {
    const r = readNvsImage(sampleV1);
    expect(r.problems).toEqual([]);
    expect(r.pages[0]).toMatchObject({ version: 1, versionByte: 0xff, state: "active" });
    expect(nvsValuesToJson(r)).toEqual({
      "chip-factory": { "serial-num": 305419896, name: "v1 sample", smallblob: "00112233445566778899" },
    });
    expect(r.get("chip-factory", "smallblob")).toMatchObject({ type: "blob", legacyBlob: true });
  });
});

describe("encryption", () => {
  const keys = parseKeyPartition(fixedKeysFile);

  it("fixed_keys.bin: data key 00..1f, tweak key 40..5f, and makeKeyPartition reproduces the file", () => {
    expect(Buffer.from(keys.eky).toString("hex")).toBe(Buffer.from([...Array(32).keys()]).toString("hex"));
    expect(Buffer.from(keys.tky).toString("hex")).toBe(Buffer.from([...Array(32).keys()].map((i) => 0x40 + i)).toString("hex"));
    expect(makeKeyPartition(keys)).toEqual(fixedKeysFile);
  });

  it("encryptNvsImage(sample.bin) == sample_encr.bin", () => {
    expect(Buffer.from(encryptNvsImage(sample, keys)).equals(Buffer.from(sampleEncr))).toBe(true);
  });

  it("decryptNvsImage(sample_encr.bin) == sample_decr.bin == sample.bin", () => {
    const d = decryptNvsImage(sampleEncr, keys);
    expect(Buffer.from(d).equals(Buffer.from(sampleDecr))).toBe(true);
    expect(Buffer.from(sampleDecr).equals(Buffer.from(sample))).toBe(true);
  });

  it("reads sample_encr.bin with keys to the same values", () => {
    const r = readNvsImage(sampleEncr, { keys });
    expect(r.problems).toEqual([]);
    expect(nvsValuesToJson(r)).toEqual(expectedValues());
  });

  it("without keys or with wrong keys: nothing readable, one hint", () => {
    const plain = readNvsImage(sampleEncr);
    expect(plain.entries).toEqual([]);
    expect(plain.problems.some((p) => p.message.includes("may be encrypted"))).toBe(true);
    const wrong = readNvsImage(sampleEncr, { keys: { eky: keys.tky, tky: keys.eky } });
    expect(wrong.entries).toEqual([]);
    expect(wrong.problems.some((p) => p.message.includes("wrong keys"))).toBe(true);
  });

  it("HMAC derivation: hmac_key.bin → keys/hmac_derived_keys.bin; sample_encr_hmac.bin decrypts", () => {
    const derived = deriveHmacKeys(hmacKey);
    expect(makeKeyPartition(derived)).toEqual(hmacDerivedKeysFile);
    expect(parseKeyPartition(hmacDerivedKeysFile)).toEqual(derived);
    expect(Buffer.from(decryptNvsImage(sampleEncrHmac, derived)).equals(Buffer.from(sample))).toBe(true);
    expect(Buffer.from(encryptNvsImage(sample, derived)).equals(Buffer.from(sampleEncrHmac))).toBe(true);
    expect(nvsValuesToJson(readNvsImage(sampleEncrHmac, { keys: derived }))).toEqual(expectedValues());
  });

  it("encrypt/decrypt round-trip the v1 sample; generateKeys gives distinct halves", () => {
    let n = 0;
    const counter = (len: number) => Uint8Array.from({ length: len }, () => (n++ * 37 + 11) & 0xff);
    const k = generateKeys(counter);
    expect(k.eky).not.toEqual(k.tky);
    const enc = encryptNvsImage(sampleV1, k);
    expect(enc).not.toEqual(sampleV1);
    expect(decryptNvsImage(enc, k)).toEqual(sampleV1);
    expect(() => generateKeys((len) => new Uint8Array(len))).toThrow(/identical/);
    expect(() => encryptNvsImage(sample, { eky: keys.eky, tky: keys.eky })).toThrow(/identical/);
  });

  it("parseKeyPartition rejects short, blank and corrupted images with one-line messages", () => {
    const bad = fixedKeysFile.slice();
    bad[3] ^= 1;
    const cases: [Uint8Array, RegExp][] = [
      [fixedKeysFile.subarray(0, 67), /67 bytes/],
      [new Uint8Array(4096).fill(0xff), /not initialized/],
      [bad, /CRC32 0x32fcdafe at offset 64 does not match/],
    ];
    for (const [bytes, pattern] of cases) {
      let message = "";
      try { parseKeyPartition(bytes); } catch (e) { message = (e as Error).message; }
      expect(message).toMatch(pattern);
      expect(message).not.toMatch(/\n/);
    }
  });

  it("encrypting a 24 KB image is fast (reported, not asserted)", () => {
    const image = sample.subarray(0, 24576);
    encryptNvsImage(image, keys);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) encryptNvsImage(image, keys);
    const ms = (performance.now() - t0) / 20;
    console.log(`encryptNvsImage, 24 KB: ${ms.toFixed(2)} ms`);
    expect(ms).toBeGreaterThan(0);
  });
});


describe("XTS-AES-256 vs node:crypto aes-256-xts", () => {
  const seed = process.env.MF_SEED ? Number(process.env.MF_SEED) : 0x5eed_0001;

  it(`200 random cases (seed ${seed})`, () => {
    const r = new Rng(seed);
    for (let n = 0; n < 200; n++) {
      const key = r.bytes(64);
      if (Buffer.from(key.subarray(0, 32)).equals(Buffer.from(key.subarray(32)))) continue;
      const tweak = r.bytes(16);
      const blocks = 1 + Math.floor(r.next() * 8);
      const data = r.bytes(16 * blocks);
      const ours = xtsAes256(key.subarray(0, 32), key.subarray(32));
      const c = createCipheriv("aes-256-xts", key, tweak);
      const expected = Buffer.concat([c.update(data), c.final()]);
      const buf = data.slice();
      ours.encryptWithTweakBlock(buf, 0, buf.length, tweak);
      expect(Buffer.from(buf).toString("hex"), `seed ${seed} case ${n} (MF_SEED=${seed} replays)`).toBe(expected.toString("hex"));
      ours.decryptWithTweakBlock(buf, 0, buf.length, tweak);
      expect(Buffer.from(buf).equals(Buffer.from(data)), `seed ${seed} case ${n}: decrypt`).toBe(true);
      // Integer tweak = LE offset, zero-extended (docs/nvs-format.md §Encryption), as NVS uses it.
      const offset = Math.floor(r.next() * 2 ** 40);
      const t = Buffer.alloc(16);
      t.writeUIntLE(offset, 0, 6);
      const d = createDecipheriv("aes-256-xts", key, t);
      const plain = Buffer.concat([d.update(data), d.final()]);
      const buf2 = data.slice();
      ours.decrypt(buf2, 0, buf2.length, offset);
      expect(Buffer.from(buf2).toString("hex"), `seed ${seed} case ${n}: integer tweak`).toBe(plain.toString("hex"));
    }
  });
});
