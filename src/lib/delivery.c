/*
 * delivery.c — sessions, check-in, attendance, logbooks and supervisor
 * evaluations (delivery.h).
 */
#include "tunas/delivery.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access.h"
#include "util/mem.h"
#include "trainers_int.h"
#include "valid.h"

/* A trainee checking in more than this long after the start is late. */
#define LATE_AFTER (15 * 60)
/* The longest session (a multi-day field visit). */
#define SESSION_MAX_SECONDS (14 * 24 * 3600)
/* Check-in codes avoid look-alike characters (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
static const char code_alphabet[] = "ACDEFHJKMNPRTUVWXY34679";

static const char *const kind_names[] = {
	[TUNAS_SESSION_LECTURE] = "lecture",	   [TUNAS_SESSION_LAB] = "lab",
	[TUNAS_SESSION_SIMULATION] = "simulation", [TUNAS_SESSION_FIELD_VISIT] = "field_visit",
	[TUNAS_SESSION_CASE_STUDY] = "case_study", [TUNAS_SESSION_WORKSHOP] = "workshop",
};

static const char *const att_names[] = {
	[TUNAS_ATT_PRESENT] = "present",
	[TUNAS_ATT_LATE] = "late",
	[TUNAS_ATT_ABSENT] = "absent",
	[TUNAS_ATT_EXCUSED] = "excused",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *tunas_session_kind_name(tunas_session_kind k)
{
	return tunas_enum_name(kind_names, COUNT(kind_names), (int)k);
}

tunas_session_kind tunas_session_kind_parse(const char *name)
{
	return (tunas_session_kind)tunas_enum_parse(kind_names, COUNT(kind_names), name);
}

const char *tunas_att_status_name(tunas_att_status s)
{
	return tunas_enum_name(att_names, COUNT(att_names), (int)s);
}

tunas_att_status tunas_att_status_parse(const char *name)
{
	return (tunas_att_status)tunas_enum_parse(att_names, COUNT(att_names), name);
}

/* ------------------------------------------------------------------------ */
/* Time */

/* The zones the seed programmes run in, with their fixed offsets (none of
 * them has daylight saving time). */
static const struct {
	const char *name;
	int offset;
} zones[] = {
	{"Asia/Kuala_Lumpur", 8 * 3600}, {"Asia/Kuching", 8 * 3600},   {"Asia/Jakarta", 7 * 3600},
	{"Asia/Pontianak", 7 * 3600},	 {"Asia/Makassar", 8 * 3600},  {"Asia/Jayapura", 9 * 3600},
	{"Asia/Shanghai", 8 * 3600},	 {"Asia/Singapore", 8 * 3600}, {"UTC", 0},
};

bool tunas_tz_offset(int *out, const char *name)
{
	for (size_t i = 0; name != NULL && i < COUNT(zones); i++) {
		if (strcmp(zones[i].name, name) == 0) {
			*out = zones[i].offset;
			return true;
		}
	}
	return false;
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool tunas_time_parse(int64_t *out, const char *s)
{
	char date[TUNAS_DATE_LEN + 1];
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 1;
	int64_t t;
	size_t len;

	if (s == NULL)
		return false;
	len = strlen(s);
	if (len != 20 && len != 25)
		return false;
	memcpy(date, s, TUNAS_DATE_LEN);
	date[TUNAS_DATE_LEN] = '\0';
	if (!tunas_date_is_valid(date) || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
	    !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &sec))
		return false;
	if (h > 23 || mi > 59 || sec > 59)
		return false;
	if (len == 20) {
		if (s[19] != 'Z' && s[19] != 'z')
			return false;
	} else {
		if ((s[19] != '+' && s[19] != '-') || s[22] != ':' || !digits(s + 20, 2, &oh) ||
		    !digits(s + 23, 2, &om) || oh > 14 || om > 59)
			return false;
		sign = s[19] == '-' ? -1 : 1;
	}
	t = tunas_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    sign * (oh * 3600 + om * 60);
	/* Instants a timetable can mean, a day inside 1900..9000 so that each
	 * formats back, in any zone, with a four-digit year. */
	if (t < tunas_days_from_civil(1900, 1, 2) * 86400 ||
	    t > tunas_days_from_civil(9000, 12, 30) * 86400)
		return false;
	*out = t;
	return true;
}

void tunas_time_format(char out[32], int64_t t, const char *time_zone)
{
	int offset = 0;
	time_t local;
	struct tm tm;
	char buf[96];

	if (!tunas_tz_offset(&offset, time_zone))
		offset = 0;
	local = (time_t)(t + offset);
	gmtime_r(&local, &tm);

	if (offset == 0 && (time_zone == NULL || strcmp(time_zone, "UTC") == 0))
		strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			 tm.tm_sec, offset < 0 ? '-' : '+', abs(offset) / 3600,
			 abs(offset) % 3600 / 60);
	tunas_copy(out, 32, buf);
}

/* The local calendar date of instant t in a zone, YYYY-MM-DD. */
static void local_date(char out[TUNAS_DATE_LEN + 1], int64_t t, const char *zone)
{
	char buf[32];

	tunas_time_format(buf, t, zone);
	memcpy(out, buf, TUNAS_DATE_LEN);
	out[TUNAS_DATE_LEN] = '\0';
}

/* ------------------------------------------------------------------------ */
/* Sessions */

static json_t *session_detail(const tunas_session *x)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:I, s:I, s:s}", "cohort_id",
			 (json_int_t)x->cohort_id, "phase", x->phase, "kind",
			 tunas_session_kind_name(x->kind), "title", x->title, "starts_at",
			 (json_int_t)x->starts_at, "ends_at", (json_int_t)x->ends_at, "time_zone",
			 x->time_zone);
}

/* Check a session against its cohort: fields, phase dates, course,
 * instructor. */
static int check_session(tunas_ctx *ctx, const tunas_session *x, const cohort_facts *f)
{
	char day[TUNAS_DATE_LEN + 1];
	int offset, rc;

	if (x->kind == TUNAS_SESSION_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be lecture, lab, simulation, field_visit, case_study "
				      "or workshop");
	if ((rc = tunas_valid_text(ctx, "title", x->title, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "venue", x->venue, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (!tunas_tz_offset(&offset, x->time_zone))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "time_zone",
				      "must be one of Asia/Kuala_Lumpur, Asia/Kuching, "
				      "Asia/Jakarta, Asia/Pontianak, Asia/Makassar, "
				      "Asia/Jayapura, Asia/Shanghai, Asia/Singapore, UTC");
	if (x->ends_at <= x->starts_at)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ends_at", "must be after starts_at");
	if (x->ends_at - x->starts_at > SESSION_MAX_SECONDS)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "ends_at",
				      "a session lasts at most 14 days");
	if (x->phase < 0 || x->phase > f->programme.n_phases)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "phase",
				      "the programme has %d phase(s); 0 for none",
				      f->programme.n_phases);
	local_date(day, x->starts_at, x->time_zone);
	if (x->phase > 0) {
		const tunas_phase *ph = &f->programme.phases[x->phase - 1];

		if ((ph->starts_on[0] && strcmp(day, ph->starts_on) < 0) ||
		    (ph->ends_on[0] && strcmp(day, ph->ends_on) > 0))
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "starts_at",
					      "%s is outside phase %d (%s to %s)", day, x->phase,
					      ph->starts_on, ph->ends_on);
	}
	if (x->course_id != 0) {
		tunas_course c;

		rc = ctx->store->ops->course_get(ctx->store, &c, x->course_id);
		if (rc == TUNAS_ENOTFOUND || (rc == 0 && c.programme_id != f->programme.id))
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "course_id",
					      "course %lld is not a course of the programme",
					      (long long)x->course_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "course");
	}
	if (x->course_id != 0 && !access_cohort_admin(ctx, f)) {
		/* The courses on a cohort's timetable decide which completion
		 * rules apply: instructors plan sessions of courses already on
		 * it, the centre or programme owner put them there. */
		int64_t *taught = NULL;
		size_t n = 0;
		bool on = false;

		rc = ctx->store->ops->cohort_courses(ctx->store, &taught, &n, f->cohort.id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "course");
		for (size_t i = 0; i < n; i++)
			on = on || taught[i] == x->course_id;
		free(taught);
		if (!on)
			return tunas_ctx_fail(ctx, TUNAS_EPERM, "course_id",
					      "only the cohort's centre or programme owner adds a "
					      "course to its timetable");
	}
	if (x->instructor_user_id != 0 && !access_cohort_teaches(ctx, f, x->instructor_user_id))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "instructor_user_id",
				      "user %lld is not an instructor of the cohort",
				      (long long)x->instructor_user_id);
	return 0;
}

/* The instructor may teach the session's course on its day (UTC date). */
static int session_trainer_ok(tunas_ctx *ctx, const tunas_session *x)
{
	char day[TUNAS_DATE_LEN + 1];
	int y, m, d;

	tunas_civil_from_days(x->starts_at / 86400, &y, &m, &d);
	snprintf(day, sizeof(day), "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
	return trainers_check_session(ctx, x->instructor_user_id, x->course_id, day);
}

int tunas_session_create(tunas_ctx *ctx, int64_t *out_id, const tunas_session *in)
{
	tunas_session x = *in;
	cohort_facts f;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	x.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, x.cohort_id, "cohort_id")) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre, programme owner and instructors "
				    "plan its sessions");
		goto out;
	}
	if ((rc = check_session(ctx, &x, &f)) != 0 || (rc = session_trainer_ok(ctx, &x)) != 0)
		goto out;
	rc = ctx->store->ops->session_insert(ctx->store, &id, &x);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "session");
		goto out;
	}
	rc = tunas_audit_record(ctx, "session.create", "session", id, session_detail(&x));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

static int session_read(tunas_ctx *ctx, tunas_session *x, cohort_facts *f, int64_t id);

int tunas_session_update(tunas_ctx *ctx, const tunas_session *in)
{
	tunas_session x = *in, old;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &old, &f, x.id)) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's centre, programme owner and instructors "
				    "plan its sessions");
		goto out;
	}
	if (x.cohort_id != old.cohort_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "cohort_id",
				    "a session stays in its cohort");
		goto out;
	}
	x.created_at = old.created_at;
	if (x.course_id != old.course_id && !access_cohort_admin(ctx, &f)) {
		rc = tunas_ctx_fail(
			ctx, TUNAS_EPERM, "course_id",
			"only the cohort's centre or programme owner moves a session to "
			"another course");
		goto out;
	}
	if ((rc = check_session(ctx, &x, &f)) != 0 || (rc = session_trainer_ok(ctx, &x)) != 0)
		goto out;
	rc = ctx->store->ops->session_update(ctx->store, &x);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "session");
		goto out;
	}
	rc = tunas_audit_record(ctx, "session.update", "session", x.id, session_detail(&x));
out:
	return tunas_tx_finish(ctx, rc);
}

/* Load a session and its cohort, checking the caller may read it. */
static int session_read(tunas_ctx *ctx, tunas_session *x, cohort_facts *f, int64_t id)
{
	int rc = ctx->store->ops->session_get(ctx->store, x, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "session");
	if ((rc = access_cohort_load(ctx, f, x->cohort_id, "cohort_id")) != 0)
		return rc;
	if (access_cohort_staff(ctx, f))
		return 0;
	if (tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) &&
	    access_need_member(ctx, ctx->who.person_id, x->cohort_id, "session_id") == 0)
		return 0;
	return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "session %lld not found", (long long)id);
}

int tunas_session_get(tunas_ctx *ctx, tunas_session *out, int64_t id)
{
	tunas_session x;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &x, &f, id)) != 0)
		return rc;
	*out = x;
	return 0;
}

int tunas_session_list(tunas_ctx *ctx, tunas_session **out, size_t *n, int64_t cohort_id,
		       const tunas_page *page)
{
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	if (!access_cohort_staff(ctx, &f) &&
	    !(tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) &&
	      access_need_member(ctx, ctx->who.person_id, cohort_id, "cohort_id") == 0))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "the timetable is for the cohort's people and staff");
	rc = ctx->store->ops->session_list(ctx->store, out, n, cohort_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "session") : 0;
}

/* ------------------------------------------------------------------------ */
/* Check-in */

static void code_hash(unsigned char out[TUNAS_HASH_LEN], int64_t session_id, const char *code)
{
	crypto_generichash_state st;
	unsigned char id[8];

	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)session_id >> (8 * i));
	crypto_generichash_init(&st, NULL, 0, TUNAS_HASH_LEN);
	crypto_generichash_update(&st, id, sizeof(id));
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_final(&st, out, TUNAS_HASH_LEN);
}

int tunas_checkin_open(tunas_ctx *ctx, char out_code[TUNAS_CHECKIN_CODE_LEN + 1],
		       int64_t session_id, int minutes)
{
	char code[TUNAS_CHECKIN_CODE_LEN + 1];
	unsigned char hash[TUNAS_HASH_LEN];
	tunas_session x;
	cohort_facts f;
	int64_t expires;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (minutes < 1 || minutes > 240)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "minutes", "must be 1 to 240");
	for (int i = 0; i < TUNAS_CHECKIN_CODE_LEN; i++)
		code[i] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
	code[TUNAS_CHECKIN_CODE_LEN] = '\0';
	code_hash(hash, session_id, code);
	expires = tunas_now() + (int64_t)minutes * 60;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &x, &f, session_id)) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's staff open check-in");
		goto out;
	}
	rc = ctx->store->ops->checkin_set(ctx->store, session_id, hash, expires);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "check-in");
		goto out;
	}
	/* The code itself is a secret: the audit says only that one exists. */
	rc = tunas_audit_record(ctx, "checkin.open", "session", session_id,
				json_pack("{s:I}", "expires_at", (json_int_t)expires));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		memcpy(out_code, code, sizeof(code));
	sodium_memzero(code, sizeof(code));
	return rc;
}

static json_t *att_detail(const tunas_attendance *a)
{
	return json_pack("{s:I, s:I, s:s, s:b, s:I}", "session_id", (json_int_t)a->session_id,
			 "person_id", (json_int_t)a->person_id, "status",
			 tunas_att_status_name(a->status), "by_code", a->by_code, "supersedes",
			 (json_int_t)a->supersedes);
}

/* Insert a record for one person unless it says what the current one
 * says; *changed tells. Inside the caller's transaction. */
static int put_mark(tunas_ctx *ctx, tunas_attendance *a, bool *changed)
{
	tunas_attendance cur;
	int64_t id;
	int rc;

	*changed = false;
	rc = ctx->store->ops->attendance_current(ctx->store, &cur, a->session_id, a->person_id);
	if (rc == 0) {
		if (cur.status == a->status && strcmp(cur.note, a->note) == 0) {
			*a = cur;
			return 0;
		}
		a->supersedes = cur.id;
	} else if (rc != TUNAS_ENOTFOUND) {
		return tunas_ctx_store_fail(ctx, rc, "attendance");
	}
	rc = ctx->store->ops->attendance_insert(ctx->store, &id, a);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "attendance");
	a->id = id;
	*changed = true;
	return tunas_audit_record(ctx, "attendance.record", "attendance", id, att_detail(a));
}

int tunas_checkin(tunas_ctx *ctx, tunas_attendance *out, int64_t session_id, const char *code)
{
	unsigned char want[TUNAS_HASH_LEN], got[TUNAS_HASH_LEN];
	tunas_attendance a;
	tunas_session x;
	cohort_facts f;
	int64_t expires, now = tunas_now();
	bool changed;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_has_role(ctx, TUNAS_ROLE_TRAINEE) || ctx->who.person_id == 0)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "trainees check themselves in");
	if (code == NULL || strlen(code) != TUNAS_CHECKIN_CODE_LEN)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "must be %d characters",
				      TUNAS_CHECKIN_CODE_LEN);
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &x, &f, session_id)) != 0)
		goto out;
	rc = ctx->store->ops->checkin_get(ctx->store, session_id, want, &expires);
	if (rc != 0 && rc != TUNAS_ENOTFOUND) {
		rc = tunas_ctx_store_fail(ctx, rc, "check-in");
		goto out;
	}
	code_hash(got, session_id, code);
	if (rc == TUNAS_ENOTFOUND || expires < now || sodium_memcmp(want, got, sizeof(got)) != 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "wrong or expired check-in code");
		goto out;
	}
	/* A record already there stands: staff's marks are corrected by staff,
	 * and a second check-in must not turn "present" into "late". */
	rc = ctx->store->ops->attendance_current(ctx->store, &a, session_id, ctx->who.person_id);
	if (rc == 0)
		goto out;
	if (rc != TUNAS_ENOTFOUND) {
		rc = tunas_ctx_store_fail(ctx, rc, "attendance");
		goto out;
	}
	memset(&a, 0, sizeof(a));
	a.session_id = session_id;
	a.person_id = ctx->who.person_id;
	a.status = now > x.starts_at + LATE_AFTER ? TUNAS_ATT_LATE : TUNAS_ATT_PRESENT;
	a.by_code = true;
	a.recorded_by = ctx->who.user_id;
	a.recorded_at = now;
	rc = put_mark(ctx, &a, &changed);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = a;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Attendance sheets, lists and rates */

int tunas_attendance_record(tunas_ctx *ctx, int *out_changed, int64_t session_id,
			    const tunas_attendance_mark *marks, size_t n)
{
	char field[64];
	tunas_session x;
	cohort_facts f;
	int changed = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (n == 0 || n > TUNAS_ATTENDANCE_BULK_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "marks", "give 1 to %d marks",
				      TUNAS_ATTENDANCE_BULK_MAX);
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "marks[%zu].status", i);
		if (marks[i].status == TUNAS_ATT_NONE)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "must be present, late, absent or excused");
		snprintf(field, sizeof(field), "marks[%zu].note", i);
		if (marks[i].note != NULL &&
		    (rc = tunas_valid_text(ctx, field, marks[i].note, 0, TUNAS_NAME_MAX)) != 0)
			return rc;
		for (size_t j = 0; j < i; j++) {
			if (marks[j].person_id == marks[i].person_id) {
				snprintf(field, sizeof(field), "marks[%zu].person_id", i);
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
						      "person %lld is marked twice",
						      (long long)marks[i].person_id);
			}
		}
	}
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &x, &f, session_id)) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's staff take attendance");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		tunas_attendance a;
		bool did;

		snprintf(field, sizeof(field), "marks[%zu].person_id", i);
		if ((rc = access_need_member(ctx, marks[i].person_id, x.cohort_id, field)) != 0)
			goto out;
		memset(&a, 0, sizeof(a));
		a.session_id = session_id;
		a.person_id = marks[i].person_id;
		a.status = marks[i].status;
		tunas_copy(a.note, sizeof(a.note), marks[i].note ? marks[i].note : "");
		a.recorded_by = ctx->who.user_id;
		a.recorded_at = tunas_now();
		if ((rc = put_mark(ctx, &a, &did)) != 0)
			goto out;
		changed += did;
	}
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_changed = changed;
	return rc;
}

int tunas_attendance_list(tunas_ctx *ctx, tunas_attendance **out, size_t *n, int64_t session_id,
			  bool history)
{
	tunas_attendance *rows = NULL;
	tunas_session x;
	cohort_facts f;
	size_t count = 0, kept = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = session_read(ctx, &x, &f, session_id)) != 0)
		return rc;
	rc = ctx->store->ops->attendance_list(ctx->store, &rows, &count, session_id, history);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "attendance");
	/* A trainee sees only their own line of the sheet. */
	if (!access_cohort_staff(ctx, &f)) {
		for (size_t i = 0; i < count; i++)
			if (rows[i].person_id == ctx->who.person_id)
				rows[kept++] = rows[i];
		count = kept;
	}
	*out = rows;
	*n = count;
	return 0;
}

int tunas_attendance_rate_get(tunas_ctx *ctx, tunas_attendance_rate *out, int64_t cohort_id,
			      int64_t person_id)
{
	tunas_attendance_rate r;
	cohort_facts f;
	int rc, total;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	if (person_id == 0 && !access_cohort_staff(ctx, &f))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "the cohort's rate is for its staff");
	if (person_id != 0 && (rc = access_cohort_read(ctx, &f, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->attendance_rate(ctx->store, &r, cohort_id, 0, person_id, tunas_now());
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "attendance");
	total = r.present + r.late + r.excused + r.absent + r.unrecorded;
	r.rate = total > 0 ? 100.0 * (r.present + r.late + r.excused) / total : 100.0;
	*out = r;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Logbook and supervisor evaluations */

/* The phase `phase` (1-based) of the cohort's programme, or EINVAL. */
static int need_phase(tunas_ctx *ctx, const tunas_phase **out, const cohort_facts *f, int phase)
{
	if (phase < 1 || phase > f->programme.n_phases)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "phase",
				      "the programme has %d phase(s), numbered from 1",
				      f->programme.n_phases);
	*out = &f->programme.phases[phase - 1];
	return 0;
}

int tunas_logbook_add(tunas_ctx *ctx, tunas_logbook_entry *out, const tunas_logbook_entry *in)
{
	tunas_logbook_entry e = *in;
	const tunas_phase *ph = NULL;
	cohort_facts f;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_date(ctx, "day", e.day, true)) != 0 ||
	    (rc = tunas_valid_text(ctx, "activities", e.activities, 1, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if (e.minutes < 0 || e.minutes > 1440)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "minutes", "must be 0 to 1440");
	e.recorded_by = ctx->who.user_id;
	e.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, e.cohort_id, "cohort_id")) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f) && !access_is_self(ctx, e.person_id)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "trainees keep their own logbook; staff may add to it");
		goto out;
	}
	if ((rc = access_need_member(ctx, e.person_id, e.cohort_id, "person_id")) != 0 ||
	    (rc = need_phase(ctx, &ph, &f, e.phase)) != 0)
		goto out;
	if ((ph->starts_on[0] && strcmp(e.day, ph->starts_on) < 0) ||
	    (ph->ends_on[0] && strcmp(e.day, ph->ends_on) > 0)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "day", "%s is outside phase %d (%s to %s)",
				    e.day, e.phase, ph->starts_on, ph->ends_on);
		goto out;
	}
	rc = ctx->store->ops->logbook_insert(ctx->store, &id, &e);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "logbook entry");
		goto out;
	}
	rc = tunas_audit_record(ctx, "logbook.add", "logbook_entry", id,
				json_pack("{s:I, s:I, s:i, s:s, s:i}", "cohort_id",
					  (json_int_t)e.cohort_id, "person_id",
					  (json_int_t)e.person_id, "phase", e.phase, "day", e.day,
					  "minutes", e.minutes));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		e.id = id;
		*out = e;
	}
	return rc;
}

int tunas_logbook_list(tunas_ctx *ctx, tunas_logbook_entry **out, size_t *n, int64_t cohort_id,
		       int64_t person_id, const tunas_page *page)
{
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	if (!access_cohort_staff(ctx, &f)) {
		if (person_id == 0 && tunas_has_role(ctx, TUNAS_ROLE_TRAINEE))
			person_id = ctx->who.person_id;
		if ((rc = access_cohort_read(ctx, &f, person_id)) != 0)
			return rc;
	}
	rc = ctx->store->ops->logbook_list(ctx->store, out, n, cohort_id, person_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "logbook") : 0;
}

int tunas_phase_evaluate(tunas_ctx *ctx, tunas_phase_evaluation *out,
			 const tunas_phase_evaluation *in)
{
	tunas_phase_evaluation e = *in;
	const tunas_phase *ph = NULL;
	cohort_facts f;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "supervisor_name", e.supervisor_name, 1, TUNAS_NAME_MAX)) !=
		    0 ||
	    (rc = tunas_valid_text(ctx, "supervisor_org", e.supervisor_org, 1, TUNAS_NAME_MAX)) !=
		    0 ||
	    (rc = tunas_valid_text(ctx, "comments", e.comments, 0, TUNAS_TEXT_MAX)) != 0 ||
	    (rc = tunas_valid_date(ctx, "evaluated_on", e.evaluated_on, true)) != 0)
		return rc;
	if (e.rating < 1 || e.rating > 5)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "rating", "must be 1 to 5");
	e.recorded_by = ctx->who.user_id;
	e.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, e.cohort_id, "cohort_id")) != 0)
		goto out;
	if (!access_cohort_staff(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "the cohort's staff record the supervisor's evaluation");
		goto out;
	}
	if ((rc = access_need_member(ctx, e.person_id, e.cohort_id, "person_id")) != 0 ||
	    (rc = need_phase(ctx, &ph, &f, e.phase)) != 0)
		goto out;
	rc = ctx->store->ops->evaluation_insert(ctx->store, &id, &e);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "phase",
				    "phase %d of this person is evaluated already", e.phase);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "evaluation");
		goto out;
	}
	rc = tunas_audit_record(ctx, "phase.evaluate", "phase_evaluation", id,
				json_pack("{s:I, s:I, s:i, s:i, s:b}", "cohort_id",
					  (json_int_t)e.cohort_id, "person_id",
					  (json_int_t)e.person_id, "phase", e.phase, "rating",
					  e.rating, "satisfactory", e.satisfactory));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		e.id = id;
		*out = e;
	}
	return rc;
}

int tunas_phase_evaluation_list(tunas_ctx *ctx, tunas_phase_evaluation **out, size_t *n,
				int64_t cohort_id, int64_t person_id)
{
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	if (!access_cohort_staff(ctx, &f)) {
		if (person_id == 0 && tunas_has_role(ctx, TUNAS_ROLE_TRAINEE))
			person_id = ctx->who.person_id;
		if ((rc = access_cohort_read(ctx, &f, person_id)) != 0)
			return rc;
	}
	rc = ctx->store->ops->evaluation_list(ctx->store, out, n, cohort_id, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "evaluation") : 0;
}
