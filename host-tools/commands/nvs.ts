// `matter-factory nvs …`: ESP-IDF NVS partition images, interchangeable with esp-idf-nvs-partition-gen
// (same CSV, same bytes; docs/nvs-format.md). Subcommands: generate, encrypt, decrypt, generate-key, dump.
import { rmSync } from "node:fs";
import { basename, isAbsolute, join, resolve } from "node:path";
import { parseNvsCsv } from "../../modules/nvs/csv.js";
import { parseNvsSize, writeNvsImage } from "../../modules/nvs/writer.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import { type CommandSpec, type OptionSpec, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { readInputFile, writeFileAtomic } from "../files.js";
import { nodeRandom } from "../node-random.js";
import { note, print, printJson } from "../output.js";

const versionOption: OptionSpec = {
  name: "version", kind: "string", choices: ["1", "2"], default: "2", placeholder: "1|2",
  help: "NVS format: 2 = multi-page blobs (ESP-IDF ≥ 4.0), 1 = legacy single-page blobs",
};
const outdirOption: OptionSpec = {
  name: "outdir", kind: "string", placeholder: "<dir>",
  help: "directory for relative output paths (esp-idf-nvs-partition-gen's --outdir)",
};

const generateSpec: CommandSpec = {
  name: "nvs generate",
  summary: "build an NVS partition image from a CSV (byte-identical to esp-idf-nvs-partition-gen)",
  usage: "<input.csv> <output.bin> <size> [--version 1|2]",
  positionals: [
    { name: "input.csv", help: "rows key,type,encoding,value; type namespace|data|file; `file` paths are relative to the current directory" },
    { name: "output.bin", help: "image to write (atomically, mode 0600: factory images hold DAC keys)" },
    { name: "size", help: "partition size, a multiple of 4096: hex (0x6000) or decimal (24576); 0x1000/0x2000 = read-only" },
  ],
  options: [versionOption, outdirOption],
  examples: ["matter-factory nvs generate factory.csv factory.bin 0x6000"],
};

const generateManySpec: CommandSpec = {
  name: "nvs generate-many",
  summary: "build one image per CSV in a single process (a factory batch without per-image start-up)",
  usage: "<size> <outdir> <input.csv>... [--version 1|2]",
  positionals: [
    { name: "size", help: "partition size for every image, as for nvs generate" },
    { name: "outdir", help: "directory for the images: <outdir>/<csv name>.bin (created if missing)" },
    { name: "input.csv", help: "one or more CSVs", variadic: true },
  ],
  options: [versionOption, { name: "quiet", kind: "flag", help: "no per-image lines" }],
  notes: ["All or nothing: if any CSV is rejected, the images this run already wrote are removed."],
  examples: ["matter-factory nvs generate-many 0x6000 out/ devices/*.csv"],
};

const encryptSpec: CommandSpec = {
  name: "nvs encrypt",
  summary: "build an XTS-AES encrypted NVS image (ESP-IDF NVS encryption)",
  usage: "<input.csv> <output.bin> <size> (--inputkey <keys.bin> | --keygen [--keyfile <name.bin>])",
  positionals: generateSpec.positionals,
  options: [
    versionOption,
    outdirOption,
    { name: "inputkey", kind: "string", placeholder: "<keys.bin>", help: "existing NVS keys partition image (first 64 bytes: data key ‖ tweak key)" },
    { name: "keygen", kind: "flag", help: "generate new keys from the OS CSPRNG and write the keys partition image" },
    { name: "keyfile", kind: "string", placeholder: "<name.bin>", help: "with --keygen: keys file name, written under <outdir>/keys/ (default keys-<output name>)" },
    { name: "key_protect_hmac", kind: "flag", help: "with --keygen: derive the keys from an HMAC key (--kp_hmac_inputkey)" },
    { name: "kp_hmac_inputkey", kind: "string", placeholder: "<hmac.bin>", help: "32-byte HMAC key file for --key_protect_hmac" },
  ],
  examples: [
    "matter-factory nvs encrypt factory.csv factory.bin 0x6000 --inputkey nvs_keys.bin",
    "matter-factory nvs encrypt factory.csv factory.bin 0x6000 --keygen --keyfile nvs_keys.bin",
  ],
  notes: ["Keys files are written 0600. Flash the keys image to the nvs_keys partition (flash-encrypted on the device)."],
};

const decryptSpec: CommandSpec = {
  name: "nvs decrypt",
  summary: "decrypt an encrypted NVS image with its keys partition image",
  usage: "<image.bin> <keys.bin> <output.bin>",
  positionals: [
    { name: "image.bin", help: "encrypted NVS image" },
    { name: "keys.bin", help: "NVS keys partition image" },
    { name: "output.bin", help: "plaintext image to write (mode 0600)" },
  ],
  options: [outdirOption],
};

const generateKeySpec: CommandSpec = {
  name: "nvs generate-key",
  summary: "write a new NVS keys partition image (4096 bytes: data key, tweak key, CRC)",
  usage: "<keys.bin> [--key_protect_hmac --kp_hmac_inputkey <hmac.bin>]",
  positionals: [{ name: "keys.bin", help: "file to write (mode 0600)" }],
  options: [
    { name: "key_protect_hmac", kind: "flag", help: "derive the keys from an HMAC key instead of the CSPRNG" },
    { name: "kp_hmac_inputkey", kind: "string", placeholder: "<hmac.bin>", help: "32-byte HMAC key file" },
  ],
};

const dumpSpec: CommandSpec = {
  name: "nvs dump",
  summary: "print every namespace, key, type and value of an NVS image, and any damage found",
  usage: "<image.bin> [--keys <keys.bin>] [--json]",
  positionals: [{ name: "image.bin", help: "NVS partition image (plaintext, or encrypted with --keys)" }],
  options: [
    { name: "keys", kind: "string", placeholder: "<keys.bin>", help: "NVS keys partition image, for encrypted images" },
    { name: "json", kind: "flag", help: "JSON: {namespaces: {ns: {key: {type, value}}}, problems}; bytes as hex" },
    { name: "show-secrets", kind: "flag", help: "print secret chip-factory values (DAC private key, pin-code) instead of redacting them" },
  ],
  notes: ["Like ESP-IDF's runtime, damaged entries are skipped and reported; the exit status is 1 if any were found."],
};

// Loaded on demand: `nvs generate` needs only the CSV front end and the writer (start-up time
// matters when a factory script runs one process per image).
const encryption = () => import("../../modules/nvs/encryption.js");

export const NVS_COMMANDS = [generateSpec, generateManySpec, encryptSpec, decryptSpec, generateKeySpec, dumpSpec];

function outputPath(path: string, outdir: unknown): string {
  return typeof outdir === "string" && !isAbsolute(path) ? join(outdir, path) : path;
}

function buildImage(csvPath: string, sizeText: string, version: string): Uint8Array {
  const size = parseNvsSize(sizeText);
  const csv = readInputFile(csvPath, "input CSV");
  const text = Buffer.from(csv).toString("utf8");
  // `file` rows resolve against the current directory, as esp-idf-nvs-partition-gen does.
  const rows = parseNvsCsv(text, (p) => readInputFile(resolve(p), "file referenced by the CSV"));
  return writeNvsImage(rows, { size, version: version === "1" ? 1 : 2 });
}

/**
 * A keys file as esp-idf-nvs-partition-gen takes it: the generator reads the first 64 bytes and never
 * checks the CRC; the device does. We accept a raw 64-byte file and a keys partition image, and say so
 * when the CRC the device will check is missing or wrong.
 */
async function loadKeys(path: string): Promise<NvsKeys> {
  const { parseKeyPartition } = await encryption();
  const bytes = readInputFile(path, "keys file");
  if (bytes.length < 64) throw new CliError("nvs.keys-size", `keys file ${JSON.stringify(path)}: ${bytes.length} bytes, needs at least 64 (data key, tweak key)`);
  try {
    return parseKeyPartition(bytes);
  } catch (e) {
    if (bytes.subarray(0, 64).every((b) => b === 0xff)) throw new CliError("nvs.keys-blank", `keys file ${JSON.stringify(path)}: keys not initialized (all 0xFF)`);
    note(`note: keys file ${path}: ${(e as Error).message}; using its first 64 bytes as esp-idf-nvs-partition-gen does (the device checks this CRC)`);
    return { eky: bytes.slice(0, 32), tky: bytes.slice(32, 64) };
  }
}

async function hmacKeys(path: unknown): Promise<NvsKeys> {
  const { deriveHmacKeys } = await encryption();
  if (typeof path !== "string") throw new UsageError("usage.option-needs", "--key_protect_hmac needs --kp_hmac_inputkey <hmac.bin>");
  const key = readInputFile(path, "HMAC key file");
  if (key.length !== 32) throw new CliError("nvs.hmac-key-size", `HMAC key file ${JSON.stringify(path)}: must be 32 bytes, is ${key.length}`);
  return deriveHmacKeys(key);
}

function runGenerate(argv: string[]): number {
  const { positionals: [input, output, size], options, help } = parseArgs(argv, generateSpec);
  if (help) return print(renderHelp(generateSpec)), 0;
  const image = buildImage(input, size, options.version as string);
  const out = outputPath(output, options.outdir);
  writeFileAtomic(out, image, { secret: true, mkdir: true });
  note(`Created NVS binary: ${out} (${image.length} bytes)`);
  return 0;
}

function runGenerateMany(argv: string[]): number {
  const { positionals: [size, outdir, ...inputs], options, help } = parseArgs(argv, generateManySpec);
  if (help) return print(renderHelp(generateManySpec)), 0;
  if (inputs.length === 0) throw new UsageError("usage.missing-argument", `"nvs generate-many" needs at least one <input.csv>`);
  const names = new Set<string>();
  const outputs = inputs.map((input) => {
    const out = join(outdir, `${basename(input).replace(/\.csv$/i, "")}.bin`);
    if (names.has(out)) throw new UsageError("usage.duplicate-value", `two inputs map to the same output ${out}`);
    names.add(out);
    return out;
  });
  const written: string[] = [];
  try {
    inputs.forEach((input, i) => {
      let image: Uint8Array;
      try {
        image = buildImage(input, size, options.version as string);
      } catch (e) {
        if (e instanceof Error) e.message = `${input}: ${e.message}`;
        throw e;
      }
      writeFileAtomic(outputs[i], image, { secret: true, mkdir: true });
      written.push(outputs[i]);
      if (!options.quiet) note(`Created NVS binary: ${outputs[i]}`);
    });
  } catch (e) {
    for (const p of written) rmSync(p, { force: true });
    throw e;
  }
  return 0;
}

async function runEncrypt(argv: string[]): Promise<number> {
  const { encryptNvsImage, generateKeys, makeKeyPartition } = await encryption();
  const { positionals: [input, output, size], options, help } = parseArgs(argv, encryptSpec);
  if (help) return print(renderHelp(encryptSpec)), 0;
  if (!options.keygen && !options.inputkey) throw new UsageError("usage.required-option", "nvs encrypt needs --inputkey <keys.bin> or --keygen");
  if (options.keygen && options.inputkey) throw new UsageError("usage.option-conflict", "nvs encrypt takes --inputkey or --keygen, not both");
  const keys = options.inputkey
    ? await loadKeys(options.inputkey as string)
    : options.key_protect_hmac
      ? await hmacKeys(options.kp_hmac_inputkey)
      : generateKeys(nodeRandom);
  const image = encryptNvsImage(buildImage(input, size, options.version as string), keys);
  const out = outputPath(output, options.outdir);
  if (options.keygen) {
    const name = (options.keyfile as string | undefined) ?? `keys-${output.replace(/^.*\//, "")}`;
    const keyPath = isAbsolute(name) ? name : join((options.outdir as string | undefined) ?? ".", "keys", name);
    writeFileAtomic(keyPath, makeKeyPartition(keys), { secret: true, mkdir: true });
    note(`Created encryption keys: ${keyPath}`);
  }
  writeFileAtomic(out, image, { secret: true, mkdir: true });
  note(`Created encrypted NVS binary: ${out} (${image.length} bytes)`);
  return 0;
}

async function runDecrypt(argv: string[]): Promise<number> {
  const { decryptNvsImage } = await encryption();
  const { positionals: [input, keysPath, output], options, help } = parseArgs(argv, decryptSpec);
  if (help) return print(renderHelp(decryptSpec)), 0;
  const keys = await loadKeys(keysPath);
  const image = readInputFile(input, "encrypted image");
  const out = outputPath(output, options.outdir);
  writeFileAtomic(out, decryptNvsImage(image, keys), { secret: true, mkdir: true });
  note(`Created NVS decrypted binary: ${out}`);
  return 0;
}

async function runGenerateKey(argv: string[]): Promise<number> {
  const { generateKeys, makeKeyPartition } = await encryption();
  const { positionals: [output], options, help } = parseArgs(argv, generateKeySpec);
  if (help) return print(renderHelp(generateKeySpec)), 0;
  const keys = options.key_protect_hmac ? await hmacKeys(options.kp_hmac_inputkey) : generateKeys(nodeRandom);
  writeFileAtomic(output, makeKeyPartition(keys), { secret: true, mkdir: true });
  note(`Created encryption keys: ${output}`);
  return 0;
}

async function runDump(argv: string[]): Promise<number> {
  const [{ formatNvsProblem, readNvsImage }, { nvsToJson }, { FACTORY_KEYS, FACTORY_NAMESPACE }] = await Promise.all([
    import("../../modules/nvs/reader.js"),
    import("../../modules/nvs/dump.js"),
    import("../../modules/factory/schema.js"),
  ]);
  const SECRET_FACTORY_KEYS = new Set(FACTORY_KEYS.filter((k) => k.secret).map((k) => k.key));
  const { positionals: [input], options, help } = parseArgs(argv, dumpSpec);
  if (help) return print(renderHelp(dumpSpec)), 0;
  const image = readInputFile(input, "image");
  const keys = options.keys ? await loadKeys(options.keys as string) : undefined;
  const result = readNvsImage(image, keys ? { keys } : {});
  const json = nvsToJson(result);
  const redacted: string[] = [];
  if (!options["show-secrets"]) {
    const ns = json.namespaces[FACTORY_NAMESPACE];
    for (const key of Object.keys(ns ?? {})) {
      if (SECRET_FACTORY_KEYS.has(key)) {
        ns[key] = { type: ns[key].type, value: null, redacted: true } as (typeof ns)[string];
        redacted.push(key);
      }
    }
  }
  if (options.json) printJson(json);
  else {
    for (const [ns, entries] of Object.entries(json.namespaces)) {
      print(`[${ns}]`);
      for (const [key, { type, value }] of Object.entries(entries)) {
        const shown = value === null ? "<redacted: --show-secrets to print>" : typeof value === "string" && type === "string" ? JSON.stringify(value) : String(value);
        print(`  ${key.padEnd(16)} ${type.padEnd(7)} ${shown}`);
      }
    }
    for (const p of result.problems) note(`problem: ${formatNvsProblem(p)}`);
  }
  return json.problems.length ? 1 : 0;
}

export function runNvs(argv: string[]): number | Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case "generate": return runGenerate(rest);
    case "generate-many": return runGenerateMany(rest);
    case "encrypt": return runEncrypt(rest);
    case "decrypt": return runDecrypt(rest);
    case "generate-key": return runGenerateKey(rest);
    case "dump": return runDump(rest);
    default:
      throw new UsageError(sub ? "usage.unknown-subcommand" : "usage.missing-subcommand", sub ? `unknown nvs subcommand "${sub}" (generate, generate-many, encrypt, decrypt, generate-key, dump)` : "nvs needs a subcommand: generate, generate-many, encrypt, decrypt, generate-key, dump");
  }
}
