// Reads the chip-factory namespace the way connectedhomeip's ESP32 providers do (docs/factory-data.md
// §Namespace and reader rules, §Key table): a key is found only as the entry type its provider asks for (integers are read with
// nvs_get_u32, so a u8/u16/i32 entry with that key is "not found"); salt and verifier are base64
// text; per-index lists are read up to their count and stop at the first missing key. Never throws:
// everything unusual becomes a finding.

import { fromBase64 } from "../bytes/base64.js";
import { bytesToBigInt } from "../bytes/bytes.js";
import type { NvsEntry, NvsWritableType } from "../nvs/types.js";
import type { ExtraEntry, FactoryData, FixedLabel, SemanticTag, SupportedMode } from "./factory-data.js";
import { type FactoryFinding, type FactoryRuleName, finding, showValue } from "./finding.js";
import { FACTORY_KEYS, FACTORY_NAMESPACE, type FactoryKeySpec, factoryKeySpec, formatFactoryKey, matchFactoryKey } from "./schema.js";

const WRITABLE: readonly string[] = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "string", "blob"];
// Prefixes of the per-index patterns, for the "padded or upper-case index" hint.
const PATTERN_PREFIXES = FACTORY_KEYS.filter((s) => s.key.includes("<")).map((s) => s.key.slice(0, s.key.indexOf("<")));

class FactoryReader {
  readonly findings: FactoryFinding[] = [];
  readonly used = new Set<NvsEntry>();
  constructor(readonly entries: readonly NvsEntry[]) {}

  private matchesType(s: FactoryKeySpec, e: NvsEntry): boolean {
    if (e.type === s.nvsType) return true;
    return s.kind === "u64" && e.type === "blob"; // device-id may be an 8-byte big-endian blob (docs/factory-data.md §Namespace and reader rules)
  }

  /** The typed value of `key` as the provider reads it, or undefined (with a finding if notable). */
  read(s: FactoryKeySpec, key: string): unknown {
    const same = this.entries.filter((e) => e.key === key);
    for (const e of same) this.used.add(e);
    const typed = same.filter((e) => this.matchesType(s, e));
    if (typed.length === 0) {
      if (same.length > 0) {
        this.findings.push(finding("stored-type", key, "error",
          `key "${key}" stored as ${same[0].type} (value ${showValue(same[0].value, !!s.secret)}): the ESP32 reader looks up a ${s.nvsType} entry, so the key reads as missing`));
      }
      return undefined;
    }
    if (typed.length > 1) {
      this.findings.push(finding("duplicate", key, "warning", `key "${key}" stored ${typed.length} times: the reader sees the first (oldest) copy`));
    }
    return this.decode(s, key, typed[0]);
  }

  private decode(s: FactoryKeySpec, key: string, e: NvsEntry): unknown {
    const v = e.value;
    const expected = { u32: "number", text: "string", "base64-text": "string", bytes: "bytes", u64: "" }[s.kind];
    const actual = v instanceof Uint8Array ? "bytes" : typeof v;
    if (expected !== "" && actual !== expected) {
      this.findings.push(finding("reader-type", key, "error", `key "${key}" value ${showValue(v, !!s.secret)}: the NVS reader returned ${actual}, expected ${expected}`));
      return undefined;
    }
    switch (s.kind) {
      case "u32":
      case "bytes":
        return v;
      case "text": {
        const text = v as string;
        const nul = text.indexOf("\u0000");
        if (nul < 0) return text;
        this.findings.push(finding("nul", key, "warning", `key "${key}" value ${showValue(text, !!s.secret)}: contains a NUL character; the reader's string ends there`));
        return text.slice(0, nul);
      }
      case "base64-text":
        try {
          return fromBase64(v as string);
        } catch (err) {
          this.findings.push(finding("base64", key, "error",
            `key "${key}" value ${showValue(v, !!s.secret)}: must be base64 text (${err instanceof Error ? err.message : String(err)})`));
          return undefined;
        }
      case "u64":
        if (typeof v === "bigint") return v;
        if (v instanceof Uint8Array && v.length === 8) return bytesToBigInt(v);
        this.findings.push(finding("device-id-length", key, "error", `key "${key}" value ${showValue(v)}: a blob device-id must be exactly 8 bytes (big-endian)`));
        return undefined;
    }
  }

  /** Distinct parameter lists of the entries matching `pattern`, in entry order. */
  instances(pattern: string): number[][] {
    const out: number[][] = [];
    const seen = new Set<string>();
    for (const e of this.entries) {
      const m = matchFactoryKey(e.key);
      if (!m || m.spec.key !== pattern || seen.has(e.key)) continue;
      seen.add(e.key);
      out.push(m.params);
    }
    return out;
  }
}

function spec(key: string): FactoryKeySpec {
  return factoryKeySpec(key) as FactoryKeySpec;
}

function readLocales(r: FactoryReader): string[] | undefined {
  const count = r.read(spec("locale-sz"), "locale-sz") as number | undefined;
  if (count === undefined) return undefined;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = formatFactoryKey("locale/<i>", [i]);
    const v = r.read(spec("locale/<i>"), key) as string | undefined;
    if (v === undefined) {
      r.findings.push(finding("list-gap", key, "warning", `key "${key}" missing although locale-sz is ${count}: the reader stops after ${i} locale(s)`));
      break;
    }
    out.push(v);
  }
  return out;
}

function readFixedLabels(r: FactoryReader): FixedLabel[] | undefined {
  const endpoints = r.instances("fl-sz/<ep>");
  if (endpoints.length === 0) return undefined;
  const out: FixedLabel[] = [];
  for (const [ep] of endpoints) {
    const szKey = formatFactoryKey("fl-sz/<ep>", [ep]);
    const count = r.read(spec("fl-sz/<ep>"), szKey) as number | undefined;
    if (count === undefined) continue;
    for (let i = 0; i < count; i++) {
      const kKey = formatFactoryKey("fl-k/<ep>/<i>", [ep, i]);
      const vKey = formatFactoryKey("fl-v/<ep>/<i>", [ep, i]);
      const label = r.read(spec("fl-k/<ep>/<i>"), kKey) as string | undefined;
      const value = r.read(spec("fl-v/<ep>/<i>"), vKey) as string | undefined;
      if (label === undefined || value === undefined) {
        const missing = label === undefined ? kKey : vKey;
        r.findings.push(finding("list-gap", missing, "warning", `key "${missing}" missing although ${szKey} is ${count}: the reader stops after ${i} label(s) on endpoint ${ep}`));
        break;
      }
      out.push({ endpoint: ep, label, value });
    }
  }
  return out;
}

function readSupportedModes(r: FactoryReader): SupportedMode[] | undefined {
  const endpoints = r.instances("sm-sz/<ep>");
  if (endpoints.length === 0) return undefined;
  const out: SupportedMode[] = [];
  for (const [ep] of endpoints) {
    const szKey = formatFactoryKey("sm-sz/<ep>", [ep]);
    const count = r.read(spec("sm-sz/<ep>"), szKey) as number | undefined;
    if (count === undefined) continue;
    const modes: SupportedMode[] = [];
    let missing: string | undefined;
    const get = (pattern: string, params: number[]) => {
      const key = formatFactoryKey(pattern, params);
      const v = r.read(spec(pattern), key);
      if (v === undefined && missing === undefined) missing = key;
      return v;
    };
    for (let i = 0; i < count && missing === undefined; i++) {
      const label = get("sm-label/<ep>/<i>", [ep, i]) as string;
      const mode = get("sm-mode/<ep>/<i>", [ep, i]) as number;
      const tagCount = get("sm-st-sz/<ep>/<i>", [ep, i]) as number;
      const tags: SemanticTag[] = [];
      for (let j = 0; missing === undefined && j < tagCount; j++) {
        const value = get("st-v/<ep>/<i>/<j>", [ep, i, j]) as number;
        const mfgCode = get("st-mfg/<ep>/<i>/<j>", [ep, i, j]) as number;
        tags.push({ value, mfgCode });
      }
      modes.push({ endpoint: ep, mode, label, semanticTags: tags });
    }
    if (missing !== undefined) {
      r.findings.push(finding("list-gap", missing, "warning", `key "${missing}" missing although ${szKey} is ${count}: the reader discards endpoint ${ep}'s modes`));
      continue;
    }
    out.push(...modes);
  }
  return out;
}

export interface FactoryReadResult {
  data: FactoryData;
  findings: FactoryFinding[];
}

/**
 * FactoryData from NVS entries (e.g. `readNvsImage(image).entries`). Keys of other namespaces go to
 * `extra`; chip-factory keys the providers never read go to `extra` too, with a warning.
 */
export function factoryDataFromEntries(entries: readonly NvsEntry[]): FactoryReadResult {
  const factory = entries.filter((e) => e.namespace === FACTORY_NAMESPACE);
  const r = new FactoryReader(factory);
  const data: FactoryData = {};
  const out = data as Record<string, unknown>;
  if (factory.length === 0) r.findings.push(finding("namespace-empty", FACTORY_NAMESPACE, "warning", `namespace "${FACTORY_NAMESPACE}": absent or empty`));

  for (const s of FACTORY_KEYS) {
    if (s.group) continue;
    const v = r.read(s, s.key);
    if (v !== undefined) out[s.field] = v;
  }
  const locales = readLocales(r);
  if (locales) data.locales = locales;
  const labels = readFixedLabels(r);
  if (labels) data.fixedLabels = labels;
  const modes = readSupportedModes(r);
  if (modes) data.supportedModes = modes;

  const extra: ExtraEntry[] = [];
  const keep = (e: NvsEntry, where: string) => {
    if (WRITABLE.includes(e.type)) extra.push({ namespace: e.namespace, key: e.key, type: e.type as NvsWritableType, value: e.value });
    else r.findings.push(finding("unwritable-type", where, "warning", `key "${where}" has type ${e.type}, which the NVS generators cannot write; not kept`));
  };
  for (const e of factory) {
    if (r.used.has(e)) continue;
    const m = matchFactoryKey(e.key);
    let why: string;
    const rule: FactoryRuleName = m ? "outside-count" : "unknown-key";
    if (m) why = "outside the counts given by locale-sz / fl-sz / sm-sz, so the reader never looks it up";
    else {
      keep(e, e.key);
      const slash = e.key.indexOf("/");
      const hint = slash > 0 && PATTERN_PREFIXES.includes(e.key.slice(0, slash + 1))
        ? " (per-index keys use lower-case hex without padding)"
        : "";
      why = `not a key connectedhomeip's ESP32 providers read${hint}`;
    }
    r.findings.push(finding(rule, e.key, "warning", `key "${e.key}" (${e.type}): ${why}`));
  }
  for (const e of entries) if (e.namespace !== FACTORY_NAMESPACE) keep(e, `${e.namespace}/${e.key}`);
  if (extra.length > 0) data.extra = extra;
  return { data, findings: r.findings };
}
