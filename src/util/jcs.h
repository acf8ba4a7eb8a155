/*
 * jcs.h — the JSON Canonicalization Scheme (RFC 8785) over jansson values.
 *
 * A signature over JSON signs bytes, so signer and verifier must serialise
 * the same value to the same bytes. JCS fixes every choice: object members
 * sorted by the UTF-16 code units of their names, no whitespace, strings
 * escaped as ECMAScript's JSON.stringify does, and numbers written as
 * ECMAScript's Number.prototype.toString writes an IEEE 754 double.
 *
 * Numbers: JSON numbers are doubles here, as in ECMAScript and I-JSON
 * (RFC 7493). A jansson real is written as its shortest round-trip form;
 * a jansson integer of magnitude up to 2^53 is exact and written in plain
 * digits; a larger integer is first rounded to the nearest double, which
 * is what any ECMAScript verifier would see when it parses the same text.
 * Parse untrusted JSON that is to be canonicalised with
 * JSON_DECODE_INT_AS_REAL, so that integers of any size are read as
 * ECMAScript reads them (jansson refuses integers beyond 64 bits
 * otherwise). NaN and infinities have no JSON form and are refused.
 *
 * This module owns nothing beyond the buffer it returns.
 */
#ifndef TUNAS_UTIL_JCS_H
#define TUNAS_UTIL_JCS_H

#include <jansson.h>
#include <stddef.h>

/* The longest canonical form, and the deepest nesting, accepted. */
#define TUNAS_JCS_MAX (16 * 1024 * 1024)
#define TUNAS_JCS_DEPTH_MAX 64

/* Buffer size for one canonical number ("-1.2345678901234567e-308"). */
#define TUNAS_JCS_NUMBER_SIZE 32

/*
 * Canonicalise `value` into a new NUL-terminated UTF-8 buffer in *out of
 * *outlen bytes (not counting the NUL); the caller frees it with
 * tunas_free(). Returns 0; TUNAS_EINVAL for a value JCS cannot express
 * (NaN, infinity, invalid UTF-8 in a string made without jansson's check);
 * TUNAS_ELIMIT if the output would exceed TUNAS_JCS_MAX or the nesting
 * TUNAS_JCS_DEPTH_MAX; TUNAS_ENOMEM. Nothing is written on failure.
 */
int tunas_jcs_encode(char **out, size_t *outlen, const json_t *value);

/*
 * Write the double `d` as ECMAScript's Number.prototype.toString does
 * (RFC 8785 section 3.2.2.3) into `out`. Returns 0, or TUNAS_EINVAL for
 * NaN and infinities (out untouched).
 */
int tunas_jcs_number(char out[TUNAS_JCS_NUMBER_SIZE], double d);

#endif
