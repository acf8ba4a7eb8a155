/*
 * ident.h — national identity numbers and national education schemes.
 *
 * Pure functions, no context and no allocation: they check Malaysian MyKad
 * and Indonesian NIK numbers (and passports for everyone else), derive the
 * birth date and sex that MyKad and NIK encode, mask numbers for roles that
 * need not see them, and map national education levels to ISCED 2011 so
 * that reports compare across countries. The rules are in docs/LOCAL.md.
 */
#ifndef TUNAS_IDENT_H
#define TUNAS_IDENT_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
	TUNAS_ID_NONE = 0,
	TUNAS_ID_MYKAD,	   /* Malaysia: YYMMDD-PB-###G, 12 digits */
	TUNAS_ID_NIK,	   /* Indonesia: 6-digit region, DDMMYY (+40 women), 4-digit serial */
	TUNAS_ID_PASSPORT, /* anyone else: 5 to 20 letters and digits */
} tunas_id_type;

#define TUNAS_ID_MAX 20

/* What a valid identity number says. Fields the number does not encode
 * (a passport's birth date and sex) are empty / 0. region is the state
 * for a MyKad born in Malaysia, "Outside Malaysia" for one born abroad,
 * "" for place-of-birth code 82 (state unknown); the province for a NIK. */
typedef struct {
	char canonical[TUNAS_ID_MAX + 1]; /* digits only, or upper-case passport */
	char birth_date[11];		  /* YYYY-MM-DD, or "" */
	char sex;			  /* 'M', 'F', or 0 if not encoded */
	char region[64];		  /* MyKad state / NIK province, or "" */
} tunas_ident_info;

/* "mykad" | "nik" | "passport" <-> type, lower case exactly. parse returns
 * TUNAS_ID_NONE for anything else, NULL included; name returns a static
 * string, or NULL for TUNAS_ID_NONE and values outside the enum. */
tunas_id_type tunas_ident_type_parse(const char *s);
const char *tunas_ident_type_name(tunas_id_type type);

/*
 * Check `raw` as an identity number of `type` and fill *out. Separators
 * '-' and ' ' are ignored in MyKad and NIK; a passport is trimmed of
 * surrounding white space. `today` ("YYYY-MM-DD") decides the century of a
 * MyKad or NIK birth date (20YY unless that is after today, else 19YY) and
 * rejects birth dates in the future; it is required for those two types
 * and unused for a passport.
 * Returns true if valid, with *reason set to NULL; otherwise false with
 * *reason set to a static English sentence saying why (e.g.
 * "place-of-birth code 00 does not exist"). *out is written only on
 * success. out and reason may be NULL when the caller only wants the
 * verdict.
 */
bool tunas_ident_check(tunas_ident_info *out, tunas_id_type type, const char *raw,
		       const char *today, const char **reason);

/* Write a masked form of a canonical number into out (size outlen >= 21):
 * everything but the last four characters replaced by '*'; four or fewer
 * characters are all '*'. out is always terminated and never written past
 * outlen; if the masked form does not fit, out gets as many '*' as fit, so
 * a cut-off tail is never shown. A NULL canonical masks as "". */
void tunas_ident_mask(char *out, size_t outlen, const char *canonical);

/*
 * Education levels in national schemes. `country` is ISO 3166-1 alpha-2,
 * upper case; level codes are matched exactly, upper case.
 * MY: NONE UPSR PT3 SPM STPM SKM1..SKM5 DIPLOMA DEGREE MASTER PHD
 * ID: NONE SD SMP SMA SMK D1 D2 D3 D4 S1 S2 S3
 * any country: ISCED0..ISCED8 (used when the scheme is not known).
 * Returns the ISCED 2011 level 0..8, or -1 if `level` is not in the
 * country's scheme or either argument is NULL. The table and the reasons
 * for its judgement calls are in docs/LOCAL.md.
 */
int tunas_education_isced(const char *country, const char *level);

/* The level's label, a static string: the national name, then its
 * abbreviation and an English gloss ("Sijil Pelajaran Malaysia (SPM, upper
 * secondary certificate)"). NULL where tunas_education_isced() gives -1. */
const char *tunas_education_label(const char *country, const char *level);

#endif
