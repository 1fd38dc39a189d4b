// Human-readable decoding of one chip-factory value, driven by the key table (modules/factory
// schema.ts): the row's kind says how the value is stored, its rules say which names an enum or
// bitmap value has, its field says which certificate-like blob it is. Never throws.

import { fromBase64 } from "../../modules/bytes/base64.js";
import { toHex } from "../../modules/bytes/hex.js";
import {
  LOCATION_CAPABILITY,
  calendarTypesFromBitmap,
  enumName,
  mfgDateAcceptedByReader,
  type FactoryKeySpec,
} from "../../modules/factory/index.js";
import type { NvsEntry } from "../../modules/nvs/types.js";
import { loadCertificate, matterVidPid } from "../certs/index.js";
import { describeCd, parseCertificationDeclaration } from "./cd.js";

/** A decoded value: one display line plus machine-readable details for --json. */
export interface DescribedValue {
  display: string;
  decoded?: Record<string, unknown>;
}

const hexId = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;
// Fields whose numbers are Matter IDs, shown in hex like everywhere else in Matter tooling.
const ID_FIELDS = new Set(["vendorId", "productId", "supportedModes[].semanticTags[<j>].mfgCode"]);

function bytesDisplay(b: Uint8Array): string {
  return b.length <= 32 ? `${toHex(b)} (${b.length} bytes)` : `${toHex(b.subarray(0, 16))}… (${b.length} bytes)`;
}

/** The newest ESP32 provider's split of mfg-date (docs/factory-data.md §mfg-date): date YYYY-MM-DD + suffix. */
export function splitMfgDate(text: string): { date: string; suffix: string } | undefined {
  if (!mfgDateAcceptedByReader(text)) return undefined;
  const t = text.split("-").join("");
  return { date: `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}`, suffix: t.slice(8) };
}

/** Subject summary of a DER/PEM certificate, or why it is not one. */
export function describeCertificate(der: Uint8Array): DescribedValue {
  try {
    const cert = loadCertificate(der, "certificate");
    const decoded: Record<string, unknown> = {
      subject: cert.subject,
      issuer: cert.issuer,
      serialNumber: cert.serialNumber,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
    };
    let ids = "";
    try {
      const { vendorId, productId } = matterVidPid(cert);
      if (vendorId !== undefined) decoded.vendorId = vendorId;
      if (productId !== undefined) decoded.productId = productId;
      ids = [vendorId !== undefined ? `VID ${hexId(vendorId)}` : "", productId !== undefined ? `PID ${hexId(productId)}` : ""].filter(Boolean).join(" ");
    } catch (e) {
      ids = (e as Error).message;
    }
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return {
      display: `${der.length} bytes: subject "${cert.subject}"${ids ? ` (${ids})` : ""}, issuer "${cert.issuer}", valid ${day(cert.notBefore)}…${day(cert.notAfter)}`,
      decoded,
    };
  } catch (e) {
    return { display: `${bytesDisplay(der)}: ${(e as Error).message}`, decoded: { error: (e as Error).message } };
  }
}

function describeCdBlob(der: Uint8Array): DescribedValue {
  try {
    const cd = parseCertificationDeclaration(der);
    const decoded: Record<string, unknown> = {
      vendorId: cd.vendorId,
      productIds: cd.productIds,
      deviceTypeId: cd.deviceTypeId,
      certificateId: cd.certificateId,
      securityLevel: cd.securityLevel,
      securityInformation: cd.securityInformation,
      versionNumber: cd.versionNumber,
      certificationType: cd.certificationType,
    };
    if (cd.dacOriginVendorId !== undefined) decoded.dacOriginVendorId = cd.dacOriginVendorId;
    if (cd.dacOriginProductId !== undefined) decoded.dacOriginProductId = cd.dacOriginProductId;
    if (cd.authorizedPaaList) decoded.authorizedPaaList = cd.authorizedPaaList.map((k) => toHex(k));
    if (cd.signerKeyId) decoded.signerKeyId = toHex(cd.signerKeyId);
    if (cd.problems.length) decoded.problems = cd.problems;
    return { display: `${der.length} bytes: CD ${describeCd(cd)}${cd.problems.length ? ` (${cd.problems.length} problem(s))` : ""}`, decoded };
  } catch (e) {
    return { display: `${bytesDisplay(der)}: ${(e as Error).message}`, decoded: { error: (e as Error).message } };
  }
}

/** Names behind an enum rule of the row (product-finish, product-color), if any. */
function enumNames(spec: FactoryKeySpec): Readonly<Record<string, number>> | undefined {
  for (const r of spec.rules) if (r.kind === "enum") return r.names;
  for (const r of spec.rules) if (r.kind === "check" && r.check === "location-enum") return LOCATION_CAPABILITY;
  return undefined;
}

const hasCheck = (spec: FactoryKeySpec, check: string): boolean => spec.rules.some((r) => r.kind === "check" && r.check === check);

function describeNumber(spec: FactoryKeySpec, v: number): DescribedValue {
  if (ID_FIELDS.has(spec.field)) return { display: `${hexId(v)} (${v})` };
  const names = enumNames(spec);
  if (names) {
    const name = enumName(names, v);
    return { display: `${v} (${name ?? "no name"})`, decoded: name === undefined ? undefined : { name } };
  }
  if (hasCheck(spec, "calendar-bits")) {
    const list = calendarTypesFromBitmap(v);
    return { display: `0x${v.toString(16)} (${list.join(" ") || "none"})`, decoded: { names: list } };
  }
  return { display: v >= 10 ? `${v} (0x${v.toString(16)})` : String(v) };
}

/**
 * Display form of a stored value. `spec` is the table row the key belongs to (undefined: not a
 * chip-factory key). The entry type may differ from the row's: then the raw value is shown.
 */
export function describeValue(spec: FactoryKeySpec | undefined, e: NvsEntry): DescribedValue {
  const v = e.value;
  const typed = spec !== undefined && (e.type === spec.nvsType || (spec.kind === "u64" && e.type === "blob"));
  if (!spec || !typed) {
    if (v instanceof Uint8Array) return { display: bytesDisplay(v) };
    if (typeof v === "string") return { display: JSON.stringify(v) };
    return { display: String(v) };
  }
  switch (spec.kind) {
    case "u32":
      return describeNumber(spec, v as number);
    case "u64":
      return { display: typeof v === "bigint" ? `${v} (0x${v.toString(16)})` : bytesDisplay(v as Uint8Array) };
    case "text": {
      const text = v as string;
      if (hasCheck(spec, "mfg-date")) {
        const split = splitMfgDate(text);
        if (!split) return { display: `${JSON.stringify(text)} (not a date the ESP32 reader accepts)` };
        return { display: `${JSON.stringify(text)} (date ${split.date}${split.suffix ? `, suffix ${JSON.stringify(split.suffix)}` : ""})`, decoded: split };
      }
      return { display: JSON.stringify(text) };
    }
    case "base64-text": {
      const text = v as string;
      try {
        const raw = fromBase64(text);
        return { display: `${text} (base64 of ${raw.length} bytes)`, decoded: { bytes: raw.length, hex: toHex(raw) } };
      } catch (err) {
        return { display: `${JSON.stringify(text)} (not base64: ${(err as Error).message})`, decoded: { error: (err as Error).message } };
      }
    }
    case "bytes": {
      const b = v as Uint8Array;
      if (spec.field === "certDeclaration") return describeCdBlob(b);
      if (hasCheck(spec, "der-sequence")) return describeCertificate(b);
      return { display: bytesDisplay(b) };
    }
  }
}
