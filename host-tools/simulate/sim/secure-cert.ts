// Simulated native module native/secure_cert.c (runs inside XS; replaces native/secure_cert.ts in the
// simulation bundle). Same functions, same answers and stable error ids as the C code, over the
// board's `esp_secure_cert` partition bytes and its simulated eFuse HMAC_UP key:
//   lookups  as esp_secure_cert_mgr makes them (modules/secure-cert: first exact match, CRC checked);
//   plaintext key  the 121-byte SEC1 DER of PRIV_KEY/0;
//   HMAC-derived key  PBKDF2-HMAC-SHA256(eFuse key, salt, 2048, 32), what the HMAC peripheral computes;
//   signing  ECDSA P-256 / SHA-256, r ‖ s (noble here, PSA there).
// The derivation runs while the board is set up (`premountSecureCert`): on the device that work is the
// HMAC peripheral's, so it stays out of the boot's XS meter and heap figures.

import { p256 } from "@noble/curves/nist.js";
import { bytesEqual } from "../../../modules/bytes/bytes.js";
import { decodeSec1P256 } from "../../../modules/secure-cert/ec-key.js";
import { SECURE_CERT_PARTITION_NAME as SECURE_CERT_PARTITION, SecureCertType } from "../../../modules/secure-cert/format.js";
import { deriveHmacEcdsaKey } from "../../../modules/secure-cert/hmac-derived.js";
import { findSecureCertEntry, secureCertKeyType } from "../../../modules/secure-cert/lookup.js";
import { readSecureCert, type SecureCertImage } from "../../../modules/secure-cert/reader.js";
import { board } from "./hardware.js";

const DER_CERT_MAX = 600; // connectedhomeip CHIPCert.h kMaxDERCertLength

type Key = { d: Uint8Array; point: Uint8Array } | { error: { id: string; text: string } };

interface Mounted {
  image?: SecureCertImage;
  key?: Key;
}

let mounted: Mounted | undefined;

/** The id of the failure being thrown, answered by failure(); cleared when a binding starts. */
let failureId: string | undefined;

function fail(id: string, text: string): never {
  failureId = id;
  throw new Error(`${id}: ${text}`);
}

/** native/secure_cert.c xs_secure_cert_failure: the stable id of the error the last call threw. */
export function failure(): string | undefined {
  return failureId;
}

function image(): SecureCertImage {
  failureId = undefined; // every binding starts here, as the C code's requirePartition
  mounted ??= mount();
  const bytes = board.partitions.get(SECURE_CERT_PARTITION);
  if (!bytes || !mounted.image) fail("secure-cert.partition-missing", `no partition "${SECURE_CERT_PARTITION}" (type 0x3F) in the partition table`);
  if (mounted.image.entries.length === 0) fail("secure-cert.no-entries", `partition "${SECURE_CERT_PARTITION}" at 0xD000 holds no TLV entry (erased, or not an esp_secure_cert image)`);
  return mounted.image;
}

function value(img: SecureCertImage, type: number): Uint8Array | undefined {
  const r = findSecureCertEntry(img, type, 0);
  return r.ok ? r.value : undefined;
}

/** The key as esp_secure_cert_get_priv_key hands it out, checked like the C code's loadKey/openKey. */
function loadKey(img: SecureCertImage): Key {
  const type = secureCertKeyType(img);
  if (type === undefined) return { error: { id: "secure-cert.key-missing", text: "PRIV_KEY entry (type 2, subtype 0) not found or its CRC does not match" } };
  let der: Uint8Array | undefined;
  if (type === "default") der = value(img, SecureCertType.PRIV_KEY);
  else if (type === "hmac-derived-ecdsa") {
    const salt = value(img, SecureCertType.HMAC_ECDSA_KEY_SALT);
    const efuse = board.efuseHmacUpKey;
    if (!salt || salt.length === 0 || !efuse) return { error: { id: "secure-cert.key-derivation", text: "deriving the key with the HMAC peripheral failed" } };
    try {
      der = deriveHmacEcdsaKey(efuse, salt).der;
    } catch {
      return { error: { id: "secure-cert.key-derivation", text: "deriving the key with the HMAC peripheral failed" } };
    }
  } else return { error: { id: "secure-cert.key-unsupported", text: "PRIV_KEY is neither a plaintext nor an HMAC-derived key" } };
  const key = der && decodeSec1P256(der);
  if (!key) return { error: { id: "secure-cert.key-format", text: "PRIV_KEY is not a 121-byte SEC1 DER P-256 key (a PEM or PKCS#8 key cannot be used)" } };
  let computed: Uint8Array;
  try {
    computed = p256.getPublicKey(key.d, false);
  } catch {
    return { error: { id: "secure-cert.key-invalid", text: "PSA refused the private scalar (status -135)" } }; // PSA_ERROR_INVALID_ARGUMENT
  }
  if (!bytesEqual(computed, key.publicPoint)) return { error: { id: "secure-cert.key-format", text: "the public key stored with PRIV_KEY is not the private scalar's" } };
  return { d: key.d, point: key.publicPoint };
}

function mount(): Mounted {
  const bytes = board.partitions.get(SECURE_CERT_PARTITION);
  if (!bytes) return {};
  const img = readSecureCert(bytes);
  return { image: img, key: img.entries.length > 0 ? loadKey(img) : undefined };
}

/** Reads the partition and derives the key ahead of boot (host install step). */
export function premountSecureCert(): void {
  mounted = mount();
}

function key(): { d: Uint8Array; point: Uint8Array } {
  const img = image();
  const k = (mounted!.key ??= loadKey(img));
  if ("error" in k) fail(k.error.id, k.error.text);
  return k;
}

export function open(): string {
  const img = image();
  const type = secureCertKeyType(img);
  if (type === undefined) fail("secure-cert.key-missing", "PRIV_KEY entry (type 2, subtype 0) not found or its CRC does not match");
  if (type === "default") return "plaintext";
  if (type === "hmac-derived-ecdsa") {
    const salt = value(img, SecureCertType.HMAC_ECDSA_KEY_SALT);
    if (!salt || salt.length === 0) fail("secure-cert.salt-missing", "HMAC-derived key without its salt (HMAC_ECDSA_KEY_SALT entry, type 5, subtype 0)");
    if (!board.efuseHmacUpKey) fail("secure-cert.efuse-key-missing", "HMAC-derived key, but no eFuse key block has purpose HMAC_UP");
    return "hmac-derived";
  }
  if (type === "hmac-encrypted") fail("secure-cert.key-unsupported", "HMAC-encrypted PRIV_KEY (flags 0x80): not supported (docs/secure-cert-device.md)");
  fail("secure-cert.key-unsupported", "ECDSA-peripheral PRIV_KEY (flags 0x08): the ESP32-C3 has no ECDSA peripheral");
}

function certificate(type: number, id: string, what: string): ArrayBuffer {
  const v = value(image(), type);
  if (!v || v.length === 0) fail(`secure-cert.${id}-missing`, `${what} not found or its CRC does not match`);
  if (v.length > DER_CERT_MAX) fail(`secure-cert.${id}-too-long`, `${what} is ${v.length} bytes, longer than the provider's ${DER_CERT_MAX}-byte buffer`);
  return v.slice().buffer;
}

export function deviceCert(): ArrayBuffer {
  return certificate(SecureCertType.DEV_CERT, "dac", "DEV_CERT entry (type 1, subtype 0)");
}

export function caCert(): ArrayBuffer {
  return certificate(SecureCertType.CA_CERT, "pai", "CA_CERT entry (type 0, subtype 0)");
}

export function publicKey(): ArrayBuffer {
  return key().point.slice().buffer;
}

export function sign(message: Uint8Array | ArrayBuffer): ArrayBuffer {
  const k = key();
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  return p256.sign(bytes, k.d).slice().buffer; // SHA-256 prehash, compact r ‖ s, RFC 6979
}
