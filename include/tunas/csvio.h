/*
 * csvio.h — bulk import and export of people, cohorts and enrolments as CSV.
 *
 * Files are RFC 4180 CSV in UTF-8 with a header row naming the columns (in
 * any order; unknown or repeated columns are refused). Import checks every
 * row with the same rules as the API and reports each bad row by line,
 * field and reason. By default it is all or nothing: if any row is bad,
 * nothing is committed. With `valid_only`, the valid rows are loaded and
 * the bad ones reported. Columns per kind are listed in docs/CSV.md.
 */
#ifndef TUNAS_CSVIO_H
#define TUNAS_CSVIO_H

#include <stdio.h>

#include "tunas/tunas.h"

typedef enum {
	TUNAS_CSV_NONE = 0,
	TUNAS_CSV_PEOPLE,
	TUNAS_CSV_COHORTS,
	TUNAS_CSV_ENROLMENTS,
} tunas_csv_kind;

#define TUNAS_IMPORT_PROBLEMS_MAX 10000 /* kept in the report; all are counted */

typedef struct {
	int64_t line; /* 1-based physical line where the record starts */
	char field[64];
	char reason[256];
} tunas_import_problem;

typedef struct {
	int64_t rows;			/* data rows read */
	int64_t loaded;			/* rows committed */
	int64_t bad;			/* rows refused */
	bool committed;			/* false when nothing was written */
	tunas_import_problem *problems; /* first TUNAS_IMPORT_PROBLEMS_MAX */
	size_t n_problems;
} tunas_import_report;

tunas_csv_kind tunas_csv_kind_parse(const char *name);

/*
 * Read CSV of `kind` from `in` and load it as the current principal (the
 * same permission checks as one-by-one creation). Returns 0 when the file
 * was read to the end, whether or not rows were bad (see the report);
 * TUNAS_EINVAL for a file that is not usable at all (bad header); other
 * codes for store failures. Dispose the report with
 * tunas_import_report_dispose().
 */
int tunas_import_csv(tunas_ctx *ctx, tunas_import_report *out, tunas_csv_kind kind, FILE *in,
		     bool valid_only);
void tunas_import_report_dispose(tunas_import_report *r);

/* Write every row of `kind` the caller may see to `out`, in the import
 * format (so an export imports back; ids of organisations and cohorts are
 * this database's own). National IDs are masked where the caller may not
 * see them. */
int tunas_export_csv(tunas_ctx *ctx, tunas_csv_kind kind, FILE *out);

#endif
