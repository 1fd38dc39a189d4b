// Lookups as esp_secure_cert_mgr answers them (srcs/esp_secure_cert_tlv_read.c):
// exact (type, subtype) → the first match in walk order, its CRC checked, no fallback to a later copy;
// subtype SUBTYPE_MAX → the last entry of the type (the code keeps the last one it sees, although its
// comment says "highest subtype"); the key-type query reads PRIV_KEY subtype 0's flags; the integrity
// check takes the last INTEGRITY entry, which must be 32 bytes, the SHA-256 of every byte before it.

import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual } from "../bytes/bytes.js";
import { SUBTYPE_MAX, SecureCertType, keyTypeOfFlags, type SecureCertKeyType } from "./format.js";
import type { SecureCertEntry, SecureCertImage } from "./reader.js";

export type SecureCertLookup =
  | { ok: true; entry: SecureCertEntry; value: Uint8Array }
  | { ok: false; reason: "not-found" | "crc"; entry?: SecureCertEntry };

/** esp_secure_cert_find_tlv(type, subtype). */
export function findSecureCertEntry(image: SecureCertImage, type: number, subtype = 0): SecureCertLookup {
  let match: SecureCertEntry | undefined;
  for (const e of image.entries) {
    if (e.type !== type) continue;
    if (subtype === SUBTYPE_MAX) match = e;
    else if (e.subtype === subtype) {
      match = e;
      break;
    }
  }
  if (match === undefined) return { ok: false, reason: "not-found" };
  if (!match.crcOk || match.value === undefined) return { ok: false, reason: "crc", entry: match };
  return { ok: true, entry: match, value: match.value };
}

/** esp_secure_cert_get_priv_key_type: undefined when PRIV_KEY/0 is missing or its CRC fails. */
export function secureCertKeyType(image: SecureCertImage): SecureCertKeyType | undefined {
  const found = findSecureCertEntry(image, SecureCertType.PRIV_KEY, 0);
  return found.ok ? keyTypeOfFlags(found.entry.flags) : undefined;
}

export type IntegrityCheck = "absent" | "ok" | "mismatch" | "bad-entry";

/** esp_secure_cert_verify_partition_integrity over the raw image bytes. */
export function checkSecureCertIntegrity(image: SecureCertImage, bytes: Uint8Array): IntegrityCheck {
  const found = findSecureCertEntry(image, SecureCertType.INTEGRITY, SUBTYPE_MAX);
  if (!found.ok) return found.reason === "not-found" ? "absent" : "bad-entry";
  if (found.value.length !== 32 || found.entry.offset > bytes.length) return "bad-entry";
  return bytesEqual(sha256(bytes.subarray(0, found.entry.offset)), found.value) ? "ok" : "mismatch";
}
