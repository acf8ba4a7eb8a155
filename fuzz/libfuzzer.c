/*
 * libfuzzer.c — the libFuzzer entry point for one target, chosen at build
 * time with -DFUZZ_TARGET=fuzz_csv (or fuzz_json, fuzz_ident). Built by
 * `meson setup build-fuzz -Dfuzzing=true` with CC=clang; see README.md.
 */
#include "fuzz.h"
#include "tunas/tunas.h"

#ifndef FUZZ_TARGET
#error "define FUZZ_TARGET"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return tunas_global_init();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return FUZZ_TARGET(data, size);
}
