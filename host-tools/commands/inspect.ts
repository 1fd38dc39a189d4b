// `matter-factory inspect <image.bin>`: every chip-factory value of a factory image by name, decoded,
// grouped by the connectedhomeip provider that reads it; secrets redacted unless --show-secrets.
import { existsSync } from "node:fs";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError } from "../errors.js";
import { readInputFile } from "../files.js";
import { note, print, printJson } from "../output.js";
import { inspectImage, inspectionToJson, renderInspection } from "../inspect/inspect.js";
import { loadNvsKeys } from "../inspect/device.js";
import { inspectSecureCert, looksLikeSecureCert } from "../inspect/secure-cert.js";

const inspectSpec: CommandSpec = {
  name: "inspect",
  summary: "print every chip-factory value of a factory image, or every entry of an esp_secure_cert image, by name, decoded",
  usage: "<image.bin> [--keys <keys.bin>] [--json] [--show-secrets]",
  positionals: [{ name: "image.bin", help: "factory NVS partition image (<uuid>-partition.bin), or an esp_secure_cert image (<uuid>_esp_secure_cert.bin, esp-secure-cert-tool's esp_secure_cert.bin, or `esptool read-flash 0xD000 0x2000 dump.bin`)" }],
  options: [
    { name: "keys", kind: "string", placeholder: "<keys.bin>", help: "NVS keys partition image, for encrypted images (<uuid>-keys-partition.bin)" },
    { name: "json", kind: "flag", help: "JSON: {entries: [{namespace, key, type, value, provider, display, decoded}], findings, …}; blobs as hex" },
    { name: "show-secrets", kind: "flag", help: "print secret values (DAC private key, pin-code) instead of redacting them" },
  ],
  notes: [
    "Values are decoded the way connectedhomeip's ESP32 providers read them: salt/verifier as base64 text, DAC/PAI",
    "certificates summarised, the CD decoded, enums named. Findings list what the providers would not read or reject.",
    "An esp_secure_cert image (TLV magic at 0, or exactly 8 KiB) is listed entry by entry: offset, type/subtype, flags,",
    "length, CRC, what it holds (DAC/PAI summarised, key redacted), then what the secure-cert DAC provider would get.",
    "Exit status: 0 when the image could be read (findings do not change it), 1 when it could not.",
  ],
  examples: [
    "matter-factory inspect out/fff2_8001/<uuid>/<uuid>-partition.bin",
    "matter-factory inspect factory.bin --keys nvs_keys.bin --json",
  ],
};

export const INSPECT_COMMANDS = [inspectSpec];

export function runInspect(argv: string[]): number {
  const { positionals: [path], options, help } = parseArgs(argv, inspectSpec);
  if (help) return print(renderHelp(inspectSpec)), 0;
  const image = readInputFile(path, "image");
  if (looksLikeSecureCert(image)) {
    const sc = inspectSecureCert(image, path, !!options["show-secrets"]);
    if (options.json) printJson(sc.json);
    else for (const line of sc.lines) print(line);
    if (sc.image.format !== "tlv") throw new CliError("inspect.no-secure-cert-entries", `image ${JSON.stringify(path)}: no esp_secure_cert TLV entries (${sc.image.format})`);
    return 0;
  }
  const keys = typeof options.keys === "string" ? loadNvsKeys(options.keys) : undefined;
  const inspection = inspectImage(image, { keys, showSecrets: !!options["show-secrets"] });
  if (options.json) printJson(inspectionToJson(inspection, path));
  else for (const line of renderInspection(inspection, path)) print(line);
  if (!inspection.readable) {
    const sibling = path.replace(/-partition\.bin$/, "-keys-partition.bin");
    if (!keys && sibling !== path && existsSync(sibling)) note(`hint: ${sibling} exists: try --keys ${sibling}`);
    throw new CliError("inspect.unreadable", `image ${JSON.stringify(path)}: ${inspection.unreadable}`);
  }
  return 0;
}
