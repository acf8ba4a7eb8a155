/*
 * testdb.h — where a unit test's database lives.
 *
 * By default an SQLite file in the test's directory. When the environment
 * names a PostgreSQL server (TUNAS_TEST_PG, a URI prefix to which a
 * database name is appended, e.g. postgresql://postgres@127.0.0.1:55432/),
 * each call makes a new database there instead, so the same tests run
 * against both stores. scripts/test starts that server.
 */
#ifndef TUNAS_TESTDB_H
#define TUNAS_TESTDB_H

#include <stdbool.h>
#include <stddef.h>

#define TESTDB_URI_MAX 256

/* True when the tests run against PostgreSQL. */
bool testdb_is_pg(void);

/* A new, empty database: `dir`/`name` for SQLite, a fresh PostgreSQL
 * database otherwise; its URI in out. Aborts the test on failure. */
void testdb_new(char out[TESTDB_URI_MAX], const char *dir, const char *name);

/* A new database holding a copy of `from` (which nobody may have open). */
void testdb_copy(char out[TESTDB_URI_MAX], const char *from, const char *dir, const char *name);

/* Drop a database testdb_new or testdb_copy made (PostgreSQL: each is a
 * few megabytes; the run makes hundreds). Nothing may have it open. An
 * SQLite file is the caller's to remove. */
void testdb_drop(const char *uri);

/* Run one SQL statement on the database directly, around the store (to
 * check what the schema itself refuses); 0 if it succeeded, else -1 with
 * the database's message in err. */
int testdb_exec(const char *uri, const char *sql, char *err, size_t errlen);

/* One integer from a query run directly on the database. */
long long testdb_int(const char *uri, const char *sql);

#endif
