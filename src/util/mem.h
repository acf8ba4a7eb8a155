/*
 * mem.h — the one allocation wrapper of Tunas.
 *
 * Every heap allocation in the library and front-ends goes through these
 * functions so that tests can make the Nth allocation fail (as curl's torture
 * mode and SQLite's fault injection do) and prove that out-of-memory is
 * handled without leaks or crashes.
 */
#ifndef TUNAS_UTIL_MEM_H
#define TUNAS_UTIL_MEM_H

#include <stddef.h>

void *tunas_malloc(size_t size);
void *tunas_calloc(size_t n, size_t size);
/* Like realloc, but a failed call leaves p untouched and returns NULL;
 * fails (NULL) if n * size overflows. */
void *tunas_reallocarray(void *p, size_t n, size_t size);
char *tunas_strdup(const char *s);
void tunas_free(void *p);

/* Fault injection for tests: the Nth allocation from now fails (1 = the
 * next one); 0 turns injection off. Returns how many allocations have been
 * made since the last call. Not thread-safe; for single-threaded tests. */
long tunas_mem_fail_at(long n);

#endif
