// Shim: the subset of the NimBLE host API (ESP-IDF port) used by native/ble_adv.c.
// Real NimBLE splits this over host/ble_hs.h, host/ble_gap.h, host/ble_gatt.h, host/ble_uuid.h,
// host/ble_att.h and os/os_mbuf.h; host/ble_hs.h includes them all. Declarations and macros only.
#ifndef MF_SHIM_BLE_HS_H
#define MF_SHIM_BLE_HS_H

#include <stdint.h>

// Host status codes (BLE_HS_*) and ATT error codes (Core Vol 3 Part F §3.4.1.1).
#define BLE_HS_EALREADY 2
#define BLE_HS_ENOTSYNCED 22
#define BLE_HS_FOREVER INT32_MAX
#define BLE_ATT_ERR_WRITE_NOT_PERMITTED 0x03
#define BLE_ATT_ERR_UNLIKELY 0x0e
#define BLE_ATT_ERR_INSUFFICIENT_RES 0x11

// Addresses.
#define BLE_OWN_ADDR_PUBLIC 0
#define BLE_OWN_ADDR_RANDOM 1
typedef struct {
	uint8_t type;
	uint8_t val[6];
} ble_addr_t;
int ble_hs_id_set_rnd(const uint8_t *rnd_addr);

// Host configuration: callbacks run on the NimBLE host task.
typedef void ble_hs_reset_fn(int reason);
typedef void ble_hs_sync_fn(void);
struct ble_hs_cfg {
	ble_hs_reset_fn *reset_cb;
	ble_hs_sync_fn *sync_cb;
};
extern struct ble_hs_cfg ble_hs_cfg;

// UUIDs.
typedef struct { uint8_t type; } ble_uuid_t;
typedef struct { ble_uuid_t u; uint16_t value; } ble_uuid16_t;
typedef struct { ble_uuid_t u; uint8_t value[16]; } ble_uuid128_t;
#define BLE_UUID_TYPE_16 16
#define BLE_UUID_TYPE_128 128
#define BLE_UUID16_INIT(_VALUE) { .u = { .type = BLE_UUID_TYPE_16 }, .value = (_VALUE) }
#define BLE_UUID128_INIT(...) { .u = { .type = BLE_UUID_TYPE_128 }, .value = { __VA_ARGS__ } }

// Buffers.
struct os_mbuf;
int os_mbuf_append(struct os_mbuf *om, const void *data, uint16_t length);

// GATT server.
#define BLE_GATT_SVC_TYPE_PRIMARY 1
#define BLE_GATT_ACCESS_OP_READ_CHR 0
#define BLE_GATT_ACCESS_OP_WRITE_CHR 1
#define BLE_GATT_CHR_F_READ 0x0002
#define BLE_GATT_CHR_F_WRITE 0x0008
#define BLE_GATT_CHR_F_INDICATE 0x0020
typedef uint16_t ble_gatt_chr_flags;
struct ble_gatt_access_ctxt {
	uint8_t op;
	struct os_mbuf *om;
};
typedef int ble_gatt_access_fn(uint16_t conn_handle, uint16_t attr_handle, struct ble_gatt_access_ctxt *ctxt, void *arg);
struct ble_gatt_chr_def {
	const ble_uuid_t *uuid;
	ble_gatt_access_fn *access_cb;
	void *arg;
	ble_gatt_chr_flags flags;
	uint16_t *val_handle;
};
struct ble_gatt_svc_def {
	uint8_t type;
	const ble_uuid_t *uuid;
	const struct ble_gatt_chr_def *characteristics;
};
int ble_gatts_count_cfg(const struct ble_gatt_svc_def *defs);
int ble_gatts_add_svcs(const struct ble_gatt_svc_def *defs);

// GAP.
#define BLE_GAP_CONN_MODE_UND 2
#define BLE_GAP_DISC_MODE_GEN 2
#define BLE_GAP_EVENT_CONNECT 0
#define BLE_GAP_EVENT_DISCONNECT 1
#define BLE_GAP_EVENT_ADV_COMPLETE 9
struct ble_gap_adv_params {
	uint8_t conn_mode;
	uint8_t disc_mode;
	uint16_t itvl_min;
	uint16_t itvl_max;
	uint8_t channel_map;
	uint8_t filter_policy;
	uint8_t high_duty_cycle;
};
struct ble_gap_conn_desc {
	uint16_t conn_handle;
	ble_addr_t peer_id_addr;
};
struct ble_gap_event {
	uint8_t type;
	union {
		struct { int status; uint16_t conn_handle; } connect;
		struct { int reason; struct ble_gap_conn_desc conn; } disconnect;
		struct { int reason; } adv_complete;
	};
};
typedef int ble_gap_event_fn(struct ble_gap_event *event, void *arg);
int ble_gap_adv_set_data(const uint8_t *data, int data_len);
int ble_gap_adv_start(uint8_t own_addr_type, const ble_addr_t *direct_addr, int32_t duration_ms,
	const struct ble_gap_adv_params *adv_params, ble_gap_event_fn *cb, void *cb_arg);
int ble_gap_adv_stop(void);
int ble_gap_adv_active(void);

#endif
