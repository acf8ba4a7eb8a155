/*
 * demo.h — the demonstration data set: the four seed programmes of the
 * product brief with their organisations, partnerships, courses, cohorts,
 * generated people (valid MyKad / NIK numbers, names of the region) and
 * enrolments carrying the real figures (JTM–Huawei: 400 of 1,000 trained;
 * ZTE–MMU: 20 officers from 14 ministries; ...), plus one demo account per
 * role.
 */
#ifndef TUNAS_DEMO_H
#define TUNAS_DEMO_H

#include "tunas/tunas.h"

typedef struct {
	int64_t organisations, partnerships, programmes, courses, cohorts, people, enrolments,
		users;
	int64_t vacancies, placements; /* skills intelligence */
} tunas_demo_summary;

/* A demo account: username and role, for printing how to sign in. */
typedef struct {
	const char *username;
	const char *role;
	const char *what; /* "JTM programme owner" */
} tunas_demo_account;

/* The demo accounts, terminated by a NULL username. Static. */
const tunas_demo_account *tunas_demo_accounts(void);

/*
 * Load the demo data into an empty database as the local operator; every
 * demo account gets `password`. Deterministic for a given `seed`. Fails
 * with TUNAS_ECONFLICT if the database already holds programmes.
 */
int tunas_demo_load(tunas_ctx *ctx, tunas_demo_summary *out, const char *password, uint64_t seed);

#endif
