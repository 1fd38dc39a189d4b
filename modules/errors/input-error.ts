// Bad input, reported to a person as one line and to code as a stable id.
//
// Every module that rejects a caller's value throws an InputError (or a subclass named for its
// module: NvsInputError, TlvError, …). Programs branch on `id`, never on `message`: the message is
// for people and may be reworded; the id is part of the interface. Ids are "<area>.<rule>",
// lower-case with hyphens, e.g. "tlv.utf8", "spake2p.passcode-range", "nvs.key-length".
// Programming errors (a bug in the caller, not bad data) stay TypeError/RangeError/Error.

export class InputError extends Error {
  override name = "InputError"; // a class field: assigning `this.name` fails under frozen intrinsics (XS preload)
  constructor(
    readonly id: string,
    message: string,
  ) {
    super(message);
  }
}

/** True for InputError and its subclasses. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** True when `e` is an InputError with this id (or, given a prefix ending in ".", any id under it). */
export function hasErrorId(e: unknown, id: string): boolean {
  if (!(e instanceof InputError)) return false;
  return id.endsWith(".") ? e.id.startsWith(id) : e.id === id;
}
