/*
 * store_sqlite_skills.c — the SQLite store's tables and operations for
 * skills intelligence (skills.h): competency frameworks, occupations,
 * crosswalks, what courses teach, person competencies, consent,
 * vacancies, placements and tracer answers. Migration 5.
 */
#include "store/sql_int.h"
#include "store/sql_skills.h"

/* ------------------------------------------------------------------------ */
/* Schema */

const char *const sqlite_schema_v5[] = {
	"CREATE TABLE framework ("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),"
	" version TEXT NOT NULL DEFAULT '',"
	" levels INTEGER NOT NULL DEFAULT 0 CHECK (levels BETWEEN 0 AND 8),"
	" owner_org_id INTEGER REFERENCES org (id),"
	" created_at INTEGER NOT NULL);"
	"CREATE TABLE competency ("
	" id INTEGER PRIMARY KEY,"
	" framework_id INTEGER NOT NULL REFERENCES framework (id),"
	" parent_id INTEGER REFERENCES competency (id),"
	" kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
	" code TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" uri TEXT NOT NULL DEFAULT '',"
	" level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 8),"
	" UNIQUE (framework_id, code));"
	"CREATE INDEX competency_parent ON competency (framework_id, parent_id, id);"
	"CREATE TABLE occupation ("
	" id INTEGER PRIMARY KEY,"
	" framework_id INTEGER NOT NULL REFERENCES framework (id),"
	" code TEXT NOT NULL,"
	" title TEXT NOT NULL,"
	" uri TEXT NOT NULL DEFAULT '',"
	" isco TEXT NOT NULL DEFAULT '',"
	" UNIQUE (framework_id, code));"
	"CREATE TABLE occupation_competency ("
	" occupation_id INTEGER NOT NULL REFERENCES occupation (id),"
	" competency_id INTEGER NOT NULL REFERENCES competency (id),"
	" essential INTEGER NOT NULL CHECK (essential IN (0, 1)),"
	" PRIMARY KEY (occupation_id, competency_id)) WITHOUT ROWID;"
	"CREATE TABLE crosswalk ("
	" from_id INTEGER NOT NULL REFERENCES competency (id),"
	" to_id INTEGER NOT NULL REFERENCES competency (id),"
	" relation INTEGER NOT NULL CHECK (relation BETWEEN 1 AND 4),"
	" PRIMARY KEY (from_id, to_id)) WITHOUT ROWID;"
	"CREATE INDEX crosswalk_to ON crosswalk (to_id, from_id);",

	"CREATE TABLE course_competency ("
	" course_id INTEGER NOT NULL REFERENCES course (id),"
	" competency_id INTEGER NOT NULL REFERENCES competency (id),"
	" level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 8),"
	" PRIMARY KEY (course_id, competency_id)) WITHOUT ROWID;"
	"CREATE INDEX course_competency_of ON course_competency (competency_id, course_id);"
	"CREATE TABLE course_fee ("
	" course_id INTEGER PRIMARY KEY REFERENCES course (id),"
	" fee_minor INTEGER NOT NULL CHECK (fee_minor >= 0));"
	"CREATE TABLE unit_competency ("
	" unit_id INTEGER NOT NULL REFERENCES competency_unit (id),"
	" competency_id INTEGER NOT NULL REFERENCES competency (id),"
	" level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 8),"
	" PRIMARY KEY (unit_id, competency_id)) WITHOUT ROWID;"
	/* source: 1 assessment, 2 certificate, 3 vendor certification, 4 self.
	 * Rows of sources 1-3 are verified and derived from the evidence;
	 * self-declared ones never are. */
	"CREATE TABLE person_competency ("
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" competency_id INTEGER NOT NULL REFERENCES competency (id),"
	" source INTEGER NOT NULL CHECK (source BETWEEN 1 AND 4),"
	" source_id INTEGER NOT NULL DEFAULT 0,"
	" level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 8),"
	" verified INTEGER NOT NULL CHECK (verified = (source <> 4)),"
	" acquired_on TEXT NOT NULL DEFAULT '',"
	" valid_until TEXT,"
	" PRIMARY KEY (person_id, competency_id, source, source_id)) WITHOUT ROWID;",

	"CREATE TABLE consent ("
	" person_id INTEGER PRIMARY KEY REFERENCES person (id),"
	" findable INTEGER NOT NULL CHECK (findable IN (0, 1)),"
	" tracer INTEGER NOT NULL CHECK (tracer IN (0, 1)),"
	" updated_at INTEGER NOT NULL);"
	"CREATE TABLE vacancy ("
	" id INTEGER PRIMARY KEY,"
	" employer_org_id INTEGER NOT NULL REFERENCES org (id),"
	" title TEXT NOT NULL,"
	" occupation_id INTEGER NOT NULL REFERENCES occupation (id),"
	" region TEXT NOT NULL,"
	" sector TEXT NOT NULL DEFAULT '',"
	" openings INTEGER NOT NULL CHECK (openings BETWEEN 1 AND 100000),"
	" closes_on TEXT,"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 3),"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX vacancy_employer ON vacancy (employer_org_id, id);"
	"CREATE TABLE vacancy_requirement ("
	" vacancy_id INTEGER NOT NULL REFERENCES vacancy (id),"
	" position INTEGER NOT NULL,"
	" competency_id INTEGER NOT NULL REFERENCES competency (id),"
	" essential INTEGER NOT NULL CHECK (essential IN (0, 1)),"
	" level INTEGER NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 8),"
	" PRIMARY KEY (vacancy_id, position),"
	" UNIQUE (vacancy_id, competency_id)) WITHOUT ROWID;",

	"CREATE TABLE placement ("
	" id INTEGER PRIMARY KEY,"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" enrolment_id INTEGER REFERENCES enrolment (id),"
	" vacancy_id INTEGER REFERENCES vacancy (id),"
	" employer_org_id INTEGER REFERENCES org (id),"
	" employer_name TEXT NOT NULL,"
	" role TEXT NOT NULL,"
	" started_on TEXT NOT NULL,"
	" recorded_by INTEGER NOT NULL,"
	" created_at INTEGER NOT NULL);"
	"CREATE INDEX placement_person ON placement (person_id, id);"
	"CREATE TABLE tracer ("
	" id INTEGER PRIMARY KEY,"
	" enrolment_id INTEGER NOT NULL REFERENCES enrolment (id),"
	" person_id INTEGER NOT NULL REFERENCES person (id),"
	" wave INTEGER NOT NULL CHECK (wave IN (2, 6, 12)),"
	" status INTEGER NOT NULL CHECK (status BETWEEN 1 AND 4),"
	" employer_name TEXT NOT NULL DEFAULT '',"
	" role TEXT NOT NULL DEFAULT '',"
	" related INTEGER NOT NULL CHECK (related IN (0, 1)),"
	" monthly_income_minor INTEGER NOT NULL DEFAULT 0 CHECK (monthly_income_minor >= 0),"
	" answered_on TEXT NOT NULL,"
	" recorded_by INTEGER NOT NULL,"
	" UNIQUE (enrolment_id, wave));"
	"CREATE INDEX tracer_person ON tracer (person_id, id);"
	/* Drawn afresh by every change that matters to the matching index:
	 * random, so that indexes of two databases never look alike. */
	"CREATE TABLE skills_generation (id INTEGER PRIMARY KEY CHECK (id = 1),"
	" gen INTEGER NOT NULL);"
	"INSERT INTO skills_generation VALUES (1, random());",
	NULL,
};

/* ------------------------------------------------------------------------ */
/* Statements */

#define FW_COLS "f.id, f.code, f.name, f.kind, f.version, f.levels, f.owner_org_id, f.created_at"
#define FW_COUNTS                                                                                  \
	", (SELECT count(*) FROM competency c WHERE c.framework_id = f.id),"                       \
	" (SELECT count(*) FROM occupation o WHERE o.framework_id = f.id)"
#define COMP_COLS "id, framework_id, parent_id, kind, code, title, uri, level"
#define OCC_COLS "id, framework_id, code, title, uri, isco"
#define VAC_COLS                                                                                   \
	"id, employer_org_id, title, occupation_id, region, sector, openings, closes_on,"          \
	" status, created_at"
#define VAC_OPEN "status = 1 AND (closes_on IS NULL OR closes_on >= ?2)"
#define PLACE_COLS                                                                                 \
	"id, person_id, enrolment_id, vacancy_id, employer_org_id, employer_name, role,"           \
	" started_on, recorded_by, created_at"
#define TRACER_COLS                                                                                \
	"id, enrolment_id, person_id, wave, status, employer_name, role, related,"                 \
	" monthly_income_minor, answered_on, recorded_by"

/* Course `co` is one the cohort takes: one its timetable teaches, or any
 * of its programme's when its sessions name none (as assess.c counts). */
#define COHORT_TAKES(cohort)                                                                       \
	"(co.id IN (SELECT s.course_id FROM session s WHERE s.cohort_id = " cohort ")"             \
	" OR NOT EXISTS (SELECT 1 FROM session s WHERE s.cohort_id = " cohort                      \
	" AND s.course_id IS NOT NULL))"

/* A unix time's UTC day as 'YYYY-MM-DD', and a day's unix time, in each
 * dialect. */
#define SQLITE_DAY(t) "date(" t ", 'unixepoch')"
#define SQLITE_UNIX(d) "CAST(strftime('%s', " d ") AS INTEGER)"
#define PG_DAY(t) "to_char(to_timestamp(" t ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define PG_UNIX(d) "CAST(extract(epoch FROM CAST(CAST(" d " AS text) AS date)) AS BIGINT)"

/* Verified competencies a person's evidence gives on day ?2, each valid
 * until its evidence expires (NULL: no expiry): verified competent
 * attempts at units that map to competencies; active certificates not
 * expired (the competencies of the courses their cohort took); vendor
 * certifications valid on the day (the competencies of courses that name
 * the certification). */
// clang-format off
#define EVIDENCE(DAY_OF, UNIX_OF) \
	" SELECT a.person_id, uc.competency_id, 1, a.id, uc.level, 1, a.assessed_on, NULL" \
	" FROM assessment a JOIN unit_competency uc ON uc.unit_id = a.unit_id" \
	" WHERE a.person_id = ?1 AND a.result = 1 AND a.verified_by IS NOT NULL" \
	" UNION ALL" \
	" SELECT c.person_id, cc.competency_id, 2, c.id, cc.level, 1," \
	" " DAY_OF("c.issued_at") ", " DAY_OF("c.expires_at") \
	" FROM certificate c JOIN course co ON co.programme_id = c.programme_id" \
	" JOIN course_competency cc ON cc.course_id = co.id" \
	" WHERE c.person_id = ?1 AND c.status = 1 AND " COHORT_TAKES("c.cohort_id") \
	" AND (c.expires_at IS NULL OR c.expires_at > " UNIX_OF("?2") ")" \
	" UNION ALL" \
	" SELECT v.person_id, cc.competency_id, 3, v.id, cc.level, 1, v.issued_on, v.expires_on" \
	" FROM vendor_cert v JOIN course co ON co.vendor_cert = v.name AND co.vendor_cert <> ''" \
	" JOIN course_competency cc ON cc.course_id = co.id" \
	" WHERE v.person_id = ?1 AND (v.expires_on IS NULL OR v.expires_on >= ?2)"
// clang-format on

enum {
	K_FW_INSERT,
	K_FW_GET,
	K_FW_FIND,
	K_FW_LIST,
	K_COMP_UPSERT,
	K_COMP_GET,
	K_COMP_FIND,
	K_COMP_CHILDREN,
	K_COMP_SEARCH,
	K_OCC_UPSERT,
	K_OCC_GET,
	K_OCC_FIND,
	K_OCC_LIST,
	K_OCC_SKILL_PUT,
	K_OCC_SKILLS,
	K_XW_INSERT,
	K_XW_LIST,
	K_XW_EXACT,
	K_COURSE_SKILLS_CLEAR,
	K_COURSE_SKILL_ADD,
	K_COURSE_FEE_PUT,
	K_COURSE_SKILLS_GET,
	K_COURSE_FEE_GET,
	K_UNIT_SKILLS_CLEAR,
	K_UNIT_SKILL_ADD,
	K_PSKILL_LIST,
	K_PSKILL_PRINT,
	K_PSKILL_CLEAR,
	K_PSKILL_DERIVE,
	K_COURSE_PEOPLE,
	K_PSKILL_DECLARE,
	K_PSKILL_UNDECLARE,
	K_CONSENT_GET,
	K_CONSENT_PUT,
	K_VAC_INSERT,
	K_VAC_UPDATE,
	K_VAC_GET,
	K_VAC_LIST,
	K_VREQ_ADD,
	K_VREQ_OF,
	K_DEMAND_REGION,
	K_DEMAND_SECTOR,
	K_DEMAND_OCC,
	K_GEN_GET,
	K_GEN_TOUCH,
	K_SCAN_PEOPLE,
	K_SCAN_HOLDINGS,
	K_SCAN_TRAINING,
	K_SCAN_VACANCIES,
	K_SCAN_REQS,
	K_SKILL_COURSES,
	K_PLACE_INSERT,
	K_PLACE_LIST,
	K_TRACER_INSERT,
	K_TRACER_LIST,
	K_RATE_PROGRAMME,
	K_RATE_COHORT,
	K_RATE_REGION,
	K_COUNT
};

_Static_assert(K_COUNT <= SQ_SKILLS_SLOTS, "too many statements");

/* A completed enrolment counts as placed when the person has a placement
 * tied to it or starting after the cohort began, or an employed or
 * self-employed tracer answer for it. */
#define PLACED                                                                                     \
	"(EXISTS (SELECT 1 FROM placement p WHERE p.person_id = e.person_id"                       \
	" AND (p.enrolment_id = e.id OR p.started_on >= c.starts_on))"                             \
	" OR EXISTS (SELECT 1 FROM tracer t WHERE t.enrolment_id = e.id AND t.status IN (1, 2)))"
#define RATE_FROM                                                                                  \
	" FROM enrolment e JOIN cohort c ON c.id = e.cohort_id"                                    \
	" JOIN programme g ON g.id = c.programme_id JOIN person p ON p.id = e.person_id"           \
	" WHERE e.status = 6 AND (?1 = 0 OR g.owner_org_id = ?1)"

static const char *const ksql[K_COUNT] = {
	[K_FW_INSERT] =
		"INSERT INTO framework (id, code, name, kind, version, levels,"
		" owner_org_id, created_at) VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
	[K_FW_GET] = "SELECT " FW_COLS FW_COUNTS " FROM framework f WHERE f.id = ?1",
	[K_FW_FIND] = "SELECT " FW_COLS FW_COUNTS " FROM framework f WHERE f.code = ?1",
	[K_FW_LIST] = "SELECT " FW_COLS FW_COUNTS " FROM framework f WHERE f.id > ?1"
		      " ORDER BY f.id LIMIT ?2",
	[K_COMP_UPSERT] =
		"INSERT INTO competency (" COMP_COLS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT (framework_id, code) DO UPDATE SET parent_id = excluded.parent_id,"
		" kind = excluded.kind, title = excluded.title, uri = excluded.uri,"
		" level = excluded.level RETURNING id",
	[K_COMP_GET] = "SELECT " COMP_COLS " FROM competency WHERE id = ?1",
	[K_COMP_FIND] =
		"SELECT " COMP_COLS " FROM competency WHERE framework_id = ?1 AND code = ?2",
	[K_COMP_CHILDREN] =
		"SELECT " COMP_COLS " FROM competency WHERE framework_id = ?3"
		" AND parent_id IS NOT DISTINCT FROM ?4 AND id > ?1 ORDER BY id LIMIT ?2",
	[K_COMP_SEARCH] =
		"SELECT " COMP_COLS " FROM competency WHERE framework_id = ?3"
		" AND instr(lower(title), lower(?4)) > 0 AND id > ?1 ORDER BY id LIMIT ?2",
	[K_OCC_UPSERT] = "INSERT INTO occupation (" OCC_COLS ") VALUES (NULL, ?2, ?3, ?4, ?5, ?6)"
			 " ON CONFLICT (framework_id, code) DO UPDATE SET title = excluded.title,"
			 " uri = excluded.uri, isco = excluded.isco RETURNING id",
	[K_OCC_GET] = "SELECT " OCC_COLS " FROM occupation WHERE id = ?1",
	[K_OCC_FIND] = "SELECT " OCC_COLS " FROM occupation WHERE framework_id = ?1 AND code = ?2",
	[K_OCC_LIST] = "SELECT " OCC_COLS " FROM occupation WHERE (?3 = 0 OR framework_id = ?3)"
		       " AND (?4 = '' OR instr(lower(title), lower(?4)) > 0) AND id > ?1"
		       " ORDER BY id LIMIT ?2",
	[K_OCC_SKILL_PUT] = "INSERT INTO occupation_competency VALUES (?1, ?2, ?3)"
			    " ON CONFLICT (occupation_id, competency_id) DO UPDATE"
			    " SET essential = excluded.essential",
	[K_OCC_SKILLS] = "SELECT competency_id, essential FROM occupation_competency"
			 " WHERE occupation_id = ?1 ORDER BY essential DESC, competency_id",
	[K_XW_INSERT] = "INSERT INTO crosswalk VALUES (?1, ?2, ?3)",
	[K_XW_EXACT] = "SELECT from_id, to_id, relation FROM crosswalk WHERE relation = 1"
		       " ORDER BY from_id, to_id",
	[K_XW_LIST] = "SELECT from_id, to_id, relation FROM crosswalk WHERE from_id = ?1"
		      " UNION ALL SELECT from_id, to_id, relation FROM crosswalk WHERE to_id = ?1"
		      " ORDER BY 1, 2",
	[K_COURSE_SKILLS_CLEAR] = "DELETE FROM course_competency WHERE course_id = ?1",
	[K_COURSE_SKILL_ADD] = "INSERT INTO course_competency VALUES (?1, ?2, ?3)",
	[K_COURSE_FEE_PUT] = "INSERT INTO course_fee VALUES (?1, ?2) ON CONFLICT (course_id)"
			     " DO UPDATE SET fee_minor = excluded.fee_minor",
	[K_COURSE_SKILLS_GET] = "SELECT competency_id, level FROM course_competency"
				" WHERE course_id = ?1 ORDER BY competency_id",
	[K_COURSE_FEE_GET] = "SELECT fee_minor FROM course_fee WHERE course_id = ?1",
	[K_UNIT_SKILLS_CLEAR] = "DELETE FROM unit_competency WHERE unit_id = ?1",
	[K_UNIT_SKILL_ADD] = "INSERT INTO unit_competency VALUES (?1, ?2, ?3)",
	[K_PSKILL_LIST] =
		"SELECT k.person_id, k.competency_id, k.source, k.source_id, k.level,"
		" k.verified, k.acquired_on, c.title, f.code, k.valid_until FROM person_competency "
		"k"
		" JOIN competency c ON c.id = k.competency_id"
		" JOIN framework f ON f.id = c.framework_id WHERE k.person_id = ?1"
		" ORDER BY k.verified DESC, c.title, k.competency_id, k.source, k.source_id",
	/* A fingerprint of the verified rows, to tell whether deriving
	 * changed anything. */
	[K_PSKILL_PRINT] =
		"SELECT count(*), coalesce(sum(competency_id * 31 + source * 7"
		" + source_id * 131 + level), 0), coalesce(group_concat(acquired_on), '')"
		" FROM person_competency WHERE person_id = ?1 AND verified = 1",
	[K_PSKILL_CLEAR] = "DELETE FROM person_competency WHERE person_id = ?1 AND verified = 1",
	[K_PSKILL_DERIVE] =
		"INSERT OR IGNORE INTO person_competency" EVIDENCE(SQLITE_DAY, SQLITE_UNIX),
	[K_COURSE_PEOPLE] =
		"SELECT c.person_id FROM certificate c WHERE c.status = 1"
		" AND c.programme_id = (SELECT programme_id FROM course WHERE id = ?1)"
		" UNION SELECT v.person_id FROM vendor_cert v"
		" WHERE v.name = (SELECT vendor_cert FROM course WHERE id = ?1 AND vendor_cert <> "
		"'')"
		" UNION SELECT a.person_id FROM assessment a JOIN competency_unit u ON u.id = "
		"a.unit_id"
		" WHERE u.course_id = ?1 AND a.result = 1 AND a.verified_by IS NOT NULL",
	[K_PSKILL_DECLARE] =
		"INSERT INTO person_competency VALUES (?1, ?2, 4, 0, ?3, 0, ?4, NULL)"
		" ON CONFLICT (person_id, competency_id, source, source_id)"
		" DO UPDATE SET level = excluded.level, acquired_on = excluded.acquired_on",
	[K_PSKILL_UNDECLARE] = "DELETE FROM person_competency WHERE person_id = ?1"
			       " AND competency_id = ?2 AND source = 4",
	[K_CONSENT_GET] = "SELECT person_id, findable, tracer, updated_at FROM consent"
			  " WHERE person_id = ?1",
	[K_CONSENT_PUT] = "INSERT INTO consent VALUES (?1, ?2, ?3, ?4) ON CONFLICT (person_id)"
			  " DO UPDATE SET findable = excluded.findable, tracer = excluded.tracer,"
			  " updated_at = excluded.updated_at",
	[K_VAC_INSERT] = "INSERT INTO vacancy (" VAC_COLS ")"
			 " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[K_VAC_UPDATE] = "UPDATE vacancy SET title = ?3, openings = ?7, closes_on = ?8, status = ?9"
			 " WHERE id = ?1",
	[K_VAC_GET] = "SELECT " VAC_COLS " FROM vacancy WHERE id = ?1",
	[K_VAC_LIST] = "SELECT " VAC_COLS " FROM vacancy WHERE id > ?1"
		       " AND (?3 = 0 OR employer_org_id = ?3) AND (?4 = '' OR region = ?4)"
		       " AND ((" VAC_OPEN ") OR ?5 = -1 OR (?5 <> 0 AND employer_org_id = ?5))"
		       " ORDER BY id LIMIT ?6",
	[K_VREQ_ADD] = "INSERT INTO vacancy_requirement VALUES (?1, ?2, ?3, ?4, ?5)",
	[K_VREQ_OF] = "SELECT competency_id, essential, level FROM vacancy_requirement"
		      " WHERE vacancy_id = ?1 ORDER BY position",
	[K_DEMAND_REGION] = "SELECT region, 0, count(*), sum(openings) FROM vacancy"
			    " WHERE ?1 = ?1 AND " VAC_OPEN " GROUP BY region"
			    " ORDER BY sum(openings) DESC, region",
	[K_DEMAND_SECTOR] = "SELECT sector, 0, count(*), sum(openings) FROM vacancy"
			    " WHERE ?1 = ?1 AND " VAC_OPEN " GROUP BY sector"
			    " ORDER BY sum(openings) DESC, sector",
	[K_DEMAND_OCC] = "SELECT o.title, v.occupation_id, count(*), sum(v.openings)"
			 " FROM vacancy v JOIN occupation o ON o.id = v.occupation_id"
			 " WHERE ?1 = ?1 AND v.status = 1 AND (v.closes_on IS NULL"
			 " OR v.closes_on >= ?2) GROUP BY v.occupation_id"
			 " ORDER BY sum(v.openings) DESC, v.occupation_id",
	[K_GEN_GET] = "SELECT gen FROM skills_generation WHERE id = 1",
	[K_GEN_TOUCH] = "UPDATE skills_generation SET gen = random() WHERE id = 1",
	[K_SCAN_PEOPLE] = "SELECT p.id, p.region, coalesce(k.findable, 0) FROM person p"
			  " LEFT JOIN consent k ON k.person_id = p.id ORDER BY p.id",
	[K_SCAN_HOLDINGS] = "SELECT person_id, competency_id, level FROM person_competency"
			    " WHERE verified = 1 AND (valid_until IS NULL OR valid_until >= ?1)"
			    " ORDER BY person_id",
	[K_SCAN_TRAINING] =
		"SELECT e.person_id, cc.competency_id, cc.level FROM enrolment e"
		" JOIN cohort c ON c.id = e.cohort_id"
		" JOIN course co ON co.programme_id = c.programme_id"
		" JOIN course_competency cc ON cc.course_id = co.id"
		" WHERE e.status = 5 AND " COHORT_TAKES("e.cohort_id") " ORDER BY e.person_id",
	[K_SCAN_VACANCIES] = "SELECT " VAC_COLS " FROM vacancy ORDER BY id",
	[K_SCAN_REQS] = "SELECT vacancy_id, competency_id, essential, level"
			" FROM vacancy_requirement ORDER BY vacancy_id, position",
	[K_SKILL_COURSES] =
		"SELECT co.id, cc.competency_id, co.title, co.hours, coalesce(cf.fee_minor, 0),"
		" g.currency, c.id, min(c.starts_on), cc.level FROM course_competency cc"
		" JOIN course co ON co.id = cc.course_id"
		" JOIN programme g ON g.id = co.programme_id"
		" JOIN cohort c ON c.programme_id = co.programme_id AND c.starts_on >= ?2"
		" LEFT JOIN course_fee cf ON cf.course_id = co.id"
		" WHERE cc.competency_id IN (SELECT value FROM json_each(?1))"
		" GROUP BY co.id, cc.competency_id ORDER BY co.id, cc.competency_id",
	[K_PLACE_INSERT] = "INSERT INTO placement (" PLACE_COLS ")"
			   " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
	[K_PLACE_LIST] = "SELECT " PLACE_COLS " FROM placement WHERE person_id = ?1 ORDER BY id",
	[K_TRACER_INSERT] = "INSERT INTO tracer (" TRACER_COLS ")"
			    " VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
	[K_TRACER_LIST] = "SELECT " TRACER_COLS " FROM tracer WHERE person_id = ?1 ORDER BY id",
	[K_RATE_PROGRAMME] = "SELECT g.id, g.name, count(*), sum(CASE WHEN " PLACED
			     " THEN 1 ELSE 0 END)" RATE_FROM " GROUP BY g.id ORDER BY g.id",
	[K_RATE_COHORT] = "SELECT c.id, c.name, count(*), sum(CASE WHEN " PLACED
			  " THEN 1 ELSE 0 END)" RATE_FROM " GROUP BY c.id ORDER BY c.id",
	[K_RATE_REGION] = "SELECT 0, p.region, count(*), sum(CASE WHEN " PLACED
			  " THEN 1 ELSE 0 END)" RATE_FROM " GROUP BY p.region ORDER BY p.region",
};

/* PostgreSQL's text where SQLite's will not do (NULL: the same). */
// clang-format off
static const char *const ksql_pg[K_COUNT] = {
	[K_COMP_SEARCH] =
		"SELECT " COMP_COLS " FROM competency WHERE framework_id = ?3"
		" AND strpos(lower(title), lower(?4)) > 0 AND id > ?1 ORDER BY id LIMIT ?2",
	[K_OCC_LIST] = "SELECT " OCC_COLS " FROM occupation WHERE (?3 = 0 OR framework_id = ?3)"
		       " AND (?4 = '' OR strpos(lower(title), lower(?4)) > 0) AND id > ?1"
		       " ORDER BY id LIMIT ?2",
	[K_PSKILL_PRINT] =
		"SELECT count(*), coalesce(sum(competency_id * 31 + source * 7"
		" + source_id * 131 + level), 0),"
		" coalesce(string_agg(acquired_on, ',' ORDER BY competency_id, source, source_id), '')"
		" FROM person_competency WHERE person_id = ?1 AND verified = 1",
	[K_PSKILL_DERIVE] =
		"INSERT INTO person_competency" EVIDENCE(PG_DAY, PG_UNIX) " ON CONFLICT DO NOTHING",
	[K_SKILL_COURSES] =
		"SELECT DISTINCT ON (co.id, cc.competency_id) co.id, cc.competency_id, co.title,"
		" co.hours, coalesce(cf.fee_minor, 0), g.currency, c.id, c.starts_on, cc.level"
		" FROM course_competency cc"
		" JOIN course co ON co.id = cc.course_id"
		" JOIN programme g ON g.id = co.programme_id"
		" JOIN cohort c ON c.programme_id = co.programme_id AND c.starts_on >= ?2"
		" LEFT JOIN course_fee cf ON cf.course_id = co.id"
		" WHERE cc.competency_id IN"
		" (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(?1 AS json)))"
		" ORDER BY co.id, cc.competency_id, c.starts_on, c.id",
	[K_GEN_TOUCH] = "UPDATE skills_generation SET"
			" gen = CAST(CAST('x' || substr(md5(random()::text), 1, 16) AS bit(64)) AS BIGINT)"
			" WHERE id = 1",
};
// clang-format on

static int kstmt(sql_store *s, db_stmt **out, int which)
{
	return stmt_slot2(s, out, SQ_SKILLS_BASE + which, ksql[which], ksql_pg[which]);
}

/* Run `which` with ?1 = a, reading one row. */
static int get_by(sql_store *s, int which, int64_t a, size_t size, row_fn row, void *dst)
{
	db_stmt *st = NULL;
	int rc = kstmt(s, &st, which);

	return rc ? rc : fetch_one_by(s, st, a, size, row, dst);
}

/* Run `which` with ?1 = a, reading every row. */
static int all_by(sql_store *s, int which, int64_t a, size_t size, row_fn row, void **out,
		  size_t *n)
{
	db_stmt *st = NULL;
	int rc = kstmt(s, &st, which);

	return rc ? rc : fetch_all_by(s, st, a, size, row, out, n);
}

/* ------------------------------------------------------------------------ */
/* Frameworks, competencies, occupations, crosswalks */

static void fw_row(db_stmt *st, void *dst)
{
	tunas_framework *f = dst;

	f->id = col_i64(st, 0);
	COL_STR(f->code, st, 1);
	COL_STR(f->name, st, 2);
	f->kind = (tunas_fw_kind)col_int(st, 3);
	COL_STR(f->version, st, 4);
	f->levels = col_int(st, 5);
	f->owner_org_id = col_i64(st, 6);
	f->created_at = col_i64(st, 7);
	f->competencies = col_i64(st, 8);
	f->occupations = col_i64(st, 9);
}

int sqk_framework_insert(tunas_store *store, int64_t *out_id, const tunas_framework *f)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_FW_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	BIND_STR(&b, 2, f->code);
	BIND_STR(&b, 3, f->name);
	bind_i64(&b, 4, f->kind);
	BIND_STR(&b, 5, f->version);
	bind_i64(&b, 6, f->levels);
	bind_ref(&b, 7, f->owner_org_id);
	bind_i64(&b, 8, f->created_at);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqk_framework_get(tunas_store *store, tunas_framework *out, int64_t id)
{
	return get_by(to_sql(store), K_FW_GET, id, sizeof(*out), fw_row, out);
}

int sqk_framework_find(tunas_store *store, tunas_framework *out, const char *code)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_FW_FIND)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_text(&b, 1, code, TUNAS_CODE_MAX + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, sizeof(*out), fw_row, out);
	done(st);
	return rc;
}

/* Bind keyset page arguments ?1 (after) and ?2 (limit). */
static void bind_page(binder *b, const tunas_page *page)
{
	int64_t after, limit;

	page_args(page, &after, &limit);
	bind_i64(b, 1, after);
	bind_i64(b, 2, limit);
}

int sqk_framework_list(tunas_store *store, tunas_framework **out, size_t *n, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_FW_LIST)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_page(&b, page);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, fw_row, (void **)out, n);
	done(st);
	return rc;
}

static void comp_row(db_stmt *st, void *dst)
{
	tunas_competency *c = dst;

	c->id = col_i64(st, 0);
	c->framework_id = col_i64(st, 1);
	c->parent_id = col_i64(st, 2);
	c->kind = (tunas_comp_kind)col_int(st, 3);
	COL_STR(c->code, st, 4);
	COL_STR(c->title, st, 5);
	COL_STR(c->uri, st, 6);
	c->level = col_int(st, 7);
}

int sqk_competency_upsert(tunas_store *store, int64_t *out_id, const tunas_competency *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_COMP_UPSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, c->framework_id);
	bind_ref(&b, 3, c->parent_id);
	bind_i64(&b, 4, c->kind);
	BIND_STR(&b, 5, c->code);
	BIND_STR(&b, 6, c->title);
	BIND_STR(&b, 7, c->uri);
	bind_i64(&b, 8, c->level);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqk_competency_get(tunas_store *store, tunas_competency *out, int64_t id)
{
	return get_by(to_sql(store), K_COMP_GET, id, sizeof(*out), comp_row, out);
}

/* Run `which` with ?1 = an id and ?2 = a code, reading one row. */
static int get_by_code(sql_store *s, int which, int64_t id, const char *code, size_t size,
		       row_fn row, void *dst)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, which)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, id);
	bind_text(&b, 2, code, TUNAS_CODE_MAX + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc) : fetch_one(s, st, size, row, dst);
	done(st);
	return rc;
}

int sqk_competency_find(tunas_store *store, tunas_competency *out, int64_t framework_id,
			const char *code)
{
	return get_by_code(to_sql(store), K_COMP_FIND, framework_id, code, sizeof(*out), comp_row,
			   out);
}

int sqk_competency_list(tunas_store *store, tunas_competency **out, size_t *n, int64_t framework_id,
			int64_t parent_id, const char *q, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	bool search = q != NULL && q[0] != '\0';
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, search ? K_COMP_SEARCH : K_COMP_CHILDREN)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_page(&b, page);
	bind_i64(&b, 3, framework_id);
	if (search)
		bind_text(&b, 4, q, TUNAS_NAME_MAX + 1);
	else
		bind_ref(&b, 4, parent_id);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, comp_row, (void **)out, n);
	done(st);
	return rc;
}

static void occ_row(db_stmt *st, void *dst)
{
	tunas_occupation *o = dst;

	o->id = col_i64(st, 0);
	o->framework_id = col_i64(st, 1);
	COL_STR(o->code, st, 2);
	COL_STR(o->title, st, 3);
	COL_STR(o->uri, st, 4);
	COL_STR(o->isco, st, 5);
}

int sqk_occupation_upsert(tunas_store *store, int64_t *out_id, const tunas_occupation *o)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_OCC_UPSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, o->framework_id);
	BIND_STR(&b, 3, o->code);
	BIND_STR(&b, 4, o->title);
	BIND_STR(&b, 5, o->uri);
	BIND_STR(&b, 6, o->isco);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqk_occupation_get(tunas_store *store, tunas_occupation *out, int64_t id)
{
	return get_by(to_sql(store), K_OCC_GET, id, sizeof(*out), occ_row, out);
}

int sqk_occupation_find(tunas_store *store, tunas_occupation *out, int64_t framework_id,
			const char *code)
{
	return get_by_code(to_sql(store), K_OCC_FIND, framework_id, code, sizeof(*out), occ_row,
			   out);
}

int sqk_occupation_list(tunas_store *store, tunas_occupation **out, size_t *n, int64_t framework_id,
			const char *q, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_OCC_LIST)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_page(&b, page);
	bind_i64(&b, 3, framework_id);
	bind_text(&b, 4, q ? q : "", TUNAS_NAME_MAX + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, occ_row, (void **)out, n);
	done(st);
	return rc;
}

int sqk_occupation_skill_put(tunas_store *store, int64_t occupation_id, int64_t competency_id,
			     bool essential)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_OCC_SKILL_PUT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, occupation_id);
	bind_i64(&b, 2, competency_id);
	bind_i64(&b, 3, essential);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

static void occ_skill_row(db_stmt *st, void *dst)
{
	tunas_occ_skill *k = dst;

	k->competency_id = col_i64(st, 0);
	k->essential = col_int(st, 1) != 0;
}

int sqk_occupation_skills(tunas_store *store, tunas_occ_skill **out, size_t *n,
			  int64_t occupation_id)
{
	return all_by(to_sql(store), K_OCC_SKILLS, occupation_id, sizeof(**out), occ_skill_row,
		      (void **)out, n);
}

int sqk_crosswalk_insert(tunas_store *store, const tunas_crosswalk *x)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_XW_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, x->from_id);
	bind_i64(&b, 2, x->to_id);
	bind_i64(&b, 3, x->relation);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

static void xw_row(db_stmt *st, void *dst)
{
	tunas_crosswalk *x = dst;

	x->from_id = col_i64(st, 0);
	x->to_id = col_i64(st, 1);
	x->relation = (tunas_xw_relation)col_int(st, 2);
}

int sqk_crosswalk_exact(tunas_store *store, tunas_crosswalk **out, size_t *n)
{
	return all_by(to_sql(store), K_XW_EXACT, 0, sizeof(**out), xw_row, (void **)out, n);
}

int sqk_crosswalk_list(tunas_store *store, tunas_crosswalk **out, size_t *n, int64_t competency_id)
{
	return all_by(to_sql(store), K_XW_LIST, competency_id, sizeof(**out), xw_row, (void **)out,
		      n);
}

/* Run `which` (?1, ?2, ?3) once per item: the rows of a set being
 * replaced. */
static int add_pairs(sql_store *s, int which, int64_t owner, const tunas_course_skill *k, size_t n)
{
	db_stmt *st = NULL;
	binder b;
	size_t i;
	int rc;

	if ((rc = kstmt(s, &st, which)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, owner);
		bind_i64(&b, 2, k[i].competency_id);
		bind_i64(&b, 3, k[i].level);
		rc = step_insert(s, st, &b, NULL);
		done(st);
	}
	return rc;
}

/* Run a statement with ?1 = a and ?2 = b that returns no rows. */
static int exec_ab(sql_store *s, int which, int64_t a, int64_t bval)
{
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, which)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	if (db_param_count(st) >= 1)
		bind_i64(&b, 1, a);
	if (db_param_count(st) >= 2)
		bind_i64(&b, 2, bval);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

int sqk_course_skills_set(tunas_store *store, int64_t course_id, const tunas_course_skill *k,
			  size_t n, int64_t fee_minor)
{
	sql_store *s = to_sql(store);
	int rc;

	if ((rc = exec_ab(s, K_COURSE_SKILLS_CLEAR, course_id, 0)) != 0)
		return rc;
	if ((rc = add_pairs(s, K_COURSE_SKILL_ADD, course_id, k, n)) != 0)
		return rc;
	return exec_ab(s, K_COURSE_FEE_PUT, course_id, fee_minor);
}

static void course_skill_row(db_stmt *st, void *dst)
{
	tunas_course_skill *k = dst;

	k->competency_id = col_i64(st, 0);
	k->level = col_int(st, 1);
}

static void i64_row(db_stmt *st, void *dst)
{
	*(int64_t *)dst = col_i64(st, 0);
}

int sqk_course_skills_get(tunas_store *store, tunas_course_skill **out, size_t *n,
			  int64_t *fee_minor, int64_t course_id)
{
	sql_store *s = to_sql(store);
	tunas_course_skill *arr = NULL;
	size_t len = 0;
	int64_t fee = 0;
	int rc;

	rc = all_by(s, K_COURSE_SKILLS_GET, course_id, sizeof(*arr), course_skill_row,
		    (void **)&arr, &len);
	if (rc == 0) {
		rc = get_by(s, K_COURSE_FEE_GET, course_id, sizeof(fee), i64_row, &fee);
		if (rc == TUNAS_ENOTFOUND)
			rc = 0;
	}
	if (rc != 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	*fee_minor = fee;
	return 0;
}

int sqk_unit_skills_set(tunas_store *store, int64_t unit_id, const tunas_course_skill *k, size_t n)
{
	sql_store *s = to_sql(store);
	int rc;

	if ((rc = exec_ab(s, K_UNIT_SKILLS_CLEAR, unit_id, 0)) != 0)
		return rc;
	return add_pairs(s, K_UNIT_SKILL_ADD, unit_id, k, n);
}

/* ------------------------------------------------------------------------ */
/* Person competencies and consent */

static void pskill_row(db_stmt *st, void *dst)
{
	tunas_person_skill *k = dst;

	k->person_id = col_i64(st, 0);
	k->competency_id = col_i64(st, 1);
	k->source = (tunas_skill_source)col_int(st, 2);
	k->source_id = col_i64(st, 3);
	k->level = col_int(st, 4);
	k->verified = col_int(st, 5) != 0;
	COL_STR(k->acquired_on, st, 6);
	COL_STR(k->title, st, 7);
	COL_STR(k->framework, st, 8);
	COL_STR(k->valid_until, st, 9);
}

int sqk_person_skill_list(tunas_store *store, tunas_person_skill **out, size_t *n,
			  int64_t person_id)
{
	return all_by(to_sql(store), K_PSKILL_LIST, person_id, sizeof(**out), pskill_row,
		      (void **)out, n);
}

typedef struct {
	int64_t count, sum;
	char dates[512];
} skill_print;

static void print_row(db_stmt *st, void *dst)
{
	skill_print *p = dst;

	p->count = col_i64(st, 0);
	p->sum = col_i64(st, 1);
	COL_STR(p->dates, st, 2);
}

int sqk_person_skill_derive(tunas_store *store, bool *changed, int64_t person_id, const char *day)
{
	sql_store *s = to_sql(store);
	skill_print before, after;
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = get_by(s, K_PSKILL_PRINT, person_id, sizeof(before), print_row, &before)) != 0)
		return rc;
	if ((rc = exec_ab(s, K_PSKILL_CLEAR, person_id, 0)) != 0)
		return rc;
	if ((rc = kstmt(s, &st, K_PSKILL_DERIVE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, person_id);
	bind_text(&b, 2, day, TUNAS_DATE_LEN + 1);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	if (rc != 0)
		return rc;
	if ((rc = get_by(s, K_PSKILL_PRINT, person_id, sizeof(after), print_row, &after)) != 0)
		return rc;
	*changed = before.count != after.count || before.sum != after.sum ||
		   strcmp(before.dates, after.dates) != 0;
	return 0;
}

int sqk_course_evidence_people(tunas_store *store, int64_t **out, size_t *n, int64_t course_id)
{
	return all_by(to_sql(store), K_COURSE_PEOPLE, course_id, sizeof(**out), i64_row,
		      (void **)out, n);
}

int sqk_person_skill_declare(tunas_store *store, const tunas_person_skill *k)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_PSKILL_DECLARE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, k->person_id);
	bind_i64(&b, 2, k->competency_id);
	bind_i64(&b, 3, k->level);
	BIND_STR(&b, 4, k->acquired_on);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

int sqk_person_skill_undeclare(tunas_store *store, int64_t person_id, int64_t competency_id)
{
	sql_store *s = to_sql(store);
	int rc = exec_ab(s, K_PSKILL_UNDECLARE, person_id, competency_id);

	if (rc == 0 && db_changes(s->db) == 0)
		rc = not_found(s);
	return rc;
}

static void consent_row(db_stmt *st, void *dst)
{
	tunas_consent *c = dst;

	c->person_id = col_i64(st, 0);
	c->findable = col_int(st, 1) != 0;
	c->tracer = col_int(st, 2) != 0;
	c->updated_at = col_i64(st, 3);
}

int sqk_consent_get(tunas_store *store, tunas_consent *out, int64_t person_id)
{
	return get_by(to_sql(store), K_CONSENT_GET, person_id, sizeof(*out), consent_row, out);
}

int sqk_consent_put(tunas_store *store, const tunas_consent *c)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_CONSENT_PUT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, c->person_id);
	bind_i64(&b, 2, c->findable);
	bind_i64(&b, 3, c->tracer);
	bind_i64(&b, 4, c->updated_at);
	rc = step_insert(s, st, &b, NULL);
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Vacancies and demand */

static void vac_row(db_stmt *st, void *dst)
{
	tunas_vacancy *v = dst;

	v->id = col_i64(st, 0);
	v->employer_org_id = col_i64(st, 1);
	COL_STR(v->title, st, 2);
	v->occupation_id = col_i64(st, 3);
	COL_STR(v->region, st, 4);
	COL_STR(v->sector, st, 5);
	v->openings = col_int(st, 6);
	COL_STR(v->closes_on, st, 7);
	v->status = (tunas_vac_status)col_int(st, 8);
	v->created_at = col_i64(st, 9);
}

static void bind_vacancy(binder *b, const tunas_vacancy *v)
{
	bind_i64(b, 2, v->employer_org_id);
	BIND_STR(b, 3, v->title);
	bind_i64(b, 4, v->occupation_id);
	BIND_STR(b, 5, v->region);
	BIND_STR(b, 6, v->sector);
	bind_i64(b, 7, v->openings);
	BIND_OPT(b, 8, v->closes_on);
	bind_i64(b, 9, v->status);
	bind_i64(b, 10, v->created_at);
}

int sqk_vacancy_insert(tunas_store *store, int64_t *out_id, const tunas_vacancy *v)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int64_t id = 0;
	int rc, i;

	if ((rc = kstmt(s, &st, K_VAC_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_vacancy(&b, v);
	rc = step_insert(s, st, &b, &id);
	done(st);
	if (rc != 0)
		return rc;
	if ((rc = kstmt(s, &st, K_VREQ_ADD)) != 0)
		return rc;
	for (i = 0; i < v->n_reqs && rc == 0; i++) {
		b = (binder){st, DB_OK};
		bind_i64(&b, 1, id);
		bind_i64(&b, 2, i);
		bind_i64(&b, 3, v->reqs[i].competency_id);
		bind_i64(&b, 4, v->reqs[i].essential);
		bind_i64(&b, 5, v->reqs[i].level);
		rc = step_insert(s, st, &b, NULL);
		done(st);
	}
	if (rc == 0)
		*out_id = id;
	return rc;
}

int sqk_vacancy_update(tunas_store *store, const tunas_vacancy *v)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_VAC_UPDATE)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, v->id);
	BIND_STR(&b, 3, v->title);
	bind_i64(&b, 7, v->openings);
	BIND_OPT(&b, 8, v->closes_on);
	bind_i64(&b, 9, v->status);
	rc = b.rc != DB_OK ? fail(s, b.rc) : step_changed(s, st);
	done(st);
	return rc;
}

static void req_row(db_stmt *st, void *dst)
{
	tunas_requirement *r = dst;

	r->competency_id = col_i64(st, 0);
	r->essential = col_int(st, 1) != 0;
	r->level = col_int(st, 2);
}

/* Fill v->reqs from the store. */
static int vacancy_reqs(sql_store *s, tunas_vacancy *v)
{
	tunas_requirement *reqs = NULL;
	size_t n = 0;
	int rc;

	rc = all_by(s, K_VREQ_OF, v->id, sizeof(*reqs), req_row, (void **)&reqs, &n);
	if (rc != 0)
		return rc;
	if (n > TUNAS_REQS_MAX)
		n = TUNAS_REQS_MAX;
	if (n > 0)
		memcpy(v->reqs, reqs, n * sizeof(*reqs));
	v->n_reqs = (int)n;
	free(reqs);
	return 0;
}

int sqk_vacancy_get(tunas_store *store, tunas_vacancy *out, int64_t id)
{
	sql_store *s = to_sql(store);
	tunas_vacancy v;
	int rc;

	if ((rc = get_by(s, K_VAC_GET, id, sizeof(v), vac_row, &v)) != 0)
		return rc;
	if ((rc = vacancy_reqs(s, &v)) != 0)
		return rc;
	*out = v;
	return 0;
}

int sqk_vacancy_list(tunas_store *store, tunas_vacancy **out, size_t *n, int64_t employer_org_id,
		     const char *region, int64_t mine_org, const char *day, const tunas_page *page)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	tunas_vacancy *arr = NULL;
	int64_t after, limit;
	size_t len = 0, i;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_VAC_LIST)) != 0)
		return rc;
	page_args(page, &after, &limit);
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, after);
	bind_text(&b, 2, day, TUNAS_DATE_LEN + 1);
	bind_i64(&b, 3, employer_org_id);
	bind_text(&b, 4, region ? region : "", TUNAS_NAME_MAX + 1);
	bind_i64(&b, 5, mine_org);
	bind_i64(&b, 6, limit);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(*arr), 0, vac_row, (void **)&arr, &len);
	done(st);
	for (i = 0; i < len && rc == 0; i++)
		rc = vacancy_reqs(s, &arr[i]);
	if (rc != 0) {
		free(arr);
		return rc;
	}
	*out = arr;
	*n = len;
	return 0;
}

static void demand_row(db_stmt *st, void *dst)
{
	tunas_demand_row *r = dst;

	COL_STR(r->key, st, 0);
	r->occupation_id = col_i64(st, 1);
	r->vacancies = col_i64(st, 2);
	r->openings = col_i64(st, 3);
}

int sqk_demand(tunas_store *store, tunas_demand_row **out, size_t *n, tunas_demand_by by,
	       const char *day)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc, which;

	which = by == TUNAS_BY_REGION	? K_DEMAND_REGION
		: by == TUNAS_BY_SECTOR ? K_DEMAND_SECTOR
					: K_DEMAND_OCC;
	if ((rc = kstmt(s, &st, which)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 1, 0);
	bind_text(&b, 2, day, TUNAS_DATE_LEN + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, demand_row, (void **)out, n);
	done(st);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* The matching index's inputs */

int sqk_skills_gen(tunas_store *store, int64_t *out)
{
	return get_by(to_sql(store), K_GEN_GET, 0, sizeof(*out), i64_row, out);
}

int sqk_skills_touch(tunas_store *store)
{
	return exec_ab(to_sql(store), K_GEN_TOUCH, 0, 0);
}

/* A cursor over (person_id, competency_id, level) rows in person order. */
typedef struct {
	db_stmt *st;
	bool more;
	int rc;
} hcursor;

static void hc_step(sql_store *s, hcursor *c)
{
	int step = db_step(c->st);

	c->more = step == DB_ROW;
	if (step != DB_ROW && step != DB_DONE)
		c->rc = fail(s, step);
}

/* Append the cursor's rows of `person` to h[*n..), growing h. */
static int hc_take(sql_store *s, hcursor *c, int64_t person, bool training, tunas_skill_holding **h,
		   size_t *n, size_t *cap)
{
	tunas_skill_holding *grown;

	while (c->rc == 0 && c->more && col_i64(c->st, 0) <= person) {
		if (col_i64(c->st, 0) == person) {
			if (*n == *cap) {
				grown = tunas_reallocarray(*h, *cap * 2, sizeof(**h));
				if (grown == NULL)
					return no_memory(s);
				*h = grown;
				*cap *= 2;
			}
			(*h)[*n].competency_id = col_i64(c->st, 1);
			(*h)[*n].level = col_int(c->st, 2);
			(*h)[*n].training = training;
			(*n)++;
		}
		hc_step(s, c);
	}
	return c->rc;
}

int sqk_skills_scan(tunas_store *store, const char *day,
		    int (*person)(void *arg, int64_t id, const char *region, bool findable,
				  const tunas_skill_holding *h, size_t n),
		    int (*vacancy)(void *arg, const tunas_vacancy *v), void *arg)
{
	sql_store *s = to_sql(store);
	db_stmt *people = NULL, *vst = NULL, *rst = NULL;
	hcursor held = {0}, training = {0};
	tunas_skill_holding *h = NULL;
	tunas_vacancy *v = NULL;
	size_t cap = 64, n;
	bool rmore;
	int rc, step;
	int64_t id;

	h = tunas_calloc(cap, sizeof(*h));
	v = tunas_calloc(1, sizeof(*v));
	if (h == NULL || v == NULL) {
		rc = no_memory(s);
		goto out;
	}
	if ((rc = kstmt(s, &people, K_SCAN_PEOPLE)) != 0 ||
	    (rc = kstmt(s, &held.st, K_SCAN_HOLDINGS)) != 0 ||
	    (rc = kstmt(s, &training.st, K_SCAN_TRAINING)) != 0)
		goto out;
	if ((step = db_bind_text(held.st, 1, day, strlen(day))) != DB_OK) {
		rc = fail(s, step);
		goto out;
	}
	hc_step(s, &held);
	hc_step(s, &training);
	while ((rc = held.rc ? held.rc : training.rc) == 0 && (step = db_step(people)) == DB_ROW) {
		id = col_i64(people, 0);
		n = 0;
		if ((rc = hc_take(s, &held, id, false, &h, &n, &cap)) != 0 ||
		    (rc = hc_take(s, &training, id, true, &h, &n, &cap)) != 0)
			goto out;
		if (n == 0)
			continue;
		rc = person(arg, id, (const char *)db_col_text(people, 1), col_int(people, 2) != 0,
			    h, n);
		if (rc != 0)
			goto out;
	}
	if (rc == 0 && step != DB_DONE) {
		rc = fail(s, step);
		goto out;
	}
	if (rc != 0)
		goto out;

	if ((rc = kstmt(s, &vst, K_SCAN_VACANCIES)) != 0 || (rc = kstmt(s, &rst, K_SCAN_REQS)) != 0)
		goto out;
	step = db_step(rst);
	rmore = step == DB_ROW;
	while ((step = db_step(vst)) == DB_ROW) {
		memset(v, 0, sizeof(*v));
		vac_row(vst, v);
		while (rmore && col_i64(rst, 0) <= v->id) {
			if (col_i64(rst, 0) == v->id && v->n_reqs < TUNAS_REQS_MAX) {
				v->reqs[v->n_reqs].competency_id = col_i64(rst, 1);
				v->reqs[v->n_reqs].essential = col_int(rst, 2) != 0;
				v->reqs[v->n_reqs].level = col_int(rst, 3);
				v->n_reqs++;
			}
			step = db_step(rst);
			rmore = step == DB_ROW;
		}
		if (!rmore && step != DB_DONE && step != DB_ROW) {
			rc = fail(s, step);
			goto out;
		}
		if ((rc = vacancy(arg, v)) != 0)
			goto out;
	}
	if (step != DB_DONE)
		rc = fail(s, step);
out:
	done(people);
	done(held.st);
	done(training.st);
	done(vst);
	done(rst);
	tunas_free(h);
	tunas_free(v);
	return rc;
}

static void skill_course_row(db_stmt *st, void *dst)
{
	tunas_skill_course *c = dst;

	c->course_id = col_i64(st, 0);
	c->competency_id = col_i64(st, 1);
	COL_STR(c->title, st, 2);
	c->hours = col_int(st, 3);
	c->fee_minor = col_i64(st, 4);
	COL_STR(c->currency, st, 5);
	c->cohort_id = col_i64(st, 6);
	COL_STR(c->starts_on, st, 7);
	c->level = col_int(st, 8);
}

int sqk_skill_courses(tunas_store *store, tunas_skill_course **out, size_t *n, const int64_t *comps,
		      size_t ncomps, const char *day)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	char *json = NULL;
	size_t i, len = 0, cap;
	binder b;
	int rc;

	/* The ids go in as one JSON array bound as text: the SQL stays
	 * constant whatever their number. */
	cap = 3 + ncomps * 21;
	json = tunas_malloc(cap);
	if (json == NULL)
		return no_memory(s);
	json[len++] = '[';
	for (i = 0; i < ncomps; i++)
		len += (size_t)snprintf(json + len, cap - len, "%s%lld", i ? "," : "",
					(long long)comps[i]);
	json[len++] = ']';
	json[len] = '\0';
	if ((rc = kstmt(s, &st, K_SKILL_COURSES)) != 0)
		goto out;
	b = (binder){st, DB_OK};
	bind_text(&b, 1, json, cap);
	bind_text(&b, 2, day, TUNAS_DATE_LEN + 1);
	rc = b.rc != DB_OK ? fail(s, b.rc)
			   : fetch_all(s, st, sizeof(**out), 0, skill_course_row, (void **)out, n);
	done(st);
out:
	tunas_free(json);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* Placements, tracer answers, rates */

static void place_row(db_stmt *st, void *dst)
{
	tunas_placement *p = dst;

	p->id = col_i64(st, 0);
	p->person_id = col_i64(st, 1);
	p->enrolment_id = col_i64(st, 2);
	p->vacancy_id = col_i64(st, 3);
	p->employer_org_id = col_i64(st, 4);
	COL_STR(p->employer_name, st, 5);
	COL_STR(p->role, st, 6);
	COL_STR(p->started_on, st, 7);
	p->recorded_by = col_i64(st, 8);
	p->created_at = col_i64(st, 9);
}

int sqk_placement_insert(tunas_store *store, int64_t *out_id, const tunas_placement *p)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_PLACE_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, p->person_id);
	bind_ref(&b, 3, p->enrolment_id);
	bind_ref(&b, 4, p->vacancy_id);
	bind_ref(&b, 5, p->employer_org_id);
	BIND_STR(&b, 6, p->employer_name);
	BIND_STR(&b, 7, p->role);
	BIND_STR(&b, 8, p->started_on);
	bind_i64(&b, 9, p->recorded_by);
	bind_i64(&b, 10, p->created_at);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqk_placement_list(tunas_store *store, tunas_placement **out, size_t *n, int64_t person_id)
{
	return all_by(to_sql(store), K_PLACE_LIST, person_id, sizeof(**out), place_row,
		      (void **)out, n);
}

static void tracer_row(db_stmt *st, void *dst)
{
	tunas_tracer *t = dst;

	t->id = col_i64(st, 0);
	t->enrolment_id = col_i64(st, 1);
	t->person_id = col_i64(st, 2);
	t->wave = col_int(st, 3);
	t->status = (tunas_trace_status)col_int(st, 4);
	COL_STR(t->employer_name, st, 5);
	COL_STR(t->role, st, 6);
	t->related = col_int(st, 7) != 0;
	t->monthly_income_minor = col_i64(st, 8);
	COL_STR(t->answered_on, st, 9);
	t->recorded_by = col_i64(st, 10);
}

int sqk_tracer_insert(tunas_store *store, int64_t *out_id, const tunas_tracer *t)
{
	sql_store *s = to_sql(store);
	db_stmt *st = NULL;
	binder b;
	int rc;

	if ((rc = kstmt(s, &st, K_TRACER_INSERT)) != 0)
		return rc;
	b = (binder){st, DB_OK};
	bind_i64(&b, 2, t->enrolment_id);
	bind_i64(&b, 3, t->person_id);
	bind_i64(&b, 4, t->wave);
	bind_i64(&b, 5, t->status);
	BIND_STR(&b, 6, t->employer_name);
	BIND_STR(&b, 7, t->role);
	bind_i64(&b, 8, t->related);
	bind_i64(&b, 9, t->monthly_income_minor);
	BIND_STR(&b, 10, t->answered_on);
	bind_i64(&b, 11, t->recorded_by);
	rc = step_insert(s, st, &b, out_id);
	done(st);
	return rc;
}

int sqk_tracer_list(tunas_store *store, tunas_tracer **out, size_t *n, int64_t person_id)
{
	return all_by(to_sql(store), K_TRACER_LIST, person_id, sizeof(**out), tracer_row,
		      (void **)out, n);
}

static void rate_row(db_stmt *st, void *dst)
{
	tunas_placement_rate *r = dst;

	r->ref_id = col_i64(st, 0);
	COL_STR(r->key, st, 1);
	r->completed = col_i64(st, 2);
	r->placed = col_i64(st, 3);
	r->rate = r->completed > 0 ? (double)r->placed / (double)r->completed : 0.0;
}

int sqk_placement_rates(tunas_store *store, tunas_placement_rate **out, size_t *n, tunas_rate_by by,
			int64_t owner_org_id)
{
	int which = by == TUNAS_RATE_PROGRAMME ? K_RATE_PROGRAMME
		    : by == TUNAS_RATE_COHORT  ? K_RATE_COHORT
					       : K_RATE_REGION;

	return all_by(to_sql(store), which, owner_org_id, sizeof(**out), rate_row, (void **)out, n);
}
