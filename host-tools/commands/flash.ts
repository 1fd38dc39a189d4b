// `matter-factory flash <device dir | images…> --port P`: one device's factory partitions onto one
// connected ESP32-C3, checked against the board's own partition table, verified, MAC printed.
import { type CommandSpec, parseArgs, renderHelp } from "../args.js";
import { UsageError } from "../errors.js";
import { note, print, printJson } from "../output.js";
import { type AfterMode, ROM_BAUD, type ResetMode } from "../line/esptool.js";
import { flashDevice, type FlashResult, loadDeviceImages } from "../line/flash.js";
import { isLineError } from "../line/flash-errors.js";
import { hex } from "../partition-table/binary.js";

const flashSpec: CommandSpec = {
  name: "flash",
  summary: "write one device's factory partitions to a connected ESP32-C3 and verify them",
  usage: "<device dir | images…> --port <port> [--baud <rate>] [--no-compress] [--json]",
  positionals: [
    {
      name: "device dir | images…",
      help: "a device directory from generate (<outdir>/<vid>_<pid>/<uuid>/), or its files: <uuid>-partition.bin [<uuid>-keys-partition.bin] [<uuid>_esp_secure_cert.bin]",
      variadic: true,
    },
  ],
  options: [
    { name: "port", kind: "string", alias: "p", placeholder: "<port>", help: "what esptool takes: /dev/ttyUSB0, COM3, socket://host:port, rfc2217://host:port" },
    { name: "baud", kind: "int", alias: "b", placeholder: "<rate>", min: 9600, max: 3000000, default: 460800, help: "baud rate after connecting (the ROM answers at 115200 first; 115200 keeps it)" },
    { name: "before", kind: "string", placeholder: "<mode>", choices: ["default-reset", "no-reset", "usb-reset"], help: "how esptool puts the board into its ROM loader (default: default-reset; no-reset for socket://, which carries no DTR/RTS)" },
    { name: "after", kind: "string", placeholder: "<mode>", choices: ["hard-reset", "watchdog-reset", "no-reset"], help: "what the board does once verified: hard-reset runs its firmware (default; no-reset for socket://), no-reset stays in the ROM loader" },
    { name: "no-compress", kind: "flag", help: "send the images uncompressed (FLASH_DATA instead of FLASH_DEFL_DATA)" },
    { name: "json", kind: "flag", help: "print the result as JSON: {mac, chip, tableOffset, written: [{name, offset, size, sha256, encrypted, verified}], verified, seconds}; a failure as {ok: false, error: {id, message}}" },
  ],
  notes: [
    "What it does, in order:",
    "  1. connects with esptool (Espressif's flasher, the ROM serial loader, no stub) and refuses a chip that is not an ESP32-C3;",
    "  2. reads the board's own partition table from its flash — at 0x8000 (ESP-IDF's default), else at 0xC000",
    "     (esp-matter's layout) — and refuses a table that does not fit the board's flash;",
    "  3. finds fctry (and nvs_keys, esp_secure_cert when the device has those images) and refuses an image larger",
    "     than its partition, or a partition that overlaps another one, the table or the bootloader;",
    "  4. writes each image padded with 0xFF to its whole partition, so no byte outside it changes and no stale",
    "     page survives; encrypted where the partition is flagged encrypted and the board has flash encryption on;",
    "  5. verifies: the ROM's MD5 of each partition, then reads fctry back and parses it with our NVS reader —",
    "     serial, discriminator, VID/PID must be the image's; prints the board's MAC.",
    "A pre-provisioned module's esp_secure_cert (at 0xD000 in esp-matter's layout) is never overwritten: when it holds",
    "data, flash refuses; leave the device's esp_secure_cert image out to keep the module's own credentials.",
    "A failed write is reported, never retried silently (the board may hold part of the image: flash it again).",
    "esptool 5.6.0 comes with `npm ci` (.venv/esptool); MF_ESPTOOL_PYTHON=<python> uses another Python that has esptool.",
    "Exit status: 0 written and verified; 1 refused, failed or not verified (one line naming board, partition and rule); 2 bad invocation.",
  ],
  examples: [
    "matter-factory flash out/fff2_8001/<uuid> --port /dev/ttyUSB0",
    "matter-factory flash <uuid>-partition.bin <uuid>-keys-partition.bin --port socket://127.0.0.1:5555 --json",
  ],
};

export const FLASH_COMMANDS = [flashSpec];

export async function runFlash(argv: string[]): Promise<number> {
  const { positionals, options, help } = parseArgs(argv, flashSpec);
  if (help) return print(renderHelp(flashSpec)), 0;
  if (typeof options.port !== "string") throw new UsageError("usage.required-option", `"flash" needs --port <port> (usage: matter-factory flash ${flashSpec.usage})`);
  const json = !!options.json;
  let result: FlashResult;
  let device: ReturnType<typeof loadDeviceImages> | undefined;
  try {
    device = loadDeviceImages(positionals);
    result = await flashDevice({
      port: options.port,
      device,
      esptool: { baud: (options.baud as number | undefined) ?? ROM_BAUD, before: options.before as ResetMode | undefined, after: options.after as AfterMode | undefined, compress: !options["no-compress"] },
      onProgress: (phase, detail) => note(`flash: ${phase}${detail ? ` ${detail}` : ""}`),
    });
  } catch (e) {
    // --json: the failure as a record too (stable id for scripts); the one stderr line and exit 1 stay.
    if (json && isLineError(e)) printJson({ ok: false, port: options.port, device: device?.name, error: { id: e.id, message: e.message } });
    throw e;
  }
  if (json) printJson(result);
  else for (const line of renderResult(result)) print(line);
  return 0;
}

function renderResult(r: FlashResult): string[] {
  const lines = [`board ${r.mac}: ${r.chip}, ${r.flashSize >> 20} MB flash, flash encryption ${r.flashEncrypted ? "on" : "off"}, partition table at ${hex(r.tableOffset)}`];
  for (const w of r.written) {
    lines.push(`  ${w.name.padEnd(16)} ${hex(w.offset).padEnd(9)} ${String(w.imageSize).padStart(6)} bytes  sha256 ${w.sha256.slice(0, 16)}…  ${w.encrypted ? "encrypted, " : ""}${w.verified}`);
  }
  const v = r.verified;
  const vidpid = v.vendorId !== undefined ? ` VID/PID ${v.vendorId.toString(16).padStart(4, "0")}/${(v.productId ?? 0).toString(16).padStart(4, "0")}` : "";
  lines.push(`verified: serial ${v.serialNumber ?? "(none)"} discriminator ${v.discriminator ?? "(none)"}${vidpid} (${r.seconds} s)`);
  lines.push(`MAC ${r.mac}`);
  return lines;
}
