/*
 * fuzz_csv.c — the CSV reader, record by record, over arbitrary bytes.
 */
#include <stdio.h>

#include "fuzz.h"
#include "util/csv.h"

int fuzz_csv(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "r");
	tunas_csv_reader *r;
	char **fields;
	size_t n;
	int64_t line;
	int got, records = 0;

	if (in == NULL)
		return 0;
	r = tunas_csv_reader_new(in);
	while (r != NULL && (got = tunas_csv_next(r, &fields, &n, &line)) != TUNAS_CSV_EOF) {
		if (got == TUNAS_CSV_RECORD) {
			/* Touch every byte so the sanitizer sees any overrun. */
			for (size_t i = 0; i < n; i++)
				for (const char *p = fields[i]; *p; p++)
					records += *p == ',';
		}
		if (++records > 1000000)
			break;
	}
	tunas_csv_reader_free(r);
	fclose(in);
	return 0;
}
