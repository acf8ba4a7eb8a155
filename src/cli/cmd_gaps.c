/*
 * cmd_gaps.c — `tunas gaps`: the skills gap report, demand for open
 * vacancies against verified supply and people in training, by region and
 * occupation (or competency), as a table or CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/skills.h"

static int usage(void)
{
	fputs("usage: tunas gaps [--by occupation|competency] [--region R] [--csv]\n", stderr);
	return 2;
}

int cmd_gaps(int argc, char **argv, const char *db)
{
	tunas_gap_row *rows = NULL;
	const char *region = "";
	bool by_comp = false, csv = false;
	tunas_ctx *ctx;
	size_t n = 0, i;
	int status = 1, a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--csv") == 0)
			csv = true;
		else if (strcmp(argv[a], "--region") == 0 && a + 1 < argc)
			region = argv[++a];
		else if (strcmp(argv[a], "--by") == 0 && a + 1 < argc) {
			a++;
			if (strcmp(argv[a], "competency") == 0)
				by_comp = true;
			else if (strcmp(argv[a], "occupation") != 0)
				return usage();
		} else
			return usage();
	}
	if ((ctx = cli_open(db)) == NULL)
		return 1;
	if (csv) {
		if (tunas_gap_csv(ctx, stdout, by_comp, region) != 0)
			cli_error(ctx, "gaps");
		else
			status = 0;
		goto out;
	}
	if (tunas_gap_report(ctx, &rows, &n, by_comp, region) != 0) {
		cli_error(ctx, "gaps");
		goto out;
	}
	printf("%-22s %-44s %9s %8s %7s %8s %7s\n", "region", by_comp ? "competency" : "occupation",
	       "vacancies", "openings", "supply", "pipeline", "gap");
	for (i = 0; i < n; i++)
		printf("%-22.22s %-44.44s %9lld %8lld %7lld %8lld %7lld\n", rows[i].region,
		       rows[i].name, (long long)rows[i].vacancies, (long long)rows[i].openings,
		       (long long)rows[i].supply, (long long)rows[i].pipeline,
		       (long long)rows[i].gap);
	if (n == 0)
		printf("No open vacancies.\n");
	status = 0;
out:
	free(rows);
	tunas_close(ctx);
	return status;
}
