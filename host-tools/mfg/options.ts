// `matter-factory generate` options: esp-matter-mfg-tool 1.0.23's command line (docs/factory-data.md
// §mfg_tool options; names, aliases and defaults as `esp-matter-mfg-tool --help` prints them) plus our own run
// controls. This file declares them and turns argv into a typed GenerateOptions with the checks that
// need no files; resolve.ts does the rest.

import { type CommandSpec, type OptionSpec, type ParsedOptions, parseArgs } from "../args.js";
import { UsageError } from "../errors.js";
import { CALENDAR_TYPES, PRODUCT_COLOR, PRODUCT_FINISH } from "../../modules/factory/enums.js";
import { DISCOVERY_CAPABILITIES_DEFINED } from "../../modules/onboarding/payload.js";

export interface GenerateOptions {
  count: number;
  /** -n was given explicitly (a --mcsv row count replaces it). */
  countGiven: boolean;
  target: string;
  size: number;
  encrypt: boolean;
  outdir: string;
  noBin: boolean;
  passcode?: number;
  discriminator?: number;
  flow: 0 | 1 | 2;
  discoveryMode: number;
  dynamicPasscode: boolean;
  salt?: string;
  verifier?: string;
  iterationCount: number;
  lifetime: number;
  validFrom?: string;
  cnPrefix: string;
  cert?: string;
  key?: string;
  certDeclaration?: string;
  dacCert?: string;
  dacKey?: string;
  paa: boolean;
  pai: boolean;
  vendorId: number;
  vendorName?: string;
  productId: number;
  productName?: string;
  hwVer?: number;
  hwVerStr?: string;
  mfgDate?: string;
  serialNum?: string;
  rotatingId: boolean;
  rdIdUid?: string;
  productFinish?: string;
  productColor?: string;
  partNumber?: string;
  calendarTypes?: string[];
  locales?: string[];
  fixedLabels?: string[];
  supportedModes?: string[];
  productLabel?: string;
  productUrl?: string;
  csv?: string;
  mcsv?: string;
  // ---- ours ----
  seed?: string;
  resume: boolean;
  /** Worker threads; undefined = one per core. 0 = generate on the main thread. */
  jobs?: number;
  quiet: boolean;
  json: boolean;
  labels: boolean;
  logLevel: "debug" | "info" | "error";
}

const opt = (o: OptionSpec): OptionSpec => o;

/** Options accepted for compatibility whose feature we do not implement yet (one clear error each). */
const NOT_SUPPORTED: Record<string, string> = {
  "dac-in-secure-cert": "the esp_secure_cert partition",
  "commissionable-data-in-secure-cert": "the esp_secure_cert partition",
  "rd-id-uid-in-secure-cert": "the esp_secure_cert partition",
  "ds-peripheral": "the DS peripheral (esp32h2) key",
  port: "programming the DS peripheral over a serial port",
  password: "password-protected private keys (decrypt the key first, e.g. openssl pkey)",
};

export const GENERATE_SPEC: CommandSpec = {
  name: "generate",
  summary: "make factory partitions for a batch of devices (drop-in for esp-matter-mfg-tool, on all cores)",
  usage: "-v <vid> -p <pid> [-n <count>] [--pai|--paa -c <cert.pem> -k <key.pem>] [options]",
  positionals: [],
  options: [
    // General
    opt({ name: "count", alias: "n", kind: "int", min: 1, max: 10_000_000, placeholder: "<n>", help: "number of devices (--mcsv: its row count)", default: 1 }),
    opt({ name: "target", kind: "string", placeholder: "<chip>", help: "chip name (used by mfg_tool only for secure-cert partitions)", default: "esp32" }),
    opt({ name: "size", alias: "s", kind: "int", min: 0x1000, max: 0x40000000, placeholder: "<bytes>", help: "factory partition size, a multiple of 4096 (0x6000 = 24576)", default: 0x6000 }),
    opt({ name: "encrypt", alias: "e", kind: "flag", help: "NVS-encrypt each image and write its <uuid>-keys-partition.bin" }),
    opt({ name: "log-level", kind: "string", choices: ["debug", "info", "error"], placeholder: "<level>", help: "info: notes on stderr; error: errors only", default: "info" }),
    opt({ name: "outdir", kind: "string", placeholder: "<dir>", help: "output root; devices go to <outdir>/<vid>_<pid>/<uuid>/", default: "out" }),
    opt({ name: "no-bin", kind: "flag", help: "write the CSVs but no partition images" }),
    opt({ name: "no-secure-cert-bin", kind: "flag", help: "accepted for compatibility (no secure-cert partitions are made)" }),
    // Commissioning
    opt({ name: "passcode", kind: "int", placeholder: "<n>", help: "setup passcode (one device); default a fresh random valid passcode per device" }),
    opt({ name: "discriminator", kind: "int", min: 0, max: 0xfff, placeholder: "<n>", help: "12-bit discriminator (one device); default random per device" }),
    opt({ name: "commissioning-flow", alias: "cf", kind: "int", min: 0, max: 2, placeholder: "<0|1|2>", help: "0 standard, 1 user-intent, 2 custom", default: 0 }),
    opt({ name: "discovery-mode", alias: "dm", kind: "int", min: 1, max: DISCOVERY_CAPABILITIES_DEFINED, placeholder: "<bits>", help: "discovery bitmask: 2 BLE, 4 on-network, 8 Wi-Fi PAF, 16 NFC, 32 Thread", default: 2 }),
    opt({ name: "enable-dynamic-passcode", kind: "flag", help: "no verifier in the image and no onboarding codes (firmware makes its own passcode)" }),
    opt({ name: "salt", kind: "string", placeholder: "<base64>", help: "SPAKE2+ salt (16-32 bytes); with --verifier and --passcode" }),
    opt({ name: "verifier", kind: "string", placeholder: "<base64>", help: "SPAKE2+ verifier; with --salt and --passcode (checked against them)" }),
    opt({ name: "iteration-count", kind: "int", min: 1000, max: 100000, placeholder: "<n>", help: "PBKDF2 iterations", default: 10000 }),
    opt({ name: "commissionable-data-in-secure-cert", kind: "flag", help: "not supported yet" }),
    // Device attestation
    opt({ name: "dac-in-secure-cert", kind: "flag", help: "not supported yet" }),
    opt({ name: "lifetime", alias: "lt", kind: "int", min: 1, max: 3_000_000, placeholder: "<days>", help: "validity of generated certificates in days", default: 36500 }),
    opt({ name: "valid-from", alias: "vf", kind: "string", placeholder: "<date>", help: "notBefore, UTC: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or \"YYYY-MM-DD HH:MM:SS\" (default now)" }),
    opt({ name: "cn-prefix", alias: "cn", kind: "string", placeholder: "<text>", help: "common-name prefix of a PAI made with --paa (\"<prefix> PAI 00\")", default: "ESP32" }),
    opt({ name: "cert", alias: "c", kind: "string", placeholder: "<cert.pem>", help: "PAA (--paa) or PAI (--pai) certificate, PEM or DER" }),
    opt({ name: "key", alias: "k", kind: "string", placeholder: "<key.pem>", help: "its private key, PEM (PKCS#8 or SEC1)" }),
    opt({ name: "cert-dclrn", alias: "cd", kind: "string", placeholder: "<cd.der>", help: "Certification Declaration (DER), stored as cert-dclrn" }),
    opt({ name: "dac-cert", kind: "string", placeholder: "<dac.pem>", help: "use this DAC (one device; needs --pai -c <PAI>)" }),
    opt({ name: "dac-key", kind: "string", placeholder: "<dac-key.pem>", help: "its private key" }),
    opt({ name: "ds-peripheral", alias: "ds", kind: "flag", help: "not supported yet" }),
    opt({ name: "efuse-key-id", kind: "int", min: -1, max: 5, placeholder: "<id>", help: "not supported yet (DS peripheral)", default: -1 }),
    opt({ name: "port", kind: "string", placeholder: "<tty>", help: "not supported yet (DS peripheral)" }),
    opt({ name: "password", alias: "pwd", kind: "string", placeholder: "<text>", help: "not supported yet (encrypted keys)" }),
    opt({ name: "paa", kind: "flag", help: "-c/-k are a PAA: make a PAI (staging/pai_cert.pem), then DACs from it" }),
    opt({ name: "pai", kind: "flag", help: "-c/-k are a PAI: make a DAC per device" }),
    // Device instance information
    opt({ name: "vendor-id", alias: "v", kind: "int", min: 0, max: 0xffff, placeholder: "<vid>", help: "Vendor ID (required)" }),
    opt({ name: "vendor-name", kind: "string", placeholder: "<text>", help: "vendor name, 1-32 characters" }),
    opt({ name: "product-id", alias: "p", kind: "int", min: 0, max: 0xffff, placeholder: "<pid>", help: "Product ID (required)" }),
    opt({ name: "product-name", kind: "string", placeholder: "<text>", help: "product name, 1-32 characters" }),
    opt({ name: "hw-ver", kind: "int", min: 0, max: 0xffff, placeholder: "<n>", help: "hardware version" }),
    opt({ name: "hw-ver-str", kind: "string", placeholder: "<text>", help: "hardware version string, 1-64 characters" }),
    opt({ name: "mfg-date", kind: "string", placeholder: "<YYYYMMDD…>", help: "manufacturing date: 8-16 characters, the first 8 YYYYMMDD" }),
    opt({ name: "serial-num", kind: "string", placeholder: "<text>", help: "serial number (one device), 1-16 characters; default 32 random hex digits" }),
    opt({ name: "enable-rotating-device-id", kind: "flag", help: "write rd-id-uid (random 16 bytes per device unless --rd-id-uid)" }),
    opt({ name: "rd-id-uid", kind: "string", placeholder: "<32 hex>", help: "rotating device ID unique ID (one device)" }),
    opt({ name: "product-finish", kind: "string", choices: Object.keys(PRODUCT_FINISH), placeholder: "<finish>", help: `product finish: ${Object.keys(PRODUCT_FINISH).join(", ")}` }),
    opt({ name: "rd-id-uid-in-secure-cert", kind: "flag", help: "not supported yet" }),
    opt({ name: "product-color", kind: "string", choices: Object.keys(PRODUCT_COLOR), placeholder: "<color>", help: "product colour (black, navy, … gold)" }),
    opt({ name: "part-number", kind: "string", placeholder: "<text>", help: "part number, 1-32 characters" }),
    // Device info
    opt({ name: "calendar-types", kind: "list", greedy: true, choices: Object.keys(CALENDAR_TYPES), placeholder: "<type>…", help: "supported calendars, e.g. Gregorian Hebrew" }),
    opt({ name: "locales", kind: "list", greedy: true, placeholder: "<tag>…", help: "supported locales (BCP 47), e.g. en-US de-DE" }),
    opt({ name: "fixed-labels", kind: "list", greedy: true, placeholder: "<ep/name/value>…", help: "fixed labels, e.g. 0/orientation/up (endpoint decimal)" }),
    opt({ name: "supported-modes", kind: "list", greedy: true, placeholder: "<mode/label/ep[/tags]>…", help: "modes, e.g. \"0/Normal/1/1\\0x8000, 2\\0x8000\"" }),
    opt({ name: "product-label", kind: "string", placeholder: "<text>", help: "product label, 1-64 characters" }),
    opt({ name: "product-url", kind: "string", placeholder: "<url>", help: "product URL, 1-256 characters" }),
    opt({ name: "csv", kind: "string", placeholder: "<config.csv>", help: "extra NVS keys: lines key,type,encoding (and <ns>,namespace,); with --mcsv" }),
    opt({ name: "mcsv", kind: "string", placeholder: "<values.csv>", help: "their values: a header row, then one row per device" }),
    // ours
    opt({ name: "seed", kind: "string", placeholder: "<text>", help: "reproducible batch from this seed (TESTS ONLY: anyone with the seed knows every passcode and key)" }),
    opt({ name: "resume", kind: "flag", help: "continue an interrupted batch: same command plus --resume" }),
    opt({ name: "jobs", alias: "j", kind: "int", min: 0, max: 256, placeholder: "<n>", help: "worker threads (default: one per core; 0 = main thread only)" }),
    opt({ name: "no-labels", kind: "flag", help: "do not write the printable label sheets" }),
    opt({ name: "quiet", alias: "q", kind: "flag", help: "no progress or notes on stderr" }),
    opt({ name: "json", kind: "flag", help: "print a JSON summary on stdout at the end" }),
  ],
  notes: [
    "Output (as esp-matter-mfg-tool): <outdir>/<vid>_<pid>/<uuid>/{<uuid>-partition.bin, -keys-partition.bin (-e),",
    "-onb_codes.csv, -qrcode.png, internal/…}, staging/, summary-<time>.csv, cn_dacs-<time>.csv; and ours:",
    "manifest-<time>.jsonl (one JSON line per device: uuid, serial, codes, DAC and image SHA-256, files) and",
    "labels-<time>/sheet-NNNN.svg (A4, 24 labels: QR code, manual code, serial, VID/PID). Secret files are 0600.",
    "",
    "Interrupted (Ctrl-C, crash, power)? Run the same command plus --resume: devices in the manifest are kept,",
    "unfinished ones are redone, none is lost or repeated. A device directory appears only when complete.",
    "--seed reproduces every file byte for byte when --valid-from is given too (else certificates start 'now').",
    "",
    "Deliberate differences from esp-matter-mfg-tool 1.0.23:",
    "  --passcode must be a valid passcode: 1-99999998 and not 11111111, 12345678, … (mfg_tool's range check never fires).",
    "  --discriminator 0 is used as given (mfg_tool treats 0 as absent and picks a random one).",
    "  Random passcodes are uniform over the valid set; passcodes, serials, rd-id-uids and UUIDs never repeat in a batch.",
    "  Per-device values (--passcode, --discriminator, --serial-num, --rd-id-uid, --dac-cert, --salt) need a count of 1 (an error otherwise, as mfg_tool does).",
    "  --discovery-mode takes any bitmask of defined bits (mfg_tool 1.0.23: 2, 4 or 6 only); --valid-from also takes YYYY-MM-DD.",
    "  Empty strings are rejected where mfg_tool writes them; --csv cannot override generated keys (discriminator, salt, verifier, iteration-count, DAC/PAI, VID/PID).",
    "  Secure-cert partitions, the DS peripheral and encrypted keys answer \"not supported yet\".",
    "  Fixed-label and supported-mode endpoints are decimal, as mfg_tool parses them (int()).",
  ],
  examples: [
    "matter-factory generate -n 100 -v 0xFFF2 -p 0x8001 --pai -c PAI-Cert.pem -k PAI-Key.pem -cd CD.der --enable-rotating-device-id",
    "matter-factory generate -n 100 -v 0xFFF2 -p 0x8001 --pai -c PAI-Cert.pem -k PAI-Key.pem --resume   # after an interruption",
  ],
};

/** Option names that only steer the run; they may differ between a run and its --resume. */
export const RUN_CONTROL_OPTIONS = ["resume", "jobs", "quiet", "json", "log-level"];

/** Options whose presence is all that is compared / recorded (never their secret values). */
export const SECRET_OPTIONS = ["passcode", "salt", "verifier", "seed", "password"];

export interface ParsedGenerate {
  options: GenerateOptions;
  /** The parsed option map (names as declared), for the resume fingerprint. */
  raw: ParsedOptions;
  help: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const list = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

export function parseGenerateArgs(argv: readonly string[]): ParsedGenerate {
  const explicit = new Set<string>();
  const { options: o, help } = parseArgs(argv, GENERATE_SPEC);
  if (help) return { options: undefined as unknown as GenerateOptions, raw: o, help };
  // Which options were typed (defaults are filled in by parseArgs).
  for (const a of argv) {
    if (!a.startsWith("-")) continue;
    const name = a.replace(/^--?/, "").split("=")[0];
    const spec = GENERATE_SPEC.options.find((s) => s.name === name || s.alias === name || s.name === name.replace(/_/g, "-"));
    if (spec) explicit.add(spec.name);
  }
  for (const [name, what] of Object.entries(NOT_SUPPORTED)) {
    if (o[name] !== undefined && o[name] !== false) throw new UsageError(`option --${name}: not supported yet (${what})`);
  }
  if (num(o["efuse-key-id"]) !== -1) throw new UsageError(`option --efuse-key-id ${String(o["efuse-key-id"])}: not supported yet (${NOT_SUPPORTED["ds-peripheral"]})`);
  if (o["vendor-id"] === undefined) throw new UsageError("option --vendor-id (-v) is required");
  if (o["product-id"] === undefined) throw new UsageError("option --product-id (-p) is required");
  const options: GenerateOptions = {
    count: num(o.count) ?? 1,
    countGiven: explicit.has("count"),
    target: str(o.target) ?? "esp32",
    size: num(o.size) ?? 0x6000,
    encrypt: o.encrypt === true,
    outdir: str(o.outdir) ?? "out",
    noBin: o["no-bin"] === true,
    passcode: num(o.passcode),
    discriminator: num(o.discriminator),
    flow: (num(o["commissioning-flow"]) ?? 0) as 0 | 1 | 2,
    discoveryMode: num(o["discovery-mode"]) ?? 2,
    dynamicPasscode: o["enable-dynamic-passcode"] === true,
    salt: str(o.salt),
    verifier: str(o.verifier),
    iterationCount: num(o["iteration-count"]) ?? 10000,
    lifetime: num(o.lifetime) ?? 36500,
    validFrom: str(o["valid-from"]),
    cnPrefix: str(o["cn-prefix"]) ?? "ESP32",
    cert: str(o.cert),
    key: str(o.key),
    certDeclaration: str(o["cert-dclrn"]),
    dacCert: str(o["dac-cert"]),
    dacKey: str(o["dac-key"]),
    paa: o.paa === true,
    pai: o.pai === true,
    vendorId: num(o["vendor-id"]) as number,
    vendorName: str(o["vendor-name"]),
    productId: num(o["product-id"]) as number,
    productName: str(o["product-name"]),
    hwVer: num(o["hw-ver"]),
    hwVerStr: str(o["hw-ver-str"]),
    mfgDate: str(o["mfg-date"]),
    serialNum: str(o["serial-num"]),
    rotatingId: o["enable-rotating-device-id"] === true,
    rdIdUid: str(o["rd-id-uid"]),
    productFinish: str(o["product-finish"]),
    productColor: str(o["product-color"]),
    partNumber: str(o["part-number"]),
    calendarTypes: list(o["calendar-types"]),
    locales: list(o.locales),
    fixedLabels: list(o["fixed-labels"]),
    supportedModes: list(o["supported-modes"]),
    productLabel: str(o["product-label"]),
    productUrl: str(o["product-url"]),
    csv: str(o.csv),
    mcsv: str(o.mcsv),
    seed: str(o.seed),
    resume: o.resume === true,
    jobs: num(o.jobs),
    quiet: o.quiet === true,
    json: o.json === true,
    labels: o["no-labels"] !== true,
    logLevel: (str(o["log-level"]) ?? "info") as GenerateOptions["logLevel"],
  };
  checkCombinations(options);
  return { options, raw: o, help };
}

/** Rules between options (mfg_tool utils.validate_args, with its bugs fixed: see --help notes). */
function checkCombinations(o: GenerateOptions): void {
  if (o.paa && o.pai) throw new UsageError("options --paa and --pai are mutually exclusive");
  if ((o.dacCert === undefined) !== (o.dacKey === undefined)) throw new UsageError("options --dac-cert and --dac-key go together");
  if (o.dacCert !== undefined && !o.pai) throw new UsageError("option --dac-cert needs --pai with -c <PAI certificate>");
  if ((o.paa || o.pai) && o.cert === undefined) throw new UsageError(`option --${o.paa ? "paa" : "pai"} needs -c <certificate>`);
  if ((o.paa || (o.pai && o.dacCert === undefined)) && o.key === undefined) {
    throw new UsageError(`option --${o.paa ? "paa" : "pai"} needs -k <private key> to sign ${o.paa ? "the PAI" : "DACs"}`);
  }
  if (!o.paa && !o.pai && (o.cert !== undefined || o.key !== undefined)) {
    throw new UsageError("options -c/-k need --pai (they are a PAI) or --paa (they are a PAA)");
  }
  if ((o.csv === undefined) !== (o.mcsv === undefined)) throw new UsageError("options --csv and --mcsv go together");
  if (o.salt !== undefined || o.verifier !== undefined) {
    if (o.salt === undefined || o.verifier === undefined) throw new UsageError("options --salt and --verifier go together");
    if (o.passcode === undefined) throw new UsageError("options --salt and --verifier need --passcode");
    if (o.dynamicPasscode) throw new UsageError("options --salt and --verifier cannot be used with --enable-dynamic-passcode");
  }
  if (o.noBin && o.encrypt) throw new UsageError("options --no-bin and --encrypt: nothing to encrypt without images");
}
