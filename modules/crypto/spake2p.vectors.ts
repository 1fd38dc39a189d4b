// SPAKE2+ verifier vectors — docs/onboarding.md §SPAKE2+ verifier. PBKDF2 runs are kept to V1 (1000 it) and
// V2 (2000 it) so the file stays fast under XS; range checks use a stub PBKDF2.

import { fromBase64 } from "../bytes/base64.js";
import { bytesToBigInt } from "../bytes/bytes.js";
import { fromHex, toHex } from "../bytes/hex.js";
import { utf8Encode } from "../bytes/utf8.js";
import { checkEqual, checkThrows, checkThrowsBug, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import {
  checkSpake2pVerifier,
  computeSpake2pL,
  computeSpake2pVerifier,
  computeSpake2pW0W1,
  splitSpake2pVerifier,
  type Pbkdf2Sha256,
  type Spake2pVerifier,
} from "./spake2p.js";

const SALT = utf8Encode("SPAKE2P Key Salt"); // b64 U1BBS0UyUCBLZXkgU2FsdA==
const V1_B64 = "uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==";
const V2_B64 = "WN0SgEXLfUN19BbJqp6qn4pS69EtdNLReIMZwv/CIM0ECMP7ytiAJ7txIYJ0Ovlha/rQ3E+88mj3qaqqnviMaZzG+OyXEdSocDIT9ZhmkTCgWwERaHz4Vdh3G37RT6kqbw==";
// P-256 group order n (FIPS 186-4 D.1.2.3), written out here so the reduction is checked independently.
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

let v1: Spake2pVerifier | undefined;
const V1 = () => (v1 ??= computeSpake2pVerifier(20202021, SALT, 1000));

/** Stub PBKDF2 that records its arguments and returns a fixed 80-byte pattern. */
function stub(fill: (i: number) => number, seen: { password?: Uint8Array; iterations?: number; length?: number } = {}): Pbkdf2Sha256 {
  return (password, _salt, iterations, length) => {
    seen.password = password;
    seen.iterations = iterations;
    seen.length = length;
    return Uint8Array.from({ length }, (_, i) => fill(i));
  };
}

export const vectors: VectorCase[] = [
  {
    name: "V1 passcode 20202021, salt 'SPAKE2P Key Salt', 1000 it: w0, w1, L, serialized",
    run() {
      const v = V1();
      checkEqual(toHex(v.w0), "b96170aae803346884724fe9a3b287c30330c2a660375d17bb205a8cf1aecb35", "w0");
      checkEqual(toHex(v.w1), "823d264225e36f4923b43ad64f8c862a30f4a129bbf9ee8074a32d6d67586a90", "w1");
      checkEqual(
        toHex(v.L),
        "0457f8ab79ee253ab6a8e46bb09e543ae422736de501e3db37d441fe344920d095" + "48e4c18240630c4ff4913c53513839b7c07fcc0627a1b8573a149fcd1fa466cf",
        "L",
      );
      checkEqual(v.serialized, fromBase64(V1_B64), "serialized verifier");
      checkEqual(v.serialized.length, 97, "serialized length");
      checkEqual(splitSpake2pVerifier(v.serialized), { w0: v.w0, L: v.L }, "split");
    },
  },
  {
    name: "V2 passcode 13243546, same salt, 2000 it",
    run() {
      const v = computeSpake2pVerifier(13243546, SALT, 2000);
      checkEqual(v.serialized, fromBase64(V2_B64), "serialized verifier");
      checkEqual(toHex(v.w0).slice(0, 8), "58dd1280", "w0 prefix");
      checkEqual(toHex(v.w0).slice(-8), "ffc220cd", "w0 suffix");
    },
  },
  {
    name: "V3 RFC 9383 w1 → L",
    run() {
      const L = computeSpake2pL(fromHex("7e945f34d78785b8a3ef44d0df5a1a97d6b3b460409a345ca7830387a74b1dba"));
      checkEqual(
        toHex(L),
        "04eb7c9db3d9a9eb1f8adab81b5794c1f13ae3e225efbe91ea487425854c7fc00f00bfedcbd09b2400142d40a14f2064ef31dfaa903b91d1faea7093d835966efd",
        "L",
      );
    },
  },
  {
    name: "checkSpake2pVerifier: V1 true, one flipped bit / wrong length false",
    run() {
      const good = fromBase64(V1_B64);
      checkTrue(checkSpake2pVerifier(good, 20202021, SALT, 1000), "V1 verifies");
      const bad = good.slice();
      bad[96] ^= 1;
      checkTrue(!checkSpake2pVerifier(bad, 20202021, SALT, 1000), "flipped bit rejected");
      checkTrue(!checkSpake2pVerifier(good.subarray(0, 96), 20202021, SALT, 1000), "96 bytes rejected");
      checkThrowsId(() => checkSpake2pVerifier(good.subarray(0, 96), 20202021, SALT, 999), "spake2p.iterations-range", "iterations 999:", "bad parameters still throw");
    },
  },
  {
    name: "password is the passcode as u32 little-endian; 80 bytes requested",
    run() {
      const seen: { password?: Uint8Array; iterations?: number; length?: number } = {};
      computeSpake2pW0W1(20202021, SALT, 1234, stub((i) => i + 1, seen));
      checkEqual(seen.password, fromHex("25423401"), "password bytes");
      checkEqual(seen.iterations, 1234, "iterations passed through");
      checkEqual(seen.length, 80, "dkLen");
    },
  },
  {
    name: "w0/w1 are the 40-byte halves reduced mod n",
    run() {
      const { w0, w1 } = computeSpake2pW0W1(1, SALT, 1000, stub(() => 0xff));
      const expected = (2n ** 320n - 1n) % N;
      checkEqual(bytesToBigInt(w0), expected, "w0 = (2^320-1) mod n");
      checkEqual(bytesToBigInt(w1), expected, "w1 = (2^320-1) mod n");
      const split = computeSpake2pW0W1(1, SALT, 1000, stub((i) => (i < 40 ? 0 : i === 79 ? 7 : 0)));
      checkEqual(bytesToBigInt(split.w0), 0n, "w0 from the first half only");
      checkEqual(bytesToBigInt(split.w1), 7n, "w1 from the second half only");
    },
  },
  {
    name: "bounds accepted: passcode 0 and 0x7FFFFFF, iterations 1000/100000, salt 16/32 bytes",
    run() {
      const s = stub((i) => i);
      computeSpake2pW0W1(0, SALT, 1000, s);
      computeSpake2pW0W1(0x7ffffff, SALT, 100000, s);
      computeSpake2pW0W1(5, new Uint8Array(32), 1000, s);
    },
  },
  {
    name: "bounds rejected with one-line errors naming value and rule",
    run() {
      const s = stub((i) => i);
      checkThrowsId(() => computeSpake2pVerifier(0x8000000, SALT, 1000, s), "spake2p.passcode-range", "passcode 134217728: must be an integer in 0..134217727");
      checkThrows(() => computeSpake2pVerifier(-1, SALT, 1000, s), "passcode -1:");
      checkThrowsId(() => computeSpake2pVerifier(1.5, SALT, 1000, s), "spake2p.passcode-range", "passcode 1.5:");
      checkThrowsBug(() => computeSpake2pVerifier("20202021" as unknown as number, SALT, 1000, s), 'passcode "20202021":');
      checkThrowsId(() => computeSpake2pVerifier(20202021, SALT, 999, s), "spake2p.iterations-range", "iterations 999: must be an integer in 1000..100000");
      checkThrows(() => computeSpake2pVerifier(20202021, SALT, 100001, s), "iterations 100001:");
      checkThrowsId(() => computeSpake2pVerifier(20202021, new Uint8Array(15), 1000, s), "spake2p.salt-length", "salt length 15: must be 16..32 bytes");
      checkThrows(() => computeSpake2pVerifier(20202021, new Uint8Array(33), 1000, s), "salt length 33:");
      checkThrows(() => computeSpake2pVerifier(20202021, SALT, 1000, stub(() => 0)), "w1 0: must be in 1..n-1");
      checkThrowsBug(() => computeSpake2pW0W1(20202021, SALT, 1000, () => new Uint8Array(79)), "pbkdf2 returned 79 bytes");
      checkThrowsId(() => splitSpake2pVerifier(new Uint8Array(96)), "spake2p.verifier-length", "verifier length 96: must be 97 bytes");
      for (const fn of [() => computeSpake2pVerifier(-1, SALT, 1000, s), () => computeSpake2pVerifier(1, SALT, 5, s)]) {
        try {
          fn();
        } catch (e) {
          checkTrue(!String((e as Error).message).includes("\n"), "message is one line");
        }
      }
    },
  },
];
