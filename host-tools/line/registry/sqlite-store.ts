// The embedded registry: one SQLite file beside the batch (<batch>/line.sqlite) in WAL mode, so
// several station processes on one machine share it. Every call is one BEGIN IMMEDIATE transaction:
// the write lock is taken up front, so two claims never interleave (https://sqlite.org/lang_transaction.html).
// The database is never put on a network file system (WAL needs shared memory on one host).
import { createRequire } from "node:module";
import type BetterSqlite3 from "better-sqlite3";
import { SCHEMA_FORMAT, SQLITE_DDL } from "./schema.js";
import { RegistryError } from "./registry-errors.js";
import { SqlRegistry, type SqlConn, type SqlDriver } from "./sql-store.js";

/** How long a call waits for another station's transaction before failing (ms). */
const BUSY_TIMEOUT_MS = 20_000;

// A native addon: loaded by Node's require at run time, never bundled.
const load = (): typeof BetterSqlite3 => createRequire(import.meta.url)("better-sqlite3") as typeof BetterSqlite3;

/**
 * Transactions of this process run one after another, across every connection it opened: the
 * driver is synchronous, so a second connection's BEGIN IMMEDIATE inside the first one's
 * transaction would wait on this very thread.
 */
let queue: Promise<unknown> = Promise.resolve();

class SqliteDriver implements SqlDriver {
  readonly lockFree = "";

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly where: string,
  ) {}

  private conn(): SqlConn {
    return {
      all: async <T>(sql: string, params: readonly unknown[] = []) => {
        const st = this.db.prepare(sql);
        return (st.reader ? st.all(...params) : (st.run(...params), [])) as T[];
      },
      run: async (sql, params = []) => this.db.prepare(sql).run(...params).changes,
    };
  }

  tx<T>(fn: (c: SqlConn) => Promise<T>): Promise<T> {
    const next = queue.then(() => this.txNow(fn));
    queue = next.catch(() => undefined);
    return next;
  }

  private async txNow<T>(fn: (c: SqlConn) => Promise<T>): Promise<T> {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const out = await fn(this.conn());
      this.db.exec("COMMIT");
      return out;
    } catch (e) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw e;
    }
  }

  isUniqueViolation(e: unknown): boolean {
    return (e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" || (e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  }

  async close(): Promise<void> {
    await queue;
    this.db.close();
  }
}

export function openSqliteRegistry(path: string): SqlRegistry {
  const Database = load();
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL"); // a binding survives a power cut once the call returned
    db.exec("BEGIN IMMEDIATE");
    db.exec(SQLITE_DDL);
    checkFormat(db, path);
    db.exec("COMMIT");
  } catch (e) {
    db?.close();
    if (e instanceof RegistryError) throw e;
    const err = e as { code?: string; message: string };
    throw new RegistryError("registry.unreachable", `registry ${JSON.stringify(path)}: cannot open: ${err.code ?? ""} ${err.message}`.replace(/\s+/g, " "));
  }
  return new SqlRegistry(new SqliteDriver(db!, path));
}

function checkFormat(db: BetterSqlite3.Database, path: string): void {
  db.prepare("INSERT INTO meta (name, value) VALUES ('format', ?) ON CONFLICT DO NOTHING").run(SCHEMA_FORMAT);
  const row = db.prepare("SELECT value FROM meta WHERE name = 'format'").get() as { value: string };
  if (row.value !== SCHEMA_FORMAT) {
    db.exec("ROLLBACK");
    throw new RegistryError("registry.schema", `registry ${JSON.stringify(path)}: holds format ${JSON.stringify(row.value)}, this tool reads ${SCHEMA_FORMAT}`);
  }
}
