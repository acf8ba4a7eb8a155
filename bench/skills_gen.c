/*
 * skills_gen.c — national-scale data for the skills benchmark, written
 * straight into a Tunas database that already holds ESCO (`tunas framework
 * import esco`): PEOPLE people, each trained towards one ESCO occupation
 * and holding ~10 verified competencies mostly from its profile; VACANCIES
 * vacancies for occupations in regions, requiring 4-8 of the occupation's
 * essential skills and 2-4 optional ones. Occupations and regions are
 * skewed (a few are common, most are rare), as in real labour markets.
 * Deterministic (splitmix64 from a fixed seed).
 *
 * The rows go in with plain prepared INSERTs in one transaction, bypassing
 * the library's checks: this makes test data, it is not how Tunas loads
 * people (that is `tunas import`, measured by the foundation benchmark).
 *   bench_skills_gen DB PEOPLE VACANCIES
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x5eed5eed2026u;

static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

/* Index in [0, n) with a skew: the square of a uniform number favours the
 * low end (index 0 is ~sqrt(n) times likelier than the last). */
static unsigned skewed(unsigned n)
{
	double u = (double)(next() >> 11) / 9007199254740992.0;

	return (unsigned)(u * u * n);
}

/* Malaysia's 16 states and federal territories, Indonesia's 38
 * provinces. */
static const char *const regions[] = {
	"Selangor",
	"WP Kuala Lumpur",
	"Johor",
	"Sabah",
	"Sarawak",
	"Perak",
	"Kedah",
	"Pulau Pinang",
	"Kelantan",
	"Pahang",
	"Negeri Sembilan",
	"Terengganu",
	"Melaka",
	"Perlis",
	"WP Putrajaya",
	"WP Labuan",
	"Jawa Barat",
	"Jawa Timur",
	"Jawa Tengah",
	"Sumatera Utara",
	"Banten",
	"DKI Jakarta",
	"Sulawesi Selatan",
	"Lampung",
	"Sumatera Selatan",
	"Riau",
	"Sumatera Barat",
	"Nusa Tenggara Timur",
	"Aceh",
	"Nusa Tenggara Barat",
	"Kalimantan Barat",
	"Bali",
	"Kalimantan Timur",
	"Jambi",
	"DI Yogyakarta",
	"Kalimantan Selatan",
	"Kalimantan Tengah",
	"Sulawesi Tengah",
	"Sulawesi Tenggara",
	"Sulawesi Utara",
	"Bengkulu",
	"Maluku",
	"Kepulauan Riau",
	"Kepulauan Bangka Belitung",
	"Maluku Utara",
	"Gorontalo",
	"Papua",
	"Sulawesi Barat",
	"Kalimantan Utara",
	"Papua Barat",
	"Papua Tengah",
	"Papua Selatan",
	"Papua Pegunungan",
	"Papua Barat Daya",
};
#define N_REGIONS (sizeof(regions) / sizeof(regions[0]))

typedef struct {
	int64_t id;
	int64_t *ess, *opt;
	unsigned n_ess, n_opt;
} occupation;

static int die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "bench_skills_gen: %s: %s\n", what, sqlite3_errmsg(db));
	return 1;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st, *person, *holding, *consent, *vac, *req;
	occupation *occ = NULL;
	unsigned n_occ = 0, cap = 0;
	long n_people, n_vac;
	int64_t employer, last_occ = -1, pick[16];
	char idnum[32], name[64];

	if (argc != 4) {
		fputs("usage: bench_skills_gen DB PEOPLE VACANCIES\n", stderr);
		return 2;
	}
	n_people = atol(argv[2]);
	n_vac = atol(argv[3]);
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return die(db, "open");
	/* Test data in one go: no journal, a large page cache. Tunas turns WAL
	 * back on when it opens the file. */
	sqlite3_exec(db,
		     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;",
		     NULL, NULL, NULL);

	/* The occupations with their essential and optional skills. */
	if (sqlite3_prepare_v2(db,
			       "SELECT o.id, r.competency_id, r.essential FROM occupation o"
			       " JOIN framework f ON f.id = o.framework_id AND f.code = 'ESCO'"
			       " JOIN occupation_competency r ON r.occupation_id = o.id"
			       " ORDER BY o.id",
			       -1, &st, NULL) != SQLITE_OK)
		return die(db, "occupations");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		occupation *o;

		if (id != last_occ) {
			if (n_occ == cap) {
				cap = cap ? cap * 2 : 1024;
				occ = realloc(occ, cap * sizeof(*occ));
			}
			o = &occ[n_occ++];
			memset(o, 0, sizeof(*o));
			o->id = id;
			o->ess = malloc(256 * sizeof(int64_t));
			o->opt = malloc(256 * sizeof(int64_t));
			last_occ = id;
		}
		o = &occ[n_occ - 1];
		if (sqlite3_column_int(st, 2)) {
			if (o->n_ess < 256)
				o->ess[o->n_ess++] = sqlite3_column_int64(st, 1);
		} else if (o->n_opt < 256) {
			o->opt[o->n_opt++] = sqlite3_column_int64(st, 1);
		}
	}
	sqlite3_finalize(st);
	if (n_occ == 0) {
		fputs("bench_skills_gen: no ESCO occupations: run `tunas framework import esco` "
		      "first\n",
		      stderr);
		return 1;
	}

	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (sqlite3_exec(db,
			 "INSERT INTO org (name, short_name, kind, country, region, created_at)"
			 " VALUES ('Bench Employers', 'Bench', 5, 'MY', 'Selangor', 0)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return die(db, "employer");
	employer = sqlite3_last_insert_rowid(db);
	if (sqlite3_prepare_v2(db,
			       "INSERT INTO person (full_name, id_type, id_number, region,"
			       " created_at, updated_at) VALUES (?1, 3, ?2, ?3, 0, 0)",
			       -1, &person, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT OR IGNORE INTO person_competency VALUES"
			       " (?1, ?2, 2, 0, ?3, 1, '2025-06-30', NULL)",
			       -1, &holding, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO consent VALUES (?1, ?2, ?3, 0)", -1, &consent,
			       NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
			       "INSERT INTO vacancy (employer_org_id, title, occupation_id,"
			       " region, sector, openings, closes_on, status, created_at)"
			       " VALUES (?1, 'Bench vacancy', ?2, ?3, 'J', ?4, ?5, ?6, 0)",
			       -1, &vac, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO vacancy_requirement VALUES (?1, ?2, ?3, ?4, ?5)",
			       -1, &req, NULL) != SQLITE_OK)
		return die(db, "prepare");

	for (long i = 0; i < n_people; i++) {
		const occupation *o = &occ[skewed(n_occ)];
		int64_t pid;
		unsigned n = 0, want = 8 + below(5);

		snprintf(idnum, sizeof(idnum), "B%011ld", i);
		snprintf(name, sizeof(name), "Bench Person %ld", i);
		sqlite3_bind_text(person, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 2, idnum, -1, SQLITE_STATIC);
		sqlite3_bind_text(person, 3, regions[skewed(N_REGIONS)], -1, SQLITE_STATIC);
		if (sqlite3_step(person) != SQLITE_DONE)
			return die(db, "person");
		sqlite3_reset(person);
		pid = sqlite3_last_insert_rowid(db);
		/* Mostly the occupation's essentials, some optionals, the odd
		 * skill of another occupation. */
		while (n < want && n < 16) {
			unsigned r = below(10);
			const occupation *other = &occ[below(n_occ)];

			if (r < 7 && o->n_ess)
				pick[n++] = o->ess[below(o->n_ess)];
			else if (r < 9 && o->n_opt)
				pick[n++] = o->opt[below(o->n_opt)];
			else if (other->n_ess)
				pick[n++] = other->ess[below(other->n_ess)];
		}
		qsort(pick, n, sizeof(pick[0]), cmp_i64);
		for (unsigned k = 0; k < n; k++) {
			sqlite3_bind_int64(holding, 1, pid);
			sqlite3_bind_int64(holding, 2, pick[k]);
			sqlite3_bind_int(holding, 3, 1 + (int)below(5));
			if (sqlite3_step(holding) != SQLITE_DONE)
				return die(db, "holding");
			sqlite3_reset(holding);
		}
		sqlite3_bind_int64(consent, 1, pid);
		sqlite3_bind_int(consent, 2, below(100) < 60);
		sqlite3_bind_int(consent, 3, below(100) < 50);
		if (sqlite3_step(consent) != SQLITE_DONE)
			return die(db, "consent");
		sqlite3_reset(consent);
		if (i % 1000000 == 999999)
			fprintf(stderr, "  %ld people\n", i + 1);
	}

	for (long i = 0; i < n_vac; i++) {
		const occupation *o = &occ[skewed(n_occ)];
		unsigned ne = 4 + below(5), no = 2 + below(3), pos = 0;
		int64_t vid;
		char closes[16];

		snprintf(closes, sizeof(closes), "2099-%02u-%02u", 1 + below(12), 1 + below(28));
		sqlite3_bind_int64(vac, 1, employer);
		sqlite3_bind_int64(vac, 2, o->id);
		sqlite3_bind_text(vac, 3, regions[skewed(N_REGIONS)], -1, SQLITE_STATIC);
		sqlite3_bind_int(vac, 4, 1 + (int)below(20));
		sqlite3_bind_text(vac, 5, closes, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(vac, 6, below(100) < 90 ? 1 : 2);
		if (sqlite3_step(vac) != SQLITE_DONE)
			return die(db, "vacancy");
		sqlite3_reset(vac);
		vid = sqlite3_last_insert_rowid(db);
		for (unsigned k = 0; k < ne + no; k++) {
			bool essential = k < ne;
			const int64_t *from = essential ? o->ess : o->opt;
			unsigned nfrom = essential ? o->n_ess : o->n_opt;

			if (nfrom == 0)
				continue;
			sqlite3_bind_int64(req, 1, vid);
			sqlite3_bind_int(req, 2, (int)pos);
			sqlite3_bind_int64(req, 3, from[below(nfrom)]);
			sqlite3_bind_int(req, 4, essential);
			sqlite3_bind_int(req, 5, essential ? (int)below(3) : 0);
			if (sqlite3_step(req) == SQLITE_DONE)
				pos++; /* a repeated skill is refused by UNIQUE: skip it */
			sqlite3_reset(req);
		}
	}
	sqlite3_exec(db, "UPDATE skills_generation SET gen = random() WHERE id = 1", NULL, NULL,
		     NULL);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return die(db, "commit");
	sqlite3_finalize(person);
	sqlite3_finalize(holding);
	sqlite3_finalize(consent);
	sqlite3_finalize(vac);
	sqlite3_finalize(req);
	sqlite3_close(db);
	for (unsigned i = 0; i < n_occ; i++) {
		free(occ[i].ess);
		free(occ[i].opt);
	}
	free(occ);
	return 0;
}
