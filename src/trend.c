/* trend.c -- dates and the trend verdict. Pure: no I/O, no clock, no
 * globals; "today" is always passed in. */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Dates: days since 1970-01-01 (Howard Hinnant's civil algorithms). */

int bb_date_from_ymd(int y, int m, int d) {
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void ymd_from_day(int z, int *y, int *m, int *d) {
  z += 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m) {
  static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return dm[m - 1];
}

int bb_date_parse(const char *s, int *day) {
  if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
    return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
      return -1;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
    return -1;
  *day = bb_date_from_ymd(y, m, d);
  return 0;
}

void bb_date_format(int day, char buf[11]) {
  int y, m, d;
  ymd_from_day(day, &y, &m, &d);
  if (y < 0 || y > 9999)
    y = 0;
  const int v[8] = {y / 1000, y / 100 % 10, y / 10 % 10, y % 10, m / 10, m % 10, d / 10, d % 10};
  static const int at[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; i++)
    buf[at[i]] = (char)('0' + v[i]);
  buf[4] = buf[7] = '-';
  buf[10] = '\0';
}

int bb_night_of(int today, int hour) {
  return hour < 12 ? today - 1 : today;
}

/* ------------------------------------------------------------------ */
/* The trend. */

const char *bb_verdict_name(bb_verdict v) {
  switch (v) {
  case BB_IMPROVING: return "improving";
  case BB_WORSENING: return "worsening";
  case BB_NOT_IMPROVING: return "not_improving";
  case BB_TOO_EARLY: break;
  }
  return "too_early";
}

void bb_trend_clear(bb_trend *t) {
  if (!t)
    return;
  free(t->weekly);
  memset(t, 0, sizeof *t);
}

/* The entries as documented: strictly ascending dates (one per night) in
 * the years bb_date_parse accepts, tightness 0-10. The weekly arrays are
 * indexed by date, so an entry out of order would index past them (a
 * diary row dated 0000-00-00 once did). */
static int entries_ok(const bb_entry *e, size_t n) {
  if (n && !e)
    return 0;
  const int lo = bb_date_from_ymd(1900, 1, 1), hi = bb_date_from_ymd(9999, 12, 31);
  int prev = lo - 1;
  for (size_t i = 0; i < n; i++) {
    if (e[i].date <= prev || e[i].date > hi || e[i].tightness < 0 || e[i].tightness > 10)
      return 0;
    prev = e[i].date;
  }
  return 1;
}

int bb_trend_compute(const bb_entry *e, size_t n, int weeks, int today, bb_trend *t) {
  memset(t, 0, sizeof *t);
  if (weeks <= 0)
    weeks = 12;
  if (weeks > 100000)
    weeks = 100000;
  if (!entries_ok(e, n))
    return -2;
  if (n == 0)
    return 0;
  int last = e[n - 1].date;
  int from = last - 7 * weeks + 1;
  size_t lo = 0;
  while (lo < n && e[lo].date < from)
    lo++;
  int first = e[lo].date;
  t->first = first;
  t->last = last;
  t->span_days = last - first;
  t->entries = n - lo;
  long long since = (long long)today - last; /* any int today: no overflow */
  t->days_since_last = since > INT_MAX ? INT_MAX : since < INT_MIN ? INT_MIN : (int)since;

  /* Sums and counts, so that the rules compare exactly. */
  long sb = 0, nb = 0, sc = 0, nc = 0;
  for (size_t i = lo; i < n; i++) {
    if (e[i].date <= first + 6) {
      sb += e[i].tightness;
      nb++;
    }
    if (e[i].date >= last - 6) {
      sc += e[i].tightness;
      nc++;
    }
  }
  t->baseline = (double)sb / (double)nb;
  t->current = (double)sc / (double)nc;
  t->change = t->current - t->baseline;

  /* improving: b - c >= 2 and b - c >= 0.3 b, with b = sb/nb, c = sc/nc:
   * multiply through by 10 nb nc (positive). */
  long diff = sb * nc - sc * nb; /* (b - c) nb nc */
  if (t->span_days >= 13 && 10 * diff >= 20 * nb * nc && 10 * diff >= 3 * sb * nc)
    t->verdict = BB_IMPROVING;
  else if (t->span_days >= 13 && -diff >= 2 * nb * nc)
    t->verdict = BB_WORSENING;
  else if (t->span_days >= 21)
    t->verdict = BB_NOT_IMPROVING;
  else
    t->verdict = BB_TOO_EARLY;
  if (t->verdict == BB_WORSENING)
    t->flag = "worsening";
  else if (t->verdict == BB_NOT_IMPROVING)
    t->flag = "no_improvement";
  t->flag_level = t->flag ? BB_CONSULT : BB_SELF_CARE;

  /* Weekly means; weeks end on the last entry, so the last week is
   * "current". Only weeks from the first entry's on are listed. */
  int weeks_spanned = (last - first) / 7 + 1;
  size_t nw = (size_t)weeks_spanned;
  t->weekly = calloc(nw, sizeof *t->weekly);
  if (!t->weekly) {
    memset(t, 0, sizeof *t);
    return -1;
  }
  t->nweekly = nw;
  for (size_t w = 0; w < nw; w++)
    t->weekly[w].start = last - 7 * (int)(nw - w) + 1;
  double *sum = calloc(nw, sizeof *sum);
  if (!sum) {
    bb_trend_clear(t);
    return -1;
  }
  for (size_t i = lo; i < n; i++) {
    size_t w = nw - 1 - (size_t)((last - e[i].date) / 7);
    sum[w] += e[i].tightness;
    t->weekly[w].count++;
  }
  for (size_t w = 0; w < nw; w++)
    t->weekly[w].mean = t->weekly[w].count ? sum[w] / t->weekly[w].count : 0;
  free(sum);
  return 0;
}

const char *bb_trend_advice(const bb_trend *t) {
  switch (t->verdict) {
  case BB_IMPROVING:
    return "Your tightness has dropped by a meaningful amount (at least 2 "
           "points and 30%). "
           "Keep going with what is working.";
  case BB_WORSENING:
    return "Your tightness is at least 2 points worse than when you started. "
           "Book an "
           "appointment with a doctor or physical therapist in the next week "
           "or two; get help "
           "sooner if a warning sign appears.";
  case BB_NOT_IMPROVING:
    return "Three weeks or more of self-care have not brought a meaningful "
           "improvement. Book "
           "an appointment with a doctor or physical therapist: they can look "
           "for what is "
           "keeping it going. Keep the self-care going meanwhile.";
  case BB_TOO_EARLY: break;
  }
  if (t->entries == 0)
    return "No entries yet. Log each night with `bedback log` and the trend "
           "appears after two "
           "weeks.";
  return "It is too early to tell: a trend needs entries spanning at least two "
         "weeks (three "
         "to call it flat). Keep logging each night.";
}

const char *bb_trend_advice_with(const bb_trend *t, bb_level sign) {
  /* While a warning sign stands, what it says comes first: no verdict
   * says to keep going then. */
  if (sign >= BB_URGENT)
    return "A warning sign is on record (at the top): get the care it says now, whatever "
           "your tightness does. The trend is here for the clinician; it does not make "
           "waiting safe.";
  if (sign == BB_CONSULT) {
    if (t->verdict == BB_IMPROVING)
      return "Your tightness has dropped by a meaningful amount (at least 2 points and "
             "30%). A warning sign is on record (at the top): still book the appointment "
             "it asks for.";
    if (t->verdict == BB_TOO_EARLY)
      return "It is too early to tell from your tightness. A warning sign is on record (at "
             "the top): book the appointment it asks for, and log each night.";
  }
  return bb_trend_advice(t);
}
