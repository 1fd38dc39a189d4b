// CSV text the way esp-matter-mfg-tool's Python produces and reads it: csv.writer's "excel" dialect
// (QUOTE_MINIMAL, doubled quotes, "\r\n" or "\n" row ends) and csv.reader's record splitting
// (quoted fields may span lines).

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
 * Records of `text` as Python's csv.reader returns them (default dialect, non-strict): quoted fields
 * may hold commas, doubled quotes and line breaks; `\r\n`, `\r` and `\n` end a record outside quotes;
 * a blank line is an empty record ([]). Whitespace is kept. Unlike ESP-IDF's NVS CSV front end,
 * lines starting with `#` are ordinary records here (mfg_tool reads --csv/--mcsv with csv.reader).
 * With `closedQuotes`, a quoted field still open at the end of the text is a CsvSyntaxError giving the
 * line and column of its opening quote (csv.reader would silently take the rest of the file as its value).
 */
export function parseCsv(text: string, options: { closedQuotes?: boolean } = {}): string[][] {
  const START_RECORD = 0, START_FIELD = 1, IN_FIELD = 2, IN_QUOTED = 3, QUOTE_IN_QUOTED = 4;
  const records: string[][] = [];
  let fields: string[] = [];
  let field = "";
  let state = START_RECORD;
  let line = 1, lineStart = 0, quoteAt = { line: 0, column: 0 };
  const save = () => {
    fields.push(field);
    field = "";
  };
  const end = () => {
    records.push(fields);
    fields = [];
    state = START_RECORD;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const newline = c === "\n" || c === "\r";
    if (c === '"' && state === START_FIELD) quoteAt = { line, column: i - lineStart + 1 };
    if (c === '"' && state === START_RECORD) quoteAt = { line, column: 1 };
    const crlf = c === "\r" && text[i + 1] === "\n";
    if (crlf && state !== IN_QUOTED) i++;
    if (newline && (!crlf || text[i] === "\n")) (line++, (lineStart = i + 1));
    if (state === START_RECORD) {
      if (newline) {
        end(); // blank line: empty record
        continue;
      }
      state = START_FIELD;
    }
    switch (state) {
      case START_FIELD:
        if (newline) save(), end();
        else if (c === '"') state = IN_QUOTED;
        else if (c === ",") save();
        else (field += c), (state = IN_FIELD);
        break;
      case IN_FIELD:
        if (newline) save(), end();
        else if (c === ",") save(), (state = START_FIELD);
        else field += c;
        break;
      case IN_QUOTED:
        if (c === '"') state = QUOTE_IN_QUOTED;
        else field += c;
        break;
      case QUOTE_IN_QUOTED:
        if (c === '"') (field += '"'), (state = IN_QUOTED);
        else if (c === ",") save(), (state = START_FIELD);
        else if (newline) save(), end();
        else (field += c), (state = IN_FIELD); // text after a closing quote is kept (non-strict)
        break;
    }
  }
  if (state === IN_QUOTED && options.closedQuotes) {
    throw new CsvSyntaxError(`line ${quoteAt.line} column ${quoteAt.column}: the quoted field opened here is never closed`);
  }
  if (state !== START_RECORD) save(), end(); // like csv.reader, an open quote at the end just ends the field
  return records;
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
}

/** `text` without a leading UTF-8 byte order mark (spreadsheets write one; csv.reader would keep it in the first cell). */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
