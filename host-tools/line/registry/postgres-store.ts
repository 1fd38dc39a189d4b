// The shared registry on PostgreSQL (--registry postgres://user@host:port/db): the same tables and
// semantics as the embedded store, for stations on several machines. A claim is one transaction
// that locks the next free row with FOR UPDATE SKIP LOCKED (concurrent claims take different rows;
// https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE) and the unique
// index on mac settles two claims for one board. Schema creation is serialised by an advisory lock.
import { createRequire } from "node:module";
import type * as PgTypes from "pg";
import { POSTGRES_DDL, SCHEMA_FORMAT } from "./schema.js";
import { RegistryError } from "./registry-errors.js";
import { SqlRegistry, type SqlConn, type SqlDriver } from "./sql-store.js";

const CONNECT_TIMEOUT_MS = 5_000;
const STATEMENT_TIMEOUT_MS = 20_000;
/** pg_advisory_xact_lock key for schema creation ("mfline" as an int). */
const SCHEMA_LOCK = 0x6d666c6e;

const load = (): typeof PgTypes => createRequire(import.meta.url)("pg") as typeof PgTypes;

/** `?` placeholders → `$1…` (no `?` appears inside the registry's string literals). */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

class PostgresDriver implements SqlDriver {
  readonly lockFree = "FOR UPDATE SKIP LOCKED";

  constructor(
    private readonly pool: PgTypes.Pool,
    readonly where: string,
  ) {}

  async tx<T>(fn: (c: SqlConn) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      const conn: SqlConn = {
        all: async <R>(sql: string, params: readonly unknown[] = []) => (await client.query(numbered(sql), params as unknown[])).rows as R[],
        run: async (sql, params = []) => (await client.query(numbered(sql), params as unknown[])).rowCount ?? 0,
      };
      const out = await fn(conn);
      await client.query("COMMIT");
      return out;
    } catch (e) {
      try {
        await client.query("ROLLBACK");
      } catch {
        broken = true;
      }
      throw this.wrap(e);
    } finally {
      client.release(broken);
    }
  }

  private async connect(): Promise<PgTypes.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (e) {
      throw unreachable(this.where, e);
    }
  }

  /** Connection-level failures become one registry.unreachable line; SQL errors pass through. */
  private wrap(e: unknown): unknown {
    if (e instanceof RegistryError) return e;
    const code = (e as { code?: string }).code;
    if (code === undefined || /^(08|57P)/.test(code) || /^E[A-Z]+$/.test(code)) return unreachable(this.where, e);
    return e;
  }

  isUniqueViolation(e: unknown): boolean {
    return (e as { code?: string }).code === "23505";
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function unreachable(where: string, e: unknown): RegistryError {
  const err = e as { code?: string; message?: string };
  const why = [err.code, err.message].filter(Boolean).join(" ") || String(e);
  return new RegistryError("registry.unreachable", `registry ${where}: cannot reach the server: ${why}`);
}

export async function openPostgresRegistry(url: string): Promise<SqlRegistry> {
  const { Pool } = load();
  const where = redactUrl(url);
  const pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS });
  pool.on("error", () => {}); // an idle client losing its server: the next call reports it
  const driver = new PostgresDriver(pool, where);
  try {
    await driver.tx(async (c) => {
      await c.all(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
      for (const stmt of POSTGRES_DDL.split(";").map((s) => s.trim()).filter(Boolean)) await c.run(stmt);
      await c.run("INSERT INTO meta (name, value) VALUES ('format', ?) ON CONFLICT DO NOTHING", [SCHEMA_FORMAT]);
      const [row] = await c.all<{ value: string }>("SELECT value FROM meta WHERE name = 'format'");
      if (row.value !== SCHEMA_FORMAT) throw new RegistryError("registry.schema", `registry ${where}: holds format ${JSON.stringify(row.value)}, this tool reads ${SCHEMA_FORMAT}`);
    });
  } catch (e) {
    await pool.end().catch(() => {});
    throw e instanceof RegistryError ? e : unreachable(where, e);
  }
  return new SqlRegistry(driver);
}
