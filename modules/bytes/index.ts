export { toHex, fromHex, isHex } from "./hex.js";
export { toBase64, fromBase64, type Base64Options } from "./base64.js";
export { utf8Encode, utf8Decode, isUtf8 } from "./utf8.js";
export { concatBytes, bytesEqual, bytesToBigInt, bigIntToBytes } from "./bytes.js";
export { type BytesErrorId } from "./errors.js";
