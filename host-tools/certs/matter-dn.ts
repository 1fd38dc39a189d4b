// Matter attributes in X.509 subject/issuer names (docs/factory-data.md §Certificates): the Vendor ID and
// Product ID are RDNs of their own, OIDs 1.3.6.1.4.1.37244.2.1 / .2.2, UTF8String holding exactly four
// upper-case hex digits (mfg_tool writes hex(id).upper() padded to 4 — "FFF2", "8001").

import type { X509Certificate, Name } from "@peculiar/x509";

export const OID_MATTER_VID = "1.3.6.1.4.1.37244.2.1";
export const OID_MATTER_PID = "1.3.6.1.4.1.37244.2.2";
export const OID_COMMON_NAME = "2.5.4.3";

const ID_TEXT = /^[0-9A-F]{4}$/;

/** "FFF2" for 0xFFF2; throws unless 0 ≤ id ≤ 0xFFFF. */
export function matterIdText(id: number, field: string): string {
  checkMatterId(id, field);
  return id.toString(16).toUpperCase().padStart(4, "0");
}

export function checkMatterId(id: number, field: string): void {
  if (!Number.isInteger(id) || id < 0 || id > 0xffff) {
    throw new Error(`${field} ${String(id)}: must be an integer 0..0xFFFF`);
  }
}

/** The raw texts of the Matter VID / PID attributes of a name (first occurrence), as stored. */
export function matterIdTexts(name: Name): { vendorId?: string; productId?: string; count: { vendorId: number; productId: number } } {
  const vids = name.getField(OID_MATTER_VID);
  const pids = name.getField(OID_MATTER_PID);
  return { vendorId: vids[0], productId: pids[0], count: { vendorId: vids.length, productId: pids.length } };
}

/** Parse a Matter ID attribute text; undefined unless it is exactly four upper-case hex digits. */
export function parseMatterIdText(text: string): number | undefined {
  return ID_TEXT.test(text) ? parseInt(text, 16) : undefined;
}

/**
 * The Matter VID / PID in a certificate's subject. Absent attributes are left out; a present one that
 * is not four upper-case hex digits throws a one-line Error.
 */
export function matterVidPid(cert: X509Certificate): { vendorId?: number; productId?: number } {
  const texts = matterIdTexts(cert.subjectName);
  const out: { vendorId?: number; productId?: number } = {};
  for (const field of ["vendorId", "productId"] as const) {
    const text = texts[field];
    if (text === undefined) continue;
    const value = parseMatterIdText(text);
    if (value === undefined) {
      const oid = field === "vendorId" ? OID_MATTER_VID : OID_MATTER_PID;
      throw new Error(`certificate subject ${oid} (${field}) "${text}": must be 4 upper-case hex digits`);
    }
    out[field] = value;
  }
  return out;
}

/** The subject's common name, if any (for messages). */
export function commonNameOf(name: Name): string | undefined {
  return name.getField(OID_COMMON_NAME)[0];
}
