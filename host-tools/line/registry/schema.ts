// The registry's tables, the same columns in both stores. `devices` holds one row per batch device
// and its binding; the unique index on mac makes "a board never gets two images" a constraint, the
// primary key on uuid "an image never goes to two boards". `events` is the append-only audit trail.
// `meta` names the schema format so a store of another shape is refused, not misread.

export const SCHEMA_FORMAT = "matter-factory/line-registry/1";

const DEVICES = (idType: string) => `CREATE TABLE IF NOT EXISTS devices (
  uuid TEXT PRIMARY KEY,
  batch TEXT NOT NULL,
  idx INTEGER NOT NULL,
  serial TEXT NOT NULL,
  vendor_id INTEGER NOT NULL,
  product_id INTEGER NOT NULL,
  discriminator INTEGER NOT NULL,
  image_sha256 TEXT NOT NULL,
  qr TEXT,
  manual_code TEXT,
  mac TEXT UNIQUE,
  station TEXT,
  state TEXT NOT NULL CHECK (state IN ('free', 'claimed', 'written', 'verified', 'failed')),
  verification TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_at TEXT,
  updated_at TEXT,
  UNIQUE (batch, idx),
  CHECK ((mac IS NULL) = (state = 'free'))
);
CREATE INDEX IF NOT EXISTS devices_free ON devices (batch, idx) WHERE mac IS NULL;
CREATE TABLE IF NOT EXISTS events (
  id ${idType},
  at TEXT NOT NULL,
  uuid TEXT NOT NULL,
  mac TEXT NOT NULL,
  station TEXT,
  event TEXT NOT NULL,
  detail TEXT
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`;

export const SQLITE_DDL = DEVICES("INTEGER PRIMARY KEY AUTOINCREMENT");
export const POSTGRES_DDL = DEVICES("BIGSERIAL PRIMARY KEY");
