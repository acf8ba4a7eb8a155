/*
 * ctx.c — the context handle: opening the store, errors, the principal,
 * transactions, role checks, and the clock.
 */
#include "ctx.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include "util/mem.h"

static int64_t pinned_now;

int tunas_global_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, tunas_store_global_init);
	return sodium_init() < 0 ? TUNAS_ERROR : TUNAS_OK;
}

/* "keys" beside an SQLite database file; for other stores (and
 * :memory:) the working directory's "keys". */
static void default_key_dir(char *out, size_t cap, const char *uri)
{
	const char *slash = strrchr(uri, '/');

	if (strstr(uri, "://") != NULL || strcmp(uri, ":memory:") == 0 || slash == NULL)
		snprintf(out, cap, "keys");
	else
		snprintf(out, cap, "%.*s/keys", (int)(slash - uri), uri);
}

int tunas_open(tunas_ctx **out, const char *uri, char *err, size_t errlen)
{
	tunas_ctx *ctx = NULL;
	tunas_store *store = NULL;
	int rc;

	if (tunas_global_init() != 0) {
		snprintf(err, errlen, "libsodium failed to initialise");
		return TUNAS_ERROR;
	}
	rc = tunas_store_open(&store, uri, err, errlen);
	if (rc != 0)
		return rc;
	ctx = tunas_calloc(1, sizeof(*ctx));
	if (ctx == NULL) {
		store->ops->close(store);
		snprintf(err, errlen, "out of memory");
		return TUNAS_ENOMEM;
	}
	ctx->store = store;
	default_key_dir(ctx->key_dir, sizeof(ctx->key_dir), uri);
	snprintf(ctx->base_url, sizeof(ctx->base_url), "%s", "http://127.0.0.1:8080");
	*out = ctx;
	return TUNAS_OK;
}

void tunas_close(tunas_ctx *ctx)
{
	if (ctx == NULL)
		return;
	if (ctx->store != NULL)
		ctx->store->ops->close(ctx->store);
	tunas_free(ctx);
}

void tunas_set_principal(tunas_ctx *ctx, const tunas_principal *who)
{
	if (who == NULL)
		memset(&ctx->who, 0, sizeof(ctx->who));
	else
		ctx->who = *who;
}

const tunas_principal *tunas_principal_get(const tunas_ctx *ctx)
{
	return &ctx->who;
}

void tunas_principal_operator(tunas_principal *out)
{
	memset(out, 0, sizeof(*out));
	out->role = TUNAS_ROLE_SYSADMIN;
	snprintf(out->username, sizeof(out->username), "%s", "operator");
}

const char *tunas_errmsg(const tunas_ctx *ctx)
{
	return ctx->errmsg;
}

const char *tunas_errfield(const tunas_ctx *ctx)
{
	return ctx->errfield;
}

void tunas_ctx_clear(tunas_ctx *ctx)
{
	ctx->errmsg[0] = '\0';
	ctx->errfield[0] = '\0';
}

int tunas_ctx_fail(tunas_ctx *ctx, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	snprintf(ctx->errfield, sizeof(ctx->errfield), "%s", field ? field : "");
	return code;
}

int tunas_ctx_store_fail(tunas_ctx *ctx, int rc, const char *what)
{
	switch (rc) {
	case TUNAS_ENOTFOUND:
		return tunas_ctx_fail(ctx, rc, NULL, "%s not found", what);
	case TUNAS_ECONFLICT:
		return tunas_ctx_fail(ctx, rc, NULL, "%s already exists", what);
	case TUNAS_ENOMEM:
		return tunas_ctx_fail(ctx, rc, NULL, "out of memory");
	default:
		return tunas_ctx_fail(ctx, rc, NULL, "database error: %s", ctx->store->errmsg);
	}
}

int tunas_snapshot_begin(tunas_ctx *ctx)
{
	int rc;

	if (ctx->in_snapshot || ctx->tx_depth > 0)
		return TUNAS_OK;
	rc = ctx->store->ops->begin(ctx->store, false);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "snapshot");
	ctx->in_snapshot = true;
	return TUNAS_OK;
}

void tunas_snapshot_end(tunas_ctx *ctx)
{
	if (!ctx->in_snapshot)
		return;
	ctx->in_snapshot = false;
	/* Nothing was written: ending it either way only drops the lock. */
	if (ctx->store->ops->commit(ctx->store) != 0)
		ctx->store->ops->rollback(ctx->store);
}

int tunas_lock_pin(tunas_ctx *ctx)
{
	int rc;

	if (ctx->store->ops->pin == NULL || ctx->in_snapshot || ctx->tx_depth > 0)
		return TUNAS_OK;
	rc = ctx->store->ops->pin(ctx->store, true);
	return rc ? tunas_ctx_store_fail(ctx, rc, "lock pin") : TUNAS_OK;
}

int tunas_tx_begin(tunas_ctx *ctx)
{
	int rc;

	/* A write needs the write lock from the start; a read snapshot
	 * cannot be upgraded safely, so it ends here. */
	tunas_snapshot_end(ctx);
	if (ctx->tx_depth > 0)
		rc = ctx->store->ops->savepoint(ctx->store);
	else
		rc = ctx->store->ops->begin(ctx->store, true);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "transaction");
	ctx->tx_depth++;
	return TUNAS_OK;
}

int tunas_tx_finish(tunas_ctx *ctx, int rc)
{
	tunas_store *s = ctx->store;
	int rc2;

	if (ctx->tx_depth > 1) {
		ctx->tx_depth--;
		if (rc != 0) {
			/* Undoing writes may undo audit entries: forget the head. */
			s->ops->rollback_to(s);
			ctx->head_known = false;
			return rc;
		}
		rc2 = s->ops->release(s);
		return rc2 ? tunas_ctx_store_fail(ctx, rc2, "savepoint") : 0;
	}
	ctx->tx_depth = 0;
	ctx->head_known = false;
	if (rc != 0) {
		s->ops->rollback(s);
		return rc;
	}
	rc2 = s->ops->commit(s);
	if (rc2 != 0) {
		s->ops->rollback(s);
		return tunas_ctx_store_fail(ctx, rc2, "commit");
	}
	return TUNAS_OK;
}

bool tunas_is_sysadmin(const tunas_ctx *ctx)
{
	return ctx->who.role == TUNAS_ROLE_SYSADMIN;
}

bool tunas_has_role(const tunas_ctx *ctx, tunas_role role)
{
	return ctx->who.role == role;
}

int tunas_require_signed_in(tunas_ctx *ctx)
{
	if (ctx->who.role == TUNAS_ROLE_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "sign in first");
	return TUNAS_OK;
}

void tunas_access_scope(const tunas_ctx *ctx, tunas_scope *out)
{
	memset(out, 0, sizeof(*out));
	switch (ctx->who.role) {
	case TUNAS_ROLE_SYSADMIN:
		out->kind = TUNAS_SCOPE_ALL;
		break;
	case TUNAS_ROLE_CENTRE_ADMIN:
		out->kind = TUNAS_SCOPE_CENTRE;
		out->org_id = ctx->who.org_id;
		break;
	case TUNAS_ROLE_PROGRAMME_OWNER:
		out->kind = TUNAS_SCOPE_OWNER;
		out->org_id = ctx->who.org_id;
		break;
	case TUNAS_ROLE_INSTRUCTOR:
		out->kind = TUNAS_SCOPE_INSTRUCTOR;
		out->user_id = ctx->who.user_id;
		break;
	case TUNAS_ROLE_TRAINEE:
		out->kind = ctx->who.person_id != 0 ? TUNAS_SCOPE_SELF : TUNAS_SCOPE_NONE;
		out->person_id = ctx->who.person_id;
		break;
	default:
		/* Partners see programme aggregates only; employers and judges
		 * see no one until the person consents (matching, competitions). */
		out->kind = TUNAS_SCOPE_NONE;
		break;
	}
}

bool tunas_access_sees_national_id(const tunas_ctx *ctx, int64_t person_id)
{
	/* Centre admins check identity documents at registration; everyone
	 * else works with the masked number. */
	switch (ctx->who.role) {
	case TUNAS_ROLE_SYSADMIN:
	case TUNAS_ROLE_CENTRE_ADMIN:
		return true;
	case TUNAS_ROLE_TRAINEE:
		return ctx->who.person_id != 0 && ctx->who.person_id == person_id;
	default:
		return false;
	}
}

bool tunas_copy(char *dst, size_t cap, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	if (cap == 0)
		return false;
	if (len >= cap) {
		memcpy(dst, src, cap - 1);
		dst[cap - 1] = '\0';
		return false;
	}
	if (len)
		memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

static const char *const role_names[] = {
	[TUNAS_ROLE_NONE] = "none",
	[TUNAS_ROLE_SYSADMIN] = "system_admin",
	[TUNAS_ROLE_PROGRAMME_OWNER] = "programme_owner",
	[TUNAS_ROLE_PARTNER] = "partner",
	[TUNAS_ROLE_CENTRE_ADMIN] = "centre_admin",
	[TUNAS_ROLE_INSTRUCTOR] = "instructor",
	[TUNAS_ROLE_TRAINEE] = "trainee",
	[TUNAS_ROLE_EMPLOYER] = "employer",
	[TUNAS_ROLE_JUDGE] = "judge",
};

const char *tunas_role_name(tunas_role role)
{
	if ((unsigned)role >= sizeof(role_names) / sizeof(role_names[0]))
		return "none";
	return role_names[role];
}

tunas_role tunas_role_parse(const char *name)
{
	if (name == NULL)
		return TUNAS_ROLE_NONE;
	for (size_t i = 1; i < sizeof(role_names) / sizeof(role_names[0]); i++)
		if (strcmp(name, role_names[i]) == 0)
			return (tunas_role)i;
	return TUNAS_ROLE_NONE;
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool tunas_date_is_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;

	if (s == NULL || strlen(s) != TUNAS_DATE_LEN || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < TUNAS_DATE_LEN; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

int64_t tunas_now(void)
{
	return pinned_now ? pinned_now : (int64_t)time(NULL);
}

void tunas_set_now(int64_t t)
{
	pinned_now = t;
}

void tunas_today(char out[TUNAS_DATE_LEN + 1])
{
	time_t t = (time_t)tunas_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, TUNAS_DATE_LEN + 1, "%Y-%m-%d", &tm);
}
