// SLIP framing as the ESP ROM serial loader uses it (RFC 1055; esptool loader.py slip_reader):
// frames start and end with 0xC0; 0xC0 and 0xDB inside a frame are sent as DB DC and DB DD.
const END = 0xc0;
const ESC = 0xdb;

export function slipEncode(frame: Uint8Array): Uint8Array {
  const out: number[] = [END];
  for (const b of frame) {
    if (b === END) out.push(ESC, 0xdc);
    else if (b === ESC) out.push(ESC, 0xdd);
    else out.push(b);
  }
  out.push(END);
  return Uint8Array.from(out);
}

/** Incremental decoder: bytes in, whole frames out (with their length on the wire). Bytes outside frames are dropped. */
export class SlipDecoder {
  private frame: number[] | undefined;
  private escaped = false;
  private wire = 0;

  push(bytes: Uint8Array): { frame: Uint8Array; wireBytes: number }[] {
    const out: { frame: Uint8Array; wireBytes: number }[] = [];
    for (const b of bytes) {
      this.wire++;
      if (this.frame === undefined) {
        if (b === END) this.frame = [];
        continue;
      }
      if (b === END) {
        if (this.frame.length) {
          out.push({ frame: Uint8Array.from(this.frame), wireBytes: this.wire });
          this.frame = undefined;
          this.wire = 0;
        } // an empty frame: two END bytes in a row, the second starts the frame
        continue;
      }
      if (this.escaped) {
        this.frame.push(b === 0xdc ? END : b === 0xdd ? ESC : b);
        this.escaped = false;
      } else if (b === ESC) this.escaped = true;
      else this.frame.push(b);
    }
    return out;
  }
}
