// Shim: the subset of Moddable's xsHost.h (ESP32) used by native/*.c (declarations only).
#ifndef MF_SHIM_XSHOST_H
#define MF_SHIM_XSHOST_H

#include <stdint.h>

#include "xs.h"

// Runs callback later on the machine's own task; message (messageLength bytes) is copied first.
typedef void (*modMessageDeliver)(void *the, void *refcon, uint8_t *message, uint16_t messageLength);
int modMessagePostToMachine(xsMachine *the, uint8_t *message, uint16_t messageLength, modMessageDeliver callback, void *refcon);

#endif
