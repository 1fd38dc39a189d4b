// "embedded:storage/key-value" (ECMA-419; NVS-backed on ESP32, default `nvs` partition only;
// ref/moddable-xs.md §3.3).
declare module "embedded:storage/key-value" {
  export type KeyValueFormat =
    | "buffer" | "string"
    | "uint8" | "int8" | "uint16" | "int16" | "uint32" | "int32"
    | "uint64" | "int64";

  export interface KeyValueOptions {
    /** The NVS namespace (≤ 15 characters). */
    path: string;
    mode?: "r" | "r+";
    format?: KeyValueFormat;
  }

  export interface KeyValueStore extends Iterable<string> {
    format: KeyValueFormat;
    /** undefined when the key is missing; 64-bit formats return a bigint. */
    read(key: string): ArrayBuffer | string | number | bigint | undefined;
    /** Writes and commits. */
    write(key: string, value: ArrayBuffer | ArrayBufferView | string | number | bigint): void;
    delete(key: string): void;
    close(): void;
  }

  const KeyValue: {
    open(options: KeyValueOptions): KeyValueStore;
  };
  export default KeyValue;
}
