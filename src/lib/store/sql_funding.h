/*
 * sqlite_funding.h — the operations of store_sqlite_funding.c (funding:
 * budgets, commitments, claims; funding.h) for store_sqlite.c's operations
 * table, and migration 8 that creates their tables.
 */
#ifndef TUNAS_SQLITE_FUNDING_H
#define TUNAS_SQLITE_FUNDING_H

#include "store/store.h"

extern const char *const sqlite_schema_v8[];

int sqf_fund_source_insert(tunas_store *store, int64_t *out_id, const tunas_fund_source *f);
int sqf_fund_source_get(tunas_store *store, tunas_fund_source *out, int64_t id);
int sqf_fund_source_list(tunas_store *store, tunas_fund_source **out, size_t *n, int64_t org_id,
			 const tunas_page *page);
int sqf_allocation_insert(tunas_store *store, int64_t *out_id, const tunas_allocation *a);
int sqf_allocation_get(tunas_store *store, tunas_allocation *out, int64_t id);
int sqf_allocation_list(tunas_store *store, tunas_allocation **out, size_t *n,
			int64_t programme_id);
int sqf_claim_insert(tunas_store *store, int64_t *out_id, const tunas_claim *c);
int sqf_claim_update(tunas_store *store, const tunas_claim *c);
int sqf_claim_get(tunas_store *store, tunas_claim *out, int64_t id);
int sqf_claim_list(tunas_store *store, tunas_claim **out, size_t *n, int64_t programme_id,
		   int64_t centre_org_id, const tunas_page *page);
int sqf_claim_evidence(tunas_store *store, tunas_claim_counts *out, int64_t cohort_id,
		       int attendance_percent, int64_t now);
int sqf_funding_programme_stats(tunas_store *store, int64_t *claimed, int64_t *certified,
				int64_t programme_id);
int sqf_funding_totals(tunas_store *store, tunas_funding_total **out, size_t *n, int64_t org_id);

#endif
