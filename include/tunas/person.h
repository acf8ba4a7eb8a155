/*
 * person.h — the people Tunas trains: trainees, job seekers, civil servants.
 *
 * A person is identified by a national ID (MyKad, NIK) or a passport; the
 * birth date and sex the ID encodes must agree with what is stated. The
 * education level is kept in the person's national scheme and mapped to
 * ISCED 2011. One person exists once: the ID is unique across the whole
 * database, which is how Tunas de-duplicates people across programmes.
 *
 * Who sees whom: a system admin sees everyone; a centre admin the people
 * their centre registered or who applied to its cohorts; a programme owner
 * the applicants to its programmes; an instructor the people in their
 * cohorts; a trainee only themself. The national ID is shown in full only to
 * system admins, centre admins and the person; others get it masked, and
 * then the full birth date is withheld too (only the year is given): a
 * MyKad or NIK is mostly its birth date, so date and unmasked digits
 * together would give the number back.
 */
#ifndef TUNAS_PERSON_H
#define TUNAS_PERSON_H

#include "tunas/ident.h"
#include "tunas/programme.h"
#include "tunas/tunas.h"

typedef struct {
	int64_t id;
	char full_name[TUNAS_NAME_MAX + 1];
	tunas_id_type id_type;
	char id_number[TUNAS_ID_MAX + 1]; /* canonical; masked when id_masked */
	bool id_masked;
	char id_country[3];		     /* issuing country: MY for MyKad, ID for NIK */
	char birth_date[TUNAS_DATE_LEN + 1]; /* "" when id_masked: see below */
	int birth_year;
	char sex; /* 'M' or 'F' */
	char email[TUNAS_NAME_MAX + 1];
	char phone[TUNAS_CODE_MAX + 1];
	char edu_country[3];		    /* the scheme the level belongs to */
	char edu_level[TUNAS_CODE_MAX + 1]; /* "SPM", "SMK", "S1", "ISCED6" */
	int isced;			    /* derived, 0..8 */
	tunas_employment employment;
	int64_t employer_org_id; /* employer or ministry; 0 if none/unknown */
	char employer_name[TUNAS_NAME_MAX + 1];
	char region[TUNAS_NAME_MAX + 1];
	int64_t registered_by_org; /* the organisation that registered them */
	int64_t created_at;
	int64_t updated_at;
} tunas_person;

/* Filters for listing people; empty members do not filter. */
typedef struct {
	char name_prefix[TUNAS_NAME_MAX + 1];
	char region[TUNAS_NAME_MAX + 1];
	int64_t cohort_id;
} tunas_person_filter;

/*
 * Check *in as a new or changed person and fill derived fields (canonical
 * id_number, isced, sex and birth date from the ID when missing). Rules
 * only, no database: the CSV importer and the API share it. On failure
 * returns TUNAS_EINVAL with the field and reason on ctx; *p may be partly
 * normalised.
 */
int tunas_person_validate(tunas_ctx *ctx, tunas_person *p);

/* Register a person (system admins and centre admins; the person is
 * registered by the caller's centre, or by registered_by_org when a system
 * admin gives one). TUNAS_ECONFLICT if the ID exists already. */
int tunas_person_create(tunas_ctx *ctx, int64_t *out_id, const tunas_person *in);
/* Replace name, contact, education, employment and region (never the
 * identity fields). System admins, and centre admins of the registering
 * centre, may; a trainee may change only their own email, phone and
 * region. */
int tunas_person_update(tunas_ctx *ctx, const tunas_person *in);
int tunas_person_get(tunas_ctx *ctx, tunas_person *out, int64_t id);
/* Find by national ID among people the caller may see (system admins and
 * centre admins, who see full numbers anyway, so the answer confirms
 * nothing new). A number held by someone out of reach gives the same
 * TUNAS_ENOTFOUND as an unknown one. */
int tunas_person_find(tunas_ctx *ctx, tunas_person *out, tunas_id_type type, const char *number);
/* People visible to the caller; caller frees *out with free(). */
int tunas_person_list(tunas_ctx *ctx, tunas_person **out, size_t *n,
		      const tunas_person_filter *filter, const tunas_page *page);

/* Age in whole years on `on` (YYYY-MM-DD); -1 if either date is invalid. */
int tunas_age_on(const char *birth_date, const char *on);

#endif
