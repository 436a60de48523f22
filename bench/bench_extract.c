/* bench_extract: the intake pipeline in process, per form and per MB.
 *
 *   bench_extract [-n ROUNDS] FILE...
 *
 * Loads the engine once (as the CLI and the service do), then reads every
 * FILE ROUNDS times and prints, per file, the mean time per form, MB/s and
 * the process's peak RSS. Figures only; no pass or fail.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "form/intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	int rounds = 200, first = 1;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		rounds = (int)strtol(argv[2], NULL, 10);
		first = 3;
	}
	if (first >= argc || rounds < 1) {
		fprintf(stderr, "usage: bench_extract [-n ROUNDS] FILE...\n");
		return 64;
	}
	double t0 = now();
	gf_engine *e = NULL;
	gf_error err = {0};
	if (gf_engine_load(&e, NULL, &err)) {
		fprintf(stderr, "bench_extract: %s\n", err.msg);
		return 2;
	}
	printf("engine load: %.2f ms, peak RSS %.1f MiB\n", (now() - t0) * 1e3, peak_kb() / 1024.0);
	gf_engine_preload(e, &err); /* many forms in one process, as a service */
	printf("%-44s %9s %9s %9s %s\n", "file", "KB", "ms/form", "MB/s", "valid");
	double total_t = 0, total_bytes = 0;
	int forms = 0;
	for (int i = first; i < argc; i++) {
		char *data;
		size_t len;
		gf_error fe = {0};
		if (gf_file_read(&data, &len, argv[i], 64u << 20, &fe)) {
			fprintf(stderr, "%s\n", fe.msg);
			continue;
		}
		json_t *rec = NULL;
		double t = now();
		for (int r = 0; r < rounds; r++) {
			json_decref(rec);
			rec = NULL;
			gf_intake(e, data, len, NULL, &rec, &err);
		}
		double dt = (now() - t) / rounds;
		const char *name = strrchr(argv[i], '/');
		printf("%-44s %9.1f %9.3f %9.1f %s\n", name ? name + 1 : argv[i], len / 1024.0, dt * 1e3,
		       len / dt / 1e6, json_is_true(json_object_get(rec, "valid")) ? "yes" : "no");
		total_t += dt;
		total_bytes += (double)len;
		forms++;
		json_decref(rec);
		gf_free(data);
	}
	if (forms)
		printf("mean %.3f ms per form, %.1f MB/s; peak RSS %.1f MiB\n", total_t / forms * 1e3,
		       total_bytes / total_t / 1e6, peak_kb() / 1024.0);
	gf_engine_free(e);
	return 0;
}
