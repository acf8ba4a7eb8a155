/*
 * cmd_funding.c — `tunas funding`: a programme's funding report (its
 * allocations, what is committed and spent, and the costs per trainee,
 * completion and certification), or the totals per currency.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/funding.h"
#include "tunas/programme.h"

static int usage(void)
{
	fputs("usage: tunas funding report PROGRAMME_CODE | tunas funding totals\n", stderr);
	return 2;
}

/* "7500000000.00 MYR", "6000000000 IDR", or "-" for none (-1). */
static const char *money(char *buf, size_t cap, int64_t minor, const char *currency)
{
	if (minor < 0)
		snprintf(buf, cap, "-");
	else if (tunas_currency_decimals(currency) == 0)
		snprintf(buf, cap, "%lld %s", (long long)minor, currency);
	else
		snprintf(buf, cap, "%lld.%02lld %s", (long long)(minor / 100),
			 (long long)(minor % 100), currency);
	return buf;
}

static int find_programme(tunas_ctx *ctx, int64_t *out, const char *code)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_programme *rows = NULL;
	size_t n = 0;
	int rc;

	*out = 0;
	do {
		if ((rc = tunas_programme_list(ctx, &rows, &n, &page)) != 0)
			return rc;
		for (size_t i = 0; i < n && *out == 0; i++)
			if (strcmp(rows[i].code, code) == 0)
				*out = rows[i].id;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		rows = NULL;
	} while (*out == 0 && n == (size_t)page.limit);
	return 0;
}

static int report(tunas_ctx *ctx, const char *code)
{
	tunas_allocation *rows = NULL;
	tunas_funding_summary s;
	char b1[48], b2[48], b3[48], b4[48];
	int64_t id;
	size_t n = 0;
	int status = 1;

	if (find_programme(ctx, &id, code) != 0) {
		cli_error(ctx, "funding");
		return 1;
	}
	if (id == 0) {
		fprintf(stderr, "tunas: funding: no programme %s\n", code);
		return 1;
	}
	if (tunas_funding_summary_get(ctx, &s, id) != 0 ||
	    tunas_allocation_list(ctx, &rows, &n, id) != 0) {
		cli_error(ctx, "funding");
		goto out;
	}
	printf("%s (%s)\n", code, s.currency);
	printf("  budget     %s\n",
	       money(b1, sizeof(b1), s.budget_set ? s.budget_minor : -1, s.currency));
	printf("  allocated  %s\n", money(b1, sizeof(b1), s.allocated_minor, s.currency));
	printf("  committed  %s\n", money(b1, sizeof(b1), s.committed_minor, s.currency));
	printf("  spent      %s\n", money(b1, sizeof(b1), s.spent_minor, s.currency));
	printf("  remaining  %s\n", money(b1, sizeof(b1), s.remaining_minor, s.currency));
	printf("  claimed    %s (submitted, awaiting a decision)\n",
	       money(b1, sizeof(b1), s.claimed_minor, s.currency));
	printf("  per trainee        %s (%lld trainees)\n",
	       money(b1, sizeof(b1), s.cost_per_trainee_minor, s.currency), (long long)s.trainees);
	printf("  per completion     %s (%lld completions)\n",
	       money(b1, sizeof(b1), s.cost_per_completion_minor, s.currency),
	       (long long)s.completions);
	printf("  per certification  %s (%lld certificates)\n",
	       money(b1, sizeof(b1), s.cost_per_certification_minor, s.currency),
	       (long long)s.certifications);
	printf("\n%-6s %-8s %24s %24s %24s %24s\n", "alloc", "source", "amount", "committed",
	       "spent", "remaining");
	for (size_t i = 0; i < n; i++)
		printf("%-6lld %-8lld %24s %24s %24s %24s\n", (long long)rows[i].id,
		       (long long)rows[i].source_id,
		       money(b1, sizeof(b1), rows[i].amount_minor, rows[i].currency),
		       money(b2, sizeof(b2), rows[i].committed_minor, rows[i].currency),
		       money(b3, sizeof(b3), rows[i].spent_minor, rows[i].currency),
		       money(b4, sizeof(b4),
			     rows[i].amount_minor - rows[i].committed_minor - rows[i].spent_minor,
			     rows[i].currency));
	status = 0;
out:
	free(rows);
	return status;
}

static int totals(tunas_ctx *ctx)
{
	tunas_funding_total *rows = NULL;
	char b1[48], b2[48], b3[48], b4[48];
	size_t n = 0;

	if (tunas_funding_totals(ctx, &rows, &n) != 0) {
		cli_error(ctx, "funding");
		return 1;
	}
	printf("%-8s %7s %26s %26s %26s %26s\n", "currency", "sources", "amount", "allocated",
	       "committed", "spent");
	for (size_t i = 0; i < n; i++)
		printf("%-8s %7lld %26s %26s %26s %26s\n", rows[i].currency,
		       (long long)rows[i].sources,
		       money(b1, sizeof(b1), rows[i].amount_minor, rows[i].currency),
		       money(b2, sizeof(b2), rows[i].allocated_minor, rows[i].currency),
		       money(b3, sizeof(b3), rows[i].committed_minor, rows[i].currency),
		       money(b4, sizeof(b4), rows[i].spent_minor, rows[i].currency));
	free(rows);
	return 0;
}

int cmd_funding(int argc, char **argv, const char *db)
{
	tunas_ctx *ctx;
	int status;

	if (argc == 3 && strcmp(argv[1], "report") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = report(ctx, argv[2]);
	} else if (argc == 2 && strcmp(argv[1], "totals") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = totals(ctx);
	} else {
		return usage();
	}
	tunas_close(ctx);
	return status;
}
