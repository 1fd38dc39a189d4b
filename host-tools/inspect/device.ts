// Finding a device's files in esp-matter-mfg-tool's output layout (docs/factory-data.md §mfg_tool output layout), which
// `matter-factory generate` writes too:
//   <outdir>/<vid>_<pid>/<uuid>/<uuid>-partition.bin        factory NVS image
//                               <uuid>-keys-partition.bin   NVS keys (with -e)
//                               <uuid>-onb_codes.csv        qrcode,manualcode,discriminator,passcode
//                               <uuid>_esp_secure_cert.bin  (secure-cert options)
//                               internal/DAC_cert.der, PAI_cert.der, DAC_private_key.bin, DAC_public_key.bin
//   <outdir>/<vid>_<pid>/staging/pai_cert.der
import { errorIdOf } from "../error-ids.js";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parseCsvRecords } from "../../modules/nvs/csv.js";
import { parseKeyPartition } from "../../modules/nvs/encryption.js";
import type { NvsKeys } from "../../modules/nvs/types.js";
import { CliError } from "../errors.js";
import { readInputFile } from "../files.js";

export interface DeviceFiles {
  /** The device directory name (the UUID in mfg_tool's layout), or the image file name. */
  name: string;
  dir?: string;
  image: string;
  keys?: string;
  onboardingCsv?: string;
  dacCert?: string;
  paiCert?: string;
  dacPrivateKey?: string;
  dacPublicKey?: string;
  secureCert?: string;
}

/** The onb_codes.csv row; absent columns are left out. */
export interface OnboardingCsv {
  qrcode?: string;
  manualcode?: string;
  discriminator?: string;
  passcode?: string;
}

export function loadNvsKeys(path: string): NvsKeys {
  const bytes = readInputFile(path, "keys file");
  try {
    return parseKeyPartition(bytes);
  } catch (e) {
    throw new CliError(errorIdOf(e, "keys.malformed"), `keys file ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile();
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory();
const optional = (p: string): string | undefined => (isFile(p) ? p : undefined);

/** The files of the device in `dir`, or undefined when `dir` holds no `*-partition.bin` image. */
export function deviceInDir(dir: string, batchPai?: string): DeviceFiles | undefined {
  const name = basename(dir);
  let image = join(dir, `${name}-partition.bin`);
  let stem = name;
  if (!isFile(image)) {
    // Another name: the one image in the directory that is not a keys partition.
    const images = readdirSync(dir).filter((f) => f.endsWith("-partition.bin") && !f.endsWith("-keys-partition.bin"));
    if (images.length !== 1) return undefined;
    image = join(dir, images[0]);
    stem = images[0].slice(0, -"-partition.bin".length);
  }
  const internal = join(dir, "internal");
  const device: DeviceFiles = { name, dir, image };
  const set = (k: keyof DeviceFiles, p: string) => {
    const found = optional(p);
    if (found) (device as unknown as Record<string, string>)[k] = found;
  };
  set("keys", join(dir, `${stem}-keys-partition.bin`));
  set("onboardingCsv", join(dir, `${stem}-onb_codes.csv`));
  set("secureCert", join(dir, `${stem}_esp_secure_cert.bin`));
  set("dacCert", join(internal, "DAC_cert.der"));
  set("paiCert", join(internal, "PAI_cert.der"));
  set("dacPrivateKey", join(internal, "DAC_private_key.bin"));
  set("dacPublicKey", join(internal, "DAC_public_key.bin"));
  if (!device.paiCert && batchPai) set("paiCert", batchPai);
  return device;
}

/**
 * The devices at `path`: an image file (one device, no side files), a device directory, or a batch
 * directory (`<vid>_<pid>/` with one directory per device). Throws a CliError when there is none.
 */
export function findDevices(path: string): DeviceFiles[] {
  if (isFile(path)) return [{ name: basename(path), image: path }];
  if (!isDir(path)) throw new CliError("file.missing", `${JSON.stringify(path)}: no such file or directory`);
  const single = deviceInDir(path);
  if (single) return [single];
  const stagingPai = optional(join(path, "staging", "pai_cert.der"));
  const devices: DeviceFiles[] = [];
  for (const entry of readdirSync(path).sort()) {
    const sub = join(path, entry);
    if (entry === "staging" || !isDir(sub)) continue;
    const d = deviceInDir(sub, stagingPai);
    if (d) devices.push(d);
  }
  if (devices.length === 0) {
    throw new CliError("verify.no-device", `directory ${JSON.stringify(path)}: no device found (expected <name>/<name>-partition.bin, as esp-matter-mfg-tool writes)`);
  }
  return devices;
}

/** The data row of an onb_codes.csv (quoted 21-digit manual codes span two lines). */
export function parseOnboardingCsv(text: string, what: string): OnboardingCsv {
  const records = parseCsvRecords(text).filter((r) => r.fields.some((f) => f !== ""));
  if (records.length < 2) throw new CliError("verify.onb-csv-rows", `${what}: expected a header row and one data row, found ${records.length} row(s)`);
  const header = records[0].fields.map((f) => f.trim());
  const row = records[1].fields;
  const out: OnboardingCsv = {};
  for (const column of ["qrcode", "manualcode", "discriminator", "passcode"] as const) {
    const i = header.indexOf(column);
    if (i >= 0 && row[i] !== undefined && row[i].trim() !== "") out[column] = row[i].trim();
  }
  return out;
}

export function readOnboardingCsv(path: string): OnboardingCsv {
  return parseOnboardingCsv(Buffer.from(readInputFile(path, "onboarding codes CSV")).toString("utf8"), `onboarding codes CSV ${JSON.stringify(path)}`);
}
