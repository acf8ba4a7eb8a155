/*
 * trainers.c — trainers' qualifications, what courses require of their
 * trainers and award to those who complete them, the checks that refuse
 * an unqualified instructor (delivery.c, programme.c call them), and the
 * cascade of who trained whom (trainers.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "ctx.h"
#include "trainers_int.h"
#include "tunas/trainers.h"
#include "util/mem.h"
#include "valid.h"

/* ------------------------------------------------------------------------ */
/* Qualifications and course rules */

static void day_add_months(char out[TUNAS_DATE_LEN + 1], const char *day, int months)
{
	int y = atoi(day), m = atoi(day + 5), d = atoi(day + 8);
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int last;

	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	snprintf(out, TUNAS_DATE_LEN + 1, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
}

static int validate_qual(tunas_ctx *ctx, const tunas_trainer_qual *q)
{
	int rc;

	if ((rc = tunas_valid_text(ctx, "name", q->name, 1, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "number", q->number, 0, TUNAS_QUAL_NUMBER_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "issuer", q->issuer, 0, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_date(ctx, "issued_on", q->issued_on, true)) != 0 ||
	    (rc = tunas_valid_date(ctx, "expires_on", q->expires_on, false)) != 0)
		return rc;
	if (q->expires_on[0] && strcmp(q->expires_on, q->issued_on) < 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "expires_on", "before issued_on");
	return 0;
}

static json_t *qual_detail(const tunas_trainer_qual *q)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I}", "person_id", (json_int_t)q->person_id, "name",
			 q->name, "issued_on", q->issued_on, "expires_on", q->expires_on,
			 "enrolment_id", (json_int_t)q->enrolment_id);
}

int tunas_trainer_qual_add(tunas_ctx *ctx, tunas_trainer_qual *out, const tunas_trainer_qual *in)
{
	tunas_trainer_qual q = *in;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "system admins and centre admins record qualifications");
	if ((rc = validate_qual(ctx, &q)) != 0)
		return rc;
	q.enrolment_id = 0;
	q.recorded_by = ctx->who.user_id;
	q.created_at = tunas_now();
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_need_person(ctx, q.person_id)) != 0)
		goto out;
	if ((rc = ctx->store->ops->trainer_qual_insert(ctx->store, &q.id, &q)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "qualification");
		goto out;
	}
	rc = tunas_audit_record(ctx, "trainer_qual.add", "person", q.person_id, qual_detail(&q));
out:
	rc = tunas_tx_finish(ctx, rc);
	if (rc == 0)
		*out = q;
	return rc;
}

int tunas_trainer_qual_list(tunas_ctx *ctx, tunas_trainer_qual **out, size_t *n, int64_t person_id)
{
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 ||
	    (rc = access_need_person(ctx, person_id)) != 0)
		return rc;
	rc = ctx->store->ops->trainer_qual_list(ctx->store, out, n, person_id);
	return rc ? tunas_ctx_store_fail(ctx, rc, "qualifications") : 0;
}

int tunas_trainer_rule_set(tunas_ctx *ctx, const tunas_trainer_rule *in)
{
	tunas_trainer_rule r = *in;
	tunas_course c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = tunas_valid_text(ctx, "requires", r.requires, 0, TUNAS_NAME_MAX)) != 0 ||
	    (rc = tunas_valid_text(ctx, "awards", r.awards, 0, TUNAS_NAME_MAX)) != 0)
		return rc;
	if (r.award_valid_months < 0 || r.award_valid_months > 600)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "award_valid_months", "must be 0 to 600");
	if (r.awards[0] == '\0' && r.award_valid_months != 0)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, "award_valid_months",
				      "only for a course that awards a qualification");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	if ((rc = access_managed_course(ctx, &c, r.course_id,
					"only the programme's owner sets who may teach its "
					"courses")) != 0)
		goto out;
	if ((rc = ctx->store->ops->trainer_rule_put(ctx->store, &r)) != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "trainer rule");
		goto out;
	}
	rc = tunas_audit_record(ctx, "course.trainer_rule", "course", r.course_id,
				json_pack("{s:s, s:s, s:i}", "requires", r.requires, "awards",
					  r.awards, "award_valid_months", r.award_valid_months));
out:
	return tunas_tx_finish(ctx, rc);
}

/* The rule of a course, empty when it has none. */
static int rule_of(tunas_ctx *ctx, tunas_trainer_rule *out, int64_t course_id)
{
	int rc = ctx->store->ops->trainer_rule_get(ctx->store, out, course_id);

	if (rc == TUNAS_ENOTFOUND) {
		memset(out, 0, sizeof(*out));
		out->course_id = course_id;
		return 0;
	}
	return rc ? tunas_ctx_store_fail(ctx, rc, "trainer rule") : 0;
}

int tunas_trainer_rule_get(tunas_ctx *ctx, tunas_trainer_rule *out, int64_t course_id)
{
	tunas_course c;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if ((rc = ctx->store->ops->course_get(ctx->store, &c, course_id)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "course");
	return rule_of(ctx, out, course_id);
}

int tunas_trainer_link(tunas_ctx *ctx, int64_t user_id, int64_t person_id)
{
	tunas_user u;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0)
		return rc;
	if (!tunas_is_sysadmin(ctx) && !tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
				      "system admins and centre admins link trainers");
	if ((rc = tunas_tx_begin(ctx)) != 0)
		return rc;
	rc = ctx->store->ops->user_get(ctx->store, &u, user_id);
	if (rc == 0 && u.role != TUNAS_ROLE_INSTRUCTOR)
		rc = TUNAS_ENOTFOUND;
	if (rc == 0 && !tunas_is_sysadmin(ctx) && u.org_id != ctx->who.org_id)
		rc = TUNAS_ENOTFOUND;
	if (rc == TUNAS_ENOTFOUND) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOTFOUND, NULL, "instructor %lld not found",
				    (long long)user_id);
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "instructor");
		goto out;
	}
	if ((rc = access_need_person(ctx, person_id)) != 0)
		goto out;
	rc = ctx->store->ops->trainer_link_set(ctx->store, user_id, person_id);
	if (rc == TUNAS_ECONFLICT) {
		rc = tunas_ctx_fail(ctx, rc, "person_id", "is another instructor account's");
		goto out;
	} else if (rc != 0) {
		rc = tunas_ctx_store_fail(ctx, rc, "trainer");
		goto out;
	}
	rc = tunas_audit_record(ctx, "trainer.link", "user", user_id,
				json_pack("{s:I}", "person_id", (json_int_t)person_id));
out:
	return tunas_tx_finish(ctx, rc);
}

/* ------------------------------------------------------------------------ */
/* The checks */

/* EINVAL naming `field` unless instructor `user_id` holds what the course
 * requires, issued by `from` and valid on `to`. */
static int check_one(tunas_ctx *ctx, const char *field, int64_t user_id, int64_t course_id,
		     const char *from, const char *to)
{
	tunas_trainer_qual *quals = NULL;
	tunas_trainer_rule rule;
	tunas_course course;
	tunas_user u;
	int64_t person = 0;
	bool valid = false;
	size_t n = 0, i;
	int rc;

	if (user_id == 0 || course_id == 0)
		return 0;
	if ((rc = rule_of(ctx, &rule, course_id)) != 0)
		return rc;
	if (rule.requires[0] == '\0')
		return 0;
	if ((rc = ctx->store->ops->user_get(ctx->store, &u, user_id)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "instructor");
	if ((rc = ctx->store->ops->course_get(ctx->store, &course, course_id)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "course");
	rc = ctx->store->ops->trainer_link_get(ctx->store, &person, user_id);
	if (rc == TUNAS_ENOTFOUND)
		return tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				      "course %s needs trainers with \"%s\"; instructor %s is not "
				      "linked to a person whose qualifications Tunas holds",
				      course.code, rule.requires, u.username);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "trainer");
	rc = ctx->store->ops->trainer_qual_valid(ctx->store, &valid, person, rule.requires, from,
						 to);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "qualification");
	if (valid)
		return 0;
	/* Say why: never held, expired, or not yet held. */
	rc = ctx->store->ops->trainer_qual_list(ctx->store, &quals, &n, person);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "qualifications");
	for (i = n; i-- > 0;)
		if (strcmp(quals[i].name, rule.requires) == 0)
			break;
	if (i == (size_t)-1)
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				    "course %s needs trainers with \"%s\"; instructor %s does not "
				    "hold it",
				    course.code, rule.requires, u.username);
	else if (quals[i].expires_on[0] && strcmp(quals[i].expires_on, to) < 0)
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				    "course %s needs trainers with \"%s\"; instructor %s's expired "
				    "on %s, before %s",
				    course.code, rule.requires, u.username, quals[i].expires_on,
				    to);
	else
		rc = tunas_ctx_fail(ctx, TUNAS_EINVAL, field,
				    "course %s needs trainers with \"%s\"; instructor %s holds it "
				    "only from %s, after %s",
				    course.code, rule.requires, u.username, quals[i].issued_on,
				    from);
	free(quals);
	return rc;
}

int trainers_check_session(tunas_ctx *ctx, int64_t instructor_user_id, int64_t course_id,
			   const char *day)
{
	return check_one(ctx, "instructor_user_id", instructor_user_id, course_id, day, day);
}

int trainers_check_cohort(tunas_ctx *ctx, const tunas_cohort *c)
{
	int64_t *courses = NULL;
	size_t n = 0, i;
	int rc = 0, k;

	if (c->id == 0 || c->n_instructors == 0)
		return 0;
	rc = ctx->store->ops->cohort_courses(ctx->store, &courses, &n, c->id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cohort");
	for (k = 0; k < c->n_instructors && rc == 0; k++)
		for (i = 0; i < n && rc == 0; i++)
			rc = check_one(ctx, "instructors", c->instructors[k], courses[i],
				       c->starts_on, c->ends_on[0] ? c->ends_on : c->starts_on);
	free(courses);
	return rc;
}

int trainers_award(tunas_ctx *ctx, int64_t person_id, int64_t cohort_id, int64_t enrolment_id)
{
	tunas_course *courses = NULL;
	tunas_trainer_rule rule;
	tunas_trainer_qual q;
	cohort_facts f;
	size_t n = 0, i;
	int rc;

	if ((rc = access_cohort_load(ctx, &f, cohort_id, "cohort_id")) != 0 ||
	    (rc = assess_cohort_courses(ctx, &courses, &n, &f)) != 0)
		return rc;
	for (i = 0; i < n && rc == 0; i++) {
		if ((rc = rule_of(ctx, &rule, courses[i].id)) != 0 || rule.awards[0] == '\0')
			continue;
		memset(&q, 0, sizeof(q));
		q.person_id = person_id;
		tunas_copy(q.name, sizeof(q.name), rule.awards);
		tunas_copy(q.issuer, sizeof(q.issuer), f.programme.name);
		tunas_today(q.issued_on);
		if (rule.award_valid_months > 0)
			day_add_months(q.expires_on, q.issued_on, rule.award_valid_months);
		q.enrolment_id = enrolment_id;
		q.recorded_by = ctx->who.user_id;
		q.created_at = tunas_now();
		if ((rc = ctx->store->ops->trainer_qual_insert(ctx->store, &q.id, &q)) != 0) {
			rc = tunas_ctx_store_fail(ctx, rc, "qualification");
			break;
		}
		rc = tunas_audit_record(ctx, "trainer_qual.award", "person", person_id,
					qual_detail(&q));
	}
	free(courses);
	return rc;
}

/* ------------------------------------------------------------------------ */
/* The cascade */

typedef struct {
	tunas_trained_edge *e; /* sorted by trainer */
	size_t n;
	int64_t *ids; /* every person id in an edge, sorted, unique */
	size_t nids;
	size_t *first; /* per id index: its first edge as trainer (n if none) */
	size_t *deg;   /* per id index: edges as trainer */
	bool *taught;  /* per id index: someone trained them */
} cascade_graph;

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static size_t id_index(const cascade_graph *g, int64_t id)
{
	const int64_t *p = bsearch(&id, g->ids, g->nids, sizeof(*g->ids), cmp_i64);

	return p ? (size_t)(p - g->ids) : g->nids;
}

static void graph_dispose(cascade_graph *g)
{
	free(g->e);
	tunas_free(g->ids);
	tunas_free(g->first);
	tunas_free(g->deg);
	tunas_free(g->taught);
}

static int graph_load(tunas_ctx *ctx, cascade_graph *g, int64_t programme_id)
{
	size_t i, k;
	int rc;

	memset(g, 0, sizeof(*g));
	rc = ctx->store->ops->trained_edges(ctx->store, &g->e, &g->n, programme_id);
	if (rc != 0)
		return tunas_ctx_store_fail(ctx, rc, "cascade");
	g->ids = tunas_calloc(2 * g->n + 1, sizeof(*g->ids));
	if (g->ids == NULL)
		goto nomem;
	for (i = 0; i < g->n; i++) {
		g->ids[2 * i] = g->e[i].trainer;
		g->ids[2 * i + 1] = g->e[i].trainee;
	}
	qsort(g->ids, 2 * g->n, sizeof(*g->ids), cmp_i64);
	for (i = 0, k = 0; i < 2 * g->n; i++)
		if (k == 0 || g->ids[k - 1] != g->ids[i])
			g->ids[k++] = g->ids[i];
	g->nids = k;
	g->first = tunas_calloc(k + 1, sizeof(*g->first));
	g->deg = tunas_calloc(k + 1, sizeof(*g->deg));
	g->taught = tunas_calloc(k + 1, sizeof(*g->taught));
	if (g->first == NULL || g->deg == NULL || g->taught == NULL)
		goto nomem;
	for (i = 0; i < k; i++)
		g->first[i] = g->n;
	for (i = 0; i < g->n; i++) {
		size_t t = id_index(g, g->e[i].trainer);

		if (g->deg[t]++ == 0)
			g->first[t] = i;
		g->taught[id_index(g, g->e[i].trainee)] = true;
	}
	return 0;
nomem:
	graph_dispose(g);
	return tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
}

/* People reached from index `root` (not counting it), with `seen` as
 * scratch (cleared here); optionally the order of trainers reached,
 * breadth first, with their generation and parent. */
static int64_t reach(const cascade_graph *g, size_t root, bool *seen, size_t *queue,
		     tunas_cascade_node *nodes, size_t *nnodes, size_t max_nodes)
{
	size_t head = 0, tail = 0, i, v;
	int *gen = NULL;
	int64_t count = 0;

	memset(seen, 0, g->nids * sizeof(*seen));
	if (nodes != NULL)
		gen = tunas_calloc(g->nids + 1, sizeof(*gen));
	seen[root] = true;
	queue[tail++] = root;
	if (nodes != NULL && *nnodes < max_nodes)
		nodes[(*nnodes)++] = (tunas_cascade_node){.person_id = g->ids[root]};
	while (head < tail) {
		v = queue[head++];
		for (i = 0; i < g->deg[v]; i++) {
			size_t w = id_index(g, g->e[g->first[v] + i].trainee);

			if (seen[w])
				continue;
			seen[w] = true;
			count++;
			queue[tail++] = w;
			if (gen != NULL)
				gen[w] = gen[v] + 1;
			if (gen != NULL && g->deg[w] > 0 && *nnodes < max_nodes)
				nodes[(*nnodes)++] = (tunas_cascade_node){
					.person_id = g->ids[w],
					.generation = gen[w],
					.trained_by = g->ids[v],
				};
		}
	}
	tunas_free(gen);
	return count;
}

/* Fill name, direct and multiplier of nodes[0..n). */
static int fill_nodes(tunas_ctx *ctx, const cascade_graph *g, tunas_cascade_node *nodes, size_t n,
		      bool *seen, size_t *queue)
{
	tunas_person p;
	size_t i, ix;
	int rc;

	for (i = 0; i < n; i++) {
		ix = id_index(g, nodes[i].person_id);
		nodes[i].direct = (int64_t)g->deg[ix];
		nodes[i].multiplier = reach(g, ix, seen, queue, NULL, NULL, 0);
		rc = ctx->store->ops->person_get(ctx->store, &p, nodes[i].person_id);
		if (rc != 0)
			return tunas_ctx_store_fail(ctx, rc, "person");
		tunas_copy(nodes[i].name, sizeof(nodes[i].name), p.full_name);
	}
	return 0;
}

static int need_cascade_reader(tunas_ctx *ctx)
{
	if (tunas_is_sysadmin(ctx) || tunas_has_role(ctx, TUNAS_ROLE_PROGRAMME_OWNER) ||
	    tunas_has_role(ctx, TUNAS_ROLE_CENTRE_ADMIN))
		return 0;
	return tunas_ctx_fail(ctx, TUNAS_EPERM, NULL,
			      "cascades are for system admins, programme owners and centre admins");
}

int tunas_cascade(tunas_ctx *ctx, tunas_cascade_node **out, size_t *n, int64_t *people,
		  int64_t root)
{
	tunas_cascade_node *nodes = NULL;
	cascade_graph g;
	size_t *queue = NULL, nn = 0, r;
	bool *seen = NULL;
	int64_t count = 0;
	tunas_person p;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = need_cascade_reader(ctx)) != 0)
		return rc;
	if ((rc = ctx->store->ops->person_get(ctx->store, &p, root)) != 0)
		return tunas_ctx_store_fail(ctx, rc, "person");
	if ((rc = graph_load(ctx, &g, 0)) != 0)
		return rc;
	r = id_index(&g, root);
	nodes = tunas_calloc(TUNAS_PAGE_MAX, sizeof(*nodes));
	seen = tunas_calloc(g.nids + 1, sizeof(*seen));
	queue = tunas_calloc(g.nids + 1, sizeof(*queue));
	if (nodes == NULL || seen == NULL || queue == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	if (r == g.nids) {
		/* Trained nobody and was trained by no one Tunas knows of. */
		nodes[nn++] = (tunas_cascade_node){.person_id = root};
		tunas_copy(nodes[0].name, sizeof(nodes[0].name), p.full_name);
	} else {
		count = reach(&g, r, seen, queue, nodes, &nn, TUNAS_PAGE_MAX);
		if ((rc = fill_nodes(ctx, &g, nodes, nn, seen, queue)) != 0)
			goto out;
	}
	*out = nodes;
	*n = nn;
	*people = count;
	nodes = NULL;
out:
	tunas_free(nodes);
	tunas_free(seen);
	tunas_free(queue);
	graph_dispose(&g);
	return rc;
}

static int by_multiplier(const void *a, const void *b)
{
	const tunas_cascade_node *x = a, *y = b;

	if (x->multiplier != y->multiplier)
		return x->multiplier > y->multiplier ? -1 : 1;
	return (x->person_id > y->person_id) - (x->person_id < y->person_id);
}

int tunas_cascade_report(tunas_ctx *ctx, tunas_cascade_node **out, size_t *n, int64_t programme_id)
{
	tunas_cascade_node *nodes = NULL;
	cascade_graph g;
	size_t *queue = NULL, nn = 0, i;
	bool *seen = NULL;
	int rc;

	tunas_ctx_clear(ctx);
	if ((rc = tunas_require_signed_in(ctx)) != 0 || (rc = need_cascade_reader(ctx)) != 0)
		return rc;
	if ((rc = graph_load(ctx, &g, programme_id)) != 0)
		return rc;
	for (i = 0; i < g.nids; i++)
		nn += g.deg[i] > 0 && !g.taught[i];
	nodes = tunas_calloc(nn + 1, sizeof(*nodes));
	seen = tunas_calloc(g.nids + 1, sizeof(*seen));
	queue = tunas_calloc(g.nids + 1, sizeof(*queue));
	if (nodes == NULL || seen == NULL || queue == NULL) {
		rc = tunas_ctx_fail(ctx, TUNAS_ENOMEM, NULL, "out of memory");
		goto out;
	}
	for (i = 0, nn = 0; i < g.nids; i++)
		if (g.deg[i] > 0 && !g.taught[i])
			nodes[nn++] = (tunas_cascade_node){.person_id = g.ids[i]};
	if ((rc = fill_nodes(ctx, &g, nodes, nn, seen, queue)) != 0)
		goto out;
	if (nn > 1)
		qsort(nodes, nn, sizeof(*nodes), by_multiplier);
	*out = nn ? nodes : NULL;
	*n = nn;
	if (nn)
		nodes = NULL;
out:
	tunas_free(nodes);
	tunas_free(seen);
	tunas_free(queue);
	graph_dispose(&g);
	return rc;
}
