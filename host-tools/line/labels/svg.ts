// A label as a standalone SVG document in millimetres (label-layout.ts).
import { qrSvgPathData } from "../../../modules/qrcode/render-svg.js";
import type { LabelLayout } from "./label-layout.js";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const mm = (n: number): string => String(Math.round(n * 1000) / 1000);

export function labelToSvg(l: LabelLayout, uuid: string): string {
  const side = l.qr.size + 2 * l.quietZone;
  const text = l.texts
    .map((t) => `<text x="${mm(t.cx)}" y="${mm(t.baseline)}" font-size="${mm(t.size)}"${t.bold ? ' font-weight="bold"' : ""} text-anchor="middle">${esc(t.text)}</text>`)
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${mm(l.widthMm)}mm" height="${mm(l.heightMm)}mm" viewBox="0 0 ${mm(l.widthMm)} ${mm(l.heightMm)}" data-uuid="${esc(uuid)}">\n` +
    `<rect width="${mm(l.widthMm)}" height="${mm(l.heightMm)}" fill="#fff"/>\n` +
    `<g transform="translate(${mm(l.qrX)} ${mm(l.qrY)}) scale(${mm(l.moduleMm)})"><rect width="${side}" height="${side}" fill="#fff"/>` +
    `<path d="${qrSvgPathData(l.qr, l.quietZone)}" fill="#000" shape-rendering="crispEdges"/></g>\n` +
    `<g font-family="DejaVu Sans Mono, Menlo, Consolas, Courier, monospace" fill="#000">${text}</g>\n` +
    `</svg>\n`
  );
}
