// FactoryStore over the native module native/factory_nvs.c (ESP-IDF nvs_open_from_partition +
// nvs_get_u32/str/blob, NVS encryption through the nvs_keys partition): the "native" backend.
// The binding answers undefined for an absent key and throws a TypeError when the key is stored with
// another type (storedType(key) then names that type); every other failure is an Error with the
// ESP-IDF error name.

import { type FactoryStore, FactoryStoreError, NOT_FOUND, type StoreRead } from "./platform.js";

/** The functions of native/factory_nvs.ts this store uses (the simulation provides the same). */
export interface FactoryNvsBinding {
  init(partition: string): boolean;
  getU32(key: string): number | undefined;
  getString(key: string): string | undefined;
  getBlob(key: string): ArrayBuffer | undefined;
  storedType(key: string): string | undefined;
}

class NativeFactoryStore implements FactoryStore {
  readonly backend = "native";
  readonly problems: readonly string[] = [];
  constructor(
    readonly partition: string,
    readonly encrypted: boolean,
    private readonly binding: FactoryNvsBinding,
  ) {}

  /** A getter's TypeError is the binding's "stored with another type"; storedType names that type. */
  private mismatch(key: string, e: unknown): StoreRead<never> {
    if (!(e instanceof TypeError)) throw e;
    return { outcome: "type-mismatch", stored: this.binding.storedType(key) ?? "" };
  }

  getU32(key: string): StoreRead<number> {
    try {
      const v = this.binding.getU32(key);
      return v === undefined ? NOT_FOUND : { outcome: "found", value: v };
    } catch (e) {
      return this.mismatch(key, e);
    }
  }
  getString(key: string): StoreRead<string> {
    try {
      const v = this.binding.getString(key);
      return v === undefined ? NOT_FOUND : { outcome: "found", value: v };
    } catch (e) {
      return this.mismatch(key, e);
    }
  }
  getBlob(key: string): StoreRead<Uint8Array> {
    try {
      const v = this.binding.getBlob(key);
      return v === undefined ? NOT_FOUND : { outcome: "found", value: new Uint8Array(v) };
    } catch (e) {
      return this.mismatch(key, e);
    }
  }
}

/** Opens the partition through the binding; its errors become one-line FactoryStoreErrors. */
export function openNativeFactoryStore(partition: string, binding: FactoryNvsBinding): FactoryStore {
  let encrypted: boolean;
  try {
    encrypted = binding.init(partition);
  } catch (e) {
    throw new FactoryStoreError("factory-store.native", e instanceof Error ? e.message : String(e));
  }
  return new NativeFactoryStore(partition, encrypted === true, binding);
}
