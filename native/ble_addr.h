// BLE static random device address, pure logic (no NimBLE), host-tested in native/test/test_ble_addr.c.
//
// Bluetooth Core 4.2 Vol 6 Part B §1.3.2.1 "Static device address": the two most significant bits
// are 1 and 1; of the remaining 46 random bits at least one is 0 and at least one is 1.
// Matter Core §5.4.2.5.5: a commissionable device advertises with such an address and changes it
// at least on every boot.
//
// Byte order: least significant byte first (addr[5] is the most significant byte), the order
// NimBLE's ble_addr_t.val and ble_hs_id_set_rnd() use and the order the address goes on air.
#ifndef MF_BLE_ADDR_H
#define MF_BLE_ADDR_H

#include <stdbool.h>
#include <stdint.h>

#define MF_BLE_ADDR_LENGTH 6
#define MF_BLE_ADDR_STATIC_MASK 0xC0 // top two bits of the most significant byte

// True when addr is a valid static random address (top bits 11, random part neither all 0 nor all 1).
bool mf_ble_addr_is_static_random(const uint8_t addr[MF_BLE_ADDR_LENGTH]);

// Makes a static random address from 6 random bytes (the caller's RNG, injected for tests): forces the
// top two bits to 11 and keeps the other 46 bits. Returns false, leaving out untouched, when those 46
// bits are all 0 or all 1; the caller then draws fresh bytes (probability 2^-45 per draw).
bool mf_ble_addr_from_random(const uint8_t random[MF_BLE_ADDR_LENGTH], uint8_t out[MF_BLE_ADDR_LENGTH]);

#endif
