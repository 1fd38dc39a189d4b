// `verify`: end-to-end checks of one device's factory data. Each check yields findings
// `ok|warning|error <check>: <one line>`:
//   nvs         the image reads cleanly (no entry the runtime would skip or erase)
//   keys        chip-factory read like connectedhomeip's ESP32 providers: required keys present and
//               typed as read, values within the key table's rules (modules/factory)
//   dac         DAC profile + chain to the PAI (host-tools/certs validateDac); image vs given DAC file
//   dac-key     dac-key / dac-pub-key are the DAC certificate's key pair
//   pai, paa    PAI profile (+ chain to the PAA when given), PAA profile
//   cd          Certification Declaration decodes; signature with --cd-signer; authorized PAA list
//   vid-pid     VID/PID agree between the data, DAC, PAI and CD (Matter Core §6.2.3.1 rules)
//   qrcode, manualcode, onboarding   the onboarding codes and onb_codes.csv describe this image
//   passcode    every passcode given (or carried by a code) is valid and matches the SPAKE2+ verifier

import { createPublicKey } from "node:crypto";
import { type Finding, type FindingSeverity, makeFinding } from "../../modules/errors/finding.js";
import { oneLine } from "../errors.js";
import { bytesEqual } from "../../modules/bytes/bytes.js";
import { toHex } from "../../modules/bytes/hex.js";
import { checkSpake2pVerifier } from "../../modules/crypto/spake2p.js";
import {
  factoryDataFromEntries,
  validateFactoryData,
  FACTORY_KEYS,
  FACTORY_NAMESPACE,
  type FactoryData,
} from "../../modules/factory/index.js";
import { readNvsImage, formatNvsProblem } from "../../modules/nvs/reader.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import {
  decodeManualCode,
  decodeQrPayload,
  passcodeProblem,
  validateOnboardingPayload,
  type OnboardingPayload,
} from "../../modules/onboarding/index.js";
import {
  certificateDer,
  keyPairMatches,
  loadCertificate,
  loadRawPrivateKey,
  matterVidPid,
  validateDac,
  validatePaa,
  validatePai,
  x509,
} from "../certs/index.js";
import { describeCert } from "../certs/facts.js";
import { nodePbkdf2Sha256 } from "../node-crypto.js";
import { cdSignatureValid, describeCd, parseCertificationDeclaration, type CertificationDeclaration } from "./cd.js";
import { unreadableReason } from "./inspect.js";
import { secureCertForVerify } from "./secure-cert.js";

/** verify's name for a finding's severity (its --json field `level`). */
export type VerifyLevel = FindingSeverity;

/** verify's findings are the one Finding shape: id "<check>.<rule>", e.g. "vid-pid.dac-vid", "dac.dac-path-len". */
export type VerifyFinding = Finding;

/** The --json form of a finding: `level`, `check`, `message` as always, plus `id`, `severity` (and `key`). */
export function verifyFindingJson(f: VerifyFinding): Record<string, string> {
  return { level: f.severity, check: f.check, message: f.message, id: f.id, severity: f.severity, ...(f.key !== undefined ? { key: f.key } : {}) };
}

/** A value and where it came from ("--passcode", "onb_codes.csv"), for messages. */
export interface Sourced<T> {
  value: T;
  source: string;
}

export interface VerifyInput {
  image: Uint8Array;
  keys?: NvsKeys;
  /** Certificates as DER or PEM. When the image has the same item, the two must be equal. */
  dacCert?: Sourced<Uint8Array>;
  paiCert?: Sourced<Uint8Array>;
  paaCert?: Sourced<Uint8Array>;
  cd?: Sourced<Uint8Array>;
  /** Certificate of the CD signing key: enables the CD signature check. */
  cdSigner?: Sourced<Uint8Array>;
  /** Raw key files (mfg_tool internal/DAC_private_key.bin, DAC_public_key.bin): must equal the image's. */
  dacPrivateKey?: Sourced<Uint8Array>;
  dacPublicKey?: Sourced<Uint8Array>;
  passcodes?: Sourced<number>[];
  qrcodes?: Sourced<string>[];
  manualcodes?: Sourced<string>[];
  /** Discriminators stated elsewhere (onb_codes.csv column). */
  discriminators?: Sourced<number>[];
  /** Time for certificate validity; default now. */
  now?: Date;
  /**
   * The device's esp_secure_cert partition (a <uuid>_esp_secure_cert.bin or a module dump): its DAC,
   * PAI, key and TLV 201 values stand in for the chip-factory keys they replace (secure-cert.ts), so
   * the checks below judge the two partitions together.
   */
  secureCert?: Sourced<Uint8Array>;
  /** eFuse HMAC key of an HMAC-derived DAC key (<uuid>-efuse_hmac_key.bin). */
  efuseHmacKey?: Sourced<Uint8Array>;
  /** Print passcodes and the codes that carry them (QR payload, manual code); redacted by default. */
  showSecrets?: boolean;
}

const REDACTED = "<passcode redacted; --show-secrets to print>";

const hexId = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;
const firstLine = (e: unknown): string => String(e instanceof Error ? e.message : e).split("\n")[0];

// Each finding's id is "<check>.<rule>". Rules are named at the r.add site; shared names: "ok" (the
// check passed), "not-checked" (an input is missing), "unreadable" / "file-unreadable" (the image's item
// or the given file cannot be decoded), "differs-from-file" (image and given file disagree). Findings
// pushed from elsewhere keep their ids: nvs.* (modules/nvs/reader.ts NvsProblemRule), keys.*
// (modules/factory/finding.ts FactoryRuleName), dac|pai|paa.<role>-<check> (host-tools/certs/validate.ts),
// cd.* (cd.ts), secure-cert.* (modules/secure-cert/reader.ts).
class Report {
  readonly findings: VerifyFinding[] = [];
  add(level: VerifyLevel, check: string, rule: string, message: string, key?: string): void {
    this.push(makeFinding(check, rule, level, message, key));
  }
  /** A finding made elsewhere (NVS reader, key validator, certificate and secure-cert checks): its id kept, extra fields dropped. */
  push(f: Finding): void {
    this.findings.push({ id: f.id, severity: f.severity, check: f.check, ...(f.key !== undefined ? { key: f.key } : {}), message: oneLine(f.message) });
  }
  errors(check: string): number {
    return this.findings.filter((f) => f.check === check && f.severity === "error").length;
  }
}

/** A certificate from the image, checked against a given file; the image wins, the file fills a gap. */
function pickCertificate(
  r: Report, check: string, what: string, key: string, inImage: Uint8Array | undefined, given: Sourced<Uint8Array> | undefined,
): x509.X509Certificate | undefined {
  let fromFile: x509.X509Certificate | undefined;
  if (given) {
    try {
      fromFile = loadCertificate(given.value, `${what} ${given.source}`);
    } catch (e) {
      r.add("error", check, "file-unreadable", firstLine(e));
    }
  }
  if (inImage) {
    let cert: x509.X509Certificate;
    try {
      cert = loadCertificate(inImage, `${what} (image key ${key})`);
    } catch (e) {
      r.add("error", check, "unreadable", firstLine(e));
      return undefined;
    }
    if (fromFile && !bytesEqual(certificateDer(fromFile), inImage)) {
      r.add("error", check, "differs-from-file", `image key ${key} (${inImage.length} bytes) differs from ${given!.source} ("${fromFile.subject}")`);
    }
    return cert;
  }
  return fromFile;
}

function vidPidOf(r: Report, check: string, cert: x509.X509Certificate | undefined): { vendorId?: number; productId?: number } {
  if (!cert) return {};
  try {
    return matterVidPid(cert);
  } catch (e) {
    r.add("error", check, "vid-pid-unreadable", firstLine(e));
    return {};
  }
}

/** The uncompressed point of a certificate's P-256 key, or undefined. */
function certPoint(cert: x509.X509Certificate): Uint8Array | undefined {
  try {
    const jwk = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: "der", type: "spki" }).export({ format: "jwk" });
    if (jwk.crv !== "P-256" || !jwk.x || !jwk.y) return undefined;
    return new Uint8Array([0x04, ...Buffer.from(jwk.x, "base64url"), ...Buffer.from(jwk.y, "base64url")]);
  } catch {
    return undefined;
  }
}

async function checkDacKey(r: Report, data: FactoryData, dac: x509.X509Certificate | undefined, input: VerifyInput): Promise<void> {
  const check = "dac-key";
  if (input.dacPrivateKey && data.dacKey && !bytesEqual(input.dacPrivateKey.value, data.dacKey)) {
    r.add("error", check, "key-file-differs", `image key dac-key differs from ${input.dacPrivateKey.source}`);
  }
  if (input.dacPublicKey && data.dacPublicKey && !bytesEqual(input.dacPublicKey.value, data.dacPublicKey)) {
    r.add("error", check, "pub-key-file-differs", `image key dac-pub-key differs from ${input.dacPublicKey.source}`);
  }
  if (!dac || (!data.dacKey && !data.dacPublicKey)) return;
  if (data.dacPublicKey) {
    const point = certPoint(dac);
    if (point && !bytesEqual(point, data.dacPublicKey)) {
      r.add("error", check, "pub-key-mismatch", `dac-pub-key ${toHex(data.dacPublicKey.subarray(0, 8))}… is not the DAC certificate's public key ${toHex(point.subarray(0, 8))}…`);
    }
  }
  if (data.dacKey) {
    try {
      const pair = await loadRawPrivateKey(data.dacKey, "dac-key");
      if (!(await keyPairMatches(dac, pair))) {
        r.add("error", check, "key-mismatch", "dac-key does not sign for the DAC certificate's public key (the device cannot attest)");
      }
    } catch (e) {
      r.add("error", check, "key-unreadable", firstLine(e));
    }
  }
  if (r.errors(check) === 0) r.add("ok", check, "ok", "dac-key and dac-pub-key are the DAC certificate's key pair");
}

async function checkAttestation(r: Report, data: FactoryData, input: VerifyInput, now: Date) {
  const dac = pickCertificate(r, "dac", "DAC certificate", "dac-cert", data.dacCert, input.dacCert);
  const pai = pickCertificate(r, "pai", "PAI certificate", "pai-cert", data.paiCert, input.paiCert);
  let paa: x509.X509Certificate | undefined;
  if (input.paaCert) {
    try {
      paa = loadCertificate(input.paaCert.value, `PAA certificate ${input.paaCert.source}`);
    } catch (e) {
      r.add("error", "paa", "file-unreadable", firstLine(e));
    }
  }
  const dacIds = vidPidOf(r, "dac", dac);
  const paiIds = vidPidOf(r, "pai", pai);

  if (dac && pai) {
    const vendorId = dacIds.vendorId ?? data.vendorId ?? 0;
    const productId = dacIds.productId ?? data.productId ?? 0;
    try {
      for (const f of await validateDac(dac, pai, { vendorId, productId, now })) r.push(f);
    } catch (e) {
      r.add("error", "dac", "validation-failed", firstLine(e));
    }
    if (r.errors("dac") === 0) r.add("ok", "dac", "ok", `${describeCert("DAC", dac)} chains to ${describeCert("PAI", pai)} and has the Matter DAC profile`);
  } else if (dac) {
    r.add("error", "dac", "no-pai", "no PAI to check the DAC against: the image has no pai-cert and no --pai was given");
  } else if (r.errors("dac") === 0) {
    r.add("warning", "dac", "not-checked", "not checked: the image has no dac-cert and no --dac was given");
  }
  await checkDacKey(r, data, dac, input);

  if (pai) {
    try {
      const opts = { vendorId: paiIds.vendorId ?? data.vendorId ?? 0, productId: paiIds.productId, now, ...(paa ? { paa } : {}) };
      for (const f of await validatePai(pai, opts)) r.push(f);
    } catch (e) {
      r.add("error", "pai", "validation-failed", firstLine(e));
    }
    if (r.errors("pai") === 0) {
      r.add("ok", "pai", "ok", `${describeCert("PAI", pai)} has the Matter PAI profile${paa ? ` and chains to ${describeCert("PAA", paa)}` : ""}`);
    }
  }
  if (paa) {
    try {
      for (const f of await validatePaa(paa, { now })) r.push(f);
    } catch (e) {
      r.add("error", "paa", "validation-failed", firstLine(e));
    }
    if (r.errors("paa") === 0) r.add("ok", "paa", "ok", `${describeCert("PAA", paa)} has the Matter PAA profile`);
  }
  return { dac, dacIds, pai, paiIds, paa };
}

function checkCd(r: Report, data: FactoryData, input: VerifyInput, paa: x509.X509Certificate | undefined): CertificationDeclaration | undefined {
  const check = "cd";
  let der = data.certDeclaration;
  if (input.cd) {
    if (der && !bytesEqual(der, input.cd.value)) r.add("error", check, "differs-from-file", `image key cert-dclrn (${der.length} bytes) differs from ${input.cd.source} (${input.cd.value.length} bytes)`);
    der ??= input.cd.value;
  }
  if (!der) {
    r.add("warning", check, "not-checked", "not checked: the image has no cert-dclrn and no --cd was given");
    return undefined;
  }
  let cd: CertificationDeclaration;
  try {
    cd = parseCertificationDeclaration(der);
  } catch (e) {
    r.add("error", check, "unreadable", firstLine(e));
    return undefined;
  }
  for (const f of cd.findings) r.push(f);
  let signature = "signature not checked (no --cd-signer)";
  if (input.cdSigner) {
    try {
      const signer = loadCertificate(input.cdSigner.value, `CD signer certificate ${input.cdSigner.source}`);
      if (cdSignatureValid(cd, signer)) signature = `signature verified with ${describeCert("CD signer", signer)}`;
      else r.add("error", check, "signature", `signature does not verify with ${describeCert("CD signer", signer)} (${input.cdSigner.source})`);
    } catch (e) {
      r.add("error", check, "signer-unreadable", firstLine(e));
    }
  }
  if (cd.authorizedPaaList) {
    const ski = paa ? skiOf(paa) : undefined;
    if (!paa) r.add("warning", check, "paa-list-not-checked", `authorized_paa_list has ${cd.authorizedPaaList.length} entries but no --paa was given to check against`);
    else if (!ski || !cd.authorizedPaaList.some((k) => bytesEqual(k, ski))) {
      r.add("error", check, "paa-not-authorized", `authorized_paa_list does not contain the PAA's subjectKeyIdentifier ${ski ? toHex(ski).toUpperCase() : "(absent)"}`);
    }
  }
  if (r.errors(check) === 0) r.add("ok", check, "ok", `${describeCd(cd)}; ${signature}`);
  return cd;
}

function skiOf(cert: x509.X509Certificate): Uint8Array | undefined {
  const ext = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  return ext ? new Uint8Array(Buffer.from(ext.keyId, "hex")) : undefined;
}

/** Matter Core §6.2.3.1: CD vendor_id = Basic Information VendorID, ProductID ∈ product_id_array; the
 * DAC's (and PAI's) VID/PID against the CD, or against dac_origin_* when the CD carries them. */
function checkVidPid(
  r: Report, data: FactoryData, dacIds: { vendorId?: number; productId?: number }, paiIds: { vendorId?: number; productId?: number },
  cd: CertificationDeclaration | undefined,
): void {
  const check = "vid-pid";
  const vid = data.vendorId;
  const pid = data.productId;
  const err = (rule: string, m: string) => r.add("error", check, rule, m);
  const origin = cd?.dacOriginVendorId !== undefined;
  const dacVidWant = origin ? cd!.dacOriginVendorId : cd ? cd.vendorId : vid;
  const dacWhat = origin ? "the CD's dac_origin_vendor_id" : cd ? "the CD's vendor_id" : "the image's vendor-id";
  if (cd) {
    if (vid !== undefined && cd.vendorId !== vid) err("cd-vendor-id", `image vendor-id ${hexId(vid)} differs from the CD's vendor_id ${hexId(cd.vendorId)}`);
    if (pid !== undefined && !cd.productIds.includes(pid)) err("cd-product-id", `image product-id ${hexId(pid)} is not in the CD's product_id_array (${cd.productIds.map(hexId).join(" ")})`);
  }
  if (dacIds.vendorId !== undefined && dacVidWant !== undefined && dacIds.vendorId !== dacVidWant) {
    err("dac-vid", `DAC VID ${hexId(dacIds.vendorId)} differs from ${dacWhat} ${hexId(dacVidWant)}`);
  }
  if (paiIds.vendorId !== undefined && dacVidWant !== undefined && paiIds.vendorId !== dacVidWant) {
    err("pai-vid", `PAI VID ${hexId(paiIds.vendorId)} differs from ${dacWhat} ${hexId(dacVidWant)}`);
  }
  if (dacIds.productId !== undefined) {
    if (origin && cd!.dacOriginProductId !== undefined && dacIds.productId !== cd!.dacOriginProductId) {
      err("dac-origin-pid", `DAC PID ${hexId(dacIds.productId)} differs from the CD's dac_origin_product_id ${hexId(cd!.dacOriginProductId)}`);
    } else if (!origin && cd && !cd.productIds.includes(dacIds.productId)) {
      err("dac-pid", `DAC PID ${hexId(dacIds.productId)} is not in the CD's product_id_array (${cd.productIds.map(hexId).join(" ")})`);
    } else if (!cd && pid !== undefined && dacIds.productId !== pid) {
      // Without a CD the spec rule (DAC PID ∈ product_id_array) cannot be applied; a different PID is unusual.
      r.add("warning", check, "dac-pid-differs", `DAC PID ${hexId(dacIds.productId)} differs from the image's product-id ${hexId(pid)}`);
    }
  }
  if (paiIds.productId !== undefined && dacIds.productId !== undefined && paiIds.productId !== dacIds.productId) {
    err("pai-pid", `PAI PID ${hexId(paiIds.productId)} differs from the DAC PID ${hexId(dacIds.productId)}`);
  }
  if (r.findings.some((f) => f.check === check)) return;
  const sources = ["data", dacIds.vendorId !== undefined ? "DAC" : "", paiIds.vendorId !== undefined ? "PAI" : "", cd ? "CD" : ""].filter(Boolean);
  if (vid === undefined || pid === undefined) {
    r.add("warning", check, "not-checked", "not checked: the image lacks vendor-id or product-id");
    return;
  }
  r.add("ok", check, "ok", `VID ${hexId(vid)} / PID ${hexId(pid)} agree between ${sources.join(", ")}${origin ? " (DAC origin per CD)" : ""}`);
}

function checkCodes(r: Report, data: FactoryData, input: VerifyInput, passcodes: Sourced<number>[]): void {
  const disc = data.discriminator;
  let qrFlow: { flow: number; source: string } | undefined;
  for (const qr of input.qrcodes ?? []) {
    const check = "qrcode";
    const before = r.findings.length;
    let payloads: OnboardingPayload[];
    try {
      payloads = decodeQrPayload(qr.value);
    } catch (e) {
      r.add("error", check, "unreadable", `${qr.source}: ${firstLine(e)}`);
      continue;
    }
    if (payloads.length > 1) r.add("warning", check, "several-payloads", `${qr.source}: ${payloads.length} payloads joined by '*'; only the first is compared`);
    const p = payloads[0];
    for (const problem of validateOnboardingPayload(p)) r.add("error", check, "payload", `${qr.source}: ${problem}`);
    if (data.vendorId !== undefined && p.vendorId !== data.vendorId) r.add("error", check, "vendor-id", `${qr.source}: vendor ID ${hexId(p.vendorId)} differs from the image's vendor-id ${hexId(data.vendorId)}`);
    if (data.productId !== undefined && p.productId !== data.productId) r.add("error", check, "product-id", `${qr.source}: product ID ${hexId(p.productId)} differs from the image's product-id ${hexId(data.productId)}`);
    if (disc !== undefined && p.discriminator !== disc) r.add("error", check, "discriminator", `${qr.source}: discriminator ${p.discriminator} differs from the image's discriminator ${disc}`);
    if (p.pbkdfIterations !== undefined && data.iterationCount !== undefined && p.pbkdfIterations !== data.iterationCount) {
      r.add("error", check, "iterations", `${qr.source}: PBKDF iterations ${p.pbkdfIterations} differ from the image's iteration-count ${data.iterationCount}`);
    }
    if (p.pbkdfSalt !== undefined && data.salt !== undefined && !bytesEqual(p.pbkdfSalt, data.salt)) r.add("error", check, "salt", `${qr.source}: PBKDF salt differs from the image's salt`);
    passcodes.push({ value: p.passcode, source: qr.source });
    qrFlow ??= { flow: p.flow, source: qr.source };
    if (r.findings.length === before) {
      r.add("ok", check, "ok", `${qr.source}${input.showSecrets ? ` ${qr.value}` : ""}: VID ${hexId(p.vendorId)}, PID ${hexId(p.productId)} and discriminator ${p.discriminator} match the image (flow ${p.flow}, discovery 0x${p.discoveryCapabilities.toString(16)})`);
    }
  }
  for (const mc of input.manualcodes ?? []) {
    const check = "manualcode";
    const before = r.findings.length;
    let m: ReturnType<typeof decodeManualCode>;
    try {
      m = decodeManualCode(mc.value);
    } catch (e) {
      r.add("error", check, "unreadable", `${mc.source}: ${firstLine(e)}`);
      continue;
    }
    if (disc !== undefined && m.shortDiscriminator !== disc >> 8) {
      r.add("error", check, "discriminator", `${mc.source}: short discriminator ${m.shortDiscriminator} is not the top 4 bits of the image's discriminator ${disc} (${disc >> 8})`);
    }
    if (m.long) {
      if (data.vendorId !== undefined && m.vendorId !== data.vendorId) r.add("error", check, "vendor-id", `${mc.source}: vendor ID ${hexId(m.vendorId ?? 0)} differs from the image's vendor-id ${hexId(data.vendorId)}`);
      if (data.productId !== undefined && m.productId !== data.productId) r.add("error", check, "product-id", `${mc.source}: product ID ${hexId(m.productId ?? 0)} differs from the image's product-id ${hexId(data.productId)}`);
    }
    if (qrFlow && (qrFlow.flow !== 0) !== m.long) {
      r.add("error", check, "flow", `${mc.source}: a ${m.long ? 21 : 11}-digit code, but ${qrFlow.source} has commissioning flow ${qrFlow.flow} (${qrFlow.flow === 0 ? "11" : "21"} digits)`);
    }
    passcodes.push({ value: m.passcode, source: mc.source });
    if (r.findings.length === before) {
      r.add("ok", check, "ok", `${mc.source}${input.showSecrets ? ` ${mc.value.replace(/\s+/g, " ")}` : ""}: short discriminator ${m.shortDiscriminator}${m.long ? `, VID ${hexId(m.vendorId ?? 0)} and PID ${hexId(m.productId ?? 0)}` : ""} match${m.long ? "" : "es"} the image`);
    }
  }
  for (const d of input.discriminators ?? []) {
    if (disc === undefined) continue;
    if (d.value !== disc) r.add("error", "onboarding", "discriminator", `${d.source} ${d.value} differs from the image's discriminator ${disc}`);
    else r.add("ok", "onboarding", "ok", `${d.source} ${d.value} matches the image`);
  }
}

function checkPasscodes(r: Report, data: FactoryData, passcodes: Sourced<number>[], shown = false): void {
  const check = "passcode";
  if (passcodes.length === 0) {
    r.add("warning", check, "not-checked", "not checked: no passcode given (--passcode, --qrcode, --manualcode or an onb_codes.csv)");
    return;
  }
  // Each distinct value is checked against the verifier, so disagreeing sources show up as mismatches.
  const byValue = new Map<number, string[]>();
  for (const p of passcodes) byValue.set(p.value, [...(byValue.get(p.value) ?? []), p.source]);
  const { verifier, salt, iterationCount } = data;
  for (const [value, sources] of byValue) {
    const from = `from ${sources.join(", ")}`;
    const label = shown ? String(value) : REDACTED; // a secret, like inspect's redaction
    const problem = passcodeProblem(value);
    if (problem) {
      r.add("error", check, "invalid", `${shown ? problem : problem.replace(String(value), REDACTED)} (${from})`);
      continue;
    }
    if (!verifier || !salt || iterationCount === undefined) {
      r.add("warning", check, "verifier-missing", `${label} (${from}) not checked: the image lacks ${[!verifier && "verifier", !salt && "salt", iterationCount === undefined && "iteration-count"].filter(Boolean).join(", ")}`);
      continue;
    }
    let match: boolean;
    try {
      match = checkSpake2pVerifier(verifier, value, salt, iterationCount, nodePbkdf2Sha256);
    } catch (e) {
      r.add("error", check, "check-failed", `${label} (${from}): ${firstLine(e)}`);
      continue;
    }
    if (match) r.add("ok", check, "ok", `${label} (${from}) matches the verifier (${iterationCount} iterations, ${salt.length}-byte salt)`);
    else r.add("error", check, "mismatch", `${label} (${from}) does not match the image's verifier (${iterationCount} iterations, ${salt.length}-byte salt)`);
  }
}

/** Runs every check on one device. Never throws for bad data: everything becomes a finding. */
export async function verifyFactoryImage(input: VerifyInput): Promise<VerifyFinding[]> {
  const r = new Report();
  const now = input.now ?? new Date();
  const nvs = readNvsImage(input.image, input.keys ? { keys: input.keys } : {});
  const unreadable = unreadableReason(input.image, nvs, input.keys !== undefined);
  if (unreadable) {
    r.add("error", "nvs", "unreadable", unreadable);
    return r.findings;
  }
  for (const p of nvs.problems) r.push({ ...p, message: formatNvsProblem(p) });
  if (r.errors("nvs") === 0) {
    r.add("ok", "nvs", "ok", `${nvs.entries.length} entries in ${nvs.namespaces.length} namespace(s), no damage`);
  }

  const { data, findings: readFindings } = factoryDataFromEntries(nvs.entries);
  // Values the secure-cert image serves instead of chip-factory fill the gaps before the key checks.
  const fromSecureCert = input.secureCert ? secureCertForVerify(input.secureCert.value, input.secureCert.source, data, input.efuseHmacKey?.value) : undefined;
  for (const f of fromSecureCert?.findings ?? []) r.push(f);
  // Keys it holds but that cannot be read back here (an HMAC-derived key without its eFuse key).
  const movable = new Set(FACTORY_KEYS.filter((s) => fromSecureCert?.supplied.has(s.key)).map((s) => s.key));
  const present = new Set(nvs.entries.filter((e) => e.namespace === FACTORY_NAMESPACE).map((e) => e.key));
  // One finding per rule and key: the reader and the validator may both judge a key by the same rule.
  const seen = new Set<string>();
  for (const f of [...readFindings, ...validateFactoryData(data, { profile: "reader", missingRequired: "error" })]) {
    if (seen.has(`${f.id}\u0000${f.key}`)) continue;
    seen.add(`${f.id}\u0000${f.key}`);
    const inSecureCert = movable.has(f.key) && !present.has(f.key);
    r.push(inSecureCert ? { ...f, severity: "warning", message: `${f.message} (expected if ${input.secureCert!.source} holds it)` } : f);
  }
  if (r.errors("keys") === 0) {
    const count = nvs.entries.filter((e) => e.namespace === FACTORY_NAMESPACE).length;
    r.add("ok", "keys", "ok", `${count} chip-factory keys; every key the ESP32 providers need is present and typed as they read it`);
  }

  const { dacIds, paiIds, paa } = await checkAttestation(r, data, input, now);
  const cd = checkCd(r, data, input, paa);
  checkVidPid(r, data, dacIds, paiIds, cd);
  const passcodes: Sourced<number>[] = [...(input.passcodes ?? [])];
  checkCodes(r, data, input, passcodes);
  checkPasscodes(r, data, passcodes, input.showSecrets);
  return r.findings;
}
