/*
 * cmd_migrate.c — `tunas migrate TARGET`: copy the database (--db) into a
 * new, empty SQLite file or PostgreSQL database and verify the copy
 * (tunas/migrate.h, docs/MIGRATE.md). Exit 0 only when the copy is verified
 * and committed; 1 when it was refused or failed (the target is then
 * unchanged), 2 for a usage error.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "tunas/migrate.h"

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_report(const tunas_migrate_report *r, double secs)
{
	const char *name, *why;

	printf("migrated %s -> %s (schema version %lld) in %.1f s\n", r->source, r->target,
	       (long long)r->schema_version, secs);
	for (size_t i = 0; i < r->n_tables; i++)
		printf("  %-24s %10lld\n", r->tables[i].name, (long long)r->tables[i].rows);
	for (size_t i = 0; tunas_migrate_skipped(i, &name, &why); i++)
		printf("  not copied: %s (%s)\n", name, why);
	printf("verified: %zu tables, %lld rows, audit chain intact at seq %lld (hash ",
	       r->n_tables, (long long)r->rows, (long long)r->audit_seq);
	for (int i = 0; i < 8; i++)
		printf("%02x", r->audit_hash[i]);
	printf("...)\n");
	printf("recorded in the target's audit trail as entry %lld: its head moved by one\n",
	       (long long)r->recorded_seq);
}

int cmd_migrate(int argc, char **argv, const char *db)
{
	tunas_migrate_report report;
	struct timespec t0;
	tunas_ctx *ctx;
	int rc;

	if (argc != 2 || argv[1][0] == '\0' || argv[1][0] == '-') {
		fprintf(stderr, "usage: tunas [--db SOURCE] migrate TARGET\n"
				"  SOURCE and TARGET: an SQLite file or a postgres:// URI;"
				" TARGET must be new or empty\n");
		return 2;
	}
	ctx = cli_open(db);
	if (ctx == NULL)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = tunas_migrate(ctx, argv[1], &report);
	if (rc != 0) {
		cli_error(ctx, "migrate");
		tunas_close(ctx);
		return 1;
	}
	print_report(&report, seconds_since(&t0));
	tunas_close(ctx);
	return 0;
}
