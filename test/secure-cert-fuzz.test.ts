// Fuzz test of the esp_secure_cert reader: ≥ 5,000 mutated images per run. Seeded: MF_SEED=<n> replays a
// run; every failure message starts with the seed and the case.
//
// Asserted for every image: readSecureCert never throws; the walk is bounded by the image; every entry
// lies inside the image, 16-aligned and back to back; every returned value is backed by a CRC checked
// here independently (node:zlib's crc32 continued from 0xFFFFFFFF); a lookup never returns an entry whose
// CRC fails; problems are one line each with a stable id.
import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  SecureCertType, SUBTYPE_MAX, TlvFlag, findSecureCertEntry, padToPartition, readMatterAttestation, readSecureCert,
  writeSecureCert, type SecureCertEntryInput,
} from "../modules/secure-cert/index.js";
import { Rng } from "./support/seeded-rng.js";

const SEED = process.env.MF_SEED !== undefined ? Number(process.env.MF_SEED) >>> 0 : 0x53435446;
const CASES = 5_000;


function baseImage(rng: Rng): Uint8Array {
  const entries: SecureCertEntryInput[] = [
    { type: SecureCertType.DEV_CERT, value: rng.bytes(400 + rng.below(200)) },
    { type: SecureCertType.CA_CERT, value: rng.bytes(400 + rng.below(200)) },
  ];
  if (rng.below(2)) entries.push({ type: SecureCertType.PRIV_KEY, value: rng.bytes(121) });
  else entries.push({ type: SecureCertType.HMAC_ECDSA_KEY_SALT, value: rng.bytes(32) }, { type: SecureCertType.PRIV_KEY, flags: TlvFlag.HMAC_ECDSA_KEY_DERIVATION, value: new Uint8Array(0) });
  for (let s = 0; s < rng.below(4); s++) entries.push({ type: SecureCertType.MATTER_TLV_1, subtype: s, value: rng.bytes(rng.below(40)) });
  const image = writeSecureCert(entries, { integrity: rng.below(2) === 1 });
  return rng.below(2) ? padToPartition(image) : image;
}

function mutate(rng: Rng, image: Uint8Array): Uint8Array {
  const b = image.slice();
  switch (rng.below(6)) {
    case 0: for (let i = 0; i < 1 + rng.below(8); i++) b[rng.below(b.length)] ^= 1 << rng.below(8); return b;
    case 1: { const at = rng.below(b.length); b.fill(rng.below(2) ? 0xff : 0, at, at + rng.below(64)); return b; }
    case 2: return b.subarray(0, rng.below(b.length + 1));
    case 3: { // a header's length field
      const at = 16 * rng.below(b.length / 16);
      b[at + 10] = rng.below(256); b[at + 11] = rng.below(256); return b;
    }
    case 4: { const at = rng.below(b.length); b.set(rng.bytes(Math.min(32, b.length - at)), at); return b; }
    default: return rng.bytes(rng.below(9000));
  }
}

const crcOf = (b: Uint8Array) => zlibCrc32(b, 0xffffffff) >>> 0;
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

function checkImage(b: Uint8Array, where: string): void {
  const r = readSecureCert(b);
  let expected = 0;
  for (const e of r.entries) {
    expect(e.offset, where).toBe(expected);
    expect(e.offset + e.size, where).toBeLessThanOrEqual(b.length);
    expect(e.size % 16, where).toBe(0);
    const covered = e.size - 4;
    const ok = crcOf(b.subarray(e.offset, e.offset + covered)) === u32(b, e.offset + covered);
    expect(e.crcOk, where).toBe(ok);
    if (e.value !== undefined) {
      expect(ok, `${where}: value without a good CRC`).toBe(true);
      expect(Buffer.from(e.value).equals(Buffer.from(b.subarray(e.offset + 12, e.offset + 12 + e.length))), where).toBe(true);
    }
    expected += e.size;
  }
  expect(r.end.offset, where).toBe(expected);
  for (const p of r.problems) {
    expect(p.message, where).not.toMatch(/\n/);
    expect(p.id, where).toMatch(/^secure-cert\.[a-z-]+$/);
  }
  for (const type of [0, 1, 2, 5, 9, 201]) {
    for (const subtype of [0, 1, SUBTYPE_MAX]) {
      const l = findSecureCertEntry(r, type, subtype);
      if (l.ok) expect(l.entry.crcOk, where).toBe(true);
    }
  }
  const m = readMatterAttestation(r);
  for (const v of [m.dac, m.pai, m.privateKeyDer, m.salt]) if (v !== undefined) expect(v).toBeInstanceOf(Uint8Array);
}

describe("secure-cert reader fuzz", () => {
  it(`reads ${CASES} mutated images without throwing, only CRC-backed values (seed ${SEED})`, () => {
    const rng = new Rng(SEED);
    for (let i = 0; i < CASES; i++) {
      const where = `seed ${SEED} case ${i}`;
      const image = mutate(rng, baseImage(rng));
      try {
        checkImage(image, where);
      } catch (e) {
        throw new Error(`${where}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });

  it("unmutated images read back every entry with its CRC", () => {
    const rng = new Rng(SEED ^ 1);
    for (let i = 0; i < 50; i++) {
      const r = readSecureCert(baseImage(rng));
      expect(r.problems, `seed ${SEED} case ${i}`).toEqual([]);
      expect(r.entries.every((e) => e.crcOk)).toBe(true);
    }
  });
});
