// esp_secure_cert image writer: entries in the order given, each header + payload + zero padding to 16
// + CRC32 (NVS flavour) of the first three; optionally the INTEGRITY entry (SHA-256 of every byte before
// it). The output holds the entries only, as esp-secure-cert-tool's TlvPartitionBuilder.build_partition
// and esp-matter-mfg-tool write it; flashing needs the rest of the partition erased (padToPartition).

import { sha256 } from "@noble/hashes/sha2.js";
import { nvsCrc32 } from "../checksum/crc32.js";
import {
  SECURE_CERT_PARTITION_SIZE, SecureCertError, SecureCertType, TLV_HEADER_SIZE, TLV_MAGIC, TLV_MAX_LENGTH,
  entrySize, paddingLength, secureCertTypeName,
} from "./format.js";

export interface SecureCertEntryInput {
  type: number;
  /** 0 when omitted. */
  subtype?: number;
  /** 0 when omitted (see TlvFlag). */
  flags?: number;
  value: Uint8Array;
}

export interface WriteSecureCertOptions {
  /** Append an INTEGRITY entry (subtype 0) as esp-secure-cert-tool does; mfg_tool does not. */
  integrity?: boolean;
  /** Refuse an image larger than this (default 0x2000, the builder's PARTITION_SIZE). */
  partitionSize?: number;
}

function checkByte(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new SecureCertError("secure-cert.field-range", `${what} ${value}: must be an integer 0..255`);
  }
}

/** One entry's bytes (a multiple of 16). */
export function encodeSecureCertEntry(entry: SecureCertEntryInput): Uint8Array {
  const subtype = entry.subtype ?? 0;
  const flags = entry.flags ?? 0;
  const name = secureCertTypeName(entry.type);
  checkByte(entry.type, "secure-cert entry type");
  checkByte(subtype, `secure-cert ${name} subtype`);
  checkByte(flags, `secure-cert ${name} flags`);
  const length = entry.value.length;
  if (length > TLV_MAX_LENGTH) {
    throw new SecureCertError("secure-cert.entry-too-long", `secure-cert ${name}/${subtype} payload of ${length} bytes: the length field holds at most ${TLV_MAX_LENGTH}`);
  }
  const out = new Uint8Array(entrySize(length));
  const view = new DataView(out.buffer);
  view.setUint32(0, TLV_MAGIC, true);
  out[4] = flags;
  out[8] = entry.type;
  out[9] = subtype;
  view.setUint16(10, length, true);
  out.set(entry.value, TLV_HEADER_SIZE);
  const covered = TLV_HEADER_SIZE + length + paddingLength(length);
  view.setUint32(covered, nvsCrc32(out.subarray(0, covered)), true);
  return out;
}

/** The image: entries back to back (plus INTEGRITY if asked). Refuses duplicates and oversize images. */
export function writeSecureCert(entries: SecureCertEntryInput[], options: WriteSecureCertOptions = {}): Uint8Array {
  const limit = options.partitionSize ?? SECURE_CERT_PARTITION_SIZE;
  const seen = new Set<number>();
  const parts: Uint8Array[] = [];
  let size = 0;
  const add = (entry: SecureCertEntryInput) => {
    const key = entry.type * 256 + (entry.subtype ?? 0);
    if (seen.has(key)) {
      throw new SecureCertError("secure-cert.duplicate-entry", `secure-cert ${secureCertTypeName(entry.type)}/${entry.subtype ?? 0}: given twice (a reader finds only the first)`);
    }
    seen.add(key);
    const bytes = encodeSecureCertEntry(entry);
    if (size + bytes.length > limit) {
      throw new SecureCertError("secure-cert.too-large", `secure-cert image of at least ${size + bytes.length} bytes: larger than the partition (${limit} bytes)`);
    }
    parts.push(bytes);
    size += bytes.length;
  };
  for (const entry of entries) add(entry);
  if (options.integrity) add({ type: SecureCertType.INTEGRITY, value: sha256(join(parts, size)) });
  return join(parts, size);
}

function join(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The whole partition as it must be on flash: the image, then erased bytes (0xFF) to `size`. */
export function padToPartition(image: Uint8Array, size = SECURE_CERT_PARTITION_SIZE): Uint8Array {
  if (image.length > size) {
    throw new SecureCertError("secure-cert.too-large", `secure-cert image of ${image.length} bytes: larger than the partition (${size} bytes)`);
  }
  const out = new Uint8Array(size).fill(0xff);
  out.set(image, 0);
  return out;
}
