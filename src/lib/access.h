/*
 * access.h — who may act on a cohort, shared by the modules that work
 * inside one (delivery.c, assess.c, cert.c).
 *
 * A cohort is run by its centre's admins, its programme's owner and system
 * admins ("admins"); its instructors teach it. Those who run or teach it
 * manage its timetable, attendance and assessment; only admins certify.
 * A person belongs to it while enrolled or after completing it.
 */
#ifndef TUNAS_ACCESS_H
#define TUNAS_ACCESS_H

#include "ctx.h"
#include "tunas/assess.h"

typedef struct {
	tunas_cohort cohort;
	tunas_programme programme;
} cohort_facts;

/* Load the cohort and its programme; ENOTFOUND (naming `field`) if the
 * cohort does not exist: the cohort is always the object acted in. */
int access_cohort_load(tunas_ctx *ctx, cohort_facts *out, int64_t cohort_id, const char *field);
/* System admin, the centre's admin, the programme's owner. */
bool access_cohort_admin(const tunas_ctx *ctx, const cohort_facts *f);
/* One of the cohort's instructors. */
bool access_cohort_teaches(const tunas_ctx *ctx, const cohort_facts *f, int64_t user_id);
/* An admin or an instructor of the cohort. */
bool access_cohort_staff(const tunas_ctx *ctx, const cohort_facts *f);
/* ENOTFOUND ("person N not found") unless the caller may see person `id`,
 * so that ids out of reach look like missing ones (person.c, skills.c). */
int access_need_person(tunas_ctx *ctx, int64_t id);
/* System admins, and accounts of the programme's owner, sponsor or a
 * partner organisation (who see its budget and progress). */
bool access_involved_in_programme(const tunas_ctx *ctx, const tunas_programme *p);
/* System admins and the programme owners of its owning organisation. */
bool access_manages_programme(const tunas_ctx *ctx, const tunas_programme *p);
/* Load course `course_id` into *out if the caller manages its programme;
 * EPERM with `why` otherwise (ENOTFOUND if there is no such course). */
int access_managed_course(tunas_ctx *ctx, tunas_course *out, int64_t course_id, const char *why);
/* The caller is the trainee `person_id`. */
bool access_is_self(const tunas_ctx *ctx, int64_t person_id);
/* Whether person_id is enrolled in or has completed the cohort; EINVAL
 * naming `field` if not. */
int access_need_member(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id, const char *field);
/* For an object of a cohort that concerns one person (an attempt, a
 * certificate): load the cohort and let its staff or that trainee read
 * it; anyone else gets ENOTFOUND "<what> <id> not found". */
int access_cohort_object(tunas_ctx *ctx, cohort_facts *f, int64_t cohort_id, int64_t person_id,
			 const char *what, int64_t id);
/* Staff of the cohort, or the trainee for themself: else EPERM (or, for
 * people outside the cohort's reach, ENOTFOUND naming `what`). */
int access_cohort_read(tunas_ctx *ctx, const cohort_facts *f, int64_t person_id);

/* The completion rules of a cohort's programme for one person, in the
 * caller's transaction or snapshot (assess.c; cert.c uses it too). */
int assess_completion(tunas_ctx *ctx, tunas_completion *out, const cohort_facts *f,
		      int64_t person_id);

/* The courses a cohort takes: those its timetable teaches, or every course
 * of the programme if its sessions name none. Caller frees *out. */
int assess_cohort_courses(tunas_ctx *ctx, tunas_course **out, size_t *n, const cohort_facts *f);

/* Issue the certificate of a person who just completed a cohort if its
 * programme certifies automatically; in the caller's transaction
 * (cert.c, called by enrol.c). */
int cert_auto_issue(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id);

#endif
