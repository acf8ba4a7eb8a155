/*
 * skills.h — skills intelligence: competency frameworks, what people hold,
 * what employers need, the gaps, matching, pathways and placement.
 *
 * Frameworks are hierarchies of competencies (domain -> unit -> element)
 * with levels: a national occupational standard (NOSS, SKKNI), a vendor
 * track, or an imported taxonomy (ESCO, whose skills come in as units under
 * its skill groups, and whose occupations with their essential and
 * optional skills come too). Crosswalks relate competencies of different
 * frameworks. Courses, and the assessment units of courses, map to the
 * competencies they teach.
 *
 * A person's competencies: verified ones are derived from evidence — a
 * verified competent assessment of a unit, an active certificate of a
 * cohort (the competencies of its programme's courses), a recorded vendor
 * certification (the competencies of courses naming it) — and recomputed
 * whenever the evidence changes; self-declared ones are kept apart and
 * never count as verified.
 *
 * Employers post vacancies for an occupation in a region with required
 * competencies (essential or optional, with a minimum level). Matching
 * ranks people who consented to be found; nothing about a person reaches
 * an employer otherwise. Ranking: more essentials met, then more optionals
 * met, then lower person id; for a person's vacancies: a higher share of
 * essentials met, then of optionals, then lower vacancy id. Only verified
 * competencies count.
 *
 * Gap reports set open vacancies (demand, in openings) against people of
 * the region who meet every essential of one of them (supply), and those
 * who would with what their current course teaches (pipeline). Pathways
 * pick the fewest courses with upcoming cohorts that cover the essentials
 * a person misses. Placements and tracer answers (2, 6, 12 months after
 * completion, with consent) give placement rates.
 *
 * Access: frameworks, occupations and open vacancies are a directory any
 * signed-in user reads (closed ones only their employer). System admins
 * manage frameworks; programme owners and partners manage frameworks their
 * organisation owns. Employers post vacancies and read their own
 * vacancies' candidates. Gap reports are for system admins, programme
 * owners, partners and centre admins; placement rates for system admins
 * and programme owners (their own programmes).
 */
#ifndef TUNAS_SKILLS_H
#define TUNAS_SKILLS_H

#include <stdio.h>

#include "tunas/csvio.h"
#include "tunas/tunas.h"

#define TUNAS_URI_MAX 300
#define TUNAS_LEVEL_MAX 8 /* SKM 1-5, KKNI 1-9 map onto 1..8; 0 = any/none */
#define TUNAS_REQS_MAX 64 /* requirements per vacancy */

typedef enum {
	TUNAS_FW_NONE = 0,
	TUNAS_FW_NATIONAL, /* a national occupational standard */
	TUNAS_FW_VENDOR,   /* a vendor certification track */
	TUNAS_FW_TAXONOMY, /* an imported taxonomy: ESCO, O*NET */
	TUNAS_FW_CUSTOM,
} tunas_fw_kind;

typedef enum {
	TUNAS_COMP_NONE = 0,
	TUNAS_COMP_DOMAIN,
	TUNAS_COMP_UNIT,
	TUNAS_COMP_ELEMENT,
} tunas_comp_kind;

typedef struct {
	int64_t id;
	char code[TUNAS_CODE_MAX + 1]; /* unique: "ESCO", "NOSS-IT-020-3" */
	char name[TUNAS_NAME_MAX + 1];
	tunas_fw_kind kind;
	char version[TUNAS_CODE_MAX + 1];
	int levels;	      /* highest level, 0 when the framework has none */
	int64_t owner_org_id; /* 0: national (system admins) */
	int64_t competencies; /* counts, filled by get/list */
	int64_t occupations;
	int64_t created_at;
} tunas_framework;

typedef struct {
	int64_t id;
	int64_t framework_id;
	int64_t parent_id; /* 0 at the top */
	tunas_comp_kind kind;
	char code[TUNAS_CODE_MAX + 1]; /* unique in the framework */
	char title[TUNAS_NAME_MAX + 1];
	char uri[TUNAS_URI_MAX + 1]; /* ESCO concept URI, or "" */
	int level;		     /* the level the unit is pitched at; 0: none */
} tunas_competency;

typedef struct {
	int64_t id;
	int64_t framework_id;
	char code[TUNAS_CODE_MAX + 1];
	char title[TUNAS_NAME_MAX + 1];
	char uri[TUNAS_URI_MAX + 1];
	char isco[8]; /* ISCO-08 code, e.g. "3522" */
} tunas_occupation;

typedef struct {
	int64_t competency_id;
	bool essential;
} tunas_occ_skill;

typedef enum {
	TUNAS_XW_NONE = 0,
	TUNAS_XW_EXACT,
	TUNAS_XW_CLOSE,
	TUNAS_XW_BROADER, /* `to` is broader than `from` */
	TUNAS_XW_NARROWER,
} tunas_xw_relation;

typedef struct {
	int64_t from_id, to_id;
	tunas_xw_relation relation;
} tunas_crosswalk;

typedef struct {
	int64_t competency_id;
	int level;
} tunas_course_skill;

typedef enum {
	TUNAS_SRC_NONE = 0,
	TUNAS_SRC_ASSESSMENT,
	TUNAS_SRC_CERTIFICATE,
	TUNAS_SRC_VENDOR_CERT,
	TUNAS_SRC_SELF,
} tunas_skill_source;

typedef struct {
	int64_t person_id;
	int64_t competency_id;
	tunas_skill_source source;
	int64_t source_id; /* the assessment, certificate or vendor certification */
	int level;
	bool verified;
	char acquired_on[TUNAS_DATE_LEN + 1];
	char valid_until[TUNAS_DATE_LEN + 1]; /* the evidence's expiry; "" if none */
	char title[TUNAS_NAME_MAX + 1];	      /* the competency's, filled on reads */
	char framework[TUNAS_CODE_MAX + 1];
} tunas_person_skill;

typedef struct {
	int64_t person_id;
	bool findable; /* may be found by employers matching vacancies */
	bool tracer;   /* may be asked the tracer study questions */
	int64_t updated_at;
} tunas_consent;

typedef enum {
	TUNAS_VAC_NONE = 0,
	TUNAS_VAC_OPEN,
	TUNAS_VAC_CLOSED,
	TUNAS_VAC_FILLED,
} tunas_vac_status;

typedef struct {
	int64_t competency_id;
	bool essential;
	int level; /* minimum, 0: any */
} tunas_requirement;

typedef struct {
	int64_t id;
	int64_t employer_org_id;
	char title[TUNAS_NAME_MAX + 1];
	int64_t occupation_id;
	char region[TUNAS_NAME_MAX + 1];
	char sector[TUNAS_CODE_MAX + 1]; /* ISIC Rev.4 section, e.g. "J" */
	int openings;
	char closes_on[TUNAS_DATE_LEN + 1];
	tunas_vac_status status;
	tunas_requirement reqs[TUNAS_REQS_MAX];
	int n_reqs;
	int64_t created_at;
} tunas_vacancy;

const char *tunas_fw_kind_name(tunas_fw_kind k);
tunas_fw_kind tunas_fw_kind_parse(const char *s);
const char *tunas_comp_kind_name(tunas_comp_kind k);
tunas_comp_kind tunas_comp_kind_parse(const char *s);
const char *tunas_xw_relation_name(tunas_xw_relation r);
tunas_xw_relation tunas_xw_relation_parse(const char *s);
const char *tunas_skill_source_name(tunas_skill_source s);
const char *tunas_vac_status_name(tunas_vac_status s);
tunas_vac_status tunas_vac_status_parse(const char *s);

/* Frameworks. */
int tunas_framework_create(tunas_ctx *ctx, int64_t *out_id, const tunas_framework *in);
int tunas_framework_get(tunas_ctx *ctx, tunas_framework *out, int64_t id);
int tunas_framework_find(tunas_ctx *ctx, tunas_framework *out, const char *code);
int tunas_framework_list(tunas_ctx *ctx, tunas_framework **out, size_t *n, const tunas_page *page);
/* Add a competency; its parent must be in the same framework and of a
 * kind above it (domain > unit > element). */
int tunas_competency_create(tunas_ctx *ctx, int64_t *out_id, const tunas_competency *in);
int tunas_competency_get(tunas_ctx *ctx, tunas_competency *out, int64_t id);
/* Competencies of a framework: children of parent_id (0: the top), or,
 * with a non-empty `q`, those whose title contains q (any depth). */
int tunas_competency_list(tunas_ctx *ctx, tunas_competency **out, size_t *n, int64_t framework_id,
			  int64_t parent_id, const char *q, const tunas_page *page);
int tunas_occupation_create(tunas_ctx *ctx, int64_t *out_id, const tunas_occupation *in,
			    const tunas_occ_skill *skills, size_t n);
int tunas_occupation_get(tunas_ctx *ctx, tunas_occupation *out, int64_t id);
/* Occupations whose title contains q (all when q is empty). */
int tunas_occupation_list(tunas_ctx *ctx, tunas_occupation **out, size_t *n, int64_t framework_id,
			  const char *q, const tunas_page *page);
/* An occupation's skills; caller frees *out. */
int tunas_occupation_skills(tunas_ctx *ctx, tunas_occ_skill **out, size_t *n, int64_t id);

/* Crosswalks between competencies of two different frameworks. */
int tunas_crosswalk_add(tunas_ctx *ctx, const tunas_crosswalk *in);
int tunas_crosswalk_list(tunas_ctx *ctx, tunas_crosswalk **out, size_t *n, int64_t competency_id);

/* Replace what a course teaches (those who manage its programme). */
int tunas_course_skills_set(tunas_ctx *ctx, int64_t course_id, const tunas_course_skill *skills,
			    size_t n, int64_t fee_minor);
int tunas_course_skills_get(tunas_ctx *ctx, tunas_course_skill **out, size_t *n, int64_t *fee_minor,
			    int64_t course_id);
/* Replace what an assessment unit certifies. */
int tunas_unit_skills_set(tunas_ctx *ctx, int64_t unit_id, const tunas_course_skill *skills,
			  size_t n);

/*
 * Import a framework. ESCO: `dir` holds ESCO's classification and
 * relations CSV zips (esco-v1.1.1-*-csv.zip) or the CSV files themselves;
 * skill groups become domains, skills units, occupations with their
 * essential/optional skills come too. Re-importing the same version
 * updates titles and adds what is new. All or nothing. CSV: a framework
 * described by a file with columns code,title,kind,parent_code,level[,uri]
 * (docs/SKILLS.md), rows in any order. System admins only for ESCO.
 */
typedef struct {
	int64_t framework_id;
	int64_t competencies, occupations, relations, skipped;
	/* Occupations ESCO relates to skills but its occupations file does not
	 * list (one in 1.1.1): kept, with a placeholder title naming their
	 * code, so that no relation is lost; not counted in `occupations`. */
	int64_t unlabelled;
} tunas_fw_import_report;
int tunas_framework_import_esco(tunas_ctx *ctx, tunas_fw_import_report *out, const char *dir);
int tunas_framework_import_csv(tunas_ctx *ctx, tunas_fw_import_report *out,
			       tunas_import_report *problems, const tunas_framework *fw, FILE *in);

/* A person's competencies: verified first, then self-declared; caller
 * frees *out. Those who may see the person, and the person. */
int tunas_person_skills(tunas_ctx *ctx, tunas_person_skill **out, size_t *n, int64_t person_id);
/* Self-declare (the person, or a centre admin for them): never verified. */
int tunas_person_skill_declare(tunas_ctx *ctx, int64_t person_id, int64_t competency_id, int level);
int tunas_person_skill_undeclare(tunas_ctx *ctx, int64_t person_id, int64_t competency_id);
/* Recompute a person's verified competencies from their evidence, in the
 * caller's transaction (assess.c, cert.c call it as evidence changes). */
int tunas_person_skills_refresh(tunas_ctx *ctx, int64_t person_id);

/* Consent: the person themself (or a centre admin who registered them,
 * recording a signed form). Default: not findable, no tracer. */
int tunas_consent_get(tunas_ctx *ctx, tunas_consent *out, int64_t person_id);
int tunas_consent_set(tunas_ctx *ctx, const tunas_consent *in);

/* Vacancies: employers for their organisation, system admins for any.
 * Without requirements given, the occupation's essential skills (up to
 * TUNAS_REQS_MAX) are required. */
int tunas_vacancy_create(tunas_ctx *ctx, int64_t *out_id, const tunas_vacancy *in);
/* Openings, closing date, status, title. */
int tunas_vacancy_update(tunas_ctx *ctx, const tunas_vacancy *in);
int tunas_vacancy_get(tunas_ctx *ctx, tunas_vacancy *out, int64_t id);
/* Open ones for anyone; an employer also sees its own closed ones.
 * employer_org_id, region filter when set. */
int tunas_vacancy_list(tunas_ctx *ctx, tunas_vacancy **out, size_t *n, int64_t employer_org_id,
		       const char *region, const tunas_page *page);

/* Demand: openings of open vacancies grouped by one dimension. */
typedef enum {
	TUNAS_BY_REGION = 1,
	TUNAS_BY_SECTOR,
	TUNAS_BY_OCCUPATION,
} tunas_demand_by;
typedef struct {
	char key[TUNAS_NAME_MAX + 1]; /* region, sector, or occupation title */
	int64_t occupation_id;	      /* for TUNAS_BY_OCCUPATION */
	int64_t vacancies, openings;
} tunas_demand_row;
int tunas_demand(tunas_ctx *ctx, tunas_demand_row **out, size_t *n, tunas_demand_by by);

/* The matching index: build it now if the store changed since it was
 * last built (`tunas serve` calls this at start, so that the first query
 * does not wait), and say what it holds. */
typedef struct {
	int64_t people, findable, holdings, vacancies, regions;
	int64_t bytes;	      /* memory the index holds */
	double build_seconds; /* how long its last build took */
} tunas_skills_index_stats;
int tunas_skills_index_warm(tunas_ctx *ctx, tunas_skills_index_stats *out);

/* Matching. */
#define TUNAS_MATCH_MAX 200
typedef struct {
	int64_t id;		       /* person or vacancy */
	char name[TUNAS_NAME_MAX + 1]; /* person's name or vacancy title */
	char region[TUNAS_NAME_MAX + 1];
	int essential_met, essential_total, optional_met, optional_total;
	int64_t met[TUNAS_REQS_MAX]; /* competency ids met */
	int n_met;
	int64_t missing[TUNAS_REQS_MAX]; /* essential competency ids not met */
	int n_missing;
} tunas_match;
/* Top k (1..TUNAS_MATCH_MAX) findable candidates for a vacancy (its
 * employer, system admins); region "" for anywhere. */
int tunas_match_candidates(tunas_ctx *ctx, tunas_match **out, size_t *n, int64_t vacancy_id,
			   const char *region, int k);
/* Top k open vacancies for a person (the person, staff who see them). */
int tunas_match_vacancies(tunas_ctx *ctx, tunas_match **out, size_t *n, int64_t person_id, int k);

/* Gap report rows (region x occupation when by_competency is false, else
 * region x competency). `name` is the occupation's or competency's title;
 * gap = openings - supply. */
typedef struct {
	char region[TUNAS_NAME_MAX + 1];
	int64_t ref_id;
	char name[TUNAS_NAME_MAX + 1];
	int64_t vacancies, openings, supply, pipeline, gap;
} tunas_gap_row;
int tunas_gap_report(tunas_ctx *ctx, tunas_gap_row **out, size_t *n, bool by_competency,
		     const char *region);
int tunas_gap_csv(tunas_ctx *ctx, FILE *out, bool by_competency, const char *region);

/* Pathway: the fewest courses with an upcoming cohort covering the
 * essentials the person misses for an occupation or a vacancy (one of
 * them non-zero). */
#define TUNAS_PATH_MAX 32
typedef struct {
	int64_t course_id;
	char course[TUNAS_NAME_MAX + 1];
	int64_t cohort_id; /* the earliest upcoming cohort */
	char starts_on[TUNAS_DATE_LEN + 1];
	int hours;
	int64_t fee_minor;
	char currency[4];
	int64_t covers[TUNAS_REQS_MAX];
	int n_covers;
} tunas_path_step;
typedef struct {
	int64_t missing[TUNAS_REQS_MAX]; /* essentials missing now */
	int n_missing;
	int64_t uncovered[TUNAS_REQS_MAX]; /* missing ones no course teaches */
	int n_uncovered;
	tunas_path_step steps[TUNAS_PATH_MAX];
	int n_steps;
	int64_t total_hours;
	int64_t total_fee_minor; /* in each step's currency: summed only when all match */
	char currency[4];
} tunas_pathway;
int tunas_pathway_find(tunas_ctx *ctx, tunas_pathway *out, int64_t person_id, int64_t occupation_id,
		       int64_t vacancy_id);

/* Placement and tracer outcomes. */
typedef struct {
	int64_t id;
	int64_t person_id;
	int64_t enrolment_id; /* the completed enrolment it follows; 0 if none */
	int64_t vacancy_id;   /* 0 if not through a vacancy */
	int64_t employer_org_id;
	char employer_name[TUNAS_NAME_MAX + 1];
	char role[TUNAS_NAME_MAX + 1];
	char started_on[TUNAS_DATE_LEN + 1];
	int64_t recorded_by;
	int64_t created_at;
} tunas_placement;

typedef enum {
	TUNAS_TRACE_NONE = 0,
	TUNAS_TRACE_EMPLOYED,
	TUNAS_TRACE_SELF_EMPLOYED,
	TUNAS_TRACE_STUDYING,
	TUNAS_TRACE_UNEMPLOYED,
} tunas_trace_status;

typedef struct {
	int64_t id;
	int64_t enrolment_id;
	int64_t person_id;
	int wave; /* months after completion: 2, 6 or 12 */
	tunas_trace_status status;
	char employer_name[TUNAS_NAME_MAX + 1];
	char role[TUNAS_NAME_MAX + 1];
	bool related; /* the work uses what the programme taught */
	int64_t monthly_income_minor;
	char answered_on[TUNAS_DATE_LEN + 1];
	int64_t recorded_by;
} tunas_tracer;

const char *tunas_trace_status_name(tunas_trace_status s);
tunas_trace_status tunas_trace_status_parse(const char *s);

/* Record a placement: system admins, centre admins and programme owners
 * who see the person, the person, or an employer through one of its own
 * vacancies for someone who consented to be found. *out: the placement as
 * recorded. */
int tunas_placement_record(tunas_ctx *ctx, tunas_placement *out, const tunas_placement *in);
int tunas_placement_list(tunas_ctx *ctx, tunas_placement **out, size_t *n, int64_t person_id);
/* A tracer answer for a completed enrolment, for the survey `wave` months
 * after it (answered on or after the cohort's end); needs the person's
 * tracer consent; one per wave. */
int tunas_tracer_record(tunas_ctx *ctx, tunas_tracer *out, const tunas_tracer *in);
int tunas_tracer_list(tunas_ctx *ctx, tunas_tracer **out, size_t *n, int64_t person_id);

/* Placement rates: completed enrolments, and those placed (a placement
 * tied to the enrolment or starting on or after the cohort began, or an
 * employed / self-employed tracer answer for it), per programme, cohort or
 * the person's region. */
typedef enum {
	TUNAS_RATE_PROGRAMME = 1,
	TUNAS_RATE_COHORT,
	TUNAS_RATE_REGION,
} tunas_rate_by;
typedef struct {
	int64_t ref_id; /* programme or cohort id */
	char key[TUNAS_NAME_MAX + 1];
	int64_t completed, placed;
	double rate; /* placed / completed, 0 when none completed */
} tunas_placement_rate;
int tunas_placement_rates(tunas_ctx *ctx, tunas_placement_rate **out, size_t *n, tunas_rate_by by);

#endif
