// The batch runner (main thread): resolves the plan, lays out <outdir>/<vid>_<pid>/ as
// esp-matter-mfg-tool does, draws device parameters in order, farms devices out to worker threads
// with a bounded number in flight (memory stays flat for any count), and commits finished devices
// strictly in index order: CSV rows, then the manifest line (the commit point), then the rename of
// .tmp-<uuid>/ to <uuid>/. Every write is a synchronous syscall, so a killed process loses nothing
// it committed; side files are fdatasync'ed every 250 ms and at the end. An interrupted run leaves
// .batch.json behind; `--resume` with the same options finishes any committed-but-unrenamed device,
// drops uncommitted ones (and committed ones whose files a power loss took, with all after them),
// cuts the side files back to the manifest and continues with the next index.

import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, truncateSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { availableParallelism } from "node:os";
import type { ParsedOptions } from "../args.js";
import { CliError, UsageError } from "../errors.js";
import { errorIdOf, fsErrorId } from "../error-ids.js";
import { writeFileAtomic } from "../files.js";
import { nodeRandom } from "../node-random.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { batchColumns, buildDevice, configCsv, masterHeader, pinDiscHeader, summaryHeader, type ManifestEntry } from "./device.js";
import { AppendFile, csvRecordsLengthOfFile, publishDevice, TMP_PREFIX } from "./files.js";
import { checkFreeSpace, diskBytes, lockHolder, refuseLinks, releaseLock, removeTmpDirs, runningError, takeLock } from "./output-tree.js";
import { LabelSheets } from "./labels.js";
import { GENERATE_SPEC, RUN_CONTROL_OPTIONS, SECRET_OPTIONS, type GenerateOptions } from "./options.js";
import { DeviceDrawer } from "./params.js";
import { DevicePool } from "./pool.js";
import type { BatchPlan } from "./plan.js";
import { Progress } from "./progress.js";
import { resolvePlan } from "./resolve.js";
import { makeDevice, planSigner, type DeviceResult } from "./device-job.js";

export const BATCH_STATE = ".batch.json";
const STATE_FORMAT = "matter-factory/generate-batch/1";
/** How often appended side files are fdatasync'ed (and always at the end). */
const SYNC_INTERVAL_MS = 250;

export interface BatchState {
  format: string;
  startedAt: string;
  /** Name stamp of this run's files: summary-<stamp>.csv, manifest-<stamp>.jsonl, labels-<stamp>/. */
  stamp: string;
  cnDacs: string;
  count: number;
  validFrom: number;
  cwd: string;
  options: Record<string, unknown>;
  inputs: Record<string, string>;
}

export interface BatchResult {
  count: number;
  /** Devices made by this invocation. */
  generated: number;
  /** Devices already done by the interrupted run (--resume). */
  resumed: number;
  outdir: string;
  root: string;
  manifest: string;
  summary: string;
  cnDacs: string;
  labels: string[];
  elapsedSeconds: number;
  devicesPerSecond: number;
  seeded: boolean;
  warnings: string[];
}

export interface BatchEnv {
  cwd: string;
  now: Date;
  /** Notes and progress (stderr). */
  note: (line: string) => void;
  progressWrite: (s: string) => void;
  tty: boolean;
}

const sha = (s: string): string => createHash("sha256").update(s).digest("hex");

/** The options that define a batch (run controls left out, secrets only as hashes). */
export function optionsFingerprint(raw: ParsedOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of GENERATE_SPEC.options) {
    const v = raw[spec.name];
    if (v === undefined || RUN_CONTROL_OPTIONS.includes(spec.name)) continue;
    out[spec.name] = SECRET_OPTIONS.includes(spec.name) ? `sha256:${sha(JSON.stringify(v))}` : v;
  }
  return out;
}

function stampOf(d: Date): { stamp: string; micro: string } {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const stamp = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}-${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
  const micro = p(d.getMilliseconds() * 1000 + (Math.floor(performance.now() * 1000) % 1000), 6);
  return { stamp, micro };
}

function readState(root: string): BatchState {
  const path = join(root, BATCH_STATE);
  let state: BatchState;
  try {
    state = JSON.parse(readFileSync(path, "utf8")) as BatchState;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CliError("resume.no-batch", `--resume: no interrupted batch in ${root} (no ${BATCH_STATE})`);
    throw new CliError(code ? fsErrorId(e, "read") : "resume.state-format", `--resume: ${path} is unreadable (${code ?? (e as Error).message})`);
  }
  if (state.format !== STATE_FORMAT) throw new CliError("resume.state-format", `--resume: ${path} is not a batch state file of this version`);
  return state;
}

function compareOptions(recorded: Record<string, unknown>, now: Record<string, unknown>): void {
  const names = new Set([...Object.keys(recorded), ...Object.keys(now)]);
  for (const n of names) {
    const a = JSON.stringify(recorded[n]);
    const b = JSON.stringify(now[n]);
    if (a === b) continue;
    const show = (v: string | undefined) => (v === undefined ? "absent" : SECRET_OPTIONS.includes(n) ? "a different value" : v);
    throw new UsageError("usage.resume-options", `--resume: option --${n} is ${show(b)} but the interrupted batch used ${show(a)}; resume with the original options`);
  }
}

/**
 * Walks the manifest line by line (streamed). `visit` returns false to stop at an entry; the result
 * is the number of entries before that point (or before a torn last line, which a run killed
 * mid-write can leave) and their length in bytes. Lines after the stop are passed to `after`.
 */
function scanManifest(path: string, visit: (e: ManifestEntry) => boolean, after: (e: ManifestEntry) => void = () => {}): { count: number; bytes: number } {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(1 << 20);
    let carry = "";
    let pos = 0;
    let bytes = 0;
    let count = 0;
    let stopped = false;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) break;
      pos += n;
      const lines = (carry + Buffer.from(buf.subarray(0, n)).toString("utf8")).split("\n");
      carry = lines.pop() as string;
      for (const line of lines) {
        let e: ManifestEntry;
        try {
          e = JSON.parse(line) as ManifestEntry;
        } catch {
          if (stopped) continue;
          throw new CliError("resume.corrupt", `--resume: ${path} line ${count + 1} is not JSON`);
        }
        if (stopped) {
          after(e);
          continue;
        }
        if (e.index !== count) throw new CliError("resume.corrupt", `--resume: ${path} line ${count + 1} is device ${e.index}, expected ${count}`);
        if (!visit(e)) {
          stopped = true;
          after(e);
          continue;
        }
        bytes += Buffer.byteLength(line, "utf8") + 1;
        count++;
      }
    }
    return { count, bytes };
  } finally {
    closeSync(fd);
  }
}

/** Side files, staging/, labels and the state file of a batch, whatever its size (bytes, generous). */
const FIXED_BYTES = 1 << 20;

/**
 * Disk bytes one device takes: device 0 of the plan is built in memory (nothing written; a draw of
 * its own, so the batch's draws are untouched) and its files and CSV/manifest rows are measured.
 */
function deviceBytes(plan: BatchPlan, seed: string | undefined): number {
  const built = buildDevice(plan, new DeviceDrawer(plan, seed).draw(0), planSigner(plan));
  const files = built.files.filter((f) => f.linkTo === undefined).map((f) => Buffer.byteLength(f.data));
  const rows = [built.masterRow, built.pinDiscRow, built.summaryRow, built.cnDacRow ?? "", JSON.stringify(built.entry) + "\n"];
  const dirs = built.files.some((f) => f.path.startsWith("internal/")) ? 2 : 1;
  return diskBytes(files, dirs) + rows.reduce((n, r) => n + Buffer.byteLength(r), 0);
}

/** True when every file the entry lists exists and is not empty (a power loss can leave either). */
function deviceComplete(root: string, e: ManifestEntry): boolean {
  for (const f of e.files) {
    try {
      if (statSync(join(root, f)).size === 0) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Length in bytes that `path` must be cut to so it holds `records` records, or a one-line error. */
function keepRecords(path: string, records: number): number {
  if (!existsSync(path)) throw new CliError("resume.file-missing", `--resume: ${path} is missing`);
  const n = csvRecordsLengthOfFile(path, records);
  if (n < 0) throw new CliError("resume.corrupt", `--resume: ${path} holds fewer rows than the manifest lists devices (${records - 1})`);
  return n;
}

/**
 * Runs a batch. `pool`: worker threads already started by the caller (commands/generate.ts starts
 * them before this module is even loaded, so their start-up overlaps ours); closed here.
 */
export async function runBatch(o: GenerateOptions, raw: ParsedOptions, env: BatchEnv, pool?: DevicePool): Promise<BatchResult> {
  const threads = pool ?? new DevicePool(o.jobs ?? availableParallelism());
  try {
    return await runWithPool(o, raw, env, threads);
  } finally {
    await threads.close();
  }
}

async function runWithPool(o: GenerateOptions, raw: ParsedOptions, env: BatchEnv, pool: DevicePool): Promise<BatchResult> {
  const started = performance.now();
  const outdir = isAbsolute(o.outdir) ? o.outdir : resolve(env.cwd, o.outdir);
  const vidPid = `${o.vendorId.toString(16)}_${o.productId.toString(16)}`;
  const root = join(outdir, vidPid);
  const fingerprint = optionsFingerprint(raw);
  const info = (line: string) => {
    if (!o.quiet && o.logLevel !== "error") env.note(line);
  };

  // A live run holds the lock: say so before anything else (its .batch.json is not "unfinished").
  refuseLinks(root);
  const holder = lockHolder(root);
  if (holder !== undefined) throw runningError(root, holder);

  let state: BatchState | undefined;
  let madePai: { certPem: string; keyPem: string } | undefined;
  if (o.resume) {
    state = readState(root);
    compareOptions(state.options, fingerprint);
    if (o.paa) {
      try {
        madePai = {
          certPem: readFileSync(join(root, "staging/pai_cert.pem"), "utf8"),
          keyPem: readFileSync(join(root, "staging/pai_key.pem"), "utf8"),
        };
      } catch {
        throw new CliError("resume.file-missing", `--resume: the PAI made for this batch (${root}/staging/pai_cert.pem, pai_key.pem) is missing`);
      }
    }
  } else if (existsSync(join(root, BATCH_STATE))) {
    throw new CliError("outdir.unfinished", `${root} holds an unfinished batch: continue it with the same options plus --resume, or delete ${join(root, BATCH_STATE)}`);
  }

  // The threads load their code while the inputs are checked.
  const random = o.seed !== undefined ? seededRandom(`${o.seed}#batch`) : nodeRandom;
  const plan = await resolvePlan(o, { cwd: env.cwd, now: env.now, random, resumed: state ? { validFrom: state.validFrom, madePai } : undefined });
  if (state) {
    for (const [what, hash] of Object.entries(plan.inputs)) {
      if (state.inputs[what] !== hash) throw new CliError("resume.inputs-changed", `--resume: the ${what} changed since the batch started`);
    }
    if (state.count !== plan.count) throw new CliError("resume.count-changed", `--resume: the batch has ${state.count} devices, these options make ${plan.count}`);
  }
  if (o.seed !== undefined) info("generate: --seed makes a reproducible batch for TESTS: anyone who knows the seed knows every passcode and key — never use it for production devices");
  for (const w of plan.warnings) info(`generate: warning: ${w}`);
  for (const n of plan.notes ?? []) info(`generate: ${n}`);
  if (!state) checkFreeSpace(`--count ${plan.count}`, root, plan.count, deviceBytes(plan, o.seed), FIXED_BYTES);
  return runPlanned({ o, env, plan, pool, state, fingerprint, outdir, root, started, info });
}

interface Planned {
  o: GenerateOptions;
  env: BatchEnv;
  plan: BatchPlan;
  pool: DevicePool;
  state: BatchState | undefined;
  fingerprint: Record<string, unknown>;
  outdir: string;
  root: string;
  started: number;
  info: (line: string) => void;
}

/** The side files of one batch (names fixed by its stamp). */
interface BatchFiles {
  stamp: string;
  /** .batch.json as written, for the record of the finished batch. */
  stateText: string;
  paths: { manifest: string; summary: string; cnDacs: string; master: string; pinDisc: string; labels: string };
}

/** Where a resumed batch goes on: devices done, the open label sheet, CN rows kept. */
interface ResumePoint {
  done: number;
  openPage: ManifestEntry[];
  cnRows: number;
  drawer: DeviceDrawer;
}

type SideFiles = Record<"master" | "pinDisc" | "summary" | "cnDacs" | "manifest", AppendFile>;

/** Lays out the root, resumes or starts the side files, and generates the devices; the lock is always released. */
async function runPlanned(p: Planned): Promise<BatchResult> {
  const staging = takeRoot(p.root);
  try {
    const files = p.state ? resumedFiles(p.root, staging, p.state) : startFiles(p, staging);
    const resume = resumePoint(p, files);
    const side = openSideFiles(p.state !== undefined, files, resume);
    const labels = p.o.labels && !p.o.dynamicPasscode ? new LabelSheets(files.paths.labels, resume.done, resume.openPage) : undefined;
    if (p.state) p.info(`generate: resuming ${p.root}: ${resume.done} of ${p.plan.count} devices already done`);
    await generateDevices(p, resume, side, labels);
    finishState(p.root, files.stamp, files.stateText, p.env.note);
    return batchResult(p, files, resume.done, labels);
  } finally {
    releaseLock(p.root);
  }
}

/** Creates <root>/staging and takes the lock (a failure here leaves any other run's lock alone). */
function takeRoot(root: string): string {
  const staging = join(root, "staging");
  try {
    mkdirSync(staging, { recursive: true });
    takeLock(root);
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(fsErrorId(e, "write"), `cannot create ${staging}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return staging;
}

function filesOf(root: string, staging: string, stamp: string, cnDacsName: string, stateText: string): BatchFiles {
  return {
    stamp,
    stateText,
    paths: {
      manifest: join(root, `manifest-${stamp}.jsonl`),
      summary: join(root, `summary-${stamp}.csv`),
      cnDacs: join(root, cnDacsName),
      master: join(staging, "master.csv"),
      pinDisc: join(staging, "pin_disc.csv"),
      labels: join(root, `labels-${stamp}`),
    },
  };
}

function resumedFiles(root: string, staging: string, state: BatchState): BatchFiles {
  return filesOf(root, staging, state.stamp, state.cnDacs, JSON.stringify(state, null, 2) + "\n");
}

/** A new batch: a fresh stamp, .batch.json, staging/ as mfg_tool leaves it, empty side files. */
function startFiles({ o, env, plan, fingerprint, root }: Planned, staging: string): BatchFiles {
  const columns = batchColumns(plan);
  const s = stampOf(env.now);
  let stamp = s.stamp;
  for (let n = 1; existsSync(join(root, `summary-${stamp}.csv`)) || existsSync(join(root, `manifest-${stamp}.jsonl`)); n++) stamp = `${s.stamp}-${n}`;
  const cnDacsName = `cn_dacs-${stamp}-${s.micro}.csv`;
  const newState: BatchState = {
    format: STATE_FORMAT,
    startedAt: env.now.toISOString(),
    stamp,
    cnDacs: cnDacsName,
    count: plan.count,
    validFrom: plan.validFrom,
    cwd: env.cwd,
    options: fingerprint,
    inputs: plan.inputs,
  };
  const stateText = JSON.stringify(newState, null, 2) + "\n";
  writeFileAtomic(join(root, BATCH_STATE), stateText, { secret: true });
  // staging/ as mfg_tool leaves it (rewritten by every run).
  writeFileAtomic(join(staging, "config.csv"), configCsv(columns), {});
  writeFileAtomic(join(staging, "master.csv"), masterHeader(columns), { secret: true });
  writeFileAtomic(join(staging, "pin_disc.csv"), pinDiscHeader(o.dynamicPasscode), { secret: true });
  const a = plan.attestation;
  if (a.kind !== "none") writeFileAtomic(join(staging, "pai_cert.der"), a.paiDer, {});
  if (a.kind === "issue" && a.madePai) {
    writeFileAtomic(join(staging, "pai_cert.pem"), a.madePai.certPem, {});
    writeFileAtomic(join(staging, "pai_key.pem"), a.madePai.keyPem, { secret: true });
  }
  const files = filesOf(root, staging, stamp, cnDacsName, stateText);
  writeFileAtomic(files.paths.summary, summaryHeader(columns, o.dynamicPasscode, plan), { secret: true });
  writeFileAtomic(files.paths.cnDacs, "CN,certs\r\n", {});
  writeFileAtomic(files.paths.manifest, "", { secret: true });
  return files;
}

/**
 * What is already done. Pass 1: which devices are complete — a committed device whose rename was cut
 * off is finished; one whose files did not survive (power loss) is dropped with every device after it.
 * Pass 2: the kept devices' values stay taken; the open label sheet is rebuilt.
 */
function resumePoint({ o, env, plan, state, root }: Planned, { paths }: BatchFiles): ResumePoint {
  const r: ResumePoint = { done: 0, openPage: [], cnRows: 0, drawer: new DeviceDrawer(plan, o.seed) };
  if (state) {
    const dropped: string[] = [];
    const kept = scanManifest(
      paths.manifest,
      (e) => {
        if (!existsSync(join(root, e.uuid)) && existsSync(join(root, TMP_PREFIX + e.uuid))) publishDevice(root, e.uuid);
        return deviceComplete(root, e);
      },
      (e) => dropped.push(e.uuid),
    );
    r.done = kept.count;
    checkFreeSpace(`--resume: ${plan.count - r.done} of --count ${plan.count}`, root, plan.count - r.done, deviceBytes(plan, o.seed));
    truncateSync(paths.manifest, kept.bytes);
    for (const uuid of dropped) rmSync(join(root, uuid), { recursive: true, force: true });
    if (dropped.length) env.note(`generate: --resume: ${dropped.length} device(s) from ${r.done} on were incomplete on disk; they are made again`);
    for (const name of readdirSync(root)) {
      if (name.startsWith(TMP_PREFIX)) rmSync(join(root, name), { recursive: true, force: true }); // never committed
    }
    const pageStart = LabelSheets.pageStart(r.done);
    scanManifest(paths.manifest, (e) => {
      r.drawer.remember(e);
      if (e.dacSha256 !== null) r.cnRows++;
      if (e.index >= pageStart) r.openPage.push(e);
      return true;
    });
  }
  if (plan.attestation.kind === "supplied" && !plan.attestation.commonName) r.cnRows = 0;
  return r;
}

/** The side files opened for appending, cut back to the resume point. */
function openSideFiles(resuming: boolean, { paths }: BatchFiles, { done, cnRows }: ResumePoint): SideFiles {
  const keep = (path: string, records: number) => (resuming ? keepRecords(path, records) : csvLength(path));
  return {
    master: new AppendFile(paths.master, true, keep(paths.master, done + 1)),
    pinDisc: new AppendFile(paths.pinDisc, true, keep(paths.pinDisc, done + 1)),
    summary: new AppendFile(paths.summary, true, keep(paths.summary, done + 1)),
    cnDacs: new AppendFile(paths.cnDacs, false, keep(paths.cnDacs, cnRows + 1)),
    manifest: new AppendFile(paths.manifest, true, resuming ? statSync(paths.manifest).size : 0),
  };
}

function closeQuietly(files: AppendFile[]): void {
  for (const f of files) {
    try {
      f.close();
    } catch {
      /* the lines already written are what --resume reads; keep the first error */
    }
  }
}

/**
 * Generates devices `done`…count-1 on the pool and commits them in index order. SIGINT/SIGTERM/SIGHUP:
 * what is committed stays committed (every write is synchronous and a commit never yields to the event
 * loop); the threads are stopped, the uncommitted .tmp-<uuid>/ directories (they hold DAC keys) and the
 * lock removed, and one line says how to finish.
 */
async function generateDevices({ o, env, plan, pool, root }: Planned, { done, drawer }: ResumePoint, side: SideFiles, labels: LabelSheets | undefined): Promise<void> {
  const allSide = Object.values(side);
  const progress = new Progress({ total: plan.count, already: done, enabled: !o.quiet && o.logLevel !== "error", tty: env.tty, write: env.progressWrite });
  const signer = planSigner(plan);
  pool.setPlan(plan, (params) => makeDevice(plan, signer, params));
  let lastSync = performance.now();
  let committed = done;
  const commit = (r: DeviceResult) => {
    side.master.append(r.masterRow);
    side.pinDisc.append(r.pinDiscRow);
    side.summary.append(r.summaryRow);
    if (r.cnDacRow !== undefined) side.cnDacs.append(r.cnDacRow);
    side.manifest.append(JSON.stringify(r.entry) + "\n"); // the commit point
    publishDevice(root, r.entry.uuid);
    labels?.add(r.entry, r.qrPath && r.qrSide ? { path: r.qrPath, side: r.qrSide } : undefined);
    committed++;
    progress.tick();
    const t = performance.now();
    if (t - lastSync > SYNC_INTERVAL_MS) {
      for (const f of allSide) f.sync();
      lastSync = t;
    }
  };
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return env.note(`generate: ${signal} again: still cleaning up`);
    stopping = true;
    void (async () => {
      await pool.close();
      const removed = removeTmpDirs(root, TMP_PREFIX);
      closeQuietly(allSide);
      releaseLock(root);
      env.note(`${env.tty ? "\n" : ""}generate: ${signal}: stopped after ${committed} of ${plan.count} devices (${removed} unfinished removed); run the same command with --resume to finish`);
      process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 2));
    })();
  };
  for (const sig of STOP_SIGNALS) process.on(sig, onSignal);
  try {
    await commitInOrder(plan.count, done, Math.max(4, pool.size * 4), (i) => pool.run(drawer.draw(i)), commit, () => stopping);
    labels?.flush();
  } catch (e) {
    closeQuietly(allSide);
    const msg = e instanceof Error ? e.message : String(e);
    throw new CliError(errorIdOf(e, "batch.failed"), `${msg} (${committed} of ${plan.count} devices done; fix the cause, then run the same command with --resume)`);
  } finally {
    for (const sig of STOP_SIGNALS) process.removeListener(sig, onSignal);
  }
  for (const f of allSide) f.close();
  progress.finish();
}

/**
 * Runs make(i) for i = from…count-1 with at most `maxInFlight` ahead of the next commit, and commits
 * the results strictly in index order. Rejects with the first failure (of make or commit).
 */
function commitInOrder(
  count: number, from: number, maxInFlight: number,
  make: (index: number) => Promise<DeviceResult>, commit: (r: DeviceResult) => void, stopping: () => boolean,
): Promise<void> {
  return new Promise<void>((resolveAll, rejectAll) => {
    const ready = new Map<number, DeviceResult>();
    let nextDraw = from;
    let nextCommit = from;
    let failed = false;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      rejectAll(e);
    };
    const pump = () => {
      while (!failed && !stopping() && nextDraw < count && nextDraw - nextCommit < maxInFlight) {
        let pending: Promise<DeviceResult>;
        try {
          pending = make(nextDraw++);
        } catch (e) {
          return fail(e);
        }
        pending.then((r) => {
          if (failed || stopping()) return;
          ready.set(r.entry.index, r);
          try {
            while (ready.has(nextCommit)) {
              const next = ready.get(nextCommit) as DeviceResult;
              ready.delete(nextCommit);
              commit(next);
              nextCommit++;
            }
          } catch (e) {
            return fail(e);
          }
          if (nextCommit === count) resolveAll();
          else pump();
        }, fail);
      }
    };
    if (from === count) resolveAll();
    else pump();
  });
}

function batchResult({ o, plan, outdir, root, started, env, info }: Planned, { paths }: BatchFiles, done: number, labels: LabelSheets | undefined): BatchResult {
  const elapsed = (performance.now() - started) / 1000;
  const generated = plan.count - done;
  const result: BatchResult = {
    count: plan.count,
    generated,
    resumed: done,
    outdir,
    root,
    manifest: paths.manifest,
    summary: paths.summary,
    cnDacs: paths.cnDacs,
    labels: labels ? allSheets(paths.labels) : [],
    elapsedSeconds: Math.round(elapsed * 1000) / 1000,
    devicesPerSecond: Math.round((generated / Math.max(elapsed, 1e-6)) * 10) / 10,
    seeded: o.seed !== undefined,
    warnings: plan.warnings,
  };
  info(`generate: ${generated} device${generated === 1 ? "" : "s"} in ${result.elapsedSeconds} s (${result.devicesPerSecond} dev/s) → ${relative(env.cwd, root) || "."}/`);
  return result;
}

const STOP_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
/** POSIX signal numbers, for the shell's 128 + n exit status. */
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * .batch.json → batch-<stamp>.json, the record of a finished batch. When someone deleted the state
 * file during the run, the record is written from memory (the batch itself is complete).
 */
function finishState(root: string, stamp: string, stateText: string, note: (line: string) => void): void {
  const done = join(root, `batch-${stamp}.json`);
  try {
    renameSync(join(root, BATCH_STATE), done);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new CliError(fsErrorId(e, "write"), `cannot record the finished batch as ${done}: ${(e as NodeJS.ErrnoException).code}`);
    writeFileAtomic(done, stateText, { secret: true });
    note(`generate: warning: ${join(root, BATCH_STATE)} was removed while the batch ran; the batch is complete and recorded in ${done}`);
  }
}

function csvLength(path: string): number {
  return statSync(path).size;
}

function allSheets(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith(".svg"))
    .sort()
    .map((n) => join(dir, n));
}
