// FactoryStore over raw reads of the factory partition, parsed by the shared TS NVS reader
// (modules/nvs/reader.ts): the "flash" backend. It reads the image once at boot, keeps only the
// `chip-factory` lookups (the runtime's rule: first readable match, a v2 blob over a legacy one) and
// answers typed reads the way `nvs_get_u32/str/blob` would, including "stored with another type".
// With keys (the `nvs_keys` partition) it decrypts like ESP-IDF NVS encryption (docs/nvs-format.md §Encryption).

import { readNvsImage, formatNvsProblem } from "../modules/nvs/reader.js";
import { parseKeyPartition } from "../modules/nvs/encryption.js";
import type { NvsKeys, NvsType, NvsValue } from "../modules/nvs/types.js";
import { FACTORY_NAMESPACE } from "../modules/factory/schema.js";
import { type FactoryStore, FactoryStoreError, NOT_FOUND, type StoreRead } from "./platform.js";

/** What the store needs from a Moddable `Flash` partition object: bytes it can wrap in a Uint8Array.
 * ArrayBufferLike, not ArrayBuffer: the SDK's `Flash.read()` is typed `ArrayBuffer | HostBuffer` and
 * `map()` returns a HostBuffer (memory-mapped flash), which XS's xs.d.ts adds to ArrayBufferLike. */
export interface FlashPartition {
  readonly byteLength: number;
  read(offset: number, byteLength: number): ArrayBufferLike;
  /** Zero-copy view of the partition (ESP32 `Flash.prototype.map`), preferred when present. */
  map?(): ArrayBufferLike;
}

function partitionBytes(flash: FlashPartition): Uint8Array {
  return new Uint8Array(typeof flash.map === "function" ? flash.map() : flash.read(0, flash.byteLength));
}

/**
 * NVS keys from an `nvs_keys` partition, or undefined when it holds none (erased: all 0xFF in the
 * first 68 bytes). Throws FactoryStoreError when it holds something that is not a valid key block.
 */
export function keysFromPartition(label: string, flash: FlashPartition): NvsKeys | undefined {
  const head = new Uint8Array(flash.read(0, 68));
  let erased = true;
  for (let i = 0; i < head.length; i++) if (head[i] !== 0xff) erased = false;
  if (erased) return undefined;
  try {
    return parseKeyPartition(head);
  } catch (e) {
    throw new FactoryStoreError("factory-store.bad-keys", `partition "${label}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

interface Stored {
  type: NvsType;
  value: NvsValue;
}

class FlashFactoryStore implements FactoryStore {
  readonly backend = "flash";
  constructor(
    readonly partition: string,
    readonly encrypted: boolean,
    readonly problems: readonly string[],
    private readonly entries: Map<string, Stored>,
  ) {}

  private read<T>(key: string, type: NvsType): StoreRead<T> {
    const e = this.entries.get(key);
    if (e === undefined) return NOT_FOUND;
    if (e.type !== type) return { outcome: "type-mismatch", stored: e.type };
    return { outcome: "found", value: e.value as T };
  }
  getU32(key: string): StoreRead<number> {
    return this.read<number>(key, "u32");
  }
  getString(key: string): StoreRead<string> {
    return this.read<string>(key, "string");
  }
  getBlob(key: string): StoreRead<Uint8Array> {
    return this.read<Uint8Array>(key, "blob");
  }
}

/**
 * Opens `chip-factory` in the image of `flash`. Throws FactoryStoreError (one line) when the namespace
 * is absent: an erased, missing or corrupt factory image.
 */
export function openFlashFactoryStore(partition: string, flash: FlashPartition, keys?: NvsKeys): FactoryStore {
  const image = partitionBytes(flash);
  const result = readNvsImage(image, keys ? { keys } : {});
  const problems = result.problems.map(formatNvsProblem);
  if (!result.namespaces.some((n) => n.name === FACTORY_NAMESPACE)) {
    const blank = result.pages.length > 0 && result.pages.every((p) => p.state === "empty");
    const why = blank
      ? "the partition is erased (no factory image flashed)"
      : problems.length > 0
        ? `${problems.length} problem(s), first: ${problems[0]}`
        : "no such namespace in the image";
    const hint = !blank && !keys ? " (an encrypted image needs the nvs_keys partition)" : "";
    throw new FactoryStoreError("factory-store.no-namespace", `partition "${partition}": namespace "${FACTORY_NAMESPACE}" not found: ${why}${hint}`);
  }
  const entries = new Map<string, Stored>();
  for (const e of result.entries) {
    if (e.namespace !== FACTORY_NAMESPACE || entries.has(e.key)) continue;
    const chosen = result.get(FACTORY_NAMESPACE, e.key)!;
    entries.set(e.key, { type: chosen.type, value: chosen.value });
  }
  return new FlashFactoryStore(partition, keys !== undefined, problems, entries);
}
