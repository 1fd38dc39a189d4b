// `matter-factory verify`: the esp-matter-mfg-tool sample batch (the pinned 1.0.29) passes every check; each way of
// breaking a device (image bytes, keys, certificates, CD, passcode, onboarding codes) produces exactly
// the expected `error <check>:` lines and exit status 1. Devices are copies of a sample device with
// one thing changed; certificate validity is checked at a fixed time (--at) so the test never ages.

import { runCliInProcess } from "./support/cli.js";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyFactoryImage } from "../host-tools/inspect/verify.js";
import { encodeCertificationDeclaration, parseCertificationDeclaration } from "../host-tools/inspect/cd.js";
import { findDevices, parseOnboardingCsv } from "../host-tools/inspect/device.js";
import {
  generateP256KeyPair,
  loadCertificate,
  issueDac,
  issuePai,
  keyIdentifier,
  x509,
  type AttestationKeyPair,
  type IssuedCertificate,
} from "../host-tools/certs/index.js";
import { nodeComputeVerifier, nodeRandom } from "../host-tools/node-crypto.js";
import { factoryDataFromEntries, factoryDataToRows, type FactoryData } from "../modules/factory/index.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../modules/nvs/encryption.js";
import { encodeManualCode, encodeQrPayload, formatManualCode } from "../modules/onboarding/index.js";
import { MFG_SAMPLE, PAI_CERT, CD_FILE, sampleDevices } from "./support/fixtures.js";

const SAMPLE = MFG_SAMPLE;
const BATCH = join(SAMPLE, "fff2_8001");
const AT = "2030-01-01T00:00:00Z"; // inside every sample certificate's validity
const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

/** What mfg_tool wrote into a device's <uuid>-onb_codes.csv (header row, one value row). */
function onboarding(uuid: string): { passcode: number; discriminator: number; qrcode: string; manualcode: string } {
  const [head, row] = readFileSync(join(BATCH, uuid, `${uuid}-onb_codes.csv`), "utf8").split(/\r?\n/).map((l) => l.split(","));
  const v = (k: string) => row[head.indexOf(k)];
  return { passcode: Number(v("passcode")), discriminator: Number(v("discriminator")), qrcode: v("qrcode"), manualcode: v("manualcode") };
}
// Two devices of the fixture batch whose onboarding values differ (mfg_tool draws them at random).
const [DEVICE, OTHER] = sampleDevices();
const D = onboarding(DEVICE);
const O = onboarding(OTHER);
const D_MANUAL = D.manualcode.replace(/-/g, "");
const D_SHORT = D.discriminator >> 8;
const DAC_NOT_AFTER = loadCertificate(read(join(BATCH, DEVICE, "internal/DAC_cert.der")), "DAC").notAfter.toISOString().replace(".000Z", "Z");
const CD = read(CD_FILE);
const PAI_PEM = PAI_CERT;
const LINE = /^(ok|warning|error) ([a-z-]+): \S.*$/;

const cli = runCliInProcess;

interface Verified {
  code: number;
  lines: string[];
  errors: string[];
  /** Check names with an error line, sorted and distinct. */
  failed: string[];
  stderr: string;
}

async function verify(args: string[]): Promise<Verified> {
  // --show-secrets: the lines below name passcodes; the redaction has its own test.
  const r = await cli(["verify", ...args, "--show-secrets", ...(args.includes("--at") ? [] : ["--at", AT])]);
  const lines = r.stdout.split("\n").filter((l) => LINE.test(l));
  const errors = lines.filter((l) => l.startsWith("error "));
  return { code: r.code, lines, errors, failed: [...new Set(errors.map((l) => LINE.exec(l)![2]))].sort(), stderr: r.stderr };
}

// ---- device copies --------------------------------------------------------------------------------

let tmp: string;
let caseNo = 0;

interface Device {
  dir: string;
  file(rel: string): string;
  data: FactoryData;
  write(data: FactoryData): void;
  csv(change: Partial<Record<"qrcode" | "manualcode" | "discriminator" | "passcode", string>>): void;
}

/** A copy of a sample device in its own directory, with helpers to rewrite its image and CSV. */
function copyDevice(uuid = DEVICE): Device {
  const dir = join(tmp, `case${++caseNo}`, uuid);
  cpSync(join(BATCH, uuid), dir, { recursive: true });
  const file = (rel: string) => join(dir, rel.replace("<uuid>", uuid));
  const image = file("<uuid>-partition.bin");
  return {
    dir,
    file,
    data: factoryDataFromEntries(readNvsImage(read(image)).entries).data,
    write: (data) => writeFileSync(image, writeNvsImage(factoryDataToRows(data), { size: 0x6000 })),
    csv: (change) => {
      const path = file("<uuid>-onb_codes.csv");
      const row = { ...parseOnboardingCsv(readFileSync(path, "utf8"), path), ...change };
      writeFileSync(path, `qrcode,manualcode,discriminator,passcode\n${row.qrcode},${row.manualcode},${row.discriminator},${row.passcode}\n`);
    },
  };
}

// ---- our own attestation fixtures: a PAA, a PAI under it, a DAC under that ------------------------

let paa: { cert: x509.X509Certificate; key: AttestationKeyPair; pem: string };
let otherPaa: { pem: string };
let ourPai: IssuedCertificate;
let ourDac: IssuedCertificate;
let cdSigner: AttestationKeyPair;
let cdSignerPem: string;

async function selfSigned(name: string, key: AttestationKeyPair, ca: boolean): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01", name, notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2099-12-31T00:00:00Z"),
    keys: { privateKey: key.privateKey, publicKey: key.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: ca
      ? [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(key.publicKey)]
      : [await x509.SubjectKeyIdentifierExtension.create(key.publicKey)],
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "mf-verify-"));
  const paaKey = await generateP256KeyPair();
  const paaCert = await selfSigned("CN=matter-factory Test PAA", paaKey, true);
  paa = { cert: paaCert, key: paaKey, pem: paaCert.toString("pem") };
  otherPaa = { pem: (await selfSigned("CN=matter-factory Other PAA", await generateP256KeyPair(), true)).toString("pem") };
  const validFrom = new Date("2021-01-01T00:00:00Z");
  ourPai = await issuePai({ paa: { cert: paaCert, key: paaKey }, vendorId: 0xfff2, productId: 0x8001, commonName: "Our PAI", validFrom, lifetimeDays: 25000 });
  ourDac = await issueDac({ pai: { cert: ourPai.cert, key: ourPai.keyPair }, vendorId: 0xfff2, productId: 0x8001, commonName: "Our DAC", validFrom, lifetimeDays: 20000 });
  cdSigner = await generateP256KeyPair();
  cdSignerPem = (await selfSigned("CN=matter-factory CD signer", cdSigner, false)).toString("pem");
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const cdFields = parseCertificationDeclaration(CD);
const put = (path: string, data: Uint8Array | string) => writeFileSync(path, data);

/** Gives a device copy our DAC chain (image keys and internal/ files agree). */
function useOurChain(d: Device, dac: IssuedCertificate = ourDac, pai: IssuedCertificate = ourPai): void {
  d.write({ ...d.data, dacCert: dac.der, dacKey: dac.keyPair.rawPrivate, dacPublicKey: dac.keyPair.rawPublic, paiCert: pai.der });
  put(d.file("internal/DAC_cert.der"), dac.der);
  put(d.file("internal/PAI_cert.der"), pai.der);
  put(d.file("internal/DAC_private_key.bin"), dac.keyPair.rawPrivate);
  put(d.file("internal/DAC_public_key.bin"), dac.keyPair.rawPublic);
}

// ---- good devices ---------------------------------------------------------------------------------

describe("verify: good devices pass", () => {
  it("the mfg_tool sample batch: every device, every check ok, one line per finding", async () => {
    const r = await cli(["verify", BATCH, "--at", AT]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split("\n");
    expect(out.at(-1)).toBe("3 of 3 devices pass");
    for (const line of out.slice(0, -1)) expect(line.startsWith("device ") || LINE.test(line)).toBe(true);
    for (const uuid of [DEVICE, OTHER]) {
      const one = await verify([join(BATCH, uuid)]);
      expect(one.code).toBe(0);
      const oks = one.lines.filter((l) => l.startsWith("ok ")).map((l) => LINE.exec(l)![2]);
      // qrcode twice: onb_codes.csv and the decoded qrcode.png; identity: the DAC CN names the directory.
      expect(oks).toEqual(["nvs", "keys", "dac", "dac-key", "pai", "cd", "vid-pid", "qrcode", "qrcode", "manualcode", "onboarding", "passcode", "identity"]);
      // mfg_tool's YYYYMMDD mfg-date is the only remark.
      expect(one.lines.filter((l) => l.startsWith("warning "))).toEqual([
        'warning keys: key "mfg-date" value "20240101": firmware using the generic provider (older connectedhomeip) accepts only YYYY-MM-DD',
      ]);
    }
    const line = (await verify([join(BATCH, DEVICE)])).lines;
    expect(line).toContain(`ok passcode: ${D.passcode} (from onb_codes.csv passcode, onb_codes.csv qrcode, qrcode.png, onb_codes.csv manualcode) matches the verifier (10000 iterations, 32-byte salt)`);
    expect(line).toContain("ok vid-pid: VID 0xFFF2 / PID 0x8001 agree between data, DAC, PAI, CD");
  });

  it("an image plus explicit files (no device directory)", async () => {
    const image = join(BATCH, DEVICE, `${DEVICE}-partition.bin`);
    const r = await verify(["--image", image, "--pai", PAI_PEM, "--cd", CD_FILE,
      "--passcode", String(D.passcode), "--qrcode", D.qrcode, "--manualcode", D_MANUAL]);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.startsWith("ok ")).map((l) => LINE.exec(l)![2])).toEqual(
      ["nvs", "keys", "dac", "dac-key", "pai", "cd", "vid-pid", "qrcode", "manualcode", "passcode"]);
    // Without the extra inputs the checks that need them say what is missing (warnings, exit 0).
    const bare = await verify([image]);
    expect(bare.code).toBe(0);
    expect(bare.lines).toContain("warning passcode: not checked: no passcode given (--passcode, --qrcode, --manualcode or an onb_codes.csv)");
  });

  it("a device with our own PAA → PAI → DAC chain, checked up to the PAA; --json", async () => {
    const d = copyDevice();
    useOurChain(d);
    const paaFile = join(d.dir, "..", "paa.pem");
    put(paaFile, paa.pem);
    const r = await verify([d.dir, "--paa", paaFile]);
    expect(r.errors).toEqual([]);
    expect(r.lines).toContain('ok pai: PAI "Our PAI" has the Matter PAI profile and chains to PAA "matter-factory Test PAA"');
    expect(r.lines).toContain('ok paa: PAA "matter-factory Test PAA" has the Matter PAA profile');
    const json = JSON.parse((await cli(["verify", d.dir, "--paa", paaFile, "--at", AT, "--json"])).stdout);
    expect(json.ok).toBe(true);
    expect(json.devices).toHaveLength(1);
    expect(json.devices[0].findings.find((f: { check: string }) => f.check === "paa")).toEqual({ level: "ok", check: "paa", message: 'PAA "matter-factory Test PAA" has the Matter PAA profile', id: "paa.ok", severity: "ok" });
  });

  it("an encrypted device: its keys partition is picked up from the directory", async () => {
    const d = copyDevice();
    const keys = generateKeys(nodeRandom);
    const image = d.file("<uuid>-partition.bin");
    put(image, encryptNvsImage(read(image), keys));
    put(d.file("<uuid>-keys-partition.bin"), makeKeyPartition(keys));
    expect((await verify([d.dir])).code).toBe(0);
    expect(findDevices(d.dir)[0].keys).toBe(d.file("<uuid>-keys-partition.bin"));
    put(d.file("<uuid>-keys-partition.bin"), makeKeyPartition(generateKeys(nodeRandom)));
    const wrong = await verify([d.dir]);
    expect(wrong.failed).toEqual(["nvs"]);
    expect(wrong.errors).toEqual(["error nvs: no entry could be read: wrong NVS keys, or not an encrypted image"]);
  });
});

// ---- broken devices: each yields exactly the expected error lines ---------------------------------

interface BrokenCase {
  name: string;
  /** Breaks a fresh copy of the sample device; returns extra CLI arguments. */
  setup: (d: Device) => Promise<string[] | void> | string[] | void;
  failed: string[];
  /** Each must match one error line. */
  lines: (string | RegExp)[];
}

const CASES: BrokenCase[] = [
  {
    name: "a damaged entry in the image",
    setup: (d) => {
      const image = read(d.file("<uuid>-partition.bin"));
      const hw = readNvsImage(image).entries.find((e) => e.key === "hw-ver-str")!;
      image[64 + 32 * hw.entry + 24] ^= 0x01; // its header's size field: the entry CRC no longer matches
      put(d.file("<uuid>-partition.bin"), image);
    },
    failed: ["keys", "nvs"],
    lines: [/^error nvs: page 0 entry \d+: entry CRC32 0x[0-9A-F]{8} does not match 0x[0-9A-F]{8}; the runtime erases it$/, /^error keys: key "hw-ver-str": missing; the read fails/],
  },
  {
    name: "a verifier made for another passcode",
    setup: (d) => d.write({ ...d.data, verifier: nodeComputeVerifier(12345670, d.data.salt!, 10000).serialized }),
    failed: ["passcode"],
    lines: [`error passcode: ${D.passcode} (from onb_codes.csv passcode, onb_codes.csv qrcode, qrcode.png, onb_codes.csv manualcode) does not match the image's verifier (10000 iterations, 32-byte salt)`],
  },
  {
    name: "a wrong --passcode",
    setup: () => ["--passcode", "20202021"],
    failed: ["passcode"],
    lines: ["error passcode: 20202021 (from --passcode) does not match the image's verifier (10000 iterations, 32-byte salt)"],
  },
  {
    name: "a trivial passcode in onb_codes.csv",
    setup: (d) => d.csv({ passcode: "12345678" }),
    failed: ["passcode"],
    lines: ["error passcode: passcode 12345678: trivial passcode, not allowed (Core §5.1.7.1) (from onb_codes.csv passcode)"],
  },
  {
    name: "the QR code of another device",
    setup: (d) => d.csv({ qrcode: O.qrcode }),
    failed: ["passcode", "qrcode"],
    lines: [
      `error qrcode: onb_codes.csv qrcode: discriminator ${O.discriminator} differs from the image's discriminator ${D.discriminator}`,
      `error passcode: ${O.passcode} (from onb_codes.csv qrcode) does not match the image's verifier (10000 iterations, 32-byte salt)`,
    ],
  },
  {
    name: "a QR code for another vendor",
    setup: () => ["--qrcode", encodeQrPayload({ version: 0, vendorId: 0xfff1, productId: 0x8001, flow: 0, discoveryCapabilities: 2, discriminator: D.discriminator, passcode: D.passcode })],
    failed: ["qrcode"],
    lines: ["error qrcode: --qrcode: vendor ID 0xFFF1 differs from the image's vendor-id 0xFFF2"],
  },
  {
    name: "a manual code with another discriminator",
    setup: (d) => d.csv({ manualcode: formatManualCode(encodeManualCode({ discriminator: ((D_SHORT ^ 1) << 8) | 0x23, passcode: D.passcode })) }),
    failed: ["manualcode"],
    lines: [`error manualcode: onb_codes.csv manualcode: short discriminator ${D_SHORT ^ 1} is not the top 4 bits of the image's discriminator ${D.discriminator} (${D_SHORT})`],
  },
  {
    name: "a 21-digit manual code next to a standard-flow QR code",
    setup: () => ["--manualcode", encodeManualCode({ discriminator: D.discriminator, passcode: D.passcode, flow: 1, vendorId: 0xfff2, productId: 0x8001 })],
    failed: ["manualcode"],
    lines: [/^error manualcode: --manualcode: a 21-digit code, but onb_codes.csv qrcode has commissioning flow 0 \(11 digits\)$/],
  },
  {
    name: "onb_codes.csv with another discriminator",
    setup: (d) => d.csv({ discriminator: String(D.discriminator ^ 1) }),
    failed: ["onboarding"],
    lines: [`error onboarding: onb_codes.csv discriminator ${D.discriminator ^ 1} differs from the image's discriminator ${D.discriminator}`],
  },
  {
    name: "the DAC certificate of another device",
    setup: (d) => d.write({ ...d.data, dacCert: read(join(BATCH, OTHER, "internal/DAC_cert.der")) }),
    failed: ["dac", "dac-key", "identity"],
    lines: [
      `error identity: the DAC's CN ${OTHER} names another device than this directory ${DEVICE}: the directory holds another device's files`,
      new RegExp(`^error dac: image key dac-cert \\(\\d+ bytes\\) differs from internal/DAC_cert\\.der \\("CN=${DEVICE}`),
      /^error dac-key: dac-pub-key [0-9a-f]{16}… is not the DAC certificate's public key [0-9a-f]{16}…$/,
      "error dac-key: dac-key does not sign for the DAC certificate's public key (the device cannot attest)",
    ],
  },
  {
    name: "a dac-key that is not internal/DAC_private_key.bin",
    setup: (d) => put(d.file("internal/DAC_private_key.bin"), read(join(BATCH, OTHER, "internal/DAC_private_key.bin"))),
    failed: ["dac-key"],
    lines: ["error dac-key: image key dac-key differs from internal/DAC_private_key.bin"],
  },
  {
    name: "a DAC issued by another PAI",
    setup: async (d) => {
      const stranger = await issueDac({ pai: { cert: ourPai.cert, key: ourPai.keyPair }, vendorId: 0xfff2, productId: 0x8001, commonName: "Stray DAC",
        validFrom: new Date("2021-06-28T00:00:00Z"), lifetimeDays: 10000 });
      d.write({ ...d.data, dacCert: stranger.der, dacKey: stranger.keyPair.rawPrivate, dacPublicKey: stranger.keyPair.rawPublic });
      put(d.file("internal/DAC_cert.der"), stranger.der);
      put(d.file("internal/DAC_private_key.bin"), stranger.keyPair.rawPrivate);
      put(d.file("internal/DAC_public_key.bin"), stranger.keyPair.rawPublic);
    },
    failed: ["dac"],
    lines: ['error dac: DAC "Stray DAC" signature: does not verify with the PAI "Matter Test PAI" public key', /^error dac: DAC "Stray DAC" issuer = "CN=Our PAI/],
  },
  {
    name: "--pai that is not the image's PAI",
    setup: (d) => {
      const path = join(d.dir, "..", "our-pai.pem");
      put(path, ourPai.pem);
      return ["--pai", path];
    },
    failed: ["pai"],
    lines: [/^error pai: image key pai-cert \(\d+ bytes\) differs from --pai \S*our-pai\.pem \("CN=Our PAI/],
  },
  {
    name: "a PAI that does not chain to the given PAA",
    setup: (d) => {
      useOurChain(d);
      const path = join(d.dir, "..", "other-paa.pem");
      put(path, otherPaa.pem);
      return ["--paa", path];
    },
    failed: ["pai"],
    lines: ['error pai: PAI "Our PAI" signature: does not verify with the PAA "matter-factory Other PAA" public key'],
  },
  {
    name: "certificates checked after the DAC expired",
    setup: () => ["--at", "2200-01-01T00:00:00Z"],
    failed: ["dac"],
    lines: [`error dac: DAC "${DEVICE}" notAfter = ${DAC_NOT_AFTER}: is before the check time 2200-01-01T00:00:00Z (expired)`],
  },
  {
    name: "an image vendor-id that no certificate or CD carries",
    setup: (d) => d.write({ ...d.data, vendorId: 0xfff1 }),
    failed: ["qrcode", "vid-pid"],
    lines: [
      "error vid-pid: image vendor-id 0xFFF1 differs from the CD's vendor_id 0xFFF2",
      "error qrcode: onb_codes.csv qrcode: vendor ID 0xFFF2 differs from the image's vendor-id 0xFFF1",
    ],
  },
  {
    name: "a CD for another vendor and product (validly signed)",
    setup: async (d) => {
      d.write({ ...d.data, certDeclaration: await encodeCertificationDeclaration({ ...cdFields, vendorId: 0xfff1, productIds: [0x8000] }, cdSigner) });
      const signer = join(d.dir, "..", "cd-signer.pem");
      put(signer, cdSignerPem);
      return ["--cd-signer", signer];
    },
    failed: ["vid-pid"],
    lines: [
      "error vid-pid: image vendor-id 0xFFF2 differs from the CD's vendor_id 0xFFF1",
      "error vid-pid: image product-id 0x8001 is not in the CD's product_id_array (0x8000)",
      "error vid-pid: DAC VID 0xFFF2 differs from the CD's vendor_id 0xFFF1",
      "error vid-pid: DAC PID 0x8001 is not in the CD's product_id_array (0x8000)",
    ],
  },
  {
    name: "a CD whose dac_origin names another vendor",
    setup: async (d) => d.write({ ...d.data, certDeclaration: await encodeCertificationDeclaration({ ...cdFields, dacOriginVendorId: 0xfff3, dacOriginProductId: 0x8001 }, cdSigner) }),
    failed: ["vid-pid"],
    lines: ["error vid-pid: DAC VID 0xFFF2 differs from the CD's dac_origin_vendor_id 0xFFF3", "error vid-pid: PAI VID 0xFFF2 differs from the CD's dac_origin_vendor_id 0xFFF3"],
  },
  {
    name: "--cd-signer that did not sign the CD",
    setup: (d) => {
      const signer = join(d.dir, "..", "cd-signer.pem");
      put(signer, cdSignerPem);
      return ["--cd-signer", signer];
    },
    failed: ["cd"],
    lines: [/^error cd: signature does not verify with CD signer "matter-factory CD signer" \(--cd-signer \S*cd-signer\.pem\)$/],
  },
  {
    name: "a CD whose authorized_paa_list does not hold the PAA",
    setup: async (d) => {
      useOurChain(d);
      d.write({
        ...factoryDataFromEntries(readNvsImage(read(d.file("<uuid>-partition.bin"))).entries).data,
        certDeclaration: await encodeCertificationDeclaration({ ...cdFields, authorizedPaaList: [await keyIdentifier(cdSigner.rawPublic)] }, cdSigner),
      });
      const path = join(d.dir, "..", "paa.pem");
      put(path, paa.pem);
      return ["--paa", path];
    },
    failed: ["cd"],
    lines: [/^error cd: authorized_paa_list does not contain the PAA's subjectKeyIdentifier [0-9A-F]{40}$/],
  },
  {
    name: "a certificate stored as the CD",
    setup: (d) => d.write({ ...d.data, certDeclaration: read(join(BATCH, DEVICE, "internal/PAI_cert.der")) }),
    failed: ["cd"],
    lines: [/^error cd: CD \(\d+ bytes\): not a CMS SignedData but an X\.509 certificate/],
  },
  {
    name: "a CD that is not a CMS SignedData",
    setup: (d) => d.write({ ...d.data, certDeclaration: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x05) }),
    failed: ["cd"],
    lines: [/^error cd: CD \(\d+ bytes\): not a CMS SignedData \(/],
  },
  {
    name: "a CD cut short",
    setup: (d) => d.write({ ...d.data, certDeclaration: CD.subarray(0, CD.length - 10) }),
    failed: ["cd"],
    lines: [/^error cd: CD \(\d+ bytes\): cut short, its DER structure is \d+ bytes$/],
  },
  {
    name: "a required key missing (salt)",
    setup: (d) => d.write({ ...d.data, salt: undefined }),
    failed: ["keys"],
    lines: ['error keys: key "salt": missing; the read fails — needed to commission with the ESP32 factory providers'],
  },
  {
    name: "discriminator stored as u16 (the reader asks for u32)",
    setup: (d) => {
      const rows = factoryDataToRows(d.data).map((r) => (r.kind === "data" && r.key === "discriminator" ? { ...r, type: "u16" as const } : r));
      put(d.file("<uuid>-partition.bin"), writeNvsImage(rows, { size: 0x6000 }));
    },
    failed: ["keys"],
    lines: [
      `error keys: key "discriminator" stored as u16 (value ${D.discriminator} (0x${D.discriminator.toString(16)})): the ESP32 reader looks up a u32 entry, so the key reads as missing`,
      'error keys: key "discriminator": missing; the read fails — needed to commission with the ESP32 factory providers',
    ],
  },
  {
    name: "a discriminator above 12 bits",
    setup: (d) => d.write({ ...d.data, discriminator: 0x1ba9 }),
    failed: ["keys", "manualcode", "onboarding", "qrcode"],
    lines: ['error keys: key "discriminator" value 7081 (0x1ba9): must be 0…0xFFF (the reader rejects larger values)'],
  },
];

describe("verify: broken devices", () => {
  it.each(CASES)("$name → error line(s), exit 1", async (c) => {
    const d = copyDevice();
    const extra = (await c.setup(d)) ?? [];
    const r = await verify([d.dir, ...extra]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.failed).toEqual([...c.failed].sort());
    for (const want of c.lines) {
      const hit = r.errors.some((l) => (typeof want === "string" ? l === want : want.test(l)));
      if (!hit) throw new Error(`no error line matches ${String(want)}; got:\n${r.errors.join("\n")}`);
    }
  });

  it("a batch with one broken device fails and names it", async () => {
    const root = join(tmp, "batch");
    cpSync(BATCH, root, { recursive: true });
    put(join(root, OTHER, `${OTHER}-onb_codes.csv`), readFileSync(join(BATCH, OTHER, `${OTHER}-onb_codes.csv`), "utf8").replace(String(O.passcode), String(O.passcode ^ 1)));
    const r = await cli(["verify", root, "--at", AT, "--show-secrets"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("2 of 3 devices pass");
    expect(r.stdout).toContain(`device ${OTHER} (`);
    expect(r.stdout).toContain(`error passcode: ${O.passcode ^ 1} (from onb_codes.csv passcode) does not match the image's verifier`);
    const usage = await cli(["verify", root, "--passcode", "20202021"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe(`matter-factory: ${root} holds 3 devices: --passcode applies to one device (give its directory)\n`);
  });

  it("bad invocations and unreadable inputs are one-line errors", async () => {
    expect((await cli(["verify"])).stderr).toBe("matter-factory: verify needs a device directory, a batch directory or an image (--image)\n");
    const missing = await cli(["verify", join(tmp, "nothing-here")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^matter-factory: ".*nothing-here": no such file or directory\n$/);
    const empty = join(tmp, "empty-dir");
    cpSync(join(SAMPLE, "inputs"), empty, { recursive: true });
    expect((await cli(["verify", empty])).stderr).toMatch(/no device found \(expected <name>\/<name>-partition\.bin/);
    const blank = join(tmp, "blank.bin");
    put(blank, new Uint8Array(0x3000).fill(0xff));
    const r = await verify([blank]);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual(["error nvs: no NVS page could be loaded (not an NVS partition image?)"]);
  });
});

describe("verifyFactoryImage (API)", () => {
  it("checks a PEM PAI given for an image without pai-cert, and reports nothing it was not asked", async () => {
    const image = read(join(BATCH, DEVICE, `${DEVICE}-partition.bin`));
    const data = factoryDataFromEntries(readNvsImage(image).entries).data;
    const noPai = writeNvsImage(factoryDataToRows({ ...data, paiCert: undefined }), { size: 0x6000 });
    const findings = await verifyFactoryImage({ image: noPai, paiCert: { value: read(PAI_PEM), source: "pai.pem" }, now: new Date(AT) });
    const errors = findings.filter((f) => f.severity === "error");
    // The image still lacks the key (the firmware needs it), but the chain is checked with the given PAI.
    expect(errors).toEqual([{ id: "keys.missing", severity: "error", check: "keys", key: "pai-cert", message: 'key "pai-cert": missing; the read fails — needed to commission with the ESP32 factory providers' }]);
    expect(findings).toContainEqual({ id: "dac.ok", severity: "ok", check: "dac", message: `DAC "${DEVICE}" chains to PAI "Matter Test PAI" and has the Matter DAC profile` });
    for (const f of findings) expect(f.message).not.toMatch(/\n/);
  });
});
