// The CLI's error boundary (host-tools/errors.ts, host-tools/cli.ts main): bad input from the modules
// (an InputError with an id) is one line on stderr and exit 1; a programming error — a module called
// with the wrong JS type, an internal RangeError — is NOT dressed up as bad input: main rethrows it
// so it shows its stack.
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../host-tools/cli.js";
import { CliError, isReportable, UsageError } from "../host-tools/errors.js";
import { bigIntToBytes } from "../modules/bytes/bytes.js";
import { fromHex } from "../modules/bytes/hex.js";
import { computeSpake2pVerifier } from "../modules/crypto/spake2p.js";
import { InputError } from "../modules/errors/input-error.js";
import { NvsInputError } from "../modules/nvs/types.js";
import { decodeTlv, TlvError } from "../modules/tlv/tlv.js";

// `spake2p` stands in for any command: its runner makes the call the test puts in `call`.
let call: () => unknown = () => 0;
vi.mock("../host-tools/commands/spake2p.js", () => ({ runSpake2p: () => (call(), 0), SPAKE2P_COMMANDS: [] }));

const SALT = new Uint8Array(16);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("CLI error boundary", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reports CliError, UsageError and the modules' InputErrors; not TypeError, RangeError or Error", () => {
    expect(isReportable(new CliError("cli.test", "x"))).toBe(true);
    expect(isReportable(new UsageError("cli.test", "x"))).toBe(true);
    expect(isReportable(new NvsInputError("nvs.key-length", "x"))).toBe(true);
    expect(isReportable(thrown(() => decodeTlv(fromHex("0c02c328"))))).toBe(true);
    expect(thrown(() => decodeTlv(fromHex("0c02c328")))).toBeInstanceOf(TlvError);
    for (const e of [new TypeError("x"), new RangeError("x"), new Error("x")]) expect(isReportable(e), e.name).toBe(false);
    // the names the transitional whitelist used to accept, on errors that are not InputErrors
    for (const name of ["NvsInputError", "TlvError", "FactoryDataError", "RangeError"]) {
      const e = new Error("x");
      e.name = name;
      expect(isReportable(e), name).toBe(false);
    }
  });

  it("bad data from a module is one line with exit 1", async () => {
    call = () => computeSpake2pVerifier(0x8000000, SALT, 1000);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await main(["spake2p"])).toBe(1);
    const lines = err.mock.calls.map((c) => String(c[0]));
    expect(lines).toEqual(["matter-factory: passcode 134217728: must be an integer in 0..134217727 (27-bit field)\n"]);
    expect(thrown(call)).toBeInstanceOf(InputError);
  });

  it("a wrong-typed call into a module (a programming error) is rethrown, not reported as bad input", async () => {
    call = () => computeSpake2pVerifier("20202021" as unknown as number, SALT, 1000);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(main(["spake2p"])).rejects.toBeInstanceOf(TypeError);
    expect(err).not.toHaveBeenCalled();
  });

  it("a module's internal RangeError is rethrown too", async () => {
    call = () => bigIntToBytes(256n, 1); // its callers size the output: a value that does not fit is a bug
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(main(["spake2p"])).rejects.toThrow(RangeError);
    expect(err).not.toHaveBeenCalled();
  });

  it("a broken backend (plain Error) is rethrown", async () => {
    call = () => computeSpake2pVerifier(20202021, SALT, 1000, () => new Uint8Array(79));
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await expect(main(["spake2p"])).rejects.toThrow("pbkdf2 returned 79 bytes");
    expect(err).not.toHaveBeenCalled();
  });
});
