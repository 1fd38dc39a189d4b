// Bad-input ids of the BLE encoders and decoders (InputError, modules/errors/input-error.ts).

import { InputError } from "../errors/input-error.js";

export type BleErrorId =
  | "ble.field-range" // an advertisement field (discriminator, version, VID, PID) outside its bits
  | "ble.vid-elided" // a non-zero PID with VID 0 (Core §5.4.2.5.6)
  | "ble.service-data-length" // Matter service data that is not 8 bytes
  | "ble.opcode" // a Matter BLE opcode other than 0x00 (commissionable)
  | "ble.ad-truncated" // an AD structure whose length runs past the advertising data
  | "ble.no-service-data" // advertising data without Matter service data (UUID 0xFFF6)
  | "ble.rdi-length" // a rotating device id of the wrong length in the additional data
  | "ble.additional-data"; // additional data that is not one well-formed anonymous TLV structure

export function bleError(id: BleErrorId, message: string): InputError {
  return new InputError(id, message);
}
