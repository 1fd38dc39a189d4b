// One device, start to finish (runs in a worker thread): SPAKE2+ verifier, DAC, the chip-factory
// rows in mfg_tool's order (modules/factory), the NVS image (optionally encrypted), onboarding codes,
// QR PNG, and the texts of every per-device file and CSV row, laid out as esp-matter-mfg-tool 1.0.29
// writes them (docs/factory-data.md §mfg_tool output layout; checked against the tool itself in test/mfg-differential.test.ts).

import { createHash } from "node:crypto";
import { toBase64 } from "../../modules/bytes/base64.js";
import { toHex } from "../../modules/bytes/hex.js";
import { type ExtraEntry, type FactoryData, factoryDataToRows } from "../../modules/factory/factory-data.js";
import { FACTORY_NAMESPACE, matchFactoryKey } from "../../modules/factory/schema.js";
import { encryptNvsImage, makeKeyPartition } from "../../modules/nvs/encryption.js";
import type { NvsKeys, NvsRow } from "../../modules/nvs/types.js";
import { writeNvsImage } from "../../modules/nvs/writer.js";
import { encodeManualCode, formatManualCode } from "../../modules/onboarding/manual.js";
import { encodeQrPayload } from "../../modules/onboarding/qr.js";
import { encodeQr } from "../../modules/qrcode/encoder.js";
import { qrSvgPathData } from "../../modules/qrcode/render-svg.js";
import { pemEncode } from "../certs/pem.js";
import { nodeComputeVerifier } from "../node-crypto.js";
import { csvRow } from "./csv-text.js";
import { issueDacFromTemplate, p256KeyFiles, p256PublicKey, type TbsSigner } from "./dac-fast.js";
import { extraEntries } from "./extras.js";
import { qrPng } from "./qr-png.js";
import type { BatchPlan } from "./plan.js";
import { deviceSecureCertImage, secureCertFileName, withoutSecureCertKeys } from "./secure-cert.js";

/** What the main thread draws for a device (all randomness; the worker only computes). */
export interface DeviceParams {
  index: number;
  uuid: string;
  passcode: number;
  discriminator: number;
  salt: Uint8Array;
  serialNumber: string;
  rdIdUid?: Uint8Array;
  dacScalar?: Uint8Array;
  certSerial?: Uint8Array;
  nvsKeys?: NvsKeys;
  /** --secure-cert-key hmac-derived: the eFuse key and salt the DAC key is derived from. */
  efuseHmacKey?: Uint8Array;
  hmacSalt?: Uint8Array;
  /** --commissionable-data-in-secure-cert: mfg_tool's two random 32-byte TLV 201 entries. */
  secureCertRandom?: Uint8Array;
}

/** One line of manifest-<time>.jsonl. */
export interface ManifestEntry {
  index: number;
  uuid: string;
  serial: string;
  discriminator: number;
  /** null with --enable-dynamic-passcode. */
  passcode: number | null;
  vendorId: number;
  productId: number;
  qr: string | null;
  /** Digits only (11 or 21); null with --enable-dynamic-passcode. */
  manualCode: string | null;
  rdIdUid: string | null;
  /** SHA-256 of the DAC DER (hex), null without attestation. */
  dacSha256: string | null;
  /** SHA-256 of <uuid>-partition.bin as written (encrypted with -e), null with --no-bin. */
  imageSha256: string | null;
  /** Where the device's DAC is: the NVS image, <uuid>_esp_secure_cert.bin, or the module's own partition. */
  dacLocation?: "factory-nvs" | "secure-cert" | "module";
  /** SHA-256 of <uuid>_esp_secure_cert.bin, when one is written. */
  secureCertSha256?: string | null;
  /** --modules: the module this image is for. */
  module?: { id: string; row: number; serial?: string };
  /** Every file of the device, relative to <outdir>/<vid>_<pid>/. */
  files: string[];
}

export interface DeviceFile {
  /** Relative to the device directory. */
  path: string;
  data: Uint8Array | string;
  secret: boolean;
  /** Hard-link this existing file instead of writing `data` (the per-device copy of staging/pai_cert.der). */
  linkTo?: string;
}

export interface BuiltDevice {
  entry: ManifestEntry;
  files: DeviceFile[];
  masterRow: string;
  pinDiscRow: string;
  summaryRow: string;
  cnDacRow?: string;
  /** QR symbol for the label sheet: path data in module units (quiet zone included) and side in modules. */
  qrPath?: string;
  qrSide?: number;
}

/** A column of mfg_tool's per-device CSVs: where the key lives and its value as text. */
export interface Column {
  namespace: string;
  key: string;
  type: string;
  encoding: string;
  text: string;
}

/** Per-device values on top of plan.staticData. */
export interface DeviceValues {
  discriminator: number;
  salt: Uint8Array;
  verifier?: Uint8Array;
  serialNumber: string;
  rdIdUid?: Uint8Array;
  dac?: { cert: Uint8Array; key: Uint8Array; pub: Uint8Array };
  paiCert?: Uint8Array;
  extra?: ExtraEntry[];
}

export function deviceFactoryData(plan: Pick<BatchPlan, "staticData">, v: DeviceValues): FactoryData {
  const d: FactoryData = { ...plan.staticData, discriminator: v.discriminator, salt: v.salt, serialNumber: v.serialNumber };
  if (v.verifier) d.verifier = v.verifier;
  if (v.rdIdUid) d.rotatingDeviceIdUniqueId = v.rdIdUid;
  if (v.dac) {
    d.dacCert = v.dac.cert;
    d.dacKey = v.dac.key;
    d.dacPublicKey = v.dac.pub;
  }
  if (v.paiCert) d.paiCert = v.paiCert;
  if (v.extra?.length) d.extra = v.extra;
  return d;
}

/** NVS rows in mfg_tool's order (modules/factory). */
export function deviceRows(d: FactoryData): NvsRow[] {
  return factoryDataToRows(d);
}

/** Paths mfg_tool writes for `file` columns (absolute, as in its master.csv and partition.csv). */
export function filePaths(plan: Pick<BatchPlan, "root" | "certDeclarationCsvPath">, uuid: string): Record<string, string> {
  const internal = `${plan.root}/${uuid}/internal`;
  const paths: Record<string, string> = {
    "dac-cert": `${internal}/DAC_cert.der`,
    "dac-key": `${internal}/DAC_private_key.bin`,
    "dac-pub-key": `${internal}/DAC_public_key.bin`,
    "pai-cert": `${plan.root}/staging/pai_cert.der`,
  };
  if (plan.certDeclarationCsvPath !== undefined) paths["cert-dclrn"] = plan.certDeclarationCsvPath;
  return paths;
}

/** The rows as mfg_tool's CSV columns: type/encoding of the key table (or of --csv) and value text. */
export function deviceColumns(plan: Pick<BatchPlan, "extras">, rows: readonly NvsRow[], extraTexts: readonly string[] | undefined, paths: Record<string, string>): Column[] {
  const extraAt = new Map<string, number>();
  plan.extras?.columns.forEach((c, i) => extraAt.set(`${c.namespace}/${c.key}`, i));
  const out: Column[] = [];
  let namespace = FACTORY_NAMESPACE;
  for (const r of rows) {
    if (r.kind === "namespace") {
      namespace = r.name;
      continue;
    }
    const i = extraAt.get(`${namespace}/${r.key}`);
    if (i !== undefined && plan.extras) {
      const c = plan.extras.columns[i];
      out.push({ namespace, key: r.key, type: c.type, encoding: c.encoding, text: extraTexts ? extraTexts[i] : "" });
      continue;
    }
    const m = namespace === FACTORY_NAMESPACE ? matchFactoryKey(r.key) : undefined;
    if (!m) throw new Error(`column ${namespace}/${r.key}: neither a chip-factory key nor declared by --csv`);
    const { type, encoding } = m.spec.csv;
    let text: string;
    if (type === "file") {
      text = paths[r.key];
      if (text === undefined) throw new Error(`column ${r.key}: no file path`);
    } else if (encoding === "hex2bin") text = toHex(r.value as Uint8Array);
    else text = String(r.value);
    out.push({ namespace, key: r.key, type, encoding, text });
  }
  return out;
}

/** staging/config.csv: `<ns>,namespace,` then `key,type,encoding` lines, "\n" ends (mfg_tool chip_nvs). */
export function configCsv(columns: readonly Column[]): string {
  let out = "";
  let ns = "";
  for (const c of columns) {
    if (c.namespace !== ns) {
      out += `${c.namespace},namespace,\n`;
      ns = c.namespace;
    }
    out += `${c.key},${c.type},${c.encoding}\n`;
  }
  return out;
}

/** <uuid>/internal/partition.csv: mfg_gen's per-device CSV (csv.writer, "\r\n"). */
function partitionCsv(columns: readonly Column[]): string {
  let out = csvRow(["key", "type", "encoding", "value"]);
  let ns = "";
  for (const c of columns) {
    if (c.namespace !== ns) {
      out += csvRow([c.namespace, "namespace", "", ""]);
      ns = c.namespace;
    }
    out += csvRow([c.key, c.type, c.encoding, c.text]);
  }
  return out;
}

/** A CSV row of the values, stripped and "\n"-ended as mfg_tool appends it to master.csv. */
function masterRow(columns: readonly Column[]): string {
  return csvRow(columns.map((c) => c.text), "\n").trim() + "\n";
}

export function masterHeader(columns: readonly Column[]): string {
  return csvRow(columns.map((c) => c.key), "\n").trim() + "\n";
}

export function summaryHeader(columns: readonly Column[], dynamicPasscode: boolean, plan?: Pick<BatchPlan, "secureCert">): string {
  const sc = plan?.secureCert;
  const secureCert = [...(sc?.commissionable ? ["discriminator", "iteration-count", "salt"] : []), ...(sc?.rdIdUid ? ["rd-id-uid"] : [])];
  return csvRow([...columns.map((c) => c.key), ...(dynamicPasscode ? [] : ["pincode", "qrcode", "manualcode"]), ...secureCert]);
}

export function pinDiscHeader(dynamicPasscode: boolean): string {
  return dynamicPasscode ? "Index,Iteration Count,Salt,Discriminator\n" : "Index,PIN Code,Iteration Count,Salt,Verifier,Discriminator\n";
}

const sha256Hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

/** The device's DAC, as stored and as files. */
interface DeviceDac {
  dac: DeviceValues["dac"];
  dacPem?: string;
  keyFiles?: { sec1Der: Uint8Array; pkcs8Der?: Uint8Array };
}

/** Onboarding codes and their files (none with a dynamic passcode). */
interface Onboarding {
  qr: string | null;
  manual: string | null;
  manualText: string;
  qrPath?: string;
  qrSide?: number;
}

/** Everything one device needs, built in memory. `signer` signs DAC TBS bytes with the PAI key. */
export function buildDevice(plan: BatchPlan, p: DeviceParams, signer: TbsSigner | undefined): BuiltDevice {
  const o = plan.options;
  const verifier = o.dynamicPasscode ? undefined : (plan.fixed.verifier ?? nodeComputeVerifier(p.passcode, p.salt, o.iterationCount).serialized);
  const dac = deviceDac(plan, p, signer);
  const { rows, columns } = deviceContent(plan, p, verifier, dac.dac);
  // The values the device really holds (--mcsv may replace serial-num / rd-id-uid).
  const stored = (key: string) => columns.find((c) => c.namespace === FACTORY_NAMESPACE && c.key === key)?.text;
  const files: DeviceFile[] = [];
  const imageSha256 = o.noBin ? null : imageFiles(plan, p, rows, files);
  const scRdIdUid = plan.secureCert?.rdIdUid ? (plan.fixed.rdIdUid ?? p.rdIdUid) : undefined;
  const secureCertSha256 = secureCertFiles(plan, p, dac, verifier, scRdIdUid, files);
  const codes = onboardingFiles(plan, p, files);
  files.push({ path: "internal/partition.csv", data: partitionCsv(columns), secret: true });
  internalDacFiles(plan, dac, files);
  const entry: ManifestEntry = {
    index: p.index,
    uuid: p.uuid,
    serial: stored("serial-num") ?? p.serialNumber,
    discriminator: p.discriminator,
    passcode: o.dynamicPasscode ? null : p.passcode,
    vendorId: o.vendorId,
    productId: o.productId,
    qr: codes.qr,
    manualCode: codes.manual,
    rdIdUid: stored("rd-id-uid") ?? null,
    dacSha256: dac.dac ? sha256Hex(dac.dac.cert) : null,
    imageSha256,
    dacLocation: plan.attestation.kind === "none" ? "module" : plan.secureCert ? "secure-cert" : "factory-nvs",
    secureCertSha256,
    files: files.map((f) => `${p.uuid}/${f.path}`),
  };
  const bound = plan.modules?.modules[p.index];
  if (bound) entry.module = bound.serial === undefined ? { id: bound.id, row: bound.row } : { id: bound.id, row: bound.row, serial: bound.serial };
  const summaryFields = columns.map((c) => c.text);
  if (!o.dynamicPasscode) summaryFields.push(String(p.passcode), codes.qr as string, codes.manualText);
  // mfg_tool generate_summary: the values that left NVS for the secure-cert image.
  if (plan.secureCert?.commissionable) summaryFields.push(String(p.discriminator), String(o.iterationCount), o.salt ?? toBase64(p.salt));
  if (scRdIdUid) summaryFields.push(toHex(scRdIdUid));
  return {
    entry,
    files,
    masterRow: masterRow(columns),
    pinDiscRow: pinDiscRow(plan, p, verifier),
    summaryRow: csvRow(summaryFields),
    cnDacRow: cnDacRow(plan, p, dac),
    qrPath: codes.qrPath,
    qrSide: codes.qrSide,
  };
}

/** The DAC: issued from the template for this device, the one supplied, or none. */
function deviceDac(plan: BatchPlan, p: DeviceParams, signer: TbsSigner | undefined): DeviceDac {
  const a = plan.attestation;
  if (a.kind === "issue") {
    if (!p.dacScalar || !p.certSerial || !signer) throw new Error(`device ${p.index}: DAC key, serial or signer missing`);
    const pub = p256PublicKey(p.dacScalar);
    const cert = issueDacFromTemplate(a.template, { serial: p.certSerial, commonName: p.uuid, publicKey: pub }, signer);
    return { dac: { cert, key: p.dacScalar, pub }, dacPem: pemEncode("CERTIFICATE", cert), keyFiles: p256KeyFiles(p.dacScalar, pub) };
  }
  if (a.kind === "supplied") return { dac: { cert: a.dacDer, key: a.dacScalar, pub: a.dacPublicKey }, dacPem: a.dacPem, keyFiles: { sec1Der: a.dacSec1Der } };
  return { dac: undefined };
}

/** The device's factory data as NVS rows and as mfg_tool's CSV columns. */
function deviceContent(plan: BatchPlan, p: DeviceParams, verifier: Uint8Array | undefined, dac: DeviceValues["dac"]): { rows: NvsRow[]; columns: Column[] } {
  const o = plan.options;
  const a = plan.attestation;
  const extraTexts = plan.extras?.rows[p.index];
  const extra = plan.extras ? extraEntries(plan.extras, p.index, plan.cwd) : undefined;
  const rdIdUid = o.rotatingId ? (plan.fixed.rdIdUid ?? p.rdIdUid) : undefined;
  const data = deviceFactoryData(plan, {
    discriminator: p.discriminator,
    salt: p.salt,
    verifier,
    serialNumber: p.serialNumber,
    rdIdUid,
    dac,
    paiCert: a.kind === "none" ? undefined : a.paiDer,
    extra,
  });
  const rows = withoutSecureCertKeys(deviceRows(data), plan.secureCert);
  return { rows, columns: deviceColumns(plan, rows, extraTexts, filePaths(plan, p.uuid)) };
}

/** The partition image (and its keys partition when encrypted); returns the image's SHA-256. */
function imageFiles(plan: BatchPlan, p: DeviceParams, rows: NvsRow[], files: DeviceFile[]): string {
  const o = plan.options;
  let image = writeNvsImage(rows, { size: o.size });
  if (o.encrypt) {
    if (!p.nvsKeys) throw new Error(`device ${p.index}: NVS keys missing`);
    image = encryptNvsImage(image, p.nvsKeys);
    files.push({ path: `${p.uuid}-keys-partition.bin`, data: makeKeyPartition(p.nvsKeys), secret: true });
  }
  files.push({ path: `${p.uuid}-partition.bin`, data: image, secret: true });
  return sha256Hex(image);
}

/** <uuid>_esp_secure_cert.bin (and the eFuse key file) when the batch writes one; returns its SHA-256. */
function secureCertFiles(plan: BatchPlan, p: DeviceParams, { dac, keyFiles }: DeviceDac, verifier: Uint8Array | undefined, rdIdUid: Uint8Array | undefined, files: DeviceFile[]): string | null {
  const sc = plan.secureCert;
  const a = plan.attestation;
  if (!sc || !dac || !keyFiles || a.kind === "none") return null;
  const o = plan.options;
  const image = deviceSecureCertImage(sc, {
    dac: dac.cert, pai: a.paiDer, privateKeyDer: keyFiles.sec1Der, hmacSalt: p.hmacSalt,
    commissionable: sc.commissionable && verifier ? { discriminator: p.discriminator, verifier, salt: p.salt, iterationCount: o.iterationCount } : undefined,
    rdIdUid, random: p.secureCertRandom,
  });
  files.push({ path: secureCertFileName(p.uuid), data: image, secret: sc.key !== "hmac-derived" });
  if (p.efuseHmacKey) files.push({ path: `${p.uuid}-efuse_hmac_key.bin`, data: p.efuseHmacKey, secret: true });
  return sha256Hex(image);
}

/** QR and manual codes, onb_codes.csv and the QR PNG (mfg_tool's layout). */
function onboardingFiles(plan: BatchPlan, p: DeviceParams, files: DeviceFile[]): Onboarding {
  const o = plan.options;
  if (o.dynamicPasscode) return { qr: null, manual: null, manualText: "" };
  const qr = encodeQrPayload({
    version: 0,
    vendorId: o.vendorId,
    productId: o.productId,
    flow: o.flow,
    discoveryCapabilities: o.discoveryMode,
    discriminator: p.discriminator,
    passcode: p.passcode,
  });
  const manual = encodeManualCode({ discriminator: p.discriminator, passcode: p.passcode, flow: o.flow, vendorId: o.vendorId, productId: o.productId });
  const manualText = formatManualCode(manual, "\n");
  // onb_codes.csv: mfg_tool writes the two-line long code inside literal quotes, without csv.writer.
  const onbManual = manual.length === 11 ? manualText : `"${manualText}"`;
  files.push({
    path: `${p.uuid}-onb_codes.csv`,
    data: `qrcode,manualcode,discriminator,passcode\n${qr},${onbManual},${p.discriminator},${p.passcode}\n`,
    secret: true,
  });
  // pyqrcode.create(payload, version=2, error='M').png(scale=6), as mfg_tool.
  const matrix = encodeQr(qr, { version: 2, ecc: "M", maskRule: "pyqrcode" });
  files.push({ path: `${p.uuid}-qrcode.png`, data: qrPng(matrix, 6), secret: true });
  return { qr, manual, manualText, qrPath: qrSvgPathData(matrix, 4), qrSide: matrix.size + 8 };
}

/** internal/DAC_* and PAI_cert.der, as mfg_tool leaves them. */
function internalDacFiles(plan: BatchPlan, { dac, dacPem, keyFiles }: DeviceDac, files: DeviceFile[]): void {
  const a = plan.attestation;
  if (!dac || !keyFiles) return;
  if (dacPem !== undefined && a.kind === "issue") files.push({ path: "internal/DAC_cert.pem", data: dacPem, secret: false });
  files.push({ path: "internal/DAC_cert.der", data: dac.cert, secret: false });
  // hmac-derived: the chip derives the key; the host keeps only the eFuse key file, no copy of d.
  if (plan.secureCert?.key !== "hmac-derived") {
    if (keyFiles.pkcs8Der) files.push({ path: "internal/DAC_key.pem", data: pemEncode("PRIVATE KEY", keyFiles.pkcs8Der), secret: true });
    files.push({ path: "internal/DAC_key.der", data: keyFiles.sec1Der, secret: true });
    files.push({ path: "internal/DAC_private_key.bin", data: dac.key, secret: true });
  }
  files.push({ path: "internal/DAC_public_key.bin", data: dac.pub, secret: false });
  files.push({ path: "internal/PAI_cert.der", data: a.kind === "none" ? new Uint8Array(0) : a.paiDer, secret: false, linkTo: `${plan.root}/staging/pai_cert.der` });
}

/** staging/pin_disc.csv's row for the device. */
function pinDiscRow(plan: BatchPlan, p: DeviceParams, verifier: Uint8Array | undefined): string {
  const o = plan.options;
  const saltText = o.salt ?? toBase64(p.salt);
  const verifierText = verifier ? (o.verifier ?? toBase64(verifier)) : "";
  return o.dynamicPasscode
    ? `${p.index},${o.iterationCount},${saltText},${p.discriminator}\n`
    : `${p.index},${p.passcode},${o.iterationCount},${saltText},${verifierText},${p.discriminator}\n`;
}

/** cn_dacs-*.csv's row: the DAC's common name and PEM (none without a DAC PEM or a name). */
function cnDacRow(plan: BatchPlan, p: DeviceParams, { dacPem }: DeviceDac): string | undefined {
  if (dacPem === undefined) return undefined;
  const a = plan.attestation;
  const cn = a.kind === "supplied" ? a.commonName : p.uuid;
  return cn ? csvRow([cn, dacPem]) : undefined;
}

/** The CSV columns of the batch (keys, types, encodings), from a stand-in device. */
export function batchColumns(plan: BatchPlan): Column[] {
  const a = plan.attestation;
  const dummy = new Uint8Array(1);
  const data = deviceFactoryData(plan, {
    discriminator: 0,
    salt: dummy,
    verifier: plan.options.dynamicPasscode ? undefined : dummy,
    serialNumber: "",
    rdIdUid: plan.options.rotatingId ? dummy : undefined,
    dac: a.kind === "none" ? undefined : { cert: dummy, key: dummy, pub: dummy },
    paiCert: a.kind === "none" ? undefined : dummy,
    extra: plan.extras ? extraEntries(plan.extras, 0, plan.cwd) : undefined,
  });
  return deviceColumns(plan, withoutSecureCertKeys(deviceRows(data), plan.secureCert), plan.extras?.rows[0], filePaths(plan, "x"));
}
