/*
 * fuzz_vc.c — an untrusted credential as a verifier takes it: parsed with
 * tunas_vc_parse(), canonicalised (the canonical form must parse back to
 * the same canonical bytes), every proof verified, and a status list or
 * did:key found in it decoded.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "util/jcs.h"
#include "util/mem.h"
#include "vc.h"

/* JCS output is a fixed point: canonicalising it again changes nothing. */
static void check_canonical(const json_t *doc)
{
	char *canon = NULL, *again = NULL;
	size_t len = 0, len2 = 0;
	json_t *back;

	if (tunas_jcs_encode(&canon, &len, doc) != 0)
		return;
	back = json_loadb(canon, len, JSON_DECODE_INT_AS_REAL, NULL);
	if (back == NULL || tunas_jcs_encode(&again, &len2, back) != 0 || len2 != len ||
	    memcmp(canon, again, len) != 0)
		abort();
	json_decref(back);
	tunas_free(again);
	tunas_free(canon);
}

int fuzz_vc(const uint8_t *data, size_t size)
{
	unsigned char pk[TUNAS_VC_PUBLIC_BYTES], *bits = NULL;
	const char *s;
	json_t *doc = NULL;
	char why[256];
	size_t nbits = 0;

	if (tunas_vc_parse(&doc, (const char *)data, size, why, sizeof(why)) != 0)
		return 0;
	check_canonical(doc);
	tunas_vc_verify(doc, NULL, 0, why, sizeof(why));
	tunas_vc_verify(doc, NULL, TUNAS_VC_ANY_SIGNER, why, sizeof(why));
	s = json_string_value(
		json_object_get(json_object_get(doc, "credentialSubject"), "encodedList"));
	if (s != NULL &&
	    tunas_statuslist_decode(&bits, &nbits, s, 4 * TUNAS_STATUSLIST_MIN_BITS) == 0)
		tunas_free(bits);
	s = json_string_value(json_object_get(doc, "issuer"));
	if (s != NULL)
		tunas_vc_did_key_public(pk, s);
	json_decref(doc);
	return 0;
}
