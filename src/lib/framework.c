/*
 * framework.c — competency frameworks: their competencies and occupations,
 * crosswalks between frameworks, what courses and assessment units teach,
 * and importing a framework (ESCO's CSV release, or a custom CSV file);
 * see skills.h and docs/SKILLS.md.
 *
 * Who may do what: every signed-in user reads the directory (frameworks,
 * competencies, occupations, crosswalks, course skills). System admins
 * create frameworks of any kind; programme owners and partners create
 * frameworks owned by their own organisation (any kind but taxonomy) and
 * are the only ones, with system admins, who add to them. What a course or
 * a unit teaches is set by those who manage its programme.
 *
 * ESCO comes in as one taxonomy framework "ESCO": skill groups become
 * domains (all at the top: a domain cannot sit under a domain), skills
 * become units under the first skill group ESCO names as their broader
 * concept (for a skill whose broader concepts are only skills, the group
 * of the nearest such skill), occupations come with their essential and
 * optional skills. Every write of an import runs in one transaction and
 * is audited once with its counts.
 */
#include "tunas/skills.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zip.h>

#include "access.h"
#include "ctx.h"
#include "skills_int.h"
#include "util/csv.h"
#include "util/mem.h"
#include "valid.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define COURSE_SKILLS_MAX 200		  /* competencies a course or unit teaches */
#define OCC_SKILLS_MAX 1000		  /* skills of one occupation (ESCO's most: 340) */
#define FEE_MAX INT64_C(1000000000000000) /* 10^15 minor units */
#define CSV_ROWS_MAX 50000		  /* rows of a custom framework file */
#define ESCO_CONCEPTS_MAX (1 << 20)	  /* URIs an ESCO import holds in memory */
#define ESCO_ZIPS_MAX 8			  /* zips looked at in an ESCO directory */
#define BROADER_HOPS 8			  /* skill -> broader skill steps to a group */

static const char code_rule[] = "must be 1 to 40 letters, digits, '-', '_' or '.'";
static const char uri_rule[] = "must be an http:// or https:// address of at most 300 bytes";
static const char manage_rule[] = "only system admins, or programme owners and partners of the "
				  "owning organisation, change a framework";

static const char *const fw_kind_names[] = {NULL, "national", "vendor", "taxonomy", "custom"};
static const char *const comp_kind_names[] = {NULL, "domain", "unit", "element"};
static const char *const xw_names[] = {NULL, "exact", "close", "broader", "narrower"};

const char *tunas_fw_kind_name(tunas_fw_kind k)
{
	return tunas_enum_name(fw_kind_names, COUNT(fw_kind_names), (int)k);
}

tunas_fw_kind tunas_fw_kind_parse(const char *s)
{
	return (tunas_fw_kind)tunas_enum_parse(fw_kind_names, COUNT(fw_kind_names), s);
}

const char *tunas_comp_kind_name(tunas_comp_kind k)
{
	return tunas_enum_name(comp_kind_names, COUNT(comp_kind_names), (int)k);
}

tunas_comp_kind tunas_comp_kind_parse(const char *s)
{
	return (tunas_comp_kind)tunas_enum_parse(comp_kind_names, COUNT(comp_kind_names), s);
}

const char *tunas_xw_relation_name(tunas_xw_relation r)
{
	return tunas_enum_name(xw_names, COUNT(xw_names), (int)r);
}

tunas_xw_relation tunas_xw_relation_parse(const char *s)
{
	return (tunas_xw_relation)tunas_enum_parse(xw_names, COUNT(xw_names), s);
}

/* ------------------------------------------------------------------------ */
/* Checks */

/* 1 to 40 letters, digits, '-', '_' or '.'. */
static bool is_code(const char *s)
{
	size_t len = strlen(s);

	if (len < 1 || len > TUNAS_CODE_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

/* Empty, or http(s)://... of at most TUNAS_URI_MAX bytes without spaces
 * or control characters. */
static bool is_uri(const char *s)
{
	size_t len = strlen(s), skip;

	if (len == 0)
		return true;
	if (len > TUNAS_URI_MAX)
		return false;
	if (strncmp(s, "http://", 7) == 0)
		skip = 7;
	else if (strncmp(s, "https://", 8) == 0)
		skip = 8;
	else
		return false;
	if (len == skip)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return false;
	return tunas_utf8_is_valid(s, len);
}

/* Non-empty UTF-8 of at most TUNAS_NAME_MAX bytes, no control characters
 * (tunas_valid_text's rule, for rows of an import, which must not touch
 * the context's error). */
static bool is_title(const char *s)
{
	size_t len = strlen(s);

	if (len < 1 || len > TUNAS_NAME_MAX || !tunas_utf8_is_valid(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
			return false;
	}
	return true;
}

/* Empty, or an ISCO-08 code: 1 to 4 digits. */
static bool is_isco(const char *s)
{
	size_t len = strlen(s);

	if (len > 4)
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Copy s into dst[TUNAS_NAME_MAX + 1], cut at a UTF-8 character boundary
 * when longer. */
static void copy_title(char *dst, const char *s)
{
	size_t len = strlen(s);

	if (len > TUNAS_NAME_MAX) {
		len = TUNAS_NAME_MAX;
		while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
			len--; /* s[len] continues a character begun before it */
	}
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/* Who may add frameworks of their own organisation. */
static bool org_manager(const tunas_ctx *ctx)
{
	return (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) ||
		tunas_has_role(ctx, TUNAS_ROLE_PARTNER)) &&
	       ctx->who.org_id != 0;
}

/* May the caller add to (or crosswalk from) framework f? */
static bool manages_framework(const tunas_ctx *ctx, const tunas_framework *f)
{
	return tunas_is_sysadmin(ctx) || (org_manager(ctx) && f->owner_org_id == ctx->who.org_id);
}

/* ------------------------------------------------------------------------ */
/* Frameworks */

/* May the caller create f? Programme owners and partners create frameworks
 * of their own organisation (an owner of 0 becomes theirs), of any kind
 * but taxonomy; system admins any. */
static int may_create(tunas_ctx *ctx, tunas_framework *f)
{
	if (tunas_is_sysadmin(ctx))
		return TUNAS_OK;
	if (!org_manager(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "only system admins, programme owners and partners create "
				      "frameworks");
	if (f->owner_org_id == 0)
		f->owner_org_id = ctx->who.org_id;
	if (f->owner_org_id != ctx->who.org_id)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "a framework you create belongs to your own organisation");
	if (f->kind == TUNAS_FW_TAXONOMY)
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only system admins add taxonomies");
	return TUNAS_OK;
}

static int validate_framework(tunas_ctx *ctx, const tunas_framework *f)
{
	int rc;

	if (!is_code(f->code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "%s", code_rule);
	if ((rc = tunas_valid_text(ctx, "name", f->name, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "version", f->version, 0, TUNAS_CODE_MAX)) != 0)
		return rc;
	if (f->kind <= TUNAS_FW_NONE || f->kind > TUNAS_FW_CUSTOM)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be national, vendor, taxonomy or custom");
	if (f->levels < 0 || f->levels > TUNAS_LEVEL_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "levels", "must be 0 (none) to %d",
				      TUNAS_LEVEL_MAX);
	if (f->owner_org_id < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "owner_org_id", "is not an organisation");
	return TUNAS_OK;
}

/* In the transaction: the owner exists; insert f. */
static int insert_framework(tunas_ctx *ctx, int64_t *out_id, tunas_framework *f)
{
	int rc;

	if (f->owner_org_id != 0) {
		tunas_org o;

		rc = ctx->store->ops->org_get(ctx->store, &o, f->owner_org_id);
		if (rc == TUNAS_ENOTFOUND)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "owner_org_id",
					      "organisation %lld does not exist",
					      (long long)f->owner_org_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "organisation");
	}
	f->created_at = tunas_now();
	rc = ctx->store->ops->framework_insert(ctx->store, out_id, f);
	if (rc == TUNAS_ECONFLICT)
		return tunas_ctx_fail(ctx, rc, "code", "a framework with code %s exists already",
				      f->code);
	return rc ? tunas_ctx_store_fail(ctx, rc, "framework") : 0;
}

static json_t *framework_detail(const tunas_framework *f)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:I}", "code", f->code, "name", f->name, "kind",
			 tunas_fw_kind_name(f->kind), "version", f->version, "levels", f->levels,
			 "owner_org_id", (json_int_t)f->owner_org_id);
}

int tunas_framework_create(tunas_ctx *ctx, int64_t *out_id, const tunas_framework *in)
{
	tunas_framework f = *in;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = may_create(ctx, &f)) != 0 || (rc = validate_framework(ctx, &f)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = insert_framework(ctx, &id, &f)) != 0)
		goto out;
	rc = tunas_audit_record(ctx, "framework.create", "framework", id, framework_detail(&f));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_framework_get(tunas_ctx *ctx, tunas_framework *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->framework_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "framework") : 0;
}

int tunas_framework_find(tunas_ctx *ctx, tunas_framework *out, const char *code)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (code == NULL || !is_code(code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "%s", code_rule);
	rc = ctx->store->ops->framework_find(ctx->store, out, code);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, rc, NULL, "framework %s not found", code);
	return rc ? tunas_ctx_store_fail(ctx, rc, "framework") : 0;
}

int tunas_framework_list(tunas_ctx *ctx, tunas_framework **out, size_t *n, const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	rc = ctx->store->ops->framework_list(ctx->store, out, n, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "framework") : 0;
}

/* In the transaction: the framework `id` a new row refers to, and the
 * caller manages it; EINVAL naming `field` when it does not exist. */
static int managed_framework(tunas_ctx *ctx, tunas_framework *out, int64_t id, const char *field)
{
	int rc = ctx->store->ops->framework_get(ctx->store, out, id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "framework %lld does not exist",
				      (long long)id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "framework");
	if (!manages_framework(ctx, out))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "%s", manage_rule);
	return TUNAS_OK;
}

/* ------------------------------------------------------------------------ */
/* Competencies */

static int validate_competency(tunas_ctx *ctx, const tunas_competency *c)
{
	int rc;

	if (c->framework_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "framework_id", "is required");
	if (c->kind <= TUNAS_COMP_NONE || c->kind > TUNAS_COMP_ELEMENT)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind", "must be domain, unit or element");
	if (!is_code(c->code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "%s", code_rule);
	if ((rc = tunas_valid_text(ctx, "title", c->title, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (!is_uri(c->uri))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "uri", "%s", uri_rule);
	if (c->level < 0 || c->level > TUNAS_LEVEL_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "level", "must be 0 (none) to %d",
				      TUNAS_LEVEL_MAX);
	if (c->parent_id < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id", "is not a competency");
	return TUNAS_OK;
}

/* In the transaction: the level fits the framework, and the parent is in
 * the same framework and of a kind above c's. */
static int check_competency(tunas_ctx *ctx, const tunas_framework *f, const tunas_competency *c)
{
	tunas_competency p;
	int rc;

	if (f->levels > 0 && c->level > f->levels)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "level", "framework %s has levels 1 to %d",
				      f->code, f->levels);
	if (c->parent_id == 0)
		return TUNAS_OK;
	rc = ctx->store->ops->competency_get(ctx->store, &p, c->parent_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id",
				      "competency %lld does not exist", (long long)c->parent_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "competency");
	if (p.framework_id != c->framework_id)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id",
				      "must be in the same framework");
	if (p.kind >= c->kind)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id",
				      "a %s cannot sit under a %s (domains hold units, units hold "
				      "elements)",
				      tunas_comp_kind_name(c->kind), tunas_comp_kind_name(p.kind));
	return TUNAS_OK;
}

int tunas_competency_create(tunas_ctx *ctx, int64_t *out_id, const tunas_competency *in)
{
	tunas_competency c = *in, dup;
	tunas_framework f;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	c.id = 0;
	if ((rc = validate_competency(ctx, &c)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = managed_framework(ctx, &f, c.framework_id, "framework_id")) != 0 ||
	    (rc = check_competency(ctx, &f, &c)) != 0)
		goto out;
	/* Creating never overwrites: the store's upsert would. */
	rc = ctx->store->ops->competency_find(ctx->store, &dup, c.framework_id, c.code);
	if (rc == 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "code",
				    "framework %s has a competency %s already", f.code, c.code);
		goto out;
	} else if (rc != TUNAS_ENOTFOUND) {
		rc = tunas_ctx_store_fail(ctx, rc, "competency");
		goto out;
	}
	rc = ctx->store->ops->competency_upsert(ctx->store, &id, &c);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competency");
		goto out;
	}
	rc = tunas_audit_record(ctx, "competency.create", "competency", id,
				json_pack("{s:I, s:s, s:s, s:I, s:i}", "framework_id",
					  (json_int_t)c.framework_id, "code", c.code, "kind",
					  tunas_comp_kind_name(c.kind), "parent_id",
					  (json_int_t)c.parent_id, "level", c.level));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_competency_get(tunas_ctx *ctx, tunas_competency *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->competency_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competency") : 0;
}

int tunas_competency_list(tunas_ctx *ctx, tunas_competency **out, size_t *n, int64_t framework_id,
			  int64_t parent_id, const char *q, const tunas_page *page)
{
	tunas_framework f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (q == NULL)
		q = "";
	if ((rc = tunas_valid_page(ctx, page)) != 0 ||
	    (rc = tunas_valid_text(ctx, "q", q, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (parent_id < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "parent_id", "is not a competency");
	rc = ctx->store->ops->framework_get(ctx->store, &f, framework_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "framework");
	rc = ctx->store->ops->competency_list(ctx->store, out, n, framework_id, parent_id, q, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competency") : 0;
}

/* ------------------------------------------------------------------------ */
/* Occupations */

static int validate_occupation(tunas_ctx *ctx, const tunas_occupation *o,
			       const tunas_occ_skill *skills, size_t n)
{
	char field[64];
	int rc;

	if (o->framework_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "framework_id", "is required");
	if (!is_code(o->code))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "code", "%s", code_rule);
	if ((rc = tunas_valid_text(ctx, "title", o->title, 1, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (!is_uri(o->uri))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "uri", "%s", uri_rule);
	if (!is_isco(o->isco))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "isco",
				      "must be an ISCO-08 code of 1 to 4 digits");
	if (n > OCC_SKILLS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "skills", "at most %d", OCC_SKILLS_MAX);
	if (n > 0 && skills == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "skills", "is required");
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "skills[%zu].competency_id", i);
		if (skills[i].competency_id <= 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is required");
		for (size_t j = 0; j < i; j++)
			if (skills[j].competency_id == skills[i].competency_id)
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is listed twice");
	}
	return TUNAS_OK;
}

/* In the transaction: competency `id` exists; EINVAL naming `field` if not. */
static int need_competency(tunas_ctx *ctx, tunas_competency *out, int64_t id, const char *field)
{
	int rc = ctx->store->ops->competency_get(ctx->store, out, id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "competency %lld does not exist",
				      (long long)id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "competency") : 0;
}

int tunas_occupation_create(tunas_ctx *ctx, int64_t *out_id, const tunas_occupation *in,
			    const tunas_occ_skill *skills, size_t n)
{
	tunas_occupation o = *in, dup;
	tunas_competency c;
	tunas_framework f;
	char field[64];
	int64_t id = 0, essential = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	o.id = 0;
	if ((rc = validate_occupation(ctx, &o, skills, n)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = managed_framework(ctx, &f, o.framework_id, "framework_id")) != 0)
		goto out;
	rc = ctx->store->ops->occupation_find(ctx->store, &dup, o.framework_id, o.code);
	if (rc == 0) {
		rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "code",
				    "framework %s has an occupation %s already", f.code, o.code);
		goto out;
	} else if (rc != TUNAS_ENOTFOUND) {
		rc = tunas_ctx_store_fail(ctx, rc, "occupation");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "skills[%zu].competency_id", i);
		if ((rc = need_competency(ctx, &c, skills[i].competency_id, field)) != 0)
			goto out;
	}
	rc = ctx->store->ops->occupation_upsert(ctx->store, &id, &o);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		rc = ctx->store->ops->occupation_skill_put(ctx->store, id, skills[i].competency_id,
							   skills[i].essential);
		essential += skills[i].essential;
	}
	if (rc == 0 && n > 0)
		rc = ctx->store->ops->skills_touch(ctx->store);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "occupation");
		goto out;
	}
	rc = tunas_audit_record(ctx, "occupation.create", "occupation", id,
				json_pack("{s:I, s:s, s:s, s:I, s:I}", "framework_id",
					  (json_int_t)o.framework_id, "code", o.code, "isco",
					  o.isco, "essential", (json_int_t)essential, "optional",
					  (json_int_t)((int64_t)n - essential)));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out_id = id;
	return rc;
}

int tunas_occupation_get(tunas_ctx *ctx, tunas_occupation *out, int64_t id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->occupation_get(ctx->store, out, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "occupation") : 0;
}

int tunas_occupation_list(tunas_ctx *ctx, tunas_occupation **out, size_t *n, int64_t framework_id,
			  const char *q, const tunas_page *page)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (q == NULL)
		q = "";
	if ((rc = tunas_valid_page(ctx, page)) != 0 ||
	    (rc = tunas_valid_text(ctx, "q", q, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (framework_id < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "framework_id", "is not a framework");
	rc = ctx->store->ops->occupation_list(ctx->store, out, n, framework_id, q, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "occupation") : 0;
}

int tunas_occupation_skills(tunas_ctx *ctx, tunas_occ_skill **out, size_t *n, int64_t id)
{
	tunas_occupation o;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->occupation_get(ctx->store, &o, id);
	if (rc == 0)
		rc = ctx->store->ops->occupation_skills(ctx->store, out, n, id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "occupation") : 0;
}

/* ------------------------------------------------------------------------ */
/* Crosswalks */

int tunas_crosswalk_add(tunas_ctx *ctx, const tunas_crosswalk *in)
{
	tunas_crosswalk x = *in, *rows = NULL;
	tunas_competency from, to;
	tunas_framework f;
	size_t n = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (x.from_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "from_id", "is required");
	if (x.to_id <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "to_id", "is required");
	if (x.relation <= TUNAS_XW_NONE || x.relation > TUNAS_XW_NARROWER)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "relation",
				      "must be exact, close, broader or narrower");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = need_competency(ctx, &from, x.from_id, "from_id")) != 0 ||
	    (rc = need_competency(ctx, &to, x.to_id, "to_id")) != 0)
		goto out;
	if (from.framework_id == to.framework_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "to_id",
				    "must be in another framework than from_id");
		goto out;
	}
	rc = ctx->store->ops->framework_get(ctx->store, &f, from.framework_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "framework");
		goto out;
	}
	if (!manages_framework(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only those who manage framework %s crosswalk from it", f.code);
		goto out;
	}
	/* One relation per pair, whichever way round it was recorded. */
	rc = ctx->store->ops->crosswalk_list(ctx->store, &rows, &n, x.from_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "crosswalk");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (rows[i].from_id == x.to_id || rows[i].to_id == x.to_id) {
			rc = tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "to_id",
					    "the two competencies are crosswalked already");
			goto out;
		}
	rc = ctx->store->ops->crosswalk_insert(ctx->store, &x);
	/* An exact crosswalk makes the two count as one in matching. */
	if (rc == 0 && x.relation == TUNAS_XW_EXACT)
		rc = ctx->store->ops->skills_touch(ctx->store);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "crosswalk");
		goto out;
	}
	rc = tunas_audit_record(ctx, "crosswalk.add", "competency", x.from_id,
				json_pack("{s:I, s:I, s:s}", "from_id", (json_int_t)x.from_id,
					  "to_id", (json_int_t)x.to_id, "relation",
					  tunas_xw_relation_name(x.relation)));
out:
	free(rows);
	return tunas_tx_finish(ctx, rc);
}

int tunas_crosswalk_list(tunas_ctx *ctx, tunas_crosswalk **out, size_t *n, int64_t competency_id)
{
	tunas_competency c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->competency_get(ctx->store, &c, competency_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "competency");
	rc = ctx->store->ops->crosswalk_list(ctx->store, out, n, competency_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "crosswalk") : 0;
}

/* ------------------------------------------------------------------------ */
/* What courses and units teach */

static int validate_skills(tunas_ctx *ctx, const tunas_course_skill *k, size_t n)
{
	char field[64];

	if (n > COURSE_SKILLS_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "skills", "at most %d", COURSE_SKILLS_MAX);
	if (n > 0 && k == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "skills", "is required");
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "skills[%zu].competency_id", i);
		if (k[i].competency_id <= 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is required");
		for (size_t j = 0; j < i; j++)
			if (k[j].competency_id == k[i].competency_id)
				return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "is listed twice");
		snprintf(field, sizeof(field), "skills[%zu].level", i);
		if (k[i].level < 0 || k[i].level > TUNAS_LEVEL_MAX)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field, "must be 0 (any) to %d",
					      TUNAS_LEVEL_MAX);
	}
	return TUNAS_OK;
}

/* In the transaction: every competency exists and each level fits its
 * framework's levels. */
static int check_skills(tunas_ctx *ctx, const tunas_course_skill *k, size_t n)
{
	tunas_framework f;
	tunas_competency c;
	char field[64];
	int rc;

	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < n; i++) {
		snprintf(field, sizeof(field), "skills[%zu].competency_id", i);
		if ((rc = need_competency(ctx, &c, k[i].competency_id, field)) != 0)
			return rc;
		if (k[i].level == 0)
			continue;
		if (c.framework_id != f.id &&
		    (rc = ctx->store->ops->framework_get(ctx->store, &f, c.framework_id)) != 0)
			return tunas_ctx_store_fail(ctx, rc, "framework");
		snprintf(field, sizeof(field), "skills[%zu].level", i);
		if (f.levels > 0 && k[i].level > f.levels)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
					      "framework %s has levels 1 to %d", f.code, f.levels);
	}
	return TUNAS_OK;
}

/* The competency ids of k, for an audit entry; NULL on out of memory
 * (json_pack then fails and the entry is refused). */
static json_t *skill_ids(const tunas_course_skill *k, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_integer((json_int_t)k[i].competency_id)) != 0) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

int tunas_course_skills_set(tunas_ctx *ctx, int64_t course_id, const tunas_course_skill *skills,
			    size_t n, int64_t fee_minor)
{
	tunas_course c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_skills(ctx, skills, n)) != 0)
		return rc;
	if (fee_minor < 0 || fee_minor > FEE_MAX)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "fee_minor", "must be 0 to 10^15");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_managed_course(
		     ctx, &c, course_id,
		     "only the programme's owner says what its courses teach")) != 0 ||
	    (rc = check_skills(ctx, skills, n)) != 0)
		goto out;
	rc = ctx->store->ops->course_skills_set(ctx->store, course_id, skills, n, fee_minor);
	if (rc == 0)
		rc = ctx->store->ops->skills_touch(ctx->store);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "course skills");
		goto out;
	}
	/* What its graduates hold follows what the course teaches. */
	if ((rc = skills_refresh_course(ctx, course_id)) != 0)
		goto out;
	rc = tunas_audit_record(ctx, "course.skills", "course", course_id,
				json_pack("{s:I, s:o}", "fee_minor", (json_int_t)fee_minor,
					  "competencies", skill_ids(skills, n)));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_course_skills_get(tunas_ctx *ctx, tunas_course_skill **out, size_t *n, int64_t *fee_minor,
			    int64_t course_id)
{
	tunas_course c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->course_get(ctx->store, &c, course_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "course");
	rc = ctx->store->ops->course_skills_get(ctx->store, out, n, fee_minor, course_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "course skills") : 0;
}

int tunas_unit_skills_set(tunas_ctx *ctx, int64_t unit_id, const tunas_course_skill *skills,
			  size_t n)
{
	tunas_course c;
	tunas_unit u;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = validate_skills(ctx, skills, n)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->unit_get(ctx->store, &u, unit_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "unit");
		goto out;
	}
	if ((rc = access_managed_course(
		     ctx, &c, u.course_id,
		     "only the programme's owner says what its courses teach")) != 0 ||
	    (rc = check_skills(ctx, skills, n)) != 0)
		goto out;
	rc = ctx->store->ops->unit_skills_set(ctx->store, unit_id, skills, n);
	if (rc == 0)
		rc = ctx->store->ops->skills_touch(ctx->store);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "unit skills");
		goto out;
	}
	if ((rc = skills_refresh_course(ctx, u.course_id)) != 0)
		goto out;
	rc = tunas_audit_record(ctx, "unit.skills", "unit", unit_id,
				json_pack("{s:I, s:o}", "course_id", (json_int_t)u.course_id,
					  "competencies", skill_ids(skills, n)));
out:
	return tunas_tx_finish(ctx, rc);
}

/* ------------------------------------------------------------------------ */
/* A string map for imports: concept URIs (or codes) to what they became */

typedef struct {
	char *key;
	int64_t id;	      /* the competency, occupation or row it became; 0: none */
	tunas_comp_kind kind; /* of a competency */
	char *group;	      /* broader map: the first broader skill group's URI */
	char *skill;	      /* and the first broader skill's */
} map_entry;

typedef struct {
	map_entry *slots; /* open addressing; cap is a power of two */
	size_t cap, n;
} str_map;

static uint64_t hash_str(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static map_entry *map_find(const str_map *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash_str(key) & (m->cap - 1); m->slots[i].key != NULL; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slots[i].key, key) == 0)
			return &m->slots[i];
	return NULL;
}

static size_t map_slot(const map_entry *slots, size_t cap, const char *key)
{
	size_t i = hash_str(key) & (cap - 1);

	while (slots[i].key != NULL)
		i = (i + 1) & (cap - 1);
	return i;
}

/* The entry of key, added (id 0) when new: TUNAS_ENOMEM, or TUNAS_ELIMIT
 * past ESCO_CONCEPTS_MAX keys. */
static int map_put(str_map *m, map_entry **out, const char *key)
{
	map_entry *e = map_find(m, key);
	size_t i;

	if (e != NULL) {
		*out = e;
		return TUNAS_OK;
	}
	if (m->n >= ESCO_CONCEPTS_MAX)
		return TUNAS_ELIMIT;
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 1024;
		map_entry *ns = tunas_calloc(ncap, sizeof(*ns));

		if (ns == NULL)
			return TUNAS_ENOMEM;
		for (size_t k = 0; k < m->cap; k++)
			if (m->slots[k].key != NULL)
				ns[map_slot(ns, ncap, m->slots[k].key)] = m->slots[k];
		tunas_free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	i = map_slot(m->slots, m->cap, key);
	if ((m->slots[i].key = tunas_strdup(key)) == NULL)
		return TUNAS_ENOMEM;
	m->n++;
	*out = &m->slots[i];
	return TUNAS_OK;
}

static void map_dispose(str_map *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		tunas_free(m->slots[i].key);
		tunas_free(m->slots[i].group);
		tunas_free(m->slots[i].skill);
	}
	tunas_free(m->slots);
	memset(m, 0, sizeof(*m));
}

static int map_fail(tunas_ctx *ctx, int rc)
{
	if (rc == TUNAS_ELIMIT)
		return tunas_ctx_fail(ctx, rc, NULL, "more than %d concepts", ESCO_CONCEPTS_MAX);
	return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
}

/* ------------------------------------------------------------------------ */
/* ESCO: where the CSV files are */

typedef struct {
	const char *dir;
	zip_t *zips[ESCO_ZIPS_MAX];
	size_t n_zips;
	char version[TUNAS_CODE_MAX + 1]; /* from the zips' names; "" if unknown */
} esco_src;

/* The version in an ESCO zip's name, "esco-v1.1.1-...zip" -> "1.1.1". */
static bool version_of(char *out, size_t cap, const char *name)
{
	size_t len = 0;

	if (strncmp(name, "esco-v", 6) != 0)
		return false;
	name += 6;
	while ((name[len] >= '0' && name[len] <= '9') || name[len] == '.')
		len++;
	if (len == 0 || len >= cap || name[len] != '-')
		return false;
	memcpy(out, name, len);
	out[len] = '\0';
	return true;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && strcmp(s + a - b, tail) == 0;
}

static void src_close(esco_src *src)
{
	for (size_t i = 0; i < src->n_zips; i++)
		zip_discard(src->zips[i]); /* opened read-only: nothing to write */
	src->n_zips = 0;
}

/* Open the ESCO zips (esco-v*.zip) in dir; the CSV files themselves may
 * sit there instead. */
static int src_open(tunas_ctx *ctx, esco_src *src, const char *dir)
{
	char path[4096], version[TUNAS_CODE_MAX + 1];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	memset(src, 0, sizeof(*src));
	src->dir = dir;
	d = opendir(dir);
	if (d == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "cannot open %s: %s", dir,
				      strerror(errno));
	while (rc == 0 && (de = readdir(d)) != NULL) {
		zip_t *z;
		int zerr = 0;

		if (strncmp(de->d_name, "esco-", 5) != 0 || !ends_with(de->d_name, ".zip"))
			continue;
		if (src->n_zips == ESCO_ZIPS_MAX) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir",
					    "holds more than %d ESCO zips", ESCO_ZIPS_MAX);
			break;
		}
		if (version_of(version, sizeof(version), de->d_name)) {
			if (src->version[0] && strcmp(src->version, version) != 0)
				rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir",
						    "holds zips of ESCO %s and %s", src->version,
						    version);
			memcpy(src->version, version, sizeof(version));
		}
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path)) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "the path is too long");
			break;
		}
		z = zip_open(path, ZIP_RDONLY, &zerr);
		if (z == NULL) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "%s is not a readable zip",
					    de->d_name);
			break;
		}
		src->zips[src->n_zips++] = z;
	}
	closedir(d);
	if (rc != 0)
		src_close(src);
	return rc;
}

static ssize_t zip_cookie_read(void *cookie, char *buf, size_t size)
{
	zip_int64_t n = zip_fread(cookie, buf, size);

	return n < 0 ? -1 : (ssize_t)n;
}

static int zip_cookie_close(void *cookie)
{
	return zip_fclose(cookie) == 0 ? 0 : EOF;
}

/* A zip member as a read-only FILE (glibc's fopencookie), decompressed as
 * it is read: the CSV reader streams it. */
static FILE *zip_member(zip_t *z, zip_int64_t index)
{
	cookie_io_functions_t io = {
		.read = zip_cookie_read,
		.write = NULL,
		.seek = NULL,
		.close = zip_cookie_close,
	};
	zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)index, 0);
	FILE *f;

	if (zf == NULL)
		return NULL;
	f = fopencookie(zf, "r", io);
	if (f == NULL)
		zip_fclose(zf);
	return f;
}

/* Open ESCO's file `name`: dir/name, else the member of that name in one
 * of the zips. */
static int src_file(tunas_ctx *ctx, const esco_src *src, FILE **out, const char *name)
{
	char path[4096];
	FILE *f = NULL;

	if (snprintf(path, sizeof(path), "%s/%s", src->dir, name) >= (int)sizeof(path))
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "the path is too long");
	f = fopen(path, "rb");
	for (size_t i = 0; f == NULL && i < src->n_zips; i++) {
		zip_int64_t at = zip_name_locate(src->zips[i], name, ZIP_FL_NODIR);

		if (at < 0)
			continue;
		f = zip_member(src->zips[i], at);
		if (f == NULL)
			return tunas_ctx_fail(ctx, TUNAS_EIO, "dir", "cannot read %s in the zip",
					      name);
	}
	if (f == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir",
				      "%s has neither %s nor an ESCO zip holding it", src->dir,
				      name);
	*out = f;
	return TUNAS_OK;
}

/* ------------------------------------------------------------------------ */
/* ESCO: reading */

typedef struct esco_run esco_run;

typedef struct {
	const char *name;
	bool required;
} esco_col;

#define ESCO_COLS_MAX 4

struct esco_run {
	tunas_ctx *ctx;
	int64_t framework_id;
	str_map broader;       /* skill URI -> its first broader group and skill */
	str_map comps;	       /* group or skill URI -> competency */
	str_map occs;	       /* occupation URI -> occupation */
	int at[ESCO_COLS_MAX]; /* where the current file's columns are; -1: absent */
	int64_t groups, skills, occupations, relations, skipped, unlabelled;
};

/* Column c of the current record ("" when the file lacks it). */
static const char *col(const esco_run *run, char **fields, int c)
{
	return run->at[c] >= 0 ? fields[run->at[c]] : "";
}

/*
 * Read ESCO's file `name`, calling row() for each record that has as many
 * fields as the header. Records the CSV reader refuses, or that do not
 * fit the header, are counted as skipped.
 */
static int esco_read(esco_run *run, const esco_src *src, const char *name, const esco_col *cols,
		     size_t ncols, int (*row)(esco_run *, char **))
{
	tunas_ctx *ctx = run->ctx;
	tunas_csv_reader *rd = NULL;
	FILE *in = NULL;
	char **fields;
	size_t n, width;
	int64_t line;
	int rc, got;

	if ((rc = src_file(ctx, src, &in, name)) != 0)
		return rc;
	if ((rd = tunas_csv_reader_new(in)) == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if (tunas_csv_next(rd, &fields, &n, &line) != TUNAS_CSV_RECORD) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "%s has no header row", name);
		goto out;
	}
	width = n;
	for (size_t c = 0; c < ncols; c++) {
		run->at[c] = -1;
		for (size_t i = 0; i < n && run->at[c] < 0; i++)
			if (strcmp(fields[i], cols[c].name) == 0)
				run->at[c] = (int)i;
		if (run->at[c] < 0 && cols[c].required) {
			rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "%s has no column %s", name,
					    cols[c].name);
			goto out;
		}
	}
	while (rc == 0 && (got = tunas_csv_next(rd, &fields, &n, &line)) != TUNAS_CSV_EOF) {
		if (got == TUNAS_CSV_BAD || n != width)
			run->skipped++;
		else
			rc = row(run, fields);
	}
	if (rc == 0 && ferror(in))
		rc = tunas_ctx_fail(ctx, TUNAS_EIO, "dir", "reading %s failed", name);
out:
	tunas_csv_reader_free(rd);
	fclose(in);
	return rc;
}

/* The last path segment of a concept URI: ESCO's codes. */
static const char *uri_tail(const char *uri)
{
	const char *slash = strrchr(uri, '/');

	return slash ? slash + 1 : uri;
}

enum { B_TYPE, B_URI, B_BROADER_TYPE, B_BROADER };

/* broaderRelationsSkillPillar.csv: remember each skill's first broader
 * skill group and first broader skill. Group-to-group relations are not
 * kept: a domain cannot sit under a domain. */
static int broader_row(esco_run *run, char **f)
{
	const char *type = col(run, f, B_BROADER_TYPE);
	char **slot;
	map_entry *e;
	int rc;

	if (strcmp(col(run, f, B_TYPE), "KnowledgeSkillCompetence") != 0)
		return TUNAS_OK;
	if (strcmp(type, "SkillGroup") != 0 && strcmp(type, "KnowledgeSkillCompetence") != 0)
		return TUNAS_OK;
	if ((rc = map_put(&run->broader, &e, col(run, f, B_URI))) != 0)
		return map_fail(run->ctx, rc);
	slot = strcmp(type, "SkillGroup") == 0 ? &e->group : &e->skill;
	if (*slot == NULL && (*slot = tunas_strdup(col(run, f, B_BROADER))) == NULL)
		return map_fail(run->ctx, TUNAS_ENOMEM);
	return TUNAS_OK;
}

/* Upsert one competency of the import and remember its URI's id. */
static int esco_competency(esco_run *run, const char *uri, const char *code, const char *label,
			   tunas_comp_kind kind, int64_t parent_id)
{
	tunas_competency c;
	map_entry *e;
	int rc;

	memset(&c, 0, sizeof(c));
	if (!is_code(code) || !is_uri(uri) || uri[0] == '\0') {
		run->skipped++;
		return TUNAS_OK;
	}
	copy_title(c.title, label);
	if (!is_title(c.title)) {
		run->skipped++;
		return TUNAS_OK;
	}
	c.framework_id = run->framework_id;
	c.parent_id = parent_id;
	c.kind = kind;
	memcpy(c.code, code, strlen(code) + 1);
	memcpy(c.uri, uri, strlen(uri) + 1);
	rc = run->ctx->store->ops->competency_upsert(run->ctx->store, &c.id, &c);
	if (rc != 0)
		return tunas_ctx_store_fail(run->ctx, rc, "competency");
	if ((rc = map_put(&run->comps, &e, uri)) != 0)
		return map_fail(run->ctx, rc);
	e->id = c.id;
	e->kind = kind;
	if (kind == TUNAS_COMP_DOMAIN)
		run->groups++;
	else
		run->skills++;
	return TUNAS_OK;
}

enum { G_URI, G_LABEL, G_CODE };

/* skillGroups_en.csv: a domain each, coded by ESCO's code ("S1.2") or,
 * lacking one (the ISCED-F fields), the URI's last segment ("0613"). */
static int group_row(esco_run *run, char **f)
{
	const char *uri = col(run, f, G_URI), *code = col(run, f, G_CODE);

	return esco_competency(run, uri, code[0] ? code : uri_tail(uri), col(run, f, G_LABEL),
			       TUNAS_COMP_DOMAIN, 0);
}

/* The skill group a skill sits under: its first broader group, else that
 * of its first broader skill, and so on up (0: none). */
static int64_t group_of(const esco_run *run, const char *uri)
{
	for (int hop = 0; hop < BROADER_HOPS; hop++) {
		const map_entry *b = map_find(&run->broader, uri), *g;

		if (b == NULL)
			return 0;
		if (b->group != NULL && (g = map_find(&run->comps, b->group)) != NULL &&
		    g->kind == TUNAS_COMP_DOMAIN)
			return g->id;
		if (b->skill == NULL)
			return 0;
		uri = b->skill;
	}
	return 0;
}

enum { S_URI, S_LABEL };

/* skills_en.csv: a unit each, coded by the UUID ending its URI. */
static int skill_row(esco_run *run, char **f)
{
	const char *uri = col(run, f, S_URI);

	return esco_competency(run, uri, uri_tail(uri), col(run, f, S_LABEL), TUNAS_COMP_UNIT,
			       group_of(run, uri));
}

enum { O_URI, O_LABEL, O_ISCO };

/* occupations_en.csv. */
static int occupation_row(esco_run *run, char **f)
{
	const char *uri = col(run, f, O_URI), *code = uri_tail(uri), *isco = col(run, f, O_ISCO);
	tunas_occupation o;
	map_entry *e;
	int rc;

	memset(&o, 0, sizeof(o));
	copy_title(o.title, col(run, f, O_LABEL));
	if (!is_code(code) || !is_uri(uri) || uri[0] == '\0' || !is_title(o.title)) {
		run->skipped++;
		return TUNAS_OK;
	}
	o.framework_id = run->framework_id;
	memcpy(o.code, code, strlen(code) + 1);
	memcpy(o.uri, uri, strlen(uri) + 1);
	if (is_isco(isco))
		memcpy(o.isco, isco, strlen(isco) + 1);
	rc = run->ctx->store->ops->occupation_upsert(run->ctx->store, &o.id, &o);
	if (rc != 0)
		return tunas_ctx_store_fail(run->ctx, rc, "occupation");
	if ((rc = map_put(&run->occs, &e, uri)) != 0)
		return map_fail(run->ctx, rc);
	e->id = o.id;
	run->occupations++;
	return TUNAS_OK;
}

enum { R_OCC, R_TYPE, R_SKILL };

#define ESCO_OCCUPATION_URI "http://data.europa.eu/esco/occupation/"

/* The occupation of an ESCO occupation URI that occupations_en.csv did not
 * list, made with a placeholder title; *out NULL when the URI is not one. */
static int unlabelled_occupation(esco_run *run, const map_entry **out, const char *uri)
{
	const char *code = uri_tail(uri);
	tunas_occupation o;
	map_entry *e;
	int rc;

	*out = NULL;
	if (strncmp(uri, ESCO_OCCUPATION_URI, strlen(ESCO_OCCUPATION_URI)) != 0 || !is_code(code) ||
	    !is_uri(uri))
		return TUNAS_OK;
	memset(&o, 0, sizeof(o));
	o.framework_id = run->framework_id;
	memcpy(o.code, code, strlen(code) + 1);
	memcpy(o.uri, uri, strlen(uri) + 1);
	snprintf(o.title, sizeof(o.title), "ESCO occupation %s (no English label in ESCO)", code);
	rc = run->ctx->store->ops->occupation_upsert(run->ctx->store, &o.id, &o);
	if (rc != 0)
		return tunas_ctx_store_fail(run->ctx, rc, "occupation");
	if ((rc = map_put(&run->occs, &e, uri)) != 0)
		return map_fail(run->ctx, rc);
	e->id = o.id;
	run->unlabelled++;
	*out = e;
	return TUNAS_OK;
}

/* occupationSkillRelations.csv: relations naming an occupation or a
 * skill this import does not have are skipped. */
static int relation_row(esco_run *run, char **f)
{
	const map_entry *o = map_find(&run->occs, col(run, f, R_OCC));
	const map_entry *k = map_find(&run->comps, col(run, f, R_SKILL));
	const char *type = col(run, f, R_TYPE);
	bool essential = strcmp(type, "essential") == 0;
	int rc;

	if (k == NULL || (!essential && strcmp(type, "optional") != 0)) {
		run->skipped++;
		return TUNAS_OK;
	}
	if (o == NULL) {
		/* An occupation ESCO relates but does not list: keep it under
		 * a placeholder title rather than lose its relations. */
		rc = unlabelled_occupation(run, &o, col(run, f, R_OCC));
		if (rc != 0)
			return rc;
		if (o == NULL) {
			run->skipped++;
			return TUNAS_OK;
		}
	}
	rc = run->ctx->store->ops->occupation_skill_put(run->ctx->store, o->id, k->id, essential);
	if (rc != 0)
		return tunas_ctx_store_fail(run->ctx, rc, "occupation skill");
	run->relations++;
	return TUNAS_OK;
}

static const char esco_name[] = "ESCO (European Skills, Competences, Qualifications and "
				"Occupations)";

/* In the transaction: the ESCO framework, created on the first import. A
 * later import must be of the same version (when its version is known). */
static int esco_framework(tunas_ctx *ctx, int64_t *out_id, bool *created, const char *version)
{
	tunas_framework f;
	int rc;

	*created = false;
	rc = ctx->store->ops->framework_find(ctx->store, &f, "ESCO");
	if (rc == 0) {
		if (f.kind != TUNAS_FW_TAXONOMY)
			return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "dir",
					      "framework ESCO exists and is not a taxonomy");
		if (version[0] && f.version[0] && strcmp(version, f.version) != 0)
			return tunas_ctx_fail(ctx, TUNAS_ECONFLICT, "dir",
					      "ESCO %s is imported already; this is ESCO %s",
					      f.version, version);
		*out_id = f.id;
		return TUNAS_OK;
	}
	if (rc != TUNAS_ENOTFOUND)
		return tunas_ctx_store_fail(ctx, rc, "framework");
	memset(&f, 0, sizeof(f));
	memcpy(f.code, "ESCO", 5);
	memcpy(f.name, esco_name, sizeof(esco_name));
	f.kind = TUNAS_FW_TAXONOMY;
	memcpy(f.version, version, strlen(version) + 1);
	*created = true;
	return insert_framework(ctx, out_id, &f);
}

int tunas_framework_import_esco(tunas_ctx *ctx, tunas_fw_import_report *out, const char *dir)
{
	static const esco_col broader_cols[] = {{"conceptType", true},
						{"conceptUri", true},
						{"broaderType", true},
						{"broaderUri", true}};
	static const esco_col group_cols[] = {
		{"conceptUri", true}, {"preferredLabel", true}, {"code", false}};
	static const esco_col skill_cols[] = {{"conceptUri", true}, {"preferredLabel", true}};
	static const esco_col occ_cols[] = {
		{"conceptUri", true}, {"preferredLabel", true}, {"iscoGroup", true}};
	static const esco_col rel_cols[] = {
		{"occupationUri", true}, {"relationType", true}, {"skillUri", true}};
	tunas_fw_import_report rep;
	esco_run run;
	esco_src src;
	bool created = false, opened = false;
	int rc;

	memset(&run, 0, sizeof(run));
	memset(&rep, 0, sizeof(rep));
	run.ctx = ctx;
	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL, "only system admins import ESCO");
	if (dir == NULL || dir[0] == '\0')
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "dir", "is required");
	if ((rc = src_open(ctx, &src, dir)) != 0)
		return rc;
	opened = true;
	/* The hierarchy first, read before the write lock is taken. */
	if ((rc = esco_read(&run, &src, "broaderRelationsSkillPillar.csv", broader_cols,
			    COUNT(broader_cols), broader_row)) != 0)
		goto out;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto out;
	if ((rc = esco_framework(ctx, &run.framework_id, &created, src.version)) != 0)
		goto finish;
	if ((rc = esco_read(&run, &src, "skillGroups_en.csv", group_cols, COUNT(group_cols),
			    group_row)) != 0 ||
	    (rc = esco_read(&run, &src, "skills_en.csv", skill_cols, COUNT(skill_cols),
			    skill_row)) != 0 ||
	    (rc = esco_read(&run, &src, "occupations_en.csv", occ_cols, COUNT(occ_cols),
			    occupation_row)) != 0 ||
	    (rc = esco_read(&run, &src, "occupationSkillRelations.csv", rel_cols, COUNT(rel_cols),
			    relation_row)) != 0)
		goto finish;
	if ((rc = ctx->store->ops->skills_touch(ctx->store)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "skills");
		goto finish;
	}
	rep.framework_id = run.framework_id;
	rep.competencies = run.groups + run.skills;
	rep.occupations = run.occupations;
	rep.relations = run.relations;
	rep.skipped = run.skipped;
	rep.unlabelled = run.unlabelled;
	rc = tunas_audit_record(
		ctx, "framework.import", "framework", run.framework_id,
		json_pack("{s:s, s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:I}", "source", "esco",
			  "version", src.version, "created", created, "domains",
			  (json_int_t)run.groups, "units", (json_int_t)run.skills, "occupations",
			  (json_int_t)run.occupations, "unlabelled", (json_int_t)run.unlabelled,
			  "relations", (json_int_t)run.relations, "skipped",
			  (json_int_t)run.skipped));
finish:
	rc = tunas_tx_finish(ctx, rc);
out:
	if (opened)
		src_close(&src);
	map_dispose(&run.broader);
	map_dispose(&run.comps);
	map_dispose(&run.occs);
	if (rc == 0)
		*out = rep;
	return rc;
}

/* ------------------------------------------------------------------------ */
/* A custom framework from CSV */

static const char *const csv_cols[] = {"code", "title", "kind", "parent_code", "level", "uri"};
enum { K_CODE, K_TITLE, K_KIND, K_PARENT, K_LEVEL, K_URI, K_COLS };

typedef struct {
	int64_t line;
	tunas_competency c;
	char parent[TUNAS_CODE_MAX + 1];
	size_t parent_row; /* index + 1 of the parent's row; 0: none */
} csv_row;

/* Record a bad row (as csvio.c does): all are counted, the first
 * TUNAS_IMPORT_PROBLEMS_MAX kept. */
static void problem(tunas_import_report *r, int64_t line, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void problem(tunas_import_report *r, int64_t line, const char *field, const char *fmt, ...)
{
	tunas_import_problem *p;
	va_list ap;

	r->bad++;
	if (r->n_problems >= TUNAS_IMPORT_PROBLEMS_MAX)
		return;
	if (r->n_problems % 64 == 0) {
		tunas_import_problem *np =
			tunas_reallocarray(r->problems, r->n_problems + 64, sizeof(*np));

		if (np == NULL)
			return; /* still counted in r->bad */
		r->problems = np;
	}
	p = &r->problems[r->n_problems++];
	p->line = line;
	tunas_copy(p->field, sizeof(p->field), field);
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
}

/* Where each column sits in the file; unknown or repeated columns, or a
 * required one missing, make the file unusable. */
static int csv_header(tunas_ctx *ctx, int at[K_COLS], char **fields, size_t n)
{
	for (int c = 0; c < K_COLS; c++)
		at[c] = -1;
	for (size_t i = 0; i < n; i++) {
		int c;

		for (c = 0; c < K_COLS; c++)
			if (strcmp(fields[i], csv_cols[c]) == 0)
				break;
		if (c == K_COLS)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header", "unknown column '%.60s'",
					      fields[i]);
		if (at[c] >= 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header",
					      "column '%s' appears twice", csv_cols[c]);
		at[c] = (int)i;
	}
	for (int c = 0; c < K_URI; c++)
		if (at[c] < 0)
			return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header",
					      "required column '%s' is missing", csv_cols[c]);
	return TUNAS_OK;
}

/* Fill *row from a record; false with the problem recorded if a field is
 * bad. */
static bool csv_parse_row(csv_row *row, tunas_import_report *r, const tunas_framework *f,
			  const int at[K_COLS], char **fields)
{
	const char *v[K_COLS];
	tunas_competency *c = &row->c;

	for (int k = 0; k < K_COLS; k++)
		v[k] = at[k] >= 0 ? fields[at[k]] : "";
	if (!is_code(v[K_CODE])) {
		problem(r, row->line, "code", "%s", code_rule);
		return false;
	}
	memcpy(c->code, v[K_CODE], strlen(v[K_CODE]) + 1);
	if (v[K_TITLE][0] == '\0') {
		problem(r, row->line, "title", "is required");
		return false;
	}
	if (!tunas_copy(c->title, sizeof(c->title), v[K_TITLE]) || !is_title(c->title)) {
		problem(r, row->line, "title",
			"must be UTF-8 text of at most %d bytes without control characters",
			TUNAS_NAME_MAX);
		return false;
	}
	if ((c->kind = tunas_comp_kind_parse(v[K_KIND])) == TUNAS_COMP_NONE) {
		problem(r, row->line, "kind", "must be domain, unit or element");
		return false;
	}
	if (v[K_PARENT][0] != '\0' && !is_code(v[K_PARENT])) {
		problem(r, row->line, "parent_code", "%s", code_rule);
		return false;
	}
	memcpy(row->parent, v[K_PARENT], strlen(v[K_PARENT]) + 1);
	if (v[K_LEVEL][0] == '\0')
		c->level = 0;
	else if (v[K_LEVEL][1] == '\0' && v[K_LEVEL][0] >= '0' && v[K_LEVEL][0] <= '8')
		c->level = v[K_LEVEL][0] - '0';
	else {
		problem(r, row->line, "level", "must be 0 (none) to %d", TUNAS_LEVEL_MAX);
		return false;
	}
	if (f->levels > 0 && c->level > f->levels) {
		problem(r, row->line, "level", "the framework has levels 1 to %d", f->levels);
		return false;
	}
	if (!is_uri(v[K_URI])) {
		problem(r, row->line, "uri", "%s", uri_rule);
		return false;
	}
	memcpy(c->uri, v[K_URI], strlen(v[K_URI]) + 1);
	return true;
}

/* Read the rows into *rows (each code once, parents resolved); the bad
 * ones are in the report. */
static int csv_read_rows(tunas_ctx *ctx, csv_row **rows, size_t *nrows, str_map *codes,
			 tunas_import_report *r, const tunas_framework *f, tunas_csv_reader *rd)
{
	int at[K_COLS], got, rc;
	char **fields;
	size_t n, width, cap = 0;
	int64_t line;

	got = tunas_csv_next(rd, &fields, &n, &line);
	if (got != TUNAS_CSV_RECORD)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "header", "%s",
				      got == TUNAS_CSV_EOF ? "the file is empty"
							   : tunas_csv_error(rd));
	if ((rc = csv_header(ctx, at, fields, n)) != 0)
		return rc;
	width = n;
	while ((got = tunas_csv_next(rd, &fields, &n, &line)) != TUNAS_CSV_EOF) {
		csv_row *row;
		map_entry *e;

		r->rows++;
		if (got == TUNAS_CSV_BAD) {
			problem(r, line, "row", "%s", tunas_csv_error(rd));
			continue;
		}
		if (n != width) {
			problem(r, line, "row", "has %zu fields; the header has %zu", n, width);
			continue;
		}
		if (*nrows == CSV_ROWS_MAX)
			return tunas_ctx_fail(ctx, TUNAS_ELIMIT, "file", "more than %d rows",
					      CSV_ROWS_MAX);
		if (*nrows == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			csv_row *nr = tunas_reallocarray(*rows, ncap, sizeof(*nr));

			if (nr == NULL)
				return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
			*rows = nr;
			cap = ncap;
		}
		row = &(*rows)[*nrows];
		memset(row, 0, sizeof(*row));
		row->line = line;
		if (!csv_parse_row(row, r, f, at, fields))
			continue;
		if ((rc = map_put(codes, &e, row->c.code)) != 0)
			return map_fail(ctx, rc);
		if (e->id != 0) {
			problem(r, line, "code", "%s is on line %lld already", row->c.code,
				(long long)(*rows)[e->id - 1].line);
			continue;
		}
		e->id = (int64_t)++ * nrows;
	}
	/* Parents may come after their children in the file. */
	for (size_t i = 0; i < *nrows; i++) {
		csv_row *row = &(*rows)[i];
		const map_entry *e;
		const csv_row *p;

		if (row->parent[0] == '\0')
			continue;
		if ((e = map_find(codes, row->parent)) == NULL) {
			problem(r, row->line, "parent_code", "no row has code %s", row->parent);
			continue;
		}
		p = &(*rows)[e->id - 1];
		if (p->c.kind >= row->c.kind) {
			problem(r, row->line, "parent_code",
				"a %s cannot sit under a %s (domains hold units, units hold "
				"elements)",
				tunas_comp_kind_name(row->c.kind), tunas_comp_kind_name(p->c.kind));
			continue;
		}
		row->parent_row = (size_t)e->id;
	}
	return TUNAS_OK;
}

int tunas_framework_import_csv(tunas_ctx *ctx, tunas_fw_import_report *out,
			       tunas_import_report *problems, const tunas_framework *fw, FILE *in)
{
	tunas_framework f;
	tunas_import_report r;
	tunas_fw_import_report rep;
	tunas_csv_reader *rd = NULL;
	csv_row *rows = NULL;
	str_map codes;
	size_t nrows = 0;
	int64_t id = 0;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&rep, 0, sizeof(rep));
	memset(&codes, 0, sizeof(codes));
	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (fw == NULL || in == NULL || problems == NULL)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, NULL,
				      "a framework, a file and a report are required");
	f = *fw;
	if ((rc = may_create(ctx, &f)) != 0 || (rc = validate_framework(ctx, &f)) != 0)
		return rc;
	if ((rd = tunas_csv_reader_new(in)) == NULL)
		return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
	if ((rc = csv_read_rows(ctx, &rows, &nrows, &codes, &r, &f, rd)) != 0)
		goto out;
	if (r.bad > 0) {
		/* All or nothing: the report says why nothing was kept. */
		tunas_ctx_fail(ctx, TUNAS_EINVAL, "file", "%lld bad row(s): nothing was imported",
			       (long long)r.bad);
		goto out;
	}
	if ((rc = tunas_tx_begin(ctx)) != 0)
		goto out;
	if ((rc = insert_framework(ctx, &id, &f)) != 0)
		goto finish;
	/* Domains, then units, then elements: each parent is in before its
	 * children, since a parent's kind is above its child's. */
	for (int kind = TUNAS_COMP_DOMAIN; rc == 0 && kind <= TUNAS_COMP_ELEMENT; kind++)
		for (size_t i = 0; rc == 0 && i < nrows; i++) {
			csv_row *row = &rows[i];

			if ((int)row->c.kind != kind)
				continue;
			row->c.framework_id = id;
			row->c.parent_id = row->parent_row ? rows[row->parent_row - 1].c.id : 0;
			rc = ctx->store->ops->competency_upsert(ctx->store, &row->c.id, &row->c);
		}
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "competency");
		goto finish;
	}
	rc = tunas_audit_record(ctx, "framework.import", "framework", id,
				json_pack("{s:s, s:s, s:s, s:i, s:I, s:I}", "source", "csv", "code",
					  f.code, "kind", tunas_fw_kind_name(f.kind), "levels",
					  f.levels, "owner_org_id", (json_int_t)f.owner_org_id,
					  "competencies", (json_int_t)nrows));
finish:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		rep.framework_id = id;
		rep.competencies = (int64_t)nrows;
		r.loaded = (int64_t)nrows;
		r.committed = true;
	}
out:
	tunas_csv_reader_free(rd);
	tunas_free(rows);
	map_dispose(&codes);
	if (rc == 0) {
		*out = rep;
		*problems = r;
	} else {
		tunas_import_report_dispose(&r);
	}
	return rc;
}
