/*
 * jcs.c — RFC 8785 JSON canonicalisation; see jcs.h.
 */
#include "util/jcs.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/tunas.h"
#include "util/mem.h"

/* 2^53: every integer up to this magnitude is an exact double. */
#define EXACT_INT_MAX 9007199254740992LL

typedef struct {
	char *data;
	size_t len, cap;
} jcs_buf;

typedef struct {
	const char *key;
	size_t len;
	json_t *value;
} member;

static int buf_put(jcs_buf *b, const char *s, size_t n)
{
	if (n > TUNAS_JCS_MAX - b->len)
		return TUNAS_ELIMIT;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (cap > (size_t)TUNAS_JCS_MAX + 1)
			cap = (size_t)TUNAS_JCS_MAX + 1;
		p = tunas_reallocarray(b->data, cap, 1);
		if (p == NULL)
			return TUNAS_ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TUNAS_OK;
}

static int buf_puts(jcs_buf *b, const char *s)
{
	return buf_put(b, s, strlen(s));
}

/* The length of the well-formed UTF-8 sequence at s (at most n bytes) and
 * its code point in *cp; 0 if it is not well formed (overlong forms,
 * surrogates and values beyond U+10FFFF are not). */
static size_t utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c, min;
	size_t len;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xe0) == 0xc0) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static bool utf8_valid(const char *s, size_t n)
{
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t k = utf8_next(s + i, n - i, &cp);

		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

/* The first UTF-16 code unit of a code point. */
static uint32_t utf16_lead(uint32_t cp)
{
	return cp < 0x10000 ? cp : 0xd800 + ((cp - 0x10000) >> 10);
}

/*
 * Order two valid UTF-8 names by their UTF-16 code units (RFC 8785 section
 * 3.2.3). Code point order and UTF-16 order agree except that a
 * supplementary character (a surrogate pair, lead unit D800-DBFF) sorts
 * before U+E000-U+FFFF in UTF-16; comparing lead units settles that, and
 * equal lead units mean both are supplementary, where code point order is
 * UTF-16 order.
 */
static int member_cmp(const void *pa, const void *pb)
{
	const member *a = pa, *b = pb;
	size_t i = 0, j = 0;

	while (i < a->len && j < b->len) {
		uint32_t ca = 0, cb = 0;
		size_t ka = utf8_next(a->key + i, a->len - i, &ca);
		size_t kb = utf8_next(b->key + j, b->len - j, &cb);

		if (ka == 0 || kb == 0) /* validated before sorting */
			return 0;
		if (ca != cb) {
			uint32_t la = utf16_lead(ca), lb = utf16_lead(cb);

			if (la != lb)
				return la < lb ? -1 : 1;
			return ca < cb ? -1 : 1;
		}
		i += ka;
		j += kb;
	}
	if (i < a->len)
		return 1;
	if (j < b->len)
		return -1;
	return 0;
}

static int put_string(jcs_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0, i = 0;
	int rc;

	if ((rc = buf_put(b, "\"", 1)) != 0)
		return rc;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char esc[7];
		size_t elen = 2;
		uint32_t cp;

		if (c >= 0x80) {
			size_t k = utf8_next(s + i, n - i, &cp);

			if (k == 0)
				return TUNAS_EINVAL;
			i += k;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		esc[0] = '\\';
		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\t':
			esc[1] = 't';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			elen = 6;
			break;
		}
		if ((rc = buf_put(b, s + start, i - start)) != 0 ||
		    (rc = buf_put(b, esc, elen)) != 0)
			return rc;
		i++;
		start = i;
	}
	if ((rc = buf_put(b, s + start, n - start)) != 0)
		return rc;
	return buf_put(b, "\"", 1);
}

int tunas_jcs_number(char out[TUNAS_JCS_NUMBER_SIZE], double d)
{
	char sci[40], digits[24], res[TUNAS_JCS_NUMBER_SIZE];
	const char *e;
	size_t k = 0, pos = 0;
	int n, p;

	if (!isfinite(d))
		return TUNAS_EINVAL;
	if (d == 0) { /* and -0 */
		memcpy(out, "0", 2);
		return TUNAS_OK;
	}
	if (d < 0) {
		res[pos++] = '-';
		d = -d;
	}
	/*
	 * The shortest decimal that reads back as d: glibc's printf rounds
	 * correctly, so the first precision whose output round-trips gives
	 * the fewest digits, and among those the one nearest to d, which is
	 * the choice ECMAScript's Number::toString makes.
	 */
	for (p = 1; p <= 17; p++) {
		snprintf(sci, sizeof(sci), "%.*e", p - 1, d);
		if (strtod(sci, NULL) == d)
			break;
	}
	e = strchr(sci, 'e');
	if (e == NULL)
		return TUNAS_EINVAL;
	for (const char *c = sci; c < e && k < sizeof(digits) - 1; c++)
		if (*c >= '0' && *c <= '9')
			digits[k++] = *c;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	/* d = 0.digits * 10^n, in the terms of ECMA-262 Number::toString. */
	n = (int)strtol(e + 1, NULL, 10) + 1;
	if ((int)k <= n && n <= 21) {
		memcpy(res + pos, digits, k);
		pos += k;
		memset(res + pos, '0', (size_t)n - k);
		pos += (size_t)n - k;
	} else if (0 < n && n <= 21) {
		memcpy(res + pos, digits, (size_t)n);
		pos += (size_t)n;
		res[pos++] = '.';
		memcpy(res + pos, digits + n, k - (size_t)n);
		pos += k - (size_t)n;
	} else if (-6 < n && n <= 0) {
		res[pos++] = '0';
		res[pos++] = '.';
		memset(res + pos, '0', (size_t)-n);
		pos += (size_t)-n;
		memcpy(res + pos, digits, k);
		pos += k;
	} else {
		res[pos++] = digits[0];
		if (k > 1) {
			res[pos++] = '.';
			memcpy(res + pos, digits + 1, k - 1);
			pos += k - 1;
		}
		pos += (size_t)snprintf(res + pos, sizeof(res) - pos, "e%c%d",
					n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	res[pos] = '\0';
	memcpy(out, res, pos + 1);
	return TUNAS_OK;
}

static int put_value(jcs_buf *b, const json_t *v, int depth);

static int put_object(jcs_buf *b, const json_t *obj, int depth)
{
	size_t n = json_object_size(obj), i = 0;
	member *m = NULL;
	int rc;

	if (n == 0)
		return buf_put(b, "{}", 2);
	m = tunas_reallocarray(NULL, n, sizeof(*m));
	if (m == NULL)
		return TUNAS_ENOMEM;
	/* jansson's iterator does not modify the object. */
	for (void *it = json_object_iter((json_t *)obj); it != NULL && i < n;
	     it = json_object_iter_next((json_t *)obj, it), i++) {
		m[i].key = json_object_iter_key(it);
		m[i].len = json_object_iter_key_len(it);
		m[i].value = json_object_iter_value(it);
		if (!utf8_valid(m[i].key, m[i].len)) {
			rc = TUNAS_EINVAL;
			goto out;
		}
	}
	qsort(m, i, sizeof(*m), member_cmp);
	rc = buf_put(b, "{", 1);
	for (size_t j = 0; rc == 0 && j < i; j++) {
		if (j > 0)
			rc = buf_put(b, ",", 1);
		if (rc == 0)
			rc = put_string(b, m[j].key, m[j].len);
		if (rc == 0)
			rc = buf_put(b, ":", 1);
		if (rc == 0)
			rc = put_value(b, m[j].value, depth + 1);
	}
	if (rc == 0)
		rc = buf_put(b, "}", 1);
out:
	tunas_free(m);
	return rc;
}

static int put_value(jcs_buf *b, const json_t *v, int depth)
{
	char num[TUNAS_JCS_NUMBER_SIZE];
	int rc;

	if (depth > TUNAS_JCS_DEPTH_MAX)
		return TUNAS_ELIMIT;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return put_object(b, v, depth);
	case JSON_ARRAY:
		rc = buf_put(b, "[", 1);
		for (size_t i = 0; rc == 0 && i < json_array_size(v); i++) {
			if (i > 0)
				rc = buf_put(b, ",", 1);
			if (rc == 0)
				rc = put_value(b, json_array_get(v, i), depth + 1);
		}
		return rc != 0 ? rc : buf_put(b, "]", 1);
	case JSON_STRING:
		return put_string(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: {
		json_int_t i = json_integer_value(v);

		if (i >= -EXACT_INT_MAX && i <= EXACT_INT_MAX)
			snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, i);
		else if ((rc = tunas_jcs_number(num, (double)i)) != 0)
			return rc;
		return buf_puts(b, num);
	}
	case JSON_REAL:
		if ((rc = tunas_jcs_number(num, json_real_value(v))) != 0)
			return rc;
		return buf_puts(b, num);
	case JSON_TRUE:
		return buf_put(b, "true", 4);
	case JSON_FALSE:
		return buf_put(b, "false", 5);
	case JSON_NULL:
		return buf_put(b, "null", 4);
	}
	return TUNAS_EINVAL;
}

int tunas_jcs_encode(char **out, size_t *outlen, const json_t *value)
{
	jcs_buf b = {NULL, 0, 0};
	int rc;

	if (value == NULL)
		return TUNAS_EINVAL;
	rc = put_value(&b, value, 0);
	if (rc != 0)
		goto out;
	*out = b.data;
	*outlen = b.len;
	b.data = NULL;
out:
	tunas_free(b.data);
	return rc;
}
