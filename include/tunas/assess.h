/*
 * assess.h — competency-based assessment, vendor certifications and the
 * completion rules that decide who has finished.
 *
 * A course lists the competency units it assesses. An assessor (an
 * instructor of the cohort, or its centre's admin) records each attempt
 * of a person at a unit: competent or not yet competent, an optional score
 * and rubric, evidence notes. A second person verifies (signs off) the
 * attempt; only verified competent attempts count. Attempts are never
 * changed: a re-assessment is a new attempt, and a disputed result gets
 * annotations (dispute, response, resolution) next to it, never a silent
 * overwrite.
 *
 * Vendor certifications earned outside Tunas (Huawei HCIA-5G, ...) are
 * recorded with their number and expiry and count for completion: as a
 * course's vendor exam, and for the units that recognise them.
 *
 * Completion rules hang on courses (minimum attendance, every unit
 * competent, the course's vendor exam passed) and programmes (minimum
 * attendance over the cohort, every course complete, every phase's
 * supervisor evaluation satisfactory). tunas_completion_check evaluates
 * them for one person in one cohort and says why not. A cohort takes the
 * courses its timetable teaches (every course of the programme if its
 * sessions name none), and a vendor certification counts if it was valid
 * when the cohort ended (or today, while it runs).
 */
#ifndef TUNAS_ASSESS_H
#define TUNAS_ASSESS_H

#include "tunas/tunas.h"

#define TUNAS_REASONS_MAX 16
#define TUNAS_CERT_NUMBER_MAX 64

typedef struct {
	int64_t id;
	int64_t course_id;
	char code[TUNAS_CODE_MAX + 1];
	char title[TUNAS_NAME_MAX + 1];
	/* A vendor certification that proves the unit (recognition of prior
	 * learning): holding it, valid, counts as a verified competent result.
	 * "" for none. */
	char recognised_cert[TUNAS_NAME_MAX + 1];
	int64_t created_at;
} tunas_unit;

typedef enum {
	TUNAS_RESULT_NONE = 0,
	TUNAS_RESULT_COMPETENT,
	TUNAS_RESULT_NOT_YET_COMPETENT,
} tunas_result;

typedef struct {
	int64_t id;
	int64_t person_id;
	int64_t cohort_id;
	int64_t unit_id;
	int attempt; /* 1, 2, ... per person and unit; set by the library */
	tunas_result result;
	int score;			   /* 0..100, or -1 for none */
	char rubric[TUNAS_TEXT_MAX + 1];   /* criteria and levels, free text */
	char evidence[TUNAS_TEXT_MAX + 1]; /* what the assessor saw */
	char assessed_on[TUNAS_DATE_LEN + 1];
	int64_t assessor_user_id;
	int64_t verified_by; /* user id, 0 until signed off */
	int64_t verified_at;
	int64_t created_at;
} tunas_assessment;

typedef enum {
	TUNAS_NOTE_NONE = 0,
	TUNAS_NOTE_DISPUTE,
	TUNAS_NOTE_RESPONSE,
	TUNAS_NOTE_RESOLUTION,
} tunas_note_kind;

typedef struct {
	int64_t id;
	int64_t assessment_id;
	tunas_note_kind kind;
	char text[TUNAS_TEXT_MAX + 1];
	int64_t author_user_id;
	int64_t created_at;
} tunas_assessment_note;

typedef struct {
	int64_t id;
	int64_t person_id;
	char name[TUNAS_NAME_MAX + 1]; /* matches a course's vendor_cert, e.g. "Huawei HCIA-5G" */
	char number[TUNAS_CERT_NUMBER_MAX + 1];
	char issuer[TUNAS_NAME_MAX + 1]; /* e.g. "Huawei Technologies" */
	char issued_on[TUNAS_DATE_LEN + 1];
	char expires_on[TUNAS_DATE_LEN + 1]; /* "" if it does not expire */
	int64_t recorded_by;
	int64_t created_at;
} tunas_vendor_cert;

/* Completion rules. Zero values mean "no rule". */
typedef struct {
	int64_t course_id;
	int min_attendance; /* percent of the course's sessions */
	bool all_units;	    /* every unit verified competent */
	bool vendor_exam;   /* a valid vendor certification named as the course's */
} tunas_course_rule;

typedef struct {
	int64_t programme_id;
	int min_attendance;    /* percent of all the cohort's sessions */
	bool all_courses;      /* every course of the programme complete */
	bool all_phases;       /* a satisfactory supervisor evaluation for every phase */
	bool auto_certify;     /* issue the certificate when completion is recorded */
	int cert_valid_months; /* 0: certificates do not expire */
} tunas_programme_rule;

typedef struct {
	int64_t person_id;
	int64_t cohort_id;
	bool complete;
	double attendance; /* percent over the cohort's started sessions */
	int units_total, units_competent;
	int n_reasons;
	char reasons[TUNAS_REASONS_MAX][TUNAS_NAME_MAX + 1]; /* why not, one line each */
} tunas_completion;

const char *tunas_result_name(tunas_result r);
tunas_result tunas_result_parse(const char *name);
const char *tunas_note_kind_name(tunas_note_kind k);
tunas_note_kind tunas_note_kind_parse(const char *name);

/* Units of a course: managed by who manages the programme; readable by
 * every signed-in user. */
int tunas_unit_create(tunas_ctx *ctx, tunas_unit *out, const tunas_unit *in);
int tunas_unit_list(tunas_ctx *ctx, tunas_unit **out, size_t *n, int64_t course_id);

/*
 * Record an attempt. The assessor is the caller (an instructor of the
 * cohort, its centre's admin or a system admin); the person must be
 * enrolled in or have completed the cohort, and the unit belong to a
 * course of its programme. out->attempt says which attempt it was.
 */
int tunas_assessment_record(tunas_ctx *ctx, tunas_assessment *out, const tunas_assessment *in);
/* Sign off an attempt: someone other than its assessor who may assess in
 * the cohort. TUNAS_ECONFLICT if already verified. */
int tunas_assessment_verify(tunas_ctx *ctx, tunas_assessment *out, int64_t assessment_id);
int tunas_assessment_get(tunas_ctx *ctx, tunas_assessment *out, int64_t id);
/* A person's attempts in a cohort (person_id 0: everyone's) in order. */
int tunas_assessment_list(tunas_ctx *ctx, tunas_assessment **out, size_t *n, int64_t cohort_id,
			  int64_t person_id, const tunas_page *page);
/* Annotate an attempt: the assessed trainee or an assessor disputes;
 * assessors (the cohort's instructors, its centre's admins) respond or
 * resolve. */
int tunas_assessment_annotate(tunas_ctx *ctx, tunas_assessment_note *out, int64_t assessment_id,
			      tunas_note_kind kind, const char *text);
int tunas_assessment_notes(tunas_ctx *ctx, tunas_assessment_note **out, size_t *n,
			   int64_t assessment_id);

/* Vendor certifications: recorded by a centre admin (for people it can
 * see) or a system admin; read by who can see the person. */
int tunas_vendor_cert_add(tunas_ctx *ctx, tunas_vendor_cert *out, const tunas_vendor_cert *in);
int tunas_vendor_cert_list(tunas_ctx *ctx, tunas_vendor_cert **out, size_t *n, int64_t person_id);

/* Rules: set by who manages the programme; read by every signed-in user. */
int tunas_course_rule_set(tunas_ctx *ctx, const tunas_course_rule *in);
int tunas_course_rule_get(tunas_ctx *ctx, tunas_course_rule *out, int64_t course_id);
int tunas_programme_rule_set(tunas_ctx *ctx, const tunas_programme_rule *in);
int tunas_programme_rule_get(tunas_ctx *ctx, tunas_programme_rule *out, int64_t programme_id);

/* Evaluate the rules for a person in a cohort, as of now. Readable by who
 * can see the person's enrolment. */
int tunas_completion_check(tunas_ctx *ctx, tunas_completion *out, int64_t person_id,
			   int64_t cohort_id);

#endif
