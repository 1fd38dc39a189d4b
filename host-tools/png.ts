// PNG output of QR symbols (and a small grayscale PNG reader for checks). PNG layout per the PNG
// specification (ISO/IEC 15948): signature, IHDR, one IDAT (zlib stream of filter-byte-prefixed
// scanlines), IEND; each chunk is length, type, data, CRC-32 of type+data.
// The default output matches what esp-matter-mfg-tool writes through pyqrcode/pypng: 1-bit
// grayscale, filter type 0 on every row, scale 6, quiet zone 4, dark = 0 and light = 1.

import { deflateSync, inflateSync } from "node:zlib";
import { crc32 } from "../modules/checksum/crc32.js";
import type { QrMatrix } from "../modules/qrcode/encoder.js";

export { qrToSvg, qrToSvgDocument, type QrSvgOptions } from "../modules/qrcode/render-svg.js";

export interface QrRasterOptions {
  /** Pixels per module. Default 6 (mfg_tool). */
  scale?: number;
  /** Light modules around the symbol. Default 4 (ISO/IEC 18004 §6.3.8; pyqrcode's default). */
  quietZone?: number;
}

export interface QrPngOptions extends QrRasterOptions {
  /** 1 (default, as mfg_tool) or 8 bits per pixel grayscale. */
  bitDepth?: 1 | 8;
}

/** A grayscale image: one byte per pixel, 0 = black, 255 = white, row by row. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function checkInt(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`png ${field} ${JSON.stringify(value)}: must be an integer ${min}-${max}`);
  }
  return value;
}

/** The symbol as a grayscale raster with quiet zone, `scale` pixels per module. */
export function qrToGray(m: QrMatrix, opts: QrRasterOptions = {}): GrayImage {
  const scale = checkInt("scale", opts.scale ?? 6, 1, 256);
  const quiet = checkInt("quietZone", opts.quietZone ?? 4, 0, 64);
  const side = (m.size + 2 * quiet) * scale;
  const pixels = new Uint8Array(side * side).fill(255);
  for (let y = 0; y < m.size; y++) {
    for (let x = 0; x < m.size; x++) {
      if (!m.modules[y * m.size + x]) continue;
      const px = (x + quiet) * scale;
      for (let r = 0; r < scale; r++) {
        const row = ((y + quiet) * scale + r) * side;
        pixels.fill(0, row + px, row + px + scale);
      }
    }
  }
  return { width: side, height: side, pixels };
}

/** Encodes a grayscale image as PNG (colour type 0) at 1 bit (pixel < 128 → 0) or 8 bits per pixel. */
export function encodeGrayPng(image: GrayImage, bitDepth: 1 | 8 = 8): Uint8Array {
  const { width, height, pixels } = image;
  if (bitDepth !== 1 && bitDepth !== 8) throw new Error(`png bitDepth ${JSON.stringify(bitDepth)}: must be 1 or 8`);
  if (pixels.length !== width * height) throw new Error(`png pixels: ${pixels.length} bytes for a ${width}x${height} image`);
  const rowBytes = bitDepth === 8 ? width : Math.ceil(width / 8);
  const raw = new Uint8Array(height * (1 + rowBytes)); // filter byte 0 (None) leads each row
  for (let y = 0; y < height; y++) {
    const at = y * (1 + rowBytes) + 1;
    if (bitDepth === 8) {
      raw.set(pixels.subarray(y * width, (y + 1) * width), at);
    } else {
      for (let x = 0; x < width; x++) if (pixels[y * width + x] >= 128) raw[at + (x >>> 3)] |= 0x80 >>> (x & 7);
    }
  }
  return assemblePng(width, height, bitDepth, deflateSync(raw));
}

/** PNG bytes of the symbol; defaults give mfg_tool's image layout (198x198 px for version 2). */
export function qrToPng(m: QrMatrix, opts: QrPngOptions = {}): Uint8Array {
  const bitDepth = opts.bitDepth ?? 1;
  if (bitDepth !== 1) return encodeGrayPng(qrToGray(m, opts), bitDepth);
  const scale = checkInt("scale", opts.scale ?? 6, 1, 256);
  const quiet = checkInt("quietZone", opts.quietZone ?? 4, 0, 64);
  const side = (m.size + 2 * quiet) * scale;
  return assemblePng(side, side, 1, deflateSync(qrScanlines1(m, scale, quiet)));
}

/**
 * The filtered-scanline stream of a 1-bit QR raster (the bytes encodeGrayPng(qrToGray(…), 1)
 * deflates): one packed row per module row, copied `scale` times, each led by filter byte 0.
 * Light = 1, dark = 0 (pyqrcode's PNG).
 */
function qrScanlines1(m: QrMatrix, scale: number, quiet: number): Uint8Array {
  const modules = m.size + 2 * quiet;
  const width = modules * scale;
  const stride = 1 + Math.ceil(width / 8);
  const raw = new Uint8Array(width * stride);
  const row = new Uint8Array(stride); // row[0] is the filter byte (0)
  for (let my = 0; my < modules; my++) {
    row.fill(0);
    const y = my - quiet;
    for (let mx = 0; mx < modules; mx++) {
      const x = mx - quiet;
      if (y >= 0 && y < m.size && x >= 0 && x < m.size && m.modules[y * m.size + x] !== 0) continue; // dark
      for (let p = mx * scale, end = p + scale; p < end; p++) row[1 + (p >>> 3)] |= 0x80 >>> (p & 7);
    }
    for (let r = 0; r < scale; r++) raw.set(row, (my * scale + r) * stride);
  }
  return raw;
}

/** Signature, IHDR (grayscale), one IDAT holding `idat`, IEND — written into one buffer. */
function assemblePng(width: number, height: number, bitDepth: number, idat: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = bitDepth; // colour type 0 (grayscale), compression 0, filter method 0, no interlace
  const out = new Uint8Array(PNG_SIGNATURE.length + 3 * 12 + ihdr.length + idat.length);
  out.set(PNG_SIGNATURE, 0);
  let at = putChunk(out, PNG_SIGNATURE.length, "IHDR", ihdr);
  at = putChunk(out, at, "IDAT", idat);
  putChunk(out, at, "IEND", new Uint8Array(0));
  return out;
}

/** Writes chunk `type` with `data` at `at` (length, type, data, CRC-32 of type+data); returns the end. */
function putChunk(out: Uint8Array, at: number, type: string, data: Uint8Array): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(at, data.length);
  for (let i = 0; i < 4; i++) out[at + 4 + i] = type.charCodeAt(i);
  out.set(data, at + 8);
  view.setUint32(at + 8 + data.length, crc32(out.subarray(at + 4, at + 8 + data.length)));
  return at + 12 + data.length;
}

export interface PngInfo extends GrayImage {
  bitDepth: number;
  /** Chunk types in file order. */
  chunks: string[];
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Reads a non-interlaced grayscale PNG (colour type 0, any bit depth up to 8, any filter) into
 * 8-bit pixels. Throws a one-line Error for other kinds or a damaged file.
 */
export function decodeGrayPng(bytes: Uint8Array): PngInfo {
  for (let i = 0; i < 8; i++) if (bytes[i] !== PNG_SIGNATURE[i]) throw new Error("png: missing PNG signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: string[] = [];
  const idat: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  for (let o = 8; o < bytes.length; ) {
    if (o + 12 > bytes.length) throw new Error(`png: truncated chunk header at offset ${o}`);
    const length = view.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    if (o + 12 + length > bytes.length) throw new Error(`png chunk ${type}: length ${length} runs past the end of the file`);
    const crc = view.getUint32(o + 8 + length);
    if (crc32(bytes.subarray(o + 4, o + 8 + length)) !== crc) throw new Error(`png chunk ${type} at offset ${o}: CRC mismatch`);
    const data = bytes.subarray(o + 8, o + 8 + length);
    chunks.push(type);
    if (type === "IHDR") {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      bitDepth = data[8];
      if (data[9] !== 0) throw new Error(`png colour type ${data[9]}: only grayscale (0) is supported`);
      if (data[12] !== 0) throw new Error(`png interlace ${data[12]}: only non-interlaced images are supported`);
      if (![1, 2, 4, 8].includes(bitDepth)) throw new Error(`png bit depth ${bitDepth}: only 1, 2, 4 or 8 is supported`);
    } else if (type === "IDAT") {
      idat.push(data);
    }
    o += 12 + length;
    if (type === "IEND") break;
  }
  if (!width || !height) throw new Error("png: no IHDR chunk");
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of idat) {
    joined.set(d, at);
    at += d.length;
  }
  const raw = new Uint8Array(inflateSync(joined));
  const rowBytes = Math.ceil((width * bitDepth) / 8);
  if (raw.length < height * (1 + rowBytes)) throw new Error(`png IDAT: ${raw.length} bytes inflated, ${height * (1 + rowBytes)} needed`);
  const bpp = Math.max(1, bitDepth / 8);
  const prev = new Uint8Array(rowBytes);
  const cur = new Uint8Array(rowBytes);
  const pixels = new Uint8Array(width * height);
  const maxValue = (1 << bitDepth) - 1;
  for (let y = 0; y < height; y++) {
    const base = y * (1 + rowBytes);
    const filter = raw[base];
    for (let i = 0; i < rowBytes; i++) {
      const x = raw[base + 1 + i];
      const a = i >= bpp ? cur[i - bpp] : 0;
      const b = prev[i];
      const c = i >= bpp ? prev[i - bpp] : 0;
      if (filter === 0) cur[i] = x;
      else if (filter === 1) cur[i] = x + a;
      else if (filter === 2) cur[i] = x + b;
      else if (filter === 3) cur[i] = x + ((a + b) >>> 1);
      else if (filter === 4) cur[i] = x + paeth(a, b, c);
      else throw new Error(`png row ${y}: unknown filter type ${filter}`);
    }
    for (let x = 0; x < width; x++) {
      const bitPos = x * bitDepth;
      const value = (cur[bitPos >>> 3] >>> (8 - bitDepth - (bitPos & 7))) & maxValue;
      pixels[y * width + x] = Math.round((value * 255) / maxValue);
    }
    prev.set(cur);
  }
  return { width, height, bitDepth, chunks, pixels };
}

/** Expands a grayscale image to RGBA (e.g. for jsQR). */
export function grayToRgba(image: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.pixels.length * 4);
  for (let i = 0; i < image.pixels.length; i++) {
    const g = image.pixels[i];
    out[4 * i] = g;
    out[4 * i + 1] = g;
    out[4 * i + 2] = g;
    out[4 * i + 3] = 255;
  }
  return out;
}
