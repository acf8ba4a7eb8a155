/*
 * cert.h — certificates anyone can verify without trusting our server.
 *
 * A certificate is issued to a person who completed a cohort (the rules of
 * assess.h decide), automatically when the programme says so or by a
 * centre admin. It is a W3C Verifiable Credential 2.0 / Open Badges 3.0
 * AchievementCredential, signed with a Data Integrity proof (cryptosuite
 * eddsa-jcs-2022: Ed25519 over the RFC 8785 canonical form) by the
 * installation's issuer key, named by a did:key. The signed JSON is kept
 * as issued; a PDF with a QR code for the verification page is made from
 * it on demand.
 *
 * Status: each certificate has an index in a W3C Bitstring Status List
 * with two bits per entry (statusPurpose "message": 0 valid, 1 suspended,
 * 2 revoked), published as a signed BitstringStatusListCredential at
 * {base}/status/{list}. Revocation is final; a suspension can be lifted.
 * Certificates may expire (validUntil) and be renewed: a new credential
 * for the same achievement, the old one revoked as superseded if still
 * valid.
 *
 * Keys: `tunas init` makes the first issuer key in the key directory (the
 * 32-byte seed, mode 0600, in a 0700 directory); the database keeps each
 * key's public part. Rotating makes a new key the one that signs; older
 * keys stay listed as retired and what they signed stays valid, since a
 * did:key carries its public key.
 */
#ifndef TUNAS_CERT_H
#define TUNAS_CERT_H

#include "tunas/tunas.h"

#define TUNAS_UUID_LEN 36
#define TUNAS_DID_MAX 128
#define TUNAS_URL_MAX 200
#define TUNAS_STATUS_LIST_SIZE 131072 /* entries per list (the spec's 16 KB minimum at 1 bit) */

typedef enum {
	TUNAS_CERT_NONE = 0,
	TUNAS_CERT_ACTIVE,
	TUNAS_CERT_SUSPENDED,
	TUNAS_CERT_REVOKED,
} tunas_cert_status;

typedef struct {
	int64_t id;
	char uuid[TUNAS_UUID_LEN + 1]; /* the credential's id is urn:uuid:<uuid> */
	int64_t person_id;
	int64_t cohort_id;
	int64_t programme_id;
	int64_t key_id;
	int64_t status_index; /* list = index / TUNAS_STATUS_LIST_SIZE + 1 */
	tunas_cert_status status;
	char reason[TUNAS_NAME_MAX + 1]; /* of the last status change */
	int64_t issued_at;
	int64_t expires_at; /* 0: does not expire */
	int64_t renewal_of; /* the certificate this one renews, or 0 */
	int64_t issued_by;  /* user id; 0 for the local operator or automatic */
	char holder_name[TUNAS_NAME_MAX + 1];
	char achievement[TUNAS_NAME_MAX + 1];
} tunas_certificate;

typedef struct {
	int64_t id;
	char did[TUNAS_DID_MAX + 1];
	int64_t created_at;
	int64_t retired_at; /* 0 while it is the signing key */
} tunas_issuer_key;

/* The result of verifying a presented credential. */
typedef struct {
	bool signature_ok;	  /* the proof verifies with the key its DID names */
	bool known_issuer;	  /* the DID is one of this installation's keys */
	bool on_record;		  /* it is the very document issued (offline: not checked) */
	tunas_cert_status status; /* NONE when the status could not be checked */
	bool expired;
	bool not_yet_valid;
	bool valid;		      /* all of the above say yes */
	char why[TUNAS_NAME_MAX + 1]; /* the first reason it is not valid */
	char uuid[TUNAS_UUID_LEN + 1];
	char issuer_did[TUNAS_DID_MAX + 1];
	char issuer_name[TUNAS_NAME_MAX + 1];
	char holder_name[TUNAS_NAME_MAX + 1];
	char achievement[TUNAS_NAME_MAX + 1];
	char valid_from[32], valid_until[32]; /* as in the credential; "" if absent */
	char status_reason[TUNAS_NAME_MAX + 1];
	char status_as_of[32]; /* offline: the status list's validFrom ("" if none) */
} tunas_cert_verdict;

/* What a programme's certificates attest, as published at
 * {base}/achievements/{programme code} (the credentials' achievement id). */
typedef struct {
	char code[TUNAS_CODE_MAX + 1];
	char name[TUNAS_NAME_MAX + 1];
	char description[TUNAS_TEXT_MAX + 1];
	char criteria[TUNAS_TEXT_MAX + 1];
	char issuer_name[TUNAS_NAME_MAX + 1];
	int hours; /* of all the programme's courses */
} tunas_achievement;

const char *tunas_cert_status_name(tunas_cert_status s);
tunas_cert_status tunas_cert_status_parse(const char *name);

/*
 * Where the key directory is (default: "keys" beside an SQLite database)
 * and the public base URL the credentials point to (status lists and the
 * verification page), e.g. "https://tunas.jtm.gov.my". Both copied.
 */
int tunas_cert_configure(tunas_ctx *ctx, const char *key_dir, const char *base_url);
/* The base URL in use (borrowed; lives as long as ctx). */
const char *tunas_cert_base_url(const tunas_ctx *ctx);

/* Make the first issuer key if there is none (tunas init); *out_created
 * says whether one was made. System admin (the local operator) only. */
int tunas_issuer_key_ensure(tunas_ctx *ctx, bool *out_created);
/* Make a new signing key and retire the current one. */
int tunas_issuer_key_rotate(tunas_ctx *ctx, tunas_issuer_key *out);
/* Every key, newest first; caller frees *out. Public. */
int tunas_issuer_key_list(tunas_ctx *ctx, tunas_issuer_key **out, size_t *n);

/*
 * Issue a certificate to person_id for cohort_id: the completion rules
 * must hold and the enrolment be completed. A centre admin of the cohort's
 * centre, the programme's owner or a system admin may; TUNAS_ECONFLICT if
 * the person already holds an active one for the cohort.
 */
int tunas_cert_issue(tunas_ctx *ctx, tunas_certificate *out, int64_t person_id, int64_t cohort_id);
/* Read: the holder, and who can see the person's enrolment. */
int tunas_cert_get(tunas_ctx *ctx, tunas_certificate *out, int64_t id);
/* person_id / cohort_id 0: any; caller frees *out. */
int tunas_cert_list(tunas_ctx *ctx, tunas_certificate **out, size_t *n, int64_t person_id,
		    int64_t cohort_id, const tunas_page *page);
/* The signed credential JSON as issued; caller frees *out with free(). */
int tunas_cert_credential(tunas_ctx *ctx, char **out, size_t *out_len, int64_t id);
/* The printable PDF in English and the programme's language (ms or id),
 * of an active certificate (TUNAS_ECONFLICT otherwise: paper cannot show
 * a later revocation); caller frees *out. */
int tunas_cert_pdf(tunas_ctx *ctx, unsigned char **out, size_t *out_len, int64_t id);

/* Revoke (final), suspend, or lift a suspension (to ACTIVE), with a
 * reason; who may issue may. */
int tunas_cert_set_status(tunas_ctx *ctx, tunas_certificate *out, int64_t id, tunas_cert_status to,
			  const char *reason);
/* Renew: a new certificate for the same person and cohort with a new
 * validity period; the rules must still hold. */
int tunas_cert_renew(tunas_ctx *ctx, tunas_certificate *out, int64_t id);

/*
 * Public verification, no account needed. tunas_cert_lookup checks the
 * stored credential with this uuid (proof, issuer, status, dates);
 * TUNAS_ENOTFOUND if there is none. tunas_cert_check verifies a presented
 * credential (JSON text) against this installation: proof, issuer key,
 * current status, dates.
 */
int tunas_cert_lookup(tunas_ctx *ctx, tunas_cert_verdict *out, const char *uuid);
int tunas_cert_check(tunas_ctx *ctx, tunas_cert_verdict *out, const char *json, size_t len);
/*
 * Offline verification (tunas cert verify FILE): the proof with the key
 * the DID names, and the dates as of `now`; status only when the status
 * list credential is given, else verdict->status stays NONE. The list must
 * be the one the certificate names and carry a valid proof by the
 * certificate's own issuer key (Tunas signs each list with every key it
 * has issued with). Needs no context or database. *out is written even
 * when the document is not a credential (valid false, with the reason);
 * returns that parse failure's code.
 */
int tunas_cert_verify_offline(tunas_cert_verdict *out, const char *json, size_t len,
			      const char *status_list_json, size_t status_list_len, int64_t now);

/* The achievement of the programme with this code; public.
 * TUNAS_ENOTFOUND if there is none. */
int tunas_cert_achievement(tunas_ctx *ctx, tunas_achievement *out, const char *code);

/* The BitstringStatusListCredential of list `list` (1-based), signed by
 * every issuer key whose file is at hand (the signing key at least), so
 * that certificates of retired keys check offline too; public; caller
 * frees *out. */
int tunas_status_list_credential(tunas_ctx *ctx, char **out, size_t *out_len, int64_t list);

#endif
