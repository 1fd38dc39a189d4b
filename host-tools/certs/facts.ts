// The fields of a certificate that the attestation rules look at, decoded once with @peculiar/asn1-x509
// so the validators can report each problem separately instead of stopping at the first.

import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyUsage,
  SubjectKeyIdentifier,
} from "@peculiar/asn1-x509";
import { ECParameters, id_ecPublicKey } from "@peculiar/asn1-ecc";
import { x509 } from "./x509.js";
import { commonNameOf, matterIdTexts } from "./matter-dn.js";

export interface CertFacts {
  cert: x509.X509Certificate;
  /** "DAC \"<CN>\"" — how messages name this certificate. */
  label: string;
  /** 1, 2 or 3. */
  version: number;
  signatureAlgorithm: string;
  tbsSignatureAlgorithm: string;
  keyAlgorithm: string;
  /** Named-curve OID for EC keys. */
  curve?: string;
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  basicConstraints?: { critical: boolean; ca: boolean; pathLen?: number };
  keyUsage?: { critical: boolean; flags: number };
  ski?: Uint8Array;
  /** Present when the AKI extension is; keyIdentifier may still be absent. */
  aki?: { keyId?: Uint8Array };
  /** Extensions that occur more than once or whose value does not decode. */
  badExtensions: { oid: string; kind: "duplicate" | "malformed" }[];
  subjectIds: ReturnType<typeof matterIdTexts>;
  issuerIds: ReturnType<typeof matterIdTexts>;
}

export const OID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
export const OID_SECP256R1 = "1.2.840.10045.3.1.7";

const ALGORITHM_NAMES: Record<string, string> = {
  "1.2.840.10045.4.3.2": "ecdsa-with-SHA256",
  "1.2.840.10045.4.3.3": "ecdsa-with-SHA384",
  "1.2.840.10045.4.3.4": "ecdsa-with-SHA512",
  "1.2.840.10045.4.1": "ecdsa-with-SHA1",
  "1.2.840.113549.1.1.11": "sha256WithRSAEncryption",
  "1.2.840.113549.1.1.1": "rsaEncryption",
  "1.2.840.10045.2.1": "id-ecPublicKey",
  "1.3.101.112": "Ed25519",
  "1.2.840.10045.3.1.7": "P-256 (prime256v1)",
  "1.3.132.0.34": "P-384 (secp384r1)",
  "1.3.132.0.35": "P-521 (secp521r1)",
  "1.3.132.0.10": "secp256k1",
};

/** "ecdsa-with-SHA384 (1.2.840.10045.4.3.3)" — readable name plus OID. */
export function oidName(oid: string | undefined): string {
  if (oid === undefined) return "absent";
  const name = ALGORITHM_NAMES[oid];
  return name ? `${name} (${oid})` : oid;
}

export function describeCert(role: string, cert: x509.X509Certificate): string {
  const cn = commonNameOf(cert.subjectName);
  return cn === undefined ? `${role} (subject ${cert.subject || "empty"})` : `${role} "${cn}"`;
}

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

export function certFacts(role: string, cert: x509.X509Certificate): CertFacts {
  const asn = AsnConvert.parse(cert.rawData, Certificate);
  const tbs = asn.tbsCertificate;
  const spkiAlg = tbs.subjectPublicKeyInfo.algorithm;
  let curve: string | undefined;
  if (spkiAlg.algorithm === id_ecPublicKey && spkiAlg.parameters) {
    try {
      curve = AsnConvert.parse(spkiAlg.parameters, ECParameters).namedCurve;
    } catch {
      curve = undefined;
    }
  }
  const facts: CertFacts = {
    cert,
    label: describeCert(role, cert),
    version: tbs.version + 1,
    signatureAlgorithm: asn.signatureAlgorithm.algorithm,
    tbsSignatureAlgorithm: tbs.signature.algorithm,
    keyAlgorithm: spkiAlg.algorithm,
    curve,
    subjectDer: bytes(AsnConvert.serialize(tbs.subject)),
    issuerDer: bytes(AsnConvert.serialize(tbs.issuer)),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    badExtensions: [],
    subjectIds: matterIdTexts(cert.subjectName),
    issuerIds: matterIdTexts(cert.issuerName),
  };
  const seen = new Set<string>();
  for (const ext of tbs.extensions ?? []) {
    if (seen.has(ext.extnID)) {
      facts.badExtensions.push({ oid: ext.extnID, kind: "duplicate" });
      continue;
    }
    seen.add(ext.extnID);
    const value = ext.extnValue.buffer;
    try {
      switch (ext.extnID) {
        case id_ce_basicConstraints: {
          const bc = AsnConvert.parse(value, BasicConstraints);
          facts.basicConstraints = { critical: ext.critical, ca: bc.cA, pathLen: bc.pathLenConstraint };
          break;
        }
        case id_ce_keyUsage:
          facts.keyUsage = { critical: ext.critical, flags: AsnConvert.parse(value, KeyUsage).toNumber() };
          break;
        case id_ce_subjectKeyIdentifier:
          facts.ski = bytes(AsnConvert.parse(value, SubjectKeyIdentifier).buffer);
          break;
        case id_ce_authorityKeyIdentifier: {
          const aki = AsnConvert.parse(value, AuthorityKeyIdentifier);
          facts.aki = { keyId: aki.keyIdentifier ? bytes(aki.keyIdentifier.buffer) : undefined };
          break;
        }
      }
    } catch {
      facts.badExtensions.push({ oid: ext.extnID, kind: "malformed" });
    }
  }
  return facts;
}
