// `verify` beyond one image: what a production line gets wrong when it copies, renames or interrupts.
//   qrcode      the device's <name>-qrcode.png is decoded (host-tools/png.ts + jsQR) and checked against
//               the image like the other onboarding codes (verify.ts checkCodes), so another device's
//               PNG shows up as a discriminator / passcode mismatch
//   identity    a DAC whose CN is a UUID names its device directory (mfg_tool and `generate` name the
//               directory after it), so a directory holding another device's set is caught
//   manifest    `generate`'s manifest-*.jsonl (one line per device) agrees with the directory: the entry
//               exists, the image and DAC SHA-256, serial, discriminator and QR payload are the same
//   duplicate   no two directories hold the same image, DAC, serial number, rd-id-uid or QR payload
//   batch       manifest entries without a directory, directories outside the manifest (an orphan, e.g.
//               a device directory copied in) and unfinished .tmp-<uuid>/ left by an interrupted run

import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import jsQR from "jsqr";
import { toHex } from "../../modules/bytes/hex.js";
import { makeFinding } from "../../modules/errors/finding.js";
import { factoryDataFromEntries } from "../../modules/factory/index.js";
import { readNvsImage } from "../../modules/nvs/reader.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import { commonNameOf } from "../certs/matter-dn.js";
import { loadCertificate } from "../certs/index.js";
import { decodeGrayPng, grayToRgba } from "../png.js";
import type { DeviceFiles } from "./device.js";
import type { VerifyFinding } from "./verify.js";

/** `generate`'s unfinished-device prefix (host-tools/mfg/files.ts TMP_PREFIX). */
export const UNFINISHED_PREFIX = ".tmp-";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fields of a manifest line that verify compares (host-tools/mfg/device.ts ManifestEntry). */
export interface ManifestRecord {
  uuid: string;
  serial?: string;
  discriminator?: number;
  qr?: string | null;
  rdIdUid?: string | null;
  dacSha256?: string | null;
  imageSha256?: string | null;
  /** "manifest-<stamp>.jsonl line N". */
  where: string;
}

export interface BatchManifest {
  /** uuid → its record (the first when listed twice; the repeat is a problem). */
  entries: Map<string, ManifestRecord>;
  problems: VerifyFinding[];
}

/** What verify learned about one device, for the checks across the batch. */
export interface DeviceFacts {
  name: string;
  imageSha256: string;
  dacSha256?: string;
  serial?: string;
  rdIdUid?: string;
  qr?: string;
}

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const err = (check: string, rule: string, message: string): VerifyFinding => makeFinding(check, rule, "error", message);
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();

/** Every manifest-*.jsonl of a batch root, or undefined when it has none (an esp-matter-mfg-tool batch). */
export function readBatchManifest(root: string): BatchManifest | undefined {
  if (!isDir(root)) return undefined;
  const files = readdirSync(root).filter((n) => /^manifest-.*\.jsonl$/.test(n)).sort();
  if (files.length === 0) return undefined;
  const out: BatchManifest = { entries: new Map(), problems: [] };
  for (const file of files) {
    readFileSync(join(root, file), "utf8").split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      const where = `${file} line ${i + 1}`;
      let e: ManifestRecord;
      try {
        e = { ...(JSON.parse(line) as ManifestRecord), where };
      } catch {
        out.problems.push(err("manifest", "not-json", `${where}: not JSON (a damaged manifest)`));
        return;
      }
      if (typeof e.uuid !== "string") return void out.problems.push(err("manifest", "no-uuid", `${where}: no uuid`));
      const first = out.entries.get(e.uuid);
      if (first) out.problems.push(err("duplicate", "manifest-entry", `${where} lists device ${e.uuid} again (first at ${first.where})`));
      else out.entries.set(e.uuid, e);
    });
  }
  return out;
}

/** The batch root of a device directory (its parent) when that parent holds a manifest. */
export function manifestOfDevice(device: DeviceFiles): BatchManifest | undefined {
  return device.dir ? readBatchManifest(dirname(device.dir)) : undefined;
}

/** The QR payload in a PNG, or a one-line reason it cannot be read. */
export function decodeQrPng(bytes: Uint8Array): { payload?: string; problem?: string } {
  try {
    const image = decodeGrayPng(bytes);
    const found = jsQR(grayToRgba(image), image.width, image.height);
    return found ? { payload: found.data } : { problem: "no QR code found in the image" };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}

/** The PNG's payload as one more onboarding code to compare with the image, or a finding. */
export function qrPngPayload(device: DeviceFiles): { payload?: string; finding?: VerifyFinding } {
  const png = device.dir ? join(device.dir, `${device.name}-qrcode.png`) : undefined;
  if (!png || !existsSync(png)) return {};
  const { payload, problem } = decodeQrPng(new Uint8Array(readFileSync(png)));
  if (problem) return { finding: err("qrcode", "png-unreadable", `${basename(png)}: ${problem}`) };
  return { payload };
}

/** Image, DAC and identity facts of one device (and its DAC, for identityFindings). */
export function deviceFacts(device: DeviceFiles, keys: NvsKeys | undefined, qr: string | undefined): { facts: DeviceFacts; dac?: Uint8Array } {
  const image = new Uint8Array(readFileSync(device.image));
  const facts: DeviceFacts = { name: device.name, imageSha256: sha256(image) };
  const { data } = factoryDataFromEntries(readNvsImage(image, keys ? { keys } : {}).entries);
  if (data.serialNumber !== undefined) facts.serial = data.serialNumber;
  if (data.rotatingDeviceIdUniqueId) facts.rdIdUid = toHex(data.rotatingDeviceIdUniqueId);
  const dac = data.dacCert ?? (device.dacCert ? new Uint8Array(readFileSync(device.dacCert)) : undefined);
  if (dac) facts.dacSha256 = sha256(dac);
  if (qr !== undefined) facts.qr = qr;
  return { facts, dac };
}

/** The DAC's CN against the directory name (mfg_tool names the directory after a UUID CN). */
export function identityFindings(device: DeviceFiles, dac: Uint8Array | undefined): VerifyFinding[] {
  if (!device.dir || !dac) return [];
  let cn: string | undefined;
  try {
    cn = commonNameOf(loadCertificate(dac, "DAC").subjectName);
  } catch {
    return []; // the dac check reports an unreadable DAC
  }
  if (!cn || !UUID.test(cn)) return [];
  if (cn.toLowerCase() !== device.name.toLowerCase()) {
    return [err("identity", "other-device", `the DAC's CN ${cn} names another device than this directory ${device.name}: the directory holds another device's files`)];
  }
  return [makeFinding("identity", "ok", "ok", `the DAC's CN names this directory (${device.name})`)];
}

/** The device against its manifest line. */
export function manifestFindings(facts: DeviceFacts, manifest: BatchManifest | undefined): VerifyFinding[] {
  if (!manifest) return [];
  const e = manifest.entries.get(facts.name);
  if (!e) return [err("manifest", "not-listed", `directory ${facts.name} is not in the batch's manifest: not a device this batch made (or its run was cut off before the commit)`)];
  const out: VerifyFinding[] = [];
  const differ = (rule: string, what: string, mine: unknown, theirs: unknown) => {
    if (theirs !== undefined && theirs !== null && mine !== undefined && mine !== theirs) out.push(err("manifest", rule, `${what} differs from ${e.where}`));
  };
  differ("image-differs", "the image's SHA-256", facts.imageSha256, e.imageSha256);
  differ("dac-differs", "the DAC's SHA-256", facts.dacSha256, e.dacSha256);
  differ("serial-differs", "the image's serial-num", facts.serial, e.serial);
  differ("rd-id-uid-differs", "the image's rd-id-uid", facts.rdIdUid, e.rdIdUid);
  differ("qr-differs", "the QR code (PNG or onb_codes.csv)", facts.qr, e.qr);
  if (out.length === 0) out.push(makeFinding("manifest", "ok", "ok", `image, DAC, serial and QR code are the ones ${e.where} records`));
  return out;
}

/** Devices that hold the same image, DAC, serial, rd-id-uid or QR payload: a finding on each of them. */
export function duplicateFindings(all: readonly DeviceFacts[]): Map<string, VerifyFinding[]> {
  const out = new Map<string, VerifyFinding[]>();
  const fields: [keyof DeviceFacts, string, string][] = [
    ["imageSha256", "factory image", "image"], ["dacSha256", "DAC", "dac"], ["serial", "serial-num", "serial"], ["rdIdUid", "rd-id-uid", "rd-id-uid"], ["qr", "QR code", "qr"],
  ];
  for (const [field, what, rule] of fields) {
    const by = new Map<string, string[]>();
    for (const f of all) {
      const v = f[field];
      if (v !== undefined) by.set(v, [...(by.get(v) ?? []), f.name]);
    }
    for (const names of by.values()) {
      if (names.length < 2) continue;
      for (const name of names) {
        const others = names.filter((n) => n !== name);
        out.set(name, [...(out.get(name) ?? []), err("duplicate", rule, `the same ${what} as ${others.join(", ")}: one device's data on ${names.length} boards`)]);
      }
    }
  }
  return out;
}

/** Manifest entries without a directory, directories outside the manifest, unfinished devices. */
export function batchFindings(root: string, devices: readonly DeviceFiles[], manifest: BatchManifest | undefined): VerifyFinding[] {
  const out: VerifyFinding[] = [...(manifest?.problems ?? [])];
  const names = new Set(devices.map((d) => d.name));
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith(UNFINISHED_PREFIX) && isDir(join(root, name))) {
      out.push(makeFinding("batch", "unfinished", "warning", `${name}/: an unfinished device left by an interrupted run (generate --resume removes it; it holds a DAC key)`));
    }
  }
  if (!manifest) return out;
  // A directory outside the manifest fails as that device ("manifest" check); here the other way round.
  for (const [uuid, e] of manifest.entries) {
    if (!names.has(uuid)) out.push(err("batch", "no-directory", `device ${uuid} (${e.where}) has no directory: missing from the batch`));
  }
  return out;
}

/** The devices verify checks and the batch they belong to. */
export interface BatchContext {
  devices: DeviceFiles[];
  /** The batch root when the target is a batch directory. */
  root?: string;
  manifest?: BatchManifest;
  facts: DeviceFacts[];
}

/** Unfinished .tmp-<uuid>/ directories are not devices of the batch (batchFindings reports them). */
export function batchContext(target: string, found: DeviceFiles[]): BatchContext {
  const isBatch = isDir(target) && !(found.length === 1 && found[0].dir === target);
  const devices = isBatch ? found.filter((d) => !d.name.startsWith(UNFINISHED_PREFIX)) : found;
  if (isBatch) return { devices, root: target, manifest: readBatchManifest(target), facts: [] };
  return { devices, manifest: found[0] ? manifestOfDevice(found[0]) : undefined, facts: [] };
}

/**
 * One device's checks beyond its image: its QR PNG joins `qrcodes` (checked against the image by
 * verifyFactoryImage), and the identity and manifest findings are returned.
 */
export function deviceChecks(
  ctx: BatchContext, device: DeviceFiles, keys: NvsKeys | undefined, qrcodes: { value: string; source: string }[],
): VerifyFinding[] {
  const out: VerifyFinding[] = [];
  const png = qrPngPayload(device);
  if (png.finding) out.push(png.finding);
  if (png.payload !== undefined) qrcodes.push({ value: png.payload, source: "qrcode.png" });
  const qr = png.payload ?? qrcodes.find((q) => q.source !== "--qrcode")?.value;
  let facts: { facts: DeviceFacts; dac?: Uint8Array };
  try {
    facts = deviceFacts(device, keys, qr);
  } catch {
    return out; // an unreadable image: the nvs check says so
  }
  ctx.facts.push(facts.facts);
  out.push(...identityFindings(device, facts.dac), ...manifestFindings(facts.facts, ctx.manifest));
  return out;
}

/** After every device: duplicates go to the devices involved; the batch's own findings are returned. */
export function finishBatch(ctx: BatchContext, results: { name: string; findings: VerifyFinding[] }[]): VerifyFinding[] {
  const dups = duplicateFindings(ctx.facts);
  for (const r of results) r.findings.push(...(dups.get(r.name) ?? []));
  return ctx.root ? batchFindings(ctx.root, ctx.devices, ctx.manifest) : [];
}
