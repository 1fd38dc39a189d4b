// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320).

const TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}

/** zlib.crc32(data, previous): the standard CRC-32 continued from `previous` (0 to start). */
export function crc32(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The CRC ESP-IDF's NVS uses: Python zlib.crc32(data, 0xFFFFFFFF), equal to the ROM's
 * esp_rom_crc32_le(0xFFFFFFFF, …). Not plain CRC-32: check value of "123456789" is 0xD202D277
 * (docs/nvs-format.md §CRC-32).
 */
export function nvsCrc32(data: Uint8Array): number {
  return crc32(data, 0xffffffff);
}
