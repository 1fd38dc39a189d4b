// Shim: the subset of Moddable XS's xs.h used by native/*.c (declarations and macros only).
#ifndef MF_SHIM_XS_H
#define MF_SHIM_XS_H

#include <stdint.h>

#define __XS__ 1

typedef struct xsMachineRecord xsMachine;
typedef struct { uint32_t opaque[4]; } xsSlot;
typedef int32_t xsIntegerValue;
typedef uint32_t xsUnsignedValue;
typedef double xsNumberValue;
typedef char *xsStringValue;
typedef uint8_t xsBooleanValue;

// Frame slots: 0 argument, 1 this, 2 result, 3 variable.
xsSlot *xsShimFrameSlot(xsMachine *the, int kind, xsIntegerValue index);
#define xsArg(_INDEX) (*xsShimFrameSlot(the, 0, (_INDEX)))
#define xsThis (*xsShimFrameSlot(the, 1, 0))
#define xsResult (*xsShimFrameSlot(the, 2, 0))
#define xsVar(_INDEX) (*xsShimFrameSlot(the, 3, (_INDEX)))

xsSlot xsShimUndefined(xsMachine *the);
#define xsUndefined xsShimUndefined(the)

// Errors: printf-style messages; they do not return (XS longjmps to the nearest catch).
#define XS_SHIM_UNKNOWN_ERROR 1
#define XS_SHIM_TYPE_ERROR 2
#define XS_SHIM_RANGE_ERROR 3
_Noreturn void xsShimThrowMessage(xsMachine *the, int kind, const char *format, ...) __attribute__((format(printf, 3, 4)));
#define xsUnknownError(...) xsShimThrowMessage(the, XS_SHIM_UNKNOWN_ERROR, __VA_ARGS__)
#define xsTypeError(...) xsShimThrowMessage(the, XS_SHIM_TYPE_ERROR, __VA_ARGS__)
#define xsRangeError(...) xsShimThrowMessage(the, XS_SHIM_RANGE_ERROR, __VA_ARGS__)

// try/catch around host calls; xsException holds the thrown value inside xsCatch.
int xsShimTryBegin(xsMachine *the);
void xsShimTryEnd(xsMachine *the);
xsSlot *xsShimException(xsMachine *the);
_Noreturn void xsShimThrow(xsMachine *the, xsSlot value);
#define xsTry if (xsShimTryBegin(the) == 0) for (int xsShimOnce = 1; xsShimOnce; xsShimOnce = 0, xsShimTryEnd(the))
#define xsCatch else
#define xsException (*xsShimException(the))
#define xsThrow(_SLOT) xsShimThrow(the, (_SLOT))

// Keeping a slot alive from C while no JS object references it.
void xsShimRemember(xsMachine *the, xsSlot *slot);
void xsShimForget(xsMachine *the, xsSlot *slot);
#define xsRemember(_SLOT) xsShimRemember(the, &(_SLOT))
#define xsForget(_SLOT) xsShimForget(the, &(_SLOT))

// Calling a JS function from C.
xsSlot xsShimCallFunction(xsMachine *the, xsSlot function, xsSlot self, int count, ...);
#define xsCallFunction3(_FUNCTION, _THIS, _A0, _A1, _A2) xsShimCallFunction(the, (_FUNCTION), (_THIS), 3, (_A0), (_A1), (_A2))

// Entering the machine from a callback that runs outside a host function (e.g. a posted message).
void xsShimBeginHost(xsMachine *the);
void xsShimEndHost(xsMachine *the);
#define xsBeginHost(_THE) do { xsMachine *xsShimHostThe = (xsMachine *)(_THE); xsMachine *the = xsShimHostThe; xsShimBeginHost(the);
#define xsEndHost(_THE) xsShimEndHost(the); } while (0)

#endif
