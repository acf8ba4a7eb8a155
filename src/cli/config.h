/*
 * config.h — the `tunas` configuration file: the settings every command
 * shares (which database, where the issuer keys are, the public base URL),
 * so that an operator writes them once, in a file only root can change,
 * rather than on every command line or in the process list.
 *
 *   # /etc/tunas/tunas.conf
 *   db = postgres://tunas@db1.internal/tunas?sslmode=verify-full
 *   keys = /etc/tunas/keys
 *   base_url = https://tunas.example.gov.my
 *
 * One "key = value" per line; blank lines and lines starting with # are
 * ignored; each key at most once; unknown keys are errors. Given with
 * --config FILE or $TUNAS_CONFIG; options and the TUNAS_* variables win
 * over it.
 */
#ifndef TUNAS_CLI_CONFIG_H
#define TUNAS_CLI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CLI_CONFIG_VALUE_MAX 1024
#define CLI_CONFIG_FILE_MAX (64 * 1024)

typedef struct {
	char db[CLI_CONFIG_VALUE_MAX];
	char keys[CLI_CONFIG_VALUE_MAX];
	char base_url[CLI_CONFIG_VALUE_MAX];
} cli_config;

/* Parse `len` bytes of configuration into *out (zeroed first; a key not
 * given stays ""). 0, or -1 with "line N: why" in err. */
int cli_config_parse(cli_config *out, const char *text, size_t len, char *err, size_t errlen);

/* Read and parse the file at `path`: a regular file of at most
 * CLI_CONFIG_FILE_MAX bytes that neither its group nor others may write
 * (it says which database to trust). 0, or -1 with the reason in err. */
int cli_config_load(cli_config *out, const char *path, char *err, size_t errlen);

#endif
