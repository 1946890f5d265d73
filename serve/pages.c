/* pages.c -- the frame every page shares, the start page, and the table
 * of the pages' routes. Server-rendered; the core path works without
 * JavaScript. Wording about health comes from the knowledge base and the
 * library's renderers, never from here (pages.h). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *path, *label;
} NAV[] = {
    {"/check", "Check"}, {"/fit", "Fit"},     {"/routine", "Routine"},
    {"/heat", "Heat"},   {"/diary", "Diary"},
};

void pg_begin(sv_response *rs, const char *title, const char *current) {
  rs->type = "text/html; charset=utf-8";
  rs->flags |= SV_PERSONAL; /* pages carry answers and diary entries */
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                 "<meta name=\"color-scheme\" content=\"light dark\"/>\n<title>");
  sv_buf_html(b, title);
  sv_buf_puts(b, " - bedback</title>\n"
                 /* the assessment's own style first: the page's adapts it (dark) */
                 "<link rel=\"stylesheet\" href=\"/assessment.css\"/>\n"
                 "<link rel=\"stylesheet\" href=\"/static/style.css\"/>\n"
                 "<link rel=\"icon\" href=\"/static/icon.svg\" type=\"image/svg+xml\"/>\n"
                 "<script src=\"/static/app.js\" defer=\"defer\"></script>\n"
                 "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
                 "<header class=\"site\">\n<a class=\"brand\" href=\"/\">bedback</a>\n"
                 "<nav aria-label=\"Main\"><ul>\n");
  for (size_t i = 0; i < sizeof NAV / sizeof *NAV; i++) {
    sv_buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>\n", NAV[i].path,
                  current && !strcmp(current, NAV[i].path) ? " aria-current=\"page\"" : "",
                  NAV[i].label);
  }
  sv_buf_puts(b, "</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void sv_html_begin(sv_response *rs, const char *title) {
  pg_begin(rs, title, NULL);
}

void sv_html_end(sv_response *rs) {
  sv_buf_puts(&rs->body, "</main>\n<footer class=\"site\">\n<p>bedback runs on this computer: "
                         "nothing you enter here leaves it. It gives self-care guidance, not "
                         "a diagnosis.</p>\n</footer>\n</body>\n</html>\n");
}

void sv_page_error(const sv_request *rq, sv_response *rs, int status, const char *message) {
  (void)rq;
  char title[64];
  snprintf(title, sizeof title, "%d %s", status, sv_reason(status));
  pg_begin(rs, title, NULL);
  sv_buf_puts(&rs->body, "<h1>");
  sv_buf_html(&rs->body, status >= 500 ? "Something went wrong" : title);
  sv_buf_puts(&rs->body, "</h1>\n<p class=\"problem\" role=\"alert\">");
  sv_buf_html(&rs->body, message);
  sv_buf_puts(&rs->body, "</p>\n<p><a href=\"/\">Back to the start</a></p>\n");
  sv_html_end(rs);
}

static int page_start(sv_request *rq, sv_response *rs) {
  (void)rq;
  pg_begin(rs, "Start", NULL);
  sv_buf *b = &rs->body;
  sv_buf_puts(b, "<h1>Tight back in bed?</h1>\n"
                 "<p class=\"lead\">bedback asks about your back, your sleep and your bed, "
                 "checks for the warning signs that need a doctor, and gives you a plan: "
                 "what may be feeding the tightness, a bedtime routine, and how your body "
                 "lies on your mattress.</p>\n"
                 "<ul class=\"points\">\n"
                 "<li><strong>It does not diagnose.</strong> It tells you when to see someone, "
                 "and helps you look after yourself in between.</li>\n"
                 "<li><strong>It stays on this computer.</strong> Nothing you enter is sent "
                 "anywhere; your diary is a file only you can read.</li>\n"
                 "<li><strong>It takes about five minutes.</strong> Skip any question you are "
                 "not sure about.</li>\n</ul>\n"
                 "<p><a class=\"button primary\" href=\"/check\">Start the check</a></p>\n"
                 "<h2>Already done the check?</h2>\n<ul class=\"links\">\n"
                 "<li><a href=\"/diary\">Log last night in your diary</a> and see your trend</li>\n"
                 "<li><a href=\"/routine\">Do your bedtime routine</a>, guided, with timers</li>\n"
                 "<li><a href=\"/heat\">Heat timer</a></li>\n"
                 "<li><a href=\"/fit\">How you lie on your mattress</a>: the sleep-support "
                 "picture</li>\n</ul>\n");
  sv_html_end(rs);
  return 0;
}

/* The style of the assessment's HTML fragment: the library's own rules,
 * the ones its printable page carries inline (one rendering). */
static int page_assessment_css(sv_request *rq, sv_response *rs) {
  (void)rq;
  const char *css = bb_render_html_css();
  rs->type = "text/css; charset=utf-8";
  rs->flags |= SV_STATIC;
  rs->static_body = css;
  rs->static_len = strlen(css);
  return 0;
}

void pg_section_title(const char *section, char *buf, size_t size) {
  if (!strcmp(section, "warning")) {
    snprintf(buf, size, "Warning signs");
    return;
  }
  snprintf(buf, size, "%s", section);
  for (char *p = buf; *p; p++)
    if (*p == '_')
      *p = ' ';
  if (*buf >= 'a' && *buf <= 'z')
    *buf = (char)(*buf - 'a' + 'A');
}

void pg_problem_add(pg_problems *ps, const char *field, const char *message) {
  if (ps->n >= PG_MAX_PROBLEMS)
    return;
  snprintf(ps->p[ps->n].field, sizeof ps->p[ps->n].field, "%s", field ? field : "");
  snprintf(ps->p[ps->n].message, sizeof ps->p[ps->n].message, "%s", message);
  ps->n++;
}

const char *pg_problem_for(const pg_problems *ps, const char *field) {
  for (size_t i = 0; ps && i < ps->n; i++)
    if (!strcmp(ps->p[i].field, field))
      return ps->p[i].message;
  return NULL;
}

void pg_problems_summary(sv_buf *b, const pg_problems *ps) {
  if (!ps || !ps->n)
    return;
  sv_buf_puts(b, "<div class=\"problems\" role=\"alert\" tabindex=\"-1\" id=\"problems\">\n"
                 "<h2>Please check</h2>\n<ul>\n");
  for (size_t i = 0; i < ps->n; i++) {
    sv_buf_puts(b, "<li>");
    if (*ps->p[i].field) {
      sv_buf_puts(b, "<a href=\"#f-");
      sv_buf_html(b, ps->p[i].field);
      sv_buf_puts(b, "\">");
    }
    sv_buf_html(b, ps->p[i].message);
    sv_buf_puts(b, *ps->p[i].field ? "</a></li>\n" : "</li>\n");
  }
  sv_buf_puts(b, "</ul>\n</div>\n");
}

int pg_night(void) {
  int today = 0, hour = 0;
  sv_now(&today, &hour);
  return bb_night_of(today, hour);
}

int pg_read_signs(const sv_request *rq, bb_diary_view **v, bb_warnings **w, bb_error *err) {
  *v = NULL;
  *w = NULL;
  bb_diary *d = sv_diary_open(rq->srv, BB_DIARY_READONLY, err);
  if (!d) {
    if (err->status != BB_EX_NOINPUT)
      return -1;
    bb_error_clear(err); /* no diary yet: no sign on record */
  } else {
    *v = bb_diary_read(d, 0, err);
    bb_diary_close(d);
    if (!*v)
      return -1;
  }
  *w = bb_warnings_new(rq->srv->kb, *v, err);
  return *w ? 0 : -1;
}

const sv_route sv_page_routes[] = {
    {"/", SV_GET, 0, page_start},
    {"/assessment.css", SV_GET, 0, page_assessment_css},
    {"/check", SV_GET, 0, pg_check},
    {"/check", SV_POST, SV_FORM, pg_check_post},
    {"/result/download", SV_POST, SV_FORM, pg_result_download},
    {"/result/save", SV_POST, SV_FORM, pg_result_save},
    {"/fit", SV_GET, 0, pg_fit},
    {"/fit", SV_POST, SV_FORM, pg_fit_post},
    {"/routine", SV_GET, 0, pg_routine},
    {"/routine/done", SV_POST, SV_FORM, pg_routine_done},
    {"/heat", SV_GET, 0, pg_heat},
    {"/heat/done", SV_POST, SV_FORM, pg_heat_done},
    {"/diary", SV_GET, 0, pg_diary},
    {"/diary/entry", SV_POST, SV_FORM, pg_diary_entry},
    {"/diary/setup", SV_POST, SV_FORM, pg_diary_setup},
    {"/diary/withdraw", SV_POST, SV_FORM, pg_diary_withdraw},
    {NULL, 0, 0, NULL},
};
