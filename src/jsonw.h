/*
 * jsonw.h -- JSON written straight into a growing buffer (issue 13): the
 * assessment document of `assess --json`, `bedback batch` and the web API
 * without building a jansson tree and dumping it (the tree was most of the
 * instructions of rendering, one allocation per value).
 *
 * The bytes are those jansson's json_dumps gives for the tree the old
 * renderer (render_json.c, bbr_assessment_json) builds, with
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6) and JSON_INDENT(2) or
 * JSON_COMPACT: the same key order, numbers as "%.6g" with ".0" added to
 * whole numbers and the exponent's "+" and leading zeros dropped, strings
 * escaped the same way (", \ and the control characters; UTF-8 kept as
 * is). Where jansson would refuse a value -- a string that is not UTF-8
 * or NULL, a number that is not finite -- json_object_set_new and
 * json_array_append_new leave the member out, and so does this writer.
 * Test json_same compares both on every golden case and on random
 * answers; fuzz/fuzz_jsonw does the same on fuzzed answers.
 */
#ifndef BB_JSONW_H
#define BB_JSONW_H

#include "internal.h"

#define JSONW_MAX_DEPTH 16

typedef struct {
  bbu_buf *b;
  int indent; /* spaces per level; 0: compact */
  int depth;
  /* per open container: nothing written in it yet */
  unsigned char empty[JSONW_MAX_DEPTH + 1];
} jsonw;

void jsonw_init(jsonw *w, bbu_buf *b, int indent);

/* Every value function takes the member's key inside an object and NULL
 * inside an array (or for the top-level value). */
void jsonw_obj_begin(jsonw *w, const char *key);
void jsonw_obj_end(jsonw *w);
void jsonw_arr_begin(jsonw *w, const char *key);
void jsonw_arr_end(jsonw *w);
/* Left out when s is NULL or not UTF-8 (as jansson's json_string). */
void jsonw_str(jsonw *w, const char *key, const char *s);
/* Left out when v is not finite (as json_real). */
void jsonw_real(jsonw *w, const char *key, double v);
void jsonw_int(jsonw *w, const char *key, long long v);
void jsonw_bool(jsonw *w, const char *key, bool v);
void jsonw_null(jsonw *w, const char *key);

/* The assessment document (spec/assessment.md) appended to b: indented by
 * 2 with a final newline (`assess --json`, bb_render), or compact without
 * one (a line of `bedback batch`). 0, or -1 when out of memory (b->failed). */
int jsonw_assessment(bbu_buf *b, const bb_assessment *as, int indent);

/* The members of a `bedback batch --summary` line after its "id" and
 * comma, compact: "level":…,"flags":[…],"unasked":[…],"causes":[…]
 * ("unasked": the warning questions not answered, as triage.unasked). */
void jsonw_summary(bbu_buf *b, const bb_assessment *as);

#endif
