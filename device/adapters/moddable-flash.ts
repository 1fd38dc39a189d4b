// Moddable adapter: the "flash" backend of the factory store — the partition read with the classic
// `Flash` module (any data partition by label, docs/xs-engine.md §Flash module) and parsed in TS. The NVS keys
// come from the keys partition when it holds any (an erased one means a plaintext factory image).
import Flash from "flash";
import { keysFromPartition, openFlashFactoryStore } from "../factory-store-flash.js";
import { type FactoryStore, FactoryStoreError } from "../platform.js";

function partition(label: string): Flash | undefined {
  try {
    return new Flash(label);
  } catch {
    return undefined; // "can't find partition"
  }
}

export function openFlashBackend(label: string, keysLabel: string): FactoryStore {
  const flash = partition(label);
  if (!flash) throw new FactoryStoreError("factory-store.no-partition", `partition "${label}": not in the partition table`);
  const keysFlash = partition(keysLabel);
  const keys = keysFlash ? keysFromPartition(keysLabel, keysFlash) : undefined;
  return openFlashFactoryStore(label, flash, keys);
}
