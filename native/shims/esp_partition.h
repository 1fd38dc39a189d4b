// Shim: ESP-IDF esp_partition.h subset (declarations and constants only).
#ifndef MF_SHIM_ESP_PARTITION_H
#define MF_SHIM_ESP_PARTITION_H

#include <stdint.h>

typedef enum {
	ESP_PARTITION_TYPE_APP = 0x00,
	ESP_PARTITION_TYPE_DATA = 0x01,
} esp_partition_type_t;

typedef enum {
	ESP_PARTITION_SUBTYPE_DATA_NVS = 0x02,
	ESP_PARTITION_SUBTYPE_DATA_NVS_KEYS = 0x04,
} esp_partition_subtype_t;

typedef struct {
	esp_partition_type_t type;
	esp_partition_subtype_t subtype;
	uint32_t address;
	uint32_t size;
	char label[17];
	uint8_t encrypted;
} esp_partition_t;

// First partition of the type and subtype; label NULL matches any label. NULL when none.
const esp_partition_t *esp_partition_find_first(esp_partition_type_t type, esp_partition_subtype_t subtype, const char *label);

#endif
