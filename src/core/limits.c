#include "core/limits.h"

void gf_limits_default(gf_limits *lim)
{
	lim->max_input = 64u << 20;
	lim->max_entries = 4096;
	lim->max_entry = 64u << 20;
	lim->max_stream = (size_t)1 << 30;
	lim->max_total = 256u << 20;
	lim->max_ratio = 200;
	lim->max_depth = 256;
	lim->max_cells = 200000;
	lim->max_text = 32u << 20;
}
