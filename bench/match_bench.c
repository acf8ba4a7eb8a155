/*
 * match_bench.c — the skills index (lib/match.c) at national scale, in
 * memory: build time, size, and the latency of every query, indexed and
 * brute force, with the answers of both compared.
 *
 *   bench_match [PEOPLE] [VACANCIES]     (defaults 10000000 100000)
 *
 * The synthetic country: 14,000 competencies; 3,000 occupations, each
 * with a profile of 20 essential and 20 optional competencies drawn with
 * a skew (P(rank r) ~ 1/(r + 50): the commonest, transversal ones sit in
 * hundreds of profiles); 60 regions of uneven size (weight ~ 1/(r + 2));
 * people trained towards one occupation (popularity ~ 1/(o + 200)) hold
 * 8-12 competencies, 85% from its profile, levels 1-5, 5% in training,
 * 60% findable; vacancies of an occupation require 4-8 of its essentials
 * (levels 0-3) and 2-4 of its optionals, 1-20 openings, 90% open, closing
 * 30 days ago to 120 days ahead (10% never). People and vacancies are
 * added in scrambled id order. Every entity has its own seed, so a
 * region's people can be generated again for the sampled brute-force gap
 * report. Output: "key: value" lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "lib/match.h"
#include "tunas/tunas.h"

#define NCOMP 14000
#define NOCC 3000
#define NREGION 60
#define PROFILE 20 /* essentials, and as many optionals */
#define TODAY 20000
#define SEED_PERSON 0x1234567ULL
#define SEED_VACANCY 0x7654321ULL
#define SEED_QUERY 0xabcdefULL
#define CHUNK 65536
#define K_CAND 50
#define K_VAC 20

static double comp_cdf[NCOMP], occ_cdf[NOCC], region_cdf[NREGION];
/* Per region, in the last index made: people, and vacancies in the gap
 * report (open, not closed by TODAY). */
static double region_people[NREGION], region_open[NREGION];
static int64_t profile[NOCC][2 * PROFILE];

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next(s) >> 11) / 9007199254740992.0;
}

/* An index drawn from a cumulative table of n weights. */
static size_t draw(uint64_t *s, const double *cdf, size_t n)
{
	double u = uniform(s) * cdf[n - 1];
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (cdf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void cdf_init(double *cdf, size_t n, double offset)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += 1.0 / ((double)i + offset);
		cdf[i] = sum;
	}
}

static int64_t comp_id(size_t rank)
{
	return 100000 + (int64_t)rank * 7;
}

static void world_init(void)
{
	uint64_t s = 42;
	size_t o, i, j;

	cdf_init(comp_cdf, NCOMP, 50);
	cdf_init(occ_cdf, NOCC, 200);
	cdf_init(region_cdf, NREGION, 2);
	for (o = 0; o < NOCC; o++) {
		for (i = 0; i < 2 * PROFILE; i++) {
			int64_t c;

			do {
				c = comp_id(draw(&s, comp_cdf, NCOMP));
				for (j = 0; j < i && profile[o][j] != c; j++)
					;
			} while (j < i);
			profile[o][i] = c;
		}
	}
}

/* Person i of n: id, region, findable, holdings. */
typedef struct {
	int64_t id;
	uint16_t region;
	bool findable;
	tunas_mx_holding h[12];
	size_t n;
} person;

static int64_t person_id(size_t i, size_t n)
{
	return 1 + (int64_t)((i * 7919) % n) * 2;
}

static void person_make(person *p, size_t i, size_t n)
{
	uint64_t s = SEED_PERSON ^ (i * 0x9e3779b97f4a7c15ULL);
	size_t o = draw(&s, occ_cdf, NOCC), j;

	p->id = person_id(i, n);
	p->region = (uint16_t)draw(&s, region_cdf, NREGION);
	p->findable = next(&s) % 10 < 6;
	p->n = 8 + next(&s) % 5;
	for (j = 0; j < p->n; j++) {
		uint64_t r = next(&s) % 100;

		if (r < 50)
			p->h[j].competency_id = profile[o][next(&s) % PROFILE];
		else if (r < 85)
			p->h[j].competency_id = profile[o][PROFILE + next(&s) % PROFILE];
		else
			p->h[j].competency_id = comp_id(draw(&s, comp_cdf, NCOMP));
		p->h[j].level = (uint8_t)(1 + next(&s) % 5);
		p->h[j].training = next(&s) % 100 < 5;
	}
}

typedef struct {
	int64_t id, occ;
	uint16_t region;
	int32_t openings, closes;
	bool open;
	tunas_mx_req r[12];
	size_t n;
} vacancy;

static void vacancy_make(vacancy *v, size_t i, size_t n)
{
	uint64_t s = SEED_VACANCY ^ (i * 0x9e3779b97f4a7c15ULL);
	size_t o = draw(&s, occ_cdf, NOCC), pick[PROFILE], ne, no, j;

	v->id = 1 + (int64_t)((i * 7919) % n);
	v->occ = 1 + (int64_t)o;
	v->region = (uint16_t)draw(&s, region_cdf, NREGION);
	v->openings = 1 + (int32_t)(next(&s) % 20);
	v->open = next(&s) % 10 != 0;
	v->closes = next(&s) % 10 == 0 ? INT32_MAX : TODAY - 30 + (int32_t)(next(&s) % 150);
	ne = 4 + next(&s) % 5;
	no = 2 + next(&s) % 3;
	v->n = 0;
	for (j = 0; j < PROFILE; j++)
		pick[j] = j;
	for (j = 0; j < ne; j++) { /* partial Fisher-Yates over the essentials */
		size_t k = j + next(&s) % (PROFILE - j), t = pick[j];

		pick[j] = pick[k];
		pick[k] = t;
		v->r[v->n].competency_id = profile[o][pick[j]];
		v->r[v->n].level = (uint8_t)(next(&s) % 4);
		v->r[v->n++].essential = true;
	}
	for (j = 0; j < PROFILE; j++)
		pick[j] = j;
	for (j = 0; j < no; j++) {
		size_t k = j + next(&s) % (PROFILE - j), t = pick[j];

		pick[j] = pick[k];
		pick[k] = t;
		v->r[v->n].competency_id = profile[o][PROFILE + pick[j]];
		v->r[v->n].level = (uint8_t)(next(&s) % 4);
		v->r[v->n++].essential = false;
	}
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* p50, p99, max of n latencies (seconds), printed in ms. */
static double report(const char *key, double *t, size_t n)
{
	qsort(t, n, sizeof(*t), dbl_cmp);
	printf("%s_ms_p50: %.3f\n", key, t[n / 2] * 1e3);
	printf("%s_ms_p99: %.3f\n", key, t[n * 99 / 100] * 1e3);
	printf("%s_ms_max: %.3f\n", key, t[n - 1] * 1e3);
	return t[n / 2];
}

static bool same_hits(const tunas_mx_hit *a, size_t na, const tunas_mx_hit *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (a[i].id != b[i].id || a[i].met != b[i].met ||
		    a[i].essential_met != b[i].essential_met ||
		    a[i].optional_met != b[i].optional_met ||
		    a[i].essential_total != b[i].essential_total ||
		    a[i].optional_total != b[i].optional_total)
			return false;
	return true;
}

static bool same_gap(const tunas_mx_gap_row *a, const tunas_mx_gap_row *b)
{
	return a->region == b->region && a->occupation_id == b->occupation_id &&
	       a->vacancies == b->vacancies && a->openings == b->openings &&
	       a->supply == b->supply && a->pipeline == b->pipeline;
}

static bool same_skill_gaps(const tunas_mx_skill_gap_row *a, const tunas_mx_skill_gap_row *b,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i].region != b[i].region || a[i].competency_id != b[i].competency_id ||
		    a[i].vacancies != b[i].vacancies || a[i].openings != b[i].openings ||
		    a[i].supply != b[i].supply || a[i].pipeline != b[i].pipeline)
			return false;
	return true;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_match: %s failed (%d)\n", what, rc);
	exit(1);
}

static void disagree(const char *what)
{
	printf("%s_agree: no\n", what);
	fflush(stdout);
	exit(1);
}

/* Build an index of people/vacancies (only region `only` when >= 0);
 * *add_s gets the time spent in the add calls, *build_s in the build. */
static tunas_mx *make_index(size_t np, size_t nv, int only, double *add_s, double *build_s,
			    size_t *kept_people, size_t *kept_vacancies)
{
	static person chunk[CHUNK];
	tunas_mx_builder *b = tunas_mx_builder_new(only < 0 ? np : 0, only < 0 ? nv : 0);
	tunas_mx *mx = NULL;
	size_t i, j, m, kp = 0, kv = 0;
	double t, add = 0;
	int rc;

	if (b == NULL)
		die("builder", TUNAS_ENOMEM);
	memset(region_people, 0, sizeof(region_people));
	memset(region_open, 0, sizeof(region_open));
	for (i = 0; i < np; i += CHUNK) {
		size_t e = i + CHUNK < np ? i + CHUNK : np;

		for (j = i, m = 0; j < e; j++) {
			person_make(&chunk[m], j, np);
			if (only < 0 || chunk[m].region == only)
				region_people[chunk[m++].region]++;
		}
		t = now();
		for (j = 0; j < m; j++)
			if ((rc = tunas_mx_add_person(b, chunk[j].id, chunk[j].region,
						      chunk[j].findable, chunk[j].h, chunk[j].n)) !=
			    0)
				die("add_person", rc);
		add += now() - t;
		kp += m;
	}
	for (i = 0; i < nv; i++) {
		vacancy v;

		vacancy_make(&v, i, nv);
		if (only >= 0 && v.region != only)
			continue;
		if (v.open && v.closes >= TODAY)
			region_open[v.region]++;
		t = now();
		if ((rc = tunas_mx_add_vacancy(b, v.id, v.region, v.occ, v.openings, v.open,
					       v.closes, v.r, v.n)) != 0)
			die("add_vacancy", rc);
		add += now() - t;
		kv++;
	}
	t = now();
	if ((rc = tunas_mx_build(&mx, b)) != 0)
		die("build", rc);
	*build_s = now() - t;
	*add_s = add;
	*kept_people = kp;
	*kept_vacancies = kv;
	return mx;
}

int main(int argc, char **argv)
{
	static tunas_mx_hit a[1000], b[1000];
	static double lat[1000], lat2[1000];
	size_t np = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000000;
	size_t nv = argc > 2 ? strtoul(argv[2], NULL, 10) : 100000;
	size_t na, nb, i, j, kp, kv, nga, ngb;
	tunas_mx *mx, *rmx;
	tunas_mx_stats st;
	tunas_mx_gap_row *ga, *gb, *gc;
	tunas_mx_skill_gap_row *sa, *sb;
	uint64_t qs = SEED_QUERY;
	double add_s, build_s, t, ip50, bp50, work = 0, brute_s;
	int region_sample = 20;
	struct rusage ru;
	int rc;

	if (np < 1000 || nv < 100) {
		fprintf(stderr, "usage: bench_match [PEOPLE >= 1000] [VACANCIES >= 100]\n");
		return 2;
	}
	world_init();
	mx = make_index(np, nv, -1, &add_s, &build_s, &kp, &kv);
	tunas_mx_stats_get(mx, &st);
	printf("people: %zu\n", st.people);
	printf("findable: %zu\n", st.findable);
	printf("holdings: %zu\n", st.holdings);
	printf("vacancies: %zu\n", st.vacancies);
	printf("requirements: %zu\n", st.requirements);
	printf("competencies: %zu\n", st.competencies);
	printf("regions: %zu\n", st.regions);
	printf("add_calls_s: %.2f\n", add_s);
	printf("build_s: %.2f\n", build_s);
	printf("builder_to_index_s: %.2f\n", add_s + build_s);
	printf("index_bytes: %zu\n", st.bytes);
	printf("index_mb: %.1f\n", (double)st.bytes / 1048576.0);
	printf("index_bytes_per_person: %.1f\n", (double)st.bytes / (double)st.people);
	fflush(stdout);

	/* Top 50 candidates for 1000 random vacancies, anywhere and in the
	 * vacancy's region. */
	for (i = 0; i < 1000; i++) {
		vacancy v;

		vacancy_make(&v, next(&qs) % nv, nv);
		t = now();
		if ((rc = tunas_mx_candidates(mx, a, &na, K_CAND, v.r, v.n, -1, false)) != 0)
			die("candidates", rc);
		lat[i] = now() - t;
		t = now();
		if ((rc = tunas_mx_candidates(mx, a, &na, K_CAND, v.r, v.n, v.region, false)) != 0)
			die("candidates", rc);
		lat2[i] = now() - t;
	}
	report("candidates_k50_anywhere_1000", lat, 1000);
	report("candidates_k50_region_1000", lat2, 1000);
	/* Brute force on 20 of them, against indexed on the same 20. */
	for (i = 0; i < 20; i++) {
		vacancy v;

		vacancy_make(&v, next(&qs) % nv, nv);
		t = now();
		tunas_mx_candidates(mx, a, &na, K_CAND, v.r, v.n, -1, false);
		lat[i] = now() - t;
		t = now();
		tunas_mx_candidates(mx, b, &nb, K_CAND, v.r, v.n, -1, true);
		lat2[i] = now() - t;
		if (!same_hits(a, na, b, nb) || na != K_CAND)
			disagree("candidates");
	}
	ip50 = report("candidates_k50_anywhere_sample20_indexed", lat, 20);
	bp50 = report("candidates_k50_anywhere_sample20_brute", lat2, 20);
	printf("candidates_brute_over_indexed_p50: %.0f\n", bp50 / ip50);
	printf("candidates_agree: yes (20 vacancies, top 50 anywhere)\n");
	fflush(stdout);

	/* Top 20 vacancies for 1000 random people; brute force on 100. */
	for (i = 0; i < 1000; i++) {
		int64_t id = person_id(next(&qs) % np, np);

		t = now();
		if ((rc = tunas_mx_vacancies_for(mx, a, &na, K_VAC, id, TODAY, false)) != 0)
			die("vacancies_for", rc);
		lat[i] = now() - t;
	}
	report("vacancies_for_k20_1000", lat, 1000);
	for (i = 0; i < 100; i++) {
		int64_t id = person_id(next(&qs) % np, np);

		t = now();
		tunas_mx_vacancies_for(mx, a, &na, K_VAC, id, TODAY, false);
		lat[i] = now() - t;
		t = now();
		tunas_mx_vacancies_for(mx, b, &nb, K_VAC, id, TODAY, true);
		lat2[i] = now() - t;
		if (!same_hits(a, na, b, nb))
			disagree("vacancies_for");
	}
	ip50 = report("vacancies_for_k20_sample100_indexed", lat, 100);
	bp50 = report("vacancies_for_k20_sample100_brute", lat2, 100);
	printf("vacancies_for_brute_over_indexed_p50: %.0f\n", bp50 / ip50);
	printf("vacancies_for_agree: yes (100 people)\n");
	fflush(stdout);

	/* The gap reports, whole country. */
	t = now();
	if ((rc = tunas_mx_gap_occupations(mx, &ga, &nga, TODAY, false)) != 0)
		die("gap_occupations", rc);
	printf("gap_occupations_s: %.3f\n", now() - t);
	printf("gap_occupations_rows: %zu\n", nga);
	t = now();
	if ((rc = tunas_mx_gap_competencies(mx, &sa, &na, TODAY, false)) != 0)
		die("gap_competencies", rc);
	printf("gap_competencies_s: %.3f\n", now() - t);
	printf("gap_competencies_rows: %zu\n", na);
	fflush(stdout);
	t = now();
	if ((rc = tunas_mx_gap_competencies(mx, &sb, &nb, TODAY, true)) != 0)
		die("gap_competencies brute", rc);
	printf("gap_competencies_brute_s: %.3f\n", now() - t);
	if (na != nb || !same_skill_gaps(sa, sb, na))
		disagree("gap_competencies");
	printf("gap_competencies_agree: yes (whole country, %zu rows)\n", na);
	free(sa);
	free(sb);
	fflush(stdout);
	for (i = 0; i < NREGION; i++)
		work += region_people[i] * region_open[i];

	/* The brute occupation gap tries every person of a region against
	 * every vacancy of each group: too slow for the country, so one
	 * region's people and vacancies are indexed alone, and its rows
	 * compared three ways: brute and indexed on the region's own index,
	 * and the country's indexed report. */
	rmx = make_index(np, nv, region_sample, &add_s, &build_s, &kp, &kv);
	t = now();
	if ((rc = tunas_mx_gap_occupations(rmx, &gb, &ngb, TODAY, false)) != 0)
		die("gap_occupations sample", rc);
	printf("gap_occupations_sample: region %d, %zu people, %zu vacancies, %zu rows\n",
	       region_sample, kp, kv, ngb);
	printf("gap_occupations_sample_indexed_s: %.4f\n", now() - t);
	t = now();
	if ((rc = tunas_mx_gap_occupations(rmx, &gc, &nb, TODAY, true)) != 0)
		die("gap_occupations brute", rc);
	brute_s = now() - t;
	printf("gap_occupations_sample_brute_s: %.3f\n", brute_s);
	/* The brute force tries each person of a region against each of its
	 * vacancies: scale by the sum over regions of people x vacancies. */
	printf("gap_occupations_brute_extrapolated_s: %.0f (region %d's time x sum over regions of "
	       "people x open vacancies / region %d's)\n",
	       brute_s * work / (region_people[region_sample] * region_open[region_sample]),
	       region_sample, region_sample);
	if (nb != ngb)
		disagree("gap_occupations");
	for (j = 0; j < nb; j++)
		if (!same_gap(&gb[j], &gc[j]))
			disagree("gap_occupations");
	for (i = 0; i < nga && ga[i].region < region_sample; i++)
		;
	for (j = 0; j < ngb; j++, i++)
		if (i >= nga || !same_gap(&ga[i], &gb[j]))
			disagree("gap_occupations");
	if (i < nga && ga[i].region == region_sample)
		disagree("gap_occupations");
	printf("gap_occupations_agree: yes (region %d: brute, indexed, and the country's rows)\n",
	       region_sample);
	free(ga);
	free(gb);
	free(gc);
	tunas_mx_free(rmx);
	tunas_mx_free(mx);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak_rss_mb: %.0f\n", (double)ru.ru_maxrss / 1024.0);
	return 0;
}
