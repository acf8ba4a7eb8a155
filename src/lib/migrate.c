/*
 * migrate.c — moving a database to another store and proving the copy
 * (migrate.h). The store copies and digests tables (store/sql_copy.h);
 * this module holds the rules: who may, that the target is empty and at
 * the same schema version, that everything happens in one source snapshot
 * and one target transaction, and that nothing commits unverified. The
 * copy's audit chain is checked by tunas_audit_verify(), the same walk
 * `tunas audit verify` does.
 */
#include "tunas/migrate.h"

#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "store/sql_copy.h"

_Static_assert(TUNAS_STORE_COPY_DIGEST_LEN == TUNAS_HASH_LEN, "digests are BLAKE2b-256");

bool tunas_migrate_skipped(size_t i, const char **name, const char **why)
{
	return tunas_store_copy_skipped(i, name, why);
}

/* Append "; " and a formatted note to a message buffer, as far as it fits. */
static void note(char *buf, size_t cap, const char *table, const char *what, long long a,
		 long long b)
{
	size_t len = strlen(buf);

	if (len + 1 >= cap)
		return;
	snprintf(buf + len, cap - len, "%s%s: %s (%lld rows, copy %lld)", len ? "; " : "", table,
		 what, a, b);
}

/* Every table's count and digest on both sides; a message naming each
 * table that differs, empty when none does. */
static int verify_tables(tunas_ctx *ctx, tunas_ctx *dst, tunas_migrate_report *rep, char *diff,
			 size_t cap)
{
	unsigned char a[TUNAS_HASH_LEN], b[TUNAS_HASH_LEN];
	int64_t na, nb;
	int rc;

	diff[0] = '\0';
	for (size_t i = 0; i < rep->n_tables; i++) {
		const char *name = rep->tables[i].name;

		rc = tunas_store_copy_digest(ctx->store, i, &na, a);
		if (rc != 0)
			return tunas_ctx_fail(ctx, rc, NULL, "source: digest of %s: %s", name,
					      ctx->store->errmsg);
		rc = tunas_store_copy_digest(dst->store, i, &nb, b);
		if (rc != 0)
			return tunas_ctx_fail(ctx, rc, NULL, "target: digest of %s: %s", name,
					      dst->store->errmsg);
		if (na != nb)
			note(diff, cap, name, "row counts differ", (long long)na, (long long)nb);
		else if (memcmp(a, b, sizeof(a)) != 0)
			note(diff, cap, name, "contents differ", (long long)na, (long long)nb);
		/* The count the report shows is the verified one. */
		rep->tables[i].rows = na;
	}
	return 0;
}

/* The copy's audit chain: intact, and ending where the source's ends. */
static int verify_audit(tunas_ctx *ctx, tunas_ctx *dst, tunas_migrate_report *rep)
{
	unsigned char src_hash[TUNAS_HASH_LEN], dst_hash[TUNAS_HASH_LEN];
	int64_t src_seq = 0, dst_seq = 0, count = 0, bad = 0;
	int rc;

	rc = tunas_audit_verify(dst, &count, &bad);
	if (rc == TUNAS_ECONFLICT)
		return tunas_ctx_fail(ctx, rc, NULL,
				      "verification failed, nothing committed: the copy's audit"
				      " chain is broken at entry %lld",
				      (long long)bad);
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "target: %s", tunas_errmsg(dst));
	rc = ctx->store->ops->audit_head(ctx->store, &src_seq, src_hash);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "source audit head");
	rc = dst->store->ops->audit_head(dst->store, &dst_seq, dst_hash);
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "target: audit head: %s", dst->store->errmsg);
	if (src_seq != dst_seq || count != src_seq ||
	    memcmp(src_hash, dst_hash, TUNAS_HASH_LEN) != 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				      "verification failed, nothing committed: the audit chain's"
				      " head differs (source seq %lld, copy seq %lld)",
				      (long long)src_seq, (long long)dst_seq);
	rep->audit_seq = src_seq;
	memcpy(rep->audit_hash, src_hash, TUNAS_HASH_LEN);
	return 0;
}

/* Copy and verify inside dst's open write transaction; ctx reads its
 * snapshot. */
static int copy_and_verify(tunas_ctx *ctx, tunas_ctx *dst, tunas_migrate_report *rep)
{
	char diff[400];
	int64_t n;
	int rc, first = -1;

	rc = tunas_store_copy_first_nonempty(dst->store, &first);
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "target: %s", dst->store->errmsg);
	if (first >= 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "target",
				      "is not empty (table %s has rows); migrate only"
				      " into a new, empty database",
				      tunas_store_copy_table_name((size_t)first));
	for (size_t i = 0; i < rep->n_tables; i++) {
		rc = tunas_store_copy_rows(dst->store, ctx->store, i, &n);
		if (rc != 0)
			return tunas_ctx_fail(ctx, rc, NULL, "copying %s: %s", rep->tables[i].name,
					      dst->store->errmsg);
	}
	rc = verify_tables(ctx, dst, rep, diff, sizeof(diff));
	if (rc != 0)
		return rc;
	if (diff[0] != '\0')
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				      "verification failed, nothing committed: %s", diff);
	for (size_t i = 0; i < rep->n_tables; i++)
		rep->rows += rep->tables[i].rows;
	rc = verify_audit(ctx, dst, rep);
	if (rc != 0)
		return rc;
	/* Only now: PostgreSQL's sequences do not roll back. */
	rc = tunas_store_copy_sequences(dst->store);
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "target: identity sequences: %s",
				      dst->store->errmsg);
	rc = tunas_audit_record(dst, "store.migrate", "store", 0,
				json_pack("{s:s, s:I, s:I, s:I}", "from", rep->source, "schema",
					  (json_int_t)rep->schema_version, "tables",
					  (json_int_t)rep->n_tables, "rows",
					  (json_int_t)rep->rows));
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, NULL, "target: %s", tunas_errmsg(dst));
	rep->recorded_seq = rep->audit_seq + 1;
	return 0;
}

int tunas_migrate(tunas_ctx *ctx, const char *target_uri, tunas_migrate_report *out)
{
	tunas_migrate_report rep;
	tunas_ctx *dst = NULL;
	int64_t dst_version = 0;
	bool own_snapshot = false;
	char err[512] = "";
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins migrate the database");
	if (target_uri == NULL || target_uri[0] == '\0')
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "target", "is required");
	if (ctx->tx_depth > 0)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				      "cannot migrate inside a transaction");
	memset(&rep, 0, sizeof(rep));
	rep.n_tables = tunas_store_copy_table_count();
	if (rep.n_tables > TUNAS_MIGRATE_TABLES_MAX)
		return tunas_ctx_fail(ctx, TUNAS_ERROR, NULL, "too many tables to report");
	for (size_t i = 0; i < rep.n_tables; i++)
		tunas_copy(rep.tables[i].name, sizeof(rep.tables[i].name),
			   tunas_store_copy_table_name(i));

	/* Opening it brings the target to this program's schema. The URI may
	 * hold a password: it is never repeated in a message. */
	rc = tunas_open(&dst, target_uri, err, sizeof(err));
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, "target", "cannot open the target: %s", err);
	tunas_set_principal(dst, &ctx->who);
	snprintf(rep.source, sizeof(rep.source), "%s", tunas_store_copy_dialect(ctx->store));
	snprintf(rep.target, sizeof(rep.target), "%s", tunas_store_copy_dialect(dst->store));

	/* A table the list does not know would be left behind: refuse. */
	if ((rc = tunas_store_copy_check(ctx->store)) != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "source: %s", ctx->store->errmsg);
		goto out;
	}
	if ((rc = tunas_store_copy_check(dst->store)) != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "target: %s", dst->store->errmsg);
		goto out;
	}

	/* One snapshot of the source for the copy and its verification. */
	own_snapshot = !ctx->in_snapshot;
	if ((rc = tunas_snapshot_begin(ctx)) != 0) {
		own_snapshot = false;
		goto out;
	}
	rc = tunas_store_copy_schema_version(ctx->store, &rep.schema_version);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "schema version");
		goto out;
	}
	rc = tunas_store_copy_schema_version(dst->store, &dst_version);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "target: %s", dst->store->errmsg);
		goto out;
	}
	if (dst_version != rep.schema_version) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
				    "schema versions differ: source %lld, target %lld",
				    (long long)rep.schema_version, (long long)dst_version);
		goto out;
	}

	/* One write transaction on the target: all of it, or nothing. */
	if ((rc = tunas_tx_begin(dst)) != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "target: %s", tunas_errmsg(dst));
		goto out;
	}
	rc = copy_and_verify(ctx, dst, &rep);
	if (tunas_tx_finish(dst, rc) != 0 && rc == 0)
		rc = tunas_ctx_fail(ctx, TUNAS_ESTORE, NULL, "target: %s", tunas_errmsg(dst));
	if (rc == 0)
		*out = rep;
out:
	if (own_snapshot)
		tunas_snapshot_end(ctx);
	tunas_close(dst);
	return rc;
}
