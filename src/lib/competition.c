/*
 * competition.c — competitions, rounds and judging (competition.h): who may
 * do what, the rules of a round's life, conflicts of interest, scores, the
 * normalised ranking, published results and appeals.
 *
 * The ranking is computed here from the store's scores each time it is
 * asked for; publishing writes it to the store as a numbered version that
 * is never changed afterwards.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "tunas/auth.h"
#include "tunas/competition.h"
#include "tunas/org.h"
#include "tunas/programme.h"
#include "util/mem.h"
#include "valid.h"

static const char *const round_names[] = {"none",    "draft",  "open",
					  "judging", "locked", "published"};
static const char *const entry_names[] = {"none", "individual", "team"};
static const char *const appeal_names[] = {"none", "open", "upheld", "dismissed"};
static const char *const tie_names[] = {"none", "raw_mean", "top_criterion", "entry_id"};
#define NAMES(a) a, sizeof(a) / sizeof(a[0])

const char *tunas_round_status_name(tunas_round_status s)
{
	return tunas_enum_name(NAMES(round_names), (int)s);
}

tunas_round_status tunas_round_status_parse(const char *s)
{
	return (tunas_round_status)tunas_enum_parse(NAMES(round_names), s);
}

const char *tunas_entry_kind_name(tunas_entry_kind k)
{
	return tunas_enum_name(NAMES(entry_names), (int)k);
}

tunas_entry_kind tunas_entry_kind_parse(const char *s)
{
	return (tunas_entry_kind)tunas_enum_parse(NAMES(entry_names), s);
}

const char *tunas_appeal_status_name(tunas_appeal_status s)
{
	return tunas_enum_name(NAMES(appeal_names), (int)s);
}

tunas_appeal_status tunas_appeal_status_parse(const char *s)
{
	return (tunas_appeal_status)tunas_enum_parse(NAMES(appeal_names), s);
}

const char *tunas_tie_rule_name(tunas_tie_rule t)
{
	return tunas_enum_name(NAMES(tie_names), (int)t);
}

/* ------------------------------------------------------------------------ */
/* Access */

/* System admins, and programme owners or partners of the organiser. */
static bool is_organiser(const tunas_ctx *ctx, const tunas_competition *c)
{
	if (tunas_is_sysadmin(ctx))
		return true;
	return (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) ||
		tunas_has_role(ctx, TUNAS_ROLE_PARTNER)) &&
	       ctx->who.org_id != 0 && ctx->who.org_id == c->organiser_org_id;
}

static int need_organiser(tunas_ctx *ctx, const tunas_competition *c)
{
	if (is_organiser(ctx, c))
		return 0;
	return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
			      "only the competition's organisers may do this");
}

static bool is_judge(const tunas_ctx *ctx)
{
	return tunas_has_role(ctx, TUNAS_ROLE_JUDGE) && ctx->who.user_id != 0;
}

static bool is_entrant(const tunas_ctx *ctx)
{
	return tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) && ctx->who.person_id != 0;
}

static int load_comp(tunas_ctx *ctx, tunas_competition *out, int64_t id)
{
	int rc = ctx->store->ops->cmp_get(ctx->store, out, id);

	return rc ? tunas_ctx_store_fail(ctx, rc, "competition") : 0;
}

/* The round and its competition. */
static int load_round(tunas_ctx *ctx, tunas_round *r, tunas_competition *c, int64_t id)
{
	int rc = ctx->store->ops->cmp_round_get(ctx->store, r, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "round");
	return load_comp(ctx, c, r->competition_id);
}

static int entry_not_found(tunas_ctx *ctx, int64_t id)
{
	return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "entry %lld not found", (long long)id);
}

/* Whether the calling trainee is a member of the entry. */
static int is_member(tunas_ctx *ctx, bool *out, int64_t entry_id)
{
	int rc;

	*out = false;
	if (!is_entrant(ctx))
		return 0;
	rc = ctx->store->ops->cmp_entry_has_member(ctx->store, out, entry_id, ctx->who.person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "entry") : 0;
}

/* The entry, if the caller may see it: organisers, its members, judges it
 * is assigned to; anyone else gets "not found". */
static int load_entry(tunas_ctx *ctx, tunas_entry *e, tunas_competition *c, int64_t id)
{
	bool ok = false;
	int rc = ctx->store->ops->cmp_entry_get(ctx->store, e, id);

	if (rc == TUNAS_ENOTFOUND)
		return entry_not_found(ctx, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "entry");
	if ((rc = load_comp(ctx, c, e->competition_id)) != 0)
		return rc;
	if (is_organiser(ctx, c))
		return 0;
	if (is_judge(ctx)) {
		rc = ctx->store->ops->cmp_assigned(ctx->store, &ok, 0, id, ctx->who.user_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "entry");
	} else if ((rc = is_member(ctx, &ok, id)) != 0) {
		return rc;
	}
	return ok ? 0 : entry_not_found(ctx, id);
}

/* A user who holds the judge role, for `field`. */
static int need_judge_user(tunas_ctx *ctx, tunas_user *out, const char *field, int64_t id)
{
	int rc;

	if (id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "required: the judge's user id");
	rc = ctx->store->ops->user_get(ctx->store, out, id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "user %lld does not exist",
				      (long long)id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "user");
	if (out->role != TUNAS_ROLE_JUDGE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "user %lld does not hold the judge role", (long long)id);
	if (out->disabled)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "user %lld is disabled",
				      (long long)id);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Competitions */

int tunas_competition_create(tunas_ctx *ctx, int64_t *out_id, const tunas_competition *in)
{
	tunas_competition c = *in;
	tunas_programme p;
	tunas_org org;
	int64_t id = 0;
	bool partner = false;
	int rc, i;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx)) {
		if (c.organiser_org_id == 0)
			c.organiser_org_id = ctx->who.org_id;
		if (!is_organiser(ctx, &c))
			return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
					      "system admins, and programme owners and partners "
					      "for their own organisation, create competitions");
	}
	if ((rc = tunas_valid_text(ctx, "code", c.code, 1, TUNAS_CODE_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "title", c.title, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "description", c.description, 0, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if (c.organiser_org_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "organiser_org_id",
				      "required: the organisation running it");
	c.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->org_get(ctx->store, &org, c.organiser_org_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "organiser_org_id",
				    "organisation %lld does not exist",
				    (long long)c.organiser_org_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		goto out;
	}
	if (c.programme_id != 0) {
		rc = ctx->store->ops->programme_get(ctx->store, &p, c.programme_id);
		if (rc == TUNAS_ENOTFOUND) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
					    "programme %lld does not exist",
					    (long long)c.programme_id);
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "programme");
			goto out;
		}
		for (i = 0; i < p.n_partners; i++)
			partner = partner || p.partners[i] == c.organiser_org_id;
		if (p.owner_org_id != c.organiser_org_id && !partner) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
					    "the organiser is neither the programme's owner nor "
					    "one of its partners");
			goto out;
		}
	}
	rc = ctx->store->ops->cmp_insert(ctx->store, &id, &c);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "a competition with code %s exists", c.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competition");
		goto out;
	}
	rc = tunas_audit_record(ctx, "competition.create", "competition", id,
				json_pack("{s:s, s:I, s:I}", "code", c.code, "organiser_org_id",
					  (json_int_t)c.organiser_org_id, "programme_id",
					  (json_int_t)c.programme_id));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_competition_get(tunas_ctx *ctx, tunas_competition *out, int64_t id)
{
	tunas_competition c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_comp(ctx, &c, id)) != 0)
		return rc;
	*out = c;
	return 0;
}

int tunas_competition_list(tunas_ctx *ctx, tunas_competition **out, size_t *n,
			   const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->cmp_list(ctx->store, out, n, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competitions") : 0;
}

/* ------------------------------------------------------------------------ */
/* Rounds */

/* A rubric: 1..TUNAS_CRITERIA_MAX criteria (or none, when !required),
 * weights 1..100 summing to 100, max scores 1..TUNAS_SCORE_MAX. */
static int valid_rubric(tunas_ctx *ctx, const tunas_criterion *c, size_t n, bool required)
{
	char field[48];
	int sum = 0;
	size_t i;
	int rc;

	if (n == 0 && !required)
		return 0;
	if (n == 0 || n > TUNAS_CRITERIA_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "criteria", "give 1 to %d criteria",
				      TUNAS_CRITERIA_MAX);
	for (i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "criteria[%zu].name", i);
		if ((rc = tunas_valid_text(ctx, field, c[i].name, 1, TUNAS_NAME_MAX)) != 0)
			return rc;
		if (c[i].weight < 1 || c[i].weight > 100) {
			snprintf(field, sizeof(field), "criteria[%zu].weight", i);
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be 1 to 100");
		}
		if (c[i].max_score < 1 || c[i].max_score > TUNAS_SCORE_MAX) {
			snprintf(field, sizeof(field), "criteria[%zu].max_score", i);
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be 1 to %d",
					      TUNAS_SCORE_MAX);
		}
		sum += c[i].weight;
	}
	if (sum != 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "criteria",
				      "the weights sum to %d; they must sum to 100", sum);
	return 0;
}

int tunas_round_create(tunas_ctx *ctx, int64_t *out_id, const tunas_round *in)
{
	tunas_round r = *in;
	tunas_competition c;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "name", r.name, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (r.advance < 0 || r.advance > 100000)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "advance", "must be 0 to 100000");
	if (r.min_civil_servants < 0 || r.min_civil_servants > 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "min_civil_servants", "must be 0 to 100");
	if (r.n_criteria < 0 ||
	    (rc = valid_rubric(ctx, r.criteria, (size_t)r.n_criteria, false)) != 0)
		return rc ? rc : tunas_ctx_fail(ctx, TUNAS_EINVAL, "criteria", "bad count");
	r.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_comp(ctx, &c, r.competition_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		goto out;
	if (c.rounds >= TUNAS_ROUNDS_MAX) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				    "a competition has at most %d rounds", TUNAS_ROUNDS_MAX);
		goto out;
	}
	if ((rc = ctx->store->ops->cmp_round_insert(ctx->store, &id, &r)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "round");
		goto out;
	}
	rc = tunas_audit_record(ctx, "round.create", "round", id,
				json_pack("{s:I, s:i, s:i}", "competition_id",
					  (json_int_t)r.competition_id, "criteria", r.n_criteria,
					  "advance", r.advance));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_round_get(tunas_ctx *ctx, tunas_round *out, int64_t id)
{
	tunas_round r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->cmp_round_get(ctx->store, &r, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "round");
	*out = r;
	return 0;
}

int tunas_round_list(tunas_ctx *ctx, tunas_round **out, size_t *n, int64_t competition_id)
{
	tunas_competition c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = load_comp(ctx, &c, competition_id)) != 0)
		return rc;
	rc = ctx->store->ops->cmp_round_list(ctx->store, out, n, competition_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "rounds") : 0;
}

int tunas_round_rubric_set(tunas_ctx *ctx, int64_t round_id, const tunas_criterion *criteria,
			   size_t n)
{
	tunas_competition c;
	tunas_round r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = valid_rubric(ctx, criteria, n, true)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		goto out;
	if (r.status != TUNAS_ROUND_DRAFT) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "the rubric is fixed once the round opens (it is %s)",
				    tunas_round_status_name(r.status));
		goto out;
	}
	if ((rc = ctx->store->ops->cmp_rubric_set(ctx->store, round_id, criteria, n)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "rubric");
		goto out;
	}
	rc = tunas_audit_record(ctx, "round.rubric", "round", round_id,
				json_pack("{s:i}", "criteria", (int)n));
out:
	return tunas_tx_finish(ctx, rc);
}

/* The round of the same competition with sequence number seq. */
static int round_by_seq(tunas_ctx *ctx, tunas_round *out, int64_t competition_id, int seq)
{
	tunas_round *rows = NULL;
	size_t n = 0, i;
	int rc;

	rc = ctx->store->ops->cmp_round_list(ctx->store, &rows, &n, competition_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "rounds");
	rc = TUNAS_ENOTFOUND;
	for (i = 0; i < n; i++)
		if (rows[i].seq == seq) {
			*out = rows[i];
			rc = 0;
		}
	free(rows);
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "round %d not found", seq);
	return 0;
}

static int count_civil_servants(tunas_ctx *ctx, int *out, int64_t round_id);
static int rank_round(tunas_ctx *ctx, tunas_standing **out, size_t *n, const tunas_round *r);

/* Whether an appeal against the round's current results was upheld. */
static int has_upheld_appeal(tunas_ctx *ctx, bool *out, const tunas_round *r)
{
	tunas_appeal *rows = NULL;
	size_t n = 0, i;
	int rc;

	rc = ctx->store->ops->cmp_appeal_list(ctx->store, &rows, &n, r->id, 0);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "appeals");
	*out = false;
	for (i = 0; i < n; i++)
		if (rows[i].status == TUNAS_APPEAL_UPHELD && rows[i].result_version == r->version)
			*out = true;
	free(rows);
	return 0;
}

/* The checks of draft -> open, open -> judging, judging -> locked. */
static int check_open(tunas_ctx *ctx, const tunas_round *r)
{
	tunas_round prev;
	int rc;

	if (valid_rubric(ctx, r->criteria, (size_t)r->n_criteria, true) != 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "criteria",
				      "the round needs a rubric whose weights sum to 100 first");
	if (r->seq > 1) {
		if ((rc = round_by_seq(ctx, &prev, r->competition_id, r->seq - 1)) != 0)
			return rc;
		if (prev.status != TUNAS_ROUND_PUBLISHED)
			return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
					      "round %d opens once round %d is published", r->seq,
					      prev.seq);
	}
	return 0;
}

static int check_judging(tunas_ctx *ctx, const tunas_round *r)
{
	int civil = 0, rc;

	if (r->entries == 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "entries", "the round has no entries");
	if ((rc = count_civil_servants(ctx, &civil, r->id)) != 0)
		return rc;
	if (civil < r->min_civil_servants)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "min_civil_servants",
				      "the panel has %d civil servants; the round needs %d", civil,
				      r->min_civil_servants);
	return 0;
}

static int check_lock(tunas_ctx *ctx, const tunas_round *r)
{
	tunas_assignment *rows = NULL;
	size_t n = 0, i, missing = 0;
	int rc;

	rc = ctx->store->ops->cmp_assignment_list(ctx->store, &rows, &n, r->id, 0);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "assignments");
	for (i = 0; i < n; i++)
		if (rows[i].scored < r->n_criteria)
			missing++;
	free(rows);
	if (n == 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "assignments",
				      "no entry is assigned to a judge");
	if (missing > 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "assignments",
				      "%zu of %zu assignments are not fully scored", missing, n);
	return 0;
}

int tunas_round_transition(tunas_ctx *ctx, int64_t round_id, tunas_round_status to)
{
	tunas_standing *rows = NULL;
	tunas_competition c;
	tunas_round r;
	tunas_round_status from;
	size_t n = 0;
	bool ok = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (to < TUNAS_ROUND_DRAFT || to > TUNAS_ROUND_PUBLISHED)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "status",
				      "must be open, judging, locked or published");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		goto out;
	from = r.status;
	if (from == TUNAS_ROUND_DRAFT && to == TUNAS_ROUND_OPEN)
		rc = check_open(ctx, &r);
	else if (from == TUNAS_ROUND_OPEN && to == TUNAS_ROUND_JUDGING)
		rc = check_judging(ctx, &r);
	else if (from == TUNAS_ROUND_JUDGING && to == TUNAS_ROUND_LOCKED)
		rc = check_lock(ctx, &r);
	else if (from == TUNAS_ROUND_LOCKED && to == TUNAS_ROUND_JUDGING)
		rc = 0;
	else if (from == TUNAS_ROUND_LOCKED && to == TUNAS_ROUND_PUBLISHED)
		rc = rank_round(ctx, &rows, &n, &r);
	else if (from == TUNAS_ROUND_PUBLISHED && to == TUNAS_ROUND_JUDGING) {
		if ((rc = has_upheld_appeal(ctx, &ok, &r)) == 0 && !ok)
			rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
					    "published results reopen only after an appeal "
					    "against them is upheld");
	} else
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "a round cannot go from %s to %s",
				    tunas_round_status_name(from), tunas_round_status_name(to));
	if (rc != 0)
		goto out;
	r.status = to;
	if (to == TUNAS_ROUND_PUBLISHED) {
		r.version++;
		r.published_at = tunas_now();
		rc = ctx->store->ops->cmp_result_insert(ctx->store, r.id, r.version, rows, n);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "results");
			goto out;
		}
	}
	if ((rc = ctx->store->ops->cmp_round_update(ctx->store, &r)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "round");
		goto out;
	}
	rc = tunas_audit_record(ctx, "round.status", "round", r.id,
				json_pack("{s:s, s:s, s:i}", "from", tunas_round_status_name(from),
					  "to", tunas_round_status_name(to), "version", r.version));
out:
	free(rows);
	return tunas_tx_finish(ctx, rc);
}

int tunas_round_advance(tunas_ctx *ctx, int *out_added, int64_t round_id)
{
	tunas_standing *rows = NULL;
	tunas_competition c;
	tunas_round r, prev;
	size_t n = 0, i;
	int added = 0, rc;
	bool fresh;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		goto out;
	if (r.seq == 1) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "round_id",
				    "round 1 takes entries as they register");
		goto out;
	}
	if (r.status != TUNAS_ROUND_DRAFT && r.status != TUNAS_ROUND_OPEN) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "entries advance into a draft or open round (it is %s)",
				    tunas_round_status_name(r.status));
		goto out;
	}
	if ((rc = round_by_seq(ctx, &prev, r.competition_id, r.seq - 1)) != 0)
		goto out;
	if (prev.version == 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "round %d has no published results", prev.seq);
		goto out;
	}
	rc = ctx->store->ops->cmp_result_list(ctx->store, &rows, &n, prev.id, prev.version);
	for (i = 0; rc == 0 && i < n; i++) {
		if (!rows[i].advanced)
			continue;
		fresh = false;
		rc = ctx->store->ops->cmp_round_entry_add(ctx->store, &fresh, r.id,
							  rows[i].entry_id);
		added += fresh;
	}
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "round");
		goto out;
	}
	rc = tunas_audit_record(ctx, "round.advance", "round", r.id,
				json_pack("{s:I, s:i, s:i}", "from_round_id", (json_int_t)prev.id,
					  "version", prev.version, "added", added));
out:
	free(rows);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0 && out_added != NULL)
		*out_added = added;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Entries */

int tunas_entry_create(tunas_ctx *ctx, int64_t *out_id, const tunas_entry *in)
{
	tunas_entry e = *in;
	tunas_competition c;
	tunas_round first;
	tunas_person p;
	bool self = false, organiser;
	char field[32];
	int64_t id = 0;
	int rc, i, j;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (e.kind != TUNAS_ENTRY_INDIVIDUAL && e.kind != TUNAS_ENTRY_TEAM)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind", "must be individual or team");
	if ((rc = tunas_valid_text(ctx, "name", e.name, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "title", e.title, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (e.kind == TUNAS_ENTRY_INDIVIDUAL && e.n_members != 1)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "members",
				      "an individual entry has exactly one member");
	if (e.kind == TUNAS_ENTRY_TEAM && (e.n_members < 2 || e.n_members > TUNAS_TEAM_MAX))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "members", "a team has 2 to %d members",
				      TUNAS_TEAM_MAX);
	for (i = 0; i < e.n_members; i++) {
		snprintf(field, sizeof(field), "members[%d]", i);
		if (e.members[i] <= 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be a person id");
		for (j = 0; j < i; j++)
			if (e.members[j] == e.members[i])
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
						      "person %lld is listed twice",
						      (long long)e.members[i]);
		self = self || (is_entrant(ctx) && e.members[i] == ctx->who.person_id);
	}
	e.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_comp(ctx, &c, e.competition_id)) != 0)
		goto out;
	organiser = is_organiser(ctx, &c);
	if (!organiser && !(self && e.kind == TUNAS_ENTRY_INDIVIDUAL)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "organisers register entries; an entrant registers their own "
				    "individual entry");
		goto out;
	}
	rc = round_by_seq(ctx, &first, c.id, 1);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "competition_id",
				    "the competition has no round yet");
		goto out;
	} else if (rc != 0) {
		goto out;
	}
	if (first.status != TUNAS_ROUND_DRAFT && first.status != TUNAS_ROUND_OPEN) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "competition_id",
				    "entries are closed: round 1 is %s",
				    tunas_round_status_name(first.status));
		goto out;
	}
	for (i = 0; i < e.n_members; i++) {
		rc = ctx->store->ops->person_get(ctx->store, &p, e.members[i]);
		if (rc == TUNAS_ENOTFOUND) {
			snprintf(field, sizeof(field), "members[%d]", i);
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "person %lld does not exist",
					    (long long)e.members[i]);
			goto out;
		} else if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "person");
			goto out;
		}
	}
	rc = ctx->store->ops->cmp_entry_insert(ctx->store, &id, &e, ctx->who.user_id);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "members",
				    "a member is already in an entry of this competition");
		goto out;
	}
	if (rc == 0)
		rc = ctx->store->ops->cmp_round_entry_add(ctx->store, NULL, first.id, id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "entry");
		goto out;
	}
	rc = tunas_audit_record(ctx, "entry.create", "entry", id,
				json_pack("{s:I, s:s, s:i}", "competition_id",
					  (json_int_t)e.competition_id, "kind",
					  tunas_entry_kind_name(e.kind), "members", e.n_members));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_entry_get(tunas_ctx *ctx, tunas_entry *out, int64_t id)
{
	tunas_competition c;
	tunas_entry e;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_entry(ctx, &e, &c, id)) != 0)
		return rc;
	*out = e;
	return 0;
}

int tunas_entry_list(tunas_ctx *ctx, tunas_entry **out, size_t *n, int64_t competition_id,
		     int64_t round_id)
{
	tunas_competition c;
	tunas_round r;
	int64_t judge = 0, person = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (round_id != 0) {
		if ((rc = load_round(ctx, &r, &c, round_id)) != 0)
			return rc;
		competition_id = r.competition_id;
	} else if ((rc = load_comp(ctx, &c, competition_id)) != 0) {
		return rc;
	}
	if (is_organiser(ctx, &c))
		;
	else if (is_judge(ctx))
		judge = ctx->who.user_id;
	else if (is_entrant(ctx))
		person = ctx->who.person_id;
	else
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "entries are for organisers, their judges and entrants");
	rc = ctx->store->ops->cmp_entry_list(ctx->store, out, n, competition_id, round_id, judge,
					     person);
	return rc ? tunas_ctx_store_fail(ctx, rc, "entries") : 0;
}

/* ------------------------------------------------------------------------ */
/* Panels and assignments */

static int count_civil_servants(tunas_ctx *ctx, int *out, int64_t round_id)
{
	tunas_panel_judge *rows = NULL;
	tunas_org org;
	size_t n = 0, i;
	int rc, count = 0;

	rc = ctx->store->ops->cmp_panel_list(ctx->store, &rows, &n, round_id);
	for (i = 0; rc == 0 && i < n; i++) {
		if (rows[i].org_id == 0)
			continue;
		rc = ctx->store->ops->org_get(ctx->store, &org, rows[i].org_id);
		if (rc == 0 && org.kind == TUNAS_ORG_GOVERNMENT)
			count++;
	}
	free(rows);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "panel");
	*out = count;
	return 0;
}

/* Panels change until the round is locked. */
static int need_unlocked(tunas_ctx *ctx, const tunas_round *r)
{
	if (r->status >= TUNAS_ROUND_LOCKED)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "the round is %s",
				      tunas_round_status_name(r->status));
	return 0;
}

int tunas_panel_add(tunas_ctx *ctx, int64_t round_id, int64_t judge_user_id)
{
	tunas_competition c;
	tunas_round r;
	tunas_user u;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0 ||
	    (rc = need_unlocked(ctx, &r)) != 0 ||
	    (rc = need_judge_user(ctx, &u, "user_id", judge_user_id)) != 0)
		goto out;
	rc = ctx->store->ops->cmp_panel_add(ctx->store, round_id, judge_user_id);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "user_id", "already on the panel");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "panel");
		goto out;
	}
	rc = tunas_audit_record(ctx, "panel.add", "round", round_id,
				json_pack("{s:I}", "judge_user_id", (json_int_t)judge_user_id));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_panel_remove(tunas_ctx *ctx, int64_t round_id, int64_t judge_user_id)
{
	tunas_assignment *rows = NULL;
	tunas_competition c;
	tunas_round r;
	size_t n = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0 ||
	    (rc = need_unlocked(ctx, &r)) != 0)
		goto out;
	rc = ctx->store->ops->cmp_assignment_list(ctx->store, &rows, &n, round_id, judge_user_id);
	free(rows);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assignments");
		goto out;
	}
	if (n > 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "user_id",
				    "the judge has %zu assignments in the round; remove them first",
				    n);
		goto out;
	}
	rc = ctx->store->ops->cmp_panel_remove(ctx->store, round_id, judge_user_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, rc, "user_id", "user %lld is not on the panel",
				    (long long)judge_user_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "panel");
		goto out;
	}
	rc = tunas_audit_record(ctx, "panel.remove", "round", round_id,
				json_pack("{s:I}", "judge_user_id", (json_int_t)judge_user_id));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_panel_list(tunas_ctx *ctx, tunas_panel_judge **out, size_t *n, int64_t round_id)
{
	tunas_panel_judge *rows = NULL;
	tunas_competition c;
	tunas_round r;
	tunas_org org;
	size_t len = 0, i;
	bool on = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_round(ctx, &r, &c, round_id)))
		return rc;
	rc = ctx->store->ops->cmp_panel_list(ctx->store, &rows, &len, round_id);
	for (i = 0; rc == 0 && i < len; i++) {
		on = on || (is_judge(ctx) && rows[i].user_id == ctx->who.user_id);
		if (rows[i].org_id == 0)
			continue;
		rc = ctx->store->ops->org_get(ctx->store, &org, rows[i].org_id);
		rows[i].civil_servant = rc == 0 && org.kind == TUNAS_ORG_GOVERNMENT;
	}
	if (rc != 0) {
		free(rows);
		return tunas_ctx_store_fail(ctx, rc, "panel");
	}
	if (!is_organiser(ctx, &c) && !on) {
		free(rows);
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "the panel is for organisers and its judges");
	}
	*out = rows;
	*n = len;
	return 0;
}

int tunas_assignment_add(tunas_ctx *ctx, int64_t round_id, int64_t entry_id, int64_t judge_user_id)
{
	tunas_panel_judge *panel = NULL;
	tunas_competition c;
	tunas_round r;
	size_t n = 0, i;
	bool yes = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0 ||
	    (rc = need_unlocked(ctx, &r)) != 0)
		goto out;
	if ((rc = ctx->store->ops->cmp_round_has_entry(ctx->store, &yes, round_id, entry_id)) != 0)
		goto store;
	if (!yes) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "entry_id",
				    "entry %lld is not in this round", (long long)entry_id);
		goto out;
	}
	if ((rc = ctx->store->ops->cmp_panel_list(ctx->store, &panel, &n, round_id)) != 0)
		goto store;
	for (yes = false, i = 0; i < n; i++)
		yes = yes || panel[i].user_id == judge_user_id;
	if (!yes) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "judge_user_id",
				    "user %lld is not on the round's panel",
				    (long long)judge_user_id);
		goto out;
	}
	rc = ctx->store->ops->cmp_conflict_exists(ctx->store, &yes, judge_user_id, entry_id);
	if (rc != 0)
		goto store;
	if (yes) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "judge_user_id",
				    "the judge declared a conflict of interest with entry %lld",
				    (long long)entry_id);
		goto out;
	}
	rc = ctx->store->ops->cmp_assignment_add(ctx->store, round_id, entry_id, judge_user_id);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "entry_id", "already assigned to that judge");
		goto out;
	} else if (rc != 0) {
		goto store;
	}
	rc = tunas_audit_record(ctx, "assignment.add", "round", round_id,
				json_pack("{s:I, s:I}", "entry_id", (json_int_t)entry_id,
					  "judge_user_id", (json_int_t)judge_user_id));
	goto out;
store:
	rc = tunas_ctx_store_fail(ctx, rc, "assignment");
out:
	free(panel);
	return tunas_tx_finish(ctx, rc);
}

int tunas_assignment_remove(tunas_ctx *ctx, int64_t round_id, int64_t entry_id,
			    int64_t judge_user_id)
{
	tunas_competition c;
	tunas_round r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0 ||
	    (rc = need_unlocked(ctx, &r)) != 0)
		goto out;
	rc = ctx->store->ops->cmp_assignment_remove(ctx->store, round_id, entry_id, judge_user_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assignment");
		goto out;
	}
	rc = tunas_audit_record(ctx, "assignment.remove", "round", round_id,
				json_pack("{s:I, s:I}", "entry_id", (json_int_t)entry_id,
					  "judge_user_id", (json_int_t)judge_user_id));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_assignment_list(tunas_ctx *ctx, tunas_assignment **out, size_t *n, int64_t round_id)
{
	tunas_competition c;
	tunas_round r;
	int64_t judge = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_round(ctx, &r, &c, round_id)))
		return rc;
	if (is_organiser(ctx, &c))
		;
	else if (is_judge(ctx))
		judge = ctx->who.user_id;
	else
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "assignments are for organisers and judges");
	rc = ctx->store->ops->cmp_assignment_list(ctx->store, out, n, round_id, judge);
	return rc ? tunas_ctx_store_fail(ctx, rc, "assignments") : 0;
}

/* ------------------------------------------------------------------------ */
/* Conflicts of interest */

int tunas_conflict_declare(tunas_ctx *ctx, tunas_conflict *out, const tunas_conflict *in)
{
	tunas_conflict k = *in;
	tunas_competition c;
	tunas_entry e;
	tunas_user u;
	bool locked = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "reason", k.reason, 1, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	/* A judge sees only their entries: load_entry answers "not found"
	 * for the others. */
	if ((rc = load_entry(ctx, &e, &c, k.entry_id)) != 0)
		goto out;
	if (is_organiser(ctx, &c)) {
		if ((rc = need_judge_user(ctx, &u, "judge_user_id", k.judge_user_id)) != 0)
			goto out;
	} else if (is_judge(ctx)) {
		if (k.judge_user_id != 0 && k.judge_user_id != ctx->who.user_id) {
			rc = tunas_ctx_fail(ctx, TUNAS_EPERM, "judge_user_id",
					    "a judge declares their own conflicts");
			goto out;
		}
		k.judge_user_id = ctx->who.user_id;
	} else {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "judges and organisers declare conflicts of interest");
		goto out;
	}
	k.competition_id = c.id;
	k.declared_by = ctx->who.user_id;
	k.created_at = tunas_now();
	rc = ctx->store->ops->cmp_locked_scored(ctx->store, &locked, k.judge_user_id, k.entry_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "scores");
		goto out;
	}
	if (locked) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "entry_id",
				    "the judge's scores of entry %lld are locked; an organiser "
				    "reopens the round after an upheld appeal",
				    (long long)k.entry_id);
		goto out;
	}
	rc = ctx->store->ops->cmp_conflict_insert(ctx->store, &k.id, &k);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "entry_id", "a conflict with this entry is declared");
		goto out;
	}
	if (rc == 0)
		rc = ctx->store->ops->cmp_conflict_withdraw(ctx->store, k.judge_user_id,
							    k.entry_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "conflict");
		goto out;
	}
	rc = tunas_audit_record(ctx, "conflict.declare", "entry", k.entry_id,
				json_pack("{s:I, s:I}", "judge_user_id",
					  (json_int_t)k.judge_user_id, "conflict_id",
					  (json_int_t)k.id));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = k;
	return rc;
}

int tunas_conflict_list(tunas_ctx *ctx, tunas_conflict **out, size_t *n, int64_t competition_id)
{
	tunas_competition c;
	int64_t judge = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = load_comp(ctx, &c, competition_id)) != 0)
		return rc;
	if (is_organiser(ctx, &c))
		;
	else if (is_judge(ctx))
		judge = ctx->who.user_id;
	else
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "conflicts are for organisers and judges");
	rc = ctx->store->ops->cmp_conflict_list(ctx->store, out, n, competition_id, judge);
	return rc ? tunas_ctx_store_fail(ctx, rc, "conflicts") : 0;
}

/* ------------------------------------------------------------------------ */
/* Scores */

int tunas_score_set(tunas_ctx *ctx, int64_t round_id, int64_t entry_id, const tunas_score *scores,
		    size_t n)
{
	tunas_competition c;
	tunas_round r;
	tunas_score sc;
	char field[40];
	bool yes = false;
	size_t i, j;
	int rc, k, crit;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!is_judge(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only judges score entries");
	if (n == 0 || n > TUNAS_CRITERIA_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "scores", "give 1 to %d scores",
				      TUNAS_CRITERIA_MAX);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0)
		goto out;
	rc = ctx->store->ops->cmp_assigned(ctx->store, &yes, round_id, entry_id, ctx->who.user_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assignment");
		goto out;
	}
	if (!yes) {
		rc = entry_not_found(ctx, entry_id);
		goto out;
	}
	rc = ctx->store->ops->cmp_conflict_exists(ctx->store, &yes, ctx->who.user_id, entry_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "conflict");
		goto out;
	}
	if (yes) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "entry_id",
				    "you declared a conflict of interest with entry %lld",
				    (long long)entry_id);
		goto out;
	}
	if (r.status != TUNAS_ROUND_JUDGING) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "scores are taken only while the round is judging (it is %s)",
				    tunas_round_status_name(r.status));
		goto out;
	}
	for (i = 0; i < n; i++) {
		for (crit = -1, k = 0; k < r.n_criteria; k++)
			if (r.criteria[k].id == scores[i].criterion_id)
				crit = k;
		snprintf(field, sizeof(field), "scores[%zu].criterion_id", i);
		if (crit < 0) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					    "criterion %lld is not in the round's rubric",
					    (long long)scores[i].criterion_id);
			goto out;
		}
		for (j = 0; j < i; j++)
			if (scores[j].criterion_id == scores[i].criterion_id) {
				rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
						    "criterion %lld is scored twice",
						    (long long)scores[i].criterion_id);
				goto out;
			}
		if (scores[i].score < 0 || scores[i].score > r.criteria[crit].max_score) {
			snprintf(field, sizeof(field), "scores[%zu].score", i);
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be 0 to %d",
					    r.criteria[crit].max_score);
			goto out;
		}
		sc = (tunas_score){.round_id = round_id,
				   .entry_id = entry_id,
				   .judge_user_id = ctx->who.user_id,
				   .criterion_id = scores[i].criterion_id,
				   .score = scores[i].score,
				   .updated_at = tunas_now()};
		if ((rc = ctx->store->ops->cmp_score_put(ctx->store, &sc)) != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "score");
			goto out;
		}
	}
	rc = tunas_audit_record(
		ctx, "score.set", "round", round_id,
		json_pack("{s:I, s:i}", "entry_id", (json_int_t)entry_id, "criteria", (int)n));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_score_list(tunas_ctx *ctx, tunas_score **out, size_t *n, int64_t round_id,
		     int64_t entry_id)
{
	tunas_competition c;
	tunas_round r;
	int64_t judge = 0;
	bool yes = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_round(ctx, &r, &c, round_id)))
		return rc;
	if (is_organiser(ctx, &c)) {
		;
	} else if (is_judge(ctx)) {
		judge = ctx->who.user_id;
		if (entry_id != 0) {
			rc = ctx->store->ops->cmp_assigned(ctx->store, &yes, round_id, entry_id,
							   judge);
			if (rc != 0)
				return tunas_ctx_store_fail(ctx, rc, "assignment");
			if (!yes)
				return entry_not_found(ctx, entry_id);
		}
	} else {
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "scores are for organisers and judges");
	}
	rc = ctx->store->ops->cmp_score_list(ctx->store, out, n, round_id, entry_id, judge);
	return rc ? tunas_ctx_store_fail(ctx, rc, "scores") : 0;
}

/* ------------------------------------------------------------------------ */
/* Ranking */

/* The square root of x >= 0 by Newton's method from above (no libm): the
 * iterates fall monotonically to the root, so stop when they stop falling. */
static double root(double x)
{
	double r, next;
	int i;

	if (!(x > 0))
		return 0;
	r = x > 1 ? x : 1;
	for (i = 0; i < 2000; i++) {
		next = 0.5 * (r + x / r);
		if (!(next < r))
			break;
		r = next;
	}
	return r;
}

/* Scores compare at 6 decimal places. */
static int64_t micro(double x)
{
	return (int64_t)(x * 1e6 + (x >= 0 ? 0.5 : -0.5));
}

/* Which rule orders a before b (0: the final score), or -1 when a and b
 * are the same entry. Sets *before. */
static int order(const tunas_standing *a, const tunas_standing *b, bool *before)
{
	int64_t x, y;

	if ((x = micro(a->final_score)) != (y = micro(b->final_score))) {
		*before = x > y;
		return TUNAS_TIE_NONE;
	}
	if ((x = micro(a->raw_mean)) != (y = micro(b->raw_mean))) {
		*before = x > y;
		return TUNAS_TIE_RAW_MEAN;
	}
	if ((x = micro(a->top_criterion)) != (y = micro(b->top_criterion))) {
		*before = x > y;
		return TUNAS_TIE_TOP_CRITERION;
	}
	*before = a->entry_id < b->entry_id;
	return a->entry_id == b->entry_id ? -1 : TUNAS_TIE_ENTRY_ID;
}

static int cmp_standing(const void *pa, const void *pb)
{
	const tunas_standing *a = *(const tunas_standing *const *)pa;
	const tunas_standing *b = *(const tunas_standing *const *)pb;
	bool before;

	if (order(a, b, &before) < 0)
		return 0;
	return before ? -1 : 1;
}

int tunas_rank_compute(tunas_standing *out, size_t n_entries, const double *totals, size_t n_judges,
		       const double *top)
{
	double *jmean = NULL, *jsd = NULL, sum = 0, sq = 0, big_m = 0, big_s = 0, t, v;
	size_t *jn = NULL, count = 0, j, e, ranked = 0;
	tunas_standing **order_of = NULL;
	bool before;
	int rc = TUNAS_ENOMEM;

	jmean = tunas_calloc(n_judges + 1, sizeof(*jmean));
	jsd = tunas_calloc(n_judges + 1, sizeof(*jsd));
	jn = tunas_calloc(n_judges + 1, sizeof(*jn));
	order_of = tunas_calloc(n_entries + 1, sizeof(*order_of));
	if (jmean == NULL || jsd == NULL || jn == NULL || order_of == NULL)
		goto out;
	/* The round's common scale: mean and spread of every total. */
	for (j = 0; j < n_judges; j++)
		for (e = 0; e < n_entries; e++)
			if (!isnan(t = totals[j * n_entries + e])) {
				sum += t;
				jmean[j] += t;
				jn[j]++;
				count++;
			}
	if (count > 0)
		big_m = sum / (double)count;
	for (j = 0; j < n_judges; j++)
		if (jn[j] > 0)
			jmean[j] /= (double)jn[j];
	for (j = 0; j < n_judges; j++)
		for (e = 0; e < n_entries; e++)
			if (!isnan(t = totals[j * n_entries + e])) {
				sq += (t - big_m) * (t - big_m);
				jsd[j] += (t - jmean[j]) * (t - jmean[j]);
			}
	if (count > 0)
		big_s = root(sq / (double)count);
	for (j = 0; j < n_judges; j++)
		jsd[j] = jn[j] > 0 ? root(jsd[j] / (double)jn[j]) : 0;
	/* Each entry: the mean of its judges' normalised and raw totals. */
	for (e = 0; e < n_entries; e++) {
		tunas_standing *s = &out[e];
		double nsum = 0, rsum = 0;

		s->judges = 0;
		for (j = 0; j < n_judges; j++) {
			if (isnan(t = totals[j * n_entries + e]))
				continue;
			v = (jn[j] >= 2 && jsd[j] > 0) ? big_m + big_s * (t - jmean[j]) / jsd[j]
						       : t;
			nsum += v;
			rsum += t;
			s->judges++;
		}
		s->rank = 0;
		s->tie = TUNAS_TIE_NONE;
		s->top_criterion = top[e];
		s->final_score = s->judges ? nsum / s->judges : 0;
		s->raw_mean = s->judges ? rsum / s->judges : 0;
		if (s->judges > 0)
			order_of[ranked++] = s;
	}
	if (ranked > 1)
		qsort(order_of, ranked, sizeof(*order_of), cmp_standing);
	for (e = 0; e < ranked; e++) {
		order_of[e]->rank = (int)e + 1;
		if (e > 0) {
			int rule = order(order_of[e - 1], order_of[e], &before);

			order_of[e]->tie = rule < 0 ? TUNAS_TIE_NONE : (tunas_tie_rule)rule;
		}
	}
	rc = 0;
out:
	tunas_free(jmean);
	tunas_free(jsd);
	tunas_free(jn);
	tunas_free(order_of);
	return rc;
}

static int cmp_rank(const void *pa, const void *pb)
{
	const tunas_standing *a = pa, *b = pb;

	if ((a->rank == 0) != (b->rank == 0))
		return a->rank == 0 ? 1 : -1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return (a->entry_id > b->entry_id) - (a->entry_id < b->entry_id);
}

/* The ranking of a round from its scores: ranked first, then unranked. */
static int rank_round(tunas_ctx *ctx, tunas_standing **out, size_t *n, const tunas_round *r)
{
	tunas_entry *entries = NULL;
	tunas_score *scores = NULL;
	tunas_standing *rows = NULL;
	double *totals = NULL, *top = NULL, *top_sum = NULL, *acc = NULL;
	int64_t *judges = NULL;
	int *got = NULL, *top_n = NULL;
	size_t ne = 0, ns = 0, nj = 0, e, i, j, k, cell;
	int rc, c, topc = 0;

	for (c = 1; c < r->n_criteria; c++)
		if (r->criteria[c].weight > r->criteria[topc].weight)
			topc = c;
	rc = ctx->store->ops->cmp_entry_list(ctx->store, &entries, &ne, r->competition_id, r->id, 0,
					     0);
	if (rc == 0)
		rc = ctx->store->ops->cmp_score_list(ctx->store, &scores, &ns, r->id, 0, 0);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "scores");
		goto out;
	}
	rc = TUNAS_ENOMEM;
	judges = tunas_calloc(ns + 1, sizeof(*judges));
	rows = tunas_calloc(ne + 1, sizeof(*rows));
	top = tunas_calloc(ne + 1, sizeof(*top));
	top_sum = tunas_calloc(ne + 1, sizeof(*top_sum));
	top_n = tunas_calloc(ne + 1, sizeof(*top_n));
	if (judges == NULL || rows == NULL || top == NULL || top_sum == NULL || top_n == NULL)
		goto nomem;
	for (i = 0; i < ns; i++) {
		for (j = 0; j < nj && judges[j] != scores[i].judge_user_id; j++)
			;
		if (j == nj)
			judges[nj++] = scores[i].judge_user_id;
	}
	totals = tunas_calloc(nj * ne + 1, sizeof(*totals));
	acc = tunas_calloc(nj * ne + 1, sizeof(*acc));
	got = tunas_calloc(nj * ne + 1, sizeof(*got));
	if (totals == NULL || acc == NULL || got == NULL)
		goto nomem;
	/* Each judge's total of each entry: sum of weight * score / max. */
	for (i = 0; i < ns; i++) {
		for (e = 0; e < ne && entries[e].id != scores[i].entry_id; e++)
			;
		for (j = 0; j < nj && judges[j] != scores[i].judge_user_id; j++)
			;
		for (c = 0; c < r->n_criteria && r->criteria[c].id != scores[i].criterion_id; c++)
			;
		if (e == ne || c == r->n_criteria)
			continue;
		cell = j * ne + e;
		acc[cell] +=
			(double)r->criteria[c].weight * scores[i].score / r->criteria[c].max_score;
		got[cell]++;
		if (c == topc)
			totals[cell] = (double)scores[i].score / r->criteria[c].max_score;
	}
	for (j = 0; j < nj; j++)
		for (e = 0; e < ne; e++) {
			cell = j * ne + e;
			if (got[cell] == r->n_criteria && r->n_criteria > 0) {
				top_sum[e] += totals[cell];
				top_n[e]++;
				totals[cell] = acc[cell];
			} else {
				totals[cell] = NAN;
			}
		}
	for (e = 0; e < ne; e++) {
		rows[e].entry_id = entries[e].id;
		memcpy(rows[e].name, entries[e].name, sizeof(rows[e].name));
		memcpy(rows[e].title, entries[e].title, sizeof(rows[e].title));
		top[e] = top_n[e] ? top_sum[e] / top_n[e] : 0;
	}
	if ((rc = tunas_rank_compute(rows, ne, totals, nj, top)) != 0)
		goto nomem;
	for (k = 0; k < ne; k++)
		rows[k].advanced = rows[k].rank > 0 && rows[k].rank <= r->advance;
	if (ne > 1)
		qsort(rows, ne, sizeof(*rows), cmp_rank);
	*out = rows;
	*n = ne;
	rows = NULL;
	rc = 0;
	goto out;
nomem:
	rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
out:
	free(entries);
	free(scores);
	tunas_free(rows);
	tunas_free(totals);
	tunas_free(acc);
	tunas_free(got);
	tunas_free(top);
	tunas_free(top_sum);
	tunas_free(top_n);
	tunas_free(judges);
	return rc;
}

int tunas_ranking(tunas_ctx *ctx, tunas_standing **out, size_t *n, int64_t round_id)
{
	tunas_competition c;
	tunas_round r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = load_round(ctx, &r, &c, round_id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		return rc;
	return rank_round(ctx, out, n, &r);
}

int tunas_results(tunas_ctx *ctx, tunas_standing **out, size_t *n, int *out_version,
		  int64_t round_id, int version)
{
	tunas_round r;
	int rc;

	tunas_ctx_clear(ctx);
	rc = ctx->store->ops->cmp_round_get(ctx->store, &r, round_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "round");
	if (r.version == 0)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL,
				      "round %lld has no published results", (long long)round_id);
	if (version < 0 || version > r.version)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, "version",
				      "results version %d not found (latest: %d)", version,
				      r.version);
	if (version == 0)
		version = r.version;
	rc = ctx->store->ops->cmp_result_list(ctx->store, out, n, round_id, version);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "results");
	*out_version = version;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Appeals */

int tunas_appeal_file(tunas_ctx *ctx, int64_t *out_id, int64_t round_id, int64_t entry_id,
		      const char *grounds)
{
	tunas_appeal a = {.round_id = round_id, .entry_id = entry_id};
	tunas_competition c;
	tunas_entry e;
	tunas_round r;
	bool yes = false;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "grounds", grounds, 1, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if (!tunas_copy(a.grounds, sizeof(a.grounds), grounds))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "grounds", "too long");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_round(ctx, &r, &c, round_id)) != 0)
		goto out;
	if (!is_organiser(ctx, &c) && !is_entrant(ctx)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "appeals are filed by an entrant or an organiser");
		goto out;
	}
	if ((rc = load_entry(ctx, &e, &c, entry_id)) != 0)
		goto out;
	if (e.competition_id != r.competition_id ||
	    (rc = ctx->store->ops->cmp_round_has_entry(ctx->store, &yes, round_id, entry_id)) !=
		    0 ||
	    !yes) {
		rc = rc ? tunas_ctx_store_fail(ctx, rc, "round")
			: tunas_ctx_fail(ctx, TUNAS_EINVAL, "entry_id",
					 "entry %lld is not in this round", (long long)entry_id);
		goto out;
	}
	if (r.status != TUNAS_ROUND_PUBLISHED) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "appeals are against published results (the round is %s)",
				    tunas_round_status_name(r.status));
		goto out;
	}
	a.result_version = r.version;
	a.filed_by = ctx->who.user_id;
	a.created_at = tunas_now();
	if ((rc = ctx->store->ops->cmp_appeal_insert(ctx->store, &id, &a)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "appeal");
		goto out;
	}
	rc = tunas_audit_record(ctx, "appeal.file", "appeal", id,
				json_pack("{s:I, s:I, s:i}", "round_id", (json_int_t)round_id,
					  "entry_id", (json_int_t)entry_id, "result_version",
					  a.result_version));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

/* The appeal, if the caller is an organiser or an entrant of its entry. */
static int load_appeal(tunas_ctx *ctx, tunas_appeal *a, tunas_competition *c, int64_t id)
{
	tunas_round r;
	bool yes = false;
	int rc = ctx->store->ops->cmp_appeal_get(ctx->store, a, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "appeal");
	if ((rc = load_round(ctx, &r, c, a->round_id)) != 0)
		return rc;
	if (is_organiser(ctx, c))
		return 0;
	if ((rc = is_member(ctx, &yes, a->entry_id)) != 0)
		return rc;
	return yes ? 0
		   : tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "appeal %lld not found",
				    (long long)id);
}

int tunas_appeal_get(tunas_ctx *ctx, tunas_appeal *out, int64_t id)
{
	tunas_competition c;
	tunas_appeal a;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_appeal(ctx, &a, &c, id)) != 0)
		return rc;
	*out = a;
	return 0;
}

int tunas_appeal_list(tunas_ctx *ctx, tunas_appeal **out, size_t *n, int64_t round_id)
{
	tunas_competition c;
	tunas_round r;
	int64_t person = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = load_round(ctx, &r, &c, round_id)))
		return rc;
	if (is_organiser(ctx, &c))
		;
	else if (is_entrant(ctx))
		person = ctx->who.person_id;
	else
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "appeals are for organisers and entrants");
	rc = ctx->store->ops->cmp_appeal_list(ctx->store, out, n, round_id, person);
	return rc ? tunas_ctx_store_fail(ctx, rc, "appeals") : 0;
}

int tunas_appeal_decide(tunas_ctx *ctx, int64_t id, tunas_appeal_status decision,
			const char *response)
{
	tunas_competition c;
	tunas_appeal a;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (decision != TUNAS_APPEAL_UPHELD && decision != TUNAS_APPEAL_DISMISSED)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "decision", "must be upheld or dismissed");
	if ((rc = tunas_valid_text(ctx, "response", response, 1, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_appeal(ctx, &a, &c, id)) != 0 || (rc = need_organiser(ctx, &c)) != 0)
		goto out;
	if (a.status != TUNAS_APPEAL_OPEN) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "the appeal was already %s",
				    tunas_appeal_status_name(a.status));
		goto out;
	}
	a.status = decision;
	tunas_copy(a.response, sizeof(a.response), response);
	a.decided_by = ctx->who.user_id;
	a.decided_at = tunas_now();
	if ((rc = ctx->store->ops->cmp_appeal_update(ctx->store, &a)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "appeal");
		goto out;
	}
	rc = tunas_audit_record(ctx, "appeal.decide", "appeal", id,
				json_pack("{s:s, s:I}", "decision",
					  tunas_appeal_status_name(decision), "round_id",
					  (json_int_t)a.round_id));
out:
	return tunas_tx_finish(ctx, rc);
}
