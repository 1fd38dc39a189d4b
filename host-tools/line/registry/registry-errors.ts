// Registry failures: one line each, with a stable id to match on (never the message text).
import { CliError } from "../../errors.js";

export type RegistryErrorId =
  | "registry.unreachable" // cannot open / connect (server down, bad URL, unwritable file)
  | "registry.bad-url" // --registry is neither a path nor postgres://
  | "registry.schema" // the store holds a table of another shape or format
  | "registry.mac-elsewhere" // the board's MAC is bound to a device of another batch
  | "registry.bound-elsewhere" // the device is bound to another board
  | "registry.not-bound"; // a state change for a binding that does not exist

export class RegistryError extends CliError {
  override name = "RegistryError";
  constructor(
    override readonly id: RegistryErrorId,
    /** The message without the `[id]` prefix the operator sees. */
    readonly detail: string,
  ) {
    super(id, `[${id}] ${detail}`);
  }
}

export const isRegistryError = (e: unknown): e is RegistryError => e instanceof RegistryError;
