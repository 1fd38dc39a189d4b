// Simulated native module native/ble_adv.c (runs inside XS; replaces native/ble_adv.ts in the
// simulation bundle): a BLE radio that records what it would transmit — raw advertising bytes, the
// random static address, intervals, C3 — with the virtual time of each change. Same functions, checks
// and event numbers as the C code; events are delivered asynchronously (as the NimBLE host task posts
// them to the XS task). `radio` lets the host play a commissioner: connect, disconnect, write C1, read C3.

import { toHex } from "../../../modules/bytes/hex.js";
import { board, record } from "./hardware.js";

// The event numbers the C code posts; one definition, shared with the firmware (checked against the C enum).
import { BleEventKind as BleEvent } from "../../../device/platform.js";
export { BleEvent };

export type BleEventKind = (typeof BleEvent)[keyof typeof BleEvent];
export type BleEventHandler = (kind: BleEventKind, status: number, connection: number) => void;

const ADV_DATA_MAX = 31; // legacy advertising (Bluetooth Core Vol 6 Part B §2.3.1.1)
const INTERVAL_MIN = 0x20; // Vol 4 Part E §7.8.5
const INTERVAL_MAX = 0x4000;
const C3_VALUE_MAX = 128;
const CONNECTION_HANDLE = 1;
const REASON_REMOTE_USER_TERMINATED = 0x13;

const radio = {
  started: false,
  handler: undefined as BleEventHandler | undefined,
  address: undefined as Uint8Array | undefined, // most significant byte first
  advertising: false,
  connected: false,
  c3: new Uint8Array(0),
};

function post(kind: BleEventKind, status: number, connection: number): void {
  board.clock.set(() => {
    record({ t: board.clock.now, op: "event", kind, status, connection });
    radio.handler?.(kind, status, connection);
  }, 0);
}

/** A static random address (Core 4.2 Vol 6 Part B §1.3.2.1) from the board's random bytes, like ble_addr.c. */
function randomStaticAddress(): Uint8Array | undefined {
  const r = board.addressRandom;
  for (let at = 0; at + 6 <= r.length; at += 6) {
    const a = r.slice(at, at + 6);
    a[0] |= 0xc0; // most significant byte first here: top two bits 11
    let ones = 0;
    let zeros = 0;
    for (let i = 0; i < 6; i++) {
      const bits = i === 0 ? a[i] & 0x3f : a[i];
      if (bits !== 0) ones++;
      if (bits !== (i === 0 ? 0x3f : 0xff)) zeros++;
    }
    if (ones > 0 && zeros > 0) return a;
  }
  return undefined;
}

function bytesOf(data: Uint8Array | ArrayBuffer): Uint8Array {
  return data instanceof Uint8Array ? data : new Uint8Array(data);
}

/** ble_ad.c checks: ≤ 31 bytes, AD structures within bounds, zero padding, one Flags AD. */
function checkAdvertisingData(d: Uint8Array): void {
  if (d.length > ADV_DATA_MAX) throw new RangeError(`advertising data: ${d.length} bytes, at most ${ADV_DATA_MAX} (legacy advertising)`);
  let flags = 0;
  for (let at = 0; at < d.length; ) {
    const length = d[at];
    if (length === 0) {
      for (let i = at; i < d.length; i++) if (d[i] !== 0) throw new RangeError(`advertising data: byte ${i} is 0x${d[i].toString(16)} after the end marker at ${at}, must be 0`);
      return;
    }
    if (at + 1 + length > d.length) throw new RangeError(`advertising data: AD structure at offset ${at} has length ${length}, runs past the end (${d.length} bytes)`);
    if (d[at + 1] === 0x01 && ++flags > 1) throw new RangeError(`advertising data: a second Flags AD structure at offset ${at}`);
    at += 1 + length;
  }
}

export function begin(onEvent: BleEventHandler): void {
  if (radio.started) throw new Error("ble: already started (begin may be called once)");
  radio.started = true;
  radio.handler = onEvent;
  record({ t: board.clock.now, op: "begin" });
  const address = randomStaticAddress();
  board.clock.set(() => {
    radio.address = address;
    if (address) record({ t: board.clock.now, op: "address", address: toHex(address) });
  }, 0);
  post(BleEvent.READY, address ? 0 : -1, 0);
}

export function startAdvertising(data: Uint8Array | ArrayBuffer, intervalMin: number, intervalMax: number): void {
  if (!radio.started) throw new Error("ble: not started (call begin first)");
  if (!(intervalMin >= INTERVAL_MIN && intervalMin <= INTERVAL_MAX)) throw new RangeError(`advertising intervalMin ${intervalMin}: must be ${INTERVAL_MIN}..${INTERVAL_MAX} (0.625 ms units)`);
  if (!(intervalMax >= INTERVAL_MIN && intervalMax <= INTERVAL_MAX)) throw new RangeError(`advertising intervalMax ${intervalMax}: must be ${INTERVAL_MIN}..${INTERVAL_MAX} (0.625 ms units)`);
  if (intervalMin > intervalMax) throw new RangeError(`advertising intervalMin ${intervalMin}: must not exceed intervalMax ${intervalMax}`);
  const bytes = bytesOf(data);
  checkAdvertisingData(bytes);
  if (!radio.address) throw new Error("ble: advertising start failed: host not synced (wait for the READY event)");
  if (radio.connected) throw new Error("ble: advertising start failed: NimBLE error 2"); // BLE_HS_EALREADY-like: one connection max
  radio.advertising = true;
  record({ t: board.clock.now, op: "start", data: toHex(bytes), intervalMin, intervalMax });
}

export function stop(): void {
  if (!radio.started || !radio.advertising) return;
  radio.advertising = false;
  record({ t: board.clock.now, op: "stop", reason: "stopped by the firmware" });
}

export function setC3Value(value: Uint8Array | ArrayBuffer): void {
  const bytes = bytesOf(value);
  if (bytes.length > C3_VALUE_MAX) throw new RangeError(`C3 value length ${bytes.length}: must be at most ${C3_VALUE_MAX} bytes`);
  radio.c3 = bytes.slice();
  record({ t: board.clock.now, op: "c3", value: toHex(bytes) });
}

export function getAddress(): ArrayBuffer | undefined {
  return radio.address ? radio.address.slice().buffer : undefined;
}

/** The host's side of the radio (a commissioner), for tests and the CLI. */
export const commissioner = {
  /** A central connects: the stack stops advertising and reports CONNECTED. False when not connectable. */
  connect(): boolean {
    if (!radio.advertising || radio.connected) return false;
    radio.advertising = false;
    radio.connected = true;
    record({ t: board.clock.now, op: "stop", reason: "connected" });
    post(BleEvent.CONNECTED, 0, CONNECTION_HANDLE);
    return true;
  },
  disconnect(): boolean {
    if (!radio.connected) return false;
    radio.connected = false;
    post(BleEvent.DISCONNECTED, REASON_REMOTE_USER_TERMINATED, CONNECTION_HANDLE);
    return true;
  },
  /** A GATT write to C1: refused with ATT error 0x03 (Write Not Permitted), reported to the firmware. */
  writeC1(_value: Uint8Array): string {
    const result = radio.connected ? "ATT error 0x03 (Write Not Permitted)" : "not connected";
    record({ t: board.clock.now, op: "c1-write", result });
    if (radio.connected) post(BleEvent.C1_WRITE_REFUSED, 0, CONNECTION_HANDLE);
    return result;
  },
  /** A GATT read of C3. */
  readC3(): string {
    return toHex(radio.c3);
  },
  get advertising(): boolean {
    return radio.advertising;
  },
};
