// The per-device QR PNG: host-tools/png.ts qrToPng at mfg_tool's layout (1-bit grayscale, filter 0
// on every row, quiet zone 4, dark = 0 — pyqrcode's PNG), which builds the raster from packed
// scanlines — one per module row, repeated `scale` times — instead of pixel by pixel.

import type { QrMatrix } from "../../modules/qrcode/encoder.js";
import { qrToPng } from "../png.js";

export function qrPng(m: QrMatrix, scale = 6): Uint8Array {
  return qrToPng(m, { scale, quietZone: 4, bitDepth: 1 });
}
