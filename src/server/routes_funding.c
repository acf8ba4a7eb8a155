/*
 * routes_funding.c — the HTTP routes of funding (funding.h): sources,
 * allocations, a programme's funding summary, totals per currency, and
 * centres' claims with their evidence and decisions. Money goes in and out
 * as integers in the currency's minor units (*_minor) beside the currency:
 * exact, and never added across currencies. Each handler parses the
 * request, calls one library function and writes the answer.
 */
#include "server/routes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/funding.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------ */
/* Rendering */

static void kstamp(tunas_jsonw *w, const char *key, int64_t at)
{
	if (at != 0)
		tunas_jsonw_kint(w, key, at);
	else
		tunas_jsonw_knull(w, key);
}

/* An amount the caller may not see (-1) is null. */
static void kmoney(tunas_jsonw *w, const char *key, int64_t minor)
{
	if (minor >= 0)
		tunas_jsonw_kint(w, key, minor);
	else
		tunas_jsonw_knull(w, key);
}

static void source_json(tunas_jsonw *w, const tunas_fund_source *f)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", f->id);
	tunas_jsonw_kstr(w, "code", f->code);
	tunas_jsonw_kstr(w, "name", f->name);
	tunas_jsonw_kstr(w, "kind", tunas_fund_kind_name(f->kind));
	tunas_jsonw_kint(w, "org_id", f->org_id);
	tunas_jsonw_kstr(w, "currency", f->currency);
	tunas_jsonw_kint(w, "amount_minor", f->amount_minor);
	tunas_jsonw_kint(w, "allocated_minor", f->allocated_minor);
	tunas_jsonw_kint(w, "unallocated_minor", f->amount_minor - f->allocated_minor);
	if (f->year)
		tunas_jsonw_kint(w, "year", f->year);
	else
		tunas_jsonw_knull(w, "year");
	tunas_jsonw_kint(w, "created_at", f->created_at);
	tunas_jsonw_obj_end(w);
}

static void allocation_json(tunas_jsonw *w, const tunas_allocation *a)
{
	bool shown = a->amount_minor >= 0;

	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", a->id);
	tunas_jsonw_kint(w, "source_id", a->source_id);
	tunas_jsonw_kint(w, "programme_id", a->programme_id);
	tunas_jsonw_kstr(w, "currency", a->currency);
	kmoney(w, "amount_minor", a->amount_minor);
	kmoney(w, "committed_minor", a->committed_minor);
	kmoney(w, "spent_minor", a->spent_minor);
	kmoney(w, "remaining_minor",
	       shown ? a->amount_minor - a->committed_minor - a->spent_minor : -1);
	tunas_jsonw_kint(w, "rate_trainee_minor", a->rate_trainee_minor);
	tunas_jsonw_kint(w, "rate_attended_minor", a->rate_attended_minor);
	tunas_jsonw_kint(w, "attendance_percent", a->attendance_percent);
	tunas_jsonw_kint(w, "rate_completed_minor", a->rate_completed_minor);
	tunas_jsonw_kint(w, "rate_certified_minor", a->rate_certified_minor);
	tunas_jsonw_kint(w, "created_at", a->created_at);
	tunas_jsonw_obj_end(w);
}

static void counts_fields(tunas_jsonw *w, const tunas_claim_counts *k)
{
	tunas_jsonw_kint(w, "trainees", k->trainees);
	tunas_jsonw_kint(w, "attended", k->attended);
	tunas_jsonw_kint(w, "completed", k->completed);
	tunas_jsonw_kint(w, "certified", k->certified);
}

static void claim_json(tunas_jsonw *w, const tunas_claim *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kint(w, "allocation_id", c->allocation_id);
	tunas_jsonw_kint(w, "programme_id", c->programme_id);
	tunas_jsonw_kint(w, "cohort_id", c->cohort_id);
	tunas_jsonw_kint(w, "centre_org_id", c->centre_org_id);
	tunas_jsonw_kstr(w, "status", tunas_claim_status_name(c->status));
	counts_fields(w, &c->counts);
	tunas_jsonw_kint(w, "amount_minor", c->amount_minor);
	tunas_jsonw_kstr(w, "currency", c->currency);
	tunas_jsonw_kstr(w, "note", c->note);
	tunas_jsonw_kstr(w, "reason", c->reason);
	tunas_jsonw_kstr(w, "payment_ref", c->payment_ref);
	tunas_jsonw_kint(w, "created_at", c->created_at);
	kstamp(w, "submitted_at", c->submitted_at);
	kstamp(w, "decided_at", c->decided_at);
	kstamp(w, "paid_at", c->paid_at);
	tunas_jsonw_obj_end(w);
}

static void evidence_json(tunas_jsonw *w, const tunas_claim_evidence *e)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "allocation_id", e->allocation_id);
	tunas_jsonw_kint(w, "cohort_id", e->cohort_id);
	tunas_jsonw_kint(w, "attendance_percent", e->attendance_percent);
	counts_fields(w, &e->counts);
	tunas_jsonw_kint(w, "amount_minor", e->amount_minor);
	tunas_jsonw_kstr(w, "currency", e->currency);
	tunas_jsonw_obj_end(w);
}

static void summary_json(tunas_jsonw *w, const tunas_funding_summary *s)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "programme_id", s->programme_id);
	tunas_jsonw_kstr(w, "currency", s->currency);
	if (s->budget_set)
		tunas_jsonw_kint(w, "budget_minor", s->budget_minor);
	else
		tunas_jsonw_knull(w, "budget_minor");
	tunas_jsonw_kint(w, "allocated_minor", s->allocated_minor);
	tunas_jsonw_kint(w, "committed_minor", s->committed_minor);
	tunas_jsonw_kint(w, "spent_minor", s->spent_minor);
	tunas_jsonw_kint(w, "remaining_minor", s->remaining_minor);
	tunas_jsonw_kint(w, "claimed_minor", s->claimed_minor);
	tunas_jsonw_kint(w, "trainees", s->trainees);
	tunas_jsonw_kint(w, "completions", s->completions);
	tunas_jsonw_kint(w, "certifications", s->certifications);
	kmoney(w, "cost_per_trainee_minor", s->cost_per_trainee_minor);
	kmoney(w, "cost_per_completion_minor", s->cost_per_completion_minor);
	kmoney(w, "cost_per_certification_minor", s->cost_per_certification_minor);
	tunas_jsonw_obj_end(w);
}

static void total_json(tunas_jsonw *w, const tunas_funding_total *t)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kstr(w, "currency", t->currency);
	tunas_jsonw_kint(w, "sources", t->sources);
	tunas_jsonw_kint(w, "amount_minor", t->amount_minor);
	tunas_jsonw_kint(w, "allocated_minor", t->allocated_minor);
	tunas_jsonw_kint(w, "unallocated_minor", t->unallocated_minor);
	tunas_jsonw_kint(w, "committed_minor", t->committed_minor);
	tunas_jsonw_kint(w, "spent_minor", t->spent_minor);
	tunas_jsonw_kint(w, "remaining_minor", t->remaining_minor);
	tunas_jsonw_obj_end(w);
}

/* ------------------------------------------------------------------------ */
/* Sources and allocations */

static int h_sources_list(tunas_req *r)
{
	tunas_fund_source *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_fund_source_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, source_json);
	free(rows);
	return 0;
}

static int h_sources_create(tunas_req *r)
{
	static const char *const allowed[] = {"code",	  "name",	  "kind", "org_id",
					      "currency", "amount_minor", "year", NULL};
	tunas_fund_source f;
	char kind[32] = "";
	int64_t id = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", f.code, sizeof(f.code), true) ||
	    http_str(r, r->body, "name", f.name, sizeof(f.name), true) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), true) ||
	    http_i64(r, r->body, "org_id", &f.org_id, 1, INT64_MAX, false) ||
	    http_str(r, r->body, "currency", f.currency, sizeof(f.currency), true) ||
	    http_i64(r, r->body, "amount_minor", &f.amount_minor, 1, TUNAS_MONEY_MAX, true) ||
	    http_int(r, r->body, "year", &f.year, 1990, 2200, false))
		return 0;
	if ((f.kind = tunas_fund_kind_parse(kind)) == TUNAS_FUND_NONE)
		return http_problem(r, 422, "kind",
				    "must be national_allocation, government_sponsor, "
				    "industry_contribution or other");
	if ((rc = tunas_fund_source_create(r->ctx, &id, &f)) != 0 ||
	    (rc = tunas_fund_source_get(r->ctx, &f, id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, source_json, &f);
}

static int h_sources_get(tunas_req *r)
{
	tunas_fund_source f;
	int rc = tunas_fund_source_get(r->ctx, &f, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, source_json, &f);
}

static int h_allocations_create(tunas_req *r)
{
	static const char *const allowed[] = {"source_id",
					      "programme_id",
					      "currency",
					      "amount_minor",
					      "rate_trainee_minor",
					      "rate_attended_minor",
					      "attendance_percent",
					      "rate_completed_minor",
					      "rate_certified_minor",
					      NULL};
	tunas_allocation a;
	int64_t id = 0;
	int rc;

	memset(&a, 0, sizeof(a));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "source_id", &a.source_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "programme_id", &a.programme_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "currency", a.currency, sizeof(a.currency), false) ||
	    http_i64(r, r->body, "amount_minor", &a.amount_minor, 1, TUNAS_MONEY_MAX, true) ||
	    http_i64(r, r->body, "rate_trainee_minor", &a.rate_trainee_minor, 0, TUNAS_MONEY_MAX,
		     false) ||
	    http_i64(r, r->body, "rate_attended_minor", &a.rate_attended_minor, 0, TUNAS_MONEY_MAX,
		     false) ||
	    http_int(r, r->body, "attendance_percent", &a.attendance_percent, 0, 100, false) ||
	    http_i64(r, r->body, "rate_completed_minor", &a.rate_completed_minor, 0,
		     TUNAS_MONEY_MAX, false) ||
	    http_i64(r, r->body, "rate_certified_minor", &a.rate_certified_minor, 0,
		     TUNAS_MONEY_MAX, false))
		return 0;
	if ((rc = tunas_allocation_create(r->ctx, &id, &a)) != 0 ||
	    (rc = tunas_allocation_get(r->ctx, &a, id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, allocation_json, &a);
}

static int h_allocations_get(tunas_req *r)
{
	tunas_allocation a;
	int rc = tunas_allocation_get(r->ctx, &a, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, allocation_json, &a);
}

static int h_programme_allocations(tunas_req *r)
{
	tunas_allocation *rows = NULL;
	size_t n = 0;
	int rc = tunas_allocation_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, allocation_json);
	free(rows);
	return 0;
}

static int h_programme_funding(tunas_req *r)
{
	tunas_funding_summary s;
	int rc = tunas_funding_summary_get(r->ctx, &s, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, summary_json, &s);
}

static int h_totals(tunas_req *r)
{
	tunas_funding_total *rows = NULL;
	size_t n = 0;
	int rc = tunas_funding_totals(r->ctx, &rows, &n);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, total_json);
	free(rows);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Claims */

/* The counts, amount and note of a claim body. */
static int claim_body(tunas_req *r, tunas_claim *c, bool required)
{
	return http_i64(r, r->body, "trainees", &c->counts.trainees, 0, INT64_MAX, required) ||
	       http_i64(r, r->body, "attended", &c->counts.attended, 0, INT64_MAX, required) ||
	       http_i64(r, r->body, "completed", &c->counts.completed, 0, INT64_MAX, required) ||
	       http_i64(r, r->body, "certified", &c->counts.certified, 0, INT64_MAX, required) ||
	       http_i64(r, r->body, "amount_minor", &c->amount_minor, 0, TUNAS_MONEY_MAX,
			required) ||
	       http_str(r, r->body, "note", c->note, sizeof(c->note), false);
}

static int h_claims_list(tunas_req *r)
{
	tunas_claim *rows = NULL;
	int64_t programme;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "programme_id", &programme))
		return 0;
	if ((rc = tunas_claim_list(r->ctx, &rows, &n, programme, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, claim_json);
	free(rows);
	return 0;
}

static int h_claims_create(tunas_req *r)
{
	static const char *const allowed[] = {"allocation_id", "cohort_id", "trainees",
					      "attended",      "completed", "certified",
					      "amount_minor",  "note",	    NULL};
	tunas_claim *c;
	int64_t id = 0;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "allocation_id", &c->allocation_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "cohort_id", &c->cohort_id, 1, INT64_MAX, true) ||
	    claim_body(r, c, true)) {
		tunas_free(c);
		return 0;
	}
	rc = tunas_claim_create(r->ctx, &id, c);
	if (rc == 0)
		rc = tunas_claim_get(r->ctx, c, id);
	if (rc != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	claim_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 201, &w);
}

static int h_claims_get(tunas_req *r)
{
	tunas_claim *c;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_claim_get(r->ctx, c, r->params[0])) != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	claim_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 200, &w);
}

static int h_claims_patch(tunas_req *r)
{
	static const char *const allowed[] = {"trainees",     "attended", "completed", "certified",
					      "amount_minor", "note",	  NULL};
	tunas_claim *c;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_claim_get(r->ctx, c, r->params[0])) != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    claim_body(r, c, false)) {
		tunas_free(c);
		return 0;
	}
	rc = tunas_claim_update(r->ctx, c);
	if (rc == 0)
		rc = tunas_claim_get(r->ctx, c, r->params[0]);
	if (rc != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	claim_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 200, &w);
}

typedef enum { ACT_SUBMIT, ACT_APPROVE, ACT_REJECT, ACT_PAY } claim_act;

/* POST /claims/{id}/<action>: apply the action, answer the claim. Reject
 * takes a reason, pay a payment reference (text_field); the others no
 * body, or an empty one. */
static int claim_action(tunas_req *r, claim_act act, const char *const *allowed,
			const char *text_field, size_t text_max)
{
	char text[TUNAS_TEXT_MAX + 1] = "";
	int64_t id = r->params[0];
	tunas_claim *c;
	tunas_jsonw w;
	int rc;

	if (text_field != NULL) {
		if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
		    http_str(r, r->body, text_field, text, text_max + 1, true))
			return 0;
	} else if (r->body != NULL && http_only(r, r->body, NULL, allowed)) {
		return 0;
	}
	switch (act) {
	case ACT_SUBMIT:
		rc = tunas_claim_submit(r->ctx, id);
		break;
	case ACT_APPROVE:
		rc = tunas_claim_approve(r->ctx, id);
		break;
	case ACT_REJECT:
		rc = tunas_claim_reject(r->ctx, id, text);
		break;
	default:
		rc = tunas_claim_pay(r->ctx, id, text);
		break;
	}
	if (rc != 0)
		return http_lib_error(r, rc);
	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_claim_get(r->ctx, c, id)) != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	claim_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 200, &w);
}

static const char *const no_fields[] = {NULL};

static int h_claims_submit(tunas_req *r)
{
	return claim_action(r, ACT_SUBMIT, no_fields, NULL, 0);
}

static int h_claims_approve(tunas_req *r)
{
	return claim_action(r, ACT_APPROVE, no_fields, NULL, 0);
}

static int h_claims_reject(tunas_req *r)
{
	static const char *const allowed[] = {"reason", NULL};

	return claim_action(r, ACT_REJECT, allowed, "reason", TUNAS_TEXT_MAX);
}

static int h_claims_pay(tunas_req *r)
{
	static const char *const allowed[] = {"payment_ref", NULL};

	return claim_action(r, ACT_PAY, allowed, "payment_ref", TUNAS_CODE_MAX);
}

static int h_evidence(tunas_req *r)
{
	tunas_claim_evidence e;
	int64_t alloc, cohort;
	int rc;

	if (http_query_id(r, "allocation_id", &alloc) || http_query_id(r, "cohort_id", &cohort))
		return 0;
	if (alloc == 0)
		return http_problem(r, 400, "allocation_id", "is required");
	if (cohort == 0)
		return http_problem(r, 400, "cohort_id", "is required");
	if ((rc = tunas_claim_evidence_get(r->ctx, &e, alloc, cohort)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, evidence_json, &e);
}

const route tunas_funding_routes[] = {
	{"GET", "/api/v1/funding/sources", h_sources_list, false, false},
	{"POST", "/api/v1/funding/sources", h_sources_create, false, false},
	{"GET", "/api/v1/funding/sources/{}", h_sources_get, false, false},
	{"POST", "/api/v1/funding/allocations", h_allocations_create, false, false},
	{"GET", "/api/v1/funding/allocations/{}", h_allocations_get, false, false},
	{"GET", "/api/v1/funding/totals", h_totals, false, false},
	{"GET", "/api/v1/funding/evidence", h_evidence, false, false},
	{"GET", "/api/v1/programmes/{}/allocations", h_programme_allocations, false, false},
	{"GET", "/api/v1/programmes/{}/funding", h_programme_funding, false, false},
	{"GET", "/api/v1/claims", h_claims_list, false, false},
	{"POST", "/api/v1/claims", h_claims_create, false, false},
	{"GET", "/api/v1/claims/{}", h_claims_get, false, false},
	{"PATCH", "/api/v1/claims/{}", h_claims_patch, false, false},
	{"POST", "/api/v1/claims/{}/submit", h_claims_submit, false, false},
	{"POST", "/api/v1/claims/{}/approve", h_claims_approve, false, false},
	{"POST", "/api/v1/claims/{}/reject", h_claims_reject, false, false},
	{"POST", "/api/v1/claims/{}/pay", h_claims_pay, false, false},
};

const size_t tunas_funding_routes_count =
	sizeof(tunas_funding_routes) / sizeof(tunas_funding_routes[0]);
