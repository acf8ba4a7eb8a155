/*
 * store.c — choose a store implementation from a database URI.
 *
 * A postgres:// or postgresql:// URI names PostgreSQL (not built yet);
 * anything else is the path of an SQLite database file.
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
	if (has_prefix(uri, "postgres://") || has_prefix(uri, "postgresql://")) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "PostgreSQL store not built yet");
		return TUNAS_EINVAL;
	}
	return tunas_store_sqlite_open(out, uri, err, errlen);
}

void tunas_store_global_init(void)
{
	/* Each connection is used by one thread at a time, and SQLite's
	 * memory statistics take a global mutex on every allocation: turn
	 * them off so that server threads do not queue on it. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
