// `matter-factory station --batch <outdir/vid_pid> --port P`: a line position (host-tools/line/station.ts).
import { hostname } from "node:os";
import { join } from "node:path";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { print } from "../output.js";
import { LABEL_FORMATS, type LabelFormat, type LabelOutputOptions } from "../line/labels/label-output.js";
import { openRegistry } from "../line/registry/open.js";
import { runStation } from "../line/station.js";
import { loadBatch } from "../line/station-batch.js";

const stationSpec: CommandSpec = {
  name: "station",
  summary: "run a line position: per board read MAC + fctry, claim a device of the batch, flash, verify, record, label",
  usage: "--batch <outdir/vid_pid> --port <P> [--port <P2> …] [--registry <file|postgres://…>] [--once] [--json]",
  positionals: [],
  options: [
    { name: "batch", kind: "string", placeholder: "<outdir/vid_pid>", help: "the batch: generate's output directory for one VID/PID" },
    { name: "port", kind: "list", placeholder: "<P>", help: "serial port as esptool takes it (/dev/ttyUSB0, socket://host:port, rfc2217://…); repeat for several boards" },
    { name: "registry", kind: "string", placeholder: "<file|postgres://…>", help: "registry of bindings: a SQLite file (default <batch>/line.sqlite) or a PostgreSQL URL shared by stations on several machines" },
    { name: "station-id", kind: "string", placeholder: "<name>", help: "this station's name in the registry (default <host>:<first port>)" },
    { name: "once", kind: "flag", help: "serve each port once, then exit (no waiting for the next board)" },
    { name: "boards", kind: "int", min: 1, placeholder: "<N>", help: "stop after N boards were provisioned" },
    { name: "poll", kind: "int", min: 50, max: 60_000, default: 1000, placeholder: "<ms>", help: "how often an idle port is tried for the next board" },
    { name: "baud", kind: "int", min: 9600, max: 4_000_000, placeholder: "<N>", help: "baud rate after connecting (the ROM answers at 115200 first)" },
    { name: "before", kind: "string", choices: ["default-reset", "no-reset", "usb-reset"], placeholder: "<mode>", help: "how esptool puts the board into its loader (default: default-reset; no-reset for socket://)" },
    { name: "labels", kind: "string", placeholder: "<dir>", help: "folder for each provisioned board's label files (default <batch>/line-labels)" },
    { name: "label-format", kind: "list", choices: LABEL_FORMATS, placeholder: "<svg|pdf|zpl>", help: "formats written to the folder (repeatable; default svg, pdf and zpl)" },
    { name: "no-labels", kind: "flag", help: "write no label files" },
    { name: "print-cmd", kind: "string", placeholder: "<command>", help: "print each label: run this shell command with the label on its stdin (e.g. \"lp -d zebra -o raw\")" },
    { name: "print-format", kind: "string", choices: LABEL_FORMATS, default: "zpl", placeholder: "<svg|pdf|zpl>", help: "format piped to --print-cmd" },
    { name: "json", kind: "flag", help: "one JSON object per event on stdout: phase, board {outcome, mac, device, error{id,message}, done, failed, left, rate}, end" },
    { name: "quiet", alias: "q", kind: "flag", help: "no progress lines on stderr" },
  ],
  notes: [
    "Per board: read its MAC and fctry; a board bound in the registry gets its device again (a retry after a failed",
    "or interrupted write — no other board ever gets that device); a board already holding a device of this batch is",
    "reported and left alone; a board holding anything else in fctry is refused; an erased board claims the next free",
    "device. Then flash + verify (matter-factory flash), record, label. Several stations may share one registry.",
    "Outcomes: provisioned, already, failed (the device stays bound to that board), refused (nothing written), no-board.",
    "Stops when the batch has no free device left, on SIGINT/SIGTERM after the board in hand, or when the registry",
    "cannot be reached. Without --once it waits on each port for a board with another MAC.",
    "Exit status: 0 when every board served is provisioned or already was; 1 when a board failed or was refused,",
    "the batch ran out, or the registry was lost; 2 bad invocation.",
  ],
  examples: [
    "matter-factory station --batch out/fff2_8001 --port /dev/ttyUSB0",
    "matter-factory station --batch out/fff2_8001 --port /dev/ttyUSB0 --port /dev/ttyUSB1 --registry postgres://line@db/line --station-id line2",
    "matter-factory station --batch out/fff2_8001 --port /dev/ttyACM0 --print-cmd 'lp -d zebra -o raw' --once --json",
  ],
};

export const STATION_COMMANDS = [stationSpec];

function labelOptions(o: Record<string, unknown>, root: string): LabelOutputOptions | undefined {
  const formats = (o["label-format"] as LabelFormat[] | undefined) ?? [...LABEL_FORMATS];
  const dir = o["no-labels"] ? undefined : typeof o.labels === "string" ? o.labels : join(root, "line-labels");
  const printCmd = o["print-cmd"] as string | undefined;
  if (!dir && !printCmd) return undefined;
  return { dir, formats, printCmd, printFormat: o["print-format"] as LabelFormat };
}

export async function runStationCommand(argv: string[]): Promise<number> {
  const { options: o, help } = parseArgs(argv, stationSpec);
  if (help) return print(renderHelp(stationSpec)), 0;
  if (typeof o.batch !== "string") throw new UsageError("usage.required-option", `"station" needs --batch <outdir/vid_pid>`);
  const ports = (o.port as string[] | undefined) ?? [];
  if (ports.length === 0) throw new UsageError("usage.required-option", `"station" needs --port <P>`);
  if (new Set(ports).size !== ports.length) throw new UsageError("usage.duplicate-value", `--port: ${ports.find((p, i) => ports.indexOf(p) !== i)} given twice`);
  if (o["no-labels"] && (o.labels !== undefined || o["label-format"] !== undefined)) throw new UsageError("usage.option-conflict", "--no-labels excludes --labels and --label-format");
  const batch = loadBatch(o.batch);
  const registry = await openRegistry(o.registry as string | undefined, batch.root);
  try {
    const sum = await runStation({
      batch,
      registry,
      ports,
      station: (o["station-id"] as string | undefined) ?? `${hostname()}:${ports[0]}`,
      esptool: { baud: o.baud as number | undefined, before: o.before as "no-reset" | undefined },
      labels: labelOptions(o, batch.root),
      once: !!o.once,
      boards: o.boards as number | undefined,
      pollMs: o.poll as number,
      json: !!o.json,
      quiet: !!o.quiet,
    });
    const bad = sum.failed + sum.refused + sum.noBoard > 0 || sum.stoppedBy === "registry" || sum.stoppedBy === "exhausted";
    if (bad && sum.stoppedBy === "registry") throw new CliError("station.registry-unreachable", "station stopped: the registry cannot be reached");
    return bad ? 1 : 0;
  } finally {
    await registry.close().catch(() => {});
  }
}
