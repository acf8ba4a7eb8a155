/*
 * test_delivery.c — running, assessing and certifying a cohort: sessions,
 * attendance and check-in, competency assessment with sign-off, completion
 * rules, vendor certifications, and certificates (issue, verify, tamper,
 * revoke, suspend, expire, renew, rotate keys, status lists, PDF).
 */
#include <check.h>
#include "testdb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tunas/assess.h"
#include "tunas/cert.h"
#include "tunas/delivery.h"
#include "vc.h"

static fixture F;
/* Two trainees enrolled in F.cohort, and their principals. */
static int64_t P1, P2, E1, E2;
static tunas_principal T1, T2;
/* 2025-03-03 09:00 in Kuala Lumpur, a Monday of the cohort. */
static int64_t MONDAY;

#define OK(call)                                                                                   \
	ck_assert_msg((call) == 0, "%s: %s (%s)", #call, tunas_errmsg(F.ctx), tunas_errfield(F.ctx))
#define FAILS(call, code, field)                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		ck_assert_msg(rc_ == (code), "%s gave %d, wanted %d: %s", #call, rc_, (code),      \
			      tunas_errmsg(F.ctx));                                                \
		ck_assert_str_eq(tunas_errfield(F.ctx), (field));                                  \
	} while (0)

static int64_t enrolled(const char *mykad, int64_t *enrolment)
{
	tunas_enrolment e;
	int64_t id = fixture_add_person(&F, mykad, F.centre);

	fixture_as(&F, &F.centre_admin);
	OK(tunas_enrol_apply(F.ctx, &e, id, F.cohort));
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ACCEPTED, NULL));
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ENROLLED, NULL));
	*enrolment = e.id;
	return id;
}

static void setup(void)
{
	bool made;

	fixture_setup(&F);
	tunas_set_now(0);
	ck_assert(tunas_time_parse(&MONDAY, "2025-03-03T09:00:00+08:00"));
	P1 = enrolled("900101-14-5673", &E1);
	P2 = enrolled("910202-14-5681", &E2);
	memset(&T1, 0, sizeof(T1));
	T1.user_id = 9001;
	T1.role = TUNAS_ROLE_TRAINEE;
	T1.org_id = F.centre;
	T1.person_id = P1;
	T2 = T1;
	T2.user_id = 9002;
	T2.person_id = P2;
	fixture_as(&F, &F.op);
	OK(tunas_issuer_key_ensure(F.ctx, &made));
	ck_assert(made);
}

static void teardown(void)
{
	tunas_set_now(0);
	fixture_teardown(&F);
}

static void session_at(tunas_session *x, int64_t start)
{
	memset(x, 0, sizeof(*x));
	x->cohort_id = F.cohort;
	x->kind = TUNAS_SESSION_LAB;
	snprintf(x->title, sizeof(x->title), "5G RAN lab");
	x->starts_at = start;
	x->ends_at = start + 3 * 3600;
	snprintf(x->time_zone, sizeof(x->time_zone), "Asia/Kuala_Lumpur");
	snprintf(x->venue, sizeof(x->venue), "Lab 2, ILP Kuala Lumpur");
	x->instructor_user_id = F.instructor_id;
}

static int64_t add_session(int64_t start)
{
	tunas_session x;
	int64_t id = 0;

	session_at(&x, start);
	fixture_as(&F, &F.instructor);
	OK(tunas_session_create(F.ctx, &id, &x));
	return id;
}

/* Times are instants shown in the session's zone. */
START_TEST(time_parse_and_format)
{
	int64_t t;
	char buf[32];

	ck_assert(tunas_time_parse(&t, "2025-03-03T01:00:00Z"));
	ck_assert_int_eq(t, MONDAY);
	tunas_time_format(buf, t, "Asia/Kuala_Lumpur");
	ck_assert_str_eq(buf, "2025-03-03T09:00:00+08:00");
	tunas_time_format(buf, t, "Asia/Jakarta");
	ck_assert_str_eq(buf, "2025-03-03T08:00:00+07:00");
	ck_assert(!tunas_time_parse(&t, "2025-03-03 09:00"));
	ck_assert(!tunas_time_parse(&t, "2025-02-30T09:00:00+08:00"));
	ck_assert(!tunas_time_parse(&t, "2025-03-03T24:00:00+08:00"));
	ck_assert(!tunas_time_parse(&t, "2025-03-03T09:00:00"));
}
END_TEST

START_TEST(session_rules)
{
	tunas_session x, got;
	int64_t id;

	session_at(&x, MONDAY);
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EPERM, "");
	fixture_as(&F, &T1);
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EPERM, "");
	fixture_as(&F, &F.instructor);
	snprintf(x.time_zone, sizeof(x.time_zone), "Europe/Paris");
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "time_zone");
	session_at(&x, MONDAY);
	x.ends_at = x.starts_at;
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "ends_at");
	session_at(&x, MONDAY);
	x.kind = TUNAS_SESSION_NONE;
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "kind");
	session_at(&x, MONDAY);
	x.instructor_user_id = F.centre_admin.user_id;
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "instructor_user_id");
	session_at(&x, MONDAY);
	x.phase = 1; /* the programme has no phases */
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "phase");
	session_at(&x, MONDAY);
	OK(tunas_session_create(F.ctx, &id, &x));
	/* The trainee of the cohort reads the timetable; another centre not. */
	fixture_as(&F, &T1);
	OK(tunas_session_get(F.ctx, &got, id));
	ck_assert_str_eq(got.title, "5G RAN lab");
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_session_get(F.ctx, &got, id), TUNAS_ENOTFOUND, "");
}
END_TEST

START_TEST(attendance_sheet_corrections_and_rates)
{
	int64_t s1 = add_session(MONDAY), s2 = add_session(MONDAY + 86400);
	tunas_attendance_mark sheet[2] = {{P1, TUNAS_ATT_PRESENT, NULL},
					  {P2, TUNAS_ATT_ABSENT, "no notice"}};
	tunas_attendance_mark fix = {P2, TUNAS_ATT_EXCUSED, "medical certificate"};
	tunas_attendance_mark stranger[2] = {{P1, TUNAS_ATT_LATE, NULL},
					     {0, TUNAS_ATT_PRESENT, NULL}};
	tunas_attendance *rows = NULL;
	tunas_attendance_rate rate;
	size_t n = 0;
	int changed = -1;

	stranger[1].person_id = fixture_add_person(&F, "920303-10-5693", F.centre);
	fixture_as(&F, &F.instructor);
	OK(tunas_attendance_record(F.ctx, &changed, s1, sheet, 2));
	ck_assert_int_eq(changed, 2);
	/* The same sheet again changes nothing. */
	OK(tunas_attendance_record(F.ctx, &changed, s1, sheet, 2));
	ck_assert_int_eq(changed, 0);
	/* A correction supersedes, and the history keeps both. */
	OK(tunas_attendance_record(F.ctx, &changed, s1, &fix, 1));
	ck_assert_int_eq(changed, 1);
	OK(tunas_attendance_list(F.ctx, &rows, &n, s1, false));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(rows[1].status, TUNAS_ATT_EXCUSED);
	ck_assert_int_ne(rows[1].supersedes, 0);
	free(rows);
	OK(tunas_attendance_list(F.ctx, &rows, &n, s1, true));
	ck_assert_uint_eq(n, 3);
	free(rows);
	/* Someone not in the cohort: the whole sheet is refused. */
	FAILS(tunas_attendance_record(F.ctx, &changed, s2, stranger, 2), TUNAS_EINVAL,
	      "marks[1].person_id");
	OK(tunas_attendance_list(F.ctx, &rows, &n, s2, true));
	ck_assert_uint_eq(n, 0);
	/* Another centre's admin may not take attendance. */
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_attendance_record(F.ctx, &changed, s2, sheet, 2), TUNAS_ENOTFOUND, "");
	/* Rates: P1 present at 1 of 2 started sessions; P2 excused at 1. */
	fixture_as(&F, &F.instructor);
	OK(tunas_attendance_rate_get(F.ctx, &rate, F.cohort, P1));
	ck_assert_int_eq(rate.sessions, 2);
	ck_assert_int_eq(rate.present, 1);
	ck_assert_int_eq(rate.unrecorded, 1);
	ck_assert(rate.rate > 49.9 && rate.rate < 50.1);
	OK(tunas_attendance_rate_get(F.ctx, &rate, F.cohort, 0));
	ck_assert_int_eq(rate.present + rate.excused, 2);
	ck_assert_int_eq(rate.unrecorded, 2);
	/* A trainee sees their own line and rate only. */
	fixture_as(&F, &T1);
	OK(tunas_attendance_list(F.ctx, &rows, &n, s1, false));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].person_id, P1);
	free(rows);
	FAILS(tunas_attendance_rate_get(F.ctx, &rate, F.cohort, P2), TUNAS_EPERM, "");
	FAILS(tunas_attendance_record(F.ctx, &changed, s1, sheet, 2), TUNAS_EPERM, "");
}
END_TEST

START_TEST(checkin_with_a_short_lived_code)
{
	int64_t s = add_session(MONDAY);
	char code[TUNAS_CHECKIN_CODE_LEN + 1], wrong[TUNAS_CHECKIN_CODE_LEN + 1];
	tunas_attendance a;

	tunas_set_now(MONDAY - 300);
	fixture_as(&F, &F.instructor);
	OK(tunas_checkin_open(F.ctx, code, s, 10));
	ck_assert_uint_eq(strlen(code), TUNAS_CHECKIN_CODE_LEN);
	snprintf(wrong, sizeof(wrong), "%s", code);
	wrong[0] = wrong[0] == 'A' ? 'C' : 'A';
	fixture_as(&F, &T1);
	FAILS(tunas_checkin(F.ctx, &a, s, wrong), TUNAS_EINVAL, "code");
	OK(tunas_checkin(F.ctx, &a, s, code));
	ck_assert_int_eq(a.status, TUNAS_ATT_PRESENT);
	ck_assert(a.by_code);
	/* Past the code's ten minutes it no longer works. */
	tunas_set_now(MONDAY + 600);
	fixture_as(&F, &T2);
	FAILS(tunas_checkin(F.ctx, &a, s, code), TUNAS_EINVAL, "code");
	/* A new code, 20 minutes after the start: late. */
	fixture_as(&F, &F.instructor);
	tunas_set_now(MONDAY + 1200);
	OK(tunas_checkin_open(F.ctx, code, s, 10));
	fixture_as(&F, &T2);
	OK(tunas_checkin(F.ctx, &a, s, code));
	ck_assert_int_eq(a.status, TUNAS_ATT_LATE);
	/* A check-in never replaces a record already there: staff's marks
	 * are corrected by staff, and a second check-in changes nothing. */
	{
		tunas_attendance_mark excused = {P1, TUNAS_ATT_EXCUSED, "medical leave"};
		int changed;

		fixture_as(&F, &F.instructor);
		OK(tunas_attendance_record(F.ctx, &changed, s, &excused, 1));
		fixture_as(&F, &T1);
		OK(tunas_checkin(F.ctx, &a, s, code));
		ck_assert_int_eq(a.status, TUNAS_ATT_EXCUSED);
		fixture_as(&F, &T2);
		OK(tunas_checkin(F.ctx, &a, s, code));
		ck_assert_int_eq(a.status, TUNAS_ATT_LATE);
	}
	/* Staff cannot check in as trainees. */
	fixture_as(&F, &F.instructor);
	FAILS(tunas_checkin(F.ctx, &a, s, code), TUNAS_EPERM, "");
}
END_TEST

static int64_t add_unit(int64_t course, const char *code)
{
	tunas_unit u;

	memset(&u, 0, sizeof(u));
	u.course_id = course;
	snprintf(u.code, sizeof(u.code), "%s", code);
	snprintf(u.title, sizeof(u.title), "Unit %s", code);
	fixture_as(&F, &F.owner);
	OK(tunas_unit_create(F.ctx, &u, &u));
	return u.id;
}

static int64_t add_course(const char *code, const char *vendor_cert)
{
	tunas_course c;
	int64_t id = 0;

	memset(&c, 0, sizeof(c));
	c.programme_id = F.programme;
	snprintf(c.code, sizeof(c.code), "%s", code);
	snprintf(c.title, sizeof(c.title), "Course %s", code);
	c.hours = 40;
	snprintf(c.vendor_cert, sizeof(c.vendor_cert), "%s", vendor_cert);
	fixture_as(&F, &F.owner);
	OK(tunas_course_create(F.ctx, &id, &c));
	return id;
}

/* Record an attempt as the instructor and, if sign, verify as the centre. */
static tunas_assessment assess(int64_t person, int64_t unit, tunas_result result, bool sign)
{
	tunas_assessment a, out;

	memset(&a, 0, sizeof(a));
	a.person_id = person;
	a.cohort_id = F.cohort;
	a.unit_id = unit;
	a.result = result;
	a.score = result == TUNAS_RESULT_COMPETENT ? 82 : 41;
	snprintf(a.evidence, sizeof(a.evidence), "Configured a gNodeB and passed the drive test");
	snprintf(a.assessed_on, sizeof(a.assessed_on), "2025-04-01");
	fixture_as(&F, &F.instructor);
	OK(tunas_assessment_record(F.ctx, &out, &a));
	if (sign) {
		fixture_as(&F, &F.centre_admin);
		OK(tunas_assessment_verify(F.ctx, &out, out.id));
	}
	return out;
}

START_TEST(assessment_sign_off_attempts_and_disputes)
{
	int64_t course = add_course("5G-RAN", ""), unit = add_unit(course, "RAN-01");
	tunas_assessment first, second, got;
	tunas_assessment_note *notes = NULL, note;
	size_t n = 0;
	char err[256];

	first = assess(P1, unit, TUNAS_RESULT_NOT_YET_COMPETENT, false);
	ck_assert_int_eq(first.attempt, 1);
	/* Four eyes: not the assessor. */
	fixture_as(&F, &F.instructor);
	FAILS(tunas_assessment_verify(F.ctx, &got, first.id), TUNAS_EPERM, "");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_assessment_verify(F.ctx, &got, first.id));
	ck_assert_int_eq(got.verified_by, F.centre_admin.user_id);
	FAILS(tunas_assessment_verify(F.ctx, &got, first.id), TUNAS_ECONFLICT, "");
	second = assess(P1, unit, TUNAS_RESULT_COMPETENT, true);
	ck_assert_int_eq(second.attempt, 2);
	/* Trainees neither assess nor see others' results. */
	fixture_as(&F, &T1);
	OK(tunas_assessment_get(F.ctx, &got, first.id));
	fixture_as(&F, &T2);
	FAILS(tunas_assessment_get(F.ctx, &got, first.id), TUNAS_ENOTFOUND, "");
	/* The trainee disputes the first result; the assessor answers. */
	fixture_as(&F, &T1);
	OK(tunas_assessment_annotate(F.ctx, &note, first.id, TUNAS_NOTE_DISPUTE,
				     "The drive test tool crashed twice"));
	FAILS(tunas_assessment_annotate(F.ctx, &note, first.id, TUNAS_NOTE_RESOLUTION, "ok"),
	      TUNAS_EPERM, "kind");
	fixture_as(&F, &F.instructor);
	OK(tunas_assessment_annotate(F.ctx, &note, first.id, TUNAS_NOTE_RESOLUTION,
				     "Re-assessed as attempt 2"));
	OK(tunas_assessment_notes(F.ctx, &notes, &n, first.id));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(notes[0].kind, TUNAS_NOTE_DISPUTE);
	free(notes);
	/* Nothing silently overwrites a result, even in the database. */
	ck_assert_int_ne(testdb_exec(F.db, "UPDATE assessment SET result = 1 WHERE attempt = 1",
				     err, sizeof(err)),
			 0);
	ck_assert_int_ne(testdb_exec(F.db, "DELETE FROM assessment_note", err, sizeof(err)), 0);
	fixture_as(&F, &F.instructor);
	OK(tunas_assessment_get(F.ctx, &got, first.id));
	ck_assert_int_eq(got.result, TUNAS_RESULT_NOT_YET_COMPETENT);
}
END_TEST

static void set_rules(int min_att, bool all_courses, bool auto_certify, int months)
{
	tunas_programme_rule pr = {F.programme, min_att, all_courses, false, auto_certify, months};

	fixture_as(&F, &F.owner);
	OK(tunas_programme_rule_set(F.ctx, &pr));
}

static bool has_reason(const tunas_completion *c, const char *part)
{
	for (int i = 0; i < c->n_reasons; i++)
		if (strstr(c->reasons[i], part) != NULL)
			return true;
	return false;
}

START_TEST(completion_rules_decide)
{
	int64_t course = add_course("5G-CORE", "Huawei HCIA-5G");
	int64_t u1 = add_unit(course, "CORE-01"), u2 = add_unit(course, "CORE-02");
	int64_t s1 = add_session(MONDAY), s2 = add_session(MONDAY + 86400);
	tunas_course_rule cr = {course, 0, true, true};
	tunas_attendance_mark half = {P1, TUNAS_ATT_PRESENT, NULL};
	tunas_attendance_mark late = {P1, TUNAS_ATT_LATE, NULL};
	tunas_vendor_cert v;
	tunas_completion c;
	tunas_enrolment e;
	int changed;

	fixture_as(&F, &F.partner);
	FAILS(tunas_course_rule_set(F.ctx, &cr), TUNAS_EPERM, "");
	fixture_as(&F, &F.owner);
	OK(tunas_course_rule_set(F.ctx, &cr));
	set_rules(80, true, false, 0);
	fixture_as(&F, &F.instructor);
	OK(tunas_attendance_record(F.ctx, &changed, s1, &half, 1));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert(!c.complete);
	ck_assert(has_reason(&c, "attendance 50%"));
	ck_assert(has_reason(&c, "0 of 2 units"));
	ck_assert(has_reason(&c, "no valid Huawei HCIA-5G"));
	/* Completion is refused while the rules do not hold. */
	fixture_as(&F, &F.centre_admin);
	e.id = E1;
	FAILS(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_COMPLETED, NULL), TUNAS_ECONFLICT,
	      "status");
	/* Meet them one by one. */
	fixture_as(&F, &F.instructor);
	OK(tunas_attendance_record(F.ctx, &changed, s2, &late, 1));
	assess(P1, u1, TUNAS_RESULT_COMPETENT, true);
	assess(P1, u2, TUNAS_RESULT_COMPETENT, false); /* not signed off: does not count */
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert(has_reason(&c, "1 of 2 units"));
	ck_assert(!has_reason(&c, "attendance"));
	assess(P1, u2, TUNAS_RESULT_COMPETENT, true);
	/* An expired vendor certification does not count. */
	memset(&v, 0, sizeof(v));
	v.person_id = P1;
	snprintf(v.name, sizeof(v.name), "Huawei HCIA-5G");
	snprintf(v.number, sizeof(v.number), "HW-5G-0001");
	snprintf(v.issued_on, sizeof(v.issued_on), "2021-01-10");
	snprintf(v.expires_on, sizeof(v.expires_on), "2024-01-10");
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_vendor_cert_add(F.ctx, &v, &v), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_vendor_cert_add(F.ctx, &v, &v));
	FAILS(tunas_vendor_cert_add(F.ctx, &v, &v), TUNAS_ECONFLICT, "number");
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert(has_reason(&c, "no valid Huawei HCIA-5G"));
	snprintf(v.number, sizeof(v.number), "HW-5G-0002");
	snprintf(v.issued_on, sizeof(v.issued_on), "2025-04-20");
	snprintf(v.expires_on, sizeof(v.expires_on), "2099-04-20");
	OK(tunas_vendor_cert_add(F.ctx, &v, &v));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_msg(c.complete, "still: %s", c.n_reasons ? c.reasons[0] : "");
	ck_assert_int_eq(c.units_competent, 2);
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_COMPLETED, NULL));
}
END_TEST

/* A unit that recognises a vendor certification counts as competent for
 * someone who holds it, valid; without it, only a verified attempt does. */
START_TEST(vendor_certifications_count_for_the_units_they_prove)
{
	int64_t course = add_course("5G-CORE", "");
	tunas_unit u;
	tunas_vendor_cert v;
	tunas_completion c;
	tunas_course_rule r = {course, 0, true, false};

	memset(&u, 0, sizeof(u));
	u.course_id = course;
	snprintf(u.code, sizeof(u.code), "CORE-RPL");
	snprintf(u.title, sizeof(u.title), "5G core network fundamentals");
	snprintf(u.recognised_cert, sizeof(u.recognised_cert), "Huawei HCIA-5G");
	fixture_as(&F, &F.owner);
	OK(tunas_unit_create(F.ctx, &u, &u));
	ck_assert_str_eq(u.recognised_cert, "Huawei HCIA-5G");
	OK(tunas_course_rule_set(F.ctx, &r));
	fixture_as(&F, &F.instructor);
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_int_eq(c.units_competent, 0);
	memset(&v, 0, sizeof(v));
	v.person_id = P1;
	snprintf(v.name, sizeof(v.name), "Huawei HCIA-5G");
	snprintf(v.number, sizeof(v.number), "HW-5G-0200");
	snprintf(v.issued_on, sizeof(v.issued_on), "2024-06-01");
	snprintf(v.expires_on, sizeof(v.expires_on), "2025-04-30"); /* lapsed before the end */
	fixture_as(&F, &F.centre_admin);
	OK(tunas_vendor_cert_add(F.ctx, &v, &v));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_int_eq(c.units_competent, 0);
	snprintf(v.number, sizeof(v.number), "HW-5G-0201");
	snprintf(v.expires_on, sizeof(v.expires_on), "2027-06-01");
	OK(tunas_vendor_cert_add(F.ctx, &v, &v));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_int_eq(c.units_competent, 1);
	ck_assert_msg(c.complete, "still: %s", c.n_reasons ? c.reasons[0] : "");
	/* P2 holds nothing: not competent. */
	OK(tunas_completion_check(F.ctx, &c, P2, F.cohort));
	ck_assert_int_eq(c.units_competent, 0);
}
END_TEST

/* A cohort takes the courses its timetable teaches; a vendor
 * certification counts if valid when the cohort ended. */
START_TEST(completion_counts_the_cohorts_own_courses)
{
	int64_t ran = add_course("5G-RAN", "Huawei HCIA-5G"), ai = add_course("AI-ML", "");
	int64_t u_ran = add_unit(ran, "RAN-01");
	tunas_course_rule r_ran = {ran, 0, true, true}, r_ai = {ai, 0, true, false};
	tunas_session x;
	tunas_vendor_cert v;
	tunas_completion c;
	int64_t id;

	add_unit(ai, "ML-01");
	fixture_as(&F, &F.owner);
	OK(tunas_course_rule_set(F.ctx, &r_ran));
	OK(tunas_course_rule_set(F.ctx, &r_ai));
	/* No course on the timetable: both courses count. */
	fixture_as(&F, &F.instructor);
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_int_eq(c.units_total, 2);
	ck_assert(has_reason(&c, "AI-ML"));
	/* The timetable teaches the RAN course only: the centre puts it
	 * there; an instructor may not (it decides which rules apply). */
	session_at(&x, MONDAY);
	x.course_id = ran;
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EPERM, "course_id");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_session_create(F.ctx, &id, &x));
	/* ...then instructors plan more of it, but not of another course. */
	fixture_as(&F, &F.instructor);
	x.starts_at += 86400;
	x.ends_at += 86400;
	OK(tunas_session_create(F.ctx, &id, &x));
	x.id = id;
	x.course_id = ai;
	FAILS(tunas_session_update(F.ctx, &x), TUNAS_EPERM, "course_id");
	assess(P1, u_ran, TUNAS_RESULT_COMPETENT, true);
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_int_eq(c.units_total, 1);
	ck_assert(!has_reason(&c, "AI-ML"));
	ck_assert(has_reason(&c, "no valid Huawei HCIA-5G"));
	/* Expired since, but valid when the cohort ended (2025-05-31). */
	memset(&v, 0, sizeof(v));
	v.person_id = P1;
	snprintf(v.name, sizeof(v.name), "Huawei HCIA-5G");
	snprintf(v.number, sizeof(v.number), "HW-5G-0100");
	snprintf(v.issued_on, sizeof(v.issued_on), "2025-05-02");
	snprintf(v.expires_on, sizeof(v.expires_on), "2025-12-31");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_vendor_cert_add(F.ctx, &v, &v));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert_msg(c.complete, "still: %s", c.n_reasons ? c.reasons[0] : "");
}
END_TEST

/* Give the fixture's programme a local phase and an overseas attachment. */
static void add_phases(void)
{
	tunas_programme p;
	bool budget_visible;

	fixture_as(&F, &F.owner);
	OK(tunas_programme_get(F.ctx, &p, &budget_visible, F.programme));
	p.n_phases = 2;
	memset(p.phases, 0, sizeof(p.phases));
	p.phases[0].kind = TUNAS_PHASE_LOCAL;
	snprintf(p.phases[0].name, sizeof(p.phases[0].name), "Local training");
	snprintf(p.phases[0].location, sizeof(p.phases[0].location), "Cyberjaya");
	snprintf(p.phases[0].country, sizeof(p.phases[0].country), "MY");
	snprintf(p.phases[0].starts_on, sizeof(p.phases[0].starts_on), "2025-03-01");
	snprintf(p.phases[0].ends_on, sizeof(p.phases[0].ends_on), "2025-03-31");
	p.phases[1].kind = TUNAS_PHASE_OVERSEAS;
	snprintf(p.phases[1].name, sizeof(p.phases[1].name), "Attachment at ZTE");
	snprintf(p.phases[1].location, sizeof(p.phases[1].location), "Shenzhen");
	snprintf(p.phases[1].country, sizeof(p.phases[1].country), "CN");
	snprintf(p.phases[1].starts_on, sizeof(p.phases[1].starts_on), "2025-04-01");
	snprintf(p.phases[1].ends_on, sizeof(p.phases[1].ends_on), "2025-05-31");
	OK(tunas_programme_update(F.ctx, &p));
}

static tunas_phase_evaluation evaluation(int64_t person, int phase, bool satisfactory)
{
	tunas_phase_evaluation e;

	memset(&e, 0, sizeof(e));
	e.cohort_id = F.cohort;
	e.person_id = person;
	e.phase = phase;
	snprintf(e.supervisor_name, sizeof(e.supervisor_name), "Li Wei");
	snprintf(e.supervisor_org, sizeof(e.supervisor_org), "ZTE Corporation");
	e.rating = satisfactory ? 4 : 2;
	e.satisfactory = satisfactory;
	snprintf(e.evaluated_on, sizeof(e.evaluated_on), "2025-05-30");
	return e;
}

/* Phases have their own sessions, the overseas one a logbook and a host
 * supervisor's evaluation; all_phases asks for a satisfactory one each. */
START_TEST(phases_logbook_and_supervisor_evaluations)
{
	tunas_logbook_entry e, *rows = NULL;
	tunas_phase_evaluation ev;
	tunas_page page = {0, 50};
	tunas_completion c;
	tunas_session x;
	size_t n = 0;
	int64_t id;

	add_phases();
	/* A session of the overseas phase, in Shenzhen's time, inside it. */
	session_at(&x, MONDAY);
	x.phase = 2;
	snprintf(x.time_zone, sizeof(x.time_zone), "Asia/Shanghai");
	fixture_as(&F, &F.instructor);
	FAILS(tunas_session_create(F.ctx, &id, &x), TUNAS_EINVAL, "starts_at");
	ck_assert(tunas_time_parse(&x.starts_at, "2025-04-07T09:00:00+08:00"));
	x.ends_at = x.starts_at + 8 * 3600;
	OK(tunas_session_create(F.ctx, &id, &x));
	/* The trainee writes their own logbook, within the phase. */
	memset(&e, 0, sizeof(e));
	e.cohort_id = F.cohort;
	e.person_id = P1;
	e.phase = 2;
	snprintf(e.day, sizeof(e.day), "2025-04-08");
	snprintf(e.activities, sizeof(e.activities),
		 "Commissioned a 5G base station with the site team");
	e.minutes = 420;
	fixture_as(&F, &T1);
	OK(tunas_logbook_add(F.ctx, &e, &e));
	ck_assert_int_gt(e.id, 0);
	ck_assert_int_gt(e.created_at, 0);
	snprintf(e.day, sizeof(e.day), "2025-06-02");
	FAILS(tunas_logbook_add(F.ctx, &e, &e), TUNAS_EINVAL, "day");
	snprintf(e.day, sizeof(e.day), "2025-04-09");
	e.phase = 3;
	FAILS(tunas_logbook_add(F.ctx, &e, &e), TUNAS_EINVAL, "phase");
	e.phase = 2;
	e.person_id = P2;
	FAILS(tunas_logbook_add(F.ctx, &e, &e), TUNAS_EPERM, "");
	OK(tunas_logbook_list(F.ctx, &rows, &n, F.cohort, 0, &page));
	ck_assert_uint_eq(n, 1); /* a trainee lists their own */
	free(rows);
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_logbook_list(F.ctx, &rows, &n, F.cohort, P1, &page), TUNAS_EPERM, "");
	/* The supervisor's evaluation, once per person and phase. */
	set_rules(0, false, false, 0);
	{
		tunas_programme_rule r = {F.programme, 0, false, true, false, 0};

		fixture_as(&F, &F.owner);
		OK(tunas_programme_rule_set(F.ctx, &r));
	}
	ev = evaluation(P1, 2, false);
	fixture_as(&F, &T1);
	FAILS(tunas_phase_evaluate(F.ctx, &ev, &ev), TUNAS_EPERM, "");
	fixture_as(&F, &F.instructor);
	ev.rating = 9;
	FAILS(tunas_phase_evaluate(F.ctx, &ev, &ev), TUNAS_EINVAL, "rating");
	ev = evaluation(P1, 2, false);
	OK(tunas_phase_evaluate(F.ctx, &ev, &ev));
	FAILS(tunas_phase_evaluate(F.ctx, &ev, &ev), TUNAS_ECONFLICT, "phase");
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert(has_reason(&c, "phase 1 (Local training)"));
	ck_assert(has_reason(&c, "phase 2 (Attachment at ZTE)"));
	ev = evaluation(P1, 1, true);
	OK(tunas_phase_evaluate(F.ctx, &ev, &ev));
	OK(tunas_completion_check(F.ctx, &c, P1, F.cohort));
	ck_assert(!has_reason(&c, "phase 1"));
	ck_assert(has_reason(&c, "phase 2"));
	ck_assert(!c.complete);
}
END_TEST

/* P1 completes the cohort (no rules) and holds a certificate. */
static tunas_certificate certify(int months)
{
	tunas_certificate c;
	tunas_enrolment e;

	set_rules(0, false, false, months);
	fixture_as(&F, &F.centre_admin);
	e.id = E1;
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_COMPLETED, NULL));
	OK(tunas_cert_issue(F.ctx, &c, P1, F.cohort));
	return c;
}

static char *credential(int64_t id)
{
	char *text = NULL;
	size_t len = 0;

	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_credential(F.ctx, &text, &len, id));
	return text;
}

START_TEST(certificate_issue_and_verify)
{
	tunas_certificate c, got;
	tunas_cert_verdict v;
	char *text, *bad;

	/* Not completed yet: no certificate. */
	fixture_as(&F, &F.centre_admin);
	FAILS(tunas_cert_issue(F.ctx, &c, P2, F.cohort), TUNAS_ECONFLICT, "person_id");
	c = certify(0);
	ck_assert_str_eq(c.holder_name, "Ahmad bin Ismail");
	FAILS(tunas_cert_issue(F.ctx, &got, P1, F.cohort), TUNAS_ECONFLICT, "person_id");
	/* Only the cohort's centre or the owner issue. */
	fixture_as(&F, &F.instructor);
	FAILS(tunas_cert_issue(F.ctx, &got, P1, F.cohort), TUNAS_EPERM, "");
	/* The holder and staff read it; another trainee does not. */
	fixture_as(&F, &T1);
	OK(tunas_cert_get(F.ctx, &got, c.id));
	fixture_as(&F, &T2);
	FAILS(tunas_cert_get(F.ctx, &got, c.id), TUNAS_ENOTFOUND, "");
	/* Public verification: valid, with the holder and issuer. */
	tunas_set_principal(F.ctx, NULL);
	OK(tunas_cert_lookup(F.ctx, &v, c.uuid));
	ck_assert_msg(v.valid, "%s", v.why);
	ck_assert_str_eq(v.holder_name, "Ahmad bin Ismail");
	ck_assert_str_eq(v.issuer_name, "Jabatan Tenaga Manusia");
	ck_assert_int_eq(v.status, TUNAS_CERT_ACTIVE);
	FAILS(tunas_cert_lookup(F.ctx, &v, "00000000-0000-4000-8000-000000000000"), TUNAS_ENOTFOUND,
	      "");
	/* The credential as issued checks; any changed byte does not. */
	text = credential(c.id);
	OK(tunas_cert_check(F.ctx, &v, text, strlen(text)));
	ck_assert(v.valid);
	bad = strdup(text);
	*strstr(bad, "Ahmad") = 'a';
	OK(tunas_cert_check(F.ctx, &v, bad, strlen(bad)));
	ck_assert(!v.valid);
	ck_assert(!v.signature_ok);
	ck_assert_msg(strstr(v.why, "signature") != NULL, "%s", v.why);
	free(bad);
	bad = strdup(text);
	ck_assert_ptr_nonnull(strstr(bad, "\"validFrom\":\"2"));
	strstr(bad, "\"validFrom\":\"2")[13] = '3'; /* the year 2xxx becomes 3xxx */
	OK(tunas_cert_verify_offline(&v, bad, strlen(bad), NULL, 0, tunas_now()));
	ck_assert(!v.valid);
	free(bad);
	OK(tunas_cert_verify_offline(&v, text, strlen(text), NULL, 0, tunas_now()));
	ck_assert(v.valid);
	free(text);
}
END_TEST

/* Status bits of a status list credential, offline. */
static tunas_cert_status offline_status(const char *cred, int64_t list)
{
	tunas_cert_verdict v;
	char *sl = NULL;
	size_t len = 0;

	tunas_set_principal(F.ctx, NULL);
	OK(tunas_status_list_credential(F.ctx, &sl, &len, list));
	OK(tunas_cert_verify_offline(&v, cred, strlen(cred), sl, len, tunas_now()));
	ck_assert_msg(v.signature_ok, "%s", v.why);
	/* The status is as of the list's date, which is shown. */
	ck_assert_msg(v.status == TUNAS_CERT_NONE || strlen(v.status_as_of) == 20, "%s",
		      v.status_as_of);
	free(sl);
	return v.status;
}

START_TEST(certificate_revoke_suspend_and_status_list)
{
	tunas_certificate c = certify(0), got;
	tunas_cert_verdict v;
	char *text = credential(c.id);
	char err[256];

	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_ACTIVE);
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_REVOKED, "x"), TUNAS_ENOTFOUND,
	      "");
	fixture_as(&F, &F.centre_admin);
	FAILS(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_SUSPENDED, ""), TUNAS_EINVAL,
	      "reason");
	OK(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_SUSPENDED, "under investigation"));
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_SUSPENDED);
	OK(tunas_cert_lookup(F.ctx, &v, c.uuid));
	ck_assert(!v.valid);
	ck_assert_str_eq(v.why, "suspended: under investigation");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_ACTIVE, "cleared"));
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_ACTIVE);
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_REVOKED, "issued in error"));
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_REVOKED);
	/* Revocation is final, in the library and in the database. */
	fixture_as(&F, &F.centre_admin);
	FAILS(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_ACTIVE, "oops"), TUNAS_ECONFLICT,
	      "status");
	ck_assert_int_ne(testdb_exec(F.db, "UPDATE certificate SET status = 1", err, sizeof(err)),
			 0);
	OK(tunas_cert_lookup(F.ctx, &v, c.uuid));
	ck_assert_int_eq(v.status, TUNAS_CERT_REVOKED);
	ck_assert(!v.valid);
	free(text);
}
END_TEST

START_TEST(certificate_expiry_and_renewal)
{
	tunas_certificate c = certify(12), renewed;
	tunas_cert_verdict v;
	char *text = credential(c.id);

	ck_assert_int_gt(c.expires_at, c.issued_at + 360 * 86400);
	ck_assert_ptr_nonnull(strstr(text, "\"validUntil\""));
	/* Thirteen months on it has expired. */
	tunas_set_now(c.issued_at + 400 * 86400);
	OK(tunas_cert_lookup(F.ctx, &v, c.uuid));
	ck_assert(v.expired);
	ck_assert(!v.valid);
	OK(tunas_cert_verify_offline(&v, text, strlen(text), NULL, 0, tunas_now()));
	ck_assert(v.signature_ok && v.expired && !v.valid);
	/* Renewed: a new certificate, valid again. */
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_renew(F.ctx, &renewed, c.id));
	ck_assert_int_eq(renewed.renewal_of, c.id);
	ck_assert_str_ne(renewed.uuid, c.uuid);
	OK(tunas_cert_lookup(F.ctx, &v, renewed.uuid));
	ck_assert_msg(v.valid, "%s", v.why);
	free(text);
}
END_TEST

START_TEST(keys_rotate_and_foreign_keys_fail)
{
	tunas_certificate c = certify(0), c2;
	tunas_issuer_key k, *keys = NULL;
	tunas_cert_verdict v;
	tunas_enrolment e;
	size_t n = 0;
	char *text = credential(c.id), *forged;
	char *did;

	fixture_as(&F, &F.centre_admin);
	FAILS(tunas_issuer_key_rotate(F.ctx, &k), TUNAS_EPERM, "");
	fixture_as(&F, &F.op);
	OK(tunas_issuer_key_rotate(F.ctx, &k));
	OK(tunas_issuer_key_list(F.ctx, &keys, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(keys[0].retired_at, 0);
	ck_assert_int_ne(keys[1].retired_at, 0);
	/* What the old key signed stays valid; new ones use the new key. */
	OK(tunas_cert_lookup(F.ctx, &v, c.uuid));
	ck_assert_msg(v.valid, "%s", v.why);
	ck_assert_str_eq(v.issuer_did, keys[1].did);
	/* Offline too: the new status list carries a proof by the old key. */
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_ACTIVE);
	fixture_as(&F, &F.centre_admin);
	e.id = E2;
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_COMPLETED, NULL));
	OK(tunas_cert_issue(F.ctx, &c2, P2, F.cohort));
	ck_assert_int_eq(c2.key_id, keys[0].id);
	/* A credential naming a key that is not ours: its proof fails (the
	 * signer is not the issuer it names). */
	forged = strdup(text);
	did = strstr(forged, keys[1].did);
	ck_assert_ptr_nonnull(did);
	memcpy(did, keys[0].did, strlen(keys[0].did));
	OK(tunas_cert_check(F.ctx, &v, forged, strlen(forged)));
	ck_assert(!v.valid);
	ck_assert(!v.signature_ok);
	free(forged);
	free(keys);
	free(text);
}
END_TEST

/* Sign `doc` (JSON text) anew with `key` as its issuer, dropping its
 * proofs; a new string. */
static char *resign(const char *doc, const tunas_vc_key *key, bool keep_issuer)
{
	json_t *j = NULL, *issuer;
	char why[128], *out;

	ck_assert_int_eq(tunas_vc_parse(&j, doc, strlen(doc), why, sizeof(why)), 0);
	json_object_del(j, "proof");
	issuer = json_object_get(j, "issuer");
	if (!keep_issuer) {
		if (json_is_object(issuer))
			json_object_set_new(issuer, "id", json_string(key->did));
		else
			json_object_set_new(j, "issuer", json_string(key->did));
	}
	ck_assert_int_eq(tunas_vc_sign(j, key, "2026-01-01T00:00:00Z"), 0);
	out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return out;
}

/* Offline, a status list counts only if the certificate's issuer signed
 * it; online, a document counts only if it is the one on record. */
START_TEST(forged_status_lists_and_reissued_numbers_fail)
{
	tunas_certificate c = certify(0), got;
	tunas_issuer_key *keys = NULL;
	tunas_cert_verdict v;
	tunas_vc_key other, ours;
	char *text = credential(c.id), *sl = NULL, *forged, *copy, path[256];
	size_t len = 0, n = 0;

	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_set_status(F.ctx, &got, c.id, TUNAS_CERT_REVOKED, "issued in error"));
	OK(tunas_status_list_credential(F.ctx, &sl, &len, 1));
	/* Another installation's list with the same address says "valid". */
	ck_assert_int_eq(tunas_vc_key_generate(&other), 0);
	{
		json_t *j = NULL;
		char why[128];
		char *clean;

		ck_assert_int_eq(tunas_vc_parse(&j, sl, len, why, sizeof(why)), 0);
		json_object_set_new(
			json_object_get(j, "credentialSubject"), "encodedList",
			json_string(
				"uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKs"
				"AQAAA"));
		clean = json_dumps(j, JSON_COMPACT);
		json_decref(j);
		forged = resign(clean, &other, false);
		free(clean);
	}
	OK(tunas_cert_verify_offline(&v, text, strlen(text), forged, strlen(forged), tunas_now()));
	ck_assert(!v.valid);
	ck_assert_int_eq(v.status, TUNAS_CERT_NONE);
	ck_assert_msg(strstr(v.status_reason, "not signed by the certificate's issuer") != NULL,
		      "%s", v.status_reason);
	free(forged);
	/* The real list says revoked. */
	OK(tunas_cert_verify_offline(&v, text, strlen(text), sl, len, tunas_now()));
	ck_assert_int_eq(v.status, TUNAS_CERT_REVOKED);
	free(sl);
	/* Someone holding our key reissues this number with other content:
	 * the proof holds, but it is not the document on record. */
	fixture_as(&F, &F.op);
	OK(tunas_issuer_key_list(F.ctx, &keys, &n));
	snprintf(path, sizeof(path), "%s/keys/%s.key", F.dir, keys[0].did + 8);
	ck_assert_int_eq(tunas_vc_key_load(&ours, path), 0);
	copy = strdup(text);
	memcpy(strstr(copy, "Ahmad"), "Ahmed", 5);
	forged = resign(copy, &ours, true);
	OK(tunas_cert_check(F.ctx, &v, forged, strlen(forged)));
	ck_assert(v.signature_ok && v.known_issuer);
	ck_assert(!v.on_record);
	ck_assert(!v.valid);
	free(forged);
	free(copy);
	free(keys);
	tunas_vc_key_dispose(&ours);
	tunas_vc_key_dispose(&other);
	free(text);
}
END_TEST

/* On SQLite status lists are kept for at most ten seconds: a change made
 * by another process (here, straight in the database) shows once they
 * expire. On PostgreSQL, which several servers share, nothing is kept: it
 * shows at once. */
START_TEST(status_lists_follow_other_processes_within_ten_seconds)
{
	tunas_certificate c = certify(0);
	char *text = credential(c.id);
	int64_t now = tunas_now();
	char err[256];

	tunas_set_now(now);
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_ACTIVE);
	ck_assert_msg(testdb_exec(F.db, "UPDATE certificate SET status = 2", err, sizeof(err)) == 0,
		      "%s", err);
	tunas_set_now(now + 5);
	ck_assert_int_eq(offline_status(text, 1),
			 testdb_is_pg() ? TUNAS_CERT_SUSPENDED : TUNAS_CERT_ACTIVE);
	tunas_set_now(now + 11);
	ck_assert_int_eq(offline_status(text, 1), TUNAS_CERT_SUSPENDED);
	free(text);
}
END_TEST

START_TEST(certificate_pdf)
{
	tunas_certificate c = certify(0);
	unsigned char *pdf = NULL;
	size_t len = 0;

	fixture_as(&F, &T1);
	OK(tunas_cert_pdf(F.ctx, &pdf, &len, c.id));
	ck_assert_uint_gt(len, 1000);
	ck_assert_int_eq(memcmp(pdf, "%PDF-", 5), 0);
	free(pdf);
	fixture_as(&F, &T2);
	FAILS(tunas_cert_pdf(F.ctx, &pdf, &len, c.id), TUNAS_ENOTFOUND, "");
	/* None for a certificate not in force. */
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cert_set_status(F.ctx, &c, c.id, TUNAS_CERT_SUSPENDED, "under review"));
	fixture_as(&F, &T1);
	FAILS(tunas_cert_pdf(F.ctx, &pdf, &len, c.id), TUNAS_ECONFLICT, "");
}
END_TEST

START_TEST(auto_certify_on_completion)
{
	tunas_certificate *rows = NULL;
	tunas_page page = {0, 10};
	tunas_enrolment e;
	size_t n = 0;

	set_rules(0, false, true, 36);
	fixture_as(&F, &F.centre_admin);
	e.id = E2;
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_COMPLETED, NULL));
	fixture_as(&F, &T2);
	OK(tunas_cert_list(F.ctx, &rows, &n, 0, 0, &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].person_id, P2);
	ck_assert_int_ne(rows[0].expires_at, 0);
	free(rows);
	/* Another trainee's list is empty. */
	fixture_as(&F, &T1);
	OK(tunas_cert_list(F.ctx, &rows, &n, 0, 0, &page));
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("delivery");
	TCase *tc = tcase_create("delivery");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, time_parse_and_format);
	tcase_add_test(tc, session_rules);
	tcase_add_test(tc, attendance_sheet_corrections_and_rates);
	tcase_add_test(tc, checkin_with_a_short_lived_code);
	tcase_add_test(tc, assessment_sign_off_attempts_and_disputes);
	tcase_add_test(tc, completion_rules_decide);
	tcase_add_test(tc, completion_counts_the_cohorts_own_courses);
	tcase_add_test(tc, phases_logbook_and_supervisor_evaluations);
	tcase_add_test(tc, vendor_certifications_count_for_the_units_they_prove);
	tcase_add_test(tc, certificate_issue_and_verify);
	tcase_add_test(tc, certificate_revoke_suspend_and_status_list);
	tcase_add_test(tc, certificate_expiry_and_renewal);
	tcase_add_test(tc, keys_rotate_and_foreign_keys_fail);
	tcase_add_test(tc, forged_status_lists_and_reissued_numbers_fail);
	tcase_add_test(tc, status_lists_follow_other_processes_within_ten_seconds);
	tcase_add_test(tc, certificate_pdf);
	tcase_add_test(tc, auto_certify_on_completion);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
