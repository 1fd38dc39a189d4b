// Simulated Moddable "flash" module (runs inside XS), shaped like the SDK's typings/flash.d.ts: a data
// partition by label over the board's partition bytes. Read-only: the firmware never writes flash.
import { board } from "./hardware.js";

export default class Flash {
  readonly #bytes: Uint8Array;
  constructor(partition: string) {
    const bytes = board.partitions.get(partition);
    if (!bytes) throw new Error("can't find partition");
    this.#bytes = bytes;
  }
  read(offset: number, byteLength: number): ArrayBuffer {
    if (!(offset >= 0 && byteLength >= 0 && offset + byteLength <= this.#bytes.length)) throw new RangeError("invalid offset/length");
    return this.#bytes.slice(offset, offset + byteLength).buffer;
  }
  write(_offset: number, _byteLength: number, _buffer: ArrayBuffer): void {
    throw new Error("flash write: the simulated partitions are read-only");
  }
  erase(_sector: number): void {
    throw new Error("flash erase: the simulated partitions are read-only");
  }
  /** The device maps the partition (no copy); here: a view of the same bytes. */
  map(): ArrayBuffer {
    const b = this.#bytes;
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : b.slice().buffer;
  }
  get byteLength(): number {
    return this.#bytes.length;
  }
  get blockSize(): number {
    return 4096;
  }
}
