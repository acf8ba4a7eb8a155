/*
 * cmd_demo.c — `tunas demo`: load the seed programmes and print how to sign
 * in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd.h"
#include "tunas/auth.h"
#include "tunas/demo.h"

int cmd_demo(int argc, char **argv, const char *db)
{
	const char *given = getenv("TUNAS_DEMO_PASSWORD");
	char password[TUNAS_PASSWORD_MAX + 1];
	tunas_demo_summary sum;
	uint64_t seed = 1;
	tunas_ctx *ctx;
	int status = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
			seed = strtoull(argv[++i], NULL, 10);
		} else {
			fprintf(stderr, "usage: tunas demo [--seed N]\n"
					"Demo accounts get $TUNAS_DEMO_PASSWORD, or a generated "
					"password that is printed.\n");
			return 2;
		}
	}
	if (given != NULL && given[0] != '\0')
		snprintf(password, sizeof(password), "%s", given);
	else
		cli_random_password(password);
	ctx = cli_open(db);
	if (ctx == NULL)
		goto wipe;
	if (tunas_demo_load(ctx, &sum, password, seed) != 0) {
		cli_error(ctx, "demo");
		goto out;
	}
	printf("Demo data loaded into %s: %lld organisations, %lld partnerships, %lld programmes, "
	       "%lld courses, %lld cohorts, %lld people, %lld enrolments, %lld accounts, "
	       "%lld vacancies, %lld placements.\n",
	       db, (long long)sum.organisations, (long long)sum.partnerships,
	       (long long)sum.programmes, (long long)sum.courses, (long long)sum.cohorts,
	       (long long)sum.people, (long long)sum.enrolments, (long long)sum.users,
	       (long long)sum.vacancies, (long long)sum.placements);
	printf("Demo accounts (all with the same password):\n");
	for (const tunas_demo_account *a = tunas_demo_accounts(); a->username; a++)
		printf("  %-20s %-16s %s\n", a->username, a->role, a->what);
	if (given == NULL || given[0] == '\0')
		printf("Password: %s\n", password);
	else
		printf("Password: the value of TUNAS_DEMO_PASSWORD\n");
	status = 0;
out:
	tunas_close(ctx);
wipe:
	sodium_memzero(password, sizeof(password));
	return status;
}
