// Where the tests' golden data lives. Nothing here is copied from outside the repository: the test setup
// (test/support/global-setup.ts → build-fixtures.ts) makes it once per checkout under .fixtures/ from the
// pinned reference tools in .venv/ (ESP-IDF's NVS generator, esp-matter-mfg-tool) and from a test PKI it
// issues itself. SHARED_VECTORS is an optional extra check: a folder of vectors beside the checkout,
// used only where it exists.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const FIXTURES = join(REPO, ".fixtures");

/** ESP-IDF generator images and their inputs (test/py/make_nvs_vectors.py). */
export const NVS_VECTORS = join(FIXTURES, "nvs-idf");

/** A 3-device esp-matter-mfg-tool batch: inputs/ and the tool's tree fff2_8001/ (CSV paths as `<outdir>/…`). */
export const MFG_SAMPLE = join(FIXTURES, "mfg_tool-sample");
export const MFG_INPUTS = join(MFG_SAMPLE, "inputs");
export const MFG_BATCH = join(MFG_SAMPLE, "fff2_8001");
/** Test PKI for VID 0xFFF2 / PID 0x8001 (issued by build-fixtures.ts; PAI CN "Matter Test PAI"). */
export const PAA_CERT = join(MFG_INPUTS, "Test-PAA-FFF2-Cert.pem");
export const PAI_CERT = join(MFG_INPUTS, "Test-PAI-FFF2-8001-Cert.pem");
export const PAI_KEY = join(MFG_INPUTS, "Test-PAI-FFF2-8001-Key.pem");
/** A Certification Declaration for FFF2/8001 signed by CD_SIGNER_CERT's key. */
export const CD_FILE = join(MFG_INPUTS, "Test-CD-FFF2-8001.der");
export const CD_SIGNER_CERT = join(MFG_INPUTS, "Test-CD-Signer-Cert.pem");
/** A DAC with a fixed key and CN under the test PAI, in mfg_tool's internal/ file layout. */
export const SUPPLIED_DAC_UUID = "5a1e0c3d-7b2f-4c11-9e8d-0f1a2b3c4d5e";
export const SUPPLIED_DAC = join(MFG_INPUTS, "dac");

/** The mfg batch's device UUIDs (directory names), sorted. */
export function sampleDevices(): string[] {
  return readdirSync(MFG_BATCH).filter((d) => /^[0-9a-f]{8}-[0-9a-f-]{27}$/.test(d)).sort();
}

/**
 * Vectors beside the checkout (the development workspace keeps a shared/ folder next to it or next to
 * its worktrees; a clone has none). Only for additional checks that skip when it is absent.
 */
export const SHARED_VECTORS = [join(REPO, "../shared/vectors"), join(REPO, "../../shared/vectors")].find((d) => existsSync(d));
