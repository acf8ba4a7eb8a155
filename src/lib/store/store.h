/*
 * store.h — the persistence interface of libtunas.
 *
 * Everything libtunas keeps goes through one operations table, so that
 * SQLite (store_sqlite.c, the default) and PostgreSQL (a later
 * implementation) are interchangeable and nothing above this layer knows
 * SQL. The store does no access control and no validation: the library
 * decides who may do what and passes the decision down as a tunas_scope,
 * which the store turns into a query filter.
 *
 * Conventions for every operation:
 * - return 0, TUNAS_ENOTFOUND, TUNAS_ECONFLICT (unique constraint), or
 *   TUNAS_ESTORE / TUNAS_ENOMEM with a message in store->errmsg;
 * - *out parameters are written only on success;
 * - arrays returned through **out are malloc'd and freed by the caller with
 *   free();
 * - writes happen inside begin()/commit(); the library opens the
 *   transaction, so a failed request changes nothing.
 */
#ifndef TUNAS_STORE_H
#define TUNAS_STORE_H

#include "tunas/audit.h"
#include "tunas/auth.h"
#include "tunas/enrol.h"
#include "tunas/org.h"
#include "tunas/person.h"
#include "tunas/programme.h"

/* Which rows the caller may see, decided by the library from the role. */
typedef enum {
	TUNAS_SCOPE_NONE = 0,	/* nothing */
	TUNAS_SCOPE_ALL,	/* everything (system admin) */
	TUNAS_SCOPE_CENTRE,	/* training centre org_id: its cohorts and their people,
				 and people it registered */
	TUNAS_SCOPE_OWNER,	/* programme owner org_id: its programmes' cohorts/people */
	TUNAS_SCOPE_INSTRUCTOR, /* user_id: cohorts they teach and their people */
	TUNAS_SCOPE_SELF,	/* person_id: that person and their enrolments */
} tunas_scope_kind;

typedef struct {
	tunas_scope_kind kind;
	int64_t org_id;
	int64_t user_id;
	int64_t person_id;
} tunas_scope;

/* A user row with the secret part, for sign-in only. */
typedef struct {
	tunas_user user;
	char pwhash[128]; /* crypto_pwhash_STRBYTES */
} tunas_user_auth;

typedef struct tunas_store tunas_store;

typedef struct {
	const char *name; /* "sqlite" */
	void (*close)(tunas_store *s);

	/* Transactions. begin(write=true) takes the write lock up front so
	 * that read-then-write sequences (capacity, audit chain) are atomic. */
	int (*begin)(tunas_store *s, bool write);
	int (*commit)(tunas_store *s);
	int (*rollback)(tunas_store *s);
	/* Nested transactions inside begin(): a savepoint, and its release
	 * (keep) or rollback (undo everything since the savepoint). They
	 * nest; each call applies to the innermost open savepoint. */
	int (*savepoint)(tunas_store *s);
	int (*release)(tunas_store *s);
	int (*rollback_to)(tunas_store *s);
	/* Optional (NULL where it means nothing): with hold, end this
	 * connection's previous pin and take a fresh read snapshot that it
	 * keeps, so the process's other connections find their file locks
	 * already held; without, just end it. Never used for data. */
	int (*pin)(tunas_store *s, bool hold);

	/* Organisations and partnerships. */
	int (*org_insert)(tunas_store *s, int64_t *out_id, const tunas_org *o);
	int (*org_update)(tunas_store *s, const tunas_org *o);
	int (*org_get)(tunas_store *s, tunas_org *out, int64_t id);
	int (*org_list)(tunas_store *s, tunas_org **out, size_t *n, const tunas_page *page);
	int (*partnership_insert)(tunas_store *s, int64_t *out_id, const tunas_partnership *p);
	int (*partnership_get)(tunas_store *s, tunas_partnership *out, int64_t id);
	/* party_org 0: all; else only partnerships it is a party to. */
	int (*partnership_list)(tunas_store *s, tunas_partnership **out, size_t *n,
				int64_t party_org, const tunas_page *page);

	/* Programmes (with their partners, tracks, phases and rules), courses,
	 * cohorts (with instructors). */
	int (*programme_insert)(tunas_store *s, int64_t *out_id, const tunas_programme *p);
	int (*programme_update)(tunas_store *s, const tunas_programme *p);
	int (*programme_get)(tunas_store *s, tunas_programme *out, int64_t id);
	int (*programme_list)(tunas_store *s, tunas_programme **out, size_t *n,
			      const tunas_page *page);
	/* Enrolment counts by status over a programme's cohorts. */
	int (*programme_counts)(tunas_store *s, tunas_enrol_counts *out, int64_t programme_id);
	int (*course_insert)(tunas_store *s, int64_t *out_id, const tunas_course *c);
	int (*course_get)(tunas_store *s, tunas_course *out, int64_t id);
	int (*course_list)(tunas_store *s, tunas_course **out, size_t *n, int64_t programme_id,
			   const tunas_page *page);
	int (*cohort_insert)(tunas_store *s, int64_t *out_id, const tunas_cohort *c);
	int (*cohort_update)(tunas_store *s, const tunas_cohort *c);
	int (*cohort_get)(tunas_store *s, tunas_cohort *out, int64_t id);
	/* programme_id 0: any programme. */
	int (*cohort_list)(tunas_store *s, tunas_cohort **out, size_t *n, int64_t programme_id,
			   const tunas_page *page);
	int (*cohort_counts)(tunas_store *s, tunas_enrol_counts *out, int64_t cohort_id);

	/* People. id_type + id_number are unique (TUNAS_ECONFLICT). */
	int (*person_insert)(tunas_store *s, int64_t *out_id, const tunas_person *p);
	int (*person_update)(tunas_store *s, const tunas_person *p);
	int (*person_get)(tunas_store *s, tunas_person *out, int64_t id);
	int (*person_find)(tunas_store *s, tunas_person *out, tunas_id_type type,
			   const char *number);
	/* True in *out if person `id` is inside `scope`. */
	int (*person_in_scope)(tunas_store *s, bool *out, const tunas_scope *scope, int64_t id);
	/* person_get limited to scope: TUNAS_ENOTFOUND also when outside it. */
	int (*person_get_scoped)(tunas_store *s, tunas_person *out, const tunas_scope *scope,
				 int64_t id);
	int (*person_list)(tunas_store *s, tunas_person **out, size_t *n, const tunas_scope *scope,
			   const tunas_person_filter *f, const tunas_page *page);

	/* Enrolments. */
	int (*enrol_insert)(tunas_store *s, int64_t *out_id, const tunas_enrolment *e);
	/* Writes status, reason and updated_at. */
	int (*enrol_update)(tunas_store *s, const tunas_enrolment *e);
	int (*enrol_get)(tunas_store *s, tunas_enrolment *out, int64_t id);
	/* The person's enrolment in the cohort that is not rejected or
	 * withdrawn, if any (TUNAS_ENOTFOUND otherwise). */
	int (*enrol_find_active)(tunas_store *s, tunas_enrolment *out, int64_t person_id,
				 int64_t cohort_id);
	/* An accepted/enrolled enrolment of the person in a cohort of a funded
	 * programme other than `programme_id` whose cohort dates overlap
	 * [starts_on, ends_on]; TUNAS_ENOTFOUND if none. */
	int (*enrol_find_funded_overlap)(tunas_store *s, tunas_enrolment *out, int64_t person_id,
					 int64_t programme_id, const char *starts_on,
					 const char *ends_on);
	/* Oldest waitlisted enrolment of the cohort (by applied_at, then id). */
	int (*enrol_first_waitlisted)(tunas_store *s, tunas_enrolment *out, int64_t cohort_id);
	/* True in *out if the enrolment's cohort/person is inside scope. */
	int (*enrol_in_scope)(tunas_store *s, bool *out, const tunas_scope *scope, int64_t id);
	/* By cohort or by person (one of them non-zero), limited to scope. */
	int (*enrol_list)(tunas_store *s, tunas_enrolment **out, size_t *n,
			  const tunas_scope *scope, int64_t cohort_id, int64_t person_id,
			  const tunas_page *page);

	/* Users and tokens. username is unique (TUNAS_ECONFLICT). */
	int (*user_insert)(tunas_store *s, int64_t *out_id, const tunas_user *u,
			   const char *pwhash);
	int (*user_get)(tunas_store *s, tunas_user *out, int64_t id);
	int (*user_get_auth)(tunas_store *s, tunas_user_auth *out, const char *username);
	int (*user_list)(tunas_store *s, tunas_user **out, size_t *n, const tunas_page *page);
	int (*user_set_disabled)(tunas_store *s, int64_t id, bool disabled);
	int (*token_insert)(tunas_store *s, int64_t *out_id, const tunas_token *t,
			    const unsigned char hash[TUNAS_HASH_LEN]);
	int (*token_get_by_hash)(tunas_store *s, tunas_token *out,
				 const unsigned char hash[TUNAS_HASH_LEN]);
	int (*token_get)(tunas_store *s, tunas_token *out, int64_t id);
	int (*token_revoke)(tunas_store *s, int64_t id, int64_t at);
	/* Delete the user's tokens that expired before `before`. */
	int (*token_purge)(tunas_store *s, int64_t user_id, int64_t before);
	int (*token_list)(tunas_store *s, tunas_token **out, size_t *n, int64_t user_id);

	/* Audit trail: append-only. head() gives the last seq and hash (seq 0
	 * and zero hash when empty). */
	int (*audit_head)(tunas_store *s, int64_t *seq, unsigned char hash[TUNAS_HASH_LEN]);
	int (*audit_append)(tunas_store *s, const tunas_audit_entry *e);
	int (*audit_list)(tunas_store *s, tunas_audit_entry **out, size_t *n,
			  const tunas_page *page);
} tunas_store_ops;

struct tunas_store {
	const tunas_store_ops *ops;
	char errmsg[256];
};

/* Process-wide settings of the store libraries, once, before any store is
 * opened (tunas_global_init calls it). */
void tunas_store_global_init(void);

/* Open the SQLite store at `path` (created if missing; WAL, foreign keys,
 * busy timeout) and apply pending migrations. Caller closes with
 * s->ops->close(s). */
int tunas_store_sqlite_open(tunas_store **out, const char *path, char *err, size_t errlen);

/* Open the store named by `uri`: today a file path means SQLite. */
int tunas_store_open(tunas_store **out, const char *uri, char *err, size_t errlen);

#endif
