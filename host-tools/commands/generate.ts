// `matter-factory generate`: esp-matter-mfg-tool's command line and output layout, made on all cores
// (host-tools/mfg/). Options and deliberate differences: host-tools/mfg/options.ts (--help).
// The worker threads are started as soon as the arguments parse, before the batch code (X.509,
// NVS, QR …) is loaded, so the threads' own start-up runs beside ours instead of after it.
import { availableParallelism } from "node:os";
import { renderHelp } from "../args.js";
import { GENERATE_SPEC, parseGenerateArgs } from "../mfg/options.js";
import { DevicePool } from "../mfg/pool.js";
import { note, print, printJson } from "../output.js";

export const GENERATE_COMMANDS = [GENERATE_SPEC];

export async function runGenerate(argv: string[]): Promise<number> {
  const { options, raw, help } = parseGenerateArgs(argv);
  if (help) return print(renderHelp(GENERATE_SPEC)), 0;
  const pool = new DevicePool(options.jobs ?? availableParallelism());
  let runBatch: typeof import("../mfg/batch.js").runBatch;
  try {
    ({ runBatch } = await import("../mfg/batch.js"));
  } catch (e) {
    await pool.close();
    throw e;
  }
  const result = await runBatch(
    options,
    raw,
    {
      cwd: process.cwd(),
      now: new Date(),
      note,
      progressWrite: (s) => process.stderr.write(s),
      tty: process.stderr.isTTY === true,
    },
    pool,
  );
  if (options.json) printJson(result);
  return 0;
}
