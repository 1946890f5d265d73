/* fuzz_date.c -- the diary's date parser on arbitrary bytes. A date that
 * parses is exactly YYYY-MM-DD, formats back to the same text, and its day
 * number round-trips through bb_date_from_ymd; anything else is refused. */
#include "bedback.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *text) {
  fprintf(stderr, "fuzz_date: %s: '%s'\n", what, text);
  abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char text[64];
  if (size >= sizeof text)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  int day;
  if (bb_date_parse(text, &day) != 0)
    return 0;
  if (strlen(text) != 10) /* the text ends at the first NUL */
    die("parsed but not 10 characters", text);
  char back[11];
  bb_date_format(day, back);
  if (strcmp(back, text) != 0)
    die("does not format back to itself", text);
  int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
  if (bb_date_from_ymd(y, m, d) != day)
    die("day number differs from bb_date_from_ymd", text);
  return 0;
}
