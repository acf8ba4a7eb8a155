/*
 * demo_skills.c — the skills part of the demo (see demo_skills.h and
 * docs/DEMO.md): who holds what, who needs what, and what became of the
 * graduates.
 *
 * A small national-style standard of telecom and cloud competencies (SKM
 * levels 1-5) with four occupations; the JTM-Huawei 5G and cloud courses
 * and the SmartGen BTS and microwave courses map to it, so the
 * certificates already issued make verified competencies. Employers post
 * BTS/microwave vacancies in Indonesia and 5G/cloud vacancies in Malaysia,
 * some in regions no programme trains for, and one needing a competency no
 * course teaches: the gap report shows both. Graduates consent (or not) to
 * be found and to the tracer study; SmartGen and the 2025 JTM cohorts get
 * placements and tracer answers.
 *
 * Public API only, like demo.c; deterministic for a seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "demo_skills.h"
#include "tunas/assess.h"
#include "tunas/enrol.h"
#include "tunas/org.h"
#include "tunas/programme.h"
#include "tunas/skills.h"
#include "util/mem.h"
#include "valid.h"

#define SET(dst, src) tunas_copy((dst), sizeof(dst), (src))
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static bool percent(uint64_t *s, int p)
{
	return (int)(next(s) % 100) < p;
}

static int between(uint64_t *s, int lo, int hi)
{
	return lo + (int)(next(s) % (uint64_t)(hi - lo + 1));
}

/* The standard: domains, units (SKM level), and one unit's elements. */
static const struct {
	const char *code, *title, *parent;
	tunas_comp_kind kind;
	int level;
} standard[] = {
	{"TEL", "Telecommunications network installation and operation", NULL, TUNAS_COMP_DOMAIN,
	 0},
	{"TEL-BTS", "Install and commission base transceiver station (BTS) equipment", "TEL",
	 TUNAS_COMP_UNIT, 2},
	{"TEL-BTS-E1", "Mount antennas and remote radio units on the tower", "TEL-BTS",
	 TUNAS_COMP_ELEMENT, 2},
	{"TEL-BTS-E2", "Connect and power up the baseband unit", "TEL-BTS", TUNAS_COMP_ELEMENT, 2},
	{"TEL-BTS-E3", "Run commissioning tests and hand the site over", "TEL-BTS",
	 TUNAS_COMP_ELEMENT, 2},
	{"TEL-MW", "Install and align microwave radio links", "TEL", TUNAS_COMP_UNIT, 2},
	{"TEL-HGT", "Work safely at height on telecommunication towers", "TEL", TUNAS_COMP_UNIT, 2},
	{"TEL-RF", "Apply radio-frequency exposure safety", "TEL", TUNAS_COMP_UNIT, 2},
	{"TEL-FO", "Splice and test optical fibre", "TEL", TUNAS_COMP_UNIT, 2},
	{"TEL-5GA", "Describe 5G network architecture and the NR air interface", "TEL",
	 TUNAS_COMP_UNIT, 3},
	{"TEL-5GR", "Install and commission 5G RAN equipment", "TEL", TUNAS_COMP_UNIT, 3},
	{"TEL-5GC", "Configure 5G core network services", "TEL", TUNAS_COMP_UNIT, 3},
	{"TEL-5GO", "Measure and optimise 5G network performance", "TEL", TUNAS_COMP_UNIT, 3},
	{"CLD", "Cloud computing", NULL, TUNAS_COMP_DOMAIN, 0},
	{"CLD-VM", "Deploy and manage virtual machines", "CLD", TUNAS_COMP_UNIT, 3},
	{"CLD-SN", "Configure cloud storage and networking", "CLD", TUNAS_COMP_UNIT, 3},
	{"CLD-OPS", "Operate and monitor a cloud platform", "CLD", TUNAS_COMP_UNIT, 3},
	{"CLD-SEC", "Secure cloud workloads and identities", "CLD", TUNAS_COMP_UNIT, 4},
	{"CLD-AUT", "Automate cloud operations with scripts", "CLD", TUNAS_COMP_UNIT, 3},
};

#define N_STANDARD COUNT(standard)

/* A competency of the standard by code; each list ends with NULL. */
typedef const char *const codes[8];

static const struct {
	const char *code, *title, *isco;
	codes essential, optional;
} occupations[] = {
	{"OCC-BTS",
	 "BTS installation technician",
	 "7422",
	 {"TEL-BTS", "TEL-HGT", "TEL-RF", NULL},
	 {"TEL-FO", "TEL-MW", NULL}},
	{"OCC-MW",
	 "Microwave transmission technician",
	 "7422",
	 {"TEL-MW", "TEL-HGT", "TEL-RF", NULL},
	 {"TEL-BTS", NULL}},
	{"OCC-5G",
	 "5G RAN engineer",
	 "2153",
	 {"TEL-5GA", "TEL-5GR", "TEL-5GO", NULL},
	 {"TEL-5GC", "CLD-OPS", NULL}},
	{"OCC-CLD",
	 "Cloud engineer",
	 "2522",
	 {"CLD-VM", "CLD-SN", "CLD-OPS", "CLD-SEC", NULL},
	 {"CLD-AUT", NULL}},
};

/* What the demo's courses teach, and their cost per trainee
 * (illustrative: the programme budget over its target, split by course). */
static const struct {
	const char *programme, *course;
	codes teaches;
	int level;
	int64_t fee_minor;
} course_map[] = {
	{"KEMNAKER-HW-SMARTGEN-2019",
	 "SMARTGEN-BTS",
	 {"TEL-BTS", "TEL-HGT", "TEL-RF", NULL},
	 2,
	 3000000},
	{"KEMNAKER-HW-SMARTGEN-2019",
	 "SMARTGEN-MW",
	 {"TEL-MW", "TEL-HGT", "TEL-RF", NULL},
	 2,
	 3000000},
	{"JTM-HW-TVET-2025",
	 "JTMHW-5G-HCIA",
	 {"TEL-5GA", "TEL-5GR", "TEL-5GC", "TEL-5GO", NULL},
	 3,
	 450000},
	{"JTM-HW-TVET-2025", "JTMHW-CLOUD-HCIA", {"CLD-VM", "CLD-SN", "CLD-OPS", NULL}, 3, 450000},
};

/* The JTM assessment units that certify a competency of the standard. */
static const struct {
	const char *unit, *competency;
} unit_map[] = {
	{"5G-U01", "TEL-5GA"}, {"5G-U02", "TEL-5GR"}, {"5G-U03", "TEL-5GC"},  {"5G-U04", "TEL-5GO"},
	{"CLD-U02", "CLD-VM"}, {"CLD-U03", "CLD-SN"}, {"CLD-U04", "CLD-OPS"},
};

/* Employers the base demo lacks: where no programme trains, and cloud. */
static const struct {
	const char *name, *short_name, *country, *region;
} new_employers[] = {
	{"PT Sinyal Borneo Timur", "Sinyal Borneo", "ID", "Kalimantan Timur"},
	{"Awan Digital Sdn Bhd", "Awan Digital", "MY", "WP Kuala Lumpur"},
	{"Borneo Link Networks Sdn Bhd", "Borneo Link", "MY", "Sarawak"},
};

/* employer: 0 Sinar Telekom, 1 Karya Menara, 2.. new_employers. */
static const struct {
	int employer;
	const char *title, *occupation, *region;
	int openings, closes_in_days, level;
} vacancies[] = {
	{1, "BTS installation technician (Jawa Barat sites)", "OCC-BTS", "Jawa Barat", 60, 45, 2},
	{1, "Microwave link technician", "OCC-MW", "Jawa Barat", 30, 45, 2},
	{1, "BTS installation technician (Medan region)", "OCC-BTS", "Sumatera Utara", 25, 60, 2},
	{1, "Microwave technician, Makassar", "OCC-MW", "Sulawesi Selatan", 20, 60, 2},
	{1, "Tower and BTS technician, Semarang", "OCC-BTS", "Jawa Tengah", 15, 30, 2},
	{2, "BTS technician, Balikpapan and Samarinda", "OCC-BTS", "Kalimantan Timur", 35, 90, 2},
	{0, "5G RAN engineer", "OCC-5G", "Selangor", 20, 60, 3},
	{0, "5G RAN engineer, KL metro rollout", "OCC-5G", "WP Kuala Lumpur", 15, 60, 3},
	{3, "Cloud engineer (secure landing zones)", "OCC-CLD", "WP Kuala Lumpur", 25, 75, 3},
	{4, "5G RAN engineer, Kuching", "OCC-5G", "Sarawak", 12, 90, 3},
};

typedef struct {
	tunas_ctx *ctx;
	uint64_t rng;
	tunas_principal op;
	int64_t framework;
	int64_t comp[N_STANDARD];
	int64_t occ[COUNT(occupations)];
	int64_t employers[2 + COUNT(new_employers)];
	demo_skills_summary sum;
} skills_state;

static int64_t comp_id(const skills_state *st, const char *code)
{
	for (size_t i = 0; i < N_STANDARD; i++)
		if (strcmp(standard[i].code, code) == 0)
			return st->comp[i];
	return 0;
}

static int64_t occ_id(const skills_state *st, const char *code)
{
	for (size_t i = 0; i < COUNT(occupations); i++)
		if (strcmp(occupations[i].code, code) == 0)
			return st->occ[i];
	return 0;
}

static int load_standard(skills_state *st)
{
	tunas_framework f;
	tunas_competency c;
	tunas_occ_skill skills[16];
	tunas_occupation o;
	size_t i, n;
	int rc;

	memset(&f, 0, sizeof f);
	SET(f.code, "TEL-CLOUD-DEMO");
	SET(f.name, "Telecommunication and cloud competencies (demo standard, SKM levels)");
	f.kind = TUNAS_FW_NATIONAL;
	SET(f.version, "2026");
	f.levels = 5;
	if ((rc = tunas_framework_create(st->ctx, &st->framework, &f)) != 0)
		return rc;
	for (i = 0; i < N_STANDARD; i++) {
		memset(&c, 0, sizeof c);
		c.framework_id = st->framework;
		c.kind = standard[i].kind;
		SET(c.code, standard[i].code);
		SET(c.title, standard[i].title);
		c.level = standard[i].level;
		c.parent_id = standard[i].parent ? comp_id(st, standard[i].parent) : 0;
		if ((rc = tunas_competency_create(st->ctx, &st->comp[i], &c)) != 0)
			return rc;
		st->sum.competencies++;
	}
	for (i = 0; i < COUNT(occupations); i++) {
		memset(&o, 0, sizeof o);
		o.framework_id = st->framework;
		SET(o.code, occupations[i].code);
		SET(o.title, occupations[i].title);
		SET(o.isco, occupations[i].isco);
		n = 0;
		for (int j = 0; occupations[i].essential[j]; j++)
			skills[n++] =
				(tunas_occ_skill){comp_id(st, occupations[i].essential[j]), true};
		for (int j = 0; occupations[i].optional[j]; j++)
			skills[n++] =
				(tunas_occ_skill){comp_id(st, occupations[i].optional[j]), false};
		if ((rc = tunas_occupation_create(st->ctx, &st->occ[i], &o, skills, n)) != 0)
			return rc;
		st->sum.occupations++;
	}
	return 0;
}

int demo_find_programme(tunas_ctx *ctx, int64_t *out, const char *code)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_programme *p = NULL;
	size_t n = 0, i;
	int rc = tunas_programme_list(ctx, &p, &n, &page);

	*out = 0;
	for (i = 0; rc == 0 && i < n; i++)
		if (strcmp(p[i].code, code) == 0)
			*out = p[i].id;
	free(p);
	return rc;
}

int demo_find_course(tunas_ctx *ctx, int64_t *out, int64_t programme, const char *code)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_course *c = NULL;
	size_t n = 0, i;
	int rc = tunas_course_list(ctx, &c, &n, programme, &page);

	*out = 0;
	for (i = 0; rc == 0 && i < n; i++)
		if (strcmp(c[i].code, code) == 0)
			*out = c[i].id;
	free(c);
	return rc;
}

static int map_courses(skills_state *st)
{
	tunas_course_skill k[8];
	tunas_unit *units = NULL;
	int64_t prog, course;
	size_t i, n, u, nu = 0;
	int rc = 0;

	for (i = 0; i < COUNT(course_map) && rc == 0; i++) {
		if ((rc = demo_find_programme(st->ctx, &prog, course_map[i].programme)) != 0 ||
		    (rc = demo_find_course(st->ctx, &course, prog, course_map[i].course)) != 0)
			break;
		for (n = 0; course_map[i].teaches[n]; n++)
			k[n] = (tunas_course_skill){comp_id(st, course_map[i].teaches[n]),
						    course_map[i].level};
		rc = tunas_course_skills_set(st->ctx, course, k, n, course_map[i].fee_minor);
		if (rc != 0)
			break;
		/* The course's assessment units that certify a competency. */
		if ((rc = tunas_unit_list(st->ctx, &units, &nu, course)) != 0)
			break;
		for (u = 0; u < nu && rc == 0; u++)
			for (size_t m = 0; m < COUNT(unit_map); m++)
				if (strcmp(units[u].code, unit_map[m].unit) == 0) {
					k[0] = (tunas_course_skill){
						comp_id(st, unit_map[m].competency),
						course_map[i].level};
					rc = tunas_unit_skills_set(st->ctx, units[u].id, k, 1);
				}
		free(units);
		units = NULL;
	}
	return rc;
}

/* The next JTM intake, so that pathways have upcoming cohorts. */
static int next_intake(skills_state *st, const demo_skills_refs *refs)
{
	static const char *const names[] = {"5G cohort 4", "Cloud cohort 4"};
	tunas_cohort c;
	int64_t prog, id;
	int rc;

	if ((rc = demo_find_programme(st->ctx, &prog, "JTM-HW-TVET-2025")) != 0)
		return rc;
	for (size_t i = 0; i < COUNT(names); i++) {
		memset(&c, 0, sizeof c);
		c.programme_id = prog;
		c.centre_org_id = refs->ilpkl;
		SET(c.name, names[i]);
		c.capacity = 40;
		SET(c.starts_on, "2027-01-11");
		SET(c.ends_on, "2027-03-26");
		if ((rc = tunas_cohort_create(st->ctx, &id, &c)) != 0)
			return rc;
		st->sum.cohorts++;
	}
	return 0;
}

static int load_employers(skills_state *st, const demo_skills_refs *refs)
{
	tunas_org o;
	int rc;

	st->employers[0] = refs->employer_my;
	st->employers[1] = refs->employer_id;
	for (size_t i = 0; i < COUNT(new_employers); i++) {
		memset(&o, 0, sizeof o);
		SET(o.name, new_employers[i].name);
		SET(o.short_name, new_employers[i].short_name);
		o.kind = TUNAS_ORG_EMPLOYER;
		SET(o.country, new_employers[i].country);
		SET(o.region, new_employers[i].region);
		if ((rc = tunas_org_create(st->ctx, &st->employers[2 + i], &o)) != 0)
			return rc;
		st->sum.organisations++;
	}
	return 0;
}

static void day_string(char out[TUNAS_DATE_LEN + 1], int64_t day)
{
	int y, m, d;

	tunas_civil_from_days(day, &y, &m, &d);
	snprintf(out, TUNAS_DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
}

static int load_vacancies(skills_state *st, const demo_skills_refs *refs)
{
	tunas_principal employer = {.user_id = refs->employer_user,
				    .role = TUNAS_ROLE_EMPLOYER,
				    .org_id = refs->employer_my};
	tunas_vacancy *v;
	tunas_occ_skill *skills = NULL;
	int64_t id, today = tunas_now() / 86400;
	size_t n = 0, i, j;
	int rc = 0;

	SET(employer.username, "employer.demo");
	if ((v = tunas_calloc(1, sizeof *v)) == NULL)
		return TUNAS_ENOMEM;
	for (i = 0; i < COUNT(vacancies) && rc == 0; i++) {
		memset(v, 0, sizeof *v);
		v->employer_org_id = st->employers[vacancies[i].employer];
		SET(v->title, vacancies[i].title);
		v->occupation_id = occ_id(st, vacancies[i].occupation);
		SET(v->region, vacancies[i].region);
		SET(v->sector, "J");
		v->openings = vacancies[i].openings;
		day_string(v->closes_on, today + vacancies[i].closes_in_days);
		/* The occupation's profile, at the level the employer asks. */
		if ((rc = tunas_occupation_skills(st->ctx, &skills, &n, v->occupation_id)) != 0)
			break;
		for (j = 0; j < n; j++)
			v->reqs[v->n_reqs++] =
				(tunas_requirement){skills[j].competency_id, skills[j].essential,
						    skills[j].essential ? vacancies[i].level : 0};
		free(skills);
		skills = NULL;
		/* Sinar Telekom's recruiter posts its own. */
		if (vacancies[i].employer == 0)
			tunas_set_principal(st->ctx, &employer);
		rc = tunas_vacancy_create(st->ctx, &id, v);
		tunas_set_principal(st->ctx, &st->op);
		st->sum.vacancies += rc == 0;
	}
	tunas_free(v);
	return rc;
}

/* Graduates of a programme: consent, placements, tracer answers. */
static int load_outcomes(skills_state *st, const char *programme, int64_t employer,
			 const char *role)
{
	tunas_page page = {0, TUNAS_PAGE_MAX}, epage;
	tunas_cohort *cohorts = NULL;
	tunas_enrolment *e = NULL;
	tunas_consent consent;
	tunas_placement p;
	tunas_tracer t;
	int64_t prog, end, today = tunas_now() / 86400, placed_day;
	size_t nc = 0, ne = 0, i, j;
	static const int waves[] = {2, 6, 12};
	int rc;

	if ((rc = demo_find_programme(st->ctx, &prog, programme)) != 0 ||
	    (rc = tunas_cohort_list(st->ctx, &cohorts, &nc, prog, &page)) != 0)
		goto out;
	for (i = 0; i < nc && rc == 0; i++) {
		if (!tunas_date_days(cohorts[i].ends_on, &end) || end > today)
			continue;
		epage = (tunas_page){0, TUNAS_PAGE_MAX};
		if ((rc = tunas_enrol_list(st->ctx, &e, &ne, cohorts[i].id, 0, &epage)) != 0)
			goto out;
		for (j = 0; j < ne && rc == 0; j++) {
			if (e[j].status != TUNAS_ENROL_COMPLETED)
				continue;
			consent = (tunas_consent){.person_id = e[j].person_id,
						  .findable = percent(&st->rng, 75),
						  .tracer = percent(&st->rng, 60)};
			if ((rc = tunas_consent_set(st->ctx, &consent)) != 0)
				break;
			st->sum.findable += consent.findable;
			/* Placed within four months, or not (yet). */
			placed_day = 0;
			if (percent(&st->rng, 58)) {
				placed_day = end + between(&st->rng, 14, 120);
				memset(&p, 0, sizeof p);
				p.person_id = e[j].person_id;
				p.enrolment_id = e[j].id;
				if (percent(&st->rng, 60))
					p.employer_org_id = employer;
				else
					SET(p.employer_name, "CV Teknik Sinyal Mandiri");
				SET(p.role, role);
				day_string(p.started_on, placed_day);
				if ((rc = tunas_placement_record(st->ctx, &p, &p)) != 0)
					break;
				st->sum.placements++;
			}
			if (!consent.tracer)
				continue;
			for (size_t w = 0; w < COUNT(waves) && rc == 0; w++) {
				int64_t due = end + waves[w] * 30;

				if (due > today)
					break;
				memset(&t, 0, sizeof t);
				t.enrolment_id = e[j].id;
				t.wave = waves[w];
				day_string(t.answered_on, due + between(&st->rng, 0, 20));
				if (placed_day != 0 && placed_day <= due) {
					t.status = TUNAS_TRACE_EMPLOYED;
					SET(t.role, role);
					t.related = true;
				} else {
					t.status = percent(&st->rng, 20) ? TUNAS_TRACE_STUDYING
									 : TUNAS_TRACE_UNEMPLOYED;
				}
				rc = tunas_tracer_record(st->ctx, &t, &t);
				st->sum.tracer_answers += rc == 0;
			}
		}
		free(e);
		e = NULL;
	}
out:
	free(e);
	free(cohorts);
	return rc;
}

int demo_skills_load(tunas_ctx *ctx, demo_skills_summary *out, const demo_skills_refs *refs,
		     uint64_t seed)
{
	skills_state *st;
	int rc;

	if ((st = tunas_calloc(1, sizeof *st)) == NULL)
		return TUNAS_ENOMEM;
	st->ctx = ctx;
	st->rng = seed ^ 0x736b696c6c73u; /* "skills": a stream of its own */
	st->op = *tunas_principal_get(ctx);
	rc = load_standard(st);
	/* Mapping a course derives its graduates' verified competencies from
	 * the certificates they already hold. */
	if (rc == 0)
		rc = map_courses(st);
	if (rc == 0)
		rc = next_intake(st, refs);
	if (rc == 0)
		rc = load_employers(st, refs);
	if (rc == 0)
		rc = load_vacancies(st, refs);
	if (rc == 0)
		rc = load_outcomes(st, "KEMNAKER-HW-SMARTGEN-2019", refs->employer_id,
				   "BTS and microwave installation technician");
	if (rc == 0)
		rc = load_outcomes(st, "JTM-HW-TVET-2025", refs->employer_my,
				   "Network engineer (5G and cloud)");
	if (rc == 0 && out != NULL)
		*out = st->sum;
	tunas_free(st);
	return rc;
}
