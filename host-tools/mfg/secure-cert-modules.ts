// `generate --modules <csv>`: the list of pre-provisioned modules the factory images are made for, one
// row per module after a header row. Espressif's manifest columns are not public, so the column that
// names a module (--module-id-column, default "MAC") and the one that gives its serial number
// (--module-serial-column) are options; names match case-insensitively, surrounding spaces ignored.

import { CliError } from "../errors.js";
import { parseCsv } from "./csv-text.js";

export interface BoundModule {
  /** 1-based data row in the CSV. */
  row: number;
  id: string;
  serial?: string;
}

export interface ModuleList {
  file: string;
  idColumn: string;
  serialColumn?: string;
  modules: BoundModule[];
}

const MAX_SERIAL = 32;

/** Parses and checks the list: every row has an id, ids (and serials) never repeat. */
export function parseModuleList(text: string, file: string, idColumn: string, serialColumn?: string): ModuleList {
  const records = parseCsv(text, { dropBom: true }).filter((r) => !(r.length === 0 || (r.length === 1 && r[0].trim() === "")));
  if (records.length === 0) throw new CliError("modules.empty", `--modules ${file}: empty (needs a header row, then one row per module)`);
  const header = records[0].map((h) => h.trim().toLowerCase());
  const column = (name: string, option: string): number => {
    const at = header.indexOf(name.trim().toLowerCase());
    if (at < 0) throw new CliError("modules.no-column", `--modules ${file}: no column ${JSON.stringify(name)} (${option}); the header has ${records[0].map((h) => JSON.stringify(h.trim())).join(", ")}`);
    return at;
  };
  const idAt = column(idColumn, "--module-id-column");
  const serialAt = serialColumn === undefined ? undefined : column(serialColumn, "--module-serial-column");
  if (records.length === 1) throw new CliError("modules.no-rows", `--modules ${file}: no module rows after the header`);
  const ids = new Map<string, number>();
  const serials = new Map<string, number>();
  const modules = records.slice(1).map((r, i): BoundModule => {
    const row = i + 1;
    const id = (r[idAt] ?? "").trim();
    if (id === "") throw new CliError("modules.empty-id", `--modules ${file} row ${row}: column ${JSON.stringify(idColumn)} is empty`);
    const key = id.toLowerCase();
    if (ids.has(key)) throw new CliError("modules.duplicate-id", `--modules ${file} rows ${ids.get(key)} and ${row}: the same module ${JSON.stringify(id)}; one factory image per module`);
    ids.set(key, row);
    const m: BoundModule = { row, id };
    if (serialAt !== undefined) {
      const serial = (r[serialAt] ?? "").trim();
      if (serial === "" || serial.length > MAX_SERIAL) throw new CliError("modules.serial-length", `--modules ${file} row ${row}: serial ${JSON.stringify(serial)} must be 1-${MAX_SERIAL} characters`);
      if (serials.has(serial)) throw new CliError("modules.duplicate-serial", `--modules ${file} rows ${serials.get(serial)} and ${row}: the same serial ${JSON.stringify(serial)}`);
      serials.set(serial, row);
      m.serial = serial;
    }
    return m;
  });
  return { file, idColumn, serialColumn, modules };
}
