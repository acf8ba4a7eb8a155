/*
 * assess.c — competency units, assessment attempts and their sign-off and
 * notes, vendor certifications, completion rules and their evaluation
 * (assess.h).
 */
#include "tunas/assess.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "tunas/delivery.h"
#include "util/mem.h"
#include "valid.h"

static const char *const result_names[] = {
	[TUNAS_RESULT_COMPETENT] = "competent",
	[TUNAS_RESULT_NOT_YET_COMPETENT] = "not_yet_competent",
};

static const char *const note_names[] = {
	[TUNAS_NOTE_DISPUTE] = "dispute",
	[TUNAS_NOTE_RESPONSE] = "response",
	[TUNAS_NOTE_RESOLUTION] = "resolution",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *tunas_result_name(tunas_result r)
{
	return tunas_enum_name(result_names, COUNT(result_names), (int)r);
}

tunas_result tunas_result_parse(const char *name)
{
	return (tunas_result)tunas_enum_parse(result_names, COUNT(result_names), name);
}

const char *tunas_note_kind_name(tunas_note_kind k)
{
	return tunas_enum_name(note_names, COUNT(note_names), (int)k);
}

tunas_note_kind tunas_note_kind_parse(const char *name)
{
	return (tunas_note_kind)tunas_enum_parse(note_names, COUNT(note_names), name);
}

/* Who manages a programme: its owner and system admins. */
static bool manages_programme(const tunas_ctx *ctx, const tunas_programme *p)
{
	return tunas_is_sysadmin(ctx) || (tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) &&
					  ctx->who.org_id == p->owner_org_id);
}

/* Load a course and its programme; EINVAL naming course_id if missing. */
static int load_course(tunas_ctx *ctx, tunas_course *c, tunas_programme *p, int64_t course_id)
{
	int rc = ctx->store->ops->course_get(ctx->store, c, course_id);

	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "course_id", "course %lld does not exist",
				      (long long)course_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "course");
	rc = ctx->store->ops->programme_get(ctx->store, p, c->programme_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "programme") : 0;
}

/* ------------------------------------------------------------------------ */
/* Units */

int tunas_unit_create(tunas_ctx *ctx, tunas_unit *out, const tunas_unit *in)
{
	tunas_unit u = *in;
	tunas_course c;
	tunas_programme p;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "code", u.code, 1, TUNAS_CODE_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "title", u.title, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "recognised_cert", u.recognised_cert, 0, TUNAS_NAME_MAX)) !=
		    0)
		return rc;
	u.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_course(ctx, &c, &p, u.course_id)) != 0)
		goto out;
	if (!manages_programme(ctx, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the programme's owner defines its units");
		goto out;
	}
	rc = ctx->store->ops->unit_insert(ctx->store, &id, &u);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "code", "the course has a unit %s already", u.code);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "unit");
		goto out;
	}
	rc = tunas_audit_record(
		ctx, "unit.create", "unit", id,
		json_pack("{s:I, s:s}", "course_id", (json_int_t)u.course_id, "code", u.code));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		u.id = id;
		*out = u;
	}
	return rc;
}

int tunas_unit_list(tunas_ctx *ctx, tunas_unit **out, size_t *n, int64_t course_id)
{
	tunas_course c;
	tunas_programme p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = load_course(ctx, &c, &p, course_id)) != 0)
		return rc;
	rc = ctx->store->ops->unit_list(ctx->store, out, n, course_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "unit") : 0;
}

/* ------------------------------------------------------------------------ */
/* Assessments */

/* May the caller assess in this cohort? Its instructors, centre admins and
 * system admins: those who see the work. */
static bool assesses(const tunas_ctx *ctx, const cohort_facts *f)
{
	if (tunas_is_sysadmin(ctx))
		return true;
	if (tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return ctx->who.org_id == f->cohort.centre_org_id;
	return tunas_has_role(ctx, TUNAS_ROLE_INSTRUCTOR) &&
	       access_cohort_teaches(ctx, f, ctx->who.user_id);
}

static json_t *assessment_detail(const tunas_assessment *a)
{
	return json_pack("{s:I, s:I, s:I, s:i, s:s, s:i}", "person_id", (json_int_t)a->person_id,
			 "cohort_id", (json_int_t)a->cohort_id, "unit_id", (json_int_t)a->unit_id,
			 "attempt", a->attempt, "result", tunas_result_name(a->result), "score",
			 a->score);
}

int tunas_assessment_record(tunas_ctx *ctx, tunas_assessment *out, const tunas_assessment *in)
{
	tunas_assessment a = *in;
	tunas_unit u;
	tunas_course c;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (a.result == TUNAS_RESULT_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "result",
				      "must be competent or not_yet_competent");
	if (a.score < -1 || a.score > 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "score", "must be 0 to 100");
	if ((rc = tunas_valid_text(ctx, "rubric", a.rubric, 0, TUNAS_TEXT_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "evidence", a.evidence, 1, TUNAS_TEXT_MAX)) != 0 ||
	    (rc = tunas_valid_date(ctx, "assessed_on", a.assessed_on, true)) != 0)
		return rc;
	a.assessor_user_id = ctx->who.user_id;
	a.verified_by = 0;
	a.verified_at = 0;
	a.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, a.cohort_id, "cohort_id")) != 0)
		goto out;
	if (!assesses(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's instructors and centre assess");
		goto out;
	}
	if ((rc = access_need_member(ctx, a.person_id, a.cohort_id, "person_id")) != 0)
		goto out;
	rc = ctx->store->ops->unit_get(ctx->store, &u, a.unit_id);
	if (rc == 0)
		rc = ctx->store->ops->course_get(ctx->store, &c, u.course_id);
	if (rc == TUNAS_ENOTFOUND || (rc == 0 && c.programme_id != f.programme.id)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "unit_id",
				    "unit %lld is not taught in this cohort's programme",
				    (long long)a.unit_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "unit");
		goto out;
	}
	rc = ctx->store->ops->assessment_insert(ctx->store, &a);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assessment");
		goto out;
	}
	rc = tunas_audit_record(ctx, "assessment.record", "assessment", a.id,
				assessment_detail(&a));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = a;
	return rc;
}

int tunas_assessment_verify(tunas_ctx *ctx, tunas_assessment *out, int64_t assessment_id)
{
	tunas_assessment a;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->assessment_get(ctx->store, &a, assessment_id);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assessment");
		goto out;
	}
	if ((rc = access_cohort_load(ctx, &f, a.cohort_id, "cohort_id")) != 0)
		goto out;
	if (!assesses(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the cohort's instructors and centre sign off");
		goto out;
	}
	/* Four eyes: the operator (user 0) has no second pair. */
	if (ctx->who.user_id == 0 || ctx->who.user_id == a.assessor_user_id) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "a second person must verify: not the assessor");
		goto out;
	}
	a.verified_by = ctx->who.user_id;
	a.verified_at = tunas_now();
	rc = ctx->store->ops->assessment_verify(ctx->store, a.id, a.verified_by, a.verified_at);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, NULL, "assessment %lld is verified already",
				    (long long)a.id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "assessment");
		goto out;
	}
	rc = tunas_audit_record(ctx, "assessment.verify", "assessment", a.id,
				assessment_detail(&a));
	if (rc == 0) /* a verified competent attempt is evidence of competencies */
		rc = tunas_person_skills_refresh(ctx, a.person_id);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = a;
	return rc;
}

/* Load an attempt the caller may read (staff of its cohort, or the
 * assessed trainee). */
static int assessment_read(tunas_ctx *ctx, tunas_assessment *a, cohort_facts *f, int64_t id)
{
	int rc = ctx->store->ops->assessment_get(ctx->store, a, id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "assessment");
	return access_cohort_object(ctx, f, a->cohort_id, a->person_id, "assessment", id);
}

int tunas_assessment_get(tunas_ctx *ctx, tunas_assessment *out, int64_t id)
{
	tunas_assessment a;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = assessment_read(ctx, &a, &f, id)) != 0)
		return rc;
	*out = a;
	return 0;
}

int tunas_assessment_list(tunas_ctx *ctx, tunas_assessment **out, size_t *n, int64_t cohort_id,
			  int64_t person_id, const tunas_page *page)
{
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = tunas_valid_page(ctx, page)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0)
		return rc;
	if (!access_cohort_staff(ctx, &f)) {
		if (person_id == 0 && tunas_has_role(ctx, TUNAS_ROLE_TRAINEE))
			person_id = ctx->who.person_id;
		if ((rc = access_cohort_read(ctx, &f, person_id)) != 0)
			return rc;
	}
	rc = ctx->store->ops->assessment_list(ctx->store, out, n, cohort_id, person_id, page);
	return rc ? tunas_ctx_store_fail(ctx, rc, "assessment") : 0;
}

int tunas_assessment_annotate(tunas_ctx *ctx, tunas_assessment_note *out, int64_t assessment_id,
			      tunas_note_kind kind, const char *text)
{
	tunas_assessment_note nt;
	tunas_assessment a;
	cohort_facts f;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (kind == TUNAS_NOTE_NONE)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "kind",
				      "must be dispute, response or resolution");
	if ((rc = tunas_valid_text(ctx, "text", text, 1, TUNAS_TEXT_MAX)) != 0)
		return rc;
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = assessment_read(ctx, &a, &f, assessment_id)) != 0)
		goto out;
	/* The assessed person disputes; the assessors answer and resolve. */
	if (kind == TUNAS_NOTE_DISPUTE ? !access_is_self(ctx, a.person_id) && !assesses(ctx, &f)
				       : !assesses(ctx, &f)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, "kind",
				    kind == TUNAS_NOTE_DISPUTE
					    ? "only the assessed person or the assessors dispute"
					    : "only the cohort's assessors respond or resolve");
		goto out;
	}
	memset(&nt, 0, sizeof(nt));
	nt.assessment_id = assessment_id;
	nt.kind = kind;
	tunas_copy(nt.text, sizeof(nt.text), text);
	nt.author_user_id = ctx->who.user_id;
	nt.created_at = tunas_now();
	rc = ctx->store->ops->note_insert(ctx->store, &id, &nt);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "note");
		goto out;
	}
	rc = tunas_audit_record(ctx, "assessment.annotate", "assessment", assessment_id,
				json_pack("{s:I, s:s}", "note_id", (json_int_t)id, "kind",
					  tunas_note_kind_name(kind)));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		nt.id = id;
		*out = nt;
	}
	return rc;
}

int tunas_assessment_notes(tunas_ctx *ctx, tunas_assessment_note **out, size_t *n,
			   int64_t assessment_id)
{
	tunas_assessment a;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = assessment_read(ctx, &a, &f, assessment_id)) != 0)
		return rc;
	rc = ctx->store->ops->note_list(ctx->store, out, n, assessment_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "note") : 0;
}

/* ------------------------------------------------------------------------ */
/* Vendor certifications */

int tunas_vendor_cert_add(tunas_ctx *ctx, tunas_vendor_cert *out, const tunas_vendor_cert *in)
{
	tunas_vendor_cert v = *in;
	tunas_scope scope;
	bool visible = false;
	int64_t id = 0;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "a centre admin records vendor certifications");
	if ((rc = tunas_valid_text(ctx, "name", v.name, 2, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "number", v.number, 1, TUNAS_CERT_NUMBER_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "issuer", v.issuer, 0, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_date(ctx, "issued_on", v.issued_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "expires_on", v.expires_on, false)) != 0)
		return rc;
	if (v.expires_on[0] && strcmp(v.expires_on, v.issued_on) <= 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "expires_on", "must be after issued_on");
	v.recorded_by = ctx->who.user_id;
	v.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->person_in_scope(ctx->store, &visible, &scope, v.person_id);
	if (rc == 0 && !visible)
		rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "person %lld not found",
				    (long long)v.person_id);
	else if (rc != 0)
		rc = tunas_ctx_store_fail(ctx, rc, "person");
	if (rc != 0)
		goto out;
	rc = ctx->store->ops->vendor_cert_insert(ctx->store, &id, &v);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "number", "%s number %s is recorded already", v.name,
				    v.number);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "vendor certification");
		goto out;
	}
	rc = tunas_audit_record(ctx, "vendor_cert.add", "vendor_cert", id,
				json_pack("{s:I, s:s, s:s, s:s}", "person_id",
					  (json_int_t)v.person_id, "name", v.name, "issued_on",
					  v.issued_on, "expires_on", v.expires_on));
	if (rc == 0)
		rc = tunas_person_skills_refresh(ctx, v.person_id);
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0) {
		v.id = id;
		*out = v;
	}
	return rc;
}

int tunas_vendor_cert_list(tunas_ctx *ctx, tunas_vendor_cert **out, size_t *n, int64_t person_id)
{
	tunas_scope scope;
	bool visible = false;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	tunas_access_scope(ctx, &scope);
	rc = ctx->store->ops->person_in_scope(ctx->store, &visible, &scope, person_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	if (!visible)
		return tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "person %lld not found",
				      (long long)person_id);
	rc = ctx->store->ops->vendor_cert_list(ctx->store, out, n, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "vendor certification") : 0;
}

/* ------------------------------------------------------------------------ */
/* Rules */

int tunas_course_rule_set(tunas_ctx *ctx, const tunas_course_rule *in)
{
	tunas_course c;
	tunas_programme p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (in->min_attendance < 0 || in->min_attendance > 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "min_attendance", "must be 0 to 100");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = load_course(ctx, &c, &p, in->course_id)) != 0)
		goto out;
	if (!manages_programme(ctx, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the programme's owner sets completion rules");
		goto out;
	}
	if (in->vendor_exam && c.vendor_cert[0] == '\0') {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "vendor_exam",
				    "the course names no vendor certification");
		goto out;
	}
	rc = ctx->store->ops->course_rule_put(ctx->store, in);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "rule");
		goto out;
	}
	rc = tunas_audit_record(ctx, "course_rule.set", "course", in->course_id,
				json_pack("{s:i, s:b, s:b}", "min_attendance", in->min_attendance,
					  "all_units", in->all_units, "vendor_exam",
					  in->vendor_exam));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_course_rule_get(tunas_ctx *ctx, tunas_course_rule *out, int64_t course_id)
{
	tunas_course_rule r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	tunas_course c;
	tunas_programme p;

	if ((rc = load_course(ctx, &c, &p, course_id)) != 0)
		return rc == TUNAS_EINVAL
			       ? tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "course %lld not found",
						(long long)course_id)
			       : rc;
	rc = ctx->store->ops->course_rule_get(ctx->store, &r, course_id);
	if (rc == TUNAS_ENOTFOUND) {
		memset(&r, 0, sizeof(r));
		r.course_id = course_id;
		rc = 0;
	}
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "rule");
	*out = r;
	return 0;
}

int tunas_programme_rule_set(tunas_ctx *ctx, const tunas_programme_rule *in)
{
	tunas_programme p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (in->min_attendance < 0 || in->min_attendance > 100)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "min_attendance", "must be 0 to 100");
	if (in->cert_valid_months < 0 || in->cert_valid_months > 600)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "cert_valid_months",
				      "must be 0 (no expiry) to 600");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->programme_get(ctx->store, &p, in->programme_id);
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, "programme_id",
				    "programme %lld does not exist", (long long)in->programme_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "programme");
		goto out;
	}
	if (!manages_programme(ctx, &p)) {
		rc = tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				    "only the programme's owner sets completion rules");
		goto out;
	}
	rc = ctx->store->ops->programme_rule_put(ctx->store, in);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "rule");
		goto out;
	}
	rc = tunas_audit_record(ctx, "programme_rule.set", "programme", in->programme_id,
				json_pack("{s:i, s:b, s:b, s:b, s:i}", "min_attendance",
					  in->min_attendance, "all_courses", in->all_courses,
					  "all_phases", in->all_phases, "auto_certify",
					  in->auto_certify, "cert_valid_months",
					  in->cert_valid_months));
out:
	return tunas_tx_finish(ctx, rc);
}

int tunas_programme_rule_get(tunas_ctx *ctx, tunas_programme_rule *out, int64_t programme_id)
{
	tunas_programme_rule r;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	tunas_programme p;

	rc = ctx->store->ops->programme_get(ctx->store, &p, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "programme");
	rc = ctx->store->ops->programme_rule_get(ctx->store, &r, programme_id);
	if (rc == TUNAS_ENOTFOUND) {
		memset(&r, 0, sizeof(r));
		r.programme_id = programme_id;
		rc = 0;
	}
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "rule");
	*out = r;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Completion */

static void reason(tunas_completion *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(tunas_completion *c, const char *fmt, ...)
{
	va_list ap;

	if (c->n_reasons >= TUNAS_REASONS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(c->reasons[c->n_reasons++], sizeof(c->reasons[0]), fmt, ap);
	va_end(ap);
}

static double rate_of(const tunas_attendance_rate *r)
{
	int total = r->present + r->late + r->excused + r->absent + r->unrecorded;

	return total > 0 ? 100.0 * (r->present + r->late + r->excused) / total : 100.0;
}

/* Does the person hold a vendor certification `name`, valid on `day`? */
static int holds_vendor_cert(tunas_ctx *ctx, bool *out, int64_t person_id, const char *name,
			     const char *day)
{
	tunas_vendor_cert *rows = NULL;
	size_t n = 0;
	int rc = ctx->store->ops->vendor_cert_list(ctx->store, &rows, &n, person_id);

	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "vendor certification");
	*out = false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].name, name) == 0 && strcmp(rows[i].issued_on, day) <= 0 &&
		    (rows[i].expires_on[0] == '\0' || strcmp(rows[i].expires_on, day) >= 0))
			*out = true;
	free(rows);
	return 0;
}

/*
 * The courses a cohort takes: those its timetable teaches, since a
 * programme's tracks (5G, AI, ...) run as separate cohorts; a cohort with
 * no course on its timetable takes every course of the programme.
 */
int assess_cohort_courses(tunas_ctx *ctx, tunas_course **out, size_t *n, const cohort_facts *f)
{
	tunas_page page = {0, TUNAS_PAGE_MAX};
	tunas_course *all = NULL;
	int64_t *taught = NULL;
	size_t n_all = 0, n_taught = 0, kept = 0;
	int rc;

	rc = ctx->store->ops->course_list(ctx->store, &all, &n_all, f->programme.id, &page);
	if (rc == 0)
		rc = ctx->store->ops->cohort_courses(ctx->store, &taught, &n_taught, f->cohort.id);
	if (rc != 0) {
		free(all);
		return tunas_ctx_store_fail(ctx, rc, "course");
	}
	for (size_t i = 0; i < n_all; i++) {
		bool in = n_taught == 0;

		for (size_t j = 0; j < n_taught && !in; j++)
			in = taught[j] == all[i].id;
		if (in)
			all[kept++] = all[i];
	}
	free(taught);
	*out = all;
	*n = kept;
	return 0;
}

/* One course's rules for the person; reasons added to c. */
static int check_course(tunas_ctx *ctx, tunas_completion *c, const tunas_course *course,
			bool all_units, int64_t now, const char *today)
{
	tunas_course_rule rule;
	tunas_attendance_rate r;
	int total = 0, competent = 0;
	int rc = ctx->store->ops->course_rule_get(ctx->store, &rule, course->id);

	if (rc == TUNAS_ENOTFOUND) {
		memset(&rule, 0, sizeof(rule));
		rc = 0;
	}
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "rule");
	rule.all_units = rule.all_units || all_units;
	rc = ctx->store->ops->units_competent(ctx->store, &total, &competent, c->person_id,
					      course->id, today);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "assessment");
	c->units_total += total;
	c->units_competent += competent;
	if (rule.all_units && competent < total)
		reason(c, "%s: %d of %d units verified competent", course->code, competent, total);
	if (rule.min_attendance > 0) {
		rc = ctx->store->ops->attendance_rate(ctx->store, &r, c->cohort_id, course->id,
						      c->person_id, now);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "attendance");
		if (rate_of(&r) < rule.min_attendance)
			reason(c, "%s: attendance %.0f%%, below %d%%", course->code, rate_of(&r),
			       rule.min_attendance);
	}
	if (rule.vendor_exam) {
		bool holds = false;

		if ((rc = holds_vendor_cert(ctx, &holds, c->person_id, course->vendor_cert,
					    today)) != 0)
			return rc;
		if (!holds)
			reason(c, "%s: no valid %s certification recorded", course->code,
			       course->vendor_cert);
	}
	return 0;
}

int assess_completion(tunas_ctx *ctx, tunas_completion *out, const cohort_facts *f,
		      int64_t person_id)
{
	tunas_programme_rule prule;
	tunas_attendance_rate r;
	tunas_course *courses = NULL;
	tunas_phase_evaluation *evals = NULL;
	tunas_completion c;
	char today[TUNAS_DATE_LEN + 1];
	int64_t now = tunas_now();
	size_t n_courses = 0, n_evals = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	c.person_id = person_id;
	c.cohort_id = f->cohort.id;
	tunas_today(today);
	rc = ctx->store->ops->attendance_rate(ctx->store, &r, c.cohort_id, 0, person_id, now);
	if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "attendance");
		goto out;
	}
	c.attendance = rate_of(&r);
	rc = ctx->store->ops->programme_rule_get(ctx->store, &prule, f->programme.id);
	if (rc == TUNAS_ENOTFOUND) {
		memset(&prule, 0, sizeof(prule));
		rc = 0;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "rule");
		goto out;
	}
	if (prule.min_attendance > 0 && c.attendance < prule.min_attendance)
		reason(&c, "attendance %.0f%%, below %d%%", c.attendance, prule.min_attendance);
	if ((rc = assess_cohort_courses(ctx, &courses, &n_courses, f)) != 0)
		goto out;
	/* Vendor certifications count if valid when the cohort ended (or
	 * today, for one still running). */
	if (f->cohort.ends_on[0] && strcmp(f->cohort.ends_on, today) < 0)
		tunas_copy(today, sizeof(today), f->cohort.ends_on);
	/* Each course's own rules apply; all_courses adds that every unit of
	 * every course is verified competent. */
	for (size_t i = 0; i < n_courses; i++)
		if ((rc = check_course(ctx, &c, &courses[i], prule.all_courses, now, today)) != 0)
			goto out;
	if (prule.all_phases && f->programme.n_phases > 0) {
		rc = ctx->store->ops->evaluation_list(ctx->store, &evals, &n_evals, c.cohort_id,
						      person_id);
		if (rc != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "evaluation");
			goto out;
		}
		for (int ph = 1; ph <= f->programme.n_phases; ph++) {
			bool ok = false;

			for (size_t i = 0; i < n_evals; i++)
				if (evals[i].phase == ph && evals[i].satisfactory)
					ok = true;
			if (!ok)
				reason(&c, "phase %d (%s): no satisfactory supervisor evaluation",
				       ph, f->programme.phases[ph - 1].name);
		}
	}
	c.complete = c.n_reasons == 0;
	*out = c;
out:
	free(courses);
	free(evals);
	return rc;
}

int tunas_completion_check(tunas_ctx *ctx, tunas_completion *out, int64_t person_id,
			   int64_t cohort_id)
{
	tunas_completion c;
	cohort_facts f;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0 ||
	    (rc = access_cohort_read(ctx, &f, person_id)) != 0 ||
	    (rc = access_need_member(ctx, person_id, cohort_id, "person_id")) != 0)
		return rc;
	if ((rc = assess_completion(ctx, &c, &f, person_id)) != 0)
		return rc;
	*out = c;
	return 0;
}
