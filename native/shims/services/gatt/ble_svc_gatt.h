// Shim: NimBLE GATT service (declarations only).
#ifndef MF_SHIM_BLE_SVC_GATT_H
#define MF_SHIM_BLE_SVC_GATT_H

void ble_svc_gatt_init(void);

#endif
