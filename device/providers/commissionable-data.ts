// CommissionableDataProvider with the semantics of connectedhomeip's ESP32 factory provider
// (docs/factory-data.md §Key table, §Passcode not stored): discriminator, PBKDF2 iteration count, salt and verifier from
// `chip-factory`; salt and verifier are base64 text. The factory provider has no passcode: only a
// development image that carries `pin-code` (read by chip's test-mode provider) yields one.

import { fromBase64 } from "../../modules/bytes/base64.js";
import type { FactoryStore } from "../platform.js";
import { describeValue, fail, ok, readString, readU32, type ProviderResult } from "./result.js";

const DISCRIMINATOR_MAX = 0xfff; // 12 bits (Core §5.1.1.5)
const SALT_MAX = 32; // Core: PBKDF salt 16..32 bytes; the reader's buffer holds base64 of 32 bytes
const VERIFIER_LENGTH = 97; // serialized SPAKE2+ verifier W0 ‖ L
const PASSCODE_MAX = 99999998; // Core §5.1.7.1
const TRIVIAL_PASSCODES = [0, 11111111, 22222222, 33333333, 44444444, 55555555, 66666666, 77777777, 88888888, 99999999, 12345678, 87654321];

/** Length of the base64 text of n bytes (with padding). */
function base64Length(n: number): number {
  return Math.ceil(n / 3) * 4;
}

function base64Field(store: FactoryStore, key: string, maxBytes: number): ProviderResult<Uint8Array> {
  const text = readString(store, key, base64Length(maxBytes));
  if (text.status !== "ok") return text;
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(text.value);
  } catch (e) {
    return fail("invalid", key, `key "${key}" value ${describeValue(text.value)}: not base64 text (${e instanceof Error ? e.message : String(e)})`);
  }
  if (bytes.length > maxBytes) return fail("invalid", key, `key "${key}": decodes to ${bytes.length} bytes, more than ${maxBytes}`);
  return ok(bytes);
}

export class CommissionableDataProvider {
  constructor(private readonly store: FactoryStore) {}

  /** `discriminator` (u32): INVALID_ARGUMENT above 0xFFF. */
  setupDiscriminator(): ProviderResult<number> {
    const r = readU32(this.store, "discriminator");
    if (r.status === "ok" && r.value > DISCRIMINATOR_MAX) {
      return fail("invalid", "discriminator", `key "discriminator" value ${r.value}: must be 0..4095 (12 bits)`);
    }
    return r;
  }

  /** `iteration-count` (u32), returned as stored. */
  spake2pIterationCount(): ProviderResult<number> {
    return readU32(this.store, "iteration-count");
  }

  /** `salt`: base64 text of at most 32 bytes. */
  spake2pSalt(): ProviderResult<Uint8Array> {
    return base64Field(this.store, "salt", SALT_MAX);
  }

  /** `verifier`: base64 text of the 97-byte W0 ‖ L. */
  spake2pVerifier(): ProviderResult<Uint8Array> {
    return base64Field(this.store, "verifier", VERIFIER_LENGTH);
  }

  /**
   * The setup passcode: `pin-code` on a development image; otherwise not implemented, as in the ESP32
   * factory provider (the passcode never goes into production factory data).
   */
  setupPasscode(): ProviderResult<number> {
    const r = readU32(this.store, "pin-code");
    if (r.status === "not-found") {
      return fail("not-implemented", "pin-code", `key "pin-code": absent; the factory provider keeps no passcode (production image)`);
    }
    if (r.status === "ok" && (r.value < 1 || r.value > PASSCODE_MAX || TRIVIAL_PASSCODES.includes(r.value))) {
      return fail("invalid", "pin-code", `key "pin-code": not a valid setup passcode (1..99999998, not trivial)`);
    }
    return r;
  }
}
