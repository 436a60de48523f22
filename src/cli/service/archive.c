/* archive.c - `govforms archive`: add, attach, search, show, get and verify
 * archived scans of signed confirmation sheets (src/archive/). */
#include "cli/commands.h"

#include "archive/archive.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
	"usage: govforms archive add SCAN... [--data DIR] [--token TOKEN] [--json]\n"
	"       govforms archive attach SCAN --cloud-id ID [--data DIR] [--token TOKEN]\n"
	"       govforms archive search [--unit U] [--system S] [--cloud-id ID]\n"
	"                               [--kind activation|change|exit] [--complete|--incomplete]\n"
	"                               [--since YYYY-MM-DD] [--until YYYY-MM-DD]\n"
	"                               [--limit N] [--offset N] [--json]\n"
	"       govforms archive show ID [--json]\n"
	"       govforms archive get ID -o OUT      (OUT - = standard output)\n"
	"       govforms archive verify\n"
	"\n"
	"add     archives scans of stamped confirmation sheets: a PDF from a scanner\n"
	"        or a photo (JPEG, PNG, TIFF). The sheet's QR code names the record;\n"
	"        each party's seal area is checked for seal ink and reported present,\n"
	"        absent or uncertain with the measured coverage (a help for the clerk,\n"
	"        not a legal verdict). A code whose record hash differs from the stored\n"
	"        record is reported: the paper was printed from another version. The\n"
	"        same file twice is one entry.\n"
	"attach  archives a scan whose code cannot be read against ID by hand (admin).\n"
	"search  lists archived scans, newest first (at most 500 a page).\n"
	"show    prints one entry; get writes the original scan, checked against its\n"
	"        stored SHA-256.\n"
	"verify  re-hashes every archived scan and lists those missing or changed.\n"
	"\n"
	"Entries are written once: nothing updates or deletes them; every add, read and\n"
	"download is an audit entry.\n"
	"  --data DIR        the store directory (default ./var, as for `govforms serve`)\n"
	"  --token TOKEN     act as this token's holder (a unit sees its own scans);\n"
	"                    default: the system, with the admin's rights\n"
	"  --templates DIR   the templates (sheet layouts, archive/seals.xml)\n"
	"  --json            print entries as JSON\n"
	"Exit status: 0 done (verify: intact), 1 refused (no record with the code's\n"
	"number, not yours, admin only, nothing found) or verify found damage, 2 unreadable scan\n"
	"(no PDF or image, or no readable code) or a store error, 64 usage error.\n";

typedef struct opts {
	const char *data, *token, *templates, *out, *cloud_id;
	const char *unit, *system, *kind, *since, *until, *limit, *offset;
	int complete;
	int json;
	const char *sub;
	const char *args[256];
	int nargs;
} opts;

static int parse(opts *o, int argc, char **argv)
{
	memset(o, 0, sizeof *o);
	o->data = "./var";
	o->complete = -1;
	static const struct {
		const char *name;
		size_t off;
	} valued[] = {
		{"--data", offsetof(opts, data)},     {"--token", offsetof(opts, token)},
		{"--templates", offsetof(opts, templates)}, {"-o", offsetof(opts, out)},
		{"--output", offsetof(opts, out)},    {"--cloud-id", offsetof(opts, cloud_id)},
		{"--unit", offsetof(opts, unit)},     {"--system", offsetof(opts, system)},
		{"--kind", offsetof(opts, kind)},     {"--since", offsetof(opts, since)},
		{"--until", offsetof(opts, until)},   {"--limit", offsetof(opts, limit)},
		{"--offset", offsetof(opts, offset)},
	};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return 1;
		if (strcmp(a, "--json") == 0) {
			o->json = 1;
			continue;
		}
		if (strcmp(a, "--complete") == 0 || strcmp(a, "--incomplete") == 0) {
			o->complete = a[2] == 'c';
			continue;
		}
		size_t k;
		for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
			if (strcmp(a, valued[k].name) == 0)
				break;
		if (k < sizeof valued / sizeof valued[0]) {
			if (i + 1 >= argc) {
				fprintf(stderr, "govforms archive: %s needs a value\n", a);
				return -1;
			}
			*(const char **)((char *)o + valued[k].off) = argv[++i];
			continue;
		}
		if (a[0] == '-' && a[1]) {
			fprintf(stderr, "govforms archive: unknown option %s\n", a);
			return -1;
		}
		if (!o->sub)
			o->sub = a;
		else if (o->nargs < 256)
			o->args[o->nargs++] = a;
		else
			return -1;
	}
	return 0;
}

static int exit_for(int rc)
{
	if (rc == GF_ENOTFOUND || rc == GF_EINVAL)
		return GF_EXIT_INVALID;
	return GF_EXIT_UNREADABLE;
}

static void print_entry(const gf_archive_entry *e, int json)
{
	json_t *o = gf_archive_entry_json(e, "/api/v1/archive");
	if (json) {
		json_dumpf(o, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(o);
		return;
	}
	char sum[1024];
	gf_archive_summary(e, sum, sizeof sum);
	printf("archive %lld: %s\n", (long long)e->id, sum);
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(o, "seals"), i, s) {
		json_t *cov = json_object_get(s, "coverage");
		printf("  %s (%s): %s", json_string_value(json_object_get(s, "zh")),
		       json_string_value(json_object_get(s, "party")),
		       json_string_value(json_object_get(s, "verdict")));
		if (json_is_number(cov))
			printf(", seal ink %.1f%% of the area", json_number_value(cov) * 100);
		putchar('\n');
	}
	if (e->stale)
		printf("  record hash on the paper %s differs from the stored record's %s\n",
		       e->printed_sha256 ? e->printed_sha256 : "-",
		       e->current_sha256 ? e->current_sha256 : "-");
	const char *note = json_string_value(json_object_get(json_object_get(o, "detail"), "note"));
	if (note)
		printf("  %s\n", note);
	printf("  scan %s, %lld bytes, sha256 %s\n", e->scan_name ? e->scan_name : "-",
	       (long long)e->scan_size, e->scan_sha256);
	json_decref(o);
}

static int parse_day(const char *s, int64_t *ms, int end)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31)
		return -1;
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + (end ? 1 : 0);
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*ms = (int64_t)t * 1000;
	return 0;
}

static int cmd_add(gf_store *s, const gf_principal *who, const opts *o, int hand)
{
	if (o->nargs == 0 || (hand && (!o->cloud_id || o->nargs != 1))) {
		fputs(usage, stderr);
		return GF_EXIT_USAGE;
	}
	gf_archive *a;
	gf_error err = {0};
	if (gf_archive_load(&a, o->templates, NULL, &err)) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		return GF_EXIT_UNREADABLE;
	}
	int status = GF_EXIT_OK;
	for (int i = 0; i < o->nargs; i++) {
		const char *path = o->args[i];
		char *data = NULL;
		size_t len = 0;
		gf_error_clear(&err);
		if (gf_file_read(&data, &len, path, (size_t)256 << 20, &err)) {
			fprintf(stderr, "govforms archive: %s: %s\n", path, err.msg);
			status = GF_EXIT_UNREADABLE;
			continue;
		}
		const char *slash = strrchr(path, '/');
		gf_archive_in in = {slash ? slash + 1 : path, hand ? o->cloud_id : NULL};
		gf_archive_entry e;
		int again = 0;
		int rc = gf_archive_add(a, s, who, data, len, &in, &e, &again, &err);
		gf_free(data);
		if (rc) {
			fprintf(stderr, "govforms archive: %s: %s\n", path, err.msg);
			int st = exit_for(rc);
			if (st > status)
				status = st;
			continue;
		}
		if (again && !o->json)
			printf("%s: already archived\n", path);
		else if (!o->json)
			printf("%s: ", path);
		print_entry(&e, o->json);
		gf_archive_entry_clear(&e);
	}
	gf_archive_free(a);
	return status;
}

static int cmd_search(gf_store *s, const gf_principal *who, const opts *o)
{
	gf_archive_filter f = {0};
	f.unit = o->unit;
	f.system = o->system;
	f.cloud_id = o->cloud_id;
	f.kind = o->kind;
	f.complete = o->complete;
	if ((o->since && parse_day(o->since, &f.since_ms, 0)) ||
	    (o->until && parse_day(o->until, &f.until_ms, 1))) {
		fprintf(stderr, "govforms archive: dates are YYYY-MM-DD\n");
		return GF_EXIT_USAGE;
	}
	f.limit = o->limit ? strtoll(o->limit, NULL, 10) : 50;
	f.offset = o->offset ? strtoll(o->offset, NULL, 10) : 0;
	gf_archive_entry *v;
	size_t n;
	int64_t total;
	gf_error err = {0};
	if (gf_store_archive_list(s, &v, &n, &total, who, &f, &err)) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		return GF_EXIT_UNREADABLE;
	}
	if (o->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, gf_archive_entry_json(&v[i], "/api/v1/archive"));
		json_t *body = json_pack("{sI so}", "total", (json_int_t)total, "items", arr);
		json_dumpf(body, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(body);
	} else {
		for (size_t i = 0; i < n; i++) {
			char sum[1024];
			gf_archive_summary(&v[i], sum, sizeof sum);
			printf("%lld\t%s\n", (long long)v[i].id, sum);
		}
		printf("%zu of %lld\n", n, (long long)total);
	}
	gf_archive_entries_free(v, n);
	return total ? GF_EXIT_OK : GF_EXIT_INVALID;
}

static int parse_id(const opts *o, int64_t *id)
{
	char *end;
	if (o->nargs != 1)
		return -1;
	long long v = strtoll(o->args[0], &end, 10);
	if (*end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

static int cmd_show_get(gf_store *s, const gf_principal *who, const opts *o, int get)
{
	int64_t id;
	if (parse_id(o, &id) || (get && !o->out)) {
		fputs(usage, stderr);
		return GF_EXIT_USAGE;
	}
	gf_error err = {0};
	gf_archive_entry e;
	if (!get) {
		int rc = gf_store_archive_get(s, &e, who, id, &err);
		if (rc) {
			fprintf(stderr, "govforms archive: %s\n", err.msg);
			return exit_for(rc);
		}
		print_entry(&e, o->json);
		gf_archive_entry_clear(&e);
		return GF_EXIT_OK;
	}
	char *data;
	size_t len;
	int rc = gf_store_archive_scan(s, &data, &len, NULL, who, id, &err);
	if (rc) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		return exit_for(rc);
	}
	int st = GF_EXIT_OK;
	if (strcmp(o->out, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			st = GF_EXIT_UNREADABLE;
	} else if (gf_file_write_atomic(o->out, data, len, GF_WRITE_SYNC, &err)) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		st = GF_EXIT_UNREADABLE;
	}
	gf_free(data);
	return st;
}

static int report_bad(void *ctx, const gf_archive_entry *e, int ok)
{
	(void)ctx;
	if (!ok)
		printf("DAMAGED archive %lld (%s): scan %s is missing or changed\n", (long long)e->id,
		       e->cloud_id ? e->cloud_id : "-", e->scan_sha256);
	return 0;
}

static int cmd_verify(gf_store *s, const gf_principal *who)
{
	int64_t checked, bad;
	gf_error err = {0};
	int rc = gf_store_archive_verify(s, who, report_bad, NULL, &checked, &bad, &err);
	if (rc) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		return exit_for(rc);
	}
	if (bad)
		printf("archive: %lld of %lld scans DAMAGED\n", (long long)bad, (long long)checked);
	else
		printf("archive: %lld scans, all match their SHA-256\n", (long long)checked);
	return bad ? GF_EXIT_INVALID : GF_EXIT_OK;
}

int gf_cmd_archive(int argc, char **argv)
{
	opts o;
	int p = parse(&o, argc, argv);
	if (p > 0) {
		fputs(usage, stdout);
		return GF_EXIT_OK;
	}
	static const char *const subs[] = {"add", "attach", "search", "show", "get", "verify"};
	int known = 0;
	for (size_t i = 0; o.sub && i < sizeof subs / sizeof subs[0]; i++)
		known |= strcmp(o.sub, subs[i]) == 0;
	if (p < 0 || !known) {
		fputs(usage, stderr);
		return GF_EXIT_USAGE;
	}
	gf_store *s;
	gf_error err = {0};
	if (gf_store_open(&s, o.data, &err)) {
		fprintf(stderr, "govforms archive: %s\n", err.msg);
		return GF_EXIT_UNREADABLE;
	}
	gf_principal who = {0, GF_ROLE_ADMIN, "", ""};
	int status;
	if (o.token && gf_store_authenticate(s, &who, o.token, &err)) {
		fprintf(stderr, "govforms archive: unknown or revoked token\n");
		status = GF_EXIT_INVALID;
	} else if (strcmp(o.sub, "add") == 0 || strcmp(o.sub, "attach") == 0) {
		status = cmd_add(s, &who, &o, o.sub[1] == 't');
	} else if (strcmp(o.sub, "search") == 0) {
		status = cmd_search(s, &who, &o);
	} else if (strcmp(o.sub, "show") == 0 || strcmp(o.sub, "get") == 0) {
		status = cmd_show_get(s, &who, &o, o.sub[0] == 'g');
	} else {
		status = cmd_verify(s, &who);
	}
	gf_store_close(s);
	return status;
}
