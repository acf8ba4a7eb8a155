/*
 * access.c — who may act on a cohort (access.h).
 */
#include "access.h"

#include "store/store.h"

int access_cohort_load(tunas_ctx *ctx, cohort_facts *out, int64_t cohort_id, const char *field)
{
	int rc = ctx->store->ops->cohort_get(ctx->store, &out->cohort, cohort_id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, field, "cohort %lld not found",
				      (long long)cohort_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	rc = ctx->store->ops->programme_get(ctx->store, &out->programme, out->cohort.programme_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "programme") : 0;
}

bool access_cohort_admin(const tunas_ctx *ctx, const cohort_facts *f)
{
	const tunas_principal *who = tunas_principal_get(ctx);

	if (tunas_is_sysadmin(ctx))
		return true;
	if (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return who->org_id == f->cohort.centre_org_id;
	if (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER))
		return who->org_id == f->programme.owner_org_id;
	return false;
}

bool access_cohort_teaches(const tunas_ctx *ctx, const cohort_facts *f, int64_t user_id)
{
	(void)ctx;
	if (user_id == 0)
		return false;
	for (int i = 0; i < f->cohort.n_instructors; i++)
		if (f->cohort.instructors[i] == user_id)
			return true;
	return false;
}

bool access_cohort_staff(const tunas_ctx *ctx, const cohort_facts *f)
{
	const tunas_principal *who = tunas_principal_get(ctx);

	return access_cohort_admin(ctx, f) || (tunas_has_role(ctx, TUNAS_ROLE_INSTRUCTOR) &&
					       access_cohort_teaches(ctx, f, who->user_id));
}

bool access_is_self(const tunas_ctx *ctx, int64_t person_id)
{
	const tunas_principal *who = tunas_principal_get(ctx);

	return tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) && who->person_id != 0 &&
	       who->person_id == person_id;
}

int access_need_member(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id, const char *field)
{
	tunas_enrolment e;
	int rc = ctx->store->ops->enrol_find_active(ctx->store, &e, person_id, cohort_id);

	if (rc != 0 && rc != TUNAS_ENOTFOUND)
		return tunas_ctx_store_fail(ctx, rc, "enrolment");
	if (rc == TUNAS_ENOTFOUND ||
	    (e.status != TUNAS_ENROL_ENROLLED && e.status != TUNAS_ENROL_COMPLETED))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "person %lld is not enrolled in cohort %lld",
				      (long long)person_id, (long long)cohort_id);
	return 0;
}

int access_cohort_read(tunas_ctx *ctx, const cohort_facts *f, int64_t person_id)
{
	if (access_cohort_staff(ctx, f))
		return 0;
	if (person_id != 0 && access_is_self(ctx, person_id))
		return 0;
	if (tunas_has_role(ctx, TUNAS_ROLE_TRAINEE))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "trainees see only their own records");
	return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
			      "only the cohort's centre, programme owner and instructors may");
}

int access_cohort_object(tunas_ctx *ctx, cohort_facts *f, int64_t cohort_id, int64_t person_id,
			 const char *what, int64_t id)
{
	int rc = access_cohort_load(ctx, f, cohort_id, "cohort_id");

	if (rc != 0)
		return rc;
	if (access_cohort_staff(ctx, f) || access_is_self(ctx, person_id))
		return 0;
	return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "%s %lld not found", what, (long long)id);
}

/* Can the caller see person `id`? ENOTFOUND if not, so that ids of people
 * outside the caller's reach are indistinguishable from missing ones. */
int access_need_person(tunas_ctx *ctx, int64_t id)
{
	tunas_scope scope;
	bool in = false;
	int rc;

	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->person_in_scope(ctx->store, &in, &scope, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	if (!in)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "person %lld not found",
				      (long long)id);
	return TUNAS_OK;
}

bool access_manages_programme(const tunas_ctx *ctx, const tunas_programme *p)
{
	return tunas_is_sysadmin(ctx) || (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) &&
					  ctx->who.org_id == p->owner_org_id);
}

int access_managed_course(tunas_ctx *ctx, tunas_course *out, int64_t course_id, const char *why)
{
	tunas_programme p;
	tunas_course c;
	int rc;

	rc = ctx->store->ops->course_get(ctx->store, &c, course_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "course");
	rc = ctx->store->ops->programme_get(ctx->store, &p, c.programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	if (!access_manages_programme(ctx, &p))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "%s", why);
	*out = c;
	return TUNAS_OK;
}

bool access_involved_in_programme(const tunas_ctx *ctx, const tunas_programme *p)
{
	int64_t org = ctx->who.org_id;

	if (tunas_is_sysadmin(ctx))
		return true;
	if (org == 0)
		return false;
	if (org == p->owner_org_id || org == p->sponsor_org_id)
		return true;
	for (int i = 0; i < p->n_partners; i++)
		if (p->partners[i] == org)
			return true;
	return false;
}
