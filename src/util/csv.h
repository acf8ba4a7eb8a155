/*
 * csv.h — a streaming RFC 4180 CSV reader and writer.
 *
 * The reader takes records one at a time from a FILE (quoted fields,
 * doubled quotes, CRLF or LF line ends, newlines inside quotes) with hard
 * limits on field count and record size, so a hostile file cannot make it
 * allocate without bound. A malformed record is reported with its line and
 * skipped; reading goes on with the next line.
 */
#ifndef TUNAS_UTIL_CSV_H
#define TUNAS_UTIL_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TUNAS_CSV_FIELDS_MAX 64
#define TUNAS_CSV_RECORD_MAX (64 * 1024)

typedef struct tunas_csv_reader tunas_csv_reader;

enum {
	TUNAS_CSV_EOF = 0,
	TUNAS_CSV_RECORD = 1,
	TUNAS_CSV_BAD = 2, /* malformed record: see tunas_csv_error(); skipped */
};

/* A new reader over `in` (borrowed; not closed). NULL on out of memory. */
tunas_csv_reader *tunas_csv_reader_new(FILE *in);
void tunas_csv_reader_free(tunas_csv_reader *r);

/*
 * Read the next record. Returns TUNAS_CSV_RECORD with *fields and *n set
 * (borrowed: valid until the next call), TUNAS_CSV_BAD for a malformed
 * record, or TUNAS_CSV_EOF. *line is the 1-based line the record starts on.
 * A leading UTF-8 byte-order mark is skipped.
 */
int tunas_csv_next(tunas_csv_reader *r, char ***fields, size_t *n, int64_t *line);
/* Why the last record was bad; borrowed. */
const char *tunas_csv_error(const tunas_csv_reader *r);

/* Write one field, quoted when needed; `last` ends the record with CRLF.
 * Fields starting with = + - @ are prefixed with ' so that spreadsheets do
 * not run them as formulas (CSV injection). */
void tunas_csv_write(FILE *out, const char *field, bool last);

#endif
