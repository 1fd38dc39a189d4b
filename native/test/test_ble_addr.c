// Host tests for native/ble_addr.c (static random address rules, Core 4.2 Vol 6 Part B §1.3.2.1).
#include <stdint.h>
#include <string.h>

#include "../ble_addr.h"
#include "check.h"

// Deterministic byte source (xorshift32) standing in for esp_fill_random().
static uint32_t gState = 0x2545F491u;
static uint8_t nextByte(void)
{
	gState ^= gState << 13;
	gState ^= gState >> 17;
	gState ^= gState << 5;
	return (uint8_t)(gState >> 24);
}

static void fromHexLsbFirst(const char *msbFirst, uint8_t out[6]) // "C0:11:22:33:44:55" -> LSB-first bytes
{
	for (int i = 0; i < 6; i++) {
		unsigned v = 0;
		sscanf(msbFirst + 3 * i, "%2x", &v);
		out[5 - i] = (uint8_t)v;
	}
}

static void testForcesTopBits(void)
{
	uint8_t in[6], out[6];
	fromHexLsbFirst("00:11:22:33:44:55", in);
	CHECK(mf_ble_addr_from_random(in, out), "mixed bits are accepted");
	CHECK(out[5] == 0xC0, "MSB 0x00 becomes 0xC0, got 0x%02X", out[5]);
	CHECK(0 == memcmp(in, out, 5), "the 5 low bytes are kept");
	fromHexLsbFirst("3F:11:22:33:44:55", in);
	CHECK(mf_ble_addr_from_random(in, out) && out[5] == 0xFF, "MSB 0x3F becomes 0xFF, got 0x%02X", out[5]);
	fromHexLsbFirst("80:01:02:03:04:05", in);
	CHECK(mf_ble_addr_from_random(in, out) && out[5] == 0xC0, "MSB 0x80 (top bits 10) becomes 0xC0, got 0x%02X", out[5]);
	fromHexLsbFirst("4A:01:02:03:04:05", in);
	CHECK(mf_ble_addr_from_random(in, out) && out[5] == 0xCA, "MSB 0x4A (top bits 01) becomes 0xCA, got 0x%02X", out[5]);
}

static void testRejectsUniformRandomPart(void)
{
	uint8_t in[6], out[6] = { 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA };
	const char *uniform[] = {
		"00:00:00:00:00:00", "C0:00:00:00:00:00", "40:00:00:00:00:00", "80:00:00:00:00:00", // random part all 0
		"FF:FF:FF:FF:FF:FF", "3F:FF:FF:FF:FF:FF", "7F:FF:FF:FF:FF:FF", "BF:FF:FF:FF:FF:FF", // random part all 1
	};
	for (unsigned i = 0; i < sizeof(uniform) / sizeof(uniform[0]); i++) {
		fromHexLsbFirst(uniform[i], in);
		CHECK(!mf_ble_addr_from_random(in, out), "%s is rejected", uniform[i]);
	}
	CHECK(out[0] == 0xAA && out[5] == 0xAA, "a rejected draw leaves the output untouched");
}

static void testSingleBitEdges(void)
{
	uint8_t in[6], out[6];
	fromHexLsbFirst("00:00:00:00:00:01", in); // one 1 in the lowest bit
	CHECK(mf_ble_addr_from_random(in, out) && mf_ble_addr_is_static_random(out), "lowest bit alone is enough");
	fromHexLsbFirst("01:00:00:00:00:00", in); // one 1 in the lowest random bit of the MSB
	CHECK(mf_ble_addr_from_random(in, out) && out[5] == 0xC1, "MSB bit 0 alone is enough");
	fromHexLsbFirst("FF:FF:FF:FF:FF:FE", in); // one 0 in the lowest bit
	CHECK(mf_ble_addr_from_random(in, out) && mf_ble_addr_is_static_random(out), "a single 0 bit is enough");
	fromHexLsbFirst("3E:FF:FF:FF:FF:FF", in); // one 0 in the MSB's random bits
	CHECK(mf_ble_addr_from_random(in, out) && out[5] == 0xFE, "MSB bit 0 cleared alone is enough");
}

static void testIsStaticRandom(void)
{
	uint8_t a[6];
	fromHexLsbFirst("C0:11:22:33:44:55", a);
	CHECK(mf_ble_addr_is_static_random(a), "C0:11:22:33:44:55 is static random");
	fromHexLsbFirst("80:11:22:33:44:55", a);
	CHECK(!mf_ble_addr_is_static_random(a), "top bits 10 (resolvable private) is not static");
	fromHexLsbFirst("40:11:22:33:44:55", a);
	CHECK(!mf_ble_addr_is_static_random(a), "top bits 01 is not static");
	fromHexLsbFirst("00:11:22:33:44:55", a);
	CHECK(!mf_ble_addr_is_static_random(a), "top bits 00 (non-resolvable private) is not static");
	fromHexLsbFirst("C0:00:00:00:00:00", a);
	CHECK(!mf_ble_addr_is_static_random(a), "random part all 0 is not valid");
	fromHexLsbFirst("FF:FF:FF:FF:FF:FF", a);
	CHECK(!mf_ble_addr_is_static_random(a), "random part all 1 is not valid");
}

static void testRandomDraws(void)
{
	int bad = 0, accepted = 0;
	unsigned ones[48] = { 0 };
	for (int n = 0; n < 20000; n++) {
		uint8_t in[6], out[6];
		for (int i = 0; i < 6; i++) in[i] = nextByte();
		if (!mf_ble_addr_from_random(in, out)) continue;
		accepted++;
		if (!mf_ble_addr_is_static_random(out)) bad++;
		if (0 != memcmp(in, out, 5) || (in[5] & 0x3F) != (out[5] & 0x3F)) bad++;
		for (int bit = 0; bit < 48; bit++)
			ones[bit] += (out[bit >> 3] >> (bit & 7)) & 1;
	}
	CHECK(accepted == 20000, "every random draw is accepted (uniform parts have p=2^-45), got %d", accepted);
	CHECK(bad == 0, "%d draws broke the rules or changed the random bits", bad);
	CHECK(ones[46] == 20000 && ones[47] == 20000, "top two bits always set");
	int skewed = 0;
	for (int bit = 0; bit < 46; bit++)
		if (ones[bit] < 9000 || ones[bit] > 11000) skewed++;
	CHECK(skewed == 0, "%d random bits are far from 50%% ones (random bits must pass through)", skewed);
}

int main(void)
{
	testForcesTopBits();
	testRejectsUniformRandomPart();
	testSingleBitEdges();
	testIsStaticRandom();
	testRandomDraws();
	SELF_CHECK();
	return TEST_SUMMARY();
}
