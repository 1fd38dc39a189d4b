// validateFactoryData: one vector per rule of the key table, with the exact one-line message.
import { fromHex } from "../bytes/hex.js";
import { type VectorCase, checkEqual, checkThrows } from "../testkit/check.js";
import { EXAMPLE_DAC_KEY, EXAMPLE_DAC_PUBLIC_KEY, exampleFactoryData } from "./example.js";
import type { FactoryData } from "./factory-data.js";
import { type FactoryProfile, assertValidFactoryData, validateFactoryData } from "./validate.js";

const run = (d: FactoryData, profile: FactoryProfile = "reader") =>
  validateFactoryData(d, { profile, missingRequired: "ignore" }).map((f) => `${f.severity}: ${f.message}`);

/** A vector: `d` checked with `profile` gives exactly `expected`. */
const v = (name: string, d: FactoryData, expected: string[], profile: FactoryProfile = "reader"): VectorCase => ({
  name: `${profile}: ${name}`,
  run: () => checkEqual(run(d, profile), expected, "findings"),
});

const bytes = (n: number, first = 0x30) => {
  const b = new Uint8Array(n).fill(1);
  if (n > 0) b[0] = first;
  return b;
};
const chars = (n: number, c = "a") => c.repeat(n);
const QUIRK = "connectedhomeip's ESP32 example SupportedModesManager reads the mode number from the label key, so on those revisions it discards the endpoint's modes (docs/factory-data.md §Supported modes)";

export const vectors: VectorCase[] = [
  v("full example: only the supported-modes quirk", exampleFactoryData(), [`warning: key "sm-sz/1" value 2: ${QUIRK}`]),
  v("full example", exampleFactoryData(), [
    `warning: key "sm-sz/1" value 2: ${QUIRK}`,
    'warning: key "pin-code" value <secret>: esp-matter-mfg-tool never writes this key',
    'warning: key "loc-capability" value 2: esp-matter-mfg-tool never writes this key',
    'warning: key "device-type" value 256 (0x100): esp-matter-mfg-tool never writes this key',
    'warning: key "product-rev" value 3: esp-matter-mfg-tool never writes this key',
    'warning: key "device-id" value 72623859790382856n: esp-matter-mfg-tool never writes this key',
    'warning: key "device-cert" value <11 bytes: 6c656761…>: esp-matter-mfg-tool never writes this key',
    'warning: key "device-ca-certs" value <9 bytes: 6c656761…>: esp-matter-mfg-tool never writes this key',
    'warning: key "device-key" value <secret, 10 bytes>: esp-matter-mfg-tool never writes this key',
  ], "mfg-tool"),

  // Commissionable data
  v("discriminator range", { discriminator: 0x1000 }, ['error: key "discriminator" value 4096 (0x1000): must be 0…0xFFF (the reader rejects larger values)']),
  v("discriminator 0 is valid", { discriminator: 0 }, []),
  v("iteration count below 1000", { iterationCount: 999 }, ['error: key "iteration-count" value 999 (0x3e7): must be 1000…100000 (Matter PBKDF2 limits)']),
  v("iteration count above 100000", { iterationCount: 100001 }, ['error: key "iteration-count" value 100001 (0x186a1): must be 1000…100000 (Matter PBKDF2 limits)']),
  v("salt 15 bytes", { salt: bytes(15) }, ['error: key "salt" value <15 bytes: 30010101…>: must be 16…32 bytes (Matter salt length; the reader\'s buffer holds base64 of 32 bytes)']),
  v("salt 33 bytes", { salt: bytes(33) }, ['error: key "salt" value <33 bytes: 30010101…>: must be 16…32 bytes (Matter salt length; the reader\'s buffer holds base64 of 32 bytes)']),
  v("verifier 96 bytes", { verifier: bytes(96) }, ['error: key "verifier" value <96 bytes: 30010101…>: must be exactly 97 bytes (serialized SPAKE2+ verifier)']),

  // Device instance info
  v("vendor-id above u16", { vendorId: 0x10000 }, ['error: key "vendor-id" value 65536 (0x10000): must be 0…0xFFFF (the reader casts the u32 to u16)']),
  v("product-id above u16", { productId: 0x1ffff }, ['error: key "product-id" value 131071 (0x1ffff): must be 0…0xFFFF (the reader casts the u32 to u16)']),
  v("hardware-ver above u16", { hardwareVersion: 0x10000 }, ['error: key "hardware-ver" value 65536 (0x10000): must be 0…0xFFFF (the reader casts the u32 to u16)']),
  v("vendor-name 33 bytes", { vendorName: chars(33) }, [`error: key "vendor-name" value "${chars(33)}": at most 32 bytes (Basic Information attribute limit)`]),
  v("vendor-name: bytes, not characters", { vendorName: chars(16, "é") + "a" }, [`error: key "vendor-name" value "${chars(16, "é")}a": at most 32 bytes (Basic Information attribute limit)`]),
  v("empty vendor-name is fine for the reader", { vendorName: "" }, []),
  v("empty vendor-name", { vendorName: "" }, ['error: key "vendor-name" value "": 1…32 characters (mfg_tool input check)'], "mfg-tool"),
  v("product-name 33 characters", { productName: chars(33) }, [
    `error: key "product-name" value "${chars(33)}": at most 32 bytes (Basic Information attribute limit)`,
    `error: key "product-name" value "${chars(33)}": 1…32 characters (mfg_tool input check)`,
  ], "mfg-tool"),
  v("hw-ver-str 65", { hardwareVersionString: chars(65) }, [`error: key "hw-ver-str" value "${chars(64)}…": at most 64 bytes (Basic Information attribute limit)`]),
  v("part-number 33", { partNumber: chars(33) }, [`error: key "part-number" value "${chars(33)}": at most 32 bytes (Basic Information attribute limit)`]),
  v("product-label 65", { productLabel: chars(65) }, [`error: key "product-label" value "${chars(64)}…": at most 64 bytes (Basic Information attribute limit)`]),
  v("product-url 257", { productUrl: chars(257) }, [`error: key "product-url" value "${chars(64)}…": at most 256 bytes (Basic Information attribute limit)`]),
  v("serial-num 33 bytes", { serialNumber: chars(33) }, [`error: key "serial-num" value "${chars(33)}": at most 32 bytes (Basic Information attribute limit)`]),
  v("serial-num 17 characters", { serialNumber: chars(17, "S") }, [
    `error: key "serial-num" value "${chars(17, "S")}": 1…16 characters (mfg_tool --serial-num check; its own random serials are 32 hex characters)`,
  ], "mfg-tool"),
  v("serial-num: mfg_tool's own 32-hex form passes", { serialNumber: "82cf29c207633506b3bdb11ab39e802b" }, [], "mfg-tool"),
  v("serial-num 17 characters is fine for the reader", { serialNumber: chars(17, "S") }, []),
  v("rd-id-uid 15 bytes", { rotatingDeviceIdUniqueId: bytes(15) }, ['error: key "rd-id-uid" value <15 bytes: 30010101…>: at least 16 bytes (Matter: 128 bits minimum), at most 32 (the reader\'s buffer)']),
  // The firmware's DeviceInstanceInfo provider rejects more than its 32-byte buffer (issue 10).
  v("rd-id-uid 40 bytes", { rotatingDeviceIdUniqueId: bytes(40) }, ['error: key "rd-id-uid" value <40 bytes: 30010101…>: at least 16 bytes (Matter: 128 bits minimum), at most 32 (the reader\'s buffer)']),
  v("rd-id-uid 20 bytes", { rotatingDeviceIdUniqueId: bytes(20) }, ['error: key "rd-id-uid" value <20 bytes: 30010101…>: exactly 16 bytes, 32 hex characters (mfg_tool input check)'], "mfg-tool"),
  v("product-finish not in the enum", { productFinish: 6 }, ['error: key "product-finish" value 6: must be a ProductFinishEnum value']),
  v("product-color not in the enum", { productColor: 21 }, ['error: key "product-color" value 21 (0x15): must be a ColorEnum value']),

  // mfg-date (docs/factory-data.md §mfg-date)
  v("mfg-date YYYYMMDD: old firmware warning", { manufacturingDate: "20240517" }, [
    'warning: key "mfg-date" value "20240517": firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD',
  ]),
  v("mfg-date YYYYMMDD + vendor suffix", { manufacturingDate: "20240517ABCD1234" }, [
    'warning: key "mfg-date" value "20240517ABCD1234": firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD',
  ]),
  v("mfg-date YYYYMMDD + vendor suffix passes mfg_tool", { manufacturingDate: "20240517ABCD1234" }, [
    'warning: key "mfg-date" value "20240517ABCD1234": firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD',
  ], "mfg-tool"),
  v("mfg-date YYYY-MM-DD is what everything but mfg_tool accepts", { manufacturingDate: "2024-05-17" }, []),
  v("mfg-date YYYY-MM-DD + suffix: 16 characters", { manufacturingDate: "2024-05-17ABCDEF" }, [
    'warning: key "mfg-date" value "2024-05-17ABCDEF": firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD',
  ]),
  v("mfg-date month 13 (no old-firmware warning on top)", { manufacturingDate: "2024-13-17" }, [
    'error: key "mfg-date" value "2024-13-17": at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)',
  ]),
  v("mfg-date year 0999", { manufacturingDate: "09990101" }, [
    'error: key "mfg-date" value "09990101": at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)',
  ]),
  v("mfg-date 7 digits", { manufacturingDate: "2024051" }, [
    'error: key "mfg-date" value "2024051": at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)',
    'error: key "mfg-date" value "2024051": YYYYMMDD (length 8 or 16) or YYYY-MM-DD (length 10 or 18) and a real calendar date (mfg_tool 1.0.29 input check, dates checked)',
  ], "mfg-tool"),
  v("mfg-date 30 February: the reader takes it, the tools refuse it", { manufacturingDate: "20260230" }, [
    'error: key "mfg-date" value "20260230": YYYYMMDD (length 8 or 16) or YYYY-MM-DD (length 10 or 18) and a real calendar date (mfg_tool 1.0.29 input check, dates checked)',
  ], "mfg-tool"),
  v("mfg-date YYYY-MM-DD passes mfg_tool 1.0.29", { manufacturingDate: "2026-01-15" }, [], "mfg-tool"),
  v("mfg-date 17 characters", { manufacturingDate: "20240517ABCDEFGHI" }, [
    'error: key "mfg-date" value "20240517ABCDEFGHI": at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)',
  ]),
  v("mfg-date day 00", { manufacturingDate: "2024-05-00" }, [
    'error: key "mfg-date" value "2024-05-00": at most 16 characters; without dashes 8…16 characters starting with a date YYYYMMDD (year 1000…9999, month 1…12, day 1…31)',
  ]),

  // Attestation
  v("dac-cert empty", { dacCert: new Uint8Array(0) }, [
    'error: key "dac-cert" value <>: 1…600 bytes (the SDK\'s DER certificate buffer)',
    'error: key "dac-cert" value <>: must be DER (first byte 0x30)',
  ]),
  v("dac-cert 601 bytes", { dacCert: bytes(601) }, ['error: key "dac-cert" value <601 bytes: 30010101…>: 1…600 bytes (the SDK\'s DER certificate buffer)']),
  v("pai-cert not DER", { paiCert: bytes(10, 0x2d) }, ['error: key "pai-cert" value <10 bytes: 2d010101…>: must be DER (first byte 0x30)']),
  v("cert-dclrn 801 bytes", { certDeclaration: bytes(801) }, ['error: key "cert-dclrn" value <801 bytes: 30010101…>: 1…800 bytes (the SDK\'s CMS-signed CD buffer)']),
  v("dac-key 31 bytes (value never shown)", { dacKey: bytes(31) }, ['error: key "dac-key" value <secret, 31 bytes>: must be exactly 32 bytes (raw P-256 private key)']),
  v("dac-key zero", { dacKey: new Uint8Array(32) }, ['error: key "dac-key" value <secret, 32 bytes>: must be a valid P-256 private key (1 … group order − 1)']),
  v("dac-pub-key 64 bytes", { dacPublicKey: bytes(64, 4) }, ['error: key "dac-pub-key" value <64 bytes: 04010101…>: must be exactly 65 bytes (raw uncompressed P-256 point)']),
  v("dac-pub-key compressed prefix", { dacPublicKey: bytes(65, 2) }, ['error: key "dac-pub-key" value <65 bytes: 02010101…>: must start with 0x04 (uncompressed point)']),
  v("dac key pair that belongs together", { dacKey: EXAMPLE_DAC_KEY, dacPublicKey: EXAMPLE_DAC_PUBLIC_KEY }, []),
  v("dac-pub-key of another key", { dacKey: EXAMPLE_DAC_KEY, dacPublicKey: bytes(65, 4) }, [
    'error: key "dac-pub-key" value <65 bytes: 04010101…>: must be the public key of dac-key (the reader loads them as one key pair)',
  ]),

  // Device info
  v("cal-types bit 12", { calendarTypes: 1 << 12 }, ['warning: key "cal-types" value 4096 (0x1000): only bits 0…11 name calendar types']),
  v("locale 36 bytes", { locales: ["en", chars(36)] }, [`error: key "locale/1" value "${chars(36)}": 1…35 bytes (the reader's locale buffer)`]),
  v("empty locale", { locales: [""] }, ['error: key "locale/0" value "": 1…35 bytes (the reader\'s locale buffer)']),
  v("fixed label 17 bytes", { fixedLabels: [{ endpoint: 0, label: chars(17), value: "v" }] }, [
    `error: key "fl-k/0/0" value "${chars(17)}": at most 16 bytes (the reader's label buffer)`,
  ]),
  v("fixed label value 16 characters", { fixedLabels: [{ endpoint: 0, label: "k", value: chars(16) }] }, [
    `error: key "fl-v/0/0" value "${chars(16)}": 1…15 characters (mfg_tool input check)`,
  ], "mfg-tool"),
  v("fixed label value 16 characters is fine for the reader", { fixedLabels: [{ endpoint: 0, label: "k", value: chars(16) }] }, []),
  v("endpoint 0xFFFF", { fixedLabels: [{ endpoint: 0xffff, label: "k", value: "v" }] }, [
    'error: key "fl-sz/ffff" endpoint 65535 (0xffff): must be 0…0xFFFE',
    'error: key "fl-k/ffff/0" endpoint 65535 (0xffff): must be 0…0xFFFE',
    'error: key "fl-v/ffff/0" endpoint 65535 (0xffff): must be 0…0xFFFE',
  ]),
  v("supported mode rules", {
    supportedModes: [{ endpoint: 0, mode: 256, label: chars(65), semanticTags: [{ value: 0x10000, mfgCode: 0x10000 }] }],
  }, [
    `warning: key "sm-sz/0" value 1: ${QUIRK}`,
    `error: key "sm-label/0/0" value "${chars(64)}…": at most 64 bytes (Mode Select label)`,
    'error: key "sm-mode/0/0" value 256 (0x100): must be 0…255 (the reader casts to u8)',
    'error: key "st-v/0/0/0" value 65536 (0x10000): must be 0…0xFFFF (the reader casts to u16)',
    'error: key "st-mfg/0/0/0" value 65536 (0x10000): must be 0…0xFFFF (the reader casts to a 16-bit vendor ID)',
  ]),
  {
    name: "reader: per-index key of 15 characters is never found at runtime; 16 does not fit NVS",
    run: () => {
      const runtime = (k: string) => `error: key "${k}": longer than 14 characters; the firmware builds per-index keys in a 15-byte buffer, so it never finds this one`;
      const found = run({ supportedModes: [{ endpoint: 0x1000, mode: 1, label: "m", semanticTags: [{ value: 1, mfgCode: 2 }] }] });
      checkEqual(found.filter((m) => m.includes("characters")), [runtime("sm-label/1000/0"), runtime("sm-st-sz/1000/0"), runtime("st-mfg/1000/0/0")], "runtime");
      checkEqual(run({ supportedModes: [{ endpoint: 0xfff, mode: 1, label: "m", semanticTags: [{ value: 1, mfgCode: 2 }] }] }).filter((m) => m.includes("characters")), [], "14 is fine");
      const tags = Array.from({ length: 17 }, () => ({ value: 1, mfgCode: 2 }));
      const longer = run({ supportedModes: [{ endpoint: 0x1000, mode: 1, label: "m", semanticTags: tags }] });
      checkEqual(longer.filter((m) => m.includes("/0/10")), ['error: key "st-mfg/1000/0/10": longer than 15 characters (NVS key limit)'], "NVS limit");
    },
  },

  // Keys neither generator writes
  v("pin-code trivial", { passcode: 11111111 }, ['error: key "pin-code" value <secret>: must be 1…99999998 and not 00000000, 11111111 … 99999999, 12345678, 87654321']),
  v("pin-code 0", { passcode: 0 }, ['error: key "pin-code" value <secret>: must be 1…99999998 and not 00000000, 11111111 … 99999999, 12345678, 87654321']),
  v("pin-code too large", { passcode: 100000000 }, ['error: key "pin-code" value <secret>: must be 1…99999998 and not 00000000, 11111111 … 99999999, 12345678, 87654321']),
  v("loc-capability 256", { locationCapability: 256 }, ['error: key "loc-capability" value 256 (0x100): must be 0…255 (the reader rejects larger values)']),
  v("loc-capability 3", { locationCapability: 3 }, ['warning: key "loc-capability" value 3: must be 0 Indoor, 1 Outdoor or 2 IndoorOutdoor']),

  // Types, required keys, extras
  v("wrong JS type is a finding, not a throw", { vendorId: "x" as unknown as number, productName: 5 as unknown as string }, [
    'error: key "vendor-id" value "x": must be an integer 0…0xFFFFFFFF (stored as u32)',
    'error: key "product-name" value 5: must be a string',
  ]),
  v("a fractional endpoint is a finding", { fixedLabels: [{ endpoint: 1.5, label: "k", value: "v" }] }, [
    'error: key "fl-sz/<ep>" at fixedLabels (endpoint 1.5): endpoint/index 1.5 must be a non-negative integer',
  ]),
  {
    name: "required keys: warnings by default, errors when asked, with the provider's outcome",
    run: () => {
      const warn = validateFactoryData({});
      checkEqual(warn.map((f) => f.key), [
        "discriminator", "iteration-count", "salt", "vendor-id", "vendor-name", "product-id", "product-name", "hw-ver-str",
        "dac-cert", "dac-key", "dac-pub-key", "pai-cert", "verifier", "cert-dclrn",
      ], "keys");
      checkEqual(warn.every((f) => f.severity === "warning"), true, "severity");
      checkEqual(warn[0].message, 'key "discriminator": missing; the read fails — needed to commission with the ESP32 factory providers', "message");
      checkEqual(validateFactoryData({}, { missingRequired: "error" }).every((f) => f.severity === "error"), true, "errors");
    },
  },
  v("extras: NVS name limits, wrong type for a schema key, replacement", {
    serialNumber: "a",
    extra: [
      { namespace: "chip-factory", key: "serial-num", type: "string", value: "b" },
      { namespace: "chip-factory", key: "vendor-id", type: "u16", value: 1 },
      { namespace: "a-namespace-too-long", key: "k", type: "u8", value: 1 },
      { namespace: "app", key: "a-key-that-is-too-long", type: "u8", value: 1 },
    ],
  }, [
    'warning: key "serial-num": the extra entry replaces the value set in the factory data (as mfg_tool\'s --csv does)',
    'error: key "vendor-id" extra entry of type u16: the ESP32 reader looks up a u32 entry, so the key reads as missing',
    'error: namespace "a-namespace-too-long": must be 1…15 characters (NVS key limit)',
    'error: key "a-key-that-is-too-long": must be 1…15 characters (NVS key limit)',
  ]),
  {
    name: "assertValidFactoryData throws the first error as one line and returns warnings",
    run: () => {
      checkThrows(() => assertValidFactoryData({ discriminator: 5000, vendorId: 1 << 20 }), 'key "discriminator" value 5000 (0x1388): must be 0…0xFFF (the reader rejects larger values)');
      checkEqual(assertValidFactoryData({ manufacturingDate: "20240101" }, { missingRequired: "ignore" }).length, 1, "warnings");
      checkEqual(assertValidFactoryData({ rotatingDeviceIdUniqueId: fromHex("00112233445566778899aabbccddeeff") }, { missingRequired: "ignore" }), [], "none");
    },
  },
];
