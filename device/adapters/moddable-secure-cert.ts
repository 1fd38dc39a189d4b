// Moddable adapter: the module's `esp_secure_cert` partition through native/secure_cert.c
// (esp_secure_cert_mgr + PSA; the DAC key never reaches JS). The native errors start with their stable
// id ("secure-cert.partition-missing: …"); here they become SecureCertErrors carrying it.
import { caCert, deviceCert, open, publicKey, sign } from "../../native/secure_cert.js";
import { SecureCertError, type SecureCertKeyMode, type SecureCertSource } from "../platform.js";

const ID = /^(secure-cert\.[a-z0-9-]+): /;

function withId<T>(call: () => T): T {
  try {
    return call();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const id = ID.exec(message);
    throw new SecureCertError(id ? id[1] : "secure-cert.native", id ? message : `secure-cert.native: ${message}`);
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
