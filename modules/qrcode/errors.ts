// Bad-input ids of the QR encoder and renderers (InputError, modules/errors/input-error.ts).
// Internal checks (a mask number chosen by the encoder, a Reed-Solomon degree) stay RangeError.

import { InputError } from "../errors/input-error.js";

export type QrcodeErrorId =
  | "qrcode.option" // an encoder or renderer option outside its choices or range (ecc, mode, version, mask, quietZone, …)
  | "qrcode.mode-charset" // text (or raw bytes) that the requested mode cannot encode
  | "qrcode.too-long"; // text that does not fit the fixed version or any version

export function qrcodeError(id: QrcodeErrorId, message: string): InputError {
  return new InputError(id, message);
}
