/*
 * routes_delivery.c — the HTTP routes of running, assessing and
 * certifying cohorts (delivery.h, assess.h, cert.h), and the public
 * verification page, API and status lists. Each handler parses the
 * request, calls one library function and writes the answer.
 */
#include "server/routes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/assess.h"
#include "tunas/cert.h"
#include "tunas/delivery.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------ */
/* Rendering */

static void ktime(tunas_jsonw *w, const char *key, int64_t t, const char *zone)
{
	char buf[32];

	tunas_time_format(buf, t, zone);
	tunas_jsonw_kstr(w, key, buf);
}

static void session_json(tunas_jsonw *w, const tunas_session *x)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", x->id);
	tunas_jsonw_kint(w, "cohort_id", x->cohort_id);
	tunas_jsonw_kint(w, "phase", x->phase);
	http_kid(w, "course_id", x->course_id);
	tunas_jsonw_kstr(w, "kind", tunas_session_kind_name(x->kind));
	tunas_jsonw_kstr(w, "title", x->title);
	ktime(w, "starts_at", x->starts_at, x->time_zone);
	ktime(w, "ends_at", x->ends_at, x->time_zone);
	tunas_jsonw_kstr(w, "time_zone", x->time_zone);
	tunas_jsonw_kstr(w, "venue", x->venue);
	http_kid(w, "instructor_user_id", x->instructor_user_id);
	tunas_jsonw_kint(w, "created_at", x->created_at);
	tunas_jsonw_obj_end(w);
}

static void attendance_json(tunas_jsonw *w, const tunas_attendance *a)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", a->id);
	tunas_jsonw_kint(w, "session_id", a->session_id);
	tunas_jsonw_kint(w, "person_id", a->person_id);
	tunas_jsonw_kstr(w, "status", tunas_att_status_name(a->status));
	tunas_jsonw_kstr(w, "note", a->note);
	tunas_jsonw_kbool(w, "by_code", a->by_code);
	http_kid(w, "recorded_by", a->recorded_by);
	tunas_jsonw_kint(w, "recorded_at", a->recorded_at);
	http_kid(w, "supersedes", a->supersedes);
	tunas_jsonw_obj_end(w);
}

static void rate_json(tunas_jsonw *w, const tunas_attendance_rate *r)
{
	tunas_jsonw_obj_begin(w);
	http_kid(w, "person_id", r->person_id);
	tunas_jsonw_kint(w, "sessions", r->sessions);
	tunas_jsonw_kint(w, "present", r->present);
	tunas_jsonw_kint(w, "late", r->late);
	tunas_jsonw_kint(w, "excused", r->excused);
	tunas_jsonw_kint(w, "absent", r->absent);
	tunas_jsonw_kint(w, "unrecorded", r->unrecorded);
	tunas_jsonw_kdouble(w, "rate", r->rate);
	tunas_jsonw_obj_end(w);
}

static void logbook_json(tunas_jsonw *w, const tunas_logbook_entry *e)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", e->id);
	tunas_jsonw_kint(w, "cohort_id", e->cohort_id);
	tunas_jsonw_kint(w, "person_id", e->person_id);
	tunas_jsonw_kint(w, "phase", e->phase);
	tunas_jsonw_kstr(w, "day", e->day);
	tunas_jsonw_kstr(w, "activities", e->activities);
	tunas_jsonw_kint(w, "minutes", e->minutes);
	http_kid(w, "recorded_by", e->recorded_by);
	tunas_jsonw_kint(w, "created_at", e->created_at);
	tunas_jsonw_obj_end(w);
}

static void evaluation_json(tunas_jsonw *w, const tunas_phase_evaluation *e)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", e->id);
	tunas_jsonw_kint(w, "cohort_id", e->cohort_id);
	tunas_jsonw_kint(w, "person_id", e->person_id);
	tunas_jsonw_kint(w, "phase", e->phase);
	tunas_jsonw_kstr(w, "supervisor_name", e->supervisor_name);
	tunas_jsonw_kstr(w, "supervisor_org", e->supervisor_org);
	tunas_jsonw_kint(w, "rating", e->rating);
	tunas_jsonw_kbool(w, "satisfactory", e->satisfactory);
	tunas_jsonw_kstr(w, "comments", e->comments);
	tunas_jsonw_kstr(w, "evaluated_on", e->evaluated_on);
	http_kid(w, "recorded_by", e->recorded_by);
	tunas_jsonw_kint(w, "created_at", e->created_at);
	tunas_jsonw_obj_end(w);
}

static void unit_json(tunas_jsonw *w, const tunas_unit *u)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", u->id);
	tunas_jsonw_kint(w, "course_id", u->course_id);
	tunas_jsonw_kstr(w, "code", u->code);
	tunas_jsonw_kstr(w, "title", u->title);
	tunas_jsonw_kstr(w, "recognised_cert", u->recognised_cert);
	tunas_jsonw_kint(w, "created_at", u->created_at);
	tunas_jsonw_obj_end(w);
}

static void assessment_json(tunas_jsonw *w, const tunas_assessment *a)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", a->id);
	tunas_jsonw_kint(w, "person_id", a->person_id);
	tunas_jsonw_kint(w, "cohort_id", a->cohort_id);
	tunas_jsonw_kint(w, "unit_id", a->unit_id);
	tunas_jsonw_kint(w, "attempt", a->attempt);
	tunas_jsonw_kstr(w, "result", tunas_result_name(a->result));
	if (a->score >= 0)
		tunas_jsonw_kint(w, "score", a->score);
	else
		tunas_jsonw_knull(w, "score");
	tunas_jsonw_kstr(w, "rubric", a->rubric);
	tunas_jsonw_kstr(w, "evidence", a->evidence);
	tunas_jsonw_kstr(w, "assessed_on", a->assessed_on);
	http_kid(w, "assessor_user_id", a->assessor_user_id);
	http_kid(w, "verified_by", a->verified_by);
	if (a->verified_at)
		tunas_jsonw_kint(w, "verified_at", a->verified_at);
	else
		tunas_jsonw_knull(w, "verified_at");
	tunas_jsonw_kint(w, "created_at", a->created_at);
	tunas_jsonw_obj_end(w);
}

static void note_json(tunas_jsonw *w, const tunas_assessment_note *nt)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", nt->id);
	tunas_jsonw_kint(w, "assessment_id", nt->assessment_id);
	tunas_jsonw_kstr(w, "kind", tunas_note_kind_name(nt->kind));
	tunas_jsonw_kstr(w, "text", nt->text);
	http_kid(w, "author_user_id", nt->author_user_id);
	tunas_jsonw_kint(w, "created_at", nt->created_at);
	tunas_jsonw_obj_end(w);
}

static void vendor_cert_json(tunas_jsonw *w, const tunas_vendor_cert *v)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", v->id);
	tunas_jsonw_kint(w, "person_id", v->person_id);
	tunas_jsonw_kstr(w, "name", v->name);
	tunas_jsonw_kstr(w, "number", v->number);
	tunas_jsonw_kstr(w, "issuer", v->issuer);
	tunas_jsonw_kstr(w, "issued_on", v->issued_on);
	http_kdate(w, "expires_on", v->expires_on);
	http_kid(w, "recorded_by", v->recorded_by);
	tunas_jsonw_kint(w, "created_at", v->created_at);
	tunas_jsonw_obj_end(w);
}

static void cert_json(tunas_jsonw *w, const tunas_certificate *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kstr(w, "uuid", c->uuid);
	tunas_jsonw_kint(w, "person_id", c->person_id);
	tunas_jsonw_kint(w, "cohort_id", c->cohort_id);
	tunas_jsonw_kint(w, "programme_id", c->programme_id);
	tunas_jsonw_kstr(w, "holder_name", c->holder_name);
	tunas_jsonw_kstr(w, "achievement", c->achievement);
	tunas_jsonw_kstr(w, "status", tunas_cert_status_name(c->status));
	tunas_jsonw_kstr(w, "reason", c->reason);
	tunas_jsonw_kint(w, "issued_at", c->issued_at);
	if (c->expires_at)
		tunas_jsonw_kint(w, "expires_at", c->expires_at);
	else
		tunas_jsonw_knull(w, "expires_at");
	http_kid(w, "renewal_of", c->renewal_of);
	tunas_jsonw_kint(w, "status_index", c->status_index);
	tunas_jsonw_obj_end(w);
}

static void key_json(tunas_jsonw *w, const tunas_issuer_key *k)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", k->id);
	tunas_jsonw_kstr(w, "did", k->did);
	tunas_jsonw_kint(w, "created_at", k->created_at);
	if (k->retired_at)
		tunas_jsonw_kint(w, "retired_at", k->retired_at);
	else
		tunas_jsonw_knull(w, "retired_at");
	tunas_jsonw_obj_end(w);
}

static void verdict_json(tunas_jsonw *w, const tunas_cert_verdict *v)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kbool(w, "valid", v->valid);
	tunas_jsonw_kstr(w, "reason", v->why);
	tunas_jsonw_kbool(w, "signature_ok", v->signature_ok);
	tunas_jsonw_kbool(w, "known_issuer", v->known_issuer);
	tunas_jsonw_kstr(w, "status", v->status ? tunas_cert_status_name(v->status) : "unknown");
	tunas_jsonw_kstr(w, "status_reason", v->status_reason);
	tunas_jsonw_kbool(w, "expired", v->expired);
	tunas_jsonw_kstr(w, "uuid", v->uuid);
	tunas_jsonw_kstr(w, "issuer", v->issuer_did);
	tunas_jsonw_kstr(w, "issuer_name", v->issuer_name);
	tunas_jsonw_kstr(w, "holder_name", v->holder_name);
	tunas_jsonw_kstr(w, "achievement", v->achievement);
	tunas_jsonw_kstr(w, "valid_from", v->valid_from);
	if (v->valid_until[0])
		tunas_jsonw_kstr(w, "valid_until", v->valid_until);
	else
		tunas_jsonw_knull(w, "valid_until");
	tunas_jsonw_obj_end(w);
}

/* A timestamp member in RFC 3339 with its offset. */
static int body_time(tunas_req *r, const char *name, int64_t *out, bool required)
{
	char buf[40] = "";

	if (http_str(r, r->body, name, buf, sizeof(buf), required))
		return -1;
	if (buf[0] == '\0')
		return 0;
	if (!tunas_time_parse(out, buf)) {
		http_problem(r, 422, name, "must be a time like 2026-03-02T09:00:00+08:00");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Sessions and attendance */

static int parse_session(tunas_req *r, tunas_session *x, bool required)
{
	static const char *const allowed[] = {
		"phase", "course_id",	       "kind", "title", "starts_at", "ends_at", "time_zone",
		"venue", "instructor_user_id", NULL};
	char kind[32] = "";

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_int(r, r->body, "phase", &x->phase, 0, 8, false) ||
	    http_i64(r, r->body, "course_id", &x->course_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), required) ||
	    http_str(r, r->body, "title", x->title, sizeof(x->title), required) ||
	    body_time(r, "starts_at", &x->starts_at, required) ||
	    body_time(r, "ends_at", &x->ends_at, required) ||
	    http_str(r, r->body, "time_zone", x->time_zone, sizeof(x->time_zone), required) ||
	    http_str(r, r->body, "venue", x->venue, sizeof(x->venue), false) ||
	    http_i64(r, r->body, "instructor_user_id", &x->instructor_user_id, 0, INT64_MAX, false))
		return -1;
	if (kind[0]) {
		x->kind = tunas_session_kind_parse(kind);
		if (x->kind == TUNAS_SESSION_NONE) {
			http_problem(r, 422, "kind",
				     "must be lecture, lab, simulation, field_visit, case_study or "
				     "workshop");
			return -1;
		}
	}
	return 0;
}

static int h_sessions_create(tunas_req *r)
{
	tunas_session x;
	int64_t id;
	int rc;

	memset(&x, 0, sizeof(x));
	x.cohort_id = r->params[0];
	if (parse_session(r, &x, true))
		return 0;
	rc = tunas_session_create(r->ctx, &id, &x);
	if (rc == 0)
		rc = tunas_session_get(r->ctx, &x, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, session_json, &x);
}

static int h_sessions_list(tunas_req *r)
{
	tunas_session *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	rc = tunas_session_list(r->ctx, &rows, &n, r->params[0], &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, session_json);
	free(rows);
	return 0;
}

static int h_sessions_get(tunas_req *r)
{
	tunas_session x;
	int rc = tunas_session_get(r->ctx, &x, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, session_json, &x);
}

/* PATCH: the fields given change, the rest stay. */
static int h_sessions_patch(tunas_req *r)
{
	tunas_session x;
	int rc = tunas_session_get(r->ctx, &x, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	if (parse_session(r, &x, false))
		return 0;
	rc = tunas_session_update(r->ctx, &x);
	if (rc == 0)
		rc = tunas_session_get(r->ctx, &x, r->params[0]);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, session_json, &x);
}

static int h_checkin_open(tunas_req *r)
{
	static const char *const allowed[] = {"minutes", NULL};
	char code[TUNAS_CHECKIN_CODE_LEN + 1];
	int minutes = 15, rc;
	tunas_jsonw w;

	if ((r->body && http_only(r, r->body, NULL, allowed)) ||
	    (r->body && http_int(r, r->body, "minutes", &minutes, 1, 240, false)))
		return 0;
	rc = tunas_checkin_open(r->ctx, code, r->params[0], minutes);
	if (rc != 0)
		return http_lib_error(r, rc);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kint(&w, "session_id", r->params[0]);
	tunas_jsonw_kstr(&w, "code", code);
	tunas_jsonw_kint(&w, "minutes", minutes);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 201, &w);
}

static int h_checkin(tunas_req *r)
{
	static const char *const allowed[] = {"code", NULL};
	char code[16] = "";
	tunas_attendance a;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", code, sizeof(code), true))
		return 0;
	rc = tunas_checkin(r->ctx, &a, r->params[0], code);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, attendance_json, &a);
}

static int h_attendance_list(tunas_req *r)
{
	tunas_attendance *rows = NULL;
	const char *h = http_query(r, "history");
	size_t n = 0;
	int rc;

	rc = tunas_attendance_list(r->ctx, &rows, &n, r->params[0], h && strcmp(h, "true") == 0);
	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, attendance_json);
	free(rows);
	return 0;
}

static int h_attendance_record(tunas_req *r)
{
	static const char *const allowed[] = {"marks", NULL};
	static const char *const mark_allowed[] = {"person_id", "status", "note", NULL};
	tunas_attendance_mark *marks = NULL;
	char(*notes)[TUNAS_NAME_MAX + 1] = NULL;
	char status[16], prefix[32];
	json_t *arr, *m;
	size_t n, i;
	int changed = 0, rc;
	tunas_jsonw w;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed))
		return 0;
	arr = json_object_get(r->body, "marks");
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > TUNAS_ATTENDANCE_BULK_MAX)
		return http_problem(r, 422, "marks", "must be an array of 1 to %d marks",
				    TUNAS_ATTENDANCE_BULK_MAX);
	n = json_array_size(arr);
	marks = tunas_calloc(n, sizeof(*marks));
	notes = tunas_calloc(n, sizeof(*notes));
	if (marks == NULL || notes == NULL) {
		http_problem(r, 500, NULL, "out of memory");
		goto out;
	}
	json_array_foreach(arr, i, m)
	{
		snprintf(prefix, sizeof(prefix), "marks[%zu].", i);
		r->prefix = prefix;
		status[0] = '\0';
		if (!json_is_object(m)) {
			http_problem(r, 422, "marks", "item %zu must be an object", i);
			goto out;
		}
		if (http_only(r, m, prefix, mark_allowed) ||
		    http_i64(r, m, "person_id", &marks[i].person_id, 1, INT64_MAX, true) ||
		    http_str(r, m, "status", status, sizeof(status), true) ||
		    http_str(r, m, "note", notes[i], sizeof(notes[i]), false))
			goto out;
		marks[i].status = tunas_att_status_parse(status);
		marks[i].note = notes[i];
	}
	r->prefix = NULL;
	rc = tunas_attendance_record(r->ctx, &changed, r->params[0], marks, n);
	if (rc != 0) {
		http_lib_error(r, rc);
		goto out;
	}
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kint(&w, "marks", (int64_t)n);
	tunas_jsonw_kint(&w, "changed", changed);
	tunas_jsonw_obj_end(&w);
	http_json(r, 200, &w);
out:
	r->prefix = NULL;
	free(marks);
	free(notes);
	return 0;
}

static int h_attendance_rate(tunas_req *r)
{
	tunas_attendance_rate rate;
	int64_t person_id;
	int rc;

	if (http_query_id(r, "person_id", &person_id))
		return 0;
	rc = tunas_attendance_rate_get(r->ctx, &rate, r->params[0], person_id);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, rate_json, &rate);
}

static int h_logbook_list(tunas_req *r)
{
	tunas_logbook_entry *rows = NULL;
	tunas_page page;
	int64_t person_id;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "person_id", &person_id))
		return 0;
	rc = tunas_logbook_list(r->ctx, &rows, &n, r->params[0], person_id, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, logbook_json);
	free(rows);
	return 0;
}

static int h_logbook_add(tunas_req *r)
{
	static const char *const allowed[] = {"person_id",  "phase",   "day",
					      "activities", "minutes", NULL};
	tunas_logbook_entry e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.cohort_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &e.person_id, 1, INT64_MAX, true) ||
	    http_int(r, r->body, "phase", &e.phase, 1, 8, true) ||
	    http_str(r, r->body, "day", e.day, sizeof(e.day), true) ||
	    http_str(r, r->body, "activities", e.activities, sizeof(e.activities), true) ||
	    http_int(r, r->body, "minutes", &e.minutes, 0, 1440, true))
		return 0;
	rc = tunas_logbook_add(r->ctx, &e, &e);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, logbook_json, &e);
}

static int h_evaluations_list(tunas_req *r)
{
	tunas_phase_evaluation *rows = NULL;
	int64_t person_id;
	size_t n = 0;
	int rc;

	if (http_query_id(r, "person_id", &person_id))
		return 0;
	rc = tunas_phase_evaluation_list(r->ctx, &rows, &n, r->params[0], person_id);
	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, evaluation_json);
	free(rows);
	return 0;
}

static int h_evaluations_add(tunas_req *r)
{
	static const char *const allowed[] = {"person_id",	"phase",	"supervisor_name",
					      "supervisor_org", "rating",	"satisfactory",
					      "comments",	"evaluated_on", NULL};
	tunas_phase_evaluation e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.cohort_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &e.person_id, 1, INT64_MAX, true) ||
	    http_int(r, r->body, "phase", &e.phase, 1, 8, true) ||
	    http_str(r, r->body, "supervisor_name", e.supervisor_name, sizeof(e.supervisor_name),
		     true) ||
	    http_str(r, r->body, "supervisor_org", e.supervisor_org, sizeof(e.supervisor_org),
		     true) ||
	    http_int(r, r->body, "rating", &e.rating, 1, 5, true) ||
	    http_bool(r, r->body, "satisfactory", &e.satisfactory, true) ||
	    http_str(r, r->body, "comments", e.comments, sizeof(e.comments), false) ||
	    http_str(r, r->body, "evaluated_on", e.evaluated_on, sizeof(e.evaluated_on), true))
		return 0;
	rc = tunas_phase_evaluate(r->ctx, &e, &e);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, evaluation_json, &e);
}

/* ------------------------------------------------------------------------ */
/* Units, rules, assessments, vendor certifications, completion */

static int h_units_list(tunas_req *r)
{
	tunas_unit *rows = NULL;
	size_t n = 0;
	int rc = tunas_unit_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, unit_json);
	free(rows);
	return 0;
}

static int h_units_create(tunas_req *r)
{
	static const char *const allowed[] = {"code", "title", "recognised_cert", NULL};
	tunas_unit u;
	int rc;

	memset(&u, 0, sizeof(u));
	u.course_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", u.code, sizeof(u.code), true) ||
	    http_str(r, r->body, "title", u.title, sizeof(u.title), true) ||
	    http_str(r, r->body, "recognised_cert", u.recognised_cert, sizeof(u.recognised_cert),
		     false))
		return 0;
	rc = tunas_unit_create(r->ctx, &u, &u);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, unit_json, &u);
}

static void course_rule_json(tunas_jsonw *w, const tunas_course_rule *x)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "course_id", x->course_id);
	tunas_jsonw_kint(w, "min_attendance", x->min_attendance);
	tunas_jsonw_kbool(w, "all_units", x->all_units);
	tunas_jsonw_kbool(w, "vendor_exam", x->vendor_exam);
	tunas_jsonw_obj_end(w);
}

static void programme_rule_json(tunas_jsonw *w, const tunas_programme_rule *x)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "programme_id", x->programme_id);
	tunas_jsonw_kint(w, "min_attendance", x->min_attendance);
	tunas_jsonw_kbool(w, "all_courses", x->all_courses);
	tunas_jsonw_kbool(w, "all_phases", x->all_phases);
	tunas_jsonw_kbool(w, "auto_certify", x->auto_certify);
	tunas_jsonw_kint(w, "cert_valid_months", x->cert_valid_months);
	tunas_jsonw_obj_end(w);
}

static int h_course_rule_get(tunas_req *r)
{
	tunas_course_rule x;
	int rc = tunas_course_rule_get(r->ctx, &x, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, course_rule_json, &x);
}

static int h_course_rule_put(tunas_req *r)
{
	static const char *const allowed[] = {"min_attendance", "all_units", "vendor_exam", NULL};
	tunas_course_rule x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.course_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_int(r, r->body, "min_attendance", &x.min_attendance, 0, 100, true) ||
	    http_bool(r, r->body, "all_units", &x.all_units, true) ||
	    http_bool(r, r->body, "vendor_exam", &x.vendor_exam, true))
		return 0;
	rc = tunas_course_rule_set(r->ctx, &x);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, course_rule_json, &x);
}

static int h_programme_rule_get(tunas_req *r)
{
	tunas_programme_rule x;
	int rc = tunas_programme_rule_get(r->ctx, &x, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, programme_rule_json, &x);
}

static int h_programme_rule_put(tunas_req *r)
{
	static const char *const allowed[] = {"min_attendance", "all_courses",	     "all_phases",
					      "auto_certify",	"cert_valid_months", NULL};
	tunas_programme_rule x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.programme_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_int(r, r->body, "min_attendance", &x.min_attendance, 0, 100, true) ||
	    http_bool(r, r->body, "all_courses", &x.all_courses, true) ||
	    http_bool(r, r->body, "all_phases", &x.all_phases, true) ||
	    http_bool(r, r->body, "auto_certify", &x.auto_certify, true) ||
	    http_int(r, r->body, "cert_valid_months", &x.cert_valid_months, 0, 600, true))
		return 0;
	rc = tunas_programme_rule_set(r->ctx, &x);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, programme_rule_json, &x);
}

static int h_assessments_list(tunas_req *r)
{
	tunas_assessment *rows = NULL;
	tunas_page page;
	int64_t person_id;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "person_id", &person_id))
		return 0;
	rc = tunas_assessment_list(r->ctx, &rows, &n, r->params[0], person_id, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, assessment_json);
	free(rows);
	return 0;
}

static int h_assessments_record(tunas_req *r)
{
	static const char *const allowed[] = {"person_id", "unit_id",  "result",      "score",
					      "rubric",	   "evidence", "assessed_on", NULL};
	tunas_assessment a, out;
	char result[32] = "";
	int rc;

	memset(&a, 0, sizeof(a));
	a.cohort_id = r->params[0];
	a.score = -1;
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &a.person_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "unit_id", &a.unit_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "result", result, sizeof(result), true) ||
	    http_int(r, r->body, "score", &a.score, 0, 100, false) ||
	    http_str(r, r->body, "rubric", a.rubric, sizeof(a.rubric), false) ||
	    http_str(r, r->body, "evidence", a.evidence, sizeof(a.evidence), true) ||
	    http_str(r, r->body, "assessed_on", a.assessed_on, sizeof(a.assessed_on), true))
		return 0;
	a.result = tunas_result_parse(result);
	rc = tunas_assessment_record(r->ctx, &out, &a);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, assessment_json, &out);
}

static int h_assessments_get(tunas_req *r)
{
	tunas_assessment a;
	int rc = tunas_assessment_get(r->ctx, &a, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, assessment_json, &a);
}

static int h_assessments_verify(tunas_req *r)
{
	tunas_assessment a;
	int rc = tunas_assessment_verify(r->ctx, &a, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, assessment_json, &a);
}

static int h_notes_list(tunas_req *r)
{
	tunas_assessment_note *rows = NULL;
	size_t n = 0;
	int rc = tunas_assessment_notes(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, note_json);
	free(rows);
	return 0;
}

static int h_notes_add(tunas_req *r)
{
	static const char *const allowed[] = {"kind", "text", NULL};
	tunas_assessment_note nt;
	char kind[32] = "";
	int rc;

	memset(&nt, 0, sizeof(nt));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), true) ||
	    http_str(r, r->body, "text", nt.text, sizeof(nt.text), true))
		return 0;
	nt.kind = tunas_note_kind_parse(kind);
	rc = tunas_assessment_annotate(r->ctx, &nt, r->params[0], nt.kind, nt.text);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, note_json, &nt);
}

static int h_vendor_certs_list(tunas_req *r)
{
	tunas_vendor_cert *rows = NULL;
	size_t n = 0;
	int rc = tunas_vendor_cert_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, vendor_cert_json);
	free(rows);
	return 0;
}

static int h_vendor_certs_add(tunas_req *r)
{
	static const char *const allowed[] = {"name",	   "number",	 "issuer",
					      "issued_on", "expires_on", NULL};
	tunas_vendor_cert v;
	int rc;

	memset(&v, 0, sizeof(v));
	v.person_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "name", v.name, sizeof(v.name), true) ||
	    http_str(r, r->body, "number", v.number, sizeof(v.number), true) ||
	    http_str(r, r->body, "issuer", v.issuer, sizeof(v.issuer), false) ||
	    http_str(r, r->body, "issued_on", v.issued_on, sizeof(v.issued_on), true) ||
	    http_str(r, r->body, "expires_on", v.expires_on, sizeof(v.expires_on), false))
		return 0;
	rc = tunas_vendor_cert_add(r->ctx, &v, &v);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, vendor_cert_json, &v);
}

static void completion_json(tunas_jsonw *w, const tunas_completion *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "person_id", c->person_id);
	tunas_jsonw_kint(w, "cohort_id", c->cohort_id);
	tunas_jsonw_kbool(w, "complete", c->complete);
	tunas_jsonw_kdouble(w, "attendance", c->attendance);
	tunas_jsonw_kint(w, "units_total", c->units_total);
	tunas_jsonw_kint(w, "units_competent", c->units_competent);
	tunas_jsonw_karr(w, "reasons");
	for (int i = 0; i < c->n_reasons; i++)
		tunas_jsonw_str(w, c->reasons[i]);
	tunas_jsonw_arr_end(w);
	tunas_jsonw_obj_end(w);
}

static int h_completion(tunas_req *r)
{
	tunas_completion c;
	int rc = tunas_completion_check(r->ctx, &c, r->params[1], r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, completion_json, &c);
}

/* ------------------------------------------------------------------------ */
/* Certificates and keys */

static int h_certs_list(tunas_req *r)
{
	tunas_certificate *rows = NULL;
	int64_t person_id, cohort_id;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "person_id", &person_id) ||
	    http_query_id(r, "cohort_id", &cohort_id))
		return 0;
	rc = tunas_cert_list(r->ctx, &rows, &n, person_id, cohort_id, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, cert_json);
	free(rows);
	return 0;
}

static int h_certs_issue(tunas_req *r)
{
	static const char *const allowed[] = {"person_id", "cohort_id", NULL};
	int64_t person_id = 0, cohort_id = 0;
	tunas_certificate c;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &person_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "cohort_id", &cohort_id, 1, INT64_MAX, true))
		return 0;
	rc = tunas_cert_issue(r->ctx, &c, person_id, cohort_id);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, cert_json, &c);
}

static int h_certs_get(tunas_req *r)
{
	tunas_certificate c;
	int rc = tunas_cert_get(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, cert_json, &c);
}

static int h_certs_credential(tunas_req *r)
{
	char *text = NULL;
	size_t len = 0;
	int rc = tunas_cert_credential(r->ctx, &text, &len, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	return http_raw(r, text, len, "application/vc+ld+json");
}

static int h_certs_pdf(tunas_req *r)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	int rc = tunas_cert_pdf(r->ctx, &pdf, &len, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	return http_raw(r, pdf, len, "application/pdf");
}

static int h_certs_status(tunas_req *r)
{
	static const char *const allowed[] = {"status", "reason", NULL};
	char status[16] = "", reason[TUNAS_NAME_MAX + 1] = "";
	tunas_certificate c;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "status", status, sizeof(status), true) ||
	    http_str(r, r->body, "reason", reason, sizeof(reason), true))
		return 0;
	rc = tunas_cert_set_status(r->ctx, &c, r->params[0], tunas_cert_status_parse(status),
				   reason);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, cert_json, &c);
}

static int h_certs_renew(tunas_req *r)
{
	tunas_certificate c;
	int rc = tunas_cert_renew(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, cert_json, &c);
}

static int h_keys_list(tunas_req *r)
{
	tunas_issuer_key *rows = NULL;
	size_t n = 0;
	int rc = tunas_issuer_key_list(r->ctx, &rows, &n);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, key_json);
	free(rows);
	return 0;
}

static int h_keys_rotate(tunas_req *r)
{
	tunas_issuer_key k;
	int rc = tunas_issuer_key_rotate(r->ctx, &k);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, key_json, &k);
}

/* ------------------------------------------------------------------------ */
/* Public: verification and status lists (no account) */

static int h_verify_get(tunas_req *r)
{
	tunas_cert_verdict v;
	int rc = tunas_cert_lookup(r->ctx, &v, r->key);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, verdict_json, &v);
}

static int h_verify_post(tunas_req *r)
{
	tunas_cert_verdict v;
	char *text;
	int rc;

	if (http_body_required(r))
		return 0;
	text = json_dumps(r->body, JSON_COMPACT);
	if (text == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	rc = tunas_cert_check(r->ctx, &v, text, strlen(text));
	free(text);
	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, verdict_json, &v);
}

/* The Open Badges Achievement a credential's achievement id names. */
static int h_achievement(tunas_req *r)
{
	tunas_achievement a;
	char id[400];
	tunas_jsonw w;
	int rc = tunas_cert_achievement(r->ctx, &a, r->key);

	if (rc != 0)
		return http_lib_error(r, rc);
	snprintf(id, sizeof(id), "%s/achievements/%s", tunas_cert_base_url(r->ctx), a.code);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kstr(&w, "id", id);
	tunas_jsonw_karr(&w, "type");
	tunas_jsonw_str(&w, "Achievement");
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_kstr(&w, "achievementType", "Certificate");
	tunas_jsonw_kstr(&w, "humanCode", a.code);
	tunas_jsonw_kstr(&w, "name", a.name);
	tunas_jsonw_kstr(&w, "description", a.description);
	tunas_jsonw_kobj(&w, "criteria");
	tunas_jsonw_kstr(&w, "narrative", a.criteria);
	tunas_jsonw_obj_end(&w);
	tunas_jsonw_kobj(&w, "creator");
	tunas_jsonw_karr(&w, "type");
	tunas_jsonw_str(&w, "Profile");
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_kstr(&w, "name", a.issuer_name);
	tunas_jsonw_obj_end(&w);
	tunas_jsonw_kstr(&w, "inLanguage", "en");
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_status_list(tunas_req *r)
{
	char *text = NULL;
	size_t len = 0;
	int rc = tunas_status_list_credential(r->ctx, &text, &len, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	return http_raw(r, text, len, "application/vc+ld+json");
}

/* A growing HTML page; on out of memory the page is dropped (buf NULL)
 * and later additions do nothing. */
typedef struct {
	char *buf;
	size_t len, cap;
	bool failed;
} html_page;

static void html_grow(html_page *h, size_t more)
{
	size_t ncap = h->cap ? h->cap : 4096;
	char *nb;

	if (h->failed || h->len + more + 1 <= h->cap)
		return;
	while (ncap < h->len + more + 1)
		ncap *= 2;
	nb = tunas_reallocarray(h->buf, ncap, 1);
	if (nb == NULL) {
		free(h->buf);
		*h = (html_page){NULL, 0, 0, true};
		return;
	}
	h->buf = nb;
	h->cap = ncap;
}

/* Add s; escaped (&, <, >, ", ') when it is text rather than our markup. */
static void html_add(html_page *h, const char *s, bool escape)
{
	for (; s != NULL && *s && !h->failed; s++) {
		const char *rep = NULL;

		if (escape) {
			switch (*s) {
			case '&':
				rep = "&amp;";
				break;
			case '<':
				rep = "&lt;";
				break;
			case '>':
				rep = "&gt;";
				break;
			case '"':
				rep = "&quot;";
				break;
			case '\'':
				rep = "&#39;";
				break;
			default:
				break;
			}
		}
		html_grow(h, rep ? strlen(rep) : 1);
		if (h->failed)
			return;
		if (rep) {
			memcpy(h->buf + h->len, rep, strlen(rep));
			h->len += strlen(rep);
		} else {
			h->buf[h->len++] = *s;
		}
		h->buf[h->len] = '\0';
	}
}

static void html_row(html_page *h, const char *label, const char *value)
{
	html_add(h, "<dt>", false);
	html_add(h, label, true);
	html_add(h, "</dt><dd>", false);
	html_add(h, value[0] ? value : "-", true);
	html_add(h, "</dd>", false);
}

static int h_verify_page(tunas_req *r)
{
	tunas_cert_verdict v;
	html_page h = {NULL, 0, 0, false};
	int rc = tunas_cert_lookup(r->ctx, &v, r->key);

	if (rc == TUNAS_ENOTFOUND)
		memset(&v, 0, sizeof(v));
	else if (rc != 0)
		return http_lib_error(r, rc);
	html_add(&h,
		 "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		 "<title>Certificate verification</title></head><body><main>"
		 "<h1>Certificate verification</h1><p><strong id=\"verdict\">",
		 false);
	html_add(&h, rc ? "NOT FOUND" : v.valid ? "VALID" : "NOT VALID", false);
	html_add(&h, "</strong>", false);
	if (rc != 0) {
		html_add(&h, ": no certificate has this number.", false);
	} else if (!v.valid && v.why[0]) {
		html_add(&h, ": <span id=\"reason\">", false);
		html_add(&h, v.why, true);
		html_add(&h, "</span>", false);
	}
	html_add(&h, "</p>", false);
	if (rc == 0) {
		html_add(&h, "<dl>", false);
		html_row(&h, "Holder", v.holder_name);
		html_row(&h, "Achievement", v.achievement);
		html_row(&h, "Issuer", v.issuer_name);
		html_row(&h, "Issuer DID", v.issuer_did);
		html_row(&h, "Status", v.status ? tunas_cert_status_name(v.status) : "unknown");
		html_row(&h, "Valid from", v.valid_from);
		html_row(&h, "Valid until", v.valid_until);
		html_row(&h, "Certificate", v.uuid);
		html_add(&h, "</dl>", false);
	}
	html_add(&h,
		 "<p>The signed credential can be checked offline with "
		 "<code>tunas cert verify</code> or any W3C Verifiable Credentials verifier "
		 "that supports eddsa-jcs-2022.</p></main></body></html>",
		 false);
	if (h.failed)
		return http_problem(r, 500, NULL, "out of memory");
	http_raw(r, h.buf, h.len, "text/html; charset=utf-8");
	r->status = rc ? 404 : 200;
	return 0;
}

const route tunas_delivery_routes[] = {
	{"GET", "/api/v1/cohorts/{}/sessions", h_sessions_list, false, false},
	{"POST", "/api/v1/cohorts/{}/sessions", h_sessions_create, false, false},
	{"GET", "/api/v1/sessions/{}", h_sessions_get, false, false},
	{"PATCH", "/api/v1/sessions/{}", h_sessions_patch, false, false},
	{"POST", "/api/v1/sessions/{}/checkin-code", h_checkin_open, false, false},
	{"POST", "/api/v1/sessions/{}/checkin", h_checkin, false, false},
	{"GET", "/api/v1/sessions/{}/attendance", h_attendance_list, false, false},
	{"POST", "/api/v1/sessions/{}/attendance", h_attendance_record, false, false},
	{"GET", "/api/v1/cohorts/{}/attendance-rate", h_attendance_rate, false, false},
	{"GET", "/api/v1/cohorts/{}/logbook", h_logbook_list, false, false},
	{"POST", "/api/v1/cohorts/{}/logbook", h_logbook_add, false, false},
	{"GET", "/api/v1/cohorts/{}/evaluations", h_evaluations_list, false, false},
	{"POST", "/api/v1/cohorts/{}/evaluations", h_evaluations_add, false, false},
	{"GET", "/api/v1/courses/{}/units", h_units_list, false, false},
	{"POST", "/api/v1/courses/{}/units", h_units_create, false, false},
	{"GET", "/api/v1/courses/{}/rule", h_course_rule_get, false, false},
	{"PUT", "/api/v1/courses/{}/rule", h_course_rule_put, false, false},
	{"GET", "/api/v1/programmes/{}/rule", h_programme_rule_get, false, false},
	{"PUT", "/api/v1/programmes/{}/rule", h_programme_rule_put, false, false},
	{"GET", "/api/v1/cohorts/{}/assessments", h_assessments_list, false, false},
	{"POST", "/api/v1/cohorts/{}/assessments", h_assessments_record, false, false},
	{"GET", "/api/v1/assessments/{}", h_assessments_get, false, false},
	{"POST", "/api/v1/assessments/{}/verify", h_assessments_verify, false, false},
	{"GET", "/api/v1/assessments/{}/notes", h_notes_list, false, false},
	{"POST", "/api/v1/assessments/{}/notes", h_notes_add, false, false},
	{"GET", "/api/v1/people/{}/vendor-certs", h_vendor_certs_list, false, false},
	{"POST", "/api/v1/people/{}/vendor-certs", h_vendor_certs_add, false, false},
	{"GET", "/api/v1/cohorts/{}/completion/{}", h_completion, false, false},
	{"GET", "/api/v1/certificates", h_certs_list, false, false},
	{"POST", "/api/v1/certificates", h_certs_issue, false, false},
	{"GET", "/api/v1/certificates/{}", h_certs_get, false, false},
	{"GET", "/api/v1/certificates/{}/credential", h_certs_credential, false, false},
	{"GET", "/api/v1/certificates/{}/pdf", h_certs_pdf, false, false},
	{"POST", "/api/v1/certificates/{}/status", h_certs_status, false, false},
	{"POST", "/api/v1/certificates/{}/renew", h_certs_renew, false, false},
	{"GET", "/api/v1/issuer-keys", h_keys_list, true, false},
	{"POST", "/api/v1/issuer-keys", h_keys_rotate, false, false},
	{"GET", "/api/v1/verify/{u}", h_verify_get, true, false},
	{"POST", "/api/v1/verify", h_verify_post, true, false},
	{"GET", "/verify/{u}", h_verify_page, true, false},
	/* No snapshot: the list cache's generation must be read before the
	 * statuses (cert.c, status_cached). */
	{"GET", "/status/{}", h_status_list, true, true},
	{"GET", "/achievements/{u}", h_achievement, true, false},
};

const size_t tunas_delivery_routes_count =
	sizeof(tunas_delivery_routes) / sizeof(tunas_delivery_routes[0]);
