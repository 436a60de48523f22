/* error.h - return codes and the one error record passed up the stack.
 *
 * Functions that can fail return 0 on success or a negative GF_E* code, and
 * fill the caller's gf_error (when non-NULL) once, at the point of failure.
 * A form that fails validation is not an error: it is a result carrying
 * diagnostics (see diag.h).
 */
#ifndef GF_CORE_ERROR_H
#define GF_CORE_ERROR_H

enum {
	GF_OK = 0,
	GF_ENOMEM = -1,      /* allocation failed */
	GF_EIO = -2,         /* reading or writing a file failed */
	GF_EUNREADABLE = -3, /* input is not what it claims, or unsafe (exit 2) */
	GF_ELIMIT = -4,      /* input exceeds a size, ratio, count or depth limit */
	GF_EINVAL = -5,      /* bad argument or usage (exit 64) */
	GF_ENOTFOUND = -6,   /* a named thing (file, form, field, font) is missing */
	GF_ETEMPLATE = -7,   /* a template file in templates/ is wrong */
	GF_EFONT = -8,       /* font loading or subsetting failed */
	GF_EPDF = -9,        /* PDF generation failed */
	GF_ESTORE = -10,     /* storage failed */
	GF_EINTERNAL = -11   /* a bug: an invariant did not hold */
};

typedef struct gf_error {
	int code;
	char msg[512];
} gf_error;

/* Record code and message in err (if non-NULL) unless one is already set;
 * returns code so callers can write `return gf_error_set(err, ...)`. */
int gf_error_set(gf_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clear err to GF_OK with an empty message. */
void gf_error_clear(gf_error *err);

/* A short English name for a code ("out of memory", "unreadable input"...). */
const char *gf_error_name(int code);

#endif
