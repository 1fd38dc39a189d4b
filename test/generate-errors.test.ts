// `matter-factory generate` refuses bad invocations before writing anything: each case below must
// exit non-zero with exactly one line on stderr naming the problem, and leave its output directory
// absent or empty.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir } from "./support/cli.js";
import { issuePai, loadCertificate, loadPrivateKeyPem, privateKeyPkcs8Pem } from "../host-tools/certs/index.js";
import { PAI_CERT, PAI_KEY, CD_FILE, SUPPLIED_DAC } from "./support/fixtures.js";

const PAI = PAI_CERT;
const CD = CD_FILE;
const DAC_DIR = SUPPLIED_DAC;

let tmp: string;
const f = (name: string) => join(tmp, name);

beforeAll(async () => {
  tmp = tempDir("mf-generate-errors-");
  writeFileSync(f("not-a-cert.pem"), "hello\n");
  writeFileSync(f("a-file"), "x");
  writeFileSync(f("bad-config.csv"), "app,namespace,\nonly_two,data\n");
  writeFileSync(f("config.csv"), "app,namespace,\ncounter,data,i32\nlabel,data,string\n");
  writeFileSync(f("values.csv"), "counter,label\n1,a\n2,b\n");
  writeFileSync(f("values-missing-column.csv"), "counter\n1\n");
  writeFileSync(f("values-short-row.csv"), "counter,label\n1,a\n2\n");
  writeFileSync(f("values-bad-int.csv"), "counter,label\n1,a\nabc,b\n");
  writeFileSync(f("values-header-only.csv"), "counter,label\n");
  writeFileSync(f("override.csv"), "discriminator,data,u32\n");
  writeFileSync(f("override-values.csv"), "discriminator\n5\n");
  writeFileSync(f("serial.csv"), "serial-num,data,string\n");
  writeFileSync(f("serial-values.csv"), "serial-num\nA1\nA1\n");
  // An expired PAI (FFF2/8001, 2022-01-01 + 30 days), issued under the sample PAI's key.
  const samplePai = loadCertificate(readFileSync(PAI, "utf8"), "PAI");
  const key = await loadPrivateKeyPem(readFileSync(PAI_KEY, "utf8"));
  const expired = await issuePai({
    paa: { cert: samplePai, key },
    vendorId: 0xfff2,
    productId: 0x8001,
    commonName: "Expired PAI",
    validFrom: new Date(Date.UTC(2022, 0, 1)),
    lifetimeDays: 30,
  });
  writeFileSync(f("expired-pai.pem"), expired.pem);
  writeFileSync(f("expired-pai-key.pem"), privateKeyPkcs8Pem(expired.keyPair));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VP = ["-v", "0xFFF2", "-p", "0x8001"];
const PAI_ARGS = ["--pai", "-c", PAI, "-k", PAI_KEY];

interface Case {
  name: string;
  args: string[];
  /** A piece of the one-line message. */
  says: RegExp;
  /** Use this output directory instead of a fresh one. */
  outdir?: () => string;
}

const cases: Case[] = [
  { name: "no vendor ID", args: ["-p", "0x8001"], says: /--vendor-id.*required/ },
  { name: "VID above 0xFFFF", args: ["-v", "0x10000", "-p", "1"], says: /--vendor-id 0x10000: must be ≤ 0xFFFF/ },
  { name: "VID not a number", args: ["-v", "abc", "-p", "1"], says: /--vendor-id "abc": not an integer/ },
  { name: "negative PID", args: ["-v", "1", "-p", "-1"], says: /--product-id -1: must be ≥ 0/ },
  { name: "passcode on the invalid list", args: [...VP, "--passcode", "11111111"], says: /passcode 11111111: trivial/ },
  { name: "passcode 12345678", args: [...VP, "--passcode", "12345678"], says: /passcode 12345678: trivial/ },
  { name: "passcode out of range (mfg_tool lets it through)", args: [...VP, "--passcode", "100000000"], says: /passcode 100000000: must be in 1\.\.99999998/ },
  { name: "passcode 0", args: [...VP, "--passcode", "0"], says: /passcode 0/ },
  { name: "discriminator above 4095", args: [...VP, "--discriminator", "4096"], says: /--discriminator 4096: must be ≤ 0xFFF/ },
  { name: "commissioning flow 3", args: [...VP, "-cf", "3"], says: /--commissioning-flow 3: must be ≤ 2/ },
  { name: "discovery mode 0", args: [...VP, "-dm", "0"], says: /--discovery-mode 0: must be ≥ 1/ },
  { name: "discovery mode with reserved bits", args: [...VP, "-dm", "64"], says: /--discovery-mode 64: must be ≤ 63/ },
  { name: "iteration count below 1000", args: [...VP, "--iteration-count", "999"], says: /--iteration-count 999: must be ≥ 1000/ },
  { name: "iteration count above 100000", args: [...VP, "--iteration-count", "100001"], says: /--iteration-count 100001: must be ≤ 100000/ },
  { name: "count 0", args: [...VP, "-n", "0"], says: /--count 0: must be ≥ 1/ },
  { name: "per-device passcode with a count of 5", args: [...VP, "-n", "5", "--passcode", "20202021"], says: /--passcode: a value for one device, but the count is 5/ },
  { name: "serial number of 17 characters", args: [...VP, "--serial-num", "ABCDEFGHIJKLMNOPQ"], says: /serial-num.*1…16 characters/ },
  { name: "rd-id-uid not 32 hex digits", args: [...VP, "--enable-rotating-device-id", "--rd-id-uid", "xyz"], says: /--rd-id-uid "xyz": must be 32 hex digits/ },
  { name: "salt without verifier", args: [...VP, "--passcode", "20202021", "--salt", "U1BBS0UyUCBLZXkgU2FsdA=="], says: /--salt and --verifier go together/ },
  {
    name: "verifier that does not match the passcode",
    args: [...VP, "--passcode", "20202022", "--iteration-count", "1000", "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--verifier",
      "uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw=="],
    says: /--verifier: does not match --passcode/,
  },
  { name: "vendor name of 33 characters", args: [...VP, "--vendor-name", "V".repeat(33)], says: /key "vendor-name" value .*(at most 32 bytes|1…32 characters)/ },
  { name: "mfg-date that is not a date", args: [...VP, "--mfg-date", "2024-02-30"], says: /--mfg-date "2024-02-30": 2024-02-30 is not a date/ },
  { name: "unknown product colour", args: [...VP, "--product-color", "pink"], says: /--product-color "pink": must be one of/ },
  { name: "unknown calendar type", args: [...VP, "--calendar-types", "Gregorian", "Klingon"], says: /--calendar-types "Klingon"/ },
  { name: "fixed label longer than 15", args: [...VP, "--fixed-labels", "0/orientationxxxxx/up"], says: /--fixed-labels .*label must be 1-15/ },
  { name: "fixed label without value", args: [...VP, "--fixed-labels", "0/orientation"], says: /--fixed-labels .*<endpoint>\/<label>\/<value>/ },
  { name: "supported mode with a bad mode number", args: [...VP, "--supported-modes", "x/Normal/1"], says: /--supported-modes .*mode must be/ },
  { name: "--pai without -c", args: [...VP, "--pai", "-k", PAI_KEY], says: /--pai needs -c/ },
  { name: "--paa and --pai together", args: [...VP, "--paa", "--pai", "-c", PAI, "-k", PAI_KEY], says: /--paa and --pai are mutually exclusive/ },
  { name: "PAI of another vendor", args: ["-v", "0xFFF1", "-p", "0x8001", ...PAI_ARGS], says: /PAI certificate: .*must equal the vendor ID FFF1/ },
  { name: "PAI of another product", args: ["-v", "0xFFF2", "-p", "0x8002", ...PAI_ARGS], says: /PAI certificate: .*must equal the product ID 8002/ },
  { name: "expired PAI", args: [...VP, "--pai", "-c", "@expired-pai.pem", "-k", "@expired-pai-key.pem"], says: /PAI certificate: .*expired/ },
  { name: "non-CA \"PAI\" (a DAC)", args: [...VP, "--pai", "-c", join(DAC_DIR, "DAC_cert.pem"), "-k", join(DAC_DIR, "DAC_key.pem")], says: /PAI certificate: .*must be true \(a CA certificate\)/ },
  { name: "PAI key that is not the PAI's", args: [...VP, "--pai", "-c", PAI, "-k", join(DAC_DIR, "DAC_key.pem")], says: /key pair mismatch/ },
  { name: "PAI file that is not a certificate", args: [...VP, "--pai", "-c", "@not-a-cert.pem", "-k", PAI_KEY], says: /PAI certificate: not a DER X\.509 certificate/ },
  { name: "missing key file", args: [...VP, "--pai", "-c", PAI, "-k", "@no-such-key.pem"], says: /PAI private key ".*no-such-key.pem": no such file/ },
  { name: "missing certification declaration", args: [...VP, "-cd", "@missing-cd.der"], says: /certification declaration ".*missing-cd.der": no such file/ },
  { name: "lifetime past the PAI's notAfter (year 9999)", args: [...VP, ...PAI_ARGS, "-lt", "3000000"], says: /past 9999-12-31|must lie within/ },
  { name: "valid-from that is not a date", args: [...VP, ...PAI_ARGS, "-vf", "2024-13-01"], says: /--valid-from "2024-13-01"/ },
  { name: "--csv without --mcsv", args: [...VP, "--csv", "@config.csv"], says: /--csv and --mcsv go together/ },
  { name: "malformed --csv line", args: [...VP, "--csv", "@bad-config.csv", "--mcsv", "@values.csv"], says: /--csv .*record 2.*needs key,type,encoding/ },
  { name: "--mcsv without a column for a --csv key", args: [...VP, "--csv", "@config.csv", "--mcsv", "@values-missing-column.csv"], says: /no column for --csv key "label"/ },
  { name: "--mcsv row with too few fields", args: [...VP, "--csv", "@config.csv", "--mcsv", "@values-short-row.csv"], says: /record 3: 1 fields, the header has 2/ },
  { name: "--mcsv value not an i32", args: [...VP, "--csv", "@config.csv", "--mcsv", "@values-bad-int.csv"], says: /--mcsv row 2, column "counter" .*"abc" is not a base-10 integer/ },
  { name: "--mcsv with no device rows", args: [...VP, "--csv", "@config.csv", "--mcsv", "@values-header-only.csv"], says: /no device rows/ },
  { name: "--csv replacing a generated key", args: [...VP, "--csv", "@override.csv", "--mcsv", "@override-values.csv"], says: /"discriminator" is generated per device/ },
  { name: "--mcsv giving two devices the same serial", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@serial-values.csv"], says: /rows 1 and 2: the same serial-num/ },
  {
    name: "partition size too small for the data",
    args: [...VP, ...PAI_ARGS, "-cd", CD, "-s", "0x3000", "--locales", ...Array.from({ length: 300 }, (_, i) => `q${String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26))}`)],
    says: /--size 0x3000: the factory data needs at least 0x[0-9a-f]+ bytes/,
  },
  { name: "partition size not a multiple of 4096", args: [...VP, "-s", "0x6001"], says: /--size 0x6001/ },
  { name: "output directory under a regular file", args: VP, says: /--outdir .*not a directory/, outdir: () => join(f("a-file"), "out") },
  { name: "unknown option", args: [...VP, "--frobnicate"], says: /unknown option --frobnicate/ },
  { name: "--dac-in-secure-cert without a DAC source", args: [...VP, "--dac-in-secure-cert"], says: /--dac-in-secure-cert needs --pai or --paa/ },
  { name: "DS peripheral on a chip without an ECDSA peripheral", args: [...VP, "-ds", "--efuse-key-id", "2"], says: /ECDSA peripheral exists only on esp32h2/ },
  { name: "--resume with nothing to resume", args: [...VP, "--resume"], says: /--resume: no interrupted batch/ },
  { name: "--dac-cert for 3 devices", args: [...VP, "-n", "3", "--pai", "-c", PAI, "--dac-cert", join(DAC_DIR, "DAC_cert.pem"), "--dac-key", join(DAC_DIR, "DAC_key.pem")], says: /count is 3/ },
  { name: "--dac-cert with the wrong key", args: [...VP, "--pai", "-c", PAI, "--dac-cert", join(DAC_DIR, "DAC_cert.pem"), "--dac-key", PAI_KEY], says: /DAC certificate: .*key pair mismatch/ },
  { name: "--salt with dynamic passcode", args: [...VP, "--passcode", "20202021", "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--verifier", "AA==", "--enable-dynamic-passcode"], says: /cannot be used with --enable-dynamic-passcode/ },
];

describe("generate: invalid invocations", () => {
  it("has at least 30 cases", () => expect(cases.length).toBeGreaterThanOrEqual(30));

  cases.forEach((c, i) => {
    it(c.name, () => {
      const outdir = c.outdir ? c.outdir() : f(`out-${i}`);
      const args = c.args.map((a) => (a.startsWith("@") ? f(a.slice(1)) : a));
      const r = runCli(["generate", "--outdir", outdir, ...args]);
      expect(r.status, r.stderr).not.toBe(0);
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^matter-factory: /);
      expect(lines[0]).toMatch(c.says);
      expect(!existsSync(outdir) || readdirSync(outdir).length === 0, `${outdir} is not empty`).toBe(true);
    });
  });
});
