/*
 * pdf_bench.c — how fast one thread renders printable certificates
 * (src/lib/certpdf.c): the same certificate, with a different holder each
 * time, rendered to memory for about SECONDS seconds (default 3). Prints
 * the rate and the size of one PDF.
 *   bench_pdf [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "certpdf.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 3.0, start, took;
	char name[64], msg[256];
	unsigned char *pdf;
	size_t len = 0;
	long n = 0;
	tunas_certpdf c = {
		.lang = "ms",
		.holder_name = name,
		.achievement_name = "HCIA-5G Network Technician (JTM\xE2\x80\x93Huawei)",
		.achievement_description = "Plans, installs and tests 5G radio and core network "
					   "equipment to the HCIA-5G standard.",
		.programme_name = "Program Latihan Teknologi 5G 2026",
		.issuer_name = "Jabatan Tenaga Manusia (JTM)",
		.issued_on = "2026-11-23",
		.expires_on = "2029-03-01",
		.credential_id = "urn:uuid:0b6e5c43-8a57-4e8f-9a4d-6f0c2a3e9b11",
		.verify_url =
			"https://tunas.example.my/verify/0b6e5c43-8a57-4e8f-9a4d-6f0c2a3e9b11",
		.hours = 120,
	};

	start = now();
	do {
		int rc;

		snprintf(name, sizeof(name), "Nguy\xE1\xBB\x85n Th\xE1\xBB\x8B \xC3\x81nh %ld", n);
		rc = tunas_certpdf_render(&pdf, &len, &c, msg, sizeof(msg));
		if (rc != 0) {
			fprintf(stderr, "pdf_bench: %d %s\n", rc, msg);
			return 1;
		}
		free(pdf);
		n++;
		took = now() - start;
	} while (took < seconds);
	printf("pdf: %.0f certificates/s (%ld in %.2f s, %zu bytes each, one thread)\n",
	       (double)n / took, n, took, len);
	return 0;
}
