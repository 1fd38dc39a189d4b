// DeviceInstanceInfoProvider with the semantics of connectedhomeip's ESP32 provider: Basic Information
// values from `chip-factory`. Every key is read through its row of the key table (readFactoryKey):
// 16-bit IDs in u32 entries, strings within the SDK's buffers, the build fallbacks of serial number and
// hardware version, "not implemented" for an absent product finish/color, and the manufacturing date
// YYYYMMDD or YYYY-MM-DD with an optional vendor suffix of up to 8 characters.

import { parseReaderMfgDate, type ManufacturingDate } from "../../modules/factory/reader-checks.js";
import type { FactoryStore } from "../platform.js";
import { readFactoryKey } from "./read-key.js";
import { ok, type ProviderResult } from "./result.js";

export type { ManufacturingDate };

export class DeviceInstanceInfoProvider {
  constructor(private readonly store: FactoryStore) {}

  private read<T>(key: string): ProviderResult<T> {
    return readFactoryKey<T>(this.store, key);
  }

  vendorName(): ProviderResult<string> {
    return this.read("vendor-name");
  }
  vendorId(): ProviderResult<number> {
    return this.read("vendor-id");
  }
  productName(): ProviderResult<string> {
    return this.read("product-name");
  }
  productId(): ProviderResult<number> {
    return this.read("product-id");
  }
  partNumber(): ProviderResult<string> {
    return this.read("part-number");
  }
  productUrl(): ProviderResult<string> {
    return this.read("product-url");
  }
  productLabel(): ProviderResult<string> {
    return this.read("product-label");
  }
  serialNumber(): ProviderResult<string> {
    return this.read("serial-num");
  }
  /** `mfg-date`, split as the newest ESP32 provider splits it (the row's check rejects what it cannot parse). */
  manufacturingDate(): ProviderResult<ManufacturingDate> {
    const r = this.read<string>("mfg-date");
    return r.status === "ok" ? ok(parseReaderMfgDate(r.value) as ManufacturingDate) : r;
  }
  hardwareVersion(): ProviderResult<number> {
    return this.read("hardware-ver");
  }
  hardwareVersionString(): ProviderResult<string> {
    return this.read("hw-ver-str");
  }
  /** The Rotating Device ID unique ID. It is used on the device only, never printed or sent. */
  rotatingDeviceIdUniqueId(): ProviderResult<Uint8Array> {
    return this.read("rd-id-uid");
  }
  /** `product-rev` (older firmware's product revision); the build default when absent. */
  productRevision(): ProviderResult<number> {
    return this.read("product-rev");
  }
  /** ProductFinishEnum value (ProductAppearance); not implemented when absent. */
  productFinish(): ProviderResult<number> {
    return this.read("product-finish");
  }
  /** ColorEnum value (ProductAppearance); not implemented when absent. */
  productPrimaryColor(): ProviderResult<number> {
    return this.read("product-color");
  }
}
