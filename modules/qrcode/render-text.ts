// A QR symbol drawn as text for consoles: half-block characters (two module rows per line, one module
// per column, so modules come out about square in a terminal cell) or a plain-ASCII fallback (one
// module row per line, two characters per module).

import { qrcodeError } from "./errors.js";
import type { QrMatrix } from "./encoder.js";

export interface QrTextOptions {
  /** Light modules around the symbol (ISO asks for 4; most phone scanners cope with 1-2). Default 2. */
  quietZone?: number;
  /** "half-blocks" (default): ▀ ▄ █ and space. "ascii": "##" and two spaces. */
  style?: "half-blocks" | "ascii";
  /**
   * Which modules are drawn with ink (block characters / "##"). Default "light": on the usual
   * light-on-dark terminal the printed blocks are the symbol's light modules, so the code shows dark
   * modules on a light field as scanners expect. Use "dark" for a dark-on-light terminal or paper.
   */
  ink?: "light" | "dark";
}

const UPPER = "\u2580"; // ▀
const LOWER = "\u2584"; // ▄
const FULL = "\u2588"; // █

/** The symbol as lines of text joined by "\n" (no trailing newline). */
export function renderQrText(m: QrMatrix, opts: QrTextOptions = {}): string {
  const quiet = opts.quietZone ?? 2;
  if (!Number.isInteger(quiet) || quiet < 0 || quiet > 16) throw qrcodeError("qrcode.option", `qrcode quietZone ${JSON.stringify(quiet)}: must be an integer 0-16`);
  const style = opts.style ?? "half-blocks";
  if (style !== "half-blocks" && style !== "ascii") throw qrcodeError("qrcode.option", `qrcode style ${JSON.stringify(style)}: must be "half-blocks" or "ascii"`);
  const inkOn = opts.ink === "dark" ? 1 : 0;
  if (opts.ink !== undefined && opts.ink !== "dark" && opts.ink !== "light") {
    throw qrcodeError("qrcode.option", `qrcode ink ${JSON.stringify(opts.ink)}: must be "light" or "dark"`);
  }
  const span = m.size + 2 * quiet;
  // Ink at (x, y) in quiet-zone coordinates; rows past the bottom edge (odd line count) are bare.
  const ink = (x: number, y: number): boolean => {
    if (y >= span) return false;
    const mx = x - quiet;
    const my = y - quiet;
    const dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size ? m.modules[my * m.size + mx] : 0;
    return dark === inkOn;
  };
  const lines: string[] = [];
  if (style === "ascii") {
    for (let y = 0; y < span; y++) {
      let line = "";
      for (let x = 0; x < span; x++) line += ink(x, y) ? "##" : "  ";
      lines.push(line);
    }
  } else {
    for (let y = 0; y < span; y += 2) {
      let line = "";
      for (let x = 0; x < span; x++) {
        const top = ink(x, y);
        const bottom = ink(x, y + 1);
        line += top ? (bottom ? FULL : UPPER) : bottom ? LOWER : " ";
      }
      lines.push(line);
    }
  }
  return lines.join("\n");
}
