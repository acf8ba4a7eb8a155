/*
 * http.c — responses, problem details and JSON field readers; see http.h.
 */
#include "server/http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

tunas_jsonw *http_json_begin(tunas_jsonw *w)
{
	tunas_jsonw_init(w, TUNAS_RESPONSE_MAX);
	return w;
}

int http_json(tunas_req *r, unsigned status, tunas_jsonw *w)
{
	char *text = NULL;
	size_t len = 0;
	int rc = tunas_jsonw_finish(w, &text, &len);

	if (rc != 0) {
		/* Internal detail goes to the log, not the client. */
		fprintf(stderr, "tunas: %s %s: the response could not be written (%s)\n",
			r->method ? r->method : "-", r->path ? r->path : "-",
			rc == TUNAS_ENOMEM   ? "out of memory"
			: rc == TUNAS_ELIMIT ? "too large or too deep"
					     : "malformed");
		r->status = 500;
		r->content_type = "application/problem+json";
		text = tunas_strdup("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\","
				    "\"status\":500,\"detail\":\"out of memory\"}");
		len = text ? strlen(text) : 0;
	} else {
		r->status = status;
		if (r->content_type == NULL)
			r->content_type = "application/json";
	}
	free(r->out);
	r->out = text;
	r->out_len = len;
	return 0;
}

static const char *title_of(unsigned status)
{
	switch (status) {
	case 400:
		return "Bad Request";
	case 401:
		return "Unauthorized";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	case 409:
		return "Conflict";
	case 413:
		return "Content Too Large";
	case 415:
		return "Unsupported Media Type";
	case 422:
		return "Unprocessable Content";
	case 429:
		return "Too Many Requests";
	case 503:
		return "Service Unavailable";
	default:
		return "Internal Server Error";
	}
}

int http_problem(tunas_req *r, unsigned status, const char *field, const char *fmt, ...)
{
	char detail[600];
	tunas_jsonw w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kstr(&w, "type", "about:blank");
	tunas_jsonw_kstr(&w, "title", title_of(status));
	tunas_jsonw_kint(&w, "status", status);
	tunas_jsonw_kstr(&w, "detail", detail);
	if (field != NULL && field[0] != '\0') {
		tunas_jsonw_kstr(&w, "field", field);
		tunas_jsonw_karr(&w, "errors");
		tunas_jsonw_obj_begin(&w);
		tunas_jsonw_kstr(&w, "field", field);
		tunas_jsonw_kstr(&w, "reason", detail);
		tunas_jsonw_obj_end(&w);
		tunas_jsonw_arr_end(&w);
	}
	tunas_jsonw_obj_end(&w);
	r->content_type = "application/problem+json";
	return http_json(r, status, &w);
}

int http_lib_error(tunas_req *r, int rc)
{
	const char *msg = tunas_errmsg(r->ctx);
	const char *field = tunas_errfield(r->ctx);
	unsigned status;

	switch (rc) {
	case TUNAS_EINVAL:
		status = 422;
		break;
	case TUNAS_ENOTFOUND:
		status = 404;
		break;
	case TUNAS_EPERM:
		status = 403;
		break;
	case TUNAS_ECONFLICT:
		status = 409;
		break;
	case TUNAS_EAUTH:
		status = 401;
		break;
	case TUNAS_ELIMIT:
		status = 429;
		break;
	default:
		status = 500;
		break;
	}
	if (status == 500) {
		/* Internal detail goes to the log, not the client. */
		fprintf(stderr, "tunas: %s %s failed: %s\n", r->method, r->path, msg);
		msg = "the server could not complete the request";
		field = NULL;
	}
	return http_problem(r, status, field, "%s", msg[0] ? msg : title_of(status));
}

const char *http_query(tunas_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static bool parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

int http_page(tunas_req *r, tunas_page *page)
{
	const char *after = http_query(r, "after");
	const char *limit = http_query(r, "limit");
	int64_t v;

	page->after_id = 0;
	page->limit = 50;
	if (after != NULL) {
		if (!parse_i64(after, &v) || v < 0) {
			http_problem(r, 400, "after", "must be a whole number, 0 or more");
			return -1;
		}
		page->after_id = v;
	}
	if (limit != NULL) {
		if (!parse_i64(limit, &v) || v < 1 || v > TUNAS_PAGE_MAX) {
			http_problem(r, 400, "limit", "must be 1 to %d", TUNAS_PAGE_MAX);
			return -1;
		}
		page->limit = (int)v;
	}
	return 0;
}

tunas_jsonw *http_list_begin(tunas_jsonw *w)
{
	http_json_begin(w);
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_karr(w, "items");
	return w;
}

int http_list_end(tunas_req *r, tunas_jsonw *w, int64_t last_id, size_t n, const tunas_page *page)
{
	tunas_jsonw_arr_end(w);
	if (n == (size_t)page->limit)
		tunas_jsonw_kint(w, "next_after", last_id);
	else
		tunas_jsonw_knull(w, "next_after");
	tunas_jsonw_obj_end(w);
	return http_json(r, 200, w);
}

int http_json_value(tunas_jsonw *w, const json_t *v)
{
	const char *key;
	json_t *x;
	size_t i;
	int rc;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		tunas_jsonw_obj_begin(w);
		json_object_foreach((json_t *)v, key, x)
		{
			/* Stop at the first error: the writer's depth limit
			 * also bounds this recursion. */
			if ((rc = tunas_jsonw_key(w, key)) != 0 ||
			    (rc = http_json_value(w, x)) != 0)
				return rc;
		}
		return tunas_jsonw_obj_end(w);
	case JSON_ARRAY:
		tunas_jsonw_arr_begin(w);
		json_array_foreach(v, i, x)
		{
			if ((rc = http_json_value(w, x)) != 0)
				return rc;
		}
		return tunas_jsonw_arr_end(w);
	case JSON_STRING:
		return tunas_jsonw_strn(w, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return tunas_jsonw_int(w, json_integer_value(v));
	case JSON_REAL:
		return tunas_jsonw_double(w, json_real_value(v));
	case JSON_TRUE:
		return tunas_jsonw_bool(w, true);
	case JSON_FALSE:
		return tunas_jsonw_bool(w, false);
	default:
		return tunas_jsonw_null(w);
	}
}

/* The field's full name for messages: the object's path, then the member. */
static const char *field_name(tunas_req *r, const char *name, char *buf, size_t cap)
{
	if (r->prefix == NULL || r->prefix[0] == '\0')
		return name;
	snprintf(buf, cap, "%s%s", r->prefix, name);
	return buf;
}

int http_body_required(tunas_req *r)
{
	if (r->body == NULL || !json_is_object(r->body)) {
		http_problem(r, 400, "body", "a JSON object is required");
		return -1;
	}
	return 0;
}

int http_only(tunas_req *r, const json_t *obj, const char *prefix, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)obj, key, v)
	{
		bool ok = false;

		for (int i = 0; allowed[i] && !ok; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (!ok) {
			char field[128];

			snprintf(field, sizeof(field), "%s%.80s", prefix ? prefix : "", key);
			http_problem(r, 422, field, "is not a known field");
			return -1;
		}
	}
	return 0;
}

int http_str(tunas_req *r, const json_t *obj, const char *name, char *out, size_t cap,
	     bool required)
{
	char fbuf[128];
	json_t *v = json_object_get(obj, name);
	const char *s;
	size_t len;

	if (v == NULL || json_is_null(v)) {
		if (required) {
			http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
				     "is required");
			return -1;
		}
		return 0;
	}
	if (!json_is_string(v)) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)), "must be a string");
		return -1;
	}
	s = json_string_value(v);
	len = json_string_length(v);
	if (len != strlen(s)) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must not contain NUL characters");
		return -1;
	}
	if (len >= cap) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must be at most %zu bytes", cap - 1);
		return -1;
	}
	memcpy(out, s, len + 1);
	return 0;
}

int http_i64(tunas_req *r, const json_t *obj, const char *name, int64_t *out, int64_t min,
	     int64_t max, bool required)
{
	char fbuf[128];
	json_t *v = json_object_get(obj, name);
	json_int_t x;

	if (v == NULL || json_is_null(v)) {
		if (required) {
			http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
				     "is required");
			return -1;
		}
		return 0;
	}
	if (!json_is_integer(v)) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must be a whole number");
		return -1;
	}
	x = json_integer_value(v);
	if (x < min || x > max) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must be %lld to %lld", (long long)min, (long long)max);
		return -1;
	}
	*out = x;
	return 0;
}

int http_int(tunas_req *r, const json_t *obj, const char *name, int *out, int min, int max,
	     bool required)
{
	char fbuf[128];
	int64_t v = 0;

	if (json_object_get(obj, name) == NULL || json_is_null(json_object_get(obj, name))) {
		if (required) {
			http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
				     "is required");
			return -1;
		}
		return 0;
	}
	if (http_i64(r, obj, name, &v, min, max, required) != 0)
		return -1;
	*out = (int)v;
	return 0;
}

int http_bool(tunas_req *r, const json_t *obj, const char *name, bool *out, bool required)
{
	char fbuf[128];
	json_t *v = json_object_get(obj, name);

	if (v == NULL || json_is_null(v)) {
		if (required) {
			http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
				     "is required");
			return -1;
		}
		return 0;
	}
	if (!json_is_boolean(v)) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must be true or false");
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

int http_ids(tunas_req *r, const json_t *obj, const char *name, int64_t *out, int *n, int max)
{
	char fbuf[128];
	json_t *v = json_object_get(obj, name), *x;
	size_t i;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v)) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
			     "must be an array of ids");
		return -1;
	}
	if (json_array_size(v) > (size_t)max) {
		http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)), "at most %d", max);
		return -1;
	}
	json_array_foreach(v, i, x)
	{
		if (!json_is_integer(x) || json_integer_value(x) < 1) {
			http_problem(r, 422, field_name(r, name, fbuf, sizeof(fbuf)),
				     "must be an array of ids");
			return -1;
		}
		out[i] = json_integer_value(x);
	}
	*n = (int)json_array_size(v);
	return 0;
}

bool http_json_depth_ok(const char *buf, size_t len, int max)
{
	int depth = 0;
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		char c = buf[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				return false;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return true;
}

void http_kdate(tunas_jsonw *w, const char *key, const char *date)
{
	if (date[0])
		tunas_jsonw_kstr(w, key, date);
	else
		tunas_jsonw_knull(w, key);
}

void http_kid(tunas_jsonw *w, const char *key, int64_t id)
{
	if (id)
		tunas_jsonw_kint(w, key, id);
	else
		tunas_jsonw_knull(w, key);
}

int http_query_id(tunas_req *r, const char *name, int64_t *out)
{
	const char *v = http_query(r, name);
	char *end = NULL;
	long long id;

	*out = 0;
	if (v == NULL || v[0] == '\0')
		return 0;
	id = strtoll(v, &end, 10);
	if (end == NULL || *end != '\0' || id < 1) {
		http_problem(r, 400, name, "must be a positive id");
		return -1;
	}
	*out = id;
	return 0;
}

int http_raw(tunas_req *r, void *body, size_t len, const char *type)
{
	free(r->out);
	r->out = body;
	r->out_len = len;
	r->status = 200;
	r->content_type = type;
	return 0;
}
