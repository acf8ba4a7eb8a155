/*
 * store_sqlite_compete.c — the SQLite store's tables and operations for
 * competitions, rounds, judging (competition.h). Migration 7.
 *
 * Published results and answered appeals are never rewritten: triggers
 * refuse it. A person is in at most one entry of a competition, an
 * assignment needs the entry in the round and the judge on its panel, and a
 * score needs the assignment: the schema says so too.
 */
#include "store/sql_int.h"
#include "store/sql_compete.h"

/* ------------------------------------------------------------------------ */
/* Schema */

const char *const sqlite_schema_v7[] = {
	"CREATE TABLE competition ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" title TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" organiser_org_id INTEGER NOT NULL REFERENCES org (id),"
	" programme_id INTEGER REFERENCES programme (id),"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE comp_round ("
	" id INTEGER PRIMARY KEY,"
	" competition_id INTEGER NOT NULL REFERENCES competition (id),"
	" seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 10),"
	" name TEXT NOT NULL,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 5),"
	" advance INTEGER NOT NULL DEFAULT 0 CHECK (advance >= 0),"
	" min_civil_servants INTEGER NOT NULL DEFAULT 0 CHECK (min_civil_servants >= 0),"
	" version INTEGER NOT NULL DEFAULT 0 CHECK (version >= 0),"
	" published_at INTEGER,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (competition_id, seq));"
	"CREATE TABLE comp_criterion ("
	" id INTEGER PRIMARY KEY,"
	" round_id INTEGER NOT NULL REFERENCES comp_round (id),"
	" position INTEGER NOT NULL,"
	" name TEXT NOT NULL,"
	" weight INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),"
	" max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 1000),"
	" UNIQUE (round_id, position));"
	"CREATE TABLE comp_entry ("
	" id INTEGER PRIMARY KEY,"
	" competition_id INTEGER NOT NULL REFERENCES competition (id),"
	" kind INTEGER NOT NULL CHECK (kind IN (1, 2)),"
	" name TEXT NOT NULL,"
	" title TEXT NOT NULL DEFAULT '',"
	" created_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX comp_entry_of ON comp_entry (competition_id, id);"
	"CREATE TABLE comp_member ("
	" entry_id INTEGER NOT NULL REFERENCES comp_entry (id),"
	" competition_id INTEGER NOT NULL REFERENCES competition (id),"
	" position INTEGER NOT NULL,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" PRIMARY KEY (entry_id, person_id),"
	" UNIQUE (competition_id, person_id)) WITHOUT ROWID;"
	"CREATE INDEX comp_member_person ON comp_member (person_id, entry_id);",

	"CREATE TABLE comp_round_entry ("
	" round_id INTEGER NOT NULL REFERENCES comp_round (id),"
	" entry_id INTEGER NOT NULL REFERENCES comp_entry (id),"
	" PRIMARY KEY (round_id, entry_id)) WITHOUT ROWID;"
	"CREATE TABLE comp_panel ("
	" round_id INTEGER NOT NULL REFERENCES comp_round (id),"
	" user_id INTEGER NOT NULL REFERENCES app_user (id),"
	" PRIMARY KEY (round_id, user_id)) WITHOUT ROWID;"
	"CREATE TABLE comp_assignment ("
	" round_id INTEGER NOT NULL,"
	" entry_id INTEGER NOT NULL,"
	" judge_user_id INTEGER NOT NULL,"
	" PRIMARY KEY (round_id, entry_id, judge_user_id),"
	" FOREIGN KEY (round_id, entry_id) REFERENCES comp_round_entry (round_id, entry_id),"
	" FOREIGN KEY (round_id, judge_user_id) REFERENCES comp_panel (round_id, user_id))"
	" WITHOUT ROWID;"
	"CREATE INDEX comp_assignment_judge ON comp_assignment (judge_user_id, entry_id);"
	"CREATE TABLE comp_conflict ("
	" id INTEGER PRIMARY KEY,"
	" competition_id INTEGER NOT NULL REFERENCES competition (id),"
	" judge_user_id INTEGER NOT NULL REFERENCES app_user (id),"
	" entry_id INTEGER NOT NULL REFERENCES comp_entry (id),"
	" reason TEXT NOT NULL,"
	" declared_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (judge_user_id, entry_id));"
	"CREATE INDEX comp_conflict_of ON comp_conflict (competition_id, id);"
	"CREATE TABLE comp_score ("
	" round_id INTEGER NOT NULL,"
	" entry_id INTEGER NOT NULL,"
	" judge_user_id INTEGER NOT NULL,"
	" criterion_id INTEGER NOT NULL REFERENCES comp_criterion (id),"
	" score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),"
	" updated_at INTEGER NOT NULL,"
	" PRIMARY KEY (round_id, entry_id, judge_user_id, criterion_id),"
	" FOREIGN KEY (round_id, entry_id, judge_user_id)"
	"  REFERENCES comp_assignment (round_id, entry_id, judge_user_id)) WITHOUT ROWID;",

	"CREATE TABLE comp_result ("
	" round_id INTEGER NOT NULL REFERENCES comp_round (id),"
	" version INTEGER NOT NULL CHECK (version >= 1),"
	" entry_id INTEGER NOT NULL REFERENCES comp_entry (id),"
	" rank INTEGER NOT NULL,"
	" final_score REAL NOT NULL,"
	" raw_mean REAL NOT NULL,"
	" top_criterion REAL NOT NULL,"
	" judges INTEGER NOT NULL,"
	" tie INTEGER NOT NULL,"
	" advanced INTEGER NOT NULL CHECK (advanced IN (0, 1)),"
	" name TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" PRIMARY KEY (round_id, version, entry_id)) WITHOUT ROWID;"
	"CREATE TRIGGER comp_result_no_update BEFORE UPDATE ON comp_result"
	" BEGIN SELECT RAISE(ABORT, 'published results are never rewritten'); END;"
	"CREATE TRIGGER comp_result_no_delete BEFORE DELETE ON comp_result"
	" BEGIN SELECT RAISE(ABORT, 'published results are never rewritten'); END;"
	"CREATE TABLE comp_appeal ("
	" id INTEGER PRIMARY KEY,"
	" round_id INTEGER NOT NULL REFERENCES comp_round (id),"
	" entry_id INTEGER NOT NULL REFERENCES comp_entry (id),"
	" result_version INTEGER NOT NULL,"
	" filed_by INTEGER NOT NULL,"
	" grounds TEXT NOT NULL,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),"
	" response TEXT NOT NULL DEFAULT '',"
	" decided_by INTEGER,"
	" decided_at INTEGER,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX comp_appeal_of ON comp_appeal (round_id, id);"
	"CREATE TRIGGER comp_appeal_final BEFORE UPDATE ON comp_appeal WHEN OLD.status <> 1"
	" BEGIN SELECT RAISE(ABORT, 'an answered appeal is final'); END;"
	"CREATE TRIGGER comp_appeal_no_delete BEFORE DELETE ON comp_appeal"
	" BEGIN SELECT RAISE(ABORT, 'appeals are kept'); END;",
	NULL,
};

/* ------------------------------------------------------------------------ */
/* Statements */

#define COMP_COLS                                                                                  \
	"c.id, c.code, c.title, c.description, c.organiser_org_id, c.programme_id,"                \
	" c.created_at,"                                                                           \
	" (SELECT count(*) FROM comp_round r WHERE r.competition_id = c.id),"                      \
	" (SELECT count(*) FROM comp_entry e WHERE e.competition_id = c.id)"
#define ROUND_COLS                                                                                 \
	"r.id, r.competition_id, r.seq, r.name, r.status, r.advance, r.min_civil_servants,"        \
	" r.version, r.published_at, r.created_at,"                                                \
	" (SELECT count(*) FROM comp_round_entry x WHERE x.round_id = r.id)"
#define ENTRY_COLS "e.id, e.competition_id, e.kind, e.name, e.title, e.created_at"
#define CONFLICT_COLS "id, competition_id, judge_user_id, entry_id, reason, declared_by, created_at"
#define RESULT_COLS                                                                                \
	"x.entry_id, x.name, x.title, x.rank, x.final_score, x.raw_mean, x.top_criterion,"         \
	" x.judges, x.tie, x.advanced"
#define APPEAL_COLS                                                                                \
	"a.id, a.round_id, a.entry_id, a.result_version, a.filed_by, a.grounds, a.status,"         \
	" a.response, a.decided_by, a.decided_at, a.created_at"

enum {
	C_INSERT,
	C_GET,
	C_LIST,
	C_ROUND_INSERT,
	C_ROUND_GET,
	C_ROUND_LIST,
	C_ROUND_UPDATE,
	C_CRIT_CLEAR,
	C_CRIT_ADD,
	C_CRIT_OF,
	C_ENTRY_INSERT,
	C_MEMBER_ADD,
	C_ENTRY_GET,
	C_MEMBERS_OF,
	C_ENTRY_LIST,
	C_ENTRY_HAS_MEMBER,
	C_RENTRY_ADD,
	C_RENTRY_HAS,
	C_PANEL_ADD,
	C_PANEL_REMOVE,
	C_PANEL_LIST,
	C_ASSIGN_ADD,
	C_ASSIGN_SCORES_DEL,
	C_ASSIGN_REMOVE,
	C_ASSIGN_LIST,
	C_ASSIGNED,
	C_CONFLICT_INSERT,
	C_CONFLICT_LIST,
	C_CONFLICT_EXISTS,
	C_UNLOCKED_SCORES_DEL,
	C_UNLOCKED_ASSIGN_DEL,
	C_LOCKED_SCORED,
	C_SCORE_PUT,
	C_SCORE_LIST,
	C_RESULT_ADD,
	C_RESULT_LIST,
	C_APPEAL_INSERT,
	C_APPEAL_GET,
	C_APPEAL_LIST,
	C_APPEAL_UPDATE,
	C_COUNT
};

static const char *const csql[] = {
	[C_INSERT] = "INSERT INTO competition (code, title, description, organiser_org_id,"
		     " programme_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[C_GET] = "SELECT " COMP_COLS " FROM competition c WHERE c.id = ?1",
	[C_LIST] = "SELECT " COMP_COLS " FROM competition c WHERE c.id > ?1 ORDER BY c.id LIMIT ?2",
	[C_ROUND_INSERT] = "INSERT INTO comp_round (competition_id, seq, name, status, advance,"
			   " min_civil_servants, created_at)"
			   " VALUES (?1, (SELECT coalesce(max(seq), 0) + 1 FROM comp_round"
			   " WHERE competition_id = ?1), ?2, 1, ?3, ?4, ?5) RETURNING id",
	[C_ROUND_GET] = "SELECT " ROUND_COLS " FROM comp_round r WHERE r.id = ?1",
	[C_ROUND_LIST] = "SELECT " ROUND_COLS " FROM comp_round r WHERE r.competition_id = ?1"
			 " ORDER BY r.seq",
	[C_ROUND_UPDATE] = "UPDATE comp_round SET name = ?2, status = ?3, advance = ?4,"
			   " min_civil_servants = ?5, version = ?6, published_at = ?7"
			   " WHERE id = ?1",
	[C_CRIT_CLEAR] = "DELETE FROM comp_criterion WHERE round_id = ?1",
	[C_CRIT_ADD] = "INSERT INTO comp_criterion (round_id, position, name, weight, max_score)"
		       " VALUES (?1, ?2, ?3, ?4, ?5)",
	[C_CRIT_OF] = "SELECT id, name, weight, max_score FROM comp_criterion WHERE round_id = ?1"
		      " ORDER BY position",
	[C_ENTRY_INSERT] = "INSERT INTO comp_entry (competition_id, kind, name, title, created_by,"
			   " created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[C_MEMBER_ADD] = "INSERT INTO comp_member (entry_id, competition_id, position, person_id)"
			 " VALUES (?1, ?2, ?3, ?4)",
	[C_ENTRY_GET] = "SELECT " ENTRY_COLS " FROM comp_entry e WHERE e.id = ?1",
	[C_MEMBERS_OF] = "SELECT person_id FROM comp_member WHERE entry_id = ?1 ORDER BY position",
	/* ?2 round (0: all), ?3 judge (0: any), ?4 person (0: any). */
	[C_ENTRY_LIST] = "SELECT " ENTRY_COLS " FROM comp_entry e WHERE e.competition_id = ?1"
			 " AND (?2 = 0 OR e.id IN (SELECT entry_id FROM comp_round_entry"
			 "  WHERE round_id = ?2))"
			 " AND (?3 = 0 OR e.id IN (SELECT entry_id FROM comp_assignment"
			 "  WHERE judge_user_id = ?3 AND (?2 = 0 OR round_id = ?2)))"
			 " AND (?4 = 0 OR e.id IN (SELECT entry_id FROM comp_member"
			 "  WHERE person_id = ?4))"
			 " ORDER BY e.id",
	[C_ENTRY_HAS_MEMBER] = "SELECT count(*) FROM comp_member WHERE entry_id = ?1"
			       " AND person_id = ?2",
	[C_RENTRY_ADD] = "INSERT INTO comp_round_entry (round_id, entry_id) VALUES (?1, ?2) ON "
			 "CONFLICT DO NOTHING",
	[C_RENTRY_HAS] =
		"SELECT count(*) FROM comp_round_entry WHERE round_id = ?1 AND entry_id = ?2",
	[C_PANEL_ADD] = "INSERT INTO comp_panel (round_id, user_id) VALUES (?1, ?2)",
	[C_PANEL_REMOVE] = "DELETE FROM comp_panel WHERE round_id = ?1 AND user_id = ?2",
	[C_PANEL_LIST] = "SELECT p.round_id, u.id, u.username, u.display_name, u.org_id,"
			 " (SELECT count(*) FROM comp_assignment a WHERE a.round_id = p.round_id"
			 "  AND a.judge_user_id = u.id)"
			 " FROM comp_panel p JOIN app_user u ON u.id = p.user_id"
			 " WHERE p.round_id = ?1 ORDER BY u.id",
	[C_ASSIGN_ADD] = "INSERT INTO comp_assignment (round_id, entry_id, judge_user_id)"
			 " VALUES (?1, ?2, ?3)",
	[C_ASSIGN_SCORES_DEL] = "DELETE FROM comp_score WHERE round_id = ?1 AND entry_id = ?2"
				" AND judge_user_id = ?3",
	[C_ASSIGN_REMOVE] = "DELETE FROM comp_assignment WHERE round_id = ?1 AND entry_id = ?2"
			    " AND judge_user_id = ?3",
	[C_ASSIGN_LIST] = "SELECT a.round_id, a.entry_id, a.judge_user_id,"
			  " (SELECT count(*) FROM comp_score s WHERE s.round_id = a.round_id"
			  "  AND s.entry_id = a.entry_id AND s.judge_user_id = a.judge_user_id)"
			  " FROM comp_assignment a WHERE a.round_id = ?1"
			  " AND (?2 = 0 OR a.judge_user_id = ?2)"
			  " ORDER BY a.entry_id, a.judge_user_id",
	[C_ASSIGNED] = "SELECT count(*) FROM comp_assignment WHERE entry_id = ?2"
		       " AND judge_user_id = ?3 AND (?1 = 0 OR round_id = ?1)",
	[C_CONFLICT_INSERT] =
		"INSERT INTO comp_conflict (competition_id, judge_user_id, entry_id,"
		" reason, declared_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[C_CONFLICT_LIST] = "SELECT " CONFLICT_COLS " FROM comp_conflict WHERE competition_id = ?1"
			    " AND (?2 = 0 OR judge_user_id = ?2) ORDER BY id",
	[C_CONFLICT_EXISTS] = "SELECT count(*) FROM comp_conflict WHERE judge_user_id = ?1"
			      " AND entry_id = ?2",
	/* A declared conflict undoes the judge's work on the entry in rounds
	 * not yet locked (status below 4). */
	[C_UNLOCKED_SCORES_DEL] = "DELETE FROM comp_score WHERE judge_user_id = ?1"
				  " AND entry_id = ?2 AND round_id IN (SELECT id FROM comp_round"
				  " WHERE status < 4)",
	[C_UNLOCKED_ASSIGN_DEL] = "DELETE FROM comp_assignment WHERE judge_user_id = ?1"
				  " AND entry_id = ?2 AND round_id IN (SELECT id FROM comp_round"
				  " WHERE status < 4)",
	[C_LOCKED_SCORED] = "SELECT count(*) FROM comp_score s JOIN comp_round r"
			    " ON r.id = s.round_id WHERE s.judge_user_id = ?1 AND s.entry_id = ?2"
			    " AND r.status >= 4",
	[C_SCORE_PUT] = "INSERT INTO comp_score (round_id, entry_id, judge_user_id, criterion_id,"
			" score, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
			" ON CONFLICT (round_id, entry_id, judge_user_id, criterion_id)"
			" DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at",
	[C_SCORE_LIST] = "SELECT s.round_id, s.entry_id, s.judge_user_id, s.criterion_id, s.score,"
			 " s.updated_at FROM comp_score s"
			 " JOIN comp_criterion c ON c.id = s.criterion_id"
			 " WHERE s.round_id = ?1 AND (?2 = 0 OR s.entry_id = ?2)"
			 " AND (?3 = 0 OR s.judge_user_id = ?3)"
			 " ORDER BY s.entry_id, s.judge_user_id, c.position",
	[C_RESULT_ADD] = "INSERT INTO comp_result (round_id, version, entry_id, rank, final_score,"
			 " raw_mean, top_criterion, judges, tie, advanced, name, title)"
			 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[C_RESULT_LIST] = "SELECT " RESULT_COLS " FROM comp_result x WHERE x.round_id = ?1"
			  " AND x.version = ?2 ORDER BY x.rank = 0, x.rank, x.entry_id",
	[C_APPEAL_INSERT] =
		"INSERT INTO comp_appeal (round_id, entry_id, result_version, filed_by,"
		" grounds, status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6) RETURNING id",
	[C_APPEAL_GET] = "SELECT " APPEAL_COLS " FROM comp_appeal a WHERE a.id = ?1",
	[C_APPEAL_LIST] = "SELECT " APPEAL_COLS " FROM comp_appeal a WHERE a.round_id = ?1"
			  " AND (?2 = 0 OR a.entry_id IN (SELECT entry_id FROM comp_member"
			  "  WHERE person_id = ?2)) ORDER BY a.id",
	[C_APPEAL_UPDATE] = "UPDATE comp_appeal SET status = ?2, response = ?3, decided_by = ?4,"
			    " decided_at = ?5 WHERE id = ?1",
};

_Static_assert(C_COUNT <= SQ_COMPETE_SLOTS, "store_sqlite_compete.c: too many statements");
_Static_assert(sizeof(csql) / sizeof(csql[0]) == C_COUNT, "a statement without SQL");

static int cstmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot(s, out, SQ_COMPETE_BASE + which, csql[which]);
}

/* Prepare `which` and bind up to three ids (?1..?n as the statement takes). */
static int prep(sql_store *s, db_stmt **out, binder *b, int which, int64_t a, int64_t b2, int64_t c)
{
	int rc, np;

	if ((rc = cstmt(s, out, which)) != 0)
		return rc;
	*b = (binder){*out, DB_OK};
	np = db_param_count(*out);
	if (np >= 1)
		bind_i64(b, 1, a);
	if (np >= 2)
		bind_i64(b, 2, b2);
	if (np >= 3)
		bind_i64(b, 3, c);
	return 0;
}

static int get_by(sql_store *s, int which, int64_t a, int64_t b2, size_t size, row_fn row,
		  void *dst)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = prep(s, &st, &b, which, a, b2, 0)) != 0)
		return rc;
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, dst);
	done(st);
	return rc;
}

static int all_by(sql_store *s, int which, int64_t a, int64_t b2, int64_t c, size_t size,
		  row_fn row, void **out, size_t *n)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = prep(s, &st, &b, which, a, b2, c)) != 0)
		return rc;
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_all(s, st, size, 0, row, out, n);
	done(st);
	return rc;
}

/* Run a write of up to three ids; with `one`, ENOTFOUND if it touched no row. */
static int exec_by(sql_store *s, int which, int64_t a, int64_t b2, int64_t c, bool one)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = prep(s, &st, &b, which, a, b2, c)) != 0)
		return rc;
	if (b.rc != DB_OK)
		rc = fail(s, b.rc);
	else
		rc = one ? step_changed(s, st) : step_done(s, st);
	done(st);
	return rc;
}

static void i64_row(db_stmt *st, void *dst)
{
	*(int64_t *)dst = col_i64(st, 0);
}

/* A count(*) query: *out is whether it found any. */
static int exists_by(sql_store *s, int which, int64_t a, int64_t b2, int64_t c, bool *out)
{
	db_stmt *st = NULL;
	binder b;
	int64_t v = 0;
	int rc;

	if ((rc = prep(s, &st, &b, which, a, b2, c)) != 0)
		return rc;
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(v), i64_row, &v);
	done(st);
	if (rc == 0)
		*out = v > 0;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Competitions */

static void comp_row(db_stmt *st, void *dst)
{
	tunas_competition *c = dst;

	c->id = col_i64(st, 0);
	COL_STR(c->code, st, 1);
	COL_STR(c->title, st, 2);
	COL_STR(c->description, st, 3);
	c->organiser_org_id = col_i64(st, 4);
	c->programme_id = col_i64(st, 5);
	c->created_at = col_i64(st, 6);
	c->rounds = col_int(st, 7);
	c->entries = col_i64(st, 8);
}

int sqc_insert(tunas_store *store, int64_t *out_id, const tunas_competition *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	BIND_STR(&b, 1, c->code);
	BIND_STR(&b, 2, c->title);
	BIND_STR(&b, 3, c->description);
	bind_i64(&b, 4, c->organiser_org_id);
	bind_ref(&b, 5, c->programme_id);
	bind_i64(&b, 6, c->created_at);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqc_get(tunas_store *store, tunas_competition *out, int64_t id)
{
	return get_by(to_sql(store), C_GET, id, 0, sizeof(*out), comp_row, out);
}

int sqc_list(tunas_store *store, tunas_competition **out, size_t *n, const tunas_page *page)
{
	int64_t after, limit;

	page_args(page, &after, &limit);
	return all_by(to_sql(store), C_LIST, after, limit, 0, sizeof(**out), comp_row, (void **)out,
		      n);
}

/* ------------------------------------------------------------------------ */
/* Rounds and rubrics */

static void round_row(db_stmt *st, void *dst)
{
	tunas_round *r = dst;

	r->id = col_i64(st, 0);
	r->competition_id = col_i64(st, 1);
	r->seq = col_int(st, 2);
	COL_STR(r->name, st, 3);
	r->status = (tunas_round_status)col_int(st, 4);
	r->advance = col_int(st, 5);
	r->min_civil_servants = col_int(st, 6);
	r->version = col_int(st, 7);
	r->published_at = col_i64(st, 8);
	r->created_at = col_i64(st, 9);
	r->entries = col_i64(st, 10);
}

static void crit_row(db_stmt *st, void *dst)
{
	tunas_criterion *c = dst;

	c->id = col_i64(st, 0);
	COL_STR(c->name, st, 1);
	c->weight = col_int(st, 2);
	c->max_score = col_int(st, 3);
}

static int round_criteria(sql_store *s, tunas_round *r)
{
	tunas_criterion *arr = NULL;
	size_t n = 0;
	int rc;

	rc = all_by(s, C_CRIT_OF, r->id, 0, 0, sizeof(*arr), crit_row, (void **)&arr, &n);
	if (rc != 0)
		return rc;
	if (n > TUNAS_CRITERIA_MAX)
		n = TUNAS_CRITERIA_MAX;
	if (n > 0)
		memcpy(r->criteria, arr, n * sizeof(*arr));
	r->n_criteria = (int)n;
	free(arr);
	return 0;
}

int sqc_rubric_set(tunas_store *store, int64_t round_id, const tunas_criterion *c, size_t n)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	size_t i;
	int rc;

	if ((rc = exec_by(s, C_CRIT_CLEAR, round_id, 0, 0, false)) != 0)
		return rc;
	if ((rc = cstmt(s, &st, C_CRIT_ADD)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, round_id);
		bind_i64(&b, 2, (int64_t)i);
		BIND_STR(&b, 3, c[i].name);
		bind_i64(&b, 4, c[i].weight);
		bind_i64(&b, 5, c[i].max_score);
		rc = step_insert(s, st, &b, NULL);
		done(st);
	}
	return rc;
}

int sqc_round_insert(tunas_store *store, int64_t *out_id, const tunas_round *r)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_ROUND_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, r->competition_id);
	BIND_STR(&b, 2, r->name);
	bind_i64(&b, 3, r->advance);
	bind_i64(&b, 4, r->min_civil_servants);
	bind_i64(&b, 5, r->created_at);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc == 0)
		rc = sqc_rubric_set(store, id, r->criteria, (size_t)r->n_criteria);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqc_round_get(tunas_store *store, tunas_round *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_round r;
	int rc;

	if ((rc = get_by(s, C_ROUND_GET, id, 0, sizeof(r), round_row, &r)) != 0 ||
	    (rc = round_criteria(s, &r)) != 0)
		return rc;
	*out = r;
	return 0;
}

int sqc_round_list(tunas_store *store, tunas_round **out, size_t *n, int64_t competition_id)
{
	sql_store *s = to_sql(store);
	tunas_round *arr = NULL;
	size_t len = 0, i;
	int rc;

	rc = all_by(s, C_ROUND_LIST, competition_id, 0, 0, sizeof(*arr), round_row, (void **)&arr,
		    &len);
	for (i = 0; rc == 0 && i < len; i++)
		rc = round_criteria(s, &arr[i]);
	if (rc != 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

int sqc_round_update(tunas_store *store, const tunas_round *r)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_ROUND_UPDATE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, r->id);
	BIND_STR(&b, 2, r->name);
	bind_i64(&b, 3, r->status);
	bind_i64(&b, 4, r->advance);
	bind_i64(&b, 5, r->min_civil_servants);
	bind_i64(&b, 6, r->version);
	bind_ref(&b, 7, r->published_at);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Entries */

static void entry_row(db_stmt *st, void *dst)
{
	tunas_entry *e = dst;

	e->id = col_i64(st, 0);
	e->competition_id = col_i64(st, 1);
	e->kind = (tunas_entry_kind)col_int(st, 2);
	COL_STR(e->name, st, 3);
	COL_STR(e->title, st, 4);
	e->created_at = col_i64(st, 5);
}

static int entry_members(sql_store *s, tunas_entry *e)
{
	int64_t *arr = NULL;
	size_t n = 0;
	int rc;

	rc = all_by(s, C_MEMBERS_OF, e->id, 0, 0, sizeof(*arr), i64_row, (void **)&arr, &n);
	if (rc != 0)
		return rc;
	if (n > TUNAS_TEAM_MAX)
		n = TUNAS_TEAM_MAX;
	if (n > 0)
		memcpy(e->members, arr, n * sizeof(*arr));
	e->n_members = (int)n;
	free(arr);
	return 0;
}

int sqc_entry_insert(tunas_store *store, int64_t *out_id, const tunas_entry *e, int64_t created_by)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc, i;

	if ((rc = cstmt(s, &st, C_ENTRY_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, e->competition_id);
	bind_i64(&b, 2, e->kind);
	BIND_STR(&b, 3, e->name);
	BIND_STR(&b, 4, e->title);
	bind_i64(&b, 5, created_by);
	bind_i64(&b, 6, e->created_at);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc != 0)
		return rc;
	if ((rc = cstmt(s, &st, C_MEMBER_ADD)) != 0)
		return rc;
	for (i = 0; i < e->n_members && rc == 0; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, e->competition_id);
		bind_i64(&b, 3, i);
		bind_i64(&b, 4, e->members[i]);
		rc = step_insert(s, st, &b, NULL);
		done(st);
	}
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqc_entry_get(tunas_store *store, tunas_entry *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_entry e;
	int rc;

	if ((rc = get_by(s, C_ENTRY_GET, id, 0, sizeof(e), entry_row, &e)) != 0 ||
	    (rc = entry_members(s, &e)) != 0)
		return rc;
	*out = e;
	return 0;
}

int sqc_entry_list(tunas_store *store, tunas_entry **out, size_t *n, int64_t competition_id,
		   int64_t round_id, int64_t judge_user_id, int64_t person_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_entry *arr = NULL;
	size_t len = 0, i;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_ENTRY_LIST)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, competition_id);
	bind_i64(&b, 2, round_id);
	bind_i64(&b, 3, judge_user_id);
	bind_i64(&b, 4, person_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(*arr), 0, entry_row, (void **)&arr, &len);
	done(st);
	for (i = 0; rc == 0 && i < len; i++)
		rc = entry_members(s, &arr[i]);
	if (rc != 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

int sqc_entry_has_member(tunas_store *store, bool *out, int64_t entry_id, int64_t person_id)
{
	return exists_by(to_sql(store), C_ENTRY_HAS_MEMBER, entry_id, person_id, 0, out);
}

int sqc_round_entry_add(tunas_store *store, bool *added, int64_t round_id, int64_t entry_id)
{
	sql_store *s = to_sql(store);
	int rc = exec_by(s, C_RENTRY_ADD, round_id, entry_id, 0, false);

	if (rc == 0 && added != NULL)
		*added = db_changes(s->db) > 0;
	return rc;
}

int sqc_round_has_entry(tunas_store *store, bool *out, int64_t round_id, int64_t entry_id)
{
	return exists_by(to_sql(store), C_RENTRY_HAS, round_id, entry_id, 0, out);
}

/* ------------------------------------------------------------------------ */
/* Panels and assignments */

int sqc_panel_add(tunas_store *store, int64_t round_id, int64_t user_id)
{
	return exec_by(to_sql(store), C_PANEL_ADD, round_id, user_id, 0, false);
}

int sqc_panel_remove(tunas_store *store, int64_t round_id, int64_t user_id)
{
	return exec_by(to_sql(store), C_PANEL_REMOVE, round_id, user_id, 0, true);
}

static void panel_row(db_stmt *st, void *dst)
{
	tunas_panel_judge *j = dst;

	j->round_id = col_i64(st, 0);
	j->user_id = col_i64(st, 1);
	COL_STR(j->username, st, 2);
	COL_STR(j->display_name, st, 3);
	j->org_id = col_i64(st, 4);
	j->assigned = col_int(st, 5);
}

int sqc_panel_list(tunas_store *store, tunas_panel_judge **out, size_t *n, int64_t round_id)
{
	return all_by(to_sql(store), C_PANEL_LIST, round_id, 0, 0, sizeof(**out), panel_row,
		      (void **)out, n);
}

int sqc_assignment_add(tunas_store *store, int64_t round_id, int64_t entry_id, int64_t judge)
{
	return exec_by(to_sql(store), C_ASSIGN_ADD, round_id, entry_id, judge, false);
}

int sqc_assignment_remove(tunas_store *store, int64_t round_id, int64_t entry_id, int64_t judge)
{
	sql_store *s = to_sql(store);
	int rc = exec_by(s, C_ASSIGN_SCORES_DEL, round_id, entry_id, judge, false);

	return rc ? rc : exec_by(s, C_ASSIGN_REMOVE, round_id, entry_id, judge, true);
}

static void assign_row(db_stmt *st, void *dst)
{
	tunas_assignment *a = dst;

	a->round_id = col_i64(st, 0);
	a->entry_id = col_i64(st, 1);
	a->judge_user_id = col_i64(st, 2);
	a->scored = col_int(st, 3);
}

int sqc_assignment_list(tunas_store *store, tunas_assignment **out, size_t *n, int64_t round_id,
			int64_t judge)
{
	return all_by(to_sql(store), C_ASSIGN_LIST, round_id, judge, 0, sizeof(**out), assign_row,
		      (void **)out, n);
}

int sqc_assigned(tunas_store *store, bool *out, int64_t round_id, int64_t entry_id, int64_t judge)
{
	return exists_by(to_sql(store), C_ASSIGNED, round_id, entry_id, judge, out);
}

/* ------------------------------------------------------------------------ */
/* Conflicts */

static void conflict_row(db_stmt *st, void *dst)
{
	tunas_conflict *c = dst;

	c->id = col_i64(st, 0);
	c->competition_id = col_i64(st, 1);
	c->judge_user_id = col_i64(st, 2);
	c->entry_id = col_i64(st, 3);
	COL_STR(c->reason, st, 4);
	c->declared_by = col_i64(st, 5);
	c->created_at = col_i64(st, 6);
}

int sqc_conflict_insert(tunas_store *store, int64_t *out_id, const tunas_conflict *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_CONFLICT_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, c->competition_id);
	bind_i64(&b, 2, c->judge_user_id);
	bind_i64(&b, 3, c->entry_id);
	BIND_STR(&b, 4, c->reason);
	bind_i64(&b, 5, c->declared_by);
	bind_i64(&b, 6, c->created_at);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqc_conflict_list(tunas_store *store, tunas_conflict **out, size_t *n, int64_t competition_id,
		      int64_t judge)
{
	return all_by(to_sql(store), C_CONFLICT_LIST, competition_id, judge, 0, sizeof(**out),
		      conflict_row, (void **)out, n);
}

int sqc_conflict_exists(tunas_store *store, bool *out, int64_t judge, int64_t entry_id)
{
	return exists_by(to_sql(store), C_CONFLICT_EXISTS, judge, entry_id, 0, out);
}

int sqc_locked_scored(tunas_store *store, bool *out, int64_t judge, int64_t entry_id)
{
	return exists_by(to_sql(store), C_LOCKED_SCORED, judge, entry_id, 0, out);
}

int sqc_conflict_withdraw(tunas_store *store, int64_t judge, int64_t entry_id)
{
	sql_store *s = to_sql(store);
	int rc = exec_by(s, C_UNLOCKED_SCORES_DEL, judge, entry_id, 0, false);

	return rc ? rc : exec_by(s, C_UNLOCKED_ASSIGN_DEL, judge, entry_id, 0, false);
}

/* ------------------------------------------------------------------------ */
/* Scores and results */

int sqc_score_put(tunas_store *store, const tunas_score *sc)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_SCORE_PUT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, sc->round_id);
	bind_i64(&b, 2, sc->entry_id);
	bind_i64(&b, 3, sc->judge_user_id);
	bind_i64(&b, 4, sc->criterion_id);
	bind_i64(&b, 5, sc->score);
	bind_i64(&b, 6, sc->updated_at);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

static void score_row(db_stmt *st, void *dst)
{
	tunas_score *sc = dst;

	sc->round_id = col_i64(st, 0);
	sc->entry_id = col_i64(st, 1);
	sc->judge_user_id = col_i64(st, 2);
	sc->criterion_id = col_i64(st, 3);
	sc->score = col_int(st, 4);
	sc->updated_at = col_i64(st, 5);
}

int sqc_score_list(tunas_store *store, tunas_score **out, size_t *n, int64_t round_id,
		   int64_t entry_id, int64_t judge)
{
	return all_by(to_sql(store), C_SCORE_LIST, round_id, entry_id, judge, sizeof(**out),
		      score_row, (void **)out, n);
}

int sqc_result_insert(tunas_store *store, int64_t round_id, int version, const tunas_standing *rows,
		      size_t n)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	size_t i;
	int rc;

	if ((rc = cstmt(s, &st, C_RESULT_ADD)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, round_id);
		bind_i64(&b, 2, version);
		bind_i64(&b, 3, rows[i].entry_id);
		bind_i64(&b, 4, rows[i].rank);
		if (b.rc == DB_OK)
			b.rc = db_bind_double(st, 5, rows[i].final_score);
		if (b.rc == DB_OK)
			b.rc = db_bind_double(st, 6, rows[i].raw_mean);
		if (b.rc == DB_OK)
			b.rc = db_bind_double(st, 7, rows[i].top_criterion);
		bind_i64(&b, 8, rows[i].judges);
		bind_i64(&b, 9, rows[i].tie);
		bind_i64(&b, 10, rows[i].advanced);
		BIND_STR(&b, 11, rows[i].name);
		BIND_STR(&b, 12, rows[i].title);
		rc = step_insert(s, st, &b, NULL);
		done(st);
	}
	return rc;
}

static void result_row(db_stmt *st, void *dst)
{
	tunas_standing *x = dst;

	x->entry_id = col_i64(st, 0);
	COL_STR(x->name, st, 1);
	COL_STR(x->title, st, 2);
	x->rank = col_int(st, 3);
	x->final_score = db_col_double(st, 4);
	x->raw_mean = db_col_double(st, 5);
	x->top_criterion = db_col_double(st, 6);
	x->judges = col_int(st, 7);
	x->tie = (tunas_tie_rule)col_int(st, 8);
	x->advanced = col_int(st, 9) != 0;
}

int sqc_result_list(tunas_store *store, tunas_standing **out, size_t *n, int64_t round_id,
		    int version)
{
	return all_by(to_sql(store), C_RESULT_LIST, round_id, version, 0, sizeof(**out), result_row,
		      (void **)out, n);
}

/* ------------------------------------------------------------------------ */
/* Appeals */

static void appeal_row(db_stmt *st, void *dst)
{
	tunas_appeal *a = dst;

	a->id = col_i64(st, 0);
	a->round_id = col_i64(st, 1);
	a->entry_id = col_i64(st, 2);
	a->result_version = col_int(st, 3);
	a->filed_by = col_i64(st, 4);
	COL_STR(a->grounds, st, 5);
	a->status = (tunas_appeal_status)col_int(st, 6);
	COL_STR(a->response, st, 7);
	a->decided_by = col_i64(st, 8);
	a->decided_at = col_i64(st, 9);
	a->created_at = col_i64(st, 10);
}

int sqc_appeal_insert(tunas_store *store, int64_t *out_id, const tunas_appeal *a)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_APPEAL_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, a->round_id);
	bind_i64(&b, 2, a->entry_id);
	bind_i64(&b, 3, a->result_version);
	bind_i64(&b, 4, a->filed_by);
	BIND_STR(&b, 5, a->grounds);
	bind_i64(&b, 6, a->created_at);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqc_appeal_get(tunas_store *store, tunas_appeal *out, int64_t id)
{
	return get_by(to_sql(store), C_APPEAL_GET, id, 0, sizeof(*out), appeal_row, out);
}

int sqc_appeal_list(tunas_store *store, tunas_appeal **out, size_t *n, int64_t round_id,
		    int64_t person_id)
{
	return all_by(to_sql(store), C_APPEAL_LIST, round_id, person_id, 0, sizeof(**out),
		      appeal_row, (void **)out, n);
}

int sqc_appeal_update(tunas_store *store, const tunas_appeal *a)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = cstmt(s, &st, C_APPEAL_UPDATE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, a->id);
	bind_i64(&b, 2, a->status);
	BIND_STR(&b, 3, a->response);
	bind_ref(&b, 4, a->decided_by);
	bind_ref(&b, 5, a->decided_at);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	done(st);
	return rc;
}
