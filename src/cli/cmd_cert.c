/*
 * cmd_cert.c — `tunas cert`: verify a certificate offline, and issue,
 * revoke or print one as the local operator.
 *
 *   tunas cert verify FILE [--status-list FILE]
 *   tunas cert issue PERSON_ID COHORT_ID
 *   tunas cert revoke ID REASON
 *   tunas cert pdf ID FILE
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "tunas/cert.h"

#define FILE_MAX (1024 * 1024)

static const char usage[] = "usage: tunas cert verify FILE [--status-list FILE]\n"
			    "       tunas cert issue PERSON_ID COHORT_ID\n"
			    "       tunas cert revoke ID REASON\n"
			    "       tunas cert pdf ID FILE\n";

/* Read a whole file of at most FILE_MAX bytes; NULL after a message. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "tunas: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	buf = malloc(FILE_MAX + 1);
	if (buf == NULL) {
		fclose(f);
		fprintf(stderr, "tunas: out of memory\n");
		return NULL;
	}
	n = fread(buf, 1, FILE_MAX + 1, f);
	fclose(f);
	if (n > FILE_MAX) {
		free(buf);
		fprintf(stderr, "tunas: %s is larger than %d bytes\n", path, FILE_MAX);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

static bool parse_id(const char *s, int64_t *out)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);

	if (end == s || *end != '\0' || v < 1)
		return false;
	*out = v;
	return true;
}

static int verify(int argc, char **argv)
{
	const char *file = NULL, *list_file = NULL;
	char *doc = NULL, *list = NULL;
	size_t len = 0, list_len = 0;
	tunas_cert_verdict v;
	int status = 1;

	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--status-list") == 0 && i + 1 < argc)
			list_file = argv[++i];
		else if (file == NULL && argv[i][0] != '-')
			file = argv[i];
		else
			goto usage;
	}
	if (file == NULL)
		goto usage;
	if ((doc = slurp(file, &len)) == NULL)
		return 1;
	if (list_file != NULL && (list = slurp(list_file, &list_len)) == NULL)
		goto out;
	if (tunas_cert_verify_offline(&v, doc, len, list, list_len, tunas_now()) != 0) {
		printf("INVALID: not a credential: %s\n", v.why[0] ? v.why : "unreadable JSON");
		goto out;
	}
	printf("%s%s%s\n", v.valid ? "VALID" : "INVALID", v.valid ? "" : ": ",
	       v.valid ? "" : v.why);
	printf("  holder:      %s\n", v.holder_name);
	printf("  achievement: %s\n", v.achievement);
	printf("  issuer:      %s\n  issuer DID:  %s\n", v.issuer_name, v.issuer_did);
	printf("  valid from:  %s\n", v.valid_from);
	if (v.valid_until[0])
		printf("  valid until: %s%s\n", v.valid_until, v.expired ? " (expired)" : "");
	printf("  signature:   %s\n",
	       v.signature_ok ? "verified (eddsa-jcs-2022)" : "NOT verified");
	if (list == NULL)
		printf("  status:      not checked (give --status-list FILE, fetched from the "
		       "certificate's statusListCredential)\n");
	else
		printf("  status:      %s%s%s%s%s\n",
		       v.status ? tunas_cert_status_name(v.status) : "unknown",
		       v.status_reason[0] ? " - " : "", v.status_reason,
		       v.status_as_of[0] ? ", per the status list of " : "", v.status_as_of);
	status = v.valid ? 0 : 1;
out:
	free(doc);
	free(list);
	return status;
usage:
	fputs(usage, stderr);
	return 2;
}

int cmd_cert(int argc, char **argv, const char *db)
{
	tunas_certificate c;
	int64_t a = 0, b = 0;
	tunas_ctx *ctx = NULL;
	int status = 1;

	if (argc >= 2 && strcmp(argv[1], "verify") == 0)
		return verify(argc, argv);
	if (argc == 4 && strcmp(argv[1], "issue") == 0 && parse_id(argv[2], &a) &&
	    parse_id(argv[3], &b)) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		if (tunas_cert_issue(ctx, &c, a, b) != 0) {
			cli_error(ctx, "cert issue");
			goto out;
		}
		printf("Issued certificate %lld (urn:uuid:%s) to %s.\n", (long long)c.id, c.uuid,
		       c.holder_name);
		status = 0;
	} else if (argc == 4 && strcmp(argv[1], "revoke") == 0 && parse_id(argv[2], &a)) {
		if ((ctx = cli_open(db)) == NULL)
			return 1;
		if (tunas_cert_set_status(ctx, &c, a, TUNAS_CERT_REVOKED, argv[3]) != 0) {
			cli_error(ctx, "cert revoke");
			goto out;
		}
		printf("Revoked certificate %lld.\n", (long long)c.id);
		status = 0;
	} else if (argc == 4 && strcmp(argv[1], "pdf") == 0 && parse_id(argv[2], &a)) {
		unsigned char *pdf = NULL;
		size_t len = 0;
		FILE *f;

		if ((ctx = cli_open(db)) == NULL)
			return 1;
		if (tunas_cert_pdf(ctx, &pdf, &len, a) != 0) {
			cli_error(ctx, "cert pdf");
			goto out;
		}
		f = fopen(argv[3], "wb");
		if (f == NULL || fwrite(pdf, 1, len, f) != len || fclose(f) != 0) {
			fprintf(stderr, "tunas: cannot write %s: %s\n", argv[3], strerror(errno));
			free(pdf);
			goto out;
		}
		free(pdf);
		printf("Wrote %s (%zu bytes).\n", argv[3], len);
		status = 0;
	} else {
		fputs(usage, stderr);
		return 2;
	}
out:
	tunas_close(ctx);
	return status;
}
