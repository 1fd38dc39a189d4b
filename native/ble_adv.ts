// Device-only bindings to native/ble_adv.c: a minimal NimBLE peripheral that advertises raw AD bytes
// from a random static address and serves the Matter BTP service 0xFFF6 (C1 refuses writes, C2
// indicate-only, C3 returns setC3Value's bytes). Each binding has the exact shape xsc turns into a
// direct host call (docs/xs-engine.md §Native bindings). Node/browser code never imports this file.

/** Event kinds passed to the begin() callback (mirrors the enum in ble_adv.c). */
export const BleEvent = Object.freeze({
  /** Host synced and a fresh random static address set; status 0 on success, else the NimBLE error. */
  READY: 1,
  /** A central connected (status 0) or a connection attempt failed (status ≠ 0); advertising has stopped. */
  CONNECTED: 2,
  /** The connection closed; status is the NimBLE reason. Advertising does not restart by itself. */
  DISCONNECTED: 3,
  /** Advertising ended; status is the NimBLE reason. */
  ADV_COMPLETE: 4,
  /** The controller reset; advertising stopped; READY follows with a new address. */
  RESET: 5,
  /** A write to C1 was refused with ATT error 0x03 (this firmware has no BTP engine). */
  C1_WRITE_REFUSED: 6,
} as const);

export type BleEventKind = (typeof BleEvent)[keyof typeof BleEvent];

/** Called on the XS task: kind, status (see BleEvent), connection handle (0 when none). */
export type BleEventHandler = (kind: BleEventKind, status: number, connection: number) => void;

/** Starts NimBLE and registers service 0xFFF6. Call once; wait for READY before advertising. */
export function begin(this: unknown, onEvent: BleEventHandler): void {
  return native("xs_mfble_begin").call(this, onEvent);
}

/** (Re)starts connectable undirected, general discoverable advertising from the random static address.
 * data: raw AD structures, at most 31 bytes (e.g. modules/ble/advertising.ts encodeAdvertisingData);
 * intervals in 0.625 ms units, 0x20..0x4000, min ≤ max (Matter: 32..96 for the first 30 s, then
 * within 240..1920). Throws a RangeError naming the rule for bad data or intervals. */
export function startAdvertising(this: unknown, data: Uint8Array | ArrayBuffer, intervalMin: number, intervalMax: number): void {
  return native("xs_mfble_adv_start").call(this, data, intervalMin, intervalMax);
}

/** Stops advertising; does nothing when not advertising. */
export function stop(this: unknown): void {
  return native("xs_mfble_adv_stop").call(this);
}

/** Sets the bytes C3 reads return (the additional-data TLV, modules/ble/additional-data.ts), ≤ 128 bytes. */
export function setC3Value(this: unknown, value: Uint8Array | ArrayBuffer): void {
  return native("xs_mfble_set_c3").call(this, value);
}

/** The current random static address, most significant byte first, or undefined before READY. */
export function getAddress(this: unknown): ArrayBuffer | undefined {
  return native("xs_mfble_get_address").call(this);
}
