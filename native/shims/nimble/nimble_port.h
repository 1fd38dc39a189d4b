// Shim: ESP-IDF NimBLE port entry points (declarations only).
#ifndef MF_SHIM_NIMBLE_PORT_H
#define MF_SHIM_NIMBLE_PORT_H

#include "esp_err.h"

// Since ESP-IDF 5.0 this also initializes the controller and the HCI transport.
esp_err_t nimble_port_init(void);
void nimble_port_run(void); // the host event loop; returns after nimble_port_stop()

#endif
