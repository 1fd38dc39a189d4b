// Native access to the module's `esp_secure_cert` partition, bound to JS by native/secure_cert.ts.
//
// DAC, PAI and the DAC key of a pre-provisioned module through esp_secure_cert_mgr's public API
// (include/esp_secure_cert_read.h, include/esp_secure_cert_tlv_read.h), the way connectedhomeip's
// ESP32SecureCertDACProvider reads them; signing with PSA Crypto. The private key never reaches JS:
// in the plaintext mode it is read from the partition, in the HMAC-derived mode esp_secure_cert_mgr
// derives it with the HMAC peripheral from the eFuse HMAC_UP key and the salt entry
// (docs/secure-cert-device.md). Every failure throws one line that starts with a stable id
// ("secure-cert.<what>: ..."), and `failure()` answers that id, so JS never parses the message.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "xsmc.h"
#include "xsHost.h"

#include "sdkconfig.h" // CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL
#if CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL
#error "native/secure_cert.c needs CONFIG_ESP_SECURE_CERT_DS_PERIPHERAL=n (sdkconfig.defaults): esp_secure_cert_get_priv_key exists only then"
#endif
#include "esp_err.h"
#include "esp_efuse.h"
#include "esp_partition.h"
#include "esp_secure_cert_read.h"
#include "esp_secure_cert_tlv_read.h"
#include "psa/crypto.h"

#include "p256_key.h"

// esp_secure_cert_mgr private_include/esp_secure_cert_tlv_private.h: partition type and name.
#define SECURE_CERT_PARTITION_TYPE 0x3F
#define SECURE_CERT_PARTITION_NAME "esp_secure_cert"
// The 121-byte SEC1 ECPrivateKey of a P-256 key (RFC 5915 with curve OID and public key), the layout
// esp_secure_cert_mgr returns for both key modes (ESP_SECURE_CERT_ECDSA_DER_KEY_SIZE):
//   30 77 02 01 01 04 20 <d:32> A0 0A 06 08 2A 86 48 CE 3D 03 01 07 A1 44 03 42 00 <04 X Y:65>
#define SEC1_KEY_LENGTH 121
#define SEC1_SCALAR_OFFSET 7
#define SEC1_MIDDLE_OFFSET 39
#define SEC1_POINT_OFFSET 56
#define P256_SCALAR_LENGTH MF_P256_SCALAR_LENGTH
#define P256_POINT_LENGTH 65
#define P256_SIGNATURE_LENGTH MF_P256_SIGNATURE_LENGTH
// connectedhomeip src/credentials/CHIPCert.h kMaxDERCertLength: the DAC provider's buffer.
#define DER_CERT_MAX 600

static const uint8_t kSec1Prefix[SEC1_SCALAR_OFFSET] = { 0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20 };
static const uint8_t kSec1Middle[SEC1_POINT_OFFSET - SEC1_MIDDLE_OFFSET] = {
	0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0xA1, 0x44, 0x03, 0x42, 0x00
};

static void wipe(void *data, size_t length)
{
	volatile uint8_t *p = data;
	while (length--)
		*p++ = 0;
}

// The stable id of the failure being thrown; cleared when a binding starts (requirePartition).
static const char *gFailure;

typedef struct {
	const char *id;
	const char *text;
} Failure;

// Throws "<id>: <text>" and records id for failure().
static void fail(xsMachine *the, const char *id, const char *format, ...) XS_FUNCTION_NORETURN;
static void fail(xsMachine *the, const char *id, const char *format, ...)
{
	char text[192];
	va_list args;
	va_start(args, format);
	vsnprintf(text, sizeof(text), format, args);
	va_end(args);
	gFailure = id;
	xsUnknownError("%s: %s", id, text);
}

static esp_err_t findEntry(esp_secure_cert_tlv_type_t type, esp_secure_cert_tlv_info_t *info)
{
	esp_secure_cert_tlv_config_t config = { .type = type, .subtype = ESP_SECURE_CERT_SUBTYPE_0 };
	return esp_secure_cert_get_tlv_info(&config, info);
}

// The partition is in the table and holds at least one TLV entry; throws otherwise.
static void requirePartition(xsMachine *the)
{
	gFailure = NULL;
	const esp_partition_t *partition = esp_partition_find_first(SECURE_CERT_PARTITION_TYPE, ESP_PARTITION_SUBTYPE_ANY, SECURE_CERT_PARTITION_NAME);
	if (!partition)
		fail(the, "secure-cert.partition-missing", "no partition \"%s\" (type 0x%02X) in the partition table", SECURE_CERT_PARTITION_NAME, SECURE_CERT_PARTITION_TYPE);
	esp_secure_cert_tlv_info_t end;
	esp_err_t err = findEntry(ESP_SECURE_CERT_TLV_END, &end);
	if ((ESP_OK != err) || (0 == end.length))
		fail(the, "secure-cert.no-entries", "partition \"%s\" at 0x%X holds no TLV entry (erased, or not an esp_secure_cert image)", SECURE_CERT_PARTITION_NAME, (unsigned)partition->address);
}

// open(): checks the partition and the key entry; returns "plaintext" or "hmac-derived".
void xs_secure_cert_open(xsMachine *the)
{
	requirePartition(the);
	esp_secure_cert_key_type_t type = ESP_SECURE_CERT_INVALID_KEY;
	if (ESP_OK != esp_secure_cert_get_priv_key_type(&type))
		fail(the, "secure-cert.key-missing", "PRIV_KEY entry (type 2, subtype 0) not found or its CRC does not match");
	switch (type) {
	case ESP_SECURE_CERT_DEFAULT_FORMAT_KEY:
		xsmcSetString(xsResult, "plaintext");
		return;
	case ESP_SECURE_CERT_HMAC_DERIVED_ECDSA_KEY: {
		// esp_secure_cert_gen_ecdsa_key resets the chip (ESP_FAULT_ASSERT) when the salt is missing: check first.
		esp_secure_cert_tlv_info_t salt;
		if ((ESP_OK != findEntry(ESP_SECURE_CERT_HMAC_ECDSA_KEY_SALT, &salt)) || (0 == salt.length))
			fail(the, "secure-cert.salt-missing", "HMAC-derived key without its salt (HMAC_ECDSA_KEY_SALT entry, type 5, subtype 0)");
		if (!esp_efuse_find_purpose(ESP_EFUSE_KEY_PURPOSE_HMAC_UP, NULL))
			fail(the, "secure-cert.efuse-key-missing", "HMAC-derived key, but no eFuse key block has purpose HMAC_UP");
		xsmcSetString(xsResult, "hmac-derived");
		return;
	}
	case ESP_SECURE_CERT_HMAC_ENCRYPTED_KEY:
		fail(the, "secure-cert.key-unsupported", "HMAC-encrypted PRIV_KEY (flags 0x80): not supported (docs/secure-cert-device.md)");
	case ESP_SECURE_CERT_ECDSA_PERIPHERAL_KEY:
		fail(the, "secure-cert.key-unsupported", "ECDSA-peripheral PRIV_KEY (flags 0x08): the ESP32-C3 has no ECDSA peripheral");
	default:
		fail(the, "secure-cert.key-unsupported", "PRIV_KEY of unknown type %d", (int)type);
	}
}

static void certificate(xsMachine *the, esp_err_t err, const char *buffer, uint32_t length, const char *missingId, const char *tooLongId, const char *what)
{
	if ((ESP_OK != err) || (0 == length))
		fail(the, missingId, "%s not found or its CRC does not match", what);
	if (length > DER_CERT_MAX)
		fail(the, tooLongId, "%s is %u bytes, longer than the provider's %u-byte buffer", what, (unsigned)length, (unsigned)DER_CERT_MAX);
	xsmcSetArrayBuffer(xsResult, (void *)buffer, length); // a copy: the entry stays in mapped flash
}

// deviceCert(): the DAC (DEV_CERT, type 1, subtype 0) as stored (DER).
void xs_secure_cert_get_device_cert(xsMachine *the)
{
	requirePartition(the);
	char *buffer = NULL;
	uint32_t length = 0;
	esp_err_t err = esp_secure_cert_get_device_cert(&buffer, &length);
	certificate(the, err, buffer, length, "secure-cert.dac-missing", "secure-cert.dac-too-long", "DEV_CERT entry (type 1, subtype 0)");
	esp_secure_cert_free_device_cert(buffer);
}

// caCert(): the PAI (CA_CERT, type 0, subtype 0) as stored (DER).
void xs_secure_cert_get_ca_cert(xsMachine *the)
{
	requirePartition(the);
	char *buffer = NULL;
	uint32_t length = 0;
	esp_err_t err = esp_secure_cert_get_ca_cert(&buffer, &length);
	certificate(the, err, buffer, length, "secure-cert.pai-missing", "secure-cert.pai-too-long", "CA_CERT entry (type 0, subtype 0)");
	esp_secure_cert_free_ca_cert(buffer);
}

// The DAC key as esp_secure_cert_mgr hands it out (esp_secure_cert_get_priv_key, as connectedhomeip's
// provider reads it; derived with the HMAC peripheral in that mode): copies d and the public point out
// of the SEC1 DER and releases the library's buffer, wiped first when it was allocated for a derived
// key rather than mapped from flash. Returns NULL or the failure.
static const Failure kKeyMissing = { "secure-cert.key-missing", "PRIV_KEY entry (type 2, subtype 0) not found or its CRC does not match" };
static const Failure kKeyUnsupported = { "secure-cert.key-unsupported", "PRIV_KEY is neither a plaintext nor an HMAC-derived key" };
static const Failure kKeyDerivation = { "secure-cert.key-derivation", "deriving the key with the HMAC peripheral failed" };
static const Failure kKeyUnreadable = { "secure-cert.key-missing", "PRIV_KEY entry unreadable" };
static const Failure kKeyFormat = { "secure-cert.key-format", "PRIV_KEY is not a 121-byte SEC1 DER P-256 key (a PEM or PKCS#8 key cannot be used)" };

static const Failure *loadKey(uint8_t d[P256_SCALAR_LENGTH], uint8_t point[P256_POINT_LENGTH])
{
	esp_secure_cert_key_type_t type = ESP_SECURE_CERT_INVALID_KEY;
	if (ESP_OK != esp_secure_cert_get_priv_key_type(&type))
		return &kKeyMissing;
	if ((ESP_SECURE_CERT_DEFAULT_FORMAT_KEY != type) && (ESP_SECURE_CERT_HMAC_DERIVED_ECDSA_KEY != type))
		return &kKeyUnsupported;
	char *buffer = NULL;
	uint32_t length = 0;
	if (ESP_OK != esp_secure_cert_get_priv_key(&buffer, &length))
		return (ESP_SECURE_CERT_HMAC_DERIVED_ECDSA_KEY == type) ? &kKeyDerivation : &kKeyUnreadable;
	const uint8_t *der = (const uint8_t *)buffer;
	const Failure *error = NULL;
	if ((SEC1_KEY_LENGTH != length) || memcmp(der, kSec1Prefix, sizeof(kSec1Prefix)) ||
		memcmp(der + SEC1_MIDDLE_OFFSET, kSec1Middle, sizeof(kSec1Middle)) || (0x04 != der[SEC1_POINT_OFFSET]))
		error = &kKeyFormat;
	else {
		memcpy(d, der + SEC1_SCALAR_OFFSET, P256_SCALAR_LENGTH);
		memcpy(point, der + SEC1_POINT_OFFSET, P256_POINT_LENGTH);
	}
	if (ESP_SECURE_CERT_HMAC_DERIVED_ECDSA_KEY == type)
		wipe(buffer, length);
	esp_secure_cert_free_priv_key(buffer);
	return error;
}

// Loads the key into PSA and checks that the stored public point is the scalar's; throws otherwise.
static psa_key_id_t openKey(xsMachine *the, uint8_t point[P256_POINT_LENGTH])
{
	uint8_t d[P256_SCALAR_LENGTH];
	const Failure *error = loadKey(d, point);
	if (error) {
		wipe(d, sizeof(d));
		fail(the, error->id, "%s", error->text);
	}
	psa_key_id_t id = 0;
	psa_status_t status = mf_p256_import_signing_key(d, &id);
	wipe(d, sizeof(d));
	if (PSA_SUCCESS != status)
		fail(the, "secure-cert.key-invalid", "PSA refused the private scalar (status %d)", (int)status);
	uint8_t computed[P256_POINT_LENGTH];
	size_t length = 0;
	status = psa_export_public_key(id, computed, sizeof(computed), &length);
	if ((PSA_SUCCESS != status) || (P256_POINT_LENGTH != length) || memcmp(computed, point, P256_POINT_LENGTH)) {
		psa_destroy_key(id);
		fail(the, "secure-cert.key-format", "the public key stored with PRIV_KEY is not the private scalar's");
	}
	return id;
}

// publicKey(): the DAC key's public point, 65 bytes (04 || X || Y).
void xs_secure_cert_public_key(xsMachine *the)
{
	requirePartition(the);
	uint8_t point[P256_POINT_LENGTH];
	psa_destroy_key(openKey(the, point));
	xsmcSetArrayBuffer(xsResult, point, P256_POINT_LENGTH);
}

// sign(message): ECDSA P-256 / SHA-256 with the DAC key, 64 bytes r || s.
void xs_secure_cert_sign(xsMachine *the)
{
	requirePartition(the);
	uint8_t point[P256_POINT_LENGTH];
	psa_key_id_t id = openKey(the, point);
	void *message;
	xsUnsignedValue messageLength;
	xsmcGetBufferReadable(xsArg(0), &message, &messageLength); // no XS allocation until the signature is made
	uint8_t signature[P256_SIGNATURE_LENGTH];
	size_t signatureLength = 0;
	psa_status_t status = psa_sign_message(id, PSA_ALG_ECDSA(PSA_ALG_SHA_256), message, messageLength,
		signature, sizeof(signature), &signatureLength);
	psa_destroy_key(id);
	if ((PSA_SUCCESS != status) || (P256_SIGNATURE_LENGTH != signatureLength))
		fail(the, "secure-cert.sign-failed", "ECDSA P-256 signing failed: PSA status %d", (int)status);
	xsmcSetArrayBuffer(xsResult, signature, P256_SIGNATURE_LENGTH);
}

// failure(): the stable id of the error the last call threw ("secure-cert.key-missing"…), or undefined.
void xs_secure_cert_failure(xsMachine *the)
{
	if (gFailure)
		xsmcSetString(xsResult, (char *)gFailure);
}
