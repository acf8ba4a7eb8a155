/*
 * match.h — the in-memory skills index behind matching, gap reports and
 * pathways.
 *
 * At national scale (10^7 people with ~10 verified competencies each, 10^5
 * vacancies) no SQL query ranks candidates fast enough, so skills.c loads
 * what matching needs into this index: per person a region, whether they
 * consented to be found, and their competencies (verified, or expected
 * from a course they are in); per vacancy its region, occupation, openings
 * and requirements. The index is immutable once built; skills.c builds a
 * new one when the store has changed and swaps it in.
 *
 * Layout (why it is fast): people are renumbered densely in region order,
 * so each competency's postings list (the people holding it, sorted) splits
 * into one contiguous run per region; a person's own competencies are one
 * sorted run of a shared array (CSR). Vacancies have postings by
 * competency too. Every query has a brute-force twin (scan everything)
 * that must give the same answer: tests compare them, the benchmark states
 * the speed ratio.
 *
 * The index knows nothing of SQL, names or access control: ids in, ids
 * out. Consent is re-checked against the store by the caller for what it
 * shows, since the index may be a little behind.
 *
 * Thread safety: a built index is read-only; any number of threads may
 * query it at once. A builder is used by one thread.
 */
#ifndef TUNAS_MATCH_H
#define TUNAS_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A requirement or a holding names a competency (store id) and a level
 * 1..8 (0: any level). */
#define TUNAS_MX_REQ_MAX 64 /* requirements per vacancy (they fit a uint64 mask) */
#define TUNAS_MX_REGION_MAX 1024
#define TUNAS_MX_LEVEL_MAX 8

typedef struct {
	int64_t competency_id;
	uint8_t level; /* 0..8 */
	bool training; /* not verified: expected from a course the person is in */
} tunas_mx_holding;

typedef struct {
	int64_t competency_id;
	uint8_t level; /* minimum level; 0: any */
	bool essential;
} tunas_mx_req;

typedef struct tunas_mx tunas_mx;
typedef struct tunas_mx_builder tunas_mx_builder;

/* A builder; hints size its arrays (0 is fine). NULL on out of memory.
 * Free with tunas_mx_builder_free() unless tunas_mx_build() consumed it. */
tunas_mx_builder *tunas_mx_builder_new(size_t people_hint, size_t vacancies_hint);
void tunas_mx_builder_free(tunas_mx_builder *b);

/* Add one person (each id once; any order). region < TUNAS_MX_REGION_MAX.
 * `findable`: they consented to be found by employers. Holdings are
 * copied; duplicates of a competency keep the highest verified level (a
 * verified holding wins over a training one). TUNAS_EINVAL on a bad
 * argument, TUNAS_ENOMEM, TUNAS_ELIMIT past 2^27 people or competencies
 * or 2^32 holdings; on failure nothing was added. */
int tunas_mx_add_person(tunas_mx_builder *b, int64_t person_id, uint16_t region, bool findable,
			const tunas_mx_holding *h, size_t n);

/* Add one vacancy (each id once). `open`: accepting applicants;
 * closes_day: days since 1970-01-01 of its closing date (INT32_MAX: none);
 * openings >= 0. 1..TUNAS_MX_REQ_MAX requirements, copied in the order
 * given: masks in results refer to that order. Errors as for a person. */
int tunas_mx_add_vacancy(tunas_mx_builder *b, int64_t vacancy_id, uint16_t region,
			 int64_t occupation_id, int32_t openings, bool open, int32_t closes_day,
			 const tunas_mx_req *reqs, size_t n);

/* Build the index from the builder, which it frees in every case.
 * TUNAS_EINVAL if a person or vacancy id was added twice. Uses a second
 * thread for large builds. The caller frees *out with tunas_mx_free(). */
int tunas_mx_build(tunas_mx **out, tunas_mx_builder *b);
void tunas_mx_free(tunas_mx *mx);

typedef struct {
	size_t people, findable, holdings, vacancies, requirements, competencies;
	size_t regions; /* with people or vacancies */
	size_t bytes;	/* memory the index holds */
} tunas_mx_stats;
void tunas_mx_stats_get(const tunas_mx *mx, tunas_mx_stats *out);

/* How a person fares against a requirement set: which requirements they
 * meet (bit i = reqs[i]), counted by kind. Only verified holdings count. */
typedef struct {
	int64_t id; /* person id, or vacancy id for tunas_mx_vacancies_for */
	uint64_t met;
	int essential_met, essential_total;
	int optional_met, optional_total;
} tunas_mx_hit;

/*
 * The top `k` findable people for a requirement set (a vacancy's, or an
 * occupation's profile), written to out[0..*n). Only people meeting at
 * least one requirement appear. Order: more essentials met first, then
 * more optionals met, then lower person id. region < 0: anywhere; else
 * only people of that region. `brute`: scan every person instead of the
 * postings (same answer; for tests and the benchmark). k <= 1000
 * (TUNAS_ELIMIT above); k == 0 gives *n = 0. A competency nobody holds is
 * never met but counts in the totals.
 */
int tunas_mx_candidates(const tunas_mx *mx, tunas_mx_hit *out, size_t *n, size_t k,
			const tunas_mx_req *reqs, size_t nreq, int region, bool brute);

/*
 * The top `k` open vacancies for a person (out[i].id = vacancy id), those
 * with closes_day >= today and at least one requirement met. Order: higher
 * share of essentials met (met/total, compared exactly), then higher share
 * of optionals met (a vacancy with no optionals, or no essentials, counts
 * as all of them met), then lower vacancy id. TUNAS_ENOTFOUND if the
 * person is not in the index; k as for tunas_mx_candidates.
 */
int tunas_mx_vacancies_for(const tunas_mx *mx, tunas_mx_hit *out, size_t *n, size_t k,
			   int64_t person_id, int32_t today, bool brute);

/*
 * The gap report by region x occupation over open vacancies with
 * closes_day >= today: one row per (region, occupation) that has one.
 * supply: people of the region who meet every essential requirement of at
 * least one of those vacancies with verified holdings; pipeline: people
 * who do not yet but would with what they are being trained in. Counts
 * take everyone, findable or not (no one is shown); a vacancy with no
 * essential requirement is met by everyone of its region. Rows are sorted
 * by region, then occupation id. Caller frees *out with free() (NULL when
 * *n is 0). `brute`: try every person of the region against every
 * vacancy (same answer; slow).
 */
typedef struct {
	uint16_t region;
	int64_t occupation_id;
	int64_t vacancies, openings;
	int64_t supply, pipeline;
} tunas_mx_gap_row;
int tunas_mx_gap_occupations(const tunas_mx *mx, tunas_mx_gap_row **out, size_t *n, int32_t today,
			     bool brute);

/* The gap by region x competency: each competency an open vacancy
 * requires as essential; openings summed over those vacancies; supply:
 * people of the region holding it verified at any level; pipeline: people
 * holding it only in training. Sorted by region, then competency id. */
typedef struct {
	uint16_t region;
	int64_t competency_id;
	int64_t vacancies, openings;
	int64_t supply, pipeline;
} tunas_mx_skill_gap_row;
int tunas_mx_gap_competencies(const tunas_mx *mx, tunas_mx_skill_gap_row **out, size_t *n,
			      int32_t today, bool brute);

/*
 * The smallest set cover behind pathways: choose the fewest of `n` options
 * (e.g. courses), option i covering the bits of cover[i], so that together
 * they cover `need` (or as much of it as any choice can). Ties: smaller
 * total hours[i], then smaller total cost[i], then lexicographically
 * smaller index list. Exact (branch and bound); n <= 256. Writes the
 * chosen indices ascending to chosen[0..*nchosen) (room for min(n, 64)
 * is enough: every option chosen covers a bit no other does) and the part
 * of need left uncovered to *uncovered. Options covering nothing needed
 * are never chosen. hours or cost NULL: all 0; each must be 0..2^55
 * (TUNAS_EINVAL). TUNAS_ELIMIT if n > 256, or if the search would take
 * more than 2^19 steps (about a second; adversarial or random instances
 * of dozens of bits and hundreds of options, not real pathways).
 */
int tunas_mx_cover(size_t *chosen, size_t *nchosen, uint64_t *uncovered, const uint64_t *cover,
		   const int64_t *hours, const int64_t *cost, size_t n, uint64_t need);

#endif
