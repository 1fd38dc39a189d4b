// The stable ids of the CLI's own errors (CliError exit 1, UsageError exit 2; errors.ts). Scripts read
// them from `--json` stderr ({"error":{"id","message","exit"}}); code branches on them, never on the
// message text. Ids of the production line are in line/flash-errors.ts, line/station-errors.ts and
// line/registry/; the modules' bad-input ids are beside their InputError classes.
// test/cli-error-ids.test.ts checks that every id thrown in host-tools is listed here.

export const CLI_ERROR_IDS = [
  // exit 2 — the command line itself (args.ts and the commands' own option relations)
  "usage.unknown-command", //     no such command
  "usage.unknown-subcommand", //  no such subcommand of nvs / registry
  "usage.missing-subcommand", //  nvs without a subcommand
  "usage.unknown-option", //      an option the command does not declare
  "usage.flag-value", //          a flag written --flag=value
  "usage.missing-value", //       an option at the end of the line without its value
  "usage.repeated-option", //     a single-valued option given twice
  "usage.missing-argument", //    fewer positional arguments than the command needs
  "usage.extra-argument", //      more positional arguments than the command takes
  "usage.required-option", //     a required option is absent (codes --vid, flash --port, generate --vendor-id, …)
  "usage.option-needs", //        an option that needs another one (--cd-signer needs -cd, -ds needs --efuse-key-id, …)
  "usage.option-pair", //         options that go together were not given together (--dac-cert/--dac-key, --csv/--mcsv, …)
  "usage.option-conflict", //     options that exclude each other were both given
  "usage.per-device-option", //   a value for one device given to a batch of several
  "usage.not-supported", //       an option this tool does not support (yet, or ever: --port on generate)
  "usage.not-on-target", //       an option the chosen --target cannot do (-ds on the ESP32-C3)
  "usage.duplicate-value", //     the same value twice where each must be distinct (station --port, generate-many outputs)
  "usage.resume-options", //      --resume with options that differ from the interrupted batch's
  // exit 1 — an option's value (args.ts parseIntArg and choices; the commands' value rules)
  "option.not-a-number", //       not a decimal or 0x-hex integer
  "option.too-large", //          beyond a safe integer
  "option.range", //              outside the option's declared min..max
  "option.choice", //             not one of the option's choices
  "option.passcode", //           not a valid setup passcode (Core §5.1.1.6 range, §5.1.7.1 trivial values)
  "option.text", //               text that breaks the printable-text rule (mfg/input-rules.ts)
  "option.mfg-date", //           not a manufacturing date
  "option.locale", //             not a locale tag
  "option.discovery-mode", //     --discovery-mode with the Soft-AP bit
  "option.outdir", //             --outdir that names no directory
  "option.base64", //             a value that must be base64 and is not
  "option.hex", //                a value that must be hex bytes and is not (--hmac-salt)
  "option.key-size", //           a key of the wrong length (--efuse-hmac-key)
  "option.hmac-derived", //       no valid key derives from the given eFuse key and salt
  "option.certificate", //        a certificate option whose file does not load (--cd-signer)
  // exit 1 — files (branching on the file system's error code, never its message)
  "file.missing", //              ENOENT: an input file does not exist
  "file.is-directory", //         EISDIR: a directory where a file is expected
  "file.unreadable", //           any other read failure (EACCES, EIO, …)
  "file.no-space", //             ENOSPC/EDQUOT while writing
  "file.unwritable", //           any other write failure
  // exit 1 — generate's output tree (mfg/output-tree.ts, mfg/batch.ts)
  "outdir.link", //               a symbolic link in the output tree
  "outdir.not-directory", //      --outdir names a file
  "outdir.locked", //             another live process holds the batch's .lock
  "outdir.unfinished", //         an interrupted batch is there and --resume was not given
  "outdir.no-space", //           the disk cannot hold the whole batch (checked before the first write)
  // exit 1 — --resume of an interrupted batch (mfg/batch.ts)
  "resume.no-batch", //           no .batch.json in the output tree
  "resume.state-format", //       .batch.json unreadable or of another version
  "resume.corrupt", //            a side file whose lines do not continue the batch
  "resume.file-missing", //       a file the batch made is gone
  "resume.inputs-changed", //     an input file changed since the batch started
  "resume.count-changed", //      the options make another number of devices
  // exit 1 — generate's batch run
  "batch.failed", //              a device failed (the batch stopped; the message says how far it got)
  "batch.worker-failed", //       a worker thread died
  // exit 1 — generate --modules (mfg/secure-cert-modules.ts)
  "modules.empty", //             no header row
  "modules.no-column", //         the header lacks the id or serial column
  "modules.no-rows", //           no module rows after the header
  "modules.empty-id", //          a row without a module id
  "modules.duplicate-id", //      one module listed twice
  "modules.serial-length", //     a serial outside 1..32 characters
  "modules.duplicate-serial", //  one serial on two rows
  "modules.count", //             the module count differs from the device count
  // exit 1 — generate -cd (mfg/cd-input.ts)
  "cd.invalid", //                the certification declaration breaks a rule
  // exit 1 — nvs encrypt/decrypt keys (commands/nvs.ts)
  "nvs.keys-size", //             a keys file shorter than 64 bytes
  "nvs.keys-blank", //            a keys file that is all 0xFF
  "nvs.hmac-key-size", //         an HMAC key file that is not 32 bytes
  // exit 1 — generate's own value rules (mfg/resolve.ts)
  "option.at", //                 verify --at that is not an ISO date/time
  "option.fixed-labels", //       --fixed-labels entries that break the label rules
  "option.onboarding-payload", // the batch's onboarding payload breaks a rule
  "option.rd-id-uid", //          --rd-id-uid not hex of the allowed length
  "option.salt", //               --salt not base64 of 16..32 bytes
  "option.size", //               --size not a partition size the batch fits in
  "option.supported-modes", //    --supported-modes entries that break the mode rules
  "option.valid-from", //         --valid-from not a date the certificate can carry
  "option.verifier", //           --verifier not base64 of the 97-byte W0 ‖ L
  "option.verifier-mismatch", //  --verifier that is not the passcode's, salt's and iterations'
  "option.dac-cert-count", //     --dac-cert/--dac-key for one device given to a batch of several (exit 2)
  "outdir.unusable", //           --outdir that cannot be created or written
  "mcsv.duplicate", //            two --mcsv rows give one per-device key the same value
  "mcsv.control-character", //    an --mcsv text cell with a control character
  "mcsv.malformed", //            --csv/--mcsv text that is not a table of the expected shape
  "mcsv.value", //                an --mcsv value the NVS CSV rules reject
  "cert.unreadable", //           a certificate file that is neither DER nor PEM X.509
  "cert.key-unreadable", //       a private key file that is not a PEM/DER P-256 key
  "cert.pai-issue", //            the PAI cannot be issued from the given PAA
  "cert.dac-template", //         the DAC template cannot be built from the PAI
  // exit 1 — inspect and verify inputs
  "inspect.unreadable", //        inspect: nothing in the image could be read
  "inspect.no-secure-cert-entries", // inspect: an esp_secure_cert image with no entry
  "keys.malformed", //            an nvs_keys file that is not a key partition
  "option.partition-table", // verify --partition-table that is neither a table CSV nor a binary table
  "verify.no-device", //          verify: the path holds no device image
  "verify.onb-csv-number", //     verify: an onb_codes.csv passcode/discriminator that is not a number
  "verify.onb-csv-rows", //       verify: an onb_codes.csv without exactly one data row
  // exit 1 — codes, simulate, station
  "codes.payload", //             the onboarding payload breaks a rule (validateOnboardingPayload)
  "codes.manual-code", //         a manual code that does not decode
  "codes.qr-payload", //          a QR payload that does not decode
  "simulate.no-advertise", //     the simulated device would not advertise
  "station.registry-unreachable", // the station stopped because the registry cannot be reached
] as const;

export type CliErrorId = (typeof CLI_ERROR_IDS)[number];

/** The id an error already carries (CliError, InputError and subclasses), else `fallback`. */
export function errorIdOf(e: unknown, fallback: CliErrorId): string {
  const id = (e as { id?: unknown } | null)?.id;
  return e instanceof Error && typeof id === "string" ? id : fallback;
}

/** The id of a file system error by its code (never its message): reading or writing. */
export function fsErrorId(e: unknown, op: "read" | "write"): CliErrorId {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT" && op === "read") return "file.missing";
  if (code === "EISDIR") return "file.is-directory";
  if (code === "ENOSPC" || code === "EDQUOT") return "file.no-space";
  return op === "read" ? "file.unreadable" : "file.unwritable";
}
