/*
 * jsonw.c — the streaming JSON writer; see jsonw.h.
 */
#include "util/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tunas/tunas.h"
#include "util/mem.h"

/* The first allocation: a single object (one person) fits, so the common
 * response needs one malloc and no realloc. */
#define JSONW_FIRST_CAP 1024

/* Bits of open[]: what the container is, and whether it has a member yet
 * (so the next one needs a comma). */
enum { JW_OBJ = 1, JW_ARR = 2, JW_MORE = 4 };

/* What a string byte needs: copied as is (0), an ASCII escape (1), or a
 * look at the UTF-8 sequence it starts (2). */
static const unsigned char byte_class[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x00 controls */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x10 controls */
	0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 " & */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, /* 0x30 < > */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50 \ */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x70 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x80 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0x90 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xA0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xB0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xC0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xD0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xE0 */
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, /* 0xF0 */
};

static int fail(tunas_jsonw *w, int err)
{
	if (w->err == 0)
		w->err = err;
	return w->err;
}

void tunas_jsonw_init(tunas_jsonw *w, size_t max)
{
	memset(w, 0, sizeof(*w));
	/* Room for the NUL, and doubling that cannot overflow. */
	w->max = max < SIZE_MAX / 4 ? max : SIZE_MAX / 4;
}

void tunas_jsonw_dispose(tunas_jsonw *w)
{
	if (w == NULL)
		return;
	tunas_free(w->buf);
	tunas_jsonw_init(w, w->max);
}

int tunas_jsonw_finish(tunas_jsonw *w, char **out, size_t *out_len)
{
	int rc = w->err;

	if (rc == 0 && (!w->done || w->depth != 0))
		rc = TUNAS_EINVAL;
	if (rc == 0) {
		w->buf[w->len] = '\0'; /* reserve() always leaves room */
		*out = w->buf;
		*out_len = w->len;
		w->buf = NULL;
	}
	tunas_jsonw_dispose(w);
	return rc;
}

/* Make room for n more bytes and the NUL; false (and the error set) when
 * the writer has failed or cannot grow. */
static bool reserve(tunas_jsonw *w, size_t n)
{
	size_t need, ncap;
	char *nb;

	if (w->err != 0)
		return false;
	if (w->cap - w->len > n)
		return true;
	if (n > w->max - w->len) {
		fail(w, TUNAS_ELIMIT);
		return false;
	}
	need = w->len + n + 1;
	ncap = w->cap ? w->cap : JSONW_FIRST_CAP;
	while (ncap < need)
		ncap *= 2;
	if (ncap > w->max + 1)
		ncap = w->max + 1;
	nb = tunas_reallocarray(w->buf, ncap, 1);
	if (nb == NULL) {
		fail(w, TUNAS_ENOMEM);
		return false;
	}
	w->buf = nb;
	w->cap = ncap;
	return true;
}

static void put(tunas_jsonw *w, const void *p, size_t n)
{
	if (n == 0 || !reserve(w, n))
		return;
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_byte(tunas_jsonw *w, char c)
{
	if (!reserve(w, 1))
		return;
	w->buf[w->len++] = c;
}

/* The length of the valid UTF-8 sequence at s (of n bytes), or 0 when the
 * bytes there are not one: overlong forms, surrogates, code points past
 * U+10FFFF, stray continuation bytes and cut-off sequences are invalid
 * (RFC 3629; Unicode table 3-7). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len;

	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

static void put_ascii_escape(tunas_jsonw *w, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char e[6] = {'\\', 0, 0, 0, 0, 0};

	switch (c) {
	case '"':
	case '\\':
		e[1] = (char)c;
		break;
	case '\b':
		e[1] = 'b';
		break;
	case '\f':
		e[1] = 'f';
		break;
	case '\n':
		e[1] = 'n';
		break;
	case '\r':
		e[1] = 'r';
		break;
	case '\t':
		e[1] = 't';
		break;
	default: /* other controls, < > & */
		e[1] = 'u';
		e[2] = '0';
		e[3] = '0';
		e[4] = hex[c >> 4];
		e[5] = hex[c & 15];
		put(w, e, 6);
		return;
	}
	put(w, e, 2);
}

/* A quoted, escaped string. Runs of bytes that need nothing (ASCII text and
 * valid UTF-8) are copied in one go. */
static void put_string(tunas_jsonw *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	put_byte(w, '"');
	while (i < n) {
		unsigned char c = p[i];
		size_t k;

		if (byte_class[c] == 0) {
			i++;
			continue;
		}
		if (byte_class[c] == 1) {
			put(w, p + run, i - run);
			put_ascii_escape(w, c);
			run = ++i;
			continue;
		}
		k = utf8_len(p + i, n - i);
		/* U+2028 and U+2029 end a line in JavaScript. */
		if (k == 3 && c == 0xE2 && p[i + 1] == 0x80 && (p[i + 2] & 0xFE) == 0xA8) {
			put(w, p + run, i - run);
			put(w, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
			i += 3;
			run = i;
		} else if (k == 0) {
			put(w, p + run, i - run);
			put(w, "\xEF\xBF\xBD", 3); /* U+FFFD for this one byte */
			run = ++i;
		} else {
			i += k;
		}
	}
	put(w, p + run, i - run);
	put_byte(w, '"');
}

/* Before any value: the comma, or the check that a key came first. */
static bool value_begins(tunas_jsonw *w)
{
	unsigned char *top;

	if (w->err != 0)
		return false;
	if (w->depth == 0) {
		if (w->done)
			fail(w, TUNAS_EINVAL); /* one top-level value only */
		return w->err == 0;
	}
	top = &w->open[w->depth - 1];
	if (*top & JW_OBJ) {
		if (!w->key_pending)
			fail(w, TUNAS_EINVAL);
		w->key_pending = false;
		return w->err == 0;
	}
	if (*top & JW_MORE)
		put_byte(w, ',');
	*top |= JW_MORE;
	return w->err == 0;
}

static int value_ends(tunas_jsonw *w)
{
	if (w->err == 0 && w->depth == 0)
		w->done = true;
	return w->err;
}

static int open_container(tunas_jsonw *w, unsigned char kind, char c)
{
	if (!value_begins(w))
		return w->err;
	if (w->depth == TUNAS_JSONW_DEPTH_MAX)
		return fail(w, TUNAS_ELIMIT);
	put_byte(w, c);
	if (w->err == 0)
		w->open[w->depth++] = kind;
	return w->err;
}

static int close_container(tunas_jsonw *w, unsigned char kind, char c)
{
	if (w->err != 0)
		return w->err;
	if (w->depth == 0 || !(w->open[w->depth - 1] & kind) || w->key_pending)
		return fail(w, TUNAS_EINVAL);
	put_byte(w, c);
	if (w->err == 0)
		w->depth--;
	return value_ends(w);
}

int tunas_jsonw_obj_begin(tunas_jsonw *w)
{
	return open_container(w, JW_OBJ, '{');
}

int tunas_jsonw_obj_end(tunas_jsonw *w)
{
	return close_container(w, JW_OBJ, '}');
}

int tunas_jsonw_arr_begin(tunas_jsonw *w)
{
	return open_container(w, JW_ARR, '[');
}

int tunas_jsonw_arr_end(tunas_jsonw *w)
{
	return close_container(w, JW_ARR, ']');
}

int tunas_jsonw_key(tunas_jsonw *w, const char *name)
{
	unsigned char *top;

	if (w->err != 0)
		return w->err;
	if (name == NULL || w->depth == 0 || w->key_pending)
		return fail(w, TUNAS_EINVAL);
	top = &w->open[w->depth - 1];
	if (!(*top & JW_OBJ))
		return fail(w, TUNAS_EINVAL);
	if (*top & JW_MORE)
		put_byte(w, ',');
	*top |= JW_MORE;
	put_string(w, name, strlen(name));
	put_byte(w, ':');
	w->key_pending = w->err == 0;
	return w->err;
}

int tunas_jsonw_strn(tunas_jsonw *w, const char *s, size_t len)
{
	if (s == NULL)
		return tunas_jsonw_null(w);
	if (value_begins(w))
		put_string(w, s, len);
	return value_ends(w);
}

int tunas_jsonw_str(tunas_jsonw *w, const char *s)
{
	return tunas_jsonw_strn(w, s, s ? strlen(s) : 0);
}

int tunas_jsonw_int(tunas_jsonw *w, int64_t v)
{
	char tmp[24], *end = tmp + sizeof(tmp), *p = end;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	if (!value_begins(w))
		return w->err;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	put(w, p, (size_t)(end - p));
	return value_ends(w);
}

int tunas_jsonw_double(tunas_jsonw *w, double v)
{
	char tmp[40], *e;
	int n;

	if (w->err != 0)
		return w->err;
	if (!isfinite(v))
		return fail(w, TUNAS_EINVAL);
	n = snprintf(tmp, sizeof(tmp) - 2, "%.17g", v);
	if (n < 0 || (size_t)n >= sizeof(tmp) - 2)
		return fail(w, TUNAS_EINVAL);
	/* The same text jansson writes: a '.' whatever the locale, ".0" when
	 * there is neither '.' nor exponent, and an exponent without '+' or
	 * leading zeros ("1e+05" -> "1e5"). */
	for (char *c = tmp; *c; c++)
		if (*c == ',')
			*c = '.';
	if (strchr(tmp, '.') == NULL && strchr(tmp, 'e') == NULL) {
		memcpy(tmp + n, ".0", 3);
		n += 2;
	}
	e = strchr(tmp, 'e');
	if (e != NULL) {
		char *start = e + 1, *digits;

		if (*start == '-')
			start++;
		digits = *start == '+' ? start + 1 : start;
		while (*digits == '0' && digits[1] != '\0')
			digits++;
		memmove(start, digits, strlen(digits) + 1);
		n = (int)strlen(tmp);
	}
	if (value_begins(w))
		put(w, tmp, (size_t)n);
	return value_ends(w);
}

int tunas_jsonw_bool(tunas_jsonw *w, bool v)
{
	if (value_begins(w))
		put(w, v ? "true" : "false", v ? 4 : 5);
	return value_ends(w);
}

int tunas_jsonw_null(tunas_jsonw *w)
{
	if (value_begins(w))
		put(w, "null", 4);
	return value_ends(w);
}

int tunas_jsonw_kstr(tunas_jsonw *w, const char *key, const char *s)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_str(w, s);
}

int tunas_jsonw_kint(tunas_jsonw *w, const char *key, int64_t v)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_int(w, v);
}

int tunas_jsonw_kdouble(tunas_jsonw *w, const char *key, double v)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_double(w, v);
}

int tunas_jsonw_kbool(tunas_jsonw *w, const char *key, bool v)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_bool(w, v);
}

int tunas_jsonw_knull(tunas_jsonw *w, const char *key)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_null(w);
}

int tunas_jsonw_kobj(tunas_jsonw *w, const char *key)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_obj_begin(w);
}

int tunas_jsonw_karr(tunas_jsonw *w, const char *key)
{
	tunas_jsonw_key(w, key);
	return tunas_jsonw_arr_begin(w);
}
