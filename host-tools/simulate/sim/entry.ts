// The simulated board's side of the simulation bundle (runs inside XS). The bundle's entry (generated in
// host-tools/simulate/bundle.ts) imports the real firmware entry, main.ts, with the Moddable modules and
// native bindings aliased to this folder, and hands its default export to `simulateFirmware`. The host
// drives the board through `globalThis.__sim`. (main.ts is not imported here, so the host type-check,
// which has no Moddable typings, never reaches the device adapters.)

import { fromHex, toHex } from "../../../modules/bytes/hex.js";
import { rotatingDeviceId, type RotatingIdAlgorithm } from "../../../modules/crypto/rotating-id.js";
import type { Device } from "../../../device/app.js";
import { commissioner } from "./ble-adv.js";
import { premount } from "./factory-nvs.js";
import { premountSecureCert } from "./secure-cert.js";
import { board, drain, install, manifestConfig, stagePartition, stateSnapshot, type SimSetup } from "./hardware.js";
import { providerSnapshot } from "./snapshot.js";

// The device's debug output: Moddable's global `trace` (text as given; lines end with "\n").
(globalThis as { trace?: (...values: unknown[]) => void }).trace = (...values: unknown[]) => {
  board.consoleText += values.map(String).join("");
};

let device: Device | undefined;
let main: () => Device | undefined = () => {
  throw new Error("no firmware: the bundle entry must call simulateFirmware(main)");
};

function theDevice(): Device {
  if (!device) throw new Error("the device did not boot (or halted before creating its handle)");
  return device;
}

const sim = {
  install(setup: SimSetup): void {
    install(setup);
    const label = manifestConfig.factoryPartition;
    if (typeof label === "string" && manifestConfig.factoryBackend !== "flash") premount(label);
    if (manifestConfig.attestationSource === "esp_secure_cert") premountSecureCert();
  },
  /** Power-up: runs the firmware's main(). */
  boot(): boolean {
    device = main();
    return device !== undefined && device.error === undefined;
  },
  /** Advances the virtual clock by ms. */
  advance(ms: number): number {
    board.clock.advance(ms);
    return board.clock.now;
  },
  /**
   * Runs the timers due within `limitMs` until the radio advertises; true when it does. The clock stays
   * at the last timer that ran (a device that does not advertise at power-up loses no time here).
   */
  runUntilAdvertising(limitMs: number): boolean {
    if (commissioner.advertising) return true;
    return board.clock.runUntil(board.clock.now + limitMs, () => commissioner.advertising, false);
  },
  drain,
  state: stateSnapshot,
  status(): Record<string, unknown> {
    const d = device;
    return {
      now: board.clock.now,
      error: d?.error ?? (d ? undefined : "no device"),
      errorId: d?.errorId,
      announcer: d?.announcer ? { state: d.announcer.state, phase: d.announcer.phase, announcements: d.announcer.announcements } : undefined,
      advertising: commissioner.advertising,
      rotatingDeviceId: d?.rotatingDeviceId ? toHex(d.rotatingDeviceId) : undefined,
      advertisingData: d?.advertisingData ? toHex(d.advertisingData) : undefined,
    };
  },
  providers(): Record<string, unknown> | undefined {
    return device ? providerSnapshot(device) : undefined;
  },
  userAction(): void {
    theDevice().userAction();
  },
  setCommissioned(commissioned: boolean): void {
    theDevice().setCommissioned(commissioned);
  },
  connect: () => commissioner.connect(),
  disconnect: () => commissioner.disconnect(),
  writeC1: (hex: string) => commissioner.writeC1(fromHex(hex)),
  readC3: () => commissioner.readC3(),
  /** One Rotating Device ID computation with the firmware's code (benchmarks). */
  rdi(uniqueIdHex: string, counter: number, algorithm: RotatingIdAlgorithm): string {
    return toHex(rotatingDeviceId(fromHex(uniqueIdHex), counter, algorithm));
  },
};

/** Puts the firmware on the simulated board and exposes the board to the host. */
export function simulateFirmware(firmwareMain: () => Device | undefined): void {
  main = firmwareMain;
  (globalThis as { __sim?: typeof sim }).__sim = sim;
  // xsnap calls handleCommand for each binary message from the host: partition images before install.
  (globalThis as { handleCommand?: (message: ArrayBuffer) => void }).handleCommand = stagePartition;
}
