/* run_case.c -- run one golden case against the bedback binary.
 *
 *   run_case BEDBACK CASE.json
 *
 * A case file (format: ../shared/examples/README.md) is
 *
 *   {"name": "...",
 *    "answers": {...}            the answers, written to a temporary file, or
 *    "answers_text": "..."       the raw text of that file (malformed JSON,
 *                                keys given twice), or
 *    "answers_path": "/path"     an existing path used as is (a missing file),
 *    "args": ["--kb", "..."]     optional extra arguments after --json,
 *    "note": "..."               optional free text (why the case expects this),
 *    "expect": {...}}
 *
 * and runs `BEDBACK assess --answers FILE --json ARGS...` with stdin from
 * /dev/null, capturing stdout, stderr and the exit status. Keys of "expect":
 *
 *   level                      triage.level equals this
 *   flags_include/_exclude     ids among / not among triage.flags
 *   flags_exact                triage.flags ids are exactly this list, in order
 *   causes_top3                each id among the first three causes
 *   causes_include/_exclude    ids among / not among causes
 *   recommend_include/_exclude ids among / not among recommendations
 *   routine_empty              routine is empty (true) or not empty (false)
 *   unasked_include/_exclude   ids among / not among triage.unasked
 *   unasked_empty              triage.unasked is empty (true) or not (false)
 *   exit                       the exit status (0 when absent)
 *   stderr_mentions            each string appears in stderr, ignoring case
 *   stdout_empty               nothing at all was written to stdout (true)
 *   says / never_says          each string appears / appears nowhere in the
 *                              texts the person reads (causes, recommendations,
 *                              notes), ignoring case
 *
 * When the expected exit status is not 0, stdout must be empty. An unknown key,
 * a value of the wrong type or an id the spec (assessment.md, answers.md) does
 * not define is an error in the case, so that a typo cannot pass silently.
 *
 * Prints one line per expectation that does not hold, naming the case, what was
 * expected and what was got. Exit status: 0 all hold, 1 some do not, 2 the case
 * file or the harness is broken.
 */
#include <jansson.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

enum { RC_PASS = 0, RC_FAIL = 1, RC_BROKEN = 2 };

/* --- the ids the spec defines (assessment.md, answers.md) --------------- */

static const char *const LEVELS[] = {"emergency", "urgent", "consult", "self_care", NULL};

static const char *const FLAG_IDS[] = {"bladder_dysfunction",
                                       "bowel_dysfunction",
                                       "saddle_numbness",
                                       "sexual_dysfunction",
                                       "bilateral_leg_symptoms",
                                       "progressive_weakness",
                                       "major_trauma",
                                       "chest_pain",
                                       "spinal_cord_compression_risk",
                                       "spinal_infection_risk",
                                       "new_leg_weakness",
                                       "radiating_numbness",
                                       "fever",
                                       "possible_spinal_metastasis",
                                       "unexplained_weight_loss",
                                       "rest_pain",
                                       "fracture_risk",
                                       "cancer_history",
                                       "persistent_sciatica",
                                       "bone_health",
                                       "severe_persistent_pain",
                                       "night_waking",
                                       "no_improvement",
                                       "worsening",
                                       "inflammatory_pattern",
                                       "chronic_tightness",
                                       "new_pain_older_age",
                                       NULL};

static const char *const CAUSE_IDS[] = {"mattress_too_soft",
                                        "mattress_too_firm",
                                        "pillow_too_low",
                                        "pillow_too_high",
                                        "knees_unsupported_side",
                                        "knees_unsupported_back",
                                        "stomach_sleeping",
                                        "tight_hip_flexors",
                                        "tight_hamstrings",
                                        "muscle_tension",
                                        "dehydration",
                                        "low_activity",
                                        NULL};

static const char *const RECOMMENDATION_IDS[] = {"seek_emergency_care",
                                                 "seek_urgent_care",
                                                 "see_doctor",
                                                 "see_physical_therapist",
                                                 "mattress_medium_firm",
                                                 "mattress_replace_or_support",
                                                 "mattress_topper",
                                                 "zoned_support",
                                                 "pillow_side_height",
                                                 "pillow_lower",
                                                 "pillow_between_knees",
                                                 "pillow_under_knees",
                                                 "avoid_stomach_sleeping",
                                                 "knee_to_chest",
                                                 "pelvic_tilts",
                                                 "rotational_stretch",
                                                 "heat_before_bed",
                                                 "hip_flexor_stretch",
                                                 "hamstring_stretch",
                                                 "break_up_sitting",
                                                 "stress_relaxation",
                                                 "hydration",
                                                 "stay_active",
                                                 "track_progress",
                                                 NULL};

static const char *const WARNING_IDS[] = {"bladder_change",
                                          "bowel_change",
                                          "saddle_numbness",
                                          "sexual_dysfunction",
                                          "leg_weakness",
                                          "leg_numbness",
                                          "leg_symptoms_new",
                                          "weakness_worsening",
                                          "rest_pain",
                                          "major_trauma",
                                          "chest_pain",
                                          "fever",
                                          "cancer_history",
                                          "weight_loss",
                                          "steroid_use",
                                          "osteoporosis",
                                          NULL};

/* --- small helpers ------------------------------------------------------- */

static const char *g_case = "?"; /* the case's name, for every message */
static int g_failures;

#if defined(__GNUC__)
#define BB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BB_PRINTF(f, a)
#endif

BB_PRINTF(1, 2) static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  printf("FAIL %s: ", g_case);
  vprintf(fmt, ap);
  putchar('\n');
  va_end(ap);
  g_failures++;
}

BB_PRINTF(1, 2) static int broken(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "run_case: %s: ", g_case);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  return RC_BROKEN;
}

static bool in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0)
      return true;
  return false;
}

/* Case-insensitive substring search (ASCII). */
static bool contains_nocase(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (n == 0)
    return true;
  for (; *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
      i++;
    if (i == n)
      return true;
  }
  return false;
}

/* A growing byte buffer, always NUL-terminated. */
typedef struct {
  char *data;
  size_t len, cap;
} buffer;

static bool buffer_append(buffer *b, const char *p, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (b->len + n + 1 > cap)
      cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d)
      return false;
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return true;
}

/* Replaces every occurrence of `what` in `b` by `with`, which is not longer. */
static void scrub(buffer *b, const char *what, const char *with) {
  size_t wl = strlen(what), nl = strlen(with);
  if (wl == 0 || nl > wl || !b->data)
    return;
  char *p;
  size_t from = 0;
  while ((p = strstr(b->data + from, what)) != NULL) {
    size_t at = (size_t)(p - b->data);
    memcpy(p, with, nl);
    memmove(p + nl, p + wl, b->len - at - wl + 1);
    b->len -= wl - nl;
    from = at + nl;
  }
}

/* "[a, b, c]" of the "id" members of an array of objects, or of an array of
 * strings; the caller frees. */
static char *describe_ids(const json_t *arr) {
  buffer b = {0};
  buffer_append(&b, "[", 1);
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *s =
        json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "id"));
    if (i)
      buffer_append(&b, ", ", 2);
    if (!s)
      s = "?";
    buffer_append(&b, s, strlen(s));
  }
  buffer_append(&b, "]", 1);
  return b.data;
}

static char *describe_strings(const json_t *arr) {
  return describe_ids(arr);
}

/* The ids of an output array: objects with "id" or plain strings. NULL with a
 * failure reported when the output does not have that shape. */
static bool id_at(const json_t *arr, size_t i, const char **out) {
  const json_t *v = json_array_get(arr, i);
  *out = json_is_string(v) ? json_string_value(v) : json_string_value(json_object_get(v, "id"));
  return *out != NULL;
}

static bool has_id(const json_t *arr, const char *id, size_t limit) {
  size_t n = json_array_size(arr);
  if (limit < n)
    n = limit;
  for (size_t i = 0; i < n; i++) {
    const char *s;
    if (id_at(arr, i, &s) && strcmp(s, id) == 0)
      return true;
  }
  return false;
}

/* --- running the program ----------------------------------------------- */

typedef struct {
  buffer out, err;
  int status; /* exit status, or -1 when killed by a signal */
  int signal;
} run_result;

static int run_bedback(char *const argv[], run_result *r) {
  int po[2], pe[2];
  if (pipe(po) != 0 || pipe(pe) != 0)
    return broken("pipe: %s", strerror(errno));
  pid_t pid = fork();
  if (pid < 0)
    return broken("fork: %s", strerror(errno));
  if (pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) {
      dup2(devnull, STDIN_FILENO);
      close(devnull);
    }
    dup2(po[1], STDOUT_FILENO);
    dup2(pe[1], STDERR_FILENO);
    close(po[0]);
    close(po[1]);
    close(pe[0]);
    close(pe[1]);
    execv(argv[0], argv);
    fprintf(stderr, "run_case: cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(po[1]);
  close(pe[1]);
  struct pollfd fds[2] = {{.fd = po[0], .events = POLLIN}, {.fd = pe[0], .events = POLLIN}};
  buffer *bufs[2] = {&r->out, &r->err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR)
        continue;
      return broken("poll: %s", strerror(errno));
    }
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      char chunk[8192];
      ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open_fds--;
      } else if (!buffer_append(bufs[i], chunk, (size_t)n)) {
        return broken("out of memory");
      }
    }
  }
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR)
      return broken("waitpid: %s", strerror(errno));
  if (WIFEXITED(st)) {
    r->status = WEXITSTATUS(st);
  } else {
    r->status = -1;
    r->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  }
  if (!r->out.data)
    buffer_append(&r->out, "", 0);
  if (!r->err.data)
    buffer_append(&r->err, "", 0);
  return RC_PASS;
}

/* --- the expectations ---------------------------------------------------- */

enum kind { K_STRING, K_LIST, K_BOOL, K_INT };

typedef struct {
  const char *key;
  enum kind kind;
  const char *const *ids; /* the ids a value must be one of, or NULL */
  bool needs_output;      /* checks the JSON assessment, so needs exit 0 */
} expect_key;

static const expect_key EXPECT_KEYS[] = {
    {"level", K_STRING, LEVELS, true},
    {"flags_include", K_LIST, FLAG_IDS, true},
    {"flags_exclude", K_LIST, FLAG_IDS, true},
    {"flags_exact", K_LIST, FLAG_IDS, true},
    {"causes_top3", K_LIST, CAUSE_IDS, true},
    {"causes_include", K_LIST, CAUSE_IDS, true},
    {"causes_exclude", K_LIST, CAUSE_IDS, true},
    {"recommend_include", K_LIST, RECOMMENDATION_IDS, true},
    {"recommend_exclude", K_LIST, RECOMMENDATION_IDS, true},
    {"routine_empty", K_BOOL, NULL, true},
    {"unasked_include", K_LIST, WARNING_IDS, true},
    {"unasked_exclude", K_LIST, WARNING_IDS, true},
    {"unasked_empty", K_BOOL, NULL, true},
    {"exit", K_INT, NULL, false},
    {"stderr_mentions", K_LIST, NULL, false},
    {"stdout_empty", K_BOOL, NULL, false},
    {"says", K_LIST, NULL, true},
    {"never_says", K_LIST, NULL, true},
};

static const expect_key *find_expect_key(const char *key) {
  for (size_t i = 0; i < sizeof EXPECT_KEYS / sizeof EXPECT_KEYS[0]; i++)
    if (strcmp(EXPECT_KEYS[i].key, key) == 0)
      return &EXPECT_KEYS[i];
  return NULL;
}

/* Checks the shape of "expect"; RC_BROKEN with a message when it is wrong. */
static int validate_expect(json_t *expect, bool *needs_output) {
  const char *key;
  json_t *v;
  *needs_output = false;
  json_object_foreach(expect, key, v) {
    const expect_key *k = find_expect_key(key);
    if (!k)
      return broken("unknown key \"%s\" in expect (see tests/run_case.c for the keys)", key);
    *needs_output = *needs_output || k->needs_output;
    switch (k->kind) {
    case K_STRING:
      if (!json_is_string(v))
        return broken("expect.%s must be a string", key);
      if (k->ids && !in_list(k->ids, json_string_value(v)))
        return broken("expect.%s: \"%s\" is not an id the spec defines", key, json_string_value(v));
      break;
    case K_BOOL:
      if (!json_is_boolean(v))
        return broken("expect.%s must be true or false", key);
      if (strcmp(key, "stdout_empty") == 0 && !json_is_true(v))
        return broken("expect.stdout_empty: only true is meaningful");
      break;
    case K_INT:
      if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 255)
        return broken("expect.%s must be an integer 0-255", key);
      break;
    case K_LIST: {
      if (!json_is_array(v))
        return broken("expect.%s must be a list of strings", key);
      size_t i;
      json_t *e;
      json_array_foreach(v, i, e) {
        if (!json_is_string(e))
          return broken("expect.%s[%zu] must be a string", key, i);
        if (k->ids && !in_list(k->ids, json_string_value(e)))
          return broken("expect.%s: \"%s\" is not an id the spec defines", key,
                        json_string_value(e));
      }
      break;
    }
    }
  }
  return RC_PASS;
}

static void check_include(const char *key, const json_t *want, const json_t *got, const char *what,
                          size_t limit) {
  size_t i;
  json_t *e;
  json_array_foreach(want, i, e) {
    const char *id = json_string_value(e);
    if (!has_id(got, id, limit)) {
      char *d = describe_ids(got);
      fail("%s: expected %s among %s, got %s", key, id, what, d);
      free(d);
    }
  }
}

static void check_exclude(const char *key, const json_t *want, const json_t *got,
                          const char *what) {
  size_t i;
  json_t *e;
  json_array_foreach(want, i, e) {
    const char *id = json_string_value(e);
    if (has_id(got, id, (size_t)-1)) {
      char *d = describe_ids(got);
      fail("%s: expected %s not among %s, got %s", key, id, what, d);
      free(d);
    }
  }
}

static void check_exact(const char *key, const json_t *want, const json_t *got, const char *what) {
  bool same = json_array_size(want) == json_array_size(got);
  for (size_t i = 0; same && i < json_array_size(want); i++) {
    const char *s;
    same = id_at(got, i, &s) && strcmp(s, json_string_value(json_array_get(want, i))) == 0;
  }
  if (!same) {
    char *w = describe_strings(want), *g = describe_ids(got);
    fail("%s: expected %s exactly %s, got %s", key, what, w, g);
    free(w);
    free(g);
  }
}

static void check_empty(const char *key, const json_t *want, const json_t *got, const char *what) {
  bool want_empty = json_is_true(want);
  if (want_empty != (json_array_size(got) == 0)) {
    char *g = describe_ids(got);
    fail("%s: expected %s %s, got %s", key, what, want_empty ? "empty" : "not empty", g);
    free(g);
  }
}

/* The member at a path of the assessment, which must be an array. */
static const json_t *output_array(const json_t *out, const char *parent, const char *name) {
  const json_t *obj = parent ? json_object_get(out, parent) : out;
  const json_t *arr = json_object_get(obj, name);
  if (!json_is_array(arr)) {
    fail("output: %s%s%s is missing or not a list", parent ? parent : "", parent ? "." : "", name);
    return NULL;
  }
  return arr;
}

/* The texts of the output the person reads: every cause's and
 * recommendation's text and every note, one after the other. */
static char *output_texts(const json_t *out) {
  static const char *const lists[] = {"causes", "recommendations"};
  buffer b = {0};
  for (size_t k = 0; k < 3; k++) {
    const json_t *a = json_object_get(out, k < 2 ? lists[k] : "notes");
    size_t i;
    const json_t *e;
    json_array_foreach(a, i, e) {
      const char *t = json_string_value(k < 2 ? json_object_get(e, "text") : e);
      if (t) {
        buffer_append(&b, t, strlen(t));
        buffer_append(&b, "\n", 1);
      }
    }
  }
  buffer_append(&b, "", 0);
  return b.data;
}

static void check_says(const char *key, const json_t *want, const json_t *out) {
  char *texts = output_texts(out);
  size_t i;
  const json_t *e;
  bool never = strcmp(key, "never_says") == 0;
  json_array_foreach(want, i, e) {
    bool has = texts && contains_nocase(texts, json_string_value(e));
    if (has == never)
      fail("%s: expected \"%s\" %s the texts (causes, recommendations, notes)", key,
           json_string_value(e), never ? "nowhere in" : "in");
  }
  free(texts);
}

static void check_output(json_t *expect, const json_t *out) {
  const json_t *triage = json_object_get(out, "triage");
  if (!json_is_object(triage)) {
    fail("output: triage is missing or not an object");
    return;
  }
  const json_t *flags = output_array(out, "triage", "flags");
  const json_t *unasked = output_array(out, "triage", "unasked");
  const json_t *causes = output_array(out, NULL, "causes");
  const json_t *recs = output_array(out, NULL, "recommendations");
  const json_t *routine = output_array(out, NULL, "routine");

  const char *key;
  json_t *v;
  json_object_foreach(expect, key, v) {
    if (strcmp(key, "level") == 0) {
      const char *got = json_string_value(json_object_get(triage, "level"));
      if (!got || strcmp(got, json_string_value(v)) != 0)
        fail("level: expected %s, got %s", json_string_value(v), got ? got : "(none)");
    } else if (strncmp(key, "flags_", 6) == 0 && flags) {
      if (strcmp(key, "flags_include") == 0)
        check_include(key, v, flags, "triage.flags", (size_t)-1);
      else if (strcmp(key, "flags_exclude") == 0)
        check_exclude(key, v, flags, "triage.flags");
      else
        check_exact(key, v, flags, "triage.flags");
    } else if (strncmp(key, "causes_", 7) == 0 && causes) {
      if (strcmp(key, "causes_top3") == 0)
        check_include(key, v, causes, "the first three causes", 3);
      else if (strcmp(key, "causes_include") == 0)
        check_include(key, v, causes, "causes", (size_t)-1);
      else
        check_exclude(key, v, causes, "causes");
    } else if (strncmp(key, "recommend_", 10) == 0 && recs) {
      if (strcmp(key, "recommend_include") == 0)
        check_include(key, v, recs, "recommendations", (size_t)-1);
      else
        check_exclude(key, v, recs, "recommendations");
    } else if (strcmp(key, "routine_empty") == 0 && routine) {
      check_empty(key, v, routine, "routine");
    } else if (strncmp(key, "unasked_", 8) == 0 && unasked) {
      if (strcmp(key, "unasked_include") == 0)
        check_include(key, v, unasked, "triage.unasked", (size_t)-1);
      else if (strcmp(key, "unasked_exclude") == 0)
        check_exclude(key, v, unasked, "triage.unasked");
      else
        check_empty(key, v, unasked, "triage.unasked");
    } else if (strcmp(key, "says") == 0 || strcmp(key, "never_says") == 0) {
      check_says(key, v, out);
    }
  }
}

/* First line(s) of a captured stream, for a message. */
static void show_stream(const char *name, const buffer *b) {
  if (b->len == 0)
    return;
  int limit = 600;
  printf("  %s: %.*s%s\n", name, (int)(b->len < (size_t)limit ? b->len : (size_t)limit), b->data,
         b->len > (size_t)limit ? " ..." : "");
}

/* --- main ---------------------------------------------------------------- */

static const char *const CASE_KEYS[] = {"name", "answers", "answers_text", "answers_path",
                                        "args", "note",    "expect",       NULL};

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: run_case BEDBACK CASE.json\n");
    return RC_BROKEN;
  }
  const char *bedback = argv[1], *case_path = argv[2];
  g_case = case_path;

  json_error_t jerr;
  json_t *c = json_load_file(case_path, JSON_REJECT_DUPLICATES, &jerr);
  if (!c)
    return broken("%s:%d:%d: %s", case_path, jerr.line, jerr.column, jerr.text);
  if (!json_is_object(c))
    return broken("a case is a JSON object");
  if (json_is_string(json_object_get(c, "name")))
    g_case = json_string_value(json_object_get(c, "name"));
  else
    return broken("\"name\" (a string) is required");

  const char *key;
  json_t *v;
  json_object_foreach(c, key, v) {
    if (!in_list(CASE_KEYS, key))
      return broken("unknown top-level key \"%s\"", key);
  }
  const json_t *answers = json_object_get(c, "answers");
  const json_t *answers_text = json_object_get(c, "answers_text");
  const json_t *answers_path = json_object_get(c, "answers_path");
  int given = (answers != NULL) + (answers_text != NULL) + (answers_path != NULL);
  if (given != 1)
    return broken("exactly one of answers, answers_text, answers_path is required");
  if (answers_text && !json_is_string(answers_text))
    return broken("answers_text must be a string");
  if (answers_path && !json_is_string(answers_path))
    return broken("answers_path must be a string");
  const json_t *args = json_object_get(c, "args");
  if (args && !json_is_array(args))
    return broken("args must be a list of strings");
  size_t nargs = json_array_size(args);
  for (size_t i = 0; i < nargs; i++)
    if (!json_is_string(json_array_get(args, i)))
      return broken("args[%zu] must be a string", i);
  json_t *expect = json_object_get(c, "expect");
  if (!json_is_object(expect))
    return broken("\"expect\" (an object) is required");
  bool needs_output;
  if (validate_expect(expect, &needs_output) != RC_PASS)
    return RC_BROKEN;
  int want_exit = 0;
  if (json_object_get(expect, "exit"))
    want_exit = (int)json_integer_value(json_object_get(expect, "exit"));
  if (want_exit != 0 && needs_output)
    return broken("expect checks the assessment but also a non-zero exit status");

  /* The answers file. */
  char tmp[4096] = "";
  const char *path;
  if (answers_path) {
    path = json_string_value(answers_path);
  } else {
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
      dir = "/tmp";
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/bb-case-XXXXXX", dir) >= sizeof tmp)
      return broken("TMPDIR is too long");
    int fd = mkstemp(tmp);
    if (fd < 0)
      return broken("mkstemp %s: %s", tmp, strerror(errno));
    char *text = answers_text ? strdup(json_string_value(answers_text))
                              : json_dumps(answers, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    size_t len = text ? strlen(text) : 0;
    bool ok = text != NULL;
    for (size_t off = 0; ok && off < len;) {
      ssize_t n = write(fd, text + off, len - off);
      if (n < 0 && errno == EINTR)
        continue;
      ok = n > 0;
      if (ok)
        off += (size_t)n;
    }
    free(text);
    if (close(fd) != 0 || !ok) {
      unlink(tmp);
      return broken("cannot write the answers to %s", tmp);
    }
    path = tmp;
  }

  /* bedback assess --answers PATH --json ARGS... */
  char **cmd = calloc(6 + nargs, sizeof *cmd);
  if (!cmd)
    return broken("out of memory");
  size_t n = 0;
  cmd[n++] = (char *)(uintptr_t)bedback;
  cmd[n++] = (char *)(uintptr_t) "assess";
  cmd[n++] = (char *)(uintptr_t) "--answers";
  cmd[n++] = (char *)(uintptr_t)path;
  cmd[n++] = (char *)(uintptr_t) "--json";
  for (size_t i = 0; i < nargs; i++)
    cmd[n++] = (char *)(uintptr_t)json_string_value(json_array_get(args, i));
  cmd[n] = NULL;

  run_result r = {0};
  int rc = run_bedback(cmd, &r);
  if (tmp[0])
    unlink(tmp);
  free(cmd);
  if (rc != RC_PASS)
    return rc;

  /* Exit status and streams. */
  if (r.status < 0) {
    fail("exit: expected %d, got killed by signal %d", want_exit, r.signal);
  } else if (r.status != want_exit) {
    fail("exit: expected %d, got %d", want_exit, r.status);
  }
  bool want_stdout_empty = json_is_true(json_object_get(expect, "stdout_empty")) || want_exit != 0;
  if (want_stdout_empty && r.out.len != 0)
    fail("stdout: expected nothing on stdout, got %zu bytes", r.out.len);
  /* The temporary file's random name could contain the words looked for:
   * stderr is searched with each mention of it replaced by "ANSWERS". */
  if (tmp[0])
    scrub(&r.err, tmp, "ANSWERS");
  const json_t *mentions = json_object_get(expect, "stderr_mentions");
  size_t i;
  json_t *e;
  json_array_foreach(mentions, i, e) {
    if (!contains_nocase(r.err.data, json_string_value(e)))
      fail("stderr_mentions: expected \"%s\" in stderr, got: %s", json_string_value(e),
           r.err.len ? r.err.data : "(nothing)\n");
  }

  /* The assessment. */
  if (r.status == 0 && want_exit == 0) {
    json_t *out = json_loadb(r.out.data, r.out.len, JSON_REJECT_DUPLICATES, &jerr);
    if (!out) {
      fail("stdout is not one JSON document (%d:%d: %s)", jerr.line, jerr.column, jerr.text);
    } else if (!json_is_object(out)) {
      fail("stdout is not a JSON object");
    } else {
      check_output(expect, out);
    }
    json_decref(out);
  }

  if (g_failures) {
    printf("FAIL %s: %d expectation%s did not hold (%s)\n", g_case, g_failures,
           g_failures == 1 ? "" : "s", case_path);
    show_stream("stderr", &r.err);
  }
  free(r.out.data);
  free(r.err.data);
  json_decref(c);
  return g_failures ? RC_FAIL : RC_PASS;
}
