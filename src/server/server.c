/*
 * server.c — the libmicrohttpd daemon; see server.h.
 */
#include "server/server.h"
#include "tunas/cert.h"
#include "tunas/skills.h"
#include "util/spin.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "server/http.h"
#include "server/ratelimit.h"
#include "server/routes.h"
#include "server/static.h"
#include "tunas/auth.h"
#include "util/mem.h"

#define COOKIE_NAME "tunas_session"

typedef struct {
	const tunas_server_config *cfg;
	pthread_key_t ctx_key;
	tunas_ratelimit *limit;
	tunas_ratelimit *login_limit;	/* sign-in attempts per client address, stricter */
	tunas_ratelimit *checkin_limit; /* check-in code attempts per account */
} server_state;

/* What one connection's request accumulates between MHD callbacks. */
typedef struct {
	char *body;
	size_t len, cap;
	bool too_big;
	bool limited;  /* refused by the rate limit before its body was read */
	bool too_busy; /* the server holds too many request bodies already */
	struct timespec started;
} pending;

/*
 * Request bodies held in memory at once, over all connections: each may be
 * up to 1 MiB, so without a budget many slow uploads could take all memory.
 * Past it, new bodies are drained unread and answered 503.
 */
#define BODY_BUDGET (64u * 1024 * 1024)
static _Atomic size_t body_bytes;

static void close_ctx(void *p)
{
	tunas_close(p);
}

/* This thread's library context, opened on first use. */
static tunas_ctx *thread_ctx(server_state *st)
{
	tunas_ctx *ctx = pthread_getspecific(st->ctx_key);
	char err[256];

	if (ctx != NULL)
		return ctx;
	if (tunas_open(&ctx, st->cfg->db, err, sizeof(err)) != 0) {
		fprintf(stderr, "tunas: cannot open the database: %s\n", err);
		return NULL;
	}
	if (tunas_cert_configure(ctx, st->cfg->key_dir, st->cfg->base_url) != 0) {
		fprintf(stderr, "tunas: %s: %s\n", tunas_errfield(ctx), tunas_errmsg(ctx));
		tunas_close(ctx);
		return NULL;
	}
	pthread_setspecific(st->ctx_key, ctx);
	return ctx;
}

static void add_security_headers(struct MHD_Response *resp, const char *content_type)
{
	MHD_add_response_header(resp, "Content-Type", content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (strncmp(content_type, "text/html", 9) == 0) {
		/* Scripts, styles and API calls from this origin only, and only
		 * from files: no inline script or style, no eval (docs/WEB.md). */
		MHD_add_response_header(
			resp, "Content-Security-Policy",
			"default-src 'self'; object-src 'none'; frame-ancestors 'none'; "
			"base-uri 'none'; form-action 'self'");
	} else {
		MHD_add_response_header(resp, "Content-Security-Policy",
					"default-src 'none'; frame-ancestors 'none'");
	}
	/* The interface's files set their own (static.c); nothing else is
	 * cached. */
	if (MHD_get_response_header(resp, "Cache-Control") == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

static enum MHD_Result send_req(struct MHD_Connection *conn, tunas_req *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(r->out_len, r->out, MHD_RESPMEM_MUST_FREE);
	if (resp == NULL) {
		free(r->out);
		r->out = NULL;
		return MHD_NO;
	}
	r->out = NULL; /* MHD frees it now */
	add_security_headers(resp, r->content_type ? r->content_type : "application/json");
	if (r->set_cookie[0])
		MHD_add_response_header(resp, "Set-Cookie", r->set_cookie);
	if (r->status == 405 && r->allow[0])
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->status == 401)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"tunas\"");
	if (r->status == 429)
		MHD_add_response_header(resp, "Retry-After", "1");
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The client's address bytes, as the rate-limit key. */
static size_t client_key(struct MHD_Connection *conn, unsigned char *key, size_t cap)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET && cap >= 4) {
		memcpy(key, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 4;
	}
	if (sa->sa_family == AF_INET6 && cap >= 16) {
		memcpy(key, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
		return 16;
	}
	return 0;
}

/* The token from "Authorization: Bearer ..." or the session cookie. */
static const char *find_token(struct MHD_Connection *conn, bool *via_cookie)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

	*via_cookie = false;
	if (h != NULL) {
		if (strncmp(h, "Bearer ", 7) == 0)
			return h + 7;
		return h; /* malformed: fails to resolve, gives 401 */
	}
	h = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE_NAME);
	if (h != NULL)
		*via_cookie = true;
	return h;
}

/*
 * The access log is buffered: one write per request costs a tenth of a
 * small request's time. Each worker thread appends to its own buffer (so
 * workers never wait for each other); a buffer goes out when it fills and
 * at least every half second (the main thread flushes them all), like
 * nginx's buffered logs. A crash can lose at most that half second of log
 * lines, never data. Lines of different threads may interleave out of
 * order between flushes.
 */
#define LOG_BUF 16384
#define LOG_SLOTS 64

typedef struct {
	tunas_spin lock;
	size_t len;
	char buf[LOG_BUF];
} log_slot;

static log_slot log_slots[LOG_SLOTS];
static _Atomic unsigned log_slots_used;
static _Thread_local log_slot *my_log;

static void log_write(const char *buf, size_t len)
{
	size_t off = 0;

	while (off < len) {
		ssize_t n = write(STDERR_FILENO, buf + off, len - off);

		if (n <= 0)
			break; /* the log is best effort: never block requests */
		off += (size_t)n;
	}
}

/* Take a slot's lines out under its lock, write them outside it. */
static void log_flush_slot(log_slot *l)
{
	char out[LOG_BUF];
	size_t len;

	tunas_spin_lock(&l->lock);
	len = l->len;
	memcpy(out, l->buf, len);
	l->len = 0;
	tunas_spin_unlock(&l->lock);
	log_write(out, len);
}

static void log_flush(void)
{
	unsigned used = atomic_load(&log_slots_used);

	for (unsigned i = 0; i < used && i < LOG_SLOTS; i++)
		log_flush_slot(&log_slots[i]);
}

/* Append one line to this thread's buffer (more threads than slots share). */
static void log_append(const char *line, size_t n)
{
	log_slot *l = my_log;

	if (l == NULL) {
		l = &log_slots[atomic_fetch_add(&log_slots_used, 1) % LOG_SLOTS];
		my_log = l;
	}
	for (;;) {
		tunas_spin_lock(&l->lock);
		if (l->len + n <= LOG_BUF) {
			memcpy(l->buf + l->len, line, n);
			l->len += n;
			tunas_spin_unlock(&l->lock);
			return;
		}
		tunas_spin_unlock(&l->lock);
		log_flush_slot(l);
	}
}

/*
 * The path as it may be logged: only characters of our own routes survive
 * (anything else, including decoded control characters that could forge a
 * log line, becomes '?'), and a run of ten or more digits, which no id of
 * ours reaches but a MyKad or NIK does, becomes '#'.
 */
static void log_path(char *out, size_t cap, const char *path)
{
	size_t o = 0;

	for (size_t i = 0; path[i] != '\0' && o + 1 < cap && i < 200; i++) {
		char c = path[i];

		if (c >= '0' && c <= '9') {
			size_t run = strspn(path + i, "0123456789");

			if (run >= 10) {
				out[o++] = '#';
				i += run - 1;
				continue;
			}
			out[o++] = c;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' ||
			   c == '_' || c == '-' || c == '.') {
			out[o++] = c;
		} else {
			out[o++] = '?';
		}
	}
	out[o] = '\0';
}

static void log_access(const tunas_req *r, const pending *p)
{
	struct timespec end;
	char line[512], path[256];
	long long us;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &end);
	us = (long long)(end.tv_sec - p->started.tv_sec) * 1000000 +
	     (end.tv_nsec - p->started.tv_nsec) / 1000;
	/* The path holds only numeric ids; the query string is never
	 * logged, and neither are bodies or tokens. Milliseconds with two
	 * decimals, in integers (floating-point formatting costs more). */
	log_path(path, sizeof(path), r->path);
	n = snprintf(line, sizeof(line), "%s %s %u %lld.%02lldms user=%lld\n", r->method, path,
		     r->status, us / 1000, us % 1000 / 10,
		     (long long)tunas_principal_get(r->ctx)->user_id);
	if (n <= 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	log_append(line, (size_t)n);
}

/* Does `path` end with `tail`, or with `tail` and a slash? */
static bool ends_with(const char *path, const char *tail)
{
	size_t n = strlen(path), t = strlen(tail);

	if (n > 0 && path[n - 1] == '/')
		n--;
	return n >= t && strncmp(path + n - t, tail, t) == 0;
}

/* Sign-in, which takes a password someone might guess. The router takes
 * the path with or without a trailing slash, and so must this check. */
static bool is_login(const char *url)
{
	return strncmp(url, "/api/v1/auth/login", 18) == 0 &&
	       (url[18] == '\0' || strcmp(url + 18, "/") == 0);
}

/* A session's check-in (/api/v1/sessions/{id}/checkin), which takes a
 * code someone might guess; its caller is signed in, so it is limited per
 * account, not per address (a campus shares one). */
static bool is_checkin(const char *url)
{
	return strncmp(url, "/api/v1/sessions/", 17) == 0 && ends_with(url, "/checkin");
}

/* A GET or HEAD of one of the browser interface's files (static.h), which
 * needs no sign-in; true when answered (into *ret). */
static bool serve_static(server_state *st, struct MHD_Connection *conn, tunas_req *r,
			 const pending *p, enum MHD_Result *ret)
{
	struct MHD_Response *resp;
	const char *type;
	unsigned status;

	if (st->cfg->web_dir == NULL ||
	    (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) ||
	    tunas_static_respond(
		    &resp, &status, &type, st->cfg->web_dir, r->path,
		    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match")) != 0)
		return false;
	add_security_headers(resp, type);
	r->status = status;
	if (st->cfg->access_log)
		log_access(r, p);
	*ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return true;
}

/* The public credential check reads whole documents: a credential is a
 * few kilobytes, so bodies past this are refused before they are parsed. */
#define VERIFY_BODY_MAX (64 * 1024)

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	server_state *st = cls;
	pending *p = *con_cls;
	unsigned char key[16];
	size_t keylen;
	tunas_req r;
	enum MHD_Result ret;
	bool authed = false;

	(void)version;
	if (p == NULL) {
		const char *cl;

		p = tunas_calloc(1, sizeof(*p));
		if (p == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &p->started);
		cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
		if (cl != NULL && strtoull(cl, NULL, 10) > TUNAS_BODY_MAX)
			p->too_big = true;
		/* The rate limit applies before a body is buffered, so that a
		 * client over its limit cannot make the server hold its data. */
		keylen = client_key(conn, key, sizeof(key));
		p->limited = !tunas_ratelimit_take(st->limit, thread_ctx(st), key, keylen);
		*con_cls = p;
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (p->limited || p->too_busy)
			return MHD_YES; /* drain unread */
		if (p->too_big || p->len + n > TUNAS_BODY_MAX) {
			p->too_big = true;
			return MHD_YES; /* drain; answer 413 at the end */
		}
		if (p->len + n + 1 > p->cap) {
			size_t ncap = p->cap ? p->cap : 4096;
			char *nb;

			while (ncap < p->len + n + 1)
				ncap *= 2;
			if (atomic_fetch_add(&body_bytes, ncap - p->cap) + (ncap - p->cap) >
			    BODY_BUDGET) {
				atomic_fetch_sub(&body_bytes, ncap - p->cap);
				p->too_busy = true;
				return MHD_YES;
			}
			nb = tunas_reallocarray(p->body, ncap, 1);
			if (nb == NULL) {
				atomic_fetch_sub(&body_bytes, ncap - p->cap);
				return MHD_NO;
			}
			p->body = nb;
			p->cap = ncap;
		}
		memcpy(p->body + p->len, upload_data, n);
		p->len += n;
		p->body[p->len] = '\0';
		return MHD_YES;
	}

	memset(&r, 0, sizeof(r));
	r.conn = conn;
	r.method = method;
	r.path = url;
	r.ctx = thread_ctx(st);
	r.secure_cookies = st->cfg->secure_cookies;
	if (r.ctx == NULL) {
		r.content_type = "application/problem+json";
		r.out = tunas_strdup("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
				     "\"status\":503,\"detail\":\"database unavailable\"}");
		r.out_len = r.out ? strlen(r.out) : 0;
		r.status = 503;
		return send_req(conn, &r);
	}
	tunas_set_principal(r.ctx, NULL);
	keylen = client_key(conn, key, sizeof(key));
	if (p->limited) {
		http_problem(&r, 429, NULL, "too many requests; slow down");
		goto respond;
	}
	if (p->too_busy) {
		http_problem(&r, 503, NULL, "the server is busy; try again shortly");
		goto respond;
	}
	if (p->len == 0 && !p->too_big && serve_static(st, conn, &r, p, &ret))
		return ret;
	/* Password guessing is slowed by Argon2id and, per client, here. */
	if (is_login(url) && !tunas_ratelimit_take(st->login_limit, r.ctx, key, keylen)) {
		http_problem(&r, 429, NULL, "too many sign-in attempts; wait a minute");
		goto respond;
	}
	if (p->len > VERIFY_BODY_MAX && strncmp(url, "/api/v1/verify", 14) == 0) {
		http_problem(&r, 413, "body", "a credential is at most %d bytes", VERIFY_BODY_MAX);
		goto respond;
	}
	if (p->too_big) {
		http_problem(&r, 413, "body", "the body is larger than %d bytes", TUNAS_BODY_MAX);
		goto respond;
	}
	if (p->len > 0) {
		const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		json_error_t jerr;

		/* JSON, or a credential in its own media type (W3C VC 2.0). */
		if (ct == NULL || (strncmp(ct, "application/json", 16) != 0 &&
				   strncmp(ct, "application/vc+ld+json", 22) != 0)) {
			http_problem(&r, 415, "Content-Type", "send the body as application/json");
			goto respond;
		}
		if (!http_json_depth_ok(p->body, p->len, TUNAS_JSON_DEPTH_MAX)) {
			http_problem(&r, 400, "body", "JSON nested deeper than %d levels",
				     TUNAS_JSON_DEPTH_MAX);
			goto respond;
		}
		r.body = json_loadb(p->body, p->len, JSON_REJECT_DUPLICATES, &jerr);
		if (r.body == NULL) {
			http_problem(&r, 400, "body", "not valid JSON: %s at line %d column %d",
				     jerr.text, jerr.line, jerr.column);
			goto respond;
		}
	}
	r.token = find_token(conn, &r.via_cookie);
	if (r.token != NULL) {
		tunas_principal who;

		if (tunas_auth_resolve(r.ctx, &who, r.token) == 0) {
			/* A cookie alone must not be enough to change data from
			 * another site: writes also need a header no cross-site
			 * form can set (SameSite=Strict backs this up). */
			if (r.via_cookie && strcmp(method, "GET") != 0 &&
			    strcmp(method, "HEAD") != 0 &&
			    MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							"X-Requested-With") == NULL) {
				http_problem(&r, 403, "X-Requested-With",
					     "cookie-authenticated writes need the "
					     "X-Requested-With header");
				goto respond;
			}
			tunas_set_principal(r.ctx, &who);
			authed = true;
			if (is_checkin(url) &&
			    !tunas_ratelimit_take(st->checkin_limit, r.ctx, &who.user_id,
						  sizeof(who.user_id))) {
				http_problem(&r, 429, NULL,
					     "too many check-in attempts; wait a minute");
				goto respond;
			}
		}
	}
	tunas_route(&r, authed);
respond:
	tunas_snapshot_end(r.ctx);
	if (r.status == 0)
		http_problem(&r, 500, NULL, "no response");
	if (st->cfg->access_log)
		log_access(&r, p);
	json_decref(r.body);
	tunas_set_principal(r.ctx, NULL);
	ret = send_req(conn, &r);
	free(r.out);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	pending *p = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (p != NULL) {
		atomic_fetch_sub(&body_bytes, p->cap);
		tunas_free(p->body);
		tunas_free(p);
		*con_cls = NULL;
	}
}

/* libmicrohttpd's messages; its format strings are its own. */
__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("tunas: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* A database made before certificates existed (or restored without its
 * key) gets its first issuer key here, as `tunas init` would make it. The
 * server runs without one if that fails; issuing then says why. */
static void ensure_issuer_key(tunas_ctx *ctx)
{
	tunas_principal op;
	bool made = false;

	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	if (tunas_issuer_key_ensure(ctx, &made) != 0)
		fprintf(stderr, "tunas: no issuer key, certificates cannot be issued: %s\n",
			tunas_errmsg(ctx));
	else if (made)
		fprintf(stderr, "tunas: made the issuer key that signs certificates\n");
	tunas_set_principal(ctx, NULL);
}

/* Build the matching index before taking requests, so that the first
 * matching or gap query does not wait for it (a national database takes
 * tens of seconds). */
static void warm_skills_index(tunas_ctx *ctx)
{
	tunas_skills_index_stats s;
	tunas_principal op;

	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	if (tunas_skills_index_warm(ctx, &s) != 0)
		fprintf(stderr, "tunas: the matching index could not be built: %s\n",
			tunas_errmsg(ctx));
	else if (s.people > 100000)
		fprintf(stderr,
			"tunas: matching index: %lld people, %lld vacancies, %lld MiB, built in "
			"%.1f s\n",
			(long long)s.people, (long long)s.vacancies, (long long)(s.bytes >> 20),
			s.build_seconds);
	tunas_set_principal(ctx, NULL);
}

/* Keeps the matching index fresh off the request path: requests on a
 * large database use the index they find while this thread rebuilds it
 * after changes (skills.h). Its own context; checks every few seconds. */
typedef struct {
	const char *db;
	atomic_bool stop;
} index_refresher;

static void *refresh_main(void *arg)
{
	index_refresher *rf = arg;
	tunas_skills_index_stats s;
	tunas_principal op;
	tunas_ctx *ctx = NULL;
	char err[256];

	if (tunas_open(&ctx, rf->db, err, sizeof(err)) != 0)
		return NULL;
	tunas_principal_operator(&op);
	tunas_set_principal(ctx, &op);
	for (unsigned round = 1; !atomic_load(&rf->stop); round++) {
		struct timespec tenth = {0, 100 * 1000 * 1000};

		for (int i = 0; i < 30 && !atomic_load(&rf->stop); i++)
			nanosleep(&tenth, NULL);
		if (atomic_load(&rf->stop))
			break;
		tunas_skills_index_warm(ctx, &s);
		/* Shared rate-limit buckets idle for an hour are full again:
		 * forget them (every few minutes; any server may). */
		if (tunas_store_is_shared(ctx) && round % 100 == 0)
			tunas_rate_purge(ctx, 3600);
	}
	tunas_close(ctx);
	return NULL;
}

int tunas_server_run(const tunas_server_config *cfg)
{
	server_state st;
	struct MHD_Daemon *d = NULL;
	struct sockaddr_in addr;
	const union MHD_DaemonInfo *info;
	unsigned threads = cfg->threads;
	tunas_ctx *pin = NULL;
	index_refresher refresher;
	pthread_t refresher_thread;
	bool refresher_started = false;
	char err[256];
	sigset_t stop_set;
	int rc = 1, sig;

	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	/* Open once up front: migrations run here, and a bad path fails now
	 * rather than on the first request. The main thread keeps this
	 * context as its lock pin (see the loop below). */
	if (tunas_open(&pin, cfg->db, err, sizeof(err)) != 0) {
		fprintf(stderr, "tunas: cannot open the database: %s\n", err);
		return 1;
	}
	if (tunas_cert_configure(pin, cfg->key_dir, cfg->base_url) != 0) {
		fprintf(stderr, "tunas: %s: %s\n", tunas_errfield(pin), tunas_errmsg(pin));
		tunas_close(pin);
		return 1;
	}
	if (pthread_key_create(&st.ctx_key, close_ctx) != 0) {
		tunas_close(pin);
		return 1;
	}
	ensure_issuer_key(pin);
	warm_skills_index(pin);
	st.limit = tunas_ratelimit_new("request", cfg->rate, cfg->burst);
	st.login_limit = tunas_ratelimit_new("login", cfg->login_rate, cfg->login_burst);
	/* Ten check-in attempts a minute per account after a burst of ten:
	 * plenty for a typo, about 150 guesses in a 15-minute code's life. */
	st.checkin_limit = tunas_ratelimit_new("checkin", 10.0 / 60.0, 10);
	if (st.limit == NULL || st.login_limit == NULL || st.checkin_limit == NULL)
		goto out;
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons(cfg->port);
	if (inet_pton(AF_INET, cfg->address, &addr.sin_addr) != 1) {
		fprintf(stderr, "tunas: --address %s is not an IPv4 address\n", cfg->address);
		goto out;
	}
	if (threads == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = n > 0 ? (unsigned)n : 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* Block the stop signals before MHD starts its threads (they inherit
	 * the mask), then wait for them here in the main thread. */
	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
	/* clang-format off */
	d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO | MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, &st,
		/* first, so that it sees every message */
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_END);
	/* clang-format on */
	if (d == NULL) {
		fprintf(stderr, "tunas: cannot listen on %s:%u\n", cfg->address, cfg->port);
		goto out;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (cfg->port_file != NULL) {
		FILE *f = fopen(cfg->port_file, "w");

		if (f != NULL) {
			fprintf(f, "%u\n", info ? info->port : cfg->port);
			fclose(f);
		}
	}
	refresher.db = cfg->db;
	atomic_init(&refresher.stop, false);
	refresher_started = pthread_create(&refresher_thread, NULL, refresh_main, &refresher) == 0;
	printf("Tunas is running at http://%s:%u/\n", cfg->address, info ? info->port : cfg->port);
	fflush(stdout);
	/* The main thread keeps the database's locks warm for the workers
	 * (see tunas_lock_pin) and flushes the access log every half second. */
	for (unsigned tick = 1;; tick++) {
		struct timespec tenth = {0, 100 * 1000 * 1000};

		tunas_lock_pin(pin);
		sig = sigtimedwait(&stop_set, NULL, &tenth);
		if (tick % 5 == 0 || sig > 0)
			log_flush();
		if (sig == SIGINT || sig == SIGTERM)
			break;
	}
	rc = 0;
out:
	if (refresher_started) {
		atomic_store(&refresher.stop, true);
		pthread_join(refresher_thread, NULL);
	}
	if (d != NULL)
		MHD_stop_daemon(d);
	log_flush();
	tunas_close(pin);
	tunas_ratelimit_free(st.limit);
	tunas_ratelimit_free(st.login_limit);
	tunas_ratelimit_free(st.checkin_limit);
	pthread_key_delete(st.ctx_key);
	return rc;
}
