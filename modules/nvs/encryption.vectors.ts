// Fixed vectors for NVS encryption (docs/nvs-format.md §Encryption, §Worked bytes). Runs under vitest and XS.
import { fromHex, toHex } from "../bytes/hex.js";
import { checkEqual, checkThrows, checkThrowsBug, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import {
  decryptNvsImage, deriveHmacKeys, encryptNvsImage, generateKeys, makeKeyPartition, parseKeyPartition,
} from "./encryption.js";
import { readNvsImage } from "./reader.js";
import { xtsAes256 } from "./xts.js";
import type { NvsKeys } from "./types.js";

const range = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => start + i);
/** fixed_keys.bin of the golden vectors: data key 00..1f, tweak key 40..5f (§9). */
const fixedKeys: NvsKeys = { eky: range(0x00, 32), tky: range(0x40, 32) };

// §9: two entries of sample.bin and their ciphertexts under fixedKeys.
const NS_ENTRY = "000101ff7d57e3de636869702d666163746f72790000000001ffffffffffffff";
const NS_ENTRY_ENC = "18dcb6538dc8b7e9536327b5da7ea42ed7315a2f2aaa554e64b4e434bc03c506";
const PAGE1_ENTRY = "0142270189a610f56269672d686578000000000000000000b404ffff1aa9e963";
const PAGE1_ENTRY_ENC = "c6fb74dbc8dd4b03bf07d826db6b0e26fd42a252baf9b304911852cf7c09c8c8";

// §9: page 0 header, v2, FULL, sequence 0.
const PAGE0_HEADER = "fcffffff00000000fe" + "ff".repeat(19) + "842dbab9";

/** One page: header, bitmap with entry 0 written, entry 0 = the §9 namespace entry, rest 0xFF. */
function onePageImage(): Uint8Array {
  const page = new Uint8Array(4096).fill(0xff);
  page.set(fromHex(PAGE0_HEADER), 0);
  page[32] = 0xfe; // entry 0: 0b10 (written), entries 1..3 empty
  page.set(fromHex(NS_ENTRY), 64);
  return page;
}

export const vectors: VectorCase[] = [
  {
    name: "XTS §9: namespace entry at partition offset 0x40",
    run() {
      const buf = fromHex(NS_ENTRY);
      const x = xtsAes256(fixedKeys.eky, fixedKeys.tky);
      x.encrypt(buf, 0, 32, 0x40);
      checkEqual(toHex(buf), NS_ENTRY_ENC, "ciphertext");
      x.decrypt(buf, 0, 32, 0x40);
      checkEqual(toHex(buf), NS_ENTRY, "plaintext");
    },
  },
  {
    name: "XTS §9: page 1 entry 0 (offset 0x1040), explicit tweak block",
    run() {
      const buf = fromHex(PAGE1_ENTRY);
      const tweak = new Uint8Array(16);
      tweak[0] = 0x40;
      tweak[1] = 0x10;
      const x = xtsAes256(fixedKeys.eky, fixedKeys.tky);
      x.encryptWithTweakBlock(buf, 0, 32, tweak);
      checkEqual(toHex(buf), PAGE1_ENTRY_ENC, "ciphertext");
      x.decrypt(buf, 0, 32, 0x1040);
      checkEqual(toHex(buf), PAGE1_ENTRY, "plaintext");
    },
  },
  {
    name: "XTS: data unit in the middle of a buffer, other bytes untouched",
    run() {
      const buf = new Uint8Array(96).fill(0xee);
      buf.set(fromHex(NS_ENTRY), 32);
      xtsAes256(fixedKeys.eky, fixedKeys.tky).encrypt(buf, 32, 32, 0x40);
      checkEqual(toHex(buf.subarray(32, 64)), NS_ENTRY_ENC, "unit");
      checkTrue(buf.subarray(0, 32).every((b) => b === 0xee) && buf.subarray(64).every((b) => b === 0xee), "neighbours untouched");
    },
  },
  {
    name: "XTS: bad key length, partial block and negative tweak are one-line errors",
    run() {
      checkThrowsBug(() => xtsAes256(new Uint8Array(16), fixedKeys.tky), "XTS data key: 16 bytes");
      const x = xtsAes256(fixedKeys.eky, fixedKeys.tky);
      checkThrowsBug(() => x.encrypt(new Uint8Array(40), 0, 40, 0), "whole 16-byte blocks");
      checkThrows(() => x.encrypt(new Uint8Array(32), 0, 32, -1), "XTS tweak -1");
    },
  },
  {
    name: "key partition §7.2/§9: CRC FE DA FC 32 at offset 64, 0xFF to 4096",
    run() {
      const part = makeKeyPartition(fixedKeys);
      checkEqual(part.length, 4096, "length");
      checkEqual(toHex(part.subarray(0, 32)), toHex(fixedKeys.eky), "eky");
      checkEqual(toHex(part.subarray(32, 64)), toHex(fixedKeys.tky), "tky");
      checkEqual(toHex(part.subarray(64, 68)), "fedafc32", "crc");
      checkTrue(part.subarray(68).every((b) => b === 0xff), "padding 0xFF");
      checkEqual(parseKeyPartition(part), fixedKeys, "parse round trip");
      checkEqual(parseKeyPartition(part.subarray(0, 68)), fixedKeys, "68 bytes are enough");
    },
  },
  {
    name: "key partition: short, blank and bad-CRC inputs are rejected",
    run() {
      checkThrowsId(() => parseKeyPartition(new Uint8Array(64)), "nvs.key-partition-length", "key partition: 64 bytes, needs at least 68");
      checkThrowsId(() => parseKeyPartition(new Uint8Array(4096).fill(0xff)), "nvs.key-partition-blank", "not initialized");
      const part = makeKeyPartition(fixedKeys);
      part[40] ^= 0x80;
      checkThrowsId(() => parseKeyPartition(part), "nvs.key-partition-crc", /^key partition: CRC32 0x32fcdafe at offset 64 does not match 0x[0-9a-f]{8} computed over bytes 0\.\.63$/);
      checkThrowsId(() => makeKeyPartition({ eky: new Uint8Array(31), tky: fixedKeys.tky }), "nvs.keys", "keys.eky: 31 bytes");
    },
  },
  {
    name: "HMAC key derivation §7.3: hmac_key 01..20 → keys/hmac_derived_keys.bin (first 68 bytes)",
    run() {
      const keys = deriveHmacKeys(range(1, 32));
      checkEqual(
        toHex(makeKeyPartition(keys).subarray(0, 68)),
        "ff6989e4fafd2d8cb313aa5743f0173f9b8a2c8587872832134682e0e0538dbd" +
          "9c8e2ba7513701768c3c22db4b0fe056daf8abfc9acff43a6f931d8373ac1f93" +
          "da57a02f",
        "derived key partition",
      );
      checkThrowsId(() => deriveHmacKeys(new Uint8Array(16)), "nvs.hmac-key", "HMAC key: 16 bytes, must be 32");
    },
  },
  {
    name: "generateKeys: takes 32+32 bytes from the source, retries equal halves, rejects a constant source",
    run() {
      let calls = 0;
      const seq = [range(1, 32), range(1, 32), range(1, 32), range(2, 32)];
      const keys = generateKeys(() => seq[calls++]);
      checkEqual(calls, 4, "source calls");
      checkEqual(toHex(keys.eky), toHex(range(1, 32)), "eky");
      checkEqual(toHex(keys.tky), toHex(range(2, 32)), "tky");
      checkThrowsBug(() => generateKeys((n) => new Uint8Array(n)), "identical");
      checkThrowsBug(() => generateKeys((n) => new Uint8Array(n - 1)), "random source: returned 31 bytes");
    },
  },
  {
    name: "encryptNvsImage: only written entries change; header, bitmap, empty entries stay raw",
    run() {
      const image = onePageImage();
      const enc = encryptNvsImage(image, fixedKeys);
      checkEqual(toHex(enc.subarray(0, 64)), toHex(image.subarray(0, 64)), "header + bitmap");
      checkEqual(toHex(enc.subarray(64, 96)), NS_ENTRY_ENC, "entry 0");
      checkTrue(enc.subarray(96).every((b) => b === 0xff), "empty entries raw");
      checkEqual(toHex(decryptNvsImage(enc, fixedKeys)), toHex(image), "decrypt");
      checkThrowsId(() => encryptNvsImage(image, { eky: fixedKeys.eky, tky: fixedKeys.eky }), "nvs.keys", "identical");
    },
  },
  {
    name: "readNvsImage with keys decrypts; without keys reports a hint; bad keys are a problem, not a throw",
    run() {
      const enc = encryptNvsImage(onePageImage(), fixedKeys);
      const r = readNvsImage(enc, { keys: fixedKeys });
      checkEqual(r.problems, [], "problems");
      checkEqual(r.namespaces.map((n) => `${n.name}=${n.index}`), ["chip-factory=1"], "namespaces");
      const raw = readNvsImage(enc);
      checkTrue(raw.problems.some((p) => p.message.includes("may be encrypted")), "hint without keys");
      const bad = readNvsImage(enc, { keys: { eky: new Uint8Array(3), tky: fixedKeys.tky } });
      checkTrue(bad.problems.some((p) => p.message.startsWith("keys.eky: 3 bytes")), "bad keys reported");
    },
  },
];
