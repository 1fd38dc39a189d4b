// One CSV tokenizer for the Python tools we must match: CPython's csv.reader with the default
// "excel" dialect, non-strict (Modules/_csv.c: parse_process_char, Reader_iternext), fed physical
// lines. What differs between tools is how the file reaches csv.reader; that is the CsvDialect.

import { InputError } from "../errors/input-error.js";

/** How the text reaches csv.reader. Every option defaults to plain `csv.reader(open(path, newline=""))`. */
export interface CsvDialect {
  /** open()'s universal newlines: "\r\n" and "\r" become "\n" first, also inside quoted fields. */
  foldNewlines?: boolean;
  /** Physical lines starting with "#" are dropped before csv.reader sees them, even inside a quoted field. */
  dropCommentLines?: boolean;
  /** csv.field_size_limit(): the longest field in code points (Python's default 131072); Infinity for none. */
  fieldSizeLimit?: number;
  /** End of text inside a quoted field: "keep" ends the field (non-strict reader); "error" throws csv.unclosed-quote. */
  unterminatedQuote?: "keep" | "error";
  /** A leading U+FEFF: "keep" leaves it in the first field (as csv.reader does); "drop" removes it. */
  bom?: "keep" | "drop";
}

/** Python's csv.field_size_limit() default (Modules/_csv.c, field_limit = 128 * 1024). */
export const CSV_FIELD_LIMIT = 131072;

/** One record: its fields and the physical line (1-based, dropped comment lines counted) it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Ids of CsvSyntaxError. */
export type CsvErrorId =
  | "csv.unclosed-quote" // a quoted field still open at the end of the text (dialect unterminatedQuote "error")
  | "csv.field-size"; // a field longer than the dialect's fieldSizeLimit

/** Text csv.reader would reject (or, for an unclosed quote, silently misread): where, and which rule. */
export class CsvSyntaxError extends InputError {
  override name = "CsvSyntaxError";
  constructor(
    override readonly id: CsvErrorId,
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(id, message);
  }
}

// Reader states of _csv.c used by the excel dialect (no escapechar, doublequote on).
const START_RECORD = 0;
const START_FIELD = 1;
const IN_FIELD = 2;
const IN_QUOTED_FIELD = 3;
const QUOTE_IN_QUOTED_FIELD = 4;
const EAT_CRNL = 5;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const EOL = -1; // what Reader_iternext feeds parse_process_char after each line

/**
 * Splits `text` into records as csv.reader does: quoted fields may hold commas, doubled quotes and
 * line breaks (kept), text after a closing quote is appended, "\r\n", "\r" or "\n" end a record
 * outside quotes, a blank line is an empty record ([]), whitespace is kept. Throws CsvSyntaxError.
 */
export function tokenizeCsv(text: string, dialect: CsvDialect = {}): CsvRecord[] {
  let src = dialect.bom === "drop" && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (dialect.foldNewlines && src.indexOf("\r") >= 0) src = src.replace(/\r\n?/g, "\n");
  const t = new Tokenizer(src, dialect.fieldSizeLimit ?? CSV_FIELD_LIMIT);
  const dropComments = dialect.dropCommentLines === true;
  for (let pos = 0; pos < src.length; ) {
    const eol = t.lineEnd(pos);
    const end = eol === src.length ? eol : src.charCodeAt(eol) === CR && src.charCodeAt(eol + 1) === LF ? eol + 2 : eol + 1;
    t.lineNo++;
    if (!(dropComments && src.charCodeAt(pos) === 35 /* # */)) t.line(pos, eol, end);
    pos = end;
  }
  return t.finish(dialect.unterminatedQuote === "error");
}

/** The reader's state across lines. */
class Tokenizer {
  readonly records: CsvRecord[] = [];
  lineNo = 0;
  private state = START_RECORD;
  private fields: string[] = [];
  private field = "";
  private counted = 0; // UTF-16 units of `field` whose code points are in `codePoints`
  private codePoints = 0;
  private startLine = 0;
  private quoteLine = 0;
  private quoteColumn = 0;
  // next occurrence at or after the last search (src.length: none); keeps every scan linear
  private nextLf = -1;
  private nextCr = -1;
  private nextComma = -1;
  private nextQuote = -1;

  constructor(
    private readonly src: string,
    private readonly limit: number,
  ) {}

  /** Index of the first "\r" or "\n" at or after pos (src.length if none). */
  lineEnd(pos: number): number {
    if (this.nextLf < pos) this.nextLf = this.find("\n", pos);
    if (this.nextCr < pos) this.nextCr = this.find("\r", pos);
    return Math.min(this.nextLf, this.nextCr);
  }

  /** One physical line: src[pos, eol) its text, src[eol, end) its line break, then EOL. */
  line(pos: number, eol: number, end: number): void {
    if (this.state === START_RECORD) this.startLine = this.lineNo;
    for (let i = pos; i < eol; ) i = this.text(i, pos, eol);
    for (let i = eol; i < end; i++) this.lineBreak(i);
    this.endOfLine();
  }

  /** Handles src[i] (not a line break) and, for ordinary characters, the run after it; returns the next index. */
  private text(i: number, pos: number, eol: number): number {
    const c = this.src.charCodeAt(i);
    switch (this.state) {
      case START_RECORD:
      case START_FIELD:
        this.state = START_FIELD;
        if (c === QUOTE) {
          this.quoteLine = this.lineNo;
          this.quoteColumn = i - pos + 1;
          this.state = IN_QUOTED_FIELD;
          return i + 1;
        }
        if (c === COMMA) {
          this.save();
          return i + 1;
        }
        this.state = IN_FIELD;
        return this.run(i, eol, false);
      case IN_FIELD:
        if (c !== COMMA) return this.run(i, eol, false);
        this.save();
        this.state = START_FIELD;
        return i + 1;
      case IN_QUOTED_FIELD:
        if (c !== QUOTE) return this.run(i, eol, true);
        this.state = QUOTE_IN_QUOTED_FIELD;
        return i + 1;
      default: // QUOTE_IN_QUOTED_FIELD (EAT_CRNL only ever sees line breaks and EOL)
        if (c === COMMA) {
          this.save();
          this.state = START_FIELD;
          return i + 1;
        }
        this.add(i, i + 1); // `""` is one quote; non-strict: text after a closing quote is kept
        this.state = c === QUOTE ? IN_QUOTED_FIELD : IN_FIELD;
        return i + 1;
    }
  }

  /** Adds src[i] and the characters after it up to the next quote (quoted) or comma (unquoted), within the line. */
  private run(i: number, eol: number, quoted: boolean): number {
    let j: number;
    if (quoted) {
      if (this.nextQuote <= i) this.nextQuote = this.find('"', i + 1);
      j = this.nextQuote;
    } else {
      if (this.nextComma <= i) this.nextComma = this.find(",", i + 1);
      j = this.nextComma;
    }
    if (j > eol) j = eol;
    this.add(i, j);
    return j;
  }

  /** "\r" or "\n": kept inside quotes, else it ends the field and the record (EAT_CRNL). */
  private lineBreak(i: number): void {
    switch (this.state) {
      case IN_QUOTED_FIELD:
        this.add(i, i + 1);
        return;
      case START_RECORD:
      case EAT_CRNL:
        break;
      default:
        this.save();
    }
    this.state = EAT_CRNL;
  }

  private endOfLine(): void {
    switch (this.state) {
      case IN_QUOTED_FIELD:
        return; // the field goes on on the next line
      case START_FIELD:
      case IN_FIELD:
      case QUOTE_IN_QUOTED_FIELD:
        this.save(); // last line without a line break
        break;
    }
    this.state = START_RECORD; // START_RECORD here: a blank line, an empty record
    this.push();
  }

  /** End of text: Reader_iternext saves an open quoted field (non-strict) and returns its record. */
  finish(closedQuotes: boolean): CsvRecord[] {
    if (this.state === IN_QUOTED_FIELD) {
      if (closedQuotes) {
        const at = `line ${this.quoteLine} column ${this.quoteColumn}`;
        throw new CsvSyntaxError("csv.unclosed-quote", `${at}: the quoted field opened here is never closed`, this.quoteLine, this.quoteColumn);
      }
      this.save();
      this.push();
    }
    return this.records;
  }

  private find(ch: string, from: number): number {
    const k = this.src.indexOf(ch, from);
    return k < 0 ? this.src.length : k;
  }

  private push(): void {
    this.records.push({ fields: this.fields, line: this.startLine });
    this.fields = [];
  }

  private save(): void {
    this.fields.push(this.field);
    this.field = "";
    this.counted = 0;
    this.codePoints = 0;
  }

  /** Appends src[from, to); Python counts the field's code points against its size limit. */
  private add(from: number, to: number): void {
    this.field += this.src.slice(from, to);
    if (this.field.length <= this.limit) return; // UTF-16 units ≥ code points
    this.codePoints += codePointsFrom(this.field, this.counted);
    this.counted = this.field.length;
    if (this.codePoints > this.limit) {
      const message = `line ${this.lineNo}: field longer than ${this.limit} characters (Python csv field size limit)`;
      throw new CsvSyntaxError("csv.field-size", message, this.lineNo, 0);
    }
  }
}

const LOW_SURROGATE = /[\udc00-\udfff]/;

/**
 * Code points of s[from, …), where a low surrogate right after a high one (also s[from - 1]) completes
 * a pair. The string iterator, not charCodeAt or a global regex: XS finds an index in a non-ASCII
 * string by scanning, which makes per-index loops quadratic there.
 */
function codePointsFrom(s: string, from: number): number {
  const seg = s.slice(from > 0 ? from - 1 : 0);
  if (!LOW_SURROGATE.test(seg)) return from > 0 ? seg.length - 1 : seg.length;
  let n = 0;
  for (const _ of seg) n++; // a pair is one step
  return from > 0 ? n - 1 : n; // s[from - 1] was counted before, alone or as the pair's first half
}
