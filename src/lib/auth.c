/*
 * auth.c — accounts, Argon2id passwords, sessions and API tokens; see
 * auth.h.
 */
#include "tunas/auth.h"

#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctx.h"
#include "tunas/org.h"
#include "util/spin.h"
#include "valid.h"

#define TOKEN_PREFIX "tns_"
#define TOKEN_RANDOM 32

/*
 * Resolved tokens are cached in the process for a short time, because
 * every API request resolves one and the two lookups behind it would
 * otherwise cost as much as the request's real work. Revoking a token or
 * disabling a user evicts it here at once. When other server processes
 * share the database (store->shared: PostgreSQL), nothing is cached: one
 * of them may revoke a token at any moment.
 */
#define CACHE_SLOTS 1024
#define CACHE_STRIPES 16
#define CACHE_TTL 2

typedef struct {
	unsigned char hash[TUNAS_HASH_LEN];
	int64_t token_id;
	int64_t token_expires;
	int64_t cached_until; /* 0: empty */
	tunas_principal who;
} cache_slot;

static cache_slot cache[CACHE_SLOTS];
/* Bumped by every eviction. A resolve that read the database while an
 * eviction happened does not cache what it read: it may predate it. */
static _Atomic unsigned long cache_generation;
/* Spin locks (util/spin.h): a lookup is a few dozen instructions, and
 * every request of every worker makes one. */
static tunas_spin cache_locks[CACHE_STRIPES] = {
	TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT,
	TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT,
	TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT,
	TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT, TUNAS_SPIN_INIT,
};

static size_t slot_of(const unsigned char *hash)
{
	return ((size_t)hash[0] | (size_t)hash[1] << 8) % CACHE_SLOTS;
}

static bool cache_get(tunas_principal *out, const unsigned char *hash)
{
	size_t i = slot_of(hash);
	tunas_spin *lock = &cache_locks[i % CACHE_STRIPES];
	int64_t now = tunas_now();
	bool hit;

	tunas_spin_lock(lock);
	hit = cache[i].cached_until > now && cache[i].token_expires > now &&
	      sodium_memcmp(cache[i].hash, hash, TUNAS_HASH_LEN) == 0;
	if (hit)
		*out = cache[i].who;
	tunas_spin_unlock(lock);
	return hit;
}

static void cache_put(const unsigned char *hash, const tunas_token *t, const tunas_principal *who,
		      unsigned long generation)
{
	size_t i = slot_of(hash);
	tunas_spin *lock = &cache_locks[i % CACHE_STRIPES];

	tunas_spin_lock(lock);
	if (atomic_load(&cache_generation) != generation) {
		tunas_spin_unlock(lock);
		return;
	}
	memcpy(cache[i].hash, hash, TUNAS_HASH_LEN);
	cache[i].token_id = t->id;
	cache[i].token_expires = t->expires_at;
	cache[i].cached_until = tunas_now() + CACHE_TTL;
	cache[i].who = *who;
	tunas_spin_unlock(lock);
}

/* Drop cached entries of one token (token_id) or of one user (user_id). */
static void cache_evict(int64_t token_id, int64_t user_id)
{
	atomic_fetch_add(&cache_generation, 1);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		tunas_spin *lock = &cache_locks[i % CACHE_STRIPES];

		tunas_spin_lock(lock);
		if ((token_id && cache[i].token_id == token_id) ||
		    (user_id && cache[i].who.user_id == user_id))
			cache[i].cached_until = 0;
		tunas_spin_unlock(lock);
	}
}

static void token_hash(unsigned char out[TUNAS_HASH_LEN], const char *token)
{
	crypto_generichash(out, TUNAS_HASH_LEN, (const unsigned char *)token, strlen(token), NULL,
			   0);
}

/* A fresh random token text into out (TUNAS_TOKEN_LEN + 1 bytes). */
static void token_new(char *out)
{
	unsigned char raw[TOKEN_RANDOM];

	randombytes_buf(raw, sizeof(raw));
	memcpy(out, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
	sodium_bin2base64(out + sizeof(TOKEN_PREFIX) - 1,
			  TUNAS_TOKEN_LEN + 1 - (sizeof(TOKEN_PREFIX) - 1), raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

static bool is_username(const char *s)
{
	size_t len = strlen(s);

	if (len < 3 || len > TUNAS_CODE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

/* Which organisation kinds each role belongs to. */
static bool role_fits_org(tunas_role role, tunas_org_kind kind)
{
	switch (role) {
	case TUNAS_ROLE_PROGRAMME_OWNER:
		return kind == TUNAS_ORG_GOVERNMENT || kind == TUNAS_ORG_INDUSTRY ||
		       kind == TUNAS_ORG_ACADEMIC;
	case TUNAS_ROLE_PARTNER:
		return kind == TUNAS_ORG_INDUSTRY || kind == TUNAS_ORG_ACADEMIC ||
		       kind == TUNAS_ORG_GOVERNMENT;
	case TUNAS_ROLE_CENTRE_ADMIN:
	case TUNAS_ROLE_INSTRUCTOR:
		return kind == TUNAS_ORG_TRAINING_CENTRE || kind == TUNAS_ORG_ACADEMIC;
	case TUNAS_ROLE_EMPLOYER:
		return kind == TUNAS_ORG_EMPLOYER || kind == TUNAS_ORG_INDUSTRY ||
		       kind == TUNAS_ORG_GOVERNMENT;
	default:
		return true;
	}
}

int tunas_user_create(tunas_ctx *ctx, int64_t *out_id, const tunas_user *in, const char *password)
{
	char pwhash[crypto_pwhash_STRBYTES];
	tunas_user u = *in;
	int64_t id = 0;
	size_t pwlen;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only system admins create accounts");
	if (!is_username(u.username))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "username",
				      "must be 3 to 40 of a-z, 0-9, '.', '_' and '-'");
	if ((rc = tunas_valid_text(ctx, "display_name", u.display_name, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (u.role == TUNAS_ROLE_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "role",
				      "must be system_admin, programme_owner, partner, "
				      "centre_admin, instructor, trainee, employer or judge");
	if (u.role == TUNAS_ROLE_SYSADMIN && (u.org_id != 0 || u.person_id != 0))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "org_id",
				      "a system admin belongs to no organisation");
	if (u.role != TUNAS_ROLE_SYSADMIN && u.org_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "org_id",
				      "the %s role belongs to an organisation",
				      tunas_role_name(u.role));
	if (u.role == TUNAS_ROLE_TRAINEE && u.person_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id",
				      "a trainee account is linked to a person");
	if (u.role != TUNAS_ROLE_TRAINEE && u.person_id != 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id",
				      "only trainee accounts are linked to a person");
	pwlen = password ? strlen(password) : 0;
	if (pwlen < TUNAS_PASSWORD_MIN || pwlen > TUNAS_PASSWORD_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "password", "must be %d to %d characters",
				      TUNAS_PASSWORD_MIN, TUNAS_PASSWORD_MAX);
	/* Hash before the transaction: Argon2id takes a while and must not
	 * hold the write lock. */
	if (crypto_pwhash_str(pwhash, password, pwlen, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL,
				      "out of memory hashing the password");
	u.disabled = false;
	u.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto wipe;
	if (u.org_id != 0) {
		tunas_org o;

		rc = ctx->store->ops->org_get(ctx->store, &o, u.org_id);
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "org_id",
					    "organisation %lld does not exist",
					    (long long)u.org_id);
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "organisation");
		else if (!role_fits_org(u.role, o.kind))
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "role",
					    "a %s cannot belong to a %s organisation",
					    tunas_role_name(u.role), tunas_org_kind_name(o.kind));
		if (rc != 0)
			goto out;
	}
	if (u.person_id != 0) {
		tunas_person p;

		rc = ctx->store->ops->person_get(ctx->store, &p, u.person_id);
		if (rc == TUNAS_ENOTFOUND)
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "person_id",
					    "person %lld does not exist", (long long)u.person_id);
		else if (rc != 0)
			rc = tunas_ctx_store_fail(ctx, rc, "person");
		if (rc != 0)
			goto out;
	}
	rc = ctx->store->ops->user_insert(ctx->store, &id, &u, pwhash);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "username", "is taken");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "user");
		goto out;
	}
	rc = tunas_audit_record(ctx, "user.create", "user", id,
				json_pack("{s:s, s:s, s:I}", "username", u.username, "role",
					  tunas_role_name(u.role), "org_id", (json_int_t)u.org_id));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
wipe:
	sodium_memzero(pwhash, sizeof(pwhash));
	return rc;
}

int tunas_user_get(tunas_ctx *ctx, tunas_user *out, int64_t id)
{
	tunas_user u;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && ctx->who.user_id != id)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "user %lld not found",
				      (long long)id);
	rc = ctx->store->ops->user_get(ctx->store, &u, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "user");
	*out = u;
	return TUNAS_OK;
}

int tunas_user_list(tunas_ctx *ctx, tunas_user **out, size_t *n, const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only system admins list accounts");
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->user_list(ctx->store, out, n, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "user") : 0;
}

int tunas_user_set_disabled(tunas_ctx *ctx, int64_t id, bool disabled)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins disable accounts");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->user_set_disabled(ctx->store, id, disabled);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "user");
		goto out;
	}
	rc = tunas_audit_record(ctx, disabled ? "user.disable" : "user.enable", "user", id, NULL);
out:
	rc = tunas_tx_finish(ctx, rc);
	/* After the commit, so no reader can cache the old state again. */
	if (rc == 0)
		cache_evict(0, id);
	return rc;
}

/* Issue a token of `kind` for user u; text to token_out. In a transaction. */
static int issue(tunas_ctx *ctx, tunas_token *out, char *token_out, const tunas_user *u,
		 tunas_token_kind kind, const char *label, int64_t ttl)
{
	unsigned char hash[TUNAS_HASH_LEN];
	char text[TUNAS_TOKEN_LEN + 1];
	tunas_token t;
	int rc;

	memset(&t, 0, sizeof(t));
	token_new(text);
	token_hash(hash, text);
	t.user_id = u->id;
	t.kind = kind;
	tunas_copy(t.label, sizeof(t.label), label);
	t.created_at = tunas_now();
	t.expires_at = t.created_at + ttl;
	rc = ctx->store->ops->token_insert(ctx->store, &t.id, &t, hash);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "token");
		goto out;
	}
	*out = t;
	memcpy(token_out, text, sizeof(text));
out:
	sodium_memzero(text, sizeof(text));
	return rc;
}

int tunas_auth_login(tunas_ctx *ctx, tunas_token *out, char *token_out, const char *username,
		     const char *password)
{
	tunas_user_auth ua;
	tunas_principal actor;
	tunas_token t;
	char text[TUNAS_TOKEN_LEN + 1];
	int rc;

	tunas_ctx_clear(ctx);
	if (username == NULL || password == NULL || strlen(password) > TUNAS_PASSWORD_MAX ||
	    strlen(username) > TUNAS_CODE_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "wrong username or password");
	rc = ctx->store->ops->user_get_auth(ctx->store, &ua, username);
	if (rc == TUNAS_ENOTFOUND) {
		/* Spend the same time as a real check so that response time
		 * does not tell which usernames exist. */
		unsigned char waste[32], salt[crypto_pwhash_SALTBYTES] = {0};

		if (crypto_pwhash(waste, sizeof(waste), password, strlen(password), salt,
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
			sodium_memzero(waste, sizeof(waste));
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "wrong username or password");
	}
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "user");
	rc = crypto_pwhash_str_verify(ua.pwhash, password, strlen(password));
	sodium_memzero(ua.pwhash, sizeof(ua.pwhash));
	if (rc != 0 || ua.user.disabled)
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "wrong username or password");

	/* The sign-in is recorded as the user's own act. */
	actor = ctx->who;
	ctx->who.user_id = ua.user.id;
	ctx->who.role = ua.user.role;
	ctx->who.org_id = ua.user.org_id;
	ctx->who.person_id = ua.user.person_id;
	tunas_copy(ctx->who.username, sizeof(ctx->who.username), ua.user.username);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto restore;
	/* Each sign-in adds a session; tokens that expired over a week ago
	 * are of no use to anyone and go, so the table stays small. */
	rc = ctx->store->ops->token_purge(ctx->store, ua.user.id, tunas_now() - 7 * 86400);
	if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "token");
	if (rc == 0)
		rc = issue(ctx, &t, text, &ua.user, TUNAS_TOKEN_SESSION, "session",
			   TUNAS_SESSION_TTL);
	if (rc == 0)
		rc = tunas_audit_record(ctx, "auth.login", "user", ua.user.id, NULL);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		*out = t;
		memcpy(token_out, text, sizeof(text));
	}
	sodium_memzero(text, sizeof(text));
restore:
	ctx->who = actor;
	return rc;
}

int tunas_auth_resolve(tunas_ctx *ctx, tunas_principal *out, const char *token)
{
	unsigned char hash[TUNAS_HASH_LEN];
	unsigned long generation;
	tunas_principal p;
	tunas_token t;
	tunas_user u;
	int rc;

	tunas_ctx_clear(ctx);
	if (token == NULL || strlen(token) != TUNAS_TOKEN_LEN ||
	    strncmp(token, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1) != 0)
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "invalid or expired token");
	token_hash(hash, token);
	/* A database other servers share: another may have revoked it. */
	if (!ctx->store->shared && cache_get(out, hash))
		return TUNAS_OK;
	generation = atomic_load(&cache_generation);
	rc = ctx->store->ops->token_get_by_hash(ctx->store, &t, hash);
	if (rc == TUNAS_ENOTFOUND ||
	    (rc == 0 && (t.revoked_at != 0 || t.expires_at <= tunas_now())))
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "invalid or expired token");
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "token");
	rc = ctx->store->ops->user_get(ctx->store, &u, t.user_id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && u.disabled))
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "invalid or expired token");
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "user");
	memset(&p, 0, sizeof(p));
	p.user_id = u.id;
	p.role = u.role;
	p.org_id = u.org_id;
	p.person_id = u.person_id;
	tunas_copy(p.username, sizeof(p.username), u.username);
	if (!ctx->store->shared)
		cache_put(hash, &t, &p, generation);
	*out = p;
	return TUNAS_OK;
}

int tunas_token_create(tunas_ctx *ctx, tunas_token *out, char *token_out, const char *label,
		       int64_t ttl)
{
	tunas_user u;
	tunas_token t;
	char text[TUNAS_TOKEN_LEN + 1];
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (ctx->who.user_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "the local operator has no tokens");
	if ((rc = tunas_valid_text(ctx, "label", label ? label : "", 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (ttl < 60 || ttl > TUNAS_API_TOKEN_TTL_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ttl", "must be 60 to %d seconds",
				      TUNAS_API_TOKEN_TTL_MAX);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->user_get(ctx->store, &u, ctx->who.user_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "user");
		goto out;
	}
	rc = issue(ctx, &t, text, &u, TUNAS_TOKEN_API, label, ttl);
	if (rc == 0)
		rc = tunas_audit_record(ctx, "token.create", "token", t.id,
					json_pack("{s:s, s:I}", "label", t.label, "expires_at",
						  (json_int_t)t.expires_at));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		*out = t;
		memcpy(token_out, text, sizeof(text));
	}
	sodium_memzero(text, sizeof(text));
	return rc;
}

static int revoke_in_tx(tunas_ctx *ctx, const tunas_token *t)
{
	int rc;

	if (!tunas_is_sysadmin(ctx) && t->user_id != ctx->who.user_id)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "token %lld not found",
				      (long long)t->id);
	if (t->revoked_at != 0)
		return TUNAS_OK;
	rc = ctx->store->ops->token_revoke(ctx->store, t->id, tunas_now());
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "token");
	return tunas_audit_record(ctx, "token.revoke", "token", t->id, NULL);
}

int tunas_token_revoke(tunas_ctx *ctx, int64_t id)
{
	tunas_token t;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->token_get(ctx->store, &t, id);
	if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "token");
	else
		rc = revoke_in_tx(ctx, &t);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		cache_evict(t.id, 0);
	return rc;
}

int tunas_auth_logout(tunas_ctx *ctx, const char *token)
{
	unsigned char hash[TUNAS_HASH_LEN];
	tunas_token t;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (token == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EAUTH, NULL, "no token");
	token_hash(hash, token);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->token_get_by_hash(ctx->store, &t, hash);
	if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "token");
	else
		rc = revoke_in_tx(ctx, &t);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		cache_evict(t.id, 0);
	return rc;
}

int tunas_token_list(tunas_ctx *ctx, tunas_token **out, size_t *n)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->token_list(ctx->store, out, n, ctx->who.user_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "token") : 0;
}

/* ------------------------------------------------------------------------ */
/* Rate limits counted in the database */

#define RATE_BUCKET_MAX 32

static double wall_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool tunas_store_is_shared(const tunas_ctx *ctx)
{
	return ctx->store->shared;
}

int tunas_rate_take(tunas_ctx *ctx, bool *allowed, const char *bucket, const void *key,
		    size_t keylen, double rate, double burst)
{
	bool ok = true;
	int rc;

	tunas_ctx_clear(ctx);
	if (bucket == NULL || bucket[0] == '\0' || strlen(bucket) > RATE_BUCKET_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "bucket", "1 to 32 characters");
	if (key == NULL || keylen == 0 || keylen > 64)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "key", "1 to 64 bytes");
	if (rate > 0) {
		rc = ctx->store->ops->rate_take(ctx->store, &ok, bucket, key, keylen, rate,
						burst < 1 ? 1 : burst, wall_seconds());
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "rate limit");
	}
	*allowed = ok;
	return TUNAS_OK;
}

int tunas_rate_purge(tunas_ctx *ctx, double idle)
{
	int rc;

	tunas_ctx_clear(ctx);
	rc = ctx->store->ops->rate_purge(ctx->store, wall_seconds() - idle);
	return rc != 0 ? tunas_ctx_store_fail(ctx, rc, "rate limit") : TUNAS_OK;
}
