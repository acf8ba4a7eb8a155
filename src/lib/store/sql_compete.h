/*
 * sqlite_compete.h — the operations of store_sqlite_compete.c (competitions, rounds, judging;
 * competition.h) for store_sqlite.c's operations table, and migration 7 that
 * creates their tables.
 */
#ifndef TUNAS_SQLITE_COMPETE_H
#define TUNAS_SQLITE_COMPETE_H

#include "store/store.h"

extern const char *const sqlite_schema_v7[];

int sqc_insert(tunas_store *store, int64_t *out_id, const tunas_competition *c);
int sqc_get(tunas_store *store, tunas_competition *out, int64_t id);
int sqc_list(tunas_store *store, tunas_competition **out, size_t *n, const tunas_page *page);
int sqc_round_insert(tunas_store *store, int64_t *out_id, const tunas_round *r);
int sqc_round_get(tunas_store *store, tunas_round *out, int64_t id);
int sqc_round_list(tunas_store *store, tunas_round **out, size_t *n, int64_t competition_id);
int sqc_round_update(tunas_store *store, const tunas_round *r);
int sqc_rubric_set(tunas_store *store, int64_t round_id, const tunas_criterion *c, size_t n);
int sqc_entry_insert(tunas_store *store, int64_t *out_id, const tunas_entry *e, int64_t created_by);
int sqc_entry_get(tunas_store *store, tunas_entry *out, int64_t id);
int sqc_entry_list(tunas_store *store, tunas_entry **out, size_t *n, int64_t competition_id,
		   int64_t round_id, int64_t judge_user_id, int64_t person_id);
int sqc_entry_has_member(tunas_store *store, bool *out, int64_t entry_id, int64_t person_id);
int sqc_round_entry_add(tunas_store *store, bool *added, int64_t round_id, int64_t entry_id);
int sqc_round_has_entry(tunas_store *store, bool *out, int64_t round_id, int64_t entry_id);
int sqc_panel_add(tunas_store *store, int64_t round_id, int64_t user_id);
int sqc_panel_remove(tunas_store *store, int64_t round_id, int64_t user_id);
int sqc_panel_list(tunas_store *store, tunas_panel_judge **out, size_t *n, int64_t round_id);
int sqc_assignment_add(tunas_store *store, int64_t round_id, int64_t entry_id, int64_t judge);
int sqc_assignment_remove(tunas_store *store, int64_t round_id, int64_t entry_id, int64_t judge);
int sqc_assignment_list(tunas_store *store, tunas_assignment **out, size_t *n, int64_t round_id,
			int64_t judge);
int sqc_assigned(tunas_store *store, bool *out, int64_t round_id, int64_t entry_id, int64_t judge);
int sqc_conflict_insert(tunas_store *store, int64_t *out_id, const tunas_conflict *c);
int sqc_conflict_list(tunas_store *store, tunas_conflict **out, size_t *n, int64_t competition_id,
		      int64_t judge);
int sqc_conflict_exists(tunas_store *store, bool *out, int64_t judge, int64_t entry_id);
int sqc_locked_scored(tunas_store *store, bool *out, int64_t judge, int64_t entry_id);
int sqc_conflict_withdraw(tunas_store *store, int64_t judge, int64_t entry_id);
int sqc_score_put(tunas_store *store, const tunas_score *sc);
int sqc_score_list(tunas_store *store, tunas_score **out, size_t *n, int64_t round_id,
		   int64_t entry_id, int64_t judge);
int sqc_result_insert(tunas_store *store, int64_t round_id, int version, const tunas_standing *rows,
		      size_t n);
int sqc_result_list(tunas_store *store, tunas_standing **out, size_t *n, int64_t round_id,
		    int version);
int sqc_appeal_insert(tunas_store *store, int64_t *out_id, const tunas_appeal *a);
int sqc_appeal_get(tunas_store *store, tunas_appeal *out, int64_t id);
int sqc_appeal_list(tunas_store *store, tunas_appeal **out, size_t *n, int64_t round_id,
		    int64_t person_id);
int sqc_appeal_update(tunas_store *store, const tunas_appeal *a);

#endif
