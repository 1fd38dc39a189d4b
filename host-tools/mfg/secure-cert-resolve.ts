// The secure-cert and pre-provisioned-module parts of resolving a batch (resolve.ts calls these):
// --modules (count and binding), --efuse-hmac-key / --hmac-salt, and the one note that says where the
// DAC is expected when the batch carries none.

import { fromHex } from "../../modules/bytes/hex.js";
import { EFUSE_KEY_SIZE } from "../../modules/secure-cert/index.js";
import { CliError, UsageError } from "../errors.js";
import type { GenerateOptions } from "./options.js";
import type { BatchPlan, FixedValues } from "./plan.js";
import { parseModuleList, type ModuleList } from "./secure-cert-modules.js";
import { secureCertPlan } from "./secure-cert.js";

type ReadInput = (path: string, what: string) => Uint8Array;

/** --modules: the list, and the batch count it sets (an explicit -n or --mcsv must agree). */
export function resolveModules(o: GenerateOptions, read: ReadInput, count: number, countFrom: string | undefined): ModuleList | undefined {
  if (o.modules === undefined) {
    if (o.moduleSerialColumn !== undefined) throw new UsageError("usage.option-needs", "option --module-serial-column needs --modules");
    return undefined;
  }
  if (o.pai || o.paa) {
    throw new UsageError("usage.option-conflict", "option --modules is for pre-provisioned modules, whose esp_secure_cert already holds their DAC: give no --pai/--paa");
  }
  if (o.serialNum !== undefined && o.moduleSerialColumn !== undefined) throw new UsageError("usage.option-conflict", "options --serial-num and --module-serial-column: one source of serial numbers");
  const list = parseModuleList(Buffer.from(read(o.modules, "--modules file")).toString("utf8"), o.modules, o.moduleIdColumn, o.moduleSerialColumn);
  if (countFrom !== undefined && count !== list.modules.length) {
    throw new CliError("modules.count", `--modules ${o.modules}: ${list.modules.length} modules, but ${countFrom} gives ${count} devices; one factory image per module`);
  }
  return list;
}

/** --efuse-hmac-key / --hmac-salt for a one-device hmac-derived batch. */
export function resolveHmacInputs(o: GenerateOptions, read: ReadInput, fixed: FixedValues): void {
  if (o.efuseHmacKey !== undefined) {
    const key = read(o.efuseHmacKey, "eFuse HMAC key");
    if (key.length !== EFUSE_KEY_SIZE) throw new CliError("option.key-size", `eFuse HMAC key ${JSON.stringify(o.efuseHmacKey)}: ${key.length} bytes, must be ${EFUSE_KEY_SIZE}`);
    fixed.efuseHmacKey = key;
  }
  if (o.hmacSalt !== undefined) {
    if (!/^([0-9a-fA-F]{2}){1,64}$/.test(o.hmacSalt)) throw new CliError("option.hex", `option --hmac-salt ${JSON.stringify(o.hmacSalt)}: must be 1-64 bytes of hex`);
    fixed.hmacSalt = fromHex(o.hmacSalt.toLowerCase());
  }
}

/** plan.secureCert, plan.modules and the batch notes. */
export function applySecureCert(plan: BatchPlan, modules: ModuleList | undefined): void {
  const o = plan.options;
  plan.secureCert = secureCertPlan(o);
  plan.modules = modules;
  const notes: string[] = (plan.notes ??= []);
  if (plan.attestation.kind === "none") {
    notes.push(`no --pai/--paa: the images hold no DAC, PAI or DAC key; each device expects them in its module's esp_secure_cert partition (0xD000, written at the module factory)${modules ? `; ${modules.modules.length} modules from ${modules.file}` : ""}`);
  } else if (plan.secureCert) {
    const key = plan.secureCert.key === "plain" ? "; its key is plaintext: enable flash encryption"
      : plan.secureCert.key === "hmac-derived" ? "; burn each <uuid>/<uuid>-efuse_hmac_key.bin into a free key block (espefuse.py burn_key BLOCK_KEYn <file> HMAC_UP), then delete it" : "";
    const what = plan.secureCert.key === "hmac-derived" ? "DAC, PAI and the salt of the chip-derived DAC key" : "DAC, PAI and DAC key";
    notes.push(`${what} go to <uuid>/<uuid>_esp_secure_cert.bin (flash it at 0xD000), not to the NVS image${key}`);
  }
}
