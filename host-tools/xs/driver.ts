// A SES-free driver for the XS engine as built by npm @agoric/xsnap (XS 13.3): spawns the
// `xsnap-worker` binary and speaks its netstring protocol on fd 3 (to XS) and fd 4 (from XS).
// docs/xs-engine.md §xsnap driver (commands and replies), §Metering.
//
// Host → XS frames:  `e<source>` (global eval), `?<bytes>` (calls globalThis.handleCommand),
//                    `/<bytes>` (answer to an issueCommand from XS).
// XS → host frames:  `.<meter JSON>\x01<reply bytes>` (done), `!<error text>` (uncaught exception),
//                    `?<bytes>` (XS called issueCommand and blocks until the host answers with `/`).
// XS `print` writes to the worker's stdout, which is captured as text (the worker flushes it by the
// end of each command).
// Used at runtime by `matter-factory simulate` and the benchmarks, and by the XS tests (test/xs).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** Meter of one command, as reported by xsnap (deterministic for the same code and input). */
export interface XsMeter {
  /** XS meter units ("computrons", roughly bytecodes plus weighted native work). */
  compute: number;
  /** Bytes reserved by the VM so far (not live use). */
  allocate: number;
  /** Live slots at the end of the command (a memory proxy; call gc() first for a stable figure). */
  currentHeapCount: number;
}

export interface XsResult {
  ok: boolean;
  /** Present when the command completed (ok), absent when XS threw or the worker died. */
  meter?: XsMeter;
  /** The completion value when it is an ArrayBuffer (or an object whose `result` is one). */
  reply?: Uint8Array;
  /** The exception as text (XS gives String(e), no stack), or why the worker died. */
  error?: string;
  /** Set when the worker exited during the command (e.g. code 17 "too much computation"). */
  exit?: XsExit;
  /** Host wall time of the command, ms (informative only, never assert on it). */
  ms: number;
}

export interface XsExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Human meaning of the exit code (xsnap-worker.c ExitCode). */
  reason: string;
}

export interface XsnapOptions {
  /** Per-command compute limit; going over kills the worker (exit 17). 0 or absent = unlimited. */
  meteringLimit?: number;
  /** Answers `issueCommand(ArrayBuffer)` calls made inside XS. Default: replies with no bytes. */
  handleCommand?: (request: Uint8Array) => Uint8Array | Promise<Uint8Array>;
  /** Called with each chunk of XS `print` output (stdout) as it arrives. It is captured either way. */
  onPrint?: (text: string) => void;
  /** Path of an xsnap-worker binary; default: the release build inside @agoric/xsnap. */
  binary?: string;
  /** Use the debug build of the worker. */
  debug?: boolean;
  /** Parser buffer in KiB (`-s`); xsnap's default is 8 MiB, enough for large bundles. */
  parserBufferKiB?: number;
}

// xsnap-worker.c, enum ExitCode.
const EXIT_REASONS: Record<number, string> = {
  0: "success",
  1: "bad usage",
  2: "I/O error",
  11: "not enough memory",
  12: "stack overflow",
  15: "unhandled exception",
  16: "no more keys",
  17: "too much computation (metering limit)",
};

const NO_BINARY_HINT = "run npm install: the XS runner is built by @agoric/xsnap's postinstall";

/** Absolute path of the xsnap-worker binary; throws a one-line hint when it is missing. */
export function xsnapBinary(debug = false): string {
  let packageDir: string | undefined;
  // From this file first (the repo's node_modules), then from the working directory (bundled copies).
  for (const base of [import.meta.url, join(process.cwd(), "package.json")]) {
    try {
      packageDir = dirname(createRequire(base).resolve("@agoric/xsnap/package.json"));
      break;
    } catch {
      // try the next base
    }
  }
  if (!packageDir) throw new Error(`@agoric/xsnap is not installed: ${NO_BINARY_HINT}`);
  const platform = process.platform === "darwin" ? "mac" : "lin";
  const bin = join(packageDir, "xsnap-native/xsnap/build/bin", platform, debug ? "debug" : "release", "xsnap-worker");
  if (!existsSync(bin)) throw new Error(`XS runner not found at ${bin}: ${NO_BINARY_HINT}`);
  return bin;
}

interface Pending {
  resolve: (r: XsResult) => void;
  started: number;
}

/** One running XS machine. Commands are queued and run one at a time, in order. */
export class XsWorker {
  private readonly child: ChildProcess;
  private readonly toXs: Writable;
  private readonly options: XsnapOptions;
  private inbox: Buffer = Buffer.alloc(0);
  private pending: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private stdoutText = "";
  private stderrText = "";
  private exitInfo: XsExit | undefined;
  private readonly exited: Promise<XsExit>;

  constructor(options: XsnapOptions = {}) {
    this.options = options;
    const bin = options.binary ?? xsnapBinary(options.debug);
    if (!existsSync(bin)) throw new Error(`XS runner not found at ${bin}: ${NO_BINARY_HINT}`);
    const args = ["xsnap"];
    if (options.meteringLimit) {
      // xsnap parses -l with atoi: a C int.
      if (!(options.meteringLimit > 0 && options.meteringLimit <= 0x7fffffff)) throw new RangeError(`meteringLimit ${options.meteringLimit}: must be in 1..2147483647`);
      args.push("-l", String(Math.floor(options.meteringLimit)));
    }
    if (options.parserBufferKiB) args.push("-s", String(Math.floor(options.parserBufferKiB)));
    this.child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe", "pipe", "pipe"] });
    this.toXs = this.child.stdio[3] as Writable;
    const fromXs = this.child.stdio[4] as Readable;
    // A write after the worker died must not crash the host process.
    this.toXs.on("error", () => {});
    fromXs.on("data", (chunk: Buffer) => this.receive(chunk));
    this.child.stdout!.setEncoding("utf8");
    this.child.stdout!.on("data", (text: string) => {
      this.stdoutText += text;
      options.onPrint?.(text);
    });
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (text: string) => (this.stderrText += text));
    this.exited = new Promise((resolve) => {
      this.child.once("error", (e) => {
        this.exitInfo = { code: null, signal: null, reason: `cannot start ${bin}: ${e.message}` };
        this.failPending();
        resolve(this.exitInfo);
      });
      this.child.once("close", (code, signal) => {
        const reason = code !== null ? (EXIT_REASONS[code] ?? `exit code ${code}`) : `signal ${signal}`;
        this.exitInfo = { code, signal, reason };
        this.failPending();
        resolve(this.exitInfo);
      });
    });
  }

  /** Everything XS has printed so far (stdout). */
  get printed(): string {
    return this.stdoutText;
  }
  /** The worker's stderr so far (XS diagnostics, e.g. "Caught SIGPIPE"). */
  get stderr(): string {
    return this.stderrText;
  }
  /** Set once the worker has exited. */
  get exit(): XsExit | undefined {
    return this.exitInfo;
  }

  /** Evaluates a script with a global (indirect) eval. Its completion value may be an ArrayBuffer reply. */
  evaluate(source: string): Promise<XsResult> {
    return this.send(Buffer.concat([Buffer.from("e"), Buffer.from(source, "utf8")]));
  }

  /** Calls `globalThis.handleCommand(ArrayBuffer)` inside XS; an ArrayBuffer return value is the reply. */
  sendCommand(message: Uint8Array): Promise<XsResult> {
    return this.send(Buffer.concat([Buffer.from("?"), message]));
  }

  /**
   * Evaluates `expression`, JSON-stringifies its value inside XS and parses it on the host. A promise
   * is awaited: xsnap drains the job queue before it replies, so the promise must settle without
   * host I/O. The JSON is escaped to ASCII inside XS, so this needs no TextEncoder (the prelude
   * hides it). An exception or a rejection gives ok: false with the error text and XS stack.
   */
  async evaluateJson<T = unknown>(expression: string): Promise<XsResult & { value?: T }> {
    const r = await this.evaluate(`(() => {
      const encode = (envelope) => {
        const json = JSON.stringify(envelope, (k, v) => (typeof v === "bigint" ? String(v) : v));
        const ascii = json.replace(/[\\u007f-\\uffff]/g, (c) => "\\\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
        const out = new Uint8Array(ascii.length);
        // for…of, not charCodeAt(i): XS indexes its UTF-8 strings from the start, so indexing is O(n) per call.
        let i = 0;
        for (const c of ascii) out[i++] = c.charCodeAt(0);
        return out.buffer;
      };
      const describe = (e) => {
        if (!(e instanceof Error)) return "thrown: " + String(e);
        const head = String(e);
        if (typeof e.stack !== "string" || e.stack === "") return head;
        return e.stack.startsWith(head) ? e.stack : head + "\\n" + e.stack;
      };
      const fail = (e) => encode({ error: describe(e) });
      let value;
      try {
        value = (${expression}
        );
      } catch (e) {
        return fail(e);
      }
      if (value === null || typeof value !== "object" || typeof value.then !== "function") return encode({ value });
      const box = {};
      value.then((v) => { box.result = encode({ value: v }); }, (e) => { box.result = fail(e); });
      return box;
    })()`);
    if (!r.ok) return r;
    const text = Buffer.from(r.reply ?? new Uint8Array()).toString("latin1");
    if (text === "") return { ...r, ok: false, error: "the promise did not settle before the command ended" };
    const envelope = JSON.parse(text) as { value?: T; error?: string };
    return envelope.error !== undefined ? { ...r, ok: false, error: envelope.error } : { ...r, value: envelope.value };
  }

  /** Asks the worker to quit and waits for it. Resolves with how it exited (never rejects). */
  async close(): Promise<XsExit> {
    await this.queue;
    if (!this.exitInfo) {
      this.toXs.end();
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exitInfo!;
  }

  /** Kills the worker at once. */
  kill(): void {
    if (!this.exitInfo) this.child.kill("SIGKILL");
  }

  private send(frame: Buffer): Promise<XsResult> {
    const run = () =>
      new Promise<XsResult>((resolve) => {
        const started = performance.now();
        if (this.exitInfo) {
          resolve({ ok: false, error: `xsnap worker has exited (${this.exitInfo.reason})`, exit: this.exitInfo, ms: 0 });
          return;
        }
        this.pending = { resolve, started };
        this.writeFrame(frame);
      });
    const result = this.queue.then(run);
    this.queue = result;
    return result;
  }

  private writeFrame(payload: Buffer): void {
    this.toXs.write(Buffer.concat([Buffer.from(`${payload.length}:`), payload, Buffer.from(",")]));
  }

  private receive(chunk: Buffer): void {
    this.inbox = this.inbox.length ? Buffer.concat([this.inbox, chunk]) : chunk;
    for (;;) {
      const colon = this.inbox.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.inbox.subarray(0, colon).toString("latin1"));
      if (!Number.isInteger(length)) return this.protocolError(`bad netstring length "${this.inbox.subarray(0, colon)}"`);
      const end = colon + 1 + length;
      if (this.inbox.length < end + 1) return;
      if (this.inbox[end] !== 0x2c) return this.protocolError("netstring not terminated by ','");
      const message = this.inbox.subarray(colon + 1, end);
      this.inbox = this.inbox.subarray(end + 1);
      this.dispatch(Buffer.from(message));
    }
  }

  private dispatch(message: Buffer): void {
    const kind = message[0];
    const pending = this.pending;
    if (kind === 0x3f /* ? */) {
      void this.answer(message.subarray(1));
      return;
    }
    if (!pending) return this.protocolError(`unexpected message from xsnap: ${message.toString("latin1", 0, 40)}`);
    this.pending = undefined;
    const ms = performance.now() - pending.started;
    if (kind === 0x2e /* . */) {
      const sep = message.indexOf(1, 1);
      const meterJson = sep < 0 ? "{}" : message.subarray(1, sep).toString("latin1");
      const m = JSON.parse(meterJson) as Partial<XsMeter>;
      const meter = { compute: m.compute ?? 0, allocate: m.allocate ?? 0, currentHeapCount: m.currentHeapCount ?? 0 };
      pending.resolve({ ok: true, meter, reply: new Uint8Array(message.subarray(sep < 0 ? 1 : sep + 1)), ms });
    } else if (kind === 0x21 /* ! */) {
      pending.resolve({ ok: false, error: message.subarray(1).toString("utf8"), ms });
    } else {
      pending.resolve({ ok: false, error: `unknown reply from xsnap: ${message.toString("latin1", 0, 40)}`, ms });
    }
  }

  private async answer(request: Buffer): Promise<void> {
    let reply: Uint8Array = new Uint8Array();
    try {
      if (this.options.handleCommand) reply = await this.options.handleCommand(new Uint8Array(request));
    } catch (e) {
      // XS is blocked waiting for an answer: give it an empty one, and note the host error.
      this.stderrText += `[host handleCommand threw] ${e instanceof Error ? e.message : String(e)}\n`;
    }
    this.writeFrame(Buffer.concat([Buffer.from("/"), reply]));
  }

  private protocolError(what: string): void {
    this.stderrText += `[xsnap driver] protocol error: ${what}\n`;
    this.child.kill("SIGKILL");
  }

  private failPending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    const exit = this.exitInfo!;
    const detail = this.stderrText.trim() ? `; stderr: ${this.stderrText.trim().split("\n").slice(-3).join(" | ")}` : "";
    pending.resolve({ ok: false, error: `xsnap worker exited: ${exit.reason}${detail}`, exit, ms: performance.now() - pending.started });
  }
}

/** Starts a worker (the process is spawned at once; the first command waits for it). */
export function startXsnap(options: XsnapOptions = {}): XsWorker {
  return new XsWorker(options);
}
