// What every provider of the simulated device returns, as JSON-able values (bytes as hex) for the
// `simulate` report (runs inside XS, after boot). The Rotating Device ID unique ID is not copied out:
// it never leaves the device; only its presence and length are reported.

import { toHex } from "../../../modules/bytes/hex.js";
import type { Device } from "../../../device/app.js";
import type { ProviderResult } from "../../../device/providers/index.js";

export type JsonResult =
  | { status: "ok"; value: unknown; fallback?: string; note?: string }
  | { status: "not-found" | "invalid" | "not-implemented"; message: string };

function json(v: unknown): unknown {
  if (v instanceof Uint8Array) return toHex(v);
  if (Array.isArray(v)) return v.map(json);
  if (v !== null && typeof v === "object") {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = json((v as Record<string, unknown>)[k]);
    return o;
  }
  return v;
}

function result<T>(r: ProviderResult<T>, map: (v: T) => unknown = json): JsonResult {
  if (r.status !== "ok") return { status: r.status, message: r.message };
  const out: JsonResult = { status: "ok", value: map(r.value) };
  if (r.fallback !== undefined) out.fallback = r.fallback;
  if (r.note !== undefined) out.note = r.note;
  return out;
}

/** The text signed by the DAC signing check ("matter-factory simulate: DAC signing check"). */
export const SIGNING_CHECK_MESSAGE = "matter-factory simulate: DAC signing check";

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

export function providerSnapshot(device: Device): Record<string, unknown> | undefined {
  const p = device.providers;
  if (!p) return undefined;
  const cd = p.commissionableData;
  const a = p.attestation;
  const i = p.instanceInfo;
  const d = p.deviceInfo;
  const uid = i.rotatingDeviceIdUniqueId();
  const fixedLabels: Record<string, JsonResult> = {};
  const supportedModes: Record<string, JsonResult> = {};
  for (const ep of device.config.endpoints) {
    fixedLabels[ep] = result(d.fixedLabels(ep));
    supportedModes[ep] = result(d.supportedModes(ep));
  }
  const message = ascii(SIGNING_CHECK_MESSAGE);
  return {
    commissionableData: {
      setupDiscriminator: result(cd.setupDiscriminator()),
      spake2pIterationCount: result(cd.spake2pIterationCount()),
      spake2pSalt: result(cd.spake2pSalt()),
      spake2pVerifier: result(cd.spake2pVerifier()),
      setupPasscode: result(cd.setupPasscode()),
    },
    deviceAttestationCredentials: {
      certificationDeclaration: result(a.certificationDeclaration()),
      firmwareInformation: result(a.firmwareInformation()),
      deviceAttestationCert: result(a.deviceAttestationCert()),
      productAttestationIntermediateCert: result(a.productAttestationIntermediateCert()),
      dacPublicKey: result(a.dacPublicKey()),
      signWithDeviceAttestationKey: { message: toHex(message), signature: result(a.signWithDeviceAttestationKey(message)) },
    },
    deviceInstanceInfo: {
      vendorName: result(i.vendorName()),
      vendorId: result(i.vendorId()),
      productName: result(i.productName()),
      productId: result(i.productId()),
      partNumber: result(i.partNumber()),
      productUrl: result(i.productUrl()),
      productLabel: result(i.productLabel()),
      serialNumber: result(i.serialNumber()),
      manufacturingDate: result(i.manufacturingDate()),
      hardwareVersion: result(i.hardwareVersion()),
      hardwareVersionString: result(i.hardwareVersionString()),
      rotatingDeviceIdUniqueId: result(uid, (v) => ({ redacted: true, length: v.length })),
      productFinish: result(i.productFinish()),
      productPrimaryColor: result(i.productPrimaryColor()),
      productRevision: result(i.productRevision()),
    },
    deviceInfo: {
      supportedLocales: result(d.supportedLocales()),
      supportedCalendarTypes: result(d.supportedCalendarTypes()),
      fixedLabels,
      supportedModes,
    },
  };
}
