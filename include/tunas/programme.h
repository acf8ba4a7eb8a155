/*
 * programme.h — programmes, their phases, courses and cohorts.
 *
 * A programme is owned by one organisation (a ministry or agency), run with
 * partners and possibly paid for by a sponsor; it has a target headcount, a
 * budget in one currency, dates, delivery modes, technology tracks, phases
 * (local training, overseas attachment) and eligibility rules for
 * applicants. Courses belong to a programme; a cohort (batch) is a run of a
 * programme at a training centre with a capacity and instructors.
 * Progress against the target is computed here from enrolments.
 */
#ifndef TUNAS_PROGRAMME_H
#define TUNAS_PROGRAMME_H

#include "tunas/tunas.h"

#define TUNAS_PHASES_MAX 8
#define TUNAS_TRACKS_MAX 16
#define TUNAS_PARTNERS_MAX 16
#define TUNAS_STATUSES_MAX 4
#define TUNAS_AGENCIES_MAX 32
#define TUNAS_INSTRUCTORS_MAX 16

/* Delivery modes, a bit set. */
enum {
	TUNAS_MODE_IN_PERSON = 1 << 0,
	TUNAS_MODE_ONLINE = 1 << 1,
	TUNAS_MODE_BLENDED = 1 << 2,
	TUNAS_MODE_ALL = (1 << 3) - 1,
};

typedef enum {
	TUNAS_PHASE_NONE = 0,
	TUNAS_PHASE_LOCAL,
	TUNAS_PHASE_OVERSEAS,
} tunas_phase_kind;

typedef enum {
	TUNAS_EMP_NONE = 0,
	TUNAS_EMP_JOB_SEEKER,
	TUNAS_EMP_EMPLOYED,
	TUNAS_EMP_CIVIL_SERVANT,
	TUNAS_EMP_STUDENT,
} tunas_employment;

typedef struct {
	tunas_phase_kind kind;
	char name[TUNAS_NAME_MAX + 1];
	char location[TUNAS_NAME_MAX + 1];
	char country[3];
	char starts_on[TUNAS_DATE_LEN + 1];
	char ends_on[TUNAS_DATE_LEN + 1];
} tunas_phase;

/* Who may apply. Zero / empty members mean "no rule". */
typedef struct {
	int min_age, max_age;	  /* on the programme's start date */
	int min_isced, max_isced; /* 0..8; 0 (or -1) means no rule */
	tunas_employment statuses[TUNAS_STATUSES_MAX];
	int n_statuses; /* 0: any employment status */
	int64_t agencies[TUNAS_AGENCIES_MAX];
	int n_agencies; /* 0: any employer; else employer must be one */
} tunas_eligibility;

typedef struct {
	int64_t id;
	char code[TUNAS_CODE_MAX + 1]; /* unique, e.g. "JTM-HW-5G-2025" */
	char name[TUNAS_NAME_MAX + 1];
	char description[TUNAS_TEXT_MAX + 1];
	int64_t owner_org_id;
	int64_t sponsor_org_id; /* 0 if none */
	int64_t partnership_id; /* 0 if none */
	int64_t partners[TUNAS_PARTNERS_MAX];
	int n_partners;
	int target_headcount;
	int64_t budget_minor; /* in the currency's minor unit (sen, rupiah) */
	char currency[4];     /* ISO 4217: MYR, IDR, ... */
	bool funded;	      /* publicly funded: one funded programme per person at a time */
	char starts_on[TUNAS_DATE_LEN + 1];
	char ends_on[TUNAS_DATE_LEN + 1];
	unsigned modes; /* TUNAS_MODE_* */
	char tracks[TUNAS_TRACKS_MAX][TUNAS_CODE_MAX + 1];
	int n_tracks;
	tunas_phase phases[TUNAS_PHASES_MAX];
	int n_phases;
	tunas_eligibility rules;
	int64_t created_at;
} tunas_programme;

typedef struct {
	int64_t id;
	int64_t programme_id;
	char code[TUNAS_CODE_MAX + 1];
	char title[TUNAS_NAME_MAX + 1];
	int hours;
	char vendor_cert[TUNAS_NAME_MAX + 1]; /* "Huawei HCIA-5G", or "" */
	int64_t created_at;
} tunas_course;

typedef struct {
	int64_t id;
	int64_t programme_id;
	int64_t centre_org_id;
	char name[TUNAS_NAME_MAX + 1];
	int capacity;
	char starts_on[TUNAS_DATE_LEN + 1];
	char ends_on[TUNAS_DATE_LEN + 1];
	int64_t instructors[TUNAS_INSTRUCTORS_MAX]; /* user ids */
	int n_instructors;
	int64_t created_at;
} tunas_cohort;

/* Counts of enrolments by state, for one programme or cohort. */
typedef struct {
	int64_t applied, accepted, waitlisted, rejected, enrolled, completed, withdrawn;
} tunas_enrol_counts;

typedef struct {
	int64_t programme_id;
	int target;
	tunas_enrol_counts counts;
	int64_t in_training;	  /* enrolled */
	int64_t trained;	  /* completed */
	double percent_of_target; /* trained / target * 100 */
} tunas_progress;

/* What a programme's figures are broken down by. */
typedef enum {
	TUNAS_BREAKDOWN_REGION = 1, /* the person's region */
	TUNAS_BREAKDOWN_GENDER,	    /* the person's sex: "F", "M" or "" */
	TUNAS_BREAKDOWN_EDU_LEVEL,  /* the person's education level as recorded */
	TUNAS_BREAKDOWN_PARTNER,    /* the training centre that runs the cohort */
} tunas_breakdown_by;

/* One group of a breakdown: counts of the programme's enrolments that are
 * in training or completed; certified and placed count those completed
 * enrolments' people with an active certificate from their cohort, and
 * with a placement (or a tracer answer saying employed) after it began. */
typedef struct {
	char key[TUNAS_NAME_MAX + 1]; /* "" when not recorded */
	int64_t enrolled, completed, certified, placed;
} tunas_breakdown_row;

/* Digits after the decimal point of a currency Tunas handles (2 for MYR,
 * 0 for IDR and VND, whose minor units are not used), or -1 if the
 * currency is not one of them. budget_minor counts in those units. */
int tunas_currency_decimals(const char *code);

const char *tunas_phase_kind_name(tunas_phase_kind kind);
tunas_phase_kind tunas_phase_kind_parse(const char *name);
const char *tunas_employment_name(tunas_employment e);
tunas_employment tunas_employment_parse(const char *name);
/* "in_person" | "online" | "blended" -> bit, 0 if unknown. */
unsigned tunas_mode_parse(const char *name);
const char *tunas_mode_name(unsigned bit);

/* Programmes: created and changed by a system admin or a programme owner of
 * the owning organisation. Readable by every signed-in user (it is the
 * catalogue trainees apply from); the budget is shown only to system admins
 * and the owner, sponsor and partners: tunas_programme_get zeroes it and
 * sets *budget_visible false, tunas_programme_list sets it to -1. */
int tunas_programme_create(tunas_ctx *ctx, int64_t *out_id, const tunas_programme *in);
int tunas_programme_update(tunas_ctx *ctx, const tunas_programme *in);
int tunas_programme_get(tunas_ctx *ctx, tunas_programme *out, bool *budget_visible, int64_t id);
/* Caller frees *out with free(). */
int tunas_programme_list(tunas_ctx *ctx, tunas_programme **out, size_t *n, const tunas_page *page);
int tunas_programme_progress(tunas_ctx *ctx, tunas_progress *out, int64_t programme_id);
/* The programme's figures by `by`, ordered by key; for those who may see
 * its progress. Caller frees *out with free(). */
int tunas_programme_breakdown(tunas_ctx *ctx, tunas_breakdown_row **out, size_t *n,
			      int64_t programme_id, tunas_breakdown_by by);
/* "region" | "gender" | "edu_level" | "partner" -> by, 0 if unknown. */
tunas_breakdown_by tunas_breakdown_by_parse(const char *name);

/* Courses: managed by those who manage the programme; readable by all. */
int tunas_course_create(tunas_ctx *ctx, int64_t *out_id, const tunas_course *in);
int tunas_course_get(tunas_ctx *ctx, tunas_course *out, int64_t id);
int tunas_course_list(tunas_ctx *ctx, tunas_course **out, size_t *n, int64_t programme_id,
		      const tunas_page *page);

/* Cohorts: created by the programme's owner or the centre's admin. The
 * cohort list is the catalogue people apply from, so every signed-in user
 * reads it; who is in a cohort is another matter (enrol.h, person.h), and
 * its figures (tunas_cohort_counts) are for the programme's owner,
 * sponsor and partners, the centre and its instructors. */
int tunas_cohort_create(tunas_ctx *ctx, int64_t *out_id, const tunas_cohort *in);
int tunas_cohort_update(tunas_ctx *ctx, const tunas_cohort *in);
int tunas_cohort_get(tunas_ctx *ctx, tunas_cohort *out, int64_t id);
/* programme_id 0: all cohorts the caller may see. */
int tunas_cohort_list(tunas_ctx *ctx, tunas_cohort **out, size_t *n, int64_t programme_id,
		      const tunas_page *page);
int tunas_cohort_counts(tunas_ctx *ctx, tunas_enrol_counts *out, int64_t cohort_id);

#endif
