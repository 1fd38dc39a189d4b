// The host's CSPRNG behind modules/platform/random.ts's interface (node:crypto randomBytes).
// Its own file so commands that need only randomness don't load the SPAKE2+ code.
import { randomBytes } from "node:crypto";
import type { RandomSource } from "../modules/platform/random.js";

export const nodeRandom: RandomSource = (length) => {
  const b = randomBytes(length);
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
};
