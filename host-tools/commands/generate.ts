// `matter-factory generate`: esp-matter-mfg-tool's command line and output layout, made on all cores
// (host-tools/mfg/). Options and deliberate differences: host-tools/mfg/options.ts (--help).
import { renderHelp } from "../args.js";
import { runBatch } from "../mfg/batch.js";
import { GENERATE_SPEC, parseGenerateArgs } from "../mfg/options.js";
import { note, print, printJson } from "../output.js";

export const GENERATE_COMMANDS = [GENERATE_SPEC];

export async function runGenerate(argv: string[]): Promise<number> {
  const { options, raw, help } = parseGenerateArgs(argv);
  if (help) return print(renderHelp(GENERATE_SPEC)), 0;
  const result = await runBatch(options, raw, {
    cwd: process.cwd(),
    now: new Date(),
    note,
    progressWrite: (s) => process.stderr.write(s),
    tty: process.stderr.isTTY === true,
  });
  if (options.json) printJson(result);
  return 0;
}
