/*
 * schema_pg.h — the PostgreSQL schema of the store: migrations 1..8, the
 * PostgreSQL translations of the SQLite ones, table for table and column
 * for column, so that the store's shared SQL runs against either.
 *
 * Each is a NULL-terminated array of SQL statements, one statement per
 * string, to be run in order inside one transaction per migration.
 */
#ifndef TUNAS_SCHEMA_PG_H
#define TUNAS_SCHEMA_PG_H

extern const char *const pg_schema_v1[];
extern const char *const pg_schema_v2[];
extern const char *const pg_schema_v3[];
extern const char *const pg_schema_v4[];
extern const char *const pg_schema_v5[];
extern const char *const pg_schema_v6[];
extern const char *const pg_schema_v7[];
extern const char *const pg_schema_v8[];
extern const char *const pg_schema_v9[];

#endif
