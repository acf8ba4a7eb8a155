/*
 * store.h — the persistence interface of libtunas.
 *
 * Everything libtunas keeps goes through one operations table, so that
 * SQLite (the default) and PostgreSQL are interchangeable and nothing
 * above this layer knows SQL. One implementation, store_sql*.c, serves
 * both through the SQL driver of db.h. The store does no access control and no validation: the library
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
#include "tunas/assess.h"
#include "tunas/auth.h"
#include "tunas/cert.h"
#include "tunas/competition.h"
#include "tunas/delivery.h"
#include "tunas/enrol.h"
#include "tunas/funding.h"
#include "tunas/org.h"
#include "tunas/person.h"
#include "tunas/programme.h"
#include "tunas/skills.h"
#include "tunas/trainers.h"

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

/* One competency a person holds, for the matching index. */
typedef struct {
	int64_t competency_id;
	int level;
	bool training; /* taught by their current course, not yet verified */
} tunas_skill_holding;

/* One edge of the trainer cascade. */
typedef struct {
	int64_t trainer, trainee; /* person ids */
} tunas_trained_edge;

/* A course teaching a competency, with its earliest upcoming cohort. */
typedef struct {
	int64_t course_id;
	int64_t competency_id;
	int level; /* the level the course teaches it at; 0: unspecified */
	char title[TUNAS_NAME_MAX + 1];
	int hours;
	int64_t fee_minor;
	char currency[4];
	int64_t cohort_id;
	char starts_on[TUNAS_DATE_LEN + 1];
} tunas_skill_course;

typedef struct tunas_store tunas_store;

typedef struct {
	const char *name; /* "sql" */
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
	/* The id of the programme with this code (codes are unique). */
	int (*programme_find_code)(tunas_store *s, int64_t *out_id, const char *code);
	int (*programme_list)(tunas_store *s, tunas_programme **out, size_t *n,
			      const tunas_page *page);
	/* Enrolment counts by status over a programme's cohorts. */
	int (*programme_counts)(tunas_store *s, tunas_enrol_counts *out, int64_t programme_id);
	int (*programme_breakdown)(tunas_store *s, tunas_breakdown_row **out, size_t *n,
				   int64_t programme_id, tunas_breakdown_by by);
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

	/* Sessions and check-in codes (delivery.h). */
	int (*session_insert)(tunas_store *s, int64_t *out_id, const tunas_session *x);
	int (*session_update)(tunas_store *s, const tunas_session *x);
	int (*session_get)(tunas_store *s, tunas_session *out, int64_t id);
	/* In (starts_at, id) order; page.after_id is a session id. */
	int (*session_list)(tunas_store *s, tunas_session **out, size_t *n, int64_t cohort_id,
			    const tunas_page *page);
	/* The courses a cohort's timetable teaches (distinct, by id); caller
	 * frees *out. */
	int (*cohort_courses)(tunas_store *s, int64_t **out, size_t *n, int64_t cohort_id);
	int (*checkin_set)(tunas_store *s, int64_t session_id,
			   const unsigned char hash[TUNAS_HASH_LEN], int64_t expires_at);
	int (*checkin_get)(tunas_store *s, int64_t session_id, unsigned char hash[TUNAS_HASH_LEN],
			   int64_t *expires_at);

	/* Attendance: insert-only; the current record of a person in a session
	 * is the newest one. */
	int (*attendance_insert)(tunas_store *s, int64_t *out_id, const tunas_attendance *a);
	int (*attendance_current)(tunas_store *s, tunas_attendance *out, int64_t session_id,
				  int64_t person_id);
	int (*attendance_list)(tunas_store *s, tunas_attendance **out, size_t *n,
			       int64_t session_id, bool history);
	/* Counts of current records over the cohort's sessions started before
	 * `now` (course_id 0: all of them), for one person (or, person_id 0,
	 * over every enrolled person: sessions x people). */
	int (*attendance_rate)(tunas_store *s, tunas_attendance_rate *out, int64_t cohort_id,
			       int64_t course_id, int64_t person_id, int64_t now);
	int (*logbook_insert)(tunas_store *s, int64_t *out_id, const tunas_logbook_entry *e);
	int (*logbook_list)(tunas_store *s, tunas_logbook_entry **out, size_t *n, int64_t cohort_id,
			    int64_t person_id, const tunas_page *page);
	int (*evaluation_insert)(tunas_store *s, int64_t *out_id, const tunas_phase_evaluation *e);
	int (*evaluation_list)(tunas_store *s, tunas_phase_evaluation **out, size_t *n,
			       int64_t cohort_id, int64_t person_id);

	/* Units, assessments and their notes (assess.h). Attempts are
	 * insert-only but for the sign-off, set once. */
	int (*unit_insert)(tunas_store *s, int64_t *out_id, const tunas_unit *u);
	int (*unit_get)(tunas_store *s, tunas_unit *out, int64_t id);
	int (*unit_list)(tunas_store *s, tunas_unit **out, size_t *n, int64_t course_id);
	/* Inserts with attempt = previous attempts of person and unit + 1,
	 * written back to *a. */
	int (*assessment_insert)(tunas_store *s, tunas_assessment *a);
	int (*assessment_get)(tunas_store *s, tunas_assessment *out, int64_t id);
	/* TUNAS_ECONFLICT if it was verified already. */
	int (*assessment_verify)(tunas_store *s, int64_t id, int64_t by, int64_t at);
	int (*assessment_list)(tunas_store *s, tunas_assessment **out, size_t *n, int64_t cohort_id,
			       int64_t person_id, const tunas_page *page);
	/* Units of the course, and how many of them the person has a verified
	 * competent attempt at, or a vendor certification the unit recognises
	 * valid on `day`. */
	int (*units_competent)(tunas_store *s, int *total, int *competent, int64_t person_id,
			       int64_t course_id, const char *day);
	int (*note_insert)(tunas_store *s, int64_t *out_id, const tunas_assessment_note *nt);
	int (*note_list)(tunas_store *s, tunas_assessment_note **out, size_t *n,
			 int64_t assessment_id);
	int (*vendor_cert_insert)(tunas_store *s, int64_t *out_id, const tunas_vendor_cert *v);
	int (*vendor_cert_list)(tunas_store *s, tunas_vendor_cert **out, size_t *n,
				int64_t person_id);
	int (*course_rule_put)(tunas_store *s, const tunas_course_rule *r);
	int (*course_rule_get)(tunas_store *s, tunas_course_rule *out, int64_t course_id);
	int (*programme_rule_put)(tunas_store *s, const tunas_programme_rule *r);
	int (*programme_rule_get)(tunas_store *s, tunas_programme_rule *out, int64_t programme_id);

	/* Issuer keys and certificates (cert.h). */
	int (*issuer_key_insert)(tunas_store *s, int64_t *out_id, const tunas_issuer_key *k);
	/* Sets retired_at on every key still current. */
	int (*issuer_key_retire)(tunas_store *s, int64_t at);
	int (*issuer_key_get)(tunas_store *s, tunas_issuer_key *out, int64_t id);
	/* The signing key: the newest not retired; TUNAS_ENOTFOUND if none. */
	int (*issuer_key_current)(tunas_store *s, tunas_issuer_key *out);
	int (*issuer_key_find)(tunas_store *s, tunas_issuer_key *out, const char *did);
	int (*issuer_key_list)(tunas_store *s, tunas_issuer_key **out, size_t *n);
	/* The next free status list index. */
	int (*cert_next_index)(tunas_store *s, int64_t *out);
	int (*cert_insert)(tunas_store *s, int64_t *out_id, const tunas_certificate *c,
			   const char *credential);
	int (*cert_get)(tunas_store *s, tunas_certificate *out, int64_t id);
	int (*cert_get_uuid)(tunas_store *s, tunas_certificate *out, const char *uuid);
	/* The active or suspended certificate of a person for a cohort. */
	int (*cert_find_live)(tunas_store *s, tunas_certificate *out, int64_t person_id,
			      int64_t cohort_id);
	/* person_id / cohort_id 0: any; scope as for enrolments (the person's
	 * cohort at the scope's reach). */
	int (*cert_list)(tunas_store *s, tunas_certificate **out, size_t *n,
			 const tunas_scope *scope, int64_t person_id, int64_t cohort_id,
			 const tunas_page *page);
	/* The signed JSON; caller frees *out. */
	int (*cert_credential)(tunas_store *s, char **out, int64_t id);
	int (*cert_set_status)(tunas_store *s, int64_t id, tunas_cert_status status,
			       const char *reason);
	/* Status of every certificate not active with an index in [from, to):
	 * parallel arrays, caller frees both. */
	int (*cert_statuses)(tunas_store *s, int64_t **index, tunas_cert_status **status, size_t *n,
			     int64_t from, int64_t to);

	/* Skills (skills.h, store_sql_skills.c). */
	int (*framework_insert)(tunas_store *s, int64_t *out_id, const tunas_framework *f);
	/* With its competency and occupation counts. */
	int (*framework_get)(tunas_store *s, tunas_framework *out, int64_t id);
	int (*framework_find)(tunas_store *s, tunas_framework *out, const char *code);
	int (*framework_list)(tunas_store *s, tunas_framework **out, size_t *n,
			      const tunas_page *page);
	/* Insert, or (same framework and code) update title, uri, parent,
	 * kind and level; the row's id in *out_id either way. */
	int (*competency_upsert)(tunas_store *s, int64_t *out_id, const tunas_competency *c);
	int (*competency_get)(tunas_store *s, tunas_competency *out, int64_t id);
	int (*competency_find)(tunas_store *s, tunas_competency *out, int64_t framework_id,
			       const char *code);
	/* Children of parent_id (0: top) in id order, or with q non-empty,
	 * titles containing q (case-insensitive ASCII) at any depth. */
	int (*competency_list)(tunas_store *s, tunas_competency **out, size_t *n,
			       int64_t framework_id, int64_t parent_id, const char *q,
			       const tunas_page *page);
	int (*occupation_upsert)(tunas_store *s, int64_t *out_id, const tunas_occupation *o);
	int (*occupation_get)(tunas_store *s, tunas_occupation *out, int64_t id);
	int (*occupation_find)(tunas_store *s, tunas_occupation *out, int64_t framework_id,
			       const char *code);
	int (*occupation_list)(tunas_store *s, tunas_occupation **out, size_t *n,
			       int64_t framework_id, const char *q, const tunas_page *page);
	/* Insert or replace one relation. */
	int (*occupation_skill_put)(tunas_store *s, int64_t occupation_id, int64_t competency_id,
				    bool essential);
	int (*occupation_skills)(tunas_store *s, tunas_occ_skill **out, size_t *n,
				 int64_t occupation_id);
	int (*crosswalk_insert)(tunas_store *s, const tunas_crosswalk *x);
	/* Every exact crosswalk (relation TUNAS_XW_EXACT), as stored. */
	int (*crosswalk_exact)(tunas_store *s, tunas_crosswalk **out, size_t *n);
	/* Both directions: rows where competency_id is from or to. */
	int (*crosswalk_list)(tunas_store *s, tunas_crosswalk **out, size_t *n,
			      int64_t competency_id);
	/* Replace a course's (or an assessment unit's) competencies. */
	int (*course_skills_set)(tunas_store *s, int64_t course_id, const tunas_course_skill *k,
				 size_t n, int64_t fee_minor);
	int (*course_skills_get)(tunas_store *s, tunas_course_skill **out, size_t *n,
				 int64_t *fee_minor, int64_t course_id);
	int (*unit_skills_set)(tunas_store *s, int64_t unit_id, const tunas_course_skill *k,
			       size_t n);
	/* A person's competencies with titles: verified first. */
	int (*person_skill_list)(tunas_store *s, tunas_person_skill **out, size_t *n,
				 int64_t person_id);
	/* Replace the person's verified competencies by those their evidence
	 * gives on `day` (skills.h says which); *changed: whether any differ. */
	int (*person_skill_derive)(tunas_store *s, bool *changed, int64_t person_id,
				   const char *day);
	/* People whose evidence involves the course: active certificates of
	 * its programme, vendor certifications it names, verified competent
	 * attempts at its units. Caller frees *out. */
	int (*course_evidence_people)(tunas_store *s, int64_t **out, size_t *n, int64_t course_id);
	int (*person_skill_declare)(tunas_store *s, const tunas_person_skill *k);
	int (*person_skill_undeclare)(tunas_store *s, int64_t person_id, int64_t competency_id);
	/* ENOTFOUND when never set. */
	int (*consent_get)(tunas_store *s, tunas_consent *out, int64_t person_id);
	int (*consent_put)(tunas_store *s, const tunas_consent *c);
	/* Vacancies with their requirements. */
	int (*vacancy_insert)(tunas_store *s, int64_t *out_id, const tunas_vacancy *v);
	int (*vacancy_update)(tunas_store *s, const tunas_vacancy *v);
	int (*vacancy_get)(tunas_store *s, tunas_vacancy *out, int64_t id);
	/* Open ones (status open, not closed before `day`); employer_org_id
	 * (0: any) and region ("": any) filter; mine_org: that employer's
	 * vacancies are listed whatever their status (-1: everyone's). */
	int (*vacancy_list)(tunas_store *s, tunas_vacancy **out, size_t *n, int64_t employer_org_id,
			    const char *region, int64_t mine_org, const char *day,
			    const tunas_page *page);
	/* Openings of open vacancies (as of `day`) grouped. */
	int (*demand)(tunas_store *s, tunas_demand_row **out, size_t *n, tunas_demand_by by,
		      const char *day);
	/* A random value drawn afresh by every change that matters to
	 * matching (random: no two databases share one). */
	int (*skills_gen)(tunas_store *s, int64_t *out);
	int (*skills_touch)(tunas_store *s);
	/* Stream what the matching index needs, in one read transaction:
	 * every person with a competency (verified and valid on `day`, or
	 * taught by a course of the cohort they are enrolled in: training), in
	 * id order, then every vacancy. Callbacks return 0 to go on. */
	int (*skills_scan)(tunas_store *s, const char *day,
			   int (*person)(void *arg, int64_t id, const char *region, bool findable,
					 const tunas_skill_holding *h, size_t n),
			   int (*vacancy)(void *arg, const tunas_vacancy *v), void *arg);
	/* Courses teaching any of comps[] with a cohort starting on or after
	 * `day`: one row per (course, competency) with the earliest such
	 * cohort; caller frees *out. */
	int (*skill_courses)(tunas_store *s, tunas_skill_course **out, size_t *n,
			     const int64_t *comps, size_t ncomps, const char *day);
	int (*placement_insert)(tunas_store *s, int64_t *out_id, const tunas_placement *p);
	int (*placement_list)(tunas_store *s, tunas_placement **out, size_t *n, int64_t person_id);
	int (*tracer_insert)(tunas_store *s, int64_t *out_id, const tunas_tracer *t);
	int (*tracer_list)(tunas_store *s, tunas_tracer **out, size_t *n, int64_t person_id);
	int (*placement_rates)(tunas_store *s, tunas_placement_rate **out, size_t *n,
			       tunas_rate_by by, int64_t owner_org_id);

	/* Trainers: qualifications and the cascade (trainers.h,
	 * store_sql_trainers.c). */
	int (*trainer_qual_insert)(tunas_store *s, int64_t *out_id, const tunas_trainer_qual *q);
	int (*trainer_qual_list)(tunas_store *s, tunas_trainer_qual **out, size_t *n,
				 int64_t person_id);
	/* Whether the person holds `name` issued by `from` and valid on `to`. */
	int (*trainer_qual_valid)(tunas_store *s, bool *out, int64_t person_id, const char *name,
				  const char *from, const char *to);
	int (*trainer_rule_put)(tunas_store *s, const tunas_trainer_rule *r);
	/* ENOTFOUND when the course has none. */
	int (*trainer_rule_get)(tunas_store *s, tunas_trainer_rule *out, int64_t course_id);
	/* The person an instructor account is (ECONFLICT: that person is
	 * another account's already); get: ENOTFOUND when none. */
	int (*trainer_link_set)(tunas_store *s, int64_t user_id, int64_t person_id);
	int (*trainer_link_get)(tunas_store *s, int64_t *out, int64_t user_id);
	/* Who trained whom: (instructor's person, completer) of every cohort
	 * (of the programme; 0: all), distinct, ordered. Caller frees *out. */
	int (*trained_edges)(tunas_store *s, tunas_trained_edge **out, size_t *n,
			     int64_t programme_id);

	/* Competitions, rounds and judging (competition.h,
	 * store_sql_compete.c). */
	int (*cmp_insert)(tunas_store *s, int64_t *out_id, const tunas_competition *c);
	int (*cmp_get)(tunas_store *s, tunas_competition *out, int64_t id);
	int (*cmp_list)(tunas_store *s, tunas_competition **out, size_t *n, const tunas_page *page);
	/* A round takes the next seq of its competition, status draft, and
	 * its criteria; get and list fill the criteria in rubric order. */
	int (*cmp_round_insert)(tunas_store *s, int64_t *out_id, const tunas_round *r);
	int (*cmp_round_get)(tunas_store *s, tunas_round *out, int64_t id);
	int (*cmp_round_list)(tunas_store *s, tunas_round **out, size_t *n, int64_t competition_id);
	/* name, status, advance, min_civil_servants, version, published_at. */
	int (*cmp_round_update)(tunas_store *s, const tunas_round *r);
	int (*cmp_rubric_set)(tunas_store *s, int64_t round_id, const tunas_criterion *c, size_t n);
	/* With its members; ECONFLICT if a member is in another entry. */
	int (*cmp_entry_insert)(tunas_store *s, int64_t *out_id, const tunas_entry *e,
				int64_t created_by);
	int (*cmp_entry_get)(tunas_store *s, tunas_entry *out, int64_t id);
	/* Filters, each 0 for none: in round_id; assigned to judge_user_id
	 * (in round_id if set); with person_id as a member. */
	int (*cmp_entry_list)(tunas_store *s, tunas_entry **out, size_t *n, int64_t competition_id,
			      int64_t round_id, int64_t judge_user_id, int64_t person_id);
	int (*cmp_entry_has_member)(tunas_store *s, bool *out, int64_t entry_id, int64_t person_id);
	/* Idempotent; *added (may be NULL): whether it was new. */
	int (*cmp_round_entry_add)(tunas_store *s, bool *added, int64_t round_id, int64_t entry_id);
	int (*cmp_round_has_entry)(tunas_store *s, bool *out, int64_t round_id, int64_t entry_id);
	int (*cmp_panel_add)(tunas_store *s, int64_t round_id, int64_t user_id);
	int (*cmp_panel_remove)(tunas_store *s, int64_t round_id, int64_t user_id);
	int (*cmp_panel_list)(tunas_store *s, tunas_panel_judge **out, size_t *n, int64_t round_id);
	int (*cmp_assignment_add)(tunas_store *s, int64_t round_id, int64_t entry_id,
				  int64_t judge);
	/* Drops the judge's scores of the entry in the round too. */
	int (*cmp_assignment_remove)(tunas_store *s, int64_t round_id, int64_t entry_id,
				     int64_t judge);
	int (*cmp_assignment_list)(tunas_store *s, tunas_assignment **out, size_t *n,
				   int64_t round_id, int64_t judge);
	/* round_id 0: in any round. */
	int (*cmp_assigned)(tunas_store *s, bool *out, int64_t round_id, int64_t entry_id,
			    int64_t judge);
	int (*cmp_conflict_insert)(tunas_store *s, int64_t *out_id, const tunas_conflict *c);
	int (*cmp_conflict_list)(tunas_store *s, tunas_conflict **out, size_t *n,
				 int64_t competition_id, int64_t judge);
	int (*cmp_conflict_exists)(tunas_store *s, bool *out, int64_t judge, int64_t entry_id);
	/* Whether the judge has scores of the entry in a locked or published
	 * round; and the removal of their assignments and scores of it in
	 * rounds that are not. */
	int (*cmp_locked_scored)(tunas_store *s, bool *out, int64_t judge, int64_t entry_id);
	int (*cmp_conflict_withdraw)(tunas_store *s, int64_t judge, int64_t entry_id);
	/* Insert or replace one judge's score of one criterion. */
	int (*cmp_score_put)(tunas_store *s, const tunas_score *sc);
	int (*cmp_score_list)(tunas_store *s, tunas_score **out, size_t *n, int64_t round_id,
			      int64_t entry_id, int64_t judge);
	/* Published results: written once per version, never changed. */
	int (*cmp_result_insert)(tunas_store *s, int64_t round_id, int version,
				 const tunas_standing *rows, size_t n);
	int (*cmp_result_list)(tunas_store *s, tunas_standing **out, size_t *n, int64_t round_id,
			       int version);
	int (*cmp_appeal_insert)(tunas_store *s, int64_t *out_id, const tunas_appeal *a);
	int (*cmp_appeal_get)(tunas_store *s, tunas_appeal *out, int64_t id);
	/* person_id != 0: only appeals about entries the person is in. */
	int (*cmp_appeal_list)(tunas_store *s, tunas_appeal **out, size_t *n, int64_t round_id,
			       int64_t person_id);
	/* status, response, decided_by, decided_at; only while open. */
	int (*cmp_appeal_update)(tunas_store *s, const tunas_appeal *a);

	/* Funding: budgets, commitments, claims (funding.h,
	 * store_sql_funding.c). */
	int (*fund_source_insert)(tunas_store *s, int64_t *out_id, const tunas_fund_source *f);
	/* With allocated_minor, the sum of its allocations. */
	int (*fund_source_get)(tunas_store *s, tunas_fund_source *out, int64_t id);
	/* org_id 0: every source; else that organisation's. */
	int (*fund_source_list)(tunas_store *s, tunas_fund_source **out, size_t *n, int64_t org_id,
				const tunas_page *page);
	int (*allocation_insert)(tunas_store *s, int64_t *out_id, const tunas_allocation *a);
	/* With committed_minor and spent_minor (approved, paid claims). */
	int (*allocation_get)(tunas_store *s, tunas_allocation *out, int64_t id);
	int (*allocation_list)(tunas_store *s, tunas_allocation **out, size_t *n,
			       int64_t programme_id);
	/* TUNAS_ECONFLICT when the cohort has a claim on the allocation that
	 * is not rejected. */
	int (*claim_insert)(tunas_store *s, int64_t *out_id, const tunas_claim *c);
	/* Writes status, counts, amount, note, reason, payment_ref and the
	 * submitted/decided/paid stamps. */
	int (*claim_update)(tunas_store *s, const tunas_claim *c);
	int (*claim_get)(tunas_store *s, tunas_claim *out, int64_t id);
	/* programme_id / centre_org_id 0: any. */
	int (*claim_list)(tunas_store *s, tunas_claim **out, size_t *n, int64_t programme_id,
			  int64_t centre_org_id, const tunas_page *page);
	/* The counts a claim for the cohort relies on, from the records as
	 * of `now` (funding.h defines them). */
	int (*claim_evidence)(tunas_store *s, tunas_claim_counts *out, int64_t cohort_id,
			      int attendance_percent, int64_t now);
	/* Submitted claims' amounts and active certificates of a programme. */
	int (*funding_programme_stats)(tunas_store *s, int64_t *claimed, int64_t *certified,
				       int64_t programme_id);
	/* Per currency over the sources of org_id (0: all). */
	int (*funding_totals)(tunas_store *s, tunas_funding_total **out, size_t *n, int64_t org_id);

	/* Rate-limit buckets (tunas_rate_take): one atomic take, committed on
	 * its own (outside begin/commit), and a purge of idle ones. `now` and
	 * `before` are unix seconds with fractions. */
	int (*rate_take)(tunas_store *s, bool *allowed, const char *bucket, const void *key,
			 size_t keylen, double rate, double burst, double now);
	int (*rate_purge)(tunas_store *s, double before);

	/* Audit trail: append-only. head() gives the last seq and hash (seq 0
	 * and zero hash when empty). */
	int (*audit_head)(tunas_store *s, int64_t *seq, unsigned char hash[TUNAS_HASH_LEN]);
	int (*audit_append)(tunas_store *s, const tunas_audit_entry *e);
	int (*audit_list)(tunas_store *s, tunas_audit_entry **out, size_t *n,
			  const tunas_page *page);
} tunas_store_ops;

struct tunas_store {
	const tunas_store_ops *ops;
	/* Other processes may write the same database at any time (true on
	 * PostgreSQL, where several servers share one): nothing read from it
	 * may then be kept in this process past the request (token and
	 * status-list caches stay off), and limits are counted in it. */
	bool shared;
	char errmsg[256];
};

/* Process-wide settings of the store libraries, once, before any store is
 * opened (tunas_global_init calls it). */
void tunas_store_global_init(void);

/* Open the SQLite store at `path` (created if missing; WAL, foreign keys,
 * busy timeout) and apply pending migrations. Caller closes with
 * s->ops->close(s). */
int tunas_store_sqlite_open(tunas_store **out, const char *path, char *err, size_t errlen);

/* Open the PostgreSQL store at `conninfo` (a libpq URI or key=value
 * string) and apply pending migrations. */
int tunas_store_pg_open(tunas_store **out, const char *conninfo, char *err, size_t errlen);

/* Open the store named by `uri`: postgres:// or postgresql:// is
 * PostgreSQL, anything else the path of an SQLite file. */
int tunas_store_open(tunas_store **out, const char *uri, char *err, size_t errlen);

#endif
