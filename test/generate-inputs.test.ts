// Inputs `generate` used to accept that broke devices later (issue "Accepted now, broken later"):
// a wrong Certification Declaration, CSV syntax and BOMs, dates that do not exist, text with control
// characters, malformed locales, an empty --outdir, --enable-dynamic-passcode with --passcode, and
// `spake2p` for passcodes a device must not use. Each case asserts the exit status, the one line on
// stderr naming the field, and what is on disk afterwards (nothing for a refusal, the batch for an
// accepted value).

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliInProcess, tempDir } from "./support/cli.js";
import { encodeCertificationDeclaration, parseCertificationDeclaration } from "../host-tools/inspect/cd.js";
import { generateP256KeyPair, keyIdentifier, privateKeyPkcs8Pem, x509 } from "../host-tools/certs/index.js";
import { CD_FILE, CD_SIGNER_CERT, PAI_CERT, PAI_KEY, SUPPLIED_DAC } from "./support/fixtures.js";

let tmp: string;
const f = (name: string) => join(tmp, name);
const CD = new Uint8Array(readFileSync(CD_FILE));

beforeAll(async () => {
  tmp = tempDir("mf-generate-inputs-");
  const fields = parseCertificationDeclaration(CD);
  const signer = await generateP256KeyPair();
  const cd = (over: Partial<typeof fields>) => encodeCertificationDeclaration({ ...fields, ...over }, signer);
  writeFileSync(f("cd-other-pid.der"), await cd({ productIds: [0x8002, 0x8003] }));
  writeFileSync(f("cd-other-vid.der"), await cd({ vendorId: 0xfff1 }));
  writeFileSync(f("cd-origin.der"), await cd({ dacOriginVendorId: 0xfff1, dacOriginProductId: 0x8001 }));
  writeFileSync(f("cd-cut.der"), CD.subarray(0, CD.length - 20));
  writeFileSync(f("cd-trailing.der"), Buffer.concat([CD, Buffer.from([0, 0, 0, 0])]));
  writeFileSync(f("cd-format-2.der"), await cd({ formatVersion: 2 }));
  // A PAA of our own (Matter PAA profile) and CDs whose authorized_paa_list does / does not name it.
  const paaKey = await generateP256KeyPair();
  const paa = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01", name: "CN=matter-factory inputs test PAA", notBefore: new Date("2020-01-01T00:00:00Z"), notAfter: new Date("2099-12-31T00:00:00Z"),
    keys: { privateKey: paaKey.privateKey, publicKey: paaKey.publicKey }, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
    extensions: [new x509.BasicConstraintsExtension(true, 1, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(paaKey.publicKey)],
  });
  writeFileSync(f("paa.pem"), paa.toString("pem"));
  writeFileSync(f("paa-key.pem"), privateKeyPkcs8Pem(paaKey));
  writeFileSync(f("cd-paa-listed.der"), await cd({ authorizedPaaList: [await keyIdentifier(paaKey.rawPublic)] }));
  writeFileSync(f("cd-paa-not-listed.der"), await cd({ authorizedPaaList: [new Uint8Array(20).fill(7)] }));
  // CSV inputs
  writeFileSync(f("serial.csv"), "serial-num,data,string\n");
  writeFileSync(f("serial-bom.csv"), "\ufeffserial-num,data,string\n");
  writeFileSync(f("serial-open.csv"), 'serial-num,data,"string\n');
  writeFileSync(f("values.csv"), "serial-num\nSN-1\n");
  writeFileSync(f("values-bom.csv"), "\ufeffserial-num\nSN-1\n");
  writeFileSync(f("values-open-quote.csv"), 'serial-num\n"SN-1\n');
  writeFileSync(f("values-open-quote-2.csv"), 'serial-num\nSN-1\n"SN-2\nSN-3\n');
  writeFileSync(f("values-empty.csv"), 'serial-num\n""\n');
  writeFileSync(f("values-empty-2.csv"), "serial-num\nSN-1\n\"\"\n");
  writeFileSync(f("values-tab.csv"), 'serial-num\n"SN\t1"\n');
  writeFileSync(f("values-newline.csv"), 'serial-num\n"SN\n1"\n');
  writeFileSync(f("date.csv"), "mfg-date,data,string\n");
  writeFileSync(f("bad-encoding.csv"), "app,namespace,\ncounter,data,i33\n");
  writeFileSync(f("counter.csv"), "counter\n1\n");
  writeFileSync(f("date-bad.csv"), "mfg-date\n20260115\n20260230\n");
  writeFileSync(f("date-dashes.csv"), "mfg-date\n2026-01-15\n");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VP = ["-v", "0xFFF2", "-p", "0x8001"];
const QUICK = ["-q", "-j", "0", "--iteration-count", "1000", "--no-labels"];

interface Case {
  name: string;
  args: string[];
  status: 0 | 1 | 2;
  /** The field the one-line message names (refusals), or a piece of what it says. */
  says?: RegExp;
  /** Accepted: text the device's internal/partition.csv holds. */
  holds?: string;
}

const ref = (s: string) => (s.startsWith("@") ? f(s.slice(1)) : s);

const cases: Case[] = [
  // ---- -cd (--cert-dclrn)
  { name: "-cd given a DER certificate", args: [...VP, "-cd", join(SUPPLIED_DAC, "DAC_cert.der")], status: 1, says: /--cert-dclrn \(-cd\) .*not a CMS SignedData but an X\.509 certificate/ },
  { name: "-cd given a PEM certificate", args: [...VP, "-cd", PAI_CERT], status: 1, says: /--cert-dclrn \(-cd\) .*PEM text \(CERTIFICATE\)/ },
  { name: "-cd cut short", args: [...VP, "-cd", "@cd-cut.der"], status: 1, says: /--cert-dclrn \(-cd\) .*cut short/ },
  { name: "-cd with bytes after its end", args: [...VP, "-cd", "@cd-trailing.der"], status: 1, says: /--cert-dclrn \(-cd\) .*4 bytes after the end/ },
  { name: "-cd for another product", args: [...VP, "-cd", "@cd-other-pid.der"], status: 1, says: /--cert-dclrn \(-cd\) .*product_id_array \(0x8002 0x8003\) does not contain .*0x8001/ },
  { name: "-cd for another vendor", args: [...VP, "-cd", "@cd-other-vid.der"], status: 1, says: /--cert-dclrn \(-cd\) .*vendor_id is 0xFFF1.*0xFFF2/ },
  { name: "-cd whose dac_origin is not the DACs' VID/PID", args: [...VP, "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-cd", "@cd-origin.der"], status: 1, says: /--cert-dclrn \(-cd\) .*dac_origin 0xFFF1\/0x8001/ },
  { name: "-cd breaking a CD rule (format_version 2)", args: [...VP, "-cd", "@cd-format-2.der"], status: 1, says: /--cert-dclrn \(-cd\) .*format_version 2: must be 1/ },
  { name: "-cd whose signature does not verify with --cd-signer", args: [...VP, "-cd", CD_FILE, "--cd-signer", PAI_CERT], status: 1, says: /--cert-dclrn \(-cd\) .*signature does not verify with --cd-signer/ },
  { name: "--cd-signer that is not a certificate", args: [...VP, "-cd", CD_FILE, "--cd-signer", "@values.csv"], status: 1, says: /--cd-signer/ },
  { name: "--cd-signer without -cd", args: [...VP, "--cd-signer", CD_SIGNER_CERT], status: 2, says: /--cd-signer needs -cd/ },
  { name: "-cd whose authorized_paa_list does not name the --paa PAA", args: [...VP, "--paa", "-c", "@paa.pem", "-k", "@paa-key.pem", "-vf", "2025-01-01", "-lt", "3650", "-cd", "@cd-paa-not-listed.der"], status: 1, says: /--cert-dclrn \(-cd\) .*authorized_paa_list does not name the PAA/ },
  { name: "-cd whose authorized_paa_list names the --paa PAA (accepted)", args: [...VP, "--paa", "-c", "@paa.pem", "-k", "@paa-key.pem", "-vf", "2025-01-01", "-lt", "3650", "-cd", "@cd-paa-listed.der"], status: 0, holds: "cert-dclrn,file,binary" },
  { name: "-cd signed by --cd-signer (accepted)", args: [...VP, "-cd", CD_FILE, "--cd-signer", CD_SIGNER_CERT], status: 0, holds: "cert-dclrn,file,binary" },
  { name: "-cd for the batch, no signer (accepted)", args: [...VP, "-cd", CD_FILE], status: 0, holds: "cert-dclrn" },
  // ---- --csv / --mcsv
  { name: "--mcsv with an unterminated quote", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-open-quote.csv"], status: 1, says: /--mcsv .*values-open-quote\.csv: line 2 column 1: .*never closed/ },
  { name: "--mcsv with an unterminated quote on row 2", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-open-quote-2.csv"], status: 1, says: /--mcsv .*line 3 column 1/ },
  { name: "--csv with an unterminated quote names --csv", args: [...VP, "--csv", "@serial-open.csv", "--mcsv", "@values.csv"], status: 1, says: /^matter-factory: --csv .*serial-open\.csv: line 1 column 17/ },
  { name: "--csv declaring an unknown encoding names --csv", args: [...VP, "--csv", "@bad-encoding.csv", "--mcsv", "@counter.csv"], status: 1, says: /--mcsv row 1, column "counter" \(declared by --csv as data,i33\), .*encoding "i33"/ },
  { name: "--mcsv empty serial-num cell (as --serial-num \"\")", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-empty.csv"], status: 1, says: /--mcsv row 1: key "serial-num" value "": 1…16 characters/ },
  { name: "--mcsv empty serial-num cell on row 2", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-empty-2.csv"], status: 1, says: /--mcsv row 2: key "serial-num" value ""/ },
  { name: "--serial-num \"\" (same rule)", args: [...VP, "--serial-num", ""], status: 1, says: /key "serial-num" value "": 1…16 characters/ },
  { name: "--mcsv serial-num with a tab", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-tab.csv"], status: 1, says: /--mcsv row 1: key "serial-num" .*U\+0009/ },
  { name: "--mcsv serial-num with a quoted newline", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-newline.csv"], status: 1, says: /--mcsv row 1: key "serial-num" .*U\+000A/ },
  { name: "--mcsv mfg-date 20260230", args: [...VP, "--csv", "@date.csv", "--mcsv", "@date-bad.csv"], status: 1, says: /--mcsv row 2: key "mfg-date" value "20260230"/ },
  { name: "--mcsv mfg-date YYYY-MM-DD (accepted)", args: [...VP, "--csv", "@date.csv", "--mcsv", "@date-dashes.csv"], status: 0, holds: "mfg-date,data,string,2026-01-15" },
  { name: "UTF-8 BOM in --csv (accepted)", args: [...VP, "--csv", "@serial-bom.csv", "--mcsv", "@values.csv"], status: 0, holds: "serial-num,data,string,SN-1" },
  { name: "UTF-8 BOM in --mcsv (accepted)", args: [...VP, "--csv", "@serial.csv", "--mcsv", "@values-bom.csv"], status: 0, holds: "serial-num,data,string,SN-1" },
  // ---- --mfg-date (esp-matter-mfg-tool 1.0.29's forms, real dates)
  { name: "--mfg-date YYYY-MM-DD (accepted)", args: [...VP, "--mfg-date", "2026-01-15"], status: 0, holds: "mfg-date,data,string,2026-01-15" },
  { name: "--mfg-date YYYYMMDD (accepted)", args: [...VP, "--mfg-date", "20260115"], status: 0, holds: "mfg-date,data,string,20260115" },
  { name: "--mfg-date YYYYMMDD + 8-character suffix (accepted)", args: [...VP, "--mfg-date", "20260115LOT00042"], status: 0, holds: "mfg-date,data,string,20260115LOT00042" },
  { name: "--mfg-date 29 February of a leap year (accepted)", args: [...VP, "--mfg-date", "2028-02-29"], status: 0, holds: "2028-02-29" },
  { name: "--mfg-date 20260230", args: [...VP, "--mfg-date", "20260230"], status: 1, says: /--mfg-date "20260230": 2026-02-30 is not a date/ },
  { name: "--mfg-date 2026-02-29 (not a leap year)", args: [...VP, "--mfg-date", "2026-02-29"], status: 1, says: /--mfg-date "2026-02-29": 2026-02-29 is not a date/ },
  { name: "--mfg-date 2026-04-31", args: [...VP, "--mfg-date", "2026-04-31"], status: 1, says: /--mfg-date "2026-04-31"/ },
  { name: "--mfg-date month 13", args: [...VP, "--mfg-date", "20261301"], status: 1, says: /--mfg-date "20261301": month 13/ },
  { name: "--mfg-date day 00", args: [...VP, "--mfg-date", "2026-01-00"], status: 1, says: /--mfg-date "2026-01-00"/ },
  { name: "--mfg-date 2026-1-15", args: [...VP, "--mfg-date", "2026-1-15"], status: 1, says: /--mfg-date "2026-1-15": must be YYYY-MM-DD/ },
  { name: "--mfg-date of 12 characters (mfg_tool 1.0.29: 8 or 16)", args: [...VP, "--mfg-date", "20260115ABCD"], status: 1, says: /--mfg-date "20260115ABCD": must be YYYYMMDD/ },
  { name: "--mfg-date YYYY-MM-DD + suffix: 18 characters, more than the firmware reads", args: [...VP, "--mfg-date", "2026-01-15ABCDEFGH"], status: 1, says: /key "mfg-date" value "2026-01-15ABCDEFGH": at most 16 characters/ },
  { name: "--mfg-date year 0999", args: [...VP, "--mfg-date", "09990101"], status: 1, says: /--mfg-date "09990101": year 0999/ },
  // ---- text, locales, outdir, dynamic passcode
  { name: "--vendor-name with a newline", args: [...VP, "--vendor-name", "Acme\nInc"], status: 1, says: /--vendor-name "Acme\\nInc": U\+000A at character 5/ },
  { name: "--product-name with a tab", args: [...VP, "--product-name", "Lamp\t2"], status: 1, says: /--product-name "Lamp\\t2": U\+0009/ },
  { name: "--hw-ver-str with DEL", args: [...VP, "--hw-ver-str", "v1\u007f"], status: 1, says: /--hw-ver-str .*U\+007F/ },
  { name: "--serial-num with a carriage return", args: [...VP, "--serial-num", "SN\r1"], status: 1, says: /--serial-num .*U\+000D/ },
  { name: "--part-number with NUL", args: [...VP, "--part-number", "P\u00001"], status: 1, says: /--part-number .*U\+0000/ },
  { name: "--product-label with a line separator", args: [...VP, "--product-label", "a\u2028b"], status: 1, says: /--product-label "a\\u2028b": U\+2028/ },
  { name: "--fixed-labels value with a newline", args: [...VP, "--fixed-labels", "0/room/kit\nchen"], status: 1, says: /--fixed-labels .*U\+000A/ },
  { name: "--vendor-name with non-ASCII letters (accepted)", args: [...VP, "--vendor-name", "Ünïcødé GmbH"], status: 0, holds: "vendor-name,data,string,Ünïcødé GmbH" },
  { name: "--locales \"not a locale\"", args: [...VP, "--locales", "not a locale"], status: 1, says: /--locales "not a locale": must be a BCP 47 language tag/ },
  { name: "--locales en_US", args: [...VP, "--locales", "en-US", "en_US"], status: 1, says: /--locales "en_US"/ },
  { name: "--locales empty", args: [...VP, "--locales", ""], status: 1, says: /--locales ""/ },
  { name: "--locales en-US zh-Hant-TW de-CH-1996 (accepted)", args: [...VP, "--locales", "en-US", "zh-Hant-TW", "de-CH-1996"], status: 0, holds: "zh-Hant-TW" },
  { name: "--enable-dynamic-passcode with --passcode", args: [...VP, "--enable-dynamic-passcode", "--passcode", "20202021"], status: 2, says: /--enable-dynamic-passcode and --passcode exclude each other/ },
];

describe("generate: inputs refused up front, or accepted and written", () => {
  cases.forEach((c, i) => {
    it(c.name, async () => {
      const outdir = f(`out-${i}`);
      const r = await runCliInProcess(["generate", "--outdir", outdir, ...QUICK, ...c.args.map(ref)]);
      expect(r.code, r.stderr).toBe(c.status);
      if (c.status === 0) {
        expect(r.stderr).toBe("");
        const root = join(outdir, "fff2_8001");
        const devices = readdirSync(root).filter((d) => /^[0-9a-f]{8}-/.test(d));
        expect(devices).toHaveLength(1);
        expect(existsSync(join(root, devices[0], `${devices[0]}-partition.bin`))).toBe(true);
        expect(readFileSync(join(root, devices[0], "internal/partition.csv"), "utf8")).toContain(c.holds);
        return;
      }
      expect(r.stdout).toBe("");
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^matter-factory: /);
      expect(lines[0]).toMatch(c.says!);
      expect(!existsSync(outdir) || readdirSync(outdir).length === 0, `${outdir} is not empty`).toBe(true);
    });
  });

  it("--outdir \"\": refused, nothing written in the working directory", () => {
    const cwd = tempDir("mf-empty-outdir-");
    const prev = process.cwd();
    process.chdir(cwd);
    return runCliInProcess(["generate", ...VP, "--outdir", "", ...QUICK])
      .then((r) => {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stderr).toMatch(/option --outdir "": must name a directory/);
        expect(readdirSync(cwd)).toEqual([]);
      })
      .finally(() => {
        process.chdir(prev);
        rmSync(cwd, { recursive: true, force: true });
      });
  });
});

describe("spake2p: the passcode rule of codes and generate", () => {
  for (const p of ["0", "11111111", "22222222", "99999999", "12345678", "87654321", "100000000"]) {
    it(`refuses --passcode ${p}`, async () => {
      const r = await runCliInProcess(["spake2p", "--passcode", p, "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--iterations", "1000"]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`^matter-factory: option --passcode ${p}: (trivial passcode|must be in 1\\.\\.99999998)`));
    });
  }

  it("the same message as generate for the same passcode", async () => {
    const s = await runCliInProcess(["spake2p", "--passcode", "11111111", "--salt", "U1BBS0UyUCBLZXkgU2FsdA=="]);
    const outdir = f("out-spake2p-same");
    const g = await runCliInProcess(["generate", ...VP, "--passcode", "11111111", "--outdir", outdir, "-q"]);
    expect(g.code).toBe(s.code);
    expect(g.stderr).toBe(s.stderr);
    expect(existsSync(outdir) && readdirSync(outdir).length > 0).toBe(false);
  });

  it("computes the verifier for a valid passcode (Core §5.1.7.1 boundary 99999998)", async () => {
    const r = await runCliInProcess(["spake2p", "--passcode", "99999998", "--salt", "U1BBS0UyUCBLZXkgU2FsdA==", "--iterations", "1000", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(Buffer.from(JSON.parse(r.stdout).verifier, "base64")).toHaveLength(97);
  });
});
