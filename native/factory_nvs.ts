// Device-only bindings to native/factory_nvs.c: the Matter factory NVS partition (`chip-factory`
// namespace, read-only) and signing with the DAC key, which never leaves native code.
// Each binding has the exact shape xsc turns into a direct host call (docs/xs-engine.md §Native bindings):
// parameters passed straight through, no defaults. Node/browser code never imports this file.

/** Opens `chip-factory` on the NVS partition with this label (manifest config `factoryPartition`,
 * "fctry"). Uses the `nvs_keys` partition when the firmware is built with NVS encryption. Returns
 * true when the partition was opened encrypted. Throws (one line, ESP-IDF error name) when the
 * partition or the namespace is missing. Calling it again with the same label is a no-op. */
export function init(this: unknown, partition: string): boolean {
  return native("xs_factory_nvs_init").call(this, partition);
}

/** The NVS type name of the key's entry ("u8", "u32", "string", "blob"…), or undefined when the key
 * is absent: after a getter's TypeError, the type the key is stored with. */
export function storedType(this: unknown, key: string): string | undefined {
  return native("xs_factory_nvs_stored_type").call(this, key);
}

/** A u32 entry (VID, PID, discriminator, iteration count…), or undefined when the key is absent.
 * Throws a TypeError ("type mismatch") when the key exists with another type. */
export function getU32(this: unknown, key: string): number | undefined {
  return native("xs_factory_nvs_get_u32").call(this, key);
}

/** A string entry (salt and verifier are base64 text, docs/factory-data.md §Key table), or undefined. */
export function getString(this: unknown, key: string): string | undefined {
  return native("xs_factory_nvs_get_string").call(this, key);
}

/** A blob entry (DER certificates, rd-id-uid…), or undefined when the key is absent. */
export function getBlob(this: unknown, key: string): ArrayBuffer | undefined {
  return native("xs_factory_nvs_get_blob").call(this, key);
}

/** ECDSA P-256 / SHA-256 signature of message with the `dac-key` entry (raw 32-byte scalar):
 * 64 bytes, r ‖ s. */
export function signWithDacKey(this: unknown, message: Uint8Array | ArrayBuffer): ArrayBuffer {
  return native("xs_factory_nvs_sign_with_dac_key").call(this, message);
}
