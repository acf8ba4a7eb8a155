/*
 * jsonw.h — the one JSON encoder of Tunas: a streaming writer into a
 * growable buffer with a hard maximum size.
 *
 * Every JSON document Tunas sends (each HTTP response body) is written here,
 * value by value, with no tree in between; jansson is only used to parse
 * input. The writer owns its buffer until tunas_jsonw_finish() hands it to
 * the caller. Commas and nesting are tracked on a small stack, so a caller
 * cannot produce malformed JSON: misuse (a value in an object without a key,
 * an end that does not match its begin) is an error like any other.
 *
 * Strings are escaped per RFC 8259 and then some: '"', '\\' and every
 * control character, and also '<', '>', '&', U+2028 and U+2029, so that a
 * body can never be sniffed as HTML nor end a script context. Other UTF-8
 * goes out as is; each byte of a string that is not part of valid UTF-8 is
 * replaced with U+FFFD, so the output is always valid UTF-8.
 *
 * Errors are sticky: the first failure (TUNAS_ENOMEM, TUNAS_ELIMIT when the
 * output would pass the maximum size or nesting passes
 * TUNAS_JSONW_DEPTH_MAX, TUNAS_EINVAL for misuse) is kept, every later call
 * does nothing, and tunas_jsonw_finish() returns it. Callers therefore
 * write a whole document and check once at the end. Every call returns
 * the writer's error so far (0 while all is well).
 */
#ifndef TUNAS_UTIL_JSONW_H
#define TUNAS_UTIL_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How deep arrays and objects may nest. */
#define TUNAS_JSONW_DEPTH_MAX 16

/* A writer; a caller-provided struct. Treat the members as private. */
typedef struct {
	char *buf; /* owned; NULL until the first byte */
	size_t len, cap, max;
	int err;				   /* the first error; 0 while all is well */
	int depth;				   /* open containers */
	bool key_pending;			   /* a key is written; its value comes next */
	bool done;				   /* the top-level value is complete */
	unsigned char open[TUNAS_JSONW_DEPTH_MAX]; /* per container: kind, has members */
} tunas_jsonw;

/* Start an empty writer whose output may be at most `max` bytes. Allocates
 * nothing until the first value. */
void tunas_jsonw_init(tunas_jsonw *w, size_t max);
/* Free the buffer, if any; the writer is empty again. Accepts a writer that
 * was finished, failed, or only initialised. */
void tunas_jsonw_dispose(tunas_jsonw *w);
/*
 * End the document. On success returns 0 and sets *out to the output,
 * NUL-terminated, owned by the caller (free with tunas_free), and
 * *out_len to its length without the NUL. Fails with the sticky error, or
 * TUNAS_EINVAL when no complete value was written (a container is still
 * open); then *out and *out_len are untouched. Either way w is disposed.
 */
int tunas_jsonw_finish(tunas_jsonw *w, char **out, size_t *out_len);

/* Containers. Each begin is a value; its end must match it. */
int tunas_jsonw_obj_begin(tunas_jsonw *w);
int tunas_jsonw_obj_end(tunas_jsonw *w);
int tunas_jsonw_arr_begin(tunas_jsonw *w);
int tunas_jsonw_arr_end(tunas_jsonw *w);

/* A member's name, inside an object; its value is the next call. */
int tunas_jsonw_key(tunas_jsonw *w, const char *name);

/* Values. tunas_jsonw_str(w, NULL) writes null; strn takes exact bytes
 * (a NUL among them is escaped). */
int tunas_jsonw_str(tunas_jsonw *w, const char *s);
int tunas_jsonw_strn(tunas_jsonw *w, const char *s, size_t len);
int tunas_jsonw_int(tunas_jsonw *w, int64_t v);
/* A real, as jansson prints one ("%.17g", always with '.' or an exponent,
 * so it reads back as a real). NaN and infinities are TUNAS_EINVAL. */
int tunas_jsonw_double(tunas_jsonw *w, double v);
int tunas_jsonw_bool(tunas_jsonw *w, bool v);
int tunas_jsonw_null(tunas_jsonw *w);

/* A member in one call: key, then the value. */
int tunas_jsonw_kstr(tunas_jsonw *w, const char *key, const char *s);
int tunas_jsonw_kint(tunas_jsonw *w, const char *key, int64_t v);
int tunas_jsonw_kdouble(tunas_jsonw *w, const char *key, double v);
int tunas_jsonw_kbool(tunas_jsonw *w, const char *key, bool v);
int tunas_jsonw_knull(tunas_jsonw *w, const char *key);
/* A member whose value is an object or array; end it as usual. */
int tunas_jsonw_kobj(tunas_jsonw *w, const char *key);
int tunas_jsonw_karr(tunas_jsonw *w, const char *key);

#endif
