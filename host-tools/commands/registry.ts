// `matter-factory registry export|status`: the line's registry of bindings read back — the delivery
// manifest of a batch (CSV + JSON lines) and where the batch stands.
import { join } from "node:path";
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { UsageError } from "../errors.js";
import { note, print, printJson } from "../output.js";
import { deliveryRecords, writeDeliveryManifest } from "../line/delivery-manifest.js";
import { openRegistry } from "../line/registry/open.js";
import { loadBatch } from "../line/station-batch.js";

const REGISTRY_OPTION = { name: "registry", kind: "string", placeholder: "<file|postgres://…>", help: "the registry the stations used (default <batch>/line.sqlite)" } as const;
const BATCH_OPTION = { name: "batch", kind: "string", placeholder: "<outdir/vid_pid>", help: "the batch (generate's output directory for one VID/PID)" } as const;

const exportSpec: CommandSpec = {
  name: "registry export",
  summary: "write the delivery manifest of a batch: MAC, serial, uuid, QR payload, manual code, VID/PID, image hash, time",
  usage: "--batch <outdir/vid_pid> [--registry <file|postgres://…>] [--out <prefix>] [--all] [--json]",
  positionals: [],
  options: [
    BATCH_OPTION,
    REGISTRY_OPTION,
    { name: "out", kind: "string", placeholder: "<prefix>", help: "write <prefix>.csv and <prefix>.jsonl (default <batch>/delivery-manifest)" },
    { name: "all", kind: "flag", help: "every bound board with its state (claimed, written, failed too), not only verified ones" },
    { name: "json", kind: "flag", help: "print {files, records, counts} as JSON" },
  ],
  notes: [
    "The files hold the QR payloads and manual codes (they carry the setup passcode): they are created 0600.",
    "Only verified boards are listed unless --all; the counts name what is not finished.",
  ],
  examples: [
    "matter-factory registry export --batch out/fff2_8001",
    "matter-factory registry export --batch out/fff2_8001 --registry postgres://line@db.factory/line --out delivery/fff2_8001",
  ],
};

const statusSpec: CommandSpec = {
  name: "registry status",
  summary: "how many devices of a batch are free, claimed, written, verified, failed — and the unfinished bindings",
  usage: "--batch <outdir/vid_pid> [--registry <file|postgres://…>] [--json]",
  positionals: [],
  options: [BATCH_OPTION, REGISTRY_OPTION, { name: "json", kind: "flag", help: "print {counts, unfinished: [{uuid, serial, mac, station, state, verification}]}" }],
};

export const REGISTRY_COMMANDS = [exportSpec, statusSpec];

function needBatch(o: Record<string, unknown>, spec: CommandSpec): string {
  if (typeof o.batch !== "string") throw new UsageError("usage.required-option", `"${spec.name}" needs --batch <outdir/vid_pid>`);
  return o.batch;
}

export async function runRegistry(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const spec = sub === "export" ? exportSpec : sub === "status" ? statusSpec : undefined;
  if (!spec) {
    if (sub === undefined || sub === "--help" || sub === "-h") {
      print(REGISTRY_COMMANDS.map((c) => `matter-factory ${c.name.padEnd(16)} ${c.summary}`).join("\n"));
      return sub === undefined ? 2 : 0;
    }
    throw new UsageError("usage.unknown-subcommand", `unknown subcommand "registry ${sub}" (registry export | registry status)`);
  }
  const { options, help } = parseArgs(rest, spec);
  if (help) return print(renderHelp(spec)), 0;
  const batch = loadBatch(needBatch(options, spec));
  const registry = await openRegistry(options.registry as string | undefined, batch.root);
  try {
    await registry.seed(batch.id, batch.devices);
    const counts = await registry.counts(batch.id);
    const rows = await registry.list(batch.id);
    if (spec === statusSpec) {
      const unfinished = rows.filter((r) => r.mac !== null && r.state !== "verified").map(({ uuid, serial, mac, station, state, verification }) => ({ uuid, serial, mac, station, state, verification }));
      if (options.json) printJson({ batch: batch.id, counts, unfinished });
      else {
        print(`batch ${batch.id}: ${counts.total} devices — ${counts.verified} verified, ${counts.failed} failed, ${counts.claimed + counts.written} in progress, ${counts.free} free`);
        for (const u of unfinished) print(`  ${u.state.padEnd(8)} ${u.mac} ${u.serial} ${u.uuid} (${u.station}) ${u.verification ?? ""}`.trimEnd());
      }
      return 0;
    }
    const records = deliveryRecords(rows, !!options.all);
    const files = writeDeliveryManifest(typeof options.out === "string" ? options.out : join(batch.root, "delivery-manifest"), records);
    if (options.json) printJson({ batch: batch.id, files, records: records.length, counts });
    else {
      print(`delivery manifest of ${batch.id}: ${records.length} boards → ${files.join(", ")}`);
      const open = counts.claimed + counts.written + counts.failed;
      if (open > 0) note(`note: ${open} bound boards are not verified (${counts.failed} failed, ${counts.claimed + counts.written} in progress): see matter-factory registry status`);
    }
    return 0;
  } finally {
    await registry.close();
  }
}
