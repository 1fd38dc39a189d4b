// Errors the CLI reports as one line on stderr; anything else is a bug and shows its stack.
//
// The exit status rule, the same for every command:
//   2  bad invocation (UsageError): the command line itself is malformed — an unknown command or
//      option, a missing or extra argument, an option without its value or given twice, a flag given
//      a value, options that need or exclude each other, a required option missing, an option that
//      does not apply to this batch (a per-device value with -n > 1) or is not supported.
//   1  bad data (CliError): every value that was read and breaks a rule — from an option, an argument,
//      a file or the file system: not a number, out of range, not one of the choices, malformed text,
//      a missing or wrong file, no room on disk, an output tree that holds links; and failed checks.
// So `--passcode 0`, `--passcode abc`, `--size 1000` and `--vendor-name ""` are all 1: the option
// was understood, its value was not acceptable.

// Every error carries a stable `id` ("<area>.<rule>") beside its one-line message; code matches on
// the id, never on the text (modules/errors/input-error.ts).

import { InputError } from "../modules/errors/input-error.js";

export class CliError extends Error {
  override name = "CliError";
  exitCode = 1;
  /** The ids are listed in host-tools/error-ids.ts (and beside LineError, RegistryError, StationError). */
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  override name = "UsageError";
  override exitCode = 2;
}

/** Reported as one line (exit 1 or 2): CliError, and the modules' bad-input errors (InputError). Anything else is a bug. */
export function isReportable(e: unknown): e is CliError | InputError {
  return e instanceof CliError || e instanceof InputError;
}

/** One line: newlines inside a message are folded so a script reading stderr sees one record. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, "; ");
}
