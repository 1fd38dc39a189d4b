// DeviceInfoProvider with the semantics of connectedhomeip's ESP32 provider (docs/factory-data.md §Key table):
// fixed labels per endpoint, supported locales and calendar types, plus the supported modes of the
// ESP32 mode-select example. Counts are u32 entries; per-index keys use lower-case hex without
// padding (`fl-k/1/a`); a list ends at the first missing or unusable element, as the SDK iterators do.
// Supported modes read the mode number from `sm-mode/<ep>/<i>` (the example code reads it from the
// label key, a bug that discards every stored mode, docs/factory-data.md §Supported modes; this firmware reads the intended key).

// Types and limits of every key come from the key table (readFactoryKey).

import { CALENDAR_TYPE_COUNT } from "../../modules/factory/matter-constants.js";
import type { FactoryStore } from "../platform.js";
import { readFactoryKey } from "./read-key.js";
import { ok, type ProviderResult } from "./result.js";

export interface FixedLabel {
  label: string;
  value: string;
}

export interface SemanticTag {
  mfgCode: number;
  value: number;
}

export interface SupportedMode {
  label: string;
  mode: number;
  semanticTags: SemanticTag[];
}

/** An incomplete mode: the endpoint's whole list is discarded. */
function discarded(endpoint: number, reason: string): ProviderResult<SupportedMode[]> {
  return { status: "ok", value: [], note: `endpoint ${endpoint}'s modes discarded: ${reason}` };
}

/** An element failed: the list ends before it (the message says why). */
function ended<T>(items: T[], count: number, reason: string): ProviderResult<T[]> {
  return { status: "ok", value: items, note: `${items.length} of ${count}: ${reason}` };
}

export class DeviceInfoProvider {
  constructor(private readonly store: FactoryStore) {}

  private u32(pattern: string, ...params: number[]): ProviderResult<number> {
    return readFactoryKey<number>(this.store, pattern, params);
  }
  private text(pattern: string, ...params: number[]): ProviderResult<string> {
    return readFactoryKey<string>(this.store, pattern, params);
  }

  /** `locale-sz` then `locale/<i>`; no locales when the count is absent. */
  supportedLocales(): ProviderResult<string[]> {
    const count = this.u32("locale-sz");
    if (count.status !== "ok") return ok([], count.message);
    const out: string[] = [];
    for (let i = 0; i < count.value; i++) {
      const r = this.text("locale/<i>", i);
      if (r.status !== "ok") return ended(out, count.value, r.message);
      out.push(r.value);
    }
    return ok(out);
  }

  /** `cal-types` bitmap → CalendarTypeEnum values, ascending; none when absent. */
  supportedCalendarTypes(): ProviderResult<number[]> {
    const bitmap = this.u32("cal-types");
    if (bitmap.status !== "ok") return ok([], bitmap.message);
    const out: number[] = [];
    for (let t = 0; t < CALENDAR_TYPE_COUNT; t++) if ((bitmap.value >>> t) & 1) out.push(t);
    return ok(out);
  }

  /** `fl-sz/<ep>`, `fl-k/<ep>/<i>`, `fl-v/<ep>/<i>`; no labels when the count is absent. */
  fixedLabels(endpoint: number): ProviderResult<FixedLabel[]> {
    const count = this.u32("fl-sz/<ep>", endpoint);
    if (count.status !== "ok") return ok([], count.message);
    const out: FixedLabel[] = [];
    for (let i = 0; i < count.value; i++) {
      const label = this.text("fl-k/<ep>/<i>", endpoint, i);
      if (label.status !== "ok") return ended(out, count.value, label.message);
      const value = this.text("fl-v/<ep>/<i>", endpoint, i);
      if (value.status !== "ok") return ended(out, count.value, value.message);
      out.push({ label: label.value, value: value.value });
    }
    return ok(out);
  }

  /** `sm-sz/<ep>` and the per-mode keys; an incomplete mode discards the endpoint's list (as the SDK does). */
  supportedModes(endpoint: number): ProviderResult<SupportedMode[]> {
    const count = this.u32("sm-sz/<ep>", endpoint);
    if (count.status !== "ok") return ok([], count.message);
    const out: SupportedMode[] = [];
    for (let i = 0; i < count.value; i++) {
      const label = this.text("sm-label/<ep>/<i>", endpoint, i);
      if (label.status !== "ok") return discarded(endpoint, label.message);
      const mode = this.u32("sm-mode/<ep>/<i>", endpoint, i);
      if (mode.status !== "ok") return discarded(endpoint, mode.message);
      const tagCount = this.u32("sm-st-sz/<ep>/<i>", endpoint, i);
      if (tagCount.status !== "ok") return discarded(endpoint, tagCount.message);
      const semanticTags: SemanticTag[] = [];
      for (let j = 0; j < tagCount.value; j++) {
        const value = this.u32("st-v/<ep>/<i>/<j>", endpoint, i, j);
        if (value.status !== "ok") return discarded(endpoint, value.message);
        const mfgCode = this.u32("st-mfg/<ep>/<i>/<j>", endpoint, i, j);
        if (mfgCode.status !== "ok") return discarded(endpoint, mfgCode.message);
        semanticTags.push({ mfgCode: mfgCode.value, value: value.value });
      }
      out.push({ label: label.value, mode: mode.value, semanticTags });
    }
    return ok(out);
  }
}
