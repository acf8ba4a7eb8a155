/*
 * sql_int.h — what the files of the SQL store share: the store object, its
 * statement cache, and the helpers that bind values, read columns and map
 * the driver's result codes (db.h) to TUNAS_E* codes.
 *
 * The store is written once, in SQL both SQLite and PostgreSQL run, over
 * the driver interface of db.h. store_sql.c holds the connection,
 * migrations and the foundation's operations; each later area
 * (store_sql_delivery.c, ...) adds its own statements in its own slot
 * range and its operations, which store_sql.c puts in the operations
 * table. Where the two databases need different SQL, sql_pick() chooses.
 */
#ifndef TUNAS_SQL_INT_H
#define TUNAS_SQL_INT_H

#include "store/db.h"
#include "store/store.h"
#include "util/mem.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statement slots: store_sql.c's own statements take the first
 * SQ_CORE_SLOTS, each further file of the SQLite store a range after. */
#define SQ_CORE_SLOTS 160
#define SQ_DELIVERY_SLOTS 100 /* store_sql_delivery.c */
#define SQ_SKILLS_BASE (SQ_CORE_SLOTS + SQ_DELIVERY_SLOTS)
#define SQ_SKILLS_SLOTS 80 /* store_sql_skills.c */
#define SQ_TRAINERS_BASE (SQ_SKILLS_BASE + SQ_SKILLS_SLOTS)
#define SQ_TRAINERS_SLOTS 60 /* store_sql_trainers.c */
#define SQ_COMPETE_BASE (SQ_TRAINERS_BASE + SQ_TRAINERS_SLOTS)
#define SQ_COMPETE_SLOTS 60 /* store_sql_compete.c */
#define SQ_FUNDING_BASE (SQ_COMPETE_BASE + SQ_COMPETE_SLOTS)
#define SQ_FUNDING_SLOTS 60 /* store_sql_funding.c */
#define SQ_SLOTS (SQ_FUNDING_BASE + SQ_FUNDING_SLOTS)

typedef struct {
	tunas_store base; /* first: a tunas_store * is a sql_store * */
	db *db;
	db_stmt *st[SQ_SLOTS];
} sql_store;

static inline sql_store *to_sql(tunas_store *s)
{
	return (sql_store *)s;
}

static inline void set_msg(sql_store *s, const char *msg)
{
	snprintf(s->base.errmsg, sizeof(s->base.errmsg), "%s", msg ? msg : "");
}

/* Map a driver result code to a TUNAS_E* code and keep its message. */
static inline int fail(sql_store *s, int rc)
{
	set_msg(s, rc == DB_NOMEM ? "out of memory" : db_errmsg(s->db));
	switch (rc) {
	case DB_UNIQUE:
		return TUNAS_ECONFLICT;
	case DB_FOREIGN_KEY:
		/* The row refers to an object that does not exist. */
		return TUNAS_ENOTFOUND;
	case DB_NOMEM:
		return TUNAS_ENOMEM;
	default:
		return TUNAS_ESTORE;
	}
}

/* The SQL for this database: most statements are one text for both; the
 * few that cannot be (json_each against arrays, say) give two. */
static inline const char *sql_pick(const sql_store *s, const char *sqlite_sql, const char *pg_sql)
{
	return db_dialect_of(s->db) == DB_POSTGRES ? pg_sql : sqlite_sql;
}

static inline int not_found(sql_store *s)
{
	set_msg(s, "not found");
	return TUNAS_ENOTFOUND;
}

static inline int no_memory(sql_store *s)
{
	set_msg(s, "out of memory");
	return TUNAS_ENOMEM;
}

static inline int invalid(sql_store *s, const char *msg)
{
	set_msg(s, msg);
	return TUNAS_EINVAL;
}

/* The statement in `slot`, prepared on first use and cached: from `sql`,
 * or on PostgreSQL from `pg_sql` when the dialects differ (else NULL). */
static inline int stmt_slot2(sql_store *s, db_stmt **out, int slot, const char *sql,
			     const char *pg_sql)
{
	int rc;

	if (s->st[slot] == NULL) {
		rc = db_prepare(s->db, &s->st[slot],
				pg_sql != NULL ? sql_pick(s, sql, pg_sql) : sql);
		if (rc != DB_OK)
			return fail(s, rc);
	}
	*out = s->st[slot];
	return 0;
}

static inline int stmt_slot(sql_store *s, db_stmt **out, int slot, const char *sql)
{
	return stmt_slot2(s, out, slot, sql, NULL);
}

/* Make a used statement ready for the next call. Accepts NULL. */
static inline void done(db_stmt *st)
{
	if (st != NULL)
		db_reset(st);
}

/*
 * Binding: each call is a no-op once one has failed, so a run of binds is
 * checked once. Strings are bound without a copy: the caller's buffers
 * outlive the step, and done() clears the bindings.
 */
typedef struct {
	db_stmt *st;
	int rc;
} binder;

static inline void bind_i64(binder *b, int i, int64_t v)
{
	if (b->rc == DB_OK)
		b->rc = db_bind_i64(b->st, i, v);
}

static inline void bind_null(binder *b, int i)
{
	if (b->rc == DB_OK)
		b->rc = db_bind_null(b->st, i);
}

/* A reference to another row: 0 means none, stored as NULL. */
static inline void bind_ref(binder *b, int i, int64_t id)
{
	if (id == 0)
		bind_null(b, i);
	else
		bind_i64(b, i, id);
}

/* Text from a buffer of `size` bytes that may lack its terminator. */
static inline void bind_text(binder *b, int i, const char *v, size_t size)
{
	size_t len;

	if (b->rc != DB_OK)
		return;
	if (v == NULL) {
		b->rc = db_bind_null(b->st, i);
		return;
	}
	len = strnlen(v, size);
	b->rc = db_bind_text(b->st, i, v, len);
}

/* Optional text (dates): empty is NULL. */
static inline void bind_opt(binder *b, int i, const char *v, size_t size)
{
	if (v == NULL || v[0] == '\0')
		bind_null(b, i);
	else
		bind_text(b, i, v, size);
}

static inline void bind_hash(binder *b, int i, const unsigned char *v)
{
	if (b->rc == DB_OK)
		b->rc = db_bind_blob(b->st, i, v, TUNAS_HASH_LEN);
}

#define BIND_STR(b, i, field) bind_text((b), (i), (field), sizeof(field))
#define BIND_OPT(b, i, field) bind_opt((b), (i), (field), sizeof(field))

/* Copy column text into dst[size], truncated at a UTF-8 character boundary
 * if too long; NULL reads as "". */
static inline void col_text(char *dst, size_t size, db_stmt *st, int col)
{
	const unsigned char *t;
	size_t len;

	if (size == 0)
		return;
	t = db_col_text(st, col);
	if (t == NULL) {
		dst[0] = '\0';
		return;
	}
	len = (size_t)db_col_bytes(st, col);
	if (len > size - 1) {
		len = size - 1;
		/* Do not cut a multi-byte character in two. */
		while (len > 0 && (t[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, t, len);
	dst[len] = '\0';
}

#define COL_STR(dst, st, col) col_text((dst), sizeof(dst), (st), (col))

static inline int64_t col_i64(db_stmt *st, int col)
{
	return db_col_i64(st, col); /* NULL reads as 0 */
}

static inline int col_int(db_stmt *st, int col)
{
	return (int)db_col_i64(st, col);
}

static inline void col_hash(unsigned char dst[TUNAS_HASH_LEN], db_stmt *st, int col)
{
	const void *v = db_col_blob(st, col);
	int len = db_col_bytes(st, col);

	memset(dst, 0, TUNAS_HASH_LEN);
	if (v != NULL && len > 0)
		memcpy(dst, v, len < TUNAS_HASH_LEN ? (size_t)len : TUNAS_HASH_LEN);
}

/* Step a statement that returns no rows. */
static inline int step_done(sql_store *s, db_stmt *st)
{
	int rc = db_step(st);

	if (rc != DB_DONE)
		return fail(s, rc);
	return 0;
}

/* Step a write that must touch one row: ENOTFOUND if it touched none. */
static inline int step_changed(sql_store *s, db_stmt *st)
{
	int rc = step_done(s, st);

	if (rc == 0 && db_changes(s->db) == 0)
		rc = not_found(s);
	return rc;
}

typedef void (*row_fn)(db_stmt *st, void *dst);

/* Read the first row into *dst (zeroed first); ENOTFOUND if none. */
static inline int fetch_one(sql_store *s, db_stmt *st, size_t size, row_fn row, void *dst)
{
	int rc = db_step(st);

	if (rc == DB_DONE)
		return not_found(s);
	if (rc != DB_ROW)
		return fail(s, rc);
	memset(dst, 0, size);
	row(st, dst);
	return 0;
}

/* Read every row into a new array of `size`-byte elements, first sized for
 * `cap0` rows. An empty result is NULL with *n = 0. */
static inline int fetch_all(sql_store *s, db_stmt *st, size_t size, size_t cap0, row_fn row,
			    void **out, size_t *n)
{
	unsigned char *arr = NULL, *grown;
	size_t cap = 0, len = 0, ncap;
	int rc = 0, step;

	while ((step = db_step(st)) == DB_ROW) {
		if (len == cap) {
			ncap = cap ? cap * 2 : (cap0 ? cap0 : 16);
			if (ncap > SIZE_MAX / size) {
				rc = no_memory(s);
				goto out;
			}
			grown = tunas_reallocarray(arr, ncap, size);
			if (grown == NULL) {
				rc = no_memory(s);
				goto out;
			}
			arr = grown;
			cap = ncap;
		}
		memset(arr + len * size, 0, size);
		row(st, arr + len * size);
		len++;
	}
	if (step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	if (len == 0) {
		free(arr);
		arr = NULL;
	}
	*out = arr;
	*n = len;
	arr = NULL;
out:
	free(arr);
	return rc;
}

/* Step an INSERT whose values are bound in *b. With out_id, the INSERT
 * ends in "RETURNING id" (both databases have it; PostgreSQL has no
 * last-insert-rowid) and the new row's id goes to *out_id. */
static inline int step_insert(sql_store *s, db_stmt *st, binder *b, int64_t *out_id)
{
	int step;

	if (b->rc != DB_OK)
		return fail(s, b->rc);
	step = db_step(st);
	if (step == DB_ROW) {
		if (out_id != NULL)
			*out_id = db_col_i64(st, 0);
		return 0;
	}
	if (step != DB_DONE)
		return fail(s, step);
	if (out_id != NULL) {
		set_msg(s, "the insert returned no id");
		return TUNAS_ESTORE;
	}
	return 0;
}

/* Run a prepared statement with ?1 = a (when it has parameters) and read
 * its first row (fetch_one_by) or every row (fetch_all_by); the statement
 * is made ready again in every case. */
static inline int fetch_one_by(sql_store *s, db_stmt *st, int64_t a, size_t size, row_fn row,
			       void *dst)
{
	binder b = {st, DB_OK};
	int rc;

	if (db_param_count(st) >= 1)
		bind_i64(&b, 1, a);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, dst);
	done(st);
	return rc;
}

static inline int fetch_all_by(sql_store *s, db_stmt *st, int64_t a, size_t size, row_fn row,
			       void **out, size_t *n)
{
	binder b = {st, DB_OK};
	int rc;

	if (db_param_count(st) >= 1)
		bind_i64(&b, 1, a);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_all(s, st, size, 0, row, out, n);
	done(st);
	return rc;
}

/* Page arguments, clamped to what the interface promises. */
static inline void page_args(const tunas_page *page, int64_t *after, int64_t *limit)
{
	*after = page ? page->after_id : 0;
	*limit = page ? page->limit : TUNAS_PAGE_MAX;
	if (*limit < 1)
		*limit = 1;
	if (*limit > TUNAS_PAGE_MAX)
		*limit = TUNAS_PAGE_MAX;
}

#endif
