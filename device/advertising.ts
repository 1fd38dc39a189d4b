// Commissionable BLE announcement schedule (Matter Core §5.4.2.2, §5.4.2.3, §5.4.2.5.3-5), driven by
// one-shot timers:
//   commencement  → advertise at the fast interval (20…60 ms, 32…96 units of 0.625 ms)
//   + 30 s        → the slow interval (150…1200 ms, 240…1920 units)
//   + duration    → stop (3…15 min after commencement; a failed commissioning attempt does not extend it)
// A new commencement (power-up in the standard flow, or a user action once an announcement has ended)
// calls `hooks.commence()`, which advances the rotation counter and returns fresh advertising data.
// A connection stops advertising (the stack does this); after the disconnect it resumes in the current
// phase if the announcement window is still open — that is not a new commencement. A commissioned
// device never advertises over BLE (§5.4.2.2).

import { BleEventKind, type BleAdvertiser, type Clock, type TimerHandle } from "./platform.js";

export interface AnnouncementPlan {
  /** Announcement duration from commencement, ms. */
  durationMs: number;
  /** Length of the fast phase, ms. */
  fastMs: number;
  /** Intervals in 0.625 ms units. */
  fastIntervalMin: number;
  fastIntervalMax: number;
  slowIntervalMin: number;
  slowIntervalMax: number;
}

export interface AnnouncerHooks {
  /** A commencement: advance the counter, set C3, and return the advertising data. */
  commence(): Uint8Array;
  log(text: string): void;
}

export type AnnouncerState =
  | "starting" //     waiting for the BLE stack (READY)
  | "idle" //         ready, not announcing (user-intent flow, or waiting for a user action)
  | "announcing"
  | "ended" //        the announcement duration elapsed; a user action starts a new one
  | "commissioned" // never advertises
  | "failed"; //      the BLE stack could not start (no random static address)

export type AdvertisingPhase = "fast" | "slow";

/** 0.625 ms units → ms, as printed ("20", "1200", "37.5"). */
export function unitsToMs(units: number): number {
  return (units * 5) / 8;
}

export class Announcer {
  state: AnnouncerState = "starting";
  phase: AdvertisingPhase = "fast";
  connected = false;
  /** Commencements since boot. */
  announcements = 0;
  private bleReady = false;
  private startPending: boolean;
  private data: Uint8Array | undefined;
  private phaseTimer: TimerHandle | undefined;
  private endTimer: TimerHandle | undefined;

  constructor(
    private readonly ble: BleAdvertiser,
    private readonly clock: Clock,
    private readonly plan: AnnouncementPlan,
    private readonly hooks: AnnouncerHooks,
    options: { autoStart: boolean; commissioned: boolean },
  ) {
    this.startPending = options.autoStart;
    if (options.commissioned) this.state = "commissioned";
  }

  /** Starts the BLE stack; the first announcement begins at READY when the flow says so. */
  begin(): void {
    this.ble.begin((kind, status, connection) => this.onEvent(kind, status, connection));
  }

  /** A user action (button…): commences a new announcement when none is running (Core §5.4.2.2). */
  userAction(): boolean {
    if (this.state === "commissioned") {
      this.hooks.log("user action: commissioned, not advertising over BLE (Core 5.4.2.2)");
      return false;
    }
    if (this.state === "announcing") {
      this.hooks.log("user action: already announcing (the announcement duration is not extended)");
      return false;
    }
    if (this.state === "failed") {
      this.hooks.log("user action: BLE is not available");
      return false;
    }
    if (!this.bleReady) {
      this.startPending = true;
      this.hooks.log("user action: announcing once BLE is ready");
      return true;
    }
    this.commence();
    return true;
  }

  /** The app reports commissioning: stop advertising now and never again (persisting it is the app's job). */
  setCommissioned(commissioned: boolean): void {
    if (commissioned) {
      if (this.state === "announcing") this.finish("commissioned");
      this.state = "commissioned";
      this.startPending = false;
    } else if (this.state === "commissioned") {
      this.state = this.bleReady ? "idle" : "starting";
    }
  }

  private onEvent(kind: number, status: number, connection: number): void {
    switch (kind) {
      case BleEventKind.READY:
        if (status !== 0) {
          this.state = this.state === "commissioned" ? "commissioned" : "failed";
          this.hooks.log(`ERROR ble: no random static address (NimBLE error ${status}): not advertising`);
          return;
        }
        this.bleReady = true;
        if (this.state === "announcing") {
          this.hooks.log("ble: stack ready again after a reset; advertising resumes");
          this.advertise();
        } else if (this.state === "starting") {
          this.state = "idle";
          if (this.startPending) this.commence();
          else this.hooks.log("advertising: waiting for a user action (user-intent or custom commissioning flow)");
        } else if (this.state === "commissioned") {
          this.hooks.log("advertising: off, the device is commissioned (Core 5.4.2.2)");
        }
        return;
      case BleEventKind.CONNECTED:
        if (status === 0) {
          this.connected = true;
          this.hooks.log(`ble: connected (handle ${connection}); advertising paused`);
        } else if (this.state === "announcing") {
          this.advertise(); // a failed connection attempt ends advertising: resume
        }
        return;
      case BleEventKind.DISCONNECTED:
        this.connected = false;
        this.hooks.log(`ble: disconnected (reason ${status})${this.state === "announcing" ? "; advertising resumes" : ""}`);
        if (this.state === "announcing") this.advertise();
        return;
      case BleEventKind.RESET:
        this.bleReady = false;
        this.connected = false;
        this.hooks.log(`ble: stack reset (reason ${status})`);
        return;
      case BleEventKind.C1_WRITE_REFUSED:
        this.hooks.log(`ble: write to C1 refused (ATT error 0x03 Write Not Permitted): this firmware has no BTP sessions`);
        return;
      default:
        return;
    }
  }

  private commence(): void {
    this.clearTimers();
    this.data = this.hooks.commence();
    this.announcements++;
    this.state = "announcing";
    this.phase = this.plan.fastMs > 0 ? "fast" : "slow";
    this.advertise();
    if (this.phase === "fast") this.phaseTimer = this.clock.setTimeout(() => this.toSlowPhase(), this.plan.fastMs);
    this.endTimer = this.clock.setTimeout(() => this.finish("announcement duration elapsed"), this.plan.durationMs);
  }

  private toSlowPhase(): void {
    this.phaseTimer = undefined;
    if (this.state !== "announcing") return;
    this.phase = "slow";
    this.hooks.log(`advertising: slow interval ${unitsToMs(this.plan.slowIntervalMin)}-${unitsToMs(this.plan.slowIntervalMax)} ms`);
    this.advertise();
  }

  private advertise(): void {
    if (this.connected || !this.bleReady || !this.data) return;
    const fast = this.phase === "fast";
    this.ble.start(this.data, fast ? this.plan.fastIntervalMin : this.plan.slowIntervalMin, fast ? this.plan.fastIntervalMax : this.plan.slowIntervalMax);
  }

  private finish(why: string): void {
    this.clearTimers();
    if (!this.connected) this.ble.stop();
    this.state = "ended";
    this.hooks.log(`advertising: stopped (${why})`);
  }

  private clearTimers(): void {
    if (this.phaseTimer !== undefined) this.clock.clearTimeout(this.phaseTimer);
    if (this.endTimer !== undefined) this.clock.clearTimeout(this.endTimer);
    this.phaseTimer = undefined;
    this.endTimer = undefined;
  }
}
