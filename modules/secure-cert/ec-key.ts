// The 121-byte SEC1 ECPrivateKey DER of a P-256 key, with curve OID and public key (RFC 5915):
//   30 77 02 01 01 04 20 <d:32> A0 0A 06 08 2A 86 48 CE 3D 03 01 07 A1 44 03 42 00 <04‖X‖Y:65>
// The layout esp-secure-cert-tool writes for a DER key file, esp_secure_cert_mgr returns for a derived
// key, and connectedhomeip's ESP32SecureCertDACProvider slices (d at byte 7, the point at byte 56).

import { bytesEqual, concatBytes } from "../bytes/bytes.js";
import { ECDSA_DER_KEY_SIZE, SecureCertError } from "./format.js";

const PREFIX = Uint8Array.of(0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20);
const MIDDLE = Uint8Array.of(0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0xa1, 0x44, 0x03, 0x42, 0x00);
export const SEC1_SCALAR_OFFSET = 7;
export const SEC1_POINT_OFFSET = 56;

/** d (32 bytes big-endian) and the uncompressed point (65 bytes) → the 121-byte DER. */
export function encodeSec1P256(d: Uint8Array, publicPoint: Uint8Array): Uint8Array {
  if (d.length !== 32) throw new SecureCertError("secure-cert.key-length", `private scalar of ${d.length} bytes: must be 32`);
  if (publicPoint.length !== 65 || publicPoint[0] !== 0x04) {
    throw new SecureCertError("secure-cert.key-length", `public point of ${publicPoint.length} bytes: must be 65, uncompressed (04‖X‖Y)`);
  }
  return concatBytes(PREFIX, d, MIDDLE, publicPoint);
}

/** The 121-byte layout parsed; undefined for anything else (PEM, PKCS#8, SEC1 without parameters …). */
export function decodeSec1P256(der: Uint8Array): { d: Uint8Array; publicPoint: Uint8Array } | undefined {
  if (der.length !== ECDSA_DER_KEY_SIZE) return undefined;
  if (!bytesEqual(der.subarray(0, SEC1_SCALAR_OFFSET), PREFIX)) return undefined;
  if (!bytesEqual(der.subarray(39, SEC1_POINT_OFFSET), MIDDLE) || der[SEC1_POINT_OFFSET] !== 0x04) return undefined;
  return { d: der.slice(SEC1_SCALAR_OFFSET, 39), publicPoint: der.slice(SEC1_POINT_OFFSET) };
}
