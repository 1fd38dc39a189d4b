// The resolved batch: everything a run needs once the options are checked and the input files read.
// Plain data (structured-clone safe) so it can go to worker threads as is; the PAI private key is the
// only secret in it and never leaves the process.

import type { FactoryData } from "../../modules/factory/factory-data.js";
import type { DacTemplate } from "./dac-fast.js";
import type { ExtraTable } from "./extras.js";
import type { GenerateOptions } from "./options.js";
import type { SecureCertPlan } from "./secure-cert.js";
import type { ModuleList } from "./secure-cert-modules.js";

export type Attestation =
  | { kind: "none" }
  | {
      /** A DAC per device from a PAI (given with --pai, or made from a PAA with --paa). */
      kind: "issue";
      paiDer: Uint8Array;
      /** PAI private key, PKCS#8 DER (OpenSSL signer) and raw scalar (deterministic signer for --seed). */
      paiKeyPkcs8: Uint8Array;
      paiKeyScalar: Uint8Array;
      template: DacTemplate;
      /** With --paa: the PAI made for this batch (staging/pai_cert.pem, pai_key.pem). */
      madePai?: { certPem: string; keyPem: string };
    }
  | {
      /** --dac-cert/--dac-key: one device with the given DAC. */
      kind: "supplied";
      paiDer: Uint8Array;
      dacDer: Uint8Array;
      dacPem: string;
      dacScalar: Uint8Array;
      dacPublicKey: Uint8Array;
      dacSec1Der: Uint8Array;
      commonName?: string;
    };

/** Values that are the same for every device; undefined = draw per device. */
export interface FixedValues {
  passcode?: number;
  discriminator?: number;
  salt?: Uint8Array;
  verifier?: Uint8Array;
  serialNumber?: string;
  rdIdUid?: Uint8Array;
  /** Device directory name (a supplied DAC whose CN is a UUID). */
  uuid?: string;
  /** --secure-cert-key hmac-derived with --efuse-hmac-key / --hmac-salt (one device). */
  efuseHmacKey?: Uint8Array;
  hmacSalt?: Uint8Array;
}

export interface BatchPlan {
  options: GenerateOptions;
  cwd: string;
  /** Absolute output root and <outdir>/<vid>_<pid>. */
  outdir: string;
  root: string;
  /** Directory name <vid>_<pid>: lower-case hex without padding (mfg_tool vid_pid_str). */
  vidPid: string;
  count: number;
  /** chip-factory content shared by every device (per-device fields are added by the pipeline). */
  staticData: FactoryData;
  fixed: FixedValues;
  attestation: Attestation;
  /** -cd: path as mfg_tool writes it into its CSVs (relative to the current directory). */
  certDeclarationCsvPath?: string;
  extras?: ExtraTable;
  /** notBefore of every certificate of the batch (ms since epoch, whole seconds). */
  validFrom: number;
  /** SHA-256 of each input file, to refuse a --resume whose inputs changed. */
  inputs: Record<string, string>;
  /** Non-fatal findings to show once (e.g. supported-modes reader quirk). */
  warnings: string[];
  /** Facts about the batch to say once (e.g. where the DAC is expected). */
  notes?: string[];
  /** --dac-in-secure-cert and friends; undefined = no secure-cert images. */
  secureCert?: SecureCertPlan;
  /** --modules: device i is bound to module i. */
  modules?: ModuleList;
}
