// Matter device attestation certificates on the host: key pairs, PAI/DAC issuance like
// esp-matter-mfg-tool, and the tool's input validation rules (docs/factory-data.md §Certificates).

export { x509, loadCertificate, certificateDer, type CertInput } from "./x509.js";
export { pemEncode, pemDecode } from "./pem.js";
export {
  generateP256KeyPair,
  loadPrivateKeyPem,
  loadPrivateKeyDer,
  loadRawPrivateKey,
  dacKeyFiles,
  privateKeyPkcs8Pem,
  keyPairMatches,
  keyIdentifier,
  type AttestationKeyPair,
  type DacKeyFiles,
} from "./keys.js";
export { matterVidPid, matterIdText, OID_MATTER_VID, OID_MATTER_PID } from "./matter-dn.js";
export {
  issueDac,
  issuePai,
  mfgToolPaiCommonName,
  randomSerial,
  DEFAULT_LIFETIME_DAYS,
  type DacOptions,
  type PaiOptions,
  type Issuer,
  type IssuedCertificate,
} from "./issue.js";
export {
  validatePaa,
  validatePai,
  validateDac,
  type CertFinding,
  type PaaValidationOptions,
  type PaiValidationOptions,
  type DacValidationOptions,
} from "./validate.js";
