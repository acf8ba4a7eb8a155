/*
 * replay.c — run every stored corpus file through its fuzz target, as part
 * of the ordinary test run: fuzz/corpus/<target>/<file>.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "tunas/tunas.h"

typedef int (*target_fn)(const uint8_t *, size_t);

static const struct {
	const char *name;
	target_fn fn;
} targets[] = {
	{"csv", fuzz_csv}, {"json", fuzz_json},	  {"ident", fuzz_ident},
	{"vc", fuzz_vc},   {"jsonw", fuzz_jsonw}, {"framework", fuzz_framework},
	{"config", fuzz_config},
};

static int run_file(const char *path, target_fn fn)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (f == NULL)
		return -1;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len > 0 ? (size_t)len : 1);
	if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	fn(buf, (size_t)len);
	free(buf);
	return 0;
}

/* Each target is one test: it passes when every file of its corpus ran
 * through it (a crash or sanitizer report ends the program instead). */
int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_replay CORPUS_DIR\n");
		return 2;
	}
	tunas_global_init();
	for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		char dir[4096];
		struct dirent *de;
		DIR *d;
		int files = 0, unreadable = 0;

		snprintf(dir, sizeof(dir), "%s/%s", argv[1], targets[t].name);
		d = opendir(dir);
		if (d == NULL) {
			fprintf(stderr, "missing corpus %s\n", dir);
			failed++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			char path[8192];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (run_file(path, targets[t].fn) == 0) {
				files++;
			} else {
				fprintf(stderr, "cannot read %s\n", path);
				unreadable++;
			}
		}
		closedir(d);
		fprintf(stderr, "%s: %d corpus files replayed\n", targets[t].name, files);
		if (unreadable == 0 && files > 0)
			passed++;
		else
			failed++;
	}
	printf("fuzz-corpus: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
