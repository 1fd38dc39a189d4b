// Per-device DACs at batch speed, from a template made once per batch by dac-template.ts with
// host-tools/certs issueDac (the one description of a DAC). Every DAC of a batch differs from the
// template only in four fixed-length fields — serial (20 octets), subject CN (a 36-character UUID),
// public key (65 bytes) and subject key identifier (SHA-1 of the key, RFC 5280 §4.2.1.2 method 1) —
// so a device's DAC is the template with those bytes replaced, signed by the PAI key.
// test/generate.test.ts checks the TBS is byte-identical to issueDac's for the same inputs.
// Also: P-256 key files from a raw scalar (DAC_key.pem / DAC_key.der, docs/factory-data.md §mfg_tool output layout) and
// signers (OpenSSL, or RFC 6979 deterministic for --seed runs). Kept free of the X.509 library so
// worker threads start fast.

import { createECDH, createHash, createPrivateKey, sign as nodeSign, type KeyObject } from "node:crypto";
import { p256 } from "@noble/curves/nist.js";
import { concatBytes } from "../../modules/bytes/bytes.js";
import { utf8Encode } from "../../modules/bytes/utf8.js";
import type { RandomSource } from "../../modules/platform/random.js";

/** Serial length of every DAC we issue: 20 octets, first octet 0x01…0x7F (positive, minimal DER). */
export const DAC_SERIAL_LENGTH = 20;
/** Common names are UUIDs in canonical form (mfg_tool: the device directory name). */
export const DAC_CN_LENGTH = 36;

export interface DacTemplate {
  /** TBSCertificate DER with the marker values in place. */
  tbs: Uint8Array;
  /** The signatureAlgorithm element (ecdsa-with-SHA256) as it follows the TBS. */
  algorithm: Uint8Array;
  serialAt: number;
  commonNameAt: number;
  publicKeyAt: number;
  keyIdAt: number;
}

/** Signs TBS bytes with ECDSA-SHA256 and returns the DER Ecdsa-Sig-Value. */
export type TbsSigner = (tbs: Uint8Array) => Uint8Array;

// ---- DER (X.690) framing, just what certificates need --------------------------------------------

interface Tlv {
  start: number;
  contentStart: number;
  end: number;
}

function readTlv(der: Uint8Array, at: number): Tlv {
  if (at + 2 > der.length) throw new Error(`DER: truncated element at offset ${at}`);
  let n = der[at + 1];
  let p = at + 2;
  if (n & 0x80) {
    const bytes = n & 0x7f;
    if (bytes < 1 || bytes > 3) throw new Error(`DER: unsupported length form at offset ${at}`);
    n = 0;
    for (let i = 0; i < bytes; i++) n = n * 256 + der[p++];
  }
  if (p + n > der.length) throw new Error(`DER: element at offset ${at} runs past the end`);
  return { start: at, contentStart: p, end: p + n };
}

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n < 0x100) return Uint8Array.of(0x81, n);
  if (n < 0x10000) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  return Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
}

function derElement(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), derLength(content.length), content);
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, BIT STRING signatureValue } (RFC 5280 §4.1). */
function assembleCertificate(tbs: Uint8Array, algorithm: Uint8Array, signature: Uint8Array): Uint8Array {
  const bits = derElement(0x03, concatBytes(Uint8Array.of(0), signature));
  return derElement(0x30, concatBytes(tbs, algorithm, bits));
}

/** The TBS and signatureAlgorithm elements of a certificate. */
export function splitCertificate(der: Uint8Array): { tbs: Uint8Array; algorithm: Uint8Array } {
  const outer = readTlv(der, 0);
  const tbs = readTlv(der, outer.contentStart);
  const alg = readTlv(der, tbs.end);
  return { tbs: der.slice(tbs.start, tbs.end), algorithm: der.slice(alg.start, alg.end) };
}

/** The same certificate signed again with `signer` (for deterministic --seed batches). */
export function resignCertificate(der: Uint8Array, signer: TbsSigner): Uint8Array {
  const { tbs, algorithm } = splitCertificate(der);
  return assembleCertificate(tbs, algorithm, signer(tbs));
}

export const sha1 = (b: Uint8Array): Uint8Array => new Uint8Array(createHash("sha1").update(b).digest());

// ---- keys -----------------------------------------------------------------------------------------

/** A P-256 private scalar (1 … n−1) from `random`, redrawn in the (≈2^-32) case it is out of range. */
export function drawP256Scalar(random: RandomSource): Uint8Array {
  for (;;) {
    const d = random(32);
    if (p256.utils.isValidSecretKey(d)) return d;
  }
}

/** A positive 20-octet certificate serial (first octet 0x01…0x7F), as random as X.509 allows at that length. */
export function drawCertSerial(random: RandomSource): Uint8Array {
  for (;;) {
    const s = random(DAC_SERIAL_LENGTH).slice();
    s[0] &= 0x7f;
    if (s[0] !== 0) return s;
  }
}

/** The uncompressed public point 04‖X‖Y of a scalar (OpenSSL). */
export function p256PublicKey(scalar: Uint8Array): Uint8Array {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  const pub = ecdh.getPublicKey(null, "uncompressed");
  return new Uint8Array(pub.buffer, pub.byteOffset, pub.length);
}

// id-ecPublicKey (1.2.840.10045.2.1) and prime256v1 (1.2.840.10045.3.1.7), DER-encoded OIDs.
const OID_EC_PUBLIC_KEY = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
const OID_PRIME256V1 = Uint8Array.of(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);

/**
 * DAC_key.der (SEC1 ECPrivateKey with the named curve, RFC 5915 §3) and the PKCS#8 body of
 * DAC_key.pem (RFC 5208, curve in the algorithm, SEC1 key without parameters) — the forms Python
 * cryptography and OpenSSL write; test/generate.test.ts checks them against certs' dacKeyFiles.
 */
export function p256KeyFiles(scalar: Uint8Array, publicKey: Uint8Array): { sec1Der: Uint8Array; pkcs8Der: Uint8Array } {
  const version = Uint8Array.of(0x02, 0x01, 0x01);
  const privateKey = derElement(0x04, scalar);
  const pub = derElement(0xa1, derElement(0x03, concatBytes(Uint8Array.of(0), publicKey)));
  const sec1Der = derElement(0x30, concatBytes(version, privateKey, derElement(0xa0, OID_PRIME256V1), pub));
  const inner = derElement(0x30, concatBytes(version, privateKey, pub));
  const pkcs8Der = derElement(
    0x30,
    concatBytes(Uint8Array.of(0x02, 0x01, 0x00), derElement(0x30, concatBytes(OID_EC_PUBLIC_KEY, OID_PRIME256V1)), derElement(0x04, inner)),
  );
  return { sec1Der, pkcs8Der };
}

// ---- signers --------------------------------------------------------------------------------------

/** ECDSA-SHA256 through OpenSSL (random nonce), key given as PKCS#8 DER. */
export function opensslSigner(pkcs8Der: Uint8Array): TbsSigner {
  const key: KeyObject = createPrivateKey({ key: Buffer.from(pkcs8Der), format: "der", type: "pkcs8" });
  return (tbs) => {
    const sig = nodeSign("sha256", tbs, key);
    return new Uint8Array(sig.buffer, sig.byteOffset, sig.length);
  };
}

/** ECDSA-SHA256 with the RFC 6979 nonce (same input, same signature): --seed batches reproduce byte for byte. */
export function deterministicSigner(scalar: Uint8Array): TbsSigner {
  return (tbs) => p256.sign(tbs, scalar, { format: "der" });
}

// ---- a device's DAC from the template -------------------------------------------------------------

export interface DacFields {
  serial: Uint8Array;
  commonName: string;
  publicKey: Uint8Array;
}

/** The TBS of a device's DAC: the template with its serial, CN, key and key identifier. */
export function dacTbs(t: DacTemplate, f: DacFields): Uint8Array {
  const cn = utf8Encode(f.commonName);
  if (f.serial.length !== DAC_SERIAL_LENGTH || f.serial[0] < 1 || f.serial[0] > 0x7f) {
    throw new Error(`DAC serial: must be ${DAC_SERIAL_LENGTH} octets with the first in 0x01…0x7F`);
  }
  if (cn.length !== DAC_CN_LENGTH) throw new Error(`DAC common name ${JSON.stringify(f.commonName)}: must be ${DAC_CN_LENGTH} bytes (a UUID)`);
  if (f.publicKey.length !== 65 || f.publicKey[0] !== 0x04) throw new Error("DAC public key: must be an uncompressed P-256 point (65 bytes)");
  const tbs = t.tbs.slice();
  tbs.set(f.serial, t.serialAt);
  tbs.set(cn, t.commonNameAt);
  tbs.set(f.publicKey, t.publicKeyAt);
  tbs.set(sha1(f.publicKey), t.keyIdAt);
  return tbs;
}

/** A device's DAC (DER). */
export function issueDacFromTemplate(t: DacTemplate, f: DacFields, signer: TbsSigner): Uint8Array {
  const tbs = dacTbs(t, f);
  return assembleCertificate(tbs, t.algorithm, signer(tbs));
}
