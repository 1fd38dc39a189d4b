export * from "./spake2p.js";
export * from "./rotating-id.js";
export * from "./errors.js";
