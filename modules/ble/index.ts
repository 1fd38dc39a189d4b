export * from "./uuids.js";
export * from "./advertising.js";
export * from "./additional-data.js";
export * from "./errors.js";
