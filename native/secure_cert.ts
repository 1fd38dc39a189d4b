// Device-only bindings to native/secure_cert.c: the module's `esp_secure_cert` partition through
// esp_secure_cert_mgr (DAC, PAI) and signing with the DAC key, which never leaves native code — read
// from the partition (plaintext mode) or derived by the HMAC peripheral (HMAC-derived mode).
// Each binding has the exact shape xsc turns into a direct host call: parameters passed straight
// through, no defaults. Every failure is an Error whose message starts with its stable id
// ("secure-cert.partition-missing: …"); `failure()` answers that id, so callers never parse the message.
// Node/browser code never imports this file.

/** Checks the partition and its PRIV_KEY entry: "plaintext" (SEC1 DER in the partition) or
 * "hmac-derived" (flags 0x40 + salt, eFuse HMAC_UP key present). Throws for a missing partition,
 * no TLV entries, a missing or unusable key. */
export function open(this: unknown): string {
  return native("xs_secure_cert_open").call(this);
}

/** The DAC: DEV_CERT (type 1, subtype 0), DER, at most 600 bytes. */
export function deviceCert(this: unknown): ArrayBuffer {
  return native("xs_secure_cert_get_device_cert").call(this);
}

/** The PAI: CA_CERT (type 0, subtype 0), DER, at most 600 bytes. */
export function caCert(this: unknown): ArrayBuffer {
  return native("xs_secure_cert_get_ca_cert").call(this);
}

/** The DAC key's public point, 65 bytes (04 ‖ X ‖ Y), checked against its private scalar. */
export function publicKey(this: unknown): ArrayBuffer {
  return native("xs_secure_cert_public_key").call(this);
}

/** ECDSA P-256 / SHA-256 signature of message with the DAC key: 64 bytes, r ‖ s. */
export function sign(this: unknown, message: Uint8Array | ArrayBuffer): ArrayBuffer {
  return native("xs_secure_cert_sign").call(this, message);
}

/** The stable id of the error the last call threw ("secure-cert.key-missing"…), or undefined when
 * that error did not come from the partition checks (an XS error such as a wrong argument type). */
export function failure(this: unknown): string | undefined {
  return native("xs_secure_cert_failure").call(this);
}
