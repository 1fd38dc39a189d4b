// Differential against the pinned, unmodified esp-matter-mfg-tool 1.0.29 (.venv/mfg, from
// test/py/requirements-mfg.txt). For fixed inputs — passcode, discriminator, salt + verifier, serial,
// rd-id-uid, a supplied DAC (the fixture DAC with a fixed key) under the fixture test PAI, the
// fixture CD, labels, locales, calendar types, supported modes, finish/colour, --csv/--mcsv extra keys —
// the tool's image must read back through `matter-factory inspect --json` as exactly the values given,
// and `matter-factory generate` with the same flags must produce the same chip-factory keys, types and
// values, byte-identical images (each case says whether that is expected and why), and the same
// onboarding CSV and QR strings. Batches the tool fills with its own random values (the fixture sample
// and a fresh `-n 3 --paa -e` batch) must inspect and verify cleanly.
//
// Seeded: the passcode, discriminator, salt, serial and rd-id-uid come from MF_SEED (default below);
// MF_SEED=<n> replays a run, and every test name carries the seed.

import { runCliInProcess } from "./support/cli.js";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { InspectedEntry } from "../host-tools/inspect/inspect.js";
import { parseOnboardingCsv } from "../host-tools/inspect/device.js";
import { generateP256KeyPair, loadCertificate, loadPrivateKeyPem, privateKeyPkcs8Pem, x509 } from "../host-tools/certs/index.js";
import { nodeComputeVerifier } from "../host-tools/node-crypto.js";
import { parseCsvRecords } from "../modules/nvs/csv.js";
import { decryptNvsImage, parseKeyPartition } from "../modules/nvs/encryption.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { factoryDataFromEntries, factoryDataToRows } from "../modules/factory/index.js";
import { encodeManualCode, encodeQrPayload, formatManualCode, isValidPasscode } from "../modules/onboarding/index.js";
import { Rng } from "./support/random-csv.js";
import { MFG_SAMPLE, PAI_CERT, PAI_KEY, CD_FILE, SUPPLIED_DAC, SUPPLIED_DAC_UUID } from "./support/fixtures.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MFG_TOOL = join(ROOT, ".venv/mfg/bin/esp-matter-mfg-tool");
const GENERATE_SOURCE = join(ROOT, "host-tools/commands/generate.ts");
const HAVE_TOOL = existsSync(MFG_TOOL);
const HAVE_GENERATE = existsSync(GENERATE_SOURCE);
const GENERATE_MISSING = "SKIPPED: `matter-factory generate` (host-tools/commands/generate.ts) does not exist yet";

const SAMPLE = MFG_SAMPLE;
const DAC_UUID = SUPPLIED_DAC_UUID;
const DAC_DIR = SUPPLIED_DAC;
const AT = "2030-01-01T00:00:00Z";

const SEED = process.env.MF_SEED ?? "20251121";
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const b64 = (b: Uint8Array): string => Buffer.from(b).toString("base64");

// ---- seeded fixed inputs ----------------------------------------------------------------------------

const rng = new Rng(Number(SEED) >>> 0 || 1);
const bytes = (n: number) => new Uint8Array(n).map(() => rng.int(0, 255));
let passcode = rng.int(1, 99999998);
while (!isValidPasscode(passcode)) passcode = rng.int(1, 99999998);
const FIXED = {
  passcode,
  discriminator: rng.int(1, 0xfff), // mfg_tool treats 0 as "not given" (docs/factory-data.md §mfg_tool options)
  salt: bytes(32),
  serial: `SN-${rng.int(0, 999999)}`,
  rdIdUid: hex(bytes(16)),
};
const VERIFIER_1000 = nodeComputeVerifier(FIXED.passcode, FIXED.salt, 1000).serialized;

/** One row of what an image must hold, in `inspect --json` value form. */
interface Expected {
  namespace: string;
  key: string;
  type: string;
  /** Value, or a predicate for values the tool draws at random. */
  value: unknown;
}
const cf = (key: string, type: string, value: unknown): Expected => ({ namespace: "chip-factory", key, type, value });
const u32 = (key: string, value: number) => cf(key, "u32", value);
const str = (key: string, value: string) => cf(key, "string", value);
const blob = (key: string, value: Uint8Array | string) => cf(key, "blob", typeof value === "string" ? value : hex(value));
const isBase64Of = (n: number) => (v: unknown) => typeof v === "string" && Buffer.from(v, "base64").length === n;

interface Case {
  name: string;
  /** mfg_tool arguments (absolute paths; --outdir added per run). */
  args: string[];
  /** What the image must hold, in the order mfg_tool writes it. */
  expected: Expected[];
  /** The device directory name (the supplied DAC's CN), or undefined for a random UUID. */
  device?: string;
  vidPid: string;
  /** Whether our image must equal theirs byte for byte, and why (or why not). */
  bytes: { identical: true; note: string } | { identical: false; note: string };
  encrypted?: boolean;
  /** Onboarding codes the case must yield (computed with our onboarding module). */
  onboarding: { flow: 0 | 1 | 2; caps: number; vendorId: number; productId: number };
  /** Check names `verify` must fail on for this device (e.g. attestation keys absent by design). */
  verifyFails?: string[];
}

let dacKeyRaw: { priv: Uint8Array; pub: Uint8Array };
let tmp: string;

function extraCsv(dir: string, config: string, values: string): string[] {
  writeFileSync(join(dir, "extra-config.csv"), config);
  writeFileSync(join(dir, "extra-values.csv"), values);
  return ["--csv", join(dir, "extra-config.csv"), "--mcsv", join(dir, "extra-values.csv")];
}

function cases(dir: string): Case[] {
  const dacPem = join(DAC_DIR, "DAC_cert.pem");
  const dacDer = loadCertificate(readFileSync(dacPem, "utf8"), "DAC").rawData;
  const paiDer = loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData;
  const commissioning = ["--passcode", String(FIXED.passcode), "--discriminator", String(FIXED.discriminator)];
  const saltVerifier = ["--salt", b64(FIXED.salt), "--verifier", b64(VERIFIER_1000), "--iteration-count", "1000"];
  const attestation = ["--pai", "-c", PAI_CERT, "-k", PAI_KEY, "--dac-cert", dacPem, "--dac-key", join(DAC_DIR, "DAC_key.pem"),
    // 1.0.23 checks a supplied DAC against --valid-from/--lifetime (docs/factory-data.md §mfg_tool versions, fixed in 1.0.27): pick a window inside it.
    "-vf", "2027-01-01T00:00:00", "-lt", "3650", "-cd", CD_FILE];
  const instance = ["--vendor-name", "ESP", "--product-name", "light", "--hw-ver", "2", "--hw-ver-str", "v2.0", "--mfg-date", "20240517ABCD1234",
    "--serial-num", FIXED.serial, "--enable-rotating-device-id", "--rd-id-uid", FIXED.rdIdUid,
    "--product-finish", "satin", "--product-color", "gray", "--part-number", "PN-1"];
  const info = ["--calendar-types", "Gregorian", "Hebrew", "--locales", "en-US", "de-DE",
    "--fixed-labels", "0/room/kitchen", "1/orientation/up", "0/floor/2",
    "--supported-modes", "0/low/1", "1/high/1/1\\0x8000, 2\\0x8000",
    "--product-label", "Light Bulb", "--product-url", "https://example.com/x"];
  const mkdir = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    return d;
  };
  const extras = extraCsv(mkdir("full"), "fw-key,data,hex2bin\napp,namespace,\nserial_no,data,string\ndevice_no,data,i32\n",
    "id,fw-key,serial_no,device_no\n1,00112233445566778899aabbccddeeff,SN-0001,42\n");

  const head = (iterations: number, salt: unknown) => [u32("discriminator", FIXED.discriminator), u32("iteration-count", iterations), cf("salt", "string", salt)];
  const fullExpected = (iterations: number, salt: unknown, verifier: unknown): Expected[] => [
    ...head(iterations, salt),
    u32("vendor-id", 0xfff2), str("vendor-name", "ESP"), u32("product-id", 0x8001), str("product-name", "light"),
    u32("hardware-ver", 2), str("hw-ver-str", "v2.0"), str("mfg-date", "20240517ABCD1234"), blob("rd-id-uid", FIXED.rdIdUid),
    u32("product-finish", 2), u32("product-color", 7), str("part-number", "PN-1"), str("serial-num", FIXED.serial),
    blob("dac-cert", new Uint8Array(dacDer)), blob("dac-key", dacKeyRaw.priv), blob("dac-pub-key", dacKeyRaw.pub), blob("pai-cert", new Uint8Array(paiDer)),
    cf("verifier", "string", verifier), blob("cert-dclrn", read(CD_FILE)),
    blob("fw-key", "00112233445566778899aabbccddeeff"),
    u32("cal-types", (1 << 4) | (1 << 5)),
    u32("locale-sz", 2), str("locale/0", "en-US"), str("locale/1", "de-DE"),
    u32("fl-sz/0", 2), str("fl-k/0/0", "room"), str("fl-v/0/0", "kitchen"), str("fl-k/0/1", "floor"), str("fl-v/0/1", "2"),
    u32("fl-sz/1", 1), str("fl-k/1/0", "orientation"), str("fl-v/1/0", "up"),
    u32("sm-sz/1", 2), str("sm-label/1/0", "low"), u32("sm-mode/1/0", 0), u32("sm-st-sz/1/0", 0),
    str("sm-label/1/1", "high"), u32("sm-mode/1/1", 1), u32("sm-st-sz/1/1", 2),
    u32("st-v/1/1/0", 1), u32("st-mfg/1/1/0", 0x8000), u32("st-v/1/1/1", 2), u32("st-mfg/1/1/1", 0x8000),
    str("product-label", "Light Bulb"), str("product-url", "https://example.com/x"),
    { namespace: "app", key: "serial_no", type: "string", value: "SN-0001" },
    { namespace: "app", key: "device_no", type: "i32", value: 42 },
  ];
  const plugArgs = ["-v", "0x131B", "-p", "0x5050", ...commissioning, ...saltVerifier, "--vendor-name", "Espressif", "--product-name", "plug",
    "--hw-ver-str", "1.0", "--mfg-date", "20250101", "--serial-num", FIXED.serial, "-cf", "1", "-dm", "6"];
  const plugExpected = [
    ...head(1000, b64(FIXED.salt)), u32("vendor-id", 0x131b), str("vendor-name", "Espressif"), u32("product-id", 0x5050), str("product-name", "plug"),
    str("hw-ver-str", "1.0"), str("mfg-date", "20250101"), str("serial-num", FIXED.serial), str("verifier", b64(VERIFIER_1000)),
  ];
  const plugOnboarding = { flow: 1 as const, caps: 6, vendorId: 0x131b, productId: 0x5050 };
  const noAttestation = ["keys"]; // no DAC / CD by design: verify reports the missing provider keys
  const overrides = extraCsv(mkdir("override"), "serial-num,data,string\nproduct-url,data,string\n",
    "id,serial-num,product-url\n1,CSV-SERIAL,https://csv.example/p\n");

  return [
    {
      name: "every option fixed: supplied DAC, CD, salt/verifier, device info, --csv/--mcsv keys",
      args: ["-v", "0xFFF2", "-p", "0x8001", ...commissioning, ...saltVerifier, ...attestation, ...instance, ...info, ...extras],
      expected: fullExpected(1000, b64(FIXED.salt), b64(VERIFIER_1000)),
      device: DAC_UUID, vidPid: "fff2_8001",
      bytes: { identical: true, note: "all values fixed; mfg_tool's key order is deterministic" },
      onboarding: { flow: 0, caps: 2, vendorId: 0xfff2, productId: 0x8001 },
    },
    {
      name: "same, but the tool draws the salt (default 10000 iterations)",
      args: ["-v", "0xFFF2", "-p", "0x8001", ...commissioning, ...attestation, ...instance, ...info, ...extras],
      expected: fullExpected(10000, isBase64Of(32), isBase64Of(97)),
      device: DAC_UUID, vidPid: "fff2_8001",
      bytes: { identical: false, note: "each tool draws its own random salt, so salt and verifier differ" },
      onboarding: { flow: 0, caps: 2, vendorId: 0xfff2, productId: 0x8001 },
    },
    {
      name: "no attestation, user-intent flow, BLE + on-network (21-digit manual code)",
      args: plugArgs, expected: plugExpected, vidPid: "131b_5050",
      bytes: { identical: true, note: "all values fixed" },
      onboarding: plugOnboarding, verifyFails: noAttestation,
    },
    {
      name: "encrypted (-e)",
      args: [...plugArgs, "-e"], expected: plugExpected, vidPid: "131b_5050", encrypted: true,
      bytes: { identical: true, note: "compared after decrypting each image with its own tool's random keys" },
      onboarding: plugOnboarding, verifyFails: noAttestation,
    },
    {
      name: "--csv keys that name chip-factory keys (serial-num, product-url) override them where mfg_tool first placed them",
      args: ["-v", "0x131B", "-p", "0x5050", ...commissioning, ...saltVerifier, "--vendor-name", "Espressif", "--product-name", "plug",
        "--hw-ver-str", "1.0", "--product-url", "https://cli.example", ...overrides],
      expected: [
        ...head(1000, b64(FIXED.salt)), u32("vendor-id", 0x131b), str("vendor-name", "Espressif"), u32("product-id", 0x5050), str("product-name", "plug"),
        str("hw-ver-str", "1.0"), str("serial-num", "CSV-SERIAL"), str("verifier", b64(VERIFIER_1000)), str("product-url", "https://csv.example/p"),
      ],
      vidPid: "131b_5050",
      bytes: { identical: true, note: "serial-num keeps its own slot, product-url takes the --csv slot after verifier (Python dict order)" },
      onboarding: { flow: 0, caps: 2, vendorId: 0x131b, productId: 0x5050 }, verifyFails: noAttestation,
    },
  ];
}

// ---- running the tools ------------------------------------------------------------------------------

const cli = runCliInProcess;

function runMfgTool(args: string[], outdir: string): void {
  try {
    execFileSync(MFG_TOOL, [...args, "--outdir", outdir], { cwd: tmp, stdio: "pipe", timeout: 60_000 });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer };
    throw new Error(tag(`esp-matter-mfg-tool failed: ${String(err.stderr ?? "")}${String(err.stdout ?? "")}`));
  }
}

interface DeviceOut {
  dir: string;
  image: Uint8Array;
  keys?: Uint8Array;
  imagePath: string;
  keysPath?: string;
  onbCsv: string;
}

function deviceOut(outdir: string, c: Case): DeviceOut {
  const root = join(outdir, c.vidPid);
  const uuids = readdirSync(root).filter((d) => d !== "staging" && existsSync(join(root, d, `${d}-partition.bin`)));
  if (uuids.length !== 1) throw new Error(tag(`${root}: expected one device directory, found ${JSON.stringify(readdirSync(root))}`));
  const uuid = uuids[0];
  if (c.device) expect(uuid, tag("device directory = the supplied DAC's CN")).toBe(c.device);
  const dir = join(root, uuid);
  const keysPath = join(dir, `${uuid}-keys-partition.bin`);
  return {
    dir,
    imagePath: join(dir, `${uuid}-partition.bin`),
    image: read(join(dir, `${uuid}-partition.bin`)),
    ...(existsSync(keysPath) ? { keys: read(keysPath), keysPath } : {}),
    onbCsv: readFileSync(join(dir, `${uuid}-onb_codes.csv`), "utf8"),
  };
}

async function inspectJson(d: DeviceOut): Promise<InspectedEntry[]> {
  const r = await cli(["inspect", d.imagePath, "--json", "--show-secrets", ...(d.keysPath ? ["--keys", d.keysPath] : [])]);
  expect(r.code, tag(`inspect exit status; stderr: ${r.stderr}`)).toBe(0);
  return JSON.parse(r.stdout).entries as InspectedEntry[];
}

function plaintext(d: DeviceOut): Uint8Array {
  return d.keys ? decryptNvsImage(d.image, parseKeyPartition(d.keys)) : d.image;
}

/** Entry rows in image order (what the NVS runtime reads, page by page). */
function imageOrder(d: DeviceOut): string[] {
  return readNvsImage(plaintext(d)).entries.map((e) => `${e.namespace}/${e.key}`);
}

function expectValues(entries: InspectedEntry[], expected: Expected[], who: string): void {
  const got = new Map(entries.map((e) => [`${e.namespace}/${e.key}`, e]));
  expect([...got.keys()].sort(), tag(`${who}: the set of keys`)).toEqual(expected.map((e) => `${e.namespace}/${e.key}`).sort());
  for (const want of expected) {
    const e = got.get(`${want.namespace}/${want.key}`)!;
    expect(e.type, tag(`${who}: type of ${want.key}`)).toBe(want.type);
    if (typeof want.value === "function") expect((want.value as (v: unknown) => boolean)(e.value), tag(`${who}: ${want.key} = ${String(e.value)}`)).toBe(true);
    else expect(e.value, tag(`${who}: value of ${want.key}`)).toEqual(want.value);
  }
}

/** The QR and manual code our onboarding module makes for the case, in mfg_tool's onb_codes.csv form. */
function ourOnboardingCsv(c: Case): string {
  const p = { discriminator: FIXED.discriminator, passcode: FIXED.passcode, flow: c.onboarding.flow, vendorId: c.onboarding.vendorId, productId: c.onboarding.productId };
  const qr = encodeQrPayload({ version: 0, ...p, discoveryCapabilities: c.onboarding.caps });
  const manual = formatManualCode(encodeManualCode(p));
  const quoted = manual.includes("\n") ? `"${manual}"` : manual;
  return `qrcode,manualcode,discriminator,passcode\n${qr},${quoted},${FIXED.discriminator},${FIXED.passcode}\n`;
}

function summaryCodes(outdir: string, c: Case): string[][] {
  const root = join(outdir, c.vidPid);
  const file = readdirSync(root).find((f) => /^summary-.*\.csv$/.test(f));
  if (!file) throw new Error(tag(`no summary-*.csv in ${root}`));
  const [header, ...rows] = parseCsvRecords(readFileSync(join(root, file), "utf8")).map((r) => r.fields);
  const cols = ["pincode", "qrcode", "manualcode"].map((n) => header.indexOf(n));
  return rows.filter((r) => r.length > 1).map((r) => cols.map((i) => r[i]));
}

// ---- the tests ---------------------------------------------------------------------------------------

const theirs = new Map<string, { outdir: string; device: DeviceOut }>();
let CASES: Case[] = [];

beforeAll(async () => {
  if (!HAVE_TOOL) return;
  tmp = mkdtempSync(join(tmpdir(), "mf-mfgdiff-"));
  const key = await loadPrivateKeyPem(readFileSync(join(DAC_DIR, "DAC_key.pem"), "utf8"));
  dacKeyRaw = { priv: key.rawPrivate, pub: key.rawPublic };
  CASES = cases(tmp);
  CASES.forEach((c, i) => {
    const outdir = join(tmp, `theirs-${i}`);
    runMfgTool(c.args, outdir);
    theirs.set(c.name, { outdir, device: deviceOut(outdir, c) });
  });
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// Names are needed at collection time; the cases themselves are built in beforeAll.
const CASE_NAMES = [
  "every option fixed: supplied DAC, CD, salt/verifier, device info, --csv/--mcsv keys",
  "same, but the tool draws the salt (default 10000 iterations)",
  "no attestation, user-intent flow, BLE + on-network (21-digit manual code)",
  "encrypted (-e)",
  "--csv keys that name chip-factory keys (serial-num, product-url) override them where mfg_tool first placed them",
];
const BYTES_NOTE: Record<string, string> = {
  [CASE_NAMES[0]]: "byte-identical image",
  [CASE_NAMES[1]]: "NOT byte-identical (random salt): same keys, types and values apart from salt/verifier",
  [CASE_NAMES[2]]: "byte-identical image",
  [CASE_NAMES[3]]: "byte-identical after decryption (keys are random)",
  [CASE_NAMES[4]]: "byte-identical image",
};
const byName = (name: string): Case => {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`case list and CASE_NAMES disagree on "${name}"`);
  return c;
};

describe.skipIf(!HAVE_TOOL)(tag("mfg_tool 1.0.29 images read by `matter-factory inspect`"), () => {
  it("the case list is the one the test names describe", () => {
    expect(CASES.map((c) => c.name)).toEqual(CASE_NAMES);
    for (const c of CASES) expect(BYTES_NOTE[c.name].startsWith("NOT")).toBe(!c.bytes.identical);
  });

  it.each(CASE_NAMES)("%s: inspect --json returns exactly the values given, in mfg_tool's order", async (name) => {
    const c = byName(name);
    const { device } = theirs.get(name)!;
    expectValues(await inspectJson(device), c.expected, "mfg_tool image");
    expect(imageOrder(device), tag("entry order in their image")).toEqual(c.expected.map((e) => `${e.namespace}/${e.key}`));
  });

  it.each(CASE_NAMES)("%s: the key table's writer rebuilds their image byte for byte from the values read", (name) => {
    // Independent of `generate`: FactoryData read from their image, written back in mfg_tool order.
    const { device } = theirs.get(name)!;
    const plain = plaintext(device);
    const { data } = factoryDataFromEntries(readNvsImage(plain).entries);
    expect(hex(writeNvsImage(factoryDataToRows(data), { size: plain.length })) === hex(plain), tag("rebuilt image equals theirs")).toBe(true);
  });

  it.each(CASE_NAMES)("%s: their onboarding CSV equals the codes our onboarding module makes", (name) => {
    const c = byName(name);
    const { outdir, device } = theirs.get(name)!;
    expect(device.onbCsv).toBe(ourOnboardingCsv(c));
    const row = parseOnboardingCsv(device.onbCsv, "onb_codes.csv");
    expect(summaryCodes(outdir, c)).toEqual([[String(FIXED.passcode), row.qrcode, row.manualcode]]);
  });

  it.each(CASE_NAMES)("%s: verify passes (apart from keys left out by design)", async (name) => {
    const c = byName(name);
    const r = await cli(["verify", theirs.get(name)!.device.dir, "--at", AT, "--show-secrets"]);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("error "));
    const failed = [...new Set(errors.map((l) => l.split(" ")[1].replace(/:$/, "")))].sort();
    expect(failed, tag(`verify errors:\n${errors.join("\n")}`)).toEqual(c.verifyFails ?? []);
    expect(r.stdout).toMatch(new RegExp(`^ok passcode: ${FIXED.passcode} \\(from onb_codes\\.csv passcode, onb_codes\\.csv qrcode, qrcode\\.png, onb_codes\\.csv manualcode\\) matches the verifier`, "m"));
    if (c.verifyFails) {
      // Only the attestation keys (and the CD) are missing: they were never asked for.
      const missing = errors.map((l) => /key "([^"]+)": missing/.exec(l)?.[1]).sort();
      expect(missing).toEqual(["cert-dclrn", "dac-cert", "dac-key", "dac-pub-key", "pai-cert"]);
    }
  });
});

describe.skipIf(!HAVE_TOOL || !HAVE_GENERATE)(tag(HAVE_GENERATE ? "`matter-factory generate` vs mfg_tool, same flags" : `${GENERATE_MISSING}: generate vs mfg_tool`), () => {
  const ours = new Map<string, DeviceOut & { outdir: string }>();

  beforeAll(async () => {
    for (const c of CASES) {
      const outdir = join(tmp, `ours-${CASES.indexOf(c)}`);
      const r = await cli(["generate", ...c.args, "--outdir", outdir]);
      if (r.code !== 0) throw new Error(tag(`matter-factory generate (${c.name}) exited ${r.code}: ${r.stderr}`));
      ours.set(c.name, { ...deviceOut(outdir, c), outdir });
    }
  }, 120_000);

  it.each(CASE_NAMES)("%s: same chip-factory keys, types and values", async (name) => {
    const c = byName(name);
    const mine = await inspectJson(ours.get(name)!);
    expectValues(mine, c.expected, "our image");
    const strip = (list: InspectedEntry[]) => list
      .filter((e) => c.bytes.identical || (e.key !== "salt" && e.key !== "verifier"))
      .map((e) => ({ namespace: e.namespace, key: e.key, type: e.type, value: e.value }));
    expect(strip(mine), tag("our entries vs theirs")).toEqual(strip(await inspectJson(theirs.get(name)!.device)));
  });

  it.each(CASE_NAMES.map((n) => [n, BYTES_NOTE[n]]))("%s: %s", (name) => {
    const c = byName(name);
    const a = plaintext(ours.get(name)!);
    const b = plaintext(theirs.get(name)!.device);
    expect(imageOrder(ours.get(name)!), tag("entry order")).toEqual(imageOrder(theirs.get(name)!.device));
    if (c.bytes.identical) {
      expect(hex(a) === hex(b), tag(`${BYTES_NOTE[name]} expected (${c.bytes.note})`)).toBe(true);
    } else {
      expect(a.length).toBe(b.length);
    }
  });

  it.each(CASE_NAMES)("%s: same onb_codes.csv and summary QR / manual codes", (name) => {
    const c = byName(name);
    expect(ours.get(name)!.onbCsv).toBe(theirs.get(name)!.device.onbCsv);
    expect(summaryCodes(ours.get(name)!.outdir, c)).toEqual(summaryCodes(theirs.get(name)!.outdir, c));
  });

  it("a random batch of ours (-n 3 --pai -e) inspects and verifies like mfg_tool's", async () => {
    const outdir = join(tmp, "ours-random");
    const r = await cli(["generate", "-n", "3", "-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY,
      "-vf", "2021-07-01T00:00:00", "-lt", "3650", "--iteration-count", "1000", "-e", "-cd", CD_FILE,
      "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1", "--outdir", outdir]);
    expect(r.code, tag(r.stderr)).toBe(0);
    const v = await cli(["verify", join(outdir, "fff2_8001"), "--at", AT]);
    expect(v.stdout.split("\n").filter((l) => l.startsWith("error ")), tag("verify errors")).toEqual([]);
    expect(v.stdout).toContain("3 of 3 devices pass");
  });
});

// ---- batches with the tool's own random values --------------------------------------------------------

function partitionCsvValues(path: string): { namespace: string; key: string; type: string; value: unknown }[] {
  const out: { namespace: string; key: string; type: string; value: unknown }[] = [];
  let namespace = "";
  for (const { fields: [key, type, encoding, value] } of parseCsvRecords(readFileSync(path, "utf8")).slice(1)) {
    if (type === "namespace") namespace = key;
    else if (type === "file") out.push({ namespace, key, type: "blob", value: hex(read(isAbsolute(value) ? value : join(tmp, value))) });
    else if (encoding === "hex2bin") out.push({ namespace, key, type: "blob", value: value.toLowerCase() });
    else if (encoding === "string") out.push({ namespace, key, type: "string", value });
    else out.push({ namespace, key, type: encoding, value: Number(value) });
  }
  return out;
}

describe.skipIf(!HAVE_TOOL)(tag("batches mfg_tool fills with random values"), () => {
  it("the fixture 3-device sample batch verifies", async () => {
    const r = await cli(["verify", join(SAMPLE, "fff2_8001"), "--at", AT]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("3 of 3 devices pass");
  });

  it("a fresh `-n 3 --paa -e` batch: inspect reads every value the tool wrote, verify passes up to the PAA", async () => {
    const dir = join(tmp, "random");
    mkdirSync(dir, { recursive: true });
    const key = await generateP256KeyPair();
    const paa = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01", name: "CN=matter-factory Diff PAA", notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("9999-12-31T23:59:59Z"),
      keys: { privateKey: key.privateKey, publicKey: key.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
      extensions: [new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(key.publicKey)],
    });
    writeFileSync(join(dir, "paa.pem"), paa.toString("pem"));
    writeFileSync(join(dir, "paa_key.pem"), privateKeyPkcs8Pem(key));
    const outdir = join(dir, "out");
    runMfgTool(["-n", "3", "-v", "0xFFF2", "-p", "0x8001", "--paa", "-c", join(dir, "paa.pem"), "-k", join(dir, "paa_key.pem"),
      "-vf", "2021-01-01T00:00:00", "-lt", "36500", "--iteration-count", "1000", "-e", "-cd", CD_FILE,
      "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1", "--enable-rotating-device-id", "--locales", "en-US"], outdir);
    const root = join(outdir, "fff2_8001");
    const uuids = readdirSync(root).filter((d) => /^[0-9a-f]{8}-/.test(d));
    expect(uuids).toHaveLength(3);
    for (const uuid of uuids) {
      const r = await cli(["inspect", join(root, uuid, `${uuid}-partition.bin`), "--keys", join(root, uuid, `${uuid}-keys-partition.bin`), "--json", "--show-secrets"]);
      expect(r.code).toBe(0);
      const got = (JSON.parse(r.stdout).entries as InspectedEntry[]).map((e) => ({ namespace: e.namespace, key: e.key, type: e.type, value: e.value }));
      const want = partitionCsvValues(join(root, uuid, "internal/partition.csv"));
      const sort = (l: { key: string }[]) => [...l].sort((x, y) => (x.key < y.key ? -1 : 1));
      expect(sort(got), tag(`device ${uuid}`)).toEqual(sort(want));
    }
    const v = await cli(["verify", root, "--paa", join(dir, "paa.pem"), "--at", AT]);
    const errors = v.stdout.split("\n").filter((l) => l.startsWith("error "));
    expect(errors, tag("verify errors")).toEqual([]);
    expect(v.stdout).toContain("3 of 3 devices pass");
    expect(v.stdout.match(/^ok pai: PAI "ESP32 PAI 00" has the Matter PAI profile and chains to PAA "matter-factory Diff PAA"$/gm)).toHaveLength(3);
  });

  it("a --dac-in-secure-cert device: verify reads the DAC, PAI and key from its esp_secure_cert image and the whole device verifies", async () => {
    const outdir = join(tmp, "secure-cert");
    runMfgTool(["-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-vf", "2021-07-01T00:00:00", "-lt", "3650",
      "--iteration-count", "1000", "-cd", CD_FILE, "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1",
      "--dac-in-secure-cert", "--target", "esp32c3"], outdir);
    const root = join(outdir, "fff2_8001");
    const [uuid] = readdirSync(root).filter((d) => /^[0-9a-f]{8}-/.test(d));
    expect(existsSync(join(root, uuid, `${uuid}_esp_secure_cert.bin`))).toBe(true);
    const v = await cli(["verify", join(root, uuid), "--at", AT]);
    expect(v.stdout.split("\n").filter((l) => l.startsWith("error ")), tag("verify errors")).toEqual([]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^ok secure-cert: esp_secure_cert\.bin: 3 entries, CRCs check; supplies dac-cert, pai-cert, dac-key, dac-pub-key$/m);
    expect(v.stdout).toMatch(/^ok dac-key: /m);
    expect(v.stdout).toMatch(/^ok dac: /m);
  });
});
