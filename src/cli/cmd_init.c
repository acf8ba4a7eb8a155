/*
 * cmd_init.c — `tunas init`: create the database (migrations run on open),
 * the first issuer key if there is none, and, if it has no accounts yet, a
 * system admin account.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd.h"
#include "tunas/auth.h"
#include "tunas/cert.h"

int cmd_init(int argc, char **argv, const char *db)
{
	const char *username = "admin";
	const char *given = getenv("TUNAS_ADMIN_PASSWORD");
	char password[TUNAS_PASSWORD_MAX + 1];
	tunas_user *users = NULL;
	tunas_page page = {0, 1};
	tunas_user u;
	tunas_ctx *ctx;
	size_t n = 0;
	int64_t id;
	bool key_made = false;
	int status = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--admin") == 0 && i + 1 < argc) {
			username = argv[++i];
		} else {
			fprintf(stderr, "usage: tunas init [--admin USERNAME]\n"
					"The password is $TUNAS_ADMIN_PASSWORD, or generated.\n");
			return 2;
		}
	}
	ctx = cli_open(db);
	if (ctx == NULL)
		return 1;
	if (tunas_user_list(ctx, &users, &n, &page) != 0) {
		cli_error(ctx, "init");
		goto out;
	}
	free(users);
	if (tunas_issuer_key_ensure(ctx, &key_made) != 0) {
		cli_error(ctx, "init");
		goto out;
	}
	if (key_made)
		printf("Made the issuer key that signs certificates.\n");
	if (n > 0) {
		char shown[512];

		cli_db_shown(shown, sizeof(shown), db);
		printf("Database %s is ready (it already has accounts).\n", shown);
		status = 0;
		goto out;
	}
	if (given != NULL && given[0] != '\0')
		snprintf(password, sizeof(password), "%s", given);
	else
		cli_random_password(password);
	memset(&u, 0, sizeof(u));
	snprintf(u.username, sizeof(u.username), "%s", username);
	snprintf(u.display_name, sizeof(u.display_name), "System administrator");
	u.role = TUNAS_ROLE_SYSADMIN;
	if (tunas_user_create(ctx, &id, &u, password) != 0) {
		cli_error(ctx, "init");
		goto wipe;
	}
	printf("Database %s is ready.\nSystem admin: %s\n", db, username);
	if (given == NULL || given[0] == '\0')
		printf("Password: %s  (shown once; keep it safe)\n", password);
	status = 0;
wipe:
	sodium_memzero(password, sizeof(password));
out:
	tunas_close(ctx);
	return status;
}
