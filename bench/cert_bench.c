/*
 * cert_bench.c — how fast certificates are signed and verified, against
 * raw Ed25519 in the same run.
 *
 * Measures libsodium's crypto_sign_detached and crypto_sign_verify_detached
 * on a 64-byte message (what eddsa-jcs-2022 signs: two SHA-256 hashes), then
 * tunas_vc_sign and tunas_vc_verify on a realistic Open Badges 3.0
 * AchievementCredential of about 2 KB; the ratio is the share of raw
 * signature speed left after canonicalisation, hashing and JSON handling.
 *   bench_cert [SECONDS]   (default 2 per measurement)
 */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tunas/tunas.h"
#include "vc.h"

static const char credential[] =
	"{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",\"https://purl.imsglobal.org"
	"/spec/ob/v3p0/context-3.0.3.json\"],\"id\":\"urn:uuid:3f2b7c1e-9a4d-4e8b-8c21-5d6e7f"
	"809a1b\",\"type\":[\"VerifiableCredential\",\"AchievementCredential\"],\"name\":\"Si"
	"jil Kemahiran: Pendawaian Elektrik Industri\",\"description\":\"Awarded on completin"
	"g the funded programme in industrial electrical installation.\",\"issuer\":{\"id\":\""
	"did:key:replaced-by-the-signer\",\"type\":[\"Profile\"],\"name\":\"Pusat Latihan Tek"
	"nikal Tunas — Shah Alam\",\"url\":\"https://tunas.example/centres/12\"},\"validFrom\""
	":\"2025-03-01T00:00:00Z\",\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\""
	"identifier\":[{\"type\":\"IdentityObject\",\"identityHash\":\"sha256$5c3b1d9e8f0a7b6"
	"c4d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c\",\"identityType\":\"nationalIdent"
	"ityNumber\",\"hashed\":true,\"salt\":\"q3V9m2Lr8x\"}],\"name\":\"Nurul Ain binti Abd"
	"ullah\",\"activityStartDate\":\"2024-09-02T00:00:00Z\",\"activityEndDate\":\"2025-02"
	"-21T00:00:00Z\",\"creditsEarned\":3.5,\"achievement\":{\"id\":\"https://tunas.exampl"
	"e/programmes/41/achievement\",\"type\":[\"Achievement\"],\"achievementType\":\"Certi"
	"ficate\",\"name\":\"Industrial Electrical Installation (Level 3)\",\"description\":\""
	"Installs, tests and maintains three-phase wiring in industrial premises to the natio"
	"nal occupational standard.\",\"criteria\":{\"narrative\":\"Completed 480 hours of in"
	"struction and workshop practice, passed the written and practical assessments, and a"
	"ttended at least 80% of sessions.\"},\"creditsAvailable\":3.5,\"fieldOfStudy\":\"Ele"
	"ctrical installation\",\"inLanguage\":\"ms\",\"tag\":[\"TVET\",\"electrical\",\"leve"
	"l-3\"]}},\"credentialStatus\":{\"id\":\"https://tunas.example/status/1#94567\",\"typ"
	"e\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\""
	":\"94567\",\"statusListCredential\":\"https://tunas.example/status/1\"}}";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Calls per second of `step` over about `seconds`; -1 if a call fails. */
static double rate(int (*step)(void *), void *arg, double seconds)
{
	double t0 = now(), t;
	long n = 0;

	do {
		for (int i = 0; i < 64; i++, n++)
			if (step(arg) != 0)
				return -1;
		t = now();
	} while (t - t0 < seconds);
	return (double)n / (t - t0);
}

typedef struct {
	tunas_vc_key key;
	unsigned char msg[64], sig[crypto_sign_BYTES];
	json_t *unsigned_doc, *signed_doc;
} bench;

static int raw_sign(void *p)
{
	bench *b = p;

	return crypto_sign_detached(b->sig, NULL, b->msg, sizeof(b->msg), b->key.sk);
}

static int raw_verify(void *p)
{
	bench *b = p;

	return crypto_sign_verify_detached(b->sig, b->msg, sizeof(b->msg), b->key.pk);
}

static int vc_sign(void *p)
{
	bench *b = p;
	int rc = tunas_vc_sign(b->unsigned_doc, &b->key, "2025-03-01T08:30:00Z");

	json_object_del(b->unsigned_doc, "proof");
	return rc;
}

static int vc_verify(void *p)
{
	bench *b = p;

	return tunas_vc_verify(b->signed_doc, NULL, 0, NULL, 0);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 2.0;
	double rs, rv, vs, vv;
	char *text;
	bench b;

	if (seconds <= 0 || tunas_global_init() != 0 || tunas_vc_key_generate(&b.key) != 0)
		return 1;
	randombytes_buf(b.msg, sizeof(b.msg));
	b.unsigned_doc = json_loads(credential, JSON_DECODE_INT_AS_REAL, NULL);
	if (b.unsigned_doc == NULL || json_object_set_new(json_object_get(b.unsigned_doc, "issuer"),
							  "id", json_string(b.key.did)) != 0)
		return 1;
	b.signed_doc = json_deep_copy(b.unsigned_doc);
	if (tunas_vc_sign(b.signed_doc, &b.key, "2025-03-01T08:30:00Z") != 0)
		return 1;
	text = json_dumps(b.signed_doc, JSON_COMPACT);
	printf("cert: credential %zu bytes unsigned, %zu signed\n", sizeof(credential) - 1,
	       text != NULL ? strlen(text) : 0);
	free(text);
	rs = rate(raw_sign, &b, seconds);
	vs = rate(vc_sign, &b, seconds);
	rv = rate(raw_verify, &b, seconds);
	vv = rate(vc_verify, &b, seconds);
	if (rs <= 0 || vs <= 0 || rv <= 0 || vv <= 0) {
		fprintf(stderr, "bench_cert: a signature or verification failed\n");
		return 1;
	}
	printf("cert: sign %.0f/s (raw ed25519 %.0f/s, ratio %.2f)\n", vs, rs, vs / rs);
	printf("cert: verify %.0f/s (raw ed25519 %.0f/s, ratio %.2f)\n", vv, rv, vv / rv);
	json_decref(b.unsigned_doc);
	json_decref(b.signed_doc);
	tunas_vc_key_dispose(&b.key);
	return 0;
}
