// A label as a one-page PDF (ISO 32000-1), written directly: the QR modules as filled rectangles
// (vector, one `re` per horizontal run), the text in the standard Courier fonts (§9.6.2.2: the 14
// standard fonts need no embedding; Courier's glyphs are all 600/1000 em wide, so a line is centred
// without font metrics). Page size = label size.
import type { LabelLayout } from "./label-layout.js";
import { darkRuns, MONO_ADVANCE } from "./label-layout.js";

const PT_PER_MM = 72 / 25.4;
const n = (v: number): string => String(Math.round(v * 1000) / 1000);

/** A PDF literal string of printable ASCII (anything else becomes '?'). */
function pdfString(s: string): string {
  return "(" + s.replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1") + ")";
}

function contentStream(l: LabelLayout): string {
  const ops: string[] = [`${n(PT_PER_MM)} 0 0 ${n(PT_PER_MM)} 0 0 cm`, "0 g"];
  // Millimetres from the top-left, PDF's y axis points up.
  const up = (yTop: number) => l.heightMm - yTop;
  const m = l.moduleMm;
  for (const [x, y, len] of darkRuns(l.qr)) {
    const left = l.qrX + (x + l.quietZone) * m;
    const top = l.qrY + (y + l.quietZone) * m;
    ops.push(`${n(left)} ${n(up(top + m))} ${n(len * m)} ${n(m)} re`);
  }
  ops.push("f");
  for (const t of l.texts) {
    const width = MONO_ADVANCE * t.size * t.text.length;
    ops.push(`BT /${t.bold ? "F2" : "F1"} ${n(t.size)} Tf ${n(t.cx - width / 2)} ${n(up(t.baseline))} Td ${pdfString(t.text)} Tj ET`);
  }
  return ops.join("\n") + "\n";
}

export function labelToPdf(l: LabelLayout, title: string): Uint8Array {
  const content = contentStream(l);
  const w = n(l.widthMm * PT_PER_MM);
  const h = n(l.heightMm * PT_PER_MM);
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>`,
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>",
    `<< /Title ${pdfString(title)} /Producer (matter-factory) >>`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out); // ASCII only: string length = byte offsets
}
