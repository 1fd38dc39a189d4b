// `verify` accepts exactly what the firmware accepts (issue 10). Every row of the key table that the
// firmware's providers read is walked on edge values generated from the row itself — at, below and
// above each reader limit, each value check failed and passed, the key stored with another NVS type,
// and the key absent — one image per case. For each image:
//   verdict  = what `verify`'s "keys" check computes (NVS reader → factoryDataFromEntries →
//              validateFactoryData, profile "reader", missing required keys are errors): does it
//              report an error for this key?
//   firmware = the device's own provider code (device/providers over the "flash" store backend,
//              device/factory-store-flash.ts) running under XS (npm @agoric/xsnap, XS 13.3) with the
//              device prelude: does the provider deliver the stored value?
// They must agree. For an absent key the firmware must also give the row's missing-key outcome.
// Not walked: `dac-key` (read only by the native DAC signer, never by JS providers) and the checks that
// compare two keys (dac-pub-key against dac-key).

import { beforeAll, describe, expect, it } from "vitest";
import { toBase64 } from "../modules/bytes/base64.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataToRows, type FactoryData } from "../modules/factory/factory-data.js";
import { factoryDataFromEntries } from "../modules/factory/from-entries.js";
import { readerRules } from "../modules/factory/reader-checks.js";
import { FACTORY_KEYS, formatFactoryKey, type FactoryKeySpec } from "../modules/factory/schema.js";
import { validateFactoryData } from "../modules/factory/validate.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import type { NvsRow, NvsValue, NvsWritableType } from "../modules/nvs/types.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { ruleName } from "../modules/factory/validate.js";
import { SecureCertType, writeSecureCert } from "../modules/secure-cert/index.js";
import type { Finding } from "../modules/errors/finding.js";
import { inspectImage } from "../host-tools/inspect/inspect.js";
import { verifyFactoryImage } from "../host-tools/inspect/verify.js";
import { Rng } from "./support/seeded-rng.js";
import { bundleForXs, devicePrelude } from "./xs/bundle.js";
import { startXsnap, type XsWorker } from "./xs/xsnap.js";

const IMAGE_SIZE = 0x6000;
const FIRMWARE_PROVIDERS = ["CommissionableData", "DeviceAttestationCredentials", "DeviceInstanceInfo", "DeviceInfo", "SupportedModes", "LegacyTestMode"];
const NOT_WALKED = ["dac-key"]; // the native signer reads it; JS never sees its value

/** The base image: every key the providers read, all valid (lists: 2 locales, labels on 0 and 1, modes on 1). */
function baseData(): FactoryData {
  const d = exampleFactoryData();
  for (const k of ["extra", "deviceId", "deviceCert", "deviceCaCerts", "deviceKey", "locationCapability", "deviceType"] as const) delete d[k];
  d.supportedModes = [{ endpoint: 1, mode: 0, label: "Normal", semanticTags: [{ value: 1, mfgCode: 0xfff2 }] }];
  d.productRevision = 2;
  return d;
}

/** The concrete key a pattern row is walked at (first index of a list the base image fills). */
function concreteKey(spec: FactoryKeySpec): string {
  const params: Record<string, number[]> = {
    "fl-sz/<ep>": [0], "fl-k/<ep>/<i>": [0, 0], "fl-v/<ep>/<i>": [0, 0], "locale/<i>": [0],
    "sm-sz/<ep>": [1], "sm-label/<ep>/<i>": [1, 0], "sm-mode/<ep>/<i>": [1, 0], "sm-st-sz/<ep>/<i>": [1, 0],
    "st-v/<ep>/<i>/<j>": [1, 0, 0], "st-mfg/<ep>/<i>/<j>": [1, 0, 0],
  };
  return spec.key.includes("<") ? formatFactoryKey(spec.key, params[spec.key]) : spec.key;
}

interface Case {
  spec: FactoryKeySpec;
  key: string;
  what: string;
  /** undefined: the key is absent. */
  entry?: { type: NvsWritableType; value: NvsValue };
}

function sized(spec: FactoryKeySpec, n: number, base: NvsValue | undefined): NvsValue {
  if (spec.kind === "text") return "a".repeat(n);
  const b = new Uint8Array(n);
  if (base instanceof Uint8Array && base.length === n) b.set(base);
  else if (spec.rules.some((r) => r.kind === "check" && r.check === "der-sequence")) b[0] = 0x30;
  else if (spec.rules.some((r) => r.kind === "check" && r.check === "uncompressed-point")) b[0] = 0x04;
  else for (let i = 0; i < n; i++) b[i] = (i * 37 + 11) & 0xff;
  return spec.kind === "base64-text" ? toBase64(b) : b;
}

const CHECK_VALUES: Record<string, NvsValue[]> = {
  "mfg-date": ["2024-05-17", "20240517", "20240517ABCDEFGH", "20240517ABCDEFGHI", "2024-13-01", "2024-05-00", "0999-01-01", "2024051", "2024-05-1x"],
  passcode: [0, 1, 20202021, 99999998, 99999999, 11111111, 12345678, 100000000],
};

/** Edge cases of one row, from its reader rules. */
function casesOf(spec: FactoryKeySpec, baseRows: NvsRow[]): Case[] {
  const key = concreteKey(spec);
  const baseRow = baseRows.find((r) => r.kind === "data" && r.key === key) as Extract<NvsRow, { kind: "data" }> | undefined;
  const base = baseRow?.value;
  const out: Case[] = [{ spec, key, what: "absent" }];
  const put = (what: string, value: NvsValue, type: NvsWritableType = spec.nvsType) => out.push({ spec, key, what, entry: { type, value } });
  if (base !== undefined) put("base value", base);
  put("another NVS type", spec.nvsType === "u32" ? "1" : 1, spec.nvsType === "u32" ? "string" : "u32");
  for (const rule of readerRules(spec)) {
    if (rule.kind === "range" || rule.kind === "enum") {
      const values = rule.kind === "range" ? [rule.min, rule.max] : Object.values(rule.names);
      const min = Math.min(...values);
      const max = Math.max(...values);
      for (const v of [min - 1, min, max, max + 1]) if (v >= 0 && v <= 0xffffffff) put(`${rule.kind} edge ${v}`, v);
    } else if (rule.kind === "length") {
      for (const n of [rule.min - 1, rule.min, rule.max, rule.max + 1]) if (n >= 0 && n <= 1000) put(`${n} bytes`, sized(spec, n, base));
    } else if (rule.check === "der-sequence" || rule.check === "uncompressed-point") {
      const b = new Uint8Array(base as Uint8Array);
      b[0] ^= 0x01;
      put(`${rule.check} broken`, b);
    } else {
      for (const v of CHECK_VALUES[rule.check] ?? []) put(`${rule.check} ${JSON.stringify(v)}`, v);
    }
  }
  return out;
}

function imageOf(baseRows: NvsRow[], c: Case): Uint8Array {
  const rows: NvsRow[] = [];
  for (const r of baseRows) {
    if (r.kind === "data" && r.key === c.key) {
      if (c.entry) rows.push({ kind: "data", key: c.key, type: c.entry.type, value: c.entry.value });
    } else rows.push(r);
  }
  return writeNvsImage(rows, { size: IMAGE_SIZE });
}

/** Does `verify` report an error for the key? */
function verifyRejects(image: Uint8Array, key: string): { rejects: boolean; messages: string[] } {
  const { data, findings } = factoryDataFromEntries(readNvsImage(image).entries);
  const all = [...findings, ...validateFactoryData(data, { profile: "reader", missingRequired: "error" })];
  const errors = all.filter((f) => f.key === key && f.severity === "error").map((f) => f.message);
  return { rejects: errors.length > 0, messages: errors };
}

// ---- the firmware side, under XS -------------------------------------------------------------------

/** Runs in XS: the providers over the flash store, one outcome per key the base image holds. */
const PROBE = `
import { openFlashFactoryStore } from "./device/factory-store-flash.js";
import { createProviders } from "./device/providers/index.js";

const signer = { sign() { throw new Error("the agreement probe does not sign"); } };
function out(r, n) {
  if (r.status !== "ok") return { status: r.status, message: r.message };
  const o = { status: "ok", fallback: r.fallback !== undefined };
  if (n !== undefined) o.count = Array.isArray(r.value) ? r.value.length : 0;
  if (n === "tags") o.count = r.value.length ? r.value[0].semanticTags.length : -1;
  return o;
}
// The image arrives as binary (xsnap handleCommand): hex text would be slow, XS indexes strings from the start.
let bytes;
globalThis.handleCommand = (message) => { bytes = new Uint8Array(message); };
globalThis.probe = () => {
  const store = openFlashFactoryStore("fctry", { byteLength: bytes.length, read: (o, n) => bytes.slice(o, o + n).buffer });
  const p = createProviders(store, signer);
  const cd = p.commissionableData, a = p.attestation, i = p.instanceInfo, d = p.deviceInfo;
  return JSON.stringify({
    "discriminator": out(cd.setupDiscriminator()), "iteration-count": out(cd.spake2pIterationCount()),
    "salt": out(cd.spake2pSalt()), "verifier": out(cd.spake2pVerifier()), "pin-code": out(cd.setupPasscode()),
    "dac-cert": out(a.deviceAttestationCert()), "pai-cert": out(a.productAttestationIntermediateCert()),
    "cert-dclrn": out(a.certificationDeclaration()), "dac-pub-key": out(a.dacPublicKey()),
    "vendor-name": out(i.vendorName()), "vendor-id": out(i.vendorId()), "product-name": out(i.productName()),
    "product-id": out(i.productId()), "part-number": out(i.partNumber()), "product-url": out(i.productUrl()),
    "product-label": out(i.productLabel()), "serial-num": out(i.serialNumber()), "mfg-date": out(i.manufacturingDate()),
    "hardware-ver": out(i.hardwareVersion()), "hw-ver-str": out(i.hardwareVersionString()),
    "rd-id-uid": out(i.rotatingDeviceIdUniqueId()), "product-finish": out(i.productFinish()),
    "product-color": out(i.productPrimaryColor()), "product-rev": out(i.productRevision()), "cal-types": out(d.supportedCalendarTypes()),
    "locales": out(d.supportedLocales(), "list"), "labels/0": out(d.fixedLabels(0), "list"),
    "modes/1": out(d.supportedModes(1), "list"), "tags/1": out(d.supportedModes(1), "tags"),
  });
};
`;

interface Outcome {
  status: string;
  fallback?: boolean;
  count?: number;
  message?: string;
}
type Probe = Record<string, Outcome>;

/** Which probe entry shows the key, and for list keys how many elements the base image yields. */
function probeSlot(key: string): { slot: string; baseCount?: number } {
  if (key === "locale-sz" || key.startsWith("locale/")) return { slot: "locales", baseCount: 2 };
  if (key.startsWith("fl-")) return { slot: "labels/0", baseCount: 2 };
  if (key.startsWith("st-")) return { slot: "tags/1", baseCount: 1 };
  if (key.startsWith("sm-")) return { slot: "modes/1", baseCount: 1 };
  return { slot: key };
}

/** The firmware delivered the stored value (a list element: the whole list came through). */
function delivered(o: Outcome, baseCount: number | undefined): boolean {
  if (o.status !== "ok" || o.fallback) return false;
  return baseCount === undefined || o.count === baseCount;
}

/** The outcome the row promises when the key is absent. */
function missingAsPromised(spec: FactoryKeySpec, o: Outcome, baseCount: number | undefined): boolean {
  switch (spec.missing.outcome) {
    case "fallback":
      // pin-code: the fallback is the test-mode provider's; this firmware's factory provider has none.
      return spec.key === "pin-code" ? o.status === "not-implemented" : o.status === "ok" && o.fallback === true;
    case "not-implemented":
      return o.status === "not-implemented";
    case "empty":
      return o.status === "ok" && (o.count ?? 0) === 0;
    case "stop":
      return o.status === "ok" && (o.count ?? 0) < (baseCount ?? 1);
    default:
      return o.status === "not-found";
  }
}

const walked = FACTORY_KEYS.filter((s) => FIRMWARE_PROVIDERS.includes(s.provider) && !NOT_WALKED.includes(s.key));

describe("verify agrees with the firmware's providers on every row's edge values", () => {
  const baseRows = factoryDataToRows(baseData());
  const cases = walked.flatMap((s) => casesOf(s, baseRows));
  let worker: XsWorker;
  const results = new Map<Case, Probe>();

  beforeAll(async () => {
    const bundle = await bundleForXs({ source: PROBE, loader: "js", sourcefile: "schema-agreement-probe.js" });
    worker = startXsnap({ meteringLimit: 0 });
    try {
      for (const [what, src] of [["prelude", devicePrelude()], ["probe bundle", bundle]]) {
        const r = await worker.evaluate(src);
        if (!r.ok) throw new Error(`XS: loading the ${what} failed: ${r.error}`);
      }
      for (const c of cases) {
        const sent = await worker.sendCommand(imageOf(baseRows, c));
        if (!sent.ok) throw new Error(`XS: sending the image of ${c.key} (${c.what}) failed: ${sent.error}`);
        const r = await worker.evaluateJson<string>("probe()");
        if (!r.ok) throw new Error(`XS: probe of ${c.key} (${c.what}) failed: ${r.error}`);
        results.set(c, JSON.parse(r.value as string) as Probe);
      }
    } finally {
      worker.kill();
    }
  }, 300_000);

  it("walks every row the firmware reads, with at least absent, another type and each limit", () => {
    expect(walked.length).toBeGreaterThan(30);
    for (const s of walked) expect(cases.filter((c) => c.spec === s).length, s.key).toBeGreaterThanOrEqual(2 + readerRules(s).length);
    expect(cases.length).toBeGreaterThan(150);
  });

  it("the base image is accepted by both", () => {
    const image = writeNvsImage(baseRows, { size: IMAGE_SIZE });
    for (const s of walked) expect(verifyRejects(image, concreteKey(s)).messages, s.key).toEqual([]);
  });

  it("the 40-byte rd-id-uid of the issue is rejected by both", () => {
    const c = cases.find((x) => x.key === "rd-id-uid" && x.what === "33 bytes");
    expect(c).toBeDefined();
    expect(verifyRejects(imageOf(baseRows, c!), "rd-id-uid").rejects).toBe(true);
    const forty: Case = { ...c!, what: "40 bytes", entry: { type: "blob", value: new Uint8Array(40).fill(7) } };
    expect(verifyRejects(imageOf(baseRows, forty), "rd-id-uid").rejects).toBe(true);
  });

  it("every case: verify rejects ⇔ the firmware does not deliver the value; absent keys as the row says", () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const probe = results.get(c)!;
      const { slot, baseCount } = probeSlot(c.key);
      const o = probe[slot];
      if (!o) {
        disagreements.push(`${c.key}: no probe slot ${slot}`);
        continue;
      }
      const v = verifyRejects(imageOf(baseRows, c), c.key);
      if (c.entry === undefined) {
        if (v.rejects !== !!c.spec.required) disagreements.push(`${c.key} absent: verify ${v.rejects ? "rejects" : "accepts"}, row required=${!!c.spec.required}`);
        if (!missingAsPromised(c.spec, o, baseCount)) disagreements.push(`${c.key} absent: firmware ${JSON.stringify(o)}, row says ${c.spec.missing.outcome}`);
        continue;
      }
      const firmwareRejects = !delivered(o, baseCount);
      if (v.rejects !== firmwareRejects) {
        disagreements.push(`${c.key} ${c.what}: verify ${v.rejects ? `rejects (${v.messages[0]})` : "accepts"}, firmware ${firmwareRejects ? `rejects ${JSON.stringify(o)}` : "accepts"}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});

// Issue 10 item 4: every finding carries a stable id "<check>.<rule>"; code dedupes and matches on it.
describe("every finding of the validator, inspect and verify has a well-formed id", () => {
  const ID = /^[a-z0-9-]+\.[a-z0-9-]+$/;
  const baseRows = factoryDataToRows(baseData());
  const base = writeNvsImage(baseRows, { size: IMAGE_SIZE });
  const SEED = Number(process.env.MF_SEED ?? 0x5eed1d5);

  /** The edge images above, plus NVS damage: a broken page header, entry CRCs, cut and empty images, random bytes. */
  function images(): { what: string; image: Uint8Array }[] {
    const out = walked.flatMap((s) => casesOf(s, baseRows)).map((c) => ({ what: `${c.key} ${c.what}`, image: imageOf(baseRows, c) }));
    const flip = (what: string, at: number[]) => {
      const b = base.slice();
      for (const i of at) b[i] ^= 0x5a;
      out.push({ what, image: b });
    };
    flip("page 0 header", [8]);
    flip("entry 2 header", [32 + 32 * 2 + 1, 32 + 32 * 2 + 9]);
    flip("entry 5 data", [32 + 32 * 5 + 30]);
    flip("bitmap", [32]);
    out.push({ what: "cut", image: base.slice(0, 0x1800) }, { what: "empty", image: new Uint8Array(0) }, { what: "zeros", image: new Uint8Array(0x3000) });
    const rng = new Rng(SEED);
    for (let i = 0; i < 40; i++) flip(`random ${i}`, Array.from({ length: 1 + rng.below(8) }, () => rng.below(base.length)));
    return out;
  }

  /** A secure-cert image with a broken CRC, a duplicate and written bytes after the chain. */
  function damagedSecureCert(): Uint8Array {
    const img = new Uint8Array(0x2000).fill(0xff);
    const first = writeSecureCert([
      { type: SecureCertType.DEV_CERT, value: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]) },
      { type: SecureCertType.CA_CERT, value: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x02]) },
    ]);
    // The writer refuses a second CA_CERT/0; appended by hand, a reader never reaches it.
    const again = writeSecureCert([{ type: SecureCertType.CA_CERT, value: new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x03]) }]);
    const chain = new Uint8Array([...first, ...again]);
    img.set(chain);
    img[20] ^= 1; // DEV_CERT payload: CRC mismatch
    img[chain.length + 16] = 0; // after the chain: not erased
    return img;
  }

  const bad = (where: string, fs: readonly Finding[]) => fs.filter((f) => !ID.test(f.id) || f.id !== `${f.check}.${f.id.slice(f.check.length + 1)}`).map((f) => `${where}: ${JSON.stringify(f)}`);

  it("on every edge and corrupt image; one finding per rule and key, so deduping by id+key loses nothing", async () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    const secureCert = { value: damagedSecureCert(), source: "sc.bin" };
    for (const { what, image } of images()) {
      const { data, findings } = factoryDataFromEntries(readNvsImage(image).entries);
      const validated = validateFactoryData(data, { profile: "mfg-tool", missingRequired: "error" });
      const inspected = inspectImage(image).findings;
      const verified = await verifyFactoryImage({ image, now: new Date("2025-01-01T00:00:00Z"), passcodes: [{ value: 11111111, source: "--passcode" }], qrcodes: [{ value: "MT:bad", source: "--qrcode" }], manualcodes: [{ value: "123", source: "--manualcode" }], secureCert });
      const readerProblems = readNvsImage(image).problems;
      for (const [where, fs] of [["reader", findings], ["validator", validated], ["inspect", inspected], ["verify", verified], ["nvs", readerProblems]] as const) {
        problems.push(...bad(`${what} ${where}`, fs));
        for (const f of fs) ids.add(f.id);
      }
      // Two rules that gave one id would collide here: the same (id, key) twice with different messages.
      const byIdKey = new Map<string, string>();
      for (const f of [...findings, ...validated]) {
        const k = `${f.id} ${f.key}`;
        if (byIdKey.has(k) && byIdKey.get(k) !== f.message) problems.push(`${what}: ${k} for "${byIdKey.get(k)}" and "${f.message}"`);
        byIdKey.set(k, f.message);
      }
    }
    expect(problems, `MF_SEED=${SEED}`).toEqual([]);
    // The walk reaches many rules of every source, so the checks above are not vacuous.
    for (const id of ["keys.range", "keys.length", "keys.stored-type", "keys.missing", "keys.mfg-date", "nvs.entry-crc", "nvs.page-header-crc", "nvs.size",
      "secure-cert.crc", "secure-cert.duplicate", "secure-cert.not-erased", "passcode.invalid", "qrcode.unreadable", "dac.unreadable"]) {
      expect(ids, id).toContain(id);
    }
    expect(ids.size, [...ids].sort().join(" ")).toBeGreaterThan(40);
  }, 120_000);

  it("the rules of one key-table row have different names, so different ids", () => {
    for (const s of FACTORY_KEYS) {
      const names = s.rules.map(ruleName);
      expect(new Set(names).size, `${s.key}: ${names.join(", ")}`).toBe(names.length);
      for (const n of names) expect(`keys.${n}`).toMatch(ID);
    }
  });
});
