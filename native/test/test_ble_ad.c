// Host tests for native/ble_ad.c (advertising data framing and interval range).
#include <stdint.h>
#include <string.h>

#include "../ble_ad.h"
#include "check.h"

static size_t fromHex(const char *hex, uint8_t *out, size_t max)
{
	size_t n = 0;
	while (hex[0] && hex[1] && n < max) {
		unsigned v = 0;
		sscanf(hex, "%2x", &v);
		out[n++] = (uint8_t)v;
		hex += 2;
	}
	return n;
}

static mf_ad_result validateHex(const char *hex, uint8_t *buffer, size_t *length)
{
	*length = fromHex(hex, buffer, 64);
	return mf_ad_validate(buffer, *length);
}

static void testMatterAdvertisements(void)
{
	// docs/onboarding.md §BLE advertisement (Flags AD + Service Data AD, 15 bytes)
	const char *vectors[] = {
		"0201060b16f6ff00000ff1ff008000",
		"0201060b16f6ff00000ff1ff008001",
		"0201060b16f6ff00000f0000000002",
		"0201060b16f6ff00ed0f7f12cdab00",
		"0201060b16f6ff00c508f1ff018000",
	};
	for (unsigned i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		uint8_t b[64];
		size_t n;
		mf_ad_result r = validateHex(vectors[i], b, &n);
		CHECK(n == 15 && r.status == MF_AD_OK && r.structures == 2, "%s: status %d, %u structures", vectors[i], r.status, r.structures);
	}
}

static void testLength(void)
{
	uint8_t b[40];
	memset(b, 0, sizeof b);
	b[0] = 30; b[1] = 0xFF; // one manufacturer-specific AD filling 31 bytes
	mf_ad_result r = mf_ad_validate(b, 31);
	CHECK(r.status == MF_AD_OK && r.structures == 1, "31 bytes in one structure: status %d", r.status);
	b[0] = 31;
	r = mf_ad_validate(b, 32);
	CHECK(r.status == MF_AD_TOO_LONG && r.offset == 32, "32 bytes: status %d", r.status);
	r = mf_ad_validate(b, 0);
	CHECK(r.status == MF_AD_OK && r.structures == 0, "empty data is allowed: status %d", r.status);
}

static void testOverrun(void)
{
	uint8_t b[64];
	size_t n;
	mf_ad_result r = validateHex("0201", b, &n);
	CHECK(r.status == MF_AD_OVERRUN && r.offset == 0, "0201: status %d at %u", r.status, (unsigned)r.offset);
	r = validateHex("02010603", b, &n);
	CHECK(r.status == MF_AD_OVERRUN && r.offset == 3 && r.structures == 1, "lone length byte: status %d at %u", r.status, (unsigned)r.offset);
	r = validateHex("0201060c16f6ff00000ff1ff008000", b, &n); // service data length one too many
	CHECK(r.status == MF_AD_OVERRUN && r.offset == 3, "length 0x0c in 15 bytes: status %d at %u", r.status, (unsigned)r.offset);
	char message[160];
	mf_ad_describe(r, b, n, message, sizeof message);
	CHECK(0 == strcmp(message, "advertising data byte 3: AD structure length 12 runs past the end of the 15-byte data"), "message: %s", message);
	CHECK(NULL == strchr(message, '\n'), "message is one line");
}

static void testZeroLengthTerminator(void)
{
	uint8_t b[64];
	size_t n;
	mf_ad_result r = validateHex("020106000000", b, &n);
	CHECK(r.status == MF_AD_OK && r.structures == 1, "zero padding after the significant part: status %d", r.status);
	r = validateHex("0201060000ff", b, &n);
	CHECK(r.status == MF_AD_BAD_PADDING && r.offset == 5, "non-zero padding: status %d at %u", r.status, (unsigned)r.offset);
	char message[160];
	mf_ad_describe(r, b, n, message, sizeof message);
	CHECK(0 == strcmp(message, "advertising data byte 5: 0xFF after a zero-length AD structure; the rest must be zero"), "message: %s", message);
}

static void testFlagsOnce(void)
{
	uint8_t b[64];
	size_t n;
	mf_ad_result r = validateHex("020106020106", b, &n);
	CHECK(r.status == MF_AD_FLAGS_REPEATED && r.offset == 3, "two Flags: status %d at %u", r.status, (unsigned)r.offset);
	r = validateHex("0201060303f6ff", b, &n);
	CHECK(r.status == MF_AD_OK && r.structures == 2, "Flags + UUID list: status %d", r.status);
	char message[160];
	mf_ad_result tooLong = { MF_AD_TOO_LONG, 40, 0 };
	mf_ad_describe(tooLong, b, 40, message, sizeof message);
	CHECK(0 == strcmp(message, "advertising data length 40: must be at most 31 bytes (legacy advertising)"), "message: %s", message);
	mf_ad_result ok = { MF_AD_OK, 0, 2 };
	mf_ad_describe(ok, b, 7, message, sizeof message);
	CHECK(message[0] == 0, "no message for a valid result");
}

static void testIntervals(void)
{
	CHECK(mf_adv_interval_check(32, 96) == MF_INTERVAL_OK, "Matter fast window 20..60 ms (Core §5.4.2.5.3)");
	CHECK(mf_adv_interval_check(240, 1920) == MF_INTERVAL_OK, "Matter slow window 150..1200 ms");
	CHECK(mf_adv_interval_check(0x20, 0x20) == MF_INTERVAL_OK, "lower bound, min == max");
	CHECK(mf_adv_interval_check(0x4000, 0x4000) == MF_INTERVAL_OK, "upper bound");
	CHECK(mf_adv_interval_check(0x1F, 0x60) == MF_INTERVAL_MIN_RANGE, "min below 0x20");
	CHECK(mf_adv_interval_check(0x30, 0x4001) == MF_INTERVAL_MAX_RANGE, "max above 0x4000");
	CHECK(mf_adv_interval_check(-1, 0x60) == MF_INTERVAL_MIN_RANGE, "negative min");
	CHECK(mf_adv_interval_check(0x60, 0x30) == MF_INTERVAL_ORDER, "min > max");
	char message[160];
	mf_adv_interval_describe(MF_INTERVAL_ORDER, 96, 32, message, sizeof message);
	CHECK(0 == strcmp(message, "advertising interval min 96: must not exceed max 32"), "message: %s", message);
	mf_adv_interval_describe(MF_INTERVAL_MIN_RANGE, 31, 96, message, sizeof message);
	CHECK(0 == strcmp(message, "advertising interval min 31: must be in 32..16384 (0.625 ms units)"), "message: %s", message);
}

int main(void)
{
	testMatterAdvertisements();
	testLength();
	testOverrun();
	testZeroLengthTerminator();
	testFlagsOnce();
	testIntervals();
	SELF_CHECK();
	return TEST_SUMMARY();
}
