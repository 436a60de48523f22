/* commands.h - govforms subcommands: each takes the arguments after its own
 * name (argv[0] is the subcommand) and returns the process exit status. */
#ifndef GF_CLI_COMMANDS_H
#define GF_CLI_COMMANDS_H

#include "http/server.h"

int gf_cmd_serve(int argc, char **argv);
int gf_cmd_token(int argc, char **argv);
int gf_cmd_audit(int argc, char **argv);

/* `serve` on a given backend (gf_cmd_serve passes the real pipeline; tests
 * pass their own). */
int gf_serve_main(int argc, char **argv, const gf_backend *backend);

#endif
