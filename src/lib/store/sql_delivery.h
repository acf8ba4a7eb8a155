/*
 * sqlite_delivery.h — the operations of store_sqlite_delivery.c (sessions,
 * attendance, assessment, certificates) for store_sqlite.c's operations
 * table, and migration 3 that creates their tables.
 */
#ifndef TUNAS_SQLITE_DELIVERY_H
#define TUNAS_SQLITE_DELIVERY_H

#include "store/store.h"

extern const char *const sqlite_schema_v3[];
extern const char *const sqlite_schema_v4[];

int sqd_session_insert(tunas_store *store, int64_t *out_id, const tunas_session *x);
int sqd_session_update(tunas_store *store, const tunas_session *x);
int sqd_session_get(tunas_store *store, tunas_session *out, int64_t id);
int sqd_session_list(tunas_store *store, tunas_session **out, size_t *n, int64_t cohort_id,
		     const tunas_page *page);
int sqd_cohort_courses(tunas_store *store, int64_t **out, size_t *n, int64_t cohort_id);
int sqd_checkin_set(tunas_store *store, int64_t session_id,
		    const unsigned char hash[TUNAS_HASH_LEN], int64_t expires_at);
int sqd_checkin_get(tunas_store *store, int64_t session_id, unsigned char hash[TUNAS_HASH_LEN],
		    int64_t *expires_at);
int sqd_attendance_insert(tunas_store *store, int64_t *out_id, const tunas_attendance *a);
int sqd_attendance_current(tunas_store *store, tunas_attendance *out, int64_t session_id,
			   int64_t person_id);
int sqd_attendance_list(tunas_store *store, tunas_attendance **out, size_t *n, int64_t session_id,
			bool history);
int sqd_attendance_rate(tunas_store *store, tunas_attendance_rate *out, int64_t cohort_id,
			int64_t course_id, int64_t person_id, int64_t now);
int sqd_logbook_insert(tunas_store *store, int64_t *out_id, const tunas_logbook_entry *e);
int sqd_logbook_list(tunas_store *store, tunas_logbook_entry **out, size_t *n, int64_t cohort_id,
		     int64_t person_id, const tunas_page *page);
int sqd_evaluation_insert(tunas_store *store, int64_t *out_id, const tunas_phase_evaluation *e);
int sqd_evaluation_list(tunas_store *store, tunas_phase_evaluation **out, size_t *n,
			int64_t cohort_id, int64_t person_id);
int sqd_unit_insert(tunas_store *store, int64_t *out_id, const tunas_unit *u);
int sqd_unit_get(tunas_store *store, tunas_unit *out, int64_t id);
int sqd_unit_list(tunas_store *store, tunas_unit **out, size_t *n, int64_t course_id);
int sqd_assessment_insert(tunas_store *store, tunas_assessment *a);
int sqd_assessment_get(tunas_store *store, tunas_assessment *out, int64_t id);
int sqd_assessment_verify(tunas_store *store, int64_t id, int64_t by, int64_t at);
int sqd_assessment_list(tunas_store *store, tunas_assessment **out, size_t *n, int64_t cohort_id,
			int64_t person_id, const tunas_page *page);
int sqd_units_competent(tunas_store *store, int *total, int *competent, int64_t person_id,
			int64_t course_id, const char *day);
int sqd_note_insert(tunas_store *store, int64_t *out_id, const tunas_assessment_note *nt);
int sqd_note_list(tunas_store *store, tunas_assessment_note **out, size_t *n,
		  int64_t assessment_id);
int sqd_vendor_cert_insert(tunas_store *store, int64_t *out_id, const tunas_vendor_cert *v);
int sqd_vendor_cert_list(tunas_store *store, tunas_vendor_cert **out, size_t *n, int64_t person_id);
int sqd_course_rule_put(tunas_store *store, const tunas_course_rule *r);
int sqd_course_rule_get(tunas_store *store, tunas_course_rule *out, int64_t course_id);
int sqd_programme_rule_put(tunas_store *store, const tunas_programme_rule *r);
int sqd_programme_rule_get(tunas_store *store, tunas_programme_rule *out, int64_t programme_id);
int sqd_issuer_key_insert(tunas_store *store, int64_t *out_id, const tunas_issuer_key *k);
int sqd_issuer_key_retire(tunas_store *store, int64_t at);
int sqd_issuer_key_get(tunas_store *store, tunas_issuer_key *out, int64_t id);
int sqd_issuer_key_current(tunas_store *store, tunas_issuer_key *out);
int sqd_issuer_key_find(tunas_store *store, tunas_issuer_key *out, const char *did);
int sqd_issuer_key_list(tunas_store *store, tunas_issuer_key **out, size_t *n);
int sqd_cert_next_index(tunas_store *store, int64_t *out);
int sqd_cert_insert(tunas_store *store, int64_t *out_id, const tunas_certificate *c,
		    const char *credential);
int sqd_cert_get(tunas_store *store, tunas_certificate *out, int64_t id);
int sqd_cert_get_uuid(tunas_store *store, tunas_certificate *out, const char *uuid);
int sqd_cert_find_live(tunas_store *store, tunas_certificate *out, int64_t person_id,
		       int64_t cohort_id);
int sqd_cert_list(tunas_store *store, tunas_certificate **out, size_t *n, const tunas_scope *scope,
		  int64_t person_id, int64_t cohort_id, const tunas_page *page);
int sqd_cert_credential(tunas_store *store, char **out, int64_t id);
int sqd_cert_set_status(tunas_store *store, int64_t id, tunas_cert_status status,
			const char *reason);
int sqd_cert_statuses(tunas_store *store, int64_t **index, tunas_cert_status **status, size_t *n,
		      int64_t from, int64_t to);

#endif
