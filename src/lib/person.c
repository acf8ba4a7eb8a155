/*
 * person.c — people, their identity checks and who may see them; see
 * person.h.
 */
#include "tunas/person.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "ctx.h"
#include "valid.h"

int tunas_age_on(const char *birth_date, const char *on)
{
	int by, bm, bd, y, m, d, age;

	if (!tunas_date_is_valid(birth_date) || !tunas_date_is_valid(on))
		return -1;
	sscanf(birth_date, "%4d-%2d-%2d", &by, &bm, &bd);
	sscanf(on, "%4d-%2d-%2d", &y, &m, &d);
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age < 0 ? -1 : age;
}

int tunas_person_validate(tunas_ctx *ctx, tunas_person *p)
{
	tunas_ident_info info;
	const char *reason = NULL;
	char today[TUNAS_DATE_LEN + 1];
	int rc;

	tunas_today(today);
	if ((rc = tunas_valid_text(ctx, "full_name", p->full_name, 2, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (p->id_type == TUNAS_ID_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_type",
				      "must be mykad, nik or passport");
	if (!tunas_ident_check(&info, p->id_type, p->id_number, today, &reason))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_number", "%s", reason);
	tunas_copy(p->id_number, sizeof(p->id_number), info.canonical);
	if (p->id_type == TUNAS_ID_MYKAD) {
		if (p->id_country[0] && strcmp(p->id_country, "MY") != 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_country",
					      "a MyKad is issued by MY");
		tunas_copy(p->id_country, sizeof(p->id_country), "MY");
	} else if (p->id_type == TUNAS_ID_NIK) {
		if (p->id_country[0] && strcmp(p->id_country, "ID") != 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_country",
					      "a NIK is issued by ID");
		tunas_copy(p->id_country, sizeof(p->id_country), "ID");
	} else if ((rc = tunas_valid_country(ctx, "id_country", p->id_country)) != 0) {
		return rc;
	}
	/* The birth date and sex the number encodes must match what was
	 * stated; when nothing was stated, the number supplies them. */
	if (info.birth_date[0]) {
		if (p->birth_date[0] && strcmp(p->birth_date, info.birth_date) != 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "birth_date",
					      "does not match the birth date %s in the ID number",
					      info.birth_date);
		tunas_copy(p->birth_date, sizeof(p->birth_date), info.birth_date);
	}
	if (info.sex) {
		if (p->sex && p->sex != info.sex)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "sex",
					      "does not match the ID number, which is a %s's",
					      info.sex == 'M' ? "man" : "woman");
		p->sex = info.sex;
	}
	if ((rc = tunas_valid_date(ctx, "birth_date", p->birth_date, true)) != 0)
		return rc;
	if (strcmp(p->birth_date, today) > 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "birth_date", "is in the future");
	if (p->sex != 'M' && p->sex != 'F')
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "sex", "must be M or F");
	if ((rc = tunas_valid_email(ctx, "email", p->email)) != 0 ||
	    (rc = tunas_valid_phone(ctx, "phone", p->phone)) != 0 ||
	    (rc = tunas_valid_text(ctx, "region", p->region, 0, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "employer_name", p->employer_name, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (p->edu_country[0] == '\0')
		tunas_copy(p->edu_country, sizeof(p->edu_country), p->id_country);
	if ((rc = tunas_valid_country(ctx, "edu_country", p->edu_country)) != 0)
		return rc;
	p->isced = tunas_education_isced(p->edu_country, p->edu_level);
	if (p->isced < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "edu_level",
				      "'%.40s' is not a level of the %s scheme (see docs/LOCAL.md)",
				      p->edu_level, p->edu_country);
	if (p->employment == TUNAS_EMP_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "employment",
				      "must be job_seeker, employed, civil_servant or student");
	if (p->employment == TUNAS_EMP_CIVIL_SERVANT && p->employer_org_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_org_id",
				      "a civil servant's ministry or agency is required");
	return TUNAS_OK;
}

/*
 * The masked form of a canonical identity number, wherever it is shown
 * (API, export, audit trail): tunas_ident_mask keeps the last four
 * characters, which is right for a 12-digit MyKad or 16-digit NIK; a
 * shorter number (a passport) keeps fewer, so that a mask never shows most
 * of it.
 */
static void mask_number(char out[TUNAS_ID_MAX + 1], const char *canonical)
{
	size_t len = strlen(canonical);
	size_t shown = len >= 12 ? 4 : len >= 8 ? 2 : 0;

	tunas_ident_mask(out, TUNAS_ID_MAX + 1, canonical);
	for (size_t i = len >= 4 ? len - 4 : 0; i + shown < len; i++)
		out[i] = '*';
}

/* Mask the national ID unless the caller may see it. The birth date goes
 * with the number: it is half of a MyKad or NIK. */
static void apply_mask(const tunas_ctx *ctx, tunas_person *p)
{
	char masked[TUNAS_ID_MAX + 1];

	p->birth_year = atoi(p->birth_date);
	if (tunas_access_sees_national_id(ctx, p->id))
		return;
	mask_number(masked, p->id_number);
	tunas_copy(p->id_number, sizeof(p->id_number), masked);
	p->id_masked = true;
	p->birth_date[0] = '\0';
}

static json_t *person_detail(const tunas_person *p)
{
	char masked[TUNAS_ID_MAX + 1];

	mask_number(masked, p->id_number);
	return json_pack("{s:s, s:s, s:s, s:s}", "id_type", tunas_ident_type_name(p->id_type),
			 "id_number", masked, "edu_level", p->edu_level, "employment",
			 tunas_employment_name(p->employment));
}

static int check_employer(tunas_ctx *ctx, const tunas_person *p)
{
	tunas_org o;
	int rc;

	if (p->employer_org_id == 0)
		return TUNAS_OK;
	rc = ctx->store->ops->org_get(ctx->store, &o, p->employer_org_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_org_id",
				      "organisation %lld does not exist",
				      (long long)p->employer_org_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "organisation") : 0;
}

int tunas_person_create(tunas_ctx *ctx, int64_t *out_id, const tunas_person *in)
{
	tunas_person p = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins and centre admins register people");
	if ((rc = tunas_person_validate(ctx, &p)) != 0)
		return rc;
	p.id_masked = false;
	/* A centre registers people as itself; a system admin may register on
	 * a centre's behalf (migrations, the demo data). */
	if (!tunas_is_sysadmin(ctx) || p.registered_by_org == 0)
		p.registered_by_org = ctx->who.org_id;
	p.created_at = p.updated_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = check_employer(ctx, &p)) != 0)
		goto out;
	if (p.registered_by_org != 0) {
		tunas_org o;

		rc = ctx->store->ops->org_get(ctx->store, &o, p.registered_by_org);
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "registered_by_org",
					    "organisation %lld does not exist",
					    (long long)p.registered_by_org);
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		if (rc != 0)
			goto out;
	}
	rc = ctx->store->ops->person_insert(ctx->store, &id, &p);
	if (rc == TUNAS_ECONFLICT) {
		/* Same person, second registration: say so without saying
		 * who holds the number. */
		rc = tunas_ctx_fail(ctx, rc, "id_number",
				    "a person with this ID number is registered already");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "person");
		goto out;
	}
	rc = tunas_audit_record(ctx, "person.create", "person", id, person_detail(&p));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_person_update(tunas_ctx *ctx, const tunas_person *in)
{
	tunas_person cur, p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_need_person(ctx, in->id)) != 0)
		goto out;
	/* Who may change a record: admins of the registering centre, system
	 * admins, and the person themself (their own contact details). */
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) &&
	    !(tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) && ctx->who.person_id == in->id)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "you may not change this person");
		goto out;
	}
	rc = ctx->store->ops->person_get(ctx->store, &cur, in->id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "person");
		goto out;
	}
	if (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) &&
	    cur.registered_by_org != ctx->who.org_id) {
		rc = tunas_ctx_fail(
			ctx, TUNAS_EPERM, NULL,
			"only the centre that registered this person changes the record");
		goto out;
	}
	/* Identity fields stay; everything else comes from *in. */
	p = *in;
	if (tunas_has_role(ctx, TUNAS_ROLE_TRAINEE)) {
		/* A trainee keeps their own contact details up to date; what
		 * eligibility depends on is changed by their centre, which
		 * checks the documents. Asking for more is refused, not
		 * silently dropped. */
		tunas_person mine = cur;
		const char *field = NULL;

		if (in->full_name[0] && strcmp(in->full_name, cur.full_name) != 0)
			field = "full_name";
		else if (strcmp(in->edu_level, cur.edu_level) != 0 ||
			 (in->edu_country[0] && strcmp(in->edu_country, cur.edu_country) != 0))
			field = "edu_level";
		else if (in->employment != cur.employment)
			field = "employment";
		else if (in->employer_org_id != cur.employer_org_id)
			field = "employer_org_id";
		else if (strcmp(in->employer_name, cur.employer_name) != 0)
			field = "employer_name";
		if (field != NULL) {
			rc = tunas_ctx_fail(ctx, TUNAS_EPERM, field,
					    "your centre changes this; you may change your email, "
					    "phone and region");
			goto out;
		}

		tunas_copy(mine.email, sizeof(mine.email), in->email);
		tunas_copy(mine.phone, sizeof(mine.phone), in->phone);
		tunas_copy(mine.region, sizeof(mine.region), in->region);
		p = mine;
	}
	p.id_type = cur.id_type;
	tunas_copy(p.id_number, sizeof(p.id_number), cur.id_number);
	tunas_copy(p.id_country, sizeof(p.id_country), cur.id_country);
	tunas_copy(p.birth_date, sizeof(p.birth_date), cur.birth_date);
	p.sex = cur.sex;
	p.registered_by_org = cur.registered_by_org;
	p.created_at = cur.created_at;
	p.updated_at = tunas_now();
	if (p.full_name[0] == '\0')
		tunas_copy(p.full_name, sizeof(p.full_name), cur.full_name);
	if ((rc = tunas_person_validate(ctx, &p)) != 0)
		goto out;
	if ((rc = check_employer(ctx, &p)) != 0)
		goto out;
	rc = ctx->store->ops->person_update(ctx->store, &p);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "person");
		goto out;
	}
	rc = tunas_audit_record(ctx, "person.update", "person", p.id, person_detail(&p));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_person_get(tunas_ctx *ctx, tunas_person *out, int64_t id)
{
	tunas_scope scope;
	tunas_person p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->person_get_scoped(ctx->store, &p, &scope, id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "person %lld not found",
				      (long long)id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	apply_mask(ctx, &p);
	*out = p;
	return TUNAS_OK;
}

int tunas_person_find(tunas_ctx *ctx, tunas_person *out, tunas_id_type type, const char *number)
{
	tunas_ident_info info;
	tunas_scope scope;
	tunas_person p;
	const char *reason;
	char today[TUNAS_DATE_LEN + 1];
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	/* Only roles that see full numbers look people up by them: for anyone
	 * else a hit would confirm a guessed number. */
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system and centre admins look people up by ID number");
	if (type == TUNAS_ID_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_type",
				      "must be mykad, nik or passport");
	tunas_today(today);
	if (!tunas_ident_check(&info, type, number, today, &reason))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "id_number", "%s", reason);
	rc = ctx->store->ops->person_find(ctx->store, &p, type, info.canonical);
	if (rc == 0) {
		/* Found but out of reach reads exactly like not found. */
		tunas_access_scope(ctx, &scope);
		rc = ctx->store->ops->person_get_scoped(ctx->store, &p, &scope, p.id);
	}
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, "id_number",
				      "no person with this ID number among the people you can see");
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	apply_mask(ctx, &p);
	*out = p;
	return TUNAS_OK;
}

int tunas_person_list(tunas_ctx *ctx, tunas_person **out, size_t *n,
		      const tunas_person_filter *filter, const tunas_page *page)
{
	tunas_person_filter none;
	tunas_scope scope;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if (filter == NULL) {
		memset(&none, 0, sizeof(none));
		filter = &none;
	}
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->person_list(ctx->store, out, n, &scope, filter, page);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	for (size_t i = 0; i < *n; i++)
		apply_mask(ctx, &(*out)[i]);
	return TUNAS_OK;
}
