// Host side of `matter-factory simulate`: boots the firmware under XS (npm @agoric/xsnap) against a
// factory image on the simulated board, advances its virtual clock and reports what the device did.
// Each boot is a fresh XS machine; the `nvs` state (rotation counter, commissioned flag) is carried
// from one boot to the next, like the flash of a board across power cycles.

import { randomBytes } from "node:crypto";
import { decodeAdditionalData } from "../../modules/ble/additional-data.js";
import { fromHex, toHex } from "../../modules/bytes/hex.js";
import { SECURE_CERT_PARTITION_NAME } from "../../modules/secure-cert/format.js";
import { padToPartition } from "../../modules/secure-cert/writer.js";
import type { XsWorker, XsResult } from "../xs/driver.js";
import { XSNAP_ENGINE, type SimEngine } from "./engine.js";

export type RandomBytes = (length: number) => Uint8Array;
export type PersistedState = Record<string, Record<string, number>>;

/** Event recorded by the simulated board (defined beside the code that records it). */
export type { SimEvent } from "./sim/hardware.js";
import type { SimEvent } from "./sim/hardware.js";

export interface BootOptions {
  /** The factory partition image (plaintext, or encrypted when `keys` is given). */
  image: Uint8Array;
  /** The NVS keys partition image; the simulated build then has NVS encryption. */
  keys?: Uint8Array;
  /**
   * A pre-provisioned module's `esp_secure_cert` partition (at most 0x2000 bytes, the rest erased); the
   * simulated build then has attestationSource "esp_secure_cert" unless `config` says otherwise.
   */
  secureCert?: Uint8Array;
  /** The eFuse key burned with purpose HMAC_UP (32 bytes): the HMAC-derived key mode. */
  efuseHmacKey?: Uint8Array;
  /** Manifest config of the simulated build (mc/config), merged over the firmware defaults. */
  config?: Record<string, unknown>;
  /** The `nvs` state left by the previous boot. */
  state?: PersistedState;
  /** Randomness for the random static address (default: the OS CSPRNG). */
  random?: RandomBytes;
  /** Measure XS meters and live slots (adds a few gc() commands). */
  measure?: boolean;
  /** The XS engine (default: xsnap, XS 13.3; host-tools/simulate/engine.ts). */
  engine?: SimEngine;
}

export interface BootMeasurement {
  /** XS meter units from main() to the first advertisement (boot command + the virtual-clock run). */
  bootToFirstAdvertisement: number;
  /** Live slots after gc(): after the bundle loaded, after the board was installed, at the first advertisement. */
  slotsAfterLoad: number;
  slotsAfterInstall: number;
  slotsAtFirstAdvertisement: number;
  /** Live slots the boot added: at the first advertisement minus after install. */
  bootSlots: number;
}

/** Manifest name of the labels/keys the simulated build uses (same as manifest.json). */
export const KEYS_PARTITION = "nvs_keys";
const KEY_PARTITION_SIZE = 4096;
/** Events are delivered at virtual t=0; the first advertisement is expected within this (virtual ms). */
const FIRST_ADVERTISEMENT_LIMIT_MS = 1000;

function quoted(s: string): string {
  return JSON.stringify(s);
}

/** One booted simulated device in its own XS machine. */
export class SimulatedDevice {
  private constructor(
    private readonly worker: XsWorker,
    readonly measurement: BootMeasurement | undefined,
    readonly booted: boolean,
  ) {}

  /** Powers the simulated board up with the firmware and runs main(). */
  static async boot(options: BootOptions): Promise<SimulatedDevice> {
    const worker = await (options.engine ?? XSNAP_ENGINE).start();
    try {
      const measure = options.measure === true;
      const slotsAfterLoad = measure ? (await SimulatedDevice.must(worker.evaluate("gc()"), "gc")).meter!.currentHeapCount : 0;
      const random = options.random ?? ((n: number) => new Uint8Array(randomBytes(n)));
      const config = {
        factoryPartition: "fctry",
        keysPartition: KEYS_PARTITION,
        ...(options.secureCert ? { attestationSource: "esp_secure_cert" } : {}),
        ...(options.config ?? {}),
      };
      const label = typeof config.factoryPartition === "string" ? config.factoryPartition : "fctry";
      const partitions: [string, Uint8Array][] = [
        [label, options.image],
        [KEYS_PARTITION, options.keys ?? new Uint8Array(KEY_PARTITION_SIZE).fill(0xff)], // erased when no keys
      ];
      if (options.secureCert) partitions.push([SECURE_CERT_PARTITION_NAME, padToPartition(options.secureCert)]); // the rest erased, as on flash
      for (const [name, bytes] of partitions) {
        const message = new Uint8Array(1 + name.length + bytes.length);
        message[0] = name.length;
        for (let i = 0; i < name.length; i++) message[1 + i] = name.charCodeAt(i);
        message.set(bytes, 1 + name.length);
        await SimulatedDevice.must(worker.sendCommand(message), `loading partition "${name}"`);
      }
      const setup = {
        partitions: partitions.map(([name]) => name),
        keysPartition: KEYS_PARTITION,
        nvsEncryption: options.keys !== undefined,
        state: options.state ?? {},
        config,
        addressRandom: toHex(random(48)),
        ...(options.efuseHmacKey ? { efuseHmacUpKey: toHex(options.efuseHmacKey) } : {}),
      };
      await SimulatedDevice.must(worker.evaluate(`__sim.install(${JSON.stringify(setup)})`), "installing the simulated board");
      const slotsAfterInstall = measure ? (await SimulatedDevice.must(worker.evaluate("gc()"), "gc")).meter!.currentHeapCount : 0;
      const boot = await SimulatedDevice.must(worker.evaluateJson<boolean>("__sim.boot()"), "booting the firmware");
      let measurement: BootMeasurement | undefined;
      const first = await SimulatedDevice.must(worker.evaluateJson<boolean>(`__sim.runUntilAdvertising(${FIRST_ADVERTISEMENT_LIMIT_MS})`), "starting BLE");
      if (measure) {
        const compute = boot.meter!.compute + first.meter!.compute;
        // Take the recorded events out of XS first: they are the simulator's, not the device's.
        const pending = await SimulatedDevice.must(worker.evaluateJson<unknown>("__sim.drain()"), "drain");
        const slotsAtFirstAdvertisement = (await SimulatedDevice.must(worker.evaluate("gc()"), "gc")).meter!.currentHeapCount;
        measurement = {
          bootToFirstAdvertisement: first.value ? compute : 0,
          slotsAfterLoad,
          slotsAfterInstall,
          slotsAtFirstAdvertisement,
          bootSlots: slotsAtFirstAdvertisement - slotsAfterInstall,
        };
        const device = new SimulatedDevice(worker, measurement, boot.value === true);
        device.carried = pending.value as Drained;
        return device;
      }
      return new SimulatedDevice(worker, measurement, boot.value === true);
    } catch (e) {
      worker.kill();
      throw e;
    }
  }

  private carried: Drained | undefined;

  private static async must<T extends XsResult>(pending: Promise<T>, what: string): Promise<T> {
    const r = await pending;
    if (!r.ok) throw new Error(`simulate: ${what} failed under XS: ${r.error ?? "no reply"}`);
    return r;
  }

  private async call<T>(expression: string, what: string): Promise<T> {
    return (await SimulatedDevice.must(this.worker.evaluateJson<T>(expression), what)).value as T;
  }

  /** Advances the virtual clock by `ms`; returns the new virtual time. */
  advance(ms: number): Promise<number> {
    return this.call<number>(`__sim.advance(${Math.max(0, Math.floor(ms))})`, "advancing the clock");
  }

  /** Console text and board events since the last drain. */
  async drain(): Promise<Drained> {
    const d = await this.call<Drained>("__sim.drain()", "reading the board");
    if (this.carried) {
      const c = this.carried;
      this.carried = undefined;
      return { now: d.now, console: c.console + d.console, events: [...c.events, ...d.events] };
    }
    return d;
  }

  state(): Promise<PersistedState> {
    return this.call<PersistedState>("__sim.state()", "reading the nvs state");
  }
  status(): Promise<DeviceStatus> {
    return this.call<DeviceStatus>("__sim.status()", "reading the device status");
  }
  /** Every provider's values (bytes as hex); undefined when the firmware halted before the providers. */
  providers(): Promise<ProviderValues | undefined> {
    return this.call<ProviderValues | undefined>("__sim.providers()", "reading the providers");
  }
  userAction(): Promise<void> {
    return this.call<void>("__sim.userAction()", "user action");
  }
  setCommissioned(commissioned: boolean): Promise<void> {
    return this.call<void>(`__sim.setCommissioned(${commissioned})`, "setCommissioned");
  }
  connect(): Promise<boolean> {
    return this.call<boolean>("__sim.connect()", "connect");
  }
  disconnect(): Promise<boolean> {
    return this.call<boolean>("__sim.disconnect()", "disconnect");
  }
  writeC1(bytes: Uint8Array): Promise<string> {
    return this.call<string>(`__sim.writeC1(${quoted(toHex(bytes))})`, "C1 write");
  }
  readC3(): Promise<string> {
    return this.call<string>("__sim.readC3()", "C3 read");
  }
  /** Runs an expression inside XS (tests, benchmarks) and returns its value and meter. */
  evaluate<T>(expression: string): Promise<XsResult & { value?: T }> {
    return this.worker.evaluateJson<T>(expression);
  }
  close(): Promise<unknown> {
    return this.worker.close();
  }
}

export interface Drained {
  now: number;
  console: string;
  events: SimEvent[];
}

export interface DeviceStatus {
  now: number;
  error?: string;
  /** The stable id of the error, when the firmware gave one. */
  errorId?: string;
  announcer?: { state: string; phase: string; announcements: number };
  advertising: boolean;
  rotatingDeviceId?: string;
  advertisingData?: string;
}

/** A provider result as JSON (host-tools/simulate/sim/snapshot.ts). */
export type JsonResult =
  | { status: "ok"; value: unknown; fallback?: string; note?: string }
  | { status: "not-found" | "invalid" | "not-implemented"; message: string };

export interface ProviderValues {
  commissionableData: Record<string, JsonResult>;
  deviceAttestationCredentials: Record<string, JsonResult | { message: string; signature: JsonResult }>;
  deviceInstanceInfo: Record<string, JsonResult>;
  deviceInfo: {
    supportedLocales: JsonResult;
    supportedCalendarTypes: JsonResult;
    fixedLabels: Record<string, JsonResult>;
    supportedModes: Record<string, JsonResult>;
  };
}

/** One phase of the advertising schedule; a stop has null intervals. */
export interface IntervalPhase {
  fromMs: number;
  minMs: number | null;
  maxMs: number | null;
  stop?: string;
}

export interface Announcement {
  atMs: number;
  rotationCounter: number;
  rotatingDeviceId: string | null;
  c3: string | null;
}

export interface BootReport {
  boot: number;
  /** The one error line when the firmware did not advertise because of its factory data. */
  error?: string;
  console: string[];
  address: string | null;
  advertisingData: string | null;
  rotationCounter: number | null;
  rotatingDeviceId: string | null;
  c3: string | null;
  intervals: IntervalPhase[];
  announcements: Announcement[];
  events: SimEvent[];
  measurement?: BootMeasurement;
}

/** 0.625 ms units → ms. */
function unitsToMs(units: number): number {
  return (units * 5) / 8;
}

function formatAddress(hex: string): string {
  return hex.toUpperCase().match(/../g)!.join(":");
}

/** The advertising schedule of one boot from the radio's events. */
export function intervalSchedule(events: readonly SimEvent[]): IntervalPhase[] {
  const out: IntervalPhase[] = [];
  for (const e of events) {
    const last = out[out.length - 1];
    if (e.op === "start") {
      const phase = { fromMs: e.t, minMs: unitsToMs(e.intervalMin), maxMs: unitsToMs(e.intervalMax) };
      if (last && last.minMs === phase.minMs && last.maxMs === phase.maxMs) continue;
      out.push(phase);
    } else if (e.op === "stop") {
      if (!last || last.minMs === null) continue;
      out.push({ fromMs: e.t, minMs: null, maxMs: null, stop: e.reason });
    }
  }
  return out;
}

/** Commencements: each advances the rotation counter (a state write) and sets C3 right after. */
export function announcements(events: readonly SimEvent[]): Announcement[] {
  const out: Announcement[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.op !== "state" || e.key !== "rdi-counter") continue;
    const c3 = events.slice(i + 1).find((x) => x.op === "c3") as { value: string } | undefined;
    let rdi: string | null = null;
    if (c3) {
      try {
        const r = decodeAdditionalData(fromHex(c3.value)).rotatingDeviceId;
        rdi = r ? toHex(r) : null;
      } catch {
        rdi = null;
      }
    }
    out.push({ atMs: e.t, rotationCounter: e.value, rotatingDeviceId: rdi, c3: c3 ? c3.value : null });
  }
  return out;
}

/** The firmware's one error line (device/app.ts halt: "ERROR <message>: not advertising"), as <message>. */
function errorLine(console: string[]): string | undefined {
  const line = console.find((l) => l.startsWith("ERROR "));
  return line?.slice("ERROR ".length).replace(/: not advertising$/, "");
}

export function bootReport(boot: number, drained: Drained, measurement?: BootMeasurement): BootReport {
  const console = drained.console.split("\n");
  if (console[console.length - 1] === "") console.pop();
  const events = drained.events;
  const firstStart = events.find((e) => e.op === "start") as { data: string } | undefined;
  const address = events.find((e) => e.op === "address") as { address: string } | undefined;
  const list = announcements(events);
  const report: BootReport = {
    boot,
    console,
    address: address && firstStart ? formatAddress(address.address) : null,
    advertisingData: firstStart ? firstStart.data : null,
    rotationCounter: list.length ? list[0].rotationCounter : null,
    rotatingDeviceId: list.length ? list[0].rotatingDeviceId : null,
    c3: list.length ? list[0].c3 : null,
    intervals: intervalSchedule(events),
    announcements: list,
    events,
  };
  const error = errorLine(console);
  if (error !== undefined) report.error = error;
  if (measurement) report.measurement = measurement;
  return report;
}

export interface SimulateOptions extends Omit<BootOptions, "state"> {
  /** Virtual seconds each boot runs (default: the announcement duration plus 60 s). */
  seconds?: number;
  /** Power cycles (default 1). */
  boots?: number;
  /** The `nvs` state before the first boot (default: erased). */
  state?: PersistedState;
}

export interface SimulationReport {
  /** The one error line of the first boot when the device would not advertise. */
  error?: string;
  /** Its stable id, when it has one ("secure-cert.partition-missing"…). */
  errorId?: string;
  commissionableData?: Record<string, JsonResult>;
  deviceAttestationCredentials?: ProviderValues["deviceAttestationCredentials"];
  deviceInstanceInfo?: Record<string, JsonResult>;
  deviceInfo?: ProviderValues["deviceInfo"];
  boots: BootReport[];
  /** The `nvs` state after the last boot. */
  state: PersistedState;
  /** Set by `matter-factory simulate`: the signing check's signature verified with node:crypto against the reported DAC. */
  dacSignatureVerifies?: boolean;
}

/** Boots the firmware `boots` times against the image and reports what it did. */
export async function simulateDevice(options: SimulateOptions): Promise<SimulationReport> {
  const boots = options.boots ?? 1;
  const minutes = typeof options.config?.announcementMinutes === "number" ? options.config.announcementMinutes : 15;
  const seconds = options.seconds ?? minutes * 60 + 60;
  let state: PersistedState = options.state ?? {};
  const report: SimulationReport = { boots: [], state };
  for (let n = 1; n <= boots; n++) {
    const device = await SimulatedDevice.boot({ ...options, state });
    try {
      await device.advance(seconds * 1000);
      const drained = await device.drain();
      const boot = bootReport(n, drained, device.measurement);
      if (n === 1) {
        const values = await device.providers();
        if (values) Object.assign(report, values);
        if (boot.error !== undefined) report.error = boot.error;
        const errorId = (await device.status()).errorId;
        if (errorId !== undefined) report.errorId = errorId;
      }
      report.boots.push(boot);
      state = await device.state();
    } finally {
      await device.close();
    }
  }
  report.state = state;
  return report;
}
