/*
 * fuzz_jsonw.c — the response writer (src/util/jsonw.c), which must never
 * produce what a client cannot parse. The first byte picks a mode:
 *
 * even: the rest is a program of writer calls (begin, end, key, string of
 *       arbitrary bytes, number, ...). Whatever the calls, either the
 *       writer fails or its output is one JSON value jansson parses, within
 *       the size limit, with no raw < > & U+2028 U+2029.
 * odd:  the rest is JSON text. When jansson parses it, writing it back
 *       through http_json_value (as audit details are) gives the same value.
 *
 * A broken promise aborts, which the fuzzer and the corpus replay report.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "server/http.h"
#include "util/jsonw.h"
#include "util/mem.h"

#define OUT_MAX 4096

/* The output's promises, whatever produced it. */
static void check_output(const char *out, size_t len, const json_t *want)
{
	json_error_t err;
	json_t *got;

	if (len > OUT_MAX || strlen(out) != len || strpbrk(out, "<>&") != NULL ||
	    memmem(out, len, "\xE2\x80\xA8", 3) != NULL ||
	    memmem(out, len, "\xE2\x80\xA9", 3) != NULL)
		abort();
	got = json_loadb(out, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (got == NULL || (want != NULL && !json_equal(got, want)))
		abort();
	json_decref(got);
}

/* Up to 15 bytes of input as a string; they may be anything. */
static size_t take(const uint8_t *data, size_t size, size_t *i, const char **s)
{
	size_t n;

	if (*i >= size)
		return 0;
	n = data[(*i)++] % 16;
	if (n > size - *i)
		n = size - *i;
	*s = (const char *)data + *i;
	*i += n;
	return n;
}

static void run_program(const uint8_t *data, size_t size)
{
	tunas_jsonw w;
	char *out = NULL, key[16];
	size_t i = 0, len = 0, n;
	const char *s = NULL;
	int64_t v;
	double d;

	tunas_jsonw_init(&w, OUT_MAX);
	while (i < size) {
		switch (data[i++] % 12) {
		case 0:
			tunas_jsonw_obj_begin(&w);
			break;
		case 1:
			tunas_jsonw_obj_end(&w);
			break;
		case 2:
			tunas_jsonw_arr_begin(&w);
			break;
		case 3:
			tunas_jsonw_arr_end(&w);
			break;
		case 4: /* a key is a C string: no NUL inside */
			n = take(data, size, &i, &s);
			memcpy(key, s ? s : "", n);
			key[n] = '\0';
			tunas_jsonw_key(&w, key);
			break;
		case 5:
			n = take(data, size, &i, &s);
			tunas_jsonw_strn(&w, s ? s : "", n);
			break;
		case 6:
			v = 0;
			n = size - i < sizeof(v) ? size - i : sizeof(v);
			memcpy(&v, data + i, n);
			i += n;
			tunas_jsonw_int(&w, v);
			break;
		case 7: /* any bits: NaN and infinities must fail cleanly */
			d = 0;
			n = size - i < sizeof(d) ? size - i : sizeof(d);
			memcpy(&d, data + i, n);
			i += n;
			tunas_jsonw_double(&w, d);
			break;
		case 8:
			tunas_jsonw_bool(&w, i % 2);
			break;
		case 9:
			tunas_jsonw_null(&w);
			break;
		case 10:
			tunas_jsonw_str(&w, NULL);
			break;
		case 11:
			tunas_jsonw_kobj(&w, "k");
			break;
		}
	}
	if (tunas_jsonw_finish(&w, &out, &len) == 0) {
		check_output(out, len, NULL);
		tunas_free(out);
	}
}

static void run_value(const uint8_t *data, size_t size)
{
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	tunas_jsonw w;
	char *out = NULL;
	size_t len = 0;

	if (in == NULL)
		return;
	tunas_jsonw_init(&w, OUT_MAX);
	http_json_value(&w, in);
	/* Too deep or too large are the only ways to fail. */
	if (tunas_jsonw_finish(&w, &out, &len) == 0) {
		check_output(out, len, in);
		tunas_free(out);
	}
	json_decref(in);
}

int fuzz_jsonw(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 2 == 0)
		run_program(data + 1, size - 1);
	else
		run_value(data + 1, size - 1);
	return 0;
}
