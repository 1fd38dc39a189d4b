// A FactoryData that sets every key of the table, for vectors and docs. Public test material only:
// the DAC key pair is from the mfg_tool sample batch (a batch esp-matter-mfg-tool 1.0.23 made for
// VID 0xFFF2 / PID 0x8001, device 1c2b06dd…); salt/verifier are the Matter SDK test values (docs/factory-data.md §Test defaults); the
// certificates are short stand-ins, not real DER certificates.

import { fromBase64 } from "../bytes/base64.js";
import { fromHex } from "../bytes/hex.js";
import { utf8Encode } from "../bytes/utf8.js";
import type { FactoryData } from "./factory-data.js";

export const EXAMPLE_DAC_KEY = fromHex("b06254e89bc9525d703a9a4570f43052fb687a4b804053697b6d5e3caf2ef844");
export const EXAMPLE_DAC_PUBLIC_KEY = fromHex(
  "044758e3a82c5918d6a104356bed47819b95ba25f64e0f998db7683e2ea77198fa" +
    "dea6870756df1692251d9b2e3849c0b2eaef6c43dcf4274121ca880872db154c",
);
/** "SPAKE2P Key Salt" */
export const TEST_SALT = fromBase64("U1BBS0UyUCBLZXkgU2FsdA==");
/** Verifier for passcode 20202021, 1000 iterations, TEST_SALT. */
export const TEST_VERIFIER = fromBase64(
  "uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==",
);

/** Every schema key set; fixed labels deliberately not grouped by endpoint (the writer groups them). */
export function exampleFactoryData(): FactoryData {
  return {
    discriminator: 0xf00,
    iterationCount: 1000,
    salt: TEST_SALT,
    verifier: TEST_VERIFIER,
    vendorId: 0xfff2,
    vendorName: "ESP",
    productId: 0x8001,
    productName: "light",
    hardwareVersion: 1,
    hardwareVersionString: "v1.0",
    manufacturingDate: "2024-05-17",
    rotatingDeviceIdUniqueId: fromHex("00112233445566778899aabbccddeeff"),
    productFinish: 2,
    productColor: 7,
    partNumber: "PN-1",
    serialNumber: "SN0001",
    dacCert: fromHex("3003020101"),
    dacKey: EXAMPLE_DAC_KEY,
    dacPublicKey: EXAMPLE_DAC_PUBLIC_KEY,
    paiCert: fromHex("3003020102"),
    certDeclaration: fromHex("3003020103"),
    calendarTypes: (1 << 4) | (1 << 8),
    locales: ["en-US", "de-DE"],
    fixedLabels: [
      { endpoint: 0, label: "room", value: "kitchen" },
      { endpoint: 1, label: "orientation", value: "up" },
      { endpoint: 0, label: "floor", value: "1" },
    ],
    supportedModes: [
      { endpoint: 1, mode: 0, label: "Normal", semanticTags: [{ value: 1, mfgCode: 0xfff2 }, { value: 2, mfgCode: 0 }] },
      { endpoint: 1, mode: 1, label: "Quiet", semanticTags: [] },
    ],
    productLabel: "Light 1",
    productUrl: "https://example.com/light",
    passcode: 20202021,
    locationCapability: 2,
    deviceType: 0x100,
    productRevision: 3,
    deviceId: 0x0102030405060708n,
    deviceCert: utf8Encode("legacy cert"),
    deviceCaCerts: utf8Encode("legacy ca"),
    deviceKey: utf8Encode("legacy key"),
    extra: [
      { namespace: "chip-factory", key: "user-key", type: "string", value: "hello" },
      { namespace: "app", key: "firmware_key", type: "blob", value: fromHex("cafe") },
      { namespace: "app", key: "device_no", type: "i32", value: -5 },
    ],
  };
}
