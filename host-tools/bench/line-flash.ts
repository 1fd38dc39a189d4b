// Boards per minute for one station: `matter-factory flash`'s path (flashDevice, esptool 5.6.0, ROM
// loader) against the ROM loader double paced at the baud rate, at the ROM's 115200 with and without
// compression and at 460800/921600. Prints what bounds it: the serial floor (bytes × 10 / baud, counted by
// the double) against the wall time, and esptool's start-up. Run: node scripts/bench-flash.mjs [--boards N]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { esptoolPython } from "../line/esptool.js";
import { flashDevice, loadDeviceImages } from "../line/flash.js";
import { connectBoard, readFctry } from "../line/board.js";
import { startRomDouble } from "../../test/support/rom-double/server.js";
import { boardFlash, ESP_MATTER_TABLE } from "../../test/support/rom-double/board.js";

const root = join(import.meta.dirname ?? ".", "..");
const boards = Number(process.argv.find((a) => a.startsWith("--boards="))?.slice(9) ?? 3);

function device(): string {
  const out = mkdtempSync(join(tmpdir(), "mf-bench-flash-"));
  const inputs = join(root, ".fixtures/mfg_tool-sample/inputs");
  const pki = existsSync(inputs)
    ? ["--pai", "-c", join(inputs, "Test-PAI-FFF2-8001-Cert.pem"), "-k", join(inputs, "Test-PAI-FFF2-8001-Key.pem"), "-cd", join(inputs, "Test-CD-FFF2-8001.der")]
    : [];
  execFileSync(process.execPath, [join(root, "bin/matter-factory.mjs"), "generate", "-v", "0xFFF2", "-p", "0x8001", ...pki, "--iteration-count", "1000", "-n", "1", "--no-labels", "-q", "--outdir", out], { stdio: "inherit" });
  const batch = join(out, "fff2_8001");
  return join(batch, readdirSync(batch).find((d) => /^[0-9a-f]{8}-/.test(d))!);
}

function pythonStartup(): number {
  const t = performance.now();
  spawnSync(esptoolPython(), ["-c", "import esptool, esptool.cmds"]);
  return (performance.now() - t) / 1000;
}

/** A station's step: connect, read what fctry holds, flash, verify, over one connection. */
async function stationStep(port: string, images: ReturnType<typeof loadDeviceImages>, baud: number, compress: boolean) {
  const b = await connectBoard(port, { baud, compress, before: "no-reset" });
  try {
    await readFctry(b);
    await flashDevice({ port, device: images, connected: b });
  } finally {
    b.session.close();
  }
}

async function run(dir: string, baud: number, compress: boolean, station = false) {
  const images = loadDeviceImages([dir]);
  let wall = 0;
  let serial = 0;
  let bytes = 0;
  for (let n = 0; n < boards; n++) {
    const d = await startRomDouble({ flash: boardFlash({ table: ESP_MATTER_TABLE, tableOffset: 0xc000 }), chip: { mac: `c4:0a:24:fe:20:${n.toString(16).padStart(2, "0")}` } });
    const t = performance.now();
    if (station) await stationStep(d.port, images, baud, compress);
    else await flashDevice({ port: d.port, device: images, esptool: { baud, compress, before: "no-reset" } });
    wall += (performance.now() - t) / 1000;
    serial += d.stats.serialSeconds;
    bytes += d.stats.hostBytes + d.stats.romBytes;
    await d.close();
  }
  return { wall: wall / boards, serial: serial / boards, bytes: bytes / boards };
}

const dir = device();
const image = loadDeviceImages([dir]).fctry;
const startup = pythonStartup();
console.log(`flash bench: ${boards} board(s) per row, fctry image ${image.length} bytes (partition 0x6000), esptool ${esptoolPython()}`);
console.log(`python + esptool import: ${startup.toFixed(2)} s`);
console.log("baud     compress  s/board  boards/min  serial floor s  wire bytes  bound");
const rows = [[115200, true, false], [115200, false, false], [460800, true, false], [921600, true, false], [115200, true, true], [921600, true, true]] as const;
for (const [baud, compress, station] of rows) {
  const r = await run(dir, baud, compress, station);
  if (station) process.stdout.write("station step (read fctry + flash, one connection):\n");
  const share = r.serial / r.wall;
  const bound = `${share > 0.6 ? "serial" : "host"}: ${Math.round(share * 100)}% on the wire, rest esptool start-up + per-request turnaround`;
  console.log(`${String(baud).padEnd(8)} ${String(compress).padEnd(9)} ${r.wall.toFixed(2).padStart(7)}  ${(60 / r.wall).toFixed(1).padStart(10)}  ${r.serial.toFixed(2).padStart(14)}  ${Math.round(r.bytes).toString().padStart(10)}  ${bound}`);
}
