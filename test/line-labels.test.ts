// Station labels: the SVG, PDF and ZPL of one device carry the same QR symbol as the encoder makes
// (read back from each format's own drawing and decoded with jsQR), the manual code in its groups,
// serial and VID/PID; the PDF's cross-reference table points at its objects; a printer command gets
// the label on stdin and its failure is one line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQR from "jsqr";
import { afterAll, describe, expect, it } from "vitest";
import { layoutLabel, qrMatrixFor, type LabelData } from "../host-tools/line/labels/label-layout.js";
import { emitLabel, renderLabel } from "../host-tools/line/labels/label-output.js";

const tmp = mkdtempSync(join(tmpdir(), "mf-labels-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const device: LabelData = { uuid: "0b6f7e3c-0000-4000-8000-000000000001", serial: "SN-0001", vendorId: 0xfff2, productId: 0x8001, qr: "MT:Y.K9042C00KA0648G00", manualCode: "34970112332" };
const long: LabelData = { ...device, serial: "SN-0002", manualCode: "749701123365521327694" };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Decodes a dark-module grid (quiet zone included) with jsQR at 4 px per module. */
function decode(grid: boolean[][]): string | undefined {
  const side = grid.length;
  const s = 4;
  const px = new Uint8ClampedArray(side * s * side * s * 4).fill(255);
  for (let y = 0; y < side * s; y++)
    for (let x = 0; x < side * s; x++) {
      if (!grid[Math.floor(y / s)][Math.floor(x / s)]) continue;
      const i = (y * side * s + x) * 4;
      px[i] = px[i + 1] = px[i + 2] = 0;
    }
  return jsQR(px, side * s, side * s)?.data;
}

function expectedGrid(d: LabelData): boolean[][] {
  const m = qrMatrixFor(d.qr);
  const side = m.size + 8;
  return Array.from({ length: side }, (_, y) => Array.from({ length: side }, (_, x) => x >= 4 && y >= 4 && x < m.size + 4 && y < m.size + 4 && m.modules[(y - 4) * m.size + (x - 4)] === 1));
}

describe("label formats", () => {
  it.each([device, long])("SVG: the path's modules are the encoder's symbol and decode to the payload ($serial)", (d) => {
    const svg = text(renderLabel(d, "svg"));
    const path = /<path d="([^"]+)"/.exec(svg)![1];
    const want = expectedGrid(d);
    const grid = want.map((r) => r.map(() => false));
    for (const [, x, y, w] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) for (let i = 0; i < Number(w); i++) grid[Number(y)][Number(x) + i] = true;
    expect(grid).toEqual(want);
    expect(decode(grid)).toBe(d.qr);
    const lines = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lines).toEqual(
      d.manualCode!.length === 11 ? ["3497-011-2332", "SN SN-0001", "VID 0xFFF2  PID 0x8001"] : ["7497-011-2336", "5521-327-69-4", "SN SN-0002", "VID 0xFFF2  PID 0x8001"],
    );
  });

  it.each([device, long])("PDF: valid xref, the vector modules decode to the payload, the text lines are there ($serial)", (d) => {
    const pdf = text(renderLabel(d, "pdf"));
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
    expect(pdf.slice(xref, xref + 5)).toBe("xref\n");
    const entries = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries).toHaveLength(7);
    entries.forEach((off, i) => expect(pdf.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const stream = /stream\n([\s\S]*?)endstream/.exec(pdf)![1];
    expect(Number(/\/Length (\d+)/.exec(pdf)![1])).toBe(stream.length);
    // Rebuild the grid from the rectangles (mm, y up) using the layout's geometry.
    const l = layoutLabel(d);
    const want = expectedGrid(d);
    const grid = want.map((r) => r.map(() => false));
    for (const [, xs, ys, ws, hs] of stream.matchAll(/^([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re$/gm)) {
      const x = Math.round((Number(xs) - l.qrX) / l.moduleMm);
      const y = Math.round((l.heightMm - Number(ys) - Number(hs) - l.qrY) / l.moduleMm);
      const w = Math.round(Number(ws) / l.moduleMm);
      for (let i = 0; i < w; i++) grid[y][x + i] = true;
    }
    expect(grid).toEqual(want);
    expect(decode(grid)).toBe(d.qr);
    const shown = [...stream.matchAll(/\((.*)\) Tj/g)].map((m) => m[1]);
    expect(shown).toContain(`SN ${d.serial}`);
    expect(shown).toContain("VID 0xFFF2  PID 0x8001");
    expect(shown[0]).toBe(d.manualCode!.length === 11 ? "3497-011-2332" : "7497-011-2336");
  });

  it("ZPL: the ^GF graphic is the encoder's symbol (whole dots per module) and decodes; text in ^FD fields", () => {
    const zpl = text(renderLabel(device, "zpl"));
    expect(zpl.startsWith("^XA\n")).toBe(true);
    expect(zpl.trimEnd().endsWith("^XZ")).toBe(true);
    const [, total, , perRow, hex] = /\^GFA,(\d+),(\d+),(\d+),([0-9A-F]+)\^FS/.exec(zpl)!;
    expect(hex.length).toBe(2 * Number(total));
    const rows = Number(total) / Number(perRow);
    const want = expectedGrid(device);
    const dots = rows / want.length;
    expect(Number.isInteger(dots) && dots >= 4).toBe(true);
    const bit = (x: number, y: number) => (parseInt(hex.substr((y * Number(perRow) + (x >> 3)) * 2, 2), 16) >> (7 - (x & 7))) & 1;
    const grid = want.map((r, y) => r.map((_, x) => bit(x * dots + (dots >> 1), y * dots + (dots >> 1)) === 1));
    expect(grid).toEqual(want);
    expect(decode(grid)).toBe(device.qr);
    expect([...zpl.matchAll(/\^FD([^^]*)\^FS/g)].map((m) => m[1])).toEqual(["3497-011-2332", "SN SN-0001", "VID 0xFFF2  PID 0x8001"]);
  });

  it("a label without a manual code (dynamic passcode) still carries QR, serial and VID/PID", () => {
    const l = layoutLabel({ ...device, manualCode: null });
    expect(l.texts.map((t) => t.text)).toEqual(["SN SN-0001", "VID 0xFFF2  PID 0x8001"]);
  });
});

describe("label output", () => {
  it("writes the chosen formats to the folder and pipes the print format to --print-cmd", async () => {
    const dir = join(tmp, "labels");
    const sink = join(tmp, "printed.zpl");
    const files = await emitLabel(device, { dir, formats: ["svg", "pdf", "zpl"], printCmd: `cat > '${sink}' && test "$MF_LABEL_SERIAL" = SN-0001`, printFormat: "zpl" });
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(["SN-0001.svg", "SN-0001.pdf", "SN-0001.zpl"]);
    expect(readFileSync(sink, "utf8")).toBe(text(renderLabel(device, "zpl")));
    expect(readFileSync(join(dir, "SN-0001.pdf"), "latin1").startsWith("%PDF-")).toBe(true);
  });

  it("a failing printer command is one label.print-failed line with its exit status and first stderr line", async () => {
    const e = (await emitLabel(device, { formats: [], printCmd: "echo 'printer offline' >&2; exit 3", printFormat: "zpl" }).catch((x: unknown) => x)) as Error & { id?: string };
    expect(e.id).toBe("label.print-failed");
    expect(e.message).toMatch(/exit 3: printer offline$/);
    expect(e.message).not.toContain("\n");
  });
});

describe("label geometry", () => {
  it("every text line fits the label width (a 32-hex-digit serial is shrunk), centred", () => {
    const l = layoutLabel({ ...long, serial: "029a1052504a712f15e87de8e7fffdcd" });
    for (const t of l.texts) {
      const w = 0.6 * t.size * t.text.length;
      expect(t.cx - w / 2, t.text).toBeGreaterThanOrEqual(1);
      expect(t.cx + w / 2, t.text).toBeLessThanOrEqual(l.widthMm - 1);
    }
    expect(l.texts.find((t) => t.text.startsWith("SN "))!.size).toBeLessThan(2.4);
  });
});
