/*
 * csv.c — streaming RFC 4180 reader and writer; see csv.h.
 */
#include "util/csv.h"

#include <string.h>

#include "util/mem.h"

struct tunas_csv_reader {
	FILE *in;
	char *buf; /* the record's fields, each NUL-terminated */
	size_t len, cap;
	size_t starts[TUNAS_CSV_FIELDS_MAX];
	char *fields[TUNAS_CSV_FIELDS_MAX];
	int64_t line; /* the line the next record starts on */
	bool first;
	const char *error;
};

tunas_csv_reader *tunas_csv_reader_new(FILE *in)
{
	tunas_csv_reader *r = tunas_calloc(1, sizeof(*r));

	if (r == NULL)
		return NULL;
	r->cap = 4096;
	r->buf = tunas_malloc(r->cap);
	if (r->buf == NULL) {
		tunas_free(r);
		return NULL;
	}
	r->in = in;
	r->line = 1;
	r->first = true;
	return r;
}

void tunas_csv_reader_free(tunas_csv_reader *r)
{
	if (r == NULL)
		return;
	tunas_free(r->buf);
	tunas_free(r);
}

const char *tunas_csv_error(const tunas_csv_reader *r)
{
	return r->error ? r->error : "";
}

/* Append a byte; false when the record limit is reached or memory is out. */
static bool put(tunas_csv_reader *r, char c)
{
	if (r->len == r->cap) {
		size_t ncap = r->cap * 2;
		char *nb;

		if (ncap > TUNAS_CSV_RECORD_MAX + 1)
			ncap = TUNAS_CSV_RECORD_MAX + 1;
		if (ncap <= r->cap)
			return false;
		nb = tunas_reallocarray(r->buf, ncap, 1);
		if (nb == NULL)
			return false;
		r->buf = nb;
		r->cap = ncap;
	}
	r->buf[r->len++] = c;
	return true;
}

/* Skip to the end of the current record after an error. When the error
 * came inside a quoted field, the record ends at the first newline outside
 * quotes: lines inside the field are not rows (a row hidden there must not
 * be read as one). */
static void skip_record(tunas_csv_reader *r, bool quoted)
{
	int c;

	while ((c = getc_unlocked(r->in)) != EOF) {
		if (c == '"')
			quoted = !quoted; /* a doubled quote toggles twice */
		else if (c == '\n') {
			r->line++;
			if (!quoted)
				return;
		}
	}
}

static void skip_line(tunas_csv_reader *r)
{
	skip_record(r, false);
}

int tunas_csv_next(tunas_csv_reader *r, char ***fields, size_t *n, int64_t *line)
{
	size_t nf = 0;
	bool quoted = false, was_quoted = false;
	int c;

	r->len = 0;
	r->error = NULL;
	*line = r->line;
	if (r->first) {
		/* A UTF-8 byte-order mark, as spreadsheet programs write. */
		r->first = false;
		c = getc_unlocked(r->in);
		if (c == 0xEF) {
			if (getc_unlocked(r->in) != 0xBB || getc_unlocked(r->in) != 0xBF) {
				r->error = "the file starts with a broken byte-order mark";
				skip_line(r);
				return TUNAS_CSV_BAD;
			}
		} else if (c != EOF) {
			ungetc(c, r->in);
		}
	}
	c = getc_unlocked(r->in);
	if (c == EOF)
		return TUNAS_CSV_EOF;
	r->starts[nf++] = 0;
	for (;; c = getc_unlocked(r->in)) {
		if (quoted) {
			if (c == EOF) {
				r->error =
					"a quoted field is not closed before the end of the file";
				return TUNAS_CSV_BAD;
			}
			if (c == '"') {
				int d = getc_unlocked(r->in);

				if (d == '"') {
					if (!put(r, '"'))
						goto toobig;
					continue;
				}
				quoted = false;
				if (d != EOF)
					ungetc(d, r->in);
				continue;
			}
			if (c == '\n')
				r->line++;
			if (c == '\0') {
				r->error = "the record contains a NUL byte";
				skip_record(r, true);
				return TUNAS_CSV_BAD;
			}
			if (!put(r, (char)c))
				goto toobig;
			continue;
		}
		if (c == EOF || c == '\n' || c == ',') {
			/* End of a field: drop the CR of a CRLF line end. */
			if (c != ',' && r->len > r->starts[nf - 1] && r->buf[r->len - 1] == '\r' &&
			    !was_quoted)
				r->len--;
			if (!put(r, '\0'))
				goto toobig;
			if (c != ',')
				break;
			if (nf == TUNAS_CSV_FIELDS_MAX) {
				r->error = "a record has more than 64 fields";
				skip_line(r);
				return TUNAS_CSV_BAD;
			}
			r->starts[nf++] = r->len;
			was_quoted = false;
			continue;
		}
		if (c == '"') {
			if (r->len != r->starts[nf - 1] || was_quoted) {
				r->error = "a quote appears inside an unquoted field";
				if (c != '\n')
					skip_line(r);
				return TUNAS_CSV_BAD;
			}
			quoted = was_quoted = true;
			continue;
		}
		if (was_quoted && c != '\r') {
			r->error = "text follows a closing quote";
			skip_line(r);
			return TUNAS_CSV_BAD;
		}
		if (was_quoted)
			continue; /* the CR of CRLF after a quoted field */
		if (c == '\0') {
			r->error = "the record contains a NUL byte";
			skip_line(r);
			return TUNAS_CSV_BAD;
		}
		if (!put(r, (char)c))
			goto toobig;
	}
	r->line++;
	for (size_t i = 0; i < nf; i++)
		r->fields[i] = r->buf + r->starts[i];
	*fields = r->fields;
	*n = nf;
	return TUNAS_CSV_RECORD;
toobig:
	r->error = "a record is longer than 64 KiB";
	if (c != '\n' || quoted)
		skip_record(r, quoted);
	return TUNAS_CSV_BAD;
}

void tunas_csv_write(FILE *out, const char *field, bool last)
{
	bool quote = strpbrk(field, ",\"\r\n") != NULL;
	bool formula = field[0] == '=' || field[0] == '+' || field[0] == '-' || field[0] == '@' ||
		       field[0] == '\t' || field[0] == '\r';

	/* '+' and '-' also start phone numbers and negative numbers: such a
	 * field made only of digits, spaces, dashes, dots and parentheses is
	 * data, not a formula, and round-trips unchanged. */
	if ((field[0] == '+' || field[0] == '-') && field[1] != '\0' &&
	    field[strspn(field + 1, "0123456789 -.()") + 1] == '\0')
		formula = false;
	if (quote || formula)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	if (quote || formula)
		fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}
