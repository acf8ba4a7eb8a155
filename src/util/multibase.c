/*
 * multibase.c — base58btc and base64url multibase values; see multibase.h.
 */
#include "util/multibase.h"

#include <sodium.h>
#include <stdint.h>
#include <string.h>

#include "tunas/tunas.h"
#include "util/mem.h"

static const char b58_alphabet[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Digits of the longest value, and bytes of the longest accepted text. */
#define B58_DIGITS_MAX (TUNAS_BASE58_MAX * 138 / 100 + 1)

int tunas_base58_encode(char *out, size_t outsize, const void *in, size_t len)
{
	const unsigned char *bytes = in;
	unsigned char digits[B58_DIGITS_MAX];
	size_t zeros = 0, ndigits = 0, need;

	if (len > TUNAS_BASE58_MAX)
		return TUNAS_ELIMIT;
	while (zeros < len && bytes[zeros] == 0)
		zeros++;
	/* Repeated division of the big-endian number by 58, least
	 * significant digit first in `digits`. */
	for (size_t i = zeros; i < len; i++) {
		unsigned int carry = bytes[i];

		for (size_t j = 0; j < ndigits; j++) {
			carry += (unsigned int)digits[j] << 8;
			digits[j] = (unsigned char)(carry % 58);
			carry /= 58;
		}
		while (carry > 0) {
			digits[ndigits++] = (unsigned char)(carry % 58);
			carry /= 58;
		}
	}
	need = 1 + zeros + ndigits + 1;
	if (need > outsize)
		return TUNAS_ELIMIT;
	out[0] = 'z';
	memset(out + 1, '1', zeros);
	for (size_t j = 0; j < ndigits; j++)
		out[1 + zeros + j] = b58_alphabet[digits[ndigits - 1 - j]];
	out[need - 1] = '\0';
	return TUNAS_OK;
}

static int b58_value(char c)
{
	const char *p = c != '\0' ? strchr(b58_alphabet, c) : NULL;

	return p != NULL ? (int)(p - b58_alphabet) : -1;
}

int tunas_base58_decode(unsigned char *out, size_t *outlen, size_t outsize, const char *in)
{
	unsigned char bytes[TUNAS_BASE58_MAX];
	size_t len, zeros = 0, nbytes = 0;

	if (in[0] != 'z')
		return TUNAS_EINVAL;
	in++;
	len = strnlen(in, B58_DIGITS_MAX + TUNAS_BASE58_MAX + 1);
	if (len > B58_DIGITS_MAX + TUNAS_BASE58_MAX)
		return TUNAS_ELIMIT;
	while (zeros < len && in[zeros] == '1')
		zeros++;
	if (zeros > TUNAS_BASE58_MAX)
		return TUNAS_ELIMIT;
	/* Multiply-and-add in base 256, least significant byte first. */
	for (size_t i = zeros; i < len; i++) {
		int v = b58_value(in[i]);
		unsigned int carry;

		if (v < 0)
			return TUNAS_EINVAL;
		carry = (unsigned int)v;
		for (size_t j = 0; j < nbytes; j++) {
			carry += (unsigned int)bytes[j] * 58;
			bytes[j] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
		while (carry > 0) {
			if (nbytes == sizeof(bytes))
				return TUNAS_ELIMIT;
			bytes[nbytes++] = (unsigned char)(carry & 0xff);
			carry >>= 8;
		}
	}
	if (zeros + nbytes > outsize || zeros + nbytes > TUNAS_BASE58_MAX)
		return TUNAS_ELIMIT;
	memset(out, 0, zeros);
	for (size_t j = 0; j < nbytes; j++)
		out[zeros + j] = bytes[nbytes - 1 - j];
	*outlen = zeros + nbytes;
	return TUNAS_OK;
}

int tunas_base64url_encode(char **out, const void *in, size_t len)
{
	const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
	size_t size = sodium_base64_ENCODED_LEN(len, variant) + 1;
	char *text;

	if (len > (SIZE_MAX - 8) / 4 * 3)
		return TUNAS_ELIMIT;
	text = tunas_malloc(size);
	if (text == NULL)
		return TUNAS_ENOMEM;
	text[0] = 'u';
	sodium_bin2base64(text + 1, size - 1, in, len, variant);
	*out = text;
	return TUNAS_OK;
}

int tunas_base64url_decode(unsigned char **out, size_t *outlen, const char *in, size_t inlen,
			   size_t maxlen)
{
	unsigned char *bytes = NULL;
	size_t cap, got = 0;
	int rc;

	if (inlen < 1 || in[0] != 'u')
		return TUNAS_EINVAL;
	in++;
	inlen--;
	if (inlen / 4 * 3 + 3 > maxlen + 3)
		return TUNAS_ELIMIT;
	if (inlen % 4 == 1)
		return TUNAS_EINVAL;
	cap = inlen / 4 * 3 + 2;
	bytes = tunas_malloc(cap);
	if (bytes == NULL)
		return TUNAS_ENOMEM;
	/* No ignored characters and no end pointer: libsodium then fails on
	 * any character outside the alphabet, on padding, and on non-zero
	 * trailing bits. */
	if (sodium_base642bin(bytes, cap, in, inlen, NULL, &got, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    memchr(in, '\0', inlen) != NULL) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	if (got > maxlen) {
		rc = TUNAS_ELIMIT;
		goto out;
	}
	*out = bytes;
	*outlen = got;
	bytes = NULL;
	rc = TUNAS_OK;
out:
	tunas_free(bytes);
	return rc;
}
