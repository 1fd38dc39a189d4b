// Shim: ESP-IDF NimBLE FreeRTOS glue (declarations only).
#ifndef MF_SHIM_NIMBLE_PORT_FREERTOS_H
#define MF_SHIM_NIMBLE_PORT_FREERTOS_H

void nimble_port_freertos_init(void (*host_task_fn)(void *param)); // starts the host task
void nimble_port_freertos_deinit(void);

#endif
