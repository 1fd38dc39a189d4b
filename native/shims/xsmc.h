// Shim: the subset of Moddable XS's xsmc.h used by native/*.c (declarations and macros only).
#ifndef MF_SHIM_XSMC_H
#define MF_SHIM_XSMC_H

#include "xs.h"

xsIntegerValue xsShimToInteger(xsMachine *the, xsSlot *slot);
xsStringValue xsShimToString(xsMachine *the, xsSlot *slot);
void *xsShimToArrayBuffer(xsMachine *the, xsSlot *slot);
void xsShimSetUndefined(xsMachine *the, xsSlot *slot);
void xsShimSetBoolean(xsMachine *the, xsSlot *slot, xsBooleanValue value);
void xsShimSetInteger(xsMachine *the, xsSlot *slot, xsIntegerValue value);
void xsShimSetNumber(xsMachine *the, xsSlot *slot, xsNumberValue value);
void xsShimSetString(xsMachine *the, xsSlot *slot, const char *value);
// data may be NULL: the new ArrayBuffer is then zero-filled.
void xsShimSetArrayBuffer(xsMachine *the, xsSlot *slot, const void *data, xsIntegerValue length);
// ArrayBuffer, TypedArray, DataView or HostBuffer; the pointer moves on the next allocation.
xsIntegerValue xsShimGetBuffer(xsMachine *the, xsSlot *slot, void **data, xsUnsignedValue *count, xsBooleanValue writable);
xsIntegerValue xsShimVars(xsMachine *the, xsIntegerValue count);

#define xsmcToInteger(_SLOT) xsShimToInteger(the, &(_SLOT))
#define xsmcToString(_SLOT) xsShimToString(the, &(_SLOT))
#define xsmcToArrayBuffer(_SLOT) xsShimToArrayBuffer(the, &(_SLOT))
#define xsmcSetUndefined(_SLOT) xsShimSetUndefined(the, &(_SLOT))
#define xsmcSetBoolean(_SLOT, _VALUE) xsShimSetBoolean(the, &(_SLOT), (_VALUE))
#define xsmcSetInteger(_SLOT, _VALUE) xsShimSetInteger(the, &(_SLOT), (_VALUE))
#define xsmcSetNumber(_SLOT, _VALUE) xsShimSetNumber(the, &(_SLOT), (_VALUE))
#define xsmcSetString(_SLOT, _VALUE) xsShimSetString(the, &(_SLOT), (_VALUE))
#define xsmcSetArrayBuffer(_SLOT, _DATA, _SIZE) xsShimSetArrayBuffer(the, &(_SLOT), (_DATA), (_SIZE))
#define xsmcGetBufferReadable(_SLOT, _DATA, _COUNT) xsShimGetBuffer(the, &(_SLOT), (_DATA), (_COUNT), 0)
#define xsmcVars(_COUNT) xsShimVars(the, (_COUNT))

#endif
