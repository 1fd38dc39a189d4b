// `matter-factory verify <device dir | batch dir | image>`: end-to-end checks of factory data, one line
// per finding (`ok|warning|error <check>: <message>`), exit 1 when any check fails.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { type CommandSpec, parseArgs, parseIntArg, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { readInputFile } from "../files.js";
import { print, printJson } from "../output.js";
import { findDevices, loadNvsKeys, readOnboardingCsv, type DeviceFiles } from "../inspect/device.js";
import { secureCertTableFindings } from "../inspect/secure-cert-table.js";
import { isError, makeFinding } from "../../modules/errors/finding.js";
import { errorIdOf } from "../error-ids.js";
import { readPartitionTable } from "../partition-table/csv.js";
import { verifyFactoryImage, verifyFindingJson, type Sourced, type VerifyFinding, type VerifyInput } from "../inspect/verify.js";
import { batchContext, deviceChecks, finishBatch } from "../inspect/verify-batch.js";

const verifySpec: CommandSpec = {
  name: "verify",
  summary: "check factory data end to end: keys, DAC→PAI(→PAA) chain, VID/PID vs CD, verifier vs passcode, QR/manual codes",
  usage: "[<device dir | batch dir | image.bin>] [--image <image.bin>] [--keys …] [--pai …] [--paa …] [--cd …] [--passcode N] [--qrcode MT:…] [--manualcode …] [--json]",
  positionals: [{
    name: "path", optional: true,
    help: "a device directory (<uuid>/ with <uuid>-partition.bin, as esp-matter-mfg-tool and `generate` write), a batch directory (<vid>_<pid>/, every device in it), or an image file",
  }],
  options: [
    { name: "image", kind: "string", placeholder: "<image.bin>", help: "the factory image (instead of <path>)" },
    { name: "keys", kind: "string", placeholder: "<keys.bin>", help: "NVS keys partition for an encrypted image (a device directory's <uuid>-keys-partition.bin is used automatically)" },
    { name: "dac", kind: "string", placeholder: "<cert>", help: "DAC certificate (PEM/DER): must equal the image's dac-cert; used when the image has none" },
    { name: "pai", kind: "string", placeholder: "<cert>", help: "PAI certificate (PEM/DER): must equal the image's pai-cert; used when the image has none" },
    { name: "paa", kind: "string", placeholder: "<cert>", help: "PAA certificate (PEM/DER): also check the PAI chains to it" },
    { name: "cd", kind: "string", placeholder: "<cd.der>", help: "Certification Declaration: must equal the image's cert-dclrn; used when the image has none" },
    { name: "cd-signer", kind: "string", placeholder: "<cert>", help: "certificate of the CD signing key: also verify the CD signature" },
    { name: "passcode", kind: "string", placeholder: "<N>", help: "setup passcode: must match the image's SPAKE2+ verifier (default: the device's onb_codes.csv)" },
    { name: "qrcode", kind: "string", placeholder: "<MT:…>", help: "QR code payload: must describe this image (default: onb_codes.csv)" },
    { name: "manualcode", kind: "string", placeholder: "<digits>", help: "manual pairing code: must describe this image (default: onb_codes.csv)" },
    { name: "secure-cert", kind: "string", placeholder: "<image.bin>", help: "the device's esp_secure_cert partition (a <uuid>_esp_secure_cert.bin or `esptool read-flash 0xD000 0x2000` of a module); a device directory's own is used automatically" },
    { name: "efuse-hmac-key", kind: "string", placeholder: "<key.bin>", help: "eFuse HMAC key of an HMAC-derived DAC key (a device directory's <uuid>-efuse_hmac_key.bin is used automatically)" },
    { name: "partition-table", kind: "string", placeholder: "<partitions.csv|bin>", help: "also check that this table (CSV, or the binary at CONFIG_PARTITION_TABLE_OFFSET) keeps esp_secure_cert at 0xD000 with nothing over it" },
    { name: "at", kind: "string", placeholder: "<ISO time>", help: "check certificate validity at this time instead of now" },
    { name: "show-secrets", kind: "flag", help: "print passcodes, QR payloads and manual codes in the findings (redacted by default)" },
    { name: "json", kind: "flag", help: "JSON: {ok, devices: [{name, image, ok, findings: [{level, check, message, id, severity}]}], batch: [findings]}; level = severity (ok|warning|error), id = \"<check>.<rule>\" (stable, for scripts)" },
  ],
  notes: [
    "Checks: nvs, keys (required chip-factory keys present and typed as connectedhomeip's ESP32 providers read them, values",
    "within the key table's rules), dac, dac-key, pai, paa, cd, vid-pid, qrcode (onb_codes.csv and the decoded qrcode.png),",
    "manualcode, onboarding, passcode; identity (a UUID DAC CN names its directory), manifest (generate's manifest-*.jsonl",
    "records this image, DAC, serial and QR code), duplicate (no two devices share an image, DAC, serial, rd-id-uid or QR",
    "code), secure-cert (the esp_secure_cert partition reads cleanly; its DAC, PAI, key and TLV 201 values count as the keys they replace);",
    "for a batch directory: devices in the manifest without a directory, unfinished .tmp-<uuid>/ directories.",
    "Passcodes, QR payloads and manual codes are redacted unless --show-secrets.",
    "A check that lacks its inputs prints a warning saying what to give. Exit status 1 when any line is an error.",
  ],
  examples: [
    "matter-factory verify out/fff2_8001/<uuid>",
    "matter-factory verify out/fff2_8001 --paa Chip-Test-PAA-FFF2-Cert.pem",
    "matter-factory verify --image factory.bin --pai pai.pem --cd cd.der --passcode 20202021 --qrcode MT:Y.K9042C00KA0648G00",
  ],
};

export const VERIFY_COMMANDS = [verifySpec];

interface DeviceResult {
  name: string;
  image: string;
  findings: VerifyFinding[];
}

const sourced = <T>(value: T, source: string): Sourced<T> => ({ value, source });
const fileSource = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || rel === "" ? path : rel;
};
const load = (option: string, path: string, what: string): Sourced<Uint8Array> => sourced(readInputFile(path, what), `--${option} ${fileSource(path)}`);

/** How a device's own files are named in messages: relative to its directory, the UUID prefix dropped. */
function deviceSource(device: DeviceFiles, path: string): string {
  if (!device.dir) return fileSource(path);
  const rel = relative(device.dir, path);
  return rel.startsWith(`${device.name}-`) || rel.startsWith(`${device.name}_`) ? rel.slice(device.name.length + 1) : rel;
}

function deviceInput(device: DeviceFiles, options: Record<string, unknown>, shared: Partial<VerifyInput>): VerifyInput {
  const input: VerifyInput = { ...shared, image: readInputFile(device.image, "image") };
  const keysPath = (options.keys as string | undefined) ?? device.keys;
  if (keysPath) input.keys = loadNvsKeys(keysPath);
  const own = (path: string, what: string): Sourced<Uint8Array> => sourced(readInputFile(path, what), deviceSource(device, path));
  if (device.dacCert && !input.dacCert) input.dacCert = own(device.dacCert, "DAC certificate");
  if (device.paiCert && !input.paiCert) input.paiCert = own(device.paiCert, "PAI certificate");
  if (device.dacPrivateKey) input.dacPrivateKey = own(device.dacPrivateKey, "DAC private key");
  if (device.dacPublicKey) input.dacPublicKey = own(device.dacPublicKey, "DAC public key");
  if (device.secureCert && !input.secureCert) input.secureCert = own(device.secureCert, "esp_secure_cert partition");
  const hmacKey = device.dir ? join(device.dir, `${device.name}-efuse_hmac_key.bin`) : undefined;
  if (hmacKey && existsSync(hmacKey) && !input.efuseHmacKey) input.efuseHmacKey = own(hmacKey, "eFuse HMAC key");
  input.passcodes = [...(shared.passcodes ?? [])];
  input.qrcodes = [...(shared.qrcodes ?? [])];
  input.manualcodes = [...(shared.manualcodes ?? [])];
  input.discriminators = [];
  if (device.onboardingCsv) {
    const csv = readOnboardingCsv(device.onboardingCsv);
    const src = deviceSource(device, device.onboardingCsv);
    const number = (column: "passcode" | "discriminator", text: string): number => {
      if (!/^\d+$/.test(text)) throw new CliError("verify.onb-csv-number", `${src}: ${column} ${JSON.stringify(text)} is not a number`);
      return Number(text);
    };
    if (csv.passcode !== undefined) input.passcodes.push(sourced(number("passcode", csv.passcode), `${src} passcode`));
    if (csv.discriminator !== undefined) input.discriminators.push(sourced(number("discriminator", csv.discriminator), `${src} discriminator`));
    if (csv.qrcode !== undefined) input.qrcodes.push(sourced(csv.qrcode, `${src} qrcode`));
    if (csv.manualcode !== undefined) input.manualcodes.push(sourced(csv.manualcode, `${src} manualcode`));
  }
  return input;
}

/** `partition-table` findings: the table must keep a pre-provisioned module's esp_secure_cert. */
function partitionTableFindings(path: string): VerifyFinding[] {
  let problems: VerifyFinding[];
  try {
    problems = secureCertTableFindings(readPartitionTable(readInputFile(path, "partition table")));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(errorIdOf(e, "option.partition-table"), `partition table ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
  if (problems.length === 0) return [makeFinding("partition-table", "ok", "ok", `${fileSource(path)}: esp_secure_cert at 0xD000, size 0x2000, nothing over it`)];
  return problems.map((f) => ({ ...f, message: `${fileSource(path)}: ${f.message}` }));
}

export async function runVerify(argv: string[]): Promise<number> {
  const { positionals: [path], options, help } = parseArgs(argv, verifySpec);
  if (help) return print(renderHelp(verifySpec)), 0;
  if (path !== undefined && options.image !== undefined) throw new UsageError("usage.option-conflict", "verify takes <path> or --image, not both");
  const target = (options.image as string | undefined) ?? path;
  if (target === undefined) throw new UsageError("usage.missing-argument", "verify needs a device directory, a batch directory or an image (--image)");
  const ctx = batchContext(target, findDevices(target));
  const devices = ctx.devices;

  const shared: Partial<VerifyInput> = { showSecrets: options["show-secrets"] === true };
  if (options.dac) shared.dacCert = load("dac", options.dac as string, "DAC certificate");
  if (options.pai) shared.paiCert = load("pai", options.pai as string, "PAI certificate");
  if (options.paa) shared.paaCert = load("paa", options.paa as string, "PAA certificate");
  if (options.cd) shared.cd = load("cd", options.cd as string, "Certification Declaration");
  if (options["secure-cert"]) shared.secureCert = load("secure-cert", options["secure-cert"] as string, "esp_secure_cert partition");
  if (options["efuse-hmac-key"]) shared.efuseHmacKey = load("efuse-hmac-key", options["efuse-hmac-key"] as string, "eFuse HMAC key");
  if (options["cd-signer"]) shared.cdSigner = load("cd-signer", options["cd-signer"] as string, "CD signer certificate");
  if (options.passcode !== undefined) shared.passcodes = [sourced(parseIntArg(options.passcode as string, "option --passcode", 0, 0x7ffffff), "--passcode")];
  if (options.qrcode !== undefined) shared.qrcodes = [sourced(options.qrcode as string, "--qrcode")];
  if (options.manualcode !== undefined) shared.manualcodes = [sourced(options.manualcode as string, "--manualcode")];
  if (options.at !== undefined) {
    const at = new Date(options.at as string);
    if (Number.isNaN(at.getTime())) throw new CliError("option.at", `option --at ${JSON.stringify(options.at)}: not an ISO date/time`);
    shared.now = at;
  }
  const perDevice = ["dac", "passcode", "qrcode", "manualcode", "secure-cert", "efuse-hmac-key"].filter((o) => options[o] !== undefined);
  if (devices.length > 1 && perDevice.length) {
    throw new UsageError("usage.per-device-option", `${target} holds ${devices.length} devices: --${perDevice[0]} applies to one device (give its directory)`);
  }

  const table = options["partition-table"] ? partitionTableFindings(options["partition-table"] as string) : [];
  const results: DeviceResult[] = [];
  for (const device of devices) {
    const input = deviceInput(device, options, shared);
    const own = deviceChecks(ctx, device, input.keys, (input.qrcodes ??= []));
    results.push({ name: device.name, image: device.image, findings: [...(await verifyFactoryImage(input)), ...own, ...table] });
  }
  const batch = finishBatch(ctx, results);
  const failed = results.some((r) => r.findings.some(isError)) || batch.some(isError);
  if (options.json) {
    printJson({
      ok: !failed,
      devices: results.map((r) => ({ ...r, ok: !r.findings.some(isError), findings: r.findings.map(verifyFindingJson) })),
      batch: batch.map(verifyFindingJson),
    });
  } else {
    for (const r of results) {
      if (results.length > 1) print(`device ${r.name} (${fileSource(r.image)})`);
      for (const f of r.findings) print(`${f.severity} ${f.check}: ${f.message}`);
    }
    for (const f of batch) print(`${f.severity} ${f.check}: ${f.message}`);
    if (results.length > 1 || batch.length) {
      const bad = results.filter((r) => r.findings.some(isError)).length;
      const batchErrors = batch.filter(isError).length;
      print(`${results.length - bad} of ${results.length} devices pass${batchErrors ? `; ${batchErrors} batch error${batchErrors > 1 ? "s" : ""}` : ""}`);
    }
  }
  return failed ? 1 : 0;
}
