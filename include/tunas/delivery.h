/*
 * delivery.h — running a cohort: its timetable, attendance and the
 * logbook of an attachment phase.
 *
 * A session is one timetabled meeting of a cohort (a lecture, a hands-on
 * lab, ...), optionally inside one of the programme's phases (ZTE–MMU's
 * local month, its overseas attachment) and for one of its courses. Times
 * are instants (seconds since the epoch) shown in the session's time zone.
 *
 * Attendance is recorded per session per person, by an instructor of the
 * cohort (in bulk, a sheet at a time) or by the trainee with the session's
 * short-lived check-in code. A record is never changed: a correction adds
 * a newer record that supersedes it, so the history stays; every record
 * is in the audit chain. Rates count present, late and excused as
 * attended over the sessions that have started.
 *
 * During an attachment phase trainees keep a logbook (dated activities and
 * hours) and the host supervisor's evaluation is recorded at its end.
 *
 * Who may: the cohort's instructors, its centre's admins, the programme's
 * owner and system admins manage sessions and attendance; the trainee
 * writes their own logbook and checks in; the same people plus the
 * trainee (for themself) read.
 */
#ifndef TUNAS_DELIVERY_H
#define TUNAS_DELIVERY_H

#include "tunas/tunas.h"

#define TUNAS_TZ_MAX 40
#define TUNAS_CHECKIN_CODE_LEN 6
#define TUNAS_ATTENDANCE_BULK_MAX 500

typedef enum {
	TUNAS_SESSION_NONE = 0,
	TUNAS_SESSION_LECTURE,
	TUNAS_SESSION_LAB, /* hands-on lab */
	TUNAS_SESSION_SIMULATION,
	TUNAS_SESSION_FIELD_VISIT,
	TUNAS_SESSION_CASE_STUDY,
	TUNAS_SESSION_WORKSHOP,
} tunas_session_kind;

typedef struct {
	int64_t id;
	int64_t cohort_id;
	int phase;	   /* 1-based index into the programme's phases; 0: none */
	int64_t course_id; /* 0: none */
	tunas_session_kind kind;
	char title[TUNAS_NAME_MAX + 1];
	int64_t starts_at, ends_at;	  /* seconds since the epoch */
	char time_zone[TUNAS_TZ_MAX + 1]; /* IANA name, e.g. Asia/Kuala_Lumpur */
	char venue[TUNAS_NAME_MAX + 1];
	int64_t instructor_user_id; /* 0: none yet */
	int64_t created_at;
} tunas_session;

typedef enum {
	TUNAS_ATT_NONE = 0,
	TUNAS_ATT_PRESENT,
	TUNAS_ATT_LATE,
	TUNAS_ATT_ABSENT,
	TUNAS_ATT_EXCUSED,
} tunas_att_status;

typedef struct {
	int64_t id;
	int64_t session_id;
	int64_t person_id;
	tunas_att_status status;
	char note[TUNAS_NAME_MAX + 1];
	bool by_code;	     /* the trainee checked in with the code */
	int64_t recorded_by; /* user id; 0 for the local operator */
	int64_t recorded_at;
	int64_t supersedes; /* the record this one corrects, or 0 */
} tunas_attendance;

/* One line of an instructor's sheet. */
typedef struct {
	int64_t person_id;
	tunas_att_status status;
	const char *note; /* may be NULL */
} tunas_attendance_mark;

typedef struct {
	int64_t person_id; /* 0 for a cohort's totals */
	int sessions;	   /* sessions of the cohort that have started */
	int present, late, excused, absent, unrecorded;
	double rate; /* (present + late + excused) / sessions * 100; 0 if none */
} tunas_attendance_rate;

typedef struct {
	int64_t id;
	int64_t cohort_id;
	int64_t person_id;
	int phase;
	char day[TUNAS_DATE_LEN + 1];
	char activities[TUNAS_TEXT_MAX + 1];
	int minutes;
	int64_t recorded_by;
	int64_t created_at;
} tunas_logbook_entry;

typedef struct {
	int64_t id;
	int64_t cohort_id;
	int64_t person_id;
	int phase;
	char supervisor_name[TUNAS_NAME_MAX + 1];
	char supervisor_org[TUNAS_NAME_MAX + 1];
	int rating; /* 1 (poor) .. 5 (excellent) */
	bool satisfactory;
	char comments[TUNAS_TEXT_MAX + 1];
	char evaluated_on[TUNAS_DATE_LEN + 1];
	int64_t recorded_by;
	int64_t created_at;
} tunas_phase_evaluation;

const char *tunas_session_kind_name(tunas_session_kind k);
tunas_session_kind tunas_session_kind_parse(const char *name);
const char *tunas_att_status_name(tunas_att_status s);
tunas_att_status tunas_att_status_parse(const char *name);

/*
 * Time zones Tunas schedules in (Malaysia, Indonesia, and the overseas
 * attachments' China): their fixed UTC offset in seconds through *out, or
 * false if the name is not one of them. Parse an RFC 3339 timestamp with
 * an explicit offset ("2026-03-02T09:00:00+08:00") into seconds since the
 * epoch; false if malformed or outside the years 1900-9000. Format an
 * instant in a zone as RFC 3339.
 */
bool tunas_tz_offset(int *out, const char *name);
bool tunas_time_parse(int64_t *out, const char *rfc3339);
void tunas_time_format(char out[32], int64_t t, const char *time_zone);

/* Sessions. Created and changed by those who manage the cohort (above);
 * the instructor, when set, must be one of the cohort's instructors. */
int tunas_session_create(tunas_ctx *ctx, int64_t *out_id, const tunas_session *in);
int tunas_session_update(tunas_ctx *ctx, const tunas_session *in);
int tunas_session_get(tunas_ctx *ctx, tunas_session *out, int64_t id);
/* A cohort's timetable in start order; caller frees *out with free(). */
int tunas_session_list(tunas_ctx *ctx, tunas_session **out, size_t *n, int64_t cohort_id,
		       const tunas_page *page);

/*
 * Open check-in for a session: a new random code of
 * TUNAS_CHECKIN_CODE_LEN characters valid for `minutes` (1..240) is
 * written to out_code (replacing any earlier one). Only who manages the
 * cohort may.
 */
int tunas_checkin_open(tunas_ctx *ctx, char out_code[TUNAS_CHECKIN_CODE_LEN + 1],
		       int64_t session_id, int minutes);
/* A trainee checks themself in with the code: present, or late when more
 * than 15 minutes after the start. TUNAS_EINVAL naming "code" for a wrong
 * or expired code. */
int tunas_checkin(tunas_ctx *ctx, tunas_attendance *out, int64_t session_id, const char *code);

/*
 * Record a sheet of marks for one session, all or nothing: each person must
 * be enrolled (or completed) in the session's cohort. A mark for someone
 * already recorded supersedes their record (a correction); an unchanged
 * mark is skipped. *out_changed counts new records.
 */
int tunas_attendance_record(tunas_ctx *ctx, int *out_changed, int64_t session_id,
			    const tunas_attendance_mark *marks, size_t n);
/* Current records of a session (one per person), or with history every
 * record including superseded ones; caller frees *out. */
int tunas_attendance_list(tunas_ctx *ctx, tunas_attendance **out, size_t *n, int64_t session_id,
			  bool history);
/* Attendance of one person in a cohort (person_id != 0) or the cohort as
 * a whole (person_id 0), over sessions started by now; the rate is 100
 * while none has started (nothing missed). */
int tunas_attendance_rate_get(tunas_ctx *ctx, tunas_attendance_rate *out, int64_t cohort_id,
			      int64_t person_id);

/* Logbook of an attachment phase: written by the trainee for themself or
 * by those who manage the cohort; the day must fall in the phase. */
int tunas_logbook_add(tunas_ctx *ctx, tunas_logbook_entry *out, const tunas_logbook_entry *in);
int tunas_logbook_list(tunas_ctx *ctx, tunas_logbook_entry **out, size_t *n, int64_t cohort_id,
		       int64_t person_id, const tunas_page *page);
/* The host supervisor's evaluation of a person's phase, recorded by who
 * manages the cohort; one per person and phase (TUNAS_ECONFLICT after). */
int tunas_phase_evaluate(tunas_ctx *ctx, tunas_phase_evaluation *out,
			 const tunas_phase_evaluation *in);
int tunas_phase_evaluation_list(tunas_ctx *ctx, tunas_phase_evaluation **out, size_t *n,
				int64_t cohort_id, int64_t person_id);

#endif
