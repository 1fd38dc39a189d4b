// Files of a batch. A device is written into <root>/.tmp-<uuid>/ (by a worker) and renamed to
// <root>/<uuid>/ only after its manifest line is written, so a device directory is either complete
// or absent. Side files (manifest, summary, master/pin_disc CSVs, cn_dacs) are appended with one
// write() per device — nothing is buffered in the process — and fdatasync'ed periodically and at the end.

import { closeSync, constants, fdatasyncSync, ftruncateSync, fstatSync, linkSync, mkdirSync, openSync, readSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "../errors.js";
import { fsErrorId } from "../error-ids.js";
import type { DeviceFile } from "./device.js";

export const TMP_PREFIX = ".tmp-";

const SECRET_MODE = 0o600;
const PUBLIC_MODE = 0o644;

/** Writes a device's files into <root>/.tmp-<uuid>/ (never over existing files). */
export function writeDeviceTmp(root: string, uuid: string, files: readonly DeviceFile[]): void {
  const dir = join(root, TMP_PREFIX + uuid);
  try {
    mkdirSync(dir);
    if (files.some((f) => f.path.startsWith("internal/"))) mkdirSync(join(dir, "internal"));
    for (const f of files) {
      const path = join(dir, f.path);
      if (f.linkTo !== undefined) {
        try {
          linkSync(f.linkTo, path); // same bytes as staging/pai_cert.der: a link costs no inode
          continue;
        } catch {
          /* no hard links here: write a copy */
        }
      }
      writeFileSync(path, f.data, { flag: "wx", mode: f.secret ? SECRET_MODE : PUBLIC_MODE });
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(fsErrorId(err, "write"), `cannot write device ${uuid} under ${root}: ${err.code ?? err.message}`);
  }
}

/** Makes a written device visible: .tmp-<uuid> → <uuid> (atomic rename). */
export function publishDevice(root: string, uuid: string): void {
  try {
    renameSync(join(root, TMP_PREFIX + uuid), join(root, uuid));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(fsErrorId(err, "write"), `cannot publish device ${uuid} in ${root}: ${err.code ?? err.message}`);
  }
}

/** A file appended to with one write() per call. */
export class AppendFile {
  private fd: number;
  private pos: number;
  private dirty = false;
  constructor(
    readonly path: string,
    secret: boolean,
    /** Existing content to keep (bytes); undefined = create new (fails if it exists). */
    keep?: number,
  ) {
    try {
      if (keep === undefined) this.fd = openSync(path, "wx", secret ? SECRET_MODE : PUBLIC_MODE);
      else {
        this.fd = openSync(path, constants.O_RDWR | constants.O_NOFOLLOW); // never through a link
        if (fstatSync(this.fd).size !== keep) ftruncateSync(this.fd, keep);
      }
      this.pos = keep ?? 0;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      throw new CliError(fsErrorId(err, "write"), `cannot open ${path}: ${err.code ?? err.message}`);
    }
  }

  /** Appends at the end (positional write, so a truncated file continues where it was cut). */
  append(text: string): void {
    const bytes = Buffer.from(text, "utf8");
    let off = 0;
    try {
      while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off, this.pos + off);
    } catch (e) {
      throw new CliError(fsErrorId(e, "write"), `cannot write ${this.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    this.pos += bytes.length;
    this.dirty = true;
  }

  sync(): void {
    if (!this.dirty) return;
    fdatasyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}

/**
 * Byte length of the first `records` CSV records of a file we wrote (quote-aware, so a quoted PEM or
 * two-line manual code is one record), read in chunks; -1 when the file holds fewer complete records.
 */
export function csvRecordsLengthOfFile(path: string, records: number): number {
  if (records === 0) return 0;
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(1 << 20);
    let inQuotes = false;
    let seen = 0;
    let base = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, base);
      if (n === 0) return -1;
      for (let i = 0; i < n; i++) {
        const b = buf[i];
        if (b === 0x22) inQuotes = !inQuotes; // a doubled quote toggles twice
        else if (b === 0x0a && !inQuotes && ++seen === records) return base + i + 1;
      }
      base += n;
    }
  } finally {
    closeSync(fd);
  }
}
