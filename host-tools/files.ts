// File output that never leaves a partial file: write a temp file in the same directory, fsync,
// then rename over the target (DEVELOPERS.md rule 3). Secret material is created 0600.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, readFileSync, mkdirSync } from "node:fs";
import { dirname, basename, join } from "node:path";
import { randomBytes } from "node:crypto";
import { CliError } from "./errors.js";
import { fsErrorId } from "./error-ids.js";

export interface WriteOptions {
  /** Create with mode 0600 (DAC keys, passcodes, encryption keys, images that hold them). */
  secret?: boolean;
  /** Create missing parent directories. */
  mkdir?: boolean;
}

export function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteOptions = {}): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    if (options.mkdir) mkdirSync(dir, { recursive: true });
    fd = openSync(temp, "wx", options.secret ? 0o600 : 0o644);
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      /* nothing to clean */
    }
    const err = e as NodeJS.ErrnoException;
    throw new CliError(fsErrorId(err, "write"), `cannot write ${path}: ${err.code ?? err.message}`);
  }
}

/** The bytes of `path`; a failure is one CliError naming `what` and `shown` (the path as the user gave it). */
export function readInputFile(path: string, what: string, shown = path): Uint8Array {
  try {
    const b = readFileSync(path);
    // A plain Uint8Array view: modules/ code may call .slice() and expects a copy, which Buffer#slice is not.
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === "ENOENT" ? "no such file" : err.code === "EISDIR" ? "is a directory" : (err.code ?? err.message);
    throw new CliError(fsErrorId(err, "read"), `${what} ${JSON.stringify(shown)}: ${reason}`);
  }
}
