/*
 * ctx.h — the private side of the context handle, shared by the library's
 * modules and nothing else.
 *
 * A context owns its store connection, the caller's principal and the last
 * error. This header also carries the helpers every module uses: setting an
 * error, running a write transaction that records its audit entry, and the
 * role checks that turn a principal into a store scope.
 */
#ifndef TUNAS_CTX_H
#define TUNAS_CTX_H

#include <jansson.h>

#include "store/store.h"
#include "tunas/tunas.h"

struct tunas_ctx {
	tunas_store *store;
	tunas_principal who;
	char errmsg[512];
	char errfield[64];
	int tx_depth;	  /* 0: none; 1: a transaction; more: savepoints in it */
	bool in_snapshot; /* a read transaction from tunas_snapshot_begin */
	/* The audit chain's head, known while a transaction is open (only
	 * this transaction can move it then). */
	bool head_known;
	int64_t head_seq;
	unsigned char head_hash[32];
	/* Certificates (cert.c): where the issuer keys live and the public
	 * base URL credentials point to. Defaults from the database path. */
	char key_dir[512];
	char base_url[256];
};

/* Record an error on ctx and return `code` (so callers can
 * `return tunas_ctx_fail(...)`). `field` may be NULL. */
int tunas_ctx_fail(tunas_ctx *ctx, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Map a store failure to ctx's error; returns rc. ENOTFOUND gets `what`
 * ("person 12 not found"). */
int tunas_ctx_store_fail(tunas_ctx *ctx, int rc, const char *what);
void tunas_ctx_clear(tunas_ctx *ctx);

/* Begin a write transaction; tunas_tx_finish commits if rc == 0 and rolls
 * back otherwise, returning rc (or the commit's failure). Calls nest: inside
 * an open transaction they make a savepoint, so an inner failure undoes
 * only its own writes (bulk import relies on this). */
int tunas_tx_begin(tunas_ctx *ctx);
int tunas_tx_finish(tunas_ctx *ctx, int rc);

/*
 * Append an audit entry for the current principal inside the open write
 * transaction. `detail` is a JSON object (stolen; may be NULL) that must
 * hold no unmasked personal data.
 */
int tunas_audit_record(tunas_ctx *ctx, const char *action, const char *object_type,
		       int64_t object_id, json_t *detail);

/* Role helpers. */
bool tunas_is_sysadmin(const tunas_ctx *ctx);
bool tunas_has_role(const tunas_ctx *ctx, tunas_role role);
/* EAUTH unless a principal is set. */
int tunas_require_signed_in(tunas_ctx *ctx);
/* The scope of people and enrolments the caller may see. */
void tunas_access_scope(const tunas_ctx *ctx, tunas_scope *out);
/* May the caller see the full national ID of people in scope? */
bool tunas_access_sees_national_id(const tunas_ctx *ctx, int64_t person_id);

/* Copy src into a fixed buffer of size cap; false if it did not fit. */
bool tunas_copy(char *dst, size_t cap, const char *src);

#endif
