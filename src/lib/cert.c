/*
 * cert.c — issuing, keeping, verifying and revoking certificates
 * (cert.h). The cryptography is vc.c's; the printable form certpdf.c's.
 */
#include "tunas/cert.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "access.h"
#include "certpdf.h"
#include "tunas/assess.h"
#include "util/jcs.h"
#include "util/mem.h"
#include "valid.h"
#include "vc.h"

/* Two bits per certificate in a status list ("message" purpose). */
#define STATUS_BITS 2
#define OB_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#define VC_CONTEXT "https://www.w3.org/ns/credentials/v2"

static const char *const status_names[] = {
	[TUNAS_CERT_ACTIVE] = "active",
	[TUNAS_CERT_SUSPENDED] = "suspended",
	[TUNAS_CERT_REVOKED] = "revoked",
};

const char *tunas_cert_status_name(tunas_cert_status s)
{
	return s >= TUNAS_CERT_ACTIVE && s <= TUNAS_CERT_REVOKED ? status_names[s] : "unknown";
}

tunas_cert_status tunas_cert_status_parse(const char *name)
{
	for (int i = TUNAS_CERT_ACTIVE; name != NULL && i <= TUNAS_CERT_REVOKED; i++)
		if (strcmp(status_names[i], name) == 0)
			return (tunas_cert_status)i;
	return TUNAS_CERT_NONE;
}

/* The value a status list holds for a status: 0 valid, 1 suspended,
 * 2 revoked (the credential's statusMessage says so too). */
static unsigned status_value(tunas_cert_status s)
{
	return s == TUNAS_CERT_SUSPENDED ? 1 : s == TUNAS_CERT_REVOKED ? 2 : 0;
}

static tunas_cert_status status_of_value(unsigned v)
{
	return v == 1 ? TUNAS_CERT_SUSPENDED : v == 2 ? TUNAS_CERT_REVOKED : TUNAS_CERT_ACTIVE;
}

/*
 * Status lists are public and cost a compression and a signature per key
 * to make, so the process keeps the last few it made. One is served again
 * while nothing in this process changed a status or the keys since, and
 * for at most STATUS_TTL seconds (another process, a CLI, may have written
 * the SQLite file). When several servers share the database
 * (store->shared: PostgreSQL) nothing is cached: every list is made from
 * the database, so a revocation shows in every server's lists at once.
 */
#define STATUS_TTL 10
#define STATUS_CACHE 4

static struct {
	int64_t list;
	unsigned long generation;
	int64_t made;
	char base_url[256];
	char *text;
	size_t len;
} status_cache[STATUS_CACHE];
static pthread_mutex_t status_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic unsigned long status_generation = 1;

/* A status or a key changed and committed: cached lists are stale. The
 * generation is bumped after the commit and read before a list's data, so
 * a list read from data older than a change is never kept under the
 * generation that follows it (its route takes no snapshot for this). */
static void status_changed(void)
{
	atomic_fetch_add(&status_generation, 1);
}

/* A copy of a fresh cached list into *out, or false. */
static bool status_cached(const tunas_ctx *ctx, char **out, size_t *out_len, int64_t list)
{
	unsigned long gen = atomic_load(&status_generation);
	bool hit = false;

	pthread_mutex_lock(&status_lock);
	for (int i = 0; i < STATUS_CACHE && !hit; i++) {
		if (status_cache[i].text == NULL || status_cache[i].list != list ||
		    status_cache[i].generation != gen ||
		    tunas_now() - status_cache[i].made >= STATUS_TTL ||
		    tunas_now() < status_cache[i].made ||
		    strcmp(status_cache[i].base_url, ctx->base_url) != 0)
			continue;
		*out = tunas_malloc(status_cache[i].len + 1);
		if (*out != NULL) {
			memcpy(*out, status_cache[i].text, status_cache[i].len + 1);
			*out_len = status_cache[i].len;
			hit = true;
		}
	}
	pthread_mutex_unlock(&status_lock);
	return hit;
}

/* Keep a copy of a list made at generation `gen`, replacing the oldest. */
static void status_keep(const tunas_ctx *ctx, const char *text, size_t len, int64_t list,
			unsigned long gen)
{
	char *copy = tunas_malloc(len + 1);
	int oldest = 0;

	if (copy == NULL)
		return;
	memcpy(copy, text, len + 1);
	pthread_mutex_lock(&status_lock);
	for (int i = 1; i < STATUS_CACHE; i++)
		if (status_cache[i].made < status_cache[oldest].made)
			oldest = i;
	tunas_free(status_cache[oldest].text);
	status_cache[oldest].text = copy;
	status_cache[oldest].len = len;
	status_cache[oldest].list = list;
	status_cache[oldest].generation = gen;
	status_cache[oldest].made = tunas_now();
	tunas_copy(status_cache[oldest].base_url, sizeof(status_cache[oldest].base_url),
		   ctx->base_url);
	pthread_mutex_unlock(&status_lock);
}

int tunas_cert_configure(tunas_ctx *ctx, const char *key_dir, const char *base_url)
{
	size_t len;

	tunas_ctx_clear(ctx);
	if (key_dir != NULL && !tunas_copy(ctx->key_dir, sizeof(ctx->key_dir), key_dir))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "key_dir", "path too long");
	if (base_url != NULL) {
		len = strlen(base_url);
		if ((strncmp(base_url, "https://", 8) != 0 &&
		     strncmp(base_url, "http://", 7) != 0) ||
		    len >= sizeof(ctx->base_url) - 64 || strpbrk(base_url, " \"<>?#") != NULL)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "base_url",
					      "must be an http(s) URL without query or fragment");
		tunas_copy(ctx->base_url, sizeof(ctx->base_url), base_url);
		/* One spelling: no trailing slash. */
		len = strlen(ctx->base_url);
		while (len > 0 && ctx->base_url[len - 1] == '/')
			ctx->base_url[--len] = '\0';
	}
	return 0;
}

const char *tunas_cert_base_url(const tunas_ctx *ctx)
{
	return ctx->base_url;
}

/* ------------------------------------------------------------------------ */
/* Issuer keys */

/* The file of a key: <key_dir>/<multikey>.key. */
static int key_path(tunas_ctx *ctx, char *out, size_t cap, const char *did)
{
	const char *mk = strncmp(did, "did:key:", 8) == 0 ? did + 8 : did;
	int n = snprintf(out, cap, "%s/%s.key", ctx->key_dir, mk);

	if (n < 0 || (size_t)n >= cap)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "key_dir", "path too long");
	return 0;
}

/* Make the key directory (0700) if it is missing. */
static int key_dir_ready(tunas_ctx *ctx)
{
	struct stat st;

	if (mkdir(ctx->key_dir, 0700) != 0 && errno != EEXIST)
		return tunas_ctx_fail(ctx, TUNAS_EIO, "key_dir", "cannot create %s: %s",
				      ctx->key_dir, strerror(errno));
	if (stat(ctx->key_dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return tunas_ctx_fail(ctx, TUNAS_EIO, "key_dir", "%s is not a directory",
				      ctx->key_dir);
	if ((st.st_mode & 077) != 0)
		return tunas_ctx_fail(ctx, TUNAS_EIO, "key_dir",
				      "%s is open to other users; chmod 700 it", ctx->key_dir);
	return 0;
}

/* A new key: saved, then listed as the signing key (retiring the last). */
static int key_create(tunas_ctx *ctx, tunas_issuer_key *out)
{
	tunas_vc_key key;
	tunas_issuer_key k;
	char path[600];
	int rc;

	if ((rc = key_dir_ready(ctx)) != 0)
		return rc;
	if (tunas_vc_key_generate(&key) != 0)
		return tunas_ctx_fail(ctx, TUNAS_ERROR, NULL, "cannot generate a key");
	memset(&k, 0, sizeof(k));
	tunas_copy(k.did, sizeof(k.did), key.did);
	k.created_at = tunas_now();
	if ((rc = key_path(ctx, path, sizeof(path), key.did)) != 0)
		goto out;
	rc = tunas_vc_key_save(&key, path);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_EIO, "key_dir", "cannot write the key to %s", path);
		goto out;
	}
	rc = ctx->store->ops->issuer_key_retire(ctx->store, k.created_at);
	if (rc == 0)
		rc = ctx->store->ops->issuer_key_insert(ctx->store, &k.id, &k);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "issuer key");
		goto out;
	}
	rc = tunas_audit_record(ctx, "issuer_key.create", "issuer_key", k.id,
				json_pack("{s:s}", "did", k.did));
	if (rc == 0)
		*out = k;
out:
	tunas_vc_key_dispose(&key);
	return rc;
}

int tunas_issuer_key_ensure(tunas_ctx *ctx, bool *out_created)
{
	tunas_issuer_key k;
	bool created = false;
	int rc;

	tunas_ctx_clear(ctx);
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only a system admin manages keys");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->issuer_key_current(ctx->store, &k);
	if (rc == TUNAS_ENOTFOUND) {
		rc = key_create(ctx, &k);
		created = rc == 0;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "issuer key");
	}
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0 && created)
		status_changed();
	if (rc == 0)
		*out_created = created;
	return rc;
}

int tunas_issuer_key_rotate(tunas_ctx *ctx, tunas_issuer_key *out)
{
	tunas_issuer_key k;
	int rc;

	tunas_ctx_clear(ctx);
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only a system admin manages keys");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = key_create(ctx, &k);
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		status_changed(); /* lists are signed anew, by the new key too */
		*out = k;
	}
	return rc;
}

int tunas_issuer_key_list(tunas_ctx *ctx, tunas_issuer_key **out, size_t *n)
{
	int rc;

	tunas_ctx_clear(ctx);
	rc = ctx->store->ops->issuer_key_list(ctx->store, out, n);
	return rc ? tunas_ctx_store_fail(ctx, rc, "issuer key") : 0;
}

/* The signing key and its secret half, loaded from its file. */
static int signing_key(tunas_ctx *ctx, tunas_issuer_key *k, tunas_vc_key *key)
{
	char path[600];
	int rc = ctx->store->ops->issuer_key_current(ctx->store, k);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EIO, NULL,
				      "no issuer key: run `tunas init` or `tunas key rotate`");
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "issuer key");
	if ((rc = key_path(ctx, path, sizeof(path), k->did)) != 0)
		return rc;
	/* A server fault, not the caller's: TUNAS_EIO, which the HTTP layer
	 * answers with a plain 500 and logs (the path is for the operator). */
	rc = tunas_vc_key_load(key, path);
	if (rc != 0)
		return tunas_ctx_fail(ctx, TUNAS_EIO, NULL, "cannot load the issuer key %s (%s)",
				      path,
				      rc == TUNAS_EPERM	      ? "its permissions are unsafe"
				      : rc == TUNAS_ENOTFOUND ? "missing"
							      : "unreadable");
	if (strcmp(key->did, k->did) != 0) {
		tunas_vc_key_dispose(key);
		return tunas_ctx_fail(ctx, TUNAS_EIO, NULL, "the key file %s holds another key",
				      path);
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Building the credential */

static void iso_time(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* t plus `months` calendar months (the day clamped to the month's end). */
static int64_t add_months(int64_t t, int months)
{
	time_t tt = (time_t)t;
	struct tm tm;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, dim;

	gmtime_r(&tt, &tm);
	y = tm.tm_year + 1900 + (tm.tm_mon + months) / 12;
	m = (tm.tm_mon + months) % 12;
	dim = mdays[m] + (m == 1 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (tm.tm_mday > dim)
		tm.tm_mday = dim;
	tm.tm_year = y - 1900;
	tm.tm_mon = m;
	return (int64_t)timegm(&tm);
}

static void new_uuid(char out[TUNAS_UUID_LEN + 1])
{
	unsigned char b[16];

	randombytes_buf(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(out, TUNAS_UUID_LEN + 1,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
		 b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
		 b[15]);
}

/* What a certificate says about its achievement. */
typedef struct {
	char name[TUNAS_NAME_MAX + 1];
	char description[TUNAS_TEXT_MAX + 1];
	char criteria[TUNAS_TEXT_MAX + 1];
	char issuer_name[TUNAS_NAME_MAX + 1];
	char lang[3]; /* the programme's second language: ms or id */
	int hours;
} achievement_facts;

static int achievement_of(tunas_ctx *ctx, achievement_facts *a, const cohort_facts *f)
{
	tunas_course *courses = NULL;
	tunas_org owner;
	size_t n = 0, used;
	int rc;

	memset(a, 0, sizeof(*a));
	rc = ctx->store->ops->org_get(ctx->store, &owner, f->programme.owner_org_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "organisation");
	tunas_copy(a->issuer_name, sizeof(a->issuer_name), owner.name);
	snprintf(a->lang, sizeof(a->lang), "%s", strcmp(owner.country, "ID") == 0 ? "id" : "ms");
	tunas_copy(a->name, sizeof(a->name), f->programme.name);
	snprintf(a->description, sizeof(a->description), "%s",
		 f->programme.description[0] ? f->programme.description : f->programme.name);
	if ((rc = assess_cohort_courses(ctx, &courses, &n, f)) != 0)
		return rc;
	used = (size_t)snprintf(a->criteria, sizeof(a->criteria),
				"Completed %s at cohort \"%s\" under the programme's completion "
				"rules",
				f->programme.name, f->cohort.name);
	for (size_t i = 0; i < n; i++) {
		a->hours += courses[i].hours;
		if (used < sizeof(a->criteria))
			used += (size_t)snprintf(a->criteria + used, sizeof(a->criteria) - used,
						 "%s %s (%d h)", i == 0 ? ":" : ";",
						 courses[i].title, courses[i].hours);
	}
	if (used < sizeof(a->criteria))
		snprintf(a->criteria + used, sizeof(a->criteria) - used, ".");
	free(courses);
	return 0;
}

int tunas_cert_achievement(tunas_ctx *ctx, tunas_achievement *out, const char *code)
{
	tunas_achievement a;
	tunas_course *courses = NULL;
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_programme p;
	tunas_org owner;
	size_t n = 0, used;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if (code == NULL || strlen(code) > TUNAS_CODE_MAX)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "no such achievement");
	rc = ctx->store->ops->programme_find_code(ctx->store, &id, code);
	if (rc == 0)
		rc = ctx->store->ops->programme_get(ctx->store, &p, id);
	if (rc == 0)
		rc = ctx->store->ops->org_get(ctx->store, &owner, p.owner_org_id);
	if (rc == 0)
		rc = ctx->store->ops->course_list(ctx->store, &courses, &n, p.id, &page);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "no such achievement");
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	memset(&a, 0, sizeof(a));
	tunas_copy(a.code, sizeof(a.code), p.code);
	tunas_copy(a.name, sizeof(a.name), p.name);
	tunas_copy(a.description, sizeof(a.description), p.description[0] ? p.description : p.name);
	tunas_copy(a.issuer_name, sizeof(a.issuer_name), owner.name);
	used = (size_t)snprintf(a.criteria, sizeof(a.criteria),
				"Completed a cohort of %s under the programme's completion rules; "
				"a cohort takes the courses its timetable teaches",
				p.name);
	for (size_t i = 0; i < n; i++) {
		a.hours += courses[i].hours;
		if (used < sizeof(a.criteria))
			used += (size_t)snprintf(a.criteria + used, sizeof(a.criteria) - used,
						 "%s %s (%d h)", i == 0 ? ":" : ";",
						 courses[i].title, courses[i].hours);
	}
	if (used < sizeof(a.criteria))
		snprintf(a.criteria + used, sizeof(a.criteria) - used, ".");
	free(courses);
	*out = a;
	return 0;
}

/* The unsigned AchievementCredential of certificate c. */
static json_t *credential_of(const tunas_ctx *ctx, const tunas_certificate *c,
			     const achievement_facts *a, const char *did, const char *code)
{
	char from[32], until[32], list_url[320], index[32], ach_id[320];
	int64_t list = c->status_index / TUNAS_STATUS_LIST_SIZE + 1;
	json_t *cred, *status;

	iso_time(from, c->issued_at);
	snprintf(list_url, sizeof(list_url), "%s/status/%lld", ctx->base_url, (long long)list);
	snprintf(index, sizeof(index), "%lld",
		 (long long)(c->status_index % TUNAS_STATUS_LIST_SIZE));
	snprintf(ach_id, sizeof(ach_id), "%s/achievements/%s", ctx->base_url, code);
	status = json_pack("{s:s++, s:s, s:s, s:s, s:s, s:i, "
			   "s:[{s:s, s:s}, {s:s, s:s}, {s:s, s:s}]}",
			   "id", list_url, "#", index, "type", "BitstringStatusListEntry",
			   "statusPurpose", "message", "statusListIndex", index,
			   "statusListCredential", list_url, "statusSize", STATUS_BITS,
			   "statusMessage", "status", "0x0", "message", "valid", "status", "0x1",
			   "message", "suspended", "status", "0x2", "message", "revoked");
	cred = json_pack("{s:[s, s], s:s+, s:[s, s], s:{s:s, s:[s], s:s}, s:s, s:s, s:o, "
			 "s:{s:[s], s:[{s:s, s:b, s:s, s:s}], s:{s:s, s:[s], s:s, s:s, "
			 "s:{s:s}, s:s, s:s, s:s}}}",
			 "@context", VC_CONTEXT, OB_CONTEXT, "id", "urn:uuid:", c->uuid, "type",
			 "VerifiableCredential", "OpenBadgeCredential", "issuer", "id", did, "type",
			 "Profile", "name", a->issuer_name, "validFrom", from, "name", a->name,
			 "credentialStatus", status, "credentialSubject", "type",
			 "AchievementSubject", "identifier", "type", "IdentityObject", "hashed", 0,
			 "identityHash", c->holder_name, "identityType", "name", "achievement",
			 "id", ach_id, "type", "Achievement", "name", a->name, "description",
			 a->description, "criteria", "narrative", a->criteria, "achievementType",
			 "Certificate", "humanCode", code, "inLanguage", "en");
	if (cred != NULL && c->expires_at) {
		iso_time(until, c->expires_at);
		json_object_set_new(cred, "validUntil", json_string(until));
	}
	return cred;
}

/* Issue a certificate inside the caller's transaction: the enrolment must
 * be completed and the rules hold. */
static int issue_in_tx(tunas_ctx *ctx, tunas_certificate *out, const cohort_facts *f,
		       int64_t person_id, int64_t renewal_of)
{
	tunas_certificate c, live;
	tunas_enrolment e;
	tunas_completion done;
	tunas_programme_rule rule;
	tunas_person p;
	tunas_issuer_key k;
	tunas_vc_key key;
	achievement_facts a;
	char created[32];
	json_t *cred = NULL;
	char *text = NULL;
	bool have_key = false;
	int rc;

	rc = ctx->store->ops->enrol_find_active(ctx->store, &e, person_id, f->cohort.id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && e.status != TUNAS_ENROL_COMPLETED)) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "person_id",
				    "person %lld has not completed cohort %lld",
				    (long long)person_id, (long long)f->cohort.id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "enrolment");
		goto out;
	}
	if ((rc = assess_completion(ctx, &done, f, person_id)) != 0)
		goto out;
	if (!done.complete) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "person_id", "not complete: %s",
				    done.reasons[0]);
		goto out;
	}
	rc = ctx->store->ops->cert_find_live(ctx->store, &live, person_id, f->cohort.id);
	if (rc == 0 && live.id != renewal_of) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "person_id",
				    "certificate %lld for this cohort is still %s",
				    (long long)live.id, tunas_cert_status_name(live.status));
		goto out;
	} else if (rc != 0 && rc != TUNAS_ENOTFOUND) {
		rc = tunas_ctx_store_fail(ctx, rc, "certificate");
		goto out;
	}
	rc = ctx->store->ops->person_get(ctx->store, &p, person_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "person");
		goto out;
	}
	rc = ctx->store->ops->programme_rule_get(ctx->store, &rule, f->programme.id);
	if (rc == TUNAS_ENOTFOUND) {
		memset(&rule, 0, sizeof(rule));
		rc = 0;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "rule");
		goto out;
	}
	if ((rc = achievement_of(ctx, &a, f)) != 0)
		goto out;
	if ((rc = signing_key(ctx, &k, &key)) != 0)
		goto out;
	have_key = true;
	memset(&c, 0, sizeof(c));
	new_uuid(c.uuid);
	c.person_id = person_id;
	c.cohort_id = f->cohort.id;
	c.programme_id = f->programme.id;
	c.key_id = k.id;
	c.status = TUNAS_CERT_ACTIVE;
	c.issued_at = tunas_now();
	c.expires_at = rule.cert_valid_months ? add_months(c.issued_at, rule.cert_valid_months) : 0;
	c.renewal_of = renewal_of;
	c.issued_by = ctx->who.user_id;
	tunas_copy(c.holder_name, sizeof(c.holder_name), p.full_name);
	tunas_copy(c.achievement, sizeof(c.achievement), a.name);
	rc = ctx->store->ops->cert_next_index(ctx->store, &c.status_index);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "certificate");
		goto out;
	}
	cred = credential_of(ctx, &c, &a, k.did, f->programme.code);
	if (cred == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	iso_time(created, c.issued_at);
	rc = tunas_vc_sign(cred, &key, created);
	if (rc != 0) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "cannot sign the certificate");
		goto out;
	}
	text = json_dumps(cred, JSON_COMPACT);
	if (text == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	rc = ctx->store->ops->cert_insert(ctx->store, &c.id, &c, text);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "certificate");
		goto out;
	}
	rc = tunas_audit_record(
		ctx, renewal_of ? "certificate.renew" : "certificate.issue", "certificate", c.id,
		json_pack("{s:s, s:I, s:I, s:I, s:I}", "uuid", c.uuid, "person_id",
			  (json_int_t)person_id, "cohort_id", (json_int_t)c.cohort_id,
			  "status_index", (json_int_t)c.status_index, "renewal_of",
			  (json_int_t)renewal_of));
	if (rc == 0) /* an active certificate is evidence of competencies */
		rc = tunas_person_skills_refresh(ctx, person_id);
	if (rc == 0)
		*out = c;
out:
	if (have_key)
		tunas_vc_key_dispose(&key);
	json_decref(cred);
	free(text);
	return rc;
}

int cert_auto_issue(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id)
{
	tunas_programme_rule rule;
	tunas_certificate c;
	cohort_facts f;
	int rc;

	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	rc = ctx->store->ops->programme_rule_get(ctx->store, &rule, f.programme.id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && !rule.auto_certify))
		return 0;
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "rule");
	return issue_in_tx(ctx, &c, &f, person_id, 0);
}

int tunas_cert_issue(tunas_ctx *ctx, tunas_certificate *out, int64_t person_id, int64_t cohort_id)
{
	tunas_certificate c;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		goto out;
	if (!access_cohort_admin(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre or programme owner certifies");
		goto out;
	}
	rc = issue_in_tx(ctx, &c, &f, person_id, 0);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = c;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Reading, status changes, renewal */

/* Load a certificate the caller may see: its holder and the cohort's
 * staff (centre admins, the programme's owner, instructors). */
static int cert_read(tunas_ctx *ctx, tunas_certificate *c, cohort_facts *f, int64_t id)
{
	int rc = ctx->store->ops->cert_get(ctx->store, c, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "certificate");
	return access_cohort_object(ctx, f, c->cohort_id, c->person_id, "certificate", id);
}

int tunas_cert_get(tunas_ctx *ctx, tunas_certificate *out, int64_t id)
{
	tunas_certificate c;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = cert_read(ctx, &c, &f, id)) != 0)
		return rc;
	*out = c;
	return 0;
}

int tunas_cert_list(tunas_ctx *ctx, tunas_certificate **out, size_t *n, int64_t person_id,
		    int64_t cohort_id, const tunas_page *page)
{
	tunas_scope scope;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->cert_list(ctx->store, out, n, &scope, person_id, cohort_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "certificate") : 0;
}

int tunas_cert_credential(tunas_ctx *ctx, char **out, size_t *out_len, int64_t id)
{
	tunas_certificate c;
	cohort_facts f;
	char *text = NULL;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = cert_read(ctx, &c, &f, id)) != 0)
		return rc;
	rc = ctx->store->ops->cert_credential(ctx->store, &text, id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "certificate");
	*out = text;
	*out_len = strlen(text);
	return 0;
}

int tunas_cert_pdf(tunas_ctx *ctx, unsigned char **out, size_t *out_len, int64_t id)
{
	char url[400], issued[TUNAS_DATE_LEN + 1], expires[TUNAS_DATE_LEN + 1], cid[64];
	char msg[256], stamp[32];
	achievement_facts a;
	tunas_certificate c;
	tunas_certpdf pdf;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = cert_read(ctx, &c, &f, id)) != 0)
		return rc;
	/* A printed certificate carries no status: none is printed for one
	 * that is not in force. */
	if (c.status != TUNAS_CERT_ACTIVE)
		return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, NULL, "the certificate is %s: %s",
				      tunas_cert_status_name(c.status), c.reason);
	if ((rc = achievement_of(ctx, &a, &f)) != 0)
		return rc;
	snprintf(url, sizeof(url), "%s/verify/%s", ctx->base_url, c.uuid);
	snprintf(cid, sizeof(cid), "urn:uuid:%s", c.uuid);
	iso_time(stamp, c.issued_at);
	snprintf(issued, sizeof(issued), "%.10s", stamp);
	iso_time(stamp, c.expires_at);
	snprintf(expires, sizeof(expires), "%.10s", stamp);
	memset(&pdf, 0, sizeof(pdf));
	pdf.lang = a.lang;
	pdf.holder_name = c.holder_name;
	pdf.achievement_name = a.name;
	/* The PDF has room for a shorter description than the programme's;
	 * cut it at a character boundary. */
	if (strlen(a.description) > TUNAS_CERTPDF_DESC_MAX) {
		size_t cut = TUNAS_CERTPDF_DESC_MAX - 4;

		while (cut > 0 && ((unsigned char)a.description[cut] & 0xc0) == 0x80)
			cut--;
		memcpy(a.description + cut, "\xe2\x80\xa6", 4); /* an ellipsis and its NUL */
	}
	pdf.achievement_description = a.description;
	pdf.programme_name = f.programme.name;
	pdf.issuer_name = a.issuer_name;
	pdf.issued_on = issued;
	pdf.expires_on = c.expires_at ? expires : NULL;
	pdf.credential_id = cid;
	pdf.verify_url = url;
	pdf.hours = a.hours;
	rc = tunas_certpdf_render(out, out_len, &pdf, msg, sizeof(msg));
	return rc ? tunas_ctx_fail(ctx, rc, NULL, "cannot make the PDF: %s", msg) : 0;
}

int tunas_cert_set_status(tunas_ctx *ctx, tunas_certificate *out, int64_t id, tunas_cert_status to,
			  const char *why)
{
	tunas_certificate c;
	cohort_facts f;
	tunas_cert_status from;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (to == TUNAS_CERT_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "status",
				      "must be revoked, suspended or active");
	if ((rc = tunas_valid_text(ctx, "reason", why, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = cert_read(ctx, &c, &f, id)) != 0)
		goto out;
	if (!access_cohort_admin(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre or programme owner changes a "
				    "certificate's status");
		goto out;
	}
	from = c.status;
	if (from == TUNAS_CERT_REVOKED || from == to ||
	    (to == TUNAS_CERT_ACTIVE && from != TUNAS_CERT_SUSPENDED)) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status", "cannot go from %s to %s",
				    tunas_cert_status_name(from), tunas_cert_status_name(to));
		goto out;
	}
	rc = ctx->store->ops->cert_set_status(ctx->store, id, to, why);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "certificate");
		goto out;
	}
	c.status = to;
	tunas_copy(c.reason, sizeof(c.reason), why);
	rc = tunas_audit_record(ctx, "certificate.status", "certificate", id,
				json_pack("{s:s, s:s, s:s}", "from", tunas_cert_status_name(from),
					  "to", tunas_cert_status_name(to), "reason", why));
	if (rc == 0)
		rc = tunas_person_skills_refresh(ctx, c.person_id);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		/* After the commit: a list made meanwhile must not be kept
		 * under the new generation (see status_cached). */
		status_changed();
		*out = c;
	}
	return rc;
}

int tunas_cert_renew(tunas_ctx *ctx, tunas_certificate *out, int64_t id)
{
	tunas_certificate old, c;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = cert_read(ctx, &old, &f, id)) != 0)
		goto out;
	if (!access_cohort_admin(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre or programme owner renews");
		goto out;
	}
	if (old.status == TUNAS_CERT_REVOKED || old.status == TUNAS_CERT_SUSPENDED) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "status",
				    "a %s certificate is not renewed",
				    tunas_cert_status_name(old.status));
		goto out;
	}
	if ((rc = issue_in_tx(ctx, &c, &f, old.person_id, old.id)) != 0)
		goto out;
	/* The old one, if still in force, is superseded. */
	if (old.expires_at == 0 || old.expires_at > tunas_now()) {
		char why[TUNAS_NAME_MAX + 1];

		snprintf(why, sizeof(why), "superseded by renewal %s", c.uuid);
		rc = ctx->store->ops->cert_set_status(ctx->store, old.id, TUNAS_CERT_REVOKED, why);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "certificate");
			goto out;
		}
		rc = tunas_audit_record(ctx, "certificate.status", "certificate", old.id,
					json_pack("{s:s, s:s, s:s}", "from", "active", "to",
						  "revoked", "reason", why));
		if (rc == 0)
			rc = tunas_person_skills_refresh(ctx, old.person_id);
	}
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		status_changed();
		*out = c;
	}
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Verification */

static const char *str_at(const json_t *o, const char *key)
{
	const char *v = json_string_value(json_object_get(o, key));

	return v ? v : "";
}

/* What the credential says: id, issuer, holder, achievement, dates. */
static void verdict_read(tunas_cert_verdict *v, const json_t *cred)
{
	const json_t *issuer = json_object_get(cred, "issuer");
	const json_t *subject = json_object_get(cred, "credentialSubject");
	const json_t *ids = json_object_get(subject, "identifier");
	const char *id = str_at(cred, "id");
	size_t i;
	json_t *it;

	if (strncmp(id, "urn:uuid:", 9) == 0)
		tunas_copy(v->uuid, sizeof(v->uuid), id + 9);
	if (json_is_string(issuer)) {
		tunas_copy(v->issuer_did, sizeof(v->issuer_did), json_string_value(issuer));
	} else {
		tunas_copy(v->issuer_did, sizeof(v->issuer_did), str_at(issuer, "id"));
		tunas_copy(v->issuer_name, sizeof(v->issuer_name), str_at(issuer, "name"));
	}
	json_array_foreach(ids, i, it)
	{
		if (strcmp(str_at(it, "identityType"), "name") == 0 &&
		    !json_is_true(json_object_get(it, "hashed")))
			tunas_copy(v->holder_name, sizeof(v->holder_name),
				   str_at(it, "identityHash"));
	}
	tunas_copy(v->achievement, sizeof(v->achievement),
		   str_at(json_object_get(subject, "achievement"), "name"));
	tunas_copy(v->valid_from, sizeof(v->valid_from), str_at(cred, "validFrom"));
	tunas_copy(v->valid_until, sizeof(v->valid_until), str_at(cred, "validUntil"));
}

/* Seconds since the epoch of an XML dateTimeStamp, or false. */
static bool stamp_time(int64_t *out, const char *s)
{
	struct tm tm;
	char buf[32];
	int off = 0;

	if (!tunas_vc_datetime_is_valid(s) || strlen(s) < 20)
		return false;
	memset(&tm, 0, sizeof(tm));
	snprintf(buf, sizeof(buf), "%.19s", s);
	if (strptime(buf, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
		return false;
	/* A trailing +hh:mm or -hh:mm; fractions of a second are ignored. */
	{
		const char *z = s + strlen(s) - 6;

		if (z[0] == '+' || z[0] == '-')
			off = (z[0] == '-' ? -1 : 1) * ((z[1] - '0') * 36000 + (z[2] - '0') * 3600 +
							(z[4] - '0') * 600 + (z[5] - '0') * 60);
	}
	*out = (int64_t)timegm(&tm) - off;
	return true;
}

/* Dates against now, and the overall answer. */
static void verdict_finish(tunas_cert_verdict *v, int64_t now)
{
	int64_t t;

	if (v->valid_until[0] && stamp_time(&t, v->valid_until) && t < now)
		v->expired = true;
	if (v->valid_from[0] && stamp_time(&t, v->valid_from) && t > now)
		v->not_yet_valid = true;
	if (!v->signature_ok) {
		/* why is set by the signature check */
	} else if (!v->known_issuer) {
		snprintf(v->why, sizeof(v->why), "issued by %s, not by this Tunas", v->issuer_did);
	} else if (!v->on_record) {
		snprintf(v->why, sizeof(v->why),
			 "the document differs from the certificate on record");
	} else if (v->status == TUNAS_CERT_REVOKED || v->status == TUNAS_CERT_SUSPENDED) {
		snprintf(v->why, sizeof(v->why), "%s%s%.180s", tunas_cert_status_name(v->status),
			 v->status_reason[0] ? ": " : "", v->status_reason);
	} else if (v->expired) {
		snprintf(v->why, sizeof(v->why), "expired on %s", v->valid_until);
	} else if (v->not_yet_valid) {
		snprintf(v->why, sizeof(v->why), "not valid before %s", v->valid_from);
	}
	v->valid = v->signature_ok && v->known_issuer && v->on_record &&
		   v->status == TUNAS_CERT_ACTIVE && !v->expired && !v->not_yet_valid;
}

/* Whether two credentials are the same document (RFC 8785 forms equal). */
static bool same_document(const json_t *a, const json_t *b)
{
	char *ja = NULL, *jb = NULL;
	size_t la = 0, lb = 0;
	bool same;

	same = tunas_jcs_encode(&ja, &la, a) == 0 && tunas_jcs_encode(&jb, &lb, b) == 0 &&
	       la == lb && memcmp(ja, jb, la) == 0;
	tunas_free(ja);
	tunas_free(jb);
	return same;
}

/* Check a parsed credential against this installation: the proof, that
 * its key is one of ours, that it is the document on record (a leaked key
 * cannot reissue a real certificate's number), and its status. */
static int verdict_online(tunas_ctx *ctx, tunas_cert_verdict *v, const json_t *cred)
{
	tunas_issuer_key k;
	tunas_certificate c;
	json_t *stored = NULL;
	char *text = NULL;
	char why[TUNAS_NAME_MAX + 1];
	int rc;

	verdict_read(v, cred);
	rc = ctx->store->ops->issuer_key_find(ctx->store, &k, v->issuer_did);
	if (rc != 0 && rc != TUNAS_ENOTFOUND)
		return tunas_ctx_store_fail(ctx, rc, "issuer key");
	v->known_issuer = rc == 0;
	v->signature_ok = tunas_vc_verify(cred, NULL, 0, v->why, sizeof(v->why)) == 0;
	rc = v->uuid[0] ? ctx->store->ops->cert_get_uuid(ctx->store, &c, v->uuid) : TUNAS_ENOTFOUND;
	if (rc == 0) {
		v->status = c.status;
		tunas_copy(v->status_reason, sizeof(v->status_reason), c.reason);
		rc = ctx->store->ops->cert_credential(ctx->store, &text, c.id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "certificate");
		if (tunas_vc_parse(&stored, text, strlen(text), why, sizeof(why)) == 0)
			v->on_record = same_document(cred, stored);
		json_decref(stored);
		free(text);
	} else if (rc != TUNAS_ENOTFOUND) {
		return tunas_ctx_store_fail(ctx, rc, "certificate");
	} else if (v->known_issuer && v->signature_ok) {
		snprintf(v->why, sizeof(v->why), "no record of this certificate");
		v->known_issuer = false;
	}
	verdict_finish(v, tunas_now());
	return 0;
}

static bool is_uuid(const char *s)
{
	if (s == NULL || strlen(s) != TUNAS_UUID_LEN)
		return false;
	for (int i = 0; i < TUNAS_UUID_LEN; i++) {
		char ch = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (ch != '-')
				return false;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
			return false;
		}
	}
	return true;
}

int tunas_cert_lookup(tunas_ctx *ctx, tunas_cert_verdict *out, const char *uuid)
{
	tunas_cert_verdict v;
	tunas_certificate c;
	json_t *cred = NULL;
	char *text = NULL;
	int rc;

	tunas_ctx_clear(ctx);
	if (!is_uuid(uuid))
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "no such certificate");
	rc = ctx->store->ops->cert_get_uuid(ctx->store, &c, uuid);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "no such certificate");
	if (rc == 0)
		rc = ctx->store->ops->cert_credential(ctx->store, &text, c.id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "certificate");
	memset(&v, 0, sizeof(v));
	rc = tunas_vc_parse(&cred, text, strlen(text), v.why, sizeof(v.why));
	if (rc == 0)
		rc = verdict_online(ctx, &v, cred);
	else
		rc = tunas_ctx_fail(ctx, TUNAS_ESTORE, NULL, "the stored certificate is damaged");
	json_decref(cred);
	free(text);
	if (rc == 0)
		*out = v;
	return rc;
}

int tunas_cert_check(tunas_ctx *ctx, tunas_cert_verdict *out, const char *json, size_t len)
{
	tunas_cert_verdict v;
	json_t *cred = NULL;
	int rc;

	tunas_ctx_clear(ctx);
	memset(&v, 0, sizeof(v));
	rc = tunas_vc_parse(&cred, json, len, v.why, sizeof(v.why));
	if (rc != 0)
		return tunas_ctx_fail(ctx, rc, "body", "not a credential: %s", v.why);
	rc = verdict_online(ctx, &v, cred);
	json_decref(cred);
	if (rc == 0)
		*out = v;
	return rc;
}

/* The status value at `index` of a decoded list, or -1. */
static int list_value(const unsigned char *bits, size_t nbits, int64_t index)
{
	int hi, lo;

	if (index < 0 || (size_t)index >= nbits / STATUS_BITS)
		return -1;
	hi = tunas_statuslist_get(bits, nbits, (size_t)index * STATUS_BITS);
	lo = tunas_statuslist_get(bits, nbits, (size_t)index * STATUS_BITS + 1);
	return hi < 0 || lo < 0 ? -1 : hi * 2 + lo;
}

/* Status from a status list credential (offline). */
static void status_offline(tunas_cert_verdict *v, const json_t *cred, const json_t *list)
{
	const json_t *entry = json_object_get(cred, "credentialStatus");
	const json_t *subject = json_object_get(list, "credentialSubject");
	unsigned char *bits = NULL;
	size_t nbits = 0;
	char *end = NULL;
	long long index;
	int value;
	char why[TUNAS_NAME_MAX + 1];
	const json_t *proofs = json_object_get(list, "proof"), *proof;
	size_t i, did_len = strlen(v->issuer_did);
	bool by_issuer = false;

	/* Every proof must hold, and one must be by the certificate's issuer:
	 * a list signed by anyone else says nothing about this certificate. */
	if (tunas_vc_verify(list, NULL, TUNAS_VC_ANY_SIGNER, why, sizeof(why)) != 0) {
		snprintf(v->status_reason, sizeof(v->status_reason), "status list: %.180s", why);
		return;
	}
	json_array_foreach(proofs, i, proof)
	{
		const char *vm = str_at(proof, "verificationMethod");

		if (did_len > 0 && strncmp(vm, v->issuer_did, did_len) == 0 && vm[did_len] == '#')
			by_issuer = true;
	}
	if (!by_issuer) {
		snprintf(v->status_reason, sizeof(v->status_reason),
			 "the status list is not signed by the certificate's issuer");
		return;
	}

	if (strcmp(str_at(list, "id"), str_at(entry, "statusListCredential")) != 0) {
		snprintf(v->status_reason, sizeof(v->status_reason),
			 "the status list is not the one the certificate names");
		return;
	}
	index = strtoll(str_at(entry, "statusListIndex"), &end, 10);
	if (end == NULL || *end != '\0' ||
	    tunas_statuslist_decode(&bits, &nbits, str_at(subject, "encodedList"), 0) != 0) {
		snprintf(v->status_reason, sizeof(v->status_reason), "unreadable status list");
		return;
	}
	value = list_value(bits, nbits, index);
	tunas_free(bits);
	if (value < 0) {
		snprintf(v->status_reason, sizeof(v->status_reason), "index outside the list");
		return;
	}
	v->status = status_of_value((unsigned)value);
	tunas_copy(v->status_as_of, sizeof(v->status_as_of), str_at(list, "validFrom"));
}

int tunas_cert_verify_offline(tunas_cert_verdict *out, const char *json, size_t len,
			      const char *status_list_json, size_t status_list_len, int64_t now)
{
	tunas_cert_verdict v;
	json_t *cred = NULL, *list = NULL;
	int rc;

	if (tunas_global_init() != 0)
		return TUNAS_ERROR;
	memset(&v, 0, sizeof(v));
	rc = tunas_vc_parse(&cred, json, len, v.why, sizeof(v.why));
	if (rc != 0) {
		*out = v;
		goto out;
	}
	verdict_read(&v, cred);
	v.signature_ok = tunas_vc_verify(cred, NULL, 0, v.why, sizeof(v.why)) == 0;
	/* Offline there is no list of this installation's keys, nor its
	 * records: the DID is shown for the reader to compare. */
	v.known_issuer = true;
	v.on_record = true;
	if (status_list_json != NULL) {
		char why[TUNAS_NAME_MAX + 1];

		if (tunas_vc_parse(&list, status_list_json, status_list_len, why, sizeof(why)) == 0)
			status_offline(&v, cred, list);
		else
			snprintf(v.status_reason, sizeof(v.status_reason), "status list: %.180s",
				 why);
	}
	verdict_finish(&v, now);
	/* Without a status list the answer is about the proof and dates. */
	if (status_list_json == NULL)
		v.valid = v.signature_ok && !v.expired && !v.not_yet_valid;
	else if (v.status == TUNAS_CERT_NONE && v.signature_ok && !v.why[0])
		snprintf(v.why, sizeof(v.why), "%s", v.status_reason);
	*out = v;
out:
	json_decref(cred);
	json_decref(list);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Status lists */

/*
 * Add a proof by each retired key whose file is still at hand, so that an
 * offline verifier finds a proof by the key that issued the certificate
 * it checks. A retired key whose file is gone is skipped: its
 * certificates then check online only.
 */
static int sign_with_retired_keys(tunas_ctx *ctx, json_t *cred, const char *created)
{
	tunas_issuer_key *keys = NULL;
	size_t n = 0;
	int rc = ctx->store->ops->issuer_key_list(ctx->store, &keys, &n);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "issuer key");
	for (size_t i = 0; i < n && rc == 0; i++) {
		tunas_vc_key key;
		char path[600];

		if (keys[i].retired_at == 0 ||
		    key_path(ctx, path, sizeof(path), keys[i].did) != 0 ||
		    tunas_vc_key_load(&key, path) != 0)
			continue;
		if (strcmp(key.did, keys[i].did) == 0 && tunas_vc_sign(cred, &key, created) != 0)
			rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "cannot sign the status list");
		tunas_vc_key_dispose(&key);
	}
	free(keys);
	return rc;
}

int tunas_status_list_credential(tunas_ctx *ctx, char **out, size_t *out_len, int64_t list)
{
	const size_t nbits = (size_t)TUNAS_STATUS_LIST_SIZE * STATUS_BITS;
	int64_t from = (list - 1) * TUNAS_STATUS_LIST_SIZE, *index = NULL;
	tunas_cert_status *status = NULL;
	unsigned char *bits = NULL;
	char *encoded = NULL, *text = NULL, url[320], created[TUNAS_VC_DATETIME_SIZE];
	tunas_issuer_key k;
	tunas_vc_key key;
	bool have_key = false;
	json_t *cred = NULL;
	unsigned long gen;
	size_t n = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if (list < 1 || list > 1000000)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "no such status list");
	if (!ctx->store->shared && status_cached(ctx, out, out_len, list))
		return 0;
	gen = atomic_load(&status_generation);
	rc = ctx->store->ops->cert_statuses(ctx->store, &index, &status, &n, from,
					    from + TUNAS_STATUS_LIST_SIZE);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "certificate");
	bits = tunas_calloc(nbits / 8, 1);
	if (bits == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		size_t at = (size_t)(index[i] - from) * STATUS_BITS;
		unsigned value = status_value(status[i]);

		tunas_statuslist_set(bits, nbits, at, (value & 2) != 0);
		tunas_statuslist_set(bits, nbits, at + 1, (value & 1) != 0);
	}
	if (tunas_statuslist_encode(&encoded, bits, nbits) != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ERROR, NULL, "cannot encode the status list");
		goto out;
	}
	if ((rc = signing_key(ctx, &k, &key)) != 0)
		goto out;
	have_key = true;
	snprintf(url, sizeof(url), "%s/status/%lld", ctx->base_url, (long long)list);
	tunas_vc_datetime_now(created);
	cred = json_pack("{s:[s], s:s, s:[s, s], s:s, s:s, s:{s:s+, s:s, s:s, s:s}}", "@context",
			 VC_CONTEXT, "id", url, "type", "VerifiableCredential",
			 "BitstringStatusListCredential", "issuer", k.did, "validFrom", created,
			 "credentialSubject", "id", url, "#list", "type", "BitstringStatusList",
			 "statusPurpose", "message", "encodedList", encoded);
	if (cred == NULL || tunas_vc_sign(cred, &key, created) != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "cannot sign the status list");
		goto out;
	}
	if ((rc = sign_with_retired_keys(ctx, cred, created)) != 0)
		goto out;
	if ((text = json_dumps(cred, JSON_COMPACT)) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	*out = text;
	*out_len = strlen(text);
	if (!ctx->store->shared)
		status_keep(ctx, text, *out_len, list, gen);
	text = NULL;
out:
	if (have_key)
		tunas_vc_key_dispose(&key);
	json_decref(cred);
	tunas_free(encoded);
	tunas_free(bits);
	free(index);
	free(status);
	free(text);
	return rc;
}
