/*
 * matter-factory: a command host for the Moddable SDK's XS engine on Linux (target x-cli-lin).
 *
 * The SDK's x-cli-lin target links an app's modules and preloads through xsl into mc.xs.c and
 * leaves main() to the app. This is that main(): it clones the linked machine, imports the
 * manifest's creation.main module, then answers the same netstring commands as xsnap's worker, so
 * host-tools/xs/driver.ts drives both engines alike (ref: @agoric/xsnap xsnap-worker.c protocol):
 *   fd 3 -> XS:  "e<source>" global eval, "?<bytes>" calls globalThis.handleCommand(ArrayBuffer)
 *   XS -> fd 4:  ".<meter JSON>\1<reply bytes>" done, "!<text>" exception, "?<bytes>" issueCommand
 * After each command the promise jobs run to the end; the reply is the completion value when it is
 * an ArrayBuffer, or the ArrayBuffer in its "result" property.
 * Globals added: print(...values), gc(), issueCommand(ArrayBuffer) -> ArrayBuffer, xsVersion() -> "17.9.1".
 * The meter is XS's own (compiled with mxMetering): computrons = meterIndex >> 16 (xsRun.c).
 */

#include "xsAll.h"
#include "mc.xs.h"

#define TO_XS 3
#define FROM_XS 4

/* Exit codes of xsnap-worker.c, which the driver names. */
enum { EXIT_OK = 0, EXIT_USAGE = 1, EXIT_IO = 2, EXIT_MEMORY = 11, EXIT_STACK = 12, EXIT_UNHANDLED = 15, EXIT_METER = 17 };

typedef struct {
	char* bytes;
	size_t length;
} Frame;

static int readFully(int fd, char* buffer, size_t length)
{
	while (length > 0) {
		ssize_t n = read(fd, buffer, length);
		if (n <= 0)
			return 0;
		buffer += n;
		length -= (size_t)n;
	}
	return 1;
}

static int writeFully(int fd, const char* buffer, size_t length)
{
	while (length > 0) {
		ssize_t n = write(fd, buffer, length);
		if (n <= 0)
			return 0;
		buffer += n;
		length -= (size_t)n;
	}
	return 1;
}

/* Reads "<length>:<bytes>,"; 0 at end of input. The bytes are NUL-terminated for xsString. */
static int readFrame(Frame* frame)
{
	size_t length = 0;
	char c;
	for (;;) {
		if (!readFully(TO_XS, &c, 1))
			return 0;
		if (c == ':')
			break;
		if ((c < '0') || (c > '9'))
			exit(EXIT_IO);
		length = (length * 10) + (size_t)(c - '0');
	}
	frame->bytes = malloc(length + 1);
	if (!frame->bytes)
		exit(EXIT_MEMORY);
	if (!readFully(TO_XS, frame->bytes, length) || !readFully(TO_XS, &c, 1) || (c != ','))
		exit(EXIT_IO);
	frame->bytes[length] = 0;
	frame->length = length;
	return 1;
}

static void writeFrame(char kind, const char* head, size_t headLength, const char* body, size_t bodyLength)
{
	char prefix[32];
	int n = snprintf(prefix, sizeof(prefix), "%zu:%c", 1 + headLength + bodyLength, kind);
	if (!writeFully(FROM_XS, prefix, (size_t)n) || !writeFully(FROM_XS, head, headLength) || !writeFully(FROM_XS, body, bodyLength) || !writeFully(FROM_XS, ",", 1))
		exit(EXIT_IO);
}

void fxAbort(xsMachine* the, int status)
{
	fflush(stdout);
	if (status != XS_UNHANDLED_REJECTION_EXIT)
		fprintf(stderr, "xs abort %d%s\n", status, the->stack <= the->stackBottom ? " (JavaScript stack full)" : "");
	switch (status) {
	case XS_UNHANDLED_REJECTION_EXIT:
		fprintf(stderr, "unhandled rejection\n"); /* as xsnap: reported, not fatal */
		return;
	case XS_JAVASCRIPT_STACK_OVERFLOW_EXIT:
	case XS_NATIVE_STACK_OVERFLOW_EXIT: exit(EXIT_STACK);
	case XS_NOT_ENOUGH_MEMORY_EXIT: exit(EXIT_MEMORY);
	case XS_TOO_MUCH_COMPUTATION_EXIT: exit(EXIT_METER);
	default: exit(EXIT_UNHANDLED);
	}
}

static void host_print(xsMachine* the)
{
	xsIntegerValue count = xsToInteger(xsArgc), i;
	for (i = 0; i < count; i++) {
		if (i)
			fputc(' ', stdout);
		fputs(xsToString(xsArg(i)), stdout);
	}
	fputc('\n', stdout);
}

static void host_gc(xsMachine* the)
{
	xsCollectGarbage();
}

static void host_issueCommand(xsMachine* the)
{
	Frame answer;
	xsIntegerValue length = xsGetArrayBufferLength(xsArg(0));
	char* request = malloc((size_t)length + 1);
	if (!request)
		exit(EXIT_MEMORY);
	xsGetArrayBufferData(xsArg(0), 0, request, length);
	fflush(stdout);
	writeFrame('?', request, (size_t)length, "", 0);
	free(request);
	if (!readFrame(&answer) || (answer.length < 1) || (answer.bytes[0] != '/'))
		exit(EXIT_IO);
	xsResult = xsArrayBuffer(answer.bytes + 1, (xsIntegerValue)answer.length - 1);
	free(answer.bytes);
}

static void host_xsVersion(xsMachine* the)
{
	char version[32];
	snprintf(version, sizeof(version), "%d.%d.%d", XS_MAJOR_VERSION, XS_MINOR_VERSION, XS_PATCH_VERSION);
	xsResult = xsString(version);
}

static void defineGlobal(xsMachine* the, char* name, xsCallback callback, xsIntegerValue length)
{
	xsSet(xsGlobal, xsID(name), xsNewHostFunction(callback, length));
}

/* Promise jobs are queued on GLib's default main context by lin_xs.c. */
static void runJobs(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

#ifdef mxMetering
#define METER_NOW(the) ((the)->meterIndex)
#else
#define METER_NOW(the) ((txU8)0)
#endif

static void replyDone(xsMachine* the, txU8 meterBefore, xsSlot* completion)
{
	char meter[160];
	char* reply = "";
	xsIntegerValue length = 0;
	xsSlot buffer = *completion;
	if (xsIsInstanceOf(buffer, xsObjectPrototype) && !xsIsInstanceOf(buffer, xsArrayBufferPrototype) && xsHas(buffer, xsID("result")))
		buffer = xsGet(buffer, xsID("result"));
	if (xsIsInstanceOf(buffer, xsArrayBufferPrototype)) {
		length = xsGetArrayBufferLength(buffer);
		reply = malloc((size_t)length + 1);
		if (!reply)
			exit(EXIT_MEMORY);
		xsGetArrayBufferData(buffer, 0, reply, length);
	}
	/* Without mxMetering there is no meter: "compute" is left out. */
	int n = snprintf(meter, sizeof(meter), "{%s%llu%s\"allocate\":%lld,\"currentHeapCount\":%lld}\1",
#ifdef mxMetering
		"\"compute\":", (unsigned long long)((METER_NOW(the) - meterBefore) >> 16), ",",
#else
		"\"none\":", 0ULL, ",",
#endif
		(long long)the->currentChunksSize + ((long long)the->currentHeapCount * (long long)sizeof(txSlot)),
		(long long)the->currentHeapCount);
	fflush(stdout);
	writeFrame('.', meter, (size_t)n, reply, (size_t)length);
	if (length)
		free(reply);
}

/* One command: "e" evaluates, "?" calls handleCommand. Exceptions, also in jobs, answer "!". */
static void runCommand(xsMachine* the, Frame* frame)
{
	txU8 before = METER_NOW(the);
	xsTry {
		if (frame->bytes[0] == 'e') {
			xsVar(0) = xsCall1(xsGlobal, xsID("eval"), xsString(frame->bytes + 1));
		}
		else if (frame->bytes[0] == '?') {
			xsVar(1) = xsArrayBuffer(frame->bytes + 1, (xsIntegerValue)frame->length - 1);
			xsVar(0) = xsCall1(xsGlobal, xsID("handleCommand"), xsVar(1));
		}
		else {
			xsUnknownError("unknown command '%c'", frame->bytes[0]);
		}
		runJobs();
		replyDone(the, before, &xsVar(0));
	}
	xsCatch {
		const char* text = xsToString(xsException);
		runJobs();
		fflush(stdout);
		writeFrame('!', text, strlen(text), "", 0);
	}
}

int main(int argc, char* argv[])
{
	Frame frame;
	int i;
	/* The driver starts workers as "<binary> xsnap [-l limit] [-s KiB]"; this host has no limit. */
	for (i = 2; i < argc; i++) {
		if ((strcmp(argv[i], "-s") == 0) && (i + 1 < argc))
			i++;
		else {
			fprintf(stderr, "usage: %s xsnap [-s parserKiB] (no metering limit on this host)\n", argv[0]);
			return EXIT_USAGE;
		}
	}
	txPreparation* preparation = xsPreparation();
	xsMachine* machine = xsPrepareMachine(NULL, preparation, "matter-factory", NULL, NULL);
	if (!machine) {
		fprintf(stderr, "xsl preparation does not match this XS version\n");
		return EXIT_USAGE;
	}
	int status = EXIT_OK;
	xsBeginHost(machine);
	{
		xsVars(2);
		defineGlobal(the, "print", host_print, 1);
		defineGlobal(the, "gc", host_gc, 0);
		defineGlobal(the, "issueCommand", host_issueCommand, 1);
		defineGlobal(the, "xsVersion", host_xsVersion, 0);
		xsTry {
			xsAwaitImport(preparation->main, XS_IMPORT_NAMESPACE);
			runJobs();
		}
		xsCatch {
			fprintf(stderr, "### importing %s: %s\n", preparation->main, xsToString(xsException));
			status = EXIT_UNHANDLED;
		}
		while ((status == EXIT_OK) && readFrame(&frame)) {
			if (frame.length > 0)
				runCommand(the, &frame);
			free(frame.bytes);
		}
	}
	xsEndHost(machine);
	fflush(stdout);
	xsDeleteMachine(machine);
	return status;
}
