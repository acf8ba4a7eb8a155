/*
 * valid.h — field validators shared by the library's modules.
 *
 * Each checks one value and, when it is bad, records the field name and a
 * reason on ctx and returns TUNAS_EINVAL; 0 when it is good.
 */
#ifndef TUNAS_VALID_H
#define TUNAS_VALID_H

#include "tunas/tunas.h"

/* UTF-8 text of min..max bytes with no control characters. */
int tunas_valid_text(tunas_ctx *ctx, const char *field, const char *s, size_t min, size_t max);
/* A date YYYY-MM-DD; empty is allowed when !required. */
int tunas_valid_date(tunas_ctx *ctx, const char *field, const char *s, bool required);
/* ISO 3166-1 alpha-2, upper case. */
int tunas_valid_country(tunas_ctx *ctx, const char *field, const char *s);
/* ISO 4217 code among those Tunas formats (MYR, IDR, USD, ...). */
int tunas_valid_currency(tunas_ctx *ctx, const char *field, const char *s);
/* Empty, or something@domain.tld without spaces. */
int tunas_valid_email(tunas_ctx *ctx, const char *field, const char *s);
/* Empty, or + and digits, spaces and dashes, 6..20 characters. */
int tunas_valid_phone(tunas_ctx *ctx, const char *field, const char *s);
int tunas_valid_page(tunas_ctx *ctx, const tunas_page *page);
/* Names of an enum's values, names[v] for v in 1..n-1 (0 is "none"):
 * the name of v ("none" when out of range), and the value of a name (0 when
 * unknown or NULL). */
const char *tunas_enum_name(const char *const *names, size_t n, int v);
int tunas_enum_parse(const char *const *names, size_t n, const char *name);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back
 * (H. Hinnant's algorithms). */
int64_t tunas_days_from_civil(int64_t y, int m, int d);
void tunas_civil_from_days(int64_t z, int *y, int *m, int *d);
/* The day number of a valid "YYYY-MM-DD"; false if it is not one. */
bool tunas_date_days(const char *s, int64_t *out);

/* Well-formed UTF-8 (no overlongs, no surrogates). */
bool tunas_utf8_is_valid(const char *s, size_t len);

#endif
