// Errors of the production line (flash, station): one line for the operator, a stable id for code.
// Callers match on `id`, never on the message text (developers' guide: errors carry a stable id).
import { CliError } from "../errors.js";

export type LineErrorId =
  | "board.unreachable" //     the port cannot be opened or the ROM loader never answered SYNC (nothing written)
  | "board.lost" //            the board stopped answering or went away after connecting
  | "board.wrong-chip" //      not an ESP32-C3
  | "board.no-table" //        no valid partition table at 0x8000 nor 0xC000
  | "board.flash-too-small" // the detected flash ends before the table's last partition
  | "board.flash-unknown" //   the flash id names no size esptool knows
  | "image.missing" //         a device directory or image file that cannot be read
  | "image.no-partition" //    the board's table has no partition for an image
  | "image.too-big" //         an image larger than its partition
  | "write.overlap" //         a write would touch a partition it was not asked to write
  | "write.provisioned" //     the board's esp_secure_cert already holds other data (a pre-provisioned module)
  | "write.failed" //          esptool reported a failure while writing (the board may be half-written)
  | "verify.md5" //            esptool's MD5 of the written region differs from the image
  | "verify.readback" //       read back, the partition differs or our reader finds other identity values
  | "esptool.missing"; //      the pinned esptool venv is not installed

export class LineError extends CliError {
  override name = "LineError";
  constructor(
    override readonly id: LineErrorId,
    message: string,
    readonly port?: string,
    /** The underlying tool's own words (esptool's exception), when there are any. */
    readonly detail?: string,
  ) {
    super(id, message);
  }
}

export function isLineError(e: unknown): e is LineError {
  return e instanceof LineError;
}

/** After these the board may hold part of an image: a station keeps the device bound to that board. */
export function mayBePartial(id: LineErrorId): boolean {
  return id === "write.failed" || id === "board.lost" || id === "verify.md5" || id === "verify.readback";
}
