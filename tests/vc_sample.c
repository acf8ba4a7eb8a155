/*
 * vc_sample.c — print a signed sample certificate: the AchievementCredential
 * template given as argv[1], issued and signed by a fixed test key. The
 * vc-schema test validates the output against the Open Badges 3.0 JSON
 * Schema (tests/vc_schema.py).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "tunas/tunas.h"
#include "vc.h"

int main(int argc, char **argv)
{
	unsigned char seed[TUNAS_VC_SEED_BYTES] = {0x74, 0x75, 0x6e, 0x61, 0x73};
	char why[200] = "";
	json_error_t err;
	tunas_vc_key key;
	json_t *doc;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: vc_sample TEMPLATE.json\n");
		return 2;
	}
	if (tunas_global_init() != 0 || tunas_vc_key_from_seed(&key, seed) != 0)
		return 1;
	doc = json_load_file(argv[1], JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
	if (doc == NULL) {
		fprintf(stderr, "vc_sample: %s: %s\n", argv[1], err.text);
		goto out;
	}
	if (json_object_set_new(json_object_get(doc, "issuer"), "id", json_string(key.did)) != 0 ||
	    tunas_vc_sign(doc, &key, "2025-03-01T08:30:00Z") != 0 ||
	    tunas_vc_verify(doc, NULL, 0, why, sizeof(why)) != 0) {
		fprintf(stderr, "vc_sample: cannot sign the sample: %s\n", why);
		goto out;
	}
	if (json_dumpf(doc, stdout, JSON_INDENT(2)) != 0)
		goto out;
	putchar('\n');
	rc = 0;
out:
	json_decref(doc);
	tunas_vc_key_dispose(&key);
	return rc;
}
