/// <reference types="vite/client" />
// The chip-factory key table against esp-matter-mfg-tool's real output (the fixture batch the test setup makes,
// 3 devices made by the pinned mfg_tool), and the generated docs against the table.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fromBase64 } from "../modules/bytes/base64.js";
import { fromHex } from "../modules/bytes/hex.js";
import {
  type FactoryData,
  factoryDataFromEntries,
  factoryDataToRows,
  matchFactoryKey,
  validateFactoryData,
} from "../modules/factory/index.js";
import type { NvsEntry, NvsRow } from "../modules/nvs/types.js";
import { renderFactoryKeysMarkdown } from "../host-tools/docs/render-factory-keys.js";
import { MFG_SAMPLE, CD_FILE } from "./support/fixtures.js";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..");
const SAMPLE = MFG_SAMPLE;
const BATCH = join(SAMPLE, "fff2_8001");
const DOC = join(REPO, "docs/factory-keys.md");

interface CsvRow {
  key: string;
  type: string;
  encoding: string;
  value: string;
}

/** mfg_tool's per-device CSV: `key,type,encoding,value`, no quoting in these files. */
function parsePartitionCsv(text: string): CsvRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l !== "");
  expect(lines[0]).toBe("key,type,encoding,value");
  return lines.slice(1).map((line) => {
    const [key, type, encoding, ...rest] = line.split(",");
    return { key, type, encoding, value: rest.join(",") };
  });
}

/** A `file` row's path: `<outdir>/…` is the sample tree, a bare name is one of the tool's inputs. */
function samplePath(value: string): string {
  if (value.startsWith("<outdir>/")) return join(SAMPLE, value.slice("<outdir>/".length));
  return join(SAMPLE, "inputs", value);
}

/** The FactoryData the CSV describes, built key by key through the table's field names. */
function factoryDataFromCsv(rows: CsvRow[]): FactoryData {
  const d: Record<string, unknown> = {};
  for (const r of rows) {
    if (r.type === "namespace") continue;
    const m = matchFactoryKey(r.key);
    if (!m || m.spec.group) throw new Error(`sample key ${r.key} not handled by this test`);
    let v: unknown;
    if (r.type === "file") v = new Uint8Array(readFileSync(samplePath(r.value)));
    else if (r.encoding === "u32") v = Number(r.value);
    else if (r.encoding === "hex2bin") v = fromHex(r.value);
    else if (m.spec.kind === "base64-text") v = fromBase64(r.value);
    else v = r.value;
    d[m.spec.field] = v;
  }
  return d as FactoryData;
}

const devices = readdirSync(BATCH).filter((n) => /^[0-9a-f-]{36}$/.test(n)).sort();

describe("mfg_tool sample batch", () => {
  it("has 3 devices", () => expect(devices.length).toBe(3));

  for (const uuid of devices) {
    const dir = join(BATCH, uuid);
    const csv = parsePartitionCsv(readFileSync(join(dir, "internal/partition.csv"), "utf8"));
    const data = factoryDataFromCsv(csv);

    it(`${uuid}: factoryDataToRows gives the CSV's keys, types and encodings in the same order`, () => {
      const rows = factoryDataToRows(data);
      const ours = rows.map((r) => {
        if (r.kind === "namespace") return `${r.name},namespace,`;
        const spec = matchFactoryKey(r.key)!.spec;
        return `${r.key},${spec.csv.type},${spec.csv.encoding}`;
      });
      expect(ours).toEqual(csv.map((r) => `${r.key},${r.type},${r.encoding}`));
    });

    it(`${uuid}: stored values equal the CSV's (base64 text kept as text, u32 as numbers, files as bytes)`, () => {
      const rows = factoryDataToRows(data).filter((r): r is Extract<NvsRow, { kind: "data" }> => r.kind === "data");
      for (const [i, r] of rows.entries()) {
        const c = csv[i + 1];
        if (c.type === "file") expect(r.value).toEqual(new Uint8Array(readFileSync(samplePath(c.value))));
        else if (c.encoding === "u32") expect(r.value).toBe(Number(c.value));
        else if (c.encoding === "hex2bin") expect(r.value).toEqual(fromHex(c.value));
        else expect(r.value).toBe(c.value);
      }
    });

    it(`${uuid}: the sample passes validation (profile mfg-tool: no errors)`, () => {
      const errors = validateFactoryData(data, { profile: "mfg-tool", missingRequired: "error" }).filter((f) => f.severity === "error");
      expect(errors).toEqual([]);
    });
  }

  it("factoryDataToRows fails the order check when the table order is not mfg_tool's (the check can fail)", () => {
    const csv = parsePartitionCsv(readFileSync(join(BATCH, devices[0], "internal/partition.csv"), "utf8"));
    const keys = factoryDataToRows(factoryDataFromCsv(csv)).map((r) => (r.kind === "data" ? r.key : r.name));
    const swapped = [...keys];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    expect(swapped).not.toEqual(csv.map((r) => r.key));
  });
});

describe("docs/factory-keys.md", () => {
  it("is what host-tools/docs/render-factory-keys.ts renders", () => {
    const rendered = renderFactoryKeysMarkdown();
    if (process.env.MF_UPDATE_DOCS === "1") writeFileSync(DOC, rendered);
    expect(existsSync(DOC)).toBe(true);
    expect(readFileSync(DOC, "utf8")).toBe(rendered);
  });

  it("lists every key of the table", () => {
    const doc = readFileSync(DOC, "utf8");
    for (const key of ["discriminator", "st-mfg/<ep>/<i>/<j>", "device-key", "fuchsia", "Taiwanese"]) expect(doc).toContain(key);
  });
});

// Another helper writes the NVS reader/writer; these run once they exist.
type ReaderModule = { readNvsImage: (image: Uint8Array) => { entries: NvsEntry[] } };
type WriterModule = { writeNvsImage: (rows: readonly NvsRow[], options: { size: number }) => Uint8Array };
const readerModules = import.meta.glob<ReaderModule>("../modules/nvs/reader.ts");
const writerModules = import.meta.glob<WriterModule>("../modules/nvs/writer.ts");
const loadReader = Object.values(readerModules)[0];
const loadWriter = Object.values(writerModules)[0];

describe.skipIf(!loadReader)("sample images read back through factoryDataFromEntries", () => {
  for (const uuid of devices) {
    it(`${uuid}-partition.bin`, async () => {
      const { readNvsImage } = await loadReader!();
      const dir = join(BATCH, uuid);
      const image = new Uint8Array(readFileSync(join(dir, `${uuid}-partition.bin`)));
      const { data, findings } = factoryDataFromEntries(readNvsImage(image).entries);
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
      expect(data.vendorId).toBe(0xfff2);
      expect(data.productId).toBe(0x8001);
      expect(data.vendorName).toBe("ESP");
      expect(data.productName).toBe("light");
      expect(data.hardwareVersion).toBe(1);
      expect(data.hardwareVersionString).toBe("v1.0");
      expect(data.manufacturingDate).toBe("20240101");
      expect(data.iterationCount).toBe(10000);
      const file = (p: string) => new Uint8Array(readFileSync(join(dir, "internal", p)));
      expect(data.dacCert).toEqual(file("DAC_cert.der"));
      expect(data.dacKey).toEqual(file("DAC_private_key.bin"));
      expect(data.dacPublicKey).toEqual(file("DAC_public_key.bin"));
      expect(data.paiCert).toEqual(file("PAI_cert.der"));
      expect(data.certDeclaration).toEqual(new Uint8Array(readFileSync(CD_FILE)));
      expect(data.salt!.length).toBe(32);
      expect(data.verifier!.length).toBe(97);
      // Everything the CSV said, nothing else.
      const csv = parsePartitionCsv(readFileSync(join(dir, "internal/partition.csv"), "utf8"));
      expect(data).toEqual(factoryDataFromCsv(csv));
      expect(validateFactoryData(data, { profile: "reader", missingRequired: "error" }).filter((f) => f.severity === "error")).toEqual([]);
    });
  }
});

describe.skipIf(!loadWriter)("sample images rebuilt from FactoryData", () => {
  for (const uuid of devices) {
    it(`${uuid}: writeNvsImage(factoryDataToRows(data), 0x6000) is byte-identical to mfg_tool's image`, async () => {
      const { writeNvsImage } = await loadWriter!();
      const dir = join(BATCH, uuid);
      const csv = parsePartitionCsv(readFileSync(join(dir, "internal/partition.csv"), "utf8"));
      const image = writeNvsImage(factoryDataToRows(factoryDataFromCsv(csv)), { size: 0x6000 });
      const expected = new Uint8Array(readFileSync(join(dir, `${uuid}-partition.bin`)));
      expect(Buffer.from(image).equals(Buffer.from(expected))).toBe(true);
    });
  }
});
