/*
 * trainers_int.h — the checks trainers.c makes for other modules: an
 * instructor must hold what a course requires when set to teach it
 * (delivery.c for sessions, programme.c for cohorts), and completing a
 * cohort records the qualifications its courses award (enrol.c). Each runs
 * in the caller's transaction and fails with the field and reason on ctx.
 */
#ifndef TUNAS_TRAINERS_INT_H
#define TUNAS_TRAINERS_INT_H

#include "tunas/programme.h"

/* The session's instructor holds the course's required qualification,
 * valid on `day` (YYYY-MM-DD). Field "instructor_user_id". */
int trainers_check_session(tunas_ctx *ctx, int64_t instructor_user_id, int64_t course_id,
			   const char *day);
/* Each instructor of the cohort holds, from its start to its end, what
 * each course its timetable teaches requires. Field "instructors". */
int trainers_check_cohort(tunas_ctx *ctx, const tunas_cohort *c);
/* The person completed the cohort: record what its courses award. */
int trainers_award(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id, int64_t enrolment_id);

#endif
