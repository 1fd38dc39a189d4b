// Additional commissioning data: the "Extended Data" TLV of Core §5.4.2.4.4 / §5.4.2.4.6, served on the
// BLE C3 characteristic (§5.4.2.5.7) — docs/onboarding.md §Additional data.
//   anonymous structure { [0] RotatingDeviceId: octet string }   e.g. 15 30 00 12 <18 bytes> 18
// The decoder follows the chip SDK parser (AdditionalDataPayloadParser) so a payload is accepted or
// rejected exactly where a chip commissioner would:
//   - the buffer must hold exactly one anonymous structure (trailing data is an error);
//   - only the FIRST member is examined: if it is a byte string with context tag 0 it is the RDI and
//     may be at most 18 bytes (longer: chip CHIP_ERROR_INVALID_STRING_LENGTH; shorter is accepted);
//     anything else in first place means "no RDI" and later tag-0 members are ignored;
//   - the rest of the structure is skipped but must be well-formed (a string running past the end
//     is chip CHIP_ERROR_TLV_UNDERRUN; members of a structure need tags, members of an array must
//     not have them; implicit-profile tags are rejected as chip has no implicit profile set here);
//   - a zero-length RDI reads as "no RDI" (chip reports the empty string for both).

import { hasErrorId } from "../errors/input-error.js";
import { encodeTlv, TlvError, TlvReader, type TlvElement, type TlvTag, type TlvToken } from "../tlv/tlv.js";
import { bleError, type BleErrorId } from "./errors.js";

/** Context tag of the Rotating Device ID member (Core §5.4.2.4.4 "RotatingIdTag"). */
export const ADDITIONAL_DATA_TAG_ROTATING_DEVICE_ID = 0x00;
/** Longest RDI the chip parser accepts (RotatingDeviceId::kMaxLength); the generator always emits 18. */
export const ADDITIONAL_DATA_RDI_MAX_LENGTH = 18;

export interface AdditionalData {
  rotatingDeviceId?: Uint8Array;
}

export function encodeAdditionalData(d: AdditionalData): Uint8Array {
  const elements: TlvElement[] = [];
  if (d.rotatingDeviceId !== undefined) {
    const rdi = d.rotatingDeviceId;
    if (!(rdi instanceof Uint8Array)) throw new TypeError(`additional data rotatingDeviceId: must be a Uint8Array`);
    if (rdi.length !== ADDITIONAL_DATA_RDI_MAX_LENGTH) {
      throw bleError("ble.rdi-length", `additional data rotatingDeviceId length ${rdi.length}: must be ${ADDITIONAL_DATA_RDI_MAX_LENGTH} bytes (counter ‖ 16)`);
    }
    elements.push({ tag: ADDITIONAL_DATA_TAG_ROTATING_DEVICE_ID, type: "bytes", value: rdi });
  }
  return encodeTlv({ type: "struct", elements });
}

type ContainerType = "struct" | "array" | "list";

function tagAllowed(tag: TlvTag | undefined, inside: ContainerType): string | undefined {
  if (tag !== undefined && typeof tag === "object" && tag.form === "implicit") return "implicit-profile tag with no implicit profile";
  if (inside === "struct" && tag === undefined) return "anonymous member in a structure";
  if (inside === "array" && tag !== undefined) return "tagged member in an array";
  return undefined;
}

export function decodeAdditionalData(bytes: Uint8Array): AdditionalData {
  const fail = (rule: string, id: BleErrorId = "ble.additional-data") => bleError(id, `additional data: ${rule}`);
  if (bytes.length === 0) throw fail("empty, expected an anonymous TLV structure");
  const reader = new TlvReader(bytes);
  let rotatingDeviceId: Uint8Array | undefined;
  try {
    const head = reader.next();
    if (head.kind !== "start" || head.type !== "struct" || head.tag !== undefined) {
      throw fail("the first element is not an anonymous structure");
    }
    const stack: ContainerType[] = ["struct"];
    let first = true;
    while (stack.length > 0) {
      if (reader.done) throw fail(`TLV underrun at offset ${reader.offset}: structure not closed`);
      const at = reader.offset;
      let token: TlvToken;
      try {
        token = reader.next();
      } catch (e) {
        // The TLV reader rejects non-UTF-8 text strings after consuming them; chip never looks at
        // their content, so skip the element (the reader is already past it) and go on.
        if (hasErrorId(e, "tlv.utf8")) {
          first = false;
          continue;
        }
        throw e;
      }
      if (token.kind === "end") {
        stack.pop();
        continue;
      }
      const tag = token.kind === "start" ? token.tag : token.element.tag;
      const bad = tagAllowed(tag, stack[stack.length - 1]);
      if (bad) throw fail(`${bad} at offset ${at}`);
      if (first) {
        first = false;
        if (token.kind === "value" && token.element.type === "bytes" && token.element.tag === ADDITIONAL_DATA_TAG_ROTATING_DEVICE_ID) {
          const value = token.element.value;
          if (value.length > ADDITIONAL_DATA_RDI_MAX_LENGTH) {
            throw fail(`rotating device id length ${value.length} is longer than ${ADDITIONAL_DATA_RDI_MAX_LENGTH} bytes`, "ble.rdi-length");
          }
          if (value.length > 0) rotatingDeviceId = value;
        }
      }
      if (token.kind === "start") stack.push(token.type);
    }
    if (!reader.done) throw fail(`${bytes.length - reader.offset} trailing bytes after the structure`);
  } catch (e) {
    if (e instanceof TlvError) throw fail(e.message);
    throw e;
  }
  return rotatingDeviceId === undefined ? {} : { rotatingDeviceId };
}
