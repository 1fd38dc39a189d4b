// The delivery manifest: one record per provisioned board — MAC, serial, uuid, QR payload, manual
// code, VID/PID, image SHA-256, station, time — as CSV and as JSON lines, the shape of the manifest
// Espressif's pre-provisioning service hands over with its modules. Written from the registry, so
// every station's boards are in it. The QR payload and manual code carry the passcode: files are 0600.
import { writeFileAtomic } from "../files.js";
import type { DeviceRow } from "./registry/registry.js";

export interface DeliveryRecord {
  mac: string;
  serial: string;
  uuid: string;
  qrPayload: string | null;
  manualCode: string | null;
  vendorId: number;
  productId: number;
  imageSha256: string;
  station: string | null;
  /** When the binding reached its state (ISO 8601 UTC). */
  time: string | null;
  state: DeviceRow["state"];
  verification: string | null;
}

export const DELIVERY_CSV_HEADER = ["mac", "serial", "uuid", "qr_payload", "manual_code", "vendor_id", "product_id", "image_sha256", "station", "time", "state", "verification"];

/** Verified boards only, unless `all` (then every bound board, with its state). */
export function deliveryRecords(rows: readonly DeviceRow[], all = false): DeliveryRecord[] {
  return rows
    .filter((r) => r.mac !== null && (all || r.state === "verified"))
    .map((r) => ({
      mac: r.mac!,
      serial: r.serial,
      uuid: r.uuid,
      qrPayload: r.qr,
      manualCode: r.manualCode,
      vendorId: r.vendorId,
      productId: r.productId,
      imageSha256: r.imageSha256,
      station: r.station,
      time: r.updatedAt,
      state: r.state,
      verification: r.verification,
    }));
}

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
function csvField(v: string | number | null): string {
  const s = v === null ? "" : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const hex4 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;

export function deliveryCsv(records: readonly DeliveryRecord[]): string {
  const lines = [DELIVERY_CSV_HEADER.join(",")];
  for (const r of records) {
    lines.push(
      [r.mac, r.serial, r.uuid, r.qrPayload, r.manualCode, hex4(r.vendorId), hex4(r.productId), r.imageSha256, r.station, r.time, r.state, r.verification].map(csvField).join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

export function deliveryJsonLines(records: readonly DeliveryRecord[]): string {
  return records.map((r) => JSON.stringify(r) + "\n").join("");
}

/** Writes <prefix>.csv and <prefix>.jsonl (atomically, 0600); returns their paths. */
export function writeDeliveryManifest(prefix: string, records: readonly DeliveryRecord[]): string[] {
  const csv = `${prefix}.csv`;
  const jsonl = `${prefix}.jsonl`;
  writeFileAtomic(csv, deliveryCsv(records), { secret: true, mkdir: true });
  writeFileAtomic(jsonl, deliveryJsonLines(records), { secret: true, mkdir: true });
  return [csv, jsonl];
}
