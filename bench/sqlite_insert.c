/*
 * sqlite_insert.c — the baseline for the import benchmark: the fastest
 * plain way to put N person-shaped rows into SQLite (one prepared INSERT,
 * one transaction, the same pragmas and unique index as Tunas's store, no
 * validation, no audit). Prints rows per second.
 *   bench_sqlite_insert DBFILE N
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	struct timespec a, b;
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	char id[32], name[64], email[96];
	double s;

	if (argc < 2 || sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db,
		     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
		     "CREATE TABLE person(id INTEGER PRIMARY KEY, full_name TEXT NOT NULL,"
		     " id_type INTEGER NOT NULL, id_number TEXT NOT NULL, birth_date TEXT,"
		     " sex TEXT, email TEXT, edu_level TEXT, isced INTEGER, employment INTEGER,"
		     " region TEXT, created_at INTEGER, UNIQUE(id_type, id_number));",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db,
			   "INSERT INTO person(full_name,id_type,id_number,birth_date,sex,email,"
			   "edu_level,isced,employment,region,created_at) "
			   "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
			   -1, &st, NULL);
	clock_gettime(CLOCK_MONOTONIC, &a);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (long i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "9%011ld", i);
		snprintf(name, sizeof(name), "Person Number %ld", i);
		snprintf(email, sizeof(email), "person.%ld@example.my", i);
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, 1);
		sqlite3_bind_text(st, 3, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, "1990-01-01", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, "M", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, email, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, "SPM", -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 8, 3);
		sqlite3_bind_int(st, 9, 1);
		sqlite3_bind_text(st, 10, "Selangor", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 11, 1790000000);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(st);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	printf("%ld rows in %.3f s: %.0f rows/s\n", n, s, (double)n / s);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
