// One device label, laid out once in millimetres and rendered by svg.ts, pdf.ts and zpl.ts: the QR
// code with the manual pairing code right below it, grouped 4-3-4 (a 21-digit code on a second line,
// 4-3-2-1 — modules/onboarding/manual.ts), as the Matter brand guidelines place the setup code under
// the QR code; then the serial number and VID/PID. The QR symbol is the one generate's sheets draw
// (same encoder options as host-tools/mfg/labels.ts).
import { formatManualCode } from "../../../modules/onboarding/manual.js";
import { encodeQr, type QrMatrix } from "../../../modules/qrcode/encoder.js";

export interface LabelData {
  uuid: string;
  serial: string;
  vendorId: number;
  productId: number;
  qr: string;
  manualCode: string | null;
}

export interface LabelText {
  /** Centre of the line (mm from the left edge) and its baseline (mm from the top edge). */
  cx: number;
  baseline: number;
  /** Cap-to-descender height (font size) in mm. */
  size: number;
  bold: boolean;
  text: string;
}

export interface LabelLayout {
  widthMm: number;
  heightMm: number;
  qr: QrMatrix;
  /** Light modules around the symbol (ISO/IEC 18004 §6.3.8: 4). */
  quietZone: number;
  /** Top-left of the quiet zone and the side of one module, mm. */
  qrX: number;
  qrY: number;
  moduleMm: number;
  texts: LabelText[];
}

export const LABEL_WIDTH_MM = 40;
const QR_MM = 27; // symbol including its quiet zone
const TOP_MM = 2;
const CODE_SIZE = 3.6;
const CODE_STEP = 4.2;
const SMALL_SIZE = 2.4;
const SMALL_STEP = 3.2;
const SIDE_MM = 1.5; // clear margin left and right of a text line
/** Advance of a monospaced glyph in em (Courier, DejaVu Sans Mono): 600/1000. */
export const MONO_ADVANCE = 0.6;

const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, "0");

export function qrMatrixFor(payload: string): QrMatrix {
  return encodeQr(payload, { minVersion: 2, ecc: "M", maskRule: "pyqrcode" });
}

export function layoutLabel(d: LabelData): LabelLayout {
  const qr = qrMatrixFor(d.qr);
  const quietZone = 4;
  const moduleMm = QR_MM / (qr.size + 2 * quietZone);
  const cx = LABEL_WIDTH_MM / 2;
  const texts: LabelText[] = [];
  let y = TOP_MM + QR_MM + 3.4;
  for (const line of d.manualCode ? formatManualCode(d.manualCode, "\n").split("\n") : []) {
    texts.push({ cx, baseline: y, size: CODE_SIZE, bold: true, text: line });
    y += CODE_STEP;
  }
  y += 0.4;
  // A 32-hex-digit serial is wider than the label at the small size: shrink that line to fit.
  const sn = `SN ${d.serial}`;
  texts.push({ cx, baseline: y, size: Math.min(SMALL_SIZE, (LABEL_WIDTH_MM - 2 * SIDE_MM) / (MONO_ADVANCE * sn.length)), bold: false, text: sn });
  y += SMALL_STEP;
  texts.push({ cx, baseline: y, size: SMALL_SIZE, bold: false, text: `VID 0x${hex4(d.vendorId)}  PID 0x${hex4(d.productId)}` });
  return { widthMm: LABEL_WIDTH_MM, heightMm: Math.ceil(y + 2.5), qr, quietZone, qrX: (LABEL_WIDTH_MM - QR_MM) / 2, qrY: TOP_MM, moduleMm, texts };
}

/** Horizontal runs of dark modules per row: [x, y, length] in module units, no quiet zone. */
export function darkRuns(m: QrMatrix): [number, number, number][] {
  const runs: [number, number, number][] = [];
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; ) {
      if (!m.modules[y * m.size + x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < m.size && m.modules[y * m.size + x]) x++;
      runs.push([start, y, x - start]);
    }
  }
  return runs;
}
