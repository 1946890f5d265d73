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
  bb_assessment *as = bb_assess(rq->srv->kb, a, &err);
  bb_answers_free(a);
  if (!as)
    return sv_fail_bb(rq, rs, &err);
  sv_buf_adopt(&rs->body, bb_render(as, BB_FORMAT_JSON, 0));
  bb_assessment_free(as);
  rs->type = "application/json";
  return 0;
}

const sv_route sv_api_routes[] = {
    {"/api/questions", SV_GET, 0, api_questions},
    {"/api/assess", SV_POST, 0, api_assess},
    {NULL, 0, 0, NULL},
};
