// The onboarding payload model (Core spec §5.1.1) and its optional TLV data (§5.1.5): field
// constants, the TLV encoder/decoder for the optional data, and the validator.

import { decodeTlv, encodeTlv, type TlvElement } from "../tlv/index.js";
import { utf8Encode } from "../bytes/utf8.js";
import { base38Length } from "./base38.js";
import { PBKDF_ITERATIONS_MAX, PBKDF_ITERATIONS_MIN } from "../factory/matter-constants.js";
import { DISCRIMINATOR_MAX, passcodeProblem } from "./passcode.js";
import { inContext, onboardingError } from "./errors.js";

export interface OnboardingPayload {
  /** 3 bits, SHALL be 0 (§5.1.1.1). */
  version: number;
  vendorId: number;
  productId: number;
  /** CommissioningFlow (§5.1.1.3): 0 standard, 1 user-intent, 2 custom. */
  flow: 0 | 1 | 2;
  /** Bitmask, see DiscoveryCapability. */
  discoveryCapabilities: number;
  /** 12 bits. */
  discriminator: number;
  /** 27-bit field; valid values are 1..99999998 minus the trivial ones. */
  passcode: number;
  /** Tag 0x00: UTF-8 string (1..32 bytes) or unsigned integer (≤ 8 bytes). */
  serialNumber?: string | number | bigint;
  /** Tag 0x01, 1000..100000; only together with pbkdfSalt. */
  pbkdfIterations?: number;
  /** Tag 0x02, 16..32 bytes; only together with pbkdfIterations. */
  pbkdfSalt?: Uint8Array;
  /** Tag 0x03, 1..255. */
  numberOfDevices?: number;
  /** Tag 0x04, seconds. */
  commissioningTimeout?: number;
  /** Manufacturer-specific elements, context tags 0x80..0xFF, kept in order. */
  vendorElements?: TlvElement[];
  /** Elements with reserved tags 0x05..0x7F seen when decoding (validation reports them). */
  reservedElements?: TlvElement[];
  /** Raw TLV bytes after the 11-byte header (decode); bytes to append verbatim (encode, overrides the fields). */
  tlvData?: Uint8Array;
}

/** §5.1.1.3 / Table 35. */
export const CommissioningFlow = { Standard: 0, UserIntent: 1, Custom: 2 } as const;

/** Table 36 plus later bits (chip SetupPayload.h RendezvousInformationFlag; docs/onboarding.md §Onboarding payload). */
export const DiscoveryCapability = { SoftAP: 1, BLE: 2, OnNetwork: 4, WiFiPAF: 8, NFC: 16, Thread: 32 } as const;
export const DISCOVERY_CAPABILITIES_DEFINED = 0x3f;

/** Matter-common TLV tags (Table 41). */
export const OnboardingTlvTag = {
  SerialNumber: 0x00,
  PbkdfIterations: 0x01,
  PbkdfSalt: 0x02,
  NumberOfDevices: 0x03,
  CommissioningTimeout: 0x04,
} as const;
export const VENDOR_TAG_MIN = 0x80;

export const SERIAL_NUMBER_MAX_BYTES = 32;
export { PBKDF_ITERATIONS_MIN, PBKDF_ITERATIONS_MAX };
export const PBKDF_SALT_MIN_BYTES = 16;
export const PBKDF_SALT_MAX_BYTES = 32;
/** Per-payload and whole-string limits (matter.js MATTER_QR_CODE_*_MAX_LENGTH; docs/onboarding.md §Concatenated payloads). */
export const QR_SINGLE_PAYLOAD_MAX_CHARS = 255;
export const QR_TOTAL_MAX_CHARS = 4296;
/** Packed header: 3+16+16+2+8+12+27+4 = 88 bits (Table 35). */
export const QR_HEADER_BYTES = 11;

/**
 * Order of the optional TLV members. "common-first" (default): known tags 0x00..0x04 ascending, then
 * reserved, then vendor elements in the caller's order (rs-matter, matter.js default schema).
 * "vendor-first": vendor elements first, then the common tags ascending — the order of chip's
 * QRCodeSetupPayloadGenerator (which additionally sorts vendor tags) and of the spec's §5.1.5.3 example.
 */
export type TlvOrder = "common-first" | "vendor-first";

const TAG_NAMES = ["serialNumber", "pbkdfIterations", "pbkdfSalt", "numberOfDevices", "commissioningTimeout"];

function tagText(tag: number): string {
  return `0x${tag.toString(16).padStart(2, "0")}`;
}

function uintElement(tag: number, value: number | bigint, name: string): TlvElement {
  const ok =
    typeof value === "bigint"
      ? value >= 0n && value <= 0xffffffffffffffffn
      : typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= Number.MAX_SAFE_INTEGER;
  if (!ok) throw onboardingError("onboarding.tlv-uint-range", `${name} ${String(value)}: must be an unsigned integer below 2^64`);
  return { tag, type: "uint", value };
}

/** True when the payload carries optional data to be written as TLV (ignoring tlvData). */
export function hasOptionalFields(p: OnboardingPayload): boolean {
  return (
    p.serialNumber !== undefined ||
    p.pbkdfIterations !== undefined ||
    p.pbkdfSalt !== undefined ||
    p.numberOfDevices !== undefined ||
    p.commissioningTimeout !== undefined ||
    (p.vendorElements !== undefined && p.vendorElements.length > 0) ||
    (p.reservedElements !== undefined && p.reservedElements.length > 0)
  );
}

/**
 * The TLV bytes for the payload's optional data (§5.1.5): `tlvData` verbatim if given, else an
 * anonymous structure built from the fields, or an empty array when there is nothing to add.
 * Integers are written at minimal width (vendor elements keep a `width` they carry). Only structural
 * problems throw here; value ranges are checked by validateOnboardingPayload.
 */
export function encodeOptionalData(p: OnboardingPayload, order: TlvOrder = "common-first"): Uint8Array {
  if (p.tlvData !== undefined) {
    if (!(p.tlvData instanceof Uint8Array)) throw new TypeError(`tlvData: expected a Uint8Array`);
    return p.tlvData;
  }
  if (!hasOptionalFields(p)) return new Uint8Array(0);
  const common: TlvElement[] = [];
  if (p.serialNumber !== undefined) {
    const sn = p.serialNumber;
    common.push(typeof sn === "string" ? { tag: 0x00, type: "utf8", value: sn } : uintElement(0x00, sn, "serialNumber"));
  }
  if (p.pbkdfIterations !== undefined) common.push(uintElement(0x01, p.pbkdfIterations, "pbkdfIterations"));
  if (p.pbkdfSalt !== undefined) {
    if (!(p.pbkdfSalt instanceof Uint8Array)) throw new TypeError(`pbkdfSalt: expected a Uint8Array`);
    common.push({ tag: 0x02, type: "bytes", value: p.pbkdfSalt });
  }
  if (p.numberOfDevices !== undefined) common.push(uintElement(0x03, p.numberOfDevices, "numberOfDevices"));
  if (p.commissioningTimeout !== undefined) common.push(uintElement(0x04, p.commissioningTimeout, "commissioningTimeout"));
  for (const e of p.reservedElements ?? []) common.push(e);
  const vendor = p.vendorElements ?? [];
  vendor.forEach((e, i) => {
    if (typeof e.tag !== "number") throw onboardingError("onboarding.vendor-tag", `vendorElements[${i}]: tag must be a context tag 0x80..0xff`);
  });
  const elements = order === "vendor-first" ? [...vendor, ...common] : [...common, ...vendor];
  return encodeTlv({ type: "struct", elements });
}

/** Optional fields read back from TLV. */
export type OptionalData = Pick<
  OnboardingPayload,
  "serialNumber" | "pbkdfIterations" | "pbkdfSalt" | "numberOfDevices" | "commissioningTimeout" | "vendorElements" | "reservedElements"
>;

/**
 * Parses the optional TLV data (§5.1.5): one anonymous structure whose members carry context tags.
 * Known tags must have their Table-41 type (serial: UTF-8 or unsigned; the rest unsigned, salt octets);
 * vendor tags (0x80..0xff) of any type are kept in order; reserved tags go to reservedElements.
 * Throws a one-line InputError ("onboarding.optional-data…") on malformed TLV, a non-context tag, a duplicate tag or a wrong type.
 */
export function decodeOptionalData(tlv: Uint8Array): OptionalData {
  let root: TlvElement;
  try {
    root = decodeTlv(tlv);
  } catch (e) {
    throw inContext(e, "optional TLV data", "onboarding.optional-data");
  }
  if (root.type !== "struct" || root.tag !== undefined) {
    throw onboardingError("onboarding.optional-data", `optional TLV data: must be one anonymous structure, got ${root.tag === undefined ? "an anonymous" : "a tagged"} ${root.type}`);
  }
  const out: OptionalData = {};
  const seen = new Set<number>();
  for (const e of root.elements) {
    if (typeof e.tag !== "number") throw onboardingError("onboarding.optional-data-tag", `optional TLV data: member tag ${JSON.stringify(e.tag)} must be a context tag`);
    const tag = e.tag;
    if (seen.has(tag)) throw onboardingError("onboarding.optional-data-tag", `optional TLV data: tag ${tagText(tag)} appears more than once`);
    seen.add(tag);
    if (tag >= VENDOR_TAG_MIN) {
      (out.vendorElements ??= []).push(e);
      continue;
    }
    if (tag > 0x04) {
      (out.reservedElements ??= []).push(e);
      continue;
    }
    const name = TAG_NAMES[tag];
    const wrongType = (expected: string) => onboardingError("onboarding.optional-data-type", `optional TLV data: tag ${tagText(tag)} ${name} must be ${expected}, got ${e.type}`);
    if (tag === 0x00) {
      if (e.type === "utf8" || e.type === "uint") out.serialNumber = e.value;
      else throw wrongType("a UTF-8 string or an unsigned integer");
    } else if (tag === 0x02) {
      if (e.type !== "bytes") throw wrongType("an octet string");
      out.pbkdfSalt = e.value;
    } else {
      if (e.type !== "uint") throw wrongType("an unsigned integer");
      if (typeof e.value !== "number") throw onboardingError("onboarding.optional-data-type", `optional TLV data: tag ${tagText(tag)} ${name} ${e.value} is too large`);
      if (tag === 0x01) out.pbkdfIterations = e.value;
      else if (tag === 0x03) out.numberOfDevices = e.value;
      else out.commissioningTimeout = e.value;
    }
  }
  return out;
}

function intInRange(v: unknown, min: number, max: number): boolean {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** Rules for the optional fields (Table 41). */
function optionalDataProblems(d: OptionalData, out: string[]): void {
  const sn = d.serialNumber;
  if (typeof sn === "string") {
    const n = utf8Encode(sn).length;
    if (n < 1 || n > SERIAL_NUMBER_MAX_BYTES) out.push(`serialNumber ${JSON.stringify(sn)}: UTF-8 length ${n} bytes, must be 1..32`);
  } else if (typeof sn === "number") {
    if (!intInRange(sn, 0, Number.MAX_SAFE_INTEGER)) out.push(`serialNumber ${sn}: must be an unsigned integer`);
  } else if (typeof sn === "bigint") {
    if (sn < 0n || sn > 0xffffffffffffffffn) out.push(`serialNumber ${sn}: must be an unsigned integer of at most 8 bytes`);
  } else if (sn !== undefined) out.push(`serialNumber: must be a string or an unsigned integer`);

  if (d.pbkdfIterations !== undefined && !intInRange(d.pbkdfIterations, PBKDF_ITERATIONS_MIN, PBKDF_ITERATIONS_MAX)) {
    out.push(`pbkdfIterations ${d.pbkdfIterations}: must be an integer in ${PBKDF_ITERATIONS_MIN}..${PBKDF_ITERATIONS_MAX}`);
  }
  if (d.pbkdfSalt !== undefined) {
    if (!(d.pbkdfSalt instanceof Uint8Array)) out.push(`pbkdfSalt: must be bytes`);
    else if (d.pbkdfSalt.length < PBKDF_SALT_MIN_BYTES || d.pbkdfSalt.length > PBKDF_SALT_MAX_BYTES) {
      out.push(`pbkdfSalt: ${d.pbkdfSalt.length} bytes, must be 16..32`);
    }
  }
  if ((d.pbkdfIterations === undefined) !== (d.pbkdfSalt === undefined)) {
    out.push(`pbkdfIterations/pbkdfSalt: both or neither must be present (Table 41)`);
  }
  if (d.numberOfDevices !== undefined && !intInRange(d.numberOfDevices, 1, 255)) {
    out.push(`numberOfDevices ${d.numberOfDevices}: must be an integer in 1..255`);
  }
  if (d.commissioningTimeout !== undefined && !intInRange(d.commissioningTimeout, 0, 0xffff)) {
    out.push(`commissioningTimeout ${d.commissioningTimeout}: must be an integer in 0..65535`);
  }
  const tags = new Set<number>();
  (d.vendorElements ?? []).forEach((e, i) => {
    if (typeof e.tag !== "number" || e.tag < VENDOR_TAG_MIN || e.tag > 0xff) {
      out.push(`vendorElements[${i}]: tag ${JSON.stringify(e.tag)} must be a context tag 0x80..0xff (§5.1.5.1)`);
    } else if (tags.has(e.tag)) out.push(`vendorElements[${i}]: tag ${tagText(e.tag)} used more than once`);
    else tags.add(e.tag);
  });
  for (const e of d.reservedElements ?? []) {
    out.push(`optional TLV tag ${typeof e.tag === "number" ? tagText(e.tag) : JSON.stringify(e.tag)}: reserved (0x05..0x7f, Table 41)`);
  }
}

/**
 * Every rule the payload breaks, as one-line messages (empty = valid for producing a QR code):
 * field widths, version 0, flow 0..2, defined discovery bits only, discriminator, passcode rules,
 * the optional-data rules of Table 41 and the 255-character per-payload QR limit.
 */
export function validateOnboardingPayload(p: OnboardingPayload): string[] {
  const out: string[] = [];
  if (p === null || typeof p !== "object") return [`onboarding payload: expected an object`];
  if (p.version !== 0) out.push(`version ${String(p.version)}: must be 0 (§5.1.1.1)`);
  if (!intInRange(p.vendorId, 0, 0xffff)) out.push(`vendorId ${String(p.vendorId)}: must be an integer in 0..65535`);
  if (!intInRange(p.productId, 0, 0xffff)) out.push(`productId ${String(p.productId)}: must be an integer in 0..65535`);
  if (!intInRange(p.flow, 0, 2)) out.push(`flow ${String(p.flow)}: must be 0 (standard), 1 (user-intent) or 2 (custom)`);
  if (!intInRange(p.discoveryCapabilities, 0, 0xff)) {
    out.push(`discoveryCapabilities ${String(p.discoveryCapabilities)}: must be an integer in 0..255`);
  } else if (p.discoveryCapabilities & ~DISCOVERY_CAPABILITIES_DEFINED) {
    out.push(`discoveryCapabilities ${p.discoveryCapabilities}: reserved bits 6..7 must be 0`);
  }
  if (!intInRange(p.discriminator, 0, DISCRIMINATOR_MAX)) out.push(`discriminator ${String(p.discriminator)}: must be an integer in 0..4095`);
  const pass = passcodeProblem(p.passcode);
  if (pass) out.push(pass);

  let tlvLength = 0;
  if (p.tlvData !== undefined) {
    if (!(p.tlvData instanceof Uint8Array)) out.push(`tlvData: must be bytes`);
    else if (p.tlvData.length > 0) {
      tlvLength = p.tlvData.length;
      try {
        optionalDataProblems(decodeOptionalData(p.tlvData), out);
      } catch (e) {
        out.push(`tlvData: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  } else {
    const before = out.length;
    optionalDataProblems(p, out);
    if (out.length === before && hasOptionalFields(p)) {
      try {
        tlvLength = encodeOptionalData(p).length;
      } catch (e) {
        out.push(e instanceof Error ? e.message : String(e));
      }
    }
  }
  const chars = base38Length(QR_HEADER_BYTES + tlvLength);
  if (chars > QR_SINGLE_PAYLOAD_MAX_CHARS) {
    out.push(`QR payload: ${chars} base-38 characters with ${tlvLength} TLV bytes, at most 255 per payload`);
  }
  return out;
}
