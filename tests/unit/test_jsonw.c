/*
 * test_jsonw.c — the JSON writer every response goes through: escaping of
 * each class of character, invalid UTF-8, commas and nesting, the depth
 * and size limits, sticky errors, out of memory, and a round trip through
 * jansson's parser.
 */
#include <check.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/tunas.h"
#include "util/jsonw.h"
#include "util/mem.h"

#define FFFD "\xEF\xBF\xBD"

/* The output of a finished writer; the test owns it. */
static char *finish_ok(tunas_jsonw *w, size_t *len)
{
	char *out = NULL;
	size_t n = 0;

	ck_assert_int_eq(tunas_jsonw_finish(w, &out, &n), 0);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(strlen(out), n);
	if (len != NULL)
		*len = n;
	return out;
}

/* One string value of n bytes, as the writer encodes it. */
static char *encode(const char *s, size_t n)
{
	tunas_jsonw w;

	tunas_jsonw_init(&w, 1 << 20);
	ck_assert_int_eq(tunas_jsonw_strn(&w, s, n), 0);
	return finish_ok(&w, NULL);
}

static void encodes_as(const char *s, size_t n, const char *want)
{
	char *got = encode(s, n);

	ck_assert_msg(strcmp(got, want) == 0, "encoded %s, want %s", got, want);
	tunas_free(got);
}

#define ENCODES_AS(lit, want) encodes_as((lit), sizeof(lit) - 1, (want))

START_TEST(escapes_every_class)
{
	/* Plain text and valid UTF-8 are copied as they are. */
	ENCODES_AS("", "\"\"");
	ENCODES_AS("Siti Nurhaliza binti Tarudin", "\"Siti Nurhaliza binti Tarudin\"");
	ENCODES_AS("/ ' ` = ~ \x7f", "\"/ ' ` = ~ \x7f\"");
	ENCODES_AS("Zoë 中文 😀", "\"Zoë 中文 😀\"");
	ENCODES_AS("\xF4\x8F\xBF\xBF", "\"\xF4\x8F\xBF\xBF\""); /* U+10FFFF */
	/* RFC 8259's two, and the short forms of controls. */
	ENCODES_AS("\"", "\"\\\"\"");
	ENCODES_AS("\\", "\"\\\\\"");
	ENCODES_AS("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	/* Every other control character as \u00XX, NUL included. */
	for (unsigned c = 0; c < 0x20; c++) {
		char in[1] = {(char)c}, want[16];

		if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
			continue;
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		encodes_as(in, 1, want);
	}
	/* HTML's specials, so a body can never be sniffed as markup. */
	ENCODES_AS("<script>&amp;</script>",
		   "\"\\u003cscript\\u003e\\u0026amp;\\u003c/script\\u003e\"");
	/* JavaScript's line terminators. */
	ENCODES_AS("a\xE2\x80\xA8"
		   "b\xE2\x80\xA9"
		   "c",
		   "\"a\\u2028b\\u2029c\"");
	/* Their neighbours are not special. */
	ENCODES_AS("\xE2\x80\xA7\xE2\x80\xAA", "\"\xE2\x80\xA7\xE2\x80\xAA\"");
	/* Escapes between runs of plain text keep the runs whole. */
	ENCODES_AS("ab\"cd<ef\nö", "\"ab\\\"cd\\u003cef\\nö\"");
}
END_TEST

START_TEST(invalid_utf8_becomes_replacement_characters)
{
	ENCODES_AS("\xff", "\"" FFFD "\"");
	ENCODES_AS("a\x80z", "\"a" FFFD "z\"");			       /* stray continuation */
	ENCODES_AS("\xC0\xAF", "\"" FFFD FFFD "\"");		       /* overlong '/' */
	ENCODES_AS("\xC1\xBF", "\"" FFFD FFFD "\"");		       /* overlong */
	ENCODES_AS("\xE0\x80\xAF", "\"" FFFD FFFD FFFD "\"");	       /* overlong, 3 bytes */
	ENCODES_AS("\xF0\x80\x80\xAF", "\"" FFFD FFFD FFFD FFFD "\""); /* overlong, 4 bytes */
	ENCODES_AS("\xED\xA0\x80", "\"" FFFD FFFD FFFD "\"");	       /* a surrogate */
	ENCODES_AS("\xF4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\""); /* past U+10FFFF */
	ENCODES_AS("\xF5\xF8\xFE", "\"" FFFD FFFD FFFD "\"");
	ENCODES_AS("x\xE2\x82", "\"x" FFFD FFFD "\""); /* cut off at the end */
	ENCODES_AS("\xE2\x82"
		   "A",
		   "\"" FFFD FFFD "A\""); /* cut off by ASCII */
	ENCODES_AS("\xC3"
		   "\xC3\xA9",
		   "\"" FFFD "é\""); /* a lone lead, then é */
	ENCODES_AS("\xE2\x80\xA8\xE2\x80", "\"\\u2028" FFFD FFFD "\"");
}
END_TEST

/* jansson's parser is the oracle: it refuses invalid UTF-8. For every
 * sequence tried, the output parses; a valid input comes back unchanged and
 * an invalid one holds U+FFFD. */
static void check_against_jansson(const unsigned char *s, size_t n)
{
	json_t *ref = json_stringn((const char *)s, n), *back;
	json_error_t err;
	tunas_jsonw w;
	char *out = NULL;
	size_t len = 0;

	/* Plain ifs: a ck_assert per call would cost a write to Check's pipe
	 * for each of several hundred thousand strings. */
	tunas_jsonw_init(&w, 1024);
	tunas_jsonw_strn(&w, (const char *)s, n);
	if (tunas_jsonw_finish(&w, &out, &len) != 0)
		ck_abort_msg("writer failed");
	back = json_loadb(out, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (back == NULL || !json_is_string(back))
		ck_abort_msg("unparseable output %s: %s", out, err.text);
	if (ref != NULL && !json_equal(ref, back))
		ck_abort_msg("changed a valid string: %s", out);
	if (ref == NULL && !memmem(json_string_value(back), json_string_length(back), FFFD, 3))
		ck_abort_msg("no U+FFFD in %s", out);
	json_decref(ref);
	json_decref(back);
	tunas_free(out);
}

START_TEST(utf8_agrees_with_jansson)
{
	static const unsigned char edges[] = {0x00, 0x22, 0x3c, 0x41, 0x5c, 0x7f, 0x80, 0x8f,
					      0x90, 0x9f, 0xa0, 0xa8, 0xa9, 0xbf, 0xc0, 0xc2,
					      0xdf, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff};
	unsigned char s[4];

	/* Every one- and two-byte string. */
	for (unsigned a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		check_against_jansson(s, 1);
		for (unsigned b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			check_against_jansson(s, 2);
		}
	}
	/* Three and four bytes: every lead byte from 0xC0, with the
	 * boundaries of the continuation ranges after it. */
	for (unsigned a = 0xC0; a < 256; a++)
		for (size_t i = 0; i < sizeof(edges); i++)
			for (size_t j = 0; j < sizeof(edges); j++) {
				s[0] = (unsigned char)a;
				s[1] = edges[i];
				s[2] = edges[j];
				check_against_jansson(s, 3);
				for (size_t k = 0; k < sizeof(edges); k += 3) {
					s[3] = edges[k];
					check_against_jansson(s, 4);
				}
			}
}
END_TEST

START_TEST(commas_and_nesting)
{
	tunas_jsonw w;
	char *out;

	tunas_jsonw_init(&w, 1000);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kint(&w, "a", 1);
	tunas_jsonw_karr(&w, "b");
	tunas_jsonw_int(&w, 1);
	tunas_jsonw_str(&w, "two");
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_knull(&w, "c");
	tunas_jsonw_obj_end(&w);
	tunas_jsonw_arr_begin(&w);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_kobj(&w, "d");
	tunas_jsonw_obj_end(&w);
	tunas_jsonw_kbool(&w, "e", true);
	tunas_jsonw_kbool(&w, "f", false);
	tunas_jsonw_kstr(&w, "g", NULL);
	tunas_jsonw_kstr(&w, "<k>", "v");
	tunas_jsonw_kint(&w, "min", INT64_MIN);
	tunas_jsonw_kint(&w, "max", INT64_MAX);
	tunas_jsonw_kdouble(&w, "pct", 40.0);
	tunas_jsonw_obj_end(&w);
	out = finish_ok(&w, NULL);
	ck_assert_str_eq(out, "{\"a\":1,\"b\":[1,\"two\",{\"c\":null},[]],\"d\":{},\"e\":true,"
			      "\"f\":false,\"g\":null,\"\\u003ck\\u003e\":\"v\","
			      "\"min\":-9223372036854775808,\"max\":9223372036854775807,"
			      "\"pct\":40.0}");
	tunas_free(out);

	/* Scalars and empty containers stand alone too. */
	tunas_jsonw_init(&w, 1000);
	tunas_jsonw_int(&w, 0);
	out = finish_ok(&w, NULL);
	ck_assert_str_eq(out, "0");
	tunas_free(out);
	tunas_jsonw_init(&w, 1000);
	tunas_jsonw_arr_begin(&w);
	tunas_jsonw_arr_end(&w);
	out = finish_ok(&w, NULL);
	ck_assert_str_eq(out, "[]");
	tunas_free(out);
	/* strn takes exact bytes: a NUL is data. */
	tunas_jsonw_init(&w, 1000);
	tunas_jsonw_strn(&w, "a\0b", 3);
	out = finish_ok(&w, NULL);
	ck_assert_str_eq(out, "\"a\\u0000b\"");
	tunas_free(out);
}
END_TEST

/* Each misuse fails the writer with TUNAS_EINVAL and yields no output. */
START_TEST(misuse_is_an_error)
{
	char *out = (char *)"untouched";
	size_t len = 7;

	for (int c = 0; c < 11; c++) {
		tunas_jsonw w;

		tunas_jsonw_init(&w, 1000);
		switch (c) {
		case 0: /* a value in an object without a key */
			tunas_jsonw_obj_begin(&w);
			ck_assert_int_eq(tunas_jsonw_int(&w, 1), TUNAS_EINVAL);
			break;
		case 1: /* a key in an array */
			tunas_jsonw_arr_begin(&w);
			ck_assert_int_eq(tunas_jsonw_key(&w, "a"), TUNAS_EINVAL);
			break;
		case 2: /* a key at the top */
			ck_assert_int_eq(tunas_jsonw_key(&w, "a"), TUNAS_EINVAL);
			break;
		case 3: /* two keys in a row */
			tunas_jsonw_obj_begin(&w);
			tunas_jsonw_key(&w, "a");
			ck_assert_int_eq(tunas_jsonw_key(&w, "b"), TUNAS_EINVAL);
			break;
		case 4: /* a key without its value */
			tunas_jsonw_obj_begin(&w);
			tunas_jsonw_key(&w, "a");
			ck_assert_int_eq(tunas_jsonw_obj_end(&w), TUNAS_EINVAL);
			break;
		case 5: /* ends that do not match */
			tunas_jsonw_obj_begin(&w);
			ck_assert_int_eq(tunas_jsonw_arr_end(&w), TUNAS_EINVAL);
			break;
		case 6:
			ck_assert_int_eq(tunas_jsonw_obj_end(&w), TUNAS_EINVAL);
			break;
		case 7: /* two top-level values */
			tunas_jsonw_int(&w, 1);
			ck_assert_int_eq(tunas_jsonw_int(&w, 2), TUNAS_EINVAL);
			break;
		case 8: /* a container left open */
			tunas_jsonw_arr_begin(&w);
			tunas_jsonw_int(&w, 1);
			break;
		case 9: /* nothing at all */
			break;
		case 10: /* not a number JSON can hold */
			ck_assert_int_eq(tunas_jsonw_double(&w, NAN), TUNAS_EINVAL);
			break;
		}
		ck_assert_int_eq(tunas_jsonw_finish(&w, &out, &len), TUNAS_EINVAL);
		ck_assert_str_eq(out, "untouched");
		ck_assert_uint_eq(len, 7);
		/* Disposed: disposing again is harmless. */
		ck_assert_ptr_null(w.buf);
		tunas_jsonw_dispose(&w);
	}
	tunas_jsonw_dispose(NULL);
}
END_TEST

START_TEST(depth_is_limited)
{
	tunas_jsonw w;
	char *out;
	size_t len;

	tunas_jsonw_init(&w, 1000);
	for (int i = 0; i < TUNAS_JSONW_DEPTH_MAX; i++)
		ck_assert_int_eq(tunas_jsonw_arr_begin(&w), 0);
	for (int i = 0; i < TUNAS_JSONW_DEPTH_MAX; i++)
		ck_assert_int_eq(tunas_jsonw_arr_end(&w), 0);
	out = finish_ok(&w, &len);
	ck_assert_uint_eq(len, 2 * TUNAS_JSONW_DEPTH_MAX);
	tunas_free(out);

	/* One level more fails, and stays failed. */
	tunas_jsonw_init(&w, 1000);
	ck_assert_int_eq(tunas_jsonw_obj_begin(&w), 0);
	for (int i = 1; i < TUNAS_JSONW_DEPTH_MAX; i++)
		ck_assert_int_eq(tunas_jsonw_kobj(&w, "k"), 0);
	ck_assert_int_eq(tunas_jsonw_karr(&w, "k"), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_obj_end(&w), TUNAS_ELIMIT);
	for (int i = 1; i < TUNAS_JSONW_DEPTH_MAX; i++)
		tunas_jsonw_obj_end(&w);
	ck_assert_int_eq(tunas_jsonw_finish(&w, &out, &len), TUNAS_ELIMIT);
}
END_TEST

START_TEST(size_is_limited)
{
	tunas_jsonw w;
	char *out = NULL, big[3000];
	size_t len = 0;

	/* Exactly the maximum fits: "12345678" is 10 bytes. */
	tunas_jsonw_init(&w, 10);
	ck_assert_int_eq(tunas_jsonw_str(&w, "12345678"), 0);
	out = finish_ok(&w, &len);
	ck_assert_uint_eq(len, 10);
	tunas_free(out);
	/* One byte more does not, even when it is the closing quote. */
	tunas_jsonw_init(&w, 9);
	ck_assert_int_eq(tunas_jsonw_str(&w, "12345678"), TUNAS_ELIMIT);
	out = NULL;
	ck_assert_int_eq(tunas_jsonw_finish(&w, &out, &len), TUNAS_ELIMIT);
	ck_assert_ptr_null(out);
	/* Escapes count at their escaped size, across buffer growth. */
	memset(big, '<', sizeof(big));
	tunas_jsonw_init(&w, 6 * sizeof(big) + 1);
	ck_assert_int_eq(tunas_jsonw_strn(&w, big, sizeof(big)), TUNAS_ELIMIT);
	tunas_jsonw_dispose(&w);
	tunas_jsonw_init(&w, 6 * sizeof(big) + 2);
	ck_assert_int_eq(tunas_jsonw_strn(&w, big, sizeof(big)), 0);
	out = finish_ok(&w, &len);
	ck_assert_uint_eq(len, 6 * sizeof(big) + 2);
	tunas_free(out);
	/* A limit of 0 allows nothing. */
	tunas_jsonw_init(&w, 0);
	ck_assert_int_eq(tunas_jsonw_null(&w), TUNAS_ELIMIT);
	tunas_jsonw_dispose(&w);
}
END_TEST

/* After the first error every call does nothing and returns it. */
START_TEST(errors_are_sticky)
{
	tunas_jsonw w;
	char *out = NULL;
	size_t len = 0, at;

	tunas_jsonw_init(&w, 20);
	tunas_jsonw_arr_begin(&w);
	tunas_jsonw_str(&w, "0123456789");
	ck_assert_int_eq(tunas_jsonw_str(&w, "0123456789"), TUNAS_ELIMIT);
	/* Nothing more is written. */
	at = w.len;
	ck_assert_int_eq(tunas_jsonw_int(&w, 1), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_null(&w), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_bool(&w, true), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_double(&w, 1.5), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_key(&w, "k"), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_obj_begin(&w), TUNAS_ELIMIT);
	/* A later misuse does not replace the first error. */
	ck_assert_int_eq(tunas_jsonw_obj_end(&w), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_jsonw_arr_end(&w), TUNAS_ELIMIT);
	ck_assert_uint_eq(w.len, at);
	ck_assert_int_eq(tunas_jsonw_finish(&w, &out, &len), TUNAS_ELIMIT);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
}
END_TEST

/* A page of people, as the server writes one; it grows the buffer a few
 * times. */
static int write_page(tunas_jsonw *w)
{
	tunas_jsonw_init(w, 1 << 20);
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_karr(w, "items");
	for (int i = 0; i < 50; i++) {
		tunas_jsonw_obj_begin(w);
		tunas_jsonw_kint(w, "id", i);
		tunas_jsonw_kstr(w, "full_name", "Nur Aisyah binti Abdullah <&> \xE2\x80\xA8");
		tunas_jsonw_kstr(w, "email", "aisyah@example.my");
		tunas_jsonw_kbool(w, "id_masked", i % 2);
		tunas_jsonw_knull(w, "employer_org_id");
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_arr_end(w);
	tunas_jsonw_knull(w, "next_after");
	return tunas_jsonw_obj_end(w);
}

START_TEST(out_of_memory_is_an_error)
{
	char *out = NULL;
	size_t len = 0;
	long made = 0, k;
	json_t *got;
	int rc = -1;

	for (k = 1; k < 100; k++) {
		tunas_jsonw w;

		tunas_mem_fail_at(k);
		write_page(&w);
		rc = tunas_jsonw_finish(&w, &out, &len);
		made = tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_ptr_null(out);
	}
	/* Each allocation failed once, cleanly, before a run got through. */
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(k, 3);
	ck_assert_int_lt(made, k);
	got = json_loads(out, 0, NULL);
	ck_assert_ptr_nonnull(got);
	json_decref(got);
	tunas_free(out);
}
END_TEST

/* Reals are written the way jansson wrote them before, digit for digit. */
START_TEST(reals_match_jansson)
{
	static const double values[] = {0.0,
					-0.0,
					1.0,
					40.0,
					100.0,
					100.0 / 3,
					2.0 / 3 * 100,
					0.1,
					-2.5,
					1e20,
					1e21,
					1e-5,
					1.5e-7,
					1e300,
					-1e-300,
					5e-324,
					DBL_MAX,
					DBL_MIN,
					1e16,
					1e17,
					123456789012345678.0,
					0.30000000000000004};

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		json_t *real = json_real(values[i]);
		char *want = json_dumps(real, JSON_ENCODE_ANY | JSON_COMPACT), *got;
		tunas_jsonw w;

		tunas_jsonw_init(&w, 100);
		tunas_jsonw_double(&w, values[i]);
		got = finish_ok(&w, NULL);
		ck_assert_str_eq(got, want);
		tunas_free(got);
		free(want);
		json_decref(real);
	}
}
END_TEST

/* What the writer writes, jansson reads back as the values meant. */
START_TEST(round_trip_through_jansson)
{
	static const char awkward[] =
		"\"\\/<>&'\b\f\n\r\t\x01\x1f\x7f Zoë 中文 😀 \xE2\x80\xA8\xE2\x80\xA9";
	json_t *want, *got;
	json_error_t err;
	tunas_jsonw w;
	char *out;
	size_t len;

	tunas_jsonw_init(&w, 4096);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kstr(&w, "s", awkward);
	tunas_jsonw_kstr(&w, awkward, "key");
	tunas_jsonw_kstr(&w, "bad",
			 "a\xff"
			 "b");
	tunas_jsonw_kint(&w, "i", -42);
	tunas_jsonw_kint(&w, "big", INT64_MAX);
	tunas_jsonw_kdouble(&w, "r", 33.333333333333336);
	tunas_jsonw_kbool(&w, "t", true);
	tunas_jsonw_knull(&w, "n");
	tunas_jsonw_karr(&w, "a");
	tunas_jsonw_int(&w, 1);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_obj_end(&w);
	tunas_jsonw_arr_begin(&w);
	tunas_jsonw_str(&w, "");
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	out = finish_ok(&w, &len);

	want = json_pack("{s:s, s:s, s:s, s:I, s:I, s:f, s:b, s:n, s:[i, {}, [s]]}", "s", awkward,
			 awkward, "key", "bad", "a" FFFD "b", "i", (json_int_t)-42, "big",
			 (json_int_t)INT64_MAX, "r", 33.333333333333336, "t", 1, "n", "a", 1, "");
	ck_assert_ptr_nonnull(want);
	got = json_loadb(out, len, JSON_REJECT_DUPLICATES, &err);
	ck_assert_msg(got != NULL, "%s: %s", out, err.text);
	ck_assert_msg(json_equal(want, got), "%s", out);
	/* Nothing a browser could take for markup or a script's line end. */
	ck_assert_ptr_null(strpbrk(out, "<>&"));
	ck_assert_ptr_null(strstr(out, "\xE2\x80\xA8"));
	ck_assert_ptr_null(strstr(out, "\xE2\x80\xA9"));
	json_decref(want);
	json_decref(got);
	tunas_free(out);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *esc = tcase_create("escaping");
	TCase *doc = tcase_create("documents");

	tcase_add_test(esc, escapes_every_class);
	tcase_add_test(esc, invalid_utf8_becomes_replacement_characters);
	tcase_add_test(esc, utf8_agrees_with_jansson);
	tcase_set_timeout(esc, 120);
	suite_add_tcase(s, esc);
	tcase_add_test(doc, commas_and_nesting);
	tcase_add_test(doc, misuse_is_an_error);
	tcase_add_test(doc, depth_is_limited);
	tcase_add_test(doc, size_is_limited);
	tcase_add_test(doc, errors_are_sticky);
	tcase_add_test(doc, out_of_memory_is_an_error);
	tcase_add_test(doc, reals_match_jansson);
	tcase_add_test(doc, round_trip_through_jansson);
	suite_add_tcase(s, doc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
