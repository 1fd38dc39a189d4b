// Moddable adapter: the "native" backend of the factory store and the DAC signer, both through
// native/factory_nvs.c (ESP-IDF NVS with encryption; PSA/mbedTLS ECDSA, the key never reaches JS).
import { getBlob, getString, getU32, init, signWithDacKey, storedType } from "../../native/factory_nvs.js";
import { openNativeFactoryStore, type FactoryNvsBinding } from "../factory-store-native.js";
import type { DacSigner, FactoryStore } from "../platform.js";

const binding: FactoryNvsBinding = { init, getU32, getString, getBlob, storedType };

export function openNativeBackend(label: string): FactoryStore {
  return openNativeFactoryStore(label, binding);
}

/**
 * Signs in native code with the partition's `dac-key`. The native module is opened on first use, so
 * this also works with the flash backend (init is a no-op when the partition is already open).
 */
export function nativeDacSigner(label: string): DacSigner {
  return {
    sign(message: Uint8Array): Uint8Array {
      init(label);
      return new Uint8Array(signWithDacKey(message));
    },
  };
}
