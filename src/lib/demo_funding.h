/*
 * demo_funding.h — the funding part of the demo data (demo_funding.c),
 * loaded by tunas_demo_load() after the programmes have run: Budget 2025's
 * TVET allocation, JPA paying for ZTE-MMU in full, Kemnaker's budget line
 * and Huawei Indonesia's contribution to SmartGen, and the claims of
 * SmartGen's centres and of MMU in every state.
 */
#ifndef TUNAS_DEMO_FUNDING_H
#define TUNAS_DEMO_FUNDING_H

#include "tunas/tunas.h"

typedef struct {
	int64_t sources, allocations, claims, paid;
} demo_funding_summary;

/* In the caller's transaction, acting as the local operator (the caller's
 * principal is restored after); out may be NULL. */
int demo_funding_load(tunas_ctx *ctx, demo_funding_summary *out);

#endif
