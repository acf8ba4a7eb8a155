/*
 * fuzz_ident.c — identity numbers, education levels and session times
 * (RFC 3339 with an offset, and time zone names): the first byte picks the
 * check, the rest is the input.
 */
#include <string.h>

#include "fuzz.h"
#include "tunas/delivery.h"
#include "tunas/ident.h"

int fuzz_ident(const uint8_t *data, size_t size)
{
	char buf[64], masked[32];
	tunas_ident_info info;
	const char *reason;

	if (size < 1)
		return 0;
	if (size - 1 >= sizeof(buf))
		size = sizeof(buf);
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0:
		if (tunas_ident_check(&info, TUNAS_ID_MYKAD, buf, "2026-11-23", &reason))
			tunas_ident_mask(masked, sizeof(masked), info.canonical);
		break;
	case 1:
		if (tunas_ident_check(&info, TUNAS_ID_NIK, buf, "2026-11-23", &reason))
			tunas_ident_mask(masked, sizeof(masked), info.canonical);
		break;
	case 2:
		(void)tunas_ident_check(&info, TUNAS_ID_PASSPORT, buf, "2026-11-23", &reason);
		tunas_ident_mask(masked, (size_t)(data[0] % 24), buf);
		break;
	case 3:
		(void)tunas_education_isced(size > 3 ? "ID" : "MY", buf);
		(void)tunas_education_label("MY", buf);
		break;
	default: {
		/* A time that parses formats back to the same instant. */
		char out[32];
		int64_t t, again;
		int offset;

		(void)tunas_tz_offset(&offset, buf);
		if (tunas_time_parse(&t, buf)) {
			tunas_time_format(out, t, "Asia/Jakarta");
			if (!tunas_time_parse(&again, out) || again != t)
				__builtin_trap();
		}
		break;
	}
	}
	return 0;
}
