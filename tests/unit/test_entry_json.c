/* test_entry_json.c -- what front ends send over the wire: a diary entry
 * as JSON (bb_entry_parse), the fit's input as JSON
 * (bb_fit_input_from_json), and entries rendered as the export's JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fixture.h"

static const int TODAY = 20790; /* 2026-12-03 */
#define LAST (TODAY - 1)

static bb_entry_parsed *parse(const char *json, bb_error *err) {
  return bb_entry_parse(kb, json, strlen(json), LAST, TODAY, err);
}

static void entry_minimal(void **state) {
  (void)state;
  bb_error err;
  bb_entry_parsed *p = parse("{\"tightness\": 4}", &err);
  assert_non_null(p);
  const bb_entry *e = bb_entry_parsed_entry(p);
  assert_int_equal(e->date, LAST); /* last night by default, as bedback log */
  assert_int_equal(e->tightness, 4);
  assert_int_equal(e->wake, -1);
  assert_int_equal(e->routine, -1);
  assert_int_equal(e->heat_minutes, -1);
  assert_null(e->position);
  assert_null(e->note);
  assert_null(e->symptoms);
  assert_null(bb_entry_parsed_symptoms(p));
  bb_entry_parsed_free(p);
}

static void entry_full(void **state) {
  (void)state;
  bb_error err;
  bb_entry_parsed *p =
      parse("{\"date\": \"2026-11-30\", \"tightness\": 7, \"wake\": 2, \"position\": \"side\", "
            "\"routine\": true, \"heat_minutes\": 15, \"note\": \"new pillow\", "
            "\"symptoms\": {\"leg_numbness\": \"one_leg\"}}",
            &err);
  assert_non_null(p);
  const bb_entry *e = bb_entry_parsed_entry(p);
  int d;
  bb_date_parse("2026-11-30", &d);
  assert_int_equal(e->date, d);
  assert_int_equal(e->wake, 2);
  assert_string_equal(e->position, "side");
  assert_int_equal(e->routine, 1);
  assert_int_equal(e->heat_minutes, 15);
  assert_string_equal(e->note, "new pillow");
  assert_non_null(e->symptoms);
  assert_non_null(strstr(e->symptoms, "\"leg_numbness\": \"one_leg\""));
  assert_string_equal(bb_answers_get_choice(bb_entry_parsed_symptoms(p), "leg_numbness"),
                      "one_leg");
  bb_entry_parsed_free(p);
}

/* Each refusal names the member, or (not JSON) says where. */
static void entry_errors(void **state) {
  (void)state;
  static const struct {
    const char *json, *key, *words;
  } cases[] = {
      {"{\"tightness\": 4,}", "", "not valid JSON"},
      {"[4]", "", "one JSON object"},
      {"{}", "tightness", "required"},
      {"{\"tightness\": null}", "tightness", "required"},
      {"{\"tightness\": 11}", "tightness", "0 to 10"},
      {"{\"tightness\": 4.5}", "tightness", "whole number"},
      {"{\"tightness\": \"4\"}", "tightness", "whole number"},
      {"{\"tightness\": 4, \"tightnes\": 3}", "tightnes", "not part of an entry"},
      {"{\"tightness\": 4, \"tightness\": 3}", "", "not valid JSON"},
      {"{\"tightness\": 4, \"date\": \"2026-02-30\"}", "date", "YYYY-MM-DD"},
      {"{\"tightness\": 4, \"date\": \"2026-12-04\"}", "date", "has not come yet"},
      {"{\"tightness\": 4, \"date\": \"2026-12-03\", \"wake\": 3}", "wake", "not ended"},
      {"{\"tightness\": 4, \"position\": \"upside_down\"}", "position", "side, back"},
      {"{\"tightness\": 4, \"routine\": 1}", "routine", "true"},
      {"{\"tightness\": 4, \"heat_minutes\": 500}", "heat_minutes", "0 to 120"},
      {"{\"tightness\": 4, \"symptoms\": {\"age\": 40}}", "age", "not a warning sign"},
      {"{\"tightness\": 4, \"symptoms\": {\"bladder_change\": false}}", "bladder_change",
       "not there"},
      {"{\"tightness\": 4, \"symptoms\": {\"leg_numbness\": \"none\"}}", "leg_numbness",
       "not there"},
      {"{\"tightness\": 4, \"symptoms\": {\"leg_numbness\": \"three_legs\"}}", "leg_numbness",
       "three_legs"},
      {"{\"tightness\": 4, \"symptoms\": [\"bladder_change\"]}", "symptoms", "an array"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    bb_error err;
    bb_entry_parsed *p = parse(cases[i].json, &err);
    if (p || strcmp(err.key, cases[i].key) || !strstr(err.message, cases[i].words))
      fail_msg("%s: key '%s', message '%s'", cases[i].json, err.key, err.message);
    assert_int_equal(err.status, BB_EX_DATAERR);
    if (!cases[i].key[0])
      assert_true(err.line > 0 && err.column > 0);
  }
}

/* An entry as the export writes it reads back as the same entry. */
static void entry_round_trip(void **state) {
  (void)state;
  bb_entry e = {LAST - 3,    6, 2, "back", 0, 20, "{\"bladder_change\": true}", "a \"quoted\" note",
                "emergency", 1, 7};
  char *json = bb_entry_render_json(&e, kb);
  assert_non_null(json);
  assert_non_null(strstr(json, "\"warning_signs\": \"bladder change\""));
  bb_error err;
  bb_entry_parsed *p = parse(json, &err);
  if (!p)
    fail_msg("%s: %s", json, err.message);
  const bb_entry *r = bb_entry_parsed_entry(p);
  assert_int_equal(r->date, e.date);
  assert_int_equal(r->tightness, 6);
  assert_int_equal(r->wake, 2);
  assert_string_equal(r->position, "back");
  assert_int_equal(r->routine, 0);
  assert_int_equal(r->heat_minutes, 20);
  assert_string_equal(r->note, "a \"quoted\" note");
  assert_non_null(strstr(r->symptoms, "bladder_change"));
  bb_entry_parsed_free(p);
  free(json);
}

/* The entries' JSON opens with the warning signs on record. */
static void entries_signs_first(void **state) {
  (void)state;
  bb_entry ents[1] = {
      {LAST, 6, -1, NULL, -1, -1, "{\"bladder_change\": true}", NULL, "emergency", 0, -1}};
  bb_sign_record rec = {LAST, "bladder_change", "yes", "log", "2026-12-03T07:00:00Z"};
  bb_diary_view v = {0};
  v.entries = ents;
  v.nentries = 1;
  v.signs = &rec;
  v.nsigns = 1;
  bb_error err;
  bb_warnings *w = bb_warnings_new(kb, &v, &err);
  assert_non_null(w);
  char *json = bb_entries_render_json(&v, w);
  assert_non_null(json);
  const char *signs = strstr(json, "\"warning_signs\": [");
  const char *entries = strstr(json, "\"entries\"");
  assert_non_null(signs);
  assert_non_null(entries);
  assert_true(signs < entries);
  assert_non_null(strstr(json, "\"level\": \"emergency\""));
  free(json);
  bb_warnings_free(w);
}

static void fit_json(void **state) {
  (void)state;
  static const char body[] =
      "{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"sleep_position\": \"side\", "
      "\"options\": {\"position\": \"back\", \"firmness\": 3, \"pillow_cm\": 9.5, "
      "\"thickness_cm\": 25, \"zones\": {\"shoulder\": 4, \"waist\": 6, \"hip\": 7}, "
      "\"optimize_zones\": true}}";
  bb_fit_input in;
  bb_error err;
  assert_int_equal(bb_fit_input_from_json(kb, body, strlen(body), &in, &err), 0);
  assert_int_equal(in.sex, BB_SEX_MALE);
  assert_true(in.height_cm == 180.0 && in.weight_kg == 80.0);
  assert_int_equal(in.position, BB_POS_BACK); /* the option wins over the answer */
  assert_int_equal(in.firmness, 3);
  assert_true(in.pillow_height_cm == 9.5 && in.thickness_cm == 25.0);
  assert_int_equal(in.zone_shoulder, 4);
  assert_int_equal(in.zone_waist, 6);
  assert_int_equal(in.zone_hip, 7);
  assert_true(in.optimize_zones);
  /* no options: the answers alone, as `fit --answers` */
  static const char plain[] = "{\"sex\": \"female\", \"height_cm\": 165, \"weight_kg\": 60}";
  assert_int_equal(bb_fit_input_from_json(kb, plain, strlen(plain), &in, &err), 0);
  assert_int_equal(in.position, BB_POS_MIXED);
  assert_true(in.position_unknown);
  assert_true(isnan(in.thickness_cm) || in.thickness_cm == 20.0);
}

static void fit_json_errors(void **state) {
  (void)state;
  static const struct {
    const char *json, *key;
  } cases[] = {
      {"{\"sex\": \"male\", \"height_cm\": 180", ""},
      {"\"x\"", ""},
      {"{\"sex\": \"male\", \"weight_kg\": 80}", "height_cm"},
      {"{\"height_cm\": 180, \"weight_kg\": 80}", "sex"},
      {"{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"options\": {\"firm\": 3}}",
       "firm"},
      {"{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"options\": {\"firmness\": 0}}",
       "firmness"},
      {"{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"options\": {\"position\": "
       "\"upright\"}}",
       "position"},
      {"{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"options\": {\"zones\": "
       "{\"shoulder\": 4}}}",
       "zones"},
      {"{\"sex\": \"male\", \"height_cm\": 999, \"weight_kg\": 80}", "height_cm"},
      {"{\"sex\": \"male\", \"height_cm\": 180, \"weight_kg\": 80, \"options\": 3}", "options"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    bb_fit_input in;
    bb_error err;
    int rc = bb_fit_input_from_json(kb, cases[i].json, strlen(cases[i].json), &in, &err);
    if (rc == 0 || strcmp(err.key, cases[i].key))
      fail_msg("%s: key '%s', message '%s'", cases[i].json, err.key, err.message);
    assert_int_equal(err.status, BB_EX_DATAERR);
  }
}

/* The diary's UTC times shown as local time, the one formatter of the
 * CLI and the web pages. */
static void time_local(void **state) {
  (void)state;
  char buf[64];
  setenv("TZ", "UTC", 1);
  tzset();
  assert_int_equal(bb_time_local("2026-12-02T21:05:00Z", buf, sizeof buf), 0);
  assert_string_equal(buf, "2026-12-02 21:05 UTC");
  setenv("TZ", "CET-1", 1);
  tzset();
  assert_int_equal(bb_time_local("2026-12-02T23:30:00Z", buf, sizeof buf), 0);
  assert_string_equal(buf, "2026-12-03 00:30 CET");
  assert_int_equal(bb_time_local("2026-12-02 21:05:00", buf, sizeof buf), -1);
  assert_int_equal(bb_time_local("2026-02-30T21:05:00Z", buf, sizeof buf), -1);
  assert_int_equal(bb_time_local(NULL, buf, sizeof buf), -1);
  assert_int_equal(bb_time_local("2026-12-02T21:05:00Z", buf, 4), -1);
  unsetenv("TZ");
  tzset();
}

/* The record every front end stores: the level and texts of the
 * assessment it was made from, and nothing left after clearing. */
static void saved_texts(void **state) {
  (void)state;
  bb_error err;
  const char *json = "{\"bladder_change\": true}";
  bb_answers *a = bb_answers_parse(kb, json, strlen(json), "t", &err, NULL, NULL);
  assert_non_null(a);
  bb_assessment *as = bb_assess(kb, a, &err);
  assert_non_null(as);
  bb_saved_texts t;
  assert_int_equal(bb_saved_texts_init(&t, "log", kb, a, as, "2026-12-02T21:05:00Z"), 0);
  assert_string_equal(t.rec.source, "log");
  assert_string_equal(t.rec.level, "emergency");
  assert_string_equal(t.rec.kb_version, bb_kb_version(kb));
  assert_string_equal(t.rec.answered, "2026-12-02T21:05:00Z");
  assert_ptr_equal(t.rec.answers_json, t.answers_json);
  assert_non_null(strstr(t.answers_json, "\"bladder_change\": true"));
  assert_non_null(strstr(t.assessment_json, "\"level\": \"emergency\""));
  bb_saved_texts_clear(&t);
  assert_null(t.answers_json);
  assert_null(t.assessment_json);
  bb_saved_texts_clear(&t); /* twice is harmless */
  bb_assessment_free(as);
  bb_answers_free(a);
}

/* Warning signs logged with a night are assessed over the answers on
 * record (every front end does it so): without a record the signs alone,
 * with one the record's signs stay and the new one joins them. */
static void assess_signs(void **state) {
  (void)state;
  bb_error err;
  const char *given = "{\"bladder_change\": true}";
  bb_answers *signs = bb_answers_parse(kb, given, strlen(given), "t", &err, NULL, NULL);
  assert_non_null(signs);
  bb_answers *merged = bb_warnings_answers_new(kb, NULL, signs);
  assert_non_null(merged);
  char *alone = bb_answers_to_json(signs), *m = bb_answers_to_json(merged);
  assert_string_equal(m, alone);
  free(alone);
  free(m);
  bb_answers_free(merged);
  /* nothing on record and nothing given: an empty set, not NULL */
  merged = bb_warnings_answers_new(kb, NULL, NULL);
  assert_non_null(merged);
  for (size_t i = 0; i < bb_kb_question_count(kb); i++)
    assert_false(bb_answers_known(merged, bb_question_id(bb_kb_question(kb, i))));
  bb_answers_free(merged);

  /* on record from an earlier night: fever (urgent) and weakness in one
   * leg; given now: bladder trouble and weakness in both legs */
  bb_entry ents[1] = {{LAST - 3, 5, -1, NULL, -1, -1,
                       "{\"fever\": true, \"leg_weakness\": \"one_leg\"}", NULL, "urgent", 0, -1}};
  bb_sign_record rec[2] = {{LAST - 3, "fever", "yes", "log", "2026-11-29T07:00:00Z"},
                           {LAST - 3, "leg_weakness", "one_leg", "log", "2026-11-29T07:00:00Z"}};
  bb_diary_view v = {0};
  v.entries = ents;
  v.nentries = 1;
  v.signs = rec;
  v.nsigns = 2;
  bb_warnings *w = bb_warnings_new(kb, &v, &err);
  assert_non_null(w);
  bb_answers_free(signs);
  given = "{\"bladder_change\": true, \"leg_weakness\": \"both_legs\"}";
  signs = bb_answers_parse(kb, given, strlen(given), "t", &err, NULL, NULL);
  assert_non_null(signs);
  merged = bb_warnings_answers_new(kb, w, signs);
  assert_non_null(merged);
  bb_assessment *as = bb_assess(kb, merged, &err);
  assert_non_null(as);
  bb_saved_texts t;
  assert_int_equal(bb_saved_texts_init(&t, "log", kb, merged, as, NULL), 0);
  assert_int_equal(bb_assessment_level(as), BB_EMERGENCY);
  assert_non_null(strstr(t.answers_json, "\"fever\": true"));
  assert_non_null(strstr(t.answers_json, "\"bladder_change\": true"));
  assert_non_null(strstr(t.answers_json, "\"leg_weakness\": \"both_legs\""));
  assert_null(strstr(t.answers_json, "one_leg"));
  /* both signs are flags of the assessment stored with the night */
  assert_non_null(strstr(t.assessment_json, "\"id\": \"bladder_dysfunction\""));
  assert_non_null(strstr(t.assessment_json, "\"id\": \"fever\""));
  bb_assessment_free(as);
  bb_saved_texts_clear(&t);
  bb_answers_free(merged);
  bb_warnings_free(w);
  bb_answers_free(signs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(entry_minimal),       cmocka_unit_test(entry_full),
      cmocka_unit_test(entry_errors),        cmocka_unit_test(entry_round_trip),
      cmocka_unit_test(entries_signs_first), cmocka_unit_test(fit_json),
      cmocka_unit_test(fit_json_errors),     cmocka_unit_test(time_local),
      cmocka_unit_test(saved_texts),         cmocka_unit_test(assess_signs),
  };
  return cmocka_run_group_tests(tests, fx_setup, fx_teardown);
}
