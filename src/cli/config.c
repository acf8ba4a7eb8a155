/*
 * config.c — see config.h.
 */
#include "cli/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The setting `key` names in *cfg, or NULL. */
static char *slot_of(cli_config *cfg, const char *key, size_t len)
{
	if (len == 2 && memcmp(key, "db", 2) == 0)
		return cfg->db;
	if (len == 4 && memcmp(key, "keys", 4) == 0)
		return cfg->keys;
	if (len == 8 && memcmp(key, "base_url", 8) == 0)
		return cfg->base_url;
	return NULL;
}

int cli_config_parse(cli_config *out, const char *text, size_t len, char *err, size_t errlen)
{
	cli_config cfg;
	size_t pos = 0;
	int line = 0;

	memset(&cfg, 0, sizeof(cfg));
	while (pos < len) {
		const char *s = text + pos, *nl = memchr(s, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - pos, k = 0, v, e;
		char *slot;

		pos += n + (nl != NULL ? 1 : 0);
		line++;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
				snprintf(err, errlen, "line %d: a control character", line);
				return -1;
			}
		}
		while (k < n && is_space(s[k]))
			k++;
		if (k == n || s[k] == '#')
			continue;
		e = k;
		while (e < n && s[e] != '=' && !is_space(s[e]))
			e++;
		v = e;
		while (v < n && is_space(s[v]))
			v++;
		if (v == n || s[v] != '=') {
			snprintf(err, errlen, "line %d: expected key = value", line);
			return -1;
		}
		slot = slot_of(&cfg, s + k, e - k);
		if (slot == NULL) {
			snprintf(err, errlen, "line %d: unknown key '%.*s' (db, keys, base_url)",
				 line, (int)(e - k > 32 ? 32 : e - k), s + k);
			return -1;
		}
		if (slot[0] != '\0') {
			snprintf(err, errlen, "line %d: %.*s: given twice", line, (int)(e - k),
				 s + k);
			return -1;
		}
		v++;
		while (v < n && is_space(s[v]))
			v++;
		while (n > v && is_space(s[n - 1]))
			n--;
		if (n == v) {
			snprintf(err, errlen, "line %d: %.*s: empty value", line, (int)(e - k),
				 s + k);
			return -1;
		}
		if (n - v >= CLI_CONFIG_VALUE_MAX) {
			snprintf(err, errlen, "line %d: %.*s: longer than %d bytes", line,
				 (int)(e - k), s + k, CLI_CONFIG_VALUE_MAX - 1);
			return -1;
		}
		memcpy(slot, s + v, n - v);
		slot[n - v] = '\0';
	}
	*out = cfg;
	return 0;
}

int cli_config_load(cli_config *out, const char *path, char *err, size_t errlen)
{
	static char text[CLI_CONFIG_FILE_MAX + 1];
	struct stat sb;
	ssize_t got = 0;
	size_t len = 0;
	int fd, rc = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if (sb.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(err, errlen,
			 "%s: writable by others (chmod go-w): it says which database to trust",
			 path);
		goto out;
	}
	while (len <= CLI_CONFIG_FILE_MAX &&
	       (got = read(fd, text + len, CLI_CONFIG_FILE_MAX + 1 - len)) > 0)
		len += (size_t)got;
	if (got < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (len > CLI_CONFIG_FILE_MAX) {
		snprintf(err, errlen, "%s: larger than %d bytes", path, CLI_CONFIG_FILE_MAX);
		goto out;
	}
	if (cli_config_parse(out, text, len, err, errlen) != 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", path, why);
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
