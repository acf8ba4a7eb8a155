/*
 * store_sqlite_funding.c — the SQLite store's tables and operations for
 * funding (funding.h): sources, their allocations to programmes, centres'
 * claims, the evidence claims are checked against and the totals.
 * Migration 8.
 */
#include "store/sql_int.h"
#include "store/sql_funding.h"

/* ------------------------------------------------------------------------ */
/* Schema */

const char *const sqlite_schema_v8[] = {
	"CREATE TABLE fund_source ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),"
	" org_id INTEGER NOT NULL REFERENCES org (id),"
	" currency TEXT NOT NULL CHECK (length(currency) = 3),"
	" amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),"
	" year INTEGER NOT NULL DEFAULT 0,"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX fund_source_org ON fund_source (org_id, id);"
	"CREATE TABLE allocation ("
	" id INTEGER PRIMARY KEY,"
	" source_id INTEGER NOT NULL REFERENCES fund_source (id),"
	" programme_id INTEGER NOT NULL REFERENCES programme (id),"
	" currency TEXT NOT NULL,"
	" amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),"
	" rate_trainee_minor INTEGER NOT NULL CHECK (rate_trainee_minor >= 0),"
	" rate_attended_minor INTEGER NOT NULL CHECK (rate_attended_minor >= 0),"
	" attendance_percent INTEGER NOT NULL CHECK (attendance_percent BETWEEN 0 AND 100),"
	" rate_completed_minor INTEGER NOT NULL CHECK (rate_completed_minor >= 0),"
	" rate_certified_minor INTEGER NOT NULL CHECK (rate_certified_minor >= 0),"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX allocation_programme ON allocation (programme_id, id);"
	"CREATE INDEX allocation_source ON allocation (source_id, id);"
	/* Money once allocated is accounted for: no allocation or source is
	 * ever rewritten or removed. */
	"CREATE TRIGGER allocation_kept BEFORE UPDATE ON allocation BEGIN"
	" SELECT RAISE(ABORT, 'allocations are kept as made'); END;"
	"CREATE TRIGGER allocation_no_delete BEFORE DELETE ON allocation BEGIN"
	" SELECT RAISE(ABORT, 'allocations are kept as made'); END;"
	"CREATE TRIGGER fund_source_no_delete BEFORE DELETE ON fund_source BEGIN"
	" SELECT RAISE(ABORT, 'funding sources are kept'); END;",

	/* status: 1 draft, 2 submitted, 3 approved, 4 rejected, 5 paid. */
	"CREATE TABLE claim ("
	" id INTEGER PRIMARY KEY,"
	" allocation_id INTEGER NOT NULL REFERENCES allocation (id),"
	" programme_id INTEGER NOT NULL REFERENCES programme (id),"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" centre_org_id INTEGER NOT NULL REFERENCES org (id),"
	" currency TEXT NOT NULL,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 5),"
	" trainees INTEGER NOT NULL CHECK (trainees >= 0),"
	" attended INTEGER NOT NULL CHECK (attended >= 0),"
	" completed INTEGER NOT NULL CHECK (completed >= 0),"
	" certified INTEGER NOT NULL CHECK (certified >= 0),"
	" amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),"
	" note TEXT NOT NULL DEFAULT '',"
	" reason TEXT NOT NULL DEFAULT '',"
	" payment_ref TEXT NOT NULL DEFAULT '',"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" submitted_at INTEGER,"
	" decided_by INTEGER,"
	" decided_at INTEGER,"
	" paid_by INTEGER,"
	" paid_at INTEGER);"
	"CREATE INDEX claim_programme ON claim (programme_id, id);"
	"CREATE INDEX claim_centre ON claim (centre_org_id, id);"
	"CREATE INDEX claim_allocation ON claim (allocation_id, status);"
	/* One claim per cohort and allocation that is not rejected: the same
	 * trainees are never paid for twice. */
	"CREATE UNIQUE INDEX claim_live ON claim (allocation_id, cohort_id) WHERE status <> 4;"
	"CREATE TRIGGER claim_paid_final BEFORE UPDATE ON claim WHEN OLD.status IN (4, 5) BEGIN"
	" SELECT RAISE(ABORT, 'a paid or rejected claim is final'); END;"
	"CREATE TRIGGER claim_no_delete BEFORE DELETE ON claim BEGIN"
	" SELECT RAISE(ABORT, 'claims are kept'); END;",
	NULL,
};

/* ------------------------------------------------------------------------ */
/* Statements */

#define SRC_COLS                                                                                   \
	"f.id, f.code, f.name, f.kind, f.org_id, f.currency, f.amount_minor, f.year,"              \
	" f.created_by, f.created_at,"                                                             \
	" (SELECT coalesce(sum(a.amount_minor), 0) FROM allocation a WHERE a.source_id = f.id)"
#define ALLOC_COLS                                                                                 \
	"a.id, a.source_id, a.programme_id, a.currency, a.amount_minor, a.rate_trainee_minor,"     \
	" a.rate_attended_minor, a.attendance_percent, a.rate_completed_minor,"                    \
	" a.rate_certified_minor, a.created_by, a.created_at,"                                     \
	" (SELECT coalesce(sum(c.amount_minor), 0) FROM claim c"                                   \
	"  WHERE c.allocation_id = a.id AND c.status = 3),"                                        \
	" (SELECT coalesce(sum(c.amount_minor), 0) FROM claim c"                                   \
	"  WHERE c.allocation_id = a.id AND c.status = 5)"
#define CLAIM_COLS                                                                                 \
	"id, allocation_id, programme_id, cohort_id, centre_org_id, currency, status, trainees,"   \
	" attended, completed, certified, amount_minor, note, reason, payment_ref, created_by,"    \
	" created_at, submitted_at, decided_by, decided_at, paid_by, paid_at"

/* Sessions of cohort ?1 started by ?3, and a person's current records in
 * them that count as attended (present, late, excused). */
#define STARTED "(SELECT count(*) FROM session x WHERE x.cohort_id = ?1 AND x.starts_at <= ?3)"
#define ATTENDED_BY(person)                                                                        \
	"(SELECT count(*) FROM session x JOIN attendance a ON a.session_id = x.id"                 \
	" WHERE x.cohort_id = ?1 AND x.starts_at <= ?3 AND a.person_id = " person                  \
	" AND a.status IN (1, 2, 4) AND a.id = (SELECT max(b.id) FROM attendance b"                \
	"  WHERE b.session_id = a.session_id AND b.person_id = a.person_id))"

enum {
	F_SRC_INSERT,
	F_SRC_GET,
	F_SRC_LIST,
	F_ALLOC_INSERT,
	F_ALLOC_GET,
	F_ALLOC_LIST,
	F_CLAIM_INSERT,
	F_CLAIM_UPDATE,
	F_CLAIM_GET,
	F_CLAIM_LIST,
	F_EVIDENCE,
	F_PROG_STATS,
	F_TOTALS,
	F_COUNT
};

_Static_assert(F_COUNT <= SQ_FUNDING_SLOTS, "too many statements");

static const char *const fsql[F_COUNT] = {
	[F_SRC_INSERT] = "INSERT INTO fund_source (id, code, name, kind, org_id, currency,"
			 " amount_minor, year, created_by, created_at)"
			 " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[F_SRC_GET] = "SELECT " SRC_COLS " FROM fund_source f WHERE f.id = ?1",
	[F_SRC_LIST] = "SELECT " SRC_COLS " FROM fund_source f WHERE (?3 = 0 OR f.org_id = ?3)"
		       " AND f.id > ?1 ORDER BY f.id LIMIT ?2",
	[F_ALLOC_INSERT] =
		"INSERT INTO allocation (id, source_id, programme_id, currency,"
		" amount_minor, rate_trainee_minor, rate_attended_minor,"
		" attendance_percent, rate_completed_minor, rate_certified_minor,"
		" created_by, created_at)"
		" VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
	[F_ALLOC_GET] = "SELECT " ALLOC_COLS " FROM allocation a WHERE a.id = ?1",
	[F_ALLOC_LIST] = "SELECT " ALLOC_COLS " FROM allocation a WHERE a.programme_id = ?1"
			 " ORDER BY a.id",
	[F_CLAIM_INSERT] = "INSERT INTO claim (" CLAIM_COLS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6,"
			   " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
			   " ?21, ?22) RETURNING id",
	[F_CLAIM_UPDATE] = "UPDATE claim SET status = ?7, trainees = ?8, attended = ?9,"
			   " completed = ?10, certified = ?11, amount_minor = ?12, note = ?13,"
			   " reason = ?14, payment_ref = ?15, submitted_at = ?18,"
			   " decided_by = ?19, decided_at = ?20, paid_by = ?21, paid_at = ?22"
			   " WHERE id = ?1",
	[F_CLAIM_GET] = "SELECT " CLAIM_COLS " FROM claim WHERE id = ?1",
	[F_CLAIM_LIST] = "SELECT " CLAIM_COLS " FROM claim WHERE (?3 = 0 OR programme_id = ?3)"
			 " AND (?4 = 0 OR centre_org_id = ?4) AND id > ?1 ORDER BY id LIMIT ?2",
	[F_EVIDENCE] =
		"SELECT count(*), coalesce(sum(CASE WHEN e.status = 6 THEN 1 ELSE 0 END), 0),"
		" coalesce(sum(CASE WHEN " STARTED " > 0 AND " ATTENDED_BY(
			"e.person_id") " * 100 >= ?2 * " STARTED " THEN 1 ELSE 0 END), 0),"
				       " (SELECT count(DISTINCT c.person_id) FROM certificate c"
				       "  WHERE c.cohort_id = ?1 AND c.status = 1)"
				       " FROM enrolment e WHERE e.cohort_id = ?1 AND e.status IN "
				       "(5, 6)",
	[F_PROG_STATS] =
		"SELECT (SELECT coalesce(sum(amount_minor), 0) FROM claim"
		"  WHERE programme_id = ?1 AND status = 2),"
		" (SELECT count(*) FROM certificate WHERE programme_id = ?1 AND status = 1)",
	[F_TOTALS] = "SELECT f.currency, count(*), sum(f.amount_minor),"
		     " coalesce(sum((SELECT sum(a.amount_minor) FROM allocation a"
		     "  WHERE a.source_id = f.id)), 0),"
		     " coalesce(sum((SELECT sum(c.amount_minor) FROM claim c JOIN allocation a"
		     "  ON a.id = c.allocation_id WHERE a.source_id = f.id AND c.status = 3)), 0),"
		     " coalesce(sum((SELECT sum(c.amount_minor) FROM claim c JOIN allocation a"
		     "  ON a.id = c.allocation_id WHERE a.source_id = f.id AND c.status = 5)), 0)"
		     " FROM fund_source f WHERE (?1 = 0 OR f.org_id = ?1)"
		     " GROUP BY f.currency ORDER BY f.currency",
};

static int fstmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot(s, out, SQ_FUNDING_BASE + which, fsql[which]);
}

/* Run `which` with ?1 = a, reading one row. */
static int get_by(sql_store *s, int which, int64_t a, size_t size, row_fn row, void *dst)
{
	db_stmt *st = NULL;
	int rc = fstmt(s, &st, which);

	return rc ? rc : fetch_one_by(s, st, a, size, row, dst);
}

/* ------------------------------------------------------------------------ */
/* Sources */

static void src_row(db_stmt *st, void *dst)
{
	tunas_fund_source *f = dst;

	f->id = col_i64(st, 0);
	COL_STR(f->code, st, 1);
	COL_STR(f->name, st, 2);
	f->kind = (tunas_fund_kind)col_int(st, 3);
	f->org_id = col_i64(st, 4);
	COL_STR(f->currency, st, 5);
	f->amount_minor = col_i64(st, 6);
	f->year = col_int(st, 7);
	f->created_by = col_i64(st, 8);
	f->created_at = col_i64(st, 9);
	f->allocated_minor = col_i64(st, 10);
}

int sqf_fund_source_insert(tunas_store *store, int64_t *out_id, const tunas_fund_source *f)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_SRC_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	BIND_STR(&b, 2, f->code);
	BIND_STR(&b, 3, f->name);
	bind_i64(&b, 4, f->kind);
	bind_i64(&b, 5, f->org_id);
	BIND_STR(&b, 6, f->currency);
	bind_i64(&b, 7, f->amount_minor);
	bind_i64(&b, 8, f->year);
	bind_i64(&b, 9, f->created_by);
	bind_i64(&b, 10, f->created_at);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqf_fund_source_get(tunas_store *store, tunas_fund_source *out, int64_t id)
{
	return get_by(to_sql(store), F_SRC_GET, id, sizeof(*out), src_row, out);
}

int sqf_fund_source_list(tunas_store *store, tunas_fund_source **out, size_t *n, int64_t org_id,
			 const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t after, limit;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_SRC_LIST)) != 0)
		return rc;
	page_args(page, &after, &limit);
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_i64(&b, 2, limit);
	bind_i64(&b, 3, org_id);
	rc = b.rc != DB_OK
		     ? fail(s, b.rc)
		     : fetch_all(s, st, sizeof(**out), (size_t)limit, src_row, (void **)out, n);
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Allocations */

static void alloc_row(db_stmt *st, void *dst)
{
	tunas_allocation *a = dst;

	a->id = col_i64(st, 0);
	a->source_id = col_i64(st, 1);
	a->programme_id = col_i64(st, 2);
	COL_STR(a->currency, st, 3);
	a->amount_minor = col_i64(st, 4);
	a->rate_trainee_minor = col_i64(st, 5);
	a->rate_attended_minor = col_i64(st, 6);
	a->attendance_percent = col_int(st, 7);
	a->rate_completed_minor = col_i64(st, 8);
	a->rate_certified_minor = col_i64(st, 9);
	a->created_by = col_i64(st, 10);
	a->created_at = col_i64(st, 11);
	a->committed_minor = col_i64(st, 12);
	a->spent_minor = col_i64(st, 13);
}

int sqf_allocation_insert(tunas_store *store, int64_t *out_id, const tunas_allocation *a)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_ALLOC_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, a->source_id);
	bind_i64(&b, 3, a->programme_id);
	BIND_STR(&b, 4, a->currency);
	bind_i64(&b, 5, a->amount_minor);
	bind_i64(&b, 6, a->rate_trainee_minor);
	bind_i64(&b, 7, a->rate_attended_minor);
	bind_i64(&b, 8, a->attendance_percent);
	bind_i64(&b, 9, a->rate_completed_minor);
	bind_i64(&b, 10, a->rate_certified_minor);
	bind_i64(&b, 11, a->created_by);
	bind_i64(&b, 12, a->created_at);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqf_allocation_get(tunas_store *store, tunas_allocation *out, int64_t id)
{
	return get_by(to_sql(store), F_ALLOC_GET, id, sizeof(*out), alloc_row, out);
}

int sqf_allocation_list(tunas_store *store, tunas_allocation **out, size_t *n, int64_t programme_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_ALLOC_LIST)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, programme_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, alloc_row, (void **)out, n);
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Claims */

static void claim_row(db_stmt *st, void *dst)
{
	tunas_claim *c = dst;

	c->id = col_i64(st, 0);
	c->allocation_id = col_i64(st, 1);
	c->programme_id = col_i64(st, 2);
	c->cohort_id = col_i64(st, 3);
	c->centre_org_id = col_i64(st, 4);
	COL_STR(c->currency, st, 5);
	c->status = (tunas_claim_status)col_int(st, 6);
	c->counts.trainees = col_i64(st, 7);
	c->counts.attended = col_i64(st, 8);
	c->counts.completed = col_i64(st, 9);
	c->counts.certified = col_i64(st, 10);
	c->amount_minor = col_i64(st, 11);
	COL_STR(c->note, st, 12);
	COL_STR(c->reason, st, 13);
	COL_STR(c->payment_ref, st, 14);
	c->created_by = col_i64(st, 15);
	c->created_at = col_i64(st, 16);
	c->submitted_at = col_i64(st, 17);
	c->decided_by = col_i64(st, 18);
	c->decided_at = col_i64(st, 19);
	c->paid_by = col_i64(st, 20);
	c->paid_at = col_i64(st, 21);
}

/* Timestamps and deciders: 0 is "not yet", stored as NULL (user id 0, the
 * local operator, is only ever a decider once decided_at is set). */
static void bind_claim(binder *b, const tunas_claim *c)
{
	bind_i64(b, 2, c->allocation_id);
	bind_i64(b, 3, c->programme_id);
	bind_i64(b, 4, c->cohort_id);
	bind_i64(b, 5, c->centre_org_id);
	BIND_STR(b, 6, c->currency);
	bind_i64(b, 7, c->status);
	bind_i64(b, 8, c->counts.trainees);
	bind_i64(b, 9, c->counts.attended);
	bind_i64(b, 10, c->counts.completed);
	bind_i64(b, 11, c->counts.certified);
	bind_i64(b, 12, c->amount_minor);
	BIND_STR(b, 13, c->note);
	BIND_STR(b, 14, c->reason);
	BIND_STR(b, 15, c->payment_ref);
	bind_i64(b, 16, c->created_by);
	bind_i64(b, 17, c->created_at);
	bind_ref(b, 18, c->submitted_at);
	if (c->decided_at != 0)
		bind_i64(b, 19, c->decided_by);
	else
		bind_null(b, 19);
	bind_ref(b, 20, c->decided_at);
	if (c->paid_at != 0)
		bind_i64(b, 21, c->paid_by);
	else
		bind_null(b, 21);
	bind_ref(b, 22, c->paid_at);
}

int sqf_claim_insert(tunas_store *store, int64_t *out_id, const tunas_claim *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_CLAIM_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_claim(&b, c);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqf_claim_update(tunas_store *store, const tunas_claim *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_CLAIM_UPDATE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, c->id);
	bind_claim(&b, c);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	done(st);
	return rc;
}

int sqf_claim_get(tunas_store *store, tunas_claim *out, int64_t id)
{
	return get_by(to_sql(store), F_CLAIM_GET, id, sizeof(*out), claim_row, out);
}

int sqf_claim_list(tunas_store *store, tunas_claim **out, size_t *n, int64_t programme_id,
		   int64_t centre_org_id, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t after, limit;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_CLAIM_LIST)) != 0)
		return rc;
	page_args(page, &after, &limit);
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_i64(&b, 2, limit);
	bind_i64(&b, 3, programme_id);
	bind_i64(&b, 4, centre_org_id);
	rc = b.rc != DB_OK
		     ? fail(s, b.rc)
		     : fetch_all(s, st, sizeof(**out), (size_t)limit, claim_row, (void **)out, n);
	done(st);
	return rc;
}

static void evidence_row(db_stmt *st, void *dst)
{
	tunas_claim_counts *k = dst;

	k->trainees = col_i64(st, 0);
	k->completed = col_i64(st, 1);
	k->attended = col_i64(st, 2);
	k->certified = col_i64(st, 3);
}

int sqf_claim_evidence(tunas_store *store, tunas_claim_counts *out, int64_t cohort_id,
		       int attendance_percent, int64_t now)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_EVIDENCE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, cohort_id);
	bind_i64(&b, 2, attendance_percent);
	bind_i64(&b, 3, now);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(*out), evidence_row, out);
	done(st);
	return rc;
}

typedef struct {
	int64_t claimed, certified;
} prog_stats;

static void stats_row(db_stmt *st, void *dst)
{
	prog_stats *p = dst;

	p->claimed = col_i64(st, 0);
	p->certified = col_i64(st, 1);
}

int sqf_funding_programme_stats(tunas_store *store, int64_t *claimed, int64_t *certified,
				int64_t programme_id)
{
	prog_stats p = {0, 0};
	int rc = get_by(to_sql(store), F_PROG_STATS, programme_id, sizeof(p), stats_row, &p);

	if (rc == 0) {
		*claimed = p.claimed;
		*certified = p.certified;
	}
	return rc;
}

static void total_row(db_stmt *st, void *dst)
{
	tunas_funding_total *t = dst;

	COL_STR(t->currency, st, 0);
	t->sources = col_i64(st, 1);
	t->amount_minor = col_i64(st, 2);
	t->allocated_minor = col_i64(st, 3);
	t->committed_minor = col_i64(st, 4);
	t->spent_minor = col_i64(st, 5);
	t->unallocated_minor = t->amount_minor - t->allocated_minor;
	t->remaining_minor = t->allocated_minor - t->committed_minor - t->spent_minor;
}

int sqf_funding_totals(tunas_store *store, tunas_funding_total **out, size_t *n, int64_t org_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = fstmt(s, &st, F_TOTALS)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, org_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, total_row, (void **)out, n);
	done(st);
	return rc;
}
