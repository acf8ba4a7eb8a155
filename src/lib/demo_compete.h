/*
 * demo_compete.h — the competitions part of the demo data
 * (demo_compete.c), loaded by tunas_demo_load() after the skills data: the
 * Huawei ICT Competition judged by INTAN and JPA civil servants with a
 * Huawei engineer, through two published rounds, and Seeds for the Future
 * taking entries.
 */
#ifndef TUNAS_DEMO_COMPETE_H
#define TUNAS_DEMO_COMPETE_H

#include "tunas/tunas.h"

typedef struct {
	int64_t huawei_my;	/* organiser */
	int64_t intan, jpa;	/* the civil servants' organisations */
	int64_t ilpkl;		/* the centre whose trainees enter */
	int64_t trainee_person; /* trainee.demo: in one team */
} demo_compete_refs;

typedef struct {
	int64_t competitions, rounds, entries, judges, scores, conflicts, appeals;
	int64_t accounts; /* judges' accounts it creates */
} demo_compete_summary;

/* In the caller's transaction, as the local operator (and the judges'
 * accounts it creates, with `password`, for their conflicts and scores).
 * Deterministic for a seed. */
int demo_compete_load(tunas_ctx *ctx, demo_compete_summary *out, const demo_compete_refs *refs,
		      const char *password, uint64_t seed);

#endif
