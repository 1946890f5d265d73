/* exercise.c -- read access to the knowledge base's exercises. */
#include "internal.h"

#include <string.h>

/* The public handle is the exercise itself (its first and only member). */
struct bb_exercise {
  kb_exercise x;
};

const bb_exercise *bb_kb_find_exercise(const bb_kb *kb, const char *id) {
  for (size_t i = 0; kb && id && i < kb->nexercises; i++)
    if (!strcmp(kb->exercises[i].id, id))
      return (const bb_exercise *)(const void *)&kb->exercises[i];
  return NULL;
}

const char *bb_exercise_id(const bb_exercise *x) {
  return x->x.id;
}
const char *bb_exercise_title(const bb_exercise *x) {
  return x->x.title;
}
const char *bb_exercise_dosage(const bb_exercise *x) {
  return x->x.dosage ? x->x.dosage : "";
}
size_t bb_exercise_step_count(const bb_exercise *x) {
  return x->x.nsteps;
}
const char *bb_exercise_step(const bb_exercise *x, size_t i) {
  return i < x->x.nsteps ? x->x.steps[i] : NULL;
}
size_t bb_exercise_caution_count(const bb_exercise *x) {
  return x->x.ncautions;
}
const char *bb_exercise_caution(const bb_exercise *x, size_t i) {
  return i < x->x.ncautions ? x->x.cautions[i] : NULL;
}
int bb_exercise_hold_seconds(const bb_exercise *x) {
  return x->x.hold_seconds;
}
int bb_exercise_repetitions(const bb_exercise *x) {
  return x->x.repetitions;
}
int bb_exercise_minutes(const bb_exercise *x) {
  return x->x.minutes;
}
bool bb_exercise_each_side(const bb_exercise *x) {
  return x->x.each_side;
}
