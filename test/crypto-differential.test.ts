// Differential tests for modules/crypto against independent implementations:
//   SPAKE2+ verifier — matter.js 0.17.9 Spake2p.computeW0L / computeW0W1 (WebCrypto PBKDF2, its own
//   EC code) vs our noble path vs our node:crypto path (host-tools/node-crypto.ts);
//   Rotating Device ID — node:crypto hkdfSync / createHash;
//   seeded RNG — node:crypto ChaCha20.
// Seeded: MF_SEED=<n> replays a run; every failure message starts with the seed.

import { createCipheriv, createHash, hkdfSync } from "node:crypto";
import { Bytes, Spake2p, StandardCrypto } from "@matter/general";
import { describe, expect, it } from "vitest";
import { toHex } from "../modules/bytes/hex.js";
import { computeSpake2pVerifier, noblePbkdf2Sha256, SALT_MAX, SALT_MIN, SPAKE2P_ITERATIONS_MAX, SPAKE2P_ITERATIONS_MIN } from "../modules/crypto/spake2p.js";
import { rotatingDeviceId } from "../modules/crypto/rotating-id.js";
import { randomInt, type RandomSource } from "../modules/platform/random.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { nodeComputeVerifier, nodePbkdf2Sha256 } from "../host-tools/node-crypto.js";

const SEED = process.env.MF_SEED ?? "20250601";
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;

interface VerifierCase {
  passcode: number;
  salt: Uint8Array;
  iterations: number;
}

function randomCase(random: RandomSource, iterations: number): VerifierCase {
  // Passcodes across the whole 27-bit field, not only valid setup codes: the verifier math does not care.
  const passcode = randomInt(random, 0, 0x7ffffff);
  const salt = random(randomInt(random, SALT_MIN, SALT_MAX));
  return { passcode, salt, iterations };
}

function describeCase(i: number, c: VerifierCase): string {
  return `case ${i}: passcode=${c.passcode} salt=${toHex(c.salt)} iterations=${c.iterations}`;
}

async function checkAgainstMatterJs(crypto: StandardCrypto, cases: VerifierCase[]): Promise<void> {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const what = tag(describeCase(i, c));
    const params = { iterations: c.iterations, salt: c.salt };
    const theirs = await Spake2p.computeW0L(crypto, params, c.passcode);
    const theirsW = await Spake2p.computeW0W1(crypto, params, c.passcode);
    const expected = {
      w0: toHex(Bytes.fromBigInt(theirs.w0, 32)),
      w1: toHex(Bytes.fromBigInt(theirsW.w1, 32)),
      L: toHex(Bytes.of(theirs.L as Uint8Array)),
    };
    const noble = computeSpake2pVerifier(c.passcode, c.salt, c.iterations);
    const node = nodeComputeVerifier(c.passcode, c.salt, c.iterations);
    for (const [name, v] of [["noble", noble], ["node:crypto", node]] as const) {
      expect({ w0: toHex(v.w0), w1: toHex(v.w1), L: toHex(v.L) }, `${what} (${name})`).toEqual(expected);
      expect(toHex(v.serialized), `${what} (${name} serialized)`).toBe(expected.w0 + expected.L);
    }
  }
}

describe("SPAKE2+ verifier vs matter.js 0.17.9", () => {
  const crypto = new StandardCrypto();

  it("1000 seeded cases at 1000..1200 iterations (noble and node:crypto paths)", async () => {
    const random = seededRandom(`${SEED}/spake2p-low`);
    const cases = Array.from({ length: 1000 }, () => randomCase(random, randomInt(random, SPAKE2P_ITERATIONS_MIN, 1200)));
    // Edges of the parameter space.
    cases.push({ passcode: 0, salt: new Uint8Array(SALT_MIN), iterations: SPAKE2P_ITERATIONS_MIN });
    cases.push({ passcode: 0x7ffffff, salt: new Uint8Array(SALT_MAX).fill(0xff), iterations: SPAKE2P_ITERATIONS_MIN });
    cases.push({ passcode: 99999998, salt: random(SALT_MAX), iterations: 1001 });
    await checkAgainstMatterJs(crypto, cases);
  });

  it("22 seeded cases across 1000..100000 iterations (log-uniform, both ends)", async () => {
    const random = seededRandom(`${SEED}/spake2p-range`);
    const logMin = Math.log(SPAKE2P_ITERATIONS_MIN);
    const logMax = Math.log(SPAKE2P_ITERATIONS_MAX);
    const cases = Array.from({ length: 20 }, () => {
      const u = randomInt(random, 0, 1_000_000) / 1_000_000;
      return randomCase(random, Math.round(Math.exp(logMin + u * (logMax - logMin))));
    });
    cases.push(randomCase(random, SPAKE2P_ITERATIONS_MIN), randomCase(random, SPAKE2P_ITERATIONS_MAX));
    await checkAgainstMatterJs(crypto, cases);
  });

  it("noble PBKDF2 equals node:crypto pbkdf2Sync (50 cases, any length and iteration count)", () => {
    const random = seededRandom(`${SEED}/pbkdf2`);
    for (let i = 0; i < 50; i++) {
      const password = random(randomInt(random, 0, 40));
      const salt = random(randomInt(random, 0, 40));
      const length = randomInt(random, 1, 100);
      const iterations = randomInt(random, 1, 50);
      const what = tag(`case ${i}: pw=${toHex(password)} salt=${toHex(salt)} it=${iterations} len=${length}`);
      const node = toHex(nodePbkdf2Sha256(password, salt, iterations, length));
      expect(toHex(noblePbkdf2Sha256(password, salt, iterations, length)), what).toBe(node);
    }
  });
});

describe("Rotating Device ID vs node:crypto", () => {
  it("1000 seeded cases per algorithm (UniqueID 16..64 bytes, counter 0..65535)", () => {
    const random = seededRandom(`${SEED}/rdi`);
    for (let i = 0; i < 1000; i++) {
      const uniqueId = random(randomInt(random, 16, 64));
      const counter = i === 0 ? 0 : i === 1 ? 0xffff : randomInt(random, 0, 0xffff);
      const ctr = Buffer.from([counter & 0xff, counter >> 8]);
      const what = tag(`case ${i}: uniqueId=${toHex(uniqueId)} counter=${counter}`);
      const spec = Buffer.concat([ctr, Buffer.from(hkdfSync("sha256", uniqueId, ctr, "RotatingDeviceID", 16))]);
      const sdk = Buffer.concat([ctr, createHash("sha256").update(uniqueId).update(ctr).digest().subarray(16)]);
      expect(toHex(rotatingDeviceId(uniqueId, counter, "spec-hkdf")), `${what} spec-hkdf`).toBe(spec.toString("hex"));
      expect(toHex(rotatingDeviceId(uniqueId, counter, "sdk-sha256")), `${what} sdk-sha256`).toBe(sdk.toString("hex"));
    }
  });
});

describe("seeded RNG vs node:crypto ChaCha20", () => {
  it("keystream = ChaCha20(key = SHA-256(seed), nonce 0, counter 0) for 20 seeds, split reads", () => {
    const random = seededRandom(`${SEED}/rng`);
    for (let i = 0; i < 20; i++) {
      const seed = toHex(random(randomInt(random, 0, 24)));
      const key = createHash("sha256").update(seed, "utf8").digest();
      const expected = createCipheriv("chacha20", key, Buffer.alloc(16)).update(Buffer.alloc(3000));
      const ours = seededRandom(seed);
      const parts: Uint8Array[] = [];
      let total = 0;
      while (total < 3000) {
        const n = Math.min(3000 - total, randomInt(random, 0, 700));
        parts.push(ours(n));
        total += n;
      }
      expect(toHex(Buffer.concat(parts)), tag(`seed "${seed}"`)).toBe(expected.toString("hex"));
    }
  });
});
