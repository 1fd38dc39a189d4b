// Differential against the pinned esp-secure-cert-tool 2.6.1 and esp-matter-mfg-tool 1.0.29 (.venv/mfg,
// test/py/requirements-mfg.txt): for the same DAC, PAI and key, `generate`'s <uuid>_esp_secure_cert.bin
// and NVS image equal mfg_tool's byte for byte (the TLV 201 random entries aside, which mfg_tool draws);
// the codec equals the tool's TlvPartitionBuilder for seeded random entries; our reader reads the tools'
// fresh images as esp_secure_cert_mgr would; the HMAC-derived image equals the builder's for the same
// DAC, PAI and salt, and the derived key (computed here with node:crypto) is the DAC's key.
// Seeded: MF_SEED=<n> replays the random part; test names carry the seed.

import { createECDH, pbkdf2Sync } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  SecureCertType, checkSecureCertIntegrity, findSecureCertEntry, readMatterAttestation, readSecureCert, writeSecureCert,
  type SecureCertEntryInput,
} from "../modules/secure-cert/index.js";
import { loadCertificate } from "../host-tools/certs/index.js";
import { runCliInProcess, tempDir } from "./support/cli.js";
import { CD_FILE, PAI_CERT, PAI_KEY, REPO, SUPPLIED_DAC, SUPPLIED_DAC_UUID } from "./support/fixtures.js";
import { Rng } from "./support/random-csv.js";

const PY = join(REPO, ".venv/mfg/bin/python");
const MFG_TOOL = join(REPO, ".venv/mfg/bin/esp-matter-mfg-tool");
const SCT = join(REPO, ".venv/mfg/bin/configure_esp_secure_cert.py");
const HAVE_TOOLS = existsSync(MFG_TOOL) && existsSync(SCT);
const SEED = process.env.MF_SEED ?? "20261203";
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;
const read = (p: string) => new Uint8Array(readFileSync(p));
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

// esp-secure-cert-tool's own builder: one image per spec, entries in order, optional integrity entry.
const BUILDER = `
import sys, json, tempfile, os, io, contextlib
from esp_secure_cert.tlv_format_construct import TlvPartitionBuilder
out = []
for img in json.load(sys.stdin):
    b = TlvPartitionBuilder()
    with contextlib.redirect_stdout(io.StringIO()):
        for e in img["entries"]:
            b.add_tlv_entry(e["type"], e["subtype"], bytes.fromhex(e["hex"]), e["flags"])
        fd, path = tempfile.mkstemp(); os.close(fd)
        b.build_partition(path, add_tlv_integrity=img["integrity"])
    out.append(open(path, "rb").read().hex()); os.remove(path)
print(json.dumps(out))
`;
function toolImages(specs: { entries: SecureCertEntryInput[]; integrity: boolean }[]): Uint8Array[] {
  const input = JSON.stringify(specs.map((s) => ({ integrity: s.integrity, entries: s.entries.map((e) => ({ type: e.type, subtype: e.subtype ?? 0, flags: e.flags ?? 0, hex: hex(e.value) })) })));
  const out = execFileSync(PY, ["-c", BUILDER], { input, encoding: "utf8", cwd: tmp });
  return (JSON.parse(out) as string[]).map((h) => new Uint8Array(Buffer.from(h, "hex")));
}

let tmp: string;
beforeAll(() => { tmp = tempDir("mf-secure-cert-diff-"); });
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const DAC_PEM = join(SUPPLIED_DAC, "DAC_cert.pem");
const DAC_KEY_PEM = join(SUPPLIED_DAC, "DAC_key.pem");
const SALT = "U1BBS0UyUCBLZXkgU2FsdA==";
/** One device with every value fixed: the fixture DAC (its CN is a UUID, so both tools name the directory after it). */
function fixedArgs(): string[] {
  return ["-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "--dac-cert", DAC_PEM, "--dac-key", DAC_KEY_PEM, "-cd", CD_FILE,
    "--passcode", "20202021", "--discriminator", "3840", "--salt", SALT, "--verifier", VERIFIER, "--iteration-count", "1000",
    "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1.0", "--mfg-date", "20240101", "--serial-num", "SN-1"];
}
let VERIFIER = ""; // for SALT, 20202021, 1000 iterations (set in beforeAll)

function mfgTool(args: string[], outdir: string): void {
  execFileSync(MFG_TOOL, [...args, "--outdir", outdir], { cwd: tmp, stdio: "pipe", timeout: 120_000 });
}
async function generate(args: string[], outdir: string): Promise<{ code: number; stderr: string }> {
  const r = await runCliInProcess(["generate", ...args, "--outdir", outdir, "--jobs", "0", "--no-labels"]);
  expect(r.code, tag(`generate: ${r.stderr}`)).toBe(0);
  return r;
}
const device = (outdir: string, uuid = SUPPLIED_DAC_UUID) => join(outdir, "fff2_8001", uuid);
const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile()).sort();

describe.skipIf(!HAVE_TOOLS)("secure-cert differential (esp-secure-cert-tool 2.6.1, esp-matter-mfg-tool 1.0.29)", () => {
  beforeAll(async () => {
    const { nodeComputeVerifier } = await import("../host-tools/node-crypto.js");
    VERIFIER = Buffer.from(nodeComputeVerifier(20202021, Buffer.from(SALT, "base64"), 1000).serialized).toString("base64");
  });

  it(tag("codec = TlvPartitionBuilder for 60 seeded random entry lists, with and without integrity"), () => {
    const rng = new Rng(Number(SEED) >>> 0 || 1);
    const specs = Array.from({ length: 60 }, (_, i) => {
      const entries: SecureCertEntryInput[] = [];
      const used = new Set<number>();
      let size = 0;
      for (let n = 0; n < rng.int(1, 8); n++) {
        const type = [0, 1, 2, 5, 6, 9, 51, 201][rng.int(0, 7)];
        const subtype = rng.int(0, 3);
        const length = rng.int(0, 1) ? rng.int(0, 40) : rng.int(0, 700);
        if (used.has(type * 256 + subtype) || size + length + 32 > 8000) continue;
        used.add(type * 256 + subtype);
        size += length + 32;
        entries.push({ type, subtype, flags: [0, 0, 0x40, 0x08, 0x80][rng.int(0, 4)], value: new Uint8Array(length).map(() => rng.int(0, 255)) });
      }
      return { entries, integrity: i % 2 === 0 };
    });
    const theirs = toolImages(specs);
    specs.forEach((s, i) => expect(hex(writeSecureCert(s.entries, { integrity: s.integrity })), tag(`image ${i}`)).toBe(hex(theirs[i])));
  });

  it("--dac-in-secure-cert: secure-cert image, NVS image, file set and summary equal mfg_tool's", async () => {
    const theirs = join(tmp, "dac-theirs");
    const ours = join(tmp, "dac-ours");
    mfgTool([...fixedArgs(), "--dac-in-secure-cert", "--target", "esp32c3"], theirs);
    await generate([...fixedArgs(), "--dac-in-secure-cert"], ours);
    const [t, o] = [device(theirs), device(ours)];
    const name = `${SUPPLIED_DAC_UUID}_esp_secure_cert.bin`;
    expect(hex(read(join(o, name)))).toBe(hex(read(join(t, name))));
    expect(hex(read(join(o, `${SUPPLIED_DAC_UUID}-partition.bin`)))).toBe(hex(read(join(t, `${SUPPLIED_DAC_UUID}-partition.bin`))));
    expect(files(o)).toEqual(files(t));
    expect(statSync(join(o, name)).mode & 0o777).toBe(0o600); // it holds the plaintext DAC key
    // Read as esp_secure_cert_mgr would: DEV/CA/PRIV subtype 0, DER, the 121-byte key.
    const img = readSecureCert(read(join(t, name)));
    expect(img.problems).toEqual([]);
    const m = readMatterAttestation(img);
    expect(m.missing).toEqual([]);
    expect(hex(m.dac!)).toBe(hex(read(join(SUPPLIED_DAC, "DAC_cert.der"))));
    expect(hex(m.pai!)).toBe(hex(new Uint8Array(loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData)));
    expect(hex(m.privateKeyDer!)).toBe(hex(read(join(SUPPLIED_DAC, "DAC_key.der"))));
    expect(checkSecureCertIntegrity(img, read(join(t, name)))).toBe("absent");
  });

  it("all three *-in-secure-cert flags: NVS and summary equal; secure-cert equal but for the two random entries", async () => {
    const extra = ["--dac-in-secure-cert", "--enable-rotating-device-id", "--rd-id-uid", "00112233445566778899aabbccddeeff", "--commissionable-data-in-secure-cert", "--rd-id-uid-in-secure-cert"];
    const theirs = join(tmp, "all-theirs");
    const ours = join(tmp, "all-ours");
    mfgTool([...fixedArgs(), ...extra, "--target", "esp32c3"], theirs);
    await generate([...fixedArgs(), ...extra], ours);
    const [t, o] = [device(theirs), device(ours)];
    const name = `${SUPPLIED_DAC_UUID}_esp_secure_cert.bin`;
    expect(hex(read(join(o, `${SUPPLIED_DAC_UUID}-partition.bin`)))).toBe(hex(read(join(t, `${SUPPLIED_DAC_UUID}-partition.bin`))));
    const [ti, oi] = [readSecureCert(read(join(t, name))), readSecureCert(read(join(o, name)))];
    expect(oi.problems).toEqual([]);
    const shape = (e: (typeof ti.entries)[number]) => [e.offset, e.type, e.subtype, e.flags, e.length, e.subtype >= 128 ? "random" : hex(e.value!)];
    expect(oi.entries.map(shape)).toEqual(ti.entries.map(shape));
    const summary = (root: string) => readFileSync(join(root, "fff2_8001", readdirSync(join(root, "fff2_8001")).find((f) => f.startsWith("summary-"))!), "utf8")
      .replace(/[^,\n]*Test-CD-FFF2-8001\.der/g, "<cd>"); // the -cd path is relative to each tool's directory
    expect(summary(ours)).toBe(summary(theirs));
    const disc = findSecureCertEntry(ti, SecureCertType.MATTER_TLV_1, 0);
    expect(disc.ok && hex(disc.value)).toBe("000f");
  });

  it("no attestation option (pre-provisioned module): NVS equal, one note, manifest says the DAC is in the module", async () => {
    const args = fixedArgs().filter((a, i, all) => ![a, all[i - 1]].some((x) => ["--pai", "-c", "--dac-cert", "--dac-key"].includes(x)) || a === "-cd" || all[i - 1] === "-cd");
    const theirs = join(tmp, "pre-theirs");
    const ours = join(tmp, "pre-ours");
    mfgTool(args, theirs);
    const r = await generate(args, ours);
    expect(r.stderr.match(/expects them in its module's esp_secure_cert partition/g)).toHaveLength(1);
    const one = (root: string) => {
      const d = join(root, "fff2_8001");
      const u = readdirSync(d).find((x) => /^[0-9a-f]{8}-/.test(x))!;
      return { dir: join(d, u), uuid: u };
    };
    const [t, o] = [one(theirs), one(ours)];
    expect(hex(read(join(o.dir, `${o.uuid}-partition.bin`)))).toBe(hex(read(join(t.dir, `${t.uuid}-partition.bin`))));
    expect(files(o.dir).map((f) => f.replace(o.uuid, "U"))).toEqual(files(t.dir).map((f) => f.replace(t.uuid, "U")));
    const manifest = readFileSync(join(ours, "fff2_8001", readdirSync(join(ours, "fff2_8001")).find((f) => f.startsWith("manifest-"))!), "utf8");
    expect(JSON.parse(manifest.trim()).dacLocation).toBe("module");
  });

  it("-ds --efuse-key-id 1 --target esp32h2: the ECDSA-peripheral image equals mfg_tool's; esp32c3 is refused by both", async () => {
    const ds = ["--dac-in-secure-cert", "-ds", "--efuse-key-id", "1"];
    const theirs = join(tmp, "ds-theirs");
    const ours = join(tmp, "ds-ours");
    mfgTool([...fixedArgs(), ...ds, "--target", "esp32h2"], theirs);
    await generate([...fixedArgs(), ...ds, "--target", "esp32h2"], ours);
    const name = `${SUPPLIED_DAC_UUID}_esp_secure_cert.bin`;
    expect(hex(read(join(device(ours), name)))).toBe(hex(read(join(device(theirs), name))));
    expect(() => mfgTool([...fixedArgs(), ...ds, "--target", "esp32c3"], join(tmp, "ds-c3-theirs"))).toThrow();
    const r = await runCliInProcess(["generate", ...fixedArgs(), ...ds, "--target", "esp32c3", "--outdir", join(tmp, "ds-c3-ours")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RSA only/);
  });

  it("configure_esp_secure_cert.py images (DER and PEM inputs) read as esp_secure_cert_mgr would", () => {
    const run = (dir: string, key: string, dac: string, pai: string) => {
      mkdirSync(dir, { recursive: true });
      execFileSync(PY, [SCT, "--private-key", key, "--device-cert", dac, "--ca-cert", pai, "--target_chip", "esp32c3", "--skip_flash", "--keep_ds_data_on_host"], { cwd: dir, stdio: "pipe" });
      return read(join(dir, "esp_secure_cert_data/esp_secure_cert.bin"));
    };
    const paiDer = join(tmp, "pai.der");
    writeFileSync(paiDer, new Uint8Array(loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData));
    const der = run(join(tmp, "sct-der"), join(SUPPLIED_DAC, "DAC_key.der"), join(SUPPLIED_DAC, "DAC_cert.der"), paiDer);
    const img = readSecureCert(der);
    expect(img.problems).toEqual([]);
    expect(img.entries.map((e) => e.typeName)).toEqual(["CA_CERT", "DEV_CERT", "PRIV_KEY", "INTEGRITY"]);
    expect(checkSecureCertIntegrity(img, der)).toBe("ok");
    expect(readMatterAttestation(img).missing).toEqual([]);
    // Our writer with the same entries and an integrity entry makes the same bytes.
    const entries = img.entries.slice(0, 3).map((e) => ({ type: e.type, subtype: e.subtype, flags: e.flags, value: e.value! }));
    expect(hex(writeSecureCert(entries, { integrity: true }))).toBe(hex(der));
    // PEM inputs are stored as PEM text + NUL: readable, but not what the Matter provider can use.
    const pem = readSecureCert(run(join(tmp, "sct-pem"), DAC_KEY_PEM, DAC_PEM, PAI_CERT));
    expect(pem.problems).toEqual([]);
    expect(readMatterAttestation(pem).missing.map((p) => p.id)).toContain("secure-cert.key-format");
  });

  it("--secure-cert-key hmac-derived: image = TlvPartitionBuilder's; the derived key is the DAC's; eFuse key file 0600", async () => {
    const key = join(tmp, "hmac_key.bin");
    writeFileSync(key, Uint8Array.from({ length: 32 }, (_, i) => i));
    const salt = "1caef5434cb02986abecb4932111ee499eb00ffa2796ff71f11248ddc8cdf598";
    const ours = join(tmp, "hmac-ours");
    const args = ["-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-cd", CD_FILE, "--passcode", "20202021",
      "--discriminator", "3840", "--dac-in-secure-cert", "--secure-cert-key", "hmac-derived", "--efuse-hmac-key", key, "--hmac-salt", salt, "--seed", "hmac"];
    await generate(args, ours);
    const root = join(ours, "fff2_8001");
    const uuid = readdirSync(root).find((x) => /^[0-9a-f]{8}-/.test(x))!;
    const dir = join(root, uuid);
    const image = read(join(dir, `${uuid}_esp_secure_cert.bin`));
    const dacDer = read(join(dir, "internal/DAC_cert.der"));
    const paiDer = new Uint8Array(loadCertificate(readFileSync(PAI_CERT, "utf8"), "PAI").rawData);
    const [theirs] = toolImages([{ integrity: false, entries: [
      { type: 1, value: dacDer }, { type: 0, value: paiDer }, { type: 5, value: new Uint8Array(Buffer.from(salt, "hex")) }, { type: 2, flags: 0x40, value: new Uint8Array(0) },
    ] }]);
    expect(hex(image)).toBe(hex(theirs));
    expect(hex(read(join(dir, `${uuid}-efuse_hmac_key.bin`)))).toBe(hex(read(key)));
    expect(statSync(join(dir, `${uuid}-efuse_hmac_key.bin`)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, "internal/DAC_key.der")), "no copy of the derived key").toBe(false);
    const d = pbkdf2Sync(read(key), Buffer.from(salt, "hex"), 2048, 32, "sha256");
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(d);
    expect(hex(read(join(dir, "internal/DAC_public_key.bin")))).toBe(ecdh.getPublicKey("hex"));
    const spki = new Uint8Array(loadCertificate(dacDer, "DAC").publicKey.rawData);
    expect(hex(spki.subarray(spki.length - 65))).toBe(ecdh.getPublicKey("hex"));
  });

  it("1.0.29 parity: --discovery-mode bit sums (10 = BLE + Wi-Fi PAF, 38 = BLE + on-network + Thread) give the same QR codes; 3 is refused by both", async () => {
    const base = ["-v", "0xFFF2", "-p", "0x8001", "--passcode", "20202021", "--discriminator", "3840", "--salt", SALT, "--verifier", VERIFIER, "--iteration-count", "1000", "--serial-num", "SN-DM"];
    const qr = (root: string) => {
      const d = join(root, "fff2_8001");
      const u = readdirSync(d).find((x) => /^[0-9a-f]{8}-/.test(x))!;
      return readFileSync(join(d, u, `${u}-onb_codes.csv`), "utf8").split("\n")[1].split(",")[0];
    };
    for (const dm of ["10", "38"]) {
      mfgTool([...base, "-dm", dm], join(tmp, `dm${dm}-theirs`));
      await generate([...base, "-dm", dm], join(tmp, `dm${dm}-ours`));
      expect(qr(join(tmp, `dm${dm}-ours`)), `-dm ${dm}`).toBe(qr(join(tmp, `dm${dm}-theirs`)));
    }
    expect(() => mfgTool([...base, "-dm", "3"], join(tmp, "dm3-theirs"))).toThrow();
    const r = await runCliInProcess(["generate", ...base, "-dm", "3", "--outdir", join(tmp, "dm3-ours")]);
    expect(r.code).toBe(1);
  });
});
