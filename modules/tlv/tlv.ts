// Matter TLV (Core spec Appendix A): a typed element model with an encoder, a whole-buffer decoder
// and a streaming reader. Integers are written at minimal width unless `width` is given; the
// decoder records the width it saw so a decode/encode round trip is byte-exact.

import { utf8Decode, utf8Encode } from "../bytes/utf8.js";
import { InputError } from "../errors/input-error.js";

/** Tag forms (A.7.1): none, context-specific (0..255), common/implicit profile, fully qualified. */
export type TlvTag =
  | number
  | { form: "common" | "implicit"; tag: number }
  | { form: "fq"; vendorId: number; profileNumber: number; tag: number };

interface Base {
  /** Absent = anonymous. A number = context-specific tag. */
  tag?: TlvTag;
}
export type TlvIntWidth = 1 | 2 | 4 | 8;
export type TlvElement =
  | (Base & { type: "uint"; value: number | bigint; width?: TlvIntWidth })
  | (Base & { type: "int"; value: number | bigint; width?: TlvIntWidth })
  | (Base & { type: "bool"; value: boolean })
  | (Base & { type: "float" | "double"; value: number })
  | (Base & { type: "utf8"; value: string })
  | (Base & { type: "bytes"; value: Uint8Array })
  | (Base & { type: "null" })
  | (Base & { type: "struct" | "array" | "list"; elements: TlvElement[] });

/** Ids of TlvError (modules/errors/input-error.ts). */
export type TlvErrorId =
  | "tlv.tag-range" // encoder: a context tag outside 0..255 or a tag number outside 32 bits
  | "tlv.int-range" // encoder: an integer outside 64 bits or wider than the width asked for
  | "tlv.member-tag" // a tagged array member or an anonymous structure member (A.11)
  | "tlv.truncated" // decoder: the bytes end inside an element or before a container is closed
  | "tlv.end-tag" // decoder: an end-of-container element that carries a tag
  | "tlv.element-type" // decoder: an element type code above 0x18 (A.7.2)
  | "tlv.utf8" // decoder: a UTF-8 string element that is not valid UTF-8
  | "tlv.depth" // decoder: containers nested deeper than 32
  | "tlv.unexpected-end" // decoder: an end-of-container where an element was expected
  | "tlv.trailing"; // decoder: bytes after the one element

/** Bad TLV: malformed bytes to decode, or an element the encoder cannot write. */
export class TlvError extends InputError {
  override name = "TlvError";
  declare readonly id: TlvErrorId;
  constructor(id: TlvErrorId, message: string) {
    super(id, message);
  }
}

// Element type codes (A.7.2, Table 5).
const T_INT = 0x00, T_UINT = 0x04, T_FALSE = 0x08, T_TRUE = 0x09, T_FLOAT = 0x0a, T_DOUBLE = 0x0b;
const T_UTF8 = 0x0c, T_BYTES = 0x10, T_NULL = 0x14, T_STRUCT = 0x15, T_ARRAY = 0x16, T_LIST = 0x17, T_END = 0x18;
// Frozen: this module is preloaded on the device (manifest "preload"), where xsl keeps module state in
// flash and reports any object a function reaches that is not frozen ("not frozen" warning).
const WIDTH_CODE: Readonly<Record<number, number>> = Object.freeze({ 1: 0, 2: 1, 4: 2, 8: 3 });

// ---------------------------------------------------------------------------------------------
// Encoder

class ByteSink {
  buf = new Uint8Array(64);
  length = 0;
  private ensure(n: number) {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number) {
    this.ensure(1);
    this.buf[this.length++] = b;
  }
  bytes(b: Uint8Array) {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  /** Little-endian unsigned of `width` bytes from a bigint (two's complement already applied). */
  le(value: bigint, width: number) {
    for (let i = 0; i < width; i++) this.byte(Number((value >> BigInt(8 * i)) & 0xffn));
  }
  result() {
    return this.buf.slice(0, this.length);
  }
}

function tagControl(tag: TlvTag | undefined): { control: number; write: (s: ByteSink) => void } {
  if (tag === undefined) return { control: 0, write: () => {} };
  if (typeof tag === "number") {
    if (!Number.isInteger(tag) || tag < 0 || tag > 0xff) throw new TlvError("tlv.tag-range", `context tag ${tag} out of range 0..255`);
    return { control: 1 << 5, write: (s) => s.byte(tag) };
  }
  const id = tag.tag;
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new TlvError("tlv.tag-range", `tag number ${id} out of range`);
  const long = id > 0xffff;
  if (tag.form !== "fq") {
    const base = tag.form === "common" ? 2 : 4;
    return { control: (base + (long ? 1 : 0)) << 5, write: (s) => s.le(BigInt(id), long ? 4 : 2) };
  }
  const { vendorId, profileNumber } = tag;
  return {
    control: (long ? 7 : 6) << 5,
    write: (s) => {
      s.le(BigInt(vendorId), 2);
      s.le(BigInt(profileNumber), 2);
      s.le(BigInt(id), long ? 4 : 2);
    },
  };
}

function uintWidth(v: bigint): TlvIntWidth {
  return v <= 0xffn ? 1 : v <= 0xffffn ? 2 : v <= 0xffffffffn ? 4 : 8;
}
function intWidth(v: bigint): TlvIntWidth {
  return v >= -0x80n && v <= 0x7fn ? 1 : v >= -0x8000n && v <= 0x7fffn ? 2 : v >= -0x80000000n && v <= 0x7fffffffn ? 4 : 8;
}

function writeElement(s: ByteSink, e: TlvElement): void {
  const { control, write } = tagControl(e.tag);
  const head = (type: number) => {
    s.byte(control | type);
    write(s);
  };
  switch (e.type) {
    case "uint": {
      const v = BigInt(e.value);
      if (v < 0n || v > 0xffffffffffffffffn) throw new TlvError("tlv.int-range", `unsigned integer ${v} out of range`);
      const width = e.width ?? uintWidth(v);
      if (uintWidth(v) > width) throw new TlvError("tlv.int-range", `unsigned integer ${v} does not fit ${width} bytes`);
      head(T_UINT + WIDTH_CODE[width]);
      s.le(v, width);
      return;
    }
    case "int": {
      const v = BigInt(e.value);
      if (v < -0x8000000000000000n || v > 0x7fffffffffffffffn) throw new TlvError("tlv.int-range", `signed integer ${v} out of range`);
      const width = e.width ?? intWidth(v);
      if (intWidth(v) > width) throw new TlvError("tlv.int-range", `signed integer ${v} does not fit ${width} bytes`);
      head(T_INT + WIDTH_CODE[width]);
      s.le(BigInt.asUintN(8 * width, v), width);
      return;
    }
    case "bool":
      head(e.value ? T_TRUE : T_FALSE);
      return;
    case "float":
    case "double": {
      const width = e.type === "float" ? 4 : 8;
      head(e.type === "float" ? T_FLOAT : T_DOUBLE);
      const b = new Uint8Array(width);
      const dv = new DataView(b.buffer);
      if (width === 4) dv.setFloat32(0, e.value, true);
      else dv.setFloat64(0, e.value, true);
      s.bytes(b);
      return;
    }
    case "utf8":
    case "bytes": {
      const data = e.type === "utf8" ? utf8Encode(e.value) : e.value;
      const width = uintWidth(BigInt(data.length));
      head((e.type === "utf8" ? T_UTF8 : T_BYTES) + WIDTH_CODE[width]);
      s.le(BigInt(data.length), width);
      s.bytes(data);
      return;
    }
    case "null":
      head(T_NULL);
      return;
    case "struct":
    case "array":
    case "list":
      head(e.type === "struct" ? T_STRUCT : e.type === "array" ? T_ARRAY : T_LIST);
      for (const child of e.elements) {
        if (e.type === "array" && child.tag !== undefined) throw new TlvError("tlv.member-tag", "array members must be anonymous");
        if (e.type === "struct" && child.tag === undefined) throw new TlvError("tlv.member-tag", "structure members must be tagged");
        writeElement(s, child);
      }
      s.byte(T_END);
      return;
  }
}

export function encodeTlv(element: TlvElement): Uint8Array {
  const s = new ByteSink();
  writeElement(s, element);
  return s.result();
}

/** Several top-level elements back to back. */
export function encodeTlvElements(elements: readonly TlvElement[]): Uint8Array {
  const s = new ByteSink();
  for (const e of elements) writeElement(s, e);
  return s.result();
}

// ---------------------------------------------------------------------------------------------
// Reader

export type TlvToken =
  | { kind: "value"; element: TlvElement }
  | { kind: "start"; tag?: TlvTag; type: "struct" | "array" | "list" }
  | { kind: "end" };

/** Streaming reader: one token per call; containers come as start … end. */
export class TlvReader {
  private pos = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.bytes.length) throw new TlvError("tlv.truncated", `TLV underrun at offset ${this.pos}: need ${n} bytes`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  private le(n: number): bigint {
    const b = this.take(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }
  private tag(form: number): TlvTag | undefined {
    switch (form) {
      case 0: return undefined;
      case 1: return Number(this.le(1));
      case 2: return { form: "common", tag: Number(this.le(2)) };
      case 3: return { form: "common", tag: Number(this.le(4)) };
      case 4: return { form: "implicit", tag: Number(this.le(2)) };
      case 5: return { form: "implicit", tag: Number(this.le(4)) };
      default: {
        const vendorId = Number(this.le(2));
        const profileNumber = Number(this.le(2));
        return { form: "fq", vendorId, profileNumber, tag: Number(this.le(form === 6 ? 2 : 4)) };
      }
    }
  }

  next(): TlvToken {
    const at = this.pos;
    const control = this.take(1)[0];
    const type = control & 0x1f;
    const tagForm = control >> 5;
    if (type === T_END) {
      if (tagForm !== 0) throw new TlvError("tlv.end-tag", `end-of-container with a tag at offset ${at}`);
      return { kind: "end" };
    }
    if (type > T_END) throw new TlvError("tlv.element-type", `invalid TLV element type 0x${type.toString(16)} at offset ${at}`);
    const tag = this.tag(tagForm);
    const withTag = <T extends object>(o: T) => (tag === undefined ? o : { tag, ...o });
    if (type <= 0x07) {
      const width = (1 << (type & 3)) as TlvIntWidth;
      const raw = this.le(width);
      const big = type < T_UINT ? BigInt.asIntN(8 * width, raw) : raw;
      const value = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      return { kind: "value", element: withTag({ type: type < T_UINT ? "int" : "uint", value, width }) as TlvElement };
    }
    if (type === T_FALSE || type === T_TRUE) return { kind: "value", element: withTag({ type: "bool", value: type === T_TRUE }) as TlvElement };
    if (type === T_FLOAT || type === T_DOUBLE) {
      const b = this.take(type === T_FLOAT ? 4 : 8);
      const dv = new DataView(b.buffer, b.byteOffset, b.length);
      const value = type === T_FLOAT ? dv.getFloat32(0, true) : dv.getFloat64(0, true);
      return { kind: "value", element: withTag({ type: type === T_FLOAT ? "float" : "double", value }) as TlvElement };
    }
    if (type >= T_UTF8 && type < T_NULL) {
      const len = this.le(1 << (type & 3));
      if (len > BigInt(this.bytes.length - this.pos)) throw new TlvError("tlv.truncated", `TLV underrun at offset ${this.pos}: string of ${len} bytes`);
      const data = new Uint8Array(this.take(Number(len))); // a copy, whatever the input's class
      if (type < T_BYTES) {
        let text: string;
        try {
          text = utf8Decode(data);
        } catch {
          throw new TlvError("tlv.utf8", `invalid UTF-8 string at offset ${at}`);
        }
        return { kind: "value", element: withTag({ type: "utf8", value: text }) as TlvElement };
      }
      return { kind: "value", element: withTag({ type: "bytes", value: data }) as TlvElement };
    }
    if (type === T_NULL) return { kind: "value", element: withTag({ type: "null" }) as TlvElement };
    const ctype = type === T_STRUCT ? "struct" : type === T_ARRAY ? "array" : "list";
    return tag === undefined ? { kind: "start", type: ctype } : { kind: "start", tag, type: ctype };
  }

  /** Reads one whole element (a container with all its members). */
  readElement(depth = 0): TlvElement {
    if (depth > 32) throw new TlvError("tlv.depth", "TLV nesting deeper than 32");
    const token = this.next();
    if (token.kind === "end") throw new TlvError("tlv.unexpected-end", `unexpected end-of-container at offset ${this.pos - 1}`);
    if (token.kind === "value") return token.element;
    const elements: TlvElement[] = [];
    for (;;) {
      if (this.done) throw new TlvError("tlv.truncated", "TLV underrun: container not closed");
      const save = this.pos;
      if ((this.bytes[save] & 0x1f) === T_END && this.bytes[save] >> 5 === 0) {
        this.pos++;
        break;
      }
      const child = this.readElement(depth + 1);
      if (token.type === "struct" && child.tag === undefined) throw new TlvError("tlv.member-tag", `anonymous member in a structure at offset ${save}`);
      if (token.type === "array" && child.tag !== undefined) throw new TlvError("tlv.member-tag", `tagged member in an array at offset ${save}`);
      elements.push(child);
    }
    return token.tag === undefined ? { type: token.type, elements } : { tag: token.tag, type: token.type, elements };
  }
}

/** Decodes exactly one element that spans the whole buffer. */
export function decodeTlv(bytes: Uint8Array): TlvElement {
  const reader = new TlvReader(bytes);
  const element = reader.readElement();
  if (!reader.done) throw new TlvError("tlv.trailing", `${bytes.length - reader.offset} trailing bytes after the TLV element`);
  return element;
}

/** Finds a struct member by context tag. */
export function tlvField(struct: TlvElement, tag: number): TlvElement | undefined {
  if (struct.type !== "struct" && struct.type !== "list") return undefined;
  return struct.elements.find((e) => e.tag === tag);
}
