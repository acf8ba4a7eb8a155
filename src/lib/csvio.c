/*
 * csvio.c — bulk CSV import and export; see csvio.h and docs/CSV.md.
 *
 * Each row goes through the same public library call as the API (person
 * create, cohort create, apply and move), so every rule and permission
 * check applies, and every row has its audit entry. The whole file runs in
 * one transaction with a savepoint per row: a bad row undoes only itself,
 * and at the end the transaction commits (no bad rows, or valid_only) or
 * rolls back.
 */
#include "tunas/csvio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "tunas/enrol.h"
#include "tunas/person.h"
#include "tunas/programme.h"
#include "util/csv.h"
#include "util/mem.h"

typedef struct {
	const char *name;
	bool required;
} column;

static const column people_cols[] = {
	{"full_name", true},	  {"id_type", true},	 {"id_number", true},
	{"id_country", false},	  {"birth_date", false}, {"sex", false},
	{"email", false},	  {"phone", false},	 {"edu_country", false},
	{"edu_level", true},	  {"employment", true},	 {"employer_org_id", false},
	{"employer_name", false}, {"region", false},	 {NULL, false},
};

static const column cohort_cols[] = {
	{"programme_id", true}, {"centre_org_id", true}, {"name", true}, {"capacity", true},
	{"starts_on", true},	{"ends_on", true},	 {NULL, false},
};

/* An enrolment names its person by identity number and name together,
 * as on the identity card (see tunas_enrol_apply_ident). */
static const column enrol_cols[] = {
	{"id_type", true},   {"id_number", true}, {"full_name", true},
	{"cohort_id", true}, {"status", false},	  {NULL, false},
};
enum { E_ID_TYPE, E_ID_NUMBER, E_NAME, E_COHORT, E_STATUS };

tunas_csv_kind tunas_csv_kind_parse(const char *name)
{
	if (name == NULL)
		return TUNAS_CSV_NONE;
	if (strcmp(name, "people") == 0)
		return TUNAS_CSV_PEOPLE;
	if (strcmp(name, "cohorts") == 0)
		return TUNAS_CSV_COHORTS;
	if (strcmp(name, "enrolments") == 0)
		return TUNAS_CSV_ENROLMENTS;
	return TUNAS_CSV_NONE;
}

static const char *kind_name(tunas_csv_kind kind)
{
	return kind == TUNAS_CSV_PEOPLE	   ? "people"
	       : kind == TUNAS_CSV_COHORTS ? "cohorts"
					   : "enrolments";
}

static const column *columns_of(tunas_csv_kind kind)
{
	switch (kind) {
	case TUNAS_CSV_PEOPLE:
		return people_cols;
	case TUNAS_CSV_COHORTS:
		return cohort_cols;
	case TUNAS_CSV_ENROLMENTS:
		return enrol_cols;
	default:
		return NULL;
	}
}

/* Where each known column sits in the file (-1: absent). */
typedef struct {
	int at[TUNAS_CSV_FIELDS_MAX];
	size_t n_fields;
} header_map;

static int read_header(tunas_ctx *ctx, header_map *map, const column *cols, char **fields, size_t n)
{
	size_t ncols = 0;

	while (cols[ncols].name)
		ncols++;
	for (size_t c = 0; c < ncols; c++)
		map->at[c] = -1;
	map->n_fields = n;
	for (size_t i = 0; i < n; i++) {
		size_t c;

		for (c = 0; c < ncols; c++)
			if (strcmp(fields[i], cols[c].name) == 0)
				break;
		if (c == ncols)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header", "unknown column '%.60s'",
					      fields[i]);
		if (map->at[c] >= 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header",
					      "column '%s' appears twice", cols[c].name);
		map->at[c] = (int)i;
	}
	for (size_t c = 0; c < ncols; c++)
		if (cols[c].required && map->at[c] < 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header",
					      "required column '%s' is missing", cols[c].name);
	return TUNAS_OK;
}

/* The value of column c in this record, "" if absent. */
static const char *val(const header_map *map, char **fields, int c)
{
	return map->at[c] >= 0 ? fields[map->at[c]] : "";
}

static bool parse_i64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (s[0] == '\0')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return false;
	*out = v;
	return true;
}

static void problem(tunas_import_report *r, int64_t line, const char *field, const char *reason)
{
	tunas_import_problem *p;

	r->bad++;
	if (r->n_problems >= TUNAS_IMPORT_PROBLEMS_MAX)
		return;
	if (r->n_problems % 64 == 0) {
		tunas_import_problem *np =
			tunas_reallocarray(r->problems, r->n_problems + 64, sizeof(*np));

		if (np == NULL)
			return; /* still counted in r->bad */
		r->problems = np;
	}
	p = &r->problems[r->n_problems++];
	p->line = line;
	tunas_copy(p->field, sizeof(p->field), field);
	tunas_copy(p->reason, sizeof(p->reason), reason);
}

/* Turn a failed library call into a problem for this line. */
static void problem_from_ctx(tunas_import_report *r, tunas_ctx *ctx, int64_t line)
{
	problem(r, line, tunas_errfield(ctx)[0] ? tunas_errfield(ctx) : "row", tunas_errmsg(ctx));
}

/* Person columns, in people_cols order. */
enum {
	P_NAME,
	P_ID_TYPE,
	P_ID_NUMBER,
	P_ID_COUNTRY,
	P_BIRTH,
	P_SEX,
	P_EMAIL,
	P_PHONE,
	P_EDU_COUNTRY,
	P_EDU_LEVEL,
	P_EMPLOYMENT,
	P_EMPLOYER_ID,
	P_EMPLOYER_NAME,
	P_REGION,
};

/* Fill *p from a record; false with the problem recorded if a field is
 * unusable (too long, bad number or keyword). */
static bool person_from_row(tunas_person *p, tunas_import_report *r, int64_t line,
			    const header_map *m, char **f)
{
	static const struct {
		int col;
		size_t off, cap;
	} text[] = {
		{P_NAME, offsetof(tunas_person, full_name), TUNAS_NAME_MAX + 1},
		{P_ID_NUMBER, offsetof(tunas_person, id_number), TUNAS_ID_MAX + 1},
		{P_ID_COUNTRY, offsetof(tunas_person, id_country), 3},
		{P_BIRTH, offsetof(tunas_person, birth_date), TUNAS_DATE_LEN + 1},
		{P_EMAIL, offsetof(tunas_person, email), TUNAS_NAME_MAX + 1},
		{P_PHONE, offsetof(tunas_person, phone), TUNAS_CODE_MAX + 1},
		{P_EDU_COUNTRY, offsetof(tunas_person, edu_country), 3},
		{P_EDU_LEVEL, offsetof(tunas_person, edu_level), TUNAS_CODE_MAX + 1},
		{P_EMPLOYER_NAME, offsetof(tunas_person, employer_name), TUNAS_NAME_MAX + 1},
		{P_REGION, offsetof(tunas_person, region), TUNAS_NAME_MAX + 1},
	};
	const char *s;

	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		if (!tunas_copy((char *)p + text[i].off, text[i].cap, val(m, f, text[i].col))) {
			problem(r, line, people_cols[text[i].col].name, "is too long");
			return false;
		}
	}
	p->id_type = tunas_ident_type_parse(val(m, f, P_ID_TYPE));
	if (p->id_type == TUNAS_ID_NONE) {
		problem(r, line, "id_type", "must be mykad, nik or passport");
		return false;
	}
	s = val(m, f, P_SEX);
	if (s[0] && (s[1] || (s[0] != 'M' && s[0] != 'F'))) {
		problem(r, line, "sex", "must be M or F");
		return false;
	}
	p->sex = s[0];
	p->employment = tunas_employment_parse(val(m, f, P_EMPLOYMENT));
	s = val(m, f, P_EMPLOYER_ID);
	if (s[0] && !parse_i64(s, &p->employer_org_id)) {
		problem(r, line, "employer_org_id", "must be an organisation id");
		return false;
	}
	return true;
}

static int import_person(tunas_ctx *ctx, tunas_import_report *r, int64_t line, const header_map *m,
			 char **f)
{
	tunas_person p;
	int64_t id;
	int rc;

	if (!person_from_row(&p, r, line, m, f))
		return TUNAS_EINVAL;
	rc = tunas_person_create(ctx, &id, &p);
	if (rc == TUNAS_EINVAL || rc == TUNAS_ECONFLICT || rc == TUNAS_EPERM)
		problem_from_ctx(r, ctx, line);
	return rc;
}

static int import_cohort(tunas_ctx *ctx, tunas_import_report *r, int64_t line, const header_map *m,
			 char **f)
{
	tunas_cohort c;
	int64_t id, cap;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!parse_i64(val(m, f, 0), &c.programme_id)) {
		problem(r, line, "programme_id", "must be a programme id");
		return TUNAS_EINVAL;
	}
	if (!parse_i64(val(m, f, 1), &c.centre_org_id)) {
		problem(r, line, "centre_org_id", "must be an organisation id");
		return TUNAS_EINVAL;
	}
	if (!tunas_copy(c.name, sizeof(c.name), val(m, f, 2))) {
		problem(r, line, "name", "is too long");
		return TUNAS_EINVAL;
	}
	if (!parse_i64(val(m, f, 3), &cap) || cap > 100000) {
		problem(r, line, "capacity", "must be a whole number from 1 to 100000");
		return TUNAS_EINVAL;
	}
	c.capacity = (int)cap;
	if (!tunas_copy(c.starts_on, sizeof(c.starts_on), val(m, f, 4))) {
		problem(r, line, "starts_on", "must be a date written YYYY-MM-DD");
		return TUNAS_EINVAL;
	}
	if (!tunas_copy(c.ends_on, sizeof(c.ends_on), val(m, f, 5))) {
		problem(r, line, "ends_on", "must be a date written YYYY-MM-DD");
		return TUNAS_EINVAL;
	}
	rc = tunas_cohort_create(ctx, &id, &c);
	if (rc == TUNAS_EINVAL || rc == TUNAS_ECONFLICT || rc == TUNAS_EPERM)
		problem_from_ctx(r, ctx, line);
	return rc;
}

/* The moves from applied to each status an import may ask for. */
static const tunas_enrol_status *path_to(tunas_enrol_status to)
{
	static const tunas_enrol_status applied[] = {TUNAS_ENROL_NONE};
	static const tunas_enrol_status accepted[] = {TUNAS_ENROL_ACCEPTED, TUNAS_ENROL_NONE};
	static const tunas_enrol_status enrolled[] = {TUNAS_ENROL_ACCEPTED, TUNAS_ENROL_ENROLLED,
						      TUNAS_ENROL_NONE};
	static const tunas_enrol_status completed[] = {TUNAS_ENROL_ACCEPTED, TUNAS_ENROL_ENROLLED,
						       TUNAS_ENROL_COMPLETED, TUNAS_ENROL_NONE};
	static const tunas_enrol_status waitlisted[] = {TUNAS_ENROL_WAITLISTED, TUNAS_ENROL_NONE};
	static const tunas_enrol_status rejected[] = {TUNAS_ENROL_REJECTED, TUNAS_ENROL_NONE};
	static const tunas_enrol_status withdrawn[] = {TUNAS_ENROL_WITHDRAWN, TUNAS_ENROL_NONE};

	switch (to) {
	case TUNAS_ENROL_APPLIED:
		return applied;
	case TUNAS_ENROL_ACCEPTED:
		return accepted;
	case TUNAS_ENROL_ENROLLED:
		return enrolled;
	case TUNAS_ENROL_COMPLETED:
		return completed;
	case TUNAS_ENROL_WAITLISTED:
		return waitlisted;
	case TUNAS_ENROL_REJECTED:
		return rejected;
	case TUNAS_ENROL_WITHDRAWN:
		return withdrawn;
	default:
		return NULL;
	}
}

static int import_enrolment(tunas_ctx *ctx, tunas_import_report *r, int64_t line,
			    const header_map *m, char **f)
{
	const tunas_enrol_status *path;
	tunas_enrol_status want;
	tunas_enrolment e;
	tunas_id_type type;
	int64_t cohort_id;
	char why[300];
	int rc;

	type = tunas_ident_type_parse(val(m, f, E_ID_TYPE));
	if (type == TUNAS_ID_NONE) {
		problem(r, line, "id_type", "must be mykad, nik or passport");
		return TUNAS_EINVAL;
	}
	if (!parse_i64(val(m, f, E_COHORT), &cohort_id)) {
		problem(r, line, "cohort_id", "must be a cohort id");
		return TUNAS_EINVAL;
	}
	want = val(m, f, E_STATUS)[0] ? tunas_enrol_status_parse(val(m, f, E_STATUS))
				      : TUNAS_ENROL_APPLIED;
	path = path_to(want);
	if (path == NULL) {
		problem(r, line, "status",
			"must be applied, accepted, waitlisted, rejected, enrolled, completed or "
			"withdrawn");
		return TUNAS_EINVAL;
	}
	/* One savepoint around the whole row: apply and every move, or none. */
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = tunas_enrol_apply_ident(ctx, &e, type, val(m, f, E_ID_NUMBER), val(m, f, E_NAME),
				     cohort_id);
	if (rc == 0 && e.status == TUNAS_ENROL_REJECTED && want != TUNAS_ENROL_REJECTED) {
		snprintf(why, sizeof(why), "not eligible: %.200s", e.reason);
		problem(r, line, "id_number", why);
		rc = TUNAS_EINVAL;
		goto out;
	}
	for (int i = 0; rc == 0 && path[i] != TUNAS_ENROL_NONE; i++)
		rc = tunas_enrol_move(ctx, &e, e.id, path[i], "imported");
	if (rc == 0 && e.status != want) {
		snprintf(why, sizeof(why), "ended %s, not %s: %.200s",
			 tunas_enrol_status_name(e.status), tunas_enrol_status_name(want),
			 e.reason);
		problem(r, line, "status", why);
		rc = TUNAS_EINVAL;
		goto out;
	}
	if (rc == TUNAS_EINVAL || rc == TUNAS_ECONFLICT || rc == TUNAS_EPERM ||
	    rc == TUNAS_ENOTFOUND) {
		problem_from_ctx(r, ctx, line);
		rc = TUNAS_EINVAL;
	}
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_import_csv(tunas_ctx *ctx, tunas_import_report *out, tunas_csv_kind kind, FILE *in,
		     bool valid_only)
{
	const column *cols = columns_of(kind);
	tunas_import_report r;
	tunas_csv_reader *rd = NULL;
	header_map map;
	char **fields;
	size_t n;
	int64_t line;
	int rc, got;

	memset(&r, 0, sizeof(r));
	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (cols == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be people, cohorts or enrolments");
	rd = tunas_csv_reader_new(in);
	if (rd == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	got = tunas_csv_next(rd, &fields, &n, &line);
	if (got != TUNAS_CSV_RECORD) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "header", "%s",
				    got == TUNAS_CSV_EOF ? "the file is empty"
							 : tunas_csv_error(rd));
		goto out;
	}
	if ((rc = read_header(ctx, &map, cols, fields, n)) != 0)
		goto out;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto out;
	while ((got = tunas_csv_next(rd, &fields, &n, &line)) != TUNAS_CSV_EOF) {
		int row_rc;

		r.rows++;
		if (got == TUNAS_CSV_BAD) {
			problem(&r, line, "row", tunas_csv_error(rd));
			continue;
		}
		if (n != map.n_fields) {
			char why[96];

			snprintf(why, sizeof(why), "has %zu fields; the header has %zu", n,
				 map.n_fields);
			problem(&r, line, "row", why);
			continue;
		}
		if (kind == TUNAS_CSV_PEOPLE)
			row_rc = import_person(ctx, &r, line, &map, fields);
		else if (kind == TUNAS_CSV_COHORTS)
			row_rc = import_cohort(ctx, &r, line, &map, fields);
		else
			row_rc = import_enrolment(ctx, &r, line, &map, fields);
		if (row_rc == 0) {
			r.loaded++;
		} else if (row_rc != TUNAS_EINVAL && row_rc != TUNAS_ECONFLICT &&
			   row_rc != TUNAS_EPERM) {
			/* The database or memory failed: stop, keep nothing. */
			rc = row_rc;
			break;
		}
	}
	if (rc == 0 && r.bad > 0 && !valid_only)
		rc = TUNAS_EINVAL; /* all or nothing: roll back */
	if (rc == 0)
		rc = tunas_audit_record(ctx, "import.csv", "import", 0,
					json_pack("{s:s, s:I, s:I, s:I}", "kind", kind_name(kind),
						  "rows", (json_int_t)r.rows, "loaded",
						  (json_int_t)r.loaded, "bad", (json_int_t)r.bad));
	if (rc == TUNAS_EINVAL && r.bad > 0) {
		tunas_tx_finish(ctx, rc);
		r.loaded = 0;
		r.committed = false;
		rc = TUNAS_OK; /* the file was read; the report says why nothing was kept */
		tunas_ctx_fail(ctx, TUNAS_EINVAL, "file", "%lld bad row(s): nothing was imported",
			       (long long)r.bad);
	} else {
		rc = tunas_tx_finish(ctx, rc);
		r.committed = rc == 0;
		if (rc != 0)
			r.loaded = 0;
	}
out:
	tunas_csv_reader_free(rd);
	if (rc == 0)
		*out = r;
	else
		tunas_import_report_dispose(&r);
	return rc;
}

void tunas_import_report_dispose(tunas_import_report *r)
{
	if (r == NULL)
		return;
	tunas_free(r->problems);
	r->problems = NULL;
	r->n_problems = 0;
}

/* Export. */

static int export_people(tunas_ctx *ctx, FILE *out)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	char num[32];
	int rc;

	for (int i = 0; people_cols[i].name; i++)
		tunas_csv_write(out, people_cols[i].name, people_cols[i + 1].name == NULL);
	for (;;) {
		tunas_person *rows = NULL;
		size_t n = 0;

		if ((rc = tunas_person_list(ctx, &rows, &n, NULL, &page)) != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			const tunas_person *p = &rows[i];
			char sex[2] = {p->sex, '\0'};

			tunas_csv_write(out, p->full_name, false);
			tunas_csv_write(out, tunas_ident_type_name(p->id_type), false);
			tunas_csv_write(out, p->id_number, false);
			tunas_csv_write(out, p->id_country, false);
			tunas_csv_write(out, p->birth_date, false);
			tunas_csv_write(out, sex, false);
			tunas_csv_write(out, p->email, false);
			tunas_csv_write(out, p->phone, false);
			tunas_csv_write(out, p->edu_country, false);
			tunas_csv_write(out, p->edu_level, false);
			tunas_csv_write(out, tunas_employment_name(p->employment), false);
			snprintf(num, sizeof(num), "%lld", (long long)p->employer_org_id);
			tunas_csv_write(out, p->employer_org_id ? num : "", false);
			tunas_csv_write(out, p->employer_name, false);
			tunas_csv_write(out, p->region, true);
		}
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (n < (size_t)page.limit)
			return TUNAS_OK;
	}
}

/* Call fn for every cohort the caller may see. */
static int each_cohort(tunas_ctx *ctx, FILE *out,
		       int (*fn)(tunas_ctx *, FILE *, const tunas_cohort *))
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	int rc = 0;

	for (;;) {
		tunas_cohort *rows = NULL;
		size_t n = 0;

		if ((rc = tunas_cohort_list(ctx, &rows, &n, 0, &page)) != 0)
			return rc;
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = fn(ctx, out, &rows[i]);
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (rc != 0 || n < (size_t)page.limit)
			return rc;
	}
}

static int write_cohort(tunas_ctx *ctx, FILE *out, const tunas_cohort *c)
{
	char num[32];

	(void)ctx;
	snprintf(num, sizeof(num), "%lld", (long long)c->programme_id);
	tunas_csv_write(out, num, false);
	snprintf(num, sizeof(num), "%lld", (long long)c->centre_org_id);
	tunas_csv_write(out, num, false);
	tunas_csv_write(out, c->name, false);
	snprintf(num, sizeof(num), "%d", c->capacity);
	tunas_csv_write(out, num, false);
	tunas_csv_write(out, c->starts_on, false);
	tunas_csv_write(out, c->ends_on, true);
	return TUNAS_OK;
}

static int write_cohort_enrolments(tunas_ctx *ctx, FILE *out, const tunas_cohort *c)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	char num[32];
	int rc = 0;

	for (;;) {
		tunas_enrolment *rows = NULL;
		size_t n = 0;

		if ((rc = tunas_enrol_list(ctx, &rows, &n, c->id, 0, &page)) != 0)
			return rc;
		for (size_t i = 0; rc == 0 && i < n; i++) {
			tunas_person p;

			rc = tunas_person_get(ctx, &p, rows[i].person_id);
			if (rc != 0)
				break;
			tunas_csv_write(out, tunas_ident_type_name(p.id_type), false);
			tunas_csv_write(out, p.id_number, false);
			tunas_csv_write(out, p.full_name, false);
			snprintf(num, sizeof(num), "%lld", (long long)c->id);
			tunas_csv_write(out, num, false);
			tunas_csv_write(out, tunas_enrol_status_name(rows[i].status), true);
		}
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		if (rc != 0 || n < (size_t)page.limit)
			return rc;
	}
}

int tunas_export_csv(tunas_ctx *ctx, tunas_csv_kind kind, FILE *out)
{
	const column *cols = columns_of(kind);
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (cols == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be people, cohorts or enrolments");
	if (kind == TUNAS_CSV_PEOPLE)
		rc = export_people(ctx, out);
	else {
		for (int i = 0; cols[i].name; i++)
			tunas_csv_write(out, cols[i].name, cols[i + 1].name == NULL);
		rc = each_cohort(ctx, out,
				 kind == TUNAS_CSV_COHORTS ? write_cohort
							   : write_cohort_enrolments);
	}
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = tunas_ctx_fail(ctx, TUNAS_EIO, NULL, "writing the CSV failed");
	return rc;
}
