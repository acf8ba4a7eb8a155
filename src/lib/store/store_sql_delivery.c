/*
 * store_sqlite_delivery.c — the SQLite store's operations for running
 * cohorts (sessions, attendance, logbooks, supervisor evaluations),
 * assessing them (units, attempts, notes, vendor certifications,
 * completion rules) and certifying them (issuer keys, certificates).
 *
 * Its tables come with migration 3 (`sqlite_schema_v3`). What must never
 * change after the fact is guarded by triggers as well as by the library:
 * attendance records and assessment notes are insert-only, an assessment
 * can only gain its sign-off, and a certificate keeps its signed JSON and
 * status index, and stays revoked once revoked.
 */
#include "store/sql_int.h"
#include "store/sql_delivery.h"

/* clang-format off */
const char *const sqlite_schema_v3[] = {
	"CREATE TABLE session ("
	" id INTEGER PRIMARY KEY,"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" phase INTEGER NOT NULL DEFAULT 0 CHECK (phase >= 0),"
	" course_id INTEGER REFERENCES course (id),"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 6),"
	" title TEXT NOT NULL,"
	" starts_at INTEGER NOT NULL,"
	" ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),"
	" time_zone TEXT NOT NULL,"
	" venue TEXT NOT NULL DEFAULT '',"
	" instructor_user_id INTEGER REFERENCES app_user (id),"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX session_cohort ON session (cohort_id, starts_at, id);",

	"CREATE TABLE checkin_code ("
	" session_id INTEGER PRIMARY KEY REFERENCES session (id),"
	" hash BLOB NOT NULL CHECK (length(hash) = 32),"
	" expires_at INTEGER NOT NULL);",

	"CREATE TABLE attendance ("
	" id INTEGER PRIMARY KEY,"
	" session_id INTEGER NOT NULL REFERENCES session (id),"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),"
	" note TEXT NOT NULL DEFAULT '',"
	" by_code INTEGER NOT NULL DEFAULT 0 CHECK (by_code IN (0, 1)),"
	" recorded_by INTEGER NOT NULL,"
	" recorded_at INTEGER NOT NULL,"
	" supersedes INTEGER REFERENCES attendance (id));"
	"CREATE INDEX attendance_session ON attendance (session_id, person_id, id);"
	"CREATE TRIGGER attendance_no_update BEFORE UPDATE ON attendance BEGIN"
	" SELECT RAISE(ABORT, 'attendance is kept: record a correction instead'); END;"
	"CREATE TRIGGER attendance_no_delete BEFORE DELETE ON attendance BEGIN"
	" SELECT RAISE(ABORT, 'attendance is kept: record a correction instead'); END;",

	"CREATE TABLE logbook_entry ("
	" id INTEGER PRIMARY KEY,"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" phase INTEGER NOT NULL CHECK (phase >= 1),"
	" day TEXT NOT NULL,"
	" activities TEXT NOT NULL,"
	" minutes INTEGER NOT NULL CHECK (minutes BETWEEN 0 AND 1440),"
	" recorded_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX logbook_person ON logbook_entry (cohort_id, person_id, id);"
	"CREATE TABLE phase_evaluation ("
	" id INTEGER PRIMARY KEY,"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" phase INTEGER NOT NULL CHECK (phase >= 1),"
	" supervisor_name TEXT NOT NULL,"
	" supervisor_org TEXT NOT NULL,"
	" rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),"
	" satisfactory INTEGER NOT NULL CHECK (satisfactory IN (0, 1)),"
	" comments TEXT NOT NULL DEFAULT '',"
	" evaluated_on TEXT NOT NULL,"
	" recorded_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (cohort_id, person_id, phase));",

	"CREATE TABLE competency_unit ("
	" id INTEGER PRIMARY KEY,"
	" course_id INTEGER NOT NULL REFERENCES course (id),"
	" code TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (course_id, code));"
	"CREATE TABLE assessment ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" unit_id INTEGER NOT NULL REFERENCES competency_unit (id),"
	" attempt INTEGER NOT NULL CHECK (attempt >= 1),"
	" result INTEGER NOT NULL CHECK (result IN (1, 2)),"
	" score INTEGER CHECK (score BETWEEN 0 AND 100),"
	" rubric TEXT NOT NULL DEFAULT '',"
	" evidence TEXT NOT NULL DEFAULT '',"
	" assessed_on TEXT NOT NULL,"
	" assessor_user_id INTEGER NOT NULL,"
	" verified_by INTEGER,"
	" verified_at INTEGER,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (person_id, unit_id, attempt));"
	"CREATE INDEX assessment_cohort ON assessment (cohort_id, person_id, id);"
	/* Only the sign-off may be added, once. */
	"CREATE TRIGGER assessment_kept BEFORE UPDATE ON assessment"
	" WHEN OLD.verified_by IS NOT NULL OR NEW.result IS NOT OLD.result"
	" OR NEW.score IS NOT OLD.score OR NEW.rubric IS NOT OLD.rubric"
	" OR NEW.evidence IS NOT OLD.evidence OR NEW.assessed_on IS NOT OLD.assessed_on"
	" OR NEW.assessor_user_id IS NOT OLD.assessor_user_id OR NEW.person_id IS NOT OLD.person_id"
	" OR NEW.unit_id IS NOT OLD.unit_id OR NEW.cohort_id IS NOT OLD.cohort_id"
	" OR NEW.attempt IS NOT OLD.attempt BEGIN"
	" SELECT RAISE(ABORT, 'an assessment is kept as recorded: annotate or re-assess'); END;"
	"CREATE TRIGGER assessment_no_delete BEFORE DELETE ON assessment BEGIN"
	" SELECT RAISE(ABORT, 'an assessment is kept as recorded'); END;"
	"CREATE TABLE assessment_note ("
	" id INTEGER PRIMARY KEY,"
	" assessment_id INTEGER NOT NULL REFERENCES assessment (id),"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
	" text TEXT NOT NULL,"
	" author_user_id INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX assessment_note_of ON assessment_note (assessment_id, id);"
	"CREATE TRIGGER assessment_note_no_update BEFORE UPDATE ON assessment_note BEGIN"
	" SELECT RAISE(ABORT, 'notes are kept'); END;"
	"CREATE TRIGGER assessment_note_no_delete BEFORE DELETE ON assessment_note BEGIN"
	" SELECT RAISE(ABORT, 'notes are kept'); END;",

	"CREATE TABLE vendor_cert ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" name TEXT NOT NULL,"
	" number TEXT NOT NULL,"
	" issuer TEXT NOT NULL DEFAULT '',"
	" issued_on TEXT NOT NULL,"
	" expires_on TEXT,"
	" recorded_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL,"
	" UNIQUE (name, number));"
	"CREATE INDEX vendor_cert_person ON vendor_cert (person_id, name);"
	"CREATE TABLE course_rule ("
	" course_id INTEGER PRIMARY KEY REFERENCES course (id),"
	" min_attendance INTEGER NOT NULL CHECK (min_attendance BETWEEN 0 AND 100),"
	" all_units INTEGER NOT NULL CHECK (all_units IN (0, 1)),"
	" vendor_exam INTEGER NOT NULL CHECK (vendor_exam IN (0, 1)));"
	"CREATE TABLE programme_rule ("
	" programme_id INTEGER PRIMARY KEY REFERENCES programme (id),"
	" min_attendance INTEGER NOT NULL CHECK (min_attendance BETWEEN 0 AND 100),"
	" all_courses INTEGER NOT NULL CHECK (all_courses IN (0, 1)),"
	" all_phases INTEGER NOT NULL CHECK (all_phases IN (0, 1)),"
	" auto_certify INTEGER NOT NULL CHECK (auto_certify IN (0, 1)),"
	" cert_valid_months INTEGER NOT NULL CHECK (cert_valid_months BETWEEN 0 AND 600));",

	"CREATE TABLE issuer_key ("
	" id INTEGER PRIMARY KEY,"
	" did TEXT NOT NULL UNIQUE,"
	" created_at INTEGER NOT NULL,"
	" retired_at INTEGER);"
	"CREATE TABLE certificate ("
	" id INTEGER PRIMARY KEY,"
	" uuid TEXT NOT NULL UNIQUE,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" cohort_id INTEGER NOT NULL REFERENCES cohort (id),"
	" programme_id INTEGER NOT NULL REFERENCES programme (id),"
	" key_id INTEGER NOT NULL REFERENCES issuer_key (id),"
	" status_index INTEGER NOT NULL UNIQUE CHECK (status_index >= 0),"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),"
	" reason TEXT NOT NULL DEFAULT '',"
	" issued_at INTEGER NOT NULL,"
	" expires_at INTEGER,"
	" renewal_of INTEGER REFERENCES certificate (id),"
	" issued_by INTEGER NOT NULL,"
	" holder_name TEXT NOT NULL,"
	" achievement TEXT NOT NULL,"
	" credential TEXT NOT NULL);"
	"CREATE INDEX certificate_person ON certificate (person_id, cohort_id);"
	"CREATE INDEX certificate_cohort ON certificate (cohort_id);"
	"CREATE INDEX certificate_not_active ON certificate (status_index) WHERE status <> 1;"
	"CREATE TRIGGER certificate_kept BEFORE UPDATE ON certificate"
	" WHEN NEW.credential IS NOT OLD.credential OR NEW.uuid IS NOT OLD.uuid"
	" OR NEW.status_index IS NOT OLD.status_index OR NEW.person_id IS NOT OLD.person_id"
	" OR OLD.status = 3 BEGIN"
	" SELECT RAISE(ABORT, 'a certificate is kept as issued, and revocation is final'); END;"
	"CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate BEGIN"
	" SELECT RAISE(ABORT, 'a certificate is kept as issued'); END;",
	NULL,
};

/* Migration 4: a unit may recognise a vendor certification. */
const char *const sqlite_schema_v4[] = {
	"ALTER TABLE competency_unit ADD COLUMN recognised_cert TEXT NOT NULL DEFAULT '';",
	NULL,
};

#define SESSION_COLS                                                                               \
	"id, cohort_id, phase, course_id, kind, title, starts_at, ends_at, time_zone, venue,"      \
	" instructor_user_id, created_at"
#define ATT_COLS "id, session_id, person_id, status, note, by_code, recorded_by, recorded_at, supersedes"
#define LOG_COLS "id, cohort_id, person_id, phase, day, activities, minutes, recorded_by, created_at"
#define EVAL_COLS                                                                                  \
	"id, cohort_id, person_id, phase, supervisor_name, supervisor_org, rating, satisfactory,"  \
	" comments, evaluated_on, recorded_by, created_at"
#define UNIT_COLS "id, course_id, code, title, created_at, recognised_cert"
#define ASSESS_COLS                                                                                \
	"id, person_id, cohort_id, unit_id, attempt, result, score, rubric, evidence,"             \
	" assessed_on, assessor_user_id, verified_by, verified_at, created_at"
#define NOTE_COLS "id, assessment_id, kind, text, author_user_id, created_at"
#define VCERT_COLS                                                                                 \
	"id, person_id, name, number, issuer, issued_on, expires_on, recorded_by, created_at"
#define KEY_COLS "id, did, created_at, retired_at"
#define CERT_COLS                                                                                  \
	"c.id, c.uuid, c.person_id, c.cohort_id, c.programme_id, c.key_id, c.status_index,"        \
	" c.status, c.reason, c.issued_at, c.expires_at, c.renewal_of, c.issued_by,"              \
	" c.holder_name, c.achievement"
/* ?2..?5: the scope (kind, org_id, user_id, person_id), as for enrolments. */
#define CERT_SCOPE                                                                                 \
	"(?2 = 1"                                                                                  \
	" OR (?2 = 2 AND EXISTS (SELECT 1 FROM cohort sc"                                          \
	" WHERE sc.id = c.cohort_id AND sc.centre_org_id = ?3))"                                   \
	" OR (?2 = 3 AND EXISTS (SELECT 1 FROM programme sg"                                       \
	" WHERE sg.id = c.programme_id AND sg.owner_org_id = ?3))"                                 \
	" OR (?2 = 4 AND EXISTS (SELECT 1 FROM cohort_instructor si"                               \
	" WHERE si.cohort_id = c.cohort_id AND si.user_id = ?4))"                                  \
	" OR (?2 = 5 AND c.person_id = ?5))"
/* The current attendance record of person ?P in session x. */
#define CURRENT_OF(person)                                                                         \
	"(SELECT max(a2.id) FROM attendance a2 WHERE a2.session_id = x.id AND a2.person_id = "     \
	person ")"
/* clang-format on */

enum {
	D_SESSION_INSERT,
	D_SESSION_UPDATE,
	D_SESSION_GET,
	D_SESSION_LIST,
	D_COHORT_COURSES,
	D_CHECKIN_SET,
	D_CHECKIN_GET,
	D_ATT_INSERT,
	D_ATT_CURRENT,
	D_ATT_LIST,
	D_ATT_HISTORY,
	D_ATT_RATE_PERSON,
	D_ATT_RATE_COHORT,
	D_LOG_INSERT,
	D_LOG_LIST,
	D_EVAL_INSERT,
	D_EVAL_LIST,
	D_UNIT_INSERT,
	D_UNIT_GET,
	D_UNIT_LIST,
	D_ASSESS_INSERT,
	D_ASSESS_GET,
	D_ASSESS_VERIFY,
	D_ASSESS_LIST,
	D_UNITS_COMPETENT,
	D_NOTE_INSERT,
	D_NOTE_LIST,
	D_VCERT_INSERT,
	D_VCERT_LIST,
	D_CRULE_PUT,
	D_CRULE_GET,
	D_PRULE_PUT,
	D_PRULE_GET,
	D_KEY_INSERT,
	D_KEY_RETIRE,
	D_KEY_GET,
	D_KEY_CURRENT,
	D_KEY_FIND,
	D_KEY_LIST,
	D_CERT_NEXT_INDEX,
	D_CERT_INSERT,
	D_CERT_GET,
	D_CERT_GET_UUID,
	D_CERT_FIND_LIVE,
	D_CERT_LIST,
	D_CERT_CREDENTIAL,
	D_CERT_SET_STATUS,
	D_CERT_STATUSES,
	D_COUNT
};

_Static_assert(D_COUNT <= SQ_DELIVERY_SLOTS, "too many statements");

static const char *const dsql[D_COUNT] = {
	[D_SESSION_INSERT] =
		"INSERT INTO session (" SESSION_COLS ")"
		" VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
	[D_SESSION_UPDATE] = "UPDATE session SET phase = ?3, course_id = ?4, kind = ?5,"
			     " title = ?6, starts_at = ?7, ends_at = ?8, time_zone = ?9,"
			     " venue = ?10, instructor_user_id = ?11 WHERE id = ?1",
	[D_SESSION_GET] = "SELECT " SESSION_COLS " FROM session WHERE id = ?1",
	/* Keyset on (starts_at, id) from the session ?1 (0: the start). */
	[D_SESSION_LIST] =
		"SELECT " SESSION_COLS " FROM session x WHERE cohort_id = ?3"
		" AND (?1 = 0 OR (starts_at, id) > (SELECT s0.starts_at, s0.id FROM session s0"
		" WHERE s0.id = ?1)) ORDER BY starts_at, id LIMIT ?2",
	[D_COHORT_COURSES] = "SELECT DISTINCT course_id FROM session WHERE cohort_id = ?1"
			     " AND course_id IS NOT NULL ORDER BY course_id",
	[D_CHECKIN_SET] = "INSERT INTO checkin_code (session_id, hash, expires_at)"
			  " VALUES (?1, ?2, ?3) ON CONFLICT (session_id) DO UPDATE"
			  " SET hash = excluded.hash, expires_at = excluded.expires_at",
	[D_CHECKIN_GET] = "SELECT hash, expires_at FROM checkin_code WHERE session_id = ?1",
	[D_ATT_INSERT] = "INSERT INTO attendance (" ATT_COLS ")"
			 " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[D_ATT_CURRENT] = "SELECT " ATT_COLS " FROM attendance WHERE session_id = ?1"
			  " AND person_id = ?2 ORDER BY id DESC LIMIT 1",
	[D_ATT_LIST] = "SELECT " ATT_COLS " FROM attendance a WHERE session_id = ?1"
		       " AND id = (SELECT max(b.id) FROM attendance b"
		       " WHERE b.session_id = a.session_id AND b.person_id = a.person_id)"
		       " ORDER BY person_id",
	[D_ATT_HISTORY] = "SELECT " ATT_COLS " FROM attendance WHERE session_id = ?1"
			  " ORDER BY person_id, id",
	[D_ATT_RATE_PERSON] =
		"SELECT count(*), coalesce(sum(CASE WHEN a.status = 1 THEN 1 ELSE 0 END), 0), "
		"coalesce(sum(CASE WHEN a.status = 2 THEN 1 ELSE 0 END), 0),"
		" coalesce(sum(CASE WHEN a.status = 4 THEN 1 ELSE 0 END), 0), coalesce(sum(CASE "
		"WHEN a.status = 3 THEN 1 ELSE 0 END), 0)"
		" FROM session x LEFT JOIN attendance a ON a.id = " CURRENT_OF(
			"?3") " WHERE x.cohort_id = ?1 AND (?2 = 0 OR x.course_id = ?2) AND "
			      "x.starts_at <= ?4",
	/* Sessions, enrolled people, and the current records over both. */
	[D_ATT_RATE_COHORT] =
		"SELECT (SELECT count(*) FROM session x WHERE x.cohort_id = ?1"
		"  AND (?2 = 0 OR x.course_id = ?2) AND x.starts_at <= ?4),"
		" (SELECT count(*) FROM enrolment e WHERE e.cohort_id = ?1 AND e.status IN (5, 6)),"
		" coalesce(sum(CASE WHEN a.status = 1 THEN 1 ELSE 0 END), 0), coalesce(sum(CASE "
		"WHEN a.status = 2 THEN 1 ELSE 0 END), 0),"
		" coalesce(sum(CASE WHEN a.status = 4 THEN 1 ELSE 0 END), 0), coalesce(sum(CASE "
		"WHEN a.status = 3 THEN 1 ELSE 0 END), 0)"
		" FROM session x JOIN attendance a ON a.session_id = x.id"
		" WHERE x.cohort_id = ?1 AND (?2 = 0 OR x.course_id = ?2) AND x.starts_at <= ?4"
		" AND a.id = (SELECT max(b.id) FROM attendance b"
		"  WHERE b.session_id = a.session_id AND b.person_id = a.person_id)"
		" AND EXISTS (SELECT 1 FROM enrolment e WHERE e.cohort_id = ?1"
		"  AND e.person_id = a.person_id AND e.status IN (5, 6))",
	[D_LOG_INSERT] = "INSERT INTO logbook_entry (" LOG_COLS ")"
			 " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[D_LOG_LIST] = "SELECT " LOG_COLS " FROM logbook_entry WHERE cohort_id = ?3"
		       " AND (?4 = 0 OR person_id = ?4) AND id > ?1 ORDER BY id LIMIT ?2",
	[D_EVAL_INSERT] =
		"INSERT INTO phase_evaluation (" EVAL_COLS ")"
		" VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
	[D_EVAL_LIST] = "SELECT " EVAL_COLS " FROM phase_evaluation WHERE cohort_id = ?1"
			" AND (?2 = 0 OR person_id = ?2) ORDER BY person_id, phase",
	[D_UNIT_INSERT] = "INSERT INTO competency_unit (" UNIT_COLS
			  ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[D_UNIT_GET] = "SELECT " UNIT_COLS " FROM competency_unit WHERE id = ?1",
	[D_UNIT_LIST] =
		"SELECT " UNIT_COLS " FROM competency_unit WHERE course_id = ?1 ORDER BY id",
	[D_ASSESS_INSERT] = "INSERT INTO assessment (" ASSESS_COLS ") SELECT NULL, ?2, ?3, ?4,"
			    " coalesce((SELECT max(attempt) FROM assessment WHERE person_id = ?2"
			    "  AND unit_id = ?4), 0) + 1, ?6, ?7, ?8, ?9, ?10, ?11, NULL, NULL, ?14"
			    " RETURNING id, attempt",
	[D_ASSESS_GET] = "SELECT " ASSESS_COLS " FROM assessment WHERE id = ?1",
	[D_ASSESS_VERIFY] = "UPDATE assessment SET verified_by = ?2, verified_at = ?3"
			    " WHERE id = ?1 AND verified_by IS NULL",
	[D_ASSESS_LIST] = "SELECT " ASSESS_COLS " FROM assessment WHERE cohort_id = ?3"
			  " AND (?4 = 0 OR person_id = ?4) AND id > ?1 ORDER BY id LIMIT ?2",
	[D_UNITS_COMPETENT] =
		"SELECT count(*), coalesce(sum(CASE WHEN EXISTS (SELECT 1 FROM assessment a"
		" WHERE a.unit_id = u.id AND a.person_id = ?2 AND a.result = 1"
		" AND a.verified_by IS NOT NULL) OR (u.recognised_cert <> '' AND EXISTS"
		" (SELECT 1 FROM vendor_cert v WHERE v.person_id = ?2 AND v.name = "
		"u.recognised_cert"
		" AND v.issued_on <= ?3 AND (v.expires_on IS NULL OR v.expires_on >= ?3)))"
		" THEN 1 ELSE 0 END), 0) FROM competency_unit u WHERE u.course_id = ?1",
	[D_NOTE_INSERT] = "INSERT INTO assessment_note (" NOTE_COLS
			  ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6) RETURNING id",
	[D_NOTE_LIST] =
		"SELECT " NOTE_COLS " FROM assessment_note WHERE assessment_id = ?1 ORDER BY id",
	[D_VCERT_INSERT] = "INSERT INTO vendor_cert (" VCERT_COLS ")"
			   " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
	[D_VCERT_LIST] = "SELECT " VCERT_COLS " FROM vendor_cert WHERE person_id = ?1 ORDER BY id",
	[D_CRULE_PUT] =
		"INSERT INTO course_rule (course_id, min_attendance, all_units, vendor_exam)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT (course_id) DO UPDATE SET"
		" min_attendance = excluded.min_attendance, all_units = excluded.all_units,"
		" vendor_exam = excluded.vendor_exam",
	[D_CRULE_GET] = "SELECT course_id, min_attendance, all_units, vendor_exam FROM course_rule"
			" WHERE course_id = ?1",
	[D_PRULE_PUT] =
		"INSERT INTO programme_rule (programme_id, min_attendance, all_courses,"
		" all_phases, auto_certify, cert_valid_months) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (programme_id) DO UPDATE SET"
		" min_attendance = excluded.min_attendance, all_courses = excluded.all_courses,"
		" all_phases = excluded.all_phases, auto_certify = excluded.auto_certify,"
		" cert_valid_months = excluded.cert_valid_months",
	[D_PRULE_GET] =
		"SELECT programme_id, min_attendance, all_courses, all_phases, auto_certify,"
		" cert_valid_months FROM programme_rule WHERE programme_id = ?1",
	[D_KEY_INSERT] =
		"INSERT INTO issuer_key (" KEY_COLS ") VALUES (NULL, ?2, ?3, NULL) RETURNING id",
	[D_KEY_RETIRE] = "UPDATE issuer_key SET retired_at = ?1 WHERE retired_at IS NULL",
	[D_KEY_GET] = "SELECT " KEY_COLS " FROM issuer_key WHERE id = ?1",
	[D_KEY_CURRENT] = "SELECT " KEY_COLS " FROM issuer_key WHERE retired_at IS NULL"
			  " ORDER BY id DESC LIMIT 1",
	[D_KEY_FIND] = "SELECT " KEY_COLS " FROM issuer_key WHERE did = ?1",
	[D_KEY_LIST] = "SELECT " KEY_COLS " FROM issuer_key ORDER BY id DESC",
	[D_CERT_NEXT_INDEX] = "SELECT coalesce(max(status_index), -1) + 1 FROM certificate",
	[D_CERT_INSERT] =
		"INSERT INTO certificate (id, uuid, person_id, cohort_id, programme_id,"
		" key_id, status_index, status, reason, issued_at, expires_at, renewal_of,"
		" issued_by, holder_name, achievement, credential) VALUES (NULL, ?2, ?3,"
		" ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id",
	[D_CERT_GET] = "SELECT " CERT_COLS " FROM certificate c WHERE c.id = ?1",
	[D_CERT_GET_UUID] = "SELECT " CERT_COLS " FROM certificate c WHERE c.uuid = ?1",
	[D_CERT_FIND_LIVE] =
		"SELECT " CERT_COLS " FROM certificate c WHERE c.person_id = ?1"
		" AND c.cohort_id = ?2 AND c.status IN (1, 2) ORDER BY c.id DESC LIMIT 1",
	[D_CERT_LIST] = "SELECT " CERT_COLS " FROM certificate c WHERE c.id > ?1"
			" AND (?7 = 0 OR c.person_id = ?7) AND (?8 = 0 OR c.cohort_id = ?8)"
			" AND " CERT_SCOPE " ORDER BY c.id LIMIT ?6",
	[D_CERT_CREDENTIAL] = "SELECT credential FROM certificate WHERE id = ?1",
	[D_CERT_SET_STATUS] = "UPDATE certificate SET status = ?2, reason = ?3 WHERE id = ?1",
	[D_CERT_STATUSES] = "SELECT status_index, status FROM certificate WHERE status <> 1"
			    " AND status_index >= ?1 AND status_index < ?2 ORDER BY status_index",
};

static int dstmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot(s, out, SQ_CORE_SLOTS + which, dsql[which]);
}

/* Run `which` with ?1 = a and, if b_used, ?2 = b, reading one row. */
static int get_row(sql_store *s, int which, int64_t a, bool b_used, int64_t b_val, size_t size,
		   row_fn row, void *dst)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, which)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, a);
	if (b_used)
		bind_i64(&b, 2, b_val);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, dst);
out:
	done(st);
	return rc;
}

/* Run `which` with ?1..?k = args, reading every row. */
static int get_rows(sql_store *s, int which, const int64_t *args, int k, size_t size, row_fn row,
		    void **out, size_t *n)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, which)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	for (int i = 0; i < k; i++)
		bind_i64(&b, i + 1, args[i]);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_all(s, st, size, 16, row, out, n);
out:
	done(st);
	return rc;
}

/* A page (?1 after, ?2 limit) of `which` with ?3.. = args. */
static int get_page(sql_store *s, int which, const tunas_page *page, const int64_t *args, int k,
		    size_t size, row_fn row, void **out, size_t *n)
{
	db_stmt *st = NULL;
	int64_t after, limit;
	binder b;
	int rc;

	page_args(page, &after, &limit);
	if ((rc = dstmt(s, &st, which)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_i64(&b, 2, limit);
	for (int i = 0; i < k; i++)
		bind_i64(&b, i + 3, args[i]);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_all(s, st, size, (size_t)limit, row, out, n);
out:
	done(st);
	return rc;
}

static void row_index(db_stmt *st, void *dst);

/* ------------------------------------------------------------------------ */
/* Sessions and check-in */

static void row_session(db_stmt *st, void *dst)
{
	tunas_session *x = dst;

	x->id = col_i64(st, 0);
	x->cohort_id = col_i64(st, 1);
	x->phase = col_int(st, 2);
	x->course_id = col_i64(st, 3);
	x->kind = (tunas_session_kind)col_int(st, 4);
	COL_STR(x->title, st, 5);
	x->starts_at = col_i64(st, 6);
	x->ends_at = col_i64(st, 7);
	COL_STR(x->time_zone, st, 8);
	COL_STR(x->venue, st, 9);
	x->instructor_user_id = col_i64(st, 10);
	x->created_at = col_i64(st, 11);
}

static void bind_session(binder *b, const tunas_session *x)
{
	bind_i64(b, 2, x->cohort_id);
	bind_i64(b, 3, x->phase);
	bind_ref(b, 4, x->course_id);
	bind_i64(b, 5, x->kind);
	BIND_STR(b, 6, x->title);
	bind_i64(b, 7, x->starts_at);
	bind_i64(b, 8, x->ends_at);
	BIND_STR(b, 9, x->time_zone);
	BIND_STR(b, 10, x->venue);
	bind_ref(b, 11, x->instructor_user_id);
}

int sqd_session_insert(tunas_store *store, int64_t *out_id, const tunas_session *x)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_SESSION_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_session(&b, x);
		bind_i64(&b, 12, x->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_session_update(tunas_store *store, const tunas_session *x)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_SESSION_UPDATE)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, x->id);
		bind_session(&b, x);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	}
	done(st);
	return rc;
}

int sqd_session_get(tunas_store *store, tunas_session *out, int64_t id)
{
	tunas_session tmp;
	int rc =
		get_row(to_sql(store), D_SESSION_GET, id, false, 0, sizeof(tmp), row_session, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_session_list(tunas_store *store, tunas_session **out, size_t *n, int64_t cohort_id,
		     const tunas_page *page)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_page(to_sql(store), D_SESSION_LIST, page, &cohort_id, 1, sizeof(tunas_session),
			  row_session, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

int sqd_cohort_courses(tunas_store *store, int64_t **out, size_t *n, int64_t cohort_id)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_COHORT_COURSES, &cohort_id, 1, sizeof(int64_t),
			  row_index, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

int sqd_checkin_set(tunas_store *store, int64_t session_id,
		    const unsigned char hash[TUNAS_HASH_LEN], int64_t expires_at)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_CHECKIN_SET)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, session_id);
		bind_hash(&b, 2, hash);
		bind_i64(&b, 3, expires_at);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
	}
	done(st);
	return rc;
}

typedef struct {
	unsigned char hash[TUNAS_HASH_LEN];
	int64_t expires_at;
} checkin_row;

static void row_checkin(db_stmt *st, void *dst)
{
	checkin_row *c = dst;

	col_hash(c->hash, st, 0);
	c->expires_at = col_i64(st, 1);
}

int sqd_checkin_get(tunas_store *store, int64_t session_id, unsigned char hash[TUNAS_HASH_LEN],
		    int64_t *expires_at)
{
	checkin_row tmp = {0};
	int rc = get_row(to_sql(store), D_CHECKIN_GET, session_id, false, 0, sizeof(tmp),
			 row_checkin, &tmp);

	if (rc == 0) {
		memcpy(hash, tmp.hash, TUNAS_HASH_LEN);
		*expires_at = tmp.expires_at;
	}
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Attendance, logbook, evaluations */

static void row_attendance(db_stmt *st, void *dst)
{
	tunas_attendance *a = dst;

	a->id = col_i64(st, 0);
	a->session_id = col_i64(st, 1);
	a->person_id = col_i64(st, 2);
	a->status = (tunas_att_status)col_int(st, 3);
	COL_STR(a->note, st, 4);
	a->by_code = col_int(st, 5) != 0;
	a->recorded_by = col_i64(st, 6);
	a->recorded_at = col_i64(st, 7);
	a->supersedes = col_i64(st, 8);
}

int sqd_attendance_insert(tunas_store *store, int64_t *out_id, const tunas_attendance *a)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_ATT_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, a->session_id);
		bind_i64(&b, 3, a->person_id);
		bind_i64(&b, 4, a->status);
		BIND_STR(&b, 5, a->note);
		bind_i64(&b, 6, a->by_code ? 1 : 0);
		bind_i64(&b, 7, a->recorded_by);
		bind_i64(&b, 8, a->recorded_at);
		bind_ref(&b, 9, a->supersedes);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_attendance_current(tunas_store *store, tunas_attendance *out, int64_t session_id,
			   int64_t person_id)
{
	tunas_attendance tmp;
	int rc = get_row(to_sql(store), D_ATT_CURRENT, session_id, true, person_id, sizeof(tmp),
			 row_attendance, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_attendance_list(tunas_store *store, tunas_attendance **out, size_t *n, int64_t session_id,
			bool history)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), history ? D_ATT_HISTORY : D_ATT_LIST, &session_id, 1,
			  sizeof(tunas_attendance), row_attendance, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

int sqd_attendance_rate(tunas_store *store, tunas_attendance_rate *out, int64_t cohort_id,
			int64_t course_id, int64_t person_id, int64_t now)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_attendance_rate r;
	binder b;
	int rc, step;

	memset(&r, 0, sizeof(r));
	if ((rc = dstmt(s, &st, person_id ? D_ATT_RATE_PERSON : D_ATT_RATE_COHORT)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, cohort_id);
	bind_i64(&b, 2, course_id);
	if (person_id)
		bind_i64(&b, 3, person_id);
	bind_i64(&b, 4, now);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step != DB_ROW) {
		rc = fail(s, step);
		goto out;
	}
	r.person_id = person_id;
	if (person_id) {
		r.sessions = col_int(st, 0);
		r.present = col_int(st, 1);
		r.late = col_int(st, 2);
		r.excused = col_int(st, 3);
		r.absent = col_int(st, 4);
		r.unrecorded = r.sessions - r.present - r.late - r.excused - r.absent;
	} else {
		int64_t slots = col_i64(st, 0) * col_i64(st, 1);

		r.sessions = col_int(st, 0);
		r.present = col_int(st, 2);
		r.late = col_int(st, 3);
		r.excused = col_int(st, 4);
		r.absent = col_int(st, 5);
		r.unrecorded = (int)(slots - r.present - r.late - r.excused - r.absent);
	}
	*out = r;
out:
	done(st);
	return rc;
}

static void row_logbook(db_stmt *st, void *dst)
{
	tunas_logbook_entry *e = dst;

	e->id = col_i64(st, 0);
	e->cohort_id = col_i64(st, 1);
	e->person_id = col_i64(st, 2);
	e->phase = col_int(st, 3);
	COL_STR(e->day, st, 4);
	COL_STR(e->activities, st, 5);
	e->minutes = col_int(st, 6);
	e->recorded_by = col_i64(st, 7);
	e->created_at = col_i64(st, 8);
}

int sqd_logbook_insert(tunas_store *store, int64_t *out_id, const tunas_logbook_entry *e)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_LOG_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, e->cohort_id);
		bind_i64(&b, 3, e->person_id);
		bind_i64(&b, 4, e->phase);
		BIND_STR(&b, 5, e->day);
		BIND_STR(&b, 6, e->activities);
		bind_i64(&b, 7, e->minutes);
		bind_i64(&b, 8, e->recorded_by);
		bind_i64(&b, 9, e->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_logbook_list(tunas_store *store, tunas_logbook_entry **out, size_t *n, int64_t cohort_id,
		     int64_t person_id, const tunas_page *page)
{
	int64_t args[2] = {cohort_id, person_id};
	void *arr = NULL;
	size_t count = 0;
	int rc = get_page(to_sql(store), D_LOG_LIST, page, args, 2, sizeof(tunas_logbook_entry),
			  row_logbook, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static void row_evaluation(db_stmt *st, void *dst)
{
	tunas_phase_evaluation *e = dst;

	e->id = col_i64(st, 0);
	e->cohort_id = col_i64(st, 1);
	e->person_id = col_i64(st, 2);
	e->phase = col_int(st, 3);
	COL_STR(e->supervisor_name, st, 4);
	COL_STR(e->supervisor_org, st, 5);
	e->rating = col_int(st, 6);
	e->satisfactory = col_int(st, 7) != 0;
	COL_STR(e->comments, st, 8);
	COL_STR(e->evaluated_on, st, 9);
	e->recorded_by = col_i64(st, 10);
	e->created_at = col_i64(st, 11);
}

int sqd_evaluation_insert(tunas_store *store, int64_t *out_id, const tunas_phase_evaluation *e)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_EVAL_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, e->cohort_id);
		bind_i64(&b, 3, e->person_id);
		bind_i64(&b, 4, e->phase);
		BIND_STR(&b, 5, e->supervisor_name);
		BIND_STR(&b, 6, e->supervisor_org);
		bind_i64(&b, 7, e->rating);
		bind_i64(&b, 8, e->satisfactory ? 1 : 0);
		BIND_STR(&b, 9, e->comments);
		BIND_STR(&b, 10, e->evaluated_on);
		bind_i64(&b, 11, e->recorded_by);
		bind_i64(&b, 12, e->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_evaluation_list(tunas_store *store, tunas_phase_evaluation **out, size_t *n,
			int64_t cohort_id, int64_t person_id)
{
	int64_t args[2] = {cohort_id, person_id};
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_EVAL_LIST, args, 2, sizeof(tunas_phase_evaluation),
			  row_evaluation, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Units, assessments, notes, vendor certifications, rules */

static void row_unit(db_stmt *st, void *dst)
{
	tunas_unit *u = dst;

	u->id = col_i64(st, 0);
	u->course_id = col_i64(st, 1);
	COL_STR(u->code, st, 2);
	COL_STR(u->title, st, 3);
	u->created_at = col_i64(st, 4);
	COL_STR(u->recognised_cert, st, 5);
}

int sqd_unit_insert(tunas_store *store, int64_t *out_id, const tunas_unit *u)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_UNIT_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, u->course_id);
		BIND_STR(&b, 3, u->code);
		BIND_STR(&b, 4, u->title);
		bind_i64(&b, 5, u->created_at);
		BIND_STR(&b, 6, u->recognised_cert);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_unit_get(tunas_store *store, tunas_unit *out, int64_t id)
{
	tunas_unit tmp;
	int rc = get_row(to_sql(store), D_UNIT_GET, id, false, 0, sizeof(tmp), row_unit, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_unit_list(tunas_store *store, tunas_unit **out, size_t *n, int64_t course_id)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_UNIT_LIST, &course_id, 1, sizeof(tunas_unit), row_unit,
			  &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static void row_assessment(db_stmt *st, void *dst)
{
	tunas_assessment *a = dst;

	a->id = col_i64(st, 0);
	a->person_id = col_i64(st, 1);
	a->cohort_id = col_i64(st, 2);
	a->unit_id = col_i64(st, 3);
	a->attempt = col_int(st, 4);
	a->result = (tunas_result)col_int(st, 5);
	a->score = db_col_type(st, 6) == DB_NULL ? -1 : col_int(st, 6);
	COL_STR(a->rubric, st, 7);
	COL_STR(a->evidence, st, 8);
	COL_STR(a->assessed_on, st, 9);
	a->assessor_user_id = col_i64(st, 10);
	a->verified_by = col_i64(st, 11);
	a->verified_at = col_i64(st, 12);
	a->created_at = col_i64(st, 13);
}

int sqd_assessment_insert(tunas_store *store, tunas_assessment *a)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, step;

	if ((rc = dstmt(s, &st, D_ASSESS_INSERT)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, a->person_id);
	bind_i64(&b, 3, a->cohort_id);
	bind_i64(&b, 4, a->unit_id);
	bind_i64(&b, 6, a->result);
	if (a->score < 0)
		bind_null(&b, 7);
	else
		bind_i64(&b, 7, a->score);
	BIND_STR(&b, 8, a->rubric);
	BIND_STR(&b, 9, a->evidence);
	BIND_STR(&b, 10, a->assessed_on);
	bind_i64(&b, 11, a->assessor_user_id);
	bind_i64(&b, 14, a->created_at);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step != DB_ROW) {
		rc = fail(s, step);
		goto out;
	}
	a->id = col_i64(st, 0);
	a->attempt = col_int(st, 1);
	step = db_step(st);
	if (step != DB_DONE)
		rc = fail(s, step);
out:
	done(st);
	return rc;
}

int sqd_assessment_get(tunas_store *store, tunas_assessment *out, int64_t id)
{
	tunas_assessment tmp;
	int rc = get_row(to_sql(store), D_ASSESS_GET, id, false, 0, sizeof(tmp), row_assessment,
			 &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_assessment_verify(tunas_store *store, int64_t id, int64_t by, int64_t at)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_ASSESS_VERIFY)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, by);
		bind_i64(&b, 3, at);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
		if (rc == 0 && db_changes(s->db) == 0) {
			set_msg(s, "already verified");
			rc = TUNAS_ECONFLICT;
		}
	}
	done(st);
	return rc;
}

int sqd_assessment_list(tunas_store *store, tunas_assessment **out, size_t *n, int64_t cohort_id,
			int64_t person_id, const tunas_page *page)
{
	int64_t args[2] = {cohort_id, person_id};
	void *arr = NULL;
	size_t count = 0;
	int rc = get_page(to_sql(store), D_ASSESS_LIST, page, args, 2, sizeof(tunas_assessment),
			  row_assessment, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

typedef struct {
	int total, competent;
} unit_counts;

static void row_unit_counts(db_stmt *st, void *dst)
{
	unit_counts *c = dst;

	c->total = col_int(st, 0);
	c->competent = col_int(st, 1);
}

int sqd_units_competent(tunas_store *store, int *total, int *competent, int64_t person_id,
			int64_t course_id, const char *day)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	unit_counts tmp = {0};
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_UNITS_COMPETENT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, course_id);
		bind_i64(&b, 2, person_id);
		bind_text(&b, 3, day, TUNAS_DATE_LEN + 1);
		rc = b.rc != DB_OK ? fail(s, b.rc)
				   : fetch_one(s, st, sizeof(tmp), row_unit_counts, &tmp);
		if (rc == 0) {
			*total = tmp.total;
			*competent = tmp.competent;
		}
	}
	done(st);
	return rc;
}

static void row_note(db_stmt *st, void *dst)
{
	tunas_assessment_note *nt = dst;

	nt->id = col_i64(st, 0);
	nt->assessment_id = col_i64(st, 1);
	nt->kind = (tunas_note_kind)col_int(st, 2);
	COL_STR(nt->text, st, 3);
	nt->author_user_id = col_i64(st, 4);
	nt->created_at = col_i64(st, 5);
}

int sqd_note_insert(tunas_store *store, int64_t *out_id, const tunas_assessment_note *nt)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_NOTE_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, nt->assessment_id);
		bind_i64(&b, 3, nt->kind);
		BIND_STR(&b, 4, nt->text);
		bind_i64(&b, 5, nt->author_user_id);
		bind_i64(&b, 6, nt->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_note_list(tunas_store *store, tunas_assessment_note **out, size_t *n, int64_t assessment_id)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_NOTE_LIST, &assessment_id, 1,
			  sizeof(tunas_assessment_note), row_note, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static void row_vcert(db_stmt *st, void *dst)
{
	tunas_vendor_cert *v = dst;

	v->id = col_i64(st, 0);
	v->person_id = col_i64(st, 1);
	COL_STR(v->name, st, 2);
	COL_STR(v->number, st, 3);
	COL_STR(v->issuer, st, 4);
	COL_STR(v->issued_on, st, 5);
	COL_STR(v->expires_on, st, 6);
	v->recorded_by = col_i64(st, 7);
	v->created_at = col_i64(st, 8);
}

int sqd_vendor_cert_insert(tunas_store *store, int64_t *out_id, const tunas_vendor_cert *v)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_VCERT_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 2, v->person_id);
		BIND_STR(&b, 3, v->name);
		BIND_STR(&b, 4, v->number);
		BIND_STR(&b, 5, v->issuer);
		BIND_STR(&b, 6, v->issued_on);
		BIND_OPT(&b, 7, v->expires_on);
		bind_i64(&b, 8, v->recorded_by);
		bind_i64(&b, 9, v->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_vendor_cert_list(tunas_store *store, tunas_vendor_cert **out, size_t *n, int64_t person_id)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_VCERT_LIST, &person_id, 1, sizeof(tunas_vendor_cert),
			  row_vcert, &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

/* Run `which` with the integer arguments ?1..?k, no rows back. */
static int exec_ints(sql_store *s, int which, const int64_t *args, int k)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, which)) == 0) {
		b = (binder){st, DB_OK};
		for (int i = 0; i < k; i++)
			bind_i64(&b, i + 1, args[i]);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_done(s, st);
	}
	done(st);
	return rc;
}

int sqd_course_rule_put(tunas_store *store, const tunas_course_rule *r)
{
	int64_t args[4] = {r->course_id, r->min_attendance, r->all_units, r->vendor_exam};

	return exec_ints(to_sql(store), D_CRULE_PUT, args, 4);
}

static void row_crule(db_stmt *st, void *dst)
{
	tunas_course_rule *r = dst;

	r->course_id = col_i64(st, 0);
	r->min_attendance = col_int(st, 1);
	r->all_units = col_int(st, 2) != 0;
	r->vendor_exam = col_int(st, 3) != 0;
}

int sqd_course_rule_get(tunas_store *store, tunas_course_rule *out, int64_t course_id)
{
	tunas_course_rule tmp;
	int rc = get_row(to_sql(store), D_CRULE_GET, course_id, false, 0, sizeof(tmp), row_crule,
			 &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_programme_rule_put(tunas_store *store, const tunas_programme_rule *r)
{
	int64_t args[6] = {r->programme_id, r->min_attendance, r->all_courses,
			   r->all_phases,   r->auto_certify,   r->cert_valid_months};

	return exec_ints(to_sql(store), D_PRULE_PUT, args, 6);
}

static void row_prule(db_stmt *st, void *dst)
{
	tunas_programme_rule *r = dst;

	r->programme_id = col_i64(st, 0);
	r->min_attendance = col_int(st, 1);
	r->all_courses = col_int(st, 2) != 0;
	r->all_phases = col_int(st, 3) != 0;
	r->auto_certify = col_int(st, 4) != 0;
	r->cert_valid_months = col_int(st, 5);
}

int sqd_programme_rule_get(tunas_store *store, tunas_programme_rule *out, int64_t programme_id)
{
	tunas_programme_rule tmp;
	int rc = get_row(to_sql(store), D_PRULE_GET, programme_id, false, 0, sizeof(tmp), row_prule,
			 &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Issuer keys and certificates */

static void row_key(db_stmt *st, void *dst)
{
	tunas_issuer_key *k = dst;

	k->id = col_i64(st, 0);
	COL_STR(k->did, st, 1);
	k->created_at = col_i64(st, 2);
	k->retired_at = col_i64(st, 3);
}

int sqd_issuer_key_insert(tunas_store *store, int64_t *out_id, const tunas_issuer_key *k)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_KEY_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		BIND_STR(&b, 2, k->did);
		bind_i64(&b, 3, k->created_at);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_issuer_key_retire(tunas_store *store, int64_t at)
{
	return exec_ints(to_sql(store), D_KEY_RETIRE, &at, 1);
}

int sqd_issuer_key_get(tunas_store *store, tunas_issuer_key *out, int64_t id)
{
	tunas_issuer_key tmp;
	int rc = get_row(to_sql(store), D_KEY_GET, id, false, 0, sizeof(tmp), row_key, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_issuer_key_current(tunas_store *store, tunas_issuer_key *out)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_KEY_CURRENT, NULL, 0, sizeof(tunas_issuer_key), row_key,
			  &arr, &count);

	if (rc == 0 && count == 0)
		rc = not_found(to_sql(store));
	if (rc == 0)
		*out = *(tunas_issuer_key *)arr;
	free(arr);
	return rc;
}

int sqd_issuer_key_find(tunas_store *store, tunas_issuer_key *out, const char *did)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_issuer_key tmp;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_KEY_FIND)) == 0) {
		b = (binder){st, DB_OK};
		bind_text(&b, 1, did, TUNAS_DID_MAX + 1);
		rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_key, &tmp);
		if (rc == 0)
			*out = tmp;
	}
	done(st);
	return rc;
}

int sqd_issuer_key_list(tunas_store *store, tunas_issuer_key **out, size_t *n)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_KEY_LIST, NULL, 0, sizeof(tunas_issuer_key), row_key,
			  &arr, &count);

	if (rc == 0) {
		*out = arr;
		*n = count;
	}
	return rc;
}

static void row_index(db_stmt *st, void *dst)
{
	*(int64_t *)dst = col_i64(st, 0);
}

int sqd_cert_next_index(tunas_store *store, int64_t *out)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = get_rows(to_sql(store), D_CERT_NEXT_INDEX, NULL, 0, sizeof(int64_t), row_index,
			  &arr, &count);

	if (rc == 0)
		*out = count ? *(int64_t *)arr : 0;
	free(arr);
	return rc;
}

static void row_cert(db_stmt *st, void *dst)
{
	tunas_certificate *c = dst;

	c->id = col_i64(st, 0);
	COL_STR(c->uuid, st, 1);
	c->person_id = col_i64(st, 2);
	c->cohort_id = col_i64(st, 3);
	c->programme_id = col_i64(st, 4);
	c->key_id = col_i64(st, 5);
	c->status_index = col_i64(st, 6);
	c->status = (tunas_cert_status)col_int(st, 7);
	COL_STR(c->reason, st, 8);
	c->issued_at = col_i64(st, 9);
	c->expires_at = col_i64(st, 10);
	c->renewal_of = col_i64(st, 11);
	c->issued_by = col_i64(st, 12);
	COL_STR(c->holder_name, st, 13);
	COL_STR(c->achievement, st, 14);
}

int sqd_cert_insert(tunas_store *store, int64_t *out_id, const tunas_certificate *c,
		    const char *credential)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_CERT_INSERT)) == 0) {
		b = (binder){st, DB_OK};
		BIND_STR(&b, 2, c->uuid);
		bind_i64(&b, 3, c->person_id);
		bind_i64(&b, 4, c->cohort_id);
		bind_i64(&b, 5, c->programme_id);
		bind_i64(&b, 6, c->key_id);
		bind_i64(&b, 7, c->status_index);
		bind_i64(&b, 8, c->status);
		BIND_STR(&b, 9, c->reason);
		bind_i64(&b, 10, c->issued_at);
		if (c->expires_at)
			bind_i64(&b, 11, c->expires_at);
		else
			bind_null(&b, 11);
		bind_ref(&b, 12, c->renewal_of);
		bind_i64(&b, 13, c->issued_by);
		BIND_STR(&b, 14, c->holder_name);
		BIND_STR(&b, 15, c->achievement);
		bind_text(&b, 16, credential, SIZE_MAX);
		rc = step_insert(s, st, &b, out_id);
	}
	done(st);
	return rc;
}

int sqd_cert_get(tunas_store *store, tunas_certificate *out, int64_t id)
{
	tunas_certificate tmp;
	int rc = get_row(to_sql(store), D_CERT_GET, id, false, 0, sizeof(tmp), row_cert, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_cert_get_uuid(tunas_store *store, tunas_certificate *out, const char *uuid)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_certificate tmp;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_CERT_GET_UUID)) == 0) {
		b = (binder){st, DB_OK};
		bind_text(&b, 1, uuid, TUNAS_UUID_LEN + 1);
		rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(tmp), row_cert, &tmp);
		if (rc == 0)
			*out = tmp;
	}
	done(st);
	return rc;
}

int sqd_cert_find_live(tunas_store *store, tunas_certificate *out, int64_t person_id,
		       int64_t cohort_id)
{
	tunas_certificate tmp;
	int rc = get_row(to_sql(store), D_CERT_FIND_LIVE, person_id, true, cohort_id, sizeof(tmp),
			 row_cert, &tmp);

	if (rc == 0)
		*out = tmp;
	return rc;
}

int sqd_cert_list(tunas_store *store, tunas_certificate **out, size_t *n, const tunas_scope *scope,
		  int64_t person_id, int64_t cohort_id, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	int64_t after, limit;
	void *arr = NULL;
	size_t count = 0;
	binder b;
	int rc;

	if (scope == NULL || scope->kind == TUNAS_SCOPE_NONE) {
		*out = NULL;
		*n = 0;
		return 0;
	}
	page_args(page, &after, &limit);
	if ((rc = dstmt(s, &st, D_CERT_LIST)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_i64(&b, 2, scope->kind);
	bind_i64(&b, 3, scope->org_id);
	bind_i64(&b, 4, scope->user_id);
	bind_i64(&b, 5, scope->person_id);
	bind_i64(&b, 6, limit);
	bind_i64(&b, 7, person_id);
	bind_i64(&b, 8, cohort_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(tunas_certificate), (size_t)limit, row_cert,
				       &arr, &count);
	if (rc == 0) {
		*out = arr;
		*n = count;
	}
out:
	done(st);
	return rc;
}

int sqd_cert_credential(tunas_store *store, char **out, int64_t id)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	const unsigned char *text;
	char *copy;
	size_t len;
	binder b;
	int rc, step;

	if ((rc = dstmt(s, &st, D_CERT_CREDENTIAL)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	if (b.rc != DB_OK) {
		rc = fail(s, b.rc);
		goto out;
	}
	step = db_step(st);
	if (step == DB_DONE) {
		rc = not_found(s);
		goto out;
	}
	if (step != DB_ROW) {
		rc = fail(s, step);
		goto out;
	}
	text = db_col_text(st, 0);
	len = (size_t)db_col_bytes(st, 0);
	copy = tunas_malloc(len + 1);
	if (copy == NULL) {
		rc = no_memory(s);
		goto out;
	}
	memcpy(copy, text ? (const char *)text : "", len);
	copy[len] = '\0';
	*out = copy;
out:
	done(st);
	return rc;
}

int sqd_cert_set_status(tunas_store *store, int64_t id, tunas_cert_status status,
			const char *reason)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = dstmt(s, &st, D_CERT_SET_STATUS)) == 0) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, status);
		bind_text(&b, 3, reason, TUNAS_NAME_MAX + 1);
		rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	}
	done(st);
	return rc;
}

typedef struct {
	int64_t index;
	int status;
} status_row;

static void row_status(db_stmt *st, void *dst)
{
	status_row *r = dst;

	r->index = col_i64(st, 0);
	r->status = col_int(st, 1);
}

int sqd_cert_statuses(tunas_store *store, int64_t **index, tunas_cert_status **status, size_t *n,
		      int64_t from, int64_t to)
{
	int64_t args[2] = {from, to};
	status_row *rows = NULL;
	int64_t *idx = NULL;
	tunas_cert_status *sts = NULL;
	size_t count = 0;
	void *arr = NULL;
	int rc;

	rc = get_rows(to_sql(store), D_CERT_STATUSES, args, 2, sizeof(status_row), row_status, &arr,
		      &count);
	if (rc != 0)
		return rc;
	rows = arr;
	if (count > 0) {
		idx = tunas_reallocarray(NULL, count, sizeof(*idx));
		sts = tunas_reallocarray(NULL, count, sizeof(*sts));
		if (idx == NULL || sts == NULL) {
			free(idx);
			free(sts);
			free(rows);
			return no_memory(to_sql(store));
		}
		for (size_t i = 0; i < count; i++) {
			idx[i] = rows[i].index;
			sts[i] = (tunas_cert_status)rows[i].status;
		}
	}
	free(rows);
	*index = idx;
	*status = sts;
	*n = count;
	return 0;
}
