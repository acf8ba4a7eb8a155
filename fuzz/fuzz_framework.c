/*
 * fuzz_framework.c — a custom competency framework imported from CSV
 * (tunas_framework_import_csv): header, kinds, levels, parents in any
 * order, URIs. Every input is imported as a new framework into one
 * in-memory database opened on the first call, so that good rows are
 * written and read back through the real store.
 */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "tunas/skills.h"

static tunas_ctx *ctx;
static unsigned serial;

int fuzz_framework(const uint8_t *data, size_t size)
{
	tunas_fw_import_report rep;
	tunas_import_report problems;
	tunas_framework fw;
	tunas_principal op;
	FILE *in;

	if (ctx == NULL) {
		if (tunas_open(&ctx, ":memory:", NULL, 0) != 0)
			return 0;
		tunas_principal_operator(&op);
		tunas_set_principal(ctx, &op);
	}
	in = fmemopen((void *)data, size, "r");
	if (in == NULL)
		return 0;
	memset(&fw, 0, sizeof(fw));
	snprintf(fw.code, sizeof(fw.code), "FUZZ-%u", serial++);
	snprintf(fw.name, sizeof(fw.name), "Fuzzed framework");
	fw.kind = TUNAS_FW_CUSTOM;
	fw.levels = 8;
	memset(&problems, 0, sizeof(problems));
	if (tunas_framework_import_csv(ctx, &rep, &problems, &fw, in) == 0 && problems.n_problems)
		(void)problems.problems[problems.n_problems - 1].line;
	tunas_import_report_dispose(&problems);
	fclose(in);
	return 0;
}
