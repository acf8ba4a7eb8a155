/*
 * cmd_cascade.c — `tunas cascade`: the master trainers with how many they
 * trained directly and their multiplier (everyone trained through them),
 * for all cohorts or one programme's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/programme.h"
#include "tunas/trainers.h"

int cmd_cascade(int argc, char **argv, const char *db)
{
	tunas_cascade_node *rows = NULL;
	tunas_programme *progs = NULL;
	tunas_page page = {0, TUNAS_PAGE_MAX};
	const char *code = NULL;
	int64_t programme = 0;
	tunas_ctx *ctx;
	size_t n = 0, np = 0, i;
	int status = 1;

	if (argc == 3 && strcmp(argv[1], "--programme") == 0) {
		code = argv[2];
	} else if (argc != 1) {
		fputs("usage: tunas cascade [--programme CODE]\n", stderr);
		return 2;
	}
	if ((ctx = cli_open(db)) == NULL)
		return 1;
	if (code != NULL) {
		if (tunas_programme_list(ctx, &progs, &np, &page) != 0) {
			cli_error(ctx, "cascade");
			goto out;
		}
		for (i = 0; i < np; i++)
			if (strcmp(progs[i].code, code) == 0)
				programme = progs[i].id;
		if (programme == 0) {
			fprintf(stderr, "tunas: cascade: no programme %s\n", code);
			goto out;
		}
	}
	if (tunas_cascade_report(ctx, &rows, &n, programme) != 0) {
		cli_error(ctx, "cascade");
		goto out;
	}
	printf("%-10s %-44s %8s %10s\n", "person", "master trainer", "direct", "multiplier");
	for (i = 0; i < n; i++)
		printf("%-10lld %-44.44s %8lld %10lld\n", (long long)rows[i].person_id,
		       rows[i].name, (long long)rows[i].direct, (long long)rows[i].multiplier);
	if (n == 0)
		printf("No trainer has trained anyone yet.\n");
	status = 0;
out:
	free(rows);
	free(progs);
	tunas_close(ctx);
	return status;
}
