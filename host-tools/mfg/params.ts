// Per-device random choices, drawn on the main thread in device order so the batch does not depend
// on worker scheduling. Source: the OS CSPRNG, or with --seed a ChaCha20 stream per device
// (modules/platform/seeded-random.ts keyed by "<seed>#<index>"), so a --seed batch — and a resumed
// one — reproduces exactly. Passcodes, serials, rd-id-uids and UUIDs never repeat within a batch:
// a value already used is drawn again (from the same device stream, so reproducibility holds).

import { toHex } from "../../modules/bytes/hex.js";
import { generateKeys } from "../../modules/nvs/encryption.js";
import { generateDiscriminator, generatePasscode } from "../../modules/onboarding/passcode.js";
import type { RandomSource } from "../../modules/platform/random.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { nodeRandom } from "../node-random.js";
import { drawCertSerial, drawP256Scalar } from "./dac-fast.js";
import type { DeviceParams, ManifestEntry } from "./device.js";
import type { BatchPlan } from "./plan.js";
import { drawHmacDerivedKey } from "./secure-cert.js";

/** mfg_tool SERIAL_NUMBER_LEN: 16 random bytes → 32 lower-case hex characters. */
const SERIAL_BYTES = 16;
/** Rotating device ID unique ID: 128 bits (docs/factory-data.md §Per-device values). */
const RD_ID_UID_BYTES = 16;

/** RFC 9562 version-4 UUID text from 16 random bytes. */
export function uuid4(random: RandomSource): string {
  const b = random(16).slice();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A 53-bit fingerprint of a string (two FNV-1a 32-bit hashes). The "already used" sets hold these
 * numbers instead of the strings so memory stays small for 100,000-device batches: equal strings
 * always collide (no repeat can slip through); an accidental collision only costs a redraw.
 */
export function fingerprint53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

class UsedSet {
  private readonly seen = new Set<number>();
  has(s: string): boolean {
    return this.seen.has(fingerprint53(s));
  }
  add(s: string): void {
    this.seen.add(fingerprint53(s));
  }
}

export class DeviceDrawer {
  private readonly passcodes = new Set<number>();
  private readonly serials = new UsedSet();
  private readonly uids = new UsedSet();
  private readonly uuids = new UsedSet();

  constructor(
    private readonly plan: BatchPlan,
    private readonly seed: string | undefined,
  ) {}

  /** The random source of device `index`. */
  randomFor(index: number): RandomSource {
    return this.seed === undefined ? nodeRandom : seededRandom(`${this.seed}#${index}`);
  }

  /** A device already in the manifest (--resume): its values stay taken. */
  remember(e: ManifestEntry): void {
    if (e.passcode !== null) this.passcodes.add(e.passcode);
    this.serials.add(e.serial);
    if (e.rdIdUid !== null) this.uids.add(e.rdIdUid);
    this.uuids.add(e.uuid);
  }

  private unique<T>(used: { has(v: T): boolean; add(v: T): unknown }, draw: () => T): T {
    for (;;) {
      const v = draw();
      if (!used.has(v)) {
        used.add(v);
        return v;
      }
    }
  }

  draw(index: number): DeviceParams {
    const { plan } = this;
    const o = plan.options;
    const fixed = plan.fixed;
    const r = this.randomFor(index);
    const uuid = fixed.uuid ?? this.unique(this.uuids, () => uuid4(r));
    const passcode = fixed.passcode ?? (o.dynamicPasscode ? 0 : this.unique(this.passcodes, () => generatePasscode(r)));
    const discriminator = fixed.discriminator ?? generateDiscriminator(r);
    const salt = fixed.salt ?? r(32).slice();
    const serialNumber = plan.modules?.modules[index]?.serial ?? fixed.serialNumber ?? this.unique(this.serials, () => toHex(r(SERIAL_BYTES)));
    const p: DeviceParams = { index, uuid, passcode, discriminator, salt, serialNumber };
    const sc = plan.secureCert;
    if ((o.rotatingId || sc?.rdIdUid) && !fixed.rdIdUid) {
      const hex = this.unique(this.uids, () => toHex(r(RD_ID_UID_BYTES)));
      p.rdIdUid = new Uint8Array(Buffer.from(hex, "hex"));
    }
    if (plan.attestation.kind === "issue") {
      if (sc?.key === "hmac-derived") {
        const h = drawHmacDerivedKey(r, fixed.efuseHmacKey, fixed.hmacSalt);
        p.dacScalar = h.d;
        p.efuseHmacKey = h.efuseKey;
        p.hmacSalt = h.salt;
      } else p.dacScalar = drawP256Scalar(r).slice();
      p.certSerial = drawCertSerial(r);
    }
    if (sc?.commissionable) p.secureCertRandom = r(64).slice();
    if (o.encrypt) p.nvsKeys = generateKeys(r);
    return p;
  }
}
