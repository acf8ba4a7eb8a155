/*
 * sqlite_int.h — what the files of the SQLite store share: the store
 * object, its statement cache, and the helpers that bind values, read
 * columns and map SQLite's result codes to TUNAS_E* codes.
 *
 * store_sqlite.c holds the connection, migrations and the foundation's
 * operations; each later area (store_sqlite_delivery.c, ...) adds its own
 * statements in its own slot range and its operations, which
 * store_sqlite.c puts in the operations table.
 */
#ifndef TUNAS_SQLITE_INT_H
#define TUNAS_SQLITE_INT_H

#include "store/store.h"
#include "util/mem.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Statement slots: store_sqlite.c's own statements take the first
 * SQ_CORE_SLOTS, each further file of the SQLite store a range after. */
#define SQ_CORE_SLOTS 160
#define SQ_DELIVERY_SLOTS 100 /* store_sqlite_delivery.c */
#define SQ_SKILLS_BASE (SQ_CORE_SLOTS + SQ_DELIVERY_SLOTS)
#define SQ_SKILLS_SLOTS 80 /* store_sqlite_skills.c */
#define SQ_TRAINERS_BASE (SQ_SKILLS_BASE + SQ_SKILLS_SLOTS)
#define SQ_TRAINERS_SLOTS 60 /* store_sqlite_trainers.c */
#define SQ_COMPETE_BASE (SQ_TRAINERS_BASE + SQ_TRAINERS_SLOTS)
#define SQ_COMPETE_SLOTS 60 /* store_sqlite_compete.c */
#define SQ_FUNDING_BASE (SQ_COMPETE_BASE + SQ_COMPETE_SLOTS)
#define SQ_FUNDING_SLOTS 60 /* store_sqlite_funding.c */
#define SQ_SLOTS (SQ_FUNDING_BASE + SQ_FUNDING_SLOTS)

typedef struct {
	tunas_store base; /* first: a tunas_store * is a sqlite_store * */
	sqlite3 *db;
	sqlite3_stmt *st[SQ_SLOTS];
} sqlite_store;

static inline sqlite_store *to_sqlite(tunas_store *s)
{
	return (sqlite_store *)s;
}

static inline void set_msg(sqlite_store *s, const char *msg)
{
	snprintf(s->base.errmsg, sizeof(s->base.errmsg), "%s", msg ? msg : "");
}

/* Map an SQLite result code to a TUNAS_E* code and keep its message. */
static inline int fail(sqlite_store *s, int rc)
{
	set_msg(s, s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	switch (rc) {
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return TUNAS_ECONFLICT;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		/* The row refers to an object that does not exist. */
		return TUNAS_ENOTFOUND;
	default:
		break;
	}
	if ((rc & 0xff) == SQLITE_NOMEM)
		return TUNAS_ENOMEM;
	return TUNAS_ESTORE;
}

static inline int not_found(sqlite_store *s)
{
	set_msg(s, "not found");
	return TUNAS_ENOTFOUND;
}

static inline int no_memory(sqlite_store *s)
{
	set_msg(s, "out of memory");
	return TUNAS_ENOMEM;
}

static inline int invalid(sqlite_store *s, const char *msg)
{
	set_msg(s, msg);
	return TUNAS_EINVAL;
}

/* The statement in `slot`, prepared from `sql` on first use and cached. */
static inline int stmt_slot(sqlite_store *s, sqlite3_stmt **out, int slot, const char *sql)
{
	int rc;

	if (s->st[slot] == NULL) {
		rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st[slot],
					NULL);
		if (rc != SQLITE_OK)
			return fail(s, rc);
	}
	*out = s->st[slot];
	return 0;
}

/* Make a used statement ready for the next call. Accepts NULL. */
static inline void done(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

/*
 * Binding: each call is a no-op once one has failed, so a run of binds is
 * checked once. Strings are bound SQLITE_STATIC: the caller's buffers
 * outlive the step, and done() clears the bindings.
 */
typedef struct {
	sqlite3_stmt *st;
	int rc;
} binder;

static inline void bind_i64(binder *b, int i, int64_t v)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_int64(b->st, i, v);
}

static inline void bind_null(binder *b, int i)
{
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_null(b->st, i);
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

	if (b->rc != SQLITE_OK)
		return;
	if (v == NULL) {
		b->rc = sqlite3_bind_null(b->st, i);
		return;
	}
	len = strnlen(v, size);
	if (len > INT_MAX) {
		b->rc = SQLITE_TOOBIG;
		return;
	}
	b->rc = sqlite3_bind_text(b->st, i, v, (int)len, SQLITE_STATIC);
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
	if (b->rc == SQLITE_OK)
		b->rc = sqlite3_bind_blob(b->st, i, v, TUNAS_HASH_LEN, SQLITE_STATIC);
}

#define BIND_STR(b, i, field) bind_text((b), (i), (field), sizeof(field))
#define BIND_OPT(b, i, field) bind_opt((b), (i), (field), sizeof(field))

/* Copy column text into dst[size], truncated at a UTF-8 character boundary
 * if too long; NULL reads as "". */
static inline void col_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *t;
	size_t len;

	if (size == 0)
		return;
	t = sqlite3_column_text(st, col);
	if (t == NULL) {
		dst[0] = '\0';
		return;
	}
	len = (size_t)sqlite3_column_bytes(st, col);
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

static inline int64_t col_i64(sqlite3_stmt *st, int col)
{
	return sqlite3_column_int64(st, col); /* NULL reads as 0 */
}

static inline int col_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_int(st, col);
}

static inline void col_hash(unsigned char dst[TUNAS_HASH_LEN], sqlite3_stmt *st, int col)
{
	const void *v = sqlite3_column_blob(st, col);
	int len = sqlite3_column_bytes(st, col);

	memset(dst, 0, TUNAS_HASH_LEN);
	if (v != NULL && len > 0)
		memcpy(dst, v, len < TUNAS_HASH_LEN ? (size_t)len : TUNAS_HASH_LEN);
}

/* Step a statement that returns no rows. */
static inline int step_done(sqlite_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE)
		return fail(s, rc);
	return 0;
}

/* Step a write that must touch one row: ENOTFOUND if it touched none. */
static inline int step_changed(sqlite_store *s, sqlite3_stmt *st)
{
	int rc = step_done(s, st);

	if (rc == 0 && sqlite3_changes(s->db) == 0)
		rc = not_found(s);
	return rc;
}

typedef void (*row_fn)(sqlite3_stmt *st, void *dst);

/* Read the first row into *dst (zeroed first); ENOTFOUND if none. */
static inline int fetch_one(sqlite_store *s, sqlite3_stmt *st, size_t size, row_fn row, void *dst)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_DONE)
		return not_found(s);
	if (rc != SQLITE_ROW)
		return fail(s, rc);
	memset(dst, 0, size);
	row(st, dst);
	return 0;
}

/* Read every row into a new array of `size`-byte elements, first sized for
 * `cap0` rows. An empty result is NULL with *n = 0. */
static inline int fetch_all(sqlite_store *s, sqlite3_stmt *st, size_t size, size_t cap0, row_fn row,
			    void **out, size_t *n)
{
	unsigned char *arr = NULL, *grown;
	size_t cap = 0, len = 0, ncap;
	int rc = 0, step;

	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
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
	if (step != SQLITE_DONE) {
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

/* Step an INSERT whose values are bound in *b; its rowid in *out_id (may
 * be NULL). */
static inline int step_insert(sqlite_store *s, sqlite3_stmt *st, binder *b, int64_t *out_id)
{
	int rc;

	if (b->rc != SQLITE_OK)
		return fail(s, b->rc);
	if ((rc = step_done(s, st)) != 0)
		return rc;
	if (out_id != NULL)
		*out_id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* Run a prepared statement with ?1 = a (when it has parameters) and read
 * its first row (fetch_one_by) or every row (fetch_all_by); the statement
 * is made ready again in every case. */
static inline int fetch_one_by(sqlite_store *s, sqlite3_stmt *st, int64_t a, size_t size,
			       row_fn row, void *dst)
{
	binder b = {st, SQLITE_OK};
	int rc;

	if (sqlite3_bind_parameter_count(st) >= 1)
		bind_i64(&b, 1, a);
	rc = b.rc != SQLITE_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, dst);
	done(st);
	return rc;
}

static inline int fetch_all_by(sqlite_store *s, sqlite3_stmt *st, int64_t a, size_t size,
			       row_fn row, void **out, size_t *n)
{
	binder b = {st, SQLITE_OK};
	int rc;

	if (sqlite3_bind_parameter_count(st) >= 1)
		bind_i64(&b, 1, a);
	rc = b.rc != SQLITE_OK ? fail(s, b.rc) : fetch_all(s, st, size, 0, row, out, n);
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
