// `matter-factory simulate`: boots the device firmware (main.ts, device/) under the XS engine against a
// factory image, on a simulated ESP32-C3 (flash, nvs, BLE radio, virtual clock; host-tools/simulate),
// and reports what the device would do: its console, every provider's values, and per boot the
// advertising bytes, address, interval schedule, rotation counter, Rotating Device ID and C3 value.
import { readNvsImage } from "../../modules/nvs/reader.js";
import { parseKeyPartition } from "../../modules/nvs/encryption.js";
import { FACTORY_NAMESPACE, matchFactoryKey } from "../../modules/factory/schema.js";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError } from "../errors.js";
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
    "The exit status is 1 when the device would not advertise (missing or corrupt factory data).",
  ],
  examples: ["matter-factory simulate factory.bin", "matter-factory simulate factory.bin --keys keys.bin --boots 2 --json"],
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
  if (check?.signature) print(`DAC signing       ${check.signature.status === "ok" ? "ok (ECDSA P-256 / SHA-256)" : check.signature.status}`);
}

export async function runSimulate(argv: string[]): Promise<number> {
  const { positionals: [input], options, help } = parseArgs(argv, simulateSpec);
  if (help) return print(renderHelp(simulateSpec)), 0;
  // Plain Uint8Array copies: Buffer.prototype.slice returns a view, and the NVS reader decrypts into
  // `image.slice()`, which would otherwise overwrite the file's bytes in memory.
  const image = new Uint8Array(readInputFile(input, "factory image"));
  const keys = options.keys ? new Uint8Array(readInputFile(options.keys as string, "keys file")) : undefined;
  const report = await simulateDevice({
    image,
    keys,
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
  if (options.json) printJson(report);
  else printText(report);
  if (report.error !== undefined) throw new CliError(`simulate ${JSON.stringify(input)}: the device would not advertise: ${report.error}`);
  return 0;
}
