// matter-factory CLI entry: dispatches to host-tools/commands/*. Every error is one line on stderr
// with a non-zero exit (1 bad input, 2 bad invocation); nothing partial is left on disk.
import { type CommandSpec } from "./args.js";
import { isReportable, oneLine } from "./errors.js";
import { CODES_COMMANDS, runCodes } from "./commands/codes.js";
import { NVS_COMMANDS, runNvs } from "./commands/nvs.js";
import { SPAKE2P_COMMANDS, runSpake2p } from "./commands/spake2p.js";

const VERSION = "0.1.0";

const GROUPS: { title: string; commands: CommandSpec[] }[] = [
  { title: "NVS partition images (esp-idf-nvs-partition-gen compatible)", commands: NVS_COMMANDS },
  { title: "Onboarding codes and SPAKE2+", commands: [...CODES_COMMANDS, ...SPAKE2P_COMMANDS] },
];

function topHelp(): string {
  const lines = [
    `matter-factory ${VERSION} — Matter factory data for ESP32: NVS images, onboarding codes, SPAKE2+`,
    "",
    "Usage: matter-factory <command> [arguments] [--help]",
  ];
  for (const g of GROUPS) {
    lines.push("", `${g.title}:`);
    for (const c of g.commands) lines.push(`  ${c.name.padEnd(18)} ${c.summary}`);
  }
  lines.push("", "Run `matter-factory <command> --help` for its arguments and examples.");
  return lines.join("\n") + "\n";
}

function dispatch(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(topHelp());
      return command === undefined ? 2 : 0;
    case "--version":
    case "-V":
      process.stdout.write(`matter-factory ${VERSION}\n`);
      return 0;
    case "nvs":
      return runNvs(rest);
    case "codes":
      return runCodes(rest);
    case "spake2p":
      return runSpake2p(rest);
    default:
      process.stderr.write(`matter-factory: unknown command "${command}" (run matter-factory --help)\n`);
      return 2;
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (isReportable(e)) {
      process.stderr.write(`matter-factory: ${oneLine(e.message)}\n`);
      return (e as { exitCode?: number }).exitCode ?? 1;
    }
    throw e;
  }
}
