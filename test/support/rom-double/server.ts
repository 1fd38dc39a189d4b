// The ROM loader double on a TCP port, as esptool reaches a board through `socket://host:port`
// (pyserial's socket URL handler). Paced at the UART's baud rate (10 bit times per byte, both
// directions) unless `paced: false`; faults on request for the line's failure tests.
import { createServer, type Server, type Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { type ChipIdentity, OP, RECORDED_CHIP, RomLoader } from "./rom.js";
import { SlipDecoder, slipEncode } from "./slip.js";

export const ROM_BAUD = 115200;

export interface Fault {
  /** Trigger after this many FLASH_DATA / FLASH_DEFL_DATA requests were answered in total. */
  afterFlashBlocks?: number;
  /** Or after this many request bytes arrived (over all connections). */
  afterHostBytes?: number;
  /** "silent": the board stops answering (powered, hung); "disconnect": the cable is pulled. */
  mode: "silent" | "disconnect";
}

export interface RomDoubleOptions {
  /** Initial flash contents; its length is the flash size (default 4 MB erased). */
  flash?: Uint8Array;
  flashSize?: number;
  chip?: Partial<ChipIdentity>;
  /** Pace replies at the baud rate (default true). */
  paced?: boolean;
  fault?: Fault;
  /** Flash defects (RomLoader.defects). */
  defects?: RomLoader["defects"];
}

export interface RomDouble {
  /** `socket://127.0.0.1:<port>` */
  port: string;
  flash: Uint8Array;
  rom: RomLoader;
  /** Connections accepted so far. */
  connections: number;
  /** Bytes each way and their time on the wire at the baud rate in force (the serial floor). */
  stats: { hostBytes: number; romBytes: number; serialSeconds: number };
  /** True once the fault fired. */
  faulted: boolean;
  /** Clear a fired or pending fault (the board re-plugged / reset). */
  heal(): void;
  close(): Promise<void>;
}

const byteTime = (baud: number) => 10 / baud;

export async function startRomDouble(o: RomDoubleOptions = {}): Promise<RomDouble> {
  const flash = o.flash ?? new Uint8Array(o.flashSize ?? 4 * 1024 * 1024).fill(0xff);
  const rom = new RomLoader(flash, { ...RECORDED_CHIP, ...o.chip });
  if (o.defects) rom.defects = o.defects;
  const paced = o.paced ?? true;
  let fault = o.fault;
  let hostBytes = 0;
  let flashBlocks = 0;
  let current: Socket | undefined;
  const sockets = new Set<Socket>();

  const state: RomDouble = {
    port: "",
    flash,
    rom,
    connections: 0,
    stats: { hostBytes: 0, romBytes: 0, serialSeconds: 0 },
    faulted: false,
    heal() {
      fault = undefined;
      state.faulted = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const fire = (sock: Socket) => {
    state.faulted = true;
    if (fault?.mode === "disconnect") sock.destroy();
  };

  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    state.connections++;
    if (state.faulted && fault?.mode === "disconnect") return void sock.destroy(); // unplugged
    if (current && !current.destroyed) current.destroy(); // one host per UART
    current = sock;
    sock.setNoDelay(true);
    rom.reset();
    const decoder = new SlipDecoder();
    let baud = ROM_BAUD;
    let rxFree = 0; // when the UART receiver has taken in everything so far (ms, performance clock)
    let txFree = 0;
    let chain = Promise.resolve();

    const send = (bytes: Uint8Array, at: number) =>
      new Promise<void>((resolve) => {
        const go = () => {
          if (!sock.destroyed) sock.write(bytes);
          resolve();
        };
        const delay = at - performance.now();
        if (delay > 0.5) setTimeout(go, delay);
        else go();
      });

    sock.on("data", (chunk: Buffer) => {
      if (state.faulted) return;
      const now = performance.now();
      state.stats.hostBytes += chunk.length;
      state.stats.serialSeconds += chunk.length * byteTime(baud);
      for (let i = 0; i < chunk.length; i++) {
        hostBytes++;
        if (fault?.afterHostBytes !== undefined && hostBytes > fault.afterHostBytes) {
          fire(sock);
          return;
        }
        const frames = decoder.push(chunk.subarray(i, i + 1));
        const arrived = paced ? Math.max(rxFree, now) + (i + 1) * byteTime(baud) * 1000 : now;
        for (const { frame } of frames) {
          chain = chain.then(async () => {
            if (state.faulted || sock.destroyed) return;
            const replies = rom.handle(frame);
            const op = frame[1];
            for (const r of replies) {
              const wire = slipEncode(r);
              state.stats.romBytes += wire.length;
              state.stats.serialSeconds += wire.length * byteTime(baud);
              const start = paced ? Math.max(txFree, arrived, performance.now()) : 0;
              txFree = start + wire.length * byteTime(baud) * 1000;
              await send(wire, paced ? txFree : 0);
            }
            if ((op === OP.FLASH_DATA || op === OP.FLASH_DEFL_DATA) && replies.length) {
              flashBlocks++;
              if (fault?.afterFlashBlocks !== undefined && flashBlocks >= fault.afterFlashBlocks) fire(sock);
            }
            if (rom.pendingBaud) {
              baud = rom.pendingBaud; // the reply went out at the old rate
              rom.pendingBaud = undefined;
            }
          });
        }
      }
      if (paced) rxFree = Math.max(rxFree, now) + chunk.length * byteTime(baud) * 1000;
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  state.port = `socket://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return state;
}
