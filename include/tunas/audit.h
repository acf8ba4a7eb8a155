/*
 * audit.h — the append-only, hash-chained audit trail.
 *
 * Every change the library makes writes one entry in the same transaction:
 * who (user id and name), when, what action, which object, and a JSON detail
 * with personal data masked. Each entry's hash is
 *
 *   BLAKE2b-256(prev_hash || seq || at || actor || action || object || detail)
 *
 * so that changing, inserting or deleting any entry breaks the chain from
 * there on; tunas_audit_verify() walks the chain and names the first bad
 * entry. The first entry's prev_hash is 32 zero bytes.
 */
#ifndef TUNAS_AUDIT_H
#define TUNAS_AUDIT_H

#include "tunas/tunas.h"

#define TUNAS_HASH_LEN 32

typedef struct {
	int64_t seq;
	int64_t at;
	int64_t actor_id;
	char actor_name[TUNAS_CODE_MAX + 1];
	char action[TUNAS_CODE_MAX + 1];      /* "person.create" */
	char object_type[TUNAS_CODE_MAX + 1]; /* "person" */
	int64_t object_id;
	char detail[TUNAS_TEXT_MAX + 1]; /* JSON object */
	unsigned char prev_hash[TUNAS_HASH_LEN];
	unsigned char hash[TUNAS_HASH_LEN];
} tunas_audit_entry;

/* Entries after `page->after_id` (a seq); system admins only. Caller
 * frees *out with free(). */
int tunas_audit_list(tunas_ctx *ctx, tunas_audit_entry **out, size_t *n, const tunas_page *page);

/* Walk the whole chain. Returns 0 and the entry count in *count if intact;
 * TUNAS_ECONFLICT with *bad_seq set to the first broken entry otherwise. */
int tunas_audit_verify(tunas_ctx *ctx, int64_t *count, int64_t *bad_seq);

/* Compute an entry's hash from its fields and prev_hash (exposed for tests
 * and for the store's migration checks). */
void tunas_audit_hash(unsigned char out[TUNAS_HASH_LEN], const tunas_audit_entry *e);

#endif
