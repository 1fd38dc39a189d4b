// The DAC template of a batch (see dac-fast.ts): one marker DAC issued with host-tools/certs
// issueDac — which also enforces that the validity lies inside the PAI's, as mfg_tool 1.0.23 does —
// and the offsets of the per-device fields in its TBS.

import { issueDac, loadRawPrivateKey, type AttestationKeyPair } from "../certs/index.js";
import type { x509 } from "../certs/x509.js";
import { utf8Encode } from "../../modules/bytes/utf8.js";
import type { RandomSource } from "../../modules/platform/random.js";
import { drawCertSerial, drawP256Scalar, sha1, splitCertificate, type DacTemplate } from "./dac-fast.js";

function indexOfOnce(hay: Uint8Array, needle: Uint8Array, what: string): number {
  let found = -1;
  for (let i = 0; i + needle.length <= hay.length; i++) {
    let j = 0;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j < needle.length) continue;
    if (found >= 0) throw new Error(`DAC template: the marker ${what} occurs twice in the TBS`);
    found = i;
  }
  if (found < 0) throw new Error(`DAC template: the marker ${what} is not in the TBS`);
  return found;
}

export interface DacTemplateOptions {
  pai: x509.X509Certificate;
  paiKey: AttestationKeyPair;
  vendorId: number;
  productId: number;
  validFrom: Date;
  lifetimeDays: number;
  /** Source of the marker values (any randomness: they only have to be unique within the TBS). */
  random: RandomSource;
}

/** Issues one marker DAC and records where the per-device fields sit in its TBS. */
export async function makeDacTemplate(o: DacTemplateOptions): Promise<DacTemplate> {
  const scalar = drawP256Scalar(o.random);
  const keyPair = await loadRawPrivateKey(scalar, "template key");
  const serial = drawCertSerial(o.random);
  const hex = Array.from(o.random(16), (b) => b.toString(16).padStart(2, "0")).join("");
  const commonName = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const issued = await issueDac({
    pai: { cert: o.pai, key: o.paiKey },
    vendorId: o.vendorId,
    productId: o.productId,
    commonName,
    validFrom: o.validFrom,
    lifetimeDays: o.lifetimeDays,
    keyPair,
    serial,
  });
  const { tbs, algorithm } = splitCertificate(issued.der);
  return {
    tbs,
    algorithm,
    serialAt: indexOfOnce(tbs, serial, "serial"),
    commonNameAt: indexOfOnce(tbs, utf8Encode(commonName), "common name"),
    publicKeyAt: indexOfOnce(tbs, keyPair.rawPublic, "public key"),
    keyIdAt: indexOfOnce(tbs, sha1(keyPair.rawPublic), "subject key identifier"),
  };
}

