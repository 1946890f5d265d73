/*
 * pages.h -- what the HTML pages share (pages*.c; the pages half of
 * bedback-serve). Every page is rendered on the server and the core path
 * -- the check, the result, saving, the diary -- works without
 * JavaScript; web/app.js only enhances. The wording about health comes
 * from the knowledge base and the library's renderers (the assessment's
 * HTML fragment, the warning signs, the trend's advice, the fit's text);
 * what is written here is the frame: headings, buttons, instructions.
 */
#ifndef BB_PAGES_H
#define BB_PAGES_H

#include "serve.h"

/* The frame with the site's navigation; `current` ("/check") marks the
 * item the page belongs to (aria-current), NULL for none. */
void pg_begin(sv_response *rs, const char *title, const char *current);

/* "Warning signs", "Tightness": a question section's heading. */
void pg_section_title(const char *section, char *buf, size_t size);

/* One problem with a form field, for the summary and the field. */
typedef struct pg_problem {
  char field[64];
  char message[512];
} pg_problem;

#define PG_MAX_PROBLEMS 24
typedef struct pg_problems {
  pg_problem p[PG_MAX_PROBLEMS];
  size_t n;
} pg_problems;

void pg_problem_add(pg_problems *ps, const char *field, const char *message);
/* The message for `field`, or NULL. */
const char *pg_problem_for(const pg_problems *ps, const char *field);
/* The summary at the top of a form: what to fix, each a link to its field. */
void pg_problems_summary(sv_buf *b, const pg_problems *ps);

/* One question of the knowledge base as a form field named by its id:
 * yes / no / not sure radios, a choice's radios (with "not sure" unless the
 * knowledge base has its own unknown choice), or a number; the help as a
 * disclosure; data-q / data-ask-when for web/app.js. `value` (typed
 * answer text, may be NULL) prefills; `problem` is shown with the field (may be NULL). */
void pg_question(sv_buf *b, const bb_kb *kb, const bb_question *q, const char *value,
                 const char *problem);

/* Sets each question in `ids` (NULL: every question) that the form
 * answers; "" or a missing field leaves it unknown. Problems (a number out
 * of range) go to `ps`. NULL only when out of memory. */
bb_answers *pg_form_answers(const sv_request *rq, const bb_kb *kb, const char *const *ids,
                            size_t nids, pg_problems *ps);

/* Radios 0 to 10 named `name` (ids f-NAME, f-NAME-1 ...), `checked`
 * checked (-1 none); `optional` adds "Not said" (value ""), else the
 * group is required. */
void pg_scale(sv_buf *b, const char *name, int checked, int optional);

/* The night a page logs by default: the one that ended this morning. */
int pg_night(void);

/* The diary's warning signs on record (read only; no diary yet: none).
 * 0, or -1 with `err`. The caller frees both (NULL is fine). */
int pg_read_signs(const sv_request *rq, bb_diary_view **v, bb_warnings **w, bb_error *err);

/* The page handlers, by file. */
int pg_check(sv_request *rq, sv_response *rs); /* pages_check.c */
int pg_check_post(sv_request *rq, sv_response *rs);
int pg_result_download(sv_request *rq, sv_response *rs);
int pg_result_save(sv_request *rq, sv_response *rs);
int pg_fit(sv_request *rq, sv_response *rs); /* pages_fit.c */
int pg_fit_post(sv_request *rq, sv_response *rs);
int pg_routine(sv_request *rq, sv_response *rs); /* pages_routine.c */
int pg_routine_done(sv_request *rq, sv_response *rs);
int pg_heat(sv_request *rq, sv_response *rs);
int pg_heat_done(sv_request *rq, sv_response *rs);
int pg_diary(sv_request *rq, sv_response *rs); /* pages_diary.c */
int pg_diary_entry(sv_request *rq, sv_response *rs);
int pg_diary_setup(sv_request *rq, sv_response *rs);
int pg_diary_withdraw(sv_request *rq, sv_response *rs);

#endif
