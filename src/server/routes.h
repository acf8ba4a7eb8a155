/*
 * routes.h — the /api/v1 route table: each route maps a method and path to
 * one handler that parses the request, calls libtunas and writes JSON.
 */
#ifndef TUNAS_SERVER_ROUTES_H
#define TUNAS_SERVER_ROUTES_H

#include "server/http.h"

typedef int (*handler_fn)(tunas_req *r);

typedef struct {
	const char *method;
	/* Segments; "{}" matches a positive integer id (into r->params in
	 * order), "{u}" one segment of text (into r->key). */
	const char *pattern;
	handler_fn fn;
	bool public_route; /* needs no sign-in */
	/* A GET whose handler makes at most one store read: it needs no read
	 * snapshot (one statement is consistent by itself), which saves two
	 * statements on the hottest reads. Also set where a handler must see
	 * each statement's latest data (the status lists' cache). Every other
	 * GET runs in one snapshot. */
	bool one_read;
} route;

/* One object response rendered by `render`. */
#define ONE(r, status, render, value)                                                              \
	do {                                                                                       \
		tunas_jsonw w_;                                                                    \
		render(http_json_begin(&w_), (value));                                             \
		return http_json((r), (status), &w_);                                              \
	} while (0)

/* A list response of every row (no paging); next_after is null. */
#define ALL(r, rows, n, render)                                                                    \
	do {                                                                                       \
		tunas_jsonw w_;                                                                    \
		tunas_page all_ = {0, TUNAS_PAGE_MAX + 1};                                         \
		http_list_begin(&w_);                                                              \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			render(&w_, &(rows)[i_]);                                                  \
		http_list_end((r), &w_, 0, (n), &all_);                                            \
	} while (0)

#define PAGE(r, rows, n, page, render)                                                             \
	do {                                                                                       \
		tunas_jsonw w_;                                                                    \
		http_list_begin(&w_);                                                              \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			render(&w_, &(rows)[i_]);                                                  \
		http_list_end((r), &w_, (n) ? (rows)[(n)-1].id : 0, (n), (page));                  \
	} while (0)

/* The routes of delivery, assessment and certificates
 * (routes_delivery.c), searched after the foundation's. */
extern const route tunas_delivery_routes[];
extern const size_t tunas_delivery_routes_count;
/* Skills intelligence (routes_skills.c). */
extern const route tunas_skills_routes[];
extern const size_t tunas_skills_routes_count;
/* Competitions, rounds and judging (routes_compete.c). */
extern const route tunas_compete_routes[];
extern const size_t tunas_compete_routes_count;
/* Funding: sources, allocations, claims (routes_funding.c). */
extern const route tunas_funding_routes[];
extern const size_t tunas_funding_routes_count;
/* Trainers and the cascade (routes_trainers.c). */
extern const route tunas_trainers_routes[];
extern const size_t tunas_trainers_routes_count;

/* Dispatch r (principal already set on r->ctx if a token was valid).
 * Always produces a response on r. */
void tunas_route(tunas_req *r, bool authenticated);

#endif
