// `matter-factory inspect` and the Certification Declaration codec. Fixed vectors: esp-matter-mfg-tool
// 3-device fixture batch (made by the test setup with the pinned tool): every value the tool wrote (its
// per-device internal/partition.csv) must come back by name, typed and decoded. Images built from the
// key table's example data cover the keys mfg_tool never writes, wrong types, damage and encryption.

import { runCliInProcess } from "./support/cli.js";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { inspectImage, PROVIDER_ORDER, renderInspection, type InspectedEntry } from "../host-tools/inspect/inspect.js";
import {
  cdSignatureValid,
  encodeCdContent,
  encodeCertificationDeclaration,
  parseCertificationDeclaration,
} from "../host-tools/inspect/cd.js";
import { generateP256KeyPair, loadCertificate, x509 } from "../host-tools/certs/index.js";
import { nodeRandom } from "../host-tools/node-crypto.js";
import { factoryDataToRows, matchFactoryKey, type FactoryData } from "../modules/factory/index.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { parseCsvRecords } from "../modules/nvs/csv.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../modules/nvs/encryption.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import type { NvsRow } from "../modules/nvs/types.js";
import { toHex } from "../modules/bytes/hex.js";
import { MFG_SAMPLE, CD_FILE, CD_SIGNER_CERT, SHARED_VECTORS, SUPPLIED_DAC } from "./support/fixtures.js";

const SAMPLE = MFG_SAMPLE;
const BATCH = join(SAMPLE, "fff2_8001");
const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const UUIDS = readdirSync(BATCH).filter((d) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(d)).sort();
const imageOf = (uuid: string): string => join(BATCH, uuid, `${uuid}-partition.bin`);
const CD = read(CD_FILE);

const cli = runCliInProcess;

/**
 * What mfg_tool put into an image, from its internal/partition.csv (mfg_gen rows key,type,encoding,value),
 * as `nvs dump --json` values: u32/i32 numbers, strings, blobs (hex2bin, files) as hex.
 */
function writtenBy(csvPath: string): { namespace: string; key: string; type: string; value: unknown }[] {
  const records = parseCsvRecords(readFileSync(csvPath, "utf8")).slice(1);
  const out: { namespace: string; key: string; type: string; value: unknown }[] = [];
  let namespace = "";
  for (const { fields: [key, type, encoding, value] } of records) {
    if (type === "namespace") {
      namespace = key;
      continue;
    }
    if (type === "file") {
      // Paths in the sample are "<outdir>/fff2_8001/…" or the CD's name relative to the tool's cwd.
      const path = value.startsWith("<outdir>/") ? join(SAMPLE, value.slice("<outdir>/".length)) : join(SAMPLE, "inputs", basename(value));
      out.push({ namespace, key, type: "blob", value: hex(read(path)) });
    } else if (encoding === "hex2bin") out.push({ namespace, key, type: "blob", value: value.toLowerCase() });
    else if (encoding === "string") out.push({ namespace, key, type: "string", value });
    else out.push({ namespace, key, type: encoding, value: Number(value) });
  }
  return out;
}

const byKey = (entries: { key: string }[]) => [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
const entry = (entries: InspectedEntry[], key: string): InspectedEntry => {
  const e = entries.find((x) => x.key === key);
  if (!e) throw new Error(`no entry ${key}`);
  return e;
};

/** The table's example data with real attestation material (the fixture DAC, its key, PAI and CD). */
function fullData(): FactoryData {
  const internal = SUPPLIED_DAC;
  return {
    ...exampleFactoryData(), dacCert: read(join(internal, "DAC_cert.der")), paiCert: read(join(internal, "PAI_cert.der")), certDeclaration: CD,
    dacKey: read(join(internal, "DAC_private_key.bin")), dacPublicKey: read(join(internal, "DAC_public_key.bin")),
  };
}

/** One value mfg_tool wrote for a device (its internal/partition.csv). */
function written(uuid: string, key: string): string {
  const line = readFileSync(join(BATCH, uuid, "internal/partition.csv"), "utf8").split(/\r?\n/).find((l) => l.startsWith(`${key},`));
  if (!line) throw new Error(`${uuid}: no ${key} row`);
  return line.split(",").slice(3).join(",");
}
const imageFrom = (rows: NvsRow[]): Uint8Array => writeNvsImage(rows, { size: 0x6000 });

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "mf-inspect-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe("inspect: esp-matter-mfg-tool 1.0.29 sample batch", () => {
  it.each(UUIDS)("device %s: every value the tool wrote, by name and type", (uuid) => {
    const expected = writtenBy(join(BATCH, uuid, "internal/partition.csv"));
    expect(expected.length).toBe(18);
    const redacted = inspectImage(read(imageOf(uuid)));
    expect(redacted.readable).toBe(true);
    const shown = inspectImage(read(imageOf(uuid)), { showSecrets: true });
    const pick = (e: InspectedEntry) => ({ namespace: e.namespace, key: e.key, type: e.type, value: e.value });
    expect(byKey(shown.entries.map(pick))).toEqual(byKey(expected));
    // Redaction: only the DAC private key (FACTORY_KEYS secret) is hidden.
    const hidden = redacted.entries.filter((e) => e.redacted);
    expect(hidden.map((e) => e.key)).toEqual(["dac-key"]);
    expect(hidden[0].value).toBeNull();
    expect(hidden[0].display).toBe("<redacted: 32 bytes; --show-secrets to print>");
    expect(entry(shown.entries, "dac-key").value).toBe(hex(read(join(BATCH, uuid, "internal/DAC_private_key.bin"))));
    // The only finding: mfg_tool's YYYYMMDD date, which old firmware (generic provider) rejects.
    expect(redacted.findings.map((f) => `${f.severity} ${f.key}`)).toEqual(["warning mfg-date"]);
  });

  it("groups by provider in table order and decodes each value", () => {
    const uuid = UUIDS[0];
    const i = inspectImage(read(imageOf(uuid)));
    const discriminator = Number(written(uuid, "discriminator"));
    const salt = written(uuid, "salt");
    const discriminatorText = `${discriminator} (0x${discriminator.toString(16)})`;
    expect(i.entries.map((e) => e.key)).toEqual([
      "discriminator", "iteration-count", "salt", "verifier",
      "vendor-id", "vendor-name", "product-id", "product-name", "hardware-ver", "hw-ver-str", "mfg-date", "rd-id-uid", "serial-num",
      "dac-cert", "dac-key", "dac-pub-key", "pai-cert", "cert-dclrn",
    ]);
    expect([...new Set(i.entries.map((e) => e.provider))]).toEqual(["CommissionableData", "DeviceInstanceInfo", "DeviceAttestationCredentials"]);
    const e = (k: string) => entry(i.entries, k);
    expect(e("discriminator").display).toBe(discriminatorText);
    expect(e("vendor-id").display).toBe("0xFFF2 (65522)");
    expect(e("product-id").display).toBe("0x8001 (32769)");
    expect(e("salt").display).toBe(`${salt} (base64 of 32 bytes)`);
    expect(e("salt").decoded).toEqual({ bytes: 32, hex: hex(Buffer.from(salt, "base64")) });
    expect(e("verifier").decoded?.bytes).toBe(97);
    expect(e("mfg-date").decoded).toEqual({ date: "2024-01-01", suffix: "" });
    expect(e("rd-id-uid").display).toBe(`${written(uuid, "rd-id-uid")} (16 bytes)`);
    expect(e("dac-cert").decoded).toMatchObject({ vendorId: 0xfff2, productId: 0x8001, issuer: expect.stringContaining("CN=Matter Test PAI") });
    expect(e("dac-cert").display).toContain(`subject "CN=${uuid}`);
    expect(e("pai-cert").decoded).toMatchObject({ subject: expect.stringContaining("CN=Matter Test PAI"), vendorId: 0xfff2, productId: 0x8001 });
    expect(e("cert-dclrn").decoded).toMatchObject({ vendorId: 0xfff2, productIds: [0x8001], deviceTypeId: 0x1234, certificationType: 0 });
    const text = renderInspection(i, "img.bin").join("\n");
    expect(text).toContain(`[chip-factory] CommissionableDataProvider\n  discriminator   u32     ${discriminatorText}`);
    expect(text).toContain("  dac-key         blob    <redacted: 32 bytes; --show-secrets to print>");
    expect(text).not.toContain(hex(read(join(BATCH, uuid, "internal/DAC_private_key.bin"))));
  });
});

describe("inspect: images built from the key table", () => {
  it("lists every key of the table's example data under its provider, enums and bitmaps named", () => {
    const data = fullData();
    const i = inspectImage(imageFrom(factoryDataToRows(data)));
    const factory = i.entries.filter((e) => e.namespace === "chip-factory");
    for (const e of factory) {
      const m = matchFactoryKey(e.key);
      expect(e.provider).toBe(m ? m.spec.provider : "unknown");
    }
    // Grouped: provider order never goes back.
    const ranks = factory.map((e) => PROVIDER_ORDER.indexOf(e.provider!));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(factory.length).toBe(factoryDataToRows(data).filter((r) => r.kind === "data").length - 2); // 2 entries in "app"
    const e = (k: string) => entry(i.entries, k);
    expect(e("product-finish").display).toBe("2 (satin)");
    expect(e("product-color").display).toBe("7 (gray)");
    expect(e("product-color").decoded).toEqual({ name: "gray" });
    expect(e("cal-types").display).toBe("0x110 (Gregorian Japanese)");
    expect(e("loc-capability").display).toBe("2 (IndoorOutdoor)");
    expect(e("mfg-date").display).toBe('"2024-05-17" (date 2024-05-17)');
    expect(e("device-id").display).toBe("72623859790382856 (0x102030405060708)");
    expect(e("st-mfg/1/0/0").display).toBe("0xFFF2 (65522)");
    expect(e("fl-k/0/1").display).toBe('"floor"');
    expect(e("user-key").provider).toBe("unknown");
    for (const k of ["pin-code", "dac-key", "device-key"]) expect(e(k).redacted).toBe(true);
    expect(i.findings.some((f) => f.key === "user-key" && f.severity === "warning")).toBe(true);
    // Other namespaces follow, unclaimed by any provider.
    const app = i.entries.filter((x) => x.namespace === "app");
    expect(app.map((x) => [x.key, x.type, x.value])).toEqual([["firmware_key", "blob", "cafe"], ["device_no", "i32", -5]]);
    expect(app.every((x) => x.provider === undefined)).toBe(true);
    const text = renderInspection(i, "x.bin").join("\n");
    for (const title of ["DeviceInfoProvider", "SupportedModesManager", "ConfigurationManager", "test-mode CommissionableDataProvider", "[app]"]) {
      expect(text).toContain(title);
    }
    const secrets = inspectImage(imageFrom(factoryDataToRows(data)), { showSecrets: true });
    expect(entry(secrets.entries, "pin-code").display).toBe("20202021 (0x1344225)");
  });

  it("marks a key stored with another type than the reader looks up, and reports it", () => {
    const rows: NvsRow[] = [
      { kind: "namespace", name: "chip-factory" },
      { kind: "data", key: "discriminator", type: "u16", value: 3840 },
      { kind: "data", key: "mfg-date", type: "string", value: "20240517ABCD1234" },
      { kind: "data", key: "product-finish", type: "u32", value: 9 },
    ];
    const i = inspectImage(imageFrom(rows));
    const d = entry(i.entries, "discriminator");
    expect(d).toMatchObject({ type: "u16", expectedType: "u32", value: 3840, display: "3840" });
    expect(i.findings.find((f) => f.key === "discriminator")?.message).toBe(
      'key "discriminator" stored as u16 (value 3840 (0xf00)): the ESP32 reader looks up a u32 entry, so the key reads as missing');
    expect(entry(i.entries, "mfg-date").decoded).toEqual({ date: "2024-05-17", suffix: "ABCD1234" });
    expect(entry(i.entries, "product-finish").display).toBe("9 (no name)");
    expect(i.findings.some((f) => f.key === "product-finish" && f.severity === "error")).toBe(true);
    expect(renderInspection(i, "x").join("\n")).toContain("discriminator   u16!    3840  [stored as u16; the reader looks up u32, so it reads as missing]");
    const bad = inspectImage(imageFrom([rows[0], { kind: "data", key: "mfg-date", type: "string", value: "2024-13-01" }]));
    expect(entry(bad.entries, "mfg-date").display).toBe('"2024-13-01" (not a date the ESP32 reader accepts)');
  });

  it("reads an encrypted image with its keys, and says so when the keys are missing", () => {
    const plain = imageFrom(factoryDataToRows(fullData()));
    const keys = generateKeys(nodeRandom);
    const encrypted = encryptNvsImage(plain, keys);
    const without = inspectImage(encrypted);
    expect(without.readable).toBe(false);
    expect(without.unreadable).toBe("no entry could be read: an encrypted image? pass its keys partition with --keys");
    const withKeys = inspectImage(encrypted, { keys });
    expect(withKeys.readable).toBe(true);
    expect(withKeys.encrypted).toBe(true);
    expect(withKeys.entries).toEqual(inspectImage(plain).entries);
    const wrong = inspectImage(encrypted, { keys: generateKeys(nodeRandom) });
    expect(wrong.unreadable).toBe("no entry could be read: wrong NVS keys, or not an encrypted image");
  });

  it("reports damage as nvs findings and still lists what survives", () => {
    const image = imageFrom(factoryDataToRows(fullData()));
    image[64 + 32 * 2 + 24] ^= 0xff; // the third entry's data (vendor-id) — its CRC no longer matches
    const i = inspectImage(image);
    expect(i.readable).toBe(true);
    const nvs = i.findings.filter((f) => f.source === "nvs");
    expect(nvs.length).toBeGreaterThan(0);
    expect(nvs[0].message).toMatch(/^page 0 entry \d+: /);
    expect(nvs.map((f) => f.id)).toEqual(["nvs.entry-crc"]);
    expect(i.entries.some((e) => e.key === "vendor-name")).toBe(true);
  });
});

describe("inspect CLI", () => {
  const uuid = UUIDS[2];

  it("prints the report, or JSON; secrets only with --show-secrets", async () => {
    const human = await cli(["inspect", imageOf(uuid)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("[chip-factory] DeviceAttestationCredentialsProvider");
    expect(human.stdout).toContain('vendor-name     string  "ESP"');
    expect(human.stdout).toContain("findings:\n  warning key \"mfg-date\"");
    const json = await cli(["inspect", imageOf(uuid), "--json"]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ file: imageOf(uuid), size: 0x6000, encrypted: false, readable: true, namespaces: ["chip-factory"] });
    expect(parsed.entries.find((e: InspectedEntry) => e.key === "dac-key")).toMatchObject({ value: null, redacted: true, secret: true });
    // Findings keep severity, source, key and message, and carry the stable id.
    expect(parsed.findings).toEqual([expect.objectContaining({ id: "keys.mfg-date-old-firmware", severity: "warning", source: "factory", key: "mfg-date" })]);
    expect(parsed.findings[0].message).toMatch(/^key "mfg-date" value /);
    const secret = JSON.parse((await cli(["inspect", imageOf(uuid), "--json", "--show-secrets"])).stdout);
    expect(secret.entries.find((e: InspectedEntry) => e.key === "dac-key").value).toBe(hex(read(join(BATCH, uuid, "internal/DAC_private_key.bin"))));
  });

  it("exits 1 on an unreadable image with a one-line reason, 2 on bad usage", async () => {
    const blank = join(tmp, "blank.bin");
    writeFileSync(blank, new Uint8Array(0x3000).fill(0xff));
    const r = await cli(["inspect", blank]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`matter-factory: image ${JSON.stringify(blank)}: no NVS page could be loaded (not an NVS partition image?)\n`);
    const missing = await cli(["inspect", join(tmp, "nope.bin")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
    expect((await cli(["inspect"])).code).toBe(2);
  });

  it("reads an encrypted mfg_tool-style device with --keys; without them, exits 1 and points at the keys file", async () => {
    const keys = generateKeys(nodeRandom);
    const image = join(tmp, "dev-partition.bin");
    const keyFile = join(tmp, "dev-keys-partition.bin");
    writeFileSync(image, encryptNvsImage(imageFrom(factoryDataToRows(fullData())), keys));
    writeFileSync(keyFile, makeKeyPartition(keys));
    const without = await cli(["inspect", image]);
    expect(without.code).toBe(1);
    expect(without.stderr).toContain(`hint: ${keyFile} exists: try --keys ${keyFile}`);
    expect(without.stdout).toMatch(/… and \d+ more nvs problems/);
    const withKeys = await cli(["inspect", image, "--keys", keyFile]);
    expect(withKeys.code).toBe(0);
    expect(withKeys.stdout).toContain("decrypted with the given keys");
    expect(withKeys.stdout).toContain("product-url");
  });
});

describe("Certification Declaration codec", () => {
  it("decodes the fixture CD FFF2/8001, verifies it with its signer and re-encodes its TLV byte for byte", () => {
    const cd = parseCertificationDeclaration(CD);
    const signer = loadCertificate(readFileSync(CD_SIGNER_CERT, "utf8"), "CD signer");
    expect(cd).toMatchObject({
      formatVersion: 1, vendorId: 0xfff2, productIds: [0x8001], deviceTypeId: 0x1234, certificateId: "ZIG20141ZB330001-24",
      securityLevel: 0, securityInformation: 0, versionNumber: 0x9876, certificationType: 0, problems: [],
      contentType: "1.2.840.113549.1.7.1", digestAlgorithm: "2.16.840.1.101.3.4.2.1", signatureAlgorithm: "1.2.840.10045.4.3.2",
    });
    expect(toHex(cd.signerKeyId!)).toBe(signer.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
    expect(cdSignatureValid(cd, signer)).toBe(true);
    expect(hex(encodeCdContent(cd))).toBe(hex(cd.content));
  });

  const chipCd = SHARED_VECTORS && join(SHARED_VECTORS, "mfg_tool-sample/inputs/Chip-Test-CD-FFF2-8001.der");
  it.skipIf(!chipCd || !existsSync(chipCd))("decodes connectedhomeip's test CD FFF2/8001 (where a copy is beside the checkout) and re-encodes its TLV byte for byte", () => {
    const cd = parseCertificationDeclaration(read(chipCd!));
    expect(cd).toMatchObject({
      formatVersion: 1, vendorId: 0xfff2, productIds: [0x8001], deviceTypeId: 0x1234, certificateId: "ZIG20141ZB330001-24",
      securityLevel: 0, securityInformation: 0, versionNumber: 0x9876, certificationType: 0, problems: [],
      contentType: "1.2.840.113549.1.7.1", digestAlgorithm: "2.16.840.1.101.3.4.2.1", signatureAlgorithm: "1.2.840.10045.4.3.2",
    });
    expect(toHex(cd.signerKeyId!).toUpperCase()).toBe("62FA823359ACFAA9963E1CFA140ADDF504F37160");
    expect(cd.dacOriginVendorId).toBeUndefined();
    expect(hex(encodeCdContent(cd))).toBe(hex(cd.content));
  });

  it("signs, verifies, and catches tampering; optional fields round-trip", async () => {
    const key = await generateP256KeyPair();
    const signerCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: "01", name: "CN=Test CD Signer", notBefore: new Date("2020-01-01"), notAfter: new Date("2099-01-01"),
      keys: { privateKey: key.privateKey, publicKey: key.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    });
    const fields = {
      vendorId: 0xfff1, productIds: [0x8000, 0x8001, 0x8002], deviceTypeId: 0x0100, certificateId: "CSA00000SWC00000-01",
      securityLevel: 0, securityInformation: 0, versionNumber: 1, certificationType: 1,
      dacOriginVendorId: 0xfff2, dacOriginProductId: 0x8001, authorizedPaaList: [new Uint8Array(20).fill(7)],
    };
    const der = await encodeCertificationDeclaration(fields, key);
    const cd = parseCertificationDeclaration(der);
    expect(cd).toMatchObject({ ...fields, formatVersion: 1, problems: [] });
    expect(cdSignatureValid(cd, signerCert)).toBe(true);
    expect(cdSignatureValid(cd, loadCertificate(read(join(BATCH, UUIDS[0], "internal/PAI_cert.der")), "PAI"))).toBe(false);
    // Change the vendor ID inside the signed content: still parses, no longer verifies.
    const at = Buffer.from(der).indexOf(Buffer.from([0x25, 0x01, 0xf1, 0xff]));
    expect(at).toBeGreaterThan(0);
    const tampered = der.slice();
    tampered[at + 2] = 0xf3;
    const t = parseCertificationDeclaration(tampered);
    expect(t.vendorId).toBe(0xfff3);
    expect(cdSignatureValid(t, signerCert)).toBe(false);
  });

  it("lists rule violations and rejects what is not a CD with one line", async () => {
    const key = await generateP256KeyPair();
    const der = await encodeCertificationDeclaration({
      formatVersion: 2, vendorId: 0xfff1, productIds: [], deviceTypeId: 1, certificateId: "short",
      securityLevel: 0, securityInformation: 0, versionNumber: 1, certificationType: 5,
    }, key);
    expect(parseCertificationDeclaration(der).problems).toEqual([
      "CD format_version 2: must be 1",
      "CD product_id_array: 0 product IDs, must be 1…100",
      'CD certificate_id "short": must be 19 characters',
      "CD certification_type 5: must be 0, 1 or 2",
    ]);
    expect(parseCertificationDeclaration(der).findings.map((f) => f.id)).toEqual([
      "cd.format-version-value", "cd.product-id-array-size", "cd.certificate-id-length", "cd.certification-type-value",
    ]);
    expect(() => parseCertificationDeclaration(new Uint8Array([1, 2, 3]))).toThrow(/^CD \(3 bytes\): not a CMS SignedData \(/);
    const cert = read(join(BATCH, UUIDS[0], "internal/DAC_cert.der"));
    expect(() => parseCertificationDeclaration(cert)).toThrow(/^CD \(\d+ bytes\): not a CMS SignedData/);
  });
});
