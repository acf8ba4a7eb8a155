/*
 * vc.h — the cryptographic core of Tunas's verifiable certificates
 * (internal to libtunas; the certificate module builds on it).
 *
 * A certificate is a W3C Verifiable Credential 2.0 / Open Badges 3.0
 * AchievementCredential in JSON, secured by a Data Integrity proof with the
 * `eddsa-jcs-2022` cryptosuite (W3C Recommendation "Data Integrity EdDSA
 * Cryptosuites v1.0", section 3.3): the document and the proof options are
 * canonicalised with JCS (util/jcs.h), hashed with SHA-256, and the two
 * hashes, proof options first, are signed with Ed25519. The issuer is a
 * did:key, so a verifier needs nothing but the document itself.
 *
 * This module owns the issuer's key (tunas_vc_key, wiped by
 * tunas_vc_key_dispose), the proof format, and the W3C Bitstring Status
 * List encoding through which certificates are revoked or suspended. It
 * decides nothing about who may issue what; the caller does.
 */
#ifndef TUNAS_LIB_VC_H
#define TUNAS_LIB_VC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "tunas/tunas.h"

#define TUNAS_VC_SEED_BYTES 32
#define TUNAS_VC_PUBLIC_BYTES 32
#define TUNAS_VC_SECRET_BYTES 64
/* An Ed25519 Multikey, 'z' + base58btc of 0xed 0x01 + key: always 48 chars. */
#define TUNAS_VC_MULTIKEY_LEN 48
#define TUNAS_VC_DID_LEN (8 + TUNAS_VC_MULTIKEY_LEN)		       /* did:key:z6Mk... */
#define TUNAS_VC_VM_LEN (TUNAS_VC_DID_LEN + 1 + TUNAS_VC_MULTIKEY_LEN) /* did#fragment */
/* "YYYY-MM-DDThh:mm:ssZ" and its NUL. */
#define TUNAS_VC_DATETIME_SIZE 21
/* The largest credential tunas_vc_parse() reads, and the most proofs a
 * document may carry. */
#define TUNAS_VC_DOC_MAX (1024 * 1024)
#define TUNAS_VC_PROOFS_MAX 8

#define TUNAS_VC_CRYPTOSUITE "eddsa-jcs-2022"

/* An issuer's Ed25519 key pair and its did:key names. Holds a secret:
 * dispose of it with tunas_vc_key_dispose(). */
typedef struct {
	unsigned char pk[TUNAS_VC_PUBLIC_BYTES];
	unsigned char sk[TUNAS_VC_SECRET_BYTES]; /* libsodium form: seed || pk */
	char did[TUNAS_VC_DID_LEN + 1];		 /* did:key:z6Mk... */
	char vm[TUNAS_VC_VM_LEN + 1];		 /* did:key:z6Mk...#z6Mk... */
} tunas_vc_key;

/* A new random key in *out. Returns 0 or TUNAS_ERROR. */
int tunas_vc_key_generate(tunas_vc_key *out);

/* The key derived from a 32-byte seed (RFC 8032 private key) in *out.
 * Returns 0 or TUNAS_ERROR. The seed stays the caller's to wipe. */
int tunas_vc_key_from_seed(tunas_vc_key *out, const unsigned char seed[TUNAS_VC_SEED_BYTES]);

/* Wipe the key's secret (and the rest of it). Accepts NULL. */
void tunas_vc_key_dispose(tunas_vc_key *key);

/*
 * Write the key's 32-byte seed to a new file at `path`: created with
 * O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600, fsync'd, then its directory
 * fsync'd. Never overwrites. Returns 0; TUNAS_ECONFLICT if `path` exists;
 * TUNAS_EIO otherwise (a partly written file is removed).
 */
int tunas_vc_key_save(const tunas_vc_key *key, const char *path);

/*
 * Read a key saved by tunas_vc_key_save() into *out. Refuses a symbolic
 * link, a file not owned by the effective user, or one that group or
 * others may read or write. Returns 0; TUNAS_ENOTFOUND if there is no
 * file; TUNAS_EPERM for wrong ownership, mode or a symlink; TUNAS_EINVAL
 * if it is not a regular 32-byte file; TUNAS_EIO. *out is written only on
 * success; the caller disposes of it with tunas_vc_key_dispose().
 */
int tunas_vc_key_load(tunas_vc_key *out, const char *path);

/*
 * The Ed25519 public key named by a did:key DID ("did:key:z6Mk...") or a
 * verification method of one ("did:key:z6Mk...#z6Mk...", the fragment
 * being the same key). Strict: the prefix, the multicodec 0xed 0x01, the
 * length and a valid curve point are all checked. Returns 0 with the key
 * in `out`, or TUNAS_EINVAL (out untouched).
 */
int tunas_vc_did_key_public(unsigned char out[TUNAS_VC_PUBLIC_BYTES], const char *did_or_vm);

/* True if `s` is an XML Schema dateTimeStamp as VC 2.0 uses them:
 * YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm), a real calendar date. */
bool tunas_vc_datetime_is_valid(const char *s);

/* The current time (tunas_now()) as "YYYY-MM-DDThh:mm:ssZ". */
void tunas_vc_datetime_now(char out[TUNAS_VC_DATETIME_SIZE]);

/*
 * Parse an untrusted credential: at most TUNAS_VC_DOC_MAX bytes, a JSON
 * object, duplicate member names refused, numbers read as ECMAScript reads
 * them (JSON_DECODE_INT_AS_REAL; see util/jcs.h). Returns 0 with a new
 * reference in *out (the caller json_decref()s it); TUNAS_EINVAL or
 * TUNAS_ELIMIT with the reason in `why` (may be NULL).
 */
int tunas_vc_parse(json_t **out, const char *text, size_t len, char *why, size_t whylen);

/*
 * Sign `credential` (a JSON object; modified in place) with `key`: append
 * an eddsa-jcs-2022 DataIntegrityProof to credential["proof"], creating
 * the array if there is none (Open Badges 3.0 wants an array; a single
 * proof object already there becomes the first element):
 *
 *   {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022",
 *    "created": created, "verificationMethod": key->vm,
 *    "proofPurpose": "assertionMethod", "@context": <the document's>,
 *    "proofValue": "z<base58btc Ed25519 signature>"}
 *
 * "@context" is copied into the proof as the Recommendation's Create Proof
 * step 2 says; the signature covers the proof without proofValue and the
 * document without any proof, so proofs of a set are independent.
 * `created` must pass tunas_vc_datetime_is_valid(). Returns 0; TUNAS_EINVAL
 * (not an object, bad `created`, a "proof" that is neither object nor
 * array, a value JCS cannot express); TUNAS_ELIMIT; TUNAS_ENOMEM. On
 * failure the credential is unchanged. The caller keeps ownership of all
 * arguments.
 */
int tunas_vc_sign(json_t *credential, const tunas_vc_key *key, const char *created);

/* tunas_vc_verify() flag: do not require the signer to be the document's
 * issuer (for documents that are not credentials, or issuers that are not
 * did:keys, such as the W3C test vectors). */
#define TUNAS_VC_ANY_SIGNER 1u

/*
 * Verify every proof of `credential` (borrowed, not modified). Each must
 * be a DataIntegrityProof of eddsa-jcs-2022 with proofPurpose
 * assertionMethod, a verificationMethod that is a did:key verification
 * method, a well-formed `created` if any, no `expires` in the past, no
 * previousProof (chains are not supported), an "@context" equal to the
 * document's if it has one, and an Ed25519 signature over the recomputed
 * hashes. Unless `flags` has TUNAS_VC_ANY_SIGNER, the signer's DID must be
 * the document's issuer (`issuer` or `issuer.id`); if `issuers` is not
 * NULL (a NULL-terminated list of DIDs) it must also be one of them.
 *
 * Returns 0 if every proof holds; otherwise TUNAS_EAUTH (a signature that
 * does not match, a signer that is not the issuer or not trusted, an
 * expired proof), TUNAS_EINVAL (malformed or unsupported), TUNAS_ELIMIT or
 * TUNAS_ENOMEM, with a reason such as "proof 1: signature does not match"
 * in `why` (may be NULL).
 */
int tunas_vc_verify(const json_t *credential, const char *const *issuers, unsigned flags, char *why,
		    size_t whylen);

/* Bitstring Status List: the minimum (16 KB, for herd privacy) and the
 * maximum (8 MiB) uncompressed list, in bits. */
#define TUNAS_STATUSLIST_MIN_BITS 131072
#define TUNAS_STATUSLIST_MAX_BITS (64 * 1024 * 1024)

/*
 * The `encodedList` of a BitstringStatusList: `nbits` bits of `bits`
 * (index 0 is the most significant bit of bits[0]), GZIP-compressed and
 * written as multibase base64url ("u..."). nbits must be a multiple of 8
 * from TUNAS_STATUSLIST_MIN_BITS to TUNAS_STATUSLIST_MAX_BITS. Returns 0
 * with a new string in *out (the caller frees it with tunas_free());
 * TUNAS_EINVAL; TUNAS_ENOMEM; TUNAS_ERROR if zlib fails.
 */
int tunas_statuslist_encode(char **out, const unsigned char *bits, size_t nbits);

/*
 * Expand an `encodedList`: base64url, then one GZIP member and nothing
 * after it, decompressing at most `max_bits` (0 or more than
 * TUNAS_STATUSLIST_MAX_BITS mean TUNAS_STATUSLIST_MAX_BITS), so a small
 * hostile input cannot make it allocate without bound. Returns 0 with a
 * new buffer in *out of *nbits bits (the caller frees it with
 * tunas_free()); TUNAS_EINVAL (bad encoding, corrupt or truncated data,
 * fewer than TUNAS_STATUSLIST_MIN_BITS bits); TUNAS_ELIMIT (larger than
 * max_bits); TUNAS_ENOMEM.
 */
int tunas_statuslist_decode(unsigned char **out, size_t *nbits, const char *encoded,
			    size_t max_bits);

/* Bit `index` of a list: 1 (set: revoked or suspended), 0, or TUNAS_EINVAL
 * if index >= nbits. */
int tunas_statuslist_get(const unsigned char *bits, size_t nbits, size_t index);

/* Set or clear bit `index`. Returns 0 or TUNAS_EINVAL if index >= nbits. */
int tunas_statuslist_set(unsigned char *bits, size_t nbits, size_t index, bool on);

#endif
