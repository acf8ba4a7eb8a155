/*
 * cmd_csv.c — `tunas import` and `tunas export` of CSV files.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/csvio.h"

int cmd_import(int argc, char **argv, const char *db)
{
	tunas_import_report rep;
	tunas_csv_kind kind;
	bool valid_only = false;
	const char *path = NULL;
	tunas_ctx *ctx = NULL;
	FILE *in = NULL;
	int status = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--valid-only") == 0)
			valid_only = true;
		else if (path == NULL)
			path = argv[i];
		else
			path = "";
	}
	kind = argc > 1 ? tunas_csv_kind_parse(argv[1]) : TUNAS_CSV_NONE;
	if (kind == TUNAS_CSV_NONE || path == NULL || path[0] == '\0') {
		fprintf(stderr,
			"usage: tunas import people|cohorts|enrolments FILE [--valid-only]\n"
			"Without --valid-only nothing is imported if any row is bad.\n");
		return 2;
	}
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (in == NULL) {
		fprintf(stderr, "tunas: import: cannot open %s\n", path);
		return 1;
	}
	ctx = cli_open(db);
	if (ctx == NULL)
		goto out;
	if (tunas_import_csv(ctx, &rep, kind, in, valid_only) != 0) {
		cli_error(ctx, "import");
		goto out;
	}
	for (size_t i = 0; i < rep.n_problems; i++)
		fprintf(stderr, "%s:%lld: %s: %s\n", path, (long long)rep.problems[i].line,
			rep.problems[i].field, rep.problems[i].reason);
	if ((int64_t)rep.n_problems < rep.bad)
		fprintf(stderr, "(%lld more bad rows not listed)\n",
			(long long)(rep.bad - (int64_t)rep.n_problems));
	printf("%lld rows read, %lld imported, %lld bad%s\n", (long long)rep.rows,
	       (long long)rep.loaded, (long long)rep.bad,
	       rep.committed ? "" : "; nothing was imported (fix the rows or use --valid-only)");
	status = rep.bad > 0 ? 1 : 0;
	tunas_import_report_dispose(&rep);
out:
	if (in != stdin)
		fclose(in);
	tunas_close(ctx);
	return status;
}

int cmd_export(int argc, char **argv, const char *db)
{
	tunas_csv_kind kind = argc > 1 ? tunas_csv_kind_parse(argv[1]) : TUNAS_CSV_NONE;
	const char *path = argc > 2 ? argv[2] : "-";
	tunas_ctx *ctx = NULL;
	FILE *out;
	int status = 1;

	if (kind == TUNAS_CSV_NONE || argc > 3) {
		fprintf(stderr, "usage: tunas export people|cohorts|enrolments [FILE]\n");
		return 2;
	}
	out = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (out == NULL) {
		fprintf(stderr, "tunas: export: cannot create %s\n", path);
		return 1;
	}
	ctx = cli_open(db);
	if (ctx != NULL) {
		if (tunas_export_csv(ctx, kind, out) != 0)
			cli_error(ctx, "export");
		else
			status = 0;
	}
	if (out != stdout && fclose(out) != 0)
		status = 1;
	tunas_close(ctx);
	return status;
}
