/* commands.h - the govforms subcommands. Each takes the arguments after its
 * name (argv[0] is the subcommand) and returns the process exit status:
 * 0 valid / done, 1 invalid input, 2 unreadable or unsafe input or a failed
 * operation, 64 usage error. Nothing below main() calls exit().
 */
#ifndef GF_CLI_COMMANDS_H
#define GF_CLI_COMMANDS_H

#include "http/server.h"

#define GF_EXIT_OK 0
#define GF_EXIT_INVALID 1
#define GF_EXIT_UNREADABLE 2
#define GF_EXIT_USAGE 64

int gf_cmd_extract(int argc, char **argv);
int gf_cmd_validate(int argc, char **argv);
int gf_cmd_grid(int argc, char **argv);
int gf_cmd_schema(int argc, char **argv);
int gf_cmd_forms(int argc, char **argv);
int gf_cmd_render(int argc, char **argv);
int gf_cmd_convert(int argc, char **argv);
int gf_cmd_batch(int argc, char **argv);

int gf_cmd_serve(int argc, char **argv);
int gf_cmd_token(int argc, char **argv);
int gf_cmd_audit(int argc, char **argv);
int gf_cmd_archive(int argc, char **argv);

/* `serve` on a given backend (gf_cmd_serve passes the real pipeline; tests
 * pass their own). */
int gf_serve_main(int argc, char **argv, const gf_backend *backend);

#endif
