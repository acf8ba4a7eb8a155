/*
 * routes.c — the /api/v1 routes. Each handler parses and checks the request
 * shape, calls one libtunas function, and renders the result; every
 * business rule and permission check is in the library.
 */
#include "server/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tunas/audit.h"
#include "tunas/auth.h"
#include "tunas/enrol.h"
#include "tunas/org.h"
#include "tunas/person.h"
#include "tunas/programme.h"
#include "util/mem.h"

/* Render helpers: each writes one value (or one member) through w. */

/* An eligibility bound: null when there is no rule (0, or -1). */
static void krule(tunas_jsonw *w, const char *key, int v)
{
	if (v > 0)
		tunas_jsonw_kint(w, key, v);
	else
		tunas_jsonw_knull(w, key);
}

/* An array of ids. */
static void kids(tunas_jsonw *w, const char *key, const int64_t *ids, int n)
{
	tunas_jsonw_karr(w, key);
	for (int i = 0; i < n; i++)
		tunas_jsonw_int(w, ids[i]);
	tunas_jsonw_arr_end(w);
}

static void org_json(tunas_jsonw *w, const tunas_org *o)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", o->id);
	tunas_jsonw_kstr(w, "name", o->name);
	tunas_jsonw_kstr(w, "short_name", o->short_name);
	tunas_jsonw_kstr(w, "kind", tunas_org_kind_name(o->kind));
	tunas_jsonw_kstr(w, "country", o->country);
	tunas_jsonw_kstr(w, "region", o->region);
	http_kid(w, "parent_id", o->parent_id);
	tunas_jsonw_kint(w, "created_at", o->created_at);
	tunas_jsonw_obj_end(w);
}

static void partnership_json(tunas_jsonw *w, const tunas_partnership *p)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", p->id);
	tunas_jsonw_kstr(w, "title", p->title);
	tunas_jsonw_kstr(w, "purpose", p->purpose);
	http_kdate(w, "signed_on", p->signed_on);
	http_kdate(w, "starts_on", p->starts_on);
	http_kdate(w, "ends_on", p->ends_on);
	kids(w, "parties", p->parties, p->n_parties);
	tunas_jsonw_kint(w, "created_at", p->created_at);
	tunas_jsonw_obj_end(w);
}

/* Money goes out as a decimal string in major units ("7500000.00") so no
 * client rounds it through a float; IDR and VND have no minor unit in use
 * (tunas_currency_decimals). */
static void money_json(tunas_jsonw *w, int64_t minor, const char *currency)
{
	char buf[40];

	if (tunas_currency_decimals(currency) == 0)
		snprintf(buf, sizeof(buf), "%lld", (long long)minor);
	else
		snprintf(buf, sizeof(buf), "%lld.%02lld", (long long)(minor / 100),
			 (long long)(minor % 100));
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kstr(w, "amount", buf);
	tunas_jsonw_kstr(w, "currency", currency);
	tunas_jsonw_obj_end(w);
}

static void programme_json(tunas_jsonw *w, const tunas_programme *p, bool budget_visible)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", p->id);
	tunas_jsonw_kstr(w, "code", p->code);
	tunas_jsonw_kstr(w, "name", p->name);
	tunas_jsonw_kstr(w, "description", p->description);
	tunas_jsonw_kint(w, "owner_org_id", p->owner_org_id);
	http_kid(w, "sponsor_org_id", p->sponsor_org_id);
	http_kid(w, "partnership_id", p->partnership_id);
	kids(w, "partners", p->partners, p->n_partners);
	tunas_jsonw_kint(w, "target_headcount", p->target_headcount);
	tunas_jsonw_kstr(w, "currency", p->currency);
	tunas_jsonw_kbool(w, "funded", p->funded);
	tunas_jsonw_kstr(w, "starts_on", p->starts_on);
	tunas_jsonw_kstr(w, "ends_on", p->ends_on);
	tunas_jsonw_karr(w, "delivery_modes");
	for (unsigned bit = 1; bit <= TUNAS_MODE_ALL; bit <<= 1)
		if (p->modes & bit)
			tunas_jsonw_str(w, tunas_mode_name(bit));
	tunas_jsonw_arr_end(w);
	tunas_jsonw_karr(w, "tracks");
	for (int i = 0; i < p->n_tracks; i++)
		tunas_jsonw_str(w, p->tracks[i]);
	tunas_jsonw_arr_end(w);
	tunas_jsonw_karr(w, "phases");
	for (int i = 0; i < p->n_phases; i++) {
		const tunas_phase *ph = &p->phases[i];

		tunas_jsonw_obj_begin(w);
		tunas_jsonw_kstr(w, "kind", tunas_phase_kind_name(ph->kind));
		tunas_jsonw_kstr(w, "name", ph->name);
		tunas_jsonw_kstr(w, "location", ph->location);
		tunas_jsonw_kstr(w, "country", ph->country);
		tunas_jsonw_kstr(w, "starts_on", ph->starts_on);
		tunas_jsonw_kstr(w, "ends_on", ph->ends_on);
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_arr_end(w);
	tunas_jsonw_kobj(w, "eligibility");
	krule(w, "min_age", p->rules.min_age);
	krule(w, "max_age", p->rules.max_age);
	krule(w, "min_isced", p->rules.min_isced);
	krule(w, "max_isced", p->rules.max_isced);
	tunas_jsonw_karr(w, "employment");
	for (int i = 0; i < p->rules.n_statuses; i++)
		tunas_jsonw_str(w, tunas_employment_name(p->rules.statuses[i]));
	tunas_jsonw_arr_end(w);
	kids(w, "agencies", p->rules.agencies, p->rules.n_agencies);
	tunas_jsonw_obj_end(w);
	tunas_jsonw_kint(w, "created_at", p->created_at);
	if (budget_visible) {
		tunas_jsonw_key(w, "budget");
		money_json(w, p->budget_minor, p->currency);
	}
	tunas_jsonw_obj_end(w);
}

static void course_json(tunas_jsonw *w, const tunas_course *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kint(w, "programme_id", c->programme_id);
	tunas_jsonw_kstr(w, "code", c->code);
	tunas_jsonw_kstr(w, "title", c->title);
	tunas_jsonw_kint(w, "hours", c->hours);
	tunas_jsonw_kstr(w, "vendor_cert", c->vendor_cert);
	tunas_jsonw_obj_end(w);
}

static void cohort_json(tunas_jsonw *w, const tunas_cohort *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", c->id);
	tunas_jsonw_kint(w, "programme_id", c->programme_id);
	tunas_jsonw_kint(w, "centre_org_id", c->centre_org_id);
	tunas_jsonw_kstr(w, "name", c->name);
	tunas_jsonw_kint(w, "capacity", c->capacity);
	tunas_jsonw_kstr(w, "starts_on", c->starts_on);
	tunas_jsonw_kstr(w, "ends_on", c->ends_on);
	kids(w, "instructors", c->instructors, c->n_instructors);
	tunas_jsonw_obj_end(w);
}

static void person_json(tunas_jsonw *w, const tunas_person *p)
{
	char sex[2] = {p->sex, '\0'};

	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", p->id);
	tunas_jsonw_kstr(w, "full_name", p->full_name);
	tunas_jsonw_kstr(w, "id_type", tunas_ident_type_name(p->id_type));
	tunas_jsonw_kstr(w, "id_number", p->id_number);
	tunas_jsonw_kbool(w, "id_masked", p->id_masked);
	tunas_jsonw_kstr(w, "id_country", p->id_country);
	http_kdate(w, "birth_date", p->birth_date);
	tunas_jsonw_kint(w, "birth_year", p->birth_year);
	tunas_jsonw_kstr(w, "sex", sex);
	tunas_jsonw_kstr(w, "email", p->email);
	tunas_jsonw_kstr(w, "phone", p->phone);
	tunas_jsonw_kstr(w, "edu_country", p->edu_country);
	tunas_jsonw_kstr(w, "edu_level", p->edu_level);
	tunas_jsonw_kint(w, "isced", p->isced);
	tunas_jsonw_kstr(w, "employment", tunas_employment_name(p->employment));
	http_kid(w, "employer_org_id", p->employer_org_id);
	tunas_jsonw_kstr(w, "employer_name", p->employer_name);
	tunas_jsonw_kstr(w, "region", p->region);
	http_kid(w, "registered_by_org", p->registered_by_org);
	tunas_jsonw_kint(w, "created_at", p->created_at);
	tunas_jsonw_kint(w, "updated_at", p->updated_at);
	tunas_jsonw_obj_end(w);
}

static void enrol_json(tunas_jsonw *w, const tunas_enrolment *e)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", e->id);
	tunas_jsonw_kint(w, "person_id", e->person_id);
	tunas_jsonw_kint(w, "cohort_id", e->cohort_id);
	tunas_jsonw_kstr(w, "status", tunas_enrol_status_name(e->status));
	tunas_jsonw_kstr(w, "reason", e->reason);
	tunas_jsonw_kint(w, "applied_at", e->applied_at);
	tunas_jsonw_kint(w, "updated_at", e->updated_at);
	tunas_jsonw_obj_end(w);
}

static void user_json(tunas_jsonw *w, const tunas_user *u)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "id", u->id);
	tunas_jsonw_kstr(w, "username", u->username);
	tunas_jsonw_kstr(w, "display_name", u->display_name);
	tunas_jsonw_kstr(w, "role", tunas_role_name(u->role));
	http_kid(w, "org_id", u->org_id);
	http_kid(w, "person_id", u->person_id);
	tunas_jsonw_kbool(w, "disabled", u->disabled);
	tunas_jsonw_kint(w, "created_at", u->created_at);
	tunas_jsonw_obj_end(w);
}

/* A token's members, without the braces: creation adds the token itself. */
static void token_members(tunas_jsonw *w, const tunas_token *t)
{
	tunas_jsonw_kint(w, "id", t->id);
	tunas_jsonw_kstr(w, "kind", t->kind == TUNAS_TOKEN_API ? "api" : "session");
	tunas_jsonw_kstr(w, "label", t->label);
	tunas_jsonw_kint(w, "created_at", t->created_at);
	tunas_jsonw_kint(w, "expires_at", t->expires_at);
	http_kid(w, "revoked_at", t->revoked_at);
}

static void token_json(tunas_jsonw *w, const tunas_token *t)
{
	tunas_jsonw_obj_begin(w);
	token_members(w, t);
	tunas_jsonw_obj_end(w);
}

static void counts_json(tunas_jsonw *w, const tunas_enrol_counts *c)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "applied", c->applied);
	tunas_jsonw_kint(w, "accepted", c->accepted);
	tunas_jsonw_kint(w, "waitlisted", c->waitlisted);
	tunas_jsonw_kint(w, "rejected", c->rejected);
	tunas_jsonw_kint(w, "enrolled", c->enrolled);
	tunas_jsonw_kint(w, "completed", c->completed);
	tunas_jsonw_kint(w, "withdrawn", c->withdrawn);
	tunas_jsonw_obj_end(w);
}

/* Respond with status and one object, render(w, obj), as the body. */
#define RESPOND(r, status, render, obj)                                                            \
	do {                                                                                       \
		tunas_jsonw w_;                                                                    \
		render(http_json_begin(&w_), (obj));                                               \
		http_json((r), (status), &w_);                                                     \
	} while (0)

/* Health and session. */

static int h_health(tunas_req *r)
{
	tunas_jsonw w;

	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kstr(&w, "status", "ok");
	tunas_jsonw_kstr(&w, "version", TUNAS_VERSION);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_login(tunas_req *r)
{
	static const char *const allowed[] = {"username", "password", NULL};
	char username[TUNAS_CODE_MAX + 1] = "", password[TUNAS_PASSWORD_MAX + 1] = "";
	char token[TUNAS_TOKEN_LEN + 1];
	tunas_token t;
	tunas_jsonw w;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "username", username, sizeof(username), true) ||
	    http_str(r, r->body, "password", password, sizeof(password), true))
		goto out;
	rc = tunas_auth_login(r->ctx, &t, token, username, password);
	if (rc != 0) {
		http_lib_error(r, rc);
		goto out;
	}
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "tunas_session=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s", token,
		 TUNAS_SESSION_TTL, r->secure_cookies ? "; Secure" : "");
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kstr(&w, "token", token);
	tunas_jsonw_kint(&w, "expires_at", t.expires_at);
	tunas_jsonw_kstr(&w, "token_type", "Bearer");
	tunas_jsonw_obj_end(&w);
	http_json(r, 200, &w);
	memset(token, 0, sizeof(token));
out:
	memset(password, 0, sizeof(password));
	return 0;
}

static int h_logout(tunas_req *r)
{
	tunas_jsonw w;
	int rc = tunas_auth_logout(r->ctx, r->token);

	if (rc != 0)
		return http_lib_error(r, rc);
	snprintf(r->set_cookie, sizeof(r->set_cookie),
		 "tunas_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
		 r->secure_cookies ? "; Secure" : "");
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kbool(&w, "signed_out", true);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_me(tunas_req *r)
{
	const tunas_principal *who = tunas_principal_get(r->ctx);
	tunas_jsonw w;

	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "user_id", who->user_id);
	tunas_jsonw_kstr(&w, "username", who->username);
	tunas_jsonw_kstr(&w, "role", tunas_role_name(who->role));
	http_kid(&w, "org_id", who->org_id);
	http_kid(&w, "person_id", who->person_id);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

/* Tokens. */

static int h_tokens_list(tunas_req *r)
{
	tunas_token *rows = NULL;
	size_t n = 0;
	tunas_jsonw w;
	int rc = tunas_token_list(r->ctx, &rows, &n);

	if (rc != 0)
		return http_lib_error(r, rc);
	/* Every token of the caller: a short list, not paged. */
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_karr(&w, "items");
	for (size_t i = 0; i < n; i++)
		token_json(&w, &rows[i]);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(rows);
	return http_json(r, 200, &w);
}

static int h_tokens_create(tunas_req *r)
{
	static const char *const allowed[] = {"label", "ttl_seconds", NULL};
	char label[TUNAS_NAME_MAX + 1] = "", token[TUNAS_TOKEN_LEN + 1];
	int64_t ttl = 30 * 86400;
	tunas_token t;
	tunas_jsonw w;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "label", label, sizeof(label), true) ||
	    http_i64(r, r->body, "ttl_seconds", &ttl, 60, TUNAS_API_TOKEN_TTL_MAX, false))
		return 0;
	rc = tunas_token_create(r->ctx, &t, token, label, ttl);
	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	token_members(&w, &t);
	/* Shown once: only its hash is kept. */
	tunas_jsonw_kstr(&w, "token", token);
	tunas_jsonw_obj_end(&w);
	memset(token, 0, sizeof(token));
	return http_json(r, 201, &w);
}

static int h_tokens_revoke(tunas_req *r)
{
	tunas_jsonw w;
	int rc = tunas_token_revoke(r->ctx, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "id", r->params[0]);
	tunas_jsonw_kbool(&w, "revoked", true);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

/* Users. */

static int h_users_list(tunas_req *r)
{
	tunas_user *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_user_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, user_json);
	free(rows);
	return 0;
}

static int h_users_create(tunas_req *r)
{
	static const char *const allowed[] = {"username",  "display_name", "role", "org_id",
					      "person_id", "password",	   NULL};
	char role[TUNAS_CODE_MAX + 1] = "", password[TUNAS_PASSWORD_MAX + 1] = "";
	tunas_user u, got;
	int64_t id;
	int rc;

	memset(&u, 0, sizeof(u));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "username", u.username, sizeof(u.username), true) ||
	    http_str(r, r->body, "display_name", u.display_name, sizeof(u.display_name), false) ||
	    http_str(r, r->body, "role", role, sizeof(role), true) ||
	    http_i64(r, r->body, "org_id", &u.org_id, 0, INT64_MAX, false) ||
	    http_i64(r, r->body, "person_id", &u.person_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "password", password, sizeof(password), true))
		goto out;
	u.role = tunas_role_parse(role);
	rc = tunas_user_create(r->ctx, &id, &u, password);
	if (rc == 0)
		rc = tunas_user_get(r->ctx, &got, id);
	if (rc != 0)
		http_lib_error(r, rc);
	else
		RESPOND(r, 201, user_json, &got);
out:
	memset(password, 0, sizeof(password));
	return 0;
}

static int h_users_get(tunas_req *r)
{
	tunas_user u;
	int rc = tunas_user_get(r->ctx, &u, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, user_json, &u);
	return 0;
}

/* Organisations and partnerships. */

static int h_orgs_list(tunas_req *r)
{
	tunas_org *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_org_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, org_json);
	free(rows);
	return 0;
}

static int parse_org(tunas_req *r, tunas_org *o, bool create)
{
	static const char *const allowed[] = {"name",	"short_name", "kind", "country",
					      "region", "parent_id",  NULL};
	char kind[TUNAS_CODE_MAX + 1] = "";

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "name", o->name, sizeof(o->name), create) ||
	    http_str(r, r->body, "short_name", o->short_name, sizeof(o->short_name), false) ||
	    http_str(r, r->body, "kind", kind, sizeof(kind), create) ||
	    http_str(r, r->body, "country", o->country, sizeof(o->country), create) ||
	    http_str(r, r->body, "region", o->region, sizeof(o->region), false) ||
	    http_i64(r, r->body, "parent_id", &o->parent_id, 0, INT64_MAX, false))
		return -1;
	if (create) {
		o->kind = tunas_org_kind_parse(kind);
	} else {
		const char *fixed = kind[0]					    ? "kind"
				    : json_object_get(r->body, "country") != NULL   ? "country"
				    : json_object_get(r->body, "parent_id") != NULL ? "parent_id"
										    : NULL;

		if (fixed != NULL) {
			http_problem(r, 422, fixed, "kind, country and parent cannot change");
			return -1;
		}
	}
	return 0;
}

static int h_orgs_create(tunas_req *r)
{
	tunas_org o, got;
	int64_t id;
	int rc;

	memset(&o, 0, sizeof(o));
	if (parse_org(r, &o, true))
		return 0;
	rc = tunas_org_create(r->ctx, &id, &o);
	if (rc == 0)
		rc = tunas_org_get(r->ctx, &got, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, org_json, &got);
	return 0;
}

static int h_orgs_get(tunas_req *r)
{
	tunas_org o;
	int rc = tunas_org_get(r->ctx, &o, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, org_json, &o);
	return 0;
}

static int h_orgs_patch(tunas_req *r)
{
	tunas_org o;
	int rc;

	if ((rc = tunas_org_get(r->ctx, &o, r->params[0])) != 0)
		return http_lib_error(r, rc);
	if (parse_org(r, &o, false))
		return 0;
	rc = tunas_org_update(r->ctx, &o);
	if (rc == 0)
		rc = tunas_org_get(r->ctx, &o, r->params[0]);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, org_json, &o);
	return 0;
}

static int h_partnerships_list(tunas_req *r)
{
	tunas_partnership *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_partnership_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, partnership_json);
	free(rows);
	return 0;
}

static int h_partnerships_create(tunas_req *r)
{
	static const char *const allowed[] = {"title",	 "purpose", "signed_on", "starts_on",
					      "ends_on", "parties", NULL};
	tunas_partnership p;
	int64_t id;
	int rc;

	memset(&p, 0, sizeof(p));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "title", p.title, sizeof(p.title), true) ||
	    http_str(r, r->body, "purpose", p.purpose, sizeof(p.purpose), false) ||
	    http_str(r, r->body, "signed_on", p.signed_on, sizeof(p.signed_on), true) ||
	    http_str(r, r->body, "starts_on", p.starts_on, sizeof(p.starts_on), true) ||
	    http_str(r, r->body, "ends_on", p.ends_on, sizeof(p.ends_on), false) ||
	    http_ids(r, r->body, "parties", p.parties, &p.n_parties, TUNAS_PARTIES_MAX))
		return 0;
	rc = tunas_partnership_create(r->ctx, &id, &p);
	if (rc == 0)
		rc = tunas_partnership_get(r->ctx, &p, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, partnership_json, &p);
	return 0;
}

static int h_partnerships_get(tunas_req *r)
{
	tunas_partnership p;
	int rc = tunas_partnership_get(r->ctx, &p, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, partnership_json, &p);
	return 0;
}

/* Programmes. */

/* Parse a decimal amount "1234.56" (or a whole number) in major units
 * into minor units for the currency. */
static int parse_money(tunas_req *r, const json_t *budget, int64_t *minor, char *currency)
{
	static const char *const allowed[] = {"amount", "currency", NULL};
	char amount[32] = "";
	int64_t whole = 0, frac = 0;
	int scale, digits = 0;
	const char *s;

	if (!json_is_object(budget)) {
		http_problem(r, 422, "budget",
			     "must be {\"amount\": \"...\", \"currency\": \"MYR\"}");
		return -1;
	}
	r->prefix = "budget.";
	if (http_only(r, budget, "budget.", allowed) ||
	    http_str(r, budget, "amount", amount, sizeof(amount), true) ||
	    http_str(r, budget, "currency", currency, 4, true))
		return -1;
	r->prefix = NULL;
	scale = tunas_currency_decimals(currency) == 0 ? 0 : 2;
	for (s = amount; *s >= '0' && *s <= '9'; s++) {
		if (whole > (INT64_C(1000000000000000000) / 1000))
			goto bad;
		whole = whole * 10 + (*s - '0');
		digits++;
	}
	if (digits == 0)
		goto bad;
	if (*s == '.' && scale > 0) {
		s++;
		for (int i = 0; i < scale; i++) {
			frac *= 10;
			if (*s >= '0' && *s <= '9')
				frac += *s++ - '0';
		}
	}
	if (*s != '\0')
		goto bad;
	*minor = whole * (scale ? 100 : 1) + frac;
	return 0;
bad:
	http_problem(r, 422, "budget.amount",
		     "must be a decimal amount such as \"7500000.00\" (IDR, VND: whole units)");
	return -1;
}

static int parse_programme(tunas_req *r, tunas_programme *p)
{
	static const char *const allowed[] = {
		"code", "name", "description", "owner_org_id", "sponsor_org_id", "partnership_id",
		"partners", "target_headcount", "budget", "funded", "starts_on", "ends_on",
		"delivery_modes", "tracks", "phases", "eligibility",
		/* read-only members of the representation, so that what GET
		 * returns can be sent back: checked, never written */
		"id", "currency", "created_at", NULL};
	static const char *const phase_keys[] = {"kind",      "name",	 "location", "country",
						 "starts_on", "ends_on", NULL};
	static const char *const rule_keys[] = {"min_age",    "max_age",  "min_isced", "max_isced",
						"employment", "agencies", NULL};
	json_t *v, *x;
	size_t i;
	char field[64];

	memset(p, 0, sizeof(*p));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "code", p->code, sizeof(p->code), true) ||
	    http_str(r, r->body, "name", p->name, sizeof(p->name), true) ||
	    http_str(r, r->body, "description", p->description, sizeof(p->description), false) ||
	    http_i64(r, r->body, "owner_org_id", &p->owner_org_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "sponsor_org_id", &p->sponsor_org_id, 0, INT64_MAX, false) ||
	    http_i64(r, r->body, "partnership_id", &p->partnership_id, 0, INT64_MAX, false) ||
	    http_ids(r, r->body, "partners", p->partners, &p->n_partners, TUNAS_PARTNERS_MAX) ||
	    http_int(r, r->body, "target_headcount", &p->target_headcount, 1, 100000000, true) ||
	    http_bool(r, r->body, "funded", &p->funded, false) ||
	    http_str(r, r->body, "starts_on", p->starts_on, sizeof(p->starts_on), true) ||
	    http_str(r, r->body, "ends_on", p->ends_on, sizeof(p->ends_on), true))
		return -1;
	v = json_object_get(r->body, "budget");
	if (v == NULL) {
		http_problem(r, 422, "budget", "is required");
		return -1;
	}
	if (parse_money(r, v, &p->budget_minor, p->currency))
		return -1;
	v = json_object_get(r->body, "currency");
	if (v != NULL && (!json_is_string(v) || strcmp(json_string_value(v), p->currency) != 0)) {
		http_problem(r, 422, "currency", "must be the budget's currency, %s", p->currency);
		return -1;
	}
	v = json_object_get(r->body, "id");
	if (v != NULL && (!json_is_integer(v) || json_integer_value(v) != r->params[0])) {
		http_problem(r, 422, "id", "is the programme's id and cannot change");
		return -1;
	}
	v = json_object_get(r->body, "delivery_modes");
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 3) {
		http_problem(r, 422, "delivery_modes",
			     "must list one or more of in_person, online, blended");
		return -1;
	}
	json_array_foreach(v, i, x)
	{
		unsigned bit = json_is_string(x) ? tunas_mode_parse(json_string_value(x)) : 0;

		if (bit == 0) {
			http_problem(r, 422, "delivery_modes",
				     "must list one or more of in_person, online, blended");
			return -1;
		}
		p->modes |= bit;
	}
	v = json_object_get(r->body, "tracks");
	if (v != NULL) {
		if (!json_is_array(v) || json_array_size(v) > TUNAS_TRACKS_MAX) {
			http_problem(r, 422, "tracks", "must be an array of at most %d names",
				     TUNAS_TRACKS_MAX);
			return -1;
		}
		json_array_foreach(v, i, x)
		{
			snprintf(field, sizeof(field), "tracks[%zu]", i);
			if (!json_is_string(x) || json_string_length(x) >= sizeof(p->tracks[0])) {
				http_problem(r, 422, field, "must be a name of at most %d bytes",
					     TUNAS_CODE_MAX);
				return -1;
			}
			memcpy(p->tracks[i], json_string_value(x), json_string_length(x) + 1);
		}
		p->n_tracks = (int)json_array_size(v);
	}
	v = json_object_get(r->body, "phases");
	if (v != NULL) {
		if (!json_is_array(v) || json_array_size(v) > TUNAS_PHASES_MAX) {
			http_problem(r, 422, "phases", "must be an array of at most %d phases",
				     TUNAS_PHASES_MAX);
			return -1;
		}
		json_array_foreach(v, i, x)
		{
			tunas_phase *ph = &p->phases[i];
			char kind[TUNAS_CODE_MAX + 1] = "";

			snprintf(field, sizeof(field), "phases[%zu].", i);
			if (!json_is_object(x)) {
				http_problem(r, 422, "phases", "each phase must be an object");
				return -1;
			}
			r->prefix = field;
			if (http_only(r, x, field, phase_keys) ||
			    http_str(r, x, "kind", kind, sizeof(kind), true) ||
			    http_str(r, x, "name", ph->name, sizeof(ph->name), true) ||
			    http_str(r, x, "location", ph->location, sizeof(ph->location), false) ||
			    http_str(r, x, "country", ph->country, sizeof(ph->country), true) ||
			    http_str(r, x, "starts_on", ph->starts_on, sizeof(ph->starts_on),
				     true) ||
			    http_str(r, x, "ends_on", ph->ends_on, sizeof(ph->ends_on), true))
				return -1;
			r->prefix = NULL;
			ph->kind = tunas_phase_kind_parse(kind);
		}
		p->n_phases = (int)json_array_size(v);
	}
	v = json_object_get(r->body, "eligibility");
	if (v != NULL) {
		if (!json_is_object(v)) {
			http_problem(r, 422, "eligibility", "must be an object");
			return -1;
		}
		r->prefix = "eligibility.";
		if (http_only(r, v, "eligibility.", rule_keys) ||
		    http_int(r, v, "min_age", &p->rules.min_age, 0, 120, false) ||
		    http_int(r, v, "max_age", &p->rules.max_age, 0, 120, false) ||
		    http_int(r, v, "min_isced", &p->rules.min_isced, 0, 8, false) ||
		    http_int(r, v, "max_isced", &p->rules.max_isced, 0, 8, false) ||
		    http_ids(r, v, "agencies", p->rules.agencies, &p->rules.n_agencies,
			     TUNAS_AGENCIES_MAX))
			return -1;
		x = json_object_get(v, "employment");
		if (x != NULL) {
			json_t *e;

			if (!json_is_array(x) || json_array_size(x) > TUNAS_STATUSES_MAX) {
				http_problem(r, 422, "eligibility.employment",
					     "must be an array of employment statuses");
				return -1;
			}
			json_array_foreach(x, i, e)
			{
				tunas_employment st =
					json_is_string(e)
						? tunas_employment_parse(json_string_value(e))
						: TUNAS_EMP_NONE;

				if (st == TUNAS_EMP_NONE) {
					http_problem(r, 422, "eligibility.employment",
						     "must be job_seeker, employed, civil_servant "
						     "or student");
					return -1;
				}
				p->rules.statuses[i] = st;
			}
			p->rules.n_statuses = (int)json_array_size(x);
		}
		r->prefix = NULL;
	}
	return 0;
}

/* In lists, tunas_programme_list marks a budget the caller may not see
 * with -1. */
static void programme_list_json(tunas_jsonw *w, const tunas_programme *p)
{
	programme_json(w, p, p->budget_minor >= 0);
}

static void programme_respond(tunas_req *r, unsigned status, const tunas_programme *p,
			      bool budget_visible)
{
	tunas_jsonw w;

	programme_json(http_json_begin(&w), p, budget_visible);
	http_json(r, status, &w);
}

static int h_programmes_list(tunas_req *r)
{
	tunas_programme *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_programme_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, programme_list_json);
	free(rows);
	return 0;
}

static int h_programmes_create(tunas_req *r)
{
	tunas_programme *p = tunas_calloc(1, sizeof(*p));
	bool vis;
	int64_t id;
	int rc;

	if (p == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if (parse_programme(r, p) == 0) {
		rc = tunas_programme_create(r->ctx, &id, p);
		if (rc == 0)
			rc = tunas_programme_get(r->ctx, p, &vis, id);
		if (rc != 0)
			http_lib_error(r, rc);
		else
			programme_respond(r, 201, p, vis);
	}
	tunas_free(p);
	return 0;
}

static int h_programmes_put(tunas_req *r)
{
	tunas_programme *p = tunas_calloc(1, sizeof(*p));
	bool vis;
	int rc;

	if (p == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	if (parse_programme(r, p) == 0) {
		p->id = r->params[0];
		rc = tunas_programme_update(r->ctx, p);
		if (rc == 0)
			rc = tunas_programme_get(r->ctx, p, &vis, r->params[0]);
		if (rc != 0)
			http_lib_error(r, rc);
		else
			programme_respond(r, 200, p, vis);
	}
	tunas_free(p);
	return 0;
}

static int h_programmes_get(tunas_req *r)
{
	tunas_programme *p = tunas_calloc(1, sizeof(*p));
	bool vis;
	int rc;

	if (p == NULL)
		return http_problem(r, 500, NULL, "out of memory");
	rc = tunas_programme_get(r->ctx, p, &vis, r->params[0]);
	if (rc != 0)
		http_lib_error(r, rc);
	else
		programme_respond(r, 200, p, vis);
	tunas_free(p);
	return 0;
}

static void breakdown_json(tunas_jsonw *w, const tunas_breakdown_row *b)
{
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kstr(w, "key", b->key);
	tunas_jsonw_kint(w, "enrolled", b->enrolled);
	tunas_jsonw_kint(w, "completed", b->completed);
	tunas_jsonw_kint(w, "certified", b->certified);
	tunas_jsonw_kint(w, "placed", b->placed);
	tunas_jsonw_obj_end(w);
}

static int h_programmes_breakdown(tunas_req *r)
{
	const char *name = http_query(r, "by");
	tunas_breakdown_by by = tunas_breakdown_by_parse(name);
	tunas_breakdown_row *rows = NULL;
	tunas_jsonw w;
	size_t n = 0;
	int rc;

	if (by == 0)
		return http_problem(r, 400, "by", "one of region, gender, edu_level, partner");
	rc = tunas_programme_breakdown(r->ctx, &rows, &n, r->params[0], by);
	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "programme_id", r->params[0]);
	tunas_jsonw_kstr(&w, "by", name);
	tunas_jsonw_key(&w, "rows");
	tunas_jsonw_arr_begin(&w);
	for (size_t i = 0; i < n; i++)
		breakdown_json(&w, &rows[i]);
	tunas_jsonw_arr_end(&w);
	tunas_jsonw_obj_end(&w);
	free(rows);
	return http_json(r, 200, &w);
}

static int h_programmes_progress(tunas_req *r)
{
	tunas_progress pr;
	tunas_jsonw w;
	int rc = tunas_programme_progress(r->ctx, &pr, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kint(&w, "programme_id", pr.programme_id);
	tunas_jsonw_kint(&w, "target", pr.target);
	tunas_jsonw_kint(&w, "trained", pr.trained);
	tunas_jsonw_kint(&w, "in_training", pr.in_training);
	tunas_jsonw_kdouble(&w, "percent_of_target", pr.percent_of_target);
	tunas_jsonw_key(&w, "enrolments");
	counts_json(&w, &pr.counts);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

/* Courses. */

static int h_courses_list(tunas_req *r)
{
	tunas_course *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_course_list(r->ctx, &rows, &n, r->params[0], &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, course_json);
	free(rows);
	return 0;
}

static int h_courses_create(tunas_req *r)
{
	static const char *const allowed[] = {"programme_id", "code",	     "title",
					      "hours",	      "vendor_cert", NULL};
	tunas_course c;
	int64_t id;
	int rc;

	memset(&c, 0, sizeof(c));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "programme_id", &c.programme_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "code", c.code, sizeof(c.code), true) ||
	    http_str(r, r->body, "title", c.title, sizeof(c.title), true) ||
	    http_int(r, r->body, "hours", &c.hours, 1, 10000, true) ||
	    http_str(r, r->body, "vendor_cert", c.vendor_cert, sizeof(c.vendor_cert), false))
		return 0;
	rc = tunas_course_create(r->ctx, &id, &c);
	if (rc == 0)
		rc = tunas_course_get(r->ctx, &c, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, course_json, &c);
	return 0;
}

static int h_courses_get(tunas_req *r)
{
	tunas_course c;
	int rc = tunas_course_get(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, course_json, &c);
	return 0;
}

/* Cohorts. */

static int parse_cohort(tunas_req *r, tunas_cohort *c)
{
	static const char *const allowed[] = {
		"programme_id", "centre_org_id", "name",	"capacity",
		"starts_on",	"ends_on",	 "instructors", NULL};

	memset(c, 0, sizeof(*c));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "programme_id", &c->programme_id, 1, INT64_MAX, true) ||
	    http_i64(r, r->body, "centre_org_id", &c->centre_org_id, 1, INT64_MAX, true) ||
	    http_str(r, r->body, "name", c->name, sizeof(c->name), true) ||
	    http_int(r, r->body, "capacity", &c->capacity, 1, 100000, true) ||
	    http_str(r, r->body, "starts_on", c->starts_on, sizeof(c->starts_on), true) ||
	    http_str(r, r->body, "ends_on", c->ends_on, sizeof(c->ends_on), true) ||
	    http_ids(r, r->body, "instructors", c->instructors, &c->n_instructors,
		     TUNAS_INSTRUCTORS_MAX))
		return -1;
	return 0;
}

static int h_cohorts_list(tunas_req *r)
{
	tunas_cohort *rows = NULL;
	tunas_page page;
	const char *pid = http_query(r, "programme_id");
	int64_t programme_id = 0;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if (pid != NULL) {
		char *end;

		programme_id = strtoll(pid, &end, 10);
		if (*end != '\0' || programme_id < 1)
			return http_problem(r, 400, "programme_id", "must be a programme id");
	}
	if ((rc = tunas_cohort_list(r->ctx, &rows, &n, programme_id, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, cohort_json);
	free(rows);
	return 0;
}

static int h_cohorts_create(tunas_req *r)
{
	tunas_cohort c;
	int64_t id;
	int rc;

	if (parse_cohort(r, &c))
		return 0;
	rc = tunas_cohort_create(r->ctx, &id, &c);
	if (rc == 0)
		rc = tunas_cohort_get(r->ctx, &c, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, cohort_json, &c);
	return 0;
}

static int h_cohorts_put(tunas_req *r)
{
	tunas_cohort c;
	int rc;

	if (parse_cohort(r, &c))
		return 0;
	c.id = r->params[0];
	rc = tunas_cohort_update(r->ctx, &c);
	if (rc == 0)
		rc = tunas_cohort_get(r->ctx, &c, c.id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, cohort_json, &c);
	return 0;
}

static int h_cohorts_get(tunas_req *r)
{
	tunas_cohort c;
	int rc = tunas_cohort_get(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, cohort_json, &c);
	return 0;
}

static int h_cohorts_counts(tunas_req *r)
{
	tunas_enrol_counts c;
	int rc = tunas_cohort_counts(r->ctx, &c, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, counts_json, &c);
	return 0;
}

static int list_enrolments(tunas_req *r, int64_t cohort_id, int64_t person_id)
{
	tunas_enrolment *rows = NULL;
	tunas_page page;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	rc = tunas_enrol_list(r->ctx, &rows, &n, cohort_id, person_id, &page);
	if (rc != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, enrol_json);
	free(rows);
	return 0;
}

static int h_cohorts_enrolments(tunas_req *r)
{
	return list_enrolments(r, r->params[0], 0);
}

/* People. */

static int parse_person(tunas_req *r, tunas_person *p, bool create)
{
	static const char *const allowed[] = {
		"full_name",  "id_type",	 "id_number",	  "id_country",	 "birth_date",
		"sex",	      "email",		 "phone",	  "edu_country", "edu_level",
		"employment", "employer_org_id", "employer_name", "region",	 NULL};
	char id_type[16] = "", sex[4] = "", employment[TUNAS_CODE_MAX + 1] = "";

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "full_name", p->full_name, sizeof(p->full_name), create) ||
	    http_str(r, r->body, "id_type", id_type, sizeof(id_type), create) ||
	    http_str(r, r->body, "id_number", p->id_number, sizeof(p->id_number), create) ||
	    http_str(r, r->body, "id_country", p->id_country, sizeof(p->id_country), false) ||
	    http_str(r, r->body, "birth_date", p->birth_date, sizeof(p->birth_date), false) ||
	    http_str(r, r->body, "sex", sex, sizeof(sex), false) ||
	    http_str(r, r->body, "email", p->email, sizeof(p->email), false) ||
	    http_str(r, r->body, "phone", p->phone, sizeof(p->phone), false) ||
	    http_str(r, r->body, "edu_country", p->edu_country, sizeof(p->edu_country), false) ||
	    http_str(r, r->body, "edu_level", p->edu_level, sizeof(p->edu_level), create) ||
	    http_str(r, r->body, "employment", employment, sizeof(employment), create) ||
	    http_i64(r, r->body, "employer_org_id", &p->employer_org_id, 0, INT64_MAX, false) ||
	    http_str(r, r->body, "employer_name", p->employer_name, sizeof(p->employer_name),
		     false) ||
	    http_str(r, r->body, "region", p->region, sizeof(p->region), false))
		return -1;
	if (!create && (id_type[0] || json_object_get(r->body, "id_number") ||
			json_object_get(r->body, "birth_date") || sex[0])) {
		http_problem(r, 422, "id_number",
			     "identity fields (id_type, id_number, birth_date, sex) cannot change");
		return -1;
	}
	if (create) {
		p->id_type = tunas_ident_type_parse(id_type);
		if (sex[0] && (sex[1] || (sex[0] != 'M' && sex[0] != 'F'))) {
			http_problem(r, 422, "sex", "must be M or F");
			return -1;
		}
		p->sex = sex[0];
	}
	if (employment[0])
		p->employment = tunas_employment_parse(employment);
	return 0;
}

static int h_people_list(tunas_req *r)
{
	tunas_person_filter f;
	tunas_person *rows = NULL;
	tunas_page page;
	const char *cid = http_query(r, "cohort_id");
	size_t n = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	if (http_page(r, &page))
		return 0;
	if (cid != NULL) {
		char *end;

		f.cohort_id = strtoll(cid, &end, 10);
		if (*end != '\0' || f.cohort_id < 1)
			return http_problem(r, 400, "cohort_id", "must be a cohort id");
	}
	if ((rc = tunas_person_list(r->ctx, &rows, &n, &f, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, person_json);
	free(rows);
	return 0;
}

/* POST /people/search: names and regions are personal data, so the filter
 * travels in the body, never in the URL. */
static int h_people_search(tunas_req *r)
{
	static const char *const allowed[] = {"name_prefix", "region", "cohort_id",
					      "after",	     "limit",  NULL};
	tunas_person_filter f;
	tunas_person *rows = NULL;
	tunas_page page = {0, 50};
	size_t n = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "name_prefix", f.name_prefix, sizeof(f.name_prefix), false) ||
	    http_str(r, r->body, "region", f.region, sizeof(f.region), false) ||
	    http_i64(r, r->body, "cohort_id", &f.cohort_id, 1, INT64_MAX, false) ||
	    http_i64(r, r->body, "after", &page.after_id, 0, INT64_MAX, false) ||
	    http_int(r, r->body, "limit", &page.limit, 1, TUNAS_PAGE_MAX, false))
		return 0;
	if ((rc = tunas_person_list(r->ctx, &rows, &n, &f, &page)) != 0)
		return http_lib_error(r, rc);
	PAGE(r, rows, n, &page, person_json);
	free(rows);
	return 0;
}

static int h_people_lookup(tunas_req *r)
{
	static const char *const allowed[] = {"id_type", "id_number", NULL};
	char id_type[16] = "", number[TUNAS_ID_MAX + 8] = "";
	tunas_person p;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "id_type", id_type, sizeof(id_type), true) ||
	    http_str(r, r->body, "id_number", number, sizeof(number), true))
		return 0;
	rc = tunas_person_find(r->ctx, &p, tunas_ident_type_parse(id_type), number);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, person_json, &p);
	return 0;
}

static int h_people_create(tunas_req *r)
{
	tunas_person p;
	int64_t id;
	int rc;

	memset(&p, 0, sizeof(p));
	if (parse_person(r, &p, true))
		return 0;
	rc = tunas_person_create(r->ctx, &id, &p);
	if (rc == 0)
		rc = tunas_person_get(r->ctx, &p, id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, person_json, &p);
	return 0;
}

static int h_people_get(tunas_req *r)
{
	tunas_person p;
	int rc = tunas_person_get(r->ctx, &p, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, person_json, &p);
	return 0;
}

static int h_people_patch(tunas_req *r)
{
	tunas_person p;
	int rc;

	if ((rc = tunas_person_get(r->ctx, &p, r->params[0])) != 0)
		return http_lib_error(r, rc);
	if (parse_person(r, &p, false))
		return 0;
	rc = tunas_person_update(r->ctx, &p);
	if (rc == 0)
		rc = tunas_person_get(r->ctx, &p, r->params[0]);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, person_json, &p);
	return 0;
}

static int h_people_enrolments(tunas_req *r)
{
	return list_enrolments(r, 0, r->params[0]);
}

/* Enrolments. */

static int h_enrol_create(tunas_req *r)
{
	static const char *const allowed[] = {"person_id", "id_type",	"id_number",
					      "full_name", "cohort_id", NULL};
	char id_type[16] = "", number[TUNAS_ID_MAX + 8] = "", name[TUNAS_NAME_MAX + 1] = "";
	int64_t person_id = 0, cohort_id = 0;
	tunas_enrolment e;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_i64(r, r->body, "person_id", &person_id, 1, INT64_MAX, false) ||
	    http_str(r, r->body, "id_type", id_type, sizeof(id_type), false) ||
	    http_str(r, r->body, "id_number", number, sizeof(number), false) ||
	    http_str(r, r->body, "full_name", name, sizeof(name), false) ||
	    http_i64(r, r->body, "cohort_id", &cohort_id, 1, INT64_MAX, true))
		return 0;
	if ((person_id != 0) == (number[0] != '\0'))
		return http_problem(r, 422, "person_id",
				    "give either person_id, or id_type, id_number and full_name");
	if (person_id != 0)
		rc = tunas_enrol_apply(r->ctx, &e, person_id, cohort_id);
	else
		rc = tunas_enrol_apply_ident(r->ctx, &e, tunas_ident_type_parse(id_type), number,
					     name, cohort_id);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 201, enrol_json, &e);
	return 0;
}

static int h_enrol_get(tunas_req *r)
{
	tunas_enrolment e;
	int rc = tunas_enrol_get(r->ctx, &e, r->params[0]);

	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, enrol_json, &e);
	return 0;
}

static int h_enrol_status(tunas_req *r)
{
	static const char *const allowed[] = {"status", "reason", NULL};
	char status[TUNAS_CODE_MAX + 1] = "", reason[TUNAS_TEXT_MAX + 1] = "";
	tunas_enrolment e;
	int rc;

	if (http_body_required(r) || http_only(r, r->body, NULL, allowed) ||
	    http_str(r, r->body, "status", status, sizeof(status), true) ||
	    http_str(r, r->body, "reason", reason, sizeof(reason), false))
		return 0;
	rc = tunas_enrol_move(r->ctx, &e, r->params[0], tunas_enrol_status_parse(status), reason);
	if (rc != 0)
		return http_lib_error(r, rc);
	RESPOND(r, 200, enrol_json, &e);
	return 0;
}

/* Audit. */

/* The detail is stored as JSON text: parsed, then written again through
 * the one encoder; {} if it does not parse. */
static void audit_json(tunas_jsonw *w, const tunas_audit_entry *e)
{
	char hash[2 * TUNAS_HASH_LEN + 1];
	json_t *detail = json_loads(e->detail, 0, NULL);

	for (int i = 0; i < TUNAS_HASH_LEN; i++)
		snprintf(hash + 2 * i, 3, "%02x", e->hash[i]);
	tunas_jsonw_obj_begin(w);
	tunas_jsonw_kint(w, "seq", e->seq);
	tunas_jsonw_kint(w, "at", e->at);
	tunas_jsonw_kint(w, "actor_id", e->actor_id);
	tunas_jsonw_kstr(w, "actor_name", e->actor_name);
	tunas_jsonw_kstr(w, "action", e->action);
	tunas_jsonw_kstr(w, "object_type", e->object_type);
	tunas_jsonw_kint(w, "object_id", e->object_id);
	tunas_jsonw_key(w, "detail");
	if (detail != NULL) {
		http_json_value(w, detail);
	} else {
		tunas_jsonw_obj_begin(w);
		tunas_jsonw_obj_end(w);
	}
	tunas_jsonw_kstr(w, "hash", hash);
	tunas_jsonw_obj_end(w);
	json_decref(detail);
}

static int h_audit_list(tunas_req *r)
{
	tunas_audit_entry *rows = NULL;
	tunas_page page;
	tunas_jsonw w;
	size_t n = 0;
	int rc;

	if (http_page(r, &page))
		return 0;
	if ((rc = tunas_audit_list(r->ctx, &rows, &n, &page)) != 0)
		return http_lib_error(r, rc);
	http_list_begin(&w);
	for (size_t i = 0; i < n; i++)
		audit_json(&w, &rows[i]);
	http_list_end(r, &w, n ? rows[n - 1].seq : 0, n, &page);
	free(rows);
	return 0;
}

static int h_audit_verify(tunas_req *r)
{
	int64_t count = 0, bad = 0;
	tunas_jsonw w;
	int rc = tunas_audit_verify(r->ctx, &count, &bad);

	if (rc != 0 && rc != TUNAS_ECONFLICT)
		return http_lib_error(r, rc);
	tunas_jsonw_obj_begin(http_json_begin(&w));
	tunas_jsonw_kbool(&w, "intact", rc == 0);
	tunas_jsonw_kint(&w, "entries", count);
	if (rc == TUNAS_ECONFLICT)
		tunas_jsonw_kint(&w, "first_bad_seq", bad);
	tunas_jsonw_obj_end(&w);
	return http_json(r, 200, &w);
}

static int h_index(tunas_req *r)
{
	static const char page[] =
		"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<title>Tunas</title></head><body><main><h1>Tunas</h1>"
		"<p>Workforce upskilling programmes: partnerships, programmes, cohorts, "
		"people and enrolment.</p>"
		"<p>The JSON API is at <code>/api/v1</code>; sign in with "
		"<code>POST /api/v1/auth/login</code>. The API is described in "
		"<code>docs/openapi.yaml</code>.</p></main></body></html>";

	free(r->out);
	r->out = tunas_strdup(page);
	r->out_len = r->out ? strlen(page) : 0;
	r->status = r->out ? 200 : 500;
	r->content_type = "text/html; charset=utf-8";
	return 0;
}

static const route routes[] = {
	{"GET", "/", h_index, true, true},
	{"GET", "/api/v1/health", h_health, true, true},
	{"POST", "/api/v1/auth/login", h_login, true, false},
	{"POST", "/api/v1/auth/logout", h_logout, false, false},
	{"GET", "/api/v1/me", h_me, false, false},
	{"GET", "/api/v1/tokens", h_tokens_list, false, false},
	{"POST", "/api/v1/tokens", h_tokens_create, false, false},
	{"DELETE", "/api/v1/tokens/{}", h_tokens_revoke, false, false},
	{"GET", "/api/v1/users", h_users_list, false, false},
	{"POST", "/api/v1/users", h_users_create, false, false},
	{"GET", "/api/v1/users/{}", h_users_get, false, false},
	{"GET", "/api/v1/organisations", h_orgs_list, false, false},
	{"POST", "/api/v1/organisations", h_orgs_create, false, false},
	{"GET", "/api/v1/organisations/{}", h_orgs_get, false, false},
	{"PATCH", "/api/v1/organisations/{}", h_orgs_patch, false, false},
	{"GET", "/api/v1/partnerships", h_partnerships_list, false, false},
	{"POST", "/api/v1/partnerships", h_partnerships_create, false, false},
	{"GET", "/api/v1/partnerships/{}", h_partnerships_get, false, false},
	{"GET", "/api/v1/programmes", h_programmes_list, false, false},
	{"POST", "/api/v1/programmes", h_programmes_create, false, false},
	{"GET", "/api/v1/programmes/{}", h_programmes_get, false, false},
	{"PUT", "/api/v1/programmes/{}", h_programmes_put, false, false},
	{"GET", "/api/v1/programmes/{}/progress", h_programmes_progress, false, false},
	{"GET", "/api/v1/programmes/{}/breakdown", h_programmes_breakdown, false, false},
	{"GET", "/api/v1/programmes/{}/courses", h_courses_list, false, false},
	{"POST", "/api/v1/courses", h_courses_create, false, false},
	{"GET", "/api/v1/courses/{}", h_courses_get, false, false},
	{"GET", "/api/v1/cohorts", h_cohorts_list, false, false},
	{"POST", "/api/v1/cohorts", h_cohorts_create, false, false},
	{"GET", "/api/v1/cohorts/{}", h_cohorts_get, false, false},
	{"PUT", "/api/v1/cohorts/{}", h_cohorts_put, false, false},
	{"GET", "/api/v1/cohorts/{}/counts", h_cohorts_counts, false, false},
	{"GET", "/api/v1/cohorts/{}/enrolments", h_cohorts_enrolments, false, false},
	{"GET", "/api/v1/people", h_people_list, false, false},
	{"POST", "/api/v1/people", h_people_create, false, false},
	{"POST", "/api/v1/people/search", h_people_search, false, false},
	{"POST", "/api/v1/people/lookup", h_people_lookup, false, false},
	{"GET", "/api/v1/people/{}", h_people_get, false, true},
	{"PATCH", "/api/v1/people/{}", h_people_patch, false, false},
	{"GET", "/api/v1/people/{}/enrolments", h_people_enrolments, false, false},
	{"POST", "/api/v1/enrolments", h_enrol_create, false, false},
	{"GET", "/api/v1/enrolments/{}", h_enrol_get, false, false},
	{"POST", "/api/v1/enrolments/{}/status", h_enrol_status, false, false},
	{"GET", "/api/v1/audit", h_audit_list, false, false},
	{"GET", "/api/v1/audit/verify", h_audit_verify, false, false},
};

static const size_t routes_count = sizeof(routes) / sizeof(routes[0]);

/* Match path against pattern, collecting {} ids. */
static bool match(const tunas_req *r, const char *pattern, const char *path, int64_t *params,
		  char *key)
{
	int np = 0;

	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			int64_t v = 0;
			int digits = 0;

			while (*path >= '0' && *path <= '9') {
				if (v > (INT64_MAX - 9) / 10)
					return false;
				v = v * 10 + (*path++ - '0');
				digits++;
			}
			if (digits == 0 || v == 0 || np == TUNAS_PATH_PARAMS_MAX)
				return false;
			params[np++] = v;
			pattern += 2;
			continue;
		}
		if (pattern[0] == '{' && pattern[1] == 'u' && pattern[2] == '}') {
			size_t len = strcspn(path, "/");

			if (len == 0 || len >= sizeof(r->key))
				return false;
			memcpy(key, path, len);
			key[len] = '\0';
			path += len;
			pattern += 3;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	/* A trailing slash is the same resource. */
	if (*path == '/' && path[1] == '\0')
		path++;
	return *pattern == '\0' && *path == '\0';
}

/* Every route table, searched in order. */
static const struct {
	const route *routes;
	const size_t *count;
} tables[] = {
	{routes, &routes_count},
	{tunas_delivery_routes, &tunas_delivery_routes_count},
	{tunas_skills_routes, &tunas_skills_routes_count},
	{tunas_compete_routes, &tunas_compete_routes_count},
	{tunas_funding_routes, &tunas_funding_routes_count},
	{tunas_trainers_routes, &tunas_trainers_routes_count},
};

/* The route for r's method and path, or NULL; r->allow collects the
 * methods of routes whose path matched but method did not. */
static const route *find_route(tunas_req *r, int64_t *params, char *key)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (size_t i = 0; i < *tables[t].count; i++) {
			const route *rt = &tables[t].routes[i];
			size_t len;

			memset(params, 0, sizeof(int64_t) * TUNAS_PATH_PARAMS_MAX);
			key[0] = '\0';
			if (!match(r, rt->pattern, r->path, params, key))
				continue;
			/* HEAD is GET without the body (libmicrohttpd drops it). */
			if (strcmp(rt->method, r->method) == 0 ||
			    (strcmp(r->method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0))
				return rt;
			len = strlen(r->allow);
			snprintf(r->allow + len, sizeof(r->allow) - len, "%s%s", len ? ", " : "",
				 rt->method);
		}
	}
	return NULL;
}

void tunas_route(tunas_req *r, bool authenticated)
{
	int64_t params[TUNAS_PATH_PARAMS_MAX];
	char key[sizeof(r->key)];
	const route *rt = find_route(r, params, key);

	if (rt == NULL) {
		if (r->allow[0])
			http_problem(r, 405, NULL, "%s is not allowed here", r->method);
		else
			http_problem(r, 404, NULL, "no such resource");
		return;
	}
	if (!rt->public_route && !authenticated) {
		http_problem(r, 401, NULL,
			     r->token ? "the token is invalid, expired or revoked"
				      : "sign in or send a bearer token");
		return;
	}
	memcpy(r->params, params, sizeof(params));
	memcpy(r->key, key, sizeof(key));
	/* A GET reads from one snapshot: consistent, and one read lock for the
	 * whole request rather than one per statement. It starts after the
	 * token is resolved, so a revocation that commits meanwhile is seen
	 * (and not cached back, see auth.c). The server ends it after the
	 * response is built. */
	if (strcmp(rt->method, "GET") == 0 && !rt->one_read)
		tunas_snapshot_begin(r->ctx);
	rt->fn(r);
}
