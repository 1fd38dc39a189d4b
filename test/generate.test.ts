// `matter-factory generate` end to end through the real CLI (bin/matter-factory.mjs, worker threads):
// mfg_tool's layout and file formats, NVS images read back to exactly the inputs, partition.csv
// rebuilding the same image, QR PNGs decoded by an independent decoder (jsqr), DAC chains checked by
// node:crypto and `openssl verify`, uniqueness, --seed reproducibility, file modes, encryption,
// --paa, --dac-cert, --csv/--mcsv; plus the fast paths (DAC template, key files, QR PNG) against the
// reference implementations they specialise.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { createHash, KeyObject, X509Certificate } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import jsQR from "jsqr";
import { runCli, tempDir, REPO } from "./support/cli.js";
import { readNvsImage } from "../modules/nvs/reader.js";
import { parseNvsCsv } from "../modules/nvs/csv.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { decryptNvsImage, parseKeyPartition } from "../modules/nvs/encryption.js";
import { factoryDataFromEntries } from "../modules/factory/from-entries.js";
import type { FactoryData } from "../modules/factory/factory-data.js";
import { fromBase64 } from "../modules/bytes/base64.js";
import { decodeQrPayload } from "../modules/onboarding/qr.js";
import { decodeManualCode, formatManualCode } from "../modules/onboarding/manual.js";
import { encodeQr } from "../modules/qrcode/encoder.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { decodeGrayPng, grayToRgba, qrToGray } from "../host-tools/png.js";
import { nodeComputeVerifier } from "../host-tools/node-crypto.js";
import { dacKeyFiles, issueDac, loadCertificate, loadPrivateKeyPem, loadRawPrivateKey, validateDac } from "../host-tools/certs/index.js";
import { drawCertSerial, drawP256Scalar, issueDacFromTemplate, p256KeyFiles, p256PublicKey, opensslSigner, splitCertificate } from "../host-tools/mfg/dac-fast.js";
import { makeDacTemplate } from "../host-tools/mfg/dac-template.js";
import { qrPng } from "../host-tools/mfg/qr-png.js";
import { csvRow, parseCsv } from "../host-tools/mfg/csv-text.js";
import type { ManifestEntry } from "../host-tools/mfg/device.js";
import { MFG_SAMPLE, PAI_CERT, PAI_KEY, CD_FILE, SUPPLIED_DAC, SUPPLIED_DAC_UUID } from "./support/fixtures.js";

const SAMPLE = MFG_SAMPLE;
const PAI = PAI_CERT;
const CD = CD_FILE;
const SAMPLE_DEVICE = SUPPLIED_DAC;

const bytes = (p: string): Uint8Array => new Uint8Array(readFileSync(p));
const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const openssl = (args: string[]): string => execFileSync("openssl", args, { stdio: ["pipe", "pipe", "pipe"] }).toString();

let tmp: string;
beforeAll(() => {
  tmp = tempDir("mf-generate-");
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Batch {
  root: string;
  manifest: ManifestEntry[];
  json: Record<string, unknown>;
  stderr: string;
}

/** Runs `generate` into <tmp>/<name> and returns the batch (fails the test on a non-zero exit). */
function generate(name: string, args: string[]): Batch {
  const outdir = join(tmp, name);
  const r = runCli(["generate", "--outdir", outdir, "--json", ...args]);
  if (r.status !== 0) throw new Error(`generate ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  const root = json.root as string;
  const manifest = readFileSync(json.manifest as string, "utf8").trim().split("\n").map((l) => JSON.parse(l) as ManifestEntry);
  return { root, manifest, json, stderr: r.stderr };
}

const deviceFile = (b: Batch, e: ManifestEntry, rel: string) => join(b.root, e.uuid, rel);
const mode = (p: string) => statSync(p).mode & 0o777;

function decodePng(path: string): string | undefined {
  const img = decodeGrayPng(bytes(path));
  return jsQR(grayToRgba(img), img.width, img.height)?.data;
}

const BASE = ["-v", "0xFFF2", "-p", "0x8001", "--vendor-name", "ESP", "--product-name", "light", "--hw-ver", "1", "--hw-ver-str", "v1.0", "--mfg-date", "20240101"];
const ATTEST = ["--pai", "-c", PAI, "-k", PAI_KEY, "-cd", CD];

describe("generate: a --pai batch like mfg_tool's sample", () => {
  let b: Batch;
  beforeAll(() => {
    b = generate("main", [...BASE, ...ATTEST, "-n", "8", "--enable-rotating-device-id", "--iteration-count", "1000", "--seed", "layout", "--valid-from", "2025-01-01T00:00:00"]);
  });

  it("lays out <vid>_<pid>/ as mfg_tool does, plus manifest and label sheet", () => {
    expect(b.root).toBe(join(tmp, "main", "fff2_8001"));
    expect(b.manifest.map((e) => e.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const names = readdirSync(b.root).sort();
    const stamp = (b.json.manifest as string).match(/manifest-(.*)\.jsonl$/)![1];
    expect(names.filter((n) => !/^[0-9a-f]{8}-/.test(n))).toEqual(
      [`batch-${stamp}.json`, (b.json.cnDacs as string).split("/").pop(), `labels-${stamp}`, `manifest-${stamp}.jsonl`, "staging", `summary-${stamp}.csv`].sort(),
    );
    expect(names.filter((n) => /^[0-9a-f]{8}-/.test(n)).sort()).toEqual(b.manifest.map((e) => e.uuid).sort());
    expect(readdirSync(join(b.root, "staging")).sort()).toEqual(["config.csv", "master.csv", "pai_cert.der", "pin_disc.csv"]);
    // staging/config.csv and master.csv header are the sample's (same options)
    expect(readFileSync(join(b.root, "staging/config.csv"), "utf8")).toBe(readFileSync(join(SAMPLE, "fff2_8001/staging/config.csv"), "utf8"));
    const head = (p: string) => readFileSync(p, "utf8").split("\n")[0];
    expect(head(join(b.root, "staging/master.csv"))).toBe(head(join(SAMPLE, "fff2_8001/staging/master.csv")));
    expect(head(join(b.root, "staging/pin_disc.csv"))).toBe(head(join(SAMPLE, "fff2_8001/staging/pin_disc.csv")));
    const sampleSummary = readdirSync(join(SAMPLE, "fff2_8001")).find((n) => n.startsWith("summary-"))!;
    expect(head(b.json.summary as string)).toBe(head(join(SAMPLE, "fff2_8001", sampleSummary)));
    for (const e of b.manifest) {
      const u = e.uuid;
      const expected = [`${u}-partition.bin`, `${u}-onb_codes.csv`, `${u}-qrcode.png`, "internal/partition.csv", "internal/DAC_cert.pem", "internal/DAC_cert.der",
        "internal/DAC_key.pem", "internal/DAC_key.der", "internal/DAC_private_key.bin", "internal/DAC_public_key.bin", "internal/PAI_cert.der"];
      expect([...e.files].sort()).toEqual(expected.map((f) => `${u}/${f}`).sort());
      const onDisk = [...readdirSync(join(b.root, u)).filter((n) => n !== "internal"), ...readdirSync(join(b.root, u, "internal")).map((n) => `internal/${n}`)];
      expect(onDisk.sort()).toEqual(expected.sort());
    }
    expect(b.json.labels).toHaveLength(1);
    const sheet = readFileSync((b.json.labels as string[])[0], "utf8");
    for (const e of b.manifest) {
      expect(sheet).toContain(`data-uuid="${e.uuid}"`);
      expect(sheet).toContain(formatManualCode(e.manualCode!));
      expect(sheet).toContain(`SN ${e.serial}`);
    }
    expect(sheet).toContain("VID 0xFFF2  PID 0x8001");
    // Each label's QR symbol (SVG path in module units) decodes to its device's payload.
    let decoded = 0;
    for (const m of sheet.matchAll(/data-uuid="([^"]+)".*?<rect width="(\d+)"[^>]*\/><path d="([^"]+)"/g)) {
      const [, uuid, sideText, d] = m;
      const side = +sideText;
      const scale = 4;
      const gray = new Uint8Array(side * side * scale * scale).fill(255);
      for (const run of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
        const [x, y, n] = [+run[1], +run[2], +run[3]];
        for (let r = 0; r < scale; r++) gray.fill(0, ((y * scale + r) * side + x) * scale, ((y * scale + r) * side + x + n) * scale);
      }
      const img = { width: side * scale, height: side * scale, pixels: gray };
      expect(jsQR(grayToRgba(img), img.width, img.height)?.data).toBe(b.manifest.find((e) => e.uuid === uuid)!.qr);
      decoded++;
    }
    expect(decoded).toBe(8);
  });

  it("images read back (readNvsImage + factoryDataFromEntries) to exactly the inputs", () => {
    const pinDisc = parseCsv(readFileSync(join(b.root, "staging/pin_disc.csv"), "utf8")).slice(1);
    for (const e of b.manifest) {
      const file = (p: string) => bytes(deviceFile(b, e, p));
      const image = file(`${e.uuid}-partition.bin`);
      expect(image.length).toBe(0x6000);
      const read = readNvsImage(image);
      expect(read.problems).toEqual([]);
      const { data, findings } = factoryDataFromEntries(read.entries);
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
      const [index, passcode, iterations, salt, verifier, discriminator] = pinDisc[e.index];
      expect([+index, +passcode, +discriminator]).toEqual([e.index, e.passcode, e.discriminator]);
      const expected: FactoryData = {
        discriminator: e.discriminator,
        iterationCount: 1000,
        salt: fromBase64(salt),
        verifier: fromBase64(verifier),
        vendorId: 0xfff2,
        vendorName: "ESP",
        productId: 0x8001,
        productName: "light",
        hardwareVersion: 1,
        hardwareVersionString: "v1.0",
        manufacturingDate: "20240101",
        rotatingDeviceIdUniqueId: Buffer.from(e.rdIdUid!, "hex"),
        serialNumber: e.serial,
        dacCert: file("internal/DAC_cert.der"),
        dacKey: file("internal/DAC_private_key.bin"),
        dacPublicKey: file("internal/DAC_public_key.bin"),
        paiCert: new Uint8Array(loadCertificate(readFileSync(PAI, "utf8"), "PAI").rawData),
        certDeclaration: bytes(CD),
      };
      expect({ ...data, rotatingDeviceIdUniqueId: new Uint8Array(data.rotatingDeviceIdUniqueId!) }).toEqual({
        ...expected,
        rotatingDeviceIdUniqueId: new Uint8Array(expected.rotatingDeviceIdUniqueId!),
      });
      expect(+iterations).toBe(1000);
      // The verifier is the passcode's (computed independently here).
      expect(nodeComputeVerifier(e.passcode!, data.salt!, 1000).serialized).toEqual(data.verifier);
      expect(e.imageSha256).toBe(sha256(image));
      expect(e.dacSha256).toBe(sha256(file("internal/DAC_cert.der")));
      expect(file("internal/PAI_cert.der")).toEqual(bytes(join(b.root, "staging/pai_cert.der")));
    }
  });

  it("internal/partition.csv rebuilds the same image through the NVS CSV front end", () => {
    for (const e of b.manifest) {
      const csv = readFileSync(deviceFile(b, e, "internal/partition.csv"), "utf8");
      expect(csv.startsWith("key,type,encoding,value\r\nchip-factory,namespace,,\r\n")).toBe(true);
      const rows = parseNvsCsv(csv, (p) => bytes(resolve(REPO, p)));
      expect(writeNvsImage(rows, { size: 0x6000 })).toEqual(bytes(deviceFile(b, e, `${e.uuid}-partition.bin`)));
    }
  });

  it("QR PNGs decode (jsqr) to the device's payload, which matches onb_codes.csv and the manual code", () => {
    for (const e of b.manifest) {
      expect(decodePng(deviceFile(b, e, `${e.uuid}-qrcode.png`))).toBe(e.qr);
      const [p] = decodeQrPayload(e.qr!);
      expect([p.vendorId, p.productId, p.discriminator, p.passcode, p.flow, p.discoveryCapabilities]).toEqual([0xfff2, 0x8001, e.discriminator, e.passcode, 0, 2]);
      const m = decodeManualCode(e.manualCode!);
      expect([m.passcode, m.shortDiscriminator]).toEqual([e.passcode, e.discriminator >> 8]);
      expect(readFileSync(deviceFile(b, e, `${e.uuid}-onb_codes.csv`), "utf8")).toBe(
        `qrcode,manualcode,discriminator,passcode\n${e.qr},${formatManualCode(e.manualCode!)},${e.discriminator},${e.passcode}\n`,
      );
      const png = readFileSync(deviceFile(b, e, `${e.uuid}-qrcode.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([198, 198, 1, 0]); // mfg_tool: 198×198, 1-bit gray
    }
  });

  it("DACs chain to the PAI (node:crypto X509Certificate and openssl verify) and carry the device UUID", () => {
    const pai = new X509Certificate(readFileSync(PAI));
    const paiPem = join(tmp, "pai.pem");
    writeFileSync(paiPem, readFileSync(PAI));
    for (const e of b.manifest) {
      const dac = new X509Certificate(readFileSync(deviceFile(b, e, "internal/DAC_cert.der")));
      expect(dac.verify(pai.publicKey)).toBe(true);
      expect(dac.checkIssued(pai)).toBe(true);
      expect(dac.subject).toContain(`CN=${e.uuid}`);
      expect(dac.validFrom).toBe("Jan  1 00:00:00 2025 GMT");
      expect(readFileSync(deviceFile(b, e, "internal/DAC_cert.pem"), "utf8")).toBe(dac.toString());
      expect(openssl(["verify", "-partial_chain", "-CAfile", paiPem, deviceFile(b, e, "internal/DAC_cert.pem")]).trim()).toMatch(/: OK$/);
      // DAC_key.pem, DAC_key.der and the raw bins are one key pair, and the DAC's.
      const priv = bytes(deviceFile(b, e, "internal/DAC_private_key.bin"));
      expect(p256PublicKey(priv)).toEqual(bytes(deviceFile(b, e, "internal/DAC_public_key.bin")));
      expect(openssl(["pkey", "-in", deviceFile(b, e, "internal/DAC_key.pem"), "-pubout"])).toBe(dac.publicKey.export({ type: "spki", format: "pem" }));
      expect(openssl(["ec", "-inform", "DER", "-in", deviceFile(b, e, "internal/DAC_key.der"), "-pubout"])).toBe(dac.publicKey.export({ type: "spki", format: "pem" }));
    }
  });

  it("passes host-tools/certs validateDac (the mfg_tool DAC rules)", async () => {
    for (const e of b.manifest.slice(0, 3)) {
      const key = await loadPrivateKeyPem(readFileSync(deviceFile(b, e, "internal/DAC_key.pem"), "utf8"));
      const findings = await validateDac(bytes(deviceFile(b, e, "internal/DAC_cert.der")), readFileSync(PAI, "utf8"), {
        vendorId: 0xfff2, productId: 0x8001, dacKey: key, now: new Date(Date.UTC(2025, 5, 1)),
      });
      expect(findings).toEqual([]);
    }
  });

  it("summary, cn_dacs, master.csv and pin_disc.csv have one row per device in manifest order", () => {
    const summary = parseCsv(readFileSync(b.json.summary as string, "utf8"));
    const header = summary[0];
    expect(summary.length).toBe(9);
    const cn = parseCsv(readFileSync(b.json.cnDacs as string, "utf8"));
    expect(cn[0]).toEqual(["CN", "certs"]);
    b.manifest.forEach((e, i) => {
      const row = Object.fromEntries(header.map((h, j) => [h, summary[i + 1][j]]));
      expect([row["serial-num"], row.pincode, row.qrcode, row.manualcode, row.discriminator, row["rd-id-uid"]]).toEqual([
        e.serial, String(e.passcode), e.qr, formatManualCode(e.manualCode!), String(e.discriminator), e.rdIdUid,
      ]);
      expect(row["dac-cert"]).toBe(join(b.root, e.uuid, "internal/DAC_cert.der"));
      expect(cn[i + 1]).toEqual([e.uuid, readFileSync(deviceFile(b, e, "internal/DAC_cert.pem"), "utf8")]);
    });
    const master = readFileSync(join(b.root, "staging/master.csv"), "utf8").split("\n");
    expect(master.length).toBe(10); // header, 8 rows, "" after the last "\n"
    expect(readFileSync(b.json.summary as string, "utf8").endsWith("\r\n")).toBe(true);
  });

  it("secret files are 0600, certificates 0644", () => {
    const e = b.manifest[0];
    for (const f of [`${e.uuid}-partition.bin`, `${e.uuid}-onb_codes.csv`, `${e.uuid}-qrcode.png`, "internal/partition.csv", "internal/DAC_key.pem",
      "internal/DAC_key.der", "internal/DAC_private_key.bin"]) {
      expect([f, mode(deviceFile(b, e, f))]).toEqual([f, 0o600]);
    }
    for (const f of ["internal/DAC_cert.pem", "internal/DAC_cert.der", "internal/DAC_public_key.bin", "internal/PAI_cert.der"]) {
      expect([f, mode(deviceFile(b, e, f))]).toEqual([f, 0o644]);
    }
    for (const p of [b.json.manifest, b.json.summary, join(b.root, "staging/master.csv"), join(b.root, "staging/pin_disc.csv"), ...(b.json.labels as string[])]) {
      expect([p, mode(p as string)]).toEqual([p, 0o600]);
    }
  });

  it("--seed reproduces the batch byte for byte (and warns that it is for tests)", () => {
    expect(b.stderr).toMatch(/--seed .*TESTS.*never use it for production/);
    const again = generate("main-again", [...BASE, ...ATTEST, "-n", "8", "--enable-rotating-device-id", "--iteration-count", "1000", "--seed", "layout", "--valid-from", "2025-01-01T00:00:00"]);
    expect(again.manifest).toEqual(b.manifest);
    for (const e of b.manifest) {
      for (const f of e.files.filter((f) => !f.endsWith("partition.csv"))) expect([f, sha256(bytes(join(again.root, f)))]).toEqual([f, sha256(bytes(join(b.root, f)))]);
    }
    const other = generate("main-other-seed", [...BASE, ...ATTEST, "-n", "8", "--iteration-count", "1000", "--seed", "other", "--valid-from", "2025-01-01T00:00:00"]);
    expect(other.manifest.map((e) => e.passcode)).not.toEqual(b.manifest.map((e) => e.passcode));
  });

  it("-e encrypts each image with its own keys partition (decrypts to the plain image of the same seed)", () => {
    const enc = generate("encrypted", [...BASE, ...ATTEST, "-n", "8", "--enable-rotating-device-id", "--iteration-count", "1000", "--seed", "layout", "--valid-from", "2025-01-01T00:00:00", "-e"]);
    const keysSeen = new Set<string>();
    enc.manifest.forEach((e, i) => {
      expect(e.uuid).toBe(b.manifest[i].uuid);
      const keysFile = deviceFile(enc, e, `${e.uuid}-keys-partition.bin`);
      expect(mode(keysFile)).toBe(0o600);
      const keys = parseKeyPartition(bytes(keysFile));
      keysSeen.add(Buffer.from(keys.eky).toString("hex"));
      const image = bytes(deviceFile(enc, e, `${e.uuid}-partition.bin`));
      const plain = bytes(deviceFile(b, b.manifest[i], `${e.uuid}-partition.bin`));
      expect(image).not.toEqual(plain);
      expect(decryptNvsImage(image, keys)).toEqual(plain);
      expect(readNvsImage(image, { keys }).problems).toEqual([]);
    });
    expect(keysSeen.size).toBe(8);
  });
});

describe("generate: randomness and uniqueness (OS CSPRNG, worker threads)", () => {
  it("120 devices: valid, distinct passcodes, serials, rd-id-uids and UUIDs; every PNG decodes", () => {
    const b = generate("random", ["-v", "0xFFF2", "-p", "0x8001", "-n", "120", "--iteration-count", "1000", "--enable-rotating-device-id", "-j", "2", "--no-labels"]);
    expect(b.manifest.length).toBe(120);
    for (const key of ["passcode", "serial", "rdIdUid", "uuid", "imageSha256"] as const) {
      expect(new Set(b.manifest.map((e) => e[key])).size).toBe(120);
    }
    for (const e of b.manifest) {
      expect(e.passcode! >= 1 && e.passcode! <= 99999998).toBe(true);
      expect(e.serial).toMatch(/^[0-9a-f]{32}$/);
      expect(e.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(decodePng(deviceFile(b, e, `${e.uuid}-qrcode.png`))).toBe(e.qr);
    }
    expect(b.json.labels).toEqual([]);
    expect(b.stderr).not.toMatch(/--seed/);
  });
});

describe("generate: --paa, --dac-cert, --csv/--mcsv, flows, dynamic passcode", () => {
  let paa: string;
  let paaKey: string;
  beforeAll(() => {
    paa = join(tmp, "paa.pem");
    paaKey = join(tmp, "paa_key.pem");
    const cnf = join(tmp, "paa.cnf");
    writeFileSync(cnf, [
      "oid_section = oids", "[oids]", "matterVID = 1.3.6.1.4.1.37244.2.1", "[req]", "distinguished_name = dn", "prompt = no",
      "[dn]", "CN = generate test PAA", "matterVID = FFF2", "[paa]", "basicConstraints = critical, CA:true, pathlen:1",
      "keyUsage = critical, keyCertSign, cRLSign", "subjectKeyIdentifier = hash", "authorityKeyIdentifier = keyid:always", "",
    ].join("\n"));
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", paaKey]);
    openssl(["req", "-new", "-x509", "-config", cnf, "-extensions", "paa", "-key", paaKey, "-sha256", "-days", "40000", "-out", paa]);
  });

  it("--paa makes one PAI (staging/pai_cert.pem, pai_key.pem 0600) and DACs that chain to the PAA", () => {
    const b = generate("paa", ["-v", "0xFFF2", "-p", "0x8001", "-n", "3", "--paa", "-c", paa, "-k", paaKey, "--iteration-count", "1000", "-cn", "Acme"]);
    const staging = join(b.root, "staging");
    expect(readdirSync(staging).sort()).toEqual(["config.csv", "master.csv", "pai_cert.der", "pai_cert.pem", "pai_key.pem", "pin_disc.csv"]);
    expect(mode(join(staging, "pai_key.pem"))).toBe(0o600);
    const pai = new X509Certificate(readFileSync(join(staging, "pai_cert.pem")));
    expect(pai.subject).toContain("CN=Acme PAI 00");
    expect(pai.ca).toBe(true);
    expect(new Uint8Array(pai.raw)).toEqual(bytes(join(staging, "pai_cert.der")));
    for (const e of b.manifest) {
      const out = openssl(["verify", "-CAfile", paa, "-untrusted", join(staging, "pai_cert.pem"), deviceFile(b, e, "internal/DAC_cert.pem")]);
      expect(out.trim()).toMatch(/: OK$/);
    }
  });

  it("--dac-cert/--dac-key: one device named after the DAC's UUID common name, with that DAC", () => {
    const b = generate("dac", ["-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI, "--dac-cert", join(SAMPLE_DEVICE, "DAC_cert.pem"),
      "--dac-key", join(SAMPLE_DEVICE, "DAC_key.pem"), "--passcode", "20202021", "--discriminator", "0", "--iteration-count", "1000"]);
    expect(b.manifest.map((e) => [e.uuid, e.passcode, e.discriminator])).toEqual([[SUPPLIED_DAC_UUID, 20202021, 0]]);
    const e = b.manifest[0];
    for (const f of ["DAC_cert.der", "DAC_key.der", "DAC_private_key.bin", "DAC_public_key.bin", "PAI_cert.der"]) {
      expect([f, bytes(deviceFile(b, e, `internal/${f}`))]).toEqual([f, bytes(join(SAMPLE_DEVICE, f))]);
    }
    // mfg_tool copies no PEM for a supplied DAC; the QR code for 20202021 / discriminator 0 (used as given).
    expect(existsSync(deviceFile(b, e, "internal/DAC_cert.pem"))).toBe(false);
    expect(e.qr).toBe("MT:634J042C00YZ.548G00");
  });

  it("--csv/--mcsv add per-device keys in their namespaces; --mcsv rows set the count", () => {
    const conf = join(tmp, "extra.csv");
    const values = join(tmp, "extra-values.csv");
    writeFileSync(conf, "app,namespace,\nfirmware_key,data,hex2bin\nserial_no,data,string,REPEAT\ndevice_no,data,i32\n");
    writeFileSync(values, 'id,firmware_key,serial_no,device_no\n1,00112233,"SN,1",5\n2,aabbccdd,SN2,-7\n3,01,SN3,0\n');
    const b = generate("extras", ["-v", "0xFFF2", "-p", "0x8001", "--csv", conf, "--mcsv", values, "--iteration-count", "1000", "-cf", "2"]);
    expect(b.manifest.length).toBe(3);
    const want = [[[0, 0x11, 0x22, 0x33], "SN,1", 5], [[0xaa, 0xbb, 0xcc, 0xdd], "SN2", -7], [[1], "SN3", 0]];
    b.manifest.forEach((e, i) => {
      const read = readNvsImage(bytes(deviceFile(b, e, `${e.uuid}-partition.bin`)));
      const app = read.entries.filter((x) => x.namespace === "app").map((x) => [x.key, x.value instanceof Uint8Array ? [...x.value] : x.value]);
      expect(app).toEqual([["firmware_key", want[i][0]], ["serial_no", want[i][1]], ["device_no", want[i][2]]]);
      // Custom flow: 21-digit manual code, written on two lines inside quotes (mfg_tool onb_codes.csv).
      expect(e.manualCode).toHaveLength(21);
      const onb = readFileSync(deviceFile(b, e, `${e.uuid}-onb_codes.csv`), "utf8");
      expect(onb).toBe(`qrcode,manualcode,discriminator,passcode\n${e.qr},"${formatManualCode(e.manualCode!)}",${e.discriminator},${e.passcode}\n`);
      expect(decodeQrPayload(e.qr!)[0].flow).toBe(2);
    });
    expect(readFileSync(join(b.root, "staging/config.csv"), "utf8")).toContain("app,namespace,\nfirmware_key,data,hex2bin\nserial_no,data,string\ndevice_no,data,i32\n");
  });

  it("--enable-dynamic-passcode: no verifier, no codes, no QR; pin_disc without PIN", () => {
    const b = generate("dynamic", ["-v", "0xFFF2", "-p", "0x8001", "-n", "2", "--enable-dynamic-passcode", "--iteration-count", "1000"]);
    for (const e of b.manifest) {
      expect([e.passcode, e.qr, e.manualCode]).toEqual([null, null, null]);
      expect([...e.files].sort()).toEqual([`${e.uuid}/${e.uuid}-partition.bin`, `${e.uuid}/internal/partition.csv`]);
      const keys = readNvsImage(bytes(deviceFile(b, e, `${e.uuid}-partition.bin`))).entries.map((x) => x.key);
      expect(keys).toEqual(["discriminator", "iteration-count", "salt", "vendor-id", "product-id", "serial-num"]);
    }
    expect(readFileSync(join(b.root, "staging/pin_disc.csv"), "utf8").split("\n")[0]).toBe("Index,Iteration Count,Salt,Discriminator");
  });

  it("--salt/--verifier/--passcode are used as given; --no-bin writes CSVs only", () => {
    const salt = Buffer.from("SPAKE2P Key Salt").toString("base64");
    const verifier = "uWFwqugDNGiEck/po7KHwwMwwqZgN10XuyBajPGuyzUEV/iree4lOrao5GuwnlQ65CJzbeUB49s31EH+NEkg0JVI5MGCQGMMT/SRPFNRODm3wH/MBiehuFc6FJ/NH6Rmzw==";
    const b = generate("fixed", ["-v", "0xFFF1", "-p", "0x8000", "--passcode", "20202021", "--salt", salt, "--verifier", verifier, "--iteration-count", "1000", "--discriminator", "3840"]);
    const e = b.manifest[0];
    expect(e.qr).toBe("MT:Y.K9042C00KA0648G00"); // the Matter default test QR code (docs/factory-data.md §Test defaults)
    const data = factoryDataFromEntries(readNvsImage(bytes(deviceFile(b, e, `${e.uuid}-partition.bin`))).entries).data;
    expect([Buffer.from(data.salt!).toString("base64"), Buffer.from(data.verifier!).toString("base64")]).toEqual([salt, verifier]);
    const nb = generate("nobin", ["-v", "0xFFF2", "-p", "0x8001", "-n", "2", "--no-bin", "--iteration-count", "1000"]);
    for (const x of nb.manifest) {
      expect(x.imageSha256).toBeNull();
      expect(existsSync(deviceFile(nb, x, `${x.uuid}-partition.bin`))).toBe(false);
      expect(existsSync(deviceFile(nb, x, "internal/partition.csv"))).toBe(true);
    }
  });
});

describe("generate: the fast paths equal the reference implementations", () => {
  it("a template DAC has issueDac's exact TBS for the same key, serial, CN and validity", async () => {
    const pai = loadCertificate(readFileSync(PAI, "utf8"), "PAI");
    const paiKey = await loadPrivateKeyPem(readFileSync(PAI_KEY, "utf8"));
    const validFrom = new Date(Date.UTC(2025, 0, 1));
    const r = seededRandom("dac-template-test");
    const template = await makeDacTemplate({ pai, paiKey, vendorId: 0xfff2, productId: 0x8001, validFrom, lifetimeDays: 3650, random: r });
    const signer = opensslSigner(new Uint8Array(KeyObject.from(paiKey.privateKey).export({ type: "pkcs8", format: "der" })));
    for (let i = 0; i < 5; i++) {
      const scalar = drawP256Scalar(r);
      const serial = drawCertSerial(r);
      const commonName = `0000000${i}-1111-4222-8333-444444444444`;
      const publicKey = p256PublicKey(scalar);
      const fast = issueDacFromTemplate(template, { serial, commonName, publicKey }, signer);
      const ref = await issueDac({ pai: { cert: pai, key: paiKey }, vendorId: 0xfff2, productId: 0x8001, commonName, validFrom, lifetimeDays: 3650, keyPair: await loadRawPrivateKey(scalar), serial });
      expect(splitCertificate(fast).tbs).toEqual(splitCertificate(ref.der).tbs);
      expect(new X509Certificate(fast).verify(new X509Certificate(readFileSync(PAI)).publicKey)).toBe(true);
      // DAC_key.der / DAC_key.pem bodies equal host-tools/certs dacKeyFiles
      const files = p256KeyFiles(scalar, publicKey);
      const refFiles = dacKeyFiles(await loadRawPrivateKey(scalar));
      expect(files.sec1Der).toEqual(refFiles.sec1Der);
      expect(Buffer.from(files.pkcs8Der).toString("base64")).toBe(refFiles.pkcs8Pem.replace(/-----[A-Z ]+-----|\n/g, ""));
    }
  });

  it("qrPng (scanline writer) decodes to exactly the per-pixel raster of the same matrix", () => {
    const r = seededRandom("qr-png-test");
    for (let i = 0; i < 40; i++) {
      const text = `MT:${Array.from(r(19), (b) => "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-."[b % 38]).join("")}`;
      const m = encodeQr(text, { version: 2, ecc: "M", maskRule: "pyqrcode" });
      const png = decodeGrayPng(qrPng(m, 6));
      const ref = qrToGray(m, { scale: 6 });
      expect([png.width, png.height, png.bitDepth]).toEqual([ref.width, ref.height, 1]);
      expect(Buffer.from(png.pixels).equals(Buffer.from(ref.pixels))).toBe(true);
    }
  });

  it("CSV text: Python csv.writer quoting and csv.reader splitting", () => {
    expect(csvRow(["a", "b,c", 'd"e', "f\ng", ""])).toBe('a,"b,c","d""e","f\ng",\r\n');
    expect(csvRow([""], "\n")).toBe('""\n');
    // Expected values from CPython 3.11 csv.reader
    expect(parseCsv('"abc')).toEqual([["abc"]]);
    expect(parseCsv("a,b,\n")).toEqual([["a", "b", ""]]);
    expect(parseCsv('a,"b"x,c\n')).toEqual([["a", "bx", "c"]]);
    expect(parseCsv("\n\na\n")).toEqual([[], [], ["a"]]);
    expect(parseCsv("a,\r\nb")).toEqual([["a", ""], ["b"]]);
    expect(parseCsv('"a""b",c')).toEqual([['a"b', "c"]]);
    expect(parseCsv('x,"multi\nline",y\r\n#not a comment,2\n')).toEqual([["x", "multi\nline", "y"], ["#not a comment", "2"]]);
  });
});
