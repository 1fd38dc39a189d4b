// Shim: ESP-IDF esp_random.h subset (declarations only).
#ifndef MF_SHIM_ESP_RANDOM_H
#define MF_SHIM_ESP_RANDOM_H

#include <stddef.h>

// Hardware RNG; true random while the RF subsystem (here: Bluetooth) is running.
void esp_fill_random(void *buffer, size_t length);

#endif
