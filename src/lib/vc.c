/*
 * vc.c — did:key issuer keys, eddsa-jcs-2022 Data Integrity proofs and
 * Bitstring Status Lists; see vc.h.
 */
#include "vc.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "util/jcs.h"
#include "util/mem.h"
#include "util/multibase.h"

/* The multicodec prefix of an Ed25519 public key (varint 0xed). */
static const unsigned char ed25519_pub_codec[2] = {0xed, 0x01};

static const char did_key_prefix[] = "did:key:";

/* Format a reason into `why` (if any) and return rc. */
__attribute__((format(printf, 4, 5))) static int fail(char *why, size_t whylen, int rc,
						      const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && whylen > 0) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* ---- keys ---------------------------------------------------------------- */

/* The Multikey text of a public key: 'z' + base58btc(0xed 0x01 || pk). */
static int multikey(char out[TUNAS_VC_MULTIKEY_LEN + 1], const unsigned char *pk)
{
	unsigned char bytes[2 + TUNAS_VC_PUBLIC_BYTES];
	char text[TUNAS_BASE58_TEXT_SIZE(sizeof(bytes))];
	int rc;

	memcpy(bytes, ed25519_pub_codec, 2);
	memcpy(bytes + 2, pk, TUNAS_VC_PUBLIC_BYTES);
	rc = tunas_base58_encode(text, sizeof(text), bytes, sizeof(bytes));
	if (rc != 0)
		return rc;
	if (strlen(text) != TUNAS_VC_MULTIKEY_LEN)
		return TUNAS_ERROR;
	memcpy(out, text, TUNAS_VC_MULTIKEY_LEN + 1);
	return TUNAS_OK;
}

int tunas_vc_key_from_seed(tunas_vc_key *out, const unsigned char seed[TUNAS_VC_SEED_BYTES])
{
	tunas_vc_key key;
	char mk[TUNAS_VC_MULTIKEY_LEN + 1];
	int rc = TUNAS_ERROR;

	if (crypto_sign_seed_keypair(key.pk, key.sk, seed) != 0)
		goto out;
	if ((rc = multikey(mk, key.pk)) != 0)
		goto out;
	snprintf(key.did, sizeof(key.did), "%s%s", did_key_prefix, mk);
	snprintf(key.vm, sizeof(key.vm), "%s#%s", key.did, mk);
	*out = key;
	rc = TUNAS_OK;
out:
	sodium_memzero(&key, sizeof(key));
	return rc;
}

int tunas_vc_key_generate(tunas_vc_key *out)
{
	unsigned char seed[TUNAS_VC_SEED_BYTES];
	int rc;

	randombytes_buf(seed, sizeof(seed));
	rc = tunas_vc_key_from_seed(out, seed);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

void tunas_vc_key_dispose(tunas_vc_key *key)
{
	if (key != NULL)
		sodium_memzero(key, sizeof(*key));
}

/* fsync the directory that holds `path`, so a new name in it is durable. */
static int sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	size_t len;
	int fd, rc;

	if (slash == NULL) {
		strcpy(dir, ".");
	} else {
		len = slash == path ? 1 : (size_t)(slash - path);
		if (len >= sizeof(dir))
			return TUNAS_EIO;
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return TUNAS_EIO;
	rc = fsync(fd) == 0 ? TUNAS_OK : TUNAS_EIO;
	close(fd);
	return rc;
}

int tunas_vc_key_save(const tunas_vc_key *key, const char *path)
{
	const unsigned char *seed = key->sk; /* libsodium's sk starts with the seed */
	size_t done = 0;
	bool created = false;
	int fd, rc = TUNAS_EIO;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = errno == EEXIST || errno == ELOOP ? TUNAS_ECONFLICT : TUNAS_EIO;
		goto out;
	}
	created = true;
	/* The umask can only take bits away; make sure it is exactly 0600. */
	if (fchmod(fd, 0600) != 0)
		goto out;
	while (done < TUNAS_VC_SEED_BYTES) {
		ssize_t n = write(fd, seed + done, TUNAS_VC_SEED_BYTES - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		done += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto out;
	rc = close(fd) == 0 ? TUNAS_OK : TUNAS_EIO;
	fd = -1;
	if (rc == TUNAS_OK)
		rc = sync_parent(path);
out:
	if (fd >= 0)
		close(fd);
	if (rc != TUNAS_OK && created)
		unlink(path);
	return rc;
}

int tunas_vc_key_load(tunas_vc_key *out, const char *path)
{
	unsigned char seed[TUNAS_VC_SEED_BYTES];
	struct stat st;
	size_t done = 0;
	int fd, rc = TUNAS_EIO;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			rc = TUNAS_ENOTFOUND;
		else if (errno == ELOOP || errno == EACCES)
			rc = TUNAS_EPERM;
		goto out;
	}
	if (fstat(fd, &st) != 0)
		goto out;
	if (!S_ISREG(st.st_mode)) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	if (st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
		rc = TUNAS_EPERM;
		goto out;
	}
	if (st.st_size != TUNAS_VC_SEED_BYTES) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	while (done < sizeof(seed)) {
		ssize_t n = read(fd, seed + done, sizeof(seed) - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto out;
		done += (size_t)n;
	}
	rc = tunas_vc_key_from_seed(out, seed);
out:
	if (fd >= 0)
		close(fd);
	sodium_memzero(seed, sizeof(seed));
	return rc;
}

/*
 * Checking that a key is a point of the prime-order subgroup costs more
 * than verifying a signature (a scalar multiplication), and a server sees
 * the same few issuer keys again and again: remember the last few keys
 * that passed, per thread. Public keys are not secret; memcmp is fine.
 */
#define VALID_KEYS_CACHED 4
static _Thread_local unsigned char valid_keys[VALID_KEYS_CACHED][TUNAS_VC_PUBLIC_BYTES];
static _Thread_local unsigned valid_count, valid_next;

static bool point_is_valid(const unsigned char pk[TUNAS_VC_PUBLIC_BYTES])
{
	for (unsigned i = 0; i < valid_count; i++)
		if (memcmp(valid_keys[i], pk, TUNAS_VC_PUBLIC_BYTES) == 0)
			return true;
	if (crypto_core_ed25519_is_valid_point(pk) != 1)
		return false;
	memcpy(valid_keys[valid_next], pk, TUNAS_VC_PUBLIC_BYTES);
	valid_next = (valid_next + 1) % VALID_KEYS_CACHED;
	if (valid_count < VALID_KEYS_CACHED)
		valid_count++;
	return true;
}

/* Decode one Multikey ("z6Mk...", exactly TUNAS_VC_MULTIKEY_LEN chars). */
static int multikey_public(unsigned char out[TUNAS_VC_PUBLIC_BYTES], const char *mk, size_t len)
{
	char text[TUNAS_VC_MULTIKEY_LEN + 1];
	unsigned char bytes[2 + TUNAS_VC_PUBLIC_BYTES];
	size_t n = 0;

	if (len != TUNAS_VC_MULTIKEY_LEN)
		return TUNAS_EINVAL;
	memcpy(text, mk, len);
	text[len] = '\0';
	if (tunas_base58_decode(bytes, &n, sizeof(bytes), text) != 0 || n != sizeof(bytes) ||
	    memcmp(bytes, ed25519_pub_codec, 2) != 0)
		return TUNAS_EINVAL;
	/* A key that is not a point of the prime-order subgroup, or a small
	 * order one, can make signatures that mean nothing. */
	if (!point_is_valid(bytes + 2))
		return TUNAS_EINVAL;
	memcpy(out, bytes + 2, TUNAS_VC_PUBLIC_BYTES);
	return TUNAS_OK;
}

int tunas_vc_did_key_public(unsigned char out[TUNAS_VC_PUBLIC_BYTES], const char *did_or_vm)
{
	const size_t plen = sizeof(did_key_prefix) - 1;
	const char *mk, *hash;
	size_t len;

	if (did_or_vm == NULL || strncmp(did_or_vm, did_key_prefix, plen) != 0)
		return TUNAS_EINVAL;
	mk = did_or_vm + plen;
	hash = strchr(mk, '#');
	len = hash != NULL ? (size_t)(hash - mk) : strlen(mk);
	/* The fragment of a did:key verification method is the key itself. */
	if (hash != NULL && (strlen(hash + 1) != len || memcmp(hash + 1, mk, len) != 0))
		return TUNAS_EINVAL;
	return multikey_public(out, mk, len);
}

/* ---- dates --------------------------------------------------------------- */

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Parse an XML Schema dateTimeStamp into seconds since the epoch (the
 * fraction is dropped). */
static bool datetime_parse(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	const char *p;

	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != 'T' || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &sec))
		return false;
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec > 59)
		return false;
	p = s + 19;
	if (*p == '.') {
		int n = 0;

		while (p[1 + n] >= '0' && p[1 + n] <= '9')
			n++;
		if (n < 1 || n > 9)
			return false;
		p += 1 + n;
	}
	if (p[0] == 'Z' && p[1] == '\0') {
		sign = 0;
	} else if ((p[0] == '+' || p[0] == '-') && digits(p + 1, 2, &oh) && p[3] == ':' &&
		   digits(p + 4, 2, &om) && p[6] == '\0') {
		if (oh > 14 || om > 59 || (oh == 14 && om != 0))
			return false;
		sign = p[0] == '+' ? 1 : -1;
	} else {
		return false;
	}
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	       sign * (oh * 3600 + om * 60);
	return true;
}

bool tunas_vc_datetime_is_valid(const char *s)
{
	int64_t t;

	return s != NULL && datetime_parse(s, &t);
}

void tunas_vc_datetime_now(char out[TUNAS_VC_DATETIME_SIZE])
{
	time_t t = (time_t)tunas_now();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, TUNAS_VC_DATETIME_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- proofs -------------------------------------------------------------- */

int tunas_vc_parse(json_t **out, const char *text, size_t len, char *why, size_t whylen)
{
	json_error_t err;
	json_t *doc;

	if (len > TUNAS_VC_DOC_MAX)
		return fail(why, whylen, TUNAS_ELIMIT, "the document is larger than %d bytes",
			    TUNAS_VC_DOC_MAX);
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_INT_AS_REAL, &err);
	if (doc == NULL)
		return fail(why, whylen, TUNAS_EINVAL, "not JSON: %s at line %d", err.text,
			    err.line);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return fail(why, whylen, TUNAS_EINVAL, "the document is not a JSON object");
	}
	*out = doc;
	return TUNAS_OK;
}

/* SHA-256 of the canonical form of `v`. */
static int hash_canonical(unsigned char out[crypto_hash_sha256_BYTES], const json_t *v)
{
	char *text = NULL;
	size_t len = 0;
	int rc = tunas_jcs_encode(&text, &len, v);

	if (rc == 0)
		crypto_hash_sha256(out, (const unsigned char *)text, len);
	tunas_free(text);
	return rc;
}

/* A shallow copy of `obj` without the member `name`: a new reference, or
 * NULL when out of memory. (jansson's json_copy ignores a member it failed
 * to copy, which would sign or verify an incomplete document.) */
static json_t *copy_without(const json_t *obj, const char *name)
{
	json_t *c = json_object();
	size_t skip = strlen(name);

	if (c == NULL)
		return NULL;
	/* The iterator and json_incref do not change what `obj` holds. */
	for (void *it = json_object_iter((json_t *)obj); it != NULL;
	     it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		size_t len = json_object_iter_key_len(it);

		if (len == skip && memcmp(key, name, len) == 0)
			continue;
		if (json_object_setn_new_nocheck(c, key, len,
						 json_incref(json_object_iter_value(it))) != 0) {
			json_decref(c);
			return NULL;
		}
	}
	return c;
}

int tunas_vc_sign(json_t *credential, const tunas_vc_key *key, const char *created)
{
	json_t *proof = NULL, *unsecured = NULL, *set = NULL, *existing, *context;
	unsigned char hash[2 * crypto_hash_sha256_BYTES], sig[crypto_sign_BYTES];
	char value[TUNAS_BASE58_TEXT_SIZE(crypto_sign_BYTES)];
	int rc = TUNAS_ENOMEM;

	if (!json_is_object(credential) || key == NULL || !tunas_vc_datetime_is_valid(created))
		return TUNAS_EINVAL;
	existing = json_object_get(credential, "proof");
	if (existing != NULL && !json_is_object(existing) && !json_is_array(existing))
		return TUNAS_EINVAL;
	if (json_is_array(existing) && json_array_size(existing) >= TUNAS_VC_PROOFS_MAX)
		return TUNAS_ELIMIT;
	context = json_object_get(credential, "@context");

	proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof", "cryptosuite",
			  TUNAS_VC_CRYPTOSUITE, "created", created, "verificationMethod", key->vm,
			  "proofPurpose", "assertionMethod");
	if (proof == NULL)
		goto out;
	if (context != NULL && json_object_set_new(proof, "@context", json_deep_copy(context)) != 0)
		goto out;
	unsecured = copy_without(credential, "proof");
	if (unsecured == NULL)
		goto out;
	/* hashData = SHA-256(JCS(proof config)) || SHA-256(JCS(document)). */
	if ((rc = hash_canonical(hash, proof)) != 0 ||
	    (rc = hash_canonical(hash + crypto_hash_sha256_BYTES, unsecured)) != 0)
		goto out;
	rc = TUNAS_ERROR;
	if (crypto_sign_detached(sig, NULL, hash, sizeof(hash), key->sk) != 0)
		goto out;
	if ((rc = tunas_base58_encode(value, sizeof(value), sig, sizeof(sig))) != 0)
		goto out;
	rc = TUNAS_ENOMEM;
	if (json_object_set_new(proof, "proofValue", json_string(value)) != 0)
		goto out;

	/* Attach: the last step, so a failure leaves the credential as it was. */
	if (json_is_array(existing)) {
		if (json_array_append(existing, proof) != 0)
			goto out;
	} else {
		set = json_array();
		if (set == NULL || (existing != NULL && json_array_append(set, existing) != 0) ||
		    json_array_append(set, proof) != 0)
			goto out;
		if (json_object_set(credential, "proof", set) != 0)
			goto out;
	}
	rc = TUNAS_OK;
out:
	json_decref(set);
	json_decref(unsecured);
	json_decref(proof);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* The issuer of a credential: `issuer` as a string, or `issuer.id`. */
static const char *issuer_id(const json_t *credential)
{
	const json_t *issuer = json_object_get(credential, "issuer");

	if (json_is_object(issuer))
		issuer = json_object_get(issuer, "id");
	return json_string_value(issuer);
}

static const char *member_string(const json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

/* The inputs shared by every proof of one document. */
typedef struct {
	const json_t *context; /* the document's @context, or NULL */
	unsigned char doc_hash[crypto_hash_sha256_BYTES];
	const char *issuer;
	const char *const *issuers;
	unsigned flags;
	char *why;
	size_t whylen;
} verify_input;

/* Check the signature of proof number `i` over `config` (the proof
 * without proofValue). 0, TUNAS_EAUTH, or an error from hashing. */
static int check_signature(const verify_input *in, const json_t *config,
			   const unsigned char sig[crypto_sign_BYTES],
			   const unsigned char pk[TUNAS_VC_PUBLIC_BYTES])
{
	unsigned char hash[2 * crypto_hash_sha256_BYTES];
	int rc = hash_canonical(hash, config);

	if (rc != 0)
		return rc;
	memcpy(hash + crypto_hash_sha256_BYTES, in->doc_hash, crypto_hash_sha256_BYTES);
	return crypto_sign_verify_detached(sig, hash, sizeof(hash), pk) == 0 ? TUNAS_OK
									     : TUNAS_EAUTH;
}

static bool is_trusted(const char *did, const char *const *issuers)
{
	for (size_t i = 0; issuers[i] != NULL; i++)
		if (strcmp(issuers[i], did) == 0)
			return true;
	return false;
}

static int verify_proof(const verify_input *in, const json_t *proof, size_t i)
{
	unsigned char pk[TUNAS_VC_PUBLIC_BYTES], sig[crypto_sign_BYTES + 1];
	char did[TUNAS_VC_DID_LEN + 1];
	const char *s, *vm, *value;
	const json_t *created, *expires, *context;
	json_t *config = NULL;
	size_t siglen = 0;
	int64_t t;
	int rc;

	if (!json_is_object(proof))
		return fail(in->why, in->whylen, TUNAS_EINVAL, "proof %zu: not a JSON object", i);
	s = member_string(proof, "type");
	if (s == NULL || strcmp(s, "DataIntegrityProof") != 0)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: type is not DataIntegrityProof", i);
	s = member_string(proof, "cryptosuite");
	if (s == NULL)
		return fail(in->why, in->whylen, TUNAS_EINVAL, "proof %zu: no cryptosuite", i);
	if (strcmp(s, TUNAS_VC_CRYPTOSUITE) != 0)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: cryptosuite \"%.40s\" is not supported", i, s);
	s = member_string(proof, "proofPurpose");
	if (s == NULL || strcmp(s, "assertionMethod") != 0)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: proofPurpose is not assertionMethod", i);
	if (json_object_get(proof, "previousProof") != NULL)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: proof chains (previousProof) are not supported", i);
	created = json_object_get(proof, "created");
	if (created != NULL && !tunas_vc_datetime_is_valid(json_string_value(created)))
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: created is not a dateTimeStamp", i);
	expires = json_object_get(proof, "expires");
	if (expires != NULL) {
		s = json_string_value(expires);
		if (s == NULL || !datetime_parse(s, &t))
			return fail(in->why, in->whylen, TUNAS_EINVAL,
				    "proof %zu: expires is not a dateTimeStamp", i);
		if (t <= tunas_now())
			return fail(in->why, in->whylen, TUNAS_EAUTH, "proof %zu: expired", i);
	}

	vm = member_string(proof, "verificationMethod");
	if (vm == NULL || strchr(vm, '#') == NULL || tunas_vc_did_key_public(pk, vm) != 0)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: verificationMethod is not a did:key", i);
	memcpy(did, vm, TUNAS_VC_DID_LEN);
	did[TUNAS_VC_DID_LEN] = '\0';
	if (in->issuers != NULL && !is_trusted(did, in->issuers))
		return fail(in->why, in->whylen, TUNAS_EAUTH,
			    "proof %zu: signer %s is not a trusted issuer", i, did);
	if (!(in->flags & TUNAS_VC_ANY_SIGNER) && (in->issuer == NULL || strcmp(in->issuer, did)))
		return fail(in->why, in->whylen, TUNAS_EAUTH,
			    "proof %zu: signer is not the credential's issuer", i);

	value = member_string(proof, "proofValue");
	if (value == NULL || tunas_base58_decode(sig, &siglen, sizeof(sig), value) != 0 ||
	    siglen != crypto_sign_BYTES)
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: proofValue is not a base58btc Ed25519 signature", i);

	/* The Recommendation lets a document's @context grow after signing
	 * (it need only start with the proof's); Tunas is stricter, so that
	 * every changed byte of the document breaks the proof. */
	context = json_object_get(proof, "@context");
	if (context != NULL && (in->context == NULL || !json_equal(context, in->context)))
		return fail(in->why, in->whylen, TUNAS_EINVAL,
			    "proof %zu: @context differs from the document's", i);

	config = copy_without(proof, "proofValue");
	if (config == NULL) {
		rc = fail(in->why, in->whylen, TUNAS_ENOMEM, "out of memory");
		goto out;
	}
	rc = check_signature(in, config, sig, pk);
	if (rc == TUNAS_EAUTH && context == NULL && in->context != NULL) {
		/* Proofs made before the Recommendation left @context out of
		 * the proof but put the document's into the proof config. */
		if (json_object_set(config, "@context", (json_t *)in->context) != 0)
			rc = TUNAS_ENOMEM;
		else
			rc = check_signature(in, config, sig, pk);
	}
	if (rc == TUNAS_EAUTH)
		rc = fail(in->why, in->whylen, rc, "proof %zu: signature does not match", i);
	else if (rc == TUNAS_ENOMEM)
		rc = fail(in->why, in->whylen, rc, "out of memory");
	else if (rc != 0)
		rc = fail(in->why, in->whylen, rc, "proof %zu: cannot be canonicalised", i);
out:
	json_decref(config);
	return rc;
}

int tunas_vc_verify(const json_t *credential, const char *const *issuers, unsigned flags, char *why,
		    size_t whylen)
{
	verify_input in = {NULL, {0}, NULL, issuers, flags, why, whylen};
	const json_t *proofs;
	json_t *unsecured = NULL;
	size_t n;
	int rc;

	if (!json_is_object(credential))
		return fail(why, whylen, TUNAS_EINVAL, "the document is not a JSON object");
	proofs = json_object_get(credential, "proof");
	if (json_is_object(proofs))
		n = 1;
	else if (json_is_array(proofs))
		n = json_array_size(proofs);
	else
		n = 0;
	if (n == 0)
		return fail(why, whylen, TUNAS_EINVAL, "the document has no proof");
	if (n > TUNAS_VC_PROOFS_MAX)
		return fail(why, whylen, TUNAS_ELIMIT, "more than %d proofs", TUNAS_VC_PROOFS_MAX);
	in.context = json_object_get(credential, "@context");
	in.issuer = issuer_id(credential);
	unsecured = copy_without(credential, "proof");
	if (unsecured == NULL) {
		rc = fail(why, whylen, TUNAS_ENOMEM, "out of memory");
		goto out;
	}
	rc = hash_canonical(in.doc_hash, unsecured);
	if (rc != 0) {
		rc = fail(why, whylen, rc, "the document cannot be canonicalised%s",
			  rc == TUNAS_ENOMEM ? " (out of memory)" : "");
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = verify_proof(&in, json_is_array(proofs) ? json_array_get(proofs, i) : proofs,
				  i + 1);
out:
	json_decref(unsecured);
	return rc;
}

/* ---- Bitstring Status List ----------------------------------------------- */

static voidpf zalloc_tunas(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return tunas_reallocarray(NULL, items, size);
}

static void zfree_tunas(voidpf opaque, voidpf p)
{
	(void)opaque;
	tunas_free(p);
}

/* windowBits for zlib's GZIP (RFC 1952) wrapper. */
#define GZIP_WINDOW (15 + 16)

int tunas_statuslist_encode(char **out, const unsigned char *bits, size_t nbits)
{
	z_stream zs;
	unsigned char *gz = NULL;
	bool started = false;
	uLong bound;
	int rc, zrc;

	if (nbits < TUNAS_STATUSLIST_MIN_BITS || nbits > TUNAS_STATUSLIST_MAX_BITS ||
	    nbits % 8 != 0)
		return TUNAS_EINVAL;
	memset(&zs, 0, sizeof(zs));
	zs.zalloc = zalloc_tunas;
	zs.zfree = zfree_tunas;
	zrc = deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_WINDOW, 8, Z_DEFAULT_STRATEGY);
	if (zrc != Z_OK) {
		rc = zrc == Z_MEM_ERROR ? TUNAS_ENOMEM : TUNAS_ERROR;
		goto out;
	}
	started = true;
	bound = deflateBound(&zs, (uLong)(nbits / 8));
	gz = tunas_malloc(bound);
	if (gz == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	zs.next_in = (Bytef *)bits; /* zlib does not write to its input */
	zs.avail_in = (uInt)(nbits / 8);
	zs.next_out = gz;
	zs.avail_out = (uInt)bound;
	zrc = deflate(&zs, Z_FINISH);
	if (zrc != Z_STREAM_END) {
		rc = zrc == Z_MEM_ERROR ? TUNAS_ENOMEM : TUNAS_ERROR;
		goto out;
	}
	rc = tunas_base64url_encode(out, gz, zs.total_out);
out:
	if (started)
		deflateEnd(&zs);
	tunas_free(gz);
	return rc;
}

int tunas_statuslist_decode(unsigned char **out, size_t *nbits, const char *encoded,
			    size_t max_bits)
{
	unsigned char *gz = NULL, *buf = NULL;
	size_t max_bytes, gz_max, gzlen = 0, cap, len;
	bool started = false;
	z_stream zs;
	int rc, zrc;

	if (max_bits == 0 || max_bits > TUNAS_STATUSLIST_MAX_BITS)
		max_bits = TUNAS_STATUSLIST_MAX_BITS;
	max_bytes = max_bits / 8;
	/* DEFLATE's worst case on incompressible data, plus the header. */
	gz_max = max_bytes + max_bytes / 1000 + 1024;
	len = strnlen(encoded, 1 + (gz_max + 2) / 3 * 4 + 1);
	if (len > 1 + (gz_max + 2) / 3 * 4)
		return TUNAS_ELIMIT;
	rc = tunas_base64url_decode(&gz, &gzlen, encoded, len, gz_max);
	if (rc != 0)
		goto out;

	memset(&zs, 0, sizeof(zs));
	zs.zalloc = zalloc_tunas;
	zs.zfree = zfree_tunas;
	zrc = inflateInit2(&zs, GZIP_WINDOW);
	if (zrc != Z_OK) {
		rc = zrc == Z_MEM_ERROR ? TUNAS_ENOMEM : TUNAS_ERROR;
		goto out;
	}
	started = true;
	/* One spare byte past max_bytes tells "exactly the limit" from "more". */
	cap = max_bytes + 1 < 16384 ? max_bytes + 1 : 16384;
	buf = tunas_malloc(cap);
	if (buf == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	zs.next_in = gz;
	zs.avail_in = (uInt)gzlen;
	for (;;) {
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (uInt)(cap - zs.total_out);
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_MEM_ERROR) {
			rc = TUNAS_ENOMEM;
			goto out;
		}
		if (zrc != Z_OK && !(zrc == Z_BUF_ERROR && zs.avail_out == 0)) {
			rc = TUNAS_EINVAL; /* corrupt, or truncated */
			goto out;
		}
		if (zs.avail_out == 0) {
			unsigned char *p;
			size_t grown = cap * 2 < max_bytes + 1 ? cap * 2 : max_bytes + 1;

			if (cap >= max_bytes + 1) {
				rc = TUNAS_ELIMIT;
				goto out;
			}
			p = tunas_reallocarray(buf, grown, 1);
			if (p == NULL) {
				rc = TUNAS_ENOMEM;
				goto out;
			}
			buf = p;
			cap = grown;
		}
	}
	if (zs.avail_in != 0) {
		rc = TUNAS_EINVAL; /* something after the GZIP member */
		goto out;
	}
	if (zs.total_out > max_bytes) {
		rc = TUNAS_ELIMIT;
		goto out;
	}
	if (zs.total_out < TUNAS_STATUSLIST_MIN_BITS / 8) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	*out = buf;
	*nbits = (size_t)zs.total_out * 8;
	buf = NULL;
	rc = TUNAS_OK;
out:
	if (started)
		inflateEnd(&zs);
	tunas_free(gz);
	tunas_free(buf);
	return rc;
}

int tunas_statuslist_get(const unsigned char *bits, size_t nbits, size_t index)
{
	if (index >= nbits)
		return TUNAS_EINVAL;
	/* Index 0 is the left-most (most significant) bit of the first byte. */
	return (bits[index / 8] >> (7 - index % 8)) & 1;
}

int tunas_statuslist_set(unsigned char *bits, size_t nbits, size_t index, bool on)
{
	unsigned char mask;

	if (index >= nbits)
		return TUNAS_EINVAL;
	mask = (unsigned char)(0x80u >> (index % 8));
	if (on)
		bits[index / 8] |= mask;
	else
		bits[index / 8] &= (unsigned char)~mask;
	return TUNAS_OK;
}
