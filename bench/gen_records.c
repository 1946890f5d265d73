/* gen_records -- seeded random answers for the batch benchmark and the
 * rule-engine race (issue 13).
 *
 *   gen_records N [SEED] [--body]   N answers objects, one a line (NDJSON)
 *
 * Every question of the built-in knowledge base is answered with
 * probability 0.7, with a value drawn uniformly from what it allows
 * (whole numbers for integers, one decimal for numbers); a warning sign is
 * true with probability 0.03 only (a choice one takes its first choice,
 * "none", with probability 0.9), so that most records go through the
 * causes as screening intake would. Without --body the body's size
 * (height and weight) is never given, so the sleep-support model never
 * runs; with it, every record gives sex, height and weight. The same N and
 * SEED give the same bytes (xorshift64*). */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void) {
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

static double uniform(void) {
  return (double)(next() >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: gen_records N [SEED] [--body]\n");
    return 64;
  }
  long n = atol(argv[1]);
  state = argc > 2 && strcmp(argv[2], "--body") ? strtoull(argv[2], NULL, 10) : 20261202;
  if (state == 0)
    state = 1;
  int body = argc > 2 && !strcmp(argv[argc - 1], "--body");
  bb_error err;
  const bb_kb *kb = bb_kb_load_builtin(&err);
  if (!kb || n < 0)
    return 70;
  static char line[1 << 16];
  for (long r = 0; r < n; r++) {
    size_t len = 0;
    line[len++] = '{';
    for (size_t i = 0; i < kb->nquestions; i++) {
      const kb_question *q = &kb->questions[i].q;
      int is_body = (int)i == kb->idx_height || (int)i == kb->idx_weight;
      if (q->derived || (is_body && !body))
        continue;
      if (!(is_body || (body && !strcmp(q->id, "sex"))) && uniform() >= 0.7)
        continue;
      char v[128];
      switch (q->type) {
      case BB_BOOLEAN:
        snprintf(v, sizeof v, "%s", uniform() < (q->warning ? 0.03 : 0.5) ? "true" : "false");
        break;
      case BB_INTEGER: {
        double lo = ceil(q->min), hi = floor(q->max);
        if (is_body) /* people, not the extremes the questions allow */
          lo = (int)i == kb->idx_height ? 150 : 45, hi = (int)i == kb->idx_height ? 195 : 120;
        snprintf(v, sizeof v, "%.0f", lo + floor(uniform() * (hi - lo + 1)));
        break;
      }
      case BB_NUMBER: {
        double lo = q->min, hi = q->max;
        if (is_body)
          lo = (int)i == kb->idx_height ? 150 : 45, hi = (int)i == kb->idx_height ? 195 : 120;
        snprintf(v, sizeof v, "%.1f", floor((lo + uniform() * (hi - lo)) * 10) / 10);
        break;
      }
      case BB_CHOICE:
        /* a warning sign's first choice is its "none" */
        snprintf(v, sizeof v, "\"%s\"",
                 q->choices[q->warning && uniform() < 0.9 ? 0 : next() % q->nchoices]);
        break;
      }
      len += (size_t)snprintf(line + len, sizeof line - len, "%s\"%s\": %s", len > 1 ? ", " : "",
                              q->id, v);
    }
    line[len++] = '}';
    line[len++] = '\n';
    if (fwrite(line, 1, len, stdout) != len)
      return 74;
  }
  return fflush(stdout) ? 74 : 0;
}
