// Host fast paths (Node only): native PBKDF2 and P-256 base-point multiplication for the SPAKE2+
// verifier, and the OS CSPRNG. Byte-equal to the noble paths in modules/crypto (proven by
// test/crypto-differential.test.ts).

import { createECDH, pbkdf2Sync } from "node:crypto";
import {
  computeSpake2pVerifierWith,
  type P256BaseMultiply,
  type Pbkdf2Sha256,
  type Spake2pVerifier,
} from "../modules/crypto/spake2p.js";

const asBytes = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);

export const nodePbkdf2Sha256: Pbkdf2Sha256 = (password, salt, iterations, length) =>
  asBytes(pbkdf2Sync(password, salt, iterations, length, "sha256"));

/**
 * w·G through OpenSSL: an ECDH key pair's public key is by definition private·G, returned as the
 * uncompressed SEC1 point — the same encoding as L. computeSpake2pL already rejects w = 0 and w ≥ n.
 */
export const nodeP256BaseMultiply: P256BaseMultiply = (scalar) => {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  return asBytes(ecdh.getPublicKey(null, "uncompressed"));
};

export { nodeRandom } from "./node-random.js";

/** computeSpake2pVerifier with node:crypto for both PBKDF2 and L. */
export function nodeComputeVerifier(passcode: number, salt: Uint8Array, iterations: number): Spake2pVerifier {
  return computeSpake2pVerifierWith(passcode, salt, iterations, { pbkdf2: nodePbkdf2Sha256, baseMultiply: nodeP256BaseMultiply });
}
