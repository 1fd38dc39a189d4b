export * from "./tlv.js";
