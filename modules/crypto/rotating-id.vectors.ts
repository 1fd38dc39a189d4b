// Rotating Device ID vectors — docs/onboarding.md §Rotating Device ID (UniqueID 00112233445566778899aabbccddeeff).

import { fromHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { rotatingDeviceId, rotatingDeviceIdHex, type RotatingIdAlgorithm } from "./rotating-id.js";
import { bytesEqual } from "../bytes/bytes.js";

const UID = fromHex("00112233445566778899aabbccddeeff");

const table: { counter: number; algorithm: RotatingIdAlgorithm; rdi: string; source: string }[] = [
  // chip src/setup_payload/tests/TestAdditionalDataPayload.cpp [src]
  { counter: 10, algorithm: "sdk-sha256", rdi: "0A00D00561E77A68A9FD975057375B9283A8", source: "chip test" },
  { counter: 65535, algorithm: "sdk-sha256", rdi: "FFFF8BEA0C775F001981365D6362E1C0665A", source: "chip test" },
  // Core §5.4.2.4.5, HKDF salt = counter LE [calc; re-derived with node:crypto hkdfSync]
  { counter: 10, algorithm: "spec-hkdf", rdi: "0A00C350BE89881C0D7561932DA306A0B2C8", source: "spec" },
  { counter: 65535, algorithm: "spec-hkdf", rdi: "FFFF01A1AF52D7464FEB08052A6FCF56DFE2", source: "spec" },
  { counter: 0, algorithm: "spec-hkdf", rdi: "0000C5949D2A8C3FB9DA189A9147F619EC1A", source: "spec" },
  // [calc] node:crypto SHA-256
  { counter: 0, algorithm: "sdk-sha256", rdi: "0000406E4D7073744BF234AD391DAE869837", source: "calc" },
];

export const vectors: VectorCase[] = [
  ...table.map(
    (row): VectorCase => ({
      name: `RDI ${row.algorithm} counter ${row.counter} (${row.source})`,
      run() {
        const rdi = rotatingDeviceId(UID, row.counter, row.algorithm);
        checkEqual(rdi.length, 18, "length");
        checkEqual(rotatingDeviceIdHex(rdi), row.rdi, "RDI");
      },
    }),
  ),
  {
    name: "default algorithm is spec-hkdf",
    run() {
      checkEqual(rotatingDeviceIdHex(rotatingDeviceId(UID, 10)), "0A00C350BE89881C0D7561932DA306A0B2C8", "RDI");
    },
  },
  {
    name: "byte-order trap: HKDF salt must be the counter little-endian, not big-endian",
    run() {
      // HKDF with salt = 00 0A (counter 10 big-endian) gives this; the spec output must differ.
      const beSaltDerived = fromHex("45C970BF71D1F5833B6013EF5F2B9938");
      const rdi = rotatingDeviceId(UID, 10, "spec-hkdf");
      checkTrue(!bytesEqual(rdi.subarray(2), beSaltDerived), "derived part differs from the BE-salt result");
      checkEqual(rdi.subarray(0, 2), fromHex("0a00"), "counter prefix is little-endian");
    },
  },
  {
    name: "the two algorithms disagree (connectedhomeip#29124)",
    run() {
      checkTrue(!bytesEqual(rotatingDeviceId(UID, 10, "spec-hkdf"), rotatingDeviceId(UID, 10, "sdk-sha256")), "spec ≠ sdk");
    },
  },
  {
    name: "longer UniqueID accepted; counter bounds",
    run() {
      checkEqual(rotatingDeviceId(new Uint8Array(32).fill(7), 1).length, 18, "32-byte UniqueID");
      checkEqual(rotatingDeviceId(UID, 0x1234, "sdk-sha256").subarray(0, 2), fromHex("3412"), "counter LE");
    },
  },
  {
    name: "bad input: one-line errors",
    run() {
      checkThrowsId(() => rotatingDeviceId(new Uint8Array(15), 0), "rotating-id.unique-id-length", "unique id length 15: must be at least 16 bytes");
      checkThrowsId(() => rotatingDeviceId(UID, 65536), "rotating-id.counter-range", "counter 65536: must be an integer in 0..65535");
      checkThrows(() => rotatingDeviceId(UID, -1), "counter -1:");
      checkThrowsId(() => rotatingDeviceId(UID, 1.5), "rotating-id.counter-range", "counter 1.5:");
      checkThrowsId(() => rotatingDeviceId(UID, 1, "hkdf" as RotatingIdAlgorithm), "rotating-id.algorithm", 'algorithm "hkdf": must be');
    },
  },
];
