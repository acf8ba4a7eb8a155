/*
 * store_sqlite_funding.c — the SQLite store's tables and operations for
 * funding: budgets, commitments, claims (funding.h). Migration 8.
 */
#include "store/sqlite_int.h"
#include "store/sqlite_funding.h"

const char *const sqlite_schema_v8[] = {
	NULL,
};
