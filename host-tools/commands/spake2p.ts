// `matter-factory spake2p`: the SPAKE2+ verifier stored as `verifier` in chip-factory
// (Matter Core §3.10; docs/onboarding.md §SPAKE2+ verifier).
import { fromBase64, toBase64, toHex } from "../../modules/bytes/index.js";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { nodeComputeVerifier, nodeRandom } from "../node-crypto.js";
import { PASSCODE_MAX, PASSCODE_MIN, PBKDF_ITERATIONS_MAX, PBKDF_ITERATIONS_MIN, PBKDF_SALT_MAX, PBKDF_SALT_MIN } from "../../modules/factory/matter-constants.js";
import { checkPasscodeOption } from "../passcode-option.js";
import { note, print, printJson } from "../output.js";

const spec: CommandSpec = {
  name: "spake2p",
  summary: "compute the SPAKE2+ verifier (W0 ‖ L, 97 bytes) for a passcode, salt and iteration count",
  usage: "--passcode N [--salt <base64>] [--iterations N] [--json]",
  positionals: [],
  options: [
    { name: "passcode", kind: "int", alias: "p", placeholder: "<N>", help: `setup passcode, ${PASSCODE_MIN}..${PASSCODE_MAX} and not a trivial one such as 11111111` },
    { name: "salt", kind: "string", alias: "s", placeholder: "<base64>", help: `${PBKDF_SALT_MIN}..${PBKDF_SALT_MAX}-byte salt, base64 (default: 32 random bytes, printed)` },
    { name: "iterations", kind: "int", alias: "i", min: PBKDF_ITERATIONS_MIN, max: PBKDF_ITERATIONS_MAX, default: 10000, placeholder: `<${PBKDF_ITERATIONS_MIN}..${PBKDF_ITERATIONS_MAX}>`, help: "PBKDF2 iteration count (mfg_tool's default)" },
    { name: "json", kind: "flag", help: "print {verifier (base64), w0 (hex), L (hex), salt, iterations} as JSON" },
  ],
  examples: ["matter-factory spake2p --passcode 20202021 --salt U1BBS0UyUCBLZXkgU2FsdA== --iterations 1000"],
  notes: ["The output is secret together with the passcode: treat it like the passcode."],
};

export const SPAKE2P_COMMANDS = [spec];

export function runSpake2p(argv: string[]): number {
  const { options, help } = parseArgs(argv, spec);
  if (help) return print(renderHelp(spec)), 0;
  if (options.passcode === undefined) throw new UsageError("usage.required-option", "spake2p needs --passcode");
  // The rule `codes` and `generate` apply (Core §5.1.7.1): no verifier for a passcode a device must not use.
  checkPasscodeOption(options.passcode);
  let salt: Uint8Array;
  if (options.salt !== undefined) {
    try {
      salt = fromBase64(options.salt as string);
    } catch (e) {
      throw new CliError("option.base64", `option --salt ${JSON.stringify(options.salt)}: not base64 (${(e as Error).message})`);
    }
  } else {
    salt = nodeRandom(32);
    if (!options.json) note("no --salt given: using 32 random bytes");
  }
  const v = nodeComputeVerifier(options.passcode as number, salt, options.iterations as number);
  const out = { verifier: toBase64(v.serialized), w0: toHex(v.w0), L: toHex(v.L), salt: toBase64(salt), iterations: options.iterations };
  if (options.json) printJson(out);
  else {
    print(`Verifier:   ${out.verifier}`);
    print(`Salt:       ${out.salt}`);
    print(`Iterations: ${out.iterations}`);
  }
  return 0;
}
