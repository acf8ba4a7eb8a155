/*
 * test_framework.c — competency frameworks: who creates and adds to them,
 * the competency hierarchy, occupations, crosswalks, what courses and
 * units teach, a custom framework from CSV (all or nothing, parents after
 * children), and ESCO from its CSV files or zips (counts, the group a skill
 * sits under, essential skills, re-import, versions).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "ctx.h"
#include "fixture.h"
#include "tunas/assess.h"
#include "tunas/audit.h"
#include "tunas/skills.h"

static fixture F;
static tunas_principal TRAINEE;

#define OK(call)                                                                                   \
	ck_assert_msg((call) == 0, "%s: %s (%s)", #call, tunas_errmsg(F.ctx), tunas_errfield(F.ctx))
#define FAILS(call, code, field)                                                                   \
	do {                                                                                       \
		int rc_ = (call);                                                                  \
		ck_assert_msg(rc_ == (code), "%s gave %d, wanted %d: %s", #call, rc_, (code),      \
			      tunas_errmsg(F.ctx));                                                \
		ck_assert_str_eq(tunas_errfield(F.ctx), (field));                                  \
	} while (0)

/* ESCO codes in tests/data/esco-mini (see its README.md). */
#define LINEN "15ab8475-549d-48a7-9d4a-5bb310015312"
#define FOOD_SAFETY "0ff99f51-40d9-42f1-a1ec-377b2bb5e15f"
#define SEW "0d207bf2-b0dd-4a36-933f-d2cd3da2933d"
#define CUSTOMER_SERVICE "75dfe1ee-5935-42ce-b820-697f827825c3"

static void setup(void)
{
	fixture_setup(&F);
	memset(&TRAINEE, 0, sizeof(TRAINEE));
	TRAINEE.user_id = 9001;
	TRAINEE.role = TUNAS_ROLE_TRAINEE;
	TRAINEE.org_id = F.centre;
	snprintf(TRAINEE.username, sizeof(TRAINEE.username), "trainee");
}

static void teardown(void)
{
	fixture_teardown(&F);
}

static tunas_framework fw(const char *code, tunas_fw_kind kind, int levels, int64_t owner)
{
	tunas_framework f;

	memset(&f, 0, sizeof(f));
	snprintf(f.code, sizeof(f.code), "%s", code);
	snprintf(f.name, sizeof(f.name), "Framework %s", code);
	f.kind = kind;
	f.levels = levels;
	f.owner_org_id = owner;
	return f;
}

/* Create a framework as `who`; returns its id. */
static int64_t add_fw(const tunas_principal *who, const char *code, tunas_fw_kind kind, int levels)
{
	tunas_framework f = fw(code, kind, levels, 0);
	int64_t id = 0;

	fixture_as(&F, who);
	OK(tunas_framework_create(F.ctx, &id, &f));
	return id;
}

static tunas_competency comp(int64_t framework, tunas_comp_kind kind, const char *code,
			     int64_t parent, int level)
{
	tunas_competency c;

	memset(&c, 0, sizeof(c));
	c.framework_id = framework;
	c.kind = kind;
	snprintf(c.code, sizeof(c.code), "%s", code);
	snprintf(c.title, sizeof(c.title), "Competency %s", code);
	c.parent_id = parent;
	c.level = level;
	return c;
}

static int64_t add_comp(int64_t framework, tunas_comp_kind kind, const char *code, int64_t parent,
			int level)
{
	tunas_competency c = comp(framework, kind, code, parent, level);
	int64_t id = 0;

	OK(tunas_competency_create(F.ctx, &id, &c));
	return id;
}

/* The one competency of a framework whose title contains q. */
static tunas_competency find_comp(int64_t framework, const char *q)
{
	tunas_page page = {0, 10};
	tunas_competency *rows = NULL, c;
	size_t n = 0;

	OK(tunas_competency_list(F.ctx, &rows, &n, framework, 0, q, &page));
	ck_assert_msg(n == 1, "%zu competencies match '%s'", n, q);
	c = rows[0];
	free(rows);
	return c;
}

/* How many audit entries have `action`; the last one's detail in detail. */
static int audit_count(const char *action, char *detail, size_t cap)
{
	tunas_principal keep = *tunas_principal_get(F.ctx);
	tunas_page page = {0, TUNAS_PAGE_MAX};
	int count = 0;

	fixture_as(&F, &F.op);
	for (;;) {
		tunas_audit_entry *rows = NULL;
		size_t n = 0;

		OK(tunas_audit_list(F.ctx, &rows, &n, &page));
		for (size_t i = 0; i < n; i++)
			if (strcmp(rows[i].action, action) == 0) {
				count++;
				if (detail)
					snprintf(detail, cap, "%s", rows[i].detail);
			}
		if (n > 0)
			page.after_id = rows[n - 1].seq;
		free(rows);
		if (n < (size_t)page.limit)
			break;
	}
	fixture_as(&F, &keep);
	return count;
}

/* The store's skills generation: changes with what matching uses. */
static int64_t skills_gen(void)
{
	int64_t gen = -1;

	ck_assert_int_eq(F.ctx->store->ops->skills_gen(F.ctx->store, &gen), 0);
	return gen;
}

START_TEST(names_parse_both_ways)
{
	ck_assert_str_eq(tunas_fw_kind_name(TUNAS_FW_TAXONOMY), "taxonomy");
	ck_assert_int_eq(tunas_fw_kind_parse("national"), TUNAS_FW_NATIONAL);
	ck_assert_int_eq(tunas_fw_kind_parse("vendor"), TUNAS_FW_VENDOR);
	ck_assert_int_eq(tunas_fw_kind_parse("custom"), TUNAS_FW_CUSTOM);
	ck_assert_int_eq(tunas_fw_kind_parse("Custom"), TUNAS_FW_NONE);
	ck_assert_int_eq(tunas_fw_kind_parse(NULL), TUNAS_FW_NONE);
	ck_assert_str_eq(tunas_fw_kind_name((tunas_fw_kind)9), "none");
	ck_assert_str_eq(tunas_comp_kind_name(TUNAS_COMP_ELEMENT), "element");
	ck_assert_int_eq(tunas_comp_kind_parse("domain"), TUNAS_COMP_DOMAIN);
	ck_assert_int_eq(tunas_comp_kind_parse("unit"), TUNAS_COMP_UNIT);
	ck_assert_int_eq(tunas_comp_kind_parse("module"), TUNAS_COMP_NONE);
	ck_assert_str_eq(tunas_xw_relation_name(TUNAS_XW_NARROWER), "narrower");
	ck_assert_int_eq(tunas_xw_relation_parse("exact"), TUNAS_XW_EXACT);
	ck_assert_int_eq(tunas_xw_relation_parse("close"), TUNAS_XW_CLOSE);
	ck_assert_int_eq(tunas_xw_relation_parse("broader"), TUNAS_XW_BROADER);
	ck_assert_int_eq(tunas_xw_relation_parse("same"), TUNAS_XW_NONE);
}
END_TEST

START_TEST(who_creates_frameworks)
{
	tunas_framework f, got, *rows = NULL;
	tunas_page page = {0, 10};
	tunas_principal nobody;
	int64_t noss, mine, hw, id;
	size_t n = 0;

	/* System admins: any kind, owner optional. */
	noss = add_fw(&F.op, "NOSS-IT-020-3", TUNAS_FW_NATIONAL, 5);
	OK(tunas_framework_get(F.ctx, &got, noss));
	ck_assert_str_eq(got.code, "NOSS-IT-020-3");
	ck_assert_str_eq(got.name, "Framework NOSS-IT-020-3");
	ck_assert_int_eq(got.kind, TUNAS_FW_NATIONAL);
	ck_assert_int_eq(got.levels, 5);
	ck_assert_int_eq(got.owner_org_id, 0);
	ck_assert_int_eq(got.competencies, 0);
	ck_assert_int_eq(got.occupations, 0);
	f = fw("NOSS-IT-020-3", TUNAS_FW_NATIONAL, 5, 0);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_ECONFLICT, "code");
	f = fw("GHOST", TUNAS_FW_CUSTOM, 0, 999999);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EINVAL, "owner_org_id");

	/* A programme owner: their own organisation's, not a taxonomy. */
	mine = add_fw(&F.owner, "JTM-5G", TUNAS_FW_CUSTOM, 3);
	OK(tunas_framework_get(F.ctx, &got, mine));
	ck_assert_int_eq(got.owner_org_id, F.ministry);
	f = fw("JTM-TAX", TUNAS_FW_TAXONOMY, 0, 0);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EPERM, "");
	f = fw("KEMNAKER-X", TUNAS_FW_CUSTOM, 0, F.ministry2);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EPERM, "");
	/* A partner: a vendor track of its own. */
	hw = add_fw(&F.partner, "HCIA-5G", TUNAS_FW_VENDOR, 0);
	OK(tunas_framework_get(F.ctx, &got, hw));
	ck_assert_int_eq(got.owner_org_id, F.vendor);
	ck_assert_int_eq(got.kind, TUNAS_FW_VENDOR);

	/* Trainees, employers and centre admins do not. */
	f = fw("MINE", TUNAS_FW_CUSTOM, 0, 0);
	fixture_as(&F, &TRAINEE);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EPERM, "");
	fixture_as(&F, &F.employer_user);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EPERM, "");
	fixture_as(&F, &F.centre_admin);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EPERM, "");

	/* Validation names the field. */
	fixture_as(&F, &F.op);
	f = fw("bad code!", TUNAS_FW_CUSTOM, 0, 0);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EINVAL, "code");
	f = fw("OK", TUNAS_FW_CUSTOM, 9, 0);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EINVAL, "levels");
	f = fw("OK", TUNAS_FW_NONE, 0, 0);
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EINVAL, "kind");
	f = fw("OK", TUNAS_FW_CUSTOM, 0, 0);
	f.name[0] = '\0';
	FAILS(tunas_framework_create(F.ctx, &id, &f), TUNAS_EINVAL, "name");

	/* Everyone signed in reads the directory; nobody else. */
	fixture_as(&F, &TRAINEE);
	OK(tunas_framework_list(F.ctx, &rows, &n, &page));
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(rows[0].id, noss);
	ck_assert_int_eq(rows[1].id, mine);
	ck_assert_int_eq(rows[2].id, hw);
	free(rows);
	OK(tunas_framework_find(F.ctx, &got, "HCIA-5G"));
	ck_assert_int_eq(got.id, hw);
	FAILS(tunas_framework_find(F.ctx, &got, "NOPE"), TUNAS_ENOTFOUND, "");
	memset(&nobody, 0, sizeof(nobody));
	fixture_as(&F, &nobody);
	FAILS(tunas_framework_get(F.ctx, &got, noss), TUNAS_EAUTH, "");
	ck_assert_int_eq(audit_count("framework.create", NULL, 0), 3);
}
END_TEST

START_TEST(competency_hierarchy_rules)
{
	tunas_competency c, got, *rows = NULL;
	tunas_page page = {0, 10};
	tunas_framework f;
	int64_t noss, mine, d1, u1, e1, e2, other, id;
	size_t n = 0;

	noss = add_fw(&F.op, "NOSS", TUNAS_FW_NATIONAL, 5);
	other = add_comp(noss, TUNAS_COMP_DOMAIN, "N1", 0, 0);
	mine = add_fw(&F.owner, "JTM-5G", TUNAS_FW_CUSTOM, 0);

	/* Only those who manage the framework add to it. */
	c = comp(mine, TUNAS_COMP_DOMAIN, "D1", 0, 0);
	fixture_as(&F, &F.owner2);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EPERM, "");
	fixture_as(&F, &F.partner);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EPERM, "");
	fixture_as(&F, &TRAINEE);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EPERM, "");
	fixture_as(&F, &F.owner);
	c = comp(noss, TUNAS_COMP_DOMAIN, "D9", 0, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EPERM, "");

	/* domain > unit > element. */
	d1 = add_comp(mine, TUNAS_COMP_DOMAIN, "D1", 0, 0);
	u1 = add_comp(mine, TUNAS_COMP_UNIT, "U1", d1, 2);
	e1 = add_comp(mine, TUNAS_COMP_ELEMENT, "E1", u1, 0);
	e2 = add_comp(mine, TUNAS_COMP_ELEMENT, "E2", d1, 0);
	c = comp(mine, TUNAS_COMP_DOMAIN, "D2", d1, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "parent_id");
	c = comp(mine, TUNAS_COMP_UNIT, "U2", u1, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "parent_id");
	c = comp(mine, TUNAS_COMP_UNIT, "U2", e1, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "parent_id");
	c = comp(mine, TUNAS_COMP_UNIT, "U2", other, 0); /* another framework's domain */
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "parent_id");
	c = comp(mine, TUNAS_COMP_UNIT, "U2", 999999, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "parent_id");
	c = comp(mine, TUNAS_COMP_UNIT, "U1", d1, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_ECONFLICT, "code");
	c = comp(999999, TUNAS_COMP_UNIT, "U2", 0, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "framework_id");

	/* Fields. */
	c = comp(mine, TUNAS_COMP_UNIT, "U-2", d1, 0);
	c.kind = TUNAS_COMP_NONE;
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "kind");
	c = comp(mine, TUNAS_COMP_UNIT, "U 2", d1, 0);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "code");
	c = comp(mine, TUNAS_COMP_UNIT, "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ", d1, 0);
	OK(tunas_competency_create(F.ctx, &id, &c)); /* 40 characters fit */
	c = comp(mine, TUNAS_COMP_UNIT, "U-2", d1, 0);
	c.title[0] = '\0';
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "title");
	c = comp(mine, TUNAS_COMP_UNIT, "U-2", d1, 9);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "level");
	c = comp(mine, TUNAS_COMP_UNIT, "U-2", d1, 0);
	snprintf(c.uri, sizeof(c.uri), "ftp://example.org/u2");
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "uri");
	snprintf(c.uri, sizeof(c.uri), "https://");
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "uri");
	snprintf(c.uri, sizeof(c.uri), "https://standards.example.my/u2");
	snprintf(c.title, sizeof(c.title), "Configure 5G RAN safety interlocks");
	OK(tunas_competency_create(F.ctx, &id, &c));
	OK(tunas_competency_get(F.ctx, &got, id));
	ck_assert_str_eq(got.uri, "https://standards.example.my/u2");
	ck_assert_int_eq(got.parent_id, d1);
	ck_assert_int_eq(got.framework_id, mine);
	ck_assert_int_eq(got.kind, TUNAS_COMP_UNIT);

	/* Levels within the framework's. */
	fixture_as(&F, &F.op);
	c = comp(noss, TUNAS_COMP_UNIT, "N1-U1", other, 6);
	FAILS(tunas_competency_create(F.ctx, &id, &c), TUNAS_EINVAL, "level");
	c.level = 5;
	OK(tunas_competency_create(F.ctx, &id, &c));

	/* Reading: children in id order, or a title search at any depth. */
	fixture_as(&F, &TRAINEE);
	OK(tunas_competency_list(F.ctx, &rows, &n, mine, 0, NULL, &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, d1);
	free(rows);
	OK(tunas_competency_list(F.ctx, &rows, &n, mine, d1, "", &page));
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(rows[0].id, u1);
	ck_assert_int_eq(rows[1].id, e2);
	ck_assert_str_eq(rows[2].code, "ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ");
	ck_assert_int_eq(rows[3].id, id - 1);
	free(rows);
	OK(tunas_competency_list(F.ctx, &rows, &n, mine, 0, "safety", &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(rows[0].code, "U-2");
	free(rows);
	OK(tunas_competency_get(F.ctx, &got, e1));
	ck_assert_int_eq(got.parent_id, u1);
	ck_assert_int_eq(got.kind, TUNAS_COMP_ELEMENT);
	OK(tunas_competency_get(F.ctx, &got, u1));
	ck_assert_int_eq(got.level, 2);
	FAILS(tunas_competency_list(F.ctx, &rows, &n, 999999, 0, NULL, &page), TUNAS_ENOTFOUND, "");
	OK(tunas_framework_get(F.ctx, &f, mine));
	ck_assert_int_eq(f.competencies, 6);
}
END_TEST

START_TEST(occupations_and_their_skills)
{
	tunas_occupation o, got, *rows = NULL;
	tunas_occ_skill k[3], *ks = NULL;
	tunas_page page = {0, 10};
	int64_t noss, d, a, b, id, gen;
	size_t n = 0;

	noss = add_fw(&F.op, "NOSS", TUNAS_FW_NATIONAL, 5);
	d = add_comp(noss, TUNAS_COMP_DOMAIN, "D", 0, 0);
	a = add_comp(noss, TUNAS_COMP_UNIT, "A", d, 3);
	b = add_comp(noss, TUNAS_COMP_UNIT, "B", d, 2);
	memset(&o, 0, sizeof(o));
	o.framework_id = noss;
	snprintf(o.code, sizeof(o.code), "IT-020-3");
	snprintf(o.title, sizeof(o.title), "Network technician");
	snprintf(o.isco, sizeof(o.isco), "3513");
	k[0] = (tunas_occ_skill){b, false};
	k[1] = (tunas_occ_skill){a, true};
	k[2] = (tunas_occ_skill){999999, true};
	FAILS(tunas_occupation_create(F.ctx, &id, &o, k, 3), TUNAS_EINVAL,
	      "skills[2].competency_id");
	k[2] = (tunas_occ_skill){b, true};
	FAILS(tunas_occupation_create(F.ctx, &id, &o, k, 3), TUNAS_EINVAL,
	      "skills[2].competency_id");
	snprintf(o.isco, sizeof(o.isco), "35A");
	FAILS(tunas_occupation_create(F.ctx, &id, &o, k, 2), TUNAS_EINVAL, "isco");
	snprintf(o.isco, sizeof(o.isco), "3513");
	fixture_as(&F, &F.owner);
	FAILS(tunas_occupation_create(F.ctx, &id, &o, k, 2), TUNAS_EPERM, "");
	fixture_as(&F, &F.op);
	gen = skills_gen();
	OK(tunas_occupation_create(F.ctx, &id, &o, k, 2));
	ck_assert_int_ne(skills_gen(), gen); /* matching must see it */
	FAILS(tunas_occupation_create(F.ctx, &id, &o, k, 2), TUNAS_ECONFLICT, "code");

	fixture_as(&F, &TRAINEE);
	OK(tunas_occupation_get(F.ctx, &got, id));
	ck_assert_str_eq(got.title, "Network technician");
	ck_assert_str_eq(got.isco, "3513");
	ck_assert_int_eq(got.framework_id, noss);
	OK(tunas_occupation_skills(F.ctx, &ks, &n, id));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(ks[0].competency_id, a); /* essentials first */
	ck_assert(ks[0].essential);
	ck_assert_int_eq(ks[1].competency_id, b);
	ck_assert(!ks[1].essential);
	free(ks);
	OK(tunas_occupation_list(F.ctx, &rows, &n, noss, "TECHNICIAN", &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].id, id);
	free(rows);
	OK(tunas_occupation_list(F.ctx, &rows, &n, 0, "plumber", &page));
	ck_assert_uint_eq(n, 0);
	free(rows);
	FAILS(tunas_occupation_skills(F.ctx, &ks, &n, 999999), TUNAS_ENOTFOUND, "");
}
END_TEST

START_TEST(crosswalk_rules)
{
	tunas_crosswalk x, *rows = NULL;
	int64_t noss, mine, a, c, b;
	size_t n = 0;

	noss = add_fw(&F.op, "NOSS", TUNAS_FW_NATIONAL, 5);
	a = add_comp(noss, TUNAS_COMP_DOMAIN, "A", 0, 0);
	c = add_comp(noss, TUNAS_COMP_DOMAIN, "C", 0, 0);
	mine = add_fw(&F.owner, "JTM-5G", TUNAS_FW_CUSTOM, 0);
	b = add_comp(mine, TUNAS_COMP_DOMAIN, "B", 0, 0);

	x = (tunas_crosswalk){b, c, TUNAS_XW_NONE};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EINVAL, "relation");
	x = (tunas_crosswalk){b, 999999, TUNAS_XW_CLOSE};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EINVAL, "to_id");
	x = (tunas_crosswalk){999999, a, TUNAS_XW_CLOSE};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EINVAL, "from_id");
	/* From a framework the caller does not manage. */
	x = (tunas_crosswalk){a, b, TUNAS_XW_CLOSE};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EPERM, "");
	fixture_as(&F, &F.owner2);
	x = (tunas_crosswalk){b, a, TUNAS_XW_CLOSE};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EPERM, "");
	/* Within one framework. */
	fixture_as(&F, &F.op);
	x = (tunas_crosswalk){a, c, TUNAS_XW_EXACT};
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_EINVAL, "to_id");

	fixture_as(&F, &F.owner);
	x = (tunas_crosswalk){b, a, TUNAS_XW_BROADER};
	OK(tunas_crosswalk_add(F.ctx, &x));
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_ECONFLICT, "to_id");
	fixture_as(&F, &F.op);
	x = (tunas_crosswalk){a, b, TUNAS_XW_NARROWER}; /* the same pair the other way */
	FAILS(tunas_crosswalk_add(F.ctx, &x), TUNAS_ECONFLICT, "to_id");
	x = (tunas_crosswalk){c, b, TUNAS_XW_CLOSE};
	OK(tunas_crosswalk_add(F.ctx, &x));

	fixture_as(&F, &TRAINEE);
	OK(tunas_crosswalk_list(F.ctx, &rows, &n, a));
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(rows[0].from_id, b);
	ck_assert_int_eq(rows[0].to_id, a);
	ck_assert_int_eq(rows[0].relation, TUNAS_XW_BROADER);
	free(rows);
	OK(tunas_crosswalk_list(F.ctx, &rows, &n, b));
	ck_assert_uint_eq(n, 2);
	free(rows);
	FAILS(tunas_crosswalk_list(F.ctx, &rows, &n, 999999), TUNAS_ENOTFOUND, "");
	ck_assert_int_eq(audit_count("crosswalk.add", NULL, 0), 2);
}
END_TEST

START_TEST(what_courses_and_units_teach)
{
	tunas_course_skill k[3], *got = NULL, many[201];
	tunas_course course;
	tunas_unit unit, u;
	int64_t noss, d, a, b, course_id, fee = -1, gen;
	char detail[TUNAS_TEXT_MAX + 1], want[128];
	size_t n = 0;

	noss = add_fw(&F.op, "NOSS", TUNAS_FW_NATIONAL, 5);
	d = add_comp(noss, TUNAS_COMP_DOMAIN, "D", 0, 0);
	a = add_comp(noss, TUNAS_COMP_UNIT, "A", d, 3);
	b = add_comp(noss, TUNAS_COMP_UNIT, "B", d, 0);
	memset(&course, 0, sizeof(course));
	course.programme_id = F.programme;
	snprintf(course.code, sizeof(course.code), "5G-RAN");
	snprintf(course.title, sizeof(course.title), "5G RAN fundamentals");
	course.hours = 80;
	fixture_as(&F, &F.owner);
	OK(tunas_course_create(F.ctx, &course_id, &course));

	k[0] = (tunas_course_skill){b, 0};
	k[1] = (tunas_course_skill){a, 3};
	gen = skills_gen();
	OK(tunas_course_skills_set(F.ctx, course_id, k, 2, 150000));
	ck_assert_int_ne(skills_gen(), gen);
	gen = skills_gen();
	snprintf(want, sizeof(want), "\"competencies\":[%lld,%lld]", (long long)b, (long long)a);
	ck_assert_int_eq(audit_count("course.skills", detail, sizeof(detail)), 1);
	ck_assert_msg(strstr(detail, want) != NULL, "audit detail %s", detail);

	/* A bad competency leaves the mapping as it was. */
	k[0] = (tunas_course_skill){a, 2};
	k[1] = (tunas_course_skill){999999, 1};
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 2, 99), TUNAS_EINVAL,
	      "skills[1].competency_id");
	fixture_as(&F, &TRAINEE);
	OK(tunas_course_skills_get(F.ctx, &got, &n, &fee, course_id));
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(got[0].competency_id, a); /* in competency id order */
	ck_assert_int_eq(got[0].level, 3);
	ck_assert_int_eq(got[1].competency_id, b);
	ck_assert_int_eq(got[1].level, 0);
	ck_assert_int_eq(fee, 150000);
	free(got);
	ck_assert_int_eq(skills_gen(), gen);

	/* Other checks. */
	fixture_as(&F, &F.owner);
	k[0] = (tunas_course_skill){a, 2};
	k[1] = (tunas_course_skill){a, 1};
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 2, 0), TUNAS_EINVAL,
	      "skills[1].competency_id");
	k[1] = (tunas_course_skill){b, 9};
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 2, 0), TUNAS_EINVAL, "skills[1].level");
	k[1] = (tunas_course_skill){b, 6}; /* NOSS has levels 1 to 5 */
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 2, 0), TUNAS_EINVAL, "skills[1].level");
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 1, -1), TUNAS_EINVAL, "fee_minor");
	for (int i = 0; i < 201; i++)
		many[i] = (tunas_course_skill){i + 1, 0};
	FAILS(tunas_course_skills_set(F.ctx, course_id, many, 201, 0), TUNAS_EINVAL, "skills");
	FAILS(tunas_course_skills_set(F.ctx, 999999, k, 1, 0), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.owner2);
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 1, 0), TUNAS_EPERM, "");
	fixture_as(&F, &F.partner);
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 1, 0), TUNAS_EPERM, "");
	fixture_as(&F, &TRAINEE);
	FAILS(tunas_course_skills_set(F.ctx, course_id, k, 1, 0), TUNAS_EPERM, "");

	/* Clearing works too. */
	fixture_as(&F, &F.op);
	OK(tunas_course_skills_set(F.ctx, course_id, NULL, 0, 0));
	OK(tunas_course_skills_get(F.ctx, &got, &n, &fee, course_id));
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(fee, 0);
	free(got);

	/* Assessment units, through their course's programme. */
	memset(&unit, 0, sizeof(unit));
	unit.course_id = course_id;
	snprintf(unit.code, sizeof(unit.code), "U1");
	snprintf(unit.title, sizeof(unit.title), "Install a small cell");
	fixture_as(&F, &F.owner);
	OK(tunas_unit_create(F.ctx, &u, &unit));
	k[0] = (tunas_course_skill){a, 3};
	gen = skills_gen();
	OK(tunas_unit_skills_set(F.ctx, u.id, k, 1));
	ck_assert_int_ne(skills_gen(), gen);
	gen = skills_gen();
	k[1] = (tunas_course_skill){999999, 0};
	FAILS(tunas_unit_skills_set(F.ctx, u.id, k, 2), TUNAS_EINVAL, "skills[1].competency_id");
	FAILS(tunas_unit_skills_set(F.ctx, 999999, k, 1), TUNAS_ENOTFOUND, "");
	fixture_as(&F, &F.owner2);
	FAILS(tunas_unit_skills_set(F.ctx, u.id, k, 1), TUNAS_EPERM, "");
	ck_assert_int_eq(skills_gen(), gen);
	snprintf(want, sizeof(want), "\"competencies\":[%lld]", (long long)a);
	ck_assert_int_eq(audit_count("unit.skills", detail, sizeof(detail)), 1);
	ck_assert_msg(strstr(detail, want) != NULL, "audit detail %s", detail);
}
END_TEST

/* Import `text` as a custom framework JTM-NET with levels 3. */
static int import_text(const char *text, tunas_fw_import_report *rep, tunas_import_report *prob)
{
	tunas_framework f = fw("JTM-NET", TUNAS_FW_CUSTOM, 3, 0);
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;

	ck_assert_ptr_nonnull(in);
	rc = tunas_framework_import_csv(F.ctx, rep, prob, &f, in);
	fclose(in);
	return rc;
}

START_TEST(csv_import_loads_parents_after_children)
{
	static const char text[] =
		"title,code,kind,level,parent_code,uri\r\n"
		"Configure VLANs,NET-U1-E1,element,2,NET-U1,\r\n"
		"\"Switching, routing and VLANs\",NET-U1,unit,2,NET,https://example.my/net-u1\r\n"
		"Networking,NET,domain,,,\r\n"
		"Secure a switch,NET-U1-E2,element,3,NET-U1,\r\n"
		"Wireless,NET-U2,unit,1,NET,\r\n";
	tunas_fw_import_report rep;
	tunas_import_report prob;
	tunas_competency top, u1, e1;
	tunas_framework f;
	char detail[TUNAS_TEXT_MAX + 1];

	fixture_as(&F, &F.owner);
	OK(import_text(text, &rep, &prob));
	ck_assert(prob.committed);
	ck_assert_int_eq(prob.rows, 5);
	ck_assert_int_eq(prob.loaded, 5);
	ck_assert_int_eq(prob.bad, 0);
	ck_assert_uint_eq(prob.n_problems, 0);
	ck_assert_int_eq(rep.competencies, 5);
	tunas_import_report_dispose(&prob);

	OK(tunas_framework_find(F.ctx, &f, "JTM-NET"));
	ck_assert_int_eq(f.id, rep.framework_id);
	ck_assert_int_eq(f.owner_org_id, F.ministry);
	ck_assert_int_eq(f.kind, TUNAS_FW_CUSTOM);
	ck_assert_int_eq(f.levels, 3);
	ck_assert_int_eq(f.competencies, 5);
	top = find_comp(f.id, "Networking");
	ck_assert_int_eq(top.kind, TUNAS_COMP_DOMAIN);
	ck_assert_int_eq(top.parent_id, 0);
	u1 = find_comp(f.id, "routing");
	ck_assert_str_eq(u1.code, "NET-U1");
	ck_assert_str_eq(u1.title, "Switching, routing and VLANs");
	ck_assert_str_eq(u1.uri, "https://example.my/net-u1");
	ck_assert_int_eq(u1.parent_id, top.id);
	ck_assert_int_eq(u1.level, 2);
	e1 = find_comp(f.id, "Configure VLANs");
	ck_assert_int_eq(e1.parent_id, u1.id);
	ck_assert_int_eq(e1.kind, TUNAS_COMP_ELEMENT);
	ck_assert_int_eq(find_comp(f.id, "Secure").level, 3);
	ck_assert_int_eq(find_comp(f.id, "Wireless").parent_id, top.id);
	/* One audit entry for the file. */
	ck_assert_int_eq(audit_count("framework.import", detail, sizeof(detail)), 1);
	ck_assert_msg(strstr(detail, "\"competencies\":5") != NULL, "%s", detail);
	ck_assert_int_eq(audit_count("competency.create", NULL, 0), 0);

	/* The code is taken now. */
	FAILS(import_text(text, &rep, &prob), TUNAS_ECONFLICT, "code");
}
END_TEST

START_TEST(csv_import_bad_rows_keep_nothing)
{
	static const char text[] = "code,title,kind,parent_code,level\n"
				   "NET,Networking,domain,,\n"
				   "NET-U1,Switching,unit,NET,2\n"
				   "NET-U2,Wireless,module,NET,1\n"	       /* line 4 */
				   "NET-U3,\"Routing\nand more\",unit,NET,4\n" /* 5 */
				   "NET-U1,Again,unit,NET,1\n"		       /* 7 */
				   "NET-E1,Ghost parent,element,NET-U9,1\n"    /* 8 */
				   "NET-D2,Nested,domain,NET,0\n"	       /* 9 */
				   "NET-U4,Short,unit\n"		       /* 10 */
				   "NET U5,Spaced,unit,NET,1\n";	       /* 11 */
	static const struct {
		int64_t line;
		const char *field;
	} want[] = {{4, "kind"},  {5, "level"},	      {7, "code"},	 {10, "row"},
		    {11, "code"}, {8, "parent_code"}, {9, "parent_code"}};
	tunas_fw_import_report rep;
	tunas_import_report prob;
	tunas_framework f;
	int64_t id;

	fixture_as(&F, &F.owner);
	OK(import_text(text, &rep, &prob));
	ck_assert(!prob.committed);
	ck_assert_int_eq(prob.rows, 9);
	ck_assert_int_eq(prob.loaded, 0);
	ck_assert_int_eq(prob.bad, 7);
	ck_assert_uint_eq(prob.n_problems, 7);
	for (size_t i = 0; i < 7; i++) {
		ck_assert_int_eq(prob.problems[i].line, want[i].line);
		ck_assert_str_eq(prob.problems[i].field, want[i].field);
	}
	ck_assert_str_eq(prob.problems[0].reason, "must be domain, unit or element");
	ck_assert_str_eq(prob.problems[2].reason, "NET-U1 is on line 3 already");
	ck_assert_str_eq(prob.problems[5].reason, "no row has code NET-U9");
	ck_assert_int_eq(rep.framework_id, 0);
	ck_assert_int_eq(rep.competencies, 0);
	tunas_import_report_dispose(&prob);
	FAILS(tunas_framework_find(F.ctx, &f, "JTM-NET"), TUNAS_ENOTFOUND, "");
	ck_assert_int_eq(audit_count("framework.import", NULL, 0), 0);

	/* Unusable files. */
	FAILS(import_text("code,title,kind,parent_code,level,notes\n", &rep, &prob), TUNAS_EINVAL,
	      "header");
	FAILS(import_text("code,title,kind,parent_code,level,code\n", &rep, &prob), TUNAS_EINVAL,
	      "header");
	FAILS(import_text("code,title,kind,level\n", &rep, &prob), TUNAS_EINVAL, "header");
	FAILS(import_text("", &rep, &prob), TUNAS_EINVAL, "header");
	/* The framework's own rules. */
	fixture_as(&F, &TRAINEE);
	FAILS(import_text("code,title,kind,parent_code,level\n", &rep, &prob), TUNAS_EPERM, "");
	fixture_as(&F, &F.op);
	OK(tunas_framework_create(
		F.ctx, &id,
		&(tunas_framework){.code = "JTM-NET", .name = "Taken", .kind = TUNAS_FW_CUSTOM}));
	FAILS(import_text("code,title,kind,parent_code,level\nA,A,domain,,\n", &rep, &prob),
	      TUNAS_ECONFLICT, "code");
}
END_TEST

/* tests/data/esco-mini, the CSV files of a slice of ESCO. */
static const char *esco_dir(char *buf, size_t cap)
{
	const char *data = getenv("TUNAS_TEST_DATA");

	ck_assert_msg(data != NULL, "TUNAS_TEST_DATA is not set");
	snprintf(buf, cap, "%s/esco-mini", data);
	return buf;
}

/* What tests/data/esco-mini holds, checked after each import. */
static void check_esco(int64_t framework_id)
{
	tunas_competency unit, group, *rows = NULL;
	tunas_page page = {0, 50};
	tunas_occupation *occ = NULL;
	tunas_occ_skill *ks = NULL;
	tunas_framework f;
	size_t n = 0, essential = 0;
	bool food_essential = false, sew_optional = false;

	OK(tunas_framework_get(F.ctx, &f, framework_id));
	ck_assert_str_eq(f.code, "ESCO");
	ck_assert_str_eq(f.name, "ESCO (European Skills, Competences, Qualifications and "
				 "Occupations)");
	ck_assert_int_eq(f.kind, TUNAS_FW_TAXONOMY);
	ck_assert_int_eq(f.levels, 0);
	ck_assert_int_eq(f.owner_org_id, 0);
	ck_assert_int_eq(f.competencies, 21);
	ck_assert_int_eq(f.occupations, 3); /* with the one ESCO does not label */
	/* Skill groups are the domains at the top, with the one skill whose
	 * group is not in this slice (hygiene in a health care setting). */
	OK(tunas_competency_list(F.ctx, &rows, &n, framework_id, 0, "", &page));
	ck_assert_uint_eq(n, 10);
	for (size_t i = 0; i < n; i++) {
		int want = strcmp(rows[i].title, "hygiene in a health care setting") == 0
				   ? TUNAS_COMP_UNIT
				   : TUNAS_COMP_DOMAIN;

		ck_assert_int_eq(rows[i].kind, want);
	}
	ck_assert_str_eq(rows[0].code, "S3.3.1");
	ck_assert_str_eq(rows[0].title, "complying with health and safety procedures");
	ck_assert_str_eq(rows[0].uri,
			 "http://data.europa.eu/esco/skill/5bcec244-3efe-45ac-8891-0ab4a91e9c48");
	free(rows);
	/* A skill whose broader concept is only a skill sits under that
	 * skill's group. */
	unit = find_comp(framework_id, "maintain customer service");
	ck_assert_str_eq(unit.code, CUSTOMER_SERVICE);
	ck_assert_int_eq(unit.kind, TUNAS_COMP_UNIT);
	ck_assert_str_eq(unit.uri, "http://data.europa.eu/esco/skill/" CUSTOMER_SERVICE);
	group = find_comp(framework_id, "promoting products, services");
	ck_assert_str_eq(group.code, "S1.6.2");
	ck_assert_int_eq(unit.parent_id, group.id);
	ck_assert_int_eq(find_comp(framework_id, "ensure client orientation").parent_id, group.id);
	/* ISCED-F groups have no code column: the URI's last segment. */
	group = find_comp(framework_id, "fisheries");
	ck_assert_str_eq(group.code, "0831");
	ck_assert_int_eq(find_comp(framework_id, "fishing gear").parent_id, group.id);
	group = find_comp(framework_id, "complying with health");
	unit = find_comp(framework_id, "comply with food safety");
	ck_assert_str_eq(unit.code, FOOD_SAFETY);
	ck_assert_int_eq(unit.parent_id, group.id);

	OK(tunas_occupation_list(F.ctx, &occ, &n, framework_id, "linen", &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(occ[0].code, LINEN);
	ck_assert_str_eq(occ[0].title, "linen room attendant");
	ck_assert_str_eq(occ[0].isco, "9121");
	ck_assert_str_eq(occ[0].uri, "http://data.europa.eu/esco/occupation/" LINEN);
	OK(tunas_occupation_skills(F.ctx, &ks, &n, occ[0].id));
	ck_assert_uint_eq(n, 7);
	for (size_t i = 0; i < n; i++) {
		tunas_competency c;

		OK(tunas_competency_get(F.ctx, &c, ks[i].competency_id));
		essential += ks[i].essential;
		food_essential |= strcmp(c.code, FOOD_SAFETY) == 0 && ks[i].essential;
		sew_optional |= strcmp(c.code, SEW) == 0 && !ks[i].essential;
	}
	ck_assert_uint_eq(essential, 2);
	ck_assert(food_essential);
	ck_assert(sew_optional);
	free(ks);
	free(occ);
	OK(tunas_occupation_list(F.ctx, &occ, &n, framework_id, "fishing", &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(occ[0].isco, "7318");
	OK(tunas_occupation_skills(F.ctx, &ks, &n, occ[0].id));
	ck_assert_uint_eq(n, 2); /* the third names a skill not in the slice */
	ck_assert(ks[0].essential && ks[1].essential);
	free(ks);
	free(occ);
}

START_TEST(esco_import_and_reimport)
{
	tunas_fw_import_report rep, again;
	tunas_competency before, after;
	tunas_framework f;
	char dir[512], detail[TUNAS_TEXT_MAX + 1];
	int64_t gen;

	esco_dir(dir, sizeof(dir));
	fixture_as(&F, &F.owner);
	FAILS(tunas_framework_import_esco(F.ctx, &rep, dir), TUNAS_EPERM, "");
	fixture_as(&F, &F.op);
	FAILS(tunas_framework_import_esco(F.ctx, &rep, "/nonexistent/esco"), TUNAS_EINVAL, "dir");
	FAILS(tunas_framework_import_esco(F.ctx, &rep, F.dir), TUNAS_EINVAL, "dir");
	gen = skills_gen();
	OK(tunas_framework_import_esco(F.ctx, &rep, dir));
	ck_assert_int_eq(rep.competencies, 21);
	ck_assert_int_eq(rep.occupations, 2);
	ck_assert_int_eq(rep.relations, 10);
	ck_assert_int_eq(rep.skipped, 2);
	ck_assert_int_eq(rep.unlabelled, 1);
	ck_assert_int_ne(skills_gen(), gen);
	OK(tunas_framework_get(F.ctx, &f, rep.framework_id));
	ck_assert_str_eq(f.version, ""); /* no zip name to tell */
	fixture_as(&F, &TRAINEE);
	check_esco(rep.framework_id);
	before = find_comp(rep.framework_id, "maintain customer service");
	ck_assert_int_eq(audit_count("framework.import", detail, sizeof(detail)), 1);
	ck_assert_msg(
		strstr(detail, "\"units\":12") && strstr(detail, "\"domains\":9") &&
			strstr(detail, "\"relations\":10") && strstr(detail, "\"skipped\":2") &&
			strstr(detail, "\"unlabelled\":1") && strstr(detail, "\"created\":true"),
		"%s", detail);
	ck_assert_int_eq(audit_count("competency.create", NULL, 0), 0);

	/* Again: the same rows, updated in place. */
	fixture_as(&F, &F.op);
	OK(tunas_framework_import_esco(F.ctx, &again, dir));
	ck_assert_int_eq(again.framework_id, rep.framework_id);
	ck_assert_int_eq(again.competencies, 21);
	ck_assert_int_eq(again.occupations, 2);
	ck_assert_int_eq(again.relations, 10);
	ck_assert_int_eq(again.skipped, 2);
	ck_assert_int_eq(again.unlabelled, 1);
	check_esco(rep.framework_id);
	after = find_comp(rep.framework_id, "maintain customer service");
	ck_assert_int_eq(after.id, before.id);
	ck_assert_int_eq(after.parent_id, before.parent_id);
	ck_assert_int_eq(audit_count("framework.import", detail, sizeof(detail)), 2);
	ck_assert_msg(strstr(detail, "\"created\":false") != NULL, "%s", detail);
}
END_TEST

/* Zip tests/data/esco-mini's files as ESCO publishes them, version v. */
static void make_zips(const char *to, const char *v)
{
	static const char *const classification[] = {"skillGroups_en.csv", "skills_en.csv",
						     "occupations_en.csv"};
	static const char *const relations[] = {"broaderRelationsSkillPillar.csv",
						"occupationSkillRelations.csv"};
	char from[512], path[1024], src[1024];

	esco_dir(from, sizeof(from));
	for (int z = 0; z < 2; z++) {
		const char *const *names = z == 0 ? classification : relations;
		int count = z == 0 ? 3 : 2, err = 0;
		zip_t *zip;

		snprintf(path, sizeof(path), "%s/esco-v%s-%s-csv.zip", to, v,
			 z == 0 ? "classification-en" : "relations");
		zip = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
		ck_assert_ptr_nonnull(zip);
		for (int i = 0; i < count; i++) {
			zip_source_t *s;

			snprintf(src, sizeof(src), "%s/%s", from, names[i]);
			s = zip_source_file(zip, src, 0, 0);
			ck_assert_ptr_nonnull(s);
			ck_assert_int_ge(zip_file_add(zip, names[i], s, ZIP_FL_ENC_UTF_8), 0);
		}
		ck_assert_int_eq(zip_close(zip), 0);
	}
}

static void remove_zips(const char *dir, const char *v)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/esco-v%s-classification-en-csv.zip", dir, v);
	unlink(path);
	snprintf(path, sizeof(path), "%s/esco-v%s-relations-csv.zip", dir, v);
	unlink(path);
}

START_TEST(esco_import_from_zips)
{
	tunas_fw_import_report rep;
	tunas_framework f;
	char dir[64], path[1024];

	snprintf(dir, sizeof(dir), "/tmp/tunas-esco-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	make_zips(dir, "1.1.1");
	OK(tunas_framework_import_esco(F.ctx, &rep, dir));
	ck_assert_int_eq(rep.competencies, 21);
	ck_assert_int_eq(rep.occupations, 2);
	ck_assert_int_eq(rep.relations, 10);
	ck_assert_int_eq(rep.skipped, 2);
	ck_assert_int_eq(rep.unlabelled, 1);
	OK(tunas_framework_get(F.ctx, &f, rep.framework_id));
	ck_assert_str_eq(f.version, "1.1.1");
	check_esco(rep.framework_id);

	/* Another version does not go over this one. */
	remove_zips(dir, "1.1.1");
	make_zips(dir, "1.2.0");
	FAILS(tunas_framework_import_esco(F.ctx, &rep, dir), TUNAS_ECONFLICT, "dir");
	ck_assert_str_eq(tunas_errmsg(F.ctx), "ESCO 1.1.1 is imported already; this is ESCO 1.2.0");
	/* A missing file is named. */
	snprintf(path, sizeof(path), "%s/esco-v1.2.0-relations-csv.zip", dir);
	unlink(path);
	FAILS(tunas_framework_import_esco(F.ctx, &rep, dir), TUNAS_EINVAL, "dir");
	ck_assert_ptr_nonnull(strstr(tunas_errmsg(F.ctx), "broaderRelationsSkillPillar.csv"));
	remove_zips(dir, "1.2.0");
	rmdir(dir);
	OK(tunas_framework_get(F.ctx, &f, rep.framework_id));
	ck_assert_int_eq(f.competencies, 21);
}
END_TEST

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
}

/* Long labels are cut at a character boundary; records the CSV reader
 * refuses are skipped; an ISCO code that is not one is left out. */
START_TEST(esco_rows_that_do_not_fit)
{
	static const char *const names[] = {"skillGroups_en.csv", "skills_en.csv",
					    "broaderRelationsSkillPillar.csv", "occupations_en.csv",
					    "occupationSkillRelations.csv"};
	char dir[64], label[256], text[1024], path[256];
	tunas_fw_import_report rep;
	tunas_competency group, skill;
	tunas_occupation *occ = NULL;
	tunas_page page = {0, 10};
	size_t n = 0;

	snprintf(dir, sizeof(dir), "/tmp/tunas-esco-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* 199 bytes of "a", then "é" (2 bytes), then more: 200 would cut é. */
	memset(label, 'a', 199);
	snprintf(label + 199, sizeof(label) - 199, "\xc3\xa9 and the rest");
	snprintf(text, sizeof(text),
		 "conceptType,conceptUri,preferredLabel,code\n"
		 "SkillGroup,http://data.europa.eu/esco/skill/g1,%s,S9.9\n",
		 label);
	write_file(dir, names[0], text);
	write_file(dir, names[1],
		   "\xef\xbb\xbf"
		   "conceptType,conceptUri,preferredLabel\n"
		   "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/k1,"
		   "\"say \"\"hello\"\", politely\"\n"
		   "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/k2,a \"bad\" one\n");
	write_file(dir, names[2],
		   "conceptType,conceptUri,broaderType,broaderUri\n"
		   "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/k1,SkillGroup,"
		   "http://data.europa.eu/esco/skill/g1\n");
	write_file(dir, names[3],
		   "conceptType,conceptUri,iscoGroup,preferredLabel\n"
		   "Occupation,http://data.europa.eu/esco/occupation/o1,12345,greeter\n");
	write_file(dir, names[4], "occupationUri,relationType,skillType,skillUri\n");

	OK(tunas_framework_import_esco(F.ctx, &rep, dir));
	ck_assert_int_eq(rep.competencies, 2);
	ck_assert_int_eq(rep.occupations, 1);
	ck_assert_int_eq(rep.relations, 0);
	ck_assert_int_eq(rep.skipped, 1);
	group = find_comp(rep.framework_id, "aaaa");
	ck_assert_str_eq(group.code, "S9.9");
	ck_assert_uint_eq(strlen(group.title), 199);
	skill = find_comp(rep.framework_id, "hello");
	ck_assert_str_eq(skill.code, "k1");
	ck_assert_str_eq(skill.title, "say \"hello\", politely");
	ck_assert_int_eq(skill.parent_id, group.id);
	OK(tunas_occupation_list(F.ctx, &occ, &n, rep.framework_id, "", &page));
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(occ[0].code, "o1");
	ck_assert_str_eq(occ[0].isco, "");
	free(occ);
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("framework");
	TCase *tc = tcase_create("framework");

	tcase_add_unchecked_fixture(tc, fixture_global_setup, fixture_global_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, names_parse_both_ways);
	tcase_add_test(tc, who_creates_frameworks);
	tcase_add_test(tc, competency_hierarchy_rules);
	tcase_add_test(tc, occupations_and_their_skills);
	tcase_add_test(tc, crosswalk_rules);
	tcase_add_test(tc, what_courses_and_units_teach);
	tcase_add_test(tc, csv_import_loads_parents_after_children);
	tcase_add_test(tc, csv_import_bad_rows_keep_nothing);
	tcase_add_test(tc, esco_import_and_reimport);
	tcase_add_test(tc, esco_import_from_zips);
	tcase_add_test(tc, esco_rows_that_do_not_fit);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return fixture_run(suite());
}
