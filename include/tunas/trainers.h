/*
 * trainers.h — who may teach what, and the cascade of who trained whom.
 *
 * A trainer is a person (their instructor account is linked to them, apart
 * from the trainee link that makes an account a trainee's) holding
 * qualifications: a vendor certification such as "Huawei HCIA-5G", a
 * train-the-trainer certificate, each with an optional expiry. A course
 * may state the qualification its trainers need; then an instructor who
 * lacks it, or whose qualification is not valid on the day, is refused:
 * as a session's instructor (valid on the session's day) and as a
 * cohort's instructor (valid from the cohort's start to its end, for each
 * course its timetable teaches). A course may also award a qualification:
 * completing a cohort that took it (train-the-trainer) records the
 * qualification for the person, valid for the months the course says.
 *
 * The cascade comes from Tunas's own records: a trainer trained the people
 * who completed a cohort they taught. Generations follow those who, once
 * trained, taught cohorts themselves; a trainer's multiplier is the number
 * of distinct people ultimately trained through them (all generations).
 *
 * Access: qualifications are recorded by system admins and centre admins
 * for people they see, and read by whoever sees the person; course rules
 * by those who manage the course's programme; cascades by system admins,
 * programme owners and centre admins.
 */
#ifndef TUNAS_TRAINERS_H
#define TUNAS_TRAINERS_H

#include "tunas/tunas.h"

#define TUNAS_QUAL_NUMBER_MAX 64

typedef struct {
	int64_t id;
	int64_t person_id;
	char name[TUNAS_NAME_MAX + 1]; /* "Huawei HCIA-5G", "JTM-Huawei certified trainer" */
	char number[TUNAS_QUAL_NUMBER_MAX + 1];
	char issuer[TUNAS_NAME_MAX + 1];
	char issued_on[TUNAS_DATE_LEN + 1];
	char expires_on[TUNAS_DATE_LEN + 1]; /* "" if it does not expire */
	int64_t enrolment_id;		     /* awarded by completing it; 0 if recorded */
	int64_t recorded_by;
	int64_t created_at;
} tunas_trainer_qual;

typedef struct {
	int64_t course_id;
	char requires[TUNAS_NAME_MAX + 1]; /* qualification its trainers need; "" none */
	char awards[TUNAS_NAME_MAX + 1];   /* qualification completing it gives; "" none */
	int award_valid_months;		   /* 0: does not expire */
} tunas_trainer_rule;

/* Say which person an instructor account is (system admins; centre admins
 * for their own centre's instructors and people they see). */
int tunas_trainer_link(tunas_ctx *ctx, int64_t user_id, int64_t person_id);

int tunas_trainer_qual_add(tunas_ctx *ctx, tunas_trainer_qual *out, const tunas_trainer_qual *in);
/* A person's qualifications, oldest first; caller frees *out. */
int tunas_trainer_qual_list(tunas_ctx *ctx, tunas_trainer_qual **out, size_t *n, int64_t person_id);

int tunas_trainer_rule_set(tunas_ctx *ctx, const tunas_trainer_rule *in);
/* A course without a rule reads as an empty one. */
int tunas_trainer_rule_get(tunas_ctx *ctx, tunas_trainer_rule *out, int64_t course_id);

/* One trainer in a cascade: generation 0 is the root. */
typedef struct {
	int64_t person_id;
	char name[TUNAS_NAME_MAX + 1];
	int generation;
	int64_t trained_by; /* the trainer one generation up; 0 for the root */
	int64_t direct;	    /* people who completed a cohort they taught */
	int64_t multiplier; /* distinct people trained through them, all generations */
} tunas_cascade_node;

/* The cascade below person `root`: the root and every trainer it reaches
 * (people who trained others), breadth first, at most `max_nodes`
 * (TUNAS_PAGE_MAX) of them; *people: everyone reached. Caller frees
 * *out. */
int tunas_cascade(tunas_ctx *ctx, tunas_cascade_node **out, size_t *n, int64_t *people,
		  int64_t root);
/* Master trainers: trainers nobody in Tunas trained, with their direct
 * count and multiplier, largest multiplier first. programme_id 0: every
 * programme's cohorts; else only cohorts of that programme count. */
int tunas_cascade_report(tunas_ctx *ctx, tunas_cascade_node **out, size_t *n, int64_t programme_id);

#endif
