/*
 * store_sqlite_compete.c — the SQLite store's tables and operations for
 * competitions, rounds, judging (competition.h). Migration 7.
 */
#include "store/sqlite_int.h"
#include "store/sqlite_compete.h"

const char *const sqlite_schema_v7[] = {
	NULL,
};
