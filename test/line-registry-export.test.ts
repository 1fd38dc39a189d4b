// The delivery manifest's records and files: verified boards only unless --all, RFC 4180 quoting,
// hex VID/PID in the CSV and numbers in JSON lines, files created 0600 (QR payloads carry the passcode).
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deliveryCsv, deliveryRecords, writeDeliveryManifest } from "../host-tools/line/delivery-manifest.js";
import type { DeviceRow } from "../host-tools/line/registry/registry.js";

const row = (i: number, state: DeviceRow["state"], serial = `SN${i}`): DeviceRow => ({
  uuid: `u${i}`, index: i, batch: "b", serial, vendorId: 0xfff2, productId: 0x8001, discriminator: i, imageSha256: "ab".repeat(32),
  qr: "MT:Y.K9042C00KA0648G00", manualCode: "34970112332", mac: state === "free" ? null : `c4:0a:24:00:00:0${i}`, station: state === "free" ? null : "s1",
  state, verification: state === "failed" ? 'write.failed: "cable", pulled' : null, attempts: 1, claimedAt: "2026-12-03T10:00:00.000Z", updatedAt: "2026-12-03T10:00:01.000Z",
});

describe("delivery manifest", () => {
  const rows = [row(0, "verified", 'S,N"0'), row(1, "failed"), row(2, "free"), row(3, "verified")];

  it("lists verified boards only, or every bound board with --all", () => {
    expect(deliveryRecords(rows).map((r) => r.uuid)).toEqual(["u0", "u3"]);
    expect(deliveryRecords(rows, true).map((r) => [r.uuid, r.state])).toEqual([["u0", "verified"], ["u1", "failed"], ["u3", "verified"]]);
  });

  it("quotes CSV fields that need it and writes VID/PID as hex", () => {
    const csv = deliveryCsv(deliveryRecords(rows, true)).split("\r\n");
    expect(csv[1]).toBe(`c4:0a:24:00:00:00,"S,N""0",u0,MT:Y.K9042C00KA0648G00,34970112332,0xFFF2,0x8001,${"ab".repeat(32)},s1,2026-12-03T10:00:01.000Z,verified,`);
    expect(csv[2].endsWith(`,failed,"write.failed: ""cable"", pulled"`)).toBe(true);
    expect(csv.at(-1)).toBe("");
  });

  it("writes <prefix>.csv and <prefix>.jsonl with mode 0600", () => {
    const dir = mkdtempSync(join(tmpdir(), "mf-delivery-"));
    const files = writeDeliveryManifest(join(dir, "out", "d"), deliveryRecords(rows));
    for (const f of files) expect(statSync(f).mode & 0o777).toBe(0o600);
    const lines = readFileSync(files[1], "utf8").trim().split("\n").map((l) => JSON.parse(l) as { vendorId: number; serial: string });
    expect(lines.map((l) => [l.serial, l.vendorId])).toEqual([['S,N"0', 0xfff2], ["SN3", 0xfff2]]);
  });
});
