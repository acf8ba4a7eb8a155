/*
 * sqlite_trainers.h — the operations of store_sqlite_trainers.c (trainers: qualifications, the cascade;
 * trainers.h) for store_sqlite.c's operations table, and migration 6 that
 * creates their tables.
 */
#ifndef TUNAS_SQLITE_TRAINERS_H
#define TUNAS_SQLITE_TRAINERS_H

#include "store/store.h"

extern const char *const sqlite_schema_v6[];

#endif
