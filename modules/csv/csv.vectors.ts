// Fixed vectors for the CSV tokenizer and its dialect options. Expected records are what Python 3.11's
// csv.reader returns for the same text fed as the dialect says: the plain dialect as
// open(path, newline=""), the GEN dialect (foldNewlines + dropCommentLines) as
// csv.reader(filter(lambda line: line[0] != "#", open(path))), nvs_partition_gen's reading.
import { checkEqual, checkThrows, checkTrue, type VectorCase } from "../testkit/check.js";
import { CSV_FIELD_LIMIT, CsvSyntaxError, tokenizeCsv, type CsvDialect } from "./tokenizer.js";

const GEN: CsvDialect = { foldNewlines: true, dropCommentLines: true };
const fields = (text: string, dialect?: CsvDialect) => tokenizeCsv(text, dialect).map((r) => r.fields);

/** The error tokenizeCsv throws, or null. */
function errorOf(text: string, dialect: CsvDialect): CsvSyntaxError | null {
  try {
    tokenizeCsv(text, dialect);
    return null;
  } catch (e) {
    if (e instanceof CsvSyntaxError) return e;
    throw e;
  }
}

export const vectors: VectorCase[] = [
  {
    name: "excel dialect: quotes, doubled quotes, text after a closing quote, blank lines, empty fields",
    run() {
      checkEqual(fields('a,"b"c,"d""e"\n\n,\n'), [["a", "bc", 'd"e'], [], ["", ""]]);
      checkEqual(fields("a,b,"), [["a", "b", ""]], "last line without a line break");
      checkEqual(fields('x"y,"z'), [['x"y', "z"]], "a quote inside an unquoted field is text; an open quote at the end is kept");
      checkEqual(fields(""), [], "empty text");
    },
  },
  {
    name: "line breaks: kept in quoted fields unless foldNewlines; \\r\\n, \\r and \\n all end a record",
    run() {
      const text = 'a,"x\r\ny"\r\nb\rc\n';
      checkEqual(fields(text), [["a", "x\r\ny"], ["b"], ["c"]], "newline=\"\"");
      checkEqual(fields(text, { foldNewlines: true }), [["a", "x\ny"], ["b"], ["c"]], "universal newlines");
      checkEqual(tokenizeCsv(text).map((r) => r.line), [1, 3, 4], "start lines: \\r\\n inside quotes is one line");
    },
  },
  {
    name: "dropCommentLines: '#' lines go before csv.reader sees them, even inside a quoted field",
    run() {
      const text = '#c,1\n"q\n#in\nz"\n';
      checkEqual(fields(text), [["#c", "1"], ["q\n#in\nz"]], "ordinary records without the option");
      checkEqual(fields(text, GEN), [["q\nz"]], "GEN");
      checkEqual(tokenizeCsv(text, GEN)[0].line, 2, "line numbers count the dropped lines");
      checkEqual(fields('"x\r\n#y"\r\n', GEN), [["x\n"]], "folded first: the dropped line leaves the quote open to the end");
    },
  },
  {
    name: "bom: kept in the first field by default (csv.reader), dropped on request",
    run() {
      checkEqual(fields("\ufeffk,v\n"), [["\ufeffk", "v"]]);
      checkEqual(fields("\ufeffk,v\n", { bom: "drop" }), [["k", "v"]]);
      checkEqual(fields("k,\ufeffv\n", { bom: "drop" }), [["k", "\ufeffv"]], "only a leading one");
    },
  },
  {
    name: "unterminatedQuote: 'keep' takes the rest of the text; 'error' names the opening quote",
    run() {
      checkEqual(fields('"open\nmore'), [["open\nmore"]]);
      const e = errorOf('a,b\r\nc,"d\ne', { unterminatedQuote: "error" });
      checkTrue(e !== null, "throws");
      checkEqual([e?.id, e?.line, e?.column], ["csv.unclosed-quote", 2, 3]);
      checkEqual(e?.message, "line 2 column 3: the quoted field opened here is never closed");
      checkEqual(errorOf('"a""b"\n', { unterminatedQuote: "error" }), null, "a doubled quote does not leave it open");
    },
  },
  {
    name: "fieldSizeLimit: Python's 131072 code points by default (emoji count once), Infinity for none",
    run() {
      checkEqual(CSV_FIELD_LIMIT, 131072);
      checkEqual(fields('"' + "\u{1f600}".repeat(CSV_FIELD_LIMIT) + '"')[0][0].length, 2 * CSV_FIELD_LIMIT, "at the limit");
      const e = errorOf("a\n\nb," + "x".repeat(CSV_FIELD_LIMIT + 1), {});
      checkEqual([e?.id, e?.line], ["csv.field-size", 3], "over it, on line 3");
      // a pair after a closing quote is added in two steps (high surrogate, then the run): still one code point
      checkEqual(fields('"' + "\u{1f600}".repeat(CSV_FIELD_LIMIT - 2) + '"x\u{1f600}')[0][0].length, 2 * CSV_FIELD_LIMIT - 1, "pair split by a closing quote");
      checkThrows(() => tokenizeCsv('"' + "\u{1f600}".repeat(CSV_FIELD_LIMIT - 1) + '"x\u{1f600}'), "field size limit", "one more");
      checkEqual(fields("x".repeat(CSV_FIELD_LIMIT + 1), { fieldSizeLimit: Infinity })[0][0].length, CSV_FIELD_LIMIT + 1, "no limit");
    },
  },
];
