/*
 * routes_skills.c — the HTTP routes of skills intelligence (skills.h):
 * frameworks and occupations, what courses teach, a person's
 * competencies, consent, matches, pathways, placements and tracer
 * answers, vacancies, demand, gap reports and placement rates. Each
 * handler parses the request, calls one library function and writes the
 * answer.
 */
#include "server/routes.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/skills.h"
#include "util/mem.h"

/* ------------------------------------------------------------------------ */
/* Rendering */

static void framework_json(tunas_jsonw *w, const tunas_framework *f)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", f->id);
	tunas_jsonw_kstr(w, "code", f->code);
	tunas_jsonw_kstr(w, "name", f->name);
	tunas_jsonw_kstr(w, "kind", tunas_fw_kind_name(f->kind));
	tunas_jsonw_kstr(w, "version", f->version);
	tunas_jsonw_kint(w, "levels", f->levels);
	http_kid(w, "owner_org_id", f->owner_org_id);
	tunas_jsonw_kint(w, "competencies", f->competencies);
	tunas_jsonw_kint(w, "occupations", f->occupations);
	tunas_jsonw_kint(w, "created_at", f->created_at);
	tunas_jsonw_obj_end(w);
}

static void competency_json(tunas_jsonw *w, const tunas_competency *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kint(w, "framework_id", c->framework_id);
	http_kid(w, "parent_id", c->parent_id);
	tunas_jsonw_kstr(w, "kind", tunas_comp_kind_name(c->kind));
	tunas_jsonw_kstr(w, "code", c->code);
	tunas_jsonw_kstr(w, "title", c->title);
	tunas_jsonw_kstr(w, "uri", c->uri);
	tunas_jsonw_kint(w, "level", c->level);
	tunas_jsonw_obj_end(w);
}

static void occupation_fields(tunas_jsonw *w, const tunas_occupation *o)
{
	tunas_jsonw_kint(w, "id", o->id);
	tunas_jsonw_kint(w, "framework_id", o->framework_id);
	tunas_jsonw_kstr(w, "code", o->code);
	tunas_jsonw_kstr(w, "title", o->title);
	tunas_jsonw_kstr(w, "uri", o->uri);
	tunas_jsonw_kstr(w, "isco", o->isco);
}

static void occupation_json(tunas_jsonw *w, const tunas_occupation *o)
{
	tunas_jsonw_obj_begin(w);
	occupation_fields(w, o);
	tunas_jsonw_obj_end(w);
}

static void crosswalk_json(tunas_jsonw *w, const tunas_crosswalk *x)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "from_id", x->from_id);
	tunas_jsonw_kint(w, "to_id", x->to_id);
	tunas_jsonw_kstr(w, "relation", tunas_xw_relation_name(x->relation));
	tunas_jsonw_obj_end(w);
}

static void person_skill_json(tunas_jsonw *w, const tunas_person_skill *k)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "competency_id", k->competency_id);
	tunas_jsonw_kstr(w, "title", k->title);
	tunas_jsonw_kstr(w, "framework", k->framework);
	tunas_jsonw_kint(w, "level", k->level);
	tunas_jsonw_kbool(w, "verified", k->verified);
	tunas_jsonw_kstr(w, "source", tunas_skill_source_name(k->source));
	http_kid(w, "source_id", k->source_id);
	http_kdate(w, "acquired_on", k->acquired_on);
	http_kdate(w, "valid_until", k->valid_until);
	tunas_jsonw_obj_end(w);
}

static void consent_json(tunas_jsonw *w, const tunas_consent *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "person_id", c->person_id);
	tunas_jsonw_kbool(w, "findable", c->findable);
	tunas_jsonw_kbool(w, "tracer", c->tracer);
	if (c->updated_at)
		tunas_jsonw_kint(w, "updated_at", c->updated_at);
	else
		tunas_jsonw_knull(w, "updated_at");
	tunas_jsonw_obj_end(w);
}

static void vacancy_json(tunas_jsonw *w, const tunas_vacancy *v)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", v->id);
	tunas_jsonw_kint(w, "employer_org_id", v->employer_org_id);
	tunas_jsonw_kstr(w, "title", v->title);
	tunas_jsonw_kint(w, "occupation_id", v->occupation_id);
	tunas_jsonw_kstr(w, "region", v->region);
	tunas_jsonw_kstr(w, "sector", v->sector);
	tunas_jsonw_kint(w, "openings", v->openings);
	http_kdate(w, "closes_on", v->closes_on);
	tunas_jsonw_kstr(w, "status", tunas_vac_status_name(v->status));
	tunas_jsonw_karr(w, "requirements");
	for (int i = 0; i < v->n_reqs; i++) {
		tunas_jsonw_obj_begin(w);
		tunas_jsonw_kint(w, "competency_id", v->reqs[i].competency_id);
		tunas_jsonw_kbool(w, "essential", v->reqs[i].essential);
		tunas_jsonw_kint(w, "level", v->reqs[i].level);
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_arr_end(w);
	tunas_jsonw_kint(w, "created_at", v->created_at);
	tunas_jsonw_obj_end(w);
}

static void ids_json(tunas_jsonw *w, const char *key, const int64_t *ids, int n)
{
	tunas_jsonw_karr(w, key);
	for (int i = 0; i < n; i++)
		tunas_jsonw_int(w, ids[i]);
	tunas_jsonw_arr_end(w);
}

/* A match: a candidate (person_key "person_id") or a vacancy. */
static void match_json(tunas_jsonw *w, const tunas_match *m, const char *id_key)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, id_key, m->id);
	tunas_jsonw_kstr(w, id_key[0] == 'p' ? "name" : "title", m->name);
	tunas_jsonw_kstr(w, "region", m->region);
	tunas_jsonw_kint(w, "essential_met", m->essential_met);
	tunas_jsonw_kint(w, "essential_total", m->essential_total);
	tunas_jsonw_kint(w, "optional_met", m->optional_met);
	tunas_jsonw_kint(w, "optional_total", m->optional_total);
	ids_json(w, "met", m->met, m->n_met);
	ids_json(w, "missing", m->missing, m->n_missing);
	tunas_jsonw_obj_end(w);
}

static void candidate_json(tunas_jsonw *w, const tunas_match *m)
{
	match_json(w, m, "person_id");
}

static void vacancy_match_json(tunas_jsonw *w, const tunas_match *m)
{
	match_json(w, m, "vacancy_id");
}

static void demand_json(tunas_jsonw *w, const tunas_demand_row *d)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kstr(w, "key", d->key);
	http_kid(w, "occupation_id", d->occupation_id);
	tunas_jsonw_kint(w, "vacancies", d->vacancies);
	tunas_jsonw_kint(w, "openings", d->openings);
	tunas_jsonw_obj_end(w);
}

static void gap_json(tunas_jsonw *w, const tunas_gap_row *g)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kstr(w, "region", g->region);
	tunas_jsonw_kint(w, "id", g->ref_id);
	tunas_jsonw_kstr(w, "name", g->name);
	tunas_jsonw_kint(w, "vacancies", g->vacancies);
	tunas_jsonw_kint(w, "openings", g->openings);
	tunas_jsonw_kint(w, "supply", g->supply);
	tunas_jsonw_kint(w, "pipeline", g->pipeline);
	tunas_jsonw_kint(w, "gap", g->gap);
	tunas_jsonw_obj_end(w);
}

static void pathway_json(tunas_jsonw *w, const tunas_pathway *p)
{
	tunas_jsonw_obj_begin(w);
	ids_json(w, "missing", p->missing, p->n_missing);
	ids_json(w, "uncovered", p->uncovered, p->n_uncovered);
	tunas_jsonw_karr(w, "steps");
	for (int i = 0; i < p->n_steps; i++) {
		const tunas_path_step *s = &p->steps[i];

		tunas_jsonw_obj_begin(w);
		tunas_jsonw_kint(w, "course_id", s->course_id);
		tunas_jsonw_kstr(w, "course", s->course);
		tunas_jsonw_kint(w, "cohort_id", s->cohort_id);
		http_kdate(w, "starts_on", s->starts_on);
		tunas_jsonw_kint(w, "hours", s->hours);
		tunas_jsonw_kint(w, "fee_minor", s->fee_minor);
		tunas_jsonw_kstr(w, "currency", s->currency);
		ids_json(w, "covers", s->covers, s->n_covers);
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_arr_end(w);
	tunas_jsonw_kint(w, "total_hours", p->total_hours);
	if (p->currency[0]) {
		tunas_jsonw_kint(w, "total_fee_minor", p->total_fee_minor);
		tunas_jsonw_kstr(w, "currency", p->currency);
	} else {
		tunas_jsonw_knull(w, "total_fee_minor");
		tunas_jsonw_knull(w, "currency");
	}
	tunas_jsonw_obj_end(w);
}

static void placement_json(tunas_jsonw *w, const tunas_placement *p)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", p->id);
	tunas_jsonw_kint(w, "person_id", p->person_id);
	http_kid(w, "enrolment_id", p->enrolment_id);
	http_kid(w, "vacancy_id", p->vacancy_id);
	http_kid(w, "employer_org_id", p->employer_org_id);
	tunas_jsonw_kstr(w, "employer_name", p->employer_name);
	tunas_jsonw_kstr(w, "role", p->role);
	http_kdate(w, "started_on", p->started_on);
	http_kid(w, "recorded_by", p->recorded_by);
	tunas_jsonw_kint(w, "created_at", p->created_at);
	tunas_jsonw_obj_end(w);
}

static void tracer_json(tunas_jsonw *w, const tunas_tracer *t)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", t->id);
	tunas_jsonw_kint(w, "enrolment_id", t->enrolment_id);
	tunas_jsonw_kint(w, "person_id", t->person_id);
	tunas_jsonw_kint(w, "wave", t->wave);
	tunas_jsonw_kstr(w, "status", tunas_trace_status_name(t->status));
	tunas_jsonw_kstr(w, "employer_name", t->employer_name);
	tunas_jsonw_kstr(w, "role", t->role);
	tunas_jsonw_kbool(w, "related", t->related);
	tunas_jsonw_kint(w, "monthly_income_minor", t->monthly_income_minor);
	http_kdate(w, "answered_on", t->answered_on);
	http_kid(w, "recorded_by", t->recorded_by);
	tunas_jsonw_obj_end(w);
}

static void rate_json(tunas_jsonw *w, const tunas_placement_rate *p)
{
	tunas_jsonw_obj_begin(w);
	http_kid(w, "id", p->ref_id);
	tunas_jsonw_kstr(w, "key", p->key);
	tunas_jsonw_kint(w, "completed", p->completed);
	tunas_jsonw_kint(w, "placed", p->placed);
	tunas_jsonw_kdouble(w, "rate", p->rate);
	tunas_jsonw_obj_end(w);
}

/* ------------------------------------------------------------------------ */
/* Helpers */

#define COURSE_SKILLS_MAX 200 /* competencies a course or unit teaches */
#define OCC_SKILLS_MAX 1000   /* an occupation's (ESCO's longest has 340) */

/* ?limit= for matches: 1..TUNAS_MATCH_MAX, `dflt` when absent. */
static int query_limit(tunas_req *r, int dflt, int *out)
{
	const char *v = http_query(r, "limit");
	char *end = NULL;
	long n;

	*out = dflt;
	if (v == NULL || v[0] == '\0')
		return 0;
	n = strtol(v, &end, 10);
	if (end == NULL || *end != '\0' || n < 1 || n > TUNAS_MATCH_MAX) {
		http_problem(r, 400, "limit", "must be 1 to %d", TUNAS_MATCH_MAX);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* An optional ?name= text of at most cap - 1 bytes. */
static int query_text(tunas_req *r, const char *name, char *out, size_t cap)
{
	const char *v = http_query(r, name);

	out[0] = '\0';
	if (v == NULL)
		return 0;
	if (strlen(v) >= cap) {
		http_problem(r, 400, name, "too long (at most %zu bytes)", cap - 1);
		return -1;
	}
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

/* The body's "skills": [{competency_id, level}] into out[0..*n). */
static int body_skills(tunas_req *r, tunas_course_skill *out, size_t *n, size_t max)
{
	static const char *const allowed[] = {"competency_id", "level", NULL};
	json_t *arr = json_object_get(r->body, "skills"), *it;
	char prefix[32];
	size_t i;

	*n = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > max) {
		http_problem(r, 422, "skills", "must be an array of at most %zu items", max);
		return -1;
	}
	json_array_foreach(arr, i, it)
	{
		snprintf(prefix, sizeof(prefix), "skills[%zu].", i);
		r->prefix = prefix;
		if (!json_is_object(it)) {
			http_problem(r, 422, "skills", "item %zu must be an object", i);
			return -1;
		}
		memset(&out[i], 0, sizeof(out[i]));
		if (http_only(r, it, prefix, allowed) ||
		    http_i64(r, it, "competency_id", &out[i].competency_id, 1, INT64_MAX, true) ||
		    http_int(r, it, "level", &out[i].level, 0, TUNAS_LEVEL_MAX, false))
			return -1;
	}
	r->prefix = NULL;
	*n = json_array_size(arr);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Frameworks, competencies, occupations, crosswalks, course skills */

static int h_frameworks_list(tunas_req *r)
{
	tunas_framework *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_framework_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, framework_json);
	free(rows);
	return 0;
}

static int h_frameworks_create(tunas_req *r)
{
	static const char *const allowed[] = {"code",	"name",		"kind", "version",
					      "levels", "owner_org_id", NULL};
	tunas_framework f;
	char kind[32] = "";
	int64_t id = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", f.code, sizeof(f.code), true) ||
	    http_str(r, r->body, "name", f.name, sizeof(f.name), true) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), true) ||
	    http_str(r, r->body, "version", f.version, sizeof(f.version), false) ||
	    http_int(r, r->body, "levels", &f.levels, 0, TUNAS_LEVEL_MAX, false) ||
	    http_i64(r, r->body, "owner_org_id", &f.owner_org_id, 0, INT64_MAX, false))
		return 0;
	if ((f.kind = tunas_fw_kind_parse(kind)) == TUNAS_FW_NONE)
		return http_problem(r, 422, "kind", "must be national, vendor, taxonomy or custom");
	if ((rc = tunas_framework_create(r->ctx, &id, &f)) != 0 ||
	    (rc = tunas_framework_get(r->ctx, &f, id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, framework_json, &f);
}

static int h_frameworks_get(tunas_req *r)
{
	tunas_framework f;
	int rc = tunas_framework_get(r->ctx, &f, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, framework_json, &f);
}

static int h_competencies_list(tunas_req *r)
{
	tunas_competency *rows = NULL;
	char q[TUNAS_NAME_MAX + 1];
	int64_t parent;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "parent_id", &parent) ||
	    query_text(r, "q", q, sizeof(q)))
		return 0;
	rc = tunas_competency_list(r->ctx, &rows, &n, r->params[0], parent, q, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, competency_json);
	free(rows);
	return 0;
}

static int h_competencies_create(tunas_req *r)
{
	static const char *const allowed[] = {"parent_id", "kind",  "code", "title",
					      "uri",	   "level", NULL};
	tunas_competency c;
	char kind[32] = "";
	int64_t id = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.framework_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "parent_id", &c.parent_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), true) ||
	    http_str(r, r->body, "code", c.code, sizeof(c.code), true) ||
	    http_str(r, r->body, "title", c.title, sizeof(c.title), true) ||
	    http_str(r, r->body, "uri", c.uri, sizeof(c.uri), false) ||
	    http_int(r, r->body, "level", &c.level, 0, TUNAS_LEVEL_MAX, false))
		return 0;
	if ((c.kind = tunas_comp_kind_parse(kind)) == TUNAS_COMP_NONE)
		return http_problem(r, 422, "kind", "must be domain, unit or element");
	if ((rc = tunas_competency_create(r->ctx, &id, &c)) != 0 ||
	    (rc = tunas_competency_get(r->ctx, &c, id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, competency_json, &c);
}

static int h_competency_get(tunas_req *r)
{
	tunas_competency c;
	int rc = tunas_competency_get(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, competency_json, &c);
}

static int h_crosswalks_list(tunas_req *r)
{
	tunas_crosswalk *rows = NULL;
	size_t n = 0;
	int rc = tunas_crosswalk_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, crosswalk_json);
	free(rows);
	return 0;
}

static int h_crosswalks_add(tunas_req *r)
{
	static const char *const allowed[] = {"from_id", "to_id", "relation", NULL};
	tunas_crosswalk x;
	char rel[32] = "";
	int rc;

	memset(&x, 0, sizeof(x));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "from_id", &x.from_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "to_id", &x.to_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "relation", rel, sizeof(rel), true))
		return 0;
	if ((x.relation = tunas_xw_relation_parse(rel)) == TUNAS_XW_NONE)
		return http_problem(r, 422, "relation",
				    "must be exact, close, broader or narrower");
	if ((rc = tunas_crosswalk_add(r->ctx, &x)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, crosswalk_json, &x);
}

static int h_occupations_list(tunas_req *r)
{
	tunas_occupation *rows = NULL;
	char q[TUNAS_NAME_MAX + 1];
	int64_t fw;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "framework_id", &fw) ||
	    query_text(r, "q", q, sizeof(q)))
		return 0;
	if ((rc = tunas_occupation_list(r->ctx, &rows, &n, fw, q, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, occupation_json);
	free(rows);
	return 0;
}

/* An occupation with its skills. */
static int occupation_answer(tunas_req *r, int64_t id, unsigned status)
{
	tunas_occ_skill *skills = NULL;
	tunas_occupation o;
	tunas_jsonw w;
	size_t n = 0, i;
	int rc;

	if ((rc = tunas_occupation_get(r->ctx, &o, id)) != 0 ||
	    (rc = tunas_occupation_skills(r->ctx, &skills, &n, o.id)) != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	occupation_fields(&w, &o);
	tunas_jsonw_karr(&w, "skills");
	for (i = 0; i < n; i++) {
		tunas_jsonw_obj_begin(&w);
		tunas_jsonw_kint(&w, "competency_id", skills[i].competency_id);
		tunas_jsonw_kbool(&w, "essential", skills[i].essential);
		tunas_jsonw_obj_end(&w);
	}
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(skills);
	return http_json(r, status, &w);
}

static int h_occupation_get(tunas_req *r)
{
	return occupation_answer(r, r->params[0], 200);
}

static int h_occupations_create(tunas_req *r)
{
	static const char *const allowed[] = {"code", "title", "uri", "isco", "skills", NULL};
	static const char *const skill_allowed[] = {"competency_id", "essential", NULL};
	tunas_occ_skill *skills = NULL;
	json_t *arr, *it;
	tunas_occupation o;
	char prefix[32];
	int64_t id = 0;
	size_t i, n = 0;
	int rc;

	memset(&o, 0, sizeof(o));
	o.framework_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", o.code, sizeof(o.code), true) ||
	    http_str(r, r->body, "title", o.title, sizeof(o.title), true) ||
	    http_str(r, r->body, "uri", o.uri, sizeof(o.uri), false) ||
	    http_str(r, r->body, "isco", o.isco, sizeof(o.isco), false))
		return 0;
	arr = json_object_get(r->body, "skills");
	if (arr != NULL && (!json_is_array(arr) || json_array_size(arr) > OCC_SKILLS_MAX))
		return http_problem(r, 422, "skills", "must be an array of at most %d items",
				    OCC_SKILLS_MAX);
	if (json_array_size(arr) > 0 &&
	    (skills = tunas_calloc(json_array_size(arr), sizeof(*skills))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	json_array_foreach(arr, i, it)
	{
		snprintf(prefix, sizeof(prefix), "skills[%zu].", i);
		r->prefix = prefix;
		if (!json_is_object(it)) {
			tunas_free(skills);
			return http_problem(r, 422, "skills", "item %zu must be an object", i);
		}
		skills[i].essential = true;
		if (http_only(r, it, prefix, skill_allowed) ||
		    http_i64(r, it, "competency_id", &skills[i].competency_id, 1, INT64_MAX,
			     true) ||
		    http_bool(r, it, "essential", &skills[i].essential, false)) {
			tunas_free(skills);
			return 0;
		}
		n++;
	}
	r->prefix = NULL;
	rc = tunas_occupation_create(r->ctx, &id, &o, skills, n);
	tunas_free(skills);
	if (rc != 0)
		return http_lib_error(r, rc);
	return occupation_answer(r, id, 201);
}

static int course_skills_answer(tunas_req *r, int64_t course_id, unsigned status)
{
	tunas_course_skill *k = NULL;
	int64_t fee = 0;
	tunas_jsonw w;
	size_t n = 0, i;
	int rc = tunas_course_skills_get(r->ctx, &k, &n, &fee, course_id);

	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "course_id", course_id);
	tunas_jsonw_kint(&w, "fee_minor", fee);
	tunas_jsonw_karr(&w, "skills");
	for (i = 0; i < n; i++) {
		tunas_jsonw_obj_begin(&w);
		tunas_jsonw_kint(&w, "competency_id", k[i].competency_id);
		tunas_jsonw_kint(&w, "level", k[i].level);
		tunas_jsonw_obj_end(&w);
	}
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(k);
	return http_json(r, status, &w);
}

static int h_course_skills_get(tunas_req *r)
{
	return course_skills_answer(r, r->params[0], 200);
}

static int h_course_skills_put(tunas_req *r)
{
	static const char *const allowed[] = {"skills", "fee_minor", NULL};
	tunas_course_skill k[COURSE_SKILLS_MAX];
	int64_t fee = 0;
	size_t n = 0;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "fee_minor", &fee, 0, INT64_MAX / 4, false) ||
	    body_skills(r, k, &n, COURSE_SKILLS_MAX))
		return 0;
	if ((rc = tunas_course_skills_set(r->ctx, r->params[0], k, n, fee)) != 0)
		return http_lib_error(r, rc);
	return course_skills_answer(r, r->params[0], 200);
}

static int h_unit_skills_put(tunas_req *r)
{
	static const char *const allowed[] = {"skills", NULL};
	tunas_course_skill k[COURSE_SKILLS_MAX];
	tunas_jsonw w;
	size_t n = 0;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    body_skills(r, k, &n, COURSE_SKILLS_MAX))
		return 0;
	if ((rc = tunas_unit_skills_set(r->ctx, r->params[0], k, n)) != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "unit_id", r->params[0]);
	tunas_jsonw_kint(&w, "skills", (int64_t)n);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

/* ------------------------------------------------------------------------ */
/* A person's competencies, consent, matches, pathway, outcomes */

static int h_person_skills(tunas_req *r)
{
	tunas_person_skill *rows = NULL;
	size_t n = 0;
	int rc = tunas_person_skills(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, person_skill_json);
	free(rows);
	return 0;
}

static int h_person_skill_declare(tunas_req *r)
{
	static const char *const allowed[] = {"competency_id", "level", NULL};
	int64_t comp = 0;
	int level = 0, rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "competency_id", &comp, 1, INT64_MAX, true) ||
	    http_int(r, r->body, "level", &level, 0, TUNAS_LEVEL_MAX, false))
		return 0;
	rc = tunas_person_skill_declare(r->ctx, r->params[0], comp, level);
	if (rc != 0)
		return http_lib_error(r, rc);
	return h_person_skills(r);
}

static int h_person_skill_undeclare(tunas_req *r)
{
	int rc = tunas_person_skill_undeclare(r->ctx, r->params[0], r->params[1]);

	if (rc != 0)
		return http_lib_error(r, rc);
	return h_person_skills(r);
}

static int h_consent_get(tunas_req *r)
{
	tunas_consent c;
	int rc = tunas_consent_get(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, consent_json, &c);
}

static int h_consent_put(tunas_req *r)
{
	static const char *const allowed[] = {"findable", "tracer", NULL};
	tunas_consent c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.person_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_bool(r, r->body, "findable", &c.findable, true) ||
	    http_bool(r, r->body, "tracer", &c.tracer, true))
		return 0;
	if ((rc = tunas_consent_set(r->ctx, &c)) != 0 ||
	    (rc = tunas_consent_get(r->ctx, &c, c.person_id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, consent_json, &c);
}

static int h_person_vacancies(tunas_req *r)
{
	tunas_match *rows = NULL;
	size_t n = 0;
	int k, rc;

	if (query_limit(r, 20, &k))
		return 0;
	if ((rc = tunas_match_vacancies(r->ctx, &rows, &n, r->params[0], k)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, vacancy_match_json);
	free(rows);
	return 0;
}

static int h_pathway(tunas_req *r)
{
	tunas_pathway *p;
	int64_t occ, vac;
	tunas_jsonw w;
	int rc;

	if (http_query_id(r, "occupation_id", &occ) || http_query_id(r, "vacancy_id", &vac))
		return 0;
	if ((p = tunas_malloc(sizeof(*p))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	rc = tunas_pathway_find(r->ctx, p, r->params[0], occ, vac);
	if (rc != 0) {
		tunas_free(p);
		return http_lib_error(r, rc);
	}
	pathway_json(http_json_begin(&w), p);
	tunas_free(p);
	return http_json(r, 200, &w);
}

static int h_placements_list(tunas_req *r)
{
	tunas_placement *rows = NULL;
	size_t n = 0;
	int rc = tunas_placement_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, placement_json);
	free(rows);
	return 0;
}

static int h_placements_add(tunas_req *r)
{
	static const char *const allowed[] = {
		"enrolment_id", "vacancy_id", "employer_org_id", "employer_name", "role",
		"started_on",	NULL};
	tunas_placement p;

	int rc;

	memset(&p, 0, sizeof(p));
	p.person_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "enrolment_id", &p.enrolment_id, 0, INT64_MAX, false) ||
	    http_i64(r, r->body, "vacancy_id", &p.vacancy_id, 0, INT64_MAX, false) ||
	    http_i64(r, r->body, "employer_org_id", &p.employer_org_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "employer_name", p.employer_name, sizeof(p.employer_name),
		     false) ||
	    http_str(r, r->body, "role", p.role, sizeof(p.role), true) ||
	    http_str(r, r->body, "started_on", p.started_on, sizeof(p.started_on), true))
		return 0;
	if ((rc = tunas_placement_record(r->ctx, &p, &p)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, placement_json, &p);
}

static int h_tracer_list(tunas_req *r)
{
	tunas_tracer *rows = NULL;
	size_t n = 0;
	int rc = tunas_tracer_list(r->ctx, &rows, &n, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, tracer_json);
	free(rows);
	return 0;
}

static int h_tracer_add(tunas_req *r)
{
	static const char *const allowed[] = {"wave",	     "status",	"employer_name",
					      "role",	     "related", "monthly_income_minor",
					      "answered_on", NULL};
	tunas_tracer t;
	char status[32] = "";

	int rc;

	memset(&t, 0, sizeof(t));
	t.enrolment_id = r->params[0];
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_int(r, r->body, "wave", &t.wave, 1, 12, true) ||
	    http_str(r, r->body, "status", status, sizeof(status), true) ||
	    http_str(r, r->body, "employer_name", t.employer_name, sizeof(t.employer_name),
		     false) ||
	    http_str(r, r->body, "role", t.role, sizeof(t.role), false) ||
	    http_bool(r, r->body, "related", &t.related, false) ||
	    http_i64(r, r->body, "monthly_income_minor", &t.monthly_income_minor, 0, INT64_MAX / 4,
		     false) ||
	    http_str(r, r->body, "answered_on", t.answered_on, sizeof(t.answered_on), true))
		return 0;
	if ((t.status = tunas_trace_status_parse(status)) == TUNAS_TRACE_NONE)
		return http_problem(r, 422, "status",
				    "must be employed, self_employed, studying or unemployed");
	if ((rc = tunas_tracer_record(r->ctx, &t, &t)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 201, tracer_json, &t);
}

/* ------------------------------------------------------------------------ */
/* Vacancies, demand, gaps, placement rates */

static int h_vacancies_list(tunas_req *r)
{
	tunas_vacancy *rows = NULL;
	char region[TUNAS_NAME_MAX + 1];
	int64_t employer;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page) || http_query_id(r, "employer_org_id", &employer) ||
	    query_text(r, "region", region, sizeof(region)))
		return 0;
	rc = tunas_vacancy_list(r->ctx, &rows, &n, employer, region, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, vacancy_json);
	free(rows);
	return 0;
}

static int body_requirements(tunas_req *r, tunas_vacancy *v)
{
	static const char *const allowed[] = {"competency_id", "essential", "level", NULL};
	json_t *arr = json_object_get(r->body, "requirements"), *it;
	char prefix[40];
	size_t i;

	v->n_reqs = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > TUNAS_REQS_MAX) {
		http_problem(r, 422, "requirements", "must be an array of at most %d items",
			     TUNAS_REQS_MAX);
		return -1;
	}
	json_array_foreach(arr, i, it)
	{
		tunas_requirement *q = &v->reqs[i];

		snprintf(prefix, sizeof(prefix), "requirements[%zu].", i);
		r->prefix = prefix;
		if (!json_is_object(it)) {
			http_problem(r, 422, "requirements", "item %zu must be an object", i);
			return -1;
		}
		q->essential = true;
		if (http_only(r, it, prefix, allowed) ||
		    http_i64(r, it, "competency_id", &q->competency_id, 1, INT64_MAX, true) ||
		    http_bool(r, it, "essential", &q->essential, false) ||
		    http_int(r, it, "level", &q->level, 0, TUNAS_LEVEL_MAX, false))
			return -1;
	}
	r->prefix = NULL;
	v->n_reqs = (int)json_array_size(arr);
	return 0;
}

static int h_vacancies_create(tunas_req *r)
{
	static const char *const allowed[] = {"employer_org_id", "title",	 "occupation_id",
					      "region",		 "sector",	 "openings",
					      "closes_on",	 "requirements", NULL};
	tunas_vacancy *v;
	int64_t id = 0;
	tunas_jsonw w;
	int rc;

	if ((v = tunas_calloc(1, sizeof(*v))) == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "employer_org_id", &v->employer_org_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "title", v->title, sizeof(v->title), true) ||
	    http_i64(r, r->body, "occupation_id", &v->occupation_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "region", v->region, sizeof(v->region), true) ||
	    http_str(r, r->body, "sector", v->sector, sizeof(v->sector), false) ||
	    http_int(r, r->body, "openings", &v->openings, 1, 100000, true) ||
	    http_str(r, r->body, "closes_on", v->closes_on, sizeof(v->closes_on), false) ||
	    body_requirements(r, v)) {
		tunas_free(v);
		return 0;
	}
	rc = tunas_vacancy_create(r->ctx, &id, v);
	if (rc == 0)
		rc = tunas_vacancy_get(r->ctx, v, id);
	if (rc != 0) {
		tunas_free(v);
		return http_lib_error(r, rc);
	}
	vacancy_json(http_json_begin(&w), v);
	tunas_free(v);
	return http_json(r, 201, &w);
}

static int h_vacancies_get(tunas_req *r)
{
	tunas_vacancy v;
	int rc = tunas_vacancy_get(r->ctx, &v, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, vacancy_json, &v);
}

static int h_vacancies_patch(tunas_req *r)
{
	static const char *const allowed[] = {"title", "openings", "closes_on", "status", NULL};
	char status[32] = "";
	tunas_vacancy v;
	int rc;

	if ((rc = tunas_vacancy_get(r->ctx, &v, r->params[0])) != 0)
		return http_lib_error(r, rc);
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "title", v.title, sizeof(v.title), false) ||
	    http_int(r, r->body, "openings", &v.openings, 1, 100000, false) ||
	    http_str(r, r->body, "closes_on", v.closes_on, sizeof(v.closes_on), false) ||
	    http_str(r, r->body, "status", status, sizeof(status), false))
		return 0;
	if (status[0] && (v.status = tunas_vac_status_parse(status)) == TUNAS_VAC_NONE)
		return http_problem(r, 422, "status", "must be open, closed or filled");
	if ((rc = tunas_vacancy_update(r->ctx, &v)) != 0 ||
	    (rc = tunas_vacancy_get(r->ctx, &v, v.id)) != 0)
		return http_lib_error(r, rc);
	ONE(r, 200, vacancy_json, &v);
}

static int h_candidates(tunas_req *r)
{
	char region[TUNAS_NAME_MAX + 1];
	tunas_match *rows = NULL;
	size_t n = 0;
	int k, rc;

	if (query_limit(r, 50, &k) || query_text(r, "region", region, sizeof(region)))
		return 0;
	rc = tunas_match_candidates(r->ctx, &rows, &n, r->params[0], region, k);
	if (rc != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, candidate_json);
	free(rows);
	return 0;
}

static int h_demand(tunas_req *r)
{
	const char *by = http_query(r, "by");
	tunas_demand_row *rows = NULL;
	tunas_demand_by b;
	size_t n = 0;
	int rc;

	if (by == NULL || strcmp(by, "region") == 0)
		b = TUNAS_BY_REGION;
	else if (strcmp(by, "sector") == 0)
		b = TUNAS_BY_SECTOR;
	else if (strcmp(by, "occupation") == 0)
		b = TUNAS_BY_OCCUPATION;
	else
		return http_problem(r, 400, "by", "must be region, sector or occupation");
	if ((rc = tunas_demand(r->ctx, &rows, &n, b)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, demand_json);
	free(rows);
	return 0;
}

static int h_gaps(tunas_req *r)
{
	const char *by = http_query(r, "by"), *format = http_query(r, "format");
	char region[TUNAS_NAME_MAX + 1];
	tunas_gap_row *rows = NULL;
	bool by_comp, csv;
	char *buf = NULL;
	size_t n = 0, len = 0;
	FILE *mem;
	int rc;

	if (query_text(r, "region", region, sizeof(region)))
		return 0;
	if (by != NULL && strcmp(by, "occupation") != 0 && strcmp(by, "competency") != 0)
		return http_problem(r, 400, "by", "must be occupation or competency");
	if (format != NULL && strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
		return http_problem(r, 400, "format", "must be json or csv");
	by_comp = by != NULL && strcmp(by, "competency") == 0;
	csv = format != NULL && strcmp(format, "csv") == 0;
	if (csv) {
		if ((mem = open_memstream(&buf, &len)) == NULL)
			return http_problem(r, 500, NULL, "out of memory");
		rc = tunas_gap_csv(r->ctx, mem, by_comp, region);
		if (fclose(mem) != 0 && rc == 0)
			rc = TUNAS_ENOMEM;
		if (rc != 0) {
			free(buf);
			return http_lib_error(r, rc);
		}
		return http_raw(r, buf, len, "text/csv; charset=utf-8");
	}
	if ((rc = tunas_gap_report(r->ctx, &rows, &n, by_comp, region)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, gap_json);
	free(rows);
	return 0;
}

static int h_placement_rates(tunas_req *r)
{
	const char *by = http_query(r, "by");
	tunas_placement_rate *rows = NULL;
	tunas_rate_by b;
	size_t n = 0;
	int rc;

	if (by == NULL || strcmp(by, "programme") == 0)
		b = TUNAS_RATE_PROGRAMME;
	else if (strcmp(by, "cohort") == 0)
		b = TUNAS_RATE_COHORT;
	else if (strcmp(by, "region") == 0)
		b = TUNAS_RATE_REGION;
	else
		return http_problem(r, 400, "by", "must be programme, cohort or region");
	if ((rc = tunas_placement_rates(r->ctx, &rows, &n, b)) != 0)
		return http_lib_error(r, rc);
	ALL(r, rows, n, rate_json);
	free(rows);
	return 0;
}

const route tunas_skills_routes[] = {
	{"GET", "/api/v1/frameworks", h_frameworks_list, false, false},
	{"POST", "/api/v1/frameworks", h_frameworks_create, false, false},
	{"GET", "/api/v1/frameworks/{}", h_frameworks_get, false, false},
	{"GET", "/api/v1/frameworks/{}/competencies", h_competencies_list, false, false},
	{"POST", "/api/v1/frameworks/{}/competencies", h_competencies_create, false, false},
	{"GET", "/api/v1/competencies/{}", h_competency_get, false, false},
	{"GET", "/api/v1/competencies/{}/crosswalks", h_crosswalks_list, false, false},
	{"POST", "/api/v1/crosswalks", h_crosswalks_add, false, false},
	{"GET", "/api/v1/occupations", h_occupations_list, false, false},
	{"GET", "/api/v1/occupations/{}", h_occupation_get, false, false},
	{"POST", "/api/v1/frameworks/{}/occupations", h_occupations_create, false, false},
	{"GET", "/api/v1/courses/{}/competencies", h_course_skills_get, false, false},
	{"PUT", "/api/v1/courses/{}/competencies", h_course_skills_put, false, false},
	{"PUT", "/api/v1/units/{}/competencies", h_unit_skills_put, false, false},
	{"GET", "/api/v1/people/{}/competencies", h_person_skills, false, false},
	{"POST", "/api/v1/people/{}/competencies", h_person_skill_declare, false, false},
	{"DELETE", "/api/v1/people/{}/competencies/{}", h_person_skill_undeclare, false, false},
	{"GET", "/api/v1/people/{}/consent", h_consent_get, false, false},
	{"PUT", "/api/v1/people/{}/consent", h_consent_put, false, false},
	{"GET", "/api/v1/people/{}/vacancies", h_person_vacancies, false, false},
	{"GET", "/api/v1/people/{}/pathway", h_pathway, false, false},
	{"GET", "/api/v1/people/{}/placements", h_placements_list, false, false},
	{"POST", "/api/v1/people/{}/placements", h_placements_add, false, false},
	{"GET", "/api/v1/people/{}/tracer", h_tracer_list, false, false},
	{"POST", "/api/v1/enrolments/{}/tracer", h_tracer_add, false, false},
	{"GET", "/api/v1/vacancies", h_vacancies_list, false, false},
	{"POST", "/api/v1/vacancies", h_vacancies_create, false, false},
	{"GET", "/api/v1/vacancies/{}", h_vacancies_get, false, false},
	{"PATCH", "/api/v1/vacancies/{}", h_vacancies_patch, false, false},
	{"GET", "/api/v1/vacancies/{}/candidates", h_candidates, false, false},
	{"GET", "/api/v1/demand", h_demand, false, false},
	{"GET", "/api/v1/gaps", h_gaps, false, false},
	{"GET", "/api/v1/placement-rates", h_placement_rates, false, false},
};

const size_t tunas_skills_routes_count =
	sizeof(tunas_skills_routes) / sizeof(tunas_skills_routes[0]);
