/*
 * main.c — the `tunas` command: option parsing common to all subcommands,
 * and dispatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cmd.h"
#include "cli/config.h"
#include "tunas/cert.h"

static const char usage[] =
	"usage: tunas [--db PATH|URI] [--config FILE] [--keys DIR] [--base-url URL] COMMAND "
	"[ARGS]\n"
	"\n"
	"commands:\n"
	"  init                      create the database and a system admin account\n"
	"  serve [--port N] ...      run the HTTP server (tunas serve --help)\n"
	"  demo                      load the four seed programmes as demo data\n"
	"  user add USERNAME --role ROLE [--org ID] [--person ID] [--name NAME]\n"
	"                            create an account (password from TUNAS_PASSWORD or stdin)\n"
	"  import KIND FILE [--valid-only]\n"
	"                            import people, cohorts or enrolments from CSV\n"
	"  export KIND [FILE]        export people, cohorts or enrolments as CSV\n"
	"  audit verify | audit list check or show the audit trail\n"
	"  cert verify FILE [--status-list FILE]\n"
	"                            check a certificate offline (no database needed)\n"
	"  cert issue PERSON_ID COHORT_ID | cert revoke ID REASON | cert pdf ID FILE\n"
	"  key list | key rotate     the issuer keys that sign certificates\n"
	"  framework import esco DIR | import csv FILE --code C --name N [--kind K]\n"
	"            [--levels L] | list | show CODE\n"
	"                            competency frameworks (ESCO, custom CSV)\n"
	"  gaps [--by occupation|competency] [--region R] [--csv]\n"
	"                            skills gap: open vacancies against verified supply\n"
	"  cascade [--programme CODE]\n"
	"                            master trainers and everyone trained through them\n"
	"  funding report PROGRAMME_CODE | funding totals\n"
	"                            a programme's funding and costs; totals per currency\n"
	"  migrate TARGET            copy the database into a new SQLite file or postgres://\n"
	"                            database and verify the copy (docs/MIGRATE.md)\n"
	"\n"
	"The database is --db (a file, or postgres://...), else $TUNAS_DB, else the\n"
	"configuration file's db, else ./tunas.db. Issuer keys live in --keys DIR, else\n"
	"$TUNAS_KEYS, else its keys, else \"keys\" beside the database; credentials point\n"
	"to --base-url URL, else $TUNAS_BASE_URL, else its base_url, else\n"
	"http://127.0.0.1:8080. The configuration file is --config FILE, else\n"
	"$TUNAS_CONFIG (lines \"db = ...\", \"keys = ...\", \"base_url = ...\").\n";

const char *cli_key_dir;
const char *cli_base_url;

tunas_ctx *cli_open(const char *db)
{
	tunas_principal op;
	tunas_ctx *ctx = NULL;
	char err[256] = "";

	if (tunas_open(&ctx, db, err, sizeof(err)) != 0) {
		fprintf(stderr, "tunas: cannot open %s: %s\n", db, err);
		return NULL;
	}
	if (tunas_cert_configure(ctx, cli_key_dir, cli_base_url) != 0) {
		cli_error(ctx, "configuration");
		tunas_close(ctx);
		return NULL;
	}
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	return ctx;
}

void cli_error(tunas_ctx *ctx, const char *what)
{
	const char *field = tunas_errfield(ctx);

	if (field[0])
		fprintf(stderr, "tunas: %s: %s: %s\n", what, field, tunas_errmsg(ctx));
	else
		fprintf(stderr, "tunas: %s: %s\n", what, tunas_errmsg(ctx));
}

void cli_db_shown(char *out, size_t cap, const char *db)
{
	const char *scheme = strstr(db, "://"), *at, *colon;

	/* postgres://user:password@host/...: the password never goes out. */
	if (scheme != NULL && (at = strchr(scheme + 3, '@')) != NULL &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))) != NULL) {
		snprintf(out, cap, "%.*s:***%s", (int)(colon - db), db, at);
		return;
	}
	snprintf(out, cap, "%s", db);
}

void cli_random_password(char *out)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	for (int i = 0; i < 20; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[20] = '\0';
}

/* The first of: the option, the environment variable, the configuration
 * file's value, the default. */
static const char *setting(const char *option, const char *env, const char *file, const char *dflt)
{
	const char *v = getenv(env);

	if (option != NULL)
		return option;
	if (v != NULL && v[0] != '\0')
		return v;
	if (file[0] != '\0')
		return file;
	return dflt;
}

int main(int argc, char **argv)
{
	static cli_config cfg;
	const char *db = NULL, *keys = NULL, *base_url = NULL, *config = getenv("TUNAS_CONFIG");
	char err[1200];
	int i = 1;

	if (tunas_global_init() != 0) {
		fprintf(stderr, "tunas: libsodium failed to initialise\n");
		return 1;
	}
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
			db = argv[i + 1];
			i += 2;
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			db = argv[i] + 5;
			i++;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc) {
			keys = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--base-url") == 0 && i + 1 < argc) {
			base_url = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("tunas %s\n", TUNAS_VERSION);
			return 0;
		} else {
			fprintf(stderr, "tunas: unknown option %s\n%s", argv[i], usage);
			return 2;
		}
	}
	if (i >= argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (config != NULL && config[0] != '\0' &&
	    cli_config_load(&cfg, config, err, sizeof(err)) != 0) {
		fprintf(stderr, "tunas: configuration: %s\n", err);
		return 2;
	}
	db = setting(db, "TUNAS_DB", cfg.db, "tunas.db");
	cli_key_dir = setting(keys, "TUNAS_KEYS", cfg.keys, NULL);
	cli_base_url = setting(base_url, "TUNAS_BASE_URL", cfg.base_url, NULL);
	argc -= i;
	argv += i;
	if (strcmp(argv[0], "init") == 0)
		return cmd_init(argc, argv, db);
	if (strcmp(argv[0], "serve") == 0)
		return cmd_serve(argc, argv, db);
	if (strcmp(argv[0], "demo") == 0)
		return cmd_demo(argc, argv, db);
	if (strcmp(argv[0], "user") == 0)
		return cmd_user(argc, argv, db);
	if (strcmp(argv[0], "import") == 0)
		return cmd_import(argc, argv, db);
	if (strcmp(argv[0], "export") == 0)
		return cmd_export(argc, argv, db);
	if (strcmp(argv[0], "audit") == 0)
		return cmd_audit(argc, argv, db);
	if (strcmp(argv[0], "cert") == 0)
		return cmd_cert(argc, argv, db);
	if (strcmp(argv[0], "key") == 0)
		return cmd_key(argc, argv, db);
	if (strcmp(argv[0], "framework") == 0)
		return cmd_framework(argc, argv, db);
	if (strcmp(argv[0], "gaps") == 0)
		return cmd_gaps(argc, argv, db);
	if (strcmp(argv[0], "cascade") == 0)
		return cmd_cascade(argc, argv, db);
	if (strcmp(argv[0], "funding") == 0)
		return cmd_funding(argc, argv, db);
	if (strcmp(argv[0], "migrate") == 0)
		return cmd_migrate(argc, argv, db);
	fprintf(stderr, "tunas: unknown command '%s'\n%s", argv[0], usage);
	return 2;
}
