/* test_trend.c -- the trend verdict (issue 4's normative rules) and dates:
 * every verdict and its boundaries, pure, no database. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bedback.h"

#define D0 20000 /* any day */

/* Entries on days `off[i]` after D0 with tightness `t[i]`. */
static bb_trend trend_of(const int *off, const int *t, size_t n, int weeks) {
  bb_entry e[400];
  assert_true(n <= 400);
  for (size_t i = 0; i < n; i++)
    e[i] = (bb_entry){D0 + off[i], t[i], -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, n, weeks, D0 + (n ? off[n - 1] : 0), &tr), 0);
  return tr;
}

/* Daily entries over `days` days: first week at `b`, last week at `c`,
 * the middle at `mid`. */
static bb_trend daily(int days, int b, int c, int mid) {
  int off[400], t[400];
  for (int i = 0; i < days; i++) {
    off[i] = i;
    t[i] = i <= 6 ? b : i >= days - 7 ? c : mid;
  }
  return trend_of(off, t, (size_t)days, 12);
}

static void expect(bb_trend tr, bb_verdict v, const char *flag) {
  assert_string_equal(bb_verdict_name(tr.verdict), bb_verdict_name(v));
  if (flag) {
    assert_non_null(tr.flag);
    assert_string_equal(tr.flag, flag);
    assert_int_equal(tr.flag_level, BB_CONSULT);
  } else
    assert_null(tr.flag);
  bb_trend_clear(&tr);
}

static void test_empty_and_single(void **s) {
  (void)s;
  bb_trend tr;
  assert_int_equal(bb_trend_compute(NULL, 0, 12, D0, &tr), 0);
  assert_int_equal(tr.verdict, BB_TOO_EARLY);
  assert_int_equal(tr.entries, 0);
  bb_trend_clear(&tr);
  int off[] = {0}, t[] = {5};
  tr = trend_of(off, t, 1, 12);
  assert_int_equal(tr.span_days, 0);
  assert_true(tr.baseline == 5.0 && tr.current == 5.0 && tr.change == 0.0);
  expect(tr, BB_TOO_EARLY, NULL);
}

static void test_improving(void **s) {
  (void)s;
  /* span 13, 6 -> 4: a drop of 2 = max(2, 1.8) */
  bb_trend tr = daily(14, 6, 4, 5);
  assert_int_equal(tr.span_days, 13);
  assert_true(tr.baseline == 6.0 && tr.current == 4.0 && tr.change == -2.0);
  expect(tr, BB_IMPROVING, NULL);
  /* span 12: too early, whatever the drop */
  expect(daily(13, 9, 1, 5), BB_TOO_EARLY, NULL);
  /* 10 -> 7: a drop of exactly 30% = 3: improving (exact comparison) */
  expect(daily(14, 10, 7, 8), BB_IMPROVING, NULL);
  /* 10 -> 8: 2 points but only 20%: not improving (span 13: too early) */
  expect(daily(14, 10, 8, 9), BB_TOO_EARLY, NULL);
  expect(daily(22, 10, 8, 9), BB_NOT_IMPROVING, "no_improvement");
  /* 5 -> 3.5 is 30% but under 2 points */
  {
    int off[14], t[14];
    for (int i = 0; i < 14; i++) {
      off[i] = i;
      t[i] = i <= 6 ? 5 : (i % 2 ? 3 : 4); /* last 7: 4,3,4,3,4,3,4 -> 25/7 = 3.57 */
    }
    bb_trend x = trend_of(off, t, 14, 12);
    assert_true(x.baseline - x.current < 2.0);
    expect(x, BB_TOO_EARLY, NULL);
  }
  /* a drop of 1.857 (not 2) from 3: too small */
  {
    int off[22], t[22];
    for (int i = 0; i < 22; i++) {
      off[i] = i;
      t[i] = i <= 6 ? 3 : i >= 15 ? (i == 15 ? 2 : 1) : 3; /* last 7: 2+1*6 = 8/7 */
    }
    bb_trend x = trend_of(off, t, 22, 12);
    assert_true(x.baseline - x.current < 2.0 && x.baseline - x.current > 1.8);
    expect(x, BB_NOT_IMPROVING, "no_improvement");
  }
  /* 0.3 x baseline rules for a high start: 9 -> 6.3 needs 2.7 */
  {
    int off[14], t[14];
    for (int i = 0; i < 14; i++) {
      off[i] = i;
      t[i] = i <= 6 ? 9 : 6; /* drop of 3 >= 2.7 */
    }
    expect(trend_of(off, t, 14, 12), BB_IMPROVING, NULL);
  }
}

static void test_worsening(void **s) {
  (void)s;
  bb_trend tr = daily(14, 3, 5, 4);
  assert_true(tr.change == 2.0);
  expect(tr, BB_WORSENING, "worsening");
  expect(daily(13, 3, 9, 4), BB_TOO_EARLY, NULL); /* span 12 */
  /* 3 -> 4.86: under 2 points worse; after 3 weeks it is "not improving" */
  int off[22], t[22];
  for (int i = 0; i < 22; i++) {
    off[i] = i;
    t[i] = i <= 6 ? 3 : i >= 15 ? (i == 15 ? 4 : 5) : 4; /* last 7: 34/7 */
  }
  bb_trend x = trend_of(off, t, 22, 12);
  assert_true(x.change < 2.0 && x.change > 1.8);
  expect(x, BB_NOT_IMPROVING, "no_improvement");
  expect(daily(30, 2, 8, 5), BB_WORSENING, "worsening");
}

static void test_not_improving(void **s) {
  (void)s;
  bb_trend tr = daily(22, 5, 5, 5);
  assert_int_equal(tr.span_days, 21);
  expect(tr, BB_NOT_IMPROVING, "no_improvement");
  expect(daily(21, 5, 5, 5), BB_TOO_EARLY, NULL); /* span 20 */
  expect(daily(22, 5, 4, 5), BB_NOT_IMPROVING, "no_improvement");
  expect(daily(22, 5, 6, 5), BB_NOT_IMPROVING, "no_improvement");
}

static void test_sparse_and_window(void **s) {
  (void)s;
  /* two entries 13 days apart: baseline and current are single nights */
  int off[] = {0, 13}, t[] = {8, 5};
  bb_trend tr = trend_of(off, t, 2, 12);
  assert_true(tr.baseline == 8.0 && tr.current == 5.0);
  expect(tr, BB_IMPROVING, NULL);
  /* the window: 2 weeks up to the last entry drops the old bad nights */
  int o2[60], t2[60];
  for (int i = 0; i < 60; i++) {
    o2[i] = i;
    t2[i] = i < 30 ? 9 : 3;
  }
  tr = trend_of(o2, t2, 60, 2);
  assert_int_equal(tr.entries, 14);
  assert_int_equal(tr.first, D0 + 46);
  assert_true(tr.baseline == 3.0);
  expect(tr, BB_TOO_EARLY, NULL);
  tr = trend_of(o2, t2, 60, 12);
  assert_int_equal(tr.entries, 60);
  expect(tr, BB_IMPROVING, NULL);
  /* weeks <= 0 means 12 */
  tr = trend_of(o2, t2, 60, 0);
  assert_int_equal(tr.entries, 60);
  bb_trend_clear(&tr);
}

static void test_weekly(void **s) {
  (void)s;
  int off[] = {0, 1, 8, 15, 16}, t[] = {2, 4, 6, 1, 3};
  bb_trend tr = trend_of(off, t, 5, 12);
  /* weeks end on the last entry (day 16): 10-16, 3-9, -4-2 */
  assert_int_equal(tr.nweekly, 3);
  assert_int_equal(tr.weekly[0].start, D0 - 4);
  assert_int_equal(tr.weekly[0].count, 2);
  assert_true(tr.weekly[0].mean == 3.0);
  assert_int_equal(tr.weekly[1].count, 1);
  assert_true(tr.weekly[1].mean == 6.0);
  assert_int_equal(tr.weekly[2].start, D0 + 10);
  assert_true(tr.weekly[2].mean == 2.0);
  assert_int_equal(tr.days_since_last, 0);
  bb_trend_clear(&tr);
}

static void test_dates(void **s) {
  (void)s;
  int d;
  char buf[11];
  assert_int_equal(bb_date_parse("1970-01-01", &d), 0);
  assert_int_equal(d, 0);
  assert_int_equal(bb_date_parse("2024-02-29", &d), 0);
  bb_date_format(d, buf);
  assert_string_equal(buf, "2024-02-29");
  assert_int_equal(bb_date_parse("2026-03-01", &d), 0);
  assert_int_equal(d - 1, bb_date_from_ymd(2026, 2, 28));
  assert_int_equal(bb_date_parse("2026-02-30", &d), -1);
  assert_int_equal(bb_date_parse("2023-02-29", &d), -1);
  assert_int_equal(bb_date_parse("1900-02-29", &d), -1);
  assert_int_equal(bb_date_parse("2000-02-29", &d), 0);
  assert_int_equal(bb_date_parse("2026-13-01", &d), -1);
  assert_int_equal(bb_date_parse("2026-1-01", &d), -1);
  assert_int_equal(bb_date_parse("2026-01-01x", &d), -1);
  assert_int_equal(bb_date_parse("yesterday", &d), -1);
  assert_int_equal(bb_date_parse(NULL, &d), -1);
  for (int day = -1000; day < 60000; day += 37) {
    bb_date_format(day, buf);
    assert_int_equal(bb_date_parse(buf, &d), 0);
    assert_int_equal(d, day);
  }
  /* the noon rule: before noon is last night */
  assert_int_equal(bb_night_of(D0, 0), D0 - 1);
  assert_int_equal(bb_night_of(D0, 11), D0 - 1);
  assert_int_equal(bb_night_of(D0, 12), D0);
  assert_int_equal(bb_night_of(D0, 23), D0);
}

/* bb_trend_compute checks its input rather than trusting it: entries out
 * of order, repeated, outside the dates bb_date_parse accepts or with a
 * tightness outside 0-10 give -2 and a cleared trend. Day 0 before a day
 * of 9999 made it write past its weekly array. */
static void test_bad_input(void **s) {
  (void)s;
  bb_trend tr;
  const int lo = bb_date_from_ymd(1900, 1, 1), hi = bb_date_from_ymd(9999, 12, 31);
  struct {
    int d0, t0, d1, t1;
  } bad[] = {
      {D0 + 5, 5, D0, 5},  /* out of order */
      {D0, 5, D0, 6},      /* the same night twice */
      {lo - 1, 5, D0, 5},  /* before 1900 */
      {D0, 5, hi + 1, 5},  /* after 9999 */
      {D0, 11, D0 + 1, 5}, /* tightness 11 */
      {D0, 5, D0 + 1, -1}, /* tightness -1 */
      {D0, 5, bb_date_from_ymd(0, 1, 1), 5},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    bb_entry e[2] = {{bad[i].d0, bad[i].t0, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1},
                     {bad[i].d1, bad[i].t1, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1}};
    memset(&tr, 0x55, sizeof tr);
    assert_int_equal(bb_trend_compute(e, 2, 12, D0, &tr), -2);
    assert_null(tr.weekly);
    assert_int_equal(tr.entries, 0);
  }
  assert_int_equal(bb_trend_compute(NULL, 3, 12, D0, &tr), -2);
  /* the extremes themselves are fine, and so is any `today` */
  bb_entry e[2] = {{lo, 0, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1},
                   {hi, 10, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1}};
  assert_int_equal(bb_trend_compute(e, 2, 100000, INT_MIN, &tr), 0);
  assert_int_equal(tr.entries, 1); /* the window is 100000 weeks: lo is outside */
  assert_int_equal(tr.days_since_last, INT_MIN);
  bb_trend_clear(&tr);
}

static void test_render(void **s) {
  (void)s;
  int off[] = {0, 13}, t[] = {8, 5};
  bb_entry e[2] = {{D0, 8, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1},
                   {D0 + 13, 5, 2, "side", 1, 20, NULL, "a \"note\", <b>", NULL, 1, -1}};
  (void)off;
  (void)t;
  bb_setup_event ev = {D0 + 3, "mattress", "new & firm"};
  bb_diary_view v = {e, 2, &ev, 1, true, NULL, NULL, 0, NULL, 0, NULL};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, 2, 12, D0 + 14, &tr), 0);
  char *txt = bb_trend_render(&tr, &v, NULL, BB_FORMAT_TEXT, 0);
  assert_non_null(strstr(txt, "Verdict: improving"));
  assert_non_null(strstr(txt, "setup change: mattress"));
  free(txt);
  char *json = bb_trend_render(&tr, &v, NULL, BB_FORMAT_JSON, 0);
  assert_non_null(strstr(json, "\"verdict\": \"improving\""));
  assert_non_null(strstr(json, "\"span_days\": 13"));
  free(json);
  char *csv = bb_export_render(&v, &tr, NULL, BB_EXPORT_CSV, D0 + 14);
  assert_non_null(strstr(csv, ",\"a \"\"note\"\", <b>\","));
  free(csv);
  char *html = bb_export_render(&v, &tr, NULL, BB_EXPORT_HTML, D0 + 14);
  assert_non_null(strstr(html, "a &quot;note&quot;, &lt;b&gt;"));
  assert_non_null(strstr(html, "new &amp; firm"));
  assert_non_null(strstr(html, "<svg"));
  free(html);
  bb_trend_clear(&tr);
  /* a verdict id with an underscore reads as words in text, stays an id in JSON */
  assert_int_equal(bb_trend_compute(e, 1, 12, D0 + 14, &tr), 0);
  txt = bb_trend_render(&tr, &v, NULL, BB_FORMAT_TEXT, 0);
  assert_non_null(strstr(txt, "Verdict: too early"));
  assert_null(strstr(txt, "too_early"));
  free(txt);
  json = bb_trend_render(&tr, &v, NULL, BB_FORMAT_JSON, 0);
  assert_non_null(strstr(json, "\"verdict\": \"too_early\""));
  free(json);
  bb_trend_clear(&tr);
}

/* The widest line of `text`, in columns (UTF-8 characters). */
static size_t widest(const char *text) {
  size_t max = 0, col = 0;
  for (const char *p = text; *p; p++) {
    if (*p == '\n') {
      col = 0;
      continue;
    }
    if (((unsigned char)*p & 0xC0) != 0x80 && ++col > max)
      max = col;
  }
  return max;
}

/* A terminal narrower than 80 columns (issue 12): the chart and every line
 * of the trend fit the width given, in ASCII and in block characters; 80
 * columns keep the usual layout. */
static void test_render_narrow(void **s) {
  (void)s;
  bb_entry e[15];
  for (int i = 0; i < 15; i++)
    e[i] = (bb_entry){D0 + i, 10 - i % 3, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  bb_setup_event ev = {D0 + 3, "mattress",
                       "a new medium-firm one from the shop down the road, 25 cm deep"};
  bb_diary_view v = {e, 15, &ev, 1, true, NULL, NULL, 0, NULL, 0, NULL};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, 15, 12, D0 + 15, &tr), 0);
  int widths[] = {40, 45, 59};
  for (size_t i = 0; i < 3; i++)
    for (unsigned uni = 0; uni <= BB_RENDER_UNICODE; uni += BB_RENDER_UNICODE) {
      char *txt = bb_trend_render_width(&tr, &v, NULL, BB_FORMAT_TEXT, uni, widths[i]);
      assert_non_null(strstr(txt, "Verdict:"));
      assert_non_null(strstr(txt, "setup change:"));
      assert_non_null(strstr(txt, "mattress"));
      if (widest(txt) > (size_t)widths[i])
        fail_msg("a line wider than %d columns:\n%s", widths[i], txt);
      free(txt);
    }
  char *a = bb_trend_render_width(&tr, &v, NULL, BB_FORMAT_TEXT, 0, 80);
  char *b = bb_trend_render(&tr, &v, NULL, BB_FORMAT_TEXT, 0);
  assert_string_equal(a, b);
  free(a);
  free(b);
  bb_trend_clear(&tr);
}

/* The trend for people (issue 11): the flag and setup changes in words,
 * "(better)" only for a change people notice, days counted like nights. */
static void test_render_words(void **s) {
  (void)s;
  bb_entry e[32];
  for (int i = 0; i < 32; i++)
    e[i] = (bb_entry){D0 + i, i < 7 ? 5 : 4, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  e[31].tightness = 5; /* current 4.43 vs baseline 5: -0.57 */
  bb_setup_event ev = {D0 + 3, "knee_pillow", NULL};
  bb_diary_view v = {e, 32, &ev, 1, true, NULL, NULL, 0, NULL, 0, NULL};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, 32, 12, D0 + 32, &tr), 0);
  assert_int_equal(tr.verdict, BB_NOT_IMPROVING);
  char *txt = bb_trend_render(&tr, &v, NULL, BB_FORMAT_TEXT, 0);
  assert_non_null(strstr(txt, "32 nights from"));
  assert_non_null(strstr(txt, "(32 days)"));
  assert_null(strstr(txt, "(better)"));
  assert_non_null(strstr(txt, "(no clear change)"));
  assert_null(strstr(txt, "no_improvement"));
  assert_null(strstr(txt, "knee_pillow"));
  assert_non_null(strstr(txt, "setup change: knee pillow"));
  assert_non_null(strstr(txt, "(no improvement: see a doctor or physical therapist)"));
  free(txt);
  char *html = bb_export_render(&v, &tr, NULL, BB_EXPORT_HTML, D0 + 32);
  assert_null(strstr(html, "knee_pillow"));
  assert_null(strstr(html, "no_improvement"));
  assert_non_null(strstr(html, "Trend: not improving"));
  free(html);
  bb_trend_clear(&tr);
}

/* The report's chart: a night not logged breaks the nightly line, and
 * the weekly line reaches the last entry (the right edge, x 890). */
static void test_html_chart_lines(void **s) {
  (void)s;
  bb_entry e[19];
  size_t n = 0;
  for (int i = 0; i <= 20; i++)
    if (i != 10 && i != 11)
      e[n++] = (bb_entry){D0 + i, 3 + i % 4, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  bb_diary_view v = {e, n, NULL, 0, true, NULL, NULL, 0, NULL, 0, NULL};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, n, 12, D0 + 21, &tr), 0);
  char *html = bb_export_render(&v, &tr, NULL, BB_EXPORT_HTML, D0 + 21);
  size_t lines = 0;
  for (const char *p = strstr(html, "class=\"nightly\""); p; p = strstr(p + 1, "class=\"nightly\""))
    lines++;
  assert_int_equal(lines, 2);
  const char *w = strstr(html, "class=\"weekly\"");
  assert_non_null(w);
  const char *end = strstr(w, "\"/>");
  assert_non_null(end);
  const char *last = end;
  while (last > w && last[-1] == ' ')
    last--;
  while (last > w && last[-1] != ' ')
    last--;
  assert_true(strncmp(last, "890.0,", 6) == 0);
  free(html);
  bb_trend_clear(&tr);
}

/* The 0-10 rating given after the routine is shown in the trend and the
 * exports (it was stored and never shown). */
static void test_rating_shown(void **s) {
  (void)s;
  bb_entry e[2] = {{D0, 6, -1, NULL, 1, -1, NULL, NULL, NULL, 0, 4},
                   {D0 + 1, 5, -1, NULL, 1, -1, NULL, NULL, NULL, 0, 2}};
  bb_diary_view v = {e, 2, NULL, 0, true, NULL, NULL, 0, NULL, 0, NULL};
  bb_trend tr;
  assert_int_equal(bb_trend_compute(e, 2, 12, D0 + 2, &tr), 0);
  char *txt = bb_trend_render(&tr, &v, NULL, BB_FORMAT_TEXT, 0);
  assert_non_null(strstr(txt, "after the routine        3.0 on average (2 rated), last 2 on"));
  free(txt);
  char *csv = bb_export_render(&v, &tr, NULL, BB_EXPORT_CSV, D0 + 2);
  assert_non_null(strstr(csv, ",routine_rating\r\n"));
  assert_non_null(strstr(csv, ",0,4\r\n"));
  free(csv);
  char *json = bb_export_render(&v, &tr, NULL, BB_EXPORT_JSON, D0 + 2);
  assert_non_null(strstr(json, "\"routine_rating\": 2"));
  free(json);
  char *html = bb_export_render(&v, &tr, NULL, BB_EXPORT_HTML, D0 + 2);
  assert_non_null(strstr(html, "yes (4)"));
  free(html);
  bb_trend_clear(&tr);
}

/* ------------------------------------------------------------------ */
/* The warning signs on record (issue 8): a pure function of the records. */

static bb_sign_record rec(int night, const char *sign, const char *value, const char *source,
                          const char *when) {
  return (bb_sign_record){D0 + night, sign, value, source, when};
}

/* The warning signs on record for `signs` (oldest first) over the latest
 * answers `answers` (NULL: none saved). */
static bb_warnings *signs_of(const bb_kb *kb, bb_sign_record *signs, size_t n,
                             const char *answers) {
  bb_saved_assessment last = {"assess", "self_care", "k", answers, "{}", NULL, 0, NULL};
  bb_diary_view v = {NULL, 0, NULL, 0, true, answers ? &last : NULL, signs, n, NULL, 0, NULL};
  bb_error err;
  bb_warnings *w = bb_warnings_new(kb, &v, &err);
  assert_non_null(w);
  return w;
}

static void test_warnings(void **state) {
  (void)state;
  bb_error err;
  bb_kb *kb = bb_kb_load_builtin(&err);
  assert_non_null(kb);
  /* nothing on record */
  bb_warnings *w = signs_of(kb, NULL, 0, NULL);
  assert_int_equal(bb_warnings_count(w), 0);
  assert_int_equal(bb_warnings_level(w), BB_SELF_CARE);
  char *txt = bb_warnings_render(w, BB_FORMAT_TEXT, 0, 80);
  assert_string_equal(txt, "");
  free(txt);
  bb_warnings_free(w);

  /* a logged emergency newer than the answers that said no: it stands,
   * dated by its night, in words */
  bb_sign_record r1[] = {rec(0, "leg_numbness", "none", "assess", "2026-01-01T08:00:00Z"),
                         rec(3, "leg_numbness", "both_legs", "log", "2026-01-04T08:00:00Z")};
  w = signs_of(kb, r1, 2, "{\"leg_numbness\": \"none\", \"tightness\": 4}");
  assert_int_equal(bb_warnings_level(w), BB_EMERGENCY);
  assert_int_equal(bb_warnings_count(w), 1);
  assert_string_equal(bb_warnings_flag_id(w, 0), "bilateral_leg_symptoms");
  assert_int_equal(bb_warnings_flag_level(w, 0), BB_EMERGENCY);
  assert_int_equal(bb_warnings_date(w, 0), D0 + 3);
  assert_string_equal(bb_warnings_title(w, 0), "Weakness, numbness or tingling in both legs");
  txt = bb_warnings_render(w, BB_FORMAT_TEXT, 0, 60);
  assert_non_null(strstr(txt, "WARNING SIGN ON RECORD: EMERGENCY"));
  for (char *line = txt; *line;) {
    size_t len = strcspn(line, "\n");
    assert_true(len <= 60);
    line += len + (line[len] == '\n');
  }
  free(txt);
  char *json = bb_warnings_render(w, BB_FORMAT_JSON, 0, 0), day[11], want[40];
  bb_date_format(D0 + 3, day);
  snprintf(want, sizeof want, "\"date\": \"%s\"", day);
  assert_non_null(strstr(json, want));
  assert_non_null(strstr(json, "\"level\": \"emergency\""));
  free(json);
  bb_warnings_free(w);

  /* answers given after it (an assessment that says no) clear it; answers
   * as old as before it (an old file saved later) do not */
  bb_sign_record r2[] = {rec(3, "leg_numbness", "both_legs", "log", "2026-01-04T08:00:00Z"),
                         rec(5, "leg_numbness", "none", "assess", "2026-01-06T08:00:00Z")};
  w = signs_of(kb, r2, 2, "{\"leg_numbness\": \"none\"}");
  assert_int_equal(bb_warnings_count(w), 0);
  assert_true(bb_warnings_level(w) < BB_URGENT);
  bb_warnings_free(w);

  /* a withdrawal takes back that night's record only: the answer before
   * it is what stands again */
  bb_sign_record r3[] = {rec(0, "bladder_change", "yes", "assess", "2026-01-01T08:00:00Z"),
                         rec(3, "bladder_change", "yes", "log", "2026-01-04T08:00:00Z"),
                         rec(3, "bladder_change", NULL, "withdraw", "2026-01-04T09:00:00Z")};
  w = signs_of(kb, r3, 3, NULL);
  assert_int_equal(bb_warnings_level(w), BB_EMERGENCY);
  assert_int_equal(bb_warnings_date(w, 0), D0); /* since the first answer */
  bb_warnings_free(w);
  bb_sign_record r4[] = {rec(3, "bladder_change", "yes", "log", "2026-01-04T08:00:00Z"),
                         rec(3, "bladder_change", NULL, "withdraw", "2026-01-04T09:00:00Z")};
  w = signs_of(kb, r4, 2, "{\"bladder_change\": true}"); /* the log's merged answers */
  assert_int_equal(bb_warnings_count(w), 0);
  assert_int_equal(bb_warnings_level(w), BB_SELF_CARE);
  bb_warnings_free(w);

  /* a consult-level sign stands too, and the trend's advice never says to
   * keep going while a sign stands */
  bb_sign_record r5[] = {rec(1, "cancer_history", "yes", "assess", "2026-01-02T08:00:00Z")};
  w = signs_of(kb, r5, 1, NULL);
  assert_int_equal(bb_warnings_count(w), 1);
  assert_string_equal(bb_warnings_flag_id(w, 0), "cancer_history");
  bb_trend tr = daily(28, 7, 3, 5);
  assert_int_equal(tr.verdict, BB_IMPROVING);
  assert_non_null(strstr(bb_trend_advice(&tr), "Keep going"));
  for (int l = BB_CONSULT; l <= BB_EMERGENCY; l++)
    assert_null(strstr(bb_trend_advice_with(&tr, (bb_level)l), "eep going"));
  bb_diary_view v = {NULL, 0, NULL, 0, true, NULL, NULL, 0, NULL, 0, NULL};
  char *out = bb_trend_render(&tr, &v, w, BB_FORMAT_TEXT, 0);
  assert_true(strncmp(out, " !! WARNING SIGN ON RECORD: SEE A CLINICIAN", 43) == 0);
  assert_null(strstr(out, "eep going"));
  free(out);
  bb_trend_clear(&tr);
  bb_warnings_free(w);
  bb_kb_free(kb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_and_single), cmocka_unit_test(test_bad_input),
      cmocka_unit_test(test_improving),        cmocka_unit_test(test_worsening),
      cmocka_unit_test(test_not_improving),    cmocka_unit_test(test_sparse_and_window),
      cmocka_unit_test(test_weekly),           cmocka_unit_test(test_dates),
      cmocka_unit_test(test_render),           cmocka_unit_test(test_render_narrow),
      cmocka_unit_test(test_render_words),     cmocka_unit_test(test_html_chart_lines),
      cmocka_unit_test(test_rating_shown),     cmocka_unit_test(test_warnings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
