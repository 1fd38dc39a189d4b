// A minimal NimBLE peripheral for Matter commissioning announcements, bound to JS by native/ble_adv.ts.
//
// Why native: neither Moddable BLE API can advertise from a random static address
// (docs/xs-engine.md §BLE advertising), which Matter Core §5.4.2.5.5 requires, and the classic API has no raw
// advertising data (§2.3). This module:
//   - picks a fresh random static address at every host sync (every boot): ble_addr.c rules, hardware RNG;
//   - advertises raw AD bytes given by JS (checked by ble_ad.c), connectable undirected + general
//     discoverable (Matter Core §5.4.2.5.4), own address random, intervals in 0.625 ms units from JS;
//   - serves the Matter BTP GATT service 0xFFF6 (ble_uuids.h): C3 returns the bytes JS set
//     (additional data, §5.4.2.5.7), C1 refuses writes, C2 is indicate-only;
//   - forwards GAP events to one JS callback on the XS task (modMessagePostToMachine).
// C1 writes are refused with ATT error 0x03 "Write Not Permitted" (Core Vol 3 Part F §3.4.1.1): C1
// keeps its spec-mandated write property so commissioners see the expected service layout, but this
// firmware has no BTP engine, so the attribute value cannot be written. The refusal is reported to
// JS as a C1_WRITE_REFUSED event.
#include <string.h>

#include "xsmc.h"
#include "xsHost.h"

#include "esp_err.h"
#include "esp_random.h"
#include "freertos/FreeRTOS.h"
#include "host/ble_hs.h"
#include "nimble/nimble_port.h"
#include "nimble/nimble_port_freertos.h"
#include "services/gap/ble_svc_gap.h"
#include "services/gatt/ble_svc_gatt.h"

#include "ble_ad.h"
#include "ble_addr.h"
#include "ble_uuids.h"

#define C3_VALUE_MAX 128      // the additional-data TLV with a Rotating Device ID is 23 bytes
#define ADDRESS_ATTEMPTS 8    // each draw fails with probability 2^-45
#define MESSAGE_MAX 160

// Event kinds, mirrored by BleEvent in native/ble_adv.ts.
enum {
	EVENT_READY = 1,            // status: ble_hs_id_set_rnd result (0 = address set), connection: 0
	EVENT_CONNECTED = 2,        // status: 0 or the connection failure, connection: handle
	EVENT_DISCONNECTED = 3,     // status: NimBLE disconnect reason, connection: handle
	EVENT_ADV_COMPLETE = 4,     // status: NimBLE reason
	EVENT_RESET = 5,            // status: NimBLE reset reason; READY follows after the host resyncs
	EVENT_C1_WRITE_REFUSED = 6, // connection: handle
};

typedef struct {
	int32_t kind;
	int32_t status;
	int32_t connection;
} bleEventRecord;

static xsMachine *gMachine;
static xsSlot gCallback;
static uint8_t gStarted;
// Shared between the NimBLE host task and the XS task, guarded by gLock.
static portMUX_TYPE gLock = portMUX_INITIALIZER_UNLOCKED;
static uint8_t gHasAddress;
static uint8_t gAddress[MF_BLE_ADDR_LENGTH]; // least significant byte first
static uint8_t gC3Value[C3_VALUE_MAX];
static uint16_t gC3Length;

static int accessC1(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg);
static int accessC2(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg);
static int accessC3(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg);

static const ble_uuid16_t kServiceUuid = BLE_UUID16_INIT(MF_MATTER_SERVICE_UUID16);
static const ble_uuid128_t kC1Uuid = BLE_UUID128_INIT(MF_C1_UUID128_LE);
static const ble_uuid128_t kC2Uuid = BLE_UUID128_INIT(MF_C2_UUID128_LE);
static const ble_uuid128_t kC3Uuid = BLE_UUID128_INIT(MF_C3_UUID128_LE);

static const struct ble_gatt_chr_def kCharacteristics[] = {
	{ .uuid = &kC1Uuid.u, .access_cb = accessC1, .flags = BLE_GATT_CHR_F_WRITE },
	{ .uuid = &kC2Uuid.u, .access_cb = accessC2, .flags = BLE_GATT_CHR_F_INDICATE },
	{ .uuid = &kC3Uuid.u, .access_cb = accessC3, .flags = BLE_GATT_CHR_F_READ },
	{ 0 },
};

static const struct ble_gatt_svc_def kServices[] = {
	{ .type = BLE_GATT_SVC_TYPE_PRIMARY, .uuid = &kServiceUuid.u, .characteristics = kCharacteristics },
	{ 0 },
};

// XS task: calls the JS callback (kind, status, connection).
static void deliverEvent(void *machine, void *refcon, uint8_t *message, uint16_t length)
{
	bleEventRecord event;
	(void)refcon;
	if (!gStarted || (sizeof(event) != length))
		return;
	memcpy(&event, message, sizeof(event));
	xsBeginHost(machine);
	xsmcVars(3);
	xsmcSetInteger(xsVar(0), event.kind);
	xsmcSetInteger(xsVar(1), event.status);
	xsmcSetInteger(xsVar(2), event.connection);
	xsCallFunction3(gCallback, xsUndefined, xsVar(0), xsVar(1), xsVar(2));
	xsEndHost(machine);
}

// NimBLE host task: queues an event for the XS task (the message is copied by the call).
static void postEvent(int32_t kind, int32_t status, int32_t connection)
{
	bleEventRecord event = { kind, status, connection };
	modMessagePostToMachine(gMachine, (uint8_t *)&event, sizeof(event), deliverEvent, NULL);
}

static int accessC1(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg)
{
	(void)attribute;
	(void)arg;
	if (BLE_GATT_ACCESS_OP_WRITE_CHR == ctxt->op)
		postEvent(EVENT_C1_WRITE_REFUSED, 0, connection);
	return BLE_ATT_ERR_WRITE_NOT_PERMITTED;
}

// C2 has neither the read nor the write property, so the stack never calls this for a value access.
static int accessC2(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg)
{
	(void)connection;
	(void)attribute;
	(void)ctxt;
	(void)arg;
	return BLE_ATT_ERR_UNLIKELY;
}

static int accessC3(uint16_t connection, uint16_t attribute, struct ble_gatt_access_ctxt *ctxt, void *arg)
{
	uint8_t value[C3_VALUE_MAX];
	uint16_t length;
	(void)connection;
	(void)attribute;
	(void)arg;
	if (BLE_GATT_ACCESS_OP_READ_CHR != ctxt->op)
		return BLE_ATT_ERR_UNLIKELY;
	portENTER_CRITICAL(&gLock); // JS may replace the value concurrently from the XS task
	length = gC3Length;
	memcpy(value, gC3Value, length);
	portEXIT_CRITICAL(&gLock);
	return os_mbuf_append(ctxt->om, value, length) ? BLE_ATT_ERR_INSUFFICIENT_RES : 0;
}

static int onGapEvent(struct ble_gap_event *event, void *arg)
{
	(void)arg;
	switch (event->type) {
	case BLE_GAP_EVENT_CONNECT:
		postEvent(EVENT_CONNECTED, event->connect.status, event->connect.conn_handle);
		break;
	case BLE_GAP_EVENT_DISCONNECT:
		postEvent(EVENT_DISCONNECTED, event->disconnect.reason, event->disconnect.conn.conn_handle);
		break;
	case BLE_GAP_EVENT_ADV_COMPLETE:
		postEvent(EVENT_ADV_COMPLETE, event->adv_complete.reason, 0);
		break;
	default:
		break;
	}
	return 0;
}

// Host synced with the controller (after boot or a reset): set a fresh random static address.
static void onSync(void)
{
	uint8_t random[MF_BLE_ADDR_LENGTH], address[MF_BLE_ADDR_LENGTH];
	int rc = -1;
	for (int attempt = 0; attempt < ADDRESS_ATTEMPTS; attempt++) {
		esp_fill_random(random, sizeof(random));
		if (mf_ble_addr_from_random(random, address)) {
			rc = ble_hs_id_set_rnd(address);
			break;
		}
	}
	if (0 == rc) {
		portENTER_CRITICAL(&gLock);
		memcpy(gAddress, address, sizeof(gAddress));
		gHasAddress = 1;
		portEXIT_CRITICAL(&gLock);
	}
	postEvent(EVENT_READY, rc, 0);
}

static void onReset(int reason)
{
	portENTER_CRITICAL(&gLock);
	gHasAddress = 0;
	portEXIT_CRITICAL(&gLock);
	postEvent(EVENT_RESET, reason, 0);
}

static void hostTask(void *param)
{
	(void)param;
	nimble_port_run();
	nimble_port_freertos_deinit();
}

// begin(onEvent): starts NimBLE with the 0xFFF6 service; READY arrives once the address is set.
void xs_mfble_begin(xsMachine *the)
{
	if (gStarted)
		xsUnknownError("ble: already started (begin may be called once)");
	esp_err_t err = nimble_port_init();
	if (ESP_OK != err)
		xsUnknownError("ble: nimble_port_init failed: %s", esp_err_to_name(err));
	ble_hs_cfg.sync_cb = onSync;
	ble_hs_cfg.reset_cb = onReset;
	// No ble_store_config_init(): nothing is bonded (CONFIG_BT_NIMBLE_NVS_PERSIST off, sdkconfig.defaults).
	// The GAP device name is CONFIG_BT_NIMBLE_SVC_GAP_DEVICE_NAME.
	ble_svc_gap_init();
	ble_svc_gatt_init();
	int rc = ble_gatts_count_cfg(kServices);
	if (0 == rc)
		rc = ble_gatts_add_svcs(kServices);
	if (0 != rc)
		xsUnknownError("ble: registering GATT service 0x%04X failed: NimBLE error %d", MF_MATTER_SERVICE_UUID16, rc);

	gMachine = the;
	gCallback = xsArg(0);
	xsRemember(gCallback);
	gStarted = 1;
	nimble_port_freertos_init(hostTask);
}

// startAdvertising(data, intervalMin, intervalMax): (re)starts connectable advertising with raw data.
void xs_mfble_adv_start(xsMachine *the)
{
	char message[MESSAGE_MAX];
	if (!gStarted)
		xsUnknownError("ble: not started (call begin first)");
	xsIntegerValue intervalMin = xsmcToInteger(xsArg(1)); // convert before taking the data pointer
	xsIntegerValue intervalMax = xsmcToInteger(xsArg(2));
	mf_interval_status interval = mf_adv_interval_check(intervalMin, intervalMax);
	if (MF_INTERVAL_OK != interval) {
		mf_adv_interval_describe(interval, intervalMin, intervalMax, message, sizeof(message));
		xsRangeError("%s", message);
	}

	void *data;
	xsUnsignedValue length;
	uint8_t advertisingData[MF_ADV_DATA_MAX];
	xsmcGetBufferReadable(xsArg(0), &data, &length);
	mf_ad_result check = mf_ad_validate(data, length);
	if (MF_AD_OK != check.status) {
		mf_ad_describe(check, data, length, message, sizeof(message));
		xsRangeError("%s", message);
	}
	memcpy(advertisingData, data, length);

	struct ble_gap_adv_params params;
	memset(&params, 0, sizeof(params));
	params.conn_mode = BLE_GAP_CONN_MODE_UND; // connectable undirected (Matter Core §5.4.2.5.4)
	params.disc_mode = BLE_GAP_DISC_MODE_GEN; // general discoverable
	params.itvl_min = (uint16_t)intervalMin;
	params.itvl_max = (uint16_t)intervalMax;

	if (ble_gap_adv_active())
		ble_gap_adv_stop(); // switching data or interval (fast -> slow phase) needs a restart
	int rc = ble_gap_adv_set_data(advertisingData, (int)length);
	if (0 == rc)
		rc = ble_gap_adv_start(BLE_OWN_ADDR_RANDOM, NULL, BLE_HS_FOREVER, &params, onGapEvent, NULL);
	if (BLE_HS_ENOTSYNCED == rc)
		xsUnknownError("ble: advertising start failed: host not synced (wait for the READY event)");
	if (0 != rc)
		xsUnknownError("ble: advertising start failed: NimBLE error %d", rc);
}

// stop(): stops advertising; a no-op when not advertising.
void xs_mfble_adv_stop(xsMachine *the)
{
	if (!gStarted)
		return;
	int rc = ble_gap_adv_stop();
	if ((0 != rc) && (BLE_HS_EALREADY != rc))
		xsUnknownError("ble: advertising stop failed: NimBLE error %d", rc);
}

// setC3Value(bytes): the value C3 reads return from now on (up to C3_VALUE_MAX bytes).
void xs_mfble_set_c3(xsMachine *the)
{
	void *data;
	xsUnsignedValue length;
	xsmcGetBufferReadable(xsArg(0), &data, &length);
	if (length > C3_VALUE_MAX)
		xsRangeError("C3 value length %u: must be at most %u bytes", (unsigned)length, (unsigned)C3_VALUE_MAX);
	portENTER_CRITICAL(&gLock);
	memcpy(gC3Value, data, length);
	gC3Length = (uint16_t)length;
	portEXIT_CRITICAL(&gLock);
}

// getAddress(): the random static address, most significant byte first (as printed), or undefined before READY.
void xs_mfble_get_address(xsMachine *the)
{
	uint8_t printed[MF_BLE_ADDR_LENGTH];
	uint8_t hasAddress;
	portENTER_CRITICAL(&gLock);
	hasAddress = gHasAddress;
	for (int i = 0; i < MF_BLE_ADDR_LENGTH; i++)
		printed[i] = gAddress[MF_BLE_ADDR_LENGTH - 1 - i];
	portEXIT_CRITICAL(&gLock);
	if (!hasAddress)
		return;
	xsmcSetArrayBuffer(xsResult, printed, MF_BLE_ADDR_LENGTH);
}
