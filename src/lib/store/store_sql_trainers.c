/*
 * store_sqlite_trainers.c — the SQLite store's tables and operations for
 * trainers (trainers.h): qualifications, what courses require of their
 * trainers and award, and the edges of the cascade. Migration 6.
 */
#include "store/sql_int.h"
#include "store/sql_trainers.h"

const char *const sqlite_schema_v6[] = {
	"CREATE TABLE trainer_qualification ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" name TEXT NOT NULL,"
	" number TEXT NOT NULL DEFAULT '',"
	" issuer TEXT NOT NULL DEFAULT '',"
	" issued_on TEXT NOT NULL,"
	" expires_on TEXT,"
	" enrolment_id INTEGER REFERENCES enrolment (id),"
	" recorded_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" CHECK (expires_on IS NULL OR expires_on >= issued_on));"
	"CREATE INDEX trainer_qualification_person ON trainer_qualification (person_id, name);"
	/* The person an instructor account is: their qualifications and the
	 * people they trained. Kept apart from the account's own person link,
	 * which makes a trainee. */
	"CREATE TABLE trainer_person ("
	" user_id INTEGER PRIMARY KEY REFERENCES app_user (id),"
	" person_id INTEGER NOT NULL UNIQUE REFERENCES person (id));"
	"CREATE TABLE course_trainer_rule ("
	" course_id INTEGER PRIMARY KEY REFERENCES course (id),"
	" requires TEXT NOT NULL DEFAULT '',"
	" awards TEXT NOT NULL DEFAULT '',"
	" award_valid_months INTEGER NOT NULL DEFAULT 0"
	" CHECK (award_valid_months BETWEEN 0 AND 600));",
	NULL,
};

#define QUAL_COLS                                                                                  \
	"id, person_id, name, number, issuer, issued_on, expires_on, enrolment_id,"                \
	" recorded_by, created_at"

enum {
	T_QUAL_INSERT,
	T_QUAL_LIST,
	T_QUAL_VALID,
	T_RULE_PUT,
	T_RULE_GET,
	T_EDGES,
	T_LINK_SET,
	T_LINK_GET,
	T_COUNT
};

_Static_assert(T_COUNT <= SQ_TRAINERS_SLOTS, "too many statements");

static const char *const tsql[T_COUNT] = {
	[T_QUAL_INSERT] = "INSERT INTO trainer_qualification (" QUAL_COLS ")"
			  " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[T_QUAL_LIST] = "SELECT " QUAL_COLS " FROM trainer_qualification WHERE person_id = ?1"
			" ORDER BY issued_on, id",
	/* Held from `from` and still valid on `to`. */
	[T_QUAL_VALID] =
		"SELECT count(*) FROM trainer_qualification WHERE person_id = ?1"
		" AND name = ?2 AND issued_on <= ?3 AND (expires_on IS NULL OR expires_on >= ?4)",
	[T_RULE_PUT] =
		"INSERT INTO course_trainer_rule VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (course_id) DO UPDATE SET requires = excluded.requires,"
		" awards = excluded.awards, award_valid_months = excluded.award_valid_months",
	[T_RULE_GET] = "SELECT course_id, requires, awards, award_valid_months"
		       " FROM course_trainer_rule WHERE course_id = ?1",
	/* A trainer trained those who completed a cohort they teach. */
	[T_EDGES] = "SELECT DISTINCT u.person_id, e.person_id FROM cohort_instructor ci"
		    " JOIN trainer_person u ON u.user_id = ci.user_id"
		    " JOIN cohort c ON c.id = ci.cohort_id"
		    " JOIN enrolment e ON e.cohort_id = ci.cohort_id AND e.status = 6"
		    " WHERE (?1 = 0 OR c.programme_id = ?1) AND e.person_id <> u.person_id"
		    " ORDER BY 1, 2",
	[T_LINK_SET] = "INSERT INTO trainer_person VALUES (?1, ?2) ON CONFLICT (user_id)"
		       " DO UPDATE SET person_id = excluded.person_id",
	[T_LINK_GET] = "SELECT person_id FROM trainer_person WHERE user_id = ?1",
};

static int tstmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot(s, out, SQ_TRAINERS_BASE + which, tsql[which]);
}

static void qual_row(db_stmt *st, void *dst)
{
	tunas_trainer_qual *q = dst;

	q->id = col_i64(st, 0);
	q->person_id = col_i64(st, 1);
	COL_STR(q->name, st, 2);
	COL_STR(q->number, st, 3);
	COL_STR(q->issuer, st, 4);
	COL_STR(q->issued_on, st, 5);
	COL_STR(q->expires_on, st, 6);
	q->enrolment_id = col_i64(st, 7);
	q->recorded_by = col_i64(st, 8);
	q->created_at = col_i64(st, 9);
}

int sqt_qual_insert(tunas_store *store, int64_t *out_id, const tunas_trainer_qual *q)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = tstmt(s, &st, T_QUAL_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, q->person_id);
	BIND_STR(&b, 3, q->name);
	BIND_STR(&b, 4, q->number);
	BIND_STR(&b, 5, q->issuer);
	BIND_STR(&b, 6, q->issued_on);
	BIND_OPT(&b, 7, q->expires_on);
	bind_ref(&b, 8, q->enrolment_id);
	bind_i64(&b, 9, q->recorded_by);
	bind_i64(&b, 10, q->created_at);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqt_qual_list(tunas_store *store, tunas_trainer_qual **out, size_t *n, int64_t person_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc = tstmt(s, &st, T_QUAL_LIST);

	return rc ? rc : fetch_all_by(s, st, person_id, sizeof(**out), qual_row, (void **)out, n);
}

int sqt_qual_valid(tunas_store *store, bool *out, int64_t person_id, const char *name,
		   const char *from, const char *to)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	if ((rc = tstmt(s, &st, T_QUAL_VALID)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, person_id);
	bind_text(&b, 2, name, TUNAS_NAME_MAX + 1);
	bind_text(&b, 3, from, TUNAS_DATE_LEN + 1);
	bind_text(&b, 4, to, TUNAS_DATE_LEN + 1);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
	} else if ((step = db_step(st)) != DB_ROW) {
		rc = fail(s, step);
	} else {
		*out = col_i64(st, 0) > 0;
	}
	done(st);
	return rc;
}

int sqt_rule_put(tunas_store *store, const tunas_trainer_rule *r)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = tstmt(s, &st, T_RULE_PUT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, r->course_id);
	BIND_STR(&b, 2, r->requires);
	BIND_STR(&b, 3, r->awards);
	bind_i64(&b, 4, r->award_valid_months);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
	done(st);
	return rc;
}

static void rule_row(db_stmt *st, void *dst)
{
	tunas_trainer_rule *r = dst;

	r->course_id = col_i64(st, 0);
	COL_STR(r->requires, st, 1);
	COL_STR(r->awards, st, 2);
	r->award_valid_months = col_int(st, 3);
}

int sqt_rule_get(tunas_store *store, tunas_trainer_rule *out, int64_t course_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc = tstmt(s, &st, T_RULE_GET);

	return rc ? rc : fetch_one_by(s, st, course_id, sizeof(*out), rule_row, out);
}

static void edge_row(db_stmt *st, void *dst)
{
	tunas_trained_edge *e = dst;

	e->trainer = col_i64(st, 0);
	e->trainee = col_i64(st, 1);
}

int sqt_edges(tunas_store *store, tunas_trained_edge **out, size_t *n, int64_t programme_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc = tstmt(s, &st, T_EDGES);

	return rc ? rc
		  : fetch_all_by(s, st, programme_id, sizeof(**out), edge_row, (void **)out, n);
}

int sqt_link_set(tunas_store *store, int64_t user_id, int64_t person_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = tstmt(s, &st, T_LINK_SET)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, user_id);
	bind_i64(&b, 2, person_id);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
	done(st);
	return rc;
}

static void link_row(db_stmt *st, void *dst)
{
	*(int64_t *)dst = col_i64(st, 0);
}

int sqt_link_get(tunas_store *store, int64_t *out, int64_t user_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc = tstmt(s, &st, T_LINK_GET);

	return rc ? rc : fetch_one_by(s, st, user_id, sizeof(*out), link_row, out);
}
