/*
 * http.h — the request/response layer between libmicrohttpd and the routes.
 *
 * One tunas_req lives for one HTTP request: it carries the method, path
 * parameters, the parsed JSON body, the caller's context (with the signed-in
 * principal set) and the response being built. Helpers here parse JSON
 * fields with their limits, write response bodies through the one JSON
 * encoder (util/jsonw.h), and turn library errors into RFC 9457 problem
 * details that name the field and the reason.
 */
#ifndef TUNAS_SERVER_HTTP_H
#define TUNAS_SERVER_HTTP_H

#include <jansson.h>
#include <microhttpd.h>

#include "tunas/tunas.h"
#include "util/jsonw.h"

#define TUNAS_BODY_MAX (1024 * 1024)
/* The most a response body may take. The largest page (200 programmes,
 * every text field full and every byte of it escaped six-fold) is about
 * 8 MiB; past this the writer fails and the client gets a 500. */
#define TUNAS_RESPONSE_MAX (16 * 1024 * 1024)
#define TUNAS_JSON_DEPTH_MAX 16
#define TUNAS_PATH_PARAMS_MAX 2

typedef struct {
	struct MHD_Connection *conn;
	tunas_ctx *ctx;
	const char *method;
	const char *path;
	int64_t params[TUNAS_PATH_PARAMS_MAX]; /* the {id}s of the route, in order */
	char key[64];			       /* the {u} segment of the route, if any */
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

/*
 * Responses are written with the one JSON encoder, src/util/jsonw.h:
 *
 *	tunas_jsonw w;
 *
 *	http_json_begin(&w);
 *	tunas_jsonw_obj_begin(&w);
 *	tunas_jsonw_kint(&w, "id", id);
 *	tunas_jsonw_obj_end(&w);
 *	return http_json(r, 200, &w);
 */
/* Start an empty response body with TUNAS_RESPONSE_MAX as its limit;
 * returns w. */
tunas_jsonw *http_json_begin(tunas_jsonw *w);
/* Respond with the document in w: its buffer becomes r->out and w is
 * disposed. When the writer failed (out of memory, too big, misuse) the
 * response is a 500 problem instead. Always returns 0. */
int http_json(tunas_req *r, unsigned status, tunas_jsonw *w);
/* Respond with an RFC 9457 problem. `field` may be NULL. Returns 0. */
int http_problem(tunas_req *r, unsigned status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Respond with the problem for library code rc and the message on ctx. */
int http_lib_error(tunas_req *r, int rc);

/* Query-string parameters. */
const char *http_query(tunas_req *r, const char *name);
/* Read ?after=&limit= into *page (default limit 50); 0, or a problem sent
 * and -1. */
/* Answer 200 with a body that is not JSON we wrote (a stored credential,
 * a PDF, CSV); takes ownership of the malloc'd body. */
int http_raw(tunas_req *r, void *body, size_t len, const char *type);
/* An optional ?name= id filter into *out; 0 when absent. -1 after
 * answering 400. */
int http_query_id(tunas_req *r, const char *name, int64_t *out);
int http_page(tunas_req *r, tunas_page *page);
/* A list response, {"items": [...], "next_after": last_id or null}:
 * http_list_begin() starts the body and opens "items"; write each item,
 * then http_list_end() closes the list and responds as http_json does.
 * next_after is last_id when the page is full (n == page->limit). */
tunas_jsonw *http_list_begin(tunas_jsonw *w);
int http_list_end(tunas_req *r, tunas_jsonw *w, int64_t last_id, size_t n, const tunas_page *page);
/* A member that is a date, or null when there is none (""). */
void http_kdate(tunas_jsonw *w, const char *key, const char *date);
/* A member that refers to another object by id, or null when none (0). */
void http_kid(tunas_jsonw *w, const char *key, int64_t id);
/* Write a parsed JSON value (a stored audit detail) through w. */
int http_json_value(tunas_jsonw *w, const json_t *v);

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
