/*
 * cmd_audit.c — `tunas audit verify` and `tunas audit list`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/audit.h"

static int verify(tunas_ctx *ctx)
{
	int64_t count = 0, bad = 0;
	int rc = tunas_audit_verify(ctx, &count, &bad);

	if (rc == TUNAS_ECONFLICT) {
		printf("audit trail BROKEN at entry %lld (%lld entries before it are intact)\n",
		       (long long)bad, (long long)count);
		return 1;
	}
	if (rc != 0) {
		cli_error(ctx, "audit verify");
		return 1;
	}
	printf("audit trail intact: %lld entries\n", (long long)count);
	return 0;
}

static int list(tunas_ctx *ctx)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};

	for (;;) {
		tunas_audit_entry *rows = NULL;
		size_t n = 0;

		if (tunas_audit_list(ctx, &rows, &n, &page) != 0) {
			cli_error(ctx, "audit list");
			return 1;
		}
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%lld\t%s\t%s\t%s\t%lld\t%s\n", (long long)rows[i].seq,
			       (long long)rows[i].at, rows[i].actor_name, rows[i].action,
			       rows[i].object_type, (long long)rows[i].object_id, rows[i].detail);
		if (n > 0)
			page.after_id = rows[n - 1].seq;
		free(rows);
		if (n < (size_t)page.limit)
			return 0;
	}
}

int cmd_audit(int argc, char **argv, const char *db)
{
	tunas_ctx *ctx;
	int status;

	if (argc != 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "list") != 0)) {
		fprintf(stderr, "usage: tunas audit verify | tunas audit list\n");
		return 2;
	}
	ctx = cli_open(db);
	if (ctx == NULL)
		return 1;
	status = strcmp(argv[1], "verify") == 0 ? verify(ctx) : list(ctx);
	tunas_close(ctx);
	return status;
}
