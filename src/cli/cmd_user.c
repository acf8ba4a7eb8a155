/*
 * cmd_user.c — `tunas user add`: create an account from the command line.
 * The password never appears in argv (where `ps` would show it): it comes
 * from $TUNAS_PASSWORD or the first line of standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd.h"
#include "tunas/auth.h"

static const char usage[] =
	"usage: tunas user add USERNAME --role ROLE [--org ID] [--person ID] [--name NAME]\n"
	"roles: system_admin programme_owner partner centre_admin instructor trainee\n"
	"       employer judge\n"
	"The password is $TUNAS_PASSWORD, or read from the first line of standard input.\n";

static bool id_arg(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 1)
		return false;
	*out = v;
	return true;
}

int cmd_user(int argc, char **argv, const char *db)
{
	char password[TUNAS_PASSWORD_MAX + 2] = "";
	const char *env = getenv("TUNAS_PASSWORD");
	tunas_user u;
	tunas_ctx *ctx = NULL;
	int64_t id;
	int status = 1;

	memset(&u, 0, sizeof(u));
	if (argc < 3 || strcmp(argv[1], "add") != 0) {
		fputs(usage, stderr);
		return 2;
	}
	snprintf(u.username, sizeof(u.username), "%s", argv[2]);
	for (int i = 3; i < argc; i++) {
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(argv[i], "--role") == 0 && next) {
			u.role = tunas_role_parse(next);
			i++;
		} else if (strcmp(argv[i], "--org") == 0 && next && id_arg(next, &u.org_id)) {
			i++;
		} else if (strcmp(argv[i], "--person") == 0 && next && id_arg(next, &u.person_id)) {
			i++;
		} else if (strcmp(argv[i], "--name") == 0 && next) {
			snprintf(u.display_name, sizeof(u.display_name), "%s", next);
			i++;
		} else {
			fputs(usage, stderr);
			return 2;
		}
	}
	if (env != NULL && env[0] != '\0') {
		snprintf(password, sizeof(password), "%s", env);
	} else if (fgets(password, sizeof(password), stdin) != NULL) {
		password[strcspn(password, "\r\n")] = '\0';
	}
	ctx = cli_open(db);
	if (ctx == NULL)
		goto out;
	if (tunas_user_create(ctx, &id, &u, password) != 0) {
		cli_error(ctx, "user add");
		goto out;
	}
	printf("Created %s (%s), id %lld.\n", u.username, tunas_role_name(u.role), (long long)id);
	status = 0;
out:
	sodium_memzero(password, sizeof(password));
	tunas_close(ctx);
	return status;
}
