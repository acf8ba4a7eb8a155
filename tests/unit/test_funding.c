/*
 * test_funding.c — funding sources and allocations (currencies never
 * mixed, sources and budgets never exceeded), claims checked against the
 * records at submission and approval, their states and who may move them,
 * commitments and spending, costs per trainee, and totals per currency.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tunas/funding.h"

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
	tunas_set_now(0);
}

static void teardown(void)
{
	fixture_teardown(&F);
}

static int64_t enrolled(const char *mykad, int64_t *enrolment)
{
	tunas_enrolment e;
	int64_t id = fixture_add_person(&F, mykad, F.centre);

	fixture_as(&F, &F.centre_admin);
	OK(tunas_enrol_apply(F.ctx, &e, id, F.cohort));
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ACCEPTED, NULL));
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ENROLLED, NULL));
	*enrolment = e.id;
	return id;
}

static int64_t source(const char *code, int64_t org, const char *currency, int64_t amount)
{
	tunas_fund_source f;
	int64_t id = 0;

	memset(&f, 0, sizeof(f));
	snprintf(f.code, sizeof(f.code), "%s", code);
	snprintf(f.name, sizeof(f.name), "Source %s", code);
	f.kind = TUNAS_FUND_GOVERNMENT;
	f.org_id = org;
	snprintf(f.currency, sizeof(f.currency), "%s", currency);
	f.amount_minor = amount;
	OK(tunas_fund_source_create(F.ctx, &id, &f));
	return id;
}

static tunas_allocation alloc_of(int64_t src, int64_t amount)
{
	tunas_allocation a;

	memset(&a, 0, sizeof(a));
	a.source_id = src;
	a.programme_id = F.programme;
	a.amount_minor = amount;
	a.rate_trainee_minor = 100000; /* RM1,000 */
	a.rate_completed_minor = 50000;
	return a;
}

START_TEST(sources_and_allocations_keep_currencies_apart)
{
	tunas_fund_source f;
	tunas_allocation a;
	tunas_funding_total *totals = NULL;
	int64_t myr, idr, vendor, id;
	size_t n = 0;

	fixture_as(&F, &F.owner);
	myr = source("MY-SPONSOR", 0, "MYR", 500000000);
	OK(tunas_fund_source_get(F.ctx, &f, myr));
	ck_assert_int_eq(f.org_id, F.ministry);
	/* Not another organisation's money. */
	memset(&f, 0, sizeof(f));
	snprintf(f.code, sizeof(f.code), "X");
	f.org_id = F.vendor;
	FAILS(tunas_fund_source_create(F.ctx, &id, &f), TUNAS_EPERM, "org_id");
	fixture_as(&F, &F.centre_admin);
	ck_assert_int_eq(tunas_fund_source_create(F.ctx, &id, &f), TUNAS_EPERM);
	ck_assert_int_eq(tunas_fund_source_get(F.ctx, &f, myr), TUNAS_ENOTFOUND);

	fixture_as(&F, &F.op);
	idr = source("ID-APBN", F.ministry2, "IDR", 9000000000);
	/* IDR money for a MYR programme is refused. */
	a = alloc_of(idr, 1000);
	FAILS(tunas_allocation_create(F.ctx, &id, &a), TUNAS_EINVAL, "programme_id");
	/* Not more than the source holds, nor past the programme's budget. */
	fixture_as(&F, &F.owner);
	a = alloc_of(myr, 500000001);
	FAILS(tunas_allocation_create(F.ctx, &id, &a), TUNAS_EINVAL, "amount_minor");
	a = alloc_of(myr, 400000000);
	OK(tunas_allocation_create(F.ctx, &id, &a));
	fixture_as(&F, &F.partner);
	vendor = source("HW-CONTRIB", 0, "MYR", 600000000);
	a = alloc_of(vendor, 350000001); /* budget 750,000,000 */
	FAILS(tunas_allocation_create(F.ctx, &id, &a), TUNAS_EINVAL, "amount_minor");
	a = alloc_of(vendor, 350000000);
	OK(tunas_allocation_create(F.ctx, &id, &a));
	/* Attendance paid for needs its threshold. */
	a.rate_attended_minor = 100;
	a.amount_minor = 1;
	FAILS(tunas_allocation_create(F.ctx, &id, &a), TUNAS_EINVAL, "attendance_percent");

	/* Totals: one row per currency, never summed together. */
	fixture_as(&F, &F.op);
	OK(tunas_funding_totals(F.ctx, &totals, &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(totals[0].currency, "IDR");
	ck_assert_int_eq(totals[0].amount_minor, 9000000000);
	ck_assert_int_eq(totals[0].allocated_minor, 0);
	ck_assert_str_eq(totals[1].currency, "MYR");
	ck_assert_int_eq(totals[1].amount_minor, 1100000000);
	ck_assert_int_eq(totals[1].allocated_minor, 750000000);
	ck_assert_int_eq(totals[1].unallocated_minor, 350000000);
	free(totals);
	/* A partner sees its own organisation's. */
	fixture_as(&F, &F.partner);
	OK(tunas_funding_totals(F.ctx, &totals, &n));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(totals[0].amount_minor, 600000000);
	free(totals);
}
END_TEST

START_TEST(claims_are_checked_against_the_records)
{
	tunas_claim c, got;
	tunas_claim_evidence ev;
	tunas_allocation a;
	tunas_funding_summary s;
	tunas_enrolment e;
	int64_t src, alloc, small, id, id2, e1, e2;

	enrolled("900101-14-5673", &e1);
	enrolled("910202-14-5681", &e2);
	fixture_as(&F, &F.owner);
	src = source("MY-SPONSOR", 0, "MYR", 500000000);
	a = alloc_of(src, 1000000);
	OK(tunas_allocation_create(F.ctx, &alloc, &a));
	a = alloc_of(src, 150000);
	OK(tunas_allocation_create(F.ctx, &small, &a));

	fixture_as(&F, &F.centre_admin);
	OK(tunas_claim_evidence_get(F.ctx, &ev, alloc, F.cohort));
	ck_assert_int_eq(ev.counts.trainees, 2);
	ck_assert_int_eq(ev.counts.completed, 0);
	ck_assert_int_eq(ev.amount_minor, 200000);

	memset(&c, 0, sizeof(c));
	c.allocation_id = alloc;
	c.cohort_id = F.cohort;
	c.counts.trainees = 3;
	c.amount_minor = 250000; /* 3 x 100,000 is 300,000 */
	FAILS(tunas_claim_create(F.ctx, &id, &c), TUNAS_EINVAL, "amount_minor");
	c.amount_minor = 300000;
	OK(tunas_claim_create(F.ctx, &id, &c));
	/* The records show two trainees: the evidence does not add up. */
	FAILS(tunas_claim_submit(F.ctx, id), TUNAS_EINVAL, "trainees");
	ck_assert_ptr_nonnull(strstr(tunas_errmsg(F.ctx), "does not add up"));
	OK(tunas_claim_get(F.ctx, &got, id));
	ck_assert_int_eq(got.status, TUNAS_CLAIM_DRAFT);
	c.id = id;
	c.counts.trainees = 2;
	c.amount_minor = 200000;
	OK(tunas_claim_update(F.ctx, &c));
	OK(tunas_claim_submit(F.ctx, id));
	/* One live claim per cohort and allocation. */
	FAILS(tunas_claim_create(F.ctx, &id2, &c), TUNAS_ECONFLICT, "cohort_id");

	/* Another centre cannot see it, nor claim for this cohort. */
	fixture_as(&F, &F.centre2_admin);
	ck_assert_int_eq(tunas_claim_get(F.ctx, &got, id), TUNAS_ENOTFOUND);
	c.allocation_id = small;
	ck_assert_int_eq(tunas_claim_create(F.ctx, &id2, &c), TUNAS_EPERM);
	/* The centre cannot approve its own claim. */
	fixture_as(&F, &F.centre_admin);
	ck_assert_int_eq(tunas_claim_approve(F.ctx, id), TUNAS_EPERM);
	/* Records change after submission: approval recounts. */
	OK(tunas_enrol_move(F.ctx, &e, e2, TUNAS_ENROL_WITHDRAWN, "moved away"));
	fixture_as(&F, &F.owner);
	FAILS(tunas_claim_approve(F.ctx, id), TUNAS_EINVAL, "trainees");
	OK(tunas_claim_reject(F.ctx, id, "One trainee withdrew before the claim was approved."));
	FAILS(tunas_claim_pay(F.ctx, id, "PAY-1"), TUNAS_ECONFLICT, "status");

	/* A fresh claim for one trainee goes through to payment. */
	fixture_as(&F, &F.centre_admin);
	c.allocation_id = alloc;
	c.counts.trainees = 1;
	c.amount_minor = 100000;
	OK(tunas_claim_create(F.ctx, &id2, &c));
	OK(tunas_claim_submit(F.ctx, id2));
	fixture_as(&F, &F.owner);
	OK(tunas_claim_approve(F.ctx, id2));
	OK(tunas_allocation_get(F.ctx, &a, alloc));
	ck_assert_int_eq(a.committed_minor, 100000);
	ck_assert_int_eq(a.spent_minor, 0);
	FAILS(tunas_claim_pay(F.ctx, id2, ""), TUNAS_EINVAL, "payment_ref");
	OK(tunas_claim_pay(F.ctx, id2, "PAY-2025-0001"));
	OK(tunas_allocation_get(F.ctx, &a, alloc));
	ck_assert_int_eq(a.committed_minor, 0);
	ck_assert_int_eq(a.spent_minor, 100000);

	OK(tunas_funding_summary_get(F.ctx, &s, F.programme));
	ck_assert_str_eq(s.currency, "MYR");
	ck_assert_int_eq(s.allocated_minor, 1150000);
	ck_assert_int_eq(s.spent_minor, 100000);
	ck_assert_int_eq(s.remaining_minor, 1050000);
	ck_assert_int_eq(s.trainees, 1);
	ck_assert_int_eq(s.cost_per_trainee_minor, 100000);
	ck_assert_int_eq(s.cost_per_completion_minor, -1);
	ck_assert_int_eq(s.cost_per_certification_minor, -1);
	/* Centres and employers do not read a programme's funding. */
	fixture_as(&F, &F.employer_user);
	ck_assert_int_eq(tunas_funding_summary_get(F.ctx, &s, F.programme), TUNAS_EPERM);
	/* A centre reads the rates it claims by, not the amounts. */
	fixture_as(&F, &F.centre_admin);
	OK(tunas_allocation_get(F.ctx, &a, alloc));
	ck_assert_int_eq(a.amount_minor, -1);
	ck_assert_int_eq(a.rate_trainee_minor, 100000);
}
END_TEST

START_TEST(an_allocation_cannot_be_exceeded)
{
	tunas_claim c;
	tunas_allocation a;
	int64_t src, small, id, e1, e2;

	enrolled("900101-14-5673", &e1);
	enrolled("910202-14-5681", &e2);
	fixture_as(&F, &F.owner);
	src = source("MY-SPONSOR", 0, "MYR", 500000000);
	a = alloc_of(src, 150000);
	OK(tunas_allocation_create(F.ctx, &small, &a));
	fixture_as(&F, &F.centre_admin);
	memset(&c, 0, sizeof(c));
	c.allocation_id = small;
	c.cohort_id = F.cohort;
	c.counts.trainees = 2;
	c.amount_minor = 200000;
	OK(tunas_claim_create(F.ctx, &id, &c));
	FAILS(tunas_claim_submit(F.ctx, id), TUNAS_ECONFLICT, "amount_minor");
	ck_assert_ptr_nonnull(strstr(tunas_errmsg(F.ctx), "150000"));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("funding");
	TCase *tc = tcase_create("funding");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sources_and_allocations_keep_currencies_apart);
	tcase_add_test(tc, claims_are_checked_against_the_records);
	tcase_add_test(tc, an_allocation_cannot_be_exceeded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
