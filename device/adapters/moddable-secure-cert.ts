// Moddable adapter: the module's `esp_secure_cert` partition through native/secure_cert.c
// (esp_secure_cert_mgr + PSA; the DAC key never reaches JS). A native failure's stable id comes from
// the binding's failure() ("secure-cert.partition-missing"…); here it becomes the SecureCertError's id.
import { caCert, deviceCert, failure, open, publicKey, sign } from "../../native/secure_cert.js";
import { SecureCertError, type SecureCertKeyMode, type SecureCertSource } from "../platform.js";

function withId<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const id = failure();
    throw new SecureCertError(id ?? "secure-cert.native", id ? message : `secure-cert.native: ${message}`);
  }
}

export function openNativeSecureCert(): SecureCertSource {
  const keyMode = withId(() => open()) as SecureCertKeyMode;
  return {
    keyMode,
    deviceCert: () => new Uint8Array(withId(() => deviceCert())),
    caCert: () => new Uint8Array(withId(() => caCert())),
    publicKey: () => new Uint8Array(withId(() => publicKey())),
    sign: (message: Uint8Array) => new Uint8Array(withId(() => sign(message))),
  };
}
