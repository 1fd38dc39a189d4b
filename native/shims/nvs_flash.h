// Shim: ESP-IDF nvs_flash.h subset (declarations and constants only).
#ifndef MF_SHIM_NVS_FLASH_H
#define MF_SHIM_NVS_FLASH_H

#include <stdint.h>

#include "esp_err.h"
#include "esp_partition.h"
#include "nvs.h"

#define NVS_KEY_SIZE 32 // one XTS-AES-128 key

// The two XTS keys stored in an nvs_keys partition.
typedef struct {
	uint8_t eky[NVS_KEY_SIZE];
	uint8_t tky[NVS_KEY_SIZE];
} nvs_sec_cfg_t;

esp_err_t nvs_flash_init_partition(const char *partition_label);
esp_err_t nvs_flash_secure_init_partition(const char *part_name, nvs_sec_cfg_t *cfg);
// Reads the keys from an nvs_keys partition (flash-encryption based scheme).
esp_err_t nvs_flash_read_security_cfg(const esp_partition_t *partition, nvs_sec_cfg_t *cfg);

#endif
