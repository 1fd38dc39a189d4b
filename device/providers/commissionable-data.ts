// CommissionableDataProvider with the semantics of connectedhomeip's ESP32 factory provider:
// discriminator, PBKDF2 iteration count, salt and verifier from `chip-factory` (salt and verifier are
// base64 text). Types, limits and missing-key outcomes come from the key table through readFactoryKey.
// The factory provider has no passcode: only a development image that carries `pin-code` (read by
// chip's test-mode provider) yields one.

import type { FactoryStore } from "../platform.js";
import { readFactoryKey } from "./read-key.js";
import { fail, type ProviderResult } from "./result.js";

export class CommissionableDataProvider {
  constructor(private readonly store: FactoryStore) {}

  /** `discriminator` (u32, 12 bits). */
  setupDiscriminator(): ProviderResult<number> {
    return readFactoryKey(this.store, "discriminator");
  }

  /** `iteration-count` (u32, Matter's PBKDF2 range). */
  spake2pIterationCount(): ProviderResult<number> {
    return readFactoryKey(this.store, "iteration-count");
  }

  /** `salt`: base64 text of 16…32 bytes. */
  spake2pSalt(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "salt");
  }

  /** `verifier`: base64 text of the 97-byte W0 ‖ L. */
  spake2pVerifier(): ProviderResult<Uint8Array> {
    return readFactoryKey(this.store, "verifier");
  }

  /**
   * The setup passcode: `pin-code` on a development image; otherwise not implemented, as in the ESP32
   * factory provider (the passcode never goes into production factory data). The table's fallback
   * (20202021) is the test-mode provider's, which this firmware does not use.
   */
  setupPasscode(): ProviderResult<number> {
    const r = readFactoryKey<number>(this.store, "pin-code");
    if (r.status === "ok" && r.fallback !== undefined) {
      return fail("not-implemented", "pin-code", `key "pin-code": absent; the factory provider keeps no passcode (production image)`);
    }
    return r;
  }
}
