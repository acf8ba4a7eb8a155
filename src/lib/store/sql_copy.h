/*
 * sql_copy.h — copying a whole database from one SQL store to another and
 * proving the copy equal (store_sql_copy.c), for `tunas migrate`
 * (src/lib/migrate.c, which holds the rules: who may, what must be empty,
 * when to commit).
 *
 * The store owns the list of tables a migration copies: each with its
 * column count, its primary key (the order rows are read and digested in)
 * and its identity column, in an order that satisfies every foreign key.
 * Three tables are left out on purpose (schema_migrations, skills_generation,
 * rate_bucket); tunas_store_copy_check() refuses a live schema that has a table or
 * column the list does not know, so the list cannot fall behind a new
 * migration unnoticed.
 *
 * Nothing here opens or ends a transaction: the caller reads the source in
 * one snapshot and writes the target in one write transaction. Every
 * function takes stores opened by tunas_store_open() and returns 0 or a
 * TUNAS_E* code with the message in the store's errmsg.
 */
#ifndef TUNAS_SQL_COPY_H
#define TUNAS_SQL_COPY_H

#include "store/store.h"

#define TUNAS_STORE_COPY_DIGEST_LEN 32

/* How many tables a migration copies, and the name of the i-th in copy
 * order (borrowed, static; NULL past the end). */
size_t tunas_store_copy_table_count(void);
const char *tunas_store_copy_table_name(size_t i);

/* The i-th table left out and why (static strings); false past the end. */
bool tunas_store_copy_skipped(size_t i, const char **name, const char **why);

/* "sqlite" or "postgresql". */
const char *tunas_store_copy_dialect(tunas_store *s);

/* 0 if the live schema has exactly the listed and left-out tables, with
 * the listed column counts (and, on PostgreSQL, identity columns);
 * TUNAS_ECONFLICT naming the first difference otherwise. */
int tunas_store_copy_check(tunas_store *s);

/* The newest schema migration applied. */
int tunas_store_copy_schema_version(tunas_store *s, int64_t *out);

/* The first listed table that has a row (its index in *out), or -1 in *out
 * when all are empty. */
int tunas_store_copy_first_nonempty(tunas_store *s, int *out);

/* Copy every row of table i from src into dst, parents before children;
 * rows read in *rows. */
int tunas_store_copy_rows(tunas_store *dst, tunas_store *src, size_t i, int64_t *rows);

/* Table i's row count and BLAKE2b-256 content digest over its rows in
 * primary key order, values normalised so that equal data gives equal
 * digests in either database: integers (and integral reals) as int64,
 * other reals as "%.17g", text and blobs as their bytes, NULL tagged. */
int tunas_store_copy_digest(tunas_store *s, size_t i, int64_t *rows,
			    unsigned char digest[TUNAS_STORE_COPY_DIGEST_LEN]);

/* On PostgreSQL, move every identity sequence to its table's largest key
 * so that new rows do not collide with copied ones; nothing on SQLite.
 * Not undone by a rollback: call it once the copy is known good. */
int tunas_store_copy_sequences(tunas_store *s);

#endif
