// "mc/config": the manifest's `config` object, frozen (ref/moddable-xs.md §1). The keys below are the
// ones manifest.json defines; test/manifest.test.ts checks the two lists stay the same. device/config.ts
// checks the values at boot (types and defaults: DeviceConfig there).
declare module "mc/config" {
  const config: {
    /** NVS partition holding `chip-factory` (partitions.csv). */
    readonly factoryPartition: string;
    /** How the factory partition is read: native ESP-IDF NVS (NVS encryption) or the TS reader over Flash. */
    readonly factoryBackend: "native" | "flash";
    /** NVS keys partition label (flash backend; the native module finds it by subtype). */
    readonly keysPartition: string;
    /** Commissioning announcement length in minutes, 3..15 (Matter Core §5.4.2.3). */
    readonly announcementMinutes: number;
    /** Length of the fast-advertising phase in seconds (Matter Core §5.4.2.5.3: 30). */
    readonly fastAdvertisingSeconds: number;
    /** Advertising intervals in 0.625 ms units (Matter Core §5.4.2.5.3). */
    readonly fastIntervalMin: number;
    readonly fastIntervalMax: number;
    readonly slowIntervalMin: number;
    readonly slowIntervalMax: number;
    /** Serve a Rotating Device ID from `rd-id-uid` (Matter Core §5.4.2.4.5). */
    readonly rotatingDeviceId: boolean;
    /** Rotating Device ID derivation (modules/crypto/rotating-id.ts RotatingIdAlgorithm). */
    readonly rotatingIdAlgorithm: "spec-hkdf" | "sdk-sha256";
    /** Commissioning flow (Matter Core §5.1.1.3): 0 standard, 1 user-intent, 2 custom. */
    readonly commissioningFlow: 0 | 1 | 2;
    /** Discovery capabilities bitmap for the development-image QR payload (2 = BLE). */
    readonly discoveryCapabilities: number;
    /** Data model endpoints whose fixed labels and supported modes are read. */
    readonly endpoints: readonly number[];
  };
  export default config;
}
