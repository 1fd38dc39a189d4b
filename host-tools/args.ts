// A small declarative argument parser: options are declared once and drive parsing, validation
// and --help. Accepts `--name value`, `--name=value`, short aliases (`-n 3`), repeated options for
// lists, and `--` to end options. Errors name the option and the rule: a malformed command line is a
// UsageError (exit 2), a value that breaks its option's rule a CliError (exit 1) — errors.ts.
import { CliError, UsageError } from "./errors.js";

export type OptionKind = "string" | "int" | "flag" | "list";

export interface OptionSpec {
  name: string; // long name without dashes, e.g. "discriminator"
  kind: OptionKind;
  alias?: string; // short or alternate spelling without dashes, e.g. "n" or "cd"
  help: string;
  placeholder?: string;
  /** For int: inclusive bounds, checked with a message naming the option. */
  min?: number;
  max?: number;
  default?: string | number | boolean;
  /** For list: also take following non-option words (argparse nargs='+' style). */
  greedy?: boolean;
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string; // e.g. "nvs generate"
  summary: string;
  usage: string; // e.g. "<input.csv> <output.bin> <size>"
  positionals: { name: string; help: string; optional?: boolean; variadic?: boolean }[];
  options: OptionSpec[];
  examples?: string[];
  notes?: string[];
}

export type ParsedOptions = Record<string, string | number | boolean | string[] | undefined>;

export interface Parsed {
  positionals: string[];
  options: ParsedOptions;
  help: boolean;
}

/** Integers like Python int(x, 0) for CLI values: decimal or 0x-hex (mfg_tool's any_base_int). A value error: exit 1. */
export function parseIntArg(text: string, what: string, min?: number, max?: number): number {
  const t = text.trim();
  let value: number;
  if (/^[+]?0[xX][0-9a-fA-F]+$/.test(t)) value = parseInt(t.replace("+", ""), 16);
  else if (/^[+-]?\d+$/.test(t)) value = parseInt(t, 10);
  else throw new CliError("option.not-a-number", `${what} ${JSON.stringify(text)}: not an integer (decimal or 0x-hex)`);
  if (!Number.isSafeInteger(value)) throw new CliError("option.too-large", `${what} ${JSON.stringify(text)}: too large`);
  if (min !== undefined && value < min) throw new CliError("option.range", `${what} ${text}: must be ≥ ${fmt(min)}`);
  if (max !== undefined && value > max) throw new CliError("option.range", `${what} ${text}: must be ≤ ${fmt(max)}`);
  return value;
}

function fmt(n: number): string {
  return n >= 0x100 && (n + 1) % 0x100 === 0 ? `0x${n.toString(16).toUpperCase()}` : String(n);
}

export function parseArgs(argv: readonly string[], spec: CommandSpec): Parsed {
  const byName = new Map<string, OptionSpec>();
  for (const o of spec.options) {
    byName.set(o.name, o);
    if (o.alias) byName.set(o.alias, o);
  }
  const options: ParsedOptions = {};
  const positionals: string[] = [];
  let help = false;
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyPositionals || !arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const rawName = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, "");
    const spec0 = byName.get(rawName) ?? byName.get(rawName.replace(/_/g, "-"));
    if (!spec0) throw new UsageError("usage.unknown-option", `unknown option ${arg.slice(0, eq >= 0 ? eq : undefined)} for "${spec.name}" (see --help)`);
    const flagName = `--${spec0.name}`;
    if (spec0.kind === "flag") {
      if (eq >= 0) throw new UsageError("usage.flag-value", `option ${flagName} takes no value`);
      options[spec0.name] = true;
      continue;
    }
    const values: string[] = [];
    if (eq >= 0) values.push(arg.slice(eq + 1));
    else {
      if (i + 1 >= argv.length) throw new UsageError("usage.missing-value", `option ${flagName} needs a value${spec0.placeholder ? ` ${spec0.placeholder}` : ""}`);
      values.push(argv[++i]);
      if (spec0.kind === "list" && spec0.greedy) {
        while (i + 1 < argv.length && !argv[i + 1].startsWith("-")) values.push(argv[++i]);
      }
    }
    for (const v of values) {
      if (spec0.choices && !spec0.choices.includes(v)) {
        throw new CliError("option.choice", `option ${flagName} ${JSON.stringify(v)}: must be one of ${spec0.choices.join(", ")}`);
      }
    }
    if (spec0.kind === "list") {
      const prev = (options[spec0.name] as string[] | undefined) ?? [];
      options[spec0.name] = prev.concat(values);
    } else if (spec0.kind === "int") {
      if (options[spec0.name] !== undefined) throw new UsageError("usage.repeated-option", `option ${flagName} given twice`);
      options[spec0.name] = parseIntArg(values[0], `option ${flagName}`, spec0.min, spec0.max);
    } else {
      if (options[spec0.name] !== undefined) throw new UsageError("usage.repeated-option", `option ${flagName} given twice`);
      options[spec0.name] = values[0];
    }
  }
  for (const o of spec.options) if (options[o.name] === undefined && o.default !== undefined) options[o.name] = o.default;
  if (!help) {
    const required = spec.positionals.filter((p) => !p.optional && !p.variadic).length;
    const variadic = spec.positionals.some((p) => p.variadic);
    if (positionals.length < required) {
      const missing = spec.positionals[positionals.length];
      throw new UsageError("usage.missing-argument", `"${spec.name}" needs <${missing.name}> (usage: matter-factory ${spec.name} ${spec.usage})`);
    }
    if (!variadic && positionals.length > spec.positionals.length) {
      throw new UsageError("usage.extra-argument", `"${spec.name}" takes ${spec.positionals.length} arguments, got ${positionals.length}: unexpected ${JSON.stringify(positionals[spec.positionals.length])}`);
    }
  }
  return { positionals, options, help };
}

export function renderHelp(spec: CommandSpec): string {
  const lines = [`matter-factory ${spec.name} — ${spec.summary}`, "", `Usage: matter-factory ${spec.name} ${spec.usage}`.trimEnd()];
  if (spec.positionals.length) {
    lines.push("", "Arguments:");
    for (const p of spec.positionals) lines.push(`  ${`<${p.name}>`.padEnd(26)} ${p.help}`);
  }
  if (spec.options.length) {
    lines.push("", "Options:");
    for (const o of spec.options) {
      const names = `--${o.name}${o.alias ? `, -${o.alias.length > 1 ? "" : ""}${o.alias}` : ""}${o.kind === "flag" ? "" : ` ${o.placeholder ?? "<value>"}`}`;
      const def = o.default !== undefined && o.kind !== "flag" ? ` (default ${o.default})` : "";
      lines.push(`  ${names.padEnd(26)} ${o.help}${def}`);
    }
  }
  lines.push(`  ${"--help, -h".padEnd(26)} show this help`);
  if (spec.notes?.length) lines.push("", ...spec.notes);
  if (spec.examples?.length) lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  return lines.join("\n") + "\n";
}
