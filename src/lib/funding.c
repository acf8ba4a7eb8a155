/*
 * funding.c — funding sources, their allocations to programmes, centres'
 * claims checked against Tunas's own records, and the summaries and costs
 * (funding.h states the rules; this file applies them).
 *
 * Money is int64 minor units with a currency; amounts in different
 * currencies are never added. Committed and spent amounts are not stored
 * twice: they are the sums of approved and paid claims, read with the
 * allocation in the same transaction as any decision that depends on them.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "ctx.h"
#include "tunas/funding.h"
#include "util/mem.h"
#include "valid.h"

static const char *const kind_names[] = {"none", "national_allocation", "government_sponsor",
					 "industry_contribution", "other"};
static const char *const status_names[] = {"none",     "draft",	   "submitted",
					   "approved", "rejected", "paid"};
#define NAMES(a) a, sizeof(a) / sizeof(a[0])

/* The most any count of a claim may be: far above any cohort, and small
 * enough that counts times rates are checked without overflow. */
#define COUNT_MAX 10000000

const char *tunas_fund_kind_name(tunas_fund_kind k)
{
	return tunas_enum_name(NAMES(kind_names), (int)k);
}

tunas_fund_kind tunas_fund_kind_parse(const char *name)
{
	return (tunas_fund_kind)tunas_enum_parse(NAMES(kind_names), name);
}

const char *tunas_claim_status_name(tunas_claim_status s)
{
	return tunas_enum_name(NAMES(status_names), (int)s);
}

tunas_claim_status tunas_claim_status_parse(const char *name)
{
	return (tunas_claim_status)tunas_enum_parse(NAMES(status_names), name);
}

/* ------------------------------------------------------------------------ */
/* Access */

/* Is org the owner, sponsor or a partner of p? */
static bool org_involved(int64_t org, const tunas_programme *p)
{
	if (org == p->owner_org_id || org == p->sponsor_org_id)
		return true;
	for (int i = 0; i < p->n_partners; i++)
		if (p->partners[i] == org)
			return true;
	return false;
}

/* Programme owners and partners act for their organisation's money. */
static bool funder_role(const tunas_ctx *ctx)
{
	return ctx->who.org_id != 0 && (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) ||
					tunas_has_role(ctx, TUNAS_ROLE_PARTNER));
}

static bool holds_source(const tunas_ctx *ctx, const tunas_fund_source *f)
{
	return tunas_is_sysadmin(ctx) || (funder_role(ctx) && ctx->who.org_id == f->org_id);
}

/* May the caller approve, reject and pay claims on allocation a? */
static bool decides(const tunas_ctx *ctx, const tunas_programme *p, const tunas_fund_source *f)
{
	if (tunas_is_sysadmin(ctx))
		return true;
	return tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) && ctx->who.org_id != 0 &&
	       (ctx->who.org_id == p->owner_org_id || ctx->who.org_id == f->org_id);
}

static bool is_centre_admin(const tunas_ctx *ctx)
{
	return tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) && ctx->who.org_id != 0;
}

/* Does the caller's centre run a cohort of the programme? */
static int runs_cohort_of(tunas_ctx *ctx, bool *out, int64_t programme_id)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_cohort *rows = NULL;
	bool found = false;
	size_t n = 0;
	int rc;

	*out = false;
	if (!is_centre_admin(ctx))
		return 0;
	do {
		rc = ctx->store->ops->cohort_list(ctx->store, &rows, &n, programme_id, &page);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "cohort");
		for (size_t i = 0; i < n && !found; i++)
			found = rows[i].centre_org_id == ctx->who.org_id;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		rows = NULL;
	} while (!found && n == (size_t)page.limit);
	*out = found;
	return 0;
}

/* Load what a claim or allocation hangs on. */
typedef struct {
	tunas_allocation alloc;
	tunas_fund_source source;
	tunas_programme programme;
} alloc_facts;

/* ENOTFOUND naming `field` (or, with field NULL, "allocation N not
 * found") when the allocation does not exist. */
static int load_alloc(tunas_ctx *ctx, alloc_facts *out, int64_t id, const char *field)
{
	int rc = ctx->store->ops->allocation_get(ctx->store, &out->alloc, id);

	if (rc == TUNAS_ENOTFOUND && field != NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "allocation %" PRId64 " does not exist", id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "allocation");
	rc = ctx->store->ops->fund_source_get(ctx->store, &out->source, out->alloc.source_id);
	if (rc == 0)
		rc = ctx->store->ops->programme_get(ctx->store, &out->programme,
						    out->alloc.programme_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "allocation") : 0;
}

/* Who may read an allocation with its amounts (*full), or its rates only. */
static int alloc_visible(tunas_ctx *ctx, bool *visible, bool *full, const alloc_facts *f)
{
	bool centre = false;
	int rc;

	*visible = *full =
		access_involved_in_programme(ctx, &f->programme) || holds_source(ctx, &f->source);
	if (*visible)
		return 0;
	if ((rc = runs_cohort_of(ctx, &centre, f->programme.id)) != 0)
		return rc;
	*visible = centre;
	return 0;
}

static void hide_amounts(tunas_allocation *a)
{
	a->amount_minor = a->committed_minor = a->spent_minor = -1;
}

static bool sees_claim(const tunas_ctx *ctx, const tunas_claim *c, const alloc_facts *f)
{
	if (is_centre_admin(ctx) && ctx->who.org_id == c->centre_org_id)
		return true;
	return access_involved_in_programme(ctx, &f->programme) || holds_source(ctx, &f->source);
}

/* ------------------------------------------------------------------------ */
/* Money */

static int need_money(tunas_ctx *ctx, const char *field, int64_t v, int64_t min)
{
	if (v < min || v > TUNAS_MONEY_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "must be %" PRId64 " to %" PRId64 " minor units", min,
				      TUNAS_MONEY_MAX);
	return 0;
}

/* *acc += count * rate, false if it would pass TUNAS_MONEY_MAX. */
static bool add_product(int64_t *acc, int64_t count, int64_t rate)
{
	if (count == 0 || rate == 0)
		return true;
	if (count > TUNAS_MONEY_MAX / rate)
		return false;
	if (count * rate > TUNAS_MONEY_MAX - *acc)
		return false;
	*acc += count * rate;
	return true;
}

/* What counts come to at a's rates; false if too much to hold. */
static bool claim_amount(int64_t *out, const tunas_allocation *a, const tunas_claim_counts *k)
{
	int64_t sum = 0;

	if (!add_product(&sum, k->trainees, a->rate_trainee_minor) ||
	    !add_product(&sum, k->attended, a->rate_attended_minor) ||
	    !add_product(&sum, k->completed, a->rate_completed_minor) ||
	    !add_product(&sum, k->certified, a->rate_certified_minor))
		return false;
	*out = sum;
	return true;
}

static bool has_rates(const tunas_allocation *a)
{
	return a->rate_trainee_minor > 0 || a->rate_attended_minor > 0 ||
	       a->rate_completed_minor > 0 || a->rate_certified_minor > 0;
}

/* Rounded half up; -1 when there is nothing to divide by. */
static int64_t per(int64_t amount, int64_t by)
{
	if (by <= 0)
		return -1;
	return amount / by + (amount % by * 2 >= by ? 1 : 0);
}

/* ------------------------------------------------------------------------ */
/* Sources */

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

int tunas_fund_source_create(tunas_ctx *ctx, int64_t *out_id, const tunas_fund_source *in)
{
	tunas_fund_source f = *in;
	tunas_org org;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !funder_role(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "funding sources are recorded by system admins, programme "
				      "owners and partners");
	if (f.org_id == 0)
		f.org_id = ctx->who.org_id;
	if (!tunas_is_sysadmin(ctx) && f.org_id != ctx->who.org_id)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, "org_id",
				      "only your own organisation's money can be recorded");
	if (f.org_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "org_id", "is required");
	if (!is_code(f.code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code",
				      "must be 2 to 40 letters, digits, '-', '_' or '.'");
	if ((rc = tunas_valid_text(ctx, "name", f.name, 2, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (f.kind <= TUNAS_FUND_NONE || f.kind > TUNAS_FUND_OTHER)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be national_allocation, government_sponsor, "
				      "industry_contribution or other");
	if ((rc = tunas_valid_currency(ctx, "currency", f.currency)) != 0 ||
	    (rc = need_money(ctx, "amount_minor", f.amount_minor, 1)) != 0)
		return rc;
	if (f.year != 0 && (f.year < 1990 || f.year > 2200))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "year", "must be 1990 to 2200, or absent");
	f.created_by = ctx->who.user_id;
	f.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->org_get(ctx->store, &org, f.org_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "org_id",
				    "organisation %" PRId64 " does not exist", f.org_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	rc = ctx->store->ops->fund_source_insert(ctx->store, &id, &f);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "a funding source %s already exists", f.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "funding source");
		goto out;
	}
	rc = tunas_audit_record(ctx, "funding.source.create", "fund_source", id,
				json_pack("{s:s, s:s, s:I, s:s, s:I}", "code", f.code, "kind",
					  tunas_fund_kind_name(f.kind), "org_id",
					  (json_int_t)f.org_id, "currency", f.currency,
					  "amount_minor", (json_int_t)f.amount_minor));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_fund_source_get(tunas_ctx *ctx, tunas_fund_source *out, int64_t id)
{
	tunas_fund_source f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->fund_source_get(ctx->store, &f, id);
	if (rc == 0 && !holds_source(ctx, &f))
		rc = TUNAS_ENOTFOUND;
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "funding source");
	*out = f;
	return 0;
}

int tunas_fund_source_list(tunas_ctx *ctx, tunas_fund_source **out, size_t *n,
			   const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !funder_role(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "funding sources are for system admins, programme owners "
				      "and partners");
	rc = ctx->store->ops->fund_source_list(ctx->store, out, n,
					       tunas_is_sysadmin(ctx) ? 0 : ctx->who.org_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "funding source") : 0;
}

/* ------------------------------------------------------------------------ */
/* Allocations */

static int validate_rates(tunas_ctx *ctx, const tunas_allocation *a)
{
	int rc;

	if ((rc = need_money(ctx, "rate_trainee_minor", a->rate_trainee_minor, 0)) != 0 ||
	    (rc = need_money(ctx, "rate_attended_minor", a->rate_attended_minor, 0)) != 0 ||
	    (rc = need_money(ctx, "rate_completed_minor", a->rate_completed_minor, 0)) != 0 ||
	    (rc = need_money(ctx, "rate_certified_minor", a->rate_certified_minor, 0)) != 0)
		return rc;
	if (a->attendance_percent < 0 || a->attendance_percent > 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "attendance_percent", "must be 0 to 100");
	if (a->rate_attended_minor > 0 && a->attendance_percent < 1)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "attendance_percent",
				      "must be 1 to 100 when attendance is paid for");
	return 0;
}

int tunas_allocation_create(tunas_ctx *ctx, int64_t *out_id, const tunas_allocation *in)
{
	tunas_allocation a = *in, *rows = NULL;
	tunas_fund_source f;
	tunas_programme p;
	int64_t id = 0, total = 0;
	size_t n = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !funder_role(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "money is allocated by the organisation that holds it");
	if ((rc = need_money(ctx, "amount_minor", a.amount_minor, 1)) != 0 ||
	    (rc = validate_rates(ctx, &a)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->fund_source_get(ctx->store, &f, a.source_id);
	if (rc == 0 && !holds_source(ctx, &f))
		rc = TUNAS_ENOTFOUND;
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "source_id",
				    "funding source %" PRId64 " does not exist", a.source_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "funding source");
		goto out;
	}
	if (a.currency[0] != '\0' && strcmp(a.currency, f.currency) != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "currency",
				    "must be the source's currency, %s", f.currency);
		goto out;
	}
	rc = ctx->store->ops->programme_get(ctx->store, &p, a.programme_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				    "programme %" PRId64 " does not exist", a.programme_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	if (strcmp(p.currency, f.currency) != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				    "programme %s is budgeted in %s but source %s holds %s: "
				    "currencies are never mixed",
				    p.code, p.currency, f.code, f.currency);
		goto out;
	}
	if (!tunas_is_sysadmin(ctx) && !org_involved(f.org_id, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, "programme_id",
				    "the source's organisation is not the programme's owner, "
				    "sponsor or a partner");
		goto out;
	}
	if (a.amount_minor > f.amount_minor - f.allocated_minor) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "amount_minor",
				    "exceeds what is left of source %s: %" PRId64 " %s minor units",
				    f.code, f.amount_minor - f.allocated_minor, f.currency);
		goto out;
	}
	rc = ctx->store->ops->allocation_list(ctx->store, &rows, &n, p.id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "allocation");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		total += rows[i].amount_minor;
	if (p.budget_minor > 0 && a.amount_minor > p.budget_minor - total) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "amount_minor",
				    "would take programme %s past its budget: %" PRId64
				    " %s minor units of it are not yet allocated",
				    p.code, p.budget_minor - total, p.currency);
		goto out;
	}
	memcpy(a.currency, f.currency, sizeof(a.currency));
	a.created_by = ctx->who.user_id;
	a.created_at = tunas_now();
	rc = ctx->store->ops->allocation_insert(ctx->store, &id, &a);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "allocation");
		goto out;
	}
	rc = tunas_audit_record(
		ctx, "funding.allocate", "allocation", id,
		json_pack("{s:I, s:I, s:s, s:I, s:{s:I, s:I, s:i, s:I, s:I}}", "source_id",
			  (json_int_t)a.source_id, "programme_id", (json_int_t)a.programme_id,
			  "currency", a.currency, "amount_minor", (json_int_t)a.amount_minor,
			  "rates", "trainee", (json_int_t)a.rate_trainee_minor, "attended",
			  (json_int_t)a.rate_attended_minor, "attendance_percent",
			  a.attendance_percent, "completed", (json_int_t)a.rate_completed_minor,
			  "certified", (json_int_t)a.rate_certified_minor));
out:
	free(rows);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_allocation_get(tunas_ctx *ctx, tunas_allocation *out, int64_t id)
{
	bool visible, full;
	alloc_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_alloc(ctx, &f, id, NULL)) != 0 ||
	    (rc = alloc_visible(ctx, &visible, &full, &f)) != 0)
		return rc;
	if (!visible)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL,
				      "allocation %" PRId64 " not found", id);
	if (!full)
		hide_amounts(&f.alloc);
	*out = f.alloc;
	return 0;
}

int tunas_allocation_list(tunas_ctx *ctx, tunas_allocation **out, size_t *n, int64_t programme_id)
{
	tunas_allocation *rows = NULL;
	tunas_programme p;
	bool centre = false;
	size_t len = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	if (!access_involved_in_programme(ctx, &p) &&
	    (rc = runs_cohort_of(ctx, &centre, p.id)) != 0)
		return rc;
	if (!access_involved_in_programme(ctx, &p) && !centre)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "a programme's funding is for its owner, sponsor, partners "
				      "and the centres that run it");
	rc = ctx->store->ops->allocation_list(ctx->store, &rows, &len, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "allocation");
	for (size_t i = 0; i < len && !access_involved_in_programme(ctx, &p); i++)
		hide_amounts(&rows[i]);
	*out = rows;
	*n = len;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Claims */

static int validate_counts(tunas_ctx *ctx, const tunas_claim_counts *k)
{
	static const char *const names[] = {"trainees", "attended", "completed", "certified"};
	const int64_t v[] = {k->trainees, k->attended, k->completed, k->certified};

	for (size_t i = 0; i < 4; i++)
		if (v[i] < 0 || v[i] > COUNT_MAX)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, names[i], "must be 0 to %d",
					      COUNT_MAX);
	if (k->attended > k->trainees)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "attended",
				      "cannot be more than the trainees claimed for");
	if (k->completed > k->trainees)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "completed",
				      "cannot be more than the trainees claimed for");
	if (k->certified > k->completed)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "certified",
				      "cannot be more than the completions claimed for");
	return 0;
}

/* The stated amount is the stated counts at the allocation's rates. */
static int check_amount(tunas_ctx *ctx, const tunas_claim *c, const tunas_allocation *a)
{
	int64_t want;

	if (!claim_amount(&want, a, &c->counts))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "amount_minor",
				      "the stated counts come to more than can be claimed");
	if (c->amount_minor != want)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "amount_minor",
				      "does not add up: %" PRId64 " stated, but the stated counts "
				      "at allocation %" PRId64 "'s rates come to %" PRId64
				      " %s minor units",
				      c->amount_minor, a->id, want, a->currency);
	return 0;
}

/* The stated counts are what the records show now; the first that is not
 * names the field. */
static int check_records(tunas_ctx *ctx, const tunas_claim *c, const tunas_allocation *a)
{
	tunas_claim_counts rec;
	int rc;

	rc = ctx->store->ops->claim_evidence(ctx->store, &rec, c->cohort_id, a->attendance_percent,
					     tunas_now());
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	if (c->counts.trainees != rec.trainees)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "trainees",
				      "does not add up: %" PRId64 " claimed, but Tunas's records "
				      "show %" PRId64 " enrolled or completed in cohort %" PRId64,
				      c->counts.trainees, rec.trainees, c->cohort_id);
	if (c->counts.attended != rec.attended)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "attended",
				      "does not add up: %" PRId64 " claimed, but Tunas's records "
				      "show %" PRId64 " trainees of cohort %" PRId64
				      " attending at least %d%% of its sessions",
				      c->counts.attended, rec.attended, c->cohort_id,
				      a->attendance_percent);
	if (c->counts.completed != rec.completed)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "completed",
				      "does not add up: %" PRId64 " claimed, but Tunas's records "
				      "show %" PRId64 " completed in cohort %" PRId64,
				      c->counts.completed, rec.completed, c->cohort_id);
	if (c->counts.certified != rec.certified)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "certified",
				      "does not add up: %" PRId64 " claimed, but Tunas's records "
				      "show %" PRId64 " active certificates of cohort %" PRId64,
				      c->counts.certified, rec.certified, c->cohort_id);
	return 0;
}

/* What is left of the allocation for one more commitment. */
static int check_room(tunas_ctx *ctx, const tunas_claim *c, const tunas_allocation *a)
{
	int64_t left = a->amount_minor - a->committed_minor - a->spent_minor;

	if (c->amount_minor > left)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "amount_minor",
				      "exceeds what remains of allocation %" PRId64 ": %" PRId64
				      " %s minor units",
				      a->id, left, a->currency);
	return 0;
}

static json_t *claim_detail(const tunas_claim *c)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:{s:I, s:I, s:I, s:I}}", "allocation_id",
			 (json_int_t)c->allocation_id, "cohort_id", (json_int_t)c->cohort_id,
			 "status", tunas_claim_status_name(c->status), "amount_minor",
			 (json_int_t)c->amount_minor, "currency", c->currency, "counts", "trainees",
			 (json_int_t)c->counts.trainees, "attended", (json_int_t)c->counts.attended,
			 "completed", (json_int_t)c->counts.completed, "certified",
			 (json_int_t)c->counts.certified);
}

/* The caller claims for cohort: a system admin, or its centre's admin. */
static int need_claimant(tunas_ctx *ctx, const tunas_cohort *co)
{
	if (tunas_is_sysadmin(ctx))
		return 0;
	if (!is_centre_admin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "claims are made by training centres");
	if (co->centre_org_id != ctx->who.org_id)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, "cohort_id",
				      "a centre claims only for its own cohorts");
	return 0;
}

int tunas_claim_create(tunas_ctx *ctx, int64_t *out_id, const tunas_claim *in)
{
	tunas_claim c;
	tunas_cohort co;
	alloc_facts *f = NULL;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !is_centre_admin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "claims are made by training centres");
	if ((rc = validate_counts(ctx, &in->counts)) != 0 ||
	    (rc = need_money(ctx, "amount_minor", in->amount_minor, 0)) != 0 ||
	    (rc = tunas_valid_text(ctx, "note", in->note, 0, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if ((f = tunas_calloc(1, sizeof(*f))) == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto done;
	if ((rc = load_alloc(ctx, f, in->allocation_id, "allocation_id")) != 0)
		goto out;
	rc = ctx->store->ops->cohort_get(ctx->store, &co, in->cohort_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id",
				    "cohort %" PRId64 " does not exist", in->cohort_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	if ((rc = need_claimant(ctx, &co)) != 0)
		goto out;
	if (co.programme_id != f->alloc.programme_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id",
				    "is not a cohort of programme %s, which allocation %" PRId64
				    " funds",
				    f->programme.code, f->alloc.id);
		goto out;
	}
	if (!has_rates(&f->alloc)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "allocation_id",
				    "allocation %" PRId64 " sets no rates to claim by",
				    f->alloc.id);
		goto out;
	}
	memset(&c, 0, sizeof(c));
	c.allocation_id = f->alloc.id;
	c.programme_id = f->alloc.programme_id;
	c.cohort_id = co.id;
	c.centre_org_id = co.centre_org_id;
	memcpy(c.currency, f->alloc.currency, sizeof(c.currency));
	c.status = TUNAS_CLAIM_DRAFT;
	c.counts = in->counts;
	c.amount_minor = in->amount_minor;
	memcpy(c.note, in->note, sizeof(c.note));
	c.created_by = ctx->who.user_id;
	c.created_at = tunas_now();
	if ((rc = check_amount(ctx, &c, &f->alloc)) != 0)
		goto out;
	rc = ctx->store->ops->claim_insert(ctx->store, &id, &c);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "cohort_id",
				    "cohort %" PRId64 " already has a claim on allocation %" PRId64
				    " that is not rejected",
				    c.cohort_id, c.allocation_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "claim");
		goto out;
	}
	rc = tunas_audit_record(ctx, "funding.claim.create", "claim", id, claim_detail(&c));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
done:
	tunas_free(f);
	return rc;
}

/* A claim and its facts, for a change: ENOTFOUND when out of sight. */
static int load_claim(tunas_ctx *ctx, tunas_claim *c, alloc_facts *f, int64_t id)
{
	int rc = ctx->store->ops->claim_get(ctx->store, c, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "claim");
	if ((rc = load_alloc(ctx, f, c->allocation_id, NULL)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !sees_claim(ctx, c, f))
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "claim %" PRId64 " not found",
				      id);
	return 0;
}

static int need_status(tunas_ctx *ctx, const tunas_claim *c, tunas_claim_status want,
		       const char *action)
{
	if (c->status != want)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				      "claim %" PRId64 " is %s: only a %s claim can be %s", c->id,
				      tunas_claim_status_name(c->status),
				      tunas_claim_status_name(want), action);
	return 0;
}

/* The claimant's side: system admins and the claim's centre. */
static int need_claim_owner(tunas_ctx *ctx, const tunas_claim *c)
{
	if (tunas_is_sysadmin(ctx) || (is_centre_admin(ctx) && ctx->who.org_id == c->centre_org_id))
		return 0;
	return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
			      "only the centre that made the claim may change or submit it");
}

/* The funder's side, and never the claim's own maker. */
static int need_decider(tunas_ctx *ctx, const tunas_claim *c, const alloc_facts *f)
{
	if (!decides(ctx, &f->programme, &f->source))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "claims are decided by the programme's owner or the funder");
	if (c->created_by != 0 && c->created_by == ctx->who.user_id)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "a claim is decided by someone other than who made it");
	return 0;
}

/* Run one change of a claim: load, check, change, audit, in one
 * transaction. */
typedef int (*claim_step)(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg);

static int claim_change(tunas_ctx *ctx, int64_t id, claim_step step, const void *arg,
			const char *action)
{
	alloc_facts *f = NULL;
	tunas_claim *c = NULL;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	f = tunas_calloc(1, sizeof(*f));
	c = tunas_calloc(1, sizeof(*c));
	if (f == NULL || c == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto done;
	}
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto done;
	if ((rc = load_claim(ctx, c, f, id)) != 0 || (rc = step(ctx, c, f, arg)) != 0)
		goto out;
	rc = ctx->store->ops->claim_update(ctx->store, c);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "claim");
		goto out;
	}
	rc = tunas_audit_record(ctx, action, "claim", id, claim_detail(c));
out:
	rc = tunas_tx_finish(ctx, rc);
done:
	tunas_free(f);
	tunas_free(c);
	return rc;
}

static int step_update(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg)
{
	const tunas_claim *in = arg;
	int rc;

	if ((rc = need_claim_owner(ctx, c)) != 0 ||
	    (rc = need_status(ctx, c, TUNAS_CLAIM_DRAFT, "changed")) != 0)
		return rc;
	c->counts = in->counts;
	c->amount_minor = in->amount_minor;
	memcpy(c->note, in->note, sizeof(c->note));
	return check_amount(ctx, c, &f->alloc);
}

int tunas_claim_update(tunas_ctx *ctx, const tunas_claim *in)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = validate_counts(ctx, &in->counts)) != 0 ||
	    (rc = need_money(ctx, "amount_minor", in->amount_minor, 0)) != 0 ||
	    (rc = tunas_valid_text(ctx, "note", in->note, 0, TUNAS_TEXT_MAX)) != 0)
		return rc;
	return claim_change(ctx, in->id, step_update, in, "funding.claim.update");
}

static int step_submit(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg)
{
	int rc;

	(void)arg;
	if ((rc = need_claim_owner(ctx, c)) != 0 ||
	    (rc = need_status(ctx, c, TUNAS_CLAIM_DRAFT, "submitted")) != 0 ||
	    (rc = check_amount(ctx, c, &f->alloc)) != 0 ||
	    (rc = check_records(ctx, c, &f->alloc)) != 0 ||
	    (rc = check_room(ctx, c, &f->alloc)) != 0)
		return rc;
	c->status = TUNAS_CLAIM_SUBMITTED;
	c->submitted_at = tunas_now();
	return 0;
}

int tunas_claim_submit(tunas_ctx *ctx, int64_t id)
{
	return claim_change(ctx, id, step_submit, NULL, "funding.claim.submit");
}

static int step_approve(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg)
{
	int rc;

	(void)arg;
	if ((rc = need_decider(ctx, c, f)) != 0 ||
	    (rc = need_status(ctx, c, TUNAS_CLAIM_SUBMITTED, "approved")) != 0 ||
	    (rc = check_amount(ctx, c, &f->alloc)) != 0 ||
	    (rc = check_records(ctx, c, &f->alloc)) != 0 ||
	    (rc = check_room(ctx, c, &f->alloc)) != 0)
		return rc;
	c->status = TUNAS_CLAIM_APPROVED;
	c->decided_by = ctx->who.user_id;
	c->decided_at = tunas_now();
	return 0;
}

int tunas_claim_approve(tunas_ctx *ctx, int64_t id)
{
	return claim_change(ctx, id, step_approve, NULL, "funding.claim.approve");
}

static int step_reject(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg)
{
	int rc;

	if ((rc = need_decider(ctx, c, f)) != 0 ||
	    (rc = need_status(ctx, c, TUNAS_CLAIM_SUBMITTED, "rejected")) != 0)
		return rc;
	c->status = TUNAS_CLAIM_REJECTED;
	tunas_copy(c->reason, sizeof(c->reason), arg);
	c->decided_by = ctx->who.user_id;
	c->decided_at = tunas_now();
	return 0;
}

int tunas_claim_reject(tunas_ctx *ctx, int64_t id, const char *reason)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_valid_text(ctx, "reason", reason ? reason : "", 2, TUNAS_TEXT_MAX)) != 0)
		return rc;
	return claim_change(ctx, id, step_reject, reason, "funding.claim.reject");
}

static int step_pay(tunas_ctx *ctx, tunas_claim *c, const alloc_facts *f, const void *arg)
{
	int rc;

	if ((rc = need_decider(ctx, c, f)) != 0 ||
	    (rc = need_status(ctx, c, TUNAS_CLAIM_APPROVED, "paid")) != 0)
		return rc;
	c->status = TUNAS_CLAIM_PAID;
	tunas_copy(c->payment_ref, sizeof(c->payment_ref), arg);
	c->paid_by = ctx->who.user_id;
	c->paid_at = tunas_now();
	return 0;
}

int tunas_claim_pay(tunas_ctx *ctx, int64_t id, const char *payment_ref)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_valid_text(ctx, "payment_ref", payment_ref ? payment_ref : "", 1,
				   TUNAS_CODE_MAX)) != 0)
		return rc;
	return claim_change(ctx, id, step_pay, payment_ref, "funding.claim.pay");
}

int tunas_claim_get(tunas_ctx *ctx, tunas_claim *out, int64_t id)
{
	alloc_facts *f;
	tunas_claim c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((f = tunas_calloc(1, sizeof(*f))) == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	rc = load_claim(ctx, &c, f, id);
	tunas_free(f);
	if (rc == 0)
		*out = c;
	return rc;
}

int tunas_claim_list(tunas_ctx *ctx, tunas_claim **out, size_t *n, int64_t programme_id,
		     const tunas_page *page)
{
	int64_t centre = 0;
	tunas_programme p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if (is_centre_admin(ctx)) {
		centre = ctx->who.org_id;
	} else if (!tunas_is_sysadmin(ctx)) {
		if (programme_id == 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
					      "is required: name the programme");
		rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "programme");
		if (!access_involved_in_programme(ctx, &p))
			return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
					      "a programme's claims are for its owner, sponsor "
					      "and partners");
	}
	rc = ctx->store->ops->claim_list(ctx->store, out, n, programme_id, centre, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "claim") : 0;
}

int tunas_claim_evidence_get(tunas_ctx *ctx, tunas_claim_evidence *out, int64_t allocation_id,
			     int64_t cohort_id)
{
	tunas_claim_evidence ev;
	tunas_cohort co;
	alloc_facts *f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((f = tunas_calloc(1, sizeof(*f))) == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	if ((rc = load_alloc(ctx, f, allocation_id, "allocation_id")) != 0)
		goto out;
	rc = ctx->store->ops->cohort_get(ctx->store, &co, cohort_id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && co.programme_id != f->alloc.programme_id)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id",
				    "is not a cohort of programme %s, which allocation %" PRId64
				    " funds",
				    f->programme.code, f->alloc.id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	if (!decides(ctx, &f->programme, &f->source) && (rc = need_claimant(ctx, &co)) != 0)
		goto out;
	memset(&ev, 0, sizeof(ev));
	rc = ctx->store->ops->claim_evidence(ctx->store, &ev.counts, cohort_id,
					     f->alloc.attendance_percent, tunas_now());
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	ev.allocation_id = allocation_id;
	ev.cohort_id = cohort_id;
	ev.attendance_percent = f->alloc.attendance_percent;
	memcpy(ev.currency, f->alloc.currency, sizeof(ev.currency));
	if (!claim_amount(&ev.amount_minor, &f->alloc, &ev.counts)) {
		rc = tunas_ctx_fail(ctx, TUNAS_ELIMIT, NULL,
				    "the records come to too much to claim");
		goto out;
	}
	*out = ev;
out:
	tunas_free(f);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Reports */

int tunas_funding_summary_get(tunas_ctx *ctx, tunas_funding_summary *out, int64_t programme_id)
{
	tunas_allocation *rows = NULL;
	tunas_funding_summary s;
	tunas_enrol_counts counts;
	tunas_programme p;
	size_t n = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	if (!access_involved_in_programme(ctx, &p))
		return tunas_ctx_fail(
			ctx, TUNAS_EPERM, NULL,
			"a programme's funding is for its owner, sponsor and partners");
	memset(&s, 0, sizeof(s));
	s.programme_id = p.id;
	memcpy(s.currency, p.currency, sizeof(s.currency));
	s.budget_set = p.budget_minor > 0;
	s.budget_minor = p.budget_minor;
	rc = ctx->store->ops->allocation_list(ctx->store, &rows, &n, p.id);
	if (rc == 0)
		rc = ctx->store->ops->programme_counts(ctx->store, &counts, p.id);
	if (rc == 0)
		rc = ctx->store->ops->funding_programme_stats(ctx->store, &s.claimed_minor,
							      &s.certifications, p.id);
	if (rc != 0) {
		free(rows);
		return tunas_ctx_store_fail(ctx, rc, "funding");
	}
	for (size_t i = 0; i < n; i++) {
		s.allocated_minor += rows[i].amount_minor;
		s.committed_minor += rows[i].committed_minor;
		s.spent_minor += rows[i].spent_minor;
	}
	free(rows);
	s.remaining_minor = s.allocated_minor - s.committed_minor - s.spent_minor;
	s.trainees = counts.enrolled + counts.completed;
	s.completions = counts.completed;
	s.cost_per_trainee_minor = per(s.spent_minor, s.trainees);
	s.cost_per_completion_minor = per(s.spent_minor, s.completions);
	s.cost_per_certification_minor = per(s.spent_minor, s.certifications);
	*out = s;
	return 0;
}

int tunas_funding_totals(tunas_ctx *ctx, tunas_funding_total **out, size_t *n)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !funder_role(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "funding totals are for system admins, programme owners "
				      "and partners");
	rc = ctx->store->ops->funding_totals(ctx->store, out, n,
					     tunas_is_sysadmin(ctx) ? 0 : ctx->who.org_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "funding") : 0;
}
