/*
 * demo_funding.c — the funding part of the demo (see demo_funding.h and
 * docs/DEMO.md).
 *
 * Malaysia (MYR): Budget 2025's RM7.5 billion national allocation for TVET
 * (held by the Ministry of Finance) funds the JTM-Huawei first batch up to
 * its budget, as a grant without claim rates; JPA sponsors ZTE-MMU in full
 * (its whole budget, paid per officer trained and per officer completing),
 * and MMU's claim for the 2025 cohort is approved and paid. Indonesia
 * (IDR): Kemnaker's 2019 budget line and Huawei Indonesia's contribution
 * fund SmartGen; every BBPVP cohort claims with counts drawn from the
 * records, and the claims stand in every state: paid, approved, submitted,
 * draft, and one rejected for want of signed attendance sheets.
 *
 * Public API only, like demo.c; the counts come from the records the demo
 * made, so it is deterministic for a seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "demo_funding.h"
#include "tunas/funding.h"
#include "tunas/org.h"
#include "tunas/programme.h"
#include "util/mem.h"

#define SET(dst, src) tunas_copy((dst), sizeof(dst), (src))

/* The id of the organisation with this short name, or 0. */
static int find_org(tunas_ctx *ctx, int64_t *out, const char *short_name)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_org *rows = NULL;
	size_t n = 0;
	int rc;

	*out = 0;
	do {
		if ((rc = tunas_org_list(ctx, &rows, &n, &page)) != 0)
			return rc;
		for (size_t i = 0; i < n && *out == 0; i++)
			if (strcmp(rows[i].short_name, short_name) == 0)
				*out = rows[i].id;
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		rows = NULL;
	} while (*out == 0 && n == (size_t)page.limit);
	return *out ? 0 : tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "demo org %s", short_name);
}

static int find_programme(tunas_ctx *ctx, tunas_programme *out, const char *code)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_programme *rows = NULL;
	bool found = false;
	size_t n = 0;
	int rc;

	do {
		if ((rc = tunas_programme_list(ctx, &rows, &n, &page)) != 0)
			return rc;
		for (size_t i = 0; i < n && !found; i++)
			if (strcmp(rows[i].code, code) == 0) {
				*out = rows[i];
				found = true;
			}
		if (n > 0)
			page.after_id = rows[n - 1].id;
		free(rows);
		rows = NULL;
	} while (!found && n == (size_t)page.limit);
	return found ? 0 : tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "demo programme %s", code);
}

static int add_source(tunas_ctx *ctx, int64_t *out, const char *code, const char *name,
		      tunas_fund_kind kind, int64_t org, const char *currency, int64_t amount,
		      int year)
{
	tunas_fund_source f;

	memset(&f, 0, sizeof(f));
	SET(f.code, code);
	SET(f.name, name);
	f.kind = kind;
	f.org_id = org;
	SET(f.currency, currency);
	f.amount_minor = amount;
	f.year = year;
	return tunas_fund_source_create(ctx, out, &f);
}

/* Claim for a cohort what the records show, then take the claim as far
 * as `to` (rejected claims are submitted first). */
static int claim(tunas_ctx *ctx, demo_funding_summary *sum, int64_t alloc, int64_t cohort,
		 tunas_claim_status to, const char *note)
{
	tunas_claim_evidence ev;
	tunas_claim *c;
	int64_t id = 0;
	char ref[TUNAS_CODE_MAX + 1];
	int rc;

	if ((rc = tunas_claim_evidence_get(ctx, &ev, alloc, cohort)) != 0)
		return rc;
	if (ev.counts.trainees == 0)
		return 0;
	if ((c = tunas_calloc(1, sizeof(*c))) == NULL)
		return TUNAS_ENOMEM;
	c->allocation_id = alloc;
	c->cohort_id = cohort;
	c->counts = ev.counts;
	c->amount_minor = ev.amount_minor;
	SET(c->note, note);
	rc = tunas_claim_create(ctx, &id, c);
	tunas_free(c);
	if (rc == 0 && to != TUNAS_CLAIM_DRAFT)
		rc = tunas_claim_submit(ctx, id);
	if (rc == 0 && to == TUNAS_CLAIM_REJECTED)
		rc = tunas_claim_reject(ctx, id,
					"Attendance sheets for the tower-site sessions are not "
					"signed by the site supervisor; resubmit with them.");
	if (rc == 0 && (to == TUNAS_CLAIM_APPROVED || to == TUNAS_CLAIM_PAID))
		rc = tunas_claim_approve(ctx, id);
	if (rc == 0 && to == TUNAS_CLAIM_PAID) {
		snprintf(ref, sizeof(ref), "PAY-%lld", (long long)id);
		rc = tunas_claim_pay(ctx, id, ref);
		sum->paid += rc == 0;
	}
	sum->claims += rc == 0;
	return rc;
}

static int load(tunas_ctx *ctx, demo_funding_summary *out);

int demo_funding_load(tunas_ctx *ctx, demo_funding_summary *out)
{
	tunas_principal keep = *tunas_principal_get(ctx), op;
	int rc;

	/* As the local operator, whoever the load acted as last. */
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	rc = load(ctx, out);
	tunas_set_principal(ctx, &keep);
	return rc;
}

static int load(tunas_ctx *ctx, demo_funding_summary *out)
{
	static const tunas_claim_status cycle[] = {TUNAS_CLAIM_PAID, TUNAS_CLAIM_PAID,
						   TUNAS_CLAIM_APPROVED, TUNAS_CLAIM_SUBMITTED,
						   TUNAS_CLAIM_DRAFT};
	demo_funding_summary sum = {0};
	tunas_programme jtm, zte, smartgen;
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_cohort *cohorts = NULL;
	int64_t mof, jpa, kemnaker, huawei_id, budget, sponsor, apbn, industry;
	int64_t a_jtm = 0, a_zte = 0, a_apbn = 0, a_huawei = 0;
	tunas_allocation a;
	size_t n = 0;
	int rc;

	if ((rc = find_org(ctx, &mof, "MOF")) != 0 || (rc = find_org(ctx, &jpa, "JPA")) != 0 ||
	    (rc = find_org(ctx, &kemnaker, "Kemnaker")) != 0 ||
	    (rc = find_org(ctx, &huawei_id, "Huawei Indonesia")) != 0 ||
	    (rc = find_programme(ctx, &jtm, "JTM-HW-TVET-2025")) != 0 ||
	    (rc = find_programme(ctx, &zte, "JPA-ZTE-MMU-2025")) != 0 ||
	    (rc = find_programme(ctx, &smartgen, "KEMNAKER-HW-SMARTGEN-2019")) != 0)
		return rc;

	/* Budget 2025: RM7.5 billion for TVET. */
	rc = add_source(ctx, &budget, "MY-BUDGET2025-TVET",
			"Budget 2025: national allocation for TVET", TUNAS_FUND_NATIONAL, mof,
			"MYR", INT64_C(750000000000), 2025);
	if (rc == 0)
		rc = add_source(ctx, &sponsor, "JPA-ZTE-MMU-2025",
				"JPA sponsorship: Future-Fit Public Services (ZTE-MMU)",
				TUNAS_FUND_GOVERNMENT, jpa, "MYR", zte.budget_minor, 2025);
	if (rc == 0)
		rc = add_source(ctx, &apbn, "ID-KEMNAKER-2019-SMARTGEN",
				"Kemnaker 2019 budget line: vocational training (SmartGen)",
				TUNAS_FUND_NATIONAL, kemnaker, "IDR", INT64_C(4500000000), 2019);
	if (rc == 0)
		rc = add_source(ctx, &industry, "HUAWEI-ID-SMARTGEN-2019",
				"Huawei Indonesia contribution: SmartGen certification",
				TUNAS_FUND_INDUSTRY, huawei_id, "IDR", INT64_C(1500000000), 2019);
	if (rc != 0)
		return rc;
	sum.sources = 4;

	/* JTM-Huawei: a grant of its whole budget from the TVET allocation. */
	memset(&a, 0, sizeof(a));
	a.source_id = budget;
	a.programme_id = jtm.id;
	a.amount_minor = jtm.budget_minor;
	rc = tunas_allocation_create(ctx, &a_jtm, &a);
	/* ZTE-MMU, fully funded by JPA: RM60,000 per officer trained and
	 * RM90,000 more per officer completing both phases. */
	memset(&a, 0, sizeof(a));
	a.source_id = sponsor;
	a.programme_id = zte.id;
	a.amount_minor = zte.budget_minor;
	a.rate_trainee_minor = INT64_C(6000000);
	a.rate_completed_minor = INT64_C(9000000);
	if (rc == 0)
		rc = tunas_allocation_create(ctx, &a_zte, &a);
	/* SmartGen: Rp1,000,000 per trainee, Rp750,000 per trainee at 75%
	 * attendance, Rp1,000,000 per completion, Rp750,000 per
	 * certification from Kemnaker; Huawei pays Rp500,000 per
	 * certification on top. */
	memset(&a, 0, sizeof(a));
	a.source_id = apbn;
	a.programme_id = smartgen.id;
	a.amount_minor = INT64_C(4500000000);
	a.rate_trainee_minor = 1000000;
	a.rate_attended_minor = 750000;
	a.attendance_percent = 75;
	a.rate_completed_minor = 1000000;
	a.rate_certified_minor = 750000;
	if (rc == 0)
		rc = tunas_allocation_create(ctx, &a_apbn, &a);
	memset(&a, 0, sizeof(a));
	a.source_id = industry;
	a.programme_id = smartgen.id;
	a.amount_minor = INT64_C(1500000000);
	a.rate_certified_minor = 500000;
	if (rc == 0)
		rc = tunas_allocation_create(ctx, &a_huawei, &a);
	if (rc != 0)
		return rc;
	sum.allocations = 4;

	/* MMU claims for the 2025 cohort; JPA pays it. */
	rc = tunas_cohort_list(ctx, &cohorts, &n, zte.id, &page);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = claim(ctx, &sum, a_zte, cohorts[i].id, TUNAS_CLAIM_PAID,
			   "Phase one at MMU Cyberjaya and the industry attachment in China.");
	free(cohorts);
	cohorts = NULL;
	if (rc != 0)
		return rc;

	/* The BBPVP centres claim for each SmartGen run. */
	rc = tunas_cohort_list(ctx, &cohorts, &n, smartgen.id, &page);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		tunas_claim_status to = cycle[i % (sizeof(cycle) / sizeof(cycle[0]))];

		if (i == 3)
			to = TUNAS_CLAIM_REJECTED;
		rc = claim(ctx, &sum, a_apbn, cohorts[i].id, to,
			   "Trainees, attendance, completions and certifications of the run.");
		if (rc == 0 && i % 2 == 0)
			rc = claim(ctx, &sum, a_huawei, cohorts[i].id,
				   i % 4 == 0 ? TUNAS_CLAIM_PAID : TUNAS_CLAIM_SUBMITTED,
				   "Huawei certifications of the run.");
	}
	free(cohorts);
	if (rc == 0 && out != NULL)
		*out = sum;
	return rc;
}
