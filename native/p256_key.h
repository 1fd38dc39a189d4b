// Importing a raw P-256 private scalar into PSA Crypto as an ECDSA/SHA-256 signing key: the one
// step native/factory_nvs.c (`dac-key` from NVS) and native/secure_cert.c (esp_secure_cert's key)
// share. PSA Crypto API 1.1 §9.6 (psa_import_key), §10.7 (PSA_ALG_ECDSA).
#ifndef MF_P256_KEY_H
#define MF_P256_KEY_H

#include <stdint.h>

#include "psa/crypto.h"

#define MF_P256_SCALAR_LENGTH 32 // big-endian d, SEC 1 §2.3.6
#define MF_P256_SIGNATURE_LENGTH 64 // r || s, 32 bytes each: the form Matter attestation carries

// psa_crypto_init, then a volatile key usable only for psa_sign_message with ECDSA(SHA-256).
// The caller destroys *id (psa_destroy_key) when it is done.
psa_status_t mf_p256_import_signing_key(const uint8_t d[MF_P256_SCALAR_LENGTH], psa_key_id_t *id);

#endif
