// `generate` for pre-provisioned modules and host-made secure-cert images, end to end: --help describes
// esp-matter-mfg-tool 1.0.29; --modules binds each image to a module (serials from a configurable column,
// recorded in the manifest, the DAC expected in the module); batches with --dac-in-secure-cert and with
// the HMAC-derived key verify cleanly device by device, the derived key (node:crypto) being the DAC's.
import { createECDH, createHash, pbkdf2Sync } from "node:crypto";
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNvsImage } from "../modules/nvs/reader.js";
import { SecureCertType, findSecureCertEntry, padToPartition, plainKeyEntries, readSecureCert, writeSecureCert } from "../modules/secure-cert/index.js";
import { loadCertificate } from "../host-tools/certs/index.js";
import { commonNameOf } from "../host-tools/certs/matter-dn.js";
import { runCli, tempDir } from "./support/cli.js";
import { CD_FILE, PAI_CERT, PAI_KEY, REPO, SUPPLIED_DAC } from "./support/fixtures.js";

let tmp: string;
beforeAll(() => { tmp = tempDir("mf-secure-cert-generate-"); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VP = ["-v", "0xFFF2", "-p", "0x8001", "-cd", CD_FILE, "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1"];
const AT = "2030-01-01T00:00:00Z";
const read = (p: string) => new Uint8Array(readFileSync(p));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const devices = (out: string) => readdirSync(join(out, "fff2_8001")).filter((d) => /^[0-9a-f]{8}-/.test(d)).sort().map((u) => ({ uuid: u, dir: join(out, "fff2_8001", u) }));
const manifest = (out: string) => readFileSync(join(out, "fff2_8001", readdirSync(join(out, "fff2_8001")).find((f) => f.startsWith("manifest-"))!), "utf8")
  .trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);

describe("generate: pre-provisioned modules and secure-cert batches", () => {
  it("--help describes esp-matter-mfg-tool 1.0.29 and the secure-cert options", () => {
    const r = runCli(["generate", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Deliberate differences from esp-matter-mfg-tool 1\.0\.29/);
    expect(r.stdout).not.toMatch(/differences from esp-matter-mfg-tool 1\.0\.23/);
    for (const o of ["--dac-in-secure-cert", "--commissionable-data-in-secure-cert", "--rd-id-uid-in-secure-cert", "--ds-peripheral"]) {
      expect(r.stdout.split("\n").find((l) => l.trimStart().startsWith(o)), o).not.toMatch(/not supported/);
    }
    expect(r.stdout).toMatch(/--modules <modules\.csv>/);
  });

  it("--modules: one image per module, serials from the named column, the binding and the DAC's place in the manifest", () => {
    const csv = join(tmp, "modules.csv");
    writeFileSync(csv, "Mac Address,Serial Number,Lot\n7c:df:a1:00:00:01,MOD-0001,L1\n7c:df:a1:00:00:02,MOD-0002,L1\n");
    const out = join(tmp, "modules-out");
    const r = runCli(["generate", ...VP, "--modules", csv, "--module-id-column", "mac address", "--module-serial-column", "Serial Number", "--outdir", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.match(/expects them in its module's esp_secure_cert partition/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(/not set: .*dac-cert/);
    const lines = manifest(out);
    expect(lines.map((l) => [l.module, l.dacLocation, l.serial])).toEqual([
      [{ id: "7c:df:a1:00:00:01", row: 1, serial: "MOD-0001" }, "module", "MOD-0001"],
      [{ id: "7c:df:a1:00:00:02", row: 2, serial: "MOD-0002" }, "module", "MOD-0002"],
    ]);
    for (const l of lines) {
      const nvs = readNvsImage(read(join(out, "fff2_8001", String(l.uuid), `${l.uuid}-partition.bin`)));
      const keys = nvs.entries.map((e) => e.key);
      expect(nvs.get("chip-factory", "serial-num")?.value).toBe(l.serial);
      for (const k of ["dac-cert", "dac-key", "dac-pub-key", "pai-cert"]) expect(keys).not.toContain(k);
      expect(keys).toContain("cert-dclrn");
    }
  });

  it("-n 3 --pai --dac-in-secure-cert: each device's image holds its own DAC (CN = directory), verify is clean", () => {
    const out = join(tmp, "batch-out");
    const r = runCli(["generate", ...VP, "-n", "3", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "--dac-in-secure-cert", "-q", "--outdir", out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = manifest(out);
    const dacs = new Set<string>();
    for (const { uuid, dir } of devices(out)) {
      const bytes = read(join(dir, `${uuid}_esp_secure_cert.bin`));
      const img = readSecureCert(bytes);
      expect(img.entries.map((e) => e.typeName)).toEqual(["DEV_CERT", "CA_CERT", "PRIV_KEY"]);
      const dac = findSecureCertEntry(img, SecureCertType.DEV_CERT);
      expect(dac.ok && hex(dac.value)).toBe(hex(read(join(dir, "internal/DAC_cert.der"))));
      expect(commonNameOf(loadCertificate(read(join(dir, "internal/DAC_cert.der")), "DAC").subjectName)).toBe(uuid);
      dacs.add(hex(read(join(dir, "internal/DAC_cert.der"))));
      const entry = lines.find((l) => l.uuid === uuid)!;
      expect(entry.dacLocation).toBe("secure-cert");
      expect(entry.secureCertSha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(entry.files).toContain(`${uuid}/${uuid}_esp_secure_cert.bin`);
      const v = runCli(["verify", dir, "--at", AT]);
      expect(v.stdout.split("\n").filter((l) => l.startsWith("error ")), v.stdout).toEqual([]);
      expect(v.stdout).toMatch(/^ok secure-cert: /m);
    }
    expect(dacs.size).toBe(3);
  });

  it("--secure-cert-key hmac-derived for 2 devices: a fresh eFuse key each, derived key = DAC key, verify checks it", () => {
    const out = join(tmp, "hmac-out");
    const r = runCli(["generate", ...VP, "-n", "2", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived", "-q", "--outdir", out]);
    expect(r.status, r.stderr).toBe(0);
    const keys = new Set<string>();
    for (const { uuid, dir } of devices(out)) {
      const keyFile = join(dir, `${uuid}-efuse_hmac_key.bin`);
      expect(statSync(keyFile).mode & 0o777).toBe(0o600);
      const efuse = read(keyFile);
      keys.add(hex(efuse));
      const img = readSecureCert(read(join(dir, `${uuid}_esp_secure_cert.bin`)));
      expect(img.entries.map((e) => [e.typeName, e.flags, e.length])).toEqual([["DEV_CERT", 0, expect.any(Number)], ["CA_CERT", 0, expect.any(Number)], ["HMAC_ECDSA_KEY_SALT", 0, 32], ["PRIV_KEY", 0x40, 0]]);
      const salt = findSecureCertEntry(img, SecureCertType.HMAC_ECDSA_KEY_SALT);
      const ecdh = createECDH("prime256v1");
      ecdh.setPrivateKey(pbkdf2Sync(efuse, salt.ok ? salt.value : new Uint8Array(0), 2048, 32, "sha256"));
      const spki = new Uint8Array(loadCertificate(read(join(dir, "internal/DAC_cert.der")), "DAC").publicKey.rawData);
      expect(hex(spki.subarray(spki.length - 65))).toBe(ecdh.getPublicKey("hex"));
      const v = runCli(["verify", dir, "--at", AT]);
      expect(v.stdout.split("\n").filter((l) => l.startsWith("error ")), v.stdout).toEqual([]);
      expect(v.stdout).toMatch(/^ok dac-key: /m);
    }
    expect(keys.size).toBe(2);
  });

  it("a pre-provisioned device verifies against its module's 8 KiB dump (the module's DAC CN is not the directory name)", () => {
    const out = join(tmp, "module-verify");
    const r = runCli(["generate", ...VP, "--passcode", "20202021", "--discriminator", "3840", "-q", "--outdir", out]);
    expect(r.status, r.stderr).toBe(0);
    const [{ dir, uuid }] = devices(out);
    const dump = join(tmp, "module-dump.bin");
    writeFileSync(dump, padToPartition(writeSecureCert(plainKeyEntries({
      dac: read(join(SUPPLIED_DAC, "DAC_cert.der")),
      pai: new Uint8Array(loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData),
      privateKeyDer: read(join(SUPPLIED_DAC, "DAC_key.der")),
    }), { integrity: true })));
    const without = runCli(["verify", dir, "--at", AT]);
    expect(without.status).toBe(1); // the image alone has no DAC
    const v = runCli(["verify", dir, "--at", AT, "--secure-cert", dump, "--partition-table", join(REPO, "partitions.csv")]);
    expect(v.stdout.split("\n").filter((l) => l.startsWith("error ")), v.stdout).toEqual([]);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/^ok dac: DAC "5a1e0c3d-7b2f-4c11-9e8d-0f1a2b3c4d5e" chains to PAI/m);
    expect(v.stdout).toMatch(/^ok partition-table: /m);
    expect(uuid).not.toBe("5a1e0c3d-7b2f-4c11-9e8d-0f1a2b3c4d5e");
  });
});
