// What Matter keeps in esp_secure_cert (docs/secure-cert.md): DEV_CERT/0 = DAC, CA_CERT/0 = PAI,
// PRIV_KEY/0 = the DAC key, all DER; TLV type 201 for commissionable data (esp-matter-mfg-tool
// sources/matter_secure_cert.py; connectedhomeip ESP32SecureCertDataProvider). Builders give the entry
// order of the tool each layout is compared with; the reader gives what each device provider would get.

import {
  ECDSA_DER_KEY_SIZE, SecureCertError, SecureCertType, TlvFlag, type SecureCertKeyType,
} from "./format.js";
import type { SecureCertEntryInput } from "./writer.js";
import { type SecureCertImage, type SecureCertProblem, secureCertProblem } from "./reader.js";
import { findSecureCertEntry, secureCertKeyType } from "./lookup.js";
import { decodeSec1P256 } from "./ec-key.js";

/** ESP_SECURE_CERT_MATTER_TLV_1 subtypes (mfg_tool matter_secure_cert.py). */
export const MatterTlvSubtype = {
  DISCRIMINATOR: 0, // u16 LE
  VERIFIER: 1, // raw 97 bytes (W0 ‖ L)
  SALT: 2, // raw
  ITERATION_COUNT: 3, // u32 LE
  ROTATING_DEVICE_ID_UID: 4, // raw 16 bytes
  RANDOM_1: 128, // 32 random bytes, written by mfg_tool with the entries above
  RANDOM_2: 129,
} as const;

export interface PlainKeyLayout {
  dac: Uint8Array;
  pai: Uint8Array;
  /** The 121-byte SEC1 DER (ec-key.ts). */
  privateKeyDer: Uint8Array;
}

/** Default-format key, mfg_tool 1.0.29's `--dac-in-secure-cert` order: DEV_CERT, CA_CERT, PRIV_KEY. */
export function plainKeyEntries(layout: PlainKeyLayout): SecureCertEntryInput[] {
  if (decodeSec1P256(layout.privateKeyDer) === undefined) {
    throw new SecureCertError("secure-cert.key-format", `DAC private key for esp_secure_cert: must be the ${ECDSA_DER_KEY_SIZE}-byte SEC1 DER of a P-256 key (the DAC provider slices it)`);
  }
  return [
    { type: SecureCertType.DEV_CERT, value: layout.dac },
    { type: SecureCertType.CA_CERT, value: layout.pai },
    { type: SecureCertType.PRIV_KEY, value: layout.privateKeyDer },
  ];
}

export interface HmacDerivedLayout {
  dac: Uint8Array;
  pai: Uint8Array;
  salt: Uint8Array;
}

/**
 * HMAC-derived key: DEV_CERT, CA_CERT, HMAC_ECDSA_KEY_SALT/0, then an empty PRIV_KEY/0 with flags 0x40
 * (the order of esp_secure_cert_mgr's provisioning, salt before marker; esp-secure-cert-tool's builder
 * writes the same bytes for the same calls).
 */
export function hmacDerivedEntries(layout: HmacDerivedLayout): SecureCertEntryInput[] {
  return [
    { type: SecureCertType.DEV_CERT, value: layout.dac },
    { type: SecureCertType.CA_CERT, value: layout.pai },
    { type: SecureCertType.HMAC_ECDSA_KEY_SALT, value: layout.salt },
    { type: SecureCertType.PRIV_KEY, flags: TlvFlag.HMAC_ECDSA_KEY_DERIVATION, value: new Uint8Array(0) },
  ];
}

export interface MatterTlvValues {
  discriminator?: number;
  verifier?: Uint8Array;
  salt?: Uint8Array;
  iterationCount?: number;
  rotatingDeviceIdUniqueId?: Uint8Array;
  /** The two 32-byte random entries mfg_tool appends (subtypes 128, 129). */
  random?: [Uint8Array, Uint8Array];
}

/** TLV 201 entries in mfg_tool's order (subtypes 0, 1, 2, 3, 4, 128, 129), those given. */
export function matterTlvEntries(values: MatterTlvValues): SecureCertEntryInput[] {
  const out: SecureCertEntryInput[] = [];
  const add = (subtype: number, value: Uint8Array) => out.push({ type: SecureCertType.MATTER_TLV_1, subtype, value });
  if (values.discriminator !== undefined) add(MatterTlvSubtype.DISCRIMINATOR, le(values.discriminator, 2));
  if (values.verifier !== undefined) add(MatterTlvSubtype.VERIFIER, values.verifier);
  if (values.salt !== undefined) add(MatterTlvSubtype.SALT, values.salt);
  if (values.iterationCount !== undefined) add(MatterTlvSubtype.ITERATION_COUNT, le(values.iterationCount, 4));
  if (values.rotatingDeviceIdUniqueId !== undefined) add(MatterTlvSubtype.ROTATING_DEVICE_ID_UID, values.rotatingDeviceIdUniqueId);
  if (values.random !== undefined) {
    add(MatterTlvSubtype.RANDOM_1, values.random[0]);
    add(MatterTlvSubtype.RANDOM_2, values.random[1]);
  }
  return out;
}

function le(value: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
  return out;
}

/** What the device's secure-cert attestation provider would get from an image. */
export interface MatterAttestation {
  dac?: Uint8Array;
  pai?: Uint8Array;
  keyType?: SecureCertKeyType;
  /** Default-format key: the 121-byte DER (d at 7, point at 56). */
  privateKeyDer?: Uint8Array;
  /** HMAC-derived key: the salt paired with PRIV_KEY/0. */
  salt?: Uint8Array;
  /** One finding per thing the provider could not get (ids "secure-cert.crc", ".missing", ".key-format", ".key-type"). */
  missing: SecureCertProblem[];
}

/** DAC, PAI and key as connectedhomeip's ESP32SecureCertDACProvider reads them (subtype 0 each). */
export function readMatterAttestation(image: SecureCertImage): MatterAttestation {
  const missing: SecureCertProblem[] = [];
  const get = (type: number, subtype: number, what: string) => {
    const r = findSecureCertEntry(image, type, subtype);
    if (r.ok) return r.value;
    const offset = r.entry?.offset ?? 0;
    missing.push(r.reason === "crc"
      ? secureCertProblem("crc", offset, `${what}: its entry's CRC does not check`)
      : secureCertProblem("missing", offset, `${what}: no entry`));
    return undefined;
  };
  const out: MatterAttestation = { missing };
  out.dac = get(SecureCertType.DEV_CERT, 0, "DAC (DEV_CERT/0)");
  out.pai = get(SecureCertType.CA_CERT, 0, "PAI (CA_CERT/0)");
  const key = get(SecureCertType.PRIV_KEY, 0, "DAC private key (PRIV_KEY/0)");
  if (key === undefined) return out;
  out.keyType = secureCertKeyType(image);
  if (out.keyType === "default") {
    if (decodeSec1P256(key) === undefined) missing.push(secureCertProblem("key-format", 0, `DAC private key (PRIV_KEY/0): ${key.length} bytes, not the ${ECDSA_DER_KEY_SIZE}-byte SEC1 DER the provider slices`));
    else out.privateKeyDer = key;
  } else if (out.keyType === "hmac-derived-ecdsa") {
    out.salt = get(SecureCertType.HMAC_ECDSA_KEY_SALT, 0, "HMAC-derived key salt (HMAC_ECDSA_KEY_SALT/0)");
  } else {
    missing.push(secureCertProblem("key-type", 0, `DAC private key (PRIV_KEY/0): key type ${out.keyType} cannot sign a P-256 DAC on the ESP32-C3`));
  }
  return out;
}
