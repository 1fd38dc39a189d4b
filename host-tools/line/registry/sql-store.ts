// The registry's semantics written once over a small SQL connection interface; sqlite-store.ts and
// postgres-store.ts supply the connection, the DDL and the one clause that differs (row locks).
import type { BatchCounts, BindingState, Claim, DeviceRow, Registry, RegistryDevice, StateUpdate } from "./registry.js";
import { RegistryError } from "./registry-errors.js";

export interface SqlConn {
  /** Rows of a statement with `?` placeholders. */
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Changed-row count of a statement. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
}

export interface SqlDriver {
  readonly where: string;
  /** Appended to the SELECT that picks the next free device (PostgreSQL: FOR UPDATE SKIP LOCKED). */
  readonly lockFree: string;
  /** One write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED + row locks). */
  tx<T>(fn: (c: SqlConn) => Promise<T>): Promise<T>;
  isUniqueViolation(e: unknown): boolean;
  close(): Promise<void>;
}

/** Columns of `devices`; the DDL of both stores declares exactly these. */
export const DEVICE_COLUMNS =
  "uuid, batch, idx, serial, vendor_id, product_id, discriminator, image_sha256, qr, manual_code, mac, station, state, verification, attempts, claimed_at, updated_at";

interface RawRow {
  uuid: string;
  batch: string;
  idx: number;
  serial: string;
  vendor_id: number;
  product_id: number;
  discriminator: number;
  image_sha256: string;
  qr: string | null;
  manual_code: string | null;
  mac: string | null;
  station: string | null;
  state: string;
  verification: string | null;
  attempts: number;
  claimed_at: string | null;
  updated_at: string | null;
}

function toRow(r: RawRow): DeviceRow {
  return {
    uuid: r.uuid,
    batch: r.batch,
    index: Number(r.idx),
    serial: r.serial,
    vendorId: Number(r.vendor_id),
    productId: Number(r.product_id),
    discriminator: Number(r.discriminator),
    imageSha256: r.image_sha256,
    qr: r.qr,
    manualCode: r.manual_code,
    mac: r.mac,
    station: r.station,
    state: r.state as BindingState | "free",
    verification: r.verification,
    attempts: Number(r.attempts),
    claimedAt: r.claimed_at,
    updatedAt: r.updated_at,
  };
}

const now = (): string => new Date().toISOString();
const SEED_CHUNK = 200;

export class SqlRegistry implements Registry {
  constructor(private readonly db: SqlDriver) {}

  get where(): string {
    return this.db.where;
  }

  async seed(batch: string, devices: readonly RegistryDevice[]): Promise<void> {
    const known = await this.db.tx((c) => c.all<{ n: number }>("SELECT COUNT(*) AS n FROM devices WHERE batch = ?", [batch]));
    if (Number(known[0].n) >= devices.length) return;
    for (let i = 0; i < devices.length; i += SEED_CHUNK) {
      const chunk = devices.slice(i, i + SEED_CHUNK);
      const values = chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'free', 0)").join(", ");
      const params = chunk.flatMap((d) => [d.uuid, batch, d.index, d.serial, d.vendorId, d.productId, d.discriminator, d.imageSha256, d.qr, d.manualCode]);
      await this.db.tx((c) =>
        c.run(
          `INSERT INTO devices (uuid, batch, idx, serial, vendor_id, product_id, discriminator, image_sha256, qr, manual_code, state, attempts) VALUES ${values} ON CONFLICT DO NOTHING`,
          params,
        ),
      );
    }
  }

  async byMac(mac: string): Promise<DeviceRow | undefined> {
    return this.db.tx((c) => one(c, "mac = ?", [mac]));
  }

  async byUuid(uuid: string): Promise<DeviceRow | undefined> {
    return this.db.tx((c) => one(c, "uuid = ?", [uuid]));
  }

  async claim(batch: string, mac: string, station: string): Promise<Claim | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.db.tx((c) => this.claimIn(c, batch, mac, station));
        if (r !== "busy") return r;
      } catch (e) {
        // Two claims for one MAC at once: the loser sees the unique index and reads the winner's row.
        if (!this.db.isUniqueViolation(e) || attempt > 5) throw e;
      }
      await new Promise((res) => setTimeout(res, 20 + 30 * attempt));
    }
  }

  private async claimIn(c: SqlConn, batch: string, mac: string, station: string): Promise<Claim | undefined | "busy"> {
    const mine = await one(c, "mac = ?", [mac]);
    if (mine) {
      if (mine.batch !== batch) throw macElsewhere(mac, mine);
      return { row: mine, reused: true };
    }
    const t = now();
    const picked = await c.all<RawRow>(
      `UPDATE devices SET mac = ?, station = ?, state = 'claimed', claimed_at = ?, updated_at = ? ` +
        `WHERE uuid = (SELECT uuid FROM devices WHERE batch = ? AND mac IS NULL ORDER BY idx LIMIT 1 ${this.db.lockFree}) AND mac IS NULL ` +
        `RETURNING ${DEVICE_COLUMNS}`,
      [mac, station, t, t, batch],
    );
    if (picked.length === 0) {
      // None free, or (PostgreSQL) the free ones are locked by claims in flight that may yet roll back.
      const free = await c.all<{ n: number }>("SELECT COUNT(*) AS n FROM devices WHERE batch = ? AND mac IS NULL", [batch]);
      return Number(free[0].n) > 0 ? "busy" : undefined;
    }
    await event(c, picked[0].uuid, mac, station, "claimed", null);
    return { row: toRow(picked[0]), reused: false };
  }

  async adopt(uuid: string, mac: string, station: string, update: StateUpdate): Promise<DeviceRow> {
    return this.db.tx(async (c) => {
      const dev = await one(c, "uuid = ?", [uuid]);
      if (!dev) throw new RegistryError("registry.not-bound", `device ${uuid} is not in the registry`);
      if (dev.mac === mac) return this.recordIn(c, uuid, mac, update);
      if (dev.mac !== null) throw boundElsewhere(dev);
      const other = await one(c, "mac = ?", [mac]);
      if (other) throw new RegistryError("registry.bound-elsewhere", `board ${mac} holds device ${uuid} but the registry binds it to device ${other.uuid} (serial ${other.serial})`);
      const t = now();
      const rows = await c.all<RawRow>(
        `UPDATE devices SET mac = ?, station = ?, state = ?, verification = ?, claimed_at = ?, updated_at = ? WHERE uuid = ? AND mac IS NULL RETURNING ${DEVICE_COLUMNS}`,
        [mac, station, update.state, update.verification, t, t, uuid],
      );
      if (rows.length !== 1) throw boundElsewhere((await one(c, "uuid = ?", [uuid])) ?? dev);
      await event(c, uuid, mac, station, `adopted:${update.state}`, update.verification);
      return toRow(rows[0]);
    });
  }

  async record(uuid: string, mac: string, update: StateUpdate): Promise<DeviceRow> {
    return this.db.tx((c) => this.recordIn(c, uuid, mac, update));
  }

  private async recordIn(c: SqlConn, uuid: string, mac: string, update: StateUpdate): Promise<DeviceRow> {
    const rows = await c.all<RawRow>(
      `UPDATE devices SET state = ?, verification = ?, attempts = attempts + ?, updated_at = ? WHERE uuid = ? AND mac = ? RETURNING ${DEVICE_COLUMNS}`,
      [update.state, update.verification, update.attempt ? 1 : 0, now(), uuid, mac],
    );
    if (rows.length !== 1) throw new RegistryError("registry.not-bound", `device ${uuid} is not bound to board ${mac}`);
    await event(c, uuid, mac, rows[0].station, update.state, update.verification);
    return toRow(rows[0]);
  }

  async counts(batch: string): Promise<BatchCounts> {
    const rows = await this.db.tx((c) => c.all<{ state: string; n: number }>("SELECT state, COUNT(*) AS n FROM devices WHERE batch = ? GROUP BY state", [batch]));
    const out: BatchCounts = { total: 0, free: 0, claimed: 0, written: 0, verified: 0, failed: 0 };
    for (const r of rows) {
      const n = Number(r.n);
      out.total += n;
      if (r.state in out) out[r.state as keyof BatchCounts] += n;
    }
    return out;
  }

  async list(batch: string): Promise<DeviceRow[]> {
    const rows = await this.db.tx((c) => c.all<RawRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE batch = ? ORDER BY idx`, [batch]));
    return rows.map(toRow);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

async function one(c: SqlConn, where: string, params: readonly unknown[]): Promise<DeviceRow | undefined> {
  const rows = await c.all<RawRow>(`SELECT ${DEVICE_COLUMNS} FROM devices WHERE ${where}`, params);
  return rows.length ? toRow(rows[0]) : undefined;
}

/** The audit trail: every claim and state change, append-only. */
async function event(c: SqlConn, uuid: string, mac: string, station: string | null, what: string, detail: string | null): Promise<void> {
  await c.run("INSERT INTO events (at, uuid, mac, station, event, detail) VALUES (?, ?, ?, ?, ?, ?)", [now(), uuid, mac, station, what, detail]);
}

function macElsewhere(mac: string, row: DeviceRow): RegistryError {
  return new RegistryError("registry.mac-elsewhere", `board ${mac} is bound to device ${row.uuid} (serial ${row.serial}) of batch ${row.batch}, not this batch`);
}

function boundElsewhere(row: DeviceRow): RegistryError {
  return new RegistryError("registry.bound-elsewhere", `device ${row.uuid} (serial ${row.serial}) is bound to board ${row.mac} by station ${row.station}`);
}
