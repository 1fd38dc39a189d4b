// The firmware with attestationSource "esp_secure_cert" (a pre-provisioned module) on the simulated board
// (host-tools/simulate; XS 13.3 from npm @agoric/xsnap): DAC, PAI and the signing key come from an
// esp_secure_cert partition image, the CD from the factory image. Checked independently of the code under
// test: certificates issued here under the test PAI; SEC1 DER keys made by node:crypto; the HMAC-derived
// key computed with node:crypto's PBKDF2 as esp_secure_cert_mgr documents it (docs/secure-cert-device.md);
// every signature verified by node:crypto against the DAC. Bad partitions: one error line with a stable
// id, and the device does not advertise. Seeded: MF_SEED=<n> replays a run.
//
// esp-secure-cert-tool 2.6.1 has no option that derives the HMAC key pair (it only writes the layout:
// empty PRIV_KEY with flags 0x40 and the salt), so the expected key pair is computed from the documented
// algorithm. Where the development workspace's vectors exist beside the checkout, the image
// esp-secure-cert-tool's library made for the HMAC-derived layout is booted too (skipped otherwise).

import { createECDH, createHash, createPrivateKey, pbkdf2Sync, verify, X509Certificate } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../modules/bytes/hex.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataToRows, type FactoryData } from "../modules/factory/factory-data.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { SecureCertType, TlvFlag } from "../modules/secure-cert/format.js";
import { hmacDerivedEntries, plainKeyEntries } from "../modules/secure-cert/matter.js";
import { writeSecureCert, type SecureCertEntryInput } from "../modules/secure-cert/writer.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { issueDac, loadRawPrivateKey } from "../host-tools/certs/index.js";
import { simulateDevice, type BootOptions, type JsonResult, type SimulationReport } from "../host-tools/simulate/run.js";
import { CD_FILE, PAI_CERT, PAI_KEY, SHARED_VECTORS } from "./support/fixtures.js";
import { reportSkip } from "./support/sdks.js";

const SEED = Number(process.env.MF_SEED ?? "8008");
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;
const VID = 0xfff2;
const PID = 0x8001;

// ---- independent material ----------------------------------------------------------------------

function seeded(label: string, n = 32): Buffer {
  return createHash("sha256").update(`${SEED}/${label}`).digest().subarray(0, n);
}

/** A valid P-256 scalar from a label (retries the hash in the ~2^-32 case it is ≥ n). */
function scalar(label: string): Buffer {
  for (let i = 0; ; i++) {
    const d = seeded(`${label}/${i}`);
    try {
      createECDH("prime256v1").setPrivateKey(d);
      return d;
    } catch {
      continue;
    }
  }
}

function publicPoint(d: Uint8Array): Buffer {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  return ecdh.getPublicKey(null, "uncompressed");
}

/** SEC1 ECPrivateKey DER with parameters and public key, as node:crypto (OpenSSL) writes it: 121 bytes. */
function sec1Der(d: Uint8Array): Uint8Array {
  const pub = publicPoint(d);
  const jwk = { kty: "EC", crv: "P-256", d: Buffer.from(d).toString("base64url"), x: pub.subarray(1, 33).toString("base64url"), y: pub.subarray(33).toString("base64url") };
  return new Uint8Array(createPrivateKey({ key: jwk, format: "jwk" }).export({ type: "sec1", format: "der" }));
}

/** esp_secure_cert_mgr's HMAC-derived key: PBKDF2-HMAC-SHA256(eFuse key, salt, 2048, 32) as a big-endian scalar. */
function hmacDerivedScalar(efuseKey: Uint8Array, salt: Uint8Array): Buffer {
  return pbkdf2Sync(efuseKey, salt, 2048, 32, "sha256");
}

async function dacFor(d: Uint8Array, commonName: string): Promise<Uint8Array> {
  const keyPair = await loadRawPrivateKey(d, "test DAC key");
  const pai = { cert: readFileSync(PAI_CERT, "utf8"), key: readFileSync(PAI_KEY, "utf8") };
  return (await issueDac({ pai, vendorId: VID, productId: PID, commonName, keyPair, validFrom: new Date("2026-01-01T00:00:00Z") })).der;
}

/** The chip-factory image of a pre-provisioned module: no dac-cert, dac-key, dac-pub-key, pai-cert. */
function preProvisionedFactoryData(): FactoryData {
  const data = exampleFactoryData();
  delete data.dacCert;
  delete data.dacKey;
  delete data.dacPublicKey;
  delete data.paiCert;
  data.certDeclaration = new Uint8Array(readFileSync(CD_FILE));
  return data;
}

function factoryImage(data: FactoryData): Uint8Array {
  return writeNvsImage(factoryDataToRows(data), { size: 0x6000 });
}

function verifyWithDac(dac: Uint8Array, messageHex: string, signatureHex: string): boolean {
  const key = new X509Certificate(Buffer.from(dac)).publicKey;
  return verify("sha256", Buffer.from(messageHex, "hex"), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signatureHex, "hex"));
}

function okValue(r: JsonResult | undefined, what: string): unknown {
  expect(r, what).toBeDefined();
  expect(r!.status, `${what}: ${r!.status === "ok" ? "" : (r as { message: string }).message}`).toBe("ok");
  return (r as { value: unknown }).value;
}

async function boot(options: Omit<BootOptions, "image"> & { image?: Uint8Array }): Promise<SimulationReport> {
  return simulateDevice({
    image: options.image ?? factoryImage(preProvisionedFactoryData()),
    seconds: 2,
    random: seededRandom(`${SEED}/address`),
    ...options,
  });
}

function attestation(r: SimulationReport): Record<string, JsonResult> {
  return r.deviceAttestationCredentials as Record<string, JsonResult>;
}

function signatureOf(r: SimulationReport): { message: string; signature: JsonResult } {
  return r.deviceAttestationCredentials!.signWithDeviceAttestationKey as { message: string; signature: JsonResult };
}

// ---- the material shared by the cases ------------------------------------------------------------

let pai: Uint8Array;
let plainD: Buffer;
let plainDac: Uint8Array;
let plainImage: Uint8Array;
let efuseKey: Buffer;
let salt: Buffer;
let derivedD: Buffer;
let hmacDac: Uint8Array;
let hmacImage: Uint8Array;

beforeAll(async () => {
  pai = new Uint8Array(new X509Certificate(readFileSync(PAI_CERT)).raw);
  plainD = scalar("plain DAC key");
  plainDac = await dacFor(plainD, "secure-cert plaintext key");
  plainImage = writeSecureCert(plainKeyEntries({ dac: plainDac, pai, privateKeyDer: sec1Der(plainD) }));
  efuseKey = seeded("eFuse HMAC_UP key");
  for (let i = 0; ; i++) {
    salt = seeded(`hmac salt/${i}`);
    derivedD = hmacDerivedScalar(efuseKey, salt);
    try {
      publicPoint(derivedD);
      break;
    } catch {
      continue; // d ≥ n: the on-chip provisioning would pick another salt too
    }
  }
  hmacDac = await dacFor(derivedD, "secure-cert hmac-derived key");
  hmacImage = writeSecureCert(hmacDerivedEntries({ dac: hmacDac, pai, salt }));
}, 60_000);

describe("plaintext key from esp_secure_cert", () => {
  let r: SimulationReport;
  beforeAll(async () => {
    r = await boot({ secureCert: plainImage });
  }, 60_000);

  it("DAC, PAI and the public key come from the partition, the CD from chip-factory", () => {
    expect(r.error, tag(r.boots[0].console.join("\n"))).toBeUndefined();
    const a = attestation(r);
    expect(okValue(a.deviceAttestationCert, "DAC")).toBe(toHex(plainDac));
    expect(okValue(a.productAttestationIntermediateCert, "PAI")).toBe(toHex(pai));
    expect(okValue(a.dacPublicKey, "public key")).toBe(publicPoint(plainD).toString("hex"));
    expect(okValue(a.certificationDeclaration, "CD")).toBe(readFileSync(CD_FILE).toString("hex"));
  });

  it("the signature verifies against the DAC with node:crypto", () => {
    const s = signatureOf(r);
    expect(verifyWithDac(plainDac, s.message, okValue(s.signature, "signature") as string), tag("plaintext signature")).toBe(true);
  });

  it("the device advertises and says where attestation comes from; no chip-factory DAC key is reported missing", () => {
    const console = r.boots[0].console.join("\n");
    expect(r.boots[0].advertisingData).not.toBeNull();
    expect(console).toMatch(/attestation source: partition "esp_secure_cert": DAC \d+ bytes, PAI \d+ bytes, plaintext key/);
    expect(console).not.toMatch(/missing \(needed to commission\).*(dac-cert|pai-cert|dac-pub-key)/);
  });

  it("the partition wins over DAC material a chip-factory image still carries (the example stand-ins)", async () => {
    const withDac = await boot({ secureCert: plainImage, image: factoryImage(exampleFactoryData()) });
    expect(okValue(attestation(withDac).deviceAttestationCert, "DAC")).toBe(toHex(plainDac));
    expect(verifyWithDac(plainDac, signatureOf(withDac).message, okValue(signatureOf(withDac).signature, "signature") as string)).toBe(true);
  }, 60_000);

  it("the default build (chip-factory) ignores the partition", async () => {
    const chip = await boot({ secureCert: plainImage, image: factoryImage(exampleFactoryData()), config: { attestationSource: "chip-factory" } });
    expect(okValue(attestation(chip).deviceAttestationCert, "DAC")).toBe(toHex(exampleFactoryData().dacCert!));
  }, 60_000);
});

describe("HMAC-derived key (simulated eFuse HMAC_UP key)", () => {
  let r: SimulationReport;
  beforeAll(async () => {
    r = await boot({ secureCert: hmacImage, efuseHmacKey: efuseKey });
  }, 60_000);

  it("the key pair derived from the eFuse key and salt is the DAC's (PBKDF2-HMAC-SHA256, 2048, 32 by node:crypto)", () => {
    expect(r.error, tag(r.boots[0].console.join("\n"))).toBeUndefined();
    const expected = publicPoint(derivedD).toString("hex");
    expect(okValue(attestation(r).dacPublicKey, "public key")).toBe(expected);
    expect(Buffer.from(new X509Certificate(Buffer.from(hmacDac)).publicKey.export({ format: "jwk" }).x!, "base64url").toString("hex")).toBe(expected.slice(2, 66));
    expect(r.boots[0].console.join("\n")).toMatch(/HMAC-derived key/);
  });

  it("the signature verifies against the DAC with node:crypto", () => {
    const s = signatureOf(r);
    expect(verifyWithDac(hmacDac, s.message, okValue(s.signature, "signature") as string), tag("hmac signature")).toBe(true);
  });

  const vector = SHARED_VECTORS && join(SHARED_VECTORS, "secure-cert/sct-3-tlv-hmac-derived-ecdsa");
  const sctImage = vector && existsSync(vector) ? readdirImage(vector) : undefined;
  if (!sctImage) reportSkip("esp-secure-cert-tool 2.6.1's HMAC-derived image on the simulated device", "only in the development workspace (vectors beside the checkout)");
  it.runIf(sctImage)("esp-secure-cert-tool 2.6.1's HMAC-derived image + its eFuse key file: the derived key pair is its DAC's", async () => {
    const inputs = join(vector!, "../inputs");
    const dac = new Uint8Array(readFileSync(join(inputs, "dac_hmac.der")));
    const sct = await boot({ secureCert: sctImage!, efuseHmacKey: readFileSync(join(inputs, "hmac_key.bin")) });
    expect(sct.error, sct.boots[0].console.join("\n")).toBeUndefined();
    expect(okValue(attestation(sct).deviceAttestationCert, "DAC")).toBe(toHex(dac));
    const s = signatureOf(sct);
    expect(verifyWithDac(dac, s.message, okValue(s.signature, "signature") as string)).toBe(true);
  }, 60_000);
});

function readdirImage(dir: string): Uint8Array | undefined {
  const file = join(dir, "esp_secure_cert_hmac_ecdsa.bin");
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
}

// ---- a bad partition: one error line with a stable id, no advertising ----------------------------

function corrupt(image: Uint8Array, type: number): Uint8Array {
  const out = image.slice();
  for (let at = 0; at + 12 <= out.length; ) {
    const length = out[at + 10] | (out[at + 11] << 8);
    if (out[at + 8] === type) {
      out[at + 12] ^= 0x01; // first payload byte: the CRC no longer matches
      return out;
    }
    at += 16 + length + ((16 - (length % 16)) % 16);
  }
  throw new Error(`no entry of type ${type}`);
}

interface BadCase {
  name: string;
  id: string;
  options: () => Promise<Omit<BootOptions, "image">>;
}

const BAD: BadCase[] = [
  { name: "configured for esp_secure_cert, no such partition", id: "secure-cert.partition-missing", options: async () => ({ config: { attestationSource: "esp_secure_cert" } }) },
  { name: "erased partition", id: "secure-cert.no-entries", options: async () => ({ secureCert: new Uint8Array(0x2000).fill(0xff) }) },
  { name: "not the TLV format (zeros)", id: "secure-cert.no-entries", options: async () => ({ secureCert: new Uint8Array(64) }) },
  { name: "DEV_CERT with a bad CRC", id: "secure-cert.dac-missing", options: async () => ({ secureCert: corrupt(plainImage, SecureCertType.DEV_CERT) }) },
  { name: "CA_CERT with a bad CRC", id: "secure-cert.pai-missing", options: async () => ({ secureCert: corrupt(plainImage, SecureCertType.CA_CERT) }) },
  { name: "PRIV_KEY with a bad CRC", id: "secure-cert.key-missing", options: async () => ({ secureCert: corrupt(plainImage, SecureCertType.PRIV_KEY) }) },
  {
    name: "no PAI entry",
    id: "secure-cert.pai-missing",
    options: async () => ({ secureCert: writeSecureCert(plainKeyEntries({ dac: plainDac, pai, privateKeyDer: sec1Der(plainD) }).filter((e) => e.type !== SecureCertType.CA_CERT)) }),
  },
  {
    name: "plaintext key of another key pair than the DAC's",
    id: "secure-cert.key-mismatch",
    options: async () => ({ secureCert: writeSecureCert(plainKeyEntries({ dac: plainDac, pai, privateKeyDer: sec1Der(scalar("other key")) })) }),
  },
  {
    name: "PEM key text + NUL (esp-secure-cert-tool given a PEM file)",
    id: "secure-cert.key-format",
    options: async () => {
      const pem = createPrivateKey({ key: Buffer.from(sec1Der(plainD)), format: "der", type: "sec1" }).export({ type: "sec1", format: "pem" }) as string;
      const entries: SecureCertEntryInput[] = [
        { type: SecureCertType.DEV_CERT, value: plainDac },
        { type: SecureCertType.CA_CERT, value: pai },
        { type: SecureCertType.PRIV_KEY, value: new Uint8Array([...Buffer.from(pem), 0]) },
      ];
      return { secureCert: writeSecureCert(entries) };
    },
  },
  {
    name: "ECDSA-peripheral key (flags 0x08; the C3 has no such peripheral)",
    id: "secure-cert.key-unsupported",
    options: async () => ({
      secureCert: writeSecureCert([
        { type: SecureCertType.DEV_CERT, value: plainDac },
        { type: SecureCertType.CA_CERT, value: pai },
        { type: SecureCertType.PRIV_KEY, flags: TlvFlag.KEY_ECDSA_PERIPHERAL, value: sec1Der(plainD) },
      ]),
    }),
  },
  {
    name: "DAC longer than the provider's 600-byte buffer",
    id: "secure-cert.dac-too-long",
    options: async () => ({ secureCert: writeSecureCert(plainKeyEntries({ dac: new Uint8Array(601).fill(0x30), pai, privateKeyDer: sec1Der(plainD) })) }),
  },
  { name: "HMAC-derived key, no eFuse HMAC_UP key", id: "secure-cert.efuse-key-missing", options: async () => ({ secureCert: hmacImage }) },
  { name: "HMAC-derived key, another eFuse key", id: "secure-cert.key-mismatch", options: async () => ({ secureCert: hmacImage, efuseHmacKey: seeded("another eFuse key") }) },
  {
    name: "HMAC-derived key without its salt entry",
    id: "secure-cert.salt-missing",
    options: async () => ({ secureCert: writeSecureCert(hmacDerivedEntries({ dac: hmacDac, pai, salt }).filter((e) => e.type !== SecureCertType.HMAC_ECDSA_KEY_SALT)), efuseHmacKey: efuseKey }),
  },
];

describe("a missing or corrupt esp_secure_cert partition: one error line with a stable id, no advertising", () => {
  it.each(BAD.map((b) => [b.name, b] as const))("%s", async (_name, bad) => {
    const r = await boot(await bad.options());
    const errors = r.boots[0].console.filter((l) => l.startsWith("ERROR "));
    expect(errors, tag(r.boots[0].console.join("\n"))).toHaveLength(1);
    expect(r.errorId, tag(r.error ?? "no error")).toBe(bad.id);
    expect(r.error).toContain(bad.id); // the line names it too
    expect(r.boots[0].advertisingData).toBeNull();
    expect(r.boots[0].events.filter((e) => e.op === "start")).toEqual([]);
  }, 60_000);
});

// ---- the ids: the C code, its simulation and the documentation name the same set ----------------

describe("stable error ids", () => {
  const ROOT = join(import.meta.dirname, "..");
  /** Ids in a source; a certificate template ("%s" in C, "${id}" in TS) stands for both certificates. */
  function ids(file: string): Set<string> {
    const text = readFileSync(join(ROOT, file), "utf8");
    const out = new Set<string>();
    for (const m of text.matchAll(/secure-cert\.((?:%s|\$\{id\}|[a-z])[a-z-]*)/g)) {
      if (/^(md|ts)$/.test(m[1])) continue; // file names in prose
      for (const cert of ["dac", "pai"]) out.add(`secure-cert.${m[1].replace(/%s|\$\{id\}/, cert)}`);
    }
    return out;
  }
  const sorted = (s: Set<string>) => [...s].sort();

  it("native/secure_cert.c and its simulation throw the same ids (signing cannot fail in the simulation)", () => {
    const c = ids("native/secure_cert.c");
    c.delete("secure-cert.sign-failed");
    expect(sorted(ids("host-tools/simulate/sim/secure-cert.ts"))).toEqual(sorted(c));
  });

  it("docs/secure-cert-device.md lists every id the firmware gives, and no other", () => {
    const all = new Set([...ids("native/secure_cert.c"), ...ids("device/providers/attestation-secure-cert.ts")]);
    const table = readFileSync(join(ROOT, "docs/secure-cert-device.md"), "utf8").split("## At boot")[1].split("\n## ")[0];
    const documented = new Set([...table.matchAll(/`(secure-cert\.[a-z-]+)`/g)].map((m) => m[1]));
    expect(sorted(documented)).toEqual(sorted(all));
  });
});
