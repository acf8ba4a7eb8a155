/*
 * fuzz_json.c — what the server does to a request body before a handler
 * sees it: the nesting-depth check, then jansson's parser with duplicate
 * keys refused.
 */
#include <jansson.h>

#include "fuzz.h"
#include "server/http.h"

int fuzz_json(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *v;

	if (!http_json_depth_ok((const char *)data, size, TUNAS_JSON_DEPTH_MAX))
		return 0;
	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	json_decref(v);
	return 0;
}
