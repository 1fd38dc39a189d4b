// The HMAC-derived ECDSA key (esp_secure_cert_mgr srcs/esp_secure_cert_tlv_read.c
// esp_secure_cert_gen_ecdsa_key, srcs/esp_secure_cert_crypto.c): the chip computes
//   d = PBKDF2-HMAC-SHA256(password = the eFuse HMAC_UP key (32 bytes), salt = the type-5 payload, 2048, 32)
// with its HMAC peripheral, reads d big-endian and returns the 121-byte SEC1 DER. Whoever holds the
// eFuse key can compute the same d, which is how the host issues the DAC for the derived public point.

import { p256 } from "@noble/curves/nist.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToBigInt } from "../bytes/bytes.js";
import { DERIVED_KEY_SIZE, KEY_DERIVATION_ITERATIONS, SecureCertError } from "./format.js";
import { encodeSec1P256 } from "./ec-key.js";

/** PBKDF2-HMAC-SHA256 returning exactly `length` bytes (injectable: node:crypto on the host). */
export type Pbkdf2Sha256 = (password: Uint8Array, salt: Uint8Array, iterations: number, length: number) => Uint8Array;

const noblePbkdf2: Pbkdf2Sha256 = (password, salt, c, dkLen) => pbkdf2(sha256, password, salt, { c, dkLen });

/** eFuse keys are 256-bit blocks. */
export const EFUSE_KEY_SIZE = 32;

export interface DerivedKey {
  d: Uint8Array;
  publicPoint: Uint8Array;
  /** The 121-byte DER the device's get_priv_key returns. */
  der: Uint8Array;
}

/** Derives the key as the chip does; refuses a d outside 1 < d < n (the device's validity check). */
export function deriveHmacEcdsaKey(efuseKey: Uint8Array, salt: Uint8Array, kdf: Pbkdf2Sha256 = noblePbkdf2): DerivedKey {
  if (efuseKey.length !== EFUSE_KEY_SIZE) {
    throw new SecureCertError("secure-cert.efuse-key-length", `eFuse HMAC key of ${efuseKey.length} bytes: must be ${EFUSE_KEY_SIZE}`);
  }
  if (salt.length === 0) throw new SecureCertError("secure-cert.salt-empty", "HMAC-derived key salt: must not be empty");
  const d = kdf(efuseKey, salt, KEY_DERIVATION_ITERATIONS, DERIVED_KEY_SIZE);
  const scalar = bytesToBigInt(d);
  if (scalar <= 1n || scalar >= p256.Point.Fn.ORDER) {
    throw new SecureCertError("secure-cert.derived-key-invalid", "HMAC-derived key: the eFuse key and salt give a scalar outside 1 < d < n; choose another salt");
  }
  const publicPoint = p256.getPublicKey(d, false);
  return { d, publicPoint, der: encodeSec1P256(d, publicPoint) };
}
