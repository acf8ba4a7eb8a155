/*
 * fixture.h — a fresh database per test and a small world in it: two
 * ministries, an industry partner, two training centres, a funded programme
 * with a cohort at each centre, and accounts for each role.
 */
#ifndef TUNAS_TEST_FIXTURE_H
#define TUNAS_TEST_FIXTURE_H

#include <check.h>

#include "tunas/auth.h"
#include "tunas/enrol.h"
#include "tunas/org.h"
#include "tunas/person.h"
#include "tunas/programme.h"
#include "tunas/tunas.h"

typedef struct {
	char dir[64];
	char db[256]; /* an SQLite path or a PostgreSQL URI (testdb.h) */
	tunas_ctx *ctx;
	int64_t ministry, ministry2, vendor, centre, centre2, employer;
	int64_t programme, cohort, cohort2;
	/* principals, as the server would set them */
	tunas_principal op, owner, owner2, partner, centre_admin, centre2_admin, instructor,
		employer_user;
	int64_t instructor_id;
} fixture;

/* Build the world once per test program (an unchecked fixture), then give
 * each test its own copy of it; aborts the test on failure. */
void fixture_global_setup(void);
void fixture_global_teardown(void);
void fixture_setup(fixture *f);
void fixture_teardown(fixture *f);
/* Initialise the library, run the suite, print Check's summary; the
 * process exit status. */
int fixture_run(Suite *suite);
/* Act as `who` on f->ctx. */
void fixture_as(fixture *f, const tunas_principal *who);
/* A valid Malaysian person (MyKad 900101-14-5673, man, SPM, job seeker). */
void fixture_person_my(tunas_person *p);
/* Register a person as the operator on behalf of `centre`; returns id. */
int64_t fixture_add_person(fixture *f, const char *mykad, int64_t centre);

#endif
