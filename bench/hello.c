/*
 * hello.c — the baseline for the HTTP benchmark: a libmicrohttpd server
 * configured exactly like `tunas serve` (epoll, one thread per core) that
 * answers every request with a fixed small JSON body. The person-read
 * benchmark is reported as a ratio to this, measured in the same run.
 *   bench_hello PORT [THREADS]
 */
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char body[] = "{\"hello\":\"world\"}";

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls, (void)url, (void)method, (void)version, (void)upload_data;
	(void)upload_data_size;
	if (*con_cls == NULL) {
		*con_cls = conn;
		return MHD_YES;
	}
	resp = MHD_create_response_from_buffer(sizeof(body) - 1, (void *)body,
					       MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	ret = MHD_queue_response(conn, 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned port = argc > 1 ? (unsigned)atoi(argv[1]) : 18081;
	unsigned threads =
		argc > 2 ? (unsigned)atoi(argv[2]) : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	struct MHD_Daemon *d;
	sigset_t set;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO,
			     (uint16_t)port, NULL, NULL, on_request, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT,
			     (unsigned)4096, MHD_OPTION_END);
	if (d == NULL) {
		fprintf(stderr, "bench_hello: cannot listen on %u\n", port);
		return 1;
	}
	printf("listening on %u\n", port);
	fflush(stdout);
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
