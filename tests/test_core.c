/* Core: text normalisation, UTF-8, tick marks, buffers, arena caps. */
#include "support.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/marks.h"
#include "core/sha256.h"
#include "core/text.h"
#include "core/utf8.h"

#include <string.h>

static void test_label_key(void **state)
{
	(void)state;
	gf_arena *a = gf_arena_new(0);
	assert_string_equal(gf_text_label_key(a, "＊电子 邮箱："), "电子邮箱");
	assert_string_equal(gf_text_label_key(a, "*项目编号或\n项目代码"), "项目编号或项目代码");
	assert_string_equal(gf_text_label_key(a, "一、信息系统基本情况"), "信息系统基本情况");
	assert_string_equal(gf_text_label_key(a, "1、主机资源"), "主机资源");
	assert_string_equal(gf_text_label_key(a, "（一）其它"), "其他");
	assert_string_equal(gf_text_label_key(a, "申\n请\n事\n由"), "申请事由");
	assert_string_equal(gf_text_label_key(a, "ＣＰＵ"), "cpu");
	assert_string_equal(gf_text_label_key(a, "12345"), "12345");
	gf_arena_free(a);
}

static void test_clean_fold(void **state)
{
	(void)state;
	gf_arena *a = gf_arena_new(0);
	assert_string_equal(gf_text_clean(a, "  淮北市\n\t教育局　 "), "淮北市 教育局");
	assert_string_equal(gf_text_fold(a, "１３８　０５６１"), "138 0561");
	assert_true(gf_text_blank(" \n\xE3\x80\x80"));
	assert_false(gf_text_blank(" x"));
	gf_arena_free(a);
}

static void test_utf8(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(gf_utf8_decode("\xF0\xA0\xAE\xB7", 4, &cp), 4);
	assert_int_equal(cp, 0x20BB7);
	assert_int_equal(gf_utf8_decode("\xC0\x80", 2, &cp), 0); /* overlong */
	assert_int_equal(gf_utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
	assert_false(gf_utf8_valid("ab\xFF", 3));
	assert_true(gf_utf8_valid("淮北", strlen("淮北")));
}

static void test_marks(void **state)
{
	(void)state;
	gf_box b[8];
	const char *t = "☐新建上云 ☑迁移上云 ☐√机房托管";
	size_t n = gf_marks_scan(t, b, 8);
	assert_int_equal(n, 3);
	assert_false(b[0].checked);
	assert_true(b[1].checked);
	assert_true(b[2].checked);
	assert_memory_equal(t + b[2].label_start, "机房托管", strlen("机房托管"));
	assert_int_equal(b[2].label_end - b[2].label_start, strlen("机房托管"));
	n = gf_marks_scan("√电信 移动 联通", b, 8);
	assert_int_equal(n, 1);
	assert_true(b[0].checked);
}

static void test_buf_cap(void **state)
{
	(void)state;
	gf_buf b = GF_BUF_INIT(8);
	assert_int_equal(gf_buf_puts(&b, "12345678"), 0);
	assert_int_equal(gf_buf_puts(&b, "9"), GF_ELIMIT);
	assert_int_equal(b.len, 8);
	gf_buf_free(&b);
	gf_arena *a = gf_arena_new(1024);
	assert_non_null(gf_arena_alloc(a, 1000));
	assert_null(gf_arena_alloc(a, 100));
	assert_true(gf_arena_over_cap(a));
	gf_arena_free(a);
}

static void test_sha256(void **state)
{
	(void)state;
	char hex[65];
	gf_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	gf_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	char big[1000];
	memset(big, 'a', sizeof big);
	gf_sha256 c;
	unsigned char d[32];
	gf_sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		gf_sha256_update(&c, big, sizeof big);
	gf_sha256_final(&c, d);
	gf_hex_encode(d, 32, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_label_key),
		cmocka_unit_test(test_clean_fold),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_buf_cap),
		cmocka_unit_test(test_sha256),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
