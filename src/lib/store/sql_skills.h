/*
 * sqlite_skills.h — the operations of store_sqlite_skills.c (frameworks,
 * person competencies, consent, vacancies, placements) for store_sqlite.c's
 * operations table, and migration 5 that creates their tables.
 */
#ifndef TUNAS_SQLITE_SKILLS_H
#define TUNAS_SQLITE_SKILLS_H

#include "store/store.h"

extern const char *const sqlite_schema_v5[];

int sqk_framework_insert(tunas_store *store, int64_t *out_id, const tunas_framework *f);
int sqk_framework_get(tunas_store *store, tunas_framework *out, int64_t id);
int sqk_framework_find(tunas_store *store, tunas_framework *out, const char *code);
int sqk_framework_list(tunas_store *store, tunas_framework **out, size_t *n,
		       const tunas_page *page);
int sqk_competency_upsert(tunas_store *store, int64_t *out_id, const tunas_competency *c);
int sqk_competency_get(tunas_store *store, tunas_competency *out, int64_t id);
int sqk_competency_find(tunas_store *store, tunas_competency *out, int64_t framework_id,
			const char *code);
int sqk_competency_list(tunas_store *store, tunas_competency **out, size_t *n, int64_t framework_id,
			int64_t parent_id, const char *q, const tunas_page *page);
int sqk_occupation_upsert(tunas_store *store, int64_t *out_id, const tunas_occupation *o);
int sqk_occupation_get(tunas_store *store, tunas_occupation *out, int64_t id);
int sqk_occupation_find(tunas_store *store, tunas_occupation *out, int64_t framework_id,
			const char *code);
int sqk_occupation_list(tunas_store *store, tunas_occupation **out, size_t *n, int64_t framework_id,
			const char *q, const tunas_page *page);
int sqk_occupation_skill_put(tunas_store *store, int64_t occupation_id, int64_t competency_id,
			     bool essential);
int sqk_occupation_skills(tunas_store *store, tunas_occ_skill **out, size_t *n,
			  int64_t occupation_id);
int sqk_crosswalk_insert(tunas_store *store, const tunas_crosswalk *x);
int sqk_crosswalk_exact(tunas_store *store, tunas_crosswalk **out, size_t *n);
int sqk_crosswalk_list(tunas_store *store, tunas_crosswalk **out, size_t *n, int64_t competency_id);
int sqk_course_skills_set(tunas_store *store, int64_t course_id, const tunas_course_skill *k,
			  size_t n, int64_t fee_minor);
int sqk_course_skills_get(tunas_store *store, tunas_course_skill **out, size_t *n,
			  int64_t *fee_minor, int64_t course_id);
int sqk_unit_skills_set(tunas_store *store, int64_t unit_id, const tunas_course_skill *k, size_t n);
int sqk_person_skill_list(tunas_store *store, tunas_person_skill **out, size_t *n,
			  int64_t person_id);
int sqk_person_skill_derive(tunas_store *store, bool *changed, int64_t person_id, const char *day);
int sqk_course_evidence_people(tunas_store *store, int64_t **out, size_t *n, int64_t course_id);
int sqk_person_skill_declare(tunas_store *store, const tunas_person_skill *k);
int sqk_person_skill_undeclare(tunas_store *store, int64_t person_id, int64_t competency_id);
int sqk_consent_get(tunas_store *store, tunas_consent *out, int64_t person_id);
int sqk_consent_put(tunas_store *store, const tunas_consent *c);
int sqk_vacancy_insert(tunas_store *store, int64_t *out_id, const tunas_vacancy *v);
int sqk_vacancy_update(tunas_store *store, const tunas_vacancy *v);
int sqk_vacancy_get(tunas_store *store, tunas_vacancy *out, int64_t id);
int sqk_vacancy_list(tunas_store *store, tunas_vacancy **out, size_t *n, int64_t employer_org_id,
		     const char *region, int64_t mine_org, const char *day, const tunas_page *page);
int sqk_demand(tunas_store *store, tunas_demand_row **out, size_t *n, tunas_demand_by by,
	       const char *day);
int sqk_skills_gen(tunas_store *store, int64_t *out);
int sqk_skills_touch(tunas_store *store);
int sqk_skills_scan(tunas_store *store, const char *day,
		    int (*person)(void *arg, int64_t id, const char *region, bool findable,
				  const tunas_skill_holding *h, size_t n),
		    int (*vacancy)(void *arg, const tunas_vacancy *v), void *arg);
int sqk_skill_courses(tunas_store *store, tunas_skill_course **out, size_t *n, const int64_t *comps,
		      size_t ncomps, const char *day);
int sqk_placement_insert(tunas_store *store, int64_t *out_id, const tunas_placement *p);
int sqk_placement_list(tunas_store *store, tunas_placement **out, size_t *n, int64_t person_id);
int sqk_tracer_insert(tunas_store *store, int64_t *out_id, const tunas_tracer *t);
int sqk_tracer_list(tunas_store *store, tunas_tracer **out, size_t *n, int64_t person_id);
int sqk_placement_rates(tunas_store *store, tunas_placement_rate **out, size_t *n, tunas_rate_by by,
			int64_t owner_org_id);

#endif
