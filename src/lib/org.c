/*
 * org.c — organisations and partnerships; see org.h.
 */
#include "tunas/org.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "valid.h"

static const char *const kind_names[] = {
	[TUNAS_ORG_NONE] = NULL,
	[TUNAS_ORG_GOVERNMENT] = "government",
	[TUNAS_ORG_INDUSTRY] = "industry",
	[TUNAS_ORG_ACADEMIC] = "academic",
	[TUNAS_ORG_TRAINING_CENTRE] = "training_centre",
	[TUNAS_ORG_EMPLOYER] = "employer",
};

const char *tunas_org_kind_name(tunas_org_kind kind)
{
	if ((unsigned)kind >= sizeof(kind_names) / sizeof(kind_names[0]) || kind == 0)
		return "none";
	return kind_names[kind];
}

tunas_org_kind tunas_org_kind_parse(const char *name)
{
	for (size_t i = 1; name && i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (tunas_org_kind)i;
	return TUNAS_ORG_NONE;
}

static int validate_org(tunas_ctx *ctx, const tunas_org *o)
{
	int rc;

	if ((rc = tunas_valid_text(ctx, "name", o->name, 2, TUNAS_NAME_MAX)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "short_name", o->short_name, 0, TUNAS_CODE_MAX)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "region", o->region, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (o->kind == TUNAS_ORG_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be one of government, industry, academic, "
				      "training_centre, employer");
	return tunas_valid_country(ctx, "country", o->country);
}

int tunas_org_create(tunas_ctx *ctx, int64_t *out_id, const tunas_org *in)
{
	tunas_org o = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins register organisations");
	if ((rc = validate_org(ctx, &o)) != 0)
		return rc;
	o.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if (o.parent_id != 0) {
		tunas_org parent;

		rc = ctx->store->ops->org_get(ctx->store, &parent, o.parent_id);
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id",
					    "organisation %lld does not exist",
					    (long long)o.parent_id);
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		if (rc != 0)
			goto out;
	}
	rc = ctx->store->ops->org_insert(ctx->store, &id, &o);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	rc = tunas_audit_record(ctx, "org.create", "organisation", id,
				json_pack("{s:s, s:s, s:s}", "name", o.name, "kind",
					  tunas_org_kind_name(o.kind), "country", o.country));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_org_update(tunas_ctx *ctx, const tunas_org *in)
{
	tunas_org cur;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins change organisations");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->org_get(ctx->store, &cur, in->id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	tunas_copy(cur.name, sizeof(cur.name), in->name);
	tunas_copy(cur.short_name, sizeof(cur.short_name), in->short_name);
	tunas_copy(cur.region, sizeof(cur.region), in->region);
	if ((rc = validate_org(ctx, &cur)) != 0)
		goto out;
	rc = ctx->store->ops->org_update(ctx->store, &cur);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	rc = tunas_audit_record(ctx, "org.update", "organisation", cur.id,
				json_pack("{s:s, s:s}", "name", cur.name, "region", cur.region));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_org_get(tunas_ctx *ctx, tunas_org *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->org_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "organisation") : 0;
}

int tunas_org_list(tunas_ctx *ctx, tunas_org **out, size_t *n, const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->org_list(ctx->store, out, n, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "organisation") : 0;
}

static bool is_party(const tunas_partnership *p, int64_t org)
{
	for (int i = 0; i < p->n_parties; i++)
		if (p->parties[i] == org)
			return true;
	return false;
}

int tunas_partnership_create(tunas_ctx *ctx, int64_t *out_id, const tunas_partnership *in)
{
	tunas_partnership p = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) &&
	    !(tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) && is_party(&p, ctx->who.org_id)))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins, or programme owners of a party, "
				      "record partnerships");
	if ((rc = tunas_valid_text(ctx, "title", p.title, 2, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "purpose", p.purpose, 0, TUNAS_TEXT_MAX)) != 0 ||
	    (rc = tunas_valid_date(ctx, "signed_on", p.signed_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "starts_on", p.starts_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "ends_on", p.ends_on, false)) != 0)
		return rc;
	if (p.ends_on[0] && strcmp(p.ends_on, p.starts_on) < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ends_on", "must not be before starts_on");
	if (p.n_parties < 2 || p.n_parties > TUNAS_PARTIES_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parties",
				      "a partnership needs 2 to %d parties", TUNAS_PARTIES_MAX);
	for (int i = 0; i < p.n_parties; i++)
		for (int j = 0; j < i; j++)
			if (p.parties[i] == p.parties[j])
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parties",
						      "organisation %lld is listed twice",
						      (long long)p.parties[i]);
	p.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	for (int i = 0; i < p.n_parties; i++) {
		tunas_org o;

		rc = ctx->store->ops->org_get(ctx->store, &o, p.parties[i]);
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "parties",
					    "organisation %lld does not exist",
					    (long long)p.parties[i]);
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		if (rc != 0)
			goto out;
	}
	rc = ctx->store->ops->partnership_insert(ctx->store, &id, &p);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "partnership");
		goto out;
	}
	rc = tunas_audit_record(ctx, "partnership.create", "partnership", id,
				json_pack("{s:s, s:i}", "title", p.title, "parties", p.n_parties));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_partnership_get(tunas_ctx *ctx, tunas_partnership *out, int64_t id)
{
	tunas_partnership p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->partnership_get(ctx->store, &p, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "partnership");
	/* Not a party: answer as if it did not exist, so ids leak nothing. */
	if (!tunas_is_sysadmin(ctx) && !is_party(&p, ctx->who.org_id))
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "partnership not found");
	*out = p;
	return TUNAS_OK;
}

int tunas_partnership_list(tunas_ctx *ctx, tunas_partnership **out, size_t *n,
			   const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && ctx->who.org_id == 0) {
		*out = NULL;
		*n = 0;
		return TUNAS_OK;
	}
	rc = ctx->store->ops->partnership_list(ctx->store, out, n,
					       tunas_is_sysadmin(ctx) ? 0 : ctx->who.org_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "partnership") : 0;
}
