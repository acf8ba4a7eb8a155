/*
 * skills_int.h — the matching index skills.c keeps, for the benchmark and
 * tests that compare it with brute force (bench/skills_bench.c). Nothing
 * else in the library needs it.
 */
#ifndef TUNAS_SKILLS_INT_H
#define TUNAS_SKILLS_INT_H

#include "match.h"
#include "tunas/tunas.h"

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
