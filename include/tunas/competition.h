/*
 * competition.h — competitions judged by panels: the INTAN–Huawei ICT
 * Competition, Seeds for the Future.
 *
 * A competition (code, title, organiser organisation, optional programme)
 * runs in rounds, in order. Each round has a rubric of criteria whose
 * weights sum to 100, each scored 0..max_score, and moves
 * draft -> open -> judging -> locked -> published. Entries belong to the
 * competition and are made by one person or by a team of people with a
 * name; they enter round 1 when registered (round 1 draft or open) and a
 * later round only by advancing from the previous round's published
 * ranking (its top `advance` entries).
 *
 * Judges are accounts with the judge role; a judge of a government
 * organisation is a civil servant, and a round may require a number of
 * civil servants on its panel before judging starts. Organisers put judges
 * on a round's panel and assign entries to them. A judge (or an organiser
 * for them) declares a conflict of interest with an entry, with a reason:
 * it removes the judge's assignments and scores of that entry in rounds
 * not yet locked, and from then on bars the judge from it (assignments and
 * scores refused). Judges score the entries assigned to them, every
 * criterion 0..max, only while the round is judging. Locking needs every
 * assignment fully scored.
 *
 * Ranking (docs/COMPETITIONS.md): a judge's total for an entry is
 * T = sum over criteria of weight * score / max_score (0..100). Each
 * judge's totals are normalised onto the round's common scale:
 * N = M + S * (T - m_j) / s_j, where m_j, s_j are the mean and population
 * standard deviation of that judge's totals in the round and M, S those of
 * all judges' totals in the round; a judge with fewer than 2 scored
 * entries, or s_j = 0, keeps N = T. An entry's final score is the mean of
 * its judges' N. Order: higher final score, then higher raw mean of T, then
 * higher mean score (as a share of max) on the highest-weighted criterion
 * (the earliest such in the rubric), then the earlier entry (lower id);
 * scores are compared rounded to 6 decimal places. Every scored entry gets
 * a distinct rank; entries no judge fully scored are unranked.
 *
 * Publishing freezes the ranking as a numbered version of results, public
 * without sign-in. Appeals against a published result are filed by an
 * entrant of the entry or an organiser, and answered by an organiser
 * (upheld or dismissed). Results never change silently: only after an
 * upheld appeal may an organiser reopen the round for judging, and only a
 * new publication (version + 1) changes the results; earlier versions stay.
 *
 * Access: any signed-in user reads competitions and rounds. Organisers —
 * system admins, and programme owners or partners of the organiser
 * organisation — manage everything and see all entries, scores and
 * conflicts. A judge sees only the entries assigned to them (others are
 * "not found") and their own scores and conflicts. A trainee sees the
 * entries they are a member of, and files appeals for them. Every change is
 * audited, in the same transaction.
 */
#ifndef TUNAS_COMPETITION_H
#define TUNAS_COMPETITION_H

#include "tunas/tunas.h"

#define TUNAS_CRITERIA_MAX 20 /* per rubric */
#define TUNAS_TEAM_MAX 10     /* members of a team */
#define TUNAS_SCORE_MAX 1000  /* the largest max_score of a criterion */
#define TUNAS_ROUNDS_MAX 10   /* per competition */

typedef enum {
	TUNAS_ROUND_NONE = 0,
	TUNAS_ROUND_DRAFT,
	TUNAS_ROUND_OPEN,
	TUNAS_ROUND_JUDGING,
	TUNAS_ROUND_LOCKED,
	TUNAS_ROUND_PUBLISHED,
} tunas_round_status;

typedef enum {
	TUNAS_ENTRY_NONE = 0,
	TUNAS_ENTRY_INDIVIDUAL,
	TUNAS_ENTRY_TEAM,
} tunas_entry_kind;

typedef enum {
	TUNAS_APPEAL_NONE = 0,
	TUNAS_APPEAL_OPEN,
	TUNAS_APPEAL_UPHELD,
	TUNAS_APPEAL_DISMISSED,
} tunas_appeal_status;

/* Which rule separated an entry from the one ranked just above it. */
typedef enum {
	TUNAS_TIE_NONE = 0,	 /* the final score */
	TUNAS_TIE_RAW_MEAN,	 /* equal final scores: the raw mean */
	TUNAS_TIE_TOP_CRITERION, /* ... and raw means: the top criterion */
	TUNAS_TIE_ENTRY_ID,	 /* ... and that too: the earlier entry */
} tunas_tie_rule;

typedef struct {
	int64_t id;
	char code[TUNAS_CODE_MAX + 1]; /* unique: "HW-ICT-2025" */
	char title[TUNAS_NAME_MAX + 1];
	char description[TUNAS_TEXT_MAX + 1];
	int64_t organiser_org_id;
	int64_t programme_id; /* 0 if none */
	int rounds;	      /* filled by get/list */
	int64_t entries;
	int64_t created_at;
} tunas_competition;

typedef struct {
	int64_t id; /* filled by the store */
	char name[TUNAS_NAME_MAX + 1];
	int weight;    /* 1..100; a rubric's weights sum to 100 */
	int max_score; /* 1..TUNAS_SCORE_MAX */
} tunas_criterion;

typedef struct {
	int64_t id;
	int64_t competition_id;
	int seq; /* 1, 2, ... in order */
	char name[TUNAS_NAME_MAX + 1];
	tunas_round_status status;
	int advance;		/* how many of its ranking enter the next round */
	int min_civil_servants; /* on the panel before judging starts */
	int version;		/* results published so far (0: none) */
	int64_t published_at;
	tunas_criterion criteria[TUNAS_CRITERIA_MAX];
	int n_criteria;
	int64_t entries; /* filled by get/list */
	int64_t created_at;
} tunas_round;

typedef struct {
	int64_t id;
	int64_t competition_id;
	tunas_entry_kind kind;
	char name[TUNAS_NAME_MAX + 1];	/* the team's, or the entrant's published name */
	char title[TUNAS_NAME_MAX + 1]; /* what they entered: the project */
	int64_t members[TUNAS_TEAM_MAX];
	int n_members;
	int64_t created_at;
} tunas_entry;

typedef struct {
	int64_t round_id;
	int64_t user_id;
	char username[TUNAS_CODE_MAX + 1];
	char display_name[TUNAS_NAME_MAX + 1];
	int64_t org_id;
	bool civil_servant; /* of a government organisation */
	int assigned;	    /* entries assigned in the round */
} tunas_panel_judge;

typedef struct {
	int64_t round_id;
	int64_t entry_id;
	int64_t judge_user_id;
	int scored; /* criteria the judge has scored */
} tunas_assignment;

typedef struct {
	int64_t id;
	int64_t competition_id;
	int64_t judge_user_id;
	int64_t entry_id;
	char reason[TUNAS_TEXT_MAX + 1];
	int64_t declared_by;
	int64_t created_at;
} tunas_conflict;

typedef struct {
	int64_t round_id;
	int64_t entry_id;
	int64_t judge_user_id;
	int64_t criterion_id;
	int score;
	int64_t updated_at;
} tunas_score;

/* One line of a ranking or of published results. */
typedef struct {
	int64_t entry_id;
	char name[TUNAS_NAME_MAX + 1];
	char title[TUNAS_NAME_MAX + 1];
	int rank;	      /* 1..; 0: unranked (no judge fully scored it) */
	double final_score;   /* mean of the judges' normalised totals */
	double raw_mean;      /* mean of the judges' raw totals */
	double top_criterion; /* mean share of max on the top criterion, 0..1 */
	int judges;	      /* judges who fully scored it */
	tunas_tie_rule tie;   /* what separated it from the entry above */
	bool advanced;	      /* among the top `advance` */
} tunas_standing;

typedef struct {
	int64_t id;
	int64_t round_id;
	int64_t entry_id;
	int result_version; /* the published results it contests */
	int64_t filed_by;
	char grounds[TUNAS_TEXT_MAX + 1];
	tunas_appeal_status status;
	char response[TUNAS_TEXT_MAX + 1];
	int64_t decided_by;
	int64_t decided_at;
	int64_t created_at;
} tunas_appeal;

const char *tunas_round_status_name(tunas_round_status s);
tunas_round_status tunas_round_status_parse(const char *s);
const char *tunas_entry_kind_name(tunas_entry_kind k);
tunas_entry_kind tunas_entry_kind_parse(const char *s);
const char *tunas_appeal_status_name(tunas_appeal_status s);
tunas_appeal_status tunas_appeal_status_parse(const char *s);
const char *tunas_tie_rule_name(tunas_tie_rule t);

/* Competitions: system admins for any organiser; programme owners and
 * partners for their own organisation. A programme given must have the
 * organiser as its owner or a partner. */
int tunas_competition_create(tunas_ctx *ctx, int64_t *out_id, const tunas_competition *in);
int tunas_competition_get(tunas_ctx *ctx, tunas_competition *out, int64_t id);
int tunas_competition_list(tunas_ctx *ctx, tunas_competition **out, size_t *n,
			   const tunas_page *page);

/* Rounds: added in order (seq = the next), draft, with their rubric
 * (may be empty until it opens). Organisers. */
int tunas_round_create(tunas_ctx *ctx, int64_t *out_id, const tunas_round *in);
int tunas_round_get(tunas_ctx *ctx, tunas_round *out, int64_t id);
/* A competition's rounds in order; caller frees *out. */
int tunas_round_list(tunas_ctx *ctx, tunas_round **out, size_t *n, int64_t competition_id);
/* Replace the rubric (draft only): 1..TUNAS_CRITERIA_MAX criteria with
 * weights summing to 100. */
int tunas_round_rubric_set(tunas_ctx *ctx, int64_t round_id, const tunas_criterion *criteria,
			   size_t n);
/*
 * Move a round on: draft -> open (a valid rubric; round 1, or the previous
 * round published), open -> judging (at least one entry; the panel holds
 * min_civil_servants civil servants), judging -> locked (every assignment
 * fully scored), locked -> judging (unlock), locked -> published (the
 * ranking becomes results version + 1), published -> judging (only after
 * an appeal against the current version was upheld).
 */
int tunas_round_transition(tunas_ctx *ctx, int64_t round_id, tunas_round_status to);
/* Enter the top `advance` of the previous round's published results into
 * this round (draft or open); *out_added: how many were new. */
int tunas_round_advance(tunas_ctx *ctx, int *out_added, int64_t round_id);

/* Entries: organisers register any; a trainee registers one they are a
 * member of while round 1 is draft or open. An individual entry has one
 * member; a team 2..TUNAS_TEAM_MAX and a name. A person is in at most one
 * entry of a competition. An individual's name defaults to the person's. */
int tunas_entry_create(tunas_ctx *ctx, int64_t *out_id, const tunas_entry *in);
/* Organisers; the entry's members; judges it is assigned to (any round). */
int tunas_entry_get(tunas_ctx *ctx, tunas_entry *out, int64_t id);
/* The entries of a competition (round_id 0) or of one round that the
 * caller may see; caller frees *out. */
int tunas_entry_list(tunas_ctx *ctx, tunas_entry **out, size_t *n, int64_t competition_id,
		     int64_t round_id);

/* The panel of a round: organisers change it (not once locked); a judge
 * with assignments in the round cannot be removed. Organisers and the
 * round's judges read it. */
int tunas_panel_add(tunas_ctx *ctx, int64_t round_id, int64_t judge_user_id);
int tunas_panel_remove(tunas_ctx *ctx, int64_t round_id, int64_t judge_user_id);
int tunas_panel_list(tunas_ctx *ctx, tunas_panel_judge **out, size_t *n, int64_t round_id);

/* Assign an entry of the round to a judge on its panel (round draft, open
 * or judging): ECONFLICT if the judge declared a conflict with it.
 * Unassigning drops the judge's scores of it in the round. Organisers.
 * The list: organisers all, a judge their own. */
int tunas_assignment_add(tunas_ctx *ctx, int64_t round_id, int64_t entry_id, int64_t judge_user_id);
int tunas_assignment_remove(tunas_ctx *ctx, int64_t round_id, int64_t entry_id,
			    int64_t judge_user_id);
int tunas_assignment_list(tunas_ctx *ctx, tunas_assignment **out, size_t *n, int64_t round_id);

/* Declare a conflict: a judge for themself (judge_user_id 0 or their own
 * id) and an entry assigned to them, or an organiser for any judge. */
int tunas_conflict_declare(tunas_ctx *ctx, tunas_conflict *out, const tunas_conflict *in);
/* Organisers all of a competition's; a judge their own. */
int tunas_conflict_list(tunas_ctx *ctx, tunas_conflict **out, size_t *n, int64_t competition_id);

/* The calling judge's scores of an entry assigned to them, round judging:
 * each criterion once, 0..its max; replaces the judge's earlier score of
 * the same criteria. */
int tunas_score_set(tunas_ctx *ctx, int64_t round_id, int64_t entry_id, const tunas_score *scores,
		    size_t n);
/* Scores of a round (entry_id 0: all entries): organisers every judge's,
 * a judge their own. Caller frees *out. */
int tunas_score_list(tunas_ctx *ctx, tunas_score **out, size_t *n, int64_t round_id,
		     int64_t entry_id);

/* The live ranking from the scores so far (organisers), ranked first then
 * the unranked by id; caller frees *out. */
int tunas_ranking(tunas_ctx *ctx, tunas_standing **out, size_t *n, int64_t round_id);
/* Published results of a round: `version` (0: the latest); needs no
 * sign-in. ENOTFOUND until published. Caller frees *out. */
int tunas_results(tunas_ctx *ctx, tunas_standing **out, size_t *n, int *out_version,
		  int64_t round_id, int version);

/* Appeals against a round's current published results. */
int tunas_appeal_file(tunas_ctx *ctx, int64_t *out_id, int64_t round_id, int64_t entry_id,
		      const char *grounds);
int tunas_appeal_get(tunas_ctx *ctx, tunas_appeal *out, int64_t id);
/* Organisers all of the round's; a trainee those of their entries. */
int tunas_appeal_list(tunas_ctx *ctx, tunas_appeal **out, size_t *n, int64_t round_id);
/* An organiser answers an open appeal: upheld or dismissed. */
int tunas_appeal_decide(tunas_ctx *ctx, int64_t id, tunas_appeal_status decision,
			const char *response);

/*
 * The normalisation and ordering of a ranking, exposed for tests: `totals`
 * is judges x entries (row-major) of raw totals with NAN where the judge
 * did not fully score the entry; `top` the entries' mean share on the top
 * criterion; fills out[e] (rank, scores, tie) for entries 0..n_entries-1
 * whose entry_id the caller set. 0, or TUNAS_ENOMEM.
 */
int tunas_rank_compute(tunas_standing *out, size_t n_entries, const double *totals, size_t n_judges,
		       const double *top);

#endif
