/* bench_values - parses per second for each value type.
 *
 * usage: bench_values [ITERATIONS]   (default 200000 per type)
 * Each type cycles through a few typical inputs, full-width and unit forms
 * included; the figure covers normalisation, matching and the json_t.
 */
#include "form/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct bench_case {
	const char *name;
	int kind; /* 0 gf_value_parse, 1 cpumem, 2 disk */
	gf_type type;
	const char *inputs[5];
} bench_case;

static const bench_case cases[] = {
	{"text", 0, GF_TYPE_TEXT, {"淮北市数据资源管理局", "  张三 ", "系统简介：业务生产系统", "0", "X"}},
	{"date", 0, GF_TYPE_DATE, {"2026-03-05", "2026年3月5日", "２０２６/３/５", "2026.3.5", "二〇二六年三月五日"}},
	{"int", 0, GF_TYPE_INT, {"16", "16台", "１６ 个", "三台", "1,000"}},
	{"number", 0, GF_TYPE_NUMBER, {"2.5", "2.5kW", "10", "0.75", "3"}},
	{"gb", 0, GF_TYPE_GB, {"100G", "1TB", "512MB", "100", "2.5T"}},
	{"mobile", 0, GF_TYPE_MOBILE, {"13805612345", "138 0561 2345", "+86 13805612345", "１３８０５６１２３４５", "138-0561-2345"}},
	{"phone", 0, GF_TYPE_PHONE, {"0561-3112058", "（0561）3112058", "3112058", "05613112058", "13805612345"}},
	{"email", 0, GF_TYPE_EMAIL, {"zhangsan@163.com", "Zhang.San@hb.gov.cn", "zs＠qq.com", "a+b@x.org", "ab@mail.example.com"}},
	{"money", 0, GF_TYPE_MONEY, {"120万元", "1,200,000元", "1.2亿", "￥1,200,000.00", "1200000"}},
	{"cpu", 0, GF_TYPE_CPU, {"8", "8核", "8C", "8vCPU", "8 核心"}},
	{"power_w", 0, GF_TYPE_POWER_W, {"500W", "0.5kW", "500", "0.5 KW", "500瓦"}},
	{"power_kw", 0, GF_TYPE_POWER_KW, {"5kW", "5000W", "5", "2.5", "5 千瓦"}},
	{"ipv4", 0, GF_TYPE_IPV4, {"10.1.2.3", "192.168.1.10", "１９２．１６８．１．１", "172.16.0.1", "8.8.8.8"}},
	{"cpumem", 1, GF_TYPE_TEXT, {"4核8G", "4C/8GB", "4vCPU 8GB", "CPU4核 内存8G", "8G 4核"}},
	{"disk", 2, GF_TYPE_TEXT, {"100G SSD", "500GB/SAS", "SSD 100G", "100", "SATA"}},
	{"refusal", 0, GF_TYPE_MOBILE, {"1.38056E+10", "12345", "abc", "138056123456", "0561-3112058"}},
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 200000;
	gf_values *v;
	gf_error err = {0};
	double t0 = now();
	if (gf_values_new(&v, &err) < 0) {
		fprintf(stderr, "bench_values: %s\n", err.msg);
		return 1;
	}
	printf("gf_values_new: %.2f ms\n", (now() - t0) * 1e3);
	gf_values_jit(v);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const bench_case *bc = &cases[c];
		long ok = 0;
		t0 = now();
		for (long i = 0; i < iters; i++) {
			const char *in = bc->inputs[i % 5];
			gf_value_why why;
			if (bc->kind == 0) {
				json_t *out;
				if (gf_value_parse(v, bc->type, in, &out, &why) == 0) {
					ok++;
					json_decref(out);
				}
			} else if (bc->kind == 1) {
				long cpu;
				double mem;
				ok += gf_value_parse_cpumem(v, in, &cpu, &mem, &why) == 0;
			} else {
				double gb;
				char *type;
				if (gf_value_parse_disk(v, in, &gb, &type, &why) == 0) {
					ok++;
					free(type);
				}
			}
		}
		double dt = now() - t0;
		printf("%-9s %10.0f parses/s  (%ld of %ld accepted)\n", bc->name, (double)iters / dt,
		       ok, iters);
	}
	gf_values_free(v);
	return 0;
}
