/*
 * skills_bench.c — the skills benchmark on a database filled by
 * bench_skills_gen: builds the matching index from the store, then times
 * through the library (as the API calls it) a vacancy's top 50 candidates,
 * a person's top 20 vacancies and the full gap reports, and the same
 * queries by brute force over the same index on a sample, checking that
 * both give the same answers. Prints "key: value" lines.
 *   bench_skills DB [QUERIES] [BRUTE_SAMPLES]
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match.h"
#include "skills_int.h"
#include "tunas/skills.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Milliseconds at quantile q of n sorted seconds. */
static double pct(double *s, size_t n, double q)
{
	size_t i = (size_t)(q * (double)(n - 1) + 0.5);

	return s[i < n ? i : n - 1] * 1000.0;
}

static void report(const char *what, double *s, size_t n)
{
	qsort(s, n, sizeof(*s), cmp_double);
	printf("%s_ms: p50 %.3f, p99 %.3f, max %.3f (n=%zu)\n", what, pct(s, n, 0.5),
	       pct(s, n, 0.99), pct(s, n, 1.0), n);
}

static long rss_kib(const char *field)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, strlen(field)) == 0)
			v = atol(line + strlen(field) + 1);
	fclose(f);
	return v;
}

/* `n` ids from `sql` (which picks them at random). */
static int64_t *sample(const char *db, const char *sql, size_t *n)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	int64_t *ids = calloc(*n, sizeof(*ids));
	size_t k = 0;

	if (ids == NULL || sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK) {
		free(ids);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, (int64_t)*n);
	while (k < *n && sqlite3_step(st) == SQLITE_ROW)
		ids[k++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	*n = k;
	return ids;
}

static bool same_hits(const tunas_mx_hit *a, size_t na, const tunas_mx_hit *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].id != b[i].id || a[i].met != b[i].met)
			return false;
	return true;
}

static bool same_gaps(const tunas_mx_gap_row *a, size_t na, const tunas_mx_gap_row *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (a[i].region != b[i].region || a[i].occupation_id != b[i].occupation_id ||
		    a[i].openings != b[i].openings || a[i].supply != b[i].supply ||
		    a[i].pipeline != b[i].pipeline)
			return false;
	return true;
}

int main(int argc, char **argv)
{
	const char *db = argc > 1 ? argv[1] : NULL;
	size_t queries = argc > 2 ? (size_t)atol(argv[2]) : 1000;
	size_t brute_n = argc > 3 ? (size_t)atol(argv[3]) : 20;
	tunas_skills_index_stats st;
	tunas_principal op;
	tunas_ctx *ctx = NULL;
	skills_index *x = NULL;
	tunas_mx_hit *a = NULL, *b = NULL;
	tunas_mx_req reqs[TUNAS_MX_REQ_MAX];
	tunas_match *m = NULL;
	tunas_gap_row *gaps = NULL;
	tunas_mx_gap_row *g1 = NULL, *g2 = NULL;
	tunas_vacancy v;
	int64_t *vac, *people, *maxid;
	double *lat, t0, idx_med, brute_med, *bl;
	size_t n, na, nb, nv = queries, np = queries, ng1, ng2, agree = 0;
	char err[256];
	int rc, today = (int)(time(NULL) / 86400);

	if (db == NULL) {
		fputs("usage: bench_skills DB [QUERIES] [BRUTE_SAMPLES]\n", stderr);
		return 2;
	}
	if (tunas_global_init() != 0 || tunas_open(&ctx, db, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench_skills: %s\n", err);
		return 1;
	}
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);

	/* 1. The index from the store. */
	t0 = now();
	if (tunas_skills_index_warm(ctx, &st) != 0) {
		fprintf(stderr, "bench_skills: %s\n", tunas_errmsg(ctx));
		return 1;
	}
	printf("index_build_s: %.2f (store scan and build; wall %.2f)\n", st.build_seconds,
	       now() - t0);
	printf("index: %lld people (%lld findable), %lld holdings, %lld vacancies, %lld regions\n",
	       (long long)st.people, (long long)st.findable, (long long)st.holdings,
	       (long long)st.vacancies, (long long)st.regions);
	printf("index_bytes: %lld (%.1f MiB; %.1f MiB per million people)\n", (long long)st.bytes,
	       (double)st.bytes / 1048576.0,
	       st.people ? (double)st.bytes / 1048576.0 / ((double)st.people / 1e6) : 0.0);
	printf("process_rss_mib: %.0f now, %.0f peak\n", (double)rss_kib("VmRSS:") / 1024.0,
	       (double)rss_kib("VmHWM:") / 1024.0);

	vac = sample(db, "SELECT id FROM vacancy WHERE status = 1 ORDER BY random() LIMIT ?1", &nv);
	/* People at random (every generated person holds competencies). */
	n = 1;
	maxid = sample(db, "SELECT max(id) FROM person WHERE ?1 > 0", &n);
	people = calloc(np, sizeof(*people));
	if (maxid == NULL || people == NULL)
		return 1;
	srand(42);
	for (size_t i = 0; i < np; i++)
		people[i] = 1 + (int64_t)(((uint64_t)rand() << 31 ^ (uint64_t)rand()) %
					  (uint64_t)maxid[0]);
	free(maxid);
	lat = calloc(queries > brute_n ? queries : brute_n, sizeof(*lat));
	bl = calloc(brute_n, sizeof(*bl));
	a = calloc(200, sizeof(*a));
	b = calloc(200, sizeof(*b));
	if (vac == NULL || people == NULL || lat == NULL || bl == NULL || a == NULL || b == NULL)
		return 1;

	/* 2. A vacancy's top 50 candidates, through the library (vacancy,
	 * index, consent re-check and names from the store). */
	for (size_t i = 0; i < nv; i++) {
		t0 = now();
		rc = tunas_match_candidates(ctx, &m, &n, vac[i], "", 50);
		lat[i] = now() - t0;
		if (rc != 0) {
			fprintf(stderr, "bench_skills: candidates: %s\n", tunas_errmsg(ctx));
			return 1;
		}
		free(m);
	}
	report("vacancy_top50_api", lat, nv);

	/* The same on the index alone, and by brute force on a sample. */
	if (skills_index_get(ctx, &x) != 0)
		return 1;
	for (size_t i = 0; i < nv; i++) {
		if (tunas_vacancy_get(ctx, &v, vac[i]) != 0)
			return 1;
		for (int r = 0; r < v.n_reqs; r++)
			reqs[r] = (tunas_mx_req){v.reqs[r].competency_id, (uint8_t)v.reqs[r].level,
						 v.reqs[r].essential};
		t0 = now();
		tunas_mx_candidates(skills_index_mx(x), a, &na, 50, reqs, (size_t)v.n_reqs, -1,
				    false);
		lat[i] = now() - t0;
		if (i < brute_n) {
			t0 = now();
			tunas_mx_candidates(skills_index_mx(x), b, &nb, 50, reqs, (size_t)v.n_reqs,
					    -1, true);
			bl[i] = now() - t0;
			agree += same_hits(a, na, b, nb);
		}
	}
	report("vacancy_top50_index", lat, nv);
	idx_med = pct(lat, nv, 0.5);
	report("vacancy_top50_brute", bl, brute_n < nv ? brute_n : nv);
	brute_med = pct(bl, brute_n < nv ? brute_n : nv, 0.5);
	printf("vacancy_top50_ratio: brute/index median %.0fx; agree %zu/%zu\n",
	       brute_med / idx_med, agree, brute_n < nv ? brute_n : nv);

	/* 3. A person's top 20 vacancies. */
	for (size_t i = 0; i < np; i++) {
		t0 = now();
		rc = tunas_match_vacancies(ctx, &m, &n, people[i], 20);
		lat[i] = now() - t0;
		if (rc != 0) {
			fprintf(stderr, "bench_skills: vacancies: %s\n", tunas_errmsg(ctx));
			return 1;
		}
		free(m);
	}
	report("person_top20_api", lat, np);
	agree = 0;
	for (size_t i = 0; i < np; i++) {
		t0 = now();
		tunas_mx_vacancies_for(skills_index_mx(x), a, &na, 20, people[i], today, false);
		lat[i] = now() - t0;
		if (i < brute_n) {
			t0 = now();
			tunas_mx_vacancies_for(skills_index_mx(x), b, &nb, 20, people[i], today,
					       true);
			bl[i] = now() - t0;
			agree += same_hits(a, na, b, nb);
		}
	}
	report("person_top20_index", lat, np);
	idx_med = pct(lat, np, 0.5);
	report("person_top20_brute", bl, brute_n < np ? brute_n : np);
	brute_med = pct(bl, brute_n < np ? brute_n : np, 0.5);
	printf("person_top20_ratio: brute/index median %.0fx; agree %zu/%zu\n", brute_med / idx_med,
	       agree, brute_n < np ? brute_n : np);

	/* 4. The gap reports. */
	t0 = now();
	if (tunas_gap_report(ctx, &gaps, &n, false, "") != 0)
		return 1;
	printf("gap_region_occupation_api_s: %.3f (%zu rows, with names)\n", now() - t0, n);
	free(gaps);
	t0 = now();
	if (tunas_gap_report(ctx, &gaps, &n, true, "") != 0)
		return 1;
	printf("gap_region_competency_api_s: %.3f (%zu rows, with names)\n", now() - t0, n);
	free(gaps);
	t0 = now();
	tunas_mx_gap_occupations(skills_index_mx(x), &g1, &ng1, today, false);
	idx_med = now() - t0;
	printf("gap_region_occupation_index_s: %.3f\n", idx_med);
	if (getenv("BENCH_GAP_BRUTE") != NULL) {
		t0 = now();
		tunas_mx_gap_occupations(skills_index_mx(x), &g2, &ng2, today, true);
		brute_med = now() - t0;
		printf("gap_region_occupation_brute_s: %.3f; ratio %.0fx; agree %s\n", brute_med,
		       brute_med / idx_med, same_gaps(g1, ng1, g2, ng2) ? "yes" : "NO");
		free(g2);
	}
	free(g1);
	skills_index_release(x);
	free(vac);
	free(people);
	free(lat);
	free(bl);
	free(a);
	free(b);
	tunas_close(ctx);
	return 0;
}
