/*
 * testdb.c — see testdb.h.
 */
#include "testdb.h"

#include <check.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *pg_prefix(void)
{
	const char *p = getenv("TUNAS_TEST_PG");

	return p != NULL && p[0] != '\0' ? p : NULL;
}

bool testdb_is_pg(void)
{
	return pg_prefix() != NULL;
}

/* Run `sql` on the server's maintenance database. */
static void pg_admin(const char *sql)
{
	char uri[TESTDB_URI_MAX];
	PGconn *c;
	PGresult *r;

	snprintf(uri, sizeof(uri), "%spostgres", pg_prefix());
	c = PQconnectdb(uri);
	ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s: %s", uri, PQerrorMessage(c));
	r = PQexec(c, sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	PQfinish(c);
}

/* A database name no other test process uses. */
static void pg_name(char *out, size_t cap)
{
	static unsigned counter;

	snprintf(out, cap, "t_%ld_%u", (long)getpid(), ++counter);
}

void testdb_new(char out[TESTDB_URI_MAX], const char *dir, const char *name)
{
	char db[64], sql[160];

	if (!testdb_is_pg()) {
		snprintf(out, TESTDB_URI_MAX, "%s/%s", dir, name);
		return;
	}
	pg_name(db, sizeof(db));
	/* Names made here, never from input. */
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	pg_admin(sql);
	snprintf(out, TESTDB_URI_MAX, "%s%s", pg_prefix(), db);
}

void testdb_copy(char out[TESTDB_URI_MAX], const char *from, const char *dir, const char *name)
{
	char db[64], sql[256];
	const char *from_db;

	if (!testdb_is_pg()) {
		char buf[65536];
		size_t n;
		FILE *in, *o;

		snprintf(out, TESTDB_URI_MAX, "%s/%s", dir, name);
		in = fopen(from, "rb");
		ck_assert_ptr_nonnull(in);
		o = fopen(out, "wb");
		ck_assert_ptr_nonnull(o);
		while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
			ck_assert_uint_eq(fwrite(buf, 1, n, o), n);
		fclose(in);
		ck_assert_int_eq(fclose(o), 0);
		return;
	}
	from_db = strrchr(from, '/');
	ck_assert_ptr_nonnull(from_db);
	pg_name(db, sizeof(db));
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE %s STRATEGY FILE_COPY", db,
		 from_db + 1);
	pg_admin(sql);
	snprintf(out, TESTDB_URI_MAX, "%s%s", pg_prefix(), db);
}

void testdb_drop(const char *uri)
{
	const char *name = strrchr(uri, '/');
	char sql[128];

	if (!testdb_is_pg() || name == NULL || strncmp(name + 1, "t_", 2) != 0)
		return;
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", name + 1);
	pg_admin(sql);
}

int testdb_exec(const char *uri, const char *sql, char *err, size_t errlen)
{
	int rc = 0;

	err[0] = '\0';
	if (!testdb_is_pg()) {
		sqlite3 *db = NULL;

		ck_assert_int_eq(sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			snprintf(err, errlen, "%s", sqlite3_errmsg(db));
			rc = -1;
		}
		sqlite3_close(db);
	} else {
		PGconn *c = PQconnectdb(uri);
		PGresult *r;

		ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
		r = PQexec(c, sql);
		if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) {
			const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);

			snprintf(err, errlen, "%s", m != NULL ? m : PQerrorMessage(c));
			rc = -1;
		}
		PQclear(r);
		PQfinish(c);
	}
	return rc;
}

long long testdb_int(const char *uri, const char *sql)
{
	long long v = 0;

	if (!testdb_is_pg()) {
		sqlite3 *db = NULL;
		sqlite3_stmt *st = NULL;

		ck_assert_int_eq(sqlite3_open_v2(uri, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		sqlite3_close(db);
	} else {
		PGconn *c = PQconnectdb(uri);
		PGresult *r;

		ck_assert_msg(PQstatus(c) == CONNECTION_OK, "%s", PQerrorMessage(c));
		r = PQexec(c, sql);
		ck_assert_msg(PQresultStatus(r) == PGRES_TUPLES_OK, "%s: %s", sql,
			      PQerrorMessage(c));
		if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
			v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		PQfinish(c);
	}
	return v;
}
