/* cli_units.c -- lengths and masses typed with a unit ("5 ft 6", "140 lb"):
 * understood and turned into the metric unit the program uses, or refused
 * naming the unit. bedback works in centimetres and kilograms; people in
 * some countries give their height in feet and inches and their weight in
 * pounds or stones, and a bare 140 meant as pounds would be refused as out
 * of range rather than taken as kilograms. */
#include "cli.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
  const char *name;
  int length;    /* 1 length, 0 mass */
  double metric; /* in cm or kg */
} unit;

static const unit UNITS[] = {
    {"cm", 1, 1.0},
    {"centimetres", 1, 1.0},
    {"centimeters", 1, 1.0},
    {"mm", 1, 0.1},
    {"m", 1, 100.0},
    {"metres", 1, 100.0},
    {"meters", 1, 100.0},
    {"in", 1, 2.54},
    {"inch", 1, 2.54},
    {"inches", 1, 2.54},
    {"\"", 1, 2.54},
    {"ft", 1, 30.48},
    {"foot", 1, 30.48},
    {"feet", 1, 30.48},
    {"'", 1, 30.48},
    {"kg", 0, 1.0},
    {"kgs", 0, 1.0},
    {"kilograms", 0, 1.0},
    {"g", 0, 0.001},
    {"lb", 0, 0.45359237},
    {"lbs", 0, 0.45359237},
    {"pounds", 0, 0.45359237},
    {"st", 0, 6.35029318},
    {"stone", 0, 6.35029318},
    {"stones", 0, 6.35029318},
};

/* One decimal number at *s (no sign, no exponent); its end in *s. */
static int number(const char **s, double *v) {
  const char *p = *s;
  int digits = 0;
  while (isdigit((unsigned char)*p))
    p++, digits++;
  if (*p == '.') {
    p++;
    while (isdigit((unsigned char)*p))
      p++, digits++;
  }
  if (!digits)
    return -1;
  *v = strtod(*s, NULL);
  *s = p;
  return 0;
}

double cli_units_parse(const char *text, const char *metric, char *why, size_t whysize) {
  int want_length = !strcmp(metric, "cm");
  const char *s = text;
  double total = 0.0;
  int parts = 0, last_big = -1; /* the unit of the previous part: feet then inches */
  size_t len = strlen(text);
  if (!len || text[0] == ' ' || text[len - 1] == ' ') {
    snprintf(why, whysize, "'%s' is not a number: no blanks before or after it", text);
    return -1;
  }
  for (;;) {
    double v;
    if (number(&s, &v) != 0) {
      snprintf(why, whysize, "'%s' is not a number%s", text, parts ? " after the unit" : "");
      return -1;
    }
    while (*s == ' ')
      s++;
    char name[16];
    size_t n = 0;
    if (*s == '\'' || *s == '"')
      name[n++] = *s++;
    else
      while ((isalpha((unsigned char)*s) || *s == '.') && n + 1 < sizeof name)
        name[n++] = *s++;
    name[n] = '\0';
    if (n && name[n - 1] == '.')
      name[--n] = '\0'; /* "5 ft." */
    const unit *u = NULL;
    if (!n) {
      /* A bare number: the metric unit, or after feet the inches ("5 ft 6"),
       * after stones the pounds ("10 st 2"). */
      if (parts == 0) {
        if (*s) {
          snprintf(why, whysize, "'%s' is not a number", text);
          return -1;
        }
        return v;
      }
      static const unit INCH = {"in", 1, 2.54}, POUND = {"lb", 0, 0.45359237};
      if (last_big == 1)
        u = &INCH;
      else if (last_big == 2)
        u = &POUND;
      else {
        snprintf(why, whysize, "'%s': say what the last number is in", text);
        return -1;
      }
    } else {
      for (size_t i = 0; i < sizeof UNITS / sizeof UNITS[0]; i++)
        if (!strcasecmp(name, UNITS[i].name))
          u = &UNITS[i];
      if (!u) {
        snprintf(why, whysize, "'%s' is not a unit bedback knows; use %s", name,
                 want_length ? "cm, m, ft and in (5 ft 6 or 5'6\"), or in" : "kg, lb or st");
        return -1;
      }
      if (u->length != want_length) {
        snprintf(why, whysize, "'%s' is a unit of %s, not of %s", name,
                 u->length ? "length" : "weight", want_length ? "length" : "weight");
        return -1;
      }
    }
    total += v * u->metric;
    parts++;
    last_big = u->metric == 30.48 ? 1 : u->metric > 6.0 && !u->length ? 2 : 0;
    while (*s == ' ' || *s == ',')
      s++;
    if (!*s)
      return total;
    if (parts == 2 || last_big == 0) {
      snprintf(why, whysize, "'%s': only feet then inches, or stones then pounds, may be combined",
               text);
      return -1;
    }
  }
}

int cli_parse_measure(const char *opt, const char *text, double min, double max, const char *metric,
                      double *out) {
  char why[160];
  double v = cli_units_parse(text, metric, why, sizeof why);
  if (v < 0)
    return cli_failf(BB_EX_DATAERR, "%s %s", opt, why);
  int converted = 0;
  for (const char *p = text; *p; p++)
    if (!isdigit((unsigned char)*p) && *p != '.')
      converted = 1;
  if (!(v >= min && v <= max) && converted)
    return cli_failf(BB_EX_DATAERR, "%s %s (%.1f %s) is out of range: allowed %g to %g %s", opt,
                     text, v, metric, min, max, metric);
  if (!(v >= min && v <= max))
    return cli_failf(BB_EX_DATAERR, "%s %s is out of range: allowed %g to %g %s", opt, text, min,
                     max, metric);
  if (converted) /* said back in the unit the program uses (a note, status 0) */
    cli_failf(0, "%s %s is %.1f %s", opt, text, v, metric);
  *out = v;
  return 0;
}
