/*
 * programme.c — programmes, courses, cohorts and progress; see programme.h.
 */
#include "tunas/programme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "ctx.h"
#include "trainers_int.h"
#include "valid.h"

static const char *const phase_names[] = {NULL, "local", "overseas_attachment"};
static const char *const emp_names[] = {NULL, "job_seeker", "employed", "civil_servant", "student"};
static const char *const mode_names[] = {"in_person", "online", "blended"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int tunas_currency_decimals(const char *code)
{
	static const struct {
		const char *code;
		int decimals;
	} known[] = {
		{"MYR", 2}, {"IDR", 0}, {"USD", 2}, {"CNY", 2}, {"SGD", 2},
		{"EUR", 2}, {"THB", 2}, {"PHP", 2}, {"VND", 0}, {"BND", 2},
	};

	for (size_t i = 0; code && i < COUNT(known); i++)
		if (strcmp(code, known[i].code) == 0)
			return known[i].decimals;
	return -1;
}

const char *tunas_phase_kind_name(tunas_phase_kind kind)
{
	return (kind > 0 && (size_t)kind < COUNT(phase_names)) ? phase_names[kind] : "none";
}

tunas_phase_kind tunas_phase_kind_parse(const char *name)
{
	for (size_t i = 1; name && i < COUNT(phase_names); i++)
		if (strcmp(name, phase_names[i]) == 0)
			return (tunas_phase_kind)i;
	return TUNAS_PHASE_NONE;
}

const char *tunas_employment_name(tunas_employment e)
{
	return (e > 0 && (size_t)e < COUNT(emp_names)) ? emp_names[e] : "none";
}

tunas_employment tunas_employment_parse(const char *name)
{
	for (size_t i = 1; name && i < COUNT(emp_names); i++)
		if (strcmp(name, emp_names[i]) == 0)
			return (tunas_employment)i;
	return TUNAS_EMP_NONE;
}

unsigned tunas_mode_parse(const char *name)
{
	for (size_t i = 0; name && i < COUNT(mode_names); i++)
		if (strcmp(name, mode_names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *tunas_mode_name(unsigned bit)
{
	for (size_t i = 0; i < COUNT(mode_names); i++)
		if (bit == 1u << i)
			return mode_names[i];
	return "none";
}

static bool is_code(const char *s)
{
	size_t len = strlen(s);

	if (len < 2 || len > TUNAS_CODE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Look up an organisation that must exist; EINVAL naming `field` if not. */
static int need_org(tunas_ctx *ctx, tunas_org *out, const char *field, int64_t id)
{
	tunas_org o;
	int rc = ctx->store->ops->org_get(ctx->store, &o, id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "organisation %lld does not exist",
				      (long long)id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "organisation");
	if (out)
		*out = o;
	return TUNAS_OK;
}

static int validate_programme(tunas_ctx *ctx, const tunas_programme *p)
{
	char field[64];
	int rc;

	if (!is_code(p->code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code",
				      "must be 2 to 40 letters, digits, '-', '_' or '.'");
	if ((rc = tunas_valid_text(ctx, "name", p->name, 2, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "description", p->description, 0, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if (p->owner_org_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "owner_org_id", "is required");
	if (p->target_headcount < 1 || p->target_headcount > 100000000)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "target_headcount",
				      "must be 1 to 100000000");
	if (p->budget_minor < 0 || p->budget_minor > INT64_C(1000000000000000000))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "budget",
				      "must be zero or more, and below 10^16 in major units");
	if ((rc = tunas_valid_currency(ctx, "currency", p->currency)) != 0 ||
	    (rc = tunas_valid_date(ctx, "starts_on", p->starts_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "ends_on", p->ends_on, true)) != 0)
		return rc;
	if (strcmp(p->ends_on, p->starts_on) < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ends_on", "must not be before starts_on");
	if (p->modes == 0 || (p->modes & ~(unsigned)TUNAS_MODE_ALL) != 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "delivery_modes",
				      "needs at least one of in_person, online, blended");
	if (p->n_partners < 0 || p->n_partners > TUNAS_PARTNERS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "partners", "at most %d",
				      TUNAS_PARTNERS_MAX);
	for (int i = 0; i < p->n_partners; i++)
		for (int j = 0; j < i; j++)
			if (p->partners[i] == p->partners[j])
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, "partners",
						      "organisation %lld is listed twice",
						      (long long)p->partners[i]);
	if (p->n_tracks < 0 || p->n_tracks > TUNAS_TRACKS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "tracks", "at most %d", TUNAS_TRACKS_MAX);
	for (int i = 0; i < p->n_tracks; i++) {
		snprintf(field, sizeof(field), "tracks[%d]", i);
		if ((rc = tunas_valid_text(ctx, field, p->tracks[i], 1, TUNAS_CODE_MAX)) != 0)
			return rc;
		for (int j = 0; j < i; j++)
			if (strcmp(p->tracks[i], p->tracks[j]) == 0)
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is listed twice");
	}
	if (p->n_phases < 0 || p->n_phases > TUNAS_PHASES_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "phases", "at most %d", TUNAS_PHASES_MAX);
	for (int i = 0; i < p->n_phases; i++) {
		const tunas_phase *ph = &p->phases[i];

		snprintf(field, sizeof(field), "phases[%d].kind", i);
		if (ph->kind != TUNAS_PHASE_LOCAL && ph->kind != TUNAS_PHASE_OVERSEAS)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "must be local or overseas_attachment");
		snprintf(field, sizeof(field), "phases[%d].name", i);
		if ((rc = tunas_valid_text(ctx, field, ph->name, 2, TUNAS_NAME_MAX)) != 0)
			return rc;
		snprintf(field, sizeof(field), "phases[%d].location", i);
		if ((rc = tunas_valid_text(ctx, field, ph->location, 0, TUNAS_NAME_MAX)) != 0)
			return rc;
		snprintf(field, sizeof(field), "phases[%d].country", i);
		if ((rc = tunas_valid_country(ctx, field, ph->country)) != 0)
			return rc;
		snprintf(field, sizeof(field), "phases[%d].starts_on", i);
		if ((rc = tunas_valid_date(ctx, field, ph->starts_on, true)) != 0)
			return rc;
		if (strcmp(ph->starts_on, p->starts_on) < 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "must not be before the programme starts");
		snprintf(field, sizeof(field), "phases[%d].ends_on", i);
		if ((rc = tunas_valid_date(ctx, field, ph->ends_on, true)) != 0)
			return rc;
		if (strcmp(ph->ends_on, ph->starts_on) < 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "must not be before the phase starts");
		if (strcmp(ph->ends_on, p->ends_on) > 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "must not be after the programme ends");
	}
	const tunas_eligibility *r = &p->rules;
	if (r->min_age < 0 || r->min_age > 120 || r->max_age < 0 || r->max_age > 120)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.min_age",
				      "ages are 0 to 120");
	if (r->max_age && r->min_age > r->max_age)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.max_age",
				      "must not be below min_age");
	if (r->min_isced < -1 || r->min_isced > 8)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.min_isced",
				      "ISCED levels are 0 to 8");
	if (r->max_isced < -1 || r->max_isced > 8)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.max_isced",
				      "ISCED levels are 0 to 8");
	if (r->max_isced > 0 && r->min_isced > r->max_isced)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.max_isced",
				      "must not be below min_isced");
	if (r->n_statuses < 0 || r->n_statuses > TUNAS_STATUSES_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.employment", "too many");
	for (int i = 0; i < r->n_statuses; i++)
		if (r->statuses[i] <= TUNAS_EMP_NONE || r->statuses[i] > TUNAS_EMP_STUDENT)
			return tunas_ctx_fail(
				ctx, TUNAS_EINVAL, "eligibility.employment",
				"must be job_seeker, employed, civil_servant or student");
	if (r->n_agencies < 0 || r->n_agencies > TUNAS_AGENCIES_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "eligibility.agencies", "at most %d",
				      TUNAS_AGENCIES_MAX);
	return TUNAS_OK;
}

/* References to other objects must exist; runs inside the transaction. */
static int check_programme_refs(tunas_ctx *ctx, const tunas_programme *p)
{
	int rc;

	if ((rc = need_org(ctx, NULL, "owner_org_id", p->owner_org_id)) != 0)
		return rc;
	if (p->sponsor_org_id &&
	    (rc = need_org(ctx, NULL, "sponsor_org_id", p->sponsor_org_id)) != 0)
		return rc;
	for (int i = 0; i < p->n_partners; i++)
		if ((rc = need_org(ctx, NULL, "partners", p->partners[i])) != 0)
			return rc;
	for (int i = 0; i < p->rules.n_agencies; i++)
		if ((rc = need_org(ctx, NULL, "eligibility.agencies", p->rules.agencies[i])) != 0)
			return rc;
	if (p->partnership_id) {
		tunas_partnership ps;

		bool party = false;

		rc = ctx->store->ops->partnership_get(ctx->store, &ps, p->partnership_id);
		if (rc != 0 && rc != TUNAS_ENOTFOUND)
			return tunas_ctx_store_fail(ctx, rc, "partnership");
		/* The agreement must bind the owner, the sponsor or a partner. */
		for (int i = 0; rc == 0 && i < ps.n_parties; i++) {
			party = party || ps.parties[i] == p->owner_org_id ||
				(p->sponsor_org_id && ps.parties[i] == p->sponsor_org_id);
			for (int k = 0; k < p->n_partners; k++)
				party = party || ps.parties[i] == p->partners[k];
		}
		/* One answer for "no such" and "not theirs", so that ids of other
		 * organisations' agreements reveal nothing. */
		if (!party)
			return tunas_ctx_fail(
				ctx, TUNAS_EINVAL, "partnership_id",
				"is not a partnership of the programme's owner, sponsor "
				"or partners");
	}
	return TUNAS_OK;
}

static json_t *programme_detail(const tunas_programme *p)
{
	return json_pack("{s:s, s:s, s:I, s:i, s:I, s:s}", "code", p->code, "name", p->name,
			 "owner_org_id", (json_int_t)p->owner_org_id, "target_headcount",
			 p->target_headcount, "budget_minor", (json_int_t)p->budget_minor,
			 "currency", p->currency);
}

int tunas_programme_create(tunas_ctx *ctx, int64_t *out_id, const tunas_programme *in)
{
	tunas_programme p = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!access_manages_programme(ctx, &p))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins, or programme owners of the owning "
				      "organisation, create programmes");
	if ((rc = validate_programme(ctx, &p)) != 0)
		return rc;
	p.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = check_programme_refs(ctx, &p)) != 0)
		goto out;
	rc = ctx->store->ops->programme_insert(ctx->store, &id, &p);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "a programme with code %s exists already",
				    p.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	rc = tunas_audit_record(ctx, "programme.create", "programme", id, programme_detail(&p));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_programme_update(tunas_ctx *ctx, const tunas_programme *in)
{
	tunas_programme cur, p = *in;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_programme(ctx, &p)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &cur, p.id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	/* Both the current and the new owner must be the caller's: nobody
	 * hands a programme to, or takes one from, another organisation. */
	if (!access_manages_programme(ctx, &cur) || !access_manages_programme(ctx, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the owning organisation changes a programme");
		goto out;
	}
	if ((rc = check_programme_refs(ctx, &p)) != 0)
		goto out;
	p.created_at = cur.created_at;
	rc = ctx->store->ops->programme_update(ctx->store, &p);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "a programme with code %s exists already",
				    p.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	rc = tunas_audit_record(ctx, "programme.update", "programme", p.id, programme_detail(&p));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_programme_get(tunas_ctx *ctx, tunas_programme *out, bool *budget_visible, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, out, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	*budget_visible = access_involved_in_programme(ctx, out);
	if (!*budget_visible)
		out->budget_minor = 0;
	return TUNAS_OK;
}

int tunas_programme_list(tunas_ctx *ctx, tunas_programme **out, size_t *n, const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->programme_list(ctx->store, out, n, page);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	for (size_t i = 0; i < *n; i++)
		if (!access_involved_in_programme(ctx, &(*out)[i]))
			(*out)[i].budget_minor = -1; /* hidden */
	return TUNAS_OK;
}

int tunas_programme_progress(tunas_ctx *ctx, tunas_progress *out, int64_t programme_id)
{
	tunas_programme p;
	tunas_progress pr;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	if (!access_involved_in_programme(ctx, &p))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "progress is for the owner, sponsor and partners");
	memset(&pr, 0, sizeof(pr));
	rc = ctx->store->ops->programme_counts(ctx->store, &pr.counts, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	pr.programme_id = programme_id;
	pr.target = p.target_headcount;
	pr.in_training = pr.counts.enrolled;
	pr.trained = pr.counts.completed;
	pr.percent_of_target = p.target_headcount > 0
				       ? 100.0 * (double)pr.trained / (double)p.target_headcount
				       : 0.0;
	*out = pr;
	return TUNAS_OK;
}

tunas_breakdown_by tunas_breakdown_by_parse(const char *name)
{
	static const struct {
		const char *name;
		tunas_breakdown_by by;
	} names[] = {{"region", TUNAS_BREAKDOWN_REGION},
		     {"gender", TUNAS_BREAKDOWN_GENDER},
		     {"edu_level", TUNAS_BREAKDOWN_EDU_LEVEL},
		     {"partner", TUNAS_BREAKDOWN_PARTNER}};

	for (size_t i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0)
			return names[i].by;
	return 0;
}

int tunas_programme_breakdown(tunas_ctx *ctx, tunas_breakdown_row **out, size_t *n,
			      int64_t programme_id, tunas_breakdown_by by)
{
	tunas_programme p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (by < TUNAS_BREAKDOWN_REGION || by > TUNAS_BREAKDOWN_PARTNER)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "by",
				      "one of region, gender, edu_level, partner");
	rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	/* The same readers as the progress it breaks down. */
	if (!access_involved_in_programme(ctx, &p))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "progress is for the owner, sponsor and partners");
	rc = ctx->store->ops->programme_breakdown(ctx->store, out, n, programme_id, by);
	return rc != 0 ? tunas_ctx_store_fail(ctx, rc, "programme") : TUNAS_OK;
}

/* Courses. */

static int validate_course(tunas_ctx *ctx, const tunas_course *c)
{
	int rc;

	if (!is_code(c->code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code",
				      "must be 2 to 40 letters, digits, '-', '_' or '.'");
	if ((rc = tunas_valid_text(ctx, "title", c->title, 2, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "vendor_cert", c->vendor_cert, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (c->hours < 1 || c->hours > 10000)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "hours", "must be 1 to 10000");
	return TUNAS_OK;
}

int tunas_course_create(tunas_ctx *ctx, int64_t *out_id, const tunas_course *in)
{
	tunas_course c = *in;
	tunas_programme p;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_course(ctx, &c)) != 0)
		return rc;
	c.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &p, c.programme_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				    "programme %lld does not exist", (long long)c.programme_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	if (!access_manages_programme(ctx, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the programme's owner adds courses to it");
		goto out;
	}
	rc = ctx->store->ops->course_insert(ctx->store, &id, &c);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "the programme has a course %s already",
				    c.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "course");
		goto out;
	}
	rc = tunas_audit_record(ctx, "course.create", "course", id,
				json_pack("{s:I, s:s, s:i}", "programme_id",
					  (json_int_t)c.programme_id, "code", c.code, "hours",
					  c.hours));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_course_get(tunas_ctx *ctx, tunas_course *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->course_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "course") : 0;
}

int tunas_course_list(tunas_ctx *ctx, tunas_course **out, size_t *n, int64_t programme_id,
		      const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->course_list(ctx->store, out, n, programme_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "course") : 0;
}

/* Cohorts. */

static int validate_cohort(tunas_ctx *ctx, const tunas_cohort *c)
{
	int rc;

	if ((rc = tunas_valid_text(ctx, "name", c->name, 2, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (c->capacity < 1 || c->capacity > 100000)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "capacity", "must be 1 to 100000");
	if ((rc = tunas_valid_date(ctx, "starts_on", c->starts_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "ends_on", c->ends_on, true)) != 0)
		return rc;
	if (strcmp(c->ends_on, c->starts_on) < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ends_on", "must not be before starts_on");
	if (c->n_instructors < 0 || c->n_instructors > TUNAS_INSTRUCTORS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "instructors", "at most %d",
				      TUNAS_INSTRUCTORS_MAX);
	for (int i = 0; i < c->n_instructors; i++)
		for (int j = 0; j < i; j++)
			if (c->instructors[i] == c->instructors[j])
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, "instructors",
						      "user %lld is listed twice",
						      (long long)c->instructors[i]);
	return TUNAS_OK;
}

/* Does the centre already run a cohort of the programme? */
static int centre_runs(tunas_ctx *ctx, bool *out, int64_t programme_id, int64_t centre)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	bool found = false;
	int rc;

	for (;;) {
		tunas_cohort *rows = NULL;
		size_t n = 0;

		rc = ctx->store->ops->cohort_list(ctx->store, &rows, &n, programme_id, &page);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "cohort");
		for (size_t i = 0; i < n && !found; i++)
			found = rows[i].centre_org_id == centre;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (found || n < (size_t)page.limit)
			break;
	}
	*out = found;
	return TUNAS_OK;
}

/*
 * In the transaction: the programme and centre exist, the dates fit, the
 * instructors teach at the centre, and the caller may do this. The
 * programme's owner places cohorts at centres; once a centre runs a cohort
 * of a programme, its admin may schedule more of it there (`creating`), and
 * manage the cohorts it runs.
 */
static int check_cohort(tunas_ctx *ctx, const tunas_cohort *c, bool creating)
{
	tunas_programme p;
	tunas_org centre;
	bool runs = true;
	int rc;

	rc = ctx->store->ops->programme_get(ctx->store, &p, c->programme_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				      "programme %lld does not exist", (long long)c->programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	if ((rc = need_org(ctx, &centre, "centre_org_id", c->centre_org_id)) != 0)
		return rc;
	if (centre.kind != TUNAS_ORG_TRAINING_CENTRE && centre.kind != TUNAS_ORG_ACADEMIC)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "centre_org_id",
				      "%s is not a training centre or academic institution",
				      centre.name);
	if (!access_manages_programme(ctx, &p)) {
		if (!tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) ||
		    ctx->who.org_id != c->centre_org_id)
			return tunas_ctx_fail(
				ctx, TUNAS_EPERM, NULL,
				"only the programme's owner or the centre's admin runs cohorts");
		if (creating && (rc = centre_runs(ctx, &runs, p.id, c->centre_org_id)) != 0)
			return rc;
		if (!runs)
			return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
					      "the programme's owner first places the programme at "
					      "your centre with a cohort");
	}
	if (strcmp(c->starts_on, p.starts_on) < 0 || strcmp(c->ends_on, p.ends_on) > 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "starts_on",
				      "the cohort must run within the programme's dates %s to %s",
				      p.starts_on, p.ends_on);
	for (int i = 0; i < c->n_instructors; i++) {
		tunas_user u;

		rc = ctx->store->ops->user_get(ctx->store, &u, c->instructors[i]);
		if (rc == TUNAS_ENOTFOUND ||
		    (rc == 0 && (u.role != TUNAS_ROLE_INSTRUCTOR || u.org_id != c->centre_org_id)))
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "instructors",
					      "user %lld is not an instructor at this centre",
					      (long long)c->instructors[i]);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "user");
	}
	return TUNAS_OK;
}

static json_t *cohort_detail(const tunas_cohort *c)
{
	return json_pack("{s:I, s:I, s:s, s:i, s:s, s:s}", "programme_id",
			 (json_int_t)c->programme_id, "centre_org_id", (json_int_t)c->centre_org_id,
			 "name", c->name, "capacity", c->capacity, "starts_on", c->starts_on,
			 "ends_on", c->ends_on);
}

int tunas_cohort_create(tunas_ctx *ctx, int64_t *out_id, const tunas_cohort *in)
{
	tunas_cohort c = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_cohort(ctx, &c)) != 0)
		return rc;
	c.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = check_cohort(ctx, &c, true)) != 0)
		goto out;
	rc = ctx->store->ops->cohort_insert(ctx->store, &id, &c);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	rc = tunas_audit_record(ctx, "cohort.create", "cohort", id, cohort_detail(&c));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_cohort_update(tunas_ctx *ctx, const tunas_cohort *in)
{
	tunas_cohort cur, c = *in;
	tunas_enrol_counts counts;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_cohort(ctx, &c)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->cohort_get(ctx->store, &cur, c.id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	/* A cohort stays in its programme and at its centre: moving people
	 * between organisations is a new cohort and new applications. */
	if (c.programme_id != cur.programme_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				    "a cohort cannot move to another programme");
		goto out;
	}
	if (c.centre_org_id != cur.centre_org_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "centre_org_id",
				    "a cohort cannot move to another centre");
		goto out;
	}
	if ((rc = check_cohort(ctx, &c, false)) != 0 || (rc = trainers_check_cohort(ctx, &c)) != 0)
		goto out;
	rc = ctx->store->ops->cohort_counts(ctx->store, &counts, c.id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	if (counts.accepted + counts.enrolled + counts.completed > c.capacity) {
		rc = tunas_ctx_fail(
			ctx, TUNAS_EINVAL, "capacity", "%lld places are taken already",
			(long long)(counts.accepted + counts.enrolled + counts.completed));
		goto out;
	}
	c.created_at = cur.created_at;
	rc = ctx->store->ops->cohort_update(ctx->store, &c);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	rc = tunas_audit_record(ctx, "cohort.update", "cohort", c.id, cohort_detail(&c));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_cohort_get(tunas_ctx *ctx, tunas_cohort *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->cohort_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "cohort") : 0;
}

int tunas_cohort_list(tunas_ctx *ctx, tunas_cohort **out, size_t *n, int64_t programme_id,
		      const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->cohort_list(ctx->store, out, n, programme_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "cohort") : 0;
}

int tunas_cohort_counts(tunas_ctx *ctx, tunas_enrol_counts *out, int64_t cohort_id)
{
	tunas_cohort c;
	tunas_programme p;
	bool ok;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = ctx->store->ops->cohort_get(ctx->store, &c, cohort_id)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	if ((rc = ctx->store->ops->programme_get(ctx->store, &p, c.programme_id)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	ok = access_involved_in_programme(ctx, &p) ||
	     (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) && ctx->who.org_id == c.centre_org_id);
	for (int i = 0; !ok && i < c.n_instructors; i++)
		ok = tunas_has_role(ctx, TUNAS_ROLE_INSTRUCTOR) &&
		     c.instructors[i] == ctx->who.user_id;
	if (!ok)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "cohort figures are for its programme's partners, centre "
				      "and instructors");
	rc = ctx->store->ops->cohort_counts(ctx->store, out, cohort_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "cohort") : 0;
}
