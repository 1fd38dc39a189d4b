// Matter onboarding payloads (Core spec §5.1): QR "MT:" strings, manual pairing codes, optional TLV
// data, NFC NDEF record, passcode rules and generators.
export { BASE38_ALPHABET, base38Length, encodeBase38, decodeBase38 } from "./base38.js";
export { verhoeffCheckDigit, verhoeffValid } from "./verhoeff.js";
export {
  PASSCODE_MIN,
  PASSCODE_MAX,
  PASSCODE_FIELD_MAX,
  DISCRIMINATOR_MAX,
  INVALID_PASSCODES,
  passcodeProblem,
  passcodeRule,
  isValidPasscode,
  validatePasscode,
  generatePasscode,
  generateDiscriminator,
} from "./passcode.js";
export {
  CommissioningFlow,
  DiscoveryCapability,
  DISCOVERY_CAPABILITIES_DEFINED,
  OnboardingTlvTag,
  VENDOR_TAG_MIN,
  SERIAL_NUMBER_MAX_BYTES,
  PBKDF_ITERATIONS_MIN,
  PBKDF_ITERATIONS_MAX,
  PBKDF_SALT_MIN_BYTES,
  PBKDF_SALT_MAX_BYTES,
  QR_SINGLE_PAYLOAD_MAX_CHARS,
  QR_TOTAL_MAX_CHARS,
  QR_HEADER_BYTES,
  hasOptionalFields,
  encodeOptionalData,
  decodeOptionalData,
  validateOnboardingPayload,
  type OnboardingPayload,
  type OptionalData,
  type TlvOrder,
} from "./payload.js";
export {
  QR_PREFIX,
  packQrHeader,
  unpackQrHeader,
  qrPayloadBytes,
  encodeQrPayload,
  decodeQrPayload,
  extractQrPayload,
  type QrEncodeOptions,
  type QrDecodeOptions,
} from "./qr.js";
export {
  encodeManualCode,
  decodeManualCode,
  formatManualCode,
  type ManualCodeInput,
  type ManualCodeOptions,
  type ManualCodeData,
} from "./manual.js";
export { ndefRecordForPayload } from "./ndef.js";
export { type OnboardingErrorId } from "./errors.js";
