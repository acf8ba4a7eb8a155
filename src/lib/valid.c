/*
 * valid.c — field validators; see valid.h.
 */
#include "valid.h"

#include <string.h>

#include "ctx.h"
#include "tunas/programme.h"

bool tunas_utf8_is_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + n >= len) /* the sequence runs past the end */
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

int tunas_valid_text(tunas_ctx *ctx, const char *field, const char *s, size_t min, size_t max)
{
	size_t len = strlen(s);

	if (len < min)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      min == 1 ? "is required" : "must be at least %zu characters",
				      min);
	if (len > max)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be at most %zu bytes", max);
	if (!tunas_utf8_is_valid(s, len))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is not valid UTF-8");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "contains a control character");
	}
	return TUNAS_OK;
}

int tunas_valid_date(tunas_ctx *ctx, const char *field, const char *s, bool required)
{
	if (s[0] == '\0')
		return required ? tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is required") : 0;
	if (!tunas_date_is_valid(s))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "must be a real date written YYYY-MM-DD");
	return TUNAS_OK;
}

int tunas_valid_country(tunas_ctx *ctx, const char *field, const char *s)
{
	if (strlen(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z')
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "must be an ISO 3166-1 alpha-2 code such as MY or ID");
	return TUNAS_OK;
}

int tunas_valid_currency(tunas_ctx *ctx, const char *field, const char *s)
{
	if (tunas_currency_decimals(s) >= 0)
		return TUNAS_OK;
	return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
			      "must be one of MYR, IDR, USD, CNY, SGD, EUR, THB, PHP, VND, BND");
}

int tunas_valid_email(tunas_ctx *ctx, const char *field, const char *s)
{
	const char *at, *dot;
	int rc;

	if (s[0] == '\0')
		return TUNAS_OK;
	if ((rc = tunas_valid_text(ctx, field, s, 3, TUNAS_NAME_MAX)) != 0)
		return rc;
	at = strchr(s, '@');
	dot = at ? strrchr(at, '.') : NULL;
	if (at == NULL || at == s || strchr(at + 1, '@') || dot == NULL || dot == at + 1 ||
	    dot[1] == '\0' || strpbrk(s, " \t\n<>\",;") != NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is not an email address");
	return TUNAS_OK;
}

int tunas_valid_phone(tunas_ctx *ctx, const char *field, const char *s)
{
	size_t len = strlen(s), digits = 0;

	if (len == 0)
		return TUNAS_OK;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c >= '0' && c <= '9')
			digits++;
		else if (!(c == ' ' || c == '-' || (c == '+' && i == 0)))
			return tunas_ctx_fail(
				ctx, TUNAS_EINVAL, field,
				"may hold only digits, spaces, dashes and a leading +");
	}
	if (digits < 6 || len > 20)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must have 6 to 20 characters");
	return TUNAS_OK;
}

int tunas_valid_page(tunas_ctx *ctx, const tunas_page *page)
{
	if (page == NULL || page->limit < 1 || page->limit > TUNAS_PAGE_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "limit", "must be 1 to %d",
				      TUNAS_PAGE_MAX);
	if (page->after_id < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "after", "must not be negative");
	return TUNAS_OK;
}

const char *tunas_enum_name(const char *const *names, size_t n, int v)
{
	return v > 0 && (size_t)v < n && names[v] != NULL ? names[v] : "none";
}

int tunas_enum_parse(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 1; name != NULL && i < n; i++)
		if (names[i] != NULL && strcmp(names[i], name) == 0)
			return (int)i;
	return 0;
}

int64_t tunas_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void tunas_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

bool tunas_date_days(const char *s, int64_t *out)
{
	if (s == NULL || !tunas_date_is_valid(s))
		return false;
	*out = tunas_days_from_civil(
		(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'),
		(s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
	return true;
}
