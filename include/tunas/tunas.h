/*
 * tunas.h — the entry point of libtunas.
 *
 * libtunas holds every business rule of Tunas: organisations, programmes,
 * people, enrolment, accounts, access control and the audit trail. The
 * `tunas` command (CLI and HTTP server) is a thin front-end over it.
 *
 * This header owns the context handle, the error codes, the caller identity
 * (principal) and the small value types every module shares. A context is
 * used by one thread at a time; open one per thread.
 */
#ifndef TUNAS_TUNAS_H
#define TUNAS_TUNAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TUNAS_VERSION "0.1.0"

/* Error codes: functions return 0 on success or one of these. The message
 * and, for validation errors, the offending field are on the context. */
enum {
	TUNAS_OK = 0,
	TUNAS_EINVAL = -1,    /* input failed validation; see tunas_errfield() */
	TUNAS_ENOTFOUND = -2, /* no such object, or not visible to the caller */
	TUNAS_EPERM = -3,     /* the caller's role or organisation may not */
	TUNAS_ECONFLICT = -4, /* duplicate, or the object's state forbids it */
	TUNAS_ENOMEM = -5,
	TUNAS_ESTORE = -6, /* the database failed */
	TUNAS_EAUTH = -7,  /* not signed in, or bad credentials */
	TUNAS_ELIMIT = -8, /* a size or rate limit was exceeded */
	TUNAS_EIO = -9,
	TUNAS_ERROR = -10,
};

/* Field limits shared by every module. Buffers are sized LIMIT + 1. */
#define TUNAS_NAME_MAX 200
#define TUNAS_TEXT_MAX 2000
#define TUNAS_CODE_MAX 40
#define TUNAS_DATE_LEN 10 /* YYYY-MM-DD */
#define TUNAS_PAGE_MAX 200

typedef struct tunas_ctx tunas_ctx;

/* Roles a user account can hold. Every role but system admin is scoped to
 * one organisation. */
typedef enum {
	TUNAS_ROLE_NONE = 0,
	TUNAS_ROLE_SYSADMIN,
	TUNAS_ROLE_PROGRAMME_OWNER,
	TUNAS_ROLE_PARTNER,
	TUNAS_ROLE_CENTRE_ADMIN,
	TUNAS_ROLE_INSTRUCTOR,
	TUNAS_ROLE_TRAINEE,
	TUNAS_ROLE_EMPLOYER,
	TUNAS_ROLE_JUDGE,
} tunas_role;

/* Who is calling. The CLI acts as the local operator (system admin with
 * user_id 0); the server sets the signed-in user. */
typedef struct {
	int64_t user_id;
	tunas_role role;
	int64_t org_id;	   /* 0 for system admin */
	int64_t person_id; /* the trainee's own person record, else 0 */
	char username[TUNAS_CODE_MAX + 1];
} tunas_principal;

/* Keyset pagination: list calls return rows with id > after_id, at most
 * limit of them (1..TUNAS_PAGE_MAX). */
typedef struct {
	int64_t after_id;
	int limit;
} tunas_page;

/*
 * Open the database at `uri` (a file path for SQLite), apply pending
 * migrations and return a new context in *out. The caller owns it and
 * frees it with tunas_close(). On failure *out is untouched and, when a
 * context could be built, errmsg describes why in `err` (may be NULL).
 */
int tunas_open(tunas_ctx **out, const char *uri, char *err, size_t errlen);
void tunas_close(tunas_ctx *ctx);

/* The calling identity for later calls on ctx; copied. */
void tunas_set_principal(tunas_ctx *ctx, const tunas_principal *who);
const tunas_principal *tunas_principal_get(const tunas_ctx *ctx);
/* A principal for the local operator (CLI). */
void tunas_principal_operator(tunas_principal *out);

/* The last error's message and field (empty string if none); borrowed,
 * valid until the next call on ctx. */
const char *tunas_errmsg(const tunas_ctx *ctx);
const char *tunas_errfield(const tunas_ctx *ctx);

/* Role names as used in the API and CLI ("centre_admin", ...). */
const char *tunas_role_name(tunas_role role);
tunas_role tunas_role_parse(const char *name);

/* Check a calendar date "YYYY-MM-DD"; true if it exists. */
bool tunas_date_is_valid(const char *s);
/* Today's date in UTC, and the current time in seconds. Tests may pin the
 * clock with tunas_set_now(); 0 restores the real clock. */
void tunas_today(char out[TUNAS_DATE_LEN + 1]);
int64_t tunas_now(void);
void tunas_set_now(int64_t t);

/*
 * Read from one consistent snapshot until tunas_snapshot_end(): the
 * following read calls share one read transaction instead of one per
 * statement, which is both consistent and much cheaper (the HTTP server
 * wraps every GET in one). A write call inside ends the snapshot first.
 */
int tunas_snapshot_begin(tunas_ctx *ctx);
void tunas_snapshot_end(tunas_ctx *ctx);

/*
 * For long-running servers: make `ctx` (a context used for nothing else)
 * hold a fresh, short read snapshot that keeps the database's locks warm
 * for the process's other contexts. Call it a few times a second from one
 * thread; tunas_close() lets it go. A no-op where the store needs none.
 */
int tunas_lock_pin(tunas_ctx *ctx);

/* Initialise the library once per process (libsodium); 0 on success. */
int tunas_global_init(void);

#endif
