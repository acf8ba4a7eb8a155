/*
 * demo_compete.c — the competitions part of the demo (see demo_compete.h
 * and docs/DEMO.md).
 *
 * The Huawei ICT Competition 2025 (Malaysia), organised by Huawei
 * Malaysia: eight teams of three ILP Kuala Lumpur trainees (trainee.demo
 * is in one) enter the national preliminary; a panel of two civil
 * servants (judge.demo of INTAN, judge.jpa of JPA) and one Huawei engineer
 * (judge.huawei) judges it against a weighted rubric, two judges per
 * entry. The Huawei judge declares a conflict with one team and the
 * organiser reassigns it. Judges score with different severity, so the
 * z-score normalisation matters. The round is locked and published, the
 * top four advance to the final, which all three judges score (except the
 * conflicted pair) and which is published too. One team's appeal against
 * the preliminary results is recorded and dismissed. Seeds for the Future
 * 2025 has its selection round open with four individual entries.
 *
 * Public API only; deterministic for a seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "demo_compete.h"
#include "tunas/auth.h"
#include "tunas/competition.h"
#include "tunas/person.h"

#define SET(dst, src) tunas_copy((dst), sizeof(dst), (src))
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define TEAMS 8
#define TEAM_SIZE 3
#define JUDGES 3
#define SEEDS_ENTRIES 4
#define CONFLICT_JUDGE 2 /* judge.huawei */
#define CONFLICT_TEAM 4

static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi] thousandths. */
static double milli(uint64_t *s, int lo, int hi)
{
	return (lo + (int)(next(s) % (uint64_t)(hi - lo + 1))) / 1000.0;
}

static const char *const team_names[TEAMS] = {
	"Team Rangkaian Jaya", "Team Awan Biru",     "Team Menara 5G", "Team Gentian Optik",
	"Team Data Harimau",   "Team Kilat Selatan", "Team Pintar KL", "Team Gelombang",
};

static const char *const team_projects[TEAMS] = {
	"5G private network for a smart factory",
	"Cloud-native queue system for a district clinic",
	"Rural 5G coverage planner",
	"Fibre fault locator with OTDR traces",
	"Flood sensor network over NB-IoT",
	"Low-latency tele-tutoring over 5G",
	"Smart parking for Kuala Lumpur with edge AI",
	"Microwave backhaul planner for Sabah",
};

static const struct {
	const char *username, *display;
	int org; /* 0 INTAN (judge.demo exists), 1 JPA, 2 Huawei */
	double bias, spread;
} judges[JUDGES] = {
	{"judge.demo", NULL, 0, 0.0, 1.0},
	{"judge.jpa", "JPA digital-government officer, ICT Competition panel (demo)", 1, -0.12,
	 0.6},
	{"judge.huawei", "Huawei Malaysia solutions engineer, ICT Competition panel (demo)", 2,
	 0.10, 1.3},
};

static const tunas_criterion ict_rubric[] = {
	{0, "Technical solution and architecture", 35, 10},
	{0, "Hands-on lab exam (network and cloud)", 30, 100},
	{0, "Innovation and public value", 20, 10},
	{0, "Presentation and teamwork", 15, 10},
};

static const tunas_criterion seeds_rubric[] = {
	{0, "Tech4Good project proposal", 50, 10},
	{0, "Digital skills test", 30, 100},
	{0, "Leadership and motivation interview", 20, 10},
};

typedef struct {
	tunas_ctx *ctx;
	const demo_compete_refs *refs;
	demo_compete_summary sum;
	tunas_principal op;
	tunas_principal judge[JUDGES];
	uint64_t rng;
	double quality[TEAMS];
	int64_t team[TEAMS];
} demo_c;

static void act_as(demo_c *d, const tunas_principal *who)
{
	tunas_set_principal(d->ctx, who);
}

static int find_user(tunas_ctx *ctx, int64_t *out, const char *username)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_user *rows = NULL;
	size_t n = 0, i;
	int rc;

	for (;;) {
		if ((rc = tunas_user_list(ctx, &rows, &n, &page)) != 0)
			return rc;
		for (i = 0; i < n; i++)
			if (strcmp(rows[i].username, username) == 0) {
				*out = rows[i].id;
				free(rows);
				return 0;
			}
		if (n < (size_t)page.limit) {
			free(rows);
			return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "user %s not found",
					      username);
		}
		page.after_id = rows[n - 1].id;
		free(rows);
	}
}

static int load_judges(demo_c *d, const char *password)
{
	const int64_t orgs[3] = {d->refs->intan, d->refs->jpa, d->refs->huawei_my};
	tunas_user u;
	int64_t id = 0;
	int rc, j;

	for (j = 0; j < JUDGES; j++) {
		if (judges[j].display == NULL) {
			rc = find_user(d->ctx, &id, judges[j].username);
		} else {
			memset(&u, 0, sizeof(u));
			SET(u.username, judges[j].username);
			SET(u.display_name, judges[j].display);
			u.role = TUNAS_ROLE_JUDGE;
			u.org_id = orgs[judges[j].org];
			rc = tunas_user_create(d->ctx, &id, &u, password);
			d->sum.accounts += rc == 0;
		}
		if (rc != 0)
			return rc;
		memset(&d->judge[j], 0, sizeof(d->judge[j]));
		d->judge[j].user_id = id;
		d->judge[j].role = TUNAS_ROLE_JUDGE;
		d->judge[j].org_id = orgs[judges[j].org];
		SET(d->judge[j].username, judges[j].username);
		d->sum.judges++;
	}
	return 0;
}

static int add_round(demo_c *d, int64_t *out, int64_t comp, const char *name, int advance,
		     int min_cs, const tunas_criterion *rubric, size_t n)
{
	tunas_round r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.competition_id = comp;
	SET(r.name, name);
	r.advance = advance;
	r.min_civil_servants = min_cs;
	memcpy(r.criteria, rubric, n * sizeof(*rubric));
	r.n_criteria = (int)n;
	rc = tunas_round_create(d->ctx, out, &r);
	if (rc == 0)
		d->sum.rounds++;
	return rc;
}

/* A judge's scores of a team: its quality moved by the judge's severity
 * and spread around the middle, plus a little noise. */
static int score(demo_c *d, int64_t round_id, int j, int t)
{
	tunas_score sc[TUNAS_CRITERIA_MAX];
	tunas_round r;
	double v;
	int rc, c;

	if ((rc = tunas_round_get(d->ctx, &r, round_id)) != 0)
		return rc;
	for (c = 0; c < r.n_criteria; c++) {
		v = 0.6 + (d->quality[t] - 0.6) * judges[j].spread + judges[j].bias +
		    milli(&d->rng, -60, 60);
		if (v < 0)
			v = 0;
		if (v > 1)
			v = 1;
		sc[c] = (tunas_score){.criterion_id = r.criteria[c].id,
				      .score = (int)(v * r.criteria[c].max_score + 0.5)};
	}
	act_as(d, &d->judge[j]);
	rc = tunas_score_set(d->ctx, round_id, d->team[t], sc, (size_t)r.n_criteria);
	act_as(d, &d->op);
	if (rc == 0)
		d->sum.scores += r.n_criteria;
	return rc;
}

static int team_index(const demo_c *d, int64_t entry)
{
	int t;

	for (t = 0; t < TEAMS; t++)
		if (d->team[t] == entry)
			return t;
	return -1;
}

static int ict_competition(demo_c *d, const int64_t *people, size_t n_people)
{
	tunas_competition c;
	tunas_conflict k;
	tunas_entry e;
	tunas_entry *finalists = NULL;
	int64_t comp = 0, prelim = 0, final = 0, appeal = 0;
	size_t nf = 0, i;
	int rc = 0, t, j, m, added = 0;
	size_t next_person = 0;

	memset(&c, 0, sizeof(c));
	SET(c.code, "HW-ICT-MY-2025");
	SET(c.title, "Huawei ICT Competition 2025-2026, Malaysia");
	SET(c.description,
	    "Huawei's ICT Competition for students and young talent, run in Malaysia with "
	    "INTAN under the INTAN-Huawei MoU: civil servants sit on the judging panels. "
	    "A national preliminary, then a national final.");
	c.organiser_org_id = d->refs->huawei_my;
	if ((rc = tunas_competition_create(d->ctx, &comp, &c)) != 0)
		return rc;
	d->sum.competitions++;
	if ((rc = add_round(d, &prelim, comp, "National preliminary", 4, 2, ict_rubric,
			    COUNT(ict_rubric))) != 0 ||
	    (rc = add_round(d, &final, comp, "National final", 0, 2, ict_rubric,
			    COUNT(ict_rubric))) != 0)
		return rc;
	for (t = 0; t < TEAMS; t++) {
		memset(&e, 0, sizeof(e));
		e.competition_id = comp;
		e.kind = TUNAS_ENTRY_TEAM;
		SET(e.name, team_names[t]);
		SET(e.title, team_projects[t]);
		if (t == 0)
			e.members[e.n_members++] = d->refs->trainee_person;
		for (m = e.n_members; m < TEAM_SIZE && next_person < n_people; m++)
			e.members[e.n_members++] = people[next_person++];
		if ((rc = tunas_entry_create(d->ctx, &d->team[t], &e)) != 0)
			return rc;
		d->quality[t] = milli(&d->rng, 450, 900);
		d->sum.entries++;
	}
	if ((rc = tunas_round_transition(d->ctx, prelim, TUNAS_ROUND_OPEN)) != 0)
		return rc;
	for (j = 0; j < JUDGES; j++)
		if ((rc = tunas_panel_add(d->ctx, prelim, d->judge[j].user_id)) != 0)
			return rc;
	/* Two judges per team, in rotation. */
	for (t = 0; t < TEAMS; t++)
		for (m = 0; m < 2; m++)
			if ((rc = tunas_assignment_add(d->ctx, prelim, d->team[t],
						       d->judge[(t + m) % JUDGES].user_id)) != 0)
				return rc;
	/* The Huawei engineer knows a member of one team and steps aside; the
	 * team goes to the judge it did not have. */
	memset(&k, 0, sizeof(k));
	k.entry_id = d->team[CONFLICT_TEAM];
	SET(k.reason, "A member of the team interned in my department at Huawei Malaysia in 2025.");
	act_as(d, &d->judge[CONFLICT_JUDGE]);
	rc = tunas_conflict_declare(d->ctx, &k, &k);
	act_as(d, &d->op);
	if (rc != 0)
		return rc;
	d->sum.conflicts++;
	for (j = 0; j < JUDGES; j++)
		if (j != CONFLICT_TEAM % JUDGES && j != (CONFLICT_TEAM + 1) % JUDGES)
			break;
	if ((rc = tunas_assignment_add(d->ctx, prelim, d->team[CONFLICT_TEAM],
				       d->judge[j].user_id)) != 0)
		return rc;
	if ((rc = tunas_round_transition(d->ctx, prelim, TUNAS_ROUND_JUDGING)) != 0)
		return rc;
	for (t = 0; t < TEAMS; t++)
		for (j = 0; j < JUDGES; j++) {
			bool assigned = ((t % JUDGES) == j || ((t + 1) % JUDGES) == j);

			if (t == CONFLICT_TEAM)
				assigned = j != CONFLICT_JUDGE;
			if (assigned && (rc = score(d, prelim, j, t)) != 0)
				return rc;
		}
	if ((rc = tunas_round_transition(d->ctx, prelim, TUNAS_ROUND_LOCKED)) != 0 ||
	    (rc = tunas_round_transition(d->ctx, prelim, TUNAS_ROUND_PUBLISHED)) != 0)
		return rc;

	/* The final: the top four, every judge but a conflicted one. */
	if ((rc = tunas_round_advance(d->ctx, &added, final)) != 0 ||
	    (rc = tunas_round_transition(d->ctx, final, TUNAS_ROUND_OPEN)) != 0)
		return rc;
	for (j = 0; j < JUDGES; j++)
		if ((rc = tunas_panel_add(d->ctx, final, d->judge[j].user_id)) != 0)
			return rc;
	if ((rc = tunas_entry_list(d->ctx, &finalists, &nf, 0, final)) != 0)
		return rc;
	for (i = 0; rc == 0 && i < nf; i++)
		for (j = 0; rc == 0 && j < JUDGES; j++)
			if (!(team_index(d, finalists[i].id) == CONFLICT_TEAM &&
			      j == CONFLICT_JUDGE))
				rc = tunas_assignment_add(d->ctx, final, finalists[i].id,
							  d->judge[j].user_id);
	if (rc == 0)
		rc = tunas_round_transition(d->ctx, final, TUNAS_ROUND_JUDGING);
	for (i = 0; rc == 0 && i < nf; i++)
		for (j = 0; rc == 0 && j < JUDGES; j++)
			if (!(team_index(d, finalists[i].id) == CONFLICT_TEAM &&
			      j == CONFLICT_JUDGE))
				rc = score(d, final, j, team_index(d, finalists[i].id));
	free(finalists);
	if (rc != 0)
		return rc;
	if ((rc = tunas_round_transition(d->ctx, final, TUNAS_ROUND_LOCKED)) != 0 ||
	    (rc = tunas_round_transition(d->ctx, final, TUNAS_ROUND_PUBLISHED)) != 0)
		return rc;

	/* An appeal against the preliminary, recorded and answered. */
	rc = tunas_appeal_file(d->ctx, &appeal, prelim, d->team[TEAMS - 1],
			       "The team says the lab exam environment lost its connection "
			       "for ten minutes during their slot.");
	if (rc == 0)
		rc = tunas_appeal_decide(d->ctx, appeal, TUNAS_APPEAL_DISMISSED,
					 "The lab logs show the connection held throughout the "
					 "slot; the lab exam scores stand.");
	if (rc == 0)
		d->sum.appeals++;
	return rc;
}

static int seeds_competition(demo_c *d, const int64_t *people, size_t n_people)
{
	tunas_competition c;
	tunas_person p;
	tunas_entry e;
	int64_t comp = 0, round = 0, id = 0;
	char given[TUNAS_NAME_MAX + 1], *sp;
	int rc, i, j;

	memset(&c, 0, sizeof(c));
	SET(c.code, "HW-SFTF-MY-2025");
	SET(c.title, "Seeds for the Future 2025, Malaysia: Tech4Good");
	SET(c.description, "Huawei's Seeds for the Future: selection of Malaysian participants "
			   "for the Tech4Good programme, with civil servants on the panel.");
	c.organiser_org_id = d->refs->huawei_my;
	if ((rc = tunas_competition_create(d->ctx, &comp, &c)) != 0)
		return rc;
	d->sum.competitions++;
	if ((rc = add_round(d, &round, comp, "Tech4Good selection", 0, 1, seeds_rubric,
			    COUNT(seeds_rubric))) != 0 ||
	    (rc = tunas_round_transition(d->ctx, round, TUNAS_ROUND_OPEN)) != 0)
		return rc;
	for (j = 0; j < 2; j++)
		if ((rc = tunas_panel_add(d->ctx, round, d->judge[j].user_id)) != 0)
			return rc;
	for (i = 0; i < SEEDS_ENTRIES && (size_t)i < n_people; i++) {
		if ((rc = tunas_person_get(d->ctx, &p, people[i])) != 0)
			return rc;
		/* Published under a given name and initial, not the full name. */
		SET(given, p.full_name);
		sp = strchr(given, ' ');
		if (sp != NULL && (size_t)(sp - given) + 4 < sizeof(given) &&
		    (unsigned char)sp[1] > ' ' && (unsigned char)sp[1] < 0x80) {
			sp[2] = '.';
			sp[3] = '\0';
		}
		memset(&e, 0, sizeof(e));
		e.competition_id = comp;
		e.kind = TUNAS_ENTRY_INDIVIDUAL;
		SET(e.name, given);
		SET(e.title,
		    i % 2 ? "Digital inclusion for rural schools" : "AI for early flood warning");
		e.members[e.n_members++] = people[i];
		if ((rc = tunas_entry_create(d->ctx, &id, &e)) != 0)
			return rc;
		d->sum.entries++;
	}
	return 0;
}

int demo_compete_load(tunas_ctx *ctx, demo_compete_summary *out, const demo_compete_refs *refs,
		      const char *password, uint64_t seed)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_person *people = NULL;
	int64_t ids[TEAMS * TEAM_SIZE + SEEDS_ENTRIES];
	size_t n = 0, i, k = 0;
	demo_c *d;
	int rc;

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	d->ctx = ctx;
	d->refs = refs;
	d->op = *tunas_principal_get(ctx);
	d->rng = seed ^ 0xc0ffee5eedull;
	/* Entrants: people the ILP KL centre registered, in id order. */
	rc = tunas_person_list(ctx, &people, &n, NULL, &page);
	for (i = 0; rc == 0 && i < n && k < COUNT(ids); i++)
		if (people[i].registered_by_org == refs->ilpkl &&
		    people[i].id != refs->trainee_person)
			ids[k++] = people[i].id;
	free(people);
	if (rc == 0 && k < COUNT(ids))
		rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "too few people for the demo");
	if (rc == 0)
		rc = load_judges(d, password);
	if (rc == 0)
		rc = ict_competition(d, ids, TEAMS * TEAM_SIZE - 1);
	if (rc == 0)
		rc = seeds_competition(d, ids + TEAMS * TEAM_SIZE, SEEDS_ENTRIES);
	act_as(d, &d->op);
	if (rc == 0 && out != NULL)
		*out = d->sum;
	free(d);
	return rc;
}
