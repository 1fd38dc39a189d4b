// The ESP32-C3 ROM serial loader's command handling, as a pure state machine over one emulated
// board: request frame in, reply frames out. Commands and reply layout from esptool 5.6.0 (loader.py,
// targets/esp32c3.py) and Espressif's "Serial Protocol" page; the replies were checked against a
// recorded exchange with the real ROM (test/rom-double-vectors.test.ts).
//   request: u8 0x00, u8 op, u16 len, u32 checksum, data
//   reply:   u8 0x01, u8 op, u16 len, u32 value, data, 4 status bytes (status, error, 0, 0)
// `value` is the last word the loader read (a register, or SYNC's 0x20120707): the ROM keeps it
// between commands, and the recording shows it echoed by every command that does not set it.
import { createHash } from "node:crypto";
import { constants, inflateSync } from "node:zlib";

export const OP = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  READ_FLASH_SLOW: 0x0e,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
} as const;

/** ROM error codes (second status byte; esptool util.py FatalError.WithResult). */
export const ROM_ERR = { INVALID_MESSAGE: 0x05, FAILED: 0x06, BAD_CHECKSUM: 0x07, FLASH_WRITE: 0x08, FLASH_READ: 0x09, DEFLATE: 0x0b } as const;

const SECTOR = 0x1000;
const CHECKSUM_SEED = 0xef;
const SYNC_VALUE = 0x20120707;

// Registers esptool reads (targets/esp32c3.py).
const EFUSE = 0x60008800;
const REG = {
  EFUSE_RD_REPEAT0: EFUSE + 0x30, // DIS_DOWNLOAD_MANUAL_ENCRYPT bit 20
  EFUSE_RD_REPEAT1: EFUSE + 0x34, // SPI_BOOT_CRYPT_CNT bits 18-20, KEY_PURPOSE_0/1 bits 24-31
  EFUSE_RD_REPEAT2: EFUSE + 0x38, // SECURE_BOOT_EN bit 20, KEY_PURPOSE_2..5
  MAC0: EFUSE + 0x44,
  MAC1: EFUSE + 0x48,
  BLK1_W3: EFUSE + 0x50, // wafer/package version
  BLK1_W5: EFUSE + 0x58,
  CHIP_MAGIC: 0x40001000,
};
const SPI = 0x60002000;
const SPI_REG = { CMD: SPI + 0x00, ADDR: SPI + 0x04, USR: SPI + 0x18, USR1: SPI + 0x1c, USR2: SPI + 0x20, MOSI_DLEN: SPI + 0x24, MISO_DLEN: SPI + 0x28, W0: SPI + 0x58 };
const SPI_CMD_USR = 1 << 18;

export interface ChipIdentity {
  /** GET_SECURITY_INFO chip id: 5 = ESP32-C3 (esptool IMAGE_CHIP_ID); 9 = ESP32-S3, 13 = ESP32-C6. */
  chipId: number;
  magic: number;
  mac: string; // "c4:0a:24:fe:10:01"
  /** eFuse SPI_BOOT_CRYPT_CNT (3 bits): flash encryption is on when an odd number of bits is set. */
  cryptCnt: number;
  /** Security-info flags word (bit 2 SECURE_DOWNLOAD_ENABLE). */
  securityFlags: number;
  /** The 7 key-purpose bytes of GET_SECURITY_INFO as the recorded ROM reports them. */
  keyPurposes: number[];
  apiVersion: number;
  /** eFuse word with wafer/package version: 0x030c0000 reads as revision v0.3, QFN32. */
  waferWord: number;
}

export const RECORDED_CHIP: ChipIdentity = {
  chipId: 5,
  magic: 0x1b31506f,
  mac: "c4:0a:24:fe:10:01",
  cryptCnt: 0,
  securityFlags: 0,
  keyPurposes: [0, 0, 0, 0, 0, 0, 0x0c],
  apiVersion: 3,
  waferWord: 0x030c0000,
};

export interface WriteRecord {
  offset: number;
  size: number;
  encrypted: boolean;
  compressed: boolean;
}

interface FlashSession {
  offset: number;
  blockSize: number;
  blocks: number;
  encrypted: boolean;
  compressed?: { chunks: Uint8Array[]; written: number; size: number };
}

/** Stand-in for the chip's flash encryption (NOT the real XTS-AES): XOR with a per-address SHA-256 stream. */
export function doubleCipher(data: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i += 32) {
    const block = createHash("sha256").update(`rom-double flash key ${(offset + i) >>> 5}`).digest();
    for (let k = 0; k < 32 && i + k < data.length; k++) out[i + k] = data[i + k] ^ block[k];
  }
  return out;
}

export class RomLoader {
  readonly regs = new Map<number, number>();
  readonly writes: WriteRecord[] = [];
  /** Set once FLASH_END asked to run the app: the loader stops answering until the next connection. */
  running = false;
  /** Defects for the verification tests: a flash byte that ignores programming; a byte READ_FLASH_SLOW returns flipped. */
  defects: { stuckByte?: number; flippedRead?: number } = {};
  /** A CHANGE_BAUDRATE reply was just produced: the server switches after sending it. */
  pendingBaud: number | undefined;
  private last = 0;
  private readonly buffer = new Uint8Array(256);
  private session: FlashSession | undefined;
  private flashParamsSize: number;

  constructor(
    readonly flash: Uint8Array,
    readonly chip: ChipIdentity = RECORDED_CHIP,
  ) {
    this.flashParamsSize = flash.length;
    const mac = chip.mac.split(":").map((h) => parseInt(h, 16));
    this.regs.set(REG.MAC0, ((mac[2] << 24) | (mac[3] << 16) | (mac[4] << 8) | mac[5]) >>> 0);
    this.regs.set(REG.MAC1, (mac[0] << 8) | mac[1]);
    this.regs.set(REG.BLK1_W3, chip.waferWord);
    this.regs.set(REG.CHIP_MAGIC, chip.magic);
    const keyPurpose0 = chip.cryptCnt ? 4 : 0; // XTS_AES_128_KEY in KEY0 when encryption is on
    this.regs.set(REG.EFUSE_RD_REPEAT1, (((chip.cryptCnt & 7) << 18) | (keyPurpose0 << 24)) >>> 0);
    // SPI controller state after reset, as the recording reads it.
    this.regs.set(SPI_REG.USR, 0x800000c0);
    this.regs.set(SPI_REG.USR2, 0x70000000);
  }

  /** A new connection: what a reset into download mode clears (a flash session, a running app). */
  reset(): void {
    this.session = undefined;
    this.running = false;
    this.pendingBaud = undefined;
  }

  /** One request frame → its reply frames (SYNC answers eight times, like the ROM). */
  handle(frame: Uint8Array): Uint8Array[] {
    if (this.running || frame.length < 8 || frame[0] !== 0x00) return [];
    const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
    const op = frame[1];
    const checksum = view.getUint32(4, true);
    const data = frame.subarray(8, 8 + view.getUint16(2, true));
    const r = this.dispatch(op, data, checksum);
    if (r === null) return [];
    const reply = this.reply(op, r.data ?? new Uint8Array(0), r.error ?? 0);
    return op === OP.SYNC ? Array.from({ length: 8 }, () => reply) : [reply];
  }

  private reply(op: number, data: Uint8Array, error: number): Uint8Array {
    // The ROM builds replies in one buffer and sets only the first two status bytes: the two
    // "reserved" ones carry what an earlier, longer reply left there (the recording shows MD5 text).
    this.buffer.set(data, 0);
    this.buffer[data.length] = error ? 1 : 0;
    this.buffer[data.length + 1] = error;
    const out = new Uint8Array(8 + data.length + 4);
    const view = new DataView(out.buffer);
    out[0] = 0x01;
    out[1] = op;
    view.setUint16(2, data.length + 4, true);
    view.setUint32(4, this.last >>> 0, true);
    out.set(this.buffer.subarray(0, data.length + 4), 8);
    return out;
  }

  private dispatch(op: number, d: Uint8Array, checksum: number): { data?: Uint8Array; error?: number } | null {
    const w = (i: number) => (d.length >= i * 4 + 4 ? new DataView(d.buffer, d.byteOffset + i * 4, 4).getUint32(0, true) : 0);
    switch (op) {
      case OP.SYNC:
        this.last = SYNC_VALUE;
        return {};
      case OP.READ_REG:
        this.last = this.readReg(w(0));
        return {};
      case OP.WRITE_REG:
        this.writeReg(w(0), w(1), w(2));
        return {};
      case OP.GET_SECURITY_INFO:
        return { data: this.securityInfo() };
      case OP.SPI_ATTACH:
        return {};
      case OP.SPI_SET_PARAMS:
        this.flashParamsSize = w(1);
        return {};
      case OP.CHANGE_BAUDRATE:
        this.pendingBaud = w(0);
        return {};
      case OP.FLASH_BEGIN:
      case OP.FLASH_DEFL_BEGIN:
        return this.flashBegin(op === OP.FLASH_DEFL_BEGIN, w(0), w(1), w(2), w(3), d.length >= 20 && w(4) === 1);
      case OP.FLASH_DATA:
      case OP.FLASH_DEFL_DATA:
        return this.flashData(op === OP.FLASH_DEFL_DATA, d, checksum);
      case OP.FLASH_END:
      case OP.FLASH_DEFL_END:
        this.session = undefined;
        if (w(0) === 0) this.running = true; // "reboot": the ROM jumps to the app after this reply
        return {};
      case OP.SPI_FLASH_MD5:
        return this.md5(w(0), w(1));
      case OP.READ_FLASH_SLOW:
        return this.readSlow(w(0), w(1));
      case OP.MEM_BEGIN:
      case OP.MEM_DATA:
      case OP.MEM_END:
        return {}; // RAM is not emulated: a stub uploaded here never answers (use --no-stub)
      default:
        return { error: ROM_ERR.INVALID_MESSAGE };
    }
  }

  private readReg(addr: number): number {
    if (addr === SPI_REG.CMD) return (this.regs.get(addr) ?? 0) & ~SPI_CMD_USR;
    return this.regs.get(addr) ?? 0;
  }

  private writeReg(addr: number, value: number, mask: number): void {
    const old = this.regs.get(addr) ?? 0;
    const v = ((old & ~mask) | (value & mask)) >>> 0;
    this.regs.set(addr, v);
    if (addr === SPI_REG.CMD && v & SPI_CMD_USR) {
      this.spiUserCommand();
      this.regs.set(addr, v & ~SPI_CMD_USR);
    }
  }

  /** esptool run_spiflash_command: the command byte in USR2, the reply in W0. */
  private spiUserCommand(): void {
    const cmd = (this.regs.get(SPI_REG.USR2) ?? 0) & 0xff;
    const size = this.flash.length;
    switch (cmd) {
      case 0x9f: // RDID: GigaDevice (0xC8), type 0x40, capacity log2(size)
        this.regs.set(SPI_REG.W0, (0xc8 | (0x40 << 8) | (Math.log2(size) << 16)) >>> 0);
        break;
      case 0x05: // RDSR, RDSR2, RDSR3: idle, unprotected
      case 0x35:
      case 0x15:
        this.regs.set(SPI_REG.W0, 0);
        break;
      case 0x03: {
        const a = (this.regs.get(SPI_REG.ADDR) ?? 0) % size;
        const b = (i: number) => this.flash[(a + i) % size];
        this.regs.set(SPI_REG.W0, (b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24)) >>> 0);
        break;
      }
      default: // SFDP (0x5A) reads as 0 in the recording; reset/enable commands change nothing
        break;
    }
  }

  private securityInfo(): Uint8Array {
    const out = new Uint8Array(20);
    const view = new DataView(out.buffer);
    view.setUint32(0, this.chip.securityFlags, true);
    out[4] = this.chip.cryptCnt;
    out.set(this.chip.keyPurposes.slice(0, 7), 5);
    if (this.chip.cryptCnt) out[5] = 4;
    view.setUint32(12, this.chip.chipId, true);
    view.setUint32(16, this.chip.apiVersion, true);
    return out;
  }

  private flashBegin(compressed: boolean, eraseSize: number, blocks: number, blockSize: number, offset: number, encrypted: boolean) {
    if (offset % SECTOR) return { error: ROM_ERR.FAILED };
    const end = offset + Math.ceil(eraseSize / SECTOR) * SECTOR;
    if (end > this.flashParamsSize) return { error: ROM_ERR.FAILED };
    for (let a = offset; a < end; a++) this.flash[a % this.flash.length] = 0xff;
    this.session = { offset, blockSize, blocks, encrypted, compressed: compressed ? { chunks: [], written: 0, size: eraseSize } : undefined };
    if (eraseSize) this.writes.push({ offset, size: eraseSize, encrypted, compressed });
    return {};
  }

  private flashData(compressed: boolean, d: Uint8Array, checksum: number) {
    const s = this.session;
    if (!s || !!s.compressed !== compressed || d.length < 16) return { error: ROM_ERR.FAILED };
    const view = new DataView(d.buffer, d.byteOffset, 16);
    const len = view.getUint32(0, true);
    const seq = view.getUint32(4, true);
    const payload = d.subarray(16, 16 + len);
    if (payload.length !== len) return { error: ROM_ERR.INVALID_MESSAGE };
    if ((payload.reduce((x, b) => x ^ b, CHECKSUM_SEED) & 0xff) !== (checksum & 0xff)) return { error: ROM_ERR.BAD_CHECKSUM };
    if (!s.compressed) {
      this.program(s.offset + seq * s.blockSize, payload, s.encrypted);
      return {};
    }
    s.compressed.chunks.push(payload);
    let plain: Uint8Array;
    try {
      plain = inflateSync(Buffer.concat(s.compressed.chunks), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return { error: ROM_ERR.DEFLATE };
    }
    const fresh = plain.subarray(s.compressed.written);
    this.program(s.offset + s.compressed.written, fresh, s.encrypted);
    s.compressed.written = plain.length;
    return {};
  }

  /** NOR programming: bits only go from 1 to 0 (the sector was erased by FLASH_BEGIN). */
  private program(at: number, data: Uint8Array, encrypted: boolean): void {
    const bytes = encrypted ? doubleCipher(data, at) : data;
    for (let i = 0; i < bytes.length; i++) {
      const a = (at + i) % this.flash.length;
      if (a !== this.defects.stuckByte) this.flash[a] &= bytes[i];
    }
  }

  private flashRead(addr: number, len: number): Uint8Array {
    // The ROM reads flash through the SPI user command path and leaves it configured for READ (0x03).
    this.regs.set(SPI_REG.USR, 0xd00000c0);
    this.regs.set(SPI_REG.USR2, 0x70000003);
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) out[i] = this.flash[(addr + i) % this.flash.length];
    return out;
  }

  private md5(addr: number, size: number) {
    if (addr + size > this.flashParamsSize) return { error: ROM_ERR.FLASH_READ };
    const hex = createHash("md5").update(this.flashRead(addr, size)).digest("hex");
    return { data: new TextEncoder().encode(hex) };
  }

  private readSlow(addr: number, len: number) {
    if (len > 64) return { error: ROM_ERR.INVALID_MESSAGE };
    const data = this.flashRead(addr, 64);
    const flip = this.defects.flippedRead;
    if (flip !== undefined && flip >= addr && flip < addr + 64) data[flip - addr] ^= 0x01;
    return { data };
  }
}
