/*
 * test_compete.c — competitions: the normalisation and the tie rule of a
 * ranking (tunas_rank_compute) worked out by hand, and the library's rules
 * for rubrics, organisers, conflicts of interest and scores.
 */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tunas/competition.h"

static fixture F;

#define OK(call)                                                                                   \
	ck_assert_msg((call) == 0, "%s: %s (%s)", #call, tunas_errmsg(F.ctx), tunas_errfield(F.ctx))
#define FAILS(call, code, field)                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		ck_assert_msg(rc_ == (code), "%s gave %d, wanted %d: %s", #call, rc_, (code),      \
			      tunas_errmsg(F.ctx));                                                \
		ck_assert_str_eq(tunas_errfield(F.ctx), (field));                                  \
	} while (0)

static void setup(void)
{
	fixture_setup(&F);
}

static void teardown(void)
{
	fixture_teardown(&F);
}

#define NJ 6
#define NE 9

/*
 * Judges A and B score two entries each with the same spread around
 * different means (A: 90, 70; B: 50, 30), so e0/e1 and e2/e3 get equal
 * normalised scores and the raw mean decides. C and D score one entry
 * each (raw totals kept): equal, so the top criterion decides. E and F
 * likewise with equal top shares: the earlier entry. e8 has no scores.
 */
START_TEST(ranking_normalises_and_breaks_ties)
{
	double t[NJ * NE], top[NE] = {0.5, 0.5, 0.5, 0.5, 0.3, 0.8, 0.5, 0.5, 0};
	tunas_standing s[NE];
	double m, sd;
	int i;

	for (i = 0; i < NJ * NE; i++)
		t[i] = NAN;
	memset(s, 0, sizeof(s));
	for (i = 0; i < NE; i++)
		s[i].entry_id = 100 + i;
	t[0 * NE + 0] = 90, t[0 * NE + 2] = 70; /* A */
	t[1 * NE + 1] = 50, t[1 * NE + 3] = 30; /* B */
	t[2 * NE + 4] = 55;			/* C */
	t[3 * NE + 5] = 55;			/* D */
	t[4 * NE + 6] = 20;			/* E */
	t[5 * NE + 7] = 20;			/* F */
	ck_assert_int_eq(tunas_rank_compute(s, NE, t, NJ, top), 0);
	/* The round's scale: every total. */
	m = (90 + 70 + 50 + 30 + 55 + 55 + 20 + 20) / 8.0;
	sd = sqrt((pow(90 - m, 2) + pow(70 - m, 2) + pow(50 - m, 2) + pow(30 - m, 2) +
		   2 * pow(55 - m, 2) + 2 * pow(20 - m, 2)) /
		  8);
	ck_assert_double_eq_tol(s[0].final_score, m + sd, 1e-9);
	ck_assert_double_eq_tol(s[1].final_score, m + sd, 1e-9);
	ck_assert_double_eq_tol(s[3].final_score, m - sd, 1e-9);
	ck_assert_double_eq_tol(s[0].raw_mean, 90, 1e-9);
	/* One entry: the raw total stands. */
	ck_assert_double_eq_tol(s[4].final_score, 55, 1e-9);
	/* Order: e0, e1 (raw), e5, e4 (top criterion), e2, e3 (raw), e6, e7 (id). */
	ck_assert_int_eq(s[0].rank, 1);
	ck_assert_int_eq(s[1].rank, 2);
	ck_assert_int_eq(s[1].tie, TUNAS_TIE_RAW_MEAN);
	ck_assert_int_eq(s[5].rank, 3);
	ck_assert_int_eq(s[4].rank, 4);
	ck_assert_int_eq(s[4].tie, TUNAS_TIE_TOP_CRITERION);
	ck_assert_int_eq(s[2].rank, 5);
	ck_assert_int_eq(s[3].rank, 6);
	ck_assert_int_eq(s[3].tie, TUNAS_TIE_RAW_MEAN);
	ck_assert_int_eq(s[6].rank, 7);
	ck_assert_int_eq(s[7].rank, 8);
	ck_assert_int_eq(s[7].tie, TUNAS_TIE_ENTRY_ID);
	ck_assert_int_eq(s[8].rank, 0);
	ck_assert_int_eq(s[8].judges, 0);
}
END_TEST

/* A judge whose totals do not spread keeps them raw. */
START_TEST(zero_spread_keeps_raw_totals)
{
	double t[2 * 2] = {60, 60, 80, 40}, top[2] = {0, 0};
	tunas_standing s[2];

	memset(s, 0, sizeof(s));
	s[0].entry_id = 1;
	s[1].entry_id = 2;
	ck_assert_int_eq(tunas_rank_compute(s, 2, t, 2, top), 0);
	/* M = 60, S = sqrt((0 + 0 + 400 + 400) / 4) = 14.142...; judge 2:
	 * z = +-1. Entry 1: (60 + 60 + S) / 2. */
	ck_assert_double_eq_tol(s[0].final_score, (120 + sqrt(200)) / 2, 1e-9);
	ck_assert_double_eq_tol(s[1].final_score, (120 - sqrt(200)) / 2, 1e-9);
	ck_assert_int_eq(s[0].rank, 1);
}
END_TEST

static int64_t judge_user(const char *name, int64_t org)
{
	tunas_user u;
	int64_t id = 0;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	u.role = TUNAS_ROLE_JUDGE;
	u.org_id = org;
	fixture_as(&F, &F.op);
	OK(tunas_user_create(F.ctx, &id, &u, "judge-password-1"));
	return id;
}

START_TEST(rules_of_rounds_conflicts_and_scores)
{
	tunas_competition c;
	tunas_round r, got;
	tunas_entry e;
	tunas_conflict k;
	tunas_score sc[2];
	tunas_principal jp;
	int64_t comp = 0, rid = 0, entry = 0, j1, p1, p2;

	j1 = judge_user("judge.one", F.ministry);
	p1 = fixture_add_person(&F, "920303145671", F.centre);
	p2 = fixture_add_person(&F, "910202145675", F.centre);
	memset(&c, 0, sizeof(c));
	snprintf(c.code, sizeof(c.code), "UT-ICT");
	snprintf(c.title, sizeof(c.title), "Unit-test ICT competition");
	/* A partner organises for its own organisation only. */
	fixture_as(&F, &F.partner);
	c.organiser_org_id = F.ministry;
	FAILS(tunas_competition_create(F.ctx, &comp, &c), TUNAS_EPERM, "");
	c.organiser_org_id = 0;
	OK(tunas_competition_create(F.ctx, &comp, &c));
	OK(tunas_competition_get(F.ctx, &c, comp));
	ck_assert_int_eq(c.organiser_org_id, F.vendor);

	memset(&r, 0, sizeof(r));
	r.competition_id = comp;
	snprintf(r.name, sizeof(r.name), "Preliminary");
	r.n_criteria = 2;
	r.criteria[0] = (tunas_criterion){0, "Solution", 70, 10};
	r.criteria[1] = (tunas_criterion){0, "Lab", 20, 100};
	FAILS(tunas_round_create(F.ctx, &rid, &r), TUNAS_EINVAL, "criteria");
	r.criteria[1].weight = 30;
	OK(tunas_round_create(F.ctx, &rid, &r));
	OK(tunas_round_get(F.ctx, &got, rid));
	ck_assert_int_eq(got.status, TUNAS_ROUND_DRAFT);
	ck_assert_int_eq(got.n_criteria, 2);

	memset(&e, 0, sizeof(e));
	e.competition_id = comp;
	e.kind = TUNAS_ENTRY_TEAM;
	snprintf(e.name, sizeof(e.name), "Team One");
	e.members[0] = p1;
	e.members[1] = p2;
	e.n_members = 2;
	OK(tunas_entry_create(F.ctx, &entry, &e));
	OK(tunas_round_transition(F.ctx, rid, TUNAS_ROUND_OPEN));
	OK(tunas_panel_add(F.ctx, rid, j1));
	OK(tunas_assignment_add(F.ctx, rid, entry, j1));

	/* The judge declares a conflict: assignment gone, re-assignment and
	 * scores refused. */
	memset(&jp, 0, sizeof(jp));
	jp.user_id = j1;
	jp.role = TUNAS_ROLE_JUDGE;
	jp.org_id = F.ministry;
	fixture_as(&F, &jp);
	memset(&k, 0, sizeof(k));
	k.entry_id = entry;
	snprintf(k.reason, sizeof(k.reason), "My former student.");
	OK(tunas_conflict_declare(F.ctx, &k, &k));
	FAILS(tunas_entry_get(F.ctx, &e, entry), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.partner);
	FAILS(tunas_assignment_add(F.ctx, rid, entry, j1), TUNAS_ECONFLICT, "judge_user_id");
	/* Judging needs the civil servant... there is one (a ministry judge);
	 * but scoring an entry one is barred from is "not found". */
	OK(tunas_round_transition(F.ctx, rid, TUNAS_ROUND_JUDGING));
	fixture_as(&F, &jp);
	sc[0] = (tunas_score){.criterion_id = got.criteria[0].id, .score = 5};
	sc[1] = (tunas_score){.criterion_id = got.criteria[1].id, .score = 50};
	FAILS(tunas_score_set(F.ctx, rid, entry, sc, 2), TUNAS_ENOTFOUND, "");
	/* Nothing assigned: the round cannot lock. */
	fixture_as(&F, &F.partner);
	FAILS(tunas_round_transition(F.ctx, rid, TUNAS_ROUND_LOCKED), TUNAS_ECONFLICT,
	      "assignments");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("compete");
	TCase *tc = tcase_create("compete");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ranking_normalises_and_breaks_ties);
	tcase_add_test(tc, zero_spread_keeps_raw_totals);
	tcase_add_test(tc, rules_of_rounds_conflicts_and_scores);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
