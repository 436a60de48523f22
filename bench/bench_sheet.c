/* bench_sheet - timing the confirmation sheets.
 *
 *   bench_sheet render [-n N] [-t TEMPLATES] RECORD.json...
 *       load the sheets once, render every record N times; prints the load
 *       time, per-sheet milliseconds (mean and best), PDF bytes, and the
 *       process's peak RSS.
 *   bench_sheet exec COMMAND [ARG...]
 *       run a command once; prints its wall time and peak RSS (the
 *       LibreOffice side of bench/bench_sheet.sh).
 */
#include "core/alloc.h"
#include "sheet/sheet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmd_exec(char **argv)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	double ms = now_ms() - t0;
	printf("wall_ms=%.1f maxrss_kb=%ld status=%d\n", ms, ru.ru_maxrss,
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}

static int cmd_render(int argc, char **argv)
{
	int n = 20;
	const char *templates = NULL;
	int i = 0;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = (int)strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc)
			templates = argv[++i];
		else
			break;
	}
	if (i == argc || n < 1) {
		fprintf(stderr, "usage: bench_sheet render [-n N] [-t TEMPLATES] RECORD.json...\n");
		return 64;
	}
	gf_error err;
	gf_error_clear(&err);
	gf_sheets *s;
	double t0 = now_ms();
	if (gf_sheets_load(&s, templates, NULL, &err)) {
		fprintf(stderr, "load: %s\n", err.msg);
		return 1;
	}
	printf("load_ms=%.2f\n", now_ms() - t0);
	double total = 0;
	long sheets = 0;
	for (; i < argc; i++) {
		json_error_t je;
		json_t *rec = json_load_file(argv[i], 0, &je);
		if (!rec) {
			fprintf(stderr, "%s: %s\n", argv[i], je.text);
			return 1;
		}
		double best = 1e9, sum = 0, first = 0;
		size_t bytes = 0;
		for (int k = 0; k < n; k++) {
			gf_sheet_result r;
			double a = now_ms();
			if (gf_sheet_render(s, rec, NULL, &r, &err)) {
				fprintf(stderr, "%s: %s\n", argv[i], err.msg);
				return 1;
			}
			double ms = now_ms() - a;
			if (k == 0)
				first = ms;
			sum += ms;
			if (ms < best)
				best = ms;
			bytes = r.pdf_len;
			gf_sheet_result_free(&r);
		}
		total += sum;
		sheets += n;
		printf("%s: first_ms=%.2f mean_ms=%.2f best_ms=%.2f bytes=%zu\n", argv[i], first, sum / n,
		       best, bytes);
		json_decref(rec);
	}
	gf_sheets_free(s);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("sheets=%ld mean_ms=%.2f maxrss_kb=%ld\n", sheets, total / (double)sheets, ru.ru_maxrss);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "exec") == 0)
		return cmd_exec(argv + 2);
	if (argc >= 3 && strcmp(argv[1], "render") == 0)
		return cmd_render(argc - 2, argv + 2);
	fprintf(stderr, "usage: bench_sheet render [-n N] RECORD.json... | bench_sheet exec CMD...\n");
	return 64;
}
