// Shim: ESP-IDF nvs.h subset (declarations and constants only).
#ifndef MF_SHIM_NVS_H
#define MF_SHIM_NVS_H

#include <stddef.h>
#include <stdint.h>

#include "esp_err.h"

#define ESP_ERR_NVS_BASE 0x1100
#define ESP_ERR_NVS_NOT_FOUND (ESP_ERR_NVS_BASE + 0x02)
#define ESP_ERR_NVS_TYPE_MISMATCH (ESP_ERR_NVS_BASE + 0x03)
#define ESP_ERR_NVS_INVALID_LENGTH (ESP_ERR_NVS_BASE + 0x0c)

typedef uint32_t nvs_handle_t;

typedef enum {
	NVS_READONLY,
	NVS_READWRITE,
} nvs_open_mode_t;

typedef enum {
	NVS_TYPE_U8 = 0x01,
	NVS_TYPE_I8 = 0x11,
	NVS_TYPE_U16 = 0x02,
	NVS_TYPE_I16 = 0x12,
	NVS_TYPE_U32 = 0x04,
	NVS_TYPE_I32 = 0x14,
	NVS_TYPE_U64 = 0x08,
	NVS_TYPE_I64 = 0x18,
	NVS_TYPE_STR = 0x21,
	NVS_TYPE_BLOB = 0x42,
	NVS_TYPE_ANY = 0xff,
} nvs_type_t;

esp_err_t nvs_open_from_partition(const char *part_name, const char *namespace_name, nvs_open_mode_t open_mode, nvs_handle_t *out_handle);
void nvs_close(nvs_handle_t handle);
esp_err_t nvs_get_u32(nvs_handle_t handle, const char *key, uint32_t *out_value);
// out_value NULL: length receives the size needed (including the terminating NUL for strings).
esp_err_t nvs_get_str(nvs_handle_t handle, const char *key, char *out_value, size_t *length);
esp_err_t nvs_get_blob(nvs_handle_t handle, const char *key, void *out_value, size_t *length);
// ESP_OK with the stored type when the key exists with any type.
esp_err_t nvs_find_key(nvs_handle_t handle, const char *key, nvs_type_t *out_type);

#endif
