// DeviceAttestationCredentialsProvider with the semantics of connectedhomeip's ESP32 factory provider
// (docs/factory-data.md §Key table): CD, DAC and PAI are DER blobs of `chip-factory`; signing uses the raw
// P-256 key pair `dac-key` (32 bytes) + `dac-pub-key` (65 bytes). The signature itself is made by a
// DacSigner: native PSA/mbedTLS on the device (the key never reaches JS), the same interface in
// simulation.

import type { DacSigner, FactoryStore } from "../platform.js";
import { fail, ok, readBlob, type ProviderResult } from "./result.js";

// The SDK's buffers: DER certificates up to 600 bytes, the CMS-signed CD up to 800 bytes
// (modules/factory/schema.ts rules for dac-cert, pai-cert, cert-dclrn).
const CERT_MAX = 600;
const CD_MAX = 800;
const DAC_PUBLIC_KEY_LENGTH = 65;

export class DeviceAttestationCredentialsProvider {
  constructor(
    private readonly store: FactoryStore,
    private readonly signer: DacSigner,
  ) {}

  certificationDeclaration(): ProviderResult<Uint8Array> {
    return readBlob(this.store, "cert-dclrn", CD_MAX);
  }

  /** Firmware information is optional in attestation; the ESP32 provider returns it empty. */
  firmwareInformation(): ProviderResult<Uint8Array> {
    return ok(new Uint8Array(0));
  }

  deviceAttestationCert(): ProviderResult<Uint8Array> {
    return readBlob(this.store, "dac-cert", CERT_MAX);
  }

  productAttestationIntermediateCert(): ProviderResult<Uint8Array> {
    return readBlob(this.store, "pai-cert", CERT_MAX);
  }

  /** The DAC public key (`dac-pub-key`, raw uncompressed point). */
  dacPublicKey(): ProviderResult<Uint8Array> {
    const pub = readBlob(this.store, "dac-pub-key");
    if (pub.status === "ok" && (pub.value.length !== DAC_PUBLIC_KEY_LENGTH || pub.value[0] !== 0x04)) {
      return fail("invalid", "dac-pub-key", `key "dac-pub-key": ${pub.value.length} bytes, must be a 65-byte uncompressed P-256 point (0x04 ‖ X ‖ Y)`);
    }
    return pub;
  }

  /**
   * ECDSA P-256 / SHA-256 signature (64 bytes, r ‖ s) of `message` with the DAC key. Like the ESP32
   * provider it needs both halves of the key pair; the private key's size is checked without reading
   * its value into JS on the device.
   */
  signWithDeviceAttestationKey(message: Uint8Array): ProviderResult<Uint8Array> {
    const pub = this.dacPublicKey();
    if (pub.status !== "ok") return pub;
    try {
      const signature = this.signer.sign(message);
      if (signature.length !== 64) return fail("invalid", "dac-key", `key "dac-key": the signer returned ${signature.length} bytes, expected 64 (r ‖ s)`);
      return ok(signature);
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      const status = /not found/.test(text) ? "not-found" : "invalid";
      return fail(status, "dac-key", text.indexOf("dac-key") >= 0 ? text : `key "dac-key": ${text}`);
    }
  }
}
