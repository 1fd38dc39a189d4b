// `inspect` on esp_secure_cert images: every entry by name with offset, flags, length and CRC; the DAC
// and PAI summarised; the private key redacted unless --show-secrets; a bad CRC shown on its entry; the
// JSON form; an 8 KiB module dump (image + erased flash) read like the bare image.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { padToPartition, plainKeyEntries, writeSecureCert } from "../modules/secure-cert/index.js";
import { loadCertificate } from "../host-tools/certs/index.js";
import { runCli, tempDir } from "./support/cli.js";
import { PAI_CERT, SUPPLIED_DAC } from "./support/fixtures.js";

let tmp: string;
let image: Uint8Array;
const keyHex = () => readFileSync(join(SUPPLIED_DAC, "DAC_key.der")).toString("hex");
beforeAll(() => {
  tmp = tempDir("mf-secure-cert-inspect-");
  image = writeSecureCert(plainKeyEntries({
    dac: new Uint8Array(readFileSync(join(SUPPLIED_DAC, "DAC_cert.der"))),
    pai: new Uint8Array(loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData),
    privateKeyDer: new Uint8Array(readFileSync(join(SUPPLIED_DAC, "DAC_key.der"))),
  }), { integrity: true });
  writeFileSync(join(tmp, "sc.bin"), image);
  writeFileSync(join(tmp, "dump.bin"), padToPartition(image));
  const bad = image.slice();
  bad[20] ^= 1;
  writeFileSync(join(tmp, "bad.bin"), bad);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("inspect: esp_secure_cert images", () => {
  it("lists every entry by name, summarises DAC and PAI, redacts the key", () => {
    const r = runCli(["inspect", join(tmp, "sc.bin")]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(/^esp_secure_cert image .*sc\.bin: tlv, 4 entries, \d+ of \d+ bytes used/);
    expect(lines[1]).toMatch(/^ {2}0x0000 DEV_CERT\/0 +flags 0x00 +\d+ bytes {2}CRC 0x[0-9a-f]{8} ok +DAC "5a1e0c3d-7b2f-4c11-9e8d-0f1a2b3c4d5e", VID 0xFFF2 PID 0x8001/);
    expect(lines[2]).toMatch(/CA_CERT\/0 .* ok +PAI "Matter Test PAI"/);
    expect(lines[3]).toMatch(/PRIV_KEY\/0 .*121 bytes .* ok +P-256 private key, 121-byte SEC1 DER .*<redacted>$/);
    expect(lines[4]).toMatch(/INTEGRITY\/0 .*SHA-256 of the bytes before it: ok/);
    expect(r.stdout).not.toContain(keyHex());
    expect(r.stdout).toMatch(/^provider: DAC, PAI and a default key/m);
  });

  it("--show-secrets prints the key; --json has every field and redacts by default", () => {
    expect(runCli(["inspect", join(tmp, "sc.bin"), "--show-secrets"]).stdout).toContain(keyHex());
    const j = JSON.parse(runCli(["inspect", join(tmp, "sc.bin"), "--json"]).stdout);
    expect(j.entries.map((e: { typeName: string }) => e.typeName)).toEqual(["DEV_CERT", "CA_CERT", "PRIV_KEY", "INTEGRITY"]);
    expect(j.entries[2].value).toBe("<redacted>");
    expect(j.integrity).toBe("ok");
    expect(j.attestation).toMatchObject({ keyType: "default", dac: true, pai: true, missing: [] });
  });

  it("an 8 KiB dump reads like the image; the chain ends at the erased word", () => {
    const r = runCli(["inspect", join(tmp, "dump.bin"), "--json"]);
    const j = JSON.parse(r.stdout);
    expect(j.size).toBe(0x2000);
    expect(j.used).toBe(image.length);
    expect(j.end.reason).toBe("erased");
    expect(j.problems).toEqual([]);
  });

  it("a bad CRC is shown on its entry and as one problem line; the provider line names it", () => {
    const r = runCli(["inspect", join(tmp, "bad.bin")]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/DEV_CERT\/0 .* BAD +CRC mismatch: a device refuses this entry/);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("problem "))).toEqual([expect.stringMatching(/^problem secure-cert\.crc: entry 0 \(DEV_CERT\/0\) at 0x0: CRC /)]);
    expect(r.stdout).toMatch(/INTEGRITY\/0 .*SHA-256 of the bytes before it: mismatch/);
    expect(r.stdout).toMatch(/^provider: DAC \(DEV_CERT\/0\): its entry's CRC does not check$/m);
  });
});
