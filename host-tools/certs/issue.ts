// Issuing PAI and DAC certificates the way esp-matter-mfg-tool 1.0.23 does (docs/factory-data.md §Certificates;
// field by field checked against the tool's own output in test/certs.test.ts).

import { webcrypto } from "node:crypto";
import { x509, loadCertificate, certificateDer, type CertInput } from "./x509.js";
import { generateP256KeyPair, keyIdentifier, loadPrivateKeyPem, type AttestationKeyPair } from "./keys.js";
import { checkMatterId, matterIdText, OID_COMMON_NAME, OID_MATTER_PID, OID_MATTER_VID } from "./matter-dn.js";
import { certFacts, describeCert } from "./facts.js";
import { pemEncode } from "./pem.js";
import { bytesEqual } from "../../modules/bytes/bytes.js";
import { toHex } from "../../modules/bytes/hex.js";
import { randomInt, type RandomSource } from "../../modules/platform/random.js";
import { nodeRandom as defaultRandom } from "../node-crypto.js";

/** mfg_tool's default certificate lifetime: 100 × 365 days (docs/factory-data.md §Certificates). */
export const DEFAULT_LIFETIME_DAYS = 36500;
const DAY_MS = 86_400_000;
/** Latest time X.509 can express (GeneralizedTime 99991231235959Z, RFC 5280 §4.1.2.5). */
const MAX_NOT_AFTER = Date.UTC(9999, 11, 31, 23, 59, 59);
/** X.520 ub-common-name (RFC 5280 Appendix A). */
const MAX_COMMON_NAME = 64;

export interface Issuer {
  cert: CertInput;
  /** Issuer private key, as a loaded key pair or PEM text (PKCS#8 or SEC1). */
  key: AttestationKeyPair | string;
}

export interface IssuedCertificate {
  cert: x509.X509Certificate;
  der: Uint8Array;
  /** PEM with 64-column lines, as mfg_tool writes DAC_cert.pem / pai_cert.pem. */
  pem: string;
  keyPair: AttestationKeyPair;
}

interface CommonOptions {
  vendorId: number;
  commonName: string;
  /** notBefore; default now. Milliseconds are dropped (X.509 times have 1 s resolution). */
  validFrom?: Date;
  /** notAfter = notBefore + lifetimeDays × 24 h; default 36500. */
  lifetimeDays?: number;
  /** Subject key; default a fresh P-256 key pair. */
  keyPair?: AttestationKeyPair;
  /** Serial number bytes (big-endian, positive); default 159 random bits like Python's random_serial_number. */
  serial?: Uint8Array;
  /** Randomness for the serial; default the OS CSPRNG. */
  random?: RandomSource;
}

export interface DacOptions extends CommonOptions {
  pai: Issuer;
  productId: number;
}

export interface PaiOptions extends CommonOptions {
  paa: Issuer;
  /** mfg_tool always writes the PID into PAIs it makes; leave undefined for a vendor-wide PAI. */
  productId?: number;
}

/** DAC: subject CN + VID + PID, CA=false, digitalSignature, signed by the PAI key. */
export async function issueDac(opts: DacOptions): Promise<IssuedCertificate> {
  checkMatterId(opts.productId, "productId");
  return issue("DAC", opts.pai, "PAI", opts, opts.productId, false);
}

/** PAI: subject CN + VID (+ PID), CA=true pathLen 0, digitalSignature+keyCertSign+cRLSign, signed by the PAA key. */
export async function issuePai(opts: PaiOptions): Promise<IssuedCertificate> {
  if (opts.productId !== undefined) checkMatterId(opts.productId, "productId");
  return issue("PAI", opts.paa, "PAA", opts, opts.productId, true);
}

/**
 * The PAI common name mfg_tool picks: "<prefix> PAI 00", or "MATTER TEST PAI <10..99>" when the
 * prefix is empty (docs/factory-data.md §Certificates).
 */
export function mfgToolPaiCommonName(cnPrefix: string | undefined, random: RandomSource = defaultRandom): string {
  return cnPrefix ? `${cnPrefix} PAI 00` : `MATTER TEST PAI ${randomInt(random, 10, 99)}`;
}

/** A random positive serial of at most 159 bits (20 bytes, top bit clear), never zero. */
export function randomSerial(random: RandomSource = defaultRandom): Uint8Array {
  for (;;) {
    const s = random(20).slice();
    s[0] &= 0x7f;
    if (s.some((b) => b !== 0)) return s;
  }
}

async function issue(
  role: "DAC" | "PAI",
  issuer: Issuer,
  issuerRole: string,
  opts: CommonOptions,
  productId: number | undefined,
  isCa: boolean,
): Promise<IssuedCertificate> {
  const vid = matterIdText(opts.vendorId, "vendorId");
  const pid = productId === undefined ? undefined : matterIdText(productId, "productId");
  checkCommonName(opts.commonName);
  const { notBefore, notAfter } = validity(opts.validFrom, opts.lifetimeDays);
  const serial = opts.serial ?? randomSerial(opts.random);
  checkSerial(serial);

  const issuerCert = loadCertificate(issuer.cert, `${issuerRole} certificate`);
  const issuerKey = typeof issuer.key === "string" ? await loadPrivateKeyPem(issuer.key, `${issuerRole} private key`) : issuer.key;
  const issuerFacts = certFacts(issuerRole, issuerCert);
  if (!bytesEqual(new Uint8Array(issuerCert.publicKey.rawData), await spkiOf(issuerKey))) {
    throw new Error(`${issuerRole} private key: does not belong to the ${describeCert(issuerRole, issuerCert)} certificate's public key`);
  }
  // mfg_tool 1.0.23 refuses a validity period that is not inside the issuing certificate's.
  if (notBefore < issuerCert.notBefore.getTime() || notAfter > issuerCert.notAfter.getTime()) {
    throw new Error(
      `${role} validity ${iso(notBefore)}..${iso(notAfter)}: must lie within the ${describeCert(issuerRole, issuerCert)} validity ` +
        `${iso(issuerCert.notBefore.getTime())}..${iso(issuerCert.notAfter.getTime())}`,
    );
  }

  const keyPair = opts.keyPair ?? (await generateP256KeyPair());
  // Subject: one RDN per attribute, all UTF8String, in the order CN, VID, PID (as mfg_tool writes them).
  const rdns: x509.JsonNameParams = [{ [OID_COMMON_NAME]: [{ utf8String: opts.commonName }] }, { [OID_MATTER_VID]: [{ utf8String: vid }] }];
  if (pid !== undefined) rdns.push({ [OID_MATTER_PID]: [{ utf8String: pid }] });

  // AKI = the issuer's SKI (RFC 5280 §4.2.1.1); mfg_tool hashes the issuer key, which is the same
  // value whenever the issuer's SKI was made by method 1 — true for all Matter test PAAs/PAIs.
  const authorityKeyId = issuerFacts.ski ?? (await keyIdentifier(issuerKey.rawPublic));
  const usages = isCa
    ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
    : x509.KeyUsageFlags.digitalSignature;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: toHex(serial),
    subject: new x509.Name(rdns),
    // Byte-equal copy of the issuer's subject (DER), never a re-typed string form.
    issuer: new x509.Name(issuerFacts.subjectDer),
    notBefore: new Date(notBefore),
    notAfter: new Date(notAfter),
    publicKey: keyPair.publicKey,
    signingKey: issuerKey.privateKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [
      new x509.BasicConstraintsExtension(isCa, isCa ? 0 : undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      new x509.SubjectKeyIdentifierExtension(toHex(await keyIdentifier(keyPair.rawPublic)), false),
      new x509.AuthorityKeyIdentifierExtension(toHex(authorityKeyId), false),
    ],
  });
  const der = certificateDer(cert);
  return { cert, der, pem: pemEncode("CERTIFICATE", der), keyPair };
}

async function spkiOf(keyPair: AttestationKeyPair): Promise<Uint8Array> {
  return new Uint8Array(await webcrypto.subtle.exportKey("spki", keyPair.publicKey));
}

function validity(validFrom: Date | undefined, lifetimeDays: number | undefined): { notBefore: number; notAfter: number } {
  const from = validFrom ?? new Date();
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw new Error(`validFrom ${String(validFrom)}: not a valid date`);
  const days = lifetimeDays ?? DEFAULT_LIFETIME_DAYS;
  if (!Number.isInteger(days) || days < 1) throw new Error(`lifetimeDays ${String(lifetimeDays)}: must be a positive integer`);
  const notBefore = Math.floor(from.getTime() / 1000) * 1000;
  if (notBefore < Date.UTC(1950, 0, 1)) throw new Error(`validFrom ${from.toISOString()}: X.509 times start in 1950`);
  const notAfter = notBefore + days * DAY_MS;
  if (notAfter > MAX_NOT_AFTER) {
    throw new Error(`lifetimeDays ${days}: notAfter ${iso(notAfter)} is past 9999-12-31T23:59:59Z`);
  }
  return { notBefore, notAfter };
}

function checkCommonName(cn: string): void {
  if (typeof cn !== "string" || cn.length === 0) throw new Error(`commonName "${String(cn)}": must not be empty`);
  if ([...cn].length > MAX_COMMON_NAME) throw new Error(`commonName "${cn}": longer than ${MAX_COMMON_NAME} characters`);
}

function checkSerial(serial: Uint8Array): void {
  // RFC 5280 §4.1.2.2: positive, at most 20 octets.
  const hex = toHex(serial).replace(/^(00)+/, "");
  if (hex === "") throw new Error(`serial ${toHex(serial) || "(empty)"}: must be positive`);
  const octets = hex.length / 2 + (parseInt(hex.slice(0, 2), 16) >= 0x80 ? 1 : 0);
  if (octets > 20) throw new Error(`serial ${hex}: longer than 20 octets when DER-encoded`);
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");
