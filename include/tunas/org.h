/*
 * org.h — organisations and the partnerships (MoUs) between them.
 *
 * An organisation is a government agency, industry partner, academic
 * institution, training centre or employer, in one country. A partnership
 * records an agreement between two or more of them: parties, dates and
 * purpose (e.g. the INTAN–Huawei MoU). Programmes, cohorts and accounts all
 * hang off organisations, so they are also the unit of access control.
 */
#ifndef TUNAS_ORG_H
#define TUNAS_ORG_H

#include "tunas/tunas.h"

typedef enum {
	TUNAS_ORG_NONE = 0,
	TUNAS_ORG_GOVERNMENT,
	TUNAS_ORG_INDUSTRY,
	TUNAS_ORG_ACADEMIC,
	TUNAS_ORG_TRAINING_CENTRE,
	TUNAS_ORG_EMPLOYER,
} tunas_org_kind;

typedef struct {
	int64_t id;
	char name[TUNAS_NAME_MAX + 1];
	char short_name[TUNAS_CODE_MAX + 1]; /* "JTM", "INTAN"; may be empty */
	tunas_org_kind kind;
	char country[3]; /* ISO 3166-1 alpha-2, upper case */
	char region[TUNAS_NAME_MAX + 1];
	int64_t parent_id; /* e.g. ILP KL under JTM; 0 if none */
	int64_t created_at;
} tunas_org;

#define TUNAS_PARTIES_MAX 16

typedef struct {
	int64_t id;
	char title[TUNAS_NAME_MAX + 1];
	char purpose[TUNAS_TEXT_MAX + 1];
	char signed_on[TUNAS_DATE_LEN + 1];
	char starts_on[TUNAS_DATE_LEN + 1];
	char ends_on[TUNAS_DATE_LEN + 1]; /* may be empty: open-ended */
	int64_t parties[TUNAS_PARTIES_MAX];
	int n_parties;
	int64_t created_at;
} tunas_partnership;

const char *tunas_org_kind_name(tunas_org_kind kind);
tunas_org_kind tunas_org_kind_parse(const char *name);

/* Create an organisation from *in (id ignored); its new id in *out_id.
 * System admin only. TUNAS_EINVAL names the field on bad input. */
int tunas_org_create(tunas_ctx *ctx, int64_t *out_id, const tunas_org *in);
/* Update name, short name, region (kind and country are fixed). */
int tunas_org_update(tunas_ctx *ctx, const tunas_org *in);
/* Organisations are a public directory: any signed-in user may read. */
int tunas_org_get(tunas_ctx *ctx, tunas_org *out, int64_t id);
/* A page of organisations into a new array the caller frees with free(). */
int tunas_org_list(tunas_ctx *ctx, tunas_org **out, size_t *n, const tunas_page *page);

/* Partnerships: created by a system admin or a programme owner whose
 * organisation is a party; readable by parties and system admins. */
int tunas_partnership_create(tunas_ctx *ctx, int64_t *out_id, const tunas_partnership *in);
int tunas_partnership_get(tunas_ctx *ctx, tunas_partnership *out, int64_t id);
int tunas_partnership_list(tunas_ctx *ctx, tunas_partnership **out, size_t *n,
			   const tunas_page *page);

#endif
