// DeviceAttestationCredentialsProvider with the semantics of connectedhomeip's ESP32 factory provider
// (docs/factory-data.md §Key table): CD, DAC and PAI are DER blobs of `chip-factory`; signing uses the raw
// P-256 key pair `dac-key` (32 bytes) + `dac-pub-key` (65 bytes). The signature itself is made by a
// DacSigner: native PSA/mbedTLS on the device (the key never reaches JS), the same interface in
// simulation.

import type { DacSigner, FactoryStore } from "../platform.js";
import { readFactoryKey } from "./read-key.js";
import { fail, ok, type ProviderResult } from "./result.js";

export class DeviceAttestationCredentialsProvider {
  constructor(
    private readonly store: FactoryStore,
    private readonly signer: DacSigner,
  ) {}

  certificationDeclaration(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "cert-dclrn");
  }

  /** Firmware information is optional in attestation; the ESP32 provider returns it empty. */
  firmwareInformation(): ProviderResult<Uint8Array> {
    return ok(new Uint8Array(0));
  }

  deviceAttestationCert(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "dac-cert");
  }

  productAttestationIntermediateCert(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "pai-cert");
  }

  /** The DAC public key (`dac-pub-key`, raw uncompressed point). */
  dacPublicKey(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "dac-pub-key");
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
