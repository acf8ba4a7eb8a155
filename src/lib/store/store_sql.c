/*
 * store_sql.c — the store (store.h) in SQL, over SQLite or PostgreSQL (db.h).
 *
 * One connection per store: SQLite (db_sqlite.c: WAL, synchronous=FULL so
 * that an acknowledged commit survives a crash, foreign keys on, 5 s busy
 * timeout) or PostgreSQL (db_pg.c). The SQL is written once, in what both
 * understand; the few statements that must differ have a PostgreSQL text
 * beside the SQLite one (sql_pick, the *_pg arrays). The schema is created
 * and upgraded by numbered migrations (see `migrations`: SQLite's here and
 * in the area files, PostgreSQL's in schema_pg.c); each runs in its own
 * transaction under the write lock and is recorded in schema_migrations.
 *
 * Every statement is constant SQL with bound values. Statements are
 * prepared once, on first use, and cached in the store (see `sql_text`);
 * after each use they are reset and their bindings cleared, so no statement
 * is left active between calls and commit never waits on a reader of ours.
 *
 * Representation: enums are their integer values (CHECKed), dates TEXT
 * 'YYYY-MM-DD' (NULL when empty), times INTEGER unix seconds, hashes BLOB,
 * money INTEGER minor units, optional references NULL when 0. Arrays inside
 * structs (partners, tracks, phases, instructors, ...) live in child tables
 * ordered by a position column, written with their parent and replaced
 * whole on update — inside the caller's transaction; no op but
 * begin/commit/rollback opens or ends one.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include "store/sql_delivery.h"
#include "store/sql_compete.h"
#include "store/sql_funding.h"
#include "store/sql_skills.h"
#include "store/sql_trainers.h"
#include "store/sql_int.h"
#include "store/schema_pg.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The SQL below spells these values as literals. */
_Static_assert(TUNAS_SCOPE_ALL == 1 && TUNAS_SCOPE_CENTRE == 2 && TUNAS_SCOPE_OWNER == 3 &&
		       TUNAS_SCOPE_INSTRUCTOR == 4 && TUNAS_SCOPE_SELF == 5,
	       "scope kinds are literals in SQL");
_Static_assert(TUNAS_ENROL_APPLIED == 1 && TUNAS_ENROL_ACCEPTED == 2 &&
		       TUNAS_ENROL_WAITLISTED == 3 && TUNAS_ENROL_REJECTED == 4 &&
		       TUNAS_ENROL_ENROLLED == 5 && TUNAS_ENROL_COMPLETED == 6 &&
		       TUNAS_ENROL_WITHDRAWN == 7,
	       "enrolment statuses are literals in SQL");
_Static_assert(TUNAS_ORG_EMPLOYER == 5 && TUNAS_PHASE_OVERSEAS == 2 && TUNAS_EMP_STUDENT == 4 &&
		       TUNAS_ROLE_JUDGE == 8 && TUNAS_ID_PASSPORT == 3 && TUNAS_TOKEN_API == 2 &&
		       TUNAS_MODE_ALL == 7,
	       "enum ranges are literals in CHECK constraints");

/* ------------------------------------------------------------------------ */
/* Schema */

/* One string per table group: ISO C caps a literal at 4095 bytes. */
static const char *const schema_v1[] = {
	"CREATE TABLE org ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT NOT NULL,"
	" short_name TEXT NOT NULL DEFAULT '',"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 5),"
	" country TEXT NOT NULL DEFAULT '',"
	" region TEXT NOT NULL DEFAULT '',"
	" parent_id INTEGER REFERENCES org (id),"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX org_parent ON org (parent_id);",

	"CREATE TABLE partnership ("
	" id INTEGER PRIMARY KEY,"
	" title TEXT NOT NULL,"
	" purpose TEXT NOT NULL DEFAULT '',"
	" signed_on TEXT,"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE partnership_party ("
	" partnership_id INTEGER NOT NULL REFERENCES partnership (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" org_id INTEGER NOT NULL REFERENCES org (id),"
	" PRIMARY KEY (partnership_id, position),"
	" UNIQUE (partnership_id, org_id)) WITHOUT ROWID;"
	"CREATE INDEX partnership_party_org ON partnership_party (org_id, partnership_id);",

	"CREATE TABLE programme ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" description TEXT NOT NULL DEFAULT '',"
	" owner_org_id INTEGER NOT NULL REFERENCES org (id),"
	" sponsor_org_id INTEGER REFERENCES org (id),"
	" partnership_id INTEGER REFERENCES partnership (id),"
	" target_headcount INTEGER NOT NULL DEFAULT 0,"
	" budget_minor INTEGER NOT NULL DEFAULT 0,"
	" currency TEXT NOT NULL DEFAULT '',"
	" funded INTEGER NOT NULL DEFAULT 0 CHECK (funded IN (0, 1)),"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" modes INTEGER NOT NULL DEFAULT 0 CHECK (modes BETWEEN 0 AND 7),"
	" min_age INTEGER NOT NULL DEFAULT 0,"
	" max_age INTEGER NOT NULL DEFAULT 0,"
	" min_isced INTEGER NOT NULL DEFAULT -1 CHECK (min_isced BETWEEN -1 AND 8),"
	" max_isced INTEGER NOT NULL DEFAULT -1 CHECK (max_isced BETWEEN -1 AND 8),"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX programme_owner ON programme (owner_org_id);"
	"CREATE INDEX programme_sponsor ON programme (sponsor_org_id);"
	"CREATE TABLE programme_partner ("
	" programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" org_id INTEGER NOT NULL REFERENCES org (id),"
	" PRIMARY KEY (programme_id, position),"
	" UNIQUE (programme_id, org_id)) WITHOUT ROWID;"
	"CREATE INDEX programme_partner_org ON programme_partner (org_id, programme_id);"
	"CREATE TABLE programme_track ("
	" programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" code TEXT NOT NULL,"
	" PRIMARY KEY (programme_id, position)) WITHOUT ROWID;"
	"CREATE TABLE programme_phase ("
	" programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 2),"
	" name TEXT NOT NULL DEFAULT '',"
	" location TEXT NOT NULL DEFAULT '',"
	" country TEXT NOT NULL DEFAULT '',"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" PRIMARY KEY (programme_id, position)) WITHOUT ROWID;"
	"CREATE TABLE programme_status_rule ("
	" programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" employment INTEGER NOT NULL CHECK (employment BETWEEN 1 AND 4),"
	" PRIMARY KEY (programme_id, position)) WITHOUT ROWID;"
	"CREATE TABLE programme_agency_rule ("
	" programme_id INTEGER NOT NULL REFERENCES programme (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" org_id INTEGER NOT NULL REFERENCES org (id),"
	" PRIMARY KEY (programme_id, position)) WITHOUT ROWID;",

	"CREATE TABLE course ("
	" id INTEGER PRIMARY KEY,"
	" programme_id INTEGER NOT NULL REFERENCES programme (id),"
	" code TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" hours INTEGER NOT NULL DEFAULT 0,"
	" vendor_cert TEXT NOT NULL DEFAULT '',"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (programme_id, code));",

	"CREATE TABLE app_user ("
	" id INTEGER PRIMARY KEY,"
	" username TEXT NOT NULL UNIQUE,"
	" display_name TEXT NOT NULL DEFAULT '',"
	" role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 8),"
	" org_id INTEGER REFERENCES org (id),"
	" person_id INTEGER REFERENCES person (id),"
	" pwhash TEXT,"
	" disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX app_user_org ON app_user (org_id);"
	"CREATE INDEX app_user_person ON app_user (person_id);",

	"CREATE TABLE cohort ("
	" id INTEGER PRIMARY KEY,"
	" programme_id INTEGER NOT NULL REFERENCES programme (id),"
	" centre_org_id INTEGER NOT NULL REFERENCES org (id),"
	" name TEXT NOT NULL,"
	" capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),"
	" starts_on TEXT,"
	" ends_on TEXT,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX cohort_programme ON cohort (programme_id);"
	"CREATE INDEX cohort_centre ON cohort (centre_org_id);"
	"CREATE TABLE cohort_instructor ("
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id) ON DELETE CASCADE,"
	" position INTEGER NOT NULL,"
	" user_id INTEGER NOT NULL REFERENCES app_user (id),"
	" PRIMARY KEY (cohort_id, position),"
	" UNIQUE (cohort_id, user_id)) WITHOUT ROWID;"
	"CREATE INDEX cohort_instructor_user ON cohort_instructor (user_id, cohort_id);",

	"CREATE TABLE person ("
	" id INTEGER PRIMARY KEY,"
	" full_name TEXT NOT NULL,"
	" id_type INTEGER NOT NULL CHECK (id_type BETWEEN 1 AND 3),"
	" id_number TEXT NOT NULL,"
	" id_country TEXT NOT NULL DEFAULT '',"
	" birth_date TEXT,"
	" sex TEXT CHECK (sex IN ('M', 'F')),"
	" email TEXT NOT NULL DEFAULT '',"
	" phone TEXT NOT NULL DEFAULT '',"
	" edu_country TEXT NOT NULL DEFAULT '',"
	" edu_level TEXT NOT NULL DEFAULT '',"
	" isced INTEGER NOT NULL DEFAULT 0 CHECK (isced BETWEEN 0 AND 8),"
	" employment INTEGER NOT NULL DEFAULT 0 CHECK (employment BETWEEN 0 AND 4),"
	" employer_org_id INTEGER REFERENCES org (id),"
	" employer_name TEXT NOT NULL DEFAULT '',"
	" region TEXT NOT NULL DEFAULT '',"
	" registered_by_org INTEGER REFERENCES org (id),"
	" created_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL,"
	" UNIQUE (id_type, id_number));"
	/* (registered_by_org) is (registered_by_org, id): the rowid closes
	 * every index. */
	"CREATE INDEX person_registered_by ON person (registered_by_org);"
	"CREATE INDEX person_name ON person (lower(full_name));",

	"CREATE TABLE enrolment ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 7),"
	" reason TEXT NOT NULL DEFAULT '',"
	" applied_at INTEGER NOT NULL,"
	" updated_at INTEGER NOT NULL);"
	"CREATE INDEX enrolment_person ON enrolment (person_id, cohort_id);"
	"CREATE INDEX enrolment_cohort ON enrolment (cohort_id, status, applied_at);"
	/* One live (not rejected, not withdrawn) enrolment per person and
	 * cohort. The WHERE is spelt exactly as in enrol_find_active. */
	"CREATE UNIQUE INDEX enrolment_active ON enrolment (person_id, cohort_id)"
	" WHERE status NOT IN (4, 7);",

	"CREATE TABLE token ("
	" id INTEGER PRIMARY KEY,"
	" user_id INTEGER NOT NULL REFERENCES app_user (id),"
	" kind INTEGER NOT NULL CHECK (kind IN (1, 2)),"
	" label TEXT NOT NULL DEFAULT '',"
	" created_at INTEGER NOT NULL,"
	" expires_at INTEGER NOT NULL,"
	" revoked_at INTEGER,"
	" hash BLOB NOT NULL UNIQUE CHECK (length(hash) = 32));"
	"CREATE INDEX token_user ON token (user_id);",

	"CREATE TABLE audit_log ("
	" seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
	" at INTEGER NOT NULL,"
	" actor_id INTEGER NOT NULL,"
	" actor_name TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" object_type TEXT NOT NULL,"
	" object_id INTEGER NOT NULL,"
	" detail TEXT NOT NULL,"
	" prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),"
	" hash BLOB NOT NULL CHECK (length(hash) = 32));"
	/* Append-only. The insert trigger also stops INSERT OR REPLACE, whose
	 * implicit delete would not fire the delete trigger. */
	"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
	" BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
	"CREATE TRIGGER audit_log_seq_increases BEFORE INSERT ON audit_log"
	" WHEN NEW.seq <= (SELECT coalesce(max(seq), 0) FROM audit_log)"
	" BEGIN SELECT RAISE(ABORT, 'audit_log seq must increase'); END;",
	NULL,
};

/*
 * Version 2: who is within reach of a centre or a programme owner, kept as
 * rows so that scope checks are one key probe and a centre's people list
 * pages through its own index, whatever the size of the national table.
 * kind 2 (centre): people the centre registered or who applied to one of
 * its cohorts; kind 3 (owner): people who applied to a cohort of one of
 * the owner's programmes. The triggers keep it exact as people register,
 * apply, and cohorts or programmes change hands; the rows that existed
 * before are backfilled.
 */
static const char *const schema_v2[] = {
	"CREATE TABLE person_reach ("
	" kind INTEGER NOT NULL CHECK (kind IN (2, 3)),"
	" org_id INTEGER NOT NULL,"
	" person_id INTEGER NOT NULL,"
	" PRIMARY KEY (kind, org_id, person_id)) WITHOUT ROWID;",

	"CREATE TRIGGER person_reach_registered AFTER INSERT ON person"
	" WHEN NEW.registered_by_org IS NOT NULL BEGIN"
	" INSERT OR IGNORE INTO person_reach VALUES (2, NEW.registered_by_org, NEW.id);"
	" END;",

	"CREATE TRIGGER person_reach_applied AFTER INSERT ON enrolment BEGIN"
	" INSERT OR IGNORE INTO person_reach SELECT 2, c.centre_org_id, NEW.person_id"
	"  FROM cohort c WHERE c.id = NEW.cohort_id;"
	" INSERT OR IGNORE INTO person_reach SELECT 3, g.owner_org_id, NEW.person_id"
	"  FROM cohort c JOIN programme g ON g.id = c.programme_id WHERE c.id = NEW.cohort_id;"
	" END;",

	/* A cohort moved to another centre or programme: its applicants come
	 * into the new reach and leave the old one unless something else
	 * keeps them there. */
	"CREATE TRIGGER person_reach_cohort_moved AFTER UPDATE OF centre_org_id, programme_id"
	" ON cohort BEGIN"
	" INSERT OR IGNORE INTO person_reach SELECT 2, NEW.centre_org_id, e.person_id"
	"  FROM enrolment e WHERE e.cohort_id = NEW.id;"
	" INSERT OR IGNORE INTO person_reach SELECT 3, g.owner_org_id, e.person_id"
	"  FROM enrolment e JOIN programme g ON g.id = NEW.programme_id WHERE e.cohort_id = NEW.id;"
	" DELETE FROM person_reach WHERE kind = 2 AND org_id = OLD.centre_org_id"
	"  AND person_id IN (SELECT person_id FROM enrolment WHERE cohort_id = NEW.id)"
	"  AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = person_reach.person_id"
	"   AND p.registered_by_org = OLD.centre_org_id)"
	"  AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN cohort c ON c.id = e.cohort_id"
	"   WHERE e.person_id = person_reach.person_id AND c.centre_org_id = OLD.centre_org_id);"
	" DELETE FROM person_reach WHERE kind = 3"
	"  AND org_id = (SELECT owner_org_id FROM programme WHERE id = OLD.programme_id)"
	"  AND person_id IN (SELECT person_id FROM enrolment WHERE cohort_id = NEW.id)"
	"  AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN cohort c ON c.id = e.cohort_id"
	"   JOIN programme g ON g.id = c.programme_id WHERE e.person_id = person_reach.person_id"
	"   AND g.owner_org_id = person_reach.org_id);"
	" END;",

	"CREATE TRIGGER person_reach_owner_changed AFTER UPDATE OF owner_org_id ON programme"
	" WHEN NEW.owner_org_id <> OLD.owner_org_id BEGIN"
	" INSERT OR IGNORE INTO person_reach SELECT 3, NEW.owner_org_id, e.person_id"
	"  FROM cohort c JOIN enrolment e ON e.cohort_id = c.id WHERE c.programme_id = NEW.id;"
	" DELETE FROM person_reach WHERE kind = 3 AND org_id = OLD.owner_org_id"
	"  AND NOT EXISTS (SELECT 1 FROM enrolment e JOIN cohort c ON c.id = e.cohort_id"
	"   JOIN programme g ON g.id = c.programme_id WHERE e.person_id = person_reach.person_id"
	"   AND g.owner_org_id = OLD.owner_org_id);"
	" END;",

	"INSERT OR IGNORE INTO person_reach SELECT 2, registered_by_org, id FROM person"
	" WHERE registered_by_org IS NOT NULL;"
	"INSERT OR IGNORE INTO person_reach SELECT 2, c.centre_org_id, e.person_id"
	" FROM enrolment e JOIN cohort c ON c.id = e.cohort_id;"
	"INSERT OR IGNORE INTO person_reach SELECT 3, g.owner_org_id, e.person_id"
	" FROM enrolment e JOIN cohort c ON c.id = e.cohort_id JOIN programme g ON g.id = "
	"c.programme_id;",
	NULL,
};

/* Rate-limit buckets that several servers sharing the database count
 * together (store op rate_take). Nothing else refers to them. */
static const char *const schema_v9[] = {
	"CREATE TABLE rate_bucket ("
	" bucket TEXT NOT NULL, key BLOB NOT NULL, tokens REAL NOT NULL, at REAL NOT NULL,"
	" ok INTEGER NOT NULL, PRIMARY KEY (bucket, key))",
	NULL,
};

/* Numbered migrations, applied in order; never edit a released one, add the
 * next number instead. */
static const struct {
	int version;
	const char *const *sql;	   /* SQLite's statements, NULL-terminated */
	const char *const *pg_sql; /* PostgreSQL's (schema_pg.c) */
} migrations[] = {
	{1, schema_v1, pg_schema_v1},	     {2, schema_v2, pg_schema_v2},
	{3, sqlite_schema_v3, pg_schema_v3}, /* store_sql_delivery.c */
	{4, sqlite_schema_v4, pg_schema_v4}, /* store_sql_delivery.c */
	{5, sqlite_schema_v5, pg_schema_v5}, /* store_sql_skills.c */
	{6, sqlite_schema_v6, pg_schema_v6}, /* store_sql_trainers.c */
	{7, sqlite_schema_v7, pg_schema_v7}, /* store_sql_compete.c */
	{8, sqlite_schema_v8, pg_schema_v8}, /* store_sql_funding.c */
	{9, schema_v9, pg_schema_v9},
};

/* ------------------------------------------------------------------------ */
/* Statements */

#define ORG_COLS "id, name, short_name, kind, country, region, parent_id, created_at"
#define PARTNERSHIP_COLS "id, title, purpose, signed_on, starts_on, ends_on, created_at"
#define PROGRAMME_COLS                                                                             \
	"id, code, name, description, owner_org_id, sponsor_org_id, partnership_id,"               \
	" target_headcount, budget_minor, currency, funded, starts_on, ends_on, modes,"            \
	" min_age, max_age, min_isced, max_isced, created_at"
#define COURSE_COLS "id, programme_id, code, title, hours, vendor_cert, created_at"
#define COHORT_COLS                                                                                \
	"id, programme_id, centre_org_id, name, capacity, starts_on, ends_on, created_at"
#define PERSON_COLS                                                                                \
	"p.id, p.full_name, p.id_type, p.id_number, p.id_country, p.birth_date, p.sex,"            \
	" p.email, p.phone, p.edu_country, p.edu_level, p.isced, p.employment,"                    \
	" p.employer_org_id, p.employer_name, p.region, p.registered_by_org,"                      \
	" p.created_at, p.updated_at"
#define ENROL_COLS                                                                                 \
	"e.id, e.person_id, e.cohort_id,"                                                          \
	" (SELECT pc.programme_id FROM cohort pc WHERE pc.id = e.cohort_id),"                      \
	" e.status, e.reason, e.applied_at, e.updated_at"
#define USER_COLS "id, username, display_name, role, org_id, person_id, disabled, created_at"
#define TOKEN_COLS "id, user_id, kind, label, created_at, expires_at, revoked_at"
#define AUDIT_COLS                                                                                 \
	"seq, at, actor_id, actor_name, action, object_type, object_id, detail, prev_hash, hash"

/*
 * Scope filters. Parameters: ?2 kind, ?3 org_id, ?4 user_id, ?5 person_id.
 * Each is a residual test on the row being visited (p or e), so the outer
 * query keeps walking its own index.
 */
#define PERSON_SCOPE                                                                               \
	"(?2 = 1"                                                                                  \
	" OR (?2 IN (2, 3) AND EXISTS (SELECT 1 FROM person_reach pr"                              \
	" WHERE pr.kind = ?2 AND pr.org_id = ?3 AND pr.person_id = p.id))"                         \
	" OR (?2 = 4 AND EXISTS (SELECT 1 FROM enrolment se"                                       \
	" JOIN cohort_instructor si ON si.cohort_id = se.cohort_id"                                \
	" WHERE se.person_id = p.id AND si.user_id = ?4))"                                         \
	" OR (?2 = 5 AND p.id = ?5))"
#define ENROL_SCOPE                                                                                \
	"(?2 = 1"                                                                                  \
	" OR (?2 = 2 AND EXISTS (SELECT 1 FROM cohort sc"                                          \
	" WHERE sc.id = e.cohort_id AND sc.centre_org_id = ?3))"                                   \
	" OR (?2 = 3 AND EXISTS (SELECT 1 FROM cohort sc"                                          \
	" JOIN programme sg ON sg.id = sc.programme_id"                                            \
	" WHERE sc.id = e.cohort_id AND sg.owner_org_id = ?3))"                                    \
	" OR (?2 = 4 AND EXISTS (SELECT 1 FROM cohort_instructor si"                               \
	" WHERE si.cohort_id = e.cohort_id AND si.user_id = ?4))"                                  \
	" OR (?2 = 5 AND e.person_id = ?5))"

/*
 * person_list parameters: ?1 after_id, ?2..?5 scope, ?6 limit, ?7 lower-case
 * name prefix (or NULL), ?8 its exclusive upper bound (or NULL), ?9 region
 * (or NULL), ?10 cohort_id (or 0). All four variants take all ten; they
 * differ in what drives the scan.
 */
#define PERSON_CONDITIONS                                                                          \
	" AND (CAST(?7 AS TEXT) IS NULL OR (lower(p.full_name) >= ?7"                              \
	" AND (CAST(?8 AS TEXT) IS NULL OR lower(p.full_name) < ?8)))"                             \
	" AND (CAST(?9 AS TEXT) IS NULL OR p.region = ?9)"                                         \
	" AND (?10 = 0 OR EXISTS (SELECT 1 FROM enrolment fe"                                      \
	" WHERE fe.person_id = p.id AND fe.cohort_id = ?10))"                                      \
	" AND " PERSON_SCOPE
#define PERSON_FILTERS PERSON_CONDITIONS " ORDER BY p.id LIMIT ?6"

/* enrol_list parameters: ?1 after_id, ?2..?5 scope, ?6 limit, ?7 cohort_id,
 * ?8 person_id (0: any). */
#define ENROL_LIST_TAIL                                                                            \
	" AND (?7 = 0 OR e.cohort_id = ?7) AND (?8 = 0 OR e.person_id = ?8)"                       \
	" AND " ENROL_SCOPE " ORDER BY e.id LIMIT ?6"

/* A programme's enrolments in training (5) or completed (6) grouped by
 * KEY: in training, completed, and of the completed the certified (an
 * active certificate from that cohort) and the placed (a placement from
 * that enrolment or begun since the cohort did, or a tracer answer of
 * employed or self-employed). */
#define BREAKDOWN(KEY, JOIN)                                                                       \
	"SELECT " KEY ", sum(CASE WHEN e.status = 5 THEN 1 ELSE 0 END),"                           \
	" sum(CASE WHEN e.status = 6 THEN 1 ELSE 0 END),"                                          \
	" sum(CASE WHEN e.status = 6 AND EXISTS (SELECT 1 FROM certificate ct"                     \
	" WHERE ct.person_id = e.person_id AND ct.cohort_id = e.cohort_id AND ct.status = 1)"      \
	" THEN 1 ELSE 0 END),"                                                                     \
	" sum(CASE WHEN e.status = 6 AND (EXISTS (SELECT 1 FROM placement pl"                      \
	" WHERE pl.person_id = e.person_id AND (pl.enrolment_id = e.id"                            \
	" OR pl.started_on >= c.starts_on)) OR EXISTS (SELECT 1 FROM tracer t"                     \
	" WHERE t.enrolment_id = e.id AND t.status IN (1, 2))) THEN 1 ELSE 0 END)"                 \
	" FROM enrolment e JOIN cohort c ON c.id = e.cohort_id"                                    \
	" JOIN person p ON p.id = e.person_id" JOIN " WHERE c.programme_id = ?1"                   \
	" AND e.status IN (5, 6) GROUP BY 1 ORDER BY 1"

/* A bucket's tokens after refilling, with the dialect's two-argument
 * minimum and maximum. */
#define RATE_REFILLED(MIN, MAX)                                                                    \
#MIN "(?3, rate_bucket.tokens + " #MAX "(?4 - rate_bucket.at, 0) * ?5)"

enum {
	ST_BEGIN_WRITE,
	ST_BEGIN_READ,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_SAVEPOINT,
	ST_RELEASE,
	ST_ROLLBACK_TO,
	ST_PIN_READ,

	ST_ORG_INSERT,
	ST_ORG_UPDATE,
	ST_ORG_GET,
	ST_ORG_LIST,
	ST_PARTNERSHIP_INSERT,
	ST_PARTNERSHIP_GET,
	ST_PARTNERSHIP_LIST,
	ST_PARTY_INSERT,
	ST_PARTY_SELECT,

	ST_PROGRAMME_INSERT,
	ST_PROGRAMME_UPDATE,
	ST_PROGRAMME_GET,
	ST_PROGRAMME_FIND_CODE,
	ST_PROGRAMME_LIST,
	ST_PROGRAMME_COUNTS,
	ST_BREAKDOWN_REGION,
	ST_BREAKDOWN_GENDER,
	ST_BREAKDOWN_EDU,
	ST_BREAKDOWN_PARTNER,
	ST_PARTNER_INSERT,
	ST_PARTNER_SELECT,
	ST_PARTNER_DELETE,
	ST_TRACK_INSERT,
	ST_TRACK_SELECT,
	ST_TRACK_DELETE,
	ST_PHASE_INSERT,
	ST_PHASE_SELECT,
	ST_PHASE_DELETE,
	ST_STATUS_RULE_INSERT,
	ST_STATUS_RULE_SELECT,
	ST_STATUS_RULE_DELETE,
	ST_AGENCY_RULE_INSERT,
	ST_AGENCY_RULE_SELECT,
	ST_AGENCY_RULE_DELETE,

	ST_COURSE_INSERT,
	ST_COURSE_GET,
	ST_COURSE_LIST,
	ST_COURSE_LIST_ALL,

	ST_COHORT_INSERT,
	ST_COHORT_UPDATE,
	ST_COHORT_GET,
	ST_COHORT_LIST,
	ST_COHORT_LIST_ALL,
	ST_COHORT_COUNTS,
	ST_INSTRUCTOR_INSERT,
	ST_INSTRUCTOR_SELECT,
	ST_INSTRUCTOR_DELETE,

	ST_PERSON_INSERT,
	ST_PERSON_UPDATE,
	ST_PERSON_GET,
	ST_PERSON_FIND,
	ST_PERSON_IN_SCOPE,
	ST_PERSON_GET_SCOPED,
	ST_PERSON_LIST,
	ST_PERSON_LIST_SELF,
	ST_PERSON_LIST_COHORT,
	ST_PERSON_LIST_NAME,
	ST_PERSON_LIST_REACH,

	ST_ENROL_INSERT,
	ST_ENROL_UPDATE,
	ST_ENROL_GET,
	ST_ENROL_FIND_ACTIVE,
	ST_ENROL_FUNDED_OVERLAP,
	ST_ENROL_FIRST_WAITLISTED,
	ST_ENROL_IN_SCOPE,
	ST_ENROL_LIST,
	ST_ENROL_LIST_COHORT,
	ST_ENROL_LIST_PERSON,

	ST_USER_INSERT,
	ST_USER_GET,
	ST_USER_GET_AUTH,
	ST_USER_LIST,
	ST_USER_SET_DISABLED,

	ST_TOKEN_INSERT,
	ST_TOKEN_GET_BY_HASH,
	ST_TOKEN_GET,
	ST_TOKEN_REVOKE,
	ST_TOKEN_PURGE,
	ST_TOKEN_LIST,

	ST_AUDIT_HEAD,
	ST_AUDIT_APPEND,
	ST_RATE_TAKE,
	ST_RATE_PURGE,
	ST_AUDIT_LIST,

	ST_COUNT
};

static const char *const sql_text[ST_COUNT] = {
	[ST_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[ST_BEGIN_READ] = "BEGIN DEFERRED",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	/* Any read starts the read transaction; the schema is always there. */
	[ST_PIN_READ] = "SELECT 1 FROM sqlite_schema LIMIT 1",
	[ST_SAVEPOINT] = "SAVEPOINT tunas_sp",
	[ST_RELEASE] = "RELEASE tunas_sp",
	[ST_ROLLBACK_TO] = "ROLLBACK TO tunas_sp",

	[ST_ORG_INSERT] = "INSERT INTO org (" ORG_COLS ")"
			  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[ST_ORG_UPDATE] = "UPDATE org SET name = ?2, short_name = ?3, kind = ?4, country = ?5,"
			  " region = ?6, parent_id = ?7 WHERE id = ?1",
	[ST_ORG_GET] = "SELECT " ORG_COLS " FROM org WHERE id = ?1",
	[ST_ORG_LIST] = "SELECT " ORG_COLS " FROM org WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_PARTNERSHIP_INSERT] = "INSERT INTO partnership (" PARTNERSHIP_COLS ")"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	[ST_PARTNERSHIP_GET] = "SELECT " PARTNERSHIP_COLS " FROM partnership WHERE id = ?1",
	[ST_PARTNERSHIP_LIST] = "SELECT " PARTNERSHIP_COLS " FROM partnership p WHERE id > ?1"
				" AND (?3 = 0 OR EXISTS (SELECT 1 FROM partnership_party pp"
				" WHERE pp.partnership_id = p.id AND pp.org_id = ?3))"
				" ORDER BY id LIMIT ?2",
	[ST_PARTY_INSERT] = "INSERT INTO partnership_party (partnership_id, position, org_id)"
			    " VALUES (?1, ?2, ?3)",
	[ST_PARTY_SELECT] = "SELECT org_id FROM partnership_party WHERE partnership_id = ?1"
			    " ORDER BY position",

	[ST_PROGRAMME_INSERT] = "INSERT INTO programme (" PROGRAMME_COLS ") VALUES (?1, ?2, ?3,"
				" ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
				" ?18, ?19) RETURNING id",
	[ST_PROGRAMME_UPDATE] = "UPDATE programme SET code = ?2, name = ?3, description = ?4,"
				" owner_org_id = ?5, sponsor_org_id = ?6, partnership_id = ?7,"
				" target_headcount = ?8, budget_minor = ?9, currency = ?10,"
				" funded = ?11, starts_on = ?12, ends_on = ?13, modes = ?14,"
				" min_age = ?15, max_age = ?16, min_isced = ?17, max_isced = ?18"
				" WHERE id = ?1",
	[ST_PROGRAMME_GET] = "SELECT " PROGRAMME_COLS " FROM programme WHERE id = ?1",
	[ST_PROGRAMME_FIND_CODE] = "SELECT id FROM programme WHERE code = ?1",
	[ST_PROGRAMME_LIST] = "SELECT " PROGRAMME_COLS " FROM programme WHERE id > ?1"
			      " ORDER BY id LIMIT ?2",
	[ST_BREAKDOWN_REGION] = BREAKDOWN("coalesce(p.region, '')", ""),
	[ST_BREAKDOWN_GENDER] = BREAKDOWN("coalesce(p.sex, '')", ""),
	[ST_BREAKDOWN_EDU] = BREAKDOWN("coalesce(p.edu_level, '')", ""),
	[ST_BREAKDOWN_PARTNER] = BREAKDOWN("o.name", " JOIN org o ON o.id = c.centre_org_id"),
	[ST_PROGRAMME_COUNTS] = "SELECT e.status, count(*) FROM cohort c"
				" JOIN enrolment e ON e.cohort_id = c.id"
				" WHERE c.programme_id = ?1 GROUP BY e.status",
	[ST_PARTNER_INSERT] = "INSERT INTO programme_partner (programme_id, position, org_id)"
			      " VALUES (?1, ?2, ?3)",
	[ST_PARTNER_SELECT] = "SELECT org_id FROM programme_partner WHERE programme_id = ?1"
			      " ORDER BY position",
	[ST_PARTNER_DELETE] = "DELETE FROM programme_partner WHERE programme_id = ?1",
	[ST_TRACK_INSERT] = "INSERT INTO programme_track (programme_id, position, code)"
			    " VALUES (?1, ?2, ?3)",
	[ST_TRACK_SELECT] = "SELECT code FROM programme_track WHERE programme_id = ?1"
			    " ORDER BY position",
	[ST_TRACK_DELETE] = "DELETE FROM programme_track WHERE programme_id = ?1",
	[ST_PHASE_INSERT] = "INSERT INTO programme_phase (programme_id, position, kind, name,"
			    " location, country, starts_on, ends_on)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_PHASE_SELECT] = "SELECT kind, name, location, country, starts_on, ends_on"
			    " FROM programme_phase WHERE programme_id = ?1 ORDER BY position",
	[ST_PHASE_DELETE] = "DELETE FROM programme_phase WHERE programme_id = ?1",
	[ST_STATUS_RULE_INSERT] = "INSERT INTO programme_status_rule (programme_id, position,"
				  " employment) VALUES (?1, ?2, ?3)",
	[ST_STATUS_RULE_SELECT] = "SELECT employment FROM programme_status_rule"
				  " WHERE programme_id = ?1 ORDER BY position",
	[ST_STATUS_RULE_DELETE] = "DELETE FROM programme_status_rule WHERE programme_id = ?1",
	[ST_AGENCY_RULE_INSERT] = "INSERT INTO programme_agency_rule (programme_id, position,"
				  " org_id) VALUES (?1, ?2, ?3)",
	[ST_AGENCY_RULE_SELECT] = "SELECT org_id FROM programme_agency_rule"
				  " WHERE programme_id = ?1 ORDER BY position",
	[ST_AGENCY_RULE_DELETE] = "DELETE FROM programme_agency_rule WHERE programme_id = ?1",

	[ST_COURSE_INSERT] = "INSERT INTO course (" COURSE_COLS ")"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	[ST_COURSE_GET] = "SELECT " COURSE_COLS " FROM course WHERE id = ?1",
	[ST_COURSE_LIST] = "SELECT " COURSE_COLS " FROM course WHERE programme_id = ?3"
			   " AND id > ?1 ORDER BY id LIMIT ?2",
	[ST_COURSE_LIST_ALL] = "SELECT " COURSE_COLS " FROM course WHERE id > ?1"
			       " ORDER BY id LIMIT ?2",

	[ST_COHORT_INSERT] = "INSERT INTO cohort (" COHORT_COLS ")"
			     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[ST_COHORT_UPDATE] = "UPDATE cohort SET programme_id = ?2, centre_org_id = ?3, name = ?4,"
			     " capacity = ?5, starts_on = ?6, ends_on = ?7 WHERE id = ?1",
	[ST_COHORT_GET] = "SELECT " COHORT_COLS " FROM cohort WHERE id = ?1",
	[ST_COHORT_LIST] = "SELECT " COHORT_COLS " FROM cohort WHERE programme_id = ?3"
			   " AND id > ?1 ORDER BY id LIMIT ?2",
	[ST_COHORT_LIST_ALL] = "SELECT " COHORT_COLS " FROM cohort WHERE id > ?1"
			       " ORDER BY id LIMIT ?2",
	[ST_COHORT_COUNTS] = "SELECT status, count(*) FROM enrolment WHERE cohort_id = ?1"
			     " GROUP BY status",
	[ST_INSTRUCTOR_INSERT] = "INSERT INTO cohort_instructor (cohort_id, position, user_id)"
				 " VALUES (?1, ?2, ?3)",
	[ST_INSTRUCTOR_SELECT] = "SELECT user_id FROM cohort_instructor WHERE cohort_id = ?1"
				 " ORDER BY position",
	[ST_INSTRUCTOR_DELETE] = "DELETE FROM cohort_instructor WHERE cohort_id = ?1",

	[ST_PERSON_INSERT] = "INSERT INTO person (id, full_name, id_type, id_number, id_country,"
			     " birth_date, sex, email, phone, edu_country, edu_level, isced,"
			     " employment, employer_org_id, employer_name, region,"
			     " registered_by_org, created_at, updated_at) VALUES (?1, ?2, ?3,"
			     " ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
			     " ?18, ?19) RETURNING id",
	/* The identity (type, number, issuing country), the registering
	 * organisation and created_at are never changed. */
	[ST_PERSON_UPDATE] = "UPDATE person SET full_name = ?2, birth_date = ?6, sex = ?7,"
			     " email = ?8, phone = ?9, edu_country = ?10, edu_level = ?11,"
			     " isced = ?12, employment = ?13, employer_org_id = ?14,"
			     " employer_name = ?15, region = ?16, updated_at = ?19 WHERE id = ?1",
	[ST_PERSON_GET] = "SELECT " PERSON_COLS " FROM person p WHERE p.id = ?1",
	[ST_PERSON_FIND] = "SELECT " PERSON_COLS " FROM person p"
			   " WHERE p.id_type = ?1 AND p.id_number = ?2",
	[ST_PERSON_IN_SCOPE] = "SELECT EXISTS (SELECT 1 FROM person p WHERE p.id = ?1"
			       " AND " PERSON_SCOPE ")",
	[ST_PERSON_GET_SCOPED] = "SELECT " PERSON_COLS " FROM person p WHERE p.id = ?1"
				 " AND " PERSON_SCOPE,
	/* Walk people by id. */
	[ST_PERSON_LIST] = "SELECT " PERSON_COLS " FROM person p WHERE p.id > ?1" PERSON_FILTERS,
	/* One person. */
	[ST_PERSON_LIST_SELF] = "SELECT " PERSON_COLS " FROM person p WHERE p.id = ?5"
				" AND p.id > ?1" PERSON_FILTERS,
	/* A cohort's roster: driven by enrolment (cohort_id, ...). */
	[ST_PERSON_LIST_COHORT] =
		"SELECT " PERSON_COLS " FROM person p WHERE p.id IN"
		" (SELECT ce.person_id FROM enrolment ce WHERE ce.cohort_id = ?10)"
		" AND p.id > ?1" PERSON_FILTERS,
	/* Name search: driven by person_name; the unary + keeps the planner
	 * off the rowid range. */
	[ST_PERSON_LIST_NAME] = "SELECT " PERSON_COLS " FROM person p"
				" WHERE lower(p.full_name) >= ?7 AND lower(p.full_name) < ?8"
				" AND +p.id > ?1" PERSON_FILTERS,
	/* A centre's or owner's people: driven by person_reach, so a page
	 * reads only the rows in reach. */
	[ST_PERSON_LIST_REACH] =
		"SELECT " PERSON_COLS " FROM person_reach r"
		" JOIN person p ON p.id = r.person_id"
		" WHERE r.kind = ?2 AND r.org_id = ?3 AND r.person_id > ?1"
		" AND p.id > ?1" PERSON_CONDITIONS " ORDER BY r.person_id LIMIT ?6",

	[ST_ENROL_INSERT] =
		"INSERT INTO enrolment (id, person_id, cohort_id, status, reason,"
		" applied_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
	[ST_ENROL_UPDATE] = "UPDATE enrolment SET status = ?2, reason = ?3, updated_at = ?4"
			    " WHERE id = ?1",
	[ST_ENROL_GET] = "SELECT " ENROL_COLS " FROM enrolment e WHERE e.id = ?1",
	[ST_ENROL_FIND_ACTIVE] = "SELECT " ENROL_COLS " FROM enrolment e"
				 " WHERE e.person_id = ?1 AND e.cohort_id = ?2"
				 " AND status NOT IN (4, 7) ORDER BY e.id LIMIT 1",
	/* Missing dates count as open-ended, so they overlap. */
	[ST_ENROL_FUNDED_OVERLAP] = "SELECT " ENROL_COLS " FROM enrolment e"
				    " WHERE e.person_id = ?1 AND e.status IN (2, 5)"
				    " AND EXISTS (SELECT 1 FROM cohort oc"
				    " JOIN programme og ON og.id = oc.programme_id"
				    " WHERE oc.id = e.cohort_id AND og.funded = 1 AND og.id <> ?2"
				    " AND coalesce(oc.starts_on, '0000-00-00')"
				    " <= coalesce(?4, '9999-99-99')"
				    " AND coalesce(oc.ends_on, '9999-99-99')"
				    " >= coalesce(?3, '0000-00-00'))"
				    " ORDER BY e.id LIMIT 1",
	[ST_ENROL_FIRST_WAITLISTED] = "SELECT " ENROL_COLS " FROM enrolment e"
				      " WHERE e.cohort_id = ?1 AND e.status = 3"
				      " ORDER BY e.applied_at, e.id LIMIT 1",
	[ST_ENROL_IN_SCOPE] = "SELECT EXISTS (SELECT 1 FROM enrolment e WHERE e.id = ?1"
			      " AND " ENROL_SCOPE ")",
	[ST_ENROL_LIST] = "SELECT " ENROL_COLS " FROM enrolment e WHERE e.id > ?1" ENROL_LIST_TAIL,
	[ST_ENROL_LIST_COHORT] = "SELECT " ENROL_COLS " FROM enrolment e WHERE e.cohort_id = ?7"
				 " AND e.id > ?1" ENROL_LIST_TAIL,
	[ST_ENROL_LIST_PERSON] = "SELECT " ENROL_COLS " FROM enrolment e WHERE e.person_id = ?8"
				 " AND e.id > ?1" ENROL_LIST_TAIL,

	[ST_USER_INSERT] = "INSERT INTO app_user (" USER_COLS ", pwhash)"
			   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[ST_USER_GET] = "SELECT " USER_COLS " FROM app_user WHERE id = ?1",
	[ST_USER_GET_AUTH] = "SELECT " USER_COLS ", pwhash FROM app_user WHERE username = ?1",
	[ST_USER_LIST] = "SELECT " USER_COLS " FROM app_user WHERE id > ?1 ORDER BY id LIMIT ?2",
	[ST_USER_SET_DISABLED] = "UPDATE app_user SET disabled = ?2 WHERE id = ?1",

	[ST_TOKEN_INSERT] = "INSERT INTO token (" TOKEN_COLS ", hash)"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[ST_TOKEN_GET_BY_HASH] = "SELECT " TOKEN_COLS " FROM token WHERE hash = ?1",
	[ST_TOKEN_GET] = "SELECT " TOKEN_COLS " FROM token WHERE id = ?1",
	/* The first revocation time stands. */
	[ST_TOKEN_REVOKE] = "UPDATE token SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
	[ST_TOKEN_PURGE] = "DELETE FROM token WHERE user_id = ?1 AND expires_at < ?2",
	[ST_TOKEN_LIST] = "SELECT " TOKEN_COLS " FROM token WHERE user_id = ?1 ORDER BY id",

	[ST_AUDIT_HEAD] = "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
	[ST_AUDIT_APPEND] = "INSERT INTO audit_log (" AUDIT_COLS ")"
			    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_AUDIT_LIST] = "SELECT " AUDIT_COLS " FROM audit_log WHERE seq > ?1"
			  " ORDER BY seq LIMIT ?2",

	/* A token bucket refilled at ?5 a second up to ?3 (the burst), at
	 * time ?4: one atomic statement, so two servers taking from the same
	 * bucket at once each see the other's take. The SET expressions all
	 * read the row as it was. A clock that went back refills nothing. */
	// clang-format off
	[ST_RATE_TAKE] = "INSERT INTO rate_bucket (bucket, key, tokens, at, ok)"
		" VALUES (?1, ?2, ?3 - 1, ?4, 1) ON CONFLICT (bucket, key) DO UPDATE SET"
		" ok = " RATE_REFILLED(min, max) " >= 1,"
		" tokens = " RATE_REFILLED(min, max) " - (" RATE_REFILLED(min, max) " >= 1),"
		" at = max(?4, rate_bucket.at) RETURNING ok",
	// clang-format on
	[ST_RATE_PURGE] = "DELETE FROM rate_bucket WHERE at < ?1",
};

/* PostgreSQL's text where SQLite's will not do (NULL: the same). */
static const char *const sql_text_pg[ST_COUNT] = {
	// clang-format off
	[ST_RATE_TAKE] = "INSERT INTO rate_bucket (bucket, key, tokens, at, ok)"
		" VALUES (?1, ?2, ?3 - 1, ?4, 1) ON CONFLICT (bucket, key) DO UPDATE SET"
		" ok = CASE WHEN " RATE_REFILLED(LEAST, GREATEST) " >= 1 THEN 1 ELSE 0 END,"
		" tokens = " RATE_REFILLED(LEAST, GREATEST) " - CASE WHEN "
		RATE_REFILLED(LEAST, GREATEST) " >= 1 THEN 1 ELSE 0 END,"
		" at = GREATEST(?4, rate_bucket.at) RETURNING ok",
	// clang-format on
};

/* ------------------------------------------------------------------------ */
/* The store object and its helpers: see sqlite_int.h */

_Static_assert(ST_COUNT <= SQ_CORE_SLOTS, "too many core statements");

/* The cached statement `which`, prepared on first use. */
static int stmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot2(s, out, which, sql_text[which], sql_text_pg[which]);
}

/* Run a statement that binds ?1 = id and returns no rows. */
static int exec_id(sql_store *s, int which, int64_t id)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
out:
	done(st);
	return rc;
}

/* Insert (parent, position, value) rows for an id array. */
static int insert_ids(sql_store *s, int which, int64_t parent, const int64_t *ids, int n)
{
	db_stmt *st = NULL;
	binder b;
	int rc, i;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	for (i = 0; i < n; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, parent);
		bind_i64(&b, 2, i);
		bind_i64(&b, 3, ids[i]);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
		done(st);
		if (rc != 0)
			goto out;
	}
out:
	done(st);
	return rc;
}

/* Read a child id column (ordered by position) into ids[max]. */
static int select_ids(sql_store *s, int which, int64_t parent, int64_t *ids, int max, int *n)
{
	db_stmt *st = NULL;
	binder b;
	int rc, step, count = 0;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, parent);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		if (count < max)
			ids[count++] = col_i64(st, 0);
	}
	if (step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	*n = count;
out:
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Transactions */

static int run_simple(sql_store *s, int which)
{
	db_stmt *st = NULL;
	int rc;

	rc = stmt(s, &st, which);
	if (rc == 0)
		rc = step_done(s, st);
	done(st);
	return rc;
}

static const char *begin_write_sql(const sql_store *s);

/* PostgreSQL: a write transaction first takes the schema's advisory lock,
 * so writers queue as SQLite's do (read-then-write sequences such as
 * capacity checks and the audit chain stay atomic across servers); reads
 * see one snapshot, as in SQLite. Sent as one simple query: one round
 * trip. */
static int sq_begin(tunas_store *store, bool write)
{
	sql_store *s = to_sql(store);
	int rc;

	if (db_dialect_of(s->db) == DB_SQLITE)
		return run_simple(s, write ? ST_BEGIN_WRITE : ST_BEGIN_READ);
	if (db_in_transaction(s->db)) { /* PostgreSQL would only warn */
		set_msg(s, "cannot start a transaction within a transaction");
		return TUNAS_ESTORE;
	}
	rc = db_exec(s->db, write ? begin_write_sql(s) : "BEGIN ISOLATION LEVEL REPEATABLE READ");
	return rc == DB_OK ? 0 : fail(s, rc);
}

static int sq_commit(tunas_store *store)
{
	return run_simple(to_sql(store), ST_COMMIT);
}

static int sq_rollback(tunas_store *store)
{
	sql_store *s = to_sql(store);

	/* Some errors roll the transaction back by themselves. */
	if (!db_in_transaction(s->db))
		return 0;
	return run_simple(s, ST_ROLLBACK);
}

/*
 * The lock pin. Every read transaction takes a shared lock on the database
 * file and a read lock in the WAL index, and gives both back at its end;
 * SQLite asks the kernel (fcntl) only when no other connection of this
 * process holds the same lock. A long-running server keeps one extra
 * connection in a short read transaction, renewed every fraction of a
 * second, so that its request connections almost never make those system
 * calls: +20% on a GET (docs/PERFORMANCE.md). Renewing it keeps its
 * snapshot recent, so checkpoints are held back by at most that interval.
 * The pin reads nothing for anyone; request transactions take their own
 * snapshots and see every commit as before.
 */
static int sq_pin(tunas_store *store, bool hold)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc = 0;

	if (db_dialect_of(s->db) != DB_SQLITE)
		return 0; /* no file locks to keep */
	if (db_in_transaction(s->db))
		rc = run_simple(s, ST_COMMIT);
	if (rc != 0 || !hold)
		return rc;
	rc = run_simple(s, ST_BEGIN_READ);
	if (rc != 0)
		return rc;
	rc = stmt(s, &st, ST_PIN_READ);
	if (rc == 0) {
		int step = db_step(st);

		rc = step == DB_ROW || step == DB_DONE ? 0 : fail(s, step);
	}
	done(st);
	if (rc != 0)
		sq_rollback(store);
	return rc;
}

/* Savepoints all share one name: SQLite resolves a name to the innermost
 * savepoint that has it, so nesting works. Rolling back to a savepoint
 * leaves it open; release it too so the nesting stays balanced. */
static int sq_savepoint(tunas_store *store)
{
	return run_simple(to_sql(store), ST_SAVEPOINT);
}

static int sq_release(tunas_store *store)
{
	return run_simple(to_sql(store), ST_RELEASE);
}

static int sq_rollback_to(tunas_store *store)
{
	sql_store *s = to_sql(store);
	int rc;

	if (!db_in_transaction(s->db))
		return 0;
	rc = run_simple(s, ST_ROLLBACK_TO);
	if (rc == 0)
		rc = run_simple(s, ST_RELEASE);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Organisations and partnerships */

static void row_org(db_stmt *st, void *dst)
{
	tunas_org *o = dst;

	o->id = col_i64(st, 0);
	COL_STR(o->name, st, 1);
	COL_STR(o->short_name, st, 2);
	o->kind = (tunas_org_kind)col_int(st, 3);
	COL_STR(o->country, st, 4);
	COL_STR(o->region, st, 5);
	o->parent_id = col_i64(st, 6);
	o->created_at = col_i64(st, 7);
}

static void bind_org(binder *b, const tunas_org *o)
{
	BIND_STR(b, 2, o->name);
	BIND_STR(b, 3, o->short_name);
	bind_i64(b, 4, o->kind);
	BIND_STR(b, 5, o->country);
	BIND_STR(b, 6, o->region);
	bind_ref(b, 7, o->parent_id);
}

static int sq_org_insert(tunas_store *store, int64_t *out_id, const tunas_org *o)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_ORG_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_org(&b, o);
	bind_i64(&b, 8, o->created_at);
	rc = step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_org_update(tunas_store *store, const tunas_org *o)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_ORG_UPDATE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, o->id);
	bind_org(&b, o);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
out:
	done(st);
	return rc;
}

/* Fetch one row by ?1 = id with `which` into *out via a local copy. */
static int get_by_id(sql_store *s, int which, int64_t id, size_t size, row_fn row, void *tmp)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, tmp);
out:
	done(st);
	return rc;
}

static int sq_org_get(tunas_store *store, tunas_org *out, int64_t id)
{
	tunas_org tmp;
	int rc = get_by_id(to_sql(store), ST_ORG_GET, id, sizeof(tmp), row_org, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

/* A page of rows: ?1 after, ?2 limit, ?3 `arg` (when the SQL uses it). */
static int list_page(sql_store *s, int which, const tunas_page *page, bool has_arg, int64_t arg,
		     size_t size, row_fn row, void **out, size_t *n)
{
	db_stmt *st = NULL;
	int64_t after, limit;
	binder b;
	int rc;

	page_args(page, &after, &limit);
	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_i64(&b, 2, limit);
	if (has_arg)
		bind_i64(&b, 3, arg);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	rc = fetch_all(s, st, size, (size_t)limit, row, out, n);
out:
	done(st);
	return rc;
}

static int sq_org_list(tunas_store *store, tunas_org **out, size_t *n, const tunas_page *page)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = list_page(to_sql(store), ST_ORG_LIST, page, false, 0, sizeof(tunas_org), row_org,
			   &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static void row_partnership(db_stmt *st, void *dst)
{
	tunas_partnership *p = dst;

	p->id = col_i64(st, 0);
	COL_STR(p->title, st, 1);
	COL_STR(p->purpose, st, 2);
	COL_STR(p->signed_on, st, 3);
	COL_STR(p->starts_on, st, 4);
	COL_STR(p->ends_on, st, 5);
	p->created_at = col_i64(st, 6);
}

static int sq_partnership_insert(tunas_store *store, int64_t *out_id, const tunas_partnership *p)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	if (p->n_parties < 0 || p->n_parties > TUNAS_PARTIES_MAX) {
		rc = invalid(s, "n_parties out of range");
		goto out;
	}
	rc = stmt(s, &st, ST_PARTNERSHIP_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	BIND_STR(&b, 2, p->title);
	BIND_STR(&b, 3, p->purpose);
	BIND_OPT(&b, 4, p->signed_on);
	BIND_OPT(&b, 5, p->starts_on);
	BIND_OPT(&b, 6, p->ends_on);
	bind_i64(&b, 7, p->created_at);
	rc = step_insert(s, st, &b, &id);
	if (rc != 0)
		goto out;
	rc = insert_ids(s, ST_PARTY_INSERT, id, p->parties, p->n_parties);
	if (rc != 0)
		goto out;
	*out_id = id;
out:
	done(st);
	return rc;
}

static int load_parties(sql_store *s, tunas_partnership *p)
{
	return select_ids(s, ST_PARTY_SELECT, p->id, p->parties, TUNAS_PARTIES_MAX, &p->n_parties);
}

static int sq_partnership_get(tunas_store *store, tunas_partnership *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_partnership tmp;
	int rc;

	rc = get_by_id(s, ST_PARTNERSHIP_GET, id, sizeof(tmp), row_partnership, &tmp);
	if (rc == 0)
		rc = load_parties(s, &tmp);
	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_partnership_list(tunas_store *store, tunas_partnership **out, size_t *n,
			       int64_t party_org, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	tunas_partnership *arr = NULL;
	void *tmp = NULL;
	size_t count = 0, i;
	int rc;

	rc = list_page(s, ST_PARTNERSHIP_LIST, page, true, party_org, sizeof(*arr), row_partnership,
		       &tmp, &count);
	if (rc != 0)
		goto out;
	arr = tmp;
	for (i = 0; i < count; i++) {
		rc = load_parties(s, &arr[i]);
		if (rc != 0)
			goto out;
	}
	*out = arr;
	*n = count;
	arr = NULL;
out:
	free(arr);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Programmes and courses */

static void row_programme(db_stmt *st, void *dst)
{
	tunas_programme *p = dst;

	p->id = col_i64(st, 0);
	COL_STR(p->code, st, 1);
	COL_STR(p->name, st, 2);
	COL_STR(p->description, st, 3);
	p->owner_org_id = col_i64(st, 4);
	p->sponsor_org_id = col_i64(st, 5);
	p->partnership_id = col_i64(st, 6);
	p->target_headcount = col_int(st, 7);
	p->budget_minor = col_i64(st, 8);
	COL_STR(p->currency, st, 9);
	p->funded = col_int(st, 10) != 0;
	COL_STR(p->starts_on, st, 11);
	COL_STR(p->ends_on, st, 12);
	p->modes = (unsigned)col_int(st, 13);
	p->rules.min_age = col_int(st, 14);
	p->rules.max_age = col_int(st, 15);
	p->rules.min_isced = col_int(st, 16);
	p->rules.max_isced = col_int(st, 17);
	p->created_at = col_i64(st, 18);
}

static void bind_programme(binder *b, const tunas_programme *p)
{
	BIND_STR(b, 2, p->code);
	BIND_STR(b, 3, p->name);
	BIND_STR(b, 4, p->description);
	bind_i64(b, 5, p->owner_org_id);
	bind_ref(b, 6, p->sponsor_org_id);
	bind_ref(b, 7, p->partnership_id);
	bind_i64(b, 8, p->target_headcount);
	bind_i64(b, 9, p->budget_minor);
	BIND_STR(b, 10, p->currency);
	bind_i64(b, 11, p->funded ? 1 : 0);
	BIND_OPT(b, 12, p->starts_on);
	BIND_OPT(b, 13, p->ends_on);
	bind_i64(b, 14, p->modes);
	bind_i64(b, 15, p->rules.min_age);
	bind_i64(b, 16, p->rules.max_age);
	bind_i64(b, 17, p->rules.min_isced);
	bind_i64(b, 18, p->rules.max_isced);
}

static int check_programme(sql_store *s, const tunas_programme *p)
{
	if (p->n_partners < 0 || p->n_partners > TUNAS_PARTNERS_MAX)
		return invalid(s, "n_partners out of range");
	if (p->n_tracks < 0 || p->n_tracks > TUNAS_TRACKS_MAX)
		return invalid(s, "n_tracks out of range");
	if (p->n_phases < 0 || p->n_phases > TUNAS_PHASES_MAX)
		return invalid(s, "n_phases out of range");
	if (p->rules.n_statuses < 0 || p->rules.n_statuses > TUNAS_STATUSES_MAX)
		return invalid(s, "n_statuses out of range");
	if (p->rules.n_agencies < 0 || p->rules.n_agencies > TUNAS_AGENCIES_MAX)
		return invalid(s, "n_agencies out of range");
	return 0;
}

static int insert_tracks(sql_store *s, int64_t id, const tunas_programme *p)
{
	db_stmt *st = NULL;
	binder b;
	int rc, i;

	rc = stmt(s, &st, ST_TRACK_INSERT);
	if (rc != 0)
		goto out;
	for (i = 0; i < p->n_tracks; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, i);
		BIND_STR(&b, 3, p->tracks[i]);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
		done(st);
		if (rc != 0)
			goto out;
	}
out:
	done(st);
	return rc;
}

static int insert_phases(sql_store *s, int64_t id, const tunas_programme *p)
{
	db_stmt *st = NULL;
	const tunas_phase *ph;
	binder b;
	int rc, i;

	rc = stmt(s, &st, ST_PHASE_INSERT);
	if (rc != 0)
		goto out;
	for (i = 0; i < p->n_phases; i++) {
		ph = &p->phases[i];
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, i);
		bind_i64(&b, 3, ph->kind);
		BIND_STR(&b, 4, ph->name);
		BIND_STR(&b, 5, ph->location);
		BIND_STR(&b, 6, ph->country);
		BIND_OPT(&b, 7, ph->starts_on);
		BIND_OPT(&b, 8, ph->ends_on);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
		done(st);
		if (rc != 0)
			goto out;
	}
out:
	done(st);
	return rc;
}

static int insert_programme_children(sql_store *s, int64_t id, const tunas_programme *p)
{
	int64_t statuses[TUNAS_STATUSES_MAX];
	int rc, i;

	for (i = 0; i < p->rules.n_statuses; i++)
		statuses[i] = p->rules.statuses[i];
	rc = insert_ids(s, ST_PARTNER_INSERT, id, p->partners, p->n_partners);
	if (rc == 0)
		rc = insert_tracks(s, id, p);
	if (rc == 0)
		rc = insert_phases(s, id, p);
	if (rc == 0)
		rc = insert_ids(s, ST_STATUS_RULE_INSERT, id, statuses, p->rules.n_statuses);
	if (rc == 0)
		rc = insert_ids(s, ST_AGENCY_RULE_INSERT, id, p->rules.agencies,
				p->rules.n_agencies);
	return rc;
}

static int load_tracks(sql_store *s, tunas_programme *p)
{
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	p->n_tracks = 0;
	rc = stmt(s, &st, ST_TRACK_SELECT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, p->id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		if (p->n_tracks < TUNAS_TRACKS_MAX)
			COL_STR(p->tracks[p->n_tracks++], st, 0);
	}
	if (step != DB_DONE)
		rc = fail(s, step);
out:
	done(st);
	return rc;
}

static int load_phases(sql_store *s, tunas_programme *p)
{
	db_stmt *st = NULL;
	tunas_phase *ph;
	binder b;
	int rc, step;

	p->n_phases = 0;
	rc = stmt(s, &st, ST_PHASE_SELECT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, p->id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		if (p->n_phases >= TUNAS_PHASES_MAX)
			continue;
		ph = &p->phases[p->n_phases++];
		ph->kind = (tunas_phase_kind)col_int(st, 0);
		COL_STR(ph->name, st, 1);
		COL_STR(ph->location, st, 2);
		COL_STR(ph->country, st, 3);
		COL_STR(ph->starts_on, st, 4);
		COL_STR(ph->ends_on, st, 5);
	}
	if (step != DB_DONE)
		rc = fail(s, step);
out:
	done(st);
	return rc;
}

static int load_programme_children(sql_store *s, tunas_programme *p)
{
	int64_t statuses[TUNAS_STATUSES_MAX];
	int rc, i, n = 0;

	rc = select_ids(s, ST_PARTNER_SELECT, p->id, p->partners, TUNAS_PARTNERS_MAX,
			&p->n_partners);
	if (rc == 0)
		rc = load_tracks(s, p);
	if (rc == 0)
		rc = load_phases(s, p);
	if (rc == 0)
		rc = select_ids(s, ST_STATUS_RULE_SELECT, p->id, statuses, TUNAS_STATUSES_MAX, &n);
	if (rc == 0) {
		for (i = 0; i < n; i++)
			p->rules.statuses[i] = (tunas_employment)statuses[i];
		p->rules.n_statuses = n;
		rc = select_ids(s, ST_AGENCY_RULE_SELECT, p->id, p->rules.agencies,
				TUNAS_AGENCIES_MAX, &p->rules.n_agencies);
	}
	return rc;
}

static int sq_programme_insert(tunas_store *store, int64_t *out_id, const tunas_programme *p)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	rc = check_programme(s, p);
	if (rc != 0)
		goto out;
	rc = stmt(s, &st, ST_PROGRAMME_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_programme(&b, p);
	bind_i64(&b, 19, p->created_at);
	rc = step_insert(s, st, &b, &id);
	if (rc != 0)
		goto out;
	rc = insert_programme_children(s, id, p);
	if (rc != 0)
		goto out;
	*out_id = id;
out:
	done(st);
	return rc;
}

static int sq_programme_update(tunas_store *store, const tunas_programme *p)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = check_programme(s, p);
	if (rc != 0)
		goto out;
	rc = stmt(s, &st, ST_PROGRAMME_UPDATE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, p->id);
	bind_programme(&b, p);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	if (rc != 0)
		goto out;
	rc = exec_id(s, ST_PARTNER_DELETE, p->id);
	if (rc == 0)
		rc = exec_id(s, ST_TRACK_DELETE, p->id);
	if (rc == 0)
		rc = exec_id(s, ST_PHASE_DELETE, p->id);
	if (rc == 0)
		rc = exec_id(s, ST_STATUS_RULE_DELETE, p->id);
	if (rc == 0)
		rc = exec_id(s, ST_AGENCY_RULE_DELETE, p->id);
	if (rc == 0)
		rc = insert_programme_children(s, p->id, p);
out:
	done(st);
	return rc;
}

static int sq_programme_find_code(tunas_store *store, int64_t *out_id, const char *code)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	if ((rc = stmt(s, &st, ST_PROGRAMME_FIND_CODE)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_text(&b, 1, code, TUNAS_CODE_MAX + 1);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step == DB_ROW)
		*out_id = col_i64(st, 0);
	else
		rc = step == DB_DONE ? not_found(s) : fail(s, step);
out:
	done(st);
	return rc;
}

static int sq_programme_get(tunas_store *store, tunas_programme *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_programme *tmp;
	int rc;

	/* About 8 KiB: keep it off the stack of a server thread. */
	tmp = tunas_malloc(sizeof(*tmp));
	if (tmp == NULL) {
		rc = no_memory(s);
		goto out;
	}
	rc = get_by_id(s, ST_PROGRAMME_GET, id, sizeof(*tmp), row_programme, tmp);
	if (rc == 0)
		rc = load_programme_children(s, tmp);
	if (rc == 0)
		*out = *tmp;
out:
	tunas_free(tmp);
	return rc;
}

static int sq_programme_list(tunas_store *store, tunas_programme **out, size_t *n,
			     const tunas_page *page)
{
	sql_store *s = to_sql(store);
	tunas_programme *arr = NULL;
	void *tmp = NULL;
	size_t count = 0, i;
	int rc;

	rc = list_page(s, ST_PROGRAMME_LIST, page, false, 0, sizeof(*arr), row_programme, &tmp,
		       &count);
	if (rc != 0)
		goto out;
	arr = tmp;
	for (i = 0; i < count; i++) {
		rc = load_programme_children(s, &arr[i]);
		if (rc != 0)
			goto out;
	}
	*out = arr;
	*n = count;
	arr = NULL;
out:
	free(arr);
	return rc;
}

/* Enrolment counts by status from a (status, count) query on ?1 = id. */
static int counts(sql_store *s, int which, tunas_enrol_counts *out, int64_t id)
{
	tunas_enrol_counts c = {0};
	db_stmt *st = NULL;
	int64_t k;
	binder b;
	int rc, step;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	while ((step = db_step(st)) == DB_ROW) {
		k = col_i64(st, 1);
		switch (col_int(st, 0)) {
		case TUNAS_ENROL_APPLIED:
			c.applied = k;
			break;
		case TUNAS_ENROL_ACCEPTED:
			c.accepted = k;
			break;
		case TUNAS_ENROL_WAITLISTED:
			c.waitlisted = k;
			break;
		case TUNAS_ENROL_REJECTED:
			c.rejected = k;
			break;
		case TUNAS_ENROL_ENROLLED:
			c.enrolled = k;
			break;
		case TUNAS_ENROL_COMPLETED:
			c.completed = k;
			break;
		case TUNAS_ENROL_WITHDRAWN:
			c.withdrawn = k;
			break;
		default:
			break;
		}
	}
	if (step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	*out = c;
out:
	done(st);
	return rc;
}

static int sq_programme_counts(tunas_store *store, tunas_enrol_counts *out, int64_t programme_id)
{
	return counts(to_sql(store), ST_PROGRAMME_COUNTS, out, programme_id);
}

static void row_breakdown(db_stmt *st, void *dst)
{
	tunas_breakdown_row *b = dst;

	COL_STR(b->key, st, 0);
	b->enrolled = col_i64(st, 1);
	b->completed = col_i64(st, 2);
	b->certified = col_i64(st, 3);
	b->placed = col_i64(st, 4);
}

static int sq_programme_breakdown(tunas_store *store, tunas_breakdown_row **out, size_t *n,
				  int64_t programme_id, tunas_breakdown_by by)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int which = by == TUNAS_BREAKDOWN_GENDER      ? ST_BREAKDOWN_GENDER
		    : by == TUNAS_BREAKDOWN_EDU_LEVEL ? ST_BREAKDOWN_EDU
		    : by == TUNAS_BREAKDOWN_PARTNER   ? ST_BREAKDOWN_PARTNER
						      : ST_BREAKDOWN_REGION;
	int rc = stmt(s, &st, which);

	return rc ? rc
		  : fetch_all_by(s, st, programme_id, sizeof(**out), row_breakdown, (void **)out,
				 n);
}

static void row_course(db_stmt *st, void *dst)
{
	tunas_course *c = dst;

	c->id = col_i64(st, 0);
	c->programme_id = col_i64(st, 1);
	COL_STR(c->code, st, 2);
	COL_STR(c->title, st, 3);
	c->hours = col_int(st, 4);
	COL_STR(c->vendor_cert, st, 5);
	c->created_at = col_i64(st, 6);
}

static int sq_course_insert(tunas_store *store, int64_t *out_id, const tunas_course *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_COURSE_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, c->programme_id);
	BIND_STR(&b, 3, c->code);
	BIND_STR(&b, 4, c->title);
	bind_i64(&b, 5, c->hours);
	BIND_STR(&b, 6, c->vendor_cert);
	bind_i64(&b, 7, c->created_at);
	rc = step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_course_get(tunas_store *store, tunas_course *out, int64_t id)
{
	tunas_course tmp;
	int rc = get_by_id(to_sql(store), ST_COURSE_GET, id, sizeof(tmp), row_course, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_course_list(tunas_store *store, tunas_course **out, size_t *n, int64_t programme_id,
			  const tunas_page *page)
{
	void *arr = NULL;
	size_t count = 0;
	int rc;

	rc = list_page(to_sql(store), programme_id ? ST_COURSE_LIST : ST_COURSE_LIST_ALL, page,
		       programme_id != 0, programme_id, sizeof(tunas_course), row_course, &arr,
		       &count);
	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Cohorts */

static void row_cohort(db_stmt *st, void *dst)
{
	tunas_cohort *c = dst;

	c->id = col_i64(st, 0);
	c->programme_id = col_i64(st, 1);
	c->centre_org_id = col_i64(st, 2);
	COL_STR(c->name, st, 3);
	c->capacity = col_int(st, 4);
	COL_STR(c->starts_on, st, 5);
	COL_STR(c->ends_on, st, 6);
	c->created_at = col_i64(st, 7);
}

static void bind_cohort(binder *b, const tunas_cohort *c)
{
	bind_i64(b, 2, c->programme_id);
	bind_i64(b, 3, c->centre_org_id);
	BIND_STR(b, 4, c->name);
	bind_i64(b, 5, c->capacity);
	BIND_OPT(b, 6, c->starts_on);
	BIND_OPT(b, 7, c->ends_on);
}

static int check_cohort(sql_store *s, const tunas_cohort *c)
{
	if (c->n_instructors < 0 || c->n_instructors > TUNAS_INSTRUCTORS_MAX)
		return invalid(s, "n_instructors out of range");
	return 0;
}

static int load_instructors(sql_store *s, tunas_cohort *c)
{
	return select_ids(s, ST_INSTRUCTOR_SELECT, c->id, c->instructors, TUNAS_INSTRUCTORS_MAX,
			  &c->n_instructors);
}

static int sq_cohort_insert(tunas_store *store, int64_t *out_id, const tunas_cohort *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t id = 0;
	binder b;
	int rc;

	rc = check_cohort(s, c);
	if (rc != 0)
		goto out;
	rc = stmt(s, &st, ST_COHORT_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_cohort(&b, c);
	bind_i64(&b, 8, c->created_at);
	rc = step_insert(s, st, &b, &id);
	if (rc != 0)
		goto out;
	rc = insert_ids(s, ST_INSTRUCTOR_INSERT, id, c->instructors, c->n_instructors);
	if (rc != 0)
		goto out;
	*out_id = id;
out:
	done(st);
	return rc;
}

static int sq_cohort_update(tunas_store *store, const tunas_cohort *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = check_cohort(s, c);
	if (rc != 0)
		goto out;
	rc = stmt(s, &st, ST_COHORT_UPDATE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, c->id);
	bind_cohort(&b, c);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	if (rc == 0)
		rc = exec_id(s, ST_INSTRUCTOR_DELETE, c->id);
	if (rc == 0)
		rc = insert_ids(s, ST_INSTRUCTOR_INSERT, c->id, c->instructors, c->n_instructors);
out:
	done(st);
	return rc;
}

static int sq_cohort_get(tunas_store *store, tunas_cohort *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_cohort tmp;
	int rc;

	rc = get_by_id(s, ST_COHORT_GET, id, sizeof(tmp), row_cohort, &tmp);
	if (rc == 0)
		rc = load_instructors(s, &tmp);
	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_cohort_list(tunas_store *store, tunas_cohort **out, size_t *n, int64_t programme_id,
			  const tunas_page *page)
{
	sql_store *s = to_sql(store);
	tunas_cohort *arr = NULL;
	void *tmp = NULL;
	size_t count = 0, i;
	int rc;

	rc = list_page(s, programme_id ? ST_COHORT_LIST : ST_COHORT_LIST_ALL, page,
		       programme_id != 0, programme_id, sizeof(*arr), row_cohort, &tmp, &count);
	if (rc != 0)
		goto out;
	arr = tmp;
	for (i = 0; i < count; i++) {
		rc = load_instructors(s, &arr[i]);
		if (rc != 0)
			goto out;
	}
	*out = arr;
	*n = count;
	arr = NULL;
out:
	free(arr);
	return rc;
}

static int sq_cohort_counts(tunas_store *store, tunas_enrol_counts *out, int64_t cohort_id)
{
	return counts(to_sql(store), ST_COHORT_COUNTS, out, cohort_id);
}

/* ------------------------------------------------------------------------ */
/* People */

static void row_person(db_stmt *st, void *dst)
{
	tunas_person *p = dst;
	const unsigned char *sex;

	p->id = col_i64(st, 0);
	COL_STR(p->full_name, st, 1);
	p->id_type = (tunas_id_type)col_int(st, 2);
	COL_STR(p->id_number, st, 3);
	p->id_masked = false;
	COL_STR(p->id_country, st, 4);
	COL_STR(p->birth_date, st, 5);
	sex = db_col_text(st, 6);
	p->sex = sex ? (char)sex[0] : 0;
	COL_STR(p->email, st, 7);
	COL_STR(p->phone, st, 8);
	COL_STR(p->edu_country, st, 9);
	COL_STR(p->edu_level, st, 10);
	p->isced = col_int(st, 11);
	p->employment = (tunas_employment)col_int(st, 12);
	p->employer_org_id = col_i64(st, 13);
	COL_STR(p->employer_name, st, 14);
	COL_STR(p->region, st, 15);
	p->registered_by_org = col_i64(st, 16);
	p->created_at = col_i64(st, 17);
	p->updated_at = col_i64(st, 18);
}

static void bind_person(binder *b, const tunas_person *p, const char *sex)
{
	BIND_STR(b, 2, p->full_name);
	bind_i64(b, 3, p->id_type);
	BIND_STR(b, 4, p->id_number);
	BIND_STR(b, 5, p->id_country);
	BIND_OPT(b, 6, p->birth_date);
	bind_opt(b, 7, sex, 2);
	BIND_STR(b, 8, p->email);
	BIND_STR(b, 9, p->phone);
	BIND_STR(b, 10, p->edu_country);
	BIND_STR(b, 11, p->edu_level);
	bind_i64(b, 12, p->isced);
	bind_i64(b, 13, p->employment);
	bind_ref(b, 14, p->employer_org_id);
	BIND_STR(b, 15, p->employer_name);
	BIND_STR(b, 16, p->region);
	bind_ref(b, 17, p->registered_by_org);
	bind_i64(b, 18, p->created_at);
	bind_i64(b, 19, p->updated_at);
}

/* Insert (update = false) or update a person. */
static int person_write(sql_store *s, int64_t *out_id, const tunas_person *p, bool update)
{
	db_stmt *st = NULL;
	char sex[2] = {p->sex, '\0'};
	binder b;
	int rc;

	rc = stmt(s, &st, update ? ST_PERSON_UPDATE : ST_PERSON_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	if (update)
		bind_i64(&b, 1, p->id);
	bind_person(&b, p, sex);
	if (b.rc != DB_OK)
		rc = fail(s, b.rc);
	else
		rc = update ? step_changed(s, st) : step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_person_insert(tunas_store *store, int64_t *out_id, const tunas_person *p)
{
	return person_write(to_sql(store), out_id, p, false);
}

static int sq_person_update(tunas_store *store, const tunas_person *p)
{
	return person_write(to_sql(store), NULL, p, true);
}

static int sq_person_get(tunas_store *store, tunas_person *out, int64_t id)
{
	tunas_person tmp;
	int rc = get_by_id(to_sql(store), ST_PERSON_GET, id, sizeof(tmp), row_person, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_person_find(tunas_store *store, tunas_person *out, tunas_id_type type,
			  const char *number)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_person tmp;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_PERSON_FIND);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, type);
	bind_text(&b, 2, number ? number : "", TUNAS_ID_MAX + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_person, &tmp);
	if (rc == 0)
		*out = tmp;
out:
	done(st);
	return rc;
}

static void bind_scope(binder *b, const tunas_scope *scope)
{
	bind_i64(b, 2, scope->kind);
	bind_i64(b, 3, scope->org_id);
	bind_i64(b, 4, scope->user_id);
	bind_i64(b, 5, scope->person_id);
}

/* Whether row `id` passes the scope filter of `which` (?1 id, ?2..?5). */
static int in_scope(sql_store *s, int which, bool *out, const tunas_scope *scope, int64_t id)
{
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	if (scope == NULL || scope->kind == TUNAS_SCOPE_NONE) {
		*out = false;
		return 0;
	}
	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	bind_scope(&b, scope);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step != DB_ROW) {
		rc = fail(s, step);
		goto out;
	}
	*out = col_int(st, 0) != 0;
out:
	done(st);
	return rc;
}

static int sq_person_in_scope(tunas_store *store, bool *out, const tunas_scope *scope, int64_t id)
{
	return in_scope(to_sql(store), ST_PERSON_IN_SCOPE, out, scope, id);
}

/* The scope check and the read in one statement: the hot path of
 * GET /people/{id}. */
static int sq_person_get_scoped(tunas_store *store, tunas_person *out, const tunas_scope *scope,
				int64_t id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_person tmp;
	binder b;
	int rc;

	if (scope == NULL || scope->kind == TUNAS_SCOPE_NONE)
		return TUNAS_ENOTFOUND;
	rc = stmt(s, &st, ST_PERSON_GET_SCOPED);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	bind_scope(&b, scope);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_person, &tmp);
	if (rc == 0)
		*out = tmp;
out:
	done(st);
	return rc;
}

/* ASCII lower case, as SQLite's lower() does without ICU. */
static void ascii_lower(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? (char)(src[i] - 'A' + 'a') : src[i];
	dst[i] = '\0';
}

/* The smallest string greater than every string starting with `lo`: lo
 * with its last byte below 0xff incremented. False if there is none. */
static bool prefix_upper(char *hi, size_t size, const char *lo)
{
	size_t len = strnlen(lo, size - 1);

	memcpy(hi, lo, len);
	while (len > 0 && (unsigned char)hi[len - 1] == 0xff)
		len--;
	if (len == 0)
		return false;
	hi[len - 1] = (char)((unsigned char)hi[len - 1] + 1);
	hi[len] = '\0';
	return true;
}

static int sq_person_list(tunas_store *store, tunas_person **out, size_t *n,
			  const tunas_scope *scope, const tunas_person_filter *f,
			  const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	char lo[TUNAS_NAME_MAX + 1], hi[TUNAS_NAME_MAX + 1];
	bool has_name = false, has_hi = false;
	int64_t after, limit, cohort_id = 0;
	void *arr = NULL;
	size_t count = 0;
	binder b;
	int rc, which;

	if (scope == NULL || scope->kind == TUNAS_SCOPE_NONE) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	page_args(page, &after, &limit);
	if (f != NULL && f->name_prefix[0] != '\0') {
		ascii_lower(lo, sizeof(lo), f->name_prefix);
		has_name = true;
		has_hi = prefix_upper(hi, sizeof(hi), lo);
	}
	if (f != NULL)
		cohort_id = f->cohort_id;

	/* Pick what drives the scan; the rest are residual filters. */
	if (scope->kind == TUNAS_SCOPE_SELF)
		which = ST_PERSON_LIST_SELF;
	else if (cohort_id != 0)
		which = ST_PERSON_LIST_COHORT;
	else if (has_name && has_hi)
		which = ST_PERSON_LIST_NAME;
	else if (scope->kind == TUNAS_SCOPE_CENTRE || scope->kind == TUNAS_SCOPE_OWNER)
		which = ST_PERSON_LIST_REACH;
	else
		which = ST_PERSON_LIST;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_scope(&b, scope);
	bind_i64(&b, 6, limit);
	if (has_name)
		BIND_STR(&b, 7, lo);
	else
		bind_null(&b, 7);
	if (has_hi)
		BIND_STR(&b, 8, hi);
	else
		bind_null(&b, 8);
	if (f != NULL && f->region[0] != '\0')
		BIND_STR(&b, 9, f->region);
	else
		bind_null(&b, 9);
	bind_i64(&b, 10, cohort_id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	rc = fetch_all(s, st, sizeof(tunas_person), (size_t)limit, row_person, &arr, &count);
	if (rc != 0)
		goto out;
	*out = arr;
	*n = count;
out:
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Enrolments */

static void row_enrol(db_stmt *st, void *dst)
{
	tunas_enrolment *e = dst;

	e->id = col_i64(st, 0);
	e->person_id = col_i64(st, 1);
	e->cohort_id = col_i64(st, 2);
	e->programme_id = col_i64(st, 3);
	e->status = (tunas_enrol_status)col_int(st, 4);
	COL_STR(e->reason, st, 5);
	e->applied_at = col_i64(st, 6);
	e->updated_at = col_i64(st, 7);
}

static int sq_enrol_insert(tunas_store *store, int64_t *out_id, const tunas_enrolment *e)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_ENROL_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, e->person_id);
	bind_i64(&b, 3, e->cohort_id);
	bind_i64(&b, 4, e->status);
	BIND_STR(&b, 5, e->reason);
	bind_i64(&b, 6, e->applied_at);
	bind_i64(&b, 7, e->updated_at);
	rc = step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_enrol_update(tunas_store *store, const tunas_enrolment *e)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_ENROL_UPDATE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, e->id);
	bind_i64(&b, 2, e->status);
	BIND_STR(&b, 3, e->reason);
	bind_i64(&b, 4, e->updated_at);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
out:
	done(st);
	return rc;
}

static int sq_enrol_get(tunas_store *store, tunas_enrolment *out, int64_t id)
{
	tunas_enrolment tmp;
	int rc = get_by_id(to_sql(store), ST_ENROL_GET, id, sizeof(tmp), row_enrol, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

/* One enrolment from `which` with ?1, ?2 ints and ?3, ?4 optional text. */
static int enrol_one(sql_store *s, int which, tunas_enrolment *out, int64_t a1, int64_t a2,
		     const char *t3, const char *t4)
{
	db_stmt *st = NULL;
	tunas_enrolment tmp;
	binder b;
	int rc;

	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, a1);
	if (db_param_count(st) >= 2)
		bind_i64(&b, 2, a2);
	if (db_param_count(st) >= 4) {
		bind_opt(&b, 3, t3, TUNAS_DATE_LEN + 1);
		bind_opt(&b, 4, t4, TUNAS_DATE_LEN + 1);
	}
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_enrol, &tmp);
	if (rc == 0)
		*out = tmp;
out:
	done(st);
	return rc;
}

static int sq_enrol_find_active(tunas_store *store, tunas_enrolment *out, int64_t person_id,
				int64_t cohort_id)
{
	return enrol_one(to_sql(store), ST_ENROL_FIND_ACTIVE, out, person_id, cohort_id, NULL,
			 NULL);
}

static int sq_enrol_find_funded_overlap(tunas_store *store, tunas_enrolment *out, int64_t person_id,
					int64_t programme_id, const char *starts_on,
					const char *ends_on)
{
	return enrol_one(to_sql(store), ST_ENROL_FUNDED_OVERLAP, out, person_id, programme_id,
			 starts_on, ends_on);
}

static int sq_enrol_first_waitlisted(tunas_store *store, tunas_enrolment *out, int64_t cohort_id)
{
	return enrol_one(to_sql(store), ST_ENROL_FIRST_WAITLISTED, out, cohort_id, 0, NULL, NULL);
}

static int sq_enrol_in_scope(tunas_store *store, bool *out, const tunas_scope *scope, int64_t id)
{
	return in_scope(to_sql(store), ST_ENROL_IN_SCOPE, out, scope, id);
}

static int sq_enrol_list(tunas_store *store, tunas_enrolment **out, size_t *n,
			 const tunas_scope *scope, int64_t cohort_id, int64_t person_id,
			 const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t after, limit;
	void *arr = NULL;
	size_t count = 0;
	binder b;
	int rc, which;

	if (scope == NULL || scope->kind == TUNAS_SCOPE_NONE) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	page_args(page, &after, &limit);
	if (cohort_id != 0)
		which = ST_ENROL_LIST_COHORT;
	else if (person_id != 0)
		which = ST_ENROL_LIST_PERSON;
	else
		which = ST_ENROL_LIST;
	rc = stmt(s, &st, which);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_scope(&b, scope);
	bind_i64(&b, 6, limit);
	bind_i64(&b, 7, cohort_id);
	bind_i64(&b, 8, person_id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	rc = fetch_all(s, st, sizeof(tunas_enrolment), (size_t)limit, row_enrol, &arr, &count);
	if (rc != 0)
		goto out;
	*out = arr;
	*n = count;
out:
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Users and tokens */

static void row_user(db_stmt *st, void *dst)
{
	tunas_user *u = dst;

	u->id = col_i64(st, 0);
	COL_STR(u->username, st, 1);
	COL_STR(u->display_name, st, 2);
	u->role = (tunas_role)col_int(st, 3);
	u->org_id = col_i64(st, 4);
	u->person_id = col_i64(st, 5);
	u->disabled = col_int(st, 6) != 0;
	u->created_at = col_i64(st, 7);
}

static void row_user_auth(db_stmt *st, void *dst)
{
	tunas_user_auth *a = dst;

	row_user(st, &a->user);
	COL_STR(a->pwhash, st, 8);
}

/* Zero memory in a way the compiler may not drop. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n-- > 0)
		*v++ = 0;
}

static int sq_user_insert(tunas_store *store, int64_t *out_id, const tunas_user *u,
			  const char *pwhash)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_USER_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	BIND_STR(&b, 2, u->username);
	BIND_STR(&b, 3, u->display_name);
	bind_i64(&b, 4, u->role);
	bind_ref(&b, 5, u->org_id);
	bind_ref(&b, 6, u->person_id);
	bind_i64(&b, 7, u->disabled ? 1 : 0);
	bind_i64(&b, 8, u->created_at);
	bind_text(&b, 9, pwhash, sizeof(((tunas_user_auth *)0)->pwhash));
	rc = step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_user_get(tunas_store *store, tunas_user *out, int64_t id)
{
	tunas_user tmp;
	int rc = get_by_id(to_sql(store), ST_USER_GET, id, sizeof(tmp), row_user, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_user_get_auth(tunas_store *store, tunas_user_auth *out, const char *username)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_user_auth tmp;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_USER_GET_AUTH);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_text(&b, 1, username ? username : "", TUNAS_CODE_MAX + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_user_auth, &tmp);
	if (rc == 0)
		*out = tmp;
	/* The password hash is a secret: leave no copy behind. */
	wipe(&tmp, sizeof(tmp));
out:
	done(st);
	return rc;
}

static int sq_user_list(tunas_store *store, tunas_user **out, size_t *n, const tunas_page *page)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = list_page(to_sql(store), ST_USER_LIST, page, false, 0, sizeof(tunas_user),
			   row_user, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static int sq_user_set_disabled(tunas_store *store, int64_t id, bool disabled)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_USER_SET_DISABLED);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	bind_i64(&b, 2, disabled ? 1 : 0);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
out:
	done(st);
	return rc;
}

static void row_token(db_stmt *st, void *dst)
{
	tunas_token *t = dst;

	t->id = col_i64(st, 0);
	t->user_id = col_i64(st, 1);
	t->kind = (tunas_token_kind)col_int(st, 2);
	COL_STR(t->label, st, 3);
	t->created_at = col_i64(st, 4);
	t->expires_at = col_i64(st, 5);
	t->revoked_at = col_i64(st, 6);
}

static int sq_token_insert(tunas_store *store, int64_t *out_id, const tunas_token *t,
			   const unsigned char hash[TUNAS_HASH_LEN])
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_TOKEN_INSERT);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, t->user_id);
	bind_i64(&b, 3, t->kind);
	BIND_STR(&b, 4, t->label);
	bind_i64(&b, 5, t->created_at);
	bind_i64(&b, 6, t->expires_at);
	bind_ref(&b, 7, t->revoked_at);
	bind_hash(&b, 8, hash);
	rc = step_insert(s, st, &b, out_id);
out:
	done(st);
	return rc;
}

static int sq_token_get_by_hash(tunas_store *store, tunas_token *out,
				const unsigned char hash[TUNAS_HASH_LEN])
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_token tmp;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_TOKEN_GET_BY_HASH);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_hash(&b, 1, hash);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_token, &tmp);
	if (rc == 0)
		*out = tmp;
out:
	done(st);
	return rc;
}

static int sq_token_get(tunas_store *store, tunas_token *out, int64_t id)
{
	tunas_token tmp;
	int rc = get_by_id(to_sql(store), ST_TOKEN_GET, id, sizeof(tmp), row_token, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

static int sq_token_revoke(tunas_store *store, int64_t id, int64_t at)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_TOKEN_REVOKE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	bind_i64(&b, 2, at);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
out:
	done(st);
	return rc;
}

static int sq_token_purge(tunas_store *store, int64_t user_id, int64_t before)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_TOKEN_PURGE);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, user_id);
	bind_i64(&b, 2, before);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
out:
	done(st);
	return rc;
}

static int sq_token_list(tunas_store *store, tunas_token **out, size_t *n, int64_t user_id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	void *arr = NULL;
	size_t count = 0;
	binder b;
	int rc;

	rc = stmt(s, &st, ST_TOKEN_LIST);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, user_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(tunas_token), 16, row_token, &arr, &count);
	if (rc == 0) {
		*out = arr;
		*n = count;
	}
out:
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Audit trail */

static void row_audit(db_stmt *st, void *dst)
{
	tunas_audit_entry *a = dst;

	a->seq = col_i64(st, 0);
	a->at = col_i64(st, 1);
	a->actor_id = col_i64(st, 2);
	COL_STR(a->actor_name, st, 3);
	COL_STR(a->action, st, 4);
	COL_STR(a->object_type, st, 5);
	a->object_id = col_i64(st, 6);
	COL_STR(a->detail, st, 7);
	col_hash(a->prev_hash, st, 8);
	col_hash(a->hash, st, 9);
}

static int sq_audit_head(tunas_store *store, int64_t *seq, unsigned char hash[TUNAS_HASH_LEN])
{
	sql_store *s = to_sql(store);
	unsigned char h[TUNAS_HASH_LEN] = {0};
	db_stmt *st = NULL;
	int64_t last = 0;
	int rc, step;

	rc = stmt(s, &st, ST_AUDIT_HEAD);
	if (rc != 0)
		goto out;
	step = db_step(st);
	if (step == DB_ROW) {
		last = col_i64(st, 0);
		col_hash(h, st, 1);
	} else if (step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	*seq = last;
	memcpy(hash, h, TUNAS_HASH_LEN);
out:
	done(st);
	return rc;
}

static int sq_audit_append(tunas_store *store, const tunas_audit_entry *e)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	rc = stmt(s, &st, ST_AUDIT_APPEND);
	if (rc != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, e->seq);
	bind_i64(&b, 2, e->at);
	bind_i64(&b, 3, e->actor_id);
	BIND_STR(&b, 4, e->actor_name);
	BIND_STR(&b, 5, e->action);
	BIND_STR(&b, 6, e->object_type);
	bind_i64(&b, 7, e->object_id);
	BIND_STR(&b, 8, e->detail);
	bind_hash(&b, 9, e->prev_hash);
	bind_hash(&b, 10, e->hash);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step != DB_DONE) {
		rc = fail(s, step);
		/* The only insert trigger refuses a seq that does not follow
		 * the head: someone else appended first. */
		if (step == DB_TRIGGER)
			rc = TUNAS_ECONFLICT;
	}
out:
	done(st);
	return rc;
}

static int sq_audit_list(tunas_store *store, tunas_audit_entry **out, size_t *n,
			 const tunas_page *page)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = list_page(to_sql(store), ST_AUDIT_LIST, page, false, 0, sizeof(tunas_audit_entry),
			   row_audit, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Open, migrate, close */

/* ------------------------------------------------------------------------ */
/* Rate-limit buckets */

static int sq_rate_take(tunas_store *store, bool *allowed, const char *bucket, const void *key,
			size_t keylen, double rate, double burst, double now)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	if ((rc = stmt(s, &st, ST_RATE_TAKE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_text(&b, 1, bucket, strlen(bucket));
	if (b.rc == DB_OK)
		b.rc = db_bind_blob(st, 2, key, keylen);
	if (b.rc == DB_OK)
		b.rc = db_bind_double(st, 3, burst);
	if (b.rc == DB_OK)
		b.rc = db_bind_double(st, 4, now);
	if (b.rc == DB_OK)
		b.rc = db_bind_double(st, 5, rate);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
	} else if ((step = db_step(st)) != DB_ROW) {
		rc = fail(s, step);
	} else {
		*allowed = col_i64(st, 0) != 0;
		rc = 0;
	}
	done(st);
	return rc;
}

static int sq_rate_purge(tunas_store *store, double before)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int rc;

	if ((rc = stmt(s, &st, ST_RATE_PURGE)) != 0)
		return rc;
	rc = db_bind_double(st, 1, before);
	rc = rc != DB_OK ? fail(s, rc) : step_done(s, st);
	done(st);
	return rc;
}

static void sq_close(tunas_store *store)
{
	sql_store *s = to_sql(store);
	int i;

	if (s == NULL)
		return;
	/* Every slot, the other files' statements too: a statement left
	 * unfinalised would keep the connection (and its memory) open. */
	for (i = 0; i < SQ_SLOTS; i++)
		db_finalize(s->st[i]);
	db_close(s->db);
	tunas_free(s);
}

static const tunas_store_ops sql_ops = {
	.name = "sql",
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.savepoint = sq_savepoint,
	.release = sq_release,
	.rollback_to = sq_rollback_to,
	.pin = sq_pin,
	.org_insert = sq_org_insert,
	.org_update = sq_org_update,
	.org_get = sq_org_get,
	.org_list = sq_org_list,
	.partnership_insert = sq_partnership_insert,
	.partnership_get = sq_partnership_get,
	.partnership_list = sq_partnership_list,
	.programme_insert = sq_programme_insert,
	.programme_update = sq_programme_update,
	.programme_get = sq_programme_get,
	.programme_find_code = sq_programme_find_code,
	.programme_list = sq_programme_list,
	.programme_counts = sq_programme_counts,
	.programme_breakdown = sq_programme_breakdown,
	.course_insert = sq_course_insert,
	.course_get = sq_course_get,
	.course_list = sq_course_list,
	.cohort_insert = sq_cohort_insert,
	.cohort_update = sq_cohort_update,
	.cohort_get = sq_cohort_get,
	.cohort_list = sq_cohort_list,
	.cohort_counts = sq_cohort_counts,
	.person_insert = sq_person_insert,
	.person_update = sq_person_update,
	.person_get = sq_person_get,
	.person_find = sq_person_find,
	.person_in_scope = sq_person_in_scope,
	.person_get_scoped = sq_person_get_scoped,
	.person_list = sq_person_list,
	.enrol_insert = sq_enrol_insert,
	.enrol_update = sq_enrol_update,
	.enrol_get = sq_enrol_get,
	.enrol_find_active = sq_enrol_find_active,
	.enrol_find_funded_overlap = sq_enrol_find_funded_overlap,
	.enrol_first_waitlisted = sq_enrol_first_waitlisted,
	.enrol_in_scope = sq_enrol_in_scope,
	.enrol_list = sq_enrol_list,
	.user_insert = sq_user_insert,
	.user_get = sq_user_get,
	.user_get_auth = sq_user_get_auth,
	.user_list = sq_user_list,
	.user_set_disabled = sq_user_set_disabled,
	.token_insert = sq_token_insert,
	.token_get_by_hash = sq_token_get_by_hash,
	.token_get = sq_token_get,
	.token_revoke = sq_token_revoke,
	.token_purge = sq_token_purge,
	.token_list = sq_token_list,
	.session_insert = sqd_session_insert,
	.session_update = sqd_session_update,
	.session_get = sqd_session_get,
	.session_list = sqd_session_list,
	.cohort_courses = sqd_cohort_courses,
	.checkin_set = sqd_checkin_set,
	.checkin_get = sqd_checkin_get,
	.attendance_insert = sqd_attendance_insert,
	.attendance_current = sqd_attendance_current,
	.attendance_list = sqd_attendance_list,
	.attendance_rate = sqd_attendance_rate,
	.logbook_insert = sqd_logbook_insert,
	.logbook_list = sqd_logbook_list,
	.evaluation_insert = sqd_evaluation_insert,
	.evaluation_list = sqd_evaluation_list,
	.unit_insert = sqd_unit_insert,
	.unit_get = sqd_unit_get,
	.unit_list = sqd_unit_list,
	.assessment_insert = sqd_assessment_insert,
	.assessment_get = sqd_assessment_get,
	.assessment_verify = sqd_assessment_verify,
	.assessment_list = sqd_assessment_list,
	.units_competent = sqd_units_competent,
	.note_insert = sqd_note_insert,
	.note_list = sqd_note_list,
	.vendor_cert_insert = sqd_vendor_cert_insert,
	.vendor_cert_list = sqd_vendor_cert_list,
	.course_rule_put = sqd_course_rule_put,
	.course_rule_get = sqd_course_rule_get,
	.programme_rule_put = sqd_programme_rule_put,
	.programme_rule_get = sqd_programme_rule_get,
	.issuer_key_insert = sqd_issuer_key_insert,
	.issuer_key_retire = sqd_issuer_key_retire,
	.issuer_key_get = sqd_issuer_key_get,
	.issuer_key_current = sqd_issuer_key_current,
	.issuer_key_find = sqd_issuer_key_find,
	.issuer_key_list = sqd_issuer_key_list,
	.cert_next_index = sqd_cert_next_index,
	.cert_insert = sqd_cert_insert,
	.cert_get = sqd_cert_get,
	.cert_get_uuid = sqd_cert_get_uuid,
	.cert_find_live = sqd_cert_find_live,
	.cert_list = sqd_cert_list,
	.cert_credential = sqd_cert_credential,
	.cert_set_status = sqd_cert_set_status,
	.cert_statuses = sqd_cert_statuses,
	.framework_insert = sqk_framework_insert,
	.framework_get = sqk_framework_get,
	.framework_find = sqk_framework_find,
	.framework_list = sqk_framework_list,
	.competency_upsert = sqk_competency_upsert,
	.competency_get = sqk_competency_get,
	.competency_find = sqk_competency_find,
	.competency_list = sqk_competency_list,
	.occupation_upsert = sqk_occupation_upsert,
	.occupation_get = sqk_occupation_get,
	.occupation_find = sqk_occupation_find,
	.occupation_list = sqk_occupation_list,
	.occupation_skill_put = sqk_occupation_skill_put,
	.occupation_skills = sqk_occupation_skills,
	.crosswalk_insert = sqk_crosswalk_insert,
	.crosswalk_exact = sqk_crosswalk_exact,
	.crosswalk_list = sqk_crosswalk_list,
	.course_skills_set = sqk_course_skills_set,
	.course_skills_get = sqk_course_skills_get,
	.unit_skills_set = sqk_unit_skills_set,
	.person_skill_list = sqk_person_skill_list,
	.person_skill_derive = sqk_person_skill_derive,
	.course_evidence_people = sqk_course_evidence_people,
	.person_skill_declare = sqk_person_skill_declare,
	.person_skill_undeclare = sqk_person_skill_undeclare,
	.consent_get = sqk_consent_get,
	.consent_put = sqk_consent_put,
	.vacancy_insert = sqk_vacancy_insert,
	.vacancy_update = sqk_vacancy_update,
	.vacancy_get = sqk_vacancy_get,
	.vacancy_list = sqk_vacancy_list,
	.demand = sqk_demand,
	.skills_gen = sqk_skills_gen,
	.skills_touch = sqk_skills_touch,
	.skills_scan = sqk_skills_scan,
	.skill_courses = sqk_skill_courses,
	.placement_insert = sqk_placement_insert,
	.placement_list = sqk_placement_list,
	.tracer_insert = sqk_tracer_insert,
	.tracer_list = sqk_tracer_list,
	.placement_rates = sqk_placement_rates,
	.cmp_insert = sqc_insert,
	.cmp_get = sqc_get,
	.cmp_list = sqc_list,
	.cmp_round_insert = sqc_round_insert,
	.cmp_round_get = sqc_round_get,
	.cmp_round_list = sqc_round_list,
	.cmp_round_update = sqc_round_update,
	.cmp_rubric_set = sqc_rubric_set,
	.cmp_entry_insert = sqc_entry_insert,
	.cmp_entry_get = sqc_entry_get,
	.cmp_entry_list = sqc_entry_list,
	.cmp_entry_has_member = sqc_entry_has_member,
	.cmp_round_entry_add = sqc_round_entry_add,
	.cmp_round_has_entry = sqc_round_has_entry,
	.cmp_panel_add = sqc_panel_add,
	.cmp_panel_remove = sqc_panel_remove,
	.cmp_panel_list = sqc_panel_list,
	.cmp_assignment_add = sqc_assignment_add,
	.cmp_assignment_remove = sqc_assignment_remove,
	.cmp_assignment_list = sqc_assignment_list,
	.cmp_assigned = sqc_assigned,
	.cmp_conflict_insert = sqc_conflict_insert,
	.cmp_conflict_list = sqc_conflict_list,
	.cmp_conflict_exists = sqc_conflict_exists,
	.cmp_locked_scored = sqc_locked_scored,
	.cmp_conflict_withdraw = sqc_conflict_withdraw,
	.cmp_score_put = sqc_score_put,
	.cmp_score_list = sqc_score_list,
	.cmp_result_insert = sqc_result_insert,
	.cmp_result_list = sqc_result_list,
	.cmp_appeal_insert = sqc_appeal_insert,
	.cmp_appeal_get = sqc_appeal_get,
	.cmp_appeal_list = sqc_appeal_list,
	.cmp_appeal_update = sqc_appeal_update,
	.fund_source_insert = sqf_fund_source_insert,
	.fund_source_get = sqf_fund_source_get,
	.fund_source_list = sqf_fund_source_list,
	.allocation_insert = sqf_allocation_insert,
	.allocation_get = sqf_allocation_get,
	.allocation_list = sqf_allocation_list,
	.claim_insert = sqf_claim_insert,
	.claim_update = sqf_claim_update,
	.claim_get = sqf_claim_get,
	.claim_list = sqf_claim_list,
	.claim_evidence = sqf_claim_evidence,
	.funding_programme_stats = sqf_funding_programme_stats,
	.funding_totals = sqf_funding_totals,
	.trainer_qual_insert = sqt_qual_insert,
	.trainer_qual_list = sqt_qual_list,
	.trainer_qual_valid = sqt_qual_valid,
	.trainer_rule_put = sqt_rule_put,
	.trainer_rule_get = sqt_rule_get,
	.trained_edges = sqt_edges,
	.trainer_link_set = sqt_link_set,
	.trainer_link_get = sqt_link_get,
	.rate_take = sq_rate_take,
	.rate_purge = sq_rate_purge,
	.audit_head = sq_audit_head,
	.audit_append = sq_audit_append,
	.audit_list = sq_audit_list,
};

/* Constant SQL run once at open (migrations). */
static int exec_sql(sql_store *s, const char *sql)
{
	int rc = db_exec(s->db, sql);

	return rc == DB_OK ? 0 : fail(s, rc);
}

/* One integer from a one-off query with an optional ?1 (when arg >= 0);
 * *found says whether a row came back. */
static int query_int(sql_store *s, const char *sql, int64_t arg, int64_t *out, bool *found)
{
	db_stmt *st = NULL;
	int rc, step;

	rc = db_prepare(s->db, &st, sql);
	if (rc != DB_OK) {
		rc = fail(s, rc);
		goto out;
	}
	if (arg >= 0 && (rc = db_bind_i64(st, 1, arg)) != DB_OK) {
		rc = fail(s, rc);
		goto out;
	}
	step = db_step(st);
	if (step != DB_ROW && step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	rc = 0;
	*found = step == DB_ROW;
	*out = *found ? db_col_i64(st, 0) : 0;
out:
	db_finalize(st);
	return rc;
}

/* The write lock a migration (and every write transaction, sq_begin) takes:
 * SQLite's database lock, or on PostgreSQL an advisory lock named after
 * the schema, so that servers sharing a database write one at a time. */
static const char *begin_write_sql(const sql_store *s)
{
	return sql_pick(s, "BEGIN IMMEDIATE",
			"BEGIN ISOLATION LEVEL READ COMMITTED;"
			" SELECT pg_advisory_xact_lock(7263, hashtext(current_schema()))");
}

static int apply_migration(sql_store *s, int version, const char *const *sql)
{
	db_stmt *st = NULL;
	int64_t unused;
	bool applied = false;
	int rc, i;

	rc = exec_sql(s, begin_write_sql(s));
	if (rc != 0)
		return rc;
	/* Checked under the write lock: another process may be migrating. */
	rc = query_int(s, "SELECT 1 FROM schema_migrations WHERE version = ?1", version, &unused,
		       &applied);
	if (rc != 0 || applied)
		goto out;
	for (i = 0; sql[i] != NULL; i++) {
		rc = exec_sql(s, sql[i]);
		if (rc != 0)
			goto out;
	}
	rc = db_prepare(s->db, &st,
			"INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)");
	if (rc == DB_OK && (rc = db_bind_i64(st, 1, version)) == DB_OK)
		rc = db_bind_i64(st, 2, (int64_t)time(NULL));
	rc = rc != DB_OK ? fail(s, rc) : step_done(s, st);
out:
	db_finalize(st);
	if (rc == 0)
		rc = exec_sql(s, "COMMIT");
	if (rc != 0 && db_in_transaction(s->db))
		db_exec(s->db, "ROLLBACK");
	return rc;
}

static int migrate(sql_store *s)
{
	const bool pg = db_dialect_of(s->db) == DB_POSTGRES;
	const size_t count = sizeof(migrations) / sizeof(migrations[0]);
	int latest = migrations[count - 1].version;
	char msg[sizeof(s->base.errmsg)];
	int64_t newest = 0;
	bool found;
	size_t i;
	int rc;

	/* Two servers starting at once on a new PostgreSQL database would both
	 * create the table: the first does it under the write lock. */
	rc = exec_sql(s, pg ? "BEGIN; SELECT pg_advisory_xact_lock(7263,"
			      " hashtext(current_schema()));"
			      " CREATE TABLE IF NOT EXISTS schema_migrations ("
			      " version BIGINT PRIMARY KEY, applied_at BIGINT); COMMIT"
			    : "CREATE TABLE IF NOT EXISTS schema_migrations ("
			      " version INTEGER PRIMARY KEY, applied_at INTEGER)");
	if (rc != 0)
		return rc;
	rc = query_int(s, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &newest,
		       &found);
	if (rc != 0)
		return rc;
	if (newest > latest) {
		snprintf(msg, sizeof(msg),
			 "database schema version %lld is newer than this program's (%d)",
			 (long long)newest, latest);
		set_msg(s, msg);
		return TUNAS_ESTORE;
	}
	for (i = 0; i < count; i++) {
		if (migrations[i].version <= newest)
			continue;
		rc = apply_migration(s, migrations[i].version,
				     pg ? migrations[i].pg_sql : migrations[i].sql);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* The store over an open connection, which it takes over (closed on
 * failure too). */
static int store_open(tunas_store **out, db *d, char *err, size_t errlen)
{
	sql_store *s = tunas_calloc(1, sizeof(*s));
	int rc;

	if (s == NULL) {
		db_close(d);
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "out of memory");
		return TUNAS_ENOMEM;
	}
	s->base.ops = &sql_ops;
	s->base.shared = db_dialect_of(d) == DB_POSTGRES;
	s->db = d;
	rc = migrate(s);
	if (rc != 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s", s->base.errmsg);
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return 0;
}

/* A driver that failed to open: its message, as a store error. */
static int open_failed(int rc, const char *msg, char *err, size_t errlen)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
	return rc == DB_NOMEM ? TUNAS_ENOMEM : TUNAS_ESTORE;
}

int tunas_store_sqlite_open(tunas_store **out, const char *path, char *err, size_t errlen)
{
	char msg[256];
	db *d = NULL;
	int rc;

	if (path == NULL || path[0] == '\0') {
		open_failed(DB_ERROR, "empty database path", err, errlen);
		return TUNAS_EINVAL;
	}
	rc = db_sqlite_open(&d, path, msg, sizeof(msg));
	if (rc != DB_OK)
		return open_failed(rc, msg, err, errlen);
	return store_open(out, d, err, errlen);
}

int tunas_store_pg_open(tunas_store **out, const char *conninfo, char *err, size_t errlen)
{
	char msg[600];
	db *d = NULL;
	int rc;

	rc = db_pg_open(&d, conninfo, msg, sizeof(msg));
	if (rc != DB_OK)
		return open_failed(rc, msg, err, errlen);
	return store_open(out, d, err, errlen);
}
