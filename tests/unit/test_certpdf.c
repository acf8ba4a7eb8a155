/*
 * test_certpdf.c — the printable certificate (src/lib/certpdf.c).
 *
 * The PDFs are read back the way a person or a phone would read them:
 * text through poppler's pdftotext (words, their boxes on the page, and
 * the fonts with pdffonts), the link with pdfinfo, and the QR code by
 * rasterising the page with pdftoppm at 150 dpi and decoding it with
 * zbarimg. These tools come from poppler-utils and zbar-tools, which
 * scripts/deps installs; a missing tool fails the test that needs it.
 */
#include <check.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "certpdf.h"
#include "tunas/tunas.h"
#include "util/mem.h"

#define PAGE_W 841.89
#define PAGE_H 595.28
#define FRAME 30.0 /* the inner rule of the frame */
#define QR_X0 669.89
#define QR_Y0 404.0
#define QR_SIDE 108.0

#define NAME_VI "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xC3\x81nh" /* Nguyễn Thị Ánh */
#define URL "https://tunas.example.my/verify/urn:uuid:0b6e5c43-8a57-4e8f-9a4d-6f0c2a3e9b11"
#define POISON ((unsigned char *)(uintptr_t)0x5a5a5a5a)

static char dir[64];
static char pdf_path[128];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/tunas-certpdf-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(pdf_path, sizeof(pdf_path), "%s/cert.pdf", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static tunas_certpdf sample(const char *lang)
{
	return (tunas_certpdf){
		.lang = lang,
		.holder_name = NAME_VI,
		.achievement_name = "HCIA-5G Network Technician (JTM\xE2\x80\x93Huawei)",
		.achievement_description = "Plans, installs and tests 5G radio and core network "
					   "equipment to the HCIA-5G standard.",
		.programme_name = "Program Latihan Teknologi 5G 2026",
		.issuer_name = "Jabatan Tenaga Manusia (JTM)",
		.issued_on = "2026-11-23",
		.expires_on = "2029-03-01",
		.credential_id = "urn:uuid:0b6e5c43-8a57-4e8f-9a4d-6f0c2a3e9b11",
		.verify_url = URL,
		.hours = 120,
	};
}

/* --- helpers ------------------------------------------------------------ */

static void need_tool(const char *tool, const char *package)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	if (system(cmd) != 0)
		ck_abort_msg("%s is missing: install the Debian package %s (scripts/deps does)",
			     tool, package);
}

/* Run cmd with the shell; its standard output, malloc'd. Fails the test
 * unless it exits 0. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int status;

	ck_assert_msg(p != NULL, "cannot run %s", cmd);
	do {
		if (cap - len < 4096) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		n = fread(buf + len, 1, cap - len - 1, p);
		len += n;
	} while (n > 0);
	buf[len] = '\0';
	status = pclose(p);
	ck_assert_msg(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
		      "`%s` failed (status %d): %s", cmd, status, buf);
	return buf;
}

/* Render c, expect success, and write the PDF to pdf_path. */
static void render_file(const tunas_certpdf *c)
{
	unsigned char *pdf = NULL;
	size_t len = 0;
	char msg[256];
	FILE *f;
	int rc = tunas_certpdf_render(&pdf, &len, c, msg, sizeof(msg));

	ck_assert_msg(rc == 0, "render: %d %s", rc, msg);
	ck_assert_str_eq(msg, "");
	f = fopen(pdf_path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(pdf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(pdf);
}

/* The text of the PDF at pdf_path with every run of white space made one
 * space, so that assertions do not depend on where lines break. */
static char *text_of_file(void)
{
	char cmd[256];
	char *t;
	size_t j = 0;
	bool space = false;

	need_tool("pdftotext", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 '%s' -", pdf_path);
	t = run(cmd);
	for (size_t i = 0; t[i] != '\0'; i++) {
		if (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\f' || t[i] == '\r') {
			space = true;
			continue;
		}
		if (space && j > 0)
			t[j++] = ' ';
		space = false;
		t[j++] = t[i];
	}
	t[j] = '\0';
	return t;
}

static char *text_of(const tunas_certpdf *c)
{
	render_file(c);
	return text_of_file();
}

#define HAS(text, s)                                                                               \
	ck_assert_msg(strstr((text), (s)) != NULL, "missing \"%s\" in: %s", (s), (text))
#define HAS_NOT(text, s)                                                                           \
	ck_assert_msg(strstr((text), (s)) == NULL, "unexpected \"%s\" in: %s", (s), (text))

/* What zbarimg reads from the page rasterised at 150 dpi. */
static char *qr_of(const tunas_certpdf *c)
{
	char cmd[512];
	char *s;
	size_t n;

	render_file(c);
	need_tool("pdftoppm", "poppler-utils");
	need_tool("zbarimg", "zbar-tools");
	snprintf(cmd, sizeof(cmd), "pdftoppm -r 150 -png -singlefile '%s' '%s/page'", pdf_path,
		 dir);
	free(run(cmd));
	snprintf(cmd, sizeof(cmd), "zbarimg --raw -q '%s/page.png' 2>/dev/null", dir);
	s = run(cmd);
	n = strlen(s);
	if (n > 0 && s[n - 1] == '\n')
		s[n - 1] = '\0';
	return s;
}

typedef struct {
	double x0, y0, x1, y1;
	char text[256];
} word;

/* The words of the PDF at pdf_path and their boxes (pdftotext -bbox). */
static size_t words_of_file(word **out)
{
	char cmd[256];
	char *xml, *p;
	word *w = NULL;
	size_t n = 0;

	need_tool("pdftotext", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdftotext -bbox -enc UTF-8 '%s' -", pdf_path);
	xml = run(cmd);
	for (p = strstr(xml, "<word "); p != NULL; p = strstr(p + 1, "<word ")) {
		word x;
		int used = 0;
		char *end;

		ck_assert_int_eq(
			sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\">%n",
			       &x.x0, &x.y0, &x.x1, &x.y1, &used),
			4);
		end = strstr(p + used, "</word>");
		ck_assert_ptr_nonnull(end);
		snprintf(x.text, sizeof(x.text), "%.*s", (int)(end - (p + used)), p + used);
		w = realloc(w, (n + 1) * sizeof(*w));
		ck_assert_ptr_nonnull(w);
		w[n++] = x;
	}
	free(xml);
	*out = w;
	return n;
}

static bool overlaps(double ax0, double ay0, double ax1, double ay1, double bx0, double by0,
		     double bx1, double by1)
{
	const double e = 0.5; /* boxes that touch do not overlap */

	return ax0 < bx1 - e && bx0 < ax1 - e && ay0 < by1 - e && by0 < ay1 - e;
}

/* Every word inside the frame, none on the QR code, none on another. */
static void assert_layout_clean(const word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(w[i].x0 >= FRAME && w[i].y0 >= FRAME && w[i].x1 <= PAGE_W - FRAME &&
				      w[i].y1 <= PAGE_H - FRAME,
			      "\"%s\" at (%.1f %.1f %.1f %.1f) is outside the frame", w[i].text,
			      w[i].x0, w[i].y0, w[i].x1, w[i].y1);
		ck_assert_msg(!overlaps(w[i].x0, w[i].y0, w[i].x1, w[i].y1, QR_X0, QR_Y0,
					QR_X0 + QR_SIDE, QR_Y0 + QR_SIDE),
			      "\"%s\" lies on the QR code", w[i].text);
		for (size_t j = i + 1; j < n; j++)
			ck_assert_msg(!overlaps(w[i].x0, w[i].y0, w[i].x1, w[i].y1, w[j].x0,
						w[j].y0, w[j].x1, w[j].y1),
				      "\"%s\" overlaps \"%s\"", w[i].text, w[j].text);
	}
}

/* A string of n bytes: copies of unit, then spaces every `every` bytes if
 * every > 0. */
static char *filled(size_t n, const char *unit, size_t every)
{
	char *s = malloc(n + 1);
	size_t ul = strlen(unit), i = 0;

	ck_assert_ptr_nonnull(s);
	while (i < n) {
		if (every > 0 && i > 0 && i % every == 0) {
			s[i++] = ' ';
			continue;
		}
		if (i + ul > n)
			break;
		memcpy(s + i, unit, ul);
		i += ul;
	}
	while (i < n)
		s[i++] = 'x';
	s[n] = '\0';
	return s;
}

/* --- the PDF ------------------------------------------------------------ */

START_TEST(renders_a_complete_pdf)
{
	tunas_certpdf c = sample("ms");
	unsigned char *pdf = POISON;
	size_t len = 0;
	char msg[256] = "junk";

	ck_assert_int_eq(tunas_certpdf_render(&pdf, &len, &c, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "");
	ck_assert_ptr_ne(pdf, POISON);
	ck_assert_uint_gt(len, 1000);
	ck_assert_uint_lt(len, 200 * 1024); /* subset fonts: compact */
	ck_assert_int_eq(memcmp(pdf, "%PDF-", 5), 0);
	while (len > 0 && (pdf[len - 1] == '\n' || pdf[len - 1] == '\r'))
		len--;
	ck_assert_uint_ge(len, 5);
	ck_assert_int_eq(memcmp(pdf + len - 5, "%%EOF", 5), 0);
	free(pdf);
}
END_TEST

START_TEST(fonts_are_embedded_with_unicode_maps)
{
	tunas_certpdf c = sample("ms");
	char cmd[256];
	char *fonts, *line;
	int rows = 0;

	render_file(&c);
	need_tool("pdffonts", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdffonts '%s'", pdf_path);
	fonts = run(cmd);
	HAS(fonts, "DejaVuSans-Bold");
	/* Each font row ends with "emb sub uni object ID": yes yes yes N 0. */
	line = strtok(fonts, "\n");
	for (; line != NULL; line = strtok(NULL, "\n")) {
		if (strstr(line, "DejaVuSans") == NULL)
			continue;
		rows++;
		ck_assert_msg(strstr(line, " yes yes yes ") != NULL, "font not embedded: %s", line);
	}
	ck_assert_int_ge(rows, 2);
	free(fonts);
}
END_TEST

START_TEST(malay_certificate_reads_in_both_languages)
{
	tunas_certpdf c = sample("ms");
	char *t = text_of(&c);

	HAS(t, "Jabatan Tenaga Manusia (JTM)");
	HAS(t, "Certificate of Achievement");
	HAS(t, "Sijil Pencapaian");
	HAS(t, "Awarded to / Dianugerahkan kepada");
	HAS(t, NAME_VI);
	HAS(t, "HCIA-5G Network Technician (JTM\xE2\x80\x93Huawei)");
	HAS(t, "to the HCIA-5G standard.");
	HAS(t, "Program Latihan Teknologi 5G 2026");
	HAS(t, "120 hours / 120 jam");
	HAS(t, "Issued on 23 November 2026");
	HAS(t, "Dikeluarkan pada 23 November 2026");
	HAS(t, "Valid until 1 March 2029");
	HAS(t, "Sah sehingga 1 Mac 2029");
	HAS(t, "Verify at / Sahkan di");
	HAS(t, "ID: urn:uuid:0b6e5c43-8a57-4e8f-9a4d-6f0c2a3e9b11");
	HAS_NOT(t, "Sertifikat");
	free(t);
}
END_TEST

START_TEST(indonesian_certificate_reads_in_both_languages)
{
	tunas_certpdf c = sample("id");
	char *t;

	c.issued_on = "2026-08-17";
	c.expires_on = "2029-03-01";
	c.hours = 1;
	t = text_of(&c);
	HAS(t, "Certificate of Achievement");
	HAS(t, "Sertifikat Prestasi");
	HAS(t, "Awarded to / Diberikan kepada");
	HAS(t, NAME_VI);
	HAS(t, "Issued on 17 August 2026");
	HAS(t, "Diterbitkan pada 17 Agustus 2026");
	HAS(t, "Valid until 1 March 2029");
	HAS(t, "Berlaku hingga 1 Maret 2029");
	HAS(t, "Verify at / Verifikasi di");
	HAS(t, "1 hour / 1 jam");
	HAS_NOT(t, "Sijil");
	HAS_NOT(t, "Dikeluarkan");
	free(t);
}
END_TEST

/* Every month in every language, from the lists in the brief, not from
 * the implementation's tables. */
START_TEST(months_are_named_per_language)
{
	static const char *const en[] = {"January",   "February", "March",    "April",
					 "May",	      "June",	  "July",     "August",
					 "September", "October",  "November", "December"};
	static const char *const ms[] = {"Januari",   "Februari", "Mac",      "April",
					 "Mei",	      "Jun",	  "Julai",    "Ogos",
					 "September", "Oktober",  "November", "Disember"};
	static const char *const id[] = {"Januari",   "Februari", "Maret",    "April",
					 "Mei",	      "Juni",	  "Juli",     "Agustus",
					 "September", "Oktober",  "November", "Desember"};
	int m = _i + 1;
	char issued[32], want[64];
	tunas_certpdf c = sample(m % 2 ? "ms" : "id");
	const char *const *second = m % 2 ? ms : id;
	char *t;

	snprintf(issued, sizeof(issued), "2027-%02d-09", m);
	c.issued_on = issued;
	c.expires_on = NULL;
	t = text_of(&c);
	snprintf(want, sizeof(want), "Issued on 9 %s 2027", en[m - 1]);
	HAS(t, want);
	snprintf(want, sizeof(want), "%s 9 %s 2027",
		 m % 2 ? "Dikeluarkan pada" : "Diterbitkan pada", second[m - 1]);
	HAS(t, want);
	/* The other language's month must not leak in where it differs. */
	if (strcmp(ms[m - 1], id[m - 1]) != 0) {
		snprintf(want, sizeof(want), "9 %s 2027", m % 2 ? id[m - 1] : ms[m - 1]);
		HAS_NOT(t, want);
	}
	free(t);
}
END_TEST

START_TEST(optional_fields_are_left_out)
{
	tunas_certpdf c = sample("ms");
	char *t;

	c.achievement_description = NULL;
	c.programme_name = "  ";
	c.expires_on = NULL;
	c.hours = 0;
	t = text_of(&c);
	HAS(t, NAME_VI);
	HAS(t, "Issued on 23 November 2026");
	HAS_NOT(t, "Valid until");
	HAS_NOT(t, "Sah sehingga");
	HAS_NOT(t, "hours");
	HAS_NOT(t, " jam");
	HAS_NOT(t, "HCIA-5G standard");
	HAS_NOT(t, "Program Latihan");
	free(t);
}
END_TEST

START_TEST(missing_glyphs_print_as_question_marks)
{
	tunas_certpdf c = sample("ms");
	char *t;

	/* Chinese and Tamil are not in DejaVu Sans; Arabic is, but needs
	 * shaping and runs right to left. Ṭ (U+1E6C) is in both fonts. */
	c.holder_name = "Tan \xE9\x99\x88\xE5\xA4\xA7\xE6\x96\x87 \xE1\xB9\xAC "
			"\xE0\xAE\xAE\xE0\xAF\x81\xE0\xAE\xB0\xE0\xAF\x81\xE0\xAE\x95\xE0\xAE\xA9"
			"\xE0\xAF\x8D Ali \xD9\x85\xD8\xAD\xD9\x85\xD8\xAF";
	c.programme_name = "Kursus \xE6\xBC\xA2\xE5\xAD\x97";
	t = text_of(&c);
	HAS(t, "Tan ??? \xE1\xB9\xAC ??????? Ali ????");
	HAS(t, "Kursus ??");
	HAS_NOT(t, "\xE9\x99\x88");
	free(t);
}
END_TEST

START_TEST(qr_code_opens_the_verification_page)
{
	tunas_certpdf c = sample(_i ? "id" : "ms");
	char *s = qr_of(&c);

	ck_assert_str_eq(s, URL);
	free(s);
}
END_TEST

/* The code on the page is, module for module, libqrencode's symbol for
 * the URL at error correction level M, with a white quiet zone of four
 * modules: the page rasterised at 144 dpi (2 pixels a point) is sampled
 * at the centre of every module. */
START_TEST(qr_code_is_level_m_with_a_quiet_zone)
{
	tunas_certpdf c = sample("ms");
	QRcode *qr = QRcode_encodeString(URL, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	char cmd[512], path[128];
	unsigned char *px;
	int width, height, maxval, used = 0, bad = 0;
	double m;
	FILE *f;
	long size;

	ck_assert_ptr_nonnull(qr);
	render_file(&c);
	need_tool("pdftoppm", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdftoppm -r 144 -gray -singlefile '%s' '%s/page'", pdf_path,
		 dir);
	free(run(cmd));
	snprintf(path, sizeof(path), "%s/page.pgm", dir);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fscanf(f, "P5 %d %d %d%n", &width, &height, &maxval, &used), 3);
	ck_assert_int_eq(maxval, 255);
	fgetc(f); /* the one white-space byte before the pixels */
	px = malloc((size_t)width * (size_t)height);
	ck_assert_ptr_nonnull(px);
	size = (long)fread(px, 1, (size_t)width * (size_t)height, f);
	fclose(f);
	ck_assert_int_eq(size, (long)width * height);

	m = QR_SIDE / (qr->width + 8);
	for (int r = -4; r < qr->width + 4; r++) {
		for (int col = -4; col < qr->width + 4; col++) {
			int x = (int)((QR_X0 + (4 + col + 0.5) * m) * 2);
			int y = (int)((QR_Y0 + (4 + r + 0.5) * m) * 2);
			bool want = r >= 0 && col >= 0 && r < qr->width && col < qr->width &&
				    (qr->data[r * qr->width + col] & 1);
			bool dark = px[(size_t)y * (size_t)width + (size_t)x] < 128;

			bad += want != dark;
		}
	}
	ck_assert_msg(bad == 0, "%d of %d modules differ", bad, (qr->width + 8) * (qr->width + 8));
	free(px);
	QRcode_free(qr);
}
END_TEST

/* The longest URL allowed, with characters that need escaping in the
 * link and in PDF strings, still decodes and is the link's target. */
START_TEST(longest_url_decodes_and_links)
{
	tunas_certpdf c = sample("ms");
	char url[TUNAS_CERTPDF_URL_MAX + 1], link[3 * TUNAS_CERTPDF_URL_MAX + 1];
	char cmd[256];
	char *s, *links;

	snprintf(url, sizeof(url), "%s",
		 "https://tunas.example.my/verify/o'k(1?q=a%20b&c=d)-0123456789-"
		 "abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789-"
		 "abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMNOPQRSTUVWXYZ-");
	memset(url + strlen(url), 'z', TUNAS_CERTPDF_URL_MAX - strlen(url));
	url[TUNAS_CERTPDF_URL_MAX] = '\0';
	c.verify_url = url;
	s = qr_of(&c);
	ck_assert_str_eq(s, url);
	free(s);

	need_tool("pdfinfo", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdfinfo -url '%s'", pdf_path);
	links = run(cmd);
	/* The link has the parentheses percent-encoded: the same URL. */
	for (size_t i = 0, j = 0; url[i] != '\0'; i++)
		j += (size_t)snprintf(link + j, sizeof(link) - j,
				      url[i] == '('   ? "%%28"
				      : url[i] == ')' ? "%%29"
						      : "%c",
				      url[i]);
	HAS(links, link);
	free(links);
}
END_TEST

/* Names, texts and ids from an eighth of their limits to the whole, with
 * and without spaces, in wide letters: whatever their length, everything
 * stays inside the frame, off the QR code and apart. */
START_TEST(long_texts_stay_on_the_page)
{
	static const struct {
		const char *unit;
		size_t every;
	} shapes[] = {{"W", 9}, {"M", 0}, {"\xE1\xBB\x84", 13}, {"m", 6}};
	tunas_certpdf c = sample(_i % 2 ? "ms" : "id");
	const char *unit = shapes[_i % 4].unit;
	size_t every = shapes[_i % 4].every, eighths = (size_t)_i / 4 + 1;
	char *name = filled(TUNAS_CERTPDF_NAME_MAX * eighths / 8, unit, every);
	char *ach = filled(TUNAS_CERTPDF_NAME_MAX * eighths / 8, unit, every);
	char *desc = filled(TUNAS_CERTPDF_DESC_MAX * eighths / 8, unit, every);
	char *prog = filled(TUNAS_CERTPDF_NAME_MAX * eighths / 8, unit, every);
	char *issuer = filled(TUNAS_CERTPDF_NAME_MAX * eighths / 8, unit, every);
	char *cid = filled(TUNAS_CERTPDF_NAME_MAX * eighths / 8, unit, every);
	char url[TUNAS_CERTPDF_URL_MAX + 1];
	word *w = NULL;
	size_t n;

	memset(url, 'W', sizeof(url) - 1);
	memcpy(url, "https://", 8);
	url[TUNAS_CERTPDF_URL_MAX * eighths / 8] = '\0';
	c.holder_name = name;
	c.achievement_name = ach;
	c.achievement_description = desc;
	c.programme_name = prog;
	c.issuer_name = issuer;
	c.credential_id = cid;
	c.verify_url = url;
	c.hours = TUNAS_CERTPDF_HOURS_MAX;
	c.issued_on = "2026-09-30";
	c.expires_on = "2099-09-30";
	render_file(&c);
	n = words_of_file(&w);
	ck_assert_uint_gt(n, 10);
	assert_layout_clean(w, n);
	free(w);
	free(name);
	free(ach);
	free(desc);
	free(prog);
	free(issuer);
	free(cid);
}
END_TEST

/* A long name wraps or shrinks but is printed whole. */
START_TEST(long_name_is_printed_whole)
{
	tunas_certpdf c = sample("ms");
	const char *name = "Raden Ajeng Siti Nurhaliza binti Wan Muhammad Hafiz Abdullah "
			   "Puteri Gunung Ledang Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xC3\x81nh "
			   "Wolfeschlegelsteinhausenbergerdorff Hang Tuah Laksamana";
	char *t;
	word *w = NULL;
	size_t n;

	c.holder_name = name;
	t = text_of(&c);
	HAS(t, name);
	free(t);
	n = words_of_file(&w);
	assert_layout_clean(w, n);
	free(w);
}
END_TEST

/* --- bad input ------------------------------------------------------------ */

static void expect_rejected(const tunas_certpdf *c, int want_rc, const char *field)
{
	unsigned char *pdf = POISON;
	size_t len = 7;
	char msg[256] = "";
	int rc = tunas_certpdf_render(&pdf, &len, c, msg, sizeof(msg));

	ck_assert_msg(rc == want_rc, "%s: rc %d, want %d (%s)", field, rc, want_rc, msg);
	ck_assert_msg(strstr(msg, field) != NULL, "\"%s\" does not name %s", msg, field);
	ck_assert_ptr_eq(pdf, POISON);
	ck_assert_uint_eq(len, 7);
}

#define REJECT(member, value, field)                                                               \
	do {                                                                                       \
		tunas_certpdf bad = sample("ms");                                                  \
		bad.member = (value);                                                              \
		expect_rejected(&bad, TUNAS_EINVAL, (field));                                      \
	} while (0)

START_TEST(bad_input_is_rejected_naming_the_field)
{
	char *long_name = filled(TUNAS_CERTPDF_NAME_MAX + 1, "a", 0);
	char *long_desc = filled(TUNAS_CERTPDF_DESC_MAX + 1, "a", 0);
	char long_url[TUNAS_CERTPDF_URL_MAX + 2];

	memset(long_url, 'a', sizeof(long_url) - 1);
	memcpy(long_url, "https://", 8);
	long_url[sizeof(long_url) - 1] = '\0';

	REJECT(lang, NULL, "lang");
	REJECT(lang, "en", "lang");
	REJECT(lang, "MS", "lang");
	REJECT(holder_name, NULL, "holder_name");
	REJECT(holder_name, "", "holder_name");
	REJECT(holder_name, " \t ", "holder_name");
	REJECT(holder_name, long_name, "holder_name");
	REJECT(holder_name, "Ali \xC3\x28", "holder_name");	/* bad UTF-8 */
	REJECT(holder_name, "Ali \xED\xA0\x80", "holder_name"); /* a surrogate */
	REJECT(holder_name, "Ali\nBaba", "holder_name");	/* one line only */
	REJECT(holder_name, "Ali\x1B[31m", "holder_name");	/* escape */
	REJECT(holder_name, "Ali \xC2\x85", "holder_name");	/* C1 control */
	REJECT(achievement_name, NULL, "achievement_name");
	REJECT(achievement_name, long_name, "achievement_name");
	REJECT(achievement_description, long_desc, "achievement_description");
	REJECT(achievement_description, "a\x01", "achievement_description");
	REJECT(programme_name, long_name, "programme_name");
	REJECT(issuer_name, NULL, "issuer_name");
	REJECT(issuer_name, long_name, "issuer_name");
	REJECT(issued_on, NULL, "issued_on");
	REJECT(issued_on, "", "issued_on");
	REJECT(issued_on, "2026-02-29", "issued_on");
	REJECT(issued_on, "23/11/2026", "issued_on");
	REJECT(issued_on, "2026-11-23T00:00", "issued_on");
	REJECT(expires_on, "2029-13-01", "expires_on");
	REJECT(expires_on, "2026-11-22", "expires_on"); /* before issued_on */
	REJECT(credential_id, NULL, "credential_id");
	REJECT(credential_id, long_name, "credential_id");
	REJECT(verify_url, NULL, "verify_url");
	REJECT(verify_url, "", "verify_url");
	REJECT(verify_url, "ftp://tunas.example.my/v/1", "verify_url");
	REJECT(verify_url, "javascript:alert(1)", "verify_url");
	REJECT(verify_url, "tunas.example.my/v/1", "verify_url");
	REJECT(verify_url, "https://", "verify_url");
	REJECT(verify_url, "https:///v/1", "verify_url");
	REJECT(verify_url, "https://tunas.example.my/v 1", "verify_url");
	REJECT(verify_url, "https://t\xC3\xBCnas.example.my/", "verify_url");
	REJECT(verify_url, "https://tunas.example.my/v\\1", "verify_url");
	REJECT(verify_url, "https://tunas.example.my/v/<1>", "verify_url");
	REJECT(verify_url, "https://tunas.example.my/v/\"1\"", "verify_url");
	REJECT(verify_url, long_url, "verify_url");
	REJECT(hours, -1, "hours");
	REJECT(hours, TUNAS_CERTPDF_HOURS_MAX + 1, "hours");
	REJECT(font_path, "", "font_path");
	REJECT(bold_font_path, "", "bold_font_path");
	free(long_name);
	free(long_desc);
}
END_TEST

START_TEST(limits_are_inclusive)
{
	tunas_certpdf c = sample("id");
	char *name = filled(TUNAS_CERTPDF_NAME_MAX, "a", 10);
	unsigned char *pdf = NULL;
	size_t len = 0;
	char msg[256];

	c.holder_name = name;
	c.expires_on = c.issued_on; /* the same day is allowed */
	c.hours = TUNAS_CERTPDF_HOURS_MAX;
	c.verify_url = "HTTPS://tunas.example.my/v/1";
	ck_assert_msg(tunas_certpdf_render(&pdf, &len, &c, msg, sizeof(msg)) == 0, "%s", msg);
	free(pdf);
	free(name);
}
END_TEST

START_TEST(missing_arguments_are_rejected)
{
	tunas_certpdf c = sample("ms");
	unsigned char *pdf = POISON;
	size_t len = 7;

	ck_assert_int_eq(tunas_certpdf_render(NULL, &len, &c, NULL, 0), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_certpdf_render(&pdf, NULL, &c, NULL, 0), TUNAS_EINVAL);
	ck_assert_int_eq(tunas_certpdf_render(&pdf, &len, NULL, NULL, 0), TUNAS_EINVAL);
	c.holder_name = NULL;
	ck_assert_int_eq(tunas_certpdf_render(&pdf, &len, &c, NULL, 0), TUNAS_EINVAL);
	ck_assert_ptr_eq(pdf, POISON);
	ck_assert_uint_eq(len, 7);
}
END_TEST

START_TEST(unusable_fonts_are_io_errors)
{
	tunas_certpdf c = sample("ms");
	char not_font[128];
	FILE *f;

	c.font_path = "/nonexistent/tunas/font.ttf";
	expect_rejected(&c, TUNAS_EIO, "font_path: cannot open /nonexistent/tunas/font.ttf");

	snprintf(not_font, sizeof(not_font), "%s/not-a-font.ttf", dir);
	f = fopen(not_font, "w");
	ck_assert_ptr_nonnull(f);
	fputs("this is not a font\n", f);
	fclose(f);
	c = sample("ms");
	c.bold_font_path = not_font;
	expect_rejected(&c, TUNAS_EIO, "bold_font_path");

	/* The right magic number but nothing after it. */
	f = fopen(not_font, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite("\0\1\0\0\0\0\0\0", 1, 8, f);
	fclose(f);
	expect_rejected(&c, TUNAS_EIO, "bold_font_path");
}
END_TEST

START_TEST(other_fonts_can_be_named)
{
	tunas_certpdf c = sample("ms");
	char cmd[256];
	char *fonts;

	c.font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
	c.bold_font_path = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf";
	render_file(&c);
	need_tool("pdffonts", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdffonts '%s'", pdf_path);
	fonts = run(cmd);
	HAS(fonts, "DejaVuSerif-Bold");
	HAS_NOT(fonts, "DejaVuSans");
	free(fonts);
}
END_TEST

/* Out of memory at each of our allocations fails cleanly: ENOMEM, no
 * output written, nothing leaked (AddressSanitizer's run checks that). */
START_TEST(out_of_memory_is_an_error)
{
	tunas_certpdf c = sample("ms");
	unsigned char *pdf;
	size_t len;
	char msg[256];
	long k, made;
	int rc = -1;

	for (k = 1; k < 100; k++) {
		pdf = POISON;
		len = 7;
		tunas_mem_fail_at(k);
		rc = tunas_certpdf_render(&pdf, &len, &c, msg, sizeof(msg));
		made = tunas_mem_fail_at(0);
		if (rc == 0) {
			ck_assert_int_lt(made, k); /* it ran past every allocation */
			break;
		}
		ck_assert_msg(rc == TUNAS_ENOMEM, "allocation %ld: rc %d (%s)", k, rc, msg);
		ck_assert_str_eq(msg, "out of memory");
		ck_assert_ptr_eq(pdf, POISON);
		ck_assert_uint_eq(len, 7);
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_gt(k, 1); /* at least one allocation was made to fail */
	free(pdf);
}
END_TEST

static Suite *certpdf_suite(void)
{
	Suite *s = suite_create("certpdf");
	TCase *tc;

	tc = tcase_create("pdf");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, renders_a_complete_pdf);
	tcase_add_test(tc, fonts_are_embedded_with_unicode_maps);
	tcase_add_test(tc, other_fonts_can_be_named);
	suite_add_tcase(s, tc);

	tc = tcase_create("text");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, malay_certificate_reads_in_both_languages);
	tcase_add_test(tc, indonesian_certificate_reads_in_both_languages);
	tcase_add_loop_test(tc, months_are_named_per_language, 0, 12);
	tcase_add_test(tc, optional_fields_are_left_out);
	tcase_add_test(tc, missing_glyphs_print_as_question_marks);
	suite_add_tcase(s, tc);

	tc = tcase_create("qr");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, qr_code_opens_the_verification_page, 0, 2);
	tcase_add_test(tc, qr_code_is_level_m_with_a_quiet_zone);
	tcase_add_test(tc, longest_url_decodes_and_links);
	suite_add_tcase(s, tc);

	tc = tcase_create("layout");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, long_texts_stay_on_the_page, 0, 32);
	tcase_add_test(tc, long_name_is_printed_whole);
	suite_add_tcase(s, tc);

	tc = tcase_create("input");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, bad_input_is_rejected_naming_the_field);
	tcase_add_test(tc, limits_are_inclusive);
	tcase_add_test(tc, missing_arguments_are_rejected);
	tcase_add_test(tc, unusable_fonts_are_io_errors);
	tcase_add_test(tc, out_of_memory_is_an_error);
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(certpdf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
