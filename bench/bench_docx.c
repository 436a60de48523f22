/* bench_docx - time gf_docx_read on DOCX files.
 *
 *   bench_docx [-n REPEAT] FILE...   per file: best ms of REPEAT reads, MB/s
 *                                    of package and of word/document.xml
 *                                    bytes, peak RSS of a fresh process
 *   bench_docx --grid FILE           print the grid JSON (debugging aid)
 *   bench_docx --blocks FILE         print the body blocks, one a line
 *
 * Each file is measured in its own child process so peak RSS is per file.
 */
#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "xml/xml.h"
#include "zip/zip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int measure(const char *path, int repeat)
{
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	char *data = NULL;
	size_t len = 0;
	if (gf_file_read(&data, &len, path, lim.max_input, &err)) {
		fprintf(stderr, "%s: %s\n", path, err.msg);
		return 1;
	}
	size_t xml_len = 0;
	gf_zip *z = NULL;
	char *xml = NULL;
	if (gf_zip_open(&z, data, len, &lim, &err) == GF_OK &&
	    gf_zip_read(z, "word/document.xml", &xml, &xml_len, &err) == GF_OK)
		gf_free(xml);
	gf_zip_close(z);
	double best = 1e300;
	size_t tables = 0, blocks = 0;
	for (int i = 0; i < repeat; i++) {
		gf_doc *doc = NULL;
		gf_error_clear(&err);
		double t0 = now_ms();
		int rc = gf_docx_read(&doc, data, len, &lim, &err);
		double t = now_ms() - t0;
		if (rc) {
			printf("%-48s FAILED %s\n", path, err.msg);
			gf_free(data);
			return 1;
		}
		tables = doc->ntables;
		blocks = doc->nblocks;
		gf_doc_free(doc);
		if (t < best)
			best = t;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	const char *base = strrchr(path, '/');
	double s = best > 0 ? best / 1e3 : 1e-9;
	printf("%-46s %7zu B %8zu B xml %7.2f ms %6.1f MB/s %6.1f MB/s xml %5.1f MB rss %3zu tables %5zu blocks\n",
	       base ? base + 1 : path, len, xml_len, best, len / 1e6 / s, xml_len / 1e6 / s,
	       ru.ru_maxrss / 1024.0, tables, blocks);
	gf_free(data);
	return 0;
}

static int grid(const char *path, int blocks)
{
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	char *data = NULL;
	size_t len = 0;
	gf_doc *doc = NULL;
	if (gf_file_read(&data, &len, path, lim.max_input, &err) ||
	    gf_docx_read(&doc, data, len, &lim, &err)) {
		fprintf(stderr, "%s: %s (%s)\n", path, err.msg, gf_error_name(err.code));
		gf_free(data);
		return 2;
	}
	if (blocks) {
		for (size_t i = 0; i < doc->nblocks; i++) {
			const gf_block *b = &doc->blocks[i];
			if (b->kind == GF_BLOCK_TABLE)
				printf("[table %d]\n", b->table->index);
			else
				printf("%s\n", b->marked);
		}
		gf_doc_free(doc);
		gf_free(data);
		return 0;
	}
	char *j = gf_doc_grid_json(doc);
	if (j)
		puts(j);
	gf_free(j);
	gf_doc_free(doc);
	gf_free(data);
	return j ? 0 : 1;
}

int main(int argc, char **argv)
{
	gf_xml_init();
	if (argc == 3 && strcmp(argv[1], "--grid") == 0)
		return grid(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "--blocks") == 0)
		return grid(argv[2], 1);
	int repeat = 5, i = 1, bad = 0;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		repeat = atoi(argv[2]);
		i = 3;
	}
	if (i >= argc || repeat < 1) {
		fprintf(stderr, "usage: bench_docx [-n REPEAT] FILE... | --grid FILE\n");
		return 64;
	}
	for (; i < argc; i++) {
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			int rc = measure(argv[i], repeat);
			fflush(stdout);
			_exit(rc);
		}
		int st = 0;
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			bad = 1;
	}
	return bad;
}
