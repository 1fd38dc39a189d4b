// Base-38 and Verhoeff vectors — docs/onboarding.md §Base-38 (chip TestQRCode.cpp::TestBase38) and
// §3 (chip TestVerhoeff.cpp).

import { utf8Encode } from "../bytes/utf8.js";
import { checkEqual, checkThrows, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import { base38Length, decodeBase38, encodeBase38 } from "./base38.js";
import { verhoeffCheckDigit, verhoeffValid } from "./verhoeff.js";

const BASE38_PAIRS: [number[] | string, string][] = [
  [[10], "A0"],
  [[10, 10], "OT10"],
  [[10, 10, 10], "-N.B0"],
  [[10, 10, 0], "OT100"],
  [[10, 10, 40], "Y6V91"],
  [[10, 10, 41], "KL0B1"],
  [[10, 10, 255], "Q-M08"],
  [[35], "Z0"],
  [[255, 0], "R600"],
  [[46, 0, 0], "81000"],
  [[255], "R6"],
  [[255, 255], "NE71"],
  [[255, 255, 255], "PLS18"],
  ["Hello World!", "KKHF3W2S013OPM3EJX11"],
  [[], ""],
];

const bytesOf = (x: number[] | string) => (typeof x === "string" ? utf8Encode(x) : Uint8Array.from(x));

export const vectors: VectorCase[] = [
  ...BASE38_PAIRS.map(([input, text]) => ({
    name: `base38 ${JSON.stringify(input)} <-> "${text}"`,
    run: () => {
      checkEqual(encodeBase38(bytesOf(input)), text, "encode");
      checkEqual(decodeBase38(text), bytesOf(input), "decode");
      checkEqual(base38Length(bytesOf(input).length), text.length, "length");
    },
  })),
  {
    name: "base38 decode S600 and OE710 (chip)",
    run: () => {
      checkEqual(decodeBase38("S600"), Uint8Array.from([0, 1]));
      checkEqual(decodeBase38("OE710"), Uint8Array.from([0, 0, 1]));
    },
  },
  {
    name: "base38 rejects chunk overflow (chip semantics; matter.js 0.17.9 does not)",
    run: () => {
      checkThrowsId(() => decodeBase38("S6"), "onboarding.base38-overflow", /value 256 does not fit in 1 byte/, "S6");
      checkThrows(() => decodeBase38("OE71"), /value 65536 does not fit in 2 bytes/, "OE71");
      checkThrows(() => decodeBase38("QLS18"), /value 16777216 does not fit in 3 bytes/, "QLS18");
      checkThrows(() => decodeBase38("....."), /does not fit in 3 bytes/, "max 5-char chunk");
      checkThrowsId(() => decodeBase38("00000QLS18"), "onboarding.base38-overflow", /"QLS18" at offset 5/, "second chunk");
    },
  },
  {
    name: "base38 rejects characters outside the alphabet",
    run: () => {
      const bad = [" ", "!", '"', "#", "$", "%", "&", "'", "(", ")", "*", "+", ",", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\x01", "a", "z", "é"];
      for (const ch of bad) checkThrowsId(() => decodeBase38(`A${ch}`), "onboarding.base38-char", /not in the alphabet/, JSON.stringify(ch));
      checkThrows(() => decodeBase38("0000 "), /at offset 4/, "offset reported");
    },
  },
  {
    name: "base38 rejects lengths 5k+1 and 5k+3",
    run: () => {
      for (const text of ["0", "000", "000000", "00000000"]) checkThrowsId(() => decodeBase38(text), "onboarding.base38-length", /length must be 5k, 5k\+2 or 5k\+4/, text);
    },
  },
  {
    name: "base38 round trip over every 1- and 2-byte value",
    run: () => {
      for (let a = 0; a < 256; a++) {
        const one = Uint8Array.of(a);
        checkEqual(decodeBase38(encodeBase38(one)), one, `[${a}]`);
        for (let b = 0; b < 256; b += 17) {
          const two = Uint8Array.of(a, b);
          checkEqual(decodeBase38(encodeBase38(two)), two, `[${a},${b}]`);
        }
      }
    },
  },

  // Verhoeff (§3)
  {
    name: "verhoeff check digits (chip TestVerhoeff)",
    run: () => {
      const cases: [string, number][] = [
        ["236", 3],
        ["0", 4],
        ["11111", 5],
        ["4356678912349008", 7],
        ["78324562830019274123748", 4],
        ["", 0],
        ["3497011233", 2],
      ];
      for (const [digits, check] of cases) checkEqual(verhoeffCheckDigit(digits), check, digits);
    },
  },
  {
    name: "verhoeff validation",
    run: () => {
      for (const s of ["123451", "0987652", "150", "34970112332", "749701123365521327687"]) checkTrue(verhoeffValid(s), s);
      for (const s of ["123456", "0987651", "157", ""]) checkTrue(!verhoeffValid(s), `${s} invalid`);
    },
  },
  {
    name: "verhoeff catches every single-digit error and adjacent transposition of a code",
    run: () => {
      const code = "34970112332";
      for (let i = 0; i < code.length; i++) {
        for (let d = 0; d < 10; d++) {
          if (String(d) === code[i]) continue;
          const changed = code.slice(0, i) + d + code.slice(i + 1);
          checkTrue(!verhoeffValid(changed), changed);
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
          checkTrue(!verhoeffValid(swapped), swapped);
        }
      }
    },
  },
  {
    name: "verhoeff rejects non-digits",
    run: () => {
      checkThrowsId(() => verhoeffCheckDigit("12a4"), "onboarding.verhoeff-digit", /"a" at offset 2 is not a decimal digit/);
      checkThrows(() => verhoeffValid("1-2"), /not a decimal digit/);
    },
  },
];
