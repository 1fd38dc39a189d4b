// The registry of bindings, the same suite on both stores: the embedded SQLite file and a real
// PostgreSQL server started on loopback for this test (skipped, with one printed line, when no
// PostgreSQL binaries are installed). Races run in separate OS processes (one connection each).
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRegistry } from "../host-tools/line/registry/open.js";
import type { Registry, RegistryDevice } from "../host-tools/line/registry/registry.js";
import { isRegistryError } from "../host-tools/line/registry/registry-errors.js";
import { postgresBin, startPostgres, type PgServer } from "./support/postgres.js";

const run = promisify(execFile);
const REPO = resolve(__dirname, "..");
const tmp = mkdtempSync(join(tmpdir(), "mf-registry-"));
const bin = postgresBin();
let pg: PgServer | undefined;
if (!bin) process.stdout.write("[skip] line-registry on PostgreSQL: no PostgreSQL binaries (/usr/lib/postgresql/N/bin or $PG_BIN)\n");

beforeAll(async () => {
  if (bin) pg = await startPostgres(bin);
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function devices(n: number, tag: string): RegistryDevice[] {
  return Array.from({ length: n }, (_, i) => ({
    uuid: `${tag}-${String(i).padStart(4, "0")}-0000-0000-000000000000`,
    index: i,
    serial: `${tag}sn${i}`,
    vendorId: 0xfff2,
    productId: 0x8001,
    discriminator: i,
    imageSha256: `${i}`.padStart(64, "a"),
    qr: `MT:${tag}${i}`,
    manualCode: "34970112332",
  }));
}
const mac = (i: number) => `c4:0a:24:00:${(i >> 8).toString(16).padStart(2, "0")}:${(i & 0xff).toString(16).padStart(2, "0")}`;

async function idOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isRegistryError(e)) return e.id;
    throw e;
  }
  return "no error";
}

let dbSeq = 0;
const stores: { name: string; spec: () => string | undefined }[] = [
  { name: "SQLite (embedded)", spec: () => join(tmp, `r${++dbSeq}.sqlite`) },
  { name: "PostgreSQL", spec: () => pg?.url },
];

/** A bundle of a claim loop, run as separate processes for races. */
let racerJs: string | undefined;
async function racer(): Promise<string> {
  if (racerJs) return racerJs;
  racerJs = join(tmp, "racer.mjs");
  const src = `
import { openRegistry } from ${JSON.stringify(join(REPO, "host-tools/line/registry/open.ts"))};
const [spec, batch, station, first, count] = process.argv.slice(2);
const r = await openRegistry(spec, ".");
const out = [];
for (let i = 0; i < Number(count); i++) {
  const m = "c4:0a:24:00:" + (Number(first) + i).toString(16).padStart(4, "0").replace(/(..)(..)/, "$1:$2");
  const c = await r.claim(batch, m, station);
  out.push(c ? [m, c.row.uuid] : [m, null]);
}
await r.close();
process.stdout.write(JSON.stringify(out));
`;
  await build({ stdin: { contents: src, resolveDir: REPO, loader: "ts" }, bundle: true, platform: "node", format: "esm", outfile: racerJs, external: ["better-sqlite3", "pg"], logLevel: "error" });
  return racerJs;
}

describe.each(stores)("registry on $name", ({ name, spec }) => {
  const skip = name === "PostgreSQL" && !bin;
  let r: Registry;
  let batchSeq = 0;
  const batch = () => `b${++batchSeq}-${name.slice(0, 2)}`;

  beforeAll(async () => {
    if (!skip) r = await openRegistry(spec(), tmp);
  });
  afterAll(async () => {
    await r?.close();
  });

  it.skipIf(skip)("seeds idempotently and claims the lowest free index; a second claim for the MAC reuses it", async () => {
    const b = batch();
    const ds = devices(5, b);
    await r.seed(b, ds);
    await r.seed(b, ds);
    expect(await r.counts(b)).toEqual({ total: 5, free: 5, claimed: 0, written: 0, verified: 0, failed: 0 });
    const c1 = await r.claim(b, mac(1), "s1");
    expect(c1).toMatchObject({ reused: false, row: { uuid: ds[0].uuid, mac: mac(1), station: "s1", state: "claimed" } });
    const c2 = await r.claim(b, mac(2), "s2");
    expect(c2?.row.uuid).toBe(ds[1].uuid);
    // A failed write keeps the binding: the same board gets the same device back, no other board does.
    await r.record(ds[0].uuid, mac(1), { state: "failed", verification: "board.lost: no answer", attempt: true });
    const again = await r.claim(b, mac(1), "s3");
    expect(again).toMatchObject({ reused: true, row: { uuid: ds[0].uuid, state: "failed", attempts: 1, station: "s1" } });
    expect((await r.claim(b, mac(3), "s1"))?.row.uuid).toBe(ds[2].uuid);
    const v = await r.record(ds[0].uuid, mac(1), { state: "verified", verification: "md5+readback ok", attempt: true });
    expect(v).toMatchObject({ state: "verified", attempts: 2, verification: "md5+readback ok" });
    expect(await r.counts(b)).toEqual({ total: 5, free: 2, claimed: 2, written: 0, verified: 1, failed: 0 });
    expect((await r.byMac(mac(2)))?.uuid).toBe(ds[1].uuid);
    expect((await r.byUuid(ds[4].uuid))?.state).toBe("free");
  });

  it.skipIf(skip)("runs out: a claim on an exhausted batch returns nothing and binds nothing", async () => {
    const b = batch();
    await r.seed(b, devices(2, b));
    expect(await r.claim(b, mac(10), "s")).toBeDefined();
    expect(await r.claim(b, mac(11), "s")).toBeDefined();
    expect(await r.claim(b, mac(12), "s")).toBeUndefined();
    expect(await r.byMac(mac(12))).toBeUndefined();
  });

  it.skipIf(skip)("refuses a MAC bound in another batch, a state change of an unbound pair, adopting a device bound elsewhere", async () => {
    const a = batch();
    const b = batch();
    const da = devices(2, a);
    const db = devices(2, b);
    await r.seed(a, da);
    await r.seed(b, db);
    await r.claim(a, mac(20), "s");
    expect(await idOf(r.claim(b, mac(20), "s"))).toBe("registry.mac-elsewhere");
    expect(await idOf(r.record(db[0].uuid, mac(20), { state: "verified", verification: null }))).toBe("registry.not-bound");
    // A board found holding db[1]: adopted, bound, left alone.
    const adopted = await r.adopt(db[1].uuid, mac(21), "s", { state: "verified", verification: "found on board" });
    expect(adopted).toMatchObject({ mac: mac(21), state: "verified" });
    expect(await idOf(r.adopt(db[1].uuid, mac(22), "s", { state: "verified", verification: null }))).toBe("registry.bound-elsewhere");
    expect(await idOf(r.adopt(db[0].uuid, mac(20), "s", { state: "verified", verification: null }))).toBe("registry.bound-elsewhere");
    // The next free device of b skips the adopted one.
    expect((await r.claim(b, mac(23), "s"))?.row.uuid).toBe(db[0].uuid);
  });

  it.skipIf(skip)("four processes racing for 20 devices with 40 boards: each device bound once, each board at most once", async () => {
    const b = batch();
    const ds = devices(20, b);
    await r.seed(b, ds);
    const js = await racer();
    const s = spec()!;
    // The SQLite store of this suite is its first file; racers must share the suite's database.
    const where = r.where;
    const results = await Promise.all([0, 1, 2, 3].map((k) => run(process.execPath, [js, name === "PostgreSQL" ? s : where, b, `st${k}`, String(0x100 + k * 10), "10"], { cwd: tmp, env: { ...process.env, NODE_PATH: join(REPO, "node_modules") } })));
    const pairs = results.flatMap((x) => JSON.parse(x.stdout) as [string, string | null][]);
    const bound = pairs.filter(([, u]) => u !== null);
    expect(bound).toHaveLength(20);
    expect(new Set(bound.map(([, u]) => u)).size).toBe(20);
    expect(new Set(bound.map(([m]) => m)).size).toBe(20);
    const rows = await r.list(b);
    expect(rows.every((x) => x.state === "claimed")).toBe(true);
    for (const [m, u] of bound) expect(rows.find((x) => x.uuid === u)?.mac).toBe(m);
  });
});

describe("registry errors", () => {
  it("an unreachable PostgreSQL server is one registry.unreachable line naming the URL without its password", async () => {
    const e = await openRegistry("postgres://line:secret@127.0.0.1:1/db", tmp).catch((x: unknown) => x);
    expect(isRegistryError(e) && e.id).toBe("registry.unreachable");
    expect((e as Error).message).not.toContain("secret");
    expect((e as Error).message).not.toContain("\n");
  });
  it("a registry file that is not SQLite, and an unknown URL scheme, are refused", async () => {
    const bad = join(tmp, "bad.sqlite");
    writeFileSync(bad, "not a database, not at all ".repeat(200));
    expect(await idOf(openRegistry(bad, tmp))).toBe("registry.unreachable");
    expect(await idOf(openRegistry("mysql://h/db", tmp))).toBe("registry.bad-url");
  });
  it("a registry of another format is refused, not misread", async () => {
    const path = join(tmp, "other-format.sqlite");
    const r = await openRegistry(path, tmp);
    await r.close();
    const Database = (await import("better-sqlite3")).default;
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = 'someone-else/9' WHERE name = 'format'").run();
    db.close();
    expect(await idOf(openRegistry(path, tmp))).toBe("registry.schema");
  });
});
