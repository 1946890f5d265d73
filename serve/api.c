/* api.c -- the JSON API: the command line's contracts over HTTP
 * (docs/api.md). Each handler is the library call its command makes. */
#include "serve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void sv_now(int *today, int *hour) {
  /* BEDBACK_TEST_NOW="YYYY-MM-DD HH" fixes the clock, for tests (as the
   * command line's) */
  const char *fake = getenv("BEDBACK_TEST_NOW");
  if (fake && strlen(fake) >= 10) {
    char d[11];
    memcpy(d, fake, 10);
    d[10] = '\0';
    int h = 0;
    if (bb_date_parse(d, today) == 0) {
      if (fake[10] && sscanf(fake + 11, "%d", &h) != 1)
        h = 0;
      *hour = h;
      return;
    }
  }
  time_t now = time(NULL);
  struct tm tm;
  if (!localtime_r(&now, &tm)) {
    *today = (int)(now / 86400);
    *hour = 12;
    return;
  }
  *today = bb_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  *hour = tm.tm_hour;
}

bb_diary *sv_diary_open(const sv_server *s, unsigned flags, bb_error *err) {
  char path[4096];
  if (bb_diary_locate(s->db, path, sizeof path, err) != 0)
    return NULL;
  return bb_diary_open(path, flags, err);
}

/* The answers of a request body: NULL after filling `rs` with the error
 * -- 400 when the body is not one JSON object (with the position), 422
 * when it is but an answer is wrong (naming the key): the first of the
 * reader's problems, worded as `bedback assess` words it. */
static bb_answers *read_answers(sv_request *rq, sv_response *rs) {
  bb_error err;
  bb_answers *a =
      bb_answers_parse(rq->srv->kb, rq->body, rq->body_len, "<request>", &err, NULL, NULL);
  if (a)
    return a;
  sv_fail_bb_as(rq, rs, err.status == BB_EX_DATAERR && !err.key[0] ? 400 : 0, &err);
  return NULL;
}

static int api_questions(sv_request *rq, sv_response *rs) {
  (void)rq;
  sv_buf_adopt(&rs->body, bb_render_questions(rq->srv->kb, BB_FORMAT_JSON));
  rs->type = "application/json";
  return 0;
}

static int api_assess(sv_request *rq, sv_response *rs) {
  bb_answers *a = read_answers(rq, rs);
  if (!a)
    return 0;
  bb_error err;
  /* the assessment borrows the answers: they outlive it */
  bb_assessment *as = bb_assess(rq->srv->kb, a, &err);
  if (!as) {
    bb_answers_free(a);
    return sv_fail_bb(rq, rs, &err);
  }
  sv_buf_adopt(&rs->body, bb_render(as, BB_FORMAT_JSON, 0));
  bb_assessment_free(as);
  bb_answers_free(a);
  rs->type = "application/json";
  return 0;
}

static int api_fit(sv_request *rq, sv_response *rs) {
  bb_fit_input in;
  bb_error err;
  if (bb_fit_input_from_json(rq->srv->kb, rq->body, rq->body_len, &in, &err) != 0)
    return sv_fail_bb_as(rq, rs, err.status == BB_EX_DATAERR && !err.key[0] ? 400 : 0, &err);
  bb_fit *fit = bb_fit_run(&in, &err);
  if (!fit)
    return sv_fail_bb(rq, rs, &err);
  sv_buf_adopt(&rs->body, bb_fit_render(fit, BB_FORMAT_JSON, 0));
  bb_fit_free(fit);
  rs->type = "application/json";
  return 0;
}

/* What the diary holds, read without creating or changing anything (no
 * diary yet: nothing), with the warning signs on record. 0, or the error
 * response filled. */
typedef struct {
  bb_diary_view *v; /* NULL: the empty view */
  bb_diary_view empty;
  bb_warnings *w;
} diary_read;

static int read_diary(sv_request *rq, sv_response *rs, int weeks, diary_read *r) {
  memset(r, 0, sizeof *r);
  bb_error err;
  bb_diary *d = sv_diary_open(rq->srv, BB_DIARY_READONLY, &err);
  if (!d && err.status != BB_EX_NOINPUT)
    return sv_fail_bb(rq, rs, &err), -1;
  if (d) {
    r->v = bb_diary_read(d, weeks, &err);
    bb_diary_close(d);
    if (!r->v)
      return sv_fail_bb(rq, rs, &err), -1;
  }
  r->w = bb_warnings_new(rq->srv->kb, r->v ? r->v : &r->empty, &err);
  if (!r->w) {
    bb_diary_view_free(r->v);
    return sv_fail_bb(rq, rs, &err), -1;
  }
  return 0;
}

static void read_done(diary_read *r) {
  bb_warnings_free(r->w);
  bb_diary_view_free(r->v);
}

static const bb_diary_view *view_of(const diary_read *r) {
  return r->v ? r->v : &r->empty;
}

/* ?weeks=N (1-5200), `def` when absent; -1 after filling a 400. */
static int weeks_param(sv_request *rq, sv_response *rs, int def) {
  const char *w = sv_query(rq, "weeks");
  if (!w)
    return def;
  char *end;
  long n = strtol(w, &end, 10);
  if (!*w || *end || n < 1 || n > 5200)
    return sv_fail(rq, rs, 400, "weeks", "weeks is a whole number from 1 to 5200"), -1;
  return (int)n;
}

static int api_entries_get(sv_request *rq, sv_response *rs) {
  diary_read r;
  if (read_diary(rq, rs, 0, &r) != 0)
    return 0;
  sv_buf_adopt(&rs->body, bb_entries_render_json(view_of(&r), r.w));
  read_done(&r);
  rs->type = "application/json";
  return 0;
}

/* POST /api/diary/entries: `bedback log` over HTTP. New warning signs are
 * assessed at once with the answers on record and stored with the entry
 * (the reply's "triage" says the level; GET /api/trend and the export open
 * with them). */
static int api_entries_post(sv_request *rq, sv_response *rs) {
  const bb_kb *kb = rq->srv->kb;
  int today, hour;
  sv_now(&today, &hour);
  bb_error err;
  bb_entry_parsed *p =
      bb_entry_parse(kb, rq->body, rq->body_len, bb_night_of(today, hour), today, &err);
  if (!p)
    return sv_fail_bb_as(rq, rs, err.status == BB_EX_DATAERR && !err.key[0] ? 400 : 0, &err);
  bb_diary *d = sv_diary_open(rq->srv, 0, &err);
  if (!d) {
    bb_entry_parsed_free(p);
    return sv_fail_bb(rq, rs, &err);
  }
  bb_entry e = *bb_entry_parsed_entry(p);
  const bb_answers *signs = bb_entry_parsed_symptoms(p);
  bb_saved_texts saved = {0};
  const bb_saved_assessment *recp = NULL;
  int failed = 0;
  if (signs) {
    /* merged with the answers on record, as `bedback log --symptom` */
    bb_diary_view *v = bb_diary_read(d, 1, &err);
    bb_warnings *w = v ? bb_warnings_new(kb, v, &err) : NULL;
    bb_answers *merged = w ? bb_warnings_answers_new(kb, w, signs) : NULL;
    bb_assessment *as = merged ? bb_assess(kb, merged, &err) : NULL;
    if (as && bb_saved_texts_init(&saved, "log", kb, merged, as, NULL) == 0)
      recp = &saved.rec;
    if (!recp)
      failed = 1;
    bb_assessment_free(as);
    bb_answers_free(merged);
    bb_warnings_free(w);
    bb_diary_view_free(v);
  }
  if (failed)
    sv_fail_bb(rq, rs, &err);
  else if (bb_diary_log(d, &e, recp, &err) != 0)
    sv_fail_bb(rq, rs, &err);
  else {
    /* the entry as stored (an amend keeps what was not given) */
    bb_diary_view *v = bb_diary_read(d, 0, &err);
    const bb_entry *stored = NULL;
    for (size_t i = 0; v && i < v->nentries; i++)
      if (v->entries[i].date == e.date)
        stored = &v->entries[i];
    if (!stored)
      sv_fail(rq, rs, 500, NULL, "the entry was saved but cannot be read back");
    else {
      sv_buf_adopt(&rs->body, bb_entry_render_json(stored, kb));
      rs->status = 201;
      rs->type = "application/json";
    }
    bb_diary_view_free(v);
  }
  bb_saved_texts_clear(&saved);
  bb_diary_close(d);
  bb_entry_parsed_free(p);
  return 0;
}

static int api_trend(sv_request *rq, sv_response *rs) {
  int weeks = weeks_param(rq, rs, 12);
  if (weeks < 0)
    return 0;
  diary_read r;
  if (read_diary(rq, rs, weeks, &r) != 0)
    return 0;
  int today, hour;
  sv_now(&today, &hour);
  bb_trend t;
  const bb_diary_view *v = view_of(&r);
  if (bb_trend_compute(v->entries, v->nentries, weeks, today, &t) != 0)
    sv_fail(rq, rs, 500, NULL, "the diary's entries cannot be put in a trend");
  else {
    sv_buf_adopt(&rs->body, bb_trend_render(&t, v, r.w, BB_FORMAT_JSON, 0));
    rs->type = "application/json";
  }
  bb_trend_clear(&t);
  read_done(&r);
  return 0;
}

static int api_export(sv_request *rq, sv_response *rs) {
  const char *f = sv_query(rq, "format");
  bb_export_format format;
  if (!f || bb_export_format_parse(f, &format) != 0)
    return sv_fail(rq, rs, 400, "format", "format is csv, json or html");
  int weeks = weeks_param(rq, rs, 12);
  if (weeks < 0)
    return 0;
  diary_read r;
  if (read_diary(rq, rs, 0, &r) != 0)
    return 0;
  int today, hour;
  sv_now(&today, &hour);
  bb_trend t;
  const bb_diary_view *v = view_of(&r);
  if (bb_trend_compute(v->entries, v->nentries, weeks, today, &t) != 0)
    sv_fail(rq, rs, 500, NULL, "the diary's entries cannot be put in a trend");
  else {
    /* people read local time; the JSON keeps the stored UTC (as `bedback
     * export`) */
    char local[64];
    if (format == BB_EXPORT_HTML && r.v && r.v->assessment &&
        bb_time_local(r.v->assessment->created, local, sizeof local) == 0)
      r.v->assessment->created = local;
    sv_buf_adopt(&rs->body, bb_export_render(v, &t, r.w, format, today));
    static const char *const types[] = {"text/csv; charset=utf-8", "application/json",
                                        "text/html; charset=utf-8"};
    static const char *const ext[] = {"csv", "json", "html"};
    rs->type = types[format];
    rs->flags |= SV_ATTACHMENT;
    char day[11];
    bb_date_format(today, day);
    snprintf(rs->filename, sizeof rs->filename, "bedback-diary-%s.%s", day, ext[format]);
  }
  bb_trend_clear(&t);
  read_done(&r);
  return 0;
}

/* POST /api/fhir/assess: an R4 QuestionnaireResponse to bedback's
 * Questionnaire in, the assessment as a FHIR Bundle out -- `bedback
 * assess --fhir-response FILE --format fhir` (docs/fhir.md). */
static int api_fhir_assess(sv_request *rq, sv_response *rs) {
  bb_error err;
  bb_answers *a = bb_fhir_read_response(rq->srv->kb, rq->body, rq->body_len, "<request>", &err);
  if (!a)
    return sv_fail_bb_as(rq, rs, err.status == BB_EX_DATAERR && err.line > 0 ? 400 : 0, &err);
  bb_assessment *as = bb_assess(rq->srv->kb, a, &err);
  if (!as) {
    bb_answers_free(a);
    return sv_fail_bb(rq, rs, &err);
  }
  int today, hour;
  sv_now(&today, &hour);
  sv_buf_adopt(&rs->body, bb_fhir_assessment_bundle(as, today));
  bb_assessment_free(as);
  bb_answers_free(a);
  rs->type = "application/fhir+json";
  return 0;
}

const sv_route sv_api_routes[] = {
    {"/api/questions", SV_GET, 0, api_questions},
    {"/api/assess", SV_POST, 0, api_assess},
    {"/api/fit", SV_POST, 0, api_fit},
    {"/api/diary/entries", SV_GET, 0, api_entries_get},
    {"/api/diary/entries", SV_POST, 0, api_entries_post},
    {"/api/trend", SV_GET, 0, api_trend},
    {"/api/export", SV_GET, 0, api_export},
    {"/api/fhir/assess", SV_POST, 0, api_fhir_assess},
    {NULL, 0, 0, NULL},
};
