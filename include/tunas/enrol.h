/*
 * enrol.h — applications and enrolments of people into cohorts.
 *
 * The life of an enrolment:
 *
 *   applied -> accepted -> enrolled -> completed
 *          \-> waitlisted -> accepted      \-> withdrawn
 *          \-> rejected
 *
 * (accepted and waitlisted may also be withdrawn). Applying checks the
 * programme's eligibility rules (education, age, employment status,
 * agency) and whether the person is already in another funded programme
 * whose dates overlap; either failure rejects the application with the
 * reason recorded. Accepting respects the cohort's capacity: past it the
 * application is waitlisted, and a place freed by a withdrawal or
 * rejection promotes the longest-waiting person.
 */
#ifndef TUNAS_ENROL_H
#define TUNAS_ENROL_H

#include "tunas/ident.h"
#include "tunas/tunas.h"

typedef enum {
	TUNAS_ENROL_NONE = 0,
	TUNAS_ENROL_APPLIED,
	TUNAS_ENROL_ACCEPTED,
	TUNAS_ENROL_WAITLISTED,
	TUNAS_ENROL_REJECTED,
	TUNAS_ENROL_ENROLLED,
	TUNAS_ENROL_COMPLETED,
	TUNAS_ENROL_WITHDRAWN,
} tunas_enrol_status;

typedef struct {
	int64_t id;
	int64_t person_id;
	int64_t cohort_id;
	int64_t programme_id; /* of the cohort, filled by the library */
	tunas_enrol_status status;
	char reason[TUNAS_TEXT_MAX + 1]; /* why rejected / waitlisted / withdrawn */
	int64_t applied_at;
	int64_t updated_at;
} tunas_enrolment;

const char *tunas_enrol_status_name(tunas_enrol_status s);
tunas_enrol_status tunas_enrol_status_parse(const char *name);
/* True if the state machine allows from -> to. */
bool tunas_enrol_can_move(tunas_enrol_status from, tunas_enrol_status to);

/*
 * Apply person_id to cohort_id. Centre admins of the cohort's centre,
 * the programme's owner, system admins, and a trainee for themself may.
 * The new enrolment (status applied, or rejected with the reason when a
 * rule fails) is written to *out. TUNAS_ECONFLICT if the person already
 * has an active enrolment in this cohort.
 */
int tunas_enrol_apply(tunas_ctx *ctx, tunas_enrolment *out, int64_t person_id, int64_t cohort_id);

/*
 * Apply the person holding identity number `number` of `type`, whose name
 * is `full_name`, to cohort_id: how a centre admin enrols someone who was
 * registered elsewhere and shows their identity card. Number and name
 * together are the proof (the name is compared ignoring case and spacing),
 * so guessing numbers finds no one; the person need not be visible to the
 * caller beforehand (they are afterwards). Only the cohort's centre admins
 * and system admins may (checked before anything is looked up). An unknown
 * number and a wrong name give the same TUNAS_ENOTFOUND.
 */
int tunas_enrol_apply_ident(tunas_ctx *ctx, tunas_enrolment *out, tunas_id_type type,
			    const char *number, const char *full_name, int64_t cohort_id);

/*
 * Move an enrolment to `to` with an optional reason. Accepting past
 * capacity waitlists instead (the result says so). Centre admins of the
 * cohort's centre, the programme owner and system admins may; a trainee may
 * only withdraw their own. The enrolment as it now is goes to *out.
 */
int tunas_enrol_move(tunas_ctx *ctx, tunas_enrolment *out, int64_t enrolment_id,
		     tunas_enrol_status to, const char *reason);

int tunas_enrol_get(tunas_ctx *ctx, tunas_enrolment *out, int64_t id);
/* Enrolments of a cohort (cohort_id) or of a person (person_id); exactly
 * one must be non-zero. Caller frees *out with free(). */
int tunas_enrol_list(tunas_ctx *ctx, tunas_enrolment **out, size_t *n, int64_t cohort_id,
		     int64_t person_id, const tunas_page *page);

#endif
