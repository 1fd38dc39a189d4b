// "flash" (Moddable modules/files/flash), as implemented on ESP32 (ref/moddable-xs.md §3.1).
declare module "flash" {
  export default class Flash {
    /** "xs", "running", "nextota", or any data partition label (e.g. "fctry"); throws "can't find partition". */
    constructor(partition: string);
    /** Copies byteLength bytes starting at offset. */
    read(offset: number, byteLength: number): ArrayBuffer;
    write(offset: number, byteLength: number, buffer: ArrayBuffer): void;
    /** Erases one 4 KB sector (index, not address). */
    erase(sector: number): void;
    /** Read-only view of the whole partition (memory-mapped; wrap in a Uint8Array). */
    map(): ArrayBuffer;
    readonly byteLength: number;
    readonly blockSize: number;
  }
}
