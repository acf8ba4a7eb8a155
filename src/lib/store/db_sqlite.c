/*
 * db_sqlite.c — the SQLite driver of db.h: a thin layer over the SQLite C
 * API, which db.h's model copies, plus how Tunas opens a database file
 * (created owner-only, WAL, synchronous=FULL, foreign keys on).
 */
#include "store/db.h"
#include "util/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	db base;
	sqlite3 *h;
} sq_db;

typedef struct {
	db_stmt base;
	sqlite3_stmt *h;
} sq_stmt;

static sq_db *D(db *d)
{
	return (sq_db *)d;
}

static sqlite3_stmt *S(db_stmt *st)
{
	return ((sq_stmt *)st)->h;
}

/* SQLite's (extended) result codes to the driver's. */
static int code(int rc)
{
	switch (rc) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return DB_UNIQUE;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return DB_FOREIGN_KEY;
	case SQLITE_CONSTRAINT_TRIGGER:
		return DB_TRIGGER;
	default:
		break;
	}
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_NOMEM:
		return DB_NOMEM;
	case SQLITE_TOOBIG:
		return DB_TOOBIG;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static const db_ops sqlite_db_ops;

static void sq_close(db *d)
{
	sqlite3_close(D(d)->h);
	tunas_free(d);
}

static int sq_prepare(db *d, db_stmt **out, const char *sql)
{
	sq_stmt *st = tunas_calloc(1, sizeof(*st));
	int rc;

	if (st == NULL)
		return DB_NOMEM;
	/* Store statements live as long as the connection. */
	rc = sqlite3_prepare_v3(D(d)->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->h, NULL);
	if (rc != SQLITE_OK) {
		tunas_free(st);
		return code(rc);
	}
	st->base.ops = &sqlite_db_ops;
	*out = &st->base;
	return DB_OK;
}

static int sq_exec(db *d, const char *sql)
{
	return code(sqlite3_exec(D(d)->h, sql, NULL, NULL, NULL));
}

static const char *sq_errmsg(db *d)
{
	return sqlite3_errmsg(D(d)->h);
}

static int64_t sq_changes(db *d)
{
	return sqlite3_changes64(D(d)->h);
}

static bool sq_in_transaction(db *d)
{
	return !sqlite3_get_autocommit(D(d)->h);
}

static void sq_finalize(db_stmt *st)
{
	sqlite3_finalize(S(st));
	tunas_free(st);
}

static int sq_param_count(db_stmt *st)
{
	return sqlite3_bind_parameter_count(S(st));
}

static int sq_bind_i64(db_stmt *st, int i, int64_t v)
{
	return code(sqlite3_bind_int64(S(st), i, v));
}

static int sq_bind_double(db_stmt *st, int i, double v)
{
	return code(sqlite3_bind_double(S(st), i, v));
}

static int sq_bind_text(db_stmt *st, int i, const char *v, size_t len)
{
	if (len > INT_MAX)
		return DB_TOOBIG;
	return code(sqlite3_bind_text(S(st), i, v, (int)len, SQLITE_STATIC));
}

static int sq_bind_blob(db_stmt *st, int i, const void *v, size_t len)
{
	if (len > INT_MAX)
		return DB_TOOBIG;
	return code(sqlite3_bind_blob(S(st), i, v, (int)len, SQLITE_STATIC));
}

static int sq_bind_null(db_stmt *st, int i)
{
	return code(sqlite3_bind_null(S(st), i));
}

static int sq_step(db_stmt *st)
{
	int rc = sqlite3_step(S(st));

	/* The two hot answers first: no mapping needed. */
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return code(rc);
}

static void sq_reset(db_stmt *st)
{
	sqlite3_reset(S(st));
	sqlite3_clear_bindings(S(st));
}

static int sq_col_count(db_stmt *st)
{
	return sqlite3_column_count(S(st));
}

static const char *sq_col_name(db_stmt *st, int col)
{
	return sqlite3_column_name(S(st), col);
}

static db_type sq_col_type(db_stmt *st, int col)
{
	switch (sqlite3_column_type(S(st), col)) {
	case SQLITE_INTEGER:
		return DB_INTEGER;
	case SQLITE_FLOAT:
		return DB_FLOAT;
	case SQLITE_TEXT:
		return DB_TEXT;
	case SQLITE_BLOB:
		return DB_BLOB;
	default:
		return DB_NULL;
	}
}

static int64_t sq_col_i64(db_stmt *st, int col)
{
	return sqlite3_column_int64(S(st), col);
}

static double sq_col_double(db_stmt *st, int col)
{
	return sqlite3_column_double(S(st), col);
}

static const unsigned char *sq_col_text(db_stmt *st, int col)
{
	return sqlite3_column_text(S(st), col);
}

static const void *sq_col_blob(db_stmt *st, int col)
{
	return sqlite3_column_blob(S(st), col);
}

static int sq_col_bytes(db_stmt *st, int col)
{
	return sqlite3_column_bytes(S(st), col);
}

static const db_ops sqlite_db_ops = {
	.close = sq_close,
	.prepare = sq_prepare,
	.exec = sq_exec,
	.errmsg = sq_errmsg,
	.changes = sq_changes,
	.in_transaction = sq_in_transaction,
	.finalize = sq_finalize,
	.param_count = sq_param_count,
	.bind_i64 = sq_bind_i64,
	.bind_double = sq_bind_double,
	.bind_text = sq_bind_text,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.reset = sq_reset,
	.col_count = sq_col_count,
	.col_name = sq_col_name,
	.col_type = sq_col_type,
	.col_i64 = sq_col_i64,
	.col_double = sq_col_double,
	.col_text = sq_col_text,
	.col_blob = sq_col_blob,
	.col_bytes = sq_col_bytes,
};

/* ------------------------------------------------------------------------ */
/* Opening a database file */

/* Switch to WAL; journal_mode answers with the mode now in force. */
static int wal_on(sqlite3 *h, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	const unsigned char *mode;
	int rc;

	rc = sqlite3_prepare_v2(h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		rc = code(rc);
		goto out;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp((const char *)mode, "wal") != 0) {
		snprintf(err, errlen, "cannot switch the database to WAL mode");
		rc = DB_ERROR;
		goto out;
	}
	rc = DB_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

static int foreign_keys_on(sqlite3 *h, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(h, "PRAGMA foreign_keys", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc != SQLITE_ROW || sqlite3_column_int(st, 0) != 1) {
		snprintf(err, errlen, "this SQLite cannot enforce foreign keys");
		rc = DB_ERROR;
	} else {
		rc = DB_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int configure(sqlite3 *h, bool in_memory, char *err, size_t errlen)
{
	int rc;

	sqlite3_extended_result_codes(h, 1);
	rc = sqlite3_busy_timeout(h, 5000);
	if (rc == SQLITE_OK && !in_memory && (rc = wal_on(h, err, errlen)) != DB_OK)
		return rc;
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(h,
				  "PRAGMA synchronous = FULL;"
				  "PRAGMA foreign_keys = ON;"
				  "PRAGMA temp_store = MEMORY;"
				  "PRAGMA cache_size = -32768;"
				  /* Reads through a memory map skip a pread() per
				   * page that misses the page cache: +15% on random
				   * GETs of 10^6 people (docs/PERFORMANCE.md). */
				  "PRAGMA mmap_size = 1073741824;",
				  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(h));
		return code(rc);
	}
	return foreign_keys_on(h, err, errlen);
}

/* Create the file 0600 if it does not exist; SQLite gives its -wal and -shm
 * files the same mode. An existing file is never opened here: closing any
 * descriptor of a file drops every POSIX lock this process holds on it,
 * including the locks of SQLite connections already open on it (another
 * server thread's), which would let another process corrupt the database. */
static int create_private(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST)
		return DB_OK;
	if (fd < 0) {
		snprintf(err, errlen, "cannot create %s: %s", path, strerror(errno));
		return DB_ERROR;
	}
	close(fd);
	return DB_OK;
}

int db_sqlite_open(db **out, const char *path, char *err, size_t errlen)
{
	sq_db *d = NULL;
	bool in_memory;
	int rc;

	err[0] = '\0';
	if (path == NULL || path[0] == '\0') {
		snprintf(err, errlen, "empty database path");
		return DB_ERROR;
	}
	d = tunas_calloc(1, sizeof(*d));
	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_NOMEM;
	}
	d->base.ops = &sqlite_db_ops;
	d->base.dialect = DB_SQLITE;
	in_memory = strcmp(path, ":memory:") == 0;
	if (!in_memory && (rc = create_private(path, err, errlen)) != DB_OK)
		goto out;
	rc = sqlite3_open_v2(path, &d->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
				     SQLITE_OPEN_EXRESCODE,
			     NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s",
			 d->h != NULL ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
		rc = code(rc);
		goto out;
	}
	rc = configure(d->h, in_memory, err, errlen);
	if (rc != DB_OK)
		goto out;
	*out = &d->base;
	d = NULL;
out:
	if (d != NULL)
		sq_close(&d->base);
	return rc;
}
