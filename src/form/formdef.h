/* formdef.h - form definitions loaded from templates/forms/<id>.xml.
 *
 * A gf_formset owns every definition, label key and compiled pattern in one
 * arena; it is built once per process by gf_formset_load and read-only
 * afterwards (shareable between threads). Nothing about a form's fields is
 * in C: see templates/forms/README.md for the format.
 */
#ifndef GF_FORM_FORMDEF_H
#define GF_FORM_FORMDEF_H

#include "core/arena.h"
#include "core/error.h"
#include "form/values.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct gf_option {
	const char *text;       /* as printed: "临时运行" (the record's value) */
	const char *key;        /* gf_text_label_key(text), for matching */
	bool other;             /* 其他: the text written after it goes to <field>_other */
	const char *blank;      /* key of the field taking the number written after it */
	const char *blank_unit; /* text closing that blank ("个月"), or NULL */
} gf_option;

typedef struct gf_prompt {
	const char *text;   /* literal printed prompt (compacted), or NULL */
	pcre2_code *re;     /* or a pattern (multiline) */
} gf_prompt;

typedef struct gf_fielddef {
	int index;           /* position in gf_formdef.fields */
	const char *key;     /* "owner.office_phone" */
	const char *label;   /* printed label, for diagnostics */
	const char **match;  /* label keys that locate the field (label + aliases, or `at`) */
	size_t nmatch;
	gf_type type;
	bool required;
	bool derived;        /* set by another field (option blank, _other text) */
	bool below;          /* value may sit in the row below its label */
	int cell;            /* 1 = first value cell right of the label, 2 = second... */
	const char *after;   /* anchor field key for repeated labels, or NULL */
	pcre2_code *pattern; /* region of the value cell: group 1 is the value */
	gf_option *options;
	size_t noptions;
	const char *other_key; /* "<key>_other" when an option is 其他 */
	gf_prompt *prompts;
	size_t nprompts;
} gf_fielddef;

typedef enum { GF_SPLIT_NONE, GF_SPLIT_DISK, GF_SPLIT_CPUMEM, GF_SPLIT_PATTERN } gf_split;

typedef struct gf_partdef {
	const char *key;
	gf_type type;
	pcre2_code *pattern; /* GF_SPLIT_PATTERN: group 1 is the value */
} gf_partdef;

typedef struct gf_coldef {
	const char *label;   /* printed header */
	const char **match;  /* header keys */
	size_t nmatch;
	gf_split split;
	gf_partdef *parts;   /* one part when not split */
	size_t nparts;
	bool resource;       /* a filled resource cell makes a row real */
	const char **printed; /* printed defaults that are not data ("1", "本地备份") */
	size_t nprinted;
	const char *prompt;  /* printed prompt in the cell (compacted), or NULL */
} gf_coldef;

typedef struct gf_tabledef {
	int index;           /* position among the form's tables */
	int field_index;     /* position of the table in the record's key order */
	const char *key;     /* "hosts" */
	const char *label;   /* printed heading */
	const char **match;
	size_t nmatch;
	gf_coldef *cols;
	size_t ncols;
	const char *example_prefix;   /* "示例：" (compacted) or NULL */
	const char **examples;        /* printed example row names (compacted) */
	size_t nexamples;
	const char *total_match;      /* label key of the total row ("合计") or NULL */
	const char *total_key;        /* "hosts_total": computed from the rows */
	const char **total_cols;      /* part keys summed (each row x its count) */
	size_t ntotal_cols;
	const char *count_key;        /* part key of the row count ("count"), or NULL */
} gf_tabledef;

/* One entry of the record's key order: a field or a table. */
typedef struct gf_slot {
	const gf_fielddef *field;
	const gf_tabledef *table;
} gf_slot;

typedef struct gf_formdef {
	const char *id;      /* "request" */
	const char *annex;   /* "附件1" */
	const char *title;   /* printed title */
	const char *title_key;
	const char **title_keys; /* the title and the names the articles give the form */
	size_t ntitle_keys;
	const char *sheet;   /* form id of its confirmation sheet, or NULL */
	const char **cues;   /* label keys typical of this form */
	size_t ncues;
	const char **statics; /* label keys of printed cells that are not fields */
	size_t nstatics;
	pcre2_code **ignores; /* printed text that is not data (own + common) */
	size_t nignores;
	const char **skip_columns; /* table columns that carry no field (序号) */
	size_t nskip_columns;
	gf_fielddef *fields;
	size_t nfields;
	gf_tabledef *tables;
	size_t ntables;
	gf_slot *order;      /* fields and tables in record order */
	size_t norder;
	const char *path;    /* template file */
} gf_formdef;

typedef struct gf_formset {
	gf_arena *arena;
	gf_formdef *forms;
	size_t nforms;
	const char *dir;
	pcre2_code **patterns; /* every compiled pattern (owned) */
	size_t npatterns;
} gf_formset;

/* Load every templates_dir/forms/<id>.xml (and common.xml). Template errors
 * name the file and line (GF_ETEMPLATE). Caller frees with gf_formset_free. */
int gf_formset_load(gf_formset **out, const char *templates_dir, gf_error *err);
void gf_formset_free(gf_formset *fs);

const gf_formdef *gf_formset_find(const gf_formset *fs, const char *id);
const gf_fielddef *gf_formdef_field(const gf_formdef *f, const char *key);
const gf_tabledef *gf_formdef_table(const gf_formdef *f, const char *key);

/* True when cell text `key` (a label key) names one of `match`: equal, or
 * equal once a trailing parenthesised note is dropped from both. */
bool gf_label_matches(const char *key, const char *const *match, size_t nmatch);

/* Search helpers over compiled template patterns: 1 when text matches;
 * with group 1 copied (arena) into *group when group is non-NULL. */
int gf_pattern_match(const pcre2_code *re, const char *text, gf_arena *a, const char **group);

#endif
