/*
 * skills.c — what people hold and what employers need: person
 * competencies and consent, vacancies and demand, the matching index and
 * the queries over it (candidates, vacancies for a person, gap reports,
 * pathways), placements and tracer answers. Frameworks are framework.c's.
 *
 * The matching index (match.h) is built from the store and kept per
 * process. The store's skills generation — a random number drawn afresh,
 * in the same transaction, by every change that matters to matching —
 * tells when it is stale (and, being random, from which database it came),
 * and the next query rebuilds it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "ctx.h"
#include "match.h"
#include "skills_int.h"
#include "tunas/skills.h"
#include "util/csv.h"
#include "util/mem.h"
#include "valid.h"

static const char *const source_names[] = {"none", "assessment", "certificate", "vendor_cert",
					   "self"};
static const char *const vac_status_names[] = {"none", "open", "closed", "filled"};
static const char *const trace_names[] = {"none", "employed", "self_employed", "studying",
					  "unemployed"};
#define NAMES(a) a, sizeof(a) / sizeof(a[0])

const char *tunas_skill_source_name(tunas_skill_source s)
{
	return tunas_enum_name(NAMES(source_names), (int)s);
}

const char *tunas_vac_status_name(tunas_vac_status s)
{
	return tunas_enum_name(NAMES(vac_status_names), (int)s);
}

tunas_vac_status tunas_vac_status_parse(const char *s)
{
	return (tunas_vac_status)tunas_enum_parse(NAMES(vac_status_names), s);
}

const char *tunas_trace_status_name(tunas_trace_status s)
{
	return tunas_enum_name(NAMES(trace_names), (int)s);
}

tunas_trace_status tunas_trace_status_parse(const char *s)
{
	return (tunas_trace_status)tunas_enum_parse(NAMES(trace_names), s);
}

/* ------------------------------------------------------------------------ */
/* Access */

static bool is_self(const tunas_ctx *ctx, int64_t person_id)
{
	return tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) && ctx->who.person_id == person_id &&
	       person_id != 0;
}

/* Who may act for a person in matters of their own: the person, a system
 * admin, or an admin of the centre that registered them. */
static int need_own_or_registrar(tunas_ctx *ctx, int64_t person_id)
{
	tunas_person p;
	int rc;

	if ((rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	if (is_self(ctx, person_id) || tunas_is_sysadmin(ctx))
		return 0;
	if (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN)) {
		rc = ctx->store->ops->person_get(ctx->store, &p, person_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "person");
		if (p.registered_by_org == ctx->who.org_id)
			return 0;
	}
	return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
			      "only the person, or the centre that registered them, may");
}

/* Planning roles that read aggregate reports. */
static int need_staff(tunas_ctx *ctx)
{
	if (tunas_is_sysadmin(ctx) || tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) ||
	    tunas_has_role(ctx, TUNAS_ROLE_PARTNER) || tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return 0;
	return tunas_ctx_fail(
		ctx, TUNAS_EPERM, NULL,
		"reports are for system admins, programme owners, partners and centres");
}

static int need_level(tunas_ctx *ctx, const char *field, int level)
{
	if (level < 0 || level > TUNAS_LEVEL_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be 0 (any) to %d",
				      TUNAS_LEVEL_MAX);
	return 0;
}

static int need_competency(tunas_ctx *ctx, const char *field, int64_t id)
{
	tunas_competency c;
	int rc = ctx->store->ops->competency_get(ctx->store, &c, id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "competency %lld does not exist",
				      (long long)id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "competency");
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Person competencies and consent */

int tunas_person_skills(tunas_ctx *ctx, tunas_person_skill **out, size_t *n, int64_t person_id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->person_skill_list(ctx->store, out, n, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competencies") : 0;
}

int tunas_person_skill_declare(tunas_ctx *ctx, int64_t person_id, int64_t competency_id, int level)
{
	tunas_person_skill k = {.person_id = person_id,
				.competency_id = competency_id,
				.source = TUNAS_SRC_SELF,
				.level = level};
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = need_level(ctx, "level", level)) != 0)
		return rc;
	tunas_today(k.acquired_on);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = need_own_or_registrar(ctx, person_id)) != 0 ||
	    (rc = need_competency(ctx, "competency_id", competency_id)) != 0)
		goto out;
	if ((rc = ctx->store->ops->person_skill_declare(ctx->store, &k)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competency");
		goto out;
	}
	rc = tunas_audit_record(ctx, "skill.declare", "person", person_id,
				json_pack("{s:I, s:i}", "competency_id", (json_int_t)competency_id,
					  "level", level));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_person_skill_undeclare(tunas_ctx *ctx, int64_t person_id, int64_t competency_id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = need_own_or_registrar(ctx, person_id)) != 0)
		goto out;
	rc = ctx->store->ops->person_skill_undeclare(ctx->store, person_id, competency_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, rc, "competency_id", "not declared by the person");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competency");
		goto out;
	}
	rc = tunas_audit_record(ctx, "skill.undeclare", "person", person_id,
				json_pack("{s:I}", "competency_id", (json_int_t)competency_id));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_person_skills_refresh(tunas_ctx *ctx, int64_t person_id)
{
	char today[TUNAS_DATE_LEN + 1];
	bool changed = false;
	int rc;

	tunas_today(today);
	rc = ctx->store->ops->person_skill_derive(ctx->store, &changed, person_id, today);
	if (rc == 0 && changed)
		rc = ctx->store->ops->skills_touch(ctx->store);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competencies") : 0;
}

int skills_refresh_course(tunas_ctx *ctx, int64_t course_id)
{
	int64_t *people = NULL;
	size_t n = 0, i;
	int rc = ctx->store->ops->course_evidence_people(ctx->store, &people, &n, course_id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "competencies");
	for (i = 0; i < n && rc == 0; i++)
		rc = tunas_person_skills_refresh(ctx, people[i]);
	free(people);
	return rc;
}

int tunas_consent_get(tunas_ctx *ctx, tunas_consent *out, int64_t person_id)
{
	tunas_consent c = {.person_id = person_id};
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->consent_get(ctx->store, &c, person_id);
	if (rc != 0 && rc != TUNAS_ENOTFOUND)
		return tunas_ctx_store_fail(ctx, rc, "consent");
	c.person_id = person_id;
	*out = c;
	return 0;
}

int tunas_consent_set(tunas_ctx *ctx, const tunas_consent *in)
{
	tunas_consent c = *in;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = need_own_or_registrar(ctx, c.person_id)) != 0)
		goto out;
	c.updated_at = tunas_now();
	if ((rc = ctx->store->ops->consent_put(ctx->store, &c)) != 0 ||
	    (rc = ctx->store->ops->skills_touch(ctx->store)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "consent");
		goto out;
	}
	rc = tunas_audit_record(
		ctx, "consent.set", "person", c.person_id,
		json_pack("{s:b, s:b}", "findable", c.findable, "tracer", c.tracer));
out:
	return tunas_tx_finish(ctx, rc);
}

/* ------------------------------------------------------------------------ */
/* Vacancies and demand */

static bool is_sector(const char *s)
{
	size_t i, len = strlen(s);

	if (len > 8)
		return false;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

static int validate_vacancy(tunas_ctx *ctx, tunas_vacancy *v, bool creating)
{
	char field[64];
	int rc, i, j;

	if ((rc = tunas_valid_text(ctx, "title", v->title, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (v->openings < 1 || v->openings > 100000)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "openings", "must be 1 to 100000");
	if ((rc = tunas_valid_date(ctx, "closes_on", v->closes_on, false)) != 0)
		return rc;
	if (v->status == TUNAS_VAC_NONE)
		v->status = TUNAS_VAC_OPEN;
	if (!creating)
		return 0;
	if ((rc = tunas_valid_text(ctx, "region", v->region, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (!is_sector(v->sector))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "sector",
				      "an ISIC code: up to 8 capital letters or digits, e.g. J");
	if (v->n_reqs < 0 || v->n_reqs > TUNAS_REQS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "requirements", "at most %d",
				      TUNAS_REQS_MAX);
	for (i = 0; i < v->n_reqs; i++) {
		snprintf(field, sizeof(field), "requirements[%d].level", i);
		if ((rc = need_level(ctx, field, v->reqs[i].level)) != 0)
			return rc;
		for (j = 0; j < i; j++)
			if (v->reqs[j].competency_id == v->reqs[i].competency_id) {
				snprintf(field, sizeof(field), "requirements[%d].competency_id", i);
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "listed twice");
			}
	}
	return 0;
}

/* The caller may manage vacancies of `org`: a system admin, or an
 * employer of that organisation. */
static bool manages_vacancies(const tunas_ctx *ctx, int64_t org)
{
	return tunas_is_sysadmin(ctx) ||
	       (tunas_has_role(ctx, TUNAS_ROLE_EMPLOYER) && ctx->who.org_id == org);
}

int tunas_vacancy_create(tunas_ctx *ctx, int64_t *out_id, const tunas_vacancy *in)
{
	tunas_vacancy v = *in;
	tunas_occupation occ;
	tunas_occ_skill *skills = NULL;
	tunas_org org;
	size_t n = 0, i;
	int64_t id = 0;
	char field[64];
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (tunas_has_role(ctx, TUNAS_ROLE_EMPLOYER))
		v.employer_org_id = ctx->who.org_id;
	if (!manages_vacancies(ctx, v.employer_org_id))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "employers post vacancies");
	if (v.employer_org_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_org_id",
				      "required: the employer posting it");
	if ((rc = validate_vacancy(ctx, &v, true)) != 0)
		return rc;
	v.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->org_get(ctx->store, &org, v.employer_org_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_org_id",
				    "organisation %lld does not exist",
				    (long long)v.employer_org_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	rc = ctx->store->ops->occupation_get(ctx->store, &occ, v.occupation_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "occupation_id",
				    "occupation %lld does not exist", (long long)v.occupation_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "occupation");
		goto out;
	}
	for (i = 0; i < (size_t)v.n_reqs; i++) {
		snprintf(field, sizeof(field), "requirements[%zu].competency_id", i);
		if ((rc = need_competency(ctx, field, v.reqs[i].competency_id)) != 0)
			goto out;
	}
	if (v.n_reqs == 0) {
		/* The occupation's profile: its essential skills. */
		rc = ctx->store->ops->occupation_skills(ctx->store, &skills, &n, v.occupation_id);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "occupation");
			goto out;
		}
		for (i = 0; i < n && v.n_reqs < TUNAS_REQS_MAX; i++)
			if (skills[i].essential)
				v.reqs[v.n_reqs++] = (tunas_requirement){
					.competency_id = skills[i].competency_id,
					.essential = true};
		if (v.n_reqs == 0) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "requirements",
					    "give the competencies required: the occupation lists "
					    "no essential ones");
			goto out;
		}
	}
	if ((rc = ctx->store->ops->vacancy_insert(ctx->store, &id, &v)) != 0 ||
	    (rc = ctx->store->ops->skills_touch(ctx->store)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "vacancy");
		goto out;
	}
	rc = tunas_audit_record(ctx, "vacancy.create", "vacancy", id,
				json_pack("{s:I, s:I, s:s, s:i, s:i}", "employer_org_id",
					  (json_int_t)v.employer_org_id, "occupation_id",
					  (json_int_t)v.occupation_id, "region", v.region,
					  "openings", v.openings, "requirements", v.n_reqs));
out:
	free(skills);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_vacancy_update(tunas_ctx *ctx, const tunas_vacancy *in)
{
	tunas_vacancy cur, v;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->vacancy_get(ctx->store, &cur, in->id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "vacancy");
		goto out;
	}
	if (!manages_vacancies(ctx, cur.employer_org_id)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only its employer changes a vacancy");
		goto out;
	}
	v = cur;
	memcpy(v.title, in->title, sizeof(v.title));
	v.openings = in->openings;
	memcpy(v.closes_on, in->closes_on, sizeof(v.closes_on));
	v.status = in->status;
	if ((rc = validate_vacancy(ctx, &v, false)) != 0)
		goto out;
	if ((rc = ctx->store->ops->vacancy_update(ctx->store, &v)) != 0 ||
	    (rc = ctx->store->ops->skills_touch(ctx->store)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "vacancy");
		goto out;
	}
	rc = tunas_audit_record(ctx, "vacancy.update", "vacancy", v.id,
				json_pack("{s:i, s:s, s:s}", "openings", v.openings, "status",
					  tunas_vac_status_name(v.status), "closes_on",
					  v.closes_on));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_vacancy_get(tunas_ctx *ctx, tunas_vacancy *out, int64_t id)
{
	tunas_vacancy v;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->vacancy_get(ctx->store, &v, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "vacancy");
	/* Closed and filled vacancies are their employer's business. */
	if (v.status != TUNAS_VAC_OPEN && !manages_vacancies(ctx, v.employer_org_id))
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "vacancy %lld not found",
				      (long long)id);
	*out = v;
	return 0;
}

int tunas_vacancy_list(tunas_ctx *ctx, tunas_vacancy **out, size_t *n, int64_t employer_org_id,
		       const char *region, const tunas_page *page)
{
	char today[TUNAS_DATE_LEN + 1];
	int64_t mine = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if (tunas_has_role(ctx, TUNAS_ROLE_EMPLOYER))
		mine = ctx->who.org_id;
	else if (tunas_is_sysadmin(ctx))
		mine = -1; /* every vacancy, whatever its status */
	tunas_today(today);
	rc = ctx->store->ops->vacancy_list(ctx->store, out, n, employer_org_id, region, mine, today,
					   page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "vacancies") : 0;
}

int tunas_demand(tunas_ctx *ctx, tunas_demand_row **out, size_t *n, tunas_demand_by by)
{
	char today[TUNAS_DATE_LEN + 1];
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (by != TUNAS_BY_REGION && by != TUNAS_BY_SECTOR && by != TUNAS_BY_OCCUPATION)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "by", "region, sector or occupation");
	tunas_today(today);
	rc = ctx->store->ops->demand(ctx->store, out, n, by, today);
	return rc ? tunas_ctx_store_fail(ctx, rc, "demand") : 0;
}

/* ------------------------------------------------------------------------ */
/* Exact crosswalks: competencies of different frameworks that are the same
 * thing. Holding one counts as holding the other, for matching, gaps and
 * pathways. Loaded whole (crosswalks are few) into pairs sorted by `from`,
 * each stored both ways. */

typedef struct {
	int64_t from, to;
} xw_pair;

typedef struct {
	xw_pair *p;
	size_t n;
} xw_table;

static int xw_order(const void *a, const void *b)
{
	const xw_pair *x = a, *y = b;

	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return (x->to > y->to) - (x->to < y->to);
}

static int xw_load(tunas_ctx *ctx, xw_table *out)
{
	tunas_crosswalk *rows = NULL;
	size_t n = 0, i;
	int rc = ctx->store->ops->crosswalk_exact(ctx->store, &rows, &n);

	out->p = NULL;
	out->n = 0;
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "crosswalks");
	if (n > 0 && (out->p = tunas_calloc(2 * n, sizeof(*out->p))) == NULL) {
		free(rows);
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	}
	for (i = 0; i < n; i++) {
		out->p[2 * i] = (xw_pair){rows[i].from_id, rows[i].to_id};
		out->p[2 * i + 1] = (xw_pair){rows[i].to_id, rows[i].from_id};
	}
	out->n = 2 * n;
	free(rows);
	if (out->n > 1)
		qsort(out->p, out->n, sizeof(*out->p), xw_order);
	return 0;
}

/* The equivalents of `c`: out->p[*first .. *first + return). */
static size_t xw_equivalents(const xw_table *t, int64_t c, size_t *first)
{
	size_t lo = 0, hi = t->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->p[mid].from < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < t->n && t->p[end].from == c; end++)
		;
	*first = lo;
	return end - lo;
}

/* Whether a and b are the same competency, or exact equivalents. */
static bool xw_same(const xw_table *t, int64_t a, int64_t b)
{
	size_t first, n = xw_equivalents(t, a, &first);

	if (a == b)
		return true;
	for (size_t i = 0; i < n; i++)
		if (t->p[first + i].to == b)
			return true;
	return false;
}

/* ------------------------------------------------------------------------ */
/* The matching index */

/*
 * One built index with the region names its numbers stand for. Shared by
 * the process's threads: a query takes a reference, the last one out frees
 * it. Regions are few (states, provinces): a sorted array is enough.
 */
struct skills_index {
	tunas_mx *mx;
	int64_t gen;
	char **regions; /* regions[i] is region number i */
	size_t n_regions;
	atomic_int refs;
	double build_seconds;
	int32_t day; /* the day it was built for: holdings expire, vacancies close */
};

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static skills_index *index_current;

void skills_index_release(skills_index *x)
{
	size_t i;

	if (x == NULL || atomic_fetch_sub(&x->refs, 1) != 1)
		return;
	tunas_mx_free(x->mx);
	for (i = 0; i < x->n_regions; i++)
		tunas_free(x->regions[i]);
	tunas_free(x->regions);
	tunas_free(x);
}

int skills_index_region(const skills_index *x, const char *name)
{
	size_t i;

	for (i = 0; i < x->n_regions; i++)
		if (strcmp(x->regions[i], name) == 0)
			return (int)i;
	return -1;
}

typedef struct {
	tunas_mx_builder *b;
	skills_index *x;
	size_t cap_regions;
	/* A small open-addressing table from region name to number. */
	int slots[TUNAS_MX_REGION_MAX * 2];
	tunas_mx_holding *h;
	size_t cap_h;
	int64_t today;
	xw_table xw;
} index_load;

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The number of region `name`, adding it; -1 when there are too many. */
static int region_add(index_load *L, const char *name)
{
	uint32_t i = name_hash(name) % (TUNAS_MX_REGION_MAX * 2);
	skills_index *x = L->x;
	char **grown;

	while (L->slots[i] != 0) {
		if (strcmp(x->regions[L->slots[i] - 1], name) == 0)
			return L->slots[i] - 1;
		i = (i + 1) % (TUNAS_MX_REGION_MAX * 2);
	}
	if (x->n_regions >= TUNAS_MX_REGION_MAX)
		return -1;
	if (x->n_regions == L->cap_regions) {
		grown = tunas_reallocarray(x->regions, L->cap_regions ? L->cap_regions * 2 : 64,
					   sizeof(*grown));
		if (grown == NULL)
			return -2;
		x->regions = grown;
		L->cap_regions = L->cap_regions ? L->cap_regions * 2 : 64;
	}
	if ((x->regions[x->n_regions] = tunas_strdup(name)) == NULL)
		return -2;
	L->slots[i] = (int)++x->n_regions;
	return (int)x->n_regions - 1;
}

static int load_person(void *arg, int64_t id, const char *region, bool findable,
		       const tunas_skill_holding *h, size_t n)
{
	index_load *L = arg;
	tunas_mx_holding *grown;
	size_t i, first, total = 0, k = 0;
	int r = region_add(L, region ? region : "");

	if (r == -2)
		return TUNAS_ENOMEM;
	if (r < 0)
		return TUNAS_ELIMIT;
	/* Each holding, and its exact equivalents in other frameworks at
	 * the same level (the builder keeps one per competency). */
	for (i = 0; i < n; i++)
		total += 1 + xw_equivalents(&L->xw, h[i].competency_id, &first);
	if (total > L->cap_h) {
		grown = tunas_reallocarray(L->h, total, sizeof(*grown));
		if (grown == NULL)
			return TUNAS_ENOMEM;
		L->h = grown;
		L->cap_h = total;
	}
	for (i = 0; i < n; i++) {
		size_t neq = xw_equivalents(&L->xw, h[i].competency_id, &first);
		tunas_mx_holding one = {.competency_id = h[i].competency_id,
					.level = (uint8_t)h[i].level,
					.training = h[i].training};

		L->h[k++] = one;
		for (size_t e = 0; e < neq; e++) {
			one.competency_id = L->xw.p[first + e].to;
			L->h[k++] = one;
		}
	}
	return tunas_mx_add_person(L->b, id, (uint16_t)r, findable, L->h, k);
}

static int load_vacancy(void *arg, const tunas_vacancy *v)
{
	index_load *L = arg;
	tunas_mx_req reqs[TUNAS_REQS_MAX];
	int64_t closes = INT32_MAX;
	int i, r;

	if (v->status != TUNAS_VAC_OPEN || v->n_reqs == 0)
		return 0;
	if (v->closes_on[0] != '\0' && !tunas_date_days(v->closes_on, &closes))
		return 0;
	if (closes < L->today)
		return 0;
	r = region_add(L, v->region);
	if (r == -2)
		return TUNAS_ENOMEM;
	if (r < 0)
		return TUNAS_ELIMIT;
	for (i = 0; i < v->n_reqs; i++)
		reqs[i] = (tunas_mx_req){.competency_id = v->reqs[i].competency_id,
					 .level = (uint8_t)v->reqs[i].level,
					 .essential = v->reqs[i].essential};
	return tunas_mx_add_vacancy(L->b, v->id, (uint16_t)r, v->occupation_id, v->openings, true,
				    (int32_t)closes, reqs, (size_t)v->n_reqs);
}

static int32_t today_days(void)
{
	return (int32_t)(tunas_now() / 86400);
}

static void day_string(char out[TUNAS_DATE_LEN + 1], int64_t day)
{
	int y, m, d;

	tunas_civil_from_days(day, &y, &m, &d);
	snprintf(out, TUNAS_DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
}

/* Build a new index from the store at generation `gen`. */
static int index_build(tunas_ctx *ctx, skills_index **out, int64_t gen)
{
	char today[TUNAS_DATE_LEN + 1];
	struct timespec t0, t1;
	index_load *L = NULL;
	skills_index *x = NULL;
	int rc;

	L = tunas_calloc(1, sizeof(*L));
	x = tunas_calloc(1, sizeof(*x));
	if (L == NULL || x == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	L->x = x;
	L->today = today_days();
	if ((L->b = tunas_mx_builder_new(0, 0)) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((rc = xw_load(ctx, &L->xw)) != 0)
		goto out;
	day_string(today, L->today);
	rc = ctx->store->ops->skills_scan(ctx->store, today, load_person, load_vacancy, L);
	if (rc == TUNAS_ELIMIT) {
		rc = tunas_ctx_fail(ctx, rc, "region", "more than %d distinct regions",
				    TUNAS_MX_REGION_MAX);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "skills");
		goto out;
	}
	rc = tunas_mx_build(&x->mx, L->b);
	L->b = NULL; /* consumed */
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "the matching index could not be built");
		goto out;
	}
	x->gen = gen;
	x->day = (int32_t)L->today;
	atomic_init(&x->refs, 1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	x->build_seconds =
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*out = x;
	x = NULL;
out:
	if (L != NULL) {
		tunas_mx_builder_free(L->b);
		tunas_free(L->h);
		tunas_free(L->xw.p);
	}
	tunas_free(L);
	if (x != NULL) {
		x->refs = 1;
		skills_index_release(x);
	}
	return rc;
}

/* Above this many people a query does not rebuild a stale index: it
 * answers from the one it has while tunas_skills_index_warm() (the
 * server's refresher thread) builds the next. Consent is re-checked
 * against the store for what is shown, so staleness never shows someone
 * who withdrew it. */
#define INDEX_BUILD_INLINE_MAX 200000

static bool index_building; /* a large index is being built outside the lock */

static int index_acquire(tunas_ctx *ctx, skills_index **out, bool force)
{
	skills_index *x = NULL;
	tunas_mx_stats m;
	int64_t gen = 0;
	bool large = false, fresh;
	int rc;

	rc = ctx->store->ops->skills_gen(ctx->store, &gen);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "skills");
	pthread_mutex_lock(&index_lock);
	fresh = index_current != NULL && index_current->gen == gen &&
		index_current->day == today_days();
	if (index_current != NULL && !fresh) {
		tunas_mx_stats_get(index_current->mx, &m);
		large = m.people > INDEX_BUILD_INLINE_MAX;
	}
	if (index_current == NULL || fresh || !large) {
		/* Fresh, or small enough to rebuild at once: one thread
		 * builds, under the lock; the others wait for it rather than
		 * each building their own. */
		if (!fresh) {
			rc = index_build(ctx, &x, gen);
			if (rc == 0) {
				skills_index_release(index_current);
				index_current = x;
			}
		}
	} else if (force && !index_building) {
		/* Large and stale: build outside the lock, so that queries go
		 * on with the index they have meanwhile. */
		index_building = true;
		pthread_mutex_unlock(&index_lock);
		rc = index_build(ctx, &x, gen);
		pthread_mutex_lock(&index_lock);
		index_building = false;
		if (rc == 0) {
			skills_index_release(index_current);
			index_current = x;
		}
	}
	if (rc == 0) {
		x = index_current;
		atomic_fetch_add(&x->refs, 1);
	}
	pthread_mutex_unlock(&index_lock);
	if (rc == 0)
		*out = x;
	return rc;
}

int skills_index_get(tunas_ctx *ctx, skills_index **out)
{
	return index_acquire(ctx, out, false);
}

const tunas_mx *skills_index_mx(const skills_index *x)
{
	return x->mx;
}

int tunas_skills_index_warm(tunas_ctx *ctx, tunas_skills_index_stats *out)
{
	skills_index *x = NULL;
	tunas_mx_stats m;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = index_acquire(ctx, &x, true)) != 0)
		return rc;
	tunas_mx_stats_get(x->mx, &m);
	*out = (tunas_skills_index_stats){
		.people = (int64_t)m.people,
		.findable = (int64_t)m.findable,
		.holdings = (int64_t)m.holdings,
		.vacancies = (int64_t)m.vacancies,
		.regions = (int64_t)x->n_regions,
		.bytes = (int64_t)m.bytes,
		.build_seconds = x->build_seconds,
	};
	skills_index_release(x);
	return 0;
}

/* Fill the explanation of a hit against reqs. */
static void explain(tunas_match *m, const tunas_mx_hit *h, const tunas_requirement *reqs, int n)
{
	int i;

	m->essential_met = h->essential_met;
	m->essential_total = h->essential_total;
	m->optional_met = h->optional_met;
	m->optional_total = h->optional_total;
	for (i = 0; i < n && i < 64; i++) {
		if (h->met & ((uint64_t)1 << i))
			m->met[m->n_met++] = reqs[i].competency_id;
		else if (reqs[i].essential)
			m->missing[m->n_missing++] = reqs[i].competency_id;
	}
}

static void to_mx_reqs(tunas_mx_req *out, const tunas_vacancy *v)
{
	int i;

	for (i = 0; i < v->n_reqs; i++)
		out[i] = (tunas_mx_req){.competency_id = v->reqs[i].competency_id,
					.level = (uint8_t)v->reqs[i].level,
					.essential = v->reqs[i].essential};
}

int tunas_match_candidates(tunas_ctx *ctx, tunas_match **out, size_t *n, int64_t vacancy_id,
			   const char *region, int k)
{
	tunas_mx_req reqs[TUNAS_REQS_MAX];
	tunas_mx_hit *hits = NULL;
	tunas_match *res = NULL;
	skills_index *x = NULL;
	tunas_consent consent;
	tunas_person p;
	tunas_vacancy v;
	size_t nh = 0, i, len = 0, want;
	int rc, r = -1;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (k < 1 || k > TUNAS_MATCH_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "limit", "must be 1 to %d",
				      TUNAS_MATCH_MAX);
	rc = ctx->store->ops->vacancy_get(ctx->store, &v, vacancy_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "vacancy");
	if (!manages_vacancies(ctx, v.employer_org_id))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only the vacancy's employer sees its candidates");
	if (v.n_reqs == 0) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	if ((rc = skills_index_get(ctx, &x)) != 0)
		return rc;
	if (region != NULL && region[0] != '\0' && (r = skills_index_region(x, region)) < 0)
		goto done; /* nobody there */
	/* Ask for more than k: consent is re-checked below against the store,
	 * the index may be a moment behind it. */
	want = (size_t)k * 2;
	hits = tunas_calloc(want, sizeof(*hits));
	res = tunas_calloc((size_t)k, sizeof(*res));
	if (hits == NULL || res == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	to_mx_reqs(reqs, &v);
	rc = tunas_mx_candidates(x->mx, hits, &nh, want, reqs, (size_t)v.n_reqs, r, false);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "matching failed");
		goto out;
	}
	for (i = 0; i < nh && len < (size_t)k; i++) {
		rc = ctx->store->ops->consent_get(ctx->store, &consent, hits[i].id);
		if (rc == TUNAS_ENOTFOUND || (rc == 0 && !consent.findable)) {
			rc = 0;
			continue;
		}
		if (rc == 0)
			rc = ctx->store->ops->person_get(ctx->store, &p, hits[i].id);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "person");
			goto out;
		}
		res[len].id = p.id;
		tunas_copy(res[len].name, sizeof(res[len].name), p.full_name);
		tunas_copy(res[len].region, sizeof(res[len].region), p.region);
		explain(&res[len], &hits[i], v.reqs, v.n_reqs);
		len++;
	}
done:
	*out = len ? res : NULL;
	*n = len;
	if (len)
		res = NULL;
out:
	tunas_free(hits);
	tunas_free(res);
	skills_index_release(x);
	return rc;
}

int tunas_match_vacancies(tunas_ctx *ctx, tunas_match **out, size_t *n, int64_t person_id, int k)
{
	tunas_mx_hit *hits = NULL;
	tunas_match *res = NULL;
	skills_index *x = NULL;
	tunas_vacancy v;
	size_t nh = 0, i;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	if (k < 1 || k > TUNAS_MATCH_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "limit", "must be 1 to %d",
				      TUNAS_MATCH_MAX);
	if ((rc = skills_index_get(ctx, &x)) != 0)
		return rc;
	hits = tunas_calloc((size_t)k, sizeof(*hits));
	if (hits == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = tunas_mx_vacancies_for(x->mx, hits, &nh, (size_t)k, person_id, today_days(), false);
	if (rc == TUNAS_ENOTFOUND) {
		rc = 0; /* holds nothing verified yet */
		nh = 0;
	} else if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "matching failed");
		goto out;
	}
	if (nh > 0 && (res = tunas_calloc(nh, sizeof(*res))) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < nh; i++) {
		rc = ctx->store->ops->vacancy_get(ctx->store, &v, hits[i].id);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "vacancy");
			goto out;
		}
		res[i].id = v.id;
		tunas_copy(res[i].name, sizeof(res[i].name), v.title);
		tunas_copy(res[i].region, sizeof(res[i].region), v.region);
		explain(&res[i], &hits[i], v.reqs, v.n_reqs);
	}
	*out = res;
	*n = nh;
	res = NULL;
out:
	tunas_free(hits);
	tunas_free(res);
	skills_index_release(x);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Gap reports */

/* Rows by region name, then by what is short (largest gap first), then
 * by name. */
static int gap_order(const void *a, const void *b)
{
	const tunas_gap_row *x = a, *y = b;
	int c = strcmp(x->region, y->region);

	if (c != 0)
		return c;
	if (x->gap != y->gap)
		return x->gap > y->gap ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c != 0 ? c : (x->ref_id > y->ref_id) - (x->ref_id < y->ref_id);
}

int tunas_gap_report(tunas_ctx *ctx, tunas_gap_row **out, size_t *n, bool by_competency,
		     const char *region)
{
	tunas_mx_gap_row *occ = NULL;
	tunas_mx_skill_gap_row *comp = NULL;
	tunas_gap_row *rows = NULL;
	skills_index *x = NULL;
	tunas_occupation o;
	tunas_competency c;
	size_t nr = 0, i, len = 0;
	int rc, r = -1;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = need_staff(ctx)) != 0)
		return rc;
	if ((rc = skills_index_get(ctx, &x)) != 0)
		return rc;
	if (region != NULL && region[0] != '\0' && (r = skills_index_region(x, region)) < 0) {
		*out = NULL;
		*n = 0;
		goto out;
	}
	rc = by_competency ? tunas_mx_gap_competencies(x->mx, &comp, &nr, today_days(), false)
			   : tunas_mx_gap_occupations(x->mx, &occ, &nr, today_days(), false);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "the gap report failed");
		goto out;
	}
	if (nr > 0 && (rows = tunas_calloc(nr, sizeof(*rows))) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++) {
		tunas_gap_row *g = &rows[len];
		int reg = by_competency ? comp[i].region : occ[i].region;

		if (r >= 0 && reg != r)
			continue;
		tunas_copy(g->region, sizeof(g->region), x->regions[reg]);
		if (by_competency) {
			g->ref_id = comp[i].competency_id;
			g->vacancies = comp[i].vacancies;
			g->openings = comp[i].openings;
			g->supply = comp[i].supply;
			g->pipeline = comp[i].pipeline;
			rc = ctx->store->ops->competency_get(ctx->store, &c, g->ref_id);
			if (rc == 0)
				tunas_copy(g->name, sizeof(g->name), c.title);
		} else {
			g->ref_id = occ[i].occupation_id;
			g->vacancies = occ[i].vacancies;
			g->openings = occ[i].openings;
			g->supply = occ[i].supply;
			g->pipeline = occ[i].pipeline;
			rc = ctx->store->ops->occupation_get(ctx->store, &o, g->ref_id);
			if (rc == 0)
				tunas_copy(g->name, sizeof(g->name), o.title);
		}
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc,
						  by_competency ? "competency" : "occupation");
			goto out;
		}
		g->gap = g->openings - g->supply;
		len++;
	}
	if (len > 1)
		qsort(rows, len, sizeof(*rows), gap_order);
	*out = len ? rows : NULL;
	*n = len;
	if (len)
		rows = NULL;
out:
	free(occ);
	free(comp);
	tunas_free(rows);
	skills_index_release(x);
	return rc;
}

int tunas_gap_csv(tunas_ctx *ctx, FILE *out, bool by_competency, const char *region)
{
	tunas_gap_row *rows = NULL;
	char num[32];
	size_t n = 0, i;
	int rc = tunas_gap_report(ctx, &rows, &n, by_competency, region);

	if (rc != 0)
		return rc;
	tunas_csv_write(out, "region", false);
	tunas_csv_write(out, by_competency ? "competency_id" : "occupation_id", false);
	tunas_csv_write(out, by_competency ? "competency" : "occupation", false);
	tunas_csv_write(out, "vacancies", false);
	tunas_csv_write(out, "openings", false);
	tunas_csv_write(out, "supply", false);
	tunas_csv_write(out, "pipeline", false);
	tunas_csv_write(out, "gap", true);
	for (i = 0; i < n; i++) {
		const tunas_gap_row *g = &rows[i];
		int64_t v[6] = {g->ref_id, g->vacancies, g->openings,
				g->supply, g->pipeline,	 g->gap};
		int j;

		tunas_csv_write(out, g->region, false);
		for (j = 0; j < 6; j++) {
			snprintf(num, sizeof(num), "%lld", (long long)v[j]);
			if (j == 1)
				tunas_csv_write(out, g->name, false);
			tunas_csv_write(out, num, j == 5);
		}
	}
	free(rows);
	if (ferror(out))
		return tunas_ctx_fail(ctx, TUNAS_EIO, NULL, "could not write the report");
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Pathways */

#define COVER_OPTIONS_MAX 256

int tunas_pathway_find(tunas_ctx *ctx, tunas_pathway *out, int64_t person_id, int64_t occupation_id,
		       int64_t vacancy_id)
{
	tunas_requirement need[TUNAS_REQS_MAX];
	tunas_person_skill *held = NULL;
	tunas_skill_course *rows = NULL;
	tunas_occ_skill *occ = NULL;
	tunas_pathway *pw = NULL;
	xw_table xw = {NULL, 0};
	int64_t *asked = NULL;
	size_t nasked = 0;
	tunas_vacancy v;
	uint64_t cover[COVER_OPTIONS_MAX], uncovered = 0, want;
	int64_t hours[COVER_OPTIONS_MAX], cost[COVER_OPTIONS_MAX];
	size_t first[COVER_OPTIONS_MAX], chosen[COVER_OPTIONS_MAX];
	size_t nheld = 0, nrows = 0, nocc = 0, nopt = 0, nchosen = 0, i, j;
	char today[TUNAS_DATE_LEN + 1];
	int n_need = 0, rc, m;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	if ((occupation_id == 0) == (vacancy_id == 0))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "occupation_id",
				      "give an occupation or a vacancy");
	if (vacancy_id != 0) {
		if ((rc = ctx->store->ops->vacancy_get(ctx->store, &v, vacancy_id)) != 0)
			return tunas_ctx_store_fail(ctx, rc, "vacancy");
		for (i = 0; i < (size_t)v.n_reqs; i++)
			if (v.reqs[i].essential)
				need[n_need++] = v.reqs[i];
	} else {
		rc = ctx->store->ops->occupation_skills(ctx->store, &occ, &nocc, occupation_id);
		if (rc == 0 && nocc == 0) {
			tunas_occupation o;

			rc = ctx->store->ops->occupation_get(ctx->store, &o, occupation_id);
		}
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "occupation");
		for (i = 0; i < nocc && n_need < TUNAS_REQS_MAX; i++)
			if (occ[i].essential)
				need[n_need++] = (tunas_requirement){
					.competency_id = occ[i].competency_id, .essential = true};
		free(occ);
	}
	if ((pw = tunas_calloc(1, sizeof(*pw))) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = ctx->store->ops->person_skill_list(ctx->store, &held, &nheld, person_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competencies");
		goto out;
	}
	if ((rc = xw_load(ctx, &xw)) != 0)
		goto out;
	tunas_today(today);
	/* What the person misses: essentials with no verified holding at the
	 * level asked. */
	for (m = 0; m < n_need; m++) {
		bool has = false;

		for (j = 0; j < nheld && !has; j++)
			has = held[j].verified &&
			      xw_same(&xw, held[j].competency_id, need[m].competency_id) &&
			      (need[m].level == 0 || held[j].level >= need[m].level) &&
			      (held[j].valid_until[0] == '\0' ||
			       strcmp(held[j].valid_until, today) >= 0);
		if (!has)
			need[pw->n_missing++] = need[m];
	}
	for (m = 0; m < pw->n_missing; m++)
		pw->missing[m] = need[m].competency_id;
	if (pw->n_missing == 0)
		goto done;

	/* Courses teaching a missing competency or an exact equivalent. */
	if ((asked = tunas_calloc((size_t)pw->n_missing + xw.n, sizeof(*asked))) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (m = 0; m < pw->n_missing; m++) {
		size_t from, neq = xw_equivalents(&xw, pw->missing[m], &from);

		asked[nasked++] = pw->missing[m];
		for (j = 0; j < neq; j++)
			asked[nasked++] = xw.p[from + j].to;
	}
	rc = ctx->store->ops->skill_courses(ctx->store, &rows, &nrows, asked, nasked, today);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "courses");
		goto out;
	}
	/* One option per course (rows come by course): which missing
	 * competencies it covers. */
	for (i = 0; i < nrows; i++) {
		if (i == 0 || rows[i].course_id != rows[i - 1].course_id) {
			if (nopt == COVER_OPTIONS_MAX)
				break;
			first[nopt] = i;
			cover[nopt] = 0;
			hours[nopt] = rows[i].hours;
			cost[nopt] = rows[i].fee_minor;
			nopt++;
		}
		/* A course covers a missing competency when it teaches it at
		 * the level asked (or either level is unspecified). */
		for (m = 0; m < pw->n_missing; m++)
			if (xw_same(&xw, rows[i].competency_id, pw->missing[m]) &&
			    (need[m].level == 0 || rows[i].level == 0 ||
			     rows[i].level >= need[m].level))
				cover[nopt - 1] |= (uint64_t)1 << m;
	}
	want = pw->n_missing == 64 ? UINT64_MAX : (((uint64_t)1 << pw->n_missing) - 1);
	rc = tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, cost, nopt, want);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "the pathway could not be computed");
		goto out;
	}
	for (i = 0; i < nchosen && pw->n_steps < TUNAS_PATH_MAX; i++) {
		const tunas_skill_course *c = &rows[first[chosen[i]]];
		tunas_path_step *s = &pw->steps[pw->n_steps++];

		s->course_id = c->course_id;
		tunas_copy(s->course, sizeof(s->course), c->title);
		s->cohort_id = c->cohort_id;
		tunas_copy(s->starts_on, sizeof(s->starts_on), c->starts_on);
		s->hours = c->hours;
		s->fee_minor = c->fee_minor;
		tunas_copy(s->currency, sizeof(s->currency), c->currency);
		for (m = 0; m < pw->n_missing; m++)
			if (cover[chosen[i]] & ((uint64_t)1 << m))
				s->covers[s->n_covers++] = pw->missing[m];
		pw->total_hours += s->hours;
		pw->total_fee_minor += s->fee_minor;
		if (i == 0)
			tunas_copy(pw->currency, sizeof(pw->currency), s->currency);
		else if (strcmp(pw->currency, s->currency) != 0)
			pw->currency[0] = '\0'; /* mixed: no single total */
	}
	if (pw->currency[0] == '\0')
		pw->total_fee_minor = 0;
	for (m = 0; m < pw->n_missing; m++)
		if (uncovered & ((uint64_t)1 << m))
			pw->uncovered[pw->n_uncovered++] = pw->missing[m];
done:
	*out = *pw;
out:
	free(held);
	free(rows);
	tunas_free(pw);
	tunas_free(asked);
	tunas_free(xw.p);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Placements and tracer answers */

int tunas_placement_record(tunas_ctx *ctx, tunas_placement *out, const tunas_placement *in)
{
	tunas_placement p = *in;
	tunas_consent consent;
	tunas_enrolment e;
	tunas_vacancy v;
	tunas_org org;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_date(ctx, "started_on", p.started_on, true)) != 0 ||
	    (rc = tunas_valid_text(ctx, "role", p.role, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "employer_name", p.employer_name, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if (p.vacancy_id != 0) {
		rc = ctx->store->ops->vacancy_get(ctx->store, &v, p.vacancy_id);
		if (rc == TUNAS_ENOTFOUND) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "vacancy_id", "no such vacancy");
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "vacancy");
			goto out;
		}
		p.employer_org_id = v.employer_org_id;
	}
	/* An employer records its own hires through its vacancies; everyone
	 * else must see the person. */
	if (tunas_has_role(ctx, TUNAS_ROLE_EMPLOYER)) {
		if (p.vacancy_id == 0 || !manages_vacancies(ctx, p.employer_org_id)) {
			rc = tunas_ctx_fail(ctx, TUNAS_EPERM, "vacancy_id",
					    "an employer records hires through its own vacancies");
			goto out;
		}
		/* Only people it could have found: those who consented. Anyone
		 * else, and ids that do not exist, look alike. */
		rc = ctx->store->ops->consent_get(ctx->store, &consent, p.person_id);
		if (rc == TUNAS_ENOTFOUND || (rc == 0 && !consent.findable)) {
			rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, "person_id",
					    "person %lld not found", (long long)p.person_id);
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "consent");
			goto out;
		}
	} else if ((rc = access_need_person(ctx, p.person_id)) != 0) {
		goto out;
	} else if (!is_self(ctx, p.person_id) && !tunas_is_sysadmin(ctx) &&
		   !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) &&
		   !tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "you may not record placements");
		goto out;
	}
	if (p.employer_org_id != 0) {
		rc = ctx->store->ops->org_get(ctx->store, &org, p.employer_org_id);
		if (rc == TUNAS_ENOTFOUND) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_org_id",
					    "no such organisation");
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "organisation");
			goto out;
		}
		if (p.employer_name[0] == '\0')
			tunas_copy(p.employer_name, sizeof(p.employer_name), org.name);
	} else if (p.employer_name[0] == '\0') {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "employer_name",
				    "name the employer (or give employer_org_id)");
		goto out;
	}
	if (p.enrolment_id != 0) {
		rc = ctx->store->ops->enrol_get(ctx->store, &e, p.enrolment_id);
		if (rc == 0 && (e.person_id != p.person_id || e.status != TUNAS_ENROL_COMPLETED))
			rc = TUNAS_ENOTFOUND;
		if (rc == TUNAS_ENOTFOUND) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "enrolment_id",
					    "not a completed enrolment of the person");
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
			goto out;
		}
	}
	p.recorded_by = ctx->who.user_id;
	p.created_at = tunas_now();
	rc = ctx->store->ops->placement_insert(ctx->store, &id, &p);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id", "no such person");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "placement");
		goto out;
	}
	rc = tunas_audit_record(ctx, "placement.record", "person", p.person_id,
				json_pack("{s:I, s:I, s:s}", "placement_id", (json_int_t)id,
					  "vacancy_id", (json_int_t)p.vacancy_id, "started_on",
					  p.started_on));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		p.id = id;
		*out = p;
	}
	return rc;
}

int tunas_placement_list(tunas_ctx *ctx, tunas_placement **out, size_t *n, int64_t person_id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->placement_list(ctx->store, out, n, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "placements") : 0;
}

int tunas_tracer_record(tunas_ctx *ctx, tunas_tracer *out, const tunas_tracer *in)
{
	tunas_tracer t = *in;
	tunas_cohort cohort;
	tunas_enrolment e;
	tunas_consent c;
	int64_t id = 0, done_day, answered;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (t.wave != 2 && t.wave != 6 && t.wave != 12)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "wave", "2, 6 or 12 (months)");
	if (t.status == TUNAS_TRACE_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "status",
				      "employed, self_employed, studying or unemployed");
	if (t.monthly_income_minor < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "monthly_income_minor",
				      "must not be negative");
	if ((rc = tunas_valid_date(ctx, "answered_on", t.answered_on, true)) != 0 ||
	    (rc = tunas_valid_text(ctx, "employer_name", t.employer_name, 0, TUNAS_NAME_MAX)) !=
		    0 ||
	    (rc = tunas_valid_text(ctx, "role", t.role, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	/* A missing enrolment and one out of reach look alike. */
	rc = ctx->store->ops->enrol_get(ctx->store, &e, t.enrolment_id);
	if (rc == 0)
		rc = access_need_person(ctx, e.person_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "enrolment %lld not found",
				    (long long)t.enrolment_id);
		goto out;
	} else if (rc != 0) {
		if (!tunas_errmsg(ctx)[0])
			rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
		goto out;
	}
	if (e.status != TUNAS_ENROL_COMPLETED) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "enrolment_id",
				    "the enrolment is not completed");
		goto out;
	}
	t.person_id = e.person_id;
	if (!is_self(ctx, t.person_id) && !tunas_is_sysadmin(ctx) &&
	    !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN) &&
	    !tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "you may not record tracer answers");
		goto out;
	}
	rc = ctx->store->ops->consent_get(ctx->store, &c, t.person_id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && !c.tracer)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, "consent",
				    "the person has not agreed to the tracer study");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "consent");
		goto out;
	}
	/* Answers come after the cohort they trace ended. */
	rc = ctx->store->ops->cohort_get(ctx->store, &cohort, e.cohort_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "cohort");
		goto out;
	}
	if (tunas_date_days(cohort.ends_on, &done_day) &&
	    tunas_date_days(t.answered_on, &answered) && answered < done_day) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "answered_on",
				    "before the cohort ended (%s)", cohort.ends_on);
		goto out;
	}
	t.recorded_by = ctx->who.user_id;
	rc = ctx->store->ops->tracer_insert(ctx->store, &id, &t);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "wave", "this wave is answered already");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "tracer");
		goto out;
	}
	rc = tunas_audit_record(ctx, "tracer.record", "enrolment", t.enrolment_id,
				json_pack("{s:i, s:s}", "wave", t.wave, "status",
					  tunas_trace_status_name(t.status)));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		t.id = id;
		*out = t;
	}
	return rc;
}

int tunas_tracer_list(tunas_ctx *ctx, tunas_tracer **out, size_t *n, int64_t person_id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->tracer_list(ctx->store, out, n, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "tracer") : 0;
}

int tunas_placement_rates(tunas_ctx *ctx, tunas_placement_rate **out, size_t *n, tunas_rate_by by)
{
	int64_t owner = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (by != TUNAS_RATE_PROGRAMME && by != TUNAS_RATE_COHORT && by != TUNAS_RATE_REGION)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "by", "programme, cohort or region");
	/* A programme owner sees its own programmes; system admins all. */
	if (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER))
		owner = ctx->who.org_id;
	else if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "placement rates are for system admins and programme owners");
	rc = ctx->store->ops->placement_rates(ctx->store, out, n, by, owner);
	return rc ? tunas_ctx_store_fail(ctx, rc, "placement rates") : 0;
}
