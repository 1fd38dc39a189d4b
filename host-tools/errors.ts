// Errors the CLI reports as one line on stderr. UsageError → exit 2 (bad invocation);
// CliError → exit 1 (bad input data, failed check). Anything else is a bug and shows its stack.

export class CliError extends Error {
  override name = "CliError";
  exitCode = 1;
}

export class UsageError extends CliError {
  override name = "UsageError";
  override exitCode = 2;
}

/** Errors thrown by modules/ for bad input carry these names; they are reported like CliError. */
const INPUT_ERROR_NAMES = new Set(["NvsInputError", "TlvError", "OnboardingError", "Spake2pError", "FactoryDataError", "RangeError"]);

export function isReportable(e: unknown): e is Error {
  return e instanceof CliError || (e instanceof Error && INPUT_ERROR_NAMES.has(e.name));
}

/** One line: newlines inside a message are folded so a script reading stderr sees one record. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, "; ");
}
