// Station failures that are not the flasher's (host-tools/line/flash-errors.ts) nor the registry's:
// one line each, with a stable id printed next to the message.
import { CliError } from "../errors.js";

export type StationErrorId =
  | "batch.bad" //            --batch is not a generate output tree, or a device there cannot be flashed
  | "batch.running" //        generate still holds the batch's lock
  | "batch.exhausted" //      every device of the batch is bound: no device for this board
  | "board.other-batch" //    the board's fctry holds a device of another batch
  | "board.foreign-image" //  the board's fctry holds this batch's device X, but the registry binds X elsewhere
  | "board.no-mac"; //        the board answered but gave no MAC

export class StationError extends CliError {
  override name = "StationError";
  constructor(
    override readonly id: StationErrorId,
    /** The message without the `[id]` prefix the operator sees. */
    readonly detail: string,
  ) {
    super(id, `[${id}] ${detail}`);
  }
}
