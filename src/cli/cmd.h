/*
 * cmd.h — the `tunas` subcommands. Each takes the arguments after its own
 * name and the database URI, and returns the process exit status
 * (0 success, 1 failure, 2 usage error).
 */
#ifndef TUNAS_CLI_CMD_H
#define TUNAS_CLI_CMD_H

#include "tunas/tunas.h"

int cmd_init(int argc, char **argv, const char *db);
int cmd_serve(int argc, char **argv, const char *db);
int cmd_demo(int argc, char **argv, const char *db);
int cmd_user(int argc, char **argv, const char *db);
int cmd_import(int argc, char **argv, const char *db);
int cmd_export(int argc, char **argv, const char *db);
int cmd_audit(int argc, char **argv, const char *db);
int cmd_cert(int argc, char **argv, const char *db);
int cmd_key(int argc, char **argv, const char *db);
int cmd_framework(int argc, char **argv, const char *db);
int cmd_gaps(int argc, char **argv, const char *db);
int cmd_cascade(int argc, char **argv, const char *db);
int cmd_funding(int argc, char **argv, const char *db);
int cmd_migrate(int argc, char **argv, const char *db);

/* --keys and --base-url (or $TUNAS_KEYS, $TUNAS_BASE_URL); NULL: defaults. */
extern const char *cli_key_dir;
extern const char *cli_base_url;

/* Open the database as the local operator; prints the error and returns
 * NULL on failure. */
tunas_ctx *cli_open(const char *db);
/* Print the library's last error as "tunas: field: message". */
void cli_error(tunas_ctx *ctx, const char *what);
/* The database URI as it may be shown (a password in it masked). */
void cli_db_shown(char *out, size_t cap, const char *db);
/* A new random password of 20 characters into out (size >= 21). */
void cli_random_password(char *out);

#endif
