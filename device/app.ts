// The firmware: open the factory partition, serve the four providers, print the bring-up report and
// announce over BLE (Matter Core §5.4.2). Written against device/platform.ts only, so the same code
// runs on the board (device/adapters/moddable-*.ts) and under `matter-factory simulate`.
//
// A factory partition that cannot be read, or that lacks a value the advertisement or commissioning
// needs (discriminator, VID, PID, iteration count, salt, verifier), gives ONE error line and no
// advertising: the device never announces made-up data.

import { encodeAdvertisingData } from "../modules/ble/advertising.js";
import { toHex } from "../modules/bytes/hex.js";
import { Announcer, unitsToMs } from "./advertising.js";
import type { DeviceConfig } from "./config.js";
import { hex, printAttestationSummary, printFactoryContents, printOnboardingCodes } from "./console.js";
import { FactoryStoreError, SecureCertError, type FactoryStore, type Platform } from "./platform.js";
import { createProviders, type Providers } from "./providers/index.js";
import { openSecureCertAttestation, secureCertSummary, type SecureCertAttestationProvider } from "./providers/attestation-secure-cert.js";
import { additionalDataValue, RotatingIdGenerator, RotationCounter } from "./rdi.js";

/** Key of the commissioned flag in the device's state namespace (1 = commissioned). */
export const COMMISSIONED_KEY = "commissioned";

export interface Device {
  readonly config: DeviceConfig;
  /** Set when the firmware stopped at boot (the one error line it printed). */
  readonly error: string | undefined;
  /** The stable id of that error, when it has one ("secure-cert.key-mismatch"…). */
  readonly errorId: string | undefined;
  readonly store: FactoryStore | undefined;
  readonly providers: Providers | undefined;
  readonly announcer: Announcer | undefined;
  /** The Rotating Device ID of the current announcement (undefined before one, or without a unique ID). */
  readonly rotatingDeviceId: Uint8Array | undefined;
  /** The advertising data of the current announcement. */
  readonly advertisingData: Uint8Array | undefined;
  /** A user action (button…): starts a new announcement once the previous one has ended. */
  userAction(): void;
  /** Called by the app when commissioning completes (or the device is factory reset): persisted. */
  setCommissioned(commissioned: boolean): void;
}

function describe(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/[\r\n]+/g, " ");
}

class Firmware implements Device {
  error: string | undefined;
  errorId: string | undefined;
  store: FactoryStore | undefined;
  providers: Providers | undefined;
  announcer: Announcer | undefined;
  rotatingDeviceId: Uint8Array | undefined;
  advertisingData: Uint8Array | undefined;

  constructor(
    readonly config: DeviceConfig,
    private readonly platform: Platform,
  ) {}

  halt(message: string, id?: string): void {
    this.error = message;
    this.errorId = id;
    this.platform.console.line(`ERROR ${message}: not advertising`);
  }

  userAction(): void {
    if (this.announcer) this.announcer.userAction();
    else this.platform.console.line(`user action: ignored, ${this.error ?? "the firmware did not start"}`);
  }

  setCommissioned(commissioned: boolean): void {
    this.platform.state.write(COMMISSIONED_KEY, commissioned ? 1 : 0);
    this.platform.console.line(`commissioned: ${commissioned ? "yes, BLE advertising off for good" : "no (reset)"}`);
    this.announcer?.setCommissioned(commissioned);
  }
}

/** Boots the firmware on `platform`. Never throws: failures are printed and leave the device halted. */
export function startDevice(platform: Platform, config: DeviceConfig): Device {
  const out = platform.console;
  const device = new Firmware(config, platform);
  out.line("matter-factory device: bring-up console");

  let store: FactoryStore;
  try {
    store = platform.openFactoryStore(config.factoryBackend, config.factoryPartition, config.keysPartition);
  } catch (e) {
    if (e instanceof FactoryStoreError) device.halt(`factory data: ${describe(e)}`, e.id);
    else device.halt(`factory data: partition "${config.factoryPartition}": ${describe(e)}`);
    return device;
  }
  // A pre-provisioned module (manifest config attestationSource): DAC, PAI and key from esp_secure_cert.
  let secureCert: SecureCertAttestationProvider | undefined;
  if (config.attestationSource === "esp_secure_cert") {
    try {
      secureCert = openSecureCertAttestation(() => platform.openSecureCert(), store);
    } catch (e) {
      device.halt(`attestation: ${describe(e)}`, e instanceof SecureCertError ? e.id : undefined);
      return device;
    }
  }
  const providers = createProviders(store, platform.openDacSigner(config.factoryPartition));
  if (secureCert) providers.attestation = secureCert;
  device.store = store;
  device.providers = providers;
  printFactoryContents(out, store, providers, config);
  if (secureCert) out.line(secureCertSummary(secureCert));

  // Everything the advertisement and PASE need, straight from the factory data.
  const cd = providers.commissionableData;
  const info = providers.instanceInfo;
  const discriminator = cd.setupDiscriminator();
  const vendorId = info.vendorId();
  const productId = info.productId();
  const needed = [discriminator, vendorId, productId, cd.spake2pIterationCount(), cd.spake2pSalt(), cd.spake2pVerifier()];
  const failures: string[] = [];
  for (const r of needed) if (r.status !== "ok") failures.push(r.message);
  if (discriminator.status !== "ok" || vendorId.status !== "ok" || productId.status !== "ok" || failures.length > 0) {
    device.halt(`factory data: ${failures.join("; ")}`);
    return device;
  }
  out.line(`commissioning: VID ${hex(vendorId.value)}, PID ${hex(productId.value)}, discriminator ${discriminator.value} (${hex(discriminator.value, 3)})`);
  printAttestationSummary(out, providers);

  const passcode = cd.setupPasscode();
  if (passcode.status === "ok") {
    printOnboardingCodes(out, {
      vendorId: vendorId.value,
      productId: productId.value,
      discriminator: discriminator.value,
      passcode: passcode.value,
      flow: config.commissioningFlow,
      discoveryCapabilities: config.discoveryCapabilities,
    });
  } else if (passcode.status === "invalid") {
    out.line(`WARNING ${passcode.message}`);
  }

  // Rotating Device ID: only with a unique ID in the factory data.
  let generator: RotatingIdGenerator | undefined;
  if (config.rotatingDeviceId) {
    const uid = info.rotatingDeviceIdUniqueId();
    if (uid.status === "ok") generator = new RotatingIdGenerator(uid.value, config.rotatingIdAlgorithm);
    else out.line(`${uid.status === "invalid" ? "WARNING " : ""}rotating device id: off (${uid.message})`);
  }
  // The advertising data is fixed for this boot (Core §5.4.2.5.6); encoding checks the VID/PID rule.
  let data: Uint8Array;
  try {
    data = encodeAdvertisingData({ discriminator: discriminator.value, vendorId: vendorId.value, productId: productId.value, additionalData: generator !== undefined });
  } catch (e) {
    device.halt(`advertising data: ${describe(e)}`);
    return device;
  }
  device.advertisingData = data;
  const counter = new RotationCounter(platform.state);
  const plan = {
    durationMs: config.announcementMinutes * 60_000,
    fastMs: config.fastAdvertisingSeconds * 1000,
    fastIntervalMin: config.fastIntervalMin,
    fastIntervalMax: config.fastIntervalMax,
    slowIntervalMin: config.slowIntervalMin,
    slowIntervalMax: config.slowIntervalMax,
  };
  const ble = platform.ble;
  const announcer = new Announcer(
    ble,
    platform.clock,
    plan,
    {
      commence: () => {
        const count = counter.advance(); // committed before use (Core §5.4.2.4.5: rotate at each commencement)
        const rdi = generator?.compute(count);
        const c3 = additionalDataValue(rdi);
        ble.setC3Value(c3);
        device.rotatingDeviceId = rdi;
        const address = ble.address();
        out.line(
          `advertising: announcement started, address ${address ? formatAddress(address) : "?"}, ` +
            `fast ${unitsToMs(plan.fastIntervalMin)}-${unitsToMs(plan.fastIntervalMax)} ms for ${config.fastAdvertisingSeconds} s, ` +
            `then ${unitsToMs(plan.slowIntervalMin)}-${unitsToMs(plan.slowIntervalMax)} ms, stops after ${config.announcementMinutes} min`,
        );
        out.line(`advertising data: ${toHex(data)}`);
        out.line(`rotation counter ${count}, RDI ${rdi ? toHex(rdi).toUpperCase() : "none (no rd-id-uid)"}, C3 ${toHex(c3)}`);
        return data;
      },
      log: (text) => out.line(text),
    },
    { autoStart: config.commissioningFlow === 0, commissioned: platform.state.read(COMMISSIONED_KEY) === 1 },
  );
  device.announcer = announcer;
  announcer.begin();
  return device;
}

/** A BLE address, most significant byte first, as AA:BB:CC:DD:EE:FF. */
export function formatAddress(address: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < address.length; i++) parts.push(address[i].toString(16).toUpperCase().padStart(2, "0"));
  return parts.join(":");
}
