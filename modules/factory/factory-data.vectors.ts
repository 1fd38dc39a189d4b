// FactoryData <-> NVS rows/entries: mfg_tool key order, round trip, and how the reader reports what
// connectedhomeip's ESP32 providers would not see.
import { fromHex } from "../bytes/hex.js";
import type { NvsEntry, NvsRow } from "../nvs/types.js";
import { type VectorCase, checkEqual, checkThrowsId, checkTrue } from "../testkit/check.js";
import { exampleFactoryData } from "./example.js";
import { type FactoryData, factoryDataToRows } from "./factory-data.js";
import { factoryDataFromEntries } from "./from-entries.js";

/** What an NVS reader would return for these generator rows. */
function rowsToEntries(rows: readonly NvsRow[]): NvsEntry[] {
  let ns = "";
  const out: NvsEntry[] = [];
  for (const r of rows) {
    if (r.kind === "namespace") ns = r.name;
    else out.push({ namespace: ns, key: r.key, type: r.type, value: r.value });
  }
  return out;
}

const entry = (key: string, type: NvsEntry["type"], value: NvsEntry["value"], namespace = "chip-factory"): NvsEntry =>
  ({ namespace, key, type, value });

const messages = (entries: NvsEntry[]) => factoryDataFromEntries(entries).findings.map((f) => `${f.severity}: ${f.message}`);

// The full example in mfg_tool's order (docs/factory-data.md §mfg_tool output layout; MT add_optional_KVs).
const FULL_ORDER = [
  "ns chip-factory",
  "discriminator u32", "iteration-count u32", "salt string", "vendor-id u32", "vendor-name string",
  "product-id u32", "product-name string", "hardware-ver u32", "hw-ver-str string", "mfg-date string",
  "rd-id-uid blob", "product-finish u32", "product-color u32", "part-number string", "serial-num string",
  "dac-cert blob", "dac-key blob", "dac-pub-key blob", "pai-cert blob", "verifier string", "cert-dclrn blob",
  "user-key string", // --csv chip-factory keys go here
  "cal-types u32", "locale-sz u32", "locale/0 string", "locale/1 string",
  "fl-sz/0 u32", "fl-k/0/0 string", "fl-v/0/0 string", "fl-k/0/1 string", "fl-v/0/1 string",
  "fl-sz/1 u32", "fl-k/1/0 string", "fl-v/1/0 string",
  "sm-sz/1 u32", "sm-label/1/0 string", "sm-mode/1/0 u32", "sm-st-sz/1/0 u32",
  "st-v/1/0/0 u32", "st-mfg/1/0/0 u32", "st-v/1/0/1 u32", "st-mfg/1/0/1 u32",
  "sm-label/1/1 string", "sm-mode/1/1 u32", "sm-st-sz/1/1 u32",
  "product-label string", "product-url string",
  "pin-code u32", "loc-capability u32", "device-type u32", "product-rev u32", "device-id u64",
  "device-cert blob", "device-ca-certs blob", "device-key blob",
  "ns app", "firmware_key blob", "device_no i32",
];

const shape = (rows: NvsRow[]) => rows.map((r) => (r.kind === "namespace" ? `ns ${r.name}` : `${r.key} ${r.type}`));

/** The example as the reader returns it: fixed labels grouped by endpoint, like the writer emits them. */
function exampleAsRead(): FactoryData {
  const d = exampleFactoryData();
  d.fixedLabels = [d.fixedLabels![0], d.fixedLabels![2], d.fixedLabels![1]];
  return d;
}

export const vectors: VectorCase[] = [
  {
    name: "full example: rows in mfg_tool order with the reader's NVS types",
    run: () => checkEqual(shape(factoryDataToRows(exampleFactoryData())), FULL_ORDER, "rows"),
  },
  {
    name: "stored values: base64 salt/verifier, u32 ints, raw blobs, hex indices",
    run: () => {
      const rows = factoryDataToRows(exampleFactoryData());
      const value = (key: string) => {
        const r = rows.find((x) => x.kind === "data" && x.key === key);
        return r && r.kind === "data" ? r.value : undefined;
      };
      checkEqual(value("salt"), "U1BBS0UyUCBLZXkgU2FsdA==", "salt");
      checkEqual((value("verifier") as string).slice(0, 12), "uWFwqugDNGiE", "verifier");
      checkEqual(value("vendor-id"), 0xfff2, "vendor-id");
      checkEqual(value("cal-types"), 0x110, "cal-types");
      checkEqual(value("locale-sz"), 2, "locale-sz");
      checkEqual(value("fl-sz/0"), 2, "fl-sz/0");
      checkEqual(value("fl-k/0/1"), "floor", "fl-k/0/1");
      checkEqual(value("fl-v/1/0"), "up", "fl-v/1/0");
      checkEqual(value("st-mfg/1/0/0"), 0xfff2, "st-mfg/1/0/0");
      checkEqual(value("sm-st-sz/1/1"), 0, "sm-st-sz/1/1");
      checkEqual(value("rd-id-uid"), fromHex("00112233445566778899aabbccddeeff"), "rd-id-uid");
      checkEqual(value("device-id"), 0x0102030405060708n, "device-id");
    },
  },
  {
    name: "indices are lower-case hex without padding (locale/a, fl-k/1f/b)",
    run: () => {
      const locales = Array.from({ length: 11 }, (_, i) => `l${i}`);
      const fixedLabels = Array.from({ length: 12 }, (_, i) => ({ endpoint: 0x1f, label: `k${i}`, value: `v${i}` }));
      const keys = shape(factoryDataToRows({ locales, fixedLabels }));
      checkTrue(keys.includes("locale/a string"), "locale/a");
      checkTrue(keys.includes("fl-sz/1f u32"), "fl-sz/1f");
      checkTrue(keys.includes("fl-v/1f/b string"), "fl-v/1f/b");
    },
  },
  {
    name: "minimal mfg_tool-like data: only the keys that are set, sample order",
    run: () => {
      const d: FactoryData = { discriminator: 1, iterationCount: 10000, salt: new Uint8Array(32), vendorId: 0xfff2, productId: 0x8001, serialNumber: "x", verifier: new Uint8Array(97) };
      checkEqual(shape(factoryDataToRows(d)), [
        "ns chip-factory", "discriminator u32", "iteration-count u32", "salt string", "vendor-id u32", "product-id u32",
        "serial-num string", "verifier string",
      ], "rows");
    },
  },
  {
    name: "an extra chip-factory key that names a schema key replaces it in place (mfg_tool --csv)",
    run: () => {
      const rows = factoryDataToRows({ vendorId: 1, serialNumber: "a", extra: [{ namespace: "chip-factory", key: "serial-num", type: "string", value: "b" }] });
      checkEqual(rows, [
        { kind: "namespace", name: "chip-factory" },
        { kind: "data", key: "vendor-id", type: "u32", value: 1 },
        { kind: "data", key: "serial-num", type: "string", value: "b" },
      ], "rows");
    },
  },
  {
    name: "wrong JS type: one-line error naming key, value and rule",
    run: () => {
      checkThrowsId(() => factoryDataToRows({ vendorId: 1.5 }), "factory.value-type", 'key "vendor-id" value 1.5: must be an integer 0…0xFFFFFFFF (stored as u32)');
      checkThrowsId(() => factoryDataToRows({ salt: "abc" as unknown as Uint8Array }), "factory.value-type", 'key "salt" value "abc": must be bytes (stored as base64 text)');
    },
  },
  {
    name: "round trip: rows -> entries -> FactoryData",
    run: () => {
      const { data, findings } = factoryDataFromEntries(rowsToEntries(factoryDataToRows(exampleFactoryData())));
      checkEqual(data, exampleAsRead(), "data");
      checkEqual(findings.map((f) => f.message), ['key "user-key" (string): not a key connectedhomeip\'s ESP32 providers read'], "findings");
    },
  },
  {
    name: "round trip of empty data: only a namespace finding",
    run: () => {
      const r = factoryDataFromEntries([]);
      checkEqual(r.data, {}, "data");
      checkEqual(r.findings.map((f) => f.message), ['namespace "chip-factory": absent or empty'], "findings");
    },
  },
  {
    name: "reader: an integer key stored as u16 is not found (nvs_get_u32)",
    run: () => {
      const r = factoryDataFromEntries([entry("vendor-id", "u16", 0xfff2)]);
      checkEqual(r.data.vendorId, undefined, "vendorId");
      checkEqual(r.findings.map((f) => `${f.severity}: ${f.message}`), [
        'error: key "vendor-id" stored as u16 (value 65522 (0xfff2)): the ESP32 reader looks up a u32 entry, so the key reads as missing',
      ], "findings");
    },
  },
  {
    name: "reader: a string key stored as a blob is not found; secrets stay redacted",
    run: () => {
      checkEqual(messages([entry("vendor-name", "blob", fromHex("455350"))]), [
        'error: key "vendor-name" stored as blob (value <455350>): the ESP32 reader looks up a string entry, so the key reads as missing',
      ], "findings");
      checkEqual(messages([entry("dac-key", "string", "secret!")]), [
        'error: key "dac-key" stored as string (value <secret>): the ESP32 reader looks up a blob entry, so the key reads as missing',
      ], "findings");
    },
  },
  {
    name: "reader: the u32 copy is used when a u8 copy of the same key exists",
    run: () => {
      const r = factoryDataFromEntries([entry("product-id", "u8", 1), entry("product-id", "u32", 0x8001)]);
      checkEqual(r.data.productId, 0x8001, "productId");
      checkEqual(r.findings, [], "findings");
    },
  },
  {
    name: "reader: a value of the wrong JS type from the NVS reader is an error, not a crash",
    run: () => checkEqual(messages([entry("vendor-name", "string", fromHex("41"))]), [
      'error: key "vendor-name" value <41>: the NVS reader returned bytes, expected string',
    ], "findings"),
  },
  {
    name: "reader: duplicates -> first copy and a warning",
    run: () => {
      const r = factoryDataFromEntries([entry("serial-num", "string", "A"), entry("serial-num", "string", "B")]);
      checkEqual(r.data.serialNumber, "A", "serialNumber");
      checkEqual(messages([entry("serial-num", "string", "A"), entry("serial-num", "string", "B")]), [
        'warning: key "serial-num" stored 2 times: the reader sees the first (oldest) copy',
      ], "findings");
    },
  },
  {
    name: "reader: salt that is not base64 text",
    run: () => {
      const r = factoryDataFromEntries([entry("salt", "string", "not base64!")]);
      checkEqual(r.data.salt, undefined, "salt");
      checkEqual(r.findings.length, 1, "count");
      checkTrue(r.findings[0].message.startsWith('key "salt" value "not base64!": must be base64 text ('), r.findings[0].message);
    },
  },
  {
    name: "reader: NUL inside a string ends it",
    run: () => {
      const r = factoryDataFromEntries([entry("product-name", "string", "ab\u0000cd")]);
      checkEqual(r.data.productName, "ab", "productName");
      checkEqual(r.findings.map((f) => f.message), ['key "product-name" value "ab\\u0000cd": contains a NUL character; the reader\'s string ends there'], "findings");
    },
  },
  {
    name: "reader: device-id as u64 or 8-byte big-endian blob",
    run: () => {
      checkEqual(factoryDataFromEntries([entry("device-id", "u64", 7n)]).data.deviceId, 7n, "u64");
      checkEqual(factoryDataFromEntries([entry("device-id", "blob", fromHex("0000000000000102"))]).data.deviceId, 0x102n, "blob");
      checkEqual(messages([entry("device-id", "blob", fromHex("0102"))]), ['error: key "device-id" value <0102>: a blob device-id must be exactly 8 bytes (big-endian)'], "bad blob");
    },
  },
  {
    name: "reader: locales stop at the first missing index; extra indices are not read",
    run: () => {
      const entries = [entry("locale-sz", "u32", 3), entry("locale/0", "string", "en"), entry("locale/2", "string", "fr")];
      checkEqual(factoryDataFromEntries(entries).data.locales, ["en"], "locales");
      checkEqual(messages(entries), [
        'warning: key "locale/1" missing although locale-sz is 3: the reader stops after 1 locale(s)',
        'warning: key "locale/2" (string): outside the counts given by locale-sz / fl-sz / sm-sz, so the reader never looks it up',
      ], "findings");
    },
  },
  {
    name: "reader: padded or upper-case indices are never looked up",
    run: () => {
      const entries = [entry("fl-sz/01", "u32", 1), entry("locale-sz", "u32", 1), entry("locale/0", "string", "en")];
      const r = factoryDataFromEntries(entries);
      checkEqual(r.data.fixedLabels, undefined, "fixedLabels");
      checkEqual(r.data.extra, [{ namespace: "chip-factory", key: "fl-sz/01", type: "u32", value: 1 }], "extra");
      checkEqual(messages(entries), [
        'warning: key "fl-sz/01" (u32): not a key connectedhomeip\'s ESP32 providers read (per-index keys use lower-case hex without padding)',
      ], "findings");
    },
  },
  {
    name: "reader: fixed labels per endpoint, a missing value stops that endpoint",
    run: () => {
      const entries = [
        entry("fl-sz/2", "u32", 2), entry("fl-k/2/0", "string", "a"), entry("fl-v/2/0", "string", "1"), entry("fl-k/2/1", "string", "b"),
        entry("fl-sz/0", "u32", 1), entry("fl-k/0/0", "string", "c"), entry("fl-v/0/0", "string", "3"),
      ];
      checkEqual(factoryDataFromEntries(entries).data.fixedLabels, [
        { endpoint: 2, label: "a", value: "1" },
        { endpoint: 0, label: "c", value: "3" },
      ], "fixedLabels");
      checkEqual(messages(entries), ['warning: key "fl-v/2/1" missing although fl-sz/2 is 2: the reader stops after 1 label(s) on endpoint 2'], "findings");
    },
  },
  {
    name: "reader: supported modes with a missing key discard the endpoint",
    run: () => {
      const good = [entry("sm-sz/0", "u32", 1), entry("sm-label/0/0", "string", "A"), entry("sm-mode/0/0", "u32", 4), entry("sm-st-sz/0/0", "u32", 0)];
      const bad = [entry("sm-sz/1", "u32", 1), entry("sm-label/1/0", "string", "B"), entry("sm-st-sz/1/0", "u32", 0)];
      const r = factoryDataFromEntries([...good, ...bad]);
      checkEqual(r.data.supportedModes, [{ endpoint: 0, mode: 4, label: "A", semanticTags: [] }], "modes");
      checkEqual(r.findings.map((f) => f.message), ['key "sm-mode/1/0" missing although sm-sz/1 is 1: the reader discards endpoint 1\'s modes'], "findings");
    },
  },
  {
    name: "reader: other namespaces go to extra without findings; float entries are reported",
    run: () => {
      const r = factoryDataFromEntries([entry("vendor-id", "u32", 1), entry("k", "i8", -1, "app"), entry("f", "float", 1.5, "app")]);
      checkEqual(r.data, { vendorId: 1, extra: [{ namespace: "app", key: "k", type: "i8", value: -1 }] }, "data");
      checkEqual(r.findings.map((f) => f.message), ['key "app/f" has type float, which the NVS generators cannot write; not kept'], "findings");
    },
  },
];
