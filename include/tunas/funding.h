/*
 * funding.h — who pays for a programme, how much of it is committed and
 * spent, what it costs per trainee, completion and certification, and the
 * claims training centres make against it.
 *
 * A funding source is money an organisation holds for training: a national
 * allocation (Budget 2025's RM7.5 billion for TVET), a government sponsor
 * (JPA paying for a programme of civil servants), an industry contribution,
 * or other. It has one currency and an amount in that currency's minor
 * units (sen for MYR; rupiah for IDR, whose minor unit is not used:
 * tunas_currency_decimals). An allocation puts part of a source on one
 * programme; its currency is the source's and must be the programme's:
 * MYR and IDR are never mixed, converted or summed together, and every
 * total is per currency. A source cannot allocate more than it holds, nor
 * a programme with a budget receive more than that budget.
 *
 * An allocation also sets the rates centres claim by, in its currency:
 * per trainee (enrolled or completed), per trainee whose attendance meets
 * attendance_percent, per completion and per active certificate. A claim
 * is a centre's request for payment for one of its cohorts against one
 * allocation of the cohort's programme. It states the counts it relies on
 * and the amount; the amount must equal the counts at the allocation's
 * rates, and the counts must equal what Tunas's own records show — checked
 * when the claim is submitted and again when it is approved, so a claim
 * whose evidence does not add up is refused naming the field:
 *
 *   trainees   enrolments of the cohort now enrolled or completed
 *   attended   of those, people whose current attendance records over the
 *              cohort's sessions started so far are present, late or
 *              excused in at least attendance_percent of them (none when
 *              no session has started)
 *   completed  enrolments of the cohort completed
 *   certified  people holding an active certificate of the cohort
 *
 * A cohort has at most one claim per allocation that is not rejected.
 * States: draft -> submitted -> approved | rejected (with a reason) ->
 * paid (approved only, with a payment reference). Approving commits the
 * amount against the allocation and is refused when the allocation's
 * remainder (allocated - committed - spent) is smaller; paying moves it
 * from committed to spent.
 *
 * A programme's funding summary, in its currency: allocated (sum of its
 * allocations), committed (approved claims), spent (paid claims),
 * remaining = allocated - committed - spent, and
 *   cost per trainee        = spent / (enrolled + completed enrolments)
 *   cost per completion     = spent / completed enrolments
 *   cost per certification  = spent / active certificates of the programme
 * each rounded half up to the minor unit, and -1 when the divisor is 0.
 *
 * Access: system admins everything. Sources are created and read by
 * programme owners and partners for their own organisation; an
 * allocation is made by the source's organisation (programme owner or
 * partner role) to a programme it owns, sponsors or partners. A
 * programme's allocations, claims and summary are read by its owner,
 * sponsor and partners (the budget rule of programme.h); a centre admin
 * reads the allocations of programmes it runs cohorts of (rates only, the
 * amounts hidden as -1), makes claims for its own cohorts and reads its own
 * claims. Approving, rejecting and paying a claim is for system admins and
 * programme owners of the programme's owner or of the source's
 * organisation; nobody decides a claim they made. Everyone else gets
 * TUNAS_EPERM, and objects out of reach are TUNAS_ENOTFOUND. Every change
 * is audited and all or nothing.
 */
#ifndef TUNAS_FUNDING_H
#define TUNAS_FUNDING_H

#include "tunas/tunas.h"

/* The largest amount (source, allocation, rate, claim) in minor units: a
 * thousand trillion, still exact in a JSON number. */
#define TUNAS_MONEY_MAX INT64_C(1000000000000000)

typedef enum {
	TUNAS_FUND_NONE = 0,
	TUNAS_FUND_NATIONAL,   /* a national budget allocation */
	TUNAS_FUND_GOVERNMENT, /* a government sponsor (JPA) */
	TUNAS_FUND_INDUSTRY,   /* an industry contribution */
	TUNAS_FUND_OTHER,
} tunas_fund_kind;

typedef struct {
	int64_t id;
	char code[TUNAS_CODE_MAX + 1]; /* unique, e.g. "MY-BUDGET2025-TVET" */
	char name[TUNAS_NAME_MAX + 1];
	tunas_fund_kind kind;
	int64_t org_id; /* who holds the money */
	char currency[4];
	int64_t amount_minor;
	int year;		 /* fiscal year, 0 if none */
	int64_t allocated_minor; /* filled on reads: sum of its allocations */
	int64_t created_by;
	int64_t created_at;
} tunas_fund_source;

typedef struct {
	int64_t id;
	int64_t source_id;
	int64_t programme_id;
	char currency[4]; /* the source's, which must be the programme's */
	int64_t amount_minor;
	/* Claim rates in minor units; 0: not paid for. */
	int64_t rate_trainee_minor;
	int64_t rate_attended_minor;
	int attendance_percent; /* 1..100 when rate_attended_minor > 0, else 0 */
	int64_t rate_completed_minor;
	int64_t rate_certified_minor;
	/* Filled on reads: approved and paid claims against it. */
	int64_t committed_minor;
	int64_t spent_minor;
	int64_t created_by;
	int64_t created_at;
} tunas_allocation;

typedef enum {
	TUNAS_CLAIM_NONE = 0,
	TUNAS_CLAIM_DRAFT,
	TUNAS_CLAIM_SUBMITTED,
	TUNAS_CLAIM_APPROVED,
	TUNAS_CLAIM_REJECTED,
	TUNAS_CLAIM_PAID,
} tunas_claim_status;

/* The counts a claim relies on (see the top of this header). */
typedef struct {
	int64_t trainees, attended, completed, certified;
} tunas_claim_counts;

typedef struct {
	int64_t id;
	int64_t allocation_id;
	int64_t programme_id; /* the allocation's */
	int64_t cohort_id;
	int64_t centre_org_id; /* the cohort's centre */
	char currency[4];      /* the allocation's */
	tunas_claim_status status;
	tunas_claim_counts counts; /* as stated by the centre */
	int64_t amount_minor;	   /* as stated by the centre */
	char note[TUNAS_TEXT_MAX + 1];
	char reason[TUNAS_TEXT_MAX + 1];      /* why it was rejected */
	char payment_ref[TUNAS_CODE_MAX + 1]; /* set when paid */
	int64_t created_by, created_at;
	int64_t submitted_at;
	int64_t decided_by, decided_at; /* approved or rejected */
	int64_t paid_by, paid_at;
} tunas_claim;

/* What Tunas's records show for a cohort, and what they come to at an
 * allocation's rates. */
typedef struct {
	int64_t allocation_id, cohort_id;
	int attendance_percent;
	tunas_claim_counts counts;
	int64_t amount_minor;
	char currency[4];
} tunas_claim_evidence;

typedef struct {
	int64_t programme_id;
	char currency[4];
	bool budget_set;
	int64_t budget_minor;
	int64_t allocated_minor, committed_minor, spent_minor, remaining_minor;
	int64_t claimed_minor; /* submitted claims awaiting a decision */
	int64_t trainees, completions, certifications;
	int64_t cost_per_trainee_minor, cost_per_completion_minor,
		cost_per_certification_minor; /* -1: no divisor */
} tunas_funding_summary;

/* Sources and what became of them, for one currency. */
typedef struct {
	char currency[4];
	int64_t sources;
	int64_t amount_minor, allocated_minor, unallocated_minor;
	int64_t committed_minor, spent_minor, remaining_minor; /* of the allocations */
} tunas_funding_total;

const char *tunas_fund_kind_name(tunas_fund_kind k);
tunas_fund_kind tunas_fund_kind_parse(const char *name);
const char *tunas_claim_status_name(tunas_claim_status s);
tunas_claim_status tunas_claim_status_parse(const char *name);

/* Sources. org_id 0 on create means the caller's organisation. */
int tunas_fund_source_create(tunas_ctx *ctx, int64_t *out_id, const tunas_fund_source *in);
int tunas_fund_source_get(tunas_ctx *ctx, tunas_fund_source *out, int64_t id);
/* Caller frees *out with free(). */
int tunas_fund_source_list(tunas_ctx *ctx, tunas_fund_source **out, size_t *n,
			   const tunas_page *page);

/* Allocations. */
int tunas_allocation_create(tunas_ctx *ctx, int64_t *out_id, const tunas_allocation *in);
int tunas_allocation_get(tunas_ctx *ctx, tunas_allocation *out, int64_t id);
/* Every allocation of a programme; caller frees *out with free(). */
int tunas_allocation_list(tunas_ctx *ctx, tunas_allocation **out, size_t *n, int64_t programme_id);

/* Claims. create takes allocation_id, cohort_id, counts, amount_minor
 * and note from `in` and makes a draft; update changes a draft's counts,
 * amount and note. */
int tunas_claim_create(tunas_ctx *ctx, int64_t *out_id, const tunas_claim *in);
int tunas_claim_update(tunas_ctx *ctx, const tunas_claim *in);
int tunas_claim_submit(tunas_ctx *ctx, int64_t id);
int tunas_claim_approve(tunas_ctx *ctx, int64_t id);
int tunas_claim_reject(tunas_ctx *ctx, int64_t id, const char *reason);
int tunas_claim_pay(tunas_ctx *ctx, int64_t id, const char *payment_ref);
int tunas_claim_get(tunas_ctx *ctx, tunas_claim *out, int64_t id);
/* programme_id 0: every claim the caller may see (system admins, centre
 * admins); others must name a programme. Caller frees *out with free(). */
int tunas_claim_list(tunas_ctx *ctx, tunas_claim **out, size_t *n, int64_t programme_id,
		     const tunas_page *page);
/* What the records show now for cohort_id at allocation_id's rates: for
 * those who may claim for the cohort or decide its claims. */
int tunas_claim_evidence_get(tunas_ctx *ctx, tunas_claim_evidence *out, int64_t allocation_id,
			     int64_t cohort_id);

/* Reports. */
int tunas_funding_summary_get(tunas_ctx *ctx, tunas_funding_summary *out, int64_t programme_id);
/* One row per currency over the sources the caller may see (system
 * admins: all; programme owners and partners: their organisation's), in
 * currency order. Caller frees *out with free(). */
int tunas_funding_totals(tunas_ctx *ctx, tunas_funding_total **out, size_t *n);

#endif
