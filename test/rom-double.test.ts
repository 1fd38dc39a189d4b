// The ROM loader double driven by the real esptool 5.6.0 (PyPI, .venv/esptool) over socket://, in
// every run: connect and chip detection, write-flash plain and deflated, verify-flash (MD5),
// read-flash (READ_FLASH_SLOW), baud change, and the faults the line tests use.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { esptoolPython } from "../host-tools/line/esptool.js";
import { OP, ROM_ERR, RomLoader, type RomDouble, startRomDouble } from "./support/rom-double/index.js";
import { seededBytes } from "./support/rom-double/board.js";

const doubles: RomDouble[] = [];
afterEach(async () => {
  for (const d of doubles.splice(0)) await d.close();
});

async function board(o: Parameters<typeof startRomDouble>[0] = {}): Promise<RomDouble> {
  const d = await startRomDouble({ paced: false, ...o });
  doubles.push(d);
  return d;
}

function esptool(port: string, args: string[]): Promise<{ code: number; out: string }> {
  const argv = ["-m", "esptool", "--port", port, "--chip", "auto", "--before", "no-reset", "--after", "no-reset", "--no-stub", ...args];
  return new Promise((resolve) => {
    const child = spawn(esptoolPython(), argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b) => (out += b));
    child.stderr.on("data", (b) => (out += b));
    child.on("exit", (code) => resolve({ code: code ?? -1, out }));
  });
}

const tmp = () => mkdtempSync(join(tmpdir(), "mf-rom-"));

describe("ROM double driven by esptool 5.6.0", () => {
  it("identifies as an ESP32-C3 with the recorded MAC and a 4 MB GigaDevice flash", async () => {
    const d = await board();
    const r = await esptool(d.port, ["flash-id"]);
    expect(r.out).toContain("Connected to ESP32-C3");
    expect(r.out).toContain("MAC:                c4:0a:24:fe:10:01");
    expect(r.out).toContain("Detected flash size: 4MB");
    expect(r.code).toBe(0);
  });

  for (const compress of [false, true]) {
    it(`write-flash ${compress ? "--compress (FLASH_DEFL_*)" : "--no-compress (FLASH_DATA)"}, verify-flash and read-flash return the bytes`, async () => {
      const d = await board();
      const dir = tmp();
      const data = seededBytes(0x5000, 7);
      data.fill(0xff, 0x3000); // an NVS-like tail that deflates well
      writeFileSync(join(dir, "in.bin"), data);
      const w = await esptool(d.port, ["write-flash", compress ? "--compress" : "--no-compress", "0x3e0000", join(dir, "in.bin")]);
      expect(w.out).toContain("Hash of data verified.");
      expect(w.out).toContain(compress ? "compressed) at 0x003e0000" : "Wrote 20480 bytes at 0x003e0000");
      expect(w.code).toBe(0);
      expect(Buffer.from(d.flash.subarray(0x3e0000, 0x3e5000)).equals(Buffer.from(data))).toBe(true);
      expect(d.rom.writes).toEqual([{ offset: 0x3e0000, size: 0x5000, encrypted: false, compressed: compress }]);
      const v = await esptool(d.port, ["verify-flash", "0x3e0000", join(dir, "in.bin")]);
      expect(v.out).toContain("Verification successful (digest matched).");
      const r = await esptool(d.port, ["read-flash", "0x3e0000", "0x400", join(dir, "out.bin")]);
      expect(r.code).toBe(0);
      expect(Buffer.from(readFileSync(join(dir, "out.bin"))).equals(Buffer.from(data.subarray(0, 0x400)))).toBe(true);
    });
  }

  it("verify-flash fails when the flash differs (the MD5 is of the emulated flash)", async () => {
    const d = await board();
    const dir = tmp();
    writeFileSync(join(dir, "in.bin"), seededBytes(0x1000, 1));
    const v = await esptool(d.port, ["verify-flash", "0x3e0000", join(dir, "in.bin")]);
    expect(v.code).not.toBe(0);
    expect(v.out).toMatch(/Verification failed|digest mismatch/i);
  });

  it("switches to 921600 baud on CHANGE_BAUDRATE and keeps answering (paced)", async () => {
    const d = await board({ paced: true });
    const r = await esptool(d.port, ["--baud", "921600", "read-mac"]);
    expect(r.out).toContain("Changed.");
    expect(r.out).toContain("c4:0a:24:fe:10:01");
    expect(r.code).toBe(0);
  });

  it("reports flash encryption from the eFuses (SPI_BOOT_CRYPT_CNT) and another chip id", async () => {
    const enc = await board({ chip: { cryptCnt: 1 } });
    const s = await esptool(enc.port, ["get-security-info"]);
    expect(s.out).toMatch(/Flash Encryption: Enabled/i);
    const s3 = await board({ chip: { chipId: 9, mac: "aa:bb:cc:00:11:22" } });
    const r = await esptool(s3.port, ["chip-id"]);
    expect(r.out).toContain("ESP32-S3");
  });

  it("a fault mid-write: esptool reports the failure and exits non-zero", async () => {
    const d = await board({ fault: { afterFlashBlocks: 3, mode: "disconnect" } });
    const dir = tmp();
    writeFileSync(join(dir, "in.bin"), seededBytes(0x6000, 3));
    const w = await esptool(d.port, ["write-flash", "--no-compress", "0x3e0000", join(dir, "in.bin")]);
    expect(w.code).not.toBe(0);
    expect(d.faulted).toBe(true);
  });
});

describe("ROM double: the loader's own checks", () => {
  const request = (op: number, data: Uint8Array, checksum = 0) => {
    const f = new Uint8Array(8 + data.length);
    const v = new DataView(f.buffer);
    f[1] = op;
    v.setUint16(2, data.length, true);
    v.setUint32(4, checksum, true);
    f.set(data, 8);
    return f;
  };
  const words = (...w: number[]) => new Uint8Array(Uint32Array.from(w).buffer);
  const status = (reply: Uint8Array) => [reply[reply.length - 4], reply[reply.length - 3]];

  it("refuses a FLASH_DATA block whose checksum is wrong, an unknown command, a write past the flash", () => {
    const rom = new RomLoader(new Uint8Array(0x10000).fill(0xff));
    expect(status(rom.handle(request(OP.FLASH_BEGIN, words(0x1000, 1, 0x400, 0x1000, 0)))[0])).toEqual([0, 0]);
    const block = new Uint8Array(0x400).fill(0x12);
    const good = block.reduce((x, b) => x ^ b, 0xef);
    const data = new Uint8Array([...words(0x400, 0, 0, 0), ...block]);
    expect(status(rom.handle(request(OP.FLASH_DATA, data, good ^ 1))[0])).toEqual([1, ROM_ERR.BAD_CHECKSUM]);
    expect(rom.flash[0x1000]).toBe(0xff);
    expect(status(rom.handle(request(OP.FLASH_DATA, data, good))[0])).toEqual([0, 0]);
    expect(rom.flash[0x1000]).toBe(0x12);
    expect(status(rom.handle(request(0xd0, new Uint8Array(0)))[0])).toEqual([1, ROM_ERR.INVALID_MESSAGE]);
    expect(status(rom.handle(request(OP.FLASH_BEGIN, words(0x2000, 2, 0x400, 0xf000, 0)))[0])).toEqual([1, ROM_ERR.FAILED]);
  });

  it("is paced: a plain 24 KB write at 115200 takes at least its bytes' time on the wire", async () => {
    const d = await board({ paced: true });
    const dir = tmp();
    writeFileSync(join(dir, "in.bin"), seededBytes(0x6000, 9));
    const t = performance.now();
    const w = await esptool(d.port, ["write-flash", "--no-compress", "0x3e0000", join(dir, "in.bin")]);
    const seconds = (performance.now() - t) / 1000;
    expect(w.code).toBe(0);
    expect(d.stats.serialSeconds).toBeGreaterThan((0x6000 * 10) / 115200);
    expect(seconds).toBeGreaterThan(d.stats.serialSeconds * 0.95);
  });
});
