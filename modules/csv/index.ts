export { CSV_FIELD_LIMIT, CsvSyntaxError, tokenizeCsv, type CsvDialect, type CsvErrorId, type CsvRecord } from "./tokenizer.js";
