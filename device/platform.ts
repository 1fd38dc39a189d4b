// The device's view of its platform: small interfaces the firmware logic is written against. On the
// board they are implemented by device/adapters/moddable-*.ts (Moddable SDK modules and the native
// bindings in native/); in `matter-factory simulate` by the same adapters over simulated Moddable
// modules (host-tools/simulate/sim/). Nothing here imports a Moddable module.

/** Outcome of one typed factory read, like `nvs_get_u32/str/blob` on the `chip-factory` namespace. */
export type StoreRead<T> =
  | { readonly outcome: "found"; readonly value: T }
  | { readonly outcome: "not-found" }
  /** The key exists with another entry type; `stored` names it ("u8", "blob"…) or is "" when unknown. */
  | { readonly outcome: "type-mismatch"; readonly stored: string };

export const NOT_FOUND: StoreRead<never> = Object.freeze({ outcome: "not-found" });

/** Read-only access to the `chip-factory` namespace of the factory partition. */
export interface FactoryStore {
  /** "native": native/factory_nvs.c (ESP-IDF NVS); "flash": the shared TS NVS reader over raw flash reads. */
  readonly backend: "native" | "flash";
  readonly partition: string;
  /** True when the partition was read with NVS encryption keys. */
  readonly encrypted: boolean;
  /** Damage the reader skipped (flash backend: the NVS reader's problems; native: none known). */
  readonly problems: readonly string[];
  getU32(key: string): StoreRead<number>;
  getString(key: string): StoreRead<string>;
  getBlob(key: string): StoreRead<Uint8Array>;
}

/** Why the factory partition could not be opened; one id per outcome the firmware reports. */
export type FactoryStoreErrorId =
  | "factory-store.no-partition" //   the label is not in the partition table
  | "factory-store.bad-keys" //       the nvs_keys partition holds something that is not a key block
  | "factory-store.no-namespace" //   no readable `chip-factory` namespace (erased, corrupt, encrypted without keys)
  | "factory-store.native"; //        the native NVS module refused (ESP-IDF error name in the message)

/** Opening the factory partition failed (missing partition or namespace, corrupt image): one line. */
export class FactoryStoreError extends Error {
  override name = "FactoryStoreError"; // a class field: assigning `this.name` fails under frozen intrinsics
  constructor(
    readonly id: FactoryStoreErrorId,
    message: string,
  ) {
    super(message);
  }
}

/** Small persistent integers in the normal `nvs` partition (Rotating Device ID counter, commissioned flag). */
export interface StateStore {
  read(key: string): number | undefined;
  /** Writes and commits at once. */
  write(key: string, value: number): void;
}

/** Event kinds from the BLE stack; the numbers are native/ble_adv.ts's BleEvent. */
export const BleEventKind = Object.freeze({
  READY: 1,
  CONNECTED: 2,
  DISCONNECTED: 3,
  ADV_COMPLETE: 4,
  RESET: 5,
  C1_WRITE_REFUSED: 6,
} as const);

export type BleEventHandler = (kind: number, status: number, connection: number) => void;

/** The native NimBLE peripheral (native/ble_adv.c): raw advertising from a random static address. */
export interface BleAdvertiser {
  /** Starts the stack; READY (status 0) follows once a fresh random static address is set. */
  begin(onEvent: BleEventHandler): void;
  /** (Re)starts connectable undirected, general discoverable advertising; intervals in 0.625 ms units. */
  start(advertisingData: Uint8Array, intervalMin: number, intervalMax: number): void;
  stop(): void;
  /** The bytes a read of characteristic C3 returns from now on. */
  setC3Value(value: Uint8Array): void;
  /** The random static address, most significant byte first, or undefined before READY. */
  address(): Uint8Array | undefined;
}

export type TimerHandle = unknown;

/** One-shot timers (Moddable `timer`). */
export interface Clock {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The bring-up console (serial / xsbug): one line per call. */
export interface Console {
  line(text: string): void;
}

/** ECDSA P-256 with SHA-256 using the DAC private key, which stays in native code on the device. */
export interface DacSigner {
  /** The 64-byte r ‖ s signature of `message`. Throws a one-line Error when the key is missing or bad. */
  sign(message: Uint8Array): Uint8Array;
}

/** How a pre-provisioned module holds its DAC key: SEC1 DER in the partition, or derived by the HMAC peripheral. */
export type SecureCertKeyMode = "plaintext" | "hmac-derived";

/**
 * The module's `esp_secure_cert` partition (native/secure_cert.c through esp_secure_cert_mgr): DAC, PAI
 * and signing with the DAC key, which stays in native code. Every method throws a SecureCertError.
 */
export interface SecureCertSource extends DacSigner {
  readonly keyMode: SecureCertKeyMode;
  /** DEV_CERT (type 1, subtype 0), DER. */
  deviceCert(): Uint8Array;
  /** CA_CERT (type 0, subtype 0), DER. */
  caCert(): Uint8Array;
  /** The DAC key's public point, 65 bytes (04 ‖ X ‖ Y). */
  publicKey(): Uint8Array;
}

/** The esp_secure_cert partition failed: `id` is stable ("secure-cert.partition-missing"…, docs/secure-cert-device.md), the message one line. */
export class SecureCertError extends Error {
  override name = "SecureCertError";
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** Everything the firmware needs from the board. */
export interface Platform {
  /** Opens the factory partition with the configured backend; throws FactoryStoreError. */
  openFactoryStore(backend: "native" | "flash", partition: string, keysPartition: string): FactoryStore;
  /** The DAC signer for the factory partition (native on the device, whichever store backend is used). */
  openDacSigner(partition: string): DacSigner;
  /** Opens the `esp_secure_cert` partition (attestationSource "esp_secure_cert"); throws SecureCertError. */
  openSecureCert(): SecureCertSource;
  state: StateStore;
  ble: BleAdvertiser;
  clock: Clock;
  console: Console;
}
