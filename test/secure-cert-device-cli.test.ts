// `matter-factory simulate --secure-cert` (and --efuse-hmac-key) as a user runs it: the same provider
// values as the device reports, a signature that verifies against the DAC (node:crypto, here and in the
// command), one line with a stable id for a bad partition or a bad input file, and the exit status rule.
import { createHash, createPrivateKey, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../modules/bytes/hex.js";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataToRows } from "../modules/factory/factory-data.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { plainKeyEntries } from "../modules/secure-cert/matter.js";
import { writeSecureCert } from "../modules/secure-cert/writer.js";
import { issueDac, loadRawPrivateKey } from "../host-tools/certs/index.js";
import { CD_FILE, PAI_CERT, PAI_KEY } from "./support/fixtures.js";
import { runCli } from "./support/cli.js";

const DIR = mkdtempSync(join(tmpdir(), "mf-sc-cli-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));
const file = (name: string, bytes: Uint8Array) => (writeFileSync(join(DIR, name), bytes), join(DIR, name));

const d = createHash("sha256").update("matter-factory secure-cert CLI test key").digest();
let dac: Uint8Array;
let factory: string;
let secureCert: string;

beforeAll(async () => {
  const keyPair = await loadRawPrivateKey(d);
  const pai = { cert: readFileSync(PAI_CERT, "utf8"), key: readFileSync(PAI_KEY, "utf8") };
  dac = (await issueDac({ pai, vendorId: 0xfff2, productId: 0x8001, commonName: "secure-cert cli", keyPair })).der;
  const pub = Buffer.from(keyPair.rawPublic);
  const jwk = { kty: "EC", crv: "P-256", d: d.toString("base64url"), x: pub.subarray(1, 33).toString("base64url"), y: pub.subarray(33).toString("base64url") };
  const der = new Uint8Array(createPrivateKey({ key: jwk, format: "jwk" }).export({ type: "sec1", format: "der" })); // SEC1, 121 bytes
  const paiDer = new Uint8Array(new X509Certificate(readFileSync(PAI_CERT)).raw);
  secureCert = file("esp_secure_cert.bin", writeSecureCert(plainKeyEntries({ dac, pai: paiDer, privateKeyDer: der })));
  const data = exampleFactoryData();
  for (const k of ["dacCert", "dacKey", "dacPublicKey", "paiCert"] as const) delete data[k];
  factory = file("factory.bin", writeNvsImage(factoryDataToRows(data), { size: 0x6000 }));
}, 60_000);

describe("matter-factory simulate --secure-cert", () => {
  it("--json: the DAC from the partition and a signature that verifies against it", () => {
    const r = runCli(["simulate", factory, "--secure-cert", secureCert, "--seconds", "1", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    const a = report.deviceAttestationCredentials;
    expect(a.deviceAttestationCert).toEqual({ status: "ok", value: toHex(dac) });
    const s = a.signWithDeviceAttestationKey;
    const ok = verify("sha256", Buffer.from(s.message, "hex"), { key: new X509Certificate(Buffer.from(dac)).publicKey, dsaEncoding: "ieee-p1363" }, Buffer.from(s.signature.value, "hex"));
    expect(ok).toBe(true);
    expect(report.dacSignatureVerifies).toBe(true);
  }, 60_000);

  it("text: the console names the source and the summary says the signature verifies", () => {
    const r = runCli(["simulate", factory, "--secure-cert", secureCert, "--seconds", "1"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/attestation source: partition "esp_secure_cert"/);
    expect(r.stdout).toContain("DAC signing       ok (ECDSA P-256 / SHA-256, verifies against the DAC)");
  }, 60_000);

  it("an erased partition: exit 1, one line on stderr with the stable id", () => {
    const bad = file("erased.bin", new Uint8Array(0x2000).fill(0xff));
    const r = runCli(["simulate", factory, "--secure-cert", bad, "--seconds", "1"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/would not advertise: attestation: secure-cert\.no-entries: /);
    const json = runCli(["simulate", factory, "--secure-cert", bad, "--seconds", "1", "--json"]);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).errorId).toBe("secure-cert.no-entries");
  }, 60_000);

  it("bad inputs: an image larger than the partition, an eFuse key file of the wrong size (exit 1); --efuse-hmac-key alone (exit 2)", () => {
    const big = runCli(["simulate", factory, "--secure-cert", file("big.bin", new Uint8Array(0x2001))]);
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/secure-cert image .*8193 bytes, larger than the 0x2000-byte esp_secure_cert partition/);
    const key = runCli(["simulate", factory, "--secure-cert", secureCert, "--efuse-hmac-key", file("key.bin", new Uint8Array(31))]);
    expect(key.status).toBe(1);
    expect(key.stderr).toMatch(/eFuse HMAC key file .*31 bytes, must be 32/);
    const alone = runCli(["simulate", factory, "--efuse-hmac-key", file("key32.bin", new Uint8Array(32))]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toMatch(/--efuse-hmac-key needs --secure-cert/);
    const missing = runCli(["simulate", factory, "--secure-cert", join(DIR, "nope.bin")]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/secure-cert image ".*nope\.bin": no such file/);
  }, 60_000);

  it("--help teaches the two options", () => {
    const r = runCli(["simulate", "--help"]);
    expect(r.stdout).toMatch(/--secure-cert <esp_secure_cert\.bin>/);
    expect(r.stdout).toMatch(/--efuse-hmac-key <key\.bin>/);
  });
});

// generate → simulate: what a line makes for a module, booted as that module. generate's secure-cert
// images are byte-identical to esp-matter-mfg-tool 1.0.29's / esp-secure-cert-tool 2.6.1's for the same
// inputs (test/secure-cert-differential.test.ts), so this is the device reading the tools' layouts.
describe("generate --dac-in-secure-cert, then simulate the module", () => {
  const VP = ["-v", "0xFFF2", "-p", "0x8001", "-cd", CD_FILE, "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1"];

  function generated(extra: string[]): { uuid: string; dir: string } {
    const out = join(DIR, `gen-${extra.join("-") || "plain"}`);
    const r = runCli(["generate", ...VP, "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "--dac-in-secure-cert", ...extra, "-q", "--outdir", out]);
    expect(r.status, r.stderr).toBe(0);
    const uuid = readdirSync(join(out, "fff2_8001")).find((d) => /^[0-9a-f]{8}-/.test(d))!;
    return { uuid, dir: join(out, "fff2_8001", uuid) };
  }

  function simulated(dir: string, uuid: string, extra: string[]): { status: number; report: Record<string, unknown>; dac: Buffer } {
    const r = runCli(["simulate", join(dir, `${uuid}-partition.bin`), "--secure-cert", join(dir, `${uuid}_esp_secure_cert.bin`), ...extra, "--seconds", "1", "--json"]);
    return { status: r.status, report: JSON.parse(r.stdout), dac: readFileSync(join(dir, "internal/DAC_cert.der")) };
  }

  it.each([
    ["plaintext key", [] as string[]],
    ["HMAC-derived key with the generated eFuse key file", ["--secure-cert-key", "hmac-derived"]],
  ])("%s: the device serves generate's DAC and signs with its key", (_what, extra) => {
    const { uuid, dir } = generated(extra);
    const efuse = extra.length ? ["--efuse-hmac-key", join(dir, `${uuid}-efuse_hmac_key.bin`)] : [];
    const { status, report, dac } = simulated(dir, uuid, efuse);
    expect(status, JSON.stringify(report.error)).toBe(0);
    const a = report.deviceAttestationCredentials as Record<string, { status: string; value?: string }>;
    expect(a.deviceAttestationCert.value).toBe(dac.toString("hex"));
    expect(a.certificationDeclaration.value).toBe(readFileSync(CD_FILE).toString("hex"));
    expect(report.dacSignatureVerifies).toBe(true);
    if (extra.length) {
      const wrong = simulated(dir, uuid, ["--efuse-hmac-key", file("wrong-efuse.bin", new Uint8Array(32).fill(7))]);
      expect(wrong.status).toBe(1);
      expect(wrong.report.errorId).toBe("secure-cert.key-mismatch");
    }
  }, 120_000);
});
