/*
 * sqlite_compete.h — the operations of store_sqlite_compete.c (competitions, rounds, judging;
 * competition.h) for store_sqlite.c's operations table, and migration 7 that
 * creates their tables.
 */
#ifndef TUNAS_SQLITE_COMPETE_H
#define TUNAS_SQLITE_COMPETE_H

#include "store/store.h"

extern const char *const sqlite_schema_v7[];

#endif
