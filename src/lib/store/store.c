/*
 * store.c — choose a store implementation from a database URI.
 *
 * A postgres:// or postgresql:// URI (libpq's form, with its parameters)
 * names PostgreSQL; anything else is the path of an SQLite database file.
 */
#include "store/store.h"

#include <sqlite3.h>

#include <stdio.h>
#include <string.h>

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int tunas_store_open(tunas_store **out, const char *uri, char *err, size_t errlen)
{
	if (uri == NULL || uri[0] == '\0') {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "no database given");
		return TUNAS_EINVAL;
	}
	if (has_prefix(uri, "postgres://") || has_prefix(uri, "postgresql://"))
		return tunas_store_pg_open(out, uri, err, errlen);
	return tunas_store_sqlite_open(out, uri, err, errlen);
}

void tunas_store_global_init(void)
{
	/* SQLite's memory statistics take a global mutex on every
	 * allocation: turn them off so that server threads do not queue on
	 * it. And no connection is ever used by two threads at once (the
	 * server opens one per thread), so per-connection mutexes are pure
	 * cost. Both must be set before SQLite initialises; later calls
	 * fail harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}
