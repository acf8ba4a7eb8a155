/*
 * ratelimit.h — per-client token buckets for request rate limits.
 *
 * On a database of its own (SQLite) a server counts in memory: a fixed
 * table of buckets keyed by a hash of the client key (so memory is bounded
 * whatever the number of clients); clients that collide share a bucket,
 * which can only make the limit stricter. When several servers share the
 * database (PostgreSQL) they must count together, or a client spreading
 * its requests over them would get N times the limit: the buckets are then
 * rows in the database (tunas_rate_take). Thread-safe.
 */
#ifndef TUNAS_SERVER_RATELIMIT_H
#define TUNAS_SERVER_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "tunas/auth.h"

typedef struct tunas_ratelimit tunas_ratelimit;

/* The limit `name` (its bucket name in the database, at most 32
 * characters, kept by reference): rate tokens per second, up to burst;
 * rate 0 disables it. NULL on out of memory. */
tunas_ratelimit *tunas_ratelimit_new(const char *name, double rate, double burst);
void tunas_ratelimit_free(tunas_ratelimit *rl);
/* Take one token for the client `key` (at most 64 bytes), in the database
 * when ctx's is shared, else in memory; false if none is left. A database
 * that cannot answer lets the request through: the request then fails or
 * succeeds on its own. */
bool tunas_ratelimit_take(tunas_ratelimit *rl, tunas_ctx *ctx, const void *key, size_t keylen);

#endif
