/*
 * cmd_serve.c — `tunas serve`: options for the HTTP server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "server/server.h"

static const char usage[] =
	"usage: tunas serve [--address ADDR] [--port N] [--threads N]\n"
	"                   [--rate REQ_PER_S] [--burst N] [--login-rate N_PER_MIN]\n"
	"                   [--secure-cookies] [--web DIR]\n"
	"                   [--port-file FILE] [--quiet]\n"
	"  --address   IPv4 address to listen on (default 127.0.0.1)\n"
	"  --port      TCP port (default 8080; 0 picks a free one)\n"
	"  --threads   worker threads (default: one per core)\n"
	"  --rate      requests per second per client address (default 200; 0: off)\n"
	"  --burst     requests a client may send at once (default 400)\n"
	"  --login-rate  sign-in attempts per minute per client address, after a\n"
	"              burst of 30 (default 30; 0: off)\n"
	"  --web       the browser interface's files, served at / (default: the\n"
	"              source tree's web/ directory; \"\" for none)\n";

static bool num(const char *s, double min, double max, double *out)
{
	char *end;
	double v = strtod(s, &end);

	if (*s == '\0' || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}

int cmd_serve(int argc, char **argv, const char *db)
{
	tunas_server_config cfg = {
		.db = db,
		.address = "127.0.0.1",
		.port = 8080,
		.rate = 200,
		.burst = 400,
		.login_rate = 0.5,
		.login_burst = 30,
		.access_log = true,
		.key_dir = cli_key_dir,
		.base_url = cli_base_url,
#ifdef TUNAS_WEB_DIR
		.web_dir = TUNAS_WEB_DIR,
#endif
	};
	double v;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--address") == 0 && next) {
			cfg.address = next;
			i++;
		} else if (strcmp(a, "--port") == 0 && next && num(next, 0, 65535, &v)) {
			cfg.port = (uint16_t)v;
			i++;
		} else if (strcmp(a, "--threads") == 0 && next && num(next, 1, 256, &v)) {
			cfg.threads = (unsigned)v;
			i++;
		} else if (strcmp(a, "--rate") == 0 && next && num(next, 0, 1e9, &v)) {
			cfg.rate = v;
			i++;
		} else if (strcmp(a, "--burst") == 0 && next && num(next, 1, 1e9, &v)) {
			cfg.burst = v;
			i++;
		} else if (strcmp(a, "--login-rate") == 0 && next && num(next, 0, 1e9, &v)) {
			cfg.login_rate = v / 60.0;
			cfg.login_burst = v > 30 ? v : 30;
			i++;
		} else if (strcmp(a, "--port-file") == 0 && next) {
			cfg.port_file = next;
			i++;
		} else if (strcmp(a, "--web") == 0 && next) {
			cfg.web_dir = next[0] ? next : NULL;
			i++;
		} else if (strcmp(a, "--secure-cookies") == 0) {
			cfg.secure_cookies = true;
		} else if (strcmp(a, "--quiet") == 0) {
			cfg.access_log = false;
		} else {
			fputs(usage, strcmp(a, "--help") == 0 ? stdout : stderr);
			return strcmp(a, "--help") == 0 ? 0 : 2;
		}
	}
	if (cfg.base_url == NULL)
		fprintf(stderr, "tunas: certificates issued now point to http://127.0.0.1:8080; "
				"give --base-url (or $TUNAS_BASE_URL) with the public address\n");
	return tunas_server_run(&cfg);
}
