// SPAKE2+ verifier for Matter commissioning (Matter Core §3.10, PAKE "Computation of the verifier";
// docs/onboarding.md §SPAKE2+ verifier):
//   ws = PBKDF2-HMAC-SHA256(password = passcode as u32 little-endian, salt, iterations, 80 bytes)
//   w0 = ws[0:40] mod n,  w1 = ws[40:80] mod n   (n = order of P-256, both as 32-byte big-endian)
//   L  = w1·G, uncompressed SEC1 point (65 bytes: 04 ‖ X ‖ Y)
//   serialized verifier (what the NVS "verifier" key / mfg_tool stores) = w0 ‖ L = 97 bytes.
// The PBKDF2 step dominates the cost, so it is injectable: noble everywhere, node:crypto on the host
// (host-tools/node-crypto.ts). The point multiplication is injectable for the same reason.

import { p256 } from "@noble/curves/nist.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes } from "../bytes/bytes.js";
import { cryptoError } from "./errors.js";
import { PBKDF_ITERATIONS_MAX, PBKDF_ITERATIONS_MIN, PBKDF_SALT_MAX, PBKDF_SALT_MIN, SPAKE2P_VERIFIER_LENGTH as VERIFIER_LENGTH } from "../factory/matter-constants.js";

// Parameter bounds: Matter's PBKDF limits (modules/factory/matter-constants.ts); the passcode travels
// in a 27-bit field.
export const SPAKE2P_ITERATIONS_MIN = PBKDF_ITERATIONS_MIN;
export const SPAKE2P_ITERATIONS_MAX = PBKDF_ITERATIONS_MAX;
export const SALT_MIN = PBKDF_SALT_MIN;
export const SALT_MAX = PBKDF_SALT_MAX;
export const PASSCODE_FIELD_MAX = 0x7ffffff;

/** Length of each of w0s / w1s before reduction (Core §3.10: CRYPTO_W_SIZE_BYTES = 40). */
export const SPAKE2P_WS_HALF_LENGTH = 40;
export const SPAKE2P_W_LENGTH = 32;
export const SPAKE2P_L_LENGTH = 65;
export const SPAKE2P_VERIFIER_LENGTH: typeof VERIFIER_LENGTH = VERIFIER_LENGTH; // W ‖ L = 32 + 65

/** PBKDF2-HMAC-SHA256; must return exactly `length` bytes. */
export type Pbkdf2Sha256 = (password: Uint8Array, salt: Uint8Array, iterations: number, length: number) => Uint8Array;

/** Multiplies the P-256 base point by a 32-byte big-endian scalar in 1..n-1; returns the 65-byte uncompressed point. */
export type P256BaseMultiply = (scalar: Uint8Array) => Uint8Array;

export const noblePbkdf2Sha256: Pbkdf2Sha256 = (password, salt, iterations, length) =>
  pbkdf2(sha256, password, salt, { c: iterations, dkLen: length });

export const nobleP256BaseMultiply: P256BaseMultiply = (scalar) =>
  p256.Point.BASE.multiply(bytesToBigInt(scalar)).toBytes(false);

const CURVE_ORDER: bigint = p256.Point.Fn.ORDER;

export interface Spake2pVerifier {
  /** 32 bytes, big-endian. */
  w0: Uint8Array;
  /** 32 bytes, big-endian. Secret: the commissioner's half; a device only needs w0 and L. */
  w1: Uint8Array;
  /** 65 bytes, uncompressed w1·G. */
  L: Uint8Array;
  /** 97 bytes: w0 ‖ L. */
  serialized: Uint8Array;
}

export interface Spake2pBackend {
  pbkdf2?: Pbkdf2Sha256;
  baseMultiply?: P256BaseMultiply;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function assertSpake2pPasscode(passcode: number): void {
  if (typeof passcode !== "number") throw new TypeError(`passcode ${describe(passcode)}: must be an integer in 0..${PASSCODE_FIELD_MAX} (27-bit field)`);
  if (!Number.isInteger(passcode) || passcode < 0 || passcode > PASSCODE_FIELD_MAX) {
    throw cryptoError("spake2p.passcode-range", `passcode ${describe(passcode)}: must be an integer in 0..${PASSCODE_FIELD_MAX} (27-bit field)`);
  }
}

export function assertSpake2pIterations(iterations: number): void {
  if (typeof iterations !== "number") throw new TypeError(`iterations ${describe(iterations)}: must be an integer in ${SPAKE2P_ITERATIONS_MIN}..${SPAKE2P_ITERATIONS_MAX}`);
  if (!Number.isInteger(iterations) || iterations < SPAKE2P_ITERATIONS_MIN || iterations > SPAKE2P_ITERATIONS_MAX) {
    throw cryptoError("spake2p.iterations-range", `iterations ${describe(iterations)}: must be an integer in ${SPAKE2P_ITERATIONS_MIN}..${SPAKE2P_ITERATIONS_MAX}`);
  }
}

export function assertSpake2pSalt(salt: Uint8Array): void {
  if (!(salt instanceof Uint8Array)) throw new TypeError(`salt ${describe(salt)}: must be a Uint8Array`);
  if (salt.length < SALT_MIN || salt.length > SALT_MAX) {
    throw cryptoError("spake2p.salt-length", `salt length ${salt.length}: must be ${SALT_MIN}..${SALT_MAX} bytes`);
  }
}

/** The PBKDF2 password: the passcode as a 4-byte little-endian integer (Core §3.10). */
export function spake2pPassword(passcode: number): Uint8Array {
  assertSpake2pPasscode(passcode);
  return new Uint8Array([passcode & 0xff, (passcode >>> 8) & 0xff, (passcode >>> 16) & 0xff, (passcode >>> 24) & 0xff]);
}

/** w0 and w1 (32-byte big-endian each) from passcode, salt and iteration count. */
export function computeSpake2pW0W1(
  passcode: number,
  salt: Uint8Array,
  iterations: number,
  pbkdf2: Pbkdf2Sha256 = noblePbkdf2Sha256,
): { w0: Uint8Array; w1: Uint8Array } {
  const password = spake2pPassword(passcode);
  assertSpake2pSalt(salt);
  assertSpake2pIterations(iterations);
  const ws = pbkdf2(password, salt, iterations, 2 * SPAKE2P_WS_HALF_LENGTH);
  if (ws.length !== 2 * SPAKE2P_WS_HALF_LENGTH) throw new Error(`pbkdf2 returned ${ws.length} bytes: expected ${2 * SPAKE2P_WS_HALF_LENGTH}`);
  const w0 = bytesToBigInt(ws.subarray(0, SPAKE2P_WS_HALF_LENGTH)) % CURVE_ORDER;
  const w1 = bytesToBigInt(ws.subarray(SPAKE2P_WS_HALF_LENGTH)) % CURVE_ORDER;
  return { w0: bigIntToBytes(w0, SPAKE2P_W_LENGTH), w1: bigIntToBytes(w1, SPAKE2P_W_LENGTH) };
}

/** L = w1·G (65 bytes uncompressed). w1 = 0 has no valid L (probability 2^-256 from PBKDF2). */
export function computeSpake2pL(w1: Uint8Array, baseMultiply: P256BaseMultiply = nobleP256BaseMultiply): Uint8Array {
  if (w1.length !== SPAKE2P_W_LENGTH) throw new RangeError(`w1 length ${w1.length}: must be ${SPAKE2P_W_LENGTH} bytes`);
  const scalar = bytesToBigInt(w1);
  if (scalar === 0n || scalar >= CURVE_ORDER) throw new RangeError(`w1 ${scalar === 0n ? "0" : "≥ n"}: must be in 1..n-1 of P-256`);
  const L = baseMultiply(w1);
  if (L.length !== SPAKE2P_L_LENGTH || L[0] !== 0x04) throw new Error(`base multiply returned ${L.length} bytes: expected a 65-byte uncompressed point`);
  return L;
}

/** Same as computeSpake2pVerifier with both expensive steps injectable. */
export function computeSpake2pVerifierWith(passcode: number, salt: Uint8Array, iterations: number, backend: Spake2pBackend = {}): Spake2pVerifier {
  const { w0, w1 } = computeSpake2pW0W1(passcode, salt, iterations, backend.pbkdf2 ?? noblePbkdf2Sha256);
  const L = computeSpake2pL(w1, backend.baseMultiply ?? nobleP256BaseMultiply);
  return { w0, w1, L, serialized: concatBytes(w0, L) };
}

/**
 * The SPAKE2+ verifier for `passcode`. Validates the parameter ranges only (27-bit passcode field,
 * 1000..100000 iterations, 16..32-byte salt); whether the passcode is an allowed setup code is the
 * onboarding module's job.
 */
export function computeSpake2pVerifier(passcode: number, salt: Uint8Array, iterations: number, pbkdf2?: Pbkdf2Sha256): Spake2pVerifier {
  return computeSpake2pVerifierWith(passcode, salt, iterations, { pbkdf2 });
}

/** True when `serialized` (w0 ‖ L, 97 bytes) is the verifier of these parameters. Bad parameters throw. */
export function checkSpake2pVerifier(
  serialized: Uint8Array,
  passcode: number,
  salt: Uint8Array,
  iterations: number,
  pbkdf2?: Pbkdf2Sha256,
): boolean {
  if (!(serialized instanceof Uint8Array) || serialized.length !== SPAKE2P_VERIFIER_LENGTH) {
    // Still reject bad parameters, without paying for PBKDF2.
    assertSpake2pPasscode(passcode);
    assertSpake2pSalt(salt);
    assertSpake2pIterations(iterations);
    return false;
  }
  return bytesEqual(serialized, computeSpake2pVerifier(passcode, salt, iterations, pbkdf2).serialized);
}

/** Splits a 97-byte serialized verifier into w0 and L (no curve check). */
export function splitSpake2pVerifier(serialized: Uint8Array): { w0: Uint8Array; L: Uint8Array } {
  if (serialized.length !== SPAKE2P_VERIFIER_LENGTH) {
    throw cryptoError("spake2p.verifier-length", `verifier length ${serialized.length}: must be ${SPAKE2P_VERIFIER_LENGTH} bytes (w0 ‖ L)`);
  }
  return { w0: serialized.slice(0, SPAKE2P_W_LENGTH), L: serialized.slice(SPAKE2P_W_LENGTH) };
}
