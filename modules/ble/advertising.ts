// Matter commissionable BLE advertisement (Core §5.4.2.5.6; docs/onboarding.md §BLE advertisement).
//
// Advertising data = Flags AD (02 01 06) ‖ Service Data AD (0B 16 F6 FF ‖ 8 bytes of service data).
// Service data, little-endian:
//   [0]    Matter BLE opcode, 0x00 = commissionable (0x01..0xFF reserved)
//   [1..2] bits 11..0 discriminator, bits 15..12 advertisement version (0)
//   [3..4] Vendor ID   (0 if elided)
//   [5..6] Product ID  (0 if elided)
//   [7]    bit 0 additional data (C3) present, bit 1 extended announcement, bits 7..2 reserved
// Extended announcement (bit 1, added after Matter 1.0): chip and matter.js both zero VID and PID
// when they set it ("specification requires"), so the encoder does the same.

import { bleError } from "./errors.js";

export interface CommissionableAdvertisement {
  /** 12-bit discriminator. */
  discriminator: number;
  vendorId: number;
  productId: number;
  /** Flag bit 0: the C3 additional-data characteristic is available. */
  additionalData?: boolean;
  /** Flag bit 1: extended announcement; VID/PID are sent as 0. */
  extendedAnnouncement?: boolean;
  /** Advertisement version, 4 bits; 0 in every published spec. */
  version?: number;
}

export const MATTER_BLE_OPCODE_COMMISSIONABLE = 0x00;
export const SERVICE_DATA_LENGTH = 8;
/** AD type "Service Data - 16-bit UUID" (Bluetooth Assigned Numbers). */
export const AD_TYPE_SERVICE_DATA_16 = 0x16;
export const AD_TYPE_FLAGS = 0x01;
/** LE General Discoverable | BR/EDR Not Supported (§5.4.2.5.6: "SHOULD be set to 0x06"). */
export const AD_FLAGS_LE_GENERAL_NO_BREDR = 0x06;
const FLAG_ADDITIONAL_DATA = 0x01;
const FLAG_EXTENDED_ANNOUNCEMENT = 0x02;
const MATTER_UUID16 = 0xfff6; // modules/ble/uuids.ts MATTER_BLE_SERVICE_UUID16

function checkUint(field: string, value: unknown, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw bleError("ble.field-range", `${field} ${typeof value === "string" ? JSON.stringify(value) : String(value)}: must be an integer in 0..${max}`);
  }
  return value;
}

/** The 8 service-data bytes that follow the 16-bit UUID. */
export function encodeServiceData(a: CommissionableAdvertisement): Uint8Array {
  const discriminator = checkUint("discriminator", a.discriminator, 0xfff);
  const version = checkUint("advertisement version", a.version ?? 0, 0xf);
  let vendorId = checkUint("vendorId", a.vendorId, 0xffff);
  let productId = checkUint("productId", a.productId, 0xffff);
  if (a.extendedAnnouncement) {
    vendorId = 0;
    productId = 0;
  } else if (vendorId === 0 && productId !== 0) {
    // §5.4.2.5.6: "A device SHALL NOT set the VID to 0 when providing a non-zero PID."
    throw bleError("ble.vid-elided", `productId ${productId}: must be 0 when vendorId is 0 (VID may not be elided alone)`);
  }
  const flags = (a.additionalData ? FLAG_ADDITIONAL_DATA : 0) | (a.extendedAnnouncement ? FLAG_EXTENDED_ANNOUNCEMENT : 0);
  const word = (version << 12) | discriminator;
  return new Uint8Array([
    MATTER_BLE_OPCODE_COMMISSIONABLE,
    word & 0xff, word >>> 8,
    vendorId & 0xff, vendorId >>> 8,
    productId & 0xff, productId >>> 8,
    flags,
  ]);
}

/** Full advertising data: Flags AD ‖ Service Data AD (15 bytes). */
export function encodeAdvertisingData(a: CommissionableAdvertisement): Uint8Array {
  const service = encodeServiceData(a);
  const out = new Uint8Array(3 + 4 + SERVICE_DATA_LENGTH);
  out.set([2, AD_TYPE_FLAGS, AD_FLAGS_LE_GENERAL_NO_BREDR, 3 + SERVICE_DATA_LENGTH, AD_TYPE_SERVICE_DATA_16, MATTER_UUID16 & 0xff, MATTER_UUID16 >>> 8]);
  out.set(service, 7);
  return out;
}

/** Decodes the 8 service-data bytes. Reserved flag bits are ignored (forward compatibility). */
export function decodeServiceData(data: Uint8Array): Required<CommissionableAdvertisement> {
  if (data.length !== SERVICE_DATA_LENGTH) throw bleError("ble.service-data-length", `Matter service data length ${data.length}: must be ${SERVICE_DATA_LENGTH} bytes`);
  if (data[0] !== MATTER_BLE_OPCODE_COMMISSIONABLE) {
    throw bleError("ble.opcode", `Matter BLE opcode 0x${data[0].toString(16).padStart(2, "0")}: only 0x00 (commissionable) is defined`);
  }
  const word = data[1] | (data[2] << 8);
  return {
    discriminator: word & 0xfff,
    version: word >>> 12,
    vendorId: data[3] | (data[4] << 8),
    productId: data[5] | (data[6] << 8),
    additionalData: (data[7] & FLAG_ADDITIONAL_DATA) !== 0,
    extendedAnnouncement: (data[7] & FLAG_EXTENDED_ANNOUNCEMENT) !== 0,
  };
}

/**
 * Walks the AD structures (length, type, data…) and decodes the first Service Data AD for UUID 0xFFF6.
 * A zero length byte ends the significant part (the rest is padding). The Flags AD is not required.
 */
export function decodeAdvertisingData(bytes: Uint8Array): Required<CommissionableAdvertisement> {
  let offset = 0;
  while (offset < bytes.length) {
    const length = bytes[offset];
    if (length === 0) break;
    if (offset + 1 + length > bytes.length) {
      throw bleError("ble.ad-truncated", `AD structure at offset ${offset}: length ${length} runs past the end of ${bytes.length} bytes`);
    }
    const type = bytes[offset + 1];
    if (type === AD_TYPE_SERVICE_DATA_16 && length >= 3 && (bytes[offset + 2] | (bytes[offset + 3] << 8)) === MATTER_UUID16) {
      return decodeServiceData(bytes.subarray(offset + 4, offset + 1 + length));
    }
    offset += 1 + length;
  }
  throw bleError("ble.no-service-data", `advertising data (${bytes.length} bytes): no Matter service data (AD type 0x16, UUID 0xFFF6)`);
}
