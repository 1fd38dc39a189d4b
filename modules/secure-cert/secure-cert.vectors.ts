// Fixed vectors for the esp_secure_cert codec. Expected bytes were computed independently of this code
// with Python (struct + zlib.crc32(x, 0xFFFFFFFF) + hashlib.sha256 / hashlib.pbkdf2_hmac) and the SEC1
// DER with node:crypto, following the layout in docs/secure-cert.md.

import { fromHex, toHex } from "../bytes/hex.js";
import { concatBytes } from "../bytes/bytes.js";
import { checkEqual, checkThrowsId, checkTrue, type VectorCase } from "../testkit/check.js";
import {
  SecureCertType, SUBTYPE_MAX, TlvFlag, checkSecureCertIntegrity, decodeSec1P256, deriveHmacEcdsaKey,
  encodeSec1P256, encodeSecureCertEntry, findSecureCertEntry, keyTypeOfFlags, matterTlvEntries, padToPartition,
  readMatterAttestation, readSecureCert, secureCertKeyType, writeSecureCert, hmacDerivedEntries,
} from "./index.js";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
// DEV_CERT/0 "DAC"; CA_CERT/0 bytes 0..19; PRIV_KEY/0 flags 0x40 empty; INTEGRITY over the three.
const E_DEV = fromHex("11ba5eba000000000100030044414300000000000000000000000000f5915340");
const E_CA = fromHex("11ba5eba0000000000001400000102030405060708090a0b0c0d0e0f10111213000000000000000000000000de0e2653");
const E_MARK = fromHex("11ba5eba4000000002000000f58e652c");
const E_INTEGRITY = fromHex("11ba5eba0000000009002000891d18c224630851ebedd503c8f7546b42f7a8dae06855b446c28727568fd292c0419c37");
const CA_BYTES = Uint8Array.from({ length: 20 }, (_, i) => i);
const THREE = [
  { type: SecureCertType.DEV_CERT, value: ascii("DAC") },
  { type: SecureCertType.CA_CERT, value: CA_BYTES },
  { type: SecureCertType.PRIV_KEY, flags: TlvFlag.HMAC_ECDSA_KEY_DERIVATION, value: new Uint8Array(0) },
];

// HMAC-derived key: eFuse key 00..1f, salt = SHA-256("matter-factory hmac-ecdsa salt").
const EFUSE_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const SALT = fromHex("1caef5434cb02986abecb4932111ee499eb00ffa2796ff71f11248ddc8cdf598");
const D = fromHex("bdc5b2d410c0d162d0138babbb6fce6c54b9ba489a1a057f52e900b47ac09f82");
const PUB = fromHex("04edc92c93b6ae7393ce4631d9b563de5a5eb75eacdb763db61eee0c05a49937418ff558003cbb7f66ac23973bb86acbd93dbc6d38cd8092648987672fb2b97cc4");
const DER = fromHex("30770201010420bdc5b2d410c0d162d0138babbb6fce6c54b9ba489a1a057f52e900b47ac09f82a00a06082a8648ce3d030107a14403420004edc92c93b6ae7393ce4631d9b563de5a5eb75eacdb763db61eee0c05a49937418ff558003cbb7f66ac23973bb86acbd93dbc6d38cd8092648987672fb2b97cc4");

const image3 = () => writeSecureCert(THREE);
const flip = (b: Uint8Array, at: number) => {
  const c = b.slice();
  c[at] ^= 0x01;
  return c;
};

export const vectors: VectorCase[] = [
  { name: "entry: DEV_CERT \"DAC\" = header, 3 bytes, 13 zero pad, CRC", run: () => checkEqual(encodeSecureCertEntry(THREE[0]), E_DEV) },
  { name: "entry: 20-byte CA_CERT pads to 32 payload bytes (48 total)", run: () => checkEqual(encodeSecureCertEntry(THREE[1]), E_CA) },
  { name: "entry: empty PRIV_KEY marker with flags 0x40 is 16 bytes", run: () => checkEqual(encodeSecureCertEntry(THREE[2]), E_MARK) },
  { name: "image: entries back to back, nothing after them", run: () => checkEqual(image3(), concatBytes(E_DEV, E_CA, E_MARK)) },
  { name: "image: integrity entry = SHA-256 of every byte before it", run: () => checkEqual(writeSecureCert(THREE, { integrity: true }), concatBytes(E_DEV, E_CA, E_MARK, E_INTEGRITY)) },
  { name: "writer refuses a duplicate (type, subtype)", run: () => checkThrowsId(() => writeSecureCert([THREE[0], THREE[0]]), "secure-cert.duplicate-entry", "given twice") },
  { name: "writer refuses more than 8 KiB", run: () => checkThrowsId(() => writeSecureCert([{ type: 51, value: new Uint8Array(8180) }]), "secure-cert.too-large", "larger than the partition") },
  { name: "writer refuses a payload over 65535 bytes", run: () => checkThrowsId(() => encodeSecureCertEntry({ type: 51, value: new Uint8Array(65536) }), "secure-cert.entry-too-long", "at most 65535") },
  { name: "writer refuses subtype 256", run: () => checkThrowsId(() => encodeSecureCertEntry({ type: 1, subtype: 256, value: new Uint8Array(1) }), "secure-cert.field-range", "subtype 256") },
  {
    name: "reader: offsets, lengths, padding, CRCs of the three entries; chain ends at the erased word",
    run: () => {
      const r = readSecureCert(padToPartition(image3()));
      checkEqual(r.entries.map((e) => [e.offset, e.type, e.subtype, e.flags, e.length, e.padding, e.size, e.crcOk]), [
        [0, 1, 0, 0, 3, 13, 32, true], [32, 0, 0, 0, 20, 12, 48, true], [80, 2, 0, 0x40, 0, 0, 16, true],
      ]);
      checkEqual(r.entries[0].storedCrc, 0x405391f5);
      checkEqual(r.end, { offset: 96, reason: "erased", word: 0xffffffff });
      checkEqual(r.problems, []);
      checkEqual(r.format, "tlv");
    },
  },
  {
    name: "reader: a file holding only the entries ends at end-of-image",
    run: () => checkEqual(readSecureCert(image3()).end, { offset: 96, reason: "end-of-image" }),
  },
  {
    name: "reader: a bad CRC keeps the entry but withholds its value; lookup refuses it, no fallback",
    run: () => {
      const r = readSecureCert(flip(image3(), 12));
      checkEqual(r.entries[0].crcOk, false);
      checkEqual(r.entries[0].value, undefined);
      checkEqual(r.problems.map((p) => p.id), ["secure-cert.crc"]);
      checkEqual(findSecureCertEntry(r, SecureCertType.DEV_CERT).ok, false);
      checkEqual(findSecureCertEntry(r, SecureCertType.CA_CERT).ok, true);
    },
  },
  {
    name: "reader: a length past the end of the image stops the walk (truncated)",
    run: () => {
      const b = image3();
      b[32 + 10] = 0xff; // CA_CERT length 0x00ff
      const r = readSecureCert(b);
      checkEqual(r.entries.length, 1);
      checkEqual(r.end.reason, "truncated");
      checkEqual(r.problems.map((p) => p.id), ["secure-cert.truncated"]);
    },
  },
  {
    name: "reader: a broken magic ends the chain there (later entries are unreachable)",
    run: () => {
      const r = readSecureCert(flip(image3(), 32));
      checkEqual(r.entries.length, 1);
      checkEqual(r.end.reason, "not-magic");
      checkEqual(r.problems.map((p) => p.id), ["secure-cert.not-erased"]);
    },
  },
  {
    name: "reader: erased partition and garbage are reported, never thrown",
    run: () => {
      checkEqual(readSecureCert(new Uint8Array(0x2000).fill(0xff)).format, "erased");
      checkEqual(readSecureCert(new Uint8Array(3)).format, "unknown");
      checkEqual(readSecureCert(new Uint8Array(0)).entries, []);
      checkEqual(readSecureCert(fromHex("11ba5eba0000")).end.reason, "truncated");
    },
  },
  {
    name: "lookup: exact subtype = first match; SUBTYPE_MAX = last entry of the type; duplicates reported",
    run: () => {
      const a = encodeSecureCertEntry({ type: 51, subtype: 3, value: ascii("a") });
      const b = encodeSecureCertEntry({ type: 51, subtype: 1, value: ascii("b") });
      const c = encodeSecureCertEntry({ type: 51, subtype: 3, value: ascii("c") });
      const r = readSecureCert(concatBytes(a, b, c));
      const exact = findSecureCertEntry(r, 51, 3);
      checkTrue(exact.ok && exact.value[0] === 0x61, "exact lookup gives the first subtype-3 entry");
      const last = findSecureCertEntry(r, 51, SUBTYPE_MAX);
      checkTrue(last.ok && last.value[0] === 0x63, "SUBTYPE_MAX gives the last entry of the type");
      checkEqual(r.problems.map((p) => p.id), ["secure-cert.duplicate"]);
    },
  },
  {
    name: "key type: flags order of esp_secure_cert_get_priv_key_type",
    run: () => {
      checkEqual([0x00, 0x40, 0x08, 0x80, 0x48, 0x88, 0xc0].map(keyTypeOfFlags), ["default", "hmac-derived-ecdsa", "ecdsa-peripheral", "hmac-encrypted", "hmac-derived-ecdsa", "ecdsa-peripheral", "default"]);
      checkEqual(secureCertKeyType(readSecureCert(image3())), "hmac-derived-ecdsa");
    },
  },
  {
    name: "integrity: ok for the tool layout, mismatch when a byte before it changes, absent without it",
    run: () => {
      const img = writeSecureCert(THREE, { integrity: true });
      checkEqual(checkSecureCertIntegrity(readSecureCert(img), img), "ok");
      const bad = flip(img, 20);
      checkEqual(checkSecureCertIntegrity(readSecureCert(bad), bad), "mismatch");
      checkEqual(checkSecureCertIntegrity(readSecureCert(image3()), image3()), "absent");
    },
  },
  { name: "SEC1 DER of a P-256 key: 121 bytes, d at 7, point at 56", run: () => checkEqual(encodeSec1P256(D, PUB), DER) },
  {
    name: "SEC1 decode: round trip; anything else is undefined",
    run: () => {
      checkEqual(decodeSec1P256(DER), { d: D, publicPoint: PUB });
      checkEqual(decodeSec1P256(DER.subarray(0, 120)), undefined);
      checkEqual(decodeSec1P256(flip(DER, 40)), undefined);
    },
  },
  {
    name: "HMAC-derived key: PBKDF2-HMAC-SHA256(eFuse key, salt, 2048, 32) and its public point",
    run: () => {
      const k = deriveHmacEcdsaKey(EFUSE_KEY, SALT);
      checkEqual(toHex(k.d), toHex(D));
      checkEqual(k.publicPoint, PUB);
      checkEqual(k.der, DER);
    },
  },
  { name: "HMAC-derived key: eFuse key must be 32 bytes", run: () => checkThrowsId(() => deriveHmacEcdsaKey(new Uint8Array(16), SALT), "secure-cert.efuse-key-length", "must be 32") },
  {
    name: "Matter view: HMAC-derived layout gives DAC, PAI, key type and salt",
    run: () => {
      const img = writeSecureCert(hmacDerivedEntries({ dac: ascii("DAC"), pai: CA_BYTES, salt: SALT }));
      const m = readMatterAttestation(readSecureCert(img));
      checkEqual([m.dac, m.pai, m.keyType, m.salt, m.missing], [ascii("DAC"), CA_BYTES, "hmac-derived-ecdsa", SALT, []]);
    },
  },
  {
    name: "Matter view: a 121-byte default key is handed out; a missing DAC is named",
    run: () => {
      const img = writeSecureCert([THREE[1], { type: SecureCertType.PRIV_KEY, value: DER }]);
      const m = readMatterAttestation(readSecureCert(img));
      checkEqual(m.privateKeyDer, DER);
      checkEqual(m.missing.map((p) => p.id), ["secure-cert.missing"]);
    },
  },
  {
    name: "Matter TLV 201: discriminator u16 LE, iteration count u32 LE, in subtype order",
    run: () => {
      const e = matterTlvEntries({ discriminator: 0xf00, iterationCount: 1000, salt: ascii("s") });
      checkEqual(e.map((x) => [x.type, x.subtype, toHex(x.value)]), [[201, 0, "000f"], [201, 2, "73"], [201, 3, "e8030000"]]);
    },
  },
];
