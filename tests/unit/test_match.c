/*
 * test_match.c — the in-memory skills index (lib/match.c).
 *
 * Small cases whose answers were worked out by hand (the comments say
 * why each person or vacancy lands where it does), the brute-force twin
 * of every query compared with the indexed one on random data of a few
 * tens of thousands of people, the set cover against exhaustive search,
 * bad arguments, and allocation failure.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/match.h"
#include "tunas/tunas.h"
#include "util/mem.h"

#define TODAY 20000 /* days since 1970 */
#define NEVER INT32_MAX

/* ---- building from tables ---- */

typedef struct {
	int64_t id;
	uint16_t region;
	bool findable;
	tunas_mx_holding h[8];
	size_t n;
} person;

typedef struct {
	int64_t id;
	uint16_t region;
	int64_t occ;
	int32_t openings;
	bool open;
	int32_t closes;
	tunas_mx_req r[8];
	size_t n;
} vacancy;

/* Add the tables to a new builder and build; the return code of the
 * first call that fails (*out untouched then). */
static int build(tunas_mx **out, const person *p, size_t np, const vacancy *v, size_t nv)
{
	tunas_mx_builder *b = tunas_mx_builder_new(np, nv);
	size_t i;
	int rc;

	if (b == NULL)
		return TUNAS_ENOMEM;
	for (i = 0; i < np; i++) {
		rc = tunas_mx_add_person(b, p[i].id, p[i].region, p[i].findable, p[i].h, p[i].n);
		if (rc != 0) {
			tunas_mx_builder_free(b);
			return rc;
		}
	}
	for (i = 0; i < nv; i++) {
		rc = tunas_mx_add_vacancy(b, v[i].id, v[i].region, v[i].occ, v[i].openings,
					  v[i].open, v[i].closes, v[i].r, v[i].n);
		if (rc != 0) {
			tunas_mx_builder_free(b);
			return rc;
		}
	}
	return tunas_mx_build(out, b);
}

#define V(c, l)                                                                                    \
	{                                                                                          \
		(c), (l), false                                                                    \
	}
#define T(c, l)                                                                                    \
	{                                                                                          \
		(c), (l), true                                                                     \
	}
#define E(c, l)                                                                                    \
	{                                                                                          \
		(c), (l), true                                                                     \
	}
#define O(c, l)                                                                                    \
	{                                                                                          \
		(c), (l), false                                                                    \
	}

/* ---- candidates ---- */

enum { A = 101, B = 102, C = 103, D = 104, X = 105 };

/* The vacancy: A >= 3 and B (any level) essential; C >= 2 and D optional.
 * Bits: A 1, B 2, C 4, D 8. */
static const tunas_mx_req cand_reqs[] = {E(A, 3), E(B, 0), O(C, 2), O(D, 0)};

static const person cand_people[] = {
	/* e 2 (A3, B1), o 1 (C2): 0b0111 */
	{10, 1, true, {V(A, 3), V(B, 1), V(C, 2)}, 3},
	/* duplicates: A2 and A5 keep 5; C4 in training loses to the
	 * verified C1, which is below 2: e 2, o 1 (D): 0b1011 */
	{20, 2, true, {V(A, 2), V(C, 1), V(D, 4), T(C, 4), V(A, 5), V(B, 2)}, 6},
	/* A2 is below 3: e 1 (B), o 2: 0b1110 */
	{30, 1, true, {V(A, 2), V(B, 3), V(C, 5), V(D, 1)}, 4},
	/* meets everything but is not findable */
	{40, 1, false, {V(A, 5), V(B, 5), V(C, 5), V(D, 5)}, 4},
	/* A only in training: e 1 (B), o 0: 0b0010 */
	{50, 2, true, {T(A, 4), V(B, 1)}, 2},
	/* nothing the vacancy asks for */
	{60, 1, true, {V(X, 5)}, 1},
	/* B at level 0 meets "any level": e 2, o 2: 0b1111 */
	{5, 3, true, {V(A, 3), V(B, 0), V(C, 3), V(D, 3)}, 4},
	/* e 2, o 1 (D): 0b1011, ties 10 and 20 */
	{70, 2, true, {V(A, 4), V(B, 1), V(D, 2)}, 3},
};

static tunas_mx *cand_index(void)
{
	tunas_mx *mx = NULL;

	ck_assert_int_eq(build(&mx, cand_people, 8, NULL, 0), 0);
	return mx;
}

static void expect_hits(const tunas_mx_hit *got, size_t n, const int64_t *id, const uint64_t *met,
			size_t want)
{
	size_t i;

	ck_assert_uint_eq(n, want);
	for (i = 0; i < want; i++) {
		ck_assert_msg(got[i].id == id[i], "rank %zu: id %lld, want %lld", i,
			      (long long)got[i].id, (long long)id[i]);
		ck_assert_msg(got[i].met == met[i], "rank %zu (id %lld): met %llx, want %llx", i,
			      (long long)id[i], (unsigned long long)got[i].met,
			      (unsigned long long)met[i]);
	}
}

START_TEST(candidates_rank_by_essentials_optionals_id)
{
	tunas_mx *mx = cand_index();
	tunas_mx_hit hit[10];
	size_t n = 99;
	int brute;

	for (brute = 0; brute < 2; brute++) {
		const int64_t id[] = {5, 10, 20, 70, 30, 50};
		const uint64_t met[] = {0xf, 0x7, 0xb, 0xb, 0xe, 0x2};

		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, -1, brute), 0);
		expect_hits(hit, n, id, met, 6);
		ck_assert_int_eq(hit[0].essential_met, 2);
		ck_assert_int_eq(hit[0].essential_total, 2);
		ck_assert_int_eq(hit[0].optional_met, 2);
		ck_assert_int_eq(hit[0].optional_total, 2);
		ck_assert_int_eq(hit[4].essential_met, 1);
		ck_assert_int_eq(hit[4].optional_met, 2);
		ck_assert_int_eq(hit[5].optional_met, 0);

		/* The top 3: the tie of 10, 20 and 70 is cut by id. */
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 3, cand_reqs, 4, -1, brute), 0);
		expect_hits(hit, n, id, met, 3);
	}
	tunas_mx_free(mx);
}
END_TEST

START_TEST(candidates_region_filter)
{
	tunas_mx *mx = cand_index();
	tunas_mx_hit hit[10];
	size_t n;
	int brute;

	for (brute = 0; brute < 2; brute++) {
		const int64_t id1[] = {10, 30}, id2[] = {20, 70, 50}, id3[] = {5};
		const uint64_t met1[] = {0x7, 0xe}, met2[] = {0xb, 0xb, 0x2}, met3[] = {0xf};

		/* Region 1: 40 is not findable and 60 meets nothing. */
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, 1, brute), 0);
		expect_hits(hit, n, id1, met1, 2);
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, 2, brute), 0);
		expect_hits(hit, n, id2, met2, 3);
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, 3, brute), 0);
		expect_hits(hit, n, id3, met3, 1);
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, 7, brute), 0);
		ck_assert_uint_eq(n, 0);
	}
	tunas_mx_free(mx);
}
END_TEST

START_TEST(candidates_unknown_competency_and_order_of_bits)
{
	tunas_mx *mx = cand_index();
	/* Bits follow the order given: D first; 999 is held by nobody but
	 * counts in the totals. */
	const tunas_mx_req reqs[] = {O(D, 3), E(999, 0), E(B, 2)};
	tunas_mx_hit hit[10];
	size_t n;
	int brute;

	for (brute = 0; brute < 2; brute++) {
		/* B >= 2: 20 (B2), 30 (B3), 40 (no), 5 (B0 no); D >= 3: 20 (D4), 5 (D3).
		 * 20: e 1 o 1; 30: e 1; 5: o 1. */
		const int64_t id[] = {20, 30, 5};
		const uint64_t met[] = {0x5, 0x4, 0x1};

		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 10, reqs, 3, -1, brute), 0);
		expect_hits(hit, n, id, met, 3);
		ck_assert_int_eq(hit[0].essential_total, 2);
		ck_assert_int_eq(hit[0].optional_total, 1);
	}
	tunas_mx_free(mx);
}
END_TEST

START_TEST(candidates_refuse_bad_arguments)
{
	tunas_mx *mx = cand_index();
	tunas_mx_req many[TUNAS_MX_REQ_MAX + 1];
	tunas_mx_req bad = E(A, 9);
	tunas_mx_hit hit[2];
	size_t n = 77, i;

	for (i = 0; i <= TUNAS_MX_REQ_MAX; i++)
		many[i] = (tunas_mx_req)E(A, 0);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, cand_reqs, 0, -1, false),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, many, TUNAS_MX_REQ_MAX + 1, -1, false),
			 TUNAS_EINVAL);
	ck_assert_int_eq(
		tunas_mx_candidates(mx, hit, &n, 2, cand_reqs, 4, TUNAS_MX_REGION_MAX, false),
		TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, &bad, 1, -1, false), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_candidates(NULL, hit, &n, 2, cand_reqs, 4, -1, false),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, NULL, 4, -1, false), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 1001, cand_reqs, 4, -1, false),
			 TUNAS_ELIMIT);
	ck_assert_uint_eq(n, 77); /* untouched on failure */
	ck_assert_int_eq(tunas_mx_candidates(mx, NULL, &n, 0, cand_reqs, 4, -1, false), 0);
	ck_assert_uint_eq(n, 0);
	/* 64 requirements are fine; the person meets all of them. */
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 1, many, TUNAS_MX_REQ_MAX, 2, false), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(hit[0].id, 20);
	ck_assert(hit[0].met == UINT64_MAX);
	ck_assert_int_eq(hit[0].essential_met, 64);
	tunas_mx_free(mx);
}
END_TEST

/* ---- vacancies for a person ---- */

enum { X1 = 201, X2, X3, X4, X5, X6 };

static const person vac_people[] = {
	{100, 1, true, {V(X1, 3), V(X2, 2), V(X3, 1), T(X4, 2)}, 4},
	{101, 2, false, {V(X6, 1)}, 1},
	{102, 1, true, {T(X1, 8)}, 1},
};

static const vacancy vac_table[] = {
	/* e 2/2, o 0/1 */
	{1, 1, 900, 1, true, NEVER, {E(X1, 0), E(X2, 0), O(X5, 0)}, 3},
	/* e 1/3, o 1/1: bits 0 and 3 */
	{2, 1, 900, 1, true, NEVER, {E(X1, 0), E(X5, 0), E(X6, 0), O(X2, 0)}, 4},
	/* e 1/2, no optionals (all met) */
	{3, 2, 900, 1, true, NEVER, {E(X1, 0), E(X5, 0)}, 2},
	/* e 2/3, o 0/1 (X3 is 1 < 2) */
	{4, 1, 901, 1, true, TODAY + 5, {E(X1, 0), E(X2, 0), E(X6, 0), O(X3, 2)}, 4},
	/* would be first but is not open */
	{5, 1, 901, 1, false, NEVER, {E(X1, 0), E(X2, 0), O(X3, 0)}, 3},
	/* would be first but closed yesterday */
	{6, 1, 901, 1, true, TODAY - 1, {E(X1, 0), E(X2, 0), O(X3, 0)}, 3},
	/* X4 is only in training: nothing met */
	{7, 1, 901, 1, true, NEVER, {E(X4, 0), E(X5, 0)}, 2},
	/* X1 >= 4 fails: e 1/2 (bit 1), o 1/1 (bit 2); closes today: still open */
	{8, 1, 902, 1, true, TODAY, {E(X1, 4), E(X2, 2), O(X3, 0)}, 3},
	/* no essentials (all met), o 1/1 */
	{9, 3, 902, 1, true, NEVER, {O(X3, 1)}, 1},
	/* e 2/3, o 1/1 */
	{10, 1, 902, 1, true, NEVER, {E(X1, 0), E(X2, 0), E(X5, 0), O(X3, 0)}, 4},
};

START_TEST(vacancies_for_rank_by_shares)
{
	tunas_mx *mx = NULL;
	tunas_mx_hit hit[20];
	size_t n;
	int brute;

	ck_assert_int_eq(build(&mx, vac_people, 3, vac_table, 10), 0);
	for (brute = 0; brute < 2; brute++) {
		/* 1/1: 9 (o 1/1), 1 (o 0/1); 2/3 beats 1/2: 10 (o 1/1), 4 (o 0/1);
		 * 1/2: 3 (no optionals) ties 8 (o 1/1): by id; 1/3: 2. */
		const int64_t id[] = {9, 1, 10, 4, 3, 8, 2};
		const uint64_t met[] = {0x1, 0x3, 0xb, 0x3, 0x1, 0x6, 0x9};

		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 20, 100, TODAY, brute), 0);
		expect_hits(hit, n, id, met, 7);
		ck_assert_int_eq(hit[0].essential_total, 0);
		ck_assert_int_eq(hit[0].optional_met, 1);
		ck_assert_int_eq(hit[3].essential_met, 2);
		ck_assert_int_eq(hit[3].essential_total, 3);
		ck_assert_int_eq(hit[3].optional_met, 0);
		ck_assert_int_eq(hit[3].optional_total, 1);
		ck_assert_int_eq(hit[6].essential_met, 1);
		ck_assert_int_eq(hit[6].essential_total, 3);

		/* Top 4, and the day after vacancy 8 closed. */
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 4, 100, TODAY, brute), 0);
		expect_hits(hit, n, id, met, 4);
		{
			const int64_t id2[] = {9, 1, 10, 4, 3, 2};
			const uint64_t met2[] = {0x1, 0x3, 0xb, 0x3, 0x1, 0x9};

			ck_assert_int_eq(
				tunas_mx_vacancies_for(mx, hit, &n, 20, 100, TODAY + 1, brute), 0);
			expect_hits(hit, n, id2, met2, 6);
		}
		/* Vacancy 4 closes at TODAY + 5. */
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 20, 100, TODAY + 6, brute), 0);
		ck_assert_uint_eq(n, 5);

		/* Not findable does not matter to the person's own list. */
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 20, 101, TODAY, brute), 0);
		/* 2 and 4: both e 1/3 (X6), o 0/1: by id. */
		ck_assert_uint_eq(n, 2);
		ck_assert_int_eq(hit[0].id, 2);
		ck_assert_int_eq(hit[1].id, 4);
		/* Only training holdings: nothing. */
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 20, 102, TODAY, brute), 0);
		ck_assert_uint_eq(n, 0);
		n = 55;
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 20, 103, TODAY, brute),
				 TUNAS_ENOTFOUND);
		ck_assert_uint_eq(n, 55);
	}
	ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 1001, 100, TODAY, false),
			 TUNAS_ELIMIT);
	tunas_mx_free(mx);
}
END_TEST

/* ---- gap reports ---- */

enum { S1 = 301, S2, S3 };

static const person gap_people[] = {
	/* region 1 */
	{1, 1, true, {V(S1, 3), V(S2, 1)}, 2},		 /* W1: supply 500 */
	{2, 1, false, {T(S1, 2), V(S2, 1)}, 2},		 /* W1 in training: pipeline 500 */
	{3, 1, true, {V(S3, 1)}, 1},			 /* W2: supply 500 */
	{4, 1, true, {T(S1, 5), V(S2, 2), T(S3, 2)}, 3}, /* pipeline 500 and 600 */
	{5, 1, true, {V(S1, 4), V(S2, 0)}, 2},		 /* supply 500 and 600 */
	{6, 1, true, {V(S1, 1), V(S3, 0)}, 2},		 /* levels too low */
	{7, 1, true, {V(S1, 2), T(S2, 1), V(S3, 1)}, 3}, /* W2 verified: supply 500 */
	/* region 2 */
	{8, 2, true, {V(S1, 0)}, 1},  /* W4: supply */
	{9, 2, true, {T(S1, 3)}, 1},  /* W4: pipeline */
	{10, 2, true, {V(S2, 4)}, 1}, /* nothing */
};

static const vacancy gap_vacancies[] = {
	/* W1 */ {11, 1, 500, 3, true, NEVER, {E(S1, 2), E(S2, 0), O(S3, 0)}, 3},
	/* W2 */ {12, 1, 500, 2, true, TODAY + 10, {E(S3, 1)}, 1},
	/* W3: S1 twice, the higher level stands: {S1 >= 4, S2} */
	{13, 1, 600, 5, true, NEVER, {E(S1, 2), E(S2, 0), E(S1, 4)}, 3},
	/* W4 */ {14, 2, 500, 1, true, NEVER, {E(S1, 0)}, 1},
	/* W5: expired */ {15, 2, 700, 4, true, TODAY - 1, {E(S2, 0)}, 1},
	/* W6: not open */ {16, 2, 500, 9, false, NEVER, {E(S3, 0)}, 1},
};

static void expect_gap_row(const tunas_mx_gap_row *r, uint16_t region, int64_t occ,
			   int64_t vacancies, int64_t openings, int64_t supply, int64_t pipeline)
{
	ck_assert_msg(r->region == region && r->occupation_id == occ && r->vacancies == vacancies &&
			      r->openings == openings && r->supply == supply &&
			      r->pipeline == pipeline,
		      "row (%u, %lld, %lld, %lld, %lld, %lld), want (%u, %lld, %lld, %lld, %lld, "
		      "%lld)",
		      r->region, (long long)r->occupation_id, (long long)r->vacancies,
		      (long long)r->openings, (long long)r->supply, (long long)r->pipeline, region,
		      (long long)occ, (long long)vacancies, (long long)openings, (long long)supply,
		      (long long)pipeline);
}

START_TEST(gap_occupations_by_hand)
{
	tunas_mx *mx = NULL;
	tunas_mx_gap_row *row = NULL;
	size_t n = 0;
	int brute;

	ck_assert_int_eq(build(&mx, gap_people, 10, gap_vacancies, 6), 0);
	for (brute = 0; brute < 2; brute++) {
		/* (1, 500): supply 1, 3, 5, 7; pipeline 2, 4 (2 is not findable:
		 * the report counts everyone). (1, 600): supply 5, pipeline 4.
		 * (2, 500): supply 8, pipeline 9; W6 is not open. */
		ck_assert_int_eq(tunas_mx_gap_occupations(mx, &row, &n, TODAY, brute), 0);
		ck_assert_uint_eq(n, 3);
		expect_gap_row(&row[0], 1, 500, 2, 5, 4, 2);
		expect_gap_row(&row[1], 1, 600, 1, 5, 1, 1);
		expect_gap_row(&row[2], 2, 500, 1, 1, 1, 1);
		free(row);

		/* Once W2 has closed, 3 drops out and 7 (S2 in training) moves
		 * to the pipeline. */
		ck_assert_int_eq(tunas_mx_gap_occupations(mx, &row, &n, TODAY + 11, brute), 0);
		ck_assert_uint_eq(n, 3);
		expect_gap_row(&row[0], 1, 500, 1, 3, 2, 3);
		expect_gap_row(&row[1], 1, 600, 1, 5, 1, 1);
		expect_gap_row(&row[2], 2, 500, 1, 1, 1, 1);
		free(row);

		/* Before W5 expired it has its row: nobody holds S2 in region 2
		 * but 10, verified. */
		ck_assert_int_eq(tunas_mx_gap_occupations(mx, &row, &n, TODAY - 1, brute), 0);
		ck_assert_uint_eq(n, 4);
		expect_gap_row(&row[3], 2, 700, 1, 4, 1, 0);
		free(row);
	}
	tunas_mx_free(mx);
}
END_TEST

static void expect_skill_row(const tunas_mx_skill_gap_row *r, uint16_t region, int64_t comp,
			     int64_t vacancies, int64_t openings, int64_t supply, int64_t pipeline)
{
	ck_assert_msg(r->region == region && r->competency_id == comp &&
			      r->vacancies == vacancies && r->openings == openings &&
			      r->supply == supply && r->pipeline == pipeline,
		      "row (%u, %lld, %lld, %lld, %lld, %lld), want (%u, %lld, %lld, %lld, %lld, "
		      "%lld)",
		      r->region, (long long)r->competency_id, (long long)r->vacancies,
		      (long long)r->openings, (long long)r->supply, (long long)r->pipeline, region,
		      (long long)comp, (long long)vacancies, (long long)openings, (long long)supply,
		      (long long)pipeline);
}

START_TEST(gap_competencies_by_hand)
{
	tunas_mx *mx = NULL;
	tunas_mx_skill_gap_row *row = NULL;
	size_t n = 0;
	int brute;

	ck_assert_int_eq(build(&mx, gap_people, 10, gap_vacancies, 6), 0);
	for (brute = 0; brute < 2; brute++) {
		/* (1, S1): W1, W3 (S1 once), openings 8; verified 1, 5, 6, 7 (any
		 * level); training 2, 4. (1, S2): W1, W3; verified 1, 2, 4, 5;
		 * training 7. (1, S3): W2 (W1's S3 is optional); verified 3, 6, 7;
		 * training 4. (2, S1): W4; 8; 9. W5 expired, W6 not open. */
		ck_assert_int_eq(tunas_mx_gap_competencies(mx, &row, &n, TODAY, brute), 0);
		ck_assert_uint_eq(n, 4);
		expect_skill_row(&row[0], 1, S1, 2, 8, 4, 2);
		expect_skill_row(&row[1], 1, S2, 2, 8, 4, 1);
		expect_skill_row(&row[2], 1, S3, 1, 2, 3, 1);
		expect_skill_row(&row[3], 2, S1, 1, 1, 1, 1);
		free(row);

		ck_assert_int_eq(tunas_mx_gap_competencies(mx, &row, &n, TODAY - 1, brute), 0);
		ck_assert_uint_eq(n, 5);
		expect_skill_row(&row[4], 2, S2, 1, 4, 1, 0);
		free(row);
	}
	tunas_mx_free(mx);
}
END_TEST

START_TEST(empty_index)
{
	tunas_mx *mx = NULL;
	tunas_mx_gap_row *row = NULL;
	tunas_mx_skill_gap_row *srow = NULL;
	tunas_mx_hit hit[2];
	tunas_mx_stats st;
	size_t n = 9;

	ck_assert_int_eq(build(&mx, NULL, 0, NULL, 0), 0);
	tunas_mx_stats_get(mx, &st);
	ck_assert_uint_eq(st.people, 0);
	ck_assert_uint_eq(st.regions, 0);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, cand_reqs, 4, -1, false), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 2, 1, TODAY, false), TUNAS_ENOTFOUND);
	ck_assert_int_eq(tunas_mx_gap_occupations(mx, &row, &n, TODAY, false), 0);
	ck_assert_uint_eq(n, 0);
	free(row);
	ck_assert_int_eq(tunas_mx_gap_competencies(mx, &srow, &n, TODAY, false), 0);
	ck_assert_uint_eq(n, 0);
	free(srow);
	tunas_mx_free(mx);
}
END_TEST

/* ---- building ---- */

START_TEST(build_refuses_duplicates_and_bad_input)
{
	const person dup[] = {
		{7, 1, true, {V(A, 1)}, 1}, {8, 2, true, {V(A, 1)}, 1}, {7, 2, true, {V(B, 1)}, 1}};
	const vacancy vdup[] = {{3, 1, 1, 1, true, NEVER, {E(A, 0)}, 1},
				{3, 2, 1, 1, true, NEVER, {E(B, 0)}, 1}};
	tunas_mx_req many[TUNAS_MX_REQ_MAX + 1];
	tunas_mx_holding bad = V(A, 9);
	tunas_mx *mx = NULL;
	tunas_mx_builder *b;
	tunas_mx_stats st;
	size_t i;

	/* The same id in two regions. */
	ck_assert_int_eq(build(&mx, dup, 3, NULL, 0), TUNAS_EINVAL);
	ck_assert_ptr_null(mx);
	ck_assert_int_eq(build(&mx, dup, 2, vdup, 2), TUNAS_EINVAL);
	ck_assert_ptr_null(mx);

	for (i = 0; i <= TUNAS_MX_REQ_MAX; i++)
		many[i] = (tunas_mx_req)E(A, 1);
	b = tunas_mx_builder_new(0, 0);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(tunas_mx_add_person(b, 1, TUNAS_MX_REGION_MAX, true, NULL, 0),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_add_person(b, 1, 0, true, &bad, 1), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_add_person(b, 1, 0, true, NULL, 1), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_add_vacancy(b, 1, 0, 1, 1, true, NEVER, many, 0), TUNAS_EINVAL);
	ck_assert_int_eq(
		tunas_mx_add_vacancy(b, 1, 0, 1, 1, true, NEVER, many, TUNAS_MX_REQ_MAX + 1),
		TUNAS_EINVAL);
	ck_assert_int_eq(
		tunas_mx_add_vacancy(b, 1, TUNAS_MX_REGION_MAX, 1, 1, true, NEVER, many, 1),
		TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_add_vacancy(b, 1, 0, 1, -1, true, NEVER, many, 1), TUNAS_EINVAL);
	/* Nothing was added by the failed calls. */
	ck_assert_int_eq(tunas_mx_add_person(b, 1, TUNAS_MX_REGION_MAX - 1, true, NULL, 0), 0);
	ck_assert_int_eq(tunas_mx_add_vacancy(b, 1, 0, 1, 1, true, NEVER, many, TUNAS_MX_REQ_MAX),
			 0);
	ck_assert_int_eq(tunas_mx_build(&mx, b), 0);
	tunas_mx_stats_get(mx, &st);
	ck_assert_uint_eq(st.people, 1);
	ck_assert_uint_eq(st.findable, 1);
	ck_assert_uint_eq(st.holdings, 0);
	ck_assert_uint_eq(st.vacancies, 1);
	ck_assert_uint_eq(st.requirements, TUNAS_MX_REQ_MAX);
	ck_assert_uint_eq(st.competencies, 1);
	ck_assert_uint_eq(st.regions, 2);
	ck_assert_uint_gt(st.bytes, sizeof(int64_t) * 2);
	tunas_mx_free(mx);
	ck_assert_int_eq(tunas_mx_build(&mx, NULL), TUNAS_EINVAL);
}
END_TEST

/* Ids anywhere in int64 (too wide for the radix key) and in any order. */
START_TEST(build_takes_any_ids)
{
	const person p[] = {
		{INT64_MAX, 4, true, {V(A, 2)}, 1}, {-5, 4, true, {V(A, 2)}, 1},
		{INT64_MIN, 4, true, {V(A, 3)}, 1}, {0, 3, true, {V(A, 2)}, 1},
		{7, 4, true, {V(A, 2)}, 1},
	};
	const vacancy v[] = {{INT64_MAX, 1, 1, 1, true, NEVER, {E(A, 0)}, 1},
			     {INT64_MIN, 1, 1, 1, true, NEVER, {E(A, 0), E(INT64_MIN, 0)}, 2}};
	const tunas_mx_req req = E(A, 1);
	tunas_mx *mx = NULL;
	tunas_mx_hit hit[8];
	size_t n, i;

	ck_assert_int_eq(build(&mx, p, 5, v, 2), 0);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 8, &req, 1, -1, false), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert(hit[0].id == INT64_MIN && hit[1].id == -5 && hit[2].id == 0 && hit[3].id == 7 &&
		  hit[4].id == INT64_MAX);
	ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 8, &req, 1, 4, false), 0);
	ck_assert_uint_eq(n, 4);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, hit, &n, 8, p[i].id, TODAY, false), 0);
		ck_assert_uint_eq(n, 2);
		ck_assert(hit[0].id == INT64_MAX); /* 1/1 beats 1/2 */
		ck_assert(hit[1].id == INT64_MIN);
	}
	tunas_mx_free(mx);
}
END_TEST

/* A person with more holdings than the insertion sort takes, duplicates
 * among them. */
START_TEST(build_many_holdings)
{
	tunas_mx_holding h[50];
	tunas_mx_req req[45];
	tunas_mx_builder *b = tunas_mx_builder_new(0, 0);
	tunas_mx *mx = NULL;
	tunas_mx_hit hit[2];
	tunas_mx_stats st;
	size_t n, i;

	ck_assert_ptr_nonnull(b);
	/* Competencies 1044 down to 1000 at levels 1..8 ... */
	for (i = 0; i < 45; i++) {
		h[i] = (tunas_mx_holding)V(1044 - (int64_t)i, (uint8_t)((44 - i) % 8 + 1));
		req[i] = (tunas_mx_req)E(1000 + (int64_t)i, (uint8_t)(i % 8 + 1));
	}
	/* ... then 1000 in training at 8 (the verified 1 stands), 1001 again
	 * at 1 (its 2 stands), 1002 at 8 (beats its 3), 1003 in training. */
	h[45] = (tunas_mx_holding)T(1000, 8);
	h[46] = (tunas_mx_holding)V(1001, 1);
	h[47] = (tunas_mx_holding)V(1002, 8);
	h[48] = (tunas_mx_holding)T(1003, 1);
	h[49] = (tunas_mx_holding)V(1001, 0);
	ck_assert_int_eq(tunas_mx_add_person(b, 9, 0, true, h, 50), 0);
	ck_assert_int_eq(tunas_mx_build(&mx, b), 0);
	tunas_mx_stats_get(mx, &st);
	ck_assert_uint_eq(st.holdings, 45);
	for (int brute = 0; brute < 2; brute++) {
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, req, 45, -1, brute), 0);
		ck_assert_uint_eq(n, 1);
		ck_assert(hit[0].met == ((uint64_t)1 << 45) - 1);
		/* 1000 at 2: the training 8 does not count. */
		req[0].level = 2;
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, req, 45, -1, brute), 0);
		ck_assert(hit[0].met == ((uint64_t)1 << 45) - 2);
		/* 1002 at 8. */
		req[0].level = 1;
		req[2].level = 8;
		ck_assert_int_eq(tunas_mx_candidates(mx, hit, &n, 2, req, 45, -1, brute), 0);
		ck_assert(hit[0].met == ((uint64_t)1 << 45) - 1);
		req[2].level = 3;
	}
	tunas_mx_free(mx);
}
END_TEST

/* ---- set cover ---- */

static void expect_cover(const uint64_t *cover, const int64_t *hours, const int64_t *cost, size_t n,
			 uint64_t need, const size_t *want, size_t nwant, uint64_t want_uncovered)
{
	size_t chosen[64], nchosen = 99, i;
	uint64_t uncovered = 99;

	ck_assert_int_eq(tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, cost, n, need),
			 0);
	ck_assert_uint_eq(nchosen, nwant);
	for (i = 0; i < nwant; i++)
		ck_assert_uint_eq(chosen[i], want[i]);
	ck_assert(uncovered == want_uncovered);
}

START_TEST(cover_known_answers)
{
	/* Pairs covering 0..5: {0,1} 20 h, {2,3} 9 h, {2,4} 38 h, {0,4} 40 h. */
	const uint64_t c1[] = {0x07, 0x38, 0x0f, 0x30, 0x3c};
	const int64_t h1[] = {10, 10, 8, 1, 30}, k1[] = {5, 5, 1, 1, 0};
	const size_t w1[] = {2, 3};
	/* Greedy takes the four-bit option and then needs two more. */
	const uint64_t c2[] = {0x0f, 0x15, 0x2a};
	const size_t w2[] = {1, 2};
	/* Fewer hours first ({2,3} 9 h beat {0,1} and {2,1} at 10 h), then
	 * less cost ({2,3} 53 beat {0,3} 59). */
	const uint64_t c3[] = {0x3, 0xc, 0x3, 0xc};
	const int64_t h3[] = {5, 5, 5, 4}, k3[] = {9, 1, 3, 50};
	const size_t w3[] = {2, 3};
	/* All equal: [0, 2] beats [1, 3]. */
	const uint64_t c4[] = {0x5, 0x3, 0xa, 0xc};
	const int64_t h4[] = {1, 1, 1, 1}, k4[] = {1, 1, 1, 1};
	const size_t w4[] = {0, 2};
	/* Bit 7 cannot be covered; option 3 covers nothing needed, free as it
	 * is; {0, 2} (2 h) beats {0, 1} (3 h). */
	const uint64_t c5[] = {0x3, 0x6, 0x4, 0x20};
	const int64_t h5[] = {1, 2, 1, 0}, k5[] = {0, 0, 0, 0};
	const size_t w5[] = {0, 2};
	/* The same option twice: the cheaper one, then the lower index. */
	const uint64_t c6[] = {0x3, 0x3, 0x3};
	const int64_t h6[] = {4, 4, 4}, k6[] = {2, 1, 1};
	const size_t w6[] = {1};

	expect_cover(c1, h1, k1, 5, 0x3f, w1, 2, 0);
	expect_cover(c2, NULL, NULL, 3, 0x3f, w2, 2, 0);
	expect_cover(c3, h3, k3, 4, 0xf, w3, 2, 0);
	expect_cover(c4, h4, k4, 4, 0xf, w4, 2, 0);
	expect_cover(c5, h5, k5, 4, 0x87, w5, 2, 0x80);
	expect_cover(c6, h6, k6, 3, 0x3, w6, 1, 0);
	/* Nothing needed, or nothing at all to choose from. */
	expect_cover(c1, h1, k1, 5, 0, NULL, 0, 0);
	expect_cover(NULL, NULL, NULL, 0, 0x5, NULL, 0, 0x5);
}
END_TEST

START_TEST(cover_refuses_bad_arguments)
{
	uint64_t cover[257] = {0}, uncovered = 7;
	int64_t hours[2] = {1, -1};
	size_t chosen[64], nchosen = 7;

	ck_assert_int_eq(tunas_mx_cover(chosen, &nchosen, &uncovered, cover, NULL, NULL, 257, 1),
			 TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, NULL, 2, 1),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_mx_cover(chosen, &nchosen, &uncovered, NULL, NULL, NULL, 2, 1),
			 TUNAS_EINVAL);
	ck_assert_uint_eq(nchosen, 7);
	ck_assert(uncovered == 7);
}
END_TEST

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rnd_below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Random small instances against every subset. */
START_TEST(cover_matches_exhaustive_search)
{
	int round;

	rng_state = 42;
	for (round = 0; round < 400; round++) {
		size_t n = 1 + rnd_below(11), i, bits = 1 + rnd_below(10);
		uint64_t cover[12], need = rnd() & (((uint64_t)1 << bits) - 1), all = 0, uncovered;
		int64_t hours[12], cost[12];
		size_t chosen[64], nchosen, best[12], nbest = 0;
		int64_t bh = 0, bc = 0;
		bool found = false;
		uint32_t s;

		for (i = 0; i < n; i++) {
			cover[i] = rnd() & rnd() & (((uint64_t)1 << bits) - 1);
			hours[i] = (int64_t)rnd_below(4);
			cost[i] = (int64_t)rnd_below(3);
			all |= cover[i] & need;
		}
		for (s = 0; s < (1u << n); s++) {
			uint64_t got = 0;
			int64_t h = 0, c = 0;
			size_t pick[12], np = 0, j;
			int d = 0;

			for (i = 0; i < n; i++) {
				if (s >> i & 1) {
					got |= cover[i];
					h += hours[i];
					c += cost[i];
					pick[np++] = i;
				}
			}
			if ((got & need) != all)
				continue;
			/* Options covering nothing needed are never chosen. */
			for (j = 0; j < np && (cover[pick[j]] & need) != 0; j++)
				;
			if (j < np)
				continue;
			if (found) {
				if (np != nbest)
					d = np < nbest ? -1 : 1;
				else if (h != bh)
					d = h < bh ? -1 : 1;
				else if (c != bc)
					d = c < bc ? -1 : 1;
				for (j = 0; d == 0 && j < np; j++)
					if (pick[j] != best[j])
						d = pick[j] < best[j] ? -1 : 1;
			}
			if (!found || d < 0) {
				memcpy(best, pick, np * sizeof(*pick));
				nbest = np;
				bh = h;
				bc = c;
				found = true;
			}
		}
		ck_assert_int_eq(
			tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, cost, n, need),
			0);
		ck_assert_msg(nchosen == nbest, "round %d: %zu chosen, want %zu", round, nchosen,
			      nbest);
		for (i = 0; i < nbest; i++)
			ck_assert_msg(chosen[i] == best[i], "round %d: chosen[%zu] %zu, want %zu",
				      round, i, chosen[i], best[i]);
		ck_assert(uncovered == (need & ~all));
	}
}
END_TEST

/* A larger instance: 32 bits, 100 options of up to 4 bits, solved; and a
 * hard one (64 bits, 200 random options of 6) that runs into the search
 * limit instead of taking minutes. */
START_TEST(cover_large_instances)
{
	uint64_t cover[200], uncovered = 5, got = 0;
	int64_t hours[200];
	size_t chosen[64], nchosen = 5, i, j;

	rng_state = 7;
	for (i = 0; i < 100; i++) {
		cover[i] = 0;
		for (j = 0; j < 4; j++)
			cover[i] |= (uint64_t)1 << rnd_below(32);
		hours[i] = 10 + (int64_t)rnd_below(50);
	}
	ck_assert_int_eq(
		tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, NULL, 100, UINT32_MAX),
		0);
	for (i = 0; i < nchosen; i++) {
		got |= cover[chosen[i]];
		if (i > 0)
			ck_assert_uint_lt(chosen[i - 1], chosen[i]);
	}
	ck_assert(got == UINT32_MAX);
	ck_assert(uncovered == 0);
	ck_assert_uint_ge(nchosen, 8); /* 32 bits, at most 4 per option */
	ck_assert_uint_le(nchosen, 12);

	for (i = 0; i < 200; i++) {
		cover[i] = 0;
		for (j = 0; j < 6; j++)
			cover[i] |= (uint64_t)1 << rnd_below(64);
		hours[i] = 10 + (int64_t)rnd_below(50);
	}
	nchosen = 5;
	ck_assert_int_eq(
		tunas_mx_cover(chosen, &nchosen, &uncovered, cover, hours, NULL, 200, UINT64_MAX),
		TUNAS_ELIMIT);
	ck_assert_uint_eq(nchosen, 5);
}
END_TEST

/* ---- indexed against brute force on random data ---- */

#define RP 40000 /* people: three accumulator blocks */
#define RV 600
#define RC 60
#define RR 10
#define ROCC 25

static size_t skewed(size_t n)
{
	/* Low numbers are far more frequent, like transversal skills. */
	size_t a = rnd_below(n), b = rnd_below(n);

	return a < b ? a : b;
}

static tunas_mx *random_index(int64_t **people, size_t *np)
{
	tunas_mx_builder *b = tunas_mx_builder_new(0, 0);
	int64_t *ids = malloc(RP * sizeof(*ids));
	tunas_mx *mx = NULL;
	size_t i, j;

	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(ids);
	rng_state = 2024;
	for (i = 0; i < RP; i++) {
		tunas_mx_holding h[12];
		size_t n = rnd_below(12);

		/* Ids in a scrambled order with gaps. */
		ids[i] = (int64_t)((i * 7919) % RP) * 3 + 1;
		for (j = 0; j < n; j++) {
			h[j].competency_id = 1000 + (int64_t)skewed(RC);
			h[j].level = (uint8_t)rnd_below(6);
			h[j].training = rnd_below(8) == 0;
		}
		ck_assert_int_eq(tunas_mx_add_person(b, ids[i], (uint16_t)skewed(RR),
						     rnd_below(10) < 7, h, n),
				 0);
	}
	for (i = 0; i < RV; i++) {
		tunas_mx_req r[10];
		size_t n = 1 + rnd_below(9);

		for (j = 0; j < n; j++) {
			r[j].competency_id =
				1000 + (int64_t)skewed(RC + 5); /* some held by nobody */
			r[j].level = (uint8_t)rnd_below(4);
			r[j].essential = rnd_below(3) != 0;
		}
		ck_assert_int_eq(
			tunas_mx_add_vacancy(
				b, (int64_t)((i * 31) % RV) + 1, (uint16_t)skewed(RR),
				(int64_t)skewed(ROCC), (int32_t)rnd_below(20), rnd_below(10) != 0,
				rnd_below(5) == 0 ? NEVER : TODAY - 10 + (int32_t)rnd_below(40), r,
				n),
			0);
	}
	ck_assert_int_eq(tunas_mx_build(&mx, b), 0);
	*people = ids;
	*np = RP;
	return mx;
}

static void same_hits(const tunas_mx_hit *a, size_t na, const tunas_mx_hit *b, size_t nb,
		      const char *what, int round)
{
	size_t i;

	ck_assert_msg(na == nb, "%s round %d: %zu hits indexed, %zu brute", what, round, na, nb);
	for (i = 0; i < na; i++)
		ck_assert_msg(a[i].id == b[i].id && a[i].met == b[i].met &&
				      a[i].essential_met == b[i].essential_met &&
				      a[i].essential_total == b[i].essential_total &&
				      a[i].optional_met == b[i].optional_met &&
				      a[i].optional_total == b[i].optional_total,
			      "%s round %d rank %zu: %lld vs %lld", what, round, i,
			      (long long)a[i].id, (long long)b[i].id);
}

START_TEST(indexed_equals_brute_on_random_data)
{
	static tunas_mx_hit a[1000], b[1000];
	int64_t *people;
	size_t np, na, nb, i;
	tunas_mx *mx = random_index(&people, &np);
	tunas_mx_stats st;
	int round, today;

	tunas_mx_stats_get(mx, &st);
	ck_assert_uint_eq(st.people, RP);
	ck_assert_uint_eq(st.vacancies, RV);
	ck_assert_uint_le(st.regions, RR);

	for (round = 0; round < 150; round++) {
		tunas_mx_req r[64];
		size_t n = 1 + rnd_below(round % 10 == 0 ? 64 : 8);
		size_t k = round % 3 == 0 ? 1000 : 1 + rnd_below(60);
		int region = round % 2 == 0 ? -1 : (int)rnd_below(RR + 1);

		for (i = 0; i < n; i++) {
			r[i].competency_id = 1000 + (int64_t)skewed(RC + 5);
			r[i].level = (uint8_t)rnd_below(5);
			r[i].essential = rnd_below(2) != 0;
		}
		ck_assert_int_eq(tunas_mx_candidates(mx, a, &na, k, r, n, region, false), 0);
		ck_assert_int_eq(tunas_mx_candidates(mx, b, &nb, k, r, n, region, true), 0);
		same_hits(a, na, b, nb, "candidates", round);
		if (k == 1000 && region < 0)
			ck_assert_uint_gt(na, 10);
	}
	for (round = 0; round < 400; round++) {
		int64_t id = people[rnd_below(np)];
		size_t k = round % 4 == 0 ? 1000 : 1 + rnd_below(20);

		today = TODAY - 12 + (int)rnd_below(45);
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, a, &na, k, id, today, false), 0);
		ck_assert_int_eq(tunas_mx_vacancies_for(mx, b, &nb, k, id, today, true), 0);
		same_hits(a, na, b, nb, "vacancies_for", round);
	}
	for (today = TODAY - 11; today <= TODAY + 31; today += 7) {
		tunas_mx_gap_row *ga = NULL, *gb = NULL;
		tunas_mx_skill_gap_row *sa = NULL, *sb = NULL;
		int64_t supply = 0, pipeline = 0;

		ck_assert_int_eq(tunas_mx_gap_occupations(mx, &ga, &na, today, false), 0);
		ck_assert_int_eq(tunas_mx_gap_occupations(mx, &gb, &nb, today, true), 0);
		ck_assert_uint_eq(na, nb);
		for (i = 0; i < na; i++) {
			ck_assert_msg(ga[i].region == gb[i].region &&
					      ga[i].occupation_id == gb[i].occupation_id &&
					      ga[i].vacancies == gb[i].vacancies &&
					      ga[i].openings == gb[i].openings &&
					      ga[i].supply == gb[i].supply &&
					      ga[i].pipeline == gb[i].pipeline,
				      "gap row %zu at %d: supply %lld/%lld pipeline %lld/%lld", i,
				      today, (long long)ga[i].supply, (long long)gb[i].supply,
				      (long long)ga[i].pipeline, (long long)gb[i].pipeline);
			supply += ga[i].supply;
			pipeline += ga[i].pipeline;
		}
		/* Enough groups for both threads, and real numbers in them. */
		if (today == TODAY - 11) {
			ck_assert_uint_gt(na, 128);
			ck_assert_int_gt(supply, 100);
			ck_assert_int_gt(pipeline, 10);
		}
		free(ga);
		free(gb);

		ck_assert_int_eq(tunas_mx_gap_competencies(mx, &sa, &na, today, false), 0);
		ck_assert_int_eq(tunas_mx_gap_competencies(mx, &sb, &nb, today, true), 0);
		ck_assert_uint_eq(na, nb);
		for (i = 0; i < na; i++)
			ck_assert_msg(sa[i].region == sb[i].region &&
					      sa[i].competency_id == sb[i].competency_id &&
					      sa[i].vacancies == sb[i].vacancies &&
					      sa[i].openings == sb[i].openings &&
					      sa[i].supply == sb[i].supply &&
					      sa[i].pipeline == sb[i].pipeline,
				      "skill gap row %zu at %d", i, today);
		if (today == TODAY - 11)
			ck_assert_uint_gt(na, 50);
		free(sa);
		free(sb);
	}
	free(people);
	tunas_mx_free(mx);
}
END_TEST

/* ---- out of memory ---- */

/* Fail the k-th allocation, k = 1, 2, ... until the call succeeds: each
 * failure is TUNAS_ENOMEM with the outputs untouched (ASan reports a
 * leak), and the answer afterwards is the right one. */
START_TEST(build_and_queries_survive_allocation_failure)
{
	tunas_mx *mx = NULL;
	tunas_mx_hit hit[10];
	size_t n, chosen[64], nchosen;
	uint64_t unc;
	const uint64_t cov[] = {0x07, 0x38, 0x0f, 0x30, 0x3c};
	int failures = 0;
	long k;
	int rc;

	for (k = 1; k < 1000; k++) {
		tunas_mem_fail_at(k);
		rc = build(&mx, gap_people, 10, gap_vacancies, 6);
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_msg(rc == TUNAS_ENOMEM, "allocation %ld: %d", k, rc);
		ck_assert_ptr_null(mx);
		failures++;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(failures, 20);

	for (k = 1; k < 100; k++) {
		n = 77;
		tunas_mem_fail_at(k);
		rc = tunas_mx_candidates(mx, hit, &n, 10, cand_reqs, 4, -1, false);
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_uint_eq(n, 77);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(k, 1);
	for (k = 1; k < 100; k++) {
		n = 77;
		tunas_mem_fail_at(k);
		rc = tunas_mx_vacancies_for(mx, hit, &n, 10, 1, TODAY, false);
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_uint_eq(n, 77);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(k, 1);
	for (int brute = 0; brute < 2; brute++) {
		for (k = 1; k < 100; k++) {
			tunas_mx_gap_row *row = NULL;

			n = 77;
			tunas_mem_fail_at(k);
			rc = tunas_mx_gap_occupations(mx, &row, &n, TODAY, brute);
			tunas_mem_fail_at(0);
			if (rc == 0) {
				ck_assert_uint_eq(n, 3);
				expect_gap_row(&row[0], 1, 500, 2, 5, 4, 2);
				free(row);
				break;
			}
			ck_assert_int_eq(rc, TUNAS_ENOMEM);
			ck_assert_uint_eq(n, 77);
			ck_assert_ptr_null(row);
		}
		ck_assert_int_eq(rc, 0);
		ck_assert_int_gt(k, 1);
		for (k = 1; k < 100; k++) {
			tunas_mx_skill_gap_row *row = NULL;

			n = 77;
			tunas_mem_fail_at(k);
			rc = tunas_mx_gap_competencies(mx, &row, &n, TODAY, brute);
			tunas_mem_fail_at(0);
			if (rc == 0) {
				ck_assert_uint_eq(n, 4);
				free(row);
				break;
			}
			ck_assert_int_eq(rc, TUNAS_ENOMEM);
			ck_assert_uint_eq(n, 77);
			ck_assert_ptr_null(row);
		}
		ck_assert_int_eq(rc, 0);
		ck_assert_int_gt(k, 1);
	}
	nchosen = 77;
	tunas_mem_fail_at(1);
	rc = tunas_mx_cover(chosen, &nchosen, &unc, cov, NULL, NULL, 5, 0x3f);
	tunas_mem_fail_at(0);
	ck_assert_int_eq(rc, TUNAS_ENOMEM);
	ck_assert_uint_eq(nchosen, 77);
	tunas_mx_free(mx);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("match");
	TCase *cand = tcase_create("candidates");
	TCase *vac = tcase_create("vacancies");
	TCase *gap = tcase_create("gap");
	TCase *bld = tcase_create("build");
	TCase *cov = tcase_create("cover");
	TCase *twin = tcase_create("brute");
	TCase *oom = tcase_create("oom");

	tcase_add_test(cand, candidates_rank_by_essentials_optionals_id);
	tcase_add_test(cand, candidates_region_filter);
	tcase_add_test(cand, candidates_unknown_competency_and_order_of_bits);
	tcase_add_test(cand, candidates_refuse_bad_arguments);
	suite_add_tcase(s, cand);
	tcase_add_test(vac, vacancies_for_rank_by_shares);
	suite_add_tcase(s, vac);
	tcase_add_test(gap, gap_occupations_by_hand);
	tcase_add_test(gap, gap_competencies_by_hand);
	tcase_add_test(gap, empty_index);
	suite_add_tcase(s, gap);
	tcase_add_test(bld, build_refuses_duplicates_and_bad_input);
	tcase_add_test(bld, build_takes_any_ids);
	tcase_add_test(bld, build_many_holdings);
	suite_add_tcase(s, bld);
	tcase_add_test(cov, cover_known_answers);
	tcase_add_test(cov, cover_refuses_bad_arguments);
	tcase_add_test(cov, cover_matches_exhaustive_search);
	tcase_add_test(cov, cover_large_instances);
	suite_add_tcase(s, cov);
	tcase_set_timeout(twin, 300);
	tcase_add_test(twin, indexed_equals_brute_on_random_data);
	suite_add_tcase(s, twin);
	tcase_set_timeout(oom, 120);
	tcase_add_test(oom, build_and_queries_survive_allocation_failure);
	suite_add_tcase(s, oom);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
