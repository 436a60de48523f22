/* token.c - `govforms token`: create, list and revoke bearer tokens. */
#include "cli/commands.h"

#include "core/alloc.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: govforms token create --role unit|provider|admin [--unit NAME]\n"
	"                             [--provider 电信|移动|联通] [--label TEXT] [--data DIR]\n"
	"       govforms token list [--data DIR]\n"
	"       govforms token revoke ID [--data DIR]\n"
	"\n"
	"create  makes a token and prints it once on standard output; only its SHA-256\n"
	"        is stored. A unit token sees and submits its unit's forms, a provider\n"
	"        token sees submissions on its platform, an admin token sees everything.\n"
	"list    prints the tokens (id, role, unit or provider, label, revoked) as JSON.\n"
	"revoke  disables token ID at once.\n"
	"--data  the store directory (default ./var, as for `govforms serve`).\n"
	"Exit status: 0 done, 1 no such token, 2 store error, 64 usage error.\n";

int gf_cmd_token(int argc, char **argv)
{
	const char *data = "./var", *role = NULL, *unit = NULL, *provider = NULL, *label = NULL;
	const char *sub = NULL, *idarg = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = strcmp(a, "--data") == 0       ? &data
				    : strcmp(a, "--role") == 0     ? &role
				    : strcmp(a, "--unit") == 0     ? &unit
				    : strcmp(a, "--provider") == 0 ? &provider
				    : strcmp(a, "--label") == 0    ? &label
								   : NULL;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		}
		if (slot) {
			if (i + 1 >= argc) {
				fprintf(stderr, "govforms token: %s needs a value\n%s", a, usage);
				return 64;
			}
			*slot = argv[++i];
		} else if (a[0] == '-') {
			fprintf(stderr, "govforms token: unknown option %s\n%s", a, usage);
			return 64;
		} else if (!sub) {
			sub = a;
		} else if (!idarg) {
			idarg = a;
		} else {
			fprintf(stderr, "%s", usage);
			return 64;
		}
	}
	if (!sub || (strcmp(sub, "create") != 0 && strcmp(sub, "list") != 0 &&
		     strcmp(sub, "revoke") != 0)) {
		fprintf(stderr, "%s", usage);
		return 64;
	}
	gf_role r = GF_ROLE_NONE;
	if (strcmp(sub, "create") == 0) {
		r = gf_role_from_name(role);
		if (r == GF_ROLE_NONE || (r == GF_ROLE_UNIT && !unit) ||
		    (r == GF_ROLE_PROVIDER && !gf_provider_canonical(provider)) ||
		    (r != GF_ROLE_UNIT && unit) || (r != GF_ROLE_PROVIDER && provider)) {
			fprintf(stderr, "govforms token: --role unit needs --unit NAME, --role provider "
					"needs --provider 电信|移动|联通, --role admin neither\n");
			return 64;
		}
	}
	char *end = NULL;
	long long id = idarg ? strtoll(idarg, &end, 10) : 0;
	if (strcmp(sub, "revoke") == 0 && (!idarg || *end || id <= 0)) {
		fprintf(stderr, "govforms token: revoke needs a token id (see `govforms token list`)\n");
		return 64;
	}
	gf_store *s;
	gf_error err = {0};
	if (gf_store_open(&s, data, &err)) {
		fprintf(stderr, "govforms token: %s\n", err.msg);
		return 2;
	}
	int status = 0;
	if (strcmp(sub, "create") == 0) {
		char *tok;
		int64_t tid;
		if (gf_store_token_create(s, &tok, &tid, r, unit, provider, label, &err)) {
			fprintf(stderr, "govforms token: %s\n", err.msg);
			status = err.code == GF_EINVAL ? 64 : 2;
		} else {
			printf("%s\n", tok);
			fprintf(stderr, "govforms token: token %lld (%s%s%s) created; it is shown only "
					"this once\n",
				(long long)tid, gf_role_name(r), unit || provider ? " " : "",
				unit ? unit : provider ? gf_provider_canonical(provider) : "");
			gf_free(tok);
		}
	} else if (strcmp(sub, "list") == 0) {
		json_t *list;
		if (gf_store_token_list(s, &list, &err)) {
			fprintf(stderr, "govforms token: %s\n", err.msg);
			status = 2;
		} else {
			json_dumpf(list, stdout, JSON_INDENT(2));
			putchar('\n');
			json_decref(list);
		}
	} else {
		int rc = gf_store_token_revoke(s, id, &err);
		if (rc) {
			fprintf(stderr, "govforms token: %s\n", err.msg);
			status = rc == GF_ENOTFOUND ? 1 : 2;
		} else {
			fprintf(stderr, "govforms token: token %lld revoked\n", id);
		}
	}
	gf_store_close(s);
	return status;
}
