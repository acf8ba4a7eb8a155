/*
 * migrate.h — moving a whole database to another store (`tunas migrate`):
 * SQLite to PostgreSQL, back, or between two of the same kind.
 *
 * The target must be new or empty. Everything is copied from one read
 * snapshot of the source inside one write transaction on the target, and
 * verified before that transaction commits: each table's row count and
 * content digest equal the source's, and the copy's audit chain is intact
 * with the same head as the source's. Only then is the migration recorded
 * in the target's audit trail and committed; any difference rolls it all
 * back. What is left out (the schema's migration record, a cache and
 * rate-limit buckets) and why is in docs/MIGRATE.md and
 * tunas_migrate_skipped().
 */
#ifndef TUNAS_MIGRATE_H
#define TUNAS_MIGRATE_H

#include "tunas/audit.h"
#include "tunas/tunas.h"

#define TUNAS_MIGRATE_TABLES_MAX 96

typedef struct {
	char name[TUNAS_CODE_MAX + 1];
	int64_t rows;
} tunas_migrate_table;

typedef struct {
	char source[16], target[16]; /* "sqlite" or "postgresql" */
	int64_t schema_version;	     /* the same on both */
	size_t n_tables;
	tunas_migrate_table tables[TUNAS_MIGRATE_TABLES_MAX]; /* in copy order */
	int64_t rows;					      /* over every table */
	/* The audit chain's head as copied and verified, equal to the
	 * source's; the entry recording the migration follows it. */
	int64_t audit_seq;
	unsigned char audit_hash[TUNAS_HASH_LEN];
	int64_t recorded_seq;
} tunas_migrate_report;

/*
 * Copy the database of `ctx` into the store at `target_uri` (an SQLite path
 * or a postgres:// URI, opened and brought to this program's schema) and
 * verify the copy; system admins (the local operator) only. Returns 0 with
 * *out filled when the copy is verified and committed. Otherwise nothing
 * was committed: TUNAS_EPERM, TUNAS_EINVAL (no target), TUNAS_ECONFLICT
 * (the target holds data, the schemas differ, or the verification found a
 * difference: the message says which tables), or the store's error.
 */
int tunas_migrate(tunas_ctx *ctx, const char *target_uri, tunas_migrate_report *out);

/* The i-th table a migration leaves out, and why (static strings); false
 * past the end. */
bool tunas_migrate_skipped(size_t i, const char **name, const char **why);

#endif
