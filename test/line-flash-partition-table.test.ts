// host-tools/partition-table/binary.ts: the ESP-IDF binary partition table. Checked against ESP-IDF's own
// gen_esp32part.py where ESP-IDF is installed (both directions, our partitions.csv and esp-matter's layout),
// and on its own: round trip, MD5, blank, damaged, no-MD5 tables, overlap helper.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodePartitionTable, overlapping, parsePartitionTable, tableEnd } from "../host-tools/partition-table/binary.js";
import { parsePartitionCsv } from "../host-tools/partition-table/csv.js";
import { ESP_MATTER_TABLE, OLD_PROJECT_TABLE } from "./support/rom-double/board.js";
import { REPO } from "./support/fixtures.js";
import { esptoolPython } from "../host-tools/line/esptool.js";
import { ENABLE_IDF, IDF_PATH, reportSkip } from "./support/sdks.js";
import { OLD_PROJECT_TABLE_CSV } from "./support/partition-tables.js";

const GEN = IDF_PATH && join(IDF_PATH, "components/partition_table/gen_esp32part.py");
if (!GEN) reportSkip("partition tables vs ESP-IDF's gen_esp32part.py", ENABLE_IDF);

function gen(args: string[]): void {
  // gen_esp32part.py needs rich-click, which the esptool venv has.
  const r = spawnSync(esptoolPython(), [GEN!, "-q", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gen_esp32part.py ${args.join(" ")}: ${r.stderr}`);
}

const ESP_MATTER_CSV = `esp_secure_cert, 0x3F, ,0xd000, 0x2000, encrypted
nvs, data, nvs, 0x10000, 0xC000,
nvs_keys, data, nvs_keys, , 0x1000, encrypted
otadata, data, ota, , 0x2000
phy_init, data, phy, , 0x1000,
ota_0, app, ota_0, 0x20000, 0x1E0000,
ota_1, app, ota_1, 0x200000, 0x1E0000,
fctry, data, nvs, 0x3E0000, 0x6000
`;


describe.skipIf(!GEN)("partition tables vs gen_esp32part.py", () => {
  it("partitions.csv and esp-matter's layout: our encoder writes gen_esp32part's bytes, our parser reads them", () => {
    const dir = mkdtempSync(join(tmpdir(), "mf-pt-"));
    writeFileSync(join(dir, "esp-matter.csv"), ESP_MATTER_CSV);
    const projectCsv = join(REPO, "partitions.csv");
    const projectTable = parsePartitionCsv(readFileSync(projectCsv, "utf8"), 0xc000);
    expect(projectTable).toEqual(ESP_MATTER_TABLE); // partitions.csv is laid out like esp-matter's examples
    const cases = [[projectCsv, projectTable, "0xC000"], [join(dir, "esp-matter.csv"), ESP_MATTER_TABLE, "0xC000"], [join(dir, "old.csv"), OLD_PROJECT_TABLE, "0x8000"]] as const;
    writeFileSync(join(dir, "old.csv"), OLD_PROJECT_TABLE_CSV);
    for (const [csv, table, offset] of cases) {
      const bin = join(dir, "out.bin");
      gen(["--offset", offset, "--flash-size", "4MB", csv, bin]);
      const theirs = new Uint8Array(readFileSync(bin));
      const parsed = parsePartitionTable(theirs);
      expect(parsed).toEqual({ ok: true, entries: table });
      const ours = encodePartitionTable(table);
      expect(Buffer.from(ours.subarray(0, theirs.length)).toString("hex")).toBe(Buffer.from(theirs).toString("hex"));
      expect(ours.subarray(theirs.length).every((b) => b === 0xff)).toBe(true);
      // ... and gen_esp32part reads ours back to the same CSV it reads theirs to.
      writeFileSync(join(dir, "ours.bin"), ours);
      gen(["ours.bin", "ours.csv"].map((f) => join(dir, f)));
      gen([bin, join(dir, "theirs.csv")]);
      expect(readFileSync(join(dir, "ours.csv"), "utf8")).toBe(readFileSync(join(dir, "theirs.csv"), "utf8"));
    }
  });
});

describe("partition-table.ts", () => {
  it("round-trips; names up to 16 characters; flags", () => {
    const t = [...OLD_PROJECT_TABLE, { name: "sixteen_chars_xx", type: 1, subtype: 0x81, offset: 0x3f0000, size: 0x1000, encrypted: false, readonly: true }];
    expect(parsePartitionTable(encodePartitionTable(t))).toEqual({ ok: true, entries: t });
    expect(tableEnd(t)).toBe(0x3f1000);
  });

  it("says why a sector is not a table, never throws", () => {
    expect(parsePartitionTable(new Uint8Array(0x1000).fill(0xff))).toEqual({ ok: false, reason: "blank (erased)" });
    expect(parsePartitionTable(new Uint8Array(0x1000))).toMatchObject({ ok: false, reason: expect.stringContaining("magic 0x0") });
    const damaged = encodePartitionTable(OLD_PROJECT_TABLE);
    damaged[40] ^= 1; // an offset bit in entry 1
    expect(parsePartitionTable(damaged)).toMatchObject({ ok: false, reason: expect.stringContaining("MD5 entry") });
    const noMd5 = encodePartitionTable(OLD_PROJECT_TABLE);
    noMd5.fill(0xff, OLD_PROJECT_TABLE.length * 32, OLD_PROJECT_TABLE.length * 32 + 32);
    expect(parsePartitionTable(noMd5)).toEqual({ ok: true, entries: OLD_PROJECT_TABLE });
    for (let n = 0; n < 64; n++) parsePartitionTable(new Uint8Array(n * 7).map((_, i) => (i * 37 + n) & 0xff));
  });

  it("overlapping() finds the partitions a region touches", () => {
    const fctry = OLD_PROJECT_TABLE.find((p) => p.name === "fctry")!;
    expect(overlapping(OLD_PROJECT_TABLE, fctry.offset, fctry.size, fctry)).toEqual([]);
    expect(overlapping(ESP_MATTER_TABLE, 0xe000, 0x6000).map((p) => p.name)).toEqual(["esp_secure_cert", "nvs"]);
  });
});
