// `matter-factory station` against ROM loader doubles driven by the real esptool: one station, one
// pass over five boards — erased, pre-provisioned (esp_secure_cert at 0xD000), already flashed from
// this batch, from another batch, failing mid-write — then the retry on the re-plugged board gets the
// same device; labels written; the delivery manifest lists exactly the verified boards.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, runCli, runCliInProcess, tempDir } from "./support/cli.js";
import { type RomDouble, startRomDouble } from "./support/rom-double/index.js";
import { boardFlash, ESP_MATTER_TABLE, OLD_PROJECT_TABLE, seededBytes } from "./support/rom-double/board.js";

const FCTRY = 0x3e0000;
const FCTRY_SIZE = 0x6000;
let tmp: string;
let batch: string;
let otherBatch: string;
const doubles: RomDouble[] = [];

interface Dev { uuid: string; serial: string; dir: string; image: Uint8Array }
function devicesOf(root: string): Dev[] {
  const m = readdirSync(root).find((n) => n.startsWith("manifest-"))!;
  return readFileSync(join(root, m), "utf8").trim().split("\n").map((l) => {
    const e = JSON.parse(l) as { uuid: string; serial: string };
    const dir = join(root, e.uuid);
    return { uuid: e.uuid, serial: e.serial, dir, image: new Uint8Array(readFileSync(join(dir, `${e.uuid}-partition.bin`))) };
  });
}

function generate(name: string, n: number): string {
  const r = runCli(["generate", "--outdir", join(tmp, name), "-v", "0xFFF2", "-p", "0x8001", "-n", String(n), "--iteration-count", "1000", "--no-labels", "--seed", name, "-q", "--json"]);
  if (r.status !== 0) throw new Error(`generate: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { root: string }).root;
}

function station(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, "station", "--batch", batch, "--json", "--before", "no-reset", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (b: Buffer) => (stdout += b));
    p.stderr.on("data", (b: Buffer) => (stderr += b));
    p.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const events = (out: string) => out.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
const boards = (out: string) => events(out).filter((e) => e.event === "board") as unknown as { port: string; outcome: string; mac: string; device?: { uuid: string }; reused?: boolean; error?: { id: string } }[];
const mac = (i: number) => `c4:0a:24:51:00:${i.toString(16).padStart(2, "0")}`;

let devs: Dev[];
let other: Dev[];
const secureCert = seededBytes(0x1800, 42);

beforeAll(async () => {
  tmp = tempDir("mf-station-");
  batch = generate("b", 5);
  otherBatch = generate("o", 1);
  devs = devicesOf(batch);
  other = devicesOf(otherBatch);
  const withFctry = (img: Uint8Array) => boardFlash({ table: OLD_PROJECT_TABLE, contents: [{ offset: FCTRY, bytes: img }] });
  const specs = [
    { flash: boardFlash({ table: OLD_PROJECT_TABLE }) },
    { flash: boardFlash({ table: ESP_MATTER_TABLE, tableOffset: 0xc000, contents: [{ offset: 0xd000, bytes: secureCert }] }) },
    { flash: withFctry(devs[4].image) },
    { flash: withFctry(other[0].image) },
    { flash: boardFlash({ table: OLD_PROJECT_TABLE }), fault: { afterFlashBlocks: 1, mode: "disconnect" as const } },
  ];
  for (const [i, s] of specs.entries()) doubles.push(await startRomDouble({ ...s, paced: false, chip: { mac: mac(i) } }));
}, 120_000);

afterAll(async () => {
  for (const d of doubles) await d.close();
});

describe("station", () => {
  it("one pass: provisions, leaves alone, refuses, fails mid-write keeping the binding; the retry gets the same device", async () => {
    const t0 = performance.now();
    const r = await station(["--once", "--station-id", "s1", ...doubles.flatMap((d) => ["--port", d.port])]);
    const seconds = (performance.now() - t0) / 1000;
    const b = boards(r.stdout);
    expect(b.map((x) => x.outcome), r.stderr).toEqual(["provisioned", "provisioned", "already", "refused", "failed"]);
    expect(b[3].error?.id).toBe("board.other-batch");
    expect(b[4].error?.id).toBe("write.failed");
    expect(r.code).toBe(1);
    // Claims in index order; the pre-flashed board keeps device 4.
    expect(b.map((x) => x.device?.uuid)).toEqual([devs[0].uuid, devs[1].uuid, devs[4].uuid, undefined, devs[2].uuid]);
    // Each board holds exactly its image (padded); the esp_secure_cert and the other batch's board are untouched.
    for (const [i, d] of [[0, devs[0]], [1, devs[1]], [2, devs[4]]] as const) {
      const want = new Uint8Array(FCTRY_SIZE).fill(0xff);
      want.set(d.image);
      expect(Buffer.from(doubles[i].flash.subarray(FCTRY, FCTRY + FCTRY_SIZE)).equals(want), `board ${i}`).toBe(true);
    }
    expect(Buffer.from(doubles[1].flash.subarray(0xd000, 0xd000 + secureCert.length)).equals(secureCert)).toBe(true);
    expect(Buffer.from(doubles[3].flash.subarray(FCTRY, FCTRY + other[0].image.length)).equals(other[0].image)).toBe(true);
    // Labels of the two boards provisioned now.
    const labels = readdirSync(join(batch, "line-labels")).sort();
    expect(labels).toEqual([devs[0], devs[1]].flatMap((d) => ["pdf", "svg", "zpl"].map((f) => `${d.serial}.${f}`)).sort());
    process.stdout.write(`[measure] station --once over 5 boards (unpaced double): ${seconds.toFixed(1)} s\n`);

    // Re-plugged: the failed board gets the same device, the others are left alone.
    doubles[4].heal();
    const again = await station(["--once", "--station-id", "s2", "--port", doubles[4].port, "--port", doubles[0].port]);
    const b2 = boards(again.stdout);
    // The deflated image is one FLASH_DEFL_DATA block, so the cable may go after it landed: then the
    // read-back equals the image and the board is recorded verified without a second write.
    expect(b2.map((x) => [x.device?.uuid, x.reused]), again.stderr).toEqual([[devs[2].uuid, true], [devs[0].uuid, true]]);
    expect(["provisioned", "already"]).toContain(b2[0].outcome);
    expect(b2[1].outcome).toBe("already");
    expect(again.code).toBe(0);

    // inspect reads the image back from the emulated flash as the device it is.
    const back = join(tmp, "back.bin");
    writeFileSync(back, doubles[4].flash.subarray(FCTRY, FCTRY + FCTRY_SIZE));
    const ins = await runCliInProcess(["inspect", back, "--json"]);
    expect(ins.code).toBe(0);
    expect(ins.stdout).toContain(devs[2].serial);

    // The delivery manifest: the four verified boards, nothing else.
    const ex = await runCliInProcess(["registry", "export", "--batch", batch, "--json"]);
    expect(ex.code, ex.stderr).toBe(0);
    const lines = readFileSync(join(batch, "delivery-manifest.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { mac: string; uuid: string; state: string; qrPayload: string });
    expect(lines.map((l) => [l.mac, l.uuid]).sort()).toEqual([[mac(0), devs[0].uuid], [mac(1), devs[1].uuid], [mac(2), devs[4].uuid], [mac(4), devs[2].uuid]].sort());
    expect(lines.every((l) => l.state === "verified" && l.qrPayload.startsWith("MT:"))).toBe(true);
    expect(readFileSync(join(batch, "delivery-manifest.csv"), "utf8").split("\r\n")[0]).toBe("mac,serial,uuid,qr_payload,manual_code,vendor_id,product_id,image_sha256,station,time,state,verification");
    expect(existsSync(join(batch, "line.sqlite"))).toBe(true);
  });
});
