// Attestation certificates (host-tools/certs): issuance compared field by field with
// esp-matter-mfg-tool's own output (the fixture batch the test setup makes with it), chains checked by two
// independent verifiers (openssl verify, node:crypto X509Certificate), and the validation rules of
// docs/factory-data.md §Certificates driven through a table of broken certificates.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { createHash, KeyObject, sign as nodeSign, webcrypto, X509Certificate as NodeX509 } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MFG_BATCH, PAI_CERT, PAI_KEY, sampleDevices as fixtureDevices } from "./support/fixtures.js";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate, Extension as AsnExtension, Version } from "@peculiar/asn1-x509";
import {
  x509,
  loadCertificate,
  pemEncode,
  generateP256KeyPair,
  loadPrivateKeyPem,
  loadPrivateKeyDer,
  loadRawPrivateKey,
  dacKeyFiles,
  keyPairMatches,
  keyIdentifier,
  matterVidPid,
  issueDac,
  issuePai,
  mfgToolPaiCommonName,
  randomSerial,
  validatePaa,
  validatePai,
  validateDac,
  type AttestationKeyPair,
  type CertFinding,
} from "../host-tools/certs/index.js";

const MFG_TOOL = fileURLToPath(new URL("../.venv/mfg/bin/esp-matter-mfg-tool", import.meta.url));
const VID = 0xfff2;
const PID = 0x8001;
const DAY = 86_400_000;

const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const readText = (p: string): string => readFileSync(p, "utf8");
const hex = (b: ArrayBuffer | Uint8Array): string => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString("hex");
const openssl = (args: string[], input?: Uint8Array | string): string =>
  execFileSync("openssl", args, { input, stdio: ["pipe", "pipe", "pipe"] }).toString("latin1");
const tbsOf = (der: ArrayBuffer | Uint8Array): string => hex(AsnConvert.parse(der, Certificate).tbsCertificateRaw!);
const ruleOf = (f: CertFinding): string => f.id.slice(f.id.indexOf(".") + 1);
const rulesOf = (findings: CertFinding[]): string[] => findings.map(ruleOf).sort();

// ---- the mfg_tool batch (the fixture test PAI for FFF2/8001 and 3 DACs mfg_tool made from it) ----

const samplePaiPem = readText(PAI_CERT);
const samplePaiKeyPem = readText(PAI_KEY);
const samplePai = loadCertificate(samplePaiPem, "sample PAI");
const sampleDevices = fixtureDevices()
  .map((uuid) => {
    const dir = join(MFG_BATCH, uuid, "internal");
    return {
      uuid,
      certDer: read(join(dir, "DAC_cert.der")),
      certPem: readText(join(dir, "DAC_cert.pem")),
      keyPem: readText(join(dir, "DAC_key.pem")),
      keyDer: read(join(dir, "DAC_key.der")),
      privateBin: read(join(dir, "DAC_private_key.bin")),
      publicBin: read(join(dir, "DAC_public_key.bin")),
      paiDer: read(join(dir, "PAI_cert.der")),
    };
  });

// Fixed times: the sample PAI is valid 2021-06-28..9999-12-31.
const FROM = new Date("2026-01-01T00:00:00Z");
const NOW = new Date("2030-01-01T00:00:00Z");
const attime = (d: Date): string => String(Math.floor(d.getTime() / 1000));

// ---- fixtures made with openssl in a temp dir: a test PAA and a P-384 PAI ----

let tmp: string;
let paaPem: string;
let paaKey: AttestationKeyPair;
let paaKeyPem: string;
let paaFrom: Date; // the PAA's notBefore: our PAI/DAC validity starts here
let paaNow: Date; // check time inside every fixture's validity
let p384PaiPem: string;
let samplePaiKey: AttestationKeyPair;

const OPENSSL_CNF = `oid_section = oids
[oids]
matterVID = 1.3.6.1.4.1.37244.2.1
matterPID = 1.3.6.1.4.1.37244.2.2
[req]
distinguished_name = dn
prompt = no
[dn]
CN = matter-factory Test PAA
matterVID = FFF2
[paa]
basicConstraints = critical, CA:true, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[pai]
basicConstraints = critical, CA:true, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "mf-certs-"));
  const f = (n: string): string => join(tmp, n);
  writeFileSync(f("openssl.cnf"), OPENSSL_CNF);
  openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", f("paa_key.pem")]);
  openssl(["req", "-new", "-x509", "-config", f("openssl.cnf"), "-extensions", "paa", "-key", f("paa_key.pem"), "-sha256", "-days", "40000", "-out", f("paa.pem")]);
  // A PAI on the wrong curve, otherwise well-formed, signed by the PAA with ECDSA-SHA256.
  openssl(["ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", f("p384_key.pem")]);
  openssl(["req", "-new", "-config", f("openssl.cnf"), "-key", f("p384_key.pem"), "-subj", "/CN=P384 PAI/matterVID=FFF2/matterPID=8001", "-out", f("p384.csr")]);
  openssl(["x509", "-req", "-in", f("p384.csr"), "-CA", f("paa.pem"), "-CAkey", f("paa_key.pem"), "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", f("openssl.cnf"), "-extensions", "pai", "-out", f("p384_pai.pem")]);
  paaPem = readText(f("paa.pem"));
  paaKeyPem = readText(f("paa_key.pem"));
  paaKey = await loadPrivateKeyPem(paaKeyPem, "PAA key");
  p384PaiPem = readText(f("p384_pai.pem"));
  paaFrom = loadCertificate(paaPem, "PAA").notBefore;
  paaNow = new Date(paaFrom.getTime() + DAY);
  samplePaiKey = await loadPrivateKeyPem(samplePaiKeyPem, "sample PAI key");
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function tempFile(name: string, data: string | Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
}

/** openssl verify at a fixed time; returns its stdout ("<file>: OK") or throws with its stderr. */
function opensslVerify(args: string[], leafPem: string, at: Date): string {
  return openssl(["verify", "-attime", attime(at), ...args, tempFile("leaf.pem", leafPem)]);
}

// ---- a certificate forge for the negative table (only for broken inputs; never for the product) ----

interface ForgeOptions {
  subject: x509.JsonNameParams;
  issuerName: Uint8Array | x509.JsonNameParams;
  publicKey: webcrypto.CryptoKey;
  signingKey: webcrypto.CryptoKey;
  hash?: "SHA-256" | "SHA-384";
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
}

async function forge(o: ForgeOptions): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: "01" + hex(webcrypto.getRandomValues(new Uint8Array(8))),
    subject: new x509.Name(o.subject),
    issuer: new x509.Name(o.issuerName),
    notBefore: o.notBefore,
    notAfter: o.notAfter,
    publicKey: o.publicKey,
    signingKey: o.signingKey,
    signingAlgorithm: { name: "ECDSA", hash: o.hash ?? "SHA-256" },
    extensions: o.extensions,
  });
}

const KU = x509.KeyUsageFlags;
const bc = (ca: boolean, pathLen?: number, critical = true): x509.Extension => new x509.BasicConstraintsExtension(ca, pathLen, critical);
const ku = (flags: number, critical = true): x509.Extension => new x509.KeyUsagesExtension(flags, critical);
const ski = async (pair: { rawPublic: Uint8Array }): Promise<x509.Extension> =>
  new x509.SubjectKeyIdentifierExtension(hex(await keyIdentifier(pair.rawPublic)));
const aki = (id: Uint8Array | string): x509.Extension => new x509.AuthorityKeyIdentifierExtension(typeof id === "string" ? id : hex(id));
const subjectName = (cn: string, vid?: string, pid?: string): x509.JsonNameParams => {
  const n: x509.JsonNameParams = [{ CN: [{ utf8String: cn }] }];
  if (vid !== undefined) n.push({ "1.3.6.1.4.1.37244.2.1": [{ utf8String: vid }] });
  if (pid !== undefined) n.push({ "1.3.6.1.4.1.37244.2.2": [{ utf8String: pid }] });
  return n;
};
const subjectDerOf = (cert: x509.X509Certificate): Uint8Array =>
  new Uint8Array(AsnConvert.serialize(AsnConvert.parse(cert.rawData, Certificate).tbsCertificate.subject));

/** Re-sign `der` after editing its TBSCertificate (for fields the generator cannot express). */
function mutate(der: ArrayBuffer | Uint8Array, edit: (c: Certificate) => void, signer: webcrypto.CryptoKey): Uint8Array {
  const c = AsnConvert.parse(der, Certificate);
  edit(c);
  const tbs = new Uint8Array(AsnConvert.serialize(c.tbsCertificate));
  c.signatureValue = new Uint8Array(nodeSign("sha256", tbs, { key: KeyObject.from(signer), dsaEncoding: "der" })).buffer;
  return new Uint8Array(AsnConvert.serialize(c));
}

// =====================================================================================================

describe("key files (mfg_tool DAC_key.pem / DAC_key.der / DAC_private_key.bin / DAC_public_key.bin)", () => {
  it("reproduces all four key files of every sample device byte for byte", async () => {
    expect(sampleDevices.length).toBe(3);
    for (const d of sampleDevices) {
      const files = dacKeyFiles(await loadPrivateKeyPem(d.keyPem));
      expect(files.pkcs8Pem).toBe(d.keyPem);
      expect(hex(files.sec1Der)).toBe(hex(d.keyDer));
      expect(hex(files.rawPrivate)).toBe(hex(d.privateBin));
      expect(hex(files.rawPublic)).toBe(hex(d.publicBin));
      // The same key through the other three loaders.
      for (const pair of [await loadPrivateKeyDer(d.keyDer), await loadRawPrivateKey(d.privateBin), await loadPrivateKeyPem(pemEncode("EC PRIVATE KEY", d.keyDer))]) {
        expect(hex(pair.rawPublic)).toBe(hex(d.publicBin));
        expect(dacKeyFiles(pair).pkcs8Pem).toBe(d.keyPem);
      }
    }
  });

  it("generates P-256 key pairs whose files openssl reads back to the same public key", async () => {
    const pair = await generateP256KeyPair();
    expect(pair.rawPrivate.length).toBe(32);
    expect(pair.rawPublic.length).toBe(65);
    expect(pair.rawPublic[0]).toBe(4);
    const files = dacKeyFiles(pair);
    const fromPem = openssl(["pkey", "-pubout", "-outform", "DER"], files.pkcs8Pem);
    const fromSec1 = openssl(["ec", "-inform", "DER", "-pubout", "-outform", "DER"], files.sec1Der);
    expect(hex(Buffer.from(fromPem, "latin1")).endsWith(hex(pair.rawPublic))).toBe(true);
    expect(hex(Buffer.from(fromSec1, "latin1")).endsWith(hex(pair.rawPublic))).toBe(true);
    expect(openssl(["asn1parse", "-inform", "DER"], files.sec1Der)).toContain("prime256v1");
  });

  it("loads the SEC1 PAI key and matches it to its certificate by sign/verify", async () => {
    expect(await keyPairMatches(samplePai, samplePaiKey)).toBe(true);
    expect(await keyPairMatches(loadCertificate(sampleDevices[0].certDer, "DAC"), samplePaiKey)).toBe(false);
    expect(await keyPairMatches(loadCertificate(p384PaiPem, "P-384 PAI"), samplePaiKey)).toBe(false);
  });

  it("rejects keys that are not unencrypted P-256 private keys with a one-line error", async () => {
    await expect(loadPrivateKeyPem(readText(join(tmp, "p384_key.pem")), "PAI key")).rejects.toThrow(/^PAI key: EC curve secp384r1, expected an EC P-256 \(prime256v1\) private key$/);
    await expect(loadPrivateKeyPem(samplePaiPem, "PAI key")).rejects.toThrow(/^PAI key: PEM block "CERTIFICATE", expected "PRIVATE KEY"/);
    await expect(loadPrivateKeyPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "k")).rejects.toThrow(/^k: cannot be parsed \(/);
    await expect(loadRawPrivateKey(new Uint8Array(31), "dac-key")).rejects.toThrow("dac-key: 31 bytes, expected a 32-byte P-256 scalar");
    await expect(loadRawPrivateKey(new Uint8Array(32), "dac-key")).rejects.toThrow(/^dac-key: not a valid P-256 scalar/);
  });
});

describe("matterVidPid", () => {
  it("reads the upper-case hex VID/PID subject attributes", () => {
    expect(matterVidPid(samplePai)).toEqual({ vendorId: 0xfff2, productId: 0x8001 });
    expect(matterVidPid(loadCertificate(paaPem, "PAA"))).toEqual({ vendorId: 0xfff2 });
    expect(matterVidPid(loadCertificate(sampleDevices[0].certDer, "DAC"))).toEqual({ vendorId: 0xfff2, productId: 0x8001 });
  });

  it("throws on an attribute that is not 4 upper-case hex digits", async () => {
    const pair = await generateP256KeyPair();
    const cert = await forge({
      subject: subjectName("x", "fff2"),
      issuerName: subjectName("x"),
      publicKey: pair.publicKey,
      signingKey: pair.privateKey,
      notBefore: FROM,
      notAfter: NOW,
      extensions: [],
    });
    expect(() => matterVidPid(cert)).toThrow('certificate subject 1.3.6.1.4.1.37244.2.1 (vendorId) "fff2": must be 4 upper-case hex digits');
  });
});

describe("issueDac compared with mfg_tool's DACs", () => {
  it("produces a TBSCertificate byte-identical to each sample DAC given the same key, serial, CN and time", async () => {
    for (const d of sampleDevices) {
      const sample = loadCertificate(d.certDer, "sample DAC");
      const ours = await issueDac({
        pai: { cert: samplePaiPem, key: samplePaiKeyPem },
        vendorId: VID,
        productId: PID,
        commonName: d.uuid,
        validFrom: sample.notBefore,
        keyPair: await loadPrivateKeyPem(d.keyPem),
        serial: Buffer.from(sample.serialNumber, "hex"),
      });
      expect(tbsOf(ours.der)).toBe(tbsOf(d.certDer));
      expect(hex(d.paiDer)).toBe(hex(samplePai.rawData)); // the tool's PAI_cert.der is the input PAI
    }
  });

  it("matches the sample DAC extension by extension with a fresh key", async () => {
    const sample = loadCertificate(sampleDevices[0].certDer, "sample DAC");
    const ours = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: sampleDevices[0].uuid, validFrom: FROM });
    expect(ours.cert.extensions.map((e) => e.type)).toEqual(sample.extensions.map((e) => e.type));
    expect(ours.cert.extensions.map((e) => e.type)).toEqual(["2.5.29.19", "2.5.29.15", "2.5.29.14", "2.5.29.35"]);
    for (const type of ["2.5.29.19", "2.5.29.15", "2.5.29.35"]) {
      // BasicConstraints (critical, CA false), KeyUsage (critical, digitalSignature), AKI (PAI's key id)
      expect(hex(ours.cert.getExtension(type)!.rawData)).toBe(hex(sample.getExtension(type)!.rawData));
    }
    expect(hex(sample.getExtension("2.5.29.19")!.rawData)).toBe("300c0603551d130101ff04023000");
    expect(hex(sample.getExtension("2.5.29.15")!.rawData)).toBe("300e0603551d0f0101ff040403020780");
    // SKI: SHA-1 of the public key bits, non-critical, same shape as the sample's.
    const skiExt = ours.cert.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(skiExt.critical).toBe(false);
    expect(skiExt.keyId).toBe(createHash("sha1").update(ours.keyPair.rawPublic).digest("hex"));
    const sampleSki = sample.getExtension(x509.SubjectKeyIdentifierExtension)!;
    expect(sampleSki.keyId).toBe(createHash("sha1").update(sampleDevices[0].publicBin).digest("hex"));
    expect(skiExt.rawData.byteLength).toBe(sampleSki.rawData.byteLength);
    // Subject: CN, VID, PID as separate UTF8String RDNs; issuer: byte-equal to the PAI subject.
    const dump = (cert: string, which: "-subject" | "-issuer"): string =>
      openssl(["x509", "-noout", which, "-nameopt", "RFC2253,dump_all,dump_der,show_type"], cert);
    expect(dump(ours.pem, "-issuer").replace(/^issuer=/, "")).toBe(dump(samplePaiPem, "-subject").replace(/^subject=/, ""));
    expect(dump(ours.pem, "-subject")).toBe(dump(sampleDevices[0].certPem, "-subject"));
    const issuerDer = AsnConvert.serialize(AsnConvert.parse(ours.der, Certificate).tbsCertificate.issuer);
    expect(Buffer.from(samplePai.rawData).includes(Buffer.from(issuerDer))).toBe(true);
    // Signature algorithm ecdsa-with-SHA256, no parameters; serial positive, at most 20 octets.
    expect(openssl(["asn1parse", "-inform", "DER"], ours.der)).toMatch(/OBJECT\s+:ecdsa-with-SHA256/);
    expect(ours.cert.signatureAlgorithm).toMatchObject({ name: "ECDSA", hash: { name: "SHA-256" } });
    const serialHex = ours.cert.serialNumber;
    expect(serialHex.length).toBeLessThanOrEqual(40);
    expect(parseInt(serialHex.slice(0, 2), 16)).toBeLessThan(0x80);
  });

  it("writes PEM exactly as mfg_tool does (64-column lines)", () => {
    for (const d of sampleDevices) expect(pemEncode("CERTIFICATE", d.certDer)).toBe(d.certPem);
  });

  it("chains to the sample PAI for openssl verify and node:crypto, and passes validateDac", async () => {
    const dacKey = await generateP256KeyPair();
    const ours = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "device-0001", validFrom: FROM, keyPair: dacKey });
    expect(ours.keyPair).toBe(dacKey);
    expect(opensslVerify(["-partial_chain", "-CAfile", tempFile("sample_pai.pem", samplePaiPem)], ours.pem, NOW).trim()).toMatch(/: OK$/);
    const nodeDac = new NodeX509(ours.der);
    const nodePai = new NodeX509(samplePaiPem);
    expect(nodeDac.verify(nodePai.publicKey)).toBe(true);
    expect(nodeDac.checkIssued(nodePai)).toBe(true);
    expect(nodeDac.ca).toBe(false);
    expect(nodeDac.verify(new NodeX509(paaPem).publicKey)).toBe(false); // the verifier can say no
    expect(await validateDac(ours.der, samplePai, { vendorId: VID, productId: PID, dacKey, now: NOW })).toEqual([]);
  });

  it("round-trips DER and PEM unchanged through both parsers and openssl", async () => {
    const ours = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "round-trip", validFrom: FROM });
    expect(hex(new x509.X509Certificate(ours.der).rawData)).toBe(hex(ours.der));
    expect(hex(loadCertificate(ours.pem, "DAC").rawData)).toBe(hex(ours.der));
    expect(hex(loadCertificate(Buffer.from(ours.pem), "DAC").rawData)).toBe(hex(ours.der));
    expect(hex(new NodeX509(ours.pem).raw)).toBe(hex(ours.der));
    expect(hex(Buffer.from(openssl(["x509", "-inform", "DER", "-outform", "DER"], ours.der), "latin1"))).toBe(hex(ours.der));
    expect(openssl(["x509", "-inform", "DER"], ours.der)).toBe(ours.pem);
  });

  it("sets validity: notBefore = validFrom (whole seconds), notAfter = +36500 days by default", async () => {
    const ours = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "v", validFrom: new Date("2026-03-04T05:06:07.890Z") });
    expect(ours.cert.notBefore.toISOString()).toBe("2026-03-04T05:06:07.000Z");
    expect(ours.cert.notAfter.getTime() - ours.cert.notBefore.getTime()).toBe(36500 * DAY);
    const noFrom = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "now", lifetimeDays: 30 });
    expect(noFrom.cert.notAfter.getTime() - noFrom.cert.notBefore.getTime()).toBe(30 * DAY);
    expect(noFrom.cert.notBefore.getMilliseconds()).toBe(0);
  });

  it("encodes times up to 2049 as UTCTime and from 2050 as GeneralizedTime (RFC 5280 §4.1.2.5)", async () => {
    const times = async (validFrom: string, lifetimeDays: number): Promise<string[]> => {
      const c = await issueDac({ pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "t", validFrom: new Date(validFrom), lifetimeDays });
      return [...openssl(["asn1parse", "-inform", "DER"], c.der).matchAll(/(UTCTIME|GENERALIZEDTIME)\s+:(\d+Z)/g)].map((m) => `${m[1]} ${m[2]}`);
    };
    expect(await times("2049-12-30T00:00:00Z", 1)).toEqual(["UTCTIME 491230000000Z", "UTCTIME 491231000000Z"]);
    expect(await times("2049-12-31T23:59:59Z", 1)).toEqual(["UTCTIME 491231235959Z", "GENERALIZEDTIME 20500101235959Z"]);
    expect(await times("2050-01-01T00:00:00Z", 1)).toEqual(["GENERALIZEDTIME 20500101000000Z", "GENERALIZEDTIME 20500102000000Z"]);
  });

  it("makes random positive serials of at most 159 bits", () => {
    const fixed = (fill: number[]) => {
      let i = 0;
      return (n: number) => new Uint8Array(n).fill(fill[Math.min(i++, fill.length - 1)]);
    };
    expect(hex(randomSerial(fixed([0xff])))).toBe("7f" + "ff".repeat(19));
    expect(hex(randomSerial(fixed([0x00, 0x01])))).toBe("01".repeat(20)); // all-zero → drawn again
    expect(hex(randomSerial(fixed([0x80])))).toBe("00" + "80".repeat(19)); // top bit cleared
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(hex(randomSerial()));
    expect(seen.size).toBe(50);
  });

  it("rejects bad options with a one-line error naming the field and value", async () => {
    const base = { pai: { cert: samplePai, key: samplePaiKey }, vendorId: VID, productId: PID, commonName: "x", validFrom: FROM };
    const cases: [Partial<Parameters<typeof issueDac>[0]>, string | RegExp][] = [
      [{ vendorId: 0x10000 }, "vendorId 65536: must be an integer 0..0xFFFF"],
      [{ productId: -1 }, "productId -1: must be an integer 0..0xFFFF"],
      [{ commonName: "" }, 'commonName "": must not be empty'],
      [{ commonName: "c".repeat(65) }, /^commonName "c+": longer than 64 characters$/],
      [{ lifetimeDays: 0 }, "lifetimeDays 0: must be a positive integer"],
      [{ validFrom: new Date("nope") }, "validFrom Invalid Date: not a valid date"],
      [{ lifetimeDays: 3_000_000 }, /^lifetimeDays 3000000: notAfter .* is past 9999-12-31T23:59:59Z$/],
      [{ validFrom: new Date("2021-01-01T00:00:00Z") }, /^DAC validity 2021-01-01T00:00:00Z\.\.\S+: must lie within the PAI "Matter Test PAI" validity 2021-06-28T14:23:43Z\.\.9999-12-31T23:59:59Z$/],
      [{ pai: { cert: samplePai, key: paaKeyPem } }, 'PAI private key: does not belong to the PAI "Matter Test PAI" certificate\'s public key'],
      [{ pai: { cert: "not a cert", key: samplePaiKey } }, "PAI certificate: no PEM block (-----BEGIN …-----) found"],
      [{ serial: new Uint8Array(3) }, "serial 000000: must be positive"],
      [{ serial: new Uint8Array(20).fill(0x80) }, /^serial 8080\S+: longer than 20 octets when DER-encoded$/],
    ];
    for (const [patch, message] of cases) {
      const err = await issueDac({ ...base, ...patch }).then(() => undefined, (e: unknown) => e as Error);
      expect(err, JSON.stringify(patch)).toBeInstanceOf(Error);
      expect(err!.message).not.toContain("\n");
      if (typeof message === "string") expect(err!.message).toBe(message);
      else expect(err!.message).toMatch(message);
    }
  });
});

describe("issuePai from an openssl-made PAA, and the full PAA → PAI → DAC chain", () => {
  it("the openssl PAA passes validatePaa", async () => {
    expect(await validatePaa(paaPem, { key: paaKey, now: paaNow })).toEqual([]);
  });

  it("issues a PAI with mfg_tool's fields and a DAC under it; both verifiers accept the chain", async () => {
    const pai = await issuePai({ paa: { cert: paaPem, key: paaKeyPem }, vendorId: VID, productId: PID, commonName: mfgToolPaiCommonName("Acme"), validFrom: paaFrom });
    expect(pai.cert.subject).toBe("CN=Acme PAI 00, 1.3.6.1.4.1.37244.2.1=FFF2, 1.3.6.1.4.1.37244.2.2=8001");
    const text = openssl(["x509", "-noout", "-text"], pai.pem);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(hex(pai.cert.getExtension("2.5.29.15")!.rawData)).toBe("300e0603551d0f0101ff040403020186");
    expect(hex(pai.cert.getExtension("2.5.29.19")!.rawData)).toBe("30120603551d130101ff040830060101ff020100");
    const paa = loadCertificate(paaPem, "PAA");
    expect(pai.cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(paa.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId);
    expect(hex(subjectDerOf(paa))).toBe(hex(AsnConvert.serialize(AsnConvert.parse(pai.der, Certificate).tbsCertificate.issuer)));
    expect(await validatePai(pai.der, { vendorId: VID, productId: PID, paa: paaPem, key: pai.keyPair, now: paaNow })).toEqual([]);

    const dac = await issueDac({ pai: { cert: pai.cert, key: pai.keyPair }, vendorId: VID, productId: PID, commonName: "chain-dac", validFrom: paaFrom });
    expect(await validateDac(dac.pem, pai.pem, { vendorId: VID, productId: PID, dacKey: dac.keyPair, now: paaNow })).toEqual([]);
    const paaFile = tempFile("paa.pem", paaPem);
    expect(opensslVerify(["-CAfile", paaFile, "-untrusted", tempFile("pai.pem", pai.pem)], dac.pem, paaNow).trim()).toMatch(/: OK$/);
    expect(opensslVerify(["-CAfile", paaFile], pai.pem, paaNow).trim()).toMatch(/: OK$/);
    expect(opensslVerify(["-partial_chain", "-CAfile", tempFile("pai.pem", pai.pem)], dac.pem, paaNow).trim()).toMatch(/: OK$/);
    expect(() => opensslVerify(["-CAfile", paaFile], dac.pem, paaNow)).toThrow(); // no PAI: must fail
    const [nPaa, nPai, nDac] = [new NodeX509(paaPem), new NodeX509(pai.der), new NodeX509(dac.der)];
    expect(nPai.verify(nPaa.publicKey) && nPai.checkIssued(nPaa) && nPai.ca).toBe(true);
    expect(nDac.verify(nPai.publicKey) && nDac.checkIssued(nPai)).toBe(true);
  });

  it("leaves the PID out of a vendor-wide PAI, and DACs under it still validate", async () => {
    const pai = await issuePai({ paa: { cert: paaPem, key: paaKey }, vendorId: VID, commonName: "Vendor PAI", validFrom: paaFrom, lifetimeDays: 3650 });
    expect(matterVidPid(pai.cert)).toEqual({ vendorId: VID });
    expect(await validatePai(pai.cert, { vendorId: VID, productId: PID, paa: paaPem, now: paaNow })).toEqual([]);
    const dac = await issueDac({ pai: { cert: pai.cert, key: pai.keyPair }, vendorId: VID, productId: 0x1234, commonName: "d", validFrom: paaFrom, lifetimeDays: 365 });
    expect(await validateDac(dac.cert, pai.cert, { vendorId: VID, productId: 0x1234, now: paaNow })).toEqual([]);
  });

  it("names PAIs like mfg_tool", () => {
    expect(mfgToolPaiCommonName("ESP32")).toBe("ESP32 PAI 00");
    expect(mfgToolPaiCommonName("", () => new Uint8Array([0, 0, 0, 5]))).toBe("MATTER TEST PAI 15");
    expect(mfgToolPaiCommonName(undefined)).toMatch(/^MATTER TEST PAI [1-9]\d$/);
  });
});

describe("validation rules (docs/factory-data.md §Certificates)", () => {
  it("the mfg_tool sample PAI and every sample DAC pass", async () => {
    expect(await validatePai(samplePaiPem, { vendorId: VID, productId: PID, key: samplePaiKeyPem, now: NOW })).toEqual([]);
    for (const d of sampleDevices) {
      expect(await validateDac(d.certDer, samplePaiPem, { vendorId: VID, productId: PID, dacKey: d.keyPem, now: NOW }), d.uuid).toEqual([]);
    }
  });

  interface Case {
    name: string;
    run: () => Promise<CertFinding[]>;
    rules: string[];
  }

  /** A PAI under the test PAA with every field right unless overridden. */
  async function paiCase(o: Partial<ForgeOptions> & { key?: AttestationKeyPair } = {}) {
    const key = o.key ?? (await generateP256KeyPair());
    const paa = loadCertificate(paaPem, "PAA");
    const cert = await forge({
      subject: subjectName("Forged PAI", "FFF2", "8001"),
      issuerName: subjectDerOf(paa),
      publicKey: key.publicKey,
      signingKey: paaKey.privateKey,
      notBefore: paaFrom,
      notAfter: new Date(paaFrom.getTime() + 3650 * DAY),
      extensions: [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign), await ski(key), aki(await keyIdentifier(paaKey.rawPublic))],
      ...o,
    });
    return { cert, key };
  }
  const checkPai = async (o: Partial<ForgeOptions>, opts: { vendorId?: number; productId?: number } = {}) =>
    validatePai((await paiCase(o)).cert, { vendorId: VID, productId: PID, paa: paaPem, now: paaNow, ...opts });
  const paiExt = async (exts: (key: AttestationKeyPair) => Promise<x509.Extension[]> | x509.Extension[]) => {
    const key = await generateP256KeyPair();
    return checkPai({ publicKey: key.publicKey, extensions: await exts(key) });
  };
  const paiAki = () => aki(createHash("sha1").update(paaKey.rawPublic).digest());

  /** A DAC under the sample PAI with every field right unless overridden. */
  async function dacCase(o: Partial<ForgeOptions> & { key?: AttestationKeyPair } = {}) {
    const key = o.key ?? (await generateP256KeyPair());
    const cert = await forge({
      subject: subjectName("Forged DAC", "FFF2", "8001"),
      issuerName: subjectDerOf(samplePai),
      publicKey: key.publicKey,
      signingKey: samplePaiKey.privateKey,
      notBefore: FROM,
      notAfter: new Date(FROM.getTime() + 3650 * DAY),
      extensions: [bc(false), ku(KU.digitalSignature), await ski(key), aki(samplePai.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId)],
      ...o,
    });
    return { cert, key };
  }
  const checkDac = async (o: Partial<ForgeOptions>, opts: { vendorId?: number; productId?: number } = {}) => {
    const { cert, key } = await dacCase(o);
    return validateDac(cert, samplePai, { vendorId: VID, productId: PID, dacKey: o.publicKey ? undefined : key, now: NOW, ...opts });
  };
  const dacExt = async (exts: (key: AttestationKeyPair) => Promise<x509.Extension[]> | x509.Extension[]) => {
    const key = await generateP256KeyPair();
    const { cert } = await dacCase({ key, extensions: await exts(key) });
    return validateDac(cert, samplePai, { vendorId: VID, productId: PID, dacKey: key, now: NOW });
  };
  const samplePaiSki = () => samplePai.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId;

  /** A PAA with every field right unless overridden. */
  async function checkPaa(o: Partial<ForgeOptions> = {}, key?: AttestationKeyPair) {
    const own = await generateP256KeyPair();
    const cert = await forge({
      subject: subjectName("Forged PAA", "FFF2"),
      issuerName: subjectName("Forged PAA", "FFF2"),
      publicKey: own.publicKey,
      signingKey: own.privateKey,
      notBefore: FROM,
      notAfter: new Date(FROM.getTime() + 3650 * DAY),
      extensions: [bc(true, 1), ku(KU.keyCertSign | KU.cRLSign), await ski(own)],
      ...o,
    });
    return validatePaa(cert, { key: key ?? (o.publicKey ? undefined : own), now: NOW });
  }

  const cases: Case[] = [
    // ---- PAI ----
    { name: "forged PAI baseline", run: () => checkPai({}), rules: [] },
    { name: "PAI: wrong VID", run: () => checkPai({}, { vendorId: 0xfff1 }), rules: ["pai-vid-mismatch"] },
    { name: "PAI: PID mismatch", run: () => checkPai({}, { productId: 0x8002 }), rules: ["pai-pid-mismatch"] },
    { name: "PAI: VID missing", run: () => checkPai({ subject: subjectName("p", undefined, "8001") }), rules: ["pai-vid-missing"] },
    { name: "PAI: VID lower-case", run: () => checkPai({ subject: subjectName("p", "fff2", "8001") }), rules: ["pai-vid-format"] },
    { name: "PAI: PID not hex", run: () => checkPai({ subject: subjectName("p", "FFF2", "80 1") }), rules: ["pai-pid-format"] },
    { name: "PAI: VID differs from the PAA's", run: () => checkPai({ subject: subjectName("p", "FFF1", "8001") }, { vendorId: 0xfff1 }), rules: ["pai-issuer-vid-mismatch"] },
    { name: "PAI: not a CA", run: () => paiExt(async (k) => [bc(false), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]), rules: ["pai-ca"] },
    { name: "PAI: pathLen 1", run: () => paiExt(async (k) => [bc(true, 1), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]), rules: ["pai-path-len"] },
    { name: "PAI: pathLen absent", run: () => paiExt(async (k) => [bc(true), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]), rules: ["pai-path-len"] },
    { name: "PAI: basicConstraints not critical", run: () => paiExt(async (k) => [bc(true, 0, false), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]), rules: ["pai-basic-constraints-critical"] },
    { name: "PAI: basicConstraints missing", run: () => paiExt(async (k) => [ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]), rules: ["pai-basic-constraints-missing"] },
    { name: "PAI: no cRLSign", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.keyCertSign), await ski(k), paiAki()]), rules: ["pai-key-usage-crl-sign"] },
    { name: "PAI: no keyCertSign", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.cRLSign | KU.digitalSignature), await ski(k), paiAki()]), rules: ["pai-key-usage-cert-sign"] },
    { name: "PAI: keyEncipherment", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign | KU.keyEncipherment), await ski(k), paiAki()]), rules: ["pai-key-usage-extra"] },
    { name: "PAI: keyUsage not critical", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign, false), await ski(k), paiAki()]), rules: ["pai-key-usage-critical"] },
    { name: "PAI: keyUsage missing", run: () => paiExt(async (k) => [bc(true, 0), await ski(k), paiAki()]), rules: ["pai-key-usage-missing"] },
    { name: "PAI: SKI missing", run: () => paiExt(() => [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign), paiAki()]), rules: ["pai-ski-missing"] },
    { name: "PAI: AKI missing", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign), await ski(k)]), rules: ["pai-aki-missing"] },
    { name: "PAI: AKI is not the PAA's SKI", run: () => paiExt(async (k) => [bc(true, 0), ku(KU.keyCertSign | KU.cRLSign), await ski(k), aki("00".repeat(20))]), rules: ["pai-aki-mismatch"] },
    { name: "PAI: expired", run: () => checkPai({ notAfter: new Date(paaFrom.getTime() + DAY / 2) }), rules: ["pai-expired"] },
    { name: "PAI: not yet valid", run: () => checkPai({ notBefore: new Date(paaFrom.getTime() + 2 * DAY) }), rules: ["pai-not-yet-valid"] },
    { name: "PAI: notAfter past the PAA's", run: () => checkPai({ notAfter: new Date(paaFrom.getTime() + 50000 * DAY) }), rules: ["pai-validity-not-after"] },
    { name: "PAI: notBefore before the PAA's", run: () => checkPai({ notBefore: new Date(paaFrom.getTime() - DAY) }), rules: ["pai-validity-not-before"] },
    { name: "PAI: signed with SHA-384", run: () => checkPai({ hash: "SHA-384" }), rules: ["pai-signature-algorithm"] },
    { name: "PAI: signed by another key", run: async () => checkPai({ signingKey: (await generateP256KeyPair()).privateKey }), rules: ["pai-signature"] },
    { name: "PAI: wrong curve (openssl P-384 PAI)", run: () => validatePai(p384PaiPem, { vendorId: VID, productId: PID, paa: paaPem, now: paaNow }), rules: ["pai-public-key"] },
    {
      name: "PAI: checked against another PAA",
      run: async () => validatePai((await paiCase()).cert, { vendorId: VID, productId: PID, paa: samplePai, now: paaNow }),
      rules: ["pai-aki-mismatch", "pai-issuer-name", "pai-signature"],
    },
    {
      name: "PAI: key pair mismatch",
      run: async () => validatePai((await paiCase()).cert, { vendorId: VID, productId: PID, paa: paaPem, key: paaKey, now: paaNow }),
      rules: ["pai-key-mismatch"],
    },
    {
      name: "PAI: version 1",
      run: async () => {
        const der = mutate((await paiCase()).cert.rawData, (c) => (c.tbsCertificate.version = Version.v1), paaKey.privateKey);
        return validatePai(der, { vendorId: VID, productId: PID, paa: paaPem, now: paaNow });
      },
      rules: ["pai-version"],
    },
    {
      name: "PAI: duplicate basicConstraints",
      run: async () => {
        const der = mutate((await paiCase()).cert.rawData, (c) => c.tbsCertificate.extensions!.push(AsnConvert.parse(bc(true, 5).rawData, AsnExtension)), paaKey.privateKey);
        return validatePai(der, { vendorId: VID, productId: PID, paa: paaPem, now: paaNow });
      },
      rules: ["pai-extension-duplicate"],
    },
    // ---- PAA ----
    { name: "forged PAA baseline", run: () => checkPaa(), rules: [] },
    { name: "PAA: carries a PID", run: () => checkPaa({ subject: subjectName("Forged PAA", "FFF2", "8001"), issuerName: subjectName("Forged PAA", "FFF2", "8001") }), rules: ["paa-pid-present"] },
    { name: "PAA: not self-signed (issuer differs)", run: () => checkPaa({ issuerName: subjectName("Someone else") }), rules: ["paa-self-signed"] },
    { name: "PAA: self-issued but signed by another key", run: async () => checkPaa({ signingKey: (await generateP256KeyPair()).privateKey }), rules: ["paa-signature"] },
    { name: "PAA: pathLen 2", run: async () => { const k = await generateP256KeyPair(); return checkPaa({ publicKey: k.publicKey, signingKey: k.privateKey, extensions: [bc(true, 2), ku(KU.keyCertSign | KU.cRLSign), await ski(k)] }); }, rules: ["paa-path-len"] },
    { name: "PAA: not a CA", run: async () => { const k = await generateP256KeyPair(); return checkPaa({ publicKey: k.publicKey, signingKey: k.privateKey, extensions: [bc(false), ku(KU.keyCertSign | KU.cRLSign), await ski(k)] }); }, rules: ["paa-ca"] },
    { name: "PAA: SKI missing", run: async () => { const k = await generateP256KeyPair(); return checkPaa({ publicKey: k.publicKey, signingKey: k.privateKey, extensions: [bc(true), ku(KU.keyCertSign | KU.cRLSign)] }); }, rules: ["paa-ski-missing"] },
    { name: "PAA: key pair mismatch", run: async () => checkPaa({}, await generateP256KeyPair()), rules: ["paa-key-mismatch"] },
    { name: "PAA: the sample PAI offered as a PAA", run: () => validatePaa(samplePai, { now: NOW }), rules: ["paa-aki-mismatch", "paa-path-len", "paa-pid-present", "paa-self-signed"] },
    // ---- DAC ----
    { name: "forged DAC baseline", run: () => checkDac({}), rules: [] },
    { name: "DAC: wrong VID", run: () => checkDac({}, { vendorId: 0xfff1 }), rules: ["dac-vid-mismatch"] },
    { name: "DAC: PID mismatch", run: () => checkDac({}, { productId: 0x8002 }), rules: ["dac-pid-mismatch"] },
    { name: "DAC: VID differs from the PAI's", run: () => checkDac({ subject: subjectName("d", "FFF1", "8001") }, { vendorId: 0xfff1 }), rules: ["dac-issuer-vid-mismatch"] },
    { name: "DAC: PID differs from the PAI's", run: () => checkDac({ subject: subjectName("d", "FFF2", "8002") }, { productId: 0x8002 }), rules: ["dac-issuer-pid-mismatch"] },
    { name: "DAC: PID missing", run: () => checkDac({ subject: subjectName("d", "FFF2") }), rules: ["dac-pid-missing"] },
    { name: "DAC: VID missing", run: () => checkDac({ subject: subjectName("d", undefined, "8001") }), rules: ["dac-vid-missing"] },
    { name: "DAC: signed by another key", run: async () => checkDac({ signingKey: (await generateP256KeyPair()).privateKey }), rules: ["dac-signature"] },
    {
      name: "DAC: key pair mismatch",
      run: async () => validateDac((await dacCase()).cert, samplePai, { vendorId: VID, productId: PID, dacKey: await generateP256KeyPair(), now: NOW }),
      rules: ["dac-key-mismatch"],
    },
    { name: "DAC: CA true", run: () => dacExt(async (k) => [bc(true), ku(KU.digitalSignature), await ski(k), aki(samplePaiSki())]), rules: ["dac-ca"] },
    { name: "DAC: pathLen present", run: () => dacExt(async (k) => [bc(false, 0), ku(KU.digitalSignature), await ski(k), aki(samplePaiSki())]), rules: ["dac-path-len"] },
    { name: "DAC: basicConstraints not critical", run: () => dacExt(async (k) => [bc(false, undefined, false), ku(KU.digitalSignature), await ski(k), aki(samplePaiSki())]), rules: ["dac-basic-constraints-critical"] },
    { name: "DAC: keyCertSign", run: () => dacExt(async (k) => [bc(false), ku(KU.digitalSignature | KU.keyCertSign), await ski(k), aki(samplePaiSki())]), rules: ["dac-key-usage-extra"] },
    { name: "DAC: keyAgreement only", run: () => dacExt(async (k) => [bc(false), ku(KU.keyAgreement), await ski(k), aki(samplePaiSki())]), rules: ["dac-key-usage-digital-signature", "dac-key-usage-extra"] },
    { name: "DAC: keyUsage not critical", run: () => dacExt(async (k) => [bc(false), ku(KU.digitalSignature, false), await ski(k), aki(samplePaiSki())]), rules: ["dac-key-usage-critical"] },
    { name: "DAC: keyUsage missing", run: () => dacExt(async (k) => [bc(false), await ski(k), aki(samplePaiSki())]), rules: ["dac-key-usage-missing"] },
    { name: "DAC: SKI missing", run: () => dacExt(() => [bc(false), ku(KU.digitalSignature), aki(samplePaiSki())]), rules: ["dac-ski-missing"] },
    { name: "DAC: AKI missing", run: () => dacExt(async (k) => [bc(false), ku(KU.digitalSignature), await ski(k)]), rules: ["dac-aki-missing"] },
    { name: "DAC: AKI is not the PAI's SKI", run: () => dacExt(async (k) => [bc(false), ku(KU.digitalSignature), await ski(k), aki("11".repeat(20))]), rules: ["dac-aki-mismatch"] },
    { name: "DAC: issuer name is not the PAI subject", run: () => checkDac({ issuerName: subjectName("Matter Test PAI", "FFF2", "8001").slice(0, 2) }), rules: ["dac-issuer-name"] },
    { name: "DAC: issuer name differs only in string type", run: () => checkDac({ issuerName: [{ CN: [{ printableString: "Matter Test PAI" }] }, ...subjectName("", "FFF2", "8001").slice(1)] }), rules: ["dac-issuer-name"] },
    { name: "DAC: expired", run: () => checkDac({ notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2027-01-01T00:00:00Z") }), rules: ["dac-expired"] },
    { name: "DAC: not yet valid", run: () => checkDac({ notBefore: new Date("2031-01-01T00:00:00Z"), notAfter: new Date("2032-01-01T00:00:00Z") }), rules: ["dac-not-yet-valid"] },
    { name: "DAC: starts before the PAI", run: () => checkDac({ notBefore: new Date("2020-01-01T00:00:00Z") }), rules: ["dac-validity-not-before"] },
    { name: "DAC: validity order reversed", run: () => checkDac({ notBefore: new Date("2029-06-01T00:00:00Z"), notAfter: new Date("2029-01-01T00:00:00Z") }), rules: ["dac-expired", "dac-validity-order"] },
    { name: "DAC: signed with SHA-384", run: () => checkDac({ hash: "SHA-384" }), rules: ["dac-signature-algorithm"] },
    {
      name: "DAC: wrong curve (P-384 key)",
      run: async () => {
        const p384 = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
        const raw = new Uint8Array(await webcrypto.subtle.exportKey("raw", p384.publicKey));
        return checkDac({ publicKey: p384.publicKey, extensions: [bc(false), ku(KU.digitalSignature), await ski({ rawPublic: raw }), aki(samplePaiSki())] });
      },
      rules: ["dac-public-key"],
    },
    {
      name: "DAC: version 1",
      run: async () => {
        const { cert, key } = await dacCase();
        const der = mutate(cert.rawData, (c) => (c.tbsCertificate.version = Version.v1), samplePaiKey.privateKey);
        return validateDac(der, samplePai, { vendorId: VID, productId: PID, dacKey: key, now: NOW });
      },
      rules: ["dac-version"],
    },
    {
      name: "DAC: tbsCertificate.signature differs from signatureAlgorithm",
      run: async () => {
        const { cert, key } = await dacCase();
        const der = mutate(cert.rawData, (c) => (c.tbsCertificate.signature.algorithm = "1.2.840.10045.4.3.3"), samplePaiKey.privateKey);
        return validateDac(der, samplePai, { vendorId: VID, productId: PID, dacKey: key, now: NOW });
      },
      rules: ["dac-signature-algorithm"],
    },
    {
      name: "DAC: issued by a PAI that is not a CA",
      run: async () => {
        const k = await generateP256KeyPair();
        const { cert: nonCaPai, key } = await paiCase({ key: k, publicKey: k.publicKey, extensions: [bc(false), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()] });
        const dac = await issueDac({ pai: { cert: nonCaPai, key }, vendorId: VID, productId: PID, commonName: "d", validFrom: paaFrom, lifetimeDays: 30 });
        return validateDac(dac.cert, nonCaPai, { vendorId: VID, productId: PID, dacKey: dac.keyPair, now: paaNow });
      },
      rules: ["dac-issuer-ca"],
    },
  ];

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const findings = await c.run();
    expect(rulesOf(findings), JSON.stringify(findings, null, 1)).toEqual([...c.rules].sort());
    for (const f of findings) {
      expect(f.message).not.toContain("\n");
      expect(f.message).toMatch(/^(PAA|PAI|DAC) /);
      expect(ruleOf(f).slice(0, 3).toUpperCase()).toBe(f.message.slice(0, 3));
      expect(f.id).toMatch(/^(paa|pai|dac)\.(paa|pai|dac)-[a-z0-9-]+$/);
      expect(f.id.slice(0, 3)).toBe(f.check);
    }
  });

  it("gives each failure its own one-line message naming certificate, field, value and rule", async () => {
    const findings = await checkPai({}, { vendorId: 0xfff1, productId: 0x8002 });
    expect(findings.map((f) => f.message)).toEqual([
      'PAI "Forged PAI" subject 1.3.6.1.4.1.37244.2.1 (VendorID) = FFF2: must equal the vendor ID FFF1',
      'PAI "Forged PAI" subject 1.3.6.1.4.1.37244.2.2 (ProductID) = 8001: must equal the product ID 8002',
    ]);
    const pathLen = await paiExt(async (k) => [bc(true, 1), ku(KU.keyCertSign | KU.cRLSign), await ski(k), paiAki()]);
    expect(pathLen[0].message).toBe('PAI "Forged PAI" basicConstraints.pathLenConstraint = 1: must be 0');
    const curve = await validatePai(p384PaiPem, { vendorId: VID, now: paaNow });
    expect(curve[0].message).toBe('PAI "P384 PAI" subjectPublicKeyInfo = EC P-384 (secp384r1) (1.3.132.0.34): must be an EC key on P-256 (prime256v1)');
  });

  it("throws (instead of finding) when the input is not a certificate at all", async () => {
    await expect(validatePai("garbage", { vendorId: VID })).rejects.toThrow("PAI certificate: no PEM block (-----BEGIN …-----) found");
    await expect(validateDac(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]), samplePai, { vendorId: VID, productId: PID })).rejects.toThrow(/^DAC certificate: not a DER X\.509 certificate \(/);
  });
});

// Differential against the real tool when its venv exists (.venv/mfg from test/py/requirements-mfg.txt).
describe.skipIf(!existsSync(MFG_TOOL))("esp-matter-mfg-tool --paa output", () => {
  it("its PAI and DACs pass our validators and match our PAI extension by extension", async () => {
    const out = join(tmp, "mfg-out");
    const validFrom = paaFrom.toISOString().slice(0, 19); // the tool's parser wants YYYY-MM-DDTHH:MM:SS
    execFileSync(MFG_TOOL, ["-n", "2", "-v", "0xFFF2", "-p", "0x8001", "--paa", "-c", join(tmp, "paa.pem"), "-k", join(tmp, "paa_key.pem"),
      "-cn", "Acme", "--valid-from", validFrom, "--lifetime", "36500", "--outdir", out, "--no-bin"], { stdio: "pipe" });
    const base = join(out, "fff2_8001");
    const theirPai = readText(join(base, "staging/pai_cert.pem"));
    const theirPaiKey = await loadPrivateKeyPem(readText(join(base, "staging/pai_key.pem")));
    expect(await validatePai(theirPai, { vendorId: VID, productId: PID, paa: paaPem, key: theirPaiKey, now: paaNow })).toEqual([]);

    const ours = await issuePai({ paa: { cert: paaPem, key: paaKey }, vendorId: VID, productId: PID, commonName: "Acme PAI 00", validFrom: paaFrom, keyPair: theirPaiKey, serial: Buffer.from(loadCertificate(theirPai, "PAI").serialNumber, "hex") });
    expect(tbsOf(ours.der)).toBe(tbsOf(loadCertificate(theirPai, "PAI").rawData));

    const devices = readdirSync(base).filter((d) => /^[0-9a-f]{8}-/.test(d));
    expect(devices.length).toBe(2);
    for (const uuid of devices) {
      const dir = join(base, uuid, "internal");
      const dacDer = read(join(dir, "DAC_cert.der"));
      expect(await validateDac(dacDer, theirPai, { vendorId: VID, productId: PID, dacKey: readText(join(dir, "DAC_key.pem")), now: paaNow })).toEqual([]);
      const dacKey = await loadPrivateKeyPem(readText(join(dir, "DAC_key.pem")));
      const theirDac = loadCertificate(dacDer, "DAC");
      const ourDac = await issueDac({ pai: { cert: theirPai, key: theirPaiKey }, vendorId: VID, productId: PID, commonName: uuid, validFrom: paaFrom, keyPair: dacKey, serial: Buffer.from(theirDac.serialNumber, "hex") });
      expect(tbsOf(ourDac.der)).toBe(tbsOf(dacDer));
      const files = dacKeyFiles(dacKey);
      expect(hex(files.sec1Der)).toBe(hex(read(join(dir, "DAC_key.der"))));
      expect(hex(files.rawPrivate)).toBe(hex(read(join(dir, "DAC_private_key.bin"))));
      expect(hex(files.rawPublic)).toBe(hex(read(join(dir, "DAC_public_key.bin"))));
    }
  });
});
