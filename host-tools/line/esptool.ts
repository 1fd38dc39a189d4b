// Runs Espressif's esptool (the PyPI package, pinned in test/py/requirements-esptool.txt and installed
// by scripts/setup.mjs into .venv/esptool) as a child process that holds one connection to a board.
// The ROM serial loader is used (no flasher stub): what a board fresh from the reel answers.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackageRoot } from "../package-root.js";
import { ESPTOOL_SCRIPT } from "./esptool-script.js";
import { LineError, type LineErrorId } from "./flash-errors.js";

export type ResetMode = "default-reset" | "no-reset" | "usb-reset";
export type AfterMode = "hard-reset" | "watchdog-reset" | "no-reset";

export interface EsptoolOptions {
  /** Python of the esptool venv; default $MF_ESPTOOL_PYTHON or <package>/.venv/esptool/bin/python. */
  python?: string;
  /** Baud rate after connecting (the ROM answers at 115200 first). */
  baud?: number;
  /** How esptool resets the board into the loader; default-reset (DTR/RTS), no-reset for socket://. */
  before?: ResetMode;
  /** What the board does after a successful flash: hard-reset (RTS) runs the firmware; default hard-reset, no-reset for socket://. */
  after?: AfterMode;
  /** Deflate writes (FLASH_DEFL_*); default true. */
  compress?: boolean;
  /** Watchdog for one request, ms (esptool's own timeouts fire first); default 120000. */
  timeoutMs?: number;
  /** SYNC attempts; default 3. */
  connectAttempts?: number;
}

export const ROM_BAUD = 115200;

/** What the board says about itself right after connecting. */
export interface ConnectInfo {
  chip: string;
  mac?: string;
  flashId?: number;
  flashSize?: string | null; // esptool's name, e.g. "4MB"; null when the flash id is unknown
  cryptCnt?: number;
  flashEncryption?: boolean;
  secureDownload?: boolean;
  esptool?: string;
}

interface Reply {
  ok?: Record<string, unknown>;
  error?: { type: string; message: string; phase: string };
}

/** The package root (for .venv/esptool); the working directory when the tools run outside the package. */
function packageRoot(): string {
  try {
    return findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  } catch {
    return process.cwd();
  }
}

export function esptoolPython(o: EsptoolOptions = {}): string {
  return o.python ?? process.env.MF_ESPTOOL_PYTHON ?? join(packageRoot(), ".venv/esptool/bin/python");
}

/** A raw socket:// port cannot toggle DTR/RTS (rfc2217:// can): esptool must not try to reset through it. */
export function defaultReset(port: string): ResetMode {
  return /^socket:\/\//.test(port) ? "no-reset" : "default-reset";
}

export function defaultAfter(port: string): AfterMode {
  return /^socket:\/\//.test(port) ? "no-reset" : "hard-reset";
}

/** One esptool process, one board connection. Requests run one at a time. */
export class EsptoolSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stderrTail: string[] = [];
  private buffered = "";
  private waiting?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  /** Replies that came before anyone asked (the script's import failure). */
  private early: Reply[] = [];
  private exited?: string;
  private op = "connect";

  private constructor(
    readonly port: string,
    private readonly options: EsptoolOptions,
  ) {
    const python = esptoolPython(options);
    if (!existsSync(python)) {
      throw new LineError("esptool.missing", `esptool: ${python} not found; run \`npm ci\` (scripts/setup.mjs makes .venv/esptool) or set MF_ESPTOOL_PYTHON`, port);
    }
    this.child = spawn(python, ["-c", ESPTOOL_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stdout.setEncoding("utf8").on("data", (s: string) => this.onData(s));
    this.child.stderr.setEncoding("utf8").on("data", (s: string) => this.onStderr(s));
    this.child.on("error", (e) => this.onExit(`cannot start ${python}: ${e.message}`));
    this.child.on("exit", (code, signal) => this.onExit(`esptool exited (${signal ?? code})`));
    this.child.stdin.on("error", () => {});
  }

  /** Starts esptool and connects to the board; throws board.unreachable when the ROM loader does not answer. */
  static async open(port: string, options: EsptoolOptions = {}): Promise<{ session: EsptoolSession; info: ConnectInfo }> {
    const session = new EsptoolSession(port, options);
    try {
      const info = (await session.request("connect", {
        port,
        before: options.before ?? defaultReset(port),
        baud: options.baud ?? ROM_BAUD,
        attempts: options.connectAttempts ?? 3,
      })) as unknown as ConnectInfo;
      return { session, info };
    } catch (e) {
      session.close();
      throw e;
    }
  }

  async read(offset: number, size: number): Promise<Uint8Array> {
    const r = await this.request("read", { offset, size });
    return new Uint8Array(Buffer.from(String(r.hex), "hex"));
  }

  /** esptool write-flash of one region: erases, writes and (unencrypted) checks the ROM's MD5 itself. */
  async write(offset: number, data: Uint8Array, encrypt: boolean): Promise<void> {
    await this.request("write", { offset, hex: Buffer.from(data).toString("hex"), encrypt, compress: this.options.compress ?? true });
  }

  /** Leaves the loader: hard-reset runs the firmware just written; no-reset stays in the ROM loader. */
  async reset(mode: AfterMode = this.options.after ?? defaultAfter(this.port)): Promise<void> {
    await this.request("reset", { mode });
  }

  async md5(offset: number, size: number): Promise<string> {
    return String((await this.request("md5", { offset, size })).md5);
  }

  close(): void {
    if (this.exited) return;
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill("SIGKILL"), 2000);
    t.unref();
    this.child.once("exit", () => clearTimeout(t));
  }

  /** The last lines esptool printed (for a failure report). */
  get log(): string[] {
    return [...this.stderrTail];
  }

  private async request(op: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.exited) throw this.lost(op, this.exited);
    this.op = op;
    const reply = this.early.shift() ?? await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.kill("SIGKILL");
        reject(this.lost(op, `no reply from esptool within ${(this.options.timeoutMs ?? 120000) / 1000} s`));
      }, this.options.timeoutMs ?? 120000);
      this.waiting = {
        resolve: (r) => (clearTimeout(timer), resolve(r)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      this.child.stdin.write(JSON.stringify({ op, ...args }) + "\n");
    });
    if (reply.error) throw this.failure(reply.error);
    return reply.ok ?? {};
  }

  private failure(e: { type: string; message: string; phase: string }): LineError {
    if (e.phase === "import") {
      return new LineError("esptool.missing", `esptool: ${esptoolPython(this.options)} cannot import esptool (${e.message}); run \`npm ci\` (scripts/setup.mjs makes .venv/esptool)`, this.port, e.message);
    }
    const id: LineErrorId = e.phase === "connect" ? "board.unreachable" : e.phase === "write" ? "write.failed" : "board.lost";
    const what = e.phase === "connect" ? "cannot connect to the ROM loader" : e.phase === "write" ? "write failed" : "board stopped answering";
    const detail = `${e.message} (esptool ${e.type})`;
    return new LineError(id, `board on ${this.port}: ${what}: ${detail}`, this.port, detail);
  }

  private lost(op: string, why: string): LineError {
    const id: LineErrorId = op === "connect" ? "board.unreachable" : op === "write" ? "write.failed" : "board.lost";
    return new LineError(id, `board on ${this.port}: ${why} during ${op}`, this.port, why);
  }

  private onData(s: string): void {
    this.buffered += s;
    let nl: number;
    while ((nl = this.buffered.indexOf("\n")) >= 0) {
      const line = this.buffered.slice(0, nl);
      this.buffered = this.buffered.slice(nl + 1);
      const w = this.waiting;
      this.waiting = undefined;
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        w?.reject(this.lost(this.op, `unreadable reply from esptool: ${line.slice(0, 80)}`));
        continue;
      }
      if (w) w.resolve(reply);
      else this.early.push(reply);
    }
  }

  private onStderr(s: string): void {
    for (const line of s.split(/\r?\n|\r/)) if (line.trim()) this.stderrTail.push(line.trim());
    if (this.stderrTail.length > 40) this.stderrTail.splice(0, this.stderrTail.length - 40);
  }

  private onExit(why: string): void {
    if (this.exited) return;
    const last = this.stderrTail.filter((l) => /error|Error|rror:/.test(l)).pop();
    this.exited = last ? `${why}: ${last}` : why;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(this.lost(this.op, this.exited));
  }
}
