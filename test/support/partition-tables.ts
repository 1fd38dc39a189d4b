// Partition tables the tests compare against, in gen_esp32part.py's CSV form.

/** The table this project shipped before esp_secure_cert (table at 0x8000, nvs 0x9000-0x14FFF). */
export const OLD_PROJECT_TABLE_CSV = `nvs, data, nvs, 0x9000, 0xC000,
nvs_keys, data, nvs_keys, 0x15000, 0x1000, encrypted
otadata, data, ota, 0x16000, 0x2000,
phy_init, data, phy, 0x18000, 0x1000,
ota_0, app, ota_0, 0x20000, 0x1E0000,
ota_1, app, ota_1, 0x200000, 0x1E0000,
fctry, data, nvs, 0x3E0000, 0x6000,
`;
