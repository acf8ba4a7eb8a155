/*
 * db_pg.c — the PostgreSQL driver of db.h, over libpq.
 *
 * Statements are server-side prepared statements (PQprepare, then
 * PQexecPrepared), prepared on their first run so that the parameter
 * types can be taken from the first bindings: integers are int8, reals
 * float8, blobs bytea (sent in binary), text and NULL "unknown" so that
 * PostgreSQL infers them from where they stand (a date column, a LIKE).
 * Results come in text format and are read from the PGresult; integers
 * and booleans ('t'/'f') are parsed, bytea ("\x..." hex) is decoded.
 *
 * The SQL is SQLite's subset: ?N placeholders are rewritten to $N, and a
 * bare ? takes the next number, as SQLite numbers them.
 *
 * A connection that breaks (PostgreSQL restarted, a failover) is
 * reconnected before the next statement that runs outside a transaction;
 * the statements are prepared again on the new session. A statement that
 * fails because of the break fails, and the request with it, so nothing is
 * acknowledged that was not committed.
 */
#include "store/db.h"
#include "util/mem.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs from PostgreSQL's pg_type.dat; stable across versions. */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

typedef struct {
	db base;
	PGconn *conn;
	int64_t changes;
	unsigned next_name; /* statement names s1, s2, ... on this connection */
	unsigned session;   /* bumped on every reconnection */
	char err[512];
} pg_db;

typedef struct {
	db_stmt base;
	pg_db *db;
	char *sql;   /* with $N placeholders */
	Oid *unused; /* types at PQprepare: "text" for numbers the SQL skips */
	char name[16];
	int nparams;
	unsigned prepared_in; /* the session it is prepared in; 0: none */
	const char **values;
	int *lengths;
	int *formats;
	Oid *types;
	char **owned;  /* each parameter's own copy of its value, or NULL */
	PGresult *res; /* of the current run; NULL before the first step */
	int row, nrows;
	unsigned char *blob; /* the last decoded bytea */
	size_t blob_cap;
} pg_stmt;

static const db_ops pg_db_ops;

static pg_db *D(db *d)
{
	return (pg_db *)d;
}

static pg_stmt *S(db_stmt *st)
{
	return (pg_stmt *)st;
}

static void set_err(pg_db *d, const char *msg)
{
	size_t len;

	snprintf(d->err, sizeof(d->err), "%s", msg != NULL ? msg : "unknown error");
	/* libpq's messages end in a newline. */
	len = strlen(d->err);
	while (len > 0 && (d->err[len - 1] == '\n' || d->err[len - 1] == ' '))
		d->err[--len] = '\0';
}

/* A failed result's SQLSTATE to the driver's code; keeps its message. */
static int result_code(pg_db *d, const PGresult *res)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	set_err(d, msg != NULL ? msg : PQerrorMessage(d->conn));
	if (state == NULL)
		return DB_ERROR;
	if (strcmp(state, "23505") == 0)
		return DB_UNIQUE;
	if (strcmp(state, "23503") == 0)
		return DB_FOREIGN_KEY;
	if (strcmp(state, "P0001") == 0) /* RAISE EXCEPTION in a trigger */
		return DB_TRIGGER;
	if (strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	if (strcmp(state, "53200") == 0)
		return DB_NOMEM;
	if (strcmp(state, "54000") == 0 || strcmp(state, "22001") == 0)
		return DB_TOOBIG;
	if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
	    strcmp(state, "55P03") == 0)
		return DB_BUSY;
	return DB_ERROR;
}

/* Outside a transaction, a broken connection is made again. */
static void ensure_connected(pg_db *d)
{
	if (PQstatus(d->conn) == CONNECTION_OK)
		return;
	PQreset(d->conn);
	if (PQstatus(d->conn) == CONNECTION_OK)
		d->session++;
}

static void pg_close(db *dd)
{
	pg_db *d = D(dd);

	PQfinish(d->conn);
	tunas_free(d);
}

/* Rewrite ?N and ? to $N outside string literals, quoted names and
 * comments; *nparams gets the highest number used. */
static char *translate(const char *sql, int *nparams, unsigned char used[static 1 + 65535 / 8])
{
	size_t len = strlen(sql), j = 0;
	char *out = tunas_malloc(len * 2 + 1);
	int next = 0, top = 0;
	const char *p = sql;

	if (out == NULL)
		return NULL;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			out[j++] = *p++;
			while (*p != '\0') {
				out[j++] = *p;
				if (*p++ == q) {
					if (*p == q) { /* doubled: an escaped quote */
						out[j++] = *p++;
						continue;
					}
					break;
				}
			}
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				out[j++] = *p++;
		} else if (*p == '?') {
			long n;

			p++;
			if (isdigit((unsigned char)*p)) {
				char *end;

				n = strtol(p, &end, 10);
				p = end;
			} else {
				n = top + 1;
			}
			if (n < 1 || n > 65535) { /* not in constant SQL of ours */
				tunas_free(out);
				return NULL;
			}
			next = (int)n;
			used[next / 8] |= (unsigned char)(1u << (next % 8));
			if (next > top)
				top = next;
			j += (size_t)sprintf(out + j, "$%d", next);
		} else {
			out[j++] = *p++;
		}
	}
	out[j] = '\0';
	*nparams = top;
	return out;
}

static void pg_finalize(db_stmt *st);

static int pg_prepare(db *dd, db_stmt **out, const char *sql)
{
	pg_db *d = D(dd);
	pg_stmt *st = tunas_calloc(1, sizeof(*st));
	unsigned char used[1 + 65535 / 8] = {0};
	int n, i;

	if (st == NULL)
		return DB_NOMEM;
	st->base.ops = &pg_db_ops;
	st->db = d;
	st->row = -1;
	st->sql = translate(sql, &st->nparams, used);
	if (st->sql == NULL) {
		tunas_free(st);
		return DB_NOMEM; /* or a parameter numbered past 65535: not ours */
	}
	n = st->nparams > 0 ? st->nparams : 1;
	st->values = tunas_calloc((size_t)n, sizeof(*st->values));
	st->lengths = tunas_calloc((size_t)n, sizeof(*st->lengths));
	st->formats = tunas_calloc((size_t)n, sizeof(*st->formats));
	st->types = tunas_calloc((size_t)n, sizeof(*st->types));
	st->owned = tunas_calloc((size_t)n, sizeof(*st->owned));
	st->unused = tunas_calloc((size_t)n, sizeof(*st->unused));
	if (!st->values || !st->lengths || !st->formats || !st->types || !st->owned ||
	    !st->unused) {
		pg_finalize(&st->base);
		return DB_NOMEM;
	}
	/* SQLite lets a statement skip a number (?2.. without ?1);
	 * PostgreSQL must still be told the skipped parameter's type. */
	for (i = 1; i <= st->nparams; i++)
		if (!(used[i / 8] & (1u << (i % 8))))
			st->unused[i - 1] = OID_TEXT;
	snprintf(st->name, sizeof(st->name), "s%u", ++d->next_name);
	*out = &st->base;
	return DB_OK;
}

static int pg_exec(db *dd, const char *sql)
{
	pg_db *d = D(dd);
	PGresult *res;
	int rc = DB_OK;

	if (PQtransactionStatus(d->conn) == PQTRANS_IDLE ||
	    PQtransactionStatus(d->conn) == PQTRANS_UNKNOWN)
		ensure_connected(d);
	res = PQexec(d->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = result_code(d, res);
	PQclear(res);
	return rc;
}

static const char *pg_errmsg(db *d)
{
	return D(d)->err;
}

static int64_t pg_changes(db *d)
{
	return D(d)->changes;
}

static bool pg_in_transaction(db *dd)
{
	PGTransactionStatusType t = PQtransactionStatus(D(dd)->conn);

	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

static void clear_params(pg_stmt *st)
{
	int i;

	if (st->owned == NULL || st->values == NULL || st->lengths == NULL || st->formats == NULL ||
	    st->types == NULL)
		return; /* half-built */

	for (i = 0; i < st->nparams; i++) {
		tunas_free(st->owned[i]);
		st->owned[i] = NULL;
		st->values[i] = NULL;
		st->lengths[i] = 0;
		st->formats[i] = 0;
		st->types[i] = 0;
	}
}

static void pg_reset(db_stmt *sst)
{
	pg_stmt *st = S(sst);

	PQclear(st->res);
	st->res = NULL;
	st->row = -1;
	st->nrows = 0;
	clear_params(st);
}

static void pg_finalize(db_stmt *sst)
{
	pg_stmt *st = S(sst);

	pg_reset(sst);
	/* Prepared statements end with the session; the store keeps its
	 * statements as long as the connection, so nothing to DEALLOCATE. */
	tunas_free(st->sql);
	tunas_free(st->values);
	tunas_free(st->lengths);
	tunas_free(st->formats);
	tunas_free(st->types);
	tunas_free(st->owned);
	tunas_free(st->unused);
	tunas_free(st->blob);
	tunas_free(st);
}

static int pg_param_count(db_stmt *st)
{
	return S(st)->nparams;
}

/* Parameter i (from 1) takes its own copy of `len` bytes. */
static int put_param(pg_stmt *st, int i, const void *v, size_t len, Oid type, int format)
{
	char *copy;

	if (i < 1 || i > st->nparams) {
		set_err(st->db, "parameter index out of range");
		return DB_ERROR;
	}
	if (len > INT_MAX - 1)
		return DB_TOOBIG;
	copy = tunas_malloc(len + 1);
	if (copy == NULL)
		return DB_NOMEM;
	if (len > 0)
		memcpy(copy, v, len);
	copy[len] = '\0';
	i--;
	tunas_free(st->owned[i]);
	st->owned[i] = copy;
	st->values[i] = copy;
	st->lengths[i] = (int)len;
	st->formats[i] = format;
	st->types[i] = type;
	return DB_OK;
}

static int pg_bind_i64(db_stmt *st, int i, int64_t v)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%lld", (long long)v);

	return put_param(S(st), i, buf, (size_t)len, OID_INT8, 0);
}

static int pg_bind_double(db_stmt *st, int i, double v)
{
	char buf[40];
	int len = snprintf(buf, sizeof(buf), "%.17g", v);

	return put_param(S(st), i, buf, (size_t)len, OID_FLOAT8, 0);
}

static int pg_bind_text(db_stmt *st, int i, const char *v, size_t len)
{
	if (v == NULL)
		return st->ops->bind_null(st, i);
	return put_param(S(st), i, v, len, 0, 0);
}

static int pg_bind_blob(db_stmt *st, int i, const void *v, size_t len)
{
	return put_param(S(st), i, v, len, OID_BYTEA, 1);
}

static int pg_bind_null(db_stmt *sst, int i)
{
	pg_stmt *st = S(sst);

	if (i < 1 || i > st->nparams) {
		set_err(st->db, "parameter index out of range");
		return DB_ERROR;
	}
	i--;
	tunas_free(st->owned[i]);
	st->owned[i] = NULL;
	st->values[i] = NULL;
	st->lengths[i] = 0;
	st->formats[i] = 0;
	/* types[i] stays: a NULL does not change what the slot holds. */
	return DB_OK;
}

/* A parameter whose type PostgreSQL could not determine (42P08 when it is
 * only ever tested for NULL, 42P18 otherwise). */
static bool indeterminate(const PGresult *res)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	return state != NULL && (strcmp(state, "42P08") == 0 || strcmp(state, "42P18") == 0);
}

/* Run a one-off command; DB_OK or the error. */
static int command(pg_db *d, const char *sql)
{
	PGresult *res = PQexec(d->conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : result_code(d, res);

	PQclear(res);
	return rc;
}

/*
 * Prepare the statement on the server, with the parameter types of its
 * first bindings. "?7 IS NULL OR name >= ?7" leaves PostgreSQL unable to
 * type ?7 when it is NULL the first time (it types a parameter where it
 * first meets it, and a NULL test says nothing); such parameters are then
 * text, as SQLite would treat them. Inside a transaction the first try
 * runs under a savepoint, because a failed statement would otherwise
 * abort the caller's transaction. Once per statement and session.
 */
static int prepare_now(pg_stmt *st)
{
	pg_db *d = st->db;
	/* Not in a failed transaction: only its ROLLBACK can run there. */
	bool in_tx = PQtransactionStatus(d->conn) == PQTRANS_INTRANS;
	PGresult *res;
	int rc;

	for (int i = 0; i < st->nparams; i++)
		if (st->unused[i] != 0)
			st->types[i] = st->unused[i];
	if (in_tx && (rc = command(d, "SAVEPOINT tunas_prepare")) != DB_OK)
		return rc;
	res = PQprepare(d->conn, st->name, st->sql, st->nparams, st->types);
	if (PQresultStatus(res) != PGRES_COMMAND_OK && indeterminate(res)) {
		PQclear(res);
		if (in_tx && (rc = command(d, "ROLLBACK TO SAVEPOINT tunas_prepare")) != DB_OK)
			return rc;
		for (int i = 0; i < st->nparams; i++)
			if (st->types[i] == 0)
				st->types[i] = OID_TEXT;
		res = PQprepare(d->conn, st->name, st->sql, st->nparams, st->types);
	}
	rc = PQresultStatus(res) == PGRES_COMMAND_OK ? DB_OK : result_code(d, res);
	PQclear(res);
	if (rc == DB_OK && in_tx)
		rc = command(d, "RELEASE SAVEPOINT tunas_prepare");
	return rc;
}

static int run(pg_stmt *st)
{
	pg_db *d = st->db;
	PGresult *res;
	ExecStatusType status;

	if (!pg_in_transaction(&d->base))
		ensure_connected(d);
	if (st->prepared_in != d->session || d->session == 0) {
		int rc = prepare_now(st);

		if (rc != DB_OK)
			return rc;
		st->prepared_in = d->session;
	}
	res = PQexecPrepared(d->conn, st->name, st->nparams, st->values, st->lengths, st->formats,
			     0);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		int rc = result_code(d, res);

		PQclear(res);
		return rc;
	}
	d->changes = strtoll(PQcmdTuples(res), NULL, 10);
	st->res = res;
	st->nrows = status == PGRES_TUPLES_OK ? PQntuples(res) : 0;
	st->row = -1;
	return DB_OK;
}

static int pg_step(db_stmt *sst)
{
	pg_stmt *st = S(sst);
	int rc;

	if (st->res == NULL && (rc = run(st)) != DB_OK)
		return rc;
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

static bool has_value(pg_stmt *st, int col)
{
	return st->res != NULL && st->row >= 0 && st->row < st->nrows && col >= 0 &&
	       col < PQnfields(st->res) && !PQgetisnull(st->res, st->row, col);
}

static int pg_col_count(db_stmt *st)
{
	return S(st)->res != NULL ? PQnfields(S(st)->res) : 0;
}

static const char *pg_col_name(db_stmt *st, int col)
{
	return S(st)->res != NULL ? PQfname(S(st)->res, col) : NULL;
}

static db_type pg_col_type(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);

	if (!has_value(st, col))
		return DB_NULL;
	switch (PQftype(st->res, col)) {
	case OID_BOOL:
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return DB_INTEGER;
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return DB_FLOAT;
	case OID_BYTEA:
		return DB_BLOB;
	default:
		return DB_TEXT;
	}
}

static int64_t pg_col_i64(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);
	const char *v;

	if (!has_value(st, col))
		return 0;
	v = PQgetvalue(st->res, st->row, col);
	if (PQftype(st->res, col) == OID_BOOL)
		return v[0] == 't';
	switch (PQftype(st->res, col)) {
	case OID_FLOAT4:
	case OID_FLOAT8:
	case OID_NUMERIC:
		return (int64_t)strtod(v, NULL);
	default:
		return strtoll(v, NULL, 10);
	}
}

static double pg_col_double(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);

	if (!has_value(st, col))
		return 0;
	if (PQftype(st->res, col) == OID_BOOL)
		return PQgetvalue(st->res, st->row, col)[0] == 't';
	return strtod(PQgetvalue(st->res, st->row, col), NULL);
}

static const unsigned char *pg_col_text(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);

	if (!has_value(st, col))
		return NULL;
	return (const unsigned char *)PQgetvalue(st->res, st->row, col);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* bytea in text format is "\x" and two hex digits a byte (bytea_output
 * = hex, PostgreSQL's default since 9.0). */
static const void *pg_col_blob(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);
	const char *v;
	size_t len, n, i;

	if (!has_value(st, col))
		return NULL;
	v = PQgetvalue(st->res, st->row, col);
	len = (size_t)PQgetlength(st->res, st->row, col);
	if (PQftype(st->res, col) != OID_BYTEA || len < 2 || v[0] != '\\' || v[1] != 'x')
		return v; /* not bytea: its text is its bytes */
	n = (len - 2) / 2;
	if (n + 1 > st->blob_cap) {
		unsigned char *grown = tunas_reallocarray(st->blob, n + 1, 1);

		if (grown == NULL)
			return NULL;
		st->blob = grown;
		st->blob_cap = n + 1;
	}
	for (i = 0; i < n; i++) {
		int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);

		if (hi < 0 || lo < 0)
			return NULL;
		st->blob[i] = (unsigned char)(hi << 4 | lo);
	}
	return st->blob;
}

static int pg_col_bytes(db_stmt *sst, int col)
{
	pg_stmt *st = S(sst);
	int len;

	if (!has_value(st, col))
		return 0;
	len = PQgetlength(st->res, st->row, col);
	if (PQftype(st->res, col) == OID_BYTEA && len >= 2)
		return (len - 2) / 2;
	return len;
}

static const db_ops pg_db_ops = {
	.close = pg_close,
	.prepare = pg_prepare,
	.exec = pg_exec,
	.errmsg = pg_errmsg,
	.changes = pg_changes,
	.in_transaction = pg_in_transaction,
	.finalize = pg_finalize,
	.param_count = pg_param_count,
	.bind_i64 = pg_bind_i64,
	.bind_double = pg_bind_double,
	.bind_text = pg_bind_text,
	.bind_blob = pg_bind_blob,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.reset = pg_reset,
	.col_count = pg_col_count,
	.col_name = pg_col_name,
	.col_type = pg_col_type,
	.col_i64 = pg_col_i64,
	.col_double = pg_col_double,
	.col_text = pg_col_text,
	.col_blob = pg_col_blob,
	.col_bytes = pg_col_bytes,
};

/* Notices (e.g. "relation already exists, skipping") are not errors and
 * must not reach the server's stderr. */
static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int db_pg_open(db **out, const char *conninfo, char *err, size_t errlen)
{
	pg_db *d;
	int rc = DB_OK;

	err[0] = '\0';
	d = tunas_calloc(1, sizeof(*d));
	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return DB_NOMEM;
	}
	d->base.ops = &pg_db_ops;
	d->base.dialect = DB_POSTGRES;
	d->conn = PQconnectdb(conninfo);
	if (d->conn == NULL || PQstatus(d->conn) != CONNECTION_OK) {
		/* libpq's message names the host and the reason, never the
		 * password. */
		set_err(d, d->conn ? PQerrorMessage(d->conn) : "out of memory");
		snprintf(err, errlen, "cannot connect to PostgreSQL: %s", d->err);
		rc = DB_ERROR;
		goto out;
	}
	PQsetNoticeProcessor(d->conn, ignore_notice, NULL);
	d->session = 1;
	/* Dates are text and times unix seconds, so the session's time zone
	 * and date style do not matter; the encoding does. */
	if (PQsetClientEncoding(d->conn, "UTF8") != 0) {
		set_err(d, PQerrorMessage(d->conn));
		snprintf(err, errlen, "PostgreSQL: %s", d->err);
		rc = DB_ERROR;
		goto out;
	}
	*out = &d->base;
	d = NULL;
out:
	if (d != NULL)
		pg_close(&d->base);
	return rc;
}
