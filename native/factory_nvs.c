// Native reader for the Matter factory NVS partition, bound to JS by native/factory_nvs.ts.
//
// Reads the `chip-factory` namespace read-only from a dedicated partition (`fctry` in partitions.csv),
// with NVS encryption when the firmware enables it, and signs with the DAC private key without
// handing the key to JS. Facts: docs/factory-data.md §Namespace and reader rules (namespace, entry types, 15-char keys),
// §1.2 (`dac-key` = raw 32-byte P-256 scalar), §2.2 (the `fctry` label).
#include <stdlib.h>
#include <string.h>

#include "xsmc.h"
#include "xsHost.h"

#include "sdkconfig.h" // CONFIG_NVS_ENCRYPTION
#include "esp_err.h"
#include "esp_partition.h"
#include "nvs.h"
#include "nvs_flash.h"
#include "psa/crypto.h"

#include "p256_key.h"

#define FACTORY_NAMESPACE "chip-factory" // docs/factory-data.md §Namespace and reader rules
#define NVS_KEY_MAX 15                   // docs/factory-data.md §Namespace and reader rules
#define PARTITION_LABEL_MAX 15           // a partition label is 16 bytes with its NUL
#define DAC_KEY_NAME "dac-key"           // docs/factory-data.md §Key table
#define DAC_KEY_LENGTH MF_P256_SCALAR_LENGTH // raw big-endian P-256 private scalar
#define P256_SIGNATURE_LENGTH MF_P256_SIGNATURE_LENGTH

static nvs_handle_t gFactory;
static uint8_t gOpen;
static uint8_t gEncrypted;
static char gLabel[PARTITION_LABEL_MAX + 1];

static void wipe(void *data, size_t length)
{
	volatile uint8_t *p = data;
	while (length--)
		*p++ = 0;
}

// Copies string argument `index` into out (1..max characters) or throws a RangeError naming it.
static void stringArg(xsMachine *the, int index, const char *what, char *out, size_t max)
{
	const char *value = xsmcToString(xsArg(index));
	size_t length = strlen(value);
	if ((0 == length) || (length > max))
		xsRangeError("%s \"%.40s\": must be 1..%u characters", what, value, (unsigned)max);
	memcpy(out, value, length + 1);
}

static void requireOpen(xsMachine *the)
{
	if (!gOpen)
		xsUnknownError("factory partition: not initialized (call init(label) first)");
}

static const char *typeName(nvs_type_t type)
{
	switch (type) {
	case NVS_TYPE_U8: return "u8";
	case NVS_TYPE_I8: return "i8";
	case NVS_TYPE_U16: return "u16";
	case NVS_TYPE_I16: return "i16";
	case NVS_TYPE_U32: return "u32";
	case NVS_TYPE_I32: return "i32";
	case NVS_TYPE_U64: return "u64";
	case NVS_TYPE_I64: return "i64";
	case NVS_TYPE_STR: return "string";
	case NVS_TYPE_BLOB: return "blob";
	default: return "unknown type";
	}
}

// Handles a failed typed read. Typed NVS getters report an entry of another type as not found
// (docs/factory-data.md §Namespace and reader rules), so ask NVS whether the key exists at all: if it does, throw a
// TypeError naming both types; if it truly does not, return so the caller answers undefined.
// Any other error throws with the ESP-IDF error name.
static void readFailed(xsMachine *the, const char *key, const char *expected, esp_err_t err)
{
	if ((ESP_ERR_NVS_NOT_FOUND == err) || (ESP_ERR_NVS_TYPE_MISMATCH == err)) {
		nvs_type_t stored;
		if (ESP_OK == nvs_find_key(gFactory, key, &stored))
			xsTypeError("%s key \"%s\": stored as %s, read as %s (type mismatch)", FACTORY_NAMESPACE, key, typeName(stored), expected);
		if (ESP_ERR_NVS_NOT_FOUND == err)
			return;
	}
	xsUnknownError("%s key \"%s\": reading %s failed: %s", FACTORY_NAMESPACE, key, expected, esp_err_to_name(err));
}

// Initializes the partition for NVS, with the XTS keys of the `nvs_keys` partition when the firmware
// is built with NVS encryption (CONFIG_NVS_ENCRYPTION, flash-encryption scheme). The keys are never
// generated here: the factory image was encrypted with the keys flashed next to it.
static esp_err_t initPartition(const char *label, uint8_t *encrypted, const char **step)
{
	*encrypted = 0;
#if CONFIG_NVS_ENCRYPTION
	const esp_partition_t *keys = esp_partition_find_first(ESP_PARTITION_TYPE_DATA, ESP_PARTITION_SUBTYPE_DATA_NVS_KEYS, NULL);
	if (keys) {
		nvs_sec_cfg_t cfg;
		*step = "nvs_flash_read_security_cfg (flash the keys partition generated with the factory image)";
		esp_err_t err = nvs_flash_read_security_cfg(keys, &cfg);
		if (ESP_OK == err) {
			*step = "nvs_flash_secure_init_partition";
			err = nvs_flash_secure_init_partition(label, &cfg);
			*encrypted = (ESP_OK == err);
		}
		wipe(&cfg, sizeof(cfg));
		return err;
	}
#endif
	*step = "nvs_flash_init_partition";
	return nvs_flash_init_partition(label);
}

// init(label): opens `chip-factory` read-only on the partition; returns true when NVS encryption is used.
void xs_factory_nvs_init(xsMachine *the)
{
	char label[PARTITION_LABEL_MAX + 1];
	stringArg(the, 0, "partition", label, PARTITION_LABEL_MAX);
	if (gOpen) {
		if (0 == strcmp(label, gLabel)) {
			xsmcSetBoolean(xsResult, gEncrypted);
			return;
		}
		nvs_close(gFactory);
		gOpen = 0;
	}

	uint8_t encrypted;
	const char *step = "";
	esp_err_t err = initPartition(label, &encrypted, &step);
	if (ESP_OK != err)
		xsUnknownError("partition \"%s\": %s failed: %s", label, step, esp_err_to_name(err));

	err = nvs_open_from_partition(label, FACTORY_NAMESPACE, NVS_READONLY, &gFactory);
	if (ESP_ERR_NVS_NOT_FOUND == err)
		xsUnknownError("partition \"%s\": namespace \"%s\" not found (factory image not flashed at this partition's offset?)", label, FACTORY_NAMESPACE);
	if (ESP_OK != err)
		xsUnknownError("partition \"%s\": opening namespace \"%s\" failed: %s", label, FACTORY_NAMESPACE, esp_err_to_name(err));

	memcpy(gLabel, label, sizeof(gLabel));
	gOpen = 1;
	gEncrypted = encrypted;
	xsmcSetBoolean(xsResult, encrypted);
}

// storedType(key): the NVS type name of the key's entry ("u8", "string", "blob"…), or undefined when
// the key is absent: the getters' TypeError says "type mismatch", this says with which type.
void xs_factory_nvs_stored_type(xsMachine *the)
{
	char key[NVS_KEY_MAX + 1];
	requireOpen(the);
	stringArg(the, 0, "key", key, NVS_KEY_MAX);
	nvs_type_t stored;
	if (ESP_OK == nvs_find_key(gFactory, key, &stored))
		xsmcSetString(xsResult, (char *)typeName(stored));
}

// getU32(key): number, or undefined when the key is absent.
void xs_factory_nvs_get_u32(xsMachine *the)
{
	char key[NVS_KEY_MAX + 1];
	requireOpen(the);
	stringArg(the, 0, "key", key, NVS_KEY_MAX);
	uint32_t value;
	esp_err_t err = nvs_get_u32(gFactory, key, &value);
	if (ESP_OK != err) {
		readFailed(the, key, "u32", err);
		return;
	}
	xsmcSetNumber(xsResult, (xsNumberValue)value); // a number, so values >= 2^31 stay positive
}

// getString(key): string, or undefined when the key is absent.
void xs_factory_nvs_get_string(xsMachine *the)
{
	char key[NVS_KEY_MAX + 1];
	requireOpen(the);
	stringArg(the, 0, "key", key, NVS_KEY_MAX);
	size_t length = 0;
	esp_err_t err = nvs_get_str(gFactory, key, NULL, &length);
	if (ESP_OK != err) {
		readFailed(the, key, "string", err);
		return;
	}
	char *value = malloc(length ? length : 1);
	if (!value)
		xsUnknownError("%s key \"%s\": no memory for a %u-byte string", FACTORY_NAMESPACE, key, (unsigned)length);
	value[0] = 0;
	err = length ? nvs_get_str(gFactory, key, value, &length) : ESP_OK;
	if (ESP_OK != err) {
		free(value);
		xsUnknownError("%s key \"%s\": reading string failed: %s", FACTORY_NAMESPACE, key, esp_err_to_name(err));
	}
	xsTry {
		xsmcSetString(xsResult, value);
	}
	xsCatch {
		free(value);
		xsThrow(xsException);
	}
	free(value);
}

// getBlob(key): ArrayBuffer, or undefined when the key is absent.
void xs_factory_nvs_get_blob(xsMachine *the)
{
	char key[NVS_KEY_MAX + 1];
	requireOpen(the);
	stringArg(the, 0, "key", key, NVS_KEY_MAX);
	size_t length = 0;
	esp_err_t err = nvs_get_blob(gFactory, key, NULL, &length);
	if (ESP_OK != err) {
		readFailed(the, key, "blob", err);
		return;
	}
	xsmcSetArrayBuffer(xsResult, NULL, (xsIntegerValue)length); // allocate first: the data pointer is taken after
	if (length) {
		err = nvs_get_blob(gFactory, key, xsmcToArrayBuffer(xsResult), &length);
		if (ESP_OK != err)
			xsUnknownError("%s key \"%s\": reading blob failed: %s", FACTORY_NAMESPACE, key, esp_err_to_name(err));
	}
}

// ECDSA P-256 with SHA-256 over message using a raw private scalar, through the PSA Crypto API
// (ESP-IDF v6.0 ships Mbed TLS 4, which removed the legacy mbedtls_ecdsa_* functions). The
// signature is r || s, the form Matter's attestation and CSR responses carry.
static psa_status_t signP256(const uint8_t key[DAC_KEY_LENGTH], const uint8_t *message, size_t length,
	uint8_t signature[P256_SIGNATURE_LENGTH], size_t *signatureLength)
{
	psa_key_id_t id = 0;
	psa_status_t status = mf_p256_import_signing_key(key, &id);
	if (PSA_SUCCESS != status)
		return status;
	status = psa_sign_message(id, PSA_ALG_ECDSA(PSA_ALG_SHA_256), message, length,
		signature, P256_SIGNATURE_LENGTH, signatureLength);
	psa_destroy_key(id);
	return status;
}

// signWithDacKey(message): 64-byte ArrayBuffer r || s; the key is read from `dac-key` and wiped.
void xs_factory_nvs_sign_with_dac_key(xsMachine *the)
{
	requireOpen(the);
	void *message;
	xsUnsignedValue messageLength;
	xsmcGetBufferReadable(xsArg(0), &message, &messageLength); // no XS allocation until the signature is made

	uint8_t key[DAC_KEY_LENGTH];
	size_t keyLength = sizeof(key);
	esp_err_t err = nvs_get_blob(gFactory, DAC_KEY_NAME, key, &keyLength);
	if (ESP_OK != err)
		wipe(key, sizeof(key));
	if (ESP_ERR_NVS_INVALID_LENGTH == err)
		xsRangeError("%s key \"%s\": blob is longer than %u bytes (must be a raw P-256 scalar)", FACTORY_NAMESPACE, DAC_KEY_NAME, (unsigned)DAC_KEY_LENGTH);
	if (ESP_OK != err) {
		readFailed(the, DAC_KEY_NAME, "blob", err);
		xsUnknownError("%s key \"%s\": not found", FACTORY_NAMESPACE, DAC_KEY_NAME);
	}
	if (DAC_KEY_LENGTH != keyLength) {
		wipe(key, sizeof(key));
		xsRangeError("%s key \"%s\": blob is %u bytes, must be %u (raw P-256 scalar)", FACTORY_NAMESPACE, DAC_KEY_NAME, (unsigned)keyLength, (unsigned)DAC_KEY_LENGTH);
	}

	uint8_t signature[P256_SIGNATURE_LENGTH];
	size_t signatureLength = 0;
	psa_status_t status = signP256(key, message, messageLength, signature, &signatureLength);
	wipe(key, sizeof(key));
	if ((PSA_SUCCESS != status) || (P256_SIGNATURE_LENGTH != signatureLength))
		xsUnknownError("%s key \"%s\": ECDSA P-256 signing failed: PSA status %d", FACTORY_NAMESPACE, DAC_KEY_NAME, (int)status);
	xsmcSetArrayBuffer(xsResult, signature, P256_SIGNATURE_LENGTH);
}
