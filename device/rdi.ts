// Rotating Device ID on the device (Matter Core §5.4.2.4.5): a lifetime counter in the normal `nvs`
// partition, advanced and committed at each commencement of advertising (before it is used, so a reset
// never reuses a value) and wrapping at 16 bits; the RDI = counter (2 bytes LE) ‖ 16 derived bytes,
// spec HKDF by default (modules/crypto/rotating-id.ts explains the SDK variant). The unique ID is
// held privately here and never printed, advertised or returned.

import { encodeAdditionalData } from "../modules/ble/additional-data.js";
import { ROTATING_ID_COUNTER_MAX, rotatingDeviceId, type RotatingIdAlgorithm } from "../modules/crypto/rotating-id.js";
import type { StateStore } from "./platform.js";

/** Key of the counter in the device's state namespace. */
export const ROTATION_COUNTER_KEY = "rdi-counter";
const ROTATION_MASK = ROTATING_ID_COUNTER_MAX; // the counter wraps at 16 bits

/** The lifetime rotation counter, persisted in a StateStore. */
export class RotationCounter {
  constructor(private readonly store: StateStore) {}

  /** The value used by the last commencement, or undefined before the first one. */
  current(): number | undefined {
    const v = this.store.read(ROTATION_COUNTER_KEY);
    return typeof v === "number" && Number.isInteger(v) && v >= 0 ? v & ROTATION_MASK : undefined;
  }

  /** Advances to the next value (0 the first time; 0xFFFF wraps to 0), commits it and returns it. */
  advance(): number {
    const last = this.current();
    const next = last === undefined ? 0 : (last + 1) & ROTATION_MASK;
    this.store.write(ROTATION_COUNTER_KEY, next);
    return next;
  }
}

/** Computes RDIs for one device; the unique ID stays inside. */
export class RotatingIdGenerator {
  readonly #uniqueId: Uint8Array;
  constructor(
    uniqueId: Uint8Array,
    readonly algorithm: RotatingIdAlgorithm,
  ) {
    this.#uniqueId = uniqueId.slice();
  }
  /** The 18-byte Rotating Device ID for `counter`. */
  compute(counter: number): Uint8Array {
    return rotatingDeviceId(this.#uniqueId, counter, this.algorithm);
  }
}

/** The C3 value: the additional-data TLV (Core §5.4.2.4.4), with the RDI when there is one. */
export function additionalDataValue(rdi: Uint8Array | undefined): Uint8Array {
  return encodeAdditionalData(rdi ? { rotatingDeviceId: rdi } : {});
}
