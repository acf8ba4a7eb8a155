/*
 * server.h — the HTTP front-end: `tunas serve`.
 *
 * A libmicrohttpd daemon (epoll, a thread pool with one libtunas context per
 * thread) that maps /api/v1 requests onto library calls, authenticates them
 * by bearer token or session cookie, limits body size and request rate, and
 * writes an access log without personal data.
 */
#ifndef TUNAS_SERVER_SERVER_H
#define TUNAS_SERVER_SERVER_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	const char *db;	     /* database URI */
	const char *address; /* "127.0.0.1" */
	uint16_t port;	     /* 0: pick a free port */
	unsigned threads;    /* 0: one per core */
	double rate;	     /* requests/s per client; 0: no limit */
	double burst;
	double login_rate; /* sign-in attempts/s per client; 0: no limit */
	double login_burst;
	bool secure_cookies; /* set Secure on cookies (behind TLS) */
	bool access_log;
	const char *port_file; /* if set, the bound port is written here */
	const char *key_dir;   /* issuer keys; NULL: beside the database */
	const char *base_url;  /* where credentials point; NULL: the default */
	const char *web_dir;   /* the browser interface's files (static.h); NULL: none */
} tunas_server_config;

/* Run until SIGINT or SIGTERM. Returns 0 on a clean stop, else prints why
 * and returns 1. */
int tunas_server_run(const tunas_server_config *cfg);

#endif
