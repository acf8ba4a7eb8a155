/*
 * http.h — the request/response layer between libmicrohttpd and the routes.
 *
 * One tunas_req lives for one HTTP request: it carries the method, path
 * parameters, the parsed JSON body, the caller's context (with the signed-in
 * principal set) and the response being built. Helpers here parse JSON
 * fields with their limits and turn library errors into RFC 9457 problem
 * details that name the field and the reason.
 */
#ifndef TUNAS_SERVER_HTTP_H
#define TUNAS_SERVER_HTTP_H

#include <jansson.h>
#include <microhttpd.h>

#include "tunas/tunas.h"

#define TUNAS_BODY_MAX (1024 * 1024)
#define TUNAS_JSON_DEPTH_MAX 16
#define TUNAS_PATH_PARAMS_MAX 2

typedef struct {
	struct MHD_Connection *conn;
	tunas_ctx *ctx;
	const char *method;
	const char *path;
	int64_t params[TUNAS_PATH_PARAMS_MAX]; /* the {id}s of the route, in order */
	json_t *body;			       /* parsed body or NULL */
	const char *token;		       /* the caller's token, if any */
	bool via_cookie;		       /* token came from the session cookie */
	bool secure_cookies;		       /* add Secure to cookies (served over TLS) */
	/* The response. */
	unsigned status;
	char *out;
	size_t out_len;
	const char *content_type;
	char set_cookie[160];
	char allow[64];	    /* methods for a 405's Allow header */
	const char *prefix; /* path of the JSON object being read ("eligibility.") */
} tunas_req;

/* Respond with JSON (stolen; NULL means 500). Always returns 0. */
int http_json(tunas_req *r, unsigned status, json_t *body);
/* Respond with an RFC 9457 problem. `field` may be NULL. Returns 0. */
int http_problem(tunas_req *r, unsigned status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Respond with the problem for library code rc and the message on ctx. */
int http_lib_error(tunas_req *r, int rc);

/* Query-string parameters. */
const char *http_query(tunas_req *r, const char *name);
/* Read ?after=&limit= into *page (default limit 50); 0, or a problem sent
 * and -1. */
int http_page(tunas_req *r, tunas_page *page);
/* A list response: {"items": items, "next_after": last_id or null}. */
int http_list(tunas_req *r, json_t *items, int64_t last_id, size_t n, const tunas_page *page);

/*
 * JSON body field readers. Each returns 0 or sends a 422 problem naming
 * the field and returns -1. A missing optional field leaves *out untouched.
 */
int http_body_required(tunas_req *r);
/* Reject any member of the body not in the NULL-terminated `allowed`. */
int http_only(tunas_req *r, const json_t *obj, const char *prefix, const char *const *allowed);
int http_str(tunas_req *r, const json_t *obj, const char *name, char *out, size_t cap,
	     bool required);
int http_int(tunas_req *r, const json_t *obj, const char *name, int *out, int min, int max,
	     bool required);
int http_i64(tunas_req *r, const json_t *obj, const char *name, int64_t *out, int64_t min,
	     int64_t max, bool required);
int http_bool(tunas_req *r, const json_t *obj, const char *name, bool *out, bool required);
/* An array of ids into out[max]; *n set. */
int http_ids(tunas_req *r, const json_t *obj, const char *name, int64_t *out, int *n, int max);

/* The body's nesting depth check, used before parsing. */
bool http_json_depth_ok(const char *buf, size_t len, int max);

#endif
