/*
 * routes_compete.c — the HTTP routes of competitions (competition.h):
 * competitions and their rounds, rubrics and round status, entries,
 * panels, assignments, conflicts of interest, scores, the live ranking,
 * published results (public) and appeals. Each handler parses the
 * request, calls one library function and writes the answer.
 */
#include "server/routes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/competition.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------ */
/* Rendering */

/* Scores as shown: rounded to the 6 decimal places they are compared at. */
static void kscore(tunas_jsonw *w, const char *key, double v)
{
	tunas_jsonw_kdouble(w, key, (double)(int64_t)(v * 1e6 + (v >= 0 ? 0.5 : -0.5)) / 1e6);
}

static void competition_json(tunas_jsonw *w, const tunas_competition *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kstr(w, "code", c->code);
	tunas_jsonw_kstr(w, "title", c->title);
	tunas_jsonw_kstr(w, "description", c->description);
	tunas_jsonw_kint(w, "organiser_org_id", c->organiser_org_id);
	http_kid(w, "programme_id", c->programme_id);
	tunas_jsonw_kint(w, "rounds", c->rounds);
	tunas_jsonw_kint(w, "entries", c->entries);
	tunas_jsonw_kint(w, "created_at", c->created_at);
	tunas_jsonw_obj_end(w);
}

static void round_json(tunas_jsonw *w, const tunas_round *r)
{
	int i;

	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", r->id);
	tunas_jsonw_kint(w, "competition_id", r->competition_id);
	tunas_jsonw_kint(w, "seq", r->seq);
	tunas_jsonw_kstr(w, "name", r->name);
	tunas_jsonw_kstr(w, "status", tunas_round_status_name(r->status));
	tunas_jsonw_kint(w, "advance", r->advance);
	tunas_jsonw_kint(w, "min_civil_servants", r->min_civil_servants);
	tunas_jsonw_kint(w, "version", r->version);
	if (r->published_at)
		tunas_jsonw_kint(w, "published_at", r->published_at);
	else
		tunas_jsonw_knull(w, "published_at");
	tunas_jsonw_kint(w, "entries", r->entries);
	tunas_jsonw_karr(w, "criteria");
	for (i = 0; i < r->n_criteria; i++) {
		tunas_jsonw_obj_begin(w);
		tunas_jsonw_kint(w, "id", r->criteria[i].id);
		tunas_jsonw_kstr(w, "name", r->criteria[i].name);
		tunas_jsonw_kint(w, "weight", r->criteria[i].weight);
		tunas_jsonw_kint(w, "max_score", r->criteria[i].max_score);
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_arr_end(w);
	tunas_jsonw_kint(w, "created_at", r->created_at);
	tunas_jsonw_obj_end(w);
}

static void entry_json(tunas_jsonw *w, const tunas_entry *e)
{
	int i;

	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", e->id);
	tunas_jsonw_kint(w, "competition_id", e->competition_id);
	tunas_jsonw_kstr(w, "kind", tunas_entry_kind_name(e->kind));
	tunas_jsonw_kstr(w, "name", e->name);
	tunas_jsonw_kstr(w, "title", e->title);
	tunas_jsonw_karr(w, "members");
	for (i = 0; i < e->n_members; i++)
		tunas_jsonw_int(w, e->members[i]);
	tunas_jsonw_arr_end(w);
	tunas_jsonw_kint(w, "created_at", e->created_at);
	tunas_jsonw_obj_end(w);
}

static void judge_json(tunas_jsonw *w, const tunas_panel_judge *j)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "user_id", j->user_id);
	tunas_jsonw_kstr(w, "username", j->username);
	tunas_jsonw_kstr(w, "display_name", j->display_name);
	http_kid(w, "org_id", j->org_id);
	tunas_jsonw_kbool(w, "civil_servant", j->civil_servant);
	tunas_jsonw_kint(w, "assigned", j->assigned);
	tunas_jsonw_obj_end(w);
}

static void assignment_json(tunas_jsonw *w, const tunas_assignment *a)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "round_id", a->round_id);
	tunas_jsonw_kint(w, "entry_id", a->entry_id);
	tunas_jsonw_kint(w, "judge_user_id", a->judge_user_id);
	tunas_jsonw_kint(w, "scored", a->scored);
	tunas_jsonw_obj_end(w);
}

static void conflict_json(tunas_jsonw *w, const tunas_conflict *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kint(w, "competition_id", c->competition_id);
	tunas_jsonw_kint(w, "judge_user_id", c->judge_user_id);
	tunas_jsonw_kint(w, "entry_id", c->entry_id);
	tunas_jsonw_kstr(w, "reason", c->reason);
	tunas_jsonw_kint(w, "declared_by", c->declared_by);
	tunas_jsonw_kint(w, "created_at", c->created_at);
	tunas_jsonw_obj_end(w);
}

static void score_json(tunas_jsonw *w, const tunas_score *s)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "entry_id", s->entry_id);
	tunas_jsonw_kint(w, "judge_user_id", s->judge_user_id);
	tunas_jsonw_kint(w, "criterion_id", s->criterion_id);
	tunas_jsonw_kint(w, "score", s->score);
	tunas_jsonw_kint(w, "updated_at", s->updated_at);
	tunas_jsonw_obj_end(w);
}

static void standing_json(tunas_jsonw *w, const tunas_standing *s)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "entry_id", s->entry_id);
	tunas_jsonw_kstr(w, "name", s->name);
	tunas_jsonw_kstr(w, "title", s->title);
	if (s->rank > 0)
		tunas_jsonw_kint(w, "rank", s->rank);
	else
		tunas_jsonw_knull(w, "rank");
	if (s->rank > 0) {
		kscore(w, "final_score", s->final_score);
		kscore(w, "raw_mean", s->raw_mean);
		kscore(w, "top_criterion", s->top_criterion);
	} else { /* nobody fully scored it: no scores to show */
		tunas_jsonw_knull(w, "final_score");
		tunas_jsonw_knull(w, "raw_mean");
		tunas_jsonw_knull(w, "top_criterion");
	}
	tunas_jsonw_kint(w, "judges", s->judges);
	if (s->rank > 1)
		tunas_jsonw_kstr(w, "decided_by",
				 s->tie == TUNAS_TIE_NONE ? "final_score"
							  : tunas_tie_rule_name(s->tie));
	else
		tunas_jsonw_knull(w, "decided_by");
	tunas_jsonw_kbool(w, "advanced", s->advanced);
	tunas_jsonw_obj_end(w);
}

static void appeal_json(tunas_jsonw *w, const tunas_appeal *a)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", a->id);
	tunas_jsonw_kint(w, "round_id", a->round_id);
	tunas_jsonw_kint(w, "entry_id", a->entry_id);
	tunas_jsonw_kint(w, "result_version", a->result_version);
	tunas_jsonw_kint(w, "filed_by", a->filed_by);
	tunas_jsonw_kstr(w, "grounds", a->grounds);
	tunas_jsonw_kstr(w, "status", tunas_appeal_status_name(a->status));
	tunas_jsonw_kstr(w, "response", a->response);
	http_kid(w, "decided_by", a->decided_by);
	if (a->decided_at)
		tunas_jsonw_kint(w, "decided_at", a->decided_at);
	else
		tunas_jsonw_knull(w, "decided_at");
	tunas_jsonw_kint(w, "created_at", a->created_at);
	tunas_jsonw_obj_end(w);
}

/* ------------------------------------------------------------------------ */
/* Competitions */

static int h_competitions_list(tunas_req *r)
{
	tunas_competition *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_competition_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, competition_json);
	free(rows);
	return 0;
}

static int h_competitions_create(tunas_req *r)
{
	static const char *const allowed[] = {
		"code", "title", "description", "organiser_org_id", "programme_id", NULL};
	tunas_competition *c;
	int64_t id = 0;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", c->code, sizeof(c->code), true) ||
	    http_str(r, r->body, "title", c->title, sizeof(c->title), true) ||
	    http_str(r, r->body, "description", c->description, sizeof(c->description), false) ||
	    http_i64(r, r->body, "organiser_org_id", &c->organiser_org_id, 1, INT64_MAX, false) ||
	    http_i64(r, r->body, "programme_id", &c->programme_id, 1, INT64_MAX, false)) {
		tunas_free(c);
		return 0;
	}
	rc = tunas_competition_create(r->ctx, &id, c);
	if (rc == 0)
		rc = tunas_competition_get(r->ctx, c, id);
	if (rc != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	competition_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 201, &w);
}

static int h_competitions_get(tunas_req *r)
{
	tunas_competition *c;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_competition_get(r->ctx, c, r->params[0])) != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	competition_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 200, &w);
}

/* ------------------------------------------------------------------------ */
/* Rounds */

/* The body's "criteria": [{name, weight, max_score}] into out[0..*n). */
static int body_criteria(tunas_req *r, tunas_criterion *out, int *n, bool required)
{
	static const char *const allowed[] = {"name", "weight", "max_score", NULL};
	json_t *arr = json_object_get(r->body, "criteria"), *it;
	char prefix[32];
	size_t i;

	*n = 0;
	if (arr == NULL && !required)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > TUNAS_CRITERIA_MAX) {
		http_problem(r, 422, "criteria", "must be an array of at most %d criteria",
			     TUNAS_CRITERIA_MAX);
		return -1;
	}
	json_array_foreach(arr, i, it)
	{
		tunas_criterion *c = &out[i];

		snprintf(prefix, sizeof(prefix), "criteria[%zu].", i);
		r->prefix = prefix;
		if (!json_is_object(it)) {
			http_problem(r, 422, "criteria", "item %zu must be an object", i);
			return -1;
		}
		if (http_only(r, it, prefix, allowed) ||
		    http_str(r, it, "name", c->name, sizeof(c->name), true) ||
		    http_int(r, it, "weight", &c->weight, 1, 100, true) ||
		    http_int(r, it, "max_score", &c->max_score, 1, TUNAS_SCORE_MAX, true))
			return -1;
	}
	r->prefix = NULL;
	*n = (int)json_array_size(arr);
	return 0;
}

static int respond_round(tunas_req *r, unsigned status, int64_t id)
{
	tunas_round *rd;
	tunas_jsonw w;
	int rc;

	if ((rd = tunas_calloc(1, sizeof(*rd))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_round_get(r->ctx, rd, id)) != 0) {
		tunas_free(rd);
		return http_lib_error(r, rc);
	}
	round_json(http_json_begin(&w), rd);
	tunas_free(rd);
	return http_json(r, status, &w);
}

static int h_rounds_list(tunas_req *r)
{
	tunas_round *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_round_list(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, round_json);
	free(rows);
	return 0;
}

static int h_rounds_create(tunas_req *r)
{
	static const char *const allowed[] = {"name", "advance", "min_civil_servants", "criteria",
					      NULL};
	tunas_round *rd;
	int64_t id = 0;
	int rc;

	if ((rd = tunas_calloc(1, sizeof(*rd))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	rd->competition_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "name", rd->name, sizeof(rd->name), true) ||
	    http_int(r, r->body, "advance", &rd->advance, 0, 100000, false) ||
	    http_int(r, r->body, "min_civil_servants", &rd->min_civil_servants, 0, 100, false) ||
	    body_criteria(r, rd->criteria, &rd->n_criteria, false)) {
		tunas_free(rd);
		return 0;
	}
	rc = tunas_round_create(r->ctx, &id, rd);
	tunas_free(rd);
	if (rc != 0)
		return http_lib_error(r, rc);
	return respond_round(r, 201, id);
}

static int h_round_get(tunas_req *r)
{
	return respond_round(r, 200, r->params[0]);
}

static int h_round_rubric(tunas_req *r)
{
	static const char *const allowed[] = {"criteria", NULL};
	tunas_criterion crit[TUNAS_CRITERIA_MAX];
	int n = 0, rc;

	memset(crit, 0, sizeof(crit));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    body_criteria(r, crit, &n, true))
		return 0;
	if ((rc = tunas_round_rubric_set(r->ctx, r->params[0], crit, (size_t)n)) != 0)
		return http_lib_error(r, rc);
	return respond_round(r, 200, r->params[0]);
}

static int h_round_status(tunas_req *r)
{
	static const char *const allowed[] = {"status", NULL};
	char status[32] = "";
	tunas_round_status to;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "status", status, sizeof(status), true))
		return 0;
	to = tunas_round_status_parse(status);
	if (to == TUNAS_ROUND_NONE || to == TUNAS_ROUND_DRAFT)
		return http_problem(r, 422, "status", "must be open, judging, locked or published");
	if ((rc = tunas_round_transition(r->ctx, r->params[0], to)) != 0)
		return http_lib_error(r, rc);
	return respond_round(r, 200, r->params[0]);
}

static int h_round_advance(tunas_req *r)
{
	tunas_jsonw w;
	int added = 0, rc;

	if ((rc = tunas_round_advance(r->ctx, &added, r->params[0])) != 0)
		return http_lib_error(r, rc);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kint(&w, "round_id", r->params[0]);
	tunas_jsonw_kint(&w, "added", added);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

/* ------------------------------------------------------------------------ */
/* Entries */

static int entries_list(tunas_req *r, int64_t competition_id, int64_t round_id)
{
	tunas_entry *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_entry_list(r->ctx, &rows, &n, competition_id, round_id)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, entry_json);
	free(rows);
	return 0;
}

static int h_entries_list(tunas_req *r)
{
	return entries_list(r, r->params[0], 0);
}

static int h_round_entries(tunas_req *r)
{
	return entries_list(r, 0, r->params[0]);
}

static int h_entries_create(tunas_req *r)
{
	static const char *const allowed[] = {"kind", "name", "title", "members", NULL};
	char kind[32] = "";
	tunas_entry *e;
	int64_t id = 0;
	tunas_jsonw w;
	int rc;

	if ((e = tunas_calloc(1, sizeof(*e))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	e->competition_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), true) ||
	    http_str(r, r->body, "name", e->name, sizeof(e->name), true) ||
	    http_str(r, r->body, "title", e->title, sizeof(e->title), false) ||
	    http_ids(r, r->body, "members", e->members, &e->n_members, TUNAS_TEAM_MAX)) {
		tunas_free(e);
		return 0;
	}
	if ((e->kind = tunas_entry_kind_parse(kind)) == TUNAS_ENTRY_NONE) {
		tunas_free(e);
		return http_problem(r, 422, "kind", "must be individual or team");
	}
	rc = tunas_entry_create(r->ctx, &id, e);
	if (rc == 0)
		rc = tunas_entry_get(r->ctx, e, id);
	if (rc != 0) {
		tunas_free(e);
		return http_lib_error(r, rc);
	}
	entry_json(http_json_begin(&w), e);
	tunas_free(e);
	return http_json(r, 201, &w);
}

static int h_entry_get(tunas_req *r)
{
	tunas_entry e;
	int rc;

	if ((rc = tunas_entry_get(r->ctx, &e, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, entry_json, &e);
}

/* ------------------------------------------------------------------------ */
/* Panels, assignments, conflicts */

static int h_panel_list(tunas_req *r)
{
	tunas_panel_judge *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_panel_list(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, judge_json);
	free(rows);
	return 0;
}

static int h_panel_add(tunas_req *r)
{
	static const char *const allowed[] = {"user_id", NULL};
	int64_t user = 0;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "user_id", &user, 1, INT64_MAX, true))
		return 0;
	if ((rc = tunas_panel_add(r->ctx, r->params[0], user)) != 0)
		return http_lib_error(r, rc);
	return h_panel_list(r);
}

static int h_panel_remove(tunas_req *r)
{
	int rc = tunas_panel_remove(r->ctx, r->params[0], r->params[1]);

	if (rc != 0)
		return http_lib_error(r, rc);
	return h_panel_list(r);
}

static int h_assignments_list(tunas_req *r)
{
	tunas_assignment *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_assignment_list(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, assignment_json);
	free(rows);
	return 0;
}

static int h_assignments_add(tunas_req *r)
{
	static const char *const allowed[] = {"entry_id", "judge_user_id", NULL};
	tunas_assignment a = {.round_id = r->params[0]};
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "entry_id", &a.entry_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "judge_user_id", &a.judge_user_id, 1, INT64_MAX, true))
		return 0;
	if ((rc = tunas_assignment_add(r->ctx, a.round_id, a.entry_id, a.judge_user_id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, assignment_json, &a);
}

static int h_assignments_remove(tunas_req *r)
{
	int64_t judge = 0;
	tunas_jsonw w;
	int rc;

	if (http_query_id(r, "judge_user_id", &judge))
		return 0;
	if (judge == 0)
		return http_problem(r, 400, "judge_user_id", "required");
	if ((rc = tunas_assignment_remove(r->ctx, r->params[0], r->params[1], judge)) != 0)
		return http_lib_error(r, rc);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kbool(&w, "removed", true);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_conflicts_list(tunas_req *r)
{
	tunas_conflict *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_conflict_list(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, conflict_json);
	free(rows);
	return 0;
}

static int h_conflicts_add(tunas_req *r)
{
	static const char *const allowed[] = {"judge_user_id", "reason", NULL};
	tunas_conflict *c;
	tunas_jsonw w;
	int rc;

	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	c->entry_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "judge_user_id", &c->judge_user_id, 1, INT64_MAX, false) ||
	    http_str(r, r->body, "reason", c->reason, sizeof(c->reason), true)) {
		tunas_free(c);
		return 0;
	}
	if ((rc = tunas_conflict_declare(r->ctx, c, c)) != 0) {
		tunas_free(c);
		return http_lib_error(r, rc);
	}
	conflict_json(http_json_begin(&w), c);
	tunas_free(c);
	return http_json(r, 201, &w);
}

/* ------------------------------------------------------------------------ */
/* Scores, ranking, results */

static int h_scores_list(tunas_req *r)
{
	tunas_score *rows = NULL;
	int64_t entry = 0;
	size_t n = 0;
	int rc;

	if (http_query_id(r, "entry_id", &entry))
		return 0;
	if ((rc = tunas_score_list(r->ctx, &rows, &n, r->params[0], entry)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, score_json);
	free(rows);
	return 0;
}

static int h_scores_put(tunas_req *r)
{
	static const char *const allowed[] = {"scores", NULL};
	static const char *const item[] = {"criterion_id", "score", NULL};
	tunas_score sc[TUNAS_CRITERIA_MAX], *rows = NULL;
	json_t *arr, *it;
	char prefix[32];
	size_t i, n = 0;
	int rc;

	memset(sc, 0, sizeof(sc));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed))
		return 0;
	arr = json_object_get(r->body, "scores");
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > TUNAS_CRITERIA_MAX)
		return http_problem(r, 422, "scores", "must be an array of 1 to %d scores",
				    TUNAS_CRITERIA_MAX);
	json_array_foreach(arr, i, it)
	{
		snprintf(prefix, sizeof(prefix), "scores[%zu].", i);
		r->prefix = prefix;
		if (!json_is_object(it))
			return http_problem(r, 422, "scores", "item %zu must be an object", i);
		if (http_only(r, it, prefix, item) ||
		    http_i64(r, it, "criterion_id", &sc[i].criterion_id, 1, INT64_MAX, true) ||
		    http_int(r, it, "score", &sc[i].score, 0, TUNAS_SCORE_MAX, true))
			return 0;
	}
	r->prefix = NULL;
	rc = tunas_score_set(r->ctx, r->params[0], r->params[1], sc, json_array_size(arr));
	if (rc == 0)
		rc = tunas_score_list(r->ctx, &rows, &n, r->params[0], r->params[1]);
	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, score_json);
	free(rows);
	return 0;
}

static int h_ranking(tunas_req *r)
{
	tunas_standing *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_ranking(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, standing_json);
	free(rows);
	return 0;
}

static int h_results(tunas_req *r)
{
	const char *v = http_query(r, "version");
	tunas_standing *rows = NULL;
	int version = 0, got = 0, rc;
	char *end = NULL;
	size_t i, n = 0;
	tunas_jsonw w;
	long x;

	if (v != NULL) {
		x = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || x < 1 || x > INT_MAX)
			return http_problem(r, 400, "version", "must be a positive integer");
		version = (int)x;
	}
	if ((rc = tunas_results(r->ctx, &rows, &n, &got, r->params[0], version)) != 0)
		return http_lib_error(r, rc);
	http_json_begin(&w);
	tunas_jsonw_obj_begin(&w);
	tunas_jsonw_kint(&w, "round_id", r->params[0]);
	tunas_jsonw_kint(&w, "version", got);
	tunas_jsonw_karr(&w, "items");
	for (i = 0; i < n; i++)
		standing_json(&w, &rows[i]);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(rows);
	return http_json(r, 200, &w);
}

/* ------------------------------------------------------------------------ */
/* Appeals */

static int h_appeals_list(tunas_req *r)
{
	tunas_appeal *rows = NULL;
	size_t n = 0;
	int rc;

	if ((rc = tunas_appeal_list(r->ctx, &rows, &n, r->params[0])) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, appeal_json);
	free(rows);
	return 0;
}

static int respond_appeal(tunas_req *r, unsigned status, int64_t id)
{
	tunas_appeal *a;
	tunas_jsonw w;
	int rc;

	if ((a = tunas_calloc(1, sizeof(*a))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if ((rc = tunas_appeal_get(r->ctx, a, id)) != 0) {
		tunas_free(a);
		return http_lib_error(r, rc);
	}
	appeal_json(http_json_begin(&w), a);
	tunas_free(a);
	return http_json(r, status, &w);
}

static int h_appeals_file(tunas_req *r)
{
	static const char *const allowed[] = {"entry_id", "grounds", NULL};
	char grounds[TUNAS_TEXT_MAX + 1];
	int64_t entry = 0, id = 0;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "entry_id", &entry, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "grounds", grounds, sizeof(grounds), true))
		return 0;
	if ((rc = tunas_appeal_file(r->ctx, &id, r->params[0], entry, grounds)) != 0)
		return http_lib_error(r, rc);
	return respond_appeal(r, 201, id);
}

static int h_appeal_get(tunas_req *r)
{
	return respond_appeal(r, 200, r->params[0]);
}

static int h_appeal_decide(tunas_req *r)
{
	static const char *const allowed[] = {"decision", "response", NULL};
	char decision[32] = "", response[TUNAS_TEXT_MAX + 1];
	tunas_appeal_status d;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "decision", decision, sizeof(decision), true) ||
	    http_str(r, r->body, "response", response, sizeof(response), true))
		return 0;
	d = tunas_appeal_status_parse(decision);
	if (d != TUNAS_APPEAL_UPHELD && d != TUNAS_APPEAL_DISMISSED)
		return http_problem(r, 422, "decision", "must be upheld or dismissed");
	if ((rc = tunas_appeal_decide(r->ctx, r->params[0], d, response)) != 0)
		return http_lib_error(r, rc);
	return respond_appeal(r, 200, r->params[0]);
}

const route tunas_compete_routes[] = {
	{"GET", "/api/v1/competitions", h_competitions_list, false, true},
	{"POST", "/api/v1/competitions", h_competitions_create, false, false},
	{"GET", "/api/v1/competitions/{}", h_competitions_get, false, true},
	{"GET", "/api/v1/competitions/{}/rounds", h_rounds_list, false, false},
	{"POST", "/api/v1/competitions/{}/rounds", h_rounds_create, false, false},
	{"GET", "/api/v1/competitions/{}/entries", h_entries_list, false, false},
	{"POST", "/api/v1/competitions/{}/entries", h_entries_create, false, false},
	{"GET", "/api/v1/competitions/{}/conflicts", h_conflicts_list, false, false},
	{"GET", "/api/v1/rounds/{}", h_round_get, false, false},
	{"PUT", "/api/v1/rounds/{}/rubric", h_round_rubric, false, false},
	{"POST", "/api/v1/rounds/{}/status", h_round_status, false, false},
	{"POST", "/api/v1/rounds/{}/advance", h_round_advance, false, false},
	{"GET", "/api/v1/rounds/{}/entries", h_round_entries, false, false},
	{"GET", "/api/v1/rounds/{}/panel", h_panel_list, false, false},
	{"POST", "/api/v1/rounds/{}/panel", h_panel_add, false, false},
	{"DELETE", "/api/v1/rounds/{}/panel/{}", h_panel_remove, false, false},
	{"GET", "/api/v1/rounds/{}/assignments", h_assignments_list, false, false},
	{"POST", "/api/v1/rounds/{}/assignments", h_assignments_add, false, false},
	{"DELETE", "/api/v1/rounds/{}/assignments/{}", h_assignments_remove, false, false},
	{"GET", "/api/v1/rounds/{}/scores", h_scores_list, false, false},
	{"PUT", "/api/v1/rounds/{}/entries/{}/scores", h_scores_put, false, false},
	{"GET", "/api/v1/rounds/{}/ranking", h_ranking, false, false},
	{"GET", "/api/v1/rounds/{}/results", h_results, true, false},
	{"GET", "/api/v1/rounds/{}/appeals", h_appeals_list, false, false},
	{"POST", "/api/v1/rounds/{}/appeals", h_appeals_file, false, false},
	{"GET", "/api/v1/entries/{}", h_entry_get, false, false},
	{"POST", "/api/v1/entries/{}/conflicts", h_conflicts_add, false, false},
	{"GET", "/api/v1/appeals/{}", h_appeal_get, false, false},
	{"POST", "/api/v1/appeals/{}/decision", h_appeal_decide, false, false},
};

const size_t tunas_compete_routes_count =
	sizeof(tunas_compete_routes) / sizeof(tunas_compete_routes[0]);
