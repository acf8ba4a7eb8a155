/*
 * cmd_key.c — `tunas key list` and `tunas key rotate`: the issuer keys
 * that sign certificates. Rotating makes a new signing key; what older
 * keys signed stays valid (a did:key carries its public key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cmd.h"
#include "tunas/cert.h"

static void when(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M:%SZ", &tm);
}

int cmd_key(int argc, char **argv, const char *db)
{
	tunas_issuer_key *keys = NULL, k;
	tunas_ctx *ctx;
	char made[32], retired[32];
	size_t n = 0;
	int status = 1;

	if (argc != 2 || (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "rotate") != 0)) {
		fputs("usage: tunas key list | tunas key rotate\n", stderr);
		return 2;
	}
	if ((ctx = cli_open(db)) == NULL)
		return 1;
	if (strcmp(argv[1], "rotate") == 0) {
		if (tunas_issuer_key_rotate(ctx, &k) != 0) {
			cli_error(ctx, "key rotate");
			goto out;
		}
		printf("New signing key %s\n", k.did);
		status = 0;
		goto out;
	}
	if (tunas_issuer_key_list(ctx, &keys, &n) != 0) {
		cli_error(ctx, "key list");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		when(made, keys[i].created_at);
		if (keys[i].retired_at)
			when(retired, keys[i].retired_at);
		printf("%s  made %s  %s%s\n", keys[i].did, made,
		       keys[i].retired_at ? "retired " : "signing",
		       keys[i].retired_at ? retired : "");
	}
	if (n == 0)
		printf("No issuer key yet: run `tunas init`.\n");
	free(keys);
	status = 0;
out:
	tunas_close(ctx);
	return status;
}
