/* govforms-service: the service, its tokens and audit log, and the archive,
 * run by `govforms serve|token|audit|archive` (see src/cli/main.c). */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "serve") == 0)
		return gf_cmd_serve(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "archive") == 0)
		return gf_cmd_archive(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "token") == 0)
		return gf_cmd_token(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "audit") == 0)
		return gf_cmd_audit(argc - 1, argv + 1);
	fprintf(stderr, "usage: govforms serve|token|audit|archive [options]\n"
			"(govforms-service is run by govforms; see `govforms --help`)\n");
	return GF_EXIT_USAGE;
}
