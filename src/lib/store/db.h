/*
 * db.h — the SQL driver under the store: a connection, prepared statements,
 * binding, stepping through rows and reading columns.
 *
 * The store's operations (store_sql*.c) are written once against this
 * interface, and two drivers implement it: SQLite (db_sqlite.c, the
 * default, embedded) and PostgreSQL (db_pg.c, libpq). The model is
 * SQLite's: prepare once, bind ?N parameters, step until DB_DONE, reset.
 * SQL text is written in the subset both databases understand, with ?N
 * placeholders; the PostgreSQL driver rewrites them to $N when it
 * prepares. Where the dialects must differ, the store picks the text by
 * db_dialect_of().
 *
 * Result codes are the driver's own (DB_*), so the store maps one set of
 * codes to TUNAS_E* whatever the database.
 *
 * Text bound with db_bind_text() must stay valid until the statement is
 * reset (like SQLITE_STATIC). Pointers returned by the column readers are
 * borrowed and valid until the next step or reset of that statement.
 */
#ifndef TUNAS_DB_H
#define TUNAS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DB_SQLITE = 1, DB_POSTGRES } db_dialect;

enum {
	DB_OK = 0,
	DB_ERROR,	/* anything else; the message says what */
	DB_NOMEM,	/* out of memory */
	DB_TOOBIG,	/* a value beyond the driver's limits */
	DB_BUSY,	/* the database stayed locked past the timeout */
	DB_UNIQUE,	/* a unique or primary key constraint */
	DB_FOREIGN_KEY, /* a row refers to one that does not exist */
	DB_TRIGGER,	/* a trigger refused the change */
	DB_CONSTRAINT,	/* another constraint (CHECK, NOT NULL) */
	DB_ROW = 100,	/* step: a row is ready */
	DB_DONE = 101,	/* step: no (more) rows */
};

/* Column types, as far as the store needs to know them. */
typedef enum { DB_NULL = 0, DB_INTEGER, DB_FLOAT, DB_TEXT, DB_BLOB } db_type;

typedef struct db db;
typedef struct db_stmt db_stmt;

typedef struct {
	void (*close)(db *d);
	int (*prepare)(db *d, db_stmt **out, const char *sql);
	int (*exec)(db *d, const char *sql); /* statements without parameters or rows */
	const char *(*errmsg)(db *d);
	int64_t (*changes)(db *d); /* rows changed by the last statement */
	bool (*in_transaction)(db *d);

	void (*finalize)(db_stmt *st);
	int (*param_count)(db_stmt *st);
	int (*bind_i64)(db_stmt *st, int i, int64_t v);
	int (*bind_double)(db_stmt *st, int i, double v);
	int (*bind_text)(db_stmt *st, int i, const char *v, size_t len);
	int (*bind_blob)(db_stmt *st, int i, const void *v, size_t len);
	int (*bind_null)(db_stmt *st, int i);
	int (*step)(db_stmt *st);
	void (*reset)(db_stmt *st); /* ready to run again, bindings cleared */
	int (*col_count)(db_stmt *st);
	const char *(*col_name)(db_stmt *st, int col);
	db_type (*col_type)(db_stmt *st, int col);
	int64_t (*col_i64)(db_stmt *st, int col); /* NULL reads as 0 */
	double (*col_double)(db_stmt *st, int col);
	const unsigned char *(*col_text)(db_stmt *st, int col); /* NULL for NULL */
	const void *(*col_blob)(db_stmt *st, int col);
	int (*col_bytes)(db_stmt *st, int col); /* of col_text or col_blob */
} db_ops;

struct db {
	const db_ops *ops;
	db_dialect dialect;
};

struct db_stmt {
	const db_ops *ops;
};

/* Open SQLite at `path` (created 0600 if missing; WAL, foreign keys, busy
 * timeout) or ":memory:". On failure *out is NULL and err says why. */
int db_sqlite_open(db **out, const char *path, char *err, size_t errlen);

/* Connect to PostgreSQL with a libpq connection string or URI. */
int db_pg_open(db **out, const char *conninfo, char *err, size_t errlen);

static inline db_dialect db_dialect_of(const db *d)
{
	return d->dialect;
}

static inline void db_close(db *d)
{
	if (d != NULL)
		d->ops->close(d);
}

static inline int db_prepare(db *d, db_stmt **out, const char *sql)
{
	return d->ops->prepare(d, out, sql);
}

static inline int db_exec(db *d, const char *sql)
{
	return d->ops->exec(d, sql);
}

static inline const char *db_errmsg(db *d)
{
	return d->ops->errmsg(d);
}

static inline int64_t db_changes(db *d)
{
	return d->ops->changes(d);
}

static inline bool db_in_transaction(db *d)
{
	return d->ops->in_transaction(d);
}

static inline void db_finalize(db_stmt *st)
{
	if (st != NULL)
		st->ops->finalize(st);
}

static inline int db_param_count(db_stmt *st)
{
	return st->ops->param_count(st);
}

static inline int db_bind_i64(db_stmt *st, int i, int64_t v)
{
	return st->ops->bind_i64(st, i, v);
}

static inline int db_bind_double(db_stmt *st, int i, double v)
{
	return st->ops->bind_double(st, i, v);
}

static inline int db_bind_text(db_stmt *st, int i, const char *v, size_t len)
{
	return st->ops->bind_text(st, i, v, len);
}

static inline int db_bind_blob(db_stmt *st, int i, const void *v, size_t len)
{
	return st->ops->bind_blob(st, i, v, len);
}

static inline int db_bind_null(db_stmt *st, int i)
{
	return st->ops->bind_null(st, i);
}

static inline int db_step(db_stmt *st)
{
	return st->ops->step(st);
}

static inline void db_reset(db_stmt *st)
{
	st->ops->reset(st);
}

static inline int db_col_count(db_stmt *st)
{
	return st->ops->col_count(st);
}

static inline const char *db_col_name(db_stmt *st, int col)
{
	return st->ops->col_name(st, col);
}

static inline db_type db_col_type(db_stmt *st, int col)
{
	return st->ops->col_type(st, col);
}

static inline int64_t db_col_i64(db_stmt *st, int col)
{
	return st->ops->col_i64(st, col);
}

static inline double db_col_double(db_stmt *st, int col)
{
	return st->ops->col_double(st, col);
}

static inline const unsigned char *db_col_text(db_stmt *st, int col)
{
	return st->ops->col_text(st, col);
}

static inline const void *db_col_blob(db_stmt *st, int col)
{
	return st->ops->col_blob(st, col);
}

static inline int db_col_bytes(db_stmt *st, int col)
{
	return st->ops->col_bytes(st, col);
}

#endif
