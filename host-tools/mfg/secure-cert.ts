// `generate`'s esp_secure_cert support (docs/secure-cert.md): which flags mean what (esp-matter-mfg-tool
// 1.0.29 sources/mfg_tool.py, utils.py, matter_secure_cert.py, with its traps turned into errors), which
// chip-factory keys leave the NVS image, and the per-device <uuid>_esp_secure_cert.bin.

import type { NvsRow } from "../../modules/nvs/types.js";
import {
  EFUSE_KEY_SIZE, SecureCertType, TlvFlag, deriveHmacEcdsaKey, hmacDerivedEntries, matterTlvEntries, plainKeyEntries, writeSecureCert,
  type SecureCertEntryInput,
} from "../../modules/secure-cert/index.js";
import { CliError, UsageError } from "../errors.js";
import { nodePbkdf2Sha256 } from "../node-crypto.js";
import type { GenerateOptions } from "./options.js";

/** Targets esp-secure-cert-tool 2.6.1 accepts for the ECDSA-peripheral key (configure_ds.supported_targets_ecdsa). */
export const DS_ECDSA_TARGETS = ["esp32h2", "esp32p4", "esp32c5", "esp32c61", "esp32s31"];

/** chip-factory keys `--dac-in-secure-cert` leaves out of NVS (cert-dclrn stays: the provider reads it there). */
export const ATTESTATION_KEYS = ["dac-cert", "dac-key", "dac-pub-key", "pai-cert"];
const COMMISSIONABLE_KEYS = ["discriminator", "iteration-count", "salt", "verifier"];

export type SecureCertKeyMode = "plain" | "hmac-derived" | "ecdsa-peripheral";

export interface SecureCertPlan {
  /** DAC, PAI and key go to <uuid>_esp_secure_cert.bin instead of NVS. */
  dac: boolean;
  commissionable: boolean;
  rdIdUid: boolean;
  key: SecureCertKeyMode;
  /** ECDSA peripheral: eFuse key id 0-5 (SEC_CFG holds block id + 4). */
  efuseKeyId?: number;
}

/** The secure-cert part of options already checked by checkSecureCertOptions. undefined = none of it. */
export function secureCertPlan(o: GenerateOptions): SecureCertPlan | undefined {
  if (!o.dacInSecureCert) return undefined;
  const key: SecureCertKeyMode = o.dsPeripheral ? "ecdsa-peripheral" : o.secureCertKey === "hmac-derived" ? "hmac-derived" : "plain";
  return { dac: true, commissionable: o.commissionableInSecureCert, rdIdUid: o.rdIdUidInSecureCert, key, efuseKeyId: o.dsPeripheral ? o.efuseKeyId : undefined };
}

/** mfg_tool's rules, and the combinations it accepts but that leave a device without a DAC. */
export function checkSecureCertOptions(o: GenerateOptions): void {
  const attestation = o.pai || o.paa;
  if ((o.commissionableInSecureCert || o.rdIdUidInSecureCert) && !(o.dacInSecureCert && o.commissionableInSecureCert && o.rdIdUidInSecureCert)) {
    throw new UsageError("usage.option-needs", "options --commissionable-data-in-secure-cert and --rd-id-uid-in-secure-cert go together and need --dac-in-secure-cert (mfg_tool stores them only as one set)");
  }
  if (o.dacInSecureCert && !attestation) {
    throw new UsageError("usage.option-needs", "option --dac-in-secure-cert needs --pai or --paa (a DAC to put there); for a module whose esp_secure_cert was written at the module factory give no attestation option");
  }
  if (o.dacInSecureCert && o.noSecureCertBin) {
    throw new UsageError("usage.option-conflict", "options --dac-in-secure-cert and --no-secure-cert-bin: the DAC would be in neither the NVS image nor a secure-cert image");
  }
  if (o.commissionableInSecureCert && o.dynamicPasscode) {
    throw new UsageError("usage.option-conflict", "options --commissionable-data-in-secure-cert and --enable-dynamic-passcode: there is no verifier to store");
  }
  if (o.dsPeripheral) checkDsPeripheral(o);
  else if (o.efuseKeyId !== -1) throw new UsageError("usage.option-needs", `option --efuse-key-id ${o.efuseKeyId}: only with -ds/--ds-peripheral`);
  if (o.port !== undefined) throw new UsageError("usage.not-supported", "option --port: this tool never writes to a chip; flash the images and burn eFuses with esptool/espefuse");
  if (o.secureCertKey === "hmac-derived") {
    if (!o.dacInSecureCert) throw new UsageError("usage.option-needs", "option --secure-cert-key hmac-derived needs --dac-in-secure-cert");
    if (o.dacCert !== undefined) throw new UsageError("usage.option-conflict", "option --secure-cert-key hmac-derived: the DAC is issued for the derived key, so --dac-cert cannot be used (give --pai -k or --paa)");
  }
  for (const name of ["efuseHmacKey", "hmacSalt"] as const) {
    const flag = name === "efuseHmacKey" ? "--efuse-hmac-key" : "--hmac-salt";
    if (o[name] === undefined) continue;
    if (o.secureCertKey !== "hmac-derived") throw new UsageError("usage.option-needs", `option ${flag}: only with --secure-cert-key hmac-derived`);
    if (o.count !== 1) throw new UsageError("usage.per-device-option", `option ${flag}: a value for one device, but the count is ${o.count}`);
  }
}

function checkDsPeripheral(o: GenerateOptions): void {
  const target = o.target.toLowerCase();
  if (target === "esp32c3") {
    throw new UsageError("usage.not-on-target", "option -ds/--ds-peripheral with --target esp32c3: the ESP32-C3's DS peripheral signs RSA only and it has no ECDSA peripheral, so it cannot hold a P-256 DAC key; use the plaintext key under flash encryption or --secure-cert-key hmac-derived");
  }
  if (!DS_ECDSA_TARGETS.includes(target)) {
    throw new UsageError("usage.not-on-target", `option -ds/--ds-peripheral with --target ${JSON.stringify(o.target)}: the ECDSA peripheral exists only on ${DS_ECDSA_TARGETS.join(", ")}`);
  }
  if (o.efuseKeyId === -1) throw new UsageError("usage.option-needs", "option -ds/--ds-peripheral needs --efuse-key-id <0-5>");
  if (!o.dacInSecureCert) throw new UsageError("usage.option-needs", "option -ds/--ds-peripheral needs --dac-in-secure-cert (the key's eFuse block is named in the secure-cert image)");
  if (o.secureCertKey === "hmac-derived") throw new UsageError("usage.option-conflict", "options -ds and --secure-cert-key hmac-derived: one key mode");
}

/** chip-factory keys that leave the NVS image. */
export function keysOutOfNvs(plan: SecureCertPlan | undefined): Set<string> {
  const out = new Set<string>();
  if (!plan) return out;
  if (plan.dac) for (const k of ATTESTATION_KEYS) out.add(k);
  if (plan.commissionable) for (const k of COMMISSIONABLE_KEYS) out.add(k);
  if (plan.rdIdUid) out.add("rd-id-uid");
  return out;
}

/** The rows without the keys that live in esp_secure_cert (namespace rows kept). */
export function withoutSecureCertKeys(rows: readonly NvsRow[], plan: SecureCertPlan | undefined): NvsRow[] {
  const out = keysOutOfNvs(plan);
  return out.size === 0 ? [...rows] : rows.filter((r) => r.kind === "namespace" || !out.has(r.key));
}

export interface DeviceSecureCertValues {
  dac: Uint8Array;
  pai: Uint8Array;
  /** 121-byte SEC1 DER (plain and ECDSA-peripheral modes). */
  privateKeyDer?: Uint8Array;
  /** HMAC-derived mode. */
  hmacSalt?: Uint8Array;
  commissionable?: { discriminator: number; verifier: Uint8Array; salt: Uint8Array; iterationCount: number };
  rdIdUid?: Uint8Array;
  /** 64 random bytes: the two 32-byte entries mfg_tool adds with the TLV 201 set. */
  random?: Uint8Array;
}

/** <uuid>_esp_secure_cert.bin: mfg_tool's entry order, no integrity entry (matter_secure_cert.generate_partition). */
export function deviceSecureCertImage(plan: SecureCertPlan, v: DeviceSecureCertValues): Uint8Array {
  let entries: SecureCertEntryInput[];
  if (plan.key === "hmac-derived") {
    if (!v.hmacSalt) throw new Error("HMAC-derived secure-cert image without a salt");
    entries = hmacDerivedEntries({ dac: v.dac, pai: v.pai, salt: v.hmacSalt });
  } else {
    if (!v.privateKeyDer) throw new Error("secure-cert image without the DAC key");
    entries = plainKeyEntries({ dac: v.dac, pai: v.pai, privateKeyDer: v.privateKeyDer });
    if (plan.key === "ecdsa-peripheral") {
      // SEC_CFG first: eFuse block = key id + EFUSE_BLK_KEY0 (4), then 39 zero bytes; PRIV_KEY flagged 0x08
      // and, as esp-secure-cert-tool 2.6.1 writes it, still holding the plaintext key.
      const secCfg = new Uint8Array(40);
      secCfg[0] = (plan.efuseKeyId ?? 0) + 4;
      entries[2] = { ...entries[2], flags: TlvFlag.KEY_ECDSA_PERIPHERAL };
      entries.unshift({ type: SecureCertType.SEC_CFG, value: secCfg });
    }
  }
  if (plan.commissionable && v.commissionable && v.rdIdUid && v.random) {
    entries.push(...matterTlvEntries({
      discriminator: v.commissionable.discriminator,
      verifier: v.commissionable.verifier,
      salt: v.commissionable.salt,
      iterationCount: v.commissionable.iterationCount,
      rotatingDeviceIdUniqueId: v.rdIdUid,
      random: [v.random.subarray(0, 32), v.random.subarray(32, 64)],
    }));
  }
  return writeSecureCert(entries);
}

/** The secure-cert image's file name beside <uuid>-partition.bin (mfg_tool: "_" where NVS has "-"). */
export const secureCertFileName = (uuid: string): string => `${uuid}_esp_secure_cert.bin`;

/** An eFuse HMAC key and salt whose derived scalar is a valid key (esp_secure_cert_mgr retries likewise). */
export function drawHmacDerivedKey(random: (n: number) => Uint8Array, fixedKey?: Uint8Array, fixedSalt?: Uint8Array): { efuseKey: Uint8Array; salt: Uint8Array; d: Uint8Array } {
  for (let tries = 0; ; tries++) {
    const efuseKey = fixedKey ?? random(EFUSE_KEY_SIZE).slice();
    const salt = fixedSalt ?? random(32).slice();
    try {
      return { efuseKey, salt, d: deriveHmacEcdsaKey(efuseKey, salt, nodePbkdf2Sha256).d };
    } catch (e) {
      if ((fixedKey && fixedSalt) || tries > 30) throw new CliError("option.hmac-derived", `--secure-cert-key hmac-derived: ${(e as Error).message}`);
    }
  }
}
