// P-256 attestation key pairs (DAC / PAI / PAA keys) and the key files mfg_tool writes per device.
// docs/factory-data.md §Certificates: every generated key is secp256r1; DAC_key.pem is PKCS#8 PEM, DAC_key.der is
// SEC1 ("traditional OpenSSL") DER, DAC_private_key.bin the 32-byte scalar, DAC_public_key.bin the
// 65-byte uncompressed point.

import { createECDH, createPrivateKey, createPublicKey, KeyObject, verify as nodeVerify, webcrypto } from "node:crypto";

type CryptoKey = webcrypto.CryptoKey;
import type { X509Certificate } from "@peculiar/x509";
import { pemEncode } from "./pem.js";
import { firstLine } from "./x509.js";

export interface AttestationKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** Private scalar, 32 bytes big-endian. */
  rawPrivate: Uint8Array;
  /** Uncompressed SEC1 point 04‖X‖Y, 65 bytes. */
  rawPublic: Uint8Array;
}

/** The files mfg_tool writes under <uuid>/internal/ for a DAC key. */
export interface DacKeyFiles {
  /** DAC_key.pem */
  pkcs8Pem: string;
  /** DAC_key.der */
  sec1Der: Uint8Array;
  /** DAC_private_key.bin */
  rawPrivate: Uint8Array;
  /** DAC_public_key.bin */
  rawPublic: Uint8Array;
}

const subtle = webcrypto.subtle;
const P256 = { name: "ECDSA", namedCurve: "P-256" } as const;
const ECDSA_SHA256 = { name: "ECDSA", hash: "SHA-256" } as const;

const asBytes = (b: Buffer | ArrayBuffer): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const b64url = (s: string | undefined): Uint8Array => asBytes(Buffer.from(s ?? "", "base64url"));

async function fromKeyObject(key: KeyObject, what: string): Promise<AttestationKeyPair> {
  if (key.type !== "private") throw new Error(`${what}: is a ${key.type} key, expected a private key`);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    const kind = key.asymmetricKeyType === "ec" ? `EC curve ${curve}` : `${key.asymmetricKeyType} key`;
    throw new Error(`${what}: ${kind}, expected an EC P-256 (prime256v1) private key`);
  }
  const jwk = key.export({ format: "jwk" });
  const rawPrivate = b64url(jwk.d);
  const rawPublic = new Uint8Array(65);
  rawPublic[0] = 0x04;
  rawPublic.set(b64url(jwk.x), 1);
  rawPublic.set(b64url(jwk.y), 33);
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  const privateKey = await subtle.importKey("pkcs8", pkcs8, P256, true, ["sign"]);
  const publicKey = await subtle.importKey("raw", rawPublic, P256, true, ["verify"]);
  return { privateKey, publicKey, rawPrivate, rawPublic };
}

/** A fresh P-256 key pair from the OS CSPRNG (the DAC / PAI keys mfg_tool generates). */
export async function generateP256KeyPair(): Promise<AttestationKeyPair> {
  const pair = await subtle.generateKey(P256, true, ["sign", "verify"]);
  return fromKeyObject(KeyObject.from(pair.privateKey), "generated key");
}

/** Load a P-256 private key from PEM: PKCS#8 ("PRIVATE KEY") or SEC1 ("EC PRIVATE KEY"), unencrypted. */
export async function loadPrivateKeyPem(pem: string, what = "private key"): Promise<AttestationKeyPair> {
  if (!/-----BEGIN (EC )?PRIVATE KEY-----/.test(pem)) {
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
    throw new Error(`${what}: ${label ? `PEM block "${label}"` : "no PEM block"}, expected "PRIVATE KEY" (PKCS#8) or "EC PRIVATE KEY" (SEC1)`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (e) {
    throw new Error(`${what}: cannot be parsed (${firstLine(e)})`);
  }
  return fromKeyObject(key, what);
}

/** Load a P-256 private key from DER: PKCS#8 or SEC1. */
export async function loadPrivateKeyDer(der: Uint8Array, what = "private key"): Promise<AttestationKeyPair> {
  for (const type of ["pkcs8", "sec1"] as const) {
    let key: KeyObject;
    try {
      key = createPrivateKey({ key: Buffer.from(der), format: "der", type });
    } catch {
      continue;
    }
    return fromKeyObject(key, what);
  }
  throw new Error(`${what}: ${der.length} bytes are neither PKCS#8 nor SEC1 DER`);
}

/** Rebuild a key pair from the 32-byte scalar stored in NVS as `dac-key` (DAC_private_key.bin). */
export async function loadRawPrivateKey(raw: Uint8Array, what = "private key"): Promise<AttestationKeyPair> {
  if (raw.length !== 32) throw new Error(`${what}: ${raw.length} bytes, expected a 32-byte P-256 scalar`);
  const ecdh = createECDH("prime256v1");
  try {
    ecdh.setPrivateKey(raw);
  } catch (e) {
    throw new Error(`${what}: not a valid P-256 scalar (${firstLine(e)})`);
  }
  const pub = ecdh.getPublicKey(null, "uncompressed");
  const jwk = {
    kty: "EC",
    crv: "P-256",
    d: Buffer.from(raw).toString("base64url"),
    x: pub.subarray(1, 33).toString("base64url"),
    y: pub.subarray(33, 65).toString("base64url"),
  };
  return fromKeyObject(createPrivateKey({ key: jwk, format: "jwk" }), what);
}

/** The four key files mfg_tool writes for a DAC, byte-for-byte. */
export function dacKeyFiles(keyPair: AttestationKeyPair): DacKeyFiles {
  const key = KeyObject.from(keyPair.privateKey);
  return {
    pkcs8Pem: pemEncode("PRIVATE KEY", asBytes(key.export({ type: "pkcs8", format: "der" }))),
    sec1Der: asBytes(key.export({ type: "sec1", format: "der" })),
    rawPrivate: keyPair.rawPrivate.slice(),
    rawPublic: keyPair.rawPublic.slice(),
  };
}

/** PKCS#8 PEM of any key pair (mfg_tool's staging/pai_key.pem has this form too). */
export function privateKeyPkcs8Pem(keyPair: AttestationKeyPair): string {
  return dacKeyFiles(keyPair).pkcs8Pem;
}

const PROBE = asBytes(Buffer.from("matter-factory key pair probe", "latin1"));

/**
 * True when `keyPair`'s private key signs data that `cert`'s public key verifies (ECDSA-SHA256), the
 * sign/verify check mfg_tool applies to every supplied certificate and key (docs/factory-data.md §Certificates).
 */
export async function keyPairMatches(cert: X509Certificate, keyPair: AttestationKeyPair): Promise<boolean> {
  const signature = new Uint8Array(await subtle.sign(ECDSA_SHA256, keyPair.privateKey, PROBE));
  try {
    const certKey = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: "der", type: "spki" });
    return nodeVerify("sha256", PROBE, { key: certKey, dsaEncoding: "ieee-p1363" }, signature);
  } catch {
    return false; // not an EC key, or a curve whose signature size differs
  }
}

/** SHA-1 of the subjectPublicKey bits (RFC 5280 §4.2.1.2 method 1), as Python cryptography computes SKI. */
export async function keyIdentifier(rawPublic: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest("SHA-1", rawPublic));
}
