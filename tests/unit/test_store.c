/*
 * test_store.c — unit tests of the SQLite store (src/lib/store).
 *
 * Each test opens a fresh database in its own temporary directory and
 * drives the operations table directly, as the library does: round trips
 * of every struct (child arrays in order), conflicts, missing rows, paging,
 * every scope kind on a small hand-built dataset, the enrolment queries,
 * the append-only audit trail and migrations on reopen.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif

#include "store/store.h"
#include "testdb.h"

#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char path[TESTDB_URI_MAX];
static tunas_store *st;

#define OPS (st->ops)
#define SET(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

static void setup(void)
{
	char err[256] = "";
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/tunas-store-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	testdb_new(path, dir, "tunas.db");
	rc = tunas_store_open(&st, path, err, sizeof(err));
	ck_assert_msg(rc == 0, "open: %d %s", rc, err);
	ck_assert_str_eq(st->ops->name, "sql");
}

static void remove_db(void)
{
	char f[TESTDB_URI_MAX + 8];

	unlink(path);
	snprintf(f, sizeof(f), "%s-wal", path);
	unlink(f);
	snprintf(f, sizeof(f), "%s-shm", path);
	unlink(f);
	rmdir(dir);
}

static void teardown(void)
{
	if (st != NULL)
		st->ops->close(st);
	st = NULL;
	testdb_drop(path);
	remove_db();
}

/* The database itself, around the store, for what the store must refuse. */
static int64_t raw_int(const char *sql)
{
	return testdb_int(path, sql);
}

/* ------------------------------------------------------------------------ */
/* Builders */

static int64_t add_org(const char *name, tunas_org_kind kind)
{
	tunas_org o;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	SET(o.name, name);
	o.kind = kind;
	SET(o.country, "MY");
	o.created_at = 1000;
	ck_assert_int_eq(OPS->org_insert(st, &id, &o), 0);
	ck_assert_int_gt(id, 0);
	return id;
}

static void fill_programme(tunas_programme *p, const char *code, int64_t owner, bool funded)
{
	memset(p, 0, sizeof(*p));
	SET(p->code, code);
	SET(p->name, code);
	p->owner_org_id = owner;
	p->funded = funded;
	SET(p->currency, "MYR");
	SET(p->starts_on, "2025-01-01");
	SET(p->ends_on, "2025-12-31");
	p->modes = TUNAS_MODE_IN_PERSON;
	p->rules.min_isced = -1;
	p->rules.max_isced = -1;
	p->created_at = 2000;
}

static int64_t add_programme(const char *code, int64_t owner, bool funded)
{
	tunas_programme p;
	int64_t id = 0;

	fill_programme(&p, code, owner, funded);
	ck_assert_int_eq(OPS->programme_insert(st, &id, &p), 0);
	return id;
}

static int64_t add_cohort(int64_t programme, int64_t centre, const char *from, const char *to,
			  int64_t instructor)
{
	tunas_cohort c;
	int64_t id = 0;

	memset(&c, 0, sizeof(c));
	c.programme_id = programme;
	c.centre_org_id = centre;
	SET(c.name, "batch");
	c.capacity = 30;
	SET(c.starts_on, from);
	SET(c.ends_on, to);
	if (instructor != 0) {
		c.instructors[0] = instructor;
		c.n_instructors = 1;
	}
	c.created_at = 3000;
	ck_assert_int_eq(OPS->cohort_insert(st, &id, &c), 0);
	return id;
}

static void fill_person(tunas_person *p, const char *name, const char *number, int64_t reg_by)
{
	memset(p, 0, sizeof(*p));
	SET(p->full_name, name);
	p->id_type = TUNAS_ID_MYKAD;
	SET(p->id_number, number);
	SET(p->id_country, "MY");
	SET(p->birth_date, "1999-05-01");
	p->sex = 'F';
	SET(p->email, "a@example.my");
	SET(p->phone, "+60123456789");
	SET(p->edu_country, "MY");
	SET(p->edu_level, "SPM");
	p->isced = 3;
	p->employment = TUNAS_EMP_JOB_SEEKER;
	SET(p->region, "Selangor");
	p->registered_by_org = reg_by;
	p->created_at = 4000;
	p->updated_at = 4000;
}

static int64_t add_person(const char *name, const char *number, int64_t reg_by)
{
	tunas_person p;
	int64_t id = 0;

	fill_person(&p, name, number, reg_by);
	ck_assert_int_eq(OPS->person_insert(st, &id, &p), 0);
	return id;
}

static int64_t add_user(const char *username, tunas_role role, int64_t org)
{
	tunas_user u;
	int64_t id = 0;

	memset(&u, 0, sizeof(u));
	SET(u.username, username);
	SET(u.display_name, username);
	u.role = role;
	u.org_id = org;
	u.created_at = 5000;
	ck_assert_int_eq(OPS->user_insert(st, &id, &u, "$argon2id$v=19$fake"), 0);
	return id;
}

static int64_t add_enrol(int64_t person, int64_t cohort, tunas_enrol_status status,
			 int64_t applied_at)
{
	tunas_enrolment e;
	int64_t id = 0;

	memset(&e, 0, sizeof(e));
	e.person_id = person;
	e.cohort_id = cohort;
	e.status = status;
	e.applied_at = applied_at;
	e.updated_at = applied_at;
	ck_assert_int_eq(OPS->enrol_insert(st, &id, &e), 0);
	return id;
}

static tunas_page page_of(int64_t after, int limit)
{
	tunas_page p = {after, limit};
	return p;
}

/* ------------------------------------------------------------------------ */
/* Open, migrations, URIs */

START_TEST(test_open_settings)
{
	ck_assert_int_eq(raw_int("SELECT count(*) FROM schema_migrations"), 9);
	ck_assert_int_eq(raw_int("SELECT max(version) FROM schema_migrations"), 9);
	ck_assert_int_gt(raw_int("SELECT min(applied_at) FROM schema_migrations"), 0);
}
END_TEST

/* An SQLite file is its owner's alone, and in WAL mode (a property of the
 * file: checked through the file). */
START_TEST(test_open_sqlite_file)
{
	struct stat sb;
	sqlite3 *db;
	sqlite3_stmt *q = NULL;

	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &q, NULL), SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(q), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(q, 0), "wal");
	sqlite3_finalize(q);
	sqlite3_close(db);
}
END_TEST

START_TEST(test_migrations_idempotent)
{
	char err[256];
	tunas_org o;
	int64_t id = add_org("JTM", TUNAS_ORG_GOVERNMENT);
	int i;

	for (i = 0; i < 2; i++) {
		st->ops->close(st);
		st = NULL;
		ck_assert_int_eq(tunas_store_open(&st, path, err, sizeof(err)), 0);
	}
	ck_assert_int_eq(OPS->org_get(st, &o, id), 0);
	ck_assert_str_eq(o.name, "JTM");
	ck_assert_int_eq(raw_int("SELECT count(*) FROM schema_migrations"), 9);
	/* A database from a newer program is refused, not downgraded. */
	ck_assert_int_eq(testdb_exec(path, "INSERT INTO schema_migrations VALUES (999, 0)", err,
				     sizeof(err)),
			 0);
	st->ops->close(st);
	st = NULL;
	err[0] = '\0';
	ck_assert_int_eq(tunas_store_open(&st, path, err, sizeof(err)), TUNAS_ESTORE);
	ck_assert_ptr_null(st);
	ck_assert_ptr_nonnull(strstr(err, "newer"));
}
END_TEST

START_TEST(test_store_open_uri)
{
	tunas_store *s = NULL;
	char err[256] = "";

	/* A PostgreSQL URI goes to PostgreSQL: nothing listens on port 1. */
	ck_assert_int_eq(tunas_store_open(&s, "postgresql://127.0.0.1:1/tunas?connect_timeout=2",
					  err, sizeof(err)),
			 TUNAS_ESTORE);
	ck_assert_ptr_nonnull(strstr(err, "cannot connect to PostgreSQL"));
	ck_assert_ptr_null(s);
	err[0] = '\0';
	ck_assert_int_eq(tunas_store_open(&s, "postgres://127.0.0.1:1/tunas?connect_timeout=2", err,
					  sizeof(err)),
			 TUNAS_ESTORE);
	ck_assert_ptr_nonnull(strstr(err, "cannot connect to PostgreSQL"));
	ck_assert_int_eq(tunas_store_open(&s, "/nonexistent-dir/x.db", err, sizeof(err)),
			 TUNAS_ESTORE);
	ck_assert_ptr_null(s);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent-dir/x.db"));
}
END_TEST

/* Rate-limit buckets: a burst, then nothing until refilled; buckets and
 * keys apart. */
START_TEST(test_rate_buckets)
{
	bool ok = false;
	int i;

	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 1000.0), 0);
		ck_assert_msg(ok, "take %d of a burst of 3", i + 1);
	}
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 1000.0), 0);
	ck_assert(!ok);
	/* Refused takes spend nothing: two seconds give one token back. */
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 1000.5), 0);
	ck_assert(!ok);
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 1002.0), 0);
	ck_assert(ok);
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 1002.0), 0);
	ck_assert(!ok);
	/* A clock gone back refills nothing, then or later. */
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-a", 4, 0.5, 3, 900.0), 0);
	ck_assert(!ok);
	ck_assert_int_eq(OPS->rate_take(st, &ok, "login", "ip-b", 4, 0.5, 3, 1002.0), 0);
	ck_assert(ok);
	ck_assert_int_eq(OPS->rate_take(st, &ok, "request", "ip-a", 4, 0.5, 3, 1002.0), 0);
	ck_assert(ok);
	ck_assert_int_eq(OPS->rate_purge(st, 1001.0), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM rate_bucket"), 3);
	ck_assert_int_eq(OPS->rate_purge(st, 5000.0), 0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM rate_bucket"), 0);
}
END_TEST

START_TEST(test_transactions)
{
	tunas_org o;
	int64_t a, b;

	ck_assert_int_eq(OPS->rollback(st), 0); /* none open: harmless */
	ck_assert_int_eq(OPS->begin(st, true), 0);
	a = add_org("gone", TUNAS_ORG_INDUSTRY);
	ck_assert_int_eq(OPS->rollback(st), 0);
	ck_assert_int_eq(OPS->org_get(st, &o, a), TUNAS_ENOTFOUND);

	ck_assert_int_eq(OPS->begin(st, true), 0);
	b = add_org("kept", TUNAS_ORG_INDUSTRY);
	ck_assert_int_eq(OPS->commit(st), 0);
	ck_assert_int_eq(OPS->begin(st, false), 0);
	ck_assert_int_eq(OPS->org_get(st, &o, b), 0);
	ck_assert_str_eq(o.name, "kept");
	ck_assert_int_eq(OPS->commit(st), 0);
	/* Nested begin is an error with a message, not a crash. */
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->begin(st, true), TUNAS_ESTORE);
	ck_assert_str_ne(st->errmsg, "");
	ck_assert_int_eq(OPS->rollback(st), 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Organisations and partnerships */

START_TEST(test_org_roundtrip)
{
	tunas_org in, out;
	int64_t parent = add_org("JTM", TUNAS_ORG_GOVERNMENT), id = 0;

	memset(&in, 0, sizeof(in));
	SET(in.name, "ILP Kuala Lumpur");
	SET(in.short_name, "ILPKL");
	in.kind = TUNAS_ORG_TRAINING_CENTRE;
	SET(in.country, "MY");
	SET(in.region, "WP Kuala Lumpur");
	in.parent_id = parent;
	in.created_at = 1234;
	ck_assert_int_eq(OPS->org_insert(st, &id, &in), 0);
	memset(&out, 0xff, sizeof(out));
	ck_assert_int_eq(OPS->org_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_str_eq(out.name, "ILP Kuala Lumpur");
	ck_assert_str_eq(out.short_name, "ILPKL");
	ck_assert_int_eq(out.kind, TUNAS_ORG_TRAINING_CENTRE);
	ck_assert_str_eq(out.country, "MY");
	ck_assert_str_eq(out.region, "WP Kuala Lumpur");
	ck_assert_int_eq(out.parent_id, parent);
	ck_assert_int_eq(out.created_at, 1234);

	in.id = id;
	SET(in.name, "ILP KL");
	SET(in.region, "");
	ck_assert_int_eq(OPS->org_update(st, &in), 0);
	ck_assert_int_eq(OPS->org_get(st, &out, id), 0);
	ck_assert_str_eq(out.name, "ILP KL");
	ck_assert_str_eq(out.region, "");
	ck_assert_int_eq(out.created_at, 1234);

	/* Missing rows; out untouched on failure. */
	memset(&out, 0x5a, sizeof(out));
	ck_assert_int_eq(OPS->org_get(st, &out, 9999), TUNAS_ENOTFOUND);
	ck_assert_int_eq((unsigned char)out.name[0], 0x5a);
	in.id = 9999;
	ck_assert_int_eq(OPS->org_update(st, &in), TUNAS_ENOTFOUND);
	/* A parent that does not exist. */
	in.parent_id = 8888;
	ck_assert_int_eq(OPS->org_insert(st, &id, &in), TUNAS_ENOTFOUND);
	/* An enum out of range is refused by the CHECK. */
	in.parent_id = 0;
	in.kind = (tunas_org_kind)42;
	ck_assert_int_eq(OPS->org_insert(st, &id, &in), TUNAS_ESTORE);
	/* SQLite: "CHECK constraint failed"; PostgreSQL: "violates check
	 * constraint". */
	ck_assert_msg(strcasestr(st->errmsg, "check constraint") != NULL, "%s", st->errmsg);
}
END_TEST

START_TEST(test_org_paging)
{
	tunas_org *list = NULL;
	int64_t ids[5];
	tunas_page pg;
	size_t n = 99;
	int i;

	for (i = 0; i < 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "org%d", i);
		ids[i] = add_org(name, TUNAS_ORG_INDUSTRY);
	}
	pg = page_of(0, 2);
	ck_assert_int_eq(OPS->org_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, ids[0]);
	ck_assert_int_eq(list[1].id, ids[1]);
	ck_assert_str_eq(list[1].name, "org1");
	pg.after_id = list[1].id;
	free(list);
	ck_assert_int_eq(OPS->org_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, ids[2]);
	pg.after_id = list[1].id;
	free(list);
	ck_assert_int_eq(OPS->org_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, ids[4]);
	pg.after_id = list[0].id;
	free(list);
	ck_assert_int_eq(OPS->org_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(list);
}
END_TEST

START_TEST(test_partnership)
{
	int64_t a = add_org("INTAN", TUNAS_ORG_GOVERNMENT);
	int64_t b = add_org("Huawei", TUNAS_ORG_INDUSTRY);
	int64_t c = add_org("UTM", TUNAS_ORG_ACADEMIC);
	tunas_partnership in, out, *list = NULL;
	int64_t id = 0, id2 = 0;
	tunas_page pg = page_of(0, 10);
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	SET(in.title, "INTAN-Huawei MoU");
	SET(in.purpose, "Digital skills for civil servants");
	SET(in.signed_on, "2024-03-01");
	SET(in.starts_on, "2024-04-01");
	in.parties[0] = c;
	in.parties[1] = a;
	in.parties[2] = b;
	in.n_parties = 3;
	in.created_at = 77;
	ck_assert_int_eq(OPS->partnership_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->partnership_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_str_eq(out.title, in.title);
	ck_assert_str_eq(out.purpose, in.purpose);
	ck_assert_str_eq(out.signed_on, "2024-03-01");
	ck_assert_str_eq(out.starts_on, "2024-04-01");
	ck_assert_str_eq(out.ends_on, ""); /* open-ended */
	ck_assert_int_eq(out.n_parties, 3);
	ck_assert_int_eq(out.parties[0], c);
	ck_assert_int_eq(out.parties[1], a);
	ck_assert_int_eq(out.parties[2], b);
	ck_assert_int_eq(out.created_at, 77);

	in.parties[0] = a;
	in.n_parties = 1;
	SET(in.ends_on, "2026-01-01");
	ck_assert_int_eq(OPS->partnership_insert(st, &id2, &in), 0);

	ck_assert_int_eq(OPS->partnership_list(st, &list, &n, 0, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[1].n_parties, 1);
	ck_assert_str_eq(list[1].ends_on, "2026-01-01");
	free(list);
	ck_assert_int_eq(OPS->partnership_list(st, &list, &n, b, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, id);
	ck_assert_int_eq(list[0].n_parties, 3);
	free(list);
	ck_assert_int_eq(OPS->partnership_list(st, &list, &n, a, &pg), 0);
	ck_assert_uint_eq(n, 2);
	free(list);

	ck_assert_int_eq(OPS->partnership_get(st, &out, 999), TUNAS_ENOTFOUND);
	/* The same party twice, or a party that does not exist. */
	in.parties[1] = a;
	in.n_parties = 2;
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->partnership_insert(st, &id2, &in), TUNAS_ECONFLICT);
	ck_assert_int_eq(OPS->rollback(st), 0);
	in.parties[1] = 4242;
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->partnership_insert(st, &id2, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->rollback(st), 0);
	in.n_parties = TUNAS_PARTIES_MAX + 1;
	ck_assert_int_eq(OPS->partnership_insert(st, &id2, &in), TUNAS_EINVAL);
	/* The failed inserts were rolled back with their transactions. */
	ck_assert_int_eq(OPS->partnership_list(st, &list, &n, 0, &pg), 0);
	ck_assert_uint_eq(n, 2);
	free(list);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Programmes, courses, cohorts */

static void assert_programme_eq(const tunas_programme *a, const tunas_programme *b)
{
	int i;

	ck_assert_str_eq(a->code, b->code);
	ck_assert_str_eq(a->name, b->name);
	ck_assert_str_eq(a->description, b->description);
	ck_assert_int_eq(a->owner_org_id, b->owner_org_id);
	ck_assert_int_eq(a->sponsor_org_id, b->sponsor_org_id);
	ck_assert_int_eq(a->partnership_id, b->partnership_id);
	ck_assert_int_eq(a->target_headcount, b->target_headcount);
	ck_assert_int_eq(a->budget_minor, b->budget_minor);
	ck_assert_str_eq(a->currency, b->currency);
	ck_assert_int_eq(a->funded, b->funded);
	ck_assert_str_eq(a->starts_on, b->starts_on);
	ck_assert_str_eq(a->ends_on, b->ends_on);
	ck_assert_uint_eq(a->modes, b->modes);
	ck_assert_int_eq(a->created_at, b->created_at);
	ck_assert_int_eq(a->n_partners, b->n_partners);
	for (i = 0; i < a->n_partners; i++)
		ck_assert_int_eq(a->partners[i], b->partners[i]);
	ck_assert_int_eq(a->n_tracks, b->n_tracks);
	for (i = 0; i < a->n_tracks; i++)
		ck_assert_str_eq(a->tracks[i], b->tracks[i]);
	ck_assert_int_eq(a->n_phases, b->n_phases);
	for (i = 0; i < a->n_phases; i++) {
		ck_assert_int_eq(a->phases[i].kind, b->phases[i].kind);
		ck_assert_str_eq(a->phases[i].name, b->phases[i].name);
		ck_assert_str_eq(a->phases[i].location, b->phases[i].location);
		ck_assert_str_eq(a->phases[i].country, b->phases[i].country);
		ck_assert_str_eq(a->phases[i].starts_on, b->phases[i].starts_on);
		ck_assert_str_eq(a->phases[i].ends_on, b->phases[i].ends_on);
	}
	ck_assert_int_eq(a->rules.min_age, b->rules.min_age);
	ck_assert_int_eq(a->rules.max_age, b->rules.max_age);
	ck_assert_int_eq(a->rules.min_isced, b->rules.min_isced);
	ck_assert_int_eq(a->rules.max_isced, b->rules.max_isced);
	ck_assert_int_eq(a->rules.n_statuses, b->rules.n_statuses);
	for (i = 0; i < a->rules.n_statuses; i++)
		ck_assert_int_eq(a->rules.statuses[i], b->rules.statuses[i]);
	ck_assert_int_eq(a->rules.n_agencies, b->rules.n_agencies);
	for (i = 0; i < a->rules.n_agencies; i++)
		ck_assert_int_eq(a->rules.agencies[i], b->rules.agencies[i]);
}

START_TEST(test_programme_roundtrip)
{
	int64_t owner = add_org("JTM", TUNAS_ORG_GOVERNMENT);
	int64_t huawei = add_org("Huawei", TUNAS_ORG_INDUSTRY);
	int64_t utm = add_org("UTM", TUNAS_ORG_ACADEMIC);
	int64_t kkr = add_org("KKR", TUNAS_ORG_GOVERNMENT);
	static tunas_programme in, out, other;
	tunas_programme *list = NULL;
	tunas_page pg = page_of(0, 10);
	int64_t id = 0, id2 = 0;
	size_t n = 0;
	int i;

	fill_programme(&in, "JTM-HW-5G-2025", owner, true);
	SET(in.description, "5G and cloud for TVET graduates");
	in.sponsor_org_id = huawei;
	in.partners[0] = utm;
	in.partners[1] = huawei;
	in.n_partners = 2;
	in.target_headcount = 500;
	in.budget_minor = 123456789012LL;
	in.modes = TUNAS_MODE_IN_PERSON | TUNAS_MODE_BLENDED;
	for (i = 0; i < TUNAS_TRACKS_MAX; i++)
		snprintf(in.tracks[i], sizeof(in.tracks[i]), "track-%02d", TUNAS_TRACKS_MAX - i);
	in.n_tracks = TUNAS_TRACKS_MAX;
	in.phases[0].kind = TUNAS_PHASE_LOCAL;
	SET(in.phases[0].name, "Local training");
	SET(in.phases[0].location, "ILP Kuala Lumpur");
	SET(in.phases[0].country, "MY");
	SET(in.phases[0].starts_on, "2025-01-06");
	SET(in.phases[0].ends_on, "2025-06-30");
	in.phases[1].kind = TUNAS_PHASE_OVERSEAS;
	SET(in.phases[1].name, "Attachment");
	SET(in.phases[1].location, "Shenzhen");
	SET(in.phases[1].country, "CN");
	SET(in.phases[1].starts_on, "2025-07-01");
	in.n_phases = 2;
	in.rules.min_age = 18;
	in.rules.max_age = 35;
	in.rules.min_isced = 3;
	in.rules.max_isced = 6;
	in.rules.statuses[0] = TUNAS_EMP_STUDENT;
	in.rules.statuses[1] = TUNAS_EMP_JOB_SEEKER;
	in.rules.n_statuses = 2;
	in.rules.agencies[0] = kkr;
	in.rules.agencies[1] = owner;
	in.rules.n_agencies = 2;

	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->programme_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->commit(st), 0);
	ck_assert_int_eq(OPS->programme_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	assert_programme_eq(&out, &in);

	/* Update replaces the children, in the new order. */
	in.id = id;
	in.partners[0] = huawei;
	in.n_partners = 1;
	SET(in.tracks[0], "cloud");
	SET(in.tracks[1], "5g");
	in.n_tracks = 2;
	in.phases[0] = in.phases[1];
	in.n_phases = 1;
	in.rules.n_statuses = 0;
	in.rules.agencies[0] = owner;
	in.rules.n_agencies = 1;
	in.funded = false;
	in.sponsor_org_id = 0;
	SET(in.ends_on, "");
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->programme_update(st, &in), 0);
	ck_assert_int_eq(OPS->commit(st), 0);
	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(OPS->programme_get(st, &out, id), 0);
	assert_programme_eq(&out, &in);

	/* Unique code, on insert and on update. */
	fill_programme(&other, "JTM-HW-5G-2025", owner, false);
	ck_assert_int_eq(OPS->programme_insert(st, &id2, &other), TUNAS_ECONFLICT);
	SET(other.code, "OTHER");
	ck_assert_int_eq(OPS->programme_insert(st, &id2, &other), 0);
	other.id = id2;
	SET(other.code, "JTM-HW-5G-2025");
	ck_assert_int_eq(OPS->programme_update(st, &other), TUNAS_ECONFLICT);
	other.id = 9999;
	SET(other.code, "NEW");
	ck_assert_int_eq(OPS->programme_update(st, &other), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->programme_get(st, &out, 9999), TUNAS_ENOTFOUND);
	other.n_phases = -1;
	ck_assert_int_eq(OPS->programme_insert(st, &id2, &other), TUNAS_EINVAL);

	ck_assert_int_eq(OPS->programme_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 2);
	assert_programme_eq(&list[0], &in);
	ck_assert_str_eq(list[1].code, "OTHER");
	ck_assert_int_eq(list[1].n_partners, 0);
	free(list);
	pg.after_id = id;
	ck_assert_int_eq(OPS->programme_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, id2);
	free(list);
}
END_TEST

START_TEST(test_course)
{
	int64_t owner = add_org("JTM", TUNAS_ORG_GOVERNMENT);
	int64_t p1 = add_programme("P1", owner, false), p2 = add_programme("P2", owner, false);
	tunas_course in, out, *list = NULL;
	tunas_page pg = page_of(0, 10);
	int64_t id = 0, id2 = 0, id3 = 0;
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	in.programme_id = p1;
	SET(in.code, "HCIA-5G");
	SET(in.title, "5G fundamentals");
	in.hours = 40;
	SET(in.vendor_cert, "Huawei HCIA-5G");
	in.created_at = 9;
	ck_assert_int_eq(OPS->course_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->course_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(out.programme_id, p1);
	ck_assert_str_eq(out.code, "HCIA-5G");
	ck_assert_str_eq(out.title, "5G fundamentals");
	ck_assert_int_eq(out.hours, 40);
	ck_assert_str_eq(out.vendor_cert, "Huawei HCIA-5G");
	ck_assert_int_eq(out.created_at, 9);
	ck_assert_int_eq(OPS->course_insert(st, &id2, &in), TUNAS_ECONFLICT);
	in.programme_id = p2;
	ck_assert_int_eq(OPS->course_insert(st, &id2, &in), 0);
	SET(in.code, "CLOUD");
	ck_assert_int_eq(OPS->course_insert(st, &id3, &in), 0);
	in.programme_id = 777;
	ck_assert_int_eq(OPS->course_insert(st, &id3, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->course_get(st, &out, 777), TUNAS_ENOTFOUND);

	ck_assert_int_eq(OPS->course_list(st, &list, &n, p2, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, id2);
	ck_assert_str_eq(list[1].code, "CLOUD");
	free(list);
	ck_assert_int_eq(OPS->course_list(st, &list, &n, p1, &pg), 0);
	ck_assert_uint_eq(n, 1);
	free(list);
	ck_assert_int_eq(OPS->course_list(st, &list, &n, 0, &pg), 0);
	ck_assert_uint_eq(n, 3);
	free(list);
	pg = page_of(id2, 10);
	ck_assert_int_eq(OPS->course_list(st, &list, &n, p2, &pg), 0);
	ck_assert_uint_eq(n, 1);
	free(list);
}
END_TEST

START_TEST(test_cohort)
{
	int64_t owner = add_org("JTM", TUNAS_ORG_GOVERNMENT);
	int64_t centre = add_org("ILP KL", TUNAS_ORG_TRAINING_CENTRE);
	int64_t p1 = add_programme("P1", owner, false), p2 = add_programme("P2", owner, false);
	int64_t u1 = add_user("ins1", TUNAS_ROLE_INSTRUCTOR, centre);
	int64_t u2 = add_user("ins2", TUNAS_ROLE_INSTRUCTOR, centre);
	int64_t u3 = add_user("ins3", TUNAS_ROLE_INSTRUCTOR, centre);
	tunas_cohort in, out, *list = NULL;
	tunas_page pg = page_of(0, 10);
	int64_t id = 0, id2;
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	in.programme_id = p1;
	in.centre_org_id = centre;
	SET(in.name, "Batch 1/2025");
	in.capacity = 25;
	SET(in.starts_on, "2025-02-01");
	SET(in.ends_on, "2025-05-31");
	in.instructors[0] = u3;
	in.instructors[1] = u1;
	in.n_instructors = 2;
	in.created_at = 11;
	ck_assert_int_eq(OPS->cohort_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->cohort_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(out.programme_id, p1);
	ck_assert_int_eq(out.centre_org_id, centre);
	ck_assert_str_eq(out.name, "Batch 1/2025");
	ck_assert_int_eq(out.capacity, 25);
	ck_assert_str_eq(out.starts_on, "2025-02-01");
	ck_assert_str_eq(out.ends_on, "2025-05-31");
	ck_assert_int_eq(out.n_instructors, 2);
	ck_assert_int_eq(out.instructors[0], u3);
	ck_assert_int_eq(out.instructors[1], u1);
	ck_assert_int_eq(out.created_at, 11);

	in.id = id;
	in.capacity = 40;
	in.instructors[0] = u2;
	in.instructors[1] = u3;
	in.instructors[2] = u1;
	in.n_instructors = 3;
	ck_assert_int_eq(OPS->cohort_update(st, &in), 0);
	ck_assert_int_eq(OPS->cohort_get(st, &out, id), 0);
	ck_assert_int_eq(out.capacity, 40);
	ck_assert_int_eq(out.n_instructors, 3);
	ck_assert_int_eq(out.instructors[0], u2);
	ck_assert_int_eq(out.instructors[1], u3);
	ck_assert_int_eq(out.instructors[2], u1);
	ck_assert_int_eq(out.created_at, 11);

	in.id = 555;
	ck_assert_int_eq(OPS->cohort_update(st, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->cohort_get(st, &out, 555), TUNAS_ENOTFOUND);
	in.instructors[1] = 4444; /* no such user */
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->cohort_insert(st, &id2, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->rollback(st), 0);

	id2 = add_cohort(p2, centre, "2025-03-01", "2025-04-01", 0);
	add_cohort(p1, centre, "2025-06-01", "2025-07-01", u1);
	ck_assert_int_eq(OPS->cohort_list(st, &list, &n, p1, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, id);
	ck_assert_int_eq(list[0].n_instructors, 3);
	ck_assert_int_eq(list[1].n_instructors, 1);
	free(list);
	ck_assert_int_eq(OPS->cohort_list(st, &list, &n, p2, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, id2);
	ck_assert_int_eq(list[0].n_instructors, 0);
	free(list);
	pg = page_of(id, 1);
	ck_assert_int_eq(OPS->cohort_list(st, &list, &n, 0, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, id2);
	free(list);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* People */

START_TEST(test_person_roundtrip)
{
	int64_t centre = add_org("ILP KL", TUNAS_ORG_TRAINING_CENTRE);
	int64_t employer = add_org("Telekom", TUNAS_ORG_EMPLOYER);
	tunas_person in, out;
	int64_t id = 0, id2 = 0;

	fill_person(&in, "Nur Aisyah binti Ahmad", "990501145678", centre);
	in.employment = TUNAS_EMP_EMPLOYED;
	in.employer_org_id = employer;
	SET(in.employer_name, "Telekom Malaysia");
	ck_assert_int_eq(OPS->person_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->person_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_str_eq(out.full_name, in.full_name);
	ck_assert_int_eq(out.id_type, TUNAS_ID_MYKAD);
	ck_assert_str_eq(out.id_number, "990501145678");
	ck_assert(!out.id_masked);
	ck_assert_str_eq(out.id_country, "MY");
	ck_assert_str_eq(out.birth_date, "1999-05-01");
	ck_assert_int_eq(out.sex, 'F');
	ck_assert_str_eq(out.email, in.email);
	ck_assert_str_eq(out.phone, in.phone);
	ck_assert_str_eq(out.edu_country, "MY");
	ck_assert_str_eq(out.edu_level, "SPM");
	ck_assert_int_eq(out.isced, 3);
	ck_assert_int_eq(out.employment, TUNAS_EMP_EMPLOYED);
	ck_assert_int_eq(out.employer_org_id, employer);
	ck_assert_str_eq(out.employer_name, "Telekom Malaysia");
	ck_assert_str_eq(out.region, "Selangor");
	ck_assert_int_eq(out.registered_by_org, centre);
	ck_assert_int_eq(out.created_at, 4000);
	ck_assert_int_eq(out.updated_at, 4000);

	memset(&out, 0, sizeof(out));
	ck_assert_int_eq(OPS->person_find(st, &out, TUNAS_ID_MYKAD, "990501145678"), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(OPS->person_find(st, &out, TUNAS_ID_NIK, "990501145678"), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->person_find(st, &out, TUNAS_ID_MYKAD, "000000000000"),
			 TUNAS_ENOTFOUND);

	/* The national ID is unique per type. */
	ck_assert_int_eq(OPS->person_insert(st, &id2, &in), TUNAS_ECONFLICT);
	in.id_type = TUNAS_ID_PASSPORT;
	in.sex = 0;
	SET(in.birth_date, "");
	ck_assert_int_eq(OPS->person_insert(st, &id2, &in), 0);
	ck_assert_int_eq(OPS->person_get(st, &out, id2), 0);
	ck_assert_int_eq(out.sex, 0);
	ck_assert_str_eq(out.birth_date, "");

	/* Update changes contact and the rest, never the ID. */
	fill_person(&in, "Nur Aisyah Ahmad", "111111111111", 0);
	in.id = id;
	SET(in.email, "new@example.my");
	SET(in.region, "Johor");
	in.employment = TUNAS_EMP_STUDENT;
	in.updated_at = 4500;
	ck_assert_int_eq(OPS->person_update(st, &in), 0);
	ck_assert_int_eq(OPS->person_get(st, &out, id), 0);
	ck_assert_str_eq(out.full_name, "Nur Aisyah Ahmad");
	ck_assert_str_eq(out.email, "new@example.my");
	ck_assert_str_eq(out.region, "Johor");
	ck_assert_int_eq(out.employment, TUNAS_EMP_STUDENT);
	ck_assert_int_eq(out.employer_org_id, 0);
	ck_assert_str_eq(out.id_number, "990501145678");
	ck_assert_int_eq(out.registered_by_org, centre);
	ck_assert_int_eq(out.created_at, 4000);
	ck_assert_int_eq(out.updated_at, 4500);
	in.id = 31337;
	ck_assert_int_eq(OPS->person_update(st, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->person_get(st, &out, 31337), TUNAS_ENOTFOUND);
}
END_TEST

/* The ids person_list returns, all pages of `limit`, into ids[max]. */
static size_t person_ids(int64_t *ids, size_t max, const tunas_scope *scope,
			 const tunas_person_filter *f, int limit)
{
	tunas_person *list = NULL;
	tunas_page pg = page_of(0, limit);
	size_t n = 0, total = 0, i;

	for (;;) {
		ck_assert_int_eq(OPS->person_list(st, &list, &n, scope, f, &pg), 0);
		ck_assert_uint_le(n, (size_t)limit);
		for (i = 0; i < n; i++) {
			ck_assert_uint_lt(total, max);
			ids[total++] = list[i].id;
		}
		if (n > 0)
			pg.after_id = list[n - 1].id;
		free(list);
		list = NULL;
		if (n < (size_t)limit)
			break;
	}
	return total;
}

START_TEST(test_person_list_filters)
{
	int64_t centre = add_org("ILP KL", TUNAS_ORG_TRAINING_CENTRE);
	int64_t owner = add_org("JTM", TUNAS_ORG_GOVERNMENT);
	int64_t prog = add_programme("P", owner, false);
	int64_t cohort = add_cohort(prog, centre, "2025-01-01", "2025-02-01", 0);
	tunas_scope all = {.kind = TUNAS_SCOPE_ALL};
	tunas_person_filter f;
	int64_t ids[32], p[8];
	tunas_person tmp;
	size_t n;

	p[0] = add_person("Ahmad bin Ali", "900101010001", centre);
	p[1] = add_person("AHMAD Faizal", "900101010002", centre);
	p[2] = add_person("Aisyah", "900101010003", centre);
	p[3] = add_person("50%_off Sdn", "900101010004", centre);
	p[4] = add_person("50xyoff Sdn", "900101010005", centre);
	p[5] = add_person("Zainab", "900101010006", centre);
	fill_person(&tmp, "ahmad zaki", "900101010007", centre);
	SET(tmp.region, "Johor");
	ck_assert_int_eq(OPS->person_insert(st, &p[6], &tmp), 0);
	add_enrol(p[5], cohort, TUNAS_ENROL_APPLIED, 1);
	add_enrol(p[1], cohort, TUNAS_ENROL_APPLIED, 2);

	memset(&f, 0, sizeof(f));
	n = person_ids(ids, 32, &all, &f, 2);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(ids[0], p[0]);
	ck_assert_int_eq(ids[6], p[6]);
	ck_assert_int_eq(person_ids(ids, 32, &all, NULL, 200), 7);

	/* Case-insensitive prefix, in id order, across pages. */
	SET(f.name_prefix, "aHmAd");
	n = person_ids(ids, 32, &all, &f, 1);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(ids[0], p[0]);
	ck_assert_int_eq(ids[1], p[1]);
	ck_assert_int_eq(ids[2], p[6]);
	/* % and _ are literal. */
	SET(f.name_prefix, "50%_");
	n = person_ids(ids, 32, &all, &f, 10);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], p[3]);
	SET(f.name_prefix, "%");
	ck_assert_uint_eq(person_ids(ids, 32, &all, &f, 10), 0);
	SET(f.name_prefix, "a");
	ck_assert_uint_eq(person_ids(ids, 32, &all, &f, 10), 4);

	/* Region, exact. */
	memset(&f, 0, sizeof(f));
	SET(f.region, "Johor");
	n = person_ids(ids, 32, &all, &f, 10);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], p[6]);
	SET(f.region, "johor");
	ck_assert_uint_eq(person_ids(ids, 32, &all, &f, 10), 0);

	/* Cohort roster, alone and with a name. */
	memset(&f, 0, sizeof(f));
	f.cohort_id = cohort;
	n = person_ids(ids, 32, &all, &f, 1);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ids[0], p[1]);
	ck_assert_int_eq(ids[1], p[5]);
	SET(f.name_prefix, "zai");
	n = person_ids(ids, 32, &all, &f, 10);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(ids[0], p[5]);
}
END_TEST

/*
 * The scope dataset: two centres (A, B), two owners (X, Y), programme PX of
 * X with cohort CA at A taught by instructor U1, programme PY of Y with
 * cohort CB at B. People: p1 registered by A, never enrolled; p2 registered
 * by B, enrolled in CA; p3 enrolled in CB; p4 nothing.
 */
typedef struct {
	int64_t a, b, x, y, px, py, ca, cb, u1, u2, p1, p2, p3, p4, e2, e3;
} scope_data;

static void scope_build(scope_data *d)
{
	d->a = add_org("Centre A", TUNAS_ORG_TRAINING_CENTRE);
	d->b = add_org("Centre B", TUNAS_ORG_TRAINING_CENTRE);
	d->x = add_org("Owner X", TUNAS_ORG_GOVERNMENT);
	d->y = add_org("Owner Y", TUNAS_ORG_GOVERNMENT);
	d->u1 = add_user("u1", TUNAS_ROLE_INSTRUCTOR, d->a);
	d->u2 = add_user("u2", TUNAS_ROLE_INSTRUCTOR, d->b);
	d->px = add_programme("PX", d->x, false);
	d->py = add_programme("PY", d->y, false);
	d->ca = add_cohort(d->px, d->a, "2025-01-01", "2025-03-01", d->u1);
	d->cb = add_cohort(d->py, d->b, "2025-01-01", "2025-03-01", 0);
	d->p1 = add_person("P one", "800101010001", d->a);
	d->p2 = add_person("P two", "800101010002", d->b);
	d->p3 = add_person("P three", "800101010003", 0);
	d->p4 = add_person("P four", "800101010004", 0);
	d->e2 = add_enrol(d->p2, d->ca, TUNAS_ENROL_ACCEPTED, 10);
	d->e3 = add_enrol(d->p3, d->cb, TUNAS_ENROL_APPLIED, 11);
}

static size_t bits(unsigned v)
{
	size_t n = 0;

	for (; v != 0; v >>= 1)
		n += v & 1;
	return n;
}

/* person_list, person_in_scope, enrol_list and enrol_in_scope all agree
 * with the expected people (bit i: p(i+1)) and enrolments (bit 0: e2,
 * bit 1: e3). */
static void scope_check(const scope_data *d, tunas_scope sc, unsigned people, unsigned enrols)
{
	const int64_t pid[4] = {d->p1, d->p2, d->p3, d->p4};
	const int64_t eid[2] = {d->e2, d->e3};
	tunas_enrolment *list = NULL;
	tunas_page pg = page_of(0, 10);
	unsigned got = 0;
	int64_t ids[8];
	size_t n, i;
	bool in;
	int k;

	n = person_ids(ids, 8, &sc, NULL, 1);
	for (i = 0; i < n; i++)
		for (k = 0; k < 4; k++)
			if (ids[i] == pid[k])
				got |= 1u << k;
	ck_assert_msg(got == people, "scope %d: people %x, want %x", sc.kind, got, people);
	ck_assert_uint_eq(n, bits(people));
	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(OPS->person_in_scope(st, &in, &sc, pid[k]), 0);
		ck_assert_msg((unsigned)in == ((people >> k) & 1), "scope %d: person %d", sc.kind,
			      k + 1);
	}

	got = 0;
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &sc, d->ca, 0, &pg), 0);
	for (i = 0; i < n; i++)
		got |= list[i].id == d->e2 ? 1u : 0u;
	free(list);
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &sc, d->cb, 0, &pg), 0);
	for (i = 0; i < n; i++)
		got |= list[i].id == d->e3 ? 2u : 0u;
	free(list);
	ck_assert_msg(got == enrols, "scope %d: enrol by cohort %x, want %x", sc.kind, got, enrols);
	got = 0;
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &sc, 0, d->p2, &pg), 0);
	for (i = 0; i < n; i++)
		got |= list[i].id == d->e2 ? 1u : 0u;
	free(list);
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &sc, 0, d->p3, &pg), 0);
	for (i = 0; i < n; i++)
		got |= list[i].id == d->e3 ? 2u : 0u;
	free(list);
	ck_assert_msg(got == enrols, "scope %d: enrol by person %x, want %x", sc.kind, got, enrols);
	for (k = 0; k < 2; k++) {
		ck_assert_int_eq(OPS->enrol_in_scope(st, &in, &sc, eid[k]), 0);
		ck_assert_msg((unsigned)in == ((enrols >> k) & 1), "scope %d: enrolment %d",
			      sc.kind, k);
	}
}

START_TEST(test_scopes)
{
	scope_data d;
	tunas_scope sc;

	scope_build(&d);
	memset(&sc, 0, sizeof(sc));
	sc.kind = TUNAS_SCOPE_ALL;
	scope_check(&d, sc, 0xf, 0x3);
	sc.kind = TUNAS_SCOPE_NONE;
	scope_check(&d, sc, 0x0, 0x0);

	sc.kind = TUNAS_SCOPE_CENTRE;
	sc.org_id = d.a; /* registered p1; p2 applied to CA */
	scope_check(&d, sc, 0x3, 0x1);
	sc.org_id = d.b; /* registered p2 (whose enrolment is A's); p3 applied to CB */
	scope_check(&d, sc, 0x6, 0x2);
	sc.org_id = d.x; /* not a centre of anything */
	scope_check(&d, sc, 0x0, 0x0);

	sc.kind = TUNAS_SCOPE_OWNER;
	sc.org_id = d.x;
	scope_check(&d, sc, 0x2, 0x1);
	sc.org_id = d.y;
	scope_check(&d, sc, 0x4, 0x2);
	sc.org_id = d.a;
	scope_check(&d, sc, 0x0, 0x0);

	memset(&sc, 0, sizeof(sc));
	sc.kind = TUNAS_SCOPE_INSTRUCTOR;
	sc.user_id = d.u1;
	scope_check(&d, sc, 0x2, 0x1);
	sc.user_id = d.u2;
	scope_check(&d, sc, 0x0, 0x0);

	memset(&sc, 0, sizeof(sc));
	sc.kind = TUNAS_SCOPE_SELF;
	sc.person_id = d.p3;
	scope_check(&d, sc, 0x4, 0x2);
	sc.person_id = d.p1;
	scope_check(&d, sc, 0x1, 0x0);
}
END_TEST

/* Reach follows a cohort that changes centre and a programme that changes
 * owner: the new side sees the applicants, the old side no longer does
 * unless something else keeps them in its reach. */
START_TEST(test_scopes_follow_moves)
{
	tunas_programme *pg = calloc(1, sizeof(*pg));
	tunas_cohort c;
	scope_data d;
	tunas_scope sc;

	ck_assert_ptr_nonnull(pg);
	scope_build(&d);
	ck_assert_int_eq(OPS->begin(st, true), 0);
	ck_assert_int_eq(OPS->cohort_get(st, &c, d.cb), 0);
	c.centre_org_id = d.a;
	ck_assert_int_eq(OPS->cohort_update(st, &c), 0);
	ck_assert_int_eq(OPS->programme_get(st, pg, d.py), 0);
	pg->owner_org_id = d.x;
	ck_assert_int_eq(OPS->programme_update(st, pg), 0);
	ck_assert_int_eq(OPS->commit(st), 0);
	free(pg);

	memset(&sc, 0, sizeof(sc));
	sc.kind = TUNAS_SCOPE_CENTRE;
	sc.org_id = d.a; /* p1 registered, p2 in CA, p3 in CB (now at A) */
	scope_check(&d, sc, 0x7, 0x3);
	sc.org_id = d.b; /* only p2, whom B registered */
	scope_check(&d, sc, 0x2, 0x0);
	sc.kind = TUNAS_SCOPE_OWNER;
	sc.org_id = d.x; /* PX and now PY */
	scope_check(&d, sc, 0x6, 0x3);
	sc.org_id = d.y;
	scope_check(&d, sc, 0x0, 0x0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Enrolments */

START_TEST(test_enrol_basic)
{
	int64_t centre = add_org("C", TUNAS_ORG_TRAINING_CENTRE);
	int64_t owner = add_org("O", TUNAS_ORG_GOVERNMENT);
	int64_t prog = add_programme("P", owner, false);
	int64_t c1 = add_cohort(prog, centre, "2025-01-01", "2025-02-01", 0);
	int64_t c2 = add_cohort(prog, centre, "2025-03-01", "2025-04-01", 0);
	int64_t p = add_person("A", "700101010001", centre);
	tunas_scope all = {.kind = TUNAS_SCOPE_ALL};
	tunas_enrolment in, out, *list = NULL;
	tunas_page pg = page_of(0, 10);
	int64_t id = 0, id2 = 0, rejected = 0;
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	in.person_id = p;
	in.cohort_id = c1;
	in.status = TUNAS_ENROL_APPLIED;
	SET(in.reason, "");
	in.applied_at = 100;
	in.updated_at = 100;
	ck_assert_int_eq(OPS->enrol_insert(st, &id, &in), 0);
	ck_assert_int_eq(OPS->enrol_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(out.person_id, p);
	ck_assert_int_eq(out.cohort_id, c1);
	ck_assert_int_eq(out.programme_id, prog);
	ck_assert_int_eq(out.status, TUNAS_ENROL_APPLIED);
	ck_assert_str_eq(out.reason, "");
	ck_assert_int_eq(out.applied_at, 100);
	ck_assert_int_eq(out.updated_at, 100);

	/* One live enrolment per person and cohort. */
	ck_assert_int_eq(OPS->enrol_find_active(st, &out, p, c1), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(OPS->enrol_find_active(st, &out, p, c2), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->enrol_insert(st, &id2, &in), TUNAS_ECONFLICT);

	in.id = id;
	in.status = TUNAS_ENROL_WITHDRAWN;
	SET(in.reason, "moved to Johor");
	in.updated_at = 200;
	in.applied_at = 999; /* not written */
	ck_assert_int_eq(OPS->enrol_update(st, &in), 0);
	ck_assert_int_eq(OPS->enrol_get(st, &out, id), 0);
	ck_assert_int_eq(out.status, TUNAS_ENROL_WITHDRAWN);
	ck_assert_str_eq(out.reason, "moved to Johor");
	ck_assert_int_eq(out.applied_at, 100);
	ck_assert_int_eq(out.updated_at, 200);
	ck_assert_int_eq(OPS->enrol_find_active(st, &out, p, c1), TUNAS_ENOTFOUND);

	/* Withdrawn does not block a new application; rejected neither. */
	in.status = TUNAS_ENROL_REJECTED;
	ck_assert_int_eq(OPS->enrol_insert(st, &id2, &in), 0);
	rejected = id2;
	ck_assert_int_eq(OPS->enrol_find_active(st, &out, p, c1), TUNAS_ENOTFOUND);
	in.status = TUNAS_ENROL_WAITLISTED;
	ck_assert_int_eq(OPS->enrol_insert(st, &id2, &in), 0);
	ck_assert_int_eq(OPS->enrol_find_active(st, &out, p, c1), 0);
	ck_assert_int_eq(out.id, id2);

	in.id = 4040;
	ck_assert_int_eq(OPS->enrol_update(st, &in), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->enrol_get(st, &out, 4040), TUNAS_ENOTFOUND);
	in.person_id = 4040;
	ck_assert_int_eq(OPS->enrol_insert(st, &id2, &in), TUNAS_ENOTFOUND);

	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &all, 0, p, &pg), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(list[0].id, id);
	ck_assert_int_eq(list[2].programme_id, prog);
	free(list);
	pg = page_of(id, 1);
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &all, c1, 0, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, rejected); /* the next one in c1 */
	free(list);
	ck_assert_int_eq(OPS->enrol_list(st, &list, &n, &all, c2, 0, &pg), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(list);
}
END_TEST

START_TEST(test_enrol_waitlist_and_counts)
{
	int64_t centre = add_org("C", TUNAS_ORG_TRAINING_CENTRE);
	int64_t owner = add_org("O", TUNAS_ORG_GOVERNMENT);
	int64_t prog = add_programme("P", owner, false);
	int64_t other = add_programme("Q", owner, false);
	int64_t c1 = add_cohort(prog, centre, "2025-01-01", "2025-02-01", 0);
	int64_t c2 = add_cohort(prog, centre, "2025-03-01", "2025-04-01", 0);
	int64_t c3 = add_cohort(other, centre, "2025-03-01", "2025-04-01", 0);
	tunas_enrol_counts cn;
	tunas_enrolment out;
	int64_t p[8], w1, w2;
	int i;

	for (i = 0; i < 8; i++) {
		char num[16];

		snprintf(num, sizeof(num), "6001010100%02d", i);
		p[i] = add_person("W", num, centre);
	}
	ck_assert_int_eq(OPS->enrol_first_waitlisted(st, &out, c1), TUNAS_ENOTFOUND);
	add_enrol(p[0], c1, TUNAS_ENROL_WAITLISTED, 500);
	w1 = add_enrol(p[1], c1, TUNAS_ENROL_WAITLISTED, 300);
	w2 = add_enrol(p[2], c1, TUNAS_ENROL_WAITLISTED, 300);
	add_enrol(p[3], c1, TUNAS_ENROL_APPLIED, 100);
	add_enrol(p[4], c1, TUNAS_ENROL_ACCEPTED, 100);
	add_enrol(p[5], c2, TUNAS_ENROL_WAITLISTED, 50);
	add_enrol(p[6], c2, TUNAS_ENROL_ENROLLED, 50);
	add_enrol(p[7], c2, TUNAS_ENROL_COMPLETED, 50);
	add_enrol(p[7], c1, TUNAS_ENROL_REJECTED, 50);
	add_enrol(p[6], c1, TUNAS_ENROL_WITHDRAWN, 50);
	add_enrol(p[0], c3, TUNAS_ENROL_ENROLLED, 50);

	/* By applied_at, then id; other cohorts do not count. */
	ck_assert_int_eq(OPS->enrol_first_waitlisted(st, &out, c1), 0);
	ck_assert_int_eq(out.id, w1);
	ck_assert_int_eq(out.status, TUNAS_ENROL_WAITLISTED);
	out.status = TUNAS_ENROL_ACCEPTED;
	out.updated_at = 600;
	ck_assert_int_eq(OPS->enrol_update(st, &out), 0);
	ck_assert_int_eq(OPS->enrol_first_waitlisted(st, &out, c1), 0);
	ck_assert_int_eq(out.id, w2);

	ck_assert_int_eq(OPS->cohort_counts(st, &cn, c1), 0);
	ck_assert_int_eq(cn.applied, 1);
	ck_assert_int_eq(cn.accepted, 2);
	ck_assert_int_eq(cn.waitlisted, 2);
	ck_assert_int_eq(cn.rejected, 1);
	ck_assert_int_eq(cn.enrolled, 0);
	ck_assert_int_eq(cn.completed, 0);
	ck_assert_int_eq(cn.withdrawn, 1);
	ck_assert_int_eq(OPS->programme_counts(st, &cn, prog), 0);
	ck_assert_int_eq(cn.applied, 1);
	ck_assert_int_eq(cn.accepted, 2);
	ck_assert_int_eq(cn.waitlisted, 3);
	ck_assert_int_eq(cn.rejected, 1);
	ck_assert_int_eq(cn.enrolled, 1);
	ck_assert_int_eq(cn.completed, 1);
	ck_assert_int_eq(cn.withdrawn, 1);
	ck_assert_int_eq(OPS->programme_counts(st, &cn, other), 0);
	ck_assert_int_eq(cn.enrolled, 1);
	ck_assert_int_eq(cn.applied + cn.accepted + cn.waitlisted + cn.completed, 0);
	ck_assert_int_eq(OPS->cohort_counts(st, &cn, 9999), 0);
	ck_assert_int_eq(cn.applied + cn.enrolled + cn.withdrawn, 0);
}
END_TEST

START_TEST(test_enrol_funded_overlap)
{
	int64_t centre = add_org("C", TUNAS_ORG_TRAINING_CENTRE);
	int64_t owner = add_org("O", TUNAS_ORG_GOVERNMENT);
	int64_t f1 = add_programme("F1", owner, true);
	int64_t f2 = add_programme("F2", owner, true);
	int64_t nf = add_programme("NF", owner, false);
	int64_t cf1 = add_cohort(f1, centre, "2025-01-01", "2025-03-31", 0);
	int64_t cnf = add_cohort(nf, centre, "2025-01-01", "2025-12-31", 0);
	int64_t p = add_person("A", "710101010001", centre);
	int64_t q = add_person("B", "710101010002", centre);
	tunas_enrolment out;
	int64_t e;

	e = add_enrol(p, cf1, TUNAS_ENROL_ACCEPTED, 1);
	add_enrol(q, cnf, TUNAS_ENROL_ENROLLED, 1);
	add_enrol(q, cf1, TUNAS_ENROL_APPLIED, 1);

	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, f2, "2025-03-01", "2025-06-30"), 0);
	ck_assert_int_eq(out.id, e);
	ck_assert_int_eq(out.programme_id, f1);
	/* Touching ends overlap; the day after does not. */
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, f2, "2025-03-31", "2025-04-30"), 0);
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, f2, "2025-04-01", "2025-06-30"),
		TUNAS_ENOTFOUND);
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, f2, "2024-06-01", "2024-12-31"),
		TUNAS_ENOTFOUND);
	/* Same programme does not count. */
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, f1, "2025-03-01", "2025-06-30"),
		TUNAS_ENOTFOUND);
	/* Unfunded programmes and mere applications do not count. */
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, q, f2, "2025-01-01", "2025-12-31"),
		TUNAS_ENOTFOUND);
	/* Enrolled counts like accepted. */
	out.id = e;
	out.status = TUNAS_ENROL_ENROLLED;
	SET(out.reason, "");
	out.updated_at = 2;
	ck_assert_int_eq(OPS->enrol_update(st, &out), 0);
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, nf, "2025-02-01", "2025-02-02"), 0);
	out.status = TUNAS_ENROL_COMPLETED;
	ck_assert_int_eq(OPS->enrol_update(st, &out), 0);
	ck_assert_int_eq(
		OPS->enrol_find_funded_overlap(st, &out, p, nf, "2025-02-01", "2025-02-02"),
		TUNAS_ENOTFOUND);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Users and tokens */

START_TEST(test_users)
{
	int64_t org = add_org("C", TUNAS_ORG_TRAINING_CENTRE);
	int64_t person = add_person("T", "720101010001", org);
	tunas_user in, out, *list = NULL;
	tunas_user_auth auth;
	tunas_page pg = page_of(0, 10);
	int64_t id = 0, id2 = 0;
	size_t n = 0;

	memset(&in, 0, sizeof(in));
	SET(in.username, "aisyah");
	SET(in.display_name, "Nur Aisyah");
	in.role = TUNAS_ROLE_TRAINEE;
	in.org_id = org;
	in.person_id = person;
	in.created_at = 42;
	ck_assert_int_eq(OPS->user_insert(st, &id, &in, "$argon2id$v=19$m=65536,t=2,p=1$x$y"), 0);
	ck_assert_int_eq(OPS->user_get(st, &out, id), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_str_eq(out.username, "aisyah");
	ck_assert_str_eq(out.display_name, "Nur Aisyah");
	ck_assert_int_eq(out.role, TUNAS_ROLE_TRAINEE);
	ck_assert_int_eq(out.org_id, org);
	ck_assert_int_eq(out.person_id, person);
	ck_assert(!out.disabled);
	ck_assert_int_eq(out.created_at, 42);

	ck_assert_int_eq(OPS->user_get_auth(st, &auth, "aisyah"), 0);
	ck_assert_int_eq(auth.user.id, id);
	ck_assert_str_eq(auth.pwhash, "$argon2id$v=19$m=65536,t=2,p=1$x$y");
	ck_assert_int_eq(OPS->user_get_auth(st, &auth, "nobody"), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->user_insert(st, &id2, &in, "h"), TUNAS_ECONFLICT);
	SET(in.username, "admin");
	in.role = TUNAS_ROLE_SYSADMIN;
	in.org_id = 0;
	in.person_id = 0;
	ck_assert_int_eq(OPS->user_insert(st, &id2, &in, "h"), 0);
	ck_assert_int_eq(OPS->user_get(st, &out, id2), 0);
	ck_assert_int_eq(out.org_id, 0);
	ck_assert_int_eq(out.person_id, 0);

	ck_assert_int_eq(OPS->user_set_disabled(st, id, true), 0);
	ck_assert_int_eq(OPS->user_get(st, &out, id), 0);
	ck_assert(out.disabled);
	ck_assert_int_eq(OPS->user_set_disabled(st, id, false), 0);
	ck_assert_int_eq(OPS->user_get(st, &out, id), 0);
	ck_assert(!out.disabled);
	ck_assert_int_eq(OPS->user_set_disabled(st, 999, true), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->user_get(st, &out, 999), TUNAS_ENOTFOUND);

	ck_assert_int_eq(OPS->user_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(list[0].username, "aisyah");
	ck_assert_str_eq(list[1].username, "admin");
	free(list);
	pg = page_of(id, 1);
	ck_assert_int_eq(OPS->user_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].id, id2);
	free(list);
}
END_TEST

START_TEST(test_tokens)
{
	int64_t u = add_user("alice", TUNAS_ROLE_SYSADMIN, 0);
	int64_t v = add_user("bob", TUNAS_ROLE_SYSADMIN, 0);
	unsigned char h1[TUNAS_HASH_LEN], h2[TUNAS_HASH_LEN], h3[TUNAS_HASH_LEN];
	tunas_token in, out, *list = NULL;
	int64_t id = 0, id2 = 0, id3 = 0;
	size_t n = 0;

	memset(h1, 0xa1, sizeof(h1));
	h1[0] = 0; /* a NUL inside must not cut the blob */
	memset(h2, 0xb2, sizeof(h2));
	memset(h3, 0xa1, sizeof(h3));
	memset(&in, 0, sizeof(in));
	in.user_id = u;
	in.kind = TUNAS_TOKEN_SESSION;
	SET(in.label, "login");
	in.created_at = 100;
	in.expires_at = 100 + TUNAS_SESSION_TTL;
	ck_assert_int_eq(OPS->token_insert(st, &id, &in, h1), 0);
	ck_assert_int_eq(OPS->token_get_by_hash(st, &out, h1), 0);
	ck_assert_int_eq(out.id, id);
	ck_assert_int_eq(out.user_id, u);
	ck_assert_int_eq(out.kind, TUNAS_TOKEN_SESSION);
	ck_assert_str_eq(out.label, "login");
	ck_assert_int_eq(out.created_at, 100);
	ck_assert_int_eq(out.expires_at, 100 + TUNAS_SESSION_TTL);
	ck_assert_int_eq(out.revoked_at, 0);
	ck_assert_int_eq(OPS->token_get_by_hash(st, &out, h3), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->token_insert(st, &id2, &in, h1), TUNAS_ECONFLICT);

	in.kind = TUNAS_TOKEN_API;
	SET(in.label, "ci");
	ck_assert_int_eq(OPS->token_insert(st, &id2, &in, h2), 0);
	in.user_id = v;
	ck_assert_int_eq(OPS->token_insert(st, &id3, &in, h3), 0);

	ck_assert_int_eq(OPS->token_revoke(st, id2, 500), 0);
	ck_assert_int_eq(OPS->token_revoke(st, id2, 900), 0); /* first time stands */
	ck_assert_int_eq(OPS->token_get(st, &out, id2), 0);
	ck_assert_int_eq(out.revoked_at, 500);
	ck_assert_int_eq(out.kind, TUNAS_TOKEN_API);
	ck_assert_int_eq(OPS->token_revoke(st, 777, 500), TUNAS_ENOTFOUND);
	ck_assert_int_eq(OPS->token_get(st, &out, 777), TUNAS_ENOTFOUND);

	ck_assert_int_eq(OPS->token_list(st, &list, &n, u), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].id, id);
	ck_assert_int_eq(list[1].id, id2);
	ck_assert_int_eq(list[1].revoked_at, 500);
	free(list);
	ck_assert_int_eq(OPS->token_list(st, &list, &n, 12345), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(list);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Audit trail */

static void fill_audit(tunas_audit_entry *e, int64_t seq, const unsigned char *prev)
{
	memset(e, 0, sizeof(*e));
	e->seq = seq;
	e->at = 1000 + seq;
	e->actor_id = 0;
	SET(e->actor_name, "operator");
	SET(e->action, "person.create");
	SET(e->object_type, "person");
	e->object_id = seq * 10;
	SET(e->detail, "{\"id_number\":\"********5678\"}");
	memcpy(e->prev_hash, prev, TUNAS_HASH_LEN);
	memset(e->hash, (int)seq, TUNAS_HASH_LEN);
}

START_TEST(test_audit)
{
	unsigned char zero[TUNAS_HASH_LEN] = {0}, hash[TUNAS_HASH_LEN];
	tunas_audit_entry e, *list = NULL;
	tunas_page pg = page_of(0, 2);
	int64_t seq = -1;
	size_t n = 0;
	char err[256];
	int i;

	memset(hash, 0x77, sizeof(hash));
	ck_assert_int_eq(OPS->audit_head(st, &seq, hash), 0);
	ck_assert_int_eq(seq, 0);
	ck_assert_mem_eq(hash, zero, TUNAS_HASH_LEN);

	for (i = 1; i <= 3; i++) {
		ck_assert_int_eq(OPS->begin(st, true), 0);
		ck_assert_int_eq(OPS->audit_head(st, &seq, hash), 0);
		ck_assert_int_eq(seq, i - 1);
		fill_audit(&e, seq + 1, hash);
		ck_assert_int_eq(OPS->audit_append(st, &e), 0);
		ck_assert_int_eq(OPS->commit(st), 0);
	}
	ck_assert_int_eq(OPS->audit_head(st, &seq, hash), 0);
	ck_assert_int_eq(seq, 3);
	memset(zero, 3, sizeof(zero));
	ck_assert_mem_eq(hash, zero, TUNAS_HASH_LEN);

	ck_assert_int_eq(OPS->audit_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(list[0].seq, 1);
	ck_assert_int_eq(list[0].at, 1001);
	ck_assert_str_eq(list[0].actor_name, "operator");
	ck_assert_str_eq(list[0].action, "person.create");
	ck_assert_str_eq(list[0].object_type, "person");
	ck_assert_int_eq(list[0].object_id, 10);
	ck_assert_str_eq(list[0].detail, "{\"id_number\":\"********5678\"}");
	memset(zero, 0, sizeof(zero));
	ck_assert_mem_eq(list[0].prev_hash, zero, TUNAS_HASH_LEN);
	ck_assert_mem_eq(list[1].prev_hash, list[0].hash, TUNAS_HASH_LEN);
	pg.after_id = list[1].seq;
	free(list);
	ck_assert_int_eq(OPS->audit_list(st, &list, &n, &pg), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(list[0].seq, 3);
	free(list);

	/* A seq that is taken or behind the head is a conflict. */
	fill_audit(&e, 3, hash);
	ck_assert_int_eq(OPS->audit_append(st, &e), TUNAS_ECONFLICT);
	fill_audit(&e, 2, hash);
	ck_assert_int_eq(OPS->audit_append(st, &e), TUNAS_ECONFLICT);

	/* Append-only, even to someone holding the database. */
	ck_assert_int_ne(testdb_exec(path, "UPDATE audit_log SET detail = '{}' WHERE seq = 2", err,
				     sizeof(err)),
			 0);
	ck_assert_str_eq(err, "audit_log is append-only");
	ck_assert_int_ne(testdb_exec(path, "DELETE FROM audit_log WHERE seq = 1", err, sizeof(err)),
			 0);
	ck_assert_int_ne(testdb_exec(path, "DELETE FROM audit_log", err, sizeof(err)), 0);
	/* Replacing a row in place is an update by other means. */
	ck_assert_int_ne(
		testdb_exec(path,
			    testdb_is_pg()
				    ? "INSERT INTO audit_log SELECT seq, at, actor_id,"
				      " actor_name, action, object_type, object_id, '{}',"
				      " prev_hash, hash FROM audit_log WHERE seq = 2"
				      " ON CONFLICT (seq) DO UPDATE SET detail = '{}'"
				    : "INSERT OR REPLACE INTO audit_log SELECT seq, at, actor_id,"
				      " actor_name, action, object_type, object_id, '{}',"
				      " prev_hash, hash FROM audit_log WHERE seq = 2",
			    err, sizeof(err)),
		0);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit_log"), 3);
	ck_assert_int_eq(raw_int("SELECT count(*) FROM audit_log WHERE detail = '{}'"), 0);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Strings */

START_TEST(test_text_truncation)
{
	tunas_org in, out;
	char err[256];
	int64_t id = 0;
	size_t len;

	/* An unterminated buffer is read to its size, no further. */
	memset(&in, 0, sizeof(in));
	memset(in.name, 'x', sizeof(in.name));
	in.kind = TUNAS_ORG_INDUSTRY;
	ck_assert_int_eq(OPS->org_insert(st, &id, &in), 0);
	ck_assert_int_eq(raw_int("SELECT length(name) FROM org"), (int64_t)sizeof(in.name));
	/* Longer text than the struct holds, ending in two-byte characters:
	 * cut to fit, on a character boundary. */
	ck_assert_int_eq(testdb_exec(path,
				     testdb_is_pg()
					     ? "UPDATE org SET name = repeat('a', 199) || 'éééé'"
					     : "UPDATE org SET name = replace(hex(zeroblob(199)),"
					       " '00', 'a') || 'éééé'",
				     err, sizeof(err)),
			 0);
	ck_assert_int_eq(OPS->org_get(st, &out, id), 0);
	len = strlen(out.name);
	ck_assert_uint_eq(len, 199); /* 199 + a half 'é' would be 200 */

	/* NULL text reads as "". */
	{
		tunas_user u;
		tunas_user_auth auth;

		memset(&u, 0, sizeof(u));
		SET(u.username, "nopass");
		u.role = TUNAS_ROLE_JUDGE;
		ck_assert_int_eq(OPS->user_insert(st, &id, &u, NULL), 0);
		memset(&auth, 0x41, sizeof(auth));
		ck_assert_int_eq(OPS->user_get_auth(st, &auth, "nopass"), 0);
		ck_assert_str_eq(auth.pwhash, "");
		ck_assert_str_eq(auth.user.display_name, "");
	}
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create(testdb_is_pg() ? "postgres" : "sqlite");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_open_settings);
	if (!testdb_is_pg())
		tcase_add_test(tc, test_open_sqlite_file);
	tcase_add_test(tc, test_migrations_idempotent);
	tcase_add_test(tc, test_store_open_uri);
	tcase_add_test(tc, test_transactions);
	tcase_add_test(tc, test_rate_buckets);
	tcase_add_test(tc, test_org_roundtrip);
	tcase_add_test(tc, test_org_paging);
	tcase_add_test(tc, test_partnership);
	tcase_add_test(tc, test_programme_roundtrip);
	tcase_add_test(tc, test_course);
	tcase_add_test(tc, test_cohort);
	tcase_add_test(tc, test_person_roundtrip);
	tcase_add_test(tc, test_person_list_filters);
	tcase_add_test(tc, test_scopes);
	tcase_add_test(tc, test_scopes_follow_moves);
	tcase_add_test(tc, test_enrol_basic);
	tcase_add_test(tc, test_enrol_waitlist_and_counts);
	tcase_add_test(tc, test_enrol_funded_overlap);
	tcase_add_test(tc, test_users);
	tcase_add_test(tc, test_tokens);
	tcase_add_test(tc, test_audit);
	tcase_add_test(tc, test_text_truncation);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
