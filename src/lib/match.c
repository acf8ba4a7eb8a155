/*
 * match.c — the in-memory skills index: matching, gap reports and the set
 * cover behind pathways; see match.h for what it is for.
 *
 * Packed words. A holding (in a person's CSR run) and a posting (in a
 * competency's list) are one uint32_t each: the dense competency (holding)
 * or the dense person (posting) in bits 5..31, the training flag in bit 4
 * and the level in bits 0..3. With the key in the high bits, runs sorted by
 * key are sorted as plain integers, so the region sub-range of a posting
 * list is two binary searches on the raw words. A requirement word is the
 * same with the essential flag in bit 4. Hence at most 2^27 people,
 * competencies and vacancies, and 2^32 holdings (TUNAS_ELIMIT beyond).
 *
 * Dense numbering. Competencies are numbered by ascending store id (rows
 * sorted by dense competency are sorted by id); people by (region, id),
 * so region r is the run [rstart[r], rstart[r+1]) and each region's run is
 * sorted by id (that is how a person is found: no id table); vacancies by
 * id. The builder interns competencies as they come (a hash table) and
 * the build renumbers them; the people copy and the postings are split
 * between two threads.
 *
 * Queries. Candidates: the requirement postings (restricted to a region's
 * run) are walked together, a block of people at a time, setting bits in
 * a small accumulator; the people touched are scored into a top-k heap.
 * Vacancies for a person: a k-way merge of the vacancy postings of the
 * competencies they hold. Each has a brute-force twin that reads every
 * person's (or vacancy's) own run instead.
 *
 * Gap reports. Open vacancies are grouped at build time by (region,
 * occupation); each vacancy's essential requirements are reduced to a
 * canonical set (sorted by competency, one level per competency: the
 * highest) and identical sets share one id. A report walks the groups:
 * for each distinct set of a group's still-open vacancies it intersects
 * the region's posting sub-ranges starting from the shortest and checks
 * each candidate's other requirements in its CSR run; a stamp per person
 * counts each person once per group. Two threads share the groups.
 *
 * Set cover. Options covering nothing needed, and options dominated by
 * one covering at least as much at a lower (hours, cost, index), are
 * dropped; then a depth-first search branches on the bit with the fewest
 * options, bounded below by the gains and by bits that share no option.
 */
#include "match.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tunas/tunas.h"
#include "util/mem.h"

#define W_LEVEL 0x0fu
#define W_FLAG 0x10u /* training (holdings, postings), essential (requirements) */
#define W_SHIFT 5
#define DENSE_MAX ((uint32_t)1 << 27)
#define K_MAX 1000    /* results per query */
#define BLOCK 16384   /* people per accumulator block in tunas_mx_candidates */
#define COVER_MAX 256 /* options of tunas_mx_cover */
#ifndef COVER_NODES
#define COVER_NODES (1L << 19) /* search nodes before tunas_mx_cover gives up */
#endif
#define COVER_VALUE_MAX ((int64_t)1 << 55) /* hours, cost: sums of 128 never overflow */
#define GAP_CHUNK 32			   /* groups a gap worker takes at a time */
/* Enough work for a second thread: people to build, groups to report. */
#ifndef THREAD_MIN
#define THREAD_MIN 65536
#endif
#ifndef GAP_THREAD_MIN
#define GAP_THREAD_MIN (4 * GAP_CHUNK)
#endif

/* ---- the builder ---- */

struct bvac {
	int64_t id, occupation;
	int32_t openings, closes;
	uint32_t rend; /* end of its requirements in b->req */
	uint16_t region;
	bool open;
};

struct breq {
	uint32_t comp; /* local competency */
	uint8_t level;
	bool essential;
};

struct ctab_entry {
	int64_t id;
	uint32_t local; /* local index + 1; 0: empty */
};

struct tunas_mx_builder {
	/* people in the order added; person i's holdings end at pend[i] */
	int64_t *pid;
	uint16_t *pregion;
	uint8_t *pfind;
	uint32_t *pend;
	size_t np, pcap;
	uint32_t *hold; /* packed words, local competency, one per competency */
	size_t nh, hcap;
	/* competencies met so far: local index -> store id, and a hash table
	 * of them (open addressing, at most half full) */
	int64_t *comp;
	size_t ncomp, ccap;
	struct ctab_entry *ctab;
	size_t tcap;
	struct bvac *vac;
	size_t nv, vcap;
	struct breq *req;
	size_t nr, rcap;
};

/* ---- the index ---- */

struct vpost {
	uint32_t vac;
	uint8_t bit, level;
};

struct tunas_mx {
	size_t np, nh, ncomp, nv, nr, nfind, nregions;
	size_t bytes;
	int64_t *comp_id; /* [ncomp] ascending store ids */
	/* people */
	uint32_t rstart[TUNAS_MX_REGION_MAX + 1];
	uint16_t *rlist; /* [nrlist] regions that have people, ascending */
	size_t nrlist;
	int64_t *pid;	    /* [np] */
	uint64_t *findable; /* [np] bits */
	uint32_t *hoff;	    /* [np + 1] */
	uint32_t *hold;	    /* [nh] */
	uint32_t *poff;	    /* [ncomp + 1] */
	uint32_t *post;	    /* [nh] */
	/* vacancies */
	int64_t *vid, *vocc;
	uint16_t *vregion;
	int32_t *vopenings, *vcloses;
	uint8_t *vopen;
	uint64_t *vemask;    /* [nv] which requirements are essential */
	uint32_t *roff;	     /* [nv + 1] */
	uint32_t *req;	     /* [nr] competency << 5 | essential | level */
	uint32_t *vpoff;     /* [ncomp + 1] */
	struct vpost *vpost; /* requirements of open vacancies by competency */
	/* groups of open vacancies by (region, occupation) */
	size_t ngroup;
	uint16_t *gregion;
	int64_t *gocc;
	uint32_t *goff; /* [ngroup + 1] into gvac */
	uint32_t *gvac; /* open vacancies, group by group, in id order */
	uint32_t *vset; /* [nv] canonical essential set; UINT32_MAX when not open */
	size_t nset;
	uint32_t *soff;	    /* [nset + 1] */
	uint32_t *sitem;    /* competency << 5 | level, ascending competency */
	uint32_t maxregion; /* people in the most populous region */
	/* essentials of open vacancies: region << 54 | competency << 27 | vacancy, ascending */
	uint64_t *cg;
	size_t ncg;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static int popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

/*
 * Ask for transparent huge pages on a large array (where the system
 * leaves it to madvise): a gigabyte index otherwise costs a quarter of a
 * million page faults to build and a TLB miss on most random reads.
 * Advice only; failure changes nothing. Not for arrays that grow: glibc's
 * realloc copies advised memory instead of remapping it.
 */
static void advise_huge(void *p, size_t bytes)
{
#ifdef MADV_HUGEPAGE
	uintptr_t lo = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
	uintptr_t hi = ((uintptr_t)p + bytes) & ~(uintptr_t)4095;

	if (p != NULL && bytes >= ((size_t)8 << 20) && hi > lo)
		madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
	(void)p;
	(void)bytes;
#endif
}

/* A large array (uninitialised), with huge pages advised. */
static void *big_array(size_t n, size_t size)
{
	void *p = tunas_reallocarray(NULL, n, size);

	advise_huge(p, n * size);
	return p;
}

/* The first i in [lo, hi) with a[i] >= key, or hi. */
static size_t lower_bound32(const uint32_t *a, size_t lo, size_t hi, uint32_t key)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* ---- building ---- */

tunas_mx_builder *tunas_mx_builder_new(size_t people_hint, size_t vacancies_hint)
{
	tunas_mx_builder *b = tunas_calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	/* Hints only pre-size; a hint that cannot be met is ignored. */
	if (people_hint > 0 && people_hint < DENSE_MAX) {
		b->pid = big_array(people_hint, sizeof(*b->pid));
		b->pregion = big_array(people_hint, sizeof(*b->pregion));
		b->pfind = big_array(people_hint, sizeof(*b->pfind));
		b->pend = big_array(people_hint, sizeof(*b->pend));
		if (b->pid == NULL || b->pregion == NULL || b->pfind == NULL || b->pend == NULL)
			goto fail;
		b->pcap = people_hint;
	}
	if (vacancies_hint > 0 && vacancies_hint < DENSE_MAX) {
		b->vac = tunas_reallocarray(NULL, vacancies_hint, sizeof(*b->vac));
		if (b->vac == NULL)
			goto fail;
		b->vcap = vacancies_hint;
	}
	return b;
fail:
	tunas_mx_builder_free(b);
	return NULL;
}

void tunas_mx_builder_free(tunas_mx_builder *b)
{
	if (b == NULL)
		return;
	tunas_free(b->pid);
	tunas_free(b->pregion);
	tunas_free(b->pfind);
	tunas_free(b->pend);
	tunas_free(b->hold);
	tunas_free(b->comp);
	tunas_free(b->ctab);
	tunas_free(b->vac);
	tunas_free(b->req);
	tunas_free(b);
}

/* A new capacity of at least `need` for an array of capacity `cap`. */
static size_t grown(size_t cap, size_t need, size_t first)
{
	size_t n = cap > 0 ? cap : first;

	while (n < need)
		n *= 2;
	return n;
}

/* Make room for one more person. */
static int people_reserve(tunas_mx_builder *b)
{
	size_t cap;
	void *p;

	if (b->np < b->pcap)
		return 0;
	cap = grown(b->pcap, b->np + 1, 1024);
	/* Each array may grow before a later one fails: harmless, pcap only
	 * moves once all have. */
	if ((p = tunas_reallocarray(b->pid, cap, sizeof(*b->pid))) == NULL)
		return TUNAS_ENOMEM;
	b->pid = p;
	if ((p = tunas_reallocarray(b->pregion, cap, sizeof(*b->pregion))) == NULL)
		return TUNAS_ENOMEM;
	b->pregion = p;
	if ((p = tunas_reallocarray(b->pfind, cap, sizeof(*b->pfind))) == NULL)
		return TUNAS_ENOMEM;
	b->pfind = p;
	if ((p = tunas_reallocarray(b->pend, cap, sizeof(*b->pend))) == NULL)
		return TUNAS_ENOMEM;
	b->pend = p;
	b->pcap = cap;
	return 0;
}

/* Make room for `more` competencies not met yet, so that comp_intern()
 * cannot fail. */
static int comp_reserve(tunas_mx_builder *b, size_t more)
{
	size_t need = b->ncomp + more;
	struct ctab_entry *tab;
	size_t cap, i;
	void *p;

	if (need >= DENSE_MAX)
		return TUNAS_ELIMIT;
	if (need > b->ccap) {
		cap = grown(b->ccap, need, 256);
		if ((p = tunas_reallocarray(b->comp, cap, sizeof(*b->comp))) == NULL)
			return TUNAS_ENOMEM;
		b->comp = p;
		b->ccap = cap;
	}
	if (need * 2 <= b->tcap)
		return 0;
	cap = grown(b->tcap, need * 2, 1024);
	if ((tab = tunas_calloc(cap, sizeof(*tab))) == NULL)
		return TUNAS_ENOMEM;
	for (i = 0; i < b->ncomp; i++) {
		size_t j = mix64((uint64_t)b->comp[i]) & (cap - 1);

		while (tab[j].local != 0)
			j = (j + 1) & (cap - 1);
		tab[j].id = b->comp[i];
		tab[j].local = (uint32_t)i + 1;
	}
	tunas_free(b->ctab);
	b->ctab = tab;
	b->tcap = cap;
	return 0;
}

/* The local index of competency `id`, added if new (comp_reserve() first). */
static uint32_t comp_intern(tunas_mx_builder *b, int64_t id)
{
	size_t mask = b->tcap - 1;
	size_t i = mix64((uint64_t)id) & mask;

	for (;;) {
		struct ctab_entry *e = &b->ctab[i];

		if (e->local == 0) {
			b->comp[b->ncomp] = id;
			e->id = id;
			e->local = (uint32_t)++b->ncomp;
			return e->local - 1;
		}
		if (e->id == id)
			return e->local - 1;
		i = (i + 1) & mask;
	}
}

/* Holding words in deduplication order: by competency, verified before
 * training, higher level first (the key is the word with its level bits
 * flipped); the first of each competency wins. */
static int dedup_qcmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a ^ W_LEVEL, y = *(const uint32_t *)b ^ W_LEVEL;

	return x < y ? -1 : x > y;
}

static int word_qcmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int tunas_mx_add_person(tunas_mx_builder *b, int64_t person_id, uint16_t region, bool findable,
			const tunas_mx_holding *h, size_t n)
{
	uint32_t *w;
	size_t i, j, m;
	int rc;

	if (b == NULL || (h == NULL && n > 0) || region >= TUNAS_MX_REGION_MAX)
		return TUNAS_EINVAL;
	for (i = 0; i < n; i++)
		if (h[i].level > TUNAS_MX_LEVEL_MAX)
			return TUNAS_EINVAL;
	if (b->np >= DENSE_MAX - 1 || n > UINT32_MAX - b->nh)
		return TUNAS_ELIMIT;
	if ((rc = people_reserve(b)) != 0)
		return rc;
	if (b->nh + n > b->hcap) {
		size_t cap = grown(b->hcap, b->nh + n, 4096);
		void *p = tunas_reallocarray(b->hold, cap, sizeof(*b->hold));

		if (p == NULL)
			return TUNAS_ENOMEM;
		b->hold = p;
		b->hcap = cap;
	}
	if ((rc = comp_reserve(b, n)) != 0)
		return rc;

	/* Nothing fails from here on. The words go in place, then are
	 * sorted (insertion sort: a person holds a handful) and the first of
	 * each competency kept. */
	w = &b->hold[b->nh];
	for (i = 0; i < n; i++) {
		uint32_t x = comp_intern(b, h[i].competency_id) << W_SHIFT |
			     (h[i].training ? W_FLAG : 0) | h[i].level;

		if (n > 32) {
			w[i] = x;
			continue;
		}
		for (j = i; j > 0 && (w[j - 1] ^ W_LEVEL) > (x ^ W_LEVEL); j--)
			w[j] = w[j - 1];
		w[j] = x;
	}
	if (n > 32)
		qsort(w, n, sizeof(*w), dedup_qcmp);
	for (i = 0, m = 0; i < n; i++)
		if (m == 0 || w[i] >> W_SHIFT != w[m - 1] >> W_SHIFT)
			w[m++] = w[i];
	b->nh += m;
	b->pid[b->np] = person_id;
	b->pregion[b->np] = region;
	b->pfind[b->np] = findable;
	b->pend[b->np] = (uint32_t)b->nh;
	b->np++;
	return 0;
}

int tunas_mx_add_vacancy(tunas_mx_builder *b, int64_t vacancy_id, uint16_t region,
			 int64_t occupation_id, int32_t openings, bool open, int32_t closes_day,
			 const tunas_mx_req *reqs, size_t n)
{
	struct bvac *v;
	size_t i;
	int rc;

	if (b == NULL || reqs == NULL || n == 0 || n > TUNAS_MX_REQ_MAX ||
	    region >= TUNAS_MX_REGION_MAX || openings < 0)
		return TUNAS_EINVAL;
	for (i = 0; i < n; i++)
		if (reqs[i].level > TUNAS_MX_LEVEL_MAX)
			return TUNAS_EINVAL;
	if (b->nv >= DENSE_MAX - 1 || n > UINT32_MAX - b->nr)
		return TUNAS_ELIMIT;
	if (b->nv >= b->vcap) {
		size_t cap = grown(b->vcap, b->nv + 1, 256);
		void *p = tunas_reallocarray(b->vac, cap, sizeof(*b->vac));

		if (p == NULL)
			return TUNAS_ENOMEM;
		b->vac = p;
		b->vcap = cap;
	}
	if (b->nr + n > b->rcap) {
		size_t cap = grown(b->rcap, b->nr + n, 1024);
		void *p = tunas_reallocarray(b->req, cap, sizeof(*b->req));

		if (p == NULL)
			return TUNAS_ENOMEM;
		b->req = p;
		b->rcap = cap;
	}
	if ((rc = comp_reserve(b, n)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		struct breq *r = &b->req[b->nr++];

		r->comp = comp_intern(b, reqs[i].competency_id);
		r->level = reqs[i].level;
		r->essential = reqs[i].essential;
	}
	v = &b->vac[b->nv++];
	v->id = vacancy_id;
	v->occupation = occupation_id;
	v->openings = openings;
	v->closes = closes_day;
	v->rend = (uint32_t)b->nr;
	v->region = region;
	v->open = open;
	return 0;
}

/* LSD radix sort of a[0..n) by 11-bit digits, skipping digits that are
 * the same in every key; tmp has room for n. */
static int radix_sort64(uint64_t *a, uint64_t *tmp, size_t n)
{
	enum { DIGITS = 6, RADIX = 2048 };
	size_t *cnt = tunas_calloc((size_t)DIGITS * RADIX, sizeof(*cnt));
	uint64_t *src = a, *dst = tmp;
	size_t i;
	int d;

	if (cnt == NULL)
		return TUNAS_ENOMEM;
	for (i = 0; i < n; i++)
		for (d = 0; d < DIGITS; d++)
			cnt[(size_t)d * RADIX + ((a[i] >> (11 * d)) & (RADIX - 1))]++;
	for (d = 0; d < DIGITS; d++) {
		size_t *c = cnt + (size_t)d * RADIX, sum = 0, r;
		uint64_t *t;

		if (c[(a[0] >> (11 * d)) & (RADIX - 1)] == n)
			continue;
		for (r = 0; r < RADIX; r++) {
			size_t k = c[r];

			c[r] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			dst[c[(src[i] >> (11 * d)) & (RADIX - 1)]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
	tunas_free(cnt);
	return 0;
}

struct idpos {
	int64_t id;
	uint32_t pos;
};

static int idpos_cmp(const void *a, const void *b)
{
	const struct idpos *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int bits_for(uint64_t x)
{
	return x == 0 ? 0 : 64 - __builtin_clzll(x);
}

/*
 * The positions of ids[0..n) in ascending id order, in *out (the caller
 * frees it); *out = NULL when they are ascending already. TUNAS_EINVAL on
 * a duplicate id. When (id - min, position) fits one 64-bit key, a radix
 * sort; otherwise qsort.
 */
static int sort_ids(uint32_t **out, const int64_t *ids, size_t n)
{
	uint64_t *key = NULL, *tmp = NULL;
	struct idpos *pair = NULL;
	uint32_t *order = NULL;
	int64_t lo, hi;
	int pbits, rc = 0;
	size_t i;

	for (i = 1; i < n && ids[i] > ids[i - 1]; i++)
		;
	if (i >= n) {
		*out = NULL;
		return 0;
	}
	lo = hi = ids[0];
	for (i = 1; i < n; i++) {
		lo = ids[i] < lo ? ids[i] : lo;
		hi = ids[i] > hi ? ids[i] : hi;
	}
	if ((order = tunas_reallocarray(NULL, n, sizeof(*order))) == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	pbits = bits_for(n - 1);
	if (pbits + bits_for((uint64_t)hi - (uint64_t)lo) <= 64) {
		uint64_t pmask = ((uint64_t)1 << pbits) - 1;

		key = tunas_reallocarray(NULL, n, sizeof(*key));
		tmp = tunas_reallocarray(NULL, n, sizeof(*tmp));
		if (key == NULL || tmp == NULL) {
			rc = TUNAS_ENOMEM;
			goto out;
		}
		for (i = 0; i < n; i++)
			key[i] = ((uint64_t)ids[i] - (uint64_t)lo) << pbits | i;
		if ((rc = radix_sort64(key, tmp, n)) != 0)
			goto out;
		for (i = 0; i < n; i++) {
			if (i > 0 && key[i] >> pbits == key[i - 1] >> pbits) {
				rc = TUNAS_EINVAL;
				goto out;
			}
			order[i] = (uint32_t)(key[i] & pmask);
		}
	} else {
		if ((pair = tunas_reallocarray(NULL, n, sizeof(*pair))) == NULL) {
			rc = TUNAS_ENOMEM;
			goto out;
		}
		for (i = 0; i < n; i++) {
			pair[i].id = ids[i];
			pair[i].pos = (uint32_t)i;
		}
		qsort(pair, n, sizeof(*pair), idpos_cmp);
		for (i = 0; i < n; i++) {
			if (i > 0 && pair[i].id == pair[i - 1].id) {
				rc = TUNAS_EINVAL;
				goto out;
			}
			order[i] = pair[i].pos;
		}
	}
	*out = order;
	order = NULL;
out:
	tunas_free(order);
	tunas_free(key);
	tunas_free(tmp);
	tunas_free(pair);
	return rc;
}

struct idlocal {
	int64_t id;
	uint32_t local;
};

static int idlocal_cmp(const void *a, const void *b)
{
	const struct idlocal *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Number competencies by ascending store id: mx->comp_id, and *remap from
 * the builder's local numbers to the dense ones (the caller frees it). */
static int build_comps(tunas_mx *mx, const tunas_mx_builder *b, uint32_t **remap)
{
	struct idlocal *pair = NULL;
	uint32_t *map = NULL;
	size_t i;
	int rc = TUNAS_ENOMEM;

	mx->ncomp = b->ncomp;
	pair = tunas_reallocarray(NULL, b->ncomp, sizeof(*pair));
	map = tunas_reallocarray(NULL, b->ncomp, sizeof(*map));
	mx->comp_id = tunas_reallocarray(NULL, b->ncomp, sizeof(*mx->comp_id));
	if (pair == NULL || map == NULL || mx->comp_id == NULL)
		goto out;
	for (i = 0; i < b->ncomp; i++) {
		pair[i].id = b->comp[i];
		pair[i].local = (uint32_t)i;
	}
	qsort(pair, b->ncomp, sizeof(*pair), idlocal_cmp);
	for (i = 0; i < b->ncomp; i++) {
		mx->comp_id[i] = pair[i].id;
		map[pair[i].local] = (uint32_t)i;
	}
	*remap = map;
	map = NULL;
	rc = 0;
out:
	tunas_free(pair);
	tunas_free(map);
	return rc;
}

/* Run fn(a) in a second thread and fn(b) in this one when `threaded`
 * (and a thread starts), else both here. */
static void run_two(void *(*fn)(void *), void *a, void *b, bool threaded)
{
	pthread_t th;

	threaded = threaded && pthread_create(&th, NULL, fn, a) == 0;
	if (!threaded)
		fn(a);
	fn(b);
	if (threaded)
		pthread_join(th, NULL);
}

/* Sort a run of words ascending. */
static void sort_words(uint32_t *w, size_t n)
{
	size_t i, j;

	if (n > 32) {
		qsort(w, n, sizeof(*w), word_qcmp);
		return;
	}
	for (i = 1; i < n; i++) {
		uint32_t x = w[i];

		for (j = i; j > 0 && w[j - 1] > x; j--)
			w[j] = w[j - 1];
		w[j] = x;
	}
}

/* Half of the people copy: dense people [from, to), from a multiple of
 * 64 so that the halves share no word of the findable bits. Phase 0: ids,
 * findable bits and run lengths (in hoff, summed in between); phase 1:
 * the runs, renumbered and sorted by dense competency. The reads follow
 * perm, all over the builder's arrays: prefetching hides part of it. */
struct people_part {
	tunas_mx *mx;
	const tunas_mx_builder *b;
	const uint32_t *perm, *remap;
	size_t from, to, nfind;
	int phase;
};

static void *people_part_run(void *arg)
{
	struct people_part *w = arg;
	tunas_mx *mx = w->mx;
	const tunas_mx_builder *b = w->b;
	const uint32_t *perm = w->perm, *pend = b->pend;
	size_t p, i;

	for (p = w->from; p < w->to; p++) {
		uint32_t s = perm[p], from = s > 0 ? pend[s - 1] : 0;

		if (p + 16 < w->to) {
			uint32_t t = perm[p + 16];

			__builtin_prefetch(&pend[t > 0 ? t - 1 : 0]);
			if (w->phase == 0) {
				__builtin_prefetch(&b->pid[t]);
				__builtin_prefetch(&b->pfind[t]);
			}
		}
		if (w->phase == 0) {
			mx->pid[p] = b->pid[s];
			if (b->pfind[s]) {
				mx->findable[p / 64] |= (uint64_t)1 << (p % 64);
				w->nfind++;
			}
			mx->hoff[p] = pend[s] - from;
			continue;
		}
		if (p + 8 < w->to) {
			uint32_t t = perm[p + 8];

			__builtin_prefetch(&b->hold[t > 0 ? pend[t - 1] : 0]);
		}
		for (i = mx->hoff[p]; i < mx->hoff[p + 1]; i++, from++) {
			uint32_t x = b->hold[from];

			mx->hold[i] = w->remap[x >> W_SHIFT] << W_SHIFT | (x & (W_FLAG | W_LEVEL));
		}
		sort_words(&mx->hold[mx->hoff[p]], mx->hoff[p + 1] - mx->hoff[p]);
	}
	return NULL;
}

/* People in (region, id) order, their CSR runs renumbered; frees the
 * builder's people as it goes. */
static int build_people(tunas_mx *mx, tunas_mx_builder *b, const uint32_t *remap)
{
	uint32_t pos[TUNAS_MX_REGION_MAX];
	uint32_t *order = NULL, *perm = NULL;
	struct people_part part[2];
	size_t np = b->np, i, p, r, mid;
	uint32_t h = 0;
	int rc;

	mx->np = np;
	mx->nh = b->nh;
	if ((rc = sort_ids(&order, b->pid, np)) != 0)
		goto out;
	rc = TUNAS_ENOMEM;
	perm = tunas_reallocarray(NULL, np, sizeof(*perm));
	mx->pid = big_array(np, sizeof(*mx->pid));
	mx->findable = tunas_calloc(np / 64 + 1, sizeof(*mx->findable));
	mx->hoff = big_array(np + 1, sizeof(*mx->hoff));
	mx->hold = big_array(b->nh, sizeof(*mx->hold));
	mx->rlist = tunas_calloc(TUNAS_MX_REGION_MAX, sizeof(*mx->rlist));
	if (perm == NULL || mx->pid == NULL || mx->findable == NULL || mx->hoff == NULL ||
	    mx->hold == NULL || mx->rlist == NULL)
		goto out;

	/* A stable counting sort by region of the id order. */
	memset(mx->rstart, 0, sizeof(mx->rstart));
	for (i = 0; i < np; i++)
		mx->rstart[b->pregion[i] + 1]++;
	for (r = 0; r < TUNAS_MX_REGION_MAX; r++) {
		uint32_t cnt = mx->rstart[r + 1];

		if (cnt > 0)
			mx->rlist[mx->nrlist++] = (uint16_t)r;
		if (cnt > mx->maxregion)
			mx->maxregion = cnt;
		mx->rstart[r + 1] += mx->rstart[r];
		pos[r] = mx->rstart[r];
	}
	for (i = 0; i < np; i++) {
		uint32_t s = order != NULL ? order[i] : (uint32_t)i;

		perm[pos[b->pregion[s]]++] = s;
	}
	tunas_free(order);
	order = NULL;

	mid = np / 2 / 64 * 64;
	for (i = 0; i < 2; i++) {
		part[i].mx = mx;
		part[i].b = b;
		part[i].perm = perm;
		part[i].remap = remap;
		part[i].from = i == 0 ? 0 : mid;
		part[i].to = i == 0 ? mid : np;
		part[i].nfind = 0;
		part[i].phase = 0;
	}
	run_two(people_part_run, &part[0], &part[1], np >= THREAD_MIN);
	for (p = 0; p < np; p++) {
		uint32_t len = mx->hoff[p];

		mx->hoff[p] = h;
		h += len;
	}
	mx->hoff[np] = h;
	mx->nfind = part[0].nfind + part[1].nfind;
	part[0].phase = part[1].phase = 1;
	run_two(people_part_run, &part[0], &part[1], np >= THREAD_MIN);
	rc = 0;
out:
	/* The builder's people are not needed any more: give the memory back
	 * before the postings are built. */
	tunas_free(order);
	tunas_free(perm);
	tunas_free(b->hold);
	b->hold = NULL;
	tunas_free(b->pid);
	b->pid = NULL;
	tunas_free(b->pend);
	b->pend = NULL;
	tunas_free(b->pfind);
	b->pfind = NULL;
	tunas_free(b->pregion);
	b->pregion = NULL;
	return rc;
}

/* Half of the postings: people [from, to). Phase 0 counts their holdings
 * by competency into cnt; phase 1 scatters them, cnt then holding each
 * competency's cursor for this half (the second half's start after all
 * of the first's), so each list comes out sorted by person. */
struct post_part {
	tunas_mx *mx;
	size_t from, to;
	uint32_t *cnt;
	int phase;
};

static void *post_part_run(void *arg)
{
	struct post_part *w = arg;
	const tunas_mx *mx = w->mx;
	uint32_t *cnt = w->cnt, *post = mx->post;
	size_t p, i;

	if (w->phase == 0) {
		for (i = mx->hoff[w->from]; i < mx->hoff[w->to]; i++)
			cnt[mx->hold[i] >> W_SHIFT]++;
		return NULL;
	}
	for (p = w->from; p < w->to; p++) {
		for (i = mx->hoff[p]; i < mx->hoff[p + 1]; i++) {
			uint32_t x = mx->hold[i];

			post[cnt[x >> W_SHIFT]++] =
				(uint32_t)p << W_SHIFT | (x & (W_FLAG | W_LEVEL));
		}
	}
	return NULL;
}

/* Postings: a counting sort of the holdings by competency, in two halves
 * of the people. */
static int build_postings(tunas_mx *mx)
{
	struct post_part part[2];
	size_t c, i;
	int rc = TUNAS_ENOMEM;

	memset(part, 0, sizeof(part));
	mx->poff = tunas_calloc(mx->ncomp + 1, sizeof(*mx->poff));
	mx->post = big_array(mx->nh, sizeof(*mx->post));
	part[0].cnt = tunas_calloc(mx->ncomp + 1, sizeof(*part[0].cnt));
	part[1].cnt = tunas_calloc(mx->ncomp + 1, sizeof(*part[1].cnt));
	if (mx->poff == NULL || mx->post == NULL || part[0].cnt == NULL || part[1].cnt == NULL)
		goto out;
	for (i = 0; i < 2; i++) {
		part[i].mx = mx;
		part[i].from = i == 0 ? 0 : mx->np / 2;
		part[i].to = i == 0 ? mx->np / 2 : mx->np;
	}
	run_two(post_part_run, &part[0], &part[1], mx->np >= THREAD_MIN);
	for (c = 0; c < mx->ncomp; c++) {
		uint32_t n0 = part[0].cnt[c], n1 = part[1].cnt[c];

		part[0].cnt[c] = mx->poff[c];
		part[1].cnt[c] = mx->poff[c] + n0;
		mx->poff[c + 1] = mx->poff[c] + n0 + n1;
	}
	part[0].phase = part[1].phase = 1;
	run_two(post_part_run, &part[0], &part[1], mx->np >= THREAD_MIN);
	rc = 0;
out:
	tunas_free(part[0].cnt);
	tunas_free(part[1].cnt);
	return rc;
}

/* Vacancies in id order, their requirements, and postings of the open
 * ones by competency. */
static int build_vacancies(tunas_mx *mx, const tunas_mx_builder *b, const uint32_t *remap)
{
	int64_t *ids = NULL;
	uint32_t *order = NULL, *cur = NULL;
	size_t nv = b->nv, i, v, nvp = 0;
	uint32_t r = 0;
	int rc = TUNAS_ENOMEM;

	mx->nv = nv;
	mx->nr = b->nr;
	if ((ids = tunas_reallocarray(NULL, nv, sizeof(*ids))) == NULL)
		goto out;
	for (i = 0; i < nv; i++)
		ids[i] = b->vac[i].id;
	if ((rc = sort_ids(&order, ids, nv)) != 0)
		goto out;
	rc = TUNAS_ENOMEM;
	mx->vid = tunas_reallocarray(NULL, nv, sizeof(*mx->vid));
	mx->vocc = tunas_reallocarray(NULL, nv, sizeof(*mx->vocc));
	mx->vregion = tunas_reallocarray(NULL, nv, sizeof(*mx->vregion));
	mx->vopenings = tunas_reallocarray(NULL, nv, sizeof(*mx->vopenings));
	mx->vcloses = tunas_reallocarray(NULL, nv, sizeof(*mx->vcloses));
	mx->vopen = tunas_reallocarray(NULL, nv, sizeof(*mx->vopen));
	mx->vemask = tunas_reallocarray(NULL, nv, sizeof(*mx->vemask));
	mx->roff = tunas_reallocarray(NULL, nv + 1, sizeof(*mx->roff));
	mx->req = tunas_reallocarray(NULL, b->nr, sizeof(*mx->req));
	mx->vpoff = tunas_calloc(mx->ncomp + 1, sizeof(*mx->vpoff));
	cur = tunas_reallocarray(NULL, mx->ncomp + 1, sizeof(*cur));
	if (mx->vid == NULL || mx->vocc == NULL || mx->vregion == NULL || mx->vopenings == NULL ||
	    mx->vcloses == NULL || mx->vopen == NULL || mx->vemask == NULL || mx->roff == NULL ||
	    mx->req == NULL || mx->vpoff == NULL || cur == NULL)
		goto out;
	for (v = 0; v < nv; v++) {
		uint32_t s = order != NULL ? order[v] : (uint32_t)v;
		const struct bvac *bv = &b->vac[s];
		uint32_t from = s > 0 ? b->vac[s - 1].rend : 0;
		uint64_t em = 0;
		unsigned bit;

		mx->vid[v] = bv->id;
		mx->vocc[v] = bv->occupation;
		mx->vregion[v] = bv->region;
		mx->vopenings[v] = bv->openings;
		mx->vcloses[v] = bv->closes;
		mx->vopen[v] = bv->open;
		mx->roff[v] = r;
		for (bit = 0; from < bv->rend; from++, bit++) {
			const struct breq *q = &b->req[from];
			uint32_t c = remap[q->comp];

			if (q->essential)
				em |= (uint64_t)1 << bit;
			mx->req[r++] = c << W_SHIFT | (q->essential ? W_FLAG : 0) | q->level;
			if (bv->open) {
				mx->vpoff[c + 1]++;
				nvp++;
			}
		}
		mx->vemask[v] = em;
	}
	mx->roff[nv] = r;
	for (i = 0; i < mx->ncomp; i++)
		mx->vpoff[i + 1] += mx->vpoff[i];
	if ((mx->vpost = tunas_reallocarray(NULL, nvp, sizeof(*mx->vpost))) == NULL)
		goto out;
	memcpy(cur, mx->vpoff, (mx->ncomp + 1) * sizeof(*cur));
	for (v = 0; v < nv; v++) {
		if (!mx->vopen[v])
			continue;
		for (i = mx->roff[v]; i < mx->roff[v + 1]; i++) {
			struct vpost *e = &mx->vpost[cur[mx->req[i] >> W_SHIFT]++];

			e->vac = (uint32_t)v;
			e->bit = (uint8_t)(i - mx->roff[v]);
			e->level = (uint8_t)(mx->req[i] & W_LEVEL);
		}
	}
	rc = 0;
out:
	tunas_free(ids);
	tunas_free(order);
	tunas_free(cur);
	return rc;
}

struct gkey {
	int64_t occ;
	uint32_t vac;
	uint16_t region;
};

static int gkey_cmp(const void *a, const void *b)
{
	const struct gkey *x = a, *y = b;

	if (x->region != y->region)
		return x->region < y->region ? -1 : 1;
	if (x->occ != y->occ)
		return x->occ < y->occ ? -1 : 1;
	return x->vac < y->vac ? -1 : x->vac > y->vac;
}

/* The canonical essential set of vacancy v into item[] (competency << 5 |
 * level, ascending competency, the highest level of a repeated one);
 * returns its length. */
static size_t essential_set(const tunas_mx *mx, size_t v, uint32_t item[TUNAS_MX_REQ_MAX])
{
	size_t n = 0, i, j;

	for (i = mx->roff[v]; i < mx->roff[v + 1]; i++) {
		uint32_t w = mx->req[i];

		if (!(w & W_FLAG))
			continue;
		w &= ~W_FLAG;
		for (j = n; j > 0 && item[j - 1] > w; j--)
			item[j] = item[j - 1];
		item[j] = w;
		n++;
	}
	/* Sorted by (competency, level): keep the last of each competency. */
	for (i = 0, j = 0; i < n; i++) {
		if (i + 1 < n && item[i + 1] >> W_SHIFT == item[i] >> W_SHIFT)
			continue;
		item[j++] = item[i];
	}
	return j;
}

/* Groups of open vacancies, their canonical essential sets, and the
 * (region, competency, vacancy) list of the competency gap report. */
static int build_gaps(tunas_mx *mx)
{
	struct gkey *key = NULL;
	uint32_t *stab = NULL, item[TUNAS_MX_REQ_MAX];
	uint64_t *tmp = NULL;
	size_t nopen = 0, v, i, g, tcap, scap = 0, icap = 0, nitem = 0;
	int rc = TUNAS_ENOMEM;

	for (v = 0; v < mx->nv; v++)
		nopen += mx->vopen[v];
	key = tunas_reallocarray(NULL, nopen, sizeof(*key));
	mx->gvac = tunas_reallocarray(NULL, nopen, sizeof(*mx->gvac));
	mx->vset = tunas_reallocarray(NULL, mx->nv, sizeof(*mx->vset));
	tcap = grown(0, nopen * 2 + 1, 64);
	stab = tunas_calloc(tcap, sizeof(*stab));
	if (key == NULL || mx->gvac == NULL || mx->vset == NULL || stab == NULL)
		goto out;

	/* Groups. */
	for (v = 0, i = 0; v < mx->nv; v++) {
		if (!mx->vopen[v])
			continue;
		key[i].occ = mx->vocc[v];
		key[i].vac = (uint32_t)v;
		key[i].region = mx->vregion[v];
		i++;
	}
	qsort(key, nopen, sizeof(*key), gkey_cmp);
	for (i = 0; i < nopen; i++)
		if (i == 0 || key[i].region != key[i - 1].region || key[i].occ != key[i - 1].occ)
			mx->ngroup++;
	mx->gregion = tunas_reallocarray(NULL, mx->ngroup, sizeof(*mx->gregion));
	mx->gocc = tunas_reallocarray(NULL, mx->ngroup, sizeof(*mx->gocc));
	mx->goff = tunas_reallocarray(NULL, mx->ngroup + 1, sizeof(*mx->goff));
	if (mx->gregion == NULL || mx->gocc == NULL || mx->goff == NULL)
		goto out;
	for (i = 0, g = 0; i < nopen; i++) {
		if (i == 0 || key[i].region != key[i - 1].region || key[i].occ != key[i - 1].occ) {
			mx->gregion[g] = key[i].region;
			mx->gocc[g] = key[i].occ;
			mx->goff[g++] = (uint32_t)i;
		}
		mx->gvac[i] = key[i].vac;
	}
	mx->goff[g] = (uint32_t)nopen;

	/* Canonical essential sets, identical ones shared (hash table of set
	 * ids + 1). */
	for (v = 0; v < mx->nv; v++) {
		size_t n, j;
		uint64_t hash = 0x9e3779b97f4a7c15ULL;

		mx->vset[v] = UINT32_MAX;
		if (!mx->vopen[v])
			continue;
		n = essential_set(mx, v, item);
		for (j = 0; j < n; j++)
			hash = mix64(hash ^ item[j]);
		for (j = hash & (tcap - 1);; j = (j + 1) & (tcap - 1)) {
			uint32_t s = stab[j];

			if (s == 0)
				break;
			s--;
			if (mx->soff[s + 1] - mx->soff[s] == n &&
			    memcmp(&mx->sitem[mx->soff[s]], item, n * sizeof(*item)) == 0) {
				mx->vset[v] = s;
				break;
			}
		}
		if (mx->vset[v] != UINT32_MAX)
			continue;
		if (mx->nset + 2 > scap) {
			size_t cap = grown(scap, mx->nset + 2, 256);
			void *p = tunas_reallocarray(mx->soff, cap, sizeof(*mx->soff));

			if (p == NULL)
				goto out;
			mx->soff = p;
			scap = cap;
		}
		if (nitem + n > icap) {
			size_t cap = grown(icap, nitem + n, 1024);
			void *p = tunas_reallocarray(mx->sitem, cap, sizeof(*mx->sitem));

			if (p == NULL)
				goto out;
			mx->sitem = p;
			icap = cap;
		}
		if (mx->nset == 0)
			mx->soff[0] = 0;
		memcpy(&mx->sitem[nitem], item, n * sizeof(*item));
		nitem += n;
		mx->soff[mx->nset + 1] = (uint32_t)nitem;
		stab[j] = (uint32_t)mx->nset + 1;
		mx->vset[v] = (uint32_t)mx->nset++;
	}
	if (mx->soff == NULL && (mx->soff = tunas_calloc(1, sizeof(*mx->soff))) == NULL)
		goto out;

	/* The competency gap list: each open vacancy's essential competencies. */
	mx->cg = tunas_reallocarray(NULL, nitem > 0 ? mx->nr : 1, sizeof(*mx->cg));
	tmp = tunas_reallocarray(NULL, nitem > 0 ? mx->nr : 1, sizeof(*tmp));
	if (mx->cg == NULL || tmp == NULL)
		goto out;
	for (v = 0; v < mx->nv; v++) {
		uint32_t s = mx->vset[v];

		if (s == UINT32_MAX)
			continue;
		for (i = mx->soff[s]; i < mx->soff[s + 1]; i++)
			mx->cg[mx->ncg++] = (uint64_t)mx->vregion[v] << 54 |
					    (uint64_t)(mx->sitem[i] >> W_SHIFT) << 27 | v;
	}
	if (mx->ncg > 0 && (rc = radix_sort64(mx->cg, tmp, mx->ncg)) != 0)
		goto out;
	rc = 0;
out:
	tunas_free(key);
	tunas_free(stab);
	tunas_free(tmp);
	return rc;
}

/* What the index holds, array by array. */
static size_t index_bytes(const tunas_mx *mx)
{
	size_t np = mx->np, nv = mx->nv, nc = mx->ncomp,
	       nopen = mx->ngroup > 0 ? mx->goff[mx->ngroup] : 0;
	size_t s = sizeof(*mx);

	s += nc * sizeof(*mx->comp_id) + TUNAS_MX_REGION_MAX * sizeof(*mx->rlist);
	s += np * sizeof(*mx->pid) + (np / 64 + 1) * sizeof(*mx->findable);
	s += (np + 1) * sizeof(*mx->hoff) + mx->nh * (sizeof(*mx->hold) + sizeof(*mx->post));
	s += (nc + 1) * (sizeof(*mx->poff) + sizeof(*mx->vpoff));
	s += nv *
	     (sizeof(*mx->vid) + sizeof(*mx->vocc) + sizeof(*mx->vregion) + sizeof(*mx->vopenings) +
	      sizeof(*mx->vcloses) + sizeof(*mx->vopen) + sizeof(*mx->vemask) + sizeof(*mx->vset));
	s += (nv + 1) * sizeof(*mx->roff) + mx->nr * (sizeof(*mx->req) + sizeof(*mx->cg));
	s += (nc > 0 ? mx->vpoff[nc] : 0) * sizeof(*mx->vpost);
	s += mx->ngroup * (sizeof(*mx->gregion) + sizeof(*mx->gocc)) +
	     (mx->ngroup + 1) * sizeof(*mx->goff) + nopen * sizeof(*mx->gvac);
	s += (mx->nset + 1) * sizeof(*mx->soff) + mx->soff[mx->nset] * sizeof(*mx->sitem);
	return s;
}

int tunas_mx_build(tunas_mx **out, tunas_mx_builder *b)
{
	bool used[TUNAS_MX_REGION_MAX] = {false};
	tunas_mx *mx = NULL;
	uint32_t *remap = NULL;
	size_t r, v;
	int rc;

	if (out == NULL || b == NULL) {
		rc = TUNAS_EINVAL;
		goto out;
	}
	if ((mx = tunas_calloc(1, sizeof(*mx))) == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	if ((rc = build_comps(mx, b, &remap)) != 0 || (rc = build_people(mx, b, remap)) != 0 ||
	    (rc = build_postings(mx)) != 0 || (rc = build_vacancies(mx, b, remap)) != 0 ||
	    (rc = build_gaps(mx)) != 0)
		goto out;
	for (v = 0; v < mx->nv; v++)
		used[mx->vregion[v]] = true;
	for (r = 0; r < TUNAS_MX_REGION_MAX; r++)
		mx->nregions += used[r] || mx->rstart[r + 1] > mx->rstart[r];
	mx->bytes = index_bytes(mx);
	*out = mx;
	mx = NULL;
out:
	tunas_free(remap);
	tunas_mx_builder_free(b);
	tunas_mx_free(mx);
	return rc;
}

void tunas_mx_free(tunas_mx *mx)
{
	if (mx == NULL)
		return;
	tunas_free(mx->comp_id);
	tunas_free(mx->rlist);
	tunas_free(mx->pid);
	tunas_free(mx->findable);
	tunas_free(mx->hoff);
	tunas_free(mx->hold);
	tunas_free(mx->poff);
	tunas_free(mx->post);
	tunas_free(mx->vid);
	tunas_free(mx->vocc);
	tunas_free(mx->vregion);
	tunas_free(mx->vopenings);
	tunas_free(mx->vcloses);
	tunas_free(mx->vopen);
	tunas_free(mx->vemask);
	tunas_free(mx->roff);
	tunas_free(mx->req);
	tunas_free(mx->vpoff);
	tunas_free(mx->vpost);
	tunas_free(mx->gregion);
	tunas_free(mx->gocc);
	tunas_free(mx->goff);
	tunas_free(mx->gvac);
	tunas_free(mx->vset);
	tunas_free(mx->soff);
	tunas_free(mx->sitem);
	tunas_free(mx->cg);
	tunas_free(mx);
}

void tunas_mx_stats_get(const tunas_mx *mx, tunas_mx_stats *out)
{
	if (out == NULL)
		return;
	memset(out, 0, sizeof(*out));
	if (mx == NULL)
		return;
	out->people = mx->np;
	out->findable = mx->nfind;
	out->holdings = mx->nh;
	out->vacancies = mx->nv;
	out->requirements = mx->nr;
	out->competencies = mx->ncomp;
	out->regions = mx->nregions;
	out->bytes = mx->bytes;
}

/* ---- lookups ---- */

/* The dense number of competency `id`, or -1. */
static long comp_find(const tunas_mx *mx, int64_t id)
{
	size_t lo = 0, hi = mx->ncomp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mx->comp_id[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < mx->ncomp && mx->comp_id[lo] == id ? (long)lo : -1;
}

/* The dense number of person `id`, or -1: each region's run is sorted by id. */
static long person_find(const tunas_mx *mx, int64_t id)
{
	size_t k;

	for (k = 0; k < mx->nrlist; k++) {
		size_t r = mx->rlist[k], lo = mx->rstart[r], hi = mx->rstart[r + 1];

		if (id < mx->pid[lo] || id > mx->pid[hi - 1])
			continue;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (mx->pid[mid] < id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (mx->pid[lo] == id)
			return (long)lo;
	}
	return -1;
}

static bool is_findable(const tunas_mx *mx, size_t p)
{
	return mx->findable[p / 64] >> (p % 64) & 1;
}

/* Person p's holding of dense competency c, into *w; false if none. */
static bool person_holding(const tunas_mx *mx, size_t p, uint32_t c, uint32_t *w)
{
	size_t i = lower_bound32(mx->hold, mx->hoff[p], mx->hoff[p + 1], c << W_SHIFT);

	if (i < mx->hoff[p + 1] && mx->hold[i] >> W_SHIFT == c) {
		*w = mx->hold[i];
		return true;
	}
	return false;
}

/* ---- top k ---- */

typedef int (*hit_cmp)(const tunas_mx_hit *a, const tunas_mx_hit *b);

/* The k best hits so far, kept as a heap with the worst at h[0]. */
struct topk {
	tunas_mx_hit *h;
	size_t n, k;
	hit_cmp cmp; /* < 0: a ranks before b */
};

static void topk_offer(struct topk *t, const tunas_mx_hit *x)
{
	tunas_mx_hit *h = t->h;
	size_t i;

	if (t->n < t->k) {
		for (i = t->n++; i > 0; i = (i - 1) / 2) {
			if (t->cmp(x, &h[(i - 1) / 2]) <= 0)
				break;
			h[i] = h[(i - 1) / 2];
		}
		h[i] = *x;
		return;
	}
	if (t->cmp(x, &h[0]) >= 0)
		return;
	for (i = 0;;) {
		size_t c = 2 * i + 1;

		if (c >= t->n)
			break;
		if (c + 1 < t->n && t->cmp(&h[c + 1], &h[c]) > 0)
			c++;
		if (t->cmp(&h[c], x) <= 0)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = *x;
}

/* Candidates: more essentials, more optionals, lower person id. */
static int cand_cmp(const tunas_mx_hit *a, const tunas_mx_hit *b)
{
	if (a->essential_met != b->essential_met)
		return a->essential_met > b->essential_met ? -1 : 1;
	if (a->optional_met != b->optional_met)
		return a->optional_met > b->optional_met ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* met/total against other's, exactly; no total counts as all met. */
static int share_cmp(int am, int at, int bm, int bt)
{
	int64_t x, y;

	if (at == 0)
		am = at = 1;
	if (bt == 0)
		bm = bt = 1;
	x = (int64_t)am * bt;
	y = (int64_t)bm * at;
	return x > y ? -1 : x < y;
}

/* Vacancies: higher essential share, higher optional share, lower id. */
static int vac_cmp(const tunas_mx_hit *a, const tunas_mx_hit *b)
{
	int c = share_cmp(a->essential_met, a->essential_total, b->essential_met,
			  b->essential_total);

	if (c == 0)
		c = share_cmp(a->optional_met, a->optional_total, b->optional_met,
			      b->optional_total);
	if (c == 0)
		c = a->id < b->id ? -1 : a->id > b->id;
	return c;
}

static int cand_qcmp(const void *a, const void *b)
{
	return cand_cmp(a, b);
}

static int vac_qcmp(const void *a, const void *b)
{
	return vac_cmp(a, b);
}

/* ---- candidates ---- */

/* A query requirement: dense competency (-1: nobody holds it), level, bit. */
struct qreq {
	long comp;
	uint32_t level;
	uint64_t bit;
};

static void offer_person(struct topk *t, const tunas_mx *mx, size_t p, uint64_t met, uint64_t emask,
			 int etot, int otot)
{
	tunas_mx_hit x;

	x.essential_met = popcount64(met & emask);
	x.optional_met = popcount64(met & ~emask);
	if (t->n == t->k) {
		/* Most people lose on the counts alone: look the id up only on a tie. */
		const tunas_mx_hit *w = &t->h[0];

		if (x.essential_met < w->essential_met ||
		    (x.essential_met == w->essential_met && x.optional_met < w->optional_met))
			return;
		if (x.essential_met == w->essential_met && x.optional_met == w->optional_met &&
		    mx->pid[p] > w->id)
			return;
	}
	x.id = mx->pid[p];
	x.met = met;
	x.essential_total = etot;
	x.optional_total = otot;
	topk_offer(t, &x);
}

static void candidates_brute(const tunas_mx *mx, struct topk *t, const struct qreq *q, size_t nq,
			     uint64_t emask, int etot, int otot, size_t lo, size_t hi)
{
	size_t p, i;

	for (p = lo; p < hi; p++) {
		uint64_t met = 0;

		if (!is_findable(mx, p))
			continue;
		for (i = 0; i < nq; i++) {
			uint32_t w;

			if (q[i].comp >= 0 && person_holding(mx, p, (uint32_t)q[i].comp, &w) &&
			    !(w & W_FLAG) && (w & W_LEVEL) >= q[i].level)
				met |= q[i].bit;
		}
		if (met != 0)
			offer_person(t, mx, p, met, emask, etot, otot);
	}
}

/*
 * The postings of each requirement, restricted to [lo, hi), are walked
 * together block by block of BLOCK people: each sets its bit in a small
 * accumulator (it stays in cache), and the people touched in the block
 * are then scored.
 */
static void candidates_indexed(const tunas_mx *mx, struct topk *t, const struct qreq *q, size_t nq,
			       uint64_t emask, int etot, int otot, size_t lo, size_t hi,
			       uint64_t *acc, uint32_t *touched)
{
	size_t cur[TUNAS_MX_REQ_MAX], end[TUNAS_MX_REQ_MAX];
	size_t i;

	for (i = 0; i < nq; i++) {
		cur[i] = end[i] = 0;
		if (q[i].comp < 0)
			continue;
		cur[i] = mx->poff[q[i].comp];
		end[i] = mx->poff[q[i].comp + 1];
		cur[i] = lower_bound32(mx->post, cur[i], end[i], (uint32_t)lo << W_SHIFT);
		end[i] = lower_bound32(mx->post, cur[i], end[i], (uint32_t)hi << W_SHIFT);
	}
	for (;;) {
		uint32_t base = UINT32_MAX, lim;
		size_t nt = 0, j;

		for (i = 0; i < nq; i++)
			if (cur[i] < end[i] && mx->post[cur[i]] >> W_SHIFT < base)
				base = mx->post[cur[i]] >> W_SHIFT;
		if (base == UINT32_MAX)
			break;
		lim = (uint32_t)(base + BLOCK < hi ? base + BLOCK : hi) << W_SHIFT;
		for (i = 0; i < nq; i++) {
			const uint32_t *post = mx->post;
			size_t c = cur[i], e = end[i];
			uint32_t level = q[i].level;
			uint64_t bit = q[i].bit;

			for (; c < e && post[c] < lim; c++) {
				uint32_t w = post[c], k;

				if ((w & W_FLAG) || (w & W_LEVEL) < level)
					continue;
				k = (w >> W_SHIFT) - base;
				if (acc[k] == 0)
					touched[nt++] = k;
				acc[k] |= bit;
			}
			cur[i] = c;
		}
		for (j = 0; j < nt; j++) {
			uint32_t k = touched[j];
			uint64_t met = acc[k];

			acc[k] = 0;
			if (is_findable(mx, base + k))
				offer_person(t, mx, base + k, met, emask, etot, otot);
		}
	}
}

int tunas_mx_candidates(const tunas_mx *mx, tunas_mx_hit *out, size_t *n, size_t k,
			const tunas_mx_req *reqs, size_t nreq, int region, bool brute)
{
	struct qreq q[TUNAS_MX_REQ_MAX];
	uint64_t *acc = NULL, emask = 0;
	uint32_t *touched = NULL;
	struct topk t;
	size_t lo, hi, i;
	int etot = 0, rc = 0;

	if (mx == NULL || n == NULL || (out == NULL && k > 0) || reqs == NULL || nreq == 0 ||
	    nreq > TUNAS_MX_REQ_MAX || region >= TUNAS_MX_REGION_MAX)
		return TUNAS_EINVAL;
	for (i = 0; i < nreq; i++)
		if (reqs[i].level > TUNAS_MX_LEVEL_MAX)
			return TUNAS_EINVAL;
	if (k > K_MAX)
		return TUNAS_ELIMIT;
	if (k == 0) {
		*n = 0;
		return 0;
	}
	for (i = 0; i < nreq; i++) {
		q[i].comp = comp_find(mx, reqs[i].competency_id);
		q[i].level = reqs[i].level;
		q[i].bit = (uint64_t)1 << i;
		if (reqs[i].essential) {
			emask |= q[i].bit;
			etot++;
		}
	}
	lo = region < 0 ? 0 : mx->rstart[region];
	hi = region < 0 ? mx->np : mx->rstart[region + 1];
	if (!brute) {
		acc = tunas_calloc(BLOCK, sizeof(*acc));
		touched = tunas_reallocarray(NULL, BLOCK, sizeof(*touched));
		if (acc == NULL || touched == NULL) {
			rc = TUNAS_ENOMEM;
			goto out;
		}
	}
	/* Nothing fails from here on: out[] serves as the heap. */
	t.h = out;
	t.n = 0;
	t.k = k;
	t.cmp = cand_cmp;
	if (brute)
		candidates_brute(mx, &t, q, nreq, emask, etot, (int)nreq - etot, lo, hi);
	else
		candidates_indexed(mx, &t, q, nreq, emask, etot, (int)nreq - etot, lo, hi, acc,
				   touched);
	qsort(out, t.n, sizeof(*out), cand_qcmp);
	*n = t.n;
out:
	tunas_free(acc);
	tunas_free(touched);
	return rc;
}

/* ---- vacancies for a person ---- */

static void offer_vacancy(struct topk *t, const tunas_mx *mx, size_t v, uint64_t met)
{
	tunas_mx_hit x;
	uint64_t em = mx->vemask[v];

	x.id = mx->vid[v];
	x.met = met;
	x.essential_met = popcount64(met & em);
	x.essential_total = popcount64(em);
	x.optional_met = popcount64(met & ~em);
	x.optional_total = (int)(mx->roff[v + 1] - mx->roff[v]) - x.essential_total;
	topk_offer(t, &x);
}

static void vacancies_brute(const tunas_mx *mx, struct topk *t, size_t p, int32_t today)
{
	size_t v, i;

	for (v = 0; v < mx->nv; v++) {
		uint64_t met = 0;

		if (!mx->vopen[v] || mx->vcloses[v] < today)
			continue;
		for (i = mx->roff[v]; i < mx->roff[v + 1]; i++) {
			uint32_t r = mx->req[i], w;

			if (person_holding(mx, p, r >> W_SHIFT, &w) && !(w & W_FLAG) &&
			    (w & W_LEVEL) >= (r & W_LEVEL))
				met |= (uint64_t)1 << (i - mx->roff[v]);
		}
		if (met != 0)
			offer_vacancy(t, mx, v, met);
	}
}

/* A cursor over one competency's vacancy postings, for a holding of `level`. */
struct vcur {
	const struct vpost *at, *end;
	uint32_t level;
};

static void vcur_sift(struct vcur *h, size_t n, size_t i)
{
	for (;;) {
		size_t c = 2 * i + 1;
		struct vcur x;

		if (c >= n)
			return;
		if (c + 1 < n && h[c + 1].at->vac < h[c].at->vac)
			c++;
		if (h[i].at->vac <= h[c].at->vac)
			return;
		x = h[i];
		h[i] = h[c];
		h[c] = x;
		i = c;
	}
}

/* A k-way merge of the vacancy postings of the person's verified
 * competencies, in vacancy order: each vacancy comes out once with every
 * requirement the person meets. */
static void vacancies_indexed(const tunas_mx *mx, struct topk *t, size_t p, int32_t today,
			      struct vcur *h)
{
	size_t nh = 0, i;
	uint32_t v = UINT32_MAX;
	uint64_t met = 0;

	for (i = mx->hoff[p]; i < mx->hoff[p + 1]; i++) {
		uint32_t w = mx->hold[i], c = w >> W_SHIFT;

		if ((w & W_FLAG) || mx->vpoff[c] == mx->vpoff[c + 1])
			continue;
		h[nh].at = &mx->vpost[mx->vpoff[c]];
		h[nh].end = &mx->vpost[mx->vpoff[c + 1]];
		h[nh].level = w & W_LEVEL;
		nh++;
	}
	for (i = nh; i-- > 0;)
		vcur_sift(h, nh, i);
	while (nh > 0) {
		const struct vpost *e = h[0].at;

		if (e->vac != v) {
			if (met != 0 && mx->vcloses[v] >= today)
				offer_vacancy(t, mx, v, met);
			v = e->vac;
			met = 0;
		}
		if (e->level <= h[0].level)
			met |= (uint64_t)1 << e->bit;
		if (++h[0].at == h[0].end)
			h[0] = h[--nh];
		vcur_sift(h, nh, 0);
	}
	if (met != 0 && mx->vcloses[v] >= today)
		offer_vacancy(t, mx, v, met);
}

int tunas_mx_vacancies_for(const tunas_mx *mx, tunas_mx_hit *out, size_t *n, size_t k,
			   int64_t person_id, int32_t today, bool brute)
{
	struct vcur *h = NULL;
	struct topk t;
	long p;
	int rc = 0;

	if (mx == NULL || n == NULL || (out == NULL && k > 0))
		return TUNAS_EINVAL;
	if (k > K_MAX)
		return TUNAS_ELIMIT;
	if ((p = person_find(mx, person_id)) < 0)
		return TUNAS_ENOTFOUND;
	if (k == 0) {
		*n = 0;
		return 0;
	}
	if (!brute) {
		h = tunas_reallocarray(NULL, mx->hoff[p + 1] - mx->hoff[p] + 1, sizeof(*h));
		if (h == NULL) {
			rc = TUNAS_ENOMEM;
			goto out;
		}
	}
	t.h = out;
	t.n = 0;
	t.k = k;
	t.cmp = vac_cmp;
	if (brute)
		vacancies_brute(mx, &t, (size_t)p, today);
	else
		vacancies_indexed(mx, &t, (size_t)p, today, h);
	qsort(out, t.n, sizeof(*out), vac_qcmp);
	*n = t.n;
out:
	tunas_free(h);
	return rc;
}

/* ---- gap by region x occupation ---- */

/* Whether person p holds every item of an essential set: *all with
 * verified and training holdings, *ver with verified ones only. */
static void person_meets(const tunas_mx *mx, size_t p, const uint32_t *item, size_t n, bool *all,
			 bool *ver)
{
	size_t i = mx->hoff[p], e = mx->hoff[p + 1], j;

	*all = *ver = true;
	for (j = 0; j < n; j++) {
		uint32_t c = item[j] >> W_SHIFT;

		while (i < e && mx->hold[i] >> W_SHIFT < c)
			i++;
		if (i == e || mx->hold[i] >> W_SHIFT != c ||
		    (mx->hold[i] & W_LEVEL) < (item[j] & W_LEVEL)) {
			*all = *ver = false;
			return;
		}
		if (mx->hold[i] & W_FLAG)
			*ver = false;
	}
}

/* One gap worker's state: its stamps, and how many it has counted. */
struct gap_work {
	const tunas_mx *mx;
	tunas_mx_gap_row *row; /* [ngroup], vacancies == 0: no row */
	int32_t today;
	atomic_size_t *next; /* the next group to take */
	uint32_t *pstamp;    /* [maxregion] per person of the region */
	uint32_t *sstamp;    /* [nset] */
	uint32_t *sets;	     /* [nset] the group's distinct open sets */
};

/* Count person k of the region for group g: a verified qualifies for
 * supply, else for the pipeline. Stamps 2g + 1 (pipeline) < 2g + 2 (supply)
 * are above any earlier group's, since a worker takes groups in order. */
static void gap_mark(struct gap_work *w, size_t k, size_t g, bool ver, int64_t *a, int64_t *v)
{
	uint32_t st = w->pstamp[k], sa = (uint32_t)(2 * g + 1), sv = sa + 1;

	if (ver) {
		if (st == sv)
			return;
		if (st != sa)
			(*a)++;
		(*v)++;
		w->pstamp[k] = sv;
	} else if (st < sa) {
		(*a)++;
		w->pstamp[k] = sa;
	}
}

static void gap_group(struct gap_work *w, size_t g)
{
	const tunas_mx *mx = w->mx;
	tunas_mx_gap_row *row = &w->row[g];
	size_t r = mx->gregion[g], rb = mx->rstart[r], re = mx->rstart[r + 1];
	size_t i, nsets = 0;
	int64_t a = 0, v = 0;

	row->region = (uint16_t)r;
	row->occupation_id = mx->gocc[g];
	row->vacancies = row->openings = row->supply = row->pipeline = 0;
	for (i = mx->goff[g]; i < mx->goff[g + 1]; i++) {
		uint32_t vac = mx->gvac[i], s = mx->vset[vac];

		if (mx->vcloses[vac] < w->today)
			continue;
		row->vacancies++;
		row->openings += mx->vopenings[vac];
		if (w->sstamp[s] != g + 1) {
			w->sstamp[s] = (uint32_t)g + 1;
			w->sets[nsets++] = s;
		}
	}
	for (i = 0; i < nsets; i++) {
		const uint32_t *item = &mx->sitem[mx->soff[w->sets[i]]];
		size_t n = mx->soff[w->sets[i] + 1] - mx->soff[w->sets[i]];
		size_t best = 0, from = 0, to = 0, j;

		if (n == 0) {
			/* No essentials: everyone in the region qualifies. */
			for (j = rb; j < re; j++)
				gap_mark(w, j - rb, g, true, &a, &v);
			continue;
		}
		for (j = 0; j < n; j++) {
			uint32_t c = item[j] >> W_SHIFT;
			size_t f = lower_bound32(mx->post, mx->poff[c], mx->poff[c + 1],
						 (uint32_t)rb << W_SHIFT);
			size_t e = lower_bound32(mx->post, f, mx->poff[c + 1],
						 (uint32_t)re << W_SHIFT);

			if (j == 0 || e - f < to - from) {
				best = j;
				from = f;
				to = e;
			}
		}
		for (j = from; j < to; j++) {
			uint32_t x = mx->post[j];
			size_t p = x >> W_SHIFT;
			bool all, ver;

			if ((x & W_LEVEL) < (item[best] & W_LEVEL))
				continue;
			person_meets(mx, p, item, n, &all, &ver);
			if (all)
				gap_mark(w, p - rb, g, ver, &a, &v);
		}
	}
	row->supply = v;
	row->pipeline = a - v;
}

static void *gap_worker(void *arg)
{
	struct gap_work *w = arg;
	size_t ng = w->mx->ngroup;

	for (;;) {
		size_t g = atomic_fetch_add(w->next, GAP_CHUNK), e;

		if (g >= ng)
			break;
		for (e = g + GAP_CHUNK < ng ? g + GAP_CHUNK : ng; g < e; g++)
			gap_group(w, g);
	}
	return NULL;
}

static int gap_work_init(struct gap_work *w, const tunas_mx *mx)
{
	w->mx = mx;
	w->pstamp = tunas_calloc(mx->maxregion + 1, sizeof(*w->pstamp));
	w->sstamp = tunas_calloc(mx->nset + 1, sizeof(*w->sstamp));
	w->sets = tunas_calloc(mx->nset + 1, sizeof(*w->sets));
	return w->pstamp != NULL && w->sstamp != NULL && w->sets != NULL ? 0 : TUNAS_ENOMEM;
}

static void gap_work_dispose(struct gap_work *w)
{
	tunas_free(w->pstamp);
	tunas_free(w->sstamp);
	tunas_free(w->sets);
}

/* Rows of every group: two workers share the groups (one when the report
 * is small or a thread cannot be started). */
static int gap_occ_indexed(const tunas_mx *mx, tunas_mx_gap_row *row, int32_t today)
{
	struct gap_work w[2];
	atomic_size_t next;
	pthread_t th;
	bool threaded = false;
	int rc;

	memset(w, 0, sizeof(w));
	atomic_init(&next, 0);
	if ((rc = gap_work_init(&w[0], mx)) != 0)
		goto out;
	w[0].row = row;
	w[0].today = today;
	w[0].next = &next;
	if (mx->ngroup >= GAP_THREAD_MIN && gap_work_init(&w[1], mx) == 0) {
		w[1].row = row;
		w[1].today = today;
		w[1].next = &next;
		threaded = pthread_create(&th, NULL, gap_worker, &w[1]) == 0;
	}
	gap_worker(&w[0]);
	if (threaded)
		pthread_join(th, NULL);
out:
	gap_work_dispose(&w[0]);
	gap_work_dispose(&w[1]);
	return rc;
}

/* The same from scratch: group the open vacancies, and try every person
 * of the region against every vacancy of the group. */
static int gap_occ_brute(const tunas_mx *mx, tunas_mx_gap_row **out, size_t *n, int32_t today)
{
	struct gkey *key = NULL;
	tunas_mx_gap_row *row = NULL;
	size_t nk = 0, nrow = 0, v, i, j;
	int rc = TUNAS_ENOMEM;

	if ((key = tunas_reallocarray(NULL, mx->nv + 1, sizeof(*key))) == NULL ||
	    (row = tunas_reallocarray(NULL, mx->nv + 1, sizeof(*row))) == NULL)
		goto out;
	for (v = 0; v < mx->nv; v++) {
		if (!mx->vopen[v] || mx->vcloses[v] < today)
			continue;
		key[nk].occ = mx->vocc[v];
		key[nk].vac = (uint32_t)v;
		key[nk].region = mx->vregion[v];
		nk++;
	}
	qsort(key, nk, sizeof(*key), gkey_cmp);
	for (i = 0; i < nk; i = j) {
		tunas_mx_gap_row *g = &row[nrow++];
		size_t r = key[i].region, p;

		memset(g, 0, sizeof(*g));
		g->region = (uint16_t)r;
		g->occupation_id = key[i].occ;
		for (j = i; j < nk && key[j].region == r && key[j].occ == key[i].occ; j++) {
			g->vacancies++;
			g->openings += mx->vopenings[key[j].vac];
		}
		for (p = mx->rstart[r]; p < mx->rstart[r + 1]; p++) {
			bool q_all = false, q_ver = false;
			size_t m, x;

			for (m = i; m < j && !q_ver; m++) {
				size_t vac = key[m].vac;
				bool all = true, ver = true;

				for (x = mx->roff[vac]; x < mx->roff[vac + 1] && all; x++) {
					uint32_t rq = mx->req[x], w;

					if (!(rq & W_FLAG))
						continue;
					if (!person_holding(mx, p, rq >> W_SHIFT, &w) ||
					    (w & W_LEVEL) < (rq & W_LEVEL))
						all = ver = false;
					else if (w & W_FLAG)
						ver = false;
				}
				q_all |= all;
				q_ver |= ver;
			}
			g->supply += q_ver;
			g->pipeline += q_all && !q_ver;
		}
	}
	*out = row;
	*n = nrow;
	row = NULL;
	rc = 0;
out:
	tunas_free(key);
	tunas_free(row);
	return rc;
}

int tunas_mx_gap_occupations(const tunas_mx *mx, tunas_mx_gap_row **out, size_t *n, int32_t today,
			     bool brute)
{
	tunas_mx_gap_row *row = NULL;
	size_t g, m = 0;
	int rc;

	if (mx == NULL || out == NULL || n == NULL)
		return TUNAS_EINVAL;
	if (brute)
		return gap_occ_brute(mx, out, n, today);
	if ((row = tunas_reallocarray(NULL, mx->ngroup + 1, sizeof(*row))) == NULL)
		return TUNAS_ENOMEM;
	if ((rc = gap_occ_indexed(mx, row, today)) != 0)
		goto out;
	/* Groups are in (region, occupation) order; drop those with nothing open. */
	for (g = 0; g < mx->ngroup; g++)
		if (row[g].vacancies > 0)
			row[m++] = row[g];
	*out = row;
	*n = m;
	row = NULL;
out:
	tunas_free(row);
	return rc;
}

/* ---- gap by region x competency ---- */

int tunas_mx_gap_competencies(const tunas_mx *mx, tunas_mx_skill_gap_row **out, size_t *n,
			      int32_t today, bool brute)
{
	tunas_mx_skill_gap_row *row = NULL;
	uint64_t *key = NULL, *tmp = NULL;
	size_t nk = 0, nrow = 0, i, j, v, p, k;
	int rc = TUNAS_ENOMEM;

	if (mx == NULL || out == NULL || n == NULL)
		return TUNAS_EINVAL;
	if (brute) {
		/* From scratch: the essentials of open vacancies, each
		 * competency once per vacancy. */
		key = tunas_reallocarray(NULL, mx->nr + 1, sizeof(*key));
		tmp = tunas_reallocarray(NULL, mx->nr + 1, sizeof(*tmp));
		if (key == NULL || tmp == NULL)
			goto out;
		for (v = 0; v < mx->nv; v++) {
			size_t first = nk;

			if (!mx->vopen[v] || mx->vcloses[v] < today)
				continue;
			for (i = mx->roff[v]; i < mx->roff[v + 1]; i++) {
				uint64_t c = mx->req[i] >> W_SHIFT, kk;

				if (!(mx->req[i] & W_FLAG))
					continue;
				kk = (uint64_t)mx->vregion[v] << 54 | c << 27 | v;
				for (j = first; j < nk && key[j] != kk; j++)
					;
				if (j == nk)
					key[nk++] = kk;
			}
		}
		if (nk > 0 && (rc = radix_sort64(key, tmp, nk)) != 0)
			goto out;
	} else {
		key = mx->cg;
		nk = mx->ncg;
	}
	if ((row = tunas_calloc(nk + 1, sizeof(*row))) == NULL) {
		rc = TUNAS_ENOMEM;
		goto out;
	}
	for (i = 0; i < nk; i = j) {
		tunas_mx_skill_gap_row *g = &row[nrow];
		size_t r = key[i] >> 54, c = key[i] >> 27 & (DENSE_MAX - 1);

		g->region = (uint16_t)r;
		g->competency_id = mx->comp_id[c];
		for (j = i; j < nk && key[j] >> 27 == key[i] >> 27; j++) {
			v = key[j] & (DENSE_MAX - 1);
			if (mx->vcloses[v] >= today) {
				g->vacancies++;
				g->openings += mx->vopenings[v];
			}
		}
		if (g->vacancies == 0)
			continue;
		nrow++;
		if (brute)
			continue;
		/* The region's run of the competency's postings. */
		k = lower_bound32(mx->post, mx->poff[c], mx->poff[c + 1],
				  (uint32_t)mx->rstart[r] << W_SHIFT);
		for (; k < mx->poff[c + 1] && mx->post[k] >> W_SHIFT < mx->rstart[r + 1]; k++) {
			if (mx->post[k] & W_FLAG)
				g->pipeline++;
			else
				g->supply++;
		}
	}
	if (brute) {
		/* Every person's every holding, looked up among the rows. */
		size_t rk;

		for (rk = 0; rk < mx->nrlist; rk++) {
			size_t r = mx->rlist[rk];

			for (p = mx->rstart[r]; p < mx->rstart[r + 1]; p++) {
				for (k = mx->hoff[p]; k < mx->hoff[p + 1]; k++) {
					int64_t cid = mx->comp_id[mx->hold[k] >> W_SHIFT];
					size_t lo = 0, hi = nrow;

					while (lo < hi) {
						size_t mid = lo + (hi - lo) / 2;

						if (row[mid].region < r ||
						    (row[mid].region == r &&
						     row[mid].competency_id < cid))
							lo = mid + 1;
						else
							hi = mid;
					}
					if (lo == nrow || row[lo].region != r ||
					    row[lo].competency_id != cid)
						continue;
					if (mx->hold[k] & W_FLAG)
						row[lo].pipeline++;
					else
						row[lo].supply++;
				}
			}
		}
	}
	*out = row;
	*n = nrow;
	row = NULL;
	rc = 0;
out:
	if (brute)
		tunas_free(key);
	tunas_free(tmp);
	tunas_free(row);
	return rc;
}

/* ---- set cover ---- */

struct cover {
	size_t n;		 /* options kept, in ascending original index */
	size_t idx[COVER_MAX];	 /* their original indices */
	uint64_t cov[COVER_MAX]; /* what they cover of the coverable need */
	int64_t hours[COVER_MAX], cost[COVER_MAX];
	uint64_t by_bit[64][COVER_MAX / 64]; /* options covering each bit */
	uint16_t pick[64];		     /* the partial choice */
	size_t npick;
	int64_t h, c;
	uint16_t best[64]; /* the best choice, ascending */
	size_t nbest;
	int64_t bh, bc;
	bool found;
	long nodes;
};

static int u16_cmp(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

/* A complete choice: keep it if it beats the best. */
static void cover_consider(struct cover *x)
{
	uint16_t s[64];
	size_t i;

	memcpy(s, x->pick, x->npick * sizeof(*s));
	qsort(s, x->npick, sizeof(*s), u16_cmp);
	if (x->found) {
		int d = 0;

		if (x->npick != x->nbest)
			d = x->npick < x->nbest ? -1 : 1;
		else if (x->h != x->bh)
			d = x->h < x->bh ? -1 : 1;
		else if (x->c != x->bc)
			d = x->c < x->bc ? -1 : 1;
		for (i = 0; d == 0 && i < x->npick; i++)
			if (s[i] != x->best[i])
				d = s[i] < x->best[i] ? -1 : 1;
		if (d >= 0)
			return;
	}
	memcpy(x->best, s, x->npick * sizeof(*s));
	x->nbest = x->npick;
	x->bh = x->h;
	x->bc = x->c;
	x->found = true;
}

/* Whether the smallest choice of `extra` more allowed options (useful ones
 * in `use`) together with the partial choice cannot be lexicographically
 * smaller than the best: then no completion of this size can be. */
static bool cover_lex_hopeless(const struct cover *x, const uint64_t use[COVER_MAX / 64],
			       size_t extra)
{
	uint16_t s[64];
	size_t m = 0, i, j;

	memcpy(s, x->pick, x->npick * sizeof(*s));
	m = x->npick;
	for (i = 0; i < x->n && extra > 0; i++) {
		if (use[i / 64] >> (i % 64) & 1) {
			s[m++] = (uint16_t)i;
			extra--;
		}
	}
	qsort(s, m, sizeof(*s), u16_cmp);
	for (j = 0; j < m && j < x->nbest; j++)
		if (s[j] != x->best[j])
			return s[j] > x->best[j];
	return true;
}

struct cand {
	int gain;
	uint16_t o;
};

static int cover_search(struct cover *x, uint64_t left, const uint64_t allowed[COVER_MAX / 64])
{
	uint64_t use[COVER_MAX / 64], next[COVER_MAX / 64], seen[COVER_MAX / 64] = {0};
	struct cand cand[COVER_MAX];
	size_t ngain[65] = {0};
	int64_t minh = INT64_MAX, minc = INT64_MAX;
	size_t maxgain = 0, lb, lb2 = 0, nc = 0, nbit = 0, i, w, sum;
	int bit = -1, fewest = INT_MAX, cnt[64], rc;
	uint8_t order[64];

	if (++x->nodes > COVER_NODES)
		return TUNAS_ELIMIT;
	if (left == 0) {
		cover_consider(x);
		return 0;
	}
	/* Bounds over the allowed options that still help. */
	for (w = 0; w < COVER_MAX / 64; w++)
		use[w] = 0;
	for (i = 0; i < x->n; i++) {
		size_t gain;

		if (!(allowed[i / 64] >> (i % 64) & 1) || (x->cov[i] & left) == 0)
			continue;
		use[i / 64] |= (uint64_t)1 << (i % 64);
		gain = (size_t)popcount64(x->cov[i] & left);
		maxgain = gain > maxgain ? gain : maxgain;
		ngain[gain]++;
		minh = x->hours[i] < minh ? x->hours[i] : minh;
		minc = x->cost[i] < minc ? x->cost[i] : minc;
	}
	if (maxgain == 0)
		return 0;
	/* Lower bounds on the options still to choose: the fewest whose
	 * gains add up to what is left; and bits no two of which share an
	 * option (each needs its own), taken greedily, rarest first. */
	for (lb = 0, sum = 0, i = maxgain; sum < (size_t)popcount64(left); i--) {
		size_t take = ngain[i];

		if (take == 0)
			continue;
		if (sum + take * i >= (size_t)popcount64(left)) {
			lb += ((size_t)popcount64(left) - sum + i - 1) / i;
			break;
		}
		sum += take * i;
		lb += take;
	}
	for (i = 0; i < 64; i++) {
		cnt[i] = INT_MAX;
		if (!(left >> i & 1))
			continue;
		cnt[i] = 0;
		for (w = 0; w < COVER_MAX / 64; w++)
			cnt[i] += popcount64(x->by_bit[i][w] & use[w]);
		if (cnt[i] < fewest) {
			fewest = cnt[i];
			bit = (int)i;
		}
	}
	if (fewest == 0)
		return 0;
	for (i = 0; i < 64; i++) {
		size_t j;

		if (!(left >> i & 1))
			continue;
		for (j = nbit; j > 0 && cnt[order[j - 1]] > cnt[i]; j--)
			order[j] = order[j - 1];
		order[j] = (uint8_t)i;
		nbit++;
	}
	for (i = 0; i < nbit; i++) {
		const uint64_t *o = x->by_bit[order[i]];
		bool apart = true;

		for (w = 0; w < COVER_MAX / 64; w++)
			apart &= (o[w] & use[w] & seen[w]) == 0;
		if (!apart)
			continue;
		for (w = 0; w < COVER_MAX / 64; w++)
			seen[w] |= o[w] & use[w];
		lb2++;
	}
	lb = lb2 > lb ? lb2 : lb;
	if (x->found) {
		if (x->npick + lb > x->nbest)
			return 0;
		if (x->npick + lb == x->nbest) {
			int64_t h = x->h + (int64_t)lb * minh, c = x->c + (int64_t)lb * minc;

			if (h > x->bh || (h == x->bh && c > x->bc))
				return 0;
			if (h == x->bh && c == x->bc && cover_lex_hopeless(x, use, lb))
				return 0;
		}
	}
	/* Branch on the bit the fewest options cover; an option of an earlier
	 * branch is left out of the later ones (those choices were seen). */
	for (i = 0; i < x->n; i++) {
		if (x->by_bit[bit][i / 64] & use[i / 64] & (uint64_t)1 << (i % 64)) {
			int gain = popcount64(x->cov[i] & left);
			size_t j;

			/* Insertion by (gain desc, hours, cost, index). */
			for (j = nc; j > 0; j--) {
				const struct cand *p = &cand[j - 1];

				if (p->gain > gain ||
				    (p->gain == gain && (x->hours[p->o] < x->hours[i] ||
							 (x->hours[p->o] == x->hours[i] &&
							  x->cost[p->o] <= x->cost[i]))))
					break;
				cand[j] = cand[j - 1];
			}
			cand[j].gain = gain;
			cand[j].o = (uint16_t)i;
			nc++;
		}
	}
	memcpy(next, use, sizeof(next));
	for (i = 0; i < nc; i++) {
		uint16_t o = cand[i].o;

		next[o / 64] &= ~((uint64_t)1 << (o % 64));
		x->pick[x->npick++] = o;
		x->h += x->hours[o];
		x->c += x->cost[o];
		rc = cover_search(x, left & ~x->cov[o], next);
		x->npick--;
		x->h -= x->hours[o];
		x->c -= x->cost[o];
		if (rc != 0)
			return rc;
	}
	return 0;
}

int tunas_mx_cover(size_t *chosen, size_t *nchosen, uint64_t *uncovered, const uint64_t *cover,
		   const int64_t *hours, const int64_t *cost, size_t n, uint64_t need)
{
	struct cover *x = NULL;
	uint64_t coverable = 0, allowed[COVER_MAX / 64] = {0};
	size_t i, j, m = 0;
	int rc = 0;

	if (chosen == NULL || nchosen == NULL || uncovered == NULL || (cover == NULL && n > 0))
		return TUNAS_EINVAL;
	if (n > COVER_MAX)
		return TUNAS_ELIMIT;
	for (i = 0; i < n; i++)
		if ((hours != NULL && (hours[i] < 0 || hours[i] > COVER_VALUE_MAX)) ||
		    (cost != NULL && (cost[i] < 0 || cost[i] > COVER_VALUE_MAX)))
			return TUNAS_EINVAL;
	if ((x = tunas_calloc(1, sizeof(*x))) == NULL)
		return TUNAS_ENOMEM;
	for (i = 0; i < n; i++)
		coverable |= cover[i] & need;

	/* Keep the options that cover something, less the dominated: b
	 * dominates a when it covers all a does and is cheaper in (hours,
	 * cost, index), since swapping a for b in a choice improves it. */
	for (i = 0; i < n; i++) {
		uint64_t ci = cover[i] & coverable;
		int64_t hi = hours != NULL ? hours[i] : 0, ki = cost != NULL ? cost[i] : 0;
		bool dominated = ci == 0;

		for (j = 0; j < n && !dominated; j++) {
			uint64_t cj = cover[j] & coverable;
			int64_t hj = hours != NULL ? hours[j] : 0, kj = cost != NULL ? cost[j] : 0;

			if (j == i || (ci & ~cj) != 0)
				continue;
			dominated = hj < hi || (hj == hi && (kj < ki || (kj == ki && j < i)));
		}
		if (dominated)
			continue;
		x->idx[m] = i;
		x->cov[m] = ci;
		x->hours[m] = hi;
		x->cost[m] = ki;
		for (j = 0; j < 64; j++)
			if (ci >> j & 1)
				x->by_bit[j][m / 64] |= (uint64_t)1 << (m % 64);
		allowed[m / 64] |= (uint64_t)1 << (m % 64);
		m++;
	}
	x->n = m;
	if ((rc = cover_search(x, coverable, allowed)) != 0)
		goto out;
	for (i = 0; i < x->nbest; i++)
		chosen[i] = x->idx[x->best[i]];
	*nchosen = x->nbest;
	*uncovered = need & ~coverable;
out:
	tunas_free(x);
	return rc;
}
