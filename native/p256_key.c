// See native/p256_key.h.
#include "p256_key.h"

psa_status_t mf_p256_import_signing_key(const uint8_t d[MF_P256_SCALAR_LENGTH], psa_key_id_t *id)
{
	psa_status_t status = psa_crypto_init();
	if (PSA_SUCCESS != status)
		return status;
	psa_key_attributes_t attributes = PSA_KEY_ATTRIBUTES_INIT;
	psa_set_key_type(&attributes, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
	psa_set_key_bits(&attributes, 256);
	psa_set_key_usage_flags(&attributes, PSA_KEY_USAGE_SIGN_MESSAGE);
	psa_set_key_algorithm(&attributes, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
	status = psa_import_key(&attributes, d, MF_P256_SCALAR_LENGTH, id);
	psa_reset_key_attributes(&attributes);
	return status;
}
