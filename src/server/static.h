/*
 * static.h — the browser interface's files, served by `tunas serve` at /.
 *
 * The interface (web/ in the source tree, see docs/WEB.md) is a single-page
 * application of plain files: index.html at "/" (and at /verify/{uuid},
 * the public verification page a certificate's QR code opens, which the
 * interface's verify screen shows in three languages), its modules and styles
 * under /app/, its message catalogues under /i18n/, and the chart library
 * from the npm package installed beside it under /vendor/chart.js/. This
 * module maps a request path onto one of those files and nothing else: a
 * fixed table of prefixes, path segments of safe characters only (no "..",
 * no hidden files), an allow-list of extensions with their content types,
 * regular files only, and an ETag so that browsers revalidate cheaply.
 */
#ifndef TUNAS_SERVER_STATIC_H
#define TUNAS_SERVER_STATIC_H

#include <microhttpd.h>

/* The largest file served; the chart library is about 200 KiB. */
#define TUNAS_STATIC_FILE_MAX (8 * 1024 * 1024)

/*
 * The response for a GET or HEAD of `url` from the interface directory
 * `dir`, when url names one of its files: 0, with *out (owned by the
 * caller, release with MHD_destroy_response), *status (200, or 304 when
 * `if_none_match` holds the file's ETag) and *content_type set; the
 * response carries ETag and Cache-Control but no security headers. -1 when
 * url is not an interface path or its file cannot be read (the router then
 * answers); nothing is written then.
 */
int tunas_static_respond(struct MHD_Response **out, unsigned *status, const char **content_type,
			 const char *dir, const char *url, const char *if_none_match);

#endif
