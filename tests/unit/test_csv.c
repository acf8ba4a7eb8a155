/*
 * test_csv.c — the CSV reader and the bulk import/export rules: every bad
 * row reported by line, field and reason; all or nothing unless valid-only.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tunas/csvio.h"
#include "util/csv.h"

static fixture F;

static void setup(void)
{
	fixture_setup(&F);
}

static void teardown(void)
{
	fixture_teardown(&F);
}

static FILE *mem(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	ck_assert_ptr_nonnull(f);
	return f;
}

START_TEST(reader_handles_rfc4180)
{
	FILE *in = mem("\xEF\xBB\xBF"
		       "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\nlast,row,noeol");
	tunas_csv_reader *r = tunas_csv_reader_new(in);
	char **f;
	size_t n;
	int64_t line;

	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(f[0], "a");
	ck_assert_str_eq(f[2], "c");
	ck_assert_int_eq(line, 1);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_str_eq(f[0], "x, y");
	ck_assert_str_eq(f[1], "say \"hi\"");
	ck_assert_str_eq(f[2], "two\nlines");
	ck_assert_int_eq(line, 2);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(f[1], "");
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_str_eq(f[2], "noeol");
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_EOF);
	tunas_csv_reader_free(r);
	fclose(in);
}
END_TEST

START_TEST(reader_reports_and_skips_bad_records)
{
	FILE *in = mem("ok,1\nbad\"quote,2\n\"closed\"junk,3\nok,4\n\"never closed,5\n");
	tunas_csv_reader *r = tunas_csv_reader_new(in);
	char **f;
	size_t n;
	int64_t line;

	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	ck_assert_int_eq(line, 2);
	ck_assert_str_eq(tunas_csv_error(r), "a quote appears inside an unquoted field");
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	ck_assert_int_eq(line, 3);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_str_eq(f[1], "4");
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_EOF);
	tunas_csv_reader_free(r);
	fclose(in);
}
END_TEST

START_TEST(reader_limits_fields_and_size)
{
	char *big = malloc(TUNAS_CSV_RECORD_MAX + 100);
	tunas_csv_reader *r;
	FILE *in;
	char **f;
	size_t n;
	int64_t line;

	memset(big, 'x', TUNAS_CSV_RECORD_MAX + 10);
	strcpy(big + TUNAS_CSV_RECORD_MAX + 10, "\nok\n");
	in = mem(big);
	r = tunas_csv_reader_new(in);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_str_eq(f[0], "ok");
	tunas_csv_reader_free(r);
	fclose(in);
	for (int i = 0; i < 70; i++)
		big[i] = ',';
	strcpy(big + 70, "\n");
	in = mem(big);
	r = tunas_csv_reader_new(in);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	tunas_csv_reader_free(r);
	fclose(in);
	free(big);
}
END_TEST

/* A quoted field too long to keep is skipped whole: the lines inside it
 * are not read as rows of their own. */
START_TEST(reader_skips_an_oversized_quoted_field_whole)
{
	size_t cap = TUNAS_CSV_RECORD_MAX + 200;
	char *text = malloc(cap), **f;
	tunas_csv_reader *r;
	size_t n, len;
	int64_t line;
	FILE *in;

	strcpy(text, "\"");
	len = 1;
	memset(text + len, 'x', TUNAS_CSV_RECORD_MAX + 10);
	len += TUNAS_CSV_RECORD_MAX + 10;
	strcpy(text + len, "\nSmuggled,row\n\",after\nnext,row\n");
	in = mem(text);
	r = tunas_csv_reader_new(in);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_BAD);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_RECORD);
	ck_assert_str_eq(f[0], "next");
	ck_assert_int_eq(line, 4);
	ck_assert_int_eq(tunas_csv_next(r, &f, &n, &line), TUNAS_CSV_EOF);
	tunas_csv_reader_free(r);
	fclose(in);
	free(text);
}
END_TEST

START_TEST(writer_quotes_and_guards_formulas)
{
	char buf[256] = "";
	FILE *out = fmemopen(buf, sizeof(buf), "w");

	tunas_csv_write(out, "plain", false);
	tunas_csv_write(out, "a,b", false);
	tunas_csv_write(out, "say \"hi\"", false);
	tunas_csv_write(out, "=HYPERLINK(1)", false);
	tunas_csv_write(out, "+60 12-345 6789", false);
	tunas_csv_write(out, "-12", true);
	fclose(out);
	ck_assert_str_eq(
		buf, "plain,\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(1)\",+60 12-345 6789,-12\r\n");
}
END_TEST

static const char people_header[] = "full_name,id_type,id_number,edu_level,employment,region\n";

static int64_t people_count(void)
{
	tunas_person *rows = NULL;
	tunas_page page = {0, 200};
	size_t n = 0;

	fixture_as(&F, &F.op);
	ck_assert_int_eq(tunas_person_list(F.ctx, &rows, &n, NULL, &page), 0);
	free(rows);
	return (int64_t)n;
}

START_TEST(import_all_or_nothing_reports_every_bad_row)
{
	char text[2048];
	tunas_import_report rep;
	FILE *in;

	snprintf(text, sizeof(text),
		 "%s"
		 "Ahmad bin Ismail,mykad,900101-14-5673,SPM,job_seeker,Selangor\n"
		 "Bad Code,mykad,900101-00-5673,SPM,job_seeker,Selangor\n"
		 "Too,few,fields\n"
		 "Wrong Level,mykad,910101-14-5671,SMK,job_seeker,Selangor\n"
		 "Ahmad Again,mykad,900101145673,SPM,job_seeker,Selangor\n"
		 "Siti Aminah,nik,3201014503970002,SMK,job_seeker,Jawa Barat\n",
		 people_header);
	in = mem(text);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, false), 0);
	fclose(in);
	ck_assert_int_eq(rep.rows, 6);
	ck_assert_int_eq(rep.bad, 4);
	ck_assert_int_eq(rep.loaded, 0);
	ck_assert(!rep.committed);
	ck_assert_uint_eq(rep.n_problems, 4);
	ck_assert_int_eq(rep.problems[0].line, 3);
	ck_assert_str_eq(rep.problems[0].field, "id_number");
	ck_assert_msg(strstr(rep.problems[0].reason, "place-of-birth code 00") != NULL, "%s",
		      rep.problems[0].reason);
	ck_assert_int_eq(rep.problems[1].line, 4);
	ck_assert_str_eq(rep.problems[1].field, "row");
	ck_assert_int_eq(rep.problems[2].line, 5);
	ck_assert_str_eq(rep.problems[2].field, "edu_level");
	ck_assert_int_eq(rep.problems[3].line, 6);
	ck_assert_str_eq(rep.problems[3].field, "id_number"); /* same person as line 2 */
	tunas_import_report_dispose(&rep);
	ck_assert_int_eq(people_count(), 0);

	/* Valid rows only: the two good ones. */
	in = mem(text);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, true), 0);
	fclose(in);
	ck_assert_int_eq(rep.loaded, 2);
	ck_assert_int_eq(rep.bad, 4);
	ck_assert(rep.committed);
	tunas_import_report_dispose(&rep);
	ck_assert_int_eq(people_count(), 2);
}
END_TEST

START_TEST(import_refuses_bad_header)
{
	tunas_import_report rep;
	FILE *in = mem("full_name,id_type,id_number,nickname\n");

	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, false), TUNAS_EINVAL);
	ck_assert_str_eq(tunas_errfield(F.ctx), "header");
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "nickname") != NULL, "%s", tunas_errmsg(F.ctx));
	fclose(in);
	in = mem("full_name,id_type\n");
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, false), TUNAS_EINVAL);
	ck_assert_msg(strstr(tunas_errmsg(F.ctx), "id_number") != NULL, "%s", tunas_errmsg(F.ctx));
	fclose(in);
}
END_TEST

START_TEST(import_enrolments_follow_the_rules)
{
	char text[1024];
	tunas_import_report rep;
	tunas_enrol_counts k;
	FILE *in;

	fixture_add_person(&F, "900101-14-5673", F.centre);
	fixture_add_person(&F, "910101-14-5671", F.centre);
	fixture_add_person(&F, "920101-14-5679", F.centre);
	snprintf(text, sizeof(text),
		 "id_type,id_number,full_name,cohort_id,status\n"
		 "mykad,900101-14-5673,Ahmad bin Ismail,%lld,completed\n"
		 "mykad,910101-14-5671,Ahmad bin Ismail,%lld,enrolled\n"
		 "mykad,920101-14-5679,Ahmad bin Ismail,%lld,accepted\n",
		 (long long)F.cohort, (long long)F.cohort, (long long)F.cohort);
	in = mem(text);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_ENROLMENTS, in, true), 0);
	fclose(in);
	/* Capacity 2: the third ends on the waitlist, which is not what the
	 * file asked for, so that row is reported and left out. */
	ck_assert_int_eq(rep.loaded, 2);
	ck_assert_int_eq(rep.bad, 1);
	ck_assert_int_eq(rep.problems[0].line, 4);
	ck_assert_str_eq(rep.problems[0].field, "status");
	tunas_import_report_dispose(&rep);
	ck_assert_int_eq(tunas_cohort_counts(F.ctx, &k, F.cohort), 0);
	ck_assert_int_eq(k.completed, 1);
	ck_assert_int_eq(k.enrolled, 1);
	ck_assert_int_eq(k.waitlisted, 0);
}
END_TEST

START_TEST(export_imports_back)
{
	char text[1024], *buf = NULL;
	size_t len = 0;
	tunas_import_report rep;
	FILE *in, *out;

	snprintf(text, sizeof(text),
		 "%s"
		 "\"Tan, Mei Ling\",mykad,920202-10-1234,DEGREE,employed,Selangor\n"
		 "Budi Santoso,nik,3201011506950001,S1,job_seeker,Jawa Barat\n",
		 people_header);
	in = mem(text);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, false), 0);
	ck_assert_int_eq(rep.loaded, 2);
	tunas_import_report_dispose(&rep);
	fclose(in);
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(tunas_export_csv(F.ctx, TUNAS_CSV_PEOPLE, out), 0);
	fclose(out);
	ck_assert_msg(strstr(buf, "\"Tan, Mei Ling\",mykad,920202101234,MY,1992-02-02,F") != NULL,
		      "%s", buf);
	/* Into a fresh database: same two people. */
	fixture_teardown(&F);
	fixture_setup(&F);
	in = mem(buf);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, false), 0);
	ck_assert_int_eq(rep.loaded, 2);
	ck_assert_int_eq(rep.bad, 0);
	tunas_import_report_dispose(&rep);
	fclose(in);
	free(buf);
	ck_assert_int_eq(people_count(), 2);
}
END_TEST

START_TEST(import_checks_permission)
{
	tunas_import_report rep;
	FILE *in = mem("full_name,id_type,id_number,edu_level,employment\n"
		       "Ahmad bin Ismail,mykad,900101-14-5673,SPM,job_seeker\n");

	fixture_as(&F, &F.employer_user);
	ck_assert_int_eq(tunas_import_csv(F.ctx, &rep, TUNAS_CSV_PEOPLE, in, true), 0);
	ck_assert_int_eq(rep.loaded, 0);
	ck_assert_int_eq(rep.bad, 1);
	tunas_import_report_dispose(&rep);
	fclose(in);
	ck_assert_int_eq(people_count(), 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("csv");
	TCase *rd = tcase_create("reader");
	TCase *io = tcase_create("import");

	tcase_add_test(rd, reader_handles_rfc4180);
	tcase_add_test(rd, reader_reports_and_skips_bad_records);
	tcase_add_test(rd, reader_limits_fields_and_size);
	tcase_add_test(rd, reader_skips_an_oversized_quoted_field_whole);
	tcase_add_test(rd, writer_quotes_and_guards_formulas);
	suite_add_tcase(s, rd);
	tcase_add_unchecked_fixture(io, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(io, setup, teardown);
	tcase_set_timeout(io, 60);
	tcase_add_test(io, import_all_or_nothing_reports_every_bad_row);
	tcase_add_test(io, import_refuses_bad_header);
	tcase_add_test(io, import_enrolments_follow_the_rules);
	tcase_add_test(io, export_imports_back);
	tcase_add_test(io, import_checks_permission);
	suite_add_tcase(s, io);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
