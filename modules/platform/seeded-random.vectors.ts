// Seeded RNG vectors: determinism and the pinned ChaCha20 keystream (key = SHA-256(seed), zero nonce),
// re-derived with node:crypto createCipheriv("chacha20") — see test/crypto-differential.test.ts.

import { concatBytes, bytesEqual } from "../bytes/bytes.js";
import { toHex } from "../bytes/hex.js";
import { utf8Encode } from "../bytes/utf8.js";
import { checkEqual, checkThrowsBug, checkTrue, type VectorCase } from "../testkit/check.js";
import { randomInt } from "./random.js";
import { seededRandom } from "./seeded-random.js";

export const vectors: VectorCase[] = [
  {
    name: "pinned keystream for seed \"matter-factory\" (bytes 0..32 and 1020..1060 across a refill)",
    run() {
      const r = seededRandom("matter-factory");
      const all = r(1100);
      checkEqual(toHex(all.subarray(0, 32)), "3cabfc5fe464754246c3bd87fb21f4cc261204680d6bc8fbd2f3304e2fe6b60c", "bytes 0..32");
      checkEqual(
        toHex(all.subarray(1020, 1060)),
        "dce079235cdb264a452e16e238f8dde01de8be9dc1165e5bf29987607cfc3bdf3b977adfd8078197",
        "bytes 1020..1060",
      );
    },
  },
  {
    name: "number seed = its decimal text; bytes seed = UTF-8 of the string",
    run() {
      const a = seededRandom(42)(32);
      checkEqual(toHex(a), "790e18703ba023439ee28be38def744ae613cd5e90c643434571b6de80666123", "seed 42");
      checkEqual(seededRandom("42")(32), a, "seed \"42\"");
      checkEqual(seededRandom(utf8Encode("42"))(32), a, "seed bytes");
    },
  },
  {
    name: "same seed → same stream regardless of how requests are split",
    run() {
      const whole = seededRandom("split")(2000);
      const r = seededRandom("split");
      const parts = concatBytes(r(1), r(0), r(63), r(1000), r(1), r(935));
      checkEqual(parts, whole, "stream");
    },
  },
  {
    name: "different seeds differ; randomInt is reproducible",
    run() {
      checkTrue(!bytesEqual(seededRandom(1)(32), seededRandom(2)(32)), "seed 1 ≠ seed 2");
      const draw = () => {
        const r = seededRandom("ints");
        return Array.from({ length: 20 }, () => randomInt(r, 1, 99999998));
      };
      checkEqual(draw(), draw(), "randomInt sequence");
    },
  },
  {
    name: "bad input",
    run() {
      checkThrowsBug(() => seededRandom(Number.NaN), "seed NaN:");
      checkThrowsBug(() => seededRandom("x")(-1), "random length -1:");
    },
  },
];
