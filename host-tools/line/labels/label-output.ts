// Where a station's labels go: files in a folder (<dir>/<serial>.svg|.pdf|.zpl, written atomically)
// and/or a printer command given by the user (--print-cmd), run by /bin/sh with the label on its
// standard input and MF_LABEL_UUID / MF_LABEL_SERIAL / MF_LABEL_FORMAT in its environment, e.g.
// `lp -d zebra -o raw` for ZPL or `lp -d office` for PDF.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { CliError } from "../../errors.js";
import { writeFileAtomic } from "../../files.js";
import { layoutLabel, type LabelData } from "./label-layout.js";
import { labelToPdf } from "./pdf.js";
import { labelToSvg } from "./svg.js";
import { labelToZpl } from "./zpl.js";

export type LabelFormat = "svg" | "pdf" | "zpl";
export const LABEL_FORMATS: readonly LabelFormat[] = ["svg", "pdf", "zpl"];
const PRINT_TIMEOUT_MS = 30_000;

export class LabelError extends CliError {
  override name = "LabelError";
  constructor(message: string) {
    super("label.print-failed", `[label.print-failed] ${message}`);
  }
}

export interface LabelOutputOptions {
  /** Folder for label files; undefined: none written. */
  dir?: string;
  formats: readonly LabelFormat[];
  printCmd?: string;
  printFormat: LabelFormat;
}

export function renderLabel(d: LabelData, format: LabelFormat): Uint8Array {
  const l = layoutLabel(d);
  if (format === "pdf") return labelToPdf(l, `Matter setup label ${d.serial}`);
  return new TextEncoder().encode(format === "svg" ? labelToSvg(l, d.uuid) : labelToZpl(l));
}

/** A file name from the serial (anything outside [A-Za-z0-9._-] becomes '_'), else the uuid. */
export function labelBaseName(d: LabelData): string {
  const s = d.serial.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return s.length > 0 && s.length <= 100 ? s : d.uuid;
}

/** Writes and prints one label; returns the files written. Print failures throw LabelError. */
export async function emitLabel(d: LabelData, o: LabelOutputOptions): Promise<string[]> {
  const files: string[] = [];
  if (o.dir) {
    for (const f of o.formats) {
      const path = join(o.dir, `${labelBaseName(d)}.${f}`);
      writeFileAtomic(path, renderLabel(d, f), { mkdir: true });
      files.push(path);
    }
  }
  if (o.printCmd) await printLabel(o.printCmd, renderLabel(d, o.printFormat), d, o.printFormat);
  return files;
}

export function printLabel(cmd: string, data: Uint8Array, d: LabelData, format: LabelFormat): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", cmd], {
      stdio: ["pipe", "ignore", "pipe"],
      env: { ...process.env, MF_LABEL_UUID: d.uuid, MF_LABEL_SERIAL: d.serial, MF_LABEL_FORMAT: format },
    });
    let err = "";
    child.stderr.on("data", (b: Buffer) => {
      if (err.length < 400) err += b.toString("utf8");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), PRINT_TIMEOUT_MS);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new LabelError(`--print-cmd ${JSON.stringify(cmd)}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const first = err.trim().split("\n")[0];
      reject(new LabelError(`--print-cmd ${JSON.stringify(cmd)} for serial ${d.serial}: ${signal ? `killed by ${signal}` : `exit ${code}`}${first ? `: ${first}` : ""}`));
    });
    child.stdin.on("error", () => {}); // a printer command that does not read its input: judged by its exit
    child.stdin.end(Buffer.from(data));
  });
}
