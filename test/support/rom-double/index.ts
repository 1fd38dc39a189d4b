// The ESP32-C3 ROM serial loader double (test code only): see rom.ts (commands), server.ts (TCP, baud
// pacing, faults), board.ts (flash images of boards for the line tests).
export { startRomDouble, type RomDouble, type RomDoubleOptions, type Fault, ROM_BAUD } from "./server.js";
export { RomLoader, RECORDED_CHIP, OP, ROM_ERR, doubleCipher, type ChipIdentity, type WriteRecord } from "./rom.js";
export { slipEncode, SlipDecoder } from "./slip.js";
