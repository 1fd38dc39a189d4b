// Firmware settings, from the manifest's `config` (Moddable "mc/config"), checked once at boot.
// Defaults follow the Matter Core spec: §5.4.2.3 (announcement 3…15 min, default here 15),
// §5.4.2.5.3 (20…60 ms for the first 30 s, then 150…1200 ms), §5.4.2.2 (standard flow announces at
// power-up, user-intent and custom flows only after a user action).

import type { RotatingIdAlgorithm } from "../modules/crypto/rotating-id.js";

export interface DeviceConfig {
  /** Label of the NVS partition holding `chip-factory` (partitions.csv). */
  factoryPartition: string;
  /** How the factory partition is read: native ESP-IDF NVS (supports NVS encryption) or the TS reader over Flash. */
  factoryBackend: "native" | "flash";
  /** Label of the NVS keys partition (flash backend; the native module finds it by subtype). */
  keysPartition: string;
  /**
   * Where the attestation provider takes DAC, PAI and the signing key (like connectedhomeip's
   * CONFIG_SEC_CERT_DAC_PROVIDER): `chip-factory` NVS keys, or a pre-provisioned module's
   * `esp_secure_cert` partition. The CD is read from chip-factory either way.
   */
  attestationSource: "chip-factory" | "esp_secure_cert";
  /** Announcement duration, minutes, 3…15 (Core §5.4.2.3). */
  announcementMinutes: number;
  /** Length of the fast-advertising phase, seconds (Core §5.4.2.5.3: 30). */
  fastAdvertisingSeconds: number;
  /** Advertising intervals in 0.625 ms units (legacy advertising range 0x20…0x4000). */
  fastIntervalMin: number;
  fastIntervalMax: number;
  slowIntervalMin: number;
  slowIntervalMax: number;
  /** Serve a Rotating Device ID (reads `rd-id-uid`; Core §5.4.2.4.5). */
  rotatingDeviceId: boolean;
  rotatingIdAlgorithm: RotatingIdAlgorithm;
  /** Commissioning flow (Core §5.1.1.3): 0 standard (announce at power-up), 1 user-intent, 2 custom. */
  commissioningFlow: 0 | 1 | 2;
  /** Discovery capabilities for the QR payload of development images (2 = BLE). */
  discoveryCapabilities: number;
  /** Endpoints of the data model whose fixed labels and supported modes are read. */
  endpoints: number[];
}

export const DEFAULT_CONFIG: Readonly<DeviceConfig> = Object.freeze({
  factoryPartition: "fctry",
  factoryBackend: "native",
  keysPartition: "nvs_keys",
  attestationSource: "chip-factory",
  announcementMinutes: 15,
  fastAdvertisingSeconds: 30,
  fastIntervalMin: 32, // 20 ms
  fastIntervalMax: 96, // 60 ms
  slowIntervalMin: 240, // 150 ms
  slowIntervalMax: 1920, // 1200 ms
  rotatingDeviceId: true,
  rotatingIdAlgorithm: "spec-hkdf",
  commissioningFlow: 0,
  discoveryCapabilities: 2,
  endpoints: Object.freeze([0, 1]) as unknown as number[],
} as DeviceConfig);

const ADV_INTERVAL_MIN = 0x20; // Bluetooth Core Vol 4 Part E §7.8.5, legacy advertising
const ADV_INTERVAL_MAX = 0x4000;

function show(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.join(",")}]` : String(v);
}

function int(raw: Readonly<Record<string, unknown>>, name: keyof DeviceConfig, min: number, max: number): number {
  const v = raw[name] ?? DEFAULT_CONFIG[name];
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`config ${name} ${show(v)}: must be an integer in ${min}..${max}`);
  }
  return v;
}

function oneOf<T extends string | number | boolean>(raw: Readonly<Record<string, unknown>>, name: keyof DeviceConfig, choices: readonly T[]): T {
  const v = raw[name] ?? DEFAULT_CONFIG[name];
  if (!choices.includes(v as T)) throw new RangeError(`config ${name} ${show(v)}: must be one of ${choices.map(show).join(", ")}`);
  return v as T;
}

function label(raw: Readonly<Record<string, unknown>>, name: keyof DeviceConfig): string {
  const v = raw[name] ?? DEFAULT_CONFIG[name];
  // ESP-IDF partition labels: at most 15 characters plus NUL.
  if (typeof v !== "string" || v.length < 1 || v.length > 15) throw new RangeError(`config ${name} ${show(v)}: must be a partition label of 1..15 characters`);
  return v;
}

/** The checked configuration; throws a one-line RangeError naming the setting, the value and the rule. */
export function deviceConfig(raw: Readonly<Record<string, unknown>> = {}): DeviceConfig {
  const fastIntervalMin = int(raw, "fastIntervalMin", ADV_INTERVAL_MIN, ADV_INTERVAL_MAX);
  const fastIntervalMax = int(raw, "fastIntervalMax", fastIntervalMin, ADV_INTERVAL_MAX);
  const slowIntervalMin = int(raw, "slowIntervalMin", ADV_INTERVAL_MIN, ADV_INTERVAL_MAX);
  const slowIntervalMax = int(raw, "slowIntervalMax", slowIntervalMin, ADV_INTERVAL_MAX);
  const announcementMinutes = int(raw, "announcementMinutes", 3, 15); // Core §5.4.2.3
  const endpoints = raw.endpoints ?? DEFAULT_CONFIG.endpoints;
  if (!Array.isArray(endpoints) || endpoints.some((e) => typeof e !== "number" || !Number.isInteger(e) || e < 0 || e > 0xfffe)) {
    throw new RangeError(`config endpoints ${show(endpoints)}: must be a list of endpoint numbers 0..65534`);
  }
  return {
    factoryPartition: label(raw, "factoryPartition"),
    factoryBackend: oneOf(raw, "factoryBackend", ["native", "flash"] as const),
    keysPartition: label(raw, "keysPartition"),
    attestationSource: oneOf(raw, "attestationSource", ["chip-factory", "esp_secure_cert"] as const),
    announcementMinutes,
    fastAdvertisingSeconds: int(raw, "fastAdvertisingSeconds", 0, announcementMinutes * 60),
    fastIntervalMin,
    fastIntervalMax,
    slowIntervalMin,
    slowIntervalMax,
    rotatingDeviceId: oneOf(raw, "rotatingDeviceId", [true, false] as const),
    rotatingIdAlgorithm: oneOf(raw, "rotatingIdAlgorithm", ["spec-hkdf", "sdk-sha256"] as const),
    commissioningFlow: oneOf(raw, "commissioningFlow", [0, 1, 2] as const),
    discoveryCapabilities: int(raw, "discoveryCapabilities", 0, 0xff),
    endpoints: endpoints.slice() as number[],
  };
}
