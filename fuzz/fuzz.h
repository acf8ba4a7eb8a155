/*
 * fuzz.h — fuzz targets for every parser that reads outside input, and for
 * the writer every response goes through. Each takes arbitrary bytes and
 * must neither crash nor leak; sanitizers turn any memory error into a
 * failure. replay.c runs the stored corpus in the ordinary test run;
 * libfuzzer.c wraps one target for coverage-guided fuzzing with clang (see
 * fuzz/README.md).
 */
#ifndef TUNAS_FUZZ_H
#define TUNAS_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int fuzz_csv(const uint8_t *data, size_t size);	      /* CSV reader + people import */
int fuzz_json(const uint8_t *data, size_t size);      /* request body checks + JSON parse */
int fuzz_ident(const uint8_t *data, size_t size);     /* MyKad / NIK / passport / education */
int fuzz_vc(const uint8_t *data, size_t size);	      /* credential parse + JCS + verify */
int fuzz_jsonw(const uint8_t *data, size_t size);     /* response writer: output always parses */
int fuzz_framework(const uint8_t *data, size_t size); /* custom framework CSV import */
int fuzz_config(const uint8_t *data, size_t size);    /* the configuration file */

#endif
