// The per-device QR PNG at batch speed: the same bytes as host-tools/png.ts qrToPng(m, {scale: 6})
// (1-bit grayscale, filter 0 on every row, quiet zone 4, dark = 0 — mfg_tool's pyqrcode layout),
// built from packed scanlines — one per module row, repeated `scale` times — instead of a per-pixel
// raster. test/generate.test.ts checks byte equality with qrToPng.

import { deflateSync } from "node:zlib";
import { crc32 } from "../../modules/checksum/crc32.js";
import type { QrMatrix } from "../../modules/qrcode/encoder.js";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const QUIET = 4;

function chunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  const v = new DataView(out.buffer, out.byteOffset);
  v.setUint32(at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  v.setUint32(at + 8 + data.length, crc32(out.subarray(at + 4, at + 8 + data.length)));
  return at + 12 + data.length;
}

export function qrPng(m: QrMatrix, scale = 6): Uint8Array {
  const modules = m.size + 2 * QUIET;
  const width = modules * scale;
  const rowBytes = Math.ceil(width / 8);
  const stride = 1 + rowBytes;
  const raw = new Uint8Array(width * stride);
  const row = new Uint8Array(rowBytes);
  for (let my = 0; my < modules; my++) {
    row.fill(0);
    const y = my - QUIET;
    for (let mx = 0; mx < modules; mx++) {
      const x = mx - QUIET;
      const dark = y >= 0 && y < m.size && x >= 0 && x < m.size && m.modules[y * m.size + x] !== 0;
      if (dark) continue;
      for (let p = mx * scale, end = p + scale; p < end; p++) row[p >>> 3] |= 0x80 >>> (p & 7); // light = 1
    }
    for (let r = 0; r < scale; r++) raw.set(row, (my * scale + r) * stride + 1); // filter byte stays 0
  }
  const ihdr = new Uint8Array(13);
  const h = new DataView(ihdr.buffer);
  h.setUint32(0, width);
  h.setUint32(4, width);
  ihdr[8] = 1; // bit depth; colour type 0 (grayscale), compression, filter, interlace all 0
  const idat = deflateSync(raw);
  const out = new Uint8Array(8 + 25 + 12 + idat.length + 12);
  out.set(SIGNATURE, 0);
  let at = chunk(out, 8, "IHDR", ihdr);
  at = chunk(out, at, "IDAT", idat);
  chunk(out, at, "IEND", new Uint8Array(0));
  return out;
}
