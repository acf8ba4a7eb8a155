/*
 * store_sqlite_trainers.c — the SQLite store's tables and operations for
 * trainers: qualifications, the cascade (trainers.h). Migration 6.
 */
#include "store/sqlite_int.h"
#include "store/sqlite_trainers.h"

const char *const sqlite_schema_v6[] = {
	NULL,
};
