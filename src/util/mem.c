/*
 * mem.c — allocation wrapper with fault injection; see mem.h.
 */
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static long fail_at;
static long count;

static int should_fail(void)
{
	if (fail_at == 0)
		return 0;
	count++;
	return count == fail_at;
}

long tunas_mem_fail_at(long n)
{
	long made = count;

	fail_at = n;
	count = 0;
	return made;
}

void *tunas_malloc(size_t size)
{
	if (should_fail())
		return NULL;
	return malloc(size ? size : 1);
}

void *tunas_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *tunas_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if (should_fail())
		return NULL;
	return realloc(p, n * size != 0 ? n * size : 1);
}

char *tunas_strdup(const char *s)
{
	size_t len = strlen(s) + 1;
	char *d = tunas_malloc(len);

	if (d != NULL)
		memcpy(d, s, len);
	return d;
}

void tunas_free(void *p)
{
	free(p);
}
