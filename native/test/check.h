// Minimal assertion helpers for the host C unit tests (compiled and run by test/native.test.ts).
// Each CHECK counts a pass or prints the failing expression; TEST_SUMMARY prints
// "N passed, M failed" and yields the process exit status (0 only when nothing failed).
#ifndef MF_TEST_CHECK_H
#define MF_TEST_CHECK_H

#include <stdio.h>

static int gPassed, gFailed;

#define CHECK(cond, ...) do { \
	if (cond) gPassed++; \
	else { gFailed++; printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); printf(__VA_ARGS__); printf("\n"); } \
} while (0)

// MF_TEST_SELF_CHECK: one deliberately false check, so the runner can prove a failure is detected.
#ifdef MF_TEST_SELF_CHECK
#define SELF_CHECK() CHECK(0, "deliberate failure (MF_TEST_SELF_CHECK)")
#else
#define SELF_CHECK() ((void)0)
#endif

#define TEST_SUMMARY() (printf("%d passed, %d failed\n", gPassed, gFailed), gFailed ? 1 : 0)

#endif
