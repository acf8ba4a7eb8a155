/*
 * skills_int.h — what skills.c shares inside the library: recomputing the
 * competencies of everyone whose evidence a course involves (framework.c,
 * when what a course or unit teaches changes), and the matching index it
 * keeps, for the benchmark that compares it with brute force
 * (bench/skills_bench.c).
 */
#ifndef TUNAS_SKILLS_INT_H
#define TUNAS_SKILLS_INT_H

#include "match.h"
#include "tunas/tunas.h"

/* Recompute the verified competencies of everyone whose evidence involves
 * the course (certificates of its programme, vendor certifications it
 * names, verified attempts at its units), in the caller's transaction. */
int skills_refresh_course(tunas_ctx *ctx, int64_t course_id);

typedef struct skills_index skills_index;

/* A reference to the index, as fresh as the store for a small database
 * (rebuilt now if the store changed), maybe a little behind it for a large
 * one (see skills.c); release it with skills_index_release(). */
int skills_index_get(tunas_ctx *ctx, skills_index **out);
void skills_index_release(skills_index *x);
/* Borrowed: lives as long as the reference. */
const tunas_mx *skills_index_mx(const skills_index *x);
/* The index's number for a region name, -1 if it has none. */
int skills_index_region(const skills_index *x, const char *name);

#endif
