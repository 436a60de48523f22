/* gf-testserve: `serve`, `token` and `audit` as in govforms, with the test
 * backend (support_backend.h) standing in for the intake pipeline and the
 * sheet renderer. Used by tests/cli_serve*.sh, tests/e2e and bench/. */
#include "cli/commands.h"
#include "support_backend.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return gf_serve_main(argc - 1, argv + 1, &gf_test_backend);
	if (argc >= 2 && strcmp(argv[1], "token") == 0)
		return gf_cmd_token(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "audit") == 0)
		return gf_cmd_audit(argc - 1, argv + 1);
	fprintf(stderr, "usage: gf-testserve serve|token|audit ...\n");
	return 64;
}
