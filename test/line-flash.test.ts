// `matter-factory flash` against the ROM loader double, driven by the real esptool 5.6.0: the
// board's own table (0x8000 or esp-matter's 0xC000), images padded to their partitions and nothing
// else touched, esp_secure_cert of a pre-provisioned module left as it was, encrypted writes where
// flash encryption is on, read-back parsed with our reader; every refusal and fault one line.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNvsImage } from "../modules/nvs/reader.js";
import { parseKeyPartition } from "../modules/nvs/encryption.js";
import { factoryDataFromEntries } from "../modules/factory/index.js";
import { connectBoard, readBoard, readFctry } from "../host-tools/line/board.js";
import { flashDevice, loadDeviceImages } from "../host-tools/line/flash.js";
import { runCli, runCliInProcess, tempDir } from "./support/cli.js";
import { CD_FILE, PAI_CERT, PAI_KEY } from "./support/fixtures.js";
import { type RomDouble, type RomDoubleOptions, startRomDouble } from "./support/rom-double/index.js";
import { boardFlash, ESP_MATTER_TABLE, MB, part, OLD_PROJECT_TABLE, seededBytes } from "./support/rom-double/board.js";

const BATCH = ["-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-cd", CD_FILE, "--iteration-count", "1000", "-n", "2", "--no-labels", "-q"];

let tmp: string;
let plain: string[]; // device directories
let encrypted: string[];
const doubles: RomDouble[] = [];

function generate(name: string, extra: string[]): string[] {
  const outdir = join(tmp, name);
  const r = runCli(["generate", "--outdir", outdir, "--json", ...BATCH, "--seed", name, ...extra]);
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
  const root = (JSON.parse(r.stdout) as { root: string }).root;
  return readdirSync(root).filter((d) => /^[0-9a-f]{8}-/.test(d)).sort().map((d) => join(root, d));
}

beforeAll(() => {
  tmp = tempDir("mf-line-flash-");
  plain = generate("plain", []);
  encrypted = generate("enc", ["-e"]);
  writeFileSync(join(tmp, "other_esp_secure_cert.bin"), seededBytes(0x1800, 7));
});
afterAll(async () => {
  for (const d of doubles.splice(0)) await d.close();
});

async function board(o: RomDoubleOptions = {}): Promise<RomDouble> {
  const d = await startRomDouble({ paced: false, flash: boardFlash({ table: OLD_PROJECT_TABLE }), ...o });
  doubles.push(d);
  return d;
}

const file = (dir: string, suffix: string) => join(dir, `${dir.split("/").pop()}${suffix}`);
const bytes = (p: string) => new Uint8Array(readFileSync(p));

async function flash(args: string[]) {
  return runCliInProcess(["flash", ...args, "--before", "no-reset"]);
}

/** The one error line (progress notes start with "flash:"); under --json it is {"error":{id,message,exit}}. */
function errorLine(stderr: string): string {
  const lines = stderr.split("\n").filter((l) => l.startsWith("matter-factory:") || l.startsWith('{"error":'));
  expect(lines).toHaveLength(1);
  return lines[0].startsWith("{") ? `matter-factory: ${JSON.parse(lines[0]).error.message}` : lines[0];
}

/** The id of the --json error line. */
function errorId(stderr: string): string {
  return JSON.parse(stderr.split("\n").find((l) => l.startsWith('{"error":'))!).error.id;
}

/** Every byte outside [offset, offset+size) ranges equals `before`. */
function onlyChanged(before: Uint8Array, after: Uint8Array, ranges: [number, number][]): void {
  for (let i = 0; i < before.length; i++) {
    if (ranges.some(([o, s]) => i >= o && i < o + s)) continue;
    if (before[i] !== after[i]) expect.fail(`byte 0x${i.toString(16)} changed outside the partitions written`);
  }
}

describe("matter-factory flash", () => {
  it("writes fctry at the board's 0x8000 table, pads it to the partition, verifies, prints the MAC (--json)", async () => {
    const d = await board();
    const before = d.flash.slice();
    const r = await flash([plain[0], "--port", d.port, "--json"]);
    expect(r.stderr).not.toContain("matter-factory:");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ mac: "c4:0a:24:fe:10:01", chip: "ESP32-C3", tableOffset: 0x8000, flashEncrypted: false, verified: { md5: true, readback: true, vendorId: 0xfff2, productId: 0x8001 } });
    expect(j.written).toEqual([expect.objectContaining({ name: "fctry", offset: 0x3e0000, size: 0x6000, encrypted: false, verified: "md5+readback" })]);
    const image = bytes(file(plain[0], "-partition.bin"));
    const region = d.flash.subarray(0x3e0000, 0x3e6000);
    expect(Buffer.from(region.subarray(0, image.length)).equals(Buffer.from(image))).toBe(true);
    expect(region.subarray(image.length).every((b) => b === 0xff)).toBe(true);
    onlyChanged(before, d.flash, [[0x3e0000, 0x6000]]);
    // Read back from the emulated flash with our reader, independently of the command.
    const fd = factoryDataFromEntries(readNvsImage(region.slice()).entries).data;
    expect(fd.discriminator).toBe(j.verified.discriminator);
    expect(fd.vendorId).toBe(0xfff2);
    // ... and with `inspect`, as a user would check a board's dump.
    writeFileSync(join(tmp, "board-fctry.bin"), region);
    const inspected = JSON.parse((await runCliInProcess(["inspect", join(tmp, "board-fctry.bin"), "--json"])).stdout);
    const entry = (key: string) => inspected.entries.find((e: { key: string }) => e.key === key)?.value;
    expect(entry("serial-num")).toBe(j.verified.serialNumber);
    expect(entry("discriminator")).toBe(j.verified.discriminator);
  });

  it("esp-matter layout (table at 0xC000): a pre-provisioned module's esp_secure_cert at 0xD000 is unchanged", async () => {
    const secure = seededBytes(0x2000, 42);
    const d = await board({ flash: boardFlash({ table: ESP_MATTER_TABLE, tableOffset: 0xc000, contents: [{ offset: 0xd000, bytes: secure }] }) });
    const before = d.flash.slice();
    const r = await flash([plain[1], "--port", d.port]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("partition table at 0xc000");
    expect(r.stdout).toContain("MAC c4:0a:24:fe:10:01");
    expect(Buffer.from(d.flash.subarray(0xd000, 0xf000)).equals(Buffer.from(secure))).toBe(true);
    onlyChanged(before, d.flash, [[0x3e0000, 0x6000]]);
  });

  it("NVS-encrypted device on a board with flash encryption on: nvs_keys written encrypted, fctry read back with the keys", async () => {
    const d = await board({ chip: { cryptCnt: 1, mac: "c4:0a:24:fe:10:02" } });
    const r = await flash([file(encrypted[0], "-partition.bin"), file(encrypted[0], "-keys-partition.bin"), "--port", d.port, "--json", "--no-compress"]);
    expect(r.stderr).not.toContain("matter-factory:");
    const j = JSON.parse(r.stdout);
    expect(j.flashEncrypted).toBe(true);
    expect(j.written.map((w: { name: string; encrypted: boolean; verified: string }) => [w.name, w.encrypted, w.verified])).toEqual([
      ["nvs_keys", true, "encrypted"],
      ["fctry", false, "md5+readback"],
    ]);
    expect(d.rom.writes.map((w) => [w.offset, w.encrypted, w.compressed])).toEqual([[0x15000, true, false], [0x3e0000, false, false]]);
    // The nvs_keys partition holds ciphertext, not the plain keys.
    const keysImage = bytes(file(encrypted[0], "-keys-partition.bin"));
    expect(Buffer.from(d.flash.subarray(0x15000, 0x15000 + keysImage.length)).equals(Buffer.from(keysImage))).toBe(false);
    const fd = factoryDataFromEntries(readNvsImage(d.flash.slice(0x3e0000, 0x3e6000), { keys: parseKeyPartition(keysImage) }).entries).data;
    expect(fd.productId).toBe(0x8001);
  });

  it("--after: the board is reset once verified (watchdog-reset arms the RTC watchdog); by default a socket:// board is not", async () => {
    const WDTCONFIG1 = 0x60008094; // esptool targets/esp32c3.py RTC_CNTL_WDTCONFIG1_REG: watchdog_reset sets the timeout
    const d = await board();
    expect((await flash([plain[0], "--port", d.port])).code).toBe(0);
    expect(d.rom.regs.get(WDTCONFIG1)).toBeUndefined();
    const r = await flash([plain[0], "--port", d.port, "--after", "watchdog-reset"]);
    expect(r.code).toBe(0);
    expect(d.rom.regs.get(WDTCONFIG1)).toBe(2000);
  });

  it("readBoard (the station's view): MAC, table, what fctry holds", async () => {
    const d = await board({ chip: { mac: "c4:0a:24:fe:10:03" } });
    expect((await readBoard({ port: d.port, esptool: { before: "no-reset" } })).fctry).toBeNull();
    expect((await flash([plain[0], "--port", d.port])).code).toBe(0);
    const b = await readBoard({ port: d.port, esptool: { before: "no-reset" } });
    expect(b).toMatchObject({ mac: "c4:0a:24:fe:10:03", chip: "ESP32-C3", flashSize: 4 * MB, tableOffset: 0x8000, flashEncrypted: false });
    expect(b.table.map((p) => p.name)).toEqual(OLD_PROJECT_TABLE.map((p) => p.name));
    expect(b.fctry).toMatchObject({ readable: true, vendorId: 0xfff2, productId: 0x8001 });
  });

  it("one connection for a station: connectBoard, readFctry, flashDevice({connected}) — esptool connects once", async () => {
    const d = await board({ chip: { mac: "c4:0a:24:fe:10:04" } });
    const b = await connectBoard(d.port, { before: "no-reset" });
    try {
      expect(await readFctry(b)).toBeNull();
      const device = loadDeviceImages([plain[1]]);
      const r = await flashDevice({ port: d.port, device, connected: b });
      expect(r).toMatchObject({ mac: "c4:0a:24:fe:10:04", device: plain[1].split("/").pop(), verified: { readback: true, discriminator: device.expect.discriminator } });
      expect((await readFctry(b))?.serialNumber).toBe(device.expect.serialNumber);
    } finally {
      b.session.close();
    }
    expect(d.connections).toBe(1);
  });
});

describe("matter-factory flash refuses, one line each, and writes nothing", () => {
  const small = OLD_PROJECT_TABLE.map((p) => (p.name === "fctry" ? { ...p, size: 0x2000 } : p));
  const overlap = [...ESP_MATTER_TABLE.filter((p) => p.name !== "fctry"), part("fctry", 1, 2, 0xe000, 0x6000)];
  const cases: { name: string; opts: () => RomDoubleOptions; args?: (port: string) => string[]; id: string; says: RegExp }[] = [
    { name: "image too big for its partition", opts: () => ({ flash: boardFlash({ table: small }) }), id: "image.too-big", says: /fctry image: \d+ bytes .* does not fit board c4:0a:24:fe:10:01 partition fctry \(0x3e0000, 0x2000 bytes\)/ },
    { name: "a chip that is not an ESP32-C3", opts: () => ({ chip: { chipId: 9 } }), id: "board.wrong-chip", says: /chip is ESP32-S3, not an ESP32-C3/ },
    { name: "flash smaller than the table says", opts: () => ({ flash: boardFlash({ table: OLD_PROJECT_TABLE, flashSize: 2 * MB }) }), id: "board.flash-too-small", says: /flash is 2 MB but its partition table \(at 0x8000\) ends at 0x3e6000/ },
    { name: "a table whose fctry overlaps esp_secure_cert", opts: () => ({ flash: boardFlash({ table: overlap, tableOffset: 0xc000, contents: [{ offset: 0xd000, bytes: seededBytes(0x2000, 5) }] }) }), id: "write.overlap", says: /partition fctry \(0xe000, 0x6000 bytes\) overlaps esp_secure_cert \(0xd000\)/ },
    { name: "a board without a partition table", opts: () => ({ flash: boardFlash({}) }), id: "board.no-table", says: /no valid partition table \(0x8000: erased; 0xc000: erased\)/ },
    { name: "a table without fctry", opts: () => ({ flash: boardFlash({ table: OLD_PROJECT_TABLE.filter((p) => p.name !== "fctry") }) }), id: "image.no-partition", says: /has no fctry partition/ },
    {
      name: "an esp_secure_cert image for a pre-provisioned module",
      opts: () => ({ flash: boardFlash({ table: ESP_MATTER_TABLE, tableOffset: 0xc000, contents: [{ offset: 0xd000, bytes: seededBytes(0x2000, 6) }] }) }),
      args: (port) => [file(plain[0], "-partition.bin"), join(tmp, "other_esp_secure_cert.bin"), "--port", port],
      id: "write.provisioned",
      says: /esp_secure_cert at 0xd000 already holds data \(a pre-provisioned module\); refusing to overwrite it/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const d = await board(c.opts());
      const before = d.flash.slice();
      const r = await flash([...(c.args ? c.args(d.port) : [plain[0], "--port", d.port]), "--json"]);
      expect(r.code).toBe(1);
      expect(errorLine(r.stderr)).toMatch(c.says);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: c.id } });
      expect(errorId(r.stderr)).toBe(c.id);
      expect(d.rom.writes).toEqual([]);
      expect(Buffer.from(d.flash).equals(Buffer.from(before))).toBe(true);
    });
  }

  it("an unreachable port", async () => {
    const server = createServer();
    await new Promise<void>((res) => server.listen(0, "127.0.0.1", res));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((res) => server.close(() => res()));
    const r = await flash([plain[0], "--port", `socket://127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/board on socket:\/\/127\.0\.0\.1:\d+: cannot connect to the ROM loader: Could not open socket:/);
  });

  it("esptool not installed", async () => {
    const saved = process.env.MF_ESPTOOL_PYTHON;
    process.env.MF_ESPTOOL_PYTHON = join(tmp, "no-such-python");
    try {
      const r = await flash([plain[0], "--port", "socket://127.0.0.1:1", "--json"]);
      expect(r.code).toBe(1);
      expect(errorLine(r.stderr)).toMatch(/esptool: .*no-such-python not found; run `npm ci`/);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "esptool.missing" } });
    } finally {
      if (saved === undefined) delete process.env.MF_ESPTOOL_PYTHON;
      else process.env.MF_ESPTOOL_PYTHON = saved;
    }
  });

  it("a Python without esptool", async () => {
    const saved = process.env.MF_ESPTOOL_PYTHON;
    process.env.MF_ESPTOOL_PYTHON = "/usr/bin/python3";
    try {
      const r = await flash([plain[0], "--port", "socket://127.0.0.1:1", "--json"]);
      expect(r.code).toBe(1);
      expect(errorLine(r.stderr)).toMatch(/esptool: \/usr\/bin\/python3 cannot import esptool \(No module named 'esptool'\)/);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "esptool.missing" } });
    } finally {
      if (saved === undefined) delete process.env.MF_ESPTOOL_PYTHON;
      else process.env.MF_ESPTOOL_PYTHON = saved;
    }
  });

  it("no --port is a bad invocation (exit 2); a directory without a device is bad data", async () => {
    expect((await runCliInProcess(["flash", plain[0]])).code).toBe(2);
    const r = await flash([tmp, "--port", "socket://127.0.0.1:1"]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/no <uuid>-partition\.bin/);
    const m = await flash([join(tmp, "nope-partition.bin"), "--port", "socket://127.0.0.1:1", "--json"]);
    expect(errorLine(m.stderr)).toMatch(/factory image ".*nope-partition\.bin": no such file/);
    expect(JSON.parse(m.stdout)).toMatchObject({ ok: false, error: { id: "image.missing" } });
  });
});

describe("matter-factory flash when the board fails mid-write", () => {
  const cases = [
    { mode: "disconnect", compress: false, after: 4 },
    { mode: "silent", compress: false, after: 4 },
    { mode: "disconnect", compress: true, after: 1 },
  ] as const;
  it("a board that stops answering after connecting (while its table is read): board.lost, nothing written", async () => {
    // esptool 5.6.0 sends ≈1610 bytes to connect (SYNC, security info, eFuses, flash id); the table read follows.
    const d = await board({ fault: { afterHostBytes: 1650, mode: "silent" } });
    const r = await flash([plain[0], "--port", d.port, "--json"]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/board on socket:\/\/127\.0\.0\.1:\d+: board stopped answering: /);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "board.lost" } });
    expect(d.rom.writes).toEqual([]);
  });

  it("a flash byte that does not take the write: esptool's own MD5 check fails the write (write.failed)", async () => {
    const d = await board({ defects: { stuckByte: 0x3e0020 /* the first page's entry bitmap, never 0xFF once written */ } });
    const r = await flash([plain[0], "--port", d.port, "--json"]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/writing fctry at 0x3e0000 failed — .*MD5 of file does not match data in flash/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "write.failed" } });
  });

  it("a read-back that differs from the image: verify.readback names the byte", async () => {
    const d = await board({ defects: { flippedRead: 0x3e0021 } });
    const r = await flash([plain[0], "--port", d.port, "--json"]);
    expect(r.code).toBe(1);
    expect(errorLine(r.stderr)).toMatch(/board c4:0a:24:fe:10:01 partition fctry read back: byte 0x3e0021 is 0x[0-9a-f]+, the image has 0x[0-9a-f]+/);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "verify.readback" } });
  });

  for (const { mode, compress, after } of cases) {
    it(`${mode} after ${after} ${compress ? "deflated " : ""}block(s): one clear line, exit 1, write.failed; the retry on the re-plugged board verifies`, async () => {
      const d = await board({ fault: { afterFlashBlocks: after, mode } });
      const r = await flash([plain[0], "--port", d.port, "--json", ...(compress ? [] : ["--no-compress"])]);
      expect(r.code).toBe(1);
      expect(errorLine(r.stderr)).toMatch(/board c4:0a:24:fe:10:01 on socket:\/\/127\.0\.0\.1:\d+: writing fctry at 0x3e0000 failed — the partition may hold part of the image, flash this device to this board again: /);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { id: "write.failed" } });
      expect(d.faulted).toBe(true);
      d.heal();
      const again = await flash([plain[0], "--port", d.port]);
      expect(again.code).toBe(0);
    });
  }
});

describe("matter-factory flash --help", () => {
  it("teaches: the table offsets, what is refused, esp_secure_cert, exit status", async () => {
    const r = await runCliInProcess(["flash", "--help"]);
    expect(r.code).toBe(0);
    for (const s of ["0x8000", "0xC000", "esp_secure_cert", "never retried silently", "Exit status", "socket://"]) expect(r.stdout).toContain(s);
    expect((await runCliInProcess(["--help"])).stdout).toMatch(/Production line:\n {2}flash /);
  });
});
