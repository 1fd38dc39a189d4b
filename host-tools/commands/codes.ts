// `matter-factory codes`: the QR payload and manual pairing code for one device, and `codes parse`.
// Spec chapter 5.1; vectors in docs/onboarding.md.
import {
  decodeManualCode,
  decodeQrPayload,
  encodeManualCode,
  encodeQrPayload,
  formatManualCode,
  isValidPasscode,
  validateOnboardingPayload,
  type OnboardingPayload,
} from "../../modules/onboarding/index.js";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { PASSCODE_MAX, PASSCODE_MIN } from "../../modules/factory/matter-constants.js";
import { checkPasscodeOption } from "../passcode-option.js";
import { print, printJson } from "../output.js";

const codesSpec: CommandSpec = {
  name: "codes",
  summary: "make the onboarding QR payload (MT:…) and manual pairing code for a device",
  usage: "--vid N --pid N --discriminator N --passcode N [--flow N] [--caps N] [--json]",
  positionals: [],
  options: [
    { name: "vid", kind: "int", min: 0, max: 0xffff, placeholder: "<id>", help: "vendor ID (decimal or 0x-hex)" },
    { name: "pid", kind: "int", min: 0, max: 0xffff, placeholder: "<id>", help: "product ID" },
    { name: "discriminator", kind: "int", alias: "d", min: 0, max: 0xfff, placeholder: "<0..4095>", help: "12-bit setup discriminator" },
    { name: "passcode", kind: "int", alias: "p", placeholder: `<${PASSCODE_MIN}..${PASSCODE_MAX}>`, help: "setup passcode (not a trivial one such as 12345678)" },
    { name: "flow", kind: "int", alias: "cf", min: 0, max: 2, default: 0, placeholder: "<0|1|2>", help: "commissioning flow: 0 standard, 1 user-intent, 2 custom (21-digit manual code for 1 and 2)" },
    { name: "caps", kind: "int", alias: "dm", min: 0, max: 0xff, default: 2, placeholder: "<bits>", help: "discovery capabilities: 1 SoftAP, 2 BLE, 4 on-network, 8 Wi-Fi PAF, 16 NFC, 32 Thread" },
    { name: "serial-number", kind: "string", placeholder: "<text>", help: "also put the serial number in the QR payload's TLV data" },
    { name: "json", kind: "flag", help: "print {qrcode, manualcode, manualcodeFormatted, …} as JSON" },
  ],
  examples: ["matter-factory codes --vid 0xFFF1 --pid 0x8000 --discriminator 3840 --passcode 20202021"],
};

const parseSpec: CommandSpec = {
  name: "codes parse",
  summary: "decode a QR payload (MT:…) or a manual pairing code and check it",
  usage: "<code> [--json]",
  positionals: [{ name: "code", help: "an MT: payload (several joined by *), or an 11/21-digit manual code (dashes and spaces allowed)" }],
  options: [{ name: "json", kind: "flag", help: "print the decoded fields as JSON" }],
  examples: ["matter-factory codes parse MT:Y.K9042C00KA0648G00 --json", "matter-factory codes parse 3497-011-2332"],
};

export const CODES_COMMANDS = [codesSpec, parseSpec];

function need(options: Record<string, unknown>, name: string): number {
  const v = options[name];
  if (v === undefined) throw new UsageError("usage.required-option", `codes needs --${name}`);
  return v as number;
}

function runMake(argv: string[]): number {
  const { options, help } = parseArgs(argv, codesSpec);
  if (help) return print(renderHelp(codesSpec)), 0;
  // The passcode rule of spake2p and generate, as a value error like the parser's range checks.
  if (options.passcode !== undefined) checkPasscodeOption(options.passcode);
  const payload: OnboardingPayload = {
    version: 0,
    vendorId: need(options, "vid"),
    productId: need(options, "pid"),
    flow: options.flow as 0 | 1 | 2,
    discoveryCapabilities: options.caps as number,
    discriminator: need(options, "discriminator"),
    passcode: need(options, "passcode"),
    ...(options["serial-number"] !== undefined ? { serialNumber: options["serial-number"] as string } : {}),
  };
  const problems = validateOnboardingPayload(payload);
  if (problems.length) throw new CliError("codes.payload", problems[0]);
  const qrcode = encodeQrPayload(payload);
  const manualcode = encodeManualCode(payload);
  if (options.json) {
    printJson({ qrcode, manualcode, manualcodeFormatted: formatManualCode(manualcode), ...payload });
  } else {
    print(`QR code payload:  ${qrcode}`);
    print(`Manual code:      ${formatManualCode(manualcode).replace(/\n/g, " ")}`);
  }
  return 0;
}

function runParse(argv: string[]): number {
  const { positionals: [code], options, help } = parseArgs(argv, parseSpec);
  if (help) return print(renderHelp(parseSpec)), 0;
  const text = code.trim();
  if (/^[\d\s-]+$/.test(text)) {
    const digits = text.replace(/[\s-]/g, "");
    let decoded;
    try {
      decoded = decodeManualCode(digits);
    } catch (e) {
      throw new CliError("codes.manual-code", `manual code ${JSON.stringify(code)}: ${(e as Error).message}`);
    }
    const valid = isValidPasscode(decoded.passcode);
    const out = { kind: "manual", ...decoded, passcodeValid: valid };
    if (options.json) printJson(out);
    else for (const [k, v] of Object.entries(out)) print(`${k.padEnd(20)} ${String(v)}`);
    return valid ? 0 : 1;
  }
  let payloads: OnboardingPayload[];
  try {
    payloads = decodeQrPayload(text);
  } catch (e) {
    throw new CliError("codes.qr-payload", `QR payload ${JSON.stringify(code)}: ${(e as Error).message}`);
  }
  const results = payloads.map((p) => ({ kind: "qr", ...p, problems: validateOnboardingPayload(p) }));
  if (options.json) printJson(results.length === 1 ? results[0] : results);
  else {
    results.forEach((r, i) => {
      if (results.length > 1) print(`payload ${i + 1}:`);
      for (const [k, v] of Object.entries(r)) {
        if (k === "problems") continue;
        print(`${k.padEnd(22)} ${v instanceof Uint8Array ? Buffer.from(v).toString("hex") : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
      }
      for (const p of r.problems) print(`problem: ${p}`);
    });
  }
  return results.some((r) => r.problems.length) ? 1 : 0;
}

export function runCodes(argv: string[]): number {
  if (argv[0] === "parse") return runParse(argv.slice(1));
  return runMake(argv);
}
