// matter-factory CLI entry: dispatches to host-tools/commands/*. Every error is one line on stderr
// with a non-zero exit (1 bad data, 2 bad invocation: the rule is in errors.ts); nothing partial is
// left on disk.
// Command modules load on demand (esbuild splits them into chunks), so `nvs generate` never pays
// for the X.509 or XS code other commands need: start-up time is part of a factory loop's cost.
import type { CommandSpec } from "./args.js";
import { isReportable, oneLine, UsageError } from "./errors.js";

const VERSION = "0.1.0";

type Run = (argv: string[]) => number | Promise<number>;

/** command name → loader of its runner. */
const COMMANDS: Record<string, () => Promise<Run>> = {
  nvs: async () => (await import("./commands/nvs.js")).runNvs,
  codes: async () => (await import("./commands/codes.js")).runCodes,
  spake2p: async () => (await import("./commands/spake2p.js")).runSpake2p,
  inspect: async () => (await import("./commands/inspect.js")).runInspect,
  verify: async () => (await import("./commands/verify.js")).runVerify,
  simulate: async () => (await import("./commands/simulate.js")).runSimulate,
  generate: async () => (await import("./commands/generate.js")).runGenerate,
  registry: async () => (await import("./commands/registry.js")).runRegistry,
  flash: async () => (await import("./commands/flash.js")).runFlash,
  station: async () => (await import("./commands/station.js")).runStationCommand,
};

const HELP_GROUPS: { title: string; load: () => Promise<CommandSpec[]> }[] = [
  { title: "Factory batches (esp-matter-mfg-tool compatible)", load: async () => (await import("./commands/generate.js")).GENERATE_COMMANDS },
  { title: "NVS partition images (esp-idf-nvs-partition-gen compatible)", load: async () => (await import("./commands/nvs.js")).NVS_COMMANDS },
  {
    title: "Onboarding codes and SPAKE2+",
    load: async () => [...(await import("./commands/codes.js")).CODES_COMMANDS, ...(await import("./commands/spake2p.js")).SPAKE2P_COMMANDS],
  },
  {
    title: "Checking factory images (ours or esp-matter-mfg-tool's)",
    load: async () => [...(await import("./commands/inspect.js")).INSPECT_COMMANDS, ...(await import("./commands/verify.js")).VERIFY_COMMANDS],
  },
  { title: "Device firmware", load: async () => (await import("./commands/simulate.js")).SIMULATE_COMMANDS },
  {
    title: "Production line",
    load: async () => [
      ...(await import("./commands/flash.js")).FLASH_COMMANDS,
      ...(await import("./commands/station.js")).STATION_COMMANDS,
      ...(await import("./commands/registry.js")).REGISTRY_COMMANDS,
    ],
  },
];

async function topHelp(): Promise<string> {
  const lines = [
    `matter-factory ${VERSION} — Matter factory data for ESP32: NVS images, onboarding codes, SPAKE2+`,
    "",
    "Usage: matter-factory <command> [arguments] [--help]",
  ];
  for (const g of HELP_GROUPS) {
    lines.push("", `${g.title}:`);
    for (const c of await g.load()) lines.push(`  ${c.name.padEnd(18)} ${c.summary}`);
  }
  lines.push("", "Run `matter-factory <command> --help` for its arguments and examples.");
  lines.push("Exit status: 0 ok; 1 bad data (a value, file or check failed its rule); 2 bad invocation (malformed command line).");
  lines.push('Errors are one line on stderr; with --json one JSON line {"error":{"id":…,"message":…,"exit":N}} whose id is stable.');
  return lines.join("\n") + "\n";
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(await topHelp());
      return command === undefined ? 2 : 0;
    case "--version":
    case "-V":
      process.stdout.write(`matter-factory ${VERSION}\n`);
      return 0;
  }
  const load = COMMANDS[command];
  if (!load) throw new UsageError("usage.unknown-command", `unknown command "${command}" (run matter-factory --help)`);
  return (await load())(rest);
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (isReportable(e)) {
      const exit = (e as { exitCode?: number }).exitCode ?? 1;
      if (wantsJson(argv)) process.stderr.write(JSON.stringify({ error: { id: e.id, message: oneLine(e.message), exit } }) + "\n");
      else process.stderr.write(`matter-factory: ${oneLine(e.message)}\n`);
      return exit;
    }
    throw e;
  }
}

/** --json anywhere before a `--` asks for machine-readable output, errors included. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}

