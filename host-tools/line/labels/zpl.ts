// A label as ZPL II for thermal label printers (Zebra's ZPL II Programming Guide): the QR symbol as
// a ^GF graphic field of the exact modules the SVG/PDF draw (^BQ would let the printer pick version
// and mask), the text as centred ^FB blocks in the scalable font 0. 203 dpi (8 dots/mm) by default.
import type { LabelLayout } from "./label-layout.js";

export interface ZplOptions {
  dotsPerMm?: number;
}

/** ^FD text: ^ and ~ are ZPL command prefixes, so they are replaced (serials never hold them). */
const fd = (s: string): string => s.replace(/[\^~]/g, "?").replace(/[^\x20-\x7e]/g, "?");

/** The QR symbol with its quiet zone as 1-bit rows, `dots` per module, MSB first, 1 = black. */
export function qrBitmap(l: LabelLayout, dots: number): { bytesPerRow: number; rows: number; data: Uint8Array } {
  const side = l.qr.size + 2 * l.quietZone;
  const px = side * dots;
  const bytesPerRow = Math.ceil(px / 8);
  const data = new Uint8Array(bytesPerRow * px);
  for (let y = 0; y < px; y++) {
    const my = Math.floor(y / dots) - l.quietZone;
    for (let x = 0; x < px; x++) {
      const mx = Math.floor(x / dots) - l.quietZone;
      if (mx < 0 || my < 0 || mx >= l.qr.size || my >= l.qr.size || !l.qr.modules[my * l.qr.size + mx]) continue;
      data[y * bytesPerRow + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { bytesPerRow, rows: px, data };
}

export function labelToZpl(l: LabelLayout, opts: ZplOptions = {}): string {
  const dpm = opts.dotsPerMm ?? 8;
  const width = Math.round(l.widthMm * dpm);
  // Whole dots per module, the largest that keeps the symbol within the layout's size.
  const dots = Math.max(1, Math.floor(l.moduleMm * dpm));
  const bmp = qrBitmap(l, dots);
  const hex = Array.from(bmp.data, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
  const qrSide = bmp.rows;
  const qrLeft = Math.round((width - qrSide) / 2);
  const qrTop = Math.round(l.qrY * dpm);
  const lines = [
    "^XA",
    "^CI28",
    `^PW${width}`,
    `^LL${Math.round(l.heightMm * dpm)}`,
    "^LH0,0",
    `^FO${qrLeft},${qrTop}^GFA,${bmp.data.length},${bmp.data.length},${bmp.bytesPerRow},${hex}^FS`,
  ];
  for (const t of l.texts) {
    const h = Math.round(t.size * dpm);
    lines.push(`^FO0,${Math.round((t.baseline - t.size * 0.8) * dpm)}^FB${width},1,0,C^A0N,${h},${t.bold ? Math.round(h * 0.9) : Math.round(h * 0.75)}^FD${fd(t.text)}^FS`);
  }
  lines.push("^XZ");
  return lines.join("\n") + "\n";
}
