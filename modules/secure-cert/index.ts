// esp_secure_cert partition codec: format constants, writer, reader, lookups, Matter layouts, keys.
export * from "./format.js";
export * from "./writer.js";
export * from "./reader.js";
export * from "./lookup.js";
export * from "./ec-key.js";
export * from "./hmac-derived.js";
export * from "./matter.js";
