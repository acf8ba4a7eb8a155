/*
 * ratelimit.c — token buckets; see ratelimit.h.
 */
#include "server/ratelimit.h"

#include <stdint.h>
#include <time.h>

#include "util/mem.h"
#include "util/spin.h"

#define BUCKETS 4096
#define STRIPES 64

typedef struct {
	double tokens;
	double last; /* seconds, monotonic */
} bucket;

struct tunas_ratelimit {
	const char *name;
	double rate, burst;
	tunas_spin locks[STRIPES];
	bucket buckets[BUCKETS];
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* FNV-1a: fast and good enough to spread addresses over buckets. */
static uint64_t hash(const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

tunas_ratelimit *tunas_ratelimit_new(const char *name, double rate, double burst)
{
	tunas_ratelimit *rl = tunas_calloc(1, sizeof(*rl));

	if (rl == NULL)
		return NULL;
	rl->name = name;
	rl->rate = rate;
	rl->burst = burst < 1 ? 1 : burst;
	for (int i = 0; i < STRIPES; i++)
		atomic_flag_clear(&rl->locks[i].held);
	return rl;
}

void tunas_ratelimit_free(tunas_ratelimit *rl)
{
	tunas_free(rl);
}

bool tunas_ratelimit_take(tunas_ratelimit *rl, tunas_ctx *ctx, const void *key, size_t keylen)
{
	uint64_t h = hash(key, keylen);
	size_t i = h % BUCKETS;
	tunas_spin *lock = &rl->locks[i % STRIPES];
	bucket *b = &rl->buckets[i];
	double t;
	bool ok;

	if (rl->rate <= 0)
		return true;
	if (ctx != NULL && tunas_store_is_shared(ctx)) {
		if (tunas_rate_take(ctx, &ok, rl->name, key, keylen, rl->rate, rl->burst) != 0)
			return true;
		return ok;
	}
	t = now_s();
	tunas_spin_lock(lock);
	if (b->last == 0) {
		/* A bucket's first client starts with a full burst. */
		b->tokens = rl->burst;
	} else {
		b->tokens += (t - b->last) * rl->rate;
		if (b->tokens > rl->burst)
			b->tokens = rl->burst;
	}
	b->last = t;
	ok = b->tokens >= 1.0;
	if (ok)
		b->tokens -= 1.0;
	tunas_spin_unlock(lock);
	return ok;
}
