// esp_secure_cert images for `inspect` and `verify`: ours, esp-matter-mfg-tool's, esp-secure-cert-tool's,
// or a module dump (`esptool read-flash 0xD000 0x2000 dump.bin`). Every entry by name with its CRC; the
// private key redacted unless asked; what connectedhomeip's ESP32SecureCertDACProvider and
// ESP32SecureCertDataProvider would get from it (docs/secure-cert.md).

import { toHex } from "../../modules/bytes/hex.js";
import type { FactoryData } from "../../modules/factory/factory-data.js";
import {
  MatterTlvSubtype, SECURE_CERT_PARTITION_SIZE, SecureCertType, TLV_MAGIC, checkSecureCertIntegrity, decodeSec1P256,
  deriveHmacEcdsaKey, findSecureCertEntry, readMatterAttestation, readSecureCert, type SecureCertEntry, type SecureCertImage,
  type SecureCertProblem,
} from "../../modules/secure-cert/index.js";
import { type Finding, makeFinding } from "../../modules/errors/finding.js";
import { describeCert } from "../certs/facts.js";
import { loadCertificate, matterVidPid } from "../certs/index.js";
import { nodePbkdf2Sha256 } from "../node-crypto.js";

/** A TLV image (magic at 0) or anything of exactly the partition's size (a dump, erased or not). */
export function looksLikeSecureCert(bytes: Uint8Array): boolean {
  const magic = bytes.length >= 4 && (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 === TLV_MAGIC;
  return magic || bytes.length === SECURE_CERT_PARTITION_SIZE;
}

const SECRET_TYPES = new Set<number>([SecureCertType.PRIV_KEY, SecureCertType.DS_DATA]);

function flagNames(flags: number): string[] {
  const out: string[] = [];
  if ((flags & 0xc0) === 0x80) out.push("hmac-encrypted");
  if ((flags & 0xc0) === 0x40) out.push("hmac-derived-key");
  if ((flags & 0x38) === 0x08) out.push("ecdsa-peripheral-key");
  return out;
}

/** One line about what an entry holds. */
function decodeEntry(e: SecureCertEntry, image: SecureCertImage, bytes: Uint8Array): string {
  if (!e.crcOk || e.value === undefined) return "CRC mismatch: a device refuses this entry";
  const v = e.value;
  switch (e.type) {
    case SecureCertType.DEV_CERT:
    case SecureCertType.CA_CERT: {
      const role = e.type === SecureCertType.DEV_CERT ? "DAC" : "PAI";
      if (v[0] !== 0x30) return `${role}? not DER (${v[v.length - 1] === 0 ? "PEM text + NUL: connectedhomeip's provider needs DER" : "unknown encoding"})`;
      try {
        const cert = loadCertificate(v, role);
        const ids = matterVidPid(cert);
        const vp = [ids.vendorId !== undefined ? `VID 0x${ids.vendorId.toString(16).toUpperCase()}` : "", ids.productId !== undefined ? `PID 0x${ids.productId.toString(16).toUpperCase()}` : ""].filter(Boolean).join(" ");
        return `${describeCert(role, cert)}${vp ? `, ${vp}` : ""}, valid ${cert.notBefore.toISOString().slice(0, 10)}..${cert.notAfter.toISOString().slice(0, 10)}`;
      } catch (err) {
        return `not a certificate: ${(err as Error).message.split("\n")[0]}`;
      }
    }
    case SecureCertType.PRIV_KEY:
      if ((e.flags & 0xc0) === 0x40) return "HMAC-derived key marker: the chip derives the key from its eFuse HMAC key and the salt";
      if (decodeSec1P256(v)) return "P-256 private key, 121-byte SEC1 DER (the provider's layout)";
      return `${v.length}-byte key${v[v.length - 1] === 0 ? " (PEM text + NUL: the Matter provider cannot use it)" : " (not the 121-byte SEC1 DER the Matter provider slices)"}`;
    case SecureCertType.HMAC_ECDSA_KEY_SALT:
      return `salt of the HMAC-derived key (${v.length} bytes): ${toHex(v)}`;
    case SecureCertType.SEC_CFG:
      return `security config: key in eFuse block ${v[0]} (key id ${v[0] - 4})`;
    case SecureCertType.DS_CONTEXT:
      return `RSA DS context: eFuse key id ${v[4]}, ${v[6] | (v[7] << 8)} bits`;
    case SecureCertType.INTEGRITY:
      return `SHA-256 of the bytes before it: ${checkSecureCertIntegrity(image, bytes)}`;
    case SecureCertType.MATTER_TLV_1:
      return matterTlvText(e.subtype, v);
    default:
      return `${v.length} bytes`;
  }
}

function matterTlvText(subtype: number, v: Uint8Array): string {
  switch (subtype) {
    case MatterTlvSubtype.DISCRIMINATOR: return `discriminator ${v[0] | (v[1] << 8)}`;
    case MatterTlvSubtype.VERIFIER: return `SPAKE2+ verifier (${v.length} bytes)`;
    case MatterTlvSubtype.SALT: return `SPAKE2+ salt ${toHex(v)}`;
    case MatterTlvSubtype.ITERATION_COUNT: return `iteration count ${new DataView(v.buffer, v.byteOffset).getUint32(0, true)}`;
    case MatterTlvSubtype.ROTATING_DEVICE_ID_UID: return `rd-id-uid ${toHex(v)}`;
    default: return `${v.length} bytes (mfg_tool's random entry)`;
  }
}

/** --json keeps its `code` field (the id under its old name) beside the finding's fields. */
const problemJson = (p: SecureCertProblem) => ({ code: p.id, ...p });

export interface SecureCertInspection {
  image: SecureCertImage;
  lines: string[];
  json: unknown;
}

export function inspectSecureCert(bytes: Uint8Array, path: string, showSecrets: boolean): SecureCertInspection {
  const image = readSecureCert(bytes);
  const m = readMatterAttestation(image);
  const lines: string[] = [];
  const used = image.end.offset;
  lines.push(`esp_secure_cert image ${path}: ${image.format}, ${image.entries.length} entries, ${used} of ${bytes.length} bytes used, chain ends at 0x${used.toString(16)} (${image.end.reason})`);
  const entries = image.entries.map((e) => {
    const secret = SECRET_TYPES.has(e.type) && e.length > 0;
    const decoded = decodeEntry(e, image, bytes);
    const value = e.value === undefined ? null : secret && !showSecrets ? "<redacted>" : toHex(e.value);
    lines.push(`  0x${e.offset.toString(16).padStart(4, "0")} ${`${e.typeName}/${e.subtype}`.padEnd(22)} flags 0x${e.flags.toString(16).padStart(2, "0")} ${String(e.length).padStart(5)} bytes  CRC 0x${e.storedCrc.toString(16).padStart(8, "0")} ${e.crcOk ? "ok " : "BAD"}  ${decoded}${secret ? (showSecrets && e.value ? `: ${toHex(e.value)}` : " <redacted>") : ""}`);
    return { offset: e.offset, type: e.type, typeName: e.typeName, subtype: e.subtype, flags: e.flags, flagNames: flagNames(e.flags), length: e.length, crc: e.storedCrc, crcOk: e.crcOk, decoded, value };
  });
  for (const p of image.problems) lines.push(`problem ${p.id}: ${p.message}`);
  const provider = m.missing.length === 0 ? `DAC, PAI and a ${m.keyType} key: the secure-cert DAC provider can attest` : m.missing.map((p) => p.message).join("; ");
  lines.push(`provider: ${provider}`);
  const json = {
    format: image.format, size: bytes.length, used, end: image.end, entries, problems: image.problems.map(problemJson),
    integrity: checkSecureCertIntegrity(image, bytes),
    attestation: { keyType: m.keyType ?? null, dac: !!m.dac, pai: !!m.pai, missing: m.missing.map(problemJson) },
  };
  return { image, lines, json };
}

export interface SecureCertForVerify {
  /** Checks "secure-cert" and "dac-key"; verify prints them as `severity check: message`. */
  findings: Finding[];
  /** chip-factory keys the secure-cert image supplies. */
  supplied: Set<string>;
}

/**
 * Reads the image for `verify` and fills `data` with what the secure-cert providers would serve:
 * DAC, PAI, the key pair (sliced as the provider does, or derived when the eFuse key is known) and the
 * TLV 201 commissionable values. A key that NVS also holds is kept from NVS and reported.
 */
export function secureCertForVerify(bytes: Uint8Array, source: string, data: FactoryData, efuseKey?: Uint8Array): SecureCertForVerify {
  const findings: SecureCertForVerify["findings"] = [];
  const supplied = new Set<string>();
  const image = readSecureCert(bytes);
  const m = readMatterAttestation(image);
  // The reader's own severity: only bytes after the chain (secure-cert.not-erased) are a warning.
  for (const p of [...image.problems, ...m.missing]) findings.push({ id: p.id, severity: p.severity, check: p.check, message: `${source}: ${p.message}` });
  const fill = <K extends keyof FactoryData>(key: string, field: K, value: FactoryData[K] | undefined) => {
    if (value === undefined) return;
    if (data[field] !== undefined) {
      findings.push(makeFinding("secure-cert", "both", "warning", `${key} is in both the NVS image and ${source}; which one the firmware uses depends on its provider configuration`, key));
      return;
    }
    data[field] = value;
    supplied.add(key);
  };
  fill("dac-cert", "dacCert", m.dac);
  fill("pai-cert", "paiCert", m.pai);
  if (m.privateKeyDer) {
    const k = decodeSec1P256(m.privateKeyDer)!;
    fill("dac-key", "dacKey", k.d);
    fill("dac-pub-key", "dacPublicKey", k.publicPoint);
  } else if (m.keyType === "hmac-derived-ecdsa" && m.salt) {
    if (efuseKey) {
      try {
        const k = deriveHmacEcdsaKey(efuseKey, m.salt, nodePbkdf2Sha256);
        fill("dac-key", "dacKey", k.d);
        fill("dac-pub-key", "dacPublicKey", k.publicPoint);
      } catch (e) {
        findings.push(makeFinding("dac-key", "hmac-derive", "error", `HMAC-derived key: ${(e as Error).message}`));
      }
    } else {
      supplied.add("dac-key").add("dac-pub-key");
      findings.push(makeFinding("dac-key", "hmac-not-checked", "warning", "HMAC-derived key: derived on the chip; give --efuse-hmac-key <key.bin> to check it is the DAC's"));
    }
  }
  const tlv = (subtype: number) => {
    const r = findSecureCertEntry(image, SecureCertType.MATTER_TLV_1, subtype);
    return r.ok ? r.value : undefined;
  };
  const disc = tlv(MatterTlvSubtype.DISCRIMINATOR);
  const iters = tlv(MatterTlvSubtype.ITERATION_COUNT);
  fill("discriminator", "discriminator", disc && disc.length === 2 ? disc[0] | (disc[1] << 8) : undefined);
  fill("iteration-count", "iterationCount", iters && iters.length === 4 ? new DataView(iters.buffer, iters.byteOffset).getUint32(0, true) : undefined);
  fill("salt", "salt", tlv(MatterTlvSubtype.SALT));
  fill("verifier", "verifier", tlv(MatterTlvSubtype.VERIFIER));
  fill("rd-id-uid", "rotatingDeviceIdUniqueId", tlv(MatterTlvSubtype.ROTATING_DEVICE_ID_UID));
  if (!findings.some((f) => f.severity === "error" && f.check === "secure-cert")) {
    findings.push(makeFinding("secure-cert", "ok", "ok", `${source}: ${image.entries.length} entries, CRCs check; supplies ${[...supplied].join(", ") || "nothing"}`));
  }
  return { findings, supplied };
}
