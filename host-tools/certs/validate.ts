// Attestation certificate checks mfg_tool applies to its inputs (docs/factory-data.md §Certificates), each
// failure reported as its own finding instead of the tool's stop-at-first-error.

import { x509, loadCertificate, type CertInput } from "./x509.js";
import { keyPairMatches, loadPrivateKeyPem, type AttestationKeyPair } from "./keys.js";
import { certFacts, oidName, OID_ECDSA_WITH_SHA256, OID_SECP256R1, type CertFacts } from "./facts.js";
import { parseMatterIdText, OID_MATTER_PID, OID_MATTER_VID } from "./matter-dn.js";
import { bytesEqual } from "../../modules/bytes/bytes.js";
import { toHex } from "../../modules/bytes/hex.js";
import { type Finding, makeFinding } from "../../modules/errors/finding.js";

/**
 * A certificate finding: check = the role ("paa", "pai", "dac"), rule "<role>-<check>", so the id is
 * e.g. "pai.pai-path-len"; severity always "error"; the message names the certificate, the field,
 * its value and the rule.
 */
export type CertFinding = Finding;

type Role = "paa" | "pai" | "dac";
type Key = AttestationKeyPair | string;

export interface PaaValidationOptions {
  /** PAA private key: checked to belong to the certificate (sign/verify). */
  key?: Key;
  /** Time for the expired / not-yet-valid checks; default now. */
  now?: Date;
}

export interface PaiValidationOptions {
  /** The VID the batch is made for (mfg_tool -v): the PAI must carry it. */
  vendorId: number;
  /** The PID (mfg_tool -p): when the PAI carries a PID it must equal this. */
  productId?: number;
  /** The PAA the PAI should chain to. */
  paa?: CertInput;
  /** PAI private key: checked to belong to the certificate. */
  key?: Key;
  now?: Date;
}

export interface DacValidationOptions {
  vendorId: number;
  productId: number;
  /** DAC private key: checked to belong to the certificate. */
  dacKey?: Key;
  now?: Date;
}

const KU = x509.KeyUsageFlags;
const KU_NAMES: [number, string][] = [
  [KU.digitalSignature, "digitalSignature"],
  [KU.nonRepudiation, "contentCommitment"],
  [KU.keyEncipherment, "keyEncipherment"],
  [KU.dataEncipherment, "dataEncipherment"],
  [KU.keyAgreement, "keyAgreement"],
  [KU.keyCertSign, "keyCertSign"],
  [KU.cRLSign, "cRLSign"],
  [KU.encipherOnly, "encipherOnly"],
  [KU.decipherOnly, "decipherOnly"],
];
const usageNames = (flags: number): string => KU_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n).join("+") || "none";

const iso = (d: Date): string => (Number.isNaN(d.getTime()) ? "invalid" : d.toISOString().replace(".000Z", "Z"));
const hexOrAbsent = (b: Uint8Array | undefined): string => (b ? toHex(b).toUpperCase() : "absent");

class Findings {
  readonly list: CertFinding[] = [];
  constructor(
    private readonly role: Role,
    private readonly f: CertFacts,
  ) {}
  /** `<label> <field> = <value>: <rule text>` */
  add(check: string, field: string, value: string | undefined, rule: string): void {
    const v = value === undefined ? "" : ` = ${value}`;
    this.list.push(makeFinding(this.role, `${this.role}-${check}`, "error", `${this.f.label} ${field}${v}: ${rule}`));
  }
}

/** Version, signature algorithm, key algorithm/curve, validity window and decodable extensions. */
function checkProfile(out: Findings, f: CertFacts, now: Date): void {
  if (f.version !== 3) out.add("version", "version", `v${f.version}`, "must be v3");
  if (f.signatureAlgorithm !== OID_ECDSA_WITH_SHA256 || f.tbsSignatureAlgorithm !== f.signatureAlgorithm) {
    const value = f.tbsSignatureAlgorithm === f.signatureAlgorithm
      ? oidName(f.signatureAlgorithm)
      : `${oidName(f.signatureAlgorithm)} (tbsCertificate.signature ${oidName(f.tbsSignatureAlgorithm)})`;
    out.add("signature-algorithm", "signatureAlgorithm", value, "must be ecdsa-with-SHA256 (1.2.840.10045.4.3.2)");
  }
  if (f.keyAlgorithm !== "1.2.840.10045.2.1" || f.curve !== OID_SECP256R1) {
    const value = f.keyAlgorithm === "1.2.840.10045.2.1" ? `EC ${oidName(f.curve)}` : oidName(f.keyAlgorithm);
    out.add("public-key", "subjectPublicKeyInfo", value, "must be an EC key on P-256 (prime256v1)");
  }
  for (const bad of f.badExtensions) {
    if (bad.kind === "duplicate") out.add("extension-duplicate", `extension ${bad.oid}`, undefined, "must occur at most once (RFC 5280 §4.2)");
    else out.add("extension-malformed", `extension ${bad.oid}`, undefined, "value does not decode");
  }
  if (f.notBefore.getTime() > f.notAfter.getTime()) {
    out.add("validity-order", "validity", `${iso(f.notBefore)}..${iso(f.notAfter)}`, "notBefore must not be after notAfter");
  }
  if (now.getTime() < f.notBefore.getTime()) {
    out.add("not-yet-valid", "notBefore", iso(f.notBefore), `is after the check time ${iso(now)} (not yet valid)`);
  }
  if (now.getTime() > f.notAfter.getTime()) {
    out.add("expired", "notAfter", iso(f.notAfter), `is before the check time ${iso(now)} (expired)`);
  }
}

/** BasicConstraints critical with CA=true; pathLen must equal `pathLen` (or be absent when allowed). */
function checkCa(out: Findings, f: CertFacts, pathLen: { want: number; absentOk: boolean }): void {
  const bc = f.basicConstraints;
  if (!bc) {
    out.add("basic-constraints-missing", "basicConstraints", "absent", "must be present, critical, CA=true");
  } else {
    if (!bc.critical) out.add("basic-constraints-critical", "basicConstraints.critical", "false", "must be critical");
    if (!bc.ca) out.add("ca", "basicConstraints.cA", "false", "must be true (a CA certificate)");
    else if (bc.pathLen === undefined ? !pathLen.absentOk : bc.pathLen !== pathLen.want) {
      out.add("path-len", "basicConstraints.pathLenConstraint", bc.pathLen === undefined ? "absent" : String(bc.pathLen),
        `must be ${pathLen.want}${pathLen.absentOk ? " or absent" : ""}`);
    }
  }
  const ku = f.keyUsage;
  if (!ku) {
    out.add("key-usage-missing", "keyUsage", "absent", "must be present, critical, with keyCertSign and cRLSign");
    return;
  }
  if (!ku.critical) out.add("key-usage-critical", "keyUsage.critical", "false", "must be critical");
  if (!(ku.flags & KU.keyCertSign)) out.add("key-usage-cert-sign", "keyUsage", usageNames(ku.flags), "must include keyCertSign");
  if (!(ku.flags & KU.cRLSign)) out.add("key-usage-crl-sign", "keyUsage", usageNames(ku.flags), "must include cRLSign");
  const extra = ku.flags & ~(KU.digitalSignature | KU.keyCertSign | KU.cRLSign);
  if (extra) out.add("key-usage-extra", "keyUsage", usageNames(ku.flags), `must not include ${usageNames(extra)} (only digitalSignature, keyCertSign, cRLSign)`);
}

function checkKeyIds(out: Findings, f: CertFacts, akiRequired: boolean): void {
  if (!f.ski) out.add("ski-missing", "subjectKeyIdentifier", "absent", "must be present");
  if (akiRequired && !f.aki?.keyId) {
    out.add("aki-missing", "authorityKeyIdentifier.keyIdentifier", "absent", "must be present");
  }
}

/** A Matter ID attribute: `required` says whether it must be there; `want` the expected value if known. */
function checkId(
  out: Findings,
  kind: "vid" | "pid",
  text: string | undefined,
  count: number,
  required: boolean,
  want: number | undefined,
  wantSource: string,
): number | undefined {
  const oid = kind === "vid" ? OID_MATTER_VID : OID_MATTER_PID;
  const field = `subject ${oid} (${kind === "vid" ? "VendorID" : "ProductID"})`;
  if (text === undefined) {
    if (required) out.add(`${kind}-missing`, field, "absent", "must be present");
    return undefined;
  }
  if (count > 1) out.add(`${kind}-duplicate`, field, `${count} values`, "must occur once");
  const value = parseMatterIdText(text);
  if (value === undefined) {
    out.add(`${kind}-format`, field, JSON.stringify(text), "must be 4 upper-case hex digits");
    return undefined;
  }
  if (want !== undefined && value !== want) {
    out.add(`${kind}-mismatch`, field, text, `must equal the ${wantSource} ${want.toString(16).toUpperCase().padStart(4, "0")}`);
  }
  return value;
}

async function resolveKey(key: Key, what: string): Promise<AttestationKeyPair> {
  return typeof key === "string" ? loadPrivateKeyPem(key, what) : key;
}

async function checkKey(out: Findings, f: CertFacts, key: Key | undefined, what: string): Promise<void> {
  if (key === undefined) return;
  const pair = await resolveKey(key, what);
  if (!(await keyPairMatches(f.cert, pair))) {
    out.add("key-mismatch", "subjectPublicKeyInfo", undefined, `does not verify a signature made with the given ${what} (key pair mismatch)`);
  }
}

async function signedBy(child: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await child.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}

/** Child → issuer link: names, AKI/SKI, signature, validity nested in the issuer's. */
async function checkChain(out: Findings, child: CertFacts, issuer: CertFacts): Promise<void> {
  if (!bytesEqual(child.issuerDer, issuer.subjectDer)) {
    out.add("issuer-name", "issuer", JSON.stringify(child.cert.issuer), `must equal the ${issuer.label} subject ${JSON.stringify(issuer.cert.subject)}`);
  }
  if (child.aki?.keyId && issuer.ski && !bytesEqual(child.aki.keyId, issuer.ski)) {
    out.add("aki-mismatch", "authorityKeyIdentifier", hexOrAbsent(child.aki.keyId), `must equal the ${issuer.label} subjectKeyIdentifier ${hexOrAbsent(issuer.ski)}`);
  }
  if (!(await signedBy(child.cert, issuer.cert))) {
    out.add("signature", "signature", undefined, `does not verify with the ${issuer.label} public key`);
  }
  if (child.notBefore.getTime() < issuer.notBefore.getTime()) {
    out.add("validity-not-before", "notBefore", iso(child.notBefore), `must not be before the ${issuer.label} notBefore ${iso(issuer.notBefore)}`);
  }
  if (child.notAfter.getTime() > issuer.notAfter.getTime()) {
    out.add("validity-not-after", "notAfter", iso(child.notAfter), `must not be after the ${issuer.label} notAfter ${iso(issuer.notAfter)}`);
  }
}

/** PAA rules: v3, ecdsa-with-SHA256, P-256, self-signed, no PID, CA (pathLen 1 or absent), SKI. */
export async function validatePaa(paa: CertInput, opts: PaaValidationOptions = {}): Promise<CertFinding[]> {
  const f = certFacts("PAA", loadCertificate(paa, "PAA certificate"));
  const out = new Findings("paa", f);
  checkProfile(out, f, opts.now ?? new Date());
  if (!bytesEqual(f.issuerDer, f.subjectDer)) {
    out.add("self-signed", "issuer", JSON.stringify(f.cert.issuer), `must equal its own subject ${JSON.stringify(f.cert.subject)} (self-signed)`);
  } else if (!(await signedBy(f.cert, f.cert))) {
    out.add("signature", "signature", undefined, "does not verify with its own public key (self-signed)");
  }
  checkId(out, "vid", f.subjectIds.vendorId, f.subjectIds.count.vendorId, false, undefined, "");
  if (f.subjectIds.productId !== undefined) {
    out.add("pid-present", `subject ${OID_MATTER_PID} (ProductID)`, JSON.stringify(f.subjectIds.productId), "must be absent in a PAA");
  }
  checkCa(out, f, { want: 1, absentOk: true });
  checkKeyIds(out, f, false);
  if (f.aki?.keyId && f.ski && !bytesEqual(f.aki.keyId, f.ski)) {
    out.add("aki-mismatch", "authorityKeyIdentifier", hexOrAbsent(f.aki.keyId), `must equal its own subjectKeyIdentifier ${hexOrAbsent(f.ski)}`);
  }
  await checkKey(out, f, opts.key, "PAA private key");
  return out.list;
}

/**
 * PAI rules: v3, ecdsa-with-SHA256, P-256, VID = vendorId, PID (if present) = productId, issuer VID
 * (if present) = own VID, CA=true pathLen 0, keyCertSign+cRLSign, SKI+AKI; with `paa`, chains to it.
 */
export async function validatePai(pai: CertInput, opts: PaiValidationOptions): Promise<CertFinding[]> {
  const f = certFacts("PAI", loadCertificate(pai, "PAI certificate"));
  const out = new Findings("pai", f);
  checkProfile(out, f, opts.now ?? new Date());
  const vid = checkId(out, "vid", f.subjectIds.vendorId, f.subjectIds.count.vendorId, true, opts.vendorId, "vendor ID");
  checkId(out, "pid", f.subjectIds.productId, f.subjectIds.count.productId, false, opts.productId, "product ID");
  const issuerVid = f.issuerIds.vendorId;
  if (issuerVid !== undefined && vid !== undefined && parseMatterIdText(issuerVid) !== vid) {
    out.add("issuer-vid-mismatch", `issuer ${OID_MATTER_VID} (VendorID)`, JSON.stringify(issuerVid), `must equal the PAI's own VID ${f.subjectIds.vendorId}`);
  }
  checkCa(out, f, { want: 0, absentOk: false });
  checkKeyIds(out, f, true);
  if (opts.paa !== undefined) await checkChain(out, f, certFacts("PAA", loadCertificate(opts.paa, "PAA certificate")));
  await checkKey(out, f, opts.key, "PAI private key");
  return out.list;
}

/**
 * DAC rules: v3, ecdsa-with-SHA256, P-256, CA=false, keyUsage digitalSignature only, SKI+AKI, VID/PID
 * = the given ones and the PAI's; chains to the PAI (issuer name, AKI = PAI SKI, signature, validity
 * nested, PAI is a CA); with `dacKey`, the key pair matches.
 */
export async function validateDac(dac: CertInput, pai: CertInput, opts: DacValidationOptions): Promise<CertFinding[]> {
  const f = certFacts("DAC", loadCertificate(dac, "DAC certificate"));
  const p = certFacts("PAI", loadCertificate(pai, "PAI certificate"));
  const out = new Findings("dac", f);
  checkProfile(out, f, opts.now ?? new Date());
  const vid = checkId(out, "vid", f.subjectIds.vendorId, f.subjectIds.count.vendorId, true, opts.vendorId, "vendor ID");
  const pid = checkId(out, "pid", f.subjectIds.productId, f.subjectIds.count.productId, true, opts.productId, "product ID");
  const paiVid = p.subjectIds.vendorId;
  if (vid !== undefined && paiVid !== undefined && parseMatterIdText(paiVid) !== vid) {
    out.add("issuer-vid-mismatch", `subject ${OID_MATTER_VID} (VendorID)`, f.subjectIds.vendorId, `must equal the ${p.label} VID ${paiVid}`);
  }
  const paiPid = p.subjectIds.productId;
  if (pid !== undefined && paiPid !== undefined && parseMatterIdText(paiPid) !== pid) {
    out.add("issuer-pid-mismatch", `subject ${OID_MATTER_PID} (ProductID)`, f.subjectIds.productId, `must equal the ${p.label} PID ${paiPid}`);
  }

  const bc = f.basicConstraints;
  if (!bc) out.add("basic-constraints-missing", "basicConstraints", "absent", "must be present, critical, CA=false");
  else {
    if (!bc.critical) out.add("basic-constraints-critical", "basicConstraints.critical", "false", "must be critical");
    if (bc.ca) out.add("ca", "basicConstraints.cA", "true", "must be false (a DAC is an end-entity certificate)");
    if (bc.pathLen !== undefined) out.add("path-len", "basicConstraints.pathLenConstraint", String(bc.pathLen), "must be absent in a DAC");
  }
  const ku = f.keyUsage;
  if (!ku) out.add("key-usage-missing", "keyUsage", "absent", "must be present, critical, digitalSignature only");
  else {
    if (!ku.critical) out.add("key-usage-critical", "keyUsage.critical", "false", "must be critical");
    if (!(ku.flags & KU.digitalSignature)) out.add("key-usage-digital-signature", "keyUsage", usageNames(ku.flags), "must include digitalSignature");
    const extra = ku.flags & ~KU.digitalSignature;
    if (extra) out.add("key-usage-extra", "keyUsage", usageNames(ku.flags), `must not include ${usageNames(extra)} (digitalSignature only)`);
  }
  checkKeyIds(out, f, true);

  await checkChain(out, f, p);
  if (!p.basicConstraints?.ca) {
    out.add("issuer-ca", "issuer", JSON.stringify(p.cert.subject), `the ${p.label} is not a CA (basicConstraints cA must be true)`);
  }
  await checkKey(out, f, opts.dacKey, "DAC private key");
  return out.list;
}
