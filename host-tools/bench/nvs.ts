// NVS generation throughput: matter-factory vs esp-idf-nvs-partition-gen on the same batch of
// factory-style CSVs, (1) as processes, one per image (what a shell loop or mfg_tool does), and
// (2) in-process loops (each tool's own generation code, no start-up). Outputs are checked equal.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { parseNvsCsv } from "../../modules/nvs/csv.js";
import { writeNvsImage } from "../../modules/nvs/writer.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { toBase64, toHex } from "../../modules/bytes/index.js";
import { fmt, interleave, median, table, timeCommand, timeSync } from "./measure.js";

const SIZE = "0x6000"; // mfg_tool's default factory partition size

/** A chip-factory CSV shaped like mfg_tool's per-device partition.csv, with random contents. */
function factoryCsv(dir: string, i: number, random: (n: number) => Uint8Array): string {
  const file = (name: string, bytes: Uint8Array) => {
    const p = join(dir, `${name}-${i}.der`);
    writeFileSync(p, bytes);
    return p;
  };
  const rows = [
    "key,type,encoding,value",
    "chip-factory,namespace,,",
    `discriminator,data,u32,${(random(2)[0] << 4) & 0xfff}`,
    "iteration-count,data,u32,10000",
    `salt,data,string,${toBase64(random(32))}`,
    `verifier,data,string,${toBase64(random(97))}`,
    "vendor-id,data,u32,65522",
    "vendor-name,data,string,ESP",
    "product-id,data,u32,32769",
    "product-name,data,string,light",
    "hardware-ver,data,u32,1",
    "hw-ver-str,data,string,v1.0",
    "mfg-date,data,string,20240101",
    `serial-num,data,string,${toHex(random(16))}`,
    `rd-id-uid,data,hex2bin,${toHex(random(16))}`,
    `dac-cert,file,binary,${file("dac", random(490))}`,
    `dac-key,file,binary,${file("key", random(32))}`,
    `dac-pub-key,file,binary,${file("pub", random(65))}`,
    `pai-cert,file,binary,${file("pai", random(463))}`,
    `cert-dclrn,file,binary,${file("cd", random(236))}`,
  ];
  const p = join(dir, `device-${i}.csv`);
  writeFileSync(p, rows.join("\n") + "\n");
  return p;
}

function nodeFloor(): number {
  return median([0, 1, 2].map(() => timeCommand(process.execPath, ["-e", "0"])));
}

const PY_LOOP = `
import sys, os, io, time, json, contextlib
from esp_idf_nvs_partition_gen import nvs_partition_gen as gen
jobs = json.loads(sys.argv[1]); rounds = int(sys.argv[2])
times = []
for _ in range(rounds):
    t0 = time.perf_counter()
    for csv_path, out in jobs:
        sys.argv = ["nvs_partition_gen", "generate", csv_path, out, "${SIZE}"]
        with contextlib.redirect_stdout(io.StringIO()):
            gen.main()
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps(times))
`;

export function benchNvs(root: string, quick: boolean): string {
  const python = join(root, ".venv/nvs/bin/python");
  const cli = join(root, "bin/matter-factory.mjs");
  const dir = mkdtempSync(join(tmpdir(), "mf-bench-nvs-"));
  try {
    const count = quick ? 10 : 40;
    const random = seededRandom("bench-nvs");
    const csvs = Array.from({ length: count }, (_, i) => factoryCsv(dir, i, random));
    mkdirSync(join(dir, "ours"));
    mkdirSync(join(dir, "theirs"));
    const out = (side: string, i: number) => join(dir, side, `img-${i}.bin`);

    // (1) one process per image, interleaved image by image.
    const perProcess = interleave(
      count,
      (() => { let i = 0; return () => timeCommand(process.execPath, [cli, "nvs", "generate", csvs[i], out("ours", i++), SIZE]); })(),
      (() => { let i = 0; return () => timeCommand(python, ["-m", "esp_idf_nvs_partition_gen", "generate", csvs[i], out("theirs", i++), SIZE]); })(),
    );
    for (let i = 0; i < count; i++) {
      if (!readFileSync(out("ours", i)).equals(readFileSync(out("theirs", i)))) throw new Error(`bench: image ${i} differs between the tools`);
    }

    // (2) the whole batch: our CLI in one process (nvs generate-many) against the generator run once
    // per image (a shell loop over the Python tool) and against the generator's own in-process loop.
    const rounds = quick ? 3 : 5;
    const many: number[] = [], pyLoop: number[] = [];
    const jobs = csvs.map((c, i) => [c, join(dir, "theirs", `loop-${i}.bin`)]);
    for (let r = 0; r < rounds; r++) {
      many.push(timeCommand(process.execPath, [cli, "nvs", "generate-many", SIZE, join(dir, "many"), "--quiet", ...csvs]));
      const py = spawnSync(python, ["-c", PY_LOOP, JSON.stringify(jobs), "1"], { encoding: "utf8" });
      if (py.status !== 0) throw new Error(`python loop failed: ${py.stderr}`);
      pyLoop.push((JSON.parse(py.stdout.trim().split("\n").pop()!) as number[])[0]);
    }
    for (let i = 0; i < count; i++) {
      if (!readFileSync(join(dir, "many", `device-${i}.bin`)).equals(readFileSync(out("theirs", i)))) throw new Error(`bench: batch image ${i} differs`);
    }
    // (3) generation code alone, no process or file reading: our writer in-process.
    const texts = csvs.map((p) => readFileSync(p, "utf8"));
    const files = new Map<string, Uint8Array>();
    const readFile = (p: string) => { let b = files.get(p); if (!b) files.set(p, (b = readFileSync(p))); return b; };
    const oursLoop: number[] = [];
    for (let r = 0; r < rounds; r++) {
      oursLoop.push(timeSync(() => {
        for (const t of texts) writeNvsImage(parseNvsCsv(t, readFile), { size: 0x6000 });
      }));
    }

    const rate = (ms: number, n: number) => (n * 1000) / ms;
    const ppOurs = rate(median(perProcess.a), 1), ppTheirs = rate(median(perProcess.b), 1);
    const batchOurs = rate(median(many), count), batchTheirsProc = ppTheirs, batchTheirsLoop = rate(median(pyLoop), count);
    const lpOurs = rate(median(oursLoop), count);
    return table([
      ["NVS generation (factory CSV, 0x6000)", "matter-factory img/s", "nvs_partition_gen img/s", "ratio"],
      [`one process per image (${count} images, A B A B)`, fmt(ppOurs), fmt(ppTheirs), `${fmt(1 / median(perProcess.ratios), 2)}×`],
      [`batch: generate-many vs one process per image`, fmt(batchOurs), fmt(batchTheirsProc), `${fmt(batchOurs / batchTheirsProc, 1)}×`],
      [`batch: generate-many vs the tool's in-process loop`, fmt(batchOurs), fmt(batchTheirsLoop), `${fmt(batchOurs / batchTheirsLoop, 1)}×`],
      [`generation code only (in-process, ${count} images × ${rounds})`, fmt(lpOurs), fmt(batchTheirsLoop), `${fmt(lpOurs / batchTheirsLoop, 1)}×`],
    ]) + `\n(every image byte-identical between the tools; the Node process floor is ~${fmt(nodeFloor(), 0)} ms, CPython's start-up is part of its figure too)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
