// The device firmware (main.ts, device/, modules/) under the real XS engine (npm @agoric/xsnap, XS 13.3)
// on the simulated board of host-tools/simulate: flash holding an image our writer made from random
// FactoryData (plaintext and NVS-encrypted), nvs for the rotation counter, a BLE radio that records
// raw advertising bytes, address and intervals, and a virtual clock. No board needed.
// Seeded: MF_SEED=<n> replays a run; every failure message starts with the seed.
//
// Checked against independent expectations: provider values against the FactoryData written; the
// advertising bytes against the Core §5.4.2.5.6 table built here byte by byte and against matter.js's
// BtpCodec; the RDI against node:crypto HKDF (spec) or SHA-256 (SDK); the DAC signature with node:crypto.

import { BtpCodec } from "@matter/protocol";
import { createHash, createPublicKey, hkdfSync, verify } from "node:crypto";
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../modules/bytes/hex.js";
import { factoryDataToRows, type FactoryData } from "../modules/factory/factory-data.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../modules/nvs/encryption.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { SimulatedDevice, simulateDevice, type BootReport, type JsonResult, type SimulationReport } from "../host-tools/simulate/run.js";
import { Rng } from "./support/random-csv.js";
import { endpointsOf, randomFactoryData } from "./support/random-factory-data.js";
import { sdkTypings, typeCheck } from "./support/moddable-typings.js";
import { ENABLE_MODDABLE, MODDABLE, reportSkip } from "./support/sdks.js";

const SEED = Number(process.env.MF_SEED ?? "4242");
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CASES = 32;
const PARALLEL = 2; // each simulated boot is its own xsnap process
const IMAGE_SIZE = 0x6000;

// ---- independent expectations ------------------------------------------------------------------

/** Core §5.4.2.5.6, byte by byte. */
function specAdvertisingData(discriminator: number, vid: number, pid: number, additionalData: boolean): string {
  const b = [0x02, 0x01, 0x06, 0x0b, 0x16, 0xf6, 0xff, 0x00, discriminator & 0xff, (discriminator >> 8) & 0x0f, vid & 0xff, vid >> 8, pid & 0xff, pid >> 8, additionalData ? 1 : 0];
  return Buffer.from(b).toString("hex");
}

/** Core §5.4.2.4.5 with node:crypto: counter LE ‖ HKDF-SHA256(uid, salt = counter LE, "RotatingDeviceID", 16). */
function specRdi(uid: Uint8Array, counter: number): string {
  const ctr = Buffer.from([counter & 0xff, counter >> 8]);
  return ctr.toString("hex") + Buffer.from(hkdfSync("sha256", uid, ctr, Buffer.from("RotatingDeviceID"), 16)).toString("hex");
}

/** connectedhomeip's generator: counter LE ‖ last 16 bytes of SHA-256(uid ‖ counter LE). */
function sdkRdi(uid: Uint8Array, counter: number): string {
  const ctr = Buffer.from([counter & 0xff, counter >> 8]);
  return ctr.toString("hex") + createHash("sha256").update(uid).update(ctr).digest().subarray(16).toString("hex");
}

/** Core §5.4.2.4.6: 15 30 00 12 <18-byte RDI> 18, or the empty structure 15 18. */
function c3For(rdi: string | null): string {
  return rdi ? `15300012${rdi}18` : "1518";
}

function hex(b: Uint8Array): string {
  return toHex(b);
}

/** The mfg-date reading of the newest ESP32 provider (docs/factory-data.md §mfg-date), restated. */
function expectedDate(s: string): { year: number; month: number; day: number; suffix: string } {
  const t = s.replace(/-/g, "");
  return { year: +t.slice(0, 4), month: +t.slice(4, 6), day: +t.slice(6, 8), suffix: t.slice(8) };
}

function okValue(r: JsonResult | undefined, what: string): unknown {
  expect(r, what).toBeDefined();
  expect(r!.status, `${what}: ${r!.status === "ok" ? "" : (r as { message: string }).message}`).toBe("ok");
  return (r as { value: unknown }).value;
}

function verifyDacSignature(publicKey: Uint8Array, message: string, signature: string): boolean {
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: Buffer.from(publicKey.subarray(1, 33)).toString("base64url"), y: Buffer.from(publicKey.subarray(33)).toString("base64url") },
    format: "jwk",
  });
  return verify("sha256", Buffer.from(message, "hex"), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "hex"));
}

function isStaticRandom(address: string): boolean {
  const bytes = address.split(":").map((h) => parseInt(h, 16));
  const rest = bytes.slice(1);
  return bytes.length === 6 && (bytes[0] & 0xc0) === 0xc0 && !((bytes[0] & 0x3f) === 0 && rest.every((b) => b === 0)) && !((bytes[0] & 0x3f) === 0x3f && rest.every((b) => b === 0xff));
}

// ---- the random cases ----------------------------------------------------------------------------

interface Case {
  index: number;
  data: FactoryData;
  encrypted: boolean;
  backend: "native" | "flash";
  minutes: number;
  boots: number;
  report?: SimulationReport;
  failure?: string;
}

function makeCase(index: number): { c: Case; image: Uint8Array; keys?: Uint8Array } {
  const rng = new Rng(SEED * 1000 + index);
  const data = randomFactoryData(rng);
  // A few fixed shapes, so every outcome is reached whatever the seed.
  if (index === 1) {
    for (const k of ["rotatingDeviceIdUniqueId", "serialNumber", "hardwareVersion", "productFinish", "productColor", "partNumber", "productUrl", "productLabel", "calendarTypes", "locales", "fixedLabels", "supportedModes", "passcode"] as const) delete data[k];
  } else if (index === 2) {
    data.passcode = 20202021;
    data.manufacturingDate = "20240517AB12cd34";
  } else if (index === 3) {
    data.rotatingDeviceIdUniqueId = rng.bytes(32);
    data.productId = 0;
    data.fixedLabels = [{ endpoint: 1, label: "room", value: "kitchen" }, { endpoint: 0x1f, label: "floor", value: "2" }, { endpoint: 1, label: "x", value: "y" }];
    data.supportedModes = [{ endpoint: 2, mode: 7, label: "Eco", semanticTags: [{ value: 0x4001, mfgCode: 0xfff1 }, { value: 2, mfgCode: 0 }] }];
  }
  const c: Case = {
    index,
    data,
    encrypted: index % 3 === 2,
    backend: index % 2 === 0 ? "native" : "flash",
    minutes: rng.pick([15, 15, 3, 7, 10]),
    boots: index % 4 === 0 ? 2 : 1,
  };
  let image = writeNvsImage(factoryDataToRows(data), { size: IMAGE_SIZE });
  let keys: Uint8Array | undefined;
  if (c.encrypted) {
    const k = generateKeys(seededRandom(`${SEED}/keys/${index}`));
    image = encryptNvsImage(image, k);
    keys = makeKeyPartition(k);
  }
  return { c, image, keys };
}

async function pool<T>(items: T[], width: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await run(items[next++]);
  }));
}

const cases: Case[] = [];

beforeAll(async () => {
  const made = Array.from({ length: CASES }, (_, i) => makeCase(i));
  await pool(made, PARALLEL, async ({ c, image, keys }) => {
    try {
      c.report = await simulateDevice({
        image,
        keys,
        boots: c.boots,
        config: { factoryBackend: c.backend, announcementMinutes: c.minutes, endpoints: endpointsOf(c.data) },
        random: seededRandom(`${SEED}/address/${c.index}`),
      });
    } catch (e) {
      c.failure = e instanceof Error ? e.message : String(e);
    }
    cases.push(c);
  });
  cases.sort((a, b) => a.index - b.index);
}, 180_000);

function describeCase(c: Case): string {
  return tag(`case ${c.index} (${c.backend} backend${c.encrypted ? ", encrypted" : ""}, ${c.boots} boot(s), ${c.minutes} min)`);
}

function checkProviders(c: Case, r: SimulationReport): void {
  const d = c.data;
  const what = describeCase(c);
  const cd = r.commissionableData!;
  expect(okValue(cd.setupDiscriminator, `${what} discriminator`)).toBe(d.discriminator);
  expect(okValue(cd.spake2pIterationCount, `${what} iteration count`)).toBe(d.iterationCount);
  expect(okValue(cd.spake2pSalt, `${what} salt`)).toBe(hex(d.salt!));
  expect(okValue(cd.spake2pVerifier, `${what} verifier`)).toBe(hex(d.verifier!));
  if (d.passcode !== undefined) expect(okValue(cd.setupPasscode, `${what} passcode`)).toBe(d.passcode);
  else expect(cd.setupPasscode.status, `${what} passcode`).toBe("not-implemented");

  const ii = r.deviceInstanceInfo!;
  expect(okValue(ii.vendorName, `${what} vendor name`)).toBe(d.vendorName);
  expect(okValue(ii.vendorId, `${what} vendor id`)).toBe(d.vendorId);
  expect(okValue(ii.productName, `${what} product name`)).toBe(d.productName);
  expect(okValue(ii.productId, `${what} product id`)).toBe(d.productId);
  expect(okValue(ii.hardwareVersionString, `${what} hw-ver-str`)).toBe(d.hardwareVersionString);
  expect(okValue(ii.manufacturingDate, `${what} mfg-date`)).toEqual(expectedDate(d.manufacturingDate!));
  const optionalText: [keyof typeof ii, string | undefined][] = [["partNumber", d.partNumber], ["productUrl", d.productUrl], ["productLabel", d.productLabel]];
  for (const [field, value] of optionalText) {
    if (value !== undefined) expect(okValue(ii[field], `${what} ${field}`)).toBe(value);
    else expect(ii[field].status, `${what} ${field}`).toBe("not-found");
  }
  if (d.serialNumber !== undefined) expect(ii.serialNumber, `${what} serial`).toEqual({ status: "ok", value: d.serialNumber });
  else expect(ii.serialNumber, `${what} serial fallback`).toMatchObject({ status: "ok", value: "TEST_SN" });
  if (d.hardwareVersion !== undefined) expect(ii.hardwareVersion, `${what} hardware-ver`).toEqual({ status: "ok", value: d.hardwareVersion });
  else expect(ii.hardwareVersion, `${what} hardware-ver fallback`).toMatchObject({ status: "ok", value: 0 });
  for (const [field, value] of [["productFinish", d.productFinish], ["productPrimaryColor", d.productColor]] as const) {
    if (value !== undefined) expect(okValue(ii[field], `${what} ${field}`)).toBe(value);
    else expect(ii[field].status, `${what} ${field}`).toBe("not-implemented");
  }
  // The unique ID never leaves the device: only its length is reported.
  if (d.rotatingDeviceIdUniqueId) expect(okValue(ii.rotatingDeviceIdUniqueId, `${what} rd-id-uid`)).toEqual({ redacted: true, length: d.rotatingDeviceIdUniqueId.length });
  else expect(ii.rotatingDeviceIdUniqueId.status, `${what} rd-id-uid`).toBe("not-found");

  const att = r.deviceAttestationCredentials!;
  expect(okValue(att.certificationDeclaration as JsonResult, `${what} CD`)).toBe(hex(d.certDeclaration!));
  expect(okValue(att.deviceAttestationCert as JsonResult, `${what} DAC`)).toBe(hex(d.dacCert!));
  expect(okValue(att.productAttestationIntermediateCert as JsonResult, `${what} PAI`)).toBe(hex(d.paiCert!));
  expect(okValue(att.dacPublicKey as JsonResult, `${what} DAC public key`)).toBe(hex(d.dacPublicKey!));
  const check = att.signWithDeviceAttestationKey as { message: string; signature: JsonResult };
  const signature = okValue(check.signature, `${what} signing`) as string;
  expect(verifyDacSignature(d.dacPublicKey!, check.message, signature), `${what} DAC signature verifies (node:crypto)`).toBe(true);

  const di = r.deviceInfo!;
  expect(okValue(di.supportedLocales, `${what} locales`)).toEqual(d.locales ?? []);
  const calendars = d.calendarTypes === undefined ? [] : Array.from({ length: 12 }, (_, t) => t).filter((t) => (d.calendarTypes! >> t) & 1);
  expect(okValue(di.supportedCalendarTypes, `${what} calendar types`)).toEqual(calendars);
  for (const ep of endpointsOf(d)) {
    const labels = (d.fixedLabels ?? []).filter((l) => l.endpoint === ep).map((l) => ({ label: l.label, value: l.value }));
    expect(okValue(di.fixedLabels[ep], `${what} fixed labels ${ep}`)).toEqual(labels);
    const modes = (d.supportedModes ?? []).filter((m) => m.endpoint === ep).map((m) => ({
      label: m.label,
      mode: m.mode,
      semanticTags: m.semanticTags.map((t) => ({ mfgCode: t.mfgCode, value: t.value })),
    }));
    expect(okValue(di.supportedModes[ep], `${what} supported modes ${ep}`)).toEqual(modes);
  }
}

function checkBoot(c: Case, boot: BootReport, counter: number): void {
  const d = c.data;
  const what = `${describeCase(c)} boot ${boot.boot}`;
  const uid = d.rotatingDeviceIdUniqueId;
  expect(boot.error, `${what} error`).toBeUndefined();
  // Advertising bytes: the spec table, and matter.js reads them back.
  const expected = specAdvertisingData(d.discriminator!, d.vendorId!, d.productId!, uid !== undefined);
  expect(boot.advertisingData, `${what} advertising data`).toBe(expected);
  expect(BtpCodec.decodeBleAdvertisementData(Buffer.from(boot.advertisingData!, "hex")), `${what} BtpCodec decode`).toEqual({
    discriminator: d.discriminator,
    vendorId: d.vendorId,
    productId: d.productId,
    hasAdditionalAdvertisementData: uid !== undefined,
  });
  // Every advertisement of the boot carries the same bytes.
  for (const e of boot.events) if (e.op === "start") expect(e.data, `${what} restart data`).toBe(expected);
  // Schedule on the virtual clock: 20-60 ms for 30 s, 150-1200 ms, stop at the announcement end.
  expect(boot.intervals, `${what} intervals`).toEqual([
    { fromMs: 0, minMs: 20, maxMs: 60 },
    { fromMs: 30_000, minMs: 150, maxMs: 1200 },
    { fromMs: c.minutes * 60_000, minMs: null, maxMs: null, stop: "stopped by the firmware" },
  ]);
  expect(boot.events.filter((e) => e.op === "start").map((e) => [e.t, (e as { intervalMin: number }).intervalMin, (e as { intervalMax: number }).intervalMax]), `${what} raw intervals (0.625 ms units)`).toEqual([
    [0, 32, 96],
    [30_000, 240, 1920],
  ]);
  // One commencement per boot, one counter step, and the C3 value carries that RDI.
  expect(boot.announcements.length, `${what} commencements`).toBe(1);
  expect(boot.rotationCounter, `${what} rotation counter`).toBe(counter);
  const rdi = uid ? specRdi(uid, counter) : null;
  expect(boot.rotatingDeviceId, `${what} RDI`).toBe(rdi);
  expect(boot.c3, `${what} C3`).toBe(c3For(rdi));
  expect(boot.address !== null && isStaticRandom(boot.address), `${what} random static address ${boot.address}`).toBe(true);
  // Secrets stay out of the console.
  const text = boot.console.join("\n").toLowerCase();
  expect(text.includes(hex(d.dacKey!)), `${what} DAC key printed`).toBe(false);
  if (uid) expect(text.includes(hex(uid)), `${what} unique id printed`).toBe(false);
  expect(text.includes(Buffer.from(d.verifier!).toString("base64").toLowerCase()), `${what} verifier printed`).toBe(false);
  if (d.passcode !== undefined) expect(boot.console.some((l) => l.includes("QR payload   MT:")), `${what} development QR`).toBe(true);
  else expect(boot.console.some((l) => l.includes("MT:")), `${what} no QR without pin-code`).toBe(false);
}

describe(`device firmware under XS, ${CASES} random factory images (seed ${SEED})`, () => {
  it("all simulations ran", () => {
    expect(cases.length).toBe(CASES);
    for (const c of cases) expect(c.failure, describeCase(c)).toBeUndefined();
    expect(cases.filter((c) => c.encrypted).length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.backend)).size).toBe(2);
    // The random data reaches every outcome the providers distinguish.
    const some = (what: string, f: (d: FactoryData) => boolean) => expect(cases.some((c) => f(c.data)), tag(`a case with ${what}`)).toBe(true);
    some("a development passcode", (d) => d.passcode !== undefined);
    some("no passcode", (d) => d.passcode === undefined);
    some("no rd-id-uid", (d) => d.rotatingDeviceIdUniqueId === undefined);
    some("a 32-byte rd-id-uid", (d) => d.rotatingDeviceIdUniqueId?.length === 32);
    some("no serial number (fallback)", (d) => d.serialNumber === undefined);
    some("no hardware version (fallback)", (d) => d.hardwareVersion === undefined);
    some("no product finish (not implemented)", (d) => d.productFinish === undefined);
    some("no part number (not found)", (d) => d.partNumber === undefined);
    some("fixed labels", (d) => (d.fixedLabels ?? []).length > 0);
    some("supported modes with semantic tags", (d) => (d.supportedModes ?? []).some((m) => m.semanticTags.length > 0));
    some("a mfg-date suffix", (d) => d.manufacturingDate!.replace(/-/g, "").length > 8);
    some("PID 0 (elided)", (d) => d.productId === 0);
  });

  it.each(Array.from({ length: CASES }, (_, i) => i))("case %i: providers return what the writer wrote", (i) => {
    const c = cases[i];
    expect(c.report, describeCase(c)).toBeDefined();
    checkProviders(c, c.report!);
  });

  it.each(Array.from({ length: CASES }, (_, i) => i))("case %i: advertising, schedule, counter, RDI and C3", (i) => {
    const c = cases[i];
    const r = c.report!;
    expect(r.boots.length).toBe(c.boots);
    r.boots.forEach((boot, n) => checkBoot(c, boot, n));
    expect(r.state["mf-device"]?.["rdi-counter"], `${describeCase(c)} persisted counter`).toBe(c.boots - 1);
    if (c.boots > 1) expect(r.boots[0].address, `${describeCase(c)} new address each boot`).not.toBe(r.boots[1].address);
  });
});

// ---- fixed scenarios -------------------------------------------------------------------------------

function exampleImage(edit: (d: FactoryData) => void = () => {}): Uint8Array {
  const d = exampleFactoryData();
  delete d.passcode;
  edit(d);
  return writeNvsImage(factoryDataToRows(d), { size: IMAGE_SIZE });
}

const EXAMPLE_UID = exampleFactoryData().rotatingDeviceIdUniqueId!;

function startEvents(boot: BootReport): number {
  return boot.events.filter((e) => e.op === "start").length;
}

function expectNoAdvertising(r: SimulationReport, what: string, error: RegExp): void {
  const boot = r.boots[0];
  expect(r.error, what).toMatch(error);
  expect(boot.advertisingData, what).toBeNull();
  expect(boot.intervals, what).toEqual([]);
  expect(startEvents(boot), what).toBe(0);
  expect(boot.events.some((e) => e.op === "begin"), `${what}: BLE never started`).toBe(false);
  expect(boot.console.filter((l) => l.startsWith("ERROR ")), `${what}: one error line`).toHaveLength(1);
}

describe("a missing or corrupt factory partition: one error line, no advertising", () => {
  const rng = new Rng(SEED);
  const valid = exampleImage();
  const flipped = valid.slice();
  flipped[4] ^= 0x01; // page 0 header: sequence number no longer matches the header CRC
  const noDiscriminator = exampleImage((d) => delete d.discriminator);
  const badDiscriminator = exampleImage((d) => (d.extra = [{ namespace: "chip-factory", key: "discriminator", type: "u32", value: 0x1000 }]));
  const u8Vid = exampleImage((d) => (d.extra = [{ namespace: "chip-factory", key: "vendor-id", type: "u16", value: 0xfff1 }]));
  const keys = generateKeys(seededRandom(`${SEED}/corrupt-keys`));
  const encrypted = encryptNvsImage(valid, keys);
  const wrongKeys = makeKeyPartition(generateKeys(seededRandom(`${SEED}/other-keys`)));
  const scenarios: [string, Uint8Array, Uint8Array | undefined, RegExp][] = [
    ["random bytes", rng.bytes(IMAGE_SIZE), undefined, /namespace "chip-factory" not found/],
    ["erased partition", new Uint8Array(IMAGE_SIZE).fill(0xff), undefined, /namespace "chip-factory" not found/],
    ["a flipped bit in the page header", flipped, undefined, /namespace "chip-factory" not found/],
    ["encrypted image, no keys flashed", encrypted, undefined, /namespace "chip-factory" not found/],
    ["encrypted image, other keys", encrypted, wrongKeys, /namespace "chip-factory" not found/],
    ["no discriminator", noDiscriminator, undefined, /key "discriminator": not found/],
    ["discriminator above 0xFFF", badDiscriminator, undefined, /key "discriminator" value 4096 .*: must be 0…0xFFF/],
    ["vendor-id stored as u16", u8Vid, undefined, /key "vendor-id" stored as u16/],
  ];
  for (const backend of ["native", "flash"] as const) {
    it.each(scenarios)(`${backend} backend: %s`, async (what, image, keyImage, error) => {
      const r = await simulateDevice({ image, keys: keyImage, config: { factoryBackend: backend }, seconds: 60 });
      expectNoAdvertising(r, tag(`${backend}: ${what}`), error);
    });
  }
  it("a valid encrypted image with its keys advertises (control for the cases above)", async () => {
    const r = await simulateDevice({ image: encrypted, keys: makeKeyPartition(keys), seconds: 1 });
    expect(r.error).toBeUndefined();
    expect(r.boots[0].advertisingData).toBe(specAdvertisingData(0xf00, 0xfff2, 0x8001, true));
  });
});

describe("announcement behaviour on the virtual clock", () => {
  it("counter: persists across reboots, wraps at 16 bits; SDK algorithm selectable", async () => {
    const image = exampleImage();
    const r = await simulateDevice({ image, boots: 3, seconds: 5, state: { "mf-device": { "rdi-counter": 0xfffe } } });
    expect(r.boots.map((b) => b.rotationCounter)).toEqual([0xffff, 0, 1]);
    expect(r.boots.map((b) => b.rotatingDeviceId)).toEqual([specRdi(EXAMPLE_UID, 0xffff), specRdi(EXAMPLE_UID, 0), specRdi(EXAMPLE_UID, 1)]);
    expect(r.state["mf-device"]["rdi-counter"]).toBe(1);
    // docs/onboarding.md §Rotating Device ID: SDK algorithm, uid 00112233…, counter 10.
    const sdk = await simulateDevice({ image, seconds: 1, state: { "mf-device": { "rdi-counter": 9 } }, config: { rotatingIdAlgorithm: "sdk-sha256" } });
    expect(sdk.boots[0].rotatingDeviceId).toBe("0a00d00561e77a68a9fd975057375b9283a8");
    expect(sdk.boots[0].rotatingDeviceId).toBe(sdkRdi(EXAMPLE_UID, 10));
    expect(sdk.boots[0].c3).toBe("153000120a00d00561e77a68a9fd975057375b9283a818");
  });

  it("no rd-id-uid: no additional-data flag, C3 is the empty TLV, the counter still steps", async () => {
    const r = await simulateDevice({ image: exampleImage((d) => delete d.rotatingDeviceIdUniqueId), seconds: 1 });
    expect(r.boots[0].advertisingData).toBe(specAdvertisingData(0xf00, 0xfff2, 0x8001, false));
    expect(r.boots[0].c3).toBe("1518");
    expect(r.boots[0].rotatingDeviceId).toBeNull();
    expect(r.boots[0].rotationCounter).toBe(0);
  });

  it("stop at the announcement end, then a user action starts a new announcement with a new RDI", async () => {
    const device = await SimulatedDevice.boot({ image: exampleImage(), config: { announcementMinutes: 3 } });
    try {
      await device.advance(60_000);
      await device.userAction(); // during the announcement: ignored, the duration is not extended
      await device.advance(3 * 60_000);
      expect((await device.status()).announcer).toMatchObject({ state: "ended", announcements: 1 });
      await device.advance(7_000);
      await device.userAction();
      await device.advance(10 * 60_000);
      const drained = await device.drain();
      const starts = drained.events.filter((e) => e.op === "start").map((e) => e.t);
      const stops = drained.events.filter((e) => e.op === "stop").map((e) => e.t);
      expect(starts).toEqual([0, 30_000, 247_000, 277_000]);
      expect(stops).toEqual([180_000, 427_000]);
      const counters = drained.events.filter((e) => e.op === "state" && e.key === "rdi-counter").map((e) => (e as { value: number }).value);
      expect(counters).toEqual([0, 1]);
      const c3 = drained.events.filter((e) => e.op === "c3").map((e) => (e as { value: string }).value);
      expect(c3).toEqual([c3For(specRdi(EXAMPLE_UID, 0)), c3For(specRdi(EXAMPLE_UID, 1))]);
      expect(drained.console).toContain("user action: already announcing");
    } finally {
      await device.close();
    }
  });

  it("a connection pauses advertising; after the disconnect it resumes in the current phase, same RDI; C1 writes are refused", async () => {
    const device = await SimulatedDevice.boot({ image: exampleImage() });
    try {
      await device.advance(10_000);
      expect(await device.connect()).toBe(true);
      await device.advance(1);
      expect(await device.writeC1(new Uint8Array([0x65, 0x6c, 0x04, 0x00]))).toBe("ATT error 0x03 (Write Not Permitted)");
      expect(await device.readC3()).toBe(c3For(specRdi(EXAMPLE_UID, 0)));
      await device.advance(40_000); // the fast phase ends while connected
      expect(await device.disconnect()).toBe(true);
      await device.advance(1000);
      const drained = await device.drain();
      const radio = drained.events.filter((e) => e.op === "start" || e.op === "stop").map((e) => (e.op === "start" ? [e.t, "start", e.intervalMin] : [e.t, "stop", e.reason]));
      expect(radio).toEqual([
        [0, "start", 32],
        [10_000, "stop", "connected"],
        [50_001, "start", 240],
      ]);
      expect(drained.events.filter((e) => e.op === "state").length).toBe(1);
      expect(drained.console).toMatch(/write to C1 refused \(ATT error 0x03 Write Not Permitted\): this firmware has no BTP sessions/);
    } finally {
      await device.close();
    }
  });

  it("commissioned: advertising stops now and never starts again, not even on a user action or a reboot", async () => {
    const device = await SimulatedDevice.boot({ image: exampleImage() });
    let state;
    try {
      await device.advance(5_000);
      await device.setCommissioned(true);
      await device.advance(1_000);
      const drained = await device.drain();
      expect(drained.events.filter((e) => e.op === "stop").map((e) => e.t)).toEqual([5_000]);
      state = await device.state();
      expect(state["mf-device"].commissioned).toBe(1);
    } finally {
      await device.close();
    }
    const again = await SimulatedDevice.boot({ image: exampleImage(), state });
    try {
      await again.advance(1_000);
      await again.userAction();
      await again.advance(60_000);
      const drained = await again.drain();
      expect(drained.events.filter((e) => e.op === "start")).toEqual([]);
      expect(drained.events.filter((e) => e.op === "state")).toEqual([]);
      expect(drained.console).toMatch(/advertising: off, the device is commissioned/);
      expect(drained.console).toMatch(/user action: commissioned, not advertising/);
    } finally {
      await again.close();
    }
  });

  it("user-intent flow: no advertising at power-up, a user action starts it", async () => {
    const device = await SimulatedDevice.boot({ image: exampleImage(), config: { commissioningFlow: 1 } });
    try {
      await device.advance(30_000);
      expect((await device.status()).advertising).toBe(false);
      await device.userAction();
      await device.advance(31_000);
      const starts = (await device.drain()).events.filter((e) => e.op === "start").map((e) => e.t);
      expect(starts).toEqual([30_000, 60_000]);
    } finally {
      await device.close();
    }
  });

  it("a development image (pin-code) prints the QR payload, the manual code and the QR in text", async () => {
    const d = exampleFactoryData(); // passcode 20202021, discriminator 0xF00, VID 0xFFF2, PID 0x8001
    const r = await simulateDevice({ image: writeNvsImage(factoryDataToRows(d), { size: IMAGE_SIZE }), seconds: 1 });
    const console = r.boots[0].console;
    const qr = console.find((l) => l.includes("QR payload"))!;
    expect(qr.trim().split(/\s+/).pop()).toMatch(/^MT:[0-9A-Z.\-]+$/);
    expect(console.find((l) => l.includes("manual code"))).toMatch(/\d{4}-\d{3}-\d{4}$/);
    expect(console.filter((l) => /^[ ▀▄█]+$/.test(l)).length).toBeGreaterThan(10);
    expect(console.join("\n")).not.toContain("20202021");
  });
});

describe("the simulated board keeps the real modules' shapes", () => {
  // The simulated native modules must be assignable to our bindings (native/*.ts), checked with the
  // SDK's XS globals (native()); the code that runs inside XS needs no Node types. The simulated Moddable
  // modules are not compared with the SDK's typings: those brand their handles (HostBuffer from
  // Flash.map(), the Timer class) in ways a simulator on xsnap cannot produce, and they type
  // key-value read() without the undefined the runtime returns for a missing key.
  const sim = join(ROOT, "host-tools/simulate/sim");
  const pairs = [
    ["../../../native/factory_nvs.js", "* as RealFactoryNvs", "./factory-nvs.js"],
    ["../../../native/ble_adv.js", "* as RealBle", "./ble-adv.js"],
  ];
  if (!MODDABLE) reportSkip("simulated native modules vs native/*.ts bindings (needs the SDK's xs.d.ts)", ENABLE_MODDABLE);

  it.runIf(MODDABLE)("the simulated native modules have the bindings' shapes and need no Node types", () => {
    const check = join(sim, "__conformance__.ts");
    const source = pairs
      .flatMap(([specifier, real, simulated], i) => [
        `import type ${real} from "${specifier}";`,
        `import * as Sim${i} from "${simulated}";`,
        `export const check${i}: ${real.startsWith("*") ? `typeof ${real.slice(5)}` : `typeof ${real}`} = ${real.startsWith("*") ? `Sim${i}` : `Sim${i}.default`};`,
      ])
      .join("\n");
    const host = ts.createCompilerHost({});
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, target, ...rest) => (name === check ? ts.createSourceFile(name, source, target) : getSourceFile(name, target, ...rest));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === check || fileExists(name);
    const roots = [check, ...readdirSync(sim).filter((f) => f.endsWith(".ts")).map((f) => join(sim, f))];
    const messages = typeCheck(roots, sdkTypings(MODDABLE!), host).map((m) => m.replace(ROOT, ""));
    expect(messages).toEqual([]);
  }, 120_000);

  it("tsc -p tsconfig.device.json", () => {
    const tsc = spawnSync(process.execPath, [fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url)), "-p", "tsconfig.device.json"], { cwd: ROOT, encoding: "utf8" });
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);
});
