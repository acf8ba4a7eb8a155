/*
 * test_vc.c — verifiable certificates (src/lib/vc.c): did:key, the
 * eddsa-jcs-2022 proof against the W3C Recommendation's test vectors, what
 * a verifier must refuse, issuer key files, Bitstring Status Lists, and
 * out-of-memory at every allocation of signing and verifying.
 */
#include <check.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "tunas/tunas.h"
#include "util/jcs.h"
#include "util/mem.h"
#include "util/multibase.h"
#include "vc.h"

#define CREATED "2025-03-01T08:30:00Z"

/* Read tests/data/<rel> whole, NUL-terminated, into a malloc'd buffer. */
static char *read_data(const char *rel, size_t *len)
{
	const char *dir = getenv("TUNAS_TEST_DATA");
	char path[4096];
	FILE *f;
	char *buf;
	long n;

	ck_assert_msg(dir != NULL, "TUNAS_TEST_DATA is not set");
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(buf);
	ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static json_t *load_json(const char *rel)
{
	char why[200] = "";
	size_t len;
	char *text = read_data(rel, &len);
	json_t *v = NULL;

	ck_assert_msg(tunas_vc_parse(&v, text, len, why, sizeof(why)) == 0, "%s: %s", rel, why);
	free(text);
	return v;
}

static void hex_decode(unsigned char *out, size_t n, const char *hex)
{
	size_t len = 0;

	ck_assert_int_eq(sodium_hex2bin(out, n, hex, strlen(hex), NULL, &len, NULL), 0);
	ck_assert_uint_eq(len, n);
}

static void key_from_byte(tunas_vc_key *key, unsigned char b)
{
	unsigned char seed[TUNAS_VC_SEED_BYTES] = {0};

	seed[TUNAS_VC_SEED_BYTES - 1] = b;
	ck_assert_int_eq(tunas_vc_key_from_seed(key, seed), 0);
}

/* The sample AchievementCredential, issued by `key` and signed by it. */
static json_t *signed_sample(const tunas_vc_key *key)
{
	json_t *doc = load_json("vc/achievement.json");

	json_object_set_new(json_object_get(doc, "issuer"), "id", json_string(key->did));
	ck_assert_int_eq(tunas_vc_sign(doc, key, CREATED), 0);
	return doc;
}

static json_t *first_proof(json_t *doc)
{
	return json_array_get(json_object_get(doc, "proof"), 0);
}

/* Verify and expect `rc`; if want_why, the reason must contain it. */
static void expect_verify(const json_t *doc, const char *const *issuers, unsigned flags, int rc,
			  const char *want_why)
{
	char why[256] = "";
	int got = tunas_vc_verify(doc, issuers, flags, why, sizeof(why));

	ck_assert_msg(got == rc, "verify gave %d (%s), want %d", got, why, rc);
	if (want_why != NULL)
		ck_assert_msg(strstr(why, want_why) != NULL, "reason \"%s\" lacks \"%s\"", why,
			      want_why);
}

/* ---- did:key ---- */

/* The did:key method's test vectors (w3c-ccg/did-method-key,
 * test-vectors/ed25519-x25519.json): seed, DID and the raw key in base58. */
static const struct {
	unsigned char seed_last;
	const char *did, *pk_base58;
} did_vectors[] = {
	{0, "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
	 "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS"},
	{1, "did:key:z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG",
	 "6ASf5EcmmEHTgDJ4X4ZT5vT6iHVJBXPg5AN5YoTCpGWt"},
	{2, "did:key:z6MknGc3ocHs3zdPiJbnaaqDi58NGb4pk1Sp9WxWufuXSdxf",
	 "8pM1DN3RiT8vbom5u1sNryaNT1nyL8CTTW3b5PwWXRBH"},
};

START_TEST(did_key_matches_the_method_test_vectors)
{
	for (size_t i = 0; i < sizeof(did_vectors) / sizeof(did_vectors[0]); i++) {
		unsigned char pk[32], from_did[32], from_vm[32];
		char text[64], vm[TUNAS_VC_VM_LEN + 1];
		tunas_vc_key key;
		size_t n = 0;

		key_from_byte(&key, did_vectors[i].seed_last);
		ck_assert_str_eq(key.did, did_vectors[i].did);
		snprintf(vm, sizeof(vm), "%s#%s", did_vectors[i].did, did_vectors[i].did + 8);
		ck_assert_str_eq(key.vm, vm);
		snprintf(text, sizeof(text), "z%s", did_vectors[i].pk_base58);
		ck_assert_int_eq(tunas_base58_decode(pk, &n, sizeof(pk), text), 0);
		ck_assert_uint_eq(n, 32);
		ck_assert_int_eq(memcmp(pk, key.pk, 32), 0);
		ck_assert_int_eq(tunas_vc_did_key_public(from_did, key.did), 0);
		ck_assert_int_eq(tunas_vc_did_key_public(from_vm, key.vm), 0);
		ck_assert_int_eq(memcmp(from_did, pk, 32), 0);
		ck_assert_int_eq(memcmp(from_vm, pk, 32), 0);
		tunas_vc_key_dispose(&key);
	}
}
END_TEST

START_TEST(did_key_decoding_is_strict)
{
	const char *did0 = did_vectors[0].did, *mk0 = did_vectors[0].did + 8;
	const char *mk1 = did_vectors[1].did + 8;
	unsigned char pk[32], identity[34] = {0xed, 0x01, 0x01};
	char bad[8][160], small[TUNAS_BASE58_TEXT_SIZE(34)];
	static const char *const fixed[] = {
		"",
		"did:key:",
		"did:web:example.com",
		"DID:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		/* an X25519 key (multicodec 0xec) from the same vectors */
		"did:key:z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW",
		"did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
		"did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0",
	};

	memset(pk, 0x5a, sizeof(pk));
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		ck_assert_msg(tunas_vc_did_key_public(pk, fixed[i]) == TUNAS_EINVAL, "accepted %s",
			      fixed[i]);
	ck_assert_int_eq(tunas_vc_did_key_public(pk, NULL), TUNAS_EINVAL);
	snprintf(bad[0], sizeof(bad[0]), "%.55s", did0);	      /* one character short */
	snprintf(bad[1], sizeof(bad[1]), "%sA", did0);		      /* one too many */
	snprintf(bad[2], sizeof(bad[2]), "%s#%s", did0, mk1);	      /* another key's fragment */
	snprintf(bad[3], sizeof(bad[3]), "%s#", did0);		      /* empty fragment */
	snprintf(bad[4], sizeof(bad[4]), "%s#key-1", did0);	      /* not the key */
	snprintf(bad[5], sizeof(bad[5]), "%s#%s#%s", did0, mk0, mk0); /* two fragments */
	snprintf(bad[6], sizeof(bad[6]), " %s", did0);		      /* leading junk */
	/* The identity point encodes fine but is of small order. */
	ck_assert_int_eq(tunas_base58_encode(small, sizeof(small), identity, sizeof(identity)), 0);
	snprintf(bad[7], sizeof(bad[7]), "did:key:%s", small);
	for (size_t i = 0; i < 8; i++)
		ck_assert_msg(tunas_vc_did_key_public(pk, bad[i]) == TUNAS_EINVAL, "accepted %s",
			      bad[i]);
	for (size_t i = 0; i < sizeof(pk); i++)
		ck_assert_int_eq(pk[i], 0x5a);
}
END_TEST

/* ---- the W3C eddsa-jcs-2022 test vectors ---- */

/* The key of the vectors: secretKeyMultibase is multicodec ed25519-priv
 * (0x80 0x26) followed by the 32-byte seed. */
static void w3c_key(tunas_vc_key *key)
{
	json_t *pair = load_json("vc-di-eddsa/keypair.json");
	const char *secret = json_string_value(json_object_get(pair, "secretKeyMultibase"));
	const char *public = json_string_value(json_object_get(pair, "publicKeyMultibase"));
	unsigned char raw[34];
	char did[TUNAS_VC_DID_LEN + 1];
	size_t n = 0;

	ck_assert_int_eq(tunas_base58_decode(raw, &n, sizeof(raw), secret), 0);
	ck_assert_uint_eq(n, 34);
	ck_assert_int_eq(raw[0], 0x80);
	ck_assert_int_eq(raw[1], 0x26);
	ck_assert_int_eq(tunas_vc_key_from_seed(key, raw + 2), 0);
	snprintf(did, sizeof(did), "did:key:%s", public);
	ck_assert_str_eq(key->did, did);
	sodium_memzero(raw, sizeof(raw));
	json_decref(pair);
}

START_TEST(w3c_vectors_canonical_forms_and_hashes)
{
	json_t *doc = load_json("vc-di-eddsa/credential.json");
	json_t *opts = load_json("vc-di-eddsa/proof-options.json");
	json_t *hashes = load_json("vc-di-eddsa/hashes.json");
	unsigned char want[32], got[32];
	size_t wantlen, len;
	char *canon, *want_canon;

	ck_assert_int_eq(tunas_jcs_encode(&canon, &len, doc), 0);
	want_canon = read_data("vc-di-eddsa/credential.canonical", &wantlen);
	ck_assert_uint_eq(len, wantlen);
	ck_assert_str_eq(canon, want_canon);
	crypto_hash_sha256(got, (unsigned char *)canon, len);
	hex_decode(want, 32, json_string_value(json_object_get(hashes, "credentialHash")));
	ck_assert_int_eq(memcmp(got, want, 32), 0);
	tunas_free(canon);
	free(want_canon);

	ck_assert_int_eq(tunas_jcs_encode(&canon, &len, opts), 0);
	want_canon = read_data("vc-di-eddsa/proof-options.canonical", &wantlen);
	ck_assert_uint_eq(len, wantlen);
	ck_assert_str_eq(canon, want_canon);
	crypto_hash_sha256(got, (unsigned char *)canon, len);
	hex_decode(want, 32, json_string_value(json_object_get(hashes, "proofOptionsHash")));
	ck_assert_int_eq(memcmp(got, want, 32), 0);
	tunas_free(canon);
	free(want_canon);
	json_decref(doc);
	json_decref(opts);
	json_decref(hashes);
}
END_TEST

START_TEST(w3c_vectors_sign_reproduces_the_proof)
{
	json_t *doc = load_json("vc-di-eddsa/credential.json");
	json_t *signed_doc = load_json("vc-di-eddsa/signed.json");
	json_t *hashes = load_json("vc-di-eddsa/hashes.json");
	json_t *want_proof = json_object_get(signed_doc, "proof");
	unsigned char sig[64], want_sig[64];
	const char *value;
	tunas_vc_key key;
	size_t n = 0;

	w3c_key(&key);
	ck_assert_int_eq(tunas_vc_sign(doc, &key, "2023-02-24T23:36:38Z"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "proof")), 1);
	value = json_string_value(json_object_get(first_proof(doc), "proofValue"));
	ck_assert_str_eq(value, json_string_value(json_object_get(hashes, "proofValue")));
	ck_assert_str_eq(value, json_string_value(json_object_get(want_proof, "proofValue")));
	ck_assert_int_eq(tunas_base58_decode(sig, &n, sizeof(sig), value), 0);
	hex_decode(want_sig, 64, json_string_value(json_object_get(hashes, "signatureHex")));
	ck_assert_int_eq(memcmp(sig, want_sig, 64), 0);
	/* The whole proof, members and all, is the Recommendation's. */
	ck_assert(json_equal(first_proof(doc), want_proof));

	/* The published document verifies (its issuer is an https URL, not
	 * the did:key, so only with TUNAS_VC_ANY_SIGNER). */
	expect_verify(signed_doc, NULL, TUNAS_VC_ANY_SIGNER, 0, NULL);
	expect_verify(signed_doc, NULL, 0, TUNAS_EAUTH,
		      "proof 1: signer is not the credential's issuer");
	expect_verify(doc, NULL, TUNAS_VC_ANY_SIGNER, 0, NULL);
	tunas_vc_key_dispose(&key);
	json_decref(doc);
	json_decref(signed_doc);
	json_decref(hashes);
}
END_TEST

/* ---- signing and verifying ---- */

START_TEST(sign_then_verify)
{
	tunas_vc_key key;
	json_t *doc, *proof;
	const char *trusted[3] = {NULL, NULL, NULL};

	ck_assert_int_eq(tunas_vc_key_generate(&key), 0);
	ck_assert(strncmp(key.did, "did:key:z6Mk", 12) == 0);
	doc = signed_sample(&key);
	proof = first_proof(doc);
	ck_assert_str_eq(json_string_value(json_object_get(proof, "type")), "DataIntegrityProof");
	ck_assert_str_eq(json_string_value(json_object_get(proof, "cryptosuite")),
			 "eddsa-jcs-2022");
	ck_assert_str_eq(json_string_value(json_object_get(proof, "created")), CREATED);
	ck_assert_str_eq(json_string_value(json_object_get(proof, "verificationMethod")), key.vm);
	ck_assert_str_eq(json_string_value(json_object_get(proof, "proofPurpose")),
			 "assertionMethod");
	ck_assert(json_equal(json_object_get(proof, "@context"), json_object_get(doc, "@context")));
	/* 'z' and the 87 or 88 base58 digits of 64 bytes. */
	ck_assert_uint_ge(strlen(json_string_value(json_object_get(proof, "proofValue"))), 88);
	ck_assert_uint_le(strlen(json_string_value(json_object_get(proof, "proofValue"))), 89);
	expect_verify(doc, NULL, 0, 0, NULL);
	trusted[0] = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
	expect_verify(doc, trusted, 0, TUNAS_EAUTH, "is not a trusted issuer");
	trusted[1] = key.did;
	expect_verify(doc, trusted, 0, 0, NULL);
	json_decref(doc);
	tunas_vc_key_dispose(&key);
}
END_TEST

/* Whitespace, member order and escapes are not significant: the same
 * values, written differently, verify. */
START_TEST(verify_ignores_insignificant_form)
{
	static const size_t flags[] = {JSON_COMPACT, JSON_INDENT(4) | JSON_SORT_KEYS,
				       JSON_INDENT(1) | JSON_ENSURE_ASCII};
	tunas_vc_key key;
	json_t *doc;

	key_from_byte(&key, 7);
	doc = signed_sample(&key);
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		char *text = json_dumps(doc, flags[i]), why[200] = "";
		json_t *back = NULL;

		ck_assert_int_eq(tunas_vc_parse(&back, text, strlen(text), why, sizeof(why)), 0);
		expect_verify(back, NULL, 0, 0, NULL);
		json_decref(back);
		free(text);
	}
	/* 3.5 written as 3.50 and 35e-1 is the same number. */
	{
		static const char from[] = "\"creditsEarned\":3.5";
		char *text = json_dumps(doc, JSON_COMPACT), *p, *changed, why[200] = "";
		json_t *back = NULL;
		size_t size = strlen(text) + 8;

		p = strstr(text, from);
		ck_assert_ptr_nonnull(p);
		changed = malloc(size);
		snprintf(changed, size, "%.*s\"creditsEarned\":35e-1%s", (int)(p - text), text,
			 p + strlen(from));
		ck_assert_int_eq(tunas_vc_parse(&back, changed, strlen(changed), why, sizeof(why)),
				 0);
		expect_verify(back, NULL, 0, 0, NULL);
		json_decref(back);
		free(changed);
		free(text);
	}
	json_decref(doc);
	tunas_vc_key_dispose(&key);
}
END_TEST

/* Every change to the document is caught. */
START_TEST(verify_catches_a_changed_document)
{
	tunas_vc_key key, other;
	json_t *doc, *d, *subject, *achievement;

	key_from_byte(&key, 1);
	key_from_byte(&other, 2);
	doc = signed_sample(&key);

	/* One character of a string. */
	d = json_deep_copy(doc);
	subject = json_object_get(d, "credentialSubject");
	json_object_set_new(subject, "name", json_string("Nurul Ain binti Abdullaj"));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "proof 1: signature does not match");
	json_decref(d);
	/* A nested string. */
	d = json_deep_copy(doc);
	achievement = json_object_get(json_object_get(d, "credentialSubject"), "achievement");
	json_object_set_new(achievement, "name",
			    json_string("Industrial Electrical Installation (Level 4)"));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	/* A number, and a number turned into a string. */
	d = json_deep_copy(doc);
	achievement = json_object_get(json_object_get(d, "credentialSubject"), "achievement");
	json_object_set_new(achievement, "creditsAvailable", json_real(3.6));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_object_set_new(achievement, "creditsAvailable", json_string("3.5"));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	/* An added field, and a removed one. */
	d = json_deep_copy(doc);
	json_object_set_new(d, "validUntil", json_string("2099-01-01T00:00:00Z"));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	d = json_deep_copy(doc);
	json_object_del(d, "credentialStatus");
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	/* Array order matters. */
	d = json_deep_copy(doc);
	json_object_set_new(d, "type",
			    json_pack("[s,s]", "AchievementCredential", "VerifiableCredential"));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	/* The issuer changed to someone else: not the signer any more. */
	d = json_deep_copy(doc);
	json_object_set_new(json_object_get(d, "issuer"), "id", json_string(other.did));
	expect_verify(d, NULL, 0, TUNAS_EAUTH, "proof 1: signer is not the credential's issuer");
	expect_verify(d, NULL, TUNAS_VC_ANY_SIGNER, TUNAS_EAUTH, "signature does not match");
	json_decref(d);
	/* A context added after signing (the Recommendation would allow a
	 * longer @context; Tunas does not). */
	d = json_deep_copy(doc);
	json_array_append_new(
		json_object_get(d, "@context"),
		json_string("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"));
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "proof 1: @context differs from the document's");
	json_decref(d);
	/* The proof removed, or emptied. */
	d = json_deep_copy(doc);
	json_object_del(d, "proof");
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "the document has no proof");
	json_object_set_new(d, "proof", json_array());
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "the document has no proof");
	json_object_set_new(d, "proof", json_string("z2HnFSS"));
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "the document has no proof");
	json_decref(d);
	d = json_array();
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "not a JSON object");
	json_decref(d);

	expect_verify(doc, NULL, 0, 0, NULL);
	json_decref(doc);
	tunas_vc_key_dispose(&key);
	tunas_vc_key_dispose(&other);
}
END_TEST

/* Set member `name` of the first proof of a copy of `doc` to `v` (NULL
 * deletes it) and expect verification to give rc and a reason. */
static void expect_proof_change(const json_t *doc, const char *name, json_t *v, unsigned flags,
				int rc, const char *want_why)
{
	json_t *d = json_deep_copy(doc);
	json_t *proof = first_proof(d);

	if (v == NULL)
		json_object_del(proof, name);
	else
		json_object_set_new(proof, name, v);
	expect_verify(d, NULL, flags, rc, want_why);
	json_decref(d);
}

START_TEST(verify_catches_a_changed_proof)
{
	tunas_vc_key key, other;
	json_t *doc;
	char value[100];
	const char *pv;

	key_from_byte(&key, 3);
	key_from_byte(&other, 4);
	doc = signed_sample(&key);
	pv = json_string_value(json_object_get(first_proof(doc), "proofValue"));

	expect_proof_change(doc, "created", json_string("2025-03-01T08:30:01Z"), 0, TUNAS_EAUTH,
			    "proof 1: signature does not match");
	expect_proof_change(doc, "created", json_string("2025-02-30T08:30:00Z"), 0, TUNAS_EINVAL,
			    "proof 1: created is not a dateTimeStamp");
	expect_proof_change(doc, "created", json_string("2025-03-01 08:30:00Z"), 0, TUNAS_EINVAL,
			    "created");
	expect_proof_change(doc, "created", json_integer(1740817800), 0, TUNAS_EINVAL, "created");
	expect_proof_change(doc, "created", NULL, 0, TUNAS_EAUTH, "signature does not match");
	/* proofValue: one character changed, not base58, too short. */
	snprintf(value, sizeof(value), "%s", pv);
	value[40] = value[40] == 'a' ? 'b' : 'a';
	expect_proof_change(doc, "proofValue", json_string(value), 0, TUNAS_EAUTH,
			    "proof 1: signature does not match");
	value[40] = '0';
	expect_proof_change(doc, "proofValue", json_string(value), 0, TUNAS_EINVAL,
			    "proof 1: proofValue is not a base58btc Ed25519 signature");
	expect_proof_change(doc, "proofValue", json_string("z3"), 0, TUNAS_EINVAL, "proofValue");
	snprintf(value, sizeof(value), "u%s", pv + 1);
	expect_proof_change(doc, "proofValue", json_string(value), 0, TUNAS_EINVAL, "proofValue");
	expect_proof_change(doc, "proofValue", NULL, 0, TUNAS_EINVAL, "proofValue");
	/* verificationMethod: another key's, not a did:key, a bare DID. */
	expect_proof_change(doc, "verificationMethod", json_string(other.vm), 0, TUNAS_EAUTH,
			    "proof 1: signer is not the credential's issuer");
	expect_proof_change(doc, "verificationMethod", json_string(other.vm), TUNAS_VC_ANY_SIGNER,
			    TUNAS_EAUTH, "proof 1: signature does not match");
	expect_proof_change(doc, "verificationMethod",
			    json_string("https://tunas.example/issuers/1#key-1"), 0, TUNAS_EINVAL,
			    "proof 1: verificationMethod is not a did:key");
	expect_proof_change(doc, "verificationMethod", json_string(key.did), 0, TUNAS_EINVAL,
			    "verificationMethod is not a did:key");
	/* type, cryptosuite, purpose. */
	expect_proof_change(doc, "type", json_string("Ed25519Signature2020"), 0, TUNAS_EINVAL,
			    "proof 1: type is not DataIntegrityProof");
	expect_proof_change(doc, "cryptosuite", json_string("eddsa-rdfc-2022"), 0, TUNAS_EINVAL,
			    "proof 1: cryptosuite \"eddsa-rdfc-2022\" is not supported");
	expect_proof_change(doc, "cryptosuite", NULL, 0, TUNAS_EINVAL, "proof 1: no cryptosuite");
	expect_proof_change(doc, "proofPurpose", json_string("authentication"), 0, TUNAS_EINVAL,
			    "proof 1: proofPurpose is not assertionMethod");
	/* The proof's own @context changed, or dropped. */
	expect_proof_change(doc, "@context",
			    json_pack("[s]", "https://www.w3.org/ns/credentials/v2"), 0,
			    TUNAS_EINVAL, "proof 1: @context differs from the document's");
	/* Without its copy of @context the proof reads as a pre-Recommendation
	 * one, whose proof config took the document's @context: the same
	 * signed bytes, so it still holds. */
	expect_proof_change(doc, "@context", NULL, 0, 0, NULL);
	/* Members this verifier does not support, or that are signed. */
	expect_proof_change(doc, "previousProof", json_string("urn:uuid:1"), 0, TUNAS_EINVAL,
			    "proof chains");
	expect_proof_change(doc, "nonce", json_string("added"), 0, TUNAS_EAUTH,
			    "signature does not match");
	json_decref(doc);
	tunas_vc_key_dispose(&key);
	tunas_vc_key_dispose(&other);
}
END_TEST

START_TEST(proof_sets)
{
	tunas_vc_key key;
	json_t *doc, *d, *text_doc = NULL;
	char why[200] = "";
	static const char dup_key[] =
		"{\"issuer\": \"did:key:x\", \"proof\": {\"cryptosuite\": \"eddsa-jcs-2022\", "
		"\"cryptosuite\": \"eddsa-rdfc-2022\"}}";

	key_from_byte(&key, 5);
	doc = signed_sample(&key);
	/* A second proof by the same key: both verify, each on its own. */
	ck_assert_int_eq(tunas_vc_sign(doc, &key, "2025-03-02T00:00:00Z"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(doc, "proof")), 2);
	expect_verify(doc, NULL, 0, 0, NULL);
	/* The same proof twice. */
	d = json_deep_copy(doc);
	json_array_set_new(json_object_get(d, "proof"), 1, json_deep_copy(first_proof(d)));
	expect_verify(d, NULL, 0, 0, NULL);
	/* Any proof that cannot be verified fails the set. */
	json_object_set_new(json_array_get(json_object_get(d, "proof"), 1), "cryptosuite",
			    json_string("bbs-2023"));
	expect_verify(d, NULL, 0, TUNAS_EINVAL,
		      "proof 2: cryptosuite \"bbs-2023\" is not supported");
	json_array_set_new(json_object_get(d, "proof"), 1, json_string("x"));
	expect_verify(d, NULL, 0, TUNAS_EINVAL, "proof 2: not a JSON object");
	json_decref(d);
	/* A single proof object, as the VC data model also allows. */
	d = json_deep_copy(doc);
	json_object_set(d, "proof", first_proof(doc));
	expect_verify(d, NULL, 0, 0, NULL);
	/* Signing again turns it into an array and keeps it first. */
	ck_assert_int_eq(tunas_vc_sign(d, &key, "2025-03-03T00:00:00Z"), 0);
	ck_assert_uint_eq(json_array_size(json_object_get(d, "proof")), 2);
	ck_assert(json_equal(first_proof(d), first_proof(doc)));
	expect_verify(d, NULL, 0, 0, NULL);
	/* Too many proofs. */
	while (json_array_size(json_object_get(d, "proof")) <= TUNAS_VC_PROOFS_MAX)
		json_array_append(json_object_get(d, "proof"), first_proof(d));
	expect_verify(d, NULL, 0, TUNAS_ELIMIT, "more than");
	json_decref(d);
	/* Duplicate member names are refused when parsing. */
	ck_assert_int_eq(tunas_vc_parse(&text_doc, dup_key, strlen(dup_key), why, sizeof(why)),
			 TUNAS_EINVAL);
	ck_assert_ptr_null(text_doc);
	ck_assert_ptr_nonnull(strstr(why, "duplicate"));
	ck_assert_int_eq(tunas_vc_parse(&text_doc, "[1]", 3, why, sizeof(why)), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_vc_parse(&text_doc, "{}", TUNAS_VC_DOC_MAX + 1, why, sizeof(why)),
			 TUNAS_ELIMIT);
	ck_assert_ptr_null(text_doc);
	json_decref(doc);
	tunas_vc_key_dispose(&key);
}
END_TEST

/* Proofs that put @context in the proof config but not in the proof (as
 * drafts before the Recommendation did), and proofs of signers that skip
 * the @context step altogether, both verify. */
START_TEST(verify_accepts_proofs_without_context)
{
	tunas_vc_key key;
	json_t *doc = NULL, *unsecured, *config;
	unsigned char hash[64], sig[64];
	char value[TUNAS_BASE58_TEXT_SIZE(64)], *canon;
	size_t len;

	key_from_byte(&key, 6);
	for (int with_context = 0; with_context < 2; with_context++) {
		doc = load_json("vc/achievement.json");
		json_object_set_new(json_object_get(doc, "issuer"), "id", json_string(key.did));
		unsecured = json_deep_copy(doc);
		config = json_pack("{s:s,s:s,s:s,s:s,s:s}", "type", "DataIntegrityProof",
				   "cryptosuite", "eddsa-jcs-2022", "created", CREATED,
				   "verificationMethod", key.vm, "proofPurpose", "assertionMethod");
		if (with_context)
			json_object_set(config, "@context", json_object_get(doc, "@context"));
		ck_assert_int_eq(tunas_jcs_encode(&canon, &len, config), 0);
		crypto_hash_sha256(hash, (unsigned char *)canon, len);
		tunas_free(canon);
		ck_assert_int_eq(tunas_jcs_encode(&canon, &len, unsecured), 0);
		crypto_hash_sha256(hash + 32, (unsigned char *)canon, len);
		tunas_free(canon);
		crypto_sign_detached(sig, NULL, hash, 64, key.sk);
		ck_assert_int_eq(tunas_base58_encode(value, sizeof(value), sig, 64), 0);
		json_object_del(config, "@context");
		json_object_set_new(config, "proofValue", json_string(value));
		json_object_set_new(doc, "proof", json_pack("[o]", config));
		expect_verify(doc, NULL, 0, 0, NULL);
		json_decref(unsecured);
		json_decref(doc);
	}
	tunas_vc_key_dispose(&key);
}
END_TEST

START_TEST(verify_checks_expiry_and_dates)
{
	tunas_vc_key key;
	json_t *doc;
	static const char *const good[] = {
		"2025-03-01T08:30:00Z",	       "2024-02-29T23:59:59Z",
		"2025-03-01T08:30:00.123Z",    "2025-03-01T08:30:00+08:00",
		"2025-03-01T08:30:00.5-14:00", "0001-01-01T00:00:00Z",
	};
	static const char *const bad[] = {
		"2025-03-01",
		"2025-03-01T08:30:00",
		"2025-03-01t08:30:00Z",
		"2025-02-29T08:30:00Z",
		"2100-02-29T08:30:00Z",
		"2025-13-01T08:30:00Z",
		"2025-03-01T24:00:00Z",
		"2025-03-01T08:60:00Z",
		"2025-03-01T08:30:60Z",
		"2025-03-01T08:30:00.Z",
		"2025-03-01T08:30:00+15:00",
		"2025-03-01T08:30:00+0800",
		"2025-03-01T08:30:00Zjunk",
		"+2025-03-01T08:30:00Z",
		"2025-3-01T08:30:00Z",
		"0000-01-01T00:00:00Z",
		"",
	};
	char now[TUNAS_VC_DATETIME_SIZE];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(tunas_vc_datetime_is_valid(good[i]), "refused %s", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!tunas_vc_datetime_is_valid(bad[i]), "accepted %s", bad[i]);
	ck_assert(!tunas_vc_datetime_is_valid(NULL));
	tunas_set_now(1740817800); /* 2025-03-01T08:30:00Z */
	tunas_vc_datetime_now(now);
	ck_assert_str_eq(now, "2025-03-01T08:30:00Z");

	key_from_byte(&key, 8);
	doc = load_json("vc/achievement.json");
	json_object_set_new(json_object_get(doc, "issuer"), "id", json_string(key.did));
	ck_assert_int_eq(tunas_vc_sign(doc, &key, "2025-02-30T00:00:00Z"), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_vc_sign(doc, &key, NULL), TUNAS_EINVAL);
	ck_assert_ptr_null(json_object_get(doc, "proof"));
	/* An expiry is part of the signed proof options; a past one fails. */
	json_object_set_new(doc, "proof", json_array());
	ck_assert_int_eq(tunas_vc_sign(doc, &key, CREATED), 0);
	expect_verify(doc, NULL, 0, 0, NULL);
	json_object_set_new(first_proof(doc), "expires", json_string("2025-03-01T08:29:59+00:00"));
	expect_verify(doc, NULL, 0, TUNAS_EAUTH, "proof 1: expired");
	json_object_set_new(first_proof(doc), "expires", json_string("tomorrow"));
	expect_verify(doc, NULL, 0, TUNAS_EINVAL, "expires is not a dateTimeStamp");
	json_object_set_new(first_proof(doc), "expires", json_string("2025-03-01T16:31:00+08:00"));
	expect_verify(doc, NULL, 0, TUNAS_EAUTH, "signature does not match");
	tunas_set_now(0);
	json_decref(doc);
	tunas_vc_key_dispose(&key);
}
END_TEST

START_TEST(sign_refuses_bad_input_and_leaves_it_alone)
{
	tunas_vc_key key;
	json_t *doc, *before, *arr = json_array();

	key_from_byte(&key, 9);
	ck_assert_int_eq(tunas_vc_sign(arr, &key, CREATED), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_vc_sign(NULL, &key, CREATED), TUNAS_EINVAL);
	doc = load_json("vc/achievement.json");
	ck_assert_int_eq(tunas_vc_sign(doc, NULL, CREATED), TUNAS_EINVAL);
	json_object_set_new(doc, "proof", json_string("not a proof"));
	before = json_deep_copy(doc);
	ck_assert_int_eq(tunas_vc_sign(doc, &key, CREATED), TUNAS_EINVAL);
	ck_assert(json_equal(doc, before));
	json_decref(before);
	/* A value JCS cannot express (invalid UTF-8 that bypassed jansson). */
	json_object_del(doc, "proof");
	ck_assert_int_eq(tunas_vc_sign(doc, &key, CREATED), 0);
	json_object_set_new(doc, "bad", json_stringn_nocheck("\xff", 1));
	before = json_deep_copy(doc);
	ck_assert_int_eq(tunas_vc_sign(doc, &key, CREATED), TUNAS_EINVAL);
	ck_assert(json_equal(doc, before));
	expect_verify(doc, NULL, TUNAS_VC_ANY_SIGNER, TUNAS_EINVAL,
		      "the document cannot be canonicalised");
	json_decref(before);
	json_decref(doc);
	json_decref(arr);
	tunas_vc_key_dispose(&key);
}
END_TEST

/* ---- key files ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tunas-vc-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(key_files)
{
	tunas_vc_key key, back, untouched;
	char path[128], link[128], other[128];
	struct stat st;
	FILE *f;

	make_tmpdir();
	snprintf(path, sizeof(path), "%s/issuer.key", tmpdir);
	ck_assert_int_eq(tunas_vc_key_generate(&key), 0);
	umask(0);
	ck_assert_int_eq(tunas_vc_key_save(&key, path), 0);
	umask(022);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(st.st_size, 32);
	ck_assert_int_eq(tunas_vc_key_load(&back, path), 0);
	ck_assert_str_eq(back.did, key.did);
	ck_assert_str_eq(back.vm, key.vm);
	ck_assert_int_eq(memcmp(back.sk, key.sk, sizeof(key.sk)), 0);
	/* Never overwritten. */
	ck_assert_int_eq(tunas_vc_key_save(&key, path), TUNAS_ECONFLICT);
	ck_assert_int_eq(tunas_vc_key_load(&back, path), 0);
	ck_assert_str_eq(back.did, key.did);

	memset(&untouched, 0x5a, sizeof(untouched));
	back = untouched;
	/* Readable by others or the group: refused. */
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(tunas_vc_key_load(&back, path), TUNAS_EPERM);
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_int_eq(tunas_vc_key_load(&back, path), TUNAS_EPERM);
	ck_assert_int_eq(chmod(path, 0602), 0);
	ck_assert_int_eq(tunas_vc_key_load(&back, path), TUNAS_EPERM);
	ck_assert_int_eq(chmod(path, 0600), 0);
	/* Missing, a symlink, a directory, the wrong size. */
	snprintf(other, sizeof(other), "%s/missing.key", tmpdir);
	ck_assert_int_eq(tunas_vc_key_load(&back, other), TUNAS_ENOTFOUND);
	snprintf(link, sizeof(link), "%s/link.key", tmpdir);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(tunas_vc_key_load(&back, link), TUNAS_EPERM);
	ck_assert_int_eq(tunas_vc_key_save(&key, link), TUNAS_ECONFLICT);
	ck_assert_int_eq(tunas_vc_key_load(&back, tmpdir), TUNAS_EINVAL);
	snprintf(other, sizeof(other), "%s/short.key", tmpdir);
	f = fopen(other, "w");
	ck_assert_ptr_nonnull(f);
	fputs("too short", f);
	fclose(f);
	ck_assert_int_eq(chmod(other, 0600), 0);
	ck_assert_int_eq(tunas_vc_key_load(&back, other), TUNAS_EINVAL);
	ck_assert_int_eq(memcmp(&back, &untouched, sizeof(back)), 0);
	/* No directory to write in. */
	snprintf(other, sizeof(other), "%s/no/such/dir.key", tmpdir);
	ck_assert_int_eq(tunas_vc_key_save(&key, other), TUNAS_EIO);

	/* Disposing wipes the secret. */
	tunas_vc_key_dispose(&key);
	for (size_t i = 0; i < sizeof(key.sk); i++)
		ck_assert_int_eq(key.sk[i], 0);
	tunas_vc_key_dispose(NULL);
	tunas_vc_key_dispose(&back);
	remove_tmpdir();
}
END_TEST

/* ---- Bitstring Status List ---- */

/* GZIP `len` bytes as zlib's deflate does, into a malloc'd buffer. */
static unsigned char *gzip_bytes(const unsigned char *in, size_t len, size_t *outlen)
{
	z_stream zs;
	unsigned char *out;
	uLong bound;

	memset(&zs, 0, sizeof(zs));
	ck_assert_int_eq(deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	bound = deflateBound(&zs, len);
	out = malloc(bound);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)bound;
	ck_assert_int_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	return out;
}

/* The multibase base64url text of `len` bytes (malloc'd by tunas). */
static char *b64(const unsigned char *bytes, size_t len)
{
	char *text = NULL;

	ck_assert_int_eq(tunas_base64url_encode(&text, bytes, len), 0);
	return text;
}

START_TEST(statuslist_round_trip_and_bit_order)
{
	const size_t nbits = TUNAS_STATUSLIST_MIN_BITS;
	static const size_t set[] = {0, 1, 7, 8, 12345, 94567, TUNAS_STATUSLIST_MIN_BITS - 1};
	unsigned char *bits = calloc(nbits / 8, 1), *back = NULL;
	size_t backbits = 0;
	char *enc = NULL;

	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		ck_assert_int_eq(tunas_statuslist_set(bits, nbits, set[i], true), 0);
	/* Index 0 is the left-most bit of the first byte. */
	ck_assert_int_eq(bits[0], 0x80 | 0x40 | 0x01);
	ck_assert_int_eq(bits[1], 0x80);
	ck_assert_int_eq(bits[nbits / 8 - 1], 0x01);
	ck_assert_int_eq(tunas_statuslist_encode(&enc, bits, nbits), 0);
	ck_assert_int_eq(enc[0], 'u');
	ck_assert(strncmp(enc, "uH4sI", 5) == 0); /* GZIP magic 1f 8b 08 */
	ck_assert_int_eq(tunas_statuslist_decode(&back, &backbits, enc, 0), 0);
	ck_assert_uint_eq(backbits, nbits);
	ck_assert_int_eq(memcmp(back, bits, nbits / 8), 0);
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		ck_assert_int_eq(tunas_statuslist_get(back, backbits, set[i]), 1);
		if (set[i] + 1 < nbits && set[i] != 0 && set[i] != 7)
			ck_assert_int_eq(tunas_statuslist_get(back, backbits, set[i] + 1), 0);
	}
	ck_assert_int_eq(tunas_statuslist_get(back, backbits, 2), 0);
	ck_assert_int_eq(tunas_statuslist_get(back, backbits, nbits), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_set(bits, nbits, nbits, true), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_set(bits, nbits, 0, false), 0);
	ck_assert_int_eq(tunas_statuslist_get(bits, nbits, 0), 0);
	ck_assert_int_eq(bits[0], 0x41);
	tunas_free(back);
	tunas_free(enc);
	free(bits);
}
END_TEST

START_TEST(statuslist_reads_the_spec_example)
{
	/* encodedList of the BitstringStatusListCredential example in the
	 * W3C Bitstring Status List v1.0 specification: 16 KB of zeros. */
	unsigned char *bits = NULL;
	size_t nbits = 0;

	ck_assert_int_eq(
		tunas_statuslist_decode(
			&bits, &nbits,
			"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA", 0),
		0);
	ck_assert_uint_eq(nbits, 131072);
	for (size_t i = 0; i < nbits / 8; i++)
		ck_assert_int_eq(bits[i], 0);
	tunas_free(bits);
}
END_TEST

START_TEST(statuslist_sizes_and_bad_input)
{
	const size_t nbytes = TUNAS_STATUSLIST_MIN_BITS / 8;
	unsigned char *bits = calloc(2 * nbytes, 1), *back = NULL, *gz, *bad;
	size_t gzlen, n = 0;
	char *enc = NULL, *text;

	/* Below the 16 KB minimum, or not whole bytes. */
	ck_assert_int_eq(tunas_statuslist_encode(&enc, bits, TUNAS_STATUSLIST_MIN_BITS - 8),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_encode(&enc, bits, TUNAS_STATUSLIST_MIN_BITS + 1),
			 TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_encode(&enc, bits, TUNAS_STATUSLIST_MAX_BITS + 8),
			 TUNAS_EINVAL);
	ck_assert_ptr_null(enc);
	gz = gzip_bytes(bits, nbytes - 1, &gzlen);
	text = b64(gz, gzlen);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	tunas_free(text);
	free(gz);
	/* A larger list than the caller allows. */
	ck_assert_int_eq(tunas_statuslist_encode(&enc, bits, 2 * nbytes * 8), 0);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, enc, nbytes * 8), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, enc, 2 * nbytes * 8), 0);
	ck_assert_uint_eq(n, 2 * nbytes * 8);
	tunas_free(back);
	back = NULL;
	tunas_free(enc);

	/* Corrupt, truncated, followed by junk, zlib not gzip, bad text. */
	gz = gzip_bytes(bits, nbytes, &gzlen);
	bad = malloc(gzlen + 4);
	memcpy(bad, gz, gzlen);
	bad[gzlen - 6] ^= 0x01; /* the CRC-32 */
	text = b64(bad, gzlen);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	tunas_free(text);
	text = b64(gz, gzlen - 3);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	tunas_free(text);
	memcpy(bad, gz, gzlen);
	memcpy(bad + gzlen, "junk", 4);
	text = b64(bad, gzlen + 4);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	tunas_free(text);
	{
		uLongf zlen = compressBound(nbytes);
		unsigned char *z = malloc(zlen);

		ck_assert_int_eq(compress(z, &zlen, bits, nbytes), Z_OK);
		text = b64(z, zlen);
		ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
		tunas_free(text);
		free(z);
	}
	text = b64(gz, gzlen);
	text[0] = 'z';
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	text[0] = 'u';
	text[5] = '+';
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, "u", 0), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, "", 0), TUNAS_EINVAL);
	ck_assert_ptr_null(back);
	tunas_free(text);
	free(bad);
	free(gz);
	free(bits);
}
END_TEST

/* A few kilobytes that inflate to more than the largest list allowed. */
START_TEST(statuslist_refuses_a_zip_bomb)
{
	const size_t big = (size_t)TUNAS_STATUSLIST_MAX_BITS / 8 * 4;
	unsigned char *zeros = calloc(big, 1), *gz, *back = NULL;
	size_t gzlen, n = 0;
	char *text;

	gz = gzip_bytes(zeros, big, &gzlen);
	ck_assert_uint_lt(gzlen, 64 * 1024);
	text = b64(gz, gzlen);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, 0), TUNAS_ELIMIT);
	ck_assert_int_eq(tunas_statuslist_decode(&back, &n, text, (size_t)-1), TUNAS_ELIMIT);
	ck_assert_ptr_null(back);
	tunas_free(text);
	free(gz);
	free(zeros);
}
END_TEST

/* ---- out of memory ---- */

/* Make the k-th allocation fail, k = 1, 2, ... until the call succeeds,
 * with jansson's allocations counted too: every failure must be
 * TUNAS_ENOMEM and leave the document as it was. */
START_TEST(sign_and_verify_survive_allocation_failure)
{
	tunas_vc_key key;
	json_t *doc, *signed_doc;
	int sign_failures = 0, verify_failures = 0;
	long k;

	json_set_alloc_funcs(tunas_malloc, tunas_free);
	key_from_byte(&key, 10);
	doc = load_json("vc/achievement.json");
	json_object_set_new(json_object_get(doc, "issuer"), "id", json_string(key.did));
	for (k = 1; k < 100000; k++) {
		json_t *copy = json_deep_copy(doc);
		int rc;

		tunas_mem_fail_at(k);
		rc = tunas_vc_sign(copy, &key, CREATED);
		tunas_mem_fail_at(0);
		if (rc == 0) {
			expect_verify(copy, NULL, 0, 0, NULL);
			json_decref(copy);
			break;
		}
		ck_assert_msg(rc == TUNAS_ENOMEM, "allocation %ld: sign gave %d", k, rc);
		ck_assert_msg(json_equal(copy, doc), "allocation %ld: document changed", k);
		sign_failures++;
		json_decref(copy);
	}
	ck_assert_int_gt(sign_failures, 10);

	signed_doc = signed_sample(&key);
	for (k = 1; k < 100000; k++) {
		char why[200] = "";
		int rc;

		tunas_mem_fail_at(k);
		rc = tunas_vc_verify(signed_doc, NULL, 0, why, sizeof(why));
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_msg(rc == TUNAS_ENOMEM, "allocation %ld: verify gave %d (%s)", k, rc,
			      why);
		ck_assert_ptr_nonnull(strstr(why, "out of memory"));
		verify_failures++;
	}
	ck_assert_int_gt(verify_failures, 5);
	json_decref(signed_doc);
	json_decref(doc);
	tunas_vc_key_dispose(&key);
}
END_TEST

START_TEST(statuslist_survives_allocation_failure)
{
	const size_t nbits = TUNAS_STATUSLIST_MIN_BITS;
	unsigned char *bits = calloc(nbits / 8, 1), *back = NULL;
	char *enc = NULL;
	size_t n = 0;
	int failures = 0;
	long k;

	bits[100] = 0x24;
	for (k = 1; k < 1000; k++) {
		int rc;

		tunas_mem_fail_at(k);
		rc = tunas_statuslist_encode(&enc, bits, nbits);
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_ptr_null(enc);
		failures++;
	}
	for (k = 1; k < 1000; k++) {
		int rc;

		tunas_mem_fail_at(k);
		rc = tunas_statuslist_decode(&back, &n, enc, 0);
		tunas_mem_fail_at(0);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, TUNAS_ENOMEM);
		ck_assert_ptr_null(back);
		failures++;
	}
	ck_assert_int_gt(failures, 3);
	ck_assert_int_eq(memcmp(back, bits, nbits / 8), 0);
	tunas_free(back);
	tunas_free(enc);
	free(bits);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("vc");
	TCase *did = tcase_create("did");
	TCase *w3c = tcase_create("w3c");
	TCase *proof = tcase_create("proof");
	TCase *keys = tcase_create("keys");
	TCase *status = tcase_create("statuslist");
	TCase *oom = tcase_create("oom");

	tcase_add_test(did, did_key_matches_the_method_test_vectors);
	tcase_add_test(did, did_key_decoding_is_strict);
	suite_add_tcase(s, did);
	tcase_add_test(w3c, w3c_vectors_canonical_forms_and_hashes);
	tcase_add_test(w3c, w3c_vectors_sign_reproduces_the_proof);
	suite_add_tcase(s, w3c);
	tcase_add_test(proof, sign_then_verify);
	tcase_add_test(proof, verify_ignores_insignificant_form);
	tcase_add_test(proof, verify_catches_a_changed_document);
	tcase_add_test(proof, verify_catches_a_changed_proof);
	tcase_add_test(proof, proof_sets);
	tcase_add_test(proof, verify_accepts_proofs_without_context);
	tcase_add_test(proof, verify_checks_expiry_and_dates);
	tcase_add_test(proof, sign_refuses_bad_input_and_leaves_it_alone);
	suite_add_tcase(s, proof);
	tcase_add_test(keys, key_files);
	suite_add_tcase(s, keys);
	tcase_add_test(status, statuslist_round_trip_and_bit_order);
	tcase_add_test(status, statuslist_reads_the_spec_example);
	tcase_add_test(status, statuslist_sizes_and_bad_input);
	tcase_add_test(status, statuslist_refuses_a_zip_bomb);
	suite_add_tcase(s, status);
	tcase_set_timeout(oom, 120);
	tcase_add_test(oom, sign_and_verify_survive_allocation_failure);
	tcase_add_test(oom, statuslist_survives_allocation_failure);
	suite_add_tcase(s, oom);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	if (tunas_global_init() != 0)
		return 1;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
