// Moddable adapter: the device's small persistent state (Rotating Device ID counter, commissioned flag)
// as u32 entries of the namespace `mf-device` in the default `nvs` partition, through ECMA-419
// "embedded:storage/key-value" (docs/xs-engine.md §Key-value storage: typed formats, writes commit at once).
import KeyValue, { type Storage } from "embedded:storage/key-value";
import type { StateStore } from "../platform.js";

/** NVS namespace of the device state (≤ 15 characters). */
export const STATE_NAMESPACE = "mf-device";

export function keyValueState(): StateStore {
  let store: Storage | undefined;
  const open = () => (store ??= KeyValue.open({ path: STATE_NAMESPACE, mode: "r+", format: "uint32" }));
  return {
    read(key: string): number | undefined {
      try {
        const v = open().read(key);
        return typeof v === "number" ? v : undefined;
      } catch {
        return undefined; // stored with another type: unusable, treated as absent
      }
    },
    write(key: string, value: number): void {
      open().write(key, value >>> 0);
    },
  };
}
