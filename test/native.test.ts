// Native device code, proven without a board: the pure C logic (ble_addr.c, ble_ad.c) passes its host
// unit tests with the host gcc, and the C and TS sides agree (host-function names, GATT UUIDs, event
// numbers). Compiling every native/*.c against the real ESP-IDF, NimBLE, PSA and XS headers with the
// device build's flags, and type-checking the bindings against the SDK's typings, is
// test/firmware-build.test.ts. See docs/device.md for what neither covers.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { C1_UUID, C2_UUID, C3_UUID, MATTER_BLE_SERVICE_UUID16 } from "../modules/ble/uuids.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NATIVE = join(ROOT, "native");
const CFLAGS = ["-Wall", "-Wextra", "-Werror", "-std=c11"];
const OUT = mkdtempSync(join(tmpdir(), "mf-native-"));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const nativeFiles = (ext: string) => readdirSync(NATIVE).filter((f) => f.endsWith(ext)).sort();

function gcc(args: string[]): { status: number; output: string } {
  const r = spawnSync("gcc", args, { cwd: ROOT, encoding: "utf8" });
  if (r.error) throw new Error(`gcc: ${r.error.message} (gcc is required, see README "Set up and test")`);
  return { status: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

describe("host C unit tests", () => {
  const suites = [
    ["test_ble_addr.c", "ble_addr.c"],
    ["test_ble_ad.c", "ble_ad.c"],
  ] as const;

  function build(test: string, unit: string, extra: string[] = []): string {
    const exe = join(OUT, `${test}${extra.length ? ".self" : ""}.bin`);
    const r = gcc([...CFLAGS, ...extra, "-o", exe, join(NATIVE, "test", test), join(NATIVE, unit)]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
    return exe;
  }

  it.each(suites)("%s passes", (test, unit) => {
    const r = spawnSync(build(test, unit), { encoding: "utf8" });
    const summary = /(\d+) passed, (\d+) failed/.exec(r.stdout);
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(summary, r.stdout).not.toBeNull();
    expect(Number(summary![1])).toBeGreaterThanOrEqual(20);
    expect(Number(summary![2])).toBe(0);
    expect(r.status).toBe(0);
  });

  // The harness must be able to fail: one deliberately false CHECK gives "1 failed" and exit 1.
  it.each(suites)("%s reports a failing check", (test, unit) => {
    const r = spawnSync(build(test, unit, ["-DMF_TEST_SELF_CHECK"]), { encoding: "utf8" });
    expect(r.stdout).toMatch(/FAIL .*deliberate failure/);
    expect(r.stdout).toMatch(/\d+ passed, 1 failed/);
    expect(r.status).toBe(1);
  });
});

describe("C and TypeScript agree", () => {
  // native("xs_…") names in the bindings and `void xs_…(xsMachine *the)` definitions in the C files.
  const bound = new Set(nativeFiles(".ts").flatMap((f) => [...read(`native/${f}`).matchAll(/native\("(\w+)"\)/g)].map((m) => m[1])));
  const defined = new Set(nativeFiles(".c").flatMap((f) => [...read(`native/${f}`).matchAll(/^void (xs_\w+)\(xsMachine \*the\)/gm)].map((m) => m[1])));

  it("every native() binding has a C host function and every host function is bound", () => {
    expect(bound.size).toBe(17); // factory_nvs + ble_adv 11, secure_cert 5: guards the patterns against matching nothing
    expect([...bound].sort()).toEqual([...defined].sort());
  });

  const SHAPE = /export function (\w+)\(this: unknown(?:, )?([^)]*)\)[^{]*\{\s*return native\("\w+"\)\.call\(this(?:, )?([^)]*)\);\s*\}/g;
  it("each binding passes its parameters straight through (the shape xsc compiles to a host call)", () => {
    for (const f of nativeFiles(".ts")) {
      const source = read(`native/${f}`);
      for (const m of source.matchAll(SHAPE)) {
        const params = m[2].split(/,\s*/).filter(Boolean).map((p) => p.split(":")[0].trim());
        const args = m[3].split(/,\s*/).filter(Boolean).map((a) => a.trim());
        expect(args, `${f} ${m[1]}`).toEqual(params);
      }
      const exported = [...source.matchAll(/export function (\w+)/g)].length;
      const shaped = [...source.matchAll(SHAPE)].length;
      expect(exported, f).toBeGreaterThanOrEqual(5);
      expect(shaped, f).toBe(exported);
    }
  });

  it("BleEvent values match the C enum", () => {
    const cEnum = Object.fromEntries([...read("native/ble_adv.c").matchAll(/^\tEVENT_(\w+) = (\d+),/gm)].map((m) => [m[1], Number(m[2])]));
    const tsEnum = Object.fromEntries([...read("native/ble_adv.ts").matchAll(/^  (\w+): (\d+),/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(cEnum).length).toBe(6);
    expect(tsEnum).toEqual(cEnum);
  });

  it("device/platform.ts BleEventKind (also the simulator's BleEvent) matches the C enum", async () => {
    const cEnum = Object.fromEntries([...read("native/ble_adv.c").matchAll(/^\tEVENT_(\w+) = (\d+),/gm)].map((m) => [m[1], Number(m[2])]));
    const { BleEventKind } = await import("../device/platform.js");
    expect({ ...BleEventKind }).toEqual(cEnum);
  });

  it("GATT UUIDs in ble_uuids.h match modules/ble/uuids.ts", () => {
    const header = read("native/ble_uuids.h");
    const bytes = (name: string) => {
      const m = new RegExp(`#define ${name} ((?:0x[0-9A-F]{2}, ){15}0x[0-9A-F]{2})`).exec(header);
      expect(m, name).not.toBeNull();
      return m![1].split(", ").map((b) => Number.parseInt(b, 16));
    };
    const lsbFirst = (uuid: string) => (uuid.replace(/-/g, "").match(/../g) ?? []).map((h) => Number.parseInt(h, 16)).reverse();
    expect(bytes("MF_C1_UUID128_LE")).toEqual(lsbFirst(C1_UUID));
    expect(bytes("MF_C2_UUID128_LE")).toEqual(lsbFirst(C2_UUID));
    expect(bytes("MF_C3_UUID128_LE")).toEqual(lsbFirst(C3_UUID));
    expect(Number(/#define MF_MATTER_SERVICE_UUID16 (0x[0-9A-F]+)/.exec(header)![1])).toBe(MATTER_BLE_SERVICE_UUID16);
  });
});
