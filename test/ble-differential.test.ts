// Differential tests for modules/ble against matter.js 0.17.9 (@matter/protocol BtpCodec, MatterBle;
// @matter/types TLV). Seeded: MF_SEED=<n> replays a run; every failure message starts with the seed.
//
// matter.js behaviours the comparison allows for (docs/onboarding.md §matter.js differences):
//   - encodeBleAdvertisementData zeroes VID/PID for extended announcements (so do we, like chip);
//   - decodeBleAdvertisementData returns the raw 16-bit discriminator word (version bits included) and
//     hasAdditionalAdvertisementData = (flags byte ≠ 0), so an extended announcement alone reads as
//     "has additional data" there;
//   - it does not enforce "VID 0 ⇒ PID 0" (§5.4.2.5.6), which our encoder does.

import { BtpCodec, MatterBle } from "@matter/protocol";
import { TlvByteString, TlvObject, TlvOptionalField } from "@matter/types";
import { describe, expect, it } from "vitest";
import { toHex } from "../modules/bytes/hex.js";
import { decodeAdditionalData, encodeAdditionalData } from "../modules/ble/additional-data.js";
import {
  decodeAdvertisingData,
  decodeServiceData,
  encodeAdvertisingData,
  encodeServiceData,
  type CommissionableAdvertisement,
} from "../modules/ble/advertising.js";
import { C1_UUID, C2_UUID, C3_UUID, MATTER_BLE_SERVICE_UUID } from "../modules/ble/uuids.js";
import { InputError } from "../modules/errors/input-error.js";
import { rotatingDeviceId } from "../modules/crypto/rotating-id.js";
import { randomInt, type RandomSource } from "../modules/platform/random.js";
import { seededRandom } from "../modules/platform/seeded-random.js";

const SEED = process.env.MF_SEED ?? "20250601";
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;
const bit = (random: RandomSource) => (random(1)[0] & 1) === 1;

function randomAdvertisement(random: RandomSource): Required<Omit<CommissionableAdvertisement, "version">> {
  const discriminator = randomInt(random, 0, 0xfff);
  // Mix in elided VID/PID (both 0, or PID only 0) and the extreme values.
  const shape = randomInt(random, 0, 9);
  const vendorId = shape === 0 ? 0 : shape === 1 ? 0xffff : randomInt(random, 1, 0xffff);
  const productId = vendorId === 0 || shape === 2 ? 0 : randomInt(random, 0, 0xffff);
  return { discriminator, vendorId, productId, additionalData: bit(random), extendedAnnouncement: bit(random) };
}

describe("BLE advertisement vs matter.js BtpCodec", () => {
  it("1000 seeded advertisements: ours encode → theirs decode, theirs encode → ours decode, bytes equal", () => {
    const random = seededRandom(`${SEED}/ble-adv`);
    for (let i = 0; i < 1000; i++) {
      const a = randomAdvertisement(random);
      const what = tag(`case ${i}: ${JSON.stringify(a)}`);
      const ours = encodeAdvertisingData(a);
      const theirs = BtpCodec.encodeBleAdvertisementData(a.discriminator, a.vendorId, a.productId, a.additionalData, a.extendedAnnouncement);
      expect(toHex(ours), `${what} encoded bytes`).toBe(toHex(theirs));

      const vid = a.extendedAnnouncement ? 0 : a.vendorId;
      const pid = a.extendedAnnouncement ? 0 : a.productId;
      expect(BtpCodec.decodeBleAdvertisementData(ours), `${what} matter.js decode of ours`).toEqual({
        discriminator: a.discriminator,
        vendorId: vid,
        productId: pid,
        hasAdditionalAdvertisementData: a.additionalData || a.extendedAnnouncement,
      });
      expect(decodeAdvertisingData(theirs), `${what} our decode of theirs`).toEqual({
        discriminator: a.discriminator,
        vendorId: vid,
        productId: pid,
        additionalData: a.additionalData,
        extendedAnnouncement: a.extendedAnnouncement,
        version: 0,
      });
    }
  });

  it("1000 seeded raw service-data blocks (opcode 0, any version and flag bits) decode alike", () => {
    const random = seededRandom(`${SEED}/ble-sd`);
    for (let i = 0; i < 1000; i++) {
      const data = random(8);
      data[0] = 0;
      const what = tag(`case ${i}: ${toHex(data)}`);
      const theirs = BtpCodec.decodeBleAdvertisementServiceData(data);
      const ours = decodeServiceData(data);
      expect(
        {
          discriminator: ours.discriminator | (ours.version << 12),
          vendorId: ours.vendorId,
          productId: ours.productId,
          hasAdditionalAdvertisementData: data[7] !== 0,
        },
        what,
      ).toEqual(theirs);
      expect(ours.additionalData, what).toBe((data[7] & 1) === 1);
      expect(ours.extendedAnnouncement, what).toBe((data[7] & 2) === 2);
      // Re-encoding reproduces the bytes except reserved flag bits 7..2 (and VID/PID for extended).
      if (!ours.extendedAnnouncement && !(ours.vendorId === 0 && ours.productId !== 0)) {
        const again = encodeServiceData(ours);
        expect(toHex(again.subarray(0, 7)), what).toBe(toHex(data.subarray(0, 7)));
        expect(again[7], what).toBe(data[7] & 3);
      }
    }
  });

  it("both sides reject a non-zero opcode; we also reject VID 0 with a PID (matter.js does not)", () => {
    const bad = encodeAdvertisingData({ discriminator: 1, vendorId: 2, productId: 3 });
    bad[7] = 1;
    expect(() => BtpCodec.decodeBleAdvertisementData(bad)).toThrow();
    expect(() => decodeAdvertisingData(bad)).toThrow(/opcode 0x01/);
    expect(toHex(BtpCodec.encodeBleAdvertisementData(1, 0, 5))).toBe("0201060b16f6ff00010000000500" + "00");
    expect(() => encodeAdvertisingData({ discriminator: 1, vendorId: 0, productId: 5 })).toThrow(/productId 5: must be 0 when vendorId is 0/);
  });

  it("service and characteristic UUIDs equal matter.js MatterBle", () => {
    expect(MATTER_BLE_SERVICE_UUID).toBe(MatterBle.SERVICE_UUID);
    expect(C1_UUID).toBe(MatterBle.C1_CHARACTERISTIC_UUID);
    expect(C2_UUID).toBe(MatterBle.C2_CHARACTERISTIC_UUID);
    expect(C3_UUID).toBe(MatterBle.C3_CHARACTERISTIC_UUID);
  });
});

describe("additional-data TLV", () => {
  const schema = TlvObject({ rotatingDeviceId: TlvOptionalField(0, TlvByteString) });

  it("1000 seeded RDIs: ours encode = matter.js TLV encode; decode round trips both ways", () => {
    const random = seededRandom(`${SEED}/ble-c3`);
    for (let i = 0; i < 1000; i++) {
      const rdi = rotatingDeviceId(random(16), randomInt(random, 0, 0xffff), bit(random) ? "spec-hkdf" : "sdk-sha256");
      const what = tag(`case ${i}: rdi=${toHex(rdi)}`);
      const ours = encodeAdditionalData({ rotatingDeviceId: rdi });
      const theirs = schema.encode({ rotatingDeviceId: rdi });
      expect(toHex(ours), what).toBe(toHex(theirs));
      expect(toHex(decodeAdditionalData(theirs).rotatingDeviceId!), what).toBe(toHex(rdi));
      expect(toHex(schema.decode(ours).rotatingDeviceId!), what).toBe(toHex(rdi));
    }
    expect(toHex(encodeAdditionalData({}))).toBe(toHex(schema.encode({})));
    expect(decodeAdditionalData(schema.encode({}))).toEqual({});
  });

  it("2000 seeded corruptions: decode returns or throws a one-line 'additional data:' InputError", () => {
    const random = seededRandom(`${SEED}/ble-c3-fuzz`);
    const base = encodeAdditionalData({ rotatingDeviceId: random(18) });
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const bytes = i % 4 === 0 ? random(randomInt(random, 0, 40)) : base.slice(0, randomInt(random, 0, base.length + 1));
      if (i % 4 !== 0) for (let k = randomInt(random, 0, 3); k > 0; k--) if (bytes.length) bytes[randomInt(random, 0, bytes.length - 1)] = random(1)[0];
      const what = tag(`case ${i}: ${toHex(bytes)}`);
      try {
        const out = decodeAdditionalData(bytes);
        accepted++;
        if (out.rotatingDeviceId) expect(out.rotatingDeviceId.length, what).toBeLessThanOrEqual(18);
      } catch (e) {
        rejected++;
        expect(e, what).toBeInstanceOf(InputError);
        expect(["ble.additional-data", "ble.rdi-length"], what).toContain((e as InputError).id);
        expect((e as Error).message, what).toMatch(/^additional data: [^\n]+$/);
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
