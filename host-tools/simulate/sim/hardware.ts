// Simulated board (runs inside XS): the state the simulated Moddable modules share — flash partitions
// (factory image and NVS keys), the persisted `nvs` state, the virtual clock, the BLE radio log and the
// console. The host fills it through `install` before boot and reads it back through `drain`.
// Nothing here runs on the real device.

import { fromHex, toHex } from "../../../modules/bytes/hex.js";
import { VirtualClock } from "./clock.js";

export interface SimSetup {
  /** Labels of the flash partitions, staged before install with `stagePartition`. */
  partitions: string[];
  /** Label of the NVS keys partition (the native module finds it by subtype nvs_keys). */
  keysPartition: string;
  /** CONFIG_NVS_ENCRYPTION of the simulated firmware (native backend). */
  nvsEncryption: boolean;
  /** The default `nvs` partition as it was at power-off: namespace → key → u32. */
  state: Record<string, Record<string, number>>;
  /** The manifest config ("mc/config"). */
  config: Record<string, unknown>;
  /** Random bytes for the BLE random static address (6 per attempt), hex. */
  addressRandom: string;
  /** The eFuse key block with purpose HMAC_UP (32 bytes, hex), when one is burned. */
  efuseHmacUpKey?: string;
}

/** One thing the radio or the storage did, at virtual time `t` (ms). */
export type SimEvent =
  | { t: number; op: "begin" }
  | { t: number; op: "address"; address: string }
  | { t: number; op: "start"; data: string; intervalMin: number; intervalMax: number }
  | { t: number; op: "stop"; reason: string }
  | { t: number; op: "c3"; value: string }
  | { t: number; op: "event"; kind: number; status: number; connection: number }
  | { t: number; op: "c1-write"; result: string }
  | { t: number; op: "state"; namespace: string; key: string; value: number };

export const board = {
  partitions: new Map<string, Uint8Array>(),
  keysPartition: "nvs_keys",
  nvsEncryption: false,
  state: new Map<string, Map<string, number>>(),
  clock: new VirtualClock(),
  events: [] as SimEvent[],
  consoleText: "",
  addressRandom: new Uint8Array(0) as Uint8Array,
  /** eFuse: the key block with purpose HMAC_UP (esp_efuse_find_purpose), if any. */
  efuseHmacUpKey: undefined as Uint8Array | undefined,
};

/** The "mc/config" object; filled by install (the simulated build's manifest config). */
export const manifestConfig: Record<string, unknown> = {};

export function record(event: SimEvent): void {
  board.events.push(event);
}

const staged = new Map<string, Uint8Array>();

/**
 * Receives one partition image from the host as binary (xsnap `handleCommand`): label length (1 byte),
 * label (ASCII), then the partition bytes. Binary, because hex text would be slow to decode: XS
 * indexes strings from their start.
 */
export function stagePartition(message: ArrayBuffer): void {
  const bytes = new Uint8Array(message);
  const n = bytes[0];
  let label = "";
  for (let i = 1; i <= n; i++) label += String.fromCharCode(bytes[i]);
  staged.set(label, bytes.slice(1 + n));
}

export function install(setup: SimSetup): void {
  for (const label of setup.partitions) {
    const bytes = staged.get(label);
    if (!bytes) throw new Error(`simulated partition "${label}" was not staged`);
    board.partitions.set(label, bytes);
  }
  staged.clear();
  board.keysPartition = setup.keysPartition;
  board.nvsEncryption = setup.nvsEncryption;
  for (const ns of Object.keys(setup.state)) {
    const m = new Map<string, number>();
    for (const key of Object.keys(setup.state[ns])) m.set(key, setup.state[ns][key]);
    board.state.set(ns, m);
  }
  for (const key of Object.keys(setup.config)) manifestConfig[key] = setup.config[key];
  board.addressRandom = fromHex(setup.addressRandom);
  board.efuseHmacUpKey = setup.efuseHmacUpKey === undefined ? undefined : fromHex(setup.efuseHmacUpKey);
}

/** The persisted state as plain objects (what survives a reboot). */
export function stateSnapshot(): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  board.state.forEach((m, ns) => {
    const o: Record<string, number> = {};
    m.forEach((v, k) => (o[k] = v));
    out[ns] = o;
  });
  return out;
}

/** Takes the console text and events recorded so far. */
export function drain(): { now: number; console: string; events: SimEvent[] } {
  const out = { now: board.clock.now, console: board.consoleText, events: board.events };
  board.consoleText = "";
  board.events = [];
  return out;
}

export { toHex };
