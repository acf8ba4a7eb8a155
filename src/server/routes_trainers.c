/*
 * routes_trainers.c — the HTTP routes of trainers (trainers.h): a
 * person's trainer qualifications, what a course requires of its trainers
 * and awards, and the cascade of who trained whom. Each handler parses the
 * request, calls one library function and writes the answer.
 */
#include "server/routes.h"

#include <stdlib.h>
#include <string.h>

#include "tunas/trainers.h"

static void qual_json(tunas_jsonw *w, const tunas_trainer_qual *q)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", q->id);
	tunas_jsonw_kint(w, "person_id", q->person_id);
	tunas_jsonw_kstr(w, "name", q->name);
	tunas_jsonw_kstr(w, "number", q->number);
	tunas_jsonw_kstr(w, "issuer", q->issuer);
	http_kdate(w, "issued_on", q->issued_on);
	http_kdate(w, "expires_on", q->expires_on);
	http_kid(w, "enrolment_id", q->enrolment_id);
	http_kid(w, "recorded_by", q->recorded_by);
	tunas_jsonw_kint(w, "created_at", q->created_at);
	tunas_jsonw_obj_end(w);
}

static void rule_json(tunas_jsonw *w, const tunas_trainer_rule *r)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "course_id", r->course_id);
	tunas_jsonw_kstr(w, "requires", r->requires);
	tunas_jsonw_kstr(w, "awards", r->awards);
	tunas_jsonw_kint(w, "award_valid_months", r->award_valid_months);
	tunas_jsonw_obj_end(w);
}

static void node_json(tunas_jsonw *w, const tunas_cascade_node *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "person_id", c->person_id);
	tunas_jsonw_kstr(w, "name", c->name);
	tunas_jsonw_kint(w, "generation", c->generation);
	http_kid(w, "trained_by", c->trained_by);
	tunas_jsonw_kint(w, "direct", c->direct);
	tunas_jsonw_kint(w, "multiplier", c->multiplier);
	tunas_jsonw_obj_end(w);
}

static int h_quals_list(tunas_req *r)
{
	tunas_trainer_qual *rows = NULL;
	size_t n = 0;
	int rc = tunas_trainer_qual_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, qual_json);
	free(rows);
	return 0;
}

static int h_quals_add(tunas_req *r)
{
	static const char *const allowed[] = {"name",	   "number",	 "issuer",
					      "issued_on", "expires_on", NULL};
	tunas_trainer_qual q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.person_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "name", q.name, sizeof(q.name), true) ||
	    http_str(r, r->body, "number", q.number, sizeof(q.number), false) ||
	    http_str(r, r->body, "issuer", q.issuer, sizeof(q.issuer), false) ||
	    http_str(r, r->body, "issued_on", q.issued_on, sizeof(q.issued_on), true) ||
	    http_str(r, r->body, "expires_on", q.expires_on, sizeof(q.expires_on), false))
		return 0;
	if ((rc = tunas_trainer_qual_add(r->ctx, &q, &q)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, qual_json, &q);
}

static int h_link(tunas_req *r)
{
	static const char *const allowed[] = {"person_id", NULL};
	int64_t person = 0;
	tunas_jsonw w;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &person, 1, INT64_MAX, true))
		return 0;
	if ((rc = tunas_trainer_link(r->ctx, r->params[0], person)) != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "user_id", r->params[0]);
	tunas_jsonw_kint(&w, "person_id", person);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_rule_get(tunas_req *r)
{
	tunas_trainer_rule t;
	int rc = tunas_trainer_rule_get(r->ctx, &t, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, rule_json, &t);
}

static int h_rule_put(tunas_req *r)
{
	static const char *const allowed[] = {"requires", "awards", "award_valid_months", NULL};
	tunas_trainer_rule t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.course_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "requires", t.requires, sizeof(t.requires), false) ||
	    http_str(r, r->body, "awards", t.awards, sizeof(t.awards), false) ||
	    http_int(r, r->body, "award_valid_months", &t.award_valid_months, 0, 600, false))
		return 0;
	if ((rc = tunas_trainer_rule_set(r->ctx, &t)) != 0 ||
	    (rc = tunas_trainer_rule_get(r->ctx, &t, t.course_id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, rule_json, &t);
}

static int h_cascade(tunas_req *r)
{
	tunas_cascade_node *rows = NULL;
	int64_t people = 0;
	tunas_jsonw w;
	size_t n = 0, i;
	int rc = tunas_cascade(r->ctx, &rows, &n, &people, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "person_id", r->params[0]);
	tunas_jsonw_kint(&w, "people_reached", people);
	tunas_jsonw_karr(&w, "trainers");
	for (i = 0; i < n; i++)
		node_json(&w, &rows[i]);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(rows);
	return http_json(r, 200, &w);
}

static int h_cascade_report(tunas_req *r)
{
	tunas_cascade_node *rows = NULL;
	int64_t programme;
	size_t n = 0;
	int rc;

	if (http_query_id(r, "programme_id", &programme))
		return 0;
	if ((rc = tunas_cascade_report(r->ctx, &rows, &n, programme)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, node_json);
	free(rows);
	return 0;
}

const route tunas_trainers_routes[] = {
	{"GET", "/api/v1/people/{}/trainer-qualifications", h_quals_list, false, false},
	{"POST", "/api/v1/people/{}/trainer-qualifications", h_quals_add, false, false},
	{"PUT", "/api/v1/users/{}/trainer-person", h_link, false, false},
	{"GET", "/api/v1/courses/{}/trainer-rule", h_rule_get, false, false},
	{"PUT", "/api/v1/courses/{}/trainer-rule", h_rule_put, false, false},
	{"GET", "/api/v1/people/{}/cascade", h_cascade, false, false},
	{"GET", "/api/v1/cascade", h_cascade_report, false, false},
};

const size_t tunas_trainers_routes_count =
	sizeof(tunas_trainers_routes) / sizeof(tunas_trainers_routes[0]);
