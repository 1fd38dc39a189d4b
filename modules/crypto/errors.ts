// Bad-input ids of the crypto helpers (InputError, modules/errors/input-error.ts). A value of the
// wrong JS type is the caller's bug and stays a TypeError.

import { InputError } from "../errors/input-error.js";

export type CryptoErrorId =
  | "spake2p.passcode-range" // a passcode outside the 27-bit field (Core §5.1.1.6)
  | "spake2p.iterations-range" // a PBKDF2 iteration count outside 1000..100000 (Core §3.10)
  | "spake2p.salt-length" // a PBKDF2 salt outside 16..32 bytes (Core §3.10)
  | "spake2p.verifier-length" // a serialized verifier that is not 97 bytes (w0 ‖ L)
  | "rotating-id.unique-id-length" // a rotating device id unique id shorter than 16 bytes (Core §5.4.2.4.5)
  | "rotating-id.counter-range" // a rotation counter outside 0..65535
  | "rotating-id.algorithm"; // an algorithm name that is neither "spec-hkdf" nor "sdk-sha256"

export function cryptoError(id: CryptoErrorId, message: string): InputError {
  return new InputError(id, message);
}
