// Issue 10 item 3: a chip-factory key added as one row of modules/factory/schema.ts (`product-rev`)
// works end to end with no other table: the NVS row writer, the reader, validation (`verify`),
// `inspect`, the firmware's provider (device/providers) and docs/factory-keys.md all follow the row.
// (test/schema-agreement.test.ts walks the same row against the firmware under XS.)
import { describe, expect, it } from "vitest";
import { openFlashFactoryStore } from "../device/factory-store-flash.js";
import { createProviders } from "../device/providers/index.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataFromEntries, factoryDataToRows, factoryKeySpec, validateFactoryData, type FactoryData } from "../modules/factory/index.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { inspectImage, renderInspection } from "../host-tools/inspect/inspect.js";
import { renderFactoryKeysMarkdown } from "../host-tools/docs/render-factory-keys.js";

const KEY = "product-rev";

function image(d: FactoryData): Uint8Array {
  return writeNvsImage(factoryDataToRows(d), { size: 0x6000 });
}

function provider(img: Uint8Array) {
  const store = openFlashFactoryStore("fctry", { byteLength: img.length, read: (o, n) => img.slice(o, o + n).buffer });
  return createProviders(store, { sign: () => new Uint8Array(64) }).instanceInfo;
}

describe(`new key ${KEY}: one schema row, end to end`, () => {
  const d: FactoryData = { ...exampleFactoryData(), extra: undefined, productRevision: 7 }; // the example sets 3

  it("writer: a u32 row among the keys mfg_tool never writes", () => {
    const rows = factoryDataToRows(d);
    expect(rows).toContainEqual({ kind: "data", key: KEY, type: "u32", value: 7 });
  });

  it("reader and validation: read back as written; above 0xFFFF is an error", () => {
    const back = factoryDataFromEntries(readNvsImage(image(d)).entries);
    expect(back.data.productRevision).toBe(7);
    expect(validateFactoryData(back.data).filter((f) => f.key === KEY)).toEqual([]);
    const bad = validateFactoryData({ ...d, productRevision: 0x10000 }).filter((f) => f.key === KEY);
    expect(bad.map((f) => f.severity)).toEqual(["error"]);
  });

  it("inspect shows it", () => {
    const lines = renderInspection(inspectImage(image(d)), "factory.bin").join("\n");
    expect(lines).toMatch(/product-rev\b.*7/);
  });

  it("the firmware's provider: the value, the build default when absent, invalid above 16 bits", () => {
    expect(provider(image(d)).productRevision()).toMatchObject({ status: "ok", value: 7 });
    const absent = provider(image({ ...d, productRevision: undefined })).productRevision();
    expect(absent).toMatchObject({ status: "ok", value: factoryKeySpec(KEY)!.missing.value });
    expect(absent.status === "ok" && absent.fallback).toBeTruthy();
    expect(provider(image({ ...d, productRevision: 0x10000 })).productRevision().status).toBe("invalid");
  });

  it("docs/factory-keys.md lists it (rendered from the row)", () => {
    expect(renderFactoryKeysMarkdown()).toMatch(/\| `product-rev` \| `productRevision` \| u32 \|/);
  });
});
