// Seeded random FactoryData for the device simulation tests: every key the four providers read, with
// optional keys left out at random so the "absent" outcomes (not found, fallback, not implemented,
// no RDI) are exercised too. Values stay inside what the ESP32 providers accept. Same seed → same data.

import { p256 } from "@noble/curves/nist.js";
import type { FactoryData, FixedLabel, SupportedMode } from "../../modules/factory/factory-data.js";
import { Rng } from "./random-csv.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// Printable ASCII plus a few BMP characters (UTF-8 2 and 3 bytes): xsnap strings are CESU-8, the device's
// UTF-8, so characters outside the BMP would count differently there (docs/xs-engine.md §Language).
const TEXT = ALNUM + " -_.,:/()&'" + "éüßñø€日本";

function text(rng: Rng, minChars: number, maxBytes: number, alphabet = TEXT): string {
  for (;;) {
    let s = "";
    const n = rng.int(minChars, maxBytes);
    for (let i = 0; i < n; i++) s += rng.pick([...alphabet]);
    if (new TextEncoder().encode(s).length <= maxBytes && s.trim() === s && s.length >= minChars) return s;
  }
}

function der(rng: Rng, min: number, max: number): Uint8Array {
  const b = rng.bytes(rng.int(min, max));
  b[0] = 0x30; // DER SEQUENCE (the providers only pass the bytes through)
  return b;
}

function manufacturingDate(rng: Rng): string {
  const y = String(rng.int(1990, 2099));
  const m = String(rng.int(1, 12)).padStart(2, "0");
  const d = String(rng.int(1, 31)).padStart(2, "0");
  const suffix = rng.bool(0.3) ? text(rng, 1, 8, ALNUM) : "";
  return rng.bool() ? `${y}-${m}-${d}${suffix}`.slice(0, 16) : `${y}${m}${d}${suffix}`;
}

/** Endpoints used for fixed labels and supported modes (keys stay ≤ 14 characters at runtime). */
export const RANDOM_ENDPOINTS = [0, 1, 2, 0x1f];

export function randomFactoryData(rng: Rng): FactoryData {
  const dacKey = p256.utils.randomSecretKey(rng.bytes(48));
  const vendorId = rng.int(1, 0xfffe);
  const d: FactoryData = {
    discriminator: rng.int(0, 0xfff),
    iterationCount: rng.int(1000, 100000),
    salt: rng.bytes(rng.int(16, 32)),
    vendorId,
    vendorName: text(rng, 1, 32),
    productId: rng.bool(0.1) ? 0 : rng.int(1, 0xffff),
    productName: text(rng, 1, 32),
    hardwareVersionString: text(rng, 1, 64),
    manufacturingDate: manufacturingDate(rng),
    dacCert: der(rng, 200, 600),
    dacKey,
    dacPublicKey: p256.getPublicKey(dacKey, false),
    paiCert: der(rng, 200, 600),
    verifier: rng.bytes(97),
    certDeclaration: der(rng, 100, 800),
  };
  if (rng.bool(0.7)) d.hardwareVersion = rng.int(0, 0xffff);
  if (rng.bool(0.8)) d.rotatingDeviceIdUniqueId = rng.bytes(rng.bool(0.8) ? 16 : 32);
  if (rng.bool(0.6)) d.productFinish = rng.int(0, 5);
  if (rng.bool(0.6)) d.productColor = rng.int(0, 20);
  if (rng.bool(0.7)) d.partNumber = text(rng, 1, 32);
  if (rng.bool(0.8)) d.serialNumber = text(rng, 1, 32, ALNUM);
  if (rng.bool(0.7)) d.calendarTypes = rng.int(0, 0xfff);
  if (rng.bool(0.7)) d.locales = Array.from({ length: rng.int(0, 4) }, () => rng.pick(["en-US", "de-DE", "fr-FR", "ja-JP", "zh-Hans-CN", "es-419"]));
  if (rng.bool(0.7)) {
    const labels: FixedLabel[] = [];
    for (let i = rng.int(1, 5); i > 0; i--) labels.push({ endpoint: rng.pick(RANDOM_ENDPOINTS), label: text(rng, 1, 15, ALNUM), value: text(rng, 1, 15, ALNUM) });
    d.fixedLabels = labels;
  }
  if (rng.bool(0.5)) {
    const modes: SupportedMode[] = [];
    for (let i = rng.int(1, 3); i > 0; i--) {
      const semanticTags = Array.from({ length: rng.int(0, 2) }, () => ({ value: rng.int(0, 0xffff), mfgCode: rng.int(0, 0xffff) }));
      modes.push({ endpoint: rng.pick(RANDOM_ENDPOINTS), mode: rng.int(0, 255), label: text(rng, 1, 20, ALNUM), semanticTags });
    }
    d.supportedModes = modes;
  }
  if (rng.bool(0.7)) d.productLabel = text(rng, 1, 64);
  if (rng.bool(0.7)) d.productUrl = `https://example.com/${text(rng, 1, 40, ALNUM)}`;
  if (rng.bool(0.3)) d.passcode = rng.pick([20202021, 34567890, rng.int(1, 99999998)]);
  if (d.passcode === 12345678 || d.passcode === 87654321 || (d.passcode !== undefined && d.passcode % 11111111 === 0)) d.passcode = 20202021;
  return d;
}

/** The endpoints a FactoryData puts fixed labels or modes on, plus 0 (the simulated build's data model). */
export function endpointsOf(d: FactoryData): number[] {
  const set = new Set<number>([0]);
  for (const l of d.fixedLabels ?? []) set.add(l.endpoint);
  for (const m of d.supportedModes ?? []) set.add(m.endpoint);
  return [...set].sort((a, b) => a - b);
}
