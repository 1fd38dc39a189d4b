// Builds .fixtures/ (see fixtures.ts): the NVS golden images with ESP-IDF's generator, a test PKI and CD
// made here, and a 3-device batch made by esp-matter-mfg-tool from them. Runs once per checkout; a stamp
// (hash of this file, the Python script and the pinned requirements) makes a changed recipe or a bumped
// tool rebuild it. Only command-line flags that esp-matter-mfg-tool 1.0.23 and 1.0.29 share are used.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dacKeyFiles, issueDac, loadRawPrivateKey, pemEncode, x509, OID_MATTER_PID, OID_MATTER_VID, type AttestationKeyPair } from "../../host-tools/certs/index.js";
import { encodeCertificationDeclaration } from "../../host-tools/inspect/cd.js";
import {
  CD_FILE, CD_SIGNER_CERT, FIXTURES, MFG_INPUTS, MFG_SAMPLE, NVS_VECTORS, PAA_CERT, PAI_CERT, PAI_KEY, REPO, SUPPLIED_DAC,
  SUPPLIED_DAC_UUID,
} from "./fixtures.js";

const RECIPE = [
  "test/support/build-fixtures.ts", "test/support/fixtures.ts", "test/py/make_nvs_vectors.py",
  "test/py/requirements-nvs.txt", "test/py/requirements-mfg.txt",
];
const VID = 0xfff2;
const PID = 0x8001;
const OID_CN = "2.5.4.3";

function recipeHash(): string {
  const h = createHash("sha256");
  for (const f of RECIPE) h.update(f).update(readFileSync(join(REPO, f)));
  return h.digest("hex");
}

/** Makes .fixtures/ unless its stamp is current; returns what it did, for the setup log. */
export async function ensureFixtures(): Promise<string> {
  const want = recipeHash();
  const stamp = join(FIXTURES, ".stamp");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return "fixtures up to date";
  for (const tool of [".venv/nvs/bin/python", ".venv/mfg/bin/esp-matter-mfg-tool"]) {
    if (!existsSync(join(REPO, tool))) throw new Error(`${tool} is missing: run npm ci (scripts/setup.mjs installs the pinned reference tools)`);
  }
  const started = Date.now();
  rmSync(FIXTURES, { recursive: true, force: true });
  mkdirSync(MFG_INPUTS, { recursive: true });
  execFileSync(join(REPO, ".venv/nvs/bin/python"), [join(REPO, "test/py/make_nvs_vectors.py"), NVS_VECTORS], { stdio: "pipe" });
  await writePki();
  mfgBatch();
  writeFileSync(stamp, want);
  return `fixtures made in ${((Date.now() - started) / 1000).toFixed(1)} s`;
}

/** A fixed key from a label, so the PKI has the same keys on every build (signatures still vary). */
const seededKey = (label: string): Promise<AttestationKeyPair> =>
  loadRawPrivateKey(createHash("sha256").update(`matter-factory fixture ${label}`).digest());

async function selfSigned(rdns: x509.JsonNameParams, key: AttestationKeyPair, ca: boolean): Promise<x509.X509Certificate> {
  const ski = await x509.SubjectKeyIdentifierExtension.create(key.publicKey);
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01", name: new x509.Name(rdns),
    notBefore: new Date("2021-06-28T14:23:43Z"), notAfter: new Date("9999-12-31T23:59:59Z"),
    keys: { privateKey: key.privateKey, publicKey: key.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: ca
      ? [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ski, new x509.AuthorityKeyIdentifierExtension(ski.keyId)]
      : [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), ski],
  });
}

/**
 * The PAI, valid 2021-06-28T14:23:43Z..9999-12-31T23:59:59Z like connectedhomeip's test PAIs: issuePai's
 * day-granular lifetime cannot end on the last X.509 second, so this one is signed here, with the same
 * subject and extensions issuePai writes (host-tools/certs/issue.ts).
 */
async function testPai(paa: x509.X509Certificate, paaKey: AttestationKeyPair): Promise<{ cert: x509.X509Certificate; der: Uint8Array; pem: string; keyPair: AttestationKeyPair }> {
  const keyPair = await seededKey("PAI");
  const ski = await x509.SubjectKeyIdentifierExtension.create(keyPair.publicKey);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: "5c8f7a2b", issuer: paa.subjectName,
    subject: new x509.Name([{ [OID_CN]: [{ utf8String: "Matter Test PAI" }] }, { [OID_MATTER_VID]: [{ utf8String: "FFF2" }] }, { [OID_MATTER_PID]: [{ utf8String: "8001" }] }]),
    notBefore: new Date("2021-06-28T14:23:43Z"), notAfter: new Date("9999-12-31T23:59:59Z"),
    publicKey: keyPair.publicKey, signingKey: paaKey.privateKey, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski, new x509.AuthorityKeyIdentifierExtension(paa.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId, false),
    ],
  });
  const der = new Uint8Array(cert.rawData);
  return { cert, der, pem: pemEncode("CERTIFICATE", der), keyPair };
}

/** PAA → PAI (CN "Matter Test PAI", like connectedhomeip's test PAI) → one DAC with a fixed key; a CD and its signer. */
async function writePki(): Promise<void> {
  const paaKey = await seededKey("PAA");
  const paa = await selfSigned([{ [OID_CN]: [{ utf8String: "Matter Test PAA" }] }, { [OID_MATTER_VID]: [{ utf8String: "FFF2" }] }], paaKey, true);
  writeFileSync(PAA_CERT, paa.toString("pem") + "\n");
  const pai = await testPai(paa, paaKey);
  writeFileSync(PAI_CERT, pai.pem);
  // SEC1 "EC PRIVATE KEY", the form connectedhomeip's test PAI keys are in.
  writeFileSync(PAI_KEY, pemEncode("EC PRIVATE KEY", dacKeyFiles(pai.keyPair).sec1Der), { mode: 0o600 });

  const dac = await issueDac({ pai: { cert: pai.cert, key: pai.keyPair }, vendorId: VID, productId: PID, commonName: SUPPLIED_DAC_UUID, validFrom: new Date("2026-01-01T00:00:00Z"), keyPair: await seededKey("DAC") });
  const files = dacKeyFiles(dac.keyPair);
  mkdirSync(SUPPLIED_DAC, { recursive: true });
  writeFileSync(join(SUPPLIED_DAC, "DAC_cert.pem"), dac.pem);
  writeFileSync(join(SUPPLIED_DAC, "DAC_cert.der"), dac.der);
  writeFileSync(join(SUPPLIED_DAC, "DAC_key.pem"), files.pkcs8Pem);
  writeFileSync(join(SUPPLIED_DAC, "DAC_key.der"), files.sec1Der);
  writeFileSync(join(SUPPLIED_DAC, "DAC_private_key.bin"), files.rawPrivate);
  writeFileSync(join(SUPPLIED_DAC, "DAC_public_key.bin"), files.rawPublic);
  writeFileSync(join(SUPPLIED_DAC, "PAI_cert.der"), pai.der);

  const signerKey = await seededKey("CD signer");
  writeFileSync(CD_SIGNER_CERT, (await selfSigned([{ [OID_CN]: [{ utf8String: "matter-factory test CD signer" }] }], signerKey, false)).toString("pem") + "\n");
  const cd = await encodeCertificationDeclaration({
    // The field values of connectedhomeip's test CD for FFF2/8001 (credentials/test/certification-declaration).
    vendorId: VID, productIds: [PID], deviceTypeId: 0x1234, certificateId: "ZIG20141ZB330001-24",
    securityLevel: 0, securityInformation: 0, versionNumber: 0x9876, certificationType: 0,
  }, signerKey);
  writeFileSync(CD_FILE, cd);
}

/** The batch the README of the reference sample describes, run from inputs/ so cert-dclrn is a bare name. */
function mfgBatch(): void {
  const tmp = join(FIXTURES, "mfg-run");
  const name = (p: string) => p.slice(MFG_INPUTS.length + 1);
  execFileSync(join(REPO, ".venv/mfg/bin/esp-matter-mfg-tool"), [
    "-n", "3", "-v", "0xFFF2", "-p", "0x8001", "--vendor-name", "ESP", "--product-name", "light", "--hw-ver", "1",
    "--hw-ver-str", "v1.0", "--mfg-date", "20240101", "--pai", "-c", name(PAI_CERT), "-k", name(PAI_KEY), "-cd", name(CD_FILE),
    "--enable-rotating-device-id", "--outdir", tmp,
  ], { cwd: MFG_INPUTS, stdio: "pipe" });
  // As in a published sample: the run's absolute output path inside the CSVs becomes `<outdir>`.
  for (const file of walk(tmp)) {
    if (!file.endsWith(".csv")) continue;
    const text = readFileSync(file, "utf8");
    if (text.includes(tmp)) writeFileSync(file, text.split(tmp).join("<outdir>"));
  }
  renameSync(join(tmp, "fff2_8001"), join(MFG_SAMPLE, "fff2_8001"));
  rmSync(tmp, { recursive: true, force: true });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}


