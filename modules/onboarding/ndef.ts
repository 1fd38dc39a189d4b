// NFC tag content for the onboarding payload (Core spec §5.1.8, Table 42): an NDEF message of one
// NFC Forum well-known URI record (RTD URI 1.0), type "U", URI identifier code 0x00 (no abbreviation)
// followed by the QR string "MT:…" as ASCII.
//
// Emitted bytes: D1 01 <len> 55 00 <"MT:…">  — header D1 = MB|ME|SR with TNF 0x01 (well-known),
// type length 1, one-byte payload length (= 1 + string length), type 'U'. A payload longer than
// 255 bytes cannot use the short-record form of Table 42; it is written as a normal record:
// C1 01 <len as 4 bytes big-endian> 55 00 <…> (NDEF 1.0 §3.2.4).

import { decodeQrPayload } from "./qr.js";
import { onboardingError } from "./errors.js";

const NDEF_MB = 0x80, NDEF_ME = 0x40, NDEF_SR = 0x10, TNF_WELL_KNOWN = 0x01;
const RTD_URI_TYPE = 0x55; // "U"
const URI_NO_ABBREVIATION = 0x00;

/** The NDEF message (single URI record) carrying `qr`; checks that `qr` is a decodable "MT:" string. */
export function ndefRecordForPayload(qr: string): Uint8Array {
  if (typeof qr !== "string" || !qr.startsWith("MT:")) {
    throw onboardingError("onboarding.ndef-payload", `NFC payload ${JSON.stringify(String(qr).slice(0, 40))}: must be a QR payload string starting with "MT:"`);
  }
  if (!/^MT:[0-9A-Z.*-]+$/.test(qr)) throw onboardingError("onboarding.ndef-payload", `NFC payload: QR string may only hold "MT:", base-38 characters and '*'`);
  decodeQrPayload(qr, { parseTlv: false }); // throws on a malformed payload
  const payloadLength = 1 + qr.length;
  const short = payloadLength <= 0xff;
  const head = short
    ? [NDEF_MB | NDEF_ME | NDEF_SR | TNF_WELL_KNOWN, 1, payloadLength]
    : [NDEF_MB | NDEF_ME | TNF_WELL_KNOWN, 1, payloadLength >>> 24, (payloadLength >>> 16) & 0xff, (payloadLength >>> 8) & 0xff, payloadLength & 0xff];
  const out = new Uint8Array(head.length + 1 + payloadLength);
  out.set(head, 0);
  let o = head.length;
  out[o++] = RTD_URI_TYPE;
  out[o++] = URI_NO_ABBREVIATION;
  for (let i = 0; i < qr.length; i++) out[o++] = qr.charCodeAt(i);
  return out;
}
