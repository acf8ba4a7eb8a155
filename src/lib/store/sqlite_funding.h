/*
 * sqlite_funding.h — the operations of store_sqlite_funding.c (funding: budgets, commitments, claims;
 * funding.h) for store_sqlite.c's operations table, and migration 8 that
 * creates their tables.
 */
#ifndef TUNAS_SQLITE_FUNDING_H
#define TUNAS_SQLITE_FUNDING_H

#include "store/store.h"

extern const char *const sqlite_schema_v8[];

#endif
