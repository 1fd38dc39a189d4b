// BLE static random device address (see ble_addr.h for the rules and byte order).
#include "ble_addr.h"

#include <string.h>

#define MSB (MF_BLE_ADDR_LENGTH - 1)
#define RANDOM_BITS_OF_MSB 0x3F // the 6 low bits of the most significant byte are random

// 0 = the 46 random bits are all 0, 1 = all 1, -1 = mixed.
static int uniformRandomPart(const uint8_t addr[MF_BLE_ADDR_LENGTH])
{
	uint8_t anyOne = addr[MSB] & RANDOM_BITS_OF_MSB;
	uint8_t allOnes = (uint8_t)(addr[MSB] | MF_BLE_ADDR_STATIC_MASK);
	for (int i = 0; i < MSB; i++) {
		anyOne |= addr[i];
		allOnes &= addr[i];
	}
	if (0 == anyOne)
		return 0;
	if (0xFF == allOnes)
		return 1;
	return -1;
}

bool mf_ble_addr_is_static_random(const uint8_t addr[MF_BLE_ADDR_LENGTH])
{
	if (MF_BLE_ADDR_STATIC_MASK != (addr[MSB] & MF_BLE_ADDR_STATIC_MASK))
		return false;
	return uniformRandomPart(addr) < 0;
}

bool mf_ble_addr_from_random(const uint8_t random[MF_BLE_ADDR_LENGTH], uint8_t out[MF_BLE_ADDR_LENGTH])
{
	uint8_t candidate[MF_BLE_ADDR_LENGTH];
	memcpy(candidate, random, MF_BLE_ADDR_LENGTH);
	candidate[MSB] |= MF_BLE_ADDR_STATIC_MASK;
	if (uniformRandomPart(candidate) >= 0)
		return false;
	memcpy(out, candidate, MF_BLE_ADDR_LENGTH);
	return true;
}
