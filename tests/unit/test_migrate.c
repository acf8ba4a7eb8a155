/*
 * test_migrate.c — `tunas migrate`: the table list against the live schema
 * (both dialects when TUNAS_TEST_PG is set), a copy out and back with every
 * count and the audit chain equal, and the refusals (a target with data,
 * no permission, a bad target, a copy that does not verify) that leave the
 * target unchanged. Without TUNAS_TEST_PG it runs SQLite -> SQLite ->
 * SQLite; with it, PostgreSQL -> SQLite -> PostgreSQL.
 */
#include <check.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "testdb.h"
#include "store/sql_copy.h"
#include "store/store.h"
#include "tunas/audit.h"
#include "tunas/migrate.h"

static fixture F;

static void setup(void)
{
	fixture_setup(&F);
}

static void teardown(void)
{
	char path[160];
	const char *names[] = {"b.db", "c.db", "x.db"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		static const char *const suffix[] = {"", "-wal", "-shm"};

		for (size_t k = 0; k < 3; k++) {
			snprintf(path, sizeof(path), "%s/%s%s", F.dir, names[i], suffix[k]);
			unlink(path);
		}
	}
	fixture_teardown(&F);
}

/* A new SQLite file in the test's directory, whatever TUNAS_TEST_PG says. */
static void sqlite_target(char out[TESTDB_URI_MAX], const char *name)
{
	snprintf(out, TESTDB_URI_MAX, "%s/%s", F.dir, name);
}

static tunas_ctx *open_as_operator(const char *uri)
{
	tunas_principal op;
	tunas_ctx *ctx = NULL;
	char err[256];

	ck_assert_msg(tunas_open(&ctx, uri, err, sizeof(err)) == 0, "open %s: %s", uri, err);
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	return ctx;
}

static int64_t audit_entries(tunas_ctx *ctx)
{
	int64_t count = -1, bad = -1;

	ck_assert_msg(tunas_audit_verify(ctx, &count, &bad) == 0, "%s", tunas_errmsg(ctx));
	return count;
}

static int64_t rows_of(const tunas_migrate_report *r, const char *table)
{
	for (size_t i = 0; i < r->n_tables; i++)
		if (strcmp(r->tables[i].name, table) == 0)
			return r->tables[i].rows;
	ck_abort_msg("no table %s in the report", table);
	return -1;
}

/* Whether any copied table of the database at uri has a row. */
static bool has_rows(const char *uri)
{
	tunas_store *s = NULL;
	char err[256];
	int first = -2;

	ck_assert_msg(tunas_store_open(&s, uri, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(tunas_store_copy_first_nonempty(s, &first), 0);
	s->ops->close(s);
	return first >= 0;
}

/* Some data beyond the fixture's: people (reach rows from triggers), an
 * application, and an organisation whose parent has a larger id (the
 * library never moves a parent, but the schema allows it). */
static void add_data(int64_t *person)
{
	tunas_enrolment e;
	char err[256];

	*person = fixture_add_person(&F, "900101-14-5673", F.centre);
	fixture_add_person(&F, "920202-10-1234", F.centre2);
	ck_assert_msg(tunas_enrol_apply(F.ctx, &e, *person, F.cohort) == 0, "%s",
		      tunas_errmsg(F.ctx));
	ck_assert_int_gt(F.employer, F.ministry);
	ck_assert_msg(testdb_exec(F.db,
				  "UPDATE org SET parent_id = (SELECT max(id) FROM org)"
				  " WHERE id = (SELECT min(id) FROM org)",
				  err, sizeof(err)) == 0,
		      "%s", err);
}

/* The store's table list: the live schema has no table or column it does
 * not know, in SQLite and (TUNAS_TEST_PG) PostgreSQL; and the check fails
 * when the schema grows. */
static void check_schema(const char *uri)
{
	tunas_store *s = NULL;
	char err[256];

	ck_assert_msg(tunas_store_open(&s, uri, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(tunas_store_copy_check(s) == 0, "%s: %s", uri, s->errmsg);
	s->ops->close(s);
}

static int check_fails_with(const char *uri, const char *expect)
{
	tunas_store *s = NULL;
	char err[256];
	int rc;

	ck_assert_msg(tunas_store_open(&s, uri, err, sizeof(err)) == 0, "%s", err);
	rc = tunas_store_copy_check(s);
	if (rc != 0)
		ck_assert_msg(strstr(s->errmsg, expect) != NULL, "%s", s->errmsg);
	s->ops->close(s);
	return rc;
}

static void sqlite_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "%s",
		      sqlite3_errmsg(db));
	sqlite3_close(db);
}

START_TEST(table_list_matches_the_schema)
{
	char a[TESTDB_URI_MAX], b[TESTDB_URI_MAX], err[256];

	sqlite_target(a, "b.db");
	check_schema(a);
	sqlite_exec(a, "CREATE TABLE extra_t (a INTEGER)");
	ck_assert_int_eq(check_fails_with(a, "extra_t"), TUNAS_ECONFLICT);
	sqlite_target(b, "c.db");
	check_schema(b);
	sqlite_exec(b, "ALTER TABLE claim ADD COLUMN extra INTEGER");
	ck_assert_int_eq(check_fails_with(b, "claim has 23 columns"), TUNAS_ECONFLICT);

	if (!testdb_is_pg())
		return;
	check_schema(F.db);
	ck_assert_int_eq(testdb_exec(F.db, "CREATE TABLE extra_t (a BIGINT)", err, sizeof(err)), 0);
	ck_assert_int_eq(check_fails_with(F.db, "extra_t"), TUNAS_ECONFLICT);
	testdb_new(b, F.dir, "x.db");
	check_schema(b);
	ck_assert_int_eq(
		testdb_exec(b, "ALTER TABLE org ADD COLUMN extra BIGINT", err, sizeof(err)), 0);
	ck_assert_int_eq(check_fails_with(b, "org has 9 columns"), TUNAS_ECONFLICT);
}
END_TEST

START_TEST(copies_out_and_back)
{
	char b[TESTDB_URI_MAX], c[TESTDB_URI_MAX];
	tunas_migrate_report r1, r2;
	int64_t person, before, id = 0;
	tunas_ctx *bctx, *cctx;
	tunas_org o;

	add_data(&person);
	before = audit_entries(F.ctx);

	/* Out: into a new SQLite file. */
	sqlite_target(b, "b.db");
	ck_assert_msg(tunas_migrate(F.ctx, b, &r1) == 0, "%s", tunas_errmsg(F.ctx));
	ck_assert_str_eq(r1.source, testdb_is_pg() ? "postgresql" : "sqlite");
	ck_assert_str_eq(r1.target, "sqlite");
	ck_assert_uint_eq(r1.n_tables, tunas_store_copy_table_count());
	ck_assert_int_eq(rows_of(&r1, "person"), 2);
	ck_assert_int_eq(rows_of(&r1, "enrolment"), 1);
	ck_assert_int_eq(rows_of(&r1, "org"), 6);
	ck_assert_int_eq(rows_of(&r1, "app_user"), 7);
	/* Registered by their centres, and one applied at a centre and to an
	 * owner: three reach rows, made by the target's triggers. */
	ck_assert_int_eq(rows_of(&r1, "person_reach"), 3);
	ck_assert_int_eq(rows_of(&r1, "audit_log"), before);
	ck_assert_int_eq(r1.audit_seq, before);
	ck_assert_int_eq(r1.recorded_seq, before + 1);
	ck_assert_int_gt(r1.rows, before);
	/* The source did not change. */
	ck_assert_int_eq(audit_entries(F.ctx), before);

	/* Back: into a new database of the fixture's kind. */
	bctx = open_as_operator(b);
	ck_assert_int_eq(audit_entries(bctx), before + 1);
	if (testdb_is_pg())
		testdb_new(c, F.dir, "c.db");
	else
		sqlite_target(c, "c.db");
	ck_assert_msg(tunas_migrate(bctx, c, &r2) == 0, "%s", tunas_errmsg(bctx));
	tunas_close(bctx);
	ck_assert_uint_eq(r2.n_tables, r1.n_tables);
	for (size_t i = 0; i < r1.n_tables; i++) {
		ck_assert_str_eq(r2.tables[i].name, r1.tables[i].name);
		ck_assert_int_eq(r2.tables[i].rows,
				 r1.tables[i].rows + (strcmp(r1.tables[i].name, "audit_log") == 0));
	}
	ck_assert_int_eq(r2.audit_seq, before + 1);

	/* The copy of the copy: the same rows, an intact chain two entries
	 * longer, and new rows take new ids (the identity sequences moved). */
	cctx = open_as_operator(c);
	ck_assert_int_eq(audit_entries(cctx), before + 2);
	ck_assert_int_eq(tunas_org_get(cctx, &o, F.ministry), 0);
	ck_assert_int_eq(o.parent_id, F.employer);
	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "New centre");
	o.kind = TUNAS_ORG_TRAINING_CENTRE;
	snprintf(o.country, sizeof(o.country), "MY");
	ck_assert_msg(tunas_org_create(cctx, &id, &o) == 0, "%s", tunas_errmsg(cctx));
	ck_assert_int_eq(id, rows_of(&r1, "org") + 1);
	tunas_close(cctx);
}
END_TEST

START_TEST(refuses_a_target_with_data)
{
	tunas_migrate_report r;
	char b[TESTDB_URI_MAX];
	tunas_ctx *bctx;
	int64_t person;

	add_data(&person);
	sqlite_target(b, "b.db");
	ck_assert_int_eq(tunas_migrate(F.ctx, b, &r), 0);
	bctx = open_as_operator(b);
	ck_assert_int_eq(audit_entries(bctx), r.recorded_seq);
	tunas_close(bctx);

	memset(&r, 0x5a, sizeof(r));
	ck_assert_int_eq(tunas_migrate(F.ctx, b, &r), TUNAS_ECONFLICT);
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "not empty") != NULL, "%s", tunas_errmsg(F.ctx));
	ck_assert_str_eq(tunas_errfield(F.ctx), "target");
	ck_assert_uint_eq(r.n_tables, (size_t)0x5a5a5a5a5a5a5a5a); /* untouched */
	bctx = open_as_operator(b);
	ck_assert_int_eq(audit_entries(bctx), audit_entries(F.ctx) + 1);
	tunas_close(bctx);

	/* The source itself is a database with data too. */
	ck_assert_int_eq(tunas_migrate(F.ctx, F.db, &r), TUNAS_ECONFLICT);
}
END_TEST

START_TEST(refuses_without_permission_or_target)
{
	tunas_migrate_report r;
	char b[TESTDB_URI_MAX];

	sqlite_target(b, "b.db");
	fixture_as(&F, &F.centre_admin);
	ck_assert_int_eq(tunas_migrate(F.ctx, b, &r), TUNAS_EPERM);
	ck_assert_int_ne(access(b, F_OK), 0); /* not even created */
	fixture_as(&F, &F.op);
	ck_assert_int_eq(tunas_migrate(F.ctx, "", &r), TUNAS_EINVAL);
	ck_assert_int_ne(tunas_migrate(F.ctx, "/nonexistent-dir/x.db", &r), 0);
	ck_assert_str_eq(tunas_errfield(F.ctx), "target");
	ck_assert_int_ne(tunas_migrate(F.ctx, "postgresql://nobody@127.0.0.1:1/none", &r), 0);
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "cannot open the target") != NULL, "%s",
		      tunas_errmsg(F.ctx));
}
END_TEST

/* A source whose derived rows lack one the triggers make: the copy
 * differs, so nothing is committed and the message names the table. */
START_TEST(a_copy_that_differs_is_rolled_back)
{
	tunas_migrate_report r;
	char b[TESTDB_URI_MAX], err[256];
	int64_t person;

	add_data(&person);
	ck_assert_msg(
		testdb_exec(F.db, "DELETE FROM person_reach WHERE kind = 3", err, sizeof(err)) == 0,
		"%s", err);
	sqlite_target(b, "b.db");
	ck_assert_int_eq(tunas_migrate(F.ctx, b, &r), TUNAS_ECONFLICT);
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "verification failed") != NULL, "%s",
		      tunas_errmsg(F.ctx));
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "person_reach: row counts differ") != NULL, "%s",
		      tunas_errmsg(F.ctx));
	ck_assert(!has_rows(b));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, table_list_matches_the_schema);
	tcase_add_test(tc, copies_out_and_back);
	tcase_add_test(tc, refuses_a_target_with_data);
	tcase_add_test(tc, refuses_without_permission_or_target);
	tcase_add_test(tc, a_copy_that_differs_is_rolled_back);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
