// Shim: PSA Crypto API subset (Mbed TLS 4 / TF-PSA-Crypto in ESP-IDF v6.0; declarations and macros only).
#ifndef MF_SHIM_PSA_CRYPTO_H
#define MF_SHIM_PSA_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t psa_status_t;
typedef uint32_t psa_key_id_t;
typedef uint16_t psa_key_type_t;
typedef uint8_t psa_ecc_family_t;
typedef uint32_t psa_algorithm_t;
typedef uint32_t psa_key_usage_t;
typedef size_t psa_key_bits_t;

typedef struct { uint32_t opaque[8]; } psa_key_attributes_t;
#define PSA_KEY_ATTRIBUTES_INIT { { 0 } }

#define PSA_SUCCESS ((psa_status_t)0)
#define PSA_ECC_FAMILY_SECP_R1 ((psa_ecc_family_t)0x12)
#define PSA_KEY_TYPE_ECC_KEY_PAIR(_CURVE) ((psa_key_type_t)(0x7100 | (_CURVE)))
#define PSA_KEY_USAGE_SIGN_MESSAGE ((psa_key_usage_t)0x00000400)
#define PSA_ALG_SHA_256 ((psa_algorithm_t)0x02000009)
#define PSA_ALG_ECDSA(_HASH) ((psa_algorithm_t)(0x06000600 | ((_HASH) & 0xff)))

psa_status_t psa_crypto_init(void);
void psa_set_key_type(psa_key_attributes_t *attributes, psa_key_type_t type);
void psa_set_key_bits(psa_key_attributes_t *attributes, size_t bits);
void psa_set_key_usage_flags(psa_key_attributes_t *attributes, psa_key_usage_t usage);
void psa_set_key_algorithm(psa_key_attributes_t *attributes, psa_algorithm_t algorithm);
void psa_reset_key_attributes(psa_key_attributes_t *attributes);
psa_status_t psa_import_key(const psa_key_attributes_t *attributes, const uint8_t *data, size_t length, psa_key_id_t *key);
// Hashes input with the algorithm's hash, signs; for ECDSA the output is r || s.
psa_status_t psa_sign_message(psa_key_id_t key, psa_algorithm_t alg, const uint8_t *input, size_t input_length,
	uint8_t *signature, size_t signature_size, size_t *signature_length);
psa_status_t psa_destroy_key(psa_key_id_t key);

#endif
