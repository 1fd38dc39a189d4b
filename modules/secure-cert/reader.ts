// esp_secure_cert image reader. Walks the chain as esp_secure_cert_mgr's esp_secure_cert_find_tlv does
// (srcs/esp_secure_cert_tlv_read.c): from offset 0, while the u32 there is the magic, step by
// 16 + length + padding; the chain ends at the first other word. Unlike the device it checks every
// entry's CRC, bounds every step by the image, and reports what a device would skip or refuse. It never
// throws; a payload is only handed out when its CRC checks.

import { nvsCrc32 } from "../checksum/crc32.js";
import { type Finding, type FindingSeverity, makeFinding } from "../errors/finding.js";
import {
  TLV_FOOTER_SIZE, TLV_HEADER_SIZE, TLV_MAGIC, entrySize, paddingLength, secureCertTypeName,
} from "./format.js";

export interface SecureCertEntry {
  index: number;
  /** Byte offset of the header in the image. */
  offset: number;
  flags: number;
  type: number;
  typeName: string;
  subtype: number;
  /** Payload bytes (the header's length field). */
  length: number;
  padding: number;
  /** Bytes the entry takes, footer included. */
  size: number;
  storedCrc: number;
  computedCrc: number;
  crcOk: boolean;
  /** The payload, only when the CRC checks. */
  value?: Uint8Array;
}

/** Why the chain ended: an erased word, some other word, the image's end, or an entry cut short. */
export type SecureCertEndReason = "erased" | "not-magic" | "end-of-image" | "truncated";

/**
 * A Finding of check "secure-cert" that also keeps where it is (the byte offset in the image). Ids:
 *   secure-cert.crc            an entry's CRC does not check (a device refuses it)
 *   secure-cert.truncated      an entry cut off by the end of the image
 *   secure-cert.duplicate      a second (type, subtype): a lookup never reaches it
 *   secure-cert.not-erased     written bytes after the chain (a warning: only a later append suffers)
 *   secure-cert.legacy-format  the legacy cust_flash layout, not decoded
 *   secure-cert.empty          no TLV entries at all
 * and, from readMatterAttestation (matter.ts): .missing, .key-format, .key-type.
 */
export interface SecureCertProblem extends Finding {
  offset: number;
}

export const SECURE_CERT_CHECK = "secure-cert";

export function secureCertProblem(rule: string, offset: number, message: string, severity: FindingSeverity = "error"): SecureCertProblem {
  return { ...makeFinding(SECURE_CERT_CHECK, rule, severity, message), offset };
}

export interface SecureCertImage {
  /** "tlv" when offset 0 holds the magic; "erased" when it holds 0xFFFFFFFF; "legacy-cust-flash" / "unknown" otherwise. */
  format: "tlv" | "erased" | "legacy-cust-flash" | "unknown";
  entries: SecureCertEntry[];
  end: { offset: number; reason: SecureCertEndReason; word?: number };
  /** Image length read. */
  imageSize: number;
  problems: SecureCertProblem[];
}

// Legacy cust_flash metadata magic at byte 24 (plain key) or 36 (DS): esp_secure_cert_config.h.
const LEGACY_METADATA_MAGIC = 0x12345678;
// esp-secure-cert-tool's integrity append writes this end word (bytes FF FF 00 00) after the chain.
const TOOL_END_WORD = 0x0000ffff;

const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
const hex32 = (n: number) => `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;

/** Reads every entry of the chain; `problems` lists what a device would skip or fail on. */
export function readSecureCert(image: Uint8Array): SecureCertImage {
  const entries: SecureCertEntry[] = [];
  const problems: SecureCertProblem[] = [];
  let offset = 0;
  let end: SecureCertImage["end"] | undefined;
  while (end === undefined) {
    if (offset + 4 > image.length) {
      end = { offset, reason: "end-of-image" };
      break;
    }
    const word = u32(image, offset);
    if (word !== TLV_MAGIC) {
      end = { offset, reason: word === 0xffffffff ? "erased" : "not-magic", word };
      break;
    }
    const entry = readEntry(image, offset, entries.length, problems);
    if (entry === undefined) {
      end = { offset, reason: "truncated" };
      break;
    }
    entries.push(entry);
    offset += entry.size;
  }
  checkDuplicates(entries, problems);
  checkAfterEnd(image, end, problems);
  const format = formatOf(image, entries);
  if (format === "legacy-cust-flash") {
    problems.push(secureCertProblem("legacy-format", 0, "legacy cust_flash layout (metadata magic 0x12345678): only read with CONFIG_ESP_SECURE_CERT_SUPPORT_LEGACY_FORMATS; not decoded here"));
  } else if (format !== "tlv") {
    problems.push(secureCertProblem("empty", 0, format === "erased" ? "no TLV entries: the partition is erased" : `no TLV entries: offset 0 holds ${hex32(u32Safe(image, 0))}, not the magic 0xBA5EBA11`));
  }
  return { format, entries, end, imageSize: image.length, problems };
}

function readEntry(image: Uint8Array, offset: number, index: number, problems: SecureCertProblem[]): SecureCertEntry | undefined {
  if (offset + TLV_HEADER_SIZE > image.length) {
    problems.push(secureCertProblem("truncated", offset, `entry ${index} at 0x${offset.toString(16)}: header cut off by the end of the image (${image.length} bytes)`));
    return undefined;
  }
  const type = image[offset + 8];
  const subtype = image[offset + 9];
  const length = image[offset + 10] | (image[offset + 11] << 8);
  const size = entrySize(length);
  const name = `${secureCertTypeName(type)}/${subtype}`;
  if (offset + size > image.length) {
    problems.push(secureCertProblem("truncated", offset, `entry ${index} (${name}) at 0x${offset.toString(16)}: length ${length} runs past the end of the image (${image.length} bytes)`));
    return undefined;
  }
  const covered = size - TLV_FOOTER_SIZE;
  const storedCrc = u32(image, offset + covered);
  const computedCrc = nvsCrc32(image.subarray(offset, offset + covered));
  const crcOk = storedCrc === computedCrc;
  const entry: SecureCertEntry = {
    index, offset, flags: image[offset + 4], type, typeName: secureCertTypeName(type), subtype, length,
    padding: paddingLength(length), size, storedCrc, computedCrc, crcOk,
  };
  if (crcOk) entry.value = image.slice(offset + TLV_HEADER_SIZE, offset + TLV_HEADER_SIZE + length);
  else problems.push(secureCertProblem("crc", offset, `entry ${index} (${name}) at 0x${offset.toString(16)}: CRC ${hex32(storedCrc)} stored, ${hex32(computedCrc)} computed; a device refuses it`));
  return entry;
}

/** An exact lookup returns the first (type, subtype) in walk order: later copies are never read. */
function checkDuplicates(entries: SecureCertEntry[], problems: SecureCertProblem[]): void {
  const first = new Map<number, SecureCertEntry>();
  for (const e of entries) {
    const key = e.type * 256 + e.subtype;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, e);
    else problems.push(secureCertProblem("duplicate", e.offset, `entry ${e.index} (${e.typeName}/${e.subtype}) at 0x${e.offset.toString(16)}: same type and subtype as entry ${earlier.index}; a subtype lookup never reaches it`));
  }
}

/** After the chain the flash must be erased, or a later append (on-device writer) lands on written bytes. */
function checkAfterEnd(image: Uint8Array, end: SecureCertImage["end"], problems: SecureCertProblem[]): void {
  if (end.reason !== "erased" && end.reason !== "not-magic") return;
  let at = end.offset;
  if (end.word === TOOL_END_WORD) at += 4;
  for (let i = at; i < image.length; i++) {
    if (image[i] !== 0xff) {
      if (end.offset === 0) return; // not a TLV image at all; reported as such
      problems.push(secureCertProblem("not-erased", i, `byte 0x${i.toString(16)} after the end of the chain (0x${end.offset.toString(16)}) is 0x${image[i].toString(16).padStart(2, "0")}, not erased`, "warning"));
      return;
    }
  }
}

function formatOf(image: Uint8Array, entries: SecureCertEntry[]): SecureCertImage["format"] {
  if (entries.length > 0 || (image.length >= 4 && u32(image, 0) === TLV_MAGIC)) return "tlv";
  if (image.length >= 28 && u32(image, 24) === LEGACY_METADATA_MAGIC) return "legacy-cust-flash";
  if (image.length >= 40 && u32(image, 36) === LEGACY_METADATA_MAGIC) return "legacy-cust-flash";
  if (image.length === 0 || image.every((b) => b === 0xff)) return "erased";
  return "unknown";
}

function u32Safe(image: Uint8Array, at: number): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | (at + i < image.length ? image[at + i] : 0xff);
  return v >>> 0;
}
