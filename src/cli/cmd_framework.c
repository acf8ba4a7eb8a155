/*
 * cmd_framework.c — `tunas framework`: import ESCO or a custom framework
 * from CSV, list the frameworks, show one with its counts.
 *
 *   tunas framework import esco DIR
 *   tunas framework import csv FILE --code C --name N [--kind K] [--levels L]
 *                              [--version V] [--org ID]
 *   tunas framework list
 *   tunas framework show CODE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "tunas/org.h"
#include "tunas/skills.h"

static const char usage[] =
	"usage: tunas framework import esco DIR\n"
	"       tunas framework import csv FILE --code C --name N [--kind K] [--levels L]\n"
	"                                  [--version V] [--org ID]\n"
	"       tunas framework list\n"
	"       tunas framework show CODE\n"
	"DIR holds ESCO's CSV zips (esco-v1.1.1-classification-en-csv.zip and\n"
	"esco-v1.1.1-relations-csv.zip) or the CSV files in them. K is national, vendor,\n"
	"taxonomy or custom (default custom); L is the highest level, 0 to 8 (default 0).\n";

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static bool parse_int(const char *s, long long lo, long long hi, long long *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);

	if (end == s || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* Copy an option's value into a fixed buffer; false if it does not fit. */
static bool set(char *dst, size_t cap, const char *v)
{
	size_t len = strlen(v);

	if (len >= cap)
		return false;
	memcpy(dst, v, len + 1);
	return true;
}

static int import_esco(tunas_ctx *ctx, const char *dir)
{
	tunas_fw_import_report rep;
	tunas_framework f;
	struct timespec t0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (tunas_framework_import_esco(ctx, &rep, dir) != 0) {
		cli_error(ctx, "framework import esco");
		return 1;
	}
	if (tunas_framework_get(ctx, &f, rep.framework_id) != 0) {
		cli_error(ctx, "framework import esco");
		return 1;
	}
	printf("Imported %s%s%s (framework %lld) in %.1f s: %lld competencies, %lld occupations "
	       "(and %lld without an English label), %lld occupation-skill relations, %lld rows "
	       "skipped.\n",
	       f.code, f.version[0] ? " " : "", f.version, (long long)f.id, seconds_since(&t0),
	       (long long)rep.competencies, (long long)rep.occupations, (long long)rep.unlabelled,
	       (long long)rep.relations, (long long)rep.skipped);
	return 0;
}

static int import_csv(tunas_ctx *ctx, int argc, char **argv)
{
	tunas_fw_import_report rep;
	tunas_import_report problems;
	tunas_framework f;
	const char *path = argv[3];
	long long v;
	FILE *in = NULL;
	int status = 1;

	memset(&f, 0, sizeof(f));
	f.kind = TUNAS_FW_CUSTOM;
	for (int i = 4; i < argc; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok = val != NULL;

		if (ok && strcmp(opt, "--code") == 0)
			ok = set(f.code, sizeof(f.code), val);
		else if (ok && strcmp(opt, "--name") == 0)
			ok = set(f.name, sizeof(f.name), val);
		else if (ok && strcmp(opt, "--version") == 0)
			ok = set(f.version, sizeof(f.version), val);
		else if (ok && strcmp(opt, "--kind") == 0)
			ok = (f.kind = tunas_fw_kind_parse(val)) != TUNAS_FW_NONE;
		else if (ok && strcmp(opt, "--levels") == 0 && (ok = parse_int(val, 0, 8, &v)))
			f.levels = (int)v;
		else if (ok && strcmp(opt, "--org") == 0 && (ok = parse_int(val, 1, INT64_MAX, &v)))
			f.owner_org_id = v;
		else if (ok)
			ok = false;
		if (!ok) {
			fprintf(stderr, "tunas: framework import csv: bad option %s%s%s\n%s", opt,
				val ? " " : "", val ? val : "", usage);
			return 2;
		}
		i++;
	}
	if (f.code[0] == '\0' || f.name[0] == '\0') {
		fprintf(stderr, "tunas: framework import csv: --code and --name are required\n%s",
			usage);
		return 2;
	}
	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (in == NULL) {
		fprintf(stderr, "tunas: framework import csv: cannot open %s\n", path);
		return 1;
	}
	if (tunas_framework_import_csv(ctx, &rep, &problems, &f, in) != 0) {
		cli_error(ctx, "framework import csv");
		goto out;
	}
	for (size_t i = 0; i < problems.n_problems; i++)
		fprintf(stderr, "%s:%lld: %s: %s\n", path, (long long)problems.problems[i].line,
			problems.problems[i].field, problems.problems[i].reason);
	if ((int64_t)problems.n_problems < problems.bad)
		fprintf(stderr, "(%lld more bad rows not listed)\n",
			(long long)(problems.bad - (int64_t)problems.n_problems));
	if (problems.committed)
		printf("Imported framework %s (framework %lld): %lld competencies.\n", f.code,
		       (long long)rep.framework_id, (long long)rep.competencies);
	else
		printf("%lld rows read, %lld bad; nothing was imported.\n",
		       (long long)problems.rows, (long long)problems.bad);
	status = problems.committed ? 0 : 1;
	tunas_import_report_dispose(&problems);
out:
	if (in != stdin)
		fclose(in);
	return status;
}

static int list(tunas_ctx *ctx)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	size_t total = 0;

	printf("%-6s %-24s %-9s %-8s %6s %12s %11s  %s\n", "ID", "CODE", "KIND", "VERSION",
	       "LEVELS", "COMPETENCIES", "OCCUPATIONS", "NAME");
	for (;;) {
		tunas_framework *rows = NULL;
		size_t n = 0;

		if (tunas_framework_list(ctx, &rows, &n, &page) != 0) {
			cli_error(ctx, "framework list");
			return 1;
		}
		for (size_t i = 0; i < n; i++) {
			const tunas_framework *f = &rows[i];

			printf("%-6lld %-24s %-9s %-8s %6d %12lld %11lld  %s\n", (long long)f->id,
			       f->code, tunas_fw_kind_name(f->kind),
			       f->version[0] ? f->version : "-", f->levels,
			       (long long)f->competencies, (long long)f->occupations, f->name);
		}
		total += n;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (n < (size_t)page.limit)
			break;
	}
	if (total == 0)
		printf("No frameworks yet: tunas framework import esco DIR, or import csv.\n");
	return 0;
}

static int show(tunas_ctx *ctx, const char *code)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_framework f;
	int64_t top = 0;
	tunas_org o;

	if (tunas_framework_find(ctx, &f, code) != 0) {
		cli_error(ctx, "framework show");
		return 1;
	}
	for (;;) {
		tunas_competency *rows = NULL;
		size_t n = 0;

		if (tunas_competency_list(ctx, &rows, &n, f.id, 0, "", &page) != 0) {
			cli_error(ctx, "framework show");
			return 1;
		}
		top += (int64_t)n;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (n < (size_t)page.limit)
			break;
	}
	printf("%s  %s\n", f.code, f.name);
	printf("  id:           %lld\n", (long long)f.id);
	printf("  kind:         %s\n", tunas_fw_kind_name(f.kind));
	printf("  version:      %s\n", f.version[0] ? f.version : "-");
	if (f.levels > 0)
		printf("  levels:       1 to %d\n", f.levels);
	else
		printf("  levels:       none\n");
	if (f.owner_org_id == 0)
		printf("  owner:        national (system admins)\n");
	else if (tunas_org_get(ctx, &o, f.owner_org_id) == 0)
		printf("  owner:        %s (organisation %lld)\n", o.name, (long long)o.id);
	else
		printf("  owner:        organisation %lld\n", (long long)f.owner_org_id);
	printf("  competencies: %lld (%lld at the top)\n", (long long)f.competencies,
	       (long long)top);
	printf("  occupations:  %lld\n", (long long)f.occupations);
	return 0;
}

int cmd_framework(int argc, char **argv, const char *db)
{
	tunas_ctx *ctx = NULL;
	int status;

	if (argc == 4 && strcmp(argv[1], "import") == 0 && strcmp(argv[2], "esco") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = import_esco(ctx, argv[3]);
	} else if (argc >= 4 && strcmp(argv[1], "import") == 0 && strcmp(argv[2], "csv") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = import_csv(ctx, argc, argv);
	} else if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = list(ctx);
	} else if (argc == 3 && strcmp(argv[1], "show") == 0) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		status = show(ctx, argv[2]);
	} else {
		fputs(usage, stderr);
		return 2;
	}
	tunas_close(ctx);
	return status;
}
