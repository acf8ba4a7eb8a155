/*
 * sqlite_trainers.h — the operations of store_sqlite_trainers.c (trainers: qualifications, the cascade;
 * trainers.h) for store_sqlite.c's operations table, and migration 6 that
 * creates their tables.
 */
#ifndef TUNAS_SQLITE_TRAINERS_H
#define TUNAS_SQLITE_TRAINERS_H

#include "store/store.h"

extern const char *const sqlite_schema_v6[];

int sqt_qual_insert(tunas_store *store, int64_t *out_id, const tunas_trainer_qual *q);
int sqt_qual_list(tunas_store *store, tunas_trainer_qual **out, size_t *n, int64_t person_id);
int sqt_qual_valid(tunas_store *store, bool *out, int64_t person_id, const char *name,
		   const char *from, const char *to);
int sqt_rule_put(tunas_store *store, const tunas_trainer_rule *r);
int sqt_rule_get(tunas_store *store, tunas_trainer_rule *out, int64_t course_id);
int sqt_link_set(tunas_store *store, int64_t user_id, int64_t person_id);
int sqt_link_get(tunas_store *store, int64_t *out, int64_t user_id);
int sqt_edges(tunas_store *store, tunas_trained_edge **out, size_t *n, int64_t programme_id);

#endif
