/*
 * test_ident.c — unit tests for ident.c: MyKad, NIK, passports, masking
 * and the education → ISCED 2011 tables.
 *
 * The expected values are written out from the rules in docs/LOCAL.md, not
 * copied from the implementation's tables, so a wrong table entry fails.
 * Every check uses a fixed "today" so the century rule is deterministic.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/ident.h"

#define TODAY "2024-06-15"

/* A struct filled with a marker byte, to see whether a call wrote to it. */
static tunas_ident_info poisoned(void)
{
	tunas_ident_info info;

	memset(&info, 0x5a, sizeof(info));
	return info;
}

static bool is_poisoned(const tunas_ident_info *info)
{
	const unsigned char *p = (const unsigned char *)info;

	for (size_t i = 0; i < sizeof(*info); i++)
		if (p[i] != 0x5a)
			return false;
	return true;
}

/* Check `raw` and expect success with the given derived fields. */
static void expect_valid(tunas_id_type type, const char *raw, const char *today,
			 const char *canonical, const char *birth_date, char sex,
			 const char *region)
{
	tunas_ident_info info = poisoned();
	const char *reason = "unset";
	bool ok = tunas_ident_check(&info, type, raw, today, &reason);

	ck_assert_msg(ok, "\"%s\" rejected: %s", raw, reason ? reason : "(null)");
	ck_assert_ptr_null(reason);
	ck_assert_str_eq(info.canonical, canonical);
	ck_assert_str_eq(info.birth_date, birth_date);
	ck_assert_int_eq(info.sex, sex);
	ck_assert_str_eq(info.region, region);
}

/* Check `raw` and expect failure with exactly `want` as the reason, and
 * *out left untouched. */
static void expect_invalid(tunas_id_type type, const char *raw, const char *today, const char *want)
{
	tunas_ident_info info = poisoned();
	const char *reason = NULL;
	bool ok = tunas_ident_check(&info, type, raw, today, &reason);

	ck_assert_msg(!ok, "\"%s\" accepted", raw ? raw : "(null)");
	ck_assert_ptr_nonnull(reason);
	ck_assert_str_eq(reason, want);
	ck_assert_msg(is_poisoned(&info), "out written on failure for \"%s\"", raw);
}

/* ---- type names ---- */

START_TEST(test_type_parse_and_name)
{
	ck_assert_int_eq(tunas_ident_type_parse("mykad"), TUNAS_ID_MYKAD);
	ck_assert_int_eq(tunas_ident_type_parse("nik"), TUNAS_ID_NIK);
	ck_assert_int_eq(tunas_ident_type_parse("passport"), TUNAS_ID_PASSPORT);
	ck_assert_int_eq(tunas_ident_type_parse("MyKad"), TUNAS_ID_NONE);
	ck_assert_int_eq(tunas_ident_type_parse(""), TUNAS_ID_NONE);
	ck_assert_int_eq(tunas_ident_type_parse("none"), TUNAS_ID_NONE);
	ck_assert_int_eq(tunas_ident_type_parse(NULL), TUNAS_ID_NONE);

	ck_assert_str_eq(tunas_ident_type_name(TUNAS_ID_MYKAD), "mykad");
	ck_assert_str_eq(tunas_ident_type_name(TUNAS_ID_NIK), "nik");
	ck_assert_str_eq(tunas_ident_type_name(TUNAS_ID_PASSPORT), "passport");
	ck_assert_ptr_null(tunas_ident_type_name(TUNAS_ID_NONE));
	ck_assert_ptr_null(tunas_ident_type_name((tunas_id_type)99));
}
END_TEST

START_TEST(test_check_bad_arguments)
{
	tunas_ident_info info;
	const char *reason = NULL;

	expect_invalid(TUNAS_ID_NONE, "900101145677", TODAY, "unknown identity number type");
	expect_invalid((tunas_id_type)42, "900101145677", TODAY, "unknown identity number type");
	expect_invalid(TUNAS_ID_MYKAD, NULL, TODAY, "no identity number given");
	expect_invalid(TUNAS_ID_MYKAD, "900101145677", NULL,
		       "today's date is not a valid YYYY-MM-DD date");
	expect_invalid(TUNAS_ID_NIK, "3201011505900001", "2024-6-15",
		       "today's date is not a valid YYYY-MM-DD date");
	expect_invalid(TUNAS_ID_MYKAD, "900101145677", "2024-02-30",
		       "today's date is not a valid YYYY-MM-DD date");
	expect_invalid(TUNAS_ID_MYKAD, "900101145677", "2024-06-15x",
		       "today's date is not a valid YYYY-MM-DD date");
	/* A passport encodes no date, so it needs no today. */
	ck_assert(tunas_ident_check(&info, TUNAS_ID_PASSPORT, "A1234567", NULL, &reason));
	/* out and reason may be NULL: a pure validity check. */
	ck_assert(tunas_ident_check(NULL, TUNAS_ID_MYKAD, "900101145677", TODAY, NULL));
	ck_assert(!tunas_ident_check(NULL, TUNAS_ID_MYKAD, "900101145670x", TODAY, NULL));
}
END_TEST

/* ---- MyKad ---- */

START_TEST(test_mykad_valid)
{
	/* Last digit odd: male; PB 14 is WP Kuala Lumpur. */
	expect_valid(TUNAS_ID_MYKAD, "900101-14-5677", TODAY, "900101145677", "1990-01-01", 'M',
		     "WP Kuala Lumpur");
	/* Last digit even: female; PB 10 is Selangor. */
	expect_valid(TUNAS_ID_MYKAD, "850315-10-1234", TODAY, "850315101234", "1985-03-15", 'F',
		     "Selangor");
	expect_valid(TUNAS_ID_MYKAD, "991231-13-0000", TODAY, "991231130000", "1999-12-31", 'F',
		     "Sarawak");
	expect_valid(TUNAS_ID_MYKAD, "000229-01-0009", TODAY, "000229010009", "2000-02-29", 'M',
		     "Johor");
}
END_TEST

START_TEST(test_mykad_century)
{
	expect_valid(TUNAS_ID_MYKAD, "050101-01-1231", TODAY, "050101011231", "2005-01-01", 'M',
		     "Johor");
	expect_valid(TUNAS_ID_MYKAD, "250101-01-1231", TODAY, "250101011231", "1925-01-01", 'M',
		     "Johor");
	/* Born today: 20YY; born tomorrow's date: must be 19YY. */
	expect_valid(TUNAS_ID_MYKAD, "240615-01-1232", TODAY, "240615011232", "2024-06-15", 'F',
		     "Johor");
	expect_valid(TUNAS_ID_MYKAD, "240616-01-1232", TODAY, "240616011232", "1924-06-16", 'F',
		     "Johor");
	/* The same number read on different days. */
	expect_valid(TUNAS_ID_MYKAD, "100101-01-1231", "2009-12-31", "100101011231", "1910-01-01",
		     'M', "Johor");
	expect_valid(TUNAS_ID_MYKAD, "100101-01-1231", "2010-01-01", "100101011231", "2010-01-01",
		     'M', "Johor");
	/* 29 Feb 2000 exists, 29 Feb 1900 does not. */
	expect_invalid(TUNAS_ID_MYKAD, "000229-01-0009", "1999-12-31",
		       "birth date 29 February does not exist in that year");
	/* Both 2050 and 1950 are after today. */
	expect_invalid(TUNAS_ID_MYKAD, "500102-01-1231", "1950-01-01",
		       "birth date is in the future");
}
END_TEST

START_TEST(test_mykad_bad_date)
{
	expect_invalid(TUNAS_ID_MYKAD, "900230-14-5677", TODAY,
		       "birth date 30 February does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900231-14-5677", TODAY,
		       "birth date 31 February does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "010229-14-5677", TODAY,
		       "birth date 29 February does not exist in that year");
	expect_invalid(TUNAS_ID_MYKAD, "900431-14-5677", TODAY,
		       "birth date 31 April does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900631-14-5677", TODAY,
		       "birth date 31 June does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900931-14-5677", TODAY,
		       "birth date 31 September does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "901131-14-5677", TODAY,
		       "birth date 31 November does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "901301-14-5677", TODAY, "birth month must be 01 to 12");
	expect_invalid(TUNAS_ID_MYKAD, "900001-14-5677", TODAY, "birth month must be 01 to 12");
	expect_invalid(TUNAS_ID_MYKAD, "900100-14-5677", TODAY, "birth day must be 01 to 31");
	expect_invalid(TUNAS_ID_MYKAD, "900132-14-5677", TODAY, "birth day must be 01 to 31");
	/* The 31st of the long months is fine. */
	expect_valid(TUNAS_ID_MYKAD, "901231-14-5677", TODAY, "901231145677", "1990-12-31", 'M',
		     "WP Kuala Lumpur");
}
END_TEST

START_TEST(test_mykad_bad_place_of_birth)
{
	expect_invalid(TUNAS_ID_MYKAD, "900101-00-5677", TODAY,
		       "place-of-birth code 00 does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900101-17-5677", TODAY,
		       "place-of-birth code 17 does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900101-69-5677", TODAY,
		       "place-of-birth code 69 does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900101-80-5677", TODAY,
		       "place-of-birth code 80 does not exist");
	expect_invalid(TUNAS_ID_MYKAD, "900101-97-5677", TODAY,
		       "place-of-birth code 97 does not exist");
}
END_TEST

/* Every code 00..99 against the region the rules give for it (NULL:
 * invalid). Written out from the brief, independently of ident.c. */
static const char *mykad_region(int code)
{
	static const char *const states[17] = {
		NULL,		"Johor",	   "Kedah",	      "Kelantan",
		"Melaka",	"Negeri Sembilan", "Pahang",	      "Pulau Pinang",
		"Perak",	"Perlis",	   "Selangor",	      "Terengganu",
		"Sabah",	"Sarawak",	   "WP Kuala Lumpur", "WP Labuan",
		"WP Putrajaya",
	};

	if (code <= 16)
		return states[code];
	if (code <= 20)
		return NULL;
	if (code <= 24)
		return "Johor";
	if (code <= 27)
		return "Kedah";
	if (code <= 29)
		return "Kelantan";
	if (code == 30)
		return "Melaka";
	if (code == 31 || code == 59)
		return "Negeri Sembilan";
	if (code <= 33)
		return "Pahang";
	if (code <= 35)
		return "Pulau Pinang";
	if (code <= 39)
		return "Perak";
	if (code == 40)
		return "Perlis";
	if (code <= 44)
		return "Selangor";
	if (code <= 46)
		return "Terengganu";
	if (code <= 49)
		return "Sabah";
	if (code <= 53)
		return "Sarawak";
	if (code <= 57)
		return "WP Kuala Lumpur";
	if (code == 58)
		return "WP Labuan";
	if (code == 82)
		return "";
	if ((code >= 60 && code <= 68) || code == 71 || code == 72 || (code >= 74 && code <= 79) ||
	    (code >= 83 && code <= 93) || code >= 98)
		return "Outside Malaysia";
	return NULL;
}

START_TEST(test_mykad_every_place_of_birth)
{
	char raw[16], canonical[13], want_reason[64];

	for (int code = 0; code < 100; code++) {
		const char *region = mykad_region(code);

		snprintf(raw, sizeof(raw), "900101-%02d-5677", code);
		snprintf(canonical, sizeof(canonical), "900101%02d5677", code);
		if (region) {
			expect_valid(TUNAS_ID_MYKAD, raw, TODAY, canonical, "1990-01-01", 'M',
				     region);
		} else {
			snprintf(want_reason, sizeof(want_reason),
				 "place-of-birth code %02d does not exist", code);
			expect_invalid(TUNAS_ID_MYKAD, raw, TODAY, want_reason);
		}
	}
}
END_TEST

START_TEST(test_mykad_format)
{
	/* Separators '-' and ' ' anywhere are ignored. */
	expect_valid(TUNAS_ID_MYKAD, "900101145677", TODAY, "900101145677", "1990-01-01", 'M',
		     "WP Kuala Lumpur");
	expect_valid(TUNAS_ID_MYKAD, "900101 14 5677", TODAY, "900101145677", "1990-01-01", 'M',
		     "WP Kuala Lumpur");
	expect_valid(TUNAS_ID_MYKAD, " 9001-0114-5677 ", TODAY, "900101145677", "1990-01-01", 'M',
		     "WP Kuala Lumpur");

	expect_invalid(TUNAS_ID_MYKAD, "90010114567", TODAY,
		       "MyKad number must have 12 digits; it has fewer");
	expect_invalid(TUNAS_ID_MYKAD, "900101-14-567", TODAY,
		       "MyKad number must have 12 digits; it has fewer");
	expect_invalid(TUNAS_ID_MYKAD, "", TODAY, "MyKad number must have 12 digits; it has fewer");
	expect_invalid(TUNAS_ID_MYKAD, "- -", TODAY,
		       "MyKad number must have 12 digits; it has fewer");
	expect_invalid(TUNAS_ID_MYKAD, "9001011456770", TODAY,
		       "MyKad number must have 12 digits; it has more");
	expect_invalid(TUNAS_ID_MYKAD, "3201011505900001", TODAY,
		       "MyKad number must have 12 digits; it has more");
	expect_invalid(TUNAS_ID_MYKAD, "90010114567A", TODAY,
		       "MyKad number may contain only digits, '-' and spaces");
	expect_invalid(TUNAS_ID_MYKAD, "9OO101145677", TODAY,
		       "MyKad number may contain only digits, '-' and spaces");
	expect_invalid(TUNAS_ID_MYKAD, "900101/14/5677", TODAY,
		       "MyKad number may contain only digits, '-' and spaces");
	expect_invalid(TUNAS_ID_MYKAD, "900101\t14\t5677", TODAY,
		       "MyKad number may contain only digits, '-' and spaces");
	/* A stray character is reported even when the count is also wrong. */
	expect_invalid(TUNAS_ID_MYKAD, "9001x", TODAY,
		       "MyKad number may contain only digits, '-' and spaces");
}
END_TEST

/* ---- NIK ---- */

START_TEST(test_nik_valid)
{
	/* 32 Jawa Barat, regency 01, district 01, 15-05-90, serial 0001. */
	expect_valid(TUNAS_ID_NIK, "3201011505900001", TODAY, "3201011505900001", "1990-05-15", 'M',
		     "Jawa Barat");
	/* Day 55 = 15 + 40: a woman. */
	expect_valid(TUNAS_ID_NIK, "3171015505900002", TODAY, "3171015505900002", "1990-05-15", 'F',
		     "DKI Jakarta");
	expect_valid(TUNAS_ID_NIK, "9601014101050123", TODAY, "9601014101050123", "2005-01-01", 'F',
		     "Papua Barat Daya");
	expect_valid(TUNAS_ID_NIK, "1101013112999999", TODAY, "1101013112999999", "1999-12-31", 'M',
		     "Aceh");
	/* Separators are ignored, as for MyKad. */
	expect_valid(TUNAS_ID_NIK, "3201-0115-0590-0001", TODAY, "3201011505900001", "1990-05-15",
		     'M', "Jawa Barat");
	expect_valid(TUNAS_ID_NIK, "32 01 01 150590 0001", TODAY, "3201011505900001", "1990-05-15",
		     'M', "Jawa Barat");
}
END_TEST

START_TEST(test_nik_day)
{
	/* 71 = 31 + 40: a woman born on the 31st. */
	expect_valid(TUNAS_ID_NIK, "3201017101900001", TODAY, "3201017101900001", "1990-01-31", 'F',
		     "Jawa Barat");
	expect_valid(TUNAS_ID_NIK, "3201014101900001", TODAY, "3201014101900001", "1990-01-01", 'F',
		     "Jawa Barat");
	expect_valid(TUNAS_ID_NIK, "3201010101900001", TODAY, "3201010101900001", "1990-01-01", 'M',
		     "Jawa Barat");
	expect_invalid(TUNAS_ID_NIK, "3201017201900001", TODAY,
		       "birth day must be 01 to 31, or 41 to 71 for women");
	expect_invalid(TUNAS_ID_NIK, "3201013201900001", TODAY,
		       "birth day must be 01 to 31, or 41 to 71 for women");
	expect_invalid(TUNAS_ID_NIK, "3201014001900001", TODAY,
		       "birth day must be 01 to 31, or 41 to 71 for women");
	expect_invalid(TUNAS_ID_NIK, "3201010001900001", TODAY,
		       "birth day must be 01 to 31, or 41 to 71 for women");
	expect_invalid(TUNAS_ID_NIK, "3201019901900001", TODAY,
		       "birth day must be 01 to 31, or 41 to 71 for women");
	/* 70 = 30 + 40, and there is no 30 February. */
	expect_invalid(TUNAS_ID_NIK, "3201017002900001", TODAY,
		       "birth date 30 February does not exist");
	expect_invalid(TUNAS_ID_NIK, "3201013104900001", TODAY,
		       "birth date 31 April does not exist");
	expect_invalid(TUNAS_ID_NIK, "3201011513900001", TODAY, "birth month must be 01 to 12");
	expect_invalid(TUNAS_ID_NIK, "3201011500900001", TODAY, "birth month must be 01 to 12");
}
END_TEST

START_TEST(test_nik_century)
{
	expect_valid(TUNAS_ID_NIK, "3201011506240001", TODAY, "3201011506240001", "2024-06-15", 'M',
		     "Jawa Barat");
	expect_valid(TUNAS_ID_NIK, "3201011606240001", TODAY, "3201011606240001", "1924-06-16", 'M',
		     "Jawa Barat");
	/* Women's +40 does not disturb the century: 56 = 16 + 40. */
	expect_valid(TUNAS_ID_NIK, "3201015606240001", TODAY, "3201015606240001", "1924-06-16", 'F',
		     "Jawa Barat");
	/* Both 2070 and 1970 are after 1960-01-01. */
	expect_invalid(TUNAS_ID_NIK, "3201010101700001", "1960-01-01",
		       "birth date is in the future");
}
END_TEST

START_TEST(test_nik_codes)
{
	expect_invalid(TUNAS_ID_NIK, "1001011505900001", TODAY, "province code 10 does not exist");
	expect_invalid(TUNAS_ID_NIK, "2001011505900001", TODAY, "province code 20 does not exist");
	expect_invalid(TUNAS_ID_NIK, "9901011505900001", TODAY, "province code 99 does not exist");
	expect_invalid(TUNAS_ID_NIK, "0001011505900001", TODAY, "province code 00 does not exist");
	expect_invalid(TUNAS_ID_NIK, "3200011505900001", TODAY,
		       "regency/city code 00 does not exist");
	expect_invalid(TUNAS_ID_NIK, "3201001505900001", TODAY, "district code 00 does not exist");
	expect_invalid(TUNAS_ID_NIK, "3201011505900000", TODAY, "serial 0000 is not issued");
	/* Regency, district and serial need only be non-zero. */
	expect_valid(TUNAS_ID_NIK, "3299991505909999", TODAY, "3299991505909999", "1990-05-15", 'M',
		     "Jawa Barat");
}
END_TEST

struct province_row {
	int code;
	const char *name;
};

static const struct province_row expected_provinces[] = {
	{11, "Aceh"},
	{12, "Sumatera Utara"},
	{13, "Sumatera Barat"},
	{14, "Riau"},
	{15, "Jambi"},
	{16, "Sumatera Selatan"},
	{17, "Bengkulu"},
	{18, "Lampung"},
	{19, "Kepulauan Bangka Belitung"},
	{21, "Kepulauan Riau"},
	{31, "DKI Jakarta"},
	{32, "Jawa Barat"},
	{33, "Jawa Tengah"},
	{34, "DI Yogyakarta"},
	{35, "Jawa Timur"},
	{36, "Banten"},
	{51, "Bali"},
	{52, "Nusa Tenggara Barat"},
	{53, "Nusa Tenggara Timur"},
	{61, "Kalimantan Barat"},
	{62, "Kalimantan Tengah"},
	{63, "Kalimantan Selatan"},
	{64, "Kalimantan Timur"},
	{65, "Kalimantan Utara"},
	{71, "Sulawesi Utara"},
	{72, "Sulawesi Tengah"},
	{73, "Sulawesi Selatan"},
	{74, "Sulawesi Tenggara"},
	{75, "Gorontalo"},
	{76, "Sulawesi Barat"},
	{81, "Maluku"},
	{82, "Maluku Utara"},
	{91, "Papua"},
	{92, "Papua Barat"},
	{93, "Papua Selatan"},
	{94, "Papua Tengah"},
	{95, "Papua Pegunungan"},
	{96, "Papua Barat Daya"},
};

START_TEST(test_nik_every_province)
{
	size_t n = sizeof(expected_provinces) / sizeof(expected_provinces[0]);
	char raw[17], want_reason[64];

	for (int code = 0; code < 100; code++) {
		const char *name = NULL;

		for (size_t i = 0; i < n; i++)
			if (expected_provinces[i].code == code)
				name = expected_provinces[i].name;
		snprintf(raw, sizeof(raw), "%02d01011505900001", code);
		if (name) {
			expect_valid(TUNAS_ID_NIK, raw, TODAY, raw, "1990-05-15", 'M', name);
		} else {
			snprintf(want_reason, sizeof(want_reason),
				 "province code %02d does not exist", code);
			expect_invalid(TUNAS_ID_NIK, raw, TODAY, want_reason);
		}
	}
}
END_TEST

START_TEST(test_nik_format)
{
	expect_invalid(TUNAS_ID_NIK, "320101150590000", TODAY,
		       "NIK must have 16 digits; it has fewer");
	expect_invalid(TUNAS_ID_NIK, "900101145677", TODAY,
		       "NIK must have 16 digits; it has fewer");
	expect_invalid(TUNAS_ID_NIK, "32010115059000011", TODAY,
		       "NIK must have 16 digits; it has more");
	expect_invalid(TUNAS_ID_NIK, "320101150590000A", TODAY,
		       "NIK may contain only digits, '-' and spaces");
	expect_invalid(TUNAS_ID_NIK, "3201.0115.0590.0001", TODAY,
		       "NIK may contain only digits, '-' and spaces");
}
END_TEST

/* ---- passport ---- */

START_TEST(test_passport)
{
	expect_valid(TUNAS_ID_PASSPORT, "a1234567", NULL, "A1234567", "", 0, "");
	expect_valid(TUNAS_ID_PASSPORT, "  X12345\t\n", TODAY, "X12345", "", 0, "");
	expect_valid(TUNAS_ID_PASSPORT, "12345", TODAY, "12345", "", 0, "");
	expect_valid(TUNAS_ID_PASSPORT, "abcdefghij0123456789", TODAY, "ABCDEFGHIJ0123456789", "",
		     0, "");
	/* A MyKad given as a passport is just letters and digits. */
	expect_valid(TUNAS_ID_PASSPORT, "900101145677", TODAY, "900101145677", "", 0, "");

	expect_invalid(TUNAS_ID_PASSPORT, "A123", TODAY,
		       "passport number must have at least 5 characters");
	expect_invalid(TUNAS_ID_PASSPORT, "   A123   ", TODAY,
		       "passport number must have at least 5 characters");
	expect_invalid(TUNAS_ID_PASSPORT, "", TODAY,
		       "passport number must have at least 5 characters");
	expect_invalid(TUNAS_ID_PASSPORT, "abcdefghij0123456789X", TODAY,
		       "passport number must have at most 20 characters");
	expect_invalid(TUNAS_ID_PASSPORT, "A12-34567", TODAY,
		       "passport number may contain only letters A-Z and digits");
	expect_invalid(TUNAS_ID_PASSPORT, "A12 34567", TODAY,
		       "passport number may contain only letters A-Z and digits");
	expect_invalid(TUNAS_ID_PASSPORT,
		       "\xc3\x84"
		       "1234567",
		       TODAY, "passport number may contain only letters A-Z and digits");
}
END_TEST

/* ---- masking ---- */

/* Mask into a 32-byte buffer of which only outlen bytes may be written. */
static void expect_mask(const char *canonical, size_t outlen, const char *want)
{
	char buf[32];

	memset(buf, '#', sizeof(buf));
	tunas_ident_mask(buf, outlen, canonical);
	if (outlen > 0)
		ck_assert_str_eq(buf, want);
	for (size_t i = outlen; i < sizeof(buf); i++)
		ck_assert_msg(buf[i] == '#', "byte %zu written with outlen %zu", i, outlen);
}

START_TEST(test_mask)
{
	expect_mask("900101145677", 21, "********5677");
	expect_mask("3201011505900001", 21, "************0001");
	expect_mask("ABCDEFGHIJ0123456789", 21, "****************6789");
	expect_mask("12345", 21, "*2345");
	expect_mask("1234", 21, "****");
	expect_mask("abc", 21, "***");
	expect_mask("", 21, "");
	expect_mask(NULL, 21, "");
	/* Exactly enough room. */
	expect_mask("900101145677", 13, "********5677");
	/* Too little room: stars only, never a cut-off tail. */
	expect_mask("900101145677", 12, "***********");
	expect_mask("900101145677", 5, "****");
	expect_mask("1234", 3, "**");
	expect_mask("900101145677", 1, "");
	expect_mask("900101145677", 0, "");
	/* A NULL buffer is ignored. */
	tunas_ident_mask(NULL, 21, "900101145677");
}
END_TEST

/* ---- education ---- */

struct education_row {
	const char *code;
	int isced;
};

static const struct education_row malaysia[] = {
	{"NONE", 0},	{"UPSR", 1},   {"PT3", 2},    {"SPM", 3},  {"STPM", 3},
	{"SKM1", 3},	{"SKM2", 3},   {"SKM3", 3},   {"SKM4", 5}, {"SKM5", 5},
	{"DIPLOMA", 5}, {"DEGREE", 6}, {"MASTER", 7}, {"PHD", 8},
};

static const struct education_row indonesia[] = {
	{"NONE", 0}, {"SD", 1}, {"SMP", 2}, {"SMA", 3}, {"SMK", 3}, {"D1", 5},
	{"D2", 5},   {"D3", 5}, {"D4", 6},  {"S1", 6},	{"S2", 7},  {"S3", 8},
};

static void expect_scheme(const char *country, const struct education_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *label = tunas_education_label(country, rows[i].code);

		ck_assert_msg(tunas_education_isced(country, rows[i].code) == rows[i].isced,
			      "%s %s: ISCED %d, want %d", country, rows[i].code,
			      tunas_education_isced(country, rows[i].code), rows[i].isced);
		ck_assert_ptr_nonnull(label);
		ck_assert_msg(strchr(label, '(') != NULL, "%s %s: label \"%s\" has no gloss",
			      country, rows[i].code, label);
		/* Two levels with one label could not be told apart in a report. */
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(label, tunas_education_label(country, rows[j].code));
	}
}

START_TEST(test_education_malaysia)
{
	expect_scheme("MY", malaysia, sizeof(malaysia) / sizeof(malaysia[0]));
	ck_assert_str_eq(tunas_education_label("MY", "SPM"),
			 "Sijil Pelajaran Malaysia (SPM, upper secondary certificate)");
	ck_assert_str_eq(tunas_education_label("MY", "SKM4"),
			 "Diploma Kemahiran Malaysia (DKM, SKM 4, Malaysian Skills Diploma)");
	ck_assert_str_eq(tunas_education_label("MY", "DEGREE"),
			 "Ijazah Sarjana Muda (bachelor's degree)");
	/* Indonesian codes are not Malaysian ones. */
	ck_assert_int_eq(tunas_education_isced("MY", "SMK"), -1);
	ck_assert_int_eq(tunas_education_isced("MY", "S1"), -1);
	ck_assert_int_eq(tunas_education_isced("MY", "SKM6"), -1);
	ck_assert_int_eq(tunas_education_isced("MY", "SKM"), -1);
	ck_assert_int_eq(tunas_education_isced("MY", "spm"), -1);
	ck_assert_ptr_null(tunas_education_label("MY", "spm"));
}
END_TEST

START_TEST(test_education_indonesia)
{
	expect_scheme("ID", indonesia, sizeof(indonesia) / sizeof(indonesia[0]));
	ck_assert_str_eq(tunas_education_label("ID", "SMK"),
			 "Sekolah Menengah Kejuruan (SMK, vocational upper secondary)");
	ck_assert_int_eq(tunas_education_isced("ID", "SPM"), -1);
	ck_assert_int_eq(tunas_education_isced("ID", "D5"), -1);
	ck_assert_int_eq(tunas_education_isced("ID", "s1"), -1);
	ck_assert_int_eq(tunas_education_isced("ID", ""), -1);
}
END_TEST

START_TEST(test_education_isced_fallback)
{
	static const char *const countries[] = {"MY", "ID", "SG", "TH"};
	char code[8];

	for (size_t c = 0; c < sizeof(countries) / sizeof(countries[0]); c++) {
		for (int level = 0; level <= 8; level++) {
			snprintf(code, sizeof(code), "ISCED%d", level);
			ck_assert_int_eq(tunas_education_isced(countries[c], code), level);
			ck_assert_ptr_nonnull(tunas_education_label(countries[c], code));
		}
		ck_assert_int_eq(tunas_education_isced(countries[c], "ISCED9"), -1);
		ck_assert_int_eq(tunas_education_isced(countries[c], "ISCED"), -1);
		ck_assert_int_eq(tunas_education_isced(countries[c], "ISCED10"), -1);
		ck_assert_int_eq(tunas_education_isced(countries[c], "isced3"), -1);
	}
	ck_assert_str_eq(tunas_education_label("SG", "ISCED3"),
			 "ISCED 2011 level 3 (upper secondary education)");
	/* An unknown country has no national scheme. */
	ck_assert_int_eq(tunas_education_isced("SG", "SPM"), -1);
	ck_assert_int_eq(tunas_education_isced("SG", "NONE"), -1);
}
END_TEST

START_TEST(test_education_bad_arguments)
{
	ck_assert_int_eq(tunas_education_isced(NULL, "SPM"), -1);
	ck_assert_int_eq(tunas_education_isced("MY", NULL), -1);
	ck_assert_int_eq(tunas_education_isced(NULL, NULL), -1);
	ck_assert_ptr_null(tunas_education_label(NULL, "SPM"));
	ck_assert_ptr_null(tunas_education_label("MY", NULL));
	/* Countries are ISO 3166-1 alpha-2, upper case. */
	ck_assert_int_eq(tunas_education_isced("my", "SPM"), -1);
	ck_assert_int_eq(tunas_education_isced("MYS", "SPM"), -1);
	ck_assert_int_eq(tunas_education_isced("", "ISCED3"), -1);
	ck_assert_int_eq(tunas_education_isced("M", "ISCED3"), -1);
	ck_assert_int_eq(tunas_education_isced("M1", "ISCED3"), -1);
	ck_assert_ptr_null(tunas_education_label("", "ISCED3"));
}
END_TEST

static Suite *ident_suite(void)
{
	Suite *s = suite_create("ident");
	TCase *tc;

	tc = tcase_create("type");
	tcase_add_test(tc, test_type_parse_and_name);
	tcase_add_test(tc, test_check_bad_arguments);
	suite_add_tcase(s, tc);

	tc = tcase_create("mykad");
	tcase_add_test(tc, test_mykad_valid);
	tcase_add_test(tc, test_mykad_century);
	tcase_add_test(tc, test_mykad_bad_date);
	tcase_add_test(tc, test_mykad_bad_place_of_birth);
	tcase_add_test(tc, test_mykad_every_place_of_birth);
	tcase_add_test(tc, test_mykad_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("nik");
	tcase_add_test(tc, test_nik_valid);
	tcase_add_test(tc, test_nik_day);
	tcase_add_test(tc, test_nik_century);
	tcase_add_test(tc, test_nik_codes);
	tcase_add_test(tc, test_nik_every_province);
	tcase_add_test(tc, test_nik_format);
	suite_add_tcase(s, tc);

	tc = tcase_create("passport");
	tcase_add_test(tc, test_passport);
	suite_add_tcase(s, tc);

	tc = tcase_create("mask");
	tcase_add_test(tc, test_mask);
	suite_add_tcase(s, tc);

	tc = tcase_create("education");
	tcase_add_test(tc, test_education_malaysia);
	tcase_add_test(tc, test_education_indonesia);
	tcase_add_test(tc, test_education_isced_fallback);
	tcase_add_test(tc, test_education_bad_arguments);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ident_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
