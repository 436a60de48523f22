/* values.h - typed values from what people type into forms.
 *
 * One gf_values holds every PCRE2 pattern, compiled once per process
 * (gf_values_new at start-up); it is read-only afterwards and safe to share
 * between threads (match data is per call). Text given to the parsers is a
 * cell's text as read: the parsers fold full-width digits and letters, strip
 * spaces and units themselves.
 */
#ifndef GF_FORM_VALUES_H
#define GF_FORM_VALUES_H

#include "core/error.h"

#include <jansson.h>
#include <stdbool.h>

typedef enum {
	GF_TYPE_TEXT,   /* string, trimmed, whitespace runs folded */
	GF_TYPE_DATE,   /* "YYYY-MM-DD" from 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 */
	GF_TYPE_INT,    /* integer from 16, １６, 16台, 16 个, 十六 */
	GF_TYPE_NUMBER, /* number (may be fractional): 2.5, 2.5kW */
	GF_TYPE_GB,     /* number of GB: 100, 100G, 100GB, 1T/1TB (=1024), 512M (=0.5) */
	GF_TYPE_MOBILE, /* 11-digit string: 138 0561 2345, +86 13805612345 */
	GF_TYPE_PHONE,  /* digits with at most one '-': 0561-3112058, 3112058, or a mobile */
	GF_TYPE_EMAIL,  /* local@domain.tld */
	GF_TYPE_MONEY,  /* yuan: 120万元, 120万, 1,200,000元, 1.2亿 */
	GF_TYPE_CPU,    /* vCPU count: 8, 8核, 8C, 8vCPU, 8 核 */
	GF_TYPE_POWER_W,/* watts: 500, 500W, 0.5kW */
	GF_TYPE_POWER_KW,/* kilowatts: 5, 5kW, 5000W */
	GF_TYPE_IPV4,   /* dotted quad, each part 0-255, no leading zeros kept */
	GF_TYPE_CHOICE, /* option strings: not parsed here (see options) */
	GF_TYPE_MULTI
} gf_type;

/* Type from its template name ("text", "date", "int", "number", "gb",
 * "mobile", "phone", "email", "money", "cpu", "power_w", "power_kw", "ipv4",
 * "choice", "multi"); -1 when unknown. */
int gf_type_from_name(const char *name);
const char *gf_type_name(gf_type t);
/* True for types whose JSON value is a number. */
bool gf_type_is_numeric(gf_type t);

typedef struct gf_values gf_values;

int gf_values_new(gf_values **out, gf_error *err);
/* JIT-compile the patterns (where PCRE2 has a JIT): worth it for a process
 * that reads many forms (service, batch), not for one form (0.7 ms, 0.5 MiB).
 * Call before the gf_values is shared between threads. */
void gf_values_jit(gf_values *v);
void gf_values_free(gf_values *v);

/* Why a value was refused: static bilingual texts naming the expected
 * format, e.g. {"应为有效的电子邮箱地址", "expected an email address"}. */
typedef struct gf_value_why {
	const char *zh;
	const char *en;
} gf_value_why;

/* Parse `text` as type t (not CHOICE/MULTI). On success returns 0 and
 * *out is a new reference (caller json_decref): a string for text, date,
 * mobile, phone, email, ipv4; an integer for int and cpu; an integer when
 * whole, else a real, for number, gb, money, power. The text "0" (also "０")
 * is accepted for every type as "not needed": 0 for numeric types, "0"
 * otherwise. Returns GF_EINVAL with *why filled when the text does not fit;
 * GF_ENOMEM on allocation failure. Blank text is GF_EINVAL (callers check
 * blanks first). */
int gf_value_parse(const gf_values *v, gf_type t, const char *text, json_t **out,
		   gf_value_why *why);

/* "4核8G", "4C/8GB", "4核 8G内存", "4vCPU 8GB" -> cpu 4, memory 8 (GB).
 * Either half may be missing (the other is then -1). */
int gf_value_parse_cpumem(const gf_values *v, const char *text, long *cpu, double *mem_gb,
			  gf_value_why *why);

/* "100G SSD", "500GB/SAS", "SSD 100G", "100" -> size (GB, -1 when none) and
 * type (malloc'd, caller frees with gf_free; NULL when none). */
int gf_value_parse_disk(const gf_values *v, const char *text, double *gb, char **type,
			gf_value_why *why);

/* Number a json_t holds (integer or real), for arithmetic on records; 0 for
 * NULL and anything that is not a number. */
double gf_value_number(const json_t *j);
/* A json number for x: integer when whole, else real rounded to 6 places. */
json_t *gf_value_json_number(double x);

#endif
