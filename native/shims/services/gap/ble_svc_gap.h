// Shim: NimBLE GAP service (declarations only).
#ifndef MF_SHIM_BLE_SVC_GAP_H
#define MF_SHIM_BLE_SVC_GAP_H

void ble_svc_gap_init(void);

#endif
