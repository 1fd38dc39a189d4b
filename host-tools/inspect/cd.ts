// Certification Declaration (Matter Core spec §6.3): a CMS SignedData (RFC 5652) whose encapsulated
// content is the Matter TLV structure below, signed by a CSA certification key without signed
// attributes, so the signature covers the TLV bytes. CMS via @peculiar/asn1-cms, TLV via modules/tlv.
//
// TLV (anonymous structure, spec §6.3.1): 0 format_version u8, 1 vendor_id u16, 2 product_id_array
// array of u16 (1…100), 3 device_type_id u32, 4 certificate_id string (19 chars), 5 security_level
// u8, 6 security_information u16, 7 version_number u16, 8 certification_type u8 (0 development and
// test, 1 provisional, 2 official), 9 dac_origin_vendor_id u16?, 10 dac_origin_product_id u16?,
// 11 authorized_paa_list array of 20-byte key identifiers? (at most 10).

import { type Finding, makeFinding } from "../../modules/errors/finding.js";
import { KeyObject, createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  id_data,
  id_signedData,
} from "@peculiar/asn1-cms";
import { Certificate, SubjectKeyIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { decodeTlv, encodeTlv, tlvField, type TlvElement } from "../../modules/tlv/index.js";
import { toHex } from "../../modules/bytes/hex.js";
import { keyIdentifier, type AttestationKeyPair, x509 } from "../certs/index.js";

/** certification_type names (spec §6.3.1). */
export const CERTIFICATION_TYPES: Readonly<Record<number, string>> = Object.freeze({
  0: "development and test",
  1: "provisional",
  2: "official",
});

const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
const OID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

export interface CertificationDeclaration {
  formatVersion: number;
  vendorId: number;
  productIds: number[];
  deviceTypeId: number;
  certificateId: string;
  securityLevel: number;
  securityInformation: number;
  versionNumber: number;
  certificationType: number;
  dacOriginVendorId?: number;
  dacOriginProductId?: number;
  authorizedPaaList?: Uint8Array[];
  /** The signed TLV bytes (eContent). */
  content: Uint8Array;
  /** eContentType OID. */
  contentType: string;
  /** subjectKeyIdentifier of the signer, when the SignerInfo names it that way. */
  signerKeyId?: Uint8Array;
  digestAlgorithm: string;
  signatureAlgorithm: string;
  /** DER ECDSA signature. */
  signature: Uint8Array;
  /** DER X.509 certificates the SignedData carries (CSA CDs carry none). */
  certificates: Uint8Array[];
  /** Rule violations that did not stop parsing (one line each): the messages of `findings`. */
  problems: string[];
  /** The same as findings of check "cd", id "cd.<rule>" (e.g. "cd.vendor-id-missing", "cd.signer-infos"). */
  findings: Finding[];
}

/** Collects a CD's rule violations as findings of check "cd". */
class CdProblems {
  readonly findings: Finding[] = [];
  add(rule: string, message: string): void {
    this.findings.push(makeFinding("cd", rule, "error", message));
  }
}

const bytes = (b: ArrayBuffer): Uint8Array => new Uint8Array(b);

function uint(struct: TlvElement, tag: number, name: string, max: number, problems: CdProblems, required = true): number | undefined {
  const e = tlvField(struct, tag);
  const rule = name.replace(/_/g, "-");
  if (e === undefined) {
    if (required) problems.add(`${rule}-missing`, `CD ${name} (tag ${tag}): missing`);
    return undefined;
  }
  if (e.type !== "uint" || Number(e.value) > max) {
    problems.add(`${rule}-type`, `CD ${name} (tag ${tag}): must be an unsigned integer ≤ 0x${max.toString(16).toUpperCase()}`);
    return undefined;
  }
  return Number(e.value);
}

/** Reads the CD's TLV content; rule violations are collected in `problems`. */
function readContent(tlv: Uint8Array, problems: CdProblems): Omit<CertificationDeclaration, "content" | "contentType" | "signerKeyId" | "digestAlgorithm" | "signatureAlgorithm" | "signature" | "certificates" | "problems" | "findings"> {
  let s: TlvElement;
  try {
    s = decodeTlv(tlv);
  } catch (e) {
    throw new Error(`CD content: not Matter TLV (${e instanceof Error ? e.message : String(e)})`);
  }
  if (s.type !== "struct") throw new Error(`CD content: a ${s.type}, expected an anonymous TLV structure`);
  const formatVersion = uint(s, 0, "format_version", 0xff, problems) ?? 0;
  if (formatVersion !== 1) problems.add("format-version-value", `CD format_version ${formatVersion}: must be 1`);
  const vendorId = uint(s, 1, "vendor_id", 0xffff, problems) ?? 0;
  const productIds: number[] = [];
  const pids = tlvField(s, 2);
  if (pids === undefined || pids.type !== "array") problems.add("product-id-array-missing", "CD product_id_array (tag 2): missing or not an array");
  else {
    for (const p of pids.elements) {
      if (p.type === "uint" && Number(p.value) <= 0xffff) productIds.push(Number(p.value));
      else problems.add("product-id-array-element", "CD product_id_array: every element must be an unsigned 16-bit product ID");
    }
    if (productIds.length < 1 || productIds.length > 100) problems.add("product-id-array-size", `CD product_id_array: ${productIds.length} product IDs, must be 1…100`);
  }
  const deviceTypeId = uint(s, 3, "device_type_id", 0xffffffff, problems) ?? 0;
  const cid = tlvField(s, 4);
  let certificateId = "";
  if (cid === undefined || cid.type !== "utf8") problems.add("certificate-id-missing", "CD certificate_id (tag 4): missing or not a string");
  else {
    certificateId = cid.value;
    if (certificateId.length !== 19) problems.add("certificate-id-length", `CD certificate_id ${JSON.stringify(certificateId)}: must be 19 characters`);
  }
  const securityLevel = uint(s, 5, "security_level", 0xff, problems) ?? 0;
  const securityInformation = uint(s, 6, "security_information", 0xffff, problems) ?? 0;
  const versionNumber = uint(s, 7, "version_number", 0xffff, problems) ?? 0;
  const certificationType = uint(s, 8, "certification_type", 0xff, problems) ?? 0;
  if (!(certificationType in CERTIFICATION_TYPES)) problems.add("certification-type-value", `CD certification_type ${certificationType}: must be 0, 1 or 2`);
  const out: ReturnType<typeof readContent> = {
    formatVersion, vendorId, productIds, deviceTypeId, certificateId, securityLevel, securityInformation, versionNumber, certificationType,
  };
  const originVid = uint(s, 9, "dac_origin_vendor_id", 0xffff, problems, false);
  const originPid = uint(s, 10, "dac_origin_product_id", 0xffff, problems, false);
  if (originVid !== undefined) out.dacOriginVendorId = originVid;
  if (originPid !== undefined) out.dacOriginProductId = originPid;
  if ((originVid === undefined) !== (originPid === undefined)) {
    problems.add("dac-origin-pair", "CD dac_origin_vendor_id and dac_origin_product_id: must be present together");
  }
  const paas = tlvField(s, 11);
  if (paas !== undefined) {
    if (paas.type !== "array") problems.add("authorized-paa-list-type", "CD authorized_paa_list (tag 11): must be an array");
    else {
      out.authorizedPaaList = [];
      for (const k of paas.elements) {
        if (k.type === "bytes" && k.value.length === 20) out.authorizedPaaList.push(k.value);
        else problems.add("authorized-paa-list-element", "CD authorized_paa_list: every element must be a 20-byte key identifier");
      }
      if (out.authorizedPaaList.length > 10) problems.add("authorized-paa-list-size", `CD authorized_paa_list: ${out.authorizedPaaList.length} entries, at most 10`);
    }
  }
  return out;
}

/** Parses a DER Certification Declaration. Throws a one-line Error when it is not a CMS SignedData with TLV content. */
export function parseCertificationDeclaration(der: Uint8Array): CertificationDeclaration {
  let signed: SignedData;
  const outer = derTotalLength(der);
  if (der[0] === 0x30 && outer !== undefined && outer > der.length) throw new Error(`CD (${der.length} bytes): cut short, its DER structure is ${outer} bytes`);
  if (looksLikeCertificate(der)) throw new Error(`CD (${der.length} bytes): not a CMS SignedData but an X.509 certificate; a Certification Declaration was expected`);
  try {
    const info = AsnConvert.parse(der, ContentInfo);
    if (info.contentType !== id_signedData) throw new Error(`content type ${info.contentType}, expected signedData ${id_signedData}`);
    signed = AsnConvert.parse(info.content, SignedData);
  } catch (e) {
    throw new Error(`CD (${der.length} bytes): not a CMS SignedData (${(e instanceof Error ? e.message : String(e)).split("\n")[0]})`);
  }
  const econtent = signed.encapContentInfo.eContent;
  const octets = econtent?.single ?? undefined;
  if (!octets) throw new Error("CD: the SignedData has no encapsulated content");
  const content = bytes(octets.buffer);
  const problems = new CdProblems();
  const fields = readContent(content, problems);
  if (signed.signerInfos.length !== 1) problems.add("signer-infos", `CD: ${signed.signerInfos.length} SignerInfos, must be exactly 1`);
  const signer = signed.signerInfos[0];
  const cd: CertificationDeclaration = {
    ...fields,
    content,
    contentType: signed.encapContentInfo.eContentType,
    digestAlgorithm: signer?.digestAlgorithm.algorithm ?? "",
    signatureAlgorithm: signer?.signatureAlgorithm.algorithm ?? "",
    signature: signer ? bytes(signer.signature.buffer) : new Uint8Array(0),
    certificates: (signed.certificates ?? []).filter((c) => c.certificate).map((c) => new Uint8Array(AsnConvert.serialize(c.certificate!))),
    problems: [],
    findings: problems.findings,
  };
  if (outer !== undefined && outer < der.length) problems.add("trailing-bytes", `CD: ${der.length - outer} bytes after the end of its DER structure`);
  const ski = signer?.sid.subjectKeyIdentifier;
  if (ski) cd.signerKeyId = bytes(ski.buffer);
  if (signer && cd.digestAlgorithm !== OID_SHA256) problems.add("digest-algorithm", `CD digestAlgorithm ${cd.digestAlgorithm}: must be SHA-256 (${OID_SHA256})`);
  if (signer && cd.signatureAlgorithm !== OID_ECDSA_WITH_SHA256) {
    problems.add("signature-algorithm", `CD signatureAlgorithm ${cd.signatureAlgorithm}: must be ecdsa-with-SHA256 (${OID_ECDSA_WITH_SHA256})`);
  }
  if (signer?.signedAttrs?.length) problems.add("signed-attributes", "CD SignerInfo: has signed attributes; a Matter CD signs the content directly");
  cd.problems = cd.findings.map((f) => f.message);
  return cd;
}

/** Length of the outer DER element (header + content), or undefined when the header is malformed. */
function derTotalLength(der: Uint8Array): number | undefined {
  if (der.length < 2) return undefined;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + der[2 + i];
  return 2 + n + len;
}

/** A DER X.509 certificate: SEQUENCE { SEQUENCE (tbs) { [0] version …, … }, AlgorithmIdentifier, BIT STRING }. */
function looksLikeCertificate(der: Uint8Array): boolean {
  try {
    AsnConvert.parse(der, Certificate);
    return true;
  } catch {
    return false;
  }
}

/** The certificate among the CD's own that is named by its SignerInfo (subjectKeyIdentifier = SHA-1 of the key). */
export async function carriedSigner(cd: CertificationDeclaration): Promise<x509.X509Certificate | undefined> {
  if (!cd.signerKeyId) return undefined;
  for (const der of cd.certificates) {
    const cert = new x509.X509Certificate(der);
    const key = new Uint8Array(AsnConvert.parse(cert.publicKey.rawData, SubjectPublicKeyInfo).subjectPublicKey);
    if (toHex(await keyIdentifier(key)) === toHex(cd.signerKeyId)) return cert;
  }
  return undefined;
}

/** True when `signer`'s public key verifies the CD's signature over its TLV content. */
export function cdSignatureValid(cd: CertificationDeclaration, signer: x509.X509Certificate): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(signer.publicKey.rawData), format: "der", type: "spki" });
    return nodeVerify("sha256", cd.content, key, cd.signature);
  } catch {
    return false;
  }
}

/** "vendor 0xFFF2, products 0x8001, device type 0x1234, id ZIG…, type 0 (development and test)". */
export function describeCd(cd: CertificationDeclaration): string {
  const id = (n: number) => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;
  const parts = [
    `vendor ${id(cd.vendorId)}`,
    `product${cd.productIds.length === 1 ? "" : "s"} ${cd.productIds.map(id).join(" ") || "none"}`,
    `device type ${id(cd.deviceTypeId)}`,
    `certificate ${cd.certificateId}`,
    `certification type ${cd.certificationType} (${CERTIFICATION_TYPES[cd.certificationType] ?? "unknown"})`,
  ];
  if (cd.dacOriginVendorId !== undefined) parts.push(`DAC origin ${id(cd.dacOriginVendorId)}/${id(cd.dacOriginProductId ?? 0)}`);
  if (cd.authorizedPaaList) parts.push(`${cd.authorizedPaaList.length} authorized PAA(s)`);
  if (cd.signerKeyId) parts.push(`signer key ${toHex(cd.signerKeyId).toUpperCase()}`);
  return parts.join(", ");
}

/** The fields a CD states (what encodeCertificationDeclaration takes). */
export type CertificationDeclarationFields = Pick<
  CertificationDeclaration,
  | "vendorId" | "productIds" | "deviceTypeId" | "certificateId" | "securityLevel" | "securityInformation" | "versionNumber"
  | "certificationType" | "dacOriginVendorId" | "dacOriginProductId" | "authorizedPaaList"
> & { formatVersion?: number };

/** The CD's TLV content (spec §6.3.1), integers at minimal width. */
export function encodeCdContent(f: CertificationDeclarationFields): Uint8Array {
  const u = (tag: number, value: number): TlvElement => ({ tag, type: "uint", value });
  const elements: TlvElement[] = [
    u(0, f.formatVersion ?? 1),
    u(1, f.vendorId),
    { tag: 2, type: "array", elements: f.productIds.map((value) => ({ type: "uint", value }) as TlvElement) },
    u(3, f.deviceTypeId),
    { tag: 4, type: "utf8", value: f.certificateId },
    u(5, f.securityLevel),
    u(6, f.securityInformation),
    u(7, f.versionNumber),
    u(8, f.certificationType),
  ];
  if (f.dacOriginVendorId !== undefined) elements.push(u(9, f.dacOriginVendorId));
  if (f.dacOriginProductId !== undefined) elements.push(u(10, f.dacOriginProductId));
  if (f.authorizedPaaList) elements.push({ tag: 11, type: "array", elements: f.authorizedPaaList.map((value) => ({ type: "bytes", value }) as TlvElement) });
  return encodeTlv({ type: "struct", elements });
}

/**
 * A DER CD signed by `signer` the way CSA CDs are (CMS SignedData v3, SHA-256, ECDSA, signer named by
 * subjectKeyIdentifier = SHA-1 of its public key, no signed attributes) — for development CDs and tests.
 */
export async function encodeCertificationDeclaration(f: CertificationDeclarationFields, signer: AttestationKeyPair): Promise<Uint8Array> {
  const content = encodeCdContent(f);
  const signature = nodeSign("sha256", content, { key: KeyObject.from(signer.privateKey), dsaEncoding: "der" });
  const skid = await keyIdentifier(signer.rawPublic);
  const sha256 = new DigestAlgorithmIdentifier({ algorithm: OID_SHA256 });
  const signed = new SignedData({
    version: CMSVersion.v3,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha256]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: id_data,
      eContent: new EncapsulatedContent({ single: new OctetString(content) }),
    }),
    signerInfos: new SignerInfos([
      new SignerInfo({
        version: CMSVersion.v3,
        sid: new SignerIdentifier({ subjectKeyIdentifier: new SubjectKeyIdentifier(skid) }),
        digestAlgorithm: sha256,
        signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 }),
        signature: new OctetString(signature),
      }),
    ]),
  });
  const info = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signed) });
  return new Uint8Array(AsnConvert.serialize(info));
}
