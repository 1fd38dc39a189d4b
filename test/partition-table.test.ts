// partitions.csv keeps a pre-provisioned module's esp_secure_cert partition (docs/secure-cert.md,
// docs/device.md): the row esp_secure_cert, 0x3F, 0xD000/0x2000, encrypted; nothing else over
// 0xD000-0xEFFF; the table (CONFIG_PARTITION_TABLE_OFFSET) ends before it; the esp-matter layout
// (nvs, nvs_keys, otadata, phy_init, ota_0/1, fctry at 0x3E0000/0x6000). The checker must reject the
// project's previous table and esp-matter's own is accepted. With ESP-IDF present, gen_esp32part.py
// compiles partitions.csv and our reading of its binary equals our reading of the CSV.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { secureCertTableProblems, tableOffsetProblem } from "../host-tools/inspect/secure-cert-table.js";
import { parsePartitionTable } from "../host-tools/partition-table/binary.js";
import { parsePartitionCsv, readPartitionTable } from "../host-tools/partition-table/csv.js";
import { REPO } from "./support/fixtures.js";
import { ENABLE_IDF, IDF_PATH, reportSkip } from "./support/sdks.js";
import { OLD_PROJECT_TABLE_CSV } from "./support/partition-tables.js";

const csv = readFileSync(join(REPO, "partitions.csv"), "utf8");
const sdkconfig = readFileSync(join(REPO, "sdkconfig.defaults"), "utf8");
const tableOffset = Number(/^CONFIG_PARTITION_TABLE_OFFSET=(0x[0-9A-Fa-f]+)$/m.exec(sdkconfig)![1]);
const rows = parsePartitionCsv(csv, tableOffset);
const row = (name: string) => rows.find((r) => r.name === name);

// esp-matter examples/light/partitions.csv (the layout this one follows), offsets left empty as there.
const ESP_MATTER = `esp_secure_cert,  0x3F, ,0xd000,    0x2000, ,  # Never mark this as an encrypted partition
nvs,      data, nvs,     0x10000,   0x6000,
nvs_keys, data, nvs_keys,,          0x1000,
otadata,  data, ota,     ,          0x2000
phy_init, data, phy,     ,          0x1000,
ota_0,    app,  ota_0,   0x20000,   0x1E0000,
ota_1,    app,  ota_1,   0x200000,  0x1E0000,
fctry,    data, nvs,     0x3E0000,  0x6000
`;

if (IDF_PATH === undefined) reportSkip("gen_esp32part.py cross-check of partitions.csv", ENABLE_IDF);

describe("partitions.csv and the esp_secure_cert partition", () => {
  it("has esp_secure_cert, type 0x3F, at 0xD000 size 0x2000, flagged encrypted", () => {
    expect(row("esp_secure_cert")).toEqual({ name: "esp_secure_cert", type: 0x3f, subtype: 0x06, offset: 0xd000, size: 0x2000, encrypted: true, readonly: false });
  });

  it("puts the table at 0xC000, ending before esp_secure_cert", () => {
    expect(tableOffset).toBe(0xc000);
    expect(tableOffsetProblem(tableOffset)).toBeUndefined();
    expect(tableOffsetProblem(0xd000)).toMatch(/overlaps esp_secure_cert/);
  });

  it("nothing else overlaps 0xD000-0xEFFF", () => {
    expect(secureCertTableProblems(rows)).toEqual([]);
  });

  it("keeps the esp-matter layout: nvs, nvs_keys, otadata, phy_init, ota_0/1 in that order, fctry at 0x3E0000/0x6000", () => {
    expect(rows.map((r) => r.name)).toEqual(["esp_secure_cert", "nvs", "nvs_keys", "otadata", "phy_init", "ota_0", "ota_1", "fctry"]);
    expect(row("fctry")).toMatchObject({ offset: 0x3e0000, size: 0x6000 });
    expect(row("ota_0")).toMatchObject({ offset: 0x20000 });
    expect(row("nvs")!.offset).toBeGreaterThanOrEqual(0xf000);
  });

  it("the checker rejects the previous table (nvs over 0xD000, no esp_secure_cert) and accepts esp-matter's", () => {
    const old = secureCertTableProblems(parsePartitionCsv(OLD_PROJECT_TABLE_CSV));
    expect(old).toHaveLength(2);
    expect(old[0]).toMatch(/no "esp_secure_cert" partition/);
    expect(old[1]).toMatch(/partition "nvs" \(0x9000-0x14FFF\) overlaps esp_secure_cert 0xD000-0xEFFF/);
    expect(secureCertTableProblems(parsePartitionCsv(ESP_MATTER, 0xc000))).toEqual([]);
    const moved = secureCertTableProblems(parsePartitionCsv(ESP_MATTER.replace("0xd000", "0xe000"), 0xc000));
    expect(moved.join("\n")).toMatch(/at 0xE000 size 0x2000: modules are provisioned at 0xD000/);
  });

  it.runIf(IDF_PATH !== undefined)("gen_esp32part.py compiles partitions.csv to the binary our reader reads back as the CSV", () => {
    const tool = join(IDF_PATH!, "components/partition_table/gen_esp32part.py");
    const python = [join(REPO, ".venv/kconfig/bin/python"), join(REPO, ".venv/mfg/bin/python")].find((p) => existsSync(p))!;
    const dir = mkdtempSync(join(tmpdir(), "mf-pt-"));
    try {
      const bin = join(dir, "pt.bin");
      execFileSync(python, [tool, "--flash-size", "4MB", "--offset", `0x${tableOffset.toString(16)}`, join(REPO, "partitions.csv"), bin], { stdio: "pipe" });
      const bytes = new Uint8Array(readFileSync(bin));
      expect(parsePartitionTable(bytes)).toEqual({ ok: true, entries: rows });
      expect(readPartitionTable(bytes)).toEqual(rows);
      // The esp_secure_cert row as the bootloader reads it: AA 50 3F 06, offset, size, name, flags.
      expect(Buffer.from(bytes.subarray(0, 32)).toString("hex")).toBe("aa503f0600d00000002000006573705f7365637572655f636572740001000000");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
