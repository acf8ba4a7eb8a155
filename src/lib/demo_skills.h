/*
 * demo_skills.h — the skills part of the demo data (demo_skills.c), loaded
 * by tunas_demo_load() after the programmes have run: a telecom and cloud
 * competency standard, what the JTM-Huawei and SmartGen courses teach,
 * employers' vacancies, consent, placements and tracer answers.
 */
#ifndef TUNAS_DEMO_SKILLS_H
#define TUNAS_DEMO_SKILLS_H

#include "tunas/tunas.h"

typedef struct {
	int64_t employer_my; /* Sinar Telekom, Selangor */
	int64_t employer_id; /* PT Karya Menara Nusantara, Jawa Barat */
	int64_t ilpkl;	     /* the centre that runs the next JTM intake */
	int64_t employer_user;
} demo_skills_refs;

typedef struct {
	int64_t organisations, cohorts; /* added to the base demo's */
	int64_t competencies, occupations, vacancies, findable, placements, tracer_answers;
} demo_skills_summary;

/* The id of the programme with `code`, or of its course with `code`;
 * 0 in *out if there is none. For the demo loaders. */
int demo_find_programme(tunas_ctx *ctx, int64_t *out, const char *code);
int demo_find_course(tunas_ctx *ctx, int64_t *out, int64_t programme, const char *code);

/* In the caller's transaction, as the local operator (and the employer
 * account for its vacancies). */
int demo_skills_load(tunas_ctx *ctx, demo_skills_summary *out, const demo_skills_refs *refs,
		     uint64_t seed);

#endif
