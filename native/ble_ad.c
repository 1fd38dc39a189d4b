// Legacy advertising data checks (see ble_ad.h for the rules and their sources).
#include "ble_ad.h"

#include <stdio.h>

mf_ad_result mf_ad_validate(const uint8_t *data, size_t length)
{
	mf_ad_result result = { MF_AD_OK, 0, 0 };
	int flagsSeen = 0;
	if (length > MF_ADV_DATA_MAX) {
		result.status = MF_AD_TOO_LONG;
		result.offset = length;
		return result;
	}
	size_t at = 0;
	while (at < length) {
		size_t fieldLength = data[at];
		if (0 == fieldLength) { // early end of the significant part: the rest must be zero
			for (size_t i = at + 1; i < length; i++) {
				if (data[i]) {
					result.status = MF_AD_BAD_PADDING;
					result.offset = i;
					return result;
				}
			}
			return result;
		}
		if (fieldLength > length - at - 1) {
			result.status = MF_AD_OVERRUN;
			result.offset = at;
			return result;
		}
		if (MF_AD_TYPE_FLAGS == data[at + 1]) {
			if (flagsSeen) {
				result.status = MF_AD_FLAGS_REPEATED;
				result.offset = at;
				return result;
			}
			flagsSeen = 1;
		}
		result.structures++;
		at += 1 + fieldLength;
	}
	return result;
}

int mf_ad_describe(mf_ad_result result, const uint8_t *data, size_t length, char *out, size_t size)
{
	switch (result.status) {
	case MF_AD_OK:
		return snprintf(out, size, "%s", "");
	case MF_AD_TOO_LONG:
		return snprintf(out, size, "advertising data length %u: must be at most %u bytes (legacy advertising)",
			(unsigned)length, (unsigned)MF_ADV_DATA_MAX);
	case MF_AD_OVERRUN:
		return snprintf(out, size, "advertising data byte %u: AD structure length %u runs past the end of the %u-byte data",
			(unsigned)result.offset, (unsigned)data[result.offset], (unsigned)length);
	case MF_AD_BAD_PADDING:
		return snprintf(out, size, "advertising data byte %u: 0x%02X after a zero-length AD structure; the rest must be zero",
			(unsigned)result.offset, (unsigned)data[result.offset]);
	case MF_AD_FLAGS_REPEATED:
		return snprintf(out, size, "advertising data byte %u: second Flags AD structure (type 0x01); Flags may appear only once",
			(unsigned)result.offset);
	}
	return snprintf(out, size, "advertising data: unknown status %d", (int)result.status);
}

mf_interval_status mf_adv_interval_check(long min, long max)
{
	if ((min < MF_ADV_INTERVAL_MIN) || (min > MF_ADV_INTERVAL_MAX))
		return MF_INTERVAL_MIN_RANGE;
	if ((max < MF_ADV_INTERVAL_MIN) || (max > MF_ADV_INTERVAL_MAX))
		return MF_INTERVAL_MAX_RANGE;
	if (min > max)
		return MF_INTERVAL_ORDER;
	return MF_INTERVAL_OK;
}

int mf_adv_interval_describe(mf_interval_status status, long min, long max, char *out, size_t size)
{
	switch (status) {
	case MF_INTERVAL_OK:
		return snprintf(out, size, "%s", "");
	case MF_INTERVAL_MIN_RANGE:
		return snprintf(out, size, "advertising interval min %ld: must be in %d..%d (0.625 ms units)",
			min, MF_ADV_INTERVAL_MIN, MF_ADV_INTERVAL_MAX);
	case MF_INTERVAL_MAX_RANGE:
		return snprintf(out, size, "advertising interval max %ld: must be in %d..%d (0.625 ms units)",
			max, MF_ADV_INTERVAL_MIN, MF_ADV_INTERVAL_MAX);
	case MF_INTERVAL_ORDER:
		return snprintf(out, size, "advertising interval min %ld: must not exceed max %ld", min, max);
	}
	return snprintf(out, size, "advertising interval: unknown status %d", (int)status);
}
