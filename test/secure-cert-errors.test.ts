// Bad inputs around esp_secure_cert: every generate case exits non-zero with exactly one line on stderr
// naming the option or file, the value and the rule, and leaves its output directory absent or empty;
// every verify case names the problem on its own line under the expected check (lines that follow from it
// stay under the attestation checks) and exits 1, leaving no file behind.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { p256 } from "@noble/curves/nist.js";
import { encodeSec1P256, readSecureCert, writeSecureCert } from "../modules/secure-cert/index.js";
import { runCli, tempDir } from "./support/cli.js";
import { CD_FILE, PAI_CERT, PAI_KEY, SUPPLIED_DAC } from "./support/fixtures.js";

let tmp: string;
const f = (name: string) => join(tmp, name);
const VP = ["-v", "0xFFF2", "-p", "0x8001"];
const PAI = ["--pai", "-c", PAI_CERT, "-k", PAI_KEY];
const DAC = ["--pai", "-c", PAI_CERT, "--dac-cert", join(SUPPLIED_DAC, "DAC_cert.pem"), "--dac-key", join(SUPPLIED_DAC, "DAC_key.pem")];
const AT = "2030-01-01T00:00:00Z";
let device = "";
let image = new Uint8Array(0);

beforeAll(() => {
  tmp = tempDir("mf-secure-cert-errors-");
  writeFileSync(f("key16.bin"), new Uint8Array(16));
  writeFileSync(f("modules-no-mac.csv"), "serial,lot\nS1,1\n");
  writeFileSync(f("modules-dup.csv"), "MAC,serial\naa:bb:cc:00:00:01,S1\nAA:BB:CC:00:00:01,S2\n");
  writeFileSync(f("modules-2.csv"), "MAC\naa:bb:cc:00:00:01\naa:bb:cc:00:00:02\n");
  // One good device with everything in place, so each verify case below adds exactly its own problem.
  const out = f("good");
  const r = runCli(["generate", ...VP, ...DAC, "-cd", CD_FILE, "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1",
    "--passcode", "20202021", "--discriminator", "3840", "--dac-in-secure-cert", "-q", "--outdir", out]);
  expect(r.status, r.stderr).toBe(0);
  const root = join(out, "fff2_8001");
  device = join(root, readdirSync(root).find((d) => /^[0-9a-f]{8}-/.test(d))!);
  image = new Uint8Array(readFileSync(join(device, `${device.split("/").pop()}_esp_secure_cert.bin`)));
  const entries = readSecureCert(image).entries;
  const d = p256.utils.randomSecretKey();
  writeFileSync(f("wrong-key.bin"), writeSecureCert([
    { type: 1, value: entries[0].value! }, { type: 0, value: entries[1].value! }, { type: 2, value: encodeSec1P256(d, p256.getPublicKey(d, false)) },
  ]));
  const badCrc = image.slice();
  badCrc[100] ^= 0xff; // inside the DAC payload
  writeFileSync(f("bad-crc.bin"), badCrc);
  writeFileSync(f("zeros.bin"), new Uint8Array(0x2000));
  writeFileSync(f("pem-key.bin"), writeSecureCert([
    { type: 1, value: entries[0].value! }, { type: 0, value: entries[1].value! }, { type: 2, value: new TextEncoder().encode("-----BEGIN EC PRIVATE KEY-----\n...\n\0") },
  ]));
  writeFileSync(f("overlap.csv"), "esp_secure_cert, 0x3F, , 0xD000, 0x2000, encrypted\nnvs, data, nvs, 0xE000, 0x6000,\nfctry, data, nvs, 0x3E0000, 0x6000,\n");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface GenerateCase { name: string; args: string[]; status: 1 | 2; says: RegExp }

const generateCases: GenerateCase[] = [
  { name: "--dac-in-secure-cert without --pai/--paa (mfg_tool silently ignores it)", args: [...VP, "--dac-in-secure-cert"], status: 2, says: /--dac-in-secure-cert needs --pai or --paa/ },
  { name: "--dac-in-secure-cert with --no-secure-cert-bin (no DAC anywhere)", args: [...VP, ...PAI, "--dac-in-secure-cert", "--no-secure-cert-bin"], status: 2, says: /neither the NVS image nor a secure-cert image/ },
  { name: "--commissionable-data-in-secure-cert alone", args: [...VP, ...PAI, "--commissionable-data-in-secure-cert"], status: 2, says: /go together and need --dac-in-secure-cert/ },
  { name: "--rd-id-uid-in-secure-cert without --commissionable-data-in-secure-cert", args: [...VP, ...PAI, "--dac-in-secure-cert", "--rd-id-uid-in-secure-cert"], status: 2, says: /go together/ },
  { name: "-ds on esp32c3", args: [...VP, ...PAI, "--dac-in-secure-cert", "-ds", "--efuse-key-id", "1", "--target", "esp32c3"], status: 2, says: /esp32c3: the ESP32-C3's DS peripheral signs RSA only/ },
  { name: "-ds on esp32h2 without --efuse-key-id", args: [...VP, ...PAI, "--dac-in-secure-cert", "-ds", "--target", "esp32h2"], status: 2, says: /needs --efuse-key-id/ },
  { name: "--efuse-key-id without -ds (mfg_tool crashes half-way)", args: [...VP, ...PAI, "--dac-in-secure-cert", "--efuse-key-id", "1"], status: 2, says: /--efuse-key-id 1: only with -ds/ },
  { name: "-ds without --dac-in-secure-cert", args: [...VP, ...PAI, "-ds", "--efuse-key-id", "1", "--target", "esp32h2"], status: 2, says: /-ds\/--ds-peripheral needs --dac-in-secure-cert/ },
  { name: "--port", args: [...VP, ...PAI, "--port", "/dev/ttyUSB0"], status: 2, says: /--port: this tool never writes to a chip/ },
  { name: "hmac-derived without --dac-in-secure-cert", args: [...VP, ...PAI, "--secure-cert-key", "hmac-derived"], status: 2, says: /hmac-derived needs --dac-in-secure-cert/ },
  { name: "hmac-derived with a supplied DAC (its key cannot be the derived one)", args: [...VP, ...DAC, "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived"], status: 2, says: /--dac-cert cannot be used/ },
  { name: "unknown --secure-cert-key", args: [...VP, ...PAI, "--dac-in-secure-cert", "--secure-cert-key", "rsa"], status: 1, says: /--secure-cert-key "rsa"/ },
  { name: "eFuse HMAC key of 16 bytes", args: [...VP, ...PAI, "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived", "--efuse-hmac-key", "@key16.bin"], status: 1, says: /eFuse HMAC key ".*key16.bin": 16 bytes, must be 32/ },
  { name: "--hmac-salt that is not hex", args: [...VP, ...PAI, "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived", "--hmac-salt", "xyz"], status: 1, says: /--hmac-salt "xyz": must be 1-64 bytes of hex/ },
  { name: "--efuse-hmac-key for 2 devices", args: [...VP, ...PAI, "-n", "2", "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived", "--efuse-hmac-key", "@key16.bin"], status: 2, says: /--efuse-hmac-key: a value for one device, but the count is 2/ },
  { name: "--commissionable-data-in-secure-cert with a dynamic passcode", args: [...VP, ...PAI, "--dac-in-secure-cert", "--commissionable-data-in-secure-cert", "--rd-id-uid-in-secure-cert", "--enable-dynamic-passcode"], status: 2, says: /no verifier to store/ },
  { name: "--modules with --pai (a module already has its DAC)", args: [...VP, ...PAI, "--modules", "@modules-2.csv"], status: 2, says: /--modules is for pre-provisioned modules/ },
  { name: "--modules without the id column", args: [...VP, "--modules", "@modules-no-mac.csv"], status: 1, says: /no column "MAC" \(--module-id-column\)/ },
  { name: "--modules listing one module twice", args: [...VP, "--modules", "@modules-dup.csv"], status: 1, says: /rows 1 and 2: the same module/ },
  { name: "--modules with 2 modules and -n 3", args: [...VP, "-n", "3", "--modules", "@modules-2.csv"], status: 1, says: /2 modules, but -n gives 3 devices/ },
  { name: "--module-serial-column without --modules", args: [...VP, "--module-serial-column", "serial"], status: 2, says: /--module-serial-column needs --modules/ },
  { name: "--discovery-mode with the Soft-AP bit (mfg_tool 1.0.29 refuses it)", args: [...VP, "-dm", "3"], status: 1, says: /--discovery-mode 3: bit 0/ },
];

describe("generate: secure-cert and module bad inputs", () => {
  it("has at least 15 cases", () => expect(generateCases.length).toBeGreaterThanOrEqual(15));
  generateCases.forEach((c, i) => {
    it(c.name, () => {
      const outdir = f(`out-${i}`);
      const r = runCli(["generate", "--outdir", outdir, ...c.args.map((a) => (a.startsWith("@") ? f(a.slice(1)) : a))]);
      expect(r.status, r.stderr).toBe(c.status);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^matter-factory: /);
      expect(lines[0]).toMatch(c.says);
      expect(!existsSync(outdir) || readdirSync(outdir).length === 0, `${outdir} is not empty`).toBe(true);
    });
  });
});

interface VerifyCase { name: string; args: () => string[]; check: string; says: RegExp }

const verifyCases: VerifyCase[] = [
  { name: "a secure-cert image whose key is not the DAC's", args: () => ["--secure-cert", f("wrong-key.bin")], check: "dac-key", says: /not the DAC certificate's public key|does not sign for the DAC/ },
  { name: "a corrupt TLV (the DAC entry's CRC fails)", args: () => ["--secure-cert", f("bad-crc.bin")], check: "secure-cert", says: /DEV_CERT\/0.*CRC .* stored|DAC \(DEV_CERT\/0\): its entry's CRC/ },
  { name: "an 8 KiB dump that holds no TLV chain", args: () => ["--secure-cert", f("zeros.bin")], check: "secure-cert", says: /no TLV entries|DAC \(DEV_CERT\/0\): no entry/ },
  { name: "a PEM key the Matter provider cannot slice", args: () => ["--secure-cert", f("pem-key.bin")], check: "secure-cert", says: /not the 121-byte SEC1 DER/ },
  { name: "a partition table whose nvs overlaps 0xD000", args: () => ["--partition-table", f("overlap.csv")], check: "partition-table", says: /partition "nvs" \(0xE000-0x13FFF\) overlaps esp_secure_cert 0xD000-0xEFFF/ },
];

describe("verify: secure-cert bad inputs", () => {
  it("the good device verifies with no error", () => {
    const r = runCli(["verify", device, "--at", AT]);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("error ")), r.stdout).toEqual([]);
    expect(r.status).toBe(0);
  });
  verifyCases.forEach((c) => {
    it(c.name, () => {
      const before = readdirSync(tmp).sort();
      const r = runCli(["verify", device, "--at", AT, ...c.args()]);
      expect(r.status, r.stdout + r.stderr).toBe(1);
      const errors = r.stdout.split("\n").filter((l) => l.startsWith("error "));
      expect(errors.length, r.stdout).toBeGreaterThanOrEqual(1);
      // The problem itself, under its check; what follows from it (a key then missing from both partitions)
      // may add lines, but only under the attestation checks.
      expect(errors.some((e) => e.startsWith(`error ${c.check}: `) && c.says.test(e)), r.stdout).toBe(true);
      for (const e of errors) expect(e.split(" ")[1], r.stdout).toMatch(/^(secure-cert|keys|dac|dac-key|partition-table):$/);
      expect(readdirSync(tmp).sort()).toEqual(before);
    });
  });
  it("inspect of an 8 KiB dump without TLV entries: one line on stderr, exit 1", () => {
    const r = runCli(["inspect", f("zeros.bin")]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^matter-factory: image ".*zeros.bin": no esp_secure_cert TLV entries \(unknown\)$/);
  });
});
