// The esp_secure_cert TLV format (esp_secure_cert_mgr 2.x, the default "cust_flash_tlv" layout;
// docs/secure-cert.md). Constants from esp_secure_cert_mgr include/esp_secure_cert_tlv_config.h (types,
// subtypes) and private_include/esp_secure_cert_tlv_private.h (magic, header/footer, flags, sizes).

import { InputError } from "../errors/input-error.js";

/** ESP_SECURE_CERT_TLV_MAGIC, stored little-endian: bytes 11 BA 5E BA. */
export const TLV_MAGIC = 0xba5eba11;
/** Header: magic u32, flags u8, reserved[3], type u8, subtype u8, length u16 (all LE). */
export const TLV_HEADER_SIZE = 12;
/** Footer: CRC32 (NVS flavour) of header + payload + padding. */
export const TLV_FOOTER_SIZE = 4;
/** MIN_ALIGNMENT_REQUIRED: payload padded so every entry is a multiple of 16 bytes. */
export const TLV_ALIGNMENT = 16;
/** Largest payload the u16 length field can state. */
export const TLV_MAX_LENGTH = 0xffff;

/** The partition row: type 0x3F, name "esp_secure_cert", 8 KiB at 0xD000 in every public table. */
export const SECURE_CERT_PARTITION_TYPE = 0x3f;
export const SECURE_CERT_PARTITION_NAME = "esp_secure_cert";
export const SECURE_CERT_PARTITION_OFFSET = 0xd000;
export const SECURE_CERT_PARTITION_SIZE = 0x2000;

/** esp_secure_cert_tlv_type_t. */
export const SecureCertType = {
  CA_CERT: 0,
  DEV_CERT: 1,
  PRIV_KEY: 2,
  DS_DATA: 3,
  DS_CONTEXT: 4,
  HMAC_ECDSA_KEY_SALT: 5,
  SEC_CFG: 6,
  TEE_SEC_STORAGE_KEY: 7,
  SIGNATURE_BLOCK: 8,
  INTEGRITY: 9,
  TLV_END: 50,
  USER_DATA_1: 51,
  USER_DATA_2: 52,
  USER_DATA_3: 53,
  USER_DATA_4: 54,
  USER_DATA_5: 55,
  MATTER_TLV_1: 201,
  MATTER_TLV_2: 202,
  TLV_MAX: 254,
  TLV_INVALID: 255,
} as const;

/** ESP_SECURE_CERT_SUBTYPE_MAX: as a lookup argument, "the last entry of the type" (see lookup.ts). */
export const SUBTYPE_MAX = 254;
export const SUBTYPE_INVALID = 255;

/** Flags byte (bits 7:6 key protection, bits 5:3 key location). */
export const TlvFlag = {
  HMAC_ENCRYPTION: 0x80, // (2 << 6): payload is AES-GCM encrypted with an HMAC-derived key
  HMAC_ECDSA_KEY_DERIVATION: 0x40, // (1 << 6): key derived on the chip, payload empty, salt in type 5
  KEY_ECDSA_PERIPHERAL: 0x08, // (1 << 3): key in an eFuse block for the ECDSA peripheral (SEC_CFG)
} as const;
const KEY_PROTECTION_MASK = 0xc0;
const KEY_LOCATION_MASK = 0x38;

/** esp_secure_cert_key_type_t as esp_secure_cert_get_priv_key_type answers it. */
export type SecureCertKeyType = "default" | "hmac-encrypted" | "hmac-derived-ecdsa" | "ecdsa-peripheral";

/** The query's order: derived, then peripheral, then encrypted, else default (esp_secure_cert_tlv_read.c). */
export function keyTypeOfFlags(flags: number): SecureCertKeyType {
  if ((flags & KEY_PROTECTION_MASK) === TlvFlag.HMAC_ECDSA_KEY_DERIVATION) return "hmac-derived-ecdsa";
  if ((flags & KEY_LOCATION_MASK) === TlvFlag.KEY_ECDSA_PERIPHERAL) return "ecdsa-peripheral";
  if ((flags & KEY_PROTECTION_MASK) === TlvFlag.HMAC_ENCRYPTION) return "hmac-encrypted";
  return "default";
}

/** ESP_SECURE_CERT_ECDSA_DER_KEY_SIZE: SEC1 DER of a P-256 key with curve OID and public key. */
export const ECDSA_DER_KEY_SIZE = 121;
/** HMAC-derived key: PBKDF2-HMAC-SHA256, 2048 iterations, 32 bytes (esp_secure_cert_tlv_private.h). */
export const KEY_DERIVATION_ITERATIONS = 2048;
export const DERIVED_KEY_SIZE = 32;

const TYPE_NAMES: Record<number, string> = {};
for (const [name, value] of Object.entries(SecureCertType)) TYPE_NAMES[value] = name;

/** "DEV_CERT", "MATTER_TLV_1", … or "TYPE_<n>" for a value the enum does not name. */
export function secureCertTypeName(type: number): string {
  return TYPE_NAMES[type] ?? `TYPE_${type}`;
}

/** Zero bytes after the payload: (16 − length mod 16) mod 16. */
export function paddingLength(length: number): number {
  return (TLV_ALIGNMENT - (length % TLV_ALIGNMENT)) % TLV_ALIGNMENT;
}

/** Bytes one entry takes: header + payload + padding + footer. */
export function entrySize(length: number): number {
  return TLV_HEADER_SIZE + length + paddingLength(length) + TLV_FOOTER_SIZE;
}

/** Ids of SecureCertError (modules/errors/input-error.ts); the reader's problems have their own. */
export type SecureCertErrorId =
  | "secure-cert.key-format" // a DAC key that is not the 121-byte SEC1 DER of a P-256 key
  | "secure-cert.key-length" // a private scalar that is not 32 bytes or a public point that is not 65
  | "secure-cert.efuse-key-length" // an eFuse HMAC key that is not one 32-byte key block
  | "secure-cert.salt-empty" // an empty HMAC-derived key salt
  | "secure-cert.derived-key-invalid" // eFuse key and salt that derive a scalar outside 1 < d < n
  | "secure-cert.field-range" // an entry type, subtype or flag outside 0..255
  | "secure-cert.entry-too-long" // a payload longer than the 16-bit length field holds
  | "secure-cert.duplicate-entry" // the same type/subtype given twice
  | "secure-cert.too-large"; // an image larger than the partition

/** Bad input to the writer or key helpers; `id` is stable, `message` one line. */
export class SecureCertError extends InputError {
  override name = "SecureCertError";
  declare readonly id: SecureCertErrorId;
  constructor(id: SecureCertErrorId, message: string) {
    super(id, message);
  }
}
