// Matter BLE identifiers (Core "BTP GATT service" table, §5.4.2.5.6; docs/onboarding.md §Additional data, §BLE advertisement).
// Compare UUID strings case-insensitively: platforms differ in the case they report.

/** 16-bit UUID the Bluetooth SIG assigned to Matter; appears little-endian (F6 FF) in service data. */
export const MATTER_BLE_SERVICE_UUID16 = 0xfff6;
/** The same service as a 128-bit UUID on the Bluetooth base UUID. */
export const MATTER_BLE_SERVICE_UUID = "0000fff6-0000-1000-8000-00805f9b34fb";
/** C1: BTP client → server (write). */
export const C1_UUID = "18EE2EF5-263D-4559-959F-4F9C429F9D11";
/** C2: BTP server → client (indicate). */
export const C2_UUID = "18EE2EF5-263D-4559-959F-4F9C429F9D12";
/** C3: read-only additional commissioning data (the TLV of modules/ble/additional-data.ts). */
export const C3_UUID = "64630238-8772-45F2-B87D-748A83218F04";
