/* entry_json.c -- one diary entry written as JSON (the entry object of
 * `bedback export --format json`), read for front ends that take entries
 * over the wire (bedback serve's POST /api/diary/entries). */
#include "internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct bb_entry_parsed {
  bb_entry entry;
  bb_answers *symptoms; /* NULL when none were given */
  char *position, *note, *symptoms_json;
};

static const char *const READ_ONLY[] = {"warning_signs", "triage", "earlier_versions",
                                        "routine_rating"};

/* Every problem is one sentence naming the member (`key`): 422 in
 * bedback serve. */
#define FAIL(key, ...) (bbu_error_set(err, BB_EX_DATAERR, "", 0, 0, (key), __VA_ARGS__), -1)

/* A whole number in [lo, hi] (or null: *out stays "not given"). */
static int whole(json_t *v, const char *key, int lo, int hi, int *out, bb_error *err) {
  if (json_is_null(v))
    return 0;
  double d = json_number_value(v);
  if (!json_is_number(v) || d != (double)(long)d || d < lo || d > hi)
    return FAIL(key, "%s must be a whole number from %d to %d", key, lo, hi);
  *out = (int)d;
  return 0;
}

/* Whether answer `id` says the sign is there: true, or a choice other
 * than "none" (the same rule as `bedback log --symptom`). */
static bool present(const bb_answers *a, const bb_question *q, json_t *v) {
  if (bb_question_type(q) == BB_CHOICE) {
    const char *c = bb_answers_get_choice(a, bb_question_id(q));
    return c && strcmp(c, "none") != 0;
  }
  return json_is_true(v);
}

static int read_symptoms(const bb_kb *kb, json_t *obj, bb_entry_parsed *p, bb_error *err) {
  if (json_is_null(obj))
    return 0;
  if (!json_is_object(obj))
    return FAIL("symptoms",
                "symptoms is an object of new warning signs ({\"bladder_change\": true}), not %s",
                json_is_array(obj) ? "an array" : "a single value");
  if (json_object_size(obj) == 0)
    return 0;
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    const bb_question *q = bb_kb_find_question(kb, key);
    if (!q || !bb_question_is_warning(q))
      return FAIL(key,
                  "symptoms: \"%s\" is not a warning sign (`bedback questions` lists them, in "
                  "the section \"warning\")",
                  key);
  }
  char *text = json_dumps(obj, JSON_COMPACT);
  if (!text)
    return bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory"), -1;
  bb_error e;
  p->symptoms = bb_answers_parse(kb, text, strlen(text), "symptoms", &e, NULL, NULL);
  free(text);
  if (!p->symptoms) {
    bbu_error_set(err, e.status, "", 0, 0, e.key, "symptoms: %s", e.message);
    return -1;
  }
  json_object_foreach(obj, key, v) {
    if (!present(p->symptoms, bb_kb_find_question(kb, key), v))
      return FAIL(key,
                  "symptoms: \"%s\" says the sign is not there; symptoms are the new warning "
                  "signs you have (to take one back that was logged by mistake: bedback log "
                  "--withdraw %s --date YYYY-MM-DD)",
                  key, key);
  }
  p->symptoms_json = bb_answers_to_json(p->symptoms);
  if (!p->symptoms_json)
    return bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory"), -1;
  p->entry.symptoms = p->symptoms_json;
  return 0;
}

static int read_members(const bb_kb *kb, json_t *root, int last_night, int today,
                        bb_entry_parsed *p, bb_error *err) {
  bb_entry *e = &p->entry;
  const char *key;
  json_t *v;
  json_object_foreach(root, key, v) {
    if (!strcmp(key, "date")) {
      if (json_is_null(v))
        continue;
      if (!json_is_string(v) || bb_date_parse(json_string_value(v), &e->date) != 0)
        return FAIL("date", "date is a night as \"YYYY-MM-DD\"");
      if (e->date > today)
        return FAIL("date", "date: %s has not come yet", json_string_value(v));
    } else if (!strcmp(key, "tightness")) {
      if (json_is_null(v) || whole(v, key, 0, 10, &e->tightness, err) != 0)
        return json_is_null(v) ? FAIL(key, "tightness (0-10) is required") : -1;
    } else if (!strcmp(key, "wake")) {
      if (whole(v, key, 0, 10, &e->wake, err) != 0)
        return -1;
    } else if (!strcmp(key, "heat_minutes")) {
      if (whole(v, key, 0, 120, &e->heat_minutes, err) != 0)
        return -1;
    } else if (!strcmp(key, "routine")) {
      if (!json_is_null(v) && !json_is_boolean(v))
        return FAIL(key, "routine is true (done) or false (not done)");
      if (json_is_boolean(v))
        e->routine = json_is_true(v);
    } else if (!strcmp(key, "position") || !strcmp(key, "note")) {
      if (json_is_null(v))
        continue;
      if (!json_is_string(v))
        return FAIL(key, "%s is text", key);
      char *copy = strdup(json_string_value(v));
      if (!copy)
        return bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory"), -1;
      if (key[0] == 'p')
        e->position = p->position = copy;
      else
        e->note = p->note = copy;
    } else if (!strcmp(key, "symptoms")) {
      if (read_symptoms(kb, v, p, err) != 0)
        return -1;
    } else {
      size_t i = 0;
      while (i < sizeof READ_ONLY / sizeof *READ_ONLY && strcmp(key, READ_ONLY[i]))
        i++;
      if (i == sizeof READ_ONLY / sizeof *READ_ONLY)
        return FAIL(key,
                    "\"%s\" is not part of an entry (date, tightness, wake, position, "
                    "routine, heat_minutes, symptoms, note)",
                    key);
    }
  }
  if (e->tightness < 0)
    return FAIL("tightness", "tightness (0-10) is required");
  if (e->date == INT32_MIN)
    e->date = last_night;
  if (e->wake >= 0 && e->date >= today)
    return FAIL("wake", "wake: the night has not ended yet, so there is no waking to rate; "
                        "leave wake out");
  return bb_entry_check(e, err);
}

bb_entry_parsed *bb_entry_parse(const bb_kb *kb, const char *json, size_t len, int last_night,
                                int today, bb_error *err) {
  bb_error local;
  if (!err)
    err = &local;
  bb_error_clear(err);
  json_error_t je;
  json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
  if (!root) {
    bbu_error_set(err, BB_EX_DATAERR, "", je.line, je.column, "", "the entry is not valid JSON: %s",
                  je.text);
    return NULL;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    bbu_error_set(err, BB_EX_DATAERR, "", 1, 1, "",
                  "the entry must be one JSON object ({\"tightness\": 4, ...})");
    return NULL;
  }
  bb_entry_parsed *p = calloc(1, sizeof *p);
  if (!p) {
    json_decref(root);
    bbu_error_set(err, BB_EX_SOFTWARE, "", 0, 0, "", "out of memory");
    return NULL;
  }
  p->entry = (bb_entry){INT32_MIN, -1, -1, NULL, -1, -1, NULL, NULL, NULL, 0, -1};
  int rc = read_members(kb, root, last_night, today, p, err);
  json_decref(root);
  if (rc != 0) {
    bb_entry_parsed_free(p);
    return NULL;
  }
  return p;
}

const bb_entry *bb_entry_parsed_entry(const bb_entry_parsed *p) {
  return &p->entry;
}

const bb_answers *bb_entry_parsed_symptoms(const bb_entry_parsed *p) {
  return p->symptoms;
}

void bb_entry_parsed_free(bb_entry_parsed *p) {
  if (!p)
    return;
  bb_answers_free(p->symptoms);
  free(p->position);
  free(p->note);
  free(p->symptoms_json);
  free(p);
}
