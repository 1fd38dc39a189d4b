// The key table's own invariants, key patterns and the enum maps.
import { type VectorCase, checkEqual, checkThrowsBug, checkThrowsId, checkTrue } from "../testkit/check.js";
import { CALENDAR_TYPES, PRODUCT_COLOR, PRODUCT_FINISH, calendarTypesFromBitmap, calendarTypesToBitmap, enumName, enumValue } from "./enums.js";
import { exampleFactoryData } from "./example.js";
import { FACTORY_KEYS, formatFactoryKey, keyPlaceholders, matchFactoryKey } from "./schema.js";

const keys = FACTORY_KEYS.map((s) => s.key);

export const vectors: VectorCase[] = [
  {
    name: "table order is mfg_tool's (docs/factory-data.md §mfg_tool output layout), then the keys it never writes",
    run: () => checkEqual(keys, [
      "discriminator", "iteration-count", "salt", "vendor-id", "vendor-name", "product-id", "product-name", "hardware-ver",
      "hw-ver-str", "mfg-date", "rd-id-uid", "product-finish", "product-color", "part-number", "serial-num", "dac-cert",
      "dac-key", "dac-pub-key", "pai-cert", "verifier", "cert-dclrn", "cal-types", "locale-sz", "locale/<i>",
      "fl-sz/<ep>", "fl-k/<ep>/<i>", "fl-v/<ep>/<i>", "sm-sz/<ep>", "sm-label/<ep>/<i>", "sm-mode/<ep>/<i>",
      "sm-st-sz/<ep>/<i>", "st-v/<ep>/<i>/<j>", "st-mfg/<ep>/<i>/<j>", "product-label", "product-url",
      "pin-code", "loc-capability", "device-type", "product-rev", "device-id", "device-cert", "device-ca-certs", "device-key",
    ], "keys"),
  },
  {
    name: "every key written by mfg_tool comes before every key it never writes",
    run: () => {
      const firstNever = FACTORY_KEYS.findIndex((s) => s.writtenBy.mfgTool === false);
      checkTrue(FACTORY_KEYS.slice(firstNever).every((s) => s.writtenBy.mfgTool === false), "order");
    },
  },
  {
    name: "keys are unique, fixed keys fit NVS (15), groups are contiguous",
    run: () => {
      checkEqual(new Set(keys).size, keys.length, "unique");
      for (const s of FACTORY_KEYS) if (!s.key.includes("<")) checkTrue(s.key.length <= 15, s.key);
      for (const s of FACTORY_KEYS) checkEqual(!!s.group, s.key.includes("<") || s.key.endsWith("-sz"), `group of ${s.key}`);
      const groups = FACTORY_KEYS.map((s) => s.group ?? "").filter((g, i, a) => g !== "" && a[i - 1] !== g);
      checkEqual(groups, ["locales", "fixedLabels", "supportedModes"], "contiguous groups");
    },
  },
  {
    name: "NVS type and CSV encoding agree with the value kind",
    run: () => {
      for (const s of FACTORY_KEYS) {
        const want = { u32: ["u32", "u32"], text: ["string", "string"], "base64-text": ["string", "string"], bytes: ["blob", ""], u64: ["u64", "u64"] }[s.kind];
        checkEqual(s.nvsType, want[0], `${s.key} nvsType`);
        if (s.kind === "bytes") checkTrue(s.csv.encoding === "binary" || s.csv.encoding === "hex2bin", `${s.key} csv`);
        else checkEqual([s.csv.type, s.csv.encoding], ["data", want[1]], `${s.key} csv`);
      }
    },
  },
  {
    name: "every fixed key's field is a FactoryData property (the full example sets them all)",
    run: () => {
      const props = Object.keys(exampleFactoryData());
      for (const s of FACTORY_KEYS) if (!s.group) checkTrue(props.includes(s.field), `${s.key} -> ${s.field}`);
    },
  },
  {
    name: "secret keys: dac-key, pin-code, device-key",
    run: () => checkEqual(FACTORY_KEYS.filter((s) => s.secret).map((s) => s.key), ["dac-key", "pin-code", "device-key"], "secret"),
  },
  {
    name: "required for commissioning with the factory providers",
    run: () => checkEqual(FACTORY_KEYS.filter((s) => s.required).map((s) => s.key), [
      "discriminator", "iteration-count", "salt", "vendor-id", "vendor-name", "product-id", "product-name", "hw-ver-str",
      "dac-cert", "dac-key", "dac-pub-key", "pai-cert", "verifier", "cert-dclrn",
    ], "required"),
  },
  {
    name: "sample key types (mfg_tool internal/partition.csv): u32 ints, base64 strings, file/binary blobs, hex2bin uid",
    run: () => {
      const form = (k: string) => {
        const s = FACTORY_KEYS.find((x) => x.key === k)!;
        return `${s.csv.type},${s.csv.encoding}`;
      };
      checkEqual(["discriminator", "salt", "rd-id-uid", "dac-cert", "verifier", "cert-dclrn"].map(form),
        ["data,u32", "data,string", "data,hex2bin", "file,binary", "data,string", "file,binary"], "forms");
    },
  },
  {
    name: "formatFactoryKey: %x indices",
    run: () => {
      checkEqual(formatFactoryKey("locale/<i>", [10]), "locale/a", "locale");
      checkEqual(formatFactoryKey("st-mfg/<ep>/<i>/<j>", [0x1f, 0, 255]), "st-mfg/1f/0/ff", "st-mfg");
      checkEqual(keyPlaceholders("st-v/<ep>/<i>/<j>"), ["ep", "i", "j"], "placeholders");
      checkThrowsBug(() => formatFactoryKey("locale/<i>", [-1]), 'key pattern "locale/<i>": index -1 is not a non-negative integer');
    },
  },
  {
    name: "matchFactoryKey: concrete keys, params, and keys the firmware never looks up",
    run: () => {
      checkEqual(matchFactoryKey("discriminator")?.params, [], "fixed");
      checkEqual(matchFactoryKey("fl-k/1f/b")?.spec.key, "fl-k/<ep>/<i>", "fl-k spec");
      checkEqual(matchFactoryKey("fl-k/1f/b")?.params, [31, 11], "fl-k params");
      checkEqual(matchFactoryKey("st-mfg/0/0/0")?.spec.key, "st-mfg/<ep>/<i>/<j>", "st-mfg");
      checkEqual(matchFactoryKey("locale/0")?.params, [0], "locale/0");
      for (const k of ["locale/A", "locale/01", "locale/", "locale/0/0", "fl-k/1", "sm-sz/-1", "vendor", "Discriminator"]) {
        checkEqual(matchFactoryKey(k), undefined, k);
      }
    },
  },
  {
    name: "enum maps: mfg_tool names and values",
    run: () => {
      checkEqual(Object.keys(PRODUCT_FINISH).length, 6, "finishes");
      checkEqual(Object.keys(PRODUCT_COLOR).length, 21, "colors");
      checkEqual([PRODUCT_FINISH.fabric, PRODUCT_COLOR.gray, PRODUCT_COLOR.gold, CALENDAR_TYPES.Taiwanese], [5, 7, 20, 11], "values");
      checkEqual(enumName(PRODUCT_COLOR, 12), "fuchsia", "name");
      checkEqual(enumName(PRODUCT_COLOR, 21), undefined, "no name");
      checkEqual(enumValue(PRODUCT_FINISH, "Satin", "product finish"), 2, "case-insensitive");
      checkThrowsId(() => enumValue(PRODUCT_FINISH, "shiny", "product finish"), "factory.enum-name", 'product finish "shiny": not one of other, matte, satin, polished, rugged, fabric');
    },
  },
  {
    name: "calendar types <-> bitmap",
    run: () => {
      checkEqual(calendarTypesToBitmap(["Gregorian", "Japanese"]), 0x110, "to");
      checkEqual(calendarTypesToBitmap([]), 0, "none");
      checkEqual(calendarTypesToBitmap(Object.keys(CALENDAR_TYPES)), 0xfff, "all");
      checkEqual(calendarTypesFromBitmap(0x1011), ["Buddhist", "Gregorian", "bit12"], "from");
      checkThrowsId(() => calendarTypesToBitmap(["Mayan"]), "factory.enum-name", 'calendar type "Mayan": not one of Buddhist, Chinese');
    },
  },
];
