/*
 * test_lib.c — the library's rules: organisations, programmes, cohorts,
 * people, enrolment, accounts, access and the audit trail.
 */
#include <check.h>
#include "testdb.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "tunas/audit.h"
#include "util/mem.h"

static fixture F;

static void setup(void)
{
	fixture_setup(&F);
}

static void teardown(void)
{
	fixture_teardown(&F);
}

#define OK(call)                                                                                   \
	ck_assert_msg((call) == 0, "%s: %s (%s)", #call, tunas_errmsg(F.ctx), tunas_errfield(F.ctx))
#define FAILS(call, code, field)                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		ck_assert_msg(rc_ == (code), "%s gave %d, wanted %d: %s", #call, rc_, (code),      \
			      tunas_errmsg(F.ctx));                                                \
		ck_assert_str_eq(tunas_errfield(F.ctx), (field));                                  \
	} while (0)

static int64_t audit_count(void)
{
	int64_t n = 0, bad = 0;

	fixture_as(&F, &F.op);
	ck_assert_int_eq(tunas_audit_verify(F.ctx, &n, &bad), 0);
	return n;
}

/* Organisations and partnerships. */

START_TEST(org_validation_names_the_field)
{
	tunas_org o;
	int64_t id;

	memset(&o, 0, sizeof(o));
	snprintf(o.name, sizeof(o.name), "INTAN");
	o.kind = TUNAS_ORG_GOVERNMENT;
	snprintf(o.country, sizeof(o.country), "my");
	FAILS(tunas_org_create(F.ctx, &id, &o), TUNAS_EINVAL, "country");
	snprintf(o.country, sizeof(o.country), "MY");
	o.kind = TUNAS_ORG_NONE;
	FAILS(tunas_org_create(F.ctx, &id, &o), TUNAS_EINVAL, "kind");
	o.kind = TUNAS_ORG_GOVERNMENT;
	snprintf(o.name, sizeof(o.name), "bad\x01name");
	FAILS(tunas_org_create(F.ctx, &id, &o), TUNAS_EINVAL, "name");
	snprintf(o.name, sizeof(o.name), "bad \xC3\x28 utf8");
	FAILS(tunas_org_create(F.ctx, &id, &o), TUNAS_EINVAL, "name");
	snprintf(o.name, sizeof(o.name), "Institut Tadbiran Awam Negara");
	OK(tunas_org_create(F.ctx, &id, &o));
	fixture_as(&F, &F.owner);
	FAILS(tunas_org_create(F.ctx, &id, &o), TUNAS_EPERM, "");
}
END_TEST

START_TEST(partnership_visible_to_parties_only)
{
	tunas_partnership p, got;
	int64_t id;

	memset(&p, 0, sizeof(p));
	snprintf(p.title, sizeof(p.title), "JTM-Huawei MoU");
	snprintf(p.signed_on, sizeof(p.signed_on), "2024-12-17");
	snprintf(p.starts_on, sizeof(p.starts_on), "2025-01-01");
	p.parties[0] = F.ministry;
	p.parties[1] = F.vendor;
	p.n_parties = 2;
	fixture_as(&F, &F.owner2); /* not a party */
	FAILS(tunas_partnership_create(F.ctx, &id, &p), TUNAS_EPERM, "");
	fixture_as(&F, &F.owner);
	p.n_parties = 1;
	FAILS(tunas_partnership_create(F.ctx, &id, &p), TUNAS_EINVAL, "parties");
	p.n_parties = 2;
	snprintf(p.ends_on, sizeof(p.ends_on), "2024-01-01");
	FAILS(tunas_partnership_create(F.ctx, &id, &p), TUNAS_EINVAL, "ends_on");
	p.ends_on[0] = '\0';
	OK(tunas_partnership_create(F.ctx, &id, &p));
	fixture_as(&F, &F.partner);
	OK(tunas_partnership_get(F.ctx, &got, id));
	ck_assert_str_eq(got.title, "JTM-Huawei MoU");
	ck_assert_int_eq(got.n_parties, 2);
	fixture_as(&F, &F.owner2);
	FAILS(tunas_partnership_get(F.ctx, &got, id), TUNAS_ENOTFOUND, "");
}
END_TEST

/* Programmes. */

START_TEST(programme_rules_and_budget_visibility)
{
	tunas_programme p;
	bool vis;
	int64_t id;

	fixture_as(&F, &F.owner);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	ck_assert(vis);
	ck_assert_int_eq(p.budget_minor, 750000000);
	/* Another ministry's owner cannot change it, nor copy it as its own. */
	fixture_as(&F, &F.owner2);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	ck_assert(!vis);
	ck_assert_int_eq(p.budget_minor, 0);
	p.budget_minor = 1;
	FAILS(tunas_programme_update(F.ctx, &p), TUNAS_EPERM, "");
	snprintf(p.code, sizeof(p.code), "COPY");
	FAILS(tunas_programme_create(F.ctx, &id, &p), TUNAS_EPERM, "");
	/* The partner sees the budget. */
	fixture_as(&F, &F.partner);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	ck_assert(vis);
	/* Validation. */
	fixture_as(&F, &F.owner);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	snprintf(p.code, sizeof(p.code), "JTM-HW-2");
	snprintf(p.currency, sizeof(p.currency), "XXX");
	FAILS(tunas_programme_create(F.ctx, &id, &p), TUNAS_EINVAL, "currency");
	snprintf(p.currency, sizeof(p.currency), "MYR");
	p.n_phases = 1;
	p.phases[0].kind = TUNAS_PHASE_OVERSEAS;
	snprintf(p.phases[0].name, sizeof(p.phases[0].name), "Attachment");
	snprintf(p.phases[0].country, sizeof(p.phases[0].country), "CN");
	snprintf(p.phases[0].starts_on, sizeof(p.phases[0].starts_on), "2025-06-01");
	snprintf(p.phases[0].ends_on, sizeof(p.phases[0].ends_on), "2026-06-01");
	FAILS(tunas_programme_create(F.ctx, &id, &p), TUNAS_EINVAL, "phases[0].ends_on");
	snprintf(p.phases[0].ends_on, sizeof(p.phases[0].ends_on), "2025-07-01");
	OK(tunas_programme_create(F.ctx, &id, &p));
	snprintf(p.code, sizeof(p.code), "JTM-HW-5G");
	FAILS(tunas_programme_create(F.ctx, &id, &p), TUNAS_ECONFLICT, "code");
}
END_TEST

START_TEST(cohort_only_by_owner_or_its_centre)
{
	tunas_cohort c;
	int64_t id;

	memset(&c, 0, sizeof(c));
	c.programme_id = F.programme;
	c.centre_org_id = F.centre;
	snprintf(c.name, sizeof(c.name), "Cloud batch");
	c.capacity = 30;
	snprintf(c.starts_on, sizeof(c.starts_on), "2025-06-01");
	snprintf(c.ends_on, sizeof(c.ends_on), "2025-08-31");
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_cohort_create(F.ctx, &id, &c), TUNAS_EPERM, "");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cohort_create(F.ctx, &id, &c));
	c.centre_org_id = F.vendor;
	fixture_as(&F, &F.owner);
	FAILS(tunas_cohort_create(F.ctx, &id, &c), TUNAS_EINVAL, "centre_org_id");
	c.centre_org_id = F.centre;
	snprintf(c.ends_on, sizeof(c.ends_on), "2026-08-31");
	FAILS(tunas_cohort_create(F.ctx, &id, &c), TUNAS_EINVAL, "starts_on");
	snprintf(c.ends_on, sizeof(c.ends_on), "2025-08-31");
	c.instructors[0] = F.owner.user_id; /* not an instructor */
	c.n_instructors = 1;
	FAILS(tunas_cohort_create(F.ctx, &id, &c), TUNAS_EINVAL, "instructors");
}
END_TEST

/* A cohort stays in its programme and at its centre; a centre admin adds
 * cohorts only of a programme its owner placed at the centre. */
START_TEST(cohort_cannot_move_and_centres_need_placing)
{
	tunas_programme p;
	tunas_cohort c;
	bool vis;
	int64_t other, id;

	fixture_as(&F, &F.owner);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	snprintf(p.code, sizeof(p.code), "JTM-HW-IOT");
	OK(tunas_programme_create(F.ctx, &other, &p));
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cohort_get(F.ctx, &c, F.cohort));
	c.programme_id = other;
	FAILS(tunas_cohort_update(F.ctx, &c), TUNAS_EINVAL, "programme_id");
	fixture_as(&F, &F.op);
	OK(tunas_cohort_get(F.ctx, &c, F.cohort));
	c.centre_org_id = F.centre2;
	FAILS(tunas_cohort_update(F.ctx, &c), TUNAS_EINVAL, "centre_org_id");
	/* The centre runs F.programme already, so it may add a cohort of it,
	 * but not of the new programme until the owner places one there. */
	fixture_as(&F, &F.centre_admin);
	OK(tunas_cohort_get(F.ctx, &c, F.cohort));
	c.n_instructors = 0;
	snprintf(c.name, sizeof(c.name), "5G batch 2");
	OK(tunas_cohort_create(F.ctx, &id, &c));
	c.programme_id = other;
	FAILS(tunas_cohort_create(F.ctx, &id, &c), TUNAS_EPERM, "");
	fixture_as(&F, &F.owner);
	OK(tunas_cohort_create(F.ctx, &id, &c));
	fixture_as(&F, &F.centre_admin);
	snprintf(c.name, sizeof(c.name), "IoT batch 2");
	OK(tunas_cohort_create(F.ctx, &id, &c));
}
END_TEST

/* People. */

START_TEST(person_id_checks)
{
	tunas_person p;
	int64_t id;

	fixture_as(&F, &F.centre_admin);
	fixture_person_my(&p);
	snprintf(p.id_number, sizeof(p.id_number), "900101-00-5673");
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_EINVAL, "id_number");
	fixture_person_my(&p);
	snprintf(p.birth_date, sizeof(p.birth_date), "1990-01-02");
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_EINVAL, "birth_date");
	fixture_person_my(&p);
	p.sex = 'F';
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_EINVAL, "sex");
	fixture_person_my(&p);
	snprintf(p.edu_level, sizeof(p.edu_level), "SMK"); /* Indonesian level */
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_EINVAL, "edu_level");
	fixture_person_my(&p);
	OK(tunas_person_create(F.ctx, &id, &p));
	OK(tunas_person_get(F.ctx, &p, id));
	ck_assert_str_eq(p.id_number, "900101145673");
	ck_assert_str_eq(p.birth_date, "1990-01-01");
	ck_assert_int_eq(p.sex, 'M');
	ck_assert_int_eq(p.isced, 3);
	ck_assert_int_eq(p.registered_by_org, F.centre);
	/* The same person again, written differently: one person only. */
	fixture_person_my(&p);
	snprintf(p.id_number, sizeof(p.id_number), "900101 14 5673");
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_ECONFLICT, "id_number");
	/* An Indonesian woman: day + 40 in the NIK. */
	memset(&p, 0, sizeof(p));
	snprintf(p.full_name, sizeof(p.full_name), "Siti Nurhaliza");
	p.id_type = TUNAS_ID_NIK;
	snprintf(p.id_number, sizeof(p.id_number), "3201014503970002");
	snprintf(p.edu_level, sizeof(p.edu_level), "SMK");
	p.employment = TUNAS_EMP_JOB_SEEKER;
	OK(tunas_person_create(F.ctx, &id, &p));
	OK(tunas_person_get(F.ctx, &p, id));
	ck_assert_str_eq(p.birth_date, "1997-03-05");
	ck_assert_int_eq(p.sex, 'F');
	ck_assert_str_eq(p.edu_country, "ID");
}
END_TEST

START_TEST(person_visibility_and_masking)
{
	int64_t mine = fixture_add_person(&F, "900101-14-5673", F.centre);
	int64_t theirs = fixture_add_person(&F, "920202-10-1234", F.centre2);
	tunas_person p, *rows = NULL;
	tunas_page page = {0, 50};
	tunas_enrolment e;
	size_t n = 0;

	fixture_as(&F, &F.centre_admin);
	OK(tunas_person_get(F.ctx, &p, mine));
	ck_assert(!p.id_masked);
	ck_assert_str_eq(p.id_number, "900101145673");
	FAILS(tunas_person_get(F.ctx, &p, theirs), TUNAS_ENOTFOUND, "");
	OK(tunas_person_list(F.ctx, &rows, &n, NULL, &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, mine);
	free(rows);
	/* The owner sees applicants to its programme, masked. */
	fixture_as(&F, &F.owner);
	FAILS(tunas_person_get(F.ctx, &p, mine), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.centre_admin);
	OK(tunas_enrol_apply(F.ctx, &e, mine, F.cohort));
	fixture_as(&F, &F.owner);
	OK(tunas_person_get(F.ctx, &p, mine));
	ck_assert(p.id_masked);
	ck_assert_str_eq(p.id_number, "********5673");
	/* So does the cohort's instructor; the employer and partner see no one. */
	fixture_as(&F, &F.instructor);
	OK(tunas_person_get(F.ctx, &p, mine));
	ck_assert(p.id_masked);
	fixture_as(&F, &F.employer_user);
	FAILS(tunas_person_get(F.ctx, &p, mine), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.partner);
	FAILS(tunas_person_get(F.ctx, &p, mine), TUNAS_ENOTFOUND, "");
	/* The other centre cannot apply our person to its cohort by id... */
	fixture_as(&F, &F.centre2_admin);
	FAILS(tunas_enrol_apply(F.ctx, &e, mine, F.cohort2), TUNAS_EINVAL, "person_id");
	/* ...nor with the number and a guessed name, which reads exactly like
	 * an unknown number... */
	FAILS(tunas_enrol_apply_ident(F.ctx, &e, TUNAS_ID_MYKAD, "900101-14-5673", "Someone Else",
				      F.cohort2),
	      TUNAS_ENOTFOUND, "id_number");
	ck_assert_str_eq(tunas_errmsg(F.ctx), "nobody with this ID number and name is registered");
	FAILS(tunas_enrol_apply_ident(F.ctx, &e, TUNAS_ID_MYKAD, "910101-14-5671",
				      "Ahmad bin Ismail", F.cohort2),
	      TUNAS_ENOTFOUND, "id_number");
	ck_assert_str_eq(tunas_errmsg(F.ctx), "nobody with this ID number and name is registered");
	/* ...but can with number and name from the identity card. */
	OK(tunas_enrol_apply_ident(F.ctx, &e, TUNAS_ID_MYKAD, "900101-14-5673",
				   " ahmad  BIN ismail", F.cohort2));
	ck_assert_int_eq(e.person_id, mine);
	/* A programme owner does not admit by identity card, and learns
	 * nothing about the number by trying. */
	fixture_as(&F, &F.owner);
	FAILS(tunas_enrol_apply_ident(F.ctx, &e, TUNAS_ID_MYKAD, "900101-14-5673",
				      "Ahmad bin Ismail", F.cohort),
	      TUNAS_EPERM, "");
	/* Masked views withhold the birth date with the number. */
	OK(tunas_person_get(F.ctx, &p, mine));
	ck_assert(p.id_masked);
	ck_assert_str_eq(p.birth_date, "");
	ck_assert_int_eq(p.birth_year, 1990);
	/* ...and owners do not look people up by number. */
	FAILS(tunas_person_find(F.ctx, &p, TUNAS_ID_MYKAD, "900101-14-5673"), TUNAS_EPERM, "");
}
END_TEST

/* A passport number is short: its mask shows fewer characters, in the API
 * and in the audit trail alike. */
START_TEST(short_numbers_mask_more)
{
	tunas_audit_entry *rows = NULL;
	bool found = false;
	tunas_page page = {0, 200};
	tunas_enrolment e;
	tunas_person p;
	size_t n = 0;
	int64_t id;

	fixture_as(&F, &F.centre_admin);
	memset(&p, 0, sizeof(p));
	snprintf(p.full_name, sizeof(p.full_name), "Nguyen Van An");
	p.id_type = TUNAS_ID_PASSPORT;
	snprintf(p.id_number, sizeof(p.id_number), "c1234567");
	snprintf(p.id_country, sizeof(p.id_country), "VN");
	snprintf(p.birth_date, sizeof(p.birth_date), "1995-05-05");
	p.sex = 'M';
	snprintf(p.edu_country, sizeof(p.edu_country), "VN");
	snprintf(p.edu_level, sizeof(p.edu_level), "ISCED3");
	p.employment = TUNAS_EMP_JOB_SEEKER;
	OK(tunas_person_create(F.ctx, &id, &p));
	OK(tunas_enrol_apply(F.ctx, &e, id, F.cohort));
	fixture_as(&F, &F.owner);
	OK(tunas_person_get(F.ctx, &p, id));
	ck_assert(p.id_masked);
	ck_assert_str_eq(p.id_number, "******67");
	fixture_as(&F, &F.op);
	OK(tunas_audit_list(F.ctx, &rows, &n, &page));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].action, "person.create") != 0 || rows[i].object_id != id)
			continue;
		found = true;
		ck_assert_msg(strstr(rows[i].detail, "\"******67\"") != NULL, "%s", rows[i].detail);
	}
	ck_assert_msg(found, "no audit entry for the passport holder");
	free(rows);
}
END_TEST

/* Enrolment. */

START_TEST(enrolment_eligibility)
{
	tunas_enrolment e;
	tunas_person p;
	int64_t id;

	fixture_as(&F, &F.centre_admin);
	fixture_person_my(&p);
	snprintf(p.id_number, sizeof(p.id_number), "700101-14-5673"); /* 55 in 2025 */
	OK(tunas_person_create(F.ctx, &id, &p));
	OK(tunas_enrol_apply(F.ctx, &e, id, F.cohort));
	ck_assert_int_eq(e.status, TUNAS_ENROL_REJECTED);
	ck_assert_msg(strstr(e.reason, "above the maximum of 40") != NULL, "%s", e.reason);
	fixture_person_my(&p);
	snprintf(p.id_number, sizeof(p.id_number), "950505-14-5675");
	snprintf(p.edu_level, sizeof(p.edu_level), "PT3");
	OK(tunas_person_create(F.ctx, &id, &p));
	OK(tunas_enrol_apply(F.ctx, &e, id, F.cohort));
	ck_assert_int_eq(e.status, TUNAS_ENROL_REJECTED);
	ck_assert_msg(strstr(e.reason, "ISCED 2") != NULL, "%s", e.reason);
}
END_TEST

START_TEST(enrolment_capacity_waitlist_and_promotion)
{
	int64_t a = fixture_add_person(&F, "900101-14-5673", F.centre);
	int64_t b = fixture_add_person(&F, "910101-14-5671", F.centre);
	int64_t c = fixture_add_person(&F, "920101-14-5679", F.centre);
	tunas_enrolment ea, eb, ec;
	tunas_enrol_counts k;

	fixture_as(&F, &F.centre_admin);
	OK(tunas_enrol_apply(F.ctx, &ea, a, F.cohort));
	OK(tunas_enrol_apply(F.ctx, &eb, b, F.cohort));
	OK(tunas_enrol_apply(F.ctx, &ec, c, F.cohort));
	FAILS(tunas_enrol_apply(F.ctx, &ec, c, F.cohort), TUNAS_ECONFLICT, "person_id");
	OK(tunas_enrol_move(F.ctx, &ea, ea.id, TUNAS_ENROL_ACCEPTED, ""));
	OK(tunas_enrol_move(F.ctx, &eb, eb.id, TUNAS_ENROL_ACCEPTED, ""));
	ck_assert_int_eq(eb.status, TUNAS_ENROL_ACCEPTED);
	OK(tunas_enrol_move(F.ctx, &ec, ec.id, TUNAS_ENROL_ACCEPTED, ""));
	ck_assert_int_eq(ec.status, TUNAS_ENROL_WAITLISTED); /* capacity 2 */
	ck_assert_msg(strstr(ec.reason, "full") != NULL, "%s", ec.reason);
	/* Illegal moves are refused. */
	FAILS(tunas_enrol_move(F.ctx, &ea, ea.id, TUNAS_ENROL_COMPLETED, ""), TUNAS_ECONFLICT,
	      "status");
	OK(tunas_enrol_move(F.ctx, &ea, ea.id, TUNAS_ENROL_ENROLLED, ""));
	/* b withdraws: c, the longest waiting, takes the place. */
	OK(tunas_enrol_move(F.ctx, &eb, eb.id, TUNAS_ENROL_WITHDRAWN, "moved away"));
	OK(tunas_enrol_get(F.ctx, &ec, ec.id));
	ck_assert_int_eq(ec.status, TUNAS_ENROL_ACCEPTED);
	OK(tunas_cohort_counts(F.ctx, &k, F.cohort));
	ck_assert_int_eq(k.enrolled, 1);
	ck_assert_int_eq(k.accepted, 1);
	ck_assert_int_eq(k.withdrawn, 1);
	ck_assert_int_eq(k.waitlisted, 0);
}
END_TEST

START_TEST(enrolment_funded_duplicate_rejected)
{
	int64_t a = fixture_add_person(&F, "900101-14-5673", F.centre);
	tunas_programme p;
	tunas_cohort c;
	tunas_enrolment e;
	bool vis;
	int64_t prog2, cohort3;

	/* A second funded programme running at the same time. */
	fixture_as(&F, &F.owner);
	OK(tunas_programme_get(F.ctx, &p, &vis, F.programme));
	snprintf(p.code, sizeof(p.code), "JTM-HW-AI");
	OK(tunas_programme_create(F.ctx, &prog2, &p));
	OK(tunas_cohort_get(F.ctx, &c, F.cohort));
	c.programme_id = prog2;
	OK(tunas_cohort_create(F.ctx, &cohort3, &c));
	fixture_as(&F, &F.centre_admin);
	OK(tunas_enrol_apply(F.ctx, &e, a, F.cohort));
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ACCEPTED, ""));
	OK(tunas_enrol_apply(F.ctx, &e, a, cohort3));
	ck_assert_int_eq(e.status, TUNAS_ENROL_REJECTED);
	ck_assert_str_eq(e.reason, "already in another publicly funded programme at the same time");
}
END_TEST

START_TEST(trainee_acts_only_for_self)
{
	int64_t me = fixture_add_person(&F, "900101-14-5673", F.centre);
	int64_t other = fixture_add_person(&F, "910101-14-5671", F.centre);
	tunas_principal trainee;
	tunas_enrolment e, eo;
	tunas_person p;
	tunas_user u;
	int64_t uid;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "ahmad");
	u.role = TUNAS_ROLE_TRAINEE;
	u.org_id = F.centre;
	u.person_id = me;
	OK(tunas_user_create(F.ctx, &uid, &u, "a long passphrase"));
	memset(&trainee, 0, sizeof(trainee));
	trainee.user_id = uid;
	trainee.role = TUNAS_ROLE_TRAINEE;
	trainee.org_id = F.centre;
	trainee.person_id = me;
	fixture_as(&F, &trainee);
	OK(tunas_person_get(F.ctx, &p, me));
	ck_assert(!p.id_masked);
	FAILS(tunas_person_get(F.ctx, &p, other), TUNAS_ENOTFOUND, "");
	OK(tunas_enrol_apply(F.ctx, &e, me, F.cohort));
	FAILS(tunas_enrol_apply(F.ctx, &eo, other, F.cohort), TUNAS_EPERM, "");
	FAILS(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_ACCEPTED, ""), TUNAS_EPERM, "");
	OK(tunas_enrol_move(F.ctx, &e, e.id, TUNAS_ENROL_WITHDRAWN, "changed my mind"));
}
END_TEST

/* Accounts. */

START_TEST(login_tokens_expiry_and_revocation)
{
	char token[TUNAS_TOKEN_LEN + 1], api[TUNAS_TOKEN_LEN + 1];
	tunas_principal who;
	tunas_token t, ta;
	int64_t now = tunas_now();

	tunas_set_principal(F.ctx, NULL);
	FAILS(tunas_auth_login(F.ctx, &t, token, "owner", "wrong password"), TUNAS_EAUTH, "");
	ck_assert_str_eq(tunas_errmsg(F.ctx), "wrong username or password");
	FAILS(tunas_auth_login(F.ctx, &t, token, "nobody", "wrong password"), TUNAS_EAUTH, "");
	ck_assert_str_eq(tunas_errmsg(F.ctx), "wrong username or password");
	OK(tunas_auth_login(F.ctx, &t, token, "owner", "correct horse battery"));
	ck_assert_uint_eq(strlen(token), TUNAS_TOKEN_LEN);
	ck_assert(strncmp(token, "tns_", 4) == 0);
	OK(tunas_auth_resolve(F.ctx, &who, token));
	ck_assert_int_eq(who.role, TUNAS_ROLE_PROGRAMME_OWNER);
	ck_assert_int_eq(who.org_id, F.ministry);
	/* A changed character is a different token. */
	token[10] = token[10] == 'A' ? 'B' : 'A';
	FAILS(tunas_auth_resolve(F.ctx, &who, token), TUNAS_EAUTH, "");
	/* API token: works, expires, and can be revoked. */
	fixture_as(&F, &F.owner);
	OK(tunas_token_create(F.ctx, &ta, api, "reporting", 3600));
	OK(tunas_auth_resolve(F.ctx, &who, api));
	tunas_set_now(now + 3601);
	FAILS(tunas_auth_resolve(F.ctx, &who, api), TUNAS_EAUTH, "");
	tunas_set_now(0);
	OK(tunas_auth_resolve(F.ctx, &who, api));
	fixture_as(&F, &F.owner2);
	FAILS(tunas_token_revoke(F.ctx, ta.id), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.owner);
	OK(tunas_token_revoke(F.ctx, ta.id));
	FAILS(tunas_auth_resolve(F.ctx, &who, api), TUNAS_EAUTH, "");
	/* Signing in clears the user's tokens that expired over a week ago. */
	{
		tunas_token *list = NULL;
		size_t n = 0;
		bool found = false;

		tunas_set_now(now + 3601 + 8 * 86400);
		tunas_set_principal(F.ctx, NULL);
		OK(tunas_auth_login(F.ctx, &t, token, "owner", "correct horse battery"));
		fixture_as(&F, &F.owner);
		OK(tunas_token_list(F.ctx, &list, &n));
		for (size_t i = 0; i < n; i++)
			found = found || list[i].id == ta.id;
		ck_assert_msg(!found, "the expired token was kept");
		ck_assert_uint_ge(n, 1);
		free(list);
		tunas_set_now(0);
	}
	/* A disabled account's tokens stop working. */
	OK(tunas_token_create(F.ctx, &ta, api, "second", 3600));
	fixture_as(&F, &F.op);
	OK(tunas_user_set_disabled(F.ctx, F.owner.user_id, true));
	FAILS(tunas_auth_resolve(F.ctx, &who, api), TUNAS_EAUTH, "");
}
END_TEST

START_TEST(user_rules)
{
	tunas_user u;
	int64_t id;

	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "Bad Name");
	u.role = TUNAS_ROLE_CENTRE_ADMIN;
	u.org_id = F.centre;
	FAILS(tunas_user_create(F.ctx, &id, &u, "long enough pw"), TUNAS_EINVAL, "username");
	snprintf(u.username, sizeof(u.username), "centre.admin2");
	FAILS(tunas_user_create(F.ctx, &id, &u, "short"), TUNAS_EINVAL, "password");
	u.org_id = F.ministry; /* a ministry is not a training centre */
	FAILS(tunas_user_create(F.ctx, &id, &u, "long enough pw"), TUNAS_EINVAL, "role");
	u.org_id = F.centre;
	OK(tunas_user_create(F.ctx, &id, &u, "long enough pw"));
	FAILS(tunas_user_create(F.ctx, &id, &u, "long enough pw"), TUNAS_ECONFLICT, "username");
	fixture_as(&F, &F.centre_admin);
	snprintf(u.username, sizeof(u.username), "sneaky");
	u.role = TUNAS_ROLE_SYSADMIN;
	u.org_id = 0;
	FAILS(tunas_user_create(F.ctx, &id, &u, "long enough pw"), TUNAS_EPERM, "");
}
END_TEST

/* Audit. */

START_TEST(audit_chain_records_and_detects_tampering)
{
	int64_t before = audit_count(), n = 0, bad = 0;
	tunas_audit_entry *rows = NULL;
	tunas_page page = {0, 200};
	char err[256];
	size_t cnt = 0;

	fixture_add_person(&F, "900101-14-5673", F.centre);
	ck_assert_int_eq(audit_count(), before + 1);
	OK(tunas_audit_list(F.ctx, &rows, &cnt, &page));
	ck_assert_str_eq(rows[cnt - 1].action, "person.create");
	ck_assert_msg(strstr(rows[cnt - 1].detail, "900101") == NULL,
		      "national id in the audit trail: %s", rows[cnt - 1].detail);
	free(rows);
	fixture_as(&F, &F.owner);
	FAILS(tunas_audit_verify(F.ctx, &n, &bad), TUNAS_EPERM, "");
	/* Rewrite an entry behind the library's back, as someone with the
	 * database would: turn the append-only triggers off first. */
	if (testdb_is_pg()) {
		ck_assert_msg(testdb_exec(F.db, "ALTER TABLE audit_log DISABLE TRIGGER USER", err,
					  sizeof(err)) == 0,
			      "%s", err);
	} else {
		sqlite3 *db;
		sqlite3_stmt *st;
		const char *sql = "SELECT name FROM sqlite_master WHERE type='trigger' AND "
				  "tbl_name='audit_log'";

		ck_assert_int_eq(sqlite3_open(F.db, &db), SQLITE_OK);
		ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char drop[200];

			snprintf(drop, sizeof(drop), "DROP TRIGGER \"%s\"",
				 sqlite3_column_text(st, 0));
			sqlite3_exec(db, drop, NULL, NULL, NULL);
		}
		sqlite3_finalize(st);
		sqlite3_close(db);
	}
	ck_assert_msg(testdb_exec(F.db,
				  "UPDATE audit_log SET actor_name='someone else' WHERE seq=3", err,
				  sizeof(err)) == 0,
		      "%s", err);
	fixture_as(&F, &F.op);
	FAILS(tunas_audit_verify(F.ctx, &n, &bad), TUNAS_ECONFLICT, "");
	ck_assert_int_eq(bad, 3);
	ck_assert_int_eq(n, 2);
}
END_TEST

START_TEST(failed_operation_changes_nothing)
{
	int64_t before = audit_count();
	tunas_person p;
	int64_t id;

	/* An unknown employer makes the insert fail after validation: no
	 * person and no audit entry may remain. */
	fixture_as(&F, &F.centre_admin);
	fixture_person_my(&p);
	p.employer_org_id = 999999;
	FAILS(tunas_person_create(F.ctx, &id, &p), TUNAS_EINVAL, "employer_org_id");
	fixture_person_my(&p);
	OK(tunas_person_create(F.ctx, &id, &p));
	ck_assert_int_eq(audit_count(), before + 1);
}
END_TEST

/* Out of memory anywhere in our own allocations must fail cleanly. */
START_TEST(out_of_memory_is_an_error)
{
	tunas_person *rows = NULL;
	tunas_page page = {0, 10};
	size_t n = 0;
	long made;
	int rc = -1;

	fixture_add_person(&F, "900101-14-5673", F.centre);
	tunas_mem_fail_at(0);
	for (long k = 1; k < 50; k++) {
		tunas_mem_fail_at(k);
		rc = tunas_person_list(F.ctx, &rows, &n, NULL, &page);
		made = tunas_mem_fail_at(0);
		if (rc == 0) {
			free(rows);
			rows = NULL;
		}
		if (made < k)
			break; /* fewer allocations than k: it ran to the end */
	}
	ck_assert_int_eq(rc, 0);
}
END_TEST

/* A passive checkpoint from a plain connection: frames in the WAL and
 * frames copied back into the database. */
static void wal_state(int64_t *log, int64_t *done)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	ck_assert_int_eq(sqlite3_open(F.db, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(db, "PRAGMA wal_checkpoint(PASSIVE)", -1, &st, NULL),
			 SQLITE_OK);
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	*log = sqlite3_column_int64(st, 1);
	*done = sqlite3_column_int64(st, 2);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The server's lock pin must never hide a commit from a request, and must
 * hold checkpoints back only until it is renewed. */
START_TEST(lock_pin_hides_nothing_and_is_renewed)
{
	tunas_ctx *pin = NULL, *reader = NULL;
	char err[128];
	tunas_person p;
	int64_t id, log, done;

	ck_assert_int_eq(tunas_open(&pin, F.db, err, sizeof(err)), 0);
	ck_assert_int_eq(tunas_open(&reader, F.db, err, sizeof(err)), 0);
	OK(tunas_lock_pin(pin));
	id = fixture_add_person(&F, "900101-14-5673", F.centre);
	tunas_set_principal(reader, &F.op);
	OK(tunas_person_get(reader, &p, id));
	ck_assert_str_eq(p.id_number, "900101145673");
	/* The pin's snapshot predates that commit: its frames cannot go back
	 * into the database yet. Renewed, the pin lets them. */
	wal_state(&log, &done);
	ck_assert_int_gt(log, 0);
	ck_assert_int_lt(done, log);
	OK(tunas_lock_pin(pin));
	wal_state(&log, &done);
	ck_assert_int_eq(done, log);
	tunas_close(reader);
	tunas_close(pin);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("lib");
	TCase *tc = tcase_create("rules");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, org_validation_names_the_field);
	tcase_add_test(tc, partnership_visible_to_parties_only);
	tcase_add_test(tc, programme_rules_and_budget_visibility);
	tcase_add_test(tc, cohort_only_by_owner_or_its_centre);
	tcase_add_test(tc, cohort_cannot_move_and_centres_need_placing);
	tcase_add_test(tc, person_id_checks);
	tcase_add_test(tc, person_visibility_and_masking);
	tcase_add_test(tc, short_numbers_mask_more);
	tcase_add_test(tc, enrolment_eligibility);
	tcase_add_test(tc, enrolment_capacity_waitlist_and_promotion);
	tcase_add_test(tc, enrolment_funded_duplicate_rejected);
	tcase_add_test(tc, trainee_acts_only_for_self);
	tcase_add_test(tc, login_tokens_expiry_and_revocation);
	tcase_add_test(tc, user_rules);
	tcase_add_test(tc, audit_chain_records_and_detects_tampering);
	tcase_add_test(tc, failed_operation_changes_nothing);
	tcase_add_test(tc, out_of_memory_is_an_error);
	/* SQLite's file locks and WAL: nothing of the kind on PostgreSQL. */
	if (!testdb_is_pg())
		tcase_add_test(tc, lock_pin_hides_nothing_and_is_renewed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
