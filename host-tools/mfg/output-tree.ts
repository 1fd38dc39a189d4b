// The output tree of a batch (<outdir>/<vid>_<pid>/) as a file system object: it holds only real
// files and directories (a link could send pin_disc.csv or the lock's PID anywhere), one process
// works in it at a time (.lock holds its PID), and the disk must have room for the whole batch
// before the first byte is written.

import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statfsSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError } from "../errors.js";
import { fsErrorId } from "../error-ids.js";

export const LOCK = ".lock";
const BLOCK = 4096;

function linkError(path: string): CliError {
  let target = "";
  try {
    target = ` (to ${JSON.stringify(readlinkSync(path))})`;
  } catch {
    /* unreadable link: name it only */
  }
  return new CliError("outdir.link", `--outdir: ${path} is a symbolic link${target}; generate never writes through links in its output tree — replace it with a real directory or file`);
}

/** lstat that says "absent" instead of throwing. */
function lstatOrNull(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined; // the --outdir check names a parent that is a file
    throw new CliError(fsErrorId(e, "read"), `--outdir: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/**
 * Refuses (one line naming the path) when <root> or anything generate opens inside it is a symbolic
 * link: the root itself, its direct entries (.lock, .batch.json, staging/, labels-*, side files,
 * device directories) and the entries of staging/ and labels-*. Nothing is followed or changed.
 */
export function refuseLinks(root: string): void {
  const st = lstatOrNull(root);
  if (!st) return;
  if (st.isSymbolicLink()) throw linkError(root);
  if (!st.isDirectory()) throw new CliError("outdir.not-directory", `--outdir: ${root} is not a directory`);
  const scan = (dir: string, deeper: (name: string) => boolean) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isSymbolicLink()) throw linkError(path);
      if (e.isDirectory() && deeper(e.name)) scan(path, () => false);
    }
  };
  scan(root, (name) => name === "staging" || name.startsWith("labels-"));
}

/** The PID in <root>/.lock when that process is alive (and is not this one). */
export function lockHolder(root: string): number | undefined {
  const path = join(root, LOCK);
  const st = lstatOrNull(path);
  if (!st) return undefined;
  if (st.isSymbolicLink()) throw linkError(path);
  let pid: number;
  try {
    pid = Number(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM" ? pid : undefined; // ESRCH: gone
  }
}

/** One line for a batch another process is still writing. */
export function runningError(root: string, pid: number): CliError {
  return new CliError("outdir.locked", `--outdir: the batch in ${root} is running (process ${pid} holds ${join(root, LOCK)}); wait for it to finish, or stop it and continue with --resume`);
}

/** Writes this process's PID to <root>/.lock, refusing a live holder; never through a link. */
export function takeLock(root: string): void {
  const holder = lockHolder(root);
  if (holder !== undefined) throw runningError(root, holder);
  const path = join(root, LOCK);
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    writeSync(fd, String(process.pid));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ELOOP") throw linkError(path);
    throw new CliError(fsErrorId(e, "write"), `--outdir: cannot write ${path}: ${code ?? (e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function releaseLock(root: string): void {
  try {
    unlinkSync(join(root, LOCK));
  } catch {
    /* already gone */
  }
}

/** Removes every <root>/.tmp-* directory (devices never committed); returns how many. */
export function removeTmpDirs(root: string, prefix: string): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    n++;
  }
  return n;
}

/** Bytes a set of files takes on disk: each rounded up to whole blocks (small files dominate a batch). */
export function diskBytes(sizes: readonly number[], directories: number): number {
  let total = directories * BLOCK;
  for (const s of sizes) total += Math.max(BLOCK, Math.ceil(s / BLOCK) * BLOCK);
  return total;
}

const human = (n: number): string => {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let u = 0;
  while (n >= 1000 && u < units.length - 1) (n /= 1000), u++;
  return `${n.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
};

/** Free bytes for an unprivileged writer on the file system that holds `path` (or its nearest existing parent). */
export function freeBytes(path: string): { dir: string; free: number } | undefined {
  let dir = path;
  for (;;) {
    try {
      const s = statfsSync(dir);
      return { dir, free: Number(s.bavail) * Number(s.bsize) };
    } catch (e) {
      const parent = dirname(dir);
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || parent === dir) return undefined;
      dir = parent;
    }
  }
}

/**
 * Refuses a batch of `devices` × `perDevice` bytes (plus `fixed`) that the disk under `root` cannot
 * hold; `what` names the option the count came from ("--count 10000000").
 */
export function checkFreeSpace(what: string, root: string, devices: number, perDevice: number, fixed = 0): void {
  const space = freeBytes(root);
  if (!space || devices <= 0) return;
  const need = devices * perDevice + fixed;
  if (need <= space.free) return;
  throw new CliError(
    "outdir.no-space",
    `${what}: ${devices} device${devices === 1 ? "" : "s"} need about ${human(need)} (${human(perDevice)} per device on disk) but ${space.dir} has ${human(space.free)} free; ` +
      "free space, choose another --outdir, or make the batch smaller",
  );
}
