// From checked options to a BatchPlan: reads and validates every input file (PAA/PAI/DAC, keys, CD,
// --csv/--mcsv), makes the PAI for --paa and the DAC template, and proves on a stand-in device that
// every device will pass the factory-data rules and fit the partition — all before anything is
// written, so a bad invocation leaves the output directory untouched.

import { createHash } from "node:crypto";
import { accessSync, constants, statSync } from "node:fs";
import { readInputFile } from "../files.js";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import {
  issuePai,
  loadCertificate,
  loadPrivateKeyDer,
  loadPrivateKeyPem,
  mfgToolPaiCommonName,
  pemEncode,
  privateKeyPkcs8Pem,
  validateDac,
  validatePaa,
  validatePai,
  loadRawPrivateKey,
  type AttestationKeyPair,
  type CertFinding,
} from "../certs/index.js";
import { commonNameOf } from "../certs/matter-dn.js";
import { looksLikePem } from "../certs/pem.js";
import { CliError, UsageError } from "../errors.js";
import { type CliErrorId, errorIdOf } from "../error-ids.js";
import { nodeComputeVerifier } from "../node-crypto.js";
import { fromBase64 } from "../../modules/bytes/base64.js";
import { bytesEqual } from "../../modules/bytes/bytes.js";
import { fromHex } from "../../modules/bytes/hex.js";
import { calendarTypesToBitmap, PRODUCT_COLOR, PRODUCT_FINISH } from "../../modules/factory/enums.js";
import type { FactoryData, FixedLabel, SupportedMode } from "../../modules/factory/factory-data.js";
import { validateFactoryData } from "../../modules/factory/validate.js";
import { checkPasscodeOption } from "../passcode-option.js";
import { validateOnboardingPayload } from "../../modules/onboarding/payload.js";
import type { RandomSource } from "../../modules/platform/random.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { measureNvsImage, writeNvsImage } from "../../modules/nvs/writer.js";
import {
  DAC_CN_LENGTH,
  deterministicSigner,
  drawCertSerial,
  drawP256Scalar,
  issueDacFromTemplate,
  p256KeyFiles,
  p256PublicKey,
  resignCertificate,
} from "./dac-fast.js";
import { makeDacTemplate } from "./dac-template.js";
import { deviceFactoryData, deviceRows } from "./device.js";
import { extraEntries, parseExtraTable } from "./extras.js";
import { extraValuesProblem } from "./extra-rules.js";
import { checkCertificationDeclaration } from "./cd-input.js";
import type { GenerateOptions } from "./options.js";
import type { Attestation, BatchPlan, FixedValues } from "./plan.js";
import { applySecureCert, resolveHmacInputs, resolveModules } from "./secure-cert-resolve.js";
import { keysOutOfNvs, withoutSecureCertKeys } from "./secure-cert.js";

export interface ResolveEnv {
  cwd: string;
  now: Date;
  /** Randomness for batch-level choices (PAI key/serial/CN, template markers). */
  random: RandomSource;
  /** --resume: the batch's recorded notBefore, and (--paa) the PAI it made. */
  resumed?: { validFrom: number; madePai?: { certPem: string; keyPem: string } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const sha256Hex = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

function readInput(path: string, what: string, cwd: string, inputs: Record<string, string>): Uint8Array {
  const bytes = readInputFile(resolve(cwd, path), what, path);
  inputs[what] = sha256Hex(bytes);
  return bytes;
}

/** A module's error as a CliError: its own id when it is an InputError, else `id`; the message (after `prefix`) unchanged. */
function passOn(id: CliErrorId, e: unknown, prefix = ""): CliError {
  return new CliError(errorIdOf(e, id), prefix + (e as Error).message);
}

const text = (b: Uint8Array): string => Buffer.from(b).toString("utf8");

/** "--valid-from": YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS (mfg_tool's parser) or "YYYY-MM-DD HH:MM:SS" (its help text); UTC. */
export function parseValidFrom(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}):(\d{2}))?$/.exec(s.trim());
  const bad = () => new CliError("option.valid-from", `option --valid-from ${JSON.stringify(s)}: must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (UTC)`);
  if (!m) throw bad();
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => (x === undefined ? 0 : +x));
  const t = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) throw bad();
  return t;
}

/** mfg_tool `--fixed-labels "<ep>/<name>/<value>"`: endpoint decimal (int()), name and value 1…15 characters. */
export function parseFixedLabel(s: string): FixedLabel {
  const parts = s.split("/");
  const bad = (rule: string) => new CliError("option.fixed-labels", `option --fixed-labels ${JSON.stringify(s)}: ${rule}`);
  if (parts.length !== 3) throw bad("must be <endpoint>/<label>/<value>");
  const [ep, label, value] = parts;
  if (!/^[0-9]{1,4}$/.test(ep)) throw bad("endpoint must be 1-4 decimal digits");
  if (label.length < 1 || label.length > 15) throw bad("label must be 1-15 characters");
  if (value.length < 1 || value.length > 15) throw bad("value must be 1-15 characters");
  return { endpoint: parseInt(ep, 10), label, value };
}

/** mfg_tool `--supported-modes "<mode>/<label>/<ep>[/<value>\<mfgHex>, …]"`: mode and endpoint decimal. */
export function parseSupportedMode(s: string): SupportedMode {
  const parts = s.split("/");
  const bad = (rule: string) => new CliError("option.supported-modes", `option --supported-modes ${JSON.stringify(s)}: ${rule}`);
  if (parts.length !== 3 && parts.length !== 4) throw bad("must be <mode>/<label>/<endpoint>[/<tag>\\<mfgCode hex>, …]");
  const [mode, label, ep, tags] = parts;
  if (!/^[0-9]{1,3}$/.test(mode)) throw bad("mode must be a decimal number");
  if (!/^[0-9]{1,5}$/.test(ep)) throw bad("endpoint must be a decimal number");
  if (label.length < 1) throw bad("label must not be empty");
  const semanticTags = (tags === undefined ? [] : tags.split(", ")).map((t) => {
    const m = /^([0-9]{1,5})\\(?:0[xX])?([0-9a-fA-F]{1,4})$/.exec(t);
    if (!m) throw bad(`semantic tag ${JSON.stringify(t)} must be <value>\\<mfgCode hex>`);
    return { value: parseInt(m[1], 10), mfgCode: parseInt(m[2], 16) };
  });
  return { endpoint: parseInt(ep, 10), mode: parseInt(mode, 10), label, semanticTags };
}

function certError(role: string, findings: CertFinding[]): CliError {
  const more = findings.length > 1 ? ` (and ${findings.length - 1} more problem${findings.length > 2 ? "s" : ""})` : "";
  return new CliError(findings[0].id, `${role}: ${findings[0].message}${more}`);
}

async function loadKey(bytes: Uint8Array, what: string): Promise<AttestationKeyPair> {
  try {
    return looksLikePem(bytes) ? await loadPrivateKeyPem(text(bytes), what) : await loadPrivateKeyDer(bytes, what);
  } catch (e) {
    throw passOn("cert.key-unreadable", e);
  }
}

function loadCert(bytes: Uint8Array, what: string) {
  try {
    return loadCertificate(bytes, what);
  } catch (e) {
    throw passOn("cert.unreadable", e);
  }
}

/** The PKCS#8 DER inside a PEM made by privateKeyPkcs8Pem. */
function pkcs8Der(key: AttestationKeyPair): Uint8Array {
  const body = privateKeyPkcs8Pem(key).replace(/-----[A-Z ]+-----|\s/g, "");
  return new Uint8Array(Buffer.from(body, "base64"));
}

async function resolveAttestation(o: GenerateOptions, env: ResolveEnv, validFrom: number, inputs: Record<string, string>, count: number): Promise<Attestation> {
  if (!o.paa && !o.pai) return { kind: "none" };
  const certBytes = readInput(o.cert as string, o.paa ? "PAA certificate" : "PAI certificate", env.cwd, inputs);
  const cert = loadCert(certBytes, o.paa ? "PAA certificate" : "PAI certificate");
  const now = env.now;

  if (o.dacCert !== undefined) {
    if (count !== 1) throw new UsageError("option.dac-cert-count", `option --dac-cert: one DAC is one device, but the count is ${count}`);
    const key = o.key === undefined ? undefined : await loadKey(readInput(o.key, "PAI private key", env.cwd, inputs), "PAI private key");
    const paiFindings = await validatePai(cert, { vendorId: o.vendorId, productId: o.productId, key, now });
    if (paiFindings.length) throw certError("PAI certificate", paiFindings);
    const dacBytes = readInput(o.dacCert, "DAC certificate", env.cwd, inputs);
    const dac = loadCert(dacBytes, "DAC certificate");
    const dacKey = await loadKey(readInput(o.dacKey as string, "DAC private key", env.cwd, inputs), "DAC private key");
    const dacFindings = await validateDac(dac, cert, { vendorId: o.vendorId, productId: o.productId, dacKey, now });
    if (dacFindings.length) throw certError("DAC certificate", dacFindings);
    const dacDer = new Uint8Array(dac.rawData);
    const cn = commonNameOf(dac.subjectName);
    const files = p256KeyFiles(dacKey.rawPrivate, dacKey.rawPublic);
    return {
      kind: "supplied",
      paiDer: new Uint8Array(cert.rawData),
      dacDer,
      dacPem: pemEncode("CERTIFICATE", dacDer),
      dacScalar: dacKey.rawPrivate,
      dacPublicKey: dacKey.rawPublic,
      dacSec1Der: files.sec1Der,
      commonName: cn,
    };
  }

  const caKey = await loadKey(readInput(o.key as string, o.paa ? "PAA private key" : "PAI private key", env.cwd, inputs), o.paa ? "PAA private key" : "PAI private key");
  let pai = cert;
  let paiKey = caKey;
  let madePai: { certPem: string; keyPem: string } | undefined;
  if (o.paa) {
    const findings = await validatePaa(cert, { key: caKey, now });
    if (findings.length) throw certError("PAA certificate", findings);
    if (env.resumed?.madePai) {
      madePai = env.resumed.madePai;
      pai = loadCert(new Uint8Array(Buffer.from(madePai.certPem)), "staged PAI certificate");
      paiKey = await loadKey(new Uint8Array(Buffer.from(madePai.keyPem)), "staged PAI private key");
    } else {
      const seeded = o.seed !== undefined;
      let issued;
      try {
        issued = await issuePai({
          paa: { cert, key: caKey },
          vendorId: o.vendorId,
          productId: o.productId,
          commonName: mfgToolPaiCommonName(o.cnPrefix, env.random),
          validFrom: new Date(validFrom),
          lifetimeDays: o.lifetime,
          // --seed: the PAI key and serial come from the seed too, and the signature is deterministic.
          keyPair: seeded ? await loadRawPrivateKey(drawP256Scalar(env.random), "PAI key") : undefined,
          serial: drawCertSerial(env.random),
        });
      } catch (e) {
        throw passOn("cert.pai-issue", e, "PAI for --paa: ");
      }
      const der = seeded ? resignCertificate(issued.der, deterministicSigner(caKey.rawPrivate)) : issued.der;
      pai = loadCert(der, "generated PAI certificate");
      paiKey = issued.keyPair;
      madePai = { certPem: pemEncode("CERTIFICATE", der), keyPem: privateKeyPkcs8Pem(issued.keyPair) };
    }
  } else {
    const findings = await validatePai(cert, { vendorId: o.vendorId, productId: o.productId, key: caKey, now });
    if (findings.length) throw certError("PAI certificate", findings);
  }
  let template;
  try {
    template = await makeDacTemplate({
      pai,
      paiKey,
      vendorId: o.vendorId,
      productId: o.productId,
      validFrom: new Date(validFrom),
      lifetimeDays: o.lifetime,
      random: env.random,
    });
  } catch (e) {
    throw passOn("cert.dac-template", e);
  }
  return {
    kind: "issue",
    paiDer: new Uint8Array(pai.rawData),
    paiKeyPkcs8: pkcs8Der(paiKey),
    paiKeyScalar: paiKey.rawPrivate,
    template,
    madePai,
  };
}

function staticFactoryData(o: GenerateOptions, certDeclaration: Uint8Array | undefined): FactoryData {
  const d: FactoryData = { iterationCount: o.iterationCount, vendorId: o.vendorId, productId: o.productId };
  if (o.vendorName !== undefined) d.vendorName = o.vendorName;
  if (o.productName !== undefined) d.productName = o.productName;
  if (o.hwVer !== undefined) d.hardwareVersion = o.hwVer;
  if (o.hwVerStr !== undefined) d.hardwareVersionString = o.hwVerStr;
  if (o.mfgDate !== undefined) d.manufacturingDate = o.mfgDate;
  if (o.productFinish !== undefined) d.productFinish = PRODUCT_FINISH[o.productFinish];
  if (o.productColor !== undefined) d.productColor = PRODUCT_COLOR[o.productColor];
  if (o.partNumber !== undefined) d.partNumber = o.partNumber;
  if (certDeclaration !== undefined) d.certDeclaration = certDeclaration;
  if (o.calendarTypes !== undefined) d.calendarTypes = calendarTypesToBitmap(o.calendarTypes);
  if (o.locales !== undefined) d.locales = o.locales;
  if (o.fixedLabels !== undefined) d.fixedLabels = o.fixedLabels.map(parseFixedLabel);
  if (o.supportedModes !== undefined) d.supportedModes = o.supportedModes.map(parseSupportedMode);
  if (o.productLabel !== undefined) d.productLabel = o.productLabel;
  if (o.productUrl !== undefined) d.productUrl = o.productUrl;
  return d;
}

function resolveFixed(o: GenerateOptions, count: number): FixedValues {
  const fixed: FixedValues = {};
  const perDevice: string[] = [];
  if (o.passcode !== undefined) {
    checkPasscodeOption(o.passcode);
    fixed.passcode = o.passcode;
    perDevice.push("--passcode");
  }
  if (o.discriminator !== undefined) {
    fixed.discriminator = o.discriminator;
    perDevice.push("--discriminator");
  }
  if (o.serialNum !== undefined) {
    fixed.serialNumber = o.serialNum;
    perDevice.push("--serial-num");
  }
  if (o.rdIdUid !== undefined) {
    if (!/^[0-9a-fA-F]{32}$/.test(o.rdIdUid)) throw new CliError("option.rd-id-uid", `option --rd-id-uid ${JSON.stringify(o.rdIdUid)}: must be 32 hex digits (128 bits)`);
    fixed.rdIdUid = fromHex(o.rdIdUid.toLowerCase());
    perDevice.push("--rd-id-uid");
  }
  if (o.salt !== undefined && o.verifier !== undefined) {
    let salt: Uint8Array;
    let verifier: Uint8Array;
    try {
      salt = fromBase64(o.salt);
    } catch {
      throw new CliError("option.salt", `option --salt ${JSON.stringify(o.salt)}: not base64`);
    }
    try {
      verifier = fromBase64(o.verifier);
    } catch {
      throw new CliError("option.verifier", `option --verifier: not base64`);
    }
    if (salt.length < 16 || salt.length > 32) throw new CliError("option.salt", `option --salt: ${salt.length} bytes, must be 16-32 (Matter PBKDF2 salt)`);
    if (verifier.length !== 97) throw new CliError("option.verifier", `option --verifier: ${verifier.length} bytes, must be 97 (W0 ‖ L)`);
    const expected = nodeComputeVerifier(o.passcode as number, salt, o.iterationCount).serialized;
    if (!bytesEqual(expected, verifier)) {
      throw new CliError("option.verifier-mismatch", `option --verifier: does not match --passcode, --salt and --iteration-count ${o.iterationCount}`);
    }
    fixed.salt = salt;
    fixed.verifier = verifier;
    perDevice.push("--salt/--verifier");
  }
  if (perDevice.length && count !== 1) {
    throw new UsageError("usage.per-device-option", `option ${perDevice[0]}: a value for one device, but the count is ${count} (use -n 1)`);
  }
  return fixed;
}

/** Fails unless `dir` exists as a writable directory or could be created under a writable one. */
export function checkOutdirWritable(dir: string): void {
  let p = dir;
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        const parent = dirname(p);
        if (parent === p) throw new CliError("outdir.unusable", `--outdir ${JSON.stringify(dir)}: cannot be created`);
        p = parent;
        continue;
      }
      throw new CliError("outdir.unusable", `--outdir ${JSON.stringify(dir)}: ${code === "ENOTDIR" ? "a parent is not a directory" : (code ?? (e as Error).message)}`);
    }
    if (!st.isDirectory()) throw new CliError("outdir.unusable", `--outdir ${JSON.stringify(dir)}: ${p === dir ? "is not a directory" : `${p} is not a directory`}`);
    try {
      accessSync(p, constants.W_OK | constants.X_OK);
    } catch {
      throw new CliError("outdir.unusable", `--outdir ${JSON.stringify(dir)}: ${p} is not writable`);
    }
    return;
  }
}

export async function resolvePlan(o: GenerateOptions, env: ResolveEnv): Promise<BatchPlan> {
  const inputs: Record<string, string> = {};
  const warnings: string[] = [];
  const outdir = isAbsolute(o.outdir) ? o.outdir : resolve(env.cwd, o.outdir);
  const vidPid = `${o.vendorId.toString(16)}_${o.productId.toString(16)}`;
  checkOutdirWritable(outdir);

  // Count: --mcsv rows replace -n (mfg_tool).
  let extras;
  let count = o.count;
  if (o.csv !== undefined && o.mcsv !== undefined) {
    const csvText = text(readInput(o.csv, "--csv file", env.cwd, inputs));
    const mcsvText = text(readInput(o.mcsv, "--mcsv file", env.cwd, inputs));
    try {
      extras = parseExtraTable(csvText, o.csv, mcsvText, o.mcsv);
    } catch (e) {
      throw passOn("mcsv.malformed", e);
    }
    if (o.countGiven && o.count !== extras.rows.length) warnings.push(`-n ${o.count} ignored: --mcsv has ${extras.rows.length} device rows`);
    count = extras.rows.length;
  }
  const read = (path: string, what: string) => readInput(path, what, env.cwd, inputs);
  const modules = resolveModules(o, read, count, extras ? "--mcsv" : o.countGiven ? "-n" : undefined);
  if (modules) count = modules.modules.length;
  const fixed = resolveFixed(o, count);
  resolveHmacInputs(o, read, fixed);
  const validFrom = env.resumed?.validFrom ?? (o.validFrom !== undefined ? parseValidFrom(o.validFrom) : Math.floor(env.now.getTime() / 1000) * 1000);

  let certDeclaration: Uint8Array | undefined;
  let certDeclarationCsvPath: string | undefined;
  if (o.certDeclaration !== undefined) {
    certDeclaration = readInput(o.certDeclaration, "certification declaration", env.cwd, inputs);
    const signer = o.cdSigner === undefined ? undefined : readInput(o.cdSigner, "CD signer certificate", env.cwd, inputs);
    const paa = o.paa && o.cert !== undefined ? readInput(o.cert, "PAA certificate", env.cwd, inputs) : undefined;
    await checkCertificationDeclaration(certDeclaration, o.certDeclaration, { vendorId: o.vendorId, productId: o.productId, attested: o.paa || o.pai, signer, paa });
    certDeclarationCsvPath = relative(env.cwd, resolve(env.cwd, o.certDeclaration)) || ".";
  }
  const staticData = staticFactoryData(o, certDeclaration);
  const attestation = await resolveAttestation(o, env, validFrom, inputs, count);
  if (attestation.kind === "supplied" && attestation.commonName && UUID.test(attestation.commonName)) {
    fixed.uuid = attestation.commonName; // mfg_tool names the device directory after a UUID CN
  }

  const plan: BatchPlan = {
    options: o,
    cwd: env.cwd,
    outdir,
    root: join(outdir, vidPid),
    vidPid,
    count,
    staticData,
    fixed,
    attestation,
    certDeclarationCsvPath,
    extras,
    validFrom,
    inputs,
    warnings,
  };
  applySecureCert(plan, modules);
  probeDevices(plan, warnings);
  return plan;
}

/**
 * Builds stand-in devices (largest DAC, 32-byte salt, …; each --mcsv row) and applies the
 * factory-data rules (mfg_tool profile), the onboarding-payload rules and the partition size, so
 * that generation cannot fail on a device halfway through the batch.
 */
function probeDevices(plan: BatchPlan, warnings: string[]): void {
  const o = plan.options;
  const r = seededRandom("matter-factory probe");
  let dac: { cert: Uint8Array; key: Uint8Array; pub: Uint8Array } | undefined;
  const a = plan.attestation;
  if (a.kind === "issue") {
    const key = drawP256Scalar(r);
    const pub = p256PublicKey(key);
    const longest = () => Uint8Array.of(0x30, 0x46, ...new Uint8Array(70)); // 72-byte signature
    const cert = issueDacFromTemplate(a.template, { serial: drawCertSerial(r), commonName: "0".repeat(DAC_CN_LENGTH), publicKey: pub }, longest);
    dac = { cert, key, pub };
  } else if (a.kind === "supplied") {
    dac = { cert: a.dacDer, key: a.dacScalar, pub: a.dacPublicKey };
  }
  const values = {
    discriminator: plan.fixed.discriminator ?? 0,
    salt: plan.fixed.salt ?? new Uint8Array(32),
    verifier: o.dynamicPasscode ? undefined : (plan.fixed.verifier ?? new Uint8Array(97)),
    serialNumber: plan.fixed.serialNumber ?? "0".repeat(32),
    rdIdUid: o.rotatingId ? (plan.fixed.rdIdUid ?? new Uint8Array(16)) : undefined,
    dac,
    paiCert: a.kind === "none" ? undefined : a.paiDer,
  };
  const rowsToCheck = plan.extras ? plan.extras.rows.length : 1;
  const seen = new Map<string, number>();
  for (let i = 0; i < rowsToCheck; i++) {
    let extra;
    try {
      extra = plan.extras ? extraEntries(plan.extras, i, plan.cwd) : undefined;
    } catch (e) {
      throw passOn("mcsv.value", e);
    }
    const extraProblem = extra && extraValuesProblem(extra);
    if (extraProblem) throw new CliError(extraProblem.id, `--mcsv row ${i + 1}: ${extraProblem.message}`);
    const d = deviceFactoryData(plan, { ...values, extra });
    // The DAC key pair is consistent by construction (or checked by validateDac): leave it out of the
    // rules so start-up does not pay for a pure-JS P-256 multiplication.
    const { dacKey: _k, dacPublicKey: _p, ...checked } = d;
    const findings = validateFactoryData(checked, { profile: "mfg-tool", missingRequired: "warning" });
    const error = findings.find((f) => f.severity === "error");
    if (error) throw new CliError(error.id, `${plan.extras ? `--mcsv row ${i + 1}: ` : ""}${error.message}`);
    if (i === 0) {
      const missing: string[] = [];
      // Keys a secure-cert image or the module's own esp_secure_cert partition holds instead.
      const elsewhere = a.kind === "none" ? new Set(["dac-cert", "dac-key", "dac-pub-key", "pai-cert"]) : keysOutOfNvs(plan.secureCert);
      for (const f of findings) {
        if (f.id !== "keys.missing") warnings.push(f.message);
        else if (!(f.key === "verifier" && o.dynamicPasscode) && !(a.kind !== "none" && (f.key === "dac-key" || f.key === "dac-pub-key")) && !elsewhere.has(f.key)) missing.push(f.key);
      }
      if (missing.length) {
        warnings.push(`not set: ${missing.join(", ")} — the ESP32 factory providers need them to commission (unless the firmware supplies them)`);
      }
    }
    const rows = withoutSecureCertKeys(deviceRows(d), plan.secureCert);
    const { minSize } = measureNvsImage(rows);
    if (minSize > o.size) {
      throw new CliError("option.size", `option --size 0x${o.size.toString(16)}: the factory data needs at least 0x${minSize.toString(16)} bytes${plan.extras ? ` (--mcsv row ${i + 1})` : ""}`);
    }
    if (i === 0) {
      try {
        writeNvsImage(rows, { size: o.size });
      } catch (e) {
        throw passOn("option.size", e, `option --size 0x${o.size.toString(16)}: `);
      }
    }
    // Values that must not repeat across devices: serial numbers and rd-id-uids given through --mcsv.
    for (const e of extra ?? []) {
      if (e.namespace !== "chip-factory" || (e.key !== "serial-num" && e.key !== "rd-id-uid")) continue;
      const id = `${e.key}=${e.value instanceof Uint8Array ? Buffer.from(e.value).toString("hex") : String(e.value)}`;
      const first = seen.get(id);
      if (first !== undefined) throw new CliError("mcsv.duplicate", `--mcsv rows ${first + 1} and ${i + 1}: the same ${e.key}; every device needs its own`);
      seen.set(id, i);
    }
  }
  if (!o.dynamicPasscode) {
    const problems = validateOnboardingPayload({
      version: 0,
      vendorId: o.vendorId,
      productId: o.productId,
      flow: o.flow,
      discoveryCapabilities: o.discoveryMode,
      discriminator: values.discriminator,
      passcode: plan.fixed.passcode ?? 20202021,
    });
    if (problems.length) throw new CliError("option.onboarding-payload", `onboarding payload: ${problems[0]}`);
  }
}
