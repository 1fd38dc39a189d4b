// matter-factory CLI entry: dispatches to the command modules in host-tools/commands.
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === "--version") {
    process.stdout.write("matter-factory 0.1.0\n");
    return 0;
  }
  process.stderr.write("matter-factory: no commands yet\n");
  return 2;
}
