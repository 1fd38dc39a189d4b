// Printable label sheets: A4 SVG pages of 24 labels (4 × 6), each the device's QR code with its
// manual pairing code right below in the 4-3-4 digit groups of the Matter brand guidelines
// (21-digit codes on two lines, as mfg_tool prints them), then the serial number and VID/PID.
// Pages are written whole (atomically) when full, and the last partial page at the end; a resumed
// batch rebuilds its open page from the manifest.

import { join } from "node:path";
import { formatManualCode } from "../../modules/onboarding/manual.js";
import { encodeQr } from "../../modules/qrcode/encoder.js";
import { qrSvgPathData } from "../../modules/qrcode/render-svg.js";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import type { ManifestEntry } from "./device.js";

export const LABEL_COLUMNS = 4;
export const LABEL_ROWS = 6;
export const LABELS_PER_PAGE = LABEL_COLUMNS * LABEL_ROWS;

// Geometry in millimetres (SVG user units = mm).
const PAGE_W = 210;
const PAGE_H = 297;
const MARGIN_X = 10;
const MARGIN_Y = 10.5;
const CELL_W = (PAGE_W - 2 * MARGIN_X) / LABEL_COLUMNS;
const CELL_H = (PAGE_H - 2 * MARGIN_Y) / LABEL_ROWS;
const QR_MM = 27; // symbol including its 4-module quiet zone

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");
const mm = (n: number): string => String(Math.round(n * 1000) / 1000);

/** QR path data (module units, quiet zone 4 included) and side in modules, from the payload text. */
export function qrForLabel(qr: string): { path: string; side: number } {
  const m = encodeQr(qr, { version: 2, ecc: "M", maskRule: "pyqrcode" });
  return { path: qrSvgPathData(m, 4), side: m.size + 8 };
}

/** One label as a <g> placed at cell `slot` of a page. */
export function labelSvg(e: ManifestEntry, qr: { path: string; side: number }, slot: number): string {
  const x = MARGIN_X + (slot % LABEL_COLUMNS) * CELL_W;
  const y = MARGIN_Y + Math.floor(slot / LABEL_COLUMNS) * CELL_H;
  const scale = QR_MM / qr.side;
  const cx = CELL_W / 2;
  const lines = e.manualCode ? formatManualCode(e.manualCode, "\n").split("\n") : [];
  let ty = 2 + QR_MM + 4;
  const text: string[] = [];
  for (const l of lines) {
    text.push(`<text x="${mm(cx)}" y="${mm(ty)}" font-size="3.6" font-weight="bold" text-anchor="middle">${esc(l)}</text>`);
    ty += 4.2;
  }
  text.push(`<text x="${mm(cx)}" y="${mm(ty)}" font-size="2.1" text-anchor="middle">SN ${esc(e.serial)}</text>`);
  ty += 2.8;
  text.push(`<text x="${mm(cx)}" y="${mm(ty)}" font-size="2.1" text-anchor="middle">VID 0x${hex4(e.vendorId)}  PID 0x${hex4(e.productId)}</text>`);
  return (
    `<g transform="translate(${mm(x)} ${mm(y)})" data-uuid="${esc(e.uuid)}">` +
    `<rect x="0.5" y="0.5" width="${mm(CELL_W - 1)}" height="${mm(CELL_H - 1)}" rx="2" fill="none" stroke="#bbb" stroke-width="0.2" stroke-dasharray="1 1"/>` +
    `<g transform="translate(${mm(cx - QR_MM / 2)} 2) scale(${mm(scale)})"><rect width="${qr.side}" height="${qr.side}" fill="#fff"/>` +
    `<path d="${qr.path}" fill="#000" shape-rendering="crispEdges"/></g>` +
    `<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" fill="#000">${text.join("")}</g>` +
    `</g>`
  );
}

export function sheetSvg(labels: readonly string[], page: number): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_W}mm" height="${PAGE_H}mm" viewBox="0 0 ${PAGE_W} ${PAGE_H}">\n` +
    `<title>Matter setup labels, sheet ${page}</title>\n` +
    labels.join("\n") +
    `\n</svg>\n`
  );
}

/** Collects labels in device order and writes a sheet per LABELS_PER_PAGE devices. */
export class LabelSheets {
  private labels: string[] = [];
  private page: number;
  readonly written: string[] = [];

  /** `done` devices are already on earlier sheets (or in `open`, the current sheet's entries). */
  constructor(
    readonly dir: string,
    done = 0,
    open: readonly ManifestEntry[] = [],
  ) {
    this.page = Math.floor(done / LABELS_PER_PAGE) + 1;
    for (const e of open) if (e.qr) this.labels.push(labelSvg(e, qrForLabel(e.qr), this.labels.length));
  }

  static pageStart(done: number): number {
    return done - (done % LABELS_PER_PAGE);
  }

  sheetPath(page: number): string {
    return join(this.dir, `sheet-${String(page).padStart(4, "0")}.svg`);
  }

  add(e: ManifestEntry, qr: { path: string; side: number } | undefined): void {
    if (!e.qr) return;
    this.labels.push(labelSvg(e, qr ?? qrForLabel(e.qr), this.labels.length));
    if (this.labels.length === LABELS_PER_PAGE) this.flush();
  }

  /** Writes the open sheet (if it has labels). */
  flush(): void {
    if (this.labels.length === 0) return;
    const path = this.sheetPath(this.page);
    // Atomic (temp file + rename) but not fsync'ed: a sheet can always be rebuilt from the manifest.
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(`${path}.tmp`, sheetSvg(this.labels, this.page), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
    this.written.push(path);
    if (this.labels.length === LABELS_PER_PAGE) {
      this.labels = [];
      this.page++;
    }
  }
}
