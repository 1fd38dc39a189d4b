// Golden images from ESP-IDF's own generator (made by the test setup: test/py/make_nvs_vectors.py): our CSV front end
// and writer must reproduce them byte for byte.
import { describe, it, expect } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNvsCsv } from "../modules/nvs/csv.js";
import { writeNvsImage, parseNvsSize } from "../modules/nvs/writer.js";
import { NVS_VECTORS as dir, SHARED_VECTORS } from "./support/fixtures.js";
// GEN resolves `file` rows against its working directory; the vectors were made in that folder
const readFile = (path: string) => new Uint8Array(readFileSync(join(dir, path)));
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return `first difference at 0x${i.toString(16)} (page ${i >> 12}, byte ${i & 0xfff}): ours ${a[i]}, GEN ${b[i]}`;
  }
  return a.length === b.length ? "identical" : `lengths differ: ours ${a.length}, GEN ${b.length}`;
}

describe("NVS writer vs ESP-IDF golden images", () => {
  it("sample.csv at 0x8000 (v2) equals sample.bin", () => {
    const rows = parseNvsCsv(readFileSync(join(dir, "sample.csv"), "utf8"), readFile);
    const ours = writeNvsImage(rows, { size: parseNvsSize("0x8000") });
    const gen = read("sample.bin");
    expect(firstDifference(ours, gen)).toBe("identical");
  });

  it("sample_v1.csv at 0x3000 --version 1 equals sample_v1.bin", () => {
    const rows = parseNvsCsv(readFileSync(join(dir, "sample_v1.csv"), "utf8"), readFile);
    const ours = writeNvsImage(rows, { size: parseNvsSize("0x3000"), version: 1 });
    const gen = read("sample_v1.bin");
    expect(firstDifference(ours, gen)).toBe("identical");
  });

  it("decrypted golden image equals the plain one (sanity of the vectors)", () => {
    expect(firstDifference(read("sample_decr.bin"), read("sample.bin"))).toBe("identical");
  });

  it("a mutated row changes the image (the comparison can fail)", () => {
    const text = readFileSync(join(dir, "sample.csv"), "utf8").replace("serial-num,data,u32,305419896", "serial-num,data,u32,305419897");
    const ours = writeNvsImage(parseNvsCsv(text, readFile), { size: 0x8000 });
    expect(firstDifference(ours, read("sample.bin"))).not.toBe("identical");
  });
});

// Where the workspace's own copy of generator output sits beside the checkout, the writer must match it too.
const shared = SHARED_VECTORS && join(SHARED_VECTORS, "nvs-idf");
describe.skipIf(!shared || !existsSync(join(shared, "sample.bin")))("NVS writer vs the golden images beside the checkout", () => {
  it("sample.csv → sample.bin and sample_v1.csv → sample_v1.bin, byte for byte", () => {
    const fromShared = (name: string) => new Uint8Array(readFileSync(join(shared!, name)));
    const rows = parseNvsCsv(readFileSync(join(shared!, "sample.csv"), "utf8"), fromShared);
    expect(firstDifference(writeNvsImage(rows, { size: 0x8000 }), fromShared("sample.bin"))).toBe("identical");
    const v1 = parseNvsCsv(readFileSync(join(shared!, "sample_v1.csv"), "utf8"), fromShared);
    expect(firstDifference(writeNvsImage(v1, { size: 0x3000, version: 1 }), fromShared("sample_v1.bin"))).toBe("identical");
  });
});
