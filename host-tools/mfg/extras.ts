// mfg_tool's --csv / --mcsv (docs/factory-data.md §mfg_tool --csv and --mcsv): --csv lists extra NVS keys (`key,type,encoding`
// lines, `<ns>,namespace,` switches namespace, keys before any namespace line are chip-factory keys,
// extra columns such as REPEAT are ignored); --mcsv holds their values, a header row of column names
// and one row per device. A device's extra entries are decoded exactly like ESP-IDF's NVS CSV front
// end decodes them (modules/nvs/csv.ts), because mfg_tool feeds them through that tool.

import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { parseNvsCsv } from "../../modules/nvs/csv.js";
import type { NvsRow } from "../../modules/nvs/types.js";
import { FACTORY_NAMESPACE } from "../../modules/factory/schema.js";
import type { ExtraEntry } from "../../modules/factory/factory-data.js";
import { csvField, parseCsv } from "./csv-text.js";

/** One key declared by --csv. */
export interface ExtraColumn {
  namespace: string;
  key: string;
  type: string;
  encoding: string;
}

export interface ExtraTable {
  columns: ExtraColumn[];
  /** Per device, the value text of each column (same order as `columns`). */
  rows: string[][];
}

/**
 * chip-factory keys --csv may not replace: generated per device and tied to the onboarding codes or
 * the attestation chain, so a replacement would make the image disagree with the codes and DAC.
 */
export const GENERATED_KEYS: readonly string[] = [
  "discriminator", "iteration-count", "salt", "verifier", "vendor-id", "product-id",
  "dac-cert", "dac-key", "dac-pub-key", "pai-cert",
];

const ROW_TYPES = ["data", "file"];

/**
 * Parses --csv and --mcsv text; throws a one-line Error naming the option, file, line and rule. A leading
 * UTF-8 BOM is dropped from either file; a quote left open is an error (not a value running to the end).
 */
export function parseExtraTable(csvText: string, csvName: string, mcsvText: string, mcsvName: string): ExtraTable {
  const columns: ExtraColumn[] = [];
  let namespace = FACTORY_NAMESPACE;
  const seen = new Set<string>();
  let records: string[][];
  try {
    records = parseCsv(csvText, { closedQuotes: true, dropBom: true });
  } catch (e) {
    throw new Error(`--csv ${csvName}: ${(e as Error).message}`);
  }
  records.forEach((r, i) => {
    const where = `--csv ${csvName} record ${i + 1}`;
    if (r.length === 0 || (r.length === 1 && r[0].trim() === "")) return; // blank line
    if (r.includes("namespace")) {
      // mfg_tool: any row containing the word "namespace" switches namespace to its first cell
      if (!r[0]) throw new Error(`${where}: namespace line without a name`);
      namespace = r[0];
      return;
    }
    if (r.length < 3) throw new Error(`${where}: ${JSON.stringify(r.join(","))} needs key,type,encoding`);
    const [key, type, encoding] = r;
    if (!key) throw new Error(`${where}: empty key`);
    if (!ROW_TYPES.includes(type)) throw new Error(`${where}: type ${JSON.stringify(type)} must be data or file`);
    if (!encoding) throw new Error(`${where}: key ${JSON.stringify(key)} has no encoding`);
    if (namespace === FACTORY_NAMESPACE && GENERATED_KEYS.includes(key)) {
      throw new Error(`${where}: key ${JSON.stringify(key)} is generated per device and cannot be replaced by --csv`);
    }
    const id = `${namespace}/${key}`;
    if (seen.has(id)) throw new Error(`${where}: key ${JSON.stringify(key)} is declared twice in namespace ${JSON.stringify(namespace)}`);
    seen.add(id);
    columns.push({ namespace, key, type, encoding });
  });
  if (columns.length === 0) throw new Error(`--csv ${csvName}: declares no keys`);

  let values: string[][];
  try {
    values = parseCsv(mcsvText, { closedQuotes: true, dropBom: true });
  } catch (e) {
    throw new Error(`--mcsv ${mcsvName}: ${(e as Error).message}`);
  }
  const header = values[0];
  if (!header || header.length === 0) throw new Error(`--mcsv ${mcsvName}: no header row`);
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (index.has(name)) throw new Error(`--mcsv ${mcsvName} header: column ${JSON.stringify(name)} appears twice`);
    index.set(name, i);
  });
  const at = columns.map((c) => {
    const i = index.get(c.key);
    if (i === undefined) throw new Error(`--mcsv ${mcsvName} header: no column for --csv key ${JSON.stringify(c.key)}`);
    return i;
  });
  const rows: string[][] = [];
  for (let r = 1; r < values.length; r++) {
    const rec = values[r];
    if (rec.length === 0) throw new Error(`--mcsv ${mcsvName} record ${r + 1}: blank line (one row per device)`);
    if (rec.length !== header.length) {
      throw new Error(`--mcsv ${mcsvName} record ${r + 1}: ${rec.length} fields, the header has ${header.length}`);
    }
    rows.push(at.map((i) => rec[i]));
  }
  if (rows.length === 0) throw new Error(`--mcsv ${mcsvName}: no device rows after the header`);
  return { columns, rows };
}

/** The typed extra entries of device `row` and the CSV text of each (for partition.csv / master.csv). */
export function extraEntries(table: ExtraTable, row: number, cwd: string, readFile: (path: string) => Uint8Array = defaultRead): ExtraEntry[] {
  const values = table.rows[row];
  // One small CSV in the NVS generator's format, decoded by its front end (same rules as mfg_gen).
  let text = "key,type,encoding,value\n";
  let ns = "";
  table.columns.forEach((c, i) => {
    if (c.namespace !== ns) {
      text += `${csvField(c.namespace)},namespace,,\n`;
      ns = c.namespace;
    }
    text += [c.key, c.type, c.encoding, values[i]].map(csvField).join(",") + "\n";
  });
  let rows: NvsRow[];
  try {
    rows = parseNvsCsv(text, (p) => readFile(resolve(cwd, p)));
  } catch {
    throw failingColumn(table, row, cwd, readFile);
  }
  const out: ExtraEntry[] = [];
  let current = FACTORY_NAMESPACE;
  for (const r of rows) {
    if (r.kind === "namespace") current = r.name;
    else out.push({ namespace: current, key: r.key, type: r.type as ExtraEntry["type"], value: r.value });
  }
  return out;
}

/**
 * Which column of a failing row breaks (each decoded alone), named with the --csv declaration it comes
 * from, since the fault may be the declared type or encoding rather than the --mcsv value.
 */
/** The first column whose value the NVS front end rejects, parsed alone: its error, located as `--mcsv row R, column …`. */
function failingColumn(table: ExtraTable, row: number, cwd: string, readFile: (path: string) => Uint8Array): unknown {
  for (let i = 0; i < table.columns.length; i++) {
    const c = table.columns[i];
    const one = `key,type,encoding,value\n${csvField(c.namespace)},namespace,,\n${[c.key, c.type, c.encoding, table.rows[row][i]].map(csvField).join(",")}\n`;
    try {
      parseNvsCsv(one, (p) => readFile(resolve(cwd, p)), () => `--mcsv row ${row + 1}, column ${JSON.stringify(c.key)} (declared by --csv as ${c.type},${c.encoding})`);
    } catch (e) {
      return e;
    }
  }
  return new Error(`--mcsv row ${row + 1}: rejected by the NVS CSV rules`); // every column passes alone: not reached
}

function defaultRead(path: string): Uint8Array {
  return readFileSync(path);
}
