/*
 * auth.h — user accounts, sign-in sessions and API tokens.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str). A
 * successful sign-in yields a session token; users may also create named API
 * tokens. Both are 256-bit random values shown to the user once and stored
 * only as their BLAKE2b hash, with an expiry, and can be revoked. Tokens
 * carry the prefix "tns_" so that secret scanners recognise them.
 */
#ifndef TUNAS_AUTH_H
#define TUNAS_AUTH_H

#include "tunas/tunas.h"

#define TUNAS_TOKEN_LEN 47 /* "tns_" + 43 base64url characters */
#define TUNAS_PASSWORD_MIN 10
#define TUNAS_PASSWORD_MAX 256
#define TUNAS_SESSION_TTL (12 * 3600)
#define TUNAS_API_TOKEN_TTL_MAX (366 * 86400)

typedef struct {
	int64_t id;
	char username[TUNAS_CODE_MAX + 1];
	char display_name[TUNAS_NAME_MAX + 1];
	tunas_role role;
	int64_t org_id;
	int64_t person_id;
	bool disabled;
	int64_t created_at;
} tunas_user;

typedef enum {
	TUNAS_TOKEN_SESSION = 1,
	TUNAS_TOKEN_API = 2,
} tunas_token_kind;

typedef struct {
	int64_t id;
	int64_t user_id;
	tunas_token_kind kind;
	char label[TUNAS_NAME_MAX + 1];
	int64_t created_at;
	int64_t expires_at;
	int64_t revoked_at; /* 0 if live */
} tunas_token;

/*
 * Create a user. System admins create anyone; nobody else creates users.
 * The role's organisation rules apply (a centre admin belongs to a training
 * centre, a trainee is linked to a person, ...). The password is checked for
 * length and hashed; it is never stored or logged.
 */
int tunas_user_create(tunas_ctx *ctx, int64_t *out_id, const tunas_user *in, const char *password);
int tunas_user_get(tunas_ctx *ctx, tunas_user *out, int64_t id);
int tunas_user_list(tunas_ctx *ctx, tunas_user **out, size_t *n, const tunas_page *page);
int tunas_user_set_disabled(tunas_ctx *ctx, int64_t id, bool disabled);

/*
 * Check username and password and open a session. On success the token
 * text goes to token_out (size >= TUNAS_TOKEN_LEN + 1), its record to
 * *out. Wrong user and wrong password both give TUNAS_EAUTH with the same
 * message. Needs no principal.
 */
int tunas_auth_login(tunas_ctx *ctx, tunas_token *out, char *token_out, const char *username,
		     const char *password);

/* Resolve a token to its user's principal. TUNAS_EAUTH if unknown,
 * expired, revoked or the user is disabled. Needs no principal. */
int tunas_auth_resolve(tunas_ctx *ctx, tunas_principal *out, const char *token);

/* Create an API token for the calling user, living ttl seconds. */
int tunas_token_create(tunas_ctx *ctx, tunas_token *out, char *token_out, const char *label,
		       int64_t ttl);
/* Revoke by id: the caller's own tokens, or any for a system admin. */
int tunas_token_revoke(tunas_ctx *ctx, int64_t id);
/* Revoke the token whose text is given (sign-out). */
int tunas_auth_logout(tunas_ctx *ctx, const char *token);
int tunas_token_list(tunas_ctx *ctx, tunas_token **out, size_t *n);

/*
 * Request limits that several servers sharing one database count together
 * (token buckets kept in the database, not in a process): take a token
 * from `bucket`'s bucket for `key`, refilled at `rate` per second up to
 * `burst`. *allowed is false when none was left. Needs no principal; not
 * audited (it records no change of anyone's data).
 */
int tunas_rate_take(tunas_ctx *ctx, bool *allowed, const char *bucket, const void *key,
		    size_t keylen, double rate, double burst);
/* Forget buckets idle for more than `idle` seconds (they are full again). */
int tunas_rate_purge(tunas_ctx *ctx, double idle);
/* True when other processes may share this context's database (PostgreSQL):
 * limits and caches must then live in the database. */
bool tunas_store_is_shared(const tunas_ctx *ctx);

#endif
