/*
 * multibase.h — the two Multibase encodings that verifiable credentials use:
 * base58btc (Bitcoin alphabet, prefix 'z') for keys, DIDs and signatures,
 * and base64url without padding (prefix 'u') for status lists.
 *
 * Decoders are strict: the prefix must be there, every character must be
 * in the alphabet, nothing may follow the encoded value, and base64url's
 * unused trailing bits must be zero, so each byte string has exactly one
 * accepted encoding. Sizes are bounded: base58 is quadratic, so it is for
 * short values only (TUNAS_BASE58_MAX bytes).
 */
#ifndef TUNAS_UTIL_MULTIBASE_H
#define TUNAS_UTIL_MULTIBASE_H

#include <stddef.h>

/* The longest byte string base58 encodes or decodes. */
#define TUNAS_BASE58_MAX 256
/* Buffer size for the multibase text of n bytes: prefix, digits, NUL. */
#define TUNAS_BASE58_TEXT_SIZE(n) ((n)*138 / 100 + 3)

/*
 * Encode `len` bytes of `in` as multibase base58btc ("z...") into `out`
 * (`outsize` bytes, NUL-terminated). Returns 0, TUNAS_ELIMIT if len exceeds
 * TUNAS_BASE58_MAX or the text does not fit; `out` is written only on
 * success.
 */
int tunas_base58_encode(char *out, size_t outsize, const void *in, size_t len);

/*
 * Decode the multibase base58btc text `in` ("z...", NUL-terminated) into
 * `out` (`outsize` bytes) and its length into *outlen. Returns 0,
 * TUNAS_EINVAL for a missing prefix or a character outside the alphabet,
 * TUNAS_ELIMIT if the value is longer than `outsize` or TUNAS_BASE58_MAX.
 * Nothing is written on failure.
 */
int tunas_base58_decode(unsigned char *out, size_t *outlen, size_t outsize, const char *in);

/*
 * Encode `len` bytes as multibase base64url without padding ("u...") into
 * a new NUL-terminated string in *out; the caller frees it with
 * tunas_free(). Returns 0 or TUNAS_ENOMEM.
 */
int tunas_base64url_encode(char **out, const void *in, size_t len);

/*
 * Decode the multibase base64url text `in` (`inlen` bytes, "u...") into a
 * new buffer in *out of *outlen bytes; the caller frees it with
 * tunas_free(). At most `maxlen` decoded bytes are accepted. Returns 0,
 * TUNAS_EINVAL (bad prefix, character, padding or trailing bits),
 * TUNAS_ELIMIT or TUNAS_ENOMEM; nothing is written on failure.
 */
int tunas_base64url_decode(unsigned char **out, size_t *outlen, const char *in, size_t inlen,
			   size_t maxlen);

#endif
