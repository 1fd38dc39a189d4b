// Extra check, only where the workspace keeps Espressif's tool outputs beside the checkout
// (fixtures.ts SHARED_VECTORS; a clone has none and this file then reports the skip): every esp_secure_cert
// image there reads with our reader exactly as its description lists it — offsets, flags, types,
// subtypes, lengths, padding, CRCs, where the chain ends, which entry the getters pick — and the
// HMAC-derived image gives the DAC's key pair from its eFuse key. The suite's own proof is
// test/secure-cert-differential.test.ts, which makes fresh images with the pinned tools.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SUBTYPE_MAX, deriveHmacEcdsaKey, findSecureCertEntry, readMatterAttestation, readSecureCert } from "../modules/secure-cert/index.js";
import { loadCertificate } from "../host-tools/certs/index.js";
import { SHARED_VECTORS } from "./support/fixtures.js";

const DIR = SHARED_VECTORS && join(SHARED_VECTORS, "secure-cert");
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
const described = DIR ? walk(DIR).filter((p) => p.endsWith(".bin.json")).map((p) => ({ path: p.slice(0, -5), d: JSON.parse(readFileSync(p, "utf8")) }))
  .filter((v) => String(v.d.format).startsWith("cust_flash")) : [];
if (!DIR) process.stderr.write("[secure-cert vectors] SKIPPED: no shared vectors beside this checkout (a clone has none)\n");

interface Described { offset: number; flags: number; type: number; subtype: number; length: number; padding: number; total_length: number; crc_stored: string; crc_ok: boolean }
const TYPE_KEYS: Record<string, number> = { device_cert: 1, ca_cert: 0, priv_key: 2 };

describe.skipIf(!DIR)("secure-cert: the shared tool outputs read as described", () => {
  for (const { path, d } of described) {
    it(path.slice(DIR!.length + 1), () => {
      const image = readSecureCert(new Uint8Array(readFileSync(path)));
      if (d.format !== "cust_flash_tlv") return expect(image.format).toBe("legacy-cust-flash");
      expect(image.entries.map((e) => [e.offset, e.flags, e.type, e.subtype, e.length, e.padding, e.size, e.storedCrc, e.crcOk])).toEqual(
        (d.entries as Described[]).map((e) => [e.offset, e.flags, e.type, e.subtype, e.length, e.padding, e.total_length, Number(e.crc_stored), e.crc_ok]));
      expect(image.end.offset).toBe(d.end.offset);
      for (const [name, pick] of Object.entries((d.lookup ?? {}) as Record<string, { subtype0_index?: number | null; last_of_type_index?: number | null }>)) {
        const type = TYPE_KEYS[name];
        if (type === undefined) continue;
        const exact = findSecureCertEntry(image, type, 0);
        expect(exact.ok ? exact.entry.index : null, `${name} subtype 0`).toBe(pick.subtype0_index ?? null);
        const last = findSecureCertEntry(image, type, SUBTYPE_MAX);
        expect(last.ok ? last.entry.index : null, `${name} last of type`).toBe(pick.last_of_type_index ?? null);
      }
    });
  }

  it("sct-3: the HMAC-derived key from inputs/hmac_key.bin is the DAC's key", () => {
    const image = readSecureCert(new Uint8Array(readFileSync(join(DIR!, "sct-3-tlv-hmac-derived-ecdsa/esp_secure_cert_hmac_ecdsa.bin"))));
    const m = readMatterAttestation(image);
    expect(m.keyType).toBe("hmac-derived-ecdsa");
    const k = deriveHmacEcdsaKey(new Uint8Array(readFileSync(join(DIR!, "inputs/hmac_key.bin"))), m.salt!);
    const spki = new Uint8Array(loadCertificate(m.dac!, "DAC").publicKey.rawData);
    expect(Buffer.from(spki.subarray(spki.length - 65)).equals(Buffer.from(k.publicPoint))).toBe(true);
  });
});
