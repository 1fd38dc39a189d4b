// CSV text the way esp-matter-mfg-tool's Python produces and reads it: csv.writer's "excel" dialect
// (QUOTE_MINIMAL, doubled quotes, "\r\n" or "\n" row ends) and csv.reader's record splitting
// (quoted fields may span lines).

import { CsvSyntaxError, tokenizeCsv, type CsvDialect } from "../../modules/csv/tokenizer.js";

/** One field as csv.writer (QUOTE_MINIMAL) writes it: quoted only when it holds `,` `"` `\r` or `\n`. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One row. csv.writer quotes a lone empty field ("") so the row is not mistaken for a blank line;
 * `end` is "\r\n" (csv.writer's default) or "\n" (mfg_tool's StringIO rows, stripped and re-joined).
 */
export function csvRow(fields: readonly string[], end: "\r\n" | "\n" = "\r\n"): string {
  if (fields.length === 1 && fields[0] === "") return `""${end}`;
  return fields.map(csvField).join(",") + end;
}

/**
 * mfg_tool's dialect: csv.reader on a file opened with newline="" (line breaks inside quoted fields
 * kept as written; "\r\n", "\r" and "\n" end a record), `#` lines ordinary records, no field size
 * limit (ours, not Python's 131072). BOM and unclosed quotes are parseCsv's options.
 */
export const MFG_CSV_DIALECT: CsvDialect = { fieldSizeLimit: Infinity };

/**
 * Records of `text` as Python's csv.reader returns them (modules/csv/tokenizer.ts): quoted fields
 * may hold commas, doubled quotes and line breaks; a blank line is an empty record ([]); whitespace
 * is kept. Unlike ESP-IDF's NVS CSV front end, lines starting with `#` are ordinary records here.
 * With `closedQuotes`, a quoted field still open at the end of the text is a CsvSyntaxError
 * (id csv.unclosed-quote) giving the line and column of its opening quote (csv.reader would silently
 * take the rest of the file as its value); with `dropBom`, a leading U+FEFF is removed first.
 */
export function parseCsv(text: string, options: { closedQuotes?: boolean; dropBom?: boolean } = {}): string[][] {
  const dialect: CsvDialect = { ...MFG_CSV_DIALECT, unterminatedQuote: options.closedQuotes ? "error" : "keep", bom: options.dropBom ? "drop" : "keep" };
  return tokenizeCsv(text, dialect).map((r) => r.fields);
}

export { CsvSyntaxError };
