/*
 * certpdf.h — the printable certificate: one A4 landscape PDF page.
 *
 * This module turns the facts of an awarded credential (who, what, when,
 * by whom, where to verify it) into a formal certificate in English and a
 * second language of the programme, Bahasa Malaysia ("ms") or Bahasa
 * Indonesia ("id"), with a QR code that opens the verification page. It
 * owns the layout, the wording and date formats of both languages, and the
 * validation of its input; it knows nothing of the store or of who may see
 * a certificate: the certificate domain code and the HTTP routes decide
 * that and call tunas_certpdf_render() with the values to print.
 *
 * The PDF is drawn with cairo's PDF surface. Text is real text in an
 * embedded, subset TrueType font (DejaVu Sans and DejaVu Sans Bold by
 * default), so it can be searched and copied. The QR code (libqrencode,
 * error correction M, a quiet zone of 4 modules) is vector squares, and
 * the code and the URL under it are a link to the verification page.
 *
 * Text is laid out left to right, one glyph per character, without
 * shaping. A character the fonts lack is printed as '?', as is any
 * character of a script that needs shaping or runs right to left (Hebrew,
 * Arabic and Jawi, Syriac, Thaana, the Indic scripts including Tamil,
 * Tibetan, Myanmar, Khmer), which this layout cannot set correctly. With
 * the default fonts Chinese, Japanese and Korean characters also print as
 * '?'. Long names and texts shrink, then wrap, and as a last resort end
 * in an ellipsis; nothing is drawn outside the page's frame.
 *
 * The module keeps no state between calls; several threads may render at
 * once, relying on cairo, fontconfig and libqrencode being thread-safe
 * (they share font caches internally). Its own allocations go through
 * util/mem.h; cairo's and libqrencode's do not.
 */
#ifndef TUNAS_CERTPDF_H
#define TUNAS_CERTPDF_H

#include <stddef.h>

/* The fonts used when the input names none (Debian's fonts-dejavu-core). */
#define TUNAS_CERTPDF_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define TUNAS_CERTPDF_BOLD_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

/* Limits of the input, in bytes (UTF-8), and of the output. */
#define TUNAS_CERTPDF_NAME_MAX 200  /* holder, achievement, programme, issuer, id */
#define TUNAS_CERTPDF_DESC_MAX 600  /* achievement_description */
#define TUNAS_CERTPDF_URL_MAX 256   /* verify_url: keeps the QR code's modules >= 0.5 mm */
#define TUNAS_CERTPDF_PATH_MAX 4096 /* font_path, bold_font_path */
#define TUNAS_CERTPDF_HOURS_MAX 100000
#define TUNAS_CERTPDF_OUT_MAX (8u << 20) /* the largest PDF we return */

/* What to print. Every string is UTF-8 and borrowed for the call. */
typedef struct {
	const char *lang;	      /* the second language: "ms" or "id"; English comes first */
	const char *holder_name;      /* required */
	const char *achievement_name; /* required */
	const char *achievement_description; /* may be NULL; newlines become spaces */
	const char *programme_name;	     /* may be NULL */
	const char *issuer_name;	     /* required */
	const char *issued_on;		     /* required, YYYY-MM-DD */
	const char *expires_on;		     /* YYYY-MM-DD, not before issued_on, or NULL */
	const char *credential_id;	     /* required, e.g. "urn:uuid:..."; printed small */
	const char *verify_url;	    /* required, http(s), printable ASCII; in the QR code */
	int hours;		    /* 0..TUNAS_CERTPDF_HOURS_MAX; 0 is not printed */
	const char *font_path;	    /* TrueType/OpenType file; NULL: TUNAS_CERTPDF_FONT */
	const char *bold_font_path; /* NULL: TUNAS_CERTPDF_BOLD_FONT */
} tunas_certpdf;

/*
 * Render the certificate `c` as a one-page PDF. On success *out is a new
 * buffer of *out_len bytes that the caller owns and frees with free() (or
 * tunas_free()); on failure neither is written.
 *
 * Returns 0, or
 *   TUNAS_EINVAL  a field is missing or bad; msg names it ("verify_url must ...")
 *   TUNAS_ENOMEM  out of memory
 *   TUNAS_EIO     a font file cannot be read or is not a font (msg names the
 *                 field and the path), or cairo failed
 *   TUNAS_ELIMIT  the PDF would exceed TUNAS_CERTPDF_OUT_MAX
 * msg (may be NULL) receives a one-line reason, or "" on success.
 */
int tunas_certpdf_render(unsigned char **out, size_t *out_len, const tunas_certpdf *c, char *msg,
			 size_t msglen);

#endif
