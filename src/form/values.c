/* values.c - typed values: normalise the cell text, match it against PCRE2
 * patterns compiled once, convert the captures in C.
 *
 * Normalised text (what every pattern sees): valid UTF-8, full-width ASCII
 * folded, every whitespace run one ' ', trimmed, 。 and ｡ as '.', dashes
 * and minus signs as one '-', ￥ as ¥, zero-width and emphasis marks
 * dropped, trailing '.' ',' ';' dropped. Numbers are decimal (mantissa,
 * exponent) until the end, so 1.2亿 and 2.5T come out exact.
 */
#include "form/values.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/marks.h"
#include "core/text.h"
#include "core/utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NORM_CAP 512          /* bytes of normalised text a typed value may have */
#define MD_PAIRS 8            /* capture pairs per match data */
#define MATCH_LIMIT 100000    /* backtracking cap per match */
#define VALUE_MAX 1e15        /* largest number accepted (exact in a double) */

/* ---- patterns ------------------------------------------------------------ */

#define NUM "(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?"
#define CN "[零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+"
/* Size unit, one capture: the letter (k m g t p), with B / iB optional. */
#define GBU "(?i:([kmgtp])(?:i?b)?)"
#define INT_UNITS "(?:个月|人次|个|台|套|块|次|人|名|位|户|家|天|日|月|年|周|小时|条|项|份|张|只|口|路|颗|层|间|组|部|处|座|件|U|u|(?i:pcs))"
#define CPU_UNITS "(?:核心|核|(?i:vcpus?|cpus?|vcores?|cores?|c))"
#define CN_SMALL "[一二三四五六七八九十]{1,3}"
#define CN_YEAR "[〇零○一二三四五六七八九]{4}"
/* what may follow a date: a time of day, a time zone, a weekday */
#define TIME_TAIL "(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\\.[0-9]+)?)?(?: ?(?:Z|[+-][0-9]{2}:?[0-9]{2}))?)?"
#define WEEKDAY "(?: ?\\(?(?:星期|周|礼拜)[一二三四五六日天]\\)?)?"
#define CPUTOK "(?|(?i:v?cpu) ?:? ?([0-9]{1,4}) ?" CPU_UNITS "?|([0-9]{1,4}) ?" CPU_UNITS ")"
#define MEMTOK "(?|内存 ?:? ?(" NUM ") ?(?:" GBU ")? ?|(" NUM ") ?" GBU " ?(?:内存|(?i:ram|mem))?)"
#define PAIRSEP " ?(?:[/,;*+&|、xX×]|和|及)? ?"
/* Disk type: starts with a letter, no size inside ("SSD 1T SATA" is two disks). */
#define DTYPE "[\\p{L}](?:(?![0-9]+(?:\\.[0-9]+)? ?[kmgtpKMGTP](?:i?[bB])?(?![A-Za-z]))" \
	      "[\\p{L}\\p{N}_ -]){0,31}"
#define DISKU "(?:" GBU "(?=$|[^A-Za-z]|(?i:ssd|sas|sata|hdd|nvme|essd)))"

enum {
	P_DATE_SEP,
	P_DATE_CJK,
	P_DATE_COMPACT,
	P_INT,
	P_CPU,
	P_GB,
	P_NUMBER,
	P_POWER,
	P_MONEY,
	P_APPROX,
	P_SCI,
	P_MOBILE,
	P_PHONE,
	P_EMAIL,
	P_IPV4,
	P_CPUMEM_A,
	P_CPUMEM_B,
	P_CPUMEM_C,
	P_DISK_SIZE,
	P_DISK_TYPE,
	P_DISK_ONLY,
	P_COUNT
};

static const char *const patterns[P_COUNT] = {
	/* 2026-03-05, 2026/3/5, 2026.3.5, optional time of day (spreadsheets) */
	[P_DATE_SEP] = "^([0-9]{4}) ?([-/.]) ?([0-9]{1,2}) ?\\2 ?([0-9]{1,2})" WEEKDAY TIME_TAIL "$",
	/* 2026年3月5日, 2026年03月05号, 二〇二六年三月五日 */
	[P_DATE_CJK] = "^([0-9]{4}|" CN_YEAR ") ?年 ?([0-9]{1,2}|" CN_SMALL ") ?月 ?"
		       "([0-9]{1,2}|" CN_SMALL ") ?(?:日|号)?" WEEKDAY TIME_TAIL "$",
	[P_DATE_COMPACT] = "^([0-9]{4})([0-9]{2})([0-9]{2})$",
	/* 16, 16台, 16 个, 十六, 1.5万人 */
	[P_INT] = "^(?:(" NUM ")|(" CN ")) ?(万|亿)? ?" INT_UNITS "?$",
	/* 8, 8核, 8C, 8vCPU, 8 核心, CPU 8核, 八核 */
	[P_CPU] = "^(?:(?i:v?cpu) ?:? ?)?(?:(" NUM ")|(" CN ")) ?" CPU_UNITS "?(?: ?(?i:cpu))?$",
	/* 100, 100G, 100GB, 100 G, 1T, 512MB, 8G内存 */
	[P_GB] = "^(?:内存 ?:? ?)?(" NUM ") ?(?:" GBU ")? ?(?:内存|存储|空间|容量)?$",
	/* 2.5, 2.5kW, 10% */
	[P_NUMBER] = "^(" NUM ") ?(?:[\\p{L}%‰°²³/]{1,12})?$",
	/* 500, 500W, 0.5kW, 0.5 KW, 500瓦, 0.5千瓦 */
	[P_POWER] = "^(" NUM ") ?(?i:(kw|kilowatts?|千瓦|w|watts?|瓦特?))?$",
	/* 120万元, 120万, 1,200,000元, 1200000, 1.2亿, ¥1,200,000.00, 一百二十万元 */
	[P_MONEY] = "^(?:(?i:rmb|cny)|人民币|¥)? ?(?:(" NUM ")|(" CN ")) ?"
		    "(百万|千万|万|亿|千|(?i:[wk]))? ?(?:元整|元|圆整|圆|块)? ?(?:(?i:rmb|cny)|人民币)?$",
	/* estimates: a number with 约, 左右, 以上, ~ ... */
	[P_APPROX] = "^(?=.*[0-9一二两三四五六七八九十百千万亿]).*(?:约|大概|预计|估计|预估|左右|以上|以下|"
		     "以内|上下|多|余|不超过|超过|不少于|不低于|至少|最多|~|≈|(?i:approx|about))",
	/* a long number a spreadsheet turned into 1.38056E+10 */
	[P_SCI] = "^[0-9](?:\\.[0-9]+)?[eE]\\+?[0-9]{1,3}$",
	/* 13805612345, 138 0561 2345, 138-0561-2345, +86 138..., 0086..., 86-... */
	[P_MOBILE] = "^(?:\\(?(?:\\+|00)?86\\)? ?-? ?)?(1[3-9](?:[ -]?[0-9]){9})$",
	/* 0561-3112058, (0561)3112058, 3112058, 05613112058, +86 561 3112058 */
	[P_PHONE] = "^(?:((?:\\+|00)86) ?-? ?)?(?:\\((0?[1-9][0-9]{1,2})\\) ?-? ?|"
		    "(0[1-9][0-9]{1,2}) ?[- ] ?)?([0-9](?:[ -]?[0-9]){5,12})$",
	[P_EMAIL] = "^([A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}\\p{N}-]+"
		    "(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}\\p{N}-]+)*)"
		    "@((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+"
		    "(?:\\p{L}{2,63}|(?i:xn--)[A-Za-z0-9-]{1,59}))$",
	[P_IPV4] = "^([0-9]{1,3}) ?\\. ?([0-9]{1,3}) ?\\. ?([0-9]{1,3}) ?\\. ?([0-9]{1,3})$",
	/* cpu first: 4核8G, 4C/8GB, 4vCPU 8GB, CPU4核 内存8G, 4核 */
	[P_CPUMEM_A] = "^" CPUTOK "(?:" PAIRSEP MEMTOK ")?$",
	/* memory first: 8G 4核, 内存8G */
	[P_CPUMEM_B] = "^" MEMTOK "(?:" PAIRSEP CPUTOK ")?$",
	/* bare pair in the CPU、内存 column: 4/8, 4*8G */
	[P_CPUMEM_C] = "^([0-9]{1,4}) ?[/*xX×,] ?(" NUM ") ?(?:" GBU ")?$",
	/* 100G SSD, 500GB/SAS, 100G(SSD), 100 */
	[P_DISK_SIZE] = "^(" NUM ") ?" DISKU "? ?(?:[/,;(:、-] ?)?(" DTYPE ")? ?\\)?$",
	/* SSD 100G, SSD:100GB */
	[P_DISK_TYPE] = "^(" DTYPE "?) ?(?:[:/,(、-] ?)?(" NUM ") ?(?:" GBU ")? ?\\)?$",
	/* SATA */
	[P_DISK_ONLY] = "^(" DTYPE ")$",
};

struct gf_values {
	bool in_jit; /* set only inside gf_values_new, see pcre_malloc */
	pcre2_general_context *gctx;
	pcre2_match_context *mctx;
	pcre2_code *code[P_COUNT];
};

/* ---- refusals ------------------------------------------------------------ */

static const gf_value_why WHY_BLANK = {"不能为空", "expected a value, the text is blank"};
static const gf_value_why WHY_UNKNOWN = {"未知的值类型", "unknown value type"};
static const gf_value_why WHY_CHOICE = {"选项类字段不按数值解析",
					"choice fields are not parsed as values"};
static const gf_value_why WHY_NEGATIVE = {"应为不小于0的数", "expected a number that is not negative"};
static const gf_value_why WHY_RANGE = {"数值超出范围（不超过10^15）",
				       "expected a number within range (at most 10^15)"};
static const gf_value_why WHY_APPROX = {"应为确切数值（不接受“约”“左右”“以上”等估计）",
					"expected an exact number, not an estimate"};
static const gf_value_why WHY_MONEY_APPROX = {
	"应为确切金额，如 120万元（不接受“约”“左右”等估计）",
	"expected an exact amount such as 120万元, not an estimate"};
static const gf_value_why WHY_DATE_REAL = {"应为实际存在的日期（该日期不存在）",
					   "expected a real calendar date (this day does not exist)"};
static const gf_value_why WHY_MOBILE_SCI = {
	"应为11位手机号码（号码被表格软件改成了科学计数法，请按文本填写）",
	"expected an 11-digit mobile number (a spreadsheet turned it into scientific notation; "
	"enter it as text)"};
static const gf_value_why WHY_INT_WHOLE = {"应为整数（不能有小数），如 16",
					   "expected a whole number such as 16"};
static const gf_value_why WHY_CPUMEM = {"应为CPU核数和内存，如 4核8G 或 4C/8GB",
					"expected vCPUs and memory such as 4核8G or 4C/8GB"};
static const gf_value_why WHY_DISK = {"应为磁盘容量及类型，如 100G SSD 或 500GB/SAS",
				      "expected a disk size and type such as 100G SSD or 500GB/SAS"};

static const gf_value_why WHY_TYPE[] = {
	[GF_TYPE_TEXT] = {"应为文字", "expected text"},
	[GF_TYPE_DATE] = {"应为日期，如 2026-03-05 或 2026年3月5日",
			  "expected a date such as 2026-03-05 or 2026年3月5日"},
	[GF_TYPE_INT] = {"应为整数，如 16 或 16台", "expected a whole number such as 16 or 16台"},
	[GF_TYPE_NUMBER] = {"应为数字，如 2.5", "expected a number such as 2.5"},
	[GF_TYPE_GB] = {"应为容量（GB），如 100、100G 或 1T",
			"expected a size in GB such as 100, 100G or 1T"},
	[GF_TYPE_MOBILE] = {"应为11位手机号码", "expected an 11-digit mobile number"},
	[GF_TYPE_PHONE] = {"应为电话号码，如 0561-3112058、3112058 或11位手机号码",
			   "expected a phone number such as 0561-3112058, 3112058 or an 11-digit mobile"},
	[GF_TYPE_EMAIL] = {"应为有效的电子邮箱地址，如 name@example.com",
			   "expected an email address such as name@example.com"},
	[GF_TYPE_MONEY] = {"应为金额（元），如 120万元 或 1,200,000元",
			   "expected an amount in yuan such as 120万元 or 1,200,000元"},
	[GF_TYPE_CPU] = {"应为CPU核数（vCPU），如 8、8核 或 8C",
			 "expected a vCPU count such as 8, 8核 or 8C"},
	[GF_TYPE_POWER_W] = {"应为功率（瓦），如 500W 或 0.5kW",
			     "expected a power in watts such as 500W or 0.5kW"},
	[GF_TYPE_POWER_KW] = {"应为功率（千瓦），如 5kW 或 5000W",
			      "expected a power in kilowatts such as 5kW or 5000W"},
	[GF_TYPE_IPV4] = {"应为IPv4地址，如 10.1.2.3", "expected an IPv4 address such as 10.1.2.3"},
	[GF_TYPE_CHOICE] = {"选项类字段不按数值解析", "choice fields are not parsed as values"},
	[GF_TYPE_MULTI] = {"选项类字段不按数值解析", "choice fields are not parsed as values"},
};

static int refuse(gf_value_why *why, const gf_value_why *w)
{
	if (why)
		*why = *w;
	return GF_EINVAL;
}

/* ---- types --------------------------------------------------------------- */

static const char *const type_names[] = {
	[GF_TYPE_TEXT] = "text",	 [GF_TYPE_DATE] = "date",
	[GF_TYPE_INT] = "int",		 [GF_TYPE_NUMBER] = "number",
	[GF_TYPE_GB] = "gb",		 [GF_TYPE_MOBILE] = "mobile",
	[GF_TYPE_PHONE] = "phone",	 [GF_TYPE_EMAIL] = "email",
	[GF_TYPE_MONEY] = "money",	 [GF_TYPE_CPU] = "cpu",
	[GF_TYPE_POWER_W] = "power_w",	 [GF_TYPE_POWER_KW] = "power_kw",
	[GF_TYPE_IPV4] = "ipv4",	 [GF_TYPE_CHOICE] = "choice",
	[GF_TYPE_MULTI] = "multi",
};

#define N_TYPES ((int)(sizeof type_names / sizeof type_names[0]))

int gf_type_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < N_TYPES; i++)
		if (strcmp(type_names[i], name) == 0)
			return i;
	return -1;
}

const char *gf_type_name(gf_type t)
{
	if ((int)t < 0 || (int)t >= N_TYPES)
		return "unknown";
	return type_names[t];
}

bool gf_type_is_numeric(gf_type t)
{
	switch (t) {
	case GF_TYPE_INT: case GF_TYPE_NUMBER: case GF_TYPE_GB: case GF_TYPE_MONEY:
	case GF_TYPE_CPU: case GF_TYPE_POWER_W: case GF_TYPE_POWER_KW:
		return true;
	default:
		return false;
	}
}

/* ---- set-up -------------------------------------------------------------- */

/* PCRE2 allocates through gf_malloc, except inside pcre2_jit_compile: the
 * 10.42 JIT compiler (Debian 12) can crash when an allocation fails there
 * (fixed upstream in PCRE2Project/pcre2#697), so the torture hook must not
 * reach it. A real failure there is rare and only costs the JIT. */
static void *pcre_malloc(PCRE2_SIZE n, void *ud)
{
	const gf_values *v = ud;
	if (v->in_jit)
		return malloc(n ? n : 1);
	return gf_malloc(n);
}

static void pcre_free(void *p, void *ud)
{
	(void)ud;
	gf_free(p);
}

void gf_values_free(gf_values *v)
{
	if (!v)
		return;
	for (int i = 0; i < P_COUNT; i++)
		pcre2_code_free(v->code[i]);
	pcre2_match_context_free(v->mctx);
	pcre2_general_context_free(v->gctx);
	gf_free(v);
}

int gf_values_new(gf_values **out, gf_error *err)
{
	int rc = GF_OK;
	pcre2_compile_context *cctx = NULL;
	gf_values *v = gf_calloc(1, sizeof *v);
	*out = NULL;
	if (!v)
		return gf_error_set(err, GF_ENOMEM, "out of memory compiling value patterns");
	v->gctx = pcre2_general_context_create(pcre_malloc, pcre_free, v);
	if (v->gctx)
		cctx = pcre2_compile_context_create(v->gctx);
	if (cctx)
		v->mctx = pcre2_match_context_create(v->gctx);
	if (!v->mctx) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory compiling value patterns");
		goto cleanup;
	}
	pcre2_set_match_limit(v->mctx, MATCH_LIMIT);
	for (int i = 0; i < P_COUNT; i++) {
		int ec;
		PCRE2_SIZE off;
		v->code[i] = pcre2_compile((PCRE2_SPTR)patterns[i], PCRE2_ZERO_TERMINATED,
					   PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &ec, &off,
					   cctx);
		if (!v->code[i]) {
			PCRE2_UCHAR msg[160];
			if (ec == PCRE2_ERROR_HEAP_FAILED) {
				rc = gf_error_set(err, GF_ENOMEM,
						  "out of memory compiling value patterns");
				goto cleanup;
			}
			pcre2_get_error_message(ec, msg, sizeof msg);
			rc = gf_error_set(err, GF_EINTERNAL, "value pattern %d, offset %zu: %s", i,
					  (size_t)off, (const char *)msg);
			goto cleanup;
		}
	}
	*out = v;
	v = NULL;
cleanup:
	pcre2_compile_context_free(cctx);
	gf_values_free(v);
	return rc;
}

void gf_values_jit(gf_values *v)
{
	uint32_t have_jit = 0;
	if (pcre2_config(PCRE2_CONFIG_JIT, &have_jit) < 0 || !have_jit)
		return;
	/* valgrind cannot follow JIT code; GF_NO_JIT=1 keeps the interpreter */
	const char *no_jit = getenv("GF_NO_JIT");
	if (no_jit && *no_jit && strcmp(no_jit, "0") != 0)
		return;
	/* a failure leaves that pattern on the interpreter */
	for (int i = 0; i < P_COUNT; i++) {
		v->in_jit = true;
		(void)pcre2_jit_compile(v->code[i], PCRE2_JIT_COMPLETE);
		v->in_jit = false;
	}
}

/* ---- normalisation ------------------------------------------------------- */

enum { NORM_OK = 0, NORM_BAD = -1, NORM_LONG = -2 };

static bool is_ignorable(uint32_t cp)
{
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF ||
	       cp == 0x00AD || cp == 0xFE0F || gf_mark_is_emphasis(cp);
}

static uint32_t map_cp(uint32_t cp)
{
	cp = gf_text_fold_width(cp);
	if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0xFE58 || cp == 0xFE63)
		return '-';
	if (cp == 0x3002 || cp == 0xFF61) /* 。 ｡ */
		return '.';
	if (cp == 0xFFE5) /* ￥ */
		return 0xA5;
	return cp;
}

/* Normalise s into out[cap] (see the top of the file). */
static int normalize(const char *s, char *out, size_t cap, size_t *len_out)
{
	size_t n = strlen(s), i = 0, o = 0;
	bool pending = false;
	*len_out = 0;
	out[0] = '\0';
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return NORM_BAD;
		i += k;
		if (is_ignorable(cp))
			continue;
		cp = map_cp(cp);
		if (gf_text_is_space(cp)) {
			pending = o > 0;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F)
			return NORM_BAD;
		if (cp == '-' && o > 0 && out[o - 1] == '-' && !pending)
			continue;
		char enc[4];
		size_t e = gf_utf8_encode(cp, enc);
		if (o + (pending ? 1 : 0) + e + 1 > cap)
			return NORM_LONG;
		if (pending)
			out[o++] = ' ';
		pending = false;
		memcpy(out + o, enc, e);
		o += e;
	}
	while (o > 0 && (out[o - 1] == '.' || out[o - 1] == ',' || out[o - 1] == ';' ||
			 out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	*len_out = o;
	return NORM_OK;
}

/* ---- matching ------------------------------------------------------------ */

typedef struct subject {
	const gf_values *v;
	const char *s;
	size_t n;
	pcre2_match_data *md;
} subject;

/* 1 when pattern id matches the whole subject, 0 when not, GF_ENOMEM. */
static int match(subject *sub, int id)
{
	int rc = pcre2_match(sub->v->code[id], (PCRE2_SPTR)sub->s, sub->n, 0, PCRE2_NO_UTF_CHECK,
			     sub->md, sub->v->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMEMORY)
		return GF_ENOMEM;
	return 0; /* no match, or a limit hit: not this format */
}

/* Capture group g of the last match; false when unset. */
static bool group(const subject *sub, int g, const char **p, size_t *len)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sub->md);
	size_t k = 2 * (size_t)g;
	if (g >= (int)pcre2_get_ovector_count(sub->md) || ov[k] == PCRE2_UNSET)
		return false;
	*p = sub->s + ov[k];
	*len = ov[k + 1] - ov[k];
	return true;
}

/* ---- numbers ------------------------------------------------------------- */

typedef struct dec {
	uint64_t mant;
	int exp; /* value = mant * 10^exp */
} dec;

static const double p10d[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
			      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
			      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* Digits with optional thousands commas and one '.'; -1 when the whole part
 * is too long to be a number we accept. */
static int dec_parse(const char *s, size_t n, dec *d)
{
	uint64_t m = 0;
	int exp = 0;
	bool frac = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ',')
			continue;
		if (c == '.') {
			frac = true;
			continue;
		}
		if (m >= 100000000000000000ULL) {
			if (!frac)
				return -1;
			continue; /* further fraction digits are below any precision kept */
		}
		m = m * 10 + (uint64_t)(c - '0');
		if (frac)
			exp--;
	}
	d->mant = m;
	d->exp = exp;
	return 0;
}

/* d * 10^shift * factor as a double; -1 when above VALUE_MAX. */
static int dec_value(const dec *d, int shift, double factor, double *out)
{
	int e = d->exp + shift;
	double x = (double)d->mant;
	if (d->mant == 0) {
		*out = 0;
		return 0;
	}
	if (e > 0) {
		if (e > 17)
			return -1;
		x *= p10d[e];
	} else if (e < 0) {
		x = -e <= 22 ? x / p10d[-e] : x * pow(10, e);
	}
	x *= factor;
	if (!(x <= VALUE_MAX))
		return -1;
	*out = x;
	return 0;
}

/* True when d * 10^shift is a whole number. */
static bool dec_whole(const dec *d, int shift)
{
	int e = d->exp + shift;
	if (e >= 0 || d->mant == 0)
		return true;
	if (-e > 19)
		return false;
	uint64_t p = 1;
	for (int i = 0; i < -e; i++)
		p *= 10;
	return d->mant % p == 0;
}

/* ---- Chinese numerals ---------------------------------------------------- */

static const struct {
	const char *s;
	int v; /* 0-9 digit; 10, 100, 1000 small unit; -4, -8 for 万, 亿 */
} cn_chars[] = {
	{"零", 0}, {"〇", 0}, {"○", 0}, {"一", 1}, {"壹", 1}, {"二", 2}, {"两", 2},
	{"贰", 2}, {"三", 3}, {"叁", 3}, {"四", 4}, {"肆", 4}, {"五", 5}, {"伍", 5},
	{"六", 6}, {"陆", 6}, {"七", 7}, {"柒", 7}, {"八", 8}, {"捌", 8}, {"九", 9},
	{"玖", 9}, {"十", 10}, {"拾", 10}, {"百", 100}, {"佰", 100}, {"千", 1000},
	{"仟", 1000}, {"万", -4}, {"亿", -8},
};

/* Value of the 3-byte character at s, or -100 when not a numeral. */
static int cn_char(const char *s)
{
	for (size_t i = 0; i < sizeof cn_chars / sizeof cn_chars[0]; i++)
		if (memcmp(cn_chars[i].s, s, 3) == 0)
			return cn_chars[i].v;
	return -100;
}

/* 十六 = 16, 一百零五 = 105, 一百二 = 120, 一万五 = 15000, 一百二十万 = 1200000.
 * -1 when the characters do not form a number. */
static int cn_parse(const char *s, size_t n, uint64_t *out)
{
	uint64_t yi = 0, wan = 0, sec = 0;
	int digit = -1;
	uint64_t last = 100000000000ULL; /* last unit, to require descending order */
	bool zero_gap = false, have_wan = false, have_yi = false;
	if (n == 0 || n % 3)
		return -1;
	for (size_t i = 0; i < n; i += 3) {
		int c = cn_char(s + i);
		if (c >= 0 && c <= 9) {
			if (digit > 0)
				return -1; /* two digits in a row: 一二 */
			if (c == 0)
				zero_gap = true;
			digit = c;
		} else if (c >= 10) {
			if (digit < 0) {
				if (c != 10 || sec || wan || yi)
					return -1;
				digit = 1; /* 十六 */
			}
			if (digit == 0 || (uint64_t)c >= last)
				return -1;
			sec += (uint64_t)digit * (uint64_t)c;
			last = (uint64_t)c;
			digit = -1;
			zero_gap = false;
		} else if (c == -4) {
			sec += digit > 0 ? (uint64_t)digit : 0;
			if (!sec || have_wan)
				return -1;
			wan = sec;
			have_wan = true;
			sec = 0;
			last = 10000;
			digit = -1;
			zero_gap = false;
		} else if (c == -8) {
			sec += digit > 0 ? (uint64_t)digit : 0;
			uint64_t x = wan * 10000 + sec;
			if (!x || have_yi || x >= 100000000ULL)
				return -1;
			yi = x;
			have_yi = true;
			have_wan = false;
			wan = sec = 0;
			last = 100000000ULL;
			digit = -1;
			zero_gap = false;
		} else {
			return -1;
		}
	}
	if (digit > 0) {
		/* 一百二 is 120: a bare last digit counts in the next smaller unit */
		if (!zero_gap && last >= 100 && last != 100000000000ULL)
			sec += (uint64_t)digit * (last / 10);
		else
			sec += (uint64_t)digit;
	}
	if (wan >= 10000 || sec >= 100000)
		return -1;
	*out = yi * 100000000ULL + wan * 10000 + sec;
	return 0;
}

/* A number given either as digits (group gd) or Chinese numerals (gc). */
static int num_groups(const subject *sub, int gd, int gc, dec *d)
{
	const char *p;
	size_t len;
	if (group(sub, gd, &p, &len) && len)
		return dec_parse(p, len, d);
	if (group(sub, gc, &p, &len) && len) {
		uint64_t x;
		if (cn_parse(p, len, &x) < 0)
			return -2;
		d->mant = x;
		d->exp = 0;
		return 0;
	}
	return -2;
}

double gf_value_number(const json_t *j)
{
	if (json_is_integer(j))
		return (double)json_integer_value(j);
	if (json_is_real(j))
		return json_real_value(j);
	return 0;
}

json_t *gf_value_json_number(double x)
{
	if (!isfinite(x))
		return NULL;
	double r = fabs(x) < 1e9 ? round(x * 1e6) / 1e6 : x;
	if (r == floor(r) && fabs(r) < 9007199254740992.0)
		return json_integer((json_int_t)r);
	return json_real(r);
}

/* ---- typed parsers: each returns 0 with *x, GF_EINVAL with why, GF_ENOMEM -- */

/* Factor to GB for the size unit letter in group g (none = GB). */
static void unit_factor_gb(const subject *sub, int g, double *factor)
{
	const char *p;
	size_t len;
	*factor = 1;
	if (!group(sub, g, &p, &len) || !len)
		return;
	switch (p[0] | 0x20) {
	case 'k': *factor = 1.0 / 1048576; break;
	case 'm': *factor = 1.0 / 1024; break;
	case 't': *factor = 1024; break;
	case 'p': *factor = 1048576; break;
	default: break;
	}
}

/* Numeric-type failure: say estimate when it reads like one. */
static int refuse_number(subject *sub, gf_type t, gf_value_why *why)
{
	int m = match(sub, P_APPROX);
	if (m < 0)
		return m;
	if (m)
		return refuse(why, t == GF_TYPE_MONEY ? &WHY_MONEY_APPROX : &WHY_APPROX);
	if (sub->n > 1 && sub->s[0] == '-' && sub->s[1] >= '0' && sub->s[1] <= '9')
		return refuse(why, &WHY_NEGATIVE);
	return refuse(why, &WHY_TYPE[t]);
}

/* int and cpu: whole numbers. */
static int parse_whole(subject *sub, gf_type t, json_t **out, gf_value_why *why)
{
	int id = t == GF_TYPE_CPU ? P_CPU : P_INT;
	int m = match(sub, id), shift = 0;
	dec d;
	double x;
	if (m < 0)
		return m;
	if (!m)
		return refuse_number(sub, t, why);
	int pr = num_groups(sub, 1, 2, &d);
	if (pr == -2)
		return refuse(why, &WHY_TYPE[t]);
	if (pr < 0)
		return refuse(why, &WHY_RANGE);
	const char *p;
	size_t len;
	if (t == GF_TYPE_INT && group(sub, 3, &p, &len) && len)
		shift = memcmp(p, "万", 3) == 0 ? 4 : 8;
	if (!dec_whole(&d, shift))
		return refuse(why, &WHY_INT_WHOLE);
	if (dec_value(&d, shift, 1, &x) < 0)
		return refuse(why, &WHY_RANGE);
	*out = json_integer((json_int_t)x);
	return *out ? 0 : GF_ENOMEM;
}

static int parse_decimal_type(subject *sub, gf_type t, json_t **out, gf_value_why *why)
{
	int id, shift = 0, m;
	double factor = 1, x;
	dec d;
	const char *p;
	size_t len;
	switch (t) {
	case GF_TYPE_GB: id = P_GB; break;
	case GF_TYPE_MONEY: id = P_MONEY; break;
	case GF_TYPE_POWER_W: case GF_TYPE_POWER_KW: id = P_POWER; break;
	default: id = P_NUMBER; break;
	}
	m = match(sub, id);
	if (m < 0)
		return m;
	if (!m)
		return refuse_number(sub, t, why);
	int pr = num_groups(sub, 1, t == GF_TYPE_MONEY ? 2 : 99, &d);
	if (pr == -2)
		return refuse(why, &WHY_TYPE[t]);
	if (pr < 0)
		return refuse(why, &WHY_RANGE);
	if (t == GF_TYPE_GB) {
		unit_factor_gb(sub, 2, &factor);
	} else if (t == GF_TYPE_MONEY && group(sub, 3, &p, &len) && len) {
		if (len == 1)
			shift = (p[0] | 0x20) == 'w' ? 4 : 3;
		else if (len == 6)
			shift = memcmp(p, "百万", 6) == 0 ? 6 : 7;
		else
			shift = memcmp(p, "万", 3) == 0 ? 4 : memcmp(p, "亿", 3) == 0 ? 8 : 3;
	} else if ((t == GF_TYPE_POWER_W || t == GF_TYPE_POWER_KW) && group(sub, 2, &p, &len) &&
		   len) {
		bool kw = (p[0] | 0x20) == 'k' || memcmp(p, "千", 3) == 0;
		if (kw && t == GF_TYPE_POWER_W)
			shift = 3;
		else if (!kw && t == GF_TYPE_POWER_KW)
			shift = -3;
	}
	if (dec_value(&d, shift, factor, &x) < 0)
		return refuse(why, &WHY_RANGE);
	*out = gf_value_json_number(x);
	return *out ? 0 : GF_ENOMEM;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Digits or Chinese numerals of a date part; -1 when unreadable. */
static int date_part(const subject *sub, int g, bool year)
{
	const char *p;
	size_t len;
	if (!group(sub, g, &p, &len) || !len)
		return -1;
	if (p[0] >= '0' && p[0] <= '9') {
		int x = 0;
		for (size_t i = 0; i < len; i++)
			x = x * 10 + (p[i] - '0');
		return x;
	}
	if (year) { /* 二〇二六: one numeral per digit */
		int x = 0;
		for (size_t i = 0; i + 3 <= len; i += 3) {
			int c = cn_char(p + i);
			if (c < 0 || c > 9)
				return -1;
			x = x * 10 + c;
		}
		return x;
	}
	uint64_t x;
	if (cn_parse(p, len, &x) < 0 || x > 31)
		return -1;
	return (int)x;
}

static int parse_date(subject *sub, json_t **out, gf_value_why *why)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	/* pattern; groups of year, month, day */
	static const int forms[][4] = {
		{P_DATE_SEP, 1, 3, 4}, {P_DATE_CJK, 1, 2, 3}, {P_DATE_COMPACT, 1, 2, 3}};
	int y = -1, mo = -1, d = -1, m = 0;
	for (size_t k = 0; k < sizeof forms / sizeof forms[0] && m == 0; k++) {
		if ((m = match(sub, forms[k][0])) == 1) {
			y = date_part(sub, forms[k][1], true);
			mo = date_part(sub, forms[k][2], false);
			d = date_part(sub, forms[k][3], false);
		}
	}
	if (m < 0)
		return m;
	if (!m || y < 0 || mo < 0 || d < 0)
		return refuse(why, &WHY_TYPE[GF_TYPE_DATE]);
	if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return refuse(why, &WHY_DATE_REAL);
	char buf[40];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
	*out = json_string(buf);
	return *out ? 0 : GF_ENOMEM;
}

/* Digits of group g (separators dropped) into out[cap], always terminated
 * (empty when the group is unset); their count. */
static size_t group_digits(const subject *sub, int g, char *out, size_t cap)
{
	const char *p;
	size_t len, k = 0;
	out[0] = '\0';
	if (!group(sub, g, &p, &len))
		return 0;
	for (size_t i = 0; i < len && k + 1 < cap; i++)
		if (p[i] >= '0' && p[i] <= '9')
			out[k++] = p[i];
	out[k] = '\0';
	return k;
}

/* 1 with the 11 digits in out when the subject is a mobile number. */
static int mobile_digits(subject *sub, char out[16])
{
	int m = match(sub, P_MOBILE);
	if (m != 1)
		return m;
	return group_digits(sub, 1, out, 16) == 11 ? 1 : 0;
}

static int parse_mobile(subject *sub, json_t **out, gf_value_why *why)
{
	char dig[16];
	int m = mobile_digits(sub, dig);
	if (m < 0)
		return m;
	if (!m) {
		m = match(sub, P_SCI);
		if (m < 0)
			return m;
		return refuse(why, m ? &WHY_MOBILE_SCI : &WHY_TYPE[GF_TYPE_MOBILE]);
	}
	*out = json_string(dig);
	return *out ? 0 : GF_ENOMEM;
}

/* Area code: 010 and 02x have three digits, all others 0xxx four. */
static bool area_ok(const char *a, size_t n)
{
	if (n < 3 || a[0] != '0')
		return false;
	if (a[1] == '1' || a[1] == '2')
		return n == 3;
	return n == 4 && a[1] >= '3';
}

static bool local_ok(const char *s, size_t n)
{
	return (n == 7 || n == 8) && s[0] >= '2' && s[0] <= '9';
}

static int parse_phone(subject *sub, json_t **out, gf_value_why *why)
{
	char dig[16], area[8], num[24], res[32];
	int m = mobile_digits(sub, dig);
	size_t an = 0, nn;
	if (m < 0)
		return m;
	if (m) {
		*out = json_string(dig);
		return *out ? 0 : GF_ENOMEM;
	}
	if ((m = match(sub, P_PHONE)) < 0)
		return m;
	if (!m)
		goto refused;
	bool intl = group_digits(sub, 1, area, sizeof area) > 0;
	an = group_digits(sub, 2, area + 1, sizeof area - 1);
	if (an == 0)
		an = group_digits(sub, 3, area + 1, sizeof area - 1);
	nn = group_digits(sub, 4, num, sizeof num);
	if (an) {
		/* written area code: "(0561)", "0561 ", or "(561)" after +86 */
		if (area[1] == '0') {
			memmove(area, area + 1, an + 1);
		} else {
			if (!intl)
				goto refused;
			area[0] = '0';
			an++;
		}
		if (!area_ok(area, an) || !local_ok(num, nn))
			goto refused;
		snprintf(res, sizeof res, "%s-%s", area, num);
	} else {
		const char *d = num;
		char tmp[24];
		if (intl && num[0] != '0' && nn + 1 < sizeof tmp) { /* +86 561 3112058 */
			tmp[0] = '0';
			memcpy(tmp + 1, num, nn + 1);
			d = tmp;
			nn++;
		}
		if (local_ok(d, nn) && !intl) {
			snprintf(res, sizeof res, "%s", d);
		} else if (nn == 10 && (memcmp(d, "400", 3) == 0 || memcmp(d, "800", 3) == 0) &&
			   !intl) {
			snprintf(res, sizeof res, "%.3s-%s", d, d + 3);
		} else if (d[0] == '0' && nn >= 10) {
			size_t al = (d[1] == '1' || d[1] == '2') ? 3 : 4;
			if (!area_ok(d, al) || !local_ok(d + al, nn - al))
				goto refused;
			snprintf(res, sizeof res, "%.*s-%s", (int)al, d, d + al);
		} else {
			goto refused;
		}
	}
	*out = json_string(res);
	return *out ? 0 : GF_ENOMEM;
refused:
	m = match(sub, P_SCI);
	if (m < 0)
		return m;
	return refuse(why, m ? &WHY_MOBILE_SCI : &WHY_TYPE[GF_TYPE_PHONE]);
}

static int parse_email(subject *sub, json_t **out, gf_value_why *why)
{
	const char *p;
	size_t len;
	if (memchr(sub->s, ' ', sub->n))
		return refuse(why, &WHY_TYPE[GF_TYPE_EMAIL]);
	int m = match(sub, P_EMAIL);
	if (m < 0)
		return m;
	if (!m || sub->n > 254 || !group(sub, 1, &p, &len) || len > 64)
		return refuse(why, &WHY_TYPE[GF_TYPE_EMAIL]);
	*out = json_stringn_nocheck(sub->s, sub->n);
	return *out ? 0 : GF_ENOMEM;
}

static int parse_ipv4(subject *sub, json_t **out, gf_value_why *why)
{
	unsigned q[4];
	char buf[20];
	int m = match(sub, P_IPV4);
	if (m < 0)
		return m;
	if (!m)
		return refuse(why, &WHY_TYPE[GF_TYPE_IPV4]);
	for (int i = 0; i < 4; i++) {
		const char *p = "";
		size_t len = 0;
		group(sub, i + 1, &p, &len);
		q[i] = 0;
		for (size_t k = 0; k < len; k++)
			q[i] = q[i] * 10 + (unsigned)(p[k] - '0');
		if (q[i] > 255)
			return refuse(why, &WHY_TYPE[GF_TYPE_IPV4]);
	}
	snprintf(buf, sizeof buf, "%u.%u.%u.%u", q[0], q[1], q[2], q[3]);
	*out = json_string(buf);
	return *out ? 0 : GF_ENOMEM;
}

/* text: trimmed, whitespace runs folded, invalid bytes as U+FFFD, control
 * characters and emphasis marks dropped. */
static int parse_text(const char *text, json_t **out, gf_value_why *why)
{
	size_t n = strlen(text), i = 0;
	gf_buf b = GF_BUF_INIT(0);
	bool pending = false;
	int rc = gf_buf_reserve(&b, n + 1);
	while (rc == 0 && i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(text + i, n - i, &cp);
		i += k ? k : 1;
		if (gf_text_is_space(cp)) {
			pending = b.len > 0;
			continue;
		}
		if (cp < 0x20 || cp == 0x7F || gf_mark_is_emphasis(cp))
			continue;
		if (pending)
			rc = gf_buf_putc(&b, ' ');
		pending = false;
		char enc[4];
		size_t e = gf_utf8_encode(cp, enc);
		if (rc == 0)
			rc = gf_buf_append(&b, enc, e);
	}
	if (rc == 0 && b.len == 0)
		rc = refuse(why, &WHY_BLANK);
	else if (rc == 0 && b.len == 3 && memcmp(b.data, "０", 3) == 0)
		rc = (*out = json_string("0")) ? 0 : GF_ENOMEM; /* "not needed" */
	else if (rc == 0 && !(*out = json_stringn_nocheck(b.data, b.len)))
		rc = GF_ENOMEM;
	gf_buf_free(&b);
	return rc;
}

/* Normalise text into buf; 0, or GF_EINVAL with why (blank, bad bytes, too
 * long for a typed value). */
static int prepare(const char *text, char *buf, size_t *n, const gf_value_why *bad,
		   gf_value_why *why)
{
	int nr = normalize(text ? text : "", buf, NORM_CAP, n);
	if (nr != NORM_OK)
		return refuse(why, bad);
	if (*n == 0)
		return refuse(why, &WHY_BLANK);
	return 0;
}

int gf_value_parse(const gf_values *v, gf_type t, const char *text, json_t **out,
		   gf_value_why *why)
{
	char buf[NORM_CAP];
	size_t n;
	int rc;
	*out = NULL;
	if (t == GF_TYPE_TEXT)
		return parse_text(text ? text : "", out, why);
	if ((int)t < 0 || (int)t >= N_TYPES)
		return refuse(why, &WHY_UNKNOWN);
	if (t == GF_TYPE_CHOICE || t == GF_TYPE_MULTI)
		return refuse(why, &WHY_CHOICE);
	if ((rc = prepare(text, buf, &n, &WHY_TYPE[t], why)) < 0)
		return rc;
	if (n == 1 && buf[0] == '0') { /* "not needed" */
		*out = gf_type_is_numeric(t) ? json_integer(0) : json_string("0");
		return *out ? 0 : GF_ENOMEM;
	}
	subject sub = {v, buf, n, pcre2_match_data_create(MD_PAIRS, v->gctx)};
	if (!sub.md)
		return GF_ENOMEM;
	switch (t) {
	case GF_TYPE_DATE: rc = parse_date(&sub, out, why); break;
	case GF_TYPE_INT: case GF_TYPE_CPU: rc = parse_whole(&sub, t, out, why); break;
	case GF_TYPE_NUMBER: case GF_TYPE_GB: case GF_TYPE_MONEY: case GF_TYPE_POWER_W:
	case GF_TYPE_POWER_KW:
		rc = parse_decimal_type(&sub, t, out, why);
		break;
	case GF_TYPE_MOBILE: rc = parse_mobile(&sub, out, why); break;
	case GF_TYPE_PHONE: rc = parse_phone(&sub, out, why); break;
	case GF_TYPE_EMAIL: rc = parse_email(&sub, out, why); break;
	case GF_TYPE_IPV4: rc = parse_ipv4(&sub, out, why); break;
	default: rc = refuse(why, &WHY_CHOICE); break;
	}
	pcre2_match_data_free(sub.md);
	return rc;
}

/* ---- composite cells ----------------------------------------------------- */

/* Memory in GB from number group gn and unit group gu (none = GB). */
static int mem_from(const subject *sub, int gn, int gu, double *mem)
{
	dec d;
	double f;
	const char *p;
	size_t len;
	if (!group(sub, gn, &p, &len) || !len)
		return 0;
	if (dec_parse(p, len, &d) < 0)
		return -1;
	unit_factor_gb(sub, gu, &f);
	return dec_value(&d, 0, f, mem);
}

static int cpu_from(const subject *sub, int g, long *cpu)
{
	const char *p;
	size_t len;
	if (!group(sub, g, &p, &len) || !len)
		return 0;
	long x = 0;
	for (size_t i = 0; i < len; i++)
		x = x * 10 + (p[i] - '0');
	*cpu = x;
	return 0;
}

int gf_value_parse_cpumem(const gf_values *v, const char *text, long *cpu, double *mem_gb,
			  gf_value_why *why)
{
	char buf[NORM_CAP];
	size_t n;
	int rc, m, gc = 0, gm = 0, gu = 0;
	*cpu = -1;
	*mem_gb = -1;
	if ((rc = prepare(text, buf, &n, &WHY_CPUMEM, why)) < 0)
		return rc;
	if (n == 1 && buf[0] == '0') {
		*cpu = 0;
		*mem_gb = 0;
		return 0;
	}
	subject sub = {v, buf, n, pcre2_match_data_create(MD_PAIRS, v->gctx)};
	if (!sub.md)
		return GF_ENOMEM;
	/* pattern; groups of cpu, memory, memory unit */
	static const int forms[][4] = {
		{P_CPUMEM_A, 1, 2, 3}, {P_CPUMEM_B, 3, 1, 2}, {P_CPUMEM_C, 1, 2, 3}};
	m = 0;
	for (size_t k = 0; k < sizeof forms / sizeof forms[0] && m == 0; k++) {
		if ((m = match(&sub, forms[k][0])) == 1) {
			gc = forms[k][1];
			gm = forms[k][2];
			gu = forms[k][3];
		}
	}
	if (m < 0) {
		rc = m;
	} else if (!m || mem_from(&sub, gm, gu, mem_gb) < 0) {
		*mem_gb = -1;
		rc = refuse(why, m ? &WHY_RANGE : &WHY_CPUMEM);
	} else {
		cpu_from(&sub, gc, cpu);
	}
	pcre2_match_data_free(sub.md);
	return rc;
}

/* Trimmed copy of a disk type group into *type; GF_ENOMEM. */
static int disk_type(const subject *sub, int g, char **type)
{
	const char *p;
	size_t len;
	if (!group(sub, g, &p, &len))
		return 0;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '-' || p[len - 1] == '_'))
		len--;
	if (!len)
		return 0;
	*type = gf_strndup(p, len);
	return *type ? 0 : GF_ENOMEM;
}

int gf_value_parse_disk(const gf_values *v, const char *text, double *gb, char **type,
			gf_value_why *why)
{
	char buf[NORM_CAP];
	size_t n;
	int rc, m, gn = 0, gu = 0, gt = 0;
	*gb = -1;
	*type = NULL;
	if ((rc = prepare(text, buf, &n, &WHY_DISK, why)) < 0)
		return rc;
	subject sub = {v, buf, n, pcre2_match_data_create(MD_PAIRS, v->gctx)};
	if (!sub.md)
		return GF_ENOMEM;
	if ((m = match(&sub, P_DISK_SIZE)) == 1) {
		gn = 1, gu = 2, gt = 3;
	} else if (m == 0 && (m = match(&sub, P_DISK_TYPE)) == 1) {
		gt = 1, gn = 2, gu = 3;
	} else if (m == 0 && (m = match(&sub, P_DISK_ONLY)) == 1) {
		gt = 1;
	}
	if (m < 0) {
		rc = m;
	} else if (!m) {
		rc = refuse(why, &WHY_DISK);
	} else if (gn && mem_from(&sub, gn, gu, gb) < 0) {
		*gb = -1;
		rc = refuse(why, &WHY_RANGE);
	} else {
		rc = disk_type(&sub, gt, type);
	}
	pcre2_match_data_free(sub.md);
	return rc;
}
