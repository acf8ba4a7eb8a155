/*
 * ratelimit.h — per-client token buckets for request rate limits.
 *
 * A fixed table of buckets keyed by a hash of the client address (so memory
 * is bounded whatever the number of clients); clients that collide share a
 * bucket, which can only make the limit stricter. Thread-safe.
 */
#ifndef TUNAS_SERVER_RATELIMIT_H
#define TUNAS_SERVER_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tunas_ratelimit tunas_ratelimit;

/* rate tokens per second, up to burst; rate 0 disables the limit. NULL on
 * out of memory. */
tunas_ratelimit *tunas_ratelimit_new(double rate, double burst);
void tunas_ratelimit_free(tunas_ratelimit *rl);
/* Take one token for the client `key`; false if none is left. */
bool tunas_ratelimit_take(tunas_ratelimit *rl, const void *key, size_t keylen);

#endif
