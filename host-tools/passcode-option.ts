// The one rule for a --passcode option, shared by codes, spake2p and generate: the module's passcode
// rule (Core §5.1.1.6 range, §5.1.7.1 trivial values; modules/onboarding/passcode.ts) as a CliError.
import { passcodeProblem } from "../modules/onboarding/passcode.js";
import { CliError } from "./errors.js";

/** Throws "option --passcode N: …" (id option.passcode, exit 1) unless `n` is a valid setup passcode. */
export function checkPasscodeOption(n: unknown): void {
  const problem = passcodeProblem(n);
  if (problem) throw new CliError("option.passcode", `option --${problem}`);
}
