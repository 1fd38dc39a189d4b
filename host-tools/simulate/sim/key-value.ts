// Simulated ECMA-419 "embedded:storage/key-value" (runs inside XS): the default `nvs` partition as
// u32 entries per namespace, persisted by the host across simulated reboots. Writes are recorded.
import { board, record } from "./hardware.js";

export type KeyValueFormat = "buffer" | "string" | "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32" | "uint64" | "int64";

export interface KeyValueOptions {
  path: string;
  mode?: "r" | "r+";
  format?: KeyValueFormat;
}

class Store {
  constructor(
    private readonly namespace: string,
    private readonly writable: boolean,
    public format: KeyValueFormat,
  ) {}
  private map(): Map<string, number> {
    let m = board.state.get(this.namespace);
    if (!m) board.state.set(this.namespace, (m = new Map()));
    return m;
  }
  read(key: string): number | undefined {
    if (this.format !== "uint32") throw new TypeError("mismatch");
    return this.map().get(key);
  }
  write(key: string, value: number): void {
    if (!this.writable) throw new Error("read-only");
    if (this.format !== "uint32" || typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError("invalid value");
    this.map().set(key, value);
    record({ t: board.clock.now, op: "state", namespace: this.namespace, key, value });
  }
  delete(key: string): void {
    this.map().delete(key);
  }
  close(): void {}
  [Symbol.iterator](): Iterator<string> {
    return this.map().keys();
  }
}

const KeyValue = {
  open(options: KeyValueOptions): Store {
    if (options.path.length < 1 || options.path.length > 15) throw new RangeError("invalid path");
    return new Store(options.path, options.mode === "r+", options.format ?? "buffer");
  },
};

export default KeyValue;
