/*
 * routes.h — the /api/v1 route table: each route maps a method and path to
 * one handler that parses the request, calls libtunas and writes JSON.
 */
#ifndef TUNAS_SERVER_ROUTES_H
#define TUNAS_SERVER_ROUTES_H

#include "server/http.h"

/* Dispatch r (principal already set on r->ctx if a token was valid).
 * Always produces a response on r. */
void tunas_route(tunas_req *r, bool authenticated);

#endif
