// `inspect`: every value of a factory NVS image by name, grouped by the connectedhomeip provider that
// reads it (modules/factory FACTORY_KEYS), decoded for people, with the reader's findings and the NVS
// damage found. Works for any image: ours, esp-matter-mfg-tool's, encrypted ones with their keys.

import { readNvsImage, formatNvsProblem, type NvsReadEntry, type NvsReadResult } from "../../modules/nvs/reader.js";
import { jsonValue } from "../../modules/nvs/dump.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import {
  FACTORY_KEYS,
  FACTORY_NAMESPACE,
  factoryDataFromEntries,
  matchFactoryKey,
  validateFactoryData,
  type FactoryData,
  type FactoryFinding,
  type FactoryKeySpec,
  type FactoryProvider,
} from "../../modules/factory/index.js";
import { describeValue } from "./describe.js";
import type { Finding } from "../../modules/errors/finding.js";

export interface InspectOptions {
  /** NVS keys for an encrypted image. */
  keys?: NvsKeys;
  /** Show secret values (dac-key, pin-code, device-key) instead of redacting them. */
  showSecrets?: boolean;
}

/** One stored value. `value` uses `nvs dump --json` conventions (blob → hex, u64 → number or decimal string). */
export interface InspectedEntry {
  namespace: string;
  key: string;
  type: string;
  value: unknown;
  /** chip-factory keys: the provider that reads it; "unknown" when the key is not in the table. */
  provider?: FactoryProvider | "unknown";
  /** The FactoryData field (table keys only). */
  field?: string;
  /** The entry type the ESP32 reader looks up, when it differs from the stored one (reads as missing). */
  expectedType?: string;
  secret?: true;
  redacted?: true;
  display: string;
  decoded?: Record<string, unknown>;
}

/** A Finding ("keys.<rule>" from the chip-factory reader/validator, "nvs.<rule>" from the NVS reader) plus where it came from. */
export interface InspectFinding extends Finding {
  severity: "error" | "warning";
  /** "factory" = the chip-factory reader/validator; "nvs" = image damage the runtime would skip. */
  source: "factory" | "nvs";
}

export interface Inspection {
  size: number;
  encrypted: boolean;
  pages: { total: number; loaded: number };
  /** False when nothing could be read: not an NVS image, all pages blank/corrupt, or wrong/missing keys. */
  readable: boolean;
  /** Why `readable` is false. */
  unreadable?: string;
  namespaces: string[];
  /** chip-factory first (table order, grouped by provider), then other namespaces in image order. */
  entries: InspectedEntry[];
  /** What the ESP32 providers would read (secrets included: callers redact). */
  data: FactoryData;
  findings: InspectFinding[];
  nvs: NvsReadResult;
}

/** Provider display order: first appearance in FACTORY_KEYS. */
export const PROVIDER_ORDER: readonly (FactoryProvider | "unknown")[] = (() => {
  const out: (FactoryProvider | "unknown")[] = [];
  for (const s of FACTORY_KEYS) if (!out.includes(s.provider)) out.push(s.provider);
  out.push("unknown");
  return out;
})();

// Sort slot of a row: its table position; rows of a group (locales, fixed labels, modes) share the
// group's first position so they keep the image's per-index interleaving (fl-sz/0, fl-k/0/0, fl-v/0/0…).
const SLOT = new Map<FactoryKeySpec, number>(FACTORY_KEYS.map((s, i) => [s, s.group ? FACTORY_KEYS.findIndex((t) => t.group === s.group) : i]));

function isTyped(spec: FactoryKeySpec, type: string): boolean {
  return type === spec.nvsType || (spec.kind === "u64" && type === "blob");
}

/** The runtime-visible copy of each (namespace, key), in first-seen order. */
function distinctEntries(result: NvsReadResult): NvsReadEntry[] {
  const seen = new Set<string>();
  const out: NvsReadEntry[] = [];
  for (const e of result.entries) {
    const id = `${e.namespace}\u0000${e.key}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(result.get(e.namespace, e.key) ?? e);
  }
  return out;
}

function inspectEntry(e: NvsReadEntry, showSecrets: boolean): InspectedEntry & { order: number[] } {
  const out: InspectedEntry & { order: number[] } = {
    namespace: e.namespace, key: e.key, type: e.type, value: jsonValue(e), display: "", order: [PROVIDER_ORDER.length, 0],
  };
  if (e.namespace !== FACTORY_NAMESPACE) {
    out.display = describeValue(undefined, e).display;
    return out;
  }
  const m = matchFactoryKey(e.key);
  if (!m) {
    out.provider = "unknown";
    out.display = describeValue(undefined, e).display;
    out.order = [PROVIDER_ORDER.indexOf("unknown"), FACTORY_KEYS.length];
    return out;
  }
  const spec = m.spec;
  out.provider = spec.provider;
  out.field = spec.field;
  out.order = [PROVIDER_ORDER.indexOf(spec.provider), SLOT.get(spec) ?? 0];
  if (!isTyped(spec, e.type)) out.expectedType = spec.nvsType;
  if (spec.secret) {
    out.secret = true;
    if (!showSecrets) {
      const size = e.value instanceof Uint8Array ? `${e.value.length} bytes` : e.type;
      out.redacted = true;
      out.value = null;
      out.display = `<redacted: ${size}; --show-secrets to print>`;
      return out;
    }
  }
  const d = describeValue(spec, e);
  out.display = d.display;
  if (d.decoded) out.decoded = d.decoded;
  return out;
}

const findingIdentity = (f: Finding): string => `${f.id}\u0000${f.key ?? ""}`;

/** Why nothing could be read from `image`, or undefined when it is a readable NVS image. */
export function unreadableReason(image: Uint8Array, nvs: NvsReadResult, withKeys: boolean): string | undefined {
  if (image.length === 0) return "the file is empty";
  if (!nvs.pages.some((p) => p.state === "active" || p.state === "full" || p.state === "freeing")) {
    return "no NVS page could be loaded (not an NVS partition image?)";
  }
  if (nvs.entries.length === 0 && nvs.problems.length > 0) {
    return withKeys
      ? "no entry could be read: wrong NVS keys, or not an encrypted image"
      : "no entry could be read: an encrypted image? pass its keys partition with --keys";
  }
  return undefined;
}

/** Reads and decodes `image`. Never throws: damage and odd values become findings. */
export function inspectImage(image: Uint8Array, options: InspectOptions = {}): Inspection {
  const nvs = readNvsImage(image, options.keys ? { keys: options.keys } : {});
  const loaded = nvs.pages.filter((p) => p.state === "active" || p.state === "full" || p.state === "freeing").length;
  const { data, findings: readFindings } = factoryDataFromEntries(nvs.entries);
  const findings: InspectFinding[] = [];
  const fromFactory = (f: FactoryFinding): InspectFinding => ({ id: f.id, severity: f.severity, check: f.check, source: "factory", key: f.key, message: f.message });
  for (const p of nvs.problems) {
    findings.push({ id: p.id, severity: "error", check: p.check, source: "nvs", ...(p.key ? { key: p.key } : {}), message: formatNvsProblem(p) });
  }
  const hasFactory = nvs.entries.some((e) => e.namespace === FACTORY_NAMESPACE);
  findings.push(...readFindings.map(fromFactory));
  if (hasFactory) {
    // Content rules of the table; a missing provider key is a warning here (verify makes it an error).
    // One finding per rule and key (the reader and the validator may judge a key by the same rule).
    const seen = new Set(findings.map(findingIdentity));
    for (const f of validateFactoryData(data, { profile: "reader", missingRequired: "warning" })) {
      if (!seen.has(findingIdentity(f))) findings.push(fromFactory(f));
    }
  }

  const raw = distinctEntries(nvs).map((e, i) => {
    const x = inspectEntry(e, !!options.showSecrets);
    x.order.push(i);
    return x;
  });
  const factory = raw.filter((e) => e.namespace === FACTORY_NAMESPACE);
  factory.sort((a, b) => a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2]);
  const others = raw.filter((e) => e.namespace !== FACTORY_NAMESPACE);
  const entries: InspectedEntry[] = [...factory, ...others].map(({ order: _order, ...rest }) => rest);

  const inspection: Inspection = {
    size: image.length,
    encrypted: options.keys !== undefined,
    pages: { total: nvs.pages.length, loaded },
    readable: true,
    namespaces: nvs.namespaces.map((n) => n.name),
    entries,
    data,
    findings,
    nvs,
  };
  const unreadable = unreadableReason(image, nvs, options.keys !== undefined);
  if (unreadable) {
    inspection.readable = false;
    inspection.unreadable = unreadable;
  }
  return inspection;
}

const PROVIDER_TITLES: Record<FactoryProvider | "unknown", string> = {
  CommissionableData: "CommissionableDataProvider",
  DeviceAttestationCredentials: "DeviceAttestationCredentialsProvider",
  DeviceInstanceInfo: "DeviceInstanceInfoProvider",
  DeviceInfo: "DeviceInfoProvider",
  SupportedModes: "SupportedModesManager (esp32 example code)",
  ConfigurationManager: "ConfigurationManager",
  LegacyTestMode: "test-mode CommissionableDataProvider (pin-code)",
  none: "not read by any Matter provider (legacy keys)",
  unknown: "not read by connectedhomeip's ESP32 providers",
};

/** The human report: header, `[chip-factory] <provider>` sections, other namespaces, findings. */
export function renderInspection(i: Inspection, name: string): string[] {
  const lines: string[] = [];
  lines.push(`${name}: ${i.size} bytes, ${i.pages.total} pages (${i.pages.loaded} in use)${i.encrypted ? ", decrypted with the given keys" : ""}`);
  if (!i.readable) lines.push(`unreadable: ${i.unreadable}`);
  const width = Math.max(15, ...i.entries.map((e) => e.key.length));
  const row = (e: InspectedEntry) => {
    const type = e.expectedType ? `${e.type}!` : e.type;
    const note = e.expectedType ? `  [stored as ${e.type}; the reader looks up ${e.expectedType}, so it reads as missing]` : "";
    return `  ${e.key.padEnd(width)} ${type.padEnd(7)} ${e.display}${note}`;
  };
  let section = "";
  for (const e of i.entries) {
    const title = e.namespace === FACTORY_NAMESPACE
      ? `[${FACTORY_NAMESPACE}] ${PROVIDER_TITLES[e.provider ?? "unknown"]}`
      : `[${e.namespace}]`;
    if (title !== section) {
      lines.push(title);
      section = title;
    }
    lines.push(row(e));
  }
  if (i.entries.length === 0 && i.readable) lines.push("(no entries)");
  if (i.findings.length) {
    lines.push("findings:");
    // An encrypted image read without keys fails every entry: a few lines say enough (--json has all).
    const nvsShown = i.readable ? Infinity : 5;
    let nvsCount = 0;
    for (const f of i.findings) {
      if (f.source === "nvs" && ++nvsCount > nvsShown) continue;
      lines.push(`  ${f.severity} ${f.source === "nvs" ? "nvs: " : ""}${f.message}`);
    }
    if (nvsCount > nvsShown) lines.push(`  … and ${nvsCount - nvsShown} more nvs problems (--json lists all)`);
  }
  return lines;
}

/** The --json form (no raw reader state; bigint-free). */
export function inspectionToJson(i: Inspection, name: string): Record<string, unknown> {
  return {
    file: name,
    size: i.size,
    encrypted: i.encrypted,
    pages: i.pages,
    readable: i.readable,
    ...(i.unreadable ? { unreadable: i.unreadable } : {}),
    namespaces: i.namespaces,
    entries: i.entries,
    findings: i.findings,
  };
}
