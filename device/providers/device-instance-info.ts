// DeviceInstanceInfoProvider with the semantics of connectedhomeip's ESP32 provider (docs/factory-data.md
// §Key table, §mfg-date): Basic Information values from `chip-factory`. Integers are u32 entries cast to 16 bits;
// strings are read into the SDK's buffers; serial number and hardware version fall back to build
// defaults; product finish/color are "not implemented" when absent; the manufacturing date is
// YYYYMMDD or YYYY-MM-DD with an optional vendor suffix of up to 8 characters.

import type { FactoryStore } from "../platform.js";
import { describeValue, fail, notImplementedIfAbsent, ok, readBlob, readString, readU32, withFallback, type ProviderResult } from "./result.js";

// Basic Information string limits, bytes (the SDK sizes its buffers from them).
const VENDOR_NAME_MAX = 32;
const PRODUCT_NAME_MAX = 32;
const PART_NUMBER_MAX = 32;
const PRODUCT_URL_MAX = 256;
const PRODUCT_LABEL_MAX = 64;
const SERIAL_NUMBER_MAX = 32;
const HARDWARE_VERSION_STRING_MAX = 64;
const MANUFACTURING_DATE_MAX = 16; // docs/factory-data.md §mfg-date: at most 16 characters
/** Build fallbacks of the ESP32 port (docs/factory-data.md §Kconfig options): CONFIG_USE_TEST_SERIAL_NUMBER, CONFIG_DEFAULT_DEVICE_HARDWARE_VERSION. */
export const TEST_SERIAL_NUMBER = "TEST_SN";
export const DEFAULT_HARDWARE_VERSION = 0;
/** Rotating Device ID unique ID: at least 128 bits (Core §5.4.2.4.5); 32 bytes is this firmware's buffer. */
const UNIQUE_ID_MIN = 16;
const UNIQUE_ID_MAX = 32;

export interface ManufacturingDate {
  year: number;
  month: number;
  day: number;
  /** Vendor-defined characters after the date (0…8), "" when none. */
  suffix: string;
}

function u16(r: ProviderResult<number>): ProviderResult<number> {
  return r.status === "ok" ? ok(r.value & 0xffff, r.fallback) : r; // the provider casts the u32 to uint16_t
}

function digits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Parses `mfg-date` like the newest ESP32 provider (docs/factory-data.md §mfg-date); undefined when it rejects it. */
export function parseManufacturingDate(text: string): ManufacturingDate | undefined {
  const t = text.split("-").join("");
  if (t.length < 8 || t.length > 16 || !digits(t.slice(0, 8))) return undefined;
  const year = +t.slice(0, 4);
  const month = +t.slice(4, 6);
  const day = +t.slice(6, 8);
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { year, month, day, suffix: t.slice(8) };
}

export class DeviceInstanceInfoProvider {
  constructor(private readonly store: FactoryStore) {}

  vendorName(): ProviderResult<string> {
    return readString(this.store, "vendor-name", VENDOR_NAME_MAX);
  }
  vendorId(): ProviderResult<number> {
    return u16(readU32(this.store, "vendor-id"));
  }
  productName(): ProviderResult<string> {
    return readString(this.store, "product-name", PRODUCT_NAME_MAX);
  }
  productId(): ProviderResult<number> {
    return u16(readU32(this.store, "product-id"));
  }
  partNumber(): ProviderResult<string> {
    return readString(this.store, "part-number", PART_NUMBER_MAX);
  }
  productUrl(): ProviderResult<string> {
    return readString(this.store, "product-url", PRODUCT_URL_MAX);
  }
  productLabel(): ProviderResult<string> {
    return readString(this.store, "product-label", PRODUCT_LABEL_MAX);
  }
  serialNumber(): ProviderResult<string> {
    return withFallback(readString(this.store, "serial-num", SERIAL_NUMBER_MAX), TEST_SERIAL_NUMBER, `build fallback "${TEST_SERIAL_NUMBER}"`);
  }
  manufacturingDate(): ProviderResult<ManufacturingDate> {
    const r = readString(this.store, "mfg-date", MANUFACTURING_DATE_MAX);
    if (r.status !== "ok") return r;
    const date = parseManufacturingDate(r.value);
    if (!date) {
      return fail("invalid", "mfg-date", `key "mfg-date" value ${describeValue(r.value)}: must be YYYYMMDD or YYYY-MM-DD (year 1000..9999), optionally followed by up to 8 suffix characters`);
    }
    return ok(date);
  }
  hardwareVersion(): ProviderResult<number> {
    return u16(withFallback(readU32(this.store, "hardware-ver"), DEFAULT_HARDWARE_VERSION, `build fallback ${DEFAULT_HARDWARE_VERSION}`));
  }
  hardwareVersionString(): ProviderResult<string> {
    return readString(this.store, "hw-ver-str", HARDWARE_VERSION_STRING_MAX);
  }
  /** The Rotating Device ID unique ID. It is used on the device only, never printed or sent. */
  rotatingDeviceIdUniqueId(): ProviderResult<Uint8Array> {
    const r = readBlob(this.store, "rd-id-uid", UNIQUE_ID_MAX);
    if (r.status === "ok" && r.value.length < UNIQUE_ID_MIN) {
      return fail("invalid", "rd-id-uid", `key "rd-id-uid": ${r.value.length} bytes, must be at least ${UNIQUE_ID_MIN} (128 bits, Core §5.4.2.4.5)`);
    }
    return r;
  }
  /** ProductFinishEnum value (ProductAppearance); not implemented when absent. */
  productFinish(): ProviderResult<number> {
    return notImplementedIfAbsent(readU32(this.store, "product-finish"), "ProductAppearance is unsupported");
  }
  /** ColorEnum value (ProductAppearance); not implemented when absent. */
  productPrimaryColor(): ProviderResult<number> {
    return notImplementedIfAbsent(readU32(this.store, "product-color"), "ProductAppearance is unsupported");
  }
}
