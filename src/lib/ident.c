/*
 * ident.c — MyKad, NIK and passport numbers; national education levels.
 *
 * Everything here is a pure function over constant tables: no context, no
 * allocation, no locale. The rules and their sources are in docs/LOCAL.md;
 * a change to a table there must be made here too, and the other way round.
 */
#include "tunas/ident.h"

#include <string.h>

#define MYKAD_DIGITS 12
#define NIK_DIGITS 16
#define PASSPORT_MIN 5
#define PASSPORT_MAX TUNAS_ID_MAX
#define NIK_WOMAN_DAY 40 /* added to a woman's day of birth */

#define OUTSIDE_MALAYSIA "Outside Malaysia"

/*
 * Reasons must be static strings, yet a user fixing a typo wants to see
 * which code was read. These macros spell out one sentence per two-digit
 * code, "<what> 00 does not exist" .. "<what> 99 does not exist", so a
 * table indexed by the code gives the sentence for it.
 */
#define CODE_REASON(what, a, b) what " " #a #b " does not exist"
#define CODE_REASON_ROW(what, a)                                                                   \
	CODE_REASON(what, a, 0), CODE_REASON(what, a, 1), CODE_REASON(what, a, 2),                 \
		CODE_REASON(what, a, 3), CODE_REASON(what, a, 4), CODE_REASON(what, a, 5),         \
		CODE_REASON(what, a, 6), CODE_REASON(what, a, 7), CODE_REASON(what, a, 8),         \
		CODE_REASON(what, a, 9)
#define CODE_REASONS(what)                                                                         \
	CODE_REASON_ROW(what, 0), CODE_REASON_ROW(what, 1), CODE_REASON_ROW(what, 2),              \
		CODE_REASON_ROW(what, 3), CODE_REASON_ROW(what, 4), CODE_REASON_ROW(what, 5),      \
		CODE_REASON_ROW(what, 6), CODE_REASON_ROW(what, 7), CODE_REASON_ROW(what, 8),      \
		CODE_REASON_ROW(what, 9)

static const char *const place_of_birth_reason[100] = {
	CODE_REASONS("place-of-birth code"),
};

static const char *const province_reason[100] = {
	CODE_REASONS("province code"),
};

/*
 * MyKad place-of-birth codes (digits 7 and 8) as issued by the National
 * Registration Department (JPN). Codes not listed do not exist. Region ""
 * means the code exists but names no state (82: state unknown).
 */
struct place_of_birth {
	int lo, hi;
	const char *region;
};

static const struct place_of_birth places_of_birth[] = {
	{1, 1, "Johor"},
	{2, 2, "Kedah"},
	{3, 3, "Kelantan"},
	{4, 4, "Melaka"},
	{5, 5, "Negeri Sembilan"},
	{6, 6, "Pahang"},
	{7, 7, "Pulau Pinang"},
	{8, 8, "Perak"},
	{9, 9, "Perlis"},
	{10, 10, "Selangor"},
	{11, 11, "Terengganu"},
	{12, 12, "Sabah"},
	{13, 13, "Sarawak"},
	{14, 14, "WP Kuala Lumpur"},
	{15, 15, "WP Labuan"},
	{16, 16, "WP Putrajaya"},
	{21, 24, "Johor"},
	{25, 27, "Kedah"},
	{28, 29, "Kelantan"},
	{30, 30, "Melaka"},
	{31, 31, "Negeri Sembilan"},
	{32, 33, "Pahang"},
	{34, 35, "Pulau Pinang"},
	{36, 39, "Perak"},
	{40, 40, "Perlis"},
	{41, 44, "Selangor"},
	{45, 46, "Terengganu"},
	{47, 49, "Sabah"},
	{50, 53, "Sarawak"},
	{54, 57, "WP Kuala Lumpur"},
	{58, 58, "WP Labuan"},
	{59, 59, "Negeri Sembilan"},
	{60, 68, OUTSIDE_MALAYSIA},
	{71, 72, OUTSIDE_MALAYSIA},
	{74, 79, OUTSIDE_MALAYSIA},
	{82, 82, ""},
	{83, 93, OUTSIDE_MALAYSIA},
	{98, 99, OUTSIDE_MALAYSIA},
};

/* Indonesian province codes (the first two digits of a NIK), as in the
 * Kemendagri region codes, including the Papua provinces created in 2022. */
struct province {
	int code;
	const char *name;
};

static const struct province provinces[] = {
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

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct date {
	int y, m, d;
};

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char to_upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

/* The value of n decimal digits at p; the caller has checked they are. */
static int digits_value(const char *p, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* Copy src into dst of `size` bytes, truncating; dst is always terminated. */
static void copy_string(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static bool is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap_year(y))
		return 29;
	return days[m - 1];
}

static int date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

/* Parse exactly "YYYY-MM-DD" naming a real date, year 0001 to 9999. */
static bool parse_iso_date(struct date *out, const char *s)
{
	struct date d;

	if (!s)
		return false;
	/* Stops at the terminator of a short string: '\0' is neither. */
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (!is_digit(s[i])) {
			return false;
		}
	}
	if (s[10] != '\0')
		return false;
	d.y = digits_value(s, 4);
	d.m = digits_value(s + 5, 2);
	d.d = digits_value(s + 8, 2);
	if (d.y < 1 || d.m < 1 || d.m > 12 || d.d < 1 || d.d > days_in_month(d.y, d.m))
		return false;
	*out = d;
	return true;
}

/* Write d as YYYY-MM-DD into out (11 bytes); years are 1900..2099 here. */
static void format_date(char out[11], const struct date *d)
{
	int v[3] = {d->y, d->m, d->d};
	int width[3] = {4, 2, 2};
	size_t pos = 0;

	for (int f = 0; f < 3; f++) {
		if (f > 0)
			out[pos++] = '-';
		for (int i = width[f] - 1; i >= 0; i--) {
			out[pos + (size_t)i] = (char)('0' + v[f] % 10);
			v[f] /= 10;
		}
		pos += (size_t)width[f];
	}
	out[pos] = '\0';
}

/* Why a day that is within 1..31 does not exist in its month. */
static const char *missing_day_reason(int m, int d)
{
	switch (m) {
	case 2:
		if (d == 29)
			return "birth date 29 February does not exist in that year";
		return d == 30 ? "birth date 30 February does not exist"
			       : "birth date 31 February does not exist";
	case 4:
		return "birth date 31 April does not exist";
	case 6:
		return "birth date 31 June does not exist";
	case 9:
		return "birth date 31 September does not exist";
	default:
		return "birth date 31 November does not exist";
	}
}

/*
 * The full birth date from a two-digit year, month 1..12 and day 1..31:
 * 20YY unless that is after today, else 19YY. Returns NULL and sets *out,
 * or returns why the date is not a birth date.
 */
static const char *birth_date(struct date *out, int yy, int m, int d, const struct date *today)
{
	struct date b = {2000 + yy, m, d};

	if (date_cmp(&b, today) > 0)
		b.y = 1900 + yy;
	if (d > days_in_month(b.y, m))
		return missing_day_reason(m, d);
	if (date_cmp(&b, today) > 0)
		return "birth date is in the future";
	*out = b;
	return NULL;
}

enum digits_result {
	DIGITS_OK,
	DIGITS_BAD_CHAR,
	DIGITS_TOO_FEW,
	DIGITS_TOO_MANY,
};

/*
 * Collect exactly `want` digits of raw into out (want + 1 bytes), skipping
 * '-' and ' '. Any other character is reported before a wrong count, since
 * it is the likelier mistake (a letter O for a zero).
 */
static enum digits_result collect_digits(char *out, size_t want, const char *raw)
{
	size_t n = 0;

	for (const char *p = raw; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (!is_digit(*p))
			return DIGITS_BAD_CHAR;
		if (n < want)
			out[n] = *p;
		n++;
	}
	if (n < want)
		return DIGITS_TOO_FEW;
	if (n > want)
		return DIGITS_TOO_MANY;
	out[want] = '\0';
	return DIGITS_OK;
}

static const struct place_of_birth *find_place_of_birth(int code)
{
	for (size_t i = 0; i < COUNT(places_of_birth); i++)
		if (code >= places_of_birth[i].lo && code <= places_of_birth[i].hi)
			return &places_of_birth[i];
	return NULL;
}

static const struct province *find_province(int code)
{
	for (size_t i = 0; i < COUNT(provinces); i++)
		if (provinces[i].code == code)
			return &provinces[i];
	return NULL;
}

/* MyKad: YYMMDD PB ###G. Returns NULL and fills *info, or the reason. */
static const char *check_mykad(tunas_ident_info *info, const char *raw, const struct date *today)
{
	char digits[MYKAD_DIGITS + 1];
	const struct place_of_birth *pb;
	struct date born;
	const char *why;
	int month, day, code;

	switch (collect_digits(digits, MYKAD_DIGITS, raw)) {
	case DIGITS_OK:
		break;
	case DIGITS_BAD_CHAR:
		return "MyKad number may contain only digits, '-' and spaces";
	case DIGITS_TOO_FEW:
		return "MyKad number must have 12 digits; it has fewer";
	case DIGITS_TOO_MANY:
		return "MyKad number must have 12 digits; it has more";
	}

	month = digits_value(digits + 2, 2);
	day = digits_value(digits + 4, 2);
	if (month < 1 || month > 12)
		return "birth month must be 01 to 12";
	if (day < 1 || day > 31)
		return "birth day must be 01 to 31";
	why = birth_date(&born, digits_value(digits, 2), month, day, today);
	if (why)
		return why;

	code = digits_value(digits + 6, 2);
	pb = find_place_of_birth(code);
	if (!pb)
		return place_of_birth_reason[code];

	copy_string(info->canonical, sizeof(info->canonical), digits);
	format_date(info->birth_date, &born);
	info->sex = (digits[11] - '0') % 2 ? 'M' : 'F';
	copy_string(info->region, sizeof(info->region), pb->region);
	return NULL;
}

/* NIK: PP RR DD DDMMYY SSSS. Returns NULL and fills *info, or the reason. */
static const char *check_nik(tunas_ident_info *info, const char *raw, const struct date *today)
{
	char digits[NIK_DIGITS + 1];
	const struct province *prov;
	struct date born;
	const char *why;
	int code, month, day;
	char sex = 'M';

	switch (collect_digits(digits, NIK_DIGITS, raw)) {
	case DIGITS_OK:
		break;
	case DIGITS_BAD_CHAR:
		return "NIK may contain only digits, '-' and spaces";
	case DIGITS_TOO_FEW:
		return "NIK must have 16 digits; it has fewer";
	case DIGITS_TOO_MANY:
		return "NIK must have 16 digits; it has more";
	}

	code = digits_value(digits, 2);
	prov = find_province(code);
	if (!prov)
		return province_reason[code];
	if (digits_value(digits + 2, 2) == 0)
		return "regency/city code 00 does not exist";
	if (digits_value(digits + 4, 2) == 0)
		return "district code 00 does not exist";

	day = digits_value(digits + 6, 2);
	month = digits_value(digits + 8, 2);
	if (day > NIK_WOMAN_DAY) {
		day -= NIK_WOMAN_DAY;
		sex = 'F';
	}
	if (day < 1 || day > 31)
		return "birth day must be 01 to 31, or 41 to 71 for women";
	if (month < 1 || month > 12)
		return "birth month must be 01 to 12";
	why = birth_date(&born, digits_value(digits + 10, 2), month, day, today);
	if (why)
		return why;

	if (digits_value(digits + 12, 4) == 0)
		return "serial 0000 is not issued";

	copy_string(info->canonical, sizeof(info->canonical), digits);
	format_date(info->birth_date, &born);
	info->sex = sex;
	copy_string(info->region, sizeof(info->region), prov->name);
	return NULL;
}

/* Passport: trimmed, 5 to 20 ASCII letters and digits, upper-cased. */
static const char *check_passport(tunas_ident_info *info, const char *raw)
{
	const char *start = raw;
	const char *end;
	size_t len;

	while (is_space(*start))
		start++;
	end = start + strlen(start);
	while (end > start && is_space(end[-1]))
		end--;
	len = (size_t)(end - start);

	for (size_t i = 0; i < len; i++)
		if (!is_alnum(start[i]))
			return "passport number may contain only letters A-Z and digits";
	if (len < PASSPORT_MIN)
		return "passport number must have at least 5 characters";
	if (len > PASSPORT_MAX)
		return "passport number must have at most 20 characters";

	for (size_t i = 0; i < len; i++)
		info->canonical[i] = to_upper(start[i]);
	info->canonical[len] = '\0';
	return NULL;
}

tunas_id_type tunas_ident_type_parse(const char *s)
{
	if (!s)
		return TUNAS_ID_NONE;
	if (strcmp(s, "mykad") == 0)
		return TUNAS_ID_MYKAD;
	if (strcmp(s, "nik") == 0)
		return TUNAS_ID_NIK;
	if (strcmp(s, "passport") == 0)
		return TUNAS_ID_PASSPORT;
	return TUNAS_ID_NONE;
}

const char *tunas_ident_type_name(tunas_id_type type)
{
	switch (type) {
	case TUNAS_ID_MYKAD:
		return "mykad";
	case TUNAS_ID_NIK:
		return "nik";
	case TUNAS_ID_PASSPORT:
		return "passport";
	case TUNAS_ID_NONE:
		break;
	}
	return NULL;
}

bool tunas_ident_check(tunas_ident_info *out, tunas_id_type type, const char *raw,
		       const char *today, const char **reason)
{
	tunas_ident_info info;
	struct date now;
	const char *why;

	memset(&info, 0, sizeof(info));
	if (!raw) {
		why = "no identity number given";
		goto out;
	}
	switch (type) {
	case TUNAS_ID_MYKAD:
	case TUNAS_ID_NIK:
		if (!parse_iso_date(&now, today)) {
			why = "today's date is not a valid YYYY-MM-DD date";
			goto out;
		}
		why = type == TUNAS_ID_MYKAD ? check_mykad(&info, raw, &now)
					     : check_nik(&info, raw, &now);
		break;
	case TUNAS_ID_PASSPORT:
		why = check_passport(&info, raw);
		break;
	case TUNAS_ID_NONE:
	default:
		why = "unknown identity number type";
		break;
	}

out:
	if (reason)
		*reason = why;
	if (why)
		return false;
	if (out)
		*out = info;
	return true;
}

void tunas_ident_mask(char *out, size_t outlen, const char *canonical)
{
	size_t len, shown;

	if (!out || outlen == 0)
		return;
	if (!canonical)
		canonical = "";
	len = strlen(canonical);
	shown = len > 4 ? 4 : 0;

	if (len >= outlen) {
		/* Too small for the masked form: stars only, so a cut-off tail
		 * is never mistaken for the real last four characters. */
		memset(out, '*', outlen - 1);
		out[outlen - 1] = '\0';
		return;
	}
	memset(out, '*', len - shown);
	memcpy(out + (len - shown), canonical + (len - shown), shown);
	out[len] = '\0';
}

/*
 * Education levels. Each row: the code stored in Tunas, its ISCED 2011
 * level (attainment, ISCED-A), and a label: the national name, then in
 * parentheses its usual abbreviation and an English gloss. docs/LOCAL.md
 * gives the reasons for the judgement calls.
 */
struct education_level {
	const char *code;
	int isced;
	const char *label;
};

static const struct education_level malaysia_levels[] = {
	{"NONE", 0, "Tiada pendidikan formal (no formal education)"},
	{"UPSR", 1, "Ujian Pencapaian Sekolah Rendah (UPSR, end of primary school)"},
	{"PT3", 2, "Pentaksiran Tingkatan 3 (PT3, end of lower secondary)"},
	{"SPM", 3, "Sijil Pelajaran Malaysia (SPM, upper secondary certificate)"},
	{"STPM", 3, "Sijil Tinggi Persekolahan Malaysia (STPM, Form Six certificate)"},
	{"SKM1", 3, "Sijil Kemahiran Malaysia Tahap 1 (SKM 1, Malaysian Skills Certificate)"},
	{"SKM2", 3, "Sijil Kemahiran Malaysia Tahap 2 (SKM 2, Malaysian Skills Certificate)"},
	{"SKM3", 3, "Sijil Kemahiran Malaysia Tahap 3 (SKM 3, Malaysian Skills Certificate)"},
	{"SKM4", 5, "Diploma Kemahiran Malaysia (DKM, SKM 4, Malaysian Skills Diploma)"},
	{"SKM5", 5,
	 "Diploma Lanjutan Kemahiran Malaysia (DLKM, SKM 5, Malaysian Skills Advanced Diploma)"},
	{"DIPLOMA", 5, "Diploma (MQF level 4, tertiary diploma)"},
	{"DEGREE", 6, "Ijazah Sarjana Muda (bachelor's degree)"},
	{"MASTER", 7, "Ijazah Sarjana (master's degree)"},
	{"PHD", 8, "Ijazah Doktor Falsafah (PhD, doctoral degree)"},
};

static const struct education_level indonesia_levels[] = {
	{"NONE", 0, "Tidak/belum pernah sekolah (no formal education)"},
	{"SD", 1, "Sekolah Dasar (SD, primary school)"},
	{"SMP", 2, "Sekolah Menengah Pertama (SMP, lower secondary)"},
	{"SMA", 3, "Sekolah Menengah Atas (SMA, general upper secondary)"},
	{"SMK", 3, "Sekolah Menengah Kejuruan (SMK, vocational upper secondary)"},
	{"D1", 5, "Diploma Satu (D1, one-year diploma)"},
	{"D2", 5, "Diploma Dua (D2, two-year diploma)"},
	{"D3", 5, "Diploma Tiga (D3, three-year diploma)"},
	{"D4", 6, "Diploma Empat / Sarjana Terapan (D4, applied bachelor's degree)"},
	{"S1", 6, "Sarjana (S1, bachelor's degree)"},
	{"S2", 7, "Magister (S2, master's degree)"},
	{"S3", 8, "Doktor (S3, doctoral degree)"},
};

/* Accepted for every country, whether or not its scheme is known. */
static const struct education_level isced_levels[] = {
	{"ISCED0", 0, "ISCED 2011 level 0 (less than primary education)"},
	{"ISCED1", 1, "ISCED 2011 level 1 (primary education)"},
	{"ISCED2", 2, "ISCED 2011 level 2 (lower secondary education)"},
	{"ISCED3", 3, "ISCED 2011 level 3 (upper secondary education)"},
	{"ISCED4", 4, "ISCED 2011 level 4 (post-secondary non-tertiary education)"},
	{"ISCED5", 5, "ISCED 2011 level 5 (short-cycle tertiary education)"},
	{"ISCED6", 6, "ISCED 2011 level 6 (bachelor's or equivalent)"},
	{"ISCED7", 7, "ISCED 2011 level 7 (master's or equivalent)"},
	{"ISCED8", 8, "ISCED 2011 level 8 (doctoral or equivalent)"},
};

struct education_scheme {
	const char *country;
	const struct education_level *levels;
	size_t n;
};

static const struct education_scheme education_schemes[] = {
	{"MY", malaysia_levels, COUNT(malaysia_levels)},
	{"ID", indonesia_levels, COUNT(indonesia_levels)},
};

static const struct education_level *find_level_in(const struct education_level *levels, size_t n,
						   const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(levels[i].code, code) == 0)
			return &levels[i];
	return NULL;
}

/* The row for `level` in `country`'s scheme or the ISCED codes, or NULL.
 * Country codes are two upper-case letters, as stored everywhere else. */
static const struct education_level *find_level(const char *country, const char *level)
{
	const struct education_level *row;

	if (!country || !level)
		return NULL;
	if (country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z' ||
	    country[2] != '\0')
		return NULL;
	for (size_t i = 0; i < COUNT(education_schemes); i++) {
		if (strcmp(education_schemes[i].country, country) != 0)
			continue;
		row = find_level_in(education_schemes[i].levels, education_schemes[i].n, level);
		if (row)
			return row;
	}
	return find_level_in(isced_levels, COUNT(isced_levels), level);
}

int tunas_education_isced(const char *country, const char *level)
{
	const struct education_level *row = find_level(country, level);

	return row ? row->isced : -1;
}

const char *tunas_education_label(const char *country, const char *level)
{
	const struct education_level *row = find_level(country, level);

	return row ? row->label : NULL;
}
