// `matter-factory generate` options: esp-matter-mfg-tool 1.0.29's command line (docs/factory-data.md
// §mfg_tool options; names, aliases and defaults as `esp-matter-mfg-tool --help` prints them) plus our own run
// controls. This file declares them and turns argv into a typed GenerateOptions with the checks that
// need no files; resolve.ts does the rest.

import { type CommandSpec, type OptionSpec, type ParsedOptions, parseArgs } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { CALENDAR_TYPES, PRODUCT_COLOR, PRODUCT_FINISH } from "../../modules/factory/enums.js";
import { DISCRIMINATOR_MAX, PASSCODE_MAX, PASSCODE_MIN, PBKDF_ITERATIONS_MAX, PBKDF_ITERATIONS_MIN, PBKDF_SALT_MAX, PBKDF_SALT_MIN } from "../../modules/factory/matter-constants.js";
import { DISCOVERY_CAPABILITIES_DEFINED } from "../../modules/onboarding/payload.js";
import { checkSecureCertOptions } from "./secure-cert.js";
import { checkOptionValues } from "./input-rules.js";

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
  cdSigner?: string;
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
  // ---- esp_secure_cert (host-tools/mfg/secure-cert.ts) ----
  dacInSecureCert: boolean;
  commissionableInSecureCert: boolean;
  rdIdUidInSecureCert: boolean;
  noSecureCertBin: boolean;
  dsPeripheral: boolean;
  efuseKeyId: number;
  port?: string;
  secureCertKey: "plain" | "hmac-derived";
  efuseHmacKey?: string;
  hmacSalt?: string;
  /** Pre-provisioned modules to bind the devices to (host-tools/mfg/modules.ts). */
  modules?: string;
  moduleIdColumn: string;
  moduleSerialColumn?: string;
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
    opt({ name: "target", kind: "string", placeholder: "<chip>", help: "chip name; only -ds reads it (ECDSA peripheral: esp32h2, esp32p4, esp32c5, esp32c61, esp32s31)", default: "esp32" }),
    opt({ name: "size", alias: "s", kind: "int", min: 0x1000, max: 0x40000000, placeholder: "<bytes>", help: "factory partition size, a multiple of 4096 (0x6000 = 24576)", default: 0x6000 }),
    opt({ name: "encrypt", alias: "e", kind: "flag", help: "NVS-encrypt each image and write its <uuid>-keys-partition.bin" }),
    opt({ name: "log-level", kind: "string", choices: ["debug", "info", "error"], placeholder: "<level>", help: "info: notes on stderr; error: errors only", default: "info" }),
    opt({ name: "outdir", kind: "string", placeholder: "<dir>", help: "output root; devices go to <outdir>/<vid>_<pid>/<uuid>/", default: "out" }),
    opt({ name: "no-bin", kind: "flag", help: "write the CSVs but no partition images" }),
    opt({ name: "no-secure-cert-bin", kind: "flag", help: "make no <uuid>_esp_secure_cert.bin (an error with --dac-in-secure-cert: the DAC would be nowhere)" }),
    // Commissioning
    opt({ name: "passcode", kind: "int", placeholder: "<n>", help: "setup passcode (one device); default a fresh random valid passcode per device" }),
    opt({ name: "discriminator", kind: "int", min: 0, max: DISCRIMINATOR_MAX, placeholder: "<n>", help: "12-bit discriminator (one device); default random per device" }),
    opt({ name: "commissioning-flow", alias: "cf", kind: "int", min: 0, max: 2, placeholder: "<0|1|2>", help: "0 standard, 1 user-intent, 2 custom", default: 0 }),
    opt({ name: "discovery-mode", alias: "dm", kind: "int", min: 1, max: DISCOVERY_CAPABILITIES_DEFINED, placeholder: "<bits>", help: "discovery bitmask: 2 BLE, 4 on-network, 8 Wi-Fi PAF, 16 NFC, 32 Thread", default: 2 }),
    opt({ name: "enable-dynamic-passcode", kind: "flag", help: "no verifier in the image and no onboarding codes (firmware makes its own passcode)" }),
    opt({ name: "salt", kind: "string", placeholder: "<base64>", help: `SPAKE2+ salt (${PBKDF_SALT_MIN}-${PBKDF_SALT_MAX} bytes); with --verifier and --passcode` }),
    opt({ name: "verifier", kind: "string", placeholder: "<base64>", help: "SPAKE2+ verifier; with --salt and --passcode (checked against them)" }),
    opt({ name: "iteration-count", kind: "int", min: PBKDF_ITERATIONS_MIN, max: PBKDF_ITERATIONS_MAX, placeholder: "<n>", help: "PBKDF2 iterations", default: 10000 }),
    opt({ name: "commissionable-data-in-secure-cert", kind: "flag", help: "discriminator, salt, iteration count, verifier as TLV 201 entries in the secure-cert image, not in NVS (with the other two *-in-secure-cert flags)" }),
    // Device attestation
    opt({ name: "dac-in-secure-cert", kind: "flag", help: "DAC, PAI and DAC key in <uuid>/<uuid>_esp_secure_cert.bin (flash at 0xD000), not in NVS; cert-dclrn stays in NVS" }),
    opt({ name: "secure-cert-key", kind: "string", choices: ["plain", "hmac-derived"], placeholder: "<mode>", help: "DAC key in the secure-cert image: plain (121-byte DER, protect with flash encryption) or hmac-derived (the chip derives it from an eFuse HMAC key; <uuid>-efuse_hmac_key.bin for espefuse burn-key)", default: "plain" }),
    opt({ name: "efuse-hmac-key", kind: "string", placeholder: "<key.bin>", help: "hmac-derived: this 32-byte eFuse key (one device) instead of a random one" }),
    opt({ name: "hmac-salt", kind: "string", placeholder: "<hex>", help: "hmac-derived: this salt (one device) instead of 32 random bytes" }),
    opt({ name: "lifetime", alias: "lt", kind: "int", min: 1, max: 3_000_000, placeholder: "<days>", help: "validity of generated certificates in days", default: 36500 }),
    opt({ name: "valid-from", alias: "vf", kind: "string", placeholder: "<date>", help: "notBefore, UTC: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or \"YYYY-MM-DD HH:MM:SS\" (default now)" }),
    opt({ name: "cn-prefix", alias: "cn", kind: "string", placeholder: "<text>", help: "common-name prefix of a PAI made with --paa (\"<prefix> PAI 00\")", default: "ESP32" }),
    opt({ name: "cert", alias: "c", kind: "string", placeholder: "<cert.pem>", help: "PAA (--paa) or PAI (--pai) certificate, PEM or DER" }),
    opt({ name: "key", alias: "k", kind: "string", placeholder: "<key.pem>", help: "its private key, PEM (PKCS#8 or SEC1)" }),
    opt({ name: "cert-dclrn", alias: "cd", kind: "string", placeholder: "<cd.der>", help: "Certification Declaration (DER), stored as cert-dclrn" }),
    opt({ name: "cd-signer", kind: "string", placeholder: "<cert>", help: "certificate of the CD's signing key: -cd's signature must verify with it" }),
    opt({ name: "dac-cert", kind: "string", placeholder: "<dac.pem>", help: "use this DAC (one device; needs --pai -c <PAI>)" }),
    opt({ name: "dac-key", kind: "string", placeholder: "<dac-key.pem>", help: "its private key" }),
    opt({ name: "ds-peripheral", alias: "ds", kind: "flag", help: "ECDSA-peripheral key (not on esp32c3: its DS peripheral is RSA-only); needs --efuse-key-id and --dac-in-secure-cert" }),
    opt({ name: "efuse-key-id", kind: "int", min: -1, max: 5, placeholder: "<id>", help: "-ds: eFuse key block 0-5 of the ECDSA key", default: -1 }),
    opt({ name: "port", kind: "string", placeholder: "<tty>", help: "refused: this tool never writes to a chip (burn with espefuse)" }),
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
    opt({ name: "mfg-date", kind: "string", placeholder: "<YYYY-MM-DD…>", help: "manufacturing date YYYYMMDD or YYYY-MM-DD, optionally + 8 suffix characters; a real date" }),
    opt({ name: "serial-num", kind: "string", placeholder: "<text>", help: "serial number (one device), 1-16 characters; default 32 random hex digits" }),
    opt({ name: "enable-rotating-device-id", kind: "flag", help: "write rd-id-uid (random 16 bytes per device unless --rd-id-uid)" }),
    opt({ name: "rd-id-uid", kind: "string", placeholder: "<32 hex>", help: "rotating device ID unique ID (one device)" }),
    opt({ name: "product-finish", kind: "string", choices: Object.keys(PRODUCT_FINISH), placeholder: "<finish>", help: `product finish: ${Object.keys(PRODUCT_FINISH).join(", ")}` }),
    opt({ name: "rd-id-uid-in-secure-cert", kind: "flag", help: "rd-id-uid as a TLV 201 entry in the secure-cert image (random unless --rd-id-uid), not in NVS" }),
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
    // Pre-provisioned modules
    opt({ name: "modules", kind: "string", placeholder: "<modules.csv>", help: "pre-provisioned modules (a header row, one row per module): device i is bound to row i; the count is its row count" }),
    opt({ name: "module-id-column", kind: "string", placeholder: "<name>", help: "--modules column naming the module (case-insensitive)", default: "MAC" }),
    opt({ name: "module-serial-column", kind: "string", placeholder: "<name>", help: "--modules column whose value becomes the device's serial-num" }),
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
    "Secure-cert images (esp_secure_cert, flash at 0xD000; docs/secure-cert.md): --dac-in-secure-cert writes",
    "<uuid>/<uuid>_esp_secure_cert.bin (DAC, PAI, key) and leaves dac-cert, dac-key, dac-pub-key, pai-cert out of NVS.",
    "With no --pai/--paa the image is for a pre-provisioned module: its DAC is expected in the module's own",
    "esp_secure_cert partition (--modules binds each image to a module).",
    "",
    "Deliberate differences from esp-matter-mfg-tool 1.0.29:",
    `  --passcode must be a valid passcode: ${PASSCODE_MIN}-${PASSCODE_MAX} and not 11111111, 12345678, … (mfg_tool's range check never fires).`,
    "  --discriminator 0 is used as given (mfg_tool treats 0 as absent and picks a random one).",
    "  Random passcodes are uniform over the valid set; passcodes, serials, rd-id-uids and UUIDs never repeat in a batch.",
    "  Per-device values (--passcode, --discriminator, --serial-num, --rd-id-uid, --dac-cert, --salt) need a count of 1 (an error otherwise, as mfg_tool does).",
    "  --discovery-mode: any sum of 2, 4, 8, 16, 32, as mfg_tool 1.0.29 (1.0.23: 2, 4 or 6 only); --valid-from also takes YYYY-MM-DD.",
    "  --enable-dynamic-passcode with --passcode is refused (mfg_tool ignores the passcode); text with control characters,",
    "  --locales that are not BCP 47 tags and dates that do not exist (20260230) are refused.",
    "  Empty strings are rejected where mfg_tool writes them; --csv cannot override generated keys (discriminator, salt, verifier, iteration-count, DAC/PAI, VID/PID).",
    "  Secure-cert flags that would leave a device without a DAC are errors (mfg_tool ignores --dac-in-secure-cert",
    "  without --pai/--paa and writes no DAC anywhere with --no-secure-cert-bin); -ds is refused on esp32c3; --port is refused.",
    "  Encrypted (password-protected) keys answer \"not supported yet\".",
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
    if (o[name] !== undefined && o[name] !== false) throw new UsageError("usage.not-supported", `option --${name}: not supported yet (${what})`);
  }
  if (o["vendor-id"] === undefined) throw new UsageError("usage.required-option", "option --vendor-id (-v) is required");
  if (o["product-id"] === undefined) throw new UsageError("usage.required-option", "option --product-id (-p) is required");
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
    cdSigner: str(o["cd-signer"]),
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
    dacInSecureCert: o["dac-in-secure-cert"] === true,
    commissionableInSecureCert: o["commissionable-data-in-secure-cert"] === true,
    rdIdUidInSecureCert: o["rd-id-uid-in-secure-cert"] === true,
    noSecureCertBin: o["no-secure-cert-bin"] === true,
    dsPeripheral: o["ds-peripheral"] === true,
    efuseKeyId: num(o["efuse-key-id"]) ?? -1,
    port: str(o.port),
    secureCertKey: (str(o["secure-cert-key"]) ?? "plain") as GenerateOptions["secureCertKey"],
    efuseHmacKey: str(o["efuse-hmac-key"]),
    hmacSalt: str(o["hmac-salt"]),
    modules: str(o.modules),
    moduleIdColumn: str(o["module-id-column"]) ?? "MAC",
    moduleSerialColumn: str(o["module-serial-column"]),
    seed: str(o.seed),
    resume: o.resume === true,
    jobs: num(o.jobs),
    quiet: o.quiet === true,
    json: o.json === true,
    labels: o["no-labels"] !== true,
    logLevel: (str(o["log-level"]) ?? "info") as GenerateOptions["logLevel"],
  };
  checkCombinations(options);
  checkSecureCertOptions(options);
  // mfg_tool 1.0.29 cli.py int_bitmask(0x3E): bit 0 (Soft-AP) is not among the discovery modes it takes.
  if (options.discoveryMode & 1) throw new CliError("option.discovery-mode", `option --discovery-mode ${options.discoveryMode}: bit 0 (Soft-AP, 1) is not allowed; use 2, 4, 8, 16, 32 or a sum of them`);
  checkOptionValues(options);
  return { options, raw: o, help };
}

/** Rules between options (mfg_tool utils.validate_args, with its bugs fixed: see --help notes). */
function checkCombinations(o: GenerateOptions): void {
  if (o.paa && o.pai) throw new UsageError("usage.option-conflict", "options --paa and --pai are mutually exclusive");
  if ((o.dacCert === undefined) !== (o.dacKey === undefined)) throw new UsageError("usage.option-pair", "options --dac-cert and --dac-key go together");
  if (o.dacCert !== undefined && !o.pai) throw new UsageError("usage.option-needs", "option --dac-cert needs --pai with -c <PAI certificate>");
  if ((o.paa || o.pai) && o.cert === undefined) throw new UsageError("usage.option-needs", `option --${o.paa ? "paa" : "pai"} needs -c <certificate>`);
  if ((o.paa || (o.pai && o.dacCert === undefined)) && o.key === undefined) {
    throw new UsageError("usage.option-needs", `option --${o.paa ? "paa" : "pai"} needs -k <private key> to sign ${o.paa ? "the PAI" : "DACs"}`);
  }
  if (!o.paa && !o.pai && (o.cert !== undefined || o.key !== undefined)) {
    throw new UsageError("usage.option-needs", "options -c/-k need --pai (they are a PAI) or --paa (they are a PAA)");
  }
  if ((o.csv === undefined) !== (o.mcsv === undefined)) throw new UsageError("usage.option-pair", "options --csv and --mcsv go together");
  if (o.salt !== undefined || o.verifier !== undefined) {
    if (o.salt === undefined || o.verifier === undefined) throw new UsageError("usage.option-pair", "options --salt and --verifier go together");
    if (o.passcode === undefined) throw new UsageError("usage.option-needs", "options --salt and --verifier need --passcode");
    if (o.dynamicPasscode) throw new UsageError("usage.option-conflict", "options --salt and --verifier cannot be used with --enable-dynamic-passcode");
  }
  if (o.cdSigner !== undefined && o.certDeclaration === undefined) throw new UsageError("usage.option-needs", "option --cd-signer needs -cd <cd.der>");
  if (o.noBin && o.encrypt) throw new UsageError("usage.option-conflict", "options --no-bin and --encrypt: nothing to encrypt without images");
}
