// Bad-input ids of the text decoders (InputError, modules/errors/input-error.ts): hex, base64 and
// UTF-8 text usually comes from a person or a file. The integer helpers of bytes.ts throw
// RangeError: their callers size the output, so a value that does not fit is a bug.

import { InputError } from "../errors/input-error.js";

export type BytesErrorId =
  | "bytes.hex-length" // hex text of odd length
  | "bytes.hex-digit" // a character that is not a hex digit
  | "bytes.base64-char" // a character outside the base64 alphabet (strict mode)
  | "bytes.base64-padding" // missing, wrong or early '=' padding, or data after it
  | "bytes.base64-length" // one character more than a multiple of 4
  | "bytes.utf8"; // bytes that are not well-formed UTF-8

export function bytesError(id: BytesErrorId, message: string): InputError {
  return new InputError(id, message);
}
