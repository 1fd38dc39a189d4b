// Matter constants shared by the schema (schema.ts), validation, onboarding, crypto, the CLI's help
// texts and the device providers. One place each; this module imports nothing.

// ---- onboarding (Matter Core §5.1) ----------------------------------------------------------------

/** Setup passcode range 0x0000001…0x5F5E0FE (Core §5.1.1.6). */
export const PASSCODE_MIN = 1;
export const PASSCODE_MAX = 99999998;
/** Trivial passcodes that SHALL NOT be used (Core §5.1.7.1; also chip IsValidSetupPIN, matter.js, mfg_tool). */
export const INVALID_PASSCODES: readonly number[] = Object.freeze([
  0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678, 87654321,
]);
/** The 12-bit discriminator: 0…0xFFF (Core §5.1.1.5). */
export const DISCRIMINATOR_MAX = 0xfff;

// ---- PASE / SPAKE2+ (Core §3.9 PBKDF, §3.10 SPAKE2+; crypto constants table) -----------------------

/** CRYPTO_PBKDF_ITERATIONS_MIN / _MAX. */
export const PBKDF_ITERATIONS_MIN = 1000;
export const PBKDF_ITERATIONS_MAX = 100000;
/** PBKDF salt length in bytes: 16…32 (Core §5.1 onboarding payload TLV, tag 0x02 PBKDFSalt). */
export const PBKDF_SALT_MIN = 16;
export const PBKDF_SALT_MAX = 32;
/** Serialized SPAKE2+ verifier W0 (32) ‖ L (65 uncompressed point). */
export const SPAKE2P_VERIFIER_LENGTH = 97;

// ---- Basic Information / descriptor clusters (Matter Application Cluster spec) ---------------------
// String limits in bytes; connectedhomeip sizes its provider buffers from them.

export const VENDOR_NAME_MAX = 32;
export const PRODUCT_NAME_MAX = 32;
export const PART_NUMBER_MAX = 32;
export const SERIAL_NUMBER_MAX = 32;
export const PRODUCT_LABEL_MAX = 64;
export const HARDWARE_VERSION_STRING_MAX = 64;
export const PRODUCT_URL_MAX = 256;
/** Fixed Label cluster: label and value are at most 16 bytes each. */
export const FIXED_LABEL_MAX = 16;
/** Localization Configuration: a locale (BCP-47 tag) is at most 35 bytes. */
export const LOCALE_MAX = 35;
/** Mode Select: a mode label is at most 64 bytes. */
export const MODE_LABEL_MAX = 64;
/** CalendarTypeEnum 0 Buddhist … 11 Taiwanese (Time Format Localization cluster). */
export const CALENDAR_TYPE_COUNT = 12;

/** Rotating Device ID unique ID: at least 128 bits (Core §5.4.2.4.5). */
export const ROTATING_ID_UNIQUE_ID_MIN = 16;
