// Printing helpers: results to stdout, progress/notes to stderr (so --json output stays parseable).

export function printJson(value: unknown): void {
  process.stdout.write(
    JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v), 2) + "\n",
  );
}

export function print(line = ""): void {
  process.stdout.write(line + "\n");
}

export function note(line: string): void {
  process.stderr.write(line + "\n");
}
