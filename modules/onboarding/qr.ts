// QR code payload "MT:<base-38>" (Core spec §5.1.3): the 88-bit packed header (Table 35, fields
// packed least-significant bit first), optional TLV bytes appended, base-38 text, and '*' concatenation
// of several payloads (§5.1.6).

import { concatBytes } from "../bytes/bytes.js";
import { decodeBase38, encodeBase38 } from "./base38.js";
import { inContext, onboardingError } from "./errors.js";
import {
  QR_HEADER_BYTES,
  QR_TOTAL_MAX_CHARS,
  decodeOptionalData,
  encodeOptionalData,
  validateOnboardingPayload,
  type OnboardingPayload,
  type TlvOrder,
} from "./payload.js";

export const QR_PREFIX = "MT:";

export interface QrEncodeOptions {
  /** Skip validateOnboardingPayload (field widths are still enforced). For test vectors. */
  allowInvalid?: boolean;
  /** Member order of the optional TLV built from the fields (default "common-first"). */
  tlvOrder?: TlvOrder;
}

export interface QrDecodeOptions {
  /** Parse the TLV bytes into fields (default true). With false, tlvData is returned raw and never rejected. */
  parseTlv?: boolean;
}

/** Field widths in packing order (Table 35); 4 padding bits complete the 88. */
const FIELDS = [
  ["version", 3],
  ["vendorId", 16],
  ["productId", 16],
  ["flow", 2],
  ["discoveryCapabilities", 8],
  ["discriminator", 12],
  ["passcode", 27],
] as const;

function fieldValue(p: OnboardingPayload, name: string, bits: number, where: string): number {
  const v = (p as unknown as Record<string, unknown>)[name];
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= 2 ** bits) {
    throw onboardingError("onboarding.qr-field-range", `${where}${name} ${String(v)}: must be an integer that fits ${bits} bits (0..${2 ** bits - 1})`);
  }
  return v;
}

/** The 11-byte packed header of one payload. Throws when a field does not fit its width. */
export function packQrHeader(p: OnboardingPayload, where = ""): Uint8Array {
  const out = new Uint8Array(QR_HEADER_BYTES);
  let bit = 0;
  for (const [name, bits] of FIELDS) {
    const v = fieldValue(p, name, bits, where);
    for (let i = 0; i < bits; i++, bit++) {
      if (Math.floor(v / 2 ** i) % 2) out[bit >> 3] |= 1 << (bit & 7);
    }
  }
  return out;
}

/** Reads the header fields back (padding bits are ignored, as chip and matter.js do). */
export function unpackQrHeader(bytes: Uint8Array): Pick<OnboardingPayload, "version" | "vendorId" | "productId" | "flow" | "discoveryCapabilities" | "discriminator" | "passcode"> {
  const values: Record<string, number> = {};
  let bit = 0;
  for (const [name, bits] of FIELDS) {
    let v = 0;
    for (let i = 0; i < bits; i++, bit++) if ((bytes[bit >> 3] >> (bit & 7)) & 1) v += 2 ** i;
    values[name] = v;
  }
  return {
    version: values.version,
    vendorId: values.vendorId,
    productId: values.productId,
    flow: values.flow as 0 | 1 | 2,
    discoveryCapabilities: values.discoveryCapabilities,
    discriminator: values.discriminator,
    passcode: values.passcode,
  };
}

/** Header plus optional TLV bytes of one payload (what is base-38 encoded). */
export function qrPayloadBytes(p: OnboardingPayload, options: QrEncodeOptions = {}): Uint8Array {
  const header = packQrHeader(p);
  const tlv = encodeOptionalData(p, options.tlvOrder);
  return tlv.length ? concatBytes(header, tlv) : header;
}

/** "MT:" + base-38 of each payload, joined with '*' for an array (§5.1.6). */
export function encodeQrPayload(payloads: OnboardingPayload | OnboardingPayload[], options: QrEncodeOptions = {}): string {
  const list = Array.isArray(payloads) ? payloads : [payloads];
  if (list.length === 0) throw onboardingError("onboarding.qr-empty", `QR payload: at least one onboarding payload is needed`);
  const chunks = list.map((p, i) => {
    const where = list.length > 1 ? `payload[${i}] ` : "";
    if (!options.allowInvalid) {
      const problems = validateOnboardingPayload(p);
      if (problems.length) throw onboardingError("onboarding.payload-invalid", `${where}${problems.join("; ")}`);
    }
    const header = packQrHeader(p, where);
    const tlv = encodeOptionalData(p, options.tlvOrder);
    return encodeBase38(tlv.length ? concatBytes(header, tlv) : header);
  });
  const text = QR_PREFIX + chunks.join("*");
  if (!options.allowInvalid && text.length > QR_TOTAL_MAX_CHARS) {
    throw onboardingError("onboarding.qr-too-long", `QR payload: ${text.length} characters, at most ${QR_TOTAL_MAX_CHARS}`);
  }
  return text;
}

/**
 * The base-38 part of a scanned string, by chip's ExtractPayload rule: the text is split at '%'
 * and the first piece that starts with "MT:" and has more after it wins; "" when there is none.
 * ("Z%MT:ABC%" → "ABC", "MT:ABC%DDD" → "ABC", "ASMT:" → "".)
 */
export function extractQrPayload(text: string): string {
  for (const piece of text.split("%")) {
    if (piece.startsWith(QR_PREFIX) && piece.length > QR_PREFIX.length) return piece.slice(QR_PREFIX.length);
  }
  return "";
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/**
 * Decodes a QR string ("MT:…", or any text ExtractPayload accepts) into one payload per '*' chunk.
 * Field values are returned as read, valid or not (use validateOnboardingPayload); only a malformed
 * string throws: missing prefix, bad base-38, a chunk shorter than 11 bytes, or (unless
 * parseTlv=false) optional TLV that is not a well-formed onboarding structure.
 */
export function decodeQrPayload(text: string, options: QrDecodeOptions = {}): OnboardingPayload[] {
  if (typeof text !== "string") throw new TypeError(`QR payload: expected a string, got ${typeof text}`);
  const body = extractQrPayload(text);
  if (body === "") throw onboardingError("onboarding.qr-prefix", `QR payload ${quote(text)}: no segment starting with "MT:" followed by data`);
  return body.split("*").map((chunk, i) => {
    const where = `QR payload ${quote(text)} chunk ${i}`;
    let bytes: Uint8Array;
    try {
      bytes = decodeBase38(chunk);
    } catch (e) {
      throw inContext(e, where);
    }
    if (bytes.length < QR_HEADER_BYTES) throw onboardingError("onboarding.qr-short-chunk", `${where}: ${bytes.length} bytes, at least 11 needed`);
    const payload: OnboardingPayload = unpackQrHeader(bytes);
    if (bytes.length > QR_HEADER_BYTES) {
      const tlvData = bytes.slice(QR_HEADER_BYTES);
      if (options.parseTlv !== false) {
        try {
          Object.assign(payload, decodeOptionalData(tlvData));
        } catch (e) {
          throw inContext(e, where);
        }
      }
      payload.tlvData = tlvData;
    }
    return payload;
  });
}
