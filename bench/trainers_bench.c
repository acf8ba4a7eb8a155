/*
 * trainers_bench.c — issue 7's computations at scale, each against a
 * baseline measured in the same run:
 *
 * 1. the trainer cascade: a master trainer, TRAINERS trainers they
 *    trained, 50 trainers each of those trained, and 30 people each of
 *    those trained (written straight into a fresh database); the master's
 *    cascade and the master-trainer report through the library, against
 *    SQLite counting the master's descendants with a recursive query
 *    over the same records;
 * 2. a competition round's ranking (tunas_rank_compute: per-judge z-score
 *    normalisation, the tie rule): ENTRIES entries scored by 20 judges,
 *    each entry by 3, against sorting the entries' raw means (qsort);
 * 3. a training centre's claim evidence (tunas_claim_evidence_get): what
 *    Tunas's records show for a cohort of 2,000 trainees with 40 sessions
 *    of attendance, against one plain SQL query counting the same.
 *
 *   bench_trainers DIR [TRAINERS] [ENTRIES]   (defaults 200 and 5000)
 */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tunas/competition.h"
#include "tunas/funding.h"
#include "tunas/org.h"
#include "tunas/programme.h"
#include "tunas/trainers.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int die(const char *what, const char *why)
{
	fprintf(stderr, "bench_trainers: %s: %s\n", what, why);
	return 1;
}

static uint64_t rng = 0x7121e25;

static double uniform(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

/* People, cohorts, instructors and completions as the library would have
 * written them, in one transaction of plain INSERTs. */
static int generate(const char *path, int64_t programme, int64_t centre, int trainers,
		    int64_t *master)
{
	sqlite3 *db;
	sqlite3_stmt *person, *user, *link, *cohort, *teach, *enrol;
	int64_t next_user = 0, serial = 0;
	int rc = 1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return die("open", sqlite3_errmsg(db));
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO person (full_name, id_type, id_number, region,"
			       " created_at, updated_at) VALUES ('Bench person', 3, ?1, 'Selangor',"
			       " 0, 0)",
			       -1, &person, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO app_user (username, role, org_id, created_at)"
			       " VALUES (?1, 5, ?2, 0)",
			       -1, &user, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO trainer_person VALUES (?1, ?2)", -1, &link, NULL) !=
		    SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO cohort (programme_id, centre_org_id, name, capacity,"
			       " starts_on, ends_on, created_at) VALUES (?1, ?2, 'Bench', 100,"
			       " '2026-01-05', '2026-03-27', 0)",
			       -1, &cohort, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO cohort_instructor VALUES (?1, 0, ?2)", -1, &teach,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO enrolment (person_id, cohort_id, status, applied_at,"
			       " updated_at) VALUES (?1, ?2, 6, 0, 0)",
			       -1, &enrol, NULL) != SQLITE_OK)
		return die("prepare", sqlite3_errmsg(db));

#define STEP(st)                                                                                   \
	do {                                                                                       \
		if (sqlite3_step(st) != SQLITE_DONE) {                                             \
			die("insert", sqlite3_errmsg(db));                                         \
			goto out;                                                                  \
		}                                                                                  \
		sqlite3_reset(st);                                                                 \
	} while (0)

	{
		/* generation sizes: 1 master, `trainers`, 50 each, 30 each */
		int64_t *level1 = calloc((size_t)trainers, sizeof(int64_t));
		int64_t *users1 = calloc((size_t)trainers, sizeof(int64_t));
		char buf[48];
		int64_t master_user, cohort_id, p, u;

		if (level1 == NULL || users1 == NULL)
			goto out;
#define PERSON(out_person)                                                                         \
	do {                                                                                       \
		snprintf(buf, sizeof(buf), "BT%010lld", (long long)++serial);                      \
		sqlite3_bind_text(person, 1, buf, -1, SQLITE_TRANSIENT);                           \
		STEP(person);                                                                      \
		(out_person) = sqlite3_last_insert_rowid(db);                                      \
	} while (0)
#define TRAINER(out_person, out_user)                                                              \
	do {                                                                                       \
		PERSON(out_person);                                                                \
		snprintf(buf, sizeof(buf), "bench.trainer%lld", (long long)++next_user);           \
		sqlite3_bind_text(user, 1, buf, -1, SQLITE_TRANSIENT);                             \
		sqlite3_bind_int64(user, 2, centre);                                               \
		STEP(user);                                                                        \
		(out_user) = sqlite3_last_insert_rowid(db);                                        \
		sqlite3_bind_int64(link, 1, (out_user));                                           \
		sqlite3_bind_int64(link, 2, (out_person));                                         \
		STEP(link);                                                                        \
	} while (0)
#define COHORT(teacher_user, out_cohort)                                                           \
	do {                                                                                       \
		sqlite3_bind_int64(cohort, 1, programme);                                          \
		sqlite3_bind_int64(cohort, 2, centre);                                             \
		STEP(cohort);                                                                      \
		(out_cohort) = sqlite3_last_insert_rowid(db);                                      \
		sqlite3_bind_int64(teach, 1, (out_cohort));                                        \
		sqlite3_bind_int64(teach, 2, (teacher_user));                                      \
		STEP(teach);                                                                       \
	} while (0)
#define COMPLETE(person_id, cohort_id_)                                                            \
	do {                                                                                       \
		sqlite3_bind_int64(enrol, 1, (person_id));                                         \
		sqlite3_bind_int64(enrol, 2, (cohort_id_));                                        \
		STEP(enrol);                                                                       \
	} while (0)

		TRAINER(*master, master_user);
		COHORT(master_user, cohort_id);
		for (int i = 0; i < trainers; i++) {
			TRAINER(level1[i], users1[i]);
			COMPLETE(level1[i], cohort_id);
		}
		for (int i = 0; i < trainers; i++) {
			int64_t c1;

			COHORT(users1[i], c1);
			for (int j = 0; j < 50; j++) {
				int64_t c2;

				TRAINER(p, u);
				COMPLETE(p, c1);
				COHORT(u, c2);
				for (int k = 0; k < 30; k++) {
					int64_t q;

					PERSON(q);
					COMPLETE(q, c2);
				}
			}
		}
		free(level1);
		free(users1);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	rc = 0;
out:
	sqlite3_finalize(person);
	sqlite3_finalize(user);
	sqlite3_finalize(link);
	sqlite3_finalize(cohort);
	sqlite3_finalize(teach);
	sqlite3_finalize(enrol);
	sqlite3_close(db);
	return rc;
}

/* A cohort of 2,000 enrolled trainees and 40 past sessions, each trainee
 * present at about 90% of them (some below 80%). */
static int generate_cohort(const char *path, int64_t programme, int64_t centre, int64_t *out)
{
	sqlite3 *db;
	sqlite3_stmt *person, *enrol, *session, *mark;
	int64_t cohort, people[2000], sessions[40];
	char buf[32];
	int rc = 1;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		return die("open", sqlite3_errmsg(db));
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO cohort (programme_id, centre_org_id, name, capacity,"
		    " starts_on, ends_on, created_at) VALUES (?1, ?2, 'Claim bench', 2000,"
		    " '2026-01-05', '2026-03-27', 0)",
		    -1, &session, NULL) != SQLITE_OK)
		return die("cohort", sqlite3_errmsg(db));
	sqlite3_bind_int64(session, 1, programme);
	sqlite3_bind_int64(session, 2, centre);
	if (sqlite3_step(session) != SQLITE_DONE)
		return die("cohort", sqlite3_errmsg(db));
	sqlite3_finalize(session);
	cohort = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(
		    db,
		    "INSERT INTO person (full_name, id_type, id_number, region,"
		    " created_at, updated_at) VALUES ('Claim trainee', 3, ?1, 'Selangor',"
		    " 0, 0)",
		    -1, &person, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO enrolment (person_id, cohort_id, status, applied_at,"
			       " updated_at) VALUES (?1, ?2, 5, 0, 0)",
			       -1, &enrol, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO session (cohort_id, kind, title, starts_at, ends_at,"
			       " time_zone, created_at) VALUES (?1, 1, 'Lecture', ?2, ?2 + 3600,"
			       " 'Asia/Kuala_Lumpur', 0)",
			       -1, &session, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO attendance (session_id, person_id, status, recorded_by,"
			       " recorded_at) VALUES (?1, ?2, ?3, 1, 0)",
			       -1, &mark, NULL) != SQLITE_OK)
		return die("prepare", sqlite3_errmsg(db));
	for (int i = 0; i < 2000; i++) {
		snprintf(buf, sizeof(buf), "CL%08d", i);
		sqlite3_bind_text(person, 1, buf, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(person) != SQLITE_DONE)
			goto out;
		sqlite3_reset(person);
		people[i] = sqlite3_last_insert_rowid(db);
		sqlite3_bind_int64(enrol, 1, people[i]);
		sqlite3_bind_int64(enrol, 2, cohort);
		if (sqlite3_step(enrol) != SQLITE_DONE)
			goto out;
		sqlite3_reset(enrol);
	}
	for (int k = 0; k < 40; k++) {
		sqlite3_bind_int64(session, 1, cohort);
		sqlite3_bind_int64(session, 2, 1767600000 + (int64_t)k * 86400);
		if (sqlite3_step(session) != SQLITE_DONE)
			goto out;
		sqlite3_reset(session);
		sessions[k] = sqlite3_last_insert_rowid(db);
		for (int i = 0; i < 2000; i++) {
			sqlite3_bind_int64(mark, 1, sessions[k]);
			sqlite3_bind_int64(mark, 2, people[i]);
			sqlite3_bind_int(mark, 3, uniform() < 0.9 ? 1 : 3);
			if (sqlite3_step(mark) != SQLITE_DONE)
				goto out;
			sqlite3_reset(mark);
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		*out = cohort;
		rc = 0;
	}
out:
	if (rc != 0)
		die("claim data", sqlite3_errmsg(db));
	sqlite3_finalize(person);
	sqlite3_finalize(enrol);
	sqlite3_finalize(session);
	sqlite3_finalize(mark);
	sqlite3_close(db);
	return rc;
}

/* The baseline for the claim: trainees, and those present, late or
 * excused at 80% or more of the sessions, in one plain query. */
static int64_t plain_counts(const char *path, int64_t cohort, int64_t *attended, double *seconds)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t trainees = -1;
	double t0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(
		    db,
		    "SELECT count(*), sum(ok) FROM (SELECT e.person_id,"
		    " (SELECT count(*) FROM attendance a JOIN session s ON s.id = a.session_id"
		    " WHERE s.cohort_id = ?1 AND a.person_id = e.person_id AND a.status IN (1, 2, "
		    "4))"
		    " * 100 >= 80 * (SELECT count(*) FROM session WHERE cohort_id = ?1) AS ok"
		    " FROM enrolment e WHERE e.cohort_id = ?1 AND e.status IN (5, 6))",
		    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, cohort);
		t0 = now();
		if (sqlite3_step(st) == SQLITE_ROW) {
			trainees = sqlite3_column_int64(st, 0);
			*attended = sqlite3_column_int64(st, 1);
		}
		*seconds = now() - t0;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return trainees;
}

/* The baseline: SQLite walks the same records recursively and counts
 * everyone below the master. */
static int64_t recursive_count(const char *path, int64_t master, double *seconds)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t n = -1;
	double t0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(
		    db,
		    "WITH RECURSIVE e(trainer, trainee) AS ("
		    " SELECT u.person_id, en.person_id FROM cohort_instructor ci"
		    " JOIN trainer_person u ON u.user_id = ci.user_id"
		    " JOIN enrolment en ON en.cohort_id = ci.cohort_id AND en.status = 6),"
		    " r(p) AS (SELECT ?1 UNION SELECT e.trainee FROM e JOIN r ON e.trainer = r.p)"
		    " SELECT count(*) - 1 FROM r",
		    -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, master);
		t0 = now();
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
		*seconds = now() - t0;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return n;
}

static int cmp_mean(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x < y) - (x > y);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : NULL;
	int trainers = argc > 2 ? atoi(argv[2]) : 200;
	size_t entries = argc > 3 ? (size_t)atol(argv[3]) : 5000, judges = 20, e, j;
	char path[512], err[256];
	tunas_cascade_node *nodes = NULL;
	tunas_standing *out;
	tunas_principal op;
	tunas_programme p;
	tunas_org o;
	tunas_ctx *ctx = NULL;
	int64_t centre, prog, master = 0, people = 0, base;
	double t0, t_cascade, t_report, t_base = 0, t_rank, t_sort, *totals, *top, *means;
	size_t n = 0;

	if (dir == NULL || trainers < 1) {
		fputs("usage: bench_trainers DIR [TRAINERS] [ENTRIES]\n", stderr);
		return 2;
	}
	snprintf(path, sizeof(path), "%s/trainers.db", dir);
	if (tunas_global_init() != 0 || tunas_open(&ctx, path, err, sizeof(err)) != 0)
		return die("open", err);
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "Bench training centre");
	o.kind = TUNAS_ORG_TRAINING_CENTRE;
	snprintf(o.country, sizeof(o.country), "MY");
	snprintf(o.region, sizeof(o.region), "Selangor");
	if (tunas_org_create(ctx, &centre, &o) != 0)
		return die("centre", tunas_errmsg(ctx));
	memset(&p, 0, sizeof(p));
	snprintf(p.code, sizeof(p.code), "BENCH-TTT");
	snprintf(p.name, sizeof(p.name), "Bench train-the-trainer cascade");
	p.owner_org_id = centre;
	snprintf(p.currency, sizeof(p.currency), "MYR");
	snprintf(p.starts_on, sizeof(p.starts_on), "2026-01-05");
	snprintf(p.ends_on, sizeof(p.ends_on), "2027-12-31");
	p.modes = TUNAS_MODE_IN_PERSON;
	p.target_headcount = 1000000;
	if (tunas_programme_create(ctx, &prog, &p) != 0)
		return die("programme", tunas_errmsg(ctx));
	tunas_close(ctx);
	ctx = NULL;

	t0 = now();
	if (generate(path, prog, centre, trainers, &master) != 0)
		return 1;
	printf("cascade: generated 1 master, %d + %d trainers, %d people trained in %.1f s\n",
	       trainers, trainers * 50, trainers * 50 * 30, now() - t0);

	if (tunas_open(&ctx, path, err, sizeof(err)) != 0)
		return die("open", err);
	tunas_set_principal(ctx, &op);
	t0 = now();
	if (tunas_cascade(ctx, &nodes, &n, &people, master) != 0)
		return die("cascade", tunas_errmsg(ctx));
	t_cascade = now() - t0;
	free(nodes);
	t0 = now();
	if (tunas_cascade_report(ctx, &nodes, &n, 0) != 0)
		return die("report", tunas_errmsg(ctx));
	t_report = now() - t0;
	printf("cascade: the master's cascade %.3f s (%lld people reached, first %zu trainers "
	       "listed); the master-trainer report %.3f s (%zu master, multiplier %lld)\n",
	       t_cascade, (long long)people, (size_t)200, t_report, n,
	       n ? (long long)nodes[0].multiplier : 0LL);
	free(nodes);
	tunas_close(ctx);
	base = recursive_count(path, master, &t_base);
	printf("cascade: baseline recursive SQL count of the master's descendants %.3f s (%lld);"
	       " library/baseline %.2f; %s\n",
	       t_base, (long long)base, t_cascade / t_base, base == people ? "agree" : "DISAGREE");

	/* 2. Ranking. */
	totals = malloc(judges * entries * sizeof(*totals));
	top = malloc(entries * sizeof(*top));
	means = malloc(entries * sizeof(*means));
	out = calloc(entries, sizeof(*out));
	if (totals == NULL || top == NULL || means == NULL || out == NULL)
		return 1;
	for (j = 0; j < judges * entries; j++)
		totals[j] = NAN;
	for (e = 0; e < entries; e++) {
		double sum = 0;

		for (int k = 0; k < 3; k++) {
			size_t jj = (e * 7 + (size_t)k * 3) % judges;
			double severity = 0.8 + 0.02 * (double)jj;

			totals[jj * entries + e] = fmin(100.0, 100.0 * uniform() * severity);
			sum += totals[jj * entries + e];
		}
		top[e] = uniform();
		means[e] = sum / 3;
		out[e].entry_id = (int64_t)e + 1;
	}
	t0 = now();
	if (tunas_rank_compute(out, entries, totals, judges, top) != 0)
		return die("rank", "out of memory");
	t_rank = now() - t0;
	t0 = now();
	qsort(means, entries, sizeof(*means), cmp_mean);
	t_sort = now() - t0;
	printf("ranking: %zu entries, %zu judges (3 per entry): normalised ranking %.4f s;"
	       " baseline sorting raw means %.4f s; ratio %.1f\n",
	       entries, judges, t_rank, t_sort, t_rank / t_sort);
	free(totals);
	free(top);
	free(means);
	free(out);

	/* 3. A claim's evidence. */
	{
		tunas_fund_source src;
		tunas_allocation al;
		tunas_claim_evidence ev;
		int64_t cohort = 0, src_id = 0, al_id = 0, plain_trainees, plain_attended = 0;
		double t_ev, t_plain = 0;

		if (generate_cohort(path, prog, centre, &cohort) != 0)
			return 1;
		if (tunas_open(&ctx, path, err, sizeof(err)) != 0)
			return die("open", err);
		tunas_set_principal(ctx, &op);
		memset(&src, 0, sizeof(src));
		snprintf(src.code, sizeof(src.code), "BENCH-SRC");
		snprintf(src.name, sizeof(src.name), "Bench national allocation");
		src.kind = TUNAS_FUND_NATIONAL;
		src.org_id = centre;
		snprintf(src.currency, sizeof(src.currency), "MYR");
		src.amount_minor = INT64_C(100000000000);
		if (tunas_fund_source_create(ctx, &src_id, &src) != 0)
			return die("source", tunas_errmsg(ctx));
		memset(&al, 0, sizeof(al));
		al.source_id = src_id;
		al.programme_id = prog;
		snprintf(al.currency, sizeof(al.currency), "MYR");
		al.amount_minor = INT64_C(10000000000);
		al.rate_trainee_minor = 100000;
		al.rate_attended_minor = 50000;
		al.attendance_percent = 80;
		if (tunas_allocation_create(ctx, &al_id, &al) != 0)
			return die("allocation", tunas_errmsg(ctx));
		t0 = now();
		if (tunas_claim_evidence_get(ctx, &ev, al_id, cohort) != 0)
			return die("evidence", tunas_errmsg(ctx));
		t_ev = now() - t0;
		tunas_close(ctx);
		plain_trainees = plain_counts(path, cohort, &plain_attended, &t_plain);
		printf("claim: evidence for a cohort of %lld trainees, 40 sessions (80,000 "
		       "attendance"
		       " records): %.4f s (%lld attended 80%%); baseline plain SQL %.4f s (%lld);"
		       " ratio %.2f; %s\n",
		       (long long)ev.counts.trainees, t_ev, (long long)ev.counts.attended, t_plain,
		       (long long)plain_attended, t_ev / t_plain,
		       ev.counts.trainees == plain_trainees && ev.counts.attended == plain_attended
			       ? "agree"
			       : "DISAGREE");
		if (ev.counts.trainees != plain_trainees || ev.counts.attended != plain_attended)
			return 1;
	}
	return base == people ? 0 : 1;
}
