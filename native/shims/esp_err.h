// Shim: ESP-IDF esp_err.h subset (declarations and constants only).
#ifndef MF_SHIM_ESP_ERR_H
#define MF_SHIM_ESP_ERR_H

#include <stdint.h>

typedef int esp_err_t;

#define ESP_OK 0
#define ESP_FAIL -1
#define ESP_ERR_NO_MEM 0x101
#define ESP_ERR_INVALID_ARG 0x102
#define ESP_ERR_INVALID_STATE 0x103
#define ESP_ERR_NOT_FOUND 0x105
#define ESP_ERR_NOT_SUPPORTED 0x106

// Name of an error code ("ESP_ERR_NVS_NOT_FOUND"); needs CONFIG_ESP_ERR_TO_NAME_LOOKUP for real names.
const char *esp_err_to_name(esp_err_t code);

#endif
