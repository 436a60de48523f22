#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>

int gf_error_set(gf_error *err, int code, const char *fmt, ...)
{
	if (!err || err->code != GF_OK)
		return code;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	return code;
}

void gf_error_clear(gf_error *err)
{
	if (!err)
		return;
	err->code = GF_OK;
	err->msg[0] = '\0';
}

const char *gf_error_name(int code)
{
	switch (code) {
	case GF_OK: return "ok";
	case GF_ENOMEM: return "out of memory";
	case GF_EIO: return "i/o error";
	case GF_EUNREADABLE: return "unreadable input";
	case GF_ELIMIT: return "limit exceeded";
	case GF_EINVAL: return "invalid argument";
	case GF_ENOTFOUND: return "not found";
	case GF_ETEMPLATE: return "bad template";
	case GF_EFONT: return "font error";
	case GF_EPDF: return "pdf error";
	case GF_ESTORE: return "storage error";
	default: return "internal error";
	}
}
