// A QR symbol as SVG: one <path> of dark modules (one subpath per horizontal run) in module units,
// scaled and placed by a <g> transform, over a light rectangle covering the quiet zone.

import { qrcodeError } from "./errors.js";
import type { QrMatrix } from "./encoder.js";

export interface QrSvgOptions {
  /** Side of one module in SVG user units. Default 6 (mfg_tool's PNG scale). */
  moduleSize?: number;
  /** Light modules around the symbol. Default 4 (ISO/IEC 18004 §6.3.8). */
  quietZone?: number;
  /** Top-left corner of the quiet zone (fragment only). Default 0, 0. */
  x?: number;
  y?: number;
  /** Fill of dark modules. Default "#000". */
  dark?: string;
  /** Fill of the light background; null for none (transparent). Default "#fff". */
  light?: string | null;
}

function checkNumber(field: string, value: number, min: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw qrcodeError("qrcode.option", `qrcode ${field} ${JSON.stringify(value)}: must be a finite number >= ${min}`);
  }
  return value;
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}

/** Path data for the dark modules, in module units with the quiet zone offset applied. */
export function qrSvgPathData(m: QrMatrix, quietZone = 0): string {
  const parts: string[] = [];
  for (let y = 0; y < m.size; y++) {
    let x = 0;
    while (x < m.size) {
      if (!m.modules[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.modules[y * m.size + x]) x++;
      const run = x - start;
      parts.push(`M${start + quietZone} ${y + quietZone}h${run}v1h-${run}z`);
    }
  }
  return parts.join("");
}

/** Side of the rendered symbol including the quiet zone, in SVG user units. */
export function qrSvgSide(m: QrMatrix, opts: QrSvgOptions = {}): number {
  return (m.size + 2 * (opts.quietZone ?? 4)) * (opts.moduleSize ?? 6);
}

/** A <g> fragment to embed in a larger SVG (e.g. a label sheet). */
export function qrToSvg(m: QrMatrix, opts: QrSvgOptions = {}): string {
  const moduleSize = checkNumber("moduleSize", opts.moduleSize ?? 6, Number.MIN_VALUE);
  const quiet = opts.quietZone ?? 4;
  if (!Number.isInteger(quiet) || quiet < 0) throw qrcodeError("qrcode.option", `qrcode quietZone ${JSON.stringify(quiet)}: must be an integer >= 0`);
  const x = checkNumber("x", opts.x ?? 0, -Infinity);
  const y = checkNumber("y", opts.y ?? 0, -Infinity);
  const side = m.size + 2 * quiet;
  const light = opts.light === undefined ? "#fff" : opts.light;
  const background = light === null ? "" : `<rect width="${side}" height="${side}" fill="${attr(light)}"/>`;
  return (
    `<g transform="translate(${x} ${y}) scale(${moduleSize})">` +
    background +
    `<path d="${qrSvgPathData(m, quiet)}" fill="${attr(opts.dark ?? "#000")}" shape-rendering="crispEdges"/>` +
    `</g>`
  );
}

/** A standalone SVG document of the symbol (x/y options are ignored). */
export function qrToSvgDocument(m: QrMatrix, opts: QrSvgOptions = {}): string {
  const side = qrSvgSide(m, opts);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">` +
    qrToSvg(m, { ...opts, x: 0, y: 0 }) +
    `</svg>\n`
  );
}
