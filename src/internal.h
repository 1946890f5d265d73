/*
 * internal.h -- types shared by the library's modules (not installed).
 *
 * Module prefixes, one job each:
 *   util.c     bbu_  strings, buffers, arenas, errors, suggestions
 *   expr.c     expr_ the condition language: compile once, evaluate
 *   kb.c       kb_   load + validate the knowledge base
 *   kbembed.c        (generated) the built-in knowledge base files
 *   kbcompiled.c     (generated) the built-in knowledge base as C data
 *   kb_builtin.c     bb_kb_load_builtin: the compiled one
 *   answers.c  bba_  parse + validate answers, typed-in answers
 *   assess.c         the pure engine: triage, causes, advice, routine
 *   render*.c        text, JSON, Markdown
 */
#ifndef BB_INTERNAL_H
#define BB_INTERNAL_H

#include "bedback.h"

#include <stdarg.h>
#include <stdint.h>

/* ------------------------------------------------------------------ */
/* util.c */

typedef struct {
  char *buf;
  size_t len, cap;
  int failed; /* an allocation failed; the buffer is unusable */
} bbu_buf;

void bbu_buf_init(bbu_buf *b);
void bbu_buf_add(bbu_buf *b, const char *s);
void bbu_buf_addn(bbu_buf *b, const char *s, size_t n);
void bbu_buf_printf(bbu_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *bbu_buf_take(bbu_buf *b); /* NUL-terminated; NULL if failed */
void bbu_buf_free(bbu_buf *b);

/* A bump allocator: everything freed at once. */
typedef struct bbu_arena bbu_arena;
bbu_arena *bbu_arena_new(void);
void *bbu_arena_alloc(bbu_arena *a, size_t size);
char *bbu_arena_strdup(bbu_arena *a, const char *s);
/* For an array of n items of `size` bytes in the arena, full at *cap:
 * a copy with twice the room (16 the first time) and *cap updated, or
 * NULL when out of memory (the old array stays valid). */
void *bbu_arena_grow(bbu_arena *a, const void *items, size_t n, size_t *cap, size_t size);
char *bbu_arena_printf(bbu_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void bbu_arena_free(bbu_arena *a);

char *bbu_strdup(const char *s);

void bbu_error_set(bb_error *e, int status, const char *file, int line, int column, const char *key,
                   const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The candidate closest to `word` by edit distance (transpositions count
 * as one), or NULL when none is close enough to be a likely misspelling.
 * Only among at most BBU_SUGGEST_MAX candidates (NULL for more): each
 * unknown name costs a distance per candidate, so a knowledge base of
 * 12,000 questions each naming an unknown one took 25 s of CPU to check;
 * the real vocabularies have fewer than 100 names. */
#define BBU_SUGGEST_MAX 256
const char *bbu_suggest(const char *word, const char *const *candidates, size_t n);

/* Code points in `s`, or -1 when it is not valid UTF-8 (overlong forms,
 * surrogates and code points above U+10FFFF are invalid). */
long bbu_utf8_chars(const char *s);
/* A copy of `s` in `a` with every byte that is not part of valid UTF-8
 * replaced by U+FFFD; NULL when out of memory. */
char *bbu_utf8_repair(bbu_arena *a, const char *s);

/* The length of the JSON number (RFC 8259's grammar) at p, 0 when none. */
size_t bbu_json_number_len(const char *p, const char *end);

/* Formats a number the way people write it: 38, 0.8, 1.25. */
void bbu_fmt_num(char *buf, size_t size, double v);

/* ------------------------------------------------------------------ */
/* Values: one finding's value, or unknown. */

typedef enum { V_UNKNOWN = 0, V_BOOL, V_NUM, V_CHOICE } bb_vkind;

typedef struct {
  uint8_t kind;   /* bb_vkind */
  uint8_t b;      /* V_BOOL */
  int16_t choice; /* V_CHOICE: index into the question's choices */
  double num;     /* V_NUM */
} bb_value;

/* ------------------------------------------------------------------ */
/* expr.c -- the condition language (docs/knowledge-base.md) */

typedef enum { T_OK = 0, T_FALSE = 0, T_TRUE = 1, T_UNKNOWN = 2 } bb_tri;

typedef struct expr expr; /* compiled, immutable, shareable */

/* What an expression may refer to. */
#define EXPR_ALLOW_FINDINGS 0x1u /* question and derived findings */
#define EXPR_ALLOW_RESULTS 0x2u  /* level, flag(), flag_count, cause(), top3() */

/* Everything an expression can read during evaluation. */
typedef struct {
  const bb_value *findings;    /* kb->nfindings values */
  const uint8_t *flag_fired;   /* kb->nflags, or NULL */
  const uint8_t *cause_listed; /* kb->ncauses, or NULL */
  const int *cause_rank;       /* kb->ncauses: 0-based rank, -1 not listed */
  int level;                   /* bb_level, or -1 when not yet known */
  int flag_count;
} expr_env;

struct bb_kb;
/* Compiles `src` against the knowledge base's names. On error fills `err`
 * (status BB_EX_CONFIG, column = 1-based offset into src, message names the
 * problem and suggests a close name) and returns NULL. */
expr *expr_compile(const struct bb_kb *kb, const char *src, unsigned allow, bb_error *err);
void expr_free(expr *e);
/* Evaluates with Kleene three-valued logic. Never allocates. */
bb_tri expr_eval(const expr *e, const expr_env *env);
/* Appends "id = value" (or "id = unknown") for each finding that made a
 * true expression true, without duplicates, via `add`. */
void expr_explain(const expr *e, const expr_env *env, void (*add)(void *ud, int finding), void *ud);
/* Calls `use` for every finding index the expression reads (validator). */
void expr_findings(const expr *e, void (*use)(void *ud, int finding), void *ud);

/* ------------------------------------------------------------------ */
/* kb.c -- the knowledge base, immutable after loading */

typedef struct {
  char *id;
  bb_type type;
  double min, max;
  char **choices;
  char **labels; /* what the interview shows for each choice; NULL: none */
  size_t nchoices, nlabels;
  int unknown_choice; /* index of a choice that means "does not know", or -1 */
  char *section, *text, *help, *unit;
  char *label;    /* a few words for reports: "new weakness in a leg or foot" */
  bool warning;   /* a red-flag question */
  bool history;   /* a fact of the past (cancer, steroids): never "new" */
  bool derived;   /* computed by bedback (bmi, fit), never asked or accepted */
  expr *ask_when; /* NULL: always applies */
  char *ask_when_src;
  char **sources;
  size_t nsources;
} kb_question;

struct bb_question { /* the public handle is the question itself */
  kb_question q;
};

typedef struct {
  char *id;
  int level; /* bb_level */
  char *text;
  char *title; /* a few words for reports, "" when none */
  expr *when;
  char *when_src;
  char **sources;
  size_t nsources;
} kb_flag;

typedef struct {
  expr *when;
  char *when_src;
  bool strong;
  double weight;
} kb_indicator;

typedef struct {
  char *id;
  char *title; /* a few words for reports: "Mattress too firm" */
  char *text;
  char *evidence;
  kb_indicator *ind;
  size_t nind;
  expr *unless; /* NULL: none; true: not listed whatever the indicators say */
  char *unless_src;
  char **sources;
  size_t nsources;
} kb_cause;

typedef enum { CAT_SEEK_CARE, CAT_SLEEP_SETUP, CAT_RELIEF, CAT_DAYTIME, CAT_COUNT } kb_category;

typedef struct {
  char *id;
  kb_category category;
  char *text, *why, *evidence;
  char *action; /* one short sentence for the closing summary */
  expr *when;
  char *when_src;
  char **for_causes; /* cause ids this advice answers */
  size_t nfor;
  char **positions; /* sleep positions it suits; NULL/0: any */
  size_t npositions;
  bool activity; /* exercise or heat: never at urgent or emergency */
  int exercise;  /* index into kb->exercises, or -1 */
  char **sources;
  size_t nsources;
} kb_rec;

/* An exercise's figure (docs/knowledge-base.md, "figure"): a person seen
 * from the side, head left, on a bed or the floor, in a start and an end
 * pose. Angles are degrees of a segment's direction in the picture:
 * 0 towards the feet end (right), 90 straight up, 180 towards the head
 * end; each from its joint nearer the body (hip to knee, knee to ankle).
 * figure.c draws it; the loader validates it. */
enum { FIG_BED, FIG_FLOOR };
enum { FIG_LEG_NEAR, FIG_LEG_FAR };
/* points a pose can name: the hand's target, an arrow's place */
enum {
  FIG_HIP,
  FIG_LOWER_BACK,
  FIG_SHOULDER,
  FIG_HEAD,
  FIG_NEAR_KNEE,
  FIG_NEAR_ANKLE,
  FIG_NEAR_FOOT,
  FIG_FAR_KNEE,
  FIG_FAR_ANKLE,
  FIG_HAND,
  FIG_NPOINTS
};
enum { FIG_PROP_HEAT = 1, FIG_PROP_TOWEL = 2, FIG_PROP_CUSHION = 4 };
enum { FIG_ARROW_MOVE, FIG_ARROW_PRESS };

typedef struct {
  char *caption;    /* the pose in words: the figure's text alternative */
  double trunk;     /* hip to shoulder */
  double head;      /* shoulder to the top of the head */
  double leg[2][3]; /* near and far leg: thigh, shin, foot */
  double arm[2];    /* the near arm: upper arm, forearm (unless reach) */
  int reach;        /* a FIG_ point the hand holds, or -1 */
  unsigned props;   /* FIG_PROP_ bits */
  int arrow_at;     /* a FIG_ point, or -1 for no arrow */
  int arrow_kind;   /* FIG_ARROW_ */
  double arrow_dir; /* degrees, as the segments */
} kb_pose;

typedef struct {
  int surface;     /* FIG_BED, FIG_FLOOR */
  kb_pose pose[2]; /* start, end */
} kb_figure;

/* figure.c: names of the points and props, for the loader */
int fig_point_index(const char *name);
int fig_prop_bit(const char *name);

typedef struct {
  char *id, *title;
  char **steps;
  size_t nsteps;
  int hold_seconds, repetitions, minutes; /* 0 = not applicable */
  bool each_side;
  char *dosage;
  char **cautions;
  size_t ncautions;
  char **sources;
  size_t nsources;
  kb_figure *figure; /* NULL: none (the loader requires one) */
} kb_exercise;

typedef struct {
  char *id, *citation, *url;
} kb_source;

/* A sentence guard "{?condition}" in a text (docs/knowledge-base.md): `at`
 * points at its "{" inside the knowledge base's own copy of the text. */
typedef struct {
  const char *at;
  expr *when;
} kb_guard;

struct bb_kb {
  char *version;
  char *headline[4]; /* per bb_level */
  char *level_text[4];
  char *level_summary[4]; /* one sentence for the closing block */
  char *unasked_warning;
  char *nothing_answered; /* the headline when no question was answered */
  char **notes;
  size_t nnotes;
  char **emergency_notes; /* shown instead of notes at an emergency */
  size_t nemergency_notes;
  /* findings = questions (answerable) + derived (computed): one index space */
  struct bb_question *questions;
  size_t nquestions, nfindings;
  kb_flag *flags;
  size_t nflags;
  kb_cause *causes;
  size_t ncauses;
  kb_rec *recs;
  size_t nrecs;
  kb_exercise *exercises; /* in routine order */
  size_t nexercises;
  kb_source *sources;
  size_t nsources;
  kb_guard *guards; /* every sentence guard of every text */
  size_t nguards;
  int idx_sleep_position, idx_height, idx_weight, idx_bmi; /* -1 if absent */
  /* findings, flags and causes in the order of their ids, for lookups by
   * binary search; NULL: the lookups search linearly. */
  int32_t *finding_order, *flag_order, *cause_order;
  /* the built-in knowledge base, compiled to C data at build time
   * (kbcompiled.c): nothing to free */
  bool compiled;
};

int kb_find_finding(const struct bb_kb *kb, const char *id, size_t len);
int kb_find_flag(const struct bb_kb *kb, const char *id, size_t len);
int kb_find_cause(const struct bb_kb *kb, const char *id, size_t len);
int kb_choice_index(const kb_question *q, const char *s, size_t len);
/* The sentence guard whose "{" is at `at` in a knowledge-base text, or NULL. */
const kb_guard *kb_find_guard(const struct bb_kb *kb, const char *at);

/* kbembed.c (generated at build time from kb/ JSON files): the text, for
 * `kb check` without a folder and the tests that edit it */
extern const bb_kb_file bb_builtin_kb_files[];
extern const size_t bb_builtin_kb_nfiles;
/* kbcompiled.c (generated by tools/kbgen from kb/, validated on the way):
 * the same knowledge base as C data, what bb_kb_load_builtin returns */
extern bb_kb bb_compiled_kb;

/* ------------------------------------------------------------------ */
/* answers.c */

struct bb_answers {
  const struct bb_kb *kb;
  bb_value *v;           /* kb->nfindings */
  uint8_t *said_unknown; /* answered with the "unknown" choice */
};

/* The one-pass reader (answers.c): the answers, or NULL when the text is
 * anything but a plain valid answers object -- then the jansson reader
 * decides and words the problems. What it accepts, the jansson reader
 * accepts with the same values (fuzz_answers checks). */
bb_answers *bba_parse_fast(const bb_kb *kb, const char *json, size_t len);
/* bb_answers_parse, with the one-pass reader tried first or not. */
bb_answers *bba_parse(const bb_kb *kb, const char *json, size_t len, const char *name,
                      bb_error *err, bb_diag_fn each, void *userdata, int fast_first);

/* Checks one answers-JSON value for finding `idx` (a question, not a
 * derived finding) and stores it: the checks and messages of
 * bb_answers_parse ("age: 111 is out of range; allowed: ..."), located in
 * `file` only. 0, or -1 with `err` (FHIR responses, fhir_response.c). */
struct json_t;
int bba_set_value(bb_answers *a, int idx, struct json_t *v, bb_error *err, const char *file);

/* "yes", "38", "one_leg", "unknown": the value as answers.json spells it. */
void bba_value_str(const kb_question *q, const bb_value *v, char *buf, size_t size);

/* ------------------------------------------------------------------ */
/* assess.c -- the assessment value the renderers read */

typedef struct {
  const char **items;
  size_t n;
} bb_strs;

typedef struct {
  const kb_flag *flag;
  bb_strs because;
} as_flag;

typedef struct {
  const kb_cause *cause;
  const char *text; /* with placeholders filled in */
  double score;
  bool strong;
  bb_strs because;
} as_cause;

typedef struct {
  const kb_rec *rec;
  const char *text;   /* with placeholders filled in */
  bb_strs for_causes; /* the listed causes it answers */
} as_rec;

struct bb_assessment {
  bbu_arena *arena;
  const struct bb_kb *kb;
  const struct bb_answers *answers;
  bb_level level;
  as_flag *flags;
  size_t nflags;
  const kb_question **unasked;
  size_t nunasked;
  as_cause *causes;
  size_t ncauses;
  as_rec *recs;
  size_t nrecs;
  const kb_exercise **routine;
  size_t nroutine;
  const char **notes; /* kb.json's notes, guards applied, empty ones left out */
  size_t nnotes;
  bb_value *findings;    /* answers plus derived findings */
  struct bb_fit *fit;    /* the sleep-support model, or NULL */
  const char *fit_error; /* why the model could not run, or NULL */
};

/* bb_assess with options (`bedback batch`): BBA_NO_FIT never runs the
 * sleep-support model (--no-fit); BBA_NO_BECAUSE leaves out the findings
 * that made each flag and cause (the "because" lists, a quarter of an
 * assessment's time), for output that does not show them (--summary). */
#define BBA_NO_FIT 0x1u
#define BBA_NO_BECAUSE 0x2u
/* BBA_NO_TEXT leaves the causes' and recommendations' texts as the
 * knowledge base's templates, placeholders unfilled (--summary shows ids
 * only; filling them was an eighth of its time). */
#define BBA_NO_TEXT 0x4u
bb_assessment *bba_assess(const bb_kb *kb, const bb_answers *answers, unsigned opts, bb_error *err);

/* ------------------------------------------------------------------ */
/* render_words.c -- words for people, ids only in JSON */

struct json_t;
/* A because-item "id = value" in words: "label: value"
 * ("mattress firmness (1-10): 9", "new weakness in a leg or foot: yes, in
 * one leg", "... : not answered"). Returns buf. */
const char *bbr_because_words(const bb_kb *kb, const char *item, char *buf, size_t size);
/* The items in words, separated by `sep`. */
void bbr_because_list(bbu_buf *b, const bb_kb *kb, const char *const *items, size_t n,
                      const char *sep);
/* An answers-JSON value of question `q` in words ("yes", "on my side",
 * "168 cm"; "not answered" for NULL). Returns buf. */
const char *bbr_json_answer_words(const kb_question *q, const struct json_t *v, char *buf,
                                  size_t size);
/* The question as a report shows it: its text without the interview's
 * typing instruction ("Type a number of weeks ..."). Returns buf. */
const char *bbr_question_words(const kb_question *q, char *buf, size_t size);
/* An id with its underscores as `sep` ("not_improving" -> "not improving",
 * "self_care" -> "self-care"). Returns buf. */
const char *bbr_id_words(const char *id, char sep, char *buf, size_t size);

/* render_html.c -- one HTML rendering of an assessment */

/* Appends the assessment as an HTML <section>, from its JSON form (the
 * contract) and the answers' JSON (may be NULL), with the words of `kb`.
 * `date` ("YYYY-MM-DD" or a time, may be NULL) dates it. `h` is the
 * heading level of its title (1 in a page of its own, 2 inside the
 * diary's report). Shared by bb_render and the diary's report. */
void bbr_html_assessment(bbu_buf *b, const bb_kb *kb, const struct json_t *assessment,
                         const struct json_t *answers, const char *date, int h);
/* XML-escapes `s` into b (control characters dropped). */
void bbr_html_esc(bbu_buf *b, const char *s);
/* The stylesheet of every HTML page bedback writes (screen and print). */
extern const char BBR_HTML_CSS[];
/* render.c -- shared by the renderers */

/* Word-wraps `text` to `width` columns after `used` columns already
 * written; continuation lines are indented by `indent`. */
void bbr_wrap(bbu_buf *b, size_t width, const char *text, size_t used, size_t indent);
/* `indent` spaces, `bullet`, then `text` wrapped under itself. */
void bbr_item(bbu_buf *b, size_t width, size_t indent, const char *bullet, const char *text);
/* "SELF-CARE", "SEE A CLINICIAN", "URGENT", "EMERGENCY": a level in words. */
extern const char *const BBR_LEVEL_LABEL[4];

/* ------------------------------------------------------------------ */
/* warnings.c -- the warning signs on record, for the diary's renderers */

const bb_kb *bbw_kb(const bb_warnings *w); /* NULL when w is */
const char *bbw_flag_title(const kb_flag *f);
/* A flag's title by id (the id itself when kb is NULL or does not know it). */
const char *bbw_title_of(const bb_kb *kb, const char *flag_id);
/* An entry's warning signs (its JSON answers) in words:
 * "leg numbness: yes, in both legs; bladder change". */
void bbw_symptoms_words(bbu_buf *b, const bb_kb *kb, const char *symptoms_json);
/* The block (nothing when no sign stands), wrapped to `width`. */
void bbw_text(bbu_buf *b, const bb_warnings *w, unsigned flags, size_t width);
struct json_t;
struct json_t *bbw_json(const bb_warnings *w); /* the signs as a JSON array */

#endif
