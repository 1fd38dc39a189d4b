// `matter-factory simulate`: boots the device firmware (main.ts, device/) under the XS engine against a
// factory image, on a simulated ESP32-C3 (flash, nvs, BLE radio, virtual clock; host-tools/simulate),
// and reports what the device would do: its console, every provider's values, and per boot the
// advertising bytes, address, interval schedule, rotation counter, Rotating Device ID and C3 value.
import { readNvsImage } from "../../modules/nvs/reader.js";
import { parseKeyPartition } from "../../modules/nvs/encryption.js";
import { FACTORY_NAMESPACE, matchFactoryKey } from "../../modules/factory/schema.js";
import { verify, X509Certificate } from "node:crypto";
import { SECURE_CERT_PARTITION_SIZE } from "../../modules/secure-cert/format.js";
import { EFUSE_KEY_SIZE } from "../../modules/secure-cert/hmac-derived.js";
import { type CommandSpec, type ParsedOptions, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { readInputFile } from "../files.js";
import { print, printJson } from "../output.js";
import { simulateDevice, type BootReport, type SimulationReport } from "../simulate/run.js";

const simulateSpec: CommandSpec = {
  name: "simulate",
  summary: "boot the device firmware under XS against a factory image and report what it would do",
  usage: "<factory.bin> [--keys keys.bin] [--seconds N] [--boots N] [--json]",
  positionals: [{ name: "factory.bin", help: "factory NVS partition image (as flashed to `fctry`)" }],
  options: [
    { name: "keys", kind: "string", placeholder: "<keys.bin>", help: "NVS keys partition image: simulate a build with NVS encryption and these keys flashed" },
    {
      name: "secure-cert", kind: "string", placeholder: "<esp_secure_cert.bin>",
      help: "a pre-provisioned module: this esp_secure_cert image (at most 0x2000 bytes) at 0xD000, and a build with attestationSource esp_secure_cert (DAC, PAI, key from it; CD from the factory image)",
    },
    {
      name: "efuse-hmac-key", kind: "string", placeholder: "<key.bin>",
      help: "with --secure-cert: the 32-byte key burned with purpose HMAC_UP (espefuse burn-key … HMAC_UP), for an image whose DAC key is HMAC-derived",
    },
    { name: "seconds", kind: "int", min: 0, max: 7 * 24 * 3600, placeholder: "<N>", help: "virtual seconds each boot runs (default: the announcement duration + 60)" },
    { name: "boots", kind: "int", min: 1, max: 1000, default: 1, placeholder: "<N>", help: "power cycles; the rotation counter persists between them" },
    { name: "json", kind: "flag", help: "JSON: {commissionableData, deviceAttestationCredentials, deviceInstanceInfo, deviceInfo, boots: [{advertisingData, address, rotationCounter, rotatingDeviceId, c3, intervals, console…}], state}; bytes as hex" },
    { name: "backend", kind: "string", choices: ["native", "flash"], default: "native", placeholder: "native|flash", help: "factory store: native/factory_nvs.c (simulated) or the TS reader over Flash" },
    { name: "minutes", kind: "int", min: 3, max: 15, default: 15, placeholder: "<3..15>", help: "announcement duration (Matter Core §5.4.2.3)" },
    { name: "algorithm", kind: "string", choices: ["spec-hkdf", "sdk-sha256"], default: "spec-hkdf", placeholder: "<name>", help: "Rotating Device ID algorithm of the build" },
    { name: "flow", kind: "int", min: 0, max: 2, default: 0, placeholder: "<0|1|2>", help: "commissioning flow of the build: 0 standard (announce at power-up), 1 user-intent, 2 custom" },
  ],
  notes: [
    "Nothing is flashed: the firmware runs in XS 13.3 from npm @agoric/xsnap (engine: xsnap), with simulated Moddable modules;",
    "the device runs the Moddable SDK's XS (8.2.3: XS 17), on which npm test also runs the shared modules' vectors when the SDK is installed.",
    "The exit status is 1 when the device would not advertise (missing or corrupt factory data, or with --secure-cert a partition",
    "that gives no DAC, PAI or usable key: the error line names a stable id, e.g. secure-cert.key-mismatch; docs/secure-cert-device.md).",
    "With --secure-cert the signing check's signature is also verified here (node:crypto) against the DAC the device reports.",
  ],
  examples: [
    "matter-factory simulate factory.bin",
    "matter-factory simulate factory.bin --keys keys.bin --boots 2 --json",
    "matter-factory simulate factory.bin --secure-cert esp_secure_cert.bin",
    "matter-factory simulate factory.bin --secure-cert esp_secure_cert.bin --efuse-hmac-key hmac_key.bin",
  ],
};

export const SIMULATE_COMMANDS = [simulateSpec];

/** Endpoints that carry fixed labels or supported modes in the image (the simulated build's data model). */
function endpointsIn(image: Uint8Array, keys: Uint8Array | undefined): number[] {
  let parsedKeys;
  try {
    parsedKeys = keys ? parseKeyPartition(keys) : undefined;
  } catch {
    parsedKeys = undefined;
  }
  const found = new Set<number>([0]);
  for (const e of readNvsImage(image, parsedKeys ? { keys: parsedKeys } : {}).entries) {
    if (e.namespace !== FACTORY_NAMESPACE) continue;
    const m = matchFactoryKey(e.key);
    if (m && (m.spec.key === "fl-sz/<ep>" || m.spec.key === "sm-sz/<ep>")) found.add(m.params[0]);
  }
  return [...found].sort((a, b) => a - b);
}

/** --secure-cert / --efuse-hmac-key: the partition image and the simulated eFuse key, checked. */
function secureCertInputs(options: ParsedOptions): { secureCert?: Uint8Array; efuseHmacKey?: Uint8Array } {
  if (options["efuse-hmac-key"] !== undefined && options["secure-cert"] === undefined) {
    throw new UsageError("usage.option-needs", "--efuse-hmac-key needs --secure-cert (the key derives the DAC key of an esp_secure_cert image)");
  }
  if (options["secure-cert"] === undefined) return {};
  const secureCert = new Uint8Array(readInputFile(options["secure-cert"] as string, "secure-cert image"));
  if (secureCert.length > SECURE_CERT_PARTITION_SIZE) {
    throw new SimulateInputError("simulate.secure-cert-too-large", `secure-cert image ${JSON.stringify(options["secure-cert"])}: ${secureCert.length} bytes, larger than the 0x2000-byte esp_secure_cert partition`);
  }
  if (options["efuse-hmac-key"] === undefined) return { secureCert };
  const efuseHmacKey = new Uint8Array(readInputFile(options["efuse-hmac-key"] as string, "eFuse HMAC key file"));
  if (efuseHmacKey.length !== EFUSE_KEY_SIZE) {
    throw new SimulateInputError("simulate.efuse-key-length", `eFuse HMAC key file ${JSON.stringify(options["efuse-hmac-key"])}: ${efuseHmacKey.length} bytes, must be ${EFUSE_KEY_SIZE} (one eFuse key block)`);
  }
  return { secureCert, efuseHmacKey };
}

/** The signing check verified on the host (node:crypto) against the DAC the device reported. */
function dacSignatureVerifies(report: SimulationReport): boolean | undefined {
  const a = report.deviceAttestationCredentials;
  const dac = a?.deviceAttestationCert as { status: string; value?: string } | undefined;
  const check = a?.signWithDeviceAttestationKey as { message: string; signature: { status: string; value?: string } } | undefined;
  if (dac?.status !== "ok" || check?.signature.status !== "ok") return undefined;
  try {
    const publicKey = new X509Certificate(Buffer.from(dac.value!, "hex")).publicKey;
    return verify("sha256", Buffer.from(check.message, "hex"), { key: publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(check.signature.value!, "hex"));
  } catch {
    return undefined; // not a certificate node:crypto can parse (e.g. the example stand-ins): nothing to verify against
  }
}

/** A bad --secure-cert / --efuse-hmac-key file (exit 1); `id` is stable. */
class SimulateInputError extends CliError {
  override name = "SimulateInputError";
  constructor(id: string, message: string) {
    super(id, message);
  }
}

function phaseText(p: BootReport["intervals"][number]): string {
  return p.minMs === null ? `${p.fromMs} ms: off (${p.stop ?? "stopped"})` : `${p.fromMs} ms: ${p.minMs}-${p.maxMs} ms`;
}

function printText(report: SimulationReport): void {
  for (const boot of report.boots) {
    print(`== boot ${boot.boot} ==`);
    for (const line of boot.console) print(line);
    print(`-- boot ${boot.boot} summary`);
    if (boot.advertisingData === null) {
      print("advertising: none");
      continue;
    }
    print(`advertising data  ${boot.advertisingData}`);
    print(`address           ${boot.address ?? "?"} (random static)`);
    print(`intervals         ${boot.intervals.map(phaseText).join("; ")}`);
    print(`rotation counter  ${boot.rotationCounter ?? "-"}`);
    print(`rotating id       ${boot.rotatingDeviceId ?? "none"}`);
    print(`C3                ${boot.c3 ?? "-"}`);
    if (boot.announcements.length > 1) print(`announcements     ${boot.announcements.length}`);
  }
  const check = report.deviceAttestationCredentials?.signWithDeviceAttestationKey as { signature?: { status: string } } | undefined;
  if (check?.signature) {
    const verified = report.dacSignatureVerifies === undefined ? "" : report.dacSignatureVerifies ? ", verifies against the DAC" : ", DOES NOT verify against the DAC";
    print(`DAC signing       ${check.signature.status === "ok" ? `ok (ECDSA P-256 / SHA-256${verified})` : check.signature.status}`);
  }
}

export async function runSimulate(argv: string[]): Promise<number> {
  const { positionals: [input], options, help } = parseArgs(argv, simulateSpec);
  if (help) return print(renderHelp(simulateSpec)), 0;
  // Plain Uint8Array copies: Buffer.prototype.slice returns a view, and the NVS reader decrypts into
  // `image.slice()`, which would otherwise overwrite the file's bytes in memory.
  const image = new Uint8Array(readInputFile(input, "factory image"));
  const keys = options.keys ? new Uint8Array(readInputFile(options.keys as string, "keys file")) : undefined;
  const { secureCert, efuseHmacKey } = secureCertInputs(options);
  const report = await simulateDevice({
    image,
    keys,
    secureCert,
    efuseHmacKey,
    boots: options.boots as number,
    seconds: options.seconds as number | undefined,
    config: {
      factoryBackend: options.backend,
      announcementMinutes: options.minutes,
      rotatingIdAlgorithm: options.algorithm,
      commissioningFlow: options.flow,
      endpoints: endpointsIn(image, keys),
    },
  });
  const verifies = dacSignatureVerifies(report);
  if (verifies !== undefined) report.dacSignatureVerifies = verifies;
  if (options.json) printJson(report);
  else printText(report);
  if (report.error !== undefined) throw new CliError("simulate.no-advertise", `simulate ${JSON.stringify(input)}: the device would not advertise: ${report.error}`);
  return 0;
}
