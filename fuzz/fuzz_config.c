/*
 * fuzz_config.c — the configuration file parser (src/cli/config.c): any
 * bytes give a parsed configuration or an error, never a crash, and every
 * value parsed is a terminated string within its limit.
 */
#include <string.h>

#include "cli/config.h"
#include "fuzz.h"

int fuzz_config(const uint8_t *data, size_t size)
{
	static cli_config cfg;
	char err[256];

	if (cli_config_parse(&cfg, (const char *)data, size, err, sizeof(err)) == 0) {
		if (strlen(cfg.db) >= sizeof(cfg.db) || strlen(cfg.keys) >= sizeof(cfg.keys) ||
		    strlen(cfg.base_url) >= sizeof(cfg.base_url))
			__builtin_trap();
	} else if (memchr(err, '\0', sizeof(err)) == NULL) {
		__builtin_trap();
	}
	return 0;
}
