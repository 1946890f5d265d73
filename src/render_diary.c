/* render_diary.c -- the diary's reports: the trend (text with a chart, or
 * JSON) and the export (CSV, JSON, a self-contained printable HTML report
 * with an inline SVG chart). Pure: bytes from values. */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

char *bbr_json_dump(json_t *root);

int bb_export_format_parse(const char *name, bb_export_format *out) {
  if (!name)
    return -1;
  if (!strcmp(name, "csv"))
    *out = BB_EXPORT_CSV;
  else if (!strcmp(name, "json"))
    *out = BB_EXPORT_JSON;
  else if (!strcmp(name, "html"))
    *out = BB_EXPORT_HTML;
  else
    return -1;
  return 0;
}

#define id_words bbr_id_words

/* Text as JSON, never dropped: jansson refuses invalid UTF-8 (json_string
 * gives NULL, and json_object_set_new then leaves the key out), so such
 * text is shown with U+FFFD for the bad bytes. NULL is null. */
static json_t *text_json(const char *s) {
  if (!s)
    return json_null();
  json_t *j = json_string(s);
  if (!j) {
    bbu_arena *a = bbu_arena_new();
    const char *r = a ? bbu_utf8_repair(a, s) : NULL;
    j = r ? json_string(r) : NULL;
    bbu_arena_free(a);
  }
  return j ? j : json_string("");
}

static json_t *date_json(int day) {
  char d[11];
  bb_date_format(day, d);
  return json_string(d);
}

static json_t *event_json(const bb_setup_event *ev) {
  json_t *e = json_object();
  json_object_set_new(e, "date", date_json(ev->date));
  json_object_set_new(e, "kind", text_json(ev->kind));
  json_object_set_new(e, "note", text_json(ev->note));
  return e;
}

static json_t *num_or_null(double v, int have) {
  return have ? json_real((double)(long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100) : json_null();
}

/* The level of the warning signs on record: the highest of them. */
static bb_level signs_level(const bb_warnings *w) {
  bb_level top = BB_SELF_CARE;
  for (size_t i = 0; i < bb_warnings_count(w); i++)
    if (bb_warnings_flag_level(w, i) > top)
      top = bb_warnings_flag_level(w, i);
  return top;
}

static json_t *trend_json(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w) {
  json_t *o = json_object();
  int have = t->entries > 0;
  /* the warning signs on record come before the verdict */
  json_object_set_new(o, "warning_signs", bbw_json(w));
  json_object_set_new(o, "verdict", json_string(bb_verdict_name(t->verdict)));
  json_object_set_new(o, "advice", json_string(bb_trend_advice_with(t, signs_level(w))));
  json_object_set_new(o, "baseline", num_or_null(t->baseline, have));
  json_object_set_new(o, "current", num_or_null(t->current, have));
  json_object_set_new(o, "change", num_or_null(t->change, have));
  json_object_set_new(o, "span_days", json_integer(have ? t->span_days : 0));
  json_object_set_new(o, "first", have ? date_json(t->first) : json_null());
  json_object_set_new(o, "last", have ? date_json(t->last) : json_null());
  json_object_set_new(o, "days_since_last", have ? json_integer(t->days_since_last) : json_null());
  json_object_set_new(o, "entry_count", json_integer((json_int_t)t->entries));
  json_t *flags = json_array();
  for (size_t i = 0; i < bb_warnings_count(w); i++) {
    json_t *f = json_object();
    char d[11];
    bb_date_format(bb_warnings_date(w, i), d);
    json_object_set_new(f, "id", json_string(bb_warnings_flag_id(w, i)));
    json_object_set_new(f, "level", json_string(bb_level_name(bb_warnings_flag_level(w, i))));
    json_object_set_new(f, "date", bb_warnings_date(w, i) ? json_string(d) : json_null());
    json_array_append_new(flags, f);
  }
  if (t->flag) {
    json_t *f = json_object();
    json_object_set_new(f, "id", json_string(t->flag));
    json_object_set_new(f, "level", json_string(bb_level_name(t->flag_level)));
    json_array_append_new(flags, f);
  }
  json_object_set_new(o, "flags", flags);
  json_t *weekly = json_array();
  for (size_t i = 0; i < t->nweekly; i++) {
    json_t *wk = json_object();
    json_object_set_new(wk, "start", date_json(t->weekly[i].start));
    json_object_set_new(wk, "end", date_json(t->weekly[i].start + 6));
    json_object_set_new(wk, "count", json_integer(t->weekly[i].count));
    json_object_set_new(wk, "mean", num_or_null(t->weekly[i].mean, t->weekly[i].count > 0));
    json_array_append_new(weekly, wk);
  }
  json_object_set_new(o, "weekly", weekly);
  if (v) {
    json_t *ents = json_array();
    for (size_t i = 0; i < v->nentries; i++) {
      if (!have || v->entries[i].date < t->first)
        continue;
      json_t *e = json_object();
      json_object_set_new(e, "date", date_json(v->entries[i].date));
      json_object_set_new(e, "tightness", json_integer(v->entries[i].tightness));
      json_object_set_new(e, "routine_rating",
                          v->entries[i].rating >= 0 ? json_integer(v->entries[i].rating)
                                                    : json_null());
      json_array_append_new(ents, e);
    }
    json_object_set_new(o, "entries", ents);
    json_t *ev = json_array();
    for (size_t i = 0; i < v->nevents; i++) {
      if (!have || v->events[i].date < t->first - 7)
        continue;
      json_array_append_new(ev, event_json(&v->events[i]));
    }
    json_object_set_new(o, "setup_changes", ev);
  }
  return o;
}

/* ------------------------------------------------------------------ */
/* Trend as text */

static const char *const EIGHTHS[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
static const char *const SPARK[] = {"▁", "▁", "▂", "▃", "▄", "▄", "▅", "▆", "▇", "▇", "█"};

static void bar(bbu_buf *b, double v, int uni, int cells) {
  /* 0-10 over cells - 1 cells (30 on an 80-column terminal), one more for
   * the last partial block */
  int eighths = (int)(v * (cells - 1) * 8 / 10 + 0.5);
  if (uni) {
    for (int i = 0; i < eighths / 8; i++)
      bbu_buf_add(b, "█");
    bbu_buf_add(b, EIGHTHS[eighths % 8]);
  } else {
    for (int i = 0; i < eighths / 8; i++)
      bbu_buf_add(b, "#");
  }
  int used = eighths / 8 + (uni && eighths % 8 ? 1 : 0);
  for (int i = used; i < cells; i++)
    bbu_buf_add(b, " ");
}

static void fmt1(char *buf, size_t size, double v) {
  snprintf(buf, size, "%.1f", v);
}

static char *trend_text(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w,
                        unsigned flags, int width) {
  /* Below 66 columns the chart is laid out narrower (a shorter bar, less
   * space), so that every line fits; below 40 the width is taken as 80. */
  if (width < 40)
    width = 80;
  int narrow = width < 66;
  size_t wd = (size_t)width;
  int uni = (flags & BB_RENDER_UNICODE) != 0, color = (flags & BB_RENDER_COLOR) != 0;
  const char *bold = color ? "\033[1m" : "", *off = color ? "\033[0m" : "";
  const char *vc = "";
  bb_level sign = signs_level(w);
  if (color)
    vc = sign > BB_SELF_CARE              ? "\033[1m" /* never green over a warning sign */
         : t->verdict == BB_IMPROVING     ? "\033[1;32m"
         : t->verdict == BB_WORSENING     ? "\033[1;31m"
         : t->verdict == BB_NOT_IMPROVING ? "\033[1;33m"
                                          : "\033[1m";
  bbu_buf b;
  bbu_buf_init(&b);
  bbw_text(&b, w, flags, wd);
  char d1[11], d2[11], x[32];
  if (!t->entries) {
    bbu_buf_printf(&b, "%sTightness trend%s: no entries yet.\n\n%s\n", bold, off,
                   bb_trend_advice_with(t, sign));
    return bbu_buf_take(&b);
  }
  bb_date_format(t->first, d1);
  bb_date_format(t->last, d2);
  /* days counted the way nights are: both ends included (32 nights every
   * night from the 1st to the 32nd are 32 days, not "31 days") */
  if (narrow) {
    char head[160];
    snprintf(head, sizeof head, "%sTightness trend%s: %zu night%s from %s to %s (%d day%s)", bold,
             off, t->entries, t->entries == 1 ? "" : "s", d1, d2, t->span_days + 1,
             t->span_days ? "s" : "");
    bbr_item(&b, wd, 0, "", head);
    bbu_buf_add(&b, "\n  week of    nights   average 0-10\n");
  } else {
    bbu_buf_printf(&b, "%sTightness trend%s: %zu night%s from %s to %s (%d day%s)\n\n", bold, off,
                   t->entries, t->entries == 1 ? "" : "s", d1, d2, t->span_days + 1,
                   t->span_days ? "s" : "");
    bbu_buf_printf(&b, "  week of     nights (0-10)  weekly average, 0 none %s 10 worst\n",
                   uni ? "→" : "->");
  }
  /* a week's line: "  DATE  " (narrow "  DATE "), 7 nights, a gap, the
   * bar, the average in 4 columns */
  int cells = narrow ? width - 1 - 13 - 7 - 2 - 4 : 31;
  size_t ei = 0, vi = 0;
  while (ei < v->nentries && v->entries[ei].date < t->first)
    ei++;
  while (vi < v->nevents && v->events[vi].date < t->weekly[0].start)
    vi++;
  for (size_t wi = 0; wi < t->nweekly; wi++) {
    const bb_week *wk = &t->weekly[wi];
    bb_date_format(wk->start, d1);
    bbu_buf_printf(&b, narrow ? "  %s " : "  %s  ", d1);
    for (int day = wk->start; day < wk->start + 7; day++) {
      while (ei < v->nentries && v->entries[ei].date < day)
        ei++;
      if (ei < v->nentries && v->entries[ei].date == day) {
        int tt = v->entries[ei].tightness;
        if (uni)
          bbu_buf_add(&b, SPARK[tt < 0 ? 0 : tt > 10 ? 10 : tt]);
        else
          bbu_buf_printf(&b, "%c", tt >= 10 ? '+' : (char)('0' + tt));
      } else
        bbu_buf_add(&b, uni ? "·" : ".");
    }
    bbu_buf_add(&b, narrow ? "  " : "        ");
    if (wk->count) {
      bar(&b, wk->mean, uni, cells);
      fmt1(x, sizeof x, wk->mean);
      bbu_buf_printf(&b, "%4s\n", x);
    } else
      bbu_buf_add(&b, "(no entries)\n");
    for (; vi < v->nevents && v->events[vi].date < wk->start + 7; vi++) {
      bb_date_format(v->events[vi].date, d1);
      char ev[1200], kw[64];
      snprintf(ev, sizeof ev, "%s  setup change: %s%s%s", d1,
               id_words(v->events[vi].kind, ' ', kw, sizeof kw), v->events[vi].note ? " - " : "",
               v->events[vi].note ? v->events[vi].note : "");
      if (narrow)
        bbr_item(&b, wd, 2, uni ? "◆ " : "* ", ev);
      else
        bbu_buf_printf(&b, "  %s %s\n", uni ? "◆" : "*", ev);
    }
  }
  if (!uni && narrow)
    bbr_item(&b, wd, 2, "", "(each night's tightness as a digit, + for 10, . for no entry)");
  else if (!uni)
    bbu_buf_add(&b, "  (each night's tightness as a digit, + for 10, . for no entry)\n");
  char bs[16], cs[16], ch[16];
  fmt1(bs, sizeof bs, t->baseline);
  fmt1(cs, sizeof cs, t->current);
  snprintf(ch, sizeof ch, "%+.1f", t->change);
  bbu_buf_printf(&b,
                 narrow ? "\n  first 7 days  %s\n  last 7 days   %s\n  change        %s%s\n\n"
                        : "\n  baseline (first 7 days)  %s\n  current (last 7 days)    %s\n"
                          "  change                   %s%s\n\n",
                 bs, cs, ch,
                 /* better or worse only for a change people notice (the
                  * trend's 2 points); a -0.6 is no clear change */
                 t->change <= -2  ? " (better)"
                 : t->change >= 2 ? " (worse)"
                                  : " (no clear change)");
  /* how the back felt right after the routine, when it was rated */
  int nr = 0, sum = 0, lastr = -1, lastd = 0;
  for (size_t i = 0; i < v->nentries; i++)
    if (v->entries[i].date >= t->first && v->entries[i].rating >= 0) {
      nr++;
      sum += v->entries[i].rating;
      lastr = v->entries[i].rating;
      lastd = v->entries[i].date;
    }
  if (nr) {
    char ld[11];
    bb_date_format(lastd, ld);
    bbu_buf_printf(&b, "  after the routine        %.1f on average (%d rated), last %d on %s\n\n",
                   (double)sum / nr, nr, lastr, ld);
  }
  char words[32];
  bbu_buf_printf(&b, "%sVerdict: %s%s", vc,
                 id_words(bb_verdict_name(t->verdict), ' ', words, sizeof words), off);
  if (t->flag) {
    char fw[64];
    bbu_buf_printf(&b, narrow ? "\n  (%s: %s)" : "  (%s: %s)",
                   id_words(t->flag, ' ', fw, sizeof fw),
                   t->flag_level == BB_CONSULT ? "see a doctor or physical therapist"
                                               : bb_level_name(t->flag_level));
  }
  bbu_buf_add(&b, "\n");
  bbr_item(&b, wd, 0, "", bb_trend_advice_with(t, sign));
  if (t->days_since_last > 7)
    bbu_buf_printf(&b,
                   "\nThe last entry is %d days old: log tonight to keep the "
                   "trend honest.\n",
                   t->days_since_last);
  return bbu_buf_take(&b);
}

char *bb_trend_render(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w,
                      bb_format format, unsigned flags) {
  return bb_trend_render_width(t, v, w, format, flags, 80);
}

char *bb_trend_render_width(const bb_trend *t, const bb_diary_view *v, const bb_warnings *w,
                            bb_format format, unsigned flags, int width) {
  if (format == BB_FORMAT_JSON)
    return bbr_json_dump(trend_json(t, v, w));
  return trend_text(t, v, w, flags, width);
}

/* ------------------------------------------------------------------ */
/* Export */

static json_t *entry_json(const bb_entry *e, const bb_kb *kb) {
  json_t *o = json_object();
  json_object_set_new(o, "date", date_json(e->date));
  json_object_set_new(o, "tightness", json_integer(e->tightness));
  json_object_set_new(o, "wake", e->wake >= 0 ? json_integer(e->wake) : json_null());
  json_object_set_new(o, "position", text_json(e->position));
  json_object_set_new(o, "routine", e->routine >= 0 ? json_boolean(e->routine) : json_null());
  json_object_set_new(o, "heat_minutes",
                      e->heat_minutes >= 0 ? json_integer(e->heat_minutes) : json_null());
  json_t *sym = e->symptoms ? json_loads(e->symptoms, 0, NULL) : NULL;
  /* symptoms that are not JSON (another program's) are kept as text */
  json_object_set_new(o, "symptoms",
                      sym           ? sym
                      : e->symptoms ? text_json(e->symptoms)
                                    : json_object());
  bbu_buf words;
  bbu_buf_init(&words);
  bbu_buf_add(&words, "");
  bbw_symptoms_words(&words, kb, e->symptoms);
  json_object_set_new(o, "warning_signs", json_string(words.buf ? words.buf : ""));
  bbu_buf_free(&words);
  json_object_set_new(o, "triage", text_json(e->triage));
  json_object_set_new(o, "note", text_json(e->note));
  json_object_set_new(o, "earlier_versions", json_integer(e->versions));
  json_object_set_new(o, "routine_rating", e->rating >= 0 ? json_integer(e->rating) : json_null());
  return o;
}

char *bb_entry_render_json(const bb_entry *e, const bb_kb *kb) {
  return bbr_json_dump(entry_json(e, kb));
}

char *bb_entries_render_json(const bb_diary_view *v, const bb_warnings *w) {
  json_t *root = json_object();
  json_object_set_new(root, "warning_signs", bbw_json(w));
  json_t *ents = json_array();
  for (size_t i = 0; i < v->nentries; i++)
    json_array_append_new(ents, entry_json(&v->entries[i], bbw_kb(w)));
  json_object_set_new(root, "entries", ents);
  return bbr_json_dump(root);
}

static char *export_json(const bb_diary_view *v, const bb_trend *t, const bb_warnings *w,
                         int today) {
  json_t *root = json_object();
  json_object_set_new(root, "bedback", json_string(BEDBACK_VERSION));
  json_object_set_new(root, "generated", date_json(today));
  json_object_set_new(root, "warning_signs", bbw_json(w));
  json_t *ents = json_array();
  for (size_t i = 0; i < v->nentries; i++)
    json_array_append_new(ents, entry_json(&v->entries[i], bbw_kb(w)));
  json_object_set_new(root, "entries", ents);
  json_t *ev = json_array();
  for (size_t i = 0; i < v->nevents; i++)
    json_array_append_new(ev, event_json(&v->events[i]));
  json_object_set_new(root, "setup_changes", ev);
  json_object_set_new(root, "trend", trend_json(t, NULL, w));
  if (v->assessment) {
    const bb_saved_assessment *a = v->assessment;
    json_t *o = json_object();
    json_object_set_new(o, "created", json_string(a->created ? a->created : ""));
    json_object_set_new(o, "source", json_string(a->source ? a->source : ""));
    json_object_set_new(o, "level", json_string(a->level ? a->level : ""));
    json_object_set_new(o, "knowledge_base", json_string(a->kb_version ? a->kb_version : ""));
    json_t *ans = a->answers_json ? json_loads(a->answers_json, 0, NULL) : NULL;
    json_t *as = a->assessment_json ? json_loads(a->assessment_json, 0, NULL) : NULL;
    json_object_set_new(o, "answers", ans ? ans : json_null());
    json_object_set_new(o, "assessment", as ? as : json_null());
    json_object_set_new(root, "latest_assessment", o);
  } else
    json_object_set_new(root, "latest_assessment", json_null());
  return bbr_json_dump(root);
}

/* A text cell (RFC 4180 quoting). One that begins with = + - @ a tab or a
 * carriage return would be run as a formula by a spreadsheet (a note
 * "=cmd|' /C calc'!A0"): as OWASP recommends for CSV injection, it gets
 * a leading apostrophe, inside double quotes, so it shows as text. */
static void csv_field(bbu_buf *b, const char *s) {
  if (!s)
    return;
  int formula = strchr("=+-@\t\r", *s) && *s;
  if (!formula && !strpbrk(s, ",\"\r\n")) {
    bbu_buf_add(b, s);
    return;
  }
  bbu_buf_add(b, formula ? "\"'" : "\"");
  for (; *s; s++) {
    if (*s == '"')
      bbu_buf_add(b, "\"");
    bbu_buf_addn(b, s, 1);
  }
  bbu_buf_add(b, "\"");
}

static void csv_int(bbu_buf *b, int v) {
  if (v >= 0)
    bbu_buf_printf(b, "%d", v);
}

static char *export_csv(const bb_diary_view *v, const bb_warnings *w) {
  bbu_buf b;
  bbu_buf_init(&b);
  /* No line before the header: the warning signs are in their column, in
   * words, on the night they were logged. */
  bbu_buf_add(&b, "date,tightness,wake,position,routine,heat_minutes,warning_signs,triage,note,"
                  "earlier_versions,routine_rating\r\n");
  for (size_t i = 0; i < v->nentries; i++) {
    const bb_entry *e = &v->entries[i];
    char d[11];
    bb_date_format(e->date, d);
    bbu_buf_printf(&b, "%s,%d,", d, e->tightness);
    csv_int(&b, e->wake);
    bbu_buf_add(&b, ",");
    csv_field(&b, e->position);
    bbu_buf_add(&b, ",");
    if (e->routine >= 0)
      bbu_buf_add(&b, e->routine ? "yes" : "no");
    bbu_buf_add(&b, ",");
    csv_int(&b, e->heat_minutes);
    bbu_buf_add(&b, ",");
    bbu_buf words;
    bbu_buf_init(&words);
    bbu_buf_add(&words, "");
    bbw_symptoms_words(&words, bbw_kb(w), e->symptoms);
    csv_field(&b, words.buf);
    bbu_buf_free(&words);
    bbu_buf_add(&b, ",");
    csv_field(&b, e->triage);
    bbu_buf_add(&b, ",");
    csv_field(&b, e->note);
    bbu_buf_printf(&b, ",%d,", e->versions);
    csv_int(&b, e->rating);
    bbu_buf_add(&b, "\r\n");
  }
  return bbu_buf_take(&b);
}

/* HTML: XHTML-compatible syntax, so that any XML parser accepts it. */
#define esc bbr_html_esc

static const char CSS[] =
    "body{font-family:system-ui,-apple-system,'Segoe "
    "UI',Roboto,sans-serif;color:#222;"
    "max-width:960px;margin:24px auto;padding:0 16px;line-height:1.4}"
    "h1{font-size:1.5em;margin:0 0 4px}h2{font-size:1.15em;border-bottom:1px "
    "solid #ccc;"
    "padding-bottom:2px;margin-top:28px}"
    ".meta{color:#555;font-size:.9em}"
    ".summary{border:2px solid #888;border-radius:6px;padding:10px "
    "14px;margin:16px 0}"
    ".summary.improving{border-color:#2e7d32}.summary.worsening{border-color:#"
    "c62828}"
    ".summary.not_improving{border-color:#ef6c00}"
    ".verdict{font-size:1.2em;font-weight:bold}"
    ".nums{display:flex;gap:28px;margin:6px 0}.nums div "
    "b{display:block;font-size:1.3em}"
    "table{border-collapse:collapse;width:100%;font-size:.85em}"
    "th,td{border:1px solid #ccc;padding:3px "
    "6px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}tr:nth-child(even) td{background:#fafafa}"
    "td.n{text-align:right}td:first-child{white-space:nowrap}td.note{width:35%}"
    ".level{font-weight:bold;text-transform:uppercase}"
    ".emergency,.urgent{color:#c62828}.consult{color:#ef6c00}.self_care{color:#"
    "2e7d32}"
    "svg{width:100%;height:auto;border:1px solid #ddd}"
    ".foot{margin-top:28px;font-size:.8em;color:#666}"
    ".signs{border:3px solid #c62828;background:#fdecea;border-radius:6px;padding:10px "
    "14px;margin:16px 0}.signs h2{color:#b71c1c;border:0;margin:0 0 6px;font-size:1.3em}"
    ".signs.consult{border-color:#ef6c00;background:#fff3e0}.signs.consult h2{color:#e65100}"
    ".signs .todo{font-weight:bold}.signs li{margin:6px 0}"
    "@page{size:A4;margin:15mm}"
    "@media "
    "print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}"
    "tr,.summary,.signs,svg{break-inside:avoid}thead{display:table-header-group}"
    ".signs{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "th{background:#eee "
    "!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

static void svg_chart(bbu_buf *b, const bb_diary_view *v, const bb_trend *t) {
  const double W = 900, H = 300, L = 40, R = 10, T = 14, B = 44;
  int d0 = v->entries[0].date, d1 = v->entries[v->nentries - 1].date;
  if (d1 == d0)
    d1 = d0 + 1;
  double pw = W - L - R, ph = H - T - B;
#define X(day) (L + pw * (double)((day)-d0) / (double)(d1 - d0))
#define Y(val) (T + ph * (1.0 - (val) / 10.0))
  bbu_buf_printf(b,
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                 "role=\"img\" aria-label=\"Tightness each night, 0 to 10\">\n",
                 W, H);
  bbu_buf_add(b, "<title>Tightness each night (0 none, 10 worst)</title>\n");
  if (t->entries)
    bbu_buf_printf(b,
                   "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                   "fill=\"#eef4fb\"/>\n",
                   X(t->first), T, X(t->last) - X(t->first), ph);
  for (int y = 0; y <= 10; y += 2)
    bbu_buf_printf(b,
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" "
                   "fill=\"#555\">%d</text>\n",
                   L, Y(y), W - R, Y(y), L - 6, Y(y) + 4, y);
  /* date labels: about six */
  for (int i = 0; i <= 5; i++) {
    int day = d0 + (int)((double)(d1 - d0) * i / 5.0);
    char ds[11];
    bb_date_format(day, ds);
    bbu_buf_printf(b,
                   "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"%s\" "
                   "fill=\"#555\">%s</text>\n",
                   X(day), H - B + 16,
                   i == 0   ? "start"
                   : i == 5 ? "end"
                            : "middle",
                   ds);
  }
  for (size_t i = 0; i < v->nevents; i++) {
    const bb_setup_event *ev = &v->events[i];
    if (ev->date < d0 || ev->date > d1)
      continue;
    bbu_buf_printf(b,
                   "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#8e24aa\" "
                   "stroke-dasharray=\"5,4\"/><text x=\"%.1f\" y=\"%.1f\" "
                   "font-size=\"11\" "
                   "fill=\"#8e24aa\">",
                   X(ev->date), T, X(ev->date), T + ph, X(ev->date) + 3,
                   T + 10 + 12.0 * (double)(i % 3));
    char kw[64];
    esc(b, id_words(ev->kind, ' ', kw, sizeof kw));
    bbu_buf_add(b, "</text>\n");
  }
  /* each night; a night not logged breaks the line rather than being
   * bridged as if it had been in between */
  for (size_t i = 0; i < v->nentries; i++) {
    if (i == 0 || v->entries[i].date - v->entries[i - 1].date > 1) {
      if (i)
        bbu_buf_add(b, "\"/>\n");
      bbu_buf_add(b, "<polyline class=\"nightly\" fill=\"none\" stroke=\"#90a4ae\" "
                     "stroke-width=\"1\" points=\"");
    }
    bbu_buf_printf(b, "%.1f,%.1f ", X(v->entries[i].date), Y(v->entries[i].tightness));
  }
  if (v->nentries)
    bbu_buf_add(b, "\"/>\n");
  if (v->nentries <= 400)
    for (size_t i = 0; i < v->nentries; i++)
      bbu_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#546e7a\"/>\n",
                     X(v->entries[i].date), Y(v->entries[i].tightness));
  /* weekly means of the trend window */
  if (t->nweekly) {
    bbu_buf_add(b, "<polyline class=\"weekly\" fill=\"none\" stroke=\"#1565c0\" "
                   "stroke-width=\"3\" points=\"");
    /* each week's mean across its seven days, so that the line covers the
     * trend window to its last entry (a point mid-week stopped 3 days
     * short) */
    for (size_t w = 0; w < t->nweekly; w++)
      if (t->weekly[w].count) {
        int a = t->weekly[w].start < d0 ? d0 : t->weekly[w].start;
        int z = t->weekly[w].start + 6 > d1 ? d1 : t->weekly[w].start + 6;
        bbu_buf_printf(b, "%.1f,%.1f %.1f,%.1f ", X(a), Y(t->weekly[w].mean), X(z),
                       Y(t->weekly[w].mean));
      }
    bbu_buf_add(b, "\"/>\n");
  }
  bbu_buf_printf(b,
                 "<g font-size=\"11\"><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
                 "y2=\"%.0f\" "
                 "stroke=\"#90a4ae\"/><text x=\"%.0f\" y=\"%.0f\">each night</text>"
                 "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
                 "stroke=\"#1565c0\" "
                 "stroke-width=\"3\"/><text x=\"%.0f\" y=\"%.0f\">weekly average (trend "
                 "window shaded)</text><line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" "
                 "y2=\"%.0f\" "
                 "stroke=\"#8e24aa\" stroke-dasharray=\"5,4\"/><text x=\"%.0f\" "
                 "y=\"%.0f\">"
                 "sleep setup change</text></g>\n",
                 L, H - 10, L + 24, H - 10, L + 30, H - 6, L + 130, H - 10, L + 154, H - 10,
                 L + 160, H - 6, L + 420, H - 10, L + 444, H - 10, L + 450, H - 6);
  bbu_buf_add(b, "</svg>\n");
#undef X
#undef Y
}

/* The warning signs on record: the first thing in the report. */
static void html_signs(bbu_buf *b, const bb_warnings *w) {
  size_t n = bb_warnings_count(w);
  if (!n)
    return;
  bb_level top = signs_level(w);
  char lw[32];
  bbu_buf_printf(b, "<div class=\"signs %s\">\n<h2>Warning sign%s on record: %s</h2>\n",
                 bb_level_name(top), n == 1 ? "" : "s", BBR_LEVEL_LABEL[top]);
  bbu_buf_add(b, "<p class=\"todo\">");
  const bb_kb *kb = bbw_kb(w);
  esc(b, kb->headline[top]);
  bbu_buf_add(b, "</p>\n<ul>\n");
  for (size_t i = 0; i < n; i++) {
    bb_level l = bb_warnings_flag_level(w, i);
    bbu_buf_add(b, "<li>");
    if (bb_warnings_date(w, i)) {
      char d[11];
      bb_date_format(bb_warnings_date(w, i), d);
      bbu_buf_printf(b, "Night of %s: ", d);
    }
    bbu_buf_add(b, "<b>");
    esc(b, bb_warnings_title(w, i));
    bbu_buf_printf(b, "</b> &#8212; <span class=\"level %s\">%s</span><br/>", bb_level_name(l),
                   id_words(BBR_LEVEL_LABEL[l], ' ', lw, sizeof lw));
    esc(b, bb_warnings_flag_text(w, i));
    bbu_buf_add(b, "</li>\n");
  }
  bbu_buf_add(b, "</ul>\n<p class=\"meta\">A warning sign stays on record until a later "
                 "assessment clears it, or it is withdrawn as logged by mistake.</p>\n</div>\n");
}

/* The latest assessment as the assessment's own HTML rendering
 * (render_html.c), from what was stored: one rendering everywhere, with
 * the words (question texts, labels) of `kb` (the built-in one when NULL). */
static void html_assessment(bbu_buf *b, const bb_saved_assessment *a, const bb_kb *kb) {
  if (!a) {
    bbu_buf_add(b, "<h2>Latest assessment</h2>\n<p>No assessment has been saved (<code>bedback "
                   "assess --save</code>).</p>\n");
    return;
  }
  json_t *root = a->assessment_json ? json_loads(a->assessment_json, 0, NULL) : NULL;
  json_t *answers = a->answers_json ? json_loads(a->answers_json, 0, NULL) : NULL;
  bb_kb *own = root && !kb ? bb_kb_load_builtin(NULL) : NULL;
  if (!kb)
    kb = own;
  if (!root || !kb) {
    bbu_buf_add(b, "<h2>Latest assessment</h2>\n<p>The stored assessment could not be read.</p>\n");
  } else {
    bbu_buf lbl;
    bbu_buf_init(&lbl);
    bbu_buf_add(&lbl, a->created ? a->created : "");
    if (a->source && !strcmp(a->source, "log"))
      bbu_buf_add(&lbl, " (made when a warning sign was logged)");
    char *date = bbu_buf_take(&lbl);
    bbr_html_assessment(b, kb, root, answers, date, 2);
    free(date);
  }
  bb_kb_free(own);
  json_decref(answers);
  json_decref(root);
}

static char *export_html(const bb_diary_view *v, const bb_trend *t, const bb_warnings *w,
                         int today) {
  bb_level sign = signs_level(w);
  bbu_buf b;
  bbu_buf_init(&b);
  char gen[11], d1[11], d2[11];
  bb_date_format(today, gen);
  bbu_buf_add(&b, "<!DOCTYPE html>\n<html lang=\"en\" "
                  "xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                  "<head>\n<meta charset=\"utf-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, "
                  "initial-scale=1\"/>\n"
                  "<title>Back tightness diary - bedback report</title>\n<style>");
  bbu_buf_add(&b, CSS);
  bbu_buf_add(&b, BBR_HTML_CSS);
  bbu_buf_add(&b, "</style>\n</head>\n<body>\n<h1>Back tightness diary</h1>\n");
  html_signs(&b, w);
  bbu_buf_printf(&b, "<p class=\"meta\">Report made by bedback %s on %s. ", BEDBACK_VERSION, gen);
  if (v->nentries) {
    bb_date_format(v->entries[0].date, d1);
    bb_date_format(v->entries[v->nentries - 1].date, d2);
    bbu_buf_printf(&b, "%zu nights logged, %s to %s. ", v->nentries, d1, d2);
  }
  bbu_buf_add(&b, "Tightness is the person's own rating, 0 (none) to 10 (worst), "
                  "logged each night.</p>\n");
  char vw[32];
  /* never a green box over a warning sign */
  bbu_buf_printf(&b, "<div class=\"summary %s\">\n<div class=\"verdict\">Trend: %s</div>\n",
                 sign > BB_SELF_CARE ? "under_sign" : bb_verdict_name(t->verdict),
                 id_words(bb_verdict_name(t->verdict), ' ', vw, sizeof vw));
  if (t->entries) {
    bb_date_format(t->first, d1);
    bb_date_format(t->last, d2);
    bbu_buf_printf(&b,
                   "<div class=\"nums\"><div>baseline (first 7 days)<b>%.1f</b></div>"
                   "<div>current (last 7 "
                   "days)<b>%.1f</b></div><div>change<b>%+.1f</b></div>"
                   "<div>span<b>%d days</b></div></div>\n"
                   "<p>Trend window: %s to %s, %zu entries.",
                   t->baseline, t->current, t->change, t->span_days, d1, d2, t->entries);
    if (t->flag) {
      char fw[64];
      bbu_buf_printf(&b, " Flag: <b>%s</b> (%s).", id_words(t->flag, ' ', fw, sizeof fw),
                     t->flag_level == BB_CONSULT ? "see a doctor or physical therapist"
                                                 : bb_level_name(t->flag_level));
    }
    bbu_buf_add(&b, "</p>\n");
  }
  bbu_buf_add(&b, "<p>");
  esc(&b, bb_trend_advice_with(t, sign));
  bbu_buf_add(&b, "</p>\n<p class=\"meta\">Rules: improving when the last 7 "
                  "days average at least "
                  "2 points and 30% below the first 7 days over at least 2 "
                  "weeks; worsening when "
                  "2 points above; not improving when neither after 3 "
                  "weeks.</p>\n</div>\n");
  if (v->nentries) {
    bbu_buf_add(&b, "<h2>Chart</h2>\n");
    svg_chart(&b, v, t);
  }
  if (v->nevents) {
    bbu_buf_add(&b, "<h2>Changes to the sleep setup</h2>\n<ul>\n");
    for (size_t i = 0; i < v->nevents; i++) {
      bb_date_format(v->events[i].date, d1);
      bbu_buf_printf(&b, "<li>%s: ", d1);
      char kw[64];
      esc(&b, id_words(v->events[i].kind, ' ', kw, sizeof kw));
      if (v->events[i].note) {
        bbu_buf_add(&b, " - ");
        esc(&b, v->events[i].note);
      }
      bbu_buf_add(&b, "</li>\n");
    }
    bbu_buf_add(&b, "</ul>\n");
  }
  html_assessment(&b, v->assessment, bbw_kb(w));
  bbu_buf_add(&b, "<h2>Entries</h2>\n");
  if (!v->nentries)
    bbu_buf_add(&b, "<p>No entries.</p>\n");
  else {
    bbu_buf_add(
        &b,
        "<table class=\"entries\">\n<thead><tr><th>Night</th><th>Tightness</th><th>On waking</th>"
        "<th>Position</th><th>Routine (rating after)</th><th>Heat (min)</th>"
        "<th>New warning signs</th><th>Note</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < v->nentries; i++) {
      const bb_entry *e = &v->entries[i];
      bb_date_format(e->date, d1);
      bbu_buf_printf(&b, "<tr><td>%s</td><td class=\"n\">%d</td><td class=\"n\">", d1,
                     e->tightness);
      if (e->wake >= 0)
        bbu_buf_printf(&b, "%d", e->wake);
      bbu_buf_add(&b, "</td><td>");
      esc(&b, e->position);
      bbu_buf_printf(&b, "</td><td>%s", e->routine < 0 ? "" : e->routine ? "yes" : "no");
      if (e->rating >= 0)
        bbu_buf_printf(&b, " (%d)", e->rating);
      bbu_buf_add(&b, "</td><td class=\"n\">");
      if (e->heat_minutes >= 0)
        bbu_buf_printf(&b, "%d", e->heat_minutes);
      bbu_buf_add(&b, "</td><td>");
      bbu_buf words;
      bbu_buf_init(&words);
      bbw_symptoms_words(&words, bbw_kb(w), e->symptoms);
      esc(&b, words.buf);
      bbu_buf_free(&words);
      if (e->triage) {
        char tw[32];
        bbu_buf_add(&b, " <span class=\"level ");
        esc(&b, e->triage);
        bbu_buf_add(&b, "\">");
        esc(&b, id_words(e->triage, '-', tw, sizeof tw));
        bbu_buf_add(&b, "</span>");
      }
      bbu_buf_add(&b, "</td><td class=\"note\">");
      esc(&b, e->note);
      if (e->versions)
        bbu_buf_printf(&b, " <i>(amended; %d earlier version%s kept)</i>", e->versions,
                       e->versions == 1 ? "" : "s");
      bbu_buf_add(&b, "</td></tr>\n");
    }
    bbu_buf_add(&b, "</tbody>\n</table>\n");
  }
  bbu_buf_add(&b, "<p class=\"foot\">bedback gives self-care guidance, not a "
                  "diagnosis. The "
                  "diary records what the person reported; it was not measured.</p>\n"
                  "</body>\n</html>\n");
  return bbu_buf_take(&b);
}

char *bb_export_render(const bb_diary_view *v, const bb_trend *t, const bb_warnings *w,
                       bb_export_format format, int today) {
  switch (format) {
  case BB_EXPORT_CSV: return export_csv(v, w);
  case BB_EXPORT_JSON: return export_json(v, t, w, today);
  case BB_EXPORT_HTML: return export_html(v, t, w, today);
  }
  return NULL;
}
