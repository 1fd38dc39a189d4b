// DeviceAttestationCredentialsProvider for a pre-provisioned module, with the semantics of
// connectedhomeip's ESP32SecureCertDACProvider (docs/secure-cert-device.md): DAC (DEV_CERT) and PAI
// (CA_CERT) from the `esp_secure_cert` partition, signing with its key in native code (plaintext or
// HMAC-derived), the CD still from chip-factory `cert-dclrn`. Chosen by manifest config
// `attestationSource: "esp_secure_cert"`.
//
// Everything is read and checked once at boot (`loadSecureCertCredentials`): a missing or corrupt
// partition, a missing certificate or key, or a key that is not the DAC's is ONE SecureCertError, and
// the firmware halts instead of commissioning with made-up data.

import { bytesEqual } from "../../modules/bytes/bytes.js";
import type { FactoryStore, SecureCertKeyMode, SecureCertSource } from "../platform.js";
import { SecureCertError } from "../platform.js";
import { DeviceAttestationCredentialsProvider } from "./attestation.js";
import { fail, ok, type ProviderResult } from "./result.js";

/** The chip-factory keys this provider does not read (esp-matter-mfg-tool --dac-in-secure-cert leaves them out). */
export const SECURE_CERT_REPLACED_KEYS: readonly string[] = Object.freeze(["dac-cert", "dac-key", "dac-pub-key", "pai-cert"]);

/** SubjectPublicKeyInfo of an uncompressed P-256 key (RFC 5480 §2: id-ecPublicKey, secp256r1), up to the point. */
const P256_SPKI_PREFIX = Uint8Array.of(
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
);
const P256_POINT_LENGTH = 65;

/** The 65-byte public point in a DER certificate's P-256 SubjectPublicKeyInfo, or undefined. */
export function certificateP256Point(der: Uint8Array): Uint8Array | undefined {
  const n = P256_SPKI_PREFIX.length;
  for (let i = 0; i + n + P256_POINT_LENGTH <= der.length; i++) {
    if (der[i] !== 0x30 || !bytesEqual(der.subarray(i, i + n), P256_SPKI_PREFIX)) continue;
    const point = der.slice(i + n, i + n + P256_POINT_LENGTH);
    return point[0] === 0x04 ? point : undefined;
  }
  return undefined;
}

/** What the partition gave at boot, checked. */
export interface SecureCertCredentials {
  readonly source: SecureCertSource;
  readonly keyMode: SecureCertKeyMode;
  readonly dac: Uint8Array;
  readonly pai: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Reads DAC, PAI and the key's public point and checks that the key is the DAC's; throws SecureCertError. */
export function loadSecureCertCredentials(source: SecureCertSource): SecureCertCredentials {
  const dac = source.deviceCert();
  const pai = source.caCert();
  const publicKey = source.publicKey();
  const dacPoint = certificateP256Point(dac);
  if (!dacPoint) throw new SecureCertError("secure-cert.dac-format", "secure-cert.dac-format: DEV_CERT is not a DER certificate with a P-256 public key");
  if (!bytesEqual(dacPoint, publicKey)) {
    const hint = source.keyMode === "hmac-derived" ? " (another eFuse HMAC key or salt than the DAC was issued for?)" : "";
    throw new SecureCertError("secure-cert.key-mismatch", `secure-cert.key-mismatch: the ${source.keyMode} PRIV_KEY is not the DAC's key${hint}`);
  }
  return { source, keyMode: source.keyMode, dac, pai, publicKey };
}

export class SecureCertAttestationProvider extends DeviceAttestationCredentialsProvider {
  constructor(
    store: FactoryStore,
    readonly credentials: SecureCertCredentials,
  ) {
    super(store, credentials.source);
  }

  override deviceAttestationCert(): ProviderResult<Uint8Array> {
    return ok(this.credentials.dac);
  }

  override productAttestationIntermediateCert(): ProviderResult<Uint8Array> {
    return ok(this.credentials.pai);
  }

  override dacPublicKey(): ProviderResult<Uint8Array> {
    return ok(this.credentials.publicKey);
  }

  /** ECDSA P-256 / SHA-256 (64 bytes, r ‖ s) with the partition's key, in native code. */
  override signWithDeviceAttestationKey(message: Uint8Array): ProviderResult<Uint8Array> {
    try {
      const signature = this.credentials.source.sign(message);
      if (signature.length !== 64) return fail("invalid", "esp_secure_cert", `esp_secure_cert PRIV_KEY: the signer returned ${signature.length} bytes, expected 64 (r ‖ s)`);
      return ok(signature);
    } catch (e) {
      return fail("invalid", "esp_secure_cert", e instanceof Error ? e.message : String(e));
    }
  }
}

/** The provider for `attestationSource: "esp_secure_cert"`: opens and checks the partition; throws SecureCertError. */
export function openSecureCertAttestation(openSecureCert: () => SecureCertSource, store: FactoryStore): SecureCertAttestationProvider {
  return new SecureCertAttestationProvider(store, loadSecureCertCredentials(openSecureCert()));
}

/** The bring-up console's line for this source. */
export function secureCertSummary(provider: SecureCertAttestationProvider): string {
  const c = provider.credentials;
  const key = c.keyMode === "hmac-derived" ? "HMAC-derived key (eFuse HMAC_UP + salt, derived in native code)" : "plaintext key (SEC1 DER in the partition)";
  return `attestation source: partition "esp_secure_cert": DAC ${c.dac.length} bytes, PAI ${c.pai.length} bytes, ${key}; CD from chip-factory`;
}
