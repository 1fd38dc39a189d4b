// The bring-up console: what the factory partition holds (secrets redacted), the commissioning values,
// and — on a development image that carries `pin-code` — the onboarding QR payload, the manual code
// and the QR drawn in text. Redaction follows the key table (modules/factory/schema.ts): keys flagged
// `secret` or `privacy` are never printed; secret blobs (the DAC private key) are not even read.

import { toHex } from "../modules/bytes/hex.js";
import { FACTORY_KEYS, type FactoryKeySpec } from "../modules/factory/schema.js";
import { encodeManualCode, formatManualCode } from "../modules/onboarding/manual.js";
import { encodeQrPayload } from "../modules/onboarding/qr.js";
import { encodeQr } from "../modules/qrcode/encoder.js";
import { renderQrText } from "../modules/qrcode/render-text.js";
import type { DeviceConfig } from "./config.js";
import type { Console, FactoryStore, StoreRead } from "./platform.js";
import type { Providers, ProviderResult } from "./providers/index.js";
import { SECURE_CERT_REPLACED_KEYS } from "./providers/attestation-secure-cert.js";

/** 0x-prefixed upper-case hex, zero-padded (VID, PID, discriminator). */
export function hex(n: number, digits = 4): string {
  return "0x" + n.toString(16).toUpperCase().padStart(digits, "0");
}

function shortBytes(b: Uint8Array): string {
  return b.length <= 8 ? `<${toHex(b)}>` : `<${b.length} bytes: ${toHex(b.subarray(0, 8))}…>`;
}

function column(key: string, type: string): string {
  return `  ${key.padEnd(16)}${type.padEnd(7)}`;
}

/** One stored value as printed, redacted when the key table says so. */
function shown(spec: FactoryKeySpec, read: StoreRead<unknown>): string {
  if (read.outcome === "type-mismatch") {
    return `stored as ${read.stored || "another type"}: the provider reads ${spec.nvsType}, so it reads as not found`;
  }
  if (read.outcome !== "found") return "";
  const v = read.value;
  const hidden = spec.secret || spec.privacy;
  if (typeof v === "number") return hidden ? "<redacted>" : `${v} (0x${v.toString(16)})`;
  if (typeof v === "string") {
    if (hidden) return `<redacted, ${v.length} characters>`;
    return spec.kind === "base64-text" ? `base64 ${JSON.stringify(v)}` : JSON.stringify(v);
  }
  if (v instanceof Uint8Array) return hidden ? `<redacted, ${v.length} bytes>` : shortBytes(v);
  return String(v);
}

function read(store: FactoryStore, spec: FactoryKeySpec): StoreRead<unknown> {
  switch (spec.nvsType) {
    case "u32":
      return store.getU32(spec.key);
    case "string":
      return store.getString(spec.key);
    default:
      return store.getBlob(spec.key);
  }
}

function listNote<T>(r: ProviderResult<T[]>): string {
  if (r.status !== "ok") return ` (${r.message})`;
  return r.note ? ` (list ended early: ${r.note})` : "";
}

/** Prints every `chip-factory` key the providers read, in key-table order. */
export function printFactoryContents(out: Console, store: FactoryStore, providers: Providers, config: DeviceConfig): void {
  out.line(`factory partition "${store.partition}" (${store.backend} backend${store.encrypted ? ", NVS encryption" : ""}), namespace chip-factory:`);
  const missing: string[] = [];
  for (const spec of FACTORY_KEYS) {
    if (spec.group || spec.nvsType === "u64" || spec.provider === "none") continue;
    if (config.attestationSource === "esp_secure_cert" && SECURE_CERT_REPLACED_KEYS.includes(spec.key)) continue; // read from esp_secure_cert
    if (spec.secret && spec.nvsType === "blob") {
      out.line(`${column(spec.key, spec.nvsType)}<secret: stays in the native signer, not read here>`);
      continue;
    }
    const r = read(store, spec);
    if (r.outcome === "not-found") {
      if (spec.required) missing.push(spec.key);
      continue;
    }
    out.line(`${column(spec.key, spec.nvsType)}${shown(spec, r)}`);
  }
  const info = providers.deviceInfo;
  const locales = info.supportedLocales();
  if (locales.status === "ok" && (locales.value.length > 0 || locales.note)) out.line(`${column("locales", "")}${locales.value.join(", ")}${listNote(locales)}`);
  const calendars = info.supportedCalendarTypes();
  if (calendars.status === "ok" && calendars.value.length > 0) out.line(`${column("calendar types", "")}${calendars.value.join(", ")}`);
  for (const ep of config.endpoints) {
    const labels = info.fixedLabels(ep);
    if (labels.status === "ok" && (labels.value.length > 0 || labels.note)) {
      out.line(`${column(`fixed labels ${ep}`, "")}${labels.value.map((l) => `${l.label}=${l.value}`).join(", ")}${listNote(labels)}`);
    }
    const modes = info.supportedModes(ep);
    if (modes.status === "ok" && (modes.value.length > 0 || modes.note)) {
      const text = modes.value.map((m) => `${m.mode} ${JSON.stringify(m.label)}${m.semanticTags.length ? ` [${m.semanticTags.map((t) => `${hex(t.mfgCode)}/${t.value}`).join(" ")}]` : ""}`);
      out.line(`${column(`modes ${ep}`, "")}${text.join(", ")}${listNote(modes)}`);
    }
  }
  if (missing.length > 0) out.line(`  missing (needed to commission): ${missing.join(", ")}`);
  if (store.problems.length > 0) out.line(`  WARNING ${store.problems.length} damaged NVS item(s) skipped, first: ${store.problems[0]}`);
}

function value<T>(r: ProviderResult<T>): string {
  return r.status === "ok" ? String(r.value) : r.status;
}

/** The attestation material at a glance (sizes only; nothing is signed at boot). */
export function printAttestationSummary(out: Console, providers: Providers): void {
  const a = providers.attestation;
  const size = (r: ProviderResult<Uint8Array>) => (r.status === "ok" ? `${r.value.length} bytes` : r.status);
  out.line(`attestation: DAC ${size(a.deviceAttestationCert())}, PAI ${size(a.productAttestationIntermediateCert())}, CD ${size(a.certificationDeclaration())}, DAC public key ${size(a.dacPublicKey())}`);
  const i = providers.instanceInfo;
  const date = i.manufacturingDate();
  const dateText = date.status === "ok" ? `${date.value.year}-${String(date.value.month).padStart(2, "0")}-${String(date.value.day).padStart(2, "0")}${date.value.suffix ? ` suffix ${JSON.stringify(date.value.suffix)}` : ""}` : date.status;
  out.line(`device: serial ${value(i.serialNumber())}, hardware ${value(i.hardwareVersion())} (${value(i.hardwareVersionString())}), manufactured ${dateText}`);
}

export interface OnboardingValues {
  vendorId: number;
  productId: number;
  discriminator: number;
  passcode: number;
  flow: 0 | 1 | 2;
  discoveryCapabilities: number;
}

/** Development images only: the QR payload, the manual code and the QR symbol as text. */
export function printOnboardingCodes(out: Console, v: OnboardingValues): void {
  let qr: string;
  let manual: string;
  try {
    qr = encodeQrPayload({ version: 0, vendorId: v.vendorId, productId: v.productId, flow: v.flow, discoveryCapabilities: v.discoveryCapabilities, discriminator: v.discriminator, passcode: v.passcode });
    manual = encodeManualCode({ discriminator: v.discriminator, passcode: v.passcode, flow: v.flow, vendorId: v.vendorId, productId: v.productId });
  } catch (e) {
    out.line(`development image: no onboarding codes: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  out.line("development image (pin-code present): onboarding codes");
  out.line(`  QR payload   ${qr}`);
  out.line(`  manual code  ${formatManualCode(manual, " ")}`);
  const art = renderQrText(encodeQr(qr), { quietZone: 2 }).split("\n");
  for (const line of art) out.line(line);
}
