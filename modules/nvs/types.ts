// Types shared by the NVS writer, reader, CSV front end and encryption (docs/nvs-format.md).

import { InputError } from "../errors/input-error.js";

export type NvsIntType = "u8" | "i8" | "u16" | "i16" | "u32" | "i32" | "u64" | "i64";
/** What a writer can emit. `blob` = v2 chunks + index, or one legacy BLOB item in format v1. */
export type NvsWritableType = NvsIntType | "string" | "blob";
/** What a reader can return (the runtime also knows float/double since esp-idf a5443bb). */
export type NvsType = NvsWritableType | "float" | "double";

/** u8…i32, float, double → number; u64/i64 → bigint; string → string (no NUL); blob → bytes. */
export type NvsValue = number | bigint | string | Uint8Array;

/** One row of a generator's input, in order (the CSV semantics of docs/nvs-format.md §Generator write order, §CSV input). */
export type NvsRow =
  | { kind: "namespace"; name: string }
  | { kind: "data"; key: string; type: NvsWritableType; value: NvsValue };

export interface NvsEntry {
  namespace: string;
  key: string;
  type: NvsType;
  value: NvsValue;
}

/** XTS-AES-256 key pair (docs/nvs-format.md §Encryption): eky = data key, tky = tweak key, 32 bytes each. */
export interface NvsKeys {
  eky: Uint8Array;
  tky: Uint8Array;
}

/**
 * Ids of NvsInputError (modules/errors/input-error.ts). The CSV front end (csv.ts) adds its own
 * "nvs-csv.…" ids (NvsCsvErrorId).
 */
export type NvsInputErrorId =
  | "nvs.partition-size" // partition size not a positive multiple of 4096, or above the largest we write
  | "nvs.partition-too-small" // the rows need more pages than the partition has
  | "nvs.version" // format version not 1 or 2
  | "nvs.key-type" // a key or namespace name that is not a string
  | "nvs.key-length" // a key or namespace name longer than 15 characters
  | "nvs.key-ascii" // a key or namespace name with a non-ASCII character
  | "nvs.namespace-count" // more namespaces than the format's one-byte index holds
  | "nvs.row-kind" // a row that is neither "namespace" nor "data"
  | "nvs.value-type" // a value of the wrong JS type for its NVS type (not an integer, text or bytes)
  | "nvs.int-range" // an integer outside its type's range
  | "nvs.string-length" // a string longer than the format version allows
  | "nvs.blob-length" // a blob longer than the format version allows, or needing more than 255 chunks
  | "nvs.type" // an NVS type that is not one the writer emits
  | "nvs.keys" // an encryption key pair that is not two different 32-byte keys
  | "nvs.key-partition-length" // an nvs_keys partition shorter than eky, tky and CRC32 (68 bytes)
  | "nvs.key-partition-blank" // an nvs_keys partition whose keys are not initialized (all 0xFF)
  | "nvs.key-partition-crc" // an nvs_keys partition whose CRC32 does not match its keys
  | "nvs.hmac-key"; // an HMAC key that is not 32 bytes

/** Bad generator input: the message is one line naming the field, the value and the rule. */
export class NvsInputError extends InputError {
  override name = "NvsInputError";
  constructor(id: NvsInputErrorId | `nvs-csv.${string}`, message: string) {
    super(id, message);
  }
}

export const PAGE_SIZE = 4096; // CONST NVS_CONST_PAGE_SIZE
export const ENTRY_SIZE = 32;
export const ENTRIES_PER_PAGE = 126;
export const HEADER_SIZE = 32;
export const BITMAP_OFFSET = 32;
export const FIRST_ENTRY_OFFSET = 64;
export const MAX_KEY_LENGTH = 15;

/** Page state words (§1.3). */
export const PageState = {
  EMPTY: 0xffffffff,
  ACTIVE: 0xfffffffe,
  FULL: 0xfffffffc,
  FREEING: 0xfffffff8,
  CORRUPT: 0xfffffff0,
} as const;

/** Format version byte (§1.2): 0xFE = v2 (multi-page blobs), 0xFF = v1. */
export const VERSION_BYTE = { 1: 0xff, 2: 0xfe } as const;

/** Entry type codes (§2.3). */
export const ItemType = {
  u8: 0x01, i8: 0x11, u16: 0x02, i16: 0x12, u32: 0x04, i32: 0x14, u64: 0x08, i64: 0x18,
  float: 0x24, double: 0x28, string: 0x21, blob: 0x41, blobData: 0x42, blobIndex: 0x48,
} as const;

/** Entry state bitmap values (§1.4), two bits per entry. */
export const EntryState = { EMPTY: 3, WRITTEN: 2, ERASED: 0, ILLEGAL: 1 } as const;

export const CHUNK_ANY = 0xff;

/** Byte width and value range of each integer type (docs/nvs-format.md §Data field, §Type codes). */
export const INT_TYPE_RANGES: Readonly<Record<NvsIntType, { bytes: number; min: bigint; max: bigint }>> = {
  u8: { bytes: 1, min: 0n, max: 0xffn },
  i8: { bytes: 1, min: -0x80n, max: 0x7fn },
  u16: { bytes: 2, min: 0n, max: 0xffffn },
  i16: { bytes: 2, min: -0x8000n, max: 0x7fffn },
  u32: { bytes: 4, min: 0n, max: 0xffffffffn },
  i32: { bytes: 4, min: -0x80000000n, max: 0x7fffffffn },
  u64: { bytes: 8, min: 0n, max: 0xffffffffffffffffn },
  i64: { bytes: 8, min: -0x8000000000000000n, max: 0x7fffffffffffffffn },
};
