// Moddable adapter: the NimBLE peripheral of native/ble_adv.c (random static address, raw advertising
// data, GATT service 0xFFF6 with C1/C2/C3).
import { begin, getAddress, setC3Value, startAdvertising, stop } from "../../native/ble_adv.js";
import type { BleAdvertiser, BleEventHandler } from "../platform.js";

export const nativeBle: BleAdvertiser = {
  begin(onEvent: BleEventHandler): void {
    begin((kind, status, connection) => onEvent(kind, status, connection));
  },
  start(advertisingData: Uint8Array, intervalMin: number, intervalMax: number): void {
    startAdvertising(advertisingData, intervalMin, intervalMax);
  },
  stop(): void {
    stop();
  },
  setC3Value(value: Uint8Array): void {
    setC3Value(value);
  },
  address(): Uint8Array | undefined {
    const a = getAddress();
    return a ? new Uint8Array(a) : undefined;
  },
};
