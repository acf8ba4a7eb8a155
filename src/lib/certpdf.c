/*
 * certpdf.c — the printable certificate; see certpdf.h.
 *
 * The page is drawn top to bottom on one cairo context: the issuer as a
 * letterhead, the title in both languages, the holder, the achievement and
 * its details in a centred column, then a footer of dates (left), the QR
 * code with its URL (right) and the credential id at the foot. Every text
 * block has a box (width, sizes, most lines, height); draw_text() picks the
 * size and the line breaks so that the block stays inside it. The column's
 * boxes add up to less than the space above the footer, so no block can
 * run into another whatever the input.
 *
 * Output goes straight from cairo's PDF stream into one growing buffer
 * (sink_write), the only heap allocation of ours; text is prepared in
 * fixed buffers, which the input limits make large enough.
 */
#include "certpdf.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <qrencode.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tunas/tunas.h"
#include "util/mem.h"
#include "valid.h"

#define PAGE_W 841.89 /* A4 landscape, in points */
#define PAGE_H 595.28
#define MARGIN 64.0 /* text keeps this far from the page's edges */
#define QR_SIZE 108.0
#define QR_X (PAGE_W - MARGIN - QR_SIZE)
#define QR_Y 404.0
#define COLUMN_END 384.0 /* the centred column never reaches below this */
#define MAX_LINES 4
#define LEADING 1.22	       /* line height / size */
#define BUF_MAX 1024	       /* one prepared text; larger than any input limit */
#define SINK_FIRST (16u << 10) /* a certificate is 25..35 KiB */

#define ELLIPSIS "\xE2\x80\xA6"

/* The words of one language. */
typedef struct {
	const char *title;
	const char *awarded_to;
	const char *issued_on;
	const char *valid_until;
	const char *verify_at;
	const char *hour, *hours;
	const char *months[12];
} wording;

static const wording wording_en = {
	"Certificate of Achievement",
	"Awarded to",
	"Issued on",
	"Valid until",
	"Verify at",
	"hour",
	"hours",
	{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	 "October", "November", "December"},
};

/* Bahasa Malaysia, as on Malaysian certificates and in DBP's spelling of
 * the months. */
static const wording wording_ms = {
	"Sijil Pencapaian",
	"Dianugerahkan kepada",
	"Dikeluarkan pada",
	"Sah sehingga",
	"Sahkan di",
	"jam",
	"jam",
	{"Januari", "Februari", "Mac", "April", "Mei", "Jun", "Julai", "Ogos", "September",
	 "Oktober", "November", "Disember"},
};

/* Bahasa Indonesia. "Sertifikat Prestasi" renders "Certificate of
 * Achievement"; "Sertifikat Kompetensi" is the BNSP competence
 * certificate, which this is not. "Berlaku hingga" is the formal wording
 * of Indonesian documents (as on the KTP). */
static const wording wording_id = {
	"Sertifikat Prestasi",
	"Diberikan kepada",
	"Diterbitkan pada",
	"Berlaku hingga",
	"Verifikasi di",
	"jam",
	"jam",
	{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
	 "Oktober", "November", "Desember"},
};

/* Colours: ink, muted text, and the accent of the frame and title. */
#define INK 0.11, 0.12, 0.14
#define MUTED 0.36, 0.38, 0.42
#define ACCENT 0.0, 0.31, 0.34

/* One render's cairo state. */
typedef struct {
	cairo_t *cr;
	cairo_font_face_t *regular, *bold;
	cairo_scaled_font_t *regular_sf, *bold_sf; /* for glyph coverage */
	const char *ellipsis;			   /* "…", or "..." if a font lacks it */
} page;

/* A text box: where, how large and how much. The text shrinks on one
 * line down to min_single, then wraps at sizes down to min, keeping to
 * max_lines and to height; what still does not fit is cut with an
 * ellipsis. A box is never taller than height. */
typedef struct {
	double x, width;
	bool bold, centre;
	double size;	   /* the preferred size, in points */
	double min_single; /* shrink on one line down to this, then wrap */
	double min;	   /* wrap at sizes down to this */
	int max_lines;	   /* at most MAX_LINES */
	double height;	   /* lines * size * LEADING never exceed this */
} box;

typedef struct {
	const char *s;
	size_t len;
} span;

/* The PDF as cairo writes it. */
typedef struct {
	unsigned char *data;
	size_t len, cap;
	int err; /* TUNAS_ENOMEM or TUNAS_ELIMIT once a write failed */
} sink;

static int fail(char *msg, size_t msglen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *msg, size_t msglen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (msg != NULL && msglen > 0) {
		va_start(ap, fmt);
		vsnprintf(msg, msglen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int cairo_fail(char *msg, size_t msglen, cairo_status_t st)
{
	if (st == CAIRO_STATUS_NO_MEMORY)
		return fail(msg, msglen, TUNAS_ENOMEM, "out of memory");
	return fail(msg, msglen, TUNAS_EIO, "cairo: %s", cairo_status_to_string(st));
}

/* --- input ------------------------------------------------------------ */

static bool is_present(const char *s)
{
	if (s == NULL)
		return false;
	for (; *s != '\0'; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	return false;
}

/* The byte length of the UTF-8 sequence that starts with c (valid input). */
static size_t utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static unsigned utf8_decode(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1Fu : n == 3 ? s[0] & 0x0Fu : s[0] & 0x07u;

	for (size_t k = 1; k < n; k++)
		cp = (cp << 6) | (s[k] & 0x3Fu);
	return cp;
}

/* A text field: present when required, at most max bytes of UTF-8 with no
 * control characters (tabs and newlines allowed where multiline). */
static int check_text(char *msg, size_t msglen, const char *field, const char *s, bool required,
		      size_t max, bool multiline)
{
	size_t len;

	if (!is_present(s))
		return required ? fail(msg, msglen, TUNAS_EINVAL, "%s is required", field) : 0;
	len = strnlen(s, max + 1);
	if (len > max)
		return fail(msg, msglen, TUNAS_EINVAL, "%s must be at most %zu bytes", field, max);
	if (!tunas_utf8_is_valid(s, len))
		return fail(msg, msglen, TUNAS_EINVAL, "%s is not valid UTF-8", field);
	for (size_t i = 0; i < len;) {
		size_t n = utf8_len((unsigned char)s[i]);
		unsigned cp = utf8_decode(s + i, n);

		if ((cp < 0x20 && !(multiline && (cp == '\t' || cp == '\n' || cp == '\r'))) ||
		    (cp >= 0x7F && cp <= 0x9F))
			return fail(msg, msglen, TUNAS_EINVAL, "%s contains a control character",
				    field);
		i += n;
	}
	return 0;
}

static int check_date(char *msg, size_t msglen, const char *field, const char *s, bool required)
{
	if (s == NULL || s[0] == '\0')
		return required ? fail(msg, msglen, TUNAS_EINVAL, "%s is required", field) : 0;
	if (!tunas_date_is_valid(s))
		return fail(msg, msglen, TUNAS_EINVAL, "%s must be a real date written YYYY-MM-DD",
			    field);
	return 0;
}

static int check_url(char *msg, size_t msglen, const char *s)
{
	const char *host;
	size_t len;

	if (s == NULL || s[0] == '\0')
		return fail(msg, msglen, TUNAS_EINVAL, "verify_url is required");
	len = strnlen(s, TUNAS_CERTPDF_URL_MAX + 1);
	if (len > TUNAS_CERTPDF_URL_MAX)
		return fail(msg, msglen, TUNAS_EINVAL, "verify_url must be at most %d bytes",
			    TUNAS_CERTPDF_URL_MAX);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7F ||
		    strchr("\"<>\\^`{|}", s[i]) != NULL)
			return fail(msg, msglen, TUNAS_EINVAL,
				    "verify_url may hold only the characters RFC 3986 allows "
				    "(percent-encode the rest)");
	if (strncasecmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncasecmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return fail(msg, msglen, TUNAS_EINVAL,
			    "verify_url must start with https:// or http://");
	if (*host == '\0' || strchr("/?#@:", *host) != NULL)
		return fail(msg, msglen, TUNAS_EINVAL, "verify_url has no host");
	return 0;
}

static int check_path(char *msg, size_t msglen, const char *field, const char *s)
{
	if (s == NULL)
		return 0;
	if (s[0] == '\0')
		return fail(msg, msglen, TUNAS_EINVAL, "%s must not be empty (NULL: the default)",
			    field);
	if (strnlen(s, TUNAS_CERTPDF_PATH_MAX + 1) > TUNAS_CERTPDF_PATH_MAX)
		return fail(msg, msglen, TUNAS_EINVAL, "%s must be at most %d bytes", field,
			    TUNAS_CERTPDF_PATH_MAX);
	return 0;
}

static int check_input(const tunas_certpdf *c, char *msg, size_t msglen)
{
	int rc;

	if (c->lang == NULL || (strcmp(c->lang, "ms") != 0 && strcmp(c->lang, "id") != 0))
		return fail(msg, msglen, TUNAS_EINVAL, "lang must be \"ms\" or \"id\"");
	if ((rc = check_text(msg, msglen, "holder_name", c->holder_name, true,
			     TUNAS_CERTPDF_NAME_MAX, false)) != 0 ||
	    (rc = check_text(msg, msglen, "achievement_name", c->achievement_name, true,
			     TUNAS_CERTPDF_NAME_MAX, false)) != 0 ||
	    (rc = check_text(msg, msglen, "achievement_description", c->achievement_description,
			     false, TUNAS_CERTPDF_DESC_MAX, true)) != 0 ||
	    (rc = check_text(msg, msglen, "programme_name", c->programme_name, false,
			     TUNAS_CERTPDF_NAME_MAX, false)) != 0 ||
	    (rc = check_text(msg, msglen, "issuer_name", c->issuer_name, true,
			     TUNAS_CERTPDF_NAME_MAX, false)) != 0 ||
	    (rc = check_date(msg, msglen, "issued_on", c->issued_on, true)) != 0 ||
	    (rc = check_date(msg, msglen, "expires_on", c->expires_on, false)) != 0 ||
	    (rc = check_text(msg, msglen, "credential_id", c->credential_id, true,
			     TUNAS_CERTPDF_NAME_MAX, false)) != 0 ||
	    (rc = check_url(msg, msglen, c->verify_url)) != 0 ||
	    (rc = check_path(msg, msglen, "font_path", c->font_path)) != 0 ||
	    (rc = check_path(msg, msglen, "bold_font_path", c->bold_font_path)) != 0)
		return rc;
	if (c->expires_on != NULL && c->expires_on[0] != '\0' &&
	    strcmp(c->expires_on, c->issued_on) < 0)
		return fail(msg, msglen, TUNAS_EINVAL, "expires_on must not be before issued_on");
	if (c->hours < 0 || c->hours > TUNAS_CERTPDF_HOURS_MAX)
		return fail(msg, msglen, TUNAS_EINVAL, "hours must be between 0 and %d",
			    TUNAS_CERTPDF_HOURS_MAX);
	return 0;
}

/* --- fonts ------------------------------------------------------------ */

/* Open a font file for cairo. The magic number is checked first because
 * cairo reports a file it cannot parse as "out of memory". */
static int load_font(cairo_font_face_t **out, const char *field, const char *path, char *msg,
		     size_t msglen)
{
	unsigned char magic[4];
	char why[128];
	FcPattern *pat = NULL;
	cairo_font_face_t *face = NULL;
	cairo_status_t st;
	size_t n;
	FILE *f;
	int rc = 0;

	f = fopen(path, "rb");
	if (f == NULL) {
		rc = fail(msg, msglen, TUNAS_EIO, "%s: cannot open %s: %s", field, path,
			  strerror_r(errno, why, sizeof(why)));
		goto out;
	}
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (n != sizeof(magic) ||
	    (memcmp(magic, "\0\1\0\0", 4) != 0 && memcmp(magic, "true", 4) != 0 &&
	     memcmp(magic, "OTTO", 4) != 0 && memcmp(magic, "ttcf", 4) != 0)) {
		rc = fail(msg, msglen, TUNAS_EIO, "%s: %s is not a TrueType or OpenType font",
			  field, path);
		goto out;
	}
	pat = FcPatternCreate();
	if (pat == NULL || !FcPatternAddString(pat, FC_FILE, (const FcChar8 *)path) ||
	    !FcPatternAddInteger(pat, FC_INDEX, 0)) {
		rc = fail(msg, msglen, TUNAS_ENOMEM, "out of memory");
		goto out;
	}
	face = cairo_ft_font_face_create_for_pattern(pat);
	st = cairo_font_face_status(face);
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = st == CAIRO_STATUS_NO_MEMORY
			     ? fail(msg, msglen, TUNAS_ENOMEM, "out of memory")
			     : fail(msg, msglen, TUNAS_EIO, "%s: cannot load %s: %s", field, path,
				    cairo_status_to_string(st));
		goto out;
	}
	*out = face;
	face = NULL;
out:
	cairo_font_face_destroy(face);
	if (pat != NULL)
		FcPatternDestroy(pat);
	return rc;
}

/* Make face current on cr and keep a reference to its scaled font, which
 * is where a font file cairo cannot parse shows up. */
static int use_font(cairo_scaled_font_t **out, cairo_t *cr, cairo_font_face_t *face,
		    const char *field, const char *path, char *msg, size_t msglen)
{
	cairo_scaled_font_t *sf;
	cairo_status_t st;

	cairo_set_font_face(cr, face);
	cairo_set_font_size(cr, 12);
	sf = cairo_get_scaled_font(cr);
	st = cairo_scaled_font_status(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS)
		return fail(msg, msglen, TUNAS_EIO, "%s: cannot load %s: %s", field, path,
			    cairo_status_to_string(st));
	*out = cairo_scaled_font_reference(sf);
	return 0;
}

/* Whether sf has a glyph for the one character in utf8[0..len). */
static bool has_glyph(cairo_scaled_font_t *sf, const char *utf8, size_t len)
{
	cairo_glyph_t buf[4];
	cairo_glyph_t *g = buf;
	int n = 4;
	bool ok;

	if (cairo_scaled_font_text_to_glyphs(sf, 0, 0, utf8, (int)len, &g, &n, NULL, NULL, NULL) !=
	    CAIRO_STATUS_SUCCESS)
		return false;
	ok = n == 1 && g[0].index != 0;
	if (g != buf)
		cairo_glyph_free(g);
	return ok;
}

/* Characters of scripts that need shaping or run right to left, and the
 * bidirectional controls: this layout cannot set them correctly. */
static bool needs_shaping(unsigned cp)
{
	return (cp >= 0x0590 && cp <= 0x08FF) ||   /* Hebrew, Arabic, Syriac, Thaana, NKo .. */
	       (cp >= 0x0900 && cp <= 0x0DFF) ||   /* Devanagari .. Tamil .. Sinhala */
	       (cp >= 0x0F00 && cp <= 0x109F) ||   /* Tibetan, Myanmar */
	       (cp >= 0x1780 && cp <= 0x17FF) ||   /* Khmer */
	       (cp >= 0x200E && cp <= 0x200F) ||   /* LRM, RLM */
	       (cp >= 0x202A && cp <= 0x202E) ||   /* embeddings and overrides */
	       (cp >= 0x2066 && cp <= 0x2069) ||   /* isolates */
	       (cp >= 0xA8E0 && cp <= 0xA8FF) ||   /* Devanagari Extended */
	       (cp >= 0xFB1D && cp <= 0xFDFF) ||   /* Hebrew and Arabic presentation forms */
	       (cp >= 0xFE70 && cp <= 0xFEFF) ||   /* Arabic presentation forms B, BOM */
	       (cp >= 0x10800 && cp <= 0x10FFF) || /* right-to-left scripts of plane 1 */
	       (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* Copy s into buf (BUF_MAX bytes) as it will be printed: characters that
 * cannot be set become '?', tabs and line breaks spaces. */
static void prepare(const page *pg, char *buf, const char *s)
{
	size_t i = 0, j = 0;

	while (s[i] != '\0' && j + 4 < BUF_MAX) {
		size_t n = utf8_len((unsigned char)s[i]);
		unsigned cp = utf8_decode(s + i, n);

		if (cp == '\t' || cp == '\n' || cp == '\r') {
			buf[j++] = ' ';
		} else if (cp < 0x80 ? !has_glyph(pg->regular_sf, s + i, 1) ||
					       !has_glyph(pg->bold_sf, s + i, 1)
				     : needs_shaping(cp) || !has_glyph(pg->regular_sf, s + i, n) ||
					       !has_glyph(pg->bold_sf, s + i, n)) {
			buf[j++] = '?';
		} else {
			memcpy(buf + j, s + i, n);
			j += n;
		}
		i += n;
	}
	buf[j] = '\0';
}

/* --- text ------------------------------------------------------------- */

static void set_font(const page *pg, bool bold, double size)
{
	cairo_set_font_face(pg->cr, bold ? pg->bold : pg->regular);
	cairo_set_font_size(pg->cr, size);
}

/* The advance of s[0..len) in the current font. */
static double width_of(cairo_t *cr, const char *s, size_t len)
{
	char buf[BUF_MAX];
	cairo_text_extents_t e;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	cairo_text_extents(cr, buf, &e);
	return e.x_advance;
}

/* Break s into lines no wider than width in the current font: on spaces,
 * or between characters inside a word too long for a line. Fills at most
 * max spans; returns the number of lines the text needs, up to max + 1. */
static int wrap(cairo_t *cr, const char *s, double width, span *lines, int max)
{
	size_t len = strlen(s), pos = 0;
	int n = 0;

	for (;;) {
		size_t end, best;
		bool found = false;

		while (pos < len && s[pos] == ' ')
			pos++;
		if (pos == len)
			return n;
		if (n == max)
			return max + 1;
		best = end = pos;
		while (end < len) { /* as many whole words as fit */
			size_t e = end;

			while (e < len && s[e] == ' ')
				e++;
			while (e < len && s[e] != ' ')
				e++;
			if (width_of(cr, s + pos, e - pos) > width)
				break;
			best = end = e;
			found = true;
		}
		if (!found) { /* the word alone is too wide: cut it */
			size_t e = pos + utf8_len((unsigned char)s[pos]);

			best = e;
			while (e < len && s[e] != ' ') {
				e += utf8_len((unsigned char)s[e]);
				if (width_of(cr, s + pos, e - pos) > width)
					break;
				best = e;
			}
		}
		lines[n].s = s + pos;
		lines[n].len = best - pos;
		n++;
		pos = best;
	}
}

/* Draw the prepared text s in box b from `top` down; returns the y of the
 * block's bottom, at most top + b->height. */
static double draw_text(const page *pg, const box *b, double top, const char *s)
{
	cairo_t *cr = pg->cr;
	span lines[MAX_LINES];
	char last[BUF_MAX];
	double size = b->size, w, y;
	int n, cap;

	set_font(pg, b->bold, size);
	w = width_of(cr, s, strlen(s));
	if (w > b->width) {
		/* The size that fits one line: advances scale with the size, as
		 * PDF text is not hinted. */
		size = b->size * b->width / w * 0.995;
		if (size < b->min_single)
			size = b->min_single;
	}
	for (;;) {
		cap = (int)((b->height + 0.01) / (size * LEADING));
		cap = cap > b->max_lines ? b->max_lines : cap < 1 ? 1 : cap;
		set_font(pg, b->bold, size);
		n = wrap(cr, s, b->width, lines, cap);
		if (n <= cap || size <= b->min)
			break;
		size = size * 0.94 > b->min ? size * 0.94 : b->min;
	}
	if (n > cap) { /* cut the last line and end it with an ellipsis */
		span *l = &lines[cap - 1];
		size_t cut = l->len;

		for (;;) {
			while (cut > 0 && l->s[cut - 1] == ' ')
				cut--;
			snprintf(last, sizeof(last), "%.*s%s", (int)cut, l->s, pg->ellipsis);
			if (cut == 0 || width_of(cr, last, strlen(last)) <= b->width)
				break;
			do
				cut--;
			while (cut > 0 && ((unsigned char)l->s[cut] & 0xC0) == 0x80);
		}
		l->s = last;
		l->len = strlen(last);
		n = cap;
	}
	y = top + size * 0.93;
	for (int i = 0; i < n; i++) {
		char buf[BUF_MAX];
		double x = b->x;

		snprintf(buf, sizeof(buf), "%.*s", (int)lines[i].len, lines[i].s);
		if (b->centre)
			x += (b->width - width_of(cr, buf, lines[i].len)) / 2;
		cairo_move_to(cr, x, y);
		cairo_show_text(cr, buf);
		y += size * LEADING;
	}
	return top + n * size * LEADING;
}

/* Prepare and draw s; see draw_text(). */
static double draw(const page *pg, const box *b, double top, const char *s)
{
	char buf[BUF_MAX];

	prepare(pg, buf, s);
	return draw_text(pg, b, top, buf);
}

/* "23 November 2026" in the language of w. */
static void format_date(char *buf, size_t size, const char *ymd, const wording *w)
{
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	int m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	int d = (ymd[8] - '0') * 10 + (ymd[9] - '0');

	snprintf(buf, size, "%d %s %d", d, w->months[m - 1], y);
}

/* --- the page --------------------------------------------------------- */

/* The QR code of url as filled squares, with a white quiet zone of four
 * modules, in the square at (x, y) of side size. */
static int draw_qr(cairo_t *cr, const char *url, double x, double y, double size, char *msg,
		   size_t msglen)
{
	QRcode *qr;
	double m;
	int w;

	errno = 0;
	qr = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (qr == NULL) {
		if (errno == ENOMEM)
			return fail(msg, msglen, TUNAS_ENOMEM, "out of memory");
		if (errno == ERANGE)
			return fail(msg, msglen, TUNAS_EINVAL,
				    "verify_url is too long for a QR code");
		return fail(msg, msglen, TUNAS_ERROR, "verify_url: cannot make the QR code");
	}
	w = qr->width;
	m = size / (w + 8);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	/* One path of horizontal runs, filled once: no seams between modules. */
	for (int r = 0; r < w; r++) {
		for (int col = 0; col < w;) {
			int start = col;

			while (col < w && (qr->data[r * w + col] & 1))
				col++;
			if (col > start)
				cairo_rectangle(cr, x + (4 + start) * m, y + (4 + r) * m,
						(col - start) * m, m);
			else
				col++;
		}
	}
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_fill(cr);
	QRcode_free(qr);
	return 0;
}

/* The attributes of a cairo link tag to url: uri='...'. Cairo 1.16 writes
 * the URI into a PDF string without escaping it, so parentheses, which
 * would end the string, are percent-encoded (the same URL to a browser);
 * check_url() has refused backslashes. A quote is escaped for cairo. */
static void link_attrs(char *buf, size_t size, const char *url)
{
	size_t j = (size_t)snprintf(buf, size, "uri='");

	for (const char *p = url; *p != '\0' && j + 5 < size; p++) {
		if (*p == '(' || *p == ')') {
			j += (size_t)snprintf(buf + j, size - j, "%%%02X", (unsigned)*p);
			continue;
		}
		if (*p == '\'')
			buf[j++] = '\\';
		buf[j++] = *p;
	}
	buf[j++] = '\'';
	buf[j] = '\0';
}

/* A box of one line at one size (down to min): labels and fixed wording. */
#define ONE_LINE(x, w, bold, centre, size, min)                                                    \
	(&(box){(x), (w), (bold), (centre), (size), (min), (min), 1, (size)*LEADING})

static int draw_page(const page *pg, const tunas_certpdf *c, const wording *w2, char *msg,
		     size_t msglen)
{
	const double col_x = MARGIN, col_w = PAGE_W - 2 * MARGIN, mid = PAGE_W / 2;
	const double qr_mid = QR_X + QR_SIZE / 2;
	const wording *w1 = &wording_en;
	cairo_t *cr = pg->cr;
	char text[BUF_MAX], date[64];
	char attrs[3 * TUNAS_CERTPDF_URL_MAX + 16];
	double y;
	int rc;

	/* The frame: a strong outer rule and a fine inner one. */
	cairo_set_source_rgb(cr, ACCENT);
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, 22, 22, PAGE_W - 44, PAGE_H - 44);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 30, 30, PAGE_W - 60, PAGE_H - 60);
	cairo_stroke(cr);

	/* The centred column. The comments give the lowest y each part can
	 * reach; the last stays above COLUMN_END, where the footer begins. */
	cairo_set_source_rgb(cr, ACCENT);
	draw(pg, &(box){col_x + 60, col_w - 120, true, true, 13, 9, 9, 1, 16}, 64,
	     c->issuer_name); /* 80 */
	y = draw_text(pg, ONE_LINE(col_x, col_w, true, true, 30, 30), 96, w1->title);
	cairo_set_source_rgb(cr, MUTED);
	y = draw_text(pg, ONE_LINE(col_x, col_w, false, true, 18, 18), y + 2, w2->title);
	cairo_set_source_rgb(cr, ACCENT);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, mid - 60, y + 10);
	cairo_line_to(cr, mid + 60, y + 10);
	cairo_stroke(cr); /* 167 */

	cairo_set_source_rgb(cr, MUTED);
	snprintf(text, sizeof(text), "%s / %s", w1->awarded_to, w2->awarded_to);
	y = draw_text(pg, ONE_LINE(col_x, col_w, false, true, 11, 11), 182, text); /* 196 */
	cairo_set_source_rgb(cr, INK);
	y = draw(pg, &(box){col_x, col_w, true, true, 30, 20, 10, 3, 49}, y + 6,
		 c->holder_name); /* 251 */
	cairo_set_source_rgb(cr, MUTED);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, mid - 230, y + 5);
	cairo_line_to(cr, mid + 230, y + 5);
	cairo_stroke(cr);

	cairo_set_source_rgb(cr, INK);
	y = draw(pg, &(box){col_x, col_w, true, true, 17, 13, 8.5, 3, 32}, y + 16,
		 c->achievement_name); /* 299 */
	cairo_set_source_rgb(cr, MUTED);
	if (is_present(c->achievement_description))
		y = draw(pg, &(box){col_x + 40, col_w - 80, false, true, 10.5, 10.5, 8, 4, 39.1},
			 y + 5, c->achievement_description); /* 344 */
	if (is_present(c->programme_name))
		y = draw(pg, ONE_LINE(col_x + 40, col_w - 80, false, true, 10.5, 8), y + 5,
			 c->programme_name); /* 362 */
	if (c->hours > 0) {
		snprintf(text, sizeof(text), "%d %s / %d %s", c->hours,
			 c->hours == 1 ? w1->hour : w1->hours, c->hours,
			 c->hours == 1 ? w2->hour : w2->hours);
		draw_text(pg, ONE_LINE(col_x, col_w, false, true, 10.5, 10.5), y + 5,
			  text); /* 380 < COLUMN_END */
	}

	/* The footer, left: dates in both languages. */
	y = QR_Y + 20;
	{
		const box *line = ONE_LINE(col_x, 340, false, false, 10, 8);

		format_date(date, sizeof(date), c->issued_on, w1);
		snprintf(text, sizeof(text), "%s %s", w1->issued_on, date);
		cairo_set_source_rgb(cr, INK);
		y = draw_text(pg, line, y, text);
		format_date(date, sizeof(date), c->issued_on, w2);
		snprintf(text, sizeof(text), "%s %s", w2->issued_on, date);
		cairo_set_source_rgb(cr, MUTED);
		y = draw_text(pg, line, y, text);
		if (c->expires_on != NULL && c->expires_on[0] != '\0') {
			format_date(date, sizeof(date), c->expires_on, w1);
			snprintf(text, sizeof(text), "%s %s", w1->valid_until, date);
			cairo_set_source_rgb(cr, INK);
			y = draw_text(pg, line, y + 8, text);
			format_date(date, sizeof(date), c->expires_on, w2);
			snprintf(text, sizeof(text), "%s %s", w2->valid_until, date);
			cairo_set_source_rgb(cr, MUTED);
			draw_text(pg, line, y, text); /* 486 */
		}
	}

	/* The credential id at the foot, left of the QR code's URL. */
	snprintf(text, sizeof(text), "ID: %s", c->credential_id);
	cairo_set_source_rgb(cr, MUTED);
	draw(pg, &(box){col_x, QR_X - 30 - col_x, false, false, 7, 5.5, 5.5, 2, 14}, 541,
	     text); /* 555, inside the frame at 565 */

	/* The footer, right: the QR code, its label above and URL below, all
	 * one link to the verification page. */
	snprintf(text, sizeof(text), "%s / %s", w1->verify_at, w2->verify_at);
	cairo_set_source_rgb(cr, MUTED);
	draw_text(pg, ONE_LINE(qr_mid - 85, 170, false, true, 8, 6), COLUMN_END + 8, text);
	link_attrs(attrs, sizeof(attrs), c->verify_url);
	cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
	rc = draw_qr(cr, c->verify_url, QR_X, QR_Y, QR_SIZE, msg, msglen);
	if (rc == 0) {
		cairo_set_source_rgb(cr, MUTED);
		draw(pg, &(box){qr_mid - 85, 170, false, true, 7, 7, 5, 4, 26}, QR_Y + QR_SIZE + 3,
		     c->verify_url); /* 541 */
	}
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	return rc;
}

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
	sink *k = closure;

	if (k->err != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	if (length > TUNAS_CERTPDF_OUT_MAX - k->len) {
		k->err = TUNAS_ELIMIT;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	if (length > k->cap - k->len) {
		size_t cap = k->cap != 0 ? k->cap : SINK_FIRST;
		unsigned char *p;

		while (cap - k->len < length)
			cap *= 2;
		if (cap > TUNAS_CERTPDF_OUT_MAX)
			cap = TUNAS_CERTPDF_OUT_MAX;
		p = tunas_reallocarray(k->data, cap, 1);
		if (p == NULL) {
			k->err = TUNAS_ENOMEM;
			return CAIRO_STATUS_WRITE_ERROR;
		}
		k->data = p;
		k->cap = cap;
	}
	memcpy(k->data + k->len, data, length);
	k->len += length;
	return CAIRO_STATUS_SUCCESS;
}

int tunas_certpdf_render(unsigned char **out, size_t *out_len, const tunas_certpdf *c, char *msg,
			 size_t msglen)
{
	const char *font = NULL, *bold = NULL;
	cairo_surface_t *surface = NULL;
	cairo_status_t st;
	page pg = {0};
	sink k = {0};
	char meta[2 * TUNAS_CERTPDF_NAME_MAX + 64];
	int rc;

	if (msg != NULL && msglen > 0)
		msg[0] = '\0';
	if (out == NULL || out_len == NULL || c == NULL) {
		rc = fail(msg, msglen, TUNAS_EINVAL,
			  "out, out_len and the certificate are required");
		goto out;
	}
	rc = check_input(c, msg, msglen);
	if (rc != 0)
		goto out;
	font = c->font_path != NULL ? c->font_path : TUNAS_CERTPDF_FONT;
	bold = c->bold_font_path != NULL ? c->bold_font_path : TUNAS_CERTPDF_BOLD_FONT;
	rc = load_font(&pg.regular, "font_path", font, msg, msglen);
	if (rc != 0)
		goto out;
	rc = load_font(&pg.bold, "bold_font_path", bold, msg, msglen);
	if (rc != 0)
		goto out;

	surface = cairo_pdf_surface_create_for_stream(sink_write, &k, PAGE_W, PAGE_H);
	st = cairo_surface_status(surface);
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = cairo_fail(msg, msglen, st);
		goto out;
	}
	snprintf(meta, sizeof(meta), "%s: %s", wording_en.title, c->holder_name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, meta);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, c->achievement_name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, c->issuer_name);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Tunas");
	pg.cr = cairo_create(surface);
	st = cairo_status(pg.cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = cairo_fail(msg, msglen, st);
		goto out;
	}
	rc = use_font(&pg.regular_sf, pg.cr, pg.regular, "font_path", font, msg, msglen);
	if (rc != 0)
		goto out;
	rc = use_font(&pg.bold_sf, pg.cr, pg.bold, "bold_font_path", bold, msg, msglen);
	if (rc != 0)
		goto out;
	pg.ellipsis = has_glyph(pg.regular_sf, ELLIPSIS, strlen(ELLIPSIS)) &&
				      has_glyph(pg.bold_sf, ELLIPSIS, strlen(ELLIPSIS))
			      ? ELLIPSIS
			      : "...";

	rc = draw_page(&pg, c, strcmp(c->lang, "ms") == 0 ? &wording_ms : &wording_id, msg, msglen);
	if (rc != 0)
		goto out;
	cairo_show_page(pg.cr);
	st = cairo_status(pg.cr);
	if (st == CAIRO_STATUS_SUCCESS) {
		cairo_destroy(pg.cr);
		pg.cr = NULL;
		cairo_surface_finish(surface);
		st = cairo_surface_status(surface);
	}
	if (k.err != 0) {
		rc = k.err == TUNAS_ENOMEM
			     ? fail(msg, msglen, TUNAS_ENOMEM, "out of memory")
			     : fail(msg, msglen, TUNAS_ELIMIT,
				    "the PDF would be larger than %u bytes", TUNAS_CERTPDF_OUT_MAX);
		goto out;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		rc = cairo_fail(msg, msglen, st);
		goto out;
	}
	*out = k.data;
	*out_len = k.len;
	k.data = NULL;
out:
	cairo_scaled_font_destroy(pg.regular_sf);
	cairo_scaled_font_destroy(pg.bold_sf);
	cairo_destroy(pg.cr);
	cairo_surface_destroy(surface); /* may still write to k */
	cairo_font_face_destroy(pg.regular);
	cairo_font_face_destroy(pg.bold);
	tunas_free(k.data);
	return rc;
}
