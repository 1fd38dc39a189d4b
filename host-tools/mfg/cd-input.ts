// generate's -cd (--cert-dclrn): the Certification Declaration is parsed and checked against the batch
// before anything is written, so a wrong file is refused once instead of failing `verify` on every
// device: a CMS SignedData with Matter TLV content (Matter Core §6.3.1), no rule broken, the batch's
// VID in vendor_id and its PID in product_id_array (§6.2.3.1), dac_origin_* equal to the DACs' VID/PID
// when present, the --paa PAA on its authorized_paa_list when it has one, and a signature that
// verifies — with --cd-signer, else with a signer certificate the CD carries itself (CSA CDs carry
// none; then the signature is not checked).

import { CliError } from "../errors.js";
import { errorIdOf } from "../error-ids.js";
import { loadCertificate, x509 } from "../certs/index.js";
import { toHex } from "../../modules/bytes/hex.js";
import { looksLikePem } from "../certs/pem.js";
import { carriedSigner, cdSignatureValid, parseCertificationDeclaration, type CertificationDeclaration } from "../inspect/cd.js";

export interface CdBatch {
  vendorId: number;
  productId: number;
  /** The batch puts DACs (of vendorId/productId) on the devices. */
  attested: boolean;
  /** --cd-signer's certificate bytes (PEM or DER). */
  signer?: Uint8Array;
  /** --paa's certificate (PEM or DER): must be in the CD's authorized_paa_list when it has one. */
  paa?: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, "0")}`;

function parse(der: Uint8Array, fail: (why: string) => CliError): CertificationDeclaration {
  if (looksLikePem(der)) {
    const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(new TextDecoder().decode(der.subarray(0, 200)))?.[1] ?? "?";
    throw fail(`PEM text (${label}); -cd takes the DER Certification Declaration (a CMS SignedData)`);
  }
  try {
    return parseCertificationDeclaration(der);
  } catch (e) {
    throw fail((e as Error).message);
  }
}

function checkIds(cd: CertificationDeclaration, b: CdBatch, fail: (why: string) => CliError): void {
  if (cd.vendorId !== b.vendorId) throw fail(`its vendor_id is ${hex(cd.vendorId)}, the batch's vendor ID (-v) is ${hex(b.vendorId)}`);
  if (!cd.productIds.includes(b.productId)) {
    throw fail(`its product_id_array (${cd.productIds.map(hex).join(" ")}) does not contain the batch's product ID (-p) ${hex(b.productId)}`);
  }
  if (b.attested && cd.dacOriginVendorId !== undefined) {
    if (cd.dacOriginVendorId !== b.vendorId || cd.dacOriginProductId !== b.productId) {
      throw fail(`its dac_origin ${hex(cd.dacOriginVendorId)}/${hex(cd.dacOriginProductId ?? 0)} differs from the DACs' VID/PID ${hex(b.vendorId)}/${hex(b.productId)}`);
    }
  }
}

async function checkSignature(cd: CertificationDeclaration, b: CdBatch, fail: (why: string) => CliError): Promise<void> {
  let signer: x509.X509Certificate | undefined;
  let from = "--cd-signer";
  if (b.signer) {
    try {
      signer = loadCertificate(b.signer, "option --cd-signer");
    } catch (e) {
      throw new CliError(errorIdOf(e, "option.certificate"), (e as Error).message);
    }
  } else {
    signer = await carriedSigner(cd);
    from = "the signer certificate the CD carries";
  }
  if (signer && !cdSignatureValid(cd, signer)) throw fail(`its signature does not verify with ${from} ("${signer.subject}")`);
}

/** Matter Core §6.2.3.1: with an authorized_paa_list, the DACs' PAA must be on it (its subjectKeyIdentifier). */
function checkAuthorizedPaa(cd: CertificationDeclaration, b: CdBatch, fail: (why: string) => CliError): void {
  if (!cd.authorizedPaaList || !b.paa) return;
  let ski: string | undefined;
  try {
    ski = loadCertificate(b.paa, "PAA certificate").getExtension(x509.SubjectKeyIdentifierExtension)?.keyId.toLowerCase();
  } catch {
    return; // the PAA check reports an unreadable certificate
  }
  if (!ski || !cd.authorizedPaaList.some((k) => toHex(k) === ski)) {
    throw fail(`its authorized_paa_list does not name the PAA given with --paa -c (subjectKeyIdentifier ${ski?.toUpperCase() ?? "absent"}): every device would fail attestation`);
  }
}

/** Throws a one-line CliError naming -cd and the rule when `der` is not a CD this batch can carry. */
export async function checkCertificationDeclaration(der: Uint8Array, path: string, b: CdBatch): Promise<void> {
  const fail = (why: string) => new CliError("cd.invalid", `option --cert-dclrn (-cd) ${JSON.stringify(path)}: ${why}`);
  const cd = parse(der, fail);
  if (cd.problems.length) throw fail(cd.problems[0] + (cd.problems.length > 1 ? ` (and ${cd.problems.length - 1} more)` : ""));
  checkIds(cd, b, fail);
  checkAuthorizedPaa(cd, b, fail);
  await checkSignature(cd, b, fail);
}
