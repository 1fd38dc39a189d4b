// FactoryData (what a device's chip-factory namespace says, as typed values) and its expansion into
// NVS rows in esp-matter-mfg-tool's order. The key table is schema.ts; this file only walks it.

import { toBase64 } from "../bytes/base64.js";
import { InputError } from "../errors/input-error.js";
import type { NvsRow, NvsValue, NvsWritableType } from "../nvs/types.js";
import { FACTORY_KEYS, FACTORY_NAMESPACE, type FactoryKeySpec, factoryKeySpec, formatFactoryKey } from "./schema.js";

export interface FixedLabel {
  endpoint: number;
  label: string;
  value: string;
}

export interface SemanticTag {
  value: number;
  mfgCode: number;
}

export interface SupportedMode {
  endpoint: number;
  mode: number;
  label: string;
  semanticTags: SemanticTag[];
}

/** An entry outside the schema: user keys (mfg_tool `--csv`/`--mcsv`) or other namespaces. */
export interface ExtraEntry {
  namespace: string;
  key: string;
  type: NvsWritableType;
  value: NvsValue;
}

/** The chip-factory content as typed values. Absent property = key not written. Keys: schema.ts. */
export interface FactoryData {
  // CommissionableDataProvider
  discriminator?: number; //            discriminator
  iterationCount?: number; //           iteration-count
  salt?: Uint8Array; //                 salt (stored as base64 text)
  verifier?: Uint8Array; //             verifier (stored as base64 text)
  // DeviceInstanceInfoProvider
  vendorId?: number; //                 vendor-id
  vendorName?: string; //               vendor-name
  productId?: number; //                product-id
  productName?: string; //              product-name
  hardwareVersion?: number; //          hardware-ver
  hardwareVersionString?: string; //    hw-ver-str
  manufacturingDate?: string; //        mfg-date
  rotatingDeviceIdUniqueId?: Uint8Array; // rd-id-uid
  productFinish?: number; //            product-finish (PRODUCT_FINISH)
  productColor?: number; //             product-color (PRODUCT_COLOR)
  partNumber?: string; //               part-number
  serialNumber?: string; //             serial-num
  productLabel?: string; //             product-label
  productUrl?: string; //               product-url
  // DeviceAttestationCredentialsProvider
  dacCert?: Uint8Array; //              dac-cert (DER)
  dacKey?: Uint8Array; //               dac-key (raw 32 bytes)
  dacPublicKey?: Uint8Array; //         dac-pub-key (raw 65 bytes)
  paiCert?: Uint8Array; //              pai-cert (DER)
  certDeclaration?: Uint8Array; //      cert-dclrn
  // DeviceInfoProvider
  calendarTypes?: number; //            cal-types (bitmap, CALENDAR_TYPES)
  locales?: string[]; //                locale-sz, locale/<i>
  /** fl-sz/<ep>, fl-k/<ep>/<i>, fl-v/<ep>/<i>; written grouped by endpoint in first-seen order. */
  fixedLabels?: FixedLabel[];
  /** sm-… and st-… keys; written grouped by endpoint in first-seen order. */
  supportedModes?: SupportedMode[];
  // Keys neither current generator writes
  passcode?: number; //                 pin-code (test-mode provider only: dev images)
  locationCapability?: number; //       loc-capability
  deviceType?: number; //               device-type
  productRevision?: number; //          product-rev (older firmware)
  deviceId?: bigint; //                 device-id (legacy)
  deviceCert?: Uint8Array; //           device-cert (legacy)
  deviceCaCerts?: Uint8Array; //        device-ca-certs (legacy)
  deviceKey?: Uint8Array; //            device-key (legacy)
  /**
   * Entries outside the schema, in order. chip-factory ones go where mfg_tool puts its `--csv` keys
   * (after cert-dclrn); one whose key is a schema key replaces that row in place, as `--csv` does.
   * Other namespaces follow chip-factory, one namespace after another in first-seen order.
   */
  extra?: ExtraEntry[];
}

/** Ids of FactoryDataError (modules/errors/input-error.ts). */
export type FactoryDataErrorId =
  | "factory.value-type" // a FactoryData value of the wrong JS type or outside its stored type's range
  | "factory.index"; // an endpoint or list index that is not a non-negative integer

/** A FactoryData value of the wrong JS type; the message is one line naming key, value and rule. */
export class FactoryDataError extends InputError {
  override name = "FactoryDataError";
  declare readonly id: FactoryDataErrorId;
  constructor(id: FactoryDataErrorId, readonly key: string, message: string) {
    super(id, message);
  }
}

/** One concrete key of the table with its typed (`field`) and stored (`stored`) value. */
export interface FactoryItem {
  spec: FactoryKeySpec;
  key: string;
  params: number[];
  /** The FactoryData value (number, string, bytes, bigint); for count keys the count. */
  field: unknown;
  /** Where it lives in FactoryData, e.g. `fixedLabels[2].value`. */
  path: string;
}

function spec(key: string): FactoryKeySpec {
  const s = factoryKeySpec(key);
  if (!s) throw new Error(`schema has no key "${key}"`);
  return s;
}

/** Endpoints in first-seen order, each with its elements. */
function byEndpoint<T extends { endpoint: number }>(list: readonly T[]): { endpoint: number; items: { item: T; index: number }[] }[] {
  const groups: { endpoint: number; items: { item: T; index: number }[] }[] = [];
  list.forEach((item, index) => {
    let g = groups.find((x) => x.endpoint === item.endpoint);
    if (!g) groups.push((g = { endpoint: item.endpoint, items: [] }));
    g.items.push({ item, index });
  });
  return groups;
}

function groupItems(group: string, d: FactoryData): FactoryItem[] {
  const out: FactoryItem[] = [];
  const push = (key: string, params: number[], field: unknown, path: string) => {
    for (const p of params) {
      if (typeof p !== "number" || !Number.isInteger(p) || p < 0) {
        throw new FactoryDataError("factory.index", key, `key "${key}" at ${path}: endpoint/index ${show(p)} must be a non-negative integer`);
      }
    }
    out.push({ spec: spec(key), key: formatFactoryKey(key, params), params, field, path });
  };
  if (group === "locales" && d.locales) {
    push("locale-sz", [], d.locales.length, "locales.length");
    d.locales.forEach((l, i) => push("locale/<i>", [i], l, `locales[${i}]`));
  } else if (group === "fixedLabels" && d.fixedLabels) {
    for (const { endpoint: ep, items } of byEndpoint(d.fixedLabels)) {
      push("fl-sz/<ep>", [ep], items.length, `fixedLabels (endpoint ${ep})`);
      items.forEach(({ item, index }, i) => {
        push("fl-k/<ep>/<i>", [ep, i], item.label, `fixedLabels[${index}].label`);
        push("fl-v/<ep>/<i>", [ep, i], item.value, `fixedLabels[${index}].value`);
      });
    }
  } else if (group === "supportedModes" && d.supportedModes) {
    for (const { endpoint: ep, items } of byEndpoint(d.supportedModes)) {
      push("sm-sz/<ep>", [ep], items.length, `supportedModes (endpoint ${ep})`);
      items.forEach(({ item, index }, i) => {
        const at = `supportedModes[${index}]`;
        push("sm-label/<ep>/<i>", [ep, i], item.label, `${at}.label`);
        push("sm-mode/<ep>/<i>", [ep, i], item.mode, `${at}.mode`);
        const tags = item.semanticTags ?? [];
        push("sm-st-sz/<ep>/<i>", [ep, i], tags.length, `${at}.semanticTags.length`);
        tags.forEach((t, j) => {
          push("st-v/<ep>/<i>/<j>", [ep, i, j], t.value, `${at}.semanticTags[${j}].value`);
          push("st-mfg/<ep>/<i>/<j>", [ep, i, j], t.mfgCode, `${at}.semanticTags[${j}].mfgCode`);
        });
      });
    }
  }
  return out;
}

/**
 * Every schema key `d` sets, in mfg_tool order (see schema.ts), with its field value. `extra` is not
 * included (see factoryDataToRows).
 */
export function factoryItems(d: FactoryData): FactoryItem[] {
  const out: FactoryItem[] = [];
  const doneGroups = new Set<string>();
  for (const s of FACTORY_KEYS) {
    if (s.group) {
      if (!doneGroups.has(s.group)) out.push(...groupItems(s.group, d));
      doneGroups.add(s.group);
      continue;
    }
    const v = (d as Record<string, unknown>)[s.field];
    if (v !== undefined) out.push({ spec: s, key: s.key, params: [], field: v, path: s.field });
  }
  return out;
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Uint8Array) return `<${v.length} bytes>`;
  return String(v);
}

/** The stored NVS value of a field value; throws a one-line FactoryDataError when the JS type is wrong. */
export function encodeFactoryValue(s: FactoryKeySpec, key: string, v: unknown): NvsValue {
  const bad = (rule: string) => new FactoryDataError("factory.value-type", key, `key "${key}" value ${show(v)}: ${rule}`);
  switch (s.kind) {
    case "u32":
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) throw bad("must be an integer 0…0xFFFFFFFF (stored as u32)");
      return v;
    case "text":
      if (typeof v !== "string") throw bad("must be a string");
      return v;
    case "base64-text":
      if (!(v instanceof Uint8Array)) throw bad("must be bytes (stored as base64 text)");
      return toBase64(v);
    case "bytes":
      if (!(v instanceof Uint8Array)) throw bad("must be bytes");
      return v;
    case "u64":
      if (typeof v !== "bigint" || v < 0n || v > 0xffffffffffffffffn) throw bad("must be a bigint 0…2^64-1 (stored as u64)");
      return v;
  }
}

export interface FactoryRowsOptions {
  /** Key order; only esp-matter-mfg-tool's order exists so far. */
  order?: "mfg-tool";
}

/**
 * The NVS generator rows for `d`: the `chip-factory` namespace row, its keys in mfg_tool order, then
 * extra namespaces. Throws a one-line Error only when a value has the wrong JS type; call
 * validateFactoryData for the content rules.
 */
export function factoryDataToRows(d: FactoryData, _opts: FactoryRowsOptions = {}): NvsRow[] {
  const extra = d.extra ?? [];
  const extraFactory = extra.filter((e) => e.namespace === FACTORY_NAMESPACE);
  const items = factoryItems(d);
  const itemKeys = new Set(items.map((it) => it.key));
  // An extra chip-factory key that the data also sets replaces that row in place (mfg_tool --csv).
  const replacing = new Map<string, ExtraEntry>();
  for (const e of extraFactory) if (itemKeys.has(e.key)) replacing.set(e.key, e);

  const rows: NvsRow[] = [{ kind: "namespace", name: FACTORY_NAMESPACE }];
  const dataRow = (key: string, type: NvsWritableType, value: NvsValue): NvsRow => ({ kind: "data", key, type, value });
  let extrasPlaced = false;
  const placeExtras = () => {
    extrasPlaced = true;
    for (const e of extraFactory) if (!replacing.has(e.key)) rows.push(dataRow(e.key, e.type, e.value));
  };
  const csvPosition = FACTORY_KEYS.indexOf(spec("cert-dclrn"));
  for (const item of items) {
    // mfg_tool appends its --csv chip-factory keys right after cert-dclrn (docs/factory-data.md §mfg_tool output layout).
    if (!extrasPlaced && FACTORY_KEYS.indexOf(item.spec) > csvPosition) placeExtras();
    const r = replacing.get(item.key);
    if (r) rows.push(dataRow(r.key, r.type, r.value));
    else rows.push(dataRow(item.key, item.spec.nvsType, encodeFactoryValue(item.spec, item.key, item.field)));
  }
  if (!extrasPlaced) placeExtras();

  const namespaces: string[] = [];
  for (const e of extra) if (e.namespace !== FACTORY_NAMESPACE && !namespaces.includes(e.namespace)) namespaces.push(e.namespace);
  for (const ns of namespaces) {
    rows.push({ kind: "namespace", name: ns });
    for (const e of extra) if (e.namespace === ns) rows.push(dataRow(e.key, e.type, e.value));
  }
  return rows;
}
