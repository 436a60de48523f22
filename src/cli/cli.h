/* cli.h - what the subcommands share: messages, the engine, reading inputs. */
#ifndef GF_CLI_CLI_H
#define GF_CLI_CLI_H

#include "core/error.h"
#include "form/intake.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/* "govforms: <context>: <message>" on stderr. */
void gf_cli_error(const char *context, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load the engine (templates_dir NULL = default search); on failure prints
 * the reason and returns NULL. */
gf_engine *gf_cli_engine(const char *templates_dir);

/* Read an input file under the default size limit; on failure prints the
 * reason and returns GF_E*. "-" is standard input. */
int gf_cli_read(const char *path, char **data, size_t *len);

/* A record's verdict and diagnostics for people (Chinese with English),
 * each diagnostic with its place: what `govforms validate` prints. */
void gf_cli_print_record(FILE *out, const char *path, const json_t *record);

/* Base name of a path (pointer into it). */
const char *gf_cli_basename(const char *path);

/* Write all of buf to stdout; 0 or -1. */
int gf_cli_stdout(const char *buf, size_t len);

#endif
