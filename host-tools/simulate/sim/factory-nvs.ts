// Simulated native module native/factory_nvs.c (runs inside XS; replaces native/factory_nvs.ts in the
// simulation bundle). Same functions, same answers and error texts as the C code:
//   init(label)  mounts the partition — with the keys partition when the simulated build has NVS
//                encryption (the C code's nvs_flash_read_security_cfg + nvs_flash_secure_init_partition)
//                — and opens `chip-factory` read-only;
//   getU32/getString/getBlob  undefined when absent, TypeError "stored as X, read as Y (type mismatch)";
//   storedType   the type name of the key's entry, undefined when absent;
//   signWithDacKey  ECDSA P-256 / SHA-256 with the raw `dac-key` scalar, r ‖ s (noble here, PSA there).
// Mounting happens in `premount`, called by the host's install step: on the device this work is C code,
// so it is kept out of the XS meter and heap figures of the boot.

import { p256 } from "@noble/curves/nist.js";
import { hasErrorId } from "../../../modules/errors/input-error.js";
import { parseKeyPartition } from "../../../modules/nvs/encryption.js";
import { readNvsImage, type NvsReadEntry, type NvsReadResult } from "../../../modules/nvs/reader.js";
import { board } from "./hardware.js";

const NAMESPACE = "chip-factory";
const KEY_MAX = 15;

interface Mount {
  label: string;
  encrypted: boolean;
  result?: NvsReadResult;
  error?: string;
}

const mounts = new Map<string, Mount>();
let open: Mount | undefined;

function mount(label: string): Mount {
  const image = board.partitions.get(label);
  if (!image) return { label, encrypted: false, error: `partition "${label}": nvs_flash_init_partition failed: ESP_ERR_NOT_FOUND` };
  let keys;
  if (board.nvsEncryption) {
    const keyBytes = board.partitions.get(board.keysPartition);
    if (keyBytes) {
      const step = "nvs_flash_read_security_cfg (flash the keys partition generated with the factory image)";
      try {
        keys = parseKeyPartition(keyBytes);
      } catch (e) {
        const code = hasErrorId(e, "nvs.key-partition-blank") ? "ESP_ERR_NVS_KEYS_NOT_INITIALIZED" : "ESP_ERR_NVS_CORRUPT_KEY_PART";
        return { label, encrypted: false, error: `partition "${label}": ${step} failed: ${code}` };
      }
    }
  }
  const result = readNvsImage(image, keys ? { keys } : {});
  if (result.pages.some((p) => p.state === "newer-version")) {
    return { label, encrypted: false, error: `partition "${label}": ${keys ? "nvs_flash_secure_init_partition" : "nvs_flash_init_partition"} failed: ESP_ERR_NVS_NEW_VERSION_FOUND` };
  }
  if (!result.namespaces.some((n) => n.name === NAMESPACE)) {
    return { label, encrypted: false, error: `partition "${label}": namespace "${NAMESPACE}" not found (factory image not flashed at this partition's offset?)` };
  }
  return { label, encrypted: keys !== undefined, result };
}

/** Mounts a partition ahead of boot (host install step). */
export function premount(label: string): void {
  mounts.set(label, mount(label));
}

function stringArg(what: string, value: string, max: number): string {
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw new RangeError(`${what} "${String(value).slice(0, 40)}": must be 1..${max} characters`);
  }
  return value;
}

/** Opens `chip-factory` on the partition; true when NVS encryption is used. */
export function init(partition: string): boolean {
  stringArg("partition", partition, 15);
  if (open && open.label === partition) return open.encrypted;
  let m = mounts.get(partition);
  if (!m) mounts.set(partition, (m = mount(partition)));
  if (m.error) throw new Error(m.error);
  open = m;
  return m.encrypted;
}

function entry(key: string, expected: string): NvsReadEntry | undefined {
  if (!open) throw new Error("factory partition: not initialized (call init(label) first)");
  stringArg("key", key, KEY_MAX);
  const e = open.result!.get(NAMESPACE, key);
  if (!e) return undefined;
  if (e.type !== expected) throw new TypeError(`${NAMESPACE} key "${key}": stored as ${e.type}, read as ${expected} (type mismatch)`);
  return e;
}

export function storedType(key: string): string | undefined {
  if (!open) throw new Error("factory partition: not initialized (call init(label) first)");
  stringArg("key", key, KEY_MAX);
  return open.result!.get(NAMESPACE, key)?.type;
}

export function getU32(key: string): number | undefined {
  return entry(key, "u32")?.value as number | undefined;
}

export function getString(key: string): string | undefined {
  return entry(key, "string")?.value as string | undefined;
}

export function getBlob(key: string): ArrayBuffer | undefined {
  const e = entry(key, "blob");
  return e ? (e.value as Uint8Array).slice().buffer : undefined;
}

export function signWithDacKey(message: Uint8Array | ArrayBuffer): ArrayBuffer {
  let key: ArrayBuffer | undefined;
  try {
    key = getBlob("dac-key");
  } catch (e) {
    throw e instanceof TypeError ? e : new Error(String(e));
  }
  if (!key) throw new Error(`${NAMESPACE} key "dac-key": not found`);
  if (key.byteLength !== 32) throw new RangeError(`${NAMESPACE} key "dac-key": blob is ${key.byteLength} bytes, must be 32 (raw P-256 scalar)`);
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  let signature: Uint8Array;
  try {
    signature = p256.sign(bytes, new Uint8Array(key)); // SHA-256 prehash, compact r ‖ s, RFC 6979
  } catch {
    throw new Error(`${NAMESPACE} key "dac-key": ECDSA P-256 signing failed: invalid private key`);
  }
  return signature.slice().buffer;
}
