/*
 * audit.c — the hash-chained audit trail; see audit.h.
 */
#include "tunas/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"

/* Fields are hashed with their lengths so that no two different entries
 * serialise to the same bytes. */
static void hash_str(crypto_generichash_state *st, const char *s)
{
	uint64_t len = strlen(s);
	unsigned char lenbuf[8];

	for (int i = 0; i < 8; i++)
		lenbuf[i] = (unsigned char)(len >> (8 * i));
	crypto_generichash_update(st, lenbuf, sizeof(lenbuf));
	crypto_generichash_update(st, (const unsigned char *)s, len);
}

static void hash_i64(crypto_generichash_state *st, int64_t v)
{
	unsigned char buf[8];
	uint64_t u = (uint64_t)v;

	for (int i = 0; i < 8; i++)
		buf[i] = (unsigned char)(u >> (8 * i));
	crypto_generichash_update(st, buf, sizeof(buf));
}

void tunas_audit_hash(unsigned char out[TUNAS_HASH_LEN], const tunas_audit_entry *e)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, TUNAS_HASH_LEN);
	crypto_generichash_update(&st, e->prev_hash, TUNAS_HASH_LEN);
	hash_i64(&st, e->seq);
	hash_i64(&st, e->at);
	hash_i64(&st, e->actor_id);
	hash_str(&st, e->actor_name);
	hash_str(&st, e->action);
	hash_str(&st, e->object_type);
	hash_i64(&st, e->object_id);
	hash_str(&st, e->detail);
	crypto_generichash_final(&st, out, TUNAS_HASH_LEN);
}

int tunas_audit_record(tunas_ctx *ctx, const char *action, const char *object_type,
		       int64_t object_id, json_t *detail)
{
	tunas_audit_entry e;
	char *text = NULL;
	int rc;

	memset(&e, 0, sizeof(e));
	if (ctx->head_known) {
		e.seq = ctx->head_seq;
		memcpy(e.prev_hash, ctx->head_hash, TUNAS_HASH_LEN);
	} else {
		rc = ctx->store->ops->audit_head(ctx->store, &e.seq, e.prev_hash);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "audit head");
			goto out;
		}
	}
	e.seq++;
	e.at = tunas_now();
	e.actor_id = ctx->who.user_id;
	tunas_copy(e.actor_name, sizeof(e.actor_name), ctx->who.username);
	tunas_copy(e.action, sizeof(e.action), action);
	tunas_copy(e.object_type, sizeof(e.object_type), object_type);
	e.object_id = object_id;
	if (detail != NULL) {
		text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
		if (text == NULL) {
			rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
			goto out;
		}
		if (!tunas_copy(e.detail, sizeof(e.detail), text)) {
			/* Too long to keep whole: record that it was cut
			 * rather than storing half a JSON document. */
			snprintf(e.detail, sizeof(e.detail), "{\"truncated\":true}");
		}
	} else {
		snprintf(e.detail, sizeof(e.detail), "{}");
	}
	tunas_audit_hash(e.hash, &e);
	rc = ctx->store->ops->audit_append(ctx->store, &e);
	if (rc != 0) {
		ctx->head_known = false;
		rc = tunas_ctx_store_fail(ctx, rc, "audit entry");
		goto out;
	}
	/* The write lock is held until commit, so nobody else can append:
	 * the next entry of this transaction chains on without a query. */
	ctx->head_known = ctx->tx_depth > 0;
	ctx->head_seq = e.seq;
	memcpy(ctx->head_hash, e.hash, TUNAS_HASH_LEN);
out:
	free(text);
	json_decref(detail);
	return rc;
}

int tunas_audit_list(tunas_ctx *ctx, tunas_audit_entry **out, size_t *n, const tunas_page *page)
{
	int rc;

	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins read the audit trail");
	rc = ctx->store->ops->audit_list(ctx->store, out, n, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "audit") : 0;
}

int tunas_audit_verify(tunas_ctx *ctx, int64_t *count, int64_t *bad_seq)
{
	unsigned char prev[TUNAS_HASH_LEN] = {0};
	unsigned char h[TUNAS_HASH_LEN];
	tunas_page page = {.after_id = 0, .limit = TUNAS_PAGE_MAX};
	int64_t seen = 0, expect_seq = 1;
	int rc;

	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins verify the audit trail");
	for (;;) {
		tunas_audit_entry *rows = NULL;
		size_t n = 0;

		rc = ctx->store->ops->audit_list(ctx->store, &rows, &n, &page);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "audit");
		for (size_t i = 0; i < n; i++) {
			const tunas_audit_entry *e = &rows[i];

			tunas_audit_hash(h, e);
			if (e->seq != expect_seq ||
			    memcmp(e->prev_hash, prev, TUNAS_HASH_LEN) != 0 ||
			    memcmp(e->hash, h, TUNAS_HASH_LEN) != 0) {
				*bad_seq = e->seq != expect_seq ? expect_seq : e->seq;
				*count = seen;
				free(rows);
				return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL,
						      "audit chain broken at entry %lld",
						      (long long)*bad_seq);
			}
			memcpy(prev, e->hash, TUNAS_HASH_LEN);
			expect_seq++;
			seen++;
		}
		if (n > 0)
			page.after_id = rows[n - 1].seq;
		free(rows);
		if (n < (size_t)page.limit)
			break;
	}
	*count = seen;
	*bad_seq = 0;
	return TUNAS_OK;
}
