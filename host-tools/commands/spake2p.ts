// `matter-factory spake2p`: the SPAKE2+ verifier stored as `verifier` in chip-factory
// (Matter Core §3.10; docs/onboarding.md §SPAKE2+ verifier).
import { fromBase64, toBase64, toHex } from "../../modules/bytes/index.js";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { nodeComputeVerifier, nodeRandom } from "../node-crypto.js";
import { note, print, printJson } from "../output.js";

const spec: CommandSpec = {
  name: "spake2p",
  summary: "compute the SPAKE2+ verifier (W0 ‖ L, 97 bytes) for a passcode, salt and iteration count",
  usage: "--passcode N [--salt <base64>] [--iterations N] [--json]",
  positionals: [],
  options: [
    { name: "passcode", kind: "int", alias: "p", min: 0, max: 0x7ffffff, placeholder: "<N>", help: "setup passcode" },
    { name: "salt", kind: "string", alias: "s", placeholder: "<base64>", help: "16..32-byte salt, base64 (default: 32 random bytes, printed)" },
    { name: "iterations", kind: "int", alias: "i", min: 1000, max: 100000, default: 10000, placeholder: "<1000..100000>", help: "PBKDF2 iteration count (mfg_tool's default)" },
    { name: "json", kind: "flag", help: "print {verifier (base64), w0 (hex), L (hex), salt, iterations} as JSON" },
  ],
  examples: ["matter-factory spake2p --passcode 20202021 --salt U1BBS0UyUCBLZXkgU2FsdA== --iterations 1000"],
  notes: ["The output is secret together with the passcode: treat it like the passcode."],
};

export const SPAKE2P_COMMANDS = [spec];

export function runSpake2p(argv: string[]): number {
  const { options, help } = parseArgs(argv, spec);
  if (help) return print(renderHelp(spec)), 0;
  if (options.passcode === undefined) throw new UsageError("spake2p needs --passcode");
  let salt: Uint8Array;
  if (options.salt !== undefined) {
    try {
      salt = fromBase64(options.salt as string);
    } catch (e) {
      throw new CliError(`option --salt ${JSON.stringify(options.salt)}: not base64 (${(e as Error).message})`);
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
