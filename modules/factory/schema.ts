// The chip-factory key table: the ONE description of the ESP32 Matter factory NVS keys. The writer
// (factory-data.ts), the reader (from-entries.ts), validation (validate.ts), `inspect` and
// docs/factory-keys.md (host-tools/docs/render-factory-keys.ts) are all driven by FACTORY_KEYS.
// Facts: docs/factory-data.md §Key table unless a row says otherwise.
//
// Table order = the order esp-matter-mfg-tool puts keys into its per-device CSV (docs/factory-data.md §mfg_tool output layout,
// confirmed by the tool's sample batch internal/partition.csv). The
// NVS generator writes entries in CSV order, so this order is what makes images byte-identical.
// Rows with a `group` are emitted together when the group's first row is reached, interleaved per
// index the way mfg_tool appends them (e.g. fl-sz/0, fl-k/0/0, fl-v/0/0, fl-k/0/1, fl-v/0/1, fl-sz/1…).
// Keys mfg_tool never writes come last, in an order of our choosing.

import type { NvsWritableType } from "../nvs/types.js";
import { PRODUCT_COLOR, PRODUCT_FINISH } from "./enums.js";
import * as M from "./matter-constants.js";

/** The NVS namespace of the factory data (docs/factory-data.md §Namespace and reader rules). */
export const FACTORY_NAMESPACE = "chip-factory";

/**
 * The DeviceInfo and SupportedModes providers build per-index keys in a 15-byte buffer, so a generated
 * key longer than 14 characters is truncated at runtime and never found (docs/factory-data.md §Key table notes), although
 * NVS itself and the tools accept 15.
 */
export const RUNTIME_KEY_MAX_LENGTH = 14;

/** Highest valid endpoint number in a key (EndpointId is 16 bits; 0xFFFF means "invalid"). */
export const MAX_ENDPOINT = 0xfffe;

/** How a field value maps to the stored NVS value. */
export type FactoryValueKind =
  | "u32" //         integer 0…0xFFFFFFFF  <-> u32 entry
  | "text" //        string                <-> string entry
  | "base64-text" // bytes                 <-> string entry holding their base64 text
  | "bytes" //       bytes                 <-> blob entry
  | "u64"; //        bigint                <-> u64 entry (the reader also takes an 8-byte big-endian blob)

/** The `type,encoding` columns mfg_tool / the chip script write for the key in their mfg_gen CSV. */
export interface CsvForm {
  type: "data" | "file";
  encoding: "u32" | "u64" | "string" | "hex2bin" | "binary";
}

/** Which connectedhomeip ESP32 component reads the key. */
export type FactoryProvider =
  | "CommissionableData"
  | "DeviceAttestationCredentials"
  | "DeviceInstanceInfo"
  | "DeviceInfo"
  | "SupportedModes"
  | "ConfigurationManager"
  | "LegacyTestMode" // the generic test-mode CommissionableDataProvider (docs/factory-data.md §Passcode not stored)
  | "none";

/**
 * What the ESP32 reader does when the key is absent: "error" (the read fails; the key is needed),
 * "not-found" (the attribute is unsupported), "fallback" (`value` is returned), "not-implemented",
 * "empty" (an empty list), "stop" (a list ends before this index), "not-read" (no provider reads it,
 * or only in a build option). The firmware's providers (device/providers/read-key.ts) follow it.
 */
export interface MissingBehaviour {
  outcome: "error" | "not-found" | "fallback" | "not-implemented" | "empty" | "stop" | "not-read";
  detail: string;
  /** The value returned instead ("fallback" only). */
  value?: number | string;
}

/**
 * Who a rule comes from. "reader": enforced when the key is read — by the firmware's providers
 * (device/providers/read-key.ts applies exactly these) and by validation profile "reader", so `verify`
 * rejects what the firmware rejects. "matter": Matter advice the reader does not enforce (warnings
 * only). "mfg-tool": esp-matter-mfg-tool's own input checks (profile "mfg-tool").
 */
export type RuleSource = "reader" | "matter" | "mfg-tool";

/** Rules too specific for range/length/enum; implemented in validate.ts, described here. */
export type FactoryCheck =
  | "mfg-date" // newest ESP32 provider's parser (docs/factory-data.md §mfg-date)
  | "mfg-date-old-firmware" // generic provider: exactly YYYY-MM-DD
  | "mfg-date-mfg-tool" // mfg_tool 1.0.29 input rule + a real calendar date (mfg-date.ts)
  | "serial-mfg-tool" // mfg_tool: 1…16 characters unless it is one of its own 32-hex serials (docs/factory-data.md §Key table)
  | "passcode" // Matter setup passcode rules
  | "der-sequence" // DER: starts with a SEQUENCE tag
  | "uncompressed-point" // 0x04 ‖ X ‖ Y
  | "p256-scalar" // 1 … n−1 of the P-256 group order
  | "matches-dac-key" // dac-pub-key is the public key of dac-key
  | "supported-modes-quirk" // docs/factory-data.md §Supported modes: always reported when supported modes are stored
  | "calendar-bits" // only bits 0…11 name calendar types
  | "location-enum"; // 0…2 are defined

interface RuleBase {
  source: RuleSource;
  severity: "error" | "warning";
  /** Human rule text, used in finding messages and the docs. */
  phrase: string;
}
export type FactoryRule =
  | (RuleBase & { kind: "range"; min: number; max: number })
  | (RuleBase & { kind: "length"; min: number; max: number; unit: "chars" | "bytes" })
  | (RuleBase & { kind: "enum"; names: Readonly<Record<string, number>> })
  | (RuleBase & { kind: "check"; check: FactoryCheck });

export type FactoryGroup = "locales" | "fixedLabels" | "supportedModes";

export interface FactoryKeySpec {
  /** NVS key, or a pattern with `<ep>`, `<i>`, `<j>`: lower-case hex, no padding (`%x`). */
  key: string;
  /** FactoryData property (fixed keys) or the path the pattern maps to (documentation). */
  field: string;
  group?: FactoryGroup;
  kind: FactoryValueKind;
  /** Entry type connectedhomeip's ESP32 reader looks up (a different type with the same key is "not found"). */
  nvsType: NvsWritableType;
  csv: CsvForm;
  content: string;
  provider: FactoryProvider;
  /** Redacted by dumps/inspect unless asked. */
  secret?: true;
  /** Why a non-secret value still deserves care (documentation only). */
  privacy?: string;
  /** Needed to commission with the ESP32 factory providers. */
  required?: true;
  /** `generate` makes a different value for every device (random, or drawn from a per-device source). */
  perDevice?: true;
  missing: MissingBehaviour;
  rules: readonly FactoryRule[];
  /** When each generator writes the key (false = never). */
  writtenBy: { mfgTool: string | false; chipScript: string | false };
}

// Rule builders keep the table readable.
const range = (source: RuleSource, min: number, max: number, phrase: string, severity: "error" | "warning" = "error"): FactoryRule =>
  ({ kind: "range", source, severity, min, max, phrase });
const length = (source: RuleSource, min: number, max: number, unit: "chars" | "bytes", phrase: string, severity: "error" | "warning" = "error"): FactoryRule =>
  ({ kind: "length", source, severity, min, max, unit, phrase });
const check = (source: RuleSource, c: FactoryCheck, phrase: string, severity: "error" | "warning" = "error"): FactoryRule =>
  ({ kind: "check", source, severity, check: c, phrase });
const oneOf = (source: RuleSource, names: Readonly<Record<string, number>>, phrase: string): FactoryRule =>
  ({ kind: "enum", source, severity: "error", names, phrase });

/** A 16-bit value in a u32 entry: the ESP32 reader casts to u16; this firmware rejects what would be cut. */
const u16Range = (phrase = "must be 0…0xFFFF (the reader casts the u32 to u16)") => range("reader", 0, 0xffff, phrase);

const U32: CsvForm = { type: "data", encoding: "u32" };
const STRING: CsvForm = { type: "data", encoding: "string" };
const FILE: CsvForm = { type: "file", encoding: "binary" };

const ERROR = (detail = "the read fails"): MissingBehaviour => ({ outcome: "error", detail });
const NOT_FOUND: MissingBehaviour = { outcome: "not-found", detail: "CHIP_DEVICE_ERROR_CONFIG_NOT_FOUND (attribute unsupported)" };
const STOP: MissingBehaviour = { outcome: "stop", detail: "the list ends before this index" };

const DAC_WRITERS = { mfgTool: "--paa or --pai (unless --dac-in-secure-cert)", chipScript: false } as const;

// Matter Basic Information string limits (Matter spec; the SDK sizes its reader buffers from them).
const basicText = (max: number, toolMin: number, toolMax: number): FactoryRule[] => [
  length("reader", 0, max, "bytes", `at most ${max} bytes (Basic Information attribute limit)`),
  length("mfg-tool", toolMin, toolMax, "chars", `${toolMin}…${toolMax} characters (mfg_tool input check)`),
];

export const FACTORY_KEYS: readonly FactoryKeySpec[] = Object.freeze([
  // ---- written by mfg_tool, in its order --------------------------------------------------------
  {
    key: "discriminator", field: "discriminator", kind: "u32", nvsType: "u32", csv: U32,
    content: "12-bit setup discriminator", provider: "CommissionableData", required: true, perDevice: true, missing: ERROR(),
    rules: [range("reader", 0, M.DISCRIMINATOR_MAX, "must be 0…0xFFF (the reader rejects larger values)")],
    writtenBy: { mfgTool: "always (random 0…0xFFF unless --discriminator)", chipScript: "-d" },
  },
  {
    key: "iteration-count", field: "iterationCount", kind: "u32", nvsType: "u32", csv: U32,
    content: "PBKDF2 iteration count for the SPAKE2+ verifier", provider: "CommissionableData", required: true, missing: ERROR(),
    rules: [range("reader", M.PBKDF_ITERATIONS_MIN, M.PBKDF_ITERATIONS_MAX, `must be ${M.PBKDF_ITERATIONS_MIN}…${M.PBKDF_ITERATIONS_MAX} (Matter PBKDF2 limits)`)],
    writtenBy: { mfgTool: "always (10000 unless --iteration-count)", chipScript: "-p (always 10000)" },
  },
  {
    key: "salt", field: "salt", kind: "base64-text", nvsType: "string", csv: STRING,
    content: "base64 text of the raw SPAKE2+ salt; the reader base64-decodes it", provider: "CommissionableData",
    required: true, perDevice: true, missing: ERROR(),
    rules: [length("reader", M.PBKDF_SALT_MIN, M.PBKDF_SALT_MAX, "bytes", `must be ${M.PBKDF_SALT_MIN}…${M.PBKDF_SALT_MAX} bytes (Matter salt length; the reader's buffer holds base64 of ${M.PBKDF_SALT_MAX} bytes)`)],
    writtenBy: { mfgTool: "always (32 random bytes unless --salt)", chipScript: "-p (32 random bytes)" },
  },
  {
    key: "vendor-id", field: "vendorId", kind: "u32", nvsType: "u32", csv: U32,
    content: "Vendor ID (u32 entry, cast to u16)", provider: "DeviceInstanceInfo", required: true, missing: ERROR(),
    rules: [u16Range()],
    writtenBy: { mfgTool: "always (-v is required)", chipScript: "--vendor-id" },
  },
  {
    key: "vendor-name", field: "vendorName", kind: "text", nvsType: "string", csv: STRING,
    content: "vendor name", provider: "DeviceInstanceInfo", required: true, missing: ERROR(),
    rules: basicText(M.VENDOR_NAME_MAX, 1, 32),
    writtenBy: { mfgTool: "--vendor-name", chipScript: "--vendor-name" },
  },
  {
    key: "product-id", field: "productId", kind: "u32", nvsType: "u32", csv: U32,
    content: "Product ID (u32 entry, cast to u16)", provider: "DeviceInstanceInfo", required: true, missing: ERROR(),
    rules: [u16Range()],
    writtenBy: { mfgTool: "always (-p is required)", chipScript: "--product-id" },
  },
  {
    key: "product-name", field: "productName", kind: "text", nvsType: "string", csv: STRING,
    content: "product name", provider: "DeviceInstanceInfo", required: true, missing: ERROR(),
    rules: basicText(M.PRODUCT_NAME_MAX, 1, 32),
    writtenBy: { mfgTool: "--product-name", chipScript: "--product-name" },
  },
  {
    key: "hardware-ver", field: "hardwareVersion", kind: "u32", nvsType: "u32", csv: U32,
    content: "hardware version (u32 entry, cast to u16)", provider: "DeviceInstanceInfo",
    missing: { outcome: "fallback", detail: "CONFIG_DEFAULT_DEVICE_HARDWARE_VERSION (default 0)", value: 0 },
    rules: [u16Range()],
    writtenBy: { mfgTool: "--hw-ver", chipScript: "--hw-ver" },
  },
  {
    key: "hw-ver-str", field: "hardwareVersionString", kind: "text", nvsType: "string", csv: STRING,
    content: "hardware version string", provider: "DeviceInstanceInfo", required: true, missing: ERROR(),
    rules: basicText(M.HARDWARE_VERSION_STRING_MAX, 1, 64),
    writtenBy: { mfgTool: "--hw-ver-str", chipScript: "--hw-ver-str" },
  },
  {
    key: "mfg-date", field: "manufacturingDate", kind: "text", nvsType: "string", csv: STRING,
    content: "manufacturing date YYYYMMDD or YYYY-MM-DD, optionally followed by a vendor suffix of up to 8 characters",
    provider: "DeviceInstanceInfo", missing: NOT_FOUND,
    rules: [
      check("reader", "mfg-date", "at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)"),
      check("reader", "mfg-date-old-firmware", "firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD", "warning"),
      check("mfg-tool", "mfg-date-mfg-tool", "YYYYMMDD (length 8 or 16) or YYYY-MM-DD (length 10 or 18) and a real calendar date (mfg_tool 1.0.29 input check, dates checked)"),
    ],
    writtenBy: { mfgTool: "--mfg-date", chipScript: "--mfg-date" },
  },
  {
    key: "rd-id-uid", field: "rotatingDeviceIdUniqueId", kind: "bytes", nvsType: "blob", csv: { type: "data", encoding: "hex2bin" },
    content: "Rotating Device ID unique ID (tools take 32 hex characters)", provider: "DeviceInstanceInfo",
    privacy: "anyone holding it can link the device's rotating IDs", perDevice: true,
    missing: { outcome: "not-read", detail: "read only with CONFIG_ENABLE_ROTATING_DEVICE_ID; then the read fails" },
    rules: [
      length("reader", M.ROTATING_ID_UNIQUE_ID_MIN, 32, "bytes", `at least ${M.ROTATING_ID_UNIQUE_ID_MIN} bytes (Matter: 128 bits minimum), at most 32 (the reader's buffer)`),
      length("mfg-tool", 16, 16, "bytes", "exactly 16 bytes, 32 hex characters (mfg_tool input check)"),
    ],
    writtenBy: { mfgTool: "--enable-rotating-device-id (random unless --rd-id-uid)", chipScript: "--rd-id-uid" },
  },
  {
    key: "product-finish", field: "productFinish", kind: "u32", nvsType: "u32", csv: U32,
    content: "ProductFinishEnum value (ProductAppearance)", provider: "DeviceInstanceInfo",
    missing: { outcome: "not-implemented", detail: "ProductAppearance treated as unsupported" },
    rules: [oneOf("reader", PRODUCT_FINISH, "must be a ProductFinishEnum value")],
    writtenBy: { mfgTool: "--product-finish <name>", chipScript: false },
  },
  {
    key: "product-color", field: "productColor", kind: "u32", nvsType: "u32", csv: U32,
    content: "ColorEnum value (ProductAppearance)", provider: "DeviceInstanceInfo",
    missing: { outcome: "not-implemented", detail: "ProductAppearance treated as unsupported" },
    rules: [oneOf("reader", PRODUCT_COLOR, "must be a ColorEnum value")],
    writtenBy: { mfgTool: "--product-color <name>", chipScript: false },
  },
  {
    key: "part-number", field: "partNumber", kind: "text", nvsType: "string", csv: STRING,
    content: "part number", provider: "DeviceInstanceInfo", missing: NOT_FOUND,
    rules: basicText(M.PART_NUMBER_MAX, 1, 32),
    writtenBy: { mfgTool: "--part-number", chipScript: false },
  },
  {
    key: "serial-num", field: "serialNumber", kind: "text", nvsType: "string", csv: STRING,
    content: "serial number", provider: "DeviceInstanceInfo",
    missing: { outcome: "fallback", detail: 'CONFIG_USE_TEST_SERIAL_NUMBER (default "TEST_SN")', value: "TEST_SN" }, perDevice: true,
    rules: [
      length("reader", 0, M.SERIAL_NUMBER_MAX, "bytes", `at most ${M.SERIAL_NUMBER_MAX} bytes (Basic Information attribute limit)`),
      check("mfg-tool", "serial-mfg-tool", "1…16 characters (mfg_tool --serial-num check; its own random serials are 32 hex characters)"),
    ],
    writtenBy: { mfgTool: "always (32 random hex characters unless --serial-num)", chipScript: "--serial-num" },
  },
  {
    key: "dac-cert", field: "dacCert", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "DAC X.509 certificate, DER", provider: "DeviceAttestationCredentials", required: true, perDevice: true, missing: ERROR(),
    rules: [
      length("reader", 1, 600, "bytes", "1…600 bytes (the SDK's DER certificate buffer)"),
      check("reader", "der-sequence", "must be DER (first byte 0x30)"),
    ],
    writtenBy: { ...DAC_WRITERS, chipScript: "--dac-cert" },
  },
  {
    key: "dac-key", field: "dacKey", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "DAC private key: raw 32-byte big-endian P-256 scalar", provider: "DeviceAttestationCredentials",
    secret: true, required: true, perDevice: true, missing: ERROR(),
    rules: [
      length("reader", 32, 32, "bytes", "must be exactly 32 bytes (raw P-256 private key)"),
      check("reader", "p256-scalar", "must be a valid P-256 private key (1 … group order − 1)"),
    ],
    writtenBy: { ...DAC_WRITERS, chipScript: "--dac-key (DER converted to raw)" },
  },
  {
    key: "dac-pub-key", field: "dacPublicKey", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "DAC public key: raw 65-byte uncompressed point 0x04 ‖ X ‖ Y", provider: "DeviceAttestationCredentials",
    required: true, perDevice: true, missing: ERROR(),
    rules: [
      length("reader", 65, 65, "bytes", "must be exactly 65 bytes (raw uncompressed P-256 point)"),
      check("reader", "uncompressed-point", "must start with 0x04 (uncompressed point)"),
      check("reader", "matches-dac-key", "must be the public key of dac-key (the reader loads them as one key pair)"),
    ],
    writtenBy: { ...DAC_WRITERS, chipScript: "--dac-key" },
  },
  {
    key: "pai-cert", field: "paiCert", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "PAI X.509 certificate, DER", provider: "DeviceAttestationCredentials", required: true, missing: ERROR(),
    rules: [
      length("reader", 1, 600, "bytes", "1…600 bytes (the SDK's DER certificate buffer)"),
      check("reader", "der-sequence", "must be DER (first byte 0x30)"),
    ],
    writtenBy: { ...DAC_WRITERS, chipScript: "--pai-cert" },
  },
  {
    key: "verifier", field: "verifier", kind: "base64-text", nvsType: "string", csv: STRING,
    content: "base64 text of the 97-byte SPAKE2+ verifier W0 ‖ L", provider: "CommissionableData",
    privacy: "an offline search over the 10^8 passcodes recovers the passcode from it (with salt and iteration count)",
    required: true, perDevice: true, missing: ERROR(),
    rules: [length("reader", M.SPAKE2P_VERIFIER_LENGTH, M.SPAKE2P_VERIFIER_LENGTH, "bytes", `must be exactly ${M.SPAKE2P_VERIFIER_LENGTH} bytes (serialized SPAKE2+ verifier)`)],
    writtenBy: { mfgTool: "unless --enable-dynamic-passcode", chipScript: "-p" },
  },
  {
    key: "cert-dclrn", field: "certDeclaration", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "Certification Declaration (CMS-signed, DER)", provider: "DeviceAttestationCredentials", required: true,
    missing: ERROR("the read fails unless CONFIG_ENABLE_SET_CERT_DECLARATION_API and the app set one"),
    rules: [
      length("reader", 1, 800, "bytes", "1…800 bytes (the SDK's CMS-signed CD buffer)"),
      check("reader", "der-sequence", "must be DER (first byte 0x30)"),
    ],
    writtenBy: { mfgTool: "-cd/--cert-dclrn", chipScript: "--cd" },
  },
  // (mfg_tool puts the chip-factory keys of --csv here.)
  {
    key: "cal-types", field: "calendarTypes", kind: "u32", nvsType: "u32", csv: U32,
    content: "bitmap: bit n set ⇔ CalendarType n supported (see the calendar table)", provider: "DeviceInfo",
    missing: { outcome: "empty", detail: "error logged, no calendar types" },
    rules: [check("matter", "calendar-bits", "only bits 0…11 name calendar types", "warning")],
    writtenBy: { mfgTool: "--calendar-types", chipScript: "--calendar-types" },
  },
  {
    key: "locale-sz", field: "locales.length", group: "locales", kind: "u32", nvsType: "u32", csv: U32,
    content: "number of supported locales", provider: "DeviceInfo",
    missing: { outcome: "empty", detail: "no locales" }, rules: [],
    writtenBy: { mfgTool: "--locales", chipScript: "--locales" },
  },
  {
    key: "locale/<i>", field: "locales[<i>]", group: "locales", kind: "text", nvsType: "string", csv: STRING,
    content: "BCP-47 language tag", provider: "DeviceInfo", missing: STOP,
    rules: [length("reader", 1, M.LOCALE_MAX, "bytes", `1…${M.LOCALE_MAX} bytes (the reader's locale buffer)`)],
    writtenBy: { mfgTool: "--locales", chipScript: "--locales" },
  },
  {
    key: "fl-sz/<ep>", field: "fixedLabels (count on endpoint <ep>)", group: "fixedLabels", kind: "u32", nvsType: "u32", csv: U32,
    content: "number of fixed labels on endpoint <ep>", provider: "DeviceInfo",
    missing: { outcome: "empty", detail: "no labels on the endpoint" }, rules: [],
    writtenBy: { mfgTool: "--fixed-labels", chipScript: "--fixed-labels" },
  },
  {
    key: "fl-k/<ep>/<i>", field: "fixedLabels[].label", group: "fixedLabels", kind: "text", nvsType: "string", csv: STRING,
    content: "fixed-label name", provider: "DeviceInfo", missing: STOP,
    rules: [
      length("reader", 0, M.FIXED_LABEL_MAX, "bytes", `at most ${M.FIXED_LABEL_MAX} bytes (the reader's label buffer)`),
      length("mfg-tool", 1, 15, "chars", "1…15 characters (mfg_tool input check)"),
    ],
    writtenBy: { mfgTool: "--fixed-labels", chipScript: "--fixed-labels" },
  },
  {
    key: "fl-v/<ep>/<i>", field: "fixedLabels[].value", group: "fixedLabels", kind: "text", nvsType: "string", csv: STRING,
    content: "fixed-label value", provider: "DeviceInfo", missing: STOP,
    rules: [
      length("reader", 0, M.FIXED_LABEL_MAX, "bytes", `at most ${M.FIXED_LABEL_MAX} bytes (the reader's value buffer)`),
      length("mfg-tool", 1, 15, "chars", "1…15 characters (mfg_tool input check)"),
    ],
    writtenBy: { mfgTool: "--fixed-labels", chipScript: "--fixed-labels" },
  },
  {
    key: "sm-sz/<ep>", field: "supportedModes (count on endpoint <ep>)", group: "supportedModes", kind: "u32", nvsType: "u32", csv: U32,
    content: "number of supported modes on endpoint <ep>", provider: "SupportedModes",
    missing: { outcome: "empty", detail: "Mode Select reports the endpoint unsupported" },
    rules: [check("reader", "supported-modes-quirk",
      "connectedhomeip's ESP32 example SupportedModesManager reads the mode number from the label key, so on those revisions it discards the endpoint's modes (docs/factory-data.md §Supported modes)", "warning")],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "sm-label/<ep>/<i>", field: "supportedModes[].label", group: "supportedModes", kind: "text", nvsType: "string", csv: STRING,
    content: "mode label", provider: "SupportedModes", missing: STOP,
    rules: [length("reader", 0, M.MODE_LABEL_MAX, "bytes", `at most ${M.MODE_LABEL_MAX} bytes (Mode Select label)`)],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "sm-mode/<ep>/<i>", field: "supportedModes[].mode", group: "supportedModes", kind: "u32", nvsType: "u32", csv: U32,
    content: "mode number (cast to u8)", provider: "SupportedModes", missing: STOP,
    rules: [range("reader", 0, 0xff, "must be 0…255 (the reader casts to u8)")],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "sm-st-sz/<ep>/<i>", field: "supportedModes[].semanticTags.length", group: "supportedModes", kind: "u32", nvsType: "u32", csv: U32,
    content: "number of semantic tags of mode <i>", provider: "SupportedModes", missing: STOP, rules: [],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "st-v/<ep>/<i>/<j>", field: "supportedModes[].semanticTags[<j>].value", group: "supportedModes", kind: "u32", nvsType: "u32", csv: U32,
    content: "semantic-tag value (cast to u16)", provider: "SupportedModes", missing: STOP,
    rules: [u16Range("must be 0…0xFFFF (the reader casts to u16)")],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "st-mfg/<ep>/<i>/<j>", field: "supportedModes[].semanticTags[<j>].mfgCode", group: "supportedModes", kind: "u32", nvsType: "u32", csv: U32,
    content: "semantic-tag manufacturer code (cast to a vendor ID)", provider: "SupportedModes", missing: STOP,
    rules: [u16Range("must be 0…0xFFFF (the reader casts to a 16-bit vendor ID)")],
    writtenBy: { mfgTool: "--supported-modes", chipScript: "--supported-modes (newer versions)" },
  },
  {
    key: "product-label", field: "productLabel", kind: "text", nvsType: "string", csv: STRING,
    content: "product label", provider: "DeviceInstanceInfo", missing: NOT_FOUND,
    rules: basicText(M.PRODUCT_LABEL_MAX, 1, 64),
    writtenBy: { mfgTool: "--product-label", chipScript: false },
  },
  {
    key: "product-url", field: "productUrl", kind: "text", nvsType: "string", csv: STRING,
    content: "product URL", provider: "DeviceInstanceInfo", missing: NOT_FOUND,
    rules: basicText(M.PRODUCT_URL_MAX, 1, 256),
    writtenBy: { mfgTool: "--product-url", chipScript: false },
  },
  // ---- keys neither current generator writes ----------------------------------------------------
  {
    key: "pin-code", field: "passcode", kind: "u32", nvsType: "u32", csv: U32,
    content: "setup passcode; read only by the test-mode provider used when the ESP32 factory provider is off (dev images)",
    provider: "LegacyTestMode", secret: true,
    missing: { outcome: "fallback", detail: "test passcode 20202021", value: 20202021 },
    rules: [check("reader", "passcode", `must be ${M.PASSCODE_MIN}…${M.PASSCODE_MAX} and not 00000000, 11111111 … 99999999, 12345678, 87654321`)],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "loc-capability", field: "locationCapability", kind: "u32", nvsType: "u32", csv: U32,
    content: "General Commissioning LocationCapability (0 Indoor, 1 Outdoor, 2 IndoorOutdoor)", provider: "ConfigurationManager",
    missing: { outcome: "not-read", detail: "read only with CONFIG_ENABLE_ESP32_LOCATIONCAPABILITY; otherwise Indoor" },
    rules: [
      range("reader", 0, 0xff, "must be 0…255 (the reader rejects larger values)"),
      check("matter", "location-enum", "must be 0 Indoor, 1 Outdoor or 2 IndoorOutdoor", "warning"),
    ],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "device-type", field: "deviceType", kind: "u32", nvsType: "u32", csv: U32,
    content: "primary device type ID advertised in DNS-SD", provider: "ConfigurationManager",
    missing: { outcome: "fallback", detail: "CONFIG_DEVICE_TYPE" }, rules: [],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "product-rev", field: "productRevision", kind: "u32", nvsType: "u32", csv: U32,
    content: "product revision (u32 entry, cast to u16); older connectedhomeip ESP32 builds read it (ConfigurationManager GetProductRevision) where newer ones read hardware-ver",
    provider: "DeviceInstanceInfo",
    missing: { outcome: "fallback", detail: "CHIP_DEVICE_CONFIG_DEFAULT_DEVICE_PRODUCT_REVISION (default 1)", value: 1 },
    rules: [u16Range()],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "device-id", field: "deviceId", kind: "u64", nvsType: "u64", csv: { type: "data", encoding: "u64" },
    content: "legacy manufacturer device ID (u64, or an 8-byte big-endian blob)", provider: "none",
    missing: { outcome: "not-read", detail: "no Matter provider reads it" }, rules: [],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "device-cert", field: "deviceCert", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "legacy (pre-Matter) manufacturer device certificate", provider: "none",
    missing: { outcome: "not-read", detail: "no Matter provider reads it" }, rules: [],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "device-ca-certs", field: "deviceCaCerts", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "legacy (pre-Matter) manufacturer CA certificates", provider: "none",
    missing: { outcome: "not-read", detail: "no Matter provider reads it" }, rules: [],
    writtenBy: { mfgTool: false, chipScript: false },
  },
  {
    key: "device-key", field: "deviceKey", kind: "bytes", nvsType: "blob", csv: FILE,
    content: "legacy (pre-Matter) manufacturer device private key", provider: "none", secret: true,
    missing: { outcome: "not-read", detail: "no Matter provider reads it" }, rules: [],
    writtenBy: { mfgTool: false, chipScript: false },
  },
] satisfies FactoryKeySpec[]);

// ---- key patterns --------------------------------------------------------------------------------

/** Placeholder names of a key pattern in order (`fl-k/<ep>/<i>` → ["ep", "i"]). */
export function keyPlaceholders(pattern: string): string[] {
  const out: string[] = [];
  const re = /<([a-z]+)>/g;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) out.push(m[1]);
  return out;
}

/** Fills a key pattern with numbers formatted like the firmware's `%x` (lower-case hex, no padding). */
export function formatFactoryKey(pattern: string, params: readonly number[]): string {
  let n = 0;
  return pattern.replace(/<[a-z]+>/g, () => {
    const v = params[n++];
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`key pattern "${pattern}": index ${String(v)} is not a non-negative integer`);
    return v.toString(16);
  });
}

// `%x` output: "0" or a lower-case hex number without leading zeros.
const HEX_INDEX = "(0|[1-9a-f][0-9a-f]{0,7})";
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MATCHERS: { spec: FactoryKeySpec; re: RegExp | null }[] = FACTORY_KEYS.map((spec) => ({
  spec,
  re: spec.key.includes("<")
    ? new RegExp("^" + spec.key.split(/<[a-z]+>/).map(escapeRegExp).join(HEX_INDEX) + "$")
    : null,
}));

/**
 * The table row a concrete key belongs to, with the numbers filled into its pattern. Keys whose
 * indices are padded or upper-case (`fl-sz/01`, `locale/A`) do not match: the firmware never looks
 * them up.
 */
export function matchFactoryKey(key: string): { spec: FactoryKeySpec; params: number[] } | undefined {
  for (const { spec, re } of MATCHERS) {
    if (re === null) {
      if (spec.key === key) return { spec, params: [] };
      continue;
    }
    const m = re.exec(key);
    if (m) return { spec, params: m.slice(1).map((h) => parseInt(h, 16)) };
  }
  return undefined;
}

/** The table row with exactly this key or pattern. */
export function factoryKeySpec(keyOrPattern: string): FactoryKeySpec | undefined {
  for (const spec of FACTORY_KEYS) if (spec.key === keyOrPattern) return spec;
  return undefined;
}
