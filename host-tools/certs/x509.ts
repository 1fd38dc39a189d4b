// One place that wires @peculiar/x509 to Node's WebCrypto and turns PEM/DER input into certificates.

// @peculiar/x509 2.x resolves its algorithms through tsyringe, which needs the Reflect metadata API;
// ESM evaluates imports in order, so the polyfill is installed before the library loads.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { looksLikePem, pemDecode } from "./pem.js";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };

/** A certificate as the caller has it: parsed, DER bytes, or PEM text (string or bytes). */
export type CertInput = x509.X509Certificate | Uint8Array | string;

/** Parse `input` into an X509Certificate; `what` names it in the one-line error ("PAI certificate"). */
export function loadCertificate(input: CertInput, what: string): x509.X509Certificate {
  if (input instanceof x509.X509Certificate) return input;
  let der: Uint8Array;
  if (typeof input === "string" || looksLikePem(input)) {
    const text = typeof input === "string" ? input : Buffer.from(input).toString("latin1");
    const block = pemDecode(text, what);
    if (block.label !== "CERTIFICATE") throw new Error(`${what}: PEM block is "${block.label}", expected "CERTIFICATE"`);
    der = block.der;
  } else {
    der = input;
  }
  try {
    return new x509.X509Certificate(der);
  } catch (e) {
    throw new Error(`${what}: not a DER X.509 certificate (${firstLine(e)})`);
  }
}

export function certificateDer(cert: x509.X509Certificate): Uint8Array {
  return new Uint8Array(cert.rawData);
}

export function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split("\n")[0];
}
