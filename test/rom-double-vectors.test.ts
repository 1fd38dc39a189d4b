// The ROM loader double checked request by request against a recorded exchange between esptool 5.6.0
// and the real ESP32-C3 ROM (in Espressif's QEMU): same replies to the same requests — status bytes,
// the echoed value word, security info, MD5 text, READ_FLASH_SLOW blocks, the SPI flash id.
// The recording lives beside the checkout, not in the repository: without it this file skips (and
// says so); test/rom-double.test.ts drives the double with the real esptool in every run.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RECORDED_CHIP, RomLoader } from "./support/rom-double/rom.js";
import { SlipDecoder } from "./support/rom-double/slip.js";
import { SHARED_VECTORS } from "./support/fixtures.js";

const dir = SHARED_VECTORS && join(SHARED_VECTORS, "esp32c3-rom");
const recording = dir && join(dir, "esptool-5.6.0-no-stub.jsonl");
const present = !!recording && existsSync(recording);
if (!present) console.log("rom-double-vectors: no recorded ROM exchange beside the checkout (shared/vectors/esp32c3-rom); skipped");

interface Session {
  requests: Uint8Array[];
  replies: Uint8Array[];
}

function sessions(): Session[] {
  const out: Session[] = [];
  let host = new SlipDecoder();
  let rom = new SlipDecoder();
  for (const line of readFileSync(recording!, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { dir: string; hex: string };
    if (r.dir === "connect") {
      out.push({ requests: [], replies: [] });
      host = new SlipDecoder();
      rom = new SlipDecoder();
      continue;
    }
    const s = out[out.length - 1];
    const bytes = Buffer.from(r.hex, "hex");
    if (r.dir === "host->rom") s.requests.push(...host.push(bytes).map((f) => f.frame));
    else s.replies.push(...rom.push(bytes).map((f) => f.frame));
  }
  return out;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe.skipIf(!present)("ROM double vs the recorded ESP32-C3 ROM", () => {
  it("answers every recorded request exactly as the ROM did (6 esptool runs, one board)", () => {
    const all = sessions();
    expect(all.length).toBe(6);
    const rom = new RomLoader(new Uint8Array(4 * 1024 * 1024).fill(0xff), RECORDED_CHIP);
    let requests = 0;
    all.forEach((s, n) => {
      rom.reset();
      const replies = s.requests.flatMap((req) => rom.handle(req).map((rep) => ({ req, rep })));
      expect(replies.length, `run ${n + 1}: number of replies`).toBe(s.replies.length);
      replies.forEach(({ req, rep }, i) => {
        const want = hex(s.replies[i]);
        if (hex(rep) !== want) {
          expect.fail(`run ${n + 1} reply ${i} to op 0x${req[1].toString(16)} (${hex(req.subarray(8, 40))}): got ${hex(rep)}, ROM sent ${want}`);
        }
      });
      requests += s.requests.length;
    });
    expect(requests).toBeGreaterThan(200);
  });

  it("holds what the recorded write-flash wrote: the read-back equals data24k.bin", () => {
    const data = new Uint8Array(readFileSync(join(dir!, "data24k.bin")));
    const rom = new RomLoader(new Uint8Array(4 * 1024 * 1024).fill(0xff), RECORDED_CHIP);
    for (const s of sessions().slice(0, 4)) {
      rom.reset();
      for (const req of s.requests) rom.handle(req);
    }
    expect(hex(rom.flash.subarray(0x3e0000, 0x3e0000 + data.length))).toBe(hex(data));
  });
});
