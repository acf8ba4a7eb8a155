/*
 * static.c — the browser interface's files; see static.h.
 */
#include "server/static.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where each public prefix is found under the interface directory. Only
 * these are served: the npm packages beside the interface are not, but for
 * the one file tree of the chart library that the browser loads. */
static const struct {
	const char *prefix; /* of the URL, with its trailing slash */
	const char *dir;    /* under the interface directory, with its slash */
} mounts[] = {
	{"/app/", "app/"},
	{"/i18n/", "i18n/"},
	{"/vendor/chart.js/", "node_modules/chart.js/dist/"},
};

/* The extensions served, with their content types. Anything else (source
 * maps, package.json, dotfiles, README) is not. */
static const struct {
	const char *ext;
	const char *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".json", "application/json"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
};

#define REL_MAX 200

/* Is rel a safe relative path: segments of letters, digits, '.', '_' and
 * '-', none empty and none starting with a dot (so no "..", no hidden
 * file), at most REL_MAX characters? */
static bool rel_ok(const char *rel)
{
	size_t n = strlen(rel);
	bool seg_start = true;

	if (n == 0 || n > REL_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = rel[i];

		if (c == '/') {
			if (seg_start)
				return false; /* empty segment */
			seg_start = true;
			continue;
		}
		if (seg_start && c == '.')
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
		seg_start = false;
	}
	return !seg_start; /* no trailing slash */
}

static const char *type_of(const char *rel)
{
	size_t n = strlen(rel);

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t e = strlen(types[i].ext);

		if (n > e && strcmp(rel + n - e, types[i].ext) == 0)
			return types[i].type;
	}
	return NULL;
}

/* Is s a certificate number: a UUID, 8-4-4-4-12 hexadecimal digits? */
static bool is_uuid(const char *s)
{
	for (size_t i = 0; i < 36; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return s[36] == '\0';
}

/* The file under dir that url names ("" for none) into path[cap]. The
 * public verification page that a certificate's QR code opens,
 * /verify/{uuid}, is the interface too: its verify screen reads the number
 * from the path and asks /api/v1/verify/{uuid}, in the three languages. */
static bool map_url(char *path, size_t cap, const char *dir, const char *url)
{
	const char *sub = NULL, *rel = NULL;
	int n;

	if (strcmp(url, "/") == 0 || (strncmp(url, "/verify/", 8) == 0 && is_uuid(url + 8))) {
		sub = "";
		rel = "index.html";
	} else {
		for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
			size_t len = strlen(mounts[i].prefix);

			if (strncmp(url, mounts[i].prefix, len) == 0) {
				sub = mounts[i].dir;
				rel = url + len;
				break;
			}
		}
	}
	if (rel == NULL || !rel_ok(rel) || type_of(rel) == NULL)
		return false;
	n = snprintf(path, cap, "%s/%s%s", dir, sub, rel);
	return n > 0 && (size_t)n < cap;
}

int tunas_static_respond(struct MHD_Response **out, unsigned *status, const char **content_type,
			 const char *dir, const char *url, const char *if_none_match)
{
	char path[4096], etag[64];
	struct MHD_Response *resp = NULL;
	struct stat sb;
	unsigned code = 200;
	int fd = -1;

	if (dir == NULL || dir[0] == '\0' || !map_url(path, sizeof(path), dir, url))
		return -1;
	/* O_NOFOLLOW: the file itself is never a symbolic link (the
	 * directories above it are the operator's). */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > TUNAS_STATIC_FILE_MAX)
		goto fail;
	/* Size and modification time: a changed file gets a new tag. */
	snprintf(etag, sizeof(etag), "\"%llx-%llx-%lx\"", (unsigned long long)sb.st_size,
		 (unsigned long long)sb.st_mtim.tv_sec, (unsigned long)sb.st_mtim.tv_nsec);
	if (if_none_match != NULL && strstr(if_none_match, etag) != NULL) {
		close(fd);
		fd = -1;
		code = 304;
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		/* libmicrohttpd sends the file (sendfile) and closes fd. */
		resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
		if (resp != NULL)
			fd = -1;
	}
	if (resp == NULL)
		goto fail;
	MHD_add_response_header(resp, "ETag", etag);
	/* Cached, but revalidated on every use: a new version of the
	 * interface is seen at once, and an unchanged file costs a 304. */
	MHD_add_response_header(resp, "Cache-Control", "no-cache");
	*out = resp;
	*status = code;
	*content_type = type_of(path);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}
