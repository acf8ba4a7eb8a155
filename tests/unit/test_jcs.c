/*
 * test_jcs.c — RFC 8785 canonicalisation (util/jcs.c) and the multibase
 * encodings (util/multibase.c).
 *
 * The JCS cases are the reference implementation's test data (input ->
 * output byte for byte, tests/data/jcs) and the number table of RFC 8785
 * appendix B, written out from the RFC rather than from the code.
 */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/tunas.h"
#include "util/jcs.h"
#include "util/mem.h"
#include "util/multibase.h"

/* Read tests/data/<rel> whole; *len bytes, NUL-terminated; abort if absent. */
static char *read_data(const char *rel, size_t *len)
{
	const char *dir = getenv("TUNAS_TEST_DATA");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	ck_assert_msg(dir != NULL, "TUNAS_TEST_DATA is not set");
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Canonicalise `v` and compare with `want` byte for byte. */
static void expect_jcs(const json_t *v, const char *want, size_t wantlen)
{
	char *out = NULL;
	size_t len = 0;

	ck_assert_int_eq(tunas_jcs_encode(&out, &len, v), 0);
	ck_assert_msg(len == wantlen && memcmp(out, want, len) == 0, "got %s\nwant %.*s", out,
		      (int)wantlen, want);
	ck_assert_int_eq(out[len], '\0');
	tunas_free(out);
}

static void expect_jcs_text(const char *json, size_t flags, const char *want)
{
	json_error_t err;
	json_t *v = json_loads(json, JSON_DECODE_ANY | flags, &err);

	ck_assert_msg(v != NULL, "%s: %s", json, err.text);
	expect_jcs(v, want, strlen(want));
	json_decref(v);
}

static const char *const testdata[] = {"arrays",  "french", "structures",
				       "unicode", "values", "weird"};

START_TEST(jcs_reference_testdata)
{
	for (size_t i = 0; i < sizeof(testdata) / sizeof(testdata[0]); i++) {
		char rel[64];
		size_t inlen, outlen;
		char *in, *want;

		snprintf(rel, sizeof(rel), "jcs/input/%s.json", testdata[i]);
		in = read_data(rel, &inlen);
		snprintf(rel, sizeof(rel), "jcs/output/%s.json", testdata[i]);
		want = read_data(rel, &outlen);
		/* Read as ECMAScript reads JSON (every number a double), and
		 * also with jansson's integers: the output must not differ. */
		for (int pass = 0; pass < 2; pass++) {
			size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES |
				       (pass == 0 ? JSON_DECODE_INT_AS_REAL : 0);
			json_error_t err;
			json_t *v = json_loadb(in, inlen, flags, &err);

			ck_assert_msg(v != NULL, "%s: %s", testdata[i], err.text);
			expect_jcs(v, want, outlen);
			json_decref(v);
		}
		free(in);
		free(want);
	}
}
END_TEST

/* RFC 8785 appendix B: IEEE 754 bit patterns and their serialisation. */
static const struct {
	uint64_t bits;
	const char *want;
} appendix_b[] = {
	{0x0000000000000000, "0"},
	{0x8000000000000000, "0"},
	{0x0000000000000001, "5e-324"},
	{0x8000000000000001, "-5e-324"},
	{0x7fefffffffffffff, "1.7976931348623157e+308"},
	{0xffefffffffffffff, "-1.7976931348623157e+308"},
	{0x4340000000000000, "9007199254740992"},
	{0xc340000000000000, "-9007199254740992"},
	{0x4430000000000000, "295147905179352830000"},
	{0x44b52d02c7e14af5, "9.999999999999997e+22"},
	{0x44b52d02c7e14af6, "1e+23"},
	{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
	{0x444b1ae4d6e2ef4e, "999999999999999700000"},
	{0x444b1ae4d6e2ef4f, "999999999999999900000"},
	{0x444b1ae4d6e2ef50, "1e+21"},
	{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
	{0x3eb0c6f7a0b5ed8d, "0.000001"},
	{0x41b3de4355555553, "333333333.3333332"},
	{0x41b3de4355555554, "333333333.33333325"},
	{0x41b3de4355555555, "333333333.3333333"},
	{0x41b3de4355555556, "333333333.3333334"},
	{0x41b3de4355555557, "333333333.33333343"},
	{0xbecbf647612f3696, "-0.0000033333333333333333"},
	{0x43143ff3c1cb0959, "1424953923781206.2"},
};

START_TEST(jcs_numbers_appendix_b)
{
	for (size_t i = 0; i < sizeof(appendix_b) / sizeof(appendix_b[0]); i++) {
		double d;
		json_t *v;

		memcpy(&d, &appendix_b[i].bits, sizeof(d));
		v = json_real(d);
		ck_assert_ptr_nonnull(v);
		expect_jcs(v, appendix_b[i].want, strlen(appendix_b[i].want));
		json_decref(v);
	}
}
END_TEST

START_TEST(jcs_numbers_follow_ecmascript)
{
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"1e21", "1e+21"},
		{"1e20", "100000000000000000000"},
		{"1e-7", "1e-7"},
		{"0.000001", "0.000001"},
		{"0.0000001234", "1.234e-7"},
		{"123e-20", "1.23e-18"},
		{"333333333.33333329", "333333333.3333333"},
		{"5e-324", "5e-324"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"},
		{"4.50", "4.5"},
		{"2e-3", "0.002"},
		{"1E30", "1e+30"},
		{"-0", "0"},
		{"-0.0", "0"},
		{"56.0", "56"},
		{"0.1", "0.1"},
		{"-12.5e3", "-12500"},
		{"9007199254740993", "9007199254740992"},
		{"18446744073709551616", "18446744073709552000"},
		{"123456789012345678901234", "1.2345678901234569e+23"},
	};
	char num[TUNAS_JCS_NUMBER_SIZE] = "untouched";

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_jcs_text(cases[i].json, JSON_DECODE_INT_AS_REAL, cases[i].want);
	/* NaN and infinities have no JSON form. */
	ck_assert_int_eq(tunas_jcs_number(num, NAN), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_jcs_number(num, INFINITY), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_jcs_number(num, -INFINITY), TUNAS_EINVAL);
	ck_assert_str_eq(num, "untouched");
}
END_TEST

/* jansson integers: exact up to 2^53, rounded to a double beyond (I-JSON). */
START_TEST(jcs_integers_beyond_2_53_are_doubles)
{
	static const struct {
		json_int_t i;
		const char *want;
	} cases[] = {
		{0, "0"},
		{-1, "-1"},
		{9007199254740992LL, "9007199254740992"},
		{-9007199254740992LL, "-9007199254740992"},
		{9007199254740993LL, "9007199254740992"},
		{9007199254740995LL, "9007199254740996"},
		{INT64_MAX, "9223372036854776000"},
		{INT64_MIN, "-9223372036854776000"},
	};
	json_error_t err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = json_integer(cases[i].i);

		expect_jcs(v, cases[i].want, strlen(cases[i].want));
		json_decref(v);
	}
	/* jansson alone refuses integers beyond 64 bits: parse untrusted
	 * input with JSON_DECODE_INT_AS_REAL, as tunas_vc_parse does. */
	ck_assert_ptr_null(json_loads("18446744073709551616", JSON_DECODE_ANY, &err));
	expect_jcs_text("[1e+30, 4.50, 18446744073709551616, 7]", JSON_DECODE_INT_AS_REAL,
			"[1e+30,4.5,18446744073709552000,7]");
}
END_TEST

START_TEST(jcs_strings_escape_as_json_stringify)
{
	static const char want[] =
		"\"a\\u0000b\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\x7f\xe2\x80\xa8\xc3\xa9\"";
	json_t *v = json_stringn("a\0b\x01\x1f\b\t\n\f\r\"\\/\x7f\xe2\x80\xa8\xc3\xa9", 19);

	ck_assert_ptr_nonnull(v);
	expect_jcs(v, want, strlen(want));
	json_decref(v);
	expect_jcs_text("\"\\u20ac\\ud83d\\ude02\\u00e9\"", 0,
			"\"\xe2\x82\xac\xf0\x9f\x98\x82\xc3\xa9\"");
	expect_jcs_text("[\"\", {}, [], true, false, null]", 0, "[\"\",{},[],true,false,null]");
}
END_TEST

/* Members sort by UTF-16 code units: a supplementary character (surrogate
 * pair, D83D...) comes before U+E000..U+FFFF, unlike in code point order. */
START_TEST(jcs_members_sort_by_utf16)
{
	expect_jcs_text("{\"\\ue000\": 1, \"\\ud83d\\ude00\": 2, \"\\uffff\": 3, \"z\": 4}", 0,
			"{\"z\":4,\"\xf0\x9f\x98\x80\":2,\"\xee\x80\x80\":1,\"\xef\xbf\xbf\":3}");
	expect_jcs_text("{\"b\": 1, \"aa\": 2, \"a\": 3, \"\": 4, \"A\": 5, \"\\u00e9\": 6}", 0,
			"{\"\":4,\"A\":5,\"a\":3,\"aa\":2,\"b\":1,\"\xc3\xa9\":6}");
	/* Two supplementary characters with one lead surrogate. */
	expect_jcs_text("{\"\\ud83d\\ude02\": 1, \"\\ud83d\\ude00\": 2}", 0,
			"{\"\xf0\x9f\x98\x80\":2,\"\xf0\x9f\x98\x82\":1}");
}
END_TEST

START_TEST(jcs_refuses_what_it_cannot_express)
{
	char *out = (char *)"untouched";
	size_t len = 99;
	json_t *v, *deep;

	/* Strings made without jansson's UTF-8 check. */
	v = json_stringn_nocheck("ok\xff", 3);
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, v), TUNAS_EINVAL);
	json_decref(v);
	v = json_stringn_nocheck("\xed\xa0\x80", 3); /* an encoded surrogate */
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, v), TUNAS_EINVAL);
	json_decref(v);
	v = json_object();
	json_object_set_new_nocheck(v, "\xc0\x80", json_true()); /* overlong NUL */
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, v), TUNAS_EINVAL);
	json_decref(v);
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, NULL), TUNAS_EINVAL);
	/* Nesting deeper than TUNAS_JCS_DEPTH_MAX. */
	deep = json_array();
	for (int i = 0; i < TUNAS_JCS_DEPTH_MAX + 1; i++) {
		json_t *outer = json_array();

		json_array_append_new(outer, deep);
		deep = outer;
	}
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, deep), TUNAS_ELIMIT);
	ck_assert_str_eq(out, "untouched");
	ck_assert_uint_eq(len, 99);
	json_decref(deep);
	deep = json_array();
	for (int i = 0; i < TUNAS_JCS_DEPTH_MAX; i++) {
		json_t *outer = json_array();

		json_array_append_new(outer, deep);
		deep = outer;
	}
	ck_assert_int_eq(tunas_jcs_encode(&out, &len, deep), 0);
	ck_assert_uint_eq(len, 2 * (TUNAS_JCS_DEPTH_MAX + 1));
	tunas_free(out);
	json_decref(deep);
}
END_TEST

START_TEST(jcs_survives_allocation_failure)
{
	json_error_t err;
	json_t *v = json_loads(
		"{\"b\": [1, 2.5, {\"y\": \"\\u00e9\", \"x\": null}], \"a\": \"text\"}", 0, &err);
	int failures = 0;

	ck_assert_ptr_nonnull(v);
	for (long k = 1; k < 100; k++) {
		char *out = NULL;
		size_t len = 0;
		int rc;

		tunas_mem_fail_at(k);
		rc = tunas_jcs_encode(&out, &len, v);
		tunas_mem_fail_at(0);
		if (rc == 0) {
			ck_assert_str_eq(
				out,
				"{\"a\":\"text\",\"b\":[1,2.5,{\"x\":null,\"y\":\"\xc3\xa9\"}]}");
			tunas_free(out);
			break;
		}
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_ptr_null(out);
		failures++;
	}
	ck_assert_int_gt(failures, 0);
	json_decref(v);
}
END_TEST

/* ---- multibase ---- */

START_TEST(base58_known_values)
{
	static const struct {
		const char *bytes;
		size_t len;
		const char *text;
	} cases[] = {
		{"", 0, "z"},
		{"Hello World!", 12, "z2NEpo7TZRRrLZSi2U"},
		{"\0\0\x01", 3, "z112"},
		{"\0", 1, "z1"},
		{"\x39", 1, "zz"},
		{"\x3a", 1, "z21"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[TUNAS_BASE58_TEXT_SIZE(16)];
		unsigned char bytes[16];
		size_t n = 99;

		ck_assert_int_eq(
			tunas_base58_encode(text, sizeof(text), cases[i].bytes, cases[i].len), 0);
		ck_assert_str_eq(text, cases[i].text);
		ck_assert_int_eq(tunas_base58_decode(bytes, &n, sizeof(bytes), cases[i].text), 0);
		ck_assert_uint_eq(n, cases[i].len);
		ck_assert_int_eq(memcmp(bytes, cases[i].bytes, n), 0);
	}
}
END_TEST

START_TEST(base58_round_trips)
{
	unsigned char in[TUNAS_BASE58_MAX], back[TUNAS_BASE58_MAX];
	char text[TUNAS_BASE58_TEXT_SIZE(TUNAS_BASE58_MAX)];

	srand(58);
	for (size_t len = 0; len <= TUNAS_BASE58_MAX; len++) {
		size_t n = 0;

		for (size_t i = 0; i < len; i++)
			in[i] = (unsigned char)(i < len % 4 ? 0 : rand());
		ck_assert_int_eq(tunas_base58_encode(text, sizeof(text), in, len), 0);
		ck_assert_int_eq(tunas_base58_decode(back, &n, sizeof(back), text), 0);
		ck_assert_uint_eq(n, len);
		ck_assert_int_eq(memcmp(in, back, len), 0);
	}
}
END_TEST

START_TEST(base58_rejects_bad_input)
{
	static const char *const bad[] = {
		"2NEpo7TZRRrLZSi2U",   /* no prefix */
		"Z2NEpo7TZRRrLZSi2U",  /* wrong prefix */
		" z2NEpo7TZRRrLZSi2U", /* leading junk */
		"z2NEpo7TZRRrLZSi2U ", /* trailing junk */
		"z2NEpo7TZRRrLZSi2U\n", "z0", "zO", "zI", "zl", "z+", "z2NE-po", "z\xc3\xa9",
	};
	unsigned char out[32] = {0};
	char text[TUNAS_BASE58_TEXT_SIZE(TUNAS_BASE58_MAX + 1)];
	unsigned char big[TUNAS_BASE58_MAX + 1];
	size_t n = 77;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tunas_base58_decode(out, &n, sizeof(out), bad[i]) == TUNAS_EINVAL,
			      "accepted \"%s\"", bad[i]);
	ck_assert_uint_eq(n, 77);
	/* Too long for the output, or for the limit. */
	ck_assert_int_eq(tunas_base58_decode(out, &n, 4, "z2NEpo7TZRRrLZSi2U"), TUNAS_ELIMIT);
	ck_assert_uint_eq(n, 77);
	memset(big, 0xff, sizeof(big));
	ck_assert_int_eq(tunas_base58_encode(text, sizeof(text), big, sizeof(big)), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_base58_encode(text, 5, "Hello World!", 12), TUNAS_ELIMIT);
	memset(text, 'z', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	ck_assert_int_eq(tunas_base58_decode(out, &n, sizeof(out), text), TUNAS_ELIMIT);
}
END_TEST

START_TEST(base64url_round_trips_and_rejects)
{
	static const char *const bad[] = {
		"SGVsbG8gV29ybGQh",   /* no prefix */
		"uSGVsbG8gV29ybGQh=", /* padding */
		"uSGVsbG8+V29ybGQh",  /* standard alphabet */
		"uSGVsbG8/V29ybGQh",
		"uSGVs bG8",
		" uSGVs",
		"uSGVs\n",
		"uQ",  /* impossible length */
		"uQR", /* non-zero trailing bits */
		"u\xc3\xa9",
	};
	unsigned char in[100], *back = NULL;
	size_t n = 0;
	char *text = NULL;

	ck_assert_int_eq(tunas_base64url_encode(&text, "Hello World!", 12), 0);
	ck_assert_str_eq(text, "uSGVsbG8gV29ybGQh");
	tunas_free(text);
	ck_assert_int_eq(tunas_base64url_decode(&back, &n, "uQQ", 3, 10), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(back[0], 'A');
	tunas_free(back);
	for (size_t len = 0; len <= sizeof(in); len++) {
		for (size_t i = 0; i < len; i++)
			in[i] = (unsigned char)(i * 37 + len);
		ck_assert_int_eq(tunas_base64url_encode(&text, in, len), 0);
		ck_assert_int_eq(tunas_base64url_decode(&back, &n, text, strlen(text), len), 0);
		ck_assert_uint_eq(n, len);
		ck_assert_int_eq(memcmp(in, back, len), 0);
		tunas_free(back);
		/* One byte fewer than it holds is over the limit. */
		if (len > 0) {
			back = NULL;
			ck_assert_int_eq(
				tunas_base64url_decode(&back, &n, text, strlen(text), len - 1),
				TUNAS_ELIMIT);
			ck_assert_ptr_null(back);
		}
		tunas_free(text);
	}
	back = NULL;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(tunas_base64url_decode(&back, &n, bad[i], strlen(bad[i]), 100) ==
				      TUNAS_EINVAL,
			      "accepted \"%s\"", bad[i]);
	ck_assert_ptr_null(back);
	/* An embedded NUL is not the end of the text. */
	ck_assert_int_eq(tunas_base64url_decode(&back, &n, "uQQ\0A", 5, 100), TUNAS_EINVAL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("jcs");
	TCase *jcs = tcase_create("jcs");
	TCase *mb = tcase_create("multibase");

	tcase_add_test(jcs, jcs_reference_testdata);
	tcase_add_test(jcs, jcs_numbers_appendix_b);
	tcase_add_test(jcs, jcs_numbers_follow_ecmascript);
	tcase_add_test(jcs, jcs_integers_beyond_2_53_are_doubles);
	tcase_add_test(jcs, jcs_strings_escape_as_json_stringify);
	tcase_add_test(jcs, jcs_members_sort_by_utf16);
	tcase_add_test(jcs, jcs_refuses_what_it_cannot_express);
	tcase_add_test(jcs, jcs_survives_allocation_failure);
	suite_add_tcase(s, jcs);
	tcase_add_test(mb, base58_known_values);
	tcase_add_test(mb, base58_round_trips);
	tcase_add_test(mb, base58_rejects_bad_input);
	tcase_add_test(mb, base64url_round_trips_and_rejects);
	suite_add_tcase(s, mb);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	if (tunas_global_init() != 0)
		return 1;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
