/* test_serve.c -- bedback-serve's pure parts (serve/request.c, guard.c):
 * decoding query strings, forms, cookies and media types; escaping; the
 * guard's decisions on Host, Origin / Sec-Fetch-Site, the token and the
 * CSRF field. The HTTP side is tests/serve/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "serve.h"

static void params(void **state) {
  (void)state;
  sv_params p;
  const char q[] = "a=1&b=two+words&c=%C3%A9t%c3%a9&d&=x&a=second&e=%zz%4&f=x%00y&&g=";
  assert_int_equal(sv_params_parse(&p, q, strlen(q)), 0);
  assert_string_equal(sv_params_get(&p, "a"), "1"); /* the first counts */
  assert_string_equal(sv_params_get(&p, "b"), "two words");
  assert_string_equal(sv_params_get(&p, "c"), "\xC3\xA9t\xC3\xA9");
  assert_string_equal(sv_params_get(&p, "d"), "");
  assert_string_equal(sv_params_get(&p, ""), "x");
  assert_string_equal(sv_params_get(&p, "e"), "%zz%4"); /* not %XX: kept */
  assert_string_equal(sv_params_get(&p, "f"), "x");     /* a NUL ends the value */
  assert_string_equal(sv_params_get(&p, "g"), "");
  assert_null(sv_params_get(&p, "h"));
  sv_params_free(&p);
  assert_int_equal(sv_params_parse(&p, "", 0), 0);
  assert_null(sv_params_get(&p, "a"));
  sv_params_free(&p);
}

static void cookies(void **state) {
  (void)state;
  char v[64];
  assert_true(sv_cookie_get("a=1; bb_token=abc; c=3", "bb_token", v, sizeof v));
  assert_string_equal(v, "abc");
  assert_true(sv_cookie_get("bb_token=\"q\"", "bb_token", v, sizeof v));
  assert_string_equal(v, "q");
  assert_false(sv_cookie_get("xbb_token=abc; bb_tokenx=1", "bb_token", v, sizeof v));
  assert_false(sv_cookie_get(NULL, "bb_token", v, sizeof v));
  assert_true(sv_cookie_get("bb_token=0123456789", "bb_token", v, 5)); /* truncated */
  assert_string_equal(v, "0123");
}

static void media(void **state) {
  (void)state;
  assert_true(sv_media_is("application/json", "application/json"));
  assert_true(sv_media_is(" Application/JSON ; charset=utf-8", "application/json"));
  assert_false(sv_media_is("application/jsonx", "application/json"));
  assert_false(sv_media_is("text/plain", "application/json"));
  assert_false(sv_media_is(NULL, "application/json"));
}

static void escaping(void **state) {
  (void)state;
  sv_buf b = {0};
  sv_buf_html(&b, "<a href=\"x\">it's & done</a>");
  assert_string_equal(b.p, "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; done&lt;/a&gt;");
  sv_buf_free(&b);
  sv_buf_json_str(&b, "a\"b\\c\nd\x01");
  assert_string_equal(b.p, "\"a\\\"b\\\\c\\nd\\u0001\"");
  sv_buf_free(&b);
  sv_buf_printf(&b, "%0300d", 7); /* longer than the small buffer */
  assert_int_equal(b.n, 300);
  sv_buf_free(&b);
}

static sv_server loopback(void) {
  sv_server s = {0};
  s.port = 8765;
  s.loopback = true;
  strcpy(s.host, "127.0.0.1");
  strcpy(s.token, "0123456789abcdef0123456789abcdef");
  strcpy(s.csrf, "fedcba9876543210fedcba9876543210");
  return s;
}

static void host(void **state) {
  (void)state;
  sv_server s = loopback();
  assert_true(sv_host_ok(&s, "127.0.0.1:8765"));
  assert_true(sv_host_ok(&s, "localhost:8765"));
  assert_true(sv_host_ok(&s, "LOCALHOST:8765"));
  assert_true(sv_host_ok(&s, "[::1]:8765"));
  assert_false(sv_host_ok(&s, "127.0.0.1"));
  assert_false(sv_host_ok(&s, "127.0.0.1:87650"));
  assert_false(sv_host_ok(&s, "127.0.0.1:876"));
  assert_false(sv_host_ok(&s, "evil.example:8765"));
  assert_false(sv_host_ok(&s, "127.0.0.1.evil.example:8765"));
  assert_false(sv_host_ok(&s, "127.0.0.2:8765"));
  assert_false(sv_host_ok(&s, NULL));
  assert_false(sv_host_ok(&s, ""));
  s.loopback = false;
  strcpy(s.host, "192.168.1.20");
  assert_true(sv_host_ok(&s, "192.168.1.20:8765"));
  assert_false(sv_host_ok(&s, "127.0.0.1:8765"));
  assert_false(sv_host_ok(&s, "localhost:8765"));
}

static void origin(void **state) {
  (void)state;
  sv_server s = loopback();
  const char *h = "127.0.0.1:8765";
  assert_true(sv_origin_ok(&s, h, NULL, NULL)); /* curl */
  assert_true(sv_origin_ok(&s, h, "http://127.0.0.1:8765", "same-origin"));
  assert_true(sv_origin_ok(&s, h, NULL, "none"));
  assert_false(sv_origin_ok(&s, h, NULL, "cross-site"));
  assert_false(sv_origin_ok(&s, h, NULL, "same-site"));
  assert_false(sv_origin_ok(&s, h, "http://evil.example", NULL));
  assert_false(sv_origin_ok(&s, h, "null", NULL));
  assert_false(sv_origin_ok(&s, h, "https://127.0.0.1:8765", NULL));
  assert_false(sv_origin_ok(&s, h, "http://127.0.0.1:8766", NULL));
  assert_false(sv_origin_ok(&s, h, "http://localhost:8765", NULL)); /* another name */
  assert_false(sv_origin_ok(&s, h, "http://127.0.0.1:8765", "cross-site"));
}

static void token_and_csrf(void **state) {
  (void)state;
  sv_server s = loopback();
  s.loopback = false;
  sv_request rq = {0};
  bool from_query;
  rq.srv = &s;
  assert_false(sv_token_ok(&s, &rq, &from_query));
  assert_int_equal(sv_params_parse(&rq.q, "token=0123456789abcdef0123456789abcdef", 38), 0);
  assert_true(sv_token_ok(&s, &rq, &from_query));
  assert_true(from_query);
  sv_params_free(&rq.q);
  rq.cookie = "bb_token=0123456789abcdef0123456789abcdef";
  assert_true(sv_token_ok(&s, &rq, &from_query));
  assert_false(from_query);
  rq.cookie = "bb_token=0123456789abcdef0123456789abcdee";
  assert_false(sv_token_ok(&s, &rq, &from_query));
  rq.cookie = NULL;
  rq.authorization = "Bearer 0123456789abcdef0123456789abcdef";
  assert_true(sv_token_ok(&s, &rq, &from_query));
  rq.authorization = "Bearer 0123456789abcdef0123456789abcde";
  assert_false(sv_token_ok(&s, &rq, &from_query));
  assert_true(sv_csrf_ok(&s, "fedcba9876543210fedcba9876543210"));
  assert_false(sv_csrf_ok(&s, "fedcba9876543210fedcba987654321"));
  assert_false(sv_csrf_ok(&s, NULL));
  sv_buf b = {0};
  rq.srv = &s;
  sv_csrf_field(&rq, &b);
  assert_non_null(strstr(b.p, "name=\"csrf\" value=\"fedcba9876543210fedcba9876543210\""));
  sv_buf_free(&b);
  char t1[SV_TOKEN_LEN + 1], t2[SV_TOKEN_LEN + 1];
  assert_int_equal(sv_random_token(t1), 0);
  assert_int_equal(sv_random_token(t2), 0);
  assert_int_equal(strlen(t1), SV_TOKEN_LEN);
  assert_int_equal(strspn(t1, "0123456789abcdef"), SV_TOKEN_LEN);
  assert_string_not_equal(t1, t2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(params),         cmocka_unit_test(cookies), cmocka_unit_test(media),
      cmocka_unit_test(escaping),       cmocka_unit_test(host),    cmocka_unit_test(origin),
      cmocka_unit_test(token_and_csrf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
