/*
 * fixture.c — see fixture.h.
 */
#include "fixture.h"
#include "testdb.h"

#include "tunas/cert.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t add_org(fixture *f, const char *name, tunas_org_kind kind, const char *country)
{
	tunas_org o;
	int64_t id = 0;

	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "%s", name);
	o.kind = kind;
	snprintf(o.country, sizeof(o.country), "%s", country);
	ck_assert_msg(tunas_org_create(f->ctx, &id, &o) == 0, "org %s: %s", name,
		      tunas_errmsg(f->ctx));
	return id;
}

static tunas_principal add_user(fixture *f, const char *name, tunas_role role, int64_t org)
{
	tunas_principal p;
	tunas_user u;
	int64_t id = 0;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", name);
	u.role = role;
	u.org_id = org;
	ck_assert_msg(tunas_user_create(f->ctx, &id, &u, "correct horse battery") == 0,
		      "user %s: %s", name, tunas_errmsg(f->ctx));
	memset(&p, 0, sizeof(p));
	p.user_id = id;
	p.role = role;
	p.org_id = org;
	snprintf(p.username, sizeof(p.username), "%s", name);
	return p;
}

void fixture_as(fixture *f, const tunas_principal *who)
{
	tunas_set_principal(f->ctx, who);
}

void fixture_person_my(tunas_person *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->full_name, sizeof(p->full_name), "Ahmad bin Ismail");
	p->id_type = TUNAS_ID_MYKAD;
	snprintf(p->id_number, sizeof(p->id_number), "900101-14-5673");
	snprintf(p->edu_level, sizeof(p->edu_level), "SPM");
	p->employment = TUNAS_EMP_JOB_SEEKER;
	snprintf(p->region, sizeof(p->region), "WP Kuala Lumpur");
}

int64_t fixture_add_person(fixture *f, const char *mykad, int64_t centre)
{
	tunas_principal keep = *tunas_principal_get(f->ctx);
	tunas_person p;
	int64_t id = 0;

	fixture_person_my(&p);
	snprintf(p.id_number, sizeof(p.id_number), "%s", mykad);
	p.registered_by_org = centre;
	fixture_as(f, &f->op);
	ck_assert_msg(tunas_person_create(f->ctx, &id, &p) == 0, "person %s: %s", mykad,
		      tunas_errmsg(f->ctx));
	fixture_as(f, &keep);
	return id;
}

/* The library on f->db, with the issuer keys in the test's directory
 * (beside an SQLite file that is where they go by default). */
static void open_ctx(fixture *f)
{
	char err[256], keys[sizeof(f->dir) + 8];

	ck_assert_msg(tunas_open(&f->ctx, f->db, err, sizeof(err)) == 0, "open: %s", err);
	snprintf(keys, sizeof(keys), "%s/keys", f->dir);
	ck_assert_int_eq(tunas_cert_configure(f->ctx, keys, NULL), 0);
}

static void build_world(fixture *f)
{
	tunas_programme pr;
	tunas_cohort c;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/tunas-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	testdb_new(f->db, f->dir, "t.db");
	open_ctx(f);
	tunas_principal_operator(&f->op);
	fixture_as(f, &f->op);

	f->ministry = add_org(f, "Jabatan Tenaga Manusia", TUNAS_ORG_GOVERNMENT, "MY");
	f->ministry2 = add_org(f, "Kementerian Ketenagakerjaan", TUNAS_ORG_GOVERNMENT, "ID");
	f->vendor = add_org(f, "Huawei Malaysia", TUNAS_ORG_INDUSTRY, "MY");
	f->centre = add_org(f, "ILP Kuala Lumpur", TUNAS_ORG_TRAINING_CENTRE, "MY");
	f->centre2 = add_org(f, "BBPVP Bekasi", TUNAS_ORG_TRAINING_CENTRE, "ID");
	f->employer = add_org(f, "Sinar Telekom", TUNAS_ORG_EMPLOYER, "MY");

	f->owner = add_user(f, "owner", TUNAS_ROLE_PROGRAMME_OWNER, f->ministry);
	f->owner2 = add_user(f, "owner2", TUNAS_ROLE_PROGRAMME_OWNER, f->ministry2);
	f->partner = add_user(f, "partner", TUNAS_ROLE_PARTNER, f->vendor);
	f->centre_admin = add_user(f, "centre", TUNAS_ROLE_CENTRE_ADMIN, f->centre);
	f->centre2_admin = add_user(f, "centre2", TUNAS_ROLE_CENTRE_ADMIN, f->centre2);
	f->instructor = add_user(f, "instructor", TUNAS_ROLE_INSTRUCTOR, f->centre);
	f->instructor_id = f->instructor.user_id;
	f->employer_user = add_user(f, "employer", TUNAS_ROLE_EMPLOYER, f->employer);

	memset(&pr, 0, sizeof(pr));
	snprintf(pr.code, sizeof(pr.code), "JTM-HW-5G");
	snprintf(pr.name, sizeof(pr.name), "JTM-Huawei 5G");
	pr.owner_org_id = f->ministry;
	pr.partners[0] = f->vendor;
	pr.n_partners = 1;
	pr.target_headcount = 1000;
	pr.budget_minor = 750000000;
	snprintf(pr.currency, sizeof(pr.currency), "MYR");
	pr.funded = true;
	snprintf(pr.starts_on, sizeof(pr.starts_on), "2025-02-01");
	snprintf(pr.ends_on, sizeof(pr.ends_on), "2025-12-31");
	pr.modes = TUNAS_MODE_IN_PERSON;
	pr.rules.min_age = 18;
	pr.rules.max_age = 40;
	pr.rules.min_isced = 3;
	ck_assert_msg(tunas_programme_create(f->ctx, &f->programme, &pr) == 0, "programme: %s",
		      tunas_errmsg(f->ctx));

	memset(&c, 0, sizeof(c));
	c.programme_id = f->programme;
	c.centre_org_id = f->centre;
	snprintf(c.name, sizeof(c.name), "5G batch 1");
	c.capacity = 2;
	snprintf(c.starts_on, sizeof(c.starts_on), "2025-03-01");
	snprintf(c.ends_on, sizeof(c.ends_on), "2025-05-31");
	c.instructors[0] = f->instructor_id;
	c.n_instructors = 1;
	ck_assert_msg(tunas_cohort_create(f->ctx, &f->cohort, &c) == 0, "cohort: %s",
		      tunas_errmsg(f->ctx));
	c.centre_org_id = f->centre2;
	c.n_instructors = 0;
	snprintf(c.name, sizeof(c.name), "5G batch Bekasi");
	ck_assert_msg(tunas_cohort_create(f->ctx, &f->cohort2, &c) == 0, "cohort2: %s",
		      tunas_errmsg(f->ctx));
}

/* The world is built once per test program (Argon2id makes accounts slow
 * to create) into a template database; each test gets a copy of it. */
static fixture tmpl;

void fixture_global_setup(void)
{
	build_world(&tmpl);
	tunas_close(tmpl.ctx); /* checkpoints the WAL into the file */
	tmpl.ctx = NULL;
}

void fixture_global_teardown(void)
{
	fixture_teardown(&tmpl);
}

void fixture_setup(fixture *f)
{
	*f = tmpl;
	snprintf(f->dir, sizeof(f->dir), "/tmp/tunas-test-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(f->dir));
	testdb_copy(f->db, tmpl.db, f->dir, "t.db");
	open_ctx(f);
	fixture_as(f, &f->op);
}

void fixture_teardown(fixture *f)
{
	char path[128];

	tunas_close(f->ctx);
	f->ctx = NULL;
	testdb_drop(f->db);
	if (f->dir[0] == '\0')
		return;
	snprintf(path, sizeof(path), "%s/t.db", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", f->dir);
	unlink(path);
	rmdir(f->dir);
}

int fixture_run(Suite *suite)
{
	SRunner *sr = srunner_create(suite);
	int failed;

	if (tunas_global_init() != 0)
		return 1;
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
