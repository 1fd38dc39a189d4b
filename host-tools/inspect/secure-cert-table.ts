// Does a partition table keep a pre-provisioned module's esp_secure_cert partition? Checks that a
// type-0x3F row named esp_secure_cert sits at 0xD000/0x2000 with nothing else over it, so the NVS runtime
// never formats the module's DAC. Tables are read by host-tools/partition-table/.

import {
  SECURE_CERT_PARTITION_NAME, SECURE_CERT_PARTITION_OFFSET, SECURE_CERT_PARTITION_SIZE, SECURE_CERT_PARTITION_TYPE,
} from "../../modules/secure-cert/index.js";
import type { PartitionEntry } from "../partition-table/binary.js";
import { type Finding, makeFinding } from "../../modules/errors/finding.js";

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;

/** One line per way the table would damage or hide a module's esp_secure_cert partition (empty = keeps it). */
export function secureCertTableProblems(rows: readonly PartitionEntry[]): string[] {
  return secureCertTableFindings(rows).map((f) => f.message);
}

/**
 * The same as findings of check "partition-table": rules "no-secure-cert" (no row of that name),
 * "type" (not 0x3F), "placement" (not at 0xD000/0x2000), "overlap" (another row over it).
 */
export function secureCertTableFindings(rows: readonly PartitionEntry[]): Finding[] {
  const problems: Finding[] = [];
  const add = (rule: string, message: string) => problems.push(makeFinding("partition-table", rule, "error", message));
  const start = SECURE_CERT_PARTITION_OFFSET;
  const end = start + SECURE_CERT_PARTITION_SIZE;
  const row = rows.find((r) => r.name === SECURE_CERT_PARTITION_NAME);
  if (!row) add("no-secure-cert", `no "${SECURE_CERT_PARTITION_NAME}" partition: esp_secure_cert_mgr finds the DAC by that name (type 0x3F at ${hex(start)})`);
  else {
    if (row.type !== SECURE_CERT_PARTITION_TYPE) add("type", `partition "${row.name}": type ${hex(row.type)}, must be 0x3F`);
    if (row.offset !== start || row.size !== SECURE_CERT_PARTITION_SIZE) {
      add("placement", `partition "${row.name}" at ${hex(row.offset)} size ${hex(row.size)}: modules are provisioned at ${hex(start)} size ${hex(SECURE_CERT_PARTITION_SIZE)}`);
    }
  }
  for (const r of rows) {
    if (r === row) continue;
    if (r.offset < end && r.offset + r.size > start) {
      add("overlap", `partition "${r.name}" (${hex(r.offset)}-${hex(r.offset + r.size - 1)}) overlaps esp_secure_cert ${hex(start)}-${hex(end - 1)}: it would overwrite a pre-provisioned module's DAC`);
    }
  }
  return problems;
}

/** The table itself must end before 0xD000 (CONFIG_PARTITION_TABLE_OFFSET + 0x1000). */
export function tableOffsetProblem(tableOffset: number): string | undefined {
  return tableOffset + 0x1000 > SECURE_CERT_PARTITION_OFFSET
    ? `partition table at ${hex(tableOffset)} (to ${hex(tableOffset + 0xfff)}) overlaps esp_secure_cert at ${hex(SECURE_CERT_PARTITION_OFFSET)}`
    : undefined;
}
