/*
 * enrol.c — applications, eligibility, capacity and the waitlist; see
 * enrol.h.
 */
#include "tunas/enrol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "ctx.h"
#include "trainers_int.h"
#include "tunas/person.h"
#include "tunas/programme.h"
#include "valid.h"

static const char *const status_names[] = {
	[TUNAS_ENROL_NONE] = "none",	       [TUNAS_ENROL_APPLIED] = "applied",
	[TUNAS_ENROL_ACCEPTED] = "accepted",   [TUNAS_ENROL_WAITLISTED] = "waitlisted",
	[TUNAS_ENROL_REJECTED] = "rejected",   [TUNAS_ENROL_ENROLLED] = "enrolled",
	[TUNAS_ENROL_COMPLETED] = "completed", [TUNAS_ENROL_WITHDRAWN] = "withdrawn",
};

const char *tunas_enrol_status_name(tunas_enrol_status s)
{
	if ((unsigned)s >= sizeof(status_names) / sizeof(status_names[0]))
		return "none";
	return status_names[s];
}

tunas_enrol_status tunas_enrol_status_parse(const char *name)
{
	for (size_t i = 1; name && i < sizeof(status_names) / sizeof(status_names[0]); i++)
		if (strcmp(name, status_names[i]) == 0)
			return (tunas_enrol_status)i;
	return TUNAS_ENROL_NONE;
}

bool tunas_enrol_can_move(tunas_enrol_status from, tunas_enrol_status to)
{
	switch (from) {
	case TUNAS_ENROL_APPLIED:
		return to == TUNAS_ENROL_ACCEPTED || to == TUNAS_ENROL_WAITLISTED ||
		       to == TUNAS_ENROL_REJECTED || to == TUNAS_ENROL_WITHDRAWN;
	case TUNAS_ENROL_WAITLISTED:
		return to == TUNAS_ENROL_ACCEPTED || to == TUNAS_ENROL_REJECTED ||
		       to == TUNAS_ENROL_WITHDRAWN;
	case TUNAS_ENROL_ACCEPTED:
		return to == TUNAS_ENROL_ENROLLED || to == TUNAS_ENROL_WITHDRAWN;
	case TUNAS_ENROL_ENROLLED:
		return to == TUNAS_ENROL_COMPLETED || to == TUNAS_ENROL_WITHDRAWN;
	default:
		return false;
	}
}

/* A status that holds one of the cohort's places. */
static bool holds_place(tunas_enrol_status s)
{
	return s == TUNAS_ENROL_ACCEPTED || s == TUNAS_ENROL_ENROLLED || s == TUNAS_ENROL_COMPLETED;
}

/* Everything a decision about one enrolment needs, loaded in the
 * transaction. */
typedef struct {
	tunas_cohort cohort;
	tunas_programme programme;
	tunas_person person;
} enrol_facts;

static int load_facts(tunas_ctx *ctx, enrol_facts *f, int64_t person_id, int64_t cohort_id)
{
	int rc;

	rc = ctx->store->ops->cohort_get(ctx->store, &f->cohort, cohort_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id", "cohort %lld does not exist",
				      (long long)cohort_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	rc = ctx->store->ops->programme_get(ctx->store, &f->programme, f->cohort.programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	rc = ctx->store->ops->person_get(ctx->store, &f->person, person_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id", "person %lld not found",
				      (long long)person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "person") : 0;
}

/* May the caller run this cohort's admissions? */
static bool admits(const tunas_ctx *ctx, const enrol_facts *f)
{
	if (tunas_is_sysadmin(ctx))
		return true;
	if (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return ctx->who.org_id == f->cohort.centre_org_id;
	if (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER))
		return ctx->who.org_id == f->programme.owner_org_id;
	return false;
}

/* Check the programme's eligibility rules; on failure write the reason to
 * `why` and return false. */
static bool eligible(const enrol_facts *f, char *why, size_t whylen)
{
	const tunas_eligibility *r = &f->programme.rules;
	const tunas_person *p = &f->person;
	int age = tunas_age_on(p->birth_date, f->programme.starts_on);
	bool ok;

	if (r->min_age > 0 && age < r->min_age) {
		snprintf(why, whylen, "age %d on %s is below the minimum of %d", age,
			 f->programme.starts_on, r->min_age);
		return false;
	}
	if (r->max_age > 0 && age > r->max_age) {
		snprintf(why, whylen, "age %d on %s is above the maximum of %d", age,
			 f->programme.starts_on, r->max_age);
		return false;
	}
	if (r->min_isced > 0 && p->isced < r->min_isced) {
		snprintf(why, whylen, "education %s (ISCED %d) is below the required ISCED %d",
			 p->edu_level, p->isced, r->min_isced);
		return false;
	}
	if (r->max_isced > 0 && p->isced > r->max_isced) {
		snprintf(why, whylen, "education %s (ISCED %d) is above the maximum ISCED %d",
			 p->edu_level, p->isced, r->max_isced);
		return false;
	}
	ok = r->n_statuses == 0;
	for (int i = 0; !ok && i < r->n_statuses; i++)
		ok = r->statuses[i] == p->employment;
	if (!ok) {
		snprintf(why, whylen, "employment status %s is not eligible",
			 tunas_employment_name(p->employment));
		return false;
	}
	ok = r->n_agencies == 0;
	for (int i = 0; !ok && i < r->n_agencies; i++)
		ok = r->agencies[i] == p->employer_org_id;
	if (!ok) {
		snprintf(why, whylen, "the programme is open only to staff of named agencies");
		return false;
	}
	return true;
}

/* Is the person already in another funded programme at the same time?
 * Returns 0 with *clash set, or an error. */
static int funded_clash(tunas_ctx *ctx, bool *clash, char *why, size_t whylen, const enrol_facts *f)
{
	tunas_enrolment other;
	int rc;

	*clash = false;
	if (!f->programme.funded)
		return TUNAS_OK;
	rc = ctx->store->ops->enrol_find_funded_overlap(ctx->store, &other, f->person.id,
							f->programme.id, f->cohort.starts_on,
							f->cohort.ends_on);
	if (rc == TUNAS_ENOTFOUND)
		return TUNAS_OK;
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	*clash = true;
	/* Which programme is another organisation's business: say only that
	 * there is one. */
	snprintf(why, whylen, "already in another publicly funded programme at the same time");
	return TUNAS_OK;
}

static json_t *enrol_detail(const tunas_enrolment *e)
{
	char reason[201];

	/* The audit detail has room for a short reason only; keep the facts. */
	tunas_copy(reason, sizeof(reason), e->reason);
	return json_pack("{s:I, s:I, s:s, s:s}", "person_id", (json_int_t)e->person_id, "cohort_id",
			 (json_int_t)e->cohort_id, "status", tunas_enrol_status_name(e->status),
			 "reason", reason);
}

/* The shared body of both apply calls, inside the transaction. */
static int apply_in_tx(tunas_ctx *ctx, tunas_enrolment *out, int64_t person_id, int64_t cohort_id,
		       bool by_ident)
{
	tunas_enrolment e, existing;
	enrol_facts f;
	bool clash;
	int rc;

	/* Who may admit to this cohort is decided before anything about the
	 * person is looked at, so refusals reveal nothing about people. */
	rc = ctx->store->ops->cohort_get(ctx->store, &f.cohort, cohort_id);
	if (rc == 0)
		rc = ctx->store->ops->programme_get(ctx->store, &f.programme,
						    f.cohort.programme_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id", "cohort %lld does not exist",
				      (long long)cohort_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	if (tunas_has_role(ctx, TUNAS_ROLE_TRAINEE)) {
		if (ctx->who.person_id == 0 || ctx->who.person_id != person_id)
			return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
					      "trainees apply only for themselves");
	} else if (!admits(ctx, &f)) {
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only the cohort's centre or programme owner admits people");
	}
	if (!by_ident) {
		tunas_scope scope;
		bool in = false;

		tunas_access_scope(ctx, &scope);
		rc = ctx->store->ops->person_in_scope(ctx->store, &in, &scope, person_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "person");
		if (!in)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id",
					      "person %lld not found", (long long)person_id);
	}
	if ((rc = load_facts(ctx, &f, person_id, cohort_id)) != 0)
		return rc;
	rc = ctx->store->ops->enrol_find_active(ctx->store, &existing, person_id, cohort_id);
	if (rc == 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "person_id",
				      "already applied to this cohort (enrolment %lld, %s)",
				      (long long)existing.id,
				      tunas_enrol_status_name(existing.status));
	if (rc != TUNAS_ENOTFOUND)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");

	memset(&e, 0, sizeof(e));
	e.person_id = person_id;
	e.cohort_id = cohort_id;
	e.programme_id = f.programme.id;
	e.status = TUNAS_ENROL_APPLIED;
	e.applied_at = e.updated_at = tunas_now();
	if (!eligible(&f, e.reason, sizeof(e.reason)))
		e.status = TUNAS_ENROL_REJECTED;
	else if ((rc = funded_clash(ctx, &clash, e.reason, sizeof(e.reason), &f)) != 0)
		return rc;
	else if (clash)
		e.status = TUNAS_ENROL_REJECTED;
	rc = ctx->store->ops->enrol_insert(ctx->store, &e.id, &e);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	rc = tunas_audit_record(ctx, "enrolment.apply", "enrolment", e.id, enrol_detail(&e));
	if (rc == 0)
		*out = e;
	return rc;
}

int tunas_enrol_apply(tunas_ctx *ctx, tunas_enrolment *out, int64_t person_id, int64_t cohort_id)
{
	tunas_enrolment e;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = apply_in_tx(ctx, &e, person_id, cohort_id, false);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = e;
	return rc;
}

/* Names as people write them: ASCII letters in any case, spaces collapsed,
 * the ends trimmed; other bytes compared as they are. */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		while (*a != '\0' && *a != ' ' && *b != '\0' && *b != ' ') {
			char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
			char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;

			if (x != y)
				return false;
			a++;
			b++;
		}
		if ((*a == ' ') != (*b == ' '))
			return false;
	}
}

int tunas_enrol_apply_ident(tunas_ctx *ctx, tunas_enrolment *out, tunas_id_type type,
			    const char *number, const char *full_name, int64_t cohort_id)
{
	tunas_ident_info info;
	tunas_enrolment e;
	enrol_facts f;
	tunas_person p;
	const char *reason;
	char today[TUNAS_DATE_LEN + 1];
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (type == TUNAS_ID_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_type",
				      "must be mykad, nik or passport");
	if (full_name == NULL || full_name[0] == '\0')
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "full_name",
				      "is required with the ID number, as on the identity card");
	tunas_today(today);
	if (!tunas_ident_check(&info, type, number, today, &reason))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_number", "%s", reason);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	/* Permission first, so that the answer tells nobody without it
	 * whether the number is registered. */
	rc = ctx->store->ops->cohort_get(ctx->store, &f.cohort, cohort_id);
	if (rc == TUNAS_ENOTFOUND)
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id", "cohort %lld does not exist",
				    (long long)cohort_id);
	else if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
	if (rc == 0 && !tunas_is_sysadmin(ctx) &&
	    !(tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) &&
	      ctx->who.org_id == f.cohort.centre_org_id))
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre admits people by identity card");
	if (rc == 0) {
		rc = ctx->store->ops->person_find(ctx->store, &p, type, info.canonical);
		if (rc == 0 && !same_name(p.full_name, full_name))
			rc = TUNAS_ENOTFOUND;
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, "id_number",
					    "nobody with this ID number and name is registered");
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "person");
	}
	if (rc == 0)
		rc = apply_in_tx(ctx, &e, p.id, cohort_id, true);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = e;
	return rc;
}

/* Promote the longest-waiting person of a cohort into a freed place. */
static int promote_waitlisted(tunas_ctx *ctx, const tunas_cohort *c)
{
	tunas_enrol_counts counts;
	tunas_enrolment w;
	int rc;

	rc = ctx->store->ops->cohort_counts(ctx->store, &counts, c->id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	if (counts.accepted + counts.enrolled + counts.completed >= c->capacity)
		return TUNAS_OK;
	rc = ctx->store->ops->enrol_first_waitlisted(ctx->store, &w, c->id);
	if (rc == TUNAS_ENOTFOUND)
		return TUNAS_OK;
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	w.status = TUNAS_ENROL_ACCEPTED;
	snprintf(w.reason, sizeof(w.reason), "promoted from the waitlist");
	w.updated_at = tunas_now();
	rc = ctx->store->ops->enrol_update(ctx->store, &w);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	return tunas_audit_record(ctx, "enrolment.promote", "enrolment", w.id, enrol_detail(&w));
}

int tunas_enrol_move(tunas_ctx *ctx, tunas_enrolment *out, int64_t enrolment_id,
		     tunas_enrol_status to, const char *reason)
{
	tunas_enrolment e;
	tunas_enrol_status from;
	enrol_facts f;
	bool in = false, clash;
	tunas_scope scope;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (reason == NULL)
		reason = "";
	if ((rc = tunas_valid_text(ctx, "reason", reason, 0, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if (to == TUNAS_ENROL_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "status",
				      "must be accepted, waitlisted, rejected, enrolled, "
				      "completed or withdrawn");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->enrol_in_scope(ctx->store, &in, &scope, enrolment_id);
	if (rc == 0 && !in)
		rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "enrolment %lld not found",
				    (long long)enrolment_id);
	else if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
	if (rc != 0)
		goto out;
	rc = ctx->store->ops->enrol_get(ctx->store, &e, enrolment_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
		goto out;
	}
	if ((rc = load_facts(ctx, &f, e.person_id, e.cohort_id)) != 0)
		goto out;
	if (tunas_has_role(ctx, TUNAS_ROLE_TRAINEE)) {
		if (to != TUNAS_ENROL_WITHDRAWN || ctx->who.person_id != e.person_id) {
			rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
					    "trainees may only withdraw their own applications");
			goto out;
		}
	} else if (!admits(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre or programme owner decides");
		goto out;
	}
	from = e.status;
	if (!tunas_enrol_can_move(from, to)) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "cannot go from %s to %s",
				    tunas_enrol_status_name(from), tunas_enrol_status_name(to));
		goto out;
	}
	if (to == TUNAS_ENROL_COMPLETED) {
		/* Completion is the programme's rules' to decide. */
		cohort_facts cf = {f.cohort, f.programme};
		tunas_completion done;

		if ((rc = assess_completion(ctx, &done, &cf, e.person_id)) != 0)
			goto out;
		if (!done.complete) {
			rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "not complete: %s",
					    done.reasons[0]);
			goto out;
		}
	}
	tunas_copy(e.reason, sizeof(e.reason), reason);
	e.status = to;
	if (to == TUNAS_ENROL_ACCEPTED) {
		tunas_enrol_counts counts;

		if ((rc = funded_clash(ctx, &clash, e.reason, sizeof(e.reason), &f)) != 0)
			goto out;
		if (clash) {
			rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "%s", e.reason);
			goto out;
		}
		rc = ctx->store->ops->cohort_counts(ctx->store, &counts, e.cohort_id);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "cohort");
			goto out;
		}
		if (counts.accepted + counts.enrolled + counts.completed >= f.cohort.capacity) {
			/* Full: the applicant keeps their turn on the waitlist. */
			e.status = TUNAS_ENROL_WAITLISTED;
			snprintf(e.reason, sizeof(e.reason), "cohort is full (%d places)",
				 f.cohort.capacity);
			if (from == TUNAS_ENROL_WAITLISTED) {
				rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
						    "cohort is full (%d places)",
						    f.cohort.capacity);
				goto out;
			}
		}
	}
	e.updated_at = tunas_now();
	rc = ctx->store->ops->enrol_update(ctx->store, &e);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
		goto out;
	}
	rc = tunas_audit_record(ctx, "enrolment.move", "enrolment", e.id, enrol_detail(&e));
	if (rc == 0 && holds_place(from) && !holds_place(e.status))
		rc = promote_waitlisted(ctx, &f.cohort);
	if (rc == 0 && e.status == TUNAS_ENROL_COMPLETED)
		rc = cert_auto_issue(ctx, e.person_id, e.cohort_id);
	if (rc == 0 && e.status == TUNAS_ENROL_COMPLETED)
		rc = trainers_award(ctx, e.person_id, e.cohort_id, e.id);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		e.programme_id = f.programme.id;
		*out = e;
	}
	return rc;
}

int tunas_enrol_get(tunas_ctx *ctx, tunas_enrolment *out, int64_t id)
{
	tunas_scope scope;
	bool in = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->enrol_in_scope(ctx->store, &in, &scope, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	if (!in)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "enrolment %lld not found",
				      (long long)id);
	rc = ctx->store->ops->enrol_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "enrolment") : 0;
}

int tunas_enrol_list(tunas_ctx *ctx, tunas_enrolment **out, size_t *n, int64_t cohort_id,
		     int64_t person_id, const tunas_page *page)
{
	tunas_scope scope;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if ((cohort_id == 0) == (person_id == 0))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id",
				      "give exactly one of cohort_id and person_id");
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->enrol_list(ctx->store, out, n, &scope, cohort_id, person_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "enrolment") : 0;
}
