// BLE commissionable advertisement vectors — docs/onboarding.md §BLE advertisement (codec-derived, equal to
// matter.js BtpCodec) and Core §5.4.2.5.6.

import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, type VectorCase } from "../testkit/check.js";
import {
  decodeAdvertisingData,
  decodeServiceData,
  encodeAdvertisingData,
  encodeServiceData,
  type CommissionableAdvertisement,
} from "./advertising.js";
import { C1_UUID, C2_UUID, C3_UUID, MATTER_BLE_SERVICE_UUID, MATTER_BLE_SERVICE_UUID16 } from "./uuids.js";

const table: { name: string; adv: CommissionableAdvertisement; hex: string; decoded: Required<CommissionableAdvertisement> }[] = [
  {
    name: "3840, 0xFFF1, 0x8000, no flags",
    adv: { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000 },
    hex: "0201060b16f6ff00000ff1ff008000",
    decoded: { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000, additionalData: false, extendedAnnouncement: false, version: 0 },
  },
  {
    name: "3840, 0xFFF1, 0x8000, additional data",
    adv: { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000, additionalData: true },
    hex: "0201060b16f6ff00000ff1ff008001",
    decoded: { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000, additionalData: true, extendedAnnouncement: false, version: 0 },
  },
  {
    name: "3840, extended announcement zeroes VID/PID",
    adv: { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000, extendedAnnouncement: true },
    hex: "0201060b16f6ff00000f0000000002",
    decoded: { discriminator: 3840, vendorId: 0, productId: 0, additionalData: false, extendedAnnouncement: true, version: 0 },
  },
  {
    name: "0xFED, 0x127F, 0xABCD",
    adv: { discriminator: 0xfed, vendorId: 0x127f, productId: 0xabcd },
    hex: "0201060b16f6ff00ed0f7f12cdab00",
    decoded: { discriminator: 0xfed, vendorId: 0x127f, productId: 0xabcd, additionalData: false, extendedAnnouncement: false, version: 0 },
  },
  {
    name: "2245, 0xFFF1, 0x8001",
    adv: { discriminator: 2245, vendorId: 0xfff1, productId: 0x8001 },
    hex: "0201060b16f6ff00c508f1ff018000",
    decoded: { discriminator: 2245, vendorId: 0xfff1, productId: 0x8001, additionalData: false, extendedAnnouncement: false, version: 0 },
  },
  {
    name: "VID and PID both elided, both flags",
    adv: { discriminator: 0, vendorId: 0, productId: 0, additionalData: true, extendedAnnouncement: true },
    hex: "0201060b16f6ff00000000000000" + "03",
    decoded: { discriminator: 0, vendorId: 0, productId: 0, additionalData: true, extendedAnnouncement: true, version: 0 },
  },
];

export const vectors: VectorCase[] = [
  ...table.map(
    (row): VectorCase => ({
      name: `encode/decode ${row.name}`,
      run() {
        const bytes = encodeAdvertisingData(row.adv);
        checkEqual(toHex(bytes), row.hex, "advertising data");
        checkEqual(toHex(encodeServiceData(row.adv)), row.hex.slice(14), "service data");
        checkEqual(decodeAdvertisingData(fromHex(row.hex)), row.decoded, "decoded");
      },
    }),
  ),
  {
    name: "UUIDs (Core BTP GATT service; docs/onboarding.md §Additional data, §BLE advertisement)",
    run() {
      checkEqual(MATTER_BLE_SERVICE_UUID16, 0xfff6, "16-bit");
      checkEqual(MATTER_BLE_SERVICE_UUID, "0000fff6-0000-1000-8000-00805f9b34fb", "128-bit");
      checkEqual(C1_UUID, "18EE2EF5-263D-4559-959F-4F9C429F9D11", "C1");
      checkEqual(C2_UUID, "18EE2EF5-263D-4559-959F-4F9C429F9D12", "C2");
      checkEqual(C3_UUID, "64630238-8772-45F2-B87D-748A83218F04", "C3");
    },
  },
  {
    name: "version bits 15..12 encode and decode",
    run() {
      const sd = encodeServiceData({ discriminator: 0xabc, vendorId: 1, productId: 2, version: 5 });
      checkEqual(toHex(sd), "00bc5a0100020000", "service data");
      checkEqual(decodeServiceData(sd).version, 5, "version");
      checkEqual(decodeServiceData(sd).discriminator, 0xabc, "discriminator masked to 12 bits");
    },
  },
  {
    name: "decode: other AD structures, padding, reserved flag bits, no Flags AD",
    run() {
      // Complete Local Name "MT" first, then the Matter service data, then zero padding.
      const withName = fromHex("03094d54" + "0b16f6ff00000ff1ff0080fd" + "000000");
      checkEqual(
        decodeAdvertisingData(withName),
        { discriminator: 3840, vendorId: 0xfff1, productId: 0x8000, additionalData: true, extendedAnnouncement: false, version: 0 },
        "decoded",
      );
      // Service data for another 16-bit UUID (0x180F) is skipped.
      const other = fromHex("0516" + "0f18" + "aabb" + "0b16f6ff0001000200030000");
      checkEqual(decodeAdvertisingData(other).discriminator, 1, "discriminator");
    },
  },
  {
    name: "encode rejects out-of-range fields with one-line errors",
    run() {
      checkThrowsId(() => encodeServiceData({ discriminator: 4096, vendorId: 1, productId: 1 }), "ble.field-range", "discriminator 4096: must be an integer in 0..4095");
      checkThrows(() => encodeServiceData({ discriminator: -1, vendorId: 1, productId: 1 }), "discriminator -1:");
      checkThrowsId(() => encodeServiceData({ discriminator: 1, vendorId: 0x10000, productId: 1 }), "ble.field-range", "vendorId 65536: must be an integer in 0..65535");
      checkThrows(() => encodeServiceData({ discriminator: 1, vendorId: 1, productId: 1.5 }), "productId 1.5:");
      checkThrowsId(() => encodeServiceData({ discriminator: 1, vendorId: 1, productId: 1, version: 16 }), "ble.field-range", "advertisement version 16: must be an integer in 0..15");
      checkThrowsId(() => encodeServiceData({ discriminator: 1, vendorId: 0, productId: 5 }), "ble.vid-elided", "productId 5: must be 0 when vendorId is 0");
    },
  },
  {
    name: "decode rejects malformed advertising data",
    run() {
      checkThrowsId(() => decodeAdvertisingData(fromHex("0201060b16f6ff00000ff1ff0080")), "ble.ad-truncated", "AD structure at offset 3: length 11 runs past the end of 14 bytes");
      checkThrowsId(() => decodeAdvertisingData(fromHex("020106")), "ble.no-service-data", "no Matter service data (AD type 0x16, UUID 0xFFF6)");
      checkThrows(() => decodeAdvertisingData(fromHex("")), "no Matter service data");
      checkThrowsId(() => decodeAdvertisingData(fromHex("0201060b16f6ff01000ff1ff008000")), "ble.opcode", "Matter BLE opcode 0x01: only 0x00 (commissionable) is defined");
      checkThrowsId(() => decodeAdvertisingData(fromHex("0a16f6ff00000ff1ff0080")), "ble.service-data-length", "Matter service data length 7: must be 8 bytes");
      checkThrows(() => decodeAdvertisingData(fromHex("0c16f6ff00000ff1ff00800000")), "Matter service data length 9:");
      checkThrows(() => decodeServiceData(new Uint8Array(3)), "Matter service data length 3:");
    },
  },
];
