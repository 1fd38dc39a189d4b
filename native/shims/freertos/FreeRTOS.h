// Shim: ESP-IDF FreeRTOS critical-section subset (declarations and macros only).
#ifndef MF_SHIM_FREERTOS_H
#define MF_SHIM_FREERTOS_H

#include <stdint.h>

typedef struct { uint32_t owner; uint32_t count; } portMUX_TYPE;
#define portMUX_INITIALIZER_UNLOCKED { 0, 0 }

void vPortEnterCritical(portMUX_TYPE *mux);
void vPortExitCritical(portMUX_TYPE *mux);
#define portENTER_CRITICAL(_MUX) vPortEnterCritical(_MUX)
#define portEXIT_CRITICAL(_MUX) vPortExitCritical(_MUX)

#endif
