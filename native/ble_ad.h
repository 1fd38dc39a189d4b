// Legacy advertising data checks, pure logic (no NimBLE), host-tested in native/test/test_ble_ad.c.
//
// Bluetooth Core Vol 3 Part C §11: advertising data is a sequence of AD structures, each
// [length][AD type][length - 1 data bytes]; a zero length ends the significant part and every
// byte after it must be zero. Legacy advertising carries at most 31 bytes (Vol 6 Part B §2.3.1.1).
// Core Specification Supplement Part A §1.3: the Flags AD type appears at most once.
// Advertising interval range for legacy advertising: 0x0020..0x4000 in 0.625 ms units
// (20 ms .. 10.24 s; Vol 4 Part E §7.8.5).
#ifndef MF_BLE_AD_H
#define MF_BLE_AD_H

#include <stddef.h>
#include <stdint.h>

#define MF_ADV_DATA_MAX 31
#define MF_AD_TYPE_FLAGS 0x01
#define MF_ADV_INTERVAL_MIN 0x0020
#define MF_ADV_INTERVAL_MAX 0x4000

typedef enum {
	MF_AD_OK = 0,
	MF_AD_TOO_LONG,       // more than 31 bytes
	MF_AD_OVERRUN,        // an AD structure's length runs past the end of the data
	MF_AD_BAD_PADDING,    // a non-zero byte after a zero-length AD structure
	MF_AD_FLAGS_REPEATED, // a second Flags AD structure
} mf_ad_status;

typedef struct {
	mf_ad_status status;
	size_t offset;       // byte offset the problem was found at (the data length for MF_AD_TOO_LONG)
	unsigned structures; // AD structures before the end (or before the problem)
} mf_ad_result;

// Checks the framing of raw advertising (or scan response) data.
mf_ad_result mf_ad_validate(const uint8_t *data, size_t length);

// Writes a one-line message naming the field, the value and the rule for a failed result
// (an empty string for MF_AD_OK). Returns the snprintf result.
int mf_ad_describe(mf_ad_result result, const uint8_t *data, size_t length, char *out, size_t size);

typedef enum {
	MF_INTERVAL_OK = 0,
	MF_INTERVAL_MIN_RANGE,
	MF_INTERVAL_MAX_RANGE,
	MF_INTERVAL_ORDER, // min > max
} mf_interval_status;

// Checks an advertising interval pair in 0.625 ms units.
mf_interval_status mf_adv_interval_check(long min, long max);

// One-line message for a failed interval check (empty for MF_INTERVAL_OK).
int mf_adv_interval_describe(mf_interval_status status, long min, long max, char *out, size_t size);

#endif
